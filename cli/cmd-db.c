/* cmd-db.c - pkgward db import|update|status|lookup */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

const char help_db[] =
    "usage: pkgward db import [--db FILE] [--config FILE | --no-config]\n"
    "                         [--source NAME] PATH...\n"
    "       pkgward db update [--db FILE] [--config FILE | --no-config]\n"
    "                         [--url URL]... [--sig-url URL] [--public-key BASE64]\n"
    "       pkgward db status [--db FILE] [--config FILE | --no-config]\n"
    "                         [-f|--format text|json]\n"
    "       pkgward db lookup [--db FILE] [--config FILE | --no-config]\n"
    "                         [--ecosystem npm|pypi] NAME[@VERSION]...\n"
    "\n"
    "The offline database of known-malicious releases that `pkgward audit`\n"
    "checks lockfiles against (SQLite). Its path: --db, else db.path from the\n"
    "config, else $PKGWARD_DB, else $XDG_DATA_HOME/pkgward/pkgward.db or\n"
    "~/.local/share/pkgward/pkgward.db. --config FILE reads settings from FILE\n"
    "only, --no-config ignores .pkgward.yml and the user config.\n"
    "\n"
    "import   reads OSV records: .json files, a .zip of them (the OpenSSF\n"
    "         malicious-packages export, an osv.dev ecosystem zip) or a\n"
    "         directory tree. Only malicious-package records (MAL- ids) for\n"
    "         npm and PyPI are kept. Re-importing is incremental: a record\n"
    "         replaces the stored one only when its \"modified\" is newer;\n"
    "         withdrawn records stop matching. Each PATH is imported in its own\n"
    "         transaction, all or nothing; the run stops at the first PATH that\n"
    "         fails, and the ones before it stay imported.\n"
    "update   downloads each --url (default: db.url from the config, else\n"
    "         osv.dev's full npm and PyPI exports, of which the MAL- records\n"
    "         are kept and the others skipped) and imports it like import, each\n"
    "         URL in its own transaction. With a pinned key (--public-key or\n"
    "         db.public_key) the detached Ed25519 signature at URL.sig (or\n"
    "         --sig-url) must verify first.\n"
    "status   records per ecosystem, sources and the last update.\n"
    "lookup   the records that affect NAME (or NAME@VERSION); exit 1 when any.\n"
    "\n"
    "exit status: 0 ok (lookup: no record), 1 lookup found a record, 2 error.\n";

static const char *const default_urls[] = {
    "https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip",
    "https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip",
};

enum { OPT_DB = 256, OPT_SOURCE, OPT_URL, OPT_SIG_URL, OPT_KEY, OPT_ECO,
       OPT_CONFIG, OPT_NO_CONFIG };

static const struct option long_opts[] = {
    {"db", required_argument, NULL, OPT_DB},
    {"source", required_argument, NULL, OPT_SOURCE},
    {"url", required_argument, NULL, OPT_URL},
    {"sig-url", required_argument, NULL, OPT_SIG_URL},
    {"public-key", required_argument, NULL, OPT_KEY},
    {"ecosystem", required_argument, NULL, OPT_ECO},
    {"format", required_argument, NULL, 'f'},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"no-config", no_argument, NULL, OPT_NO_CONFIG},
    {NULL, 0, NULL, 0}};

typedef struct db_args {
    const char *db, *source, *sig_url, *key, *eco;
    const char *urls[16];
    size_t nurls;
    pw_format format;
    cli_setup setup;
} db_args;

static int parse_args(int argc, char **argv, db_args *a)
{
    memset(a, 0, sizeof *a);
    a->eco = "npm";
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":f:", long_opts, NULL)) != -1) {
        switch (c) {
        case OPT_DB: a->db = optarg; break;
        case OPT_SOURCE: a->source = optarg; break;
        case OPT_URL:
            if (a->nurls >= 16)
                return cli_usage_error("--url: at most 16");
            a->urls[a->nurls++] = optarg;
            break;
        case OPT_SIG_URL: a->sig_url = optarg; break;
        case OPT_KEY: a->key = optarg; break;
        case OPT_ECO:
            if (strcmp(optarg, "npm") && strcmp(optarg, "pypi"))
                return cli_usage_error("--ecosystem: expected npm or pypi, got '%s'",
                                       optarg);
            a->eco = optarg;
            break;
        case 'f':
            if (pw_format_parse(optarg, &a->format) ||
                (a->format != PW_FORMAT_TEXT && a->format != PW_FORMAT_JSON))
                return cli_usage_error("--format: expected text or json, got '%s'",
                                       optarg);
            break;
        case OPT_CONFIG: a->setup.config_file = optarg; break;
        case OPT_NO_CONFIG: a->setup.no_config = 1; break;
        case ':':
            return cli_usage_error("option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_usage_error("unknown option '%s' (see 'pkgward help db')",
                                   argv[optind - 1]);
        }
    }
    return 0;
}

static void print_stats(const char *what, const pw_db_import_stats *s)
{
    printf("%s: %zu documents: %zu added, %zu updated, %zu unchanged, "
           "%zu withdrawn, %zu skipped (not malicious-package records or not "
           "npm/PyPI)\n",
           what, s->documents, s->added, s->updated, s->unchanged,
           s->withdrawn, s->skipped);
}

static int run_import(db_args *a, pw_db *db, int argc, char **argv)
{
    if (optind >= argc)
        return cli_usage_error("db import: no PATH given");
    for (int i = optind; i < argc; i++) {
        pw_db_import_stats s;
        pw_error e;
        if (pw_db_import(db, argv[i], a->source, &s, &e) != PW_OK)
            return cli_fail(&e);
        print_stats(argv[i], &s);
    }
    return EXIT_CLEAN;
}

static int run_update(db_args *a, const pw_config *cfg, pw_db *db)
{
    unsigned char key[32];
    int have_key = 0;
    if (a->key) {
        if (pw_db_key_parse(a->key, key))
            return cli_usage_error("--public-key: expected the base64 of a "
                                   "32-byte Ed25519 public key");
        have_key = 1;
    } else {
        have_key = pw_config_db_key(cfg, key);
    }
    const char *cfg_url = pw_config_db_url(cfg);
    const char *const *urls = a->urls;
    size_t n = a->nurls;
    if (n == 0 && cfg_url) {
        urls = &cfg_url;
        n = 1;
    } else if (n == 0) {
        urls = default_urls;
        n = sizeof default_urls / sizeof *default_urls;
    }
    if (a->sig_url && n != 1)
        return cli_usage_error("--sig-url needs exactly one --url");
    for (size_t i = 0; i < n; i++) {
        pw_db_import_stats s;
        pw_error e;
        fprintf(stderr, "pkgward: downloading %s\n", urls[i]);
        if (pw_db_update(db, urls[i], a->sig_url, have_key ? key : NULL, &s,
                         &e) != PW_OK)
            return cli_fail(&e);
        print_stats(urls[i], &s);
    }
    return EXIT_CLEAN;
}

static int run_status(db_args *a, pw_db *db, const char *path)
{
    pw_db_summary s;
    pw_error e;
    if (pw_db_summarize(db, &s, &e) != PW_OK)
        return cli_fail(&e);
    if (a->format == PW_FORMAT_JSON) {
        printf("{\"path\": \"%s\", \"schema_version\": %d, \"records\": %zu, "
               "\"withdrawn\": %zu, \"last_update\": \"%s\", \"ecosystems\": {",
               path, s.schema_version, s.records, s.withdrawn, s.last_update);
        for (size_t i = 0; i < s.necosystems; i++)
            printf("%s\"%s\": {\"records\": %zu, \"packages\": %zu}",
                   i ? ", " : "", s.ecosystems[i].name,
                   s.ecosystems[i].records, s.ecosystems[i].packages);
        printf("}, \"sources\": [");
        for (size_t i = 0; i < s.nsources; i++)
            printf("%s{\"name\": \"%s\", \"records\": %zu, \"imported_at\": "
                   "\"%s\"}", i ? ", " : "", s.sources[i].name,
                   s.sources[i].records, s.sources[i].imported_at);
        printf("]}\n");
        return EXIT_CLEAN;
    }
    printf("database: %s (schema %d)\n", path, s.schema_version);
    printf("records: %zu (%zu withdrawn)\n", s.records, s.withdrawn);
    printf("last update: %s\n", *s.last_update ? s.last_update : "never");
    for (size_t i = 0; i < s.necosystems; i++)
        printf("  %-6s %zu records, %zu packages\n", s.ecosystems[i].name,
               s.ecosystems[i].records, s.ecosystems[i].packages);
    if (s.nsources)
        printf("sources:\n");
    for (size_t i = 0; i < s.nsources; i++)
        printf("  %s: %zu records, imported %s\n", s.sources[i].name,
               s.sources[i].records, s.sources[i].imported_at);
    return EXIT_CLEAN;
}

typedef struct lookup_ctx {
    const char *what;
    size_t hits;
} lookup_ctx;

static void on_match(const pw_db_match *m, void *user)
{
    lookup_ctx *c = user;
    c->hits++;
    printf("%s: %s%s%s%s (%s)\n", c->what, m->id, *m->aliases ? " [" : "",
           m->aliases, *m->aliases ? "]" : "",
           m->all_versions ? "every version" : m->versions);
    if (*m->summary)
        printf("  %s\n", m->summary);
}

static int run_lookup(db_args *a, pw_db *db, int argc, char **argv)
{
    if (optind >= argc)
        return cli_usage_error("db lookup: no NAME given");
    size_t hits = 0;
    for (int i = optind; i < argc; i++) {
        char name[512];
        snprintf(name, sizeof name, "%s", argv[i]);
        char *at = strchr(name[0] == '@' ? name + 1 : name, '@');
        const char *version = NULL;
        if (at) {
            *at = '\0';
            version = at + 1;
        }
        if (!strcmp(a->eco, "pypi") && !version) {
            char *eq = strstr(name, "==");
            if (eq) {
                *eq = '\0';
                version = eq + 2;
            }
        }
        lookup_ctx c = {argv[i], 0};
        pw_error e;
        if (pw_db_lookup(db, a->eco, name, version, NULL, on_match, &c, &e))
            return cli_fail(&e);
        if (!c.hits)
            printf("%s: no known-malicious record\n", argv[i]);
        hits += c.hits;
    }
    return hits ? EXIT_FINDINGS : EXIT_CLEAN;
}

int cmd_db(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("db: expected import, update, status or lookup "
                               "(see 'pkgward help db')");
    const char *sub = argv[1];
    int write = !strcmp(sub, "import") || !strcmp(sub, "update");
    if (!write && strcmp(sub, "status") && strcmp(sub, "lookup"))
        return cli_usage_error("db: unknown subcommand '%s' (known: import, "
                               "update, status, lookup)", sub);
    db_args a;
    if (parse_args(argc - 1, argv + 1, &a))
        return EXIT_ERROR;
    optind += 1; /* positions were counted from argv + 1 */
    pw_config *cfg;
    pw_rules *rules = NULL;
    if (cli_load_config(&a.setup, &cfg))
        return EXIT_ERROR;
    char path[4096];
    if (cli_db_path(cfg, a.db, path, sizeof path)) {
        pw_config_free(cfg);
        return cli_usage_error("no database path: set --db, db.path or HOME");
    }
    pw_db *db;
    int rc = cli_open_db(cfg, path, write ? PW_DB_WRITE : PW_DB_READ, &db);
    if (rc == 0) {
        if (!strcmp(sub, "import"))
            rc = run_import(&a, db, argc, argv);
        else if (!strcmp(sub, "update"))
            rc = run_update(&a, cfg, db);
        else if (!strcmp(sub, "status"))
            rc = run_status(&a, db, path);
        else
            rc = run_lookup(&a, db, argc, argv);
    }
    pw_db_close(db);
    pw_rules_free(rules);
    pw_config_free(cfg);
    return rc;
}
