/* test-yaml-tree.c - the bounded YAML tree (src/util/yaml-tree.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util/buf.h"
#include "util/yaml-tree.h"

/* Parses s with lim (NULL: defaults) expecting success. */
static pwi_yaml_node *parse_ok(const char *s, const pwi_yaml_limits *lim)
{
    pwi_yaml_node *root = NULL;
    pw_error err;
    memset(&err, 0, sizeof err);
    pw_status st = pwi_yaml_parse(s, strlen(s), "t.yml", lim, &root, &err);
    if (st != PW_OK)
        fail_msg("unexpected error %d at %zu:%zu: %s", st, err.line, err.col,
                 err.msg);
    return root;
}

/* Parses data[0..len) expecting code at line (col when nonzero) and a
 * message containing needle. */
static void parse_fail_n(const char *data, size_t len,
                         const pwi_yaml_limits *lim, pw_status code,
                         size_t line, size_t col, const char *needle)
{
    pwi_yaml_node *root = (pwi_yaml_node *)1;
    pw_error err;
    memset(&err, 0, sizeof err);
    pw_status st = pwi_yaml_parse(data, len, "t.yml", lim, &root, &err);
    if (st != code || err.code != code || err.line != line ||
        (col && err.col != col) || !strstr(err.msg, needle))
        fail_msg("expected %d at %zu:%zu with \"%s\", got %d at %zu:%zu: %s",
                 code, line, col, needle, st, err.line, err.col, err.msg);
    assert_null(root);
    assert_string_equal(err.path, "t.yml");
}

static void parse_fail(const char *s, const pwi_yaml_limits *lim,
                       pw_status code, size_t line, size_t col,
                       const char *needle)
{
    parse_fail_n(s, strlen(s), lim, code, line, col, needle);
}

static void test_valid_document(void **state)
{
    (void)state;
    pwi_yaml_node *root = parse_ok("# settings\n"
                                   "name: demo\n"
                                   "list:\n"
                                   "  - one\n"
                                   "  - 'two'\n"
                                   "  - [3, \"four\"]\n"
                                   "nested: {a: 1, b: ~}\n"
                                   "text: |\n"
                                   "  line\n",
                                   NULL);
    assert_non_null(root);
    assert_int_equal(root->kind, PWI_YAML_MAP);
    assert_int_equal(pwi_yaml_count(root), 4);
    assert_int_equal(root->line, 2);
    assert_string_equal(root->path, "t.yml");

    const pwi_yaml_node *name = pwi_yaml_map_get(root, "name");
    assert_non_null(name);
    assert_string_equal(name->str, "demo");
    assert_int_equal(name->len, 4);
    assert_true(name->plain);
    assert_int_equal(name->line, 2);
    assert_int_equal(name->col, 7);

    const pwi_yaml_node *list = pwi_yaml_map_get(root, "list");
    assert_int_equal(list->kind, PWI_YAML_SEQ);
    assert_int_equal(pwi_yaml_count(list), 3);
    assert_true(pwi_yaml_scalar_is(pwi_yaml_seq_at(list, 0), "one"));
    const pwi_yaml_node *two = pwi_yaml_seq_at(list, 1);
    assert_string_equal(two->str, "two");
    assert_false(two->plain);
    assert_int_equal(two->line, 5);
    assert_int_equal(two->col, 5);
    const pwi_yaml_node *inner = pwi_yaml_seq_at(list, 2);
    assert_int_equal(inner->kind, PWI_YAML_SEQ);
    assert_int_equal(pwi_yaml_count(inner), 2);
    assert_null(pwi_yaml_seq_at(list, 3));

    const pwi_yaml_node *nested = pwi_yaml_map_get(root, "nested");
    assert_int_equal(nested->kind, PWI_YAML_MAP);
    assert_true(pwi_yaml_scalar_is(pwi_yaml_map_key(nested, 1), "b"));
    assert_true(pwi_yaml_is_null(pwi_yaml_map_value(nested, 1)));
    assert_false(pwi_yaml_is_null(pwi_yaml_map_value(nested, 0)));
    assert_null(pwi_yaml_map_key(nested, 2));

    const pwi_yaml_node *text = pwi_yaml_map_get(root, "text");
    assert_string_equal(text->str, "line\n");
    assert_false(text->plain);

    assert_null(pwi_yaml_map_get(root, "missing"));
    assert_null(pwi_yaml_map_get(list, "name"));
    assert_null(pwi_yaml_seq_at(root, 0));
    assert_int_equal(pwi_yaml_count(name), 0);
    assert_int_equal(pwi_yaml_count(NULL), 0);
    pwi_yaml_free(root);
    pwi_yaml_free(NULL);
}

static void test_empty_inputs(void **state)
{
    (void)state;
    /* no document at all: NULL tree */
    assert_null(parse_ok("", NULL));
    assert_null(parse_ok("# only a comment\n\n   \n", NULL));
    pwi_yaml_node *root = NULL;
    assert_int_equal(pwi_yaml_parse(NULL, 0, NULL, NULL, &root, NULL), PW_OK);
    assert_null(root);

    /* an explicit empty document: a null scalar */
    root = parse_ok("---\n", NULL);
    assert_non_null(root);
    assert_int_equal(root->kind, PWI_YAML_SCALAR);
    assert_true(pwi_yaml_is_null(root));
    pwi_yaml_free(root);

    root = parse_ok("~\n", NULL);
    assert_true(pwi_yaml_is_null(root));
    pwi_yaml_free(root);

    /* an explicit end marker is still one document */
    root = parse_ok("a: 1\n...\n", NULL);
    assert_int_equal(root->kind, PWI_YAML_MAP);
    pwi_yaml_free(root);
}

static void test_anchors_and_aliases(void **state)
{
    (void)state;
    parse_fail("a: &x 1\nb: *x\n", NULL, PW_ERR_FORMAT, 1, 4,
               "anchors are not allowed (&x)");
    parse_fail("a: 1\nb: *x\n", NULL, PW_ERR_FORMAT, 2, 4,
               "aliases are not allowed (*x)");
    parse_fail("- &list [1, 2]\n", NULL, PW_ERR_FORMAT, 1, 3, "anchors");
    parse_fail("a: &m {b: 1}\n", NULL, PW_ERR_FORMAT, 1, 4, "anchors");
    /* the classic billion laughs stops at its first anchor */
    parse_fail("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
               "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
               "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
               "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n",
               NULL, PW_ERR_FORMAT, 1, 4, "anchors");
}

static void test_tags_rejected(void **state)
{
    (void)state;
    parse_fail("a: !!str 1\n", NULL, PW_ERR_FORMAT, 1, 4, "tags");
    parse_fail("a: !!python/object:os.system [ls]\n", NULL, PW_ERR_FORMAT, 1,
               4, "tags are not allowed");
    parse_fail("--- !custom\na: 1\n", NULL, PW_ERR_FORMAT, 1, 5, "tags");
}

static void test_duplicate_keys(void **state)
{
    (void)state;
    parse_fail("a: 1\nb: 2\na: 3\n", NULL, PW_ERR_FORMAT, 3, 1,
               "duplicate key \"a\" (first at line 1)");
    /* quoted and plain spellings are the same key */
    parse_fail("x:\n  'k': 1\n  k: 2\n", NULL, PW_ERR_FORMAT, 3, 3,
               "duplicate key \"k\" (first at line 2)");
    parse_fail("{a: 1, a: 2}", NULL, PW_ERR_FORMAT, 1, 8, "duplicate key");
    /* several repeats: the earliest repeat in the document is named */
    parse_fail("b: 1\na: 1\nc: 1\na: 2\nb: 2\nb: 3\n", NULL, PW_ERR_FORMAT,
               4, 1, "duplicate key \"a\"");

    /* a big mapping takes the sorted path; the repeat is found exactly */
    pwi_buf b;
    pwi_buf_init(&b, 0);
    for (int i = 0; i < 5000; i++)
        pwi_buf_printf(&b, "key%d: %d\n", i, i);
    pwi_yaml_node *root = parse_ok(b.data, NULL);
    assert_int_equal(pwi_yaml_count(root), 5000);
    assert_string_equal(pwi_yaml_map_get(root, "key4321")->str, "4321");
    pwi_yaml_free(root);
    pwi_buf_printf(&b, "key17: again\n");
    parse_fail(b.data, NULL, PW_ERR_FORMAT, 5001, 1,
               "duplicate key \"key17\" (first at line 18)");
    pwi_buf_release(&b);

    /* same value under different parents is fine */
    pwi_yaml_free(parse_ok("a: {k: 1}\nb: {k: 2}\n", NULL));
}

static void test_non_scalar_keys(void **state)
{
    (void)state;
    parse_fail("? [a, b]\n: 1\n", NULL, PW_ERR_FORMAT, 1, 3,
               "mapping keys must be scalars, found a sequence");
    parse_fail("{{a: 1}: 2}", NULL, PW_ERR_FORMAT, 1, 2,
               "found a mapping");
}

static void test_multiple_documents(void **state)
{
    (void)state;
    parse_fail("a: 1\n---\nb: 2\n", NULL, PW_ERR_FORMAT, 2, 1,
               "more than one YAML document");
    parse_fail("a: 1\n...\n---\nb: 2\n", NULL, PW_ERR_FORMAT, 3, 1,
               "more than one");
    parse_fail("---\n---\n", NULL, PW_ERR_FORMAT, 2, 1, "more than one");
}

static void test_syntax_errors(void **state)
{
    (void)state;
    /* a tab for indentation */
    parse_fail("a:\n\tb: 1\n", NULL, PW_ERR_FORMAT, 2, 1,
               "YAML syntax error: found character that cannot start any "
               "token");
    parse_fail("a: [1, 2\n", NULL, PW_ERR_FORMAT, 2, 1, "syntax error");
    parse_fail("a: b: c\n", NULL, PW_ERR_FORMAT, 1, 5,
               "mapping values are not allowed");
    parse_fail("a: 'open\n", NULL, PW_ERR_FORMAT, 2, 1, "quoted scalar");
    parse_fail("key: value\n  bad indent: 2\n", NULL, PW_ERR_FORMAT, 2, 13,
               "syntax error");
    /* reader errors: invalid UTF-8 and control characters */
    parse_fail("a: ok\nb: \xff\n", NULL, PW_ERR_FORMAT, 2, 4,
               "invalid YAML input");
    parse_fail_n("a: x\0y\n", 7, NULL, PW_ERR_FORMAT, 1, 5,
                 "control characters");
    parse_fail("\x01\x02garbage", NULL, PW_ERR_FORMAT, 1, 1,
               "control characters");
}

static void test_limits(void **state)
{
    (void)state;
    pwi_yaml_limits lim;
    pwi_yaml_limits_default(&lim);
    assert_int_equal(lim.max_bytes, 8 << 20);
    assert_int_equal(lim.max_depth, 64);
    assert_int_equal(lim.max_nodes, 1000000);
    assert_int_equal(lim.max_scalar, 1 << 20);

    /* depth: the root collection is level 1 */
    lim.max_depth = 2;
    pwi_yaml_free(parse_ok("a:\n  b: 1\n", &lim));
    parse_fail("a:\n  b:\n    c: 1\n", &lim, PW_ERR_LIMIT, 3, 5,
               "nesting is deeper than the limit of 2");
    parse_fail("[[[1]]]", &lim, PW_ERR_LIMIT, 1, 3, "nesting");

    /* nodes: keys count too */
    pwi_yaml_limits_default(&lim);
    lim.max_nodes = 4;
    pwi_yaml_free(parse_ok("[1, 2, 3]", &lim));
    parse_fail("[1, 2, 3, 4]", &lim, PW_ERR_LIMIT, 1, 11,
               "more than 4 nodes");
    parse_fail("a: 1\nb: 2\n", &lim, PW_ERR_LIMIT, 2, 4, "nodes");

    /* one scalar */
    pwi_yaml_limits_default(&lim);
    lim.max_scalar = 5;
    pwi_yaml_free(parse_ok("a: 12345\n", &lim));
    parse_fail("a: 1\nb: '123456'\n", &lim, PW_ERR_LIMIT, 2, 4,
               "scalar of 6 bytes");

    /* whole input, before parsing */
    pwi_yaml_limits_default(&lim);
    lim.max_bytes = 8;
    pwi_yaml_free(parse_ok("a: 12345", &lim));
    parse_fail("a: 123456", &lim, PW_ERR_LIMIT, 0, 0,
               "9 bytes is larger than the limit of 8");
}

/* Large hostile inputs under the default limits stop early and cleanly. */
static void test_default_limits_hold(void **state)
{
    (void)state;
    size_t n = (size_t)4 << 20;
    char *deep = malloc(n + 1);
    memset(deep, '[', n);
    deep[n] = '\0';
    parse_fail(deep, NULL, PW_ERR_LIMIT, 1, 65, "limit of 64");
    memset(deep, ' ', n); /* "- - - - ..." nests block sequences */
    for (size_t i = 0; i + 1 < n; i += 2)
        deep[i] = '-';
    parse_fail(deep, NULL, PW_ERR_LIMIT, 1, 129, "limit of 64");
    free(deep);

    /* 1,000,001 nodes: the sequence plus a million items */
    pwi_buf b;
    pwi_buf_init(&b, 0);
    pwi_buf_addc(&b, '[');
    for (int i = 0; i < 1000000; i++)
        pwi_buf_adds(&b, "1,");
    pwi_buf_adds(&b, "1]");
    parse_fail(b.data, NULL, PW_ERR_LIMIT, 1, 2000000,
               "more than 1000000 nodes");
    pwi_buf_release(&b);

    char *big = malloc(((size_t)8 << 20) + 2);
    memset(big, '#', ((size_t)8 << 20) + 1);
    parse_fail_n(big, ((size_t)8 << 20) + 1, NULL, PW_ERR_LIMIT, 0, 0,
                 "larger than the limit");
    free(big);
}

static void test_readers(void **state)
{
    (void)state;
    pwi_yaml_node *root = parse_ok("t: true\n"
                                   "f: FALSE\n"
                                   "yes: yes\n"
                                   "qt: 'true'\n"
                                   "n: 42\n"
                                   "zero: 0\n"
                                   "big: 18446744073709551615\n"
                                   "over: 18446744073709551616\n"
                                   "neg: -3\n"
                                   "hex: 0x10\n"
                                   "qn: \"7\"\n"
                                   "d: 2.5\n"
                                   "e: 1e3\n"
                                   "inf: .inf\n"
                                   "huge: 1e999\n"
                                   "s: hello\n"
                                   "nul: \"a\\0b\"\n"
                                   "empty:\n"
                                   "list: [1]\n",
                                   NULL);
    pw_error err;
    int bv = -1;
    uint64_t u = 0;
    double d = 0;
    const char *s = NULL;
#define GET(k) pwi_yaml_map_get(root, (k))

    assert_int_equal(pwi_yaml_as_bool(GET("t"), "t", PW_ERR_RULES, &bv, &err),
                     PW_OK);
    assert_int_equal(bv, 1);
    assert_int_equal(pwi_yaml_as_bool(GET("f"), "f", PW_ERR_RULES, &bv, &err),
                     PW_OK);
    assert_int_equal(bv, 0);
    assert_int_equal(pwi_yaml_as_bool(GET("yes"), "yes", PW_ERR_RULES, &bv,
                                      &err), PW_ERR_RULES);
    assert_int_equal(err.code, PW_ERR_RULES);
    assert_string_equal(err.msg, "yes: expected true or false, got \"yes\"");
    assert_int_equal(err.line, 3);
    assert_int_equal(err.col, 6);
    assert_string_equal(err.path, "t.yml");
    assert_int_equal(pwi_yaml_as_bool(GET("qt"), "qt", PW_ERR_RULES, &bv,
                                      &err), PW_ERR_RULES);
    assert_non_null(strstr(err.msg, "got a quoted \"true\""));

    assert_int_equal(pwi_yaml_as_uint64(GET("n"), "n", PW_ERR_CONFIG, &u,
                                        &err), PW_OK);
    assert_int_equal(u, 42);
    assert_int_equal(pwi_yaml_as_uint64(GET("zero"), "zero", PW_ERR_CONFIG,
                                        &u, &err), PW_OK);
    assert_int_equal(u, 0);
    assert_int_equal(pwi_yaml_as_uint64(GET("big"), "big", PW_ERR_CONFIG, &u,
                                        &err), PW_OK);
    assert_true(u == UINT64_MAX);
    u = 77;
    assert_int_equal(pwi_yaml_as_uint64(GET("over"), "over", PW_ERR_CONFIG,
                                        &u, &err), PW_ERR_CONFIG);
    assert_non_null(strstr(err.msg, "too large"));
    assert_int_equal(pwi_yaml_as_uint64(GET("neg"), "neg", PW_ERR_CONFIG, &u,
                                        &err), PW_ERR_CONFIG);
    assert_string_equal(err.msg, "neg: must not be negative (got -3)");
    assert_int_equal(pwi_yaml_as_uint64(GET("hex"), "hex", PW_ERR_CONFIG, &u,
                                        &err), PW_ERR_CONFIG);
    assert_int_equal(pwi_yaml_as_uint64(GET("qn"), "qn", PW_ERR_CONFIG, &u,
                                        &err), PW_ERR_CONFIG);
    assert_int_equal(pwi_yaml_as_uint64(GET("empty"), "empty", PW_ERR_CONFIG,
                                        &u, &err), PW_ERR_CONFIG);
    assert_string_equal(err.msg,
                        "empty: expected an unsigned integer, got null");
    assert_int_equal(pwi_yaml_as_uint64(GET("list"), "list", PW_ERR_CONFIG,
                                        &u, &err), PW_ERR_CONFIG);
    assert_non_null(strstr(err.msg, "got a sequence"));
    assert_int_equal(pwi_yaml_as_uint64(NULL, "absent", PW_ERR_CONFIG, &u,
                                        &err), PW_ERR_CONFIG);
    assert_string_equal(err.msg,
                        "absent: expected an unsigned integer, got nothing");
    assert_int_equal(err.line, 0);
    assert_int_equal(u, 77); /* untouched by failures */

    assert_int_equal(pwi_yaml_as_double(GET("d"), "d", PW_ERR_CONFIG, &d,
                                        &err), PW_OK);
    assert_true(d == 2.5);
    assert_int_equal(pwi_yaml_as_double(GET("n"), "n", PW_ERR_CONFIG, &d,
                                        &err), PW_OK);
    assert_true(d == 42.0);
    assert_int_equal(pwi_yaml_as_double(GET("e"), "e", PW_ERR_CONFIG, &d,
                                        &err), PW_OK);
    assert_true(d == 1000.0);
    assert_int_equal(pwi_yaml_as_double(GET("inf"), "inf", PW_ERR_CONFIG, &d,
                                        &err), PW_ERR_CONFIG);
    assert_int_equal(pwi_yaml_as_double(GET("hex"), "hex", PW_ERR_CONFIG, &d,
                                        &err), PW_ERR_CONFIG);
    assert_int_equal(pwi_yaml_as_double(GET("huge"), "huge", PW_ERR_CONFIG,
                                        &d, &err), PW_ERR_CONFIG);
    assert_non_null(strstr(err.msg, "out of range"));
    assert_int_equal(pwi_yaml_as_double(GET("s"), "s", PW_ERR_CONFIG, &d,
                                        &err), PW_ERR_CONFIG);

    assert_int_equal(pwi_yaml_as_string(GET("s"), "s", PW_ERR_CONFIG, &s,
                                        &err), PW_OK);
    assert_string_equal(s, "hello");
    assert_int_equal(pwi_yaml_as_string(GET("qn"), "qn", PW_ERR_CONFIG, &s,
                                        &err), PW_OK);
    assert_string_equal(s, "7");
    assert_int_equal(pwi_yaml_as_string(GET("empty"), "empty", PW_ERR_CONFIG,
                                        &s, &err), PW_ERR_CONFIG);
    assert_int_equal(pwi_yaml_as_string(GET("nul"), "nul", PW_ERR_CONFIG, &s,
                                        &err), PW_ERR_CONFIG);
    assert_non_null(strstr(err.msg, "NUL byte"));
    assert_int_equal(GET("nul")->len, 3);
    /* err may be NULL */
    assert_int_equal(pwi_yaml_as_string(GET("list"), "list", PW_ERR_CONFIG,
                                        &s, NULL), PW_ERR_CONFIG);
#undef GET
    pwi_yaml_free(root);
}

static void test_describe(void **state)
{
    (void)state;
    pwi_yaml_node *root = parse_ok("a: \"q\\\"\\t\\u00e9\"\n"
                                   "b: 0123456789012345678901234567890123456789"
                                   "0123456789\n"
                                   "c: [1]\n"
                                   "d: {}\n"
                                   "e: null\n"
                                   "f: 'null'\n",
                                   NULL);
    char buf[64];
    pwi_yaml_describe(pwi_yaml_map_get(root, "a"), buf, sizeof buf);
    assert_string_equal(buf, "\"q\\\"\\x09\\xc3\\xa9\"");
    pwi_yaml_describe(pwi_yaml_map_get(root, "b"), buf, sizeof buf);
    assert_string_equal(buf,
                        "\"0123456789012345678901234567890123456789\"...");
    pwi_yaml_describe(pwi_yaml_map_get(root, "c"), buf, sizeof buf);
    assert_string_equal(buf, "a sequence");
    pwi_yaml_describe(pwi_yaml_map_get(root, "d"), buf, sizeof buf);
    assert_string_equal(buf, "a mapping");
    pwi_yaml_describe(pwi_yaml_map_get(root, "e"), buf, sizeof buf);
    assert_string_equal(buf, "null");
    pwi_yaml_describe(pwi_yaml_map_get(root, "f"), buf, sizeof buf);
    assert_string_equal(buf, "\"null\"");
    pwi_yaml_describe(NULL, buf, sizeof buf);
    assert_string_equal(buf, "nothing");
    /* tiny buffers stay NUL-terminated */
    char small[12];
    pwi_yaml_describe(pwi_yaml_map_get(root, "b"), small, sizeof small);
    assert_string_equal(small, "\"012345\"...");
    char tiny[3];
    pwi_yaml_describe(pwi_yaml_map_get(root, "b"), tiny, sizeof tiny);
    assert_string_equal(tiny, "");
    pwi_yaml_free(root);
}

static void test_seed_corpus(void **state)
{
    (void)state;
    /* the fuzz seeds parse or fail cleanly; the hostile ones must fail */
    static const struct {
        const char *file;
        pw_status want;
    } seeds[] = {
        {"config.yml", PW_OK},        {"rule.yml", PW_OK},
        {"lockfile.yml", PW_OK},      {"flow.yml", PW_OK},
        {"alias-bomb.yml", PW_ERR_FORMAT}, {"deep.yml", PW_ERR_LIMIT},
        {"multi-doc.yml", PW_ERR_FORMAT},  {"dup-key.yml", PW_ERR_FORMAT},
    };
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/tests/fuzz/corpus/yaml/%s",
                 PW_TEST_SRCDIR, seeds[i].file);
        size_t len;
        char *data = tu_read_file(path, &len);
        pwi_yaml_node *root = NULL;
        pw_error err;
        pw_status st = pwi_yaml_parse(data, len, seeds[i].file, NULL, &root,
                                      &err);
        if (st != seeds[i].want)
            fail_msg("%s: got %d (%s)", seeds[i].file, st,
                     st ? err.msg : "ok");
        pwi_yaml_free(root);
        free(data);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_document),
        cmocka_unit_test(test_empty_inputs),
        cmocka_unit_test(test_anchors_and_aliases),
        cmocka_unit_test(test_tags_rejected),
        cmocka_unit_test(test_duplicate_keys),
        cmocka_unit_test(test_non_scalar_keys),
        cmocka_unit_test(test_multiple_documents),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_default_limits_hold),
        cmocka_unit_test(test_readers),
        cmocka_unit_test(test_describe),
        cmocka_unit_test(test_seed_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
