/* lockfile-npm.c - package-lock.json and npm-shrinkwrap.json, lockfile
 * versions 1, 2 and 3.
 *
 * v2 and v3 list every installed package in "packages", keyed by its
 * folder ("node_modules/a/node_modules/@s/b"; "" is the project, other
 * folders outside node_modules are workspace members or file: links). v1
 * has a nested "dependencies" tree instead; it is flattened into the same
 * folder keys, so one resolver serves both: a dependency named d of the
 * package in folder p is the first of p/node_modules/d, then the same in
 * each ancestor folder, then node_modules/d (node's module lookup).
 * v2 carries both forms; "packages" is read. */
#include "lockfile/lockfile-json.h"
#include "lockfile/lockfile.h"
#include "util/error.h"
#include "util/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Folder keys longer than this are refused (PATH_MAX is 4096; v1 keys
 * are built by joining names, so this bounds that work). */
#define NPM_MAX_PATH 16384
/* Ancestor folders tried per dependency before the top level. */
#define NPM_MAX_LEVELS 128
/* Candidate folders looked up in one lockfile. */
#define NPM_MAX_LOOKUPS ((size_t)64 << 20)

typedef struct entry {
    const char *path; /* folder key: in the tree, or owned (v1) */
    size_t len;
    const pwi_jnode *v; /* the entry object */
    size_t line;
    size_t pkg; /* package index, SIZE_MAX: none (yet) */
    int link;   /* v2+: "link": true, pkg is the target's */
    int folder; /* v2+: "" or a folder outside node_modules */
} entry;

typedef struct npm_ctx {
    pwi_lockfile *lf;
    const pwi_lock_opts *o;
    pw_error *err;
    int64_t version;
    const char *top_name; /* "name" of the document */
    entry *ents;
    size_t nents, capents;
    pwi_lockj_map map; /* folder key -> entry index */
    char **owned;      /* v1 folder keys */
    size_t nowned, capowned;
    size_t root;   /* package index of the project */
    int have_root_entry;
    /* the folder being resolved from: '/' boundaries and hash states */
    size_t *bpos;
    uint64_t *bhash;
    size_t nb, capbpos, capbhash;
    const char *from;
    size_t lookups;
} npm_ctx;

static void ctx_release(npm_ctx *c)
{
    for (size_t i = 0; i < c->nowned; i++)
        free(c->owned[i]);
    free(c->owned);
    free(c->ents);
    free(c->bpos);
    free(c->bhash);
    pwi_lockj_map_release(&c->map);
}

/* "\"packages\" entry \"node_modules/x\"" for messages. */
static void entry_label(const npm_ctx *c, const entry *e, char *buf,
                        size_t size)
{
    snprintf(buf, size, "%s entry \"%.*s\"%s",
             c->version >= 2 ? "\"packages\"" : "\"dependencies\"",
             (int)(e->len > 100 ? 100 : e->len), e->path,
             e->len > 100 ? "..." : "");
}

static pw_status add_entry(npm_ctx *c, const char *path, size_t len,
                           const pwi_jnode *v, size_t line, int *dup)
{
    *dup = 0;
    if (len > NPM_MAX_PATH)
        return pwi_error(c->err, PW_ERR_LIMIT, c->lf->path, line, 0,
                         "package folder of %zu bytes is longer than the "
                         "limit of %d", len, NPM_MAX_PATH);
    if (pwi_lockj_map_put(&c->map, path, len, c->nents, NULL)) {
        *dup = 1; /* v1 keys with "/node_modules/" in them */
        return PW_OK;
    }
    PW_GROW(c->ents, c->capents, c->nents + 1);
    entry *e = &c->ents[c->nents++];
    memset(e, 0, sizeof *e);
    e->path = path;
    e->len = len;
    e->v = v;
    e->line = line;
    e->pkg = SIZE_MAX;
    return PW_OK;
}

/* ---- resolution ------------------------------------------------------------ */

/* Prepares lookups from the folder path[0..len): records each folder
 * boundary (the end of path and every '/') with the hash state there. */
static void resolve_from(npm_ctx *c, const char *path, size_t len)
{
    c->from = path;
    c->nb = 0;
    uint64_t h = pwi_lockj_hash_init(&c->map);
    for (size_t i = 0; i <= len; i++) {
        if (i == len || path[i] == '/') {
            PW_GROW(c->bpos, c->capbpos, c->nb + 1);
            PW_GROW(c->bhash, c->capbhash, c->nb + 1);
            c->bpos[c->nb] = i;
            c->bhash[c->nb] = h;
            c->nb++;
        }
        if (i < len)
            h = pwi_lockj_hash_more(h, path + i, 1);
    }
    if (len == 0)
        c->nb = 0; /* the project folder: only the top level */
}

static int segment_is_node_modules(const char *path, size_t end)
{
    static const char nm[] = "node_modules";
    size_t n = sizeof nm - 1;
    if (end < n || memcmp(path + end - n, nm, n))
        return 0;
    return end == n || path[end - n - 1] == '/';
}

/* Entry index of dependency name seen from the folder prepared by
 * resolve_from, SIZE_MAX when none. */
static pw_status resolve(npm_ctx *c, const char *name, size_t *out)
{
    static const char mid[] = "/node_modules/";
    size_t nlen = strlen(name), mlen = sizeof mid - 1;
    size_t tried = 0;
    *out = SIZE_MAX;
    for (size_t k = c->nb; k-- > 0 && tried < NPM_MAX_LEVELS;) {
        size_t end = c->bpos[k];
        if (end == 0 || segment_is_node_modules(c->from, end))
            continue;
        tried++;
        if (++c->lookups > NPM_MAX_LOOKUPS)
            goto too_many;
        uint64_t h = pwi_lockj_hash_more(c->bhash[k], mid, mlen);
        h = pwi_lockj_hash_more(h, name, nlen);
        const char *parts[3] = {c->from, mid, name};
        size_t lens[3] = {end, mlen, nlen};
        if (pwi_lockj_map_find(&c->map, h, parts, lens, 3, out))
            return PW_OK;
    }
    if (++c->lookups > NPM_MAX_LOOKUPS)
        goto too_many;
    uint64_t h = pwi_lockj_hash_more(pwi_lockj_hash_init(&c->map), mid + 1,
                                     mlen - 1);
    h = pwi_lockj_hash_more(h, name, nlen);
    const char *parts[2] = {mid + 1, name};
    size_t lens[2] = {mlen - 1, nlen};
    pwi_lockj_map_find(&c->map, h, parts, lens, 2, out);
    return PW_OK;
too_many:
    return pwi_error(c->err, PW_ERR_LIMIT, c->lf->path, 0, 0,
                     "resolving dependencies needs more than %zu folder "
                     "lookups", NPM_MAX_LOOKUPS);
}

/* ---- entries to packages ----------------------------------------------------- */

/* Source of an entry from its "resolved" and "version". */
static pwi_lock_source entry_source(const char *resolved, const char *version,
                                    const char *name)
{
    if (resolved) {
        pwi_lock_source k = pwi_lockj_spec_kind(resolved);
        if (k == PWI_SRC_URL)
            return pwi_lockj_is_registry_tarball(resolved, name, version)
                       ? PWI_SRC_REGISTRY
                       : PWI_SRC_URL;
        if (k == PWI_SRC_GIT && !strchr(resolved, ':'))
            return PWI_SRC_PATH; /* "packages/x" is a folder, not u/r */
        if (k != PWI_SRC_UNKNOWN)
            return k;
        return strstr(resolved, "://") ? PWI_SRC_URL : PWI_SRC_PATH;
    }
    if (version) {
        pwi_lock_source k = pwi_lockj_spec_kind(version);
        if (k != PWI_SRC_UNKNOWN)
            return k;
        if (pwi_lockj_is_semver(version))
            return PWI_SRC_REGISTRY;
    }
    return PWI_SRC_UNKNOWN;
}

/* Installed name of a node_modules folder key, or NULL for folders
 * outside node_modules. */
static const char *installed_name(const char *path, size_t len)
{
    static const char nm[] = "node_modules/";
    size_t n = sizeof nm - 1;
    const char *name = NULL;
    for (size_t i = 0; i + n <= len; i++)
        if ((i == 0 || path[i - 1] == '/') && !memcmp(path + i, nm, n)) {
            name = path + i + n;
            i += n - 1;
        }
    return name;
}

static pw_status entry_flags(npm_ctx *c, const entry *e, const char *owner,
                             unsigned *flags)
{
    static const struct {
        const char *key;
        unsigned flag;
    } bools[] = {
        {"dev", PWI_LOCKF_DEV},
        {"optional", PWI_LOCKF_OPTIONAL},
        /* needed when dev or optional dependencies are installed */
        {"devOptional", PWI_LOCKF_OPTIONAL},
        {"peer", PWI_LOCKF_PEER},
        {"hasInstallScript", PWI_LOCKF_INSTALL_SCRIPT},
    };
    *flags = 0;
    for (size_t i = 0; i < sizeof bools / sizeof bools[0]; i++) {
        int b;
        pw_status st = pwi_lockj_bool(c->lf, e->v, bools[i].key, owner, &b,
                                      c->err);
        if (st != PW_OK)
            return st;
        if (b)
            *flags |= bools[i].flag;
    }
    if (c->version >= 2)
        *flags |= PWI_LOCKF_SCRIPTS_KNOWN;
    else
        *flags &= ~(unsigned)PWI_LOCKF_INSTALL_SCRIPT; /* not a v1 field */
    return PW_OK;
}

/* The package of a v2/v3 "packages" entry (links are resolved later). */
static pw_status add_v2_package(npm_ctx *c, entry *e)
{
    char owner[160];
    entry_label(c, e, owner, sizeof owner);
    pw_status st = pwi_lockj_expect(c->lf, e->v, PWI_J_OBJECT, e->line,
                                    owner, c->err);
    if (st != PW_OK)
        return st;
    int link;
    if ((st = pwi_lockj_bool(c->lf, e->v, "link", owner, &link, c->err)))
        return st;
    const char *name, *version, *resolved, *integrity;
    if ((st = pwi_lockj_str(c->lf, e->v, "name", owner, &name, c->err)) ||
        (st = pwi_lockj_str(c->lf, e->v, "version", owner, &version,
                            c->err)) ||
        (st = pwi_lockj_str(c->lf, e->v, "resolved", owner, &resolved,
                            c->err)) ||
        (st = pwi_lockj_str(c->lf, e->v, "integrity", owner, &integrity,
                            c->err)))
        return st;
    const char *inst = installed_name(e->path, e->len);
    if (link) {
        if (!inst || !*inst)
            return pwi_error(c->err, PW_ERR_FORMAT, c->lf->path, e->line, 0,
                             "%s is a link outside node_modules", owner);
        e->link = 1;
        return PW_OK;
    }
    pwi_lockj_pkg p;
    memset(&p, 0, sizeof p);
    p.line = e->line;
    p.version = version;
    p.integrity = integrity;
    if ((st = entry_flags(c, e, owner, &p.flags)) != PW_OK)
        return st;
    char *fallback = NULL;
    if (!inst) {
        /* the project, or a workspace member / linked folder */
        e->folder = 1;
        p.flags |= PWI_LOCKF_ROOT;
        p.source = PWI_SRC_PATH;
        if (e->len == 0) {
            if (!name)
                name = c->top_name;
            if (!name)
                name = fallback = pwi_lockj_dir_name(c->lf->path, "");
        } else {
            p.resolved = e->path;
            if (!name) {
                const char *slash = strrchr(e->path, '/');
                name = slash ? slash + 1 : e->path;
            }
        }
        p.name = name;
    } else {
        if (!*inst || inst[e->len - (size_t)(inst - e->path) - 1] == '/')
            return pwi_error(c->err, PW_ERR_FORMAT, c->lf->path, e->line, 0,
                             "%s does not name a package", owner);
        if (name && strcmp(name, inst)) {
            p.name = name; /* npm alias: installed under another name */
            p.alias = inst;
        } else {
            p.name = inst;
        }
        p.resolved = resolved;
        p.source = entry_source(resolved, version, p.name);
    }
    st = pwi_lockj_add(c->lf, &p, c->o, &e->pkg, c->err);
    free(fallback);
    if (st == PW_OK && e->len == 0) {
        c->root = e->pkg;
        c->have_root_entry = 1;
    }
    return st;
}

/* Links point at a folder entry (a workspace member or a file:
 * dependency): they share its package, and the project depends on it. */
static pw_status resolve_links(npm_ctx *c)
{
    for (size_t i = 0; i < c->nents; i++) {
        entry *e = &c->ents[i];
        if (!e->link)
            continue;
        char owner[160];
        entry_label(c, e, owner, sizeof owner);
        const char *target;
        pw_status st = pwi_lockj_str(c->lf, e->v, "resolved", owner, &target,
                                     c->err);
        if (st != PW_OK)
            return st;
        size_t j;
        if (target && pwi_lockj_map_get(&c->map, target, strlen(target), &j) &&
            c->ents[j].folder && c->ents[j].pkg != SIZE_MAX) {
            e->pkg = c->ents[j].pkg;
            continue;
        }
        /* a link to a folder the lockfile does not describe */
        pwi_lockj_pkg p;
        memset(&p, 0, sizeof p);
        p.name = installed_name(e->path, e->len);
        p.resolved = target;
        p.source = PWI_SRC_PATH;
        p.line = e->line;
        if ((st = pwi_lockj_add(c->lf, &p, c->o, &e->pkg, c->err)) != PW_OK)
            return st;
    }
    return PW_OK;
}

/* The package of a v1 "dependencies" entry; its folder key was built from
 * the nesting. */
static pw_status add_v1_package(npm_ctx *c, entry *e, const char *key)
{
    char owner[160];
    entry_label(c, e, owner, sizeof owner);
    const char *version, *resolved, *integrity;
    pw_status st;
    if ((st = pwi_lockj_str(c->lf, e->v, "version", owner, &version,
                            c->err)) ||
        (st = pwi_lockj_str(c->lf, e->v, "resolved", owner, &resolved,
                            c->err)) ||
        (st = pwi_lockj_str(c->lf, e->v, "integrity", owner, &integrity,
                            c->err)))
        return st;
    pwi_lockj_pkg p;
    memset(&p, 0, sizeof p);
    p.line = e->line;
    p.name = key;
    p.integrity = integrity;
    p.resolved = resolved;
    if ((st = entry_flags(c, e, owner, &p.flags)) != PW_OK)
        return st;
    char *real = NULL, *range = NULL;
    if (pwi_lockj_split_alias(version, &real, &range)) {
        /* "string-width-cjs": {"version": "npm:string-width@4.2.3"} */
        p.name = real;
        p.alias = key;
        p.version = *range ? range : NULL;
        p.source = entry_source(resolved, p.version, real);
    } else if (version && pwi_lockj_spec_kind(version) != PWI_SRC_UNKNOWN) {
        /* git, tarball URL or file: in place of a version */
        p.source = pwi_lockj_spec_kind(version);
        if (!resolved)
            p.resolved = version;
        if (p.source == PWI_SRC_URL &&
            pwi_lockj_is_registry_tarball(p.resolved, key, NULL))
            p.source = PWI_SRC_REGISTRY;
    } else {
        p.version = version;
        p.source = entry_source(resolved, version, key);
    }
    st = pwi_lockj_add(c->lf, &p, c->o, &e->pkg, c->err);
    free(real);
    free(range);
    return st;
}

/* ---- edges ------------------------------------------------------------------- */

/* Edges from entry e's package for each name in its dependency object
 * `group`; owner names the entry in messages. Missing required ones are
 * warnings. */
static pw_status add_group_edges(npm_ctx *c, const entry *e,
                                 const char *owner, const char *group,
                                 int required)
{
    const pwi_jnode *deps;
    pw_status st = pwi_lockj_obj(c->lf, e->v, group, owner, &deps, c->err);
    if (st != PW_OK || !deps)
        return st;
    int from_root = (c->lf->pkgs[e->pkg].flags & PWI_LOCKF_ROOT) != 0;
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
        size_t j;
        if ((st = resolve(c, name, &j)) != PW_OK)
            return st;
        if (j == SIZE_MAX || c->ents[j].pkg == SIZE_MAX) {
            if (required)
                pwi_lock_warn(c->lf, deps->key_lines[i], NULL,
                              "\"%.100s\" (in \"%s\" of %.120s) is not in "
                              "the lockfile", name, group, owner);
            continue;
        }
        size_t to = c->ents[j].pkg;
        pwi_lock_add_edge(c->lf, e->pkg, to);
        pwi_lock_pkg *tp = &c->lf->pkgs[to];
        if (from_root && !tp->spec && strlen(range->str) == range->len &&
            !(tp->flags & PWI_LOCKF_ROOT))
            tp->spec = pwi_xstrdup(range->str);
    }
    return PW_OK;
}

static pw_status add_edges(npm_ctx *c)
{
    char owner[160];
    for (size_t i = 0; i < c->nents; i++) {
        const entry *e = &c->ents[i];
        if (e->link || e->pkg == SIZE_MAX)
            continue;
        resolve_from(c, e->path, e->len);
        entry_label(c, e, owner, sizeof owner);
        pw_status st;
        if (c->version == 1) {
            if ((st = add_group_edges(c, e, owner, "requires", 1)) != PW_OK)
                return st;
            continue;
        }
        if ((st = add_group_edges(c, e, owner, "dependencies", 1)) ||
            (st = add_group_edges(c, e, owner, "optionalDependencies", 0)) ||
            (st = add_group_edges(c, e, owner, "peerDependencies", 0)))
            return st;
        if (e->folder &&
            (st = add_group_edges(c, e, owner, "devDependencies", 1)))
            return st;
        if (e->folder && e->len)
            pwi_lock_add_edge(c->lf, c->root, e->pkg);
    }
    return PW_OK;
}

/* When the lockfile does not say what the project depends on (v1, or no
 * "" entry), the project depends on every top-level package nothing else
 * requires, and on any top-level package still unreachable (cycles). */
static void attach_orphans(npm_ctx *c)
{
    pwi_lockfile *lf = c->lf;
    unsigned char *incoming = pwi_xcalloc(lf->npkgs + 1, 1);
    for (size_t i = 0; i < lf->nedges; i++)
        incoming[lf->edges[i].to] = 1;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1)
            pwi_lock_link(lf);
        for (size_t i = 0; i < c->nents; i++) {
            const entry *e = &c->ents[i];
            const char *inst = installed_name(e->path, e->len);
            if (e->pkg == SIZE_MAX || e->link || !inst ||
                inst != e->path + 13 /* only "node_modules/<name>" */)
                continue;
            const pwi_lock_pkg *p = &lf->pkgs[e->pkg];
            if (p->flags & PWI_LOCKF_ROOT)
                continue;
            if (pass == 0 ? !incoming[e->pkg] : p->parent == SIZE_MAX)
                pwi_lock_add_edge(lf, c->root, e->pkg);
        }
    }
    free(incoming);
}

/* ---- the two layouts --------------------------------------------------------- */

static pw_status read_packages(npm_ctx *c, const pwi_jnode *packages)
{
    pw_status st;
    for (size_t i = 0; i < packages->nitems; i++) {
        int dup;
        const char *key = packages->keys[i];
        if ((st = add_entry(c, key, strlen(key), packages->items[i],
                            packages->key_lines[i], &dup)) != PW_OK)
            return st;
    }
    for (size_t i = 0; i < c->nents; i++)
        if ((st = add_v2_package(c, &c->ents[i])) != PW_OK)
            return st;
    return PW_OK;
}

/* Flattens the v1 "dependencies" tree (iteratively) into folder keys. */
static pw_status read_v1_tree(npm_ctx *c, const pwi_jnode *deps)
{
    typedef struct frame {
        const pwi_jnode *deps;
        const char *prefix; /* folder of the owner, "" for the project */
        size_t next;
    } frame;
    frame *stack = NULL;
    size_t depth = 0, cap = 0;
    pw_status st = PW_OK;
    PW_GROW(stack, cap, 1);
    stack[depth++] = (frame){deps, "", 0};
    while (depth && st == PW_OK) {
        frame *f = &stack[depth - 1];
        if (f->next == f->deps->nitems) {
            depth--;
            continue;
        }
        size_t i = f->next++;
        const char *key = f->deps->keys[i];
        const pwi_jnode *v = f->deps->items[i];
        size_t line = f->deps->key_lines[i];
        size_t plen = strlen(f->prefix), klen = strlen(key);
        if (plen + klen + 14 > NPM_MAX_PATH) {
            st = pwi_error(c->err, PW_ERR_LIMIT, c->lf->path, line, 0,
                           "package folder of %zu bytes is longer than the "
                           "limit of %d", plen + klen + 14, NPM_MAX_PATH);
            break;
        }
        char *path = pwi_xasprintf("%s%snode_modules/%s", f->prefix,
                                   plen ? "/" : "", key);
        PW_GROW(c->owned, c->capowned, c->nowned + 1);
        c->owned[c->nowned++] = path;
        char owner[160];
        snprintf(owner, sizeof owner, "\"dependencies\" entry \"%.100s\"",
                 key);
        if ((st = pwi_lockj_expect(c->lf, v, PWI_J_OBJECT, line, owner,
                                   c->err)) != PW_OK)
            break;
        int dup;
        if ((st = add_entry(c, path, strlen(path), v, line, &dup)) != PW_OK)
            break;
        if (!dup && (st = add_v1_package(c, &c->ents[c->nents - 1], key)))
            break;
        const pwi_jnode *nested;
        if ((st = pwi_lockj_obj(c->lf, v, "dependencies", owner, &nested,
                                c->err)) != PW_OK)
            break;
        if (nested && nested->nitems && !dup) {
            PW_GROW(stack, cap, depth + 1);
            stack[depth++] = (frame){nested, path, 0};
        }
    }
    free(stack);
    return st;
}

static pw_status add_project(npm_ctx *c, const pwi_jnode *doc)
{
    const char *version;
    pw_status st = pwi_lockj_str(c->lf, doc, "version", NULL, &version,
                                 c->err);
    if (st != PW_OK)
        return st;
    char *fallback = NULL;
    pwi_lockj_pkg p;
    memset(&p, 0, sizeof p);
    p.name = c->top_name ? c->top_name
                         : (fallback = pwi_lockj_dir_name(c->lf->path, ""));
    p.version = version;
    p.flags = PWI_LOCKF_ROOT;
    p.source = PWI_SRC_PATH;
    p.line = 1;
    st = pwi_lockj_add(c->lf, &p, c->o, &c->root, c->err);
    free(fallback);
    return st;
}

pw_status pwi_lock_parse_npm(pwi_lockfile *lf, const char *data, size_t len,
                             const pwi_lock_opts *o, pw_error *err)
{
    pwi_jnode *doc = NULL;
    pw_status st = pwi_json_parse(data, len, lf->path, 0, &o->limits, &doc,
                                  err);
    if (st != PW_OK)
        return st;
    npm_ctx c;
    memset(&c, 0, sizeof c);
    c.lf = lf;
    c.o = o;
    c.err = err;
    c.root = SIZE_MAX;
    pwi_lockj_map_init(&c.map);

    static const int64_t known[] = {1, 2, 3};
    size_t line;
    const pwi_jnode *packages = NULL, *deps = NULL, *vnode;
    if ((st = pwi_lockj_expect(lf, doc, PWI_J_OBJECT, 1, "a package-lock",
                               err)) != PW_OK)
        goto out;
    vnode = pwi_j_get_line(doc, "lockfileVersion", &line);
    if ((st = pwi_lockj_version(lf, vnode, line, "lockfileVersion", known, 3,
                                &c.version, err)) != PW_OK)
        goto out;
    pwi_lock_set_version(lf, c.version == 1 ? "1" : c.version == 2 ? "2"
                                                                   : "3");
    if ((st = pwi_lockj_str(lf, doc, "name", NULL, &c.top_name, err)))
        goto out;
    if (c.version >= 2 &&
        (st = pwi_lockj_obj(lf, doc, "packages", NULL, &packages, err)))
        goto out;
    if (c.version == 3 && !packages) {
        st = pwi_error(err, PW_ERR_FORMAT, lf->path, line, 0,
                       "lockfileVersion 3 without \"packages\"");
        goto out;
    }
    if (packages) {
        if ((st = read_packages(&c, packages)) != PW_OK ||
            (st = resolve_links(&c)) != PW_OK)
            goto out;
        if (!c.have_root_entry && (st = add_project(&c, doc)) != PW_OK)
            goto out;
    } else {
        /* v1, or v2 written without "packages" */
        c.version = 1;
        if ((st = pwi_lockj_obj(lf, doc, "dependencies", NULL, &deps, err)) ||
            (st = add_project(&c, doc)) != PW_OK)
            goto out;
        if (deps && (st = read_v1_tree(&c, deps)) != PW_OK)
            goto out;
    }
    if ((st = add_edges(&c)) != PW_OK)
        goto out;
    if (!c.have_root_entry)
        attach_orphans(&c);
out:
    ctx_release(&c);
    pwi_jtree_free(doc);
    return st;
}
