/* archive-lib.c - bind libarchive at first use (see archive-lib.h). */
#include "archive-lib.h"
#include "dl.h"

#include <pthread.h>

static pwi_la la;
static char la_why[256];
static int la_ok;
static pthread_once_t la_once = PTHREAD_ONCE_INIT;

static void la_bind(void)
{
    static const char *const sonames[] = {"libarchive.so.13", "libarchive.so", NULL};
    const pwi_dl_sym syms[] = {
#define PWI_ARCHIVE_SYM(fn) {"archive_" #fn, &la.fn},
        PWI_ARCHIVE_FUNCS(PWI_ARCHIVE_SYM)
#undef PWI_ARCHIVE_SYM
    };
    la_ok = pwi_dl_bind(sonames, syms, sizeof syms / sizeof *syms, la_why,
                        sizeof la_why) == 0;
}

const pwi_la *pwi_la_get(const char **why)
{
    pthread_once(&la_once, la_bind);
    if (why)
        *why = la_ok ? NULL : la_why;
    return la_ok ? &la : NULL;
}
