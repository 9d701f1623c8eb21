/* db.c - opening the known-malicious database, its schema and summary. */
#include "db/db.h"
#include "util/error.h"
#include "util/mem.h"
#include "util/paths.h"
#include "util/timeutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS meta("
    " key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS records("
    " id TEXT PRIMARY KEY,"
    " modified TEXT NOT NULL,"
    " published TEXT NOT NULL DEFAULT '',"
    " withdrawn TEXT NOT NULL DEFAULT '',"
    " summary TEXT NOT NULL DEFAULT '',"
    " aliases TEXT NOT NULL DEFAULT '',"
    " refs TEXT NOT NULL DEFAULT '',"
    " source TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE IF NOT EXISTS affected("
    " record_id TEXT NOT NULL,"
    " ecosystem TEXT NOT NULL,"
    " name_norm TEXT NOT NULL,"
    " kind INTEGER NOT NULL,"
    " data TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS affected_pkg ON affected(ecosystem, name_norm);"
    "CREATE INDEX IF NOT EXISTS affected_rec ON affected(record_id);"
    "CREATE TABLE IF NOT EXISTS sources("
    " name TEXT PRIMARY KEY, imported_at TEXT NOT NULL,"
    " records INTEGER NOT NULL);";

int pw_db_default_path(char *buf, size_t size)
{
    char *dir = pwi_user_dir(PWI_DIR_DATA);
    if (!dir)
        return -1;
    int n = snprintf(buf, size, "%s/pkgward.db", dir);
    free(dir);
    return n < 0 || (size_t)n >= size ? -1 : 0;
}

pw_status pwi_db_fail(pw_db *db, const char *what, pw_error *err)
{
    int code = pwi_sq.extended_errcode(db->h);
    pw_status st = code == SQLITE_NOMEM ? PW_ERR_NOMEM : PW_ERR_IO;
    if ((code & 0xff) == SQLITE_NOTADB || (code & 0xff) == SQLITE_CORRUPT)
        st = PW_ERR_FORMAT;
    return pwi_error(err, st, db->path, 0, 0, "database %s failed: %s", what,
                     pwi_sq.errmsg(db->h));
}

pw_status pwi_db_exec(pw_db *db, const char *sql, pw_error *err)
{
    if (pwi_sq.exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
        return pwi_db_fail(db, "statement", err);
    return PW_OK;
}

void pwi_db_now(char buf[32])
{
    pwi_format_time((int64_t)time(NULL), buf, 32);
}

static int pragma_int(pw_db *db, const char *sql, int *out)
{
    sqlite3_stmt *s;
    if (pwi_sq.prepare_v2(db->h, sql, -1, &s, NULL) != SQLITE_OK)
        return -1;
    int rc = pwi_sq.step(s);
    if (rc == SQLITE_ROW)
        *out = pwi_sq.column_int(s, 0);
    pwi_sq.finalize(s);
    return rc == SQLITE_ROW ? 0 : -1;
}

/* Checks the file is ours and current; creates the schema in a new one. */
static pw_status check_schema(pw_db *db, pw_error *err)
{
    int app = 0, ver = 0, tables = 0;
    if (pragma_int(db, "PRAGMA application_id", &app) ||
        pragma_int(db, "PRAGMA user_version", &ver) ||
        pragma_int(db, "SELECT count(*) FROM sqlite_master", &tables))
        return pwi_db_fail(db, "open", err);
    if (tables == 0 && app == 0 && ver == 0) {
        if (!db->writable)
            return pwi_error(err, PW_ERR_NOT_FOUND, db->path, 0, 0,
                             "database is empty; run `pkgward db import` "
                             "or `pkgward db update` first");
        char sql[128];
        snprintf(sql, sizeof sql,
                 "PRAGMA application_id=%d; PRAGMA user_version=%d;",
                 PWI_DB_APP_ID, PWI_DB_SCHEMA);
        pw_status st = pwi_db_exec(db, "BEGIN", err);
        if (!st)
            st = pwi_db_exec(db, schema_sql, err);
        if (!st)
            st = pwi_db_exec(db, sql, err);
        if (!st)
            return pwi_db_exec(db, "COMMIT", err);
        pwi_sq.exec(db->h, "ROLLBACK", NULL, NULL, NULL);
        return st;
    }
    if (app != PWI_DB_APP_ID)
        return pwi_error(err, PW_ERR_FORMAT, db->path, 0, 0,
                         "not a pkgward database (application id %#x)",
                         (unsigned)app);
    if (ver > PWI_DB_SCHEMA)
        return pwi_error(err, PW_ERR_UNSUPPORTED, db->path, 0, 0,
                         "database schema %d is newer than this pkgward "
                         "knows (%d); upgrade pkgward or re-import into a "
                         "new file", ver, PWI_DB_SCHEMA);
    if (ver < PWI_DB_SCHEMA)
        return pwi_error(err, PW_ERR_UNSUPPORTED, db->path, 0, 0,
                         "database schema %d is too old (need %d); delete "
                         "the file and import again", ver, PWI_DB_SCHEMA);
    return PW_OK;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path)
        return NULL;
    return pwi_xstrndup(path, (size_t)(slash - path));
}

pw_status pw_db_open(const char *path, unsigned flags, pw_db **out,
                     pw_error *err)
{
    *out = NULL;
    if (!path || !*path)
        return pwi_error(err, PW_ERR_USAGE, NULL, 0, 0,
                         "pw_db_open: no database path");
    const char *why;
    if (pwi_sqlite_bind(&why) != 0)
        return pwi_error(err, PW_ERR_UNSUPPORTED, path, 0, 0,
                         "the database needs libsqlite3, which cannot be loaded (%s)",
                         why);
    int writable = (flags & PW_DB_WRITE) != 0;
    if (writable) {
        char *dir = dir_of(path);
        if (dir && pwi_mkdirs(dir, 0755) != 0) {
            pw_status st = pwi_error(err, PW_ERR_IO, dir, 0, 0,
                                     "cannot create directory: %s",
                                     strerror(errno));
            free(dir);
            return st;
        }
        free(dir);
    }
    pw_db *db = pwi_xcalloc(1, sizeof *db);
    db->path = pwi_xstrdup(path);
    db->writable = writable;
    int oflags = writable ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                          : SQLITE_OPEN_READONLY;
    if (pwi_sq.open_v2(path, &db->h, oflags | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        pw_status st;
        if (!writable && pwi_sq.errcode(db->h) == SQLITE_CANTOPEN)
            st = pwi_error(err, PW_ERR_NOT_FOUND, path, 0, 0,
                           "no known-malicious database here; run "
                           "`pkgward db update` or `pkgward db import "
                           "PATH` first");
        else
            st = pwi_db_fail(db, "open", err);
        pw_db_close(db);
        return st;
    }
    pwi_sq.busy_timeout(db->h, 5000);
    /* A hostile database file must not make queries run forever or eat
     * memory: bound what one statement may do. */
    pwi_sq.limit(db->h, SQLITE_LIMIT_LENGTH, 16 << 20);
    pwi_sq.limit(db->h, SQLITE_LIMIT_SQL_LENGTH, 1 << 20);
    pw_status st = check_schema(db, err);
    if (st) {
        pw_db_close(db);
        return st;
    }
    *out = db;
    return PW_OK;
}

void pw_db_close(pw_db *db)
{
    if (!db)
        return;
    pwi_sq.finalize(db->lookup);
    pwi_sq.close(db->h);
    free(db->path);
    free(db);
}

static void copy_col(char *dst, size_t size, sqlite3_stmt *s, int col)
{
    const unsigned char *v = pwi_sq.column_text(s, col);
    snprintf(dst, size, "%s", v ? (const char *)v : "");
}

pw_status pw_db_summarize(pw_db *db, pw_db_summary *out, pw_error *err)
{
    memset(out, 0, sizeof *out);
    out->schema_version = PWI_DB_SCHEMA;
    sqlite3_stmt *s = NULL;
    const char *q1 = "SELECT count(*), coalesce(sum(withdrawn <> ''), 0) "
                     "FROM records";
    if (pwi_sq.prepare_v2(db->h, q1, -1, &s, NULL) != SQLITE_OK)
        return pwi_db_fail(db, "query", err);
    if (pwi_sq.step(s) == SQLITE_ROW) {
        out->records = (size_t)pwi_sq.column_int64(s, 0);
        out->withdrawn = (size_t)pwi_sq.column_int64(s, 1);
    }
    pwi_sq.finalize(s);

    const char *q2 = "SELECT value FROM meta WHERE key = 'last_update'";
    if (pwi_sq.prepare_v2(db->h, q2, -1, &s, NULL) != SQLITE_OK)
        return pwi_db_fail(db, "query", err);
    if (pwi_sq.step(s) == SQLITE_ROW)
        copy_col(out->last_update, sizeof out->last_update, s, 0);
    pwi_sq.finalize(s);

    const char *q3 = "SELECT a.ecosystem, count(DISTINCT a.record_id), "
                     "count(DISTINCT a.name_norm) FROM affected a "
                     "GROUP BY a.ecosystem ORDER BY a.ecosystem";
    if (pwi_sq.prepare_v2(db->h, q3, -1, &s, NULL) != SQLITE_OK)
        return pwi_db_fail(db, "query", err);
    while (pwi_sq.step(s) == SQLITE_ROW && out->necosystems < 8) {
        size_t i = out->necosystems++;
        copy_col(out->ecosystems[i].name, sizeof out->ecosystems[i].name, s,
                 0);
        out->ecosystems[i].records = (size_t)pwi_sq.column_int64(s, 1);
        out->ecosystems[i].packages = (size_t)pwi_sq.column_int64(s, 2);
    }
    pwi_sq.finalize(s);

    const char *q4 = "SELECT name, records, imported_at FROM sources "
                     "ORDER BY imported_at DESC, name LIMIT 16";
    if (pwi_sq.prepare_v2(db->h, q4, -1, &s, NULL) != SQLITE_OK)
        return pwi_db_fail(db, "query", err);
    while (pwi_sq.step(s) == SQLITE_ROW && out->nsources < 16) {
        size_t i = out->nsources++;
        copy_col(out->sources[i].name, sizeof out->sources[i].name, s, 0);
        out->sources[i].records = (size_t)pwi_sq.column_int64(s, 1);
        copy_col(out->sources[i].imported_at,
                 sizeof out->sources[i].imported_at, s, 2);
    }
    pwi_sq.finalize(s);
    return PW_OK;
}
