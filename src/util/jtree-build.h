/*
 * jtree-build.h - making pwi_jnode trees (for the JSON and TOML parsers
 * only; readers use jtree.h).
 *
 * A tree is one allocation arena: its root node, every other node, string
 * and array live in blocks owned by the tree, and pwi_jtree_free(root)
 * releases them all at once (linear, no per-node walk). Allocation failure
 * aborts (pwi_oom): sizes are bounded by the caller's pwi_jlimits.
 *
 * Contract:
 *  - pwi_jtree_new() makes the tree and its root node; further nodes come
 *    from pwi_jnode_new(root, ...) and belong to that tree.
 *  - pwi_jnode_append/pwi_jnode_put grow a node's arrays by doubling inside
 *    the arena (the capacity is implied by nitems). Use them only on nodes
 *    whose arrays were built by them from empty; a parser that fills an
 *    array in one go (the JSON parser) sets items/keys/key_lines itself
 *    from pwi_jtree_alloc() and never appends afterwards.
 *  - Neither checks limits nor duplicate keys: that is the parser's job
 *    (pwi_j_get finds an existing key).
 */
#ifndef PW_UTIL_JTREE_BUILD_H
#define PW_UTIL_JTREE_BUILD_H

#include "util/jtree.h"

#include <stddef.h>

/* A new tree; returns its root node (kind/line/col set, rest zero). */
pwi_jnode *pwi_jtree_new(pwi_jkind kind, size_t line, size_t col);

/* n bytes from root's arena, aligned for any type, uninitialised. */
void *pwi_jtree_alloc(pwi_jnode *root, size_t n);

/* A new zeroed node of root's tree (not linked anywhere yet). */
pwi_jnode *pwi_jnode_new(pwi_jnode *root, pwi_jkind kind, size_t line,
                         size_t col);

/* Copies s[0..n) into root's arena and NUL-terminates it. */
char *pwi_jtree_strdup(pwi_jnode *root, const char *s, size_t n);

/* Sets n->str (a copy of s[0..len)) and n->len. */
void pwi_jnode_set_str(pwi_jnode *root, pwi_jnode *n, const char *s,
                       size_t len);

/* Appends item to the array arr. */
void pwi_jnode_append(pwi_jnode *root, pwi_jnode *arr, pwi_jnode *item);

/* Appends key (copied; must not contain NUL) with value to the object
 * obj; key_line is recorded in obj->key_lines. */
void pwi_jnode_put(pwi_jnode *root, pwi_jnode *obj, const char *key,
                   size_t keylen, size_t key_line, pwi_jnode *value);

#endif
