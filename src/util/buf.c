#include "buf.h"
#include "mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pwi_buf_init(pwi_buf *b, size_t max)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->max = max;
}

void pwi_buf_release(pwi_buf *b)
{
    free(b->data);
    pwi_buf_init(b, b->max);
}

void pwi_buf_reset(pwi_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

/* The slow path of pwi_buf_add: checks max and grows. */
void pwi_buf_reserve(pwi_buf *b, size_t n)
{
    if (b->max && (n > b->max || b->len > b->max - n))
        return;
    if (b->len + n + 1 > b->cap) {
        b->data = pwi_xrealloc(b->data, b->len + n + 1);
        b->cap = b->len + n + 1;
        b->data[b->len] = '\0';
    }
}

int pwi_buf_add_grow(pwi_buf *b, const void *p, size_t n)
{
    if (b->max && (n > b->max || b->len > b->max - n))
        return -1;
    if (b->len + n + 1 > b->cap) {
        size_t c = b->cap ? b->cap : 64;
        while (c < b->len + n + 1)
            c *= 2;
        b->data = pwi_xrealloc(b->data, c);
        b->cap = c;
    }
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int pwi_buf_adds(pwi_buf *b, const char *s)
{
    return pwi_buf_add(b, s, strlen(s));
}

int pwi_buf_vprintf(pwi_buf *b, const char *fmt, va_list ap)
{
    char small[256];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return -1;
    if ((size_t)n < sizeof small)
        return pwi_buf_add(b, small, (size_t)n);
    char *big = pwi_xmalloc((size_t)n + 1);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    int rc = pwi_buf_add(b, big, (size_t)n);
    free(big);
    return rc;
}

int pwi_buf_printf(pwi_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = pwi_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

char *pwi_buf_detach(pwi_buf *b)
{
    char *p = b->data ? b->data : pwi_xstrdup("");
    pwi_buf_init(b, b->max);
    return p;
}
