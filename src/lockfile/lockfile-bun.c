/* lockfile-bun.c - bun.lock, bun's text lockfile (JSON with trailing
 * commas and comments), lockfileVersion 0 and 1.
 *
 *   "workspaces": {"": {name, dependencies, devDependencies,
 *                       optionalDependencies, peerDependencies},
 *                  "packages/x": {name, version, ...}},
 *   "packages": {"<key>": [<"name@resolution">, ...]}
 *
 * A package array depends on its resolution:
 *   npm        ["name@1.2.3", "<tarball URL or \"\">", {info}, "sha512-..."]
 *   git/github ["name@git+https://...", {info}, "<bun tag>"]
 *   tarball, file:, link:  ["name@<resolution>", {info}]
 *   workspace  ["name@workspace:<path>"] or with {info}
 *   root       ["name@root:", {bin}]
 * where info holds dependencies, optionalDependencies, peerDependencies,
 * optionalPeers, bin, os, cpu. Keys are install paths made of package
 * names: "a/@s/b" is @s/b installed under a. A dependency d of the package
 * at key k resolves to k/d, then the same from each ancestor of k, then
 * the top-level key d (bun's own lookup).
 *
 * The format does not mark dev or optional packages; they are computed:
 * a package only reachable through a project's devDependencies is DEV,
 * one only reachable through an optional dependency is OPTIONAL. */
#include "lockfile/lockfile-json.h"
#include "lockfile/lockfile.h"
#include "util/error.h"
#include "util/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUN_MAX_LEVELS 128
#define BUN_MAX_LOOKUPS ((size_t)64 << 20)
#define BUN_REGISTRY "https://registry.npmjs.org"

enum { EDGE_PROD, EDGE_OPTIONAL, EDGE_PEER, EDGE_DEV };

typedef struct bun_edge {
    size_t from, to;
    int kind;
} bun_edge;

typedef struct bun_ctx {
    pwi_lockfile *lf;
    const pwi_lock_opts *o;
    pw_error *err;
    pwi_lockj_map map;   /* package key -> package index */
    pwi_lockj_map wsmap; /* workspace path -> workspace index */
    size_t root;
    bun_edge *edges;
    size_t nedges, capedges;
    /* the key being resolved from: component ends and hash states */
    const char *from;
    size_t *bpos;
    uint64_t *bhash;
    size_t nb, capbpos, capbhash;
    size_t lookups;
} bun_ctx;

static void add_typed_edge(bun_ctx *c, size_t from, size_t to, int kind)
{
    PW_GROW(c->edges, c->capedges, c->nedges + 1);
    c->edges[c->nedges].from = from;
    c->edges[c->nedges].to = to;
    c->edges[c->nedges].kind = kind;
    c->nedges++;
}

/* ---- keys ---------------------------------------------------------------- */

/* Ends of the package names in key ("a/@s/b/c" -> 1, 6, 8), scoped names
 * taking two segments. Returns 0 for a malformed key (empty segment). */
static int key_components(bun_ctx *c, const char *key, size_t len)
{
    c->from = key;
    c->nb = 0;
    uint64_t h = pwi_lockj_hash_init(&c->map);
    size_t i = 0;
    while (i < len) {
        size_t start = i;
        int slashes = key[i] == '@' ? 2 : 1;
        for (;;) {
            size_t seg = i;
            while (i < len && key[i] != '/')
                i++;
            if (i == seg)
                return 0;
            if (--slashes == 0 || i == len)
                break;
            i++; /* the scope's slash */
        }
        if (key[start] == '@' && slashes)
            return 0; /* "@scope" without a name */
        h = pwi_lockj_hash_more(h, key + start, i - start);
        PW_GROW(c->bpos, c->capbpos, c->nb + 1);
        PW_GROW(c->bhash, c->capbhash, c->nb + 1);
        c->bpos[c->nb] = i;
        c->bhash[c->nb] = h;
        c->nb++;
        if (i < len) {
            h = pwi_lockj_hash_more(h, "/", 1);
            i++;
            if (i == len)
                return 0; /* trailing slash */
        }
    }
    return 1;
}

/* Package index of dependency name from the key prepared by
 * key_components (nb == 0: the top level only), SIZE_MAX when none. */
static pw_status resolve(bun_ctx *c, const char *name, size_t *out)
{
    size_t nlen = strlen(name), tried = 0;
    *out = SIZE_MAX;
    for (size_t k = c->nb; k-- > 0 && tried++ < BUN_MAX_LEVELS;) {
        if (++c->lookups > BUN_MAX_LOOKUPS)
            goto too_many;
        uint64_t h = pwi_lockj_hash_more(c->bhash[k], "/", 1);
        h = pwi_lockj_hash_more(h, name, nlen);
        const char *parts[3] = {c->from, "/", name};
        size_t lens[3] = {c->bpos[k], 1, nlen};
        if (pwi_lockj_map_find(&c->map, h, parts, lens, 3, out))
            return PW_OK;
    }
    if (++c->lookups > BUN_MAX_LOOKUPS)
        goto too_many;
    pwi_lockj_map_get(&c->map, name, nlen, out);
    return PW_OK;
too_many:
    return pwi_error(c->err, PW_ERR_LIMIT, c->lf->path, 0, 0,
                     "resolving dependencies needs more than %zu lookups",
                     BUN_MAX_LOOKUPS);
}

/* ---- workspaces ------------------------------------------------------------ */

typedef struct workspace {
    const char *path; /* key in "workspaces" ("" for the project) */
    const pwi_jnode *v;
    size_t line;
    size_t pkg;
    const char *key; /* its key in "packages", NULL: resolve from the top */
} workspace;

static pw_status read_workspaces(bun_ctx *c, const pwi_jnode *wss,
                                 workspace **out, size_t *nout)
{
    workspace *ws = pwi_xcalloc(wss->nitems + 1, sizeof *ws);
    *out = ws;
    *nout = 0;
    pw_status st;
    /* the project first, so that it is package 0 */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < wss->nitems; i++) {
            const char *path = wss->keys[i];
            if ((pass == 0) != (path[0] == '\0'))
                continue;
            const pwi_jnode *v = wss->items[i];
            char owner[160];
            snprintf(owner, sizeof owner, "workspace \"%.100s\"", path);
            if ((st = pwi_lockj_expect(c->lf, v, PWI_J_OBJECT,
                                       wss->key_lines[i], owner, c->err)))
                return st;
            const char *name, *version;
            if ((st = pwi_lockj_str(c->lf, v, "name", owner, &name,
                                    c->err)) ||
                (st = pwi_lockj_str(c->lf, v, "version", owner, &version,
                                    c->err)))
                return st;
            char *fallback = NULL;
            if (!name) {
                const char *slash = strrchr(path, '/');
                name = *path ? (slash ? slash + 1 : path)
                             : (fallback = pwi_lockj_dir_name(c->lf->path,
                                                              ""));
            }
            pwi_lockj_pkg p;
            memset(&p, 0, sizeof p);
            p.name = name;
            p.version = version;
            p.resolved = *path ? path : NULL;
            p.source = PWI_SRC_PATH;
            p.flags = PWI_LOCKF_ROOT;
            p.line = wss->key_lines[i];
            pwi_lockj_map_put(&c->wsmap, path, strlen(path), *nout, NULL);
            workspace *w = &ws[(*nout)++];
            w->path = path;
            w->v = v;
            w->line = p.line;
            st = pwi_lockj_add(c->lf, &p, c->o, &w->pkg, c->err);
            free(fallback);
            if (st != PW_OK)
                return st;
        }
    if (*nout == 0 || ws[0].path[0] != '\0')
        return pwi_error(c->err, PW_ERR_FORMAT, c->lf->path, wss->line, 0,
                         "\"workspaces\" has no \"\" entry for the project");
    c->root = ws[0].pkg;
    for (size_t i = 1; i < *nout; i++)
        add_typed_edge(c, c->root, ws[i].pkg, EDGE_PROD);
    return PW_OK;
}

/* ---- packages --------------------------------------------------------------- */

/* Splits "name@resolution": the '@' after the name (a scope's own '@'
 * excluded). */
static int split_id(const char *id, size_t *name_len, const char **res)
{
    const char *at = strchr(id[0] == '@' ? id + 1 : id, '@');
    if (!at || at == id)
        return 0;
    *name_len = (size_t)(at - id);
    *res = at + 1;
    return 1;
}

static int has_prefix(const char *s, const char *pre)
{
    return strncmp(s, pre, strlen(pre)) == 0;
}

/* Element i of arr when it exists: must be kind. */
static pw_status array_item(bun_ctx *c, const pwi_jnode *arr, size_t i,
                            pwi_jkind kind, const char *owner,
                            const pwi_jnode **out)
{
    *out = NULL;
    if (i >= arr->nitems)
        return PW_OK;
    char what[200];
    snprintf(what, sizeof what, "element %zu of %s", i + 1, owner);
    pw_status st = pwi_lockj_expect(c->lf, arr->items[i], kind, 0, what,
                                    c->err);
    if (st != PW_OK)
        return st;
    if (kind == PWI_J_STRING && strlen(arr->items[i]->str) != arr->items[i]->len)
        return pwi_error(c->err, PW_ERR_FORMAT, c->lf->path,
                         arr->items[i]->line, 0, "%s contains a NUL "
                         "character", what);
    *out = arr->items[i];
    return PW_OK;
}

/* Reads one "packages" entry into a package; *info is its info object
 * (or NULL), *wsi the workspace it is (SIZE_MAX: none). */
static pw_status read_package(bun_ctx *c, const char *key, const pwi_jnode *a,
                              size_t line, const workspace *ws, size_t *pkg,
                              const pwi_jnode **info, size_t *wsi)
{
    char owner[160];
    snprintf(owner, sizeof owner, "\"packages\" entry \"%.100s\"", key);
    pw_status st = pwi_lockj_expect(c->lf, a, PWI_J_ARRAY, line, owner,
                                    c->err);
    if (st != PW_OK)
        return st;
    const pwi_jnode *idn;
    if ((st = array_item(c, a, 0, PWI_J_STRING, owner, &idn)) != PW_OK)
        return st;
    size_t nlen;
    const char *res;
    if (!idn || !split_id(idn->str, &nlen, &res))
        return pwi_error(c->err, PW_ERR_FORMAT, c->lf->path, line, 0,
                         "%s does not start with \"name@resolution\"",
                         owner);
    if (!key_components(c, key, strlen(key)) || c->nb == 0)
        return pwi_error(c->err, PW_ERR_FORMAT, c->lf->path, line, 0,
                         "%s: the key is not a package path", owner);
    const char *inst = key + (c->nb > 1 ? c->bpos[c->nb - 2] + 1 : 0);
    char *name = pwi_xstrndup(idn->str, nlen);
    pwi_lockj_pkg p;
    memset(&p, 0, sizeof p);
    p.name = name;
    if (strcmp(name, inst))
        p.alias = inst;
    p.line = line;
    char *url = NULL;
    const pwi_jnode *reg = NULL, *integ = NULL, *tag = NULL;
    *pkg = SIZE_MAX;
    *wsi = SIZE_MAX;
    if (has_prefix(res, "workspace:") || has_prefix(res, "root:")) {
        const char *wpath = has_prefix(res, "root:") ? "" : res + 10;
        if (pwi_lockj_map_get(&c->wsmap, wpath, strlen(wpath), wsi))
            *pkg = ws[*wsi].pkg;
        p.source = PWI_SRC_PATH;
        p.resolved = wpath;
        st = array_item(c, a, 1, PWI_J_OBJECT, owner, info);
    } else if (has_prefix(res, "git+") || has_prefix(res, "github:") ||
               has_prefix(res, "git://")) {
        p.source = PWI_SRC_GIT;
        p.resolved = res;
        if ((st = array_item(c, a, 1, PWI_J_OBJECT, owner, info)) == PW_OK)
            st = array_item(c, a, 2, PWI_J_STRING, owner, &tag);
    } else if (pwi_lockj_spec_kind(res) != PWI_SRC_UNKNOWN ||
               strchr(res, '/') || strchr(res, ':')) {
        /* tarball URL, file:, link:, local tarball path */
        p.source = pwi_lockj_spec_kind(res);
        if (p.source == PWI_SRC_GIT && !strchr(res, ':'))
            p.source = PWI_SRC_PATH; /* "libs/x.tgz", not a u/r shorthand */
        if (p.source == PWI_SRC_UNKNOWN)
            p.source = strstr(res, "://") ? PWI_SRC_URL : PWI_SRC_PATH;
        p.resolved = res;
        if (has_prefix(res, "file:") || has_prefix(res, "link:"))
            p.resolved = res + 5;
        st = array_item(c, a, 1, PWI_J_OBJECT, owner, info);
    } else {
        /* npm: version, tarball URL ("" = the default registry), info,
         * integrity */
        p.source = PWI_SRC_REGISTRY;
        p.version = res;
        if ((st = array_item(c, a, 1, PWI_J_STRING, owner, &reg)) ||
            (st = array_item(c, a, 2, PWI_J_OBJECT, owner, info)) ||
            (st = array_item(c, a, 3, PWI_J_STRING, owner, &integ)))
            goto out;
        if (reg && reg->len) {
            p.resolved = reg->str;
        } else {
            const char *base = strrchr(name, '/');
            url = pwi_xasprintf(BUN_REGISTRY "/%s/-/%s-%s.tgz", name,
                                base ? base + 1 : name, res);
            p.resolved = url;
        }
        if (integ && integ->len)
            p.integrity = integ->str;
    }
    if (st == PW_OK && *pkg == SIZE_MAX)
        st = pwi_lockj_add(c->lf, &p, c->o, pkg, c->err);
out:
    free(url);
    free(name);
    return st;
}

/* ---- edges ------------------------------------------------------------------ */

/* Edges from pkg for each dependency in group of obj, resolved from the
 * key prepared by key_components. */
static pw_status group_edges(bun_ctx *c, size_t pkg, const pwi_jnode *obj,
                             const char *group, int kind, const char *owner)
{
    const pwi_jnode *deps;
    pw_status st = pwi_lockj_obj(c->lf, obj, group, owner, &deps, c->err);
    if (st != PW_OK || !deps)
        return st;
    int is_root = (c->lf->pkgs[pkg].flags & PWI_LOCKF_ROOT) != 0;
    for (size_t i = 0; i < deps->nitems; i++) {
        const char *name = deps->keys[i];
        const pwi_jnode *range = deps->items[i];
        if (range->kind != PWI_J_STRING) {
            char what[256];
            snprintf(what, sizeof what, "\"%.60s\" in \"%s\" of %s", name,
                     group, owner);
            return pwi_lockj_expect(c->lf, range, PWI_J_STRING,
                                    deps->key_lines[i], what, c->err);
        }
        size_t to;
        if ((st = resolve(c, name, &to)) != PW_OK)
            return st;
        if (to == SIZE_MAX) {
            /* optional ones may be left out, and so may peers (bun lists
             * optional peers in "optionalPeers") */
            if (kind == EDGE_PROD || kind == EDGE_DEV)
                pwi_lock_warn(c->lf, deps->key_lines[i], NULL,
                              "\"%.100s\" (in \"%s\" of %.120s) is not in "
                              "the lockfile", name, group, owner);
            continue;
        }
        add_typed_edge(c, pkg, to, kind);
        pwi_lock_pkg *tp = &c->lf->pkgs[to];
        if (is_root && !tp->spec && strlen(range->str) == range->len &&
            !(tp->flags & PWI_LOCKF_ROOT))
            tp->spec = pwi_xstrdup(range->str);
    }
    return PW_OK;
}

static pw_status dependency_edges(bun_ctx *c, size_t pkg,
                                  const pwi_jnode *obj, int with_dev,
                                  const char *owner)
{
    pw_status st;
    if ((st = group_edges(c, pkg, obj, "dependencies", EDGE_PROD, owner)) ||
        (st = group_edges(c, pkg, obj, "optionalDependencies",
                          EDGE_OPTIONAL, owner)) ||
        (st = group_edges(c, pkg, obj, "peerDependencies", EDGE_PEER,
                          owner)))
        return st;
    if (with_dev)
        st = group_edges(c, pkg, obj, "devDependencies", EDGE_DEV, owner);
    return st;
}

/* Breadth-first reach from the roots over edges whose kind is allowed
 * (kinds: bit mask); marks[] |= bit for reached packages. */
static void reach(bun_ctx *c, const size_t *start, unsigned kinds,
                  unsigned char *marks, unsigned char bit)
{
    size_t n = c->lf->npkgs;
    size_t *queue = pwi_xmalloc((n + 1) * sizeof *queue);
    size_t head = 0, tail = 0;
    for (size_t i = 0; i < n; i++)
        if (c->lf->pkgs[i].flags & PWI_LOCKF_ROOT) {
            marks[i] |= bit;
            queue[tail++] = i;
        }
    while (head < tail) {
        size_t u = queue[head++];
        for (size_t e = start[u]; e < start[u + 1]; e++) {
            const bun_edge *ed = &c->edges[e];
            if (!(kinds & 1u << ed->kind) || marks[ed->to] & bit)
                continue;
            /* devDependencies count only where a project declares them */
            if (ed->kind == EDGE_DEV &&
                !(c->lf->pkgs[u].flags & PWI_LOCKF_ROOT))
                continue;
            marks[ed->to] |= bit;
            queue[tail++] = ed->to;
        }
    }
    free(queue);
}

static int edge_from_cmp(const void *a, const void *b)
{
    const bun_edge *x = a, *y = b;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    return x->to < y->to ? -1 : x->to > y->to;
}

/* DEV and OPTIONAL from reachability, then the edges into the model. */
static void finish_edges(bun_ctx *c)
{
    size_t n = c->lf->npkgs;
    if (c->nedges > 1)
        qsort(c->edges, c->nedges, sizeof *c->edges, edge_from_cmp);
    size_t *start = pwi_xcalloc(n + 1, sizeof *start);
    for (size_t i = 0; i < c->nedges; i++)
        start[c->edges[i].from + 1]++;
    for (size_t i = 0; i < n; i++)
        start[i + 1] += start[i];
    unsigned char *marks = pwi_xcalloc(n + 1, 1);
    enum { REQUIRED = 1, PROD = 2, ANY = 4 };
    unsigned prod = 1u << EDGE_PROD | 1u << EDGE_PEER;
    reach(c, start, prod, marks, REQUIRED);
    reach(c, start, prod | 1u << EDGE_OPTIONAL, marks, PROD);
    reach(c, start, prod | 1u << EDGE_OPTIONAL | 1u << EDGE_DEV, marks, ANY);
    for (size_t i = 0; i < n; i++) {
        pwi_lock_pkg *p = &c->lf->pkgs[i];
        if (p->flags & PWI_LOCKF_ROOT || !(marks[i] & ANY))
            continue;
        if (!(marks[i] & PROD))
            p->flags |= PWI_LOCKF_DEV;
        else if (!(marks[i] & REQUIRED))
            p->flags |= PWI_LOCKF_OPTIONAL;
    }
    for (size_t i = 0; i < c->nedges; i++)
        pwi_lock_add_edge(c->lf, c->edges[i].from, c->edges[i].to);
    free(marks);
    free(start);
}

/* ---- the document ------------------------------------------------------------ */

static pw_status parse_doc(bun_ctx *c, const pwi_jnode *doc)
{
    static const int64_t known[] = {0, 1};
    size_t line;
    int64_t version;
    pw_status st = pwi_lockj_expect(c->lf, doc, PWI_J_OBJECT, 1, "a bun.lock",
                                    c->err);
    if (st != PW_OK)
        return st;
    const pwi_jnode *vnode = pwi_j_get_line(doc, "lockfileVersion", &line);
    if ((st = pwi_lockj_version(c->lf, vnode, line, "lockfileVersion", known,
                                2, &version, c->err)) != PW_OK)
        return st;
    pwi_lock_set_version(c->lf, version ? "1" : "0");
    const pwi_jnode *wss, *pkgs;
    if ((st = pwi_lockj_obj(c->lf, doc, "workspaces", NULL, &wss, c->err)) ||
        (st = pwi_lockj_obj(c->lf, doc, "packages", NULL, &pkgs, c->err)))
        return st;
    if (!wss)
        return pwi_error(c->err, PW_ERR_FORMAT, c->lf->path, 1, 0,
                         "\"workspaces\" is missing");
    workspace *ws = NULL;
    size_t nws = 0;
    const pwi_jnode **infos = NULL;
    size_t *pkg_of = NULL;
    if ((st = read_workspaces(c, wss, &ws, &nws)) != PW_OK)
        goto out;
    size_t np = pkgs ? pkgs->nitems : 0;
    infos = pwi_xcalloc(np + 1, sizeof *infos);
    pkg_of = pwi_xcalloc(np + 1, sizeof *pkg_of);
    for (size_t i = 0; i < np; i++) {
        const char *key = pkgs->keys[i];
        size_t w;
        if ((st = read_package(c, key, pkgs->items[i], pkgs->key_lines[i],
                               ws, &pkg_of[i], &infos[i], &w)) != PW_OK)
            goto out;
        pwi_lockj_map_put(&c->map, key, strlen(key), pkg_of[i], NULL);
        /* a workspace's own key is where its dependencies resolve from */
        if (w != SIZE_MAX && !ws[w].key)
            ws[w].key = key;
    }
    for (size_t w = 0; w < nws; w++) {
        char owner[160];
        snprintf(owner, sizeof owner, "workspace \"%.100s\"", ws[w].path);
        c->nb = 0;
        if (ws[w].key && *ws[w].path)
            key_components(c, ws[w].key, strlen(ws[w].key));
        if ((st = dependency_edges(c, ws[w].pkg, ws[w].v, 1, owner)))
            goto out;
    }
    for (size_t i = 0; i < np; i++) {
        const pwi_jnode *info = infos[i];
        if (!info || c->lf->pkgs[pkg_of[i]].flags & PWI_LOCKF_ROOT)
            continue; /* workspaces' dependencies come from "workspaces" */
        char owner[160];
        snprintf(owner, sizeof owner, "\"packages\" entry \"%.100s\"",
                 pkgs->keys[i]);
        key_components(c, pkgs->keys[i], strlen(pkgs->keys[i]));
        if ((st = dependency_edges(c, pkg_of[i], info, 0, owner)))
            goto out;
    }
    finish_edges(c);
out:
    free(ws);
    free(infos);
    free(pkg_of);
    return st;
}

pw_status pwi_lock_parse_bun(pwi_lockfile *lf, const char *data, size_t len,
                             const pwi_lock_opts *o, pw_error *err)
{
    pwi_jnode *doc = NULL;
    pw_status st = pwi_json_parse(data, len, lf->path,
                                  PWI_JSON_TRAILING_COMMAS |
                                      PWI_JSON_COMMENTS,
                                  &o->limits, &doc, err);
    if (st != PW_OK)
        return st;
    bun_ctx c;
    memset(&c, 0, sizeof c);
    c.lf = lf;
    c.o = o;
    c.err = err;
    pwi_lockj_map_init(&c.map);
    pwi_lockj_map_init(&c.wsmap);
    st = parse_doc(&c, doc);
    pwi_lockj_map_release(&c.map);
    pwi_lockj_map_release(&c.wsmap);
    free(c.edges);
    free(c.bpos);
    free(c.bhash);
    pwi_jtree_free(doc);
    return st;
}
