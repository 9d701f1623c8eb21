/*
 * lockfile-uv.c - uv.lock (version = 1, any revision).
 *
 *   version = 1
 *   revision = 2
 *   requires-python = ">=3.9"
 *   [manifest]                      members = [...] (workspaces)
 *   [[package]]
 *   name = "anyio"
 *   version = "4.6.2"               (absent for dynamic project versions)
 *   source = { registry = "https://pypi.org/simple" }
 *            | { git = "https://...?rev=v1#<commit>" } | { url = ... }
 *            | { path = ... } | { directory = ... }
 *            | { editable = "." } | { virtual = "." }
 *   dependencies = [{ name = "idna" }, { name = "x", marker = "..." },
 *                   { name = "numpy", version = "2.0.0", source = {...} }]
 *   sdist = { url = ..., hash = "sha256:...", size = 173422 }
 *   wheels = [{ url = ..., hash = "sha256:...", size = 90377 }]
 *   [package.optional-dependencies]  extra -> [{ name = ... }]
 *   [package.dev-dependencies]       group -> [{ name = ... }]
 *   [package.metadata]               requires-dist = [{ name, specifier }]
 *
 * The project is the package whose source is editable/virtual "." (and
 * every workspace member named in [manifest] members): ROOT. Edges come
 * from dependencies, optional-dependencies and dev-dependencies; when a
 * name is locked more than once, uv adds version and/or source to the
 * dependency entry and those pick the package. A package reached only
 * through a root's dev-dependencies is DEV; only through a root's extras,
 * OPTIONAL. Direct dependencies get the specifier the project declares
 * (package.metadata requires-dist / requires-dev) as spec.
 */
#include "lockfile/lockfile-python.h"
#include "util/error.h"
#include "util/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Edge kinds, for the DEV / OPTIONAL flags. */
enum { E_MAIN, E_OPTIONAL, E_DEV };

typedef struct uv_edge {
    size_t from, to;
    int kind;
} uv_edge;

typedef struct uv {
    pwi_lockfile *lf;
    const pwi_lock_opts *o;
    pw_error *err;
    pwi_py_names names;
    pwi_strmap indexes;
    pwi_strmap members; /* normalised workspace member names */
    const pwi_jnode **nodes; /* package table of lf->pkgs[i] (NULL: none) */
    size_t capnodes;
    uv_edge *edges;
    size_t nedges, capedges;
} uv;

static pw_status check_version(uv *u, const pwi_jnode *doc)
{
    size_t line = 0;
    const pwi_jnode *v = pwi_j_get_line(doc, "version", &line);
    int64_t n;
    if (!v)
        return pwi_error(u->err, PW_ERR_FORMAT, u->lf->path, 1, 0,
                         "no top-level \"version\": not a uv.lock");
    if (v->kind != PWI_J_NUMBER || !pwi_j_as_int(v, &n))
        return pwi_error(u->err, PW_ERR_FORMAT, u->lf->path, line, 0,
                         "\"version\" is %s, expected an integer",
                         pwi_j_kind_name(v->kind));
    if (n != 1)
        return pwi_error(u->err, PW_ERR_UNSUPPORTED, u->lf->path, line, 0,
                         "\"version\" %lld is not supported (known: 1)",
                         (long long)n);
    const pwi_jnode *rev = pwi_j_get_line(doc, "revision", &line);
    if (rev && (rev->kind != PWI_J_NUMBER || !pwi_j_as_int(rev, &n)))
        return pwi_error(u->err, PW_ERR_FORMAT, u->lf->path, line, 0,
                         "\"revision\" is %s, expected an integer",
                         pwi_j_kind_name(rev->kind));
    pwi_lock_set_version(u->lf, "1");
    if (!pwi_j_get(doc, "package") && pwi_j_get(doc, "distribution"))
        return pwi_error(u->err, PW_ERR_UNSUPPORTED, u->lf->path, 0, 0,
                         "uv.lock with [[distribution]] entries (uv before "
                         "0.3) is not supported; run `uv lock` with a "
                         "current uv");
    return PW_OK;
}

static pw_status read_members(uv *u, const pwi_jnode *doc)
{
    const pwi_jnode *manifest, *members;
    pw_status st;
    if ((st = pwi_py_get_table(u->lf, doc, "manifest", "the lockfile",
                               &manifest, u->err)) ||
        (st = pwi_py_get_array(u->lf, manifest, "members", "[manifest]",
                               &members, u->err)) ||
        !members)
        return st;
    for (size_t i = 0; i < members->nitems; i++) {
        const pwi_jnode *m = members->items[i];
        if (m->kind != PWI_J_STRING)
            return pwi_error(u->err, PW_ERR_FORMAT, u->lf->path, m->line, 0,
                             "a [manifest] member is %s, expected a string",
                             pwi_j_kind_name(m->kind));
        char *norm = pwi_py_normalize(m->str, m->len);
        pwi_strmap_put(&u->members, norm, strlen(norm), 0);
        free(norm);
    }
    return PW_OK;
}

/* The only string value of a source table: its kind (key) and value. */
static pw_status source_kind(uv *u, const pwi_jnode *src, const char *what,
                             const char **kind, const char **value)
{
    static const char *const kinds[] = {"registry", "git",      "url",
                                        "path",     "directory", "editable",
                                        "virtual"};
    *kind = *value = NULL;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        const char *v;
        pw_status st = pwi_py_get_str(u->lf, src, kinds[i], what, &v, u->err);
        if (st)
            return st;
        if (v && *kind)
            return pwi_error(u->err, PW_ERR_FORMAT, u->lf->path, src->line, 0,
                             "the source of %s is both %s and %s", what,
                             *kind, kinds[i]);
        if (v) {
            *kind = kinds[i];
            *value = v;
        }
    }
    if (!*kind)
        return pwi_error(u->err, PW_ERR_FORMAT, u->lf->path, src->line, 0,
                         "the source of %s is none of registry, git, url, "
                         "path, directory, editable, virtual",
                         what);
    return PW_OK;
}

/* url (or path) and hash of a distribution table. */
static pw_status read_dist(uv *u, const pwi_jnode *dist, const char *what,
                           const char **url, const char **hash)
{
    pw_status st;
    *url = *hash = NULL;
    if (dist->kind != PWI_J_OBJECT)
        return pwi_error(u->err, PW_ERR_FORMAT, u->lf->path, dist->line, 0,
                         "a distribution of %s is %s, expected a table",
                         what, pwi_j_kind_name(dist->kind));
    if ((st = pwi_py_get_str(u->lf, dist, "url", what, url, u->err)) ||
        (st = pwi_py_get_str(u->lf, dist, "hash", what, hash, u->err)))
        return st;
    if (!*url && (st = pwi_py_get_str(u->lf, dist, "path", what, url,
                                      u->err)))
        return st;
    return PW_OK;
}

/* resolved/integrity from sdist, else the first wheel. */
static pw_status read_dists(uv *u, const pwi_jnode *pkg, const char *what,
                            const char **url, const char **hash)
{
    const pwi_jnode *sdist, *wheels;
    pw_status st;
    *url = *hash = NULL;
    if ((st = pwi_py_get_table(u->lf, pkg, "sdist", what, &sdist, u->err)) ||
        (st = pwi_py_get_array(u->lf, pkg, "wheels", what, &wheels, u->err)))
        return st;
    if (sdist && (st = read_dist(u, sdist, what, url, hash)))
        return st;
    for (size_t i = 0; wheels && i < wheels->nitems; i++) {
        const char *wurl, *whash;
        if ((st = read_dist(u, wheels->items[i], what, &wurl, &whash)))
            return st;
        if (!*url)
            *url = wurl;
        if (!*hash)
            *hash = whash;
    }
    return PW_OK;
}

static pw_status add_package(uv *u, const pwi_jnode *pkg)
{
    pwi_lockfile *lf = u->lf;
    if (pkg->kind != PWI_J_OBJECT)
        return pwi_error(u->err, PW_ERR_FORMAT, lf->path, pkg->line, 0,
                         "a [[package]] entry is %s, expected a table",
                         pwi_j_kind_name(pkg->kind));
    const char *name, *version, *kind = NULL, *value = NULL, *url, *hash;
    const pwi_jnode *src;
    pw_status st;
    if ((st = pwi_py_get_str(lf, pkg, "name", "a [[package]]", &name,
                             u->err)))
        return st;
    if (!name || !*name)
        return pwi_error(u->err, PW_ERR_FORMAT, lf->path, pkg->line, 0,
                         "[[package]] has no \"name\"");
    char what[200];
    snprintf(what, sizeof what, "package \"%.120s\"", name);
    if ((st = pwi_py_get_str(lf, pkg, "version", what, &version, u->err)) ||
        (st = pwi_py_get_table(lf, pkg, "source", what, &src, u->err)) ||
        (src && (st = source_kind(u, src, what, &kind, &value))) ||
        (st = read_dists(u, pkg, what, &url, &hash)))
        return st;

    pwi_lock_pkg d;
    memset(&d, 0, sizeof d);
    d.name = (char *)name;
    d.version = (char *)(version && *version ? version : NULL);
    d.integrity = (char *)hash;
    d.line = pkg->line;
    char *resolved = NULL;
    if (!kind) {
        d.source = PWI_SRC_UNKNOWN;
        resolved = url ? pwi_py_redact_url(url) : NULL;
    } else if (!strcmp(kind, "registry")) {
        d.source = PWI_SRC_REGISTRY;
        resolved = url ? pwi_py_redact_url(url) : NULL;
        pwi_py_warn_index(lf, &u->indexes, src->line, NULL, "package index",
                          value);
    } else if (!strcmp(kind, "git")) {
        d.source = PWI_SRC_GIT;
        resolved = pwi_py_redact_url(value);
    } else if (!strcmp(kind, "url")) {
        d.source = PWI_SRC_URL;
        resolved = pwi_py_redact_url(value);
    } else {
        d.source = PWI_SRC_PATH;
        resolved = pwi_xstrdup(value);
    }
    d.resolved = resolved;
    char *norm = pwi_py_normalize(name, strlen(name));
    size_t unused;
    if (((kind && (!strcmp(kind, "editable") || !strcmp(kind, "virtual"))) &&
         !strcmp(value, ".")) ||
        pwi_strmap_get(&u->members, norm, strlen(norm), &unused))
        d.flags |= PWI_LOCKF_ROOT;
    free(norm);

    size_t i = pwi_lock_add(lf, &d, u->o);
    free(resolved);
    if (i == SIZE_MAX)
        return pwi_error(u->err, PW_ERR_LIMIT, lf->path, pkg->line, 0,
                         "more than %zu packages", u->o->max_packages);
    PW_GROW(u->nodes, u->capnodes, i + 1);
    u->nodes[i] = pkg;
    pwi_py_names_add(&u->names, name, i);
    return PW_OK;
}

/* 1 when every string entry of the dependency's source table is equal in
 * the package's source table. */
static int source_matches(const pwi_jnode *want, const pwi_jnode *have)
{
    if (!have || have->kind != PWI_J_OBJECT)
        return 0;
    for (size_t i = 0; i < want->nitems; i++) {
        const pwi_jnode *w = want->items[i];
        if (w->kind != PWI_J_STRING)
            continue;
        if (!pwi_j_str_is(pwi_j_get(have, want->keys[i]), w->str))
            return 0;
    }
    return 1;
}

static void add_edge(uv *u, size_t from, size_t to, int kind)
{
    PW_GROW(u->edges, u->capedges, u->nedges + 1);
    u->edges[u->nedges].from = from;
    u->edges[u->nedges].to = to;
    u->edges[u->nedges].kind = kind;
    u->nedges++;
    pwi_lock_add_edge(u->lf, from, to);
}

/* One { name = ..., [version], [source] } entry of package from. */
static pw_status add_dependency(uv *u, size_t from, const pwi_jnode *dep,
                                int kind, const char *what)
{
    pwi_lockfile *lf = u->lf;
    const char *name, *version;
    const pwi_jnode *src;
    pw_status st;
    if (dep->kind != PWI_J_OBJECT)
        return pwi_error(u->err, PW_ERR_FORMAT, lf->path, dep->line, 0,
                         "a dependency of %s is %s, expected a table", what,
                         pwi_j_kind_name(dep->kind));
    if ((st = pwi_py_get_str(lf, dep, "name", what, &name, u->err)) ||
        (st = pwi_py_get_str(lf, dep, "version", what, &version, u->err)) ||
        (st = pwi_py_get_table(lf, dep, "source", what, &src, u->err)))
        return st;
    if (!name)
        return pwi_error(u->err, PW_ERR_FORMAT, lf->path, dep->line, 0,
                         "a dependency of %s has no \"name\"", what);
    size_t matched = 0;
    for (size_t to = pwi_py_names_first(&u->names, name); to != SIZE_MAX;
         to = pwi_py_names_next(&u->names, to)) {
        if (version && !(lf->pkgs[to].version &&
                         !strcmp(lf->pkgs[to].version, version)))
            continue;
        if (src && !source_matches(src, pwi_j_get(u->nodes[to], "source")))
            continue;
        add_edge(u, from, to, kind);
        matched++;
    }
    if (!matched)
        pwi_lock_warn(lf, dep->line, NULL,
                      "dependency \"%.80s\"%s%.40s of %s matches no "
                      "[[package]] in the lockfile",
                      name, version ? " " : "", version ? version : "", what);
    return PW_OK;
}

/* dependencies = [...] or a table of such arrays (extras, groups). */
static pw_status add_dep_list(uv *u, size_t from, const pwi_jnode *list,
                              int kind, const char *what)
{
    if (list->kind != PWI_J_ARRAY)
        return pwi_error(u->err, PW_ERR_FORMAT, u->lf->path, list->line, 0,
                         "dependencies of %s are %s, expected an array",
                         what, pwi_j_kind_name(list->kind));
    for (size_t i = 0; i < list->nitems; i++) {
        pw_status st = add_dependency(u, from, list->items[i], kind, what);
        if (st)
            return st;
    }
    return PW_OK;
}

static pw_status add_dependencies(uv *u, size_t from)
{
    const pwi_jnode *pkg = u->nodes[from], *deps, *opt, *dev;
    char what[200];
    pw_status st;
    snprintf(what, sizeof what, "package \"%.120s\"", u->lf->pkgs[from].name);
    int root = u->lf->pkgs[from].flags & PWI_LOCKF_ROOT;
    if ((st = pwi_py_get_array(u->lf, pkg, "dependencies", what, &deps,
                               u->err)) ||
        (st = pwi_py_get_table(u->lf, pkg, "optional-dependencies", what,
                               &opt, u->err)) ||
        (st = pwi_py_get_table(u->lf, pkg, "dev-dependencies", what, &dev,
                               u->err)))
        return st;
    if (deps && (st = add_dep_list(u, from, deps, E_MAIN, what)))
        return st;
    /* A dependency's extras were asked for by whoever depends on it: only
     * the project's own extras are optional. */
    for (size_t i = 0; opt && i < opt->nitems; i++)
        if ((st = add_dep_list(u, from, opt->items[i],
                               root ? E_OPTIONAL : E_MAIN, what)))
            return st;
    for (size_t i = 0; dev && i < dev->nitems; i++)
        if ((st = add_dep_list(u, from, dev->items[i], E_DEV, what)))
            return st;
    return PW_OK;
}

/* Packages reachable from the roots through edges of kind <= max_kind. */
static void reach(const uv *u, int max_kind, unsigned char *seen)
{
    size_t n = u->lf->npkgs, head = 0, tail = 0;
    size_t *queue = pwi_xmalloc((n + 1) * sizeof *queue);
    size_t *start = pwi_xcalloc(n + 1, sizeof *start);
    size_t *adj = pwi_xmalloc((u->nedges + 1) * sizeof *adj);
    for (size_t i = 0; i < u->nedges; i++)
        if (u->edges[i].kind <= max_kind)
            start[u->edges[i].from + 1]++;
    for (size_t i = 0; i < n; i++)
        start[i + 1] += start[i];
    size_t *fill = pwi_xmalloc((n + 1) * sizeof *fill);
    memcpy(fill, start, (n + 1) * sizeof *fill);
    for (size_t i = 0; i < u->nedges; i++)
        if (u->edges[i].kind <= max_kind)
            adj[fill[u->edges[i].from]++] = u->edges[i].to;
    free(fill);
    memset(seen, 0, n);
    for (size_t i = 0; i < n; i++)
        if (u->lf->pkgs[i].flags & PWI_LOCKF_ROOT) {
            seen[i] = 1;
            queue[tail++] = i;
        }
    while (head < tail) {
        size_t x = queue[head++];
        for (size_t e = start[x]; e < start[x + 1]; e++)
            if (!seen[adj[e]]) {
                seen[adj[e]] = 1;
                queue[tail++] = adj[e];
            }
    }
    free(adj);
    free(start);
    free(queue);
}

static void set_flags(uv *u)
{
    size_t n = u->lf->npkgs;
    unsigned char *main_ = pwi_xmalloc(n + 1), *opt = pwi_xmalloc(n + 1),
                  *all = pwi_xmalloc(n + 1);
    reach(u, E_MAIN, main_);
    reach(u, E_OPTIONAL, opt);
    reach(u, E_DEV, all);
    for (size_t i = 0; i < n; i++) {
        if (main_[i] || !all[i])
            continue;
        u->lf->pkgs[i].flags |= opt[i] ? PWI_LOCKF_OPTIONAL : PWI_LOCKF_DEV;
    }
    free(main_);
    free(opt);
    free(all);
}

/* Declared specifiers of a root (requires-dist / requires-dev entries of
 * its [package.metadata]) by normalised name, into specs. */
static void collect_specs(const pwi_jnode *list, pwi_strmap *specs,
                          const pwi_jnode ***vals, size_t *nvals,
                          size_t *capvals)
{
    if (!list || list->kind != PWI_J_ARRAY)
        return;
    for (size_t i = 0; i < list->nitems; i++) {
        const pwi_jnode *spec = pwi_j_get(list->items[i], "specifier");
        const char *name = pwi_j_get_str(list->items[i], "name");
        if (!name || !spec || spec->kind != PWI_J_STRING || !spec->len)
            continue;
        char *norm = pwi_py_normalize(name, strlen(name));
        if (!pwi_strmap_put(specs, norm, strlen(norm), *nvals)) {
            PW_GROW(*vals, *capvals, *nvals + 1);
            (*vals)[(*nvals)++] = spec;
        }
        free(norm);
    }
}

/* spec of each root's direct dependencies, as the root declares them. */
static void set_specs(uv *u)
{
    for (size_t r = 0; r < u->lf->npkgs; r++) {
        if (!(u->lf->pkgs[r].flags & PWI_LOCKF_ROOT) || !u->nodes[r])
            continue;
        const pwi_jnode *meta = pwi_j_get(u->nodes[r], "metadata");
        const pwi_jnode *dev = pwi_j_get(meta, "requires-dev");
        const pwi_jnode **vals = NULL;
        size_t nvals = 0, capvals = 0;
        pwi_strmap specs;
        pwi_strmap_init(&specs);
        collect_specs(pwi_j_get(meta, "requires-dist"), &specs, &vals,
                      &nvals, &capvals);
        for (size_t g = 0; dev && dev->kind == PWI_J_OBJECT &&
                           g < dev->nitems; g++)
            collect_specs(dev->items[g], &specs, &vals, &nvals, &capvals);
        for (size_t e = 0; nvals && e < u->nedges; e++) {
            if (u->edges[e].from != r)
                continue;
            pwi_lock_pkg *to = &u->lf->pkgs[u->edges[e].to];
            char *norm = pwi_py_normalize(to->name, strlen(to->name));
            size_t at;
            if (!to->spec &&
                pwi_strmap_get(&specs, norm, strlen(norm), &at))
                to->spec = pwi_xstrdup(vals[at]->str);
            free(norm);
        }
        pwi_strmap_release(&specs);
        free(vals);
    }
}

static pw_status parse_tree(uv *u, const pwi_jnode *doc)
{
    pwi_lockfile *lf = u->lf;
    const pwi_jnode *pkgs;
    pw_status st;
    if ((st = check_version(u, doc)) || (st = read_members(u, doc)) ||
        (st = pwi_py_get_array(lf, doc, "package", "the lockfile", &pkgs,
                               u->err)))
        return st;
    size_t n = pkgs ? pkgs->nitems : 0;
    for (size_t i = 0; i < n; i++)
        if ((st = add_package(u, pkgs->items[i])))
            return st;
    for (size_t i = 0; i < n; i++)
        if ((st = add_dependencies(u, i)))
            return st;
    size_t roots = 0;
    for (size_t i = 0; i < n; i++)
        roots += !!(lf->pkgs[i].flags & PWI_LOCKF_ROOT);
    if (!roots) {
        /* a lock of scripts / a tool, without a project entry */
        pwi_lock_pkg r;
        memset(&r, 0, sizeof r);
        char *name = pwi_py_dir_name(lf->path, "(uv)");
        r.name = name;
        r.source = PWI_SRC_PATH;
        r.flags = PWI_LOCKF_ROOT;
        size_t root = pwi_lock_add(lf, &r, u->o);
        free(name);
        if (root == SIZE_MAX)
            return pwi_error(u->err, PW_ERR_LIMIT, lf->path, 0, 0,
                             "more than %zu packages", u->o->max_packages);
        PW_GROW(u->nodes, u->capnodes, root + 1);
        u->nodes[root] = NULL;
        pwi_py_link_unreferenced(lf, root);
        for (size_t e = 0; e < lf->nedges; e++)
            if (lf->edges[e].from == root) {
                PW_GROW(u->edges, u->capedges, u->nedges + 1);
                u->edges[u->nedges].from = root;
                u->edges[u->nedges].to = lf->edges[e].to;
                u->edges[u->nedges++].kind = E_MAIN;
            }
    }
    set_flags(u);
    set_specs(u);
    return PW_OK;
}

pw_status pwi_lock_parse_uv(pwi_lockfile *lf, const char *data, size_t len,
                            const pwi_lock_opts *o, pw_error *err)
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
    uv u;
    memset(&u, 0, sizeof u);
    u.lf = lf;
    u.o = o;
    u.err = err;
    pwi_py_names_init(&u.names);
    pwi_strmap_init(&u.indexes);
    pwi_strmap_init(&u.members);
    st = parse_tree(&u, doc);
    pwi_py_names_release(&u.names);
    pwi_strmap_release(&u.indexes);
    pwi_strmap_release(&u.members);
    free(u.nodes);
    free(u.edges);
    pwi_jtree_free(doc);
    return st;
}
