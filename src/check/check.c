/* check.c - `pkgward check name@version`: vet a release straight from the
 * registry. Fetches its metadata and tarball (integrity checked), diffs it
 * against the previous release on its line, evaluates the registry trust
 * signals, and follows newly added dependencies a few levels down, since
 * a hijack's payload often sits in a fresh dependency (plain-crypto-js)
 * rather than in the package itself. Nothing fetched is ever run. */
#include "pkgward.h"
#include "core/scan.h"
#include "db/version.h"
#include "ingest/package.h"
#include "registry/registry.h"
#include "registry/trust.h"
#include "report/report.h"
#include "rules/rule-finding.h"
#include "util/error.h"
#include "util/file.h"
#include "util/mem.h"
#include "util/paths.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHECK_MAX_NEW_DEPS 20
#define CHECK_MAX_PACKUMENTS 256

typedef struct check_ctx {
    pw_scanner *sc;
    const pw_check_options *o;
    pwi_registry reg;
    pw_report *rep;
    const pw_rules *rules;
    pwi_packument *cache[CHECK_MAX_PACKUMENTS]; /* fetched this run */
    size_t ncache;
    char **popular;
    size_t npopular;
    int64_t now;
    int pypi;             /* checking a PyPI project */
} check_ctx;

void pw_check_options_init(pw_check_options *o)
{
    memset(o, 0, sizeof *o);
    o->min_age = -1;
    o->depth = 2;
}

/* A packument fetched once per run; NULL when unavailable. */
static const pwi_packument *packument(check_ctx *c, const char *name,
                                      pw_error *err)
{
    for (size_t i = 0; i < c->ncache; i++)
        if (!strcmp(c->cache[i]->name, name))
            return c->cache[i];
    if (c->ncache == CHECK_MAX_PACKUMENTS) {
        pwi_error(err, PW_ERR_LIMIT, name, 0, 0,
                  "more than %d packages looked up", CHECK_MAX_PACKUMENTS);
        return NULL;
    }
    pwi_packument *p;
    pw_status st = c->pypi ? pwi_registry_pypi(&c->reg, name, NULL, &p, err)
                           : pwi_registry_packument(&c->reg, name, &p, err);
    if (st != PW_OK)
        return NULL;
    c->cache[c->ncache++] = p;
    return p;
}

static const pwi_packument *dep_lookup(void *user, const char *name)
{
    pw_error e;
    return packument(user, name, &e);
}

/* The highest version satisfying spec (what npm or pip would install
 * now). PyPI specs are " (>=1.0) ; markers" after the name. */
static const pwi_reg_version *resolve(const pwi_packument *p, const char *spec)
{
    char buf[512];
    if (p->pypi) {
        size_t n = strcspn(spec, ";");
        size_t o = 0;
        for (size_t i = 0; i < n && o + 1 < sizeof buf; i++)
            if (spec[i] != '(' && spec[i] != ')' && spec[i] != ' ')
                buf[o++] = spec[i];
        buf[o] = '\0';
        spec = buf;
    }
    const pwi_reg_version *best = NULL;
    for (size_t i = 0; i < p->nversions; i++) {
        int ok = p->pypi ? pwi_pep440_satisfies(spec, p->versions[i].version)
                         : pwi_semver_satisfies(spec, p->versions[i].version);
        if (ok == 1)
            best = &p->versions[i]; /* ascending order */
    }
    return best;
}

/* The highest release below v at all, when v is the first of its line. */
static const pwi_reg_version *below(const pwi_packument *p,
                                    const pwi_reg_version *v)
{
    const pwi_reg_version *prev = pwi_packument_previous(p, v->version);
    if (prev)
        return prev;
    for (size_t i = (size_t)(v - p->versions); i-- > 0;) {
        const char *q = p->versions[i].version;
        if (p->pypi ? pwi_pep440_satisfies(">=0", q) == 1
                    : !strchr(q, '-') && pwi_semver_valid(q))
            return &p->versions[i];
    }
    return NULL;
}

static size_t find_pkg(pw_report *rep, size_t from, const char *name)
{
    char want[256], got[256];
    pwi_name_normalize("pypi", name, want, sizeof want);
    for (size_t i = from; i < pw_report_package_count(rep); i++) {
        const char *n = pw_report_package(rep, i)->name;
        if (!strcmp(n, name) ||
            (!pwi_name_normalize("pypi", n, got, sizeof got) &&
             !strcmp(got, want)))
            return i;
    }
    return pw_report_package_count(rep) > from ? from : (size_t)-1;
}

static pw_status check_release(check_ctx *c, const pwi_packument *p,
                               const pwi_reg_version *v,
                               const pwi_reg_version *old, unsigned depth,
                               int as_dependency, size_t *pkg_out,
                               pw_error *err);

/* The registry shows (and npm resolves from) the packument's copy of the
 * manifest, but installs run the tarball's: a difference in install
 * scripts or dependencies hides them from anyone reading the registry. */
static void manifest_confusion(check_ctx *c, const pwi_reg_version *v,
                               const void *tgz, size_t len, size_t pkg)
{
    pwi_tree t;
    pwi_tree_init(&t, "tarball");
    const pw_limits *lim = &pwi_scanner_options(c->sc)->limits;
    pw_error e;
    if (pwi_ingest_buffer("tarball", tgz, len, lim, &t, &e) != PW_OK) {
        pwi_tree_release(&t);
        return;
    }
    pwi_package *pk;
    size_t npk;
    pwi_packages_find(&t, lim, &pk, &npk);
    const json_t *m = NULL;
    for (size_t i = 0; i < npk && !m; i++)
        if (!strcmp(pk[i].root, "package"))
            m = pk[i].manifest_json;
    if (m) {
        char *ts = pwi_npm_install_scripts(json_object_get(m, "scripts"));
        if ((ts || v->install_scripts) &&
            (!ts || !v->install_scripts || strcmp(ts, v->install_scripts)))
            pwi_rule_finding(c->rep, pkg, c->rules, "trust-manifest-confusion",
                             -1, "package.json", 0, ts ? ts : "", "",
                             ts ? "the tarball's package.json runs install "
                                  "scripts the registry metadata does not show"
                                : "the registry metadata lists install scripts "
                                  "the tarball's package.json does not have");
        free(ts);
        static const char *const fields[] = {"dependencies",
                                             "optionalDependencies", NULL};
        for (const char *const *f = fields; *f; f++) {
            const char *name;
            const json_t *spec;
            json_object_foreach((json_t *)json_object_get(m, *f), name, spec)
            {
                size_t k = 0;
                while (k < v->ndeps && strcmp(v->deps[k].name, name))
                    k++;
                if (k < v->ndeps)
                    continue;
                char msg[600];
                snprintf(msg, sizeof msg,
                         "the tarball's package.json depends on %s, which the "
                         "registry metadata for this version does not list",
                         name);
                pwi_rule_finding(c->rep, pkg, c->rules,
                                 "trust-manifest-confusion", -1, "package.json",
                                 0, name, "", msg);
            }
        }
    }
    pwi_packages_free(pk, npk);
    pwi_tree_release(&t);
}

/* Follows the dependencies v added (relative to old) and reports any that
 * come out suspicious or malicious on package pkg. */
static void follow_new_deps(check_ctx *c, const pwi_reg_version *v,
                            const pwi_reg_version *old, unsigned depth,
                            size_t pkg)
{
    size_t n;
    const pwi_reg_dep **deps = pwi_trust_new_deps(v, old, &n);
    for (size_t i = 0; i < n && i < CHECK_MAX_NEW_DEPS; i++) {
        pw_error e;
        const pwi_packument *dp = packument(c, deps[i]->name, &e);
        const pwi_reg_version *dv = dp ? resolve(dp, deps[i]->spec) : NULL;
        if (!dv)
            continue; /* reported by the trust signals as unknown */
        size_t dpkg;
        if (check_release(c, dp, dv, NULL, depth - 1, 1, &dpkg, &e) != PW_OK)
            continue;
        const pw_package_info *info = pw_report_package(c->rep, dpkg);
        if (!info || info->verdict == PW_VERDICT_CLEAN)
            continue;
        /* the strongest finding explains the verdict */
        const pw_finding *top = NULL;
        for (size_t j = 0; j < pw_report_finding_count(c->rep, dpkg); j++) {
            const pw_finding *f = pw_report_finding(c->rep, dpkg, j);
            if (!top || f->severity > top->severity)
                top = f;
        }
        char msg[1024], snip[300];
        snprintf(snip, sizeof snip, "%s@%s", dp->name, dv->version);
        snprintf(msg, sizeof msg,
                 "new dependency %s (from \"%s\") is %s: %s%s%s%s", snip,
                 deps[i]->spec, pw_verdict_name(info->verdict),
                 top ? top->title : "", top && *top->path ? " at " : "",
                 top ? top->path : "", "");
        int mal = info->verdict == PW_VERDICT_MALICIOUS;
        pwi_rule_finding(c->rep, pkg, c->rules,
                         mal ? "trust-new-dependency-malicious"
                             : "trust-new-dependency-suspicious",
                         -1, "package.json", 0, snip, "", msg);
    }
    free(deps);
}

static pw_status check_release(check_ctx *c, const pwi_packument *p,
                               const pwi_reg_version *v,
                               const pwi_reg_version *old, unsigned depth,
                               int as_dependency, size_t *pkg_out,
                               pw_error *err)
{
    pwi_buf nb, ob;
    pw_status st = pwi_registry_tarball(&c->reg, v, &nb, err);
    if (st)
        return st;
    char *nname = pwi_xasprintf("%s@%s", p->name, v->version);
    size_t before = pw_report_package_count(c->rep);
    if (old && !as_dependency) {
        st = pwi_registry_tarball(&c->reg, old, &ob, err);
        if (!st) {
            char *oname = pwi_xasprintf("%s@%s", p->name, old->version);
            st = pw_diff_buffers(c->sc, oname, ob.data, ob.len, nname,
                                 nb.data, nb.len, c->rep, err);
            free(oname);
        }
        pwi_buf_release(&ob);
    } else {
        /* a new dependency is unknown code: the whole of it is vetted */
        st = pw_scanner_scan_buffer(c->sc, nname, nb.data, nb.len, c->rep,
                                    err);
    }
    free(nname);
    if (st != PW_OK && st != PW_ERR_LIMIT) {
        pwi_buf_release(&nb);
        return st;
    }
    size_t pkg = find_pkg(c->rep, before, p->name);
    if (pkg == (size_t)-1) {
        pwi_buf_release(&nb);
        return pwi_error(err, PW_ERR_FORMAT, p->name, 0, 0,
                         "the tarball of %s@%s holds no package", p->name,
                         v->version);
    }
    manifest_confusion(c, v, nb.data, nb.len, pkg);
    pwi_buf_release(&nb);
    pwi_trust_opts to = {c->now, c->o->min_age, dep_lookup, c,
                         (const char *const *)c->popular, c->npopular};
    const pwi_reg_version *base = as_dependency ? below(p, v) : old;
    /* PyPI lists requirements only per release: read both releases' */
    pwi_packument *vd = NULL, *bd = NULL;
    const pwi_reg_version *tv = v, *tb = base;
    if (p->pypi) {
        pw_error e2;
        if (pwi_registry_pypi(&c->reg, p->name, v->version, &vd, &e2) == PW_OK &&
            vd->nversions == 1) {
            vd->versions[0].published = v->published;
            tv = &vd->versions[0];
        }
        if (base &&
            pwi_registry_pypi(&c->reg, p->name, base->version, &bd, &e2) == PW_OK &&
            bd->nversions == 1) {
            bd->versions[0].published = base->published;
            tb = &bd->versions[0];
        }
        if (tv != v && tb == base && base)
            tb = NULL; /* cannot compare requirements with the project doc */
    }
    /* publisher signals index base in p; PyPI has no publisher, so its
     * per-release entries serve for everything */
    pwi_trust_evaluate(p, tv, tb, &to, c->rules, c->rep, pkg);
    if (depth > 0 && (!p->pypi || tb || !base))
        follow_new_deps(c, tv, tb, depth, pkg);
    pwi_packument_free(vd);
    pwi_packument_free(bd);
    pwi_report_apply_verdicts(c->rep, &pwi_scanner_options(c->sc)->thresholds);
    *pkg_out = pkg;
    return st;
}

/* "name", "name@1.2.3", "@s/x@1.2.3", "name@1.2.2..1.2.3". */
static int parse_spec(const char *spec, char *name, size_t ns, char *oldv,
                      char *newv, size_t vs)
{
    const char *at = strchr(spec[0] == '@' ? spec + 1 : spec, '@');
    size_t nl = at ? (size_t)(at - spec) : strlen(spec);
    if (nl == 0 || nl >= ns)
        return -1;
    memcpy(name, spec, nl);
    name[nl] = '\0';
    oldv[0] = newv[0] = '\0';
    if (!at)
        return 0;
    const char *range = at + 1;
    const char *dots = strstr(range, "..");
    if (dots) {
        if ((size_t)(dots - range) >= vs || strlen(dots + 2) >= vs)
            return -1;
        memcpy(oldv, range, (size_t)(dots - range));
        oldv[dots - range] = '\0';
        snprintf(newv, vs, "%s", dots + 2);
        return *oldv && *newv ? 0 : -1;
    }
    if (strlen(range) >= vs || !*range)
        return -1;
    snprintf(newv, vs, "%s", range);
    return 0;
}

/* "name", "name==1.0", "name==1.0..1.1" */
static int parse_pypi_spec(const char *spec, char *name, size_t ns, char *oldv,
                           char *newv, size_t vs)
{
    const char *eq = strstr(spec, "==");
    size_t nl = eq ? (size_t)(eq - spec) : strlen(spec);
    if (nl == 0 || nl >= ns)
        return -1;
    memcpy(name, spec, nl);
    name[nl] = '\0';
    oldv[0] = newv[0] = '\0';
    if (!eq)
        return 0;
    const char *r = eq + 2, *dots = strstr(r, "..");
    if (dots) {
        if ((size_t)(dots - r) >= vs || strlen(dots + 2) >= vs)
            return -1;
        memcpy(oldv, r, (size_t)(dots - r));
        oldv[dots - r] = '\0';
        snprintf(newv, vs, "%s", dots + 2);
        return *oldv && *newv ? 0 : -1;
    }
    if (!*r || strlen(r) >= vs)
        return -1;
    snprintf(newv, vs, "%s", r);
    return 0;
}

pw_status pw_check(pw_scanner *sc, const pw_check_options *o,
                   const char *spec, pw_report *rep, pw_error *err)
{
    pw_check_options defaults;
    if (!o) {
        pw_check_options_init(&defaults);
        o = &defaults;
    }
    if (!sc || !spec || !rep)
        return pwi_error(err, PW_ERR_USAGE, NULL, 0, 0,
                         "pw_check: missing argument");
    int pypi = !strncmp(spec, "pypi:", 5);
    char name[256], oldv[128], newv[128];
    if (pypi ? parse_pypi_spec(spec + 5, name, sizeof name, oldv, newv,
                               sizeof oldv)
             : parse_spec(spec, name, sizeof name, oldv, newv, sizeof oldv))
        return pwi_error(err, PW_ERR_USAGE, spec, 0, 0,
                         "expected NAME, NAME@VERSION, NAME@OLD..NEW, or "
                         "pypi:NAME, pypi:NAME==VERSION, "
                         "pypi:NAME==OLD..NEW");
    check_ctx c;
    memset(&c, 0, sizeof c);
    c.sc = sc;
    c.o = o;
    c.rep = rep;
    c.rules = pwi_scanner_rules(sc);
    c.now = o->now ? o->now : (int64_t)time(NULL);
    c.pypi = pypi;
    char *cache = NULL;
    if (o->cache_dir) {
        cache = pwi_xstrdup(o->cache_dir);
    } else {
        char *d = pwi_user_dir(PWI_DIR_CACHE);
        cache = d ? pwi_xasprintf("%s/registry", d) : NULL;
        free(d);
    }
    pwi_registry_init(&c.reg, o->npm_registry, cache, o->offline);
    if (o->pypi_registry)
        c.reg.pypi_url = o->pypi_registry;
    c.reg.pypi = pypi;
    if (o->timeout_s > 0)
        c.reg.http.timeout_s = o->timeout_s;
    c.popular = pwi_trust_popular_load(&c.npopular);

    pw_status st;
    const pwi_packument *p = packument(&c, name, err);
    const pwi_reg_version *v = NULL, *old = NULL;
    if (!p) {
        st = err ? err->code : PW_ERR_IO;
    } else if (!(v = pwi_packument_find(p, *newv ? newv
                                        : p->latest ? p->latest : ""))) {
        st = pwi_error(err, PW_ERR_NOT_FOUND, spec, 0, 0,
                       "%s has no version %s (latest: %s)", name,
                       *newv ? newv : "tagged latest",
                       p->latest ? p->latest : "none");
    } else if (*oldv && !(old = pwi_packument_find(p, oldv))) {
        st = pwi_error(err, PW_ERR_NOT_FOUND, spec, 0, 0,
                       "%s has no version %s", name, oldv);
    } else {
        if (!*oldv)
            old = below(p, v);
        size_t pkg;
        st = check_release(&c, p, v, old, o->depth, 0, &pkg, err);
    }
    if (st != PW_OK && st != PW_ERR_LIMIT)
        pwi_report_add_error(rep, spec, st, err ? err->msg : "", 0);
    for (size_t i = 0; i < c.ncache; i++)
        pwi_packument_free(c.cache[i]);
    pwi_trust_popular_free(c.popular, c.npopular);
    free(cache);
    pwi_report_apply_verdicts(rep, &pwi_scanner_options(sc)->thresholds);
    pw_report_sort(rep);
    return st;
}
