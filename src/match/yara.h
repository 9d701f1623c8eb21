/* yara.h - users' existing YARA rules, through libyara. Their matches
 * become findings like any other rule's. */
#ifndef PW_MATCH_YARA_H
#define PW_MATCH_YARA_H

#include "pkgward.h"

#include <stddef.h>

typedef struct pwi_yara pwi_yara;

/* What a YARA rule says about itself (from its meta section). */
typedef struct pwi_yara_rule_meta {
    const char *identifier;  /* rule name */
    const char *ns;          /* namespace, "default" unless set */
    const char *description; /* meta description, or NULL */
    const char *severity;    /* meta severity, or NULL */
    const char *category;    /* meta category, or NULL */
    const char *remediation; /* meta remediation, or NULL */
    const char *reference;   /* meta reference, or NULL */
} pwi_yara_rule_meta;

/* Called for each matching rule with the offset and bytes of its first
 * string match (offset 0 and no bytes for condition-only rules). */
typedef void (*pwi_yara_hit_fn)(void *user, const char *identifier, const char *ns,
                                size_t offset, const unsigned char *data, size_t len);

pw_status pwi_yara_new(pwi_yara **out, pw_error *err);
/* Adds a .yar/.yara file, or every such file under a directory. Before
 * pwi_yara_compile only. Errors name file:line. */
pw_status pwi_yara_add(pwi_yara *y, const char *path, pw_error *err);
pw_status pwi_yara_compile(pwi_yara *y, pw_error *err);
/* Calls fn for each compiled rule's metadata. */
void pwi_yara_foreach(const pwi_yara *y,
                      void (*fn)(void *user, const pwi_yara_rule_meta *m), void *user);
/* Scans p[0..n) (thread-safe on a compiled set). */
void pwi_yara_scan(const pwi_yara *y, const unsigned char *p, size_t n,
                   pwi_yara_hit_fn fn, void *user);
void pwi_yara_free(pwi_yara *y);

#endif
