/* package.c - which files form which package. See package.h. */
#include "package.h"
#include "util/mem.h"
#include "util/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct root_desc {
    char *prefix;          /* "" or "dir" (no trailing slash) */
    const char *ecosystem;
    size_t manifest;       /* file index of the identity file */
    int record_based;      /* site-packages dist: files listed in RECORD */
    size_t record;         /* RECORD file index when record_based */
} root_desc;

static const char *basename_of(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static char *dirname_of(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? pwi_xstrndup(p, (size_t)(s - p)) : pwi_xstrdup("");
}

/* Part of a path after the last nested-archive boundary "!/". */
static const char *inner_part(const char *p)
{
    const char *last = p, *s = p;
    while ((s = strstr(s, "!/")) != NULL) {
        s += 2;
        last = s;
    }
    return last;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

/* Is dir "…/node_modules/name" or "…/node_modules/@scope/name"? */
static int is_node_modules_child(const char *dir)
{
    const char *b = basename_of(dir);
    if (b == dir)
        return 0;
    size_t plen = (size_t)(b - dir) - 1; /* parent length */
    char *parent = pwi_xstrndup(dir, plen);
    int ok = 0;
    const char *pb = basename_of(parent);
    if (!strcmp(pb, "node_modules"))
        ok = 1;
    else if (pb[0] == '@' && pb != parent) {
        size_t glen = (size_t)(pb - parent) - 1;
        char *grand = pwi_xstrndup(parent, glen);
        ok = !strcmp(basename_of(grand), "node_modules");
        free(grand);
    }
    free(parent);
    return ok;
}

/* Candidate identity files and where they make a root. */
typedef struct cand {
    size_t file;
    char *dir;
    const char *eco;
    int nm_child;
    char *infodir;    /* the *.dist-info / *.egg-info holding it, or NULL */
    size_t level_len; /* the file's archive level: bytes up to its last "!/" */
    size_t depth;     /* components of dir below that level */
} cand;

/* Where the archive level of file path p ends, and how deep dir (the
 * directory p makes a root) lies below it. Computed on the file path, not
 * on dir: the root of a nested archive is "a/b.tgz!", without the "/". */
static void place(const char *p, const char *dir, size_t *level_len, size_t *depth)
{
    size_t ll = (size_t)(inner_part(p) - p);
    size_t dl = strlen(dir);
    size_t d = 0;
    if (dl > ll) {
        d = 1;
        for (const char *s = dir + ll; *s; s++)
            if (*s == '/')
                d++;
    }
    *level_len = ll;
    *depth = d;
}

static void find_candidates(pwi_tree *t, cand **out, size_t *nout)
{
    cand *c = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < t->nfiles; i++) {
        pwi_file *f = &t->files[i];
        if (f->type != PWI_FT_REG)
            continue;
        const char *b = basename_of(f->path);
        const char *eco = NULL;
        char *dir = NULL, *infodir = NULL;
        if (!strcmp(b, "package.json")) {
            eco = "npm";
            dir = dirname_of(f->path);
        } else if (!strcmp(b, "METADATA") || !strcmp(b, "PKG-INFO")) {
            char *d = dirname_of(f->path);
            const char *db = basename_of(d);
            if (ends_with(db, ".dist-info") || ends_with(db, ".egg-info")) {
                /* the package is the directory holding the *-info dir */
                dir = dirname_of(d);
                infodir = d;
            } else if (!strcmp(b, "PKG-INFO")) {
                dir = d;
            } else {
                free(d);
                continue;
            }
            eco = "pypi";
        } else {
            continue;
        }
        PW_GROW(c, cap, n + 1);
        cand *k = &c[n++];
        *k = (cand){i, dir, eco, !strcmp(eco, "npm") && is_node_modules_child(dir),
                    infodir, 0, 0};
        place(f->path, dir, &k->level_len, &k->depth);
    }
    *out = c;
    *nout = n;
}

/* Interns the first n bytes of key in m as the next id; returns its id. */
static size_t intern(pwi_strmap *m, const char *key, size_t n, size_t *next)
{
    size_t id;
    if (pwi_strmap_get(m, key, n, &id))
        return id;
    pwi_strmap_put(m, key, n, *next);
    return (*next)++;
}

/* ---- prefix table --------------------------------------------------------- */

/* A file belongs to the deepest root above it. Looking each prefix of a
 * path up in a string map hashes every prefix anew, O(L^2) per path, and
 * hostile archives have long names with many slashes. This table is keyed
 * by an FNV-1a hash that a left-to-right scan extends byte by byte, so
 * all prefixes of a path are looked up in O(L). The seed varies per call
 * so that colliding names cannot be precomputed; only lookups depend on
 * it, never output order. */
typedef struct pslot {
    char *key;     /* NULL: empty slot */
    size_t len;
    uint64_t h;
    size_t listed; /* package whose RECORD lists this path, or PWI_NONE */
    size_t root;   /* package rooted here, or PWI_NONE */
} pslot;

typedef struct ptab {
    pslot *s;
    size_t n, cap; /* cap is a power of two */
    uint64_t seed;
} ptab;

#define FNV_PRIME 1099511628211ull

static uint64_t fnv_step(uint64_t h, unsigned char c)
{
    return (h ^ c) * FNV_PRIME;
}

static uint64_t ptab_hash(const ptab *t, const char *p, size_t n)
{
    uint64_t h = t->seed;
    for (size_t i = 0; i < n; i++)
        h = fnv_step(h, (unsigned char)p[i]);
    return h;
}

static pslot *ptab_find(const ptab *t, const char *key, size_t len, uint64_t h)
{
    if (!t->cap)
        return NULL;
    for (size_t i = (size_t)h & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        pslot *s = &t->s[i];
        if (!s->key)
            return NULL;
        if (s->h == h && s->len == len && !memcmp(s->key, key, len))
            return s;
    }
}

/* The slot for key, created empty (listed = root = PWI_NONE) if new. */
static pslot *ptab_slot(ptab *t, const char *key, size_t len)
{
    uint64_t h = ptab_hash(t, key, len);
    pslot *s = ptab_find(t, key, len, h);
    if (s)
        return s;
    if ((t->n + 1) * 2 > t->cap) {
        size_t ncap = t->cap ? t->cap * 2 : 64;
        pslot *ns = pwi_xcalloc(ncap, sizeof *ns);
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->s[i].key)
                continue;
            size_t j = (size_t)t->s[i].h & (ncap - 1);
            while (ns[j].key)
                j = (j + 1) & (ncap - 1);
            ns[j] = t->s[i];
        }
        free(t->s);
        t->s = ns;
        t->cap = ncap;
    }
    size_t j = (size_t)h & (t->cap - 1);
    while (t->s[j].key)
        j = (j + 1) & (t->cap - 1);
    t->s[j] = (pslot){pwi_xstrndup(key, len), len, h, PWI_NONE, PWI_NONE};
    t->n++;
    return &t->s[j];
}

static void ptab_release(ptab *t)
{
    for (size_t i = 0; i < t->cap; i++)
        free(t->s[i].key);
    free(t->s);
}

/* The package owning path: RECORD listing first, then the deepest root
 * directory above it (a RECORD-listed directory beats a root at the same
 * depth), then the root "" if any. PWI_NONE when nothing claims it. */
static size_t ptab_owner(const ptab *t, const char *path)
{
    size_t owner = PWI_NONE;
    uint64_t h = t->seed;
    pslot *s = ptab_find(t, "", 0, h);
    if (s && s->root != PWI_NONE)
        owner = s->root;
    size_t i = 0;
    for (; path[i]; i++) {
        if (path[i] == '/' && i > 0 && (s = ptab_find(t, path, i, h)) != NULL) {
            if (s->listed != PWI_NONE)
                owner = s->listed;
            else if (s->root != PWI_NONE)
                owner = s->root;
        }
        h = fnv_step(h, (unsigned char)path[i]);
    }
    s = ptab_find(t, path, i, h);
    if (s && s->listed != PWI_NONE)
        owner = s->listed;
    return owner;
}

static void load_identity(pwi_tree *t, const pw_limits *lim, pwi_package *p)
{
    p->name = pwi_xstrdup("");
    p->version = pwi_xstrdup("");
    if (p->manifest == PWI_NONE)
        return;
    pwi_file *f = &t->files[p->manifest];
    pw_error e;
    if (pwi_tree_load(t, f, lim, &e) != PW_OK) {
        p->manifest_error = pwi_xasprintf("%s: %s", f->path, e.msg);
        return;
    }
    if (!strcmp(p->ecosystem, "npm")) {
        char *why = NULL;
        if (f->truncated) {
            p->manifest_error = pwi_xasprintf(
                "%s: manifest larger than max_file_bytes", f->path);
            return;
        }
        p->manifest_json = pwi_manifest_parse(f->data, f->len, lim, &why,
                                              &p->manifest_dup_keys);
        if (!p->manifest_json) {
            p->manifest_error = pwi_xasprintf("%s: %s", f->path, why);
            free(why);
            return;
        }
        const char *nm = json_string_value(json_object_get(p->manifest_json, "name"));
        const char *vs = json_string_value(json_object_get(p->manifest_json, "version"));
        if (nm) {
            free(p->name);
            p->name = pwi_escape(nm, strlen(nm), 214);
        }
        if (vs) {
            free(p->version);
            p->version = pwi_escape(vs, strlen(vs), 128);
        }
    } else {
        char *nm = pwi_metadata_header(f->data, f->len, "Name");
        char *vs = pwi_metadata_header(f->data, f->len, "Version");
        if (nm) {
            free(p->name);
            p->name = pwi_escape(nm, strlen(nm), 214);
            free(nm);
        }
        if (vs) {
            free(p->version);
            p->version = pwi_escape(vs, strlen(vs), 128);
            free(vs);
        }
    }
}

/* First field of each RECORD line (CSV, may be quoted), normalised. */
static void record_paths(pwi_tree *t, const pw_limits *lim, size_t rec,
                         const char *base, char ***out, size_t *nout)
{
    char **v = NULL;
    size_t n = 0, cap = 0;
    pwi_file *f = &t->files[rec];
    pw_error e;
    if (pwi_tree_load(t, f, lim, &e) != PW_OK || !f->data) {
        *out = NULL;
        *nout = 0;
        return;
    }
    const char *p = (const char *)f->data, *end = p + f->len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        char field[4096];
        size_t k = 0;
        const char *q = p;
        if (q < eol && *q == '"') {
            q++;
            while (q < eol && k < sizeof field - 1) {
                if (*q == '"' && q + 1 < eol && q[1] == '"') {
                    field[k++] = '"';
                    q += 2;
                } else if (*q == '"') {
                    break;
                } else {
                    field[k++] = *q++;
                }
            }
        } else {
            while (q < eol && *q != ',' && *q != '\r' && k < sizeof field - 1)
                field[k++] = *q++;
        }
        field[k] = '\0';
        if (k) {
            char *joined = *base ? pwi_xasprintf("%s/%s", base, field)
                                 : pwi_xstrdup(field);
            int sus;
            PW_GROW(v, cap, n + 1);
            v[n++] = pwi_path_normalize(joined, &sus);
            free(joined);
        }
        p = eol + 1;
    }
    *out = v;
    *nout = n;
}

static void pkg_add_file(pwi_package *p, size_t idx)
{
    PW_GROW(p->files, p->capfiles, p->nfiles + 1);
    p->files[p->nfiles++] = idx;
}

static int cmp_root_len_desc(const void *a, const void *b)
{
    const root_desc *x = a, *y = b;
    size_t lx = strlen(x->prefix), ly = strlen(y->prefix);
    if (lx != ly)
        return lx > ly ? -1 : 1;
    return strcmp(x->prefix, y->prefix);
}

static size_t push_root(root_desc **roots, size_t *n, size_t *cap, pwi_strmap *index,
                        root_desc r)
{
    PW_GROW(*roots, *cap, *n + 1);
    (*roots)[*n] = r;
    pwi_strmap_put(index, r.prefix, strlen(r.prefix), *n);
    return (*n)++;
}

/* Chooses the package roots among the candidates. Every step is a map
 * lookup per candidate: an archive may hold 100 000 package.json files,
 * and comparing candidates pairwise would take hours. */
static void choose_roots(pwi_tree *t, cand *c, size_t nc, root_desc **out,
                         size_t *nout)
{
    root_desc *roots = NULL;
    size_t nroots = 0, caproots = 0;
    pwi_strmap index; /* prefix -> root */
    pwi_strmap_init(&index);

    /* node_modules children are always packages */
    for (size_t i = 0; i < nc; i++) {
        size_t k;
        if (c[i].nm_child && !pwi_strmap_get(&index, c[i].dir, strlen(c[i].dir), &k))
            push_root(&roots, &nroots, &caproots, &index,
                      (root_desc){pwi_xstrdup(c[i].dir), c[i].eco, c[i].file, 0,
                                  PWI_NONE});
    }

    /* the shallowest depth of the other candidates, per archive level */
    pwi_strmap levels;
    pwi_strmap_init(&levels);
    size_t nlevels = 0;
    size_t *level_of = pwi_xcalloc(nc + 1, sizeof *level_of);
    size_t *min_depth = pwi_xcalloc(nc + 1, sizeof *min_depth);
    for (size_t i = 0; i < nc; i++)
        min_depth[i] = (size_t)-1;
    for (size_t i = 0; i < nc; i++) {
        if (c[i].nm_child)
            continue;
        size_t id = intern(&levels, t->files[c[i].file].path, c[i].level_len, &nlevels);
        level_of[i] = id;
        if (c[i].depth < min_depth[id])
            min_depth[id] = c[i].depth;
    }

    /* site-packages: more than one distinct *-info directory side by side.
     * An sdist's PKG-INFO next to its own *.egg-info is one package. */
    pwi_strmap dirs, infos;
    pwi_strmap_init(&dirs);
    pwi_strmap_init(&infos);
    size_t ndirs = 0;
    size_t *dists = pwi_xcalloc(nc + 1, sizeof *dists);
    for (size_t i = 0; i < nc; i++) {
        if (!c[i].infodir ||
            pwi_strmap_put(&infos, c[i].infodir, strlen(c[i].infodir), 0))
            continue;
        dists[intern(&dirs, c[i].dir, strlen(c[i].dir), &ndirs)]++;
    }

    /* RECORD files by path; the last copy wins, as for extractors */
    pwi_strmap paths;
    pwi_strmap_init(&paths);
    int need_paths = 0;

    for (size_t i = 0; i < nc; i++) {
        if (c[i].nm_child || c[i].depth != min_depth[level_of[i]])
            continue;
        size_t k, d;
        if (c[i].infodir && pwi_strmap_get(&dirs, c[i].dir, strlen(c[i].dir), &d) &&
            dists[d] > 1) {
            /* site-packages: one package per dist-info, by RECORD */
            if (pwi_strmap_get(&index, c[i].infodir, strlen(c[i].infodir), &k))
                continue;
            if (!need_paths) {
                need_paths = 1;
                for (size_t f = t->nfiles; f-- > 0;)
                    if (t->files[f].type == PWI_FT_REG)
                        pwi_strmap_put(&paths, t->files[f].path,
                                       strlen(t->files[f].path), f);
            }
            char *rec = pwi_xasprintf("%s/RECORD", c[i].infodir);
            size_t record = PWI_NONE;
            pwi_strmap_get(&paths, rec, strlen(rec), &record);
            free(rec);
            push_root(&roots, &nroots, &caproots, &index,
                      (root_desc){pwi_xstrdup(c[i].infodir), "pypi", c[i].file, 1,
                                  record});
            continue;
        }
        if (pwi_strmap_get(&index, c[i].dir, strlen(c[i].dir), &k)) {
            /* npm wins over pypi when both mark the same directory */
            if (!roots[k].record_based && !strcmp(c[i].eco, "npm") &&
                strcmp(roots[k].ecosystem, "npm")) {
                roots[k].ecosystem = "npm";
                roots[k].manifest = c[i].file;
            }
            continue;
        }
        push_root(&roots, &nroots, &caproots, &index,
                  (root_desc){pwi_xstrdup(c[i].dir), c[i].eco, c[i].file, 0, PWI_NONE});
    }
    pwi_strmap_release(&paths);
    pwi_strmap_release(&dirs);
    pwi_strmap_release(&infos);
    pwi_strmap_release(&levels);
    pwi_strmap_release(&index);
    free(dists);
    free(level_of);
    free(min_depth);
    *out = roots;
    *nout = nroots;
}

void pwi_packages_find(pwi_tree *t, const pw_limits *lim, pwi_package **out,
                       size_t *nout)
{
    cand *c;
    size_t nc;
    find_candidates(t, &c, &nc);
    root_desc *roots;
    size_t nroots;
    choose_roots(t, c, nc, &roots, &nroots);
    for (size_t i = 0; i < nc; i++) {
        free(c[i].dir);
        free(c[i].infodir);
    }
    free(c);

    if (nroots)
        qsort(roots, nroots, sizeof *roots, cmp_root_len_desc);

    pwi_package *pk = pwi_xcalloc(nroots + 1, sizeof *pk);
    size_t npk = nroots;
    for (size_t i = 0; i < nroots; i++) {
        pk[i].ecosystem = roots[i].ecosystem;
        pk[i].root = roots[i].record_based ? dirname_of(roots[i].prefix)
                                           : pwi_xstrdup(roots[i].prefix);
        pk[i].manifest = roots[i].manifest;
    }

    /* RECORD-listed files first, then by deepest prefix; with roots sorted
     * deepest first, the first claim on a path wins */
    ptab owners;
    memset(&owners, 0, sizeof owners);
    owners.seed = 1469598103934665603ull ^ (uint64_t)(uintptr_t)&owners ^
                  ((uint64_t)(uintptr_t)t << 17);
    for (size_t i = 0; i < nroots; i++) {
        pslot *s = ptab_slot(&owners, roots[i].prefix, strlen(roots[i].prefix));
        if (!roots[i].record_based) {
            if (s->root == PWI_NONE)
                s->root = i;
            continue;
        }
        /* the dist-info directory itself always belongs to its dist */
        if (s->listed == PWI_NONE)
            s->listed = i;
        if (roots[i].record == PWI_NONE)
            continue;
        char **paths;
        size_t np;
        record_paths(t, lim, roots[i].record, pk[i].root, &paths, &np);
        for (size_t j = 0; j < np; j++) {
            /* "" would claim every file; RECORD never lists the root */
            if (*paths[j]) {
                s = ptab_slot(&owners, paths[j], strlen(paths[j]));
                if (s->listed == PWI_NONE)
                    s->listed = i;
            }
            free(paths[j]);
        }
        free(paths);
    }
    size_t unowned = 0;
    for (size_t k = 0; k < t->nfiles; k++) {
        if (t->files[k].type == PWI_FT_DIR)
            continue;
        size_t owner = ptab_owner(&owners, t->files[k].path);
        if (owner == PWI_NONE) {
            owner = nroots;
            unowned++;
        }
        pkg_add_file(&pk[owner], k);
    }
    ptab_release(&owners);

    if (unowned || nroots == 0) {
        pk[nroots].ecosystem = "unknown";
        pk[nroots].root = pwi_xstrdup("");
        pk[nroots].manifest = PWI_NONE;
        npk = nroots + 1;
    }
    for (size_t i = 0; i < npk; i++)
        load_identity(t, lim, &pk[i]);
    for (size_t i = 0; i < nroots; i++)
        free(roots[i].prefix);
    free(roots);
    *out = pk;
    *nout = npk;
}

void pwi_packages_free(pwi_package *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(p[i].name);
        free(p[i].version);
        free(p[i].root);
        free(p[i].files);
        free(p[i].manifest_error);
        if (p[i].manifest_json)
            json_decref(p[i].manifest_json);
    }
    free(p);
}
