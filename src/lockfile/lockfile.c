/* lockfile.c - the lockfile model: building, format detection, dispatch to
 * the per-format parsers, and dependency paths. */
#include "lockfile/lockfile.h"
#include "util/error.h"
#include "util/file.h"
#include "util/mem.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOCK_DEFAULT_MAX_PACKAGES 1000000
#define LOCK_DEFAULT_MAX_INCLUDES 8

void pwi_lock_opts_init(pwi_lock_opts *o)
{
    memset(o, 0, sizeof *o);
    pwi_jlimits_default(&o->limits);
    o->max_packages = LOCK_DEFAULT_MAX_PACKAGES;
    o->max_includes = LOCK_DEFAULT_MAX_INCLUDES;
    o->load = pwi_lock_load_file;
}

/* ---- formats -------------------------------------------------------------- */

static const struct {
    pwi_lock_format f;
    const char *name;
    const char *ecosystem;
} formats[] = {
    {PWI_LOCK_UNKNOWN, "unknown", "unknown"},
    {PWI_LOCK_NPM, "package-lock", "npm"},
    {PWI_LOCK_YARN_V1, "yarn-v1", "npm"},
    {PWI_LOCK_YARN_BERRY, "yarn-berry", "npm"},
    {PWI_LOCK_PNPM, "pnpm-lock", "npm"},
    {PWI_LOCK_BUN, "bun-lock", "npm"},
    {PWI_LOCK_PACKAGE_JSON, "package-json", "npm"},
    {PWI_LOCK_REQUIREMENTS, "requirements", "pypi"},
    {PWI_LOCK_PIPFILE, "pipfile-lock", "pypi"},
    {PWI_LOCK_POETRY, "poetry-lock", "pypi"},
    {PWI_LOCK_UV, "uv-lock", "pypi"},
    {PWI_LOCK_PYLOCK, "pylock", "pypi"},
};

const char *pwi_lock_format_name(pwi_lock_format f)
{
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (formats[i].f == f)
            return formats[i].name;
    return "unknown";
}

static const char *format_ecosystem(pwi_lock_format f)
{
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (formats[i].f == f)
            return formats[i].ecosystem;
    return "unknown";
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && memcmp(s + n - m, suf, m) == 0;
}

static int has_prefix(const char *s, const char *pre)
{
    return strncmp(s, pre, strlen(pre)) == 0;
}

/* requirements.txt, requirements-dev.txt, requirements/base.txt's
 * siblings are named by the user; these are the conventional names. */
static int is_requirements_name(const char *b)
{
    if (!has_suffix(b, ".txt") && !has_suffix(b, ".in"))
        return 0;
    return has_prefix(b, "requirements") || has_prefix(b, "constraints") ||
           has_prefix(b, "dev-requirements") ||
           has_prefix(b, "test-requirements");
}

static pwi_lock_format format_from_name(const char *b)
{
    if (!strcmp(b, "package-lock.json") || !strcmp(b, "npm-shrinkwrap.json"))
        return PWI_LOCK_NPM;
    if (!strcmp(b, "yarn.lock"))
        return PWI_LOCK_YARN_V1; /* refined by content */
    if (!strcmp(b, "pnpm-lock.yaml"))
        return PWI_LOCK_PNPM;
    if (!strcmp(b, "bun.lock"))
        return PWI_LOCK_BUN;
    if (!strcmp(b, "package.json"))
        return PWI_LOCK_PACKAGE_JSON;
    if (!strcmp(b, "Pipfile.lock"))
        return PWI_LOCK_PIPFILE;
    if (!strcmp(b, "poetry.lock"))
        return PWI_LOCK_POETRY;
    if (!strcmp(b, "uv.lock"))
        return PWI_LOCK_UV;
    if (!strcmp(b, "pylock.toml") ||
        (has_prefix(b, "pylock.") && has_suffix(b, ".toml")))
        return PWI_LOCK_PYLOCK;
    if (is_requirements_name(b))
        return PWI_LOCK_REQUIREMENTS;
    return PWI_LOCK_UNKNOWN;
}

int pwi_lock_is_lockfile_name(const char *base)
{
    /* package.json is read only where no lockfile sits beside it; the
     * caller decides that. bun.lockb is named so it can be refused. */
    return format_from_name(base) != PWI_LOCK_UNKNOWN ||
           !strcmp(base, "bun.lockb");
}

/* First len bytes contain needle. */
static int head_has(const char *data, size_t len, const char *needle)
{
    size_t m = strlen(needle);
    if (len > 4096)
        len = 4096;
    for (size_t i = 0; i + m <= len; i++)
        if (memcmp(data + i, needle, m) == 0)
            return 1;
    return 0;
}

pwi_lock_format pwi_lock_detect(const char *path, const char *data,
                                size_t len)
{
    pwi_lock_format f = format_from_name(base_name(path));
    if (f == PWI_LOCK_YARN_V1 || f == PWI_LOCK_UNKNOWN) {
        if (head_has(data, len, "__metadata:"))
            return PWI_LOCK_YARN_BERRY;
        if (head_has(data, len, "# yarn lockfile v1"))
            return PWI_LOCK_YARN_V1;
    }
    if (f != PWI_LOCK_UNKNOWN)
        return f;
    /* Unconventional names: only unmistakable content. */
    if (head_has(data, len, "\"lockfileVersion\"") &&
        (head_has(data, len, "\"packages\"") ||
         head_has(data, len, "\"dependencies\"")))
        return head_has(data, len, "\"workspaces\"") &&
                       !head_has(data, len, "\"requires\"")
                   ? PWI_LOCK_BUN
                   : PWI_LOCK_NPM;
    if (len >= 16 && has_prefix(data, "lockfileVersion:"))
        return PWI_LOCK_PNPM;
    if (head_has(data, len, "\"_meta\"") && head_has(data, len, "\"default\""))
        return PWI_LOCK_PIPFILE;
    if (head_has(data, len, "lock-version =") &&
        head_has(data, len, "[[packages]]"))
        return PWI_LOCK_PYLOCK;
    if (head_has(data, len, "[[package]]")) {
        if (head_has(data, len, "\nrevision =") ||
            has_prefix(data, "version = 1"))
            return PWI_LOCK_UV;
        return PWI_LOCK_POETRY;
    }
    return PWI_LOCK_UNKNOWN;
}

/* ---- building ------------------------------------------------------------- */

pwi_lockfile *pwi_lock_new(const char *path, pwi_lock_format f)
{
    pwi_lockfile *lf = pwi_xcalloc(1, sizeof *lf);
    lf->path = pwi_xstrdup(path);
    lf->format = f;
    lf->ecosystem = format_ecosystem(f);
    return lf;
}

static char *dup_or_null(const char *s)
{
    return s ? pwi_xstrdup(s) : NULL;
}

size_t pwi_lock_add(pwi_lockfile *lf, const pwi_lock_pkg *p,
                    const pwi_lock_opts *o)
{
    size_t max = o && o->max_packages ? o->max_packages
                                      : LOCK_DEFAULT_MAX_PACKAGES;
    if (lf->npkgs >= max)
        return SIZE_MAX;
    PW_GROW(lf->pkgs, lf->cappkgs, lf->npkgs + 1);
    pwi_lock_pkg *d = &lf->pkgs[lf->npkgs];
    *d = *p;
    d->name = pwi_xstrdup(p->name ? p->name : "");
    d->alias = dup_or_null(p->alias);
    d->version = dup_or_null(p->version);
    d->spec = dup_or_null(p->spec);
    d->resolved = dup_or_null(p->resolved);
    d->integrity = dup_or_null(p->integrity);
    d->file = dup_or_null(p->file);
    d->parent = SIZE_MAX;
    return lf->npkgs++;
}

void pwi_lock_add_edge(pwi_lockfile *lf, size_t from, size_t to)
{
    if (from >= lf->npkgs || to >= lf->npkgs || from == to)
        return;
    PW_GROW(lf->edges, lf->capedges, lf->nedges + 1);
    lf->edges[lf->nedges].from = from;
    lf->edges[lf->nedges].to = to;
    lf->nedges++;
}

void pwi_lock_warn(pwi_lockfile *lf, size_t line, const char *file,
                   const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* Bounded: a hostile file must not grow the list without end. */
    if (lf->nwarnings >= 10000)
        return;
    PW_GROW(lf->warnings, lf->capwarnings, lf->nwarnings + 1);
    pwi_lock_warning *w = &lf->warnings[lf->nwarnings++];
    w->line = line;
    w->file = dup_or_null(file);
    w->message = pwi_xstrdup(msg);
}

void pwi_lock_set_version(pwi_lockfile *lf, const char *v)
{
    free(lf->format_version);
    lf->format_version = dup_or_null(v);
}

void pwi_lock_free(pwi_lockfile *lf)
{
    if (!lf)
        return;
    for (size_t i = 0; i < lf->npkgs; i++) {
        pwi_lock_pkg *p = &lf->pkgs[i];
        free(p->name);
        free(p->alias);
        free(p->version);
        free(p->spec);
        free(p->resolved);
        free(p->integrity);
        free(p->file);
    }
    for (size_t i = 0; i < lf->nwarnings; i++) {
        free(lf->warnings[i].file);
        free(lf->warnings[i].message);
    }
    free(lf->pkgs);
    free(lf->edges);
    free(lf->warnings);
    free(lf->format_version);
    free(lf->path);
    free(lf);
}

/* ---- linking -------------------------------------------------------------- */

static int edge_cmp(const void *a, const void *b)
{
    const pwi_lock_edge *x = a, *y = b;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    if (x->to != y->to)
        return x->to < y->to ? -1 : 1;
    return 0;
}

void pwi_lock_link(pwi_lockfile *lf)
{
    if (lf->nedges > 1)
        qsort(lf->edges, lf->nedges, sizeof *lf->edges, edge_cmp);
    size_t w = 0;
    for (size_t i = 0; i < lf->nedges; i++)
        if (w == 0 || edge_cmp(&lf->edges[w - 1], &lf->edges[i]) != 0)
            lf->edges[w++] = lf->edges[i];
    lf->nedges = w;

    /* Edges are sorted by from: start[i]..start[i+1] are i's children. */
    size_t *start = pwi_xcalloc(lf->npkgs + 1, sizeof *start);
    for (size_t i = 0; i < lf->nedges; i++)
        start[lf->edges[i].from + 1]++;
    for (size_t i = 0; i < lf->npkgs; i++)
        start[i + 1] += start[i];

    size_t *queue = pwi_xmalloc((lf->npkgs + 1) * sizeof *queue);
    unsigned char *seen = pwi_xcalloc(lf->npkgs + 1, 1);
    size_t head = 0, tail = 0;
    for (size_t i = 0; i < lf->npkgs; i++) {
        lf->pkgs[i].parent = SIZE_MAX;
        if (lf->pkgs[i].flags & PWI_LOCKF_ROOT) {
            queue[tail++] = i;
            seen[i] = 1;
        }
    }
    while (head < tail) {
        size_t u = queue[head++];
        for (size_t e = start[u]; e < start[u + 1]; e++) {
            size_t v = lf->edges[e].to;
            if (lf->pkgs[u].flags & PWI_LOCKF_ROOT &&
                !(lf->pkgs[v].flags & PWI_LOCKF_ROOT))
                lf->pkgs[v].flags |= PWI_LOCKF_DIRECT;
            if (seen[v])
                continue;
            seen[v] = 1;
            lf->pkgs[v].parent = u;
            queue[tail++] = v;
        }
    }
    free(seen);
    free(queue);
    free(start);
}

static void append(char *buf, size_t size, size_t *at, const char *s)
{
    size_t n = strlen(s);
    if (*at >= size)
        return;
    if (n > size - 1 - *at)
        n = size - 1 - *at;
    memcpy(buf + *at, s, n);
    *at += n;
    buf[*at] = '\0';
}

static void pkg_label(const pwi_lock_pkg *p, char *buf, size_t size)
{
    const char *name = p->alias ? p->alias : p->name;
    if (p->flags & PWI_LOCKF_ROOT)
        snprintf(buf, size, "%s", *name ? name : "(root)");
    else if (p->version)
        snprintf(buf, size, "%s@%s", name, p->version);
    else
        snprintf(buf, size, "%s", name);
}

void pwi_lock_path_str(const pwi_lockfile *lf, size_t i, char *buf,
                       size_t size)
{
    size_t chain[64], n = 0;
    if (size == 0)
        return;
    buf[0] = '\0';
    if (i >= lf->npkgs)
        return;
    /* Walk up; a path longer than the chain keeps its last 64 steps. */
    for (size_t at = i; at != SIZE_MAX && n < 64; at = lf->pkgs[at].parent)
        chain[n++] = at;
    size_t out = 0;
    char label[300];
    if (lf->pkgs[chain[n - 1]].parent != SIZE_MAX)
        append(buf, size, &out, "... > ");
    else if (!(lf->pkgs[chain[n - 1]].flags & PWI_LOCKF_ROOT))
        append(buf, size, &out, "(path unknown) > ");
    for (size_t k = n; k-- > 0;) {
        pkg_label(&lf->pkgs[chain[k]], label, sizeof label);
        append(buf, size, &out, label);
        if (k)
            append(buf, size, &out, " > ");
    }
}

/* ---- parsing -------------------------------------------------------------- */

pw_status pwi_lock_parse(const char *path, const char *data, size_t len,
                         const pwi_lock_opts *opts, pwi_lockfile **out,
                         pw_error *err)
{
    pwi_lock_opts defaults;
    if (!opts) {
        pwi_lock_opts_init(&defaults);
        opts = &defaults;
    }
    *out = NULL;
    if (!strcmp(base_name(path), "bun.lockb"))
        return pwi_error(err, PW_ERR_UNSUPPORTED, path, 0, 0,
                         "bun's binary lockfile is not supported; write "
                         "the text lockfile with `bun install "
                         "--save-text-lockfile` (bun.lock)");
    pwi_lock_format f = pwi_lock_detect(path, data, len);
    if (f == PWI_LOCK_UNKNOWN)
        return pwi_error(err, PW_ERR_UNSUPPORTED, path, 0, 0,
                         "not a known lockfile format (supported: "
                         "package-lock.json, npm-shrinkwrap.json, yarn.lock, "
                         "pnpm-lock.yaml, bun.lock, package.json, "
                         "requirements*.txt, Pipfile.lock, poetry.lock, "
                         "uv.lock, pylock.toml)");
    if (len > opts->limits.max_bytes)
        return pwi_error(err, PW_ERR_LIMIT, path, 0, 0,
                         "lockfile is larger than %zu MiB",
                         opts->limits.max_bytes >> 20);
    pwi_lockfile *lf = pwi_lock_new(path, f);
    pw_status st;
    switch (f) {
    case PWI_LOCK_NPM:
        st = pwi_lock_parse_npm(lf, data, len, opts, err);
        break;
    case PWI_LOCK_YARN_V1:
    case PWI_LOCK_YARN_BERRY:
        st = pwi_lock_parse_yarn(lf, data, len, opts, err);
        break;
    case PWI_LOCK_PNPM:
        st = pwi_lock_parse_pnpm(lf, data, len, opts, err);
        break;
    case PWI_LOCK_BUN:
        st = pwi_lock_parse_bun(lf, data, len, opts, err);
        break;
    case PWI_LOCK_PACKAGE_JSON:
        st = pwi_lock_parse_package_json(lf, data, len, opts, err);
        break;
    case PWI_LOCK_REQUIREMENTS:
        st = pwi_lock_parse_requirements(lf, data, len, opts, err);
        break;
    case PWI_LOCK_PIPFILE:
        st = pwi_lock_parse_pipfile(lf, data, len, opts, err);
        break;
    case PWI_LOCK_POETRY:
        st = pwi_lock_parse_poetry(lf, data, len, opts, err);
        break;
    case PWI_LOCK_UV:
        st = pwi_lock_parse_uv(lf, data, len, opts, err);
        break;
    case PWI_LOCK_PYLOCK:
        st = pwi_lock_parse_pylock(lf, data, len, opts, err);
        break;
    default:
        PW_BUG("unhandled lockfile format");
    }
    if (st != PW_OK) {
        pwi_lock_free(lf);
        return st;
    }
    pwi_lock_link(lf);
    *out = lf;
    return PW_OK;
}

pw_status pwi_lock_load(const char *path, const pwi_lock_opts *opts,
                        pwi_lockfile **out, pw_error *err)
{
    pwi_lock_opts defaults;
    if (!opts) {
        pwi_lock_opts_init(&defaults);
        opts = &defaults;
    }
    char *data = NULL;
    size_t len = 0;
    pw_status st = pwi_read_file(path, opts->limits.max_bytes, "lockfile",
                                 &data, &len, err);
    if (st != PW_OK)
        return st;
    st = pwi_lock_parse(path, data, len, opts, out, err);
    free(data);
    return st;
}

pw_status pwi_lock_load_file(void *user, const char *from, const char *rel,
                             char **data, size_t *len, char **path_out,
                             pw_error *err)
{
    const pwi_lock_opts *o = user;
    size_t max = o ? o->limits.max_bytes : 64u << 20;
    char *path;
    const char *slash = strrchr(from, '/');
    if (rel[0] == '/' || !slash)
        path = pwi_xstrdup(rel);
    else
        path = pwi_xasprintf("%.*s/%s", (int)(slash - from), from, rel);
    pw_status st = pwi_read_file(path, max, "included file", data, len, err);
    if (st != PW_OK) {
        free(path);
        return st;
    }
    *path_out = path;
    return PW_OK;
}
