/* trust.c - registry trust signals (see trust.h). */
#include "registry/trust.h"
#include "db/version.h"
#include "rules/rule-finding.h"
#include "rules/rules.h"
#include "util/file.h"
#include "util/mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOUR 3600
#define DAY (24 * HOUR)
#define LOOKBACK 5 /* predecessors compared for publisher/provenance */

typedef struct tctx {
    const pw_rules *rules;
    pw_report *rep;
    size_t pkg;
    const char *what; /* "name@version" */
} tctx;

static void emit(tctx *t, const char *rule, const char *snippet,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void emit(tctx *t, const char *rule, const char *snippet,
                 const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pwi_rule_finding(t->rep, t->pkg, t->rules, rule, -1, "", 0, snippet,
                     "registry metadata", msg);
}

unsigned pwi_edit_distance(const char *a, const char *b, unsigned max)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 214 || m > 214)
        return max + 1;
    if ((n > m ? n - m : m - n) > max)
        return max + 1;
    /* three rows for the transposition case */
    unsigned rows[3][216];
    unsigned *pp = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= m; j++)
        prev[j] = (unsigned)j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = (unsigned)i;
        unsigned best = cur[0];
        for (size_t j = 1; j <= m; j++) {
            unsigned cost = a[i - 1] != b[j - 1];
            unsigned v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (prev[j - 1] + cost < v)
                v = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1;
            cur[j] = v;
            if (v < best)
                best = v;
        }
        if (best > max)
            return max + 1;
        unsigned *tmp = pp;
        pp = prev;
        prev = cur;
        cur = tmp;
    }
    return prev[m] > max ? max + 1 : prev[m];
}

const pwi_reg_dep **pwi_trust_new_deps(const pwi_reg_version *v,
                                       const pwi_reg_version *old, size_t *n)
{
    const pwi_reg_dep **out = pwi_xcalloc(v->ndeps + 1, sizeof *out);
    *n = 0;
    for (size_t i = 0; i < v->ndeps; i++) {
        int had = 0;
        for (size_t j = 0; old && j < old->ndeps && !had; j++)
            had = !strcmp(old->deps[j].name, v->deps[i].name);
        if (!had)
            out[(*n)++] = &v->deps[i];
    }
    return out;
}

/* Index of v in p->versions. */
static size_t index_of(const pwi_packument *p, const pwi_reg_version *v)
{
    return (size_t)(v - p->versions);
}

static int in_list(char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i], s))
            return 1;
    return 0;
}

static void publisher_signals(tctx *t, const pwi_packument *p,
                              const pwi_reg_version *v,
                              const pwi_reg_version *old)
{
    if (!v->publisher) {
        emit(t, "trust-publisher-unknown", "",
             "the registry does not say who published %s (no _npmUser): "
             "publisher, maintainer and provenance changes cannot be "
             "checked", t->what);
        return;
    }
    if (!old)
        return;
    /* the publisher of any of the last few releases on this line (before
     * v was published) counts as usual */
    int usual = 0, had_provenance = 0, had_githead = 0, known = 0;
    unsigned long line = strtoul(v->version, NULL, 10);
    size_t seen = 0;
    for (size_t i = index_of(p, old) + 1; i-- > 0 && seen < LOOKBACK;) {
        const pwi_reg_version *q = &p->versions[i];
        if ((strchr(q->version, '-') && !strchr(v->version, '-')) ||
            strtoul(q->version, NULL, 10) != line ||
            (v->published && q->published > v->published))
            continue;
        seen++;
        if (q->publisher) {
            known = 1;
            usual |= !strcmp(q->publisher, v->publisher);
        }
        had_provenance |= q->provenance || q->trusted_publisher;
        had_githead |= q->git_head != NULL;
    }
    if (known && !usual)
        emit(t, "trust-publisher-changed", v->publisher,
             "%s was published by \"%s\"; the previous releases on its line "
             "(up to %s) were published by \"%s\"", t->what, v->publisher,
             old->version, old->publisher ? old->publisher : "?");
    if (old->nmaintainers && v->nmaintainers) {
        for (size_t i = 0; i < v->nmaintainers; i++)
            if (!in_list(old->maintainers, old->nmaintainers,
                         v->maintainers[i])) {
                emit(t, "trust-maintainers-changed", v->maintainers[i],
                     "maintainer \"%s\" appears in %s but not in %s",
                     v->maintainers[i], t->what, old->version);
                break;
            }
    }
    if (had_provenance && !v->provenance && !v->trusted_publisher)
        emit(t, "trust-provenance-dropped", "",
             "previous releases were published with provenance "
             "(attestations or trusted publishing); %s has none: it was "
             "published from somewhere else, e.g. a stolen token", t->what);
    if (had_githead && !v->git_head)
        emit(t, "trust-githead-missing", "",
             "previous releases record the git commit they were built from "
             "(gitHead); %s does not: it was not published from the "
             "project's repository checkout", t->what);
}

static void time_signals(tctx *t, const pwi_packument *p,
                         const pwi_reg_version *v,
                         const pwi_reg_version *old, const pwi_trust_opts *o)
{
    if (!v->published) {
        emit(t, "trust-time-unknown", "",
             "the registry gives no publish time for %s: release age, "
             "bursts and dormancy cannot be checked", t->what);
        return;
    }
    int64_t age = o->now - v->published;
    if (o->min_age >= 0 && age < o->min_age)
        emit(t, "trust-release-young", "",
             "%s was published %lld h ago, less than the cooldown of %lld h",
             t->what, (long long)(age / HOUR), (long long)(o->min_age / HOUR));
    if (old && old->published && v->published - old->published > 365 * DAY)
        emit(t, "trust-dormant-revived", old->version,
             "%s comes %lld days after the previous release %s: a dormant "
             "package publishing again", t->what,
             (long long)((v->published - old->published) / DAY), old->version);
    /* another release line published within the hour */
    unsigned long vmaj = strtoul(v->version, NULL, 10);
    for (size_t i = 0; i < p->nversions; i++) {
        const pwi_reg_version *q = &p->versions[i];
        if (q == v || !q->published || strchr(q->version, '-'))
            continue;
        int64_t d = q->published - v->published;
        if (d < 0)
            d = -d;
        if (d <= HOUR && strtoul(q->version, NULL, 10) != vmaj) {
            emit(t, "trust-burst-publishing", q->version,
                 "%s and %s (another release line) were published %lld "
                 "minutes apart", t->what, q->version, (long long)(d / 60));
            break;
        }
    }
    if (p->latest && pwi_semver_valid(p->latest)) {
        for (size_t i = 0; i < p->nversions; i++) {
            const char *q = p->versions[i].version;
            int c;
            if (!strchr(q, '-') && pwi_semver_valid(q) &&
                !pwi_semver_cmp(q, p->latest, &c) && c > 0) {
                emit(t, "trust-latest-moved-back", p->latest,
                     "dist-tags.latest is %s although %s exists", p->latest, q);
                break;
            }
        }
    }
}

static void dependency_signals(tctx *t, const pwi_reg_version *v,
                               const pwi_reg_version *old,
                               const pwi_trust_opts *o)
{
    size_t n;
    const pwi_reg_dep **deps = pwi_trust_new_deps(v, old, &n);
    for (size_t i = 0; i < n; i++) {
        const char *name = deps[i]->name;
        for (size_t k = 0; k < o->npopular; k++) {
            if (!strcmp(name, o->popular[k]))
                break;
            if (pwi_edit_distance(name, o->popular[k], 1) == 1) {
                emit(t, "trust-dependency-near-miss", name,
                     "new dependency \"%s\" is one edit away from the popular "
                     "package \"%s\"", name, o->popular[k]);
                break;
            }
        }
        if (!old || !o->dep)
            continue;
        const pwi_packument *dp = o->dep(o->dep_user, name);
        if (!dp) {
            emit(t, "trust-dependency-unknown", name,
                 "new dependency \"%s\": no registry metadata could be read, "
                 "so its age and publisher are unknown", name);
            continue;
        }
        int64_t ref = v->published ? v->published : o->now;
        int young = dp->created && ref - dp->created < 30 * DAY;
        if (young || dp->nversions <= 2)
            emit(t, "trust-new-dependency-young", name,
                 "new dependency \"%s\" %s%lld day(s) before %s and has %zu "
                 "version(s)", name,
                 dp->created ? "was created " : "has no creation time; ",
                 dp->created ? (long long)((ref - dp->created) / DAY) : 0LL,
                 t->what, dp->nversions);
    }
    free(deps);
}

void pwi_trust_evaluate(const pwi_packument *p, const pwi_reg_version *v,
                        const pwi_reg_version *old, const pwi_trust_opts *o,
                        const pw_rules *rules, pw_report *rep, size_t pkg)
{
    char what[600];
    snprintf(what, sizeof what, "%s@%s", p->name, v->version);
    tctx t = {rules, rep, pkg, what};
    publisher_signals(&t, p, v, old);
    time_signals(&t, p, v, old, o);
    dependency_signals(&t, v, old, o);
    if (v->deprecated)
        emit(&t, "trust-deprecated", v->deprecated, "%s is deprecated: %s",
             what, v->deprecated);
}

char **pwi_trust_popular_load(size_t *n)
{
    *n = 0;
    char *dir = pwi_rules_default_dir();
    char *path = pwi_xasprintf("%s/data/popular-npm.txt", dir);
    free(dir);
    char *data, **v = NULL;
    size_t len, cap = 0;
    if (pwi_read_file(path, 1 << 20, "name list", &data, &len, NULL) == PW_OK) {
        for (char *line = data, *nl; line && *line; line = nl) {
            nl = strchr(line, '\n');
            if (nl)
                *nl++ = '\0';
            if (!*line || *line == '#' || *n >= 5000)
                continue;
            PW_GROW(v, cap, *n + 1);
            v[(*n)++] = pwi_xstrdup(line);
        }
        free(data);
    }
    free(path);
    return v;
}

void pwi_trust_popular_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}
