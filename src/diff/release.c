/* release.c - one side of a diff: ingest, split into packages, analyze,
 * and index the compared package's files. */
#include "diff/diff.h"
#include "core/scan.h"
#include "util/error.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>

static size_t depth_of(const char *root)
{
    size_t d = *root ? 1 : 0;
    for (const char *p = root; *p; p++)
        d += *p == '/';
    return d;
}

/* The shallowest package with a known ecosystem; ties: the first. */
static size_t pick_main(const pwi_package *pk, size_t n)
{
    size_t best = PWI_NONE, best_depth = 0;
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(pk[i].ecosystem, "unknown"))
            continue;
        size_t d = depth_of(pk[i].root);
        if (best == PWI_NONE || d < best_depth) {
            best = i;
            best_depth = d;
        }
    }
    return best;
}

pw_status pwi_release_load(const pw_scanner *sc, const char *name,
                           const void *data, size_t len, pwi_release *r,
                           pw_error *err)
{
    memset(r, 0, sizeof *r);
    r->main = PWI_NONE;
    pwi_strmap_init(&r->by_rel);
    pwi_tree_init(&r->tree, name);
    const pw_limits *lim = &pwi_scanner_options(sc)->limits;
    pw_status st = data ? pwi_ingest_buffer(name, data, len, lim, &r->tree, err)
                        : pwi_ingest_path(name, lim, &r->tree, err);
    if (st != PW_OK && st != PW_ERR_LIMIT)
        return st;
    pwi_packages_find(&r->tree, lim, &r->pkgs, &r->npkgs);
    r->rep = pw_report_new();
    pwi_scan_packages(sc, &r->tree, r->pkgs, r->npkgs, r->rep);
    r->main = pick_main(r->pkgs, r->npkgs);
    if (r->main == PWI_NONE)
        return pwi_error(err, PW_ERR_FORMAT, name, 0, 0,
                         "no npm or PyPI package found (no package.json, "
                         "METADATA or PKG-INFO)");
    const pwi_package *p = &r->pkgs[r->main];
    size_t rl = strlen(p->root);
    for (size_t i = 0; i < p->nfiles; i++) {
        const pwi_file *f = &r->tree.files[p->files[i]];
        if (f->type != PWI_FT_REG)
            continue;
        const char *rel = f->path;
        if (rl && !strncmp(rel, p->root, rl) && rel[rl] == '/')
            rel += rl + 1;
        pwi_strmap_put(&r->by_rel, rel, strlen(rel), p->files[i]);
    }
    return st;
}

void pwi_release_free(pwi_release *r)
{
    pwi_strmap_release(&r->by_rel);
    if (r->pkgs)
        pwi_packages_free(r->pkgs, r->npkgs);
    pw_report_free(r->rep);
    pwi_tree_release(&r->tree);
    memset(r, 0, sizeof *r);
}
