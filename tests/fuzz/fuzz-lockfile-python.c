/* fuzz-lockfile-python.c - libFuzzer harness for the Python lockfile
 * parsers (poetry.lock, uv.lock, pylock.toml, requirements.txt).
 *
 * The first byte picks the file name (and so the parser), the rest is the
 * content. Included files are not followed (o->load NULL). On success the
 * whole model is checked: edges in range, parents form paths that end at
 * a root, and every path string can be written. */
#include "lockfile/lockfile.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const pwi_lockfile *lf)
{
    char buf[512];
    for (size_t i = 0; i < lf->nedges; i++)
        if (lf->edges[i].from >= lf->npkgs || lf->edges[i].to >= lf->npkgs)
            abort();
    for (size_t i = 0; i < lf->npkgs; i++) {
        const pwi_lock_pkg *p = &lf->pkgs[i];
        if (!p->name)
            abort();
        size_t steps = 0;
        for (size_t at = p->parent; at != SIZE_MAX; at = lf->pkgs[at].parent)
            if (at >= lf->npkgs || ++steps > lf->npkgs)
                abort(); /* out of range or a parent cycle */
        pwi_lock_path_str(lf, i, buf, sizeof buf);
    }
    for (size_t i = 0; i < lf->nwarnings; i++)
        if (!lf->warnings[i].message)
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"p/poetry.lock", "p/uv.lock",
                                        "p/pylock.toml",
                                        "p/requirements.txt"};
    if (size < 1)
        return 0;
    pwi_lock_opts o;
    pwi_lock_opts_init(&o);
    o.load = NULL;
    o.limits.max_bytes = 1 << 20;
    o.limits.max_depth = 32;
    o.limits.max_nodes = 50000;
    o.limits.max_string = 64 * 1024;
    o.max_packages = 5000;
    pwi_lockfile *lf = NULL;
    pw_error err;
    pw_status st = pwi_lock_parse(names[data[0] % 4], (const char *)data + 1,
                                  size - 1, &o, &lf, &err);
    if (st == PW_OK)
        check(lf);
    else if (lf)
        abort();
    pwi_lock_free(lf);
    return 0;
}
