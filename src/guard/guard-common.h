/* guard-common.h - what the guarded installs (npm, pip) share: running the
 * wrapped tool, the clean-verdict cache, and the per-release checks that
 * need no code of the release (known-malicious database, deny list,
 * cooldown). Each guard keeps its own way of learning what would be
 * installed and of installing it. */
#ifndef PW_GUARD_GUARD_COMMON_H
#define PW_GUARD_GUARD_COMMON_H

#include "pkgward.h"
#include "config/policy.h"

#include <stdint.h>
#include <stdio.h>

/*
 * Runs tool (looked up on PATH) with args (args[0] is its name), waiting
 * for it; the command line is echoed to log. capture NULL: the tool's
 * stdout and stderr go to our stderr; else both are written to the file
 * capture (created or truncated). SIGINT/SIGQUIT are ignored meanwhile so
 * that an interrupted tool still leaves the guard to clean up. Returns the
 * tool's exit status, 128+signal, or 127 when it cannot be started.
 */
int pwi_guard_run(const char *tool, char *const *args, FILE *log,
                  const char *capture);

/* Where a clean verdict for these bytes, judged this way, is remembered:
 * the key covers the integrity (any hash string), the release it was
 * diffed against (NULL: none), the blocking severity and the rule set.
 * NULL when cache or integrity is NULL. Caller frees. */
char *pwi_guard_verdict_path(const char *cache, const char *integrity,
                             const char *old_integrity, pw_severity fail_on,
                             const pw_rules *rules);
/* Records a clean verdict at vpath (from pwi_guard_verdict_path). */
void pwi_guard_verdict_save(const char *vpath, const char *what);

/* 1 when a package of rep from index first on has a finding at or above
 * fail_on. */
int pwi_guard_bad_since(const pw_report *rep, size_t first,
                        pw_severity fail_on);

/* One release being vetted; findings about it go to one report package,
 * added on the first finding (pkg starts as (size_t)-1). */
typedef struct pwi_guard_pkg {
    const char *ecosystem; /* "npm", "pypi" */
    const char *name;
    const char *version;   /* may be NULL (unknown) */
    const char *source;    /* the report package's source (lockfile...) */
    const char *path;      /* where findings point */
    size_t line;
    size_t pkg;
} pwi_guard_pkg;

/* Known-malicious records of p from db (NULL: nothing to do). */
void pwi_guard_db_check(pw_db *db, pw_report *rep, const pw_rules *rules,
                        pwi_guard_pkg *p);
/* policy-denied when p is on the deny list. */
void pwi_guard_deny_check(pw_report *rep, const pw_rules *rules,
                          const pwi_policy *pol, pwi_guard_pkg *p);
/* The cooldown (nothing when min_release_age is not set): published is the
 * release's publish time (0: unknown, reported as release-age-unknown with
 * why); younger than min_release_age is guard-cooldown-hold. */
void pwi_guard_cooldown_check(pw_report *rep, const pw_rules *rules,
                              const pwi_policy *pol, int64_t now,
                              pwi_guard_pkg *p, int64_t published,
                              const char *why);

#endif
