/* rules.c - loading rule files (YAML) into an immutable rule set.
 *
 * A rule file is rules/<ecosystem>/<category>/<id>.yml; its fixtures live
 * in <id>/tests/{malicious,benign}/ beside it. YAML files under a
 * directory named "tests" are fixtures, never rules. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rules.h"
#include "rules-image.h"
#include "util/cache.h"
#include "util/dir.h"
#include "util/error.h"
#include "util/file.h"
#include "util/mem.h"
#include "util/paths.h"
#include "util/yaml-tree.h"
#include "match/match.h"
#include "match/prefilter.h"
#include "match/yara.h"

#include <errno.h>
#include <limits.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RULE_FILE_MAX (1u << 20)

struct pw_rules {
    pwi_rule *rules;
    size_t n, cap;
    int compiled;
    pwi_match **leaves; /* leaves of file rules, by leaf_id */
    size_t nleaves, capleaves;
    pwi_prefilter *pf;
    pwi_yara *yara;     /* --yara rules, or NULL */
    size_t from_image;  /* rules read from rule images, not parsed */
};

/* ---- helpers ------------------------------------------------------------ */

/* A rule error at node n (or at the top of file path when n is NULL). */
static pw_status bad(pw_error *err, const pwi_yaml_node *n, const char *path,
                     const char *fmt, ...) PW_PRINTF(4, 5);
static pw_status bad(pw_error *err, const pwi_yaml_node *n, const char *path,
                     const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return pwi_error(err, PW_ERR_RULES, n ? n->path : path, n ? n->line : 0,
                     n ? n->col : 0, "%s", msg);
}

static pw_status get_string(const pwi_yaml_node *map, const char *key,
                            int required, char **out, pw_error *err,
                            const char *path)
{
    const pwi_yaml_node *v = pwi_yaml_map_get(map, key);
    if (!v) {
        if (required)
            return bad(err, map, path, "missing required key \"%s\"", key);
        *out = pwi_xstrdup("");
        return PW_OK;
    }
    const char *s;
    pw_status st = pwi_yaml_as_string(v, key, PW_ERR_RULES, &s, err);
    if (st)
        return st;
    /* folded scalars (>) end in a newline that no output wants */
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
        n--;
    *out = pwi_xstrndup(s, n);
    return PW_OK;
}

/* A scalar or a sequence of scalars, joined with sep. */
static pw_status get_list(const pwi_yaml_node *map, const char *key,
                          char ***items, size_t *n, pw_error *err)
{
    *items = NULL;
    *n = 0;
    const pwi_yaml_node *v = pwi_yaml_map_get(map, key);
    if (!v)
        return PW_OK;
    size_t count = v->kind == PWI_YAML_SEQ ? pwi_yaml_count(v) : 1;
    char **out = pwi_xcalloc(count + 1, sizeof *out);
    for (size_t i = 0; i < count; i++) {
        const pwi_yaml_node *it = v->kind == PWI_YAML_SEQ ? pwi_yaml_seq_at(v, i) : v;
        const char *s;
        pw_status st = pwi_yaml_as_string(it, key, PW_ERR_RULES, &s, err);
        if (st) {
            for (size_t k = 0; k < i; k++)
                free(out[k]);
            free(out);
            return st;
        }
        out[i] = pwi_xstrdup(s);
    }
    *items = out;
    *n = count;
    return PW_OK;
}

static char *join_list(char **items, size_t n, const char *sep)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(items[i]) + strlen(sep);
    char *s = pwi_xmalloc(len);
    s[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(s, sep);
        strcat(s, items[i]);
    }
    return s;
}

static void free_list(char **items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(items[i]);
    free(items);
}

static pw_status check_keys(const pwi_yaml_node *map, const char *const *known,
                            pw_error *err)
{
    for (size_t i = 0; i < pwi_yaml_count(map); i++) {
        const pwi_yaml_node *k = pwi_yaml_map_key(map, i);
        int ok = 0;
        for (size_t j = 0; known[j] && !ok; j++)
            ok = pwi_yaml_scalar_is(k, known[j]);
        if (!ok) {
            char list[200] = "";
            for (size_t j = 0; known[j]; j++) {
                if (j)
                    strncat(list, ", ", sizeof list - strlen(list) - 1);
                strncat(list, known[j], sizeof list - strlen(list) - 1);
            }
            return bad(err, k, NULL, "unknown key \"%s\" (known: %s)", k->str, list);
        }
    }
    return PW_OK;
}

/* ---- conditions --------------------------------------------------------- */

static void match_free(pwi_match *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nkids; i++)
        match_free(m->kids[i]);
    free(m->kids);
    free(m->text);
    if (m->re)
        pcre2_code_free(m->re);
    if (m->re_jit)
        pcre2_code_free(m->re_jit);
    free(m);
}

static pw_status parse_match(const pwi_yaml_node *n, unsigned depth,
                             pwi_scope scope, pwi_match **out, pw_error *err);

static pw_status parse_kids(const pwi_yaml_node *seq, unsigned depth,
                            pwi_scope scope, pwi_match *m, pw_error *err)
{
    if (!seq || seq->kind != PWI_YAML_SEQ || pwi_yaml_count(seq) == 0)
        return bad(err, seq, NULL, "expected a non-empty list of conditions");
    m->nkids = pwi_yaml_count(seq);
    m->kids = pwi_xcalloc(m->nkids, sizeof *m->kids);
    for (size_t i = 0; i < m->nkids; i++) {
        pw_status st = parse_match(pwi_yaml_seq_at(seq, i), depth + 1, scope,
                                   &m->kids[i], err);
        if (st)
            return st;
    }
    return PW_OK;
}

static pw_status compile_regex(pwi_match *m, const pwi_yaml_node *v, pw_error *err)
{
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)m->text, m->text_len, 0, &ec, &eo, NULL);
    if (!re) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(ec, msg, sizeof msg);
        return pwi_error(err, PW_ERR_RULES, v->path, v->line, v->col,
                         "invalid regex at offset %zu: %s", (size_t)eo, (char *)msg);
    }
    /* No JIT: PCRE2 only confirms leaves the prefilter flagged, so the
     * interpreter costs nothing measurable in scans (2.57 s vs 2.62 s on
     * 100 packages), while JIT-compiling every rule cost 24 ms of each
     * start-up. */
    m->re = re;
    return PW_OK;
}

static pw_status parse_scope(const pwi_yaml_node *v, pwi_scope *out, pw_error *err)
{
    static const char *const names[] = {"raw", "strings", "tokens", "decoded"};
    for (int i = 0; i < PWI_SCOPE_COUNT; i++)
        if (pwi_yaml_scalar_is(v, names[i])) {
            *out = (pwi_scope)i;
            return PW_OK;
        }
    return bad(err, v, NULL, "scope must be raw, strings, tokens or decoded");
}

static int is_leaf(const pwi_match *m)
{
    return m->kind == PWI_M_REGEX || m->kind == PWI_M_LITERAL;
}

/* "prefilter: false" spares the prefilter a costly leaf that only matters
 * when the rest of its `all` holds: a sibling the prefilter does search
 * for must decide first, or PCRE2 would read every file for it. */
static pw_status check_no_prefilter(const pwi_match *m, const pwi_yaml_node *n,
                                    pw_error *err)
{
    int searched = 0;
    for (size_t i = 0; i < m->nkids; i++) {
        const pwi_match *k = m->kids[i];
        if (k->no_prefilter && m->kind != PWI_M_ALL)
            return pwi_error(err, PW_ERR_RULES, n->path, k->line, 0,
                             "\"prefilter: false\" is for a condition of an all");
        searched |= is_leaf(k) && !k->no_prefilter;
    }
    for (size_t i = 0; i < m->nkids; i++)
        if (m->kids[i]->no_prefilter && !searched)
            return pwi_error(err, PW_ERR_RULES, n->path, m->kids[i]->line, 0,
                             "\"prefilter: false\" needs a regex or literal beside it "
                             "in the all that the prefilter searches for");
    return PW_OK;
}

static pw_status parse_match(const pwi_yaml_node *n, unsigned depth,
                             pwi_scope scope, pwi_match **out, pw_error *err)
{
    *out = NULL;
    if (depth > PWI_RULE_DEPTH_MAX)
        return bad(err, n, NULL, "conditions nest deeper than 16 levels");
    if (!n || n->kind != PWI_YAML_MAP)
        return bad(err, n, NULL,
                   "expected a condition (regex, literal, any, all, not, at_least)");
    static const char *const known[] = {"regex",    "literal", "nocase", "count",
                                        "scope",    "any",     "all",    "not",
                                        "at_least", "within",  "prefilter", NULL};
    pw_status st = check_keys(n, known, err);
    if (st)
        return st;
    pwi_match *m = pwi_xcalloc(1, sizeof *m);
    *out = m;
    m->line = n->line;
    const pwi_yaml_node *v;
    if ((v = pwi_yaml_map_get(n, "scope")) && (st = parse_scope(v, &scope, err)))
        return st;
    m->scope = scope;
    int kinds = 0;
    if ((v = pwi_yaml_map_get(n, "regex"))) {
        kinds++;
        const char *s;
        if ((st = pwi_yaml_as_string(v, "regex", PW_ERR_RULES, &s, err)))
            return st;
        m->kind = PWI_M_REGEX;
        m->text = pwi_xstrndup(s, v->len);
        m->text_len = v->len;
        if ((st = compile_regex(m, v, err)))
            return st;
    }
    if ((v = pwi_yaml_map_get(n, "literal"))) {
        kinds++;
        const char *s;
        if ((st = pwi_yaml_as_string(v, "literal", PW_ERR_RULES, &s, err)))
            return st;
        m->kind = PWI_M_LITERAL;
        m->text = pwi_xstrndup(s, v->len);
        m->text_len = v->len;
    }
    if ((v = pwi_yaml_map_get(n, "nocase"))) {
        if ((st = pwi_yaml_as_bool(v, "nocase", PW_ERR_RULES, &m->nocase, err)))
            return st;
        if (m->kind != PWI_M_LITERAL)
            return bad(err, v, NULL, "\"nocase\" applies to literal only");
    }
    if ((v = pwi_yaml_map_get(n, "prefilter"))) {
        int on;
        if ((st = pwi_yaml_as_bool(v, "prefilter", PW_ERR_RULES, &on, err)))
            return st;
        if (m->kind != PWI_M_REGEX && m->kind != PWI_M_LITERAL)
            return bad(err, v, NULL, "\"prefilter\" applies to regex and literal only");
        m->no_prefilter = !on;
    }
    if ((v = pwi_yaml_map_get(n, "count"))) {
        uint64_t k;
        if ((st = pwi_yaml_as_uint64(v, "count", PW_ERR_RULES, &k, err)))
            return st;
        if (m->kind != PWI_M_REGEX && m->kind != PWI_M_LITERAL)
            return bad(err, v, NULL, "\"count\" applies to regex and literal only");
        if (k == 0 || k > 10000)
            return bad(err, v, NULL, "count must be 1..10000");
        m->count = (unsigned)k;
    }
    if ((v = pwi_yaml_map_get(n, "any"))) {
        kinds++;
        m->kind = PWI_M_ANY;
        if ((st = parse_kids(v, depth, scope, m, err)))
            return st;
    }
    if ((v = pwi_yaml_map_get(n, "all"))) {
        kinds++;
        m->kind = PWI_M_ALL;
        if ((st = parse_kids(v, depth, scope, m, err)))
            return st;
    }
    if ((v = pwi_yaml_map_get(n, "not"))) {
        kinds++;
        m->kind = PWI_M_NOT;
        m->nkids = 1;
        m->kids = pwi_xcalloc(1, sizeof *m->kids);
        if ((st = parse_match(v, depth + 1, scope, &m->kids[0], err)))
            return st;
    }
    if ((v = pwi_yaml_map_get(n, "at_least"))) {
        kinds++;
        m->kind = PWI_M_AT_LEAST;
        static const char *const akeys[] = {"n", "of", NULL};
        if (v->kind != PWI_YAML_MAP)
            return bad(err, v, NULL, "at_least takes {n: N, of: [...]}");
        if ((st = check_keys(v, akeys, err)))
            return st;
        uint64_t k;
        if ((st = pwi_yaml_as_uint64(pwi_yaml_map_get(v, "n"), "at_least.n",
                                     PW_ERR_RULES, &k, err)))
            return st;
        if ((st = parse_kids(pwi_yaml_map_get(v, "of"), depth, scope, m, err)))
            return st;
        if (k == 0 || k > m->nkids)
            return bad(err, v, NULL, "at_least.n must be between 1 and the number of "
                                     "conditions");
        m->at_least = (unsigned)k;
    }
    if (kinds != 1)
        return bad(err, n, NULL,
                   "a condition needs exactly one of regex, literal, any, all, not, "
                   "at_least");
    if ((st = check_no_prefilter(m, n, err)))
        return st;
    if ((v = pwi_yaml_map_get(n, "within"))) {
        uint64_t w;
        if ((st = pwi_yaml_as_uint64(v, "within", PW_ERR_RULES, &w, err)))
            return st;
        if (m->kind != PWI_M_ALL && m->kind != PWI_M_AT_LEAST)
            return bad(err, v, NULL, "\"within\" applies to all and at_least only");
        if (w == 0 || w > 100000)
            return bad(err, v, NULL, "within must be 1..100000 lines");
        for (size_t i = 0; i < m->nkids; i++)
            if (!is_leaf(m->kids[i]))
                return bad(err, v, NULL,
                           "\"within\" needs regex or literal items (line %zu)",
                           m->kids[i]->line);
        m->within = (unsigned)w;
    }
    return PW_OK;
}

/* ---- one rule file ------------------------------------------------------ */

void pwi_rule_release(pwi_rule *r)
{
    free((char *)r->info.id);
    free((char *)r->info.title);
    free((char *)r->info.category);
    free((char *)r->info.ecosystems);
    free((char *)r->info.applies_to);
    free((char *)r->info.description);
    free((char *)r->info.remediation);
    free((char *)r->info.references);
    free((char *)r->info.file);
    match_free(r->match);
    free_list(r->fields, r->nfields);
    free_list(r->paths, r->npaths);
    free(r->fixtures);
}

static int valid_id(const char *s)
{
    if (!*s || strlen(s) > 100)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' ||
              *s == '.'))
            return 0;
    return 1;
}

static pw_status parse_rule(const pwi_yaml_node *root, const char *file,
                            pwi_rule *r, pw_error *err)
{
    static const char *const known[] = {
        "id", "title", "severity", "confidence", "category", "ecosystems",
        "applies_to", "match", "description", "remediation", "references", NULL};
    memset(r, 0, sizeof *r);
    r->info.file = pwi_xstrdup(file);
    if (!root || root->kind != PWI_YAML_MAP)
        return pwi_error(err, PW_ERR_RULES, file, root ? root->line : 0, 0,
                         "a rule file must be a mapping");
    pw_status st = check_keys(root, known, err);
    char *s = NULL;
    if (st)
        return st;
    if ((st = get_string(root, "id", 1, &s, err, file)))
        return st;
    r->info.id = s;
    if (!valid_id(s))
        return bad(err, pwi_yaml_map_get(root, "id"), file,
                   "rule id \"%s\" must be lowercase letters, digits, '-' and '.'", s);
    if ((st = get_string(root, "title", 1, &s, err, file)))
        return st;
    r->info.title = s;
    if ((st = get_string(root, "severity", 1, &s, err, file)))
        return st;
    int sev_ok = pw_severity_parse(s, &r->info.severity) == 0;
    if (!sev_ok) {
        st = bad(err, pwi_yaml_map_get(root, "severity"), file,
                 "severity \"%s\" is not one of info, low, medium, high, critical", s);
        free(s);
        return st;
    }
    free(s);
    r->confidence = 80;
    const pwi_yaml_node *c = pwi_yaml_map_get(root, "confidence");
    if (c) {
        uint64_t v;
        if ((st = pwi_yaml_as_uint64(c, "confidence", PW_ERR_RULES, &v, err)))
            return st;
        if (v > 100)
            return bad(err, c, file, "confidence must be 0..100");
        r->confidence = (unsigned)v;
    }
    if ((st = get_string(root, "category", 1, &s, err, file)))
        return st;
    r->info.category = s;
    if ((st = get_string(root, "description", 1, &s, err, file)))
        return st;
    r->info.description = s;
    if ((st = get_string(root, "remediation", 1, &s, err, file)))
        return st;
    r->info.remediation = s;

    char **list;
    size_t n;
    if ((st = get_list(root, "references", &list, &n, err)))
        return st;
    r->info.references = join_list(list, n, "\n");
    free_list(list, n);

    if ((st = get_list(root, "ecosystems", &list, &n, err)))
        return st;
    r->ecosystems = n ? 0 : PWI_ECO_ALL;
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(list[i], "npm"))
            r->ecosystems |= PWI_ECO_NPM;
        else if (!strcmp(list[i], "pypi"))
            r->ecosystems |= PWI_ECO_PYPI;
        else if (!strcmp(list[i], "any"))
            r->ecosystems |= PWI_ECO_ALL;
        else {
            st = bad(err, pwi_yaml_map_get(root, "ecosystems"), file,
                     "unknown ecosystem \"%s\" (known: npm, pypi, any)", list[i]);
            free_list(list, n);
            return st;
        }
    }
    r->info.ecosystems = n ? join_list(list, n, ",") : pwi_xstrdup("any");
    free_list(list, n);

    if ((st = get_string(root, "applies_to", 1, &s, err, file)))
        return st;
    r->info.applies_to = s;
    static const struct { const char *name; unsigned bit; } applies[] = {
        {"manifest", PWI_APPLY_MANIFEST}, {"js", PWI_APPLY_JS}, {"py", PWI_APPLY_PY},
        {"any", PWI_APPLY_ANY}, {"builtin", PWI_APPLY_BUILTIN},
        {"lockfile", PWI_APPLY_LOCKFILE}, {"diff", PWI_APPLY_DIFF},
        {"registry", PWI_APPLY_REGISTRY}, {"sweep", PWI_APPLY_SWEEP},
        {"guard", PWI_APPLY_GUARD}};
    for (size_t i = 0; i < sizeof applies / sizeof *applies; i++)
        if (!strcmp(s, applies[i].name))
            r->applies = applies[i].bit;
    if (!r->applies)
        return bad(err, pwi_yaml_map_get(root, "applies_to"), file,
                   "applies_to \"%s\" is not one of manifest, js, py, any, builtin, lockfile, diff, registry, sweep, guard", s);

    const pwi_yaml_node *m = pwi_yaml_map_get(root, "match");
    if (r->applies == PWI_APPLY_BUILTIN || r->applies == PWI_APPLY_LOCKFILE ||
        r->applies == PWI_APPLY_DIFF || r->applies == PWI_APPLY_REGISTRY ||
        r->applies == PWI_APPLY_SWEEP || r->applies == PWI_APPLY_GUARD) {
        if (m)
            return bad(err, m, file, "a %s rule has no \"match\"", r->info.applies_to);
        return PW_OK;
    }
    if (!m || m->kind != PWI_YAML_MAP)
        return bad(err, m ? m : root, file, "missing \"match\" mapping");
    /* match: {field?, paths?, scope?, role?, <one condition>} */
    pwi_scope scope = PWI_SCOPE_RAW;
    const pwi_yaml_node *sv = pwi_yaml_map_get(m, "scope");
    if (sv && (st = parse_scope(sv, &scope, err)))
        return st;
    const pwi_yaml_node *rv = pwi_yaml_map_get(m, "role");
    if (rv) {
        if (pwi_yaml_scalar_is(rv, "install"))
            r->role = PWI_ROLE_INSTALL;
        else if (pwi_yaml_scalar_is(rv, "entry"))
            r->role = PWI_ROLE_ENTRY;
        else if (!pwi_yaml_scalar_is(rv, "any"))
            return bad(err, rv, file, "role must be install, entry or any");
    }
    if ((st = get_list(m, "field", &r->fields, &r->nfields, err)))
        return st;
    if ((st = get_list(m, "paths", &r->paths, &r->npaths, err)))
        return st;
    if (r->applies == PWI_APPLY_MANIFEST && !r->nfields)
        return bad(err, m, file, "a manifest rule needs match.field");
    if (r->applies != PWI_APPLY_MANIFEST && r->nfields)
        return bad(err, pwi_yaml_map_get(m, "field"), file,
                   "match.field is only for applies_to: manifest");
    /* the condition is the map without field/paths */
    pwi_yaml_node cond = *m;
    pwi_yaml_node *items[2 * 8];
    size_t k = 0;
    for (size_t i = 0; i < pwi_yaml_count(m) && k + 2 <= 16; i++) {
        const pwi_yaml_node *key = pwi_yaml_map_key(m, i);
        if (pwi_yaml_scalar_is(key, "field") || pwi_yaml_scalar_is(key, "paths") ||
            pwi_yaml_scalar_is(key, "scope") || pwi_yaml_scalar_is(key, "role"))
            continue;
        items[k++] = (pwi_yaml_node *)key;
        items[k++] = (pwi_yaml_node *)pwi_yaml_map_value(m, i);
    }
    cond.items = items;
    cond.nitems = k;
    if ((st = parse_match(&cond, 0, scope, &r->match, err)))
        return st;
    if (r->match->no_prefilter)
        return bad(err, pwi_yaml_map_get(m, "prefilter"), file,
                   "\"prefilter: false\" is for a condition of an all");
    return PW_OK;
}

/* Adds r to the set (taking it over), or releases it and fails when the
 * set is full or one of its first check_upto rules has r's id. */
static pw_status append_rule(pw_rules *rs, pwi_rule *r, size_t check_upto,
                             pw_error *err)
{
    pw_status st = PW_OK;
    if (rs->n >= PWI_RULES_MAX)
        st = pwi_error(err, PW_ERR_RULES, r->info.file, 0, 0, "more than %d rules",
                       PWI_RULES_MAX);
    for (size_t i = 0; i < check_upto && !st; i++)
        if (!strcmp(rs->rules[i].info.id, r->info.id))
            st = pwi_error(err, PW_ERR_RULES, r->info.file, 1, 1,
                           "rule id \"%s\" is already defined in %s", r->info.id,
                           rs->rules[i].info.file);
    if (st) {
        pwi_rule_release(r);
        return st;
    }
    PW_GROW(rs->rules, rs->cap, rs->n + 1);
    rs->rules[rs->n++] = *r;
    return PW_OK;
}

pw_status pwi_rules_add_buffer(pw_rules *rs, const char *file, const char *buf,
                               size_t n, pw_error *err)
{
    if (rs->n >= PWI_RULES_MAX)
        return pwi_error(err, PW_ERR_RULES, file, 0, 0, "more than %d rules",
                         PWI_RULES_MAX);
    pwi_yaml_node *root = NULL;
    pw_status st = pwi_yaml_parse(buf, n, file, NULL, &root, err);
    if (st) {
        if (err)
            err->code = PW_ERR_RULES;
        return PW_ERR_RULES;
    }
    pwi_rule r;
    st = parse_rule(root, file, &r, err);
    pwi_yaml_free(root);
    if (st) {
        pwi_rule_release(&r);
        return st;
    }
    /* fixtures: <dir>/<id>/tests */
    const char *slash = strrchr(file, '/');
    r.fixtures = slash ? pwi_xasprintf("%.*s/%s", (int)(slash - file), file, r.info.id)
                       : pwi_xstrdup(r.info.id);
    return append_rule(rs, &r, rs->n, err);
}

static pw_status load_file(pw_rules *rs, const char *file, pw_error *err)
{
    char *buf;
    size_t n;
    pw_status st = pwi_read_file(file, RULE_FILE_MAX, "rule file", &buf, &n, err);
    if (st) {
        if (err)
            err->code = PW_ERR_RULES;
        return PW_ERR_RULES;
    }
    st = pwi_rules_add_buffer(rs, file, buf, n, err);
    free(buf);
    return st;
}

pw_rules *pwi_rules_new_empty(void)
{
    return pwi_xcalloc(1, sizeof(pw_rules));
}

static int cmp_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.yml under dir, skipping directories named "tests", in a
 * stable order so errors and ids come out the same every time. What was
 * read goes into the manifest m (see rules-image.h). */
static pw_status collect(const char *dir, unsigned depth, char ***files,
                         size_t *n, size_t *cap, pwi_image_manifest *m, pw_error *err)
{
    if (depth > 16)
        return PW_OK;
    struct stat sb;
    if (depth == 0 && stat(dir, &sb) == 0)
        pwi_manifest_add(m, PWI_MF_ROOT, dir, &sb);
    char **entries;
    size_t ne;
    if (pwi_dir_list(dir, &entries, &ne) != 0)
        return pwi_error(err, PW_ERR_RULES, dir, 0, 0,
                         "cannot read rule directory: %s", strerror(errno));
    pw_status st = PW_OK;
    for (size_t i = 0; i < ne && st == PW_OK; i++) {
        const char *p = entries[i];
        const char *name = strrchr(p, '/') + 1;
        size_t len = strlen(name);
        int yml = len > 4 && !strcmp(name + len - 4, ".yml");
        if (!yml) {
            /* <id>/ beside <id>.yml only holds that rule's fixtures: known
             * by name, without a stat (a warm start lists ~170 of them) */
            size_t plen = strlen(p);
            char *twin = pwi_xmalloc(plen + 5);
            memcpy(twin, p, plen);
            memcpy(twin + plen, ".yml", 5);
            int fixtures = bsearch(&twin, entries, ne, sizeof *entries, cmp_path) != NULL;
            free(twin);
            if (fixtures || !strcmp(name, "tests"))
                continue;
        }
        if (lstat(p, &sb) != 0)
            continue;
        if (!yml && S_ISDIR(sb.st_mode)) {
            pwi_manifest_add(m, PWI_MF_DIR, p, &sb);
            st = collect(p, depth + 1, files, n, cap, m, err);
        } else if (yml && S_ISREG(sb.st_mode)) {
            PW_GROW(*files, *cap, *n + 1);
            (*files)[(*n)++] = pwi_xstrdup(p);
            pwi_manifest_add(m, PWI_MF_FILE, p, &sb);
        }
    }
    pwi_dir_list_free(entries, ne);
    return st;
}

/* ---- public ------------------------------------------------------------- */

char *pwi_rules_default_dir(void)
{
    const char *env = getenv("PKGWARD_RULES_DIR");
    if (env && *env)
        return pwi_xstrdup(env);
    /* next to the binary: build tree (../rules) or install (../share/…) */
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            const char *tries[] = {"../share/pkgward/rules", "../rules"};
            for (size_t i = 0; i < 2; i++) {
                char *p = pwi_xasprintf("%s/%s", exe, tries[i]);
                struct stat sb;
                if (stat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
                    return p;
                free(p);
            }
        }
    }
#ifdef PW_DATADIR
    return pwi_xstrdup(PW_DATADIR "/rules");
#else
    return pwi_xstrdup("/usr/local/share/pkgward/rules");
#endif
}

pw_status pw_rules_new(pw_rules **out, const char *builtin_dir, pw_error *err)
{
    if (!out)
        return pwi_error(err, PW_ERR_USAGE, NULL, 0, 0, "pw_rules_new: out is NULL");
    *out = NULL;
    pw_rules *rs = pwi_rules_new_empty();
    char *dir = builtin_dir ? pwi_xstrdup(builtin_dir) : pwi_rules_default_dir();
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        pw_status st = pwi_error(err, PW_ERR_RULES, dir, 0, 0,
                                 "shipped rules not found (set PKGWARD_RULES_DIR)");
        free(dir);
        free(rs);
        return st;
    }
    pw_status st = pw_rules_add_dir(rs, dir, err);
    free(dir);
    if (st) {
        pw_rules_free(rs);
        return st;
    }
    *out = rs;
    return PW_OK;
}

pw_status pw_rules_add_dir(pw_rules *r, const char *dir, pw_error *err)
{
    if (!r || !dir)
        return pwi_error(err, PW_ERR_USAGE, NULL, 0, 0, "pw_rules_add_dir: missing argument");
    if (r->compiled)
        return pwi_error(err, PW_ERR_USAGE, dir, 0, 0, "rules are already compiled");
    pwi_image_key key;
    pwi_image_key_make(&key, dir);
    char *cache = pwi_cache_dir();
    pwi_rule *img;
    size_t nimg;
    pw_status st = PW_OK;
    if (cache && pwi_rules_image_load(cache, &key, &img, &nimg) == 0) {
        /* ids are unique within an image (it was made from a directory
         * that loaded): check them against the rules from before only */
        size_t before = r->n;
        for (size_t i = 0; i < nimg; i++)
            if (st == PW_OK && (st = append_rule(r, &img[i], before, err)) == PW_OK)
                r->from_image++;
            else
                pwi_rule_release(&img[i]);
        free(img);
        free(cache);
        return st;
    }
    char **files = NULL;
    size_t n = 0, cap = 0;
    pwi_image_manifest man;
    pwi_manifest_init(&man);
    st = collect(dir, 0, &files, &n, &cap, &man, err);
    size_t first = r->n;
    for (size_t i = 0; i < n && st == PW_OK; i++)
        st = load_file(r, files[i], err);
    if (st == PW_OK && cache)
        pwi_rules_image_store(cache, &key, &man, r->rules + first, r->n - first);
    pwi_manifest_release(&man);
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files);
    free(cache);
    return st;
}

static int cmp_rule(const void *a, const void *b)
{
    return strcmp(((const pwi_rule *)a)->info.id, ((const pwi_rule *)b)->info.id);
}

static void collect_leaves(pw_rules *r, pwi_match *m, unsigned langs)
{
    if (is_leaf(m)) {
        PW_GROW(r->leaves, r->capleaves, r->nleaves + 1);
        m->leaf_id = (unsigned)r->nleaves;
        m->langs = m->no_prefilter ? 0 : langs; /* in no database */
        r->leaves[r->nleaves++] = m;
        return;
    }
    for (size_t i = 0; i < m->nkids; i++)
        collect_leaves(r, m->kids[i], langs);
}

unsigned pwi_path_kind(const char *path)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return PWI_APPLY_ANY;
    static const char *const js[] = {".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx",
                                     ".mts", ".cts", NULL};
    static const char *const py[] = {".py", ".pyw", ".pyi", NULL};
    for (size_t i = 0; js[i]; i++)
        if (!strcmp(dot, js[i]))
            return PWI_APPLY_JS;
    for (size_t i = 0; py[i]; i++)
        if (!strcmp(dot, py[i]))
            return PWI_APPLY_PY;
    return PWI_APPLY_ANY;
}

#define PF_ALL ((1u << PWI_PF_JS) | (1u << PWI_PF_PY) | (1u << PWI_PF_OTHER))

int pwi_pf_kind(unsigned kind)
{
    return kind == PWI_APPLY_JS ? PWI_PF_JS : kind == PWI_APPLY_PY ? PWI_PF_PY : PWI_PF_OTHER;
}

/* The kinds of file a path glob can match: one when its last name ends
 * in a fixed extension ("*.sh", "setup.py"), all when a wildcard could
 * make the extension anything ("*", a directory wildcard, "*.js*"). */
static unsigned glob_langs(const char *glob)
{
    const char *name = strrchr(glob, '/');
    name = name ? name + 1 : glob;
    const char *dot = strrchr(name, '.');
    if (strpbrk(dot ? dot : name, "*?[\\"))
        return PF_ALL;
    return 1u << pwi_pf_kind(pwi_path_kind(glob));
}

/* The files a rule reads: JavaScript, Python or other text, as its
 * applies_to says, narrowed by its path globs (a shell-script rule's
 * patterns need not run over JavaScript). */
/* Does the glob name particular files ("setup.py", "*entry_points.txt")
 * rather than every file with an extension ("*.pth")? */
static int glob_names_file(const char *glob)
{
    const char *name = strrchr(glob, '/');
    name = name ? name + 1 : glob;
    while (*name == '*')
        name++;
    return *name && *name != '.' && !strpbrk(name, "*?[\\");
}

static unsigned rule_langs(const pwi_rule *x)
{
    unsigned langs = x->applies == PWI_APPLY_JS   ? 1u << PWI_PF_JS
                     : x->applies == PWI_APPLY_PY ? 1u << PWI_PF_PY
                                                  : PF_ALL;
    if (!x->npaths)
        return langs;
    /* A rule for named files only (setup.py, entry_points.txt) is kept
     * out of the databases: PCRE2 reads its few files directly, and every
     * other file of the kind is not scanned for its patterns (one such
     * pattern made the database for other text half as fast). */
    unsigned g = 0;
    int all_named = 1;
    for (size_t i = 0; i < x->npaths; i++) {
        g |= glob_langs(x->paths[i]);
        all_named &= glob_names_file(x->paths[i]);
    }
    return all_named ? 0 : langs & g;
}

pw_status pw_rules_add_yara(pw_rules *r, const char *path, pw_error *err)
{
    if (!r || !path)
        return pwi_error(err, PW_ERR_USAGE, NULL, 0, 0, "pw_rules_add_yara: missing argument");
    if (r->compiled)
        return pwi_error(err, PW_ERR_USAGE, path, 0, 0, "rules are already compiled");
    pw_status st;
    if (!r->yara && (st = pwi_yara_new(&r->yara, err)))
        return st;
    return pwi_yara_add(r->yara, path, err);
}

void pwi_yara_rule_id(const char *ns, const char *identifier, char *buf, size_t size)
{
    if (!ns || !strcmp(ns, "default"))
        snprintf(buf, size, "yara.%s", identifier);
    else
        snprintf(buf, size, "yara.%s.%s", ns, identifier);
}

/* Each YARA rule gets an entry so that findings, rules list and SARIF
 * carry its metadata (meta: description, severity, category,
 * remediation, reference). */
static void add_yara_rule(void *user, const pwi_yara_rule_meta *m)
{
    pw_rules *r = user;
    char id[300];
    pwi_yara_rule_id(m->ns, m->identifier, id, sizeof id);
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->rules[i].info.id, id))
            return; /* same name in two files: libyara reports it */
    pwi_rule x;
    memset(&x, 0, sizeof x);
    x.info.id = pwi_xstrdup(id);
    x.info.title = pwi_xstrdup(m->description ? m->description : m->identifier);
    if (!m->severity || pw_severity_parse(m->severity, &x.info.severity))
        x.info.severity = PW_SEV_MEDIUM;
    x.info.category = pwi_xstrdup(m->category ? m->category : "yara");
    x.info.ecosystems = pwi_xstrdup("any");
    x.info.applies_to = pwi_xstrdup("yara");
    x.info.description = pwi_xasprintf("YARA rule %s (namespace %s)%s%s", m->identifier,
                                       m->ns, m->description ? ": " : "",
                                       m->description ? m->description : "");
    x.info.remediation = pwi_xstrdup(m->remediation ? m->remediation
                                                    : "Review the matched content.");
    x.info.references = pwi_xstrdup(m->reference ? m->reference : "");
    x.info.file = pwi_xstrdup("");
    x.confidence = 80;
    x.applies = PWI_APPLY_BUILTIN;
    x.ecosystems = PWI_ECO_ALL;
    x.is_yara = 1;
    x.fixtures = pwi_xstrdup("");
    PW_GROW(r->rules, r->cap, r->n + 1);
    r->rules[r->n++] = x;
}

const struct pwi_yara *pwi_rules_yara(const pw_rules *r)
{
    return r ? r->yara : NULL;
}

pw_status pw_rules_compile(pw_rules *r, pw_error *err)
{
    if (!r)
        return pwi_error(err, PW_ERR_USAGE, NULL, 0, 0, "pw_rules_compile: rules is NULL");
    if (r->compiled)
        return PW_OK;
    if (r->yara) {
        pw_status yst = pwi_yara_compile(r->yara, err);
        if (yst)
            return yst;
        pwi_yara_foreach(r->yara, add_yara_rule, r);
    }
    if (r->n)
        qsort(r->rules, r->n, sizeof *r->rules, cmp_rule);
    for (size_t i = 0; i < r->n; i++) {
        pwi_rule *rule = &r->rules[i];
        rule->leaf_first = rule->leaf_end = (unsigned)r->nleaves;
        if (rule->match && rule->applies != PWI_APPLY_MANIFEST)
            collect_leaves(r, rule->match, rule_langs(rule));
        rule->leaf_end = (unsigned)r->nleaves;
    }
    char *dir = pwi_cache_dir();
    pw_status st = pwi_prefilter_build(r->leaves, r->nleaves, dir, &r->pf, err);
    free(dir);
    if (st)
        return st;
    for (size_t i = 0; i < r->n; i++) {
        pwi_rule *rule = &r->rules[i];
        rule->needs_leaf = rule->leaf_end > rule->leaf_first &&
                           pwi_match_needs_seen_leaf(rule->match);
    }
    r->compiled = 1;
    return PW_OK;
}

size_t pwi_rules_leaf_count(const pw_rules *r)
{
    return r ? r->nleaves : 0;
}

const pwi_match *pwi_rules_leaf(const pw_rules *r, unsigned id)
{
    return r && id < r->nleaves ? r->leaves[id] : NULL;
}

const struct pwi_prefilter *pwi_rules_prefilter(const pw_rules *r)
{
    return r ? r->pf : NULL;
}

void pw_rules_free(pw_rules *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        pwi_rule_release(&r->rules[i]);
    free(r->rules);
    free(r->leaves);
    pwi_prefilter_free(r->pf);
    pwi_yara_free(r->yara);
    free(r);
}

size_t pw_rules_count(const pw_rules *r)
{
    return r ? r->n : 0;
}

const pw_rule_info *pw_rules_get(const pw_rules *r, size_t i)
{
    return r && i < r->n ? &r->rules[i].info : NULL;
}

const pw_rule_info *pw_rules_find(const pw_rules *r, const char *id)
{
    const pwi_rule *x = pwi_rules_lookup(r, id);
    return x ? &x->info : NULL;
}

size_t pwi_rules_from_image(const pw_rules *r)
{
    return r ? r->from_image : 0;
}

size_t pwi_rules_n(const pw_rules *r)
{
    return r ? r->n : 0;
}

const pwi_rule *pwi_rules_at(const pw_rules *r, size_t i)
{
    return r && i < r->n ? &r->rules[i] : NULL;
}

const pwi_rule *pwi_rules_lookup(const pw_rules *r, const char *id)
{
    if (!r || !id)
        return NULL;
    if (r->compiled) {
        size_t lo = 0, hi = r->n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int c = strcmp(r->rules[mid].info.id, id);
            if (!c)
                return &r->rules[mid];
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        return NULL;
    }
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->rules[i].info.id, id))
            return &r->rules[i];
    return NULL;
}
