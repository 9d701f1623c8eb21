/* diff.c - what a new release can do that the previous one could not.
 *
 * Each check states a fact about NEW relative to OLD as a finding of a
 * diff-* rule (rules/any/diff/); the rule files carry severity, wording
 * and remediation. NEW's own engine findings whose rule and file OLD did
 * not have are carried over, so `diff` shows the payload too. */
#define _GNU_SOURCE /* memmem: glibc's is linear (two-way) */
#include "diff/diff.h"
#include "db/version.h"
#include "report/report.h"
#include "rules/rule-finding.h"
#include "rules/rules.h"
#include "util/buf.h"
#include "util/mem.h"

#include <ctype.h>
#include <fnmatch.h>
#include <strings.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct dctx {
    pwi_release *o, *n;
    const pw_rules *rules;
    const pw_limits *lim;
    pw_report *rep;
    size_t pkg;
} dctx;

static void emit(dctx *d, const char *rule, int conf, const char *path,
                 size_t line, const char *snippet, const char *evidence,
                 const char *fmt, ...) __attribute__((format(printf, 8, 9)));

static void emit(dctx *d, const char *rule, int conf, const char *path,
                 size_t line, const char *snippet, const char *evidence,
                 const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pwi_rule_finding(d->rep, d->pkg, d->rules, rule, conf, path, line,
                     snippet, evidence, msg);
}

static pwi_file *file_at(pwi_release *r, size_t idx)
{
    return &r->tree.files[idx];
}

static pwi_package *main_pkg(pwi_release *r)
{
    return &r->pkgs[r->main];
}

/* Loads a directory file's bytes on demand. */
static int load(pwi_release *r, pwi_file *f, const pw_limits *lim)
{
    if (f->data)
        return 1;
    return f->from_dir && pwi_tree_load(&r->tree, f, lim, NULL) == PW_OK &&
           f->data;
}

static int same_content(pwi_release *ro, pwi_file *a, pwi_release *rn,
                        pwi_file *b, const pw_limits *lim)
{
    if (a->size != b->size)
        return 0;
    if (a->have_sha && b->have_sha)
        return !memcmp(a->sha256, b->sha256, 32);
    if (!load(ro, a, lim) || !load(rn, b, lim))
        return 0;
    return a->len == b->len && !memcmp(a->data, b->data, a->len);
}

static const char *rel_of(const pwi_release *r, const pwi_file *f)
{
    const char *root = r->pkgs[r->main].root;
    size_t rl = strlen(root);
    if (rl && !strncmp(f->path, root, rl) && f->path[rl] == '/')
        return f->path + rl + 1;
    return f->path;
}

static int is_manifest_name(const char *rel)
{
    return !strcmp(rel, "package.json") || !strcmp(rel, "PKG-INFO") ||
           (strstr(rel, ".dist-info/") &&
            (strstr(rel, "/METADATA") || strstr(rel, "/RECORD") ||
             strstr(rel, "/WHEEL")));
}

static int is_code(const char *rel)
{
    static const char *const exts[] = {".js", ".mjs", ".cjs", ".ts", ".jsx",
                                       ".tsx", ".py", ".pth", ".sh", ".node",
                                       NULL};
    const char *dot = strrchr(rel, '.');
    for (const char *const *e = exts; dot && *e; e++)
        if (!strcmp(dot, *e))
            return 1;
    return 0;
}

static int is_test_or_ci(const char *rel)
{
    return !strncmp(rel, "test/", 5) || !strncmp(rel, "tests/", 6) ||
           strstr(rel, "__tests__/") || !strncmp(rel, ".github/", 8) ||
           !strcmp(rel, ".travis.yml") || !strcmp(rel, ".gitlab-ci.yml") ||
           !strncmp(rel, ".circleci/", 10);
}

static int is_executable_blob(const pwi_file *f)
{
    if (!f->data || f->len < 4)
        return 0;
    const unsigned char *p = f->data;
    return !memcmp(p, "\x7f" "ELF", 4) || (p[0] == 'M' && p[1] == 'Z') ||
           !memcmp(p, "\xcf\xfa\xed\xfe", 4) ||
           !memcmp(p, "\xce\xfa\xed\xfe", 4) ||
           !memcmp(p, "\xca\xfe\xba\xbe", 4);
}

static int looks_binary(const pwi_file *f)
{
    size_t n = f->len < 8192 ? f->len : 8192;
    return f->data && memchr(f->data, 0, n) != NULL;
}

/* Line (1-based) of byte offset off. */
static size_t line_of(const unsigned char *p, size_t off)
{
    size_t l = 1;
    for (size_t i = 0; i < off; i++)
        l += p[i] == '\n';
    return l;
}

/* A changed text file whose old content survives whole inside the new:
 * code was prepended or appended (the event-stream / flatmap-stream
 * shape, often to a minified file nobody reads). */
static void check_injection(dctx *d, pwi_file *a, pwi_file *b,
                            const char *rel)
{
    if (!load(d->o, a, d->lim) || !load(d->n, b, d->lim) || a->truncated ||
        b->truncated || a->len < 64 || b->len <= a->len)
        return;
    const unsigned char *hit = NULL;
    if (!memcmp(b->data, a->data, a->len))
        hit = b->data;
    else if (!memcmp(b->data + b->len - a->len, a->data, a->len))
        hit = b->data + b->len - a->len;
    else
        hit = memmem(b->data, b->len, a->data, a->len);
    if (!hit)
        return;
    size_t before = (size_t)(hit - b->data);
    size_t after = b->len - before - a->len;
    size_t inj_off = before ? 0 : before + a->len;
    size_t added = before + after;
    /* a one-line-per-file minified bundle hides injected code best */
    size_t longest = 0, cur = 0;
    for (size_t i = 0; i < a->len; i++) {
        cur = a->data[i] == '\n' ? 0 : cur + 1;
        if (cur > longest)
            longest = cur;
    }
    int minified = longest > 1000;
    size_t line = line_of(b->data, inj_off);
    /* Appending new functions to a readable file is ordinary; it counts
     * when the file is minified or the added part itself has a finding. */
    size_t last = line_of(b->data, inj_off + added);
    const pw_finding *why = NULL;
    const pw_report *nr = d->n->rep;
    const char *root = d->n->pkgs[d->n->main].root;
    size_t rl = strlen(root);
    for (size_t j = 0; j < pw_report_finding_count(nr, d->n->main) && !why; j++) {
        const pw_finding *f = pw_report_finding(nr, d->n->main, j);
        const char *fp = f->path;
        if (rl && !strncmp(fp, root, rl) && fp[rl] == '/')
            fp += rl + 1;
        if (f->severity >= PW_SEV_MEDIUM && !strcmp(fp, rel) &&
            f->line >= line && f->line <= last)
            why = f;
    }
    if (!minified && !why)
        return;
    const unsigned char *snip = b->data + inj_off;
    size_t sl = added < 160 ? added : 160;
    char snippet[161];
    memcpy(snippet, snip, sl);
    snippet[sl] = '\0';
    emit(d, "diff-code-injected", minified ? 90 : 70, rel, line, snippet,
         why ? why->rule : "",
         "%zu bytes %s the unchanged previous content of %s%s", added,
         before && after ? "were wrapped around"
         : before        ? "were prepended to"
                         : "were appended to",
         rel, minified ? " (a minified file)" : "");
}

/* ---- files --------------------------------------------------------------- */

/* Would `npm pack` have shipped rel, given package.json "files"? npm
 * always adds package.json, README, LICENSE and the main/bin files. */
static int npm_pack_includes(const json_t *m, const char *rel)
{
    const json_t *files = json_object_get(m, "files");
    if (!json_is_array(files) || json_array_size(files) == 0)
        return 1; /* no allowlist: everything not ignored ships */
    const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
    if (!strchr(rel, '/') &&
        (!strcmp(rel, "package.json") || !strncasecmp(rel, "readme", 6) ||
         !strncasecmp(rel, "license", 7) || !strncasecmp(rel, "licence", 7)))
        return 1;
    (void)base;
    const char *main_f = json_string_value(json_object_get(m, "main"));
    if (main_f) {
        while (!strncmp(main_f, "./", 2))
            main_f += 2;
        if (!strcmp(main_f, rel))
            return 1;
    }
    const json_t *bin = json_object_get(m, "bin");
    const char *key;
    const json_t *b;
    json_object_foreach((json_t *)bin, key, b)
    {
        const char *bp = json_string_value(b);
        while (bp && !strncmp(bp, "./", 2))
            bp += 2;
        if (bp && !strcmp(bp, rel))
            return 1;
    }
    if (json_is_string(bin)) {
        const char *bp = json_string_value(bin);
        while (!strncmp(bp, "./", 2))
            bp += 2;
        if (!strcmp(bp, rel))
            return 1;
    }
    size_t i;
    const json_t *f;
    json_array_foreach(files, i, f)
    {
        const char *pat = json_string_value(f);
        if (!pat || pat[0] == '!')
            continue;
        while (!strncmp(pat, "./", 2))
            pat += 2;
        size_t pl = strlen(pat);
        while (pl && pat[pl - 1] == '/')
            pl--;
        if (!strpbrk(pat, "*?[")) {
            if (!strncmp(rel, pat, pl) && (rel[pl] == '\0' || rel[pl] == '/'))
                return 1;
            continue;
        }
        char dir[512];
        if (fnmatch(pat, rel, 0) == 0)
            return 1;
        if (snprintf(dir, sizeof dir, "%.*s/*", (int)pl, pat) < (int)sizeof dir &&
            fnmatch(dir, rel, 0) == 0)
            return 1;
    }
    return 0;
}

static void diff_files(dctx *d)
{
    pwi_package *po = main_pkg(d->o), *pn = main_pkg(d->n);
    size_t added = 0, removed = 0, changed = 0, code_changed = 0,
           tests_removed = 0, unlisted = 0;
    long long delta = 0;
    int only_manifest = 1;
    for (size_t i = 0; i < pn->nfiles; i++) {
        pwi_file *b = file_at(d->n, pn->files[i]);
        if (b->type != PWI_FT_REG)
            continue;
        const char *rel = rel_of(d->n, b);
        size_t oi;
        if (!pwi_strmap_get(&d->o->by_rel, rel, strlen(rel), &oi)) {
            added++;
            delta += (long long)b->size;
            if (!is_manifest_name(rel))
                only_manifest = 0;
            if (pn->manifest_json && unlisted < 5 &&
                !npm_pack_includes(pn->manifest_json, rel) &&
                !pwi_strmap_get(&d->o->by_rel, rel, strlen(rel), NULL)) {
                unlisted++;
                emit(d, "diff-unlisted-file", -1, rel, 0, "", "",
                     "new file %s is outside package.json \"files\": npm "
                     "pack would not have shipped it, so the tarball was not "
                     "built from the declared sources", rel);
            }
            if (load(d->n, b, d->lim) && looks_binary(b)) {
                int exe = is_executable_blob(b);
                emit(d, "diff-binary-added", exe ? 95 : 60, rel, 0, "", "",
                     "new %s file %s (%llu bytes)",
                     exe ? "native executable" : "binary", rel,
                     (unsigned long long)b->size);
            }
            continue;
        }
        pwi_file *a = file_at(d->o, oi);
        if (same_content(d->o, a, d->n, b, d->lim))
            continue;
        changed++;
        delta += (long long)b->size - (long long)a->size;
        if (!is_manifest_name(rel))
            only_manifest = 0;
        if (is_code(rel)) {
            code_changed++;
            check_injection(d, a, b, rel);
        }
    }
    char first_removed_test[256] = "";
    for (size_t i = 0; i < po->nfiles; i++) {
        pwi_file *a = file_at(d->o, po->files[i]);
        if (a->type != PWI_FT_REG)
            continue;
        const char *rel = rel_of(d->o, a);
        if (pwi_strmap_get(&d->n->by_rel, rel, strlen(rel), NULL))
            continue;
        removed++;
        delta -= (long long)a->size;
        if (!is_manifest_name(rel))
            only_manifest = 0;
        if (is_test_or_ci(rel) && tests_removed++ == 0)
            snprintf(first_removed_test, sizeof first_removed_test, "%s", rel);
    }
    if (added + removed + changed > 0)
        emit(d, "diff-summary", -1, "", 0, "", "",
             "%zu files added, %zu removed, %zu changed (%zu of them code); "
             "%+lld bytes", added, removed, changed, code_changed, delta);
    if (only_manifest && changed + added > 0)
        emit(d, "diff-manifest-only", -1, "package.json", 0, "", "",
             "only the manifest changed between the releases: no code was "
             "touched, so whatever changed is in the metadata (scripts, "
             "dependencies)");
    if (tests_removed)
        emit(d, "diff-tests-removed", -1, first_removed_test, 0, "", "",
             "%zu test or CI files were removed (first: %s)", tests_removed,
             first_removed_test);
}

/* ---- manifest ------------------------------------------------------------ */

/* What npm runs when a registry package is installed or removed
 * ("prepare" runs only for git and local installs). */
static const char *const hooks[] = {"preinstall", "install", "postinstall",
                                    "preuninstall", "uninstall",
                                    "postuninstall", NULL};

static void diff_scripts(dctx *d, const json_t *om, const json_t *nm)
{
    const json_t *os = json_object_get(om, "scripts");
    const json_t *ns = json_object_get(nm, "scripts");
    for (const char *const *h = hooks; *h; h++) {
        const char *ov = json_string_value(json_object_get(os, *h));
        const char *nv = json_string_value(json_object_get(ns, *h));
        if (!nv || (ov && !strcmp(ov, nv)))
            continue;
        if (!ov)
            emit(d, "diff-install-script-added", -1, "package.json", 0, nv,
                 "", "new \"%s\" script: %s", *h, nv);
        else
            emit(d, "diff-install-script-changed", -1, "package.json", 0, nv,
                 "", "\"%s\" changed from \"%s\" to \"%s\"", *h, ov, nv);
    }
}

typedef enum spec_kind { SPEC_REGISTRY, SPEC_URL } spec_kind;

/* Registry ranges and aliases vs everything fetched from elsewhere. */
static spec_kind classify_spec(const char *s)
{
    if (!strncmp(s, "npm:", 4) || !strncmp(s, "workspace:", 10))
        return SPEC_REGISTRY;
    if (strstr(s, "://") || !strncmp(s, "git", 3) || !strncmp(s, "github:", 7)
        || !strncmp(s, "file:", 5) || !strncmp(s, "link:", 5) ||
        (strchr(s, '/') && s[0] != '@' && !strchr(s, ' ')))
        return SPEC_URL;
    return SPEC_REGISTRY;
}

/* Per-platform binary packages (esbuild, swc, TypeScript 7): listed as
 * optional dependencies and loaded by a computed name. */
static int platform_like(const char *name)
{
    static const char *const parts[] = {"linux", "darwin", "win32", "windows",
                                        "freebsd", "android", "x64", "arm64",
                                        "ia32", "musl", "aix", "ppc64",
                                        "s390x", "openbsd", "sunos", "netbsd",
                                        "loong64", "riscv64", "mips", NULL};
    for (const char *const *p = parts; *p; p++)
        if (strstr(name, *p))
            return 1;
    return 0;
}

/* @types/x is used when x is (the types of a used package);
 * @types/scope__x stands for @scope/x. */
static int types_of_used(const char *name, const pwi_strmap *refs)
{
    if (strncmp(name, "@types/", 7))
        return 0;
    const char *x = name + 7;
    const char *sep = strstr(x, "__");
    char buf[256];
    if (sep)
        snprintf(buf, sizeof buf, "@%.*s/%s", (int)(sep - x), x, sep + 2);
    else
        snprintf(buf, sizeof buf, "%s", x);
    return pwi_strmap_get(refs, buf, strlen(buf), NULL);
}

/* Plugins and types are loaded by other tools, not the package's code. */
static int plugin_like(const char *name)
{
    static const char *const pats[] = {"eslint-plugin-", "eslint-config-",
                                       "babel-plugin-", "babel-preset-",
                                       "@types/", "prettier-plugin-",
                                       "postcss-", "rollup-plugin-",
                                       "vite-plugin-", "-loader", NULL};
    for (const char *const *p = pats; *p; p++)
        if (strstr(name, *p))
            return 1;
    return 0;
}

static int is_patch_bump(const char *ov, const char *nv)
{
    if (!ov || !nv || !pwi_semver_valid(ov) || !pwi_semver_valid(nv))
        return 0;
    unsigned long a1 = 0, a2 = 0, b1 = 0, b2 = 0;
    if (sscanf(ov, "%lu.%lu", &a1, &a2) != 2 ||
        sscanf(nv, "%lu.%lu", &b1, &b2) != 2)
        return 0;
    int c;
    return a1 == b1 && a2 == b2 && !pwi_semver_cmp(ov, nv, &c) && c < 0;
}

static void diff_deps(dctx *d, const json_t *om, const json_t *nm)
{
    static const char *const fields[] = {"dependencies",
                                         "optionalDependencies",
                                         "peerDependencies", NULL};
    pwi_strmap refs;
    int refs_built = 0;
    pwi_strmap_init(&refs);
    size_t added = 0;
    const char *ver_o = json_string_value(json_object_get(om, "version"));
    const char *ver_n = json_string_value(json_object_get(nm, "version"));
    for (const char *const *fl = fields; *fl; fl++) {
        const json_t *od = json_object_get(om, *fl);
        const json_t *nd = json_object_get(nm, *fl);
        const char *name;
        const json_t *spec;
        json_object_foreach((json_t *)nd, name, spec)
        {
            const char *ns = json_string_value(spec);
            if (!ns)
                continue;
            const char *os = NULL;
            for (const char *const *g = fields; *g && !os; g++)
                os = json_string_value(
                    json_object_get(json_object_get(om, *g), name));
            (void)od;
            if (os) {
                if (strcmp(os, ns) && classify_spec(os) == SPEC_REGISTRY &&
                    classify_spec(ns) == SPEC_URL)
                    emit(d, "diff-dependency-source-changed", -1,
                         "package.json", 0, ns, "",
                         "%s moved from the registry (\"%s\") to \"%s\"",
                         name, os, ns);
                continue;
            }
            if (strncmp(name, "@types/", 7))
                added++; /* types never run */
            if (classify_spec(ns) == SPEC_URL)
                emit(d, "diff-dependency-source-changed", -1, "package.json",
                     0, ns, "", "new dependency %s comes from outside the "
                     "registry: \"%s\"", name, ns);
            if (!strcmp(*fl, "peerDependencies"))
                continue; /* peers are provided by the user */
            if (!strcmp(*fl, "optionalDependencies") && platform_like(name))
                continue; /* loaded by computed name for this platform */
            if (!refs_built) {
                pwi_release_references(d->n, d->lim, &refs);
                refs_built = 1;
            }
            if (!pwi_strmap_get(&refs, name, strlen(name), NULL) &&
                !types_of_used(name, &refs)) {
                int conf = plugin_like(name) ? 40 : 85;
                emit(d, "diff-phantom-dependency", conf, "package.json", 0,
                     name, "",
                     "new dependency %s@%s is not required, imported or "
                     "named anywhere in this release's code or config: it "
                     "is only there to be installed (and to run its "
                     "install scripts)", name, ns);
            }
        }
    }
    /* removed and re-specified ones, for the record */
    pwi_buf gone;
    pwi_buf_init(&gone, 2048);
    for (const char *const *fl = fields; *fl; fl++) {
        const char *name;
        const json_t *spec;
        json_object_foreach((json_t *)json_object_get(om, *fl), name, spec)
        {
            int still = 0;
            for (const char *const *g = fields; *g && !still; g++)
                still = json_object_get(json_object_get(nm, *g), name) != NULL;
            if (!still)
                pwi_buf_printf(&gone, "%s%s", gone.len ? ", " : "", name);
        }
    }
    if (gone.len)
        emit(d, "diff-dependency-removed", -1, "package.json", 0, "", "",
             "dependencies removed: %s", gone.data);
    pwi_buf_release(&gone);
    if (added && is_patch_bump(ver_o, ver_n))
        emit(d, "diff-patch-adds-dependency", -1, "package.json", 0, "", "",
             "patch release %s -> %s adds %zu dependenc%s", ver_o, ver_n,
             added, added == 1 ? "y" : "ies");
    pwi_strmap_release(&refs);
}

/* ---- PyPI: Requires-Dist and setup.py ------------------------------------ */

typedef struct req_list {
    char names[256][128];
    size_t n;
} req_list;

/* "requests (>=2.0); extra == 'socks'" -> "requests", PEP 503 form;
 * requirements only wanted for an extra are left out. */
static void add_req(const char *v, size_t len, void *user)
{
    req_list *l = user;
    size_t k = 0;
    while (k < len && (isalnum((unsigned char)v[k]) || v[k] == '-' ||
                       v[k] == '_' || v[k] == '.'))
        k++;
    if (k == 0 || k >= 128 || l->n >= 256)
        return;
    const char *semi = memchr(v, ';', len);
    if (semi && memmem(semi, len - (size_t)(semi - v), "extra", 5))
        return;
    char raw[128];
    memcpy(raw, v, k);
    raw[k] = '\0';
    pwi_name_normalize("pypi", raw, l->names[l->n], sizeof l->names[0]);
    l->n++;
}

static void py_requires(pwi_release *r, const pw_limits *lim, req_list *l)
{
    l->n = 0;
    pwi_package *p = main_pkg(r);
    if (p->manifest == PWI_NONE)
        return;
    pwi_file *f = file_at(r, p->manifest);
    if (load(r, f, lim))
        pwi_metadata_each(f->data, f->len, "Requires-Dist", add_req, l);
}

/* A distribution is imported under its name with "-" as "_", often
 * without a "python-"/"py" prefix; any of them referenced counts. */
static int py_referenced(const char *dist, const pwi_strmap *refs)
{
    char mod[160];
    const char *cands[3] = {dist, NULL, NULL};
    if (!strncmp(dist, "python-", 7))
        cands[1] = dist + 7;
    else if (!strncmp(dist, "py", 2) && dist[2])
        cands[1] = dist + 2;
    for (size_t c = 0; c < 3 && cands[c]; c++) {
        snprintf(mod, sizeof mod, "%s", cands[c]);
        for (char *q = mod; *q; q++)
            if (*q == '-')
                *q = '_';
        if (pwi_strmap_get(refs, mod, strlen(mod), NULL))
            return 1;
    }
    return 0;
}

static void diff_python(dctx *d)
{
    req_list *o = pwi_xcalloc(1, sizeof *o), *n = pwi_xcalloc(1, sizeof *n);
    py_requires(d->o, d->lim, o);
    py_requires(d->n, d->lim, n);
    pwi_strmap refs;
    pwi_strmap_init(&refs);
    int built = 0;
    for (size_t i = 0; i < n->n; i++) {
        size_t j = 0;
        while (j < o->n && strcmp(o->names[j], n->names[i]))
            j++;
        if (j < o->n)
            continue;
        if (!built) {
            pwi_release_references(d->n, d->lim, &refs);
            built = 1;
        }
        if (!py_referenced(n->names[i], &refs))
            emit(d, "diff-phantom-dependency", 60, "METADATA", 0,
                 n->names[i], "",
                 "new requirement %s is not imported anywhere in this "
                 "release's code: it is only there to be installed",
                 n->names[i]);
    }
    pwi_strmap_release(&refs);
    free(o);
    free(n);
    /* setup.py runs when an sdist is built or installed */
    int had = pwi_strmap_get(&d->o->by_rel, "setup.py", 8, NULL);
    if (!had && pwi_strmap_get(&d->n->by_rel, "setup.py", 8, NULL))
        emit(d, "diff-install-script-added", -1, "setup.py", 0, "", "",
             "new setup.py: pip runs it when this source distribution is "
             "built or installed");
}

static void diff_manifest(dctx *d)
{
    if (!strcmp(main_pkg(d->n)->ecosystem, "pypi")) {
        diff_python(d);
        return;
    }
    const json_t *om = main_pkg(d->o)->manifest_json;
    const json_t *nm = main_pkg(d->n)->manifest_json;
    if (!nm)
        return;
    json_t *empty = json_object();
    if (!om)
        om = empty;
    size_t before = pw_report_finding_count(d->rep, d->pkg);
    diff_scripts(d, om, nm);
    int script_added = 0;
    for (size_t i = before; i < pw_report_finding_count(d->rep, d->pkg); i++)
        script_added |= !strcmp(pw_report_finding(d->rep, d->pkg, i)->rule,
                                "diff-install-script-added");
    const char *vo = json_string_value(json_object_get(om, "version"));
    const char *vn = json_string_value(json_object_get(nm, "version"));
    if (script_added && is_patch_bump(vo, vn))
        emit(d, "diff-patch-adds-install-script", -1, "package.json", 0, "",
             "", "patch release %s -> %s adds an install script", vo, vn);
    diff_deps(d, om, nm);
    json_decref(empty);
}

/* ---- capabilities -------------------------------------------------------- */

/* rule|path pairs and categories of the OLD compared package. */
static void old_signature(dctx *d, pwi_strmap *pairs, pwi_strmap *cats)
{
    const pw_report *r = d->o->rep;
    size_t p = d->o->main;
    for (size_t j = 0; j < pw_report_finding_count(r, p); j++) {
        const pw_finding *f = pw_report_finding(r, p, j);
        char key[1024];
        int n = snprintf(key, sizeof key, "%s|%s", f->rule, f->path);
        if (n > 0 && (size_t)n < sizeof key)
            pwi_strmap_put(pairs, key, (size_t)n, 0);
        pwi_strmap_put(cats, f->category, strlen(f->category), 0);
    }
}

static void diff_capabilities(dctx *d)
{
    pwi_strmap pairs, cats, reported;
    pwi_strmap_init(&pairs);
    pwi_strmap_init(&cats);
    pwi_strmap_init(&reported);
    old_signature(d, &pairs, &cats);
    const pw_report *r = d->n->rep;
    size_t p = d->n->main;
    for (size_t j = 0; j < pw_report_finding_count(r, p); j++) {
        const pw_finding *f = pw_report_finding(r, p, j);
        if (f->severity < PW_SEV_MEDIUM)
            continue;
        char key[1024];
        int n = snprintf(key, sizeof key, "%s|%s", f->rule, f->path);
        if (n <= 0 || (size_t)n >= sizeof key ||
            pwi_strmap_get(&pairs, key, (size_t)n, NULL))
            continue;
        /* the finding itself: NEW does this and OLD did not */
        pw_finding c = *f;
        pwi_report_add_finding(d->rep, d->pkg, &c);
        if (!pwi_strmap_get(&cats, f->category, strlen(f->category), NULL) &&
            !pwi_strmap_put(&reported, f->category, strlen(f->category), 0))
            emit(d, "diff-capability-added", -1, f->path, f->line, f->snippet,
                 f->rule, "new capability \"%s\": the previous release had "
                 "no %s finding; first seen at %s:%zu (%s)", f->category,
                 f->category, f->path, f->line, f->title);
    }
    pwi_strmap_release(&pairs);
    pwi_strmap_release(&cats);
    pwi_strmap_release(&reported);
}

void pwi_diff_releases(pwi_release *o, pwi_release *n, const pw_rules *rules,
                       const pw_limits *lim, pw_report *rep)
{
    const pwi_package *pn = &n->pkgs[n->main];
    const pw_package_info *ni = pw_report_package(n->rep, n->main);
    pwi_pkg_desc desc = {pn->ecosystem, pn->name, pn->version,
                         ni ? ni->source : n->tree.source, pn->root,
                         pn->nfiles, ni ? ni->total_bytes : 0};
    dctx d = {o, n, rules, lim, rep, pwi_report_add_package(rep, &desc)};
    diff_files(&d);
    diff_manifest(&d);
    diff_capabilities(&d);
}
