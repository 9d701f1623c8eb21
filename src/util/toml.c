/*
 * toml.c - a strict TOML v1.0.0 reader producing the shared pwi_jnode tree
 * (see jtree.h; nodes are made through jtree-build.h, so pwi_jtree_free
 * releases a TOML tree like a JSON one).
 *
 * Untrusted input (lockfiles of any project) drives every path here, so:
 *  - the whole input is checked once up front for invalid UTF-8 and for
 *    control characters TOML forbids everywhere (raw, in strings and in
 *    comments alike), so the scanner below only meets clean text;
 *  - arrays and inline tables are parsed with an explicit stack, never C
 *    recursion, and every container's depth is checked against
 *    pwi_jlimits.max_depth (the root table is depth 1);
 *  - nodes, string sizes and input size are capped by pwi_jlimits
 *    (PW_ERR_LIMIT);
 *  - key lookup goes through one hash table keyed by (table, key), so a
 *    uv.lock with 50,000 tables stays linear.
 *
 * Table rules (the part of TOML parsers most often get wrong), per table:
 *   EXPLICIT  defined by a [header] (or an [[array]] element): no second
 *             [header], no dotted keys from the parent reaching into it;
 *   DOTTED    created or extended by dotted keys (a.b = 1): no [header]
 *             naming it later, though a header may pass through it
 *             ([a.b.c] after a.b = 1 is valid, as in the spec);
 *   FROZEN    an inline table or a value array: nothing may be added from
 *             outside its braces, by header, dotted key or [[x]];
 *   AOT       an array of tables made by [[x]]: [[x]] appends, [x.y] goes
 *             into its last element.
 * Implicit tables (created on the way to a header) have no flag and may be
 * defined once later.
 *
 * Values: strings are decoded (CRLF in multi-line strings becomes LF);
 * integers are checked to fit 64 bits and stored as canonical decimal text
 * (0xff -> "255", 1_000 -> "1000", +7 -> "7") so pwi_j_as_int reads every
 * form; floats keep their text minus underscores ("6.626e-34", "inf",
 * "-nan"); date-times keep their text exactly as written and are
 * validated (month/day ranges, leap years, hours, offsets).
 *
 * Columns are 1-based byte offsets in the line. Keys containing U+0000 are
 * refused (PW_ERR_UNSUPPORTED): the tree keeps keys NUL-terminated, and a
 * key "name\u0000x" would otherwise read as a second "name".
 */
#include "util/buf.h"
#include "util/error.h"
#include "util/jtree-build.h"
#include "util/jtree.h"
#include "util/mem.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- parser state ------------------------------------------------------- */

/* Table and array flags (see the header comment). */
enum {
    T_EXPLICIT = 1 << 0,
    T_DOTTED = 1 << 1,
    T_FROZEN = 1 << 2,
    T_AOT = 1 << 3
};

/* Side data of one container (table or array) while parsing. */
typedef struct tmeta {
    pwi_jnode *node;
    size_t depth;  /* root table: 1 */
    size_t last;   /* T_AOT: meta index of the last element */
    size_t parent; /* meta index of the container holding it (messages) */
    size_t item;   /* its index in the parent's items */
    unsigned flags;
} tmeta;

/* One (table, key) -> item slot of the key hash. 32-bit fields keep the
 * hash small (a 5 MB uv.lock has ~10^6 keys); the node count is capped
 * below 2^32 so every index fits. */
typedef struct kslot {
    uint32_t table; /* meta index + 1; 0: empty slot */
    uint32_t item;  /* index in the table's keys/items */
    uint32_t child; /* meta index + 1 of a container value, else 0 */
    uint32_t hash;
} kslot;

static size_t slot_table(const kslot *s)
{
    return (size_t)s->table - 1;
}

static size_t slot_child(const kslot *s)
{
    return s->child ? (size_t)s->child - 1 : SIZE_MAX;
}

/* A key segment of a (dotted) key, decoded into tp.keybuf. */
typedef struct kseg {
    size_t off, len; /* in keybuf (NUL-terminated there) */
    size_t line, col;
} kseg;

/* An open array or inline table of the value being parsed. */
typedef struct frame {
    size_t meta;
    int inline_table; /* 0: array */
    int state;        /* see value_parse */
} frame;

typedef struct tp {
    const char *s;
    size_t len, pos;
    size_t line, line_start; /* line_start: offset of the line's 1st byte */
    const char *path;
    pwi_jlimits lim;
    pw_error *err;
    pw_status st;

    pwi_jnode *root;
    size_t nnodes;
    tmeta *meta;
    size_t nmeta, capmeta;
    kslot *slots;
    size_t nslots, capslots; /* capslots: power of two or 0 */

    pwi_buf sbuf;   /* decoded string scratch (max = max_string) */
    pwi_buf keybuf; /* decoded key segments, NUL-separated */
    kseg *segs;
    size_t nsegs, capsegs;
    frame *stack;
    size_t nstack, capstack;
} tp;

static pw_status fail_at(tp *p, pw_status code, size_t line, size_t col,
                         const char *fmt, ...) PW_PRINTF(5, 6);

static pw_status fail_at(tp *p, pw_status code, size_t line, size_t col,
                         const char *fmt, ...)
{
    char msg[sizeof p->err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    p->st = code;
    return pwi_error(p->err, code, p->path, line, col, "%s", msg);
}

static size_t cur_col(const tp *p)
{
    return p->pos - p->line_start + 1;
}

/* A PW_ERR_FORMAT at the current position. */
static pw_status fail(tp *p, const char *fmt, ...) PW_PRINTF(2, 3);

static pw_status fail(tp *p, const char *fmt, ...)
{
    char msg[sizeof p->err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return fail_at(p, PW_ERR_FORMAT, p->line, cur_col(p), "%s", msg);
}

/* Printable description of the byte at pos for messages. */
static void describe_here(const tp *p, char *buf, size_t size)
{
    if (p->pos >= p->len) {
        snprintf(buf, size, "end of file");
        return;
    }
    unsigned char c = (unsigned char)p->s[p->pos];
    if (c == '\n' || c == '\r')
        snprintf(buf, size, "end of line");
    else if (c >= 0x21 && c < 0x7f)
        snprintf(buf, size, "'%c'", c);
    else if (c == ' ' || c == '\t')
        snprintf(buf, size, "whitespace");
    else
        snprintf(buf, size, "byte 0x%02x", c);
}

static pw_status fail_unexpected(tp *p, const char *what)
{
    char here[32];
    describe_here(p, here, sizeof here);
    return fail(p, "expected %s, found %s", what, here);
}

/* Key text for messages: at most 60 bytes, control bytes as '?'. */
static void key_desc(const char *k, char *buf, size_t size)
{
    size_t o = 0, n = strlen(k);
    int cut = 0;
    if (n > 60) {
        n = 60;
        cut = 1;
    }
    for (size_t i = 0; i < n && o + 4 < size; i++) {
        unsigned char c = (unsigned char)k[i];
        buf[o++] = (c < 0x20 || c == 0x7f || c == '"') ? '?' : (char)c;
    }
    if (cut && o + 4 < size) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o] = '\0';
}

/* "a.b.c" for the first n segments of the current key, for messages. */
static void segs_desc(const tp *p, size_t n, char *buf, size_t size)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && o + 8 < size; i++) {
        char k[80];
        key_desc(p->keybuf.data + p->segs[i].off, k, sizeof k);
        int w = snprintf(buf + o, size - o, "%s%s", i ? "." : "", k);
        if (w < 0)
            break;
        o += (size_t)w;
        if (o >= size) {
            buf[size - 1] = '\0';
            break;
        }
    }
}

/* ---- input check ------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s[0..n), 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        return n >= 2 && (s[1] & 0xc0) == 0x80 ? 2 : 0;
    if (c >= 0xe0 && c <= 0xef) {
        if (n < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
            return 0;
        if (c == 0xe0 && s[1] < 0xa0) /* overlong */
            return 0;
        if (c == 0xed && s[1] >= 0xa0) /* surrogate */
            return 0;
        return 3;
    }
    if (c >= 0xf0 && c <= 0xf4) {
        if (n < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
            (s[3] & 0xc0) != 0x80)
            return 0;
        if (c == 0xf0 && s[1] < 0x90) /* overlong */
            return 0;
        if (c == 0xf4 && s[1] >= 0x90) /* above U+10FFFF */
            return 0;
        return 4;
    }
    return 0;
}

/* Rejects invalid UTF-8 and the control characters TOML allows nowhere
 * unescaped: U+0000-U+0008, U+000B-U+001F (CR only before LF), U+007F. */
static pw_status check_text(tp *p, size_t from)
{
    const unsigned char *s = (const unsigned char *)p->s;
    size_t line = 1, line_start = from;
    for (size_t i = from; i < p->len;) {
        unsigned char c = s[i];
        if (c >= 0x20 && c < 0x7f) {
            i++;
            continue;
        }
        if (c == '\n') {
            i++;
            line++;
            line_start = i;
            continue;
        }
        if (c == '\t') {
            i++;
            continue;
        }
        size_t col = i - line_start + 1;
        if (c == '\r') {
            if (i + 1 < p->len && s[i + 1] == '\n') {
                i++;
                continue;
            }
            return fail_at(p, PW_ERR_FORMAT, line, col,
                           "carriage return not followed by a line feed");
        }
        if (c < 0x20 || c == 0x7f)
            return fail_at(p, PW_ERR_FORMAT, line, col,
                           "control character U+%04X is not allowed "
                           "(strings must escape it)",
                           c);
        size_t n = utf8_len(s + i, p->len - i);
        if (!n)
            return fail_at(p, PW_ERR_FORMAT, line, col,
                           "invalid UTF-8 (byte 0x%02x)", c);
        i += n;
    }
    return PW_OK;
}

/* ---- tree building ----------------------------------------------------- */

static pwi_jnode *node_new(tp *p, pwi_jkind kind, size_t line, size_t col)
{
    if (p->nnodes >= p->lim.max_nodes) {
        fail_at(p, PW_ERR_LIMIT, line, col,
                "more than %zu values (node limit)", p->lim.max_nodes);
        return NULL;
    }
    p->nnodes++;
    return pwi_jnode_new(p->root, kind, line, col);
}

/* Registers node as a container of the given depth; returns its meta index
 * or SIZE_MAX after a depth error. */
static size_t meta_new(tp *p, pwi_jnode *node, size_t depth, unsigned flags)
{
    if (depth > p->lim.max_depth) {
        fail_at(p, PW_ERR_LIMIT, node->line, node->col,
                "nesting deeper than %zu tables/arrays", p->lim.max_depth);
        return SIZE_MAX;
    }
    PW_GROW(p->meta, p->capmeta, p->nmeta + 1);
    tmeta *m = &p->meta[p->nmeta];
    m->node = node;
    m->depth = depth;
    m->last = SIZE_MAX;
    m->parent = SIZE_MAX;
    m->item = 0;
    m->flags = flags;
    return p->nmeta++;
}

/* A new container node with its meta: SIZE_MAX on a limit error. */
static size_t container_new(tp *p, pwi_jkind kind, size_t depth,
                            unsigned flags, size_t line, size_t col)
{
    pwi_jnode *n = node_new(p, kind, line, col);
    if (!n)
        return SIZE_MAX;
    return meta_new(p, n, depth, flags);
}

static uint32_t key_hash(size_t table, const char *k, size_t n)
{
    uint64_t h = 1469598103934665603ull ^
                 ((uint64_t)table * 0x9e3779b97f4a7c15ull);
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)k[i]) * 1099511628211ull;
    return (uint32_t)(h ^ (h >> 32));
}

/* Slot of (table, key) in the key hash: the found one, or the empty one
 * where it would go. */
static kslot *slot_find(tp *p, size_t table, const char *k, size_t n,
                        uint32_t h)
{
    size_t mask = p->capslots - 1, j = (size_t)h & mask;
    for (;;) {
        kslot *s = &p->slots[j];
        if (!s->table)
            return s;
        if (s->hash == h && slot_table(s) == table) {
            const char *have = p->meta[table].node->keys[s->item];
            if (strlen(have) == n && !memcmp(have, k, n))
                return s;
        }
        j = (j + 1) & mask;
    }
}

static const kslot *key_lookup(tp *p, size_t table, const char *k, size_t n)
{
    if (!p->capslots)
        return NULL;
    kslot *s = slot_find(p, table, k, n, key_hash(table, k, n));
    return s->table ? s : NULL;
}

static void slots_grow(tp *p)
{
    size_t ncap = p->capslots ? p->capslots * 2 : 256;
    kslot *old = p->slots;
    size_t oldcap = p->capslots;
    if (ncap > SIZE_MAX / sizeof *old)
        pwi_oom(SIZE_MAX);
    p->slots = pwi_xcalloc(ncap, sizeof *p->slots);
    p->capslots = ncap;
    for (size_t i = 0; i < oldcap; i++) {
        if (!old[i].table)
            continue;
        size_t j = (size_t)old[i].hash & (ncap - 1);
        while (p->slots[j].table)
            j = (j + 1) & (ncap - 1);
        p->slots[j] = old[i];
    }
    free(old);
}

/* Adds key -> value to the table (the key must be absent). child is the
 * value's meta index when it is a container, else SIZE_MAX. */
static void table_put(tp *p, size_t table, const char *k, size_t n,
                      size_t key_line, pwi_jnode *value, size_t child)
{
    if ((p->nslots + 1) * 2 > p->capslots)
        slots_grow(p);
    pwi_jnode *t = p->meta[table].node;
    pwi_jnode_put(p->root, t, k, n, key_line, value);
    uint32_t h = key_hash(table, k, n);
    kslot *s = slot_find(p, table, k, n, h);
    s->table = (uint32_t)(table + 1);
    s->item = (uint32_t)(t->nitems - 1);
    s->child = child == SIZE_MAX ? 0 : (uint32_t)(child + 1);
    s->hash = h;
    p->nslots++;
    if (child != SIZE_MAX) {
        p->meta[child].parent = table;
        p->meta[child].item = t->nitems - 1;
    }
}

/* Appends the container child (meta index) to the array arr. */
static void array_push(tp *p, size_t arr, size_t child)
{
    pwi_jnode *a = p->meta[arr].node;
    pwi_jnode_append(p->root, a, p->meta[child].node);
    p->meta[child].parent = arr;
    p->meta[child].item = a->nitems - 1;
}

/* Appends the key path of container m ("a.b.c"; array elements add
 * nothing) to buf[*o..size). */
static void meta_path(const tp *p, size_t m, char *buf, size_t size,
                      size_t *o)
{
    size_t chain[64], n = 0;
    for (size_t at = m; at != SIZE_MAX && p->meta[at].parent != SIZE_MAX;
         at = p->meta[at].parent) {
        if (n == 64) { /* deeper than shown: keep the innermost keys */
            memmove(chain, chain + 1, 63 * sizeof *chain);
            n--;
        }
        chain[n++] = at;
    }
    while (n-- > 0) {
        const tmeta *c = &p->meta[chain[n]];
        const pwi_jnode *parent = p->meta[c->parent].node;
        if (parent->kind != PWI_J_OBJECT)
            continue;
        char k[80];
        key_desc(parent->keys[c->item], k, sizeof k);
        int w = snprintf(buf + *o, size - *o, "%s%s", *o ? "." : "", k);
        if (w < 0 || (size_t)w >= size - *o) {
            *o = size - 1;
            return;
        }
        *o += (size_t)w;
    }
}

/* "a.b.key" for key segment i of the current key inside table t. */
static void seg_path(const tp *p, size_t t, size_t i, char *buf, size_t size)
{
    size_t o = 0;
    buf[0] = '\0';
    meta_path(p, t, buf, size, &o);
    char k[80];
    key_desc(p->keybuf.data + p->segs[i].off, k, sizeof k);
    snprintf(buf + o, size - o, "%s%s", o ? "." : "", k);
}

/* ---- scanning ------------------------------------------------------------ */

static int peek(const tp *p)
{
    return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static int peek_at(const tp *p, size_t k)
{
    return p->pos + k < p->len ? (unsigned char)p->s[p->pos + k] : -1;
}

static void skip_ws(tp *p)
{
    while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t'))
        p->pos++;
}

/* LF or CRLF (a lone CR was refused by check_text). */
static int at_newline(const tp *p)
{
    int c = peek(p);
    return c == '\n' || c == '\r';
}

static void eat_newline(tp *p)
{
    if (peek(p) == '\r')
        p->pos++;
    p->pos++;
    p->line++;
    p->line_start = p->pos;
}

/* A comment runs to the end of the line; its bytes were checked already. */
static void skip_comment(tp *p)
{
    const char *nl = memchr(p->s + p->pos, '\n', p->len - p->pos);
    size_t end = nl ? (size_t)(nl - p->s) : p->len;
    if (end > p->pos && p->s[end - 1] == '\r')
        end--;
    p->pos = end;
}

/* Whitespace, comments and newlines (inside arrays). */
static void skip_ws_nl(tp *p)
{
    for (;;) {
        skip_ws(p);
        if (peek(p) == '#')
            skip_comment(p);
        if (at_newline(p))
            eat_newline(p);
        else
            return;
    }
}

/* After a key/value pair or a header: whitespace, an optional comment,
 * then a newline or the end of the input. */
static pw_status expect_eol(tp *p, const char *after)
{
    skip_ws(p);
    if (peek(p) == '#')
        skip_comment(p);
    if (p->pos >= p->len)
        return PW_OK;
    if (at_newline(p)) {
        eat_newline(p);
        return PW_OK;
    }
    char here[32];
    describe_here(p, here, sizeof here);
    return fail(p, "expected the end of the line after %s, found %s", after,
                here);
}

static int is_bare_key_char(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int hex_val(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* ---- strings ------------------------------------------------------------- */

static pw_status buf_put(tp *p, pwi_buf *b, const void *d, size_t n,
                         size_t line, size_t col)
{
    if (pwi_buf_add(b, d, n) == 0)
        return PW_OK;
    return fail_at(p, PW_ERR_LIMIT, line, col,
                   "string longer than %zu bytes (string limit)",
                   p->lim.max_string);
}

static size_t utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* An escape at pos (the backslash) of a basic string, appended to b. */
static pw_status string_escape(tp *p, pwi_buf *b, size_t sline, size_t scol)
{
    size_t ecol = cur_col(p);
    int c = peek_at(p, 1);
    char out[4];
    size_t n = 1;
    switch (c) {
    case 'b': out[0] = '\b'; break;
    case 't': out[0] = '\t'; break;
    case 'n': out[0] = '\n'; break;
    case 'f': out[0] = '\f'; break;
    case 'r': out[0] = '\r'; break;
    case '"': out[0] = '"'; break;
    case '\\': out[0] = '\\'; break;
    case 'u':
    case 'U': {
        size_t digits = c == 'u' ? 4 : 8;
        uint32_t cp = 0;
        for (size_t i = 0; i < digits; i++) {
            int h = hex_val(peek_at(p, 2 + i));
            if (h < 0)
                return fail_at(p, PW_ERR_FORMAT, p->line, ecol,
                               "\\%c escape needs %zu hex digits", c,
                               digits);
            cp = (cp << 4) | (uint32_t)h;
        }
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return fail_at(p, PW_ERR_FORMAT, p->line, ecol,
                           "\\%c%0*X is not a Unicode scalar value", c,
                           (int)digits, (unsigned)cp);
        n = utf8_encode(cp, out);
        p->pos += digits;
        break;
    }
    default: {
        char what[32];
        p->pos++;
        describe_here(p, what, sizeof what);
        p->pos--;
        return fail_at(p, PW_ERR_FORMAT, p->line, ecol,
                       "invalid escape: backslash followed by %s", what);
    }
    }
    p->pos += 2;
    return buf_put(p, b, out, n, sline, scol);
}

/* Appends the plain run s[pos..) up to the closing quote, a newline or
 * (in basic strings) a backslash, or the end. */
static pw_status string_run(tp *p, pwi_buf *b, int quote, size_t sline,
                            size_t scol)
{
    size_t start = p->pos;
    int basic = quote == '"';
    while (p->pos < p->len) {
        char c = p->s[p->pos];
        if (c == quote || c == '\n' || c == '\r' || (basic && c == '\\'))
            break;
        p->pos++;
    }
    if (p->pos == start)
        return PW_OK;
    return buf_put(p, b, p->s + start, p->pos - start, sline, scol);
}

/* A single-line basic ("...") or literal ('...') string at pos. */
static pw_status string_single(tp *p, pwi_buf *b, int quote)
{
    size_t sline = p->line, scol = cur_col(p);
    p->pos++;
    for (;;) {
        if (string_run(p, b, quote, sline, scol))
            return p->st;
        int c = peek(p);
        if (c < 0)
            return fail_at(p, PW_ERR_FORMAT, sline, scol,
                           "unterminated string");
        if (c == quote) {
            p->pos++;
            return PW_OK;
        }
        if (c == '\n' || c == '\r')
            return fail(p, "newline in a single-line string (use \"\"\" "
                           "or ''' for multi-line strings)");
        if (string_escape(p, b, sline, scol))
            return p->st;
    }
}

/* A multi-line basic (""") or literal (''') string at pos. */
static pw_status string_multi(tp *p, pwi_buf *b, int quote)
{
    size_t sline = p->line, scol = cur_col(p);
    p->pos += 3;
    if (at_newline(p)) /* a newline right after the opening is trimmed */
        eat_newline(p);
    for (;;) {
        if (string_run(p, b, quote, sline, scol))
            return p->st;
        int c = peek(p);
        if (c < 0)
            return fail_at(p, PW_ERR_FORMAT, sline, scol,
                           "unterminated multi-line string");
        if (c == quote) {
            size_t n = 0;
            while (peek_at(p, n) == quote)
                n++;
            if (n >= 3) {
                /* Up to two quotes may stand right before the closing
                 * three; six or more can mean nothing. */
                if (n > 5)
                    return fail(p, "too many quotes at the end of a "
                                   "multi-line string");
                if (buf_put(p, b, p->s + p->pos, n - 3, sline, scol))
                    return p->st;
                p->pos += n;
                return PW_OK;
            }
            if (buf_put(p, b, p->s + p->pos, n, sline, scol))
                return p->st;
            p->pos += n;
        } else if (c == '\n' || c == '\r') {
            eat_newline(p);
            if (buf_put(p, b, "\n", 1, sline, scol))
                return p->st;
        } else {
            /* a backslash in a basic string */
            int d = peek_at(p, 1);
            if (d == ' ' || d == '\t' || d == '\n' || d == '\r') {
                /* line-ending backslash: only whitespace may follow it on
                 * its line; then all whitespace and newlines go */
                size_t save = p->pos;
                p->pos++;
                skip_ws(p);
                if (!at_newline(p)) {
                    p->pos = save;
                    return fail(p, "a backslash followed by whitespace "
                                   "must end the line");
                }
                for (;;) {
                    skip_ws(p);
                    if (!at_newline(p))
                        break;
                    eat_newline(p);
                }
            } else if (string_escape(p, b, sline, scol)) {
                return p->st;
            }
        }
    }
}

/* Any string at pos into b (reset first). multi_ok: 0 for keys. */
static pw_status string_parse(tp *p, pwi_buf *b, int multi_ok)
{
    int q = peek(p);
    pwi_buf_reset(b);
    if (!b->data && buf_put(p, b, "", 0, p->line, cur_col(p)))
        return p->st;
    if (peek_at(p, 1) == q && peek_at(p, 2) == q) {
        if (!multi_ok)
            return fail(p, "a multi-line string cannot be a key");
        return string_multi(p, b, q);
    }
    return string_single(p, b, q);
}

/* ---- keys ---------------------------------------------------------------- */

/* A (dotted) key at pos into segs/keybuf. */
static pw_status key_parse(tp *p)
{
    p->nsegs = 0;
    pwi_buf_reset(&p->keybuf);
    for (;;) {
        skip_ws(p);
        int c = peek(p);
        size_t line = p->line, col = cur_col(p), off = p->keybuf.len;
        const char *k;
        size_t klen;
        if (c == '"' || c == '\'') {
            if (string_parse(p, &p->sbuf, 0))
                return p->st;
            k = p->sbuf.data;
            klen = p->sbuf.len;
            if (memchr(k, '\0', klen))
                return fail_at(p, PW_ERR_UNSUPPORTED, line, col,
                               "keys containing U+0000 are not supported");
        } else if (is_bare_key_char(c)) {
            size_t start = p->pos;
            while (is_bare_key_char(peek(p)))
                p->pos++;
            k = p->s + start;
            klen = p->pos - start;
            if (klen > p->lim.max_string)
                return fail_at(p, PW_ERR_LIMIT, line, col,
                               "key longer than %zu bytes (string limit)",
                               p->lim.max_string);
        } else {
            return fail_unexpected(p, "a key");
        }
        if (p->nsegs >= p->lim.max_depth)
            return fail_at(p, PW_ERR_LIMIT, line, col,
                           "dotted key deeper than %zu tables",
                           p->lim.max_depth);
        if (pwi_buf_add(&p->keybuf, k, klen) || pwi_buf_addc(&p->keybuf, 0))
            return fail_at(p, PW_ERR_LIMIT, line, col, "key too long");
        PW_GROW(p->segs, p->capsegs, p->nsegs + 1);
        kseg *sg = &p->segs[p->nsegs++];
        sg->off = off;
        sg->len = klen;
        sg->line = line;
        sg->col = col;
        skip_ws(p);
        if (peek(p) != '.')
            return PW_OK;
        p->pos++;
    }
}

static const char *seg_str(const tp *p, size_t i)
{
    return p->keybuf.data + p->segs[i].off;
}

/* ---- table navigation ---------------------------------------------------- */

/* What a present value is, for messages. */
static const char *value_desc(const tp *p, const kslot *s)
{
    if (!s->child) {
        const pwi_jnode *n = p->meta[slot_table(s)].node->items[s->item];
        return pwi_j_kind_name(n->kind);
    }
    const tmeta *m = &p->meta[slot_child(s)];
    if (m->node->kind == PWI_J_ARRAY)
        return m->flags & T_AOT ? "an array of tables" : "an array";
    return m->flags & T_FROZEN ? "an inline table" : "a table";
}

/* Looks segment i up in table t, creating a table (with flags, at the
 * segment's position) when absent. *made says it was created. Returns the
 * meta index of the existing or new value's container, SIZE_MAX with the
 * slot in *found when the value is not a container, or on error (p->st). */
static size_t seg_child(tp *p, size_t t, size_t i, unsigned flags,
                        size_t key_line, const kslot **found, int *made)
{
    const kseg *sg = &p->segs[i];
    const char *k = seg_str(p, i);
    const kslot *s = key_lookup(p, t, k, sg->len);
    *found = s;
    *made = 0;
    if (s)
        return slot_child(s);
    size_t m = container_new(p, PWI_J_OBJECT, p->meta[t].depth + 1, flags,
                             sg->line, sg->col);
    if (m == SIZE_MAX)
        return SIZE_MAX;
    table_put(p, t, k, sg->len, key_line, p->meta[m].node, m);
    *made = 1;
    return m;
}

/* Goes from the root through segments 0..n-2 of a [header] key, making
 * implicit tables; returns the meta index of the parent of the last one. */
static size_t header_parent(tp *p, size_t n, size_t hline)
{
    size_t t = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        const kslot *s;
        int made;
        size_t c = seg_child(p, t, i, 0, hline, &s, &made);
        if (made) {
            t = c;
            continue;
        }
        if (p->st)
            return SIZE_MAX;
        char path[200];
        segs_desc(p, i + 1, path, sizeof path);
        const tmeta *m = c == SIZE_MAX ? NULL : &p->meta[c];
        if (!m || (m->node->kind == PWI_J_ARRAY && !(m->flags & T_AOT)) ||
            (m->flags & T_FROZEN)) {
            fail_at(p, PW_ERR_FORMAT, p->segs[i].line, p->segs[i].col,
                    "cannot add a table under \"%s\": it is %s (line %zu)",
                    path, value_desc(p, s),
                    p->meta[slot_table(s)].node->key_lines[s->item]);
            return SIZE_MAX;
        }
        t = m->node->kind == PWI_J_ARRAY ? m->last : c;
    }
    return t;
}

/* [a.b.c] at (hline, hcol): the current table after it, or SIZE_MAX. */
static size_t header_table(tp *p, size_t hline, size_t hcol)
{
    size_t n = p->nsegs, t = header_parent(p, n, hline);
    if (t == SIZE_MAX)
        return SIZE_MAX;
    const kslot *s;
    int made;
    size_t c = seg_child(p, t, n - 1, T_EXPLICIT, hline, &s, &made);
    if (p->st)
        return SIZE_MAX;
    if (made) {
        pwi_jnode *node = p->meta[c].node;
        node->line = hline;
        node->col = hcol;
        return c;
    }
    char path[200];
    segs_desc(p, n, path, sizeof path);
    size_t first = p->meta[slot_table(s)].node->key_lines[s->item];
    tmeta *m = c == SIZE_MAX ? NULL : &p->meta[c];
    if (!m || m->node->kind != PWI_J_OBJECT || (m->flags & T_FROZEN)) {
        fail_at(p, PW_ERR_FORMAT, hline, hcol,
                "cannot define table [%s]: it is already %s (line %zu)", path,
                value_desc(p, s), first);
        return SIZE_MAX;
    }
    if (m->flags & (T_EXPLICIT | T_DOTTED)) {
        fail_at(p, PW_ERR_FORMAT, hline, hcol,
                "table [%s] is defined twice (first %s at line %zu)", path,
                m->flags & T_EXPLICIT ? "by a header" : "by dotted keys",
                m->node->line);
        return SIZE_MAX;
    }
    /* An implicit table (made on the way to an earlier header) is defined
     * here: it starts here now. */
    m->flags |= T_EXPLICIT;
    m->node->line = hline;
    m->node->col = hcol;
    return c;
}

/* [[a.b.c]] at (hline, hcol): the new element table, or SIZE_MAX. */
static size_t header_array(tp *p, size_t hline, size_t hcol)
{
    size_t n = p->nsegs, t = header_parent(p, n, hline);
    if (t == SIZE_MAX)
        return SIZE_MAX;
    const kseg *sg = &p->segs[n - 1];
    const char *k = seg_str(p, n - 1);
    const kslot *s = key_lookup(p, t, k, sg->len);
    size_t a;
    if (!s) {
        a = container_new(p, PWI_J_ARRAY, p->meta[t].depth + 1, T_AOT, hline,
                          hcol);
        if (a == SIZE_MAX)
            return SIZE_MAX;
        table_put(p, t, k, sg->len, hline, p->meta[a].node, a);
    } else {
        a = slot_child(s);
        if (a == SIZE_MAX || !(p->meta[a].flags & T_AOT)) {
            char path[200];
            segs_desc(p, n, path, sizeof path);
            fail_at(p, PW_ERR_FORMAT, hline, hcol,
                    "cannot append to [[%s]]: it is already %s (line %zu)%s",
                    path, value_desc(p, s),
                    p->meta[slot_table(s)].node->key_lines[s->item],
                    a != SIZE_MAX && p->meta[a].node->kind == PWI_J_ARRAY
                        ? "; a static array cannot be extended"
                        : "");
            return SIZE_MAX;
        }
    }
    size_t e = container_new(p, PWI_J_OBJECT, p->meta[a].depth + 1,
                             T_EXPLICIT, hline, hcol);
    if (e == SIZE_MAX)
        return SIZE_MAX;
    array_push(p, a, e);
    p->meta[a].last = e;
    return e;
}

/* The table that the dotted key segs[0..n-2] names inside table t (made of
 * DOTTED tables as needed), or SIZE_MAX. */
static size_t dotted_parent(tp *p, size_t t, size_t key_line)
{
    for (size_t i = 0; i + 1 < p->nsegs; i++) {
        const kslot *s;
        int made;
        size_t c = seg_child(p, t, i, T_DOTTED, key_line, &s, &made);
        if (made) {
            t = c;
            continue;
        }
        if (p->st)
            return SIZE_MAX;
        char path[200];
        seg_path(p, t, i, path, sizeof path);
        tmeta *m = c == SIZE_MAX ? NULL : &p->meta[c];
        size_t first = p->meta[slot_table(s)].node->key_lines[s->item];
        if (!m || m->node->kind != PWI_J_OBJECT || (m->flags & T_FROZEN)) {
            fail_at(p, PW_ERR_FORMAT, p->segs[i].line, p->segs[i].col,
                    "cannot add keys to \"%s\" with a dotted key: it is %s "
                    "(line %zu)",
                    path, value_desc(p, s), first);
            return SIZE_MAX;
        }
        if (m->flags & T_EXPLICIT) {
            fail_at(p, PW_ERR_FORMAT, p->segs[i].line, p->segs[i].col,
                    "cannot add keys to table [%s] with a dotted key: it "
                    "was defined by a header at line %zu",
                    path, m->node->line);
            return SIZE_MAX;
        }
        m->flags |= T_DOTTED;
        t = c;
    }
    return t;
}

/* ---- scalar values ------------------------------------------------------- */

/* A value must end at whitespace, a comment, a newline, a separator or the
 * end of the input. */
static pw_status expect_value_end(tp *p)
{
    int c = peek(p);
    if (c < 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
        c == '#' || c == ',' || c == ']' || c == '}')
        return PW_OK;
    char here[32];
    describe_here(p, here, sizeof here);
    return fail(p, "unexpected %s after a value", here);
}

static pw_status num_too_long(tp *p)
{
    return fail_at(p, PW_ERR_LIMIT, p->line, cur_col(p),
                   "number longer than %zu bytes (string limit)",
                   p->lim.max_string);
}

/* Digits of the given radix with single underscores between digits,
 * appended to b (without underscores). The first must be a digit. */
static pw_status digits_parse(tp *p, int radix, pwi_buf *b, const char *what)
{
    int seen = 0;
    for (;;) {
        int c = peek(p);
        int v = hex_val(c);
        if (v >= 0 && v < radix) {
            if (pwi_buf_addc(b, (char)c))
                return num_too_long(p);
            seen = 1;
            p->pos++;
            continue;
        }
        if (c == '_') {
            int d = hex_val(peek_at(p, 1));
            if (!seen || d < 0 || d >= radix)
                return fail(p, "an underscore in a number must stand "
                               "between two digits");
            p->pos++;
            continue;
        }
        if (!seen)
            return fail_unexpected(p, what);
        return PW_OK;
    }
}

/* Integer or float at pos (sign, inf/nan, 0x/0o/0b, decimal). */
static pw_status number_parse(tp *p, pwi_jnode **out)
{
    size_t line = p->line, col = cur_col(p), start = p->pos;
    pwi_buf *b = &p->sbuf;
    pwi_buf_reset(b);
    int sign = 0, c = peek(p);
    if (c == '+' || c == '-') {
        sign = c;
        p->pos++;
    }
    if ((peek(p) == 'i' && peek_at(p, 1) == 'n' && peek_at(p, 2) == 'f') ||
        (peek(p) == 'n' && peek_at(p, 1) == 'a' && peek_at(p, 2) == 'n')) {
        p->pos += 3;
        if (expect_value_end(p))
            return p->st;
        pwi_jnode *n = node_new(p, PWI_J_NUMBER, line, col);
        if (!n)
            return p->st;
        pwi_jnode_set_str(p->root, n, p->s + start, p->pos - start);
        *out = n;
        return PW_OK;
    }
    int radix = 10;
    if (peek(p) == '0' &&
        (peek_at(p, 1) == 'x' || peek_at(p, 1) == 'o' || peek_at(p, 1) == 'b')) {
        if (sign)
            return fail(p, "hexadecimal, octal and binary integers cannot "
                           "have a sign");
        radix = peek_at(p, 1) == 'x' ? 16 : peek_at(p, 1) == 'o' ? 8 : 2;
        p->pos += 2;
        if (digits_parse(p, radix, b,
                         radix == 16  ? "a hexadecimal digit"
                         : radix == 8 ? "an octal digit"
                                      : "a binary digit"))
            return p->st;
    } else {
        if (peek(p) == '0' && (is_digit(peek_at(p, 1)) || peek_at(p, 1) == '_'))
            return fail(p, "leading zeros are not allowed in numbers");
        if (digits_parse(p, 10, b, "a digit"))
            return p->st;
    }
    int is_float = 0;
    if (radix == 10 && peek(p) == '.') {
        is_float = 1;
        p->pos++;
        if (pwi_buf_addc(b, '.'))
            return num_too_long(p);
        if (digits_parse(p, 10, b, "a digit after the decimal point"))
            return p->st;
    }
    if (radix == 10 && (peek(p) == 'e' || peek(p) == 'E')) {
        is_float = 1;
        if (pwi_buf_addc(b, (char)peek(p)))
            return num_too_long(p);
        p->pos++;
        if (peek(p) == '+' || peek(p) == '-') {
            if (pwi_buf_addc(b, (char)peek(p)))
                return num_too_long(p);
            p->pos++;
        }
        if (digits_parse(p, 10, b, "a digit in the exponent"))
            return p->st;
    }
    if (expect_value_end(p))
        return p->st;
    pwi_jnode *n = node_new(p, PWI_J_NUMBER, line, col);
    if (!n)
        return p->st;
    if (is_float) {
        /* the text as written, without underscores */
        char *t = pwi_xasprintf("%s%s", sign == '-' ? "-" : sign ? "+" : "",
                                b->data);
        pwi_jnode_set_str(p->root, n, t, strlen(t));
        free(t);
        *out = n;
        return PW_OK;
    }
    uint64_t limit = sign == '-' ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    uint64_t v = 0;
    for (size_t i = 0; i < b->len; i++) {
        unsigned d = (unsigned)hex_val((unsigned char)b->data[i]);
        if (v > (limit - d) / (unsigned)radix)
            return fail_at(p, PW_ERR_FORMAT, line, col,
                           "integer does not fit in 64 bits");
        v = v * (unsigned)radix + d;
    }
    char text[32];
    if (sign == '-' && v)
        snprintf(text, sizeof text, "-%llu", (unsigned long long)v);
    else
        snprintf(text, sizeof text, "%llu", (unsigned long long)v);
    pwi_jnode_set_str(p->root, n, text, strlen(text));
    *out = n;
    return PW_OK;
}

/* n decimal digits at pos as a number, or -1. */
static int fixed_digits(const tp *p, size_t at, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        int c = p->pos + at + i < p->len
                    ? (unsigned char)p->s[p->pos + at + i]
                    : -1;
        if (!is_digit(c))
            return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30,
                               31, 31, 30, 31, 30, 31};
    if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
        return 29;
    return days[m - 1];
}

/* HH:MM:SS[.frac] at pos. */
static pw_status time_parse(tp *p)
{
    int h = fixed_digits(p, 0, 2), m = fixed_digits(p, 3, 2),
        s = fixed_digits(p, 6, 2);
    if (h < 0 || peek_at(p, 2) != ':' || m < 0)
        return fail(p, "invalid time: expected HH:MM:SS");
    if (peek_at(p, 5) != ':' || s < 0)
        return fail(p, "invalid time: seconds are required (HH:MM:SS)");
    if (h > 23 || m > 59 || s > 60)
        return fail(p, "invalid time: %02d:%02d:%02d is out of range", h, m,
                    s);
    p->pos += 8;
    if (peek(p) == '.') {
        p->pos++;
        if (!is_digit(peek(p)))
            return fail_unexpected(p, "a digit of the fractional seconds");
        while (is_digit(peek(p)))
            p->pos++;
    }
    return PW_OK;
}

/* A date, date-time or time at pos (already known to start like one). */
static pw_status datetime_parse(tp *p, pwi_jnode **out)
{
    size_t line = p->line, col = cur_col(p), start = p->pos;
    if (peek_at(p, 2) == ':') {
        if (time_parse(p))
            return p->st;
    } else {
        int y = fixed_digits(p, 0, 4), mo = fixed_digits(p, 5, 2),
            d = fixed_digits(p, 8, 2);
        if (y < 0 || peek_at(p, 4) != '-' || mo < 0 || peek_at(p, 7) != '-' ||
            d < 0)
            return fail(p, "invalid date: expected YYYY-MM-DD");
        if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
            return fail(p, "invalid date: %04d-%02d-%02d does not exist", y,
                        mo, d);
        p->pos += 10;
        int c = peek(p);
        /* a space separates date and time only when a time follows */
        if (c == 'T' || c == 't' ||
            (c == ' ' && fixed_digits(p, 1, 2) >= 0 && peek_at(p, 3) == ':')) {
            p->pos++;
            if (time_parse(p))
                return p->st;
            c = peek(p);
            if (c == 'Z' || c == 'z') {
                p->pos++;
            } else if (c == '+' || c == '-') {
                p->pos++;
                int oh = fixed_digits(p, 0, 2), om = fixed_digits(p, 3, 2);
                if (oh < 0 || peek_at(p, 2) != ':' || om < 0)
                    return fail(p, "invalid time offset: expected +HH:MM");
                if (oh > 23 || om > 59)
                    return fail(p, "invalid time offset: out of range");
                p->pos += 5;
            }
        }
    }
    if (expect_value_end(p))
        return p->st;
    pwi_jnode *n = node_new(p, PWI_J_DATETIME, line, col);
    if (!n)
        return p->st;
    pwi_jnode_set_str(p->root, n, p->s + start, p->pos - start);
    *out = n;
    return PW_OK;
}

/* ---- values -------------------------------------------------------------- */

enum {
    /* array frames */
    A_VALUE_OR_CLOSE,
    A_COMMA_OR_CLOSE,
    /* inline-table frames */
    I_FIRST,
    I_AFTER_COMMA,
    I_COMMA_OR_CLOSE
};

/* Where a value goes: pushed to an array, or under the last segment of
 * the current key in a table. */
typedef struct target {
    size_t meta;  /* the array or table */
    size_t key_line;
} target;

static void attach(tp *p, const target *t, pwi_jnode *v, size_t child)
{
    tmeta *m = &p->meta[t->meta];
    if (m->node->kind == PWI_J_ARRAY) {
        if (child != SIZE_MAX)
            array_push(p, t->meta, child);
        else
            pwi_jnode_append(p->root, m->node, v);
        return;
    }
    size_t i = p->nsegs - 1;
    table_put(p, t->meta, seg_str(p, i), p->segs[i].len, t->key_line, v,
              child);
}

/* Starts a value at pos: a scalar is parsed and attached; an array or
 * inline table is attached empty and pushed on the frame stack. */
static pw_status value_start(tp *p, const target *t)
{
    int c = peek(p);
    size_t line = p->line, col = cur_col(p);
    pwi_jnode *v = NULL;
    if (c == '[' || c == '{') {
        int inl = c == '{';
        size_t m = container_new(p, inl ? PWI_J_OBJECT : PWI_J_ARRAY,
                                 p->meta[t->meta].depth + 1, T_FROZEN, line,
                                 col);
        if (m == SIZE_MAX)
            return p->st;
        attach(p, t, p->meta[m].node, m);
        p->pos++;
        PW_GROW(p->stack, p->capstack, p->nstack + 1);
        frame *f = &p->stack[p->nstack++];
        f->meta = m;
        f->inline_table = inl;
        f->state = inl ? I_FIRST : A_VALUE_OR_CLOSE;
        return PW_OK;
    }
    if (c == '"' || c == '\'') {
        if (string_parse(p, &p->sbuf, 1) || expect_value_end(p))
            return p->st;
        v = node_new(p, PWI_J_STRING, line, col);
        if (!v)
            return p->st;
        pwi_jnode_set_str(p->root, v, p->sbuf.data, p->sbuf.len);
    } else if (c == 't' || c == 'f') {
        const char *word = c == 't' ? "true" : "false";
        size_t n = strlen(word);
        if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n))
            return fail_unexpected(p, "a value (true and false are "
                                      "lowercase)");
        p->pos += n;
        if (expect_value_end(p))
            return p->st;
        v = node_new(p, PWI_J_BOOL, line, col);
        if (!v)
            return p->st;
        v->boolean = c == 't';
    } else if (is_digit(c) &&
               ((fixed_digits(p, 0, 4) >= 0 && peek_at(p, 4) == '-') ||
                (fixed_digits(p, 0, 2) >= 0 && peek_at(p, 2) == ':'))) {
        if (datetime_parse(p, &v))
            return p->st;
    } else if (is_digit(c) || c == '+' || c == '-' ||
               (p->len - p->pos >= 3 && (!memcmp(p->s + p->pos, "inf", 3) ||
                                         !memcmp(p->s + p->pos, "nan", 3)))) {
        if (number_parse(p, &v))
            return p->st;
    } else {
        return fail_unexpected(p, "a value");
    }
    attach(p, t, v, SIZE_MAX);
    return PW_OK;
}

/* key = inside the inline table of frame f: checks the key and returns
 * the target for its value. */
static pw_status inline_key(tp *p, size_t meta, target *t)
{
    if (key_parse(p))
        return p->st;
    size_t key_line = p->segs[0].line;
    if (peek(p) != '=')
        return fail_unexpected(p, "'=' after the key");
    size_t parent = dotted_parent(p, meta, key_line);
    if (parent == SIZE_MAX)
        return p->st;
    const kseg *sg = &p->segs[p->nsegs - 1];
    const kslot *s = key_lookup(p, parent, seg_str(p, p->nsegs - 1), sg->len);
    if (s) {
        char k[200];
        seg_path(p, parent, p->nsegs - 1, k, sizeof k);
        return fail_at(p, PW_ERR_FORMAT, sg->line, sg->col,
                       "duplicate key \"%s\" (first at line %zu)", k,
                       p->meta[slot_table(s)].node->key_lines[s->item]);
    }
    p->pos++;
    skip_ws(p);
    t->meta = parent;
    t->key_line = key_line;
    return PW_OK;
}

/* Parses one whole value at pos into target t, running the frame stack
 * until every array and inline table it opened is closed. */
static pw_status value_parse(tp *p, const target *t0)
{
    size_t base = p->nstack;
    if (value_start(p, t0))
        return p->st;
    while (p->nstack > base) {
        frame *f = &p->stack[p->nstack - 1];
        target t;
        if (!f->inline_table) {
            skip_ws_nl(p);
            int c = peek(p);
            if (c == ']') {
                p->pos++;
                p->nstack--;
                if (p->nstack == base)
                    break;
                if (expect_value_end(p))
                    return p->st;
                continue;
            }
            if (f->state == A_COMMA_OR_CLOSE) {
                if (c != ',')
                    return fail_unexpected(p, "',' or ']' in an array");
                p->pos++;
                f->state = A_VALUE_OR_CLOSE;
                continue;
            }
            if (c == ',')
                return fail(p, "expected a value or ']' in an array, "
                               "found ','");
            if (c < 0)
                return fail_unexpected(p, "a value or ']' (unclosed array)");
            f->state = A_COMMA_OR_CLOSE;
            t.meta = f->meta;
            t.key_line = 0;
            if (value_start(p, &t))
                return p->st;
            continue;
        }
        /* inline table: all on one line, except inside values */
        skip_ws(p);
        int c = peek(p);
        if (c == '}' && f->state != I_AFTER_COMMA) {
            p->pos++;
            p->nstack--;
            if (p->nstack == base)
                break;
            if (expect_value_end(p))
                return p->st;
            continue;
        }
        if (f->state == I_COMMA_OR_CLOSE) {
            if (c != ',')
                return fail_unexpected(p, "',' or '}' in an inline table "
                                          "(inline tables are one line)");
            p->pos++;
            f->state = I_AFTER_COMMA;
            continue;
        }
        if (c == '}')
            return fail(p, "trailing comma in an inline table");
        if (c == '\n' || c == '\r' || c < 0)
            return fail_unexpected(p, "a key in an inline table (inline "
                                      "tables are one line)");
        f->state = I_COMMA_OR_CLOSE;
        size_t meta = f->meta;
        if (inline_key(p, meta, &t) || value_start(p, &t))
            return p->st;
    }
    return expect_value_end(p);
}

/* ---- document ------------------------------------------------------------ */

/* key = value in the current table cur. */
static pw_status keyval_parse(tp *p, size_t cur)
{
    size_t line = p->line;
    if (key_parse(p))
        return p->st;
    if (peek(p) != '=')
        return fail_unexpected(p, "'=' after the key");
    size_t parent = dotted_parent(p, cur, line);
    if (parent == SIZE_MAX)
        return p->st;
    const kseg *sg = &p->segs[p->nsegs - 1];
    const kslot *s = key_lookup(p, parent, seg_str(p, p->nsegs - 1), sg->len);
    if (s) {
        char k[200];
        seg_path(p, parent, p->nsegs - 1, k, sizeof k);
        return fail_at(p, PW_ERR_FORMAT, sg->line, sg->col,
                       "duplicate key \"%s\" (first at line %zu)", k,
                       p->meta[slot_table(s)].node->key_lines[s->item]);
    }
    p->pos++;
    skip_ws(p);
    target t = {parent, line};
    if (value_parse(p, &t))
        return p->st;
    return expect_eol(p, "a value");
}

/* [table] or [[array]] at pos; sets *cur to the table that follows. */
static pw_status header_parse(tp *p, size_t *cur)
{
    size_t line = p->line, col = cur_col(p);
    int aot = peek_at(p, 1) == '[';
    p->pos += aot ? 2 : 1;
    if (key_parse(p))
        return p->st;
    if (peek(p) != ']' || (aot && peek_at(p, 1) != ']'))
        return fail_unexpected(p, aot ? "']]' to close the header"
                                      : "']' to close the header");
    p->pos += aot ? 2 : 1;
    size_t t = aot ? header_array(p, line, col) : header_table(p, line, col);
    if (t == SIZE_MAX)
        return p->st;
    *cur = t;
    return expect_eol(p, "a table header");
}

static pw_status document_parse(tp *p)
{
    size_t cur = 0;
    for (;;) {
        skip_ws(p);
        int c = peek(p);
        if (c < 0)
            return PW_OK;
        if (c == '#') {
            skip_comment(p);
            c = peek(p);
            if (c < 0)
                return PW_OK;
        }
        if (at_newline(p)) {
            eat_newline(p);
            continue;
        }
        if (c == '[') {
            if (header_parse(p, &cur))
                return p->st;
        } else if (keyval_parse(p, cur)) {
            return p->st;
        }
    }
}

pw_status pwi_toml_parse(const char *data, size_t len, const char *path,
                         const pwi_jlimits *lim, pwi_jnode **out,
                         pw_error *err)
{
    tp p;
    memset(&p, 0, sizeof p);
    *out = NULL;
    p.s = data;
    p.len = len;
    p.path = path;
    p.err = err;
    p.line = 1;
    if (lim)
        p.lim = *lim;
    else
        pwi_jlimits_default(&p.lim);
    if (p.lim.max_nodes > UINT32_MAX - 2) /* indexes are 32-bit (kslot) */
        p.lim.max_nodes = UINT32_MAX - 2;
    if (len > p.lim.max_bytes)
        return pwi_error(err, PW_ERR_LIMIT, path, 0, 0,
                         "TOML input is larger than %zu bytes",
                         p.lim.max_bytes);
    if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
        p.pos = p.line_start = 3;
    if (check_text(&p, p.pos))
        return p.st;
    pwi_buf_init(&p.sbuf, p.lim.max_string);
    pwi_buf_init(&p.keybuf, 0);
    p.root = pwi_jtree_new(PWI_J_OBJECT, 1, 1);
    p.nnodes = 1;
    if (p.lim.max_nodes < 1 || p.lim.max_depth < 1) {
        fail_at(&p, PW_ERR_LIMIT, 1, 1, "limits allow no document");
    } else {
        meta_new(&p, p.root, 1, T_EXPLICIT);
        document_parse(&p);
    }
    pwi_buf_release(&p.sbuf);
    pwi_buf_release(&p.keybuf);
    free(p.meta);
    free(p.slots);
    free(p.segs);
    free(p.stack);
    if (p.st != PW_OK) {
        pwi_jtree_free(p.root);
        return p.st;
    }
    *out = p.root;
    return PW_OK;
}
