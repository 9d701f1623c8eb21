#include "mem.h"
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *pwi_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        pwi_oom(n);
    return p;
}

void *pwi_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        pwi_oom(n * size);
    return p;
}

void *pwi_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        pwi_oom(n);
    return q;
}

char *pwi_xstrdup(const char *s)
{
    return pwi_xstrndup(s, strlen(s));
}

char *pwi_xstrndup(const char *s, size_t n)
{
    char *p = pwi_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *pwi_xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        PW_BUG("vsnprintf failed");
    char *p = pwi_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void pwi_grow(void **items, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > ((size_t)-1) / 2 / elem)
            pwi_oom((size_t)-1);
        n *= 2;
    }
    *items = pwi_xrealloc(*items, n * elem);
    *cap = n;
}
