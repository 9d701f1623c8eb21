/* cmd-check.c - pkgward check [options] SPEC... */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

const char help_check[] =
    "usage: pkgward check [options] SPEC...\n"
    "\n"
    "Vets npm and PyPI releases straight from the registry before anything\n"
    "installs them. SPEC is NAME (the latest), NAME@VERSION or NAME@OLD..NEW for\n"
    "npm; pypi:NAME, pypi:NAME==VERSION or pypi:NAME==OLD..NEW for PyPI. pkgward\n"
    "fetches the metadata and the tarballs (integrity checked, cached under\n"
    "~/.cache/pkgward/registry), diffs NEW against OLD (default: the previous\n"
    "release on its line) like `pkgward diff`, and adds registry trust\n"
    "signals: publisher or maintainers changed, provenance dropped, gitHead\n"
    "missing, release younger than --min-age, releases on other lines within\n"
    "the hour, a dormant package publishing again, new dependencies that are\n"
    "days old or one edit from a popular name. Newly added dependencies are\n"
    "scanned too (--depth levels); a malicious one makes the release\n"
    "malicious. Nothing fetched is installed or run. Fields the registry does\n"
    "not return are reported as unknown.\n"
    "\n"
    "options:\n"
    "      --registry URL       npm registry (default https://registry.npmjs.org);\n"
    "                           file:///DIR reads a mirror: DIR/NAME packuments\n"
    "                           (\"@s/x\" as \"@s%2fx\"), tarballs by relative URL\n"
    "      --pypi-registry URL  PyPI JSON API (default https://pypi.org)\n"
    "      --offline            use the cache only; a miss is an error\n"
    "      --cache DIR          registry cache directory\n"
    "      --min-age DURATION   flag releases younger than this (units m, h, d;\n"
    "                           default: min_release_age from the config)\n"
    "      --depth N            levels of new dependencies to follow (default 2)\n"
    "      --timeout SECONDS    per request (default 60; transient failures are\n"
    "                           retried 3 times with backoff)\n"
    "  -f, --format FMT         text (default), json, sarif or osv (draft records)\n"
    "  -o, --output FILE        write the report to FILE instead of stdout\n"
    "      --fail-on SEV        exit 1 when a finding is at or above SEV\n"
    "                           (default high)\n"
    "      --min-severity SEV   leave findings below SEV out of the report\n"
    "      --rules DIR          add the rules in DIR (repeatable)\n"
    "      --config FILE        read settings from FILE only\n"
    "      --no-config          ignore .pkgward.yml and the user config\n"
    "      --color WHEN         auto (default), always or never\n"
    "  -q, --quiet              text: print only the summary and errors\n"
    "\n"
    "exit status: 0 clean, 1 findings at or above --fail-on, 2 error (network\n"
    "failure, unknown package or version, integrity mismatch, bad option).\n";

enum { OPT_REGISTRY = 256, OPT_OFFLINE, OPT_CACHE, OPT_MIN_AGE, OPT_DEPTH,
       OPT_PYPI_REGISTRY, OPT_TIMEOUT };

static const struct option long_opts[] = {
    CLI_REPORT_LONG_OPTS,
    {"registry", required_argument, NULL, OPT_REGISTRY},
    {"pypi-registry", required_argument, NULL, OPT_PYPI_REGISTRY},
    {"offline", no_argument, NULL, OPT_OFFLINE},
    {"cache", required_argument, NULL, OPT_CACHE},
    {"min-age", required_argument, NULL, OPT_MIN_AGE},
    {"depth", required_argument, NULL, OPT_DEPTH},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {NULL, 0, NULL, 0}};

int cmd_check(int argc, char **argv)
{
    cli_report_args a;
    cli_report_args_init(&a);
    pw_check_options co;
    pw_check_options_init(&co);
    int have_min_age = 0;
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
        uint64_t u;
        switch (c) {
        case OPT_REGISTRY:
            if (strncmp(optarg, "http://", 7) && strncmp(optarg, "https://", 8) &&
                strncmp(optarg, "file:///", 8))
                return cli_usage_error("--registry: expected an http(s) URL or "
                                       "file:///DIR, got '%s'", optarg);
            co.npm_registry = optarg;
            break;
        case OPT_PYPI_REGISTRY:
            if (strncmp(optarg, "http://", 7) && strncmp(optarg, "https://", 8) &&
                strncmp(optarg, "file:///", 8))
                return cli_usage_error("--pypi-registry: expected an http(s) URL or "
                                       "file:///DIR, got '%s'", optarg);
            co.pypi_registry = optarg;
            break;
        case OPT_OFFLINE: co.offline = 1; break;
        case OPT_CACHE: co.cache_dir = optarg; break;
        case OPT_MIN_AGE:
            if (pw_duration_parse(optarg, &co.min_age))
                return cli_usage_error("--min-age: expected a duration with a unit "
                                       "(m, h or d), e.g. 48h; got '%s'", optarg);
            have_min_age = 1;
            break;
        case OPT_TIMEOUT:
            if (cli_parse_count(optarg, 3600, &u) || u == 0)
                return cli_usage_error("--timeout: expected seconds from 1 to 3600, "
                                       "got '%s'", optarg);
            co.timeout_s = (long)u;
            break;
        case OPT_DEPTH:
            if (cli_parse_count(optarg, 5, &u))
                return cli_usage_error("--depth: expected 0 to 5, got '%s'", optarg);
            co.depth = (unsigned)u;
            break;
        case ':':
            return cli_usage_error("option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_usage_error("unknown option '%s' (see 'pkgward help check')",
                                   argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage_error("check: no SPEC given (see 'pkgward help check')");
    pw_config *cfg;
    pw_rules *rules;
    if (cli_load(&a.setup, &cfg, &rules))
        return EXIT_ERROR;
    if (!have_min_age)
        co.min_age = pw_config_min_release_age(cfg);
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
        pw_status first = PW_OK;
        for (int i = optind; i < argc; i++) {
            pw_status st = pw_check(sc, &co, argv[i], rep, &e);
            if (st != PW_OK && first == PW_OK)
                first = st;
        }
        pw_config_suppress(cfg, rep, 0, rules, &opt.thresholds);
        rc = cli_finish_report(&a, cfg, rules, rep, first);
        pw_report_free(rep);
        pw_scanner_free(sc);
    }
    cli_rules_done(rules);
    pw_config_free(cfg);
    return rc;
}
