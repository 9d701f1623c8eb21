/* audit.h - internals of `pkgward audit`: lockfile discovery, the checks
 * run on every resolved package, and where publish times come from. */
#ifndef PW_AUDIT_AUDIT_H
#define PW_AUDIT_AUDIT_H

#include "pkgward.h"
#include "config/policy.h"
#include "lockfile/lockfile.h"

#include <stdint.h>

/* Lockfiles under root (a file is returned as is), sorted, skipping
 * node_modules, VCS and virtualenv directories and never following
 * symlinks. package.json is included only where no npm lockfile sits in
 * its directory or an ancestor up to root. *out: malloc'd paths. */
pw_status pwi_audit_discover(const char *root, char ***out, size_t *n,
                             pw_error *err);

/* The state of one audit run. */
typedef struct pwi_audit {
    const pw_audit_options *o;
    const pwi_policy *policy;
    const pw_rules *rules;
    pw_report *rep;
    int64_t now;
    char *cache_dir;        /* registry metadata cache, NULL: none */
    /* per lockfile, reset by pwi_audit_policy_begin */
    size_t scripts_unknown; /* packages whose install scripts are unknown */
    size_t age_unknown;     /* packages whose publish time is unknown */
    size_t age_checked;
    const char *source_dir;  /* report source of the current lockfile */
    struct pwi_registry *registry; /* fetches missing metadata, or NULL */
    size_t fetch_errors;     /* registry fetches that failed */
} pwi_audit;

/* Adds a finding of rule id (metadata from the rules) to report package
 * pkg. */
void pwi_audit_emit(pwi_audit *a, size_t pkg, const char *rule,
                    const char *path, size_t line, const char *snippet,
                    const char *evidence, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 8, 9)))
#endif
    ;

/* Per-lockfile policy state: begin before the packages, end after them
 * (adds the lockfile-level summaries to report package self). */
void pwi_audit_policy_begin(pwi_audit *a);
void pwi_audit_policy_end(pwi_audit *a, const pwi_lockfile *lf, size_t self);

/* Policy checks of one resolved package (deny list, install scripts,
 * cooldown) into report package pkg. */
void pwi_audit_policy(pwi_audit *a, const pwi_lockfile *lf, size_t i,
                      size_t pkg, const char *file, const char *dep_path);

/* Publish time of name@version from cached registry metadata under
 * cache_dir (npm packuments with "time", PyPI JSON with upload times).
 * Returns 1 and sets *t (seconds since the epoch), 0 when unknown. */
int pwi_publish_time(const char *cache_dir, const char *ecosystem,
                     const char *name, const char *version, int64_t *t);

/* Cooldown and install-script settings of the package manager that wrote
 * lockfile lf, read from its directory (.npmrc, pnpm-workspace.yaml,
 * .yarnrc.yml, bunfig.toml): findings on unit confusion, a cooldown
 * shorter than the policy's, and missing settings, added to report
 * package pkg. */
void pwi_audit_lint_tools(pwi_audit *a, const pwi_lockfile *lf, size_t pkg);

#endif
