/* strmap.h - open-addressing map from strings (copied) to size_t. */
#ifndef PW_UTIL_STRMAP_H
#define PW_UTIL_STRMAP_H

#include <stddef.h>

typedef struct pwi_strmap {
    char **keys;
    size_t *vals;
    size_t n, cap;
} pwi_strmap;

void pwi_strmap_init(pwi_strmap *m);
void pwi_strmap_release(pwi_strmap *m);
/* Inserts key (n bytes) unless present. Returns 1 when it was already
 * there (value unchanged), 0 when inserted. */
int pwi_strmap_put(pwi_strmap *m, const char *key, size_t n, size_t val);
/* Inserts key or replaces its value. */
void pwi_strmap_set(pwi_strmap *m, const char *key, size_t n, size_t val);
/* Looks key (n bytes) up; returns 1 and sets *val (unless val is NULL)
 * when found. */
int pwi_strmap_get(const pwi_strmap *m, const char *key, size_t n, size_t *val);

#endif
