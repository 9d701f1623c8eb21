/* mem.h - allocation helpers that abort on OOM (small, bounded sizes only). */
#ifndef PW_UTIL_MEM_H
#define PW_UTIL_MEM_H

#include <stddef.h>

void *pwi_xmalloc(size_t n);
void *pwi_xcalloc(size_t n, size_t size);
void *pwi_xrealloc(void *p, size_t n);
char *pwi_xstrdup(const char *s);
char *pwi_xstrndup(const char *s, size_t n);
/* printf into a new string. */
char *pwi_xasprintf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Grows *items (of size elem) so that at least need slots exist. */
void pwi_grow(void **items, size_t *cap, size_t need, size_t elem);
#define PW_GROW(arr, cap, need) \
    pwi_grow((void **)&(arr), &(cap), (need), sizeof *(arr))

#endif
