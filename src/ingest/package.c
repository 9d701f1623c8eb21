/* package.c - which files form which package. See package.h. */
#include "package.h"
#include "util/mem.h"
#include "util/strmap.h"

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

static size_t depth_of(const char *dir)
{
    const char *in = inner_part(dir);
    if (!*in)
        return 0;
    size_t d = 1;
    for (; *in; in++)
        if (*in == '/')
            d++;
    return d;
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

static int same_archive_level(const char *a, const char *b)
{
    size_t la = (size_t)(inner_part(a) - a), lb = (size_t)(inner_part(b) - b);
    return la == lb && !strncmp(a, b, la);
}

static void add_root(root_desc **roots, size_t *n, size_t *cap, const char *prefix,
                     const char *eco, size_t manifest)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*roots)[i].prefix, prefix))
            return;
    PW_GROW(*roots, *cap, *n + 1);
    (*roots)[(*n)++] = (root_desc){pwi_xstrdup(prefix), eco, manifest, 0, PWI_NONE};
}

/* Candidate identity files and where they make a root. */
typedef struct cand {
    size_t file;
    char *dir;
    const char *eco;
    int nm_child;
} cand;

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
        char *dir = NULL;
        if (!strcmp(b, "package.json")) {
            eco = "npm";
            dir = dirname_of(f->path);
        } else if (!strcmp(b, "METADATA") || !strcmp(b, "PKG-INFO")) {
            char *d = dirname_of(f->path);
            const char *db = basename_of(d);
            if (ends_with(db, ".dist-info") || ends_with(db, ".egg-info")) {
                /* the package is the directory holding the *-info dir */
                dir = dirname_of(d);
                free(d);
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
        c[n++] = (cand){i, dir, eco, !strcmp(eco, "npm") && is_node_modules_child(dir)};
    }
    *out = c;
    *nout = n;
}

/* site-packages: more than one *.dist-info / *.egg-info side by side. */
static int count_dists_in(const cand *c, size_t n, const char *dir)
{
    int k = 0;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(c[i].eco, "pypi") && !strcmp(c[i].dir, dir))
            k++;
    return k;
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

void pwi_packages_find(pwi_tree *t, const pw_limits *lim, pwi_package **out,
                       size_t *nout)
{
    cand *c;
    size_t nc;
    find_candidates(t, &c, &nc);

    root_desc *roots = NULL;
    size_t nroots = 0, caproots = 0;

    /* node_modules children are always packages */
    for (size_t i = 0; i < nc; i++)
        if (c[i].nm_child)
            add_root(&roots, &nroots, &caproots, c[i].dir, c[i].eco, c[i].file);

    /* per archive level, the shallowest remaining candidates */
    for (size_t i = 0; i < nc; i++) {
        if (c[i].nm_child)
            continue;
        size_t d = depth_of(c[i].dir);
        int shallowest = 1;
        for (size_t j = 0; j < nc && shallowest; j++)
            if (j != i && !c[j].nm_child && same_archive_level(c[i].dir, c[j].dir) &&
                depth_of(c[j].dir) < d)
                shallowest = 0;
        if (!shallowest)
            continue;
        if (!strcmp(c[i].eco, "pypi") && count_dists_in(c, nc, c[i].dir) > 1) {
            /* site-packages: one package per dist-info, by RECORD */
            char *infodir = dirname_of(t->files[c[i].file].path);
            char *rec = pwi_xasprintf("%s/RECORD", infodir);
            PW_GROW(roots, caproots, nroots + 1);
            roots[nroots++] = (root_desc){infodir, "pypi", c[i].file, 1, PWI_NONE};
            for (size_t k = 0; k < t->nfiles; k++)
                if (!strcmp(t->files[k].path, rec))
                    roots[nroots - 1].record = k;
            free(rec);
            continue;
        }
        /* npm wins over pypi when both mark the same directory */
        int dup = 0;
        for (size_t k = 0; k < nroots; k++)
            if (!roots[k].record_based && !strcmp(roots[k].prefix, c[i].dir)) {
                dup = 1;
                if (!strcmp(c[i].eco, "npm") && strcmp(roots[k].ecosystem, "npm")) {
                    roots[k].ecosystem = "npm";
                    roots[k].manifest = c[i].file;
                }
            }
        if (!dup)
            add_root(&roots, &nroots, &caproots, c[i].dir, c[i].eco, c[i].file);
    }
    for (size_t i = 0; i < nc; i++)
        free(c[i].dir);
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

    /* RECORD-listed files first, then by deepest prefix */
    pwi_strmap listed, prefixes;
    pwi_strmap_init(&listed);
    pwi_strmap_init(&prefixes);
    for (size_t i = 0; i < nroots; i++) {
        if (!roots[i].record_based) {
            pwi_strmap_put(&prefixes, roots[i].prefix, strlen(roots[i].prefix), i);
            continue;
        }
        /* the dist-info directory itself always belongs to its dist */
        pwi_strmap_put(&listed, roots[i].prefix, strlen(roots[i].prefix), i);
        if (roots[i].record == PWI_NONE)
            continue;
        char **paths;
        size_t np;
        record_paths(t, lim, roots[i].record, pk[i].root, &paths, &np);
        for (size_t j = 0; j < np; j++) {
            pwi_strmap_put(&listed, paths[j], strlen(paths[j]), i);
            free(paths[j]);
        }
        free(paths);
    }
    size_t unowned = 0;
    for (size_t k = 0; k < t->nfiles; k++) {
        const char *path = t->files[k].path;
        if (t->files[k].type == PWI_FT_DIR)
            continue;
        size_t owner = PWI_NONE, len = strlen(path);
        if (pwi_strmap_get(&listed, path, len, &owner)) {
            pkg_add_file(&pk[owner], k);
            continue;
        }
        /* walk up: the deepest directory that is a root owns the file */
        for (size_t e = len; e > 0 && owner == PWI_NONE; e--)
            if (path[e - 1] == '/') {
                size_t v;
                if (pwi_strmap_get(&listed, path, e - 1, &v))
                    owner = v;
                else if (pwi_strmap_get(&prefixes, path, e - 1, &v))
                    owner = v;
            }
        if (owner == PWI_NONE && !pwi_strmap_get(&prefixes, "", 0, &owner)) {
            owner = nroots;
            unowned++;
        }
        pkg_add_file(&pk[owner], k);
    }
    pwi_strmap_release(&listed);
    pwi_strmap_release(&prefixes);

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
