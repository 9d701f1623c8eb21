/* test-ingest.c - archives in, entries and anomalies out.
 *
 * Every archive is built here with archive-builder (libarchive's write
 * API), fed to pwi_ingest_buffer / pwi_ingest_path, and the resulting
 * tree checked: limits, hostile names, links, special files, nesting and
 * corrupt input. The anomaly -> finding -> report path is checked end to
 * end through pw_scanner_scan_buffer for the cases that stop a scan.
 * Package splitting and directory inputs are in test-package.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>
#include <libdeflate.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive-builder.h"
#include "ingest/ingest.h"
#include "pkgward.h"
#include "testutil.h"
#include "util/hash.h"

/* ---- helpers ---------------------------------------------------------------- */

static pw_limits limits(void)
{
    pw_limits l;
    pw_limits_default(&l);
    return l;
}

/* Ingests buf into t (initialised here) and returns the status. */
static pw_status ingest(const char *name, const void *buf, size_t len,
                        const pw_limits *lim, pwi_tree *t, pw_error *err)
{
    pwi_tree_init(t, name);
    memset(err, 0, sizeof *err);
    return pwi_ingest_buffer(name, buf, len, lim, t, err);
}

static size_t count_anomalies(const pwi_tree *t, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < t->nanomalies; i++)
        if (!strcmp(t->anomalies[i].rule, rule))
            n++;
    return n;
}

static const pwi_anomaly *find_anomaly(const pwi_tree *t, const char *rule,
                                       const char *path)
{
    for (size_t i = 0; i < t->nanomalies; i++)
        if (!strcmp(t->anomalies[i].rule, rule) &&
            (!path || !strcmp(t->anomalies[i].path, path)))
            return &t->anomalies[i];
    return NULL;
}

static const pwi_file *find_file(const pwi_tree *t, const char *path)
{
    for (size_t i = 0; i < t->nfiles; i++)
        if (!strcmp(t->files[i].path, path))
            return &t->files[i];
    return NULL;
}

static void dump_tree(const pwi_tree *t)
{
    for (size_t i = 0; i < t->nfiles; i++)
        fprintf(stderr, "  file %s (type %d, %llu bytes)\n", t->files[i].path,
                (int)t->files[i].type, (unsigned long long)t->files[i].size);
    for (size_t i = 0; i < t->nanomalies; i++)
        fprintf(stderr, "  anomaly %s [%s] %s\n", t->anomalies[i].rule,
                t->anomalies[i].path, t->anomalies[i].message);
}

/* A normalised path: relative, no "." / ".." / empty components, no
 * backslash separators left to reinterpret. */
static int path_is_clean(const char *p)
{
    if (p[0] == '/' || strchr(p, '\\'))
        return 0;
    const char *s = p;
    while (*s) {
        const char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
            return 0;
        if (!e)
            break;
        s = e + 1;
    }
    return 1;
}

/* Deterministic bytes that do not compress (xorshift). */
static unsigned char *noise(size_t n, uint32_t seed)
{
    unsigned char *p = malloc(n ? n : 1);
    assert_non_null(p);
    uint32_t x = seed ? seed : 1;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        p[i] = (unsigned char)x;
    }
    return p;
}

/* A tgz holding one npm package with an index.js, optionally with an
 * extra entry (inner archive) at package/inner.tgz. */
static unsigned char *npm_tgz(const char *name, const unsigned char *inner,
                              size_t inner_len, size_t *len)
{
    char json[256];
    snprintf(json, sizeof json, "{\"name\":\"%s\",\"version\":\"1.0.0\"}", name);
    ab_archive *ab = ab_new(AB_TGZ);
    ab_add_str(ab, "package/package.json", json);
    ab_add_str(ab, "package/index.js", "module.exports = 1;\n");
    if (inner)
        ab_add_file(ab, "package/inner.tgz", inner, inner_len);
    return ab_finish(ab, len);
}

/* ---- end to end: the scanner and its report ----------------------------------- */

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

/* Scans buf with lim (NULL: defaults) into a new report. */
static pw_report *scan(const char *name, const void *buf, size_t len,
                       const pw_limits *lim, pw_status *st)
{
    pw_scan_options o;
    pw_scan_options_init(&o);
    if (lim)
        o.limits = *lim;
    pw_scanner *sc = NULL;
    pw_error e;
    memset(&e, 0, sizeof e);
    assert_int_equal(pw_scanner_new(g_rules, &o, &sc, &e), PW_OK);
    pw_report *rep = pw_report_new();
    *st = pw_scanner_scan_buffer(sc, name, buf, len, rep, &e);
    pw_scanner_free(sc);
    pw_report_sort(rep);
    return rep;
}

/* ---- compression ratio --------------------------------------------------------- */

static void test_ratio_bomb(void **state)
{
    (void)state;
    ab_archive *ab = ab_new(AB_TGZ);
    ab_add_str(ab, "package/package.json", "{\"name\":\"bomb\"}");
    ab_add_zeros(ab, "package/zeros.bin", 20u << 20);
    size_t len;
    unsigned char *tgz = ab_finish(ab, &len);
    assert_true(len < (200u << 10)); /* gzip of zeros: ~1000:1 */

    pw_limits lim = limits();
    pwi_tree t;
    pw_error err;
    pw_status st = ingest("bomb.tgz", tgz, len, &lim, &t, &err);
    assert_int_equal(st, PW_ERR_LIMIT);
    assert_int_equal(err.code, PW_ERR_LIMIT);
    assert_non_null(strstr(err.msg, "ratio"));
    assert_int_equal(t.incomplete, PW_ERR_LIMIT);
    assert_int_equal(count_anomalies(&t, PWI_AN_RATIO), 1);
    /* it stopped soon after the threshold instead of inflating it all */
    assert_true(t.total_bytes < (20u << 20));
    pwi_tree_release(&t);

    pw_report *rep = scan("bomb.tgz", tgz, len, NULL, &st);
    assert_int_equal(st, PW_ERR_LIMIT);
    assert_int_equal(tu_report_count(rep, PWI_AN_RATIO), 1);
    assert_int_equal(pw_report_error_count(rep), 1);
    assert_int_equal(pw_report_error_at(rep, 0)->code, PW_ERR_LIMIT);
    assert_string_equal(pw_report_error_at(rep, 0)->input, "bomb.tgz");
    pw_report_free(rep);
    free(tgz);
}

static void test_ratio_bomb_zip(void **state)
{
    (void)state;
    ab_archive *ab = ab_new(AB_ZIP);
    ab_add_zeros(ab, "pkg/zeros.bin", 20u << 20);
    size_t len;
    unsigned char *zip = ab_finish(ab, &len);
    pw_limits lim = limits();
    pwi_tree t;
    pw_error err;
    assert_int_equal(ingest("bomb.whl", zip, len, &lim, &t, &err), PW_ERR_LIMIT);
    assert_int_equal(count_anomalies(&t, PWI_AN_RATIO), 1);
    pwi_tree_release(&t);
    free(zip);
}

static void test_small_files_are_not_bombs(void **state)
{
    (void)state;
    /* 1 MiB of zeros compresses ~1000:1 but is far too small to matter;
     * 1 MiB of repetitive source code is a normal bundle */
    ab_archive *ab = ab_new(AB_TGZ);
    ab_add_str(ab, "package/package.json", "{\"name\":\"big\"}");
    ab_add_zeros(ab, "package/zeros.bin", 1u << 20);
    size_t line_len = strlen("console.log('hello world');\n");
    size_t lines = (1u << 20) / line_len;
    char *js = malloc(lines * line_len + 1);
    assert_non_null(js);
    for (size_t i = 0; i < lines; i++)
        memcpy(js + i * line_len, "console.log('hello world');\n", line_len);
    ab_add_file(ab, "package/bundle.js", js, lines * line_len);
    free(js);
    size_t len;
    unsigned char *tgz = ab_finish(ab, &len);

    pw_limits lim = limits();
    pwi_tree t;
    pw_error err;
    assert_int_equal(ingest("big.tgz", tgz, len, &lim, &t, &err), PW_OK);
    assert_int_equal(t.nanomalies, 0);
    assert_int_equal(t.incomplete, PW_OK);
    const pwi_file *f = find_file(&t, "package/zeros.bin");
    assert_non_null(f);
    assert_int_equal(f->size, 1u << 20);
    assert_int_equal(f->len, 1u << 20);
    assert_false(f->truncated);
    pwi_tree_release(&t);

    pw_status st;
    pw_report *rep = scan("big.tgz", tgz, len, NULL, &st);
    assert_int_equal(st, PW_OK);
    assert_int_equal(tu_report_count(rep, PWI_AN_RATIO), 0);
    assert_int_equal(pw_report_error_count(rep), 0);
    pw_report_free(rep);
    free(tgz);
}

/* ---- hostile names -------------------------------------------------------------- */

static void test_path_traversal(void **state)
{
    (void)state;
    static const char *const evil[] = {"../../etc/passwd",
                                       "/abs/path",
                                       "C:\\x",
                                       "a/../../b",
                                       "package/../../../x.js",
                                       "\\\\server\\share\\y",
                                       "./../z"};
    const size_t nevil = sizeof evil / sizeof *evil;
    ab_archive *ab = ab_new(AB_TGZ);
    ab_add_str(ab, "package/ok.js", "ok");
    for (size_t i = 0; i < nevil; i++)
        ab_add_str(ab, evil[i], "owned");
    size_t len;
    unsigned char *tgz = ab_finish(ab, &len);

    pw_limits lim = limits();
    pwi_tree t;
    pw_error err;
    assert_int_equal(ingest("trav.tgz", tgz, len, &lim, &t, &err), PW_OK);
    assert_int_equal(t.nfiles, 1 + nevil);
    assert_int_equal(count_anomalies(&t, PWI_AN_TRAVERSAL), nevil);
    for (size_t i = 0; i < t.nfiles; i++) {
        if (!path_is_clean(t.files[i].path)) {
            dump_tree(&t);
            fail_msg("unclean path \"%s\"", t.files[i].path);
        }
    }
    for (size_t i = 0; i < t.nanomalies; i++)
        assert_true(path_is_clean(t.anomalies[i].path));
    /* the benign entry is untouched, the others are pinned to the root */
    assert_non_null(find_file(&t, "package/ok.js"));
    assert_null(find_anomaly(&t, PWI_AN_TRAVERSAL, "package/ok.js"));
    assert_non_null(find_file(&t, "etc/passwd"));
    assert_non_null(find_file(&t, "abs/path"));
    assert_non_null(find_file(&t, "x"));
    assert_non_null(find_file(&t, "b"));
    assert_non_null(find_anomaly(&t, PWI_AN_TRAVERSAL, "etc/passwd"));
    pwi_tree_release(&t);

    pw_status st;
    pw_report *rep = scan("trav.tgz", tgz, len, NULL, &st);
    assert_int_equal(st, PW_OK);
    assert_int_equal(tu_report_count(rep, PWI_AN_TRAVERSAL), nevil);
    pw_report_free(rep);
    free(tgz);
}

static void test_path_normalize(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
        int sus;
    } cases[] = {
        {"package/index.js", "package/index.js", 0},
        {"./package//lib/./a.js", "package/lib/a.js", 0},
        {"../x", "x", 1},
        {"a/b/../c", "a/c", 1},
        {"a/../../../b", "b", 1},
        {"/etc/passwd", "etc/passwd", 1},
        {"C:\\Windows\\x", "Windows/x", 1},
        {"c:/x", "x", 1},
        {"..", "", 1},
        {"", "", 0},
        {"...", "...", 0},
        {"a..b/c", "a..b/c", 0},
        /* a drive letter that only shows after "." or ".." parts */
        {"./C:/Windows/x", "Windows/x", 1},
        {"a/../C:x", "x", 1},
        {"C:C:x", "x", 1},
        {"a/C:/x", "a/C:/x", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int sus = -1;
        char *p = pwi_path_normalize(cases[i].in, &sus);
        if (strcmp(p, cases[i].out) || sus != cases[i].sus)
            fail_msg("normalize(\"%s\") = \"%s\" (%d), want \"%s\" (%d)", cases[i].in, p,
                     sus, cases[i].out, cases[i].sus);
        free(p);
    }
}

static void test_duplicate_entries(void **state)
{
    (void)state;
    ab_archive *ab = ab_new(AB_TGZ);
    ab_add_str(ab, "package/package.json", "{\"name\":\"dup\"}");
    ab_add_str(ab, "package/index.js", "harmless();\n");
    ab_add_str(ab, "package/index.js", "evil();\n");
    /* the same file through a different spelling is the same file */
    ab_add_str(ab, "./package//index.js", "eviler();\n");
    ab_add_dir(ab, "package/lib");
    ab_add_dir(ab, "package/lib"); /* repeated directories are harmless */
    size_t len;
    unsigned char *tgz = ab_finish(ab, &len);
    pw_limits lim = limits();
    pwi_tree t;
    pw_error err;
    assert_int_equal(ingest("dup.tgz", tgz, len, &lim, &t, &err), PW_OK);
    assert_int_equal(count_anomalies(&t, PWI_AN_DUPLICATE), 2);
    assert_non_null(find_anomaly(&t, PWI_AN_DUPLICATE, "package/index.js"));
    /* every copy is kept, so every copy is scanned */
    size_t copies = 0;
    for (size_t i = 0; i < t.nfiles; i++)
        if (!strcmp(t.files[i].path, "package/index.js"))
            copies++;
    assert_int_equal(copies, 3);
    pwi_tree_release(&t);

    pw_status st;
    pw_report *rep = scan("dup.tgz", tgz, len, NULL, &st);
    assert_int_equal(st, PW_OK);
    assert_int_equal(tu_report_count(rep, PWI_AN_DUPLICATE), 2);
    pw_report_free(rep);
    free(tgz);
}

static void test_invalid_utf8_name(void **state)
{
    (void)state;
    ab_archive *ab = ab_new(AB_USTAR_GZ);
    ab_add_str(ab, "package/package.json", "{\"name\":\"names\"}");
    ab_add_str(ab, "package/bad\xff\xfename.js", "x");
    ab_add_str(ab, "package/caf\xc3\xa9.js", "valid UTF-8 is fine");
    ab_add_str(ab, "package/over\xc0\xaflong.js", "overlong '/'");
    size_t len;
    unsigned char *tgz = ab_finish(ab, &len);
    pw_limits lim = limits();
    pwi_tree t;
    pw_error err;
    assert_int_equal(ingest("names.tgz", tgz, len, &lim, &t, &err), PW_OK);
    assert_int_equal(count_anomalies(&t, PWI_AN_BAD_NAME), 2);
    /* the bytes are shown escaped, and the path stays one component */
    const pwi_file *f = find_file(&t, "package/bad\\xff\\xfename.js");
    if (!f)
        dump_tree(&t);
    assert_non_null(f);
    assert_non_null(find_anomaly(&t, PWI_AN_BAD_NAME, "package/bad\\xff\\xfename.js"));
    assert_non_null(find_file(&t, "package/over\\xc0\\xaflong.js"));
    assert_non_null(find_file(&t, "package/caf\xc3\xa9.js"));
    for (size_t i = 0; i < t.nfiles; i++)
        assert_true(pwi_utf8_valid(t.files[i].path, strlen(t.files[i].path)));
    pwi_tree_release(&t);
    free(tgz);
}

static void test_control_chars_in_name(void **state)
{
    (void)state;
    /* valid UTF-8, but a terminal escape sequence and a newline: shown
     * escaped so a report cannot rewrite the reviewer's screen */
    ab_archive *ab = ab_new(AB_TGZ);
    ab_add_str(ab, "package/\x1b[2Jclear.js", "x");
    ab_add_str(ab, "package/two\nlines.js", "x");
    size_t len;
    unsigned char *tgz = ab_finish(ab, &len);
    pw_limits lim = limits();
    pwi_tree t;
    pw_error err;
    assert_int_equal(ingest("ctl.tgz", tgz, len, &lim, &t, &err), PW_OK);
    assert_int_equal(count_anomalies(&t, PWI_AN_BAD_NAME), 2);
    for (size_t i = 0; i < t.nfiles; i++)
        for (const char *p = t.files[i].path; *p; p++)
            assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
    assert_non_null(find_file(&t, "package/\\x1b[2Jclear.js"));
    assert_non_null(find_file(&t, "package/two\\nlines.js"));
    pwi_tree_release(&t);
    free(tgz);
}

static void test_empty_name(void **state)
{
    (void)state;
    ab_archive *ab = ab_new(AB_TGZ);
    ab_add_str(ab, "package/a.js", "a");
    ab_add_str(ab, ".", "no name"); /* a file that normalises to nothing */
    ab_add_dir(ab, "./");           /* the root directory: harmless */
    size_t len;
    unsigned char *tgz = ab_finish(ab, &len);
    pw_limits lim = limits();
    pwi_tree t;
    pw_error err;
    pw_status st = ingest("empty.tgz", tgz, len, &lim, &t, &err);
    assert_int_equal(st, PW_OK);
    assert_int_equal(count_anomalies(&t, PWI_AN_BAD_NAME), 1);
    assert_non_null(find_anomaly(&t, PWI_AN_BAD_NAME, ""));
    pwi_tree_release(&t);
    free(tgz);
}

/* ---- links and special files ---------------------------------------------------- */

static void test_symlink_escapes(void **state)
{
    (void)state;
    ab_archive *ab = ab_new(AB_TGZ);
    ab_add_str(ab, "package/package.json", "{\"name\":\"links\"}");
    ab_add_symlink(ab, "package/id_rsa", "../../../../home/u/.ssh/id_rsa");
    ab_add_symlink(ab, "package/passwd", "/etc/passwd");
    ab_add_symlink(ab, "package/sneaky", "lib/../../../x");
    size_t len;
    unsigned char *tgz = ab_finish(ab, &len);
    pw_limits lim = limits();
    pwi_tree t;
    pw_error err;
    assert_int_equal(ingest("links.tgz", tgz, len, &lim, &t, &err), PW_OK);
    assert_int_equal(count_anomalies(&t, PWI_AN_LINK_ESCAPE), 3);
    assert_int_equal(count_anomalies(&t, PWI_AN_LINK), 0);
    const pwi_anomaly *a = find_anomaly(&t, PWI_AN_LINK_ESCAPE, "package/id_rsa");
    assert_non_null(a);
    assert_non_null(strstr(a->message, "../../../../home/u/.ssh/id_rsa"));
    const pwi_file *f = find_file(&t, "package/id_rsa");
    assert_non_null(f);
    assert_int_equal(f->type, PWI_FT_SYMLINK);
    assert_string_equal(f->link, "../../../../home/u/.ssh/id_rsa");
    assert_null(f->data); /* never followed, never read */
    assert_int_equal(f->len, 0);
    pwi_tree_release(&t);

    pw_status st;
    pw_report *rep = scan("links.tgz", tgz, len, NULL, &st);
    assert_int_equal(st, PW_OK);
    assert_int_equal(tu_report_count(rep, PWI_AN_LINK_ESCAPE), 3);
    pw_report_free(rep);
    free(tgz);
}

static void test_symlink_inside(void **state)
{
    (void)state;
    ab_archive *ab = ab_new(AB_TGZ);
    ab_add_str(ab, "package/index.js", "x");
    ab_add_symlink(ab, "package/alias.js", "index.js");
    ab_add_symlink(ab, "package/lib/up.js", "../index.js");
    size_t len;
    unsigned char *tgz = ab_finish(ab, &len);
    pw_limits lim = limits();
    pwi_tree t;
    pw_error err;
    assert_int_equal(ingest("in.tgz", tgz, len, &lim, &t, &err), PW_OK);
    assert_int_equal(count_anomalies(&t, PWI_AN_LINK), 2);
    assert_int_equal(count_anomalies(&t, PWI_AN_LINK_ESCAPE), 0);
    assert_non_null(find_anomaly(&t, PWI_AN_LINK, "package/alias.js"));
    pwi_tree_release(&t);
    free(tgz);
}

static void test_hardlinks(void **state)
{
    (void)state;
    ab_archive *ab = ab_new(AB_TGZ);
    ab_add_str(ab, "package/index.js", "x");
    ab_add_hardlink(ab, "package/same.js", "package/index.js");
    ab_add_hardlink(ab, "package/shadow", "../../etc/shadow");
    ab_add_hardlink(ab, "package/abs", "/etc/shadow");
    size_t len;
    unsigned char *tgz = ab_finish(ab, &len);
    pw_limits lim = limits();
    pwi_tree t;
    pw_error err;
    assert_int_equal(ingest("hl.tgz", tgz, len, &lim, &t, &err), PW_OK);
    const pwi_file *f = find_file(&t, "package/same.js");
    assert_non_null(f);
    assert_int_equal(f->type, PWI_FT_HARDLINK);
    assert_string_equal(f->link, "package/index.js");
    assert_non_null(find_anomaly(&t, PWI_AN_LINK, "package/same.js"));
    assert_non_null(find_anomaly(&t, PWI_AN_LINK_ESCAPE, "package/shadow"));
    assert_non_null(find_anomaly(&t, PWI_AN_LINK_ESCAPE, "package/abs"));
    assert_int_equal(count_anomalies(&t, PWI_AN_LINK), 1);
    assert_int_equal(count_anomalies(&t, PWI_AN_LINK_ESCAPE), 2);
    pwi_tree_release(&t);
    free(tgz);
}

static void test_special_files(void **state)
{
    (void)state;
    ab_archive *ab = ab_new(AB_TGZ);
    ab_add_str(ab, "package/index.js", "x");
    ab_add_special(ab, "package/fifo", AE_IFIFO);
    ab_add_special(ab, "package/null", AE_IFCHR);
    ab_add_special(ab, "package/disk", AE_IFBLK);
    size_t len;
    unsigned char *tgz = ab_finish(ab, &len);
    pw_limits lim = limits();
    pwi_tree t;
    pw_error err;
    assert_int_equal(ingest("dev.tgz", tgz, len, &lim, &t, &err), PW_OK);
    assert_int_equal(count_anomalies(&t, PWI_AN_SPECIAL), 3);
    const pwi_file *f = find_file(&t, "package/fifo");
    assert_non_null(f);
    assert_int_equal(f->type, PWI_FT_OTHER);
    assert_null(f->data);
    assert_non_null(find_anomaly(&t, PWI_AN_SPECIAL, "package/null"));
    pwi_tree_release(&t);

    pw_status st;
    pw_report *rep = scan("dev.tgz", tgz, len, NULL, &st);
    assert_int_equal(st, PW_OK);
    assert_int_equal(tu_report_count(rep, PWI_AN_SPECIAL), 3);
    pw_report_free(rep);
    free(tgz);
}

/* ---- entry and size limits -------------------------------------------------------- */

static unsigned char *many_entries(size_t n, size_t *len)
{
    ab_archive *ab = ab_new(AB_USTAR_GZ);
    char name[64];
    for (size_t i = 0; i < n; i++) {
        snprintf(name, sizeof name, "package/f%06zu", i);
        ab_add_file(ab, name, "", 0);
    }
    return ab_finish(ab, len);
}

static void test_too_many_entries_default(void **state)
{
    (void)state;
    size_t len;
    unsigned char *tgz = many_entries(100001, &len);
    pw_limits lim = limits();
    assert_int_equal(lim.max_entries, 100000);
    pwi_tree t;
    pw_error err;
    assert_int_equal(ingest("many.tgz", tgz, len, &lim, &t, &err), PW_ERR_LIMIT);
    assert_int_equal(err.code, PW_ERR_LIMIT);
    assert_non_null(strstr(err.msg, "entries"));
    assert_int_equal(t.nfiles, 100000);
    assert_int_equal(t.incomplete, PW_ERR_LIMIT);
    assert_int_equal(count_anomalies(&t, PWI_AN_TOO_MANY), 1);
    pwi_tree_release(&t);
    free(tgz);

    /* exactly at the limit is fine */
    tgz = many_entries(100000, &len);
    assert_int_equal(ingest("many.tgz", tgz, len, &lim, &t, &err), PW_OK);
    assert_int_equal(count_anomalies(&t, PWI_AN_TOO_MANY), 0);
    pwi_tree_release(&t);
    free(tgz);
}

static void test_too_many_entries_small(void **state)
{
    (void)state;
    pw_limits lim = limits();
    lim.max_entries = 10;
    size_t len;
    unsigned char *tgz = many_entries(10, &len);
    pwi_tree t;
    pw_error err;
    assert_int_equal(ingest("ten.tgz", tgz, len, &lim, &t, &err), PW_OK);
    assert_int_equal(t.nfiles, 10);
    pwi_tree_release(&t);
    free(tgz);

    tgz = many_entries(11, &len);
    assert_int_equal(ingest("eleven.tgz", tgz, len, &lim, &t, &err), PW_ERR_LIMIT);
    assert_int_equal(t.nfiles, 10);
    assert_int_equal(count_anomalies(&t, PWI_AN_TOO_MANY), 1);
    pwi_tree_release(&t);

    pw_status st;
    pw_report *rep = scan("eleven.tgz", tgz, len, &lim, &st);
    assert_int_equal(st, PW_ERR_LIMIT);
    assert_int_equal(tu_report_count(rep, PWI_AN_TOO_MANY), 1);
    assert_int_equal(pw_report_error_count(rep), 1);
    assert_int_equal(pw_report_error_at(rep, 0)->code, PW_ERR_LIMIT);
    /* what was read is still reported */
    assert_true(pw_report_package_count(rep) >= 1);
    pw_report_free(rep);
    free(tgz);
}

static void test_too_large_total(void **state)
{
    (void)state;
    pw_limits lim = limits();
    lim.max_total_bytes = 1000;
    unsigned char *junk = noise(600, 7);
    ab_archive *ab = ab_new(AB_TGZ);
    ab_add_file(ab, "package/a.bin", junk, 600);
    ab_add_file(ab, "package/b.bin", junk, 600);
    ab_add_file(ab, "package/c.bin", junk, 600);
    size_t len;
    unsigned char *tgz = ab_finish(ab, &len);
    free(junk);
    pwi_tree t;
    pw_error err;
    assert_int_equal(ingest("large.tgz", tgz, len, &lim, &t, &err), PW_ERR_LIMIT);
    assert_non_null(strstr(err.msg, "max_total_bytes"));
    assert_int_equal(count_anomalies(&t, PWI_AN_TOO_BIG), 1);
    assert_int_equal(t.incomplete, PW_ERR_LIMIT);
    assert_null(find_file(&t, "package/c.bin"));
    pwi_tree_release(&t);

    pw_status st;
    pw_report *rep = scan("large.tgz", tgz, len, &lim, &st);
    assert_int_equal(st, PW_ERR_LIMIT);
    assert_int_equal(tu_report_count(rep, PWI_AN_TOO_BIG), 1);
    assert_int_equal(pw_report_error_count(rep), 1);
    pw_report_free(rep);
    free(tgz);

    /* a plain input over the limit is an error before anything is read */
    unsigned char *big = noise(2000, 3);
    assert_int_equal(ingest("big.js", big, 2000, &lim, &t, &err), PW_ERR_LIMIT);
    assert_int_equal(t.nfiles, 0);
    pwi_tree_release(&t);
    free(big);
}

/* A file cut short across many archive blocks is still hashed whole; a
 * file kept whole is hashed on demand to the same digest. */
static void test_hash_of_large_entries(void **state)
{
    (void)state;
    pw_limits lim = limits();
    lim.max_file_bytes = 100000;
    size_t n = 700000;
    unsigned char *content = noise(n, 7);
    unsigned char want[32], got[32];
    crypto_hash_sha256(want, content, n);
    ab_archive *ab = ab_new(AB_TGZ);
    ab_add_file(ab, "package/huge.bin", content, n);
    ab_add_file(ab, "package/whole.bin", content, 90000);
    size_t len;
    unsigned char *tgz = ab_finish(ab, &len);
    pwi_tree t;
    pw_error err;
    assert_int_equal(ingest("huge.tgz", tgz, len, &lim, &t, &err), PW_OK);
    pwi_file *f = (pwi_file *)find_file(&t, "package/huge.bin");
    assert_true(f->truncated);
    assert_true(f->have_sha);
    assert_int_equal(pwi_file_sha256(f, got), 0);
    assert_memory_equal(got, want, 32);
    f = (pwi_file *)find_file(&t, "package/whole.bin");
    assert_false(f->truncated);
    assert_false(f->have_sha); /* not hashed until asked */
    crypto_hash_sha256(want, content, 90000);
    assert_int_equal(pwi_file_sha256(f, got), 0);
    assert_memory_equal(got, want, 32);
    pwi_tree_release(&t);
    free(tgz);
    free(content);
}

static void test_file_too_large_to_analyse(void **state)
{
    (void)state;
    pw_limits lim = limits();
    lim.max_file_bytes = 100;
    unsigned char *content = noise(1000, 42);
    unsigned char want[32], want2[32];
    crypto_hash_sha256(want, content, 1000);
    pwi_sha256_buf(content, 1000, want2);
    assert_memory_equal(want, want2, 32);

    ab_archive *ab = ab_new(AB_TGZ);
    ab_add_file(ab, "package/big.bin", content, 1000);
    ab_add_str(ab, "package/small.js", "x");
    size_t len;
    unsigned char *tgz = ab_finish(ab, &len);
    pwi_tree t;
    pw_error err;
    assert_int_equal(ingest("trunc.tgz", tgz, len, &lim, &t, &err), PW_OK);
    const pwi_file *f = find_file(&t, "package/big.bin");
    assert_non_null(f);
    assert_true(f->truncated);
    assert_int_equal(f->size, 1000);
    assert_int_equal(f->len, 100);
    assert_memory_equal(f->data, content, 100);
    assert_true(f->have_sha);
    assert_memory_equal(f->sha256, want, 32); /* of all 1000 bytes */
    assert_non_null(find_anomaly(&t, PWI_AN_FILE_TRUNC, "package/big.bin"));
    assert_null(find_anomaly(&t, PWI_AN_FILE_TRUNC, "package/small.js"));
    assert_false(find_file(&t, "package/small.js")->truncated);
    pwi_tree_release(&t);

    /* the same for a plain file */
    assert_int_equal(ingest("dir/big.js", content, 1000, &lim, &t, &err), PW_OK);
    assert_int_equal(t.nfiles, 1);
    f = &t.files[0];
    assert_string_equal(f->path, "big.js");
    assert_true(f->truncated);
    assert_int_equal(f->len, 100);
    assert_int_equal(f->size, 1000);
    assert_memory_equal(f->sha256, want, 32);
    assert_int_equal(count_anomalies(&t, PWI_AN_FILE_TRUNC), 1);
    pwi_tree_release(&t);

    pw_status st;
    pw_report *rep = scan("trunc.tgz", tgz, len, &lim, &st);
    assert_int_equal(st, PW_OK);
    assert_int_equal(tu_report_count(rep, PWI_AN_FILE_TRUNC), 1);
    assert_int_equal(pw_report_error_count(rep), 0);
    pw_report_free(rep);
    free(tgz);
    free(content);
}

/* ---- nested archives -------------------------------------------------------------- */

/* levels npm tgz, each holding the next at package/inner.tgz. */
static unsigned char *nested(unsigned levels, size_t *len)
{
    unsigned char *inner = NULL;
    size_t inner_len = 0;
    for (unsigned i = levels; i >= 1; i--) {
        char name[32];
        snprintf(name, sizeof name, "level%u", i);
        unsigned char *t = npm_tgz(name, inner, inner_len, &inner_len);
        free(inner);
        inner = t;
    }
    *len = inner_len;
    return inner;
}

static void test_nested_within_limit(void **state)
{
    (void)state;
    pw_limits lim = limits();
    assert_int_equal(lim.max_nesting, 3);
    size_t len;
    unsigned char *tgz = nested(4, &len); /* outer + 3 nested */
    pwi_tree t;
    pw_error err;
    assert_int_equal(ingest("outer.tgz", tgz, len, &lim, &t, &err), PW_OK);
    assert_int_equal(t.nanomalies, 0);
    assert_non_null(find_file(&t, "package/inner.tgz!/package/index.js"));
    assert_non_null(find_file(
        &t, "package/inner.tgz!/package/inner.tgz!/package/inner.tgz!/package/index.js"));
    /* the nested archive itself is an entry too, with its own hash
     * (computed on demand from the bytes kept in memory) */
    pwi_file *f = (pwi_file *)find_file(&t, "package/inner.tgz");
    assert_non_null(f);
    unsigned char md[32], want[32];
    assert_int_equal(pwi_file_sha256(f, md), 0);
    pwi_sha256_buf(f->data, f->len, want);
    assert_memory_equal(md, want, 32);
    assert_true(f->have_sha);
    pwi_tree_release(&t);

    pw_status st;
    pw_report *rep = scan("outer.tgz", tgz, len, NULL, &st);
    assert_int_equal(st, PW_OK);
    assert_int_equal(pw_report_package_count(rep), 4);
    int seen[5] = {0};
    for (size_t i = 0; i < pw_report_package_count(rep); i++) {
        const pw_package_info *p = pw_report_package(rep, i);
        unsigned lvl = 0;
        assert_int_equal(sscanf(p->name, "level%u", &lvl), 1);
        assert_true(lvl >= 1 && lvl <= 4);
        seen[lvl]++;
        assert_string_equal(p->ecosystem, "npm");
        assert_int_equal(strncmp(p->source, "outer.tgz", 9), 0);
        if (lvl == 1)
            assert_string_equal(p->source, "outer.tgz");
        if (lvl == 2)
            assert_string_equal(p->source, "outer.tgz!package/inner.tgz");
        if (lvl > 1)
            assert_int_equal(p->file_count, lvl < 4 ? 3 : 2);
    }
    for (unsigned l = 1; l <= 4; l++)
        assert_int_equal(seen[l], 1);
    pw_report_free(rep);
    free(tgz);
}

static void test_nested_too_deep(void **state)
{
    (void)state;
    pw_limits lim = limits();
    size_t len;
    unsigned char *tgz = nested(5, &len); /* outer + 4 nested */
    pwi_tree t;
    pw_error err;
    assert_int_equal(ingest("outer.tgz", tgz, len, &lim, &t, &err), PW_OK);
    const char *deepest =
        "package/inner.tgz!/package/inner.tgz!/package/inner.tgz!/package/inner.tgz";
    assert_int_equal(count_anomalies(&t, PWI_AN_NESTING), 1);
    assert_non_null(find_anomaly(&t, PWI_AN_NESTING, deepest));
    assert_non_null(find_file(&t, deepest)); /* recorded, hashed, not opened */
    char below[256];
    snprintf(below, sizeof below, "%s!/package/index.js", deepest);
    assert_null(find_file(&t, below));
    pwi_tree_release(&t);

    /* a smaller limit stops earlier */
    lim.max_nesting = 1;
    assert_int_equal(ingest("outer.tgz", tgz, len, &lim, &t, &err), PW_OK);
    assert_non_null(find_file(&t, "package/inner.tgz!/package/index.js"));
    assert_non_null(
        find_anomaly(&t, PWI_AN_NESTING, "package/inner.tgz!/package/inner.tgz"));
    assert_null(find_file(&t, "package/inner.tgz!/package/inner.tgz!/package/index.js"));
    pwi_tree_release(&t);

    /* no nesting at all */
    lim.max_nesting = 0;
    assert_int_equal(ingest("outer.tgz", tgz, len, &lim, &t, &err), PW_OK);
    assert_non_null(find_anomaly(&t, PWI_AN_NESTING, "package/inner.tgz"));
    assert_null(find_file(&t, "package/inner.tgz!/package/index.js"));
    pwi_tree_release(&t);

    pw_status st;
    pw_report *rep = scan("outer.tgz", tgz, len, NULL, &st);
    assert_int_equal(st, PW_OK);
    assert_int_equal(tu_report_count(rep, PWI_AN_NESTING), 1);
    assert_int_equal(pw_report_package_count(rep), 4);
    pw_report_free(rep);
    free(tgz);
}

static void test_nested_corrupt(void **state)
{
    (void)state;
    size_t good_len;
    unsigned char *good = npm_tgz("inner", NULL, 0, &good_len);
    unsigned char garbage[300];
    memset(garbage, 'A', sizeof garbage);
    garbage[0] = 0x1f;
    garbage[1] = 0x8b;

    ab_archive *ab = ab_new(AB_TGZ);
    ab_add_str(ab, "package/package.json", "{\"name\":\"outer\"}");
    ab_add_file(ab, "package/garbage.tgz", garbage, sizeof garbage);
    ab_add_file(ab, "package/truncated.tgz", good, good_len / 2);
    ab_add_file(ab, "package/fine.tgz", good, good_len);
    ab_add_str(ab, "package/index.js", "after the corrupt ones");
    size_t len;
    unsigned char *tgz = ab_finish(ab, &len);
    free(good);

    pw_limits lim = limits();
    pwi_tree t;
    pw_error err;
    assert_int_equal(ingest("outer.tgz", tgz, len, &lim, &t, &err), PW_OK);
    assert_non_null(find_anomaly(&t, PWI_AN_CORRUPT_NESTED, "package/garbage.tgz"));
    assert_non_null(find_anomaly(&t, PWI_AN_CORRUPT_NESTED, "package/truncated.tgz"));
    assert_null(find_anomaly(&t, PWI_AN_CORRUPT_NESTED, "package/fine.tgz"));
    assert_non_null(find_file(&t, "package/fine.tgz!/package/index.js"));
    assert_non_null(find_file(&t, "package/index.js"));
    assert_int_equal(t.incomplete, PW_OK);
    pwi_tree_release(&t);

    pw_status st;
    pw_report *rep = scan("outer.tgz", tgz, len, NULL, &st);
    assert_int_equal(st, PW_OK);
    assert_int_equal(pw_report_error_count(rep), 0);
    assert_true(tu_report_count(rep, PWI_AN_CORRUPT_NESTED) >= 2);
    assert_int_equal(pw_report_package_count(rep), 2); /* outer, inner */
    pw_report_free(rep);
    free(tgz);
}

static void test_nested_zip_in_tgz(void **state)
{
    (void)state;
    ab_archive *z = ab_new(AB_ZIP);
    ab_add_str(z, "pkg/__init__.py", "import os\n");
    ab_add_str(z, "pkg-1.0.dist-info/METADATA", "Name: pkg\nVersion: 1.0\n\n");
    size_t zlen;
    unsigned char *zip = ab_finish(z, &zlen);
    ab_archive *ab = ab_new(AB_TGZ);
    ab_add_file(ab, "vendor/pkg-1.0-py3-none-any.whl", zip, zlen);
    size_t len;
    unsigned char *tgz = ab_finish(ab, &len);
    free(zip);
    pw_limits lim = limits();
    pwi_tree t;
    pw_error err;
    assert_int_equal(ingest("mixed.tgz", tgz, len, &lim, &t, &err), PW_OK);
    assert_non_null(find_file(&t, "vendor/pkg-1.0-py3-none-any.whl!/pkg/__init__.py"));
    pwi_tree_release(&t);
    free(tgz);
}

/* ---- corrupt and odd inputs ------------------------------------------------------- */

static void expect_format_error(const char *name, const void *buf, size_t len)
{
    pw_limits lim = limits();
    pwi_tree t;
    pw_error err;
    pw_status st = ingest(name, buf, len, &lim, &t, &err);
    if (st != PW_ERR_FORMAT)
        fail_msg("%s (%zu bytes): status %d, want PW_ERR_FORMAT", name, len, (int)st);
    assert_int_equal(err.code, PW_ERR_FORMAT);
    assert_true(strlen(err.msg) > 0);
    pwi_tree_release(&t);

    pw_report *rep = scan(name, buf, len, NULL, &st);
    assert_int_equal(st, PW_ERR_FORMAT);
    assert_int_equal(pw_report_error_count(rep), 1);
    const pw_report_error *re = pw_report_error_at(rep, 0);
    assert_int_equal(re->code, PW_ERR_FORMAT);
    assert_string_equal(re->input, name);
    assert_true(strlen(re->message) > 0);
    pw_report_free(rep);
}

static void test_truncated_gzip(void **state)
{
    (void)state;
    unsigned char *js = noise(4000, 9);
    ab_archive *ab = ab_new(AB_TGZ);
    ab_add_str(ab, "package/package.json", "{\"name\":\"t\"}");
    ab_add_file(ab, "package/a.bin", js, 4000);
    ab_add_file(ab, "package/b.bin", js, 4000);
    size_t len;
    unsigned char *tgz = ab_finish(ab, &len);
    free(js);
    expect_format_error("half.tgz", tgz, len / 2);
    expect_format_error("head.tgz", tgz, 12);

    /* every prefix: never a crash, never a clean result */
    pw_limits lim = limits();
    for (size_t cut = 0; cut < len; cut++) {
        pwi_tree t;
        pw_error err;
        pw_status st = ingest("cut.tgz", tgz, cut, &lim, &t, &err);
        if (st == PW_OK && cut >= 2) {
            dump_tree(&t);
            fail_msg("tgz cut to %zu of %zu bytes read without error", cut, len);
        }
        pwi_tree_release(&t);
    }
    free(tgz);
}

/* gzip's multi-member form, and a tar inflated whole (libdeflate) or by
 * libarchive's stream, give the same files. */
static void test_gzip_members(void **state)
{
    (void)state;
    unsigned char *noise1 = noise(70000, 3);
    ab_archive *ab = ab_new(AB_TAR);
    ab_add_str(ab, "package/package.json", "{\"name\":\"members\",\"version\":\"1.0.0\"}");
    ab_add_file(ab, "package/a.bin", noise1, 70000);
    ab_add_str(ab, "package/index.js", "module.exports = 42;\n");
    size_t tar_len;
    unsigned char *tar = ab_finish(ab, &tar_len);
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(6);
    assert_non_null(c);
    size_t cap = libdeflate_gzip_compress_bound(c, tar_len) * 2;
    unsigned char *one = malloc(cap), *two = malloc(cap);
    size_t one_len = libdeflate_gzip_compress(c, tar, tar_len, one, cap);
    size_t half = tar_len / 2;
    size_t a = libdeflate_gzip_compress(c, tar, half, two, cap);
    size_t b = libdeflate_gzip_compress(c, tar + half, tar_len - half, two + a, cap - a);
    assert_true(one_len > 0 && a > 0 && b > 0);
    libdeflate_free_compressor(c);

    pw_limits lim = limits();
    pwi_tree t1, t2;
    pw_error err;
    assert_int_equal(ingest("one.tgz", one, one_len, &lim, &t1, &err), PW_OK);
    assert_int_equal(ingest("two.tgz", two, a + b, &lim, &t2, &err), PW_OK);
    assert_int_equal(t1.nfiles, t2.nfiles);
    size_t regular = 0;
    for (size_t i = 0; i < t1.nfiles; i++) {
        assert_string_equal(t1.files[i].path, t2.files[i].path);
        assert_int_equal(t1.files[i].len, t2.files[i].len);
        if (t1.files[i].len)
            assert_memory_equal(t1.files[i].data, t2.files[i].data, t1.files[i].len);
        regular += t1.files[i].type == PWI_FT_REG;
    }
    assert_int_equal(regular, 3);
    assert_int_equal(t1.total_bytes, t2.total_bytes);
    const pwi_file *f = NULL;
    for (size_t i = 0; i < t1.nfiles; i++)
        if (!strcmp(t1.files[i].path, "package/a.bin"))
            f = &t1.files[i];
    assert_non_null(f);
    assert_memory_equal(f->data, noise1, 70000);
    pwi_tree_release(&t1);

    /* a size field that claims more than DEFLATE can give is not believed
     * (no allocation of it): the archive goes the streaming way, which
     * reads the tar as before */
    one[one_len - 1] = 0x7f;
    pwi_tree t3;
    assert_int_equal(ingest("lie.tgz", one, one_len, &lim, &t3, &err), PW_OK);
    assert_int_equal(t3.nfiles, t2.nfiles);
    pwi_tree_release(&t3);
    pwi_tree_release(&t2);
    free(one);
    free(two);
    free(tar);
    free(noise1);
}

/* Files of an inflated .tgz point into the inflated tar instead of
 * being copied, when their data is followed by tar's NUL padding; a file
 * of an exact multiple of 512 bytes (a header follows) and one cut at
 * max_file_bytes are copied. Either way the data is the file's bytes and
 * NUL-terminated, and a nested archive read from lent data works. */
static void test_lent_file_data(void **state)
{
    (void)state;
    unsigned char *exact = noise(1024, 5), *big = noise(5000, 6);
    ab_archive *in = ab_new(AB_TAR);
    ab_add_str(in, "inner/x.js", "console.log('inner');\n");
    size_t in_len;
    unsigned char *inner = ab_finish(in, &in_len);
    ab_archive *ab = ab_new(AB_TGZ); /* one gzip member: inflated whole */
    ab_add_str(ab, "package/package.json", "{\"name\":\"lent\",\"version\":\"1.0.0\"}");
    ab_add_file(ab, "package/exact.bin", exact, 1024);
    ab_add_file(ab, "package/big.bin", big, 5000);
    ab_add_file(ab, "package/inner.tar", inner, in_len);
    size_t gz_len;
    unsigned char *gz = ab_finish(ab, &gz_len);

    pw_limits lim = limits();
    lim.max_file_bytes = 4096;
    pwi_tree t;
    pw_error err;
    assert_int_equal(ingest("lent.tgz", gz, gz_len, &lim, &t, &err), PW_OK);
    const pwi_file *pj = find_file(&t, "package/package.json");
    const pwi_file *ex = find_file(&t, "package/exact.bin");
    const pwi_file *bg = find_file(&t, "package/big.bin");
    const pwi_file *nx = find_file(&t, "package/inner.tar!/inner/x.js");
    assert_non_null(pj);
    assert_non_null(ex);
    assert_non_null(bg);
    assert_non_null(nx);
    assert_true(pj->lent);
    assert_int_equal(pj->len, strlen("{\"name\":\"lent\",\"version\":\"1.0.0\"}"));
    assert_int_equal(pj->data[pj->len], 0);
    assert_false(ex->lent);
    assert_int_equal(ex->len, 1024);
    assert_memory_equal(ex->data, exact, 1024);
    assert_int_equal(ex->data[1024], 0);
    assert_false(bg->lent);
    assert_true(bg->truncated);
    assert_int_equal(bg->len, 4096);
    assert_memory_equal(bg->data, big, 4096);
    assert_int_equal(bg->data[4096], 0);
    assert_int_equal(nx->len, strlen("console.log('inner');\n"));
    assert_memory_equal(nx->data, "console.log('inner');\n", nx->len);
    assert_int_equal(t.nblobs, 1);
    pwi_tree_release(&t);
    free(gz);
    free(inner);
    free(exact);
    free(big);
}

static void test_corrupt_tar(void **state)
{
    (void)state;
    ab_archive *ab = ab_new(AB_TAR);
    ab_add_str(ab, "package/package.json", "{\"name\":\"t\"}");
    ab_add_str(ab, "package/a.js", "a");
    ab_add_str(ab, "package/b.js", "b");
    size_t len;
    unsigned char *tar = ab_finish(ab, &len);
    assert_true(len >= 3 * 1024);

    /* a damaged second header (its checksum no longer matches) */
    unsigned char *bad = malloc(len);
    memcpy(bad, tar, len);
    bad[1024 + 10] ^= 0x55; /* inside the name field of the 2nd header */
    expect_format_error("hdr2.tar", bad, len);

    /* a damaged first header: not even recognisable as tar */
    memcpy(bad, tar, len);
    bad[0] ^= 0x55;
    bad[148] = 'z'; /* checksum field */
    expect_format_error("hdr1.tar", bad, len);

    /* a header whose size field is not a number */
    memcpy(bad, tar, len);
    memcpy(bad + 124, "zzzzzzzzzzz", 11);
    expect_format_error("size.tar", bad, len);
    free(bad);
    free(tar);
}

static void test_gzip_magic_garbage(void **state)
{
    (void)state;
    unsigned char buf[1024];
    memset(buf, 0x41, sizeof buf);
    buf[0] = 0x1f;
    buf[1] = 0x8b;
    expect_format_error("garbage.tgz", buf, sizeof buf);
    expect_format_error("magic-only.tgz", buf, 2);
    unsigned char *n = noise(4096, 5);
    n[0] = 0x1f;
    n[1] = 0x8b;
    n[2] = 8; /* deflate, so the gzip header itself looks right */
    n[3] = 0;
    expect_format_error("noise.tgz", n, 4096);
    /* zip magic with nothing behind it */
    memcpy(n, "PK\x03\x04", 4);
    expect_format_error("noise.zip", n, 4096);
    free(n);
}

static void test_gzip_of_plain_file(void **state)
{
    (void)state;
    /* a valid gzip stream that holds no archive */
    struct archive *a = archive_write_new();
    assert_non_null(a);
    archive_write_add_filter_gzip(a);
    archive_write_set_format_raw(a);
    unsigned char out[4096];
    size_t used = 0;
    assert_int_equal(archive_write_open_memory(a, out, sizeof out, &used), ARCHIVE_OK);
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, "x");
    archive_entry_set_filetype(e, AE_IFREG);
    assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
    archive_write_data(a, "hello, world\n", 13);
    archive_entry_free(e);
    archive_write_close(a);
    archive_write_free(a);
    expect_format_error("hello.txt.gz", out, used);
}

static void test_empty_archives(void **state)
{
    (void)state;
    size_t len;
    unsigned char *tgz = ab_finish(ab_new(AB_TGZ), &len);
    pw_limits lim = limits();
    pwi_tree t;
    pw_error err;
    /* an archive with no entries is valid and empty */
    assert_int_equal(ingest("empty.tgz", tgz, len, &lim, &t, &err), PW_OK);
    assert_int_equal(t.nfiles, 0);
    pwi_tree_release(&t);
    free(tgz);

    /* an empty zip (end of central directory only): libarchive reports no
     * format for it, so it is refused like any non-archive; either way
     * nothing is made up */
    unsigned char *zip = ab_finish(ab_new(AB_ZIP), &len);
    pw_status st = ingest("empty.zip", zip, len, &lim, &t, &err);
    assert_true(st == PW_OK || st == PW_ERR_FORMAT);
    assert_int_equal(t.nfiles, 0);
    pwi_tree_release(&t);
    free(zip);

    /* an empty plain input is one empty file */
    assert_int_equal(ingest("empty.js", "", 0, &lim, &t, &err), PW_OK);
    assert_int_equal(t.nfiles, 1);
    assert_int_equal(t.files[0].size, 0);
    pwi_tree_release(&t);
}

static void test_zip_names(void **state)
{
    (void)state;
    ab_archive *ab = ab_new(AB_ZIP);
    ab_add_str(ab, "pkg/caf\xc3\xa9.py", "x = 1\n");
    ab_add_str(ab, "../evil.py", "x = 2\n");
    ab_add_str(ab, "pkg/__init__.py", "x = 3\n");
    ab_add_str(ab, "pkg/__init__.py", "x = 4\n");
    size_t len;
    unsigned char *zip = ab_finish(ab, &len);
    pw_limits lim = limits();
    pwi_tree t;
    pw_error err;
    assert_int_equal(ingest("names.zip", zip, len, &lim, &t, &err), PW_OK);
    if (!find_file(&t, "pkg/caf\xc3\xa9.py"))
        dump_tree(&t);
    assert_non_null(find_file(&t, "pkg/caf\xc3\xa9.py"));
    assert_int_equal(count_anomalies(&t, PWI_AN_BAD_NAME), 0);
    assert_non_null(find_anomaly(&t, PWI_AN_TRAVERSAL, "evil.py"));
    assert_non_null(find_anomaly(&t, PWI_AN_DUPLICATE, "pkg/__init__.py"));
    const pwi_file *f = find_file(&t, "pkg/caf\xc3\xa9.py");
    assert_int_equal(f->len, 6);
    assert_memory_equal(f->data, "x = 1\n", 6);
    pwi_tree_release(&t);
    free(zip);
}

/* ---- inputs from disk ---------------------------------------------------------------
 */

static void test_ingest_path(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    size_t len;
    unsigned char *tgz = npm_tgz("ondisk", NULL, 0, &len);
    char path[4096];
    snprintf(path, sizeof path, "%s/ondisk-1.0.0.tgz", dir);
    assert_int_equal(tu_write_file(path, tgz, len), 0);
    pw_limits lim = limits();
    pwi_tree t;
    pw_error err;
    pwi_tree_init(&t, path);
    memset(&err, 0, sizeof err);
    assert_int_equal(pwi_ingest_path(path, &lim, &t, &err), PW_OK);
    assert_true(t.is_archive);
    assert_non_null(find_file(&t, "package/index.js"));
    pwi_tree_release(&t);

    /* the on-disk size is checked before the file is mapped */
    lim.max_total_bytes = len - 1;
    pwi_tree_init(&t, path);
    assert_int_equal(pwi_ingest_path(path, &lim, &t, &err), PW_ERR_LIMIT);
    pwi_tree_release(&t);

    snprintf(path, sizeof path, "%s/missing.tgz", dir);
    lim = limits();
    pwi_tree_init(&t, path);
    assert_int_equal(pwi_ingest_path(path, &lim, &t, &err), PW_ERR_IO);
    assert_int_equal(err.code, PW_ERR_IO);
    assert_true(strlen(err.msg) > 0);
    pwi_tree_release(&t);

    snprintf(path, sizeof path, "%s/empty", dir);
    assert_int_equal(tu_write_file(path, "", 0), 0);
    pwi_tree_init(&t, path);
    assert_int_equal(pwi_ingest_path(path, &lim, &t, &err), PW_OK);
    assert_int_equal(t.nfiles, 1);
    pwi_tree_release(&t);

    free(tgz);
    tu_rmtree(dir);
    free(dir);
}

static void test_detect_kind(void **state)
{
    (void)state;
    assert_int_equal(pwi_detect_kind((const unsigned char *)"\x1f\x8b", 2), PWI_IN_GZIP);
    assert_int_equal(pwi_detect_kind((const unsigned char *)"\x1f", 1), PWI_IN_PLAIN);
    assert_int_equal(pwi_detect_kind((const unsigned char *)"PK\x03\x04", 4), PWI_IN_ZIP);
    assert_int_equal(pwi_detect_kind((const unsigned char *)"BZh9", 4), PWI_IN_BZIP2);
    assert_int_equal(pwi_detect_kind((const unsigned char *)"{}", 2), PWI_IN_PLAIN);
    assert_int_equal(pwi_detect_kind(NULL, 0), PWI_IN_PLAIN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lent_file_data),
        cmocka_unit_test(test_ratio_bomb),
        cmocka_unit_test(test_ratio_bomb_zip),
        cmocka_unit_test(test_small_files_are_not_bombs),
        cmocka_unit_test(test_path_traversal),
        cmocka_unit_test(test_path_normalize),
        cmocka_unit_test(test_duplicate_entries),
        cmocka_unit_test(test_invalid_utf8_name),
        cmocka_unit_test(test_control_chars_in_name),
        cmocka_unit_test(test_empty_name),
        cmocka_unit_test(test_symlink_escapes),
        cmocka_unit_test(test_symlink_inside),
        cmocka_unit_test(test_hardlinks),
        cmocka_unit_test(test_special_files),
        cmocka_unit_test(test_too_many_entries_default),
        cmocka_unit_test(test_too_many_entries_small),
        cmocka_unit_test(test_too_large_total),
        cmocka_unit_test(test_file_too_large_to_analyse),
        cmocka_unit_test(test_hash_of_large_entries),
        cmocka_unit_test(test_nested_within_limit),
        cmocka_unit_test(test_nested_too_deep),
        cmocka_unit_test(test_nested_corrupt),
        cmocka_unit_test(test_nested_zip_in_tgz),
        cmocka_unit_test(test_truncated_gzip),
        cmocka_unit_test(test_gzip_members),
        cmocka_unit_test(test_corrupt_tar),
        cmocka_unit_test(test_gzip_magic_garbage),
        cmocka_unit_test(test_gzip_of_plain_file),
        cmocka_unit_test(test_empty_archives),
        cmocka_unit_test(test_zip_names),
        cmocka_unit_test(test_ingest_path),
        cmocka_unit_test(test_detect_kind),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
