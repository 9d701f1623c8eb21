/* test-policy.c - the policy keys of .pkgward.yml (src/config/policy.c) and
 * suppressions applied to a report (src/config/suppress.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pkgward.h"
#include "config/policy.h"
#include "report/report.h"
#include "testutil.h"
#include "util/mem.h"

static char *dir;

static int setup(void **state)
{
    (void)state;
    dir = tu_tempdir();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_rmtree(dir);
    free(dir);
    return 0;
}

/* Loads text as a config file; returns the status, *out on success. */
static pw_status load(const char *text, pw_config **out, pw_error *e)
{
    char *path = pwi_xasprintf("%s/.pkgward.yml", dir);
    assert_int_equal(tu_write_file(path, text, strlen(text)), 0);
    pw_status st = pw_config_load_file(path, out, e);
    free(path);
    return st;
}

static void expect_error(const char *text, size_t line, const char *needle)
{
    pw_config *c = NULL;
    pw_error e;
    assert_int_equal(load(text, &c, &e), PW_ERR_CONFIG);
    assert_null(c);
    if (!strstr(e.msg, needle))
        fail_msg("message \"%s\" lacks \"%s\"", e.msg, needle);
    assert_int_equal(e.line, line);
}

static void test_durations(void **state)
{
    (void)state;
    int64_t s;
    const char *why;
    assert_int_equal(pwi_parse_duration("7d", &s, &why), 0);
    assert_int_equal(s, 7 * 86400);
    assert_int_equal(pwi_parse_duration("36h", &s, &why), 0);
    assert_int_equal(s, 36 * 3600);
    assert_int_equal(pwi_parse_duration("90m", &s, &why), 0);
    assert_int_equal(s, 90 * 60);
    assert_int_equal(pwi_parse_duration("0d", &s, &why), 0);
    assert_int_equal(s, 0);
    assert_int_equal(pwi_parse_duration("7", &s, &why), -1);
    assert_non_null(strstr(why, "unit"));
    assert_int_equal(pwi_parse_duration("7w", &s, &why), -1);
    assert_int_equal(pwi_parse_duration("d", &s, &why), -1);
    assert_int_equal(pwi_parse_duration("7dd", &s, &why), -1);
    assert_int_equal(pwi_parse_duration("-1d", &s, &why), -1);
    assert_int_equal(pwi_parse_duration("99999999999999999999d", &s, &why), -1);
}

static void test_policy_loads(void **state)
{
    (void)state;
    pw_config *c;
    pw_error e;
    assert_int_equal(load("min_release_age: 3d\n"
                          "install_scripts:\n"
                          "  allow: [esbuild, \"@swc/core@^1.3\", \"pypi:grpcio>=1.60\"]\n"
                          "deny: [\"event-stream@3.3.6\", colors]\n"
                          "suppressions:\n"
                          "  - id: install-script-present\n"
                          "    package: esbuild\n"
                          "    reason: native binary\n"
                          "    owner: platform\n"
                          "    expires: 2027-02-28\n"
                          "db:\n"
                          "  path: data/pw.db\n"
                          "  url: https://mirror.example.invalid/osv.zip\n"
                          "  public_key: \"11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\"\n",
                          &c, &e),
                     PW_OK);
    const pwi_policy *p = pwi_config_policy(c);
    assert_int_equal(p->min_release_age, 3 * 86400);
    assert_int_equal(p->allow_set, 1);
    assert_int_equal(p->nallow, 3);
    assert_non_null(pwi_policy_allowed(p, "npm", "esbuild", "0.24.2"));
    assert_non_null(pwi_policy_allowed(p, "npm", "@swc/core", "1.7.0"));
    assert_null(pwi_policy_allowed(p, "npm", "@swc/core", "2.0.0"));
    assert_null(pwi_policy_allowed(p, "npm", "@swc/core", NULL));
    assert_non_null(pwi_policy_allowed(p, "pypi", "GRPCIO", "1.62.0"));
    assert_null(pwi_policy_allowed(p, "npm", "grpcio", "1.62.0"));
    assert_non_null(pwi_policy_denied(p, "npm", "event-stream", "3.3.6"));
    assert_null(pwi_policy_denied(p, "npm", "event-stream", "3.3.5"));
    assert_non_null(pwi_policy_denied(p, "npm", "Colors", "1.4.44-liberty-2"));
    assert_int_equal(p->nsupp, 1);
    assert_string_equal(p->supp[0].expires, "2027-02-28");
    assert_int_equal(p->supp[0].line, 6);
    char want[600];
    snprintf(want, sizeof want, "%s/data/pw.db", dir);
    assert_string_equal(pw_config_db_path(c), want);
    assert_string_equal(pw_config_db_url(c), "https://mirror.example.invalid/osv.zip");
    unsigned char key[32];
    assert_int_equal(pw_config_db_key(c, key), 1);
    pw_config_free(c);
}

static void test_policy_errors(void **state)
{
    (void)state;
    expect_error("min_release_age: 7\n", 1, "needs a unit");
    expect_error("min_release_age: 2w\n", 1, "unknown unit");
    expect_error("deny: esbuild\n", 1, "expected a list");
    expect_error("deny: [\"x@not a range!\"]\n", 1, "not a valid npm semver range");
    expect_error("install_scripts:\n  allow: [\"@scope\"]\n  extra: 1\n", 3, "unknown key");
    expect_error("suppressions:\n  - id: x\n    package: y\n", 2, "needs a \"reason\"");
    expect_error("suppressions:\n  - reason: because\n", 2, "needs an \"id\"");
    expect_error("suppressions:\n  - id: x\n    reason: r\n    expires: 2026-02-30\n", 4,
                 "is not a date");
    expect_error("suppressions:\n  - id: x\n    reason: r\n    until: 2026-01-01\n", 4,
                 "unknown key");
    expect_error("suppressions:\n  - id: x\n    version: 1.0.0\n    reason: r\n", 2,
                 "\"version\" needs a \"package\"");
    expect_error("db:\n  public_key: abc\n", 2, "32-byte Ed25519");
    expect_error("db:\n  url: ftp://x.invalid/a.zip\n", 2, "not an http(s)");
}

static void add_finding(pw_report *rep, size_t pkg, const char *rule, pw_severity sev)
{
    pw_finding f;
    memset(&f, 0, sizeof f);
    f.rule = rule;
    f.title = rule;
    f.severity = sev;
    f.confidence = 100;
    pwi_report_add_finding(rep, pkg, &f);
}

static void test_suppressions(void **state)
{
    (void)state;
    pw_config *c;
    pw_error e;
    assert_int_equal(load("suppressions:\n"
                          "  - id: install-script-present\n"
                          "    package: Esbuild\n"
                          "    reason: native binary\n"
                          "    expires: 2026-11-30\n"
                          "  - package: left-pad\n"
                          "    version: 1.3.0\n"
                          "    reason: vendored copy reviewed\n",
                          &c, &e),
                     PW_OK);
    pw_report *rep = pw_report_new();
    pwi_pkg_desc d = {"npm", "esbuild", "0.24.2", "app", "", 0, 0};
    size_t a = pwi_report_add_package(rep, &d);
    add_finding(rep, a, "install-script-present", PW_SEV_INFO);
    add_finding(rep, a, "release-too-new", PW_SEV_MEDIUM);
    pwi_pkg_desc d2 = {"npm", "left-pad", "1.3.0", "app", "", 0, 0};
    size_t b = pwi_report_add_package(rep, &d2);
    add_finding(rep, b, "policy-denied", PW_SEV_HIGH);
    add_finding(rep, b, "release-too-new", PW_SEV_MEDIUM);

    /* the expiry day itself still counts */
    int64_t day;
    assert_int_equal(pw_time_parse("2026-11-30T23:59:59Z", &day), 0);
    pw_config_suppress(c, rep, day, NULL, NULL);
    assert_int_equal(pw_report_suppressed_count(rep), 3);
    for (size_t i = 0; i < pw_report_package_count(rep); i++) {
        const pw_package_info *p = pw_report_package(rep, i);
        if (!strcmp(p->name, "esbuild")) {
            assert_int_equal(pw_report_finding_count(rep, i), 1);
            assert_string_equal(pw_report_finding(rep, i, 0)->rule, "release-too-new");
        } else {
            assert_int_equal(pw_report_finding_count(rep, i), 0);
            assert_int_equal(p->verdict, PW_VERDICT_CLEAN);
        }
    }
    pw_report_free(rep);

    /* after the expiry day: the finding is back, and so is a note */
    rep = pw_report_new();
    a = pwi_report_add_package(rep, &d);
    add_finding(rep, a, "install-script-present", PW_SEV_INFO);
    int64_t later;
    assert_int_equal(pw_time_parse("2026-12-01", &later), 0);
    pw_config_suppress(c, rep, later, NULL, NULL);
    assert_int_equal(pw_report_suppressed_count(rep), 0);
    assert_int_equal(pw_report_finding_count(rep, 0), 2);
    int saw_expired = 0, saw_original = 0;
    for (size_t j = 0; j < 2; j++) {
        const pw_finding *f = pw_report_finding(rep, 0, j);
        if (!strcmp(f->rule, "suppression-expired")) {
            saw_expired = 1;
            assert_non_null(strstr(f->message, "expired on 2026-11-30"));
            assert_non_null(strstr(f->evidence, ".pkgward.yml:2"));
        }
        saw_original |= !strcmp(f->rule, "install-script-present");
    }
    assert_true(saw_expired && saw_original);
    pw_report_free(rep);
    pw_config_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_durations),
        cmocka_unit_test_setup_teardown(test_policy_loads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_policy_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suppressions, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
