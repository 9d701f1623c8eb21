/*
 * yaml-tree.h - a bounded YAML document tree on libyaml, for untrusted input
 * (config files, rule files, pnpm lockfiles).
 *
 * Only the JSON-like part of YAML is accepted: scalars, sequences and
 * mappings with scalar keys, in one document. Anchors and aliases (the
 * "billion laughs" vector), explicit tags, duplicate keys and a second
 * document are errors. Size, depth, node count and scalar length are capped
 * (pwi_yaml_limits); a cap hit is PW_ERR_LIMIT naming path:line.
 *
 * Scalars are kept as text; the typed readers below decide what a scalar
 * means (YAML 1.2 core schema: only plain scalars are booleans or numbers).
 */
#ifndef PW_UTIL_YAML_TREE_H
#define PW_UTIL_YAML_TREE_H

#include "pkgward.h"

#include <stddef.h>
#include <stdint.h>

typedef enum pwi_yaml_kind {
    PWI_YAML_SCALAR = 0,
    PWI_YAML_SEQ = 1,
    PWI_YAML_MAP = 2
} pwi_yaml_kind;

typedef struct pwi_yaml_node pwi_yaml_node;

/* A node of the tree. Every field is read-only for callers; the whole tree
 * is owned by its root (pwi_yaml_free). */
struct pwi_yaml_node {
    pwi_yaml_kind kind;
    int plain;             /* scalar: 1 when written plain (no quotes, not |
                              or >); only plain scalars are null/bool/number */
    size_t line, col;      /* 1-based position where the node starts */
    const char *path;      /* input name given to pwi_yaml_parse, never NULL */
    const char *str;       /* scalar: value, NUL-terminated; NULL otherwise */
    size_t len;            /* scalar: bytes in str (it may contain NULs) */
    pwi_yaml_node **items; /* seq: elements; map: key0, value0, key1, ... */
    size_t nitems;         /* entries in items (a map has 2 per pair) */
};

typedef struct pwi_yaml_limits {
    size_t max_bytes;  /* input size */
    size_t max_depth;  /* nested sequences/mappings; the root one is 1 */
    size_t max_nodes;  /* scalars + sequences + mappings, keys included */
    size_t max_scalar; /* bytes of one scalar */
} pwi_yaml_limits;

/* 8 MiB, depth 64, 1,000,000 nodes, 1 MiB per scalar. */
void pwi_yaml_limits_default(pwi_yaml_limits *l);

/*
 * Parses data[0..len) into a tree and stores its root in *out.
 * path names the input in errors and in every node (copied). lim may be
 * NULL for the defaults.
 *
 * An input without a document (empty, or only comments/whitespace) gives
 * *out == NULL and PW_OK. A document that is just `---` (or `~`, `null`)
 * gives a root that is a plain null scalar (see pwi_yaml_is_null).
 *
 * Errors (err names path, line and column; *out is NULL):
 *   PW_ERR_FORMAT  YAML syntax (libyaml's problem text and position),
 *                  anchor, alias, tag, non-scalar key, duplicate key (at the
 *                  second one), more than one document
 *   PW_ERR_LIMIT   a pwi_yaml_limits cap (max_bytes is checked before
 *                  parsing and reports line 0)
 *   PW_ERR_NOMEM   libyaml could not allocate
 */
pw_status pwi_yaml_parse(const char *data, size_t len, const char *path,
                         const pwi_yaml_limits *lim, pwi_yaml_node **out,
                         pw_error *err);

/* Frees a tree. root must be what pwi_yaml_parse returned (or NULL). */
void pwi_yaml_free(pwi_yaml_node *root);

/* ---- navigation (all NULL-safe: a NULL or wrong-kind node gives 0/NULL) */

/* Elements of a sequence, pairs of a mapping, 0 for a scalar. */
size_t pwi_yaml_count(const pwi_yaml_node *n);
/* i-th element of a sequence. */
const pwi_yaml_node *pwi_yaml_seq_at(const pwi_yaml_node *seq, size_t i);
/* Key and value of the i-th pair of a mapping, in document order. */
const pwi_yaml_node *pwi_yaml_map_key(const pwi_yaml_node *map, size_t i);
const pwi_yaml_node *pwi_yaml_map_value(const pwi_yaml_node *map, size_t i);
/* Value for key (compared byte for byte), NULL when absent. Linear. */
const pwi_yaml_node *pwi_yaml_map_get(const pwi_yaml_node *map,
                                      const char *key);

/* 1 for a plain "", "~", "null", "Null" or "NULL" scalar. */
int pwi_yaml_is_null(const pwi_yaml_node *n);
/* 1 when n is a scalar equal to s (byte for byte, any style). */
int pwi_yaml_scalar_is(const pwi_yaml_node *n, const char *s);

/* Short description for messages: `"text"` (escaped, cut at ~40 bytes)
 * for a scalar, "null", "a sequence", "a mapping" or "nothing" (NULL). */
void pwi_yaml_describe(const pwi_yaml_node *n, char *buf, size_t size);

/* ---- typed readers ------------------------------------------------------
 * Each reads a scalar or fails with `code` (the caller's, e.g.
 * PW_ERR_CONFIG or PW_ERR_RULES) and an error naming n->path:line:col,
 * `what` (e.g. a key name) and the expected type. n may be NULL (reported
 * as missing at line 0). *out is only written on success. */

/* Plain true/false (also True/TRUE/False/FALSE). */
pw_status pwi_yaml_as_bool(const pwi_yaml_node *n, const char *what,
                           pw_status code, int *out, pw_error *err);
/* Plain decimal digits, no sign, fitting in 64 bits. */
pw_status pwi_yaml_as_uint64(const pwi_yaml_node *n, const char *what,
                             pw_status code, uint64_t *out, pw_error *err);
/* Plain finite decimal number (strtod syntax without hex, inf or nan). */
pw_status pwi_yaml_as_double(const pwi_yaml_node *n, const char *what,
                             pw_status code, double *out, pw_error *err);
/* Any scalar but a null one and one containing a NUL byte. *out points
 * into the tree. */
pw_status pwi_yaml_as_string(const pwi_yaml_node *n, const char *what,
                             pw_status code, const char **out, pw_error *err);

#endif
