/* fuzz-lockfile-yarn-pnpm.c - libFuzzer harness for the yarn.lock (v1 and
 * Berry) and pnpm-lock.yaml parsers.
 *
 * The first byte picks the file name (odd: pnpm-lock.yaml, even:
 * yarn.lock; yarn.lock is Berry when the rest holds "__metadata:"), the
 * rest is the file. Limits are small so that deep, wide or long inputs
 * reach the limit paths quickly. A parsed lockfile is walked: every
 * package's path is printed to a buffer and every edge is checked to be
 * in range. Errors are expected; crashes, leaks and sanitizer reports are
 * not. */
#include "lockfile/lockfile.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *name = (data[0] & 1) ? "fz/demo/pnpm-lock.yaml"
                                     : "fz/demo/yarn.lock";
    pwi_lock_opts o;
    pwi_lock_opts_init(&o);
    o.limits.max_bytes = 1 << 20;
    o.limits.max_depth = 32;
    o.limits.max_nodes = 50000;
    o.limits.max_string = 64 * 1024;
    o.max_packages = 20000;
    pwi_lockfile *lf = NULL;
    pw_error err;
    if (pwi_lock_parse(name, (const char *)data + 1, size - 1, &o, &lf,
                       &err) != PW_OK) {
        if (lf || err.msg[0] == '\0' || strcmp(err.path, name))
            abort();
        return 0;
    }
    char buf[256];
    for (size_t i = 0; i < lf->npkgs; i++) {
        const pwi_lock_pkg *p = &lf->pkgs[i];
        if (!p->name || (p->parent != SIZE_MAX && p->parent >= lf->npkgs))
            abort();
        pwi_lock_path_str(lf, i, buf, sizeof buf);
    }
    for (size_t i = 0; i < lf->nedges; i++)
        if (lf->edges[i].from >= lf->npkgs || lf->edges[i].to >= lf->npkgs)
            abort();
    pwi_lock_free(lf);
    return 0;
}
