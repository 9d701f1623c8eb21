/* audit.c - `pkgward audit`: every package a lockfile resolves to, checked
 * against the known-malicious database and the project's policy.
 *
 * Report shape: one report package per resolved dependency, plus one for
 * the project itself carrying lockfile-level findings (unresolved
 * versions, other tools' settings). A package's source is the directory
 * of its lockfile; findings name the lockfile relative to it and the line
 * of the entry, so SARIF viewers open the right place, and their evidence
 * carries the dependency path "app > a@1 > b@2".
 */
#include "audit/audit.h"
#include "registry/registry.h"
#include "report/report.h"
#include "rules/rule-finding.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/mem.h"
#include "util/paths.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void pw_audit_options_init(pw_audit_options *o)
{
    memset(o, 0, sizeof *o);
    pw_thresholds_default(&o->thresholds);
    o->lint_tools = 1;
}

void pwi_audit_emit(pwi_audit *a, size_t pkg, const char *rule,
                    const char *path, size_t line, const char *snippet,
                    const char *evidence, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* paths are reported relative to the package's source directory */
    const char *rel = path ? path : "";
    size_t dn = a->source_dir ? strlen(a->source_dir) : 0;
    if (dn && !strcmp(a->source_dir, ".") && !strncmp(rel, "./", 2))
        rel += 2;
    else if (dn && !strncmp(rel, a->source_dir, dn) && rel[dn] == '/')
        rel += dn + 1;
    pwi_rule_finding(a->rep, pkg, a->rules, rule, -1, rel, line, snippet,
                     evidence, msg);
}

/* ---- known-malicious matches --------------------------------------------- */

typedef struct match_ctx {
    pwi_audit *a;
    const pwi_lockfile *lf;
    const pwi_lock_pkg *p;
    size_t pkg;
    const char *path_str;
    const char *file; /* the entry's file, relative to the source */
} match_ctx;

static void on_match(const pw_db_match *m, void *user)
{
    match_ctx *c = user;
    const pwi_lock_pkg *p = c->p;
    const char *file = c->file;
    char snippet[512];
    snprintf(snippet, sizeof snippet, "%s%s%s", p->name,
             p->version ? "@" : (p->spec ? " " : ""),
             p->version ? p->version : (p->spec ? p->spec : ""));
    pwi_buf ev;
    pwi_buf_init(&ev, 8192);
    pwi_buf_printf(&ev, "%s", m->id);
    if (*m->aliases)
        pwi_buf_printf(&ev, " (%s)", m->aliases);
    if (*m->summary)
        pwi_buf_printf(&ev, ": %s", m->summary);
    pwi_buf_printf(&ev, "; pulled in by %s", c->path_str);
    const char *first_ref = m->references;
    size_t ref_len = strcspn(first_ref, "\n");
    if (ref_len)
        pwi_buf_printf(&ev, "; see %.*s", (int)ref_len, first_ref);
    const char *evidence = ev.data ? ev.data : "";

    if (p->version) {
        const char *rule = m->all_versions ? "known-malicious-package"
                                           : "known-malicious-version";
        pwi_audit_emit(c->a, c->pkg, rule, file, p->line, snippet, evidence,
                       "%s@%s is a known-malicious %s (%s)", p->name,
                       p->version,
                       m->all_versions ? "package: every version is" 
                                         " malicious" : "release",
                       m->id);
    } else {
        pwi_audit_emit(c->a, c->pkg, "known-malicious-range", file, p->line,
                       snippet, evidence,
                       "%s %s can resolve to known-malicious %s (%s); the "
                       "installed version is not recorded", p->name,
                       p->spec ? p->spec : "(any version)", m->versions,
                       m->id);
    }
    pwi_buf_release(&ev);
}

/* ---- one lockfile -------------------------------------------------------- */

static size_t root_index(const pwi_lockfile *lf)
{
    for (size_t i = 0; i < lf->npkgs; i++)
        if (lf->pkgs[i].flags & PWI_LOCKF_ROOT)
            return i;
    return SIZE_MAX;
}

/* Splits path into its directory (the report source) and the rest. */
static void split_source(const char *path, char *dir, size_t size,
                         const char **rest)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        snprintf(dir, size, ".");
        *rest = path;
    } else {
        snprintf(dir, size, "%.*s", slash == path ? 1 : (int)(slash - path),
                 path);
        *rest = slash + 1;
    }
}

/* A file named in a lockfile entry, relative to the source dir when it
 * lies under it. */
static const char *relative_to(const char *dir, const char *file)
{
    size_t n = strlen(dir);
    if (!strcmp(dir, "."))
        return strncmp(file, "./", 2) ? file : file + 2;
    if (!strncmp(file, dir, n) && file[n] == '/')
        return file + n + 1;
    return file;
}

static pw_status audit_lockfile(pwi_audit *a, const char *path,
                                pw_error *err)
{
    pwi_lock_opts lo;
    pwi_lock_opts_init(&lo);
    lo.load_user = &lo;
    pwi_lockfile *lf;
    pw_status st = pwi_lock_load(path, &lo, &lf, err);
    if (st) {
        pwi_report_add_error(a->rep, path, st, err ? err->msg : "",
                             err ? err->line : 0);
        return st;
    }

    /* The lockfile itself, for file-level findings. */
    size_t root = root_index(lf);
    pwi_pkg_desc d = {0};
    d.ecosystem = lf->ecosystem;
    d.name = root != SIZE_MAX ? lf->pkgs[root].name : "";
    d.version = root != SIZE_MAX && lf->pkgs[root].version
                    ? lf->pkgs[root].version
                    : "";
    char dir[4096];
    const char *base;
    split_source(path, dir, sizeof dir, &base);
    a->source_dir = dir;
    d.source = dir;
    d.root = "";
    d.file_count = lf->npkgs;
    size_t self = pwi_report_add_package(a->rep, &d);
    for (size_t w = 0; w < lf->nwarnings; w++) {
        const pwi_lock_warning *wa = &lf->warnings[w];
        pwi_audit_emit(a, self, "lockfile-unresolved",
                       wa->file ? relative_to(dir, wa->file) : base, wa->line,
                       "", "", "%s", wa->message);
    }
    if (a->o->lint_tools)
        pwi_audit_lint_tools(a, lf, self);

    char dep_path[2048];
    pwi_audit_policy_begin(a);
    for (size_t i = 0; i < lf->npkgs && !st; i++) {
        const pwi_lock_pkg *p = &lf->pkgs[i];
        if (p->flags & PWI_LOCKF_ROOT)
            continue;
        pwi_lock_path_str(lf, i, dep_path, sizeof dep_path);
        pwi_pkg_desc pd = {0};
        pd.ecosystem = lf->ecosystem;
        pd.name = p->name;
        pd.version = p->version ? p->version : (p->spec ? p->spec : "");
        pd.source = dir;
        pd.root = "";
        size_t pkg = pwi_report_add_package(a->rep, &pd);
        const char *file = p->file ? relative_to(dir, p->file) : base;
        if (a->o->db && p->source == PWI_SRC_REGISTRY) {
            match_ctx c = {a, lf, p, pkg, dep_path, file};
            st = pw_db_lookup(a->o->db, lf->ecosystem, p->name, p->version,
                              p->version ? NULL : p->spec, on_match, &c, err);
            if (st)
                pwi_report_add_error(a->rep, path, st, err ? err->msg : "",
                                     0);
        } else if (a->o->db && p->source == PWI_SRC_UNKNOWN) {
            match_ctx c = {a, lf, p, pkg, dep_path, file};
            st = pw_db_lookup(a->o->db, lf->ecosystem, p->name, NULL,
                              p->spec, on_match, &c, err);
        }
        pwi_audit_policy(a, lf, i, pkg, file, dep_path);
    }
    pwi_audit_policy_end(a, lf, self);
    pwi_lock_free(lf);
    return st;
}

pw_status pw_audit_paths(const pw_audit_options *o, const char *const *paths,
                         size_t n, pw_report *rep, pw_error *err)
{
    if (!o || !o->rules || !rep || (n && !paths))
        return pwi_error(err, PW_ERR_USAGE, NULL, 0, 0,
                         "pw_audit_paths: missing argument");
    pwi_audit a = {0};
    a.o = o;
    a.policy = pwi_config_policy(o->config);
    a.rules = o->rules;
    a.rep = rep;
    a.now = o->now ? o->now : (int64_t)time(NULL);
    if (o->registry_cache) {
        a.cache_dir = pwi_xstrdup(o->registry_cache);
    } else {
        char *c = pwi_user_dir(PWI_DIR_CACHE);
        a.cache_dir = c ? pwi_xasprintf("%s/registry", c) : NULL;
        free(c);
    }
    if (o->npm_registry && a.cache_dir) {
        a.registry = pwi_xcalloc(1, sizeof *a.registry);
        pwi_registry_init(a.registry, o->npm_registry, a.cache_dir, 0);
    }
    pw_status first = PW_OK;
    pw_error local;
    for (size_t i = 0; i < n; i++) {
        char **files = NULL;
        size_t nfiles = 0;
        pw_status st = pwi_audit_discover(paths[i], &files, &nfiles, &local);
        if (!st && nfiles == 0)
            st = pwi_error(&local, PW_ERR_NOT_FOUND, paths[i], 0, 0,
                           "no lockfile found (looked for package-lock.json,"
                           " npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml,"
                           " bun.lock, package.json, requirements*.txt, "
                           "Pipfile.lock, poetry.lock, uv.lock, pylock.toml)");
        if (st) {
            pwi_report_add_error(rep, paths[i], st, local.msg, local.line);
            if (!first) {
                first = st;
                if (err)
                    *err = local;
            }
        }
        for (size_t j = 0; j < nfiles; j++) {
            st = audit_lockfile(&a, files[j], &local);
            if (st && !first) {
                first = st;
                if (err)
                    *err = local;
            }
            free(files[j]);
        }
        free(files);
    }
    free(a.cache_dir);
    free(a.registry);
    pwi_report_apply_verdicts(rep, &o->thresholds);
    pw_report_sort(rep);
    return first;
}
