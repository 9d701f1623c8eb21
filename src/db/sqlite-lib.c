/* sqlite-lib.c - bind libsqlite3 at first use (see sqlite-lib.h). */
#include "db/sqlite-lib.h"
#include "util/dl.h"

#include <pthread.h>

pwi_sqlite_api pwi_sq;
static char sq_why[256];
static int sq_ok;
static pthread_once_t sq_once = PTHREAD_ONCE_INIT;

static void sq_bind(void)
{
    static const char *const sonames[] = {"libsqlite3.so.0", "libsqlite3.so", NULL};
    const pwi_dl_sym syms[] = {
#define PWI_SQLITE_SYM(fn) {"sqlite3_" #fn, &pwi_sq.fn},
        PWI_SQLITE_FUNCS(PWI_SQLITE_SYM)
#undef PWI_SQLITE_SYM
    };
    sq_ok = pwi_dl_bind(sonames, syms, sizeof syms / sizeof *syms, sq_why,
                        sizeof sq_why) == 0;
}

int pwi_sqlite_bind(const char **why)
{
    pthread_once(&sq_once, sq_bind);
    if (why)
        *why = sq_ok ? NULL : sq_why;
    return sq_ok ? 0 : -1;
}
