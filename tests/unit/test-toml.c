/* test-toml.c - the strict TOML v1.0.0 reader (src/util/toml.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util/buf.h"
#include "util/jtree.h"

/* Parses data[0..len) with lim (NULL: defaults) expecting success. */
static pwi_jnode *parse_ok_n(const char *data, size_t len,
                             const pwi_jlimits *lim)
{
    pwi_jnode *root = NULL;
    pw_error err;
    memset(&err, 0, sizeof err);
    pw_status st = pwi_toml_parse(data, len, "t.toml", lim, &root, &err);
    if (st != PW_OK)
        fail_msg("unexpected error %d at %zu:%zu: %s\n--- input:\n%.*s", st,
                 err.line, err.col, err.msg, (int)len, data);
    assert_non_null(root);
    return root;
}

static pwi_jnode *parse_ok(const char *s)
{
    return parse_ok_n(s, strlen(s), NULL);
}

/* Parses data expecting code at line:col (col 0: any) and a message
 * containing needle. */
static void parse_fail_n(const char *data, size_t len,
                         const pwi_jlimits *lim, pw_status code, size_t line,
                         size_t col, const char *needle)
{
    pwi_jnode *root = (pwi_jnode *)1;
    pw_error err;
    memset(&err, 0, sizeof err);
    pw_status st = pwi_toml_parse(data, len, "t.toml", lim, &root, &err);
    if (st != code || err.code != code || err.line != line ||
        (col && err.col != col) || !strstr(err.msg, needle))
        fail_msg("expected %d at %zu:%zu with \"%s\", got %d at %zu:%zu: "
                 "%s\n--- input:\n%.*s",
                 code, line, col, needle, st, err.line, err.col, err.msg,
                 (int)len, data);
    assert_null(root);
    assert_string_equal(err.path, "t.toml");
}

static void parse_fail(const char *s, pw_status code, size_t line,
                       size_t col, const char *needle)
{
    parse_fail_n(s, strlen(s), NULL, code, line, col, needle);
}

/* The node at a dotted path of plain keys ("a.b.c"); array elements by
 * number ("package.1.name"). */
static const pwi_jnode *at(const pwi_jnode *n, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *k = strtok(buf, "."); k && n; k = strtok(NULL, ".")) {
        if (n->kind == PWI_J_ARRAY) {
            size_t i = (size_t)strtoul(k, NULL, 10);
            n = i < n->nitems ? n->items[i] : NULL;
        } else {
            n = pwi_j_get(n, k);
        }
    }
    if (!n)
        fail_msg("no node at %s", path);
    return n;
}

static void assert_text(const pwi_jnode *n, pwi_jkind kind, const char *text)
{
    assert_int_equal(n->kind, kind);
    assert_non_null(n->str);
    assert_int_equal(n->len, strlen(text));
    assert_string_equal(n->str, text);
}

static void test_document(void **state)
{
    (void)state;
    pwi_jnode *root = parse_ok("# a lockfile-like document\n"
                               "version = 1\n"
                               "title = \"demo\"\n"
                               "\n"
                               "[owner]\n"
                               "name = 'Tom'\n"
                               "dob = 1979-05-27T07:32:00-08:00\n"
                               "\n"
                               "[[package]]\n"
                               "name = \"a\"\n"
                               "deps = [ { name = \"b\" }, { name = \"c\", "
                               "marker = \"x\" } ]\n"
                               "[package.source]\n"
                               "type = \"git\"\n"
                               "\n"
                               "[[package]]\n"
                               "name = \"b\"\n"
                               "  flags.optional = true\n");
    assert_int_equal(root->kind, PWI_J_OBJECT);
    assert_int_equal(root->line, 1);
    assert_int_equal(root->nitems, 4);
    assert_string_equal(root->keys[0], "version");
    assert_string_equal(root->keys[1], "title");
    assert_string_equal(root->keys[2], "owner");
    assert_string_equal(root->keys[3], "package");
    assert_int_equal(root->key_lines[0], 2);
    assert_int_equal(root->key_lines[2], 5);
    assert_int_equal(root->key_lines[3], 9);

    int64_t v;
    assert_true(pwi_j_as_int(at(root, "version"), &v));
    assert_int_equal(v, 1);
    assert_int_equal(at(root, "version")->line, 2);
    assert_int_equal(at(root, "version")->col, 11);
    assert_text(at(root, "title"), PWI_J_STRING, "demo");

    const pwi_jnode *owner = at(root, "owner");
    assert_int_equal(owner->kind, PWI_J_OBJECT);
    assert_int_equal(owner->line, 5);
    assert_int_equal(owner->col, 1);
    assert_text(at(root, "owner.name"), PWI_J_STRING, "Tom");
    assert_text(at(root, "owner.dob"), PWI_J_DATETIME,
                "1979-05-27T07:32:00-08:00");

    const pwi_jnode *pkgs = at(root, "package");
    assert_int_equal(pkgs->kind, PWI_J_ARRAY);
    assert_int_equal(pkgs->nitems, 2);
    assert_int_equal(pkgs->items[0]->line, 9);
    assert_int_equal(pkgs->items[1]->line, 15);
    assert_text(at(root, "package.0.name"), PWI_J_STRING, "a");
    const pwi_jnode *deps = at(root, "package.0.deps");
    assert_int_equal(deps->kind, PWI_J_ARRAY);
    assert_int_equal(deps->nitems, 2);
    assert_int_equal(deps->line, 11);
    assert_int_equal(deps->col, 8);
    assert_int_equal(deps->items[1]->kind, PWI_J_OBJECT);
    assert_int_equal(deps->items[1]->col, 26);
    assert_text(at(root, "package.0.deps.1.marker"), PWI_J_STRING, "x");
    assert_text(at(root, "package.0.source.type"), PWI_J_STRING, "git");
    assert_int_equal(at(root, "package.0.source")->line, 12);
    /* the [package.source] table went into the element open at the time */
    assert_null(pwi_j_get(at(root, "package.1"), "source"));
    const pwi_jnode *opt = at(root, "package.1.flags.optional");
    assert_int_equal(opt->kind, PWI_J_BOOL);
    assert_true(opt->boolean);
    assert_int_equal(opt->line, 17);
    assert_int_equal(opt->col, 20);
    /* the dotted key's table starts at its segment */
    assert_int_equal(at(root, "package.1.flags")->line, 17);
    assert_int_equal(at(root, "package.1.flags")->col, 3);
    pwi_jtree_free(root);
}

static void test_empty_inputs(void **state)
{
    (void)state;
    const char *docs[] = {"", "\n\n", "# only a comment", "  \t\n# x\r\n",
                          "\xef\xbb\xbf"};
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        pwi_jnode *root = parse_ok(docs[i]);
        assert_int_equal(root->kind, PWI_J_OBJECT);
        assert_int_equal(root->nitems, 0);
        pwi_jtree_free(root);
    }
    pwi_jnode *root = parse_ok("\xef\xbb\xbf" "a = 1");
    assert_int_equal(at(root, "a")->col, 5);
    pwi_jtree_free(root);
}

static void test_strings(void **state)
{
    (void)state;
    pwi_jnode *root = parse_ok(
        "basic = \"tab\\there \\\"q\\\" \\\\ \\b\\f\\r\\n\"\n"
        "uni = \"\\u00e9\\U0001F600\\u0041\"\n"
        "nul = \"a\\u0000b\"\n"
        "lit = 'C:\\Users\\nodejs\\templates'\n"
        "ml = \"\"\"\n"
        "Roses are red\r\n"
        "Violets are blue\"\"\"\n"
        "fold = \"\"\"\\\n"
        "    The quick \\\n"
        "    brown \\   \n"
        "\n"
        "    fox.\\\n"
        "    \"\"\"\n"
        "quotes = \"\"\"Here are two quotation marks: \"\". Simple \"\"\"\"\"\n"
        "mllit = '''\n"
        "The first newline is\n"
        "trimmed in raw strings.\n"
        "   All other whitespace\n"
        "   is preserved.\n"
        "'''\n"
        "apos = ''''That,' she said, 'is still pointless.''''\n"
        "\"quoted key\" = 1\n"
        "'lit.key' = 2\n"
        "\"\" = 3\n"
        "\"\\u00e9t\\u00e9\" = 4\n");
    assert_text(at(root, "basic"), PWI_J_STRING,
                "tab\there \"q\" \\ \b\f\r\n");
    assert_text(at(root, "uni"), PWI_J_STRING,
                "\xc3\xa9\xf0\x9f\x98\x80" "A");
    const pwi_jnode *nul = at(root, "nul");
    assert_int_equal(nul->len, 3);
    assert_memory_equal(nul->str, "a\0b", 4);
    assert_text(at(root, "lit"), PWI_J_STRING, "C:\\Users\\nodejs\\templates");
    assert_text(at(root, "ml"), PWI_J_STRING,
                "Roses are red\nViolets are blue");
    assert_text(at(root, "fold"), PWI_J_STRING, "The quick brown fox.");
    assert_text(at(root, "quotes"), PWI_J_STRING,
                "Here are two quotation marks: \"\". Simple \"\"");
    assert_text(at(root, "mllit"), PWI_J_STRING,
                "The first newline is\ntrimmed in raw strings.\n"
                "   All other whitespace\n   is preserved.\n");
    assert_text(at(root, "apos"), PWI_J_STRING,
                "'That,' she said, 'is still pointless.'");
    assert_non_null(pwi_j_get(root, "quoted key"));
    assert_non_null(pwi_j_get(root, "lit.key"));
    assert_non_null(pwi_j_get(root, ""));
    assert_non_null(pwi_j_get(root, "\xc3\xa9t\xc3\xa9"));
    /* lines after multi-line strings are counted */
    assert_int_equal(at(root, "apos")->line, 21);
    pwi_jtree_free(root);
}

static void test_numbers(void **state)
{
    (void)state;
    pwi_jnode *root = parse_ok("a = +99\nb = -17\nc = 1_000\nd = 0xDEAD_beef\n"
                               "e = 0o755\nf = 0b1101\ng = -0\n"
                               "h = 9223372036854775807\n"
                               "i = -9223372036854775808\n"
                               "j = 0x7FFFFFFFFFFFFFFF\n"
                               "k = 3.14_15\nl = -1e-05\nm = 6.626E+34\n"
                               "n = inf\no = -inf\np = +nan\nq = 1e06\n"
                               "r = 0.0\n");
    static const struct {
        const char *key, *text;
    } want[] = {{"a", "99"},
                {"b", "-17"},
                {"c", "1000"},
                {"d", "3735928559"},
                {"e", "493"},
                {"f", "13"},
                {"g", "0"},
                {"h", "9223372036854775807"},
                {"i", "-9223372036854775808"},
                {"j", "9223372036854775807"},
                {"k", "3.1415"},
                {"l", "-1e-05"},
                {"m", "6.626E+34"},
                {"n", "inf"},
                {"o", "-inf"},
                {"p", "+nan"},
                {"q", "1e06"},
                {"r", "0.0"}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_text(at(root, want[i].key), PWI_J_NUMBER, want[i].text);
    int64_t v;
    assert_true(pwi_j_as_int(at(root, "d"), &v));
    assert_int_equal(v, 3735928559);
    assert_true(pwi_j_as_int(at(root, "i"), &v));
    assert_true(v == INT64_MIN);
    assert_false(pwi_j_as_int(at(root, "k"), &v));
    pwi_jtree_free(root);
}

static void test_booleans_and_datetimes(void **state)
{
    (void)state;
    pwi_jnode *root = parse_ok("t = true\nf = false\n"
                               "odt1 = 1979-05-27T07:32:00Z\n"
                               "odt2 = 1979-05-27 00:32:00.999999-07:00\n"
                               "odt3 = 1979-05-27t07:32:00z\n"
                               "ldt = 1979-05-27T07:32:00\n"
                               "ld = 2000-02-29\n"
                               "lt = 00:32:00.999999\n"
                               "leap = 1990-12-31T23:59:60Z\n"
                               "arr = [1979-05-27, 07:32:00] # dates\n");
    assert_int_equal(at(root, "t")->kind, PWI_J_BOOL);
    assert_true(at(root, "t")->boolean);
    assert_false(at(root, "f")->boolean);
    assert_text(at(root, "odt1"), PWI_J_DATETIME, "1979-05-27T07:32:00Z");
    assert_text(at(root, "odt2"), PWI_J_DATETIME,
                "1979-05-27 00:32:00.999999-07:00");
    assert_text(at(root, "odt3"), PWI_J_DATETIME, "1979-05-27t07:32:00z");
    assert_text(at(root, "ldt"), PWI_J_DATETIME, "1979-05-27T07:32:00");
    assert_text(at(root, "ld"), PWI_J_DATETIME, "2000-02-29");
    assert_text(at(root, "lt"), PWI_J_DATETIME, "00:32:00.999999");
    assert_text(at(root, "arr.0"), PWI_J_DATETIME, "1979-05-27");
    assert_text(at(root, "arr.1"), PWI_J_DATETIME, "07:32:00");
    pwi_jtree_free(root);
}

static void test_tables(void **state)
{
    (void)state;
    /* implicit tables may be defined later, once; headers may pass
     * through tables made by dotted keys (spec examples) */
    pwi_jnode *root = parse_ok("[x.y.z.w]\n"
                               "[x]\n"
                               "[fruit]\n"
                               "apple.color = \"red\"\n"
                               "apple.taste.sweet = true\n"
                               "[fruit.apple.texture]\n"
                               "smooth = true\n"
                               "[[fruits]]\n"
                               "name = \"apple\"\n"
                               "[fruits.physical]\n"
                               "color = \"red\"\n"
                               "[[fruits.varieties]]\n"
                               "name = \"red delicious\"\n"
                               "[[fruits.varieties]]\n"
                               "name = \"granny smith\"\n"
                               "[[fruits]]\n"
                               "name = \"banana\"\n"
                               "[[fruits.varieties]]\n"
                               "name = \"plantain\"\n"
                               "[a.b.c]\n"
                               "[a]\n"
                               "b.d = 1\n");
    assert_int_equal(at(root, "x")->line, 2); /* where it was defined */
    assert_int_equal(at(root, "x.y")->line, 1);
    assert_true(at(root, "fruit.apple.texture.smooth")->boolean);
    assert_true(at(root, "fruit.apple.taste.sweet")->boolean);
    assert_int_equal(at(root, "fruits")->nitems, 2);
    assert_int_equal(at(root, "fruits.0.varieties")->nitems, 2);
    assert_text(at(root, "fruits.0.varieties.1.name"), PWI_J_STRING,
                "granny smith");
    assert_text(at(root, "fruits.0.physical.color"), PWI_J_STRING, "red");
    assert_text(at(root, "fruits.1.varieties.0.name"), PWI_J_STRING,
                "plantain");
    assert_int_equal(at(root, "fruits.1")->line, 16);
    assert_int_equal(at(root, "a.b.d")->kind, PWI_J_NUMBER);
    pwi_jtree_free(root);

    root = parse_ok("points = [ { x = 1, y = 2 },\n"
                    "           { x = 7, y = 8, z = { w.v = [ [], [1, "
                    "'a', {}] ] } }, ]\n"
                    "nested = { a.b = 1, a.c = 2, d = { e = [\n"
                    "  1, # comment\n"
                    "  2,\n"
                    "] } }\n");
    assert_int_equal(at(root, "points")->nitems, 2);
    assert_int_equal(at(root, "points.1")->line, 2);
    assert_int_equal(at(root, "points.1.z.w.v.1")->nitems, 3);
    assert_int_equal(at(root, "points.1.z.w.v.1.2")->kind, PWI_J_OBJECT);
    assert_int_equal(at(root, "nested.a")->nitems, 2);
    assert_int_equal(at(root, "nested.d.e")->nitems, 2);
    assert_int_equal(at(root, "nested.d.e.1")->line, 5);
    pwi_jtree_free(root);
}

/* Invalid documents: code, position and what the message says. */
static void test_errors(void **state)
{
    (void)state;
    static const struct {
        const char *doc;
        pw_status code;
        size_t line, col;
        const char *needle;
    } cases[] = {
        {"a = 1\na = 2", PW_ERR_FORMAT, 2, 1, "duplicate key \"a\" (first at line 1)"},
        {"[a]\nx = 1\n[a]", PW_ERR_FORMAT, 3, 1, "table [a] is defined twice"},
        {"[a.b]\n[a]\n[a.b]", PW_ERR_FORMAT, 3, 1, "table [a.b] is defined twice"},
        {"a.b = 1\n[a]", PW_ERR_FORMAT, 2, 1, "first by dotted keys at line 1"},
        {"[fruit]\napple.color = 1\n[fruit.apple]", PW_ERR_FORMAT, 3, 1, "[fruit.apple] is defined twice"},
        {"[fruit]\napple.taste.sweet = 1\n[fruit.apple.taste]", PW_ERR_FORMAT, 3, 1, "defined twice"},
        {"[a.b.c]\nz = 9\n[a]\nb.c.t = 1", PW_ERR_FORMAT, 4, 3, "table [a.b.c] with a dotted key: it was defined by a header at line 1"},
        {"[a.b.c.d]\n[a]\nb.c.d.k.t = 1", PW_ERR_FORMAT, 3, 5, "[a.b.c.d]"},
        {"a = {}\n[a.b]", PW_ERR_FORMAT, 2, 2, "it is an inline table"},
        {"a = {b = 1}\na.c = 2", PW_ERR_FORMAT, 2, 1, "\"a\" with a dotted key: it is an inline table"},
        {"a = {b = 1}\n[a]", PW_ERR_FORMAT, 2, 1, "already an inline table"},
        {"a = [1]\n[[a]]", PW_ERR_FORMAT, 2, 1, "a static array cannot be extended"},
        {"a = [{b = 1}]\n[a.c]", PW_ERR_FORMAT, 2, 2, "it is an array (line 1)"},
        {"[a]\n[[a]]", PW_ERR_FORMAT, 2, 1, "already a table"},
        {"[[a]]\n[a]", PW_ERR_FORMAT, 2, 1, "already an array of tables"},
        {"[[a.b]]\n[a]\nb.y = 2", PW_ERR_FORMAT, 3, 1, "\"a.b\" with a dotted key: it is an array of tables"},
        {"x = 1\n[x.y]", PW_ERR_FORMAT, 2, 2, "it is a number"},
        {"[a]\nb = 1\n[a.b]", PW_ERR_FORMAT, 3, 1, "already a number"},
        {"a = 1\na.b = 2", PW_ERR_FORMAT, 2, 1, "it is a number"},
        {"t = { f = { a = 1 }, f.a.x = 2 }", PW_ERR_FORMAT, 1, 22, "\"t.f\" with a dotted key: it is an inline table"},
        {"a = {b = 1, b = 2}", PW_ERR_FORMAT, 1, 13, "duplicate key \"a.b\""},
        {"[[p]]\n[p.d]\nx = 1\nx = 2", PW_ERR_FORMAT, 4, 1, "duplicate key \"p.d.x\" (first at line 3)"},
        {"s = \"\\q\"", PW_ERR_FORMAT, 1, 6, "invalid escape"},
        {"s = \"\\x41\"", PW_ERR_FORMAT, 1, 6, "invalid escape"},
        {"s = \"\\e\"", PW_ERR_FORMAT, 1, 6, "invalid escape"},
        {"s = \"\\uD800\"", PW_ERR_FORMAT, 1, 6, "not a Unicode scalar value"},
        {"s = \"\\U00110000\"", PW_ERR_FORMAT, 1, 6, "not a Unicode scalar value"},
        {"s = \"\\u12\"", PW_ERR_FORMAT, 1, 6, "needs 4 hex digits"},
        {"s = \"abc", PW_ERR_FORMAT, 1, 5, "unterminated string"},
        {"s = '''abc''", PW_ERR_FORMAT, 1, 5, "unterminated multi-line string"},
        {"s = \"a\nb\"", PW_ERR_FORMAT, 1, 7, "newline in a single-line string"},
        {"s = 'a\nb'", PW_ERR_FORMAT, 1, 7, "newline in a single-line string"},
        {"s = \"\"\"a\\ b\"\"\"", PW_ERR_FORMAT, 1, 9, "backslash followed by whitespace"},
        {"s = \"\"\"a\"\"\"\"\"\"", PW_ERR_FORMAT, 1, 9, "too many quotes"},
        {"s = \"tab\\\tx\"", PW_ERR_FORMAT, 1, 9, "invalid escape"},
        {"\"\"\"k\"\"\" = 1", PW_ERR_FORMAT, 1, 1, "multi-line string cannot be a key"},
        {"a = 01", PW_ERR_FORMAT, 1, 5, "leading zeros"},
        {"a = 1__2", PW_ERR_FORMAT, 1, 6, "underscore"},
        {"a = 1_", PW_ERR_FORMAT, 1, 6, "underscore"},
        {"a = 0x", PW_ERR_FORMAT, 1, 7, "hexadecimal digit"},
        {"a = 0o8", PW_ERR_FORMAT, 1, 7, "octal digit"},
        {"a = +0x1", PW_ERR_FORMAT, 1, 6, "cannot have a sign"},
        {"a = 0X1", PW_ERR_FORMAT, 1, 6, "unexpected 'X'"},
        {"a = 9223372036854775808", PW_ERR_FORMAT, 1, 5, "does not fit in 64 bits"},
        {"a = -9223372036854775809", PW_ERR_FORMAT, 1, 5, "does not fit in 64 bits"},
        {"a = 0x8000000000000000", PW_ERR_FORMAT, 1, 5, "does not fit in 64 bits"},
        {"a = 1.", PW_ERR_FORMAT, 1, 7, "digit after the decimal point"},
        {"a = .5", PW_ERR_FORMAT, 1, 5, "expected a value"},
        {"a = 1e", PW_ERR_FORMAT, 1, 7, "digit in the exponent"},
        {"a = Inf", PW_ERR_FORMAT, 1, 5, "expected a value"},
        {"a = nan_", PW_ERR_FORMAT, 1, 8, "unexpected '_'"},
        {"d = 2001-02-29", PW_ERR_FORMAT, 1, 5, "2001-02-29 does not exist"},
        {"d = 1979-13-01", PW_ERR_FORMAT, 1, 5, "does not exist"},
        {"d = 1979-1-01", PW_ERR_FORMAT, 1, 5, "expected YYYY-MM-DD"},
        {"t = 24:00:00", PW_ERR_FORMAT, 1, 5, "out of range"},
        {"t = 07:32", PW_ERR_FORMAT, 1, 5, "seconds are required"},
        {"t = 07:32:00Z", PW_ERR_FORMAT, 1, 13, "unexpected 'Z'"},
        {"d = 1979-05-27T07:32:00+24:00", PW_ERR_FORMAT, 1, 25, "offset: out of range"},
        {"d = 1979-05-27T07:32:00.Z", PW_ERR_FORMAT, 1, 25, "fractional seconds"},
        {"a = truee", PW_ERR_FORMAT, 1, 9, "unexpected 'e'"},
        {"a = True", PW_ERR_FORMAT, 1, 5, "expected a value"},
        {"a = {b = 1,}", PW_ERR_FORMAT, 1, 12, "trailing comma"},
        {"a = {b = 1\n}", PW_ERR_FORMAT, 1, 11, "inline tables are one line"},
        {"a = {\nb = 1}", PW_ERR_FORMAT, 1, 6, "inline tables are one line"},
        {"a = [1 2]", PW_ERR_FORMAT, 1, 8, "expected ',' or ']'"},
        {"a = [,]", PW_ERR_FORMAT, 1, 6, "found ','"},
        {"a = [1,,2]", PW_ERR_FORMAT, 1, 8, "found ','"},
        {"a = [1,\n2", PW_ERR_FORMAT, 2, 2, "expected ',' or ']'"},
        {"a = [", PW_ERR_FORMAT, 1, 6, "unclosed array"},
        {"a = 1 b = 2", PW_ERR_FORMAT, 1, 7, "end of the line after a value"},
        {"= 1", PW_ERR_FORMAT, 1, 1, "expected a key"},
        {"a", PW_ERR_FORMAT, 1, 2, "'=' after the key"},
        {"a.= 1", PW_ERR_FORMAT, 1, 3, "expected a key"},
        {"a b = 1", PW_ERR_FORMAT, 1, 3, "'=' after the key"},
        {"[]", PW_ERR_FORMAT, 1, 2, "expected a key"},
        {"[a", PW_ERR_FORMAT, 1, 3, "']' to close the header"},
        {"[[a]", PW_ERR_FORMAT, 1, 4, "']]' to close the header"},
        {"[ [a]]", PW_ERR_FORMAT, 1, 3, "expected a key"},
        {"[a] b = 1", PW_ERR_FORMAT, 1, 5, "after a table header"},
        {"a =", PW_ERR_FORMAT, 1, 4, "expected a value, found end of file"},
        {"a = \nb = 1", PW_ERR_FORMAT, 1, 5, "found end of line"},
        {"a = \"x\"\n\n  b = \"\\x41\"", PW_ERR_FORMAT, 3, 8, "invalid escape"},
        {"a = 1\rb = 2", PW_ERR_FORMAT, 1, 6, "carriage return"},
        {"a = \"x\x01\"", PW_ERR_FORMAT, 1, 7, "U+0001"},
        {"# comment \x7f", PW_ERR_FORMAT, 1, 11, "U+007F"},
        {"a = 1\n# \x0c", PW_ERR_FORMAT, 2, 3, "U+000C"},
        {"a = \"\xff\"", PW_ERR_FORMAT, 1, 6, "invalid UTF-8"},
        {"a = \"\xc0\xaf\"", PW_ERR_FORMAT, 1, 6, "invalid UTF-8"},
        {"a = \"\xed\xa0\x80\"", PW_ERR_FORMAT, 1, 6, "invalid UTF-8"},
        {"a = \"\xf4\x90\x80\x80\"", PW_ERR_FORMAT, 1, 6, "invalid UTF-8"},
        {"# \xe2\x82", PW_ERR_FORMAT, 1, 3, "invalid UTF-8"},
        {"\"a\\u0000b\" = 1", PW_ERR_UNSUPPORTED, 1, 1, "U+0000"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        parse_fail(cases[i].doc, cases[i].code, cases[i].line, cases[i].col,
                   cases[i].needle);
    /* a NUL byte in the input */
    parse_fail_n("a = \"x\0\"", 8, NULL, PW_ERR_FORMAT, 1, 7, "U+0000");
}

/* Cases checked against a reference TOML 1.0 reader (Python's tomllib)
 * while writing this parser; kept as a regression corpus. */
static const char *const spec_valid[] = {
    "a = 1",
    "[a.b]\n"
    "[a]",
    "a.b = 1\n"
    "[a.c]",
    "[fruit]\n"
    "apple.color = \"red\"\n"
    "apple.taste.sweet = true\n"
    "[fruit.apple.texture]\n"
    "smooth = true",
    "[a.b.c]\n"
    "[a]\n"
    "b.x = 1",
    "[[a]]\n"
    "[[a]]\n"
    "[a.b]\n"
    "x = 1\n"
    "[[a.c]]",
    "[[a.b]]\n"
    "[a]\n"
    "c = 1",
    "a = {b.c = 1, b.d = 2}",
    "a = {}",
    "a = { }",
    "a = [1,2,]",
    "a = [\n"
    "  1, # c\n"
    "  2 # d\n"
    "  , 3\n"
    "]",
    "a = [[1, 2], [\"a\", 1.5], [{x = 1}], []]",
    "a = [{ b = [ 1,\n"
    "  2 ] }]",
    "a = { b = \"\"\"x\n"
    "y\"\"\" }",
    "s = \"\\b\\t\\n\\f\\r\\\"\\\\\\u00e9\\U0001F600\"",
    "s = 'C:\\path'",
    "s = \"\"\"\n"
    "abc\"\"\"",
    "s = \"\"\"abc\\\n"
    "    def \\\n"
    "  ghi\"\"\"",
    "s = \"\"\"abc\\   \n"
    "   def\"\"\"",
    "s = \"\"\"\"\"x\"\"\"\"\"",
    "s = \"\"\"a\"\"\"\"",
    "s = '''''x'''''",
    "s = \"\"\"\n"
    "\"\"\"",
    "\"\" = 1",
    "'' = 2",
    "a.\"b\".'c' = 1",
    "a . b = 1",
    "a.b.c = 1\n"
    "a.b.d = 2\n"
    "a.e = 3",
    "1234 = 1",
    "3.14159 = \"pi\"",
    "-_ = 1",
    "a = 1 # ok",
    "[ a . b ]",
    "[[ a ]]",
    "[a]#c",
    "a = 0x7FFFFFFFFFFFFFFF",
    "a = 1e5\n"
    "b = 1E5\n"
    "c = 1e+5\n"
    "d = 1e-5\n"
    "e = 1.5e-05\n"
    "f = 6.626e-34\n"
    "g = 224_617.445_991_228\n"
    "h = -0.0\n"
    "i = +0.0\n"
    "j = 3.1415\n"
    "k = -inf\n"
    "l = +inf\n"
    "m = inf\n"
    "n = nan\n"
    "o = -nan\n"
    "p = +nan\n"
    "q = 1e06\n"
    "r = 0e0\n"
    "s = 0.0",
    "a = true\n"
    "b = false",
    "odt1 = 1979-05-27T07:32:00Z\n"
    "odt2 = 1979-05-27T00:32:00-07:00\n"
    "odt3 = 1979-05-27T00:32:00.999999-07:00\n"
    "odt4 = 1979-05-27 07:32:00Z\n"
    "odt5 = 1979-05-27t07:32:00z\n"
    "ldt1 = 1979-05-27T07:32:00\n"
    "ldt2 = 1979-05-27T00:32:00.999999\n"
    "ld1 = 1979-05-27\n"
    "lt1 = 07:32:00\n"
    "lt2 = 00:32:00.999999\n"
    "leap = 2000-02-29",
    "d = 1979-05-27 # comment",
    "a = [1979-05-27, 07:32:00]",
    "a = {d = 1979-05-27T07:32:00Z}",
    "# only a comment",
    "",
    "a = \"x\" # comment with \303\274n\303\257code",
    "[a]\n"
    "b.c = 1\n"
    "[a.b.d]",
    "[[a]]\n"
    "b.c = 1\n"
    "[[a]]\n"
    "b.c = 2",
    "a = [1, \"x\", [2], {b=1}, 1.5, true, 1979-05-27]",
    "a = [\n"
    "]",
    "a = [  # comment\n"
    "  1\n"
    "]",
    "a = {b = [\n"
    "  1,\n"
    "  2,\n"
    "]}",
    "[a.b]\n"
    "[a.b.c]\n"
    "[a.b.d]\n"
    "[a]",
    "[a]\n"
    "x.y = 1\n"
    "[a.x.z]",
    "fruit.apple.smooth = true\n"
    "fruit.orange = 2",
    "[a]\n"
    "[A]",
    "  [ a ]  \n"
    "  b  =  1  ",
    "a = [1\n"
    ",2]",
    "a = 0x7FFFFFFFFFFFFFFF",
    "x = \"\\u00e9\"",
    "\357\273\277a = 1",
    "a = \"tab\there\"",
    "a = '''\n"
    "x\r\n"
    "y'''",
    "a = 1\r\n"
    "b = 2\r\n"
    "",
    "a = \"\"\"\\\r\n"
    "  x\"\"\"",
    "[a]\r\n"
    "[[b]]\r\n"
    "",
    "a = [\r\n"
    "1,\r\n"
    "]",
    "a.b.c.d.e.f = 1",
    "\"a\".b.\"c\" = 1\n"
    "[\"a\".b.d]",
    "a = 1979-05-27T07:32:00.5+05:30",
    "a = 00:00:00",
    "a = 23:59:59.999999999",
    "a = 1979-05-27T07:32:00-00:00",
    "[[a]]\n"
    "[[a.b]]\n"
    "[[a.b]]\n"
    "[[a]]\n"
    "[[a.b]]",
};

static const char *const spec_invalid[] = {
    "a = \"x\"\n"
    "a = \"y\"",
    "[a]\n"
    "[a]",
    "[a]\n"
    "[a.b]\n"
    "[a]",
    "a.b = 1\n"
    "[a]",
    "[fruit]\n"
    "apple.color = \"red\"\n"
    "apple.taste.sweet = true\n"
    "[fruit.apple.taste]",
    "[fruit]\n"
    "apple.color = \"red\"\n"
    "[fruit.apple]",
    "[a.b.c]\n"
    "  z = 9\n"
    "[a]\n"
    "  b.c.t = 1",
    "[a.b.c.d]\n"
    "  z = 9\n"
    "[a]\n"
    "  b.c.d.k.t = 1",
    "[a.b.c]\n"
    "[a]\n"
    "b.x = 1\n"
    "[a.b]",
    "tbl = { fruit = { apple.color = \"red\", apple.taste.sweet = true }, fruit.apple.texture = { smooth = true } }",
    "a = {}\n"
    "[a.b]",
    "a = {}\n"
    "a.b = 1",
    "a = { b = 1 }\n"
    "[a]",
    "a = [1]\n"
    "[[a]]",
    "a = [{b = 1}]\n"
    "[a.c]",
    "[[a]]\n"
    "b = 1\n"
    "[a]",
    "[a]\n"
    "[[a]]",
    "[[a.b]]\n"
    "[a]\n"
    "b.y = 2",
    "[a]\n"
    "b = 1\n"
    "[a.b]",
    "a = {b = 1, b = 2}",
    "a = {b = {}, b.c = 1}",
    "a = {b = 1,}",
    "a = {b = 1\n"
    "}",
    "a = {,}",
    "a = [,]",
    "a = [1,,2]",
    "s = \"\\e\"",
    "s = \"\\x41\"",
    "s = \"\\uD800\"",
    "s = \"\\U00110000\"",
    "s = \"\\u12\"",
    "s = \"\"\"abc\\ x\"\"\"",
    "s = \"\"\"\"x\"\"\"\"\"\"",
    "s = '''x''''''",
    "s = \"a\n"
    "b\"",
    "s = 'a\n"
    "'",
    "s = \"unterminated",
    "\"\"\"a\"\"\" = 1",
    "a = 1 b = 2",
    "a = # no",
    "= 1",
    "a =",
    "a",
    "[]",
    "[a.]",
    "[.a]",
    "[a..b]",
    "[ [a]]",
    "[[a] ]",
    "[a] x = 1",
    "a = 01",
    "a = 0_1",
    "a = 1__2",
    "a = 1_",
    "a = _1",
    "a = +0x1",
    "a = 0X1",
    "a = 0x",
    "a = 0o8",
    "a = 0b2",
    "a = 0x_1",
    "a = 1.",
    "a = .1",
    "a = 1.e5",
    "a = 1e",
    "a = 1e_5",
    "a = 1_.5",
    "a = 1._5",
    "a = 01.5",
    "a = Inf",
    "a = NaN",
    "a = infinity",
    "a = 1.5.5",
    "a = 1e5e5",
    "a = True",
    "a = truee",
    "a = tru",
    "d = 2001-02-29",
    "d = 1900-02-29",
    "d = 1979-13-01",
    "d = 1979-00-01",
    "d = 1979-01-32",
    "d = 1979-01-00",
    "d = 1979-1-01",
    "t = 7:32:00",
    "t = 07:32",
    "t = 24:00:00",
    "t = 07:60:00",
    "d = 1979-05-27T07:32:00+24:00",
    "d = 1979-05-27T07:32:00+01",
    "d = 1979-05-27T",
    "d = 1979-05-27T07:32:00.",
    "t = 07:32:00Z",
    "d = 1979-05-27 07:32",
    "[x]\n"
    "[x.y]\n"
    "[x.y.z]\n"
    "[x.y.z.w]\n"
    "[x]",
    "[a]\n"
    "x = {}\n"
    "[a.x.y]",
    "name = \"Tom\"\n"
    "name = \"Pradyun\"",
    "spelling = \"favorite\"\n"
    "\"spelling\" = \"favourite\"",
    "fruit.apple = 1\n"
    "fruit.apple.smooth = true",
    "[product]\n"
    "type = { name = \"Nail\" }\n"
    "type.edible = false",
    "[product]\n"
    "type.name = \"Nail\"\n"
    "type = { edible = false }",
    "a = \"\\\n"
    "\"",
    "x = 1\n"
    "[x.y]",
    "a = { b = 1 } c = 2",
    "a = [1 2]",
    "a = [\"a\"b]",
    "a = 1,",
    "a = \"x\ry\"",
    "a = 1 # c\001",
    "a = \"\377\"",
    "a = \"\355\240\200\"",
    "# \177",
    "a = 1\rb = 2",
};

static void test_spec_corpus(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof spec_valid / sizeof spec_valid[0]; i++)
        pwi_jtree_free(parse_ok(spec_valid[i]));
    for (size_t i = 0; i < sizeof spec_invalid / sizeof spec_invalid[0];
         i++) {
        pwi_jnode *root = (pwi_jnode *)1;
        pw_error err;
        memset(&err, 0, sizeof err);
        pw_status st = pwi_toml_parse(spec_invalid[i],
                                      strlen(spec_invalid[i]), "t.toml",
                                      NULL, &root, &err);
        if (st != PW_ERR_FORMAT || err.line == 0 || err.col == 0)
            fail_msg("invalid document accepted or badly placed (%d at "
                     "%zu:%zu: %s):\n%s",
                     st, err.line, err.col, err.msg, spec_invalid[i]);
        assert_null(root);
    }
}

static void test_limits(void **state)
{
    (void)state;
    pwi_jlimits lim;
    pwi_jlimits_default(&lim);
    lim.max_bytes = 16;
    parse_fail_n("a = \"0123456789abcdef\"", 22, &lim, PW_ERR_LIMIT, 0, 0,
                 "larger than 16 bytes");

    pwi_jlimits_default(&lim);
    lim.max_depth = 3; /* root, a, b */
    pwi_jtree_free(parse_ok_n("a.b.c = 1", 9, &lim));
    parse_fail_n("a.b.c.d = 1", 11, &lim, PW_ERR_LIMIT, 1, 7,
                 "deeper than 3");
    parse_fail_n("[a.b.c]", 7, &lim, PW_ERR_LIMIT, 1, 6, "deeper than 3");
    parse_fail_n("a = [[[1]]]", 11, &lim, PW_ERR_LIMIT, 1, 7,
                 "deeper than 3");
    parse_fail_n("a = {b = {c = {}}}", 18, &lim, PW_ERR_LIMIT, 1, 15,
                 "deeper than 3");
    parse_fail_n("[[a]]\n[[a.b]]", 13, &lim, PW_ERR_LIMIT, 2, 1,
                 "deeper than 3");

    pwi_jlimits_default(&lim);
    lim.max_nodes = 4; /* root + 3 */
    pwi_jtree_free(parse_ok_n("a = [1, 2]", 10, &lim));
    parse_fail_n("a = [1, 2, 3]", 13, &lim, PW_ERR_LIMIT, 1, 12,
                 "node limit");

    pwi_jlimits_default(&lim);
    lim.max_string = 4;
    pwi_jtree_free(parse_ok_n("a = \"abcd\"", 10, &lim));
    parse_fail_n("a = \"abcde\"", 11, &lim, PW_ERR_LIMIT, 1, 5,
                 "string limit");
    parse_fail_n("a = '''\nabcde'''", 16, &lim, PW_ERR_LIMIT, 1, 5,
                 "string limit");
    parse_fail_n("abcde = 1", 9, &lim, PW_ERR_LIMIT, 1, 1, "string limit");
    parse_fail_n("\"abcde\" = 1", 11, &lim, PW_ERR_LIMIT, 1, 1,
                 "string limit");
}

/* Hostile shapes at default limits: no crash, no deep recursion. */
static void test_hostile_inputs(void **state)
{
    (void)state;
    size_t n = 200000;
    char *s = malloc(n * 2 + 16);
    assert_non_null(s);
    /* a = [[[[...   */
    memcpy(s, "a = ", 4);
    memset(s + 4, '[', n);
    parse_fail_n(s, n + 4, NULL, PW_ERR_LIMIT, 1, 0, "deeper than 64");
    /* a = {b={b={...   */
    size_t o = 4;
    for (size_t i = 0; i < n / 8; i++) {
        memcpy(s + o, "{b=", 3);
        o += 3;
    }
    parse_fail_n(s, o, NULL, PW_ERR_LIMIT, 1, 0, "deeper than 64");
    /* a.a.a.a... = 1 */
    o = 0;
    for (size_t i = 0; i < n / 4; i++) {
        memcpy(s + o, "a.", 2);
        o += 2;
    }
    memcpy(s + o, "a = 1", 5);
    parse_fail_n(s, o + 5, NULL, PW_ERR_LIMIT, 1, 0, "deeper than");
    free(s);
}

/* A uv.lock-sized document (tens of thousands of tables) parses, and
 * every table stays reachable. */
static void test_many_tables(void **state)
{
    (void)state;
    pwi_buf b;
    pwi_buf_init(&b, 0);
    pwi_buf_adds(&b, "version = 1\n");
    size_t n = 50000;
    for (size_t i = 0; i < n; i++)
        pwi_buf_printf(&b,
                       "[[package]]\nname = \"pkg-%zu\"\nversion = \"1.0.%zu\"\n"
                       "source = { registry = \"https://pypi.org/simple\" }\n"
                       "dependencies = [{ name = \"pkg-%zu\" }]\n"
                       "[package.metadata]\nx = %zu\n\n",
                       i, i, (i * 7) % n, i);
    pwi_jnode *root = parse_ok_n(b.data, b.len, NULL);
    const pwi_jnode *pkgs = pwi_j_get(root, "package");
    assert_non_null(pkgs);
    assert_int_equal(pkgs->nitems, n);
    assert_string_equal(pwi_j_get_str(pkgs->items[n - 1], "name"),
                        "pkg-49999");
    assert_int_equal(pkgs->items[n - 1]->line, 2 + (n - 1) * 8);
    pwi_jtree_free(root);
    pwi_buf_release(&b);
}

static void test_seed_corpus(void **state)
{
    (void)state;
    /* the fuzz seeds parse or fail as intended */
    static const struct {
        const char *file;
        pw_status want;
    } seeds[] = {
        {"spec.toml", PW_OK},          {"poetry.toml", PW_OK},
        {"uv.toml", PW_OK},            {"pylock.toml", PW_OK},
        {"strings.toml", PW_OK},       {"redefine.toml", PW_ERR_FORMAT},
        {"deep.toml", PW_ERR_LIMIT},   {"bad-utf8.toml", PW_ERR_FORMAT},
    };
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/tests/fuzz/corpus/toml/%s",
                 PW_TEST_SRCDIR, seeds[i].file);
        size_t len;
        char *data = tu_read_file(path, &len);
        pwi_jnode *root = NULL;
        pw_error err;
        pw_status st = pwi_toml_parse(data, len, seeds[i].file, NULL, &root,
                                      &err);
        if (st != seeds[i].want)
            fail_msg("%s: got %d (%s)", seeds[i].file, st,
                     st ? err.msg : "ok");
        pwi_jtree_free(root);
        free(data);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_document),
        cmocka_unit_test(test_empty_inputs),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_booleans_and_datetimes),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_spec_corpus),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_hostile_inputs),
        cmocka_unit_test(test_many_tables),
        cmocka_unit_test(test_seed_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
