/* buf.h - growable byte buffer with an optional hard maximum (curl's dynbuf). */
#ifndef PW_UTIL_BUF_H
#define PW_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct pwi_buf {
    char *data;   /* always NUL-terminated when non-NULL */
    size_t len;
    size_t cap;
    size_t max;   /* 0 = unbounded; appends past it fail */
} pwi_buf;

void pwi_buf_init(pwi_buf *b, size_t max);
void pwi_buf_release(pwi_buf *b);
void pwi_buf_reset(pwi_buf *b);
/* Makes room for n more bytes without changing the contents (a hint:
 * nothing happens past max). */
void pwi_buf_reserve(pwi_buf *b, size_t n);
/* Returns 0, or -1 when max would be exceeded (buffer unchanged). */
int pwi_buf_add_grow(pwi_buf *b, const void *p, size_t n);
/* Appends n bytes; -1 past max. Inline: lexers append a token at a time. */
static inline int pwi_buf_add(pwi_buf *b, const void *p, size_t n)
{
    if (b->len + n < b->cap && (!b->max || (n <= b->max && b->len <= b->max - n))) {
        if (n)
            memcpy(b->data + b->len, p, n);
        b->len += n;
        b->data[b->len] = '\0';
        return 0;
    }
    return pwi_buf_add_grow(b, p, n);
}
int pwi_buf_adds(pwi_buf *b, const char *s);
static inline int pwi_buf_addc(pwi_buf *b, char c)
{
    return pwi_buf_add(b, &c, 1);
}
int pwi_buf_printf(pwi_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
int pwi_buf_vprintf(pwi_buf *b, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 0)))
#endif
    ;
/* Hands the data to the caller (NUL-terminated, never NULL). */
char *pwi_buf_detach(pwi_buf *b);

#endif
