/* cmd-scan.c - pkgward scan [options] PATH... */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char help_scan[] =
    "usage: pkgward scan [options] PATH...\n"
    "\n"
    "Scans packages for malicious behaviour without running them. A PATH is a\n"
    "package archive (.tgz, .tar.gz, .tar.bz2, .tar.xz, .whl, .zip; recognised by\n"
    "content, not name), a directory (a package, a node_modules tree or a Python\n"
    "site-packages: every nested package is reported on its own) or one file.\n"
    "\n"
    "options:\n"
    "  -f, --format FMT         text (default), json, sarif or osv (draft records)\n"
    "  -o, --output FILE        write the report to FILE instead of stdout\n"
    "      --fail-on SEV        exit 1 when a finding is at or above SEV\n"
    "                           (info, low, medium, high, critical; default high)\n"
    "      --min-severity SEV   leave findings below SEV out of the report\n"
    "  -j, --jobs N             worker threads (default: number of cores)\n"
    "      --rules DIR          add the rules in DIR (repeatable)\n"
    "      --yara PATH          add YARA rules: a .yar/.yara file or a directory of\n"
    "                           them (repeatable); meta severity/description apply\n"
    "      --config FILE        read settings from FILE only\n"
    "      --no-config          ignore .pkgward.yml and the user config\n"
    "      --max-entries N      archive entries per input (default 100000)\n"
    "      --max-total-bytes S  uncompressed bytes per input (default 1GiB)\n"
    "      --max-file-bytes S   bytes analysed per file (default 32MiB)\n"
    "      --max-ratio N        compression ratio of an archive (default 200)\n"
    "      --max-nesting N      archives inside archives (default 3)\n"
    "      --color WHEN         auto (default), always or never; NO_COLOR is honoured\n"
    "  -q, --quiet              text: print only the summary and errors\n"
    "      --no-progress        no progress on stderr\n"
    "\n"
    "exit status: 0 clean, 1 findings at or above --fail-on, 2 error (an input\n"
    "could not be read or is corrupt, a bad option, a bad config or rule file).\n";

enum {
    OPT_MAX_ENTRIES = 256, OPT_MAX_TOTAL, OPT_MAX_FILE, OPT_MAX_RATIO,
    OPT_MAX_NESTING, OPT_NO_PROGRESS
};

static const struct option long_opts[] = {
    CLI_REPORT_LONG_OPTS,
    {"jobs", required_argument, NULL, 'j'},
    {"yara", required_argument, NULL, CLI_OPT_YARA},
    {"max-entries", required_argument, NULL, OPT_MAX_ENTRIES},
    {"max-total-bytes", required_argument, NULL, OPT_MAX_TOTAL},
    {"max-file-bytes", required_argument, NULL, OPT_MAX_FILE},
    {"max-ratio", required_argument, NULL, OPT_MAX_RATIO},
    {"max-nesting", required_argument, NULL, OPT_MAX_NESTING},
    {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
    {NULL, 0, NULL, 0}};

/* Values given on the command line; they override the config. */
typedef struct scan_args {
    cli_report_args r;
    int have_jobs;
    uint64_t jobs;
    int have_limit[5];
    uint64_t limit[5];
    int progress;
} scan_args;

static void on_progress(size_t done, size_t total, void *user)
{
    (void)user;
    fprintf(stderr, "\rpkgward: scanned %zu/%zu", done, total);
    if (done == total)
        fputs("\n", stderr);
}

static const char *const limit_names[] = {"--max-entries", "--max-total-bytes",
                                          "--max-file-bytes", "--max-ratio",
                                          "--max-nesting"};

static int parse_args(int argc, char **argv, scan_args *a)
{
    memset(a, 0, sizeof *a);
    cli_report_args_init(&a->r);
    a->progress = 1;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":" CLI_REPORT_SHORT_OPTS "j:",
                            long_opts, NULL)) != -1) {
        int lim = -1;
        int shared = cli_report_option(&a->r, c, optarg);
        if (shared < 0)
            return -1;
        if (shared)
            continue;
        switch (c) {
        case 'j':
            if (cli_parse_count(optarg, 256, &a->jobs) || a->jobs == 0)
                return cli_usage_error("--jobs: expected a number from 1 to 256, got '%s'",
                                       optarg);
            a->have_jobs = 1;
            break;
        case OPT_MAX_ENTRIES: lim = 0; break;
        case OPT_MAX_TOTAL: lim = 1; break;
        case OPT_MAX_FILE: lim = 2; break;
        case OPT_MAX_RATIO: lim = 3; break;
        case OPT_MAX_NESTING: lim = 4; break;
        case OPT_NO_PROGRESS: a->progress = 0; break;
        case ':':
            return cli_usage_error("option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_usage_error("unknown option '%s' (see 'pkgward help scan')",
                                   argv[optind - 1]);
        }
        if (lim >= 0) {
            int bytes = lim == 1 || lim == 2;
            int bad = bytes ? cli_parse_size(optarg, &a->limit[lim])
                            : cli_parse_count(optarg, UINT32_MAX, &a->limit[lim]);
            if (bad || a->limit[lim] == 0)
                return cli_usage_error("%s: expected a positive %s, got '%s'",
                                       limit_names[lim],
                                       bytes ? "size (e.g. 64MiB)" : "number", optarg);
            a->have_limit[lim] = 1;
        }
    }
    if (optind >= argc)
        return cli_usage_error("scan: no PATH given (see 'pkgward help scan')");
    return 0;
}

int cmd_scan(int argc, char **argv)
{
    scan_args a;
    if (parse_args(argc, argv, &a))
        return EXIT_ERROR;

    pw_config *cfg;
    pw_rules *rules;
    if (cli_load(&a.r.setup, &cfg, &rules))
        return EXIT_ERROR;

    pw_scan_options opt;
    pw_scan_options_init(&opt);
    pw_config_apply(cfg, &opt);
    if (a.have_jobs)
        opt.jobs = (unsigned)a.jobs;
    uint64_t *lims[] = {&opt.limits.max_entries, &opt.limits.max_total_bytes,
                        &opt.limits.max_file_bytes, &opt.limits.max_ratio, NULL};
    for (int i = 0; i < 4; i++)
        if (a.have_limit[i])
            *lims[i] = a.limit[i];
    if (a.have_limit[4])
        opt.limits.max_nesting = (unsigned)a.limit[4];

    size_t n = (size_t)(argc - optind);
    if (a.progress && !a.r.quiet && n > 1 && isatty(STDERR_FILENO))
        opt.on_progress = on_progress;

    pw_report *rep = pw_report_new();
    pw_error e;
    pw_status st = pw_scan_paths(rules, &opt, (const char *const *)argv + optind, n, rep, &e);
    pw_config_suppress(cfg, rep, 0, rules, &opt.thresholds);
    int rc = cli_finish_report(&a.r, cfg, rules, rep, st);
    pw_report_free(rep);
    cli_rules_done(rules);
    pw_config_free(cfg);
    return rc;
}
