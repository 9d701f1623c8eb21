/* match.h - evaluating a rule's condition tree over the scopes of a file. */
#ifndef PW_MATCH_MATCH_H
#define PW_MATCH_MATCH_H

#include "rules/rules.h"

#include <stddef.h>
#include <stdint.h>

struct pwi_tokens;

/* A piece of a scope buffer and where it came from in the file. */
typedef struct pwi_segment {
    uint32_t off, len;  /* in the scope buffer */
    uint32_t line, col; /* in the source file */
    uint16_t how;       /* PWI_DEC_* when decoded, else 0 */
    uint8_t depth;
    uint32_t next_tok;  /* tokens view: the token after the segment's */
} pwi_segment;

typedef struct pwi_scope_buf {
    const unsigned char *p;
    size_t n;
    const pwi_segment *segs;     /* strings/tokens: sorted by off */
    size_t nsegs;
    /* Tokens view: most tokens are a name or punctuator copied as they
     * are, and get no segment of their own (writing one per token was a
     * tenth of building the view). The tokens after a segment follow it
     * one space apart, up to the next segment; at most 31 in a row. */
    const struct pwi_tokens *toks;
} pwi_scope_buf;

/* Where the lines of a raw buffer start, found on first use: most files
 * never need a line number (nothing matches), and finding them was a
 * pass over every byte. */
typedef struct pwi_lines {
    const unsigned char *p;
    size_t n;
    uint32_t *v;  /* offsets, v[0] = 0 */
    size_t nv, cap;
    int built;
} pwi_lines;

/* Points l at p[0..n) (l's array is kept for reuse). */
void pwi_lines_reset(pwi_lines *l, const unsigned char *p, size_t n);
/* The line starts (built now if they were not yet); *nv of them. */
const uint32_t *pwi_lines_get(pwi_lines *l, size_t *nv);
void pwi_lines_release(pwi_lines *l);

typedef struct pwi_match_ctx {
    pwi_scope_buf scope[PWI_SCOPE_COUNT];
    const uint64_t *hits; /* prefilter result; NULL = confirm every leaf */
    void *md;             /* pcre2_match_data, owned by the caller */
    pwi_lines *lines;     /* of the raw view, owned by the caller; NULL:
                           * every raw match is at line 1 */
} pwi_match_ctx;

typedef struct pwi_loc {
    pwi_scope scope;
    size_t start, end;
} pwi_loc;

/* Evaluates m. Returns 1 when it holds and sets *where to the primary
 * evidence: the first matching leaf in rule order (end == start == 0 and
 * scope RAW when the condition holds without one, e.g. a lone "not"). */
int pwi_match_eval(const pwi_match *m, const pwi_match_ctx *c, pwi_loc *where);
/* Can m not hold in a file where the prefilter saw none of its leaves
 * (leaves in no database counted as unknown)? Then such a file is skipped:
 * pwi_match_saw_any says so without walking the condition. */
int pwi_match_needs_seen_leaf(const pwi_match *m);
/* Did the prefilter see any of the leaves with ids [first, end)? */
int pwi_match_saw_any(const pwi_match_ctx *c, unsigned first, unsigned end);
/* Next match of leaf m at or after from in its scope. */
int pwi_match_leaf_next(const pwi_match *m, const pwi_match_ctx *c, size_t from,
                        pwi_loc *where);
/* Source line/column of a location, and the segment it fell in (NULL for
 * raw). */
void pwi_match_position(const pwi_match_ctx *c, const pwi_loc *l, size_t *line,
                        size_t *col, const pwi_segment **seg);

/* Allocates match data for PCRE2 (one per thread). */
void *pwi_match_data_new(void);
void pwi_match_data_free(void *md);


#endif
