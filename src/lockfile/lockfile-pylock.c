/*
 * lockfile-pylock.c - pylock.toml / pylock.<name>.toml (PEP 751,
 * lock-version 1.x).
 *
 *   lock-version = "1.0"
 *   created-by = "pip"
 *   requires-python = ">=3.9"
 *   [[packages]]
 *   name = "attrs"
 *   version = "25.1.0"              (optional for vcs/directory/archive)
 *   marker = "..."  requires-python = "..."
 *   index = "https://pypi.org/simple"
 *   dependencies = [{ name = "x" }, { name = "y", version = "1" }]
 *   and at most one source: vcs = { type, url|path, commit-id, ... },
 *   directory = { path, editable }, archive = { url|path, hashes },
 *   or sdist = { name, url|path, hashes } and/or
 *      wheels = [{ name, url|path, hashes = { sha256 = "..." } }].
 *
 * PEP 751 does not record which packages the project asks for, and the
 * dependency graph is optional: the root "(pylock)" gets an edge to every
 * package no other package depends on (all of them when there is no
 * graph) - the heuristic of pwi_py_link_unreferenced. A dependency entry
 * names its package by name plus whatever keys make it unambiguous
 * (version, index, a source table's url/path...), which are compared.
 * A newer minor lock-version is read with a warning, as PEP 751 asks; an
 * unknown major is PW_ERR_UNSUPPORTED.
 */
#include "lockfile/lockfile-python.h"
#include "util/error.h"
#include "util/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct pylock {
    pwi_lockfile *lf;
    const pwi_lock_opts *o;
    pw_error *err;
    pwi_py_names names;
    pwi_strmap indexes;
    size_t root;
} pylock;

static pw_status check_version(pylock *p, const pwi_jnode *doc)
{
    size_t line = 0;
    const pwi_jnode *v = pwi_j_get_line(doc, "lock-version", &line);
    if (!v)
        return pwi_error(p->err, PW_ERR_FORMAT, p->lf->path, 1, 0,
                         "no \"lock-version\": not a pylock.toml");
    if (v->kind != PWI_J_STRING)
        return pwi_error(p->err, PW_ERR_FORMAT, p->lf->path, line, 0,
                         "\"lock-version\" is %s, expected a string such as "
                         "\"1.0\"",
                         pwi_j_kind_name(v->kind));
    const char *s = v->str;
    char shown[40];
    snprintf(shown, sizeof shown, "%.32s%s", s, strlen(s) > 32 ? "..." : "");
    if (!(s[0] == '1' && (s[1] == '.' || s[1] == '\0')))
        return pwi_error(p->err, PW_ERR_UNSUPPORTED, p->lf->path, line, 0,
                         "\"lock-version\" \"%s\" is not supported (known: "
                         "1.0)",
                         shown);
    pwi_lock_set_version(p->lf, s);
    if (strcmp(s, "1.0") && strcmp(s, "1"))
        pwi_lock_warn(p->lf, line, NULL,
                      "lock-version \"%s\" is newer than the version known "
                      "(1.0); read as 1.0",
                      shown);
    return PW_OK;
}

/* "sha256:<hex>" (or "<algo>:<hex>" for the first algorithm when there
 * is no sha256) of a hashes = { ... } table; malloc'd or NULL. */
static pw_status read_hashes(pylock *p, const pwi_jnode *dist,
                             const char *what, char **out)
{
    const pwi_jnode *h;
    pw_status st = pwi_py_get_table(p->lf, dist, "hashes", what, &h, p->err);
    *out = NULL;
    if (st || !h)
        return st;
    for (size_t i = 0; i < h->nitems; i++)
        if (h->items[i]->kind != PWI_J_STRING)
            return pwi_error(p->err, PW_ERR_FORMAT, p->lf->path,
                             h->key_lines[i], 0,
                             "hash \"%.40s\" of %s is %s, expected a string",
                             h->keys[i], what,
                             pwi_j_kind_name(h->items[i]->kind));
    const char *sha = pwi_j_get_str(h, "sha256");
    if (sha)
        *out = pwi_xasprintf("sha256:%s", sha);
    else if (h->nitems)
        *out = pwi_xasprintf("%s:%s", h->keys[0], h->items[0]->str);
    return PW_OK;
}

/* url (preferred) or path of a source table. */
static pw_status read_location(pylock *p, const pwi_jnode *t,
                               const char *what, const char **url,
                               const char **path)
{
    pw_status st;
    if ((st = pwi_py_get_str(p->lf, t, "url", what, url, p->err)) ||
        (st = pwi_py_get_str(p->lf, t, "path", what, path, p->err)))
        return st;
    return PW_OK;
}

static pw_status check_table(pylock *p, const pwi_jnode *t, const char *key,
                             const char *what)
{
    if (t && t->kind != PWI_J_OBJECT)
        return pwi_error(p->err, PW_ERR_FORMAT, p->lf->path, t->line, 0,
                         "\"%s\" of %s is %s, expected a table", key, what,
                         pwi_j_kind_name(t->kind));
    return PW_OK;
}

/* Source, resolved and integrity of one [[packages]] entry. */
static pw_status read_source(pylock *p, const pwi_jnode *pkg,
                             pwi_lock_pkg *d, char **resolved,
                             char **integrity, const char *what)
{
    const pwi_jnode *vcs = pwi_j_get(pkg, "vcs"),
                    *dir = pwi_j_get(pkg, "directory"),
                    *archive = pwi_j_get(pkg, "archive"),
                    *sdist = pwi_j_get(pkg, "sdist"), *wheels;
    const char *index, *url = NULL, *path = NULL;
    pw_status st;
    if ((st = check_table(p, vcs, "vcs", what)) ||
        (st = check_table(p, dir, "directory", what)) ||
        (st = check_table(p, archive, "archive", what)) ||
        (st = check_table(p, sdist, "sdist", what)) ||
        (st = pwi_py_get_array(p->lf, pkg, "wheels", what, &wheels,
                               p->err)) ||
        (st = pwi_py_get_str(p->lf, pkg, "index", what, &index, p->err)))
        return st;
    /* PEP 751: vcs, directory, archive and sdist/wheels exclude each
     * other; an installer and this reader must not pick different ones. */
    int kinds = !!vcs + !!dir + !!archive + !!(sdist || wheels);
    if (kinds > 1)
        return pwi_error(p->err, PW_ERR_FORMAT, p->lf->path, pkg->line, 0,
                         "%s has more than one of vcs, directory, archive "
                         "and sdist/wheels (they exclude each other)",
                         what);
    if (index)
        pwi_py_warn_index(p->lf, &p->indexes, pkg->line, NULL,
                          "package index", index);
    d->source = PWI_SRC_UNKNOWN;
    if (vcs) {
        const char *type, *commit;
        if ((st = pwi_py_get_str(p->lf, vcs, "type", what, &type, p->err)) ||
            (st = pwi_py_get_str(p->lf, vcs, "commit-id", what, &commit,
                                 p->err)) ||
            (st = read_location(p, vcs, what, &url, &path)))
            return st;
        d->source = type && strcmp(type, "git") ? PWI_SRC_URL : PWI_SRC_GIT;
        char *loc = url ? pwi_py_redact_url(url) : pwi_xstrdup(path ? path
                                                                    : "");
        *resolved = commit && *commit ? pwi_xasprintf("%s#%s", loc, commit)
                                      : pwi_xstrdup(loc);
        free(loc);
        return PW_OK;
    }
    if (dir) {
        if ((st = pwi_py_get_str(p->lf, dir, "path", what, &path, p->err)))
            return st;
        d->source = PWI_SRC_PATH;
        *resolved = path ? pwi_xstrdup(path) : NULL;
        return PW_OK;
    }
    if (archive) {
        if ((st = read_location(p, archive, what, &url, &path)) ||
            (st = read_hashes(p, archive, what, integrity)))
            return st;
        d->source = url ? PWI_SRC_URL : PWI_SRC_PATH;
        *resolved = url ? pwi_py_redact_url(url)
                        : path ? pwi_xstrdup(path) : NULL;
        return PW_OK;
    }
    if (sdist) {
        if ((st = read_location(p, sdist, what, &url, &path)) ||
            (st = read_hashes(p, sdist, what, integrity)))
            return st;
    }
    for (size_t i = 0; wheels && i < wheels->nitems; i++) {
        const pwi_jnode *w = wheels->items[i];
        const char *wurl = NULL, *wpath = NULL;
        char *h = NULL;
        if (w->kind != PWI_J_OBJECT)
            return pwi_error(p->err, PW_ERR_FORMAT, p->lf->path, w->line, 0,
                             "a wheel of %s is %s, expected a table", what,
                             pwi_j_kind_name(w->kind));
        if ((st = read_location(p, w, what, &wurl, &wpath)) ||
            (st = read_hashes(p, w, what, &h)))
            return st;
        if (!url && !path) {
            url = wurl;
            path = wpath;
        }
        if (!*integrity)
            *integrity = h;
        else
            free(h);
    }
    if (sdist || wheels) {
        /* files from an index (or on PyPI's file host) are registry
         * packages; other URLs and local files are not */
        int registry =
            index || (url && !strncmp(url, "https://files.pythonhosted.org/",
                                      31));
        d->source = registry ? PWI_SRC_REGISTRY
                    : url    ? PWI_SRC_URL
                             : PWI_SRC_PATH;
        *resolved = url ? pwi_py_redact_url(url)
                    : path ? pwi_xstrdup(path) : NULL;
    }
    return PW_OK;
}

static pw_status add_package(pylock *p, const pwi_jnode *pkg)
{
    pwi_lockfile *lf = p->lf;
    if (pkg->kind != PWI_J_OBJECT)
        return pwi_error(p->err, PW_ERR_FORMAT, lf->path, pkg->line, 0,
                         "a [[packages]] entry is %s, expected a table",
                         pwi_j_kind_name(pkg->kind));
    const char *name, *version;
    pw_status st;
    if ((st = pwi_py_get_str(lf, pkg, "name", "a [[packages]]", &name,
                             p->err)))
        return st;
    if (!name || !*name)
        return pwi_error(p->err, PW_ERR_FORMAT, lf->path, pkg->line, 0,
                         "[[packages]] has no \"name\"");
    char what[200];
    snprintf(what, sizeof what, "package \"%.120s\"", name);
    if ((st = pwi_py_get_str(lf, pkg, "version", what, &version, p->err)))
        return st;
    pwi_lock_pkg d;
    memset(&d, 0, sizeof d);
    d.name = (char *)name;
    d.version = (char *)(version && *version ? version : NULL);
    d.line = pkg->line;
    char *resolved = NULL, *integrity = NULL;
    st = read_source(p, pkg, &d, &resolved, &integrity, what);
    d.resolved = resolved;
    d.integrity = integrity;
    size_t i = st ? SIZE_MAX : pwi_lock_add(lf, &d, p->o);
    free(resolved);
    free(integrity);
    if (st)
        return st;
    if (i == SIZE_MAX)
        return pwi_error(p->err, PW_ERR_LIMIT, lf->path, pkg->line, 0,
                         "more than %zu packages", p->o->max_packages);
    pwi_py_names_add(&p->names, name, i);
    return PW_OK;
}

/* 1 when every key of the dependency entry other than name agrees with the
 * package entry: strings equal, source tables equal in url/path/commit. */
static int entry_matches(const pwi_jnode *want, const pwi_jnode *have)
{
    for (size_t i = 0; i < want->nitems; i++) {
        const char *k = want->keys[i];
        const pwi_jnode *w = want->items[i], *h = pwi_j_get(have, k);
        if (!strcmp(k, "name"))
            continue;
        if (w->kind == PWI_J_STRING) {
            if (!pwi_j_str_is(h, w->str))
                return 0;
        } else if (w->kind == PWI_J_OBJECT) {
            for (size_t j = 0; j < w->nitems; j++)
                if (w->items[j]->kind == PWI_J_STRING &&
                    !pwi_j_str_is(pwi_j_get(h, w->keys[j]),
                                  w->items[j]->str))
                    return 0;
        }
    }
    return 1;
}

static pw_status add_dependencies(pylock *p, const pwi_jnode *pkgs,
                                  size_t i)
{
    pwi_lockfile *lf = p->lf;
    const pwi_jnode *pkg = pkgs->items[i], *deps;
    size_t from = p->root + 1 + i;
    char what[200];
    snprintf(what, sizeof what, "package \"%.120s\"", lf->pkgs[from].name);
    pw_status st = pwi_py_get_array(lf, pkg, "dependencies", what, &deps,
                                    p->err);
    if (st || !deps)
        return st;
    for (size_t k = 0; k < deps->nitems; k++) {
        const pwi_jnode *dep = deps->items[k];
        const char *name;
        if (dep->kind != PWI_J_OBJECT)
            return pwi_error(p->err, PW_ERR_FORMAT, lf->path, dep->line, 0,
                             "a dependency of %s is %s, expected a table",
                             what, pwi_j_kind_name(dep->kind));
        if ((st = pwi_py_get_str(lf, dep, "name", what, &name, p->err)))
            return st;
        if (!name)
            return pwi_error(p->err, PW_ERR_FORMAT, lf->path, dep->line, 0,
                             "a dependency of %s has no \"name\"", what);
        size_t matched = 0;
        for (size_t to = pwi_py_names_first(&p->names, name); to != SIZE_MAX;
             to = pwi_py_names_next(&p->names, to))
            if (entry_matches(dep, pkgs->items[to - p->root - 1])) {
                pwi_lock_add_edge(lf, from, to);
                matched++;
            }
        if (!matched)
            pwi_lock_warn(lf, dep->line, NULL,
                          "dependency \"%.80s\" of %s matches no "
                          "[[packages]] entry",
                          name, what);
    }
    return PW_OK;
}

static pw_status parse_tree(pylock *p, const pwi_jnode *doc)
{
    pwi_lockfile *lf = p->lf;
    const pwi_jnode *pkgs;
    const char *created_by;
    pw_status st;
    if ((st = check_version(p, doc)) ||
        (st = pwi_py_get_str(lf, doc, "created-by", "the lockfile",
                             &created_by, p->err)) ||
        (st = pwi_py_get_array(lf, doc, "packages", "the lockfile", &pkgs,
                               p->err)))
        return st;
    pwi_lock_pkg r;
    memset(&r, 0, sizeof r);
    r.name = "(pylock)";
    r.source = PWI_SRC_PATH;
    r.flags = PWI_LOCKF_ROOT;
    p->root = pwi_lock_add(lf, &r, p->o);
    if (p->root == SIZE_MAX)
        return pwi_error(p->err, PW_ERR_LIMIT, lf->path, 0, 0,
                         "more than %zu packages", p->o->max_packages);
    size_t n = pkgs ? pkgs->nitems : 0;
    for (size_t i = 0; i < n; i++)
        if ((st = add_package(p, pkgs->items[i])))
            return st;
    for (size_t i = 0; i < n; i++)
        if ((st = add_dependencies(p, pkgs, i)))
            return st;
    pwi_py_link_unreferenced(lf, p->root);
    return PW_OK;
}

pw_status pwi_lock_parse_pylock(pwi_lockfile *lf, const char *data,
                                size_t len, const pwi_lock_opts *o,
                                pw_error *err)
{
    pwi_lock_opts defaults;
    if (!o) {
        pwi_lock_opts_init(&defaults);
        o = &defaults;
    }
    pwi_jnode *doc = NULL;
    pw_status st = pwi_py_parse_toml(lf, data, len, o, &doc, err);
    if (st)
        return st;
    pylock p;
    memset(&p, 0, sizeof p);
    p.lf = lf;
    p.o = o;
    p.err = err;
    pwi_py_names_init(&p.names);
    pwi_strmap_init(&p.indexes);
    st = parse_tree(&p, doc);
    pwi_py_names_release(&p.names);
    pwi_strmap_release(&p.indexes);
    pwi_jtree_free(doc);
    return st;
}
