/* prefilter.h - every leaf of every file rule in one vectorscan database
 * per kind of file (PWI_PF_*) and scope, so a file is read once per scope,
 * only by the patterns of rules that apply to it, and PCRE2 only confirms
 * leaves that may match. */
#ifndef PW_MATCH_PREFILTER_H
#define PW_MATCH_PREFILTER_H

#include "pkgward.h"
#include "rules/rules.h"

#include <stddef.h>
#include <stdint.h>

typedef struct pwi_prefilter pwi_prefilter;
typedef struct pwi_pf_scratch pwi_pf_scratch;

/* Builds databases for leaves[0..n) (leaf i has leaf_id i), or loads them
 * from cache_dir when a file for the same leaves and vectorscan version is
 * there (and writes one after compiling; cache_dir NULL = no cache).
 * Leaves vectorscan cannot take are left unprefiltered (prefiltered = 0):
 * they are always confirmed by PCRE2. The caller's leaves get their
 * prefiltered flag set. */
pw_status pwi_prefilter_build(pwi_match *const *leaves, size_t n,
                              const char *cache_dir, pwi_prefilter **out,
                              pw_error *err);
void pwi_prefilter_free(pwi_prefilter *pf);
/* 1 when the databases came from the cache. */
int pwi_prefilter_from_cache(const pwi_prefilter *pf);

/* Per-thread scratch; NULL pf gives NULL. */
pwi_pf_scratch *pwi_pf_scratch_new(const pwi_prefilter *pf);
void pwi_pf_scratch_free(pwi_pf_scratch *s);

/* Words needed for a bit set of all leaves. */
size_t pwi_prefilter_words(const pwi_prefilter *pf);
/* Sets in hits the bit of every leaf of this scope, read by files of kind
 * lang (PWI_PF_*), that may match p. hits must have pwi_prefilter_words()
 * words; it is not cleared first. */
void pwi_prefilter_scan(const pwi_prefilter *pf, pwi_pf_scratch *s, int lang,
                        pwi_scope scope, const unsigned char *p, size_t n, uint64_t *hits);

#endif
