/* test-scopes.c - the views of a file (src/match/scopes.c) and where a
 * match in them is in the source (pwi_match_position). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/scopes.h"
#include "util/buf.h"

/* Where the tokens view puts a plain token: it is written " name " (or
 * starts the view) and nowhere else in these inputs. */
static size_t token_offset(const pwi_scope_buf *b, const char *name)
{
    char pat[64];
    snprintf(pat, sizeof pat, " %s ", name);
    const char *v = (const char *)b->p;
    const char *hit = strstr(v, pat);
    assert_non_null(hit);
    return (size_t)(hit - v) + 1;
}

static void position(const pwi_file_scopes *s, size_t off, size_t *line, size_t *col,
                     const pwi_segment **seg)
{
    pwi_loc l = {PWI_SCOPE_TOKENS, off, off + 1};
    pwi_match_position(&s->ctx, &l, line, col, seg);
}

/* Every token of a long file is found at its own line and column, whether
 * or not it has a segment of its own: plain names (most of them have
 * none), literals, folded expressions, and a match on the space before a
 * token, which belongs to the token before it. */
static void test_token_positions(void **state)
{
    (void)state;
    pwi_buf src;
    pwi_buf_init(&src, 0);
    /* line k (1-based): "  nK = 'sK' + mK;" with a folded concatenation
     * every seventh line and a hundred tokens between literals elsewhere */
    for (unsigned k = 1; k <= 300; k++) {
        char line[160];
        if (k % 7 == 0)
            snprintf(line, sizeof line, "  n%u = 'ab' + 'cd' + m%u;\n", k, k);
        else if (k % 50 == 0)
            snprintf(line, sizeof line, "  n%u = \"s%u\" + m%u;\n", k, k, k);
        else
            snprintf(line, sizeof line, "  n%u = m%u + x%u;\n", k, k, k);
        pwi_buf_add(&src, line, strlen(line));
    }
    /* line 301: a name holding a folded value, passed to a call, reads as
     * the value */
    static const char call[] = "f(n7);\n";
    pwi_buf_add(&src, call, sizeof call - 1);
    pwi_file_scopes s;
    pwi_scopes_init(&s);
    pwi_scopes_build(&s, (const unsigned char *)src.data, src.len, PWI_LANG_JS);
    const pwi_scope_buf *b = &s.ctx.scope[PWI_SCOPE_TOKENS];
    assert_non_null(b->p);
    /* sparse: far fewer segments than tokens */
    assert_true(b->nsegs * 4 < s.toks.n);
    for (unsigned k = 1; k <= 300; k++) {
        char name[32];
        size_t line, col;
        const pwi_segment *seg;
        snprintf(name, sizeof name, "m%u", k);
        size_t off = token_offset(b, name);
        position(&s, off, &line, &col, &seg);
        assert_int_equal(line, k);
        /* the column of mK: after "  nK = " and what precedes it */
        const char *text = src.data;
        size_t bol = 0;
        for (unsigned l = 1; l < k; l++)
            bol = (size_t)(strchr(text + bol, '\n') - text) + 1;
        const char *at = strstr(text + bol, name);
        assert_non_null(at);
        assert_int_equal(col, (size_t)(at - (text + bol)) + 1);
        /* the space before mK is the token before it ('+') */
        position(&s, off - 1, &line, &col, &seg);
        assert_int_equal(line, k);
        assert_int_equal(col, (size_t)(at - (text + bol)) - 1);
        /* and its last byte is still mK */
        position(&s, off + strlen(name) - 1, &line, &col, &seg);
        assert_int_equal(col, (size_t)(at - (text + bol)) + 1);
    }
    /* a folded expression is one segment that says how it was decoded */
    const char *folded = strstr((const char *)b->p, "\"abcd\"");
    assert_non_null(folded);
    size_t line, col;
    const pwi_segment *seg;
    position(&s, (size_t)(folded - (const char *)b->p) + 2, &line, &col, &seg);
    assert_int_equal(line, 7);
    assert_int_equal(col, 8);
    assert_non_null(seg);
    assert_true(seg->how & PWI_DEC_CONCAT);
    /* the token right after it is found from the fold's segment */
    size_t off = token_offset(b, "m7");
    position(&s, off, &line, &col, &seg);
    assert_int_equal(line, 7);
    assert_null(seg);
    const char *inlined = strstr((const char *)b->p, "f ( \"abcd\" )");
    assert_non_null(inlined);
    position(&s, (size_t)(inlined - (const char *)b->p) + 4, &line, &col, &seg);
    assert_int_equal(line, 301);
    assert_int_equal(col, 3);
    assert_non_null(seg);
    assert_true(seg->how & PWI_DEC_CONCAT);
    pwi_scopes_release(&s);
    pwi_buf_release(&src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_token_positions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
