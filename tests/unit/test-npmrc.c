/* test-npmrc.c - the registry the guard reads metadata from is the one npm
 * (or Yarn 2+) itself resolves against (src/guard/npmrc.c). */
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

#include "guard/npmrc.h"
#include "testutil.h"
#include "util/mem.h"

static void check_text(const char *text, const char *want)
{
    char *got = pwi_npmrc_registry(text);
    if (!want) {
        assert_null(got);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void test_npmrc_text(void **state)
{
    (void)state;
    check_text("registry=https://npm.example.invalid/\n",
               "https://npm.example.invalid");
    check_text("  registry = \"https://a.example.invalid/npm/\"  \r\n",
               "https://a.example.invalid/npm");
    /* scoped registries and auth lines are not the default registry */
    check_text("@corp:registry=https://corp.example.invalid/\n"
               "//corp.example.invalid/:_authToken=secret\n",
               NULL);
    /* the last assignment wins */
    check_text("registry=https://one.example.invalid\n"
               "; comment registry=https://x.invalid\n"
               "registry=https://two.example.invalid\n",
               "https://two.example.invalid");
    check_text("registry-mirror=https://x.invalid\n", NULL);
    check_text("", NULL);
    setenv("PW_TEST_REG_HOST", "env.example.invalid", 1);
    check_text("registry=https://${PW_TEST_REG_HOST}/r/",
               "https://env.example.invalid/r");
    check_text("registry=https://${PW_TEST_UNSET_VAR}x.invalid",
               "https://x.invalid");
}

static void test_npm_registry_precedence(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *cwd = getcwd(NULL, 0);
    assert_int_equal(chdir(dir), 0);
    unsetenv("npm_config_registry");
    unsetenv("NPM_CONFIG_REGISTRY");
    setenv("NPM_CONFIG_USERCONFIG", "/nonexistent/.npmrc", 1);

    char *r = pwi_npm_registry(NULL);
    assert_string_equal(r, "https://registry.npmjs.org");
    free(r);

    const char *user = "registry=https://user.example.invalid/\n";
    char *upath = pwi_xasprintf("%s/user-npmrc", dir);
    assert_int_equal(tu_write_file(upath, user, strlen(user)), 0);
    setenv("NPM_CONFIG_USERCONFIG", upath, 1);
    r = pwi_npm_registry(NULL);
    assert_string_equal(r, "https://user.example.invalid");
    free(r);

    const char *proj = "registry=https://project.example.invalid/\n";
    assert_int_equal(tu_write_file(".npmrc", proj, strlen(proj)), 0);
    r = pwi_npm_registry(NULL);
    assert_string_equal(r, "https://project.example.invalid");
    free(r);

    setenv("npm_config_registry", "https://env.example.invalid/", 1);
    r = pwi_npm_registry(NULL);
    assert_string_equal(r, "https://env.example.invalid");
    free(r);

    char *args[] = {"install", "--registry", "http://127.0.0.1:1/", NULL};
    r = pwi_npm_registry(args);
    assert_string_equal(r, "http://127.0.0.1:1");
    free(r);
    char *args2[] = {"install", "--registry=http://127.0.0.1:2", NULL};
    r = pwi_npm_registry(args2);
    assert_string_equal(r, "http://127.0.0.1:2");
    free(r);

    unsetenv("npm_config_registry");
    unsetenv("NPM_CONFIG_USERCONFIG");
    assert_int_equal(chdir(cwd), 0);
    tu_rmtree(dir);
    free(dir);
    free(cwd);
    free(upath);
}

static void check_yarnrc(const char *text, const char *want)
{
    char *got = pwi_yarnrc_registry(text, strlen(text));
    if (!want) {
        assert_null(got);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void test_yarnrc_text(void **state)
{
    (void)state;
    check_yarnrc("npmRegistryServer: \"https://yarn.example.invalid/\"\n",
                 "https://yarn.example.invalid");
    check_yarnrc("nodeLinker: node-modules\nnpmRegistryServer: "
                 "https://y.example.invalid/npm\n",
                 "https://y.example.invalid/npm");
    setenv("PW_TEST_REG_HOST", "env.example.invalid", 1);
    check_yarnrc("npmRegistryServer: \"https://${PW_TEST_REG_HOST}/\"\n",
                 "https://env.example.invalid");
    unsetenv("PW_TEST_REG_HOST");
    check_yarnrc("npmRegistryServer: \"${PW_TEST_REG_UNSET:-https://d.example.invalid}\"\n",
                 "https://d.example.invalid");
    /* scoped registries are not the default one; bad YAML gives nothing */
    check_yarnrc("npmScopes:\n  corp:\n    npmRegistryServer: https://c.example.invalid\n",
                 NULL);
    check_yarnrc("npmRegistryServer: [a, b]\n", NULL);
    check_yarnrc("npmRegistryServer: \"unterminated\n", NULL);
    check_yarnrc("", NULL);
}

static void test_yarn_registry_precedence(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *cwd = getcwd(NULL, 0);
    char *sub = pwi_xasprintf("%s/a/b", dir);
    char *a = pwi_xasprintf("%s/a", dir);
    assert_int_equal(mkdir(a, 0700), 0);
    assert_int_equal(mkdir(sub, 0700), 0);
    char *home = pwi_xasprintf("%s/home", dir);
    assert_int_equal(mkdir(home, 0700), 0);
    const char *old_home = getenv("HOME");
    char *saved_home = old_home ? pwi_xstrdup(old_home) : NULL;
    setenv("HOME", home, 1);
    unsetenv("YARN_NPM_REGISTRY_SERVER");
    unsetenv("YARN_RC_FILENAME");
    assert_int_equal(chdir(sub), 0);

    char *r = pwi_yarn_registry();
    assert_string_equal(r, "https://registry.yarnpkg.com");
    free(r);

    const char *h = "npmRegistryServer: https://home.example.invalid\n";
    char *hp = pwi_xasprintf("%s/.yarnrc.yml", home);
    assert_int_equal(tu_write_file(hp, h, strlen(h)), 0);
    r = pwi_yarn_registry();
    assert_string_equal(r, "https://home.example.invalid");
    free(r);

    /* a parent directory's rc file, then the closer one wins */
    const char *up = "npmRegistryServer: https://parent.example.invalid\n";
    char *upp = pwi_xasprintf("%s/.yarnrc.yml", a);
    assert_int_equal(tu_write_file(upp, up, strlen(up)), 0);
    r = pwi_yarn_registry();
    assert_string_equal(r, "https://parent.example.invalid");
    free(r);
    const char *here = "enableTelemetry: false\nnpmRegistryServer: https://here.example.invalid/\n";
    assert_int_equal(tu_write_file(".yarnrc.yml", here, strlen(here)), 0);
    r = pwi_yarn_registry();
    assert_string_equal(r, "https://here.example.invalid");
    free(r);

    setenv("YARN_NPM_REGISTRY_SERVER", "http://127.0.0.1:3/", 1);
    r = pwi_yarn_registry();
    assert_string_equal(r, "http://127.0.0.1:3");
    free(r);
    unsetenv("YARN_NPM_REGISTRY_SERVER");

    if (saved_home)
        setenv("HOME", saved_home, 1);
    free(saved_home);
    assert_int_equal(chdir(cwd), 0);
    tu_rmtree(dir);
    free(dir);
    free(cwd);
    free(sub);
    free(a);
    free(home);
    free(hp);
    free(upp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_npmrc_text),
        cmocka_unit_test(test_npm_registry_precedence),
        cmocka_unit_test(test_yarnrc_text),
        cmocka_unit_test(test_yarn_registry_precedence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
