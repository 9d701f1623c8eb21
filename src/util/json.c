/* json.c - strict RFC 8259 JSON (and the JSONC of bun.lock behind flags)
 * into a pwi_jnode tree with positions (see jtree.h).
 *
 * The parser is a loop over an explicit stack of open containers, so input
 * nesting never becomes C recursion. Members of open containers collect on
 * one scratch stack; when a container closes they are copied into exact
 * arrays in the tree's arena and its keys are checked for duplicates (a
 * hash table, with a sort as fallback when the table degrades, so hostile
 * keys cannot make it quadratic). Every byte of every string and comment
 * is checked to be UTF-8.
 *
 * One deliberate restriction beyond RFC 8259: an object key may not
 * contain U+0000 (PW_ERR_FORMAT). Keys are NUL-terminated in the tree, so
 * "name\u0000x" would otherwise read as a second "name". String values
 * may hold NULs (len counts them). */
#include "util/jtree.h"
#include "util/jtree-build.h"
#include "util/error.h"
#include "util/mem.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct member {
    const char *key; /* arena copy; NULL in arrays */
    size_t klen;
    size_t kline, kcol;
    pwi_jnode *val;
} member;

typedef struct frame {
    pwi_jnode *node;
    size_t first; /* index of its first member on the scratch stack */
} frame;

typedef struct parser {
    const char *data, *p, *end;
    const char *path;
    size_t line;
    const char *line_start;
    unsigned flags;
    const pwi_jlimits *lim;
    pwi_jnode *root;
    int have_root;
    size_t nnodes;
    frame *frames;
    size_t depth, capframes;
    member *mem;
    size_t nmem, capmem;
    size_t *table; /* duplicate check: member index + 1, 0 empty */
    size_t captable;
    uint64_t seed;
    pw_error *err;
} parser;

static pw_status fail_pos(parser *ps, pw_status code, size_t line, size_t col,
                          const char *fmt, ...) PW_PRINTF(5, 6);

static pw_status fail_pos(parser *ps, pw_status code, size_t line, size_t col,
                          const char *fmt, ...)
{
    char msg[sizeof ps->err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return pwi_error(ps->err, code, ps->path, line, col, "%s", msg);
}

/* Column of at, which must be on the current line. */
static size_t col_of(const parser *ps, const char *at)
{
    return (size_t)(at - ps->line_start) + 1;
}

#define FAIL_AT(ps, code, at, ...)                                        \
    fail_pos((ps), (code), (ps)->line, col_of((ps), (at)), __VA_ARGS__)

/* "'x'", "byte 0xNN" or "end of input" for the byte at at. */
static void describe_at(const parser *ps, const char *at, char *buf,
                        size_t size)
{
    if (at >= ps->end) {
        snprintf(buf, size, "end of input");
        return;
    }
    unsigned char c = (unsigned char)*at;
    if (c > 0x20 && c < 0x7f)
        snprintf(buf, size, "'%c'", c);
    else
        snprintf(buf, size, "byte 0x%02x", c);
}

static pw_status unexpected(parser *ps, const char *at, const char *expected)
{
    char what[32];
    if (at + 1 < ps->end && at[0] == '/' && (at[1] == '/' || at[1] == '*') &&
        !(ps->flags & PWI_JSON_COMMENTS))
        return FAIL_AT(ps, PW_ERR_FORMAT, at,
                       "comments are not allowed in JSON");
    describe_at(ps, at, what, sizeof what);
    return FAIL_AT(ps, PW_ERR_FORMAT, at, "JSON syntax error: expected %s, "
                   "found %s", expected, what);
}

/* ---- UTF-8 ------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (s < end, *s >= 0x80), or 0.
 * Overlong forms, surrogates and code points above U+10FFFF are invalid. */
static size_t utf8_seq(const unsigned char *s, const unsigned char *end)
{
    unsigned char c = s[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf)
        n = 2;
    else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        if (c == 0xe0)
            lo = 0xa0;
        else if (c == 0xed)
            hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        if (c == 0xf0)
            lo = 0x90;
        else if (c == 0xf4)
            hi = 0x8f;
    } else
        return 0;
    if ((size_t)(end - s) < n)
        return 0;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    return n;
}

static pw_status bad_utf8(parser *ps, const char *at)
{
    return FAIL_AT(ps, PW_ERR_FORMAT, at,
                   "invalid UTF-8 (byte 0x%02x)", (unsigned char)*at);
}

/* ---- whitespace and comments ------------------------------------------- */

static pw_status skip_comment(parser *ps)
{
    const char *p = ps->p, *end = ps->end;
    size_t line = ps->line, col = col_of(ps, p);
    if (p[1] == '/') {
        p += 2;
        while (p < end && *p != '\n') {
            if ((unsigned char)*p >= 0x80) {
                size_t n = utf8_seq((const unsigned char *)p,
                                    (const unsigned char *)end);
                if (!n)
                    return bad_utf8(ps, p);
                p += n;
            } else
                p++;
        }
        ps->p = p;
        return PW_OK;
    }
    p += 2;
    for (;;) {
        if (p >= end)
            return fail_pos(ps, PW_ERR_FORMAT, line, col,
                            "unterminated comment");
        unsigned char c = (unsigned char)*p;
        if (c == '*' && p + 1 < end && p[1] == '/') {
            ps->p = p + 2;
            return PW_OK;
        }
        if (c == '\n') {
            ps->line++;
            ps->line_start = p + 1;
            p++;
        } else if (c >= 0x80) {
            size_t n = utf8_seq((const unsigned char *)p,
                                (const unsigned char *)end);
            if (!n) {
                ps->p = p;
                return bad_utf8(ps, p);
            }
            p += n;
        } else
            p++;
    }
}

static pw_status skip_ws(parser *ps)
{
    for (;;) {
        const char *p = ps->p, *end = ps->end;
        while (p < end) {
            char c = *p;
            if (c == ' ' || c == '\t' || c == '\r')
                p++;
            else if (c == '\n') {
                p++;
                ps->line++;
                ps->line_start = p;
            } else
                break;
        }
        ps->p = p;
        if ((ps->flags & PWI_JSON_COMMENTS) && p + 1 < end && *p == '/' &&
            (p[1] == '/' || p[1] == '*')) {
            pw_status st = skip_comment(ps);
            if (st != PW_OK)
                return st;
            continue;
        }
        return PW_OK;
    }
}

/* ---- scalars ----------------------------------------------------------- */

/* Byte classes inside strings: 0 plain ASCII, 1 quote, 2 backslash,
 * 3 control character, 4 start of a multi-byte sequence. */
static const unsigned char str_class[256] = {
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
};

static int hex4(const char *s, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        unsigned d;
        if (c >= '0' && c <= '9')
            d = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            d = (unsigned)(c - 'A' + 10);
        else
            return 0;
        v = v << 4 | d;
    }
    *out = v;
    return 1;
}

static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xc0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xe0 | cp >> 12);
        o[1] = (char)(0x80 | (cp >> 6 & 0x3f));
        o[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | cp >> 18);
    o[1] = (char)(0x80 | (cp >> 12 & 0x3f));
    o[2] = (char)(0x80 | (cp >> 6 & 0x3f));
    o[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* Decodes the escapes of s[0..n) (already checked for controls and UTF-8)
 * into o, which has room for n bytes. */
static pw_status decode_escapes(parser *ps, const char *s, size_t n, char *o,
                                size_t *olen, int is_key)
{
    const char *end = s + n;
    size_t k = 0;
    while (s < end) {
        const char *run = memchr(s, '\\', (size_t)(end - s));
        size_t plain = run ? (size_t)(run - s) : (size_t)(end - s);
        memcpy(o + k, s, plain);
        k += plain;
        s += plain;
        if (s >= end)
            break;
        /* s at a backslash; the scanner made sure a byte follows */
        const char *esc = s;
        char c = s[1];
        s += 2;
        switch (c) {
        case '"': o[k++] = '"'; break;
        case '\\': o[k++] = '\\'; break;
        case '/': o[k++] = '/'; break;
        case 'b': o[k++] = '\b'; break;
        case 'f': o[k++] = '\f'; break;
        case 'n': o[k++] = '\n'; break;
        case 'r': o[k++] = '\r'; break;
        case 't': o[k++] = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (end - s < 4 || !hex4(s, &cp))
                return FAIL_AT(ps, PW_ERR_FORMAT, esc,
                               "invalid \\u escape (four hex digits "
                               "expected)");
            s += 4;
            if (cp >= 0xdc00 && cp <= 0xdfff)
                return FAIL_AT(ps, PW_ERR_FORMAT, esc,
                               "unpaired low surrogate \\u%04X", cp);
            if (cp >= 0xd800 && cp <= 0xdbff) {
                if (end - s < 6 || s[0] != '\\' || s[1] != 'u' ||
                    !hex4(s + 2, &lo) || lo < 0xdc00 || lo > 0xdfff)
                    return FAIL_AT(ps, PW_ERR_FORMAT, esc,
                                   "unpaired high surrogate \\u%04X", cp);
                s += 6;
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            }
            if (cp == 0 && is_key)
                return FAIL_AT(ps, PW_ERR_FORMAT, esc,
                               "object key contains a NUL character "
                               "(\\u0000)");
            k += put_utf8(o + k, cp);
            break;
        }
        default: {
            char what[32];
            describe_at(ps, esc + 1, what, sizeof what);
            return FAIL_AT(ps, PW_ERR_FORMAT, esc,
                           "invalid escape: backslash followed by %s", what);
        }
        }
    }
    *olen = k;
    return PW_OK;
}

/* Parses the string at ps->p (a quote) into the arena. */
static pw_status parse_string(parser *ps, const char **out, size_t *outlen,
                              int is_key)
{
    const char *start = ps->p;
    const unsigned char *q = (const unsigned char *)start + 1;
    const unsigned char *end = (const unsigned char *)ps->end;
    int escapes = 0;
    for (;;) {
        while (q < end && str_class[*q] == 0)
            q++;
        if (q >= end)
            return FAIL_AT(ps, PW_ERR_FORMAT, start, "unterminated string");
        switch (str_class[*q]) {
        case 1:
            goto done;
        case 2:
            escapes = 1;
            if (q + 1 >= end)
                return FAIL_AT(ps, PW_ERR_FORMAT, start,
                               "unterminated string");
            q += 2;
            break;
        case 3:
            return FAIL_AT(ps, PW_ERR_FORMAT, (const char *)q,
                           "control character 0x%02x in a string (write it "
                           "as an escape)", *q);
        default: {
            size_t n = utf8_seq(q, end);
            if (!n)
                return bad_utf8(ps, (const char *)q);
            q += n;
        }
        }
    }
done:;
    const char *s = start + 1;
    size_t raw = (size_t)((const char *)q - s);
    if (!escapes && raw > ps->lim->max_string)
        return FAIL_AT(ps, PW_ERR_LIMIT, start,
                       "JSON string of %zu bytes is longer than the limit of "
                       "%zu", raw, ps->lim->max_string);
    char *o = pwi_jtree_alloc(ps->root, raw + 1);
    size_t len = raw;
    if (escapes) {
        pw_status st = decode_escapes(ps, s, raw, o, &len, is_key);
        if (st != PW_OK)
            return st;
        if (len > ps->lim->max_string)
            return FAIL_AT(ps, PW_ERR_LIMIT, start,
                           "JSON string of %zu bytes is longer than the "
                           "limit of %zu", len, ps->lim->max_string);
    } else {
        memcpy(o, s, raw);
    }
    o[len] = '\0';
    *out = o;
    *outlen = len;
    ps->p = (const char *)q + 1;
    return PW_OK;
}

static int is_digit(const char *p, const char *end)
{
    return p < end && *p >= '0' && *p <= '9';
}

/* Checks the RFC 8259 number at ps->p and returns its extent. */
static pw_status scan_number(parser *ps, size_t *len)
{
    const char *s = ps->p, *p = s, *end = ps->end;
    if (*p == '-')
        p++;
    if (!is_digit(p, end))
        return unexpected(ps, p, "a digit");
    if (*p == '0') {
        p++;
        if (is_digit(p, end))
            return FAIL_AT(ps, PW_ERR_FORMAT, s,
                           "invalid number: leading zeros are not allowed");
    } else {
        while (is_digit(p, end))
            p++;
    }
    if (p < end && *p == '.') {
        p++;
        if (!is_digit(p, end))
            return unexpected(ps, p, "a digit after the decimal point");
        while (is_digit(p, end))
            p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        if (!is_digit(p, end))
            return unexpected(ps, p, "a digit in the exponent");
        while (is_digit(p, end))
            p++;
    }
    *len = (size_t)(p - s);
    if (*len > ps->lim->max_string)
        return FAIL_AT(ps, PW_ERR_LIMIT, s,
                       "JSON number of %zu bytes is longer than the limit "
                       "of %zu", *len, ps->lim->max_string);
    return PW_OK;
}

/* ---- tree building ----------------------------------------------------- */

/* A node for a value starting at at, linked into the innermost open
 * container (its pending key for an object). */
static pw_status add_node(parser *ps, pwi_jkind kind, const char *at,
                          pwi_jnode **out)
{
    if (ps->nnodes >= ps->lim->max_nodes)
        return FAIL_AT(ps, PW_ERR_LIMIT, at, "JSON has more than %zu nodes",
                       ps->lim->max_nodes);
    ps->nnodes++;
    size_t col = col_of(ps, at);
    pwi_jnode *n;
    if (!ps->have_root) {
        n = ps->root;
        n->kind = kind;
        n->line = ps->line;
        n->col = col;
        ps->have_root = 1;
    } else {
        n = pwi_jnode_new(ps->root, kind, ps->line, col);
    }
    if (ps->depth) {
        if (ps->frames[ps->depth - 1].node->kind == PWI_J_OBJECT) {
            ps->mem[ps->nmem - 1].val = n;
        } else {
            PW_GROW(ps->mem, ps->capmem, ps->nmem + 1);
            member *m = &ps->mem[ps->nmem++];
            memset(m, 0, sizeof *m);
            m->val = n;
        }
    }
    *out = n;
    return PW_OK;
}

/* Parses an object key and its colon at ps->p, pushing a member. */
static pw_status parse_key(parser *ps)
{
    if (ps->p >= ps->end || *ps->p != '"')
        return unexpected(ps, ps->p, "a string key");
    size_t line = ps->line, col = col_of(ps, ps->p);
    const char *key;
    size_t klen;
    pw_status st = parse_string(ps, &key, &klen, 1);
    if (st != PW_OK)
        return st;
    if ((st = skip_ws(ps)) != PW_OK)
        return st;
    if (ps->p >= ps->end || *ps->p != ':')
        return unexpected(ps, ps->p, "':' after an object key");
    ps->p++;
    PW_GROW(ps->mem, ps->capmem, ps->nmem + 1);
    member *m = &ps->mem[ps->nmem++];
    m->key = key;
    m->klen = klen;
    m->kline = line;
    m->kcol = col;
    m->val = NULL;
    return PW_OK;
}

static int same_key(const member *a, const member *b)
{
    return a->klen == b->klen && !memcmp(a->key, b->key, a->klen);
}

static pw_status duplicate_error(parser *ps, const member *dup,
                                 const member *first)
{
    /* the key for a one-line message: controls shown as '?', cut at a
     * character boundary */
    enum { SHOW = 60 };
    char shown[SHOW + 1];
    size_t n = dup->klen < SHOW ? dup->klen : SHOW;
    while (n < dup->klen && n > 0 &&
           ((unsigned char)dup->key[n] & 0xc0) == 0x80)
        n--;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)dup->key[i];
        shown[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
    }
    shown[n] = '\0';
    return fail_pos(ps, PW_ERR_FORMAT, dup->kline, dup->kcol,
                    "duplicate key \"%s\"%s (first at line %zu)", shown,
                    n < dup->klen ? "..." : "", first->kline);
}

typedef struct key_ref {
    const member *m;
    size_t index;
} key_ref;

static int key_ref_cmp(const void *pa, const void *pb)
{
    const key_ref *a = pa, *b = pb;
    if (a->m->klen != b->m->klen)
        return a->m->klen < b->m->klen ? -1 : 1;
    int c = memcmp(a->m->key, b->m->key, a->m->klen);
    if (c)
        return c;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* O(n log n) duplicate search, for when hashing degrades. Reports the
 * repeat that comes first in the document. */
static pw_status dup_by_sort(parser *ps, const member *m, size_t n)
{
    key_ref *refs = pwi_xmalloc(n * sizeof *refs);
    for (size_t i = 0; i < n; i++) {
        refs[i].m = &m[i];
        refs[i].index = i;
    }
    qsort(refs, n, sizeof *refs, key_ref_cmp);
    const key_ref *dup = NULL, *first = NULL;
    for (size_t i = 1; i < n; i++) {
        if (!same_key(refs[i - 1].m, refs[i].m))
            continue;
        if (i >= 2 && same_key(refs[i - 2].m, refs[i].m))
            continue; /* a third or later occurrence */
        if (!dup || refs[i].index < dup->index) {
            dup = &refs[i];
            first = &refs[i - 1];
        }
    }
    pw_status st = dup ? duplicate_error(ps, dup->m, first->m) : PW_OK;
    free(refs);
    return st;
}

static uint64_t hash_key(uint64_t seed, const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull ^ seed;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 32;
    return h;
}

/* Finds a repeated key among the n members m. Inserting in document order
 * makes the first collision the earliest repeat. */
static pw_status check_duplicates(parser *ps, const member *m, size_t n)
{
    if (n < 2)
        return PW_OK;
    if (n <= 8) {
        for (size_t j = 1; j < n; j++)
            for (size_t i = 0; i < j; i++)
                if (same_key(&m[i], &m[j]))
                    return duplicate_error(ps, &m[j], &m[i]);
        return PW_OK;
    }
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    if (ps->captable < cap) {
        free(ps->table);
        ps->table = pwi_xmalloc(cap * sizeof *ps->table);
        ps->captable = cap;
    }
    size_t *table = ps->table;
    memset(table, 0, cap * sizeof *table);
    size_t probes = 0, budget = 4 * n + 64;
    for (size_t j = 0; j < n; j++) {
        size_t slot = (size_t)hash_key(ps->seed, m[j].key, m[j].klen) &
                      (cap - 1);
        while (table[slot]) {
            const member *o = &m[table[slot] - 1];
            if (same_key(o, &m[j]))
                return duplicate_error(ps, &m[j], o);
            slot = (slot + 1) & (cap - 1);
            if (++probes > budget)
                return dup_by_sort(ps, m, n);
        }
        table[slot] = j + 1;
    }
    return PW_OK;
}

static pw_status open_container(parser *ps, pwi_jkind kind)
{
    if (ps->depth >= ps->lim->max_depth)
        return FAIL_AT(ps, PW_ERR_LIMIT, ps->p,
                       "JSON nesting is deeper than the limit of %zu",
                       ps->lim->max_depth);
    pwi_jnode *n;
    pw_status st = add_node(ps, kind, ps->p, &n);
    if (st != PW_OK)
        return st;
    PW_GROW(ps->frames, ps->capframes, ps->depth + 1);
    ps->frames[ps->depth].node = n;
    ps->frames[ps->depth].first = ps->nmem;
    ps->depth++;
    ps->p++;
    return PW_OK;
}

/* Closes the innermost container: its members become its arrays. */
static pw_status close_container(parser *ps)
{
    frame *f = &ps->frames[ps->depth - 1];
    pwi_jnode *node = f->node;
    size_t n = ps->nmem - f->first;
    member *m = n ? ps->mem + f->first : NULL; /* mem is NULL until used */
    if (node->kind == PWI_J_OBJECT) {
        pw_status st = check_duplicates(ps, m, n);
        if (st != PW_OK)
            return st;
    }
    if (n) {
        node->items = pwi_jtree_alloc(ps->root, n * sizeof *node->items);
        for (size_t i = 0; i < n; i++)
            node->items[i] = m[i].val;
        if (node->kind == PWI_J_OBJECT) {
            node->keys = pwi_jtree_alloc(ps->root, n * sizeof *node->keys);
            node->key_lines = pwi_jtree_alloc(ps->root,
                                              n * sizeof *node->key_lines);
            for (size_t i = 0; i < n; i++) {
                node->keys[i] = m[i].key;
                node->key_lines[i] = m[i].kline;
            }
        }
    }
    node->nitems = n;
    ps->nmem = f->first;
    ps->depth--;
    ps->p++;
    return PW_OK;
}

/* Parses one scalar value at ps->p. */
static pw_status parse_scalar(parser *ps)
{
    const char *at = ps->p, *end = ps->end;
    pwi_jnode *n;
    pw_status st;
    char c = *at;
    if (c == '"') {
        const char *s = NULL;
        size_t len = 0;
        /* strings hold no raw newline: at is still on the current line */
        if ((st = parse_string(ps, &s, &len, 0)) != PW_OK)
            return st;
        if ((st = add_node(ps, PWI_J_STRING, at, &n)) != PW_OK)
            return st;
        n->str = s;
        n->len = len;
        return PW_OK;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        size_t len = 0;
        if ((st = scan_number(ps, &len)) != PW_OK)
            return st;
        if ((st = add_node(ps, PWI_J_NUMBER, at, &n)) != PW_OK)
            return st;
        n->str = pwi_jtree_strdup(ps->root, at, len);
        n->len = len;
        ps->p = at + len;
        return PW_OK;
    }
    static const struct {
        const char *word;
        size_t len;
        pwi_jkind kind;
        int value;
    } words[] = {{"true", 4, PWI_J_BOOL, 1},
                 {"false", 5, PWI_J_BOOL, 0},
                 {"null", 4, PWI_J_NULL, 0}};
    for (size_t i = 0; i < 3; i++)
        if ((size_t)(end - at) >= words[i].len &&
            !memcmp(at, words[i].word, words[i].len)) {
            if ((st = add_node(ps, words[i].kind, at, &n)) != PW_OK)
                return st;
            n->boolean = words[i].value;
            ps->p = at + words[i].len;
            return PW_OK;
        }
    return unexpected(ps, at, "a JSON value");
}

/* Whether the byte at ps->p closes the innermost container. */
static int at_close(const parser *ps)
{
    if (ps->p >= ps->end || !ps->depth)
        return 0;
    char close = ps->frames[ps->depth - 1].node->kind == PWI_J_OBJECT ? '}'
                                                                        : ']';
    return *ps->p == close;
}

static pw_status run(parser *ps)
{
    pw_status st;
    enum { VALUE, AFTER_VALUE } state = VALUE;
    for (;;) {
        if ((st = skip_ws(ps)) != PW_OK)
            return st;
        if (state == VALUE) {
            if (ps->p >= ps->end)
                return unexpected(ps, ps->p, ps->have_root
                                                 ? "a value"
                                                 : "a JSON value (the input "
                                                   "is empty)");
            char c = *ps->p;
            if (c == '{' || c == '[') {
                pwi_jkind kind = c == '{' ? PWI_J_OBJECT : PWI_J_ARRAY;
                if ((st = open_container(ps, kind)) != PW_OK)
                    return st;
                if ((st = skip_ws(ps)) != PW_OK)
                    return st;
                if (at_close(ps)) {
                    if ((st = close_container(ps)) != PW_OK)
                        return st;
                    state = AFTER_VALUE;
                } else if (kind == PWI_J_OBJECT) {
                    if ((st = parse_key(ps)) != PW_OK)
                        return st;
                }
                continue;
            }
            if ((st = parse_scalar(ps)) != PW_OK)
                return st;
            state = AFTER_VALUE;
            continue;
        }
        /* AFTER_VALUE */
        if (!ps->depth) {
            if (ps->p < ps->end)
                return unexpected(ps, ps->p,
                                  "the end of input after the JSON value");
            return PW_OK;
        }
        int is_obj = ps->frames[ps->depth - 1].node->kind == PWI_J_OBJECT;
        if (ps->p < ps->end && *ps->p == ',') {
            const char *comma = ps->p;
            size_t comma_line = ps->line, comma_col = col_of(ps, comma);
            ps->p++;
            if ((st = skip_ws(ps)) != PW_OK)
                return st;
            if (at_close(ps)) {
                if (!(ps->flags & PWI_JSON_TRAILING_COMMAS))
                    return fail_pos(ps, PW_ERR_FORMAT, comma_line, comma_col,
                                    "trailing comma before '%c' (not "
                                    "allowed in JSON)", is_obj ? '}' : ']');
                if ((st = close_container(ps)) != PW_OK)
                    return st;
                continue;
            }
            if (is_obj) {
                if ((st = parse_key(ps)) != PW_OK)
                    return st;
            }
            state = VALUE;
            continue;
        }
        if (at_close(ps)) {
            if ((st = close_container(ps)) != PW_OK)
                return st;
            continue;
        }
        return unexpected(ps, ps->p,
                          is_obj ? "',' or '}' after an object member"
                                 : "',' or ']' after an array element");
    }
}

pw_status pwi_json_parse(const char *data, size_t len, const char *path,
                         unsigned flags, const pwi_jlimits *lim,
                         pwi_jnode **out, pw_error *err)
{
    pwi_jlimits defaults;
    if (!lim) {
        pwi_jlimits_default(&defaults);
        lim = &defaults;
    }
    if (!path)
        path = "<input>";
    if (!data)
        data = "";
    *out = NULL;
    if (len > lim->max_bytes)
        return pwi_error(err, PW_ERR_LIMIT, path, 0, 0,
                         "JSON input of %zu bytes is larger than the limit "
                         "of %zu", len, lim->max_bytes);
    parser ps;
    memset(&ps, 0, sizeof ps);
    ps.data = data;
    ps.p = data;
    ps.end = data + len;
    ps.path = path;
    ps.line = 1;
    ps.line_start = data;
    ps.flags = flags;
    ps.lim = lim;
    ps.err = err;
    if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) {
        ps.p += 3;
        ps.line_start = ps.p;
    }
    ps.root = pwi_jtree_new(PWI_J_NULL, 1, 1);
    /* Per-tree seed: the arena's address varies between runs (ASLR), and
     * the sort fallback bounds the cost whatever the keys are anyway. */
    ps.seed = (uint64_t)(uintptr_t)ps.root * 0x9e3779b97f4a7c15ull;
    pw_status st = run(&ps);
    free(ps.frames);
    free(ps.mem);
    free(ps.table);
    if (st != PW_OK) {
        pwi_jtree_free(ps.root);
        return st;
    }
    *out = ps.root;
    return PW_OK;
}
