/* fuzz-lex-py.c - libFuzzer harness for the Python tokenizer and folding.
 *
 * Lexes the input, checks the token invariants the rest of the pipeline
 * relies on (tokens inside the input, in order, values inside the arena),
 * folds the tokens, checks the results the same way, and frees it all.
 * Any input is valid: crashes, leaks, sanitizer reports and broken
 * invariants are not. */
#include "lex/lex.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_tokens(const pwi_tokens *t, size_t size)
{
    uint32_t prev_end = 0;
    for (size_t i = 0; i < t->n; i++) {
        const pwi_token *k = &t->v[i];
        if (k->off < prev_end || (size_t)k->off + k->len > size || k->line == 0 ||
            k->col == 0 || (k->val_len && (size_t)k->val + k->val_len > t->arena.len))
            abort();
        prev_end = k->off + k->len;
    }
}

static void check_decoded(const pwi_decoded_list *d, size_t ntok)
{
    if (d->n > PWI_FOLD_MAX_RESULTS)
        abort();
    for (size_t i = 0; i < d->n; i++) {
        const pwi_decoded *r = &d->v[i];
        if ((size_t)r->val + r->val_len > d->arena.len ||
            r->val_len > PWI_FOLD_MAX_VALUE || r->depth > PWI_FOLD_MAX_DEPTH ||
            r->how == 0 || r->tok_first > r->tok_last || r->tok_last >= ntok)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pwi_tokens t;
    pwi_decoded_list d;
    pwi_tokens_init(&t);
    pwi_lex_py(data, size, &t);
    check_tokens(&t, size);
    pwi_decoded_init(&d);
    pwi_fold_py(&t, &d);
    check_decoded(&d, t.n);
    pwi_decoded_release(&d);
    pwi_tokens_release(&t);
    return 0;
}
