/* diff-api.c - pw_diff_paths / pw_diff_buffers. */
#include "core/scan.h"
#include "diff/diff.h"
#include "report/report.h"
#include "util/error.h"

static pw_status run(pw_scanner *sc, const char *on, const void *od,
                     size_t ol, const char *nn, const void *nd, size_t nl,
                     pw_report *rep, pw_error *err)
{
    if (!sc || !on || !nn || !rep)
        return pwi_error(err, PW_ERR_USAGE, NULL, 0, 0,
                         "pw_diff: missing argument");
    pwi_release o, n;
    pw_error e;
    pw_status st = pwi_release_load(sc, on, od, ol, &o, &e);
    if (st == PW_OK || st == PW_ERR_LIMIT) {
        pw_status s2 = pwi_release_load(sc, nn, nd, nl, &n, &e);
        if (s2 == PW_OK || s2 == PW_ERR_LIMIT) {
            const pw_scan_options *opt = pwi_scanner_options(sc);
            pwi_diff_releases(&o, &n, pwi_scanner_rules(sc), &opt->limits,
                              rep);
            pwi_report_apply_verdicts(rep, &opt->thresholds);
            if (st == PW_OK)
                st = s2;
        } else {
            st = s2;
        }
        pwi_release_free(&n);
    }
    pwi_release_free(&o);
    if (st != PW_OK) {
        pwi_report_add_error(rep, *e.path ? e.path : nn, st, e.msg, e.line);
        if (err)
            *err = e;
    }
    pw_report_sort(rep);
    return st;
}

pw_status pw_diff_paths(pw_scanner *sc, const char *old_path,
                        const char *new_path, pw_report *rep, pw_error *err)
{
    return run(sc, old_path, NULL, 0, new_path, NULL, 0, rep, err);
}

pw_status pw_diff_buffers(pw_scanner *sc, const char *old_name,
                          const void *old_data, size_t old_len,
                          const char *new_name, const void *new_data,
                          size_t new_len, pw_report *rep, pw_error *err)
{
    return run(sc, old_name, old_data ? old_data : "", old_len, new_name,
               new_data ? new_data : "", new_len, rep, err);
}
