/* diff.h - comparing two releases of one package (internal).
 *
 * A release is an input (archive or directory) ingested and split into
 * packages like `scan` does, with the engine's findings for each; the one
 * compared is its shallowest npm or PyPI package. The diff turns what NEW
 * has and OLD had not into findings of the diff-* rules. */
#ifndef PW_DIFF_DIFF_H
#define PW_DIFF_DIFF_H

#include "pkgward.h"
#include "ingest/package.h"
#include "util/strmap.h"

typedef struct pwi_release {
    pwi_tree tree;
    pwi_package *pkgs;
    size_t npkgs;
    size_t main;       /* index of the compared package, PWI_NONE if none */
    pw_report *rep;    /* engine findings; report package i = pkgs[i] */
    pwi_strmap by_rel; /* main package: path relative to its root -> file */
} pwi_release;

/* Ingests and analyzes one release (data NULL: read path). */
pw_status pwi_release_load(const pw_scanner *sc, const char *name,
                           const void *data, size_t len, pwi_release *r,
                           pw_error *err);
void pwi_release_free(pwi_release *r);

/* The names a release's code refers to as packages: require/import
 * specifiers, require.resolve, dynamic import with a constant, strings in
 * code and config files naming a package, package.json scripts and
 * non-dependency fields; Python imports. Keys are npm package names (or
 * Python module names); values unused. */
void pwi_release_references(pwi_release *r, const pw_limits *lim,
                            pwi_strmap *out);

/* Compares old and new into rep: one report package for NEW's compared
 * package with the diff findings and NEW's engine findings that OLD did
 * not have. */
void pwi_diff_releases(pwi_release *old_r, pwi_release *new_r,
                       const pw_rules *rules, const pw_limits *lim,
                       pw_report *rep);

#endif
