/* fuzz-lockfile-npm.c - libFuzzer harness for the JSON lockfile parsers:
 * package-lock.json (v1-v3), bun.lock, package.json and Pipfile.lock.
 *
 * The first byte picks the file name (and so the parser); the rest is the
 * file. Small limits make the size and count paths reachable. A parsed
 * lockfile is checked for what the model promises (edges between existing
 * packages, parents that lead to a root) and every dependency path is
 * printed. */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {
        "demo/package-lock.json", "demo/bun.lock", "demo/package.json",
        "demo/Pipfile.lock", "npm-shrinkwrap.json"};
    if (size < 1)
        return 0;
    const char *path = names[data[0] % (sizeof names / sizeof names[0])];
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
    pw_status st = pwi_lock_parse(path, (const char *)data + 1, size - 1, &o,
                                  &lf, &err);
    if (st == PW_OK) {
        if (!lf)
            abort();
        check(lf);
    } else if (lf || !err.msg[0]) {
        abort();
    }
    pwi_lock_free(lf);
    return 0;
}
