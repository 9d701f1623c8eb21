/* sqlite-lib.h - SQLite, bound on first use.
 *
 * Only audit, sweep, db and the guard read the known-malicious database;
 * loading libsqlite3 costs every other run about 1 ms. pw_db_open binds
 * it, so everything reached through a pw_db may call pwi_sq.<fn>, which
 * has the exact type of sqlite3_<fn> (types and constants still come
 * from <sqlite3.h>). */
#ifndef PW_DB_SQLITE_LIB_H
#define PW_DB_SQLITE_LIB_H

#include <sqlite3.h>

#define PWI_SQLITE_FUNCS(X)                                                          \
    X(bind_int) X(bind_text) X(busy_timeout) X(close) X(column_blob) X(column_bytes) \
    X(column_int) X(column_int64) X(column_text) X(errcode) X(errmsg) X(exec)        \
    X(extended_errcode) X(finalize) X(free) X(limit) X(mprintf) X(open_v2)           \
    X(prepare_v2) X(prepare_v3) X(reset) X(step)

typedef struct pwi_sqlite_api {
#define PWI_SQLITE_SLOT(fn) __typeof__(&sqlite3_##fn) fn;
    PWI_SQLITE_FUNCS(PWI_SQLITE_SLOT)
#undef PWI_SQLITE_SLOT
} pwi_sqlite_api;

/* Filled by pwi_sqlite_bind. */
extern pwi_sqlite_api pwi_sq;

/* Binds libsqlite3 once (thread-safe). 0, or -1 with why set. */
int pwi_sqlite_bind(const char **why);

#endif
