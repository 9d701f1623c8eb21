/* yaml-tree.c - libyaml events to a bounded tree (see yaml-tree.h).
 *
 * The tree is built from libyaml's event stream with an explicit stack of
 * open collections, so input nesting never becomes C recursion. Nodes live
 * in blocks owned by the tree, so freeing is a linear walk too. */
#include "yaml-tree.h"
#include "error.h"
#include "mem.h"

#include <yaml.h>

#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- tree storage ------------------------------------------------------ */

typedef struct node_block {
    struct node_block *next;
    size_t used, cap;
    pwi_yaml_node nodes[];
} node_block;

/* The root node is the first member so that pwi_yaml_free can get from the
 * root back to the tree that owns every other node. */
typedef struct yaml_tree {
    pwi_yaml_node root;
    char *path;
    node_block *blocks; /* newest first */
    size_t next_cap;    /* node count of the next block */
} yaml_tree;

enum { BLOCK_MIN = 32, BLOCK_MAX = 4096 };

static yaml_tree *tree_new(const char *path)
{
    yaml_tree *t = pwi_xcalloc(1, sizeof *t);
    t->path = pwi_xstrdup(path);
    t->next_cap = BLOCK_MIN;
    return t;
}

static void node_release(pwi_yaml_node *n)
{
    free((char *)n->str);
    free(n->items);
}

void pwi_yaml_free(pwi_yaml_node *root)
{
    if (!root)
        return;
    yaml_tree *t = (yaml_tree *)root;
    node_release(&t->root);
    node_block *b = t->blocks;
    while (b) {
        node_block *next = b->next;
        for (size_t i = 0; i < b->used; i++)
            node_release(&b->nodes[i]);
        free(b);
        b = next;
    }
    free(t->path);
    free(t);
}

/* Returns a zeroed node from the tree's blocks (not the root). */
static pwi_yaml_node *tree_alloc_node(yaml_tree *t)
{
    node_block *b = t->blocks;
    if (!b || b->used == b->cap) {
        size_t cap = t->next_cap;
        b = pwi_xcalloc(1, sizeof *b + cap * sizeof(pwi_yaml_node));
        b->cap = cap;
        b->next = t->blocks;
        t->blocks = b;
        if (t->next_cap < BLOCK_MAX)
            t->next_cap *= 2;
    }
    return &b->nodes[b->used++];
}

void pwi_yaml_limits_default(pwi_yaml_limits *l)
{
    l->max_bytes = (size_t)8 << 20;
    l->max_depth = 64;
    l->max_nodes = 1000000;
    l->max_scalar = (size_t)1 << 20;
}

/* ---- building from events ---------------------------------------------- */

typedef struct frame {
    pwi_yaml_node *node; /* an open sequence or mapping */
    size_t cap;          /* allocated slots in node->items */
} frame;

typedef struct builder {
    const char *data; /* the input, to place reader errors */
    size_t len;
    const pwi_yaml_limits *lim;
    yaml_tree *tree;
    size_t nnodes;
    frame *stack; /* open collections, innermost last */
    size_t depth, capstack;
    int seen_doc;
    pw_error *err;
} builder;

static pw_status fail(builder *b, pw_status code, const yaml_mark_t *m,
                      const char *fmt, ...) PW_PRINTF(4, 5);

/* Reports an error at mark m (0-based in libyaml, 1-based in pw_error). */
static pw_status fail(builder *b, pw_status code, const yaml_mark_t *m,
                      const char *fmt, ...)
{
    char msg[sizeof b->err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return pwi_error(b->err, code, b->tree->path, m->line + 1, m->column + 1,
                     "%s", msg);
}

/* Line and column (1-based, column in bytes) of byte offset off. */
static void offset_position(const char *data, size_t len, size_t off,
                            size_t *line, size_t *col)
{
    if (off > len)
        off = len;
    size_t ln = 1, start = 0;
    for (size_t i = 0; i < off; i++)
        if (data[i] == '\n') {
            ln++;
            start = i + 1;
        }
    *line = ln;
    *col = off - start + 1;
}

/* Turns a libyaml parser failure into PW_ERR_FORMAT (or NOMEM) with
 * libyaml's problem text and position. */
static pw_status syntax_error(builder *b, const yaml_parser_t *p)
{
    const char *path = b->tree->path;
    const char *problem = p->problem ? p->problem : "unknown error";
    if (p->error == YAML_MEMORY_ERROR)
        return pwi_error(b->err, PW_ERR_NOMEM, path, 0, 0,
                         "out of memory parsing YAML");
    if (p->error == YAML_READER_ERROR) {
        size_t line, col;
        offset_position(b->data, b->len, p->problem_offset, &line, &col);
        if (p->problem_value >= 0)
            return pwi_error(b->err, PW_ERR_FORMAT, path, line, col,
                             "invalid YAML input: %s (byte 0x%02x)", problem,
                             (unsigned)p->problem_value & 0xffu);
        return pwi_error(b->err, PW_ERR_FORMAT, path, line, col,
                         "invalid YAML input: %s", problem);
    }
    size_t line = p->problem_mark.line + 1, col = p->problem_mark.column + 1;
    if (p->context)
        return pwi_error(b->err, PW_ERR_FORMAT, path, line, col,
                         "YAML syntax error: %s (%s at line %zu)", problem,
                         p->context, p->context_mark.line + 1);
    return pwi_error(b->err, PW_ERR_FORMAT, path, line, col,
                     "YAML syntax error: %s", problem);
}

/* Anchors are refused even without aliases: refusing them up front keeps
 * every alias an error and every node reachable once. Tags are refused
 * because the readers decide types and a tag could silently contradict
 * them. */
static pw_status check_props(builder *b, const yaml_event_t *ev,
                             const yaml_char_t *anchor, const yaml_char_t *tag)
{
    if (anchor)
        return fail(b, PW_ERR_FORMAT, &ev->start_mark,
                    "YAML anchors are not allowed (&%.64s)",
                    (const char *)anchor);
    if (tag)
        return fail(b, PW_ERR_FORMAT, &ev->start_mark,
                    "YAML tags are not allowed (%.64s)", (const char *)tag);
    return PW_OK;
}

/* Makes a node for the event at m: the root for the first one, else a
 * block node appended to the innermost open collection. */
static pw_status add_node(builder *b, const yaml_event_t *ev,
                          pwi_yaml_kind kind, pwi_yaml_node **out)
{
    const yaml_mark_t *m = &ev->start_mark;
    if (b->nnodes >= b->lim->max_nodes)
        return fail(b, PW_ERR_LIMIT, m, "YAML has more than %zu nodes",
                    b->lim->max_nodes);
    pwi_yaml_node *n;
    if (b->depth == 0) {
        if (b->nnodes != 0)
            PW_BUG("second YAML root in one document");
        n = &b->tree->root;
    } else {
        frame *f = &b->stack[b->depth - 1];
        pwi_yaml_node *parent = f->node;
        if (parent->kind == PWI_YAML_MAP && parent->nitems % 2 == 0 &&
            kind != PWI_YAML_SCALAR)
            return fail(b, PW_ERR_FORMAT, m,
                        "mapping keys must be scalars, found a %s",
                        kind == PWI_YAML_SEQ ? "sequence" : "mapping");
        n = tree_alloc_node(b->tree);
        PW_GROW(parent->items, f->cap, parent->nitems + 1);
        parent->items[parent->nitems++] = n;
    }
    b->nnodes++;
    n->kind = kind;
    n->line = m->line + 1;
    n->col = m->column + 1;
    n->path = b->tree->path;
    *out = n;
    return PW_OK;
}

static pw_status on_scalar(builder *b, const yaml_event_t *ev)
{
    pw_status st = check_props(b, ev, ev->data.scalar.anchor,
                               ev->data.scalar.tag);
    if (st != PW_OK)
        return st;
    size_t len = ev->data.scalar.length;
    if (len > b->lim->max_scalar)
        return fail(b, PW_ERR_LIMIT, &ev->start_mark,
                    "YAML scalar of %zu bytes is longer than the limit of "
                    "%zu", len, b->lim->max_scalar);
    pwi_yaml_node *n;
    if ((st = add_node(b, ev, PWI_YAML_SCALAR, &n)) != PW_OK)
        return st;
    n->str = pwi_xstrndup((const char *)ev->data.scalar.value, len);
    n->len = len;
    n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    return PW_OK;
}

static pw_status on_collection_start(builder *b, const yaml_event_t *ev,
                                     pwi_yaml_kind kind)
{
    pw_status st = kind == PWI_YAML_SEQ
        ? check_props(b, ev, ev->data.sequence_start.anchor,
                      ev->data.sequence_start.tag)
        : check_props(b, ev, ev->data.mapping_start.anchor,
                      ev->data.mapping_start.tag);
    if (st != PW_OK)
        return st;
    if (b->depth >= b->lim->max_depth)
        return fail(b, PW_ERR_LIMIT, &ev->start_mark,
                    "YAML nesting is deeper than the limit of %zu",
                    b->lim->max_depth);
    pwi_yaml_node *n;
    if ((st = add_node(b, ev, kind, &n)) != PW_OK)
        return st;
    PW_GROW(b->stack, b->capstack, b->depth + 1);
    b->stack[b->depth].node = n;
    b->stack[b->depth].cap = 0;
    b->depth++;
    return PW_OK;
}

typedef struct key_ref {
    const pwi_yaml_node *key;
    size_t index; /* pair number, to keep document order among equals */
} key_ref;

static int same_key(const pwi_yaml_node *a, const pwi_yaml_node *b)
{
    return a->len == b->len && !memcmp(a->str, b->str, a->len);
}

static int key_ref_cmp(const void *pa, const void *pb)
{
    const key_ref *a = pa, *b = pb;
    if (a->key->len != b->key->len)
        return a->key->len < b->key->len ? -1 : 1;
    int c = memcmp(a->key->str, b->key->str, a->key->len);
    if (c)
        return c;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* Finds a key that repeats an earlier one in map. Sorting by (key, pair
 * number) makes this O(n log n) for huge mappings. In each run of equal
 * keys the second entry is that key's first repeat; the repeat earliest in
 * the document is reported, so the error does not depend on the sort. */
static pw_status check_duplicate_keys(builder *b, const pwi_yaml_node *map)
{
    size_t npairs = map->nitems / 2;
    if (npairs < 2)
        return PW_OK;
    key_ref *refs = pwi_xmalloc(npairs * sizeof *refs);
    for (size_t i = 0; i < npairs; i++) {
        refs[i].key = map->items[2 * i];
        refs[i].index = i;
    }
    qsort(refs, npairs, sizeof *refs, key_ref_cmp);
    const key_ref *dup = NULL, *first = NULL;
    for (size_t i = 1; i < npairs; i++) {
        if (!same_key(refs[i - 1].key, refs[i].key))
            continue;
        if (i >= 2 && same_key(refs[i - 2].key, refs[i].key))
            continue; /* a third or later occurrence */
        if (!dup || refs[i].index < dup->index) {
            dup = &refs[i];
            first = &refs[i - 1];
        }
    }
    pw_status st = PW_OK;
    if (dup) {
        char what[64];
        pwi_yaml_describe(dup->key, what, sizeof what);
        st = pwi_error(b->err, PW_ERR_FORMAT, b->tree->path, dup->key->line,
                       dup->key->col, "duplicate key %s (first at line %zu)",
                       what, first->key->line);
    }
    free(refs);
    return st;
}

static pw_status on_collection_end(builder *b)
{
    if (b->depth == 0)
        PW_BUG("YAML collection end without start");
    const pwi_yaml_node *n = b->stack[--b->depth].node;
    if (n->kind == PWI_YAML_MAP)
        return check_duplicate_keys(b, n);
    return PW_OK;
}

static pw_status on_event(builder *b, const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (b->seen_doc)
            return fail(b, PW_ERR_FORMAT, &ev->start_mark,
                        "more than one YAML document (only one is allowed)");
        b->seen_doc = 1;
        return PW_OK;
    case YAML_ALIAS_EVENT:
        return fail(b, PW_ERR_FORMAT, &ev->start_mark,
                    "YAML aliases are not allowed (*%.64s)",
                    (const char *)ev->data.alias.anchor);
    case YAML_SCALAR_EVENT:
        return on_scalar(b, ev);
    case YAML_SEQUENCE_START_EVENT:
        return on_collection_start(b, ev, PWI_YAML_SEQ);
    case YAML_MAPPING_START_EVENT:
        return on_collection_start(b, ev, PWI_YAML_MAP);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return on_collection_end(b);
    default: /* stream start/end, document end, no event */
        return PW_OK;
    }
}

static pw_status run_parser(builder *b, yaml_parser_t *p)
{
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(p, &ev))
            return syntax_error(b, p);
        int done = ev.type == YAML_STREAM_END_EVENT;
        pw_status st = on_event(b, &ev);
        yaml_event_delete(&ev);
        if (st != PW_OK || done)
            return st;
    }
}

pw_status pwi_yaml_parse(const char *data, size_t len, const char *path,
                         const pwi_yaml_limits *lim, pwi_yaml_node **out,
                         pw_error *err)
{
    pwi_yaml_limits defaults;
    if (!lim) {
        pwi_yaml_limits_default(&defaults);
        lim = &defaults;
    }
    if (!path)
        path = "<input>";
    if (!data)
        data = "";
    *out = NULL;
    if (len > lim->max_bytes)
        return pwi_error(err, PW_ERR_LIMIT, path, 0, 0,
                         "YAML input of %zu bytes is larger than the limit "
                         "of %zu", len, lim->max_bytes);
    builder b = {.data = data, .len = len, .lim = lim, .err = err};
    b.tree = tree_new(path);
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        pwi_yaml_free(&b.tree->root);
        return pwi_error(err, PW_ERR_NOMEM, path, 0, 0,
                         "out of memory starting the YAML parser");
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
    pw_status st = run_parser(&b, &parser);
    yaml_parser_delete(&parser);
    free(b.stack);
    if (st != PW_OK || b.nnodes == 0) {
        pwi_yaml_free(&b.tree->root);
        return st;
    }
    *out = &b.tree->root;
    return PW_OK;
}

/* ---- navigation -------------------------------------------------------- */

size_t pwi_yaml_count(const pwi_yaml_node *n)
{
    if (!n || n->kind == PWI_YAML_SCALAR)
        return 0;
    return n->kind == PWI_YAML_MAP ? n->nitems / 2 : n->nitems;
}

const pwi_yaml_node *pwi_yaml_seq_at(const pwi_yaml_node *seq, size_t i)
{
    if (!seq || seq->kind != PWI_YAML_SEQ || i >= seq->nitems)
        return NULL;
    return seq->items[i];
}

const pwi_yaml_node *pwi_yaml_map_key(const pwi_yaml_node *map, size_t i)
{
    if (!map || map->kind != PWI_YAML_MAP || i >= map->nitems / 2)
        return NULL;
    return map->items[2 * i];
}

const pwi_yaml_node *pwi_yaml_map_value(const pwi_yaml_node *map, size_t i)
{
    if (!map || map->kind != PWI_YAML_MAP || i >= map->nitems / 2)
        return NULL;
    return map->items[2 * i + 1];
}

const pwi_yaml_node *pwi_yaml_map_get(const pwi_yaml_node *map,
                                      const char *key)
{
    size_t n = map && map->kind == PWI_YAML_MAP ? map->nitems / 2 : 0;
    for (size_t i = 0; i < n; i++)
        if (pwi_yaml_scalar_is(map->items[2 * i], key))
            return map->items[2 * i + 1];
    return NULL;
}

int pwi_yaml_is_null(const pwi_yaml_node *n)
{
    if (!n || n->kind != PWI_YAML_SCALAR || !n->plain)
        return 0;
    return n->len == 0 || !strcmp(n->str, "~") || !strcmp(n->str, "null") ||
           !strcmp(n->str, "Null") || !strcmp(n->str, "NULL");
}

int pwi_yaml_scalar_is(const pwi_yaml_node *n, const char *s)
{
    return n && n->kind == PWI_YAML_SCALAR && n->len == strlen(s) &&
           !memcmp(n->str, s, n->len);
}

/* Appends c to buf (of size) at *pos, escaped for a one-line message;
 * returns 0 when it did not fit. */
static int put_escaped(char *buf, size_t size, size_t *pos, unsigned char c)
{
    char tmp[8];
    int k;
    if (c == '"' || c == '\\')
        k = snprintf(tmp, sizeof tmp, "\\%c", c);
    else if (c >= 0x20 && c < 0x7f)
        k = snprintf(tmp, sizeof tmp, "%c", c);
    else
        k = snprintf(tmp, sizeof tmp, "\\x%02x", c);
    if (*pos + (size_t)k >= size)
        return 0;
    memcpy(buf + *pos, tmp, (size_t)k);
    *pos += (size_t)k;
    return 1;
}

void pwi_yaml_describe(const pwi_yaml_node *n, char *buf, size_t size)
{
    enum { SHOW_MAX = 40 };
    if (!size)
        return;
    if (!n || n->kind != PWI_YAML_SCALAR || pwi_yaml_is_null(n)) {
        snprintf(buf, size, "%s", !n ? "nothing"
                                  : n->kind == PWI_YAML_SEQ ? "a sequence"
                                  : n->kind == PWI_YAML_MAP ? "a mapping"
                                                            : "null");
        return;
    }
    /* room for the quotes, "..." and the NUL */
    if (size < 6) {
        buf[0] = '\0';
        return;
    }
    size_t pos = 0, room = size - 4;
    buf[pos++] = '"';
    size_t i;
    for (i = 0; i < n->len && i < SHOW_MAX; i++)
        if (!put_escaped(buf, room, &pos, (unsigned char)n->str[i]))
            break;
    buf[pos++] = '"';
    if (i < n->len) {
        memcpy(buf + pos, "...", 3);
        pos += 3;
    }
    buf[pos] = '\0';
}

/* ---- typed readers ----------------------------------------------------- */

/* The error for n not being a `type`. */
static pw_status type_error(const pwi_yaml_node *n, const char *what,
                            pw_status code, const char *type, pw_error *err)
{
    char got[64];
    pwi_yaml_describe(n, got, sizeof got);
    if (!n)
        return pwi_error(err, code, NULL, 0, 0, "%s: expected %s, got %s",
                         what, type, got);
    const char *quoted = n->kind == PWI_YAML_SCALAR && !n->plain &&
                         !pwi_yaml_is_null(n) ? "a quoted " : "";
    return pwi_error(err, code, n->path, n->line, n->col,
                     "%s: expected %s, got %s%s", what, type, quoted, got);
}

static int is_plain_value(const pwi_yaml_node *n)
{
    return n && n->kind == PWI_YAML_SCALAR && n->plain && !pwi_yaml_is_null(n);
}

pw_status pwi_yaml_as_bool(const pwi_yaml_node *n, const char *what,
                           pw_status code, int *out, pw_error *err)
{
    static const char *const yes[] = {"true", "True", "TRUE"};
    static const char *const no[] = {"false", "False", "FALSE"};
    if (is_plain_value(n))
        for (size_t i = 0; i < 3; i++) {
            if (pwi_yaml_scalar_is(n, yes[i])) {
                *out = 1;
                return PW_OK;
            }
            if (pwi_yaml_scalar_is(n, no[i])) {
                *out = 0;
                return PW_OK;
            }
        }
    return type_error(n, what, code, "true or false", err);
}

pw_status pwi_yaml_as_uint64(const pwi_yaml_node *n, const char *what,
                             pw_status code, uint64_t *out, pw_error *err)
{
    static const char type[] = "an unsigned integer";
    if (!is_plain_value(n))
        return type_error(n, what, code, type, err);
    const char *s = n->str;
    size_t i = s[0] == '-' ? 1 : 0;
    if (i == n->len || strspn(s + i, "0123456789") != n->len - i)
        return type_error(n, what, code, type, err);
    if (i)
        return pwi_error(err, code, n->path, n->line, n->col,
                         "%s: must not be negative (got %.40s)", what, s);
    uint64_t v = 0;
    for (; i < n->len; i++) {
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            return pwi_error(err, code, n->path, n->line, n->col,
                             "%s: %.40s is too large (the maximum is %" PRIu64
                             ")", what, s, UINT64_MAX);
        v = v * 10 + d;
    }
    *out = v;
    return PW_OK;
}

/* strtod in the C locale, whatever the process locale says. */
static double strtod_c(const char *s, char **end)
{
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (!c)
        return strtod(s, end);
    locale_t old = uselocale(c);
    double v = strtod(s, end);
    uselocale(old);
    freelocale(c);
    return v;
}

pw_status pwi_yaml_as_double(const pwi_yaml_node *n, const char *what,
                             pw_status code, double *out, pw_error *err)
{
    static const char type[] = "a number";
    if (!is_plain_value(n))
        return type_error(n, what, code, type, err);
    /* only decimal notation: no hex floats, inf, nan or stray text */
    if (strspn(n->str, "0123456789+-.eE") != n->len ||
        !strpbrk(n->str, "0123456789"))
        return type_error(n, what, code, type, err);
    char *end;
    double v = strtod_c(n->str, &end);
    if (end != n->str + n->len)
        return type_error(n, what, code, type, err);
    if (!isfinite(v))
        return pwi_error(err, code, n->path, n->line, n->col,
                         "%s: %.40s is out of range", what, n->str);
    *out = v;
    return PW_OK;
}

pw_status pwi_yaml_as_string(const pwi_yaml_node *n, const char *what,
                             pw_status code, const char **out, pw_error *err)
{
    if (!n || n->kind != PWI_YAML_SCALAR || pwi_yaml_is_null(n))
        return type_error(n, what, code, "a string", err);
    if (strlen(n->str) != n->len)
        return pwi_error(err, code, n->path, n->line, n->col,
                         "%s: the string contains a NUL byte", what);
    *out = n->str;
    return PW_OK;
}
