/* report.h - building a pw_report (internal). Writers use only the public
 * accessors in pkgward.h. */
#ifndef PW_REPORT_REPORT_H
#define PW_REPORT_REPORT_H

#include "pkgward.h"

/* Description of a package to add; strings are copied. */
typedef struct pwi_pkg_desc {
    const char *ecosystem;
    const char *name;
    const char *version;
    const char *source;
    const char *root;
    size_t file_count;
    uint64_t total_bytes;
} pwi_pkg_desc;

/* Adds a package and returns its index. */
size_t pwi_report_add_package(pw_report *rep, const pwi_pkg_desc *d);
/* Copies f (NULL strings become "") into package pkg. The fingerprint is
 * computed by pw_report_sort; any value in f is ignored. */
void pwi_report_add_finding(pw_report *rep, size_t pkg, const pw_finding *f);
void pwi_report_set_verdict(pw_report *rep, size_t pkg, pw_verdict v,
                            double score);
void pwi_report_add_error(pw_report *rep, const char *input, pw_status code,
                          const char *message, size_t line);
/* Keeps the findings of package pkg for which keep() returns 1 and frees
 * the others. Returns how many were dropped. */
size_t pwi_report_filter(pw_report *rep, size_t pkg,
                         int (*keep)(const pw_package_info *p,
                                     const pw_finding *f, void *user),
                         void *user);
/* Findings left out by suppressions (reported in the summary). */
void pwi_report_add_suppressed(pw_report *rep, size_t n);

/* Moves everything from src into dst; src is left empty. */
void pwi_report_merge(pw_report *dst, pw_report *src);

/* Score of one finding: severity weight times confidence/100. */
double pwi_finding_score(const pw_finding *f);
/* Scores every package's findings and sets its verdict. */
void pwi_report_apply_verdicts(pw_report *rep, const pw_thresholds *t);

#endif
