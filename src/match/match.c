/* match.c - condition trees over scope buffers: prefilter bits decide
 * which leaves PCRE2 (or memmem) must confirm. */
#define _GNU_SOURCE /* memmem */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "match.h"
#include "lex/lex.h"
#include "util/error.h"
#include "util/mem.h"

#include <ctype.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Occurrences examined per leaf when checking "within N lines". */
#define WITHIN_MAX_OCCURRENCES 64

void *pwi_match_data_new(void)
{
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    if (!md)
        pwi_oom(0);
    return md;
}

void pwi_match_data_free(void *md)
{
    pcre2_match_data_free(md);
}

void pwi_lines_reset(pwi_lines *l, const unsigned char *p, size_t n)
{
    l->p = p;
    l->n = n;
    l->nv = 0;
    l->built = 0;
}

const uint32_t *pwi_lines_get(pwi_lines *l, size_t *nv)
{
    if (!l->built) {
        l->nv = 0;
        PW_GROW(l->v, l->cap, 1);
        l->v[l->nv++] = 0;
        const unsigned char *p = l->p, *end = p + l->n;
        for (const unsigned char *q = p; q < end && (q = memchr(q, '\n', (size_t)(end - q)));
             q++) {
            if (l->nv == l->cap)
                PW_GROW(l->v, l->cap, l->nv + 1);
            l->v[l->nv++] = (uint32_t)(q - p + 1);
        }
        l->built = 1;
    }
    *nv = l->nv;
    return l->v;
}

void pwi_lines_release(pwi_lines *l)
{
    free(l->v);
    memset(l, 0, sizeof *l);
}

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

/* Subjects from this size on are matched with JIT code: there PCRE2's
 * interpreter is most of a scan's time (a minified bundle, where the
 * prefilter flags many leaves), while JIT-compiling costs ~0.1 ms per
 * pattern that small scans need not pay. */
#define JIT_MIN_SUBJECT ((size_t)64 << 10)

static pthread_mutex_t jit_lock = PTHREAD_MUTEX_INITIALIZER;

/* The JIT copy of m's pattern, made on first use. A copy, because
 * pcre2_jit_compile must not run on code other threads are matching
 * with. NULL when JIT is unavailable (the interpreter is used). */
static pcre2_code *jit_code(const pwi_match *cm)
{
    pwi_match *m = (pwi_match *)cm; /* re_jit is a cache, not state */
    int state = atomic_load_explicit(&m->jit_state, memory_order_acquire);
    if (state == 0) {
        pthread_mutex_lock(&jit_lock);
        state = atomic_load_explicit(&m->jit_state, memory_order_relaxed);
        if (state == 0) {
            pcre2_code *copy = pcre2_code_copy(m->re);
            if (copy && pcre2_jit_compile(copy, PCRE2_JIT_COMPLETE) == 0) {
                m->re_jit = copy;
                state = 1;
            } else {
                pcre2_code_free(copy);
                state = 2;
            }
            atomic_store_explicit(&m->jit_state, state, memory_order_release);
        }
        pthread_mutex_unlock(&jit_lock);
    }
    return state == 1 ? m->re_jit : NULL;
}

/* Can the leaf match at all? No when the prefilter saw none of it. */
static int may_match(const pwi_match *leaf, const pwi_match_ctx *c)
{
    return !c->hits || !leaf->prefiltered ||
           (c->hits[leaf->leaf_id / 64] >> (leaf->leaf_id % 64) & 1);
}

int pwi_match_leaf_next(const pwi_match *m, const pwi_match_ctx *c, size_t from,
                        pwi_loc *where)
{
    const pwi_scope_buf *b = &c->scope[m->scope];
    if (!b->p || from > b->n)
        return 0;
    if (!may_match(m, c))
        return 0;
    where->scope = m->scope;
    if (m->kind == PWI_M_LITERAL) {
        const unsigned char *lit = (const unsigned char *)m->text;
        const unsigned char *hit =
            m->nocase ? find_nocase(b->p + from, b->n - from, lit, m->text_len)
                      : memmem(b->p + from, b->n - from, lit, m->text_len);
        if (!hit)
            return 0;
        where->start = (size_t)(hit - b->p);
        where->end = where->start + m->text_len;
        return 1;
    }
    if (m->kind != PWI_M_REGEX)
        return 0;
    int rc = PCRE2_ERROR_NOMATCH;
    pcre2_code *jit = b->n >= JIT_MIN_SUBJECT ? jit_code(m) : NULL;
    if (jit)
        rc = pcre2_match(jit, b->p, b->n, from, 0, c->md, NULL);
    if (!jit || rc == PCRE2_ERROR_JIT_STACKLIMIT)
        rc = pcre2_match(m->re, b->p, b->n, from, 0, c->md, NULL);
    if (rc < 0)
        return 0;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->md);
    where->start = ov[0];
    where->end = ov[1];
    return 1;
}

/* Three-valued: what m is in a file where the prefilter saw none of its
 * leaves. A prefiltered leaf is then false; one in no database may still
 * match (PCRE2 decides), so it is unknown. */
enum { V_FALSE, V_UNKNOWN, V_TRUE };

static int value_unseen(const pwi_match *m)
{
    size_t t = 0, u = 0;
    switch (m->kind) {
    case PWI_M_REGEX:
    case PWI_M_LITERAL:
        return m->prefiltered ? V_FALSE : V_UNKNOWN;
    case PWI_M_NOT:
        return V_TRUE - value_unseen(m->kids[0]);
    case PWI_M_ANY:
    case PWI_M_ALL:
    case PWI_M_AT_LEAST:
        break;
    default:
        return V_UNKNOWN;
    }
    for (size_t i = 0; i < m->nkids; i++) {
        int v = value_unseen(m->kids[i]);
        t += v == V_TRUE;
        u += v == V_UNKNOWN;
    }
    size_t need = m->kind == PWI_M_ANY ? 1 : m->kind == PWI_M_ALL ? m->nkids : m->at_least;
    if (t + u < need)
        return V_FALSE;
    /* "within" asks more than a count: true kids are only unknown */
    if (t >= need && !m->within)
        return V_TRUE;
    return V_UNKNOWN;
}

int pwi_match_needs_seen_leaf(const pwi_match *m)
{
    return value_unseen(m) == V_FALSE;
}

int pwi_match_saw_any(const pwi_match_ctx *c, unsigned first, unsigned end)
{
    if (!c->hits)
        return 1;
    for (unsigned i = first; i < end;) {
        uint64_t w = c->hits[i / 64] >> (i % 64);
        unsigned span = 64 - i % 64;
        if (span > end - i)
            span = end - i;
        if (span < 64)
            w &= (1ull << span) - 1;
        if (w)
            return 1;
        i += span;
    }
    return 0;
}

static size_t loc_line(const pwi_match_ctx *c, const pwi_loc *l)
{
    size_t line, col;
    pwi_match_position(c, l, &line, &col, NULL);
    return line;
}

/* The occurrences of a leaf found so far (at most WITHIN_MAX_OCCURRENCES,
 * in source order): a `within` evaluation searches each leaf once, as far
 * as it needs, instead of from the start for every anchor (on a minified
 * bundle the repeated searches cost seconds). */
typedef struct occurrences {
    const pwi_match *m;
    size_t n, from;
    int done;
    size_t line[WITHIN_MAX_OCCURRENCES];
    pwi_loc loc[WITHIN_MAX_OCCURRENCES];
} occurrences;

/* Finds the next occurrence; 0 when there is none (or the cap is hit). */
static int more(occurrences *o, const pwi_match_ctx *c)
{
    pwi_loc w;
    if (o->done || o->n == WITHIN_MAX_OCCURRENCES || !pwi_match_leaf_next(o->m, c, o->from, &w)) {
        o->done = 1;
        return 0;
    }
    o->line[o->n] = loc_line(c, &w);
    o->loc[o->n++] = w;
    o->from = w.end > w.start ? w.end : w.start + 1;
    return 1;
}

/* Does the leaf occur within n lines of line? */
static int near(occurrences *o, const pwi_match_ctx *c, size_t line, unsigned n)
{
    for (size_t k = 0;; k++) {
        if (k == o->n && !more(o, c))
            return 0;
        if (o->line[k] + n >= line && o->line[k] <= line + n)
            return 1;
        if (o->line[k] > line + n)
            return 0;
    }
}

/* ALL / AT_LEAST with "within": anchor on each occurrence of a kid and
 * count the kids that match near it. Kids are leaves (checked at load). */
static int eval_within(const pwi_match *m, const pwi_match_ctx *c, unsigned need,
                       pwi_loc *where)
{
    /* most files have too few of the leaves for the condition to hold:
     * decided from the prefilter's bits without looking further */
    unsigned possible = 0;
    for (size_t j = 0; j < m->nkids; j++)
        possible += (unsigned)may_match(m->kids[j], c);
    if (possible < need)
        return 0;
    /* the occurrence tables are filled as found: only headers need zeroing */
    occurrences *occ = pwi_xmalloc(m->nkids * sizeof *occ);
    for (size_t j = 0; j < m->nkids; j++) {
        occ[j].m = m->kids[j];
        occ[j].n = 0;
        occ[j].from = 0;
        occ[j].done = 0;
    }
    int found = 0;
    for (size_t a = 0; a < m->nkids && !found; a++) {
        for (size_t k = 0; !found && (k < occ[a].n || more(&occ[a], c)); k++) {
            unsigned count = 1;
            for (size_t j = 0; j < m->nkids; j++)
                if (j != a && near(&occ[j], c, occ[a].line[k], m->within))
                    count++;
            if (count >= need) {
                *where = occ[a].loc[k];
                found = 1;
            }
        }
        if (m->kind == PWI_M_ALL)
            break; /* every kid must take part: the first anchors */
    }
    free(occ);
    return found;
}

int pwi_match_eval(const pwi_match *m, const pwi_match_ctx *c, pwi_loc *where)
{
    pwi_loc none = {PWI_SCOPE_RAW, 0, 0}, tmp;
    switch (m->kind) {
    case PWI_M_REGEX:
    case PWI_M_LITERAL: {
        if (!pwi_match_leaf_next(m, c, 0, where))
            return 0;
        /* count: N more occurrences after the first are required */
        pwi_loc next = *where;
        for (unsigned k = 1; k < m->count; k++) {
            size_t from = next.end > next.start ? next.end : next.start + 1;
            if (!pwi_match_leaf_next(m, c, from, &next))
                return 0;
        }
        return 1;
    }
    case PWI_M_ANY:
        for (size_t i = 0; i < m->nkids; i++)
            if (pwi_match_eval(m->kids[i], c, where))
                return 1;
        return 0;
    case PWI_M_ALL: {
        if (m->within)
            return eval_within(m, c, (unsigned)m->nkids, where);
        /* the prefilter's bits first: a leaf it did not see fails the all
         * before PCRE2 reads a sibling (one with "prefilter: false") */
        for (size_t i = 0; i < m->nkids; i++) {
            const pwi_match *k = m->kids[i];
            if ((k->kind == PWI_M_REGEX || k->kind == PWI_M_LITERAL) && !may_match(k, c))
                return 0;
        }
        int have = 0;
        for (size_t i = 0; i < m->nkids; i++) {
            if (!pwi_match_eval(m->kids[i], c, &tmp))
                return 0;
            if (!have && tmp.end > tmp.start) {
                *where = tmp;
                have = 1;
            }
        }
        if (!have)
            *where = none;
        return 1;
    }
    case PWI_M_NOT:
        if (pwi_match_eval(m->kids[0], c, &tmp))
            return 0;
        *where = none;
        return 1;
    case PWI_M_AT_LEAST: {
        if (m->within)
            return eval_within(m, c, m->at_least, where);
        unsigned count = 0;
        int have = 0;
        for (size_t i = 0; i < m->nkids; i++)
            if (pwi_match_eval(m->kids[i], c, &tmp)) {
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

void pwi_match_position(const pwi_match_ctx *c, const pwi_loc *l, size_t *line,
                        size_t *col, const pwi_segment **seg)
{
    const pwi_scope_buf *b = &c->scope[l->scope];
    if (seg)
        *seg = NULL;
    *line = 1;
    *col = 1;
    if (l->scope == PWI_SCOPE_RAW) {
        if (!c->lines)
            return;
        size_t nv;
        const uint32_t *v = pwi_lines_get(c->lines, &nv);
        size_t lo = 0, hi = nv;
        while (hi - lo > 1) {
            size_t mid = lo + (hi - lo) / 2;
            if (v[mid] <= l->start)
                lo = mid;
            else
                hi = mid;
        }
        *line = lo + 1;
        *col = l->start - v[lo] + 1;
        return;
    }
    if (b->segs && b->nsegs) {
        size_t lo = 0, hi = b->nsegs;
        while (hi - lo > 1) {
            size_t mid = lo + (hi - lo) / 2;
            if (b->segs[mid].off <= l->start)
                lo = mid;
            else
                hi = mid;
        }
        const pwi_segment *sg = &b->segs[lo];
        *line = sg->line;
        *col = sg->col;
        if (seg)
            *seg = sg;
        if (!b->toks || l->start < (size_t)sg->off + sg->len)
            return;
        /* a plain token after the segment: the last one starting at or
         * before the match (a match on a separating space is the token's
         * before it, as with segments) */
        const pwi_tokens *t = b->toks;
        size_t end = (size_t)sg->off + sg->len;
        for (size_t k = sg->next_tok; k < t->n && end + 1 <= l->start; k++) {
            *line = t->v[k].line;
            *col = t->v[k].col;
            if (seg)
                *seg = NULL;
            end += 1 + t->v[k].len;
        }
    }
}
