/* writers.h - the report writers (internal).
 *
 * Each writer is a pure function of a sorted pw_report: it reads only the
 * public accessors of pkgward.h, never re-sorts, leaves out findings below
 * opt->min_severity and produces the same bytes for the same report. opt
 * is never NULL here (pw_report_write fills in defaults). A writer returns
 * PW_ERR_NOMEM when building the output failed and PW_ERR_IO when out
 * could not be written; err is filled either way.
 */
#ifndef PW_REPORT_WRITERS_H
#define PW_REPORT_WRITERS_H

#include "pkgward.h"

#include <jansson.h>

pw_status pwi_write_text(const pw_report *rep, FILE *out,
                         const pw_write_options *opt, pw_error *err);
pw_status pwi_write_json(const pw_report *rep, FILE *out,
                         const pw_write_options *opt, pw_error *err);
pw_status pwi_write_sarif(const pw_report *rep, FILE *out,
                          const pw_write_options *opt, pw_error *err);
pw_status pwi_write_osv(const pw_report *rep, FILE *out,
                        const pw_write_options *opt, pw_error *err);

/* ---- shared by the writers (report-write.c) ------------------------------ */

/* What the summary line / object says. Verdict counts cover every package;
 * finding counts cover only the findings written (>= min severity). */
typedef struct pwi_report_counts {
    size_t packages;
    size_t verdicts[PW_VERDICT_MALICIOUS + 1];
    size_t findings;                      /* written */
    size_t by_severity[PW_SEV_CRITICAL + 1];
    size_t omitted;                       /* below min severity */
    size_t suppressed;                    /* removed by suppressions */
    size_t errors;
} pwi_report_counts;

void pwi_report_counts_compute(const pw_report *rep, pw_severity min,
                               pwi_report_counts *c);

/* Stable short name of a status for machine output: "io", "format", ...
 * These strings are part of the JSON schema; never change one. */
const char *pwi_status_name(pw_status code);

/* Decodes one strictly valid UTF-8 sequence (no overlongs, surrogates or
 * values above U+10FFFF) at p, n > 0 bytes available. Returns its length
 * and sets *cp, or 0 when p does not start a valid sequence. */
size_t pwi_utf8_decode(const unsigned char *p, size_t n, uint32_t *cp);

/* ---- JSON building (report-json.c, also used by report-sarif.c) ---------- */

/* Collects jansson failures so builders need not check every call: any
 * NULL value or failed insertion sets failed. */
typedef struct pwi_jctx {
    int failed;
} pwi_jctx;

/* A JSON string from untrusted C text: invalid UTF-8 bytes become U+FFFD,
 * so the result is always valid JSON. NULL only when allocation failed. */
json_t *pwi_json_text(const char *s);
/* obj[key] = v, taking ownership of v (also on failure). */
void pwi_jset(pwi_jctx *c, json_t *obj, const char *key, json_t *v);
void pwi_jset_str(pwi_jctx *c, json_t *obj, const char *key, const char *s);
void pwi_jset_int(pwi_jctx *c, json_t *obj, const char *key, uint64_t v);
/* arr += v, taking ownership of v. */
void pwi_jappend(pwi_jctx *c, json_t *arr, json_t *v);
/* Dumps root (indented, keys in insertion order) and a newline to out. */
pw_status pwi_json_emit(pwi_jctx *c, json_t *root, FILE *out,
                        const char *what, pw_error *err);

#endif
