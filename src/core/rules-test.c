/* rules-test.c - every rule proves itself on its own fixtures. */
#include "ingest/ingest.h"
#include "rules/rules.h"
#include "util/buf.h"
#include "util/dir.h"
#include "util/error.h"
#include "util/mem.h"

#include "util/archive-lib.h"
#include <fcntl.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Fixture entries of dir, sorted; X.pkgward.yml is the settings sidecar
 * of fixture X, not a fixture. Empty when dir is absent. */
static char **list_dir(const char *dir, size_t *n)
{
    char **v;
    if (pwi_dir_list(dir, &v, n) != 0)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < *n; i++) {
        size_t len = strlen(v[i]);
        if (len > 12 && !strcmp(v[i] + len - 12, ".pkgward.yml"))
            free(v[i]);
        else
            v[k++] = v[i];
    }
    *n = k;
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

/* ---- fixtures packed like a registry would ship them ------------------ */

static la_ssize_t buf_write(struct archive *a, void *user, const void *p, size_t n)
{
    (void)a;
    return pwi_buf_add(user, p, n) == 0 ? (la_ssize_t)n : -1;
}

static int read_small(const char *path, pwi_buf *out)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    char chunk[65536];
    ssize_t r;
    while ((r = read(fd, chunk, sizeof chunk)) > 0)
        if (pwi_buf_add(out, chunk, (size_t)r) < 0)
            break;
    close(fd);
    return r == 0 ? 0 : -1;
}

static void add_entry(const pwi_la *la, struct archive *a, const char *name,
                      const void *p, size_t n)
{
    struct archive_entry *e = la->entry_new();
    la->entry_set_pathname(e, name);
    la->entry_set_filetype(e, AE_IFREG);
    la->entry_set_perm(e, 0644);
    la->entry_set_size(e, (la_int64_t)n);
    la->write_header(a, e);
    la->write_data(a, p, n);
    la->entry_free(e);
}

/* Adds the regular files under path (a file or a directory, symlinks not
 * followed) as prefix/relative-path. Returns whether a package.json or a
 * METADATA was among them. */
static int add_tree(const pwi_la *la, struct archive *a, const char *path,
                    const char *prefix, const char *rel, unsigned depth)
{
    struct stat sb;
    if (depth > 16 || lstat(path, &sb) != 0)
        return 0;
    int manifest = 0;
    if (S_ISREG(sb.st_mode)) {
        pwi_buf b;
        pwi_buf_init(&b, 64u << 20);
        if (read_small(path, &b) == 0) {
            char *name = pwi_xasprintf("%s%s", prefix, rel);
            add_entry(la, a, name, b.data ? b.data : "", b.len);
            free(name);
        }
        pwi_buf_release(&b);
        const char *base = strrchr(rel, '/');
        base = base ? base + 1 : rel;
        return !strcmp(base, "package.json") || !strcmp(base, "METADATA");
    }
    if (!S_ISDIR(sb.st_mode))
        return 0;
    size_t n;
    char **kids = list_dir(path, &n);
    for (size_t i = 0; i < n; i++) {
        const char *base = strrchr(kids[i], '/') + 1;
        char *krel = *rel ? pwi_xasprintf("%s/%s", rel, base) : pwi_xstrdup(base);
        manifest |= add_tree(la, a, kids[i], prefix, krel, depth + 1);
        free(krel);
        free(kids[i]);
    }
    free(kids);
    return manifest;
}

/* Packs a fixture into an npm-style .tgz (package/ prefix) or, for PyPI
 * rules, a wheel-style zip with a dist-info, adding a minimal manifest
 * when the fixture has none so paths stay relative to the package root. */
static void pack_fixture(const char *path, int wheel, pwi_buf *out)
{
    /* without libarchive out stays empty and the fixture fails, saying why */
    const pwi_la *la = pwi_la_get(NULL);
    struct archive *a = la ? la->write_new() : NULL;
    if (!a)
        return;
    if (wheel) {
        la->write_set_format_zip(a);
    } else {
        la->write_add_filter_gzip(a);
        la->write_set_format_pax_restricted(a);
    }
    la->write_open(a, out, NULL, buf_write, NULL);
    struct stat sb;
    int is_dir = stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *prefix = wheel ? "" : "package/";
    int manifest = add_tree(la, a, path, prefix, is_dir ? "" : base, 0);
    if (!manifest) {
        static const char pj[] = "{\"name\": \"fixture\", \"version\": \"0.0.0\"}\n";
        static const char md[] = "Metadata-Version: 2.1\nName: fixture\nVersion: 0.0.0\n";
        if (wheel)
            add_entry(la, a, "fixture-0.0.0.dist-info/METADATA", md, sizeof md - 1);
        else
            add_entry(la, a, "package/package.json", pj, sizeof pj - 1);
    }
    la->write_close(a);
    la->write_free(a);
}

/* Is the fixture itself an archive (then packing it again adds nothing)? */
static int is_archive_file(const char *path)
{
    unsigned char head[512];
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t r = read(fd, head, sizeof head);
    close(fd);
    return r > 0 && pwi_detect_kind(head, (size_t)r) != PWI_IN_PLAIN;
}

/* Scans one fixture, with the settings of its sidecar when present; when
 * packed is given, the fixture is scanned from that archive instead. */
static pw_status scan_fixture(const pw_rules *rules, const char *path,
                              const pwi_buf *packed, pw_report *rep, pw_error *e)
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
    if (packed) {
        char *name = pwi_xasprintf("%s (packed)", path);
        st = pw_scanner_scan_buffer(sc, name, packed->data, packed->len, rep, e);
        free(name);
    } else {
        st = pw_scanner_scan_path(sc, path, rep, e);
    }
    pw_scanner_free(sc);
    return st;
}

/* ---- lockfile rules: fixtures are projects audited, not scanned ---------- */

/* The instant audit fixtures are judged at, so cooldown and expiry
 * fixtures do not change verdict as the calendar moves. */
#define FIXTURE_NOW "2026-11-26T00:00:00Z"

/* Audits project dir with an in-memory database of the OSV records in
 * osv-fixtures/ beside the rule file (shared by a category's rules), the
 * project's own .pkgward.yml and its registry/ metadata cache. */
static pw_status audit_fixture(const pw_rules *rules, const pwi_rule *r,
                               const char *dir, pw_report *rep, pw_error *e)
{
    pw_db *db;
    pw_status st = pw_db_open(":memory:", PW_DB_WRITE, &db, e);
    if (st)
        return st;
    const char *slash = strrchr(r->fixtures, '/');
    char *osv = pwi_xasprintf("%.*s/osv-fixtures",
                              slash ? (int)(slash - r->fixtures) : 1,
                              slash ? r->fixtures : ".");
    struct stat sb;
    if (stat(osv, &sb) == 0)
        st = pw_db_import(db, osv, "fixtures", NULL, e);
    free(osv);
    pw_config *cfg = NULL;
    char *conf = pwi_xasprintf("%s/.pkgward.yml", dir);
    if (!st)
        st = stat(conf, &sb) == 0 ? pw_config_load_file(conf, &cfg, e)
                                  : (cfg = pw_config_new(), PW_OK);
    free(conf);
    if (!st) {
        pw_audit_options o;
        pw_audit_options_init(&o);
        o.db = db;
        o.config = cfg;
        o.rules = rules;
        pw_time_parse(FIXTURE_NOW, &o.now);
        char *cache = pwi_xasprintf("%s/registry", dir);
        o.registry_cache = cache;
        st = pw_audit_paths(&o, &dir, 1, rep, e);
        pw_config_suppress(cfg, rep, o.now, rules, NULL);
        free(cache);
    }
    pw_config_free(cfg);
    pw_db_close(db);
    return st;
}

/* Diffs fixture dir's old/ and new/ releases. */
static pw_status diff_fixture(const pw_rules *rules, const char *dir,
                              pw_report *rep, pw_error *e)
{
    pw_scan_options opt;
    pw_scan_options_init(&opt);
    opt.jobs = 1;
    pw_scanner *sc;
    pw_status st = pw_scanner_new(rules, &opt, &sc, e);
    if (st)
        return st;
    char *o = pwi_xasprintf("%s/old", dir), *n = pwi_xasprintf("%s/new", dir);
    st = pw_diff_paths(sc, o, n, rep, e);
    free(o);
    free(n);
    pw_scanner_free(sc);
    return st;
}

/* Checks the release named in dir/spec against the registry mirrored in
 * dir/registry (a directory: packuments by name, tarballs beside them),
 * with the cooldown in dir/min-age when present. */
static pw_status registry_fixture(const pw_rules *rules, const char *dir,
                               pw_report *rep, pw_error *e)
{
    char *spec_path = pwi_xasprintf("%s/spec", dir);
    pwi_buf spec;
    pwi_buf_init(&spec, 4096);
    int bad = read_small(spec_path, &spec);
    free(spec_path);
    while (spec.len && (spec.data[spec.len - 1] == '\n' ||
                        spec.data[spec.len - 1] == ' '))
        spec.data[--spec.len] = '\0';
    if (bad || !spec.len) {
        pwi_buf_release(&spec);
        return pwi_error(e, PW_ERR_RULES, dir, 0, 0,
                         "a registry fixture needs a \"spec\" file");
    }
    pw_scan_options opt;
    pw_scan_options_init(&opt);
    opt.jobs = 1;
    pw_scanner *sc;
    pw_status st = pw_scanner_new(rules, &opt, &sc, e);
    if (!st) {
        pw_check_options co;
        pw_check_options_init(&co);
        /* a file:// URL needs an absolute path (`rules test rules/...`) */
        char *abs = realpath(dir, NULL);
        char *reg = pwi_xasprintf("file://%s/registry", abs ? abs : dir);
        free(abs);
        co.npm_registry = reg;
        pw_time_parse(FIXTURE_NOW, &co.now);
        char *age_path = pwi_xasprintf("%s/min-age", dir);
        pwi_buf age;
        pwi_buf_init(&age, 64);
        if (!read_small(age_path, &age) && age.len) {
            while (age.len && age.data[age.len - 1] == '\n')
                age.data[--age.len] = '\0';
            pw_duration_parse(age.data, &co.min_age);
        }
        st = pw_check(sc, &co, spec.data, rep, e);
        pwi_buf_release(&age);
        free(age_path);
        free(reg);
        pw_scanner_free(sc);
    }
    pwi_buf_release(&spec);
    return st;
}

/* Sweeps fixture dir as a Linux machine (IOC paths resolve under it)
 * with the OSV records of osv-fixtures/ and the IOC bundles of
 * ioc-fixtures/ beside the rule file. */
static pw_status sweep_fixture(const pw_rules *rules, const pwi_rule *r,
                               const char *dir, pw_report *rep, pw_error *e)
{
    pw_db *db;
    pw_status st = pw_db_open(":memory:", PW_DB_WRITE, &db, e);
    if (st)
        return st;
    const char *slash = strrchr(r->fixtures, '/');
    int cl = slash ? (int)(slash - r->fixtures) : 1;
    const char *cat = slash ? r->fixtures : ".";
    char *osv = pwi_xasprintf("%.*s/osv-fixtures", cl, cat);
    char *iocs = pwi_xasprintf("%.*s/ioc-fixtures", cl, cat);
    struct stat sb;
    if (stat(osv, &sb) == 0)
        st = pw_db_import(db, osv, "fixtures", NULL, e);
    char **files = NULL;
    size_t n = 0;
    if (!st && pwi_dir_list(iocs, &files, &n) == 0)
        for (size_t i = 0; i < n && !st; i++)
            st = pw_ioc_import(db, files[i], NULL, e);
    pwi_dir_list_free(files, n);
    free(osv);
    free(iocs);
    if (!st) {
        pw_sweep_options o;
        pw_sweep_options_init(&o);
        o.db = db;
        o.rules = rules;
        o.roots = &dir;
        o.nroots = 1;
        o.os = "linux";
        o.image = dir;
        st = pw_sweep(&o, rep, e);
    }
    pw_db_close(db);
    return st;
}

/* One check of a rule whose fixtures are projects (audit), release pairs
 * (diff), registry mirrors (check) or machine trees (sweep). */
static void check_lockfile_fixture(const pw_rules *rules, const pwi_rule *r,
                                   const char *path, int want, FILE *out,
                                   size_t *passed, size_t *failed)
{
    pw_report *rep = pw_report_new();
    pw_error e;
    pw_status st = r->applies == PWI_APPLY_DIFF       ? diff_fixture(rules, path, rep, &e)
                   : r->applies == PWI_APPLY_REGISTRY ? registry_fixture(rules, path, rep, &e)
                   : r->applies == PWI_APPLY_SWEEP    ? sweep_fixture(rules, r, path, rep, &e)
                                                      : audit_fixture(rules, r, path, rep, &e);
    int got = has_rule_finding(rep, r->info.id);
    if (st != PW_OK) {
        fprintf(out, "FAIL %s %s: cannot run: %s\n", r->info.id, path, e.msg);
        (*failed)++;
    } else if (got == want) {
        fprintf(out, "ok   %s %s\n", r->info.id, path);
        (*passed)++;
    } else {
        fprintf(out, "FAIL %s %s: %s\n", r->info.id, path,
                want ? "rule did not fire on a malicious fixture"
                     : "rule fired on a benign fixture");
        (*failed)++;
    }
    pw_report_free(rep);
}

/* One check: scan the fixture (as is, or packed) and compare. */
static void check_fixture(const pw_rules *rules, const pwi_rule *r, const char *path,
                          const pwi_buf *packed, int want, FILE *out, size_t *passed,
                          size_t *failed)
{
    pw_report *rep = pw_report_new();
    pw_error e;
    pw_status st = scan_fixture(rules, path, packed, rep, &e);
    int got = has_rule_finding(rep, r->info.id);
    const char *how = packed ? " (packed)" : "";
    if (st != PW_OK && st != PW_ERR_LIMIT) {
        fprintf(out, "FAIL %s %s%s: cannot scan: %s\n", r->info.id, path, how, e.msg);
        (*failed)++;
    } else if (got == want) {
        fprintf(out, "ok   %s %s%s\n", r->info.id, path, how);
        (*passed)++;
    } else {
        fprintf(out, "FAIL %s %s%s: %s\n", r->info.id, path, how,
                want ? "rule did not fire on a malicious fixture"
                     : "rule fired on a benign fixture");
        (*failed)++;
    }
    pw_report_free(rep);
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
    /* PyPI-only rules travel in a wheel, everything else in an npm tarball */
    int wheel = r->ecosystems == PWI_ECO_PYPI;
    int projects = r->applies == PWI_APPLY_LOCKFILE || r->applies == PWI_APPLY_DIFF ||
                   r->applies == PWI_APPLY_REGISTRY || r->applies == PWI_APPLY_SWEEP;
    for (size_t i = 0; i < n && projects; i++) {
        check_lockfile_fixture(rules, r, entries[i], want, out, passed, failed);
        free(entries[i]);
    }
    for (size_t i = 0; i < n && !projects; i++) {
        check_fixture(rules, r, entries[i], NULL, want, out, passed, failed);
        if (!is_archive_file(entries[i])) {
            pwi_buf packed;
            pwi_buf_init(&packed, 0);
            pack_fixture(entries[i], wheel, &packed);
            check_fixture(rules, r, entries[i], &packed, want, out, passed, failed);
            pwi_buf_release(&packed);
        }
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
        if (r->is_yara)
            continue; /* users' YARA rules bring no fixtures */
        if (real) {
            char *rf = realpath(r->info.file, NULL);
            size_t l = strlen(real);
            int inside = rf && !strncmp(rf, real, l) && (rf[l] == '/' || !rf[l]);
            free(rf);
            if (!inside)
                continue;
        }
        if (r->applies == PWI_APPLY_GUARD) {
            /* these need a package manager to run: script/test-guard-npm (and
             * test-guard-pip for PyPI) prove them */
            fprintf(out, "skip %s (proved by tests/cli/test-guard-npm.sh)\n",
                    r->info.id);
            continue;
        }
        run_kind(rules, r, "malicious", out, passed, failed);
        run_kind(rules, r, "benign", out, passed, failed);
    }
    free(real);
    return PW_OK;
}
