/* lockfile-harness.h - the body of every fuzz-lockfile-<format> harness:
 * the input is one lockfile of the format the harness names (its path
 * picks the parser). Small limits make the size and count paths
 * reachable. A parsed lockfile is checked for what the model promises
 * (edges between existing packages, parents that lead to a root) and
 * every dependency path is printed. */
#ifndef PW_FUZZ_LOCKFILE_HARNESS_H
#define PW_FUZZ_LOCKFILE_HARNESS_H

#include "lockfile/lockfile.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const pwi_lockfile *lf)
{
    char buf[512];
    for (size_t i = 0; i < lf->nedges; i++)
        if (lf->edges[i].from >= lf->npkgs || lf->edges[i].to >= lf->npkgs ||
            lf->edges[i].from == lf->edges[i].to)
            abort();
    for (size_t i = 0; i < lf->npkgs; i++) {
        const pwi_lock_pkg *p = &lf->pkgs[i];
        if (!p->name)
            abort();
        if (p->parent != SIZE_MAX && p->parent >= lf->npkgs)
            abort();
        pwi_lock_path_str(lf, i, buf, sizeof buf);
        if (strlen(buf) >= sizeof buf)
            abort();
    }
}

static int fuzz_lockfile(const char *path, const uint8_t *data, size_t size)
{
    pwi_lock_opts o;
    pwi_lock_opts_init(&o);
    o.limits.max_bytes = 1 << 20;
    o.limits.max_depth = 32;
    o.limits.max_nodes = 20000;
    o.limits.max_string = 64 * 1024;
    o.max_packages = 5000;
    o.load = NULL;
    pwi_lockfile *lf = NULL;
    pw_error err;
    pw_status st = pwi_lock_parse(path, (const char *)data, size, &o, &lf, &err);
    if (st == PW_OK) {
        if (!lf)
            abort();
        check(lf);
    } else if (lf || !err.msg[0]) {
        abort(); /* an error always explains itself and returns nothing */
    }
    pwi_lock_free(lf);
    return 0;
}

#endif
