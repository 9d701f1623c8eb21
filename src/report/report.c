/* report.c - the findings list every command ends in. */
#include "report.h"
#include "util/hash.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct pkg_entry {
    pw_package_info info;
    pw_finding *findings;
    size_t nfindings, capfindings;
} pkg_entry;

struct pw_report {
    pkg_entry *pkgs;
    size_t npkgs, cappkgs;
    pw_report_error *errors;
    size_t nerrors, caperrors;
    size_t suppressed;
};

static const char *dup_or_empty(const char *s)
{
    return pwi_xstrdup(s ? s : "");
}

static void free_str(const char *s)
{
    free((void *)s);
}

pw_report *pw_report_new(void)
{
    return pwi_xcalloc(1, sizeof(pw_report));
}

static void finding_release(pw_finding *f)
{
    free_str(f->rule);
    free_str(f->title);
    free_str(f->category);
    free_str(f->path);
    free_str(f->snippet);
    free_str(f->message);
    free_str(f->remediation);
    free_str(f->evidence);
    free_str(f->fingerprint);
}

static void pkg_release(pkg_entry *p)
{
    free_str(p->info.ecosystem);
    free_str(p->info.name);
    free_str(p->info.version);
    free_str(p->info.source);
    free_str(p->info.root);
    for (size_t i = 0; i < p->nfindings; i++)
        finding_release(&p->findings[i]);
    free(p->findings);
}

void pw_report_free(pw_report *rep)
{
    if (!rep)
        return;
    for (size_t i = 0; i < rep->npkgs; i++)
        pkg_release(&rep->pkgs[i]);
    free(rep->pkgs);
    for (size_t i = 0; i < rep->nerrors; i++) {
        free_str(rep->errors[i].input);
        free_str(rep->errors[i].message);
    }
    free(rep->errors);
    free(rep);
}

size_t pwi_report_add_package(pw_report *rep, const pwi_pkg_desc *d)
{
    PW_GROW(rep->pkgs, rep->cappkgs, rep->npkgs + 1);
    pkg_entry *p = &rep->pkgs[rep->npkgs];
    memset(p, 0, sizeof *p);
    p->info.ecosystem = dup_or_empty(d->ecosystem && *d->ecosystem ? d->ecosystem : "unknown");
    p->info.name = dup_or_empty(d->name);
    p->info.version = dup_or_empty(d->version);
    p->info.source = dup_or_empty(d->source);
    p->info.root = dup_or_empty(d->root);
    p->info.file_count = d->file_count;
    p->info.total_bytes = d->total_bytes;
    p->info.verdict = PW_VERDICT_CLEAN;
    return rep->npkgs++;
}

void pwi_report_add_finding(pw_report *rep, size_t pkg, const pw_finding *f)
{
    pkg_entry *p = &rep->pkgs[pkg];
    PW_GROW(p->findings, p->capfindings, p->nfindings + 1);
    pw_finding *d = &p->findings[p->nfindings++];
    *d = *f;
    d->rule = dup_or_empty(f->rule);
    d->title = dup_or_empty(f->title);
    d->category = dup_or_empty(f->category);
    d->path = dup_or_empty(f->path);
    d->snippet = dup_or_empty(f->snippet);
    d->message = dup_or_empty(f->message);
    d->remediation = dup_or_empty(f->remediation);
    d->evidence = dup_or_empty(f->evidence);
    d->fingerprint = dup_or_empty("");
    if (d->confidence > 100)
        d->confidence = 100;
}

void pwi_report_set_verdict(pw_report *rep, size_t pkg, pw_verdict v,
                            double score)
{
    rep->pkgs[pkg].info.verdict = v;
    rep->pkgs[pkg].info.score = score;
}

void pwi_report_add_error(pw_report *rep, const char *input, pw_status code,
                          const char *message, size_t line)
{
    PW_GROW(rep->errors, rep->caperrors, rep->nerrors + 1);
    pw_report_error *e = &rep->errors[rep->nerrors++];
    e->input = dup_or_empty(input);
    e->code = code;
    e->message = dup_or_empty(message);
    e->line = line;
}

void pwi_report_merge(pw_report *dst, pw_report *src)
{
    if (src->npkgs) {
        PW_GROW(dst->pkgs, dst->cappkgs, dst->npkgs + src->npkgs);
        memcpy(dst->pkgs + dst->npkgs, src->pkgs, src->npkgs * sizeof *src->pkgs);
        dst->npkgs += src->npkgs;
    }
    if (src->nerrors) {
        PW_GROW(dst->errors, dst->caperrors, dst->nerrors + src->nerrors);
        memcpy(dst->errors + dst->nerrors, src->errors,
               src->nerrors * sizeof *src->errors);
        dst->nerrors += src->nerrors;
    }
    dst->suppressed += src->suppressed;
    free(src->pkgs);
    free(src->errors);
    memset(src, 0, sizeof *src);
}

size_t pw_report_package_count(const pw_report *rep)
{
    return rep->npkgs;
}

const pw_package_info *pw_report_package(const pw_report *rep, size_t i)
{
    return i < rep->npkgs ? &rep->pkgs[i].info : NULL;
}

size_t pw_report_finding_count(const pw_report *rep, size_t pkg)
{
    return pkg < rep->npkgs ? rep->pkgs[pkg].nfindings : 0;
}

const pw_finding *pw_report_finding(const pw_report *rep, size_t pkg, size_t i)
{
    if (pkg >= rep->npkgs || i >= rep->pkgs[pkg].nfindings)
        return NULL;
    return &rep->pkgs[pkg].findings[i];
}

size_t pw_report_error_count(const pw_report *rep)
{
    return rep->nerrors;
}

const pw_report_error *pw_report_error_at(const pw_report *rep, size_t i)
{
    return i < rep->nerrors ? &rep->errors[i] : NULL;
}

int pw_report_max_severity(const pw_report *rep)
{
    int max = -1;
    for (size_t i = 0; i < rep->npkgs; i++)
        for (size_t j = 0; j < rep->pkgs[i].nfindings; j++)
            if ((int)rep->pkgs[i].findings[j].severity > max)
                max = (int)rep->pkgs[i].findings[j].severity;
    return max;
}

size_t pw_report_count_at_least(const pw_report *rep, pw_severity sev)
{
    size_t n = 0;
    for (size_t i = 0; i < rep->npkgs; i++)
        for (size_t j = 0; j < rep->pkgs[i].nfindings; j++)
            if (rep->pkgs[i].findings[j].severity >= sev)
                n++;
    return n;
}

/* ---- canonical order ---------------------------------------------------- */

static int cmp_size(size_t a, size_t b)
{
    return a < b ? -1 : a > b;
}

static int cmp_finding(const void *pa, const void *pb)
{
    const pw_finding *a = pa, *b = pb;
    int c;
    if (a->severity != b->severity)
        return a->severity > b->severity ? -1 : 1;
    if ((c = strcmp(a->path, b->path)))
        return c;
    if ((c = cmp_size(a->line, b->line)))
        return c;
    if ((c = cmp_size(a->column, b->column)))
        return c;
    if ((c = strcmp(a->rule, b->rule)))
        return c;
    if ((c = strcmp(a->message, b->message)))
        return c;
    return strcmp(a->snippet, b->snippet);
}

static int cmp_pkg(const void *pa, const void *pb)
{
    const pkg_entry *a = pa, *b = pb;
    int c;
    if ((c = strcmp(a->info.source, b->info.source)))
        return c;
    if ((c = strcmp(a->info.root, b->info.root)))
        return c;
    if ((c = strcmp(a->info.ecosystem, b->info.ecosystem)))
        return c;
    if ((c = strcmp(a->info.name, b->info.name)))
        return c;
    return strcmp(a->info.version, b->info.version);
}

static int cmp_error(const void *pa, const void *pb)
{
    const pw_report_error *a = pa, *b = pb;
    int c;
    if ((c = strcmp(a->input, b->input)))
        return c;
    if ((c = cmp_size(a->line, b->line)))
        return c;
    return strcmp(a->message, b->message);
}

/* Fingerprint: rule, package identity, path and evidence text, plus the
 * occurrence number among identical tuples, so line shifts elsewhere in
 * the file do not change it. */
static void fingerprint_pkg(pkg_entry *p)
{
    for (size_t i = 0; i < p->nfindings; i++) {
        pw_finding *f = &p->findings[i];
        size_t occurrence = 0;
        for (size_t j = 0; j < i; j++) {
            const pw_finding *g = &p->findings[j];
            if (!strcmp(g->rule, f->rule) && !strcmp(g->path, f->path) &&
                !strcmp(g->snippet, f->snippet))
                occurrence++;
        }
        pwi_sha256 h;
        pwi_sha256_init(&h);
        const char *parts[] = {f->rule, p->info.ecosystem, p->info.name,
                               f->path, f->snippet};
        for (size_t k = 0; k < sizeof parts / sizeof *parts; k++)
            pwi_sha256_update(&h, parts[k], strlen(parts[k]) + 1);
        pwi_sha256_update(&h, &occurrence, sizeof occurrence);
        unsigned char md[PW_SHA256_LEN];
        pwi_sha256_final(&h, md);
        char hex[17];
        pwi_hex(md, 8, hex);
        free_str(f->fingerprint);
        f->fingerprint = pwi_xstrdup(hex);
    }
}

void pw_report_sort(pw_report *rep)
{
    for (size_t i = 0; i < rep->npkgs; i++) {
        pkg_entry *p = &rep->pkgs[i];
        if (p->nfindings)
            qsort(p->findings, p->nfindings, sizeof *p->findings, cmp_finding);
        fingerprint_pkg(p);
    }
    /* qsort(NULL, 0, ...) is undefined behaviour */
    if (rep->npkgs)
        qsort(rep->pkgs, rep->npkgs, sizeof *rep->pkgs, cmp_pkg);
    if (rep->nerrors)
        qsort(rep->errors, rep->nerrors, sizeof *rep->errors, cmp_error);
}

/* ---- scores and verdicts ------------------------------------------------ */

size_t pwi_report_filter(pw_report *rep, size_t pkg,
                         int (*keep)(const pw_package_info *p,
                                     const pw_finding *f, void *user),
                         void *user)
{
    pkg_entry *p = &rep->pkgs[pkg];
    size_t w = 0;
    for (size_t i = 0; i < p->nfindings; i++) {
        if (keep(&p->info, &p->findings[i], user))
            p->findings[w++] = p->findings[i];
        else
            finding_release(&p->findings[i]);
    }
    size_t dropped = p->nfindings - w;
    p->nfindings = w;
    return dropped;
}

void pwi_report_add_suppressed(pw_report *rep, size_t n)
{
    rep->suppressed += n;
}

size_t pw_report_suppressed_count(const pw_report *rep)
{
    return rep->suppressed;
}

static const double severity_weight[] = {0, 1, 3, 6, 10};

double pwi_finding_score(const pw_finding *f)
{
    return severity_weight[f->severity] * (double)f->confidence / 100.0;
}

void pwi_report_apply_verdicts(pw_report *rep, const pw_thresholds *t)
{
    for (size_t i = 0; i < rep->npkgs; i++) {
        pkg_entry *p = &rep->pkgs[i];
        double score = 0;
        for (size_t j = 0; j < p->nfindings; j++) {
            double s = pwi_finding_score(&p->findings[j]);
            if (s > score)
                score = s;
        }
        pw_verdict v = PW_VERDICT_CLEAN;
        if (score >= t->malicious)
            v = PW_VERDICT_MALICIOUS;
        else if (score >= t->suspicious)
            v = PW_VERDICT_SUSPICIOUS;
        pwi_report_set_verdict(rep, i, v, score);
    }
}

void pw_thresholds_default(pw_thresholds *t)
{
    t->suspicious = 3.0;
    t->malicious = 8.0;
}

/* ---- names --------------------------------------------------------------- */

static const char *const severity_names[] = {"info", "low", "medium", "high",
                                             "critical"};

const char *pw_severity_name(pw_severity s)
{
    return (unsigned)s <= PW_SEV_CRITICAL ? severity_names[s] : "unknown";
}

int pw_severity_parse(const char *s, pw_severity *out)
{
    for (int i = 0; i <= PW_SEV_CRITICAL; i++)
        if (s && !strcasecmp(s, severity_names[i])) {
            *out = (pw_severity)i;
            return 0;
        }
    return -1;
}

const char *pw_verdict_name(pw_verdict v)
{
    switch (v) {
    case PW_VERDICT_CLEAN: return "clean";
    case PW_VERDICT_SUSPICIOUS: return "suspicious";
    case PW_VERDICT_MALICIOUS: return "malicious";
    }
    return "unknown";
}

int pw_format_parse(const char *s, pw_format *out)
{
    static const char *const names[] = {"text", "json", "sarif", "osv"};
    for (int i = 0; i < 4; i++)
        if (s && !strcasecmp(s, names[i])) {
            *out = (pw_format)i;
            return 0;
        }
    return -1;
}
