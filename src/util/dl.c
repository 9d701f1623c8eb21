/* dl.c - bind optional shared libraries at first use (see dl.h). */
#include "dl.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

int pwi_dl_bind(const char *const *sonames, const pwi_dl_sym *syms, size_t n,
                char *why, size_t why_size)
{
    void *lib = NULL;
    const char *last = "no library name given";
    for (size_t i = 0; sonames[i] && !lib; i++) {
        lib = dlopen(sonames[i], RTLD_NOW | RTLD_LOCAL);
        if (!lib)
            last = dlerror();
    }
    if (!lib) {
        snprintf(why, why_size, "%s", last ? last : "cannot load");
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        void *addr = dlsym(lib, syms[i].name);
        if (!addr) {
            snprintf(why, why_size, "%s: symbol %s missing", sonames[0], syms[i].name);
            return -1;
        }
        /* POSIX guarantees object and function pointers convert */
        memcpy(syms[i].slot, &addr, sizeof addr);
    }
    return 0;
}
