/* test-json.c - the JSON parser and the jtree helpers (src/util/json.c,
 * src/util/jtree.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"
#include "util/buf.h"
#include "util/jtree-build.h"
#include "util/jtree.h"

enum { STRICT = 0, JSONC = PWI_JSON_TRAILING_COMMAS | PWI_JSON_COMMENTS };

static pwi_jnode *parse_n(const char *data, size_t len, unsigned flags,
                          const pwi_jlimits *lim)
{
    pwi_jnode *root = NULL;
    pw_error err;
    memset(&err, 0, sizeof err);
    pw_status st = pwi_json_parse(data, len, "t.json", flags, lim, &root,
                                  &err);
    if (st != PW_OK)
        fail_msg("unexpected error %d at %zu:%zu: %s", st, err.line, err.col,
                 err.msg);
    assert_non_null(root);
    return root;
}

static pwi_jnode *parse_ok(const char *s, unsigned flags)
{
    return parse_n(s, strlen(s), flags, NULL);
}

/* Expects code at line (and col when nonzero) with needle in the message. */
static void fail_n(const char *data, size_t len, unsigned flags,
                   const pwi_jlimits *lim, pw_status code, size_t line,
                   size_t col, const char *needle)
{
    pwi_jnode *root = (pwi_jnode *)1;
    pw_error err;
    memset(&err, 0, sizeof err);
    pw_status st = pwi_json_parse(data, len, "t.json", flags, lim, &root,
                                  &err);
    if (st != code || err.code != code || err.line != line ||
        (col && err.col != col) || !strstr(err.msg, needle))
        fail_msg("expected %d at %zu:%zu with \"%s\", got %d at %zu:%zu: %s",
                 code, line, col, needle, st, err.line, err.col, err.msg);
    assert_null(root);
    assert_string_equal(err.path, "t.json");
}

static void fail_s(const char *s, unsigned flags, pw_status code, size_t line,
                   size_t col, const char *needle)
{
    fail_n(s, strlen(s), flags, NULL, code, line, col, needle);
}

static void test_document(void **state)
{
    (void)state;
    pwi_jnode *root = parse_ok("{\n"
                               "  \"name\": \"demo\",\n"
                               "  \"n\": -12,\n"
                               "  \"f\": 1.5e3,\n"
                               "  \"ok\": true, \"no\": false,\n"
                               "  \"nil\": null,\n"
                               "  \"list\": [1, \"two\", [], {}],\n"
                               "  \"obj\": {\"a\": {\"b\": \"c\"}}\n"
                               "}\n",
                               STRICT);
    assert_int_equal(root->kind, PWI_J_OBJECT);
    assert_int_equal(root->line, 1);
    assert_int_equal(root->col, 1);
    assert_int_equal(root->nitems, 8);
    assert_string_equal(root->keys[0], "name");
    assert_string_equal(root->keys[7], "obj");
    assert_int_equal(root->key_lines[0], 2);
    assert_int_equal(root->key_lines[3], 5);
    assert_int_equal(root->key_lines[4], 5);
    assert_int_equal(root->key_lines[5], 6);

    const pwi_jnode *name = pwi_j_get(root, "name");
    assert_non_null(name);
    assert_int_equal(name->kind, PWI_J_STRING);
    assert_string_equal(name->str, "demo");
    assert_int_equal(name->len, 4);
    assert_int_equal(name->line, 2);
    assert_int_equal(name->col, 11);
    assert_string_equal(pwi_j_get_str(root, "name"), "demo");
    assert_null(pwi_j_get_str(root, "n"));
    assert_null(pwi_j_get_str(root, "missing"));
    assert_true(pwi_j_str_is(name, "demo"));
    assert_false(pwi_j_str_is(name, "dem"));
    assert_false(pwi_j_str_is(NULL, "demo"));

    int64_t v = 0;
    assert_true(pwi_j_as_int(pwi_j_get(root, "n"), &v));
    assert_int_equal(v, -12);
    assert_false(pwi_j_as_int(pwi_j_get(root, "f"), &v));
    assert_string_equal(pwi_j_get(root, "f")->str, "1.5e3");
    assert_false(pwi_j_as_int(name, &v));

    assert_int_equal(pwi_j_get(root, "ok")->kind, PWI_J_BOOL);
    assert_int_equal(pwi_j_get(root, "ok")->boolean, 1);
    assert_int_equal(pwi_j_get(root, "no")->boolean, 0);
    assert_int_equal(pwi_j_get(root, "no")->col, 21);
    assert_int_equal(pwi_j_get(root, "nil")->kind, PWI_J_NULL);

    size_t line = 99;
    const pwi_jnode *list = pwi_j_get_line(root, "list", &line);
    assert_int_equal(line, 7);
    assert_int_equal(list->kind, PWI_J_ARRAY);
    assert_int_equal(list->nitems, 4);
    assert_int_equal(list->col, 11);
    assert_int_equal(list->items[1]->kind, PWI_J_STRING);
    assert_int_equal(list->items[1]->col, 15);
    assert_int_equal(list->items[2]->nitems, 0);
    assert_int_equal(list->items[3]->kind, PWI_J_OBJECT);
    assert_int_equal(list->items[3]->nitems, 0);
    assert_null(pwi_j_get_line(root, "nope", &line));
    assert_int_equal(line, 0);

    const pwi_jnode *b = pwi_j_get(pwi_j_get(pwi_j_get(root, "obj"), "a"),
                                   "b");
    assert_true(pwi_j_str_is(b, "c"));
    /* NULL-safe navigation */
    assert_null(pwi_j_get(NULL, "x"));
    assert_null(pwi_j_get(list, "x"));
    assert_null(pwi_j_get_line(NULL, "x", NULL));
    pwi_jtree_free(root);
    pwi_jtree_free(NULL);
}

static void test_scalar_roots_and_bom(void **state)
{
    (void)state;
    pwi_jnode *r = parse_ok("\"x\"", STRICT);
    assert_int_equal(r->kind, PWI_J_STRING);
    pwi_jtree_free(r);
    r = parse_ok("  42  \n", STRICT);
    assert_int_equal(r->kind, PWI_J_NUMBER);
    assert_int_equal(r->col, 3);
    pwi_jtree_free(r);
    r = parse_ok("\xef\xbb\xbf{\"a\": 1}", STRICT);
    assert_int_equal(r->kind, PWI_J_OBJECT);
    assert_int_equal(r->col, 1);
    pwi_jtree_free(r);
    r = parse_ok("null", STRICT);
    assert_int_equal(r->kind, PWI_J_NULL);
    pwi_jtree_free(r);
}

static void test_positions_crlf(void **state)
{
    (void)state;
    pwi_jnode *r = parse_ok("{\r\n\t\"a\":\r\n\r\n    [1,\r\n  2]}", STRICT);
    size_t line;
    const pwi_jnode *a = pwi_j_get_line(r, "a", &line);
    assert_int_equal(line, 2);
    assert_int_equal(a->line, 4);
    assert_int_equal(a->col, 5);
    assert_int_equal(a->items[1]->line, 5);
    assert_int_equal(a->items[1]->col, 3);
    pwi_jtree_free(r);
}

static void test_escapes(void **state)
{
    (void)state;
    pwi_jnode *r = parse_ok("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\", \"\\u00e9\\u20AC\","
                            " \"\\uD83D\\uDE00\", \"a\\u0000b\", \"\\u0041\","
                            " \"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"]",
                            STRICT);
    assert_string_equal(r->items[0]->str, "\"\\/\b\f\n\r\t");
    assert_int_equal(r->items[0]->len, 8);
    assert_string_equal(r->items[1]->str, "\xc3\xa9\xe2\x82\xac");
    assert_string_equal(r->items[2]->str, "\xf0\x9f\x98\x80");
    assert_int_equal(r->items[3]->len, 3);
    assert_memory_equal(r->items[3]->str, "a\0b", 4);
    assert_string_equal(r->items[4]->str, "A");
    assert_string_equal(r->items[5]->str,
                        "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
    pwi_jtree_free(r);
    /* escaped key */
    r = parse_ok("{\"k\\u00e9y\": 1}", STRICT);
    assert_non_null(pwi_j_get(r, "k\xc3\xa9y"));
    pwi_jtree_free(r);
}

static void test_bad_escapes(void **state)
{
    (void)state;
    fail_s("[\"\\x41\"]", STRICT, PW_ERR_FORMAT, 1, 3, "invalid escape");
    fail_s("[\"\\u12\"]", STRICT, PW_ERR_FORMAT, 1, 3, "invalid \\u escape");
    fail_s("[\"\\u12G4\"]", STRICT, PW_ERR_FORMAT, 1, 3, "invalid \\u");
    fail_s("[\"ab\\uD800\"]", STRICT, PW_ERR_FORMAT, 1, 5,
           "unpaired high surrogate \\uD800");
    fail_s("[\"\\uD800\\u0041\"]", STRICT, PW_ERR_FORMAT, 1, 3,
           "unpaired high surrogate");
    fail_s("[\"\\uD800x\"]", STRICT, PW_ERR_FORMAT, 1, 3,
           "unpaired high surrogate");
    fail_s("[\"\\uDC00\"]", STRICT, PW_ERR_FORMAT, 1, 3,
           "unpaired low surrogate \\uDC00");
    fail_s("{\"a\\u0000\": 1}", STRICT, PW_ERR_FORMAT, 1, 4, "NUL");
    fail_s("[\"abc\\", STRICT, PW_ERR_FORMAT, 1, 2, "unterminated string");
    fail_s("[\"abc", STRICT, PW_ERR_FORMAT, 1, 2, "unterminated string");
    fail_s("[\"a\nb\"]", STRICT, PW_ERR_FORMAT, 1, 4, "control character");
    fail_s("[\"a\tb\"]", STRICT, PW_ERR_FORMAT, 1, 4, "control character 0x09");
    fail_s("['a']", STRICT, PW_ERR_FORMAT, 1, 2, "found '''");
}

static void test_utf8(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t col;
    } bad[] = {
        {"[\"\xc0\x80\"]", 3},         /* overlong NUL */
        {"[\"\xc1\xbf\"]", 3},         /* overlong */
        {"[\"\xe0\x80\x80\"]", 3},     /* overlong 3-byte */
        {"[\"\xed\xa0\x80\"]", 3},     /* UTF-16 surrogate */
        {"[\"\xf0\x80\x80\x80\"]", 3}, /* overlong 4-byte */
        {"[\"\xf4\x90\x80\x80\"]", 3}, /* above U+10FFFF */
        {"[\"\xf5\x80\x80\x80\"]", 3},
        {"[\"ab\x80\"]", 5},           /* lone continuation */
        {"[\"\xc3\"]", 3},             /* truncated */
        {"[\"\xe2\x82\"]", 3},
        {"[\"\xff\"]", 3},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        fail_s(bad[i].s, STRICT, PW_ERR_FORMAT, 1, bad[i].col,
               "invalid UTF-8");
    /* truncated at the very end of input */
    fail_n("[\"\xe2\x82", 4, STRICT, NULL, PW_ERR_FORMAT, 1, 3,
           "invalid UTF-8");
    /* outside strings non-ASCII is a syntax error */
    fail_s("[1, \xc3\xa9]", STRICT, PW_ERR_FORMAT, 1, 5, "byte 0xc3");
    /* the largest code points are fine */
    pwi_jnode *r = parse_ok("[\"\xf4\x8f\xbf\xbf\xef\xbf\xbf\xed\x9f\xbf\"]",
                            STRICT);
    assert_int_equal(r->items[0]->len, 10);
    pwi_jtree_free(r);
}

static void test_duplicate_keys(void **state)
{
    (void)state;
    fail_s("{\"a\": 1,\n \"b\": 2,\n \"a\": 3}", STRICT, PW_ERR_FORMAT, 3, 2,
           "duplicate key \"a\" (first at line 1)");
    /* the first repeat in document order is named */
    fail_s("{\"x\": 1, \"y\": 2,\n\"y\": 3,\n\"x\": 4}", STRICT,
           PW_ERR_FORMAT, 2, 1, "duplicate key \"y\"");
    /* the key is shown on one line, cut at a character boundary */
    fail_s("{\"a\\nb\": 1, \"a\\nb\": 2}", STRICT, PW_ERR_FORMAT, 1, 13,
           "duplicate key \"a?b\" (first at line 1)");
    fail_s("{\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\u00e9\": 1,"
           " \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\u00e9\": 2}",
           STRICT, PW_ERR_FORMAT, 1, 0,
           "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"... (first");
    /* same keys in different objects are fine */
    pwi_jnode *r = parse_ok("{\"a\": {\"a\": 1}, \"b\": {\"a\": 2}}", STRICT);
    pwi_jtree_free(r);
    /* keys differing after a NUL-free prefix or only in length */
    r = parse_ok("{\"ab\": 1, \"a\": 2, \"abc\": 3}", STRICT);
    pwi_jtree_free(r);

    /* a big object goes through the hash table */
    pwi_buf b;
    pwi_buf_init(&b, 0);
    pwi_buf_adds(&b, "{\n");
    for (int i = 0; i < 5000; i++)
        pwi_buf_printf(&b, "\"node_modules/pkg-%d\": %d,\n", i, i);
    pwi_buf_adds(&b, "\"node_modules/pkg-4321\": 0,\n");
    pwi_buf_adds(&b, "\"node_modules/pkg-17\": 0\n}\n");
    fail_n(b.data, b.len, STRICT, NULL, PW_ERR_FORMAT, 5002, 1,
           "duplicate key \"node_modules/pkg-4321\" (first at line 4323)");
    pwi_buf_release(&b);

    /* ... and without duplicates it parses */
    pwi_buf_init(&b, 0);
    pwi_buf_adds(&b, "{");
    for (int i = 0; i < 5000; i++)
        pwi_buf_printf(&b, "%s\"k%d\": %d", i ? ", " : "", i, i);
    pwi_buf_adds(&b, "}");
    r = parse_n(b.data, b.len, STRICT, NULL);
    assert_int_equal(r->nitems, 5000);
    assert_string_equal(pwi_j_get(r, "k4999")->str, "4999");
    pwi_jtree_free(r);
    pwi_buf_release(&b);
}

static void test_trailing_commas(void **state)
{
    (void)state;
    fail_s("[1, 2,]", STRICT, PW_ERR_FORMAT, 1, 6, "trailing comma");
    fail_s("{\"a\": 1,\n}", STRICT, PW_ERR_FORMAT, 1, 8, "trailing comma");
    fail_s("[1, 2,]", PWI_JSON_COMMENTS, PW_ERR_FORMAT, 1, 6,
           "trailing comma");
    pwi_jnode *r = parse_ok("{\"a\": [1, 2,], \"b\": {\"c\": 1,},}",
                            PWI_JSON_TRAILING_COMMAS);
    assert_int_equal(r->nitems, 2);
    assert_int_equal(pwi_j_get(r, "a")->nitems, 2);
    assert_int_equal(pwi_j_get(r, "b")->nitems, 1);
    pwi_jtree_free(r);
    /* only one, and only after an element */
    fail_s("[1,,]", JSONC, PW_ERR_FORMAT, 1, 4, "expected a JSON value");
    fail_s("[,]", JSONC, PW_ERR_FORMAT, 1, 2, "expected a JSON value");
    fail_s("{,}", JSONC, PW_ERR_FORMAT, 1, 2, "expected a string key");
    fail_s("[1 2]", JSONC, PW_ERR_FORMAT, 1, 4, "expected ',' or ']'");
}

static void test_comments(void **state)
{
    (void)state;
    fail_s("// c\n[1]", STRICT, PW_ERR_FORMAT, 1, 1,
           "comments are not allowed");
    fail_s("[1, /* c */ 2]", PWI_JSON_TRAILING_COMMAS, PW_ERR_FORMAT, 1, 5,
           "comments are not allowed");
    pwi_jnode *r = parse_ok("// lockfile\n"
                            "{ /* a\n"
                            "     b */ \"a\": 1, // end \xc3\xa9\n"
                            "  \"b\" /**/ : /***/ 2\n"
                            "} // trailing",
                            PWI_JSON_COMMENTS);
    size_t line;
    assert_non_null(pwi_j_get_line(r, "a", &line));
    assert_int_equal(line, 3);
    const pwi_jnode *bv = pwi_j_get_line(r, "b", &line);
    assert_int_equal(line, 4);
    assert_int_equal(bv->col, 20);
    assert_int_equal(r->line, 2);
    pwi_jtree_free(r);
    fail_s("[1]\n/* open", PWI_JSON_COMMENTS, PW_ERR_FORMAT, 2, 1,
           "unterminated comment");
    fail_s("[1, /* \xff */ 2]", PWI_JSON_COMMENTS, PW_ERR_FORMAT, 1, 8,
           "invalid UTF-8");
    fail_s("[1] // \xc3", PWI_JSON_COMMENTS, PW_ERR_FORMAT, 1, 8,
           "invalid UTF-8");
    fail_s("[1, / 2]", PWI_JSON_COMMENTS, PW_ERR_FORMAT, 1, 5, "found '/'");
}

static void test_numbers(void **state)
{
    (void)state;
    pwi_jnode *r = parse_ok("[0, -0, 10, 1.25, -3e7, 2E+2, 4e-01, "
                            "9223372036854775807, -9223372036854775808, "
                            "9223372036854775808, 100000000000000000000]",
                            STRICT);
    int64_t v;
    assert_true(pwi_j_as_int(r->items[0], &v));
    assert_int_equal(v, 0);
    assert_true(pwi_j_as_int(r->items[1], &v));
    assert_int_equal(v, 0);
    assert_true(pwi_j_as_int(r->items[2], &v));
    assert_int_equal(v, 10);
    assert_false(pwi_j_as_int(r->items[3], &v));
    assert_string_equal(r->items[4]->str, "-3e7");
    assert_false(pwi_j_as_int(r->items[5], &v));
    assert_true(pwi_j_as_int(r->items[7], &v));
    assert_true(v == INT64_MAX);
    assert_true(pwi_j_as_int(r->items[8], &v));
    assert_true(v == INT64_MIN);
    assert_false(pwi_j_as_int(r->items[9], &v));
    assert_false(pwi_j_as_int(r->items[10], &v));
    assert_false(pwi_j_as_int(NULL, &v));
    pwi_jtree_free(r);

    fail_s("[01]", STRICT, PW_ERR_FORMAT, 1, 2, "leading zeros");
    fail_s("[-01]", STRICT, PW_ERR_FORMAT, 1, 2, "leading zeros");
    fail_s("[1.]", STRICT, PW_ERR_FORMAT, 1, 4, "decimal point");
    fail_s("[.5]", STRICT, PW_ERR_FORMAT, 1, 2, "found '.'");
    fail_s("[-]", STRICT, PW_ERR_FORMAT, 1, 3, "a digit");
    fail_s("[+1]", STRICT, PW_ERR_FORMAT, 1, 2, "found '+'");
    fail_s("[1e]", STRICT, PW_ERR_FORMAT, 1, 4, "exponent");
    fail_s("[1e+]", STRICT, PW_ERR_FORMAT, 1, 5, "exponent");
    fail_s("[NaN]", STRICT, PW_ERR_FORMAT, 1, 2, "found 'N'");
    fail_s("[Infinity]", STRICT, PW_ERR_FORMAT, 1, 2, "found 'I'");
    fail_s("[0x10]", STRICT, PW_ERR_FORMAT, 1, 3, "found 'x'");
    fail_s("-", STRICT, PW_ERR_FORMAT, 1, 2, "end of input");
}

static void test_syntax_errors(void **state)
{
    (void)state;
    fail_s("", STRICT, PW_ERR_FORMAT, 1, 1, "input is empty");
    fail_s("  \n ", STRICT, PW_ERR_FORMAT, 2, 2, "input is empty");
    fail_s("\xef\xbb\xbf", STRICT, PW_ERR_FORMAT, 1, 1, "input is empty");
    fail_s("{}\n{}", STRICT, PW_ERR_FORMAT, 2, 1, "end of input after");
    fail_s("[1] x", STRICT, PW_ERR_FORMAT, 1, 5, "end of input after");
    fail_s("{\"a\": 1", STRICT, PW_ERR_FORMAT, 1, 8,
           "expected ',' or '}' after an object member, found end of input");
    fail_s("[1, 2", STRICT, PW_ERR_FORMAT, 1, 6, "found end of input");
    fail_s("[1, 2}", STRICT, PW_ERR_FORMAT, 1, 6, "found '}'");
    fail_s("{\"a\" 1}", STRICT, PW_ERR_FORMAT, 1, 6, "':'");
    fail_s("{1: 2}", STRICT, PW_ERR_FORMAT, 1, 2, "a string key");
    fail_s("{\"a\": }", STRICT, PW_ERR_FORMAT, 1, 7, "a JSON value");
    fail_s("[tru]", STRICT, PW_ERR_FORMAT, 1, 2, "found 't'");
    fail_s("[truex]", STRICT, PW_ERR_FORMAT, 1, 6, "found 'x'");
    fail_s("[nul", STRICT, PW_ERR_FORMAT, 1, 2, "found 'n'");
    fail_n("[1,\0 2]", 7, STRICT, NULL, PW_ERR_FORMAT, 1, 4, "byte 0x00");
    fail_s("{\"a\":1,\n\n  \"b\":[1,\n  2,\n  }", STRICT, PW_ERR_FORMAT, 5,
           3, "found '}'");
}

static void test_limits(void **state)
{
    (void)state;
    pwi_jlimits lim;
    pwi_jlimits_default(&lim);
    assert_int_equal(lim.max_bytes, 64u << 20);
    assert_int_equal(lim.max_depth, 64);
    assert_int_equal(lim.max_nodes, 4000000);
    assert_int_equal(lim.max_string, 1u << 20);

    /* depth: 3 levels pass with max 3, 4 fail at the fourth bracket */
    lim.max_depth = 3;
    pwi_jnode *r = parse_n("[[{\"a\":1}]]", 11, STRICT, &lim);
    pwi_jtree_free(r);
    fail_n("[[{\"a\":[]}]]", 12, STRICT, &lim, PW_ERR_LIMIT, 1, 8,
           "nesting is deeper than the limit of 3");

    /* the default depth stops hostile nesting without recursion */
    size_t n = 1000000;
    char *deep = malloc(2 * n);
    memset(deep, '[', n);
    memset(deep + n, ']', n);
    fail_n(deep, 2 * n, STRICT, NULL, PW_ERR_LIMIT, 1, 65,
           "deeper than the limit of 64");
    /* and a huge allowed depth is parsed iteratively */
    pwi_jlimits_default(&lim);
    lim.max_depth = n;
    r = parse_n(deep, 2 * n, STRICT, &lim);
    assert_int_equal(r->nitems, 1);
    pwi_jtree_free(r);
    free(deep);

    /* nodes: keys are not counted */
    pwi_jlimits_default(&lim);
    lim.max_nodes = 4;
    r = parse_n("{\"a\": 1, \"b\": [2]}", 18, STRICT, &lim);
    pwi_jtree_free(r);
    fail_n("{\"a\": 1, \"b\": [2, 3]}", 21, STRICT, &lim, PW_ERR_LIMIT, 1,
           19, "more than 4 nodes");

    /* string length, raw and decoded */
    pwi_jlimits_default(&lim);
    lim.max_string = 4;
    r = parse_n("[\"abcd\", \"\\u0041\\u0042\\u0043\\u0044\"]", 36, STRICT,
                &lim);
    assert_string_equal(r->items[1]->str, "ABCD");
    pwi_jtree_free(r);
    fail_n("[\"abcde\"]", 9, STRICT, &lim, PW_ERR_LIMIT, 1, 2,
           "string of 5 bytes is longer than the limit of 4");
    fail_n("[\"\\u00e9\\u00e9\\u00e9\"]", 22, STRICT, &lim, PW_ERR_LIMIT, 1,
           2, "string of 6 bytes");
    fail_n("{\"abcde\": 1}", 12, STRICT, &lim, PW_ERR_LIMIT, 1, 2,
           "longer than the limit");
    fail_n("[123456]", 8, STRICT, &lim, PW_ERR_LIMIT, 1, 2,
           "number of 6 bytes");

    /* input size, checked first */
    pwi_jlimits_default(&lim);
    lim.max_bytes = 10;
    fail_n("[1, 2, 3, 4]", 12, STRICT, &lim, PW_ERR_LIMIT, 0, 0,
           "JSON input of 12 bytes is larger than the limit of 10");
}

/* A package-lock-like document with npkgs entries. */
static void make_lock(pwi_buf *b, size_t npkgs)
{
    pwi_buf_adds(b, "{\n  \"name\": \"big\",\n  \"lockfileVersion\": 3,\n"
                    "  \"packages\": {\n    \"\": {\"name\": \"big\"}");
    for (size_t i = 0; i < npkgs; i++)
        pwi_buf_printf(
            b,
            ",\n    \"node_modules/pkg-%zu\": {\n"
            "      \"version\": \"1.%zu.0\",\n"
            "      \"resolved\": \"https://registry.npmjs.org/pkg-%zu/-/pkg-"
            "%zu-1.%zu.0.tgz\",\n"
            "      \"integrity\": \"sha512-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\",\n"
            "      \"dev\": true,\n"
            "      \"dependencies\": {\"pkg-%zu\": \"^1.0.0\", \"caf\\u00e9\": "
            "\"*\"},\n"
            "      \"engines\": {\"node\": \">=14\"}\n"
            "    }",
            i, i, i, i, i, (i + 1) % npkgs);
    pwi_buf_adds(b, "\n  }\n}\n");
}

static void test_big_input(void **state)
{
    (void)state;
    pwi_buf b;
    pwi_buf_init(&b, 0);
    make_lock(&b, 50000);
    clock_t t0 = clock();
    pwi_jnode *r = parse_n(b.data, b.len, STRICT, NULL);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    printf("# parsed %zu bytes (50000 packages) in %.3f s\n", b.len, secs);
    const pwi_jnode *pk = pwi_j_get(r, "packages");
    assert_int_equal(pk->nitems, 50001);
    assert_string_equal(pk->keys[50000], "node_modules/pkg-49999");
    assert_int_equal(pk->key_lines[1], 6);
    assert_int_equal(pk->key_lines[50000], 6 + 49999 * 8);
    const pwi_jnode *e = pk->items[50000];
    assert_string_equal(pwi_j_get_str(e, "version"), "1.49999.0");
    assert_string_equal(pwi_j_get(e, "dependencies")->keys[1],
                        "caf\xc3\xa9");
    pwi_jtree_free(r);
    pwi_buf_release(&b);
}

static void test_build_api(void **state)
{
    (void)state;
    pwi_jnode *root = pwi_jtree_new(PWI_J_OBJECT, 1, 1);
    pwi_jnode *arr = pwi_jnode_new(root, PWI_J_ARRAY, 2, 5);
    char key[32];
    for (int i = 0; i < 100; i++) {
        pwi_jnode *s = pwi_jnode_new(root, PWI_J_STRING, (size_t)i + 3, 1);
        snprintf(key, sizeof key, "v%d", i);
        pwi_jnode_set_str(root, s, key, strlen(key));
        pwi_jnode_append(root, arr, s);
        pwi_jnode *num = pwi_jnode_new(root, PWI_J_NUMBER, 1, 1);
        pwi_jnode_set_str(root, num, "7", 1);
        snprintf(key, sizeof key, "k%d", i);
        pwi_jnode_put(root, root, key, strlen(key), (size_t)i + 10, num);
    }
    pwi_jnode_put(root, root, "arr", 3, 200, arr);
    assert_int_equal(root->nitems, 101);
    assert_int_equal(arr->nitems, 100);
    for (int i = 0; i < 100; i++) {
        snprintf(key, sizeof key, "v%d", i);
        assert_string_equal(arr->items[i]->str, key);
        snprintf(key, sizeof key, "k%d", i);
        size_t line;
        assert_non_null(pwi_j_get_line(root, key, &line));
        assert_int_equal(line, (size_t)i + 10);
    }
    assert_ptr_equal(pwi_j_get(root, "arr"), arr);
    /* a big allocation and many small ones */
    char *big = pwi_jtree_alloc(root, 3 << 20);
    memset(big, 'x', 3 << 20);
    char *s = pwi_jtree_strdup(root, "abc", 3);
    assert_string_equal(s, "abc");
    assert_int_equal((uintptr_t)pwi_jtree_alloc(root, 1) % sizeof(void *),
                     0);
    for (int i = 0; i < 10000; i++)
        (void)pwi_jnode_new(root, PWI_J_NULL, 1, 1);
    assert_string_equal(pwi_j_kind_name(PWI_J_OBJECT), "an object");
    assert_string_equal(pwi_j_kind_name(PWI_J_ARRAY), "an array");
    assert_string_equal(pwi_j_kind_name(PWI_J_STRING), "a string");
    assert_string_equal(pwi_j_kind_name(PWI_J_DATETIME), "a date-time");
    pwi_jtree_free(root);

    /* TOML-style numbers for pwi_j_as_int */
    root = pwi_jtree_new(PWI_J_NUMBER, 1, 1);
    int64_t v;
    pwi_jnode_set_str(root, root, "1_000", 5);
    assert_true(pwi_j_as_int(root, &v));
    assert_int_equal(v, 1000);
    pwi_jnode_set_str(root, root, "+5", 2);
    assert_true(pwi_j_as_int(root, &v));
    assert_int_equal(v, 5);
    pwi_jnode_set_str(root, root, "_", 1);
    assert_false(pwi_j_as_int(root, &v));
    pwi_jnode_set_str(root, root, "0x10", 4);
    assert_false(pwi_j_as_int(root, &v));
    pwi_jtree_free(root);
}

static void test_seed_corpus(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        unsigned flags;
        pw_status want;
    } seeds[] = {
        {"package-lock.json", STRICT, PW_OK},
        {"bun.lock", JSONC, PW_OK},
        {"bun.lock", STRICT, PW_ERR_FORMAT},
        {"escapes.json", STRICT, PW_OK},
        {"dup-key.json", STRICT, PW_ERR_FORMAT},
        {"bad-utf8.json", STRICT, PW_ERR_FORMAT},
        {"deep.json", STRICT, PW_ERR_LIMIT},
        {"numbers.json", STRICT, PW_OK},
    };
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/tests/fuzz/corpus/json/%s",
                 PW_TEST_SRCDIR, seeds[i].file);
        size_t len;
        char *data = tu_read_file(path, &len);
        pwi_jnode *root = NULL;
        pw_error err;
        pw_status st = pwi_json_parse(data, len, seeds[i].file,
                                      seeds[i].flags, NULL, &root, &err);
        if (st != seeds[i].want)
            fail_msg("%s: got %d (%s)", seeds[i].file, st,
                     st ? err.msg : "ok");
        pwi_jtree_free(root);
        free(data);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_document),
        cmocka_unit_test(test_scalar_roots_and_bom),
        cmocka_unit_test(test_positions_crlf),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_bad_escapes),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_duplicate_keys),
        cmocka_unit_test(test_trailing_commas),
        cmocka_unit_test(test_comments),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_big_input),
        cmocka_unit_test(test_build_api),
        cmocka_unit_test(test_seed_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
