/* test-lex-py.c - the Python tokenizer (src/lex/lex-py.c) and the folding
 * of constant string expressions (src/lex/fold-py.c). */
/* cmocka.h needs these headers first */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex/lex.h"
#include "testutil.h"

/* ---- helpers ---------------------------------------------------------------- */

/* The input is copied into a buffer of exactly its size, so the
 * sanitizer build catches any read past the end. */
typedef struct lexed {
    unsigned char *buf;
    size_t n;
    pwi_tokens t;
    pwi_decoded_list d;
} lexed;

static lexed *lex_n(const char *src, size_t n)
{
    lexed *L = calloc(1, sizeof *L);
    assert_non_null(L);
    L->buf = malloc(n ? n : 1);
    assert_non_null(L->buf);
    if (n)
        memcpy(L->buf, src, n);
    L->n = n;
    pwi_tokens_init(&L->t);
    pwi_lex_py(L->buf, n, &L->t);
    pwi_decoded_init(&L->d);
    pwi_fold_py(&L->t, &L->d);
    return L;
}

static lexed *lex(const char *src)
{
    return lex_n(src, strlen(src));
}

static void lexed_free(lexed *L)
{
    pwi_tokens_release(&L->t);
    pwi_decoded_release(&L->d);
    free(L->buf);
    free(L);
}

static void dump(const lexed *L)
{
    for (size_t i = 0; i < L->t.n; i++) {
        size_t len;
        const char *v = pwi_token_str(&L->t, i, &len);
        const pwi_token *k = &L->t.v[i];
        fprintf(stderr, "  tok %zu: kind %u flags %x %u:%u val=[%.*s]\n", i, k->kind,
                k->flags, k->line, k->col, (int)len, v);
    }
    for (size_t i = 0; i < L->d.n; i++) {
        const pwi_decoded *d = &L->d.v[i];
        fprintf(stderr, "  dec %zu: how %x depth %u %u:%u toks %u..%u val=[%.*s]\n", i,
                d->how, d->depth, d->line, d->col, d->tok_first, d->tok_last,
                (int)d->val_len, L->d.arena.data + d->val);
    }
}

/* Token i has kind, value (vlen bytes), line, col and exactly flags. */
static void expect_tok_n(const lexed *L, size_t i, int kind, const char *val, size_t vlen,
                         uint32_t line, uint32_t col, int flags)
{
    if (i >= L->t.n) {
        dump(L);
        fail_msg("token %zu missing (have %zu)", i, L->t.n);
    }
    const pwi_token *k = &L->t.v[i];
    size_t len;
    const char *v = pwi_token_str(&L->t, i, &len);
    if (k->kind != kind || len != vlen || memcmp(v, val, vlen) != 0 || k->line != line ||
        k->col != col || k->flags != flags) {
        dump(L);
        fail_msg("token %zu: want kind %d [%.*s] %u:%u flags %x", i, kind, (int)vlen, val,
                 line, col, flags);
    }
}

static void expect_tok(const lexed *L, size_t i, int kind, const char *val, uint32_t line,
                       uint32_t col, int flags)
{
    expect_tok_n(L, i, kind, val, strlen(val), line, col, flags);
}

/* The first result whose value is val[0..n), or NULL. */
static const pwi_decoded *find_dec_n(const lexed *L, const char *val, size_t n)
{
    for (size_t i = 0; i < L->d.n; i++) {
        const pwi_decoded *d = &L->d.v[i];
        if (d->val_len == n && memcmp(L->d.arena.data + d->val, val, n) == 0)
            return d;
    }
    return NULL;
}

/* src folds to val, derived exactly as how, at line:col with depth. */
static const pwi_decoded *expect_dec_in(const lexed *L, const char *val, unsigned how,
                                        uint32_t line, uint32_t col, unsigned depth)
{
    const pwi_decoded *d = find_dec_n(L, val, strlen(val));
    if (!d || d->how != how || d->line != line || (col && d->col != col) ||
        d->depth != depth) {
        dump(L);
        fail_msg("want [%s] how %x at %u:%u depth %u", val, how, line, col, depth);
    }
    return d;
}

static void expect_dec(const char *src, const char *val, unsigned how, uint32_t line,
                       unsigned depth)
{
    lexed *L = lex(src);
    expect_dec_in(L, val, how, line, 0, depth);
    lexed_free(L);
}

static void expect_no_dec(const char *src)
{
    lexed *L = lex(src);
    if (L->d.n) {
        dump(L);
        fail_msg("expected nothing folded from: %s", src);
    }
    lexed_free(L);
}

enum { ID = PWI_TK_IDENT, STR = PWI_TK_STRING, NUM = PWI_TK_NUMBER, P = PWI_TK_PUNCT };

/* ---- strings ---------------------------------------------------------------- */

static void test_prefixes(void **state)
{
    (void)state;
    static const struct {
        const char *src;
        int flags;
    } cases[] = {
        {"'a'", 0},
        {"\"a\"", 0},
        {"u'a'", 0},
        {"U\"a\"", 0},
        {"r'a'", PWI_TF_RAW},
        {"R'a'", PWI_TF_RAW},
        {"b'a'", PWI_TF_BYTES},
        {"B\"a\"", PWI_TF_BYTES},
        {"f'a'", PWI_TF_FSTRING},
        {"F'a'", PWI_TF_FSTRING},
        {"rb'a'", PWI_TF_RAW | PWI_TF_BYTES},
        {"br'a'", PWI_TF_RAW | PWI_TF_BYTES},
        {"Rb'a'", PWI_TF_RAW | PWI_TF_BYTES},
        {"bR\"a\"", PWI_TF_RAW | PWI_TF_BYTES},
        {"BR'a'", PWI_TF_RAW | PWI_TF_BYTES},
        {"fr'a'", PWI_TF_RAW | PWI_TF_FSTRING},
        {"rf'a'", PWI_TF_RAW | PWI_TF_FSTRING},
        {"FR\"a\"", PWI_TF_RAW | PWI_TF_FSTRING},
        {"rF'a'", PWI_TF_RAW | PWI_TF_FSTRING},
        {"'''a'''", 0},
        {"\"\"\"a\"\"\"", 0},
        {"rb'''a'''", PWI_TF_RAW | PWI_TF_BYTES},
        {"f\"\"\"a\"\"\"", PWI_TF_FSTRING},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        lexed *L = lex(cases[i].src);
        assert_int_equal(L->t.n, 1);
        expect_tok(L, 0, STR, "a", 1, 1, cases[i].flags);
        assert_int_equal(L->t.v[0].len, strlen(cases[i].src));
        lexed_free(L);
    }
    /* not prefixes: the name stays a name */
    lexed *L = lex("ub'x' bu'x' rr'x'");
    expect_tok(L, 0, ID, "ub", 1, 1, 0);
    expect_tok(L, 1, STR, "x", 1, 3, 0);
    expect_tok(L, 2, ID, "bu", 1, 7, 0);
    expect_tok(L, 4, ID, "rr", 1, 13, 0);
    lexed_free(L);
}

static void test_empty_and_triple(void **state)
{
    (void)state;
    lexed *L = lex("'' \"\" x = '''it's \"quoted\"\n"
                   "and ''\n"
                   "spans''' ; y");
    expect_tok(L, 0, STR, "", 1, 1, 0);
    expect_tok(L, 1, STR, "", 1, 4, 0);
    expect_tok(L, 2, ID, "x", 1, 7, 0);
    expect_tok(L, 3, P, "=", 1, 9, 0);
    expect_tok(L, 4, STR, "it's \"quoted\"\nand ''\nspans", 1, 11, 0);
    expect_tok(L, 5, P, ";", 3, 10, 0);
    expect_tok(L, 6, ID, "y", 3, 12, 0);
    assert_int_equal(L->t.lines, 3);
    lexed_free(L);

    L = lex("s = \"\"\"a \"\" b \\\"\"\" c\"\"\"\nz");
    expect_tok(L, 2, STR, "a \"\" b \"\"\" c", 1, 5, 0);
    expect_tok(L, 3, ID, "z", 2, 1, 0);
    lexed_free(L);
}

static void test_raw_strings(void **state)
{
    (void)state;
    lexed *L = lex("r'\\'' r\"a\\\"b\" r'\\n\\x41' r'\\\\' x");
    expect_tok(L, 0, STR, "\\'", 1, 1, PWI_TF_RAW);
    expect_tok(L, 1, STR, "a\\\"b", 1, 7, PWI_TF_RAW);
    expect_tok(L, 2, STR, "\\n\\x41", 1, 15, PWI_TF_RAW);
    expect_tok(L, 3, STR, "\\\\", 1, 25, PWI_TF_RAW);
    expect_tok(L, 4, ID, "x", 1, 31, 0);
    lexed_free(L);
    /* a raw backslash-newline keeps both */
    L = lex("r'a\\\nb' c");
    expect_tok(L, 0, STR, "a\\\nb", 1, 1, PWI_TF_RAW);
    expect_tok(L, 1, ID, "c", 2, 4, 0);
    lexed_free(L);
}

static void test_escapes(void **state)
{
    (void)state;
    lexed *L = lex("'\\x41\\101\\u00e9\\U0001F600'");
    expect_tok(L, 0, STR, "AA\xc3\xa9\xf0\x9f\x98\x80", 1, 1, PWI_TF_ESCAPES);
    lexed_free(L);

    L = lex("'\\n\\t\\r\\\\\\'\\\"\\a\\b\\f\\v'");
    expect_tok(L, 0, STR, "\n\t\r\\'\"\a\b\f\v", 1, 1, 0);
    lexed_free(L);

    /* octal: 1 to 3 digits; \0 is a NUL inside the value */
    L = lex("'\\0x\\7\\777'");
    expect_tok_n(L, 0, STR, "\0x\a\xc7\xbf", 5, 1, 1, 0);
    lexed_free(L);

    /* str: \xff is U+00FF; bytes: the byte 0xff, and \u is not an escape */
    L = lex("'\\xff' b'\\xff\\u0041\\N{DASH}'");
    expect_tok(L, 0, STR, "\xc3\xbf", 1, 1, 0);
    expect_tok(L, 1, STR, "\xff\\u0041\\N{DASH}", 1, 8, PWI_TF_BYTES);
    lexed_free(L);

    /* \N{...} kept literally; invalid escapes kept as written */
    L = lex("'\\N{EM DASH} \\q \\x4 \\u12 \\U0001F6' '\\N{'");
    expect_tok(L, 0, STR, "\\N{EM DASH} \\q \\x4 \\u12 \\U0001F6", 1, 1, 0);
    expect_tok(L, 1, STR, "\\N{", 1, 36, 0);
    lexed_free(L);

    /* backslash-newline inside a literal continues it */
    L = lex("'ab\\\ncd' x");
    expect_tok(L, 0, STR, "abcd", 1, 1, 0);
    expect_tok(L, 1, ID, "x", 2, 5, 0);
    lexed_free(L);

    /* escapes that spell letters are flagged, other escapes are not */
    L = lex("'\\x2f\\n' '\\x65'");
    expect_tok(L, 0, STR, "/\n", 1, 1, 0);
    expect_tok(L, 1, STR, "e", 1, 10, PWI_TF_ESCAPES);
    assert_int_equal(L->t.hints, PWI_TH_ESCAPES); /* the list notes it */
    lexed_free(L);
    L = lex("'\\x2f\\n'");
    assert_int_equal(L->t.hints, 0);
    lexed_free(L);
}

static void test_fstrings(void **state)
{
    (void)state;
    lexed *L = lex("f'{x!r:>{w}} {{lit}} \\x41' y");
    expect_tok(L, 0, STR, "{x!r:>{w}} {{lit}} A", 1, 1, PWI_TF_FSTRING | PWI_TF_ESCAPES);
    expect_tok(L, 1, ID, "y", 1, 28, 0);
    lexed_free(L);

    /* quotes inside replacement fields (PEP 701 reuses the outer quote) */
    L = lex("f\"{d[\"k\"]}\" f'{x:\"^10}' f'{ {1: 2}[1] }' z");
    expect_tok(L, 0, STR, "{d[\"k\"]}", 1, 1, PWI_TF_FSTRING);
    expect_tok(L, 1, STR, "{x:\"^10}", 1, 13, PWI_TF_FSTRING);
    expect_tok(L, 2, STR, "{ {1: 2}[1] }", 1, 25, PWI_TF_FSTRING);
    expect_tok(L, 3, ID, "z", 1, 42, 0);
    lexed_free(L);

    /* raw f-string: backslashes kept, \N{..} is a field there */
    L = lex("rf'\\n{x}' fr'\\N{y}'");
    expect_tok(L, 0, STR, "\\n{x}", 1, 1, PWI_TF_FSTRING | PWI_TF_RAW);
    expect_tok(L, 1, STR, "\\N{y}", 1, 11, PWI_TF_FSTRING | PWI_TF_RAW);
    lexed_free(L);

    /* a triple-quoted f-string spanning lines, with a nested string */
    L = lex("f'''a\n{x + 'q'}\nb''' c");
    expect_tok(L, 0, STR, "a\n{x + 'q'}\nb", 1, 1, PWI_TF_FSTRING);
    expect_tok(L, 1, ID, "c", 3, 6, 0);
    lexed_free(L);

    /* an open field in a single-quoted f-string ends at the newline */
    L = lex("f'{x\ny");
    expect_tok(L, 0, STR, "{x", 1, 1, PWI_TF_FSTRING | PWI_TF_UNTERMINATED);
    expect_tok(L, 1, ID, "y", 2, 1, 0);
    lexed_free(L);
}

static void test_unterminated(void **state)
{
    (void)state;
    lexed *L = lex("x = 'abc\ny = \"def");
    expect_tok(L, 2, STR, "abc", 1, 5, PWI_TF_UNTERMINATED);
    expect_tok(L, 3, ID, "y", 2, 1, 0);
    expect_tok(L, 5, STR, "def", 2, 5, PWI_TF_UNTERMINATED);
    assert_int_equal(L->t.n, 6);
    assert_int_equal(L->t.v[5].off + L->t.v[5].len, L->n);
    lexed_free(L);

    L = lex("'''abc\ndef");
    expect_tok(L, 0, STR, "abc\ndef", 1, 1, PWI_TF_UNTERMINATED);
    assert_int_equal(L->t.n, 1);
    lexed_free(L);

    /* endings that stop right after a quote, a backslash or a prefix */
    static const char *const tails[] = {
        "'",      "\"",      "'''", "\"\"", "'\\",     "r'\\", "b'\\x", "'\\x4",
        "'\\u00", "'\\N{AB", "f'{", "f'{'", "f'''{\"", "x\\",  "'\\\r", "rb"};
    for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
        L = lex(tails[i]);
        assert_true(L->t.n >= 1);
        const pwi_token *k = &L->t.v[L->t.n - 1];
        assert_true(k->off + k->len <= L->n);
        lexed_free(L);
    }
}

/* ---- the rest of the tokenizer ---------------------------------------------- */

static void test_comments_and_lines(void **state)
{
    (void)state;
    lexed *L = lex("# one\n"
                   "x = 1  # two\n"
                   "s = '# not a comment'\n"
                   "y = (1 +\n"
                   "     2) \\\n"
                   "  + 3\n");
    assert_int_equal(L->t.comments, 2);
    assert_int_equal(L->t.lines, 6);
    expect_tok(L, 0, ID, "x", 2, 1, 0);
    expect_tok(L, 5, STR, "# not a comment", 3, 5, 0);
    expect_tok(L, 11, NUM, "2", 5, 6, 0);
    expect_tok(L, 13, P, "+", 6, 3, 0);
    expect_tok(L, 14, NUM, "3", 6, 5, 0);
    lexed_free(L);

    /* CRLF and lone CR end lines; values get plain \n */
    L = lex("a = 1\r\nb = '''x\r\ny'''\r\n# c\rd");
    expect_tok(L, 3, ID, "b", 2, 1, 0);
    expect_tok(L, 5, STR, "x\ny", 2, 5, 0);
    expect_tok(L, 6, ID, "d", 5, 1, 0);
    assert_int_equal(L->t.comments, 1);
    assert_int_equal(L->t.lines, 5);
    lexed_free(L);

    L = lex("x = 1 + \\\r\n  2");
    expect_tok(L, 4, NUM, "2", 2, 3, 0);
    lexed_free(L);

    L = lex("");
    assert_int_equal(L->t.n, 0);
    assert_int_equal(L->t.lines, 0);
    lexed_free(L);
}

static void test_numbers(void **state)
{
    (void)state;
    lexed *L = lex("0x1F 1_000 1.5e-3j .5 0o17 0b101 10L 1e5 3. 7j 1if 1else");
    static const char *const want[] = {"0x1F", "1_000", "1.5e-3j", ".5", "0o17", "0b101",
                                       "10L",  "1e5",   "3.",      "7j", "1"};
    static const uint32_t cols[] = {1, 6, 12, 20, 23, 28, 34, 38, 42, 45, 48};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        expect_tok(L, i, NUM, want[i], 1, cols[i], 0);
    expect_tok(L, 11, ID, "if", 1, 49, 0);
    expect_tok(L, 12, NUM, "1", 1, 52, 0);
    expect_tok(L, 13, ID, "else", 1, 53, 0);
    lexed_free(L);
}

static void test_punctuators_and_names(void **state)
{
    (void)state;
    lexed *L = lex("a **= b //= c -> d := e ... @= != <<= >>= ** // == $ ? ` ! \\ x");
    static const char *const want[] = {
        "**=", "//=", "->", ":=", "...", "@=", "!=", "<<=", ">>=",
        "**",  "//",  "==", "$",  "?",   "`",  "!",  "\\"};
    size_t k = 0;
    for (size_t i = 0; i < L->t.n; i++)
        if (L->t.v[i].kind == P) {
            assert_true(k < sizeof want / sizeof *want);
            expect_tok(L, i, P, want[k++], 1, L->t.v[i].col, 0);
        }
    assert_int_equal(k, sizeof want / sizeof *want);
    lexed_free(L);

    /* non-ASCII bytes are name characters; a leading BOM is skipped */
    L = lex("\xef\xbb\xbfh\xc3\xa9llo = \xe5\x90\x8d");
    expect_tok(L, 0, ID, "h\xc3\xa9llo", 1, 4, 0);
    expect_tok(L, 2, ID, "\xe5\x90\x8d", 1, 13, 0);
    lexed_free(L);

    /* NUL and other stray bytes become one-byte punctuators */
    L = lex_n("a\0b\x01", 4);
    expect_tok(L, 0, ID, "a", 1, 1, 0);
    expect_tok_n(L, 1, P, "\0", 1, 1, 2, 0);
    expect_tok(L, 2, ID, "b", 1, 3, 0);
    expect_tok(L, 3, P, "\x01", 1, 4, 0);
    lexed_free(L);
}

/* Lexes a generated input of n bytes: pattern repeated. */
static lexed *lex_repeat(const char *pat, size_t n)
{
    size_t pl = strlen(pat);
    char *s = malloc(n);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++)
        s[i] = pat[i % pl];
    lexed *L = lex_n(s, n);
    free(s);
    return L;
}

#define TEN_MB (10u * 1024 * 1024)

static void test_large_inputs(void **state)
{
    (void)state;
    /* one 10 MB line: 'abcdefghi',x+ is 15 bytes, 4 tokens */
    lexed *L = lex_repeat("'abcdefghi',x+", 14 * (TEN_MB / 14));
    assert_int_equal(L->t.n, 4 * (TEN_MB / 14));
    assert_int_equal(L->t.lines, 1);
    lexed_free(L);

    /* 10 MB of ' : pairs of ''' are empty triple-quoted strings */
    L = lex_repeat("'", 6 * (TEN_MB / 6));
    assert_int_equal(L->t.n, TEN_MB / 6);
    lexed_free(L);

    /* 10 MB of """ : the same with the other quote */
    L = lex_repeat("\"\"\"", 6 * (TEN_MB / 6));
    assert_int_equal(L->t.n, TEN_MB / 6);
    lexed_free(L);

    /* backslashes: each a stray one-byte punctuator (1 MB here: 10 MB is
     * timed by hand, as ten million tokens are slow under the sanitizers) */
    L = lex_repeat("\\", TEN_MB / 10);
    assert_int_equal(L->t.n, TEN_MB / 10);
    lexed_free(L);

    /* an unterminated 10 MB triple-quoted string over many lines */
    L = lex_repeat("'''a\n", TEN_MB);
    assert_true(L->t.n >= 1);
    lexed_free(L);
}

/* ---- folding ---------------------------------------------------------------- */

static void test_fold_concat(void **state)
{
    (void)state;
    expect_dec("x = 'ev' \"al\"", "eval", PWI_DEC_CONCAT, 1, 0);
    expect_dec("x = 1\ny = 'ev' + 'al'", "eval", PWI_DEC_CONCAT, 2, 0);
    expect_dec("x = ('sub'\n     'process')", "subprocess", PWI_DEC_CONCAT, 1, 0);
    expect_dec("x = 'a' + 'b' + y", "ab", PWI_DEC_CONCAT, 1, 0);
    expect_dec("x = 'a' + ('b' + 'c') + 'd'", "abcd", PWI_DEC_CONCAT, 1, 0);
    /* a single plain literal is not decoded; a tighter operator stops it */
    expect_no_dec("x = 'eval'");
    expect_no_dec("x = 'a' + y");
    expect_no_dec("x = 'a' * 3 + 'b'");
    expect_no_dec("x = '%s' % 'a' + 'b'");
    expect_no_dec("x = f'{a}' 'b'");
    expect_no_dec("x = 'abc'.upper() + 'd'");

    lexed *L = lex("exec('ev' 'al')");
    const pwi_decoded *d = expect_dec_in(L, "eval", PWI_DEC_CONCAT, 1, 6, 0);
    assert_int_equal(d->tok_first, 2);
    assert_int_equal(d->tok_last, 3);
    lexed_free(L);
}

static void test_fold_base64(void **state)
{
    (void)state;
    lexed *L = lex("import base64\nexec(base64.b64decode(b'aW1wb3J0IG9z'))");
    const pwi_decoded *d = expect_dec_in(L, "import os", PWI_DEC_BASE64, 2, 6, 1);
    assert_int_equal(d->tok_first, 4);
    assert_int_equal(d->tok_last, 9);
    assert_int_equal(L->d.n, 1);
    lexed_free(L);

    expect_dec("b64decode('aW1wb3J0IG9z')", "import os", PWI_DEC_BASE64, 1, 1);
    expect_dec("x = base64.b64decode('aW1wb3J0IG9z').decode()", "import os",
               PWI_DEC_BASE64, 1, 1);
    expect_dec("x = base64.b64decode('aW1wb3J0IG9z').decode('utf-8', errors='ignore')",
               "import os", PWI_DEC_BASE64, 1, 1);
    expect_dec("base64.urlsafe_b64decode('aW1wb3J0IG9zLyo_')", "import os/*?",
               PWI_DEC_BASE64, 1, 1);
    expect_dec("base64.decodebytes(b'aW1wb3J0\\nIG9z')", "import os", PWI_DEC_BASE64, 1,
               1);
    expect_dec("base64.b32decode('NFWXA33SOQQG64Y=')", "import os", PWI_DEC_BASE64, 1, 1);
    expect_dec("base64.b64decode('aW1wb3J0' 'IG9z')", "import os",
               PWI_DEC_BASE64 | PWI_DEC_CONCAT, 1, 1);
    expect_dec("b64decode('aW1w' + 'b3J0IG9z', validate=True)", "import os",
               PWI_DEC_BASE64 | PWI_DEC_CONCAT, 1, 1);

    /* the real-world wrapper through __import__ */
    L = lex("__import__('builtins').exec(__import__('base64').b64decode("
            "'aW1wb3J0IG9z').decode())");
    expect_dec_in(L, "import os", PWI_DEC_BASE64, 1, 29, 1);
    assert_int_equal(L->d.n, 1);
    lexed_free(L);

    /* each level of a nested decode, up to the depth cap */
    expect_dec("exec(base64.b64decode(base64.b64decode('YVcxd2IzSjBJRzl6')))",
               "import os", PWI_DEC_BASE64, 1, 2);

    /* binary results are reported but not decoded further */
    L = lex("zlib.decompress(base64.b64decode('eJzLzC3ILypRyC8GABKHA54='))");
    assert_int_equal(L->d.n, 1);
    assert_int_equal(L->d.v[0].how, PWI_DEC_BASE64);
    assert_int_equal(L->d.v[0].val_len, 17);
    assert_memory_equal(L->d.arena.data + L->d.v[0].val, "\x78\x9c\xcb\xcc", 4);
    lexed_free(L);

    /* not constant, or not base64 */
    expect_no_dec("base64.b64decode(data)");
    expect_no_dec("base64.b64decode('not base64!')");
    expect_no_dec("base64.b64encode('aW1wb3J0IG9z')");
}

static void test_fold_hex_rot13_reverse(void **state)
{
    (void)state;
    expect_dec("bytes.fromhex('696d706f7274206f73')", "import os", PWI_DEC_HEX, 1, 1);
    expect_dec("bytes.fromhex('69 6d 70')", "imp", PWI_DEC_HEX, 1, 1);
    expect_dec("binascii.unhexlify('6f73')", "os", PWI_DEC_HEX, 1, 1);
    expect_dec("binascii.a2b_hex(b'6f73').decode()", "os", PWI_DEC_HEX, 1, 1);
    expect_dec("x = codecs.decode('cevag', 'rot13')", "print", PWI_DEC_ROT13, 1, 1);
    expect_dec("codecs.decode('cevag', 'rot_13')", "print", PWI_DEC_ROT13, 1, 1);
    expect_dec("codecs.encode('cevag', encoding='ROT-13')", "print", PWI_DEC_ROT13, 1, 1);
    expect_dec("codecs.decode('6f73', 'hex')", "os", PWI_DEC_HEX, 1, 1);
    expect_dec("__import__('codecs').decode('cevag', 'rot13')", "print", PWI_DEC_ROT13, 1,
               1);
    expect_dec("'sj.tpircs'[::-1]", "script.js", PWI_DEC_REVERSE, 1, 1);
    expect_dec("x = 'so' [ : : - 1 ]", "os", PWI_DEC_REVERSE, 1, 1);
    expect_dec("'\xc3\xa9"
               "a'[::-1]",
               "a\xc3\xa9", PWI_DEC_REVERSE, 1, 1);
    expect_dec("('la' + 've')[::-1]", "eval", PWI_DEC_REVERSE | PWI_DEC_CONCAT, 1, 1);
    /* a name's .decode() is not constant, nor an unknown codec */
    expect_no_dec("data.decode('rot13')");
    expect_no_dec("codecs.decode('cevag', 'zip')");
    expect_no_dec("x = 'abc'[1:]");
}

static void test_fold_chars_and_join(void **state)
{
    (void)state;
    expect_dec("''.join(['ev', 'al'])", "eval", PWI_DEC_JOIN, 1, 0);
    expect_dec("'.'.join(('a', 'b', 'c'))", "a.b.c", PWI_DEC_JOIN, 1, 0);
    expect_dec("''.join(chr(c) for c in [99, 104])", "ch",
               PWI_DEC_JOIN | PWI_DEC_CHARCODE, 1, 1);
    expect_dec("''.join([chr(c) for c in (0x63, 0o150)])", "ch",
               PWI_DEC_JOIN | PWI_DEC_CHARCODE, 1, 1);
    expect_dec("''.join(map(chr, [99,104]))", "ch", PWI_DEC_JOIN | PWI_DEC_CHARCODE, 1,
               1);
    expect_dec("''.join(chr(ord(c) - 1) for c in 'fwbm')", "eval",
               PWI_DEC_JOIN | PWI_DEC_CHARCODE, 1, 1);
    expect_dec("''.join(chr(c ^ 1) for c in [100, 119])", "ev",
               PWI_DEC_JOIN | PWI_DEC_CHARCODE, 1, 1);
    expect_dec("''.join([chr(101), chr(118)])", "ev", PWI_DEC_JOIN | PWI_DEC_CHARCODE, 1,
               1);
    expect_dec("''.join(reversed('lave'))", "eval", PWI_DEC_JOIN | PWI_DEC_REVERSE, 1, 1);
    expect_dec("x = chr(99)+chr(104)", "ch", PWI_DEC_CONCAT | PWI_DEC_CHARCODE, 1, 1);
    expect_dec("chr(0x65) + 'val'", "eval", PWI_DEC_CONCAT | PWI_DEC_CHARCODE, 1, 1);
    expect_dec("bytes([99,104]).decode()", "ch", PWI_DEC_CHARCODE, 1, 1);
    expect_dec("bytearray((111, 115)).decode('ascii')", "os", PWI_DEC_CHARCODE, 1, 1);
    /* a lone chr() hides nothing; unknown shapes are not folded */
    expect_no_dec("print(chr(10))");
    expect_no_dec("''.join(parts)");
    expect_no_dec("''.join(chr(c) for c in data)");
    expect_no_dec("''.join(chr(c) for c in [99, 104] if c)");
    expect_no_dec("chr(99999999)");
}

static void test_fold_member_and_import(void **state)
{
    (void)state;
    lexed *L = lex("f = getattr(__builtins__, 'ex'+'ec')");
    const pwi_decoded *d =
        expect_dec_in(L, "exec", PWI_DEC_CONCAT | PWI_DEC_MEMBER, 1, 27, 0);
    assert_int_equal(d->tok_first, 6);
    assert_int_equal(d->tok_last, 8);
    lexed_free(L);

    expect_dec("getattr(__import__('bu' 'iltins'), 'ex' 'ec')(code)", "exec",
               PWI_DEC_CONCAT | PWI_DEC_MEMBER, 1, 0);
    expect_dec("x = __import__('o'+'s')", "os", PWI_DEC_CONCAT, 1, 0);
    expect_dec("globals()['ev'+'al'](x)", "eval", PWI_DEC_CONCAT | PWI_DEC_MEMBER, 1, 0);
    expect_dec("__builtins__.__dict__[codecs.decode('rkrp', 'rot13')]", "exec",
               PWI_DEC_ROT13 | PWI_DEC_MEMBER, 1, 1);
    /* a list literal is not a member access */
    expect_dec("x = ['ev' + 'al']", "eval", PWI_DEC_CONCAT, 1, 0);
    expect_dec("x in ['ev' + 'al']", "eval", PWI_DEC_CONCAT, 1, 0);
    /* a plain name is not decoded */
    expect_no_dec("getattr(__builtins__, 'exec')");
    expect_no_dec("__import__('os').system('id')");
}

static void test_fold_escapes(void **state)
{
    (void)state;
    expect_dec("x = '\\x65\\x76\\x61\\x6c'", "eval", PWI_DEC_ESCAPES, 1, 0);
    expect_dec("x = '\\145v' 'al'", "eval", PWI_DEC_ESCAPES | PWI_DEC_CONCAT, 1, 0);
    expect_no_dec("print('done\\n')");
}

static void test_fold_layers(void **state)
{
    (void)state;
    /* the decoded payload is Python: it is lexed and folded again */
    lexed *L = lex("\n\nexec(base64.b64decode("
                   "'ZXhlYyhiYXNlNjQuYjY0ZGVjb2RlKCdhVzF3YjNKMElHOXonKSk='))");
    expect_dec_in(L, "exec(base64.b64decode('aW1wb3J0IG9z'))", PWI_DEC_BASE64, 3, 6, 1);
    const pwi_decoded *d = expect_dec_in(L, "import os", PWI_DEC_BASE64, 3, 6, 2);
    assert_int_equal(d->tok_first, 2);
    lexed_free(L);

    /* a decoded value that is itself base64 of text decodes further */
    L = lex("b64decode('WVZjeGQySXpTakJKUnpsNg==')");
    expect_dec_in(L, "YVcxd2IzSjBJRzl6", PWI_DEC_BASE64, 1, 1, 1);
    expect_dec_in(L, "aW1wb3J0IG9z", PWI_DEC_BASE64, 1, 1, 2);
    expect_dec_in(L, "import os", PWI_DEC_BASE64, 1, 1, 3);
    assert_int_equal(L->d.n, 3);
    lexed_free(L);

    /* a plain literal that is base64 of text, used later through a name */
    L = lex("code = 'aW1wb3J0IG9zO29zLnN5c3RlbSgnaWQnKQ=='\nexec(b64decode(code))");
    expect_dec_in(L, "import os;os.system('id')", PWI_DEC_BASE64, 1, 8, 1);
    lexed_free(L);
    expect_no_dec("x = 'abcdefghijklmnopqrstuvwxyz'");
    expect_no_dec(
        "h = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'");

    /* six nested decodes: only what fits in PWI_FOLD_MAX_DEPTH */
    char src[512] = "exec(";
    const char *enc = "'VmpGYVlXRnRWa2hWV0d4VVYwaENWVmxYZEV0VE1WWjFZMGhPVDFwNk1Eaz0='";
    for (int i = 0; i < 6; i++)
        strcat(src, "b64decode(");
    strcat(src, enc);
    for (int i = 0; i < 7; i++)
        strcat(src, ")");
    L = lex(src);
    expect_dec_in(L, "YVcxd2IzSjBJRzl6", PWI_DEC_BASE64, 1, 0, PWI_FOLD_MAX_DEPTH);
    for (size_t i = 0; i < L->d.n; i++)
        assert_true(L->d.v[i].depth <= PWI_FOLD_MAX_DEPTH);
    assert_null(find_dec_n(L, "import os", 9));
    lexed_free(L);
}

static void test_fold_deep_nesting(void **state)
{
    (void)state;
    /* 150 parentheses of padding cost one nesting level */
    char *src = malloc(4096);
    assert_non_null(src);
    strcpy(src, "x = codecs.decode(");
    for (int i = 0; i < 150; i++)
        strcat(src, "(");
    strcat(src, "'cevag'");
    for (int i = 0; i < 150; i++)
        strcat(src, ")");
    strcat(src, ", 'rot13')");
    expect_dec(src, "print", PWI_DEC_ROT13, 1, 1);

    /* 200 nested joins: the innermost levels are still folded */
    size_t cap = 200 * 16 + 64;
    char *deep = malloc(cap);
    assert_non_null(deep);
    deep[0] = '\0';
    for (int i = 0; i < 200; i++)
        strcat(deep, "''.join([");
    strcat(deep, "'a'+'b'");
    for (int i = 0; i < 200; i++)
        strcat(deep, "])");
    lexed *L = lex(deep);
    assert_non_null(find_dec_n(L, "ab", 2));
    lexed_free(L);
    free(deep);
    free(src);
}

static void test_fold_limits(void **state)
{
    (void)state;
    /* at most PWI_FOLD_MAX_RESULTS results */
    size_t n = PWI_FOLD_MAX_RESULTS + 100;
    char *src = malloc(n * 10 + 1);
    assert_non_null(src);
    for (size_t i = 0; i < n; i++)
        memcpy(src + i * 10, "x='a' 'b'\n", 11);
    lexed *L = lex(src);
    assert_int_equal(L->d.n, PWI_FOLD_MAX_RESULTS);
    lexed_free(L);
    free(src);

    /* values are capped at PWI_FOLD_MAX_VALUE bytes */
    size_t big = PWI_FOLD_MAX_VALUE + 1000;
    src = malloc(big + 16);
    assert_non_null(src);
    memcpy(src, "x = '", 5);
    memset(src + 5, 'a', big);
    memcpy(src + 5 + big, "' 'b'", 6);
    L = lex(src);
    assert_int_equal(L->d.n, 1);
    assert_int_equal(L->d.v[0].val_len, PWI_FOLD_MAX_VALUE);
    lexed_free(L);
    free(src);

    /* a 4 MB concatenation chain folds into one capped value */
    L = lex_repeat("'ab'+", 5 * (TEN_MB / 5 / 10 * 4));
    assert_int_equal(L->d.n, 1);
    assert_int_equal(L->d.v[0].val_len, PWI_FOLD_MAX_VALUE);
    lexed_free(L);
}

/* Expressions cut off where the comprehension's variable should be: the
 * fold stops without reading past the last token (found by fuzzing). */
static void test_fold_cut_off(void **state)
{
    (void)state;
    static const char *const srcs[] = {
        "''.join(chr(c) for", "''.join(chr(c) for c", "''.join(chr(c)",
        "''.join(chr(c) for c in", "''.join(chr(", "''.join([chr(c) for"};
    for (size_t i = 0; i < sizeof srcs / sizeof srcs[0]; i++) {
        /* exactly the bytes, no NUL after them in the buffer */
        lexed *L = lex_n(srcs[i], strlen(srcs[i]));
        assert_int_equal(L->d.n, 0);
        lexed_free(L);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prefixes),
        cmocka_unit_test(test_empty_and_triple),
        cmocka_unit_test(test_raw_strings),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_fstrings),
        cmocka_unit_test(test_unterminated),
        cmocka_unit_test(test_comments_and_lines),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_punctuators_and_names),
        cmocka_unit_test(test_large_inputs),
        cmocka_unit_test(test_fold_concat),
        cmocka_unit_test(test_fold_base64),
        cmocka_unit_test(test_fold_hex_rot13_reverse),
        cmocka_unit_test(test_fold_chars_and_join),
        cmocka_unit_test(test_fold_member_and_import),
        cmocka_unit_test(test_fold_escapes),
        cmocka_unit_test(test_fold_layers),
        cmocka_unit_test(test_fold_deep_nesting),
        cmocka_unit_test(test_fold_limits),
        cmocka_unit_test(test_fold_cut_off),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
