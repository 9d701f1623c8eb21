/* cmd-guard.c - pkgward npm [pkgward options] NPM-COMMAND [ARGS...] */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

const char help_npm[] =
    "usage: pkgward npm [--warn-only] [--db FILE | --no-db] [--fail-on SEV]\n"
    "                   [--format FMT] [--config FILE | --no-config]\n"
    "                   NPM-COMMAND [NPM-ARGS...]\n"
    "\n"
    "Runs npm with every new package vetted before any of its code runs:\n"
    "  1. npm resolves only (--package-lock-only --ignore-scripts), with your\n"
    "     own npm, .npmrc, registry and credentials;\n"
    "  2. every package that is new or changed in the lockfile is checked: the\n"
    "     known-malicious database, the deny list, min_release_age, a scan of\n"
    "     its tarball (integrity-checked) and a diff against the version it\n"
    "     replaces; clean verdicts are cached by integrity, so a package is\n"
    "     vetted once per machine;\n"
    "  3. on a finding at or above --fail-on (default high) the install is\n"
    "     blocked: package.json and the lockfile are restored byte for byte and\n"
    "     node_modules is untouched (exit 1); otherwise `npm ci --ignore-scripts`\n"
    "     installs exactly what was vetted and `npm rebuild` runs the install\n"
    "     scripts of install_scripts.allow packages only; the skipped ones are\n"
    "     reported with how to allow them.\n"
    "Commands other than install, add, update and ci run unguarded. pkgward's\n"
    "options come before the npm command.\n"
    "\n"
    "exit status: 0 installed, 1 blocked (or, with --warn-only, findings at or\n"
    "above --fail-on), 2 error (npm failed, no package.json, a bad option).\n";

int cmd_npm(int argc, char **argv)
{
    cli_report_args a;
    cli_report_args_init(&a);
    pw_guard_options o;
    pw_guard_options_init(&o);
    const char *db_path = NULL;
    int no_db = 0, i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *s = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(s, "--warn-only")) {
            o.warn_only = 1;
        } else if (!strcmp(s, "--no-db")) {
            no_db = 1;
        } else if (!strcmp(s, "--db") && val) {
            db_path = val;
            i++;
        } else if (!strcmp(s, "--fail-on") && val) {
            if (cli_report_option(&a, CLI_OPT_FAIL_ON, val) < 0)
                return EXIT_ERROR;
            i++;
        } else if ((!strcmp(s, "--format") || !strcmp(s, "-f")) && val) {
            if (cli_report_option(&a, CLI_OPT_FORMAT, val) < 0)
                return EXIT_ERROR;
            i++;
        } else if (!strcmp(s, "--config") && val) {
            a.setup.config_file = val;
            i++;
        } else if (!strcmp(s, "--no-config")) {
            a.setup.no_config = 1;
        } else if (!strcmp(s, "-q") || !strcmp(s, "--quiet")) {
            a.quiet = 1;
        } else {
            return cli_usage_error("npm: unknown pkgward option '%s' (npm's own "
                                   "options go after the npm command)", s);
        }
    }
    if (i >= argc)
        return cli_usage_error("npm: no npm command given (see 'pkgward help npm')");
    pw_config *cfg;
    pw_rules *rules;
    if (cli_load(&a.setup, &cfg, &rules))
        return EXIT_ERROR;
    pw_db *db = NULL;
    int rc = EXIT_ERROR;
    if (!no_db && cli_open_db(cfg, db_path, PW_DB_READ, &db))
        goto out;
    pw_config_apply(cfg, &o.scan);
    o.db = db;
    o.rules = rules;
    o.config = cfg;
    if (a.have_fail_on)
        o.fail_on = a.fail_on;
    else
        pw_config_fail_on(cfg, &o.fail_on);
    const char *npm = getenv("PKGWARD_NPM");
    if (npm && *npm)
        o.npm = npm;
    pw_report *rep = pw_report_new();
    pw_error e;
    int blocked = 0;
    pw_status st = pw_guard_npm(&o, argc - i, argv + i, rep, &blocked, &e);
    a.only_flagged = 1;
    rc = cli_finish_report(&a, cfg, rules, rep, st);
    if (st == PW_OK && blocked)
        rc = EXIT_FINDINGS;
    pw_report_free(rep);
out:
    pw_db_close(db);
    pw_rules_free(rules);
    pw_config_free(cfg);
    return rc;
}
