/* match.h - evaluating a rule's condition tree over bytes. */
#ifndef PW_MATCH_MATCH_H
#define PW_MATCH_MATCH_H

#include "rules/rules.h"

#include <stddef.h>

typedef struct pwi_span {
    size_t start, end;
} pwi_span;

/* Evaluates m over p[0..n). Returns 1 when it holds and sets *where to
 * the primary evidence (first matching leaf in rule order; {0,0} when the
 * condition holds without a location, e.g. a lone "not"). */
int pwi_match_eval(const pwi_match *m, const unsigned char *p, size_t n,
                   pwi_span *where);
/* Finds the next match of leaf m at or after from. */
int pwi_match_leaf_next(const pwi_match *m, const unsigned char *p, size_t n,
                        size_t from, pwi_span *where);

#endif
