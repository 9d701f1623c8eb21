/* db.h - the known-malicious database (internal view of pw_db). */
#ifndef PW_DB_DB_H
#define PW_DB_DB_H

#include "pkgward.h"

#include "db/sqlite-lib.h"

/* Bumped when the schema changes; older files are migrated or rebuilt. */
#define PWI_DB_SCHEMA 1
/* "pwdb": marks the file as ours (PRAGMA application_id). */
#define PWI_DB_APP_ID 0x70776462

/* affected.kind */
enum {
    PWI_AFF_VERSIONS = 0, /* data: versions, one per line */
    PWI_AFF_RANGE = 1,    /* data: "TYPE\n" then "introduced V", "fixed V",
                             "last_affected V" lines, as in the record */
    PWI_AFF_ALL = 2       /* every version (introduced 0, nothing else) */
};

struct pw_db {
    sqlite3 *h;
    char *path;
    int writable;
    sqlite3_stmt *lookup; /* prepared on first use */
};

/* Runs sql (no results); errors become PW_ERR_IO naming db->path. */
pw_status pwi_db_exec(pw_db *db, const char *sql, pw_error *err);
/* An error from the last SQLite call on db, for what (e.g. "insert"). */
pw_status pwi_db_fail(pw_db *db, const char *what, pw_error *err);
/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ". */
void pwi_db_now(char buf[32]);

#endif
