/* policy.c - reading and matching the policy keys of .pkgward.yml. */
#include "config/policy.h"
#include "db/version.h"
#include "util/error.h"
#include "util/mem.h"
#include "util/timeutil.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define POLICY_MAX_ENTRIES 10000
#if POLICY_MAX_ENTRIES > POLICY_MAX_SUPPRESSIONS
#error "suppression lists are bounded by POLICY_MAX_SUPPRESSIONS"
#endif

void pwi_policy_init(pwi_policy *p)
{
    memset(p, 0, sizeof *p);
    p->min_release_age = -1;
}

static void free_patterns(pwi_pkg_pattern *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].ecosystem);
        free(v[i].name);
        free(v[i].range);
        free(v[i].file);
    }
    free(v);
}

static void free_suppressions(pwi_suppression *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].id);
        free(v[i].package);
        free(v[i].version);
        free(v[i].reason);
        free(v[i].owner);
        free(v[i].file);
    }
    free(v);
}

void pwi_policy_release(pwi_policy *p)
{
    free_patterns(p->allow, p->nallow);
    free_patterns(p->deny, p->ndeny);
    free_suppressions(p->supp, p->nsupp);
    free(p->db_path);
    free(p->db_url);
    pwi_policy_init(p);
}

static pw_status bad(const pwi_yaml_node *n, pw_error *err, const char *fmt,
                     ...) PW_PRINTF(3, 4);

static pw_status bad(const pwi_yaml_node *n, pw_error *err, const char *fmt,
                     ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return pwi_error(err, PW_ERR_CONFIG, n ? n->path : NULL, n ? n->line : 0,
                     n ? n->col : 0, "%s", msg);
}

/* ---- durations ---------------------------------------------------------- */

int pwi_parse_duration(const char *s, int64_t *out, const char **why)
{
    size_t i = 0;
    int64_t v = 0;
    while (s[i] == ' ')
        i++;
    size_t start = i;
    for (; s[i] >= '0' && s[i] <= '9'; i++) {
        if (v > (INT64_C(1) << 40)) {
            *why = "is too large";
            return -1;
        }
        v = v * 10 + (s[i] - '0');
    }
    if (i == start) {
        *why = "must be a number with a unit (m, h or d), e.g. 7d";
        return -1;
    }
    while (s[i] == ' ')
        i++;
    int64_t mult;
    switch (s[i]) {
    case 'm': mult = 60; break;
    case 'h': mult = 3600; break;
    case 'd': mult = 86400; break;
    case '\0':
        *why = "needs a unit (m for minutes, h for hours, d for days): "
               "other tools read bare numbers as days, minutes or seconds, "
               "so pkgward does not guess";
        return -1;
    default:
        *why = "has an unknown unit (use m, h or d)";
        return -1;
    }
    if (s[i + 1] != '\0') {
        *why = "has an unknown unit (use m, h or d)";
        return -1;
    }
    *out = v * mult;
    return 0;
}

pw_status pwi_policy_read_age(pwi_policy *p, const pwi_yaml_node *v,
                              const char *name, pw_error *err)
{
    const char *s;
    pw_status st = pwi_yaml_as_string(v, name, PW_ERR_CONFIG, &s, err);
    if (st)
        return st;
    const char *why;
    int64_t secs;
    if (pwi_parse_duration(s, &secs, &why))
        return bad(v, err, "%s: \"%s\" %s", name, s, why);
    p->min_release_age = secs;
    return PW_OK;
}

/* ---- package patterns --------------------------------------------------- */

/* Splits "npm:@s/x@^1", "x@1.2.3", "pypi:requests>=2" into a pattern. */
static int parse_pattern(const char *s, pwi_pkg_pattern *pat,
                         const char **why)
{
    memset(pat, 0, sizeof *pat);
    if (!strncmp(s, "npm:", 4)) {
        pat->ecosystem = pwi_xstrdup("npm");
        s += 4;
    } else if (!strncmp(s, "pypi:", 5)) {
        pat->ecosystem = pwi_xstrdup("pypi");
        s += 5;
    }
    int pypi = pat->ecosystem && !strcmp(pat->ecosystem, "pypi");
    size_t n = 0;
    if (pypi) {
        n = strcspn(s, "<>=!~ ");
    } else {
        const char *at = strchr(s[0] == '@' ? s + 1 : s, '@');
        n = at ? (size_t)(at - s) : strlen(s);
    }
    if (n == 0) {
        *why = "has no package name";
        return -1;
    }
    pat->name = pwi_xstrndup(s, n);
    const char *rest = s + n;
    if (!pypi && *rest == '@')
        rest++;
    while (*rest == ' ')
        rest++;
    if (*rest) {
        int ok = pypi ? pwi_pep440_satisfies(rest, "0") >= 0
                      : pwi_semver_satisfies(rest, "0.0.0") >= 0;
        if (!ok) {
            *why = pypi ? "has a specifier that is not valid PEP 440"
                        : "has a range that is not a valid npm semver range";
            free(pat->ecosystem);
            free(pat->name);
            memset(pat, 0, sizeof *pat);
            return -1;
        }
        pat->range = pwi_xstrdup(rest);
    }
    return 0;
}

static pw_status read_patterns(const pwi_yaml_node *v, const char *name,
                               pwi_pkg_pattern **out, size_t *nout,
                               pw_error *err)
{
    if (pwi_yaml_is_null(v)) {
        *out = NULL;
        *nout = 0;
        return PW_OK;
    }
    if (!v || v->kind != PWI_YAML_SEQ)
        return bad(v, err, "%s: expected a list of package names", name);
    size_t n = pwi_yaml_count(v);
    if (n > POLICY_MAX_ENTRIES)
        return bad(v, err, "%s: more than %d entries", name,
                   POLICY_MAX_ENTRIES);
    pwi_pkg_pattern *list = pwi_xcalloc(n ? n : 1, sizeof *list);
    for (size_t i = 0; i < n; i++) {
        const pwi_yaml_node *item = pwi_yaml_seq_at(v, i);
        const char *s, *why;
        pw_status st = pwi_yaml_as_string(item, name, PW_ERR_CONFIG, &s, err);
        if (!st && parse_pattern(s, &list[i], &why))
            st = bad(item, err, "%s: \"%s\" %s", name, s, why);
        if (st) {
            free_patterns(list, i);
            return st;
        }
        list[i].file = pwi_xstrdup(item->path);
        list[i].line = item->line;
    }
    *out = list;
    *nout = n;
    return PW_OK;
}

pw_status pwi_policy_read_allow(pwi_policy *p, const pwi_yaml_node *v,
                                const char *name, pw_error *err)
{
    pwi_pkg_pattern *list;
    size_t n;
    pw_status st = read_patterns(v, name, &list, &n, err);
    if (st)
        return st;
    free_patterns(p->allow, p->nallow);
    p->allow = list;
    p->nallow = n;
    p->allow_set = 1;
    return PW_OK;
}

pw_status pwi_policy_read_deny(pwi_policy *p, const pwi_yaml_node *v,
                               const char *name, pw_error *err)
{
    pwi_pkg_pattern *list;
    size_t n;
    pw_status st = read_patterns(v, name, &list, &n, err);
    if (st)
        return st;
    free_patterns(p->deny, p->ndeny);
    p->deny = list;
    p->ndeny = n;
    return PW_OK;
}

/* ---- suppressions ------------------------------------------------------- */

static pw_status opt_string(const pwi_yaml_node *map, const char *key,
                            const char *name, char **out, pw_error *err)
{
    const pwi_yaml_node *v = pwi_yaml_map_get(map, key);
    *out = NULL;
    if (!v)
        return PW_OK;
    const char *s;
    char what[96];
    snprintf(what, sizeof what, "%s.%s", name, key);
    pw_status st = pwi_yaml_as_string(v, what, PW_ERR_CONFIG, &s, err);
    if (st)
        return st;
    if (!*s)
        return bad(v, err, "%s must not be empty", what);
    *out = pwi_xstrdup(s);
    return PW_OK;
}

static pw_status read_suppression(const pwi_yaml_node *m, const char *name,
                                  pwi_suppression *s, pw_error *err)
{
    static const char *const keys[] = {"id", "package", "version", "reason",
                                       "owner", "expires"};
    memset(s, 0, sizeof *s);
    if (!m || m->kind != PWI_YAML_MAP)
        return bad(m, err, "%s: each suppression is a mapping with id, "
                           "package, version, reason, owner, expires", name);
    for (size_t i = 0; i < pwi_yaml_count(m); i++) {
        const pwi_yaml_node *k = pwi_yaml_map_key(m, i);
        size_t j = 0;
        while (j < 6 && !pwi_yaml_scalar_is(k, keys[j]))
            j++;
        if (j == 6) {
            char what[64];
            pwi_yaml_describe(k, what, sizeof what);
            return bad(k, err, "%s: unknown key %s (known: id, package, "
                               "version, reason, owner, expires)", name, what);
        }
    }
    pw_status st;
    char *expires = NULL;
    if ((st = opt_string(m, "id", name, &s->id, err)) ||
        (st = opt_string(m, "package", name, &s->package, err)) ||
        (st = opt_string(m, "version", name, &s->version, err)) ||
        (st = opt_string(m, "reason", name, &s->reason, err)) ||
        (st = opt_string(m, "owner", name, &s->owner, err)) ||
        (st = opt_string(m, "expires", name, &expires, err)))
        goto fail;
    if (!s->reason) {
        st = bad(m, err, "%s: a suppression needs a \"reason\" saying why "
                         "the finding is accepted", name);
        goto fail;
    }
    if (!s->id && !s->package) {
        st = bad(m, err, "%s: a suppression needs an \"id\" (rule) or a "
                         "\"package\", or it would hide everything", name);
        goto fail;
    }
    if (s->version && !s->package) {
        st = bad(m, err, "%s: \"version\" needs a \"package\"", name);
        goto fail;
    }
    if (expires) {
        if (pwi_parse_date(expires, &s->expires_at)) {
            st = bad(pwi_yaml_map_get(m, "expires"), err,
                     "%s.expires: \"%s\" is not a date (YYYY-MM-DD)", name,
                     expires);
            goto fail;
        }
        s->expires_at += 86400; /* the whole expiry day still counts */
        snprintf(s->expires, sizeof s->expires, "%s", expires);
        free(expires);
    }
    s->file = pwi_xstrdup(m->path);
    s->line = m->line;
    return PW_OK;
fail:
    free(expires);
    free(s->id);
    free(s->package);
    free(s->version);
    free(s->reason);
    free(s->owner);
    memset(s, 0, sizeof *s);
    return st;
}

pw_status pwi_policy_read_suppressions(pwi_policy *p, const pwi_yaml_node *v,
                                       const char *name, pw_error *err)
{
    size_t n = pwi_yaml_is_null(v) ? 0 : pwi_yaml_count(v);
    if (!pwi_yaml_is_null(v) && (!v || v->kind != PWI_YAML_SEQ))
        return bad(v, err, "%s: expected a list of suppressions", name);
    if (n > POLICY_MAX_ENTRIES)
        return bad(v, err, "%s: more than %d entries", name,
                   POLICY_MAX_ENTRIES);
    pwi_suppression *list = pwi_xcalloc(n ? n : 1, sizeof *list);
    for (size_t i = 0; i < n; i++) {
        pw_status st = read_suppression(pwi_yaml_seq_at(v, i), name, &list[i],
                                        err);
        if (st) {
            free_suppressions(list, i);
            return st;
        }
    }
    free_suppressions(p->supp, p->nsupp);
    p->supp = list;
    p->nsupp = n;
    return PW_OK;
}

/* ---- database settings -------------------------------------------------- */

static char *resolve_against(const char *file, const char *value)
{
    if (value[0] == '/')
        return pwi_xstrdup(value);
    const char *home = getenv("HOME");
    if (value[0] == '~' && value[1] == '/' && home && *home)
        return pwi_xasprintf("%s%s", home, value + 1);
    const char *slash = strrchr(file, '/');
    if (!slash)
        return pwi_xstrdup(value);
    return pwi_xasprintf("%.*s/%s", (int)(slash - file), file, value);
}

pw_status pwi_policy_read_db(pwi_policy *p, const char *key,
                             const pwi_yaml_node *v, const char *name,
                             pw_error *err)
{
    const char *s;
    pw_status st = pwi_yaml_as_string(v, name, PW_ERR_CONFIG, &s, err);
    if (st)
        return st;
    if (!*s)
        return bad(v, err, "%s must not be empty", name);
    if (!strcmp(key, "path")) {
        free(p->db_path);
        p->db_path = resolve_against(v->path, s);
    } else if (!strcmp(key, "url")) {
        if (strncmp(s, "https://", 8) && strncmp(s, "http://", 7) &&
            strncmp(s, "file://", 7))
            return bad(v, err, "%s: \"%s\" is not an http(s) or file URL",
                       name, s);
        free(p->db_url);
        p->db_url = pwi_xstrdup(s);
    } else if (!strcmp(key, "public_key")) {
        unsigned char key32[32];
        size_t bin_len = 0;
        if (sodium_base642bin(key32, sizeof key32, s, strlen(s), NULL,
                              &bin_len, NULL,
                              sodium_base64_VARIANT_ORIGINAL) != 0 ||
            bin_len != sizeof key32)
            return bad(v, err, "%s: expected the base64 of a 32-byte "
                               "Ed25519 public key", name);
        memcpy(p->db_key, key32, sizeof key32);
        p->db_key_set = 1;
    } else {
        PW_BUG("unknown db key");
    }
    return PW_OK;
}

/* ---- matching ----------------------------------------------------------- */

int pwi_pattern_match(const pwi_pkg_pattern *pat, const char *ecosystem,
                      const char *name, const char *version)
{
    if (pat->ecosystem && strcmp(pat->ecosystem, ecosystem))
        return 0;
    char a[256], b[256];
    if (pwi_name_normalize(ecosystem, pat->name, a, sizeof a) ||
        pwi_name_normalize(ecosystem, name, b, sizeof b) || strcmp(a, b))
        return 0;
    if (!pat->range)
        return 1;
    if (!version)
        return 0;
    int r = !strcmp(ecosystem, "pypi")
                ? pwi_pep440_satisfies(pat->range, version)
                : pwi_semver_satisfies(pat->range, version);
    return r == 1;
}

static const pwi_pkg_pattern *find(const pwi_pkg_pattern *v, size_t n,
                                   const char *eco, const char *name,
                                   const char *version)
{
    for (size_t i = 0; i < n; i++)
        if (pwi_pattern_match(&v[i], eco, name, version))
            return &v[i];
    return NULL;
}

const pwi_pkg_pattern *pwi_policy_allowed(const pwi_policy *p,
                                          const char *ecosystem,
                                          const char *name,
                                          const char *version)
{
    return find(p->allow, p->nallow, ecosystem, name, version);
}

const pwi_pkg_pattern *pwi_policy_denied(const pwi_policy *p,
                                         const char *ecosystem,
                                         const char *name,
                                         const char *version)
{
    return find(p->deny, p->ndeny, ecosystem, name, version);
}

int pw_duration_parse(const char *s, int64_t *out)
{
    const char *why;
    return s && out ? pwi_parse_duration(s, out, &why) : -1;
}
