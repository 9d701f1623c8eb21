/* test-lex-js.c - the JavaScript tokenizer (src/lex/lex-js.c) and the
 * constant folding over its tokens (src/lex/fold-js.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex/js-code.h"
#include "lex/lex.h"
#include "testutil.h"

/* ---- helpers ------------------------------------------------------------- */

/* Lexes exactly n bytes from a heap copy, so that ASan sees any read past
 * the end of the input. */
/* Inputs are exact-size copies (ASan sees a read past the end), kept
 * until the group ends: names, numbers and punctuators are read in place. */
static unsigned char **inputs;
static size_t ninputs;

static int free_inputs(void **state)
{
    (void)state;
    for (size_t i = 0; i < ninputs; i++)
        free(inputs[i]);
    free(inputs);
    inputs = NULL;
    ninputs = 0;
    return 0;
}

static void lex_n(const char *s, size_t n, pwi_tokens *t)
{
    unsigned char *copy = malloc(n ? n : 1);
    assert_non_null(copy);
    memcpy(copy, s, n);
    unsigned char **grown = realloc(inputs, (ninputs + 1) * sizeof *inputs);
    assert_non_null(grown);
    inputs = grown;
    inputs[ninputs++] = copy;
    pwi_tokens_init(t);
    pwi_lex_js(copy, n, t);
}

static void lex(const char *s, pwi_tokens *t)
{
    lex_n(s, strlen(s), t);
}

static const char *kind_name(int k)
{
    static const char *const names[] = {"IDENT", "STRING", "TEMPLATE", "NUMBER",
                                        "REGEX", "PUNCT"};
    return k >= 0 && k <= PWI_TK_PUNCT ? names[k] : "?";
}

/* Token i has this kind and value, at line:col. */
static void expect_tok(const pwi_tokens *t, size_t i, int kind, const char *val,
                       uint32_t line, uint32_t col)
{
    if (i >= t->n)
        fail_msg("token %zu missing (only %zu)", i, t->n);
    size_t len;
    const char *v = pwi_token_str(t, i, &len);
    const pwi_token *k = &t->v[i];
    if (k->kind != kind || len != strlen(val) || memcmp(v, val, len) != 0 ||
        (line && k->line != line) || (col && k->col != col))
        fail_msg("token %zu: want %s \"%s\" at %u:%u, got %s \"%.*s\" at %u:%u", i,
                 kind_name(kind), val, line, col, kind_name(k->kind), (int)len, v,
                 k->line, k->col);
}

/* Lexes s and checks the kinds and values of all its tokens; expected is
 * "KIND:value" entries, one per token, NULL-terminated. */
static void expect_tokens(const char *s, const char *const *expected)
{
    pwi_tokens t;
    lex(s, &t);
    size_t i = 0;
    for (; expected[i]; i++) {
        const char *e = expected[i];
        int kind = e[0] == 'I' ? PWI_TK_IDENT : e[0] == 'S' ? PWI_TK_STRING
                 : e[0] == 'T' ? PWI_TK_TEMPLATE : e[0] == 'N' ? PWI_TK_NUMBER
                 : e[0] == 'R' ? PWI_TK_REGEX : PWI_TK_PUNCT;
        expect_tok(&t, i, kind, strchr(e, ':') + 1, 0, 0);
    }
    if (t.n != i)
        fail_msg("%s: want %zu tokens, got %zu", s, i, t.n);
    pwi_tokens_release(&t);
}

static void fold(const char *s, pwi_tokens *t, pwi_decoded_list *d)
{
    lex(s, t);
    pwi_decoded_init(d);
    pwi_fold_js(t, d);
}

static void fold_release(pwi_tokens *t, pwi_decoded_list *d)
{
    pwi_decoded_release(d);
    pwi_tokens_release(t);
}

static const pwi_decoded *find_decoded(const pwi_decoded_list *d, const char *val,
                                       size_t len)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].val_len == len && memcmp(d->arena.data + d->v[i].val, val, len) == 0)
            return &d->v[i];
    return NULL;
}

static void dump_decoded(const pwi_decoded_list *d)
{
    for (size_t i = 0; i < d->n; i++)
        print_message("  decoded %u:%u how=%#x depth=%u \"%.*s\"\n", d->v[i].line,
                      d->v[i].col, d->v[i].how, d->v[i].depth, (int)d->v[i].val_len,
                      d->arena.data + d->v[i].val);
}

/* Folding src yields value with exactly these how bits, at this line. */
static const pwi_decoded *expect_fold(const char *src, const char *val, unsigned how,
                                      uint32_t line)
{
    static pwi_tokens t;
    static pwi_decoded_list d;
    static int live;
    if (live)
        fold_release(&t, &d);
    fold(src, &t, &d);
    live = 1;
    const pwi_decoded *r = find_decoded(&d, val, strlen(val));
    if (!r) {
        dump_decoded(&d);
        fail_msg("%s: \"%s\" not folded", src, val);
    }
    if (r->how != how || r->line != line) {
        dump_decoded(&d);
        fail_msg("%s: \"%s\" has how %#x line %u, want %#x line %u", src, val, r->how,
                 r->line, how, line);
    }
    return r;
}

/* Folding src reports nothing at all. */
static void expect_no_fold(const char *src)
{
    pwi_tokens t;
    pwi_decoded_list d;
    fold(src, &t, &d);
    if (d.n) {
        dump_decoded(&d);
        fail_msg("%s: expected nothing folded", src);
    }
    fold_release(&t, &d);
}

/* ---- tokens -------------------------------------------------------------- */

static void test_identifiers_and_punctuators(void **state)
{
    (void)state;
    static const char *const want[] = {
        "I:$el", "P:=", "I:_x1", "P:?.", "I:caf\xc3\xa9", "P:?\?=", "I:a", "P:>>>=",
        "I:b", "P:...", "I:c", "P:=>", "I:d", "P:**=", "I:e", "P:!==", "I:f",
        "P:&&=", "I:g", "P:||", "I:h", "P:?", "N:.5", "P::", "N:1", "P:#", "I:priv",
        "P:@", "P:\\", NULL};
    expect_tokens("$el = _x1?.caf\xc3\xa9 ?\?= a >>>= b ...c => d **= e !== f &&= g || h ?.5:1"
                  " #priv @ \\",
                  want);
}

static void test_numbers(void **state)
{
    (void)state;
    static const char *const want[] = {
        "N:0x1F", "N:0o17", "N:0b1010", "N:1_000_000", "N:123n", "N:1.5e-3",
        "N:2E+10", "N:0.5", "N:017", "N:0xFFn", "P:.", "I:e", NULL};
    expect_tokens("0x1F 0o17 0b1010 1_000_000 123n 1.5e-3 2E+10 0.5 017 0xFFn .e", want);
}

static void test_positions(void **state)
{
    (void)state;
    pwi_tokens t;
    lex("a = 1;\n  bb('x')\r\n\tc /* one\ntwo */ d", &t);
    expect_tok(&t, 0, PWI_TK_IDENT, "a", 1, 1);
    expect_tok(&t, 2, PWI_TK_NUMBER, "1", 1, 5);
    expect_tok(&t, 4, PWI_TK_IDENT, "bb", 2, 3);
    expect_tok(&t, 6, PWI_TK_STRING, "x", 2, 6);
    expect_tok(&t, 7, PWI_TK_PUNCT, ")", 2, 9);
    expect_tok(&t, 8, PWI_TK_IDENT, "c", 3, 2);
    expect_tok(&t, 9, PWI_TK_IDENT, "d", 4, 8);
    assert_int_equal(t.v[6].off, 12);
    assert_int_equal(t.v[6].len, 3);
    assert_int_equal(t.lines, 4);
    assert_int_equal(t.comments, 1);
    pwi_tokens_release(&t);
}

static void test_line_counting(void **state)
{
    (void)state;
    pwi_tokens t;
    /* CRLF is one line; a lone CR ends a comment but (like the raw view's
     * line table) does not start a new line number */
    lex("a\r\nb\r\n\r\nc // x\rd\n", &t);
    expect_tok(&t, 0, PWI_TK_IDENT, "a", 1, 1);
    expect_tok(&t, 1, PWI_TK_IDENT, "b", 2, 1);
    expect_tok(&t, 2, PWI_TK_IDENT, "c", 4, 1);
    expect_tok(&t, 3, PWI_TK_IDENT, "d", 4, 8);
    assert_int_equal(t.lines, 4);
    pwi_tokens_release(&t);

    lex("", &t);
    assert_int_equal(t.n, 0);
    assert_int_equal(t.lines, 0);
    pwi_tokens_release(&t);
    lex("x", &t);
    assert_int_equal(t.lines, 1);
    pwi_tokens_release(&t);
    lex("x\n\n", &t);
    assert_int_equal(t.lines, 2);
    pwi_tokens_release(&t);
}

static void test_bom_and_unicode_space(void **state)
{
    (void)state;
    pwi_tokens t;
    /* BOM skipped; NBSP and U+3000 separate tokens; U+2028 ends a comment */
    lex("\xef\xbb\xbf" "a\xc2\xa0" "b\xe3\x80\x80" "c // hidden\xe2\x80\xa8" "eval(x)", &t);
    expect_tok(&t, 0, PWI_TK_IDENT, "a", 1, 4);
    expect_tok(&t, 1, PWI_TK_IDENT, "b", 1, 7);
    expect_tok(&t, 2, PWI_TK_IDENT, "c", 1, 11);
    expect_tok(&t, 3, PWI_TK_IDENT, "eval", 1, 0);
    assert_int_equal(t.n, 7);
    assert_int_equal(t.comments, 1);
    pwi_tokens_release(&t);
}

static void test_comments_and_hashbang(void **state)
{
    (void)state;
    pwi_tokens t;
    lex("#!/usr/bin/env node\n// line\na /* block */ / b /** doc\n */ // end", &t);
    assert_int_equal(t.comments, 5);
    assert_int_equal(t.n, 3);
    expect_tok(&t, 0, PWI_TK_IDENT, "a", 3, 1);
    /* a comment between an operand and '/' keeps the division context */
    expect_tok(&t, 1, PWI_TK_PUNCT, "/", 3, 15);
    expect_tok(&t, 2, PWI_TK_IDENT, "b", 3, 17);
    pwi_tokens_release(&t);
    /* '#!' later is no hashbang */
    lex("x\n#!y", &t);
    assert_int_equal(t.comments, 0);
    assert_int_equal(t.n, 4);
    pwi_tokens_release(&t);
}

/* ---- strings ------------------------------------------------------------- */

static void check_string(const char *src, const char *val, size_t len, uint8_t flags)
{
    pwi_tokens t;
    lex(src, &t);
    assert_int_equal(t.n, 1);
    assert_int_equal(t.v[0].kind, PWI_TK_STRING);
    size_t got_len;
    const char *got = pwi_token_str(&t, 0, &got_len);
    if (got_len != len || memcmp(got, val, len) != 0)
        fail_msg("%s: got \"%.*s\" (%zu bytes)", src, (int)got_len, got, got_len);
    if (t.v[0].flags != flags)
        fail_msg("%s: flags %#x, want %#x", src, t.v[0].flags, flags);
    pwi_tokens_release(&t);
}

static void test_string_escapes(void **state)
{
    (void)state;
    check_string("'a\\nb\\tc\\rd\\be\\ff\\vg'", "a\nb\tc\rd\be\ff\vg", 13, 0);
    check_string("'\\0'", "\0", 1, 0);
    check_string("\"\\x41\\u0042\\u{43}\"", "ABC", 3, PWI_TF_ESCAPES | PWI_TF_ESCAPES_MANY);
    check_string("'\\x63\\x68'", "ch", 2, PWI_TF_ESCAPES);
    check_string("'\\x1b[0m'", "\x1b[0m", 4, 0); /* not a letter: no flag */
    check_string("'\\u{1F600}'", "\xf0\x9f\x98\x80", 4, 0);
    check_string("'\\uD83D\\uDE00'", "\xf0\x9f\x98\x80", 4, 0);
    check_string("'\\uD83Dx'", "\xef\xbf\xbdx", 4, 0); /* lone surrogate */
    check_string("'\\u00e9\\xe9'", "\xc3\xa9\xc3\xa9", 4, 0);
    check_string("'\\143\\150\\151'", "chi", 3, PWI_TF_ESCAPES | PWI_TF_ESCAPES_MANY);
    check_string("'\\'\\\"\\\\\\q'", "'\"\\q", 4, 0);
    /* malformed escapes are kept as written */
    check_string("'\\x4g\\u12\\u{110000}'", "\\x4g\\u12\\u{110000}", 18, 0);
    /* line continuations contribute nothing, and count lines */
    pwi_tokens t;
    lex("'ab\\\ncd\\\r\nef' x", &t);
    expect_tok(&t, 0, PWI_TK_STRING, "abcdef", 1, 1);
    expect_tok(&t, 1, PWI_TK_IDENT, "x", 3, 5);
    pwi_tokens_release(&t);
}

static void test_unterminated(void **state)
{
    (void)state;
    pwi_tokens t;
    /* a string ends at the end of its line */
    lex("a = 'abc\nb", &t);
    expect_tok(&t, 2, PWI_TK_STRING, "abc", 1, 5);
    assert_true(t.v[2].flags & PWI_TF_UNTERMINATED);
    expect_tok(&t, 3, PWI_TK_IDENT, "b", 2, 1);
    pwi_tokens_release(&t);

    /* each of these stops at the end of input (ASan checks the reads) */
    static const char *const cut[] = {
        "'abc", "\"ab\\", "'\\x4", "'\\u{12", "`abc", "`a${b", "`a${`b${c}", "/* abc",
        "/* abc *", "x = /abc", "x = /[abc", "x = /a\\", "\\u00", "\\", "0x", "1e",
        "'\\", "#!", "`\\", "a?.", "`${", "\xe2\x80", "\xef\xbb"};
    for (size_t i = 0; i < sizeof cut / sizeof *cut; i++) {
        lex(cut[i], &t);
        for (size_t k = 0; k < t.n; k++)
            assert_true(t.v[k].off + t.v[k].len <= strlen(cut[i]));
        pwi_tokens_release(&t);
    }
    lex("`abc", &t);
    expect_tok(&t, 0, PWI_TK_TEMPLATE, "abc", 1, 1);
    assert_true(t.v[0].flags & PWI_TF_UNTERMINATED);
    pwi_tokens_release(&t);
    lex("/* abc", &t);
    assert_int_equal(t.n, 0);
    assert_int_equal(t.comments, 1);
    pwi_tokens_release(&t);
    /* an unclosed regex is a division; the rest of the line stays tokens */
    lex("x = /abc 'q'\ny", &t);
    expect_tok(&t, 2, PWI_TK_PUNCT, "/", 1, 5);
    expect_tok(&t, 3, PWI_TK_IDENT, "abc", 1, 6);
    expect_tok(&t, 4, PWI_TK_STRING, "q", 1, 10);
    expect_tok(&t, 5, PWI_TK_IDENT, "y", 2, 1);
    pwi_tokens_release(&t);
}

static void test_templates(void **state)
{
    (void)state;
    pwi_tokens t;
    lex("`plain\\x41` `a${ `b${x}c` + {k:1}.k }d${y}e`", &t);
    expect_tok(&t, 0, PWI_TK_TEMPLATE, "plainA", 1, 1);
    assert_int_equal(t.v[0].flags, PWI_TF_ESCAPES);
    expect_tok(&t, 1, PWI_TK_TEMPLATE, "a", 1, 13);   /* `a${ */
    expect_tok(&t, 2, PWI_TK_TEMPLATE, "b", 1, 18);   /* `b${ */
    expect_tok(&t, 3, PWI_TK_IDENT, "x", 1, 22);
    expect_tok(&t, 4, PWI_TK_TEMPLATE, "c", 1, 23);   /* }c` */
    expect_tok(&t, 5, PWI_TK_PUNCT, "+", 1, 0);
    expect_tok(&t, 6, PWI_TK_PUNCT, "{", 1, 0);
    expect_tok(&t, 10, PWI_TK_PUNCT, "}", 1, 0);      /* object literal's brace */
    expect_tok(&t, 11, PWI_TK_PUNCT, ".", 1, 0);
    expect_tok(&t, 12, PWI_TK_IDENT, "k", 1, 0);
    expect_tok(&t, 13, PWI_TK_TEMPLATE, "d", 1, 0);   /* }d${ */
    expect_tok(&t, 14, PWI_TK_IDENT, "y", 1, 0);
    expect_tok(&t, 15, PWI_TK_TEMPLATE, "e", 1, 0);   /* }e` */
    assert_int_equal(t.n, 16);
    for (size_t i = 1; i < t.n; i++)
        if (t.v[i].kind == PWI_TK_TEMPLATE)
            assert_true(t.v[i].flags & PWI_TF_FSTRING);
    pwi_tokens_release(&t);

    /* lines inside templates; CRLF becomes LF in the value */
    lex("`a\r\nb\nc${\n x }`\ny", &t);
    expect_tok(&t, 0, PWI_TK_TEMPLATE, "a\nb\nc", 1, 1);
    expect_tok(&t, 1, PWI_TK_IDENT, "x", 4, 2);
    expect_tok(&t, 2, PWI_TK_TEMPLATE, "", 4, 4);
    expect_tok(&t, 3, PWI_TK_IDENT, "y", 5, 1);
    pwi_tokens_release(&t);

    /* a '/' after a template is division, after ${ a regex */
    static const char *const want[] = {
        "T:a", "P:/", "I:b", "T:", "R:/re/", "T:", NULL};
    expect_tokens("`a` / b `${/re/}`", want);
}

static void test_regex_or_division(void **state)
{
    (void)state;
    static const char *const div3[] = {"I:a", "P:/", "I:b", "P:/", "I:c", NULL};
    expect_tokens("a / b / c", div3);
    static const char *const assign[] = {"I:x", "P:=", "R:/ab+c/g", NULL};
    expect_tokens("x = /ab+c/g", assign);
    static const char *const cond[] = {"I:if", "P:(", "R:/re/", "P:.", "I:test",
                                       "P:(", "I:s", "P:)", "P:)", NULL};
    expect_tokens("if (/re/.test(s))", cond);
    static const char *const paren[] = {"P:(", "I:a", "P:)", "P:/", "N:2", NULL};
    expect_tokens("(a)/2", paren);
    static const char *const ret[] = {"I:return", "R:/x/", NULL};
    expect_tokens("return /x/", ret);
    static const char *const post[] = {"I:a", "P:++", "P:/", "N:2", NULL};
    expect_tokens("a++ / 2", post);
    static const char *const cls[] = {"I:x", "P:=", "R:/[/\\]]+\\//i", "P:;", NULL};
    expect_tokens("x = /[/\\]]+\\//i;", cls);
    static const char *const idx[] = {"I:a", "P:[", "N:0", "P:]", "P:/", "N:2", NULL};
    expect_tokens("a[0] / 2", idx);
    static const char *const start[] = {"R:/^#!/", "P:.", "I:test", NULL};
    expect_tokens("/^#!/.test", start);
    static const char *const tpo[] = {"I:typeof", "R:/x/", NULL};
    expect_tokens("typeof /x/", tpo);
    static const char *const divassign[] = {"I:a", "P:/=", "N:2", NULL};
    expect_tokens("a /= 2", divassign);
    /* the known heuristic: after '}' a '/' divides */
    static const char *const brace[] = {"P:{", "P:}", "P:/", "I:x", "P:/", NULL};
    expect_tokens("{}/x/", brace);
}

static void test_escaped_identifier(void **state)
{
    (void)state;
    pwi_tokens t;
    lex("\\u0065val(1); x\\u{61}", &t);
    expect_tok(&t, 0, PWI_TK_IDENT, "eval", 1, 1);
    assert_true(t.v[0].flags & PWI_TF_ESCAPES);
    assert_int_equal(t.v[0].len, 9);
    expect_tok(&t, 5, PWI_TK_IDENT, "xa", 1, 15);
    pwi_tokens_release(&t);
}

/* Every token carries its folding code, escaped names by their decoded
 * text, templates next to a ${} apart from plain ones. */
static void test_token_codes(void **state)
{
    (void)state;
    pwi_tokens t;
    lex("String.fromCharCode('a'+`b${x}c`, 0x1f)[\\u0061tob] = ...y?.z; "
        "const v = new Buffer(/re/) * 2 >>> 1; x++",
        &t);
    static const int want[] = {
        PWI_JS_STRING, PWI_JS_DOT,    PWI_JS_FROMCHARCODE, PWI_JS_LPAREN, PWI_JS_LIT,
        PWI_JS_PLUS,   PWI_JS_TPL,    PWI_JS_NAME,         PWI_JS_TPL,    PWI_JS_COMMA,
        PWI_JS_NUM,    PWI_JS_RPAREN, PWI_JS_LBRACK,       PWI_JS_ATOB,   PWI_JS_RBRACK,
        PWI_JS_ASSIGN, PWI_JS_SPREAD, PWI_JS_NAME,         PWI_JS_QDOT,   PWI_JS_NAME,
        PWI_JS_OTHER,  PWI_JS_DECL,   PWI_JS_NAME,         PWI_JS_ASSIGN, PWI_JS_NEW,
        PWI_JS_BUFFER, PWI_JS_LPAREN, PWI_JS_OTHER,        PWI_JS_RPAREN, PWI_JS_TIGHT,
        PWI_JS_NUM,    PWI_JS_OTHER,  PWI_JS_NUM,          PWI_JS_OTHER,  PWI_JS_NAME,
        PWI_JS_TIGHT};
    assert_int_equal(t.n, sizeof want / sizeof *want);
    for (size_t i = 0; i < t.n; i++) {
        if (t.v[i].code != want[i])
            fail_msg("token %zu (%s): code %d, want %d", i, kind_name(t.v[i].kind),
                     t.v[i].code, want[i]);
    }
    pwi_tokens_release(&t);
}

/* Every name of the hashed table is found under its own spelling (a
 * wrong first or last letter in an entry would file it where no lookup
 * looks), and near misses are plain names. */
static void test_name_table(void **state)
{
    (void)state;
    size_t names = 0;
    for (size_t i = 0; i < sizeof pwi_js_names / sizeof *pwi_js_names; i++) {
        const pwi_js_name *e = &pwi_js_names[i];
        if (!e->name)
            continue;
        names++;
        assert_int_equal(strlen(e->name), e->len);
        assert_int_equal(pwi_js_name_code(e->name, e->len), e->code);
    }
    assert_int_equal(names, 40);
    static const char *const misses[] = {"i", "it", "iff", "Atob", "atoB", "news",
                                         "fromCharCodes", "decodeURIComponents", "String_",
                                         "\xe9n"};
    for (size_t i = 0; i < sizeof misses / sizeof *misses; i++)
        assert_int_equal(pwi_js_name_code(misses[i], strlen(misses[i])), PWI_JS_NAME);
}

/* The list notes escapes and a fromCharCode decoder, in any spelling
 * folding reads, so its passes for them can skip files without. */
static void test_token_hints(void **state)
{
    (void)state;
    static const struct {
        const char *src;
        unsigned hints;
    } cases[] = {
        {"var x = 'plain' + fromCharCodes + `fromCharCode${x}`", 0},
        {"'\\x61'", PWI_TH_ESCAPES},
        {"\\u0061tob(s)", PWI_TH_ESCAPES},
        {"'\\n\\t'", 0}, /* escapes that spell no letter hide nothing */
        {"String.fromCharCode(97)", PWI_TH_FROMCHARCODE},
        {"String['fromCharCode'](97)", PWI_TH_FROMCHARCODE},
        {"String[`fromCharCode`](97)", PWI_TH_FROMCHARCODE},
        {"String['from\\x43harCode'](97)", PWI_TH_FROMCHARCODE | PWI_TH_ESCAPES},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        pwi_tokens t;
        lex(cases[i].src, &t);
        if (t.hints != cases[i].hints)
            fail_msg("%s: hints %#x, want %#x", cases[i].src, t.hints, cases[i].hints);
        pwi_tokens_release(&t);
    }
}

/* Builds n bytes of unit repeated (whole units, so at least n). */
static char *repeat(const char *unit, size_t n, size_t *len)
{
    size_t u = strlen(unit), reps = (n + u - 1) / u;
    char *s = malloc(reps * u + 1);
    assert_non_null(s);
    for (size_t i = 0; i < reps; i++)
        memcpy(s + i * u, unit, u);
    s[reps * u] = '\0';
    *len = reps * u;
    return s;
}

static void test_big_inputs(void **state)
{
    (void)state;
    size_t len;
    /* 10 MB single-line minified style: 17 tokens per unit */
    const char *unit = "a=b/c/d;x=/re[/]x/g.test(s);";
    char *s = repeat(unit, 10u << 20, &len);
    pwi_tokens t;
    lex_n(s, len, &t);
    size_t reps = len / strlen(unit);
    assert_int_equal(t.n, reps * 17);
    expect_tok(&t, 17 * (reps - 1) + 10, PWI_TK_REGEX, "/re[/]x/g", 1, 0);
    expect_tok(&t, 17 * (reps - 1) + 3, PWI_TK_PUNCT, "/", 1, 0);
    assert_int_equal(t.lines, 1);
    pwi_decoded_list d;
    pwi_decoded_init(&d);
    pwi_fold_js(&t, &d);
    assert_int_equal(d.n, 0);
    pwi_decoded_release(&d);
    pwi_tokens_release(&t);
    free(s);

    /* degenerate inputs: quotes pair into empty strings, slashes are one
     * comment, backslashes are one-byte punctuators, '/[' never closes */
    static const struct { const char *unit; size_t per_unit_tokens, comments; } deg[] = {
        {"''", 1, 0}, {"//", 0, 1}, {"\\", 1, 0}, {"(/[", 3, 0}, {"[", 1, 0}};
    for (size_t k = 0; k < sizeof deg / sizeof *deg; k++) {
        s = repeat(deg[k].unit, 2u << 20, &len);
        lex_n(s, len, &t);
        assert_int_equal(t.n, deg[k].per_unit_tokens * (len / strlen(deg[k].unit)));
        assert_int_equal(t.comments, deg[k].comments);
        pwi_decoded_init(&d);
        pwi_fold_js(&t, &d);
        pwi_decoded_release(&d);
        pwi_tokens_release(&t);
        free(s);
    }
}

/* ---- folding ------------------------------------------------------------- */

static void test_fold_concat(void **state)
{
    (void)state;
    const pwi_decoded *r = expect_fold("x = 1;\nm = 'chi' + 'ld_pro' + \"cess\";",
                                       "child_process", PWI_DEC_CONCAT, 2);
    assert_int_equal(r->col, 5);
    assert_int_equal(r->depth, 1);
    assert_int_equal(r->tok_first, 6);
    assert_int_equal(r->tok_last, 10);
    expect_fold("y = ('ev' + `al`)", "eval", PWI_DEC_CONCAT, 1);
    expect_fold("y = x + 'child_' + 'process'", "child_process", PWI_DEC_CONCAT, 1);
    expect_fold("'a'.concat('b', \"c\")", "abc", PWI_DEC_CONCAT, 1);
    /* a prefix that is constant is still reported */
    expect_fold("'ab' + 'cd' + x + 'e'", "abcd", PWI_DEC_CONCAT, 1);
    /* one literal is not "decoded"; a tighter operator or a variable stops it */
    expect_no_fold("x = 'child_process'");
    expect_no_fold("'abc'.length + 'd'; 'a' + x; 'a' * 'b' + 'c'; `a${b}` + 'c'");
    expect_no_fold("'a' + 'b'.length");
}

/* Concatenations with operands that are not constant: reported with a
 * hole for each, and what the skipped operands hold is still folded. */
static void test_fold_partial(void **state)
{
    (void)state;
    enum { P = PWI_DEC_CONCAT | PWI_DEC_PARTIAL };
    expect_fold("exec('curl -s ' + url + ' | sh')", "curl -s \x1a | sh", P, 1);
    expect_fold("x = 1;\ny = 'a' + f(x, 'q') + 'b' + opts.dir + '/c' + os.tmpdir()",
                "a\x1a" "b\x1a/c", P, 2);
    expect_fold("'x' + require('chi' + 'ld_process') + 'y'", "x\x1ay", P, 1);
    expect_fold("'x' + require('chi' + 'ld_process') + 'y'", "child_process",
                PWI_DEC_CONCAT, 1);
    /* the constant prefix keeps its own value */
    expect_fold("'ab' + 'cd' + x + 'e'", "abcd", PWI_DEC_CONCAT, 1);
    expect_fold("'ab' + 'cd' + x + 'e'", "abcd\x1a" "e", P, 1);
    /* a single literal with holes, or holes only at the end, say nothing */
    expect_no_fold("a = 'Error: ' + msg; b = 'x' + y + z");
    expect_no_fold("c = 'n=' + (a || b).length * 2");
}

static void test_fold_join(void **state)
{
    (void)state;
    expect_fold("v = ['ch','ild_','process'].join('')", "child_process", PWI_DEC_JOIN, 1);
    expect_fold("v = [\"ev\", \"al\"].join(\"\")", "eval", PWI_DEC_JOIN, 1);
    expect_fold("v = ['a','b','c'].join('-')", "a-b-c", PWI_DEC_JOIN, 1);
    expect_fold("v = ['a','b'].join()", "a,b", PWI_DEC_JOIN, 1);
    expect_fold("v = ['a','b']['join']('')", "ab", PWI_DEC_JOIN, 1);
    expect_fold("v = ['ex', 'ec' + 'Sync'].join('')", "execSync",
                PWI_DEC_JOIN | PWI_DEC_CONCAT, 1);
    expect_fold("v = [1, 2].join('.')", "1.2", PWI_DEC_JOIN, 1);
    expect_no_fold("v = ['a', b].join('')");
}

static void test_fold_charcode(void **state)
{
    (void)state;
    expect_fold("s = String.fromCharCode(99,104,105)", "chi", PWI_DEC_CHARCODE, 1);
    expect_fold("s = String.fromCharCode(0x63, 0x68)", "ch", PWI_DEC_CHARCODE, 1);
    expect_fold("s = String.fromCharCode(...[99, 104])", "ch", PWI_DEC_CHARCODE, 1);
    expect_fold("s = String['fromCharCode'](101, 118, 97, 108)", "eval",
                PWI_DEC_CHARCODE, 1);
    expect_fold("s = String.fromCharCode.apply(null, [101,118,97,108])", "eval",
                PWI_DEC_CHARCODE, 1);
    expect_fold("s = String.fromCharCode.call(this, 0o145, 0b1110110)", "ev",
                PWI_DEC_CHARCODE, 1);
    expect_fold("s = String.fromCharCode(0xD83D, 0xDE00)", "\xf0\x9f\x98\x80",
                PWI_DEC_CHARCODE, 1);
    expect_fold("s = String.fromCodePoint(0x1F600)", "\xf0\x9f\x98\x80",
                PWI_DEC_CHARCODE, 1);
    expect_fold("s = Buffer.from([99, 104]).toString()", "ch", PWI_DEC_CHARCODE, 1);
    /* arithmetic inside is not folded */
    expect_no_fold("s = String.fromCharCode(99 ^ 1, 104)");
    expect_no_fold("s = String.fromCharCode(x)");
}

static void test_fold_reverse(void **state)
{
    (void)state;
    expect_fold("r = 'ssecorp_dlihc'.split('').reverse().join('')", "child_process",
                PWI_DEC_REVERSE | PWI_DEC_JOIN, 1);
    expect_fold("r = [...'lave'].reverse().join('')", "eval",
                PWI_DEC_REVERSE | PWI_DEC_JOIN, 1);
    expect_fold("r = Array.from('lave').reverse().join('')", "eval",
                PWI_DEC_REVERSE | PWI_DEC_JOIN, 1);
    expect_fold("r = ['b', 'a'].reverse().join('')", "ab",
                PWI_DEC_REVERSE | PWI_DEC_JOIN, 1);
    /* UTF-8 characters stay whole */
    expect_fold("r = '\xc3\xa9t\xc3\xa9'.split('').reverse().join('')",
                "\xc3\xa9t\xc3\xa9", PWI_DEC_REVERSE | PWI_DEC_JOIN, 1);
    expect_fold("r = 'a-b-c'.split('-').join('')", "abc", PWI_DEC_JOIN, 1);
}

static void test_fold_base64_hex(void **state)
{
    (void)state;
    const pwi_decoded *r;
    r = expect_fold("a = Buffer.from('Y2hpbGRfcHJvY2Vzcw==', 'base64').toString()",
                    "child_process", PWI_DEC_BASE64, 1);
    assert_int_equal(r->depth, 1);
    expect_fold("a = Buffer.from('Y2hpbGRfcHJvY2Vzcw', 'base64url').toString('utf8')",
                "child_process", PWI_DEC_BASE64, 1);
    expect_fold("a = new Buffer('6576616c', 'hex').toString()", "eval", PWI_DEC_HEX, 1);
    expect_fold("a = Buffer('6576616c', 'HEX')", "eval", PWI_DEC_HEX, 1);
    expect_fold("a = atob('ZXZhbA==')", "eval", PWI_DEC_BASE64, 1);
    r = expect_fold("a = atob('ZXZh' + 'bA==')", "eval", PWI_DEC_BASE64 | PWI_DEC_CONCAT, 1);
    assert_int_equal(r->depth, 2);
    /* nesting: base64 inside base64 */
    r = expect_fold("a = Buffer.from(Buffer.from('WlhaaGJBPT0=', 'base64').toString(), "
                    "'base64').toString()",
                    "eval", PWI_DEC_BASE64, 1);
    assert_int_equal(r->depth, 2);
    /* base64 of a reversed string */
    expect_fold("a = atob('==AbhZXZ'.split('').reverse().join(''))", "eval",
                PWI_DEC_BASE64 | PWI_DEC_REVERSE | PWI_DEC_JOIN, 1);
    expect_no_fold("a = Buffer.from('not base64!', 'base64')");
    expect_no_fold("a = Buffer.from(x, 'base64')");
}

static void test_fold_feeds_back(void **state)
{
    (void)state;
    /* the decoded text is base64 of text again: decoded and reported too */
    pwi_tokens t;
    pwi_decoded_list d;
    fold("\n\nx = atob('WTJocGJHUmZjSEp2WTJWemN3PT0=')", &t, &d);
    const pwi_decoded *a = find_decoded(&d, "Y2hpbGRfcHJvY2Vzcw==", 20);
    const pwi_decoded *b = find_decoded(&d, "child_process", 13);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(a->depth, 1);
    assert_int_equal(b->depth, 2);
    assert_int_equal(b->how, PWI_DEC_BASE64);
    assert_int_equal(b->line, 3);
    assert_int_equal(a->tok_first, b->tok_first);
    fold_release(&t, &d);

    /* a lone literal that is base64 of text (kept in a variable for later) */
    expect_fold("var p = 'cmVxdWlyZSgiY2hpbGRfcHJvY2VzcyIp';",
                "require(\"child_process\")", PWI_DEC_BASE64, 1);
    expect_fold("var p = '726571756972652822667322293b';", "require(\"fs\");",
                PWI_DEC_HEX, 1);
    /* short, or binary once decoded: left alone */
    expect_no_fold("var k = 'abcdefgh'; var j = 'AAAAAAAAAAAAAAAAAAAAAAAA';");
    /* decoding stops at PWI_FOLD_MAX_DEPTH */
    fold("atob(atob(atob(atob(atob('Vm1wS05HSXhiRmhTYTJoVVlUQndVbFpyVWtKUFVUMDk=')))))",
         &t, &d);
    for (size_t i = 0; i < d.n; i++)
        assert_true(d.v[i].depth <= PWI_FOLD_MAX_DEPTH);
    fold_release(&t, &d);
}

static void test_fold_member(void **state)
{
    (void)state;
    const pwi_decoded *r =
        expect_fold("global['ev'+'al'](code)", "eval", PWI_DEC_MEMBER | PWI_DEC_CONCAT, 1);
    assert_int_equal(r->col, 8);
    assert_int_equal(r->tok_first, 2);
    assert_int_equal(r->tok_last, 4);
    r = expect_fold("x = process['env'].HOME", "env", PWI_DEC_MEMBER, 1);
    assert_int_equal(r->depth, 0);
    expect_fold("x = process\n['en' + 'v']", "env", PWI_DEC_MEMBER | PWI_DEC_CONCAT, 2);
    expect_fold("require('child_'+'process')", "child_process", PWI_DEC_CONCAT, 1);
    expect_fold("global[atob('ZXZhbA==')]", "eval", PWI_DEC_MEMBER | PWI_DEC_BASE64, 1);
    expect_fold("obj?.['ev' + 'al']", "eval", PWI_DEC_MEMBER | PWI_DEC_CONCAT, 1);
    /* a plain key is reported once per file */
    pwi_tokens t;
    pwi_decoded_list d;
    fold("a['default']; b['default']; c['other']", &t, &d);
    assert_int_equal(d.n, 2);
    fold_release(&t, &d);
    /* an array literal after an operator is no member access */
    expect_no_fold("return ['a']; x = [0]; y = a[i];");
}

static void test_fold_escapes(void **state)
{
    (void)state;
    const pwi_decoded *r =
        expect_fold("x = '\\x63\\x68\\x69\\x6c\\x64'", "child", PWI_DEC_ESCAPES, 1);
    assert_int_equal(r->depth, 1);
    expect_fold("x = \"\\u0065\\u0076\\u0061\\u006c\"", "eval", PWI_DEC_ESCAPES, 1);
    expect_fold("x = '\\143\\150\\151'", "chi", PWI_DEC_ESCAPES, 1);
    expect_fold("x = '\\x63\\x68' + '\\x69\\x6c\\x64'", "child",
                PWI_DEC_ESCAPES | PWI_DEC_CONCAT, 1);
    expect_fold("x = `\\x63\\x68\\x69${y}`", "chi", PWI_DEC_ESCAPES, 1);
    expect_fold("\\u0065val(x)", "eval", PWI_DEC_ESCAPES, 1);
    expect_fold("x = tag`\\x63\\x68\\x69`", "chi", PWI_DEC_ESCAPES, 1);
    expect_fold("x = 2 * '\\x63\\x68\\x69'", "chi", PWI_DEC_ESCAPES, 1);
    /* fewer than three, or not letters */
    expect_no_fold("x = '\\x63h'; y = '\\x1b[31m\\x1b[0m\\x00'; z = '\\n\\t\\r'");
}

static void test_fold_decode_uri(void **state)
{
    (void)state;
    expect_fold("unescape('%63%68%u0069ld')", "child", PWI_DEC_ESCAPES, 1);
    expect_fold("decodeURIComponent('%65%76al')", "eval", PWI_DEC_ESCAPES, 1);
}

static void test_fold_string_table(void **state)
{
    (void)state;
    pwi_tokens t;
    pwi_decoded_list d;
    fold("var _0x4f2a = ['Y2hpbGRfcHJvY2Vzcw==', 'ZXhlY1N5bmM=', 'log', 'push',\n"
         "  'cmVxdWlyZQ==', 'ZnM='];\n", &t, &d);
    const char *want[] = {"child_process", "execSync", "require", "fs"};
    for (size_t i = 0; i < 4; i++) {
        const pwi_decoded *r = find_decoded(&d, want[i], strlen(want[i]));
        if (!r) {
            dump_decoded(&d);
            fail_msg("table entry %s not decoded", want[i]);
        }
        assert_int_equal(r->how, PWI_DEC_BASE64);
    }
    assert_int_equal(find_decoded(&d, "fs", 2)->line, 2);
    assert_int_equal(d.n, 4); /* 'log' and 'push' are words, not base64 */
    fold_release(&t, &d);
    /* obfuscator.io's alphabet puts lowercase first */
    expect_fold("const t = ['y2HPBgrFChjVy2vZCW==']", "child_process", PWI_DEC_BASE64, 1);
}

static void test_fold_nested_in_unfoldable(void **state)
{
    (void)state;
    /* folds inside expressions that do not fold are still found, once */
    pwi_tokens t;
    pwi_decoded_list d;
    fold("f([atob('ZXZhbA=='), x, 'a' + 'b'], y[('c' + 'd')], g(String.fromCharCode(101)))",
         &t, &d);
    assert_non_null(find_decoded(&d, "eval", 4));
    assert_non_null(find_decoded(&d, "ab", 2));
    assert_non_null(find_decoded(&d, "cd", 2));
    assert_non_null(find_decoded(&d, "e", 1));
    assert_int_equal(d.n, 4);
    fold_release(&t, &d);
    /* deeper than the evaluator's nesting cap: the inner part still folds */
    size_t n = 64;
    char *s = malloc(n * 2 + 64);
    assert_non_null(s);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        s[k++] = '(';
    k += (size_t)sprintf(s + k, "'ev' + 'al'");
    for (size_t i = 0; i < n; i++)
        s[k++] = ')';
    s[k] = '\0';
    fold(s, &t, &d);
    assert_non_null(find_decoded(&d, "eval", 4));
    fold_release(&t, &d);
    free(s);
}

static void test_fold_limits(void **state)
{
    (void)state;
    size_t len;
    /* more candidates than PWI_FOLD_MAX_RESULTS */
    char *s = repeat("x='a'+'b';", 10 * PWI_FOLD_MAX_RESULTS, &len);
    pwi_tokens t;
    pwi_decoded_list d;
    fold(s, &t, &d);
    assert_int_equal(d.n, PWI_FOLD_MAX_RESULTS);
    fold_release(&t, &d);
    free(s);
    /* a concatenation longer than PWI_FOLD_MAX_VALUE stops at the cap */
    s = repeat("'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'+",
               3 * PWI_FOLD_MAX_VALUE, &len);
    s[len - 1] = ';';
    fold(s, &t, &d);
    assert_true(d.n >= 1);
    for (size_t i = 0; i < d.n; i++)
        assert_true(d.v[i].val_len <= PWI_FOLD_MAX_VALUE);
    fold_release(&t, &d);
    free(s);
    /* empty token list */
    pwi_tokens_init(&t);
    pwi_decoded_init(&d);
    pwi_fold_js(&t, &d);
    assert_int_equal(d.n, 0);
    fold_release(&t, &d);
}

static void test_seed_corpus(void **state)
{
    (void)state;
    static const char *const seeds[] = {"dropper.js", "obfuscated.js", "template.js",
                                        "regex.js"};
    for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/tests/fuzz/corpus/lex-js/%s", PW_TEST_SRCDIR,
                 seeds[i]);
        size_t len;
        char *data = tu_read_file(path, &len);
        pwi_tokens t;
        pwi_decoded_list d;
        lex_n(data, len, &t);
        assert_true(t.n > 0);
        pwi_decoded_init(&d);
        pwi_fold_js(&t, &d);
        if (i < 2)
            assert_non_null(find_decoded(&d, "child_process", 13));
        fold_release(&t, &d);
        free(data);
    }
}

/* XOR-keyed character-code tables: the decoder's key variable and
 * constants decode every numeric array of the file. */
static void test_fold_xor_table(void **state)
{
    (void)state;
    /* "child_process" XOR "k3y", then XOR 333 */
    static const char src[] =
        "var k = 'k3y';\n"
        "var t = [[333^8, 333^91, 333^16, 333^7, 333^87, 333^38, 333^27],\n"
        "  [325, 278, 349, 330, 282, 363, 342, 268, 347, 325, 283, 327, 341]];\n"
        "function d(a) { var o = ''; for (var i = 0; i < a.length; i++)\n"
        "  o += String.fromCharCode(a[i] ^ k.charCodeAt(i % k.length) ^ 333); return o; }\n";
    expect_fold(src, "child_process", PWI_DEC_CHARCODE, 3);
    /* arrays that do not decode to text are not reported */
    pwi_tokens t;
    pwi_decoded_list d;
    fold("var k = 'k3y'; var n = [1, 2, 3, 250, 251];\n"
         "String.fromCharCode(a[i] ^ k.charCodeAt(i % 3));\n", &t, &d);
    for (size_t i = 0; i < d.n; i++)
        assert_false(d.v[i].how & PWI_DEC_CHARCODE);
    fold_release(&t, &d);
    /* no decoder, no table decoding */
    fold("var n = [104, 105, 106];\n", &t, &d);
    assert_int_equal(d.n, 0);
    fold_release(&t, &d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identifiers_and_punctuators),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_positions),
        cmocka_unit_test(test_line_counting),
        cmocka_unit_test(test_bom_and_unicode_space),
        cmocka_unit_test(test_comments_and_hashbang),
        cmocka_unit_test(test_string_escapes),
        cmocka_unit_test(test_unterminated),
        cmocka_unit_test(test_templates),
        cmocka_unit_test(test_regex_or_division),
        cmocka_unit_test(test_escaped_identifier),
        cmocka_unit_test(test_token_codes),
        cmocka_unit_test(test_token_hints),
        cmocka_unit_test(test_name_table),
        cmocka_unit_test(test_big_inputs),
        cmocka_unit_test(test_fold_concat),
        cmocka_unit_test(test_fold_partial),
        cmocka_unit_test(test_fold_join),
        cmocka_unit_test(test_fold_charcode),
        cmocka_unit_test(test_fold_reverse),
        cmocka_unit_test(test_fold_base64_hex),
        cmocka_unit_test(test_fold_feeds_back),
        cmocka_unit_test(test_fold_member),
        cmocka_unit_test(test_fold_escapes),
        cmocka_unit_test(test_fold_decode_uri),
        cmocka_unit_test(test_fold_string_table),
        cmocka_unit_test(test_fold_nested_in_unfoldable),
        cmocka_unit_test(test_fold_limits),
        cmocka_unit_test(test_fold_xor_table),
        cmocka_unit_test(test_seed_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, free_inputs);
}
