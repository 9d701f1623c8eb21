/* test-db.c - the known-malicious database: import (json, directories,
 * zips, arrays), incremental updates, withdrawn records, and matching of
 * version lists, SEMVER and PEP 440 ranges, whole-name records and
 * declared ranges. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "archive-builder.h"
#include "testutil.h"
#include "pkgward.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *record(const char *id, const char *modified, const char *eco,
                    const char *name, const char *affected, const char *extra)
{
    char *s = malloc(4096);
    snprintf(s, 4096,
             "{\"schema_version\":\"1.5.0\",\"id\":\"%s\",\"modified\":\"%s\","
             "\"summary\":\"Malicious code in %s (%s)\",%s"
             "\"affected\":[{\"package\":{\"ecosystem\":\"%s\",\"name\":\"%s\"},%s}],"
             "\"references\":[{\"type\":\"WEB\",\"url\":\"https://example.invalid/%s\"}]}",
             id, modified, name, eco, extra ? extra : "", eco, name, affected, id);
    return s;
}

static pw_db *mem_db(void)
{
    pw_db *db = NULL;
    pw_error e;
    assert_int_equal(pw_db_open(":memory:", PW_DB_WRITE, &db, &e), PW_OK);
    return db;
}

static void import_json(pw_db *db, const char *json, pw_db_import_stats *st)
{
    pw_error e;
    pw_status s = pw_db_import_buffer(db, "rec.json", json, strlen(json), "test", st, &e);
    if (s)
        fail_msg("import: %s", e.msg);
}

typedef struct hits {
    size_t n;
    char ids[8][64];
    char versions[8][256];
    int all[8];
} hits;

static void on_hit(const pw_db_match *m, void *user)
{
    hits *h = user;
    if (h->n < 8) {
        snprintf(h->ids[h->n], 64, "%s", m->id);
        snprintf(h->versions[h->n], 256, "%s", m->versions);
        h->all[h->n] = m->all_versions;
    }
    h->n++;
}

static hits look(pw_db *db, const char *eco, const char *name, const char *version,
                 const char *range)
{
    hits h;
    memset(&h, 0, sizeof h);
    pw_error e;
    assert_int_equal(pw_db_lookup(db, eco, name, version, range, on_hit, &h, &e), PW_OK);
    return h;
}

static void test_versions_list(void **state)
{
    (void)state;
    pw_db *db = mem_db();
    char *r = record("MAL-2026-2307", "2026-04-07T14:41:20Z", "npm", "axios",
                     "\"versions\":[\"0.30.4\",\"1.14.1\"]", "\"aliases\":[\"GHSA-fw8c-xr5c-95f9\"],");
    pw_db_import_stats st;
    import_json(db, r, &st);
    assert_int_equal(st.added, 1);
    hits h = look(db, "npm", "axios", "1.14.1", NULL);
    assert_int_equal(h.n, 1);
    assert_string_equal(h.ids[0], "MAL-2026-2307");
    assert_int_equal(h.all[0], 0);
    assert_int_equal(look(db, "npm", "axios", "1.14.0", NULL).n, 0);
    assert_int_equal(look(db, "npm", "axios", "0.30.4", NULL).n, 1);
    /* names are normalised as npm does */
    assert_int_equal(look(db, "npm", "Axios", "1.14.1", NULL).n, 1);
    /* declared ranges: ^1.14.0 admits 1.14.1, ~1.13.0 does not */
    h = look(db, "npm", "axios", NULL, "^1.14.0");
    assert_int_equal(h.n, 1);
    assert_string_equal(h.versions[0], "1.14.1");
    assert_int_equal(look(db, "npm", "axios", NULL, "~1.13.0").n, 0);
    assert_int_equal(look(db, "pypi", "axios", "1.14.1", NULL).n, 0);
    free(r);
    pw_db_close(db);
}

static void test_semver_ranges(void **state)
{
    (void)state;
    pw_db *db = mem_db();
    char *r = record("MAL-2025-47141", "2025-09-16T00:00:00Z", "npm", "@ctrl/tinycolor",
                     "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"4.1.1\"},"
                     "{\"fixed\":\"4.1.3\"},{\"introduced\":\"5.0.0-beta.1\"},"
                     "{\"last_affected\":\"5.0.0\"}]}]", NULL);
    import_json(db, r, NULL);
    assert_int_equal(look(db, "npm", "@ctrl/tinycolor", "4.1.0", NULL).n, 0);
    assert_int_equal(look(db, "npm", "@ctrl/tinycolor", "4.1.1", NULL).n, 1);
    assert_int_equal(look(db, "npm", "@ctrl/tinycolor", "4.1.2", NULL).n, 1);
    assert_int_equal(look(db, "npm", "@ctrl/tinycolor", "4.1.3", NULL).n, 0);
    /* pre-releases order before their release */
    assert_int_equal(look(db, "npm", "@ctrl/tinycolor", "5.0.0-alpha", NULL).n, 0);
    assert_int_equal(look(db, "npm", "@ctrl/tinycolor", "5.0.0-beta.2", NULL).n, 1);
    assert_int_equal(look(db, "npm", "@ctrl/tinycolor", "5.0.0", NULL).n, 1);
    assert_int_equal(look(db, "npm", "@ctrl/tinycolor", "5.0.1", NULL).n, 0);
    free(r);
    pw_db_close(db);
}

static void test_all_versions_and_pypi(void **state)
{
    (void)state;
    pw_db *db = mem_db();
    char *a = record("MAL-2025-14468", "2025-01-01T00:00:00Z", "npm", "an0n-chat-lib",
                     "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"}]}]",
                     NULL);
    char *b = record("MAL-2024-11518", "2024-12-05T00:00:00Z", "PyPI", "Ultra_Lytics",
                     "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"8.3.41\"},"
                     "{\"fixed\":\"8.3.43\"}]}]", NULL);
    import_json(db, a, NULL);
    import_json(db, b, NULL);
    hits h = look(db, "npm", "an0n-chat-lib", "9.9.9", NULL);
    assert_int_equal(h.n, 1);
    assert_int_equal(h.all[0], 1);
    assert_int_equal(look(db, "npm", "an0n-chat-lib", NULL, NULL).n, 1);
    /* PEP 503 names and PEP 440 order: 8.3.42.post1 < 8.3.43 */
    assert_int_equal(look(db, "pypi", "ultra-lytics", "8.3.41", NULL).n, 1);
    assert_int_equal(look(db, "pypi", "ULTRA.LYTICS", "8.3.42.post1", NULL).n, 1);
    assert_int_equal(look(db, "pypi", "ultra_lytics", "8.3.43", NULL).n, 0);
    assert_int_equal(look(db, "pypi", "ultra_lytics", "8.3.40", NULL).n, 0);
    assert_int_equal(look(db, "pypi", "ultra_lytics", NULL, ">=8.3.40,<8.4").n, 1);
    free(a);
    free(b);
    pw_db_close(db);
}

static void test_incremental_and_withdrawn(void **state)
{
    (void)state;
    pw_db *db = mem_db();
    char *v1 = record("MAL-1", "2026-01-01T00:00:00Z", "npm", "evil", "\"versions\":[\"1.0.0\"]",
                      NULL);
    char *v2 = record("MAL-1", "2026-01-02T00:00:00Z", "npm", "evil",
                      "\"versions\":[\"1.0.0\",\"1.0.1\"]", NULL);
    char *old = record("MAL-1", "2025-12-31T00:00:00Z", "npm", "evil", "\"versions\":[\"9.9.9\"]",
                       NULL);
    char *wd = record("MAL-1", "2026-01-03T00:00:00.5Z", "npm", "evil",
                      "\"versions\":[\"1.0.0\"]", "\"withdrawn\":\"2026-01-03T00:00:00Z\",");
    pw_db_import_stats st;
    import_json(db, v1, &st);
    assert_int_equal(st.added, 1);
    import_json(db, v1, &st);
    assert_int_equal(st.unchanged, 1);
    import_json(db, v2, &st);
    assert_int_equal(st.updated, 1);
    assert_int_equal(look(db, "npm", "evil", "1.0.1", NULL).n, 1);
    import_json(db, old, &st); /* older: ignored */
    assert_int_equal(st.unchanged, 1);
    assert_int_equal(look(db, "npm", "evil", "9.9.9", NULL).n, 0);
    import_json(db, wd, &st);
    assert_int_equal(st.withdrawn, 1);
    assert_int_equal(look(db, "npm", "evil", "1.0.0", NULL).n, 0);
    pw_db_summary sum;
    pw_error e;
    assert_int_equal(pw_db_summarize(db, &sum, &e), PW_OK);
    assert_int_equal(sum.records, 1);
    assert_int_equal(sum.withdrawn, 1);
    free(v1);
    free(v2);
    free(old);
    free(wd);
    pw_db_close(db);
}

static void test_skips_non_malicious(void **state)
{
    (void)state;
    pw_db *db = mem_db();
    char *vuln = record("GHSA-xxxx-yyyy-zzzz", "2026-01-01T00:00:00Z", "npm", "lodash",
                        "\"versions\":[\"4.17.20\"]", NULL);
    char *go = record("MAL-2026-9", "2026-01-01T00:00:00Z", "Go", "example.invalid/x",
                      "\"versions\":[\"1.0.0\"]", NULL);
    pw_db_import_stats st;
    import_json(db, vuln, &st);
    assert_int_equal(st.skipped, 1);
    import_json(db, go, &st);
    assert_int_equal(st.skipped, 1);
    assert_int_equal(look(db, "npm", "lodash", "4.17.20", NULL).n, 0);
    free(vuln);
    free(go);
    pw_db_close(db);
}

static void test_zip_and_errors(void **state)
{
    (void)state;
    pw_db *db = mem_db();
    char *a = record("MAL-A", "2026-01-01T00:00:00Z", "npm", "a-evil", "\"versions\":[\"1.0.0\"]",
                     NULL);
    char *b = record("MAL-B", "2026-01-01T00:00:00Z", "PyPI", "b-evil", "\"versions\":[\"2.0\"]",
                     NULL);
    ab_archive *ab = ab_new(AB_ZIP);
    ab_add_str(ab, "npm/MAL-A.json", a);
    ab_add_str(ab, "PyPI/MAL-B.json", b);
    ab_add_str(ab, "README.md", "not a record");
    size_t len;
    unsigned char *zip = ab_finish(ab, &len);
    pw_db_import_stats st;
    pw_error e;
    assert_int_equal(pw_db_import_buffer(db, "all.zip", zip, len, "zip", &st, &e), PW_OK);
    assert_int_equal(st.documents, 2);
    assert_int_equal(st.added, 2);
    assert_int_equal(look(db, "pypi", "B_Evil", "2.0.0", NULL).n, 1);

    /* a broken document fails the whole import and changes nothing */
    ab = ab_new(AB_ZIP);
    char *c = record("MAL-C", "2026-01-01T00:00:00Z", "npm", "c-evil", "\"versions\":[\"1.0.0\"]",
                     NULL);
    ab_add_str(ab, "MAL-C.json", c);
    ab_add_str(ab, "MAL-D.json", "{\"id\": \"MAL-D\", \"modified\": ");
    free(zip);
    zip = ab_finish(ab, &len);
    assert_int_equal(pw_db_import_buffer(db, "bad.zip", zip, len, "zip", &st, &e), PW_ERR_FORMAT);
    assert_non_null(strstr(e.path, "MAL-D.json"));
    assert_int_equal(look(db, "npm", "c-evil", "1.0.0", NULL).n, 0);
    assert_int_equal(pw_db_import_buffer(db, "x.json", "{\"modified\":\"2026\"}", 19, NULL, &st,
                                         &e),
                     PW_ERR_FORMAT);
    assert_int_equal(pw_db_import_buffer(db, "x.zip", "PK\3\4garbage", 11, NULL, &st, &e),
                     PW_ERR_FORMAT);
    free(zip);
    free(a);
    free(b);
    free(c);
    pw_db_close(db);
}

static void test_files_and_reopen(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char path[512], sub[512], rec[1100];
    snprintf(sub, sizeof sub, "%s/osv/npm/axios", dir);
    char cmd[1100];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", sub);
    assert_int_equal(system(cmd), 0);
    char *a = record("MAL-2026-2307", "2026-04-07T14:41:20Z", "npm", "axios",
                     "\"versions\":[\"1.14.1\"]", NULL);
    snprintf(rec, sizeof rec, "%s/MAL-2026-2307.json", sub);
    assert_int_equal(tu_write_file(rec, a, strlen(a)), 0);
    snprintf(path, sizeof path, "%s/data/pkgward.db", dir);
    pw_db *db;
    pw_error e;
    /* read-only open of a missing database names the fix */
    assert_int_equal(pw_db_open(path, PW_DB_READ, &db, &e), PW_ERR_NOT_FOUND);
    assert_non_null(strstr(e.msg, "db update"));
    assert_int_equal(pw_db_open(path, PW_DB_WRITE, &db, &e), PW_OK);
    snprintf(sub, sizeof sub, "%s/osv", dir);
    pw_db_import_stats st;
    assert_int_equal(pw_db_import(db, sub, NULL, &st, &e), PW_OK);
    assert_int_equal(st.added, 1);
    pw_db_close(db);
    assert_int_equal(pw_db_open(path, PW_DB_READ, &db, &e), PW_OK);
    assert_int_equal(look(db, "npm", "axios", "1.14.1", NULL).n, 1);
    pw_db_summary sum;
    assert_int_equal(pw_db_summarize(db, &sum, &e), PW_OK);
    assert_int_equal(sum.necosystems, 1);
    assert_string_equal(sum.ecosystems[0].name, "npm");
    assert_int_equal(sum.nsources, 1);
    assert_string_equal(sum.sources[0].name, sub);
    assert_int_not_equal(sum.last_update[0], '\0');
    pw_db_close(db);
    /* not a database */
    assert_int_equal(pw_db_open(rec, PW_DB_READ, &db, &e), PW_ERR_FORMAT);
    free(a);
    tu_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_versions_list),
        cmocka_unit_test(test_semver_ranges),
        cmocka_unit_test(test_all_versions_and_pypi),
        cmocka_unit_test(test_incremental_and_withdrawn),
        cmocka_unit_test(test_skips_non_malicious),
        cmocka_unit_test(test_zip_and_errors),
        cmocka_unit_test(test_files_and_reopen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
