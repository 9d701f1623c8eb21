/* test-lockfile-python.c - poetry.lock, uv.lock, pylock.toml and pip
 * requirements files into the lockfile model (src/lockfile/lockfile-*.c),
 * from the fixtures in tests/lockfile/python/. */
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
#include "util/error.h"
#include "util/mem.h"

#define FIXTURES PW_TEST_SRCDIR "/tests/lockfile/python/"

/* sha256 of a label, as the fixtures' made-up hashes are written. */
#define H_CERTIFI_WHL                                                        \
    "sha256:123be5b01e5a31549c3cba610a83c5d31916cf13d1d5d1a0dce697c78b887de7"

static pwi_lockfile *load_opts(const char *rel, const pwi_lock_opts *o)
{
    char path[1024];
    snprintf(path, sizeof path, FIXTURES "%s", rel);
    pwi_lockfile *lf = NULL;
    pw_error err;
    memset(&err, 0, sizeof err);
    pw_status st = pwi_lock_load(path, o, &lf, &err);
    if (st != PW_OK)
        fail_msg("%s: error %d at %s:%zu: %s", rel, st, err.path, err.line,
                 err.msg);
    assert_non_null(lf);
    return lf;
}

static pwi_lockfile *load(const char *rel)
{
    return load_opts(rel, NULL);
}

/* Expects loading rel to fail with code at line, the message containing
 * needle. */
static void load_fail(const char *rel, const pwi_lock_opts *o,
                      pw_status code, size_t line, const char *needle)
{
    char path[1024];
    snprintf(path, sizeof path, FIXTURES "%s", rel);
    pwi_lockfile *lf = (pwi_lockfile *)1;
    pw_error err;
    memset(&err, 0, sizeof err);
    pw_status st = pwi_lock_load(path, o, &lf, &err);
    if (st != code || err.line != line || !strstr(err.msg, needle) ||
        !strstr(err.path, "tests/lockfile/python/"))
        fail_msg("%s: expected %d at line %zu with \"%s\", got %d at %s:%zu: "
                 "%s",
                 rel, code, line, needle, st, err.path, err.line, err.msg);
    assert_null(lf);
}

static pwi_lockfile *parse_ok(const char *path, const char *data,
                              const pwi_lock_opts *o)
{
    pwi_lockfile *lf = NULL;
    pw_error err;
    memset(&err, 0, sizeof err);
    pw_status st = pwi_lock_parse(path, data, strlen(data), o, &lf, &err);
    if (st != PW_OK)
        fail_msg("%s: error %d at line %zu: %s\n--- input:\n%s", path, st,
                 err.line, err.msg, data);
    return lf;
}

static void parse_fail(const char *path, const char *data,
                       const pwi_lock_opts *o, pw_status code, size_t line,
                       const char *needle)
{
    pwi_lockfile *lf = (pwi_lockfile *)1;
    pw_error err;
    memset(&err, 0, sizeof err);
    pw_status st = pwi_lock_parse(path, data, strlen(data), o, &lf, &err);
    if (st != code || err.line != line || !strstr(err.msg, needle) ||
        strcmp(err.path, path))
        fail_msg("%s: expected %d at line %zu with \"%s\", got %d at %s:%zu: "
                 "%s\n--- input:\n%s",
                 path, code, line, needle, st, err.path, err.line, err.msg,
                 data);
    assert_null(lf);
}

/* Index of the package name@version (version NULL: any), failing if
 * absent. */
static size_t find(const pwi_lockfile *lf, const char *name,
                   const char *version)
{
    for (size_t i = 0; i < lf->npkgs; i++)
        if (!strcmp(lf->pkgs[i].name, name) &&
            (!version || (lf->pkgs[i].version &&
                          !strcmp(lf->pkgs[i].version, version))))
            return i;
    fail_msg("no package %s@%s", name, version ? version : "*");
    return SIZE_MAX;
}

static int has_edge(const pwi_lockfile *lf, size_t from, size_t to)
{
    for (size_t i = 0; i < lf->nedges; i++)
        if (lf->edges[i].from == from && lf->edges[i].to == to)
            return 1;
    return 0;
}

static size_t count_roots(const pwi_lockfile *lf)
{
    size_t n = 0;
    for (size_t i = 0; i < lf->npkgs; i++)
        n += !!(lf->pkgs[i].flags & PWI_LOCKF_ROOT);
    return n;
}

static void assert_path(const pwi_lockfile *lf, size_t i, const char *want)
{
    char buf[512];
    pwi_lock_path_str(lf, i, buf, sizeof buf);
    if (strcmp(buf, want))
        fail_msg("path of %s: got \"%s\", want \"%s\"", lf->pkgs[i].name, buf,
                 want);
}

/* The number of warnings containing needle (at line when nonzero, in a
 * file ending with file_suffix when given). */
static size_t warnings(const pwi_lockfile *lf, const char *needle,
                       size_t line, const char *file_suffix)
{
    size_t n = 0;
    for (size_t i = 0; i < lf->nwarnings; i++) {
        const pwi_lock_warning *w = &lf->warnings[i];
        if (!strstr(w->message, needle) || (line && w->line != line))
            continue;
        if (file_suffix) {
            size_t a = w->file ? strlen(w->file) : 0, b = strlen(file_suffix);
            if (!w->file || a < b || strcmp(w->file + a - b, file_suffix))
                continue;
        }
        n++;
    }
    return n;
}

static void dump_warnings(const pwi_lockfile *lf)
{
    for (size_t i = 0; i < lf->nwarnings; i++)
        print_message("warning %s:%zu: %s\n",
                      lf->warnings[i].file ? lf->warnings[i].file : "-",
                      lf->warnings[i].line, lf->warnings[i].message);
}

static int suffix_is(const char *s, const char *suf)
{
    size_t a = s ? strlen(s) : 0, b = strlen(suf);
    return s && a >= b && !strcmp(s + a - b, suf);
}

/* ---- poetry ----------------------------------------------------------------- */

static void test_poetry_1_1(void **state)
{
    (void)state;
    pwi_lockfile *lf = load("poetry-1.1/poetry.lock");
    assert_int_equal(lf->format, PWI_LOCK_POETRY);
    assert_string_equal(lf->format_version, "1.1");
    assert_string_equal(lf->ecosystem, "pypi");
    assert_int_equal(lf->npkgs, 10);
    assert_int_equal(count_roots(lf), 1);
    size_t root = find(lf, "poetry-1.1", NULL);
    assert_true(lf->pkgs[root].flags & PWI_LOCKF_ROOT);

    size_t certifi = find(lf, "certifi", "2021.10.8");
    assert_int_equal(lf->pkgs[certifi].line, 1);
    assert_int_equal(lf->pkgs[certifi].source, PWI_SRC_REGISTRY);
    /* 1.1 keeps hashes in [metadata.files] */
    assert_string_equal(lf->pkgs[certifi].integrity, H_CERTIFI_WHL);
    assert_false(lf->pkgs[certifi].flags & PWI_LOCKF_DIRECT);
    /* [metadata.files] keys match by normalised name */
    assert_non_null(lf->pkgs[find(lf, "charset-normalizer", "2.0.12")]
                        .integrity);
    assert_null(lf->pkgs[find(lf, "iniconfig", NULL)].integrity);

    size_t requests = find(lf, "requests", "2.27.1");
    size_t pytest = find(lf, "pytest", "6.2.5");
    size_t colorama = find(lf, "colorama", "0.4.4");
    assert_int_equal(lf->pkgs[requests].line, 74);
    assert_true(has_edge(lf, requests, certifi));
    assert_true(has_edge(lf, requests, find(lf, "urllib3", NULL)));
    assert_true(has_edge(lf, pytest, colorama));
    /* poetry does not say what is direct: not depended on -> direct */
    assert_true(has_edge(lf, root, requests));
    assert_true(has_edge(lf, root, pytest));
    assert_false(has_edge(lf, root, certifi));
    assert_true(lf->pkgs[requests].flags & PWI_LOCKF_DIRECT);
    assert_true(lf->pkgs[colorama].flags & PWI_LOCKF_DEV);
    assert_true(lf->pkgs[pytest].flags & PWI_LOCKF_DEV);
    assert_false(lf->pkgs[requests].flags & PWI_LOCKF_DEV);
    assert_path(lf, certifi, "poetry-1.1 > requests@2.27.1 > certifi@2021.10.8");
    assert_path(lf, colorama, "poetry-1.1 > pytest@6.2.5 > colorama@0.4.4");

    size_t mylib = find(lf, "mylib", "1.2.0");
    assert_int_equal(lf->pkgs[mylib].source, PWI_SRC_GIT);
    assert_string_equal(lf->pkgs[mylib].resolved,
                        "https://github.com/example/mylib.git@"
                        "4f1b2c3d4e5f60718293a4b5c6d7e8f901234567");
    assert_int_equal(lf->nwarnings, 0);
    pwi_lock_free(lf);
}

static void test_poetry_2_1_malicious(void **state)
{
    (void)state;
    pwi_lockfile *lf = load("poetry-2.1/poetry.lock");
    assert_string_equal(lf->format_version, "2.1");
    assert_int_equal(lf->npkgs, 11);
    size_t root = find(lf, "poetry-2.1", NULL);

    /* the hijacked ultralytics release and a typosquat, both direct */
    size_t ultra = find(lf, "ultralytics", "8.3.41");
    assert_true(lf->pkgs[ultra].flags & PWI_LOCKF_DIRECT);
    assert_int_equal(lf->pkgs[ultra].line, 103);
    assert_string_equal(lf->pkgs[ultra].integrity,
                        "sha256:fbae9449735c83845fab7648bb1701513eee4549ac61"
                        "bcecbdbaff2bbd077cd8");
    assert_path(lf, ultra, "poetry-2.1 > ultralytics@8.3.41");
    size_t colourama = find(lf, "colourama", "0.1.6");
    assert_true(has_edge(lf, root, colourama));
    assert_path(lf, colourama, "poetry-2.1 > colourama@0.1.6");
    size_t thop = find(lf, "ultralytics-thop", "2.0.12");
    assert_path(lf, thop, "poetry-2.1 > ultralytics@8.3.41 > "
                          "ultralytics-thop@2.0.12");
    assert_path(lf, find(lf, "certifi", NULL),
                "poetry-2.1 > ultralytics@8.3.41 > requests@2.32.3 > "
                "certifi@2024.8.30");

    /* groups: dev only -> DEV; main and dev -> not DEV */
    assert_true(lf->pkgs[find(lf, "pytest", NULL)].flags & PWI_LOCKF_DEV);
    assert_false(lf->pkgs[find(lf, "requests", NULL)].flags & PWI_LOCKF_DEV);
    assert_true(lf->pkgs[find(lf, "mylib", NULL)].flags & PWI_LOCKF_OPTIONAL);

    size_t internal = find(lf, "internal-utils", "3.1.0");
    assert_int_equal(lf->pkgs[internal].source, PWI_SRC_REGISTRY);
    assert_int_equal(warnings(lf, "https://pypi.internal.example/simple is "
                                  "not PyPI", 37, NULL),
                     1);
    size_t local = find(lf, "localpkg", NULL);
    assert_int_equal(lf->pkgs[local].source, PWI_SRC_PATH);
    assert_string_equal(lf->pkgs[local].resolved, "libs/localpkg");
    assert_null(lf->pkgs[local].integrity);
    assert_int_equal(lf->nwarnings, 1);
    pwi_lock_free(lf);
}

static void test_poetry_2_0(void **state)
{
    (void)state;
    pwi_lockfile *lf = load("poetry-2.0/poetry.lock");
    assert_string_equal(lf->format_version, "2.0");
    size_t pandas = find(lf, "pandas", NULL);
    size_t np124 = find(lf, "numpy", "1.24.4");
    size_t np126 = find(lf, "numpy", "1.26.4");
    /* a name locked twice (marker-split): the edge goes to both */
    assert_true(has_edge(lf, pandas, np124));
    assert_true(has_edge(lf, pandas, np126));
    assert_false(lf->pkgs[np126].flags & PWI_LOCKF_DIRECT);
    assert_path(lf, find(lf, "six", NULL),
                "poetry-2.0 > pandas@2.0.3 > python-dateutil@2.9.0.post0 > "
                "six@1.16.0");
    size_t fancy = find(lf, "fancy-wheel", "0.3.0");
    assert_int_equal(lf->pkgs[fancy].source, PWI_SRC_URL);
    assert_string_equal(lf->pkgs[fancy].resolved,
                        "https://example.com/dist/fancy_wheel-0.3.0-py3-none-"
                        "any.whl");
    assert_true(lf->pkgs[fancy].flags & PWI_LOCKF_DIRECT);
    pwi_lock_free(lf);
}

static void test_poetry_inline(void **state)
{
    (void)state;
    /* no directory in the path: the root is "(poetry)"; a dependency
     * cycle that nothing else reaches still gets a path from the root */
    pwi_lockfile *lf = parse_ok("poetry.lock",
                                "[[package]]\nname = \"a\"\nversion = \"1\"\n"
                                "[package.dependencies]\nb = \"*\"\n"
                                "[[package]]\nname = \"B\"\nversion = \"2\"\n"
                                "[package.dependencies]\na = \"*\"\n"
                                "[metadata]\nlock-version = \"2.0\"\n",
                                NULL);
    assert_string_equal(lf->pkgs[0].name, "(poetry)");
    assert_path(lf, find(lf, "a", "1"), "(poetry) > a@1");
    assert_path(lf, find(lf, "B", "2"), "(poetry) > a@1 > B@2");
    pwi_lock_free(lf);

    /* a newer minor of a known major is read, with a warning; a missing
     * lock-version is read as 1.0 (as poetry does) */
    lf = parse_ok("x/poetry.lock", "[metadata]\nlock-version = \"2.9\"\n",
                  NULL);
    assert_int_equal(warnings(lf, "lock-version \"2.9\" is newer", 2, NULL),
                     1);
    pwi_lock_free(lf);
    lf = parse_ok("x/poetry.lock",
                  "[[package]]\nname = \"six\"\nversion = \"1.16.0\"\n",
                  NULL);
    assert_string_equal(lf->format_version, "1.0");
    assert_int_equal(warnings(lf, "no [metadata] lock-version", 0, NULL), 1);
    pwi_lock_free(lf);
}

/* ---- uv ------------------------------------------------------------------------ */

static void test_uv(void **state)
{
    (void)state;
    pwi_lockfile *lf = load("uv/uv.lock");
    assert_int_equal(lf->format, PWI_LOCK_UV);
    assert_string_equal(lf->format_version, "1");
    assert_int_equal(lf->npkgs, 15);
    assert_int_equal(count_roots(lf), 1);
    size_t app = find(lf, "demo-app", "0.1.0");
    assert_true(lf->pkgs[app].flags & PWI_LOCKF_ROOT);
    assert_int_equal(lf->pkgs[app].source, PWI_SRC_PATH);
    assert_int_equal(lf->pkgs[app].line, 29);

    size_t anyio = find(lf, "anyio", "4.6.2.post1");
    assert_true(lf->pkgs[anyio].flags & PWI_LOCKF_DIRECT);
    assert_string_equal(lf->pkgs[anyio].spec, ">=4");
    assert_int_equal(lf->pkgs[anyio].line, 9);
    assert_true(suffix_is(lf->pkgs[anyio].resolved,
                          "/anyio-4.6.2.post1.tar.gz"));
    assert_true(!strncmp(lf->pkgs[anyio].integrity, "sha256:", 7));
    assert_path(lf, find(lf, "sniffio", NULL),
                "demo-app > anyio@4.6.2.post1 > sniffio@1.3.1");

    /* two numpy versions, each dependency entry naming one */
    size_t np1 = find(lf, "numpy", "1.26.4"), np2 = find(lf, "numpy", "2.1.3");
    size_t ultra = find(lf, "ultralytics", "8.3.41");
    assert_true(has_edge(lf, app, np1));
    assert_true(has_edge(lf, app, np2));
    assert_true(has_edge(lf, ultra, np1));
    assert_true(has_edge(lf, ultra, np2));
    assert_string_equal(lf->pkgs[ultra].spec, "==8.3.41");
    assert_path(lf, ultra, "demo-app > ultralytics@8.3.41");

    /* extras are optional, dev groups dev (and what only they reach) */
    size_t click = find(lf, "click", NULL), pytest = find(lf, "pytest", NULL);
    size_t ini = find(lf, "iniconfig", NULL);
    assert_true(lf->pkgs[click].flags & PWI_LOCKF_OPTIONAL);
    assert_false(lf->pkgs[click].flags & PWI_LOCKF_DEV);
    assert_true(lf->pkgs[pytest].flags & PWI_LOCKF_DEV);
    assert_true(lf->pkgs[ini].flags & PWI_LOCKF_DEV);
    assert_string_equal(lf->pkgs[pytest].spec, ">=8");
    assert_path(lf, ini, "demo-app > pytest@8.3.3 > iniconfig@2.0.0");
    size_t eg = find(lf, "exceptiongroup", NULL);
    assert_false(lf->pkgs[eg].flags &
                 (PWI_LOCKF_DEV | PWI_LOCKF_OPTIONAL | PWI_LOCKF_DIRECT));

    size_t mylib = find(lf, "mylib", NULL);
    assert_int_equal(lf->pkgs[mylib].source, PWI_SRC_GIT);
    assert_string_equal(lf->pkgs[mylib].resolved,
                        "https://github.com/example/mylib.git?rev=v1.2.0#"
                        "4f1b2c3d4e5f60718293a4b5c6d7e8f901234567");
    assert_int_equal(lf->pkgs[find(lf, "fancy-wheel", NULL)].source,
                     PWI_SRC_URL);
    assert_int_equal(lf->pkgs[find(lf, "localpkg", NULL)].source,
                     PWI_SRC_PATH);
    assert_string_equal(lf->pkgs[find(lf, "localpkg", NULL)].resolved,
                        "libs/localpkg");
    assert_int_equal(warnings(lf, "package index https://pypi.internal."
                                  "example/simple is not PyPI",
                              103, NULL),
                     1);
    assert_int_equal(lf->nwarnings, 1);
    pwi_lock_free(lf);
}

static void test_uv_inline(void **state)
{
    (void)state;
    /* workspace members are roots; an unknown dependency is a warning */
    pwi_lockfile *lf = parse_ok(
        "ws/uv.lock",
        "version = 1\n"
        "[manifest]\nmembers = [\"app\", \"lib\"]\n"
        "[[package]]\nname = \"app\"\nversion = \"1\"\n"
        "source = { virtual = \".\" }\n"
        "dependencies = [{ name = \"lib\" }, { name = \"ghost\" }]\n"
        "[[package]]\nname = \"lib\"\nversion = \"2\"\n"
        "source = { editable = \"packages/lib\" }\n"
        "dependencies = [{ name = \"six\" }]\n"
        "[[package]]\nname = \"six\"\nversion = \"1.16.0\"\n"
        "source = { registry = \"https://pypi.org/simple\" }\n",
        NULL);
    assert_int_equal(count_roots(lf), 2);
    assert_path(lf, find(lf, "six", NULL), "lib > six@1.16.0");
    assert_int_equal(warnings(lf, "dependency \"ghost\" of package \"app\" "
                                  "matches no [[package]]",
                              8, NULL),
                     1);
    pwi_lock_free(lf);

    /* no project entry: a root named after the directory, the heuristic */
    lf = parse_ok("tools/uv.lock",
                  "version = 1\n"
                  "[[package]]\nname = \"six\"\nversion = \"1.16.0\"\n"
                  "source = { registry = \"https://pypi.org/simple\" }\n",
                  NULL);
    assert_path(lf, find(lf, "six", NULL), "tools > six@1.16.0");
    pwi_lock_free(lf);

    parse_fail("uv.lock", "revision = 1\n[[package]]\nname = \"x\"\n", NULL,
               PW_ERR_FORMAT, 1, "no top-level \"version\"");
    parse_fail("uv.lock", "version = \"1\"\n", NULL, PW_ERR_FORMAT, 1,
               "expected an integer");
    parse_fail("uv.lock", "version = 1\n[[distribution]]\nname = \"x\"\n",
               NULL, PW_ERR_UNSUPPORTED, 0, "[[distribution]]");
    parse_fail("uv.lock",
               "version = 1\n[[package]]\nname = \"x\"\n"
               "source = { registry = \"a\", git = \"b\" }\n",
               NULL, PW_ERR_FORMAT, 4, "both registry and git");
    parse_fail("uv.lock",
               "version = 1\n[[package]]\nname = \"x\"\n"
               "dependencies = [\"y\"]\n",
               NULL, PW_ERR_FORMAT, 4, "expected a table");
}

/* ---- pylock ---------------------------------------------------------------------- */

static void test_pylock(void **state)
{
    (void)state;
    pwi_lockfile *lf = load("pylock/pylock.toml");
    assert_int_equal(lf->format, PWI_LOCK_PYLOCK);
    assert_string_equal(lf->format_version, "1.0");
    assert_int_equal(lf->npkgs, 10);
    size_t root = find(lf, "(pylock)", NULL);
    assert_true(lf->pkgs[root].flags & PWI_LOCKF_ROOT);
    size_t attrs = find(lf, "attrs", "25.1.0"), cattrs = find(lf, "cattrs",
                                                              NULL);
    assert_true(has_edge(lf, cattrs, attrs));
    assert_false(has_edge(lf, root, attrs));
    assert_path(lf, attrs, "(pylock) > cattrs@24.1.2 > attrs@25.1.0");
    assert_int_equal(lf->pkgs[attrs].source, PWI_SRC_REGISTRY);
    assert_int_equal(lf->pkgs[attrs].line, 9);
    assert_true(suffix_is(lf->pkgs[attrs].resolved,
                          "/attrs-25.1.0-py3-none-any.whl"));
    /* the sdist is preferred for resolved/integrity */
    assert_true(suffix_is(lf->pkgs[cattrs].resolved, "/cattrs-24.1.2.tar.gz"));

    size_t mylib = find(lf, "mylib", NULL);
    assert_null(lf->pkgs[mylib].version);
    assert_int_equal(lf->pkgs[mylib].source, PWI_SRC_GIT);
    assert_string_equal(lf->pkgs[mylib].resolved,
                        "https://github.com/example/mylib.git#"
                        "4f1b2c3d4e5f60718293a4b5c6d7e8f901234567");
    assert_path(lf, mylib, "(pylock) > mylib");
    size_t local = find(lf, "localpkg", NULL);
    assert_int_equal(lf->pkgs[local].source, PWI_SRC_PATH);
    assert_string_equal(lf->pkgs[local].resolved, "./libs/localpkg");
    size_t fancy = find(lf, "fancy-wheel", NULL);
    assert_int_equal(lf->pkgs[fancy].source, PWI_SRC_URL);
    assert_true(!strncmp(lf->pkgs[fancy].integrity, "sha512:", 7));

    /* {name, version} picks one of two numpy entries */
    size_t ultra = find(lf, "ultralytics", "8.3.41");
    size_t np2 = find(lf, "numpy", "2.1.3"), np1 = find(lf, "numpy", "1.26.4");
    assert_true(has_edge(lf, ultra, np2));
    assert_false(has_edge(lf, ultra, np1));
    assert_path(lf, np2, "(pylock) > ultralytics@8.3.41 > numpy@2.1.3");
    assert_path(lf, np1, "(pylock) > numpy@1.26.4");
    assert_int_equal(warnings(lf, "pypi.internal.example/simple is not PyPI",
                              87, NULL),
                     1);
    pwi_lock_free(lf);

    /* no graph: everything hangs off the root */
    lf = load("pylock/pylock.nograph.toml");
    assert_int_equal(lf->format, PWI_LOCK_PYLOCK);
    assert_path(lf, find(lf, "colourama", "0.1.6"), "(pylock) > colourama@0.1.6");
    assert_true(lf->pkgs[find(lf, "six", NULL)].flags & PWI_LOCKF_DIRECT);
    pwi_lock_free(lf);
}

static void test_pylock_inline(void **state)
{
    (void)state;
    pwi_lockfile *lf = parse_ok("pylock.toml",
                                "lock-version = \"1.3\"\n"
                                "[[packages]]\nname = \"a\"\n"
                                "dependencies = [{ name = \"zzz\" }]\n",
                                NULL);
    assert_int_equal(warnings(lf, "newer than the version known", 1, NULL), 1);
    assert_int_equal(warnings(lf, "dependency \"zzz\" of package \"a\"", 4,
                              NULL),
                     1);
    pwi_lock_free(lf);
    parse_fail("pylock.toml", "created-by = \"x\"\n", NULL, PW_ERR_FORMAT, 1,
               "no \"lock-version\"");
    parse_fail("pylock.toml",
               "lock-version = \"1.0\"\n[[packages]]\nname = \"a\"\n"
               "vcs = { type = \"git\", url = \"https://x/y.git\" }\n"
               "sdist = { url = \"https://files.pythonhosted.org/a.tar.gz\" }\n",
               NULL, PW_ERR_FORMAT, 2, "exclude each other");
    parse_fail("pylock.toml",
               "lock-version = \"1.0\"\n[[packages]]\nversion = \"1\"\n", NULL,
               PW_ERR_FORMAT, 2, "has no \"name\"");
    parse_fail("pylock.toml",
               "lock-version = \"1.0\"\n[[packages]]\nname = \"a\"\n"
               "wheels = [{ url = \"u\", hashes = { sha256 = 1 } }]\n",
               NULL, PW_ERR_FORMAT, 4, "expected a string");
}

/* ---- requirements ------------------------------------------------------------------ */

static void test_requirements(void **state)
{
    (void)state;
    pwi_lockfile *lf = load("requirements/requirements.txt");
    assert_int_equal(lf->format, PWI_LOCK_REQUIREMENTS);
    assert_null(lf->format_version);
    size_t root = find(lf, "requirements.txt", NULL);
    assert_int_equal(root, 0);
    assert_true(lf->pkgs[root].flags & PWI_LOCKF_ROOT);
    assert_int_equal(lf->npkgs, 22);

    /* included files: entries carry their file; the cycle back through
     * sub/common.txt -> ../base.txt is seen */
    size_t six = find(lf, "six", "1.16.0");
    assert_true(suffix_is(lf->pkgs[six].file, "requirements/base.txt"));
    assert_int_equal(lf->pkgs[six].line, 2);
    assert_true(lf->pkgs[six].flags & PWI_LOCKF_DIRECT);
    size_t certifi = find(lf, "certifi", "2024.8.30");
    assert_true(suffix_is(lf->pkgs[certifi].file, "requirements/sub/common.txt"));
    assert_string_equal(lf->pkgs[certifi].integrity,
                        "sha256:c2f0fc80d816f7f192b31fdb121776c643778f9b4ad5"
                        "194565dfbb81ec82c02f");
    assert_int_equal(warnings(lf, "include cycle", 2, "sub/common.txt"), 1);

    /* hashes and continuation lines: the entry is at its first line */
    size_t req = find(lf, "requests", "2.32.3");
    assert_int_equal(lf->pkgs[req].line, 7);
    assert_null(lf->pkgs[req].file);
    assert_string_equal(lf->pkgs[req].spec, "==2.32.3");
    assert_non_null(lf->pkgs[req].integrity);
    assert_path(lf, req, "requirements.txt > requests@2.32.3");

    /* the malicious-shaped pins */
    size_t ultra = find(lf, "ultralytics", "8.3.41");
    assert_int_equal(lf->pkgs[ultra].line, 12);
    assert_path(lf, ultra, "requirements.txt > ultralytics@8.3.41");
    size_t colourama = find(lf, "colourama", "0.1.6");
    assert_int_equal(lf->pkgs[colourama].line, 13);
    assert_true(has_edge(lf, root, colourama));

    /* unpinned: spec only and a warning; a constraint pins Flask */
    size_t urllib3 = find(lf, "urllib3", NULL);
    assert_null(lf->pkgs[urllib3].version);
    assert_string_equal(lf->pkgs[urllib3].spec, ">=1.26,<3");
    assert_int_equal(warnings(lf, "urllib3>=1.26,<3 is not pinned: the version "
                                  "installed is unknown",
                              11, NULL),
                     1);
    assert_int_equal(warnings(lf, "pandas>=2.0 is not pinned", 16, NULL), 1);
    assert_int_equal(warnings(lf, "wild==1.2.* is not pinned", 24, NULL), 1);
    assert_null(lf->pkgs[find(lf, "wild", NULL)].version);
    size_t flask = find(lf, "Flask", "3.0.3");
    assert_null(lf->pkgs[flask].spec);
    assert_int_equal(warnings(lf, "Flask", 0, NULL), 0);
    assert_string_equal(lf->pkgs[find(lf, "numpy", NULL)].version, "1.26.4");
    assert_string_equal(lf->pkgs[find(lf, "private-pkg", NULL)].version,
                        "1.0.0+local.1");
    /* a constraint nothing requires: recorded, without a path */
    size_t jinja = find(lf, "Jinja2", "3.1.4");
    assert_false(lf->pkgs[jinja].flags & PWI_LOCKF_DIRECT);
    assert_true(suffix_is(lf->pkgs[jinja].file, "requirements/constraints.txt"));
    assert_path(lf, jinja, "(path unknown) > Jinja2@3.1.4");

    /* editable, VCS, URL and path requirements */
    size_t local = find(lf, "./libs/localpkg", NULL);
    assert_int_equal(lf->pkgs[local].source, PWI_SRC_PATH);
    size_t mylib = find(lf, "mylib", NULL);
    assert_int_equal(lf->pkgs[mylib].source, PWI_SRC_GIT);
    assert_true(!strncmp(lf->pkgs[mylib].resolved, "git+https://github.com/", 23));
    assert_int_equal(warnings(lf, "mylib.git", 0, NULL), 0);
    size_t other = find(lf, "other-lib", NULL);
    assert_int_equal(lf->pkgs[other].source, PWI_SRC_GIT);
    assert_int_equal(warnings(lf, "is not pinned to a commit", 19, NULL), 1);
    size_t fancy = find(lf, "fancy-wheel", "0.3.0");
    assert_int_equal(lf->pkgs[fancy].source, PWI_SRC_URL);
    size_t direct = find(lf, "direct-pkg", "1.4.2");
    assert_int_equal(lf->pkgs[direct].source, PWI_SRC_URL);
    size_t vendored = find(lf, "vendored_pkg", "2.0.0");
    assert_int_equal(lf->pkgs[vendored].source, PWI_SRC_PATH);
    assert_string_equal(lf->pkgs[vendored].resolved,
                        "./vendor/vendored_pkg-2.0.0-py3-none-any.whl");

    /* ${VAR} kept; a password never reaches the model */
    size_t token = find(lf, "token-dep", NULL);
    assert_non_null(strstr(lf->pkgs[token].resolved, "${GITHUB_TOKEN}@"));
    size_t secret = find(lf, "secret-dep", "1.0");
    assert_null(strstr(lf->pkgs[secret].resolved, "hunter2"));
    assert_non_null(strstr(lf->pkgs[secret].resolved, "user:***@"));
    for (size_t i = 0; i < lf->nwarnings; i++)
        assert_null(strstr(lf->warnings[i].message, "hunter2"));

    /* the extra index is reported, PyPI's own is not */
    assert_int_equal(warnings(lf, "--extra-index-url https://pypi.internal."
                                  "example/simple is not PyPI",
                              5, NULL),
                     1);
    assert_int_equal(warnings(lf, "--index-url", 0, NULL), 0);
    if (lf->nwarnings != 7) {
        dump_warnings(lf);
        fail_msg("%zu warnings, expected 7", lf->nwarnings);
    }
    pwi_lock_free(lf);
}

static void test_requirements_no_loader(void **state)
{
    (void)state;
    pwi_lock_opts o;
    pwi_lock_opts_init(&o);
    o.load = NULL;
    pwi_lockfile *lf = load_opts("requirements/requirements.txt", &o);
    assert_int_equal(warnings(lf, "-r base.txt is not followed", 2, NULL), 1);
    assert_int_equal(warnings(lf, "-c constraints.txt is not followed", 3,
                              NULL),
                     1);
    /* without the constraints, Flask is unpinned */
    assert_int_equal(warnings(lf, "Flask is not pinned", 14, NULL), 1);
    assert_null(lf->pkgs[find(lf, "Flask", NULL)].version);
    pwi_lock_free(lf);
}

static void test_requirements_includes(void **state)
{
    (void)state;
    pwi_lockfile *lf = load("requirements/requirements-cycle.txt");
    assert_int_equal(lf->npkgs, 3);
    assert_true(suffix_is(lf->pkgs[find(lf, "beta", "2.0")].file,
                          "requirements-cycle-b.txt"));
    assert_int_equal(warnings(lf, "--requirement", 0, NULL), 0);
    assert_int_equal(warnings(lf, "include cycle", 1,
                              "requirements-cycle-b.txt"),
                     1);
    pwi_lock_free(lf);

    load_fail("requirements/requirements-deep-1.txt", NULL, PW_ERR_LIMIT, 1,
              "nest deeper than 8");
    pwi_lock_opts o;
    pwi_lock_opts_init(&o);
    o.max_includes = 20;
    lf = load_opts("requirements/requirements-deep-1.txt", &o);
    assert_int_equal(lf->npkgs, 12);
    assert_true(suffix_is(lf->pkgs[find(lf, "last", NULL)].file,
                          "requirements-deep-11.txt"));
    pwi_lock_free(lf);
}

/* An in-memory loader: "missing.txt" fails, anything else is a file
 * holding one pinned requirement named after it. */
static pw_status mem_load(void *user, const char *from, const char *rel,
                          char **data, size_t *len, char **path_out,
                          pw_error *err)
{
    int *calls = user;
    (*calls)++;
    if (!strcmp(rel, "missing.txt"))
        return pwi_error(err, PW_ERR_IO, rel, 0, 0,
                         "cannot open missing.txt: No such file or directory");
    *data = pwi_xasprintf("from-%.*s==1.0\n", (int)strcspn(rel, "."), rel);
    *len = strlen(*data);
    *path_out = pwi_xasprintf("mem/%s", rel);
    (void)from;
    return PW_OK;
}

static void test_requirements_loader(void **state)
{
    (void)state;
    int calls = 0;
    pwi_lock_opts o;
    pwi_lock_opts_init(&o);
    o.load = mem_load;
    o.load_user = &calls;
    pwi_lockfile *lf = parse_ok("requirements.txt",
                                "-r a.txt\n"
                                "-r a.txt\n" /* read once */
                                "-r https://example.com/reqs.txt\n"
                                "-r b.txt -c c.txt\n",
                                &o);
    assert_int_equal(calls, 3);
    size_t a = find(lf, "from-a", "1.0");
    assert_string_equal(lf->pkgs[a].file, "mem/a.txt");
    assert_int_equal(lf->pkgs[a].line, 1);
    assert_int_equal(warnings(lf, "-r https://example.com/reqs.txt is a URL: "
                                  "it is not fetched",
                              3, NULL),
                     1);
    assert_int_equal(warnings(lf, "-c c.txt is ignored", 4, NULL), 1);
    find(lf, "from-b", "1.0");
    pwi_lock_free(lf);

    parse_fail("requirements.txt", "six==1.16.0\n-r missing.txt\n", &o,
               PW_ERR_IO, 2, "-r missing.txt: cannot open missing.txt");
}

static void test_requirements_lines(void **state)
{
    (void)state;
    pwi_lock_opts o;
    pwi_lock_opts_init(&o);
    o.load = NULL;
    pwi_lockfile *lf = parse_ok(
        "requirements.txt",
        "\xef\xbb\xbf# BOM and CRLF\r\n"
        "a==1 \\\r\n"
        "  --hash=sha256:" "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\r\n"
        "b==2 # comment \\\n"
        "c==3\n"                 /* swallowed into b's comment, as pip does */
        "# comment line \\\n"
        "d==4\n"                 /* a comment line does not continue */
        "\n"
        "  \t\n"
        "F_o.o [bar , baz] (>= 1.0 , < 2) ; python_version < '3.13'\n"
        "g===weird-version!\n"
        "h~=1.4\n"
        "i@https://example.com/i-1.0-py3-none-any.whl\n"
        "--pre\n--prefer-binary\n--no-binary :all:\n--only-binary=:none:\n"
        "--require-hashes\n--use-feature=truststore\n-i https://pypi.org/simple/\n"
        "--extra-index https://mirror.example/simple\n" /* prefix of an option */
        "--find-links=./wheels\n"
        "--trusted-host mirror.example\n"
        "-C key=value\n"
        "j==1 --config-settings=k=v --global-option=x\n"
        "k==1 \\",
        &o);
    size_t a = find(lf, "a", "1");
    assert_int_equal(lf->pkgs[a].line, 2);
    assert_string_equal(lf->pkgs[a].integrity,
                        "sha256:0123456789abcdef0123456789abcdef0123456789ab"
                        "cdef0123456789abcdef");
    assert_int_equal(lf->pkgs[find(lf, "b", "2")].line, 4);
    for (size_t i = 0; i < lf->npkgs; i++)
        assert_string_not_equal(lf->pkgs[i].name, "c");
    assert_int_equal(lf->pkgs[find(lf, "d", "4")].line, 7);
    size_t foo = find(lf, "F_o.o", NULL);
    assert_string_equal(lf->pkgs[foo].spec, ">=1.0,<2");
    assert_int_equal(warnings(lf, "F_o.o>=1.0,<2 is not pinned", 10, NULL), 1);
    assert_string_equal(lf->pkgs[find(lf, "g", NULL)].version,
                        "weird-version!");
    assert_int_equal(warnings(lf, "h~=1.4 is not pinned", 12, NULL), 1);
    assert_int_equal(lf->pkgs[find(lf, "i", "1.0")].source, PWI_SRC_URL);
    assert_int_equal(warnings(lf, "--extra-index-url https://mirror.example/"
                                  "simple is not PyPI",
                              21, NULL),
                     1);
    assert_int_equal(warnings(lf, "--find-links ./wheels", 22, NULL), 1);
    assert_int_equal(warnings(lf, "--trusted-host mirror.example", 23, NULL),
                     1);
    assert_int_equal(warnings(lf, "--index-url", 0, NULL), 0);
    find(lf, "j", "1");
    assert_int_equal(lf->pkgs[find(lf, "k", "1")].line, 26);
    pwi_lock_free(lf);

    /* extras on local paths are dropped, as pip does */
    lf = parse_ok("requirements.txt", "-e .[dev,test]\n./pkg[b]\n", &o);
    assert_string_equal(lf->pkgs[find(lf, ".", NULL)].resolved, ".");
    assert_int_equal(lf->pkgs[find(lf, "./pkg", NULL)].source, PWI_SRC_PATH);
    pwi_lock_free(lf);
}

static void test_requirements_errors(void **state)
{
    (void)state;
    pwi_lock_opts o;
    pwi_lock_opts_init(&o);
    o.load = NULL;
    static const struct {
        const char *doc;
        size_t line;
        const char *needle;
    } cases[] = {
        {"six==1\nrequests=2\n", 2, "expected a version operator"},
        {"e#x==5\n", 1, "expected a version operator"}, /* '#' after a
                                                           non-space: no
                                                           comment */
        {"--unknown-option\n", 1, "unknown option --unknown-option"},
        {"-x foo\n", 1, "unknown option -x"},
        {"--no\n", 1, "ambiguous option --no"},
        {"-r\n", 1, "option --requirement needs a value"},
        {"--pre=1\n", 1, "takes no value"},
        {"a==1 --hash=md5:abcd\n", 1, "invalid --hash"},
        {"a==1 --hash=sha256:abcd\n", 1, "invalid --hash"},
        {"--hash=sha256:" "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n",
         1, "must follow a requirement"},
        {"a==1 ;\n", 1, "empty environment marker"},
        {"a==1 -e ./x\n", 1, "one requirement per line"},
        {"a==1 -r x.txt\n", 1, "cannot share a line"},
        {"a[b\n", 1, "invalid extras"},
        {"a (==1\n", 1, "missing ')'"},
        {"a==\n", 1, "invalid version"},
        {"a>=1.*\n", 1, "invalid version"},
        {"a @\n", 1, "no URL after '@'"},
        {"a @ notaurl\n", 1, "must be followed by a URL"},
        {"-e git+https://x.example/r.git#egg=bad!name\n", 1, "invalid package name"},
        {"ok==1\n\n\n-i 'unterminated\n", 4, "no closing quotation"},
        {"caf\xc3\xa9==1\n", 1, "invalid requirement"},
        {"-name==1\n", 1, "unknown option -n"},
        {"a==1 b==2\n", 1, "unexpected text after the specifier"},
        {"-e ./bad[!]\n", 1, "invalid extras"},
        {"-r base.txt junk\n", 1, "unexpected \"junk\" among the options"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        parse_fail("reqs/requirements.txt", cases[i].doc, &o, PW_ERR_FORMAT,
                   cases[i].line, cases[i].needle);

    /* binary content and over-long lines */
    pwi_lockfile *lf = (pwi_lockfile *)1;
    pw_error err;
    static const char nul[] = "six==1\nab\0cd\n";
    assert_int_equal(pwi_lock_parse("requirements.txt", nul, sizeof nul - 1,
                                    &o, &lf, &err),
                     PW_ERR_FORMAT);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "NUL byte"));
    o.limits.max_string = 64;
    pwi_buf b;
    pwi_buf_init(&b, 0);
    pwi_buf_adds(&b, "a==1\n");
    for (int i = 0; i < 20; i++)
        pwi_buf_adds(&b, "xxxxxxxx \\\n");
    parse_fail("requirements.txt", b.data, &o, PW_ERR_LIMIT, 2,
               "line longer than 64 bytes");
    pwi_buf_release(&b);
}

/* ---- bad inputs and limits ------------------------------------------------------------ */

static void test_bad_inputs(void **state)
{
    (void)state;
    load_fail("bad/poetry-v3/poetry.lock", NULL, PW_ERR_UNSUPPORTED, 10,
              "\"lock-version\" \"3.0\" is not supported (known: 1.0, 1.1, "
              "2.0, 2.1)");
    load_fail("bad/uv-v2/uv.lock", NULL, PW_ERR_UNSUPPORTED, 1,
              "\"version\" 2 is not supported (known: 1)");
    load_fail("bad/pylock-v2/pylock.toml", NULL, PW_ERR_UNSUPPORTED, 1,
              "\"lock-version\" \"2.0\" is not supported (known: 1.0)");
    load_fail("bad/poetry-dup/poetry.lock", NULL, PW_ERR_FORMAT, 11,
              "table [package.dependencies] is defined twice");
    load_fail("bad/poetry-truncated/poetry.lock", NULL, PW_ERR_FORMAT, 22,
              "expected '=' after the key, found end of file");

    parse_fail("poetry.lock", "[metadata]\nlock-version = 2.1\n", NULL,
               PW_ERR_FORMAT, 2, "expected a string");
    parse_fail("poetry.lock", "[[package]]\nname = \"x\"\n", NULL,
               PW_ERR_FORMAT, 1, "package \"x\" has no \"version\"");
    parse_fail("poetry.lock", "[[package]]\nversion = \"1\"\n", NULL,
               PW_ERR_FORMAT, 1, "has no \"name\"");
    parse_fail("poetry.lock", "package = [1]\n", NULL, PW_ERR_FORMAT, 1,
               "expected a table");
    parse_fail("poetry.lock",
               "[[package]]\nname = \"x\"\nversion = \"1\"\n"
               "[package.dependencies]\ny = 3\n",
               NULL, PW_ERR_FORMAT, 5, "dependency \"y\" of package \"x\"");
    parse_fail("poetry.lock",
               "[[package]]\nname = \"x\"\nversion = \"1\"\n"
               "[package.source]\nurl = \"u\"\n",
               NULL, PW_ERR_FORMAT, 4, "has no \"type\"");
    parse_fail("poetry.lock",
               "[[package]]\nname = \"x\"\nversion = \"1\"\ngroups = [1]\n",
               NULL, PW_ERR_FORMAT, 4, "a group of package \"x\"");

    /* deep nesting and size, through the TOML limits */
    pwi_buf b;
    pwi_buf_init(&b, 0);
    pwi_buf_adds(&b, "version = 1\nx = ");
    for (int i = 0; i < 10000; i++)
        pwi_buf_addc(&b, '[');
    parse_fail("uv.lock", b.data, NULL, PW_ERR_LIMIT, 2, "deeper than 64");
    pwi_buf_release(&b);
    pwi_lock_opts o;
    pwi_lock_opts_init(&o);
    o.limits.max_bytes = 32;
    parse_fail("poetry.lock", "[metadata]\nlock-version = \"2.1\"\n# padding\n",
               &o, PW_ERR_LIMIT, 0, "larger than");

    /* max_packages */
    pwi_lock_opts_init(&o);
    o.max_packages = 3;
    parse_fail("requirements.txt", "a==1\nb==1\nc==1\n", &o, PW_ERR_LIMIT, 3,
               "more than 3 packages");
    parse_fail("uv.lock",
               "version = 1\n[[package]]\nname = \"a\"\n[[package]]\n"
               "name = \"b\"\n[[package]]\nname = \"c\"\n[[package]]\n"
               "name = \"d\"\n",
               &o, PW_ERR_LIMIT, 8, "more than 3 packages");
}

static void test_detect(void **state)
{
    (void)state;
    assert_int_equal(pwi_lock_detect("a/poetry.lock", "", 0), PWI_LOCK_POETRY);
    assert_int_equal(pwi_lock_detect("uv.lock", "", 0), PWI_LOCK_UV);
    assert_int_equal(pwi_lock_detect("pylock.dev.toml", "", 0),
                     PWI_LOCK_PYLOCK);
    assert_int_equal(pwi_lock_detect("requirements-dev.txt", "", 0),
                     PWI_LOCK_REQUIREMENTS);
    static const char uv[] = "version = 1\nrevision = 2\n\n[[package]]\n";
    assert_int_equal(pwi_lock_detect("x.lock", uv, sizeof uv - 1),
                     PWI_LOCK_UV);
    static const char po[] = "[[package]]\nname = \"a\"\n";
    assert_int_equal(pwi_lock_detect("x.lock", po, sizeof po - 1),
                     PWI_LOCK_POETRY);
}

static void test_fuzz_seeds(void **state)
{
    (void)state;
    /* every seed of the lockfile fuzzers parses or fails cleanly */
    static const struct {
        const char *dir, *seed, *name;
    } seeds[] = {
        {"poetry", "seed-poetry-1.1", "poetry.lock"},
        {"poetry", "seed-poetry-2.1", "poetry.lock"},
        {"uv", "seed-uv", "uv.lock"},
        {"pylock", "seed-pylock", "pylock.toml"},
        {"requirements", "seed-requirements", "requirements.txt"},
        {"requirements", "seed-requirements-bad", "requirements.txt"},
        {"poetry", "seed-poetry-v3", "poetry.lock"},
    };
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/tests/fuzz/corpus/lockfile-%s/%s",
                 PW_TEST_SRCDIR, seeds[i].dir, seeds[i].seed);
        size_t len;
        char *data = tu_read_file(path, &len);
        assert_true(len > 0);
        pwi_lock_opts o;
        pwi_lock_opts_init(&o);
        o.load = NULL;
        pwi_lockfile *lf = NULL;
        pw_error err;
        pw_status st = pwi_lock_parse(seeds[i].name, data, len, &o, &lf, &err);
        int want_ok = !strstr(seeds[i].seed, "bad") && !strstr(seeds[i].seed, "v3");
        if ((st == PW_OK) != want_ok)
            fail_msg("%s: got %d (%s)", seeds[i].seed, st, st ? err.msg : "ok");
        pwi_lock_free(lf);
        free(data);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_poetry_1_1),
        cmocka_unit_test(test_poetry_2_1_malicious),
        cmocka_unit_test(test_poetry_2_0),
        cmocka_unit_test(test_poetry_inline),
        cmocka_unit_test(test_uv),
        cmocka_unit_test(test_uv_inline),
        cmocka_unit_test(test_pylock),
        cmocka_unit_test(test_pylock_inline),
        cmocka_unit_test(test_requirements),
        cmocka_unit_test(test_requirements_no_loader),
        cmocka_unit_test(test_requirements_includes),
        cmocka_unit_test(test_requirements_loader),
        cmocka_unit_test(test_requirements_lines),
        cmocka_unit_test(test_requirements_errors),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_fuzz_seeds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
