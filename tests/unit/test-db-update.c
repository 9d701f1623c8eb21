/* test-db-update.c - `db update` against a local HTTP server: plain
 * download, pinned-key signature checks (good, bad, missing), HTTP errors
 * and retries. Nothing leaves 127.0.0.1. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "archive-builder.h"
#include "httpd.h"
#include "pkgward.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char record_axios[] =
    "{\"id\":\"MAL-2026-2307\",\"modified\":\"2026-04-07T14:41:20Z\","
    "\"summary\":\"Malicious code in axios (npm)\",\"affected\":[{\"package\":"
    "{\"ecosystem\":\"npm\",\"name\":\"axios\"},\"versions\":[\"1.14.1\"]}]}";

typedef struct fixture {
    th_server *srv;
    pw_db *db;
    unsigned char *zip;
    size_t zip_len;
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    unsigned char sig[crypto_sign_BYTES];
} fixture;

static int setup(void **state)
{
    if (sodium_init() < 0)
        return -1;
    fixture *f = calloc(1, sizeof *f);
    f->srv = th_start();
    pw_error e;
    if (pw_db_open(":memory:", PW_DB_WRITE, &f->db, &e) != PW_OK)
        return -1;
    ab_archive *ab = ab_new(AB_ZIP);
    ab_add_str(ab, "npm/MAL-2026-2307.json", record_axios);
    f->zip = ab_finish(ab, &f->zip_len);
    crypto_sign_keypair(f->pk, f->sk);
    crypto_sign_detached(f->sig, NULL, f->zip, f->zip_len, f->sk);
    th_route(f->srv, "/osv/all.zip", 200, f->zip, f->zip_len, NULL);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    th_stop(f->srv);
    pw_db_close(f->db);
    free(f->zip);
    free(f);
    return 0;
}

static void on_match(const pw_db_match *m, void *user)
{
    (void)m;
    (*(size_t *)user)++;
}

static size_t matches(pw_db *db, const char *name, const char *version)
{
    size_t n = 0;
    pw_error e;
    assert_int_equal(pw_db_lookup(db, "npm", name, version, NULL, on_match, &n, &e), PW_OK);
    return n;
}

static void test_plain_download(void **state)
{
    fixture *f = *state;
    char url[256];
    th_url(f->srv, "/osv/all.zip", url, sizeof url);
    pw_db_import_stats st;
    pw_error e;
    assert_int_equal(pw_db_update(f->db, url, NULL, NULL, &st, &e), PW_OK);
    assert_int_equal(st.added, 1);
    assert_int_equal(matches(f->db, "axios", "1.14.1"), 1);
    pw_db_summary sum;
    assert_int_equal(pw_db_summarize(f->db, &sum, &e), PW_OK);
    assert_string_equal(sum.sources[0].name, url);
    /* the client says who it is and accepts compression */
    assert_non_null(strstr(th_last_request(f->srv, "/osv/all.zip"), "pkgward/"));
}

static void test_signed_download(void **state)
{
    fixture *f = *state;
    char url[256], sig_b64[sodium_base64_ENCODED_LEN(crypto_sign_BYTES,
                                                     sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(sig_b64, sizeof sig_b64, f->sig, sizeof f->sig,
                      sodium_base64_VARIANT_ORIGINAL);
    th_route(f->srv, "/osv/all.zip.sig", 200, sig_b64, strlen(sig_b64), NULL);
    th_url(f->srv, "/osv/all.zip", url, sizeof url);
    pw_db_import_stats st;
    pw_error e;
    assert_int_equal(pw_db_update(f->db, url, NULL, f->pk, &st, &e), PW_OK);
    assert_int_equal(st.added, 1);
    /* raw 64-byte signatures are accepted too, at an explicit URL */
    th_route(f->srv, "/sigs/raw", 200, f->sig, sizeof f->sig, NULL);
    char sig_url[256];
    th_url(f->srv, "/sigs/raw", sig_url, sizeof sig_url);
    assert_int_equal(pw_db_update(f->db, url, sig_url, f->pk, &st, &e), PW_OK);
    assert_int_equal(st.unchanged, 1);
}

static void test_bad_signature_imports_nothing(void **state)
{
    fixture *f = *state;
    unsigned char other_pk[crypto_sign_PUBLICKEYBYTES], other_sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(other_pk, other_sk);
    unsigned char forged[crypto_sign_BYTES];
    crypto_sign_detached(forged, NULL, f->zip, f->zip_len, other_sk);
    th_route(f->srv, "/osv/all.zip.sig", 200, forged, sizeof forged, NULL);
    char url[256];
    th_url(f->srv, "/osv/all.zip", url, sizeof url);
    pw_db_import_stats st;
    pw_error e;
    assert_int_equal(pw_db_update(f->db, url, NULL, f->pk, &st, &e), PW_ERR_FORMAT);
    assert_non_null(strstr(e.msg, "signature check failed"));
    assert_int_equal(matches(f->db, "axios", "1.14.1"), 0);
    /* a missing signature is an error too, and garbage is not a signature */
    th_route(f->srv, "/osv/all.zip.sig", 404, NULL, 0, NULL);
    assert_int_equal(pw_db_update(f->db, url, NULL, f->pk, &st, &e), PW_ERR_IO);
    th_route(f->srv, "/osv/all.zip.sig", 200, "not-a-signature", 15, NULL);
    assert_int_equal(pw_db_update(f->db, url, NULL, f->pk, &st, &e), PW_ERR_FORMAT);
    assert_int_equal(matches(f->db, "axios", "1.14.1"), 0);
}

static void test_http_errors_and_retries(void **state)
{
    fixture *f = *state;
    char url[256];
    th_url(f->srv, "/missing.zip", url, sizeof url);
    pw_db_import_stats st;
    pw_error e;
    assert_int_equal(pw_db_update(f->db, url, NULL, NULL, &st, &e), PW_ERR_IO);
    assert_non_null(strstr(e.msg, "404"));
    /* two transient 503s, then the file: retried with backoff */
    th_fail_first(f->srv, "/osv/all.zip", 2);
    int before = th_hits(f->srv, "/osv/all.zip");
    th_url(f->srv, "/osv/all.zip", url, sizeof url);
    assert_int_equal(pw_db_update(f->db, url, NULL, NULL, &st, &e), PW_OK);
    assert_int_equal(th_hits(f->srv, "/osv/all.zip") - before, 3);
    /* only http(s) */
    assert_int_equal(pw_db_update(f->db, "file:///etc/passwd", NULL, NULL, &st, &e),
                     PW_ERR_USAGE);
    /* nothing listens on port 9 of localhost: a clear I/O error */
    assert_int_equal(pw_db_update(f->db, "http://127.0.0.1:9/x.zip", NULL, NULL, &st, &e),
                     PW_ERR_IO);
}

static void test_key_parse(void **state)
{
    fixture *f = *state;
    char b64[64];
    sodium_bin2base64(b64, sizeof b64, f->pk, sizeof f->pk, sodium_base64_VARIANT_ORIGINAL);
    unsigned char k[32];
    assert_int_equal(pw_db_key_parse(b64, k), 0);
    assert_memory_equal(k, f->pk, 32);
    assert_int_equal(pw_db_key_parse("c2hvcnQ=", k), -1);
    assert_int_equal(pw_db_key_parse("!!!", k), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_plain_download, setup, teardown),
        cmocka_unit_test_setup_teardown(test_signed_download, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_signature_imports_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_http_errors_and_retries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_parse, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
