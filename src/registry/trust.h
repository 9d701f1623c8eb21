/* trust.h - registry trust signals of one release relative to the
 * releases before it: who published it, how (provenance, gitHead), when
 * (age, bursts across release lines, dormancy), and what its newly added
 * dependencies are (young packages, near-miss names). Each signal is a
 * finding of a trust-* rule (rules/npm/trust/). A field the registry did
 * not return is reported as unknown, never as fine. */
#ifndef PW_REGISTRY_TRUST_H
#define PW_REGISTRY_TRUST_H

#include "pkgward.h"
#include "registry/packument.h"

/* Fetches the packument of a dependency; NULL when unavailable. The
 * caller of pwi_trust_evaluate frees nothing: results are owned by the
 * callback's user and must outlive the call. */
typedef const pwi_packument *(*pwi_packument_fn)(void *user,
                                                 const char *name);

typedef struct pwi_trust_opts {
    int64_t now;           /* seconds since the epoch */
    int64_t min_age;       /* release cooldown in seconds, < 0: none */
    pwi_packument_fn dep;  /* NULL: new dependencies not examined */
    void *dep_user;
    const char *const *popular; /* names near-misses are measured against */
    size_t npopular;
} pwi_trust_opts;

/* Adds the trust findings of version v of p (compared with old, the
 * previous release on its line, or NULL) to report package pkg. */
void pwi_trust_evaluate(const pwi_packument *p, const pwi_reg_version *v,
                        const pwi_reg_version *old, const pwi_trust_opts *o,
                        const pw_rules *rules, pw_report *rep, size_t pkg);

/* Names of dependencies v declares that old did not (all of v's when old
 * is NULL); *n is set. The array points into v; free() it only. */
const pwi_reg_dep **pwi_trust_new_deps(const pwi_reg_version *v,
                                       const pwi_reg_version *old, size_t *n);

/* The popular npm names near-misses are measured against
 * (<rules>/data/popular-npm.txt, at most 5000); *n is set, none when the
 * list is missing. Free with pwi_trust_popular_free. */
char **pwi_trust_popular_load(size_t *n);
void pwi_trust_popular_free(char **v, size_t n);

/* Damerau-Levenshtein distance capped at max+1 (for near-miss names). */
unsigned pwi_edit_distance(const char *a, const char *b, unsigned max);

#endif
