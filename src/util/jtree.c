/* jtree.c - storage of pwi_jnode trees (one arena per tree, see
 * jtree-build.h) and the read-only navigation helpers of jtree.h. */
#include "util/jtree.h"
#include "util/jtree-build.h"
#include "util/error.h"
#include "util/mem.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void pwi_jlimits_default(pwi_jlimits *l)
{
    l->max_bytes = (size_t)64 << 20;
    l->max_depth = 64;
    l->max_nodes = 4000000;
    l->max_string = (size_t)1 << 20;
}

/* ---- arena ------------------------------------------------------------- */

typedef struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    alignas(max_align_t) unsigned char data[];
} arena_block;

/* The root node is the first member so that a root pointer leads back to
 * the tree that owns every other node. */
typedef struct jtree {
    pwi_jnode root;
    arena_block *blocks; /* current block first */
    size_t next_cap;     /* size of the next ordinary block */
} jtree;

enum {
    ARENA_MIN = 4096,
    ARENA_MAX = 1 << 20,
    ALIGN = alignof(max_align_t)
};

static jtree *tree_of(pwi_jnode *root)
{
    return (jtree *)(void *)root;
}

pwi_jnode *pwi_jtree_new(pwi_jkind kind, size_t line, size_t col)
{
    jtree *t = pwi_xcalloc(1, sizeof *t);
    t->root.kind = kind;
    t->root.line = line;
    t->root.col = col;
    t->next_cap = ARENA_MIN;
    return &t->root;
}

void pwi_jtree_free(pwi_jnode *root)
{
    if (!root)
        return;
    jtree *t = tree_of(root);
    arena_block *b = t->blocks;
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    free(t);
}

static arena_block *block_new(size_t cap)
{
    if (cap > SIZE_MAX - sizeof(arena_block))
        pwi_oom(cap);
    arena_block *b = pwi_xmalloc(sizeof *b + cap);
    b->used = 0;
    b->cap = cap;
    b->next = NULL;
    return b;
}

void *pwi_jtree_alloc(pwi_jnode *root, size_t n)
{
    jtree *t = tree_of(root);
    if (n > SIZE_MAX - ALIGN)
        pwi_oom(n);
    n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (n == 0)
        n = ALIGN;
    arena_block *b = t->blocks;
    if (b && b->cap - b->used >= n) {
        void *p = b->data + b->used;
        b->used += n;
        return p;
    }
    /* Big requests get a block of their own behind the current one, so
     * the space left in the current block is not thrown away. */
    if (n > t->next_cap / 4) {
        arena_block *big = block_new(n);
        big->used = n;
        if (b) {
            big->next = b->next;
            b->next = big;
        } else {
            t->blocks = big;
        }
        return big->data;
    }
    b = block_new(t->next_cap);
    b->next = t->blocks;
    t->blocks = b;
    if (t->next_cap < ARENA_MAX)
        t->next_cap *= 2;
    b->used = n;
    return b->data;
}

pwi_jnode *pwi_jnode_new(pwi_jnode *root, pwi_jkind kind, size_t line,
                         size_t col)
{
    pwi_jnode *n = pwi_jtree_alloc(root, sizeof *n);
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->line = line;
    n->col = col;
    return n;
}

char *pwi_jtree_strdup(pwi_jnode *root, const char *s, size_t n)
{
    if (n == SIZE_MAX)
        pwi_oom(n);
    char *p = pwi_jtree_alloc(root, n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void pwi_jnode_set_str(pwi_jnode *root, pwi_jnode *n, const char *s,
                       size_t len)
{
    n->str = pwi_jtree_strdup(root, s, len);
    n->len = len;
}

/* Room for item n (0-based) in arrays grown by doubling: a new array is
 * needed when n is 0 or a power of two of at least 4 (the capacity then
 * equals n). Returns the new capacity, or 0 when the current one fits. */
static size_t grow_to(size_t n)
{
    if (n == 0)
        return 4;
    if (n >= 4 && (n & (n - 1)) == 0) {
        if (n > SIZE_MAX / 2 / sizeof(void *))
            pwi_oom(SIZE_MAX);
        return n * 2;
    }
    return 0;
}

static void *regrow(pwi_jnode *root, const void *old, size_t n, size_t cap,
                    size_t elem)
{
    void *p = pwi_jtree_alloc(root, cap * elem);
    if (n)
        memcpy(p, old, n * elem);
    return p;
}

void pwi_jnode_append(pwi_jnode *root, pwi_jnode *arr, pwi_jnode *item)
{
    size_t cap = grow_to(arr->nitems);
    if (cap)
        arr->items = regrow(root, arr->items, arr->nitems, cap,
                            sizeof *arr->items);
    arr->items[arr->nitems++] = item;
}

void pwi_jnode_put(pwi_jnode *root, pwi_jnode *obj, const char *key,
                   size_t keylen, size_t key_line, pwi_jnode *value)
{
    size_t n = obj->nitems, cap = grow_to(n);
    if (cap) {
        obj->items = regrow(root, obj->items, n, cap, sizeof *obj->items);
        obj->keys = regrow(root, obj->keys, n, cap, sizeof *obj->keys);
        obj->key_lines = regrow(root, obj->key_lines, n, cap,
                                sizeof *obj->key_lines);
    }
    obj->keys[n] = pwi_jtree_strdup(root, key, keylen);
    obj->key_lines[n] = key_line;
    obj->items[n] = value;
    obj->nitems = n + 1;
}

/* ---- navigation -------------------------------------------------------- */

const pwi_jnode *pwi_j_get_line(const pwi_jnode *obj, const char *key,
                                size_t *line)
{
    if (line)
        *line = 0;
    if (!obj || obj->kind != PWI_J_OBJECT || !key)
        return NULL;
    for (size_t i = 0; i < obj->nitems; i++)
        if (!strcmp(obj->keys[i], key)) {
            if (line)
                *line = obj->key_lines[i];
            return obj->items[i];
        }
    return NULL;
}

const pwi_jnode *pwi_j_get(const pwi_jnode *obj, const char *key)
{
    return pwi_j_get_line(obj, key, NULL);
}

const char *pwi_j_get_str(const pwi_jnode *obj, const char *key)
{
    const pwi_jnode *n = pwi_j_get(obj, key);
    return n && n->kind == PWI_J_STRING ? n->str : NULL;
}

int pwi_j_str_is(const pwi_jnode *n, const char *s)
{
    return n && s && n->kind == PWI_J_STRING && n->len == strlen(s) &&
           !memcmp(n->str, s, n->len);
}

int pwi_j_as_int(const pwi_jnode *n, int64_t *out)
{
    if (!n || n->kind != PWI_J_NUMBER || !n->str)
        return 0;
    const char *s = n->str;
    size_t i = 0, len = n->len;
    int neg = 0;
    if (i < len && (s[i] == '-' || s[i] == '+')) {
        neg = s[i] == '-';
        i++;
    }
    if (i == len)
        return 0;
    /* magnitude up to 2^63 for negatives, 2^63-1 otherwise */
    uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    uint64_t v = 0;
    size_t digits = 0;
    for (; i < len; i++) {
        if (s[i] == '_' && digits) /* TOML digit separators */
            continue;
        if (s[i] < '0' || s[i] > '9')
            return 0;
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (limit - d) / 10)
            return 0;
        v = v * 10 + d;
        digits++;
    }
    if (!digits)
        return 0;
    if (out) {
        if (neg)
            *out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
        else
            *out = (int64_t)v;
    }
    return 1;
}

const char *pwi_j_kind_name(pwi_jkind k)
{
    switch (k) {
    case PWI_J_NULL:
        return "null";
    case PWI_J_BOOL:
        return "a boolean";
    case PWI_J_NUMBER:
        return "a number";
    case PWI_J_STRING:
        return "a string";
    case PWI_J_DATETIME:
        return "a date-time";
    case PWI_J_ARRAY:
        return "an array";
    case PWI_J_OBJECT:
        return "an object";
    }
    return "an unknown value";
}
