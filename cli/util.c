/* util.c - shared CLI plumbing: errors, numbers, config and rules. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

int cli_fail(const pw_error *e)
{
    if (e->path[0] && e->line)
        fprintf(stderr, "pkgward: %s:%zu:%zu: %s\n", e->path, e->line,
                e->col ? e->col : 1, e->msg);
    else if (e->path[0])
        fprintf(stderr, "pkgward: %s: %s\n", e->path, e->msg);
    else
        fprintf(stderr, "pkgward: %s\n", e->msg[0] ? e->msg : pw_strerror(e->code));
    return EXIT_ERROR;
}

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("pkgward: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n", stderr);
    return EXIT_ERROR;
}

int cli_parse_count(const char *s, uint64_t max, uint64_t *out)
{
    if (!s || !*s || *s == '-' || *s == '+')
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v > max)
        return -1;
    *out = v;
    return 0;
}

int cli_parse_size(const char *s, uint64_t *out)
{
    static const struct { const char *unit; uint64_t mul; } units[] = {
        {"", 1}, {"B", 1}, {"K", 1ull << 10}, {"KiB", 1ull << 10}, {"KB", 1000},
        {"M", 1ull << 20}, {"MiB", 1ull << 20}, {"MB", 1000000},
        {"G", 1ull << 30}, {"GiB", 1ull << 30}, {"GB", 1000000000}};
    if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s)
        return -1;
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
        if (!strcmp(end, units[i].unit)) {
            if (v > UINT64_MAX / units[i].mul)
                return -1;
            *out = v * units[i].mul;
            return 0;
        }
    return -1;
}

int cli_load_config(const cli_setup *s, pw_config **cfg)
{
    pw_error e;
    pw_status st;
    *cfg = NULL;
    if (s->config_file)
        st = pw_config_load_file(s->config_file, cfg, &e);
    else if (s->no_config) {
        *cfg = pw_config_new();
        st = PW_OK;
    } else {
        char cwd[4096];
        st = getcwd(cwd, sizeof cwd) ? pw_config_load_default(cwd, cfg, &e)
                                     : (*cfg = pw_config_new(), PW_OK);
    }
    if (st)
        return cli_fail(&e);
    return 0;
}

/* Sanitizer builds free everything, so their leak check stays exact. */
#if defined(__SANITIZE_ADDRESS__)
#define CLI_FREE_AT_EXIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CLI_FREE_AT_EXIT 1
#endif
#endif

void cli_rules_done(pw_rules *rules)
{
#ifdef CLI_FREE_AT_EXIT
    pw_rules_free(rules);
#else
    /* The process exits next: its thousands of allocations and mapped
     * databases go with it, and freeing them one by one was 7 % of a
     * one-file scan (what git's UNLEAK is for). */
    (void)rules;
#endif
}

int cli_load(const cli_setup *s, pw_config **cfg, pw_rules **rules)
{
    pw_error e;
    pw_status st;
    *rules = NULL;
    if (cli_load_config(s, cfg))
        return EXIT_ERROR;
    if ((st = pw_rules_new(rules, NULL, &e)))
        goto fail;
    for (size_t i = 0; i < pw_config_rules_dir_count(*cfg); i++)
        if ((st = pw_rules_add_dir(*rules, pw_config_rules_dir(*cfg, i), &e)))
            goto fail;
    for (size_t i = 0; i < s->nrule_dirs; i++)
        if ((st = pw_rules_add_dir(*rules, s->rule_dirs[i], &e)))
            goto fail;
    for (size_t i = 0; i < s->nyara; i++)
        if ((st = pw_rules_add_yara(*rules, s->yara[i], &e)))
            goto fail;
    if ((st = pw_rules_compile(*rules, &e)))
        goto fail;
    return 0;
fail:
    pw_rules_free(*rules);
    pw_config_free(*cfg);
    *rules = NULL;
    *cfg = NULL;
    return cli_fail(&e);
}

int cli_db_path(const pw_config *cfg, const char *path, char *buf,
                size_t size)
{
    const char *p = path ? path : pw_config_db_path(cfg);
    if (!p) {
        const char *env = getenv("PKGWARD_DB");
        p = env && *env ? env : NULL;
    }
    if (p) {
        int n = snprintf(buf, size, "%s", p);
        return n < 0 || (size_t)n >= size ? -1 : 0;
    }
    return pw_db_default_path(buf, size);
}

int cli_open_db(const pw_config *cfg, const char *path, unsigned flags,
                pw_db **out)
{
    char buf[4096];
    *out = NULL;
    if (cli_db_path(cfg, path, buf, sizeof buf))
        return cli_usage_error("no database path: set --db, db.path or HOME");
    pw_error e;
    if (pw_db_open(buf, flags, out, &e) != PW_OK)
        return cli_fail(&e);
    return 0;
}

int cli_parse_time(const char *s, int64_t *out)
{
    return pw_time_parse(s, out);
}
