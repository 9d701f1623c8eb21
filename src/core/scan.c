/* scan.c - the scan pipeline: ingest -> packages -> analyze -> report,
 * and a fixed pool of workers over many inputs. */
#include "analyzers/analyze.h"
#include "match/match.h"
#include "match/prefilter.h"
#include "match/scopes.h"
#include "core/scan.h"
#include "ingest/ingest.h"
#include "ingest/package.h"
#include "report/report.h"
#include "util/error.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/strmap.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct pw_scanner {
    const pw_rules *rules;
    pw_scan_options opt;
    pwi_pf_scratch *pf_scratch;
    void *match_data;
    pwi_file_scopes *scopes; /* one file's views at a time, arrays reused */
};

void pw_limits_default(pw_limits *l)
{
    l->max_entries = 100000;
    l->max_total_bytes = 1ull << 30;
    l->max_file_bytes = 32ull << 20;
    l->max_ratio = 200;
    l->max_nesting = 3;
    l->max_json_depth = 64;
    l->max_manifest_bytes = 4ull << 20;
}

void pw_scan_options_init(pw_scan_options *o)
{
    memset(o, 0, sizeof *o);
    pw_limits_default(&o->limits);
    pw_thresholds_default(&o->thresholds);
}

pw_status pw_scanner_new(const pw_rules *rules, const pw_scan_options *opt,
                         pw_scanner **out, pw_error *err)
{
    if (!rules || !out)
        return pwi_error(err, PW_ERR_USAGE, NULL, 0, 0,
                         "pw_scanner_new: rules and out are required");
    pw_scanner *sc = pwi_xcalloc(1, sizeof *sc);
    sc->rules = rules;
    if (opt)
        sc->opt = *opt;
    else
        pw_scan_options_init(&sc->opt);
    sc->pf_scratch = pwi_pf_scratch_new(pwi_rules_prefilter(rules));
    sc->match_data = pwi_match_data_new();
    sc->scopes = pwi_xmalloc(sizeof *sc->scopes);
    pwi_scopes_init(sc->scopes);
    *out = sc;
    return PW_OK;
}

void pw_scanner_free(pw_scanner *sc)
{
    if (!sc)
        return;
    pwi_pf_scratch_free(sc->pf_scratch);
    pwi_match_data_free(sc->match_data);
    pwi_scopes_release(sc->scopes);
    free(sc->scopes);
    free(sc);
}

/* The package owning an anomaly: the deepest root at or above its path
 * (walking up the path's directories through a map of roots), else the
 * package with the root "" or the first one. */
static size_t anomaly_owner(const pwi_strmap *roots, size_t fallback, const char *path)
{
    size_t v, len = strlen(path);
    if (pwi_strmap_get(roots, path, len, &v))
        return v;
    for (size_t e = len; e > 0; e--)
        if (path[e - 1] == '/' && pwi_strmap_get(roots, path, e - 1, &v))
            return v;
    return fallback;
}

/* "outer.tgz" plus "!inner/path.tgz" for every archive level the root
 * lies in: root "package/a.tgz!/package/b.whl!" names outer.tgz!package/a.tgz!package/b.whl. */
static char *source_name(const char *input, const char *root)
{
    pwi_buf b;
    pwi_buf_init(&b, 0);
    pwi_buf_adds(&b, input);
    const char *p = root;
    for (;;) {
        const char *bang = strchr(p, '!');
        while (bang && bang[1] != '/' && bang[1] != '\0')
            bang = strchr(bang + 1, '!');
        if (!bang)
            break;
        pwi_buf_addc(&b, '!');
        pwi_buf_add(&b, p, (size_t)(bang - p));
        if (!bang[1])
            break;
        p = bang + 2;
    }
    return pwi_buf_detach(&b);
}

/* Directory trees are bounded per package (a node_modules tree may hold
 * far more than one archive's worth): past max_entries files or
 * max_total_bytes the rest of the package is not analysed, which is
 * reported as a finding and an error. Returns PW_ERR_LIMIT then. */
static pw_status bound_dir_package(pwi_tree *t, pwi_package *p, const pw_limits *lim,
                                   pw_report *rep)
{
    uint64_t bytes = 0;
    size_t keep = p->nfiles;
    const char *rule = NULL;
    int too_many = 0;
    for (size_t k = 0; k < p->nfiles; k++) {
        bytes += t->files[p->files[k]].size;
        if (k >= lim->max_entries) {
            keep = k;
            rule = PWI_AN_TOO_MANY;
            too_many = 1;
            break;
        }
        if (bytes > lim->max_total_bytes) {
            keep = k;
            rule = PWI_AN_TOO_BIG;
            break;
        }
    }
    if (!rule)
        return PW_OK;
    const char *what = too_many ? "max_entries" : "max_total_bytes";
    pwi_tree_anomaly(t, rule, p->root,
                     "package exceeds %s; only %zu of its %zu files were analysed", what,
                     keep, p->nfiles);
    char msg[300];
    snprintf(msg, sizeof msg, "%s%s%s: limit %s reached; %zu of %zu files analysed",
             *p->root ? p->root : "", *p->root ? " " : "", *p->name ? p->name : "package",
             what, keep, p->nfiles);
    pwi_report_add_error(rep, t->source, PW_ERR_LIMIT, msg, 0);
    p->nfiles = keep;
    return PW_ERR_LIMIT;
}

pw_status pwi_scan_packages(const pw_scanner *sc, pwi_tree *t, pwi_package *pk,
                            size_t npk, pw_report *rep)
{
    pw_status st = PW_OK;
    if (t->is_dir)
        for (size_t i = 0; i < npk; i++)
            if (bound_dir_package(t, &pk[i], &sc->opt.limits, rep) != PW_OK)
                st = PW_ERR_LIMIT;

    pwi_strmap roots;
    pwi_strmap_init(&roots);
    size_t fallback = 0;
    for (size_t i = 0; i < npk; i++) {
        pwi_strmap_put(&roots, pk[i].root, strlen(pk[i].root), i);
        if (!*pk[i].root)
            fallback = i;
    }
    size_t *owner = pwi_xcalloc(t->nanomalies + 1, sizeof *owner);
    for (size_t i = 0; i < t->nanomalies; i++)
        owner[i] = anomaly_owner(&roots, fallback, t->anomalies[i].path);
    pwi_strmap_release(&roots);
    /* anomalies grouped by owner, so each package finds its own in O(1) */
    size_t *first = pwi_xcalloc(npk + 1, sizeof *first);
    size_t *order = pwi_xcalloc(t->nanomalies + 1, sizeof *order);
    for (size_t i = 0; i < t->nanomalies; i++)
        first[owner[i] + 1]++;
    for (size_t i = 0; i < npk; i++)
        first[i + 1] += first[i];
    {
        size_t *fill = pwi_xcalloc(npk + 1, sizeof *fill);
        for (size_t i = 0; i < t->nanomalies; i++)
            order[first[owner[i]] + fill[owner[i]]++] = i;
        free(fill);
    }

    for (size_t i = 0; i < npk; i++) {
        pwi_package *p = &pk[i];
        uint64_t bytes = 0;
        for (size_t k = 0; k < p->nfiles; k++)
            bytes += t->files[p->files[k]].size;
        char *source = source_name(t->source, p->root);
        pwi_pkg_desc d = {p->ecosystem, p->name, p->version, source, p->root,
                          p->nfiles, bytes};
        size_t idx = pwi_report_add_package(rep, &d);
        free(source);

        pwi_actx a;
        memset(&a, 0, sizeof a);
        a.rules = sc->rules;
        a.limits = &sc->opt.limits;
        a.tree = t;
        a.pkg = p;
        a.roles = pwi_xcalloc(p->nfiles + 1, sizeof *a.roles);
        a.anomalies = order + first[i];
        a.nanomalies = first[i + 1] - first[i];
        a.rep = rep;
        a.rep_pkg = idx;
        a.pf_scratch = sc->pf_scratch;
        a.match_data = sc->match_data;
        a.scopes = sc->scopes;
        pwi_analyze_package(&a);
        pwi_actx_release(&a);
        free(a.roles);
    }
    free(owner);
    free(first);
    free(order);
    return st;
}

static pw_status analyze_tree(const pw_scanner *sc, pwi_tree *t, pw_report *rep)
{
    pwi_package *pk;
    size_t npk;
    pwi_packages_find(t, &sc->opt.limits, &pk, &npk);
    pw_status st = pwi_scan_packages(sc, t, pk, npk, rep);
    pwi_packages_free(pk, npk);
    return st;
}

const pw_scan_options *pwi_scanner_options(const pw_scanner *sc)
{
    return &sc->opt;
}

const pw_rules *pwi_scanner_rules(const pw_scanner *sc)
{
    return sc->rules;
}

static pw_status scan_one(const pw_scanner *sc, const char *name,
                          const void *data, size_t len, int from_memory,
                          pw_report *rep, pw_error *err)
{
    pwi_tree t;
    pwi_tree_init(&t, name);
    pw_error e;
    pwi_error_clear(&e);
    pw_status st = from_memory
                       ? pwi_ingest_buffer(name, data, len, &sc->opt.limits, &t, &e)
                       : pwi_ingest_path(name, &sc->opt.limits, &t, &e);
    /* A limit hit still yields the findings for what was read; a corrupt
     * or unreadable input yields only the error. */
    if (st == PW_OK || st == PW_ERR_LIMIT) {
        pw_status ast = analyze_tree(sc, &t, rep);
        if (st == PW_OK && ast != PW_OK) {
            st = ast; /* already recorded in rep */
            pwi_error(&e, st, name, 0, 0, "a package exceeded a limit");
            if (err)
                *err = e;
            pwi_tree_release(&t);
            return st;
        }
    }
    if (st != PW_OK) {
        pwi_report_add_error(rep, name, st, e.msg, e.line);
        if (err)
            *err = e;
    }
    pwi_tree_release(&t);
    return st;
}

pw_status pw_scanner_scan_path(pw_scanner *sc, const char *path,
                               pw_report *rep, pw_error *err)
{
    if (!sc || !path || !rep)
        return pwi_error(err, PW_ERR_USAGE, NULL, 0, 0,
                         "pw_scanner_scan_path: missing argument");
    pw_report *part = pw_report_new();
    pw_status st = scan_one(sc, path, NULL, 0, 0, part, err);
    pwi_report_apply_verdicts(part, &sc->opt.thresholds);
    pwi_report_merge(rep, part);
    pw_report_free(part);
    return st;
}

pw_status pw_scanner_scan_buffer(pw_scanner *sc, const char *name,
                                 const void *data, size_t len,
                                 pw_report *rep, pw_error *err)
{
    if (!sc || !name || (!data && len) || !rep)
        return pwi_error(err, PW_ERR_USAGE, NULL, 0, 0,
                         "pw_scanner_scan_buffer: missing argument");
    pw_report *part = pw_report_new();
    pw_status st = scan_one(sc, name, data ? data : "", len, 1, part, err);
    pwi_report_apply_verdicts(part, &sc->opt.thresholds);
    pwi_report_merge(rep, part);
    pw_report_free(part);
    return st;
}

/* ---- worker pool ------------------------------------------------------- */

typedef struct pool {
    const pw_rules *rules;
    const pw_scan_options *opt;
    const char *const *paths;
    size_t n;
    size_t next;            /* next input to take */
    size_t done;
    pthread_mutex_t mu;     /* guards next, done, callbacks, first_* */
    pw_report **parts;      /* one report per input: order is the input's */
    pw_status first_status;
    size_t first_index;
    pw_error first_err;
} pool;

static void deliver(pool *p, pw_report *part)
{
    const pw_scan_options *o = p->opt;
    if (!o->on_finding)
        return;
    for (size_t i = 0; i < pw_report_package_count(part); i++)
        for (size_t j = 0; j < pw_report_finding_count(part, i); j++)
            o->on_finding(pw_report_package(part, i), pw_report_finding(part, i, j),
                          o->user);
}

static void *worker(void *arg)
{
    pool *p = arg;
    pw_scanner *sc;
    if (pw_scanner_new(p->rules, p->opt, &sc, NULL) != PW_OK)
        return NULL;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        size_t i = p->next < p->n ? p->next++ : p->n;
        pthread_mutex_unlock(&p->mu);
        if (i >= p->n)
            break;
        pw_report *part = pw_report_new();
        pw_error e;
        pwi_error_clear(&e);
        pw_status st = scan_one(sc, p->paths[i], NULL, 0, 0, part, &e);
        pwi_report_apply_verdicts(part, &p->opt->thresholds);
        pw_report_sort(part);
        p->parts[i] = part;

        pthread_mutex_lock(&p->mu);
        if (st != PW_OK && (p->first_status == PW_OK || i < p->first_index)) {
            p->first_status = st;
            p->first_index = i;
            p->first_err = e;
        }
        deliver(p, part);
        p->done++;
        if (p->opt->on_progress)
            p->opt->on_progress(p->done, p->n, p->opt->user);
        pthread_mutex_unlock(&p->mu);
    }
    pw_scanner_free(sc);
    return NULL;
}

static unsigned default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

pw_status pw_scan_paths(const pw_rules *rules, const pw_scan_options *opt,
                        const char *const *paths, size_t n, pw_report *rep,
                        pw_error *err)
{
    pw_scan_options defaults;
    if (!opt) {
        pw_scan_options_init(&defaults);
        opt = &defaults;
    }
    if (!rules || !rep || (n && !paths))
        return pwi_error(err, PW_ERR_USAGE, NULL, 0, 0,
                         "pw_scan_paths: missing argument");
    pool p;
    memset(&p, 0, sizeof p);
    p.rules = rules;
    p.opt = opt;
    p.paths = paths;
    p.n = n;
    p.parts = pwi_xcalloc(n + 1, sizeof *p.parts);
    pthread_mutex_init(&p.mu, NULL);

    unsigned jobs = opt->jobs ? opt->jobs : default_jobs();
    if (jobs > n)
        jobs = n ? (unsigned)n : 1;
    if (jobs > 256)
        jobs = 256;
    pthread_t tid[256];
    unsigned started = 0;
    for (unsigned j = 1; j < jobs; j++) {
        if (pthread_create(&tid[started], NULL, worker, &p) != 0)
            break; /* fewer threads is still correct */
        started++;
    }
    worker(&p);
    for (unsigned j = 0; j < started; j++)
        pthread_join(tid[j], NULL);
    pthread_mutex_destroy(&p.mu);

    for (size_t i = 0; i < n; i++) {
        if (!p.parts[i]) {
            /* no worker could start: never report an input as clean */
            pwi_report_add_error(rep, paths[i], PW_ERR_INTERNAL, "input was not scanned", 0);
            if (p.first_status == PW_OK) {
                p.first_status = PW_ERR_INTERNAL;
                pwi_error(&p.first_err, PW_ERR_INTERNAL, paths[i], 0, 0,
                          "input was not scanned");
            }
            continue;
        }
        pwi_report_merge(rep, p.parts[i]);
        pw_report_free(p.parts[i]);
    }
    free(p.parts);
    pw_report_sort(rep);
    if (p.first_status != PW_OK && err)
        *err = p.first_err;
    return p.first_status;
}

const char *pw_version(void)
{
    return PW_VERSION_STRING;
}
