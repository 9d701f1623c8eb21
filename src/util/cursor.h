/* cursor.h - fixed-size fields read from bytes of untrusted length (cache
 * files). A read past the end makes the cursor bad for good and yields
 * zeros, so a parser reads on and checks once where it decides. */
#ifndef PW_UTIL_CURSOR_H
#define PW_UTIL_CURSOR_H

#include <stddef.h>
#include <string.h>

typedef struct pwi_cursor {
    const unsigned char *p, *end;
    int bad;
} pwi_cursor;

static inline size_t pwi_cursor_left(const pwi_cursor *c)
{
    return (size_t)(c->end - c->p);
}

static inline void pwi_cursor_get(pwi_cursor *c, void *out, size_t n)
{
    if (c->bad || pwi_cursor_left(c) < n) {
        c->bad = 1;
        memset(out, 0, n);
        return;
    }
    memcpy(out, c->p, n);
    c->p += n;
}

#endif
