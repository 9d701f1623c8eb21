/* test-config.c - .pkgward.yml loading (src/config/config.c). */
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
#include "config/config.h"
#include "testutil.h"
#include "util/mem.h"

/* A fresh temporary directory per test, plus a clean environment: HOME
 * points inside it and XDG_CONFIG_HOME is unset. */
typedef struct fixture {
    char *dir;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    fx->dir = tu_tempdir();
    char *home = pwi_xasprintf("%s/home", fx->dir);
    mkdir(home, 0700);
    setenv("HOME", home, 1);
    unsetenv("XDG_CONFIG_HOME");
    free(home);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    tu_rmtree(fx->dir);
    free(fx->dir);
    free(fx);
    return 0;
}

/* Writes text to dir/rel (creating parent directories) and returns the
 * full path. */
static char *put(const fixture *fx, const char *rel, const char *text)
{
    char *path = pwi_xasprintf("%s/%s", fx->dir, rel);
    for (char *p = path + strlen(fx->dir) + 1; (p = strchr(p, '/')); p++) {
        *p = '\0';
        mkdir(path, 0700);
        *p = '/';
    }
    assert_int_equal(tu_write_file(path, text, strlen(text)), 0);
    return path;
}

/* put() for files whose path the test does not need. */
static void rewrite(const fixture *fx, const char *rel, const char *text)
{
    free(put(fx, rel, text));
}

static char *mkdirs(const fixture *fx, const char *rel)
{
    char *dummy = put(fx, rel, "");
    remove(dummy);
    mkdir(dummy, 0700);
    return dummy;
}

/* Loads text as a config file expecting success. */
static pw_config *load_text(const fixture *fx, const char *text)
{
    char *path = put(fx, "cfg.yml", text);
    pw_config *c = NULL;
    pw_error err;
    memset(&err, 0, sizeof err);
    pw_status st = pw_config_load_file(path, &c, &err);
    if (st != PW_OK)
        fail_msg("unexpected %d at %zu:%zu: %s", st, err.line, err.col,
                 err.msg);
    free(path);
    return c;
}

/* Loads text expecting code at line:col (col 0: any) and a message
 * containing needle; err->path must be the file. */
static void load_fail(const fixture *fx, const char *text, pw_status code,
                      size_t line, size_t col, const char *needle)
{
    char *path = put(fx, "cfg.yml", text);
    pw_config *c = (pw_config *)1;
    pw_error err;
    memset(&err, 0, sizeof err);
    pw_status st = pw_config_load_file(path, &c, &err);
    if (st != code || err.code != code || err.line != line ||
        (col && err.col != col) || !strstr(err.msg, needle))
        fail_msg("%s: expected %d at %zu:%zu with \"%s\", got %d at "
                 "%zu:%zu: %s", text, code, line, col, needle, st, err.line,
                 err.col, err.msg);
    assert_null(c);
    assert_string_equal(err.path, path);
    free(path);
}

static void test_full_file(void **state)
{
    fixture *fx = *state;
    pw_config *c = load_text(fx, "# project settings\n"
                                 "fail_on: high\n"
                                 "format: SARIF\n"
                                 "jobs: 2\n"
                                 "rules: [./my-rules, /abs/rules]\n"
                                 "limits:\n"
                                 "  max_entries: 100000\n"
                                 "  max_total_bytes: 1GiB\n"
                                 "  max_file_bytes: 32MiB\n"
                                 "  max_ratio: 200\n"
                                 "  max_nesting: 3\n"
                                 "  max_json_depth: 64\n"
                                 "  max_manifest_bytes: \"4 MiB\"\n"
                                 "verdict:\n"
                                 "  suspicious: 2.5\n"
                                 "  malicious: 7\n");
    pw_severity sev = PW_SEV_INFO;
    pw_format fmt = PW_FORMAT_TEXT;
    assert_int_equal(pw_config_fail_on(c, &sev), 1);
    assert_int_equal(sev, PW_SEV_HIGH);
    assert_int_equal(pw_config_format(c, &fmt), 1);
    assert_int_equal(fmt, PW_FORMAT_SARIF);

    assert_int_equal(pw_config_rules_dir_count(c), 2);
    char *want = pwi_xasprintf("%s/my-rules", fx->dir);
    assert_string_equal(pw_config_rules_dir(c, 0), want);
    free(want);
    assert_string_equal(pw_config_rules_dir(c, 1), "/abs/rules");
    assert_null(pw_config_rules_dir(c, 2));

    assert_int_equal(pw_config_file_count(c), 1);
    want = pwi_xasprintf("%s/cfg.yml", fx->dir);
    assert_string_equal(pw_config_file(c, 0), want);
    free(want);

    pw_scan_options opt;
    memset(&opt, 0, sizeof opt);
    pw_config_apply(c, &opt);
    assert_int_equal(opt.jobs, 2);
    assert_true(opt.limits.max_entries == 100000);
    assert_true(opt.limits.max_total_bytes == (uint64_t)1 << 30);
    assert_true(opt.limits.max_file_bytes == (uint64_t)32 << 20);
    assert_true(opt.limits.max_ratio == 200);
    assert_int_equal(opt.limits.max_nesting, 3);
    assert_int_equal(opt.limits.max_json_depth, 64);
    assert_true(opt.limits.max_manifest_bytes == (uint64_t)4 << 20);
    assert_true(opt.thresholds.suspicious == 2.5);
    assert_true(opt.thresholds.malicious == 7.0);
    pw_config_free(c);
}

/* Only values a file set reach pw_scan_options. */
static void test_apply_only_set(void **state)
{
    fixture *fx = *state;
    pw_config *c = load_text(fx, "limits:\n  max_file_bytes: 1K\n"
                                 "verdict: {malicious: 9}\n");
    pw_scan_options opt;
    memset(&opt, 0, sizeof opt);
    opt.jobs = 7;
    opt.limits.max_entries = 11;
    opt.limits.max_total_bytes = 12;
    opt.limits.max_nesting = 13;
    opt.thresholds.suspicious = 1.5;
    pw_config_apply(c, &opt);
    assert_int_equal(opt.jobs, 7);
    assert_true(opt.limits.max_entries == 11);
    assert_true(opt.limits.max_total_bytes == 12);
    assert_int_equal(opt.limits.max_nesting, 13);
    assert_true(opt.limits.max_file_bytes == 1024);
    assert_true(opt.thresholds.suspicious == 1.5);
    assert_true(opt.thresholds.malicious == 9.0);

    pw_severity sev = PW_SEV_LOW;
    pw_format fmt = PW_FORMAT_JSON;
    assert_int_equal(pw_config_fail_on(c, &sev), 0);
    assert_int_equal(sev, PW_SEV_LOW);
    assert_int_equal(pw_config_format(c, &fmt), 0);
    assert_int_equal(pw_config_rules_dir_count(c), 0);
    pw_config_free(c);

    /* an empty config and NULLs change nothing */
    c = pw_config_new();
    pw_config_apply(c, &opt);
    assert_int_equal(opt.jobs, 7);
    assert_int_equal(pw_config_file_count(c), 0);
    pw_config_apply(NULL, &opt);
    pw_config_apply(c, NULL);
    pw_config_free(c);
    pw_config_free(NULL);
    assert_int_equal(pw_config_file_count(NULL), 0);
}

static void test_empty_files(void **state)
{
    fixture *fx = *state;
    static const char *const empties[] = {"", "# nothing\n", "---\n", "~\n",
                                          "limits:\nverdict: ~\n"};
    for (size_t i = 0; i < sizeof empties / sizeof empties[0]; i++) {
        pw_config *c = load_text(fx, empties[i]);
        assert_int_equal(pw_config_file_count(c), 1);
        pw_scan_options opt;
        memset(&opt, 0, sizeof opt);
        pw_config_apply(c, &opt);
        assert_int_equal(opt.jobs, 0);
        pw_config_free(c);
    }
}

static void test_unknown_keys(void **state)
{
    fixture *fx = *state;
    load_fail(fx, "fail_on: high\nlimts:\n  max_entries: 1\n", PW_ERR_CONFIG,
              2, 1,
              "unknown key \"limts\" (known: fail_on, format, jobs, rules, "
              "limits, verdict, min_release_age, install_scripts, deny, "
              "suppressions, db)");
    load_fail(fx, "limits:\n  max_entries: 1\n  max_entriez: 2\n",
              PW_ERR_CONFIG, 3, 3,
              "unknown key \"max_entriez\" in \"limits\" (known: "
              "max_entries, max_total_bytes, max_file_bytes, max_ratio, "
              "max_nesting, max_json_depth, max_manifest_bytes)");
    load_fail(fx, "verdict:\n  warn: 1\n", PW_ERR_CONFIG, 2, 3,
              "unknown key \"warn\" in \"verdict\" (known: suspicious, "
              "malicious)");
    load_fail(fx, "1: x\n", PW_ERR_CONFIG, 1, 1, "unknown key \"1\"");
    /* keys are case-sensitive */
    load_fail(fx, "Jobs: 1\n", PW_ERR_CONFIG, 1, 1, "unknown key \"Jobs\"");
}

static void test_bad_values(void **state)
{
    fixture *fx = *state;
    load_fail(fx, "fail_on: hgh\n", PW_ERR_CONFIG, 1, 10,
              "fail_on: expected one of info, low, medium, high, critical, "
              "got \"hgh\"");
    load_fail(fx, "fail_on: [high]\n", PW_ERR_CONFIG, 1, 10,
              "got a sequence");
    load_fail(fx, "fail_on:\n", PW_ERR_CONFIG, 1, 9, "got null");
    load_fail(fx, "format: xml\n", PW_ERR_CONFIG, 1, 9,
              "format: expected one of text, json, sarif, osv, got \"xml\"");
    load_fail(fx, "jobs: 0\n", PW_ERR_CONFIG, 1, 7,
              "jobs: expected an integer from 1 to 256, got 0");
    load_fail(fx, "jobs: 257\n", PW_ERR_CONFIG, 1, 7, "from 1 to 256");
    load_fail(fx, "jobs: two\n", PW_ERR_CONFIG, 1, 7,
              "jobs: expected an unsigned integer, got \"two\"");
    load_fail(fx, "jobs: -2\n", PW_ERR_CONFIG, 1, 7,
              "jobs: must not be negative");
    load_fail(fx, "jobs: \"2\"\n", PW_ERR_CONFIG, 1, 7, "a quoted \"2\"");
    load_fail(fx, "jobs: 2.5\n", PW_ERR_CONFIG, 1, 7, "unsigned integer");
    load_fail(fx, "limits:\n  max_entries: 0\n", PW_ERR_CONFIG, 2, 16,
              "limits.max_entries: must be at least 1, got 0");
    load_fail(fx, "limits:\n  max_ratio: 99999999999999999999\n",
              PW_ERR_CONFIG, 2, 14, "limits.max_ratio: 99999999999999999999 "
              "is too large");
    load_fail(fx, "limits:\n  max_nesting: 17\n", PW_ERR_CONFIG, 2, 16,
              "from 0 to 16");
    load_fail(fx, "limits: 5\n", PW_ERR_CONFIG, 1, 9,
              "limits: expected a mapping, got \"5\"");
    load_fail(fx, "limits: [max_entries]\n", PW_ERR_CONFIG, 1, 9,
              "limits: expected a mapping, got a sequence");
    load_fail(fx, "- fail_on: high\n", PW_ERR_CONFIG, 1, 1,
              "expected a mapping of settings, got a sequence");
    load_fail(fx, "just text\n", PW_ERR_CONFIG, 1, 1,
              "expected a mapping of settings, got \"just text\"");
    load_fail(fx, "rules: 5\nrules2: x\n", PW_ERR_CONFIG, 2, 1,
              "unknown key"); /* "5" is a valid directory name */
    load_fail(fx, "rules: [a, {b: c}]\n", PW_ERR_CONFIG, 1, 12,
              "rules: expected a string, got a mapping");
    load_fail(fx, "rules: ''\n", PW_ERR_CONFIG, 1, 8,
              "rules: a directory must not be empty");
    load_fail(fx, "rules:\n", PW_ERR_CONFIG, 1, 7,
              "rules: expected a string, got null");
}

static void test_sizes(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        pwi_size_status st;
        uint64_t value;
    } cases[] = {
        {"0", PWI_SIZE_OK, 0},
        {"100", PWI_SIZE_OK, 100},
        {"7B", PWI_SIZE_OK, 7},
        {"1K", PWI_SIZE_OK, 1024},
        {"1k", PWI_SIZE_OK, 1024},
        {"2KiB", PWI_SIZE_OK, 2048},
        {"2kib", PWI_SIZE_OK, 2048},
        {"2KB", PWI_SIZE_OK, 2000},
        {"32MiB", PWI_SIZE_OK, (uint64_t)32 << 20},
        {"32 MiB", PWI_SIZE_OK, (uint64_t)32 << 20},
        {"3M", PWI_SIZE_OK, (uint64_t)3 << 20},
        {"5MB", PWI_SIZE_OK, 5000000},
        {"1GiB", PWI_SIZE_OK, (uint64_t)1 << 30},
        {"1G", PWI_SIZE_OK, (uint64_t)1 << 30},
        {"1GB", PWI_SIZE_OK, 1000000000},
        {"2TiB", PWI_SIZE_OK, (uint64_t)2 << 40},
        {"18446744073709551615", PWI_SIZE_OK, UINT64_MAX},
        {"16777215TiB", PWI_SIZE_OK, (uint64_t)16777215 << 40},
        {"", PWI_SIZE_BAD, 0},
        {"MiB", PWI_SIZE_BAD, 0},
        {"1XB", PWI_SIZE_BAD, 0},
        {"1.5GiB", PWI_SIZE_BAD, 0},
        {"1 GiB x", PWI_SIZE_BAD, 0},
        {"1  GiB", PWI_SIZE_BAD, 0},
        {"1 ", PWI_SIZE_BAD, 0},
        {" 1", PWI_SIZE_BAD, 0},
        {"+1", PWI_SIZE_BAD, 0},
        {"0x10", PWI_SIZE_BAD, 0},
        {"1e6", PWI_SIZE_BAD, 0},
        {"-1", PWI_SIZE_NEGATIVE, 0},
        {"-5MiB", PWI_SIZE_NEGATIVE, 0},
        {"18446744073709551616", PWI_SIZE_OVERFLOW, 0},
        {"99999999999999999999999KiB", PWI_SIZE_OVERFLOW, 0},
        {"16777216TiB", PWI_SIZE_OVERFLOW, 0},
        {"17179869184GiB", PWI_SIZE_OVERFLOW, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint64_t v = 12345;
        pwi_size_status st = pwi_parse_size(cases[i].text,
                                            strlen(cases[i].text), &v);
        if (st != cases[i].st)
            fail_msg("\"%s\": status %d, want %d", cases[i].text, st,
                     cases[i].st);
        if (st == PWI_SIZE_OK && v != cases[i].value)
            fail_msg("\"%s\": value %llu", cases[i].text,
                     (unsigned long long)v);
        if (st != PWI_SIZE_OK && v != 12345)
            fail_msg("\"%s\": output written on failure", cases[i].text);
    }
    /* the length bounds the text: no NUL needed */
    uint64_t v = 0;
    assert_int_equal(pwi_parse_size("4KiBjunk", 4, &v), PWI_SIZE_OK);
    assert_true(v == 4096);
}

static void test_bad_sizes_in_file(void **state)
{
    fixture *fx = *state;
    load_fail(fx, "limits:\n  max_total_bytes: 1XB\n", PW_ERR_CONFIG, 2, 20,
              "limits.max_total_bytes: expected a size such as 1048576, "
              "512KiB or 32MiB, got \"1XB\"");
    load_fail(fx, "limits:\n  max_file_bytes: -1\n", PW_ERR_CONFIG, 2, 19,
              "limits.max_file_bytes: a size must not be negative, got "
              "\"-1\"");
    load_fail(fx, "limits:\n  max_file_bytes: -1GiB\n", PW_ERR_CONFIG, 2, 19,
              "must not be negative");
    load_fail(fx, "limits:\n  max_file_bytes: 20000000000GiB\n",
              PW_ERR_CONFIG, 2, 19,
              "limits.max_file_bytes: size \"20000000000GiB\" is too large");
    load_fail(fx, "limits:\n  max_file_bytes: 0\n", PW_ERR_CONFIG, 2, 19,
              "must be at least 1");
    load_fail(fx, "limits:\n  max_file_bytes: 1.5MiB\n", PW_ERR_CONFIG, 2,
              19, "expected a size");
    load_fail(fx, "limits:\n  max_file_bytes: {}\n", PW_ERR_CONFIG, 2, 19,
              "got a mapping");
}

static void test_thresholds(void **state)
{
    fixture *fx = *state;
    load_fail(fx, "verdict:\n  suspicious: 0\n", PW_ERR_CONFIG, 2, 15,
              "verdict.suspicious: expected a score above 0 and at most 10, "
              "got 0");
    load_fail(fx, "verdict:\n  malicious: 10.5\n", PW_ERR_CONFIG, 2, 14,
              "got 10.5");
    load_fail(fx, "verdict:\n  malicious: -1\n", PW_ERR_CONFIG, 2, 14,
              "above 0");
    load_fail(fx, "verdict:\n  malicious: high\n", PW_ERR_CONFIG, 2, 14,
              "verdict.malicious: expected a number, got \"high\"");
    load_fail(fx, "verdict:\n  malicious: .nan\n", PW_ERR_CONFIG, 2, 14,
              "expected a number");
    /* ordered against the defaults (3, 8) when only one is given */
    load_fail(fx, "verdict:\n  suspicious: 9\n", PW_ERR_CONFIG, 1, 1,
              "verdict: suspicious (9) must not be above malicious (8)");
    load_fail(fx, "verdict: {suspicious: 5, malicious: 4}\n", PW_ERR_CONFIG,
              1, 1, "must not be above");
    pw_config *c = load_text(fx, "verdict: {suspicious: 10, malicious: 10}\n");
    pw_config_free(c);
}

static void test_yaml_errors(void **state)
{
    fixture *fx = *state;
    load_fail(fx, "jobs: &n 2\n", PW_ERR_CONFIG, 1, 7,
              "anchors are not allowed");
    load_fail(fx, "jobs: 2\nfail_on: *x\n", PW_ERR_CONFIG, 2, 10,
              "aliases are not allowed");
    load_fail(fx, "jobs: 2\nformat: json\njobs: 3\n", PW_ERR_CONFIG, 3, 1,
              "duplicate key \"jobs\" (first at line 1)");
    load_fail(fx, "jobs: 2\n---\njobs: 3\n", PW_ERR_CONFIG, 2, 1,
              "more than one YAML document");
    load_fail(fx, "limits:\n\tmax_entries: 1\n", PW_ERR_CONFIG, 2, 1,
              "YAML syntax error");
    load_fail(fx, "jobs: [1, 2\n", PW_ERR_CONFIG, 2, 1, "YAML syntax error");
    load_fail(fx, "\x7f\x45LF\x02\x01\x01", PW_ERR_CONFIG, 1, 1,
              "control characters");
    /* nesting beyond the config parser's depth is a limit */
    char deep[64];
    memset(deep, '[', 40);
    deep[40] = '\0';
    char *text = pwi_xasprintf("rules: %s\n", deep);
    load_fail(fx, text, PW_ERR_LIMIT, 1, 23, "nesting is deeper");
    free(text);
}

static void test_file_errors(void **state)
{
    fixture *fx = *state;
    pw_config *c = (pw_config *)1;
    pw_error err;
    char *missing = pwi_xasprintf("%s/nope.yml", fx->dir);
    assert_int_equal(pw_config_load_file(missing, &c, &err), PW_ERR_IO);
    assert_null(c);
    assert_string_equal(err.path, missing);
    assert_non_null(strstr(err.msg, "cannot open"));
    free(missing);

    assert_int_equal(pw_config_load_file(fx->dir, &c, &err), PW_ERR_IO);
    assert_non_null(strstr(err.msg, "not a regular file"));

    /* over the 1 MiB cap: a clear limit error, whatever the content */
    size_t n = PWI_CONFIG_MAX_BYTES + 1;
    char *big = malloc(n + 1);
    memset(big, '#', n);
    big[n] = '\0';
    char *path = put(fx, "big.yml", big);
    assert_int_equal(pw_config_load_file(path, &c, &err), PW_ERR_LIMIT);
    assert_string_equal(err.msg,
                        "configuration file is larger than 1024 KiB");
    assert_string_equal(err.path, path);
    free(path);
    /* exactly at the cap is fine */
    big[n - 1] = '\0';
    path = put(fx, "edge.yml", big);
    assert_int_equal(pw_config_load_file(path, &c, &err), PW_OK);
    pw_config_free(c);
    free(path);
    free(big);

    assert_int_equal(pw_config_load_file(NULL, &c, NULL), PW_ERR_USAGE);
}

static void test_rules_resolution(void **state)
{
    fixture *fx = *state;
    char *path = put(fx, "proj/sub/.pkgward.yml",
                     "rules:\n"
                     "  - ./local\n"
                     "  - .//x/../y\n"
                     "  - plain\n"
                     "  - /opt/abs\n"
                     "  - ~/mine\n"
                     "  - ./\n");
    pw_config *c = NULL;
    pw_error err;
    assert_int_equal(pw_config_load_file(path, &c, &err), PW_OK);
    assert_int_equal(pw_config_rules_dir_count(c), 6);
    char *want[6];
    want[0] = pwi_xasprintf("%s/proj/sub/local", fx->dir);
    want[1] = pwi_xasprintf("%s/proj/sub/x/../y", fx->dir);
    want[2] = pwi_xasprintf("%s/proj/sub/plain", fx->dir);
    want[3] = pwi_xstrdup("/opt/abs");
    want[4] = pwi_xasprintf("%s/home/mine", fx->dir);
    want[5] = pwi_xasprintf("%s/proj/sub/", fx->dir);
    for (int i = 0; i < 6; i++) {
        assert_string_equal(pw_config_rules_dir(c, (size_t)i), want[i]);
        free(want[i]);
    }
    pw_config_free(c);
    free(path);

    /* a single string; a config named without a directory */
    path = put(fx, "one.yml", "rules: ./r\n");
    assert_int_equal(pw_config_load_file(path, &c, &err), PW_OK);
    assert_int_equal(pw_config_rules_dir_count(c), 1);
    char *w = pwi_xasprintf("%s/r", fx->dir);
    assert_string_equal(pw_config_rules_dir(c, 0), w);
    free(w);
    pw_config_free(c);
    free(path);

    char *cwd = getcwd(NULL, 0);
    assert_int_equal(chdir(fx->dir), 0);
    assert_int_equal(pw_config_load_file("one.yml", &c, &err), PW_OK);
    assert_string_equal(pw_config_rules_dir(c, 0), "r");
    assert_string_equal(pw_config_file(c, 0), "one.yml");
    pw_config_free(c);
    assert_int_equal(chdir(cwd), 0);
    free(cwd);
}

/* No user file and no .pkgward.yml on the way up: an empty config. This
 * assumes the temporary directory's ancestors hold no .pkgward.yml. */
static void test_default_nothing(void **state)
{
    fixture *fx = *state;
    char *start = mkdirs(fx, "a/b");
    pw_config *c = NULL;
    pw_error err;
    assert_int_equal(pw_config_load_default(start, &c, &err), PW_OK);
    assert_non_null(c);
    assert_int_equal(pw_config_file_count(c), 0);
    pw_config_free(c);
    unsetenv("HOME");
    assert_int_equal(pw_config_load_default(start, &c, &err), PW_OK);
    pw_config_free(c);
    free(start);
}

static void test_default_walks_up(void **state)
{
    fixture *fx = *state;
    char *top = put(fx, "repo/.pkgward.yml", "jobs: 3\nrules: top-rules\n");
    char *start = mkdirs(fx, "repo/pkg/src/deep");
    pw_config *c = NULL;
    pw_error err;
    assert_int_equal(pw_config_load_default(start, &c, &err), PW_OK);
    assert_int_equal(pw_config_file_count(c), 1);
    assert_string_equal(pw_config_file(c, 0), top);
    char *w = pwi_xasprintf("%s/repo/top-rules", fx->dir);
    assert_string_equal(pw_config_rules_dir(c, 0), w);
    free(w);
    pw_config_free(c);

    /* the nearest file wins; files further up are not read */
    char *near = put(fx, "repo/pkg/.pkgward.yml", "jobs: 4\n");
    assert_int_equal(pw_config_load_default(start, &c, &err), PW_OK);
    assert_int_equal(pw_config_file_count(c), 1);
    assert_string_equal(pw_config_file(c, 0), near);
    assert_int_equal(pw_config_rules_dir_count(c), 0);
    pw_config_free(c);

    /* starting in the directory of the file itself, via a relative path */
    char *cwd = getcwd(NULL, 0);
    char *pkg = pwi_xasprintf("%s/repo/pkg", fx->dir);
    assert_int_equal(chdir(pkg), 0);
    assert_int_equal(pw_config_load_default(".", &c, &err), PW_OK);
    assert_string_equal(pw_config_file(c, 0), near);
    pw_config_free(c);
    assert_int_equal(pw_config_load_default(NULL, &c, &err), PW_OK);
    assert_string_equal(pw_config_file(c, 0), near);
    pw_config_free(c);
    assert_int_equal(chdir(cwd), 0);
    free(cwd);
    free(pkg);

    /* an error in the project file names it */
    rewrite(fx, "repo/pkg/.pkgward.yml", "jobs: 4\nbogus: 1\n");
    c = (pw_config *)1;
    assert_int_equal(pw_config_load_default(start, &c, &err), PW_ERR_CONFIG);
    assert_null(c);
    assert_string_equal(err.path, near);
    assert_int_equal(err.line, 2);

    /* a missing start directory is an I/O error */
    char *gone = pwi_xasprintf("%s/no/such/dir", fx->dir);
    assert_int_equal(pw_config_load_default(gone, &c, &err), PW_ERR_IO);
    free(gone);
    free(top);
    free(near);
    free(start);
}

static void test_user_and_project_merge(void **state)
{
    fixture *fx = *state;
    char *user = put(fx, "home/.config/pkgward/config.yml",
                     "fail_on: medium\n"
                     "format: json\n"
                     "jobs: 8\n"
                     "rules: [~/personal-rules]\n"
                     "limits: {max_entries: 50, max_ratio: 10}\n"
                     "verdict: {malicious: 6}\n");
    char *project = put(fx, "work/.pkgward.yml",
                        "fail_on: critical\n"
                        "rules: ./team-rules\n"
                        "limits:\n  max_ratio: 20\n"
                        "verdict: {suspicious: 2}\n");
    char *start = mkdirs(fx, "work/src");
    pw_config *c = NULL;
    pw_error err;
    assert_int_equal(pw_config_load_default(start, &c, &err), PW_OK);
    assert_int_equal(pw_config_file_count(c), 2);
    assert_string_equal(pw_config_file(c, 0), user);
    assert_string_equal(pw_config_file(c, 1), project);

    pw_severity sev;
    pw_format fmt;
    assert_int_equal(pw_config_fail_on(c, &sev), 1);
    assert_int_equal(sev, PW_SEV_CRITICAL);      /* project overrides */
    assert_int_equal(pw_config_format(c, &fmt), 1);
    assert_int_equal(fmt, PW_FORMAT_JSON);       /* user value kept */
    assert_int_equal(pw_config_rules_dir_count(c), 1); /* list replaced */
    char *w = pwi_xasprintf("%s/work/team-rules", fx->dir);
    assert_string_equal(pw_config_rules_dir(c, 0), w);
    free(w);

    pw_scan_options opt;
    memset(&opt, 0, sizeof opt);
    pw_config_apply(c, &opt);
    assert_int_equal(opt.jobs, 8);
    assert_true(opt.limits.max_entries == 50);
    assert_true(opt.limits.max_ratio == 20);
    assert_true(opt.thresholds.suspicious == 2.0);
    assert_true(opt.thresholds.malicious == 6.0);
    pw_config_free(c);

    /* the user rules resolve against HOME when the project sets none */
    rewrite(fx, "work/.pkgward.yml", "jobs: 1\n");
    assert_int_equal(pw_config_load_default(start, &c, &err), PW_OK);
    w = pwi_xasprintf("%s/home/personal-rules", fx->dir);
    assert_string_equal(pw_config_rules_dir(c, 0), w);
    free(w);
    pw_config_free(c);

    /* thresholds are checked on the merged values */
    rewrite(fx, "work/.pkgward.yml", "verdict:\n  suspicious: 7\n");
    assert_int_equal(pw_config_load_default(start, &c, &err), PW_ERR_CONFIG);
    assert_string_equal(err.path, project);
    assert_non_null(strstr(err.msg, "suspicious (7) must not be above "
                                    "malicious (6)"));

    /* an error in the user file names the user file */
    rewrite(fx, "home/.config/pkgward/config.yml", "jobs: 999\n");
    assert_int_equal(pw_config_load_default(start, &c, &err), PW_ERR_CONFIG);
    assert_string_equal(err.path, user);
    assert_int_equal(err.line, 1);
    free(user);
    free(project);
    free(start);
}

static void test_xdg_config_home(void **state)
{
    fixture *fx = *state;
    rewrite(fx, "home/.config/pkgward/config.yml", "jobs: 5\n");
    char *xdg_file = put(fx, "xdg/pkgward/config.yml", "jobs: 6\n");
    char *xdg = pwi_xasprintf("%s/xdg", fx->dir);
    char *start = mkdirs(fx, "elsewhere");
    setenv("XDG_CONFIG_HOME", xdg, 1);

    pw_config *c = NULL;
    pw_error err;
    pw_scan_options opt;
    memset(&opt, 0, sizeof opt);
    assert_int_equal(pw_config_load_default(start, &c, &err), PW_OK);
    assert_int_equal(pw_config_file_count(c), 1);
    assert_string_equal(pw_config_file(c, 0), xdg_file);
    pw_config_apply(c, &opt);
    assert_int_equal(opt.jobs, 6);
    pw_config_free(c);

    /* a relative XDG_CONFIG_HOME is ignored, per the XDG spec */
    setenv("XDG_CONFIG_HOME", "relative/dir", 1);
    assert_int_equal(pw_config_load_default(start, &c, &err), PW_OK);
    pw_config_apply(c, &opt);
    assert_int_equal(opt.jobs, 5);
    pw_config_free(c);

    /* an XDG directory without the file: no user config, no fallback */
    setenv("XDG_CONFIG_HOME", start, 1);
    assert_int_equal(pw_config_load_default(start, &c, &err), PW_OK);
    assert_int_equal(pw_config_file_count(c), 0);
    pw_config_free(c);
    unsetenv("XDG_CONFIG_HOME");
    free(xdg);
    free(xdg_file);
    free(start);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_full_file),         T(test_apply_only_set),
        T(test_empty_files),       T(test_unknown_keys),
        T(test_bad_values),        T(test_sizes),
        T(test_bad_sizes_in_file), T(test_thresholds),
        T(test_yaml_errors),       T(test_file_errors),
        T(test_rules_resolution),  T(test_default_nothing),
        T(test_default_walks_up),  T(test_user_and_project_merge),
        T(test_xdg_config_home),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
