/*
 * jtree.h - a bounded document tree with positions, for untrusted JSON,
 * JSONC (bun.lock) and TOML (poetry.lock, uv.lock, pylock.toml) input.
 *
 * jansson builds DOMs without source positions; lockfile findings must name
 * the line an entry starts on, and bun.lock is JSON with trailing commas,
 * so the lockfile readers use this tree instead. One node type serves both
 * JSON and TOML so format code navigates them alike.
 *
 * Every node records the 1-based line and column where it starts. Objects
 * keep keys in document order; duplicate keys are an error. Strings are
 * decoded (escapes resolved, UTF-8) and NUL-terminated; they may contain
 * NUL bytes (len says how many bytes).
 */
#ifndef PW_UTIL_JTREE_H
#define PW_UTIL_JTREE_H

#include "pkgward.h"

#include <stddef.h>
#include <stdint.h>

typedef enum pwi_jkind {
    PWI_J_NULL = 0,
    PWI_J_BOOL = 1,
    PWI_J_NUMBER = 2,   /* text kept as written (str), see pwi_j_as_int */
    PWI_J_STRING = 3,
    PWI_J_DATETIME = 4, /* TOML date/time, text kept as written (str) */
    PWI_J_ARRAY = 5,
    PWI_J_OBJECT = 6    /* JSON object, TOML table or inline table */
} pwi_jkind;

typedef struct pwi_jnode pwi_jnode;

/* Read-only for callers; the whole tree is owned by its root. */
struct pwi_jnode {
    pwi_jkind kind;
    int boolean;          /* PWI_J_BOOL: 0 or 1 */
    size_t line, col;     /* 1-based start position */
    const char *str;      /* NUMBER/STRING/DATETIME text, NUL-terminated */
    size_t len;           /* bytes in str */
    const char **keys;    /* OBJECT: keys, NUL-terminated, document order */
    size_t *key_lines;    /* OBJECT: line of each key */
    pwi_jnode **items;    /* ARRAY: elements; OBJECT: values, same order */
    size_t nitems;
};

typedef struct pwi_jlimits {
    size_t max_bytes;  /* input size */
    size_t max_depth;  /* nested arrays/objects; the root one is 1 */
    size_t max_nodes;  /* every node, keys not counted */
    size_t max_string; /* bytes of one decoded string */
} pwi_jlimits;

/* 64 MiB, depth 64, 4,000,000 nodes, 1 MiB per string. */
void pwi_jlimits_default(pwi_jlimits *l);

/* Parser flags. */
enum {
    PWI_JSON_TRAILING_COMMAS = 1 << 0, /* [1,2,] and {"a":1,} (bun.lock) */
    PWI_JSON_COMMENTS = 1 << 1         /* // and block comments (JSONC) */
};

/*
 * Parses JSON data[0..len) (RFC 8259; a UTF-8 BOM is skipped) into *out.
 * path names the input in errors (err->path/line/col). lim NULL: defaults.
 * Errors: PW_ERR_FORMAT (syntax, bad escape, invalid UTF-8, duplicate key
 * "name" at line N, trailing garbage), PW_ERR_LIMIT (a pwi_jlimits cap).
 */
pw_status pwi_json_parse(const char *data, size_t len, const char *path,
                         unsigned flags, const pwi_jlimits *lim,
                         pwi_jnode **out, pw_error *err);

/*
 * Parses TOML v1.0.0 data[0..len) strictly into *out (the root table):
 * tables, arrays of tables, dotted keys, inline tables, all string forms,
 * integers/floats (kept as text), booleans, date-times. Redefining a key or
 * table, or any syntax outside the spec, is PW_ERR_FORMAT naming the line.
 */
pw_status pwi_toml_parse(const char *data, size_t len, const char *path,
                         const pwi_jlimits *lim, pwi_jnode **out,
                         pw_error *err);

void pwi_jtree_free(pwi_jnode *root);

/* ---- navigation (NULL-safe: a NULL or wrong-kind node gives 0/NULL) ---- */

/* Value for key in an object (byte comparison), NULL when absent. */
const pwi_jnode *pwi_j_get(const pwi_jnode *obj, const char *key);
/* Same, and the key's line in *line (0 when absent). */
const pwi_jnode *pwi_j_get_line(const pwi_jnode *obj, const char *key,
                                size_t *line);
/* String value of key, NULL when absent or not a string. */
const char *pwi_j_get_str(const pwi_jnode *obj, const char *key);
/* 1 when n is a string equal to s. */
int pwi_j_str_is(const pwi_jnode *n, const char *s);
/* NUMBER holding a decimal integer that fits: 1 and *out; else 0. */
int pwi_j_as_int(const pwi_jnode *n, int64_t *out);
/* "a string", "an object", ... for messages. */
const char *pwi_j_kind_name(pwi_jkind k);

#endif
