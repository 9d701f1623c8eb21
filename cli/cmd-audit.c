/* cmd-audit.c - pkgward audit [options] [PATH...] */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

const char help_audit[] =
    "usage: pkgward audit [options] [PATH...]\n"
    "\n"
    "Checks every package your lockfiles resolve to against the offline\n"
    "known-malicious database and the project's policy, without sending the\n"
    "dependency list anywhere. A PATH is a lockfile or a directory searched for\n"
    "them (default: the current directory; node_modules, VCS directories and\n"
    "virtualenvs are skipped). Formats: package-lock.json / npm-shrinkwrap.json\n"
    "(v1-v3), yarn.lock (v1, Berry), pnpm-lock.yaml (5.x, 6.x, 9.x), bun.lock,\n"
    "package.json without a lockfile (declared ranges), requirements*.txt,\n"
    "Pipfile.lock, poetry.lock, uv.lock and pylock.toml. A lockfile that is not\n"
    "understood is an error (exit 2), never reported clean.\n"
    "\n"
    "Each finding names the record (e.g. MAL-2026-2306 for plain-crypto-js\n"
    "4.2.1), the dependency path that pulls the package in\n"
    "(app > axios@1.14.1 > plain-crypto-js@4.2.1) and the lockfile line.\n"
    "Policy from .pkgward.yml: min_release_age (publish times from the\n"
    "registry cache, which `pkgward check` and --registry fill),\n"
    "install_scripts.allow, deny, suppressions; other tools' cooldown and\n"
    "install-script settings are linted too.\n"
    "\n"
    "options:\n"
    "  -f, --format FMT         text (default), json, sarif or osv (draft records)\n"
    "  -o, --output FILE        write the report to FILE instead of stdout\n"
    "      --fail-on SEV        exit 1 when a finding is at or above SEV\n"
    "                           (default high)\n"
    "      --min-severity SEV   leave findings below SEV out of the report\n"
    "      --db FILE            the known-malicious database (default: db.path\n"
    "                           from the config, else $PKGWARD_DB, else\n"
    "                           $XDG_DATA_HOME/pkgward/pkgward.db or\n"
    "                           ~/.local/share/pkgward/pkgward.db)\n"
    "      --no-db              policy checks only (no database needed)\n"
    "      --registry-cache DIR cached registry metadata for publish times\n"
    "                           (default $XDG_CACHE_HOME/pkgward/registry, else\n"
    "                           ~/.cache/pkgward/registry)\n"
    "      --registry URL       fetch npm metadata missing from the cache from URL\n"
    "                           (e.g. https://registry.npmjs.org) when checking\n"
    "                           min_release_age; without it audit uses no network\n"
    "      --no-lint-tools      do not check .npmrc, pnpm-workspace.yaml,\n"
    "                           .yarnrc.yml and bunfig.toml settings\n"
    "      --at TIME            evaluate cooldown and suppression expiry at TIME\n"
    "                           (YYYY-MM-DD or RFC 3339) instead of now\n"
    "  -a, --all                text: list clean packages too\n"
    "      --rules DIR          add the rules in DIR (repeatable)\n"
    "      --config FILE        read settings from FILE only\n"
    "      --no-config          ignore .pkgward.yml and the user config\n"
    "      --color WHEN         auto (default), always or never\n"
    "  -q, --quiet              text: print only the summary and errors\n"
    "\n"
    "exit status: 0 clean, 1 findings at or above --fail-on, 2 error (a lockfile\n"
    "that cannot be read or is not understood, no database, a bad option).\n";

enum { OPT_DB = 256, OPT_NO_DB, OPT_REGISTRY_CACHE, OPT_NO_LINT, OPT_AT,
       OPT_REGISTRY };

static const struct option long_opts[] = {
    CLI_REPORT_LONG_OPTS,
    {"db", required_argument, NULL, OPT_DB},
    {"no-db", no_argument, NULL, OPT_NO_DB},
    {"registry-cache", required_argument, NULL, OPT_REGISTRY_CACHE},
    {"registry", required_argument, NULL, OPT_REGISTRY},
    {"no-lint-tools", no_argument, NULL, OPT_NO_LINT},
    {"at", required_argument, NULL, OPT_AT},
    {"all", no_argument, NULL, 'a'},
    {NULL, 0, NULL, 0}};

typedef struct audit_args {
    cli_report_args r;
    const char *db;
    int no_db, no_lint, all;
    const char *registry_cache;
    const char *registry;
    int64_t at;
} audit_args;

static int parse_args(int argc, char **argv, audit_args *a)
{
    memset(a, 0, sizeof *a);
    cli_report_args_init(&a->r);
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":" CLI_REPORT_SHORT_OPTS "a",
                            long_opts, NULL)) != -1) {
        int shared = cli_report_option(&a->r, c, optarg);
        if (shared < 0)
            return -1;
        if (shared)
            continue;
        switch (c) {
        case OPT_DB: a->db = optarg; break;
        case OPT_NO_DB: a->no_db = 1; break;
        case OPT_REGISTRY_CACHE: a->registry_cache = optarg; break;
        case OPT_REGISTRY:
            if (strncmp(optarg, "http://", 7) && strncmp(optarg, "https://", 8))
                return cli_usage_error("--registry: expected an http(s) URL, got '%s'",
                                       optarg);
            a->registry = optarg;
            break;
        case OPT_NO_LINT: a->no_lint = 1; break;
        case 'a': a->all = 1; break;
        case OPT_AT:
            if (cli_parse_time(optarg, &a->at))
                return cli_usage_error("--at: expected YYYY-MM-DD or an RFC "
                                       "3339 time, got '%s'", optarg);
            break;
        case ':':
            return cli_usage_error("option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_usage_error("unknown option '%s' (see 'pkgward help audit')",
                                   argv[optind - 1]);
        }
    }
    if (a->db && a->no_db)
        return cli_usage_error("--db and --no-db cannot be used together");
    return 0;
}

int cmd_audit(int argc, char **argv)
{
    audit_args a;
    if (parse_args(argc, argv, &a))
        return EXIT_ERROR;
    pw_config *cfg;
    pw_rules *rules;
    if (cli_load(&a.r.setup, &cfg, &rules))
        return EXIT_ERROR;

    pw_db *db = NULL;
    int rc = EXIT_ERROR;
    if (!a.no_db && cli_open_db(cfg, a.db, PW_DB_READ, &db))
        goto out;

    pw_audit_options o;
    pw_audit_options_init(&o);
    pw_scan_options so;
    pw_scan_options_init(&so);
    pw_config_apply(cfg, &so);
    o.thresholds = so.thresholds;
    o.db = db;
    o.config = cfg;
    o.rules = rules;
    o.now = a.at;
    o.registry_cache = a.registry_cache;
    o.npm_registry = a.registry;
    o.lint_tools = !a.no_lint;
    a.r.only_flagged = !a.all;

    static const char *const here[] = {"."};
    const char *const *paths = (const char *const *)argv + optind;
    size_t n = (size_t)(argc - optind);
    if (n == 0) {
        paths = here;
        n = 1;
    }
    pw_report *rep = pw_report_new();
    pw_error e;
    pw_status st = pw_audit_paths(&o, paths, n, rep, &e);
    pw_config_suppress(cfg, rep, a.at, rules, &o.thresholds);
    rc = cli_finish_report(&a.r, cfg, rules, rep, st);
    pw_report_free(rep);
out:
    pw_db_close(db);
    cli_rules_done(rules);
    pw_config_free(cfg);
    return rc;
}
