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
    "  -f, --format FMT         text (default), json or sarif\n"
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
    OPT_FAIL_ON = 256, OPT_MIN_SEV, OPT_RULES, OPT_CONFIG, OPT_NO_CONFIG,
    OPT_MAX_ENTRIES, OPT_MAX_TOTAL, OPT_MAX_FILE, OPT_MAX_RATIO, OPT_MAX_NESTING,
    OPT_COLOR, OPT_NO_PROGRESS, OPT_YARA
};

static const struct option long_opts[] = {
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"fail-on", required_argument, NULL, OPT_FAIL_ON},
    {"min-severity", required_argument, NULL, OPT_MIN_SEV},
    {"jobs", required_argument, NULL, 'j'},
    {"rules", required_argument, NULL, OPT_RULES},
    {"yara", required_argument, NULL, OPT_YARA},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"no-config", no_argument, NULL, OPT_NO_CONFIG},
    {"max-entries", required_argument, NULL, OPT_MAX_ENTRIES},
    {"max-total-bytes", required_argument, NULL, OPT_MAX_TOTAL},
    {"max-file-bytes", required_argument, NULL, OPT_MAX_FILE},
    {"max-ratio", required_argument, NULL, OPT_MAX_RATIO},
    {"max-nesting", required_argument, NULL, OPT_MAX_NESTING},
    {"color", required_argument, NULL, OPT_COLOR},
    {"quiet", no_argument, NULL, 'q'},
    {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
    {NULL, 0, NULL, 0}};

/* Values given on the command line; they override the config. */
typedef struct scan_args {
    int have_format, have_fail_on, have_jobs;
    pw_format format;
    pw_severity fail_on, min_severity;
    uint64_t jobs;
    const char *output;
    int have_limit[5];
    uint64_t limit[5];
    const char *color;
    int quiet, progress;
    cli_setup setup;
} scan_args;

static void on_progress(size_t done, size_t total, void *user)
{
    (void)user;
    fprintf(stderr, "\rpkgward: scanned %zu/%zu", done, total);
    if (done == total)
        fputs("\n", stderr);
}

static int want_color(const char *when, FILE *out)
{
    if (!when || !strcmp(when, "auto")) {
        const char *nc = getenv("NO_COLOR");
        const char *term = getenv("TERM");
        return !(nc && *nc) && isatty(fileno(out)) && !(term && !strcmp(term, "dumb"));
    }
    return !strcmp(when, "always");
}

static const char *const limit_names[] = {"--max-entries", "--max-total-bytes",
                                          "--max-file-bytes", "--max-ratio",
                                          "--max-nesting"};

static int parse_args(int argc, char **argv, scan_args *a)
{
    static const char *rule_dirs[64];
    static const char *yara[64];
    memset(a, 0, sizeof *a);
    a->progress = 1;
    a->min_severity = PW_SEV_INFO;
    a->setup.rule_dirs = rule_dirs;
    a->setup.yara = yara;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":f:o:j:q", long_opts, NULL)) != -1) {
        int lim = -1;
        switch (c) {
        case 'f':
            if (pw_format_parse(optarg, &a->format))
                return cli_usage_error("--format: unknown format '%s' (known: text, json, sarif)",
                                       optarg);
            a->have_format = 1;
            break;
        case 'o': a->output = optarg; break;
        case OPT_FAIL_ON:
        case OPT_MIN_SEV: {
            pw_severity s;
            if (pw_severity_parse(optarg, &s))
                return cli_usage_error("%s: unknown severity '%s' (known: info, low, medium, "
                                       "high, critical)",
                                       c == OPT_FAIL_ON ? "--fail-on" : "--min-severity", optarg);
            if (c == OPT_FAIL_ON) {
                a->fail_on = s;
                a->have_fail_on = 1;
            } else {
                a->min_severity = s;
            }
            break;
        }
        case 'j':
            if (cli_parse_count(optarg, 256, &a->jobs) || a->jobs == 0)
                return cli_usage_error("--jobs: expected a number from 1 to 256, got '%s'",
                                       optarg);
            a->have_jobs = 1;
            break;
        case OPT_RULES:
            if (a->setup.nrule_dirs >= 64)
                return cli_usage_error("--rules: at most 64 directories");
            rule_dirs[a->setup.nrule_dirs++] = optarg;
            break;
        case OPT_YARA:
            if (a->setup.nyara >= 64)
                return cli_usage_error("--yara: at most 64 paths");
            yara[a->setup.nyara++] = optarg;
            break;
        case OPT_CONFIG: a->setup.config_file = optarg; break;
        case OPT_NO_CONFIG: a->setup.no_config = 1; break;
        case OPT_MAX_ENTRIES: lim = 0; break;
        case OPT_MAX_TOTAL: lim = 1; break;
        case OPT_MAX_FILE: lim = 2; break;
        case OPT_MAX_RATIO: lim = 3; break;
        case OPT_MAX_NESTING: lim = 4; break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never"))
                return cli_usage_error("--color: expected auto, always or never, got '%s'",
                                       optarg);
            a->color = optarg;
            break;
        case 'q': a->quiet = 1; break;
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
    if (cli_load(&a.setup, &cfg, &rules))
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
    pw_format fmt = PW_FORMAT_TEXT;
    pw_config_format(cfg, &fmt);
    if (a.have_format)
        fmt = a.format;
    pw_severity fail_on = PW_SEV_HIGH;
    pw_config_fail_on(cfg, &fail_on);
    if (a.have_fail_on)
        fail_on = a.fail_on;

    size_t n = (size_t)(argc - optind);
    if (a.progress && !a.quiet && n > 1 && isatty(STDERR_FILENO))
        opt.on_progress = on_progress;

    pw_report *rep = pw_report_new();
    pw_error e;
    pw_status st = pw_scan_paths(rules, &opt, (const char *const *)argv + optind, n, rep, &e);

    FILE *out = stdout;
    if (a.output && !(out = fopen(a.output, "w"))) {
        pw_report_free(rep);
        pw_rules_free(rules);
        pw_config_free(cfg);
        return cli_usage_error("cannot write %s", a.output);
    }
    pw_write_options wo;
    pw_write_options_init(&wo);
    wo.color = fmt == PW_FORMAT_TEXT && want_color(a.color, out);
    wo.quiet = a.quiet;
    wo.min_severity = a.min_severity;
    wo.rules = rules;
    pw_error we;
    int rc = EXIT_CLEAN;
    if (pw_report_write(rep, fmt, out, &wo, &we) != PW_OK)
        rc = cli_fail(&we);
    if (out != stdout && fclose(out) != 0)
        rc = cli_usage_error("error writing %s", a.output);
    else if (out == stdout && fflush(stdout) != 0)
        rc = cli_usage_error("error writing the report");

    /* errors are in the report too; stderr always gets them so that
     * scripts and people see why the exit status is 2 */
    for (size_t i = 0; i < pw_report_error_count(rep); i++) {
        const pw_report_error *re = pw_report_error_at(rep, i);
        if (re->line)
            fprintf(stderr, "pkgward: %s:%zu: %s\n", re->input, re->line, re->message);
        else
            fprintf(stderr, "pkgward: %s: %s\n", re->input, re->message);
    }
    if (rc == EXIT_CLEAN) {
        if (st != PW_OK || pw_report_error_count(rep))
            rc = EXIT_ERROR;
        else if (pw_report_count_at_least(rep, fail_on) > 0)
            rc = EXIT_FINDINGS;
    }
    pw_report_free(rep);
    pw_rules_free(rules);
    pw_config_free(cfg);
    return rc;
}
