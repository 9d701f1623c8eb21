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

void pwi_decoded_init(pwi_decoded_list *d)
{
    memset(d, 0, sizeof *d);
    pwi_buf_init(&d->arena, 0);
}

void pwi_decoded_release(pwi_decoded_list *d)
{
    free(d->v);
    pwi_buf_release(&d->arena);
    memset(d, 0, sizeof *d);
}
