/* rules-test.c - every rule proves itself on its own fixtures. */
#include "rules/rules.h"
#include "util/error.h"
#include "util/mem.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted entries of dir (not starting with '.'); NULL list when absent. */
static char **list_dir(const char *dir, size_t *n)
{
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **v = NULL;
    size_t cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        /* X.pkgward.yml is the settings sidecar of fixture X */
        if (len > 12 && !strcmp(de->d_name + len - 12, ".pkgward.yml"))
            continue;
        if (de->d_name[0] != '.') {
            PW_GROW(v, cap, *n + 1);
            v[(*n)++] = pwi_xasprintf("%s/%s", dir, de->d_name);
        }
    }
    closedir(d);
    if (v)
        qsort(v, *n, sizeof *v, cmp_str);
    return v;
}

static int has_rule_finding(const pw_report *rep, const char *id)
{
    for (size_t i = 0; i < pw_report_package_count(rep); i++)
        for (size_t j = 0; j < pw_report_finding_count(rep, i); j++)
            if (!strcmp(pw_report_finding(rep, i, j)->rule, id))
                return 1;
    return 0;
}

/* Scans one fixture, with the settings of its sidecar when present. */
static pw_status scan_fixture(const pw_rules *rules, const char *path,
                              pw_report *rep, pw_error *e)
{
    pw_scan_options opt;
    pw_scan_options_init(&opt);
    opt.jobs = 1;
    char *side = pwi_xasprintf("%s.pkgward.yml", path);
    struct stat sb;
    if (stat(side, &sb) == 0) {
        pw_config *cfg;
        pw_status st = pw_config_load_file(side, &cfg, e);
        free(side);
        if (st)
            return st;
        pw_config_apply(cfg, &opt);
        pw_config_free(cfg);
    } else {
        free(side);
    }
    pw_scanner *sc;
    pw_status st = pw_scanner_new(rules, &opt, &sc, e);
    if (st)
        return st;
    st = pw_scanner_scan_path(sc, path, rep, e);
    pw_scanner_free(sc);
    return st;
}

static void run_kind(const pw_rules *rules, const pwi_rule *r, const char *kind,
                     FILE *out, size_t *passed, size_t *failed)
{
    char *dir = pwi_xasprintf("%s/tests/%s", r->fixtures, kind);
    size_t n;
    char **entries = list_dir(dir, &n);
    int want = !strcmp(kind, "malicious");
    if (n == 0) {
        fprintf(out, "FAIL %s: no %s fixtures in %s\n", r->info.id, kind, dir);
        (*failed)++;
    }
    for (size_t i = 0; i < n; i++) {
        pw_report *rep = pw_report_new();
        pw_error e;
        pw_status st = scan_fixture(rules, entries[i], rep, &e);
        int got = has_rule_finding(rep, r->info.id);
        if (st != PW_OK && st != PW_ERR_LIMIT) {
            fprintf(out, "FAIL %s %s: cannot scan: %s\n", r->info.id, entries[i], e.msg);
            (*failed)++;
        } else if (got == want) {
            fprintf(out, "ok   %s %s\n", r->info.id, entries[i]);
            (*passed)++;
        } else {
            fprintf(out, "FAIL %s %s: %s\n", r->info.id, entries[i],
                    want ? "rule did not fire on a malicious fixture"
                         : "rule fired on a benign fixture");
            (*failed)++;
        }
        pw_report_free(rep);
        free(entries[i]);
    }
    free(entries);
    free(dir);
}

pw_status pw_rules_test(const pw_rules *rules, const char *dir, FILE *out,
                        size_t *passed, size_t *failed, pw_error *err)
{
    if (!rules || !out || !passed || !failed)
        return pwi_error(err, PW_ERR_USAGE, NULL, 0, 0, "pw_rules_test: missing argument");
    *passed = *failed = 0;
    char *real = NULL;
    if (dir) {
        real = realpath(dir, NULL);
        if (!real)
            return pwi_error(err, PW_ERR_IO, dir, 0, 0, "no such rule directory");
    }
    for (size_t i = 0; i < pwi_rules_n(rules); i++) {
        const pwi_rule *r = pwi_rules_at(rules, i);
        if (real) {
            char *rf = realpath(r->info.file, NULL);
            size_t l = strlen(real);
            int inside = rf && !strncmp(rf, real, l) && (rf[l] == '/' || !rf[l]);
            free(rf);
            if (!inside)
                continue;
        }
        run_kind(rules, r, "malicious", out, passed, failed);
        run_kind(rules, r, "benign", out, passed, failed);
    }
    free(real);
    return PW_OK;
}
