/* suppress.c - a project's accepted findings, with an owner, a reason and
 * an expiry date. An expired suppression stops hiding its finding and is
 * reported itself, so accepted risk is re-examined instead of forgotten. */
#include "config/policy.h"
#include "report/report.h"
#include "rules/rules.h"
#include "db/version.h"
#include "util/paths.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

typedef struct supp_ctx {
    const pwi_policy *pol;
    int64_t now;
    /* expired suppressions that matched, by index, to report once each
     * per package */
    unsigned char *expired_hit;
} supp_ctx;

static int name_eq(const char *eco, const char *a, const char *b)
{
    char x[256], y[256];
    if (pwi_name_normalize(eco, a, x, sizeof x) ||
        pwi_name_normalize(eco, b, y, sizeof y))
        return !strcmp(a, b);
    return !strcmp(x, y);
}

static int covers(const pwi_suppression *s, const pw_package_info *p,
                  const pw_finding *f)
{
    if (s->id && strcmp(s->id, f->rule))
        return 0;
    if (s->package && !name_eq(p->ecosystem, s->package, p->name))
        return 0;
    if (s->version && strcmp(s->version, p->version))
        return 0;
    return 1;
}

static int keep(const pw_package_info *p, const pw_finding *f, void *user)
{
    supp_ctx *c = user;
    if (!strcmp(f->rule, "suppression-expired"))
        return 1;
    int expired_match = 0;
    for (size_t i = 0; i < c->pol->nsupp; i++) {
        const pwi_suppression *s = &c->pol->supp[i];
        if (!covers(s, p, f))
            continue;
        if (s->expires_at && c->now >= s->expires_at) {
            c->expired_hit[i] = 1;
            expired_match = 1;
            continue;
        }
        return 0; /* a live suppression hides it */
    }
    (void)expired_match;
    return 1;
}

void pw_config_suppress(const pw_config *cfg, pw_report *rep, int64_t now,
                        const pw_rules *rules, const pw_thresholds *t)
{
    const pwi_policy *pol = pwi_config_policy(cfg);
    if (!rep || pol->nsupp == 0)
        return;
    unsigned char hits[POLICY_MAX_SUPPRESSIONS];
    supp_ctx c = {pol, now ? now : (int64_t)time(NULL), hits};
    const pwi_rule *r = rules ? pwi_rules_lookup(rules, "suppression-expired")
                              : NULL;
    for (size_t i = 0; i < pw_report_package_count(rep); i++) {
        memset(hits, 0, pol->nsupp);
        pwi_report_add_suppressed(rep, pwi_report_filter(rep, i, keep, &c));
        for (size_t k = 0; k < pol->nsupp; k++) {
            if (!hits[k])
                continue;
            const pwi_suppression *s = &pol->supp[k];
            char msg[768];
            snprintf(msg, sizeof msg,
                     "the suppression of %s%s%s%s%s (owner %s) expired on "
                     "%s; the finding is reported again. Reason given: %s",
                     s->id ? s->id : "every rule", s->package ? " for " : "",
                     s->package ? s->package : "", s->version ? "@" : "",
                     s->version ? s->version : "",
                     s->owner ? s->owner : "not named", s->expires,
                     s->reason);
            char where[512], ev[600];
            snprintf(ev, sizeof ev, "suppression at %s:%zu",
                     pwi_path_for_display(s->file, where, sizeof where),
                     s->line);
            pw_finding f;
            memset(&f, 0, sizeof f);
            f.rule = "suppression-expired";
            f.title = r ? r->info.title : "A suppression has expired";
            f.severity = r ? r->info.severity : PW_SEV_MEDIUM;
            f.category = r ? r->info.category : "policy";
            f.confidence = r ? r->confidence : 100;
            f.remediation = r ? r->info.remediation : "";
            /* about the package; the config file is named in evidence */
            f.path = "";
            f.line = 0;
            f.message = msg;
            f.snippet = s->expires;
            f.evidence = ev;
            pwi_report_add_finding(rep, i, &f);
        }
    }
    pw_thresholds def;
    if (!t) {
        pw_thresholds_default(&def);
        t = &def;
    }
    pwi_report_apply_verdicts(rep, t);
    pw_report_sort(rep);
}
