/* cmd-diff.c - pkgward diff [options] OLD NEW */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

const char help_diff[] =
    "usage: pkgward diff [options] OLD NEW\n"
    "\n"
    "Compares two releases of one package (archives or directories, npm or\n"
    "PyPI) and reports what NEW can do that OLD could not, without running\n"
    "either: files added, removed and changed; code prepended or appended to\n"
    "an existing file; new binaries; tests or CI removed; install scripts added\n"
    "or changed; dependencies added or moved off the registry; a new\n"
    "dependency that no code in NEW uses (a \"phantom\" dependency, the axios\n"
    "1.14.1 shape); a patch release that adds scripts or dependencies; and new\n"
    "capabilities (network, process, dropper, obfuscation, ...) from the\n"
    "engine's findings, which are carried over with their evidence.\n"
    "\n"
    "options:\n"
    "  -f, --format FMT         text (default), json, sarif or osv (draft records)\n"
    "  -o, --output FILE        write the report to FILE instead of stdout\n"
    "      --fail-on SEV        exit 1 when a finding is at or above SEV\n"
    "                           (default high)\n"
    "      --min-severity SEV   leave findings below SEV out of the report\n"
    "      --rules DIR          add the rules in DIR (repeatable)\n"
    "      --yara PATH          add YARA rules (a .yar/.yara file or a directory)\n"
    "      --config FILE        read settings from FILE only\n"
    "      --no-config          ignore .pkgward.yml and the user config\n"
    "      --color WHEN         auto (default), always or never\n"
    "  -q, --quiet              text: print only the summary and errors\n"
    "\n"
    "exit status: 0 clean, 1 findings at or above --fail-on, 2 error (an input\n"
    "that cannot be read or holds no package, a bad option).\n";

static const struct option long_opts[] = {
    CLI_REPORT_LONG_OPTS,
    {"yara", required_argument, NULL, CLI_OPT_YARA},
    {NULL, 0, NULL, 0}};

int cmd_diff(int argc, char **argv)
{
    cli_report_args a;
    cli_report_args_init(&a);
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":" CLI_REPORT_SHORT_OPTS, long_opts,
                            NULL)) != -1) {
        int shared = cli_report_option(&a, c, optarg);
        if (shared < 0)
            return EXIT_ERROR;
        if (shared)
            continue;
        if (c == ':')
            return cli_usage_error("option '%s' needs a value", argv[optind - 1]);
        return cli_usage_error("unknown option '%s' (see 'pkgward help diff')",
                               argv[optind - 1]);
    }
    if (argc - optind != 2)
        return cli_usage_error("diff: expected OLD and NEW (see 'pkgward help diff')");
    pw_config *cfg;
    pw_rules *rules;
    if (cli_load(&a.setup, &cfg, &rules))
        return EXIT_ERROR;
    pw_scan_options opt;
    pw_scan_options_init(&opt);
    pw_config_apply(cfg, &opt);
    pw_scanner *sc;
    pw_error e;
    int rc;
    if (pw_scanner_new(rules, &opt, &sc, &e) != PW_OK) {
        rc = cli_fail(&e);
    } else {
        pw_report *rep = pw_report_new();
        pw_status st = pw_diff_paths(sc, argv[optind], argv[optind + 1], rep, &e);
        pw_config_suppress(cfg, rep, 0, rules, &opt.thresholds);
        rc = cli_finish_report(&a, cfg, rules, rep, st);
        pw_report_free(rep);
        pw_scanner_free(sc);
    }
    cli_rules_done(rules);
    pw_config_free(cfg);
    return rc;
}
