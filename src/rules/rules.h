/* rules.h - compiled rule set (internal view). */
#ifndef PW_RULES_RULES_H
#define PW_RULES_RULES_H

#include "pkgward.h"

#include <stddef.h>

/* Bounds of a rule set: rules in it, and nesting of a rule's conditions
 * (the YAML parser and the cached image reader enforce the same). */
#define PWI_RULES_MAX 10000
#define PWI_RULE_DEPTH_MAX 16

/* What a rule looks at. */
enum {
    PWI_APPLY_MANIFEST = 1 << 0, /* package.json / METADATA fields */
    PWI_APPLY_JS = 1 << 1,
    PWI_APPLY_PY = 1 << 2,
    PWI_APPLY_ANY = 1 << 3,      /* every text file */
    PWI_APPLY_BUILTIN = 1 << 4,  /* emitted by code (archive checks, analyzers) */
    PWI_APPLY_LOCKFILE = 1 << 5, /* emitted by audit; fixtures are projects */
    PWI_APPLY_DIFF = 1 << 6,     /* emitted by diff; fixtures are old/ + new/ */
    PWI_APPLY_REGISTRY = 1 << 7, /* emitted by check; fixtures are registry/ + spec */
    PWI_APPLY_SWEEP = 1 << 8,    /* emitted by sweep; fixtures are machine trees */
    PWI_APPLY_GUARD = 1 << 9     /* emitted by the guarded install; proved by
                                    tests/cli/test-guard-npm.sh (it runs npm) */
};

enum { PWI_ECO_NPM = 1 << 0, PWI_ECO_PYPI = 1 << 1, PWI_ECO_ALL = 3 };

/* File roles (bit set), decided before rules run. */
enum {
    PWI_ROLE_INSTALL = 1 << 0, /* started by a lifecycle script / setup.py */
    PWI_ROLE_ENTRY = 1 << 1,   /* main / bin / exports / __init__.py */
    PWI_ROLE_TEST = 1 << 2,
    PWI_ROLE_DOC = 1 << 3
};

typedef enum pwi_match_kind {
    PWI_M_ANY,
    PWI_M_ALL,
    PWI_M_NOT,
    PWI_M_AT_LEAST,
    PWI_M_REGEX,
    PWI_M_LITERAL
} pwi_match_kind;

/* What bytes of a file a leaf looks at. */
typedef enum pwi_scope {
    PWI_SCOPE_RAW = 0,   /* the file as stored */
    PWI_SCOPE_STRINGS,   /* string literals, decoded, and folded values */
    PWI_SCOPE_TOKENS,    /* tokens joined by one space, comments dropped,
                            strings as "value", folded expressions inlined */
    PWI_SCOPE_DECODED,   /* only values an encoding hid (base64, hex, rot13,
                            character codes, reversal, escapes) */
    PWI_SCOPE_COUNT
} pwi_scope;

/* The kinds of files a prefilter database serves: a file is only run
 * through the patterns of rules that apply to it. */
enum { PWI_PF_JS = 0, PWI_PF_PY, PWI_PF_OTHER, PWI_PF_LANGS };

/* A condition tree: leaves match bytes, inner nodes combine. */
typedef struct pwi_match {
    pwi_match_kind kind;
    struct pwi_match **kids;
    size_t nkids;
    unsigned at_least;   /* PWI_M_AT_LEAST */
    unsigned within;     /* ALL/AT_LEAST: matches within N lines, 0 = anywhere */
    pwi_scope scope;     /* leaves */
    unsigned leaf_id;    /* leaves: index among all leaves of the rule set */
    int prefiltered;     /* leaves: every prefilter database it belongs
                          * to (see langs) knows it */
    int no_prefilter;    /* leaves: "prefilter: false", in no database;
                          * PCRE2 reads it once the rest of its all holds */
    unsigned langs;      /* leaves: PWI_PF_* bits of the files its rule
                          * reads (set when the set is compiled); 0 for
                          * rules of named files, which PCRE2 reads alone */
    char *text;          /* regex source or literal bytes */
    size_t text_len;
    int nocase;          /* literal: ASCII case-insensitive */
    unsigned count;      /* leaves: needs at least this many occurrences */
    void *re;            /* pcre2_code_8 * for PWI_M_REGEX */
    void *re_jit;        /* a JIT-compiled copy of re, made on first use on
                          * a large buffer (match.c), valid once jit_state
                          * is 1; 2: PCRE2 could not JIT-compile it */
    _Atomic int jit_state;
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
    unsigned role;       /* 0 or PWI_ROLE_* bits a file must have */
    int is_yara;         /* a YARA rule's entry: findings come from libyara */
    unsigned leaf_first, leaf_end; /* ids of its leaves (file rules) */
    int needs_leaf;      /* the condition needs a leaf the prefilter
                          * searches for: skip files where it saw none */
} pwi_rule;

/* Which rules read a file: PWI_APPLY_JS, PWI_APPLY_PY, or PWI_APPLY_ANY
 * for any other text file, by the path's extension. */
unsigned pwi_path_kind(const char *path);
/* The prefilter databases (PWI_PF_*) for files of that kind. */
int pwi_pf_kind(unsigned kind);

/* Leaves of all file rules, by id (for the prefilter). */
size_t pwi_rules_leaf_count(const pw_rules *r);
const pwi_match *pwi_rules_leaf(const pw_rules *r, unsigned id);
/* The prefilter of the compiled set (NULL before compile or when
 * vectorscan is unavailable for every pattern). */
const struct pwi_prefilter *pwi_rules_prefilter(const pw_rules *r);

/* The compiled YARA rules of the set, or NULL. */
const struct pwi_yara *pwi_rules_yara(const pw_rules *r);
/* Rule id of a YARA rule: "yara.<identifier>" or "yara.<ns>.<identifier>". */
void pwi_yara_rule_id(const char *ns, const char *identifier, char *buf, size_t size);

/* A set without the shipped rules (tests, fuzzing). */
pw_rules *pwi_rules_new_empty(void);

/* The shipped rules directory: $PKGWARD_RULES_DIR, else next to the binary
 * (../rules in a build tree, ../share/pkgward/rules installed), else the
 * data directory. Malloc'd. */
char *pwi_rules_default_dir(void);
/* Parses one rule file held in memory (file names it in errors). */
pw_status pwi_rules_add_buffer(pw_rules *r, const char *file, const char *buf,
                               size_t n, pw_error *err);

/* Frees what a rule owns (not r itself). */
void pwi_rule_release(pwi_rule *r);

size_t pwi_rules_n(const pw_rules *r);
/* How many of the rules were read from cached rule images (tests). */
size_t pwi_rules_from_image(const pw_rules *r);
const pwi_rule *pwi_rules_at(const pw_rules *r, size_t i);
/* NULL when no rule has this id. */
const pwi_rule *pwi_rules_lookup(const pw_rules *r, const char *id);

#endif
