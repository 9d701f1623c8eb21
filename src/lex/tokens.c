/* tokens.c - token and decoded-string lists. */
#include "lex.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>

void pwi_tokens_init(pwi_tokens *t)
{
    memset(t, 0, sizeof *t);
    pwi_buf_init(&t->arena, 0);
}

void pwi_tokens_release(pwi_tokens *t)
{
    free(t->v);
    pwi_buf_release(&t->arena);
    memset(t, 0, sizeof *t);
}

void pwi_tokens_reset(pwi_tokens *t)
{
    pwi_token *v = t->v;
    size_t cap = t->cap;
    pwi_buf arena = t->arena;
    memset(t, 0, sizeof *t);
    t->v = v;
    t->cap = cap;
    t->arena = arena;
    pwi_buf_reset(&t->arena);
}

void pwi_decoded_init(pwi_decoded_list *d)
{
    memset(d, 0, sizeof *d);
    pwi_buf_init(&d->arena, 0);
}

void pwi_decoded_reset(pwi_decoded_list *d)
{
    d->n = 0;
    pwi_buf_reset(&d->arena);
}

void pwi_decoded_release(pwi_decoded_list *d)
{
    free(d->v);
    pwi_buf_release(&d->arena);
    memset(d, 0, sizeof *d);
}
