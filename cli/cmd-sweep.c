/* cmd-sweep.c - pkgward sweep [options], pkgward ioc import|list */
#include "cli.h"

#include <getopt.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char help_sweep[] =
    "usage: pkgward sweep [options]\n"
    "\n"
    "Tells whether this machine (or a copied or mounted one) was hit by a known\n"
    "malicious release, even after the malware cleaned up. Walks the roots\n"
    "without following symlinks and reports: installed npm and PyPI packages\n"
    "that are known-malicious (by version, or by name when every version is,\n"
    "whatever their package.json now says); tarballs npm's cache fetched;\n"
    "files the incidents' payloads drop (per OS); known payloads by SHA-256\n"
    "(only files of a matching size are hashed); worm workflow files; shell\n"
    "startup files and LaunchAgents carrying an indicator. Every lockfile found\n"
    "is audited. Records come from the database (`pkgward db`), indicators from\n"
    "IOC bundles (`pkgward ioc import`). Each finding says what to remove and\n"
    "which credentials to rotate.\n"
    "\n"
    "options:\n"
    "      --root DIR           sweep DIR (repeatable; default: the current\n"
    "                           directory, $HOME, the global npm trees and the\n"
    "                           system Python site-packages)\n"
    "      --os OS              linux, macos or windows: whose file locations the\n"
    "                           IOC paths use (default: this machine's)\n"
    "      --image DIR          resolve the IOC file paths under DIR (a mounted\n"
    "                           disk or a copied tree) instead of /\n"
    "      --db FILE            the database (as for audit)\n"
    "      --rules DIR          add the rules in DIR (repeatable)\n"
    "  -f, --format FMT         text (default), json, sarif or osv (draft records)\n"
    "  -o, --output FILE        write the report to FILE instead of stdout\n"
    "      --fail-on SEV        exit 1 when a finding is at or above SEV\n"
    "                           (default high)\n"
    "      --min-severity SEV   leave findings below SEV out of the report\n"
    "      --config FILE        read settings from FILE only\n"
    "      --no-config          ignore .pkgward.yml and the user config\n"
    "      --color WHEN         auto (default), always or never\n"
    "  -q, --quiet              text: print only the summary and errors\n"
    "\n"
    "exit status: 0 nothing found, 1 findings at or above --fail-on, 2 error\n"
    "(no database, a root that is not a readable directory, a bad option).\n";

const char help_ioc[] =
    "usage: pkgward ioc import [--db FILE] FILE...\n"
    "       pkgward ioc list [--db FILE]\n"
    "\n"
    "Indicator-of-compromise bundles (docs/ioc-format.md: packages, file paths\n"
    "per OS, SHA-256 hashes, domains, IPs, URLs, strings, worm workflows,\n"
    "remediation) for `pkgward sweep`. The repository ships bundles for the\n"
    "axios 2026 hijack, Shai-Hulud, chalk/debug 2025 and nx s1ngularity in\n"
    "iocs/ (regenerate with scripts/make-ioc-bundles.js). import validates and\n"
    "stores (replacing a bundle with the same id); list shows what is stored.\n";

enum { OPT_ROOT = 256, OPT_OS, OPT_IMAGE, OPT_DB };

static const struct option long_opts[] = {
    CLI_REPORT_LONG_OPTS,
    {"root", required_argument, NULL, OPT_ROOT},
    {"os", required_argument, NULL, OPT_OS},
    {"image", required_argument, NULL, OPT_IMAGE},
    {"db", required_argument, NULL, OPT_DB},
    {NULL, 0, NULL, 0}};

static void on_progress(size_t done, size_t total, void *user)
{
    (void)total;
    (void)user;
    fprintf(stderr, "\rpkgward: swept %zu directories", done);
}

int cmd_sweep(int argc, char **argv)
{
    cli_report_args a;
    cli_report_args_init(&a);
    const char *roots[64], *os = NULL, *image = NULL, *db_path = NULL;
    size_t nroots = 0;
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
        switch (c) {
        case OPT_ROOT:
            if (nroots >= 64)
                return cli_usage_error("--root: at most 64");
            roots[nroots++] = optarg;
            break;
        case OPT_OS:
            if (strcmp(optarg, "linux") && strcmp(optarg, "macos") &&
                strcmp(optarg, "windows"))
                return cli_usage_error("--os: expected linux, macos or windows, "
                                       "got '%s'", optarg);
            os = optarg;
            break;
        case OPT_IMAGE: image = optarg; break;
        case OPT_DB: db_path = optarg; break;
        case ':':
            return cli_usage_error("option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_usage_error("unknown option '%s' (see 'pkgward help sweep')",
                                   argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage_error("sweep: unexpected argument '%s' (use --root)",
                               argv[optind]);
    /* the project, the home directory (nvm, volta, fnm, caches and
     * virtualenvs live there), global npm trees, system Python */
    static const char *const defaults[] = {
        ".", NULL, "/usr/lib/node_modules", "/usr/local/lib/node_modules",
        "/usr/lib/python3/dist-packages", "/usr/local/lib/python3*/site-packages",
        "/usr/local/lib/python3*/dist-packages", "/opt/homebrew/lib/node_modules"};
    glob_t g;
    memset(&g, 0, sizeof g);
    if (!nroots) {
        const char *home = getenv("HOME");
        for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++) {
            const char *r = i == 1 ? home : defaults[i];
            if (r && strchr(r, '*')) {
                glob(r, g.gl_pathc ? GLOB_APPEND : 0, NULL, &g);
                continue;
            }
            struct stat sb;
            if (r && *r && stat(r, &sb) == 0 && S_ISDIR(sb.st_mode) && nroots < 64)
                roots[nroots++] = r;
        }
        for (size_t i = 0; i < g.gl_pathc && nroots < 64; i++)
            roots[nroots++] = g.gl_pathv[i];
    }
    pw_config *cfg;
    pw_rules *rules;
    if (cli_load(&a.setup, &cfg, &rules)) {
        globfree(&g);
        return EXIT_ERROR;
    }
    pw_db *db = NULL;
    int rc = EXIT_ERROR;
    if (!cli_open_db(cfg, db_path, PW_DB_READ, &db)) {
        pw_sweep_options o;
        pw_sweep_options_init(&o);
        pw_scan_options so;
        pw_scan_options_init(&so);
        pw_config_apply(cfg, &so);
        o.thresholds = so.thresholds;
        o.db = db;
        o.rules = rules;
        o.config = cfg;
        o.roots = roots;
        o.nroots = nroots;
        o.os = os;
        o.image = image;
        if (!a.quiet && isatty(STDERR_FILENO))
            o.on_progress = on_progress;
        pw_report *rep = pw_report_new();
        pw_error e;
        pw_status st = pw_sweep(&o, rep, &e);
        if (o.on_progress)
            fputs("\n", stderr);
        pw_config_suppress(cfg, rep, 0, rules, &o.thresholds);
        a.only_flagged = 1;
        rc = cli_finish_report(&a, cfg, rules, rep, st);
        pw_report_free(rep);
    }
    pw_db_close(db);
    cli_rules_done(rules);
    pw_config_free(cfg);
    globfree(&g);
    return rc;
}

int cmd_ioc(int argc, char **argv)
{
    if (argc < 2 || (strcmp(argv[1], "import") && strcmp(argv[1], "list")))
        return cli_usage_error("ioc: expected import or list (see 'pkgward help ioc')");
    const char *db_path = NULL;
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {NULL, 0, NULL, 0}};
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc - 1, argv + 1, ":", opts, NULL)) != -1) {
        if (c == 'd')
            db_path = optarg;
        else
            return cli_usage_error("ioc: unknown option '%s'", argv[optind]);
    }
    optind += 1;
    int import = !strcmp(argv[1], "import");
    if (import && optind >= argc)
        return cli_usage_error("ioc import: no FILE given");
    pw_config *cfg;
    cli_setup setup = {0};
    if (cli_load_config(&setup, &cfg))
        return EXIT_ERROR;
    pw_db *db;
    int rc = cli_open_db(cfg, db_path, import ? PW_DB_WRITE : PW_DB_READ, &db);
    pw_error e;
    for (int i = optind; !rc && import && i < argc; i++) {
        pw_ioc_info info;
        if (pw_ioc_import(db, argv[i], &info, &e) != PW_OK)
            rc = cli_fail(&e);
        else
            printf("%s: %s (%zu packages, %zu files, %zu hashes, %zu network "
                   "indicators, %zu workflows)\n", info.id, info.title,
                   info.packages, info.files, info.hashes, info.indicators,
                   info.workflows);
    }
    if (!rc && !import) {
        pw_ioc_info *v;
        size_t n;
        if (pw_ioc_list(db, &v, &n, &e) != PW_OK) {
            rc = cli_fail(&e);
        } else {
            for (size_t i = 0; i < n; i++)
                printf("%-28s %-10s %s (%zu packages, %zu files, %zu hashes, "
                       "%zu network indicators, %zu workflows)\n", v[i].id,
                       v[i].published, v[i].title, v[i].packages, v[i].files,
                       v[i].hashes, v[i].indicators, v[i].workflows);
            if (n == 0)
                printf("no IOC bundles (import some with `pkgward ioc import "
                       "iocs/*.json`)\n");
            free(v);
        }
    }
    if (db)
        pw_db_close(db);
    pw_config_free(cfg);
    return rc;
}

const char help_export[] =
    "usage: pkgward export osv [scan options] PATH...\n"
    "\n"
    "Scans PATH like `pkgward scan` and writes a draft OSV record of the\n"
    "malicious-packages kind for every package found suspicious or malicious:\n"
    "a placeholder id (MAL-0000-...), the affected package and version, a\n"
    "summary, details listing the evidence, and the findings and network\n"
    "indicators under database_specific. Review it, then submit it to the\n"
    "community database (e.g. github.com/ossf/malicious-packages). The same\n"
    "output comes from `--format osv` on scan, diff and check. The records\n"
    "import with `pkgward db import`.\n";

int cmd_export(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "osv"))
        return cli_usage_error("export: expected osv (see 'pkgward help export')");
    for (int i = 2; i < argc; i++)
        if (!strcmp(argv[i], "-f") || !strncmp(argv[i], "--format", 8) ||
            !strncmp(argv[i], "-f", 2))
            return cli_usage_error("export osv: the format is osv; drop '%s'",
                                   argv[i]);
    /* scan --format osv <the rest> */
    char **args = calloc((size_t)argc + 3, sizeof *args);
    if (!args)
        return EXIT_ERROR;
    args[0] = "scan";
    args[1] = "--format";
    args[2] = "osv";
    for (int i = 2; i < argc; i++)
        args[i + 1] = argv[i];
    int rc = cmd_scan(argc + 1, args);
    free(args);
    return rc;
}
