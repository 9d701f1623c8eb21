/* config.c - .pkgward.yml files (the pw_config_* functions of pkgward.h).
 *
 * A file is a YAML mapping checked against a key table: every key must be
 * known and every value must have its key's type and range. Files are
 * loaded into one pw_config in order (user, then project), so a later file
 * overrides an earlier one key by key; per-field "set" flags record which
 * values any file gave, and only those reach pw_config_apply.
 *
 * Errors: a problem with a file's content (YAML syntax, anchors, duplicate
 * keys, unknown keys, bad values) is PW_ERR_CONFIG; a file over the size
 * cap or a YAML limit hit is PW_ERR_LIMIT; a file that exists but cannot be
 * read is PW_ERR_IO. All of them name the file, and the line when known.
 */
#include "config/config.h"
#include "config/policy.h"
#include "util/error.h"
#include "util/file.h"
#include "util/mem.h"
#include "util/paths.h"
#include "util/yaml-tree.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* One id per setting, indexing pw_config.set. */
typedef enum cfg_field {
    F_FAIL_ON,
    F_FORMAT,
    F_JOBS,
    F_RULES,
    F_MAX_ENTRIES,
    F_MAX_TOTAL_BYTES,
    F_MAX_FILE_BYTES,
    F_MAX_RATIO,
    F_MAX_NESTING,
    F_MAX_JSON_DEPTH,
    F_MAX_MANIFEST_BYTES,
    F_SUSPICIOUS,
    F_MALICIOUS,
    F_MIN_RELEASE_AGE,
    F_ALLOW_SCRIPTS,
    F_DENY,
    F_SUPPRESSIONS,
    F_DB_PATH,
    F_DB_URL,
    F_DB_KEY,
    F_COUNT,
    F_NONE = F_COUNT /* sections */
} cfg_field;

struct pw_config {
    unsigned char set[F_COUNT]; /* 1 when some file gave the field */
    pw_severity fail_on;
    pw_format format;
    unsigned jobs;
    pw_limits limits;
    pw_thresholds thresholds; /* defaults until set, for cross-checks */
    char **rules;             /* resolved rule directories */
    size_t nrules;
    char **files;             /* loaded files, in load order */
    size_t nfiles, capfiles;
    pwi_policy policy;        /* cooldown, allow/deny lists, suppressions */
};

/* ---- the key table -------------------------------------------------------
 * Each row: key name, value type, set flag, where the value is kept in
 * pw_config, where pw_config_apply copies it in pw_scan_options (NO_OPT:
 * nowhere), range. A section row points at the table of its keys and may
 * name a check run after the section is read. */

typedef enum cfg_type {
    T_SECTION,  /* nested mapping with its own key table */
    T_SEVERITY, /* info..critical -> pw_severity */
    T_FORMAT,   /* text|json|sarif -> pw_format */
    T_UINT,     /* plain integer in [min, max] -> unsigned */
    T_UINT64,   /* plain integer in [min, max] -> uint64_t */
    T_SIZE,     /* integer with optional unit, in [min, max] -> uint64_t */
    T_SCORE,    /* number in (0, 10] -> double */
    T_PATHS,    /* string or list of strings -> resolved directories */
    T_POLICY,   /* read by a policy.c reader (cfg_key.policy) */
    T_DB        /* db.<key>: pwi_policy_read_db */
} cfg_type;

typedef struct cfg_file cfg_file;
typedef struct cfg_key cfg_key;

struct cfg_key {
    const char *name;
    cfg_type type;
    cfg_field field;
    size_t at;      /* offset in pw_config */
    size_t opt;     /* offset in pw_scan_options, or NO_OPT */
    uint64_t min, max;
    const cfg_key *section; /* T_SECTION: its keys, ending with a NULL name */
    /* T_SECTION: optional check of the merged values after the section */
    pw_status (*check)(const pw_config *c, const pwi_yaml_node *key,
                       pw_error *err);
    /* T_POLICY: the reader of the value */
    pw_status (*policy)(pwi_policy *p, const pwi_yaml_node *v,
                        const char *name, pw_error *err);
};

#define NO_OPT ((size_t)-1)
#define AT(member) offsetof(pw_config, member)
#define OPT(member) offsetof(pw_scan_options, member)
#define VALUE(f, member, optmember) \
    .field = (f), .at = AT(member), .opt = OPT(optmember)

static const cfg_key limits_keys[] = {
    {"max_entries", T_UINT64,
     VALUE(F_MAX_ENTRIES, limits.max_entries, limits.max_entries),
     .min = 1, .max = UINT64_MAX},
    {"max_total_bytes", T_SIZE,
     VALUE(F_MAX_TOTAL_BYTES, limits.max_total_bytes, limits.max_total_bytes),
     .min = 1, .max = UINT64_MAX},
    {"max_file_bytes", T_SIZE,
     VALUE(F_MAX_FILE_BYTES, limits.max_file_bytes, limits.max_file_bytes),
     .min = 1, .max = UINT64_MAX},
    {"max_ratio", T_UINT64,
     VALUE(F_MAX_RATIO, limits.max_ratio, limits.max_ratio),
     .min = 1, .max = UINT64_MAX},
    {"max_nesting", T_UINT,
     VALUE(F_MAX_NESTING, limits.max_nesting, limits.max_nesting),
     .min = 0, .max = 16},
    {"max_json_depth", T_UINT,
     VALUE(F_MAX_JSON_DEPTH, limits.max_json_depth, limits.max_json_depth),
     .min = 1, .max = 1024},
    {"max_manifest_bytes", T_SIZE,
     VALUE(F_MAX_MANIFEST_BYTES, limits.max_manifest_bytes,
           limits.max_manifest_bytes),
     .min = 1, .max = UINT64_MAX},
    {NULL, T_SECTION, .field = F_NONE},
};

static pw_status check_verdict(const pw_config *c, const pwi_yaml_node *key,
                               pw_error *err);

static const cfg_key verdict_keys[] = {
    {"suspicious", T_SCORE,
     VALUE(F_SUSPICIOUS, thresholds.suspicious, thresholds.suspicious)},
    {"malicious", T_SCORE,
     VALUE(F_MALICIOUS, thresholds.malicious, thresholds.malicious)},
    {NULL, T_SECTION, .field = F_NONE},
};

static const cfg_key install_scripts_keys[] = {
    {"allow", T_POLICY, .field = F_ALLOW_SCRIPTS, .opt = NO_OPT,
     .policy = pwi_policy_read_allow},
    {NULL, T_SECTION, .field = F_NONE},
};

static const cfg_key db_keys[] = {
    {"path", T_DB, .field = F_DB_PATH, .opt = NO_OPT},
    {"url", T_DB, .field = F_DB_URL, .opt = NO_OPT},
    {"public_key", T_DB, .field = F_DB_KEY, .opt = NO_OPT},
    {NULL, T_SECTION, .field = F_NONE},
};

/* New sections go here as T_SECTION rows with their own key table like
 * limits_keys; add their fields to pw_config and cfg_field, and a
 * cfg_type with a reader in read_value when no existing type fits. */
static const cfg_key root_keys[] = {
    {"fail_on", T_SEVERITY, .field = F_FAIL_ON, .at = AT(fail_on),
     .opt = NO_OPT},
    {"format", T_FORMAT, .field = F_FORMAT, .at = AT(format), .opt = NO_OPT},
    {"jobs", T_UINT, VALUE(F_JOBS, jobs, jobs), .min = 1, .max = 256},
    {"rules", T_PATHS, .field = F_RULES, .opt = NO_OPT},
    {"limits", T_SECTION, .field = F_NONE, .section = limits_keys},
    {"verdict", T_SECTION, .field = F_NONE, .section = verdict_keys,
     .check = check_verdict},
    {"min_release_age", T_POLICY, .field = F_MIN_RELEASE_AGE, .opt = NO_OPT,
     .policy = pwi_policy_read_age},
    {"install_scripts", T_SECTION, .field = F_NONE,
     .section = install_scripts_keys},
    {"deny", T_POLICY, .field = F_DENY, .opt = NO_OPT,
     .policy = pwi_policy_read_deny},
    {"suppressions", T_POLICY, .field = F_SUPPRESSIONS, .opt = NO_OPT,
     .policy = pwi_policy_read_suppressions},
    {"db", T_SECTION, .field = F_NONE, .section = db_keys},
    {NULL, T_SECTION, .field = F_NONE},
};

/* ---- the config object ---------------------------------------------------- */

pw_config *pw_config_new(void)
{
    pw_config *c = pwi_xcalloc(1, sizeof *c);
    /* limits stay 0 until set: only set values are ever copied out */
    pw_thresholds_default(&c->thresholds);
    pwi_policy_init(&c->policy);
    return c;
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void pw_config_free(pw_config *c)
{
    if (!c)
        return;
    free_strings(c->rules, c->nrules);
    free_strings(c->files, c->nfiles);
    pwi_policy_release(&c->policy);
    free(c);
}

static void *field_ptr(pw_config *c, const cfg_key *k)
{
    return (char *)c + k->at;
}

static const void *field_cptr(const pw_config *c, const cfg_key *k)
{
    return (const char *)c + k->at;
}

/* ---- sizes -------------------------------------------------------------- */

typedef struct size_unit {
    const char *name;
    uint64_t mult;
} size_unit;

static const size_unit size_units[] = {
    {"B", 1},
    {"K", 1ull << 10},   {"KiB", 1ull << 10}, {"KB", 1000ull},
    {"M", 1ull << 20},   {"MiB", 1ull << 20}, {"MB", 1000000ull},
    {"G", 1ull << 30},   {"GiB", 1ull << 30}, {"GB", 1000000000ull},
    {"T", 1ull << 40},   {"TiB", 1ull << 40}, {"TB", 1000000000000ull},
};

/* Multiplier of the unit s[0..len), or 0 when unknown. */
static uint64_t unit_multiplier(const char *s, size_t len)
{
    if (len == 0)
        return 1;
    for (size_t i = 0; i < sizeof size_units / sizeof size_units[0]; i++)
        if (strlen(size_units[i].name) == len &&
            !strncasecmp(s, size_units[i].name, len))
            return size_units[i].mult;
    return 0;
}

pwi_size_status pwi_parse_size(const char *s, size_t len, uint64_t *out)
{
    if (len > 0 && s[0] == '-')
        return PWI_SIZE_NEGATIVE;
    size_t i = 0;
    uint64_t v = 0;
    int overflow = 0;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            overflow = 1;
        else
            v = v * 10 + d;
    }
    if (i == 0)
        return PWI_SIZE_BAD;
    if (i < len && s[i] == ' ' && ++i == len)
        return PWI_SIZE_BAD; /* a space must be followed by a unit */
    uint64_t mult = unit_multiplier(s + i, len - i);
    if (mult == 0)
        return PWI_SIZE_BAD;
    if (overflow || v > UINT64_MAX / mult)
        return PWI_SIZE_OVERFLOW;
    *out = v * mult;
    return PWI_SIZE_OK;
}

/* ---- reading values ------------------------------------------------------ */

struct cfg_file {
    const char *path; /* as named, for messages and relative paths */
    pw_error *err;
};

/* PW_ERR_CONFIG at node n of the file. */
static pw_status bad_value(const cfg_file *f, const pwi_yaml_node *n,
                           const char *fmt, ...) PW_PRINTF(3, 4);

static pw_status bad_value(const cfg_file *f, const pwi_yaml_node *n,
                           const char *fmt, ...)
{
    char msg[sizeof f->err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return pwi_error(f->err, PW_ERR_CONFIG, f->path, n ? n->line : 0,
                     n ? n->col : 0, "%s", msg);
}

/* The text of a non-null scalar without NUL bytes, else NULL. */
static const char *scalar_text(const pwi_yaml_node *v)
{
    if (!v || v->kind != PWI_YAML_SCALAR || pwi_yaml_is_null(v) ||
        strlen(v->str) != v->len)
        return NULL;
    return v->str;
}

static pw_status read_severity(const cfg_file *f, const pwi_yaml_node *v,
                               const char *name, pw_severity *out)
{
    char got[64];
    if (scalar_text(v) && pw_severity_parse(v->str, out) == 0)
        return PW_OK;
    pwi_yaml_describe(v, got, sizeof got);
    return bad_value(f, v,
                     "%s: expected one of info, low, medium, high, critical, "
                     "got %s", name, got);
}

static pw_status read_format(const cfg_file *f, const pwi_yaml_node *v,
                             const char *name, pw_format *out)
{
    char got[64];
    if (scalar_text(v) && pw_format_parse(v->str, out) == 0)
        return PW_OK;
    pwi_yaml_describe(v, got, sizeof got);
    return bad_value(f, v, "%s: expected one of text, json, sarif, osv, got %s",
                     name, got);
}

static pw_status check_range(const cfg_file *f, const pwi_yaml_node *v,
                             const char *name, const cfg_key *k, uint64_t x)
{
    if (x >= k->min && x <= k->max)
        return PW_OK;
    if (k->max == UINT64_MAX)
        return bad_value(f, v, "%s: must be at least %llu, got %llu", name,
                         (unsigned long long)k->min, (unsigned long long)x);
    return bad_value(f, v, "%s: expected an integer from %llu to %llu, got "
                     "%llu", name, (unsigned long long)k->min,
                     (unsigned long long)k->max, (unsigned long long)x);
}

static pw_status read_uint(const cfg_file *f, const pwi_yaml_node *v,
                           const char *name, const cfg_key *k, uint64_t *out)
{
    pw_status st = pwi_yaml_as_uint64(v, name, PW_ERR_CONFIG, out, f->err);
    if (st == PW_OK)
        st = check_range(f, v, name, k, *out);
    return st;
}

/* Sizes are text with a unit, so quoted values are accepted too. */
static pw_status read_size(const cfg_file *f, const pwi_yaml_node *v,
                           const char *name, const cfg_key *k, uint64_t *out)
{
    char got[64];
    pwi_size_status ss = PWI_SIZE_BAD;
    if (v && v->kind == PWI_YAML_SCALAR && !pwi_yaml_is_null(v))
        ss = pwi_parse_size(v->str, v->len, out);
    pwi_yaml_describe(v, got, sizeof got);
    switch (ss) {
    case PWI_SIZE_OK:
        return check_range(f, v, name, k, *out);
    case PWI_SIZE_NEGATIVE:
        return bad_value(f, v, "%s: a size must not be negative, got %s",
                         name, got);
    case PWI_SIZE_OVERFLOW:
        return bad_value(f, v, "%s: size %s is too large", name, got);
    case PWI_SIZE_BAD:
        break;
    }
    return bad_value(f, v, "%s: expected a size such as 1048576, 512KiB or "
                     "32MiB, got %s", name, got);
}

static pw_status read_score(const cfg_file *f, const pwi_yaml_node *v,
                            const char *name, double *out)
{
    pw_status st = pwi_yaml_as_double(v, name, PW_ERR_CONFIG, out, f->err);
    if (st == PW_OK && !(*out > 0 && *out <= 10))
        return bad_value(f, v, "%s: expected a score above 0 and at most "
                         "10, got %g", name, *out);
    return st;
}

/* Directory part of path ("" when it has none, "/" for the root). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return pwi_xstrdup("");
    if (slash == path)
        return pwi_xstrdup("/");
    return pwi_xstrndup(path, (size_t)(slash - path));
}

/* Resolves a rule directory named in config file `file`: absolute paths
 * stay, "~/x" is under $HOME, anything else is relative to the file's
 * directory. Returns a new string. */
static char *resolve_path(const char *file, const char *value)
{
    const char *home = getenv("HOME");
    if (value[0] == '/')
        return pwi_xstrdup(value);
    if (value[0] == '~' && (value[1] == '/' || value[1] == '\0') && home &&
        *home)
        return pwi_xasprintf("%s%s", home, value + 1);
    while (value[0] == '.' && value[1] == '/') {
        value += 2;
        while (*value == '/')
            value++;
    }
    char *dir = dir_of(file);
    char *out;
    if (!*dir)
        out = pwi_xstrdup(*value ? value : ".");
    else
        out = pwi_xasprintf("%s%s%s", dir, strcmp(dir, "/") ? "/" : "",
                            value);
    free(dir);
    return out;
}

/* `rules:` is one string or a list of them. The list replaces any list
 * from an earlier file, like every other value does. */
static pw_status read_paths(pw_config *c, const cfg_file *f,
                            const pwi_yaml_node *v, const char *name)
{
    size_t n = v && v->kind == PWI_YAML_SEQ ? pwi_yaml_count(v) : 1;
    char **list = pwi_xcalloc(n, sizeof *list);
    for (size_t i = 0; i < n; i++) {
        const pwi_yaml_node *item =
            v && v->kind == PWI_YAML_SEQ ? pwi_yaml_seq_at(v, i) : v;
        const char *s;
        pw_status st = pwi_yaml_as_string(item, name, PW_ERR_CONFIG, &s,
                                          f->err);
        if (st == PW_OK && !*s)
            st = bad_value(f, item, "%s: a directory must not be empty",
                           name);
        if (st != PW_OK) {
            free_strings(list, i);
            return st;
        }
        list[i] = resolve_path(f->path, s);
    }
    free_strings(c->rules, c->nrules);
    c->rules = list;
    c->nrules = n;
    return PW_OK;
}

/* Reads value v of key k (full dotted name `name`) into c. */
static pw_status read_value(pw_config *c, const cfg_file *f,
                            const cfg_key *k, const pwi_yaml_node *v,
                            const char *name)
{
    pw_status st;
    uint64_t u = 0;
    switch (k->type) {
    case T_SEVERITY:
        st = read_severity(f, v, name, field_ptr(c, k));
        break;
    case T_FORMAT:
        st = read_format(f, v, name, field_ptr(c, k));
        break;
    case T_UINT:
        if ((st = read_uint(f, v, name, k, &u)) == PW_OK)
            *(unsigned *)field_ptr(c, k) = (unsigned)u;
        break;
    case T_UINT64:
        if ((st = read_uint(f, v, name, k, &u)) == PW_OK)
            *(uint64_t *)field_ptr(c, k) = u;
        break;
    case T_SIZE:
        if ((st = read_size(f, v, name, k, &u)) == PW_OK)
            *(uint64_t *)field_ptr(c, k) = u;
        break;
    case T_SCORE:
        st = read_score(f, v, name, field_ptr(c, k));
        break;
    case T_PATHS:
        st = read_paths(c, f, v, name);
        break;
    case T_POLICY:
        st = k->policy(&c->policy, v, name, f->err);
        break;
    case T_DB:
        st = pwi_policy_read_db(&c->policy, k->name, v, name, f->err);
        break;
    default:
        PW_BUG("config key with a section type read as a value");
    }
    if (st == PW_OK)
        c->set[k->field] = 1;
    return st;
}

/* ---- reading mappings ----------------------------------------------------- */

static const cfg_key *find_key(const cfg_key *keys, const pwi_yaml_node *key)
{
    for (; keys->name; keys++)
        if (pwi_yaml_scalar_is(key, keys->name))
            return keys;
    return NULL;
}

static pw_status unknown_key(const cfg_file *f, const cfg_key *keys,
                             const pwi_yaml_node *key, const char *prefix)
{
    char known[320] = "", what[64];
    size_t pos = 0;
    for (const cfg_key *k = keys; k->name; k++) {
        int w = snprintf(known + pos, sizeof known - pos, "%s%s",
                         k == keys ? "" : ", ", k->name);
        if (w < 0 || (size_t)w >= sizeof known - pos)
            break;
        pos += (size_t)w;
    }
    pwi_yaml_describe(key, what, sizeof what);
    if (prefix)
        return bad_value(f, key, "unknown key %s in \"%s\" (known: %s)", what,
                         prefix, known);
    return bad_value(f, key, "unknown key %s (known: %s)", what, known);
}

/*
 * Reads mapping map (the value of section `prefix`, NULL at the top) into
 * c against the table keys. A null value (a section left empty) is an
 * empty mapping. Recursion follows the static key tables, never the input.
 */
static pw_status read_map(pw_config *c, const cfg_file *f,
                          const cfg_key *keys, const pwi_yaml_node *map,
                          const char *prefix)
{
    if (pwi_yaml_is_null(map))
        return PW_OK;
    if (map->kind != PWI_YAML_MAP) {
        char got[64];
        pwi_yaml_describe(map, got, sizeof got);
        if (!prefix)
            return bad_value(f, map, "expected a mapping of settings, got %s",
                             got);
        return bad_value(f, map, "%s: expected a mapping, got %s", prefix,
                         got);
    }
    for (size_t i = 0; i < pwi_yaml_count(map); i++) {
        const pwi_yaml_node *key = pwi_yaml_map_key(map, i);
        const pwi_yaml_node *val = pwi_yaml_map_value(map, i);
        const cfg_key *k = find_key(keys, key);
        if (!k)
            return unknown_key(f, keys, key, prefix);
        char name[128];
        snprintf(name, sizeof name, "%s%s%s", prefix ? prefix : "",
                 prefix ? "." : "", k->name);
        pw_status st;
        if (k->type == T_SECTION) {
            st = read_map(c, f, k->section, val, name);
            if (st == PW_OK && k->check)
                st = k->check(c, key, f->err);
        } else {
            st = read_value(c, f, k, val, name);
        }
        if (st != PW_OK)
            return st;
    }
    return PW_OK;
}

/* The merged thresholds (defaults where no file set one) must be ordered;
 * reported at the `verdict:` key of the file that broke the order. */
static pw_status check_verdict(const pw_config *c, const pwi_yaml_node *key,
                               pw_error *err)
{
    const pw_thresholds *t = &c->thresholds;
    if (t->suspicious <= t->malicious)
        return PW_OK;
    return pwi_error(err, PW_ERR_CONFIG, key->path, key->line, key->col,
                     "verdict: suspicious (%g) must not be above malicious "
                     "(%g)", t->suspicious, t->malicious);
}

/* ---- files ---------------------------------------------------------------- */

static void config_yaml_limits(pwi_yaml_limits *l)
{
    l->max_bytes = PWI_CONFIG_MAX_BYTES;
    l->max_depth = 16;
    l->max_nodes = 100000;
    l->max_scalar = 64 * 1024;
}

/* Loads the file at path into c on top of what c holds. */
static pw_status load_into(pw_config *c, const char *path, pw_error *err)
{
    char *data = NULL;
    size_t len = 0;
    pw_status st = pwi_read_file(path, PWI_CONFIG_MAX_BYTES,
                                 "configuration file", &data, &len, err);
    if (st != PW_OK)
        return st;
    pwi_yaml_limits lim;
    config_yaml_limits(&lim);
    pwi_yaml_node *root;
    st = pwi_yaml_parse(data, len, path, &lim, &root, err);
    free(data);
    if (st == PW_ERR_FORMAT) {
        if (err)
            err->code = PW_ERR_CONFIG;
        return PW_ERR_CONFIG;
    }
    if (st != PW_OK)
        return st;
    cfg_file f = {path, err};
    if (root)
        st = read_map(c, &f, root_keys, root, NULL);
    pwi_yaml_free(root);
    if (st == PW_OK) {
        PW_GROW(c->files, c->capfiles, c->nfiles + 1);
        c->files[c->nfiles++] = pwi_xstrdup(path);
    }
    return st;
}

pw_status pw_config_load_file(const char *path, pw_config **out,
                              pw_error *err)
{
    *out = NULL;
    if (!path)
        return pwi_error(err, PW_ERR_USAGE, NULL, 0, 0,
                         "no configuration file named");
    pw_config *c = pw_config_new();
    pw_status st = load_into(c, path, err);
    if (st != PW_OK) {
        pw_config_free(c);
        return st;
    }
    *out = c;
    return PW_OK;
}

/* 1 when errno from stat means "there is no file here to read": also a
 * directory on the way that cannot be searched. */
static int is_absent(int e)
{
    return e == ENOENT || e == ENOTDIR || e == EACCES;
}

/* Loads path into c when it exists. */
static pw_status load_if_present(pw_config *c, const char *path,
                                 pw_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0 && is_absent(errno))
        return PW_OK;
    return load_into(c, path, err);
}

/* $XDG_CONFIG_HOME/pkgward/config.yml (XDG says to ignore a relative
 * value), else ~/.config/pkgward/config.yml; NULL with neither set. */
static char *user_config_path(void)
{
    char *dir = pwi_user_dir(PWI_DIR_CONFIG);
    char *path = dir ? pwi_xasprintf("%s/config.yml", dir) : NULL;
    free(dir);
    return path;
}

/*
 * Finds the first .pkgward.yml in start_dir (NULL: ".") or a parent, up to
 * "/". *found is a new absolute path, or NULL when there is none.
 */
static pw_status find_project_file(const char *start_dir, char **found,
                                   pw_error *err)
{
    *found = NULL;
    if (!start_dir)
        start_dir = ".";
    char *dir = realpath(start_dir, NULL);
    if (!dir)
        return pwi_error(err, PW_ERR_IO, start_dir, 0, 0,
                         "cannot resolve directory: %s", strerror(errno));
    for (;;) {
        int root = !strcmp(dir, "/");
        char *cand = pwi_xasprintf("%s%s.pkgward.yml", dir, root ? "" : "/");
        struct stat st;
        if (stat(cand, &st) == 0) {
            *found = cand;
            break;
        }
        int e = errno;
        free(cand);
        if (!is_absent(e)) {
            pw_status s = pwi_error(err, PW_ERR_IO, dir, 0, 0,
                                    "cannot look for .pkgward.yml: %s",
                                    strerror(e));
            free(dir);
            return s;
        }
        if (root)
            break;
        char *slash = strrchr(dir, '/');
        slash[slash == dir ? 1 : 0] = '\0';
    }
    free(dir);
    return PW_OK;
}

pw_status pw_config_load_default(const char *start_dir, pw_config **out,
                                 pw_error *err)
{
    *out = NULL;
    pw_config *c = pw_config_new();
    char *user = user_config_path();
    pw_status st = user ? load_if_present(c, user, err) : PW_OK;
    free(user);
    char *project = NULL;
    if (st == PW_OK)
        st = find_project_file(start_dir, &project, err);
    if (st == PW_OK && project)
        st = load_into(c, project, err);
    free(project);
    if (st != PW_OK) {
        pw_config_free(c);
        return st;
    }
    *out = c;
    return PW_OK;
}

/* ---- results -------------------------------------------------------------- */

/* Copies the set values of keys (and their sections) into opt. */
static void apply_keys(const pw_config *c, const cfg_key *keys,
                       pw_scan_options *opt)
{
    for (const cfg_key *k = keys; k->name; k++) {
        if (k->type == T_SECTION) {
            apply_keys(c, k->section, opt);
            continue;
        }
        if (k->opt == NO_OPT || !c->set[k->field])
            continue;
        char *dst = (char *)opt + k->opt;
        const void *src = field_cptr(c, k);
        switch (k->type) {
        case T_UINT:
            memcpy(dst, src, sizeof(unsigned));
            break;
        case T_UINT64:
        case T_SIZE:
            memcpy(dst, src, sizeof(uint64_t));
            break;
        case T_SCORE:
            memcpy(dst, src, sizeof(double));
            break;
        default:
            PW_BUG("config key of this type has no scan option");
        }
    }
}

void pw_config_apply(const pw_config *c, pw_scan_options *opt)
{
    if (c && opt)
        apply_keys(c, root_keys, opt);
}

int pw_config_fail_on(const pw_config *c, pw_severity *out)
{
    if (!c || !c->set[F_FAIL_ON])
        return 0;
    *out = c->fail_on;
    return 1;
}

int pw_config_format(const pw_config *c, pw_format *out)
{
    if (!c || !c->set[F_FORMAT])
        return 0;
    *out = c->format;
    return 1;
}

size_t pw_config_rules_dir_count(const pw_config *c)
{
    return c ? c->nrules : 0;
}

const char *pw_config_rules_dir(const pw_config *c, size_t i)
{
    return c && i < c->nrules ? c->rules[i] : NULL;
}

size_t pw_config_file_count(const pw_config *c)
{
    return c ? c->nfiles : 0;
}

const char *pw_config_file(const pw_config *c, size_t i)
{
    return c && i < c->nfiles ? c->files[i] : NULL;
}

const pwi_policy *pwi_config_policy(const pw_config *c)
{
    static const pwi_policy none = {.min_release_age = -1};
    return c ? &c->policy : &none;
}

const char *pw_config_db_path(const pw_config *c)
{
    return c ? c->policy.db_path : NULL;
}

const char *pw_config_db_url(const pw_config *c)
{
    return c ? c->policy.db_url : NULL;
}

int pw_config_db_key(const pw_config *c, unsigned char key[32])
{
    if (!c || !c->policy.db_key_set)
        return 0;
    memcpy(key, c->policy.db_key, 32);
    return 1;
}

int64_t pw_config_min_release_age(const pw_config *c)
{
    return c ? c->policy.min_release_age : -1;
}
