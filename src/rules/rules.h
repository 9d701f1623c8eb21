/* rules.h - compiled rule set (internal view). */
#ifndef PW_RULES_RULES_H
#define PW_RULES_RULES_H

#include "pkgward.h"

#include <stddef.h>

/* What a rule looks at. */
enum {
    PWI_APPLY_MANIFEST = 1 << 0, /* package.json / METADATA fields */
    PWI_APPLY_JS = 1 << 1,
    PWI_APPLY_PY = 1 << 2,
    PWI_APPLY_ANY = 1 << 3,      /* every text file */
    PWI_APPLY_BUILTIN = 1 << 4   /* emitted by code (archive checks, analyzers) */
};

enum { PWI_ECO_NPM = 1 << 0, PWI_ECO_PYPI = 1 << 1, PWI_ECO_ALL = 3 };

typedef enum pwi_match_kind {
    PWI_M_ANY,
    PWI_M_ALL,
    PWI_M_NOT,
    PWI_M_AT_LEAST,
    PWI_M_REGEX,
    PWI_M_LITERAL
} pwi_match_kind;

/* A condition tree: leaves match bytes, inner nodes combine. */
typedef struct pwi_match {
    pwi_match_kind kind;
    struct pwi_match **kids;
    size_t nkids;
    unsigned at_least;   /* PWI_M_AT_LEAST */
    char *text;          /* regex source or literal bytes */
    size_t text_len;
    int nocase;          /* literal: ASCII case-insensitive */
    void *re;            /* pcre2_code_8 * for PWI_M_REGEX */
    size_t line;         /* where it was written */
} pwi_match;

typedef struct pwi_rule {
    pw_rule_info info;   /* public view; strings owned by the rule */
    unsigned confidence; /* default confidence of its findings, 0..100 */
    unsigned applies;    /* PWI_APPLY_* */
    unsigned ecosystems; /* PWI_ECO_* */
    pwi_match *match;    /* NULL for builtin rules */
    char **fields;       /* manifest: field patterns like "scripts.*" */
    size_t nfields;
    char **paths;        /* files: path globs the rule is limited to */
    size_t npaths;
    char *fixtures;      /* directory with tests/{malicious,benign} */
} pwi_rule;

size_t pwi_rules_n(const pw_rules *r);
const pwi_rule *pwi_rules_at(const pw_rules *r, size_t i);
/* NULL when no rule has this id. */
const pwi_rule *pwi_rules_lookup(const pw_rules *r, const char *id);

#endif
