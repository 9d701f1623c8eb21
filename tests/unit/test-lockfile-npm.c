/* test-lockfile-npm.c - package-lock.json v1/v2/v3, bun.lock, package.json
 * alone and Pipfile.lock (src/lockfile/lockfile-{npm,bun,package-json,
 * pipfile,json}.c), on the "demo-app" fixtures in tests/lockfile/npm/.
 *
 * demo-app depends on axios 1.14.1, which depends on follow-redirects,
 * form-data, proxy-from-env and plain-crypto-js 4.2.1 (an install
 * script); on string-width-cjs (npm:string-width@4.2.3); strip-ansi 7
 * (string-width needs strip-ansi 6, installed nested, with ansi-regex 5
 * nested beside it while ansi-regex 6 is at the top); a git dependency;
 * @babel/code-frame as a dev dependency; and a workspace member
 * packages/utils (@demo/utils). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lockfile/lockfile.h"
#include "testutil.h"
#include "util/buf.h"

#define FIXTURES PW_TEST_SRCDIR "/tests/lockfile/npm/"

static char *fixture(const char *rel, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, FIXTURES "%s", rel);
    return tu_read_file(path, len);
}

static pwi_lockfile *parse_ok_n(const char *path, const char *data,
                                size_t len, const pwi_lock_opts *o)
{
    pwi_lockfile *lf = NULL;
    pw_error err;
    memset(&err, 0, sizeof err);
    pw_status st = pwi_lock_parse(path, data, len, o, &lf, &err);
    if (st != PW_OK)
        fail_msg("%s: unexpected error %d at %s:%zu: %s", path, st, err.path,
                 err.line, err.msg);
    assert_non_null(lf);
    return lf;
}

static pwi_lockfile *parse_ok(const char *path, const char *s)
{
    return parse_ok_n(path, s, strlen(s), NULL);
}

/* Expects code at line (any line when SIZE_MAX) with needle in the
 * message and err->path == path. */
static void parse_fail_o(const char *path, const char *s,
                         const pwi_lock_opts *o, pw_status code, size_t line,
                         const char *needle)
{
    pwi_lockfile *lf = (pwi_lockfile *)1;
    pw_error err;
    memset(&err, 0, sizeof err);
    pw_status st = pwi_lock_parse(path, s, strlen(s), o, &lf, &err);
    if (st != code || (line != SIZE_MAX && err.line != line) ||
        !strstr(err.msg, needle) || strcmp(err.path, path))
        fail_msg("%s: expected %d at line %zu with \"%s\", got %d at "
                 "%s:%zu: %s", path, code, line, needle, st, err.path,
                 err.line, err.msg);
    assert_null(lf);
}

static void parse_fail(const char *path, const char *s, pw_status code,
                       size_t line, const char *needle)
{
    parse_fail_o(path, s, NULL, code, line, needle);
}

/* 1-based line of the first occurrence of needle in data. */
static size_t line_of(const char *data, const char *needle)
{
    const char *p = strstr(data, needle);
    if (!p)
        fail_msg("fixture lacks %s", needle);
    size_t line = 1;
    for (const char *q = data; q < p; q++)
        line += *q == '\n';
    return line;
}

/* Index of the package named name (version NULL: any), which must exist
 * exactly once. */
static size_t find(const pwi_lockfile *lf, const char *name,
                   const char *version)
{
    size_t found = SIZE_MAX;
    for (size_t i = 0; i < lf->npkgs; i++) {
        const pwi_lock_pkg *p = &lf->pkgs[i];
        if (strcmp(p->name, name))
            continue;
        if (version && (!p->version || strcmp(p->version, version)))
            continue;
        if (found != SIZE_MAX)
            fail_msg("%s@%s is listed twice", name, version ? version : "*");
        found = i;
    }
    if (found == SIZE_MAX)
        fail_msg("%s@%s is missing", name, version ? version : "*");
    return found;
}

static int has_edge(const pwi_lockfile *lf, size_t from, size_t to)
{
    for (size_t i = 0; i < lf->nedges; i++)
        if (lf->edges[i].from == from && lf->edges[i].to == to)
            return 1;
    return 0;
}

static void assert_path(const pwi_lockfile *lf, size_t i, const char *want)
{
    char buf[512];
    pwi_lock_path_str(lf, i, buf, sizeof buf);
    assert_string_equal(buf, want);
}

static void assert_str_or_null(const char *got, const char *want)
{
    if (!want)
        assert_null(got);
    else {
        assert_non_null(got);
        assert_string_equal(got, want);
    }
}

/* ---- package-lock.json ------------------------------------------------- */

enum { LOCK_V1 = 1, LOCK_V2 = 2, LOCK_V3 = 3 };

/* The facts every package-lock version of demo-app has. data is the file
 * (for lines), key(name) the text of the entry's key. */
static void check_npm_demo(const pwi_lockfile *lf, const char *data,
                           int version)
{
    int v1 = version == LOCK_V1;
    unsigned known = v1 ? 0 : PWI_LOCKF_SCRIPTS_KNOWN;
    char key[128];
#define KEY(v1key, v2key)                                                    \
    (snprintf(key, sizeof key, "\"%s\": {", v1 ? (v1key) : (v2key)), key)

    assert_int_equal(lf->format, PWI_LOCK_NPM);
    assert_string_equal(lf->ecosystem, "npm");
    assert_string_equal(lf->format_version, v1 ? "1" : version == 2 ? "2"
                                                                     : "3");
    assert_int_equal(lf->nwarnings, 0);

    size_t root = find(lf, "demo-app", NULL);
    const pwi_lock_pkg *r = &lf->pkgs[root];
    assert_int_equal(root, 0);
    assert_true(r->flags & PWI_LOCKF_ROOT);
    assert_string_equal(r->version, "1.0.0");
    assert_int_equal(r->source, PWI_SRC_PATH);
    assert_int_equal(r->parent, SIZE_MAX);
    assert_path(lf, root, "demo-app");

    /* the axios case */
    size_t axios = find(lf, "axios", "1.14.1");
    const pwi_lock_pkg *a = &lf->pkgs[axios];
    assert_int_equal(a->line, line_of(data, KEY("axios", "node_modules/axios")));
    assert_int_equal(a->source, PWI_SRC_REGISTRY);
    assert_string_equal(a->resolved,
                        "https://registry.npmjs.org/axios/-/axios-1.14.1.tgz");
    assert_non_null(a->integrity);
    assert_int_equal(strncmp(a->integrity, "sha512-", 7), 0);
    assert_null(a->alias);
    assert_int_equal(a->flags, PWI_LOCKF_DIRECT | known);
    assert_true(has_edge(lf, root, axios));
    assert_path(lf, axios, "demo-app > axios@1.14.1");
    if (!v1)
        assert_string_equal(a->spec, "^1.14.0");

    size_t pcj = find(lf, "plain-crypto-js", "4.2.1");
    const pwi_lock_pkg *p = &lf->pkgs[pcj];
    assert_int_equal(p->line, line_of(data, KEY("plain-crypto-js",
                                                "node_modules/plain-crypto-js")));
    assert_int_equal(p->flags, v1 ? 0
                                  : PWI_LOCKF_SCRIPTS_KNOWN |
                                        PWI_LOCKF_INSTALL_SCRIPT);
    assert_int_equal(p->source, PWI_SRC_REGISTRY);
    assert_int_equal(p->parent, axios);
    assert_path(lf, pcj, "demo-app > axios@1.14.1 > plain-crypto-js@4.2.1");
    static const char *const axios_deps[] = {"follow-redirects", "form-data",
                                             "proxy-from-env",
                                             "plain-crypto-js"};
    for (size_t i = 0; i < 4; i++)
        assert_true(has_edge(lf, axios, find(lf, axios_deps[i], NULL)));
    size_t ms = find(lf, "mime-db", "1.52.0");
    assert_path(lf, ms, "demo-app > axios@1.14.1 > form-data@4.0.4 > "
                        "mime-types@2.1.35 > mime-db@1.52.0");

    /* scoped dev dependency and its dependencies */
    size_t cf = find(lf, "@babel/code-frame", "7.26.2");
    assert_int_equal(lf->pkgs[cf].line,
                     line_of(data, KEY("@babel/code-frame",
                                       "node_modules/@babel/code-frame")));
    assert_int_equal(lf->pkgs[cf].flags,
                     PWI_LOCKF_DEV | PWI_LOCKF_DIRECT | known);
    assert_string_equal(lf->pkgs[cf].resolved,
                        "https://registry.npmjs.org/@babel/code-frame/-/"
                        "code-frame-7.26.2.tgz");
    assert_int_equal(lf->pkgs[cf].source, PWI_SRC_REGISTRY);
    size_t jt = find(lf, "js-tokens", "4.0.0");
    assert_int_equal(lf->pkgs[jt].flags, PWI_LOCKF_DEV | known);
    assert_path(lf, jt, "demo-app > @babel/code-frame@7.26.2 > "
                        "js-tokens@4.0.0");

    /* the npm alias */
    size_t sw = find(lf, "string-width", "4.2.3");
    const pwi_lock_pkg *s = &lf->pkgs[sw];
    assert_string_equal(s->alias, "string-width-cjs");
    assert_int_equal(s->source, PWI_SRC_REGISTRY);
    assert_int_equal(s->line, line_of(data, KEY("string-width-cjs",
                                                "node_modules/string-width-cjs")));
    assert_path(lf, sw, "demo-app > string-width-cjs@4.2.3");
    if (!v1)
        assert_string_equal(s->spec, "npm:string-width@^4.2.0");

    /* one name, two versions, resolved by nesting */
    size_t sa6 = find(lf, "strip-ansi", "6.0.1");
    size_t sa7 = find(lf, "strip-ansi", "7.1.0");
    size_t ar5 = find(lf, "ansi-regex", "5.0.1");
    size_t ar6 = find(lf, "ansi-regex", "6.1.0");
    assert_true(has_edge(lf, sw, sa6));
    assert_false(has_edge(lf, sw, sa7));
    assert_true(has_edge(lf, sa6, ar5));
    assert_false(has_edge(lf, sa6, ar6));
    assert_true(has_edge(lf, sa7, ar6));
    assert_true(has_edge(lf, root, sa7));
    assert_int_not_equal(lf->pkgs[sa6].line, lf->pkgs[sa7].line);
    assert_int_not_equal(lf->pkgs[ar5].line, lf->pkgs[ar6].line);
    assert_path(lf, ar5, "demo-app > string-width-cjs@4.2.3 > "
                         "strip-ansi@6.0.1 > ansi-regex@5.0.1");
    assert_path(lf, ar6, "demo-app > strip-ansi@7.1.0 > ansi-regex@6.1.0");
    if (!v1)
        assert_int_equal(lf->pkgs[ar5].line,
                         line_of(data, "\"node_modules/string-width-cjs/"
                                       "node_modules/ansi-regex\""));

    /* the git dependency */
    size_t git = find(lf, "tiny-git-lib", NULL);
    const pwi_lock_pkg *g = &lf->pkgs[git];
    assert_int_equal(g->source, PWI_SRC_GIT);
    assert_string_equal(g->resolved,
                        "git+ssh://git@github.com/demo-org/tiny-git-lib.git"
                        "#4f7a1c2e9b8d3a6f5e0c1b2a3d4e5f60718293a4");
    assert_str_or_null(g->version, v1 ? NULL : "1.0.0");
    assert_true(g->flags & PWI_LOCKF_DIRECT);

    /* the workspace member (a file: dependency in v1) */
    size_t ws = find(lf, "@demo/utils", NULL);
    const pwi_lock_pkg *w = &lf->pkgs[ws];
    size_t pfe = find(lf, "proxy-from-env", "1.1.0");
    assert_int_equal(w->source, PWI_SRC_PATH);
    assert_true(has_edge(lf, root, ws));
    assert_true(has_edge(lf, ws, pfe));
    if (v1) {
        assert_string_equal(w->resolved, "file:packages/utils");
        assert_false(w->flags & PWI_LOCKF_ROOT);
        /* breadth first, ties to the lower index: @demo/utils sorts first */
        assert_path(lf, pfe, "demo-app > @demo/utils > proxy-from-env@1.1.0");
    } else {
        assert_string_equal(w->resolved, "packages/utils");
        assert_string_equal(w->version, "0.1.0");
        assert_true(w->flags & PWI_LOCKF_ROOT);
        assert_int_equal(w->line, line_of(data, "\"packages/utils\": {"));
        /* roots start the search together: the member is the shorter way */
        assert_path(lf, pfe, "@demo/utils > proxy-from-env@1.1.0");
        size_t fse = find(lf, "fsevents", "2.3.3");
        assert_int_equal(lf->pkgs[fse].flags,
                         PWI_LOCKF_OPTIONAL | PWI_LOCKF_SCRIPTS_KNOWN |
                             PWI_LOCKF_INSTALL_SCRIPT | PWI_LOCKF_DIRECT);
        assert_true(has_edge(lf, ws, fse));
        assert_string_equal(lf->pkgs[fse].spec, "^2.3.3");
    }
    /* 23 installed packages, the project and its member */
    assert_int_equal(lf->npkgs, 25);
#undef KEY
}

static void test_npm_v3(void **state)
{
    (void)state;
    size_t len;
    char *data = fixture("v3/demo-app/package-lock.json", &len);
    pwi_lockfile *lf = parse_ok_n("v3/demo-app/package-lock.json", data,
                                  len, NULL);
    check_npm_demo(lf, data, LOCK_V3);
    pwi_lock_free(lf);
    free(data);
}

static void test_npm_v2(void **state)
{
    (void)state;
    size_t len;
    char *data = fixture("v2/demo-app/package-lock.json", &len);
    pwi_lockfile *lf = parse_ok_n("demo/npm-shrinkwrap.json", data, len,
                                  NULL);
    check_npm_demo(lf, data, LOCK_V2);
    pwi_lock_free(lf);
    free(data);
}

static void test_npm_v1(void **state)
{
    (void)state;
    size_t len;
    char *data = fixture("v1/demo-app/package-lock.json", &len);
    pwi_lockfile *lf = parse_ok_n("v1/demo-app/package-lock.json", data,
                                  len, NULL);
    check_npm_demo(lf, data, LOCK_V1);
    pwi_lock_free(lf);
    free(data);
}

/* v2 without "packages" is read from "dependencies". */
static void test_npm_v2_dependencies_only(void **state)
{
    (void)state;
    pwi_lockfile *lf = parse_ok(
        "package-lock.json",
        "{\"name\": \"x\", \"lockfileVersion\": 2, \"dependencies\": {\n"
        "  \"a\": {\"version\": \"1.0.0\", \"requires\": {\"b\": \"^2\"}},\n"
        "  \"b\": {\"version\": \"2.0.0\"}\n}}");
    assert_string_equal(lf->format_version, "2");
    size_t a = find(lf, "a", "1.0.0"), b = find(lf, "b", "2.0.0");
    assert_int_equal(lf->pkgs[a].line, 2);
    assert_true(has_edge(lf, a, b));
    assert_true(has_edge(lf, 0, a));
    assert_false(has_edge(lf, 0, b));
    assert_path(lf, b, "x > a@1.0.0 > b@2.0.0");
    pwi_lock_free(lf);
}

static void test_npm_details(void **state)
{
    (void)state;
    /* root name from the directory; aliases, tarball URLs, links to
     * folders outside the lockfile, missing dependencies, cycles */
    const char *doc =
        "{\"lockfileVersion\": 3, \"packages\": {\n"
        "  \"\": {\"dependencies\": {\"a\": \"^1\", \"ext\": \"file:../ext\","
        " \"gone\": \"^1\", \"tb\": \"https://x.test/tb.tgz\"},"
        " \"optionalDependencies\": {\"opt-missing\": \"^1\"}},\n"
        "  \"node_modules/a\": {\"version\": \"1.0.0\", \"resolved\": "
        "\"https://mirror.test/npm/a/-/a-1.0.0.tgz\", \"dependencies\": "
        "{\"b\": \"^1\"}, \"peerDependencies\": {\"peer-missing\": \"*\"}},\n"
        "  \"node_modules/b\": {\"version\": \"1.0.0\", \"dependencies\": "
        "{\"a\": \"^1\"}, \"devOptional\": true},\n"
        "  \"node_modules/ext\": {\"resolved\": \"../ext\", \"link\": true},\n"
        "  \"node_modules/tb\": {\"version\": \"0.1.0\", \"resolved\": "
        "\"https://x.test/tb.tgz\", \"integrity\": \"sha1-AAAA\"},\n"
        "  \"node_modules/@s/al\": {\"name\": \"@t/real\", \"version\": "
        "\"2.0.0\", \"resolved\": \"https://registry.npmjs.org/@t/real/-/"
        "real-2.0.0.tgz\", \"peer\": true}\n"
        "}}";
    pwi_lockfile *lf = parse_ok("work/my-project/package-lock.json", doc);
    assert_string_equal(lf->pkgs[0].name, "my-project");
    size_t a = find(lf, "a", NULL), b = find(lf, "b", NULL);
    assert_int_equal(lf->pkgs[a].source, PWI_SRC_REGISTRY);
    assert_true(has_edge(lf, a, b));
    assert_true(has_edge(lf, b, a));
    assert_int_equal(lf->pkgs[b].flags,
                     PWI_LOCKF_OPTIONAL | PWI_LOCKF_SCRIPTS_KNOWN);
    assert_int_equal(lf->pkgs[b].source, PWI_SRC_REGISTRY);
    assert_path(lf, b, "my-project > a@1.0.0 > b@1.0.0");
    size_t ext = find(lf, "ext", NULL);
    assert_int_equal(lf->pkgs[ext].source, PWI_SRC_PATH);
    assert_string_equal(lf->pkgs[ext].resolved, "../ext");
    assert_int_equal(lf->pkgs[ext].line, 5);
    size_t tb = find(lf, "tb", NULL);
    assert_int_equal(lf->pkgs[tb].source, PWI_SRC_URL);
    size_t al = find(lf, "@t/real", "2.0.0");
    assert_string_equal(lf->pkgs[al].alias, "@s/al");
    assert_int_equal(lf->pkgs[al].flags,
                     PWI_LOCKF_PEER | PWI_LOCKF_SCRIPTS_KNOWN);
    /* not reachable from the project */
    assert_path(lf, al, "(path unknown) > @s/al@2.0.0");
    /* the required one that is missing is a warning, optional ones not */
    assert_int_equal(lf->nwarnings, 1);
    assert_int_equal(lf->warnings[0].line, 2);
    assert_non_null(strstr(lf->warnings[0].message, "\"gone\""));
    assert_non_null(strstr(lf->warnings[0].message, "not in the lockfile"));
    pwi_lock_free(lf);

    /* no "" entry: the project depends on what nothing else requires */
    lf = parse_ok("package-lock.json",
                  "{\"name\": \"p\", \"lockfileVersion\": 2, \"packages\": {"
                  "\"node_modules/a\": {\"version\": \"1.0.0\", "
                  "\"dependencies\": {\"b\": \"1\"}},"
                  "\"node_modules/b\": {\"version\": \"1.0.0\"},"
                  "\"node_modules/c\": {\"version\": \"1.0.0\", "
                  "\"dependencies\": {\"d\": \"1\"}},"
                  "\"node_modules/d\": {\"version\": \"1.0.0\", "
                  "\"dependencies\": {\"c\": \"1\"}}}}");
    assert_true(lf->pkgs[find(lf, "p", NULL)].flags & PWI_LOCKF_ROOT);
    assert_path(lf, find(lf, "b", NULL), "p > a@1.0.0 > b@1.0.0");
    /* c and d only require each other: still reachable */
    assert_true(lf->pkgs[find(lf, "d", NULL)].parent != SIZE_MAX);
    pwi_lock_free(lf);
}

static void test_npm_errors(void **state)
{
    (void)state;
    const char *pl = "package-lock.json";
    parse_fail(pl, "{\n  \"name\": \"x\",\n  \"lockfileVersion\": 7,\n"
                   "  \"packages\": {}\n}",
               PW_ERR_UNSUPPORTED, 3,
               "\"lockfileVersion\" 7 is not supported (known: 1, 2, 3)");
    parse_fail(pl, "{\"lockfileVersion\": \"3\", \"packages\": {}}",
               PW_ERR_UNSUPPORTED, 1,
               "\"lockfileVersion\" \"3\" is not supported");
    parse_fail(pl, "{\"lockfileVersion\": 2.5, \"packages\": {}}",
               PW_ERR_UNSUPPORTED, 1, "2.5 is not supported");
    parse_fail(pl, "{\"name\": \"x\", \"packages\": {}}", PW_ERR_UNSUPPORTED,
               1, "\"lockfileVersion\" is missing (known: 1, 2, 3)");
    parse_fail(pl, "[1]", PW_ERR_FORMAT, 1,
               "a package-lock must be an object, found an array");
    parse_fail(pl, "{\"lockfileVersion\": 3,\n\"packages\": [1, 2]}",
               PW_ERR_FORMAT, 2,
               "\"packages\" must be an object, found an array");
    parse_fail(pl, "{\"lockfileVersion\": 3}", PW_ERR_FORMAT, 1,
               "without \"packages\"");
    parse_fail(pl, "{\"lockfileVersion\": 3, \"packages\": {\n\"\": {},\n"
                   "\"node_modules/a\": \"1.0.0\"}}",
               PW_ERR_FORMAT, 3,
               "\"packages\" entry \"node_modules/a\" must be an object, "
               "found a string");
    parse_fail(pl, "{\"lockfileVersion\": 3, \"packages\": {\n"
                   "\"node_modules/a\": {\"version\": 1}}}",
               PW_ERR_FORMAT, 2,
               "\"version\" of \"packages\" entry \"node_modules/a\" must "
               "be a string, found a number");
    parse_fail(pl, "{\"lockfileVersion\": 3, \"packages\": {\n"
                   "\"node_modules/a\": {\n\"dependencies\": [\"b\"]}}}",
               PW_ERR_FORMAT, 3, "\"dependencies\" of \"packages\" entry");
    parse_fail(pl, "{\"lockfileVersion\": 3, \"packages\": {\n"
                   "\"node_modules/a\": {\"dependencies\": {\n"
                   "\"b\": 2}}}}",
               PW_ERR_FORMAT, 3,
               "\"b\" in \"dependencies\" of \"packages\" entry "
               "\"node_modules/a\" must be a string");
    parse_fail(pl, "{\"lockfileVersion\": 3, \"packages\": {\n"
                   "\"node_modules/a\": {\"dev\": \"yes\"}}}",
               PW_ERR_FORMAT, 2, "must be a boolean, found a string");
    parse_fail(pl, "{\"lockfileVersion\": 3, \"packages\": {\n"
                   "\"node_modules/a\": {\"version\": \"1\\u00002\"}}}",
               PW_ERR_FORMAT, 2, "contains a NUL character");
    parse_fail(pl, "{\"lockfileVersion\": 3, \"packages\": {\n"
                   "\"node_modules/\": {\"version\": \"1.0.0\"}}}",
               PW_ERR_FORMAT, 2, "does not name a package");
    parse_fail(pl, "{\"lockfileVersion\": 1, \"dependencies\": {\n"
                   "\"a\": {\"version\": \"1.0.0\", \"dependencies\": {\n"
                   "\"b\": true}}}}",
               PW_ERR_FORMAT, 3,
               "\"dependencies\" entry \"b\" must be an object, found a "
               "boolean");
    /* JSON errors come through with their place */
    parse_fail(pl, "{\"lockfileVersion\": 3,\n\"packages\": {\"\": {},}}",
               PW_ERR_FORMAT, 2, "trailing comma");
    parse_fail(pl, "{\"lockfileVersion\": 3, \"packages\": {\n\"\": {},\n"
                   "\"\": {}}}",
               PW_ERR_FORMAT, 3, "duplicate key \"\"");

    /* truncated anywhere: an error, never a partial result */
    size_t len;
    char *data = fixture("v3/demo-app/package-lock.json", &len);
    for (size_t cut = 0; cut < len - 1; cut += 97) {
        pwi_lockfile *lf = (pwi_lockfile *)1;
        pw_error err;
        memset(&err, 0, sizeof err);
        pw_status st = pwi_lock_parse("package-lock.json", data, cut, NULL,
                                      &lf, &err);
        assert_int_equal(st, PW_ERR_FORMAT);
        assert_true(err.line > 0);
        assert_null(lf);
    }
    free(data);
}

static void test_npm_limits(void **state)
{
    (void)state;
    pwi_lock_opts o;
    pwi_lock_opts_init(&o);
    size_t len;
    char *data = fixture("v3/demo-app/package-lock.json", &len);
    /* more packages than allowed */
    o.max_packages = 5;
    pwi_lockfile *lf = (pwi_lockfile *)1;
    pw_error err;
    assert_int_equal(pwi_lock_parse("package-lock.json", data, len, &o, &lf,
                                    &err),
                     PW_ERR_LIMIT);
    assert_null(lf);
    assert_non_null(strstr(err.msg, "more than 5 packages"));
    assert_true(err.line > 0);
    /* a file over the size limit */
    pwi_lock_opts_init(&o);
    o.limits.max_bytes = 1024;
    assert_int_equal(pwi_lock_parse("package-lock.json", data, len, &o, &lf,
                                    &err),
                     PW_ERR_LIMIT);
    assert_null(lf);
    free(data);

    /* hostile nesting stops at the JSON depth limit */
    pwi_buf b;
    pwi_buf_init(&b, 0);
    pwi_buf_adds(&b, "{\"lockfileVersion\": 1, \"dependencies\": ");
    for (int i = 0; i < 200; i++)
        pwi_buf_adds(&b, "{\"a\": {\"version\": \"1.0.0\", "
                         "\"requires\": {\"a\": \"1\"}, \"dependencies\": ");
    pwi_buf_adds(&b, "{}");
    for (int i = 0; i < 200; i++)
        pwi_buf_adds(&b, "}}");
    pwi_buf_adds(&b, "}");
    parse_fail("package-lock.json", b.data, PW_ERR_LIMIT, 1,
               "deeper than the limit of 64");
    /* ... and with a higher limit the nested tree is read iteratively */
    pwi_lock_opts_init(&o);
    o.limits.max_depth = 1000;
    lf = parse_ok_n("package-lock.json", b.data, b.len, &o);
    assert_int_equal(lf->npkgs, 201);
    char path[4096];
    pwi_lock_path_str(lf, 200, path, sizeof path);
    assert_non_null(strstr(path, "... > a@1.0.0 > a@1.0.0"));
    pwi_lock_free(lf);
    pwi_buf_release(&b);
}

static void test_npm_big(void **state)
{
    (void)state;
    enum { N = 50000 };
    pwi_buf b;
    pwi_buf_init(&b, 0);
    pwi_buf_adds(&b, "{\n  \"name\": \"big\",\n  \"lockfileVersion\": 3,\n"
                     "  \"packages\": {\n    \"\": {\"dependencies\": "
                     "{\"p0\": \"^1.0.0\"}}");
    for (int i = 0; i < N; i++) {
        pwi_buf_printf(&b,
                       ",\n    \"node_modules/p%d\": {\n"
                       "      \"version\": \"1.0.%d\",\n"
                       "      \"resolved\": \"https://registry.npmjs.org/p%d/"
                       "-/p%d-1.0.%d.tgz\",\n"
                       "      \"integrity\": \"sha512-Zm9vYmFyYmF6cXV4cXV1eHF1"
                       "dXhxdXV4cXV1eHF1dXhxdXV4cXV1eHF1dXhxdXV4cXV1eHE=\",\n",
                       i, i, i, i, i);
        if (i + 1 < N)
            pwi_buf_printf(&b,
                           "      \"dependencies\": {\"p%d\": \"^1.0.0\", "
                           "\"p%d\": \"*\"}\n    }",
                           i + 1, i / 2);
        else
            pwi_buf_adds(&b, "      \"license\": \"MIT\"\n    }");
    }
    pwi_buf_adds(&b, "\n  }\n}\n");
    clock_t t0 = clock();
    pwi_lockfile *lf = parse_ok_n("package-lock.json", b.data, b.len, NULL);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    printf("# %zu bytes, %d packages, %zu edges in %.3f s\n", b.len, N,
           lf->nedges, secs);
    assert_int_equal(lf->npkgs, N + 1);
    assert_int_equal(lf->nwarnings, 0);
    char path[256];
    pwi_lock_path_str(lf, 3, path, sizeof path);
    assert_string_equal(path, "big > p0@1.0.0 > p1@1.0.1 > p2@1.0.2");
    pwi_lock_free(lf);
    pwi_buf_release(&b);
}

/* ---- bun.lock ------------------------------------------------------------ */

static void test_bun(void **state)
{
    (void)state;
    size_t len;
    char *data = fixture("bun/demo-app/bun.lock", &len);
    pwi_lockfile *lf = parse_ok_n("bun/demo-app/bun.lock", data, len, NULL);
    assert_int_equal(lf->format, PWI_LOCK_BUN);
    assert_string_equal(lf->format_version, "1");
    assert_int_equal(lf->nwarnings, 0);
    assert_int_equal(lf->npkgs, 25);

    size_t root = find(lf, "demo-app", NULL);
    assert_int_equal(root, 0);
    assert_true(lf->pkgs[root].flags & PWI_LOCKF_ROOT);
    assert_int_equal(lf->pkgs[root].line, line_of(data, "\"\": {"));

    size_t axios = find(lf, "axios", "1.14.1");
    const pwi_lock_pkg *a = &lf->pkgs[axios];
    assert_int_equal(a->line, line_of(data, "\"axios\": ["));
    assert_int_equal(a->source, PWI_SRC_REGISTRY);
    assert_string_equal(a->resolved,
                        "https://registry.npmjs.org/axios/-/axios-1.14.1.tgz");
    assert_int_equal(strncmp(a->integrity, "sha512-", 7), 0);
    assert_int_equal(a->flags, PWI_LOCKF_DIRECT);
    assert_string_equal(a->spec, "^1.14.0");
    size_t pcj = find(lf, "plain-crypto-js", "4.2.1");
    assert_int_equal(lf->pkgs[pcj].flags, 0);
    assert_path(lf, pcj, "demo-app > axios@1.14.1 > plain-crypto-js@4.2.1");

    /* dev and optional are computed from the graph */
    size_t cf = find(lf, "@babel/code-frame", "7.26.2");
    assert_int_equal(lf->pkgs[cf].flags, PWI_LOCKF_DEV | PWI_LOCKF_DIRECT);
    assert_string_equal(lf->pkgs[cf].resolved,
                        "https://registry.npmjs.org/@babel/code-frame/-/"
                        "code-frame-7.26.2.tgz");
    assert_int_equal(lf->pkgs[find(lf, "js-tokens", NULL)].flags,
                     PWI_LOCKF_DEV);
    size_t fse = find(lf, "fsevents", NULL);
    assert_int_equal(lf->pkgs[fse].flags,
                     PWI_LOCKF_OPTIONAL | PWI_LOCKF_DIRECT);

    size_t sw = find(lf, "string-width", "4.2.3");
    assert_string_equal(lf->pkgs[sw].alias, "string-width-cjs");
    assert_path(lf, sw, "demo-app > string-width-cjs@4.2.3");
    size_t sa6 = find(lf, "strip-ansi", "6.0.1");
    size_t ar5 = find(lf, "ansi-regex", "5.0.1");
    size_t ar6 = find(lf, "ansi-regex", "6.1.0");
    assert_true(has_edge(lf, sw, sa6));
    assert_true(has_edge(lf, sa6, ar5));
    assert_false(has_edge(lf, sa6, ar6));
    assert_int_equal(lf->pkgs[ar5].line,
                     line_of(data, "\"string-width-cjs/ansi-regex\""));
    assert_path(lf, ar5, "demo-app > string-width-cjs@4.2.3 > "
                         "strip-ansi@6.0.1 > ansi-regex@5.0.1");
    assert_path(lf, ar6, "demo-app > strip-ansi@7.1.0 > ansi-regex@6.1.0");

    size_t git = find(lf, "tiny-git-lib", NULL);
    assert_int_equal(lf->pkgs[git].source, PWI_SRC_GIT);
    assert_string_equal(lf->pkgs[git].resolved,
                        "github:demo-org/tiny-git-lib#4f7a1c2");
    assert_null(lf->pkgs[git].version);

    size_t ws = find(lf, "@demo/utils", NULL);
    assert_true(lf->pkgs[ws].flags & PWI_LOCKF_ROOT);
    assert_string_equal(lf->pkgs[ws].resolved, "packages/utils");
    assert_string_equal(lf->pkgs[ws].version, "0.1.0");
    assert_true(has_edge(lf, root, ws));
    assert_true(has_edge(lf, ws, find(lf, "proxy-from-env", NULL)));
    assert_true(has_edge(lf, ws, fse));
    pwi_lock_free(lf);
    free(data);
}

static void test_bun_details(void **state)
{
    (void)state;
    /* version 0, comments, custom registry, file:/link:/tarball entries,
     * a nested scoped key, a workspace's own nested key, missing deps */
    const char *doc =
        "{\n"
        "  \"lockfileVersion\": 0,\n"
        "  \"workspaces\": {\n"
        "    \"\": {\"dependencies\": {\"@s/a\": \"^1\", \"loc\": "
        "\"file:./loc\", \"ln\": \"link:ln\", \"tb\": "
        "\"https://x.test/tb-1.tgz\", \"nope\": \"^1\"}, "
        "\"peerDependencies\": {\"pp\": \"*\"}, \"optionalPeers\": [\"pp\"]},\n"
        "    \"apps/web\": {\"name\": \"web\", \"dependencies\": {\"@s/a\": "
        "\"^2\"}},\n"
        "  },\n"
        "  /* packages */\n"
        "  \"packages\": {\n"
        "    \"@s/a\": [\"@s/a@1.0.0\", \"https://npm.corp.test/@s/a/-/a-1.0.0"
        ".tgz\", {\"dependencies\": {\"@s/b\": \"^1\"}}, \"sha512-A\"],\n"
        "    \"@s/a/@s/b\": [\"@s/b@1.1.0\", \"\", {}, \"sha512-B\"],\n"
        "    \"@s/b\": [\"@s/b@9.0.0\", \"\", {}, \"sha512-C\"],\n"
        "    \"web\": [\"web@workspace:apps/web\"],\n"
        "    \"web/@s/a\": [\"@s/a@2.0.0\", \"\", {}, \"\"],\n"
        "    \"loc\": [\"loc@file:./loc\", {}],\n"
        "    \"ln\": [\"ln@link:ln\", {}],\n"
        "    \"tb\": [\"tb@https://x.test/tb-1.tgz\", {}],\n"
        "  },\n"
        "}\n";
    pwi_lockfile *lf = parse_ok("proj/bun.lock", doc);
    assert_string_equal(lf->format_version, "0");
    assert_string_equal(lf->pkgs[0].name, "proj");
    size_t a1 = find(lf, "@s/a", "1.0.0"), a2 = find(lf, "@s/a", "2.0.0");
    size_t b1 = find(lf, "@s/b", "1.1.0");
    assert_string_equal(lf->pkgs[a1].resolved,
                        "https://npm.corp.test/@s/a/-/a-1.0.0.tgz");
    assert_int_equal(lf->pkgs[a1].source, PWI_SRC_REGISTRY);
    assert_null(lf->pkgs[a2].integrity);
    assert_true(has_edge(lf, a1, b1));
    assert_int_equal(lf->pkgs[b1].line, 10);
    size_t web = find(lf, "web", NULL);
    assert_true(lf->pkgs[web].flags & PWI_LOCKF_ROOT);
    assert_true(has_edge(lf, web, a2));
    assert_false(has_edge(lf, web, a1));
    assert_path(lf, a2, "web > @s/a@2.0.0");
    assert_int_equal(lf->pkgs[find(lf, "loc", NULL)].source, PWI_SRC_PATH);
    assert_string_equal(lf->pkgs[find(lf, "loc", NULL)].resolved, "./loc");
    assert_int_equal(lf->pkgs[find(lf, "ln", NULL)].source, PWI_SRC_PATH);
    assert_int_equal(lf->pkgs[find(lf, "tb", NULL)].source, PWI_SRC_URL);
    /* @s/b@9 is not reachable from anything */
    assert_int_equal(lf->pkgs[find(lf, "@s/b", "9.0.0")].parent, SIZE_MAX);
    /* "nope" is missing; the optional peer is not reported */
    assert_int_equal(lf->nwarnings, 1);
    assert_int_equal(lf->warnings[0].line, 4);
    assert_non_null(strstr(lf->warnings[0].message, "\"nope\""));
    pwi_lock_free(lf);
}

static void test_bun_errors(void **state)
{
    (void)state;
    const char *bl = "bun.lock";
    parse_fail(bl, "{\n  \"lockfileVersion\": 2,\n  \"workspaces\": {}\n}",
               PW_ERR_UNSUPPORTED, 2,
               "\"lockfileVersion\" 2 is not supported (known: 0, 1)");
    parse_fail(bl, "{\"workspaces\": {\"\": {}}, \"packages\": {}}",
               PW_ERR_UNSUPPORTED, 1, "\"lockfileVersion\" is missing");
    parse_fail(bl, "{\"lockfileVersion\": 1, \"packages\": {}}",
               PW_ERR_FORMAT, 1, "\"workspaces\" is missing");
    parse_fail(bl, "{\"lockfileVersion\": 1, \"workspaces\": {\"a\": "
                   "{\"name\": \"a\"}}}",
               PW_ERR_FORMAT, 1, "no \"\" entry");
    parse_fail(bl, "{\"lockfileVersion\": 1, \"workspaces\": {\"\": {}},\n"
                   "\"packages\": {\"a\": {\"x\": 1}}}",
               PW_ERR_FORMAT, 2,
               "\"packages\" entry \"a\" must be an array, found an object");
    parse_fail(bl, "{\"lockfileVersion\": 1, \"workspaces\": {\"\": {}},\n"
                   "\"packages\": {\"a\": [\"a\"]}}",
               PW_ERR_FORMAT, 2, "does not start with \"name@resolution\"");
    parse_fail(bl, "{\"lockfileVersion\": 1, \"workspaces\": {\"\": {}},\n"
                   "\"packages\": {\"a//b\": [\"b@1.0.0\", \"\", {}, \"\"]}}",
               PW_ERR_FORMAT, 2, "not a package path");
    parse_fail(bl, "{\"lockfileVersion\": 1, \"workspaces\": {\"\": {}},\n"
                   "\"packages\": {\"a\": [\"a@1.0.0\", 5, {}, \"\"]}}",
               PW_ERR_FORMAT, 2, "element 2 of \"packages\" entry \"a\"");
    parse_fail(bl, "{\"lockfileVersion\": 1, \"workspaces\": {\"\": "
                   "{\"dependencies\": {\n\"a\": 1}}}}",
               PW_ERR_FORMAT, 2, "\"a\" in \"dependencies\" of workspace");
    parse_fail(bl, "{\"lockfileVersion\": 1, /* open", PW_ERR_FORMAT, 1,
               "unterminated comment");
}

/* ---- package.json alone -------------------------------------------------- */

static void test_package_json(void **state)
{
    (void)state;
    size_t len;
    char *data = fixture("package-json/demo-app/package.json", &len);
    pwi_lockfile *lf = parse_ok_n("package-json/demo-app/package.json", data,
                                  len, NULL);
    assert_int_equal(lf->format, PWI_LOCK_PACKAGE_JSON);
    assert_null(lf->format_version);
    assert_int_equal(lf->npkgs, 13);
    assert_int_equal(lf->pkgs[0].flags, PWI_LOCKF_ROOT);
    assert_string_equal(lf->pkgs[0].name, "demo-app");
    assert_int_equal(lf->nwarnings, 2);
    assert_int_equal(lf->warnings[0].line, line_of(data, "\"workspaces\""));
    assert_int_equal(lf->warnings[1].line, 0);
    assert_string_equal(lf->warnings[1].message,
                        "no lockfile beside package.json: resolved versions "
                        "are unknown; declared ranges are checked instead");

    size_t axios = find(lf, "axios", NULL);
    const pwi_lock_pkg *a = &lf->pkgs[axios];
    assert_null(a->version);
    assert_string_equal(a->spec, "^1.14.0");
    assert_int_equal(a->source, PWI_SRC_UNKNOWN);
    assert_int_equal(a->line, line_of(data, "\"axios\""));
    assert_int_equal(a->flags, PWI_LOCKF_DIRECT);
    assert_path(lf, axios, "demo-app > axios");

    size_t sw = find(lf, "string-width", NULL);
    assert_string_equal(lf->pkgs[sw].alias, "string-width-cjs");
    assert_string_equal(lf->pkgs[sw].spec, "npm:string-width@^4.2.0");
    assert_null(lf->pkgs[sw].version);
    size_t old = find(lf, "old-name", "1.0.0");
    assert_string_equal(lf->pkgs[old].alias, "legacy");
    assert_int_equal(lf->pkgs[old].source, PWI_SRC_REGISTRY);
    size_t sa = find(lf, "strip-ansi", "7.1.0");
    assert_int_equal(lf->pkgs[sa].source, PWI_SRC_REGISTRY);
    static const struct {
        const char *name;
        pwi_lock_source src;
        const char *resolved;
    } kinds[] = {
        {"tiny-git-lib", PWI_SRC_GIT, "github:demo-org/tiny-git-lib#v1.0.0"},
        {"shorthand-lib", PWI_SRC_GIT, "demo-org/shorthand-lib#main"},
        {"left-pad", PWI_SRC_URL,
         "https://registry.example.com/left-pad/-/left-pad-1.3.0.tgz"},
        {"local-lib", PWI_SRC_PATH, "file:../local-lib"},
        {"@demo/utils", PWI_SRC_PATH, "workspace:*"},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        const pwi_lock_pkg *p = &lf->pkgs[find(lf, kinds[i].name, NULL)];
        assert_int_equal(p->source, kinds[i].src);
        assert_string_equal(p->resolved, kinds[i].resolved);
        assert_null(p->version);
    }
    assert_int_equal(lf->pkgs[find(lf, "@babel/code-frame", NULL)].flags,
                     PWI_LOCKF_DEV | PWI_LOCKF_DIRECT);
    assert_int_equal(lf->pkgs[find(lf, "fsevents", NULL)].flags,
                     PWI_LOCKF_OPTIONAL | PWI_LOCKF_DIRECT);
    assert_int_equal(lf->pkgs[find(lf, "react", NULL)].flags,
                     PWI_LOCKF_PEER | PWI_LOCKF_DIRECT);
    pwi_lock_free(lf);
    free(data);

    /* nameless, no dependencies */
    lf = parse_ok("src/tool/package.json", "{}");
    assert_int_equal(lf->npkgs, 1);
    assert_string_equal(lf->pkgs[0].name, "tool");
    assert_int_equal(lf->nwarnings, 1);
    pwi_lock_free(lf);

    parse_fail("package.json", "[]", PW_ERR_FORMAT, 1,
               "a package.json must be an object, found an array");
    parse_fail("package.json", "{\"dependencies\": {\n\"a\": 1}}",
               PW_ERR_FORMAT, 2,
               "\"a\" in \"dependencies\" must be a string, found a number");
    parse_fail("package.json", "{\n\"devDependencies\": [\"a\"]}",
               PW_ERR_FORMAT, 2,
               "\"devDependencies\" must be an object, found an array");
    parse_fail("package.json", "{\"name\": \"a\", \"name\": \"b\"}",
               PW_ERR_FORMAT, 1, "duplicate key \"name\"");
}

/* ---- Pipfile.lock -------------------------------------------------------- */

static void test_pipfile(void **state)
{
    (void)state;
    size_t len;
    char *data = fixture("pipfile/demo-app/Pipfile.lock", &len);
    pwi_lockfile *lf = parse_ok_n("pipfile/demo-app/Pipfile.lock", data, len,
                                  NULL);
    assert_int_equal(lf->format, PWI_LOCK_PIPFILE);
    assert_string_equal(lf->ecosystem, "pypi");
    assert_string_equal(lf->format_version, "6");
    assert_int_equal(lf->npkgs, 7);
    assert_int_equal(lf->nwarnings, 0);
    assert_string_equal(lf->pkgs[0].name, "demo-app");
    assert_true(lf->pkgs[0].flags & PWI_LOCKF_ROOT);

    size_t rq = find(lf, "requests", "2.32.3");
    const pwi_lock_pkg *r = &lf->pkgs[rq];
    assert_string_equal(r->spec, "==2.32.3");
    assert_int_equal(r->source, PWI_SRC_REGISTRY);
    assert_int_equal(strncmp(r->integrity, "sha256:", 7), 0);
    assert_int_equal(strlen(r->integrity), 7 + 64);
    assert_int_equal(r->line, line_of(data, "\"requests\": {"));
    assert_int_equal(r->flags, PWI_LOCKF_DIRECT);
    assert_path(lf, rq, "demo-app > requests@2.32.3");

    size_t pt = find(lf, "pytest", "8.3.3");
    assert_int_equal(lf->pkgs[pt].flags, PWI_LOCKF_DEV | PWI_LOCKF_DIRECT);
    size_t git = find(lf, "tinygit", NULL);
    assert_int_equal(lf->pkgs[git].source, PWI_SRC_GIT);
    assert_string_equal(lf->pkgs[git].resolved,
                        "https://github.com/demo-org/tinygit.git@"
                        "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567");
    assert_null(lf->pkgs[git].version);
    assert_int_equal(lf->pkgs[find(lf, "mylib", NULL)].source, PWI_SRC_PATH);
    assert_string_equal(lf->pkgs[find(lf, "mylib", NULL)].resolved,
                        "./mylib");
    assert_int_equal(lf->pkgs[find(lf, "wheelpkg", NULL)].source,
                     PWI_SRC_URL);
    pwi_lock_free(lf);
    free(data);

    lf = parse_ok("Pipfile.lock", "{\"_meta\": {\"pipfile-spec\": 6}, "
                                  "\"default\": {\"a\": {\"version\": "
                                  "\">=1\"}}}");
    assert_string_equal(lf->pkgs[0].name, "(Pipfile)");
    size_t a = find(lf, "a", NULL);
    assert_null(lf->pkgs[a].version);
    assert_string_equal(lf->pkgs[a].spec, ">=1");
    assert_int_equal(lf->pkgs[a].source, PWI_SRC_UNKNOWN);
    pwi_lock_free(lf);

    const char *pf = "Pipfile.lock";
    parse_fail(pf, "{\n  \"_meta\": {\n    \"pipfile-spec\": 7\n  },\n"
                   "  \"default\": {}\n}",
               PW_ERR_UNSUPPORTED, 3,
               "\"pipfile-spec\" 7 is not supported (known: 6)");
    parse_fail(pf, "{\"_meta\": {}, \"default\": {}}", PW_ERR_UNSUPPORTED, 1,
               "\"pipfile-spec\" is missing (known: 6)");
    parse_fail(pf, "{\"_meta\": [], \"default\": {}}", PW_ERR_FORMAT, 1,
               "\"_meta\" must be an object");
    parse_fail(pf, "{\"_meta\": {\"pipfile-spec\": 6},\n\"default\": {\n"
                   "\"a\": \"==1\"}}",
               PW_ERR_FORMAT, 3,
               "\"a\" in \"default\" must be an object, found a string");
    parse_fail(pf, "{\"_meta\": {\"pipfile-spec\": 6}, \"default\": {\n"
                   "\"a\": {\"hashes\": [1]}}}",
               PW_ERR_FORMAT, 2, "\"hashes\" of \"a\" in \"default\"");
    parse_fail(pf, "{\"_meta\": {\"pipfile-spec\": 6}, \"develop\": [] , "
                   "\"default\": {}}",
               PW_ERR_FORMAT, 1, "\"develop\" must be an object");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_npm_v3),
        cmocka_unit_test(test_npm_v2),
        cmocka_unit_test(test_npm_v1),
        cmocka_unit_test(test_npm_v2_dependencies_only),
        cmocka_unit_test(test_npm_details),
        cmocka_unit_test(test_npm_errors),
        cmocka_unit_test(test_npm_limits),
        cmocka_unit_test(test_npm_big),
        cmocka_unit_test(test_bun),
        cmocka_unit_test(test_bun_details),
        cmocka_unit_test(test_bun_errors),
        cmocka_unit_test(test_package_json),
        cmocka_unit_test(test_pipfile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
