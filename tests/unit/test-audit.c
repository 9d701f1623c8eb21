/* test-audit.c - lockfile discovery, the axios case through every npm
 * lockfile format, and the tool-settings lint. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pkgward.h"
#include "audit/audit.h"
#include "testutil.h"
#include "util/mem.h"

static char *dir;
static pw_rules *rules;

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

static void put(const char *rel, const char *text)
{
    char *path = pwi_xasprintf("%s/%s", dir, rel);
    for (char *p = path + strlen(dir) + 1; (p = strchr(p, '/')); p++) {
        *p = '\0';
        mkdir(path, 0700);
        *p = '/';
    }
    assert_int_equal(tu_write_file(path, text, strlen(text)), 0);
    free(path);
}

static const char lock_v3[] = "{\"name\":\"x\",\"lockfileVersion\":3,\"packages\":{\"\":{}}}\n";

static void test_discover(void **state)
{
    (void)state;
    put("package-lock.json", lock_v3);
    put("package.json", "{\"name\":\"x\"}");          /* beside a lockfile: skipped */
    put("packages/web/package.json", "{\"name\":\"w\"}"); /* under a locked root: skipped */
    put("node_modules/dep/package-lock.json", lock_v3);  /* installed tree: skipped */
    put(".git/package-lock.json", lock_v3);              /* VCS: skipped */
    put("venv/pyvenv.cfg", "home = /usr/bin\n");
    put("venv/requirements.txt", "x==1\n");               /* a virtualenv: skipped */
    put("py/.venv2/pyvenv.cfg", "x");
    put("py/requirements-dev.txt", "pytest==8.0.0\n");
    put("py/poetry.lock", "");
    put("tools/package.json", "{\"name\":\"t\"}");        /* unlocked elsewhere: kept */
    put("tools/README.md", "no");
    char **files;
    size_t n;
    pw_error e;
    assert_int_equal(pwi_audit_discover(dir, &files, &n, &e), PW_OK);
    /* tools/package.json lies under the root's lockfile: a workspace of it */
    const char *want[] = {"package-lock.json", "py/poetry.lock", "py/requirements-dev.txt"};
    assert_int_equal(n, 3);
    for (size_t i = 0; i < n; i++) {
        char *full = pwi_xasprintf("%s/%s", dir, want[i]);
        assert_string_equal(files[i], full);
        free(full);
        free(files[i]);
    }
    free(files);
    /* audited on its own, an unlocked package.json is read */
    char *tools = pwi_xasprintf("%s/tools", dir);
    assert_int_equal(pwi_audit_discover(tools, &files, &n, &e), PW_OK);
    assert_int_equal(n, 1);
    assert_non_null(strstr(files[0], "tools/package.json"));
    free(files[0]);
    free(files);
    free(tools);
    /* a file is taken as is; a missing path is an error */
    char *one = pwi_xasprintf("%s/tools/README.md", dir);
    assert_int_equal(pwi_audit_discover(one, &files, &n, &e), PW_OK);
    assert_int_equal(n, 1);
    free(files[0]);
    free(files);
    free(one);
    char *none = pwi_xasprintf("%s/nope", dir);
    assert_int_equal(pwi_audit_discover(none, &files, &n, &e), PW_ERR_IO);
    free(none);
}

/* Audits path with the axios records; returns the report. */
static pw_report *audit(const char *path, pw_status want)
{
    pw_db *db;
    pw_error e;
    assert_int_equal(pw_db_open(":memory:", PW_DB_WRITE, &db, &e), PW_OK);
    char *osv = pwi_xasprintf("%s/rules/any/known-malicious/osv-fixtures", PW_TEST_SRCDIR);
    assert_int_equal(pw_db_import(db, osv, NULL, NULL, &e), PW_OK);
    free(osv);
    pw_audit_options o;
    pw_audit_options_init(&o);
    o.db = db;
    o.rules = rules;
    o.lint_tools = 0;
    o.registry_cache = "/nonexistent";
    pw_report *rep = pw_report_new();
    pw_status st = pw_audit_paths(&o, &path, 1, rep, &e);
    if (st != want)
        fail_msg("audit %s: status %d (%s)", path, st, e.msg);
    pw_db_close(db);
    return rep;
}

/* The evidence of the known-malicious finding of name, or NULL. */
static const char *flagged(const pw_report *rep, const char *name)
{
    for (size_t i = 0; i < pw_report_package_count(rep); i++) {
        const pw_package_info *p = pw_report_package(rep, i);
        if (strcmp(p->name, name))
            continue;
        for (size_t j = 0; j < pw_report_finding_count(rep, i); j++) {
            const pw_finding *f = pw_report_finding(rep, i, j);
            if (!strncmp(f->rule, "known-malicious", 15)) {
                assert_true(f->line > 0);
                return f->evidence;
            }
        }
    }
    return NULL;
}

static void test_axios_every_format(void **state)
{
    (void)state;
    static const char *const locks[] = {
        "npm/v3/demo-app/package-lock.json", "npm/v2/demo-app/package-lock.json",
        "npm/v1/demo-app/package-lock.json",
        "npm/bun/demo-app/bun.lock", "yarn/v1/demo-app/yarn.lock", "yarn/berry/demo-app/yarn.lock",
        "pnpm/v5/demo-app/pnpm-lock.yaml", "pnpm/v6/demo-app/pnpm-lock.yaml",
        "pnpm/v9/demo-app/pnpm-lock.yaml",
    };
    size_t checked = 0;
    for (size_t i = 0; i < sizeof locks / sizeof *locks; i++) {
        char *path = pwi_xasprintf("%s/tests/lockfile/%s", PW_TEST_SRCDIR, locks[i]);
        if (access(path, R_OK) != 0) {
            fprintf(stderr, "note: no fixture %s\n", locks[i]);
            free(path);
            continue;
        }
        pw_report *rep = audit(path, PW_OK);
        const char *ax = flagged(rep, "axios");
        const char *pcj = flagged(rep, "plain-crypto-js");
        if (!ax || !pcj)
            fail_msg("%s: axios %s, plain-crypto-js %s", locks[i], ax ? "flagged" : "missed",
                     pcj ? "flagged" : "missed");
        if (!strstr(pcj, "axios@1.14.1 > plain-crypto-js@4.2.1"))
            fail_msg("%s: dependency path missing in \"%s\"", locks[i], pcj);
        assert_null(flagged(rep, "follow-redirects"));
        pw_report_free(rep);
        free(path);
        checked++;
    }
    assert_true(checked >= 5);
}

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcmp(s + n - m, suf);
}

static void test_lint_units(void **state)
{
    (void)state;
    put("p/pnpm-lock.yaml", "lockfileVersion: '9.0'\n\nimporters:\n\n  .: {}\n");
    put("p/pnpm-workspace.yaml", "minimumReleaseAge: 7\n");
    put("b/bun.lock", "{\n  \"lockfileVersion\": 1,\n  \"workspaces\": {\"\": {\"name\": \"b\"}},\n"
                      "  \"packages\": {},\n}\n");
    put("b/bunfig.toml", "[install]\nminimumReleaseAge = 604800\n");
    put("n/package-lock.json", lock_v3);
    put("n/.npmrc", "min-release-age = 10080\nignore-scripts=true\n");
    pw_audit_options o;
    pw_audit_options_init(&o);
    o.rules = rules;
    o.registry_cache = "/nonexistent";
    pw_report *rep = pw_report_new();
    pw_error e;
    const char *p = dir;
    assert_int_equal(pw_audit_paths(&o, &p, 1, rep, &e), PW_OK);
    int pnpm_unit = 0, npm_unit = 0, bun_any = 0;
    for (size_t i = 0; i < pw_report_package_count(rep); i++) {
        const pw_package_info *pk = pw_report_package(rep, i);
        for (size_t j = 0; j < pw_report_finding_count(rep, i); j++) {
            const pw_finding *f = pw_report_finding(rep, i, j);
            if (!strcmp(f->rule, "tool-cooldown-unit") && ends_with(pk->source, "/p")) {
                pnpm_unit = 1;
                assert_string_equal(f->path, "pnpm-workspace.yaml");
                assert_int_equal(f->line, 1);
            }
            if (!strcmp(f->rule, "tool-cooldown-unit") && ends_with(pk->source, "/n")) {
                npm_unit = 1;
                assert_non_null(strstr(f->message, "10080 days"));
            }
            if (!strncmp(f->rule, "tool-", 5) && ends_with(pk->source, "/b"))
                bun_any = 1;
        }
    }
    assert_true(pnpm_unit);
    assert_true(npm_unit);
    assert_false(bun_any);
    pw_report_free(rep);
}

int main(void)
{
    rules = tu_load_rules();
    if (!rules)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_discover, setup, teardown),
        cmocka_unit_test(test_axios_every_format),
        cmocka_unit_test_setup_teardown(test_lint_units, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    pw_rules_free(rules);
    return rc;
}
