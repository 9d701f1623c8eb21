#include "strmap.h"
#include "mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

void pwi_strmap_init(pwi_strmap *m)
{
    memset(m, 0, sizeof *m);
}

void pwi_strmap_release(pwi_strmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

static size_t slot(char *const *keys, size_t cap, const char *key, size_t n)
{
    size_t j = (size_t)hash_bytes(key, n) & (cap - 1);
    while (keys[j] && !(strlen(keys[j]) == n && !memcmp(keys[j], key, n)))
        j = (j + 1) & (cap - 1);
    return j;
}

int pwi_strmap_put(pwi_strmap *m, const char *key, size_t n, size_t val)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t ncap = m->cap ? m->cap * 2 : 64;
        char **nk = pwi_xcalloc(ncap, sizeof *nk);
        size_t *nv = pwi_xcalloc(ncap, sizeof *nv);
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i]) {
                size_t j = slot(nk, ncap, m->keys[i], strlen(m->keys[i]));
                nk[j] = m->keys[i];
                nv[j] = m->vals[i];
            }
        free(m->keys);
        free(m->vals);
        m->keys = nk;
        m->vals = nv;
        m->cap = ncap;
    }
    size_t j = slot(m->keys, m->cap, key, n);
    if (m->keys[j])
        return 1;
    m->keys[j] = pwi_xstrndup(key, n);
    m->vals[j] = val;
    m->n++;
    return 0;
}

int pwi_strmap_get(const pwi_strmap *m, const char *key, size_t n, size_t *val)
{
    if (!m->cap)
        return 0;
    size_t j = slot(m->keys, m->cap, key, n);
    if (!m->keys[j])
        return 0;
    if (val)
        *val = m->vals[j];
    return 1;
}

void pwi_strmap_set(pwi_strmap *m, const char *key, size_t n, size_t val)
{
    if (pwi_strmap_put(m, key, n, val))
        m->vals[slot(m->keys, m->cap, key, n)] = val;
}
