/* fuzz-lex-js.c - libFuzzer harness for the JavaScript tokenizer and the
 * constant folding over its tokens.
 *
 * Lexes the input, folds the tokens, checks the invariants callers rely on
 * (token and value ranges, result limits) and releases everything. Any
 * input is valid; crashes, leaks, sanitizer reports and broken invariants
 * are not.
 *
 * Build (from the repository root):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude -Isrc \
 *     tests/fuzz/fuzz-lex-js.c src/lex/lex-js.c src/lex/fold-js.c \
 *     src/lex/tokens.c src/lex/decode.c src/util/buf.c src/util/mem.c \
 *     src/util/error.c src/util/strmap.c -o /tmp/fuzz-lex-js
 *   cp -r tests/fuzz/corpus/lex-js /tmp/corpus-lex-js
 *   /tmp/fuzz-lex-js -max_total_time=60 /tmp/corpus-lex-js
 */
#include "lex/lex.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
    if (!ok)
        abort();
}

static void check_tokens(const pwi_tokens *t, size_t size)
{
    uint32_t prev_end = 0, prev_line = 1;
    for (size_t i = 0; i < t->n; i++) {
        const pwi_token *k = &t->v[i];
        check(k->kind <= PWI_TK_PUNCT);
        check(k->len > 0 && k->off >= prev_end && (size_t)k->off + k->len <= size);
        check(k->line >= prev_line && k->col >= 1);
        if (k->flags & PWI_TF_SRCVAL) {
            /* read in place: exactly the token's own text */
            check(k->kind != PWI_TK_STRING && k->kind != PWI_TK_TEMPLATE);
            check(k->val == k->off && k->val_len == k->len);
            size_t n;
            check(pwi_token_str(t, i, &n) == (const char *)t->src + k->off && n == k->len);
        } else {
            check(k->val_len == 0 || (size_t)k->val + k->val_len < t->arena.len);
            if (k->val_len)
                check(t->arena.data[k->val + k->val_len] == '\0');
        }
        prev_end = k->off + k->len;
        prev_line = k->line;
    }
    check(t->lines <= size);
}

static void check_decoded(const pwi_decoded_list *d, const pwi_tokens *t)
{
    check(d->n <= PWI_FOLD_MAX_RESULTS);
    for (size_t i = 0; i < d->n; i++) {
        const pwi_decoded *r = &d->v[i];
        check(r->val_len > 0 && r->val_len <= PWI_FOLD_MAX_VALUE);
        check((size_t)r->val + r->val_len < d->arena.len);
        check(r->tok_first <= r->tok_last && r->tok_last < t->n);
        check(r->line == t->v[r->tok_first].line && r->col == t->v[r->tok_first].col);
        check(r->how != 0 || r->depth == 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pwi_tokens t;
    pwi_decoded_list d;
    pwi_tokens_init(&t);
    pwi_lex_js(data, size, &t);
    check_tokens(&t, size);
    pwi_decoded_init(&d);
    pwi_fold_js(&t, &d);
    check_decoded(&d, &t);
    pwi_decoded_release(&d);
    pwi_tokens_release(&t);
    return 0;
}
