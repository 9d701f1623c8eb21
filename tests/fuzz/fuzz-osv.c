/* fuzz-osv.c - libFuzzer harness for OSV record import and matching.
 *
 * The input is imported into an in-memory database as one JSON document
 * (first byte even) or a zip of records (odd), then a few lookups run
 * against whatever got in: exact versions, declared ranges and name-only.
 * Errors are expected; crashes, leaks and sanitizer reports are not. */
#include "pkgward.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_match(const pw_db_match *m, void *user)
{
    size_t *n = user;
    *n += strlen(m->id) + strlen(m->versions) > 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    pw_db *db;
    pw_error err;
    if (pw_db_open(":memory:", PW_DB_WRITE, &db, &err) != PW_OK)
        abort();
    const char *name = data[0] & 1 ? "records.zip" : "record.json";
    pw_db_import_stats st;
    pw_db_import_buffer(db, name, data + 1, size - 1, "fuzz", &st, &err);
    static const char *const names[] = {"axios", "evil", "a", "x-y_z.w"};
    static const char *const versions[] = {"1.0.0", "1.14.1", "0", "2.0rc1",
                                           "1.0.0-beta.2"};
    size_t hits = 0;
    for (size_t i = 0; i < 4; i++) {
        for (size_t j = 0; j < 5; j++) {
            pw_db_lookup(db, "npm", names[i], versions[j], NULL, on_match, &hits, &err);
            pw_db_lookup(db, "pypi", names[i], versions[j], NULL, on_match, &hits, &err);
        }
        pw_db_lookup(db, "npm", names[i], NULL, "^1.0.0 || >=2.0.0-0", on_match, &hits, &err);
        pw_db_lookup(db, "pypi", names[i], NULL, ">=1.0,!=1.5.*", on_match, &hits, &err);
        pw_db_lookup(db, "npm", names[i], NULL, NULL, on_match, &hits, &err);
    }
    pw_db_summary sum;
    pw_db_summarize(db, &sum, &err);
    pw_db_close(db);
    return 0;
}
