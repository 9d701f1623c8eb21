#define _GNU_SOURCE /* memmem */
/* match.c - condition trees: PCRE2 and literal leaves, boolean nodes. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "match.h"

#include <ctype.h>
#include <pcre2.h>
#include <string.h>

static const unsigned char *find_nocase(const unsigned char *p, size_t n,
                                        const unsigned char *lit, size_t m)
{
    if (m == 0 || m > n)
        return NULL;
    unsigned char first = (unsigned char)tolower(lit[0]);
    for (size_t i = 0; i + m <= n; i++) {
        if (tolower(p[i]) != first)
            continue;
        size_t k = 1;
        while (k < m && tolower(p[i + k]) == tolower(lit[k]))
            k++;
        if (k == m)
            return p + i;
    }
    return NULL;
}

int pwi_match_leaf_next(const pwi_match *m, const unsigned char *p, size_t n,
                        size_t from, pwi_span *where)
{
    if (from > n)
        return 0;
    if (m->kind == PWI_M_LITERAL) {
        const unsigned char *lit = (const unsigned char *)m->text;
        const unsigned char *hit =
            m->nocase ? find_nocase(p + from, n - from, lit, m->text_len)
                      : memmem(p + from, n - from, lit, m->text_len);
        if (!hit)
            return 0;
        where->start = (size_t)(hit - p);
        where->end = where->start + m->text_len;
        return 1;
    }
    if (m->kind != PWI_M_REGEX)
        return 0;
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    if (!md)
        return 0;
    int rc = pcre2_match(m->re, p, n, from, 0, md, NULL);
    int ok = rc >= 0;
    if (ok) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        where->start = ov[0];
        where->end = ov[1];
    }
    pcre2_match_data_free(md);
    return ok;
}

int pwi_match_eval(const pwi_match *m, const unsigned char *p, size_t n,
                   pwi_span *where)
{
    pwi_span none = {0, 0}, tmp;
    switch (m->kind) {
    case PWI_M_REGEX:
    case PWI_M_LITERAL:
        return pwi_match_leaf_next(m, p, n, 0, where);
    case PWI_M_ANY:
        for (size_t i = 0; i < m->nkids; i++)
            if (pwi_match_eval(m->kids[i], p, n, where))
                return 1;
        return 0;
    case PWI_M_ALL: {
        int have = 0;
        for (size_t i = 0; i < m->nkids; i++) {
            if (!pwi_match_eval(m->kids[i], p, n, &tmp))
                return 0;
            if (!have && (tmp.end > tmp.start)) {
                *where = tmp;
                have = 1;
            }
        }
        if (!have)
            *where = none;
        return 1;
    }
    case PWI_M_NOT:
        if (pwi_match_eval(m->kids[0], p, n, &tmp))
            return 0;
        *where = none;
        return 1;
    case PWI_M_AT_LEAST: {
        unsigned count = 0;
        int have = 0;
        for (size_t i = 0; i < m->nkids; i++)
            if (pwi_match_eval(m->kids[i], p, n, &tmp)) {
                count++;
                if (!have && tmp.end > tmp.start) {
                    *where = tmp;
                    have = 1;
                }
            }
        if (count < m->at_least)
            return 0;
        if (!have)
            *where = none;
        return 1;
    }
    }
    return 0;
}
