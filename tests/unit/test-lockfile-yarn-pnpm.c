/* test-lockfile-yarn-pnpm.c - yarn.lock (v1 and Berry) and pnpm-lock.yaml
 * (5.x, 6.x, 9.x) parsers (src/lockfile/lockfile-yarn.c, -pnpm.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockfile/lockfile.h"
#include "testutil.h"
#include "util/buf.h"

#define FIXTURES PW_TEST_SRCDIR "/tests/lockfile"

/* ---- helpers ------------------------------------------------------------- */

static pwi_lockfile *load_ok(const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", FIXTURES, rel);
    pwi_lockfile *lf = NULL;
    pw_error err;
    memset(&err, 0, sizeof err);
    pw_status st = pwi_lock_load(path, NULL, &lf, &err);
    if (st != PW_OK)
        fail_msg("%s: error %d at %s:%zu: %s", rel, st, err.path, err.line,
                 err.msg);
    return lf;
}

static pwi_lockfile *parse_ok(const char *path, const char *text)
{
    pwi_lockfile *lf = NULL;
    pw_error err;
    memset(&err, 0, sizeof err);
    pw_status st = pwi_lock_parse(path, text, strlen(text), NULL, &lf, &err);
    if (st != PW_OK)
        fail_msg("%s: error %d at line %zu: %s", path, st, err.line, err.msg);
    return lf;
}

/* Parses text expecting code at line with a message containing needle
 * and the error naming path. */
static void parse_fail_n(const char *path, const char *text, size_t len,
                         const pwi_lock_opts *o, pw_status code, size_t line,
                         const char *needle)
{
    pwi_lockfile *lf = (pwi_lockfile *)1;
    pw_error err;
    memset(&err, 0, sizeof err);
    pw_status st = pwi_lock_parse(path, text, len, o, &lf, &err);
    if (st != code || err.code != code || err.line != line ||
        !strstr(err.msg, needle))
        fail_msg("%s: expected %d at line %zu with \"%s\", got %d at line "
                 "%zu: %s",
                 path, code, line, needle, st, err.line, err.msg);
    assert_null(lf);
    assert_string_equal(err.path, path);
}

static void parse_fail(const char *path, const char *text, pw_status code,
                       size_t line, const char *needle)
{
    parse_fail_n(path, text, strlen(text), NULL, code, line, needle);
}

/* A writable copy (strdup is not C11). */
static char *copy_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    assert_non_null(d);
    memcpy(d, s, n);
    return d;
}

/* Index of the package name@version (version NULL: any), fails when
 * absent. */
static size_t find(const pwi_lockfile *lf, const char *name,
                   const char *version)
{
    for (size_t i = 0; i < lf->npkgs; i++)
        if (!strcmp(lf->pkgs[i].name, name) &&
            (!version ||
             (lf->pkgs[i].version && !strcmp(lf->pkgs[i].version, version))))
            return i;
    fail_msg("no package %s@%s", name, version ? version : "*");
    return SIZE_MAX;
}

static size_t count_named(const pwi_lockfile *lf, const char *name)
{
    size_t n = 0;
    for (size_t i = 0; i < lf->npkgs; i++)
        n += !strcmp(lf->pkgs[i].name, name);
    return n;
}

static int has_edge(const pwi_lockfile *lf, size_t from, size_t to)
{
    for (size_t i = 0; i < lf->nedges; i++)
        if (lf->edges[i].from == from && lf->edges[i].to == to)
            return 1;
    return 0;
}

static size_t out_degree(const pwi_lockfile *lf, size_t from)
{
    size_t n = 0;
    for (size_t i = 0; i < lf->nedges; i++)
        n += lf->edges[i].from == from;
    return n;
}

static void assert_path(const pwi_lockfile *lf, size_t i, const char *want)
{
    char buf[512];
    pwi_lock_path_str(lf, i, buf, sizeof buf);
    if (strcmp(buf, want))
        fail_msg("path of %s: \"%s\", want \"%s\"", lf->pkgs[i].name, buf,
                 want);
}

/* 1-based line of the first line of the fixture equal to text. */
static size_t fixture_line(const char *rel, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", FIXTURES, rel);
    size_t len;
    char *data = tu_read_file(path, &len);
    size_t line = 1, n = strlen(text);
    for (const char *p = data; p < data + len; line++) {
        const char *nl = memchr(p, '\n', (size_t)(data + len - p));
        size_t l = nl ? (size_t)(nl - p) : (size_t)(data + len - p);
        if (l == n && !memcmp(p, text, n)) {
            free(data);
            return line;
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    free(data);
    fail_msg("%s: no line \"%s\"", rel, text);
    return 0;
}

static size_t count_warnings(const pwi_lockfile *lf, const char *needle)
{
    size_t n = 0;
    for (size_t i = 0; i < lf->nwarnings; i++)
        n += strstr(lf->warnings[i].message, needle) != NULL;
    return n;
}

static void dump_warnings(const pwi_lockfile *lf)
{
    for (size_t i = 0; i < lf->nwarnings; i++)
        print_message("warning line %zu: %s\n", lf->warnings[i].line,
                      lf->warnings[i].message);
}

/*
 * The axios case every format encodes: demo-app depends on axios ^1.14.0
 * (1.14.1) which depends on follow-redirects, form-data, proxy-from-env
 * and plain-crypto-js 4.2.1; string-width 5.1.2 and, through the alias
 * string-width-cjs, 4.2.3; @babel/code-frame (dev) and left-pad from git.
 */
static void check_axios_graph(const pwi_lockfile *lf, const char *root_name)
{
    size_t root = find(lf, root_name, NULL);
    assert_true(lf->pkgs[root].flags & PWI_LOCKF_ROOT);
    assert_string_equal(lf->ecosystem, "npm");

    size_t axios = find(lf, "axios", "1.14.1");
    const pwi_lock_pkg *ax = &lf->pkgs[axios];
    assert_int_equal(ax->source, PWI_SRC_REGISTRY);
    assert_true(ax->flags & PWI_LOCKF_DIRECT);
    assert_false(ax->flags & (PWI_LOCKF_DEV | PWI_LOCKF_ROOT));
    assert_null(ax->alias);
    assert_true(has_edge(lf, root, axios));
    assert_int_equal(out_degree(lf, axios), 4);
    static const char *const deps[][2] = {{"follow-redirects", "1.15.6"},
                                          {"form-data", "4.0.0"},
                                          {"proxy-from-env", "1.1.0"},
                                          {"plain-crypto-js", "4.2.1"}};
    for (size_t i = 0; i < 4; i++) {
        size_t d = find(lf, deps[i][0], deps[i][1]);
        assert_true(has_edge(lf, axios, d));
        assert_int_equal(lf->pkgs[d].parent, axios);
        assert_false(lf->pkgs[d].flags & PWI_LOCKF_DIRECT);
    }
    char want[256];
    snprintf(want, sizeof want, "%s > axios@1.14.1 > plain-crypto-js@4.2.1",
             root_name[0] ? root_name : "(root)");
    assert_path(lf, find(lf, "plain-crypto-js", "4.2.1"), want);
    snprintf(want, sizeof want,
             "%s > axios@1.14.1 > form-data@4.0.0 > combined-stream@1.0.8 > "
             "delayed-stream@1.0.0",
             root_name);
    assert_path(lf, find(lf, "delayed-stream", "1.0.0"), want);

    /* Two versions of one name, one of them under an npm alias. */
    assert_int_equal(count_named(lf, "string-width"), 2);
    size_t sw5 = find(lf, "string-width", "5.1.2");
    size_t sw4 = find(lf, "string-width", "4.2.3");
    assert_null(lf->pkgs[sw5].alias);
    assert_non_null(lf->pkgs[sw4].alias);
    assert_string_equal(lf->pkgs[sw4].alias, "string-width-cjs");
    assert_true(lf->pkgs[sw4].flags & PWI_LOCKF_DIRECT);
    snprintf(want, sizeof want, "%s > string-width-cjs@4.2.3", root_name);
    assert_path(lf, sw4, want);
    snprintf(want, sizeof want,
             "%s > string-width-cjs@4.2.3 > strip-ansi@6.0.1 > "
             "ansi-regex@5.0.1",
             root_name);
    assert_path(lf, find(lf, "ansi-regex", "5.0.1"), want);
    snprintf(want, sizeof want,
             "%s > string-width@5.1.2 > strip-ansi@7.1.0 > ansi-regex@6.0.1",
             root_name);
    assert_path(lf, find(lf, "ansi-regex", "6.0.1"), want);
    assert_int_equal(count_named(lf, "emoji-regex"), 2);

    /* Scoped (dev) dependency. */
    size_t cf = find(lf, "@babel/code-frame", "7.26.2");
    assert_true(lf->pkgs[cf].flags & PWI_LOCKF_DIRECT);
    assert_int_equal(lf->pkgs[cf].source, PWI_SRC_REGISTRY);
    assert_int_equal(out_degree(lf, cf), 3);
    snprintf(want, sizeof want,
             "%s > @babel/code-frame@7.26.2 > "
             "@babel/helper-validator-identifier@7.25.9",
             root_name);
    assert_path(lf, find(lf, "@babel/helper-validator-identifier", "7.25.9"),
                want);

    /* Git dependency. */
    size_t lp = find(lf, "left-pad", "1.3.0");
    assert_int_equal(lf->pkgs[lp].source, PWI_SRC_GIT);
    assert_non_null(lf->pkgs[lp].resolved);
    assert_non_null(
        strstr(lf->pkgs[lp].resolved, "5cb25d0b2ec7a1ef8da5c2c3c5dc7e4e4bca6e3e"));
    assert_true(lf->pkgs[lp].flags & PWI_LOCKF_DIRECT);

    /* Every package has a path from a root. */
    for (size_t i = 0; i < lf->npkgs; i++) {
        if (lf->pkgs[i].flags & PWI_LOCKF_ROOT)
            continue;
        if (lf->pkgs[i].parent == SIZE_MAX &&
            strcmp(lf->pkgs[i].name, "ms")) /* Berry's unpatched ms */
            fail_msg("%s@%s has no path", lf->pkgs[i].name,
                     lf->pkgs[i].version ? lf->pkgs[i].version : "?");
    }
}

/* ---- yarn v1 ------------------------------------------------------------- */

static void test_yarn_v1_axios(void **state)
{
    (void)state;
    const char *rel = "yarn/v1/demo-app/yarn.lock";
    pwi_lockfile *lf = load_ok(rel);
    assert_int_equal(lf->format, PWI_LOCK_YARN_V1);
    assert_string_equal(lf->format_version, "v1");
    check_axios_graph(lf, "demo-app");
    assert_int_equal(lf->npkgs, 26); /* root, 24 + left-pad */

    /* The made-up root is first and has no line. */
    assert_string_equal(lf->pkgs[0].name, "demo-app");
    assert_int_equal(lf->pkgs[0].flags, PWI_LOCKF_ROOT);
    assert_int_equal(lf->pkgs[0].line, 0);

    const pwi_lock_pkg *ax = &lf->pkgs[find(lf, "axios", "1.14.1")];
    assert_string_equal(ax->spec, "^1.14.0");
    assert_int_equal(ax->line, fixture_line(rel, "axios@^1.14.0:"));
    assert_non_null(ax->resolved);
    assert_true(strncmp(ax->resolved,
                        "https://registry.yarnpkg.com/axios/-/axios-1.14.1.tgz#",
                        53) == 0);
    assert_non_null(ax->integrity);
    assert_true(strncmp(ax->integrity, "sha512-", 7) == 0);

    const pwi_lock_pkg *cf = &lf->pkgs[find(lf, "@babel/code-frame", NULL)];
    assert_int_equal(cf->line,
                     fixture_line(rel, "\"@babel/code-frame@^7.26.2\":"));
    assert_false(cf->flags & PWI_LOCKF_DEV); /* yarn does not say */

    const pwi_lock_pkg *sw4 = &lf->pkgs[find(lf, "string-width", "4.2.3")];
    assert_string_equal(sw4->spec, "npm:string-width@^4.2.0");
    assert_int_equal(
        sw4->line,
        fixture_line(rel, "\"string-width-cjs@npm:string-width@^4.2.0\":"));

    const pwi_lock_pkg *lp = &lf->pkgs[find(lf, "left-pad", NULL)];
    assert_string_equal(lp->resolved,
                        "git+https://github.com/stevemao/left-pad.git#"
                        "5cb25d0b2ec7a1ef8da5c2c3c5dc7e4e4bca6e3e");
    assert_null(lp->integrity);

    /* Direct dependencies were inferred: one warning says so. */
    assert_int_equal(out_degree(lf, 0), 5);
    assert_int_equal(lf->nwarnings, 1);
    assert_int_equal(count_warnings(lf, "yarn.lock v1 does not record"), 1);
    assert_int_equal(lf->warnings[0].line, 0);

    for (size_t i = 0; i < lf->npkgs; i++)
        assert_false(lf->pkgs[i].flags &
                     (PWI_LOCKF_SCRIPTS_KNOWN | PWI_LOCKF_INSTALL_SCRIPT |
                      PWI_LOCKF_DEV));
    pwi_lock_free(lf);
}

/* Multiple keys, bare and quoted, comments, CRLF, optional deps,
 * `key: value`, escapes, unknown fields and blocks. */
#define V1_SYNTAX_HEAD                                                       \
    "# yarn lockfile v1\r\n"                                                  \
    "\r\n"                                                                    \
    "a@^1.0.0, \"a@^1.1.0\", a@1.x:\r\n"                                       \
    "  version \"1.1.0\" # comment\r\n"                                       \
    "  uid \"\"\r\n"                                                          \
    "  resolved: \"https://example.com/a-1.1.0.tgz\"\r\n"                      \
    "  dependencies:\r\n"                                                     \
    "    \"b\" \"^2.0.0\"\r\n"                                                 \
    "  optionalDependencies:\r\n"                                             \
    "    fsevents \"~2.3.2\"\r\n"                                              \
    "  someBlock:\r\n"                                                        \
    "    inner:\r\n"                                                          \
    "      deeper true\r\n"                                                   \
    "\r\n"                                                                    \
    "\"b@^2.0.0\":\r\n"                                                       \
    "  version \"2.0.\\u0030\"\r\n"                                           \
    "\r\n"                                                                    \
    "fsevents@~2.3.2:\r\n"                                                    \
    "  version \"2.3.3\"\r\n"                                                 \
    "\r\n"

static void test_yarn_v1_syntax(void **state)
{
    (void)state;
    /* "local@file:..." bare holds ':' - yarn quotes such keys. */
    parse_fail("app/yarn.lock",
               V1_SYNTAX_HEAD "local@file:./vendor/local:\r\n"
                              "  version \"0.1.0\"\r\n",
               PW_ERR_FORMAT, 21, "unexpected text after the value");
    pwi_lockfile *lf =
        parse_ok("app/yarn.lock", V1_SYNTAX_HEAD
                 "\"local@file:./vendor/local\":\r\n"
                 "  version \"0.1.0\"\r\n");
    assert_int_equal(lf->npkgs, 5);
    assert_string_equal(lf->pkgs[0].name, "app");
    size_t a = find(lf, "a", "1.1.0");
    assert_string_equal(lf->pkgs[a].spec, "^1.0.0, ^1.1.0, 1.x");
    assert_string_equal(lf->pkgs[a].resolved,
                        "https://example.com/a-1.1.0.tgz");
    assert_int_equal(lf->pkgs[a].source, PWI_SRC_REGISTRY);
    assert_int_equal(lf->pkgs[a].line, 3);
    size_t b = find(lf, "b", "2.0.0");
    size_t fse = find(lf, "fsevents", "2.3.3");
    assert_true(has_edge(lf, a, b));
    assert_true(has_edge(lf, a, fse));
    assert_true(lf->pkgs[fse].flags & PWI_LOCKF_OPTIONAL);
    assert_false(lf->pkgs[b].flags & PWI_LOCKF_OPTIONAL);
    size_t local = find(lf, "local", "0.1.0");
    assert_int_equal(lf->pkgs[local].source, PWI_SRC_PATH);
    assert_string_equal(lf->pkgs[local].resolved, "./vendor/local");
    assert_path(lf, fse, "app > a@1.1.0 > fsevents@2.3.3");
    assert_int_equal(lf->nwarnings, 1); /* direct ones inferred */
    pwi_lock_free(lf);
}

static void test_yarn_v1_sources_and_cycles(void **state)
{
    (void)state;
    /* A cycle nothing else reaches still gets a path; an unknown
     * dependency is a warning; no header is a warning. */
    pwi_lockfile *lf = parse_ok(
        "yarn.lock",
        "x@^1.0.0:\n  version \"1.0.0\"\n  dependencies:\n    y \"^1.0.0\"\n"
        "\n"
        "y@^1.0.0:\n  version \"1.0.0\"\n  dependencies:\n    x \"^1.0.0\"\n"
        "    gone \"^3.0.0\"\n");
    assert_string_equal(lf->pkgs[0].name, ""); /* no directory */
    size_t x = find(lf, "x", NULL), y = find(lf, "y", NULL);
    assert_true(has_edge(lf, 0, x));
    assert_false(has_edge(lf, 0, y));
    assert_path(lf, y, "(root) > x@1.0.0 > y@1.0.0");
    assert_int_equal(count_warnings(lf, "1 dependency cycles"), 1);
    assert_int_equal(count_warnings(lf, "\"gone@^3.0.0\" of y"), 1);
    assert_int_equal(count_warnings(lf, "no \"# yarn lockfile v1\""), 1);
    size_t line = 0;
    for (size_t i = 0; i < lf->nwarnings; i++)
        if (strstr(lf->warnings[i].message, "gone"))
            line = lf->warnings[i].line;
    assert_int_equal(line, 10);
    pwi_lock_free(lf);
}

static void test_yarn_v1_url_git_sources(void **state)
{
    (void)state;
    pwi_lockfile *lf = parse_ok(
        "p/q/yarn.lock",
        "# yarn lockfile v1\n\n"
        "\"tb@https://example.com/tb-1.0.0.tgz\":\n  version \"1.0.0\"\n"
        "  resolved \"https://example.com/tb-1.0.0.tgz\"\n"
        "\n"
        "\"gh@user/repo#v1\":\n  version \"0.0.1\"\n"
        "  resolved \"https://codeload.github.com/user/repo/tar.gz/abc\"\n"
        "\n"
        "\"g2@git+ssh://git@host/x.git#abc\":\n  version \"0.0.2\"\n");
    assert_string_equal(lf->pkgs[0].name, "q");
    assert_int_equal(lf->pkgs[find(lf, "tb", NULL)].source, PWI_SRC_URL);
    assert_int_equal(lf->pkgs[find(lf, "gh", NULL)].source, PWI_SRC_GIT);
    assert_int_equal(lf->pkgs[find(lf, "g2", NULL)].source, PWI_SRC_GIT);
    assert_path(lf, find(lf, "gh", NULL), "q > gh@0.0.1");
    pwi_lock_free(lf);
}

static void test_yarn_v1_garbage(void **state)
{
    (void)state;
    const char *p = "demo/yarn.lock";
    parse_fail(p, "# yarn lockfile v1\naxios@^1.0.0:\n  version \"1.0.0\" junk\n",
               PW_ERR_FORMAT, 3, "unexpected text after the value");
    parse_fail(p, "# yarn lockfile v1\naxios@^1.0.0:\n \tversion \"1.0.0\"\n",
               PW_ERR_FORMAT, 3, "tab");
    parse_fail(p, "axios@^1.0.0:\n   version \"1.0.0\"\n", PW_ERR_FORMAT, 2,
               "odd indentation");
    parse_fail(p, "axios@^1.0.0:\n      version \"1.0.0\"\n", PW_ERR_FORMAT, 2,
               "unexpected indentation");
    parse_fail(p, "  version \"1.0.0\"\n", PW_ERR_FORMAT, 1,
               "unexpected indentation");
    parse_fail(p, "axios \"1.0.0\"\n", PW_ERR_FORMAT, 1, "expected an entry");
    parse_fail(p, "axios@^1.0.0\n", PW_ERR_FORMAT, 1,
               "expected a value or ':'");
    parse_fail(p, "axios@^1.0.0:\n  version \"1.0.0\n", PW_ERR_FORMAT, 2,
               "unterminated string");
    parse_fail(p, "axios@^1.0.0:\n  version \"1.\\x\"\n", PW_ERR_FORMAT, 2,
               "invalid escape");
    parse_fail(p, "axios@^1.0.0:\n  version \"1.\\u0000\"\n", PW_ERR_FORMAT,
               2, "NUL");
    parse_fail(p, "axios@^1.0.0:\n  version \"\\ud800\"\n", PW_ERR_FORMAT, 2,
               "surrogate");
    parse_fail(p, "axios@^1.0.0:\n  version \"1\"\n  version \"2\"\n",
               PW_ERR_FORMAT, 3, "second \"version\" in one entry (first at "
                                 "line 2)");
    parse_fail(p, "a@^1:\n  version \"1\"\n\na@^1, a@^2:\n  version \"2\"\n",
               PW_ERR_FORMAT, 4, "\"a@^1\" is listed by two entries (first at "
                                 "line 1)");
    parse_fail(p, "nameonly:\n  version \"1\"\n", PW_ERR_FORMAT, 1,
               "not name@range");
    /* Regression (fuzz): a bad second key leaked the first's name. */
    parse_fail(p, "\"a-cjs@npm:a@^1\", nameonly:\n  version \"1\"\n",
               PW_ERR_FORMAT, 1, "\"nameonly\" is not name@range");
    parse_fail(p, "a@1:\n  dependencies:\n    b:\n      c \"1\"\n",
               PW_ERR_FORMAT, 3, "needs a range");
    parse_fail(p, "a@1, :\n", PW_ERR_FORMAT, 1, "expected a key after ','");
    parse_fail(p, "a@1:\n  version, other \"1\"\n", PW_ERR_FORMAT, 2,
               "several keys");
    parse_fail(p, "a@1:\n  version \"1\"\n\x01\n", PW_ERR_FORMAT, 3,
               "control character");
    parse_fail(p, "a@1:\n  version \"a\tb\"\n", PW_ERR_FORMAT, 2,
               "control character");
    parse_fail(p, "a@1::\n", PW_ERR_FORMAT, 1, "unexpected ':'");
    parse_fail_n(p, "a@1:\n  version \"1\0\"\n", 18, NULL, PW_ERR_FORMAT, 2,
                 "NUL byte");
    parse_fail(p, "a@1:\n  b:\n    c:\n      d:\n        e:\n          f:\n"
                  "            g:\n              h:\n",
               PW_ERR_LIMIT, 8, "nesting deeper");
    /* Truncated in the middle of an entry key. */
    parse_fail(p, "# yarn lockfile v1\n\n\"@babel/code-fr", PW_ERR_FORMAT, 3,
               "unterminated string");
}

/* ---- yarn berry ---------------------------------------------------------- */

static void test_yarn_berry_axios(void **state)
{
    (void)state;
    const char *rel = "yarn/berry/demo-app/yarn.lock";
    pwi_lockfile *lf = load_ok(rel);
    assert_int_equal(lf->format, PWI_LOCK_YARN_BERRY);
    assert_string_equal(lf->format_version, "8");
    check_axios_graph(lf, "demo-app");
    assert_int_equal(lf->npkgs, 24 + 1 + 2 + 2); /* + left-pad, roots, ms x2 */

    size_t root = find(lf, "demo-app", NULL);
    assert_string_equal(lf->pkgs[root].version, "0.0.0-use.local");
    assert_string_equal(lf->pkgs[root].resolved, ".");
    assert_int_equal(lf->pkgs[root].source, PWI_SRC_PATH);
    assert_int_equal(lf->pkgs[root].line,
                     fixture_line(rel, "\"demo-app@workspace:.\":"));
    size_t liba = find(lf, "lib-a", NULL);
    assert_true(lf->pkgs[liba].flags & PWI_LOCKF_ROOT);
    assert_string_equal(lf->pkgs[liba].resolved, "packages/lib-a");
    assert_true(has_edge(lf, root, liba));

    const pwi_lock_pkg *ax = &lf->pkgs[find(lf, "axios", "1.14.1")];
    assert_string_equal(ax->spec, "^1.14.0");
    assert_null(ax->resolved);
    assert_null(ax->integrity); /* Berry's checksum is of its zip cache */
    assert_int_equal(ax->line, fixture_line(rel, "\"axios@npm:^1.14.0\":"));

    const pwi_lock_pkg *sw4 = &lf->pkgs[find(lf, "string-width", "4.2.3")];
    assert_string_equal(sw4->spec, "npm:string-width@^4.2.0");

    const pwi_lock_pkg *lp = &lf->pkgs[find(lf, "left-pad", NULL)];
    assert_string_equal(lp->resolved,
                        "https://github.com/stevemao/left-pad.git#commit="
                        "5cb25d0b2ec7a1ef8da5c2c3c5dc7e4e4bca6e3e");
    assert_string_equal(lp->spec,
                        "git+https://github.com/stevemao/left-pad.git#v1.3.0");

    /* The patched ms is what lib-a gets; the project's patch is a
     * warning on its line. */
    size_t patched = SIZE_MAX, plain = SIZE_MAX;
    for (size_t i = 0; i < lf->npkgs; i++)
        if (!strcmp(lf->pkgs[i].name, "ms")) {
            if (strstr(lf->pkgs[i].spec, "patch:"))
                patched = i;
            else
                plain = i;
        }
    assert_true(patched != SIZE_MAX && plain != SIZE_MAX);
    assert_int_equal(lf->pkgs[patched].source, PWI_SRC_REGISTRY);
    assert_string_equal(lf->pkgs[patched].version, "2.1.3");
    /* A workspace member is a root: paths start there. */
    assert_path(lf, patched, "lib-a > ms@2.1.3");
    assert_int_equal(lf->nwarnings, 1);
    assert_non_null(strstr(lf->warnings[0].message,
                           "ms is patched by the project "
                           "(~/.yarn/patches/ms-npm-2.1.3-81ff3cfac1.patch)"));
    assert_int_equal(lf->warnings[0].line,
                     fixture_line(rel, "\"ms@patch:ms@npm%3A^2.1.3#~/.yarn/"
                                       "patches/ms-npm-2.1.3-81ff3cfac1.patch"
                                       "\":"));
    pwi_lock_free(lf);
}

static void test_yarn_berry_v6_shapes(void **state)
{
    (void)state;
    /* Yarn 3 (lockfile 6): dependencies without "npm:"; dependenciesMeta
     * optional; a builtin patch (no warning); portal/link/file; a tarball
     * URL; exec: (unknown, warned). */
    const char *text =
        "__metadata:\n"
        "  version: 6\n"
        "  cacheKey: 8\n"
        "\n"
        "\"app@workspace:.\":\n"
        "  version: 0.0.0-use.local\n"
        "  resolution: \"app@workspace:.\"\n"
        "  dependencies:\n"
        "    fsevents: ^2.3.2\n"
        "    resolve: ^1.22.8\n"
        "    local: \"file:./local\"\n"
        "    portal-pkg: \"portal:../portal-pkg\"\n"
        "    tb: \"https://example.com/tb-1.0.0.tgz\"\n"
        "    gen: \"exec:./gen.js\"\n"
        "  dependenciesMeta:\n"
        "    fsevents:\n"
        "      optional: true\n"
        "  languageName: unknown\n"
        "  linkType: soft\n"
        "\n"
        "\"fsevents@npm:^2.3.2\":\n"
        "  version: 2.3.3\n"
        "  resolution: \"fsevents@npm:2.3.3\"\n"
        "  conditions: os=darwin\n"
        "\n"
        "\"resolve@patch:resolve@^1.22.8#~builtin<compat/resolve>\":\n"
        "  version: 1.22.8\n"
        "  resolution: \"resolve@patch:resolve@npm%3A1.22.8#~builtin<compat/"
        "resolve>::version=1.22.8&hash=c3c19d\"\n"
        "\n"
        "\"resolve@npm:^1.22.8\":\n"
        "  version: 1.22.8\n"
        "  resolution: \"resolve@npm:1.22.8\"\n"
        "\n"
        "\"local@file:./local::locator=app%40workspace%3A.\":\n"
        "  version: 1.0.0\n"
        "  resolution: \"local@file:./local#./local::hash=abc&locator=app%40"
        "workspace%3A.\"\n"
        "\n"
        "\"portal-pkg@portal:../portal-pkg::locator=app%40workspace%3A.\":\n"
        "  version: 0.0.0-use.local\n"
        "  resolution: \"portal-pkg@portal:../portal-pkg::locator=app%40"
        "workspace%3A.\"\n"
        "  linkType: soft\n"
        "\n"
        "\"tb@https://example.com/tb-1.0.0.tgz\":\n"
        "  version: 1.0.0\n"
        "  resolution: \"tb@https://example.com/tb-1.0.0.tgz\"\n"
        "\n"
        "\"gen@exec:./gen.js\":\n"
        "  version: 0.0.0\n"
        "  resolution: \"gen@exec:./gen.js::locator=app%40workspace%3A.\"\n";
    pwi_lockfile *lf = parse_ok("yarn.lock", text);
    assert_string_equal(lf->format_version, "6");
    size_t app = find(lf, "app", NULL);
    size_t fse = find(lf, "fsevents", NULL);
    assert_true(has_edge(lf, app, fse));
    assert_true(lf->pkgs[fse].flags & PWI_LOCKF_OPTIONAL);
    assert_path(lf, fse, "app > fsevents@2.3.3");
    /* ^1.22.8 alone finds no key "resolve@^1.22.8", nor "resolve@npm:..."
     * for the patch: the dependency resolves to the unpatched entry. */
    size_t rs = SIZE_MAX;
    for (size_t i = 0; i < lf->npkgs; i++)
        if (!strcmp(lf->pkgs[i].name, "resolve") &&
            lf->pkgs[i].parent != SIZE_MAX)
            rs = i;
    assert_true(rs != SIZE_MAX);
    assert_int_equal(count_warnings(lf, "patched"), 0);
    size_t local = find(lf, "local", NULL);
    assert_int_equal(lf->pkgs[local].source, PWI_SRC_PATH);
    assert_string_equal(lf->pkgs[local].resolved, "./local");
    /* Found through the "::locator=" binding Yarn adds to the key. */
    assert_true(has_edge(lf, app, local));
    assert_true(has_edge(lf, app, find(lf, "portal-pkg", NULL)));
    assert_int_equal(count_warnings(lf, "is not in the lockfile"), 0);
    size_t portal = find(lf, "portal-pkg", NULL);
    assert_int_equal(lf->pkgs[portal].source, PWI_SRC_PATH);
    assert_string_equal(lf->pkgs[portal].resolved, "../portal-pkg");
    size_t tb = find(lf, "tb", NULL);
    assert_int_equal(lf->pkgs[tb].source, PWI_SRC_URL);
    assert_string_equal(lf->pkgs[tb].resolved,
                        "https://example.com/tb-1.0.0.tgz");
    assert_true(has_edge(lf, app, tb));
    size_t gen = find(lf, "gen", NULL);
    assert_int_equal(lf->pkgs[gen].source, PWI_SRC_UNKNOWN);
    assert_int_equal(count_warnings(lf, "exec:"), 2);
    pwi_lock_free(lf);
}

static void test_yarn_berry_bad(void **state)
{
    (void)state;
    const char *p = "proj/yarn.lock";
    parse_fail(p, "__metadata:\n  version: 11\n  cacheKey: 10c0\n",
               PW_ERR_UNSUPPORTED, 2,
               "\"__metadata.version\" 11 is not supported (known: 4 to 10)");
    parse_fail(p, "# c\n__metadata:\n  version: \"3\"\n", PW_ERR_UNSUPPORTED,
               3, "\"__metadata.version\" '3' is not supported");
    parse_fail(p, "__metadata:\n  cacheKey: 10c0\n", PW_ERR_UNSUPPORTED, 1,
               "\"__metadata.version\" nothing is not supported");
    parse_fail(p, "__metadata: 8\n", PW_ERR_FORMAT, 1,
               "no \"__metadata\" mapping");
    parse_fail(p, "- __metadata:\n", PW_ERR_FORMAT, 1, "YAML mapping");
    parse_fail(p,
               "__metadata:\n  version: 8\n\n\"a@npm:^1\":\n  version: 1.0.0\n",
               PW_ERR_FORMAT, 4, "has no \"resolution\"");
    parse_fail(p, "__metadata:\n  version: 8\n\n\"a@npm:^1\": 3\n",
               PW_ERR_FORMAT, 4, "is not a mapping");
    parse_fail(p,
               "__metadata:\n  version: 8\n\n\"a\":\n  resolution: "
               "\"a@npm:1.0.0\"\n",
               PW_ERR_FORMAT, 4, "not name@range");
    parse_fail(p,
               "__metadata:\n  version: 8\n\n\"a@npm:^1, b\":\n  resolution: "
               "\"a@npm:1.0.0\"\n",
               PW_ERR_FORMAT, 4, "\"b\" is not name@range");
    parse_fail(p,
               "__metadata:\n  version: 8\n\n\"a@npm:^1\":\n  resolution: "
               "\"a@npm:1.0.0\"\n  dependencies: [b]\n",
               PW_ERR_FORMAT, 6, "\"dependencies\" of \"a@npm:^1\" is not a "
                                 "mapping");
    parse_fail(p,
               "__metadata:\n  version: 8\n\n\"a@npm:^1\":\n  resolution: "
               "\"a@npm:1.0.0\"\n\n\"b@npm:^1, a@npm:^1\":\n  resolution: "
               "\"b@npm:1.0.0\"\n",
               PW_ERR_FORMAT, 7, "listed by two entries (first at line 4)");
    /* YAML anchors and aliases are refused by yaml-tree: the error names
     * the lockfile and the line. */
    parse_fail(p,
               "__metadata:\n  version: 8\n\n\"a@npm:^1\": &x\n  resolution: "
               "\"a@npm:1.0.0\"\n\"b@npm:^1\": *x\n",
               PW_ERR_FORMAT, 4, "YAML anchors are not allowed");
    /* Truncated inside a quoted key. */
    parse_fail(p, "__metadata:\n  version: 8\n\n\"axios@npm:^1.14",
               PW_ERR_FORMAT, 4, "YAML");
}

static void test_yarn_berry_no_workspace(void **state)
{
    (void)state;
    pwi_lockfile *lf = parse_ok(
        "w/yarn.lock",
        "__metadata:\n  version: 4\n\n\"a@npm:^1.0.0\":\n  version: 1.0.0\n"
        "  resolution: \"a@npm:1.0.0\"\n  dependencies:\n    b: ^2.0.0\n\n"
        "\"b@npm:^2.0.0\":\n  version: 2.0.0\n  resolution: \"b@npm:2.0.0\"\n");
    size_t root = find(lf, "w", NULL);
    assert_true(lf->pkgs[root].flags & PWI_LOCKF_ROOT);
    assert_path(lf, find(lf, "b", NULL), "w > a@1.0.0 > b@2.0.0");
    assert_int_equal(count_warnings(lf, "no workspace entry"), 1);
    pwi_lock_free(lf);
}

/* What Yarn 4.18 writes (lockfile 10, "npm:" ranges, cacheKey 10c0). */
static void test_yarn_berry_v10(void **state)
{
    (void)state;
    pwi_lockfile *lf = parse_ok(
        "app/yarn.lock",
        "# This file is generated by running \"yarn install\" inside your "
        "project.\n# Manual changes might be lost - proceed with caution!\n\n"
        "__metadata:\n  version: 10\n  cacheKey: 10c0\n\n"
        "\"app@workspace:.\":\n  version: 0.0.0-use.local\n"
        "  resolution: \"app@workspace:.\"\n  dependencies:\n"
        "    http-client: \"npm:1.14.1\"\n  languageName: unknown\n"
        "  linkType: soft\n\n"
        "\"http-client@npm:1.14.1\":\n  version: 1.14.1\n"
        "  resolution: \"http-client@npm:1.14.1\"\n  dependencies:\n"
        "    plain-crypto-js: \"npm:^4.2.1\"\n"
        "  checksum: 10c0/17b7ce08\n  languageName: node\n  linkType: hard\n\n"
        "\"plain-crypto-js@npm:^4.2.1\":\n  version: 4.2.1\n"
        "  resolution: \"plain-crypto-js@npm:4.2.1\"\n"
        "  checksum: 10c0/b7280155\n  languageName: node\n  linkType: hard\n");
    assert_string_equal(lf->format_version, "10");
    size_t pc = find(lf, "plain-crypto-js", "4.2.1");
    assert_int_equal(lf->pkgs[pc].source, PWI_SRC_REGISTRY);
    assert_null(lf->pkgs[pc].integrity); /* the checksum hashes Yarn's zip */
    assert_int_equal(lf->pkgs[pc].line, 25);
    assert_path(lf, pc, "app > http-client@1.14.1 > plain-crypto-js@4.2.1");
    pwi_lock_free(lf);
}

/* dependenciesMeta that is a sequence or a scalar marks nothing optional
 * (found by fuzzing: it was walked as a mapping). */
static void test_yarn_berry_meta_not_mapping(void **state)
{
    (void)state;
    static const char *const metas[] = {"[b, c]", "b", "\"\"", "~"};
    for (size_t i = 0; i < sizeof metas / sizeof metas[0]; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "__metadata:\n  version: 4\n\n\"a@npm:^1.0.0\":\n"
                 "  version: 1.0.0\n  resolution: \"a@npm:1.0.0\"\n"
                 "  dependencies:\n    b: ^2.0.0\n  dependenciesMeta: %s\n\n"
                 "\"b@npm:^2.0.0\":\n  version: 2.0.0\n"
                 "  resolution: \"b@npm:2.0.0\"\n",
                 metas[i]);
        pwi_lockfile *lf = parse_ok("m/yarn.lock", text);
        const pwi_lock_pkg *b = &lf->pkgs[find(lf, "b", "2.0.0")];
        assert_false(b->flags & PWI_LOCKF_OPTIONAL);
        pwi_lock_free(lf);
    }
}

/* ---- pnpm ---------------------------------------------------------------- */

static void check_pnpm_common(const pwi_lockfile *lf, const char *rel,
                              const char *axios_key)
{
    assert_int_equal(lf->format, PWI_LOCK_PNPM);
    check_axios_graph(lf, "demo-app");
    size_t root = find(lf, "demo-app", NULL);
    assert_string_equal(lf->pkgs[root].resolved, ".");
    assert_int_equal(lf->pkgs[root].line, fixture_line(rel, "  .:"));
    /* The workspace member is named by the link that points at it. */
    size_t liba = find(lf, "lib-a", NULL);
    assert_true(lf->pkgs[liba].flags & PWI_LOCKF_ROOT);
    assert_string_equal(lf->pkgs[liba].resolved, "packages/lib-a");
    assert_int_equal(lf->pkgs[liba].line,
                     fixture_line(rel, "  packages/lib-a:"));
    assert_true(has_edge(lf, root, liba));
    /* A workspace member is a root: paths start there. */
    assert_path(lf, find(lf, "ms", "2.1.3"), "lib-a > ms@2.1.3");

    const pwi_lock_pkg *ax = &lf->pkgs[find(lf, "axios", "1.14.1")];
    assert_string_equal(ax->spec, "^1.14.0");
    assert_int_equal(ax->line, fixture_line(rel, axios_key));
    assert_non_null(ax->integrity);
    assert_true(strncmp(ax->integrity, "sha512-", 7) == 0);
    assert_null(ax->resolved);
    assert_string_equal(lf->pkgs[find(lf, "string-width", "4.2.3")].spec,
                        "npm:string-width@^4.2.0");
    assert_null(lf->pkgs[find(lf, "delayed-stream", NULL)].spec);

    /* dev-only packages, and nothing else. */
    static const char *const dev[] = {"@babel/code-frame",
                                      "@babel/helper-validator-identifier",
                                      "js-tokens", "picocolors"};
    size_t ndev = 0;
    for (size_t i = 0; i < lf->npkgs; i++)
        ndev += (lf->pkgs[i].flags & PWI_LOCKF_DEV) != 0;
    assert_int_equal(ndev, 4);
    for (size_t i = 0; i < 4; i++)
        assert_true(lf->pkgs[find(lf, dev[i], NULL)].flags & PWI_LOCKF_DEV);
    assert_int_equal(lf->npkgs, 2 + 24 + 2); /* importers, packages */
}

static void test_pnpm_v9_axios(void **state)
{
    (void)state;
    const char *rel = "pnpm/v9/demo-app/pnpm-lock.yaml";
    pwi_lockfile *lf = load_ok(rel);
    assert_string_equal(lf->format_version, "9.0");
    check_pnpm_common(lf, rel, "  axios@1.14.1:");
    const pwi_lock_pkg *lp = &lf->pkgs[find(lf, "left-pad", NULL)];
    assert_string_equal(lp->resolved,
                        "https://github.com/stevemao/left-pad.git#"
                        "5cb25d0b2ec7a1ef8da5c2c3c5dc7e4e4bca6e3e");
    /* 9.x has no requiresBuild: nothing is known about scripts. */
    for (size_t i = 0; i < lf->npkgs; i++)
        assert_false(lf->pkgs[i].flags & PWI_LOCKF_SCRIPTS_KNOWN);
    if (lf->nwarnings)
        dump_warnings(lf);
    assert_int_equal(lf->nwarnings, 0);
    pwi_lock_free(lf);
}

static void test_pnpm_v6_axios(void **state)
{
    (void)state;
    const char *rel = "pnpm/v6/demo-app/pnpm-lock.yaml";
    pwi_lockfile *lf = load_ok(rel);
    assert_string_equal(lf->format_version, "6.0");
    check_pnpm_common(lf, rel, "  /axios@1.14.1:");
    size_t pc = find(lf, "plain-crypto-js", "4.2.1");
    assert_int_equal(lf->pkgs[pc].flags &
                         (PWI_LOCKF_SCRIPTS_KNOWN | PWI_LOCKF_INSTALL_SCRIPT),
                     PWI_LOCKF_SCRIPTS_KNOWN | PWI_LOCKF_INSTALL_SCRIPT);
    assert_false(lf->pkgs[find(lf, "axios", NULL)].flags &
                 PWI_LOCKF_SCRIPTS_KNOWN);
    const pwi_lock_pkg *lp = &lf->pkgs[find(lf, "left-pad", NULL)];
    assert_string_equal(lp->resolved,
                        "https://codeload.github.com/stevemao/left-pad/tar.gz/"
                        "5cb25d0b2ec7a1ef8da5c2c3c5dc7e4e4bca6e3e");
    assert_string_equal(lp->spec, "github:stevemao/left-pad#v1.3.0");
    assert_int_equal(lp->line,
                     fixture_line(rel, "  github.com/stevemao/left-pad/"
                                       "5cb25d0b2ec7a1ef8da5c2c3c5dc7e4e4bca6"
                                       "e3e:"));
    assert_int_equal(lf->nwarnings, 0);
    pwi_lock_free(lf);
}

static void test_pnpm_v5_axios(void **state)
{
    (void)state;
    const char *rel = "pnpm/v5/demo-app/pnpm-lock.yaml";
    pwi_lockfile *lf = load_ok(rel);
    assert_string_equal(lf->format_version, "5.4");
    check_pnpm_common(lf, rel, "  /axios/1.14.1:");
    size_t pc = find(lf, "plain-crypto-js", "4.2.1");
    assert_true(lf->pkgs[pc].flags & PWI_LOCKF_INSTALL_SCRIPT);
    assert_true(lf->pkgs[pc].flags & PWI_LOCKF_SCRIPTS_KNOWN);
    assert_path(lf, pc, "demo-app > axios@1.14.1 > plain-crypto-js@4.2.1");
    const pwi_lock_pkg *lp = &lf->pkgs[find(lf, "left-pad", NULL)];
    assert_string_equal(lp->resolved,
                        "git+ssh://git@github.com/stevemao/left-pad.git#"
                        "5cb25d0b2ec7a1ef8da5c2c3c5dc7e4e4bca6e3e");
    assert_string_equal(lf->pkgs[find(lf, "@babel/code-frame", NULL)].spec,
                        "^7.26.2");
    assert_int_equal(lf->nwarnings, 0);
    pwi_lock_free(lf);
}

static void test_pnpm_peers_merged(void **state)
{
    (void)state;
    /* Peer variants are one package; their dependencies are joined. */
    pwi_lockfile *lf = parse_ok(
        "a/pnpm-lock.yaml",
        "lockfileVersion: 5.3\n"
        "specifiers:\n  ui: ^1.0.0\n  react: ^18.2.0\n"
        "dependencies:\n  ui: 1.0.0_react@18.2.0\n  react: 18.2.0\n"
        "devDependencies:\n  ui-old: /ui/1.0.0_react@17.0.2\n"
        "packages:\n"
        "  /ui/1.0.0_react@18.2.0:\n"
        "    resolution: {integrity: sha512-AA==}\n"
        "    peerDependencies:\n      react: '*'\n"
        "    dependencies:\n      react: 18.2.0\n"
        "    dev: false\n"
        "  /ui/1.0.0_react@17.0.2:\n"
        "    resolution: {integrity: sha512-AA==}\n"
        "    dependencies:\n      react: 17.0.2\n"
        "    dev: true\n"
        "  /react/18.2.0:\n    resolution: {integrity: sha512-BB==}\n"
        "    dev: false\n"
        "  /react/17.0.2:\n    resolution: {integrity: sha512-CC==}\n"
        "    dev: true\n");
    assert_int_equal(count_named(lf, "ui"), 1);
    size_t ui = find(lf, "ui", "1.0.0");
    assert_int_equal(lf->pkgs[ui].line, 11);
    assert_true(has_edge(lf, ui, find(lf, "react", "18.2.0")));
    assert_true(has_edge(lf, ui, find(lf, "react", "17.0.2")));
    assert_false(lf->pkgs[ui].flags & PWI_LOCKF_DEV);
    assert_true(lf->pkgs[find(lf, "react", "17.0.2")].flags & PWI_LOCKF_DEV);
    assert_string_equal(lf->pkgs[ui].spec, "^1.0.0");
    /* used as "ui" and "ui-old": no single alias */
    assert_null(lf->pkgs[ui].alias);
    assert_string_equal(lf->pkgs[0].name, "a");
    pwi_lock_free(lf);

    lf = parse_ok(
        "pnpm-lock.yaml",
        "lockfileVersion: '6.1'\n"
        "dependencies:\n"
        "  ui:\n    specifier: ^1.0.0\n"
        "    version: 1.0.0(@types/react@18.0.0)(react@18.2.0)\n"
        "packages:\n"
        "  /ui@1.0.0(@types/react@18.0.0)(react@18.2.0):\n"
        "    resolution: {integrity: sha512-AA==}\n"
        "    dependencies:\n      react: 18.2.0\n"
        "  /react@18.2.0:\n    resolution: {integrity: sha512-BB==}\n"
        "    optional: true\n");
    ui = find(lf, "ui", "1.0.0");
    assert_path(lf, find(lf, "react", NULL), "(root) > ui@1.0.0 > react@18.2.0");
    assert_true(lf->pkgs[find(lf, "react", NULL)].flags & PWI_LOCKF_OPTIONAL);
    assert_false(lf->pkgs[ui].flags & PWI_LOCKF_OPTIONAL);
    pwi_lock_free(lf);

    lf = parse_ok(
        "x/pnpm-lock.yaml",
        "lockfileVersion: '9.0'\n"
        "importers:\n  .:\n    optionalDependencies:\n"
        "      ui:\n        specifier: ^1.0.0\n"
        "        version: 1.0.0(react@18.2.0)\n"
        "packages:\n"
        "  ui@1.0.0:\n    resolution: {integrity: sha512-AA==}\n"
        "  react@18.2.0:\n    resolution: {integrity: sha512-BB==}\n"
        "snapshots:\n"
        "  ui@1.0.0(react@18.2.0):\n    dependencies:\n      react: 18.2.0\n"
        "    optional: true\n"
        "  ui@1.0.0(react@17.0.2):\n    optional: true\n"
        "  react@18.2.0:\n    optional: true\n"
        "  orphan@1.0.0: {}\n");
    ui = find(lf, "ui", "1.0.0");
    assert_int_equal(count_named(lf, "ui"), 1);
    assert_int_equal(lf->pkgs[ui].line, 9); /* the packages key */
    assert_true(lf->pkgs[ui].flags & PWI_LOCKF_OPTIONAL);
    assert_false(lf->pkgs[ui].flags & PWI_LOCKF_DEV);
    size_t orphan = find(lf, "orphan", "1.0.0");
    assert_int_equal(lf->pkgs[orphan].line, 22); /* only a snapshot */
    assert_int_equal(lf->pkgs[orphan].source, PWI_SRC_REGISTRY);
    assert_path(lf, orphan, "(path unknown) > orphan@1.0.0");
    assert_path(lf, find(lf, "react", NULL), "x > ui@1.0.0 > react@18.2.0");
    pwi_lock_free(lf);
}

static void test_pnpm_sources_and_links(void **state)
{
    (void)state;
    pwi_lockfile *lf = parse_ok(
        "mono/pnpm-lock.yaml",
        "lockfileVersion: '9.0'\n"
        "importers:\n"
        "  .:\n"
        "    dependencies:\n"
        "      tb:\n        specifier: https://example.com/tb-1.0.0.tgz\n"
        "        version: https://example.com/tb-1.0.0.tgz\n"
        "      local:\n        specifier: file:vendor/local\n"
        "        version: file:vendor/local\n"
        "      mirror:\n        specifier: ^2.0.0\n        version: 2.0.0\n"
        "      cfg:\n        specifier: ^1.0.0\n        version: 1.0.0\n"
        "  apps/web:\n"
        "    dependencies:\n"
        "      '@ws/ui':\n        specifier: workspace:*\n"
        "        version: link:../../libs/ui\n"
        "      vendored:\n        specifier: link:../../vendor/x\n"
        "        version: link:../../vendor/x\n"
        "      missing:\n        specifier: ^1.0.0\n        version: 1.0.0\n"
        "  libs/ui: {}\n"
        "packages:\n"
        "  tb@https://example.com/tb-1.0.0.tgz:\n"
        "    resolution: {tarball: https://example.com/tb-1.0.0.tgz}\n"
        "    version: 1.0.0\n"
        "  local@file:vendor/local:\n"
        "    resolution: {directory: vendor/local, type: directory}\n"
        "    version: 0.1.0\n"
        "  mirror@2.0.0:\n"
        "    resolution: {integrity: sha512-AA==, tarball: "
        "https://npm.example.com/mirror/-/mirror-2.0.0.tgz}\n"
        "  cfg@1.0.0:\n"
        "    resolution: {type: binary, url: https://example.com/x}\n"
        "patchedDependencies:\n"
        "  mirror@2.0.0:\n    hash: abc\n    path: patches/mirror@2.0.0.patch\n"
        "snapshots:\n"
        "  tb@https://example.com/tb-1.0.0.tgz: {}\n"
        "  local@file:vendor/local: {}\n"
        "  mirror@2.0.0: {}\n"
        "  cfg@1.0.0: {}\n");
    size_t root = find(lf, "mono", NULL);
    size_t tb = find(lf, "tb", "1.0.0");
    assert_int_equal(lf->pkgs[tb].source, PWI_SRC_URL);
    assert_string_equal(lf->pkgs[tb].resolved,
                        "https://example.com/tb-1.0.0.tgz");
    size_t local = find(lf, "local", "0.1.0");
    assert_int_equal(lf->pkgs[local].source, PWI_SRC_PATH);
    assert_string_equal(lf->pkgs[local].resolved, "vendor/local");
    size_t mirror = find(lf, "mirror", "2.0.0");
    assert_int_equal(lf->pkgs[mirror].source, PWI_SRC_REGISTRY);
    assert_string_equal(lf->pkgs[mirror].resolved,
                        "https://npm.example.com/mirror/-/mirror-2.0.0.tgz");
    size_t cfg = find(lf, "cfg", "1.0.0");
    assert_int_equal(lf->pkgs[cfg].source, PWI_SRC_UNKNOWN);
    assert_true(has_edge(lf, root, tb) && has_edge(lf, root, local) &&
                has_edge(lf, root, mirror) && has_edge(lf, root, cfg));
    size_t web = find(lf, "apps/web", NULL);
    size_t ui = find(lf, "@ws/ui", NULL);
    assert_true(lf->pkgs[ui].flags & PWI_LOCKF_ROOT);
    assert_string_equal(lf->pkgs[ui].resolved, "libs/ui");
    assert_true(has_edge(lf, web, ui));
    size_t vx = find(lf, "vendored", NULL);
    assert_int_equal(lf->pkgs[vx].source, PWI_SRC_PATH);
    assert_string_equal(lf->pkgs[vx].resolved, "vendor/x");
    assert_false(lf->pkgs[vx].flags & PWI_LOCKF_ROOT);
    assert_path(lf, vx, "apps/web > vendored");
    assert_int_equal(count_warnings(lf, "\"missing\" (1.0.0) of importer "
                                        "\"apps/web\" is not in the lockfile"),
                     1);
    assert_int_equal(count_warnings(lf, "unknown kind of resolution \"binary\""),
                     1);
    assert_int_equal(count_warnings(lf, "mirror@2.0.0 is patched by the "
                                        "project (patches/mirror@2.0.0.patch)"),
                     1);
    pwi_lock_free(lf);
}

static void test_pnpm_multi_document(void **state)
{
    (void)state;
    /* pnpm 11: an env lockfile document, then the project's. */
    const char *text = "---\n"
                       "lockfileVersion: '9.0'\n"
                       "importers:\n"
                       "  .:\n"
                       "    configDependencies:\n"
                       "      cfg-plugin: 1.0.0\n"
                       "packages:\n"
                       "  cfg-plugin@1.0.0:\n"
                       "    resolution: {integrity: sha512-AA==}\n"
                       "snapshots:\n"
                       "  cfg-plugin@1.0.0: {}\n"
                       "---\n"
                       "lockfileVersion: '9.0'\n"
                       "importers:\n"
                       "  .:\n"
                       "    dependencies:\n"
                       "      axios:\n"
                       "        specifier: ^1.14.0\n"
                       "        version: 1.14.1\n"
                       "packages:\n"
                       "  axios@1.14.1:\n"
                       "    resolution: {integrity: sha512-BB==}\n"
                       "snapshots:\n"
                       "  axios@1.14.1: {}\n";
    pwi_lockfile *lf = parse_ok("d/pnpm-lock.yaml", text);
    assert_int_equal(count_named(lf, "d"), 1);
    size_t cfg = find(lf, "cfg-plugin", "1.0.0");
    size_t ax = find(lf, "axios", "1.14.1");
    assert_int_equal(lf->pkgs[cfg].line, 8);
    assert_int_equal(lf->pkgs[ax].line, 21);
    assert_path(lf, ax, "d > axios@1.14.1");
    assert_path(lf, cfg, "d > cfg-plugin@1.0.0");
    pwi_lock_free(lf);

    /* An error in the second document names its line in the file. */
    char *bad = copy_str(text);
    char *v = strstr(bad + 10, "lockfileVersion: '9.0'");
    memcpy(v, "lockfileVersion: '4.0'", 22);
    parse_fail("pnpm-lock.yaml", bad, PW_ERR_UNSUPPORTED, 13,
               "\"lockfileVersion\" '4.0' is not supported");
    free(bad);
    bad = copy_str(text);
    memcpy(strstr(bad, "  axios@1.14.1:\n    resolution"), "  axios@1.14.1: &a", 18);
    parse_fail("pnpm-lock.yaml", bad, PW_ERR_FORMAT, 21,
               "YAML anchors are not allowed (&a)");
    free(bad);

    char many[128];
    many[0] = '\0';
    for (int i = 0; i < 9; i++)
        strcat(many, "---\na: 1\n");
    parse_fail("pnpm-lock.yaml", many, PW_ERR_LIMIT, 0, "YAML documents");
}

static void test_pnpm_bad(void **state)
{
    (void)state;
    const char *p = "proj/pnpm-lock.yaml";
    parse_fail(p, "lockfileVersion: '4.0'\n", PW_ERR_UNSUPPORTED, 1,
               "\"lockfileVersion\" '4.0' is not supported (known: 5.x, 6.x, "
               "9.x)");
    parse_fail(p, "lockfileVersion: 7.0\nimporters: {}\n", PW_ERR_UNSUPPORTED,
               1, "\"lockfileVersion\" 7.0 is not supported");
    parse_fail(p, "# x\n\nlockfileVersion: [9]\n", PW_ERR_UNSUPPORTED, 3,
               "\"lockfileVersion\" a sequence is not supported");
    parse_fail(p, "lockfileVersion: '9.0.1'\n", PW_ERR_UNSUPPORTED, 1,
               "'9.0.1'");
    parse_fail(p, "importers: {}\n", PW_ERR_FORMAT, 1,
               "no \"lockfileVersion\"");
    parse_fail(p, "", PW_ERR_FORMAT, 0, "empty lockfile");
    parse_fail(p, "- a\n", PW_ERR_FORMAT, 1, "not a YAML mapping");
    parse_fail(p, "lockfileVersion: '9.0'\npackages: [a]\n", PW_ERR_FORMAT, 2,
               "\"packages\" is not a mapping");
    parse_fail(p, "lockfileVersion: '9.0'\npackages:\n  a@1.0.0: 1\n",
               PW_ERR_FORMAT, 3, "package \"a@1.0.0\" is not a mapping");
    parse_fail(p,
               "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n"
               "    resolution: x\n",
               PW_ERR_FORMAT, 4, "\"resolution\" of \"a@1.0.0\"");
    parse_fail(p,
               "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n"
               "      a: {specifier: ^1}\n",
               PW_ERR_FORMAT, 5, "needs a name and a version");
    parse_fail(p,
               "lockfileVersion: '9.0'\nsnapshots:\n  a@1.0.0:\n"
               "    dependencies:\n      b: [1]\n",
               PW_ERR_FORMAT, 5, "needs a name and a version");
    parse_fail(p, "lockfileVersion: '9.0'\nimporters:\n  .: 3\n",
               PW_ERR_FORMAT, 3, "importer \".\" is not a mapping");
    /* Anchors and aliases (yaml-tree refuses them): path and line. */
    parse_fail(p,
               "lockfileVersion: '9.0'\nimporters:\n  .: &root\n"
               "    dependencies: {}\n",
               PW_ERR_FORMAT, 3, "YAML anchors are not allowed (&root)");
    parse_fail(p, "lockfileVersion: '9.0'\nimporters:\n  .: *root\n",
               PW_ERR_FORMAT, 3, "YAML aliases are not allowed");
    parse_fail(p, "lockfileVersion: '9.0'\nlockfileVersion: '9.0'\n",
               PW_ERR_FORMAT, 2, "duplicate key");
    /* Truncated. */
    parse_fail(p,
               "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n"
               "    resolution: {integrity: sha512-A",
               PW_ERR_FORMAT, 5, "YAML syntax error");
    /* Deep nesting stops at the depth limit. */
    char deep[600];
    strcpy(deep, "lockfileVersion: '9.0'\nx: ");
    for (int i = 0; i < 200; i++)
        strcat(deep, "[");
    parse_fail(p, deep, PW_ERR_LIMIT, 2, "deeper than");
}

static void test_limits(void **state)
{
    (void)state;
    pwi_lock_opts o;
    pwi_lock_opts_init(&o);
    o.limits.max_bytes = 64;
    char big[200];
    memset(big, ' ', sizeof big);
    memcpy(big, "lockfileVersion: '9.0'\n", 23);
    parse_fail_n("pnpm-lock.yaml", big, sizeof big, &o, PW_ERR_LIMIT, 0,
                 "larger");
    parse_fail_n("yarn.lock", big, sizeof big, &o, PW_ERR_LIMIT, 0, "larger");

    /* The parsers check too when called directly. */
    pw_error err;
    pwi_lockfile *lf = pwi_lock_new("yarn.lock", PWI_LOCK_YARN_V1);
    assert_int_equal(pwi_lock_parse_yarn(lf, big, sizeof big, &o, &err),
                     PW_ERR_LIMIT);
    pwi_lock_free(lf);
    lf = pwi_lock_new("pnpm-lock.yaml", PWI_LOCK_PNPM);
    assert_int_equal(pwi_lock_parse_pnpm(lf, big, sizeof big, &o, &err),
                     PW_ERR_LIMIT);
    assert_string_equal(err.path, "pnpm-lock.yaml");
    pwi_lock_free(lf);

    /* Package count. */
    pwi_lock_opts_init(&o);
    o.max_packages = 5;
    char path[1024];
    snprintf(path, sizeof path, "%s/yarn/v1/demo-app/yarn.lock", FIXTURES);
    memset(&err, 0, sizeof err);
    lf = (pwi_lockfile *)1;
    assert_int_equal(pwi_lock_load(path, &o, &lf, &err), PW_ERR_LIMIT);
    assert_null(lf);
    assert_non_null(strstr(err.msg, "more than 5 packages"));
    snprintf(path, sizeof path, "%s/pnpm/v9/demo-app/pnpm-lock.yaml",
             FIXTURES);
    assert_int_equal(pwi_lock_load(path, &o, &lf, &err), PW_ERR_LIMIT);
    snprintf(path, sizeof path, "%s/yarn/berry/demo-app/yarn.lock", FIXTURES);
    assert_int_equal(pwi_lock_load(path, &o, &lf, &err), PW_ERR_LIMIT);

    /* String length in yarn v1. */
    pwi_lock_opts_init(&o);
    o.limits.max_string = 8;
    parse_fail_n("yarn.lock", "a@1:\n  version \"123456789\"\n", 26, &o,
                 PW_ERR_LIMIT, 2, "longer than the limit of 8");
    /* Node count in YAML. */
    pwi_lock_opts_init(&o);
    o.limits.max_nodes = 10;
    const char *many = "lockfileVersion: '9.0'\nimporters:\n  .:\n"
                       "    dependencies:\n      a: 1\n      b: 1\n"
                       "      c: 1\n";
    parse_fail_n("pnpm-lock.yaml", many, strlen(many), &o, PW_ERR_LIMIT, 5,
                 "more than 10 nodes");
}

/* Every prefix of every fixture parses or fails cleanly, naming the file. */
static void test_truncated_fixtures(void **state)
{
    (void)state;
    static const char *const rels[] = {
        "yarn/v1/demo-app/yarn.lock", "yarn/berry/demo-app/yarn.lock",
        "pnpm/v9/demo-app/pnpm-lock.yaml", "pnpm/v6/demo-app/pnpm-lock.yaml",
        "pnpm/v5/demo-app/pnpm-lock.yaml"};
    for (size_t r = 0; r < sizeof rels / sizeof rels[0]; r++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", FIXTURES, rels[r]);
        size_t len;
        char *data = tu_read_file(path, &len);
        size_t lines = 1;
        for (size_t i = 0; i < len; i++)
            lines += data[i] == '\n';
        for (size_t cut = 0; cut < len; cut += 13) {
            pwi_lockfile *lf = NULL;
            pw_error err;
            memset(&err, 0, sizeof err);
            pw_status st = pwi_lock_parse(path, data, cut, NULL, &lf, &err);
            if (st == PW_OK) {
                assert_non_null(lf);
                pwi_lock_free(lf);
                continue;
            }
            assert_null(lf);
            if (st != PW_ERR_FORMAT && st != PW_ERR_UNSUPPORTED)
                fail_msg("%s cut at %zu: status %d: %s", rels[r], cut, st,
                         err.msg);
            assert_string_equal(err.path, path);
            assert_true(err.line <= lines);
            assert_true(err.msg[0] != '\0');
        }
        free(data);
    }
}

static void test_seed_corpus(void **state)
{
    (void)state;
    /* The fuzz seeds parse or fail cleanly (they are small and varied). */
    static const struct {
        const char *dir, *seed, *name;
    } seeds[] = {
        {"yarn", "seed-yarn-v1.lock", "yarn.lock"},
        {"yarn", "seed-yarn-berry.lock", "yarn.lock"},
        {"pnpm", "seed-pnpm-v5.yaml", "pnpm-lock.yaml"},
        {"pnpm", "seed-pnpm-v6.yaml", "pnpm-lock.yaml"},
        {"pnpm", "seed-pnpm-v9.yaml", "pnpm-lock.yaml"},
        {"pnpm", "seed-pnpm-multi-doc.yaml", "pnpm-lock.yaml"},
    };
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/tests/fuzz/corpus/lockfile-%s/%s",
                 PW_TEST_SRCDIR, seeds[i].dir, seeds[i].seed);
        size_t len;
        char *data = tu_read_file(path, &len);
        assert_true(len > 1);
        pwi_lockfile *lf = NULL;
        pw_error err;
        pw_status st = pwi_lock_parse(seeds[i].name, data, len, NULL, &lf, &err);
        if (st != PW_OK)
            fail_msg("%s: %d at line %zu: %s", seeds[i].seed, st, err.line,
                     err.msg);
        assert_true(lf->npkgs > 1);
        pwi_lock_free(lf);
        free(data);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_yarn_v1_axios),
        cmocka_unit_test(test_yarn_v1_syntax),
        cmocka_unit_test(test_yarn_v1_sources_and_cycles),
        cmocka_unit_test(test_yarn_v1_url_git_sources),
        cmocka_unit_test(test_yarn_v1_garbage),
        cmocka_unit_test(test_yarn_berry_axios),
        cmocka_unit_test(test_yarn_berry_v6_shapes),
        cmocka_unit_test(test_yarn_berry_bad),
        cmocka_unit_test(test_yarn_berry_no_workspace),
        cmocka_unit_test(test_yarn_berry_meta_not_mapping),
        cmocka_unit_test(test_yarn_berry_v10),
        cmocka_unit_test(test_pnpm_v9_axios),
        cmocka_unit_test(test_pnpm_v6_axios),
        cmocka_unit_test(test_pnpm_v5_axios),
        cmocka_unit_test(test_pnpm_peers_merged),
        cmocka_unit_test(test_pnpm_sources_and_links),
        cmocka_unit_test(test_pnpm_multi_document),
        cmocka_unit_test(test_pnpm_bad),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_truncated_fixtures),
        cmocka_unit_test(test_seed_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
