/* test-rules-image.c - cached rule images (src/rules/rules-image.c): a warm
 * load gives exactly the rules a YAML parse gives, and a stale, damaged
 * or cut-short image is never used. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <dirent.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pkgward.h"
#include "rules/rules-image.h"
#include "rules/rules.h"
#include "testutil.h"

static char *cache;

static int setup(void **state)
{
    (void)state;
    cache = tu_tempdir();
    setenv("PKGWARD_CACHE_DIR", cache, 1);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_rmtree(cache);
    free(cache);
    unsetenv("PKGWARD_CACHE_DIR");
    return 0;
}

static pw_rules *load(const char *dir)
{
    pw_rules *r = NULL;
    pw_error e;
    memset(&e, 0, sizeof e);
    if (pw_rules_new(&r, dir, &e) != PW_OK)
        fail_msg("rules: %s", e.msg);
    return r;
}

/* The one rules-*.img of the cache directory (malloc'd path), or NULL. */
static char *image_path(void)
{
    DIR *d = opendir(cache);
    assert_non_null(d);
    char *found = NULL;
    int count = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t n = strlen(de->d_name);
        if (!strncmp(de->d_name, "rules-", 6) && n > 4 && !strcmp(de->d_name + n - 4, ".img")) {
            count++;
            free(found);
            size_t len = strlen(cache) + n + 2;
            found = malloc(len);
            snprintf(found, len, "%s/%s", cache, de->d_name);
        }
    }
    closedir(d);
    if (count > 1)
        fail_msg("%d images, expected at most one", count);
    return found;
}

static void same_str(const char *a, const char *b, const char *what, const char *id)
{
    if ((a == NULL) != (b == NULL) || (a && strcmp(a, b)))
        fail_msg("%s: %s differs: \"%s\" vs \"%s\"", id, what, a ? a : "(null)",
                 b ? b : "(null)");
}

static void same_match(const pwi_match *a, const pwi_match *b, const char *id)
{
    if ((a == NULL) != (b == NULL))
        fail_msg("%s: one rule has a condition, the other none", id);
    if (!a)
        return;
    if (a->kind != b->kind || a->nkids != b->nkids || a->at_least != b->at_least ||
        a->within != b->within || a->scope != b->scope || a->nocase != b->nocase ||
        a->count != b->count || a->line != b->line || a->text_len != b->text_len ||
        (a->text && memcmp(a->text, b->text, a->text_len)))
        fail_msg("%s: condition at line %zu differs", id, a->line);
    if (a->kind == PWI_M_REGEX) {
        assert_non_null(a->re);
        assert_non_null(b->re);
        size_t sa = 0, sb = 0;
        pcre2_pattern_info(a->re, PCRE2_INFO_SIZE, &sa);
        pcre2_pattern_info(b->re, PCRE2_INFO_SIZE, &sb);
        if (sa != sb)
            fail_msg("%s: regex at line %zu compiled to %zu vs %zu bytes", id, a->line,
                     sa, sb);
        /* and it still matches its own source text the same way */
        pcre2_match_data *md = pcre2_match_data_create(4, NULL);
        int ra = pcre2_match(a->re, (PCRE2_SPTR)a->text, a->text_len, 0, 0, md, NULL);
        int rb = pcre2_match(b->re, (PCRE2_SPTR)a->text, a->text_len, 0, 0, md, NULL);
        pcre2_match_data_free(md);
        assert_int_equal(ra, rb);
    } else {
        assert_null(b->re);
    }
    for (size_t i = 0; i < a->nkids; i++)
        same_match(a->kids[i], b->kids[i], id);
}

static void same_rules(const pw_rules *x, const pw_rules *y)
{
    assert_int_equal(pwi_rules_n(x), pwi_rules_n(y));
    for (size_t i = 0; i < pwi_rules_n(x); i++) {
        const pwi_rule *a = pwi_rules_at(x, i), *b = pwi_rules_at(y, i);
        const char *id = a->info.id;
        same_str(a->info.id, b->info.id, "id", id);
        same_str(a->info.title, b->info.title, "title", id);
        same_str(a->info.category, b->info.category, "category", id);
        same_str(a->info.ecosystems, b->info.ecosystems, "ecosystems", id);
        same_str(a->info.applies_to, b->info.applies_to, "applies_to", id);
        same_str(a->info.description, b->info.description, "description", id);
        same_str(a->info.remediation, b->info.remediation, "remediation", id);
        same_str(a->info.references, b->info.references, "references", id);
        same_str(a->info.file, b->info.file, "file", id);
        same_str(a->fixtures, b->fixtures, "fixtures", id);
        assert_int_equal(a->info.severity, b->info.severity);
        assert_int_equal(a->confidence, b->confidence);
        assert_int_equal(a->applies, b->applies);
        assert_int_equal(a->ecosystems, b->ecosystems);
        assert_int_equal(a->role, b->role);
        assert_int_equal(a->nfields, b->nfields);
        for (size_t j = 0; j < a->nfields; j++)
            same_str(a->fields[j], b->fields[j], "field", id);
        assert_int_equal(a->npaths, b->npaths);
        for (size_t j = 0; j < a->npaths; j++)
            same_str(a->paths[j], b->paths[j], "path", id);
        same_match(a->match, b->match, id);
    }
}

/* The shipped rules: parsed once, then read back from the image. */
static void test_warm_load_is_identical(void **state)
{
    (void)state;
    pw_rules *cold = load(PW_TEST_SRCDIR "/rules");
    assert_int_equal(pwi_rules_from_image(cold), 0);
    assert_true(pwi_rules_n(cold) >= 50);
    char *img = image_path();
    assert_non_null(img);
    pw_rules *warm = load(PW_TEST_SRCDIR "/rules");
    assert_int_equal(pwi_rules_from_image(warm), pwi_rules_n(warm));
    same_rules(cold, warm);
    /* both compile, and to the same prefilter verdicts */
    pw_error e;
    assert_int_equal(pw_rules_compile(cold, &e), PW_OK);
    assert_int_equal(pw_rules_compile(warm, &e), PW_OK);
    assert_int_equal(pwi_rules_leaf_count(cold), pwi_rules_leaf_count(warm));
    for (unsigned i = 0; i < pwi_rules_leaf_count(cold); i++)
        assert_int_equal(pwi_rules_leaf(cold, i)->prefiltered,
                         pwi_rules_leaf(warm, i)->prefiltered);
    pw_rules_free(cold);
    pw_rules_free(warm);
    free(img);
}

/* Damaged images: a flipped byte anywhere, a cut, an empty file, garbage
 * of the right length. Each is ignored (the YAML is parsed), and the next
 * load writes a good image again. */
static void test_damaged_image_is_not_used(void **state)
{
    (void)state;
    pw_rules *ref = load(PW_TEST_SRCDIR "/rules");
    char *img = image_path();
    assert_non_null(img);
    size_t len;
    char *good = tu_read_file(img, &len);
    assert_true(len > 1000);
    const size_t flips[] = {0, 9, 50, 60, len / 3, len / 2, len - 1};
    for (size_t k = 0; k < sizeof flips / sizeof *flips + 3; k++) {
        char *bad = malloc(len);
        memcpy(bad, good, len);
        size_t blen = len;
        if (k < sizeof flips / sizeof *flips)
            bad[flips[k]] ^= 0x20;
        else if (k == sizeof flips / sizeof *flips)
            blen = len / 2;
        else if (k == sizeof flips / sizeof *flips + 1)
            blen = 0;
        else
            memset(bad + 72, 0x41, len - 72);
        assert_int_equal(tu_write_file(img, bad, blen), 0);
        free(bad);
        pw_rules *r = load(PW_TEST_SRCDIR "/rules");
        if (pwi_rules_from_image(r) != 0)
            fail_msg("damage #%zu was not noticed", k);
        same_rules(ref, r);
        pw_rules_free(r);
        /* rewritten by that load */
        pw_rules *again = load(PW_TEST_SRCDIR "/rules");
        assert_int_equal(pwi_rules_from_image(again), pwi_rules_n(again));
        pw_rules_free(again);
    }
    free(good);
    free(img);
    pw_rules_free(ref);
}

/* Waits until files just written are older than the image settle time
 * (2 s), so that their directory may get an image. */
static void settle(void)
{
    struct timespec t = {2, 300000000};
    while (nanosleep(&t, &t) != 0)
        ;
}

static void write_rule(const char *dir, const char *literal)
{
    char path[4096], body[1024];
    snprintf(path, sizeof path, "%s/marker.yml", dir);
    snprintf(body, sizeof body,
             "id: user-marker\ntitle: Marker\nseverity: high\ncategory: test\n"
             "applies_to: js\nmatch:\n  literal: \"%s\"\n"
             "description: A marker.\nremediation: None.\n",
             literal);
    assert_int_equal(tu_write_file(path, body, strlen(body)), 0);
}

/* Editing a rule file (even to the same size), adding one or removing one
 * makes a new image: a stale one is never read. A file changed in the
 * last two seconds keeps its directory from getting an image at all. */
static void test_edit_makes_new_image(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    write_rule(dir, "MARKER_AAAA");
    pw_rules *r = load(dir);
    assert_int_equal(pwi_rules_from_image(r), 0);
    pw_rules_free(r);
    r = load(dir);
    assert_int_equal(pwi_rules_from_image(r), 0); /* still settling: no image */
    pw_rules_free(r);
    assert_null(image_path());
    settle();
    r = load(dir);
    assert_int_equal(pwi_rules_from_image(r), 0);
    pw_rules_free(r);
    r = load(dir);
    assert_int_equal(pwi_rules_from_image(r), 1);
    pw_rules_free(r);

    write_rule(dir, "MARKER_BBBB"); /* same size, new content */
    r = load(dir);
    assert_int_equal(pwi_rules_from_image(r), 0);
    const pwi_rule *x = pwi_rules_lookup(r, "user-marker");
    assert_non_null(x);
    assert_memory_equal(x->match->text, "MARKER_BBBB", 11);
    pw_rules_free(r);
    r = load(dir);
    assert_int_equal(pwi_rules_from_image(r), 0);
    assert_memory_equal(pwi_rules_lookup(r, "user-marker")->match->text, "MARKER_BBBB", 11);
    pw_rules_free(r);

    char extra[4096];
    snprintf(extra, sizeof extra, "%s/sub", dir);
    assert_int_equal(mkdir(extra, 0755), 0);
    static const char two[] =
        "id: user-two\ntitle: Two\nseverity: low\ncategory: test\napplies_to: py\n"
        "match:\n  regex: 'ev[a]l\\('\ndescription: d\nremediation: r\n";
    snprintf(extra, sizeof extra, "%s/sub/two.yml", dir);
    assert_int_equal(tu_write_file(extra, two, sizeof two - 1), 0);
    settle();
    r = load(dir);
    assert_int_equal(pwi_rules_n(r), 2);
    assert_int_equal(pwi_rules_from_image(r), 0);
    pw_rules_free(r);
    r = load(dir);
    assert_int_equal(pwi_rules_from_image(r), 2);
    assert_non_null(pwi_rules_lookup(r, "user-two")->match->re);
    pw_rules_free(r);

    assert_int_equal(unlink(extra), 0);
    r = load(dir);
    assert_int_equal(pwi_rules_n(r), 1);
    pw_rules_free(r);
    tu_rmtree(dir);
    free(dir);
}

static void write_named(const char *dir, const char *name, const char *id)
{
    char path[4096], body[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(body, sizeof body,
             "id: %s\ntitle: T\nseverity: low\ncategory: test\napplies_to: js\n"
             "match:\n  literal: \"%s\"\ndescription: d\nremediation: r\n",
             id, id);
    assert_int_equal(tu_write_file(path, body, strlen(body)), 0);
}

/* Loads dir twice after settling: the second load must come whole from
 * the image (want rules). */
static void expect_image(const char *dir, size_t want)
{
    settle();
    pw_rules *r = load(dir);
    pw_rules_free(r);
    r = load(dir);
    assert_int_equal(pwi_rules_n(r), want);
    assert_int_equal(pwi_rules_from_image(r), want);
    pw_rules_free(r);
}

/* A warm start reads no directory: it checks the stat of every directory
 * and rule file the image's walk saw. A file added to or renamed in a
 * sub-directory (only that directory's times move), a sub-directory
 * replaced, and the rule directory itself swapped behind a symlink (how
 * an upgrade can switch versions) are each noticed; what the walk never
 * reads (a rule's fixtures) does not cost the image. */
static void test_manifest_sees_tree_changes(void **state)
{
    (void)state;
    char *top = tu_tempdir();
    char a[1024], b[1024], link[1024], sub[1024], path[4096], to[4096];
    assert_true(strlen(top) < 900);
    snprintf(a, sizeof a, "%.900s/a", top);
    snprintf(b, sizeof b, "%.900s/b", top);
    snprintf(link, sizeof link, "%.900s/rules", top);
    snprintf(sub, sizeof sub, "%.900s/a/sub", top);
    assert_int_equal(mkdir(a, 0755), 0);
    assert_int_equal(mkdir(sub, 0755), 0);
    write_named(sub, "one.yml", "rule-one");
    assert_int_equal(symlink("a", link), 0);
    expect_image(link, 1);

    write_named(sub, "two.yml", "rule-two"); /* only sub's mtime moves */
    pw_rules *r = load(link);
    assert_int_equal(pwi_rules_n(r), 2);
    assert_int_equal(pwi_rules_from_image(r), 0);
    pw_rules_free(r);
    expect_image(link, 2);

    snprintf(path, sizeof path, "%s/two.yml", sub);
    snprintf(to, sizeof to, "%s/two.txt", sub); /* renamed away: no longer a rule */
    assert_int_equal(rename(path, to), 0);
    r = load(link);
    assert_int_equal(pwi_rules_n(r), 1);
    assert_int_equal(pwi_rules_from_image(r), 0);
    pw_rules_free(r);
    expect_image(link, 1);

    /* a rule's fixtures are not read by the walk, nor checked (making
     * their directory is a change to sub) */
    snprintf(path, sizeof path, "%s/one", sub);
    assert_int_equal(mkdir(path, 0755), 0);
    expect_image(link, 1);
    snprintf(path, sizeof path, "%s/one/x.yml", sub);
    assert_int_equal(tu_write_file(path, "not a rule", 10), 0);
    r = load(link);
    assert_int_equal(pwi_rules_from_image(r), 1);
    pw_rules_free(r);

    /* the sub-directory replaced by another holding the same names */
    snprintf(path, sizeof path, "%s/old", a);
    assert_int_equal(rename(sub, path), 0);
    assert_int_equal(mkdir(sub, 0755), 0);
    write_named(sub, "one.yml", "rule-uno");
    r = load(link);
    assert_non_null(pwi_rules_lookup(r, "rule-uno"));
    assert_int_equal(pwi_rules_from_image(r), 0);
    pw_rules_free(r);
    tu_rmtree(path);
    expect_image(link, 1);

    /* the symlink moved to another directory */
    assert_int_equal(mkdir(b, 0755), 0);
    write_named(b, "one.yml", "rule-b");
    settle();
    snprintf(path, sizeof path, "%s/rules.new", top);
    assert_int_equal(symlink("b", path), 0);
    assert_int_equal(rename(path, link), 0);
    r = load(link);
    assert_non_null(pwi_rules_lookup(r, "rule-b"));
    assert_null(pwi_rules_lookup(r, "rule-uno"));
    assert_int_equal(pwi_rules_from_image(r), 0);
    pw_rules_free(r);
    tu_rmtree(top);
    free(top);
}

/* A directory with an invalid rule fails every time, image or not: no
 * image is written for it. */
static void test_bad_directory_gets_no_image(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/bad.yml", dir);
    static const char bad[] = "id: bad\ntitle: t\nseverity: extreme\n";
    assert_int_equal(tu_write_file(path, bad, sizeof bad - 1), 0);
    settle();
    for (int i = 0; i < 2; i++) {
        pw_rules *r = NULL;
        pw_error e;
        memset(&e, 0, sizeof e);
        assert_int_equal(pw_rules_new(&r, dir, &e), PW_ERR_RULES);
        assert_non_null(strstr(e.path, "bad.yml"));
        assert_null(r);
    }
    char *img = image_path();
    assert_null(img);
    tu_rmtree(dir);
    free(dir);
}

/* A rule id defined in two directories is refused even when both come
 * from images. */
static void test_duplicate_across_images(void **state)
{
    (void)state;
    char *a = tu_tempdir(), *b = tu_tempdir();
    write_rule(a, "MARKER_AAAA");
    write_rule(b, "MARKER_BBBB");
    settle();
    for (int i = 0; i < 2; i++) {
        pw_rules *r = pwi_rules_new_empty();
        pw_error e;
        memset(&e, 0, sizeof e);
        assert_int_equal(pw_rules_add_dir(r, a, &e), PW_OK);
        assert_int_equal(pw_rules_add_dir(r, b, &e), PW_ERR_RULES);
        assert_non_null(strstr(e.msg, "already defined"));
        pw_rules_free(r);
    }
    tu_rmtree(a);
    tu_rmtree(b);
    free(a);
    free(b);
}

/* PKGWARD_CACHE_DIR=off: nothing cached, everything parsed. */
static void test_cache_off(void **state)
{
    (void)state;
    setenv("PKGWARD_CACHE_DIR", "off", 1);
    pw_rules *r = load(PW_TEST_SRCDIR "/rules");
    pw_rules *r2 = load(PW_TEST_SRCDIR "/rules");
    assert_int_equal(pwi_rules_from_image(r2), 0);
    pw_rules_free(r);
    pw_rules_free(r2);
    setenv("PKGWARD_CACHE_DIR", cache, 1);
    char *img = image_path();
    assert_null(img);
}

/* The fuzzer's seed, written by hand from the format: it decodes, and a
 * payload cut anywhere or holding regexes when none are allowed does not. */
static void test_decode_seed(void **state)
{
    (void)state;
    size_t len;
    char *p = tu_read_file(PW_TEST_SRCDIR "/tests/fuzz/corpus/rules-image/two-rules.bin",
                           &len);
    pwi_rule *rules;
    size_t n;
    assert_int_equal(pwi_rules_image_decode((unsigned char *)p, len, 0, &rules, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(rules[0].info.id, "js-seed-one");
    assert_int_equal(rules[0].match->kind, PWI_M_ALL);
    assert_int_equal(rules[0].match->kids[0]->within, 5);
    assert_int_equal(rules[0].match->kids[1]->kind, PWI_M_NOT);
    assert_true(rules[0].match->kids[1]->kids[0]->nocase);
    assert_int_equal(rules[0].match->kids[2]->at_least, 1);
    assert_int_equal(rules[0].match->kids[2]->kids[1]->count, 2);
    assert_string_equal(rules[0].paths[0], "*.js");
    assert_null(rules[1].match);
    for (size_t i = 0; i < n; i++)
        pwi_rule_release(&rules[i]);
    free(rules);
    for (size_t cut = 0; cut < len; cut++)
        assert_int_equal(pwi_rules_image_decode((unsigned char *)p, cut, 0, &rules, &n), -1);
    free(p);
}

static unsigned first_leaf_langs(const pw_rules *r, const char *id)
{
    const pwi_rule *x = pwi_rules_lookup(r, id);
    if (!x)
        fail_msg("no rule %s", id);
    const pwi_match *m = x->match;
    while (m->kind != PWI_M_REGEX && m->kind != PWI_M_LITERAL)
        m = m->kids[0];
    return m->langs;
}

/* Each leaf goes to the prefilter databases of the files its rule can
 * read: applies_to narrowed by the rule's path globs. A rule for named
 * files only (setup.py, package.json) goes to none: PCRE2 reads those
 * files alone. */
static void test_leaf_kinds(void **state)
{
    (void)state;
    pw_rules *r = load(PW_TEST_SRCDIR "/rules");
    pw_error e;
    assert_int_equal(pw_rules_compile(r, &e), PW_OK);
    const unsigned js = 1u << PWI_PF_JS, py = 1u << PWI_PF_PY, other = 1u << PWI_PF_OTHER;
    assert_int_equal(first_leaf_langs(r, "shell-credential-exfil"), other); /* *.sh ... */
    assert_int_equal(first_leaf_langs(r, "py-setup-network"), 0);           /* setup.py */
    assert_int_equal(first_leaf_langs(r, "py-entry-point-shadows-system"), 0);
    assert_int_equal(first_leaf_langs(r, "py-exec-xor-decoded"), py);
    assert_int_equal(first_leaf_langs(r, "cloud-metadata-access"), js | py);
    assert_int_equal(first_leaf_langs(r, "js-raw-ip-url"), js | py | other); /* *.json */
    assert_int_equal(first_leaf_langs(r, "py-pth-import"), other);          /* *.pth */
    assert_int_equal(first_leaf_langs(r, "npm-bin-shadows-system"), 0);    /* package.json */
    pw_rules_free(r);

    assert_int_equal(pwi_path_kind("lib/index.js"), PWI_APPLY_JS);
    assert_int_equal(pwi_path_kind("a/b.d.ts"), PWI_APPLY_JS);
    assert_int_equal(pwi_path_kind("pkg/__init__.py"), PWI_APPLY_PY);
    assert_int_equal(pwi_path_kind("README.md"), PWI_APPLY_ANY);
    assert_int_equal(pwi_path_kind("dir.js/Makefile"), PWI_APPLY_ANY);
}

/* A rule whose condition needs a leaf is skipped in files where the
 * prefilter saw none of its leaves; one that can hold without any (a
 * "not") is still evaluated there, and still reports. */
static void write_cond(const char *dir, const char *id, const char *cond)
{
    char path[4096], body[2048];
    snprintf(path, sizeof path, "%s/%s.yml", dir, id);
    snprintf(body, sizeof body,
             "id: %s\ntitle: T\nseverity: high\ncategory: test\napplies_to: js\n"
             "match:\n%s"
             "description: D.\nremediation: R.\n",
             id, cond);
    assert_int_equal(tu_write_file(path, body, strlen(body)), 0);
}

/* Scans src as the file index.js with the rules r. */
static pw_report *scan_js(const pw_rules *r, const char *src, size_t len)
{
    pw_scanner *sc = NULL;
    pw_error e;
    memset(&e, 0, sizeof e);
    assert_int_equal(pw_scanner_new(r, NULL, &sc, &e), PW_OK);
    pw_report *rep = pw_report_new();
    assert_int_equal(pw_scanner_scan_buffer(sc, "index.js", src, len, rep, &e), PW_OK);
    pw_scanner_free(sc);
    return rep;
}

static void test_rules_needing_a_leaf(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    write_cond(dir, "u-leaf", "  regex: 'MARK_A\\w+'\n");
    write_cond(dir, "u-not", "  not:\n    literal: MARK_B\n");
    write_cond(dir, "u-any-not",
               "  any:\n    - literal: MARK_C\n    - not:\n        literal: MARK_D\n");
    write_cond(dir, "u-all-not",
               "  all:\n    - literal: MARK_E\n    - not:\n        literal: MARK_F\n");
    write_cond(dir, "u-within",
               "  within: 2\n  all:\n    - literal: MARK_G\n    - literal: MARK_H\n");
    write_cond(dir, "u-least",
               "  at_least:\n    n: 1\n    of:\n      - literal: MARK_I\n"
               "      - not:\n          literal: MARK_J\n");
    pw_rules *r = load(dir);
    pw_error e;
    assert_int_equal(pw_rules_compile(r, &e), PW_OK);
    static const struct {
        const char *id;
        int needs;
    } want[] = {{"u-leaf", 1},    {"u-not", 0},    {"u-any-not", 0},
                {"u-all-not", 1}, {"u-within", 1}, {"u-least", 0}};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const pwi_rule *x = pwi_rules_lookup(r, want[i].id);
        assert_non_null(x);
        assert_true(x->leaf_end > x->leaf_first);
        if (x->needs_leaf != want[i].needs)
            fail_msg("%s: needs_leaf %d, want %d", want[i].id, x->needs_leaf,
                     want[i].needs);
    }

    /* a file with none of the markers: only the rules that hold without
     * a leaf report; with every marker, the others do too */
    static const char none[] = "module.exports = 1;\n";
    static const char all[] = "MARK_Abc MARK_C MARK_E\nMARK_G\nMARK_H MARK_I\n";
    const struct {
        const char *src;
        size_t len;
        const char *fire[6];
    } cases[] = {
        {none, sizeof none - 1, {"u-not", "u-any-not", "u-least"}},
        {all, sizeof all - 1,
         {"u-leaf", "u-not", "u-any-not", "u-all-not", "u-within", "u-least"}},
    };
    for (size_t c = 0; c < 2; c++) {
        pw_report *rep = scan_js(r, cases[c].src, cases[c].len);
        for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
            int expect = 0;
            for (size_t k = 0; k < 6 && cases[c].fire[k]; k++)
                expect |= !strcmp(cases[c].fire[k], want[i].id);
            if ((tu_report_count(rep, want[i].id) > 0) != expect)
                fail_msg("case %zu: %s %s", c, want[i].id,
                         expect ? "did not report" : "reported");
        }
        pw_report_free(rep);
    }
    pw_rules_free(r);
    tu_rmtree(dir);
    free(dir);
}

/* "prefilter: false" keeps a leaf out of every database: PCRE2 reads it
 * once its all's other leaves hold, so the rule still reports, and still
 * skips files where the prefilter saw none of them. It is refused where
 * PCRE2 would have to read every file for it. */
static void test_no_prefilter_leaf(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    write_cond(dir, "u-after",
               "  all:\n    - literal: MARK_K\n    - regex: 'MARK_L\\d'\n"
               "      prefilter: false\n");
    pw_rules *r = load(dir);
    pw_error e;
    assert_int_equal(pw_rules_compile(r, &e), PW_OK);
    const pwi_rule *x = pwi_rules_lookup(r, "u-after");
    assert_non_null(x);
    const pwi_match *lit = x->match->kids[0], *late = x->match->kids[1];
    assert_int_equal(late->no_prefilter, 1);
    assert_int_equal(late->langs, 0);
    assert_int_equal(late->prefiltered, 0);
    assert_int_equal(lit->no_prefilter, 0);
    assert_int_equal(lit->prefiltered, 1);
    assert_int_equal(x->needs_leaf, 1);
    static const struct {
        const char *src;
        size_t want;
    } cases[] = {{"MARK_K MARK_L1\n", 1}, {"MARK_K MARK_L\n", 0}, {"MARK_L1\n", 0}};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        pw_report *rep = scan_js(r, cases[c].src, strlen(cases[c].src));
        if (tu_report_count(rep, "u-after") != cases[c].want)
            fail_msg("%s: %zu findings, want %zu", cases[c].src,
                     tu_report_count(rep, "u-after"), cases[c].want);
        pw_report_free(rep);
    }
    pw_rules_free(r);
    tu_rmtree(dir);
    free(dir);

    static const struct {
        const char *cond;
        const char *msg;
    } bad[] = {
        {"  regex: 'MARK'\n  prefilter: false\n", "is for a condition of an all"},
        {"  any:\n    - literal: A1\n    - literal: B1\n      prefilter: false\n",
         "is for a condition of an all"},
        {"  all:\n    - literal: A1\n      prefilter: false\n    - not:\n"
         "        literal: B1\n",
         "needs a regex or literal beside it"},
        {"  all:\n    - any:\n        - literal: A1\n      prefilter: false\n"
         "    - literal: B1\n",
         "applies to regex and literal only"},
        {"  all:\n    - literal: A1\n    - literal: B1\n      prefilter: maybe\n",
         "prefilter"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        dir = tu_tempdir();
        write_cond(dir, "u-bad", bad[i].cond);
        pw_rules *rb = NULL;
        memset(&e, 0, sizeof e);
        assert_int_not_equal(pw_rules_new(&rb, dir, &e), PW_OK);
        if (!strstr(e.msg, bad[i].msg) || !strstr(e.path, "u-bad.yml") ||
            !e.line)
            fail_msg("case %zu: error \"%s\" at %s:%zu", i, e.msg, e.path, e.line);
        tu_rmtree(dir);
        free(dir);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_warm_load_is_identical, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damaged_image_is_not_used, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edit_makes_new_image, setup, teardown),
        cmocka_unit_test_setup_teardown(test_manifest_sees_tree_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_directory_gets_no_image, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_across_images, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cache_off, setup, teardown),
        cmocka_unit_test(test_decode_seed),
        cmocka_unit_test_setup_teardown(test_leaf_kinds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rules_needing_a_leaf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_prefilter_leaf, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
