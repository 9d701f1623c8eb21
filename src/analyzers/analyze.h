/* analyze.h - turning a package's files into findings. */
#ifndef PW_ANALYZERS_ANALYZE_H
#define PW_ANALYZERS_ANALYZE_H

#include "ingest/ingest.h"
#include "ingest/package.h"
#include "pkgward.h"
#include "report/report.h"
#include "rules/rules.h"

/* Everything an analyzer may use for one package. */
typedef struct pwi_actx {
    const pw_rules *rules;
    const pw_limits *limits;
    pwi_tree *tree;
    pwi_package *pkg;
    unsigned *roles;     /* per package file (parallel to pkg->files) */
    size_t *anomalies;   /* indices into tree->anomalies owned by pkg */
    size_t nanomalies;
    pw_report *rep;
    size_t rep_pkg;      /* index of the package in rep */
    struct pwi_strmap *files_by_rel; /* lazily built, see pwi_pkg_find */
    struct pwi_pf_scratch *pf_scratch; /* per-thread vectorscan scratch */
    void *match_data;    /* per-thread PCRE2 match data */
    struct pwi_file_scopes *scopes; /* per-thread views, reused; NULL: per file */
} pwi_actx;

/* A finding as an analyzer states it; metadata comes from the rule. */
typedef struct pwi_hit {
    const char *rule;
    const char *path;
    size_t line, col;
    const char *snippet;   /* raw text; escaped and capped by pwi_emit */
    size_t snippet_len;    /* 0 = strlen */
    const char *message;   /* NULL: the rule's title */
    const char *evidence;
    int confidence;        /* -1: the rule's default */
    unsigned role;         /* PWI_ROLE_* of the file, for weighing */
} pwi_hit;

void pwi_emit(pwi_actx *a, const pwi_hit *h);

/* Line and column (1-based) of byte offset off in p. */
void pwi_line_col(const unsigned char *p, size_t n, size_t off, size_t *line,
                  size_t *col);
/* The line holding offset off, trimmed, at most max bytes around off. */
void pwi_line_at(const unsigned char *p, size_t n, size_t off, size_t max,
                 const char **start, size_t *len);

/* Is category one of the capabilities combinations count (c2,
 * exfiltration, dropper, ...)? */
int pwi_is_capability(const char *category);

/* Path of a package file relative to the package root. */
const char *pwi_pkg_relpath(const pwi_actx *a, const char *path);
/* Index in pkg->files of the regular file at rel (relative to the package
 * root), or PWI_NONE; the lookup map is built on first use and freed by
 * pwi_actx_release. */
size_t pwi_pkg_find(pwi_actx *a, const char *rel);
void pwi_actx_release(pwi_actx *a);

/* The analyzers, in the order they run. */
void pwi_analyze_anomalies(pwi_actx *a);
void pwi_analyze_roles(pwi_actx *a);
void pwi_analyze_npm_manifest(pwi_actx *a);
void pwi_analyze_rules(pwi_actx *a);
void pwi_analyze_combinations(pwi_actx *a);

/* Native executables (called by the rules pass for binary files). */
void pwi_check_blob(pwi_actx *a, size_t idx, const pwi_file *f);

/* Runs everything on one package. */
void pwi_analyze_package(pwi_actx *a);

#endif
