/*
 * lockfile-pnpm.c - pnpm-lock.yaml into the lockfile model, through
 * util/yaml-tree (bounded; anchors, aliases and tags are refused there).
 *
 * Versions and their shapes:
 *   5.x (5.0-5.4, 5.4-inlineSpecifiers): package keys "/axios/1.14.1",
 *       "/@babel/code-frame/7.26.2", peers as "_react@18.2.0"; importer
 *       deps name -> reference, with a separate `specifiers` map.
 *   6.x (6.0, 6.1): keys "/axios@1.14.1", peers "(react@18.2.0)"; importer
 *       deps name -> {specifier, version}.
 *   9.x (9.0): `packages` holds metadata keyed "axios@1.14.1" (no peers),
 *       `snapshots` the graph keyed "axios@1.14.1(peers)".
 *   A project without workspaces may have its importer's fields at the top
 *   level (5.x, 6.x); pnpm 11 may write two YAML documents (an env lockfile
 *   first), split here at "---" lines and read as one graph.
 * Anything else is PW_ERR_UNSUPPORTED naming the line, e.g.
 *   pnpm-lock.yaml:1: "lockfileVersion" '4.0' is not supported (known: 5.x,
 *   6.x, 9.x)
 *
 * The model:
 *  - importers ("." and workspace paths) are roots. "." is named after the
 *    lockfile's directory; a member is named by the first `link:` that
 *    points at it, else by its path.
 *  - one package per name@version: peer variants (which pnpm keeps apart)
 *    are merged, their dependencies joined. line = the `packages` key; a
 *    9.x snapshot without a `packages` entry gives its own key's line.
 *  - a reference resolves through the keys of `packages` / `snapshots`;
 *    `link:` points at an importer (or a path outside the workspace).
 *  - dev: 5.x/6.x say it per package (`dev: true`; absent or false means
 *    used in production). 9.x does not: a package no production or
 *    optional dependency of an importer reaches, but a dev one does, is dev.
 *  - optional: the packages' (9.x: snapshots') `optional: true`.
 *  - install scripts: 5.x/6.x write `requiresBuild: true` (and `prepare:
 *    true` for git packages that build) when a package has them; that sets
 *    PWI_LOCKF_SCRIPTS_KNOWN|PWI_LOCKF_INSTALL_SCRIPT. The field's absence
 *    is not taken as "no scripts" (pnpm only knew when it had read the
 *    manifest), and 9.x dropped it, so no other package is SCRIPTS_KNOWN.
 *  - sources: `resolution: {integrity}` is the registry (a `tarball` beside
 *    it is a registry mirror); {tarball} alone on a non-registry key is a
 *    URL (git when it is a codeload.github.com archive); {commit, repo,
 *    type: git} is git; {directory, type: directory} and file: tarballs are
 *    paths.
 *  - aliases: a dependency name that differs from the package's own name
 *    ("string-width-cjs" -> string-width@4.2.3) is its alias when every
 *    reference uses that one other name.
 */
#include "lockfile/lockfile.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/mem.h"
#include "util/strmap.h"
#include "util/yaml-tree.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* pnpm writes one document, or two (pnpm 11's env lockfile). */
enum { PNPM_MAX_DOCS = 8 };

/* Per-package facts gathered while reading (pnpm_ctx.aux). */
enum {
    AUX_DEV = 1 << 0,        /* a variant said dev: true */
    AUX_NONDEV = 1 << 1,     /* a variant said dev: false or nothing */
    AUX_OPT = 1 << 2,        /* a variant said optional: true */
    AUX_NONOPT = 1 << 3,     /* a variant did not */
    AUX_REAL_NAME = 1 << 4,  /* referenced under its own name */
    AUX_ALIAS_MIXED = 1 << 5, /* referenced under two other names */
    AUX_NAMED = 1 << 6,      /* an importer with its final name */
    AUX_LINK = 1 << 7        /* a link: target or an importer */
};

typedef struct root_edge {
    size_t to;
    int dev;
} root_edge;

typedef struct pnpm_ctx {
    pwi_lockfile *lf;
    const pwi_lock_opts *o;
    pw_error *err;
    int major;            /* 5, 6 or 9: the document being read */
    size_t line_off;      /* lines before that document */
    pwi_strmap keys;      /* normalized package key -> package */
    pwi_strmap importers; /* importer path -> package */
    pwi_strmap links;     /* link: path outside the importers -> package */
    unsigned char *aux;   /* AUX_* per package */
    char **alias;         /* per package: the other name it is used under */
    size_t capaux, capalias;
    root_edge *redges;    /* importer dependencies, for 9.x's dev flags */
    size_t nredges, capredges;
    int any_v9;
    char *root_name;
    pwi_buf scratch;
} pnpm_ctx;

static pw_status pfail(pnpm_ctx *c, pw_status code, size_t line, size_t col,
                       const char *fmt, ...) PW_PRINTF(5, 6);

static pw_status pfail(pnpm_ctx *c, pw_status code, size_t line, size_t col,
                       const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return pwi_error(c->err, code, c->lf->path, line, col, "%s", msg);
}

/* Line of a node in the whole file. */
static size_t at_line(const pnpm_ctx *c, const pwi_yaml_node *n)
{
    return n ? n->line + c->line_off : 0;
}

static int has_prefix(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

/* A scalar usable as a C string: not null, no NUL byte inside. */
static const char *str_of(const pwi_yaml_node *n)
{
    if (!n || n->kind != PWI_YAML_SCALAR || pwi_yaml_is_null(n) ||
        strlen(n->str) != n->len)
        return NULL;
    return n->str;
}

static const char *map_str(const pwi_yaml_node *map, const char *key)
{
    return str_of(pwi_yaml_map_get(map, key));
}

static int map_true(const pwi_yaml_node *map, const char *key)
{
    const pwi_yaml_node *v = pwi_yaml_map_get(map, key);
    return v && v->plain && pwi_yaml_scalar_is(v, "true");
}

/* A mapping, or NULL for an absent or null value; anything else is an
 * error naming what. */
static pw_status opt_map(pnpm_ctx *c, const pwi_yaml_node *parent,
                         const char *what, const pwi_yaml_node **out)
{
    const pwi_yaml_node *n = pwi_yaml_map_get(parent, what);
    *out = NULL;
    if (!n || pwi_yaml_is_null(n))
        return PW_OK;
    if (n->kind != PWI_YAML_MAP)
        return pfail(c, PW_ERR_FORMAT, at_line(c, n), n->col,
                     "\"%s\" is not a mapping", what);
    *out = n;
    return PW_OK;
}

/* The directory name of path's directory, "" when there is none. */
static char *dir_base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return pwi_xstrdup("");
    const char *end = slash;
    while (end > path && end[-1] == '/')
        end--;
    const char *start = end;
    while (start > path && start[-1] != '/')
        start--;
    size_t n = (size_t)(end - start);
    if (n == 0 || (n == 1 && start[0] == '.') ||
        (n == 2 && start[0] == '.' && start[1] == '.'))
        return pwi_xstrdup("");
    return pwi_xstrndup(start, n);
}

/* ---- package bookkeeping -------------------------------------------------- */

static pw_status add_pkg(pnpm_ctx *c, const pwi_lock_pkg *p, size_t *idx)
{
    *idx = pwi_lock_add(c->lf, p, c->o);
    if (*idx == SIZE_MAX)
        return pfail(c, PW_ERR_LIMIT, p->line, 0,
                     "more than %zu packages in one lockfile",
                     c->o->max_packages);
    size_t had = c->capaux;
    PW_GROW(c->aux, c->capaux, c->lf->npkgs);
    if (c->capaux > had)
        memset(c->aux + had, 0, c->capaux - had);
    had = c->capalias;
    PW_GROW(c->alias, c->capalias, c->lf->npkgs);
    if (c->capalias > had)
        memset(c->alias + had, 0, (c->capalias - had) * sizeof *c->alias);
    return PW_OK;
}

static void set_str(char **field, const char *v)
{
    free(*field);
    *field = v ? pwi_xstrdup(v) : NULL;
}

/* Notes that package i is depended on under the name dep. */
static void note_name(pnpm_ctx *c, size_t i, const char *dep)
{
    if (c->aux[i] & AUX_LINK)
        return;
    if (!strcmp(c->lf->pkgs[i].name, dep))
        c->aux[i] |= AUX_REAL_NAME;
    else if (!c->alias[i])
        c->alias[i] = pwi_xstrdup(dep);
    else if (strcmp(c->alias[i], dep))
        c->aux[i] |= AUX_ALIAS_MIXED;
}

/*
 * The part of a package key that names the package: without a leading '/'
 * and without the peer suffix ("_peer@1" after the version in 5.x keys
 * that start with '/', "(peer@1)..." in 6.x and 9.x). *off and *len give
 * that part of s[0..n).
 */
static void norm_key(const pnpm_ctx *c, const char *s, size_t n, size_t *off,
                     size_t *len)
{
    size_t b = n && s[0] == '/';
    size_t e = n;
    if (c->major >= 6) {
        const char *paren = memchr(s + b, '(', e - b);
        if (paren)
            e = (size_t)(paren - s);
    } else if (b) {
        size_t last = b;
        for (size_t i = b; i < e; i++)
            if (s[i] == '/')
                last = i;
        const char *us = memchr(s + last, '_', e - last);
        if (us)
            e = (size_t)(us - s);
    }
    *off = b;
    *len = e - b;
}

static int lookup_key(pnpm_ctx *c, const char *s, size_t n, size_t *idx)
{
    size_t off, len;
    norm_key(c, s, n, &off, &len);
    return pwi_strmap_get(&c->keys, s + off, len, idx);
}

/*
 * Splits a registry-style key into name and version ("/@a/b/1.0.0",
 * "/a@1.0.0", "a@1.0.0(peer)"). *name_len and *rest point into key; rest is the
 * version or, in 9.x, a reference ("file:...", "https://..."). 0 when the
 * key has no name in that form (5.x/6.x keys without a leading '/').
 */
static int split_pkg_key(const pnpm_ctx *c, const char *key, size_t *name_len,
                         const char **rest, size_t *rest_len)
{
    size_t off, len;
    norm_key(c, key, strlen(key), &off, &len);
    if (c->major < 9 && off == 0)
        return 0;
    const char *s = key + off, *e = s + len, *sep;
    char want = c->major == 5 ? '/' : '@';
    const char *from = s;
    if (s < e && s[0] == '@') {
        const char *slash = memchr(s, '/', len);
        if (!slash)
            return 0;
        from = slash + 1;
    }
    sep = memchr(from, want, (size_t)(e - from));
    if (!sep || sep == s || sep + 1 >= e)
        return 0;
    *name_len = (size_t)(sep - s);
    *rest = sep + 1;
    *rest_len = (size_t)(e - sep - 1);
    /* The name keeps the key's offset: callers copy from key + off. */
    return 1;
}

/* A version, not a reference: starts with a digit, no ':' or '/'. */
static int is_version(const char *s, size_t n)
{
    if (n == 0 || s[0] < '0' || s[0] > '9')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ':' || s[i] == '/')
            return 0;
    return 1;
}

/* Where a non-registry reference points (9.x key rest, or a dependency
 * reference without a package entry). */
static pwi_lock_source classify_ref(const char *ref)
{
    if (has_prefix(ref, "file:") || has_prefix(ref, "link:"))
        return PWI_SRC_PATH;
    if (has_prefix(ref, "git+") || has_prefix(ref, "git:") ||
        has_prefix(ref, "ssh:") || strstr(ref, "://codeload.github.com/") ||
        has_prefix(ref, "github.com/") || has_prefix(ref, "gitlab.com/") ||
        has_prefix(ref, "bitbucket.org/"))
        return PWI_SRC_GIT;
    if (has_prefix(ref, "http:") || has_prefix(ref, "https:"))
        return PWI_SRC_URL;
    return PWI_SRC_UNKNOWN;
}

/* ---- packages and snapshots ----------------------------------------------- */

enum { FROM_PACKAGES, FROM_SNAPSHOTS };

/* Flags one variant (packages entry or 9.x snapshot) contributes. */
static void variant_flags(pnpm_ctx *c, size_t idx, const pwi_yaml_node *val,
                          int from)
{
    if (from == FROM_SNAPSHOTS || c->major < 9)
        c->aux[idx] |= map_true(val, "optional") ? AUX_OPT : AUX_NONOPT;
    if (c->major < 9 && from == FROM_PACKAGES)
        c->aux[idx] |= map_true(val, "dev") ? AUX_DEV : AUX_NONDEV;
    if (map_true(val, "requiresBuild") || map_true(val, "prepare"))
        c->lf->pkgs[idx].flags |=
            PWI_LOCKF_SCRIPTS_KNOWN | PWI_LOCKF_INSTALL_SCRIPT;
}

/* Source and resolved location of a package entry. resolved is set to a
 * malloc'd string or NULL. */
static pw_status entry_source(pnpm_ctx *c, const char *key, size_t line,
                              const pwi_yaml_node *val, int registry_key,
                              const char *ref, pwi_lock_source *src,
                              char **resolved, const char **integrity)
{
    const pwi_yaml_node *res = pwi_yaml_map_get(val, "resolution");
    *resolved = NULL;
    *integrity = NULL;
    if (res && !pwi_yaml_is_null(res) && res->kind != PWI_YAML_MAP)
        return pfail(c, PW_ERR_FORMAT, at_line(c, res), res->col,
                     "\"resolution\" of \"%.100s\" is not a mapping", key);
    const char *tarball = map_str(res, "tarball"), *type = map_str(res, "type");
    const char *commit = map_str(res, "commit"), *repo = map_str(res, "repo");
    const char *dir = map_str(res, "directory");
    *integrity = map_str(res, "integrity");
    if ((type && !strcmp(type, "git")) || (commit && repo)) {
        *src = PWI_SRC_GIT;
        if (repo)
            *resolved = commit ? pwi_xasprintf("%s#%s", repo, commit)
                               : pwi_xstrdup(repo);
    } else if ((type && !strcmp(type, "directory")) || dir) {
        *src = PWI_SRC_PATH;
        *resolved = dir ? pwi_xstrdup(dir) : NULL;
    } else if (type) {
        *src = PWI_SRC_UNKNOWN;
        pwi_lock_warn(c->lf, line, NULL,
                      "\"%.100s\": unknown kind of resolution \"%.60s\"", key,
                      type);
    } else if (tarball) {
        *resolved = pwi_xstrdup(tarball);
        if (has_prefix(tarball, "file:"))
            *src = PWI_SRC_PATH;
        else if (registry_key)
            *src = PWI_SRC_REGISTRY; /* a registry other than npmjs */
        else if (strstr(tarball, "://codeload.github.com/") ||
                 classify_ref(key + (key[0] == '/')) == PWI_SRC_GIT)
            *src = PWI_SRC_GIT;
        else
            *src = PWI_SRC_URL;
    } else if (registry_key) {
        *src = PWI_SRC_REGISTRY;
    } else {
        *src = ref ? classify_ref(ref) : PWI_SRC_UNKNOWN;
        if (ref && *src != PWI_SRC_UNKNOWN)
            *resolved = pwi_xstrdup(
                *src == PWI_SRC_PATH ? strchr(ref, ':') + 1 : ref);
    }
    return PW_OK;
}

/*
 * Adds the package of a `packages` entry (or a 9.x snapshot without one),
 * or merges a peer variant into the package already there. *out is its
 * index.
 */
static pw_status add_entry(pnpm_ctx *c, const pwi_yaml_node *keyn,
                           const pwi_yaml_node *val, int from, size_t *out)
{
    const char *key = str_of(keyn);
    if (!key)
        return pfail(c, PW_ERR_FORMAT, at_line(c, keyn), keyn->col,
                     "package key is empty or holds a NUL byte");
    if (!pwi_yaml_is_null(val) && val->kind != PWI_YAML_MAP)
        return pfail(c, PW_ERR_FORMAT, at_line(c, val), val->col,
                     "package \"%.100s\" is not a mapping", key);
    size_t klen = strlen(key), off, len;
    norm_key(c, key, klen, &off, &len);
    if (pwi_strmap_get(&c->keys, key + off, len, out)) {
        variant_flags(c, *out, val, from);
        return PW_OK;
    }

    size_t name_len = 0, ref_len = 0;
    const char *refp = NULL;
    int named = split_pkg_key(c, key, &name_len, &refp, &ref_len);
    int registry_key = named && is_version(refp, ref_len);
    char *kname = named ? pwi_xstrndup(key + off, name_len) : NULL;
    char *kref = named ? pwi_xstrndup(refp, ref_len) : NULL;
    const char *fname = map_str(val, "name"), *fver = map_str(val, "version");

    pwi_lock_pkg p;
    memset(&p, 0, sizeof p);
    p.name = (char *)(fname ? fname : kname ? kname : key);
    p.version = (char *)(fver ? fver : registry_key ? kref : NULL);
    p.line = at_line(c, keyn);
    if (!fname && !kname)
        pwi_lock_warn(c->lf, p.line, NULL,
                      "package \"%.100s\" has no name; named by its key",
                      key);
    char *resolved = NULL;
    const char *integrity = NULL;
    pw_status st = entry_source(c, key, p.line, val, registry_key,
                                registry_key ? NULL : kref ? kref : key,
                                &p.source, &resolved, &integrity);
    if (st == PW_OK) {
        p.resolved = resolved;
        p.integrity = (char *)integrity;
        st = add_pkg(c, &p, out);
    }
    free(resolved);
    free(kname);
    free(kref);
    if (st != PW_OK)
        return st;
    pwi_strmap_put(&c->keys, key + off, len, *out);
    variant_flags(c, *out, val, from);
    return PW_OK;
}

/* ---- references ------------------------------------------------------------ */

/* Joins base and rel like a POSIX path, resolving "." and ".." (a ".."
 * above the start is kept). The result goes into out ("." when empty). */
static void join_path(pwi_buf *out, const char *base, const char *rel)
{
    size_t *segs = NULL, nsegs = 0, cap = 0;
    pwi_buf_reset(out);
    pwi_buf_add(out, "", 0);
    int absolute = rel[0] == '/' || base[0] == '/';
    const char *parts[2] = {rel[0] == '/' ? "" : base, rel};
    if (absolute)
        pwi_buf_addc(out, '/');
    for (int k = 0; k < 2; k++) {
        const char *s = parts[k];
        while (*s) {
            const char *e = strchr(s, '/');
            size_t n = e ? (size_t)(e - s) : strlen(s);
            if (n == 0 || (n == 1 && s[0] == '.')) {
                /* nothing */
            } else if (n == 2 && s[0] == '.' && s[1] == '.' && nsegs &&
                       !(out->len - segs[nsegs - 1] == 2 &&
                         !memcmp(out->data + segs[nsegs - 1], "..", 2))) {
                out->len = segs[--nsegs];
                if (out->len > (size_t)absolute)
                    out->len--; /* the '/' before it */
                out->data[out->len] = '\0';
            } else if (!(n == 2 && s[0] == '.' && s[1] == '.' && absolute &&
                         !nsegs)) {
                if (out->len > (size_t)absolute)
                    pwi_buf_addc(out, '/');
                PW_GROW(segs, cap, nsegs + 1);
                segs[nsegs++] = out->len;
                pwi_buf_add(out, s, n);
            }
            s += n;
            if (*s == '/')
                s++;
        }
    }
    if (out->len == 0)
        pwi_buf_addc(out, '.');
    free(segs);
}

/* The package a `link:` reference from an importer at base points at: an
 * importer, or a package made for a path outside the workspace. */
static pw_status resolve_link(pnpm_ctx *c, const char *name, const char *ref,
                              const char *base, size_t line, size_t *idx)
{
    join_path(&c->scratch, base, ref + 5);
    const char *path = c->scratch.data;
    size_t n = c->scratch.len;
    if (pwi_strmap_get(&c->importers, path, n, idx)) {
        pwi_lock_pkg *p = &c->lf->pkgs[*idx];
        if (!(c->aux[*idx] & AUX_NAMED)) {
            set_str(&p->name, name);
            c->aux[*idx] |= AUX_NAMED;
        }
        return PW_OK;
    }
    if (pwi_strmap_get(&c->links, path, n, idx))
        return PW_OK;
    pwi_lock_pkg p;
    memset(&p, 0, sizeof p);
    p.name = (char *)name;
    p.resolved = (char *)path;
    p.spec = (char *)ref;
    p.source = PWI_SRC_PATH;
    p.line = line;
    pw_status st = add_pkg(c, &p, idx);
    if (st != PW_OK)
        return st;
    pwi_strmap_put(&c->links, path, n, *idx);
    c->aux[*idx] |= AUX_LINK;
    return PW_OK;
}

/*
 * The package dependency `name: ref` points at, from a package or an
 * importer at base ("." for packages). *idx is SIZE_MAX (with a warning)
 * when the lockfile does not have it.
 */
static pw_status resolve_ref(pnpm_ctx *c, const char *name, const char *ref,
                             const char *base, size_t line, const char *of,
                             size_t *idx)
{
    *idx = SIZE_MAX;
    if (has_prefix(ref, "link:"))
        return resolve_link(c, name, ref, base, line, idx);
    pwi_buf *b = &c->scratch;
    const char *r = ref;
    const char *target = name;
    size_t target_len = strlen(name);
    /* "npm:real@1.0.0": the alias's target, written per version. */
    if (has_prefix(ref, "npm:")) {
        const char *s = ref + 4;
        const char *at = strchr(s + (s[0] == '@'), '@');
        if (at && at > s) {
            target = s;
            target_len = (size_t)(at - s);
            r = at + 1;
        }
    } else if (lookup_key(c, ref, strlen(ref), idx)) {
        return PW_OK; /* a full key: "/x/1.0.0", "x@1.0.0", "file:..." */
    }
    pwi_buf_reset(b);
    if (c->major == 5)
        pwi_buf_printf(b, "/%.*s/%s", (int)target_len, target, r);
    else if (c->major == 6)
        pwi_buf_printf(b, "/%.*s@%s", (int)target_len, target, r);
    else
        pwi_buf_printf(b, "%.*s@%s", (int)target_len, target, r);
    if (b->data && lookup_key(c, b->data, b->len, idx))
        return PW_OK;
    *idx = SIZE_MAX;
    pwi_lock_warn(c->lf, line, NULL,
                  "dependency \"%.100s\" (%.100s) of %.100s is not in the "
                  "lockfile",
                  name, ref, of);
    return PW_OK;
}

/* Edges from package idx for its dependencies and optionalDependencies. */
static pw_status package_deps(pnpm_ctx *c, size_t idx, const pwi_yaml_node *val)
{
    static const char *const groups[] = {"dependencies",
                                         "optionalDependencies"};
    for (size_t g = 0; g < 2; g++) {
        const pwi_yaml_node *deps;
        pw_status st = opt_map(c, val, groups[g], &deps);
        if (st != PW_OK)
            return st;
        for (size_t i = 0; i < pwi_yaml_count(deps); i++) {
            const pwi_yaml_node *k = pwi_yaml_map_key(deps, i);
            const pwi_yaml_node *v = pwi_yaml_map_value(deps, i);
            const char *name = str_of(k), *ref = str_of(v);
            if (!name || !ref)
                return pfail(c, PW_ERR_FORMAT, at_line(c, k), k->col,
                             "dependency of \"%.100s\" needs a name and a "
                             "version",
                             c->lf->pkgs[idx].name);
            size_t to;
            char *of = pwi_xstrdup(c->lf->pkgs[idx].name);
            st = resolve_ref(c, name, ref, ".", at_line(c, k), of, &to);
            free(of);
            if (st != PW_OK)
                return st;
            if (to == SIZE_MAX || to == idx)
                continue;
            pwi_lock_add_edge(c->lf, idx, to);
            note_name(c, to, name);
        }
    }
    return PW_OK;
}

/* ---- importers ------------------------------------------------------------- */

static pw_status add_importer(pnpm_ctx *c, const char *path, size_t line,
                              size_t *idx)
{
    if (pwi_strmap_get(&c->importers, path, strlen(path), idx))
        return PW_OK;
    int top = !strcmp(path, ".");
    pwi_lock_pkg p;
    memset(&p, 0, sizeof p);
    p.name = (char *)(top ? c->root_name : path);
    p.resolved = (char *)path;
    p.source = PWI_SRC_PATH;
    p.flags = PWI_LOCKF_ROOT;
    p.line = line;
    pw_status st = add_pkg(c, &p, idx);
    if (st != PW_OK)
        return st;
    pwi_strmap_put(&c->importers, path, strlen(path), *idx);
    c->aux[*idx] |= AUX_LINK | (top ? AUX_NAMED : 0);
    return PW_OK;
}

static pw_status importer_groups(pnpm_ctx *c, size_t idx, const char *path,
                                 const pwi_yaml_node *imp,
                                 const pwi_yaml_node *specifiers,
                                 const pwi_strmap *specidx);

/* Dependencies of importer idx (at path) from its mapping imp. */
static pw_status importer_deps(pnpm_ctx *c, size_t idx, const char *path,
                               const pwi_yaml_node *imp)
{
    const pwi_yaml_node *specifiers;
    pw_status st = opt_map(c, imp, "specifiers", &specifiers);
    if (st != PW_OK)
        return st;
    /* 5.x: name -> specifier beside the references; indexed so that a
     * huge importer stays linear. */
    pwi_strmap specidx;
    pwi_strmap_init(&specidx);
    for (size_t i = 0; i < pwi_yaml_count(specifiers); i++) {
        const pwi_yaml_node *k = pwi_yaml_map_key(specifiers, i);
        if (str_of(k))
            pwi_strmap_put(&specidx, k->str, k->len, i);
    }
    st = importer_groups(c, idx, path, imp, specifiers, &specidx);
    pwi_strmap_release(&specidx);
    return st;
}

static pw_status importer_groups(pnpm_ctx *c, size_t idx, const char *path,
                                 const pwi_yaml_node *imp,
                                 const pwi_yaml_node *specifiers,
                                 const pwi_strmap *specidx)
{
    static const struct {
        const char *field;
        int dev;
    } groups[] = {
        {"dependencies", 0},        {"optionalDependencies", 0},
        {"devDependencies", 1},     {"configDependencies", 0},
        {"packageManagerDependencies", 0},
    };
    pw_status st;
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
        const pwi_yaml_node *deps;
        if ((st = opt_map(c, imp, groups[g].field, &deps)) != PW_OK)
            return st;
        for (size_t i = 0; i < pwi_yaml_count(deps); i++) {
            const pwi_yaml_node *k = pwi_yaml_map_key(deps, i);
            const pwi_yaml_node *v = pwi_yaml_map_value(deps, i);
            const char *name = str_of(k), *ref = NULL, *spec = NULL;
            if (v && v->kind == PWI_YAML_MAP) {
                ref = map_str(v, "version");
                spec = map_str(v, "specifier");
            } else {
                size_t si;
                ref = str_of(v);
                if (name && pwi_strmap_get(specidx, name, strlen(name), &si))
                    spec = str_of(pwi_yaml_map_value(specifiers, si));
            }
            if (!name || !ref)
                return pfail(c, PW_ERR_FORMAT, at_line(c, k), k->col,
                             "dependency of importer \"%.100s\" needs a name "
                             "and a version",
                             path);
            size_t to;
            char *of = pwi_xasprintf("importer \"%s\"", path);
            st = resolve_ref(c, name, ref, path, at_line(c, k), of, &to);
            free(of);
            if (st != PW_OK)
                return st;
            if (to == SIZE_MAX || to == idx)
                continue;
            pwi_lock_add_edge(c->lf, idx, to);
            note_name(c, to, name);
            pwi_lock_pkg *t = &c->lf->pkgs[to];
            if (spec && !t->spec && !(t->flags & PWI_LOCKF_ROOT))
                set_str(&t->spec, spec);
            PW_GROW(c->redges, c->capredges, c->nredges + 1);
            c->redges[c->nredges].to = to;
            c->redges[c->nredges].dev = groups[g].dev;
            c->nredges++;
        }
    }
    return PW_OK;
}

/* ---- one document ---------------------------------------------------------- */

/* A scalar for a message: plain as written, quoted ones in '...'. */
static void show_scalar(const pwi_yaml_node *n, char *buf, size_t size)
{
    char d[80];
    pwi_yaml_describe(n, d, sizeof d);
    size_t l = strlen(d);
    if (n && n->kind == PWI_YAML_SCALAR && l >= 2 && d[0] == '"' &&
        !pwi_yaml_is_null(n)) {
        if (n->plain)
            snprintf(buf, size, "%.*s", (int)(l - 2), d + 1);
        else
            snprintf(buf, size, "'%.*s'", (int)(l - 2), d + 1);
        return;
    }
    snprintf(buf, size, "%s", d);
}

/* "N" or "N.M" (digits), with N returned; -1 otherwise. 5.x also has
 * "5.4-inlineSpecifiers". */
static int version_major(const char *s)
{
    int major = 0;
    size_t i = 0;
    while (s[i] >= '0' && s[i] <= '9' && i < 3)
        major = major * 10 + (s[i++] - '0');
    if (i == 0)
        return -1;
    if (s[i] == '.') {
        size_t j = ++i;
        while (s[i] >= '0' && s[i] <= '9' && i - j < 3)
            i++;
        if (i == j)
            return -1;
    }
    if (major == 5 && !strcmp(s + i, "-inlineSpecifiers"))
        return 5;
    return s[i] ? -1 : major;
}

static pw_status check_version(pnpm_ctx *c, const pwi_yaml_node *root)
{
    const pwi_yaml_node *v = pwi_yaml_map_get(root, "lockfileVersion");
    if (!v)
        return pfail(c, PW_ERR_FORMAT, at_line(c, root), 0,
                     "no \"lockfileVersion\" (not a pnpm lockfile?)");
    const char *s = str_of(v);
    int major = s ? version_major(s) : -1;
    if (major != 5 && major != 6 && major != 9) {
        char shown[96];
        show_scalar(v, shown, sizeof shown);
        return pfail(c, PW_ERR_UNSUPPORTED, at_line(c, v), v->col,
                     "\"lockfileVersion\" %s is not supported (known: 5.x, "
                     "6.x, 9.x)",
                     shown);
    }
    c->major = major;
    if (major == 9)
        c->any_v9 = 1;
    pwi_lock_set_version(c->lf, s);
    return PW_OK;
}

/* Warns about packages the project patches (patchedDependencies). */
static void warn_patches(pnpm_ctx *c, const pwi_yaml_node *root)
{
    const pwi_yaml_node *pd = pwi_yaml_map_get(root, "patchedDependencies");
    for (size_t i = 0; i < pwi_yaml_count(pd); i++) {
        const pwi_yaml_node *k = pwi_yaml_map_key(pd, i);
        const pwi_yaml_node *v = pwi_yaml_map_value(pd, i);
        const char *what = str_of(k), *file = map_str(v, "path");
        if (what)
            pwi_lock_warn(c->lf, at_line(c, k), NULL,
                          "%.100s is patched by the project%s%.100s%s: the "
                          "installed code is not the published package",
                          what, file ? " (" : "", file ? file : "",
                          file ? ")" : "");
    }
}

static pw_status parse_doc(pnpm_ctx *c, const pwi_yaml_node *root)
{
    if (root->kind != PWI_YAML_MAP)
        return pfail(c, PW_ERR_FORMAT, at_line(c, root), root->col,
                     "pnpm-lock.yaml is not a YAML mapping");
    pw_status st = check_version(c, root);
    const pwi_yaml_node *importers, *packages, *snapshots = NULL;
    if (st == PW_OK)
        st = opt_map(c, root, "importers", &importers);
    if (st == PW_OK)
        st = opt_map(c, root, "packages", &packages);
    if (st == PW_OK && c->major == 9)
        st = opt_map(c, root, "snapshots", &snapshots);
    if (st != PW_OK)
        return st;

    /* Roots first, so that links between importers resolve. */
    size_t ni = importers ? pwi_yaml_count(importers) : 1;
    size_t *imp = pwi_xcalloc(ni, sizeof *imp);
    for (size_t i = 0; i < ni && st == PW_OK; i++) {
        if (!importers) {
            st = add_importer(c, ".", 0, &imp[i]);
            break;
        }
        const pwi_yaml_node *k = pwi_yaml_map_key(importers, i);
        const pwi_yaml_node *v = pwi_yaml_map_value(importers, i);
        const char *path = str_of(k);
        if (!path)
            st = pfail(c, PW_ERR_FORMAT, at_line(c, k), k->col,
                       "importer path is empty or holds a NUL byte");
        else if (!pwi_yaml_is_null(v) && v->kind != PWI_YAML_MAP)
            st = pfail(c, PW_ERR_FORMAT, at_line(c, v), v->col,
                       "importer \"%.100s\" is not a mapping", path);
        else
            st = add_importer(c, path, at_line(c, k), &imp[i]);
    }

    /* Packages, then (9.x) snapshots, then every edge. */
    for (size_t i = 0; i < pwi_yaml_count(packages) && st == PW_OK; i++) {
        size_t idx;
        st = add_entry(c, pwi_yaml_map_key(packages, i),
                       pwi_yaml_map_value(packages, i), FROM_PACKAGES, &idx);
    }
    for (size_t i = 0; i < pwi_yaml_count(snapshots) && st == PW_OK; i++) {
        size_t idx;
        st = add_entry(c, pwi_yaml_map_key(snapshots, i),
                       pwi_yaml_map_value(snapshots, i), FROM_SNAPSHOTS, &idx);
    }
    const pwi_yaml_node *graph = c->major == 9 ? snapshots : packages;
    for (size_t i = 0; i < pwi_yaml_count(graph) && st == PW_OK; i++) {
        const pwi_yaml_node *k = pwi_yaml_map_key(graph, i);
        size_t idx;
        if (lookup_key(c, k->str, k->len, &idx))
            st = package_deps(c, idx, pwi_yaml_map_value(graph, i));
    }
    for (size_t i = 0; i < ni && st == PW_OK; i++) {
        if (!importers) {
            st = importer_deps(c, imp[i], ".", root);
            break;
        }
        const pwi_yaml_node *k = pwi_yaml_map_key(importers, i);
        st = importer_deps(c, imp[i], k->str,
                           pwi_yaml_map_value(importers, i));
    }
    free(imp);
    if (st == PW_OK)
        warn_patches(c, root);
    return st;
}

/* ---- after all documents --------------------------------------------------- */

/* 9.x: a package reached from importers only through devDependencies is
 * dev. Breadth-first over the edges, never through a root (an importer's
 * own dependencies are seeded with their kind). */
static void mark_dev_v9(pnpm_ctx *c)
{
    pwi_lockfile *lf = c->lf;
    size_t n = lf->npkgs;
    if (!n)
        return;
    size_t *start = pwi_xcalloc(n + 1, sizeof *start);
    size_t *adj = pwi_xmalloc((lf->nedges + 1) * sizeof *adj);
    size_t *fill = pwi_xmalloc((n + 1) * sizeof *fill);
    for (size_t i = 0; i < lf->nedges; i++)
        start[lf->edges[i].from + 1]++;
    for (size_t i = 0; i < n; i++)
        start[i + 1] += start[i];
    memcpy(fill, start, (n + 1) * sizeof *fill);
    for (size_t i = 0; i < lf->nedges; i++)
        adj[fill[lf->edges[i].from]++] = lf->edges[i].to;
    free(fill);
    /* reach[i]: 1 reached by production, 2 by dev (pass 0, then 1). */
    unsigned char *reach = pwi_xcalloc(n, 1);
    size_t *queue = pwi_xmalloc(n * sizeof *queue);
    for (int pass = 0; pass < 2; pass++) {
        unsigned char bit = pass ? 2 : 1;
        size_t head = 0, tail = 0;
        for (size_t i = 0; i < c->nredges; i++) {
            size_t t = c->redges[i].to;
            if (c->redges[i].dev != pass || (reach[t] & bit))
                continue;
            reach[t] |= bit;
            queue[tail++] = t;
        }
        while (head < tail) {
            size_t u = queue[head++];
            if (lf->pkgs[u].flags & PWI_LOCKF_ROOT)
                continue;
            for (size_t e = start[u]; e < start[u + 1]; e++)
                if (!(reach[adj[e]] & bit)) {
                    reach[adj[e]] |= bit;
                    queue[tail++] = adj[e];
                }
        }
    }
    for (size_t i = 0; i < n; i++)
        if (reach[i] == 2 && !(lf->pkgs[i].flags & PWI_LOCKF_ROOT))
            lf->pkgs[i].flags |= PWI_LOCKF_DEV;
    free(queue);
    free(reach);
    free(adj);
    free(start);
}

static void finish(pnpm_ctx *c)
{
    for (size_t i = 0; i < c->lf->npkgs; i++) {
        pwi_lock_pkg *p = &c->lf->pkgs[i];
        unsigned a = c->aux[i];
        if ((a & AUX_DEV) && !(a & AUX_NONDEV))
            p->flags |= PWI_LOCKF_DEV;
        if ((a & AUX_OPT) && !(a & AUX_NONOPT))
            p->flags |= PWI_LOCKF_OPTIONAL;
        if (c->alias[i] && !(a & (AUX_REAL_NAME | AUX_ALIAS_MIXED))) {
            p->alias = c->alias[i];
            c->alias[i] = NULL;
        }
    }
    if (c->any_v9)
        mark_dev_v9(c);
}

/* ---- documents ------------------------------------------------------------- */

/* Start offsets and first lines of the YAML documents: a "---" line starts
 * one. Returns the count, or 0 when there are more than max. */
static size_t split_docs(const char *data, size_t len, size_t *starts,
                         size_t *lines, size_t max)
{
    size_t n = 1, line = 1;
    starts[0] = 0;
    lines[0] = 0;
    for (size_t i = 0; i < len;) {
        if (len - i >= 3 && !memcmp(data + i, "---", 3) &&
            (len - i == 3 || data[i + 3] == '\n' || data[i + 3] == '\r' ||
             data[i + 3] == ' ' || data[i + 3] == '\t') &&
            i > 0) {
            if (n == max)
                return 0;
            starts[n] = i;
            lines[n] = line - 1;
            n++;
        }
        const char *nl = memchr(data + i, '\n', len - i);
        if (!nl)
            break;
        i = (size_t)(nl - data) + 1;
        line++;
    }
    return n;
}

pw_status pwi_lock_parse_pnpm(pwi_lockfile *lf, const char *data, size_t len,
                              const pwi_lock_opts *o, pw_error *err)
{
    pwi_lock_opts defaults;
    if (!o) {
        pwi_lock_opts_init(&defaults);
        o = &defaults;
    }
    pnpm_ctx c;
    memset(&c, 0, sizeof c);
    c.lf = lf;
    c.o = o;
    c.err = err;
    pwi_strmap_init(&c.keys);
    pwi_strmap_init(&c.importers);
    pwi_strmap_init(&c.links);
    pwi_buf_init(&c.scratch, 0);
    c.root_name = dir_base_name(lf->path);

    pwi_yaml_limits lim;
    pwi_yaml_limits_default(&lim);
    lim.max_bytes = o->limits.max_bytes;
    lim.max_depth = o->limits.max_depth;
    lim.max_nodes = o->limits.max_nodes;
    lim.max_scalar = o->limits.max_string;

    size_t starts[PNPM_MAX_DOCS], lines[PNPM_MAX_DOCS];
    size_t ndocs = split_docs(data, len, starts, lines, PNPM_MAX_DOCS);
    pw_status st = PW_OK;
    size_t parsed = 0;
    if (ndocs == 0)
        st = pfail(&c, PW_ERR_LIMIT, 0, 0,
                   "more than %d YAML documents", PNPM_MAX_DOCS);
    for (size_t d = 0; d < ndocs && st == PW_OK; d++) {
        size_t end = d + 1 < ndocs ? starts[d + 1] : len;
        pwi_yaml_node *root = NULL;
        c.line_off = lines[d];
        st = pwi_yaml_parse(data + starts[d], end - starts[d], lf->path, &lim,
                            &root, err);
        if (st != PW_OK) {
            if (err && err->line)
                err->line += c.line_off;
            break;
        }
        if (!root)
            continue;
        parsed++;
        st = parse_doc(&c, root);
        pwi_yaml_free(root);
    }
    if (st == PW_OK && parsed == 0)
        st = pfail(&c, PW_ERR_FORMAT, 0, 0,
                   "empty lockfile (no \"lockfileVersion\")");
    if (st == PW_OK)
        finish(&c);

    for (size_t i = 0; i < c.capalias; i++)
        free(c.alias[i]);
    free(c.alias);
    free(c.aux);
    free(c.redges);
    free(c.root_name);
    pwi_buf_release(&c.scratch);
    pwi_strmap_release(&c.keys);
    pwi_strmap_release(&c.importers);
    pwi_strmap_release(&c.links);
    return st;
}
