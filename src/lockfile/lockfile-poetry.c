/*
 * lockfile-poetry.c - poetry.lock (lock-version 1.0, 1.1, 2.0, 2.1).
 *
 *   [[package]]                    name, version, description, optional,
 *   name = "requests"              python-versions, category ("main"/"dev",
 *   version = "2.31.0"             poetry < 1.5), groups (2.1), files
 *   files = [{file = ..., hash = "sha256:..."}]          (2.x)
 *   [package.dependencies]         name -> "spec" | {version, optional,
 *   certifi = ">=2017.4.17"          markers, extras} | [{...}, {...}]
 *   [package.source]               type git/url/file/directory/legacy,
 *   type = "git"                   url, reference, resolved_reference
 *   [metadata]                     lock-version, content-hash,
 *   lock-version = "2.1"           files (1.x: name -> [{file, hash}] or,
 *                                  in 1.0, ["sha256:..."])
 *
 * poetry.lock does not record which packages pyproject.toml asks for, so
 * the root "(poetry)" (named after the project directory when the path has
 * one) gets an edge to every package no other package depends on
 * (pwi_py_link_unreferenced): a heuristic, documented there. Dependencies
 * are matched by PEP 503 name; when several versions of a name are locked
 * (marker-split resolutions), the edge goes to each of them.
 */
#include "lockfile/lockfile-python.h"
#include "util/error.h"
#include "util/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define POETRY_KNOWN "1.0, 1.1, 2.0, 2.1"

typedef struct poetry {
    pwi_lockfile *lf;
    const pwi_lock_opts *o;
    pw_error *err;
    pwi_py_names names;
    pwi_strmap indexes;     /* non-PyPI index URLs already reported */
    pwi_strmap meta_files;  /* normalised name -> index in [metadata.files] */
    const pwi_jnode *files; /* [metadata.files] (1.x) */
    size_t root;
} poetry;

/* lock-version: known majors are read, a newer minor with a warning. */
static pw_status check_version(poetry *p, const pwi_jnode *meta)
{
    size_t line = 0;
    const pwi_jnode *v = pwi_j_get_line(meta, "lock-version", &line);
    if (!v) {
        /* poetry itself reads a missing lock-version as 1.0 */
        pwi_lock_set_version(p->lf, "1.0");
        pwi_lock_warn(p->lf, 0, NULL,
                      "no [metadata] lock-version: read as 1.0");
        return PW_OK;
    }
    if (v->kind != PWI_J_STRING)
        return pwi_error(p->err, PW_ERR_FORMAT, p->lf->path, line, 0,
                         "\"lock-version\" is %s, expected a string such as "
                         "\"2.1\"",
                         pwi_j_kind_name(v->kind));
    const char *s = v->str;
    size_t major_len = strspn(s, "0123456789");
    int known_major = (major_len == 1 && (s[0] == '1' || s[0] == '2')) &&
                      (s[1] == '.' || s[1] == '\0');
    char shown[40];
    snprintf(shown, sizeof shown, "%.32s%s", s, strlen(s) > 32 ? "..." : "");
    if (!known_major)
        return pwi_error(p->err, PW_ERR_UNSUPPORTED, p->lf->path, line, 0,
                         "\"lock-version\" \"%s\" is not supported (known: "
                         POETRY_KNOWN ")",
                         shown);
    pwi_lock_set_version(p->lf, s);
    if (strcmp(s, "1.0") && strcmp(s, "1.1") && strcmp(s, "2.0") &&
        strcmp(s, "2.1"))
        pwi_lock_warn(p->lf, line, NULL,
                      "lock-version \"%s\" is newer than the versions known "
                      "(" POETRY_KNOWN "); read as %s",
                      shown, s[0] == '1' ? "1.1" : "2.1");
    return PW_OK;
}

/* "sha256:..." of the first entry of a files array (1.1/2.x tables with a
 * hash, or 1.0 bare strings); NULL when none. */
static const char *first_hash(const pwi_jnode *files)
{
    if (!files || files->kind != PWI_J_ARRAY)
        return NULL;
    for (size_t i = 0; i < files->nitems; i++) {
        const pwi_jnode *f = files->items[i];
        if (f->kind == PWI_J_STRING && f->len)
            return f->str;
        const char *h = pwi_j_get_str(f, "hash");
        if (h && *h)
            return h;
    }
    return NULL;
}

static pw_status check_files(poetry *p, const pwi_jnode *files,
                             const char *what)
{
    if (!files)
        return PW_OK;
    if (files->kind != PWI_J_ARRAY)
        return pwi_error(p->err, PW_ERR_FORMAT, p->lf->path, files->line, 0,
                         "files of %s is %s, expected an array", what,
                         pwi_j_kind_name(files->kind));
    for (size_t i = 0; i < files->nitems; i++) {
        const pwi_jnode *f = files->items[i];
        if (f->kind == PWI_J_STRING)
            continue;
        const char *h;
        if (f->kind != PWI_J_OBJECT)
            return pwi_error(p->err, PW_ERR_FORMAT, p->lf->path, f->line, 0,
                             "a files entry of %s is %s, expected a table",
                             what, pwi_j_kind_name(f->kind));
        pw_status st = pwi_py_get_str(p->lf, f, "hash", what, &h, p->err);
        if (st)
            return st;
    }
    return PW_OK;
}

/* Where a package comes from, from [package.source]. */
static pw_status read_source(poetry *p, const pwi_jnode *pkg, pwi_lock_pkg *d,
                             char **resolved, const char *what)
{
    const pwi_jnode *src;
    const char *type, *url, *ref, *rref;
    pw_status st;
    if ((st = pwi_py_get_table(p->lf, pkg, "source", what, &src, p->err)))
        return st;
    d->source = PWI_SRC_REGISTRY;
    if (!src)
        return PW_OK;
    if ((st = pwi_py_get_str(p->lf, src, "type", what, &type, p->err)) ||
        (st = pwi_py_get_str(p->lf, src, "url", what, &url, p->err)) ||
        (st = pwi_py_get_str(p->lf, src, "reference", what, &ref, p->err)) ||
        (st = pwi_py_get_str(p->lf, src, "resolved_reference", what, &rref,
                             p->err)))
        return st;
    if (!type)
        return pwi_error(p->err, PW_ERR_FORMAT, p->lf->path, src->line, 0,
                         "the source of %s has no \"type\"", what);
    if (!strcmp(type, "git")) {
        d->source = PWI_SRC_GIT;
        const char *at = rref && *rref ? rref : ref;
        char *safe = pwi_py_redact_url(url ? url : "");
        *resolved = at && *at ? pwi_xasprintf("%s@%s", safe, at)
                              : pwi_xstrdup(safe);
        free(safe);
    } else if (!strcmp(type, "url")) {
        d->source = PWI_SRC_URL;
        *resolved = url ? pwi_py_redact_url(url) : NULL;
    } else if (!strcmp(type, "file") || !strcmp(type, "directory")) {
        d->source = PWI_SRC_PATH;
        *resolved = url ? pwi_xstrdup(url) : NULL;
    } else if (!strcmp(type, "legacy") || !strcmp(type, "pypi")) {
        /* a package index: PyPI or a mirror / private index */
        d->source = PWI_SRC_REGISTRY;
        if (url)
            pwi_py_warn_index(p->lf, &p->indexes, src->line, NULL,
                              ref && *ref ? "package source" : "package index",
                              url);
    } else {
        d->source = PWI_SRC_UNKNOWN;
        *resolved = url ? pwi_py_redact_url(url) : NULL;
        pwi_lock_warn(p->lf, src->line, NULL,
                      "%s has a source of unknown type \"%.40s\"", what,
                      type);
    }
    return PW_OK;
}

/* DEV when the package belongs to no "main" group: category = "dev"
 * (poetry < 1.5) or groups without "main" (lock-version 2.1). */
static pw_status read_groups(poetry *p, const pwi_jnode *pkg,
                             pwi_lock_pkg *d, const char *what)
{
    const char *category;
    const pwi_jnode *groups;
    pw_status st;
    if ((st = pwi_py_get_str(p->lf, pkg, "category", what, &category,
                             p->err)) ||
        (st = pwi_py_get_array(p->lf, pkg, "groups", what, &groups, p->err)))
        return st;
    if (category && !strcmp(category, "dev"))
        d->flags |= PWI_LOCKF_DEV;
    if (groups && groups->nitems) {
        int main_group = 0;
        for (size_t i = 0; i < groups->nitems; i++) {
            const pwi_jnode *g = groups->items[i];
            if (g->kind != PWI_J_STRING)
                return pwi_error(p->err, PW_ERR_FORMAT, p->lf->path, g->line,
                                 0, "a group of %s is %s, expected a string",
                                 what, pwi_j_kind_name(g->kind));
            if (!strcmp(g->str, "main"))
                main_group = 1;
        }
        if (!main_group)
            d->flags |= PWI_LOCKF_DEV;
    }
    return PW_OK;
}

static pw_status add_package(poetry *p, const pwi_jnode *pkg)
{
    pwi_lockfile *lf = p->lf;
    if (pkg->kind != PWI_J_OBJECT)
        return pwi_error(p->err, PW_ERR_FORMAT, lf->path, pkg->line, 0,
                         "a [[package]] entry is %s, expected a table",
                         pwi_j_kind_name(pkg->kind));
    const char *name, *version;
    pw_status st;
    if ((st = pwi_py_get_str(lf, pkg, "name", "a [[package]]", &name,
                             p->err)))
        return st;
    if (!name || !*name)
        return pwi_error(p->err, PW_ERR_FORMAT, lf->path, pkg->line, 0,
                         "[[package]] has no \"name\"");
    char what[200];
    snprintf(what, sizeof what, "package \"%.120s\"", name);
    if ((st = pwi_py_get_str(lf, pkg, "version", what, &version, p->err)))
        return st;
    if (!version || !*version)
        return pwi_error(p->err, PW_ERR_FORMAT, lf->path, pkg->line, 0,
                         "%s has no \"version\"", what);

    pwi_lock_pkg d;
    memset(&d, 0, sizeof d);
    d.name = (char *)name;
    d.version = (char *)version;
    d.line = pkg->line;
    int optional;
    if ((st = pwi_py_get_bool(lf, pkg, "optional", what, &optional, p->err)))
        return st;
    if (optional)
        d.flags |= PWI_LOCKF_OPTIONAL;
    if ((st = read_groups(p, pkg, &d, what)))
        return st;
    char *resolved = NULL;
    if ((st = read_source(p, pkg, &d, &resolved, what)))
        return st;
    d.resolved = resolved;

    const pwi_jnode *files = pwi_j_get(pkg, "files");
    if (!files && p->files) {
        char *norm = pwi_py_normalize(name, strlen(name));
        size_t at;
        if (pwi_strmap_get(&p->meta_files, norm, strlen(norm), &at))
            files = p->files->items[at];
        free(norm);
    }
    if ((st = check_files(p, files, what))) {
        free(resolved);
        return st;
    }
    d.integrity = (char *)first_hash(files);

    size_t i = pwi_lock_add(lf, &d, p->o);
    free(resolved);
    if (i == SIZE_MAX)
        return pwi_error(p->err, PW_ERR_LIMIT, lf->path, pkg->line, 0,
                         "more than %zu packages", p->o->max_packages);
    pwi_py_names_add(&p->names, name, i);
    return PW_OK;
}

/* Edges from one package to the packages its [package.dependencies] name. */
static pw_status add_dependencies(poetry *p, const pwi_jnode *pkg, size_t from)
{
    const pwi_jnode *deps;
    char what[200];
    snprintf(what, sizeof what, "package \"%.120s\"", p->lf->pkgs[from].name);
    pw_status st = pwi_py_get_table(p->lf, pkg, "dependencies", what, &deps,
                                    p->err);
    if (st || !deps)
        return st;
    for (size_t k = 0; k < deps->nitems; k++) {
        const pwi_jnode *v = deps->items[k];
        if (v->kind != PWI_J_STRING && v->kind != PWI_J_OBJECT &&
            v->kind != PWI_J_ARRAY)
            return pwi_error(p->err, PW_ERR_FORMAT, p->lf->path,
                             deps->key_lines[k], 0,
                             "dependency \"%.80s\" of %s is %s, expected a "
                             "version string or a table",
                             deps->keys[k], what, pwi_j_kind_name(v->kind));
        for (size_t to = pwi_py_names_first(&p->names, deps->keys[k]);
             to != SIZE_MAX; to = pwi_py_names_next(&p->names, to))
            pwi_lock_add_edge(p->lf, from, to);
    }
    return PW_OK;
}

static pw_status index_metadata_files(poetry *p, const pwi_jnode *meta)
{
    pw_status st = pwi_py_get_table(p->lf, meta, "files", "[metadata]",
                                    &p->files, p->err);
    if (st || !p->files)
        return st;
    for (size_t i = 0; i < p->files->nitems; i++) {
        const char *k = p->files->keys[i];
        char *norm = pwi_py_normalize(k, strlen(k));
        pwi_strmap_put(&p->meta_files, norm, strlen(norm), i);
        free(norm);
    }
    return PW_OK;
}

static pw_status parse_tree(poetry *p, const pwi_jnode *doc)
{
    pwi_lockfile *lf = p->lf;
    const pwi_jnode *meta, *pkgs;
    pw_status st;
    if ((st = pwi_py_get_table(lf, doc, "metadata", "the lockfile", &meta,
                               p->err)) ||
        (st = check_version(p, meta)) ||
        (st = index_metadata_files(p, meta)) ||
        (st = pwi_py_get_array(lf, doc, "package", "the lockfile", &pkgs,
                               p->err)))
        return st;

    pwi_lock_pkg r;
    memset(&r, 0, sizeof r);
    char *rname = pwi_py_dir_name(lf->path, "(poetry)");
    r.name = rname;
    r.source = PWI_SRC_PATH;
    r.flags = PWI_LOCKF_ROOT;
    p->root = pwi_lock_add(lf, &r, p->o);
    free(rname);
    if (p->root == SIZE_MAX)
        return pwi_error(p->err, PW_ERR_LIMIT, lf->path, 0, 0,
                         "more than %zu packages", p->o->max_packages);

    size_t n = pkgs ? pkgs->nitems : 0;
    for (size_t i = 0; i < n; i++)
        if ((st = add_package(p, pkgs->items[i])))
            return st;
    /* package i of the array is lf->pkgs[p->root + 1 + i] */
    for (size_t i = 0; i < n; i++)
        if ((st = add_dependencies(p, pkgs->items[i], p->root + 1 + i)))
            return st;
    pwi_py_link_unreferenced(lf, p->root);
    return PW_OK;
}

pw_status pwi_lock_parse_poetry(pwi_lockfile *lf, const char *data,
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
    poetry p;
    memset(&p, 0, sizeof p);
    p.lf = lf;
    p.o = o;
    p.err = err;
    pwi_py_names_init(&p.names);
    pwi_strmap_init(&p.indexes);
    pwi_strmap_init(&p.meta_files);
    st = parse_tree(&p, doc);
    pwi_strmap_release(&p.meta_files);
    pwi_strmap_release(&p.indexes);
    pwi_py_names_release(&p.names);
    pwi_jtree_free(doc);
    return st;
}
