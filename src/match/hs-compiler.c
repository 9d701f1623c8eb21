/* hs-compiler.c - bind vectorscan's compiler at first use (see
 * hs-compiler.h). */
#include "hs-compiler.h"
#include "util/dl.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pwi_hsc hsc;
static char hsc_why[256];
static int hsc_ok;
static pthread_once_t hsc_once = PTHREAD_ONCE_INIT;

static void hsc_bind(void)
{
    static const char *const sonames[] = {"libhs.so.5", "libhs.so", NULL};
    const pwi_dl_sym syms[] = {
#define PWI_HSC_SYM(fn) {"hs_" #fn, &hsc.fn},
        PWI_HSC_FUNCS(PWI_HSC_SYM)
#undef PWI_HSC_SYM
    };
    if (pwi_dl_bind(sonames, syms, sizeof syms / sizeof *syms, hsc_why, sizeof hsc_why))
        return;
    /* a database is only readable by the runtime of the same release */
    const char *cv = hsc.version(), *rv = hs_version();
    if (strcmp(cv, rv)) {
        snprintf(hsc_why, sizeof hsc_why,
                 "vectorscan compiler %.60s differs from runtime %.60s", cv, rv);
        return;
    }
    hsc_ok = 1;
}

const pwi_hsc *pwi_hsc_get(const char **why)
{
    pthread_once(&hsc_once, hsc_bind);
    if (why)
        *why = hsc_ok ? NULL : hsc_why;
    return hsc_ok ? &hsc : NULL;
}
