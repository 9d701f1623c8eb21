/* lockfile-json.c - helpers for the lockfile parsers built on pwi_jnode
 * trees (see lockfile-json.h). */
#include "lockfile/lockfile-json.h"
#include "util/error.h"
#include "util/mem.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- typed access -------------------------------------------------------- */

static size_t line_of(const pwi_jnode *n, size_t line)
{
    return line ? line : n ? n->line : 0;
}

pw_status pwi_lockj_expect(const pwi_lockfile *lf, const pwi_jnode *n,
                           pwi_jkind kind, size_t line, const char *what,
                           pw_error *err)
{
    if (n && n->kind == kind)
        return PW_OK;
    return pwi_error(err, PW_ERR_FORMAT, lf->path, line_of(n, line), 0,
                     "%s must be %s, found %s", what, pwi_j_kind_name(kind),
                     n ? pwi_j_kind_name(n->kind) : "nothing");
}

/* "\"key\" of <owner>" or "\"key\"" into buf. */
static void member_name(const char *key, const char *owner, char *buf,
                        size_t size)
{
    if (owner && *owner)
        snprintf(buf, size, "\"%.80s\" of %.120s", key, owner);
    else
        snprintf(buf, size, "\"%.80s\"", key);
}

pw_status pwi_lockj_str(const pwi_lockfile *lf, const pwi_jnode *obj,
                        const char *key, const char *owner, const char **out,
                        pw_error *err)
{
    size_t line;
    const pwi_jnode *n = pwi_j_get_line(obj, key, &line);
    *out = NULL;
    if (!n || n->kind == PWI_J_NULL)
        return PW_OK;
    char what[256];
    member_name(key, owner, what, sizeof what);
    pw_status st = pwi_lockj_expect(lf, n, PWI_J_STRING, line, what, err);
    if (st != PW_OK)
        return st;
    if (strlen(n->str) != n->len)
        return pwi_error(err, PW_ERR_FORMAT, lf->path, line, 0,
                         "%s contains a NUL character", what);
    *out = n->str;
    return PW_OK;
}

pw_status pwi_lockj_bool(const pwi_lockfile *lf, const pwi_jnode *obj,
                         const char *key, const char *owner, int *out,
                         pw_error *err)
{
    size_t line;
    const pwi_jnode *n = pwi_j_get_line(obj, key, &line);
    *out = 0;
    if (!n || n->kind == PWI_J_NULL)
        return PW_OK;
    char what[256];
    member_name(key, owner, what, sizeof what);
    pw_status st = pwi_lockj_expect(lf, n, PWI_J_BOOL, line, what, err);
    if (st == PW_OK)
        *out = n->boolean;
    return st;
}

pw_status pwi_lockj_obj(const pwi_lockfile *lf, const pwi_jnode *obj,
                        const char *key, const char *owner,
                        const pwi_jnode **out, pw_error *err)
{
    size_t line;
    const pwi_jnode *n = pwi_j_get_line(obj, key, &line);
    *out = NULL;
    if (!n || n->kind == PWI_J_NULL)
        return PW_OK;
    char what[256];
    member_name(key, owner, what, sizeof what);
    pw_status st = pwi_lockj_expect(lf, n, PWI_J_OBJECT, line, what, err);
    if (st == PW_OK)
        *out = n;
    return st;
}

void pwi_lockj_describe(const pwi_jnode *n, char *buf, size_t size)
{
    enum { SHOW_MAX = 40 };
    if (!size)
        return;
    if (!n) {
        snprintf(buf, size, "nothing");
        return;
    }
    switch (n->kind) {
    case PWI_J_NULL:
        snprintf(buf, size, "null");
        return;
    case PWI_J_BOOL:
        snprintf(buf, size, "%s", n->boolean ? "true" : "false");
        return;
    case PWI_J_NUMBER:
    case PWI_J_DATETIME:
        snprintf(buf, size, "%.*s%s", SHOW_MAX, n->str,
                 n->len > SHOW_MAX ? "..." : "");
        return;
    case PWI_J_STRING: {
        size_t pos = 0;
        if (size < 8) {
            buf[0] = '\0';
            return;
        }
        buf[pos++] = '"';
        size_t i;
        for (i = 0; i < n->len && i < SHOW_MAX && pos + 6 < size; i++) {
            unsigned char c = (unsigned char)n->str[i];
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\')
                buf[pos++] = '?';
            else
                buf[pos++] = (char)c;
        }
        buf[pos++] = '"';
        if (i < n->len && pos + 3 < size) {
            memcpy(buf + pos, "...", 3);
            pos += 3;
        }
        buf[pos] = '\0';
        return;
    }
    default:
        snprintf(buf, size, "%s", pwi_j_kind_name(n->kind));
    }
}

pw_status pwi_lockj_version(const pwi_lockfile *lf, const pwi_jnode *n,
                            size_t line, const char *key,
                            const int64_t *known, size_t nknown,
                            int64_t *value, pw_error *err)
{
    char list[128];
    size_t at = 0;
    list[0] = '\0';
    for (size_t i = 0; i < nknown && at < sizeof list; i++) {
        int k = snprintf(list + at, sizeof list - at, "%s%" PRId64,
                         i ? ", " : "", known[i]);
        if (k < 0)
            break;
        at += (size_t)k;
    }
    if (!n)
        return pwi_error(err, PW_ERR_UNSUPPORTED, lf->path, line ? line : 1,
                         0, "\"%s\" is missing (known: %s)", key, list);
    int64_t v;
    if (pwi_j_as_int(n, &v))
        for (size_t i = 0; i < nknown; i++)
            if (known[i] == v) {
                *value = v;
                return PW_OK;
            }
    char what[64];
    pwi_lockj_describe(n, what, sizeof what);
    return pwi_error(err, PW_ERR_UNSUPPORTED, lf->path, line_of(n, line), 0,
                     "\"%s\" %s is not supported (known: %s)", key, what,
                     list);
}

pw_status pwi_lockj_add(pwi_lockfile *lf, const pwi_lockj_pkg *p,
                        const pwi_lock_opts *o, size_t *idx, pw_error *err)
{
    /* pwi_lock_add only reads the strings (it copies them) */
    pwi_lock_pkg q;
    memset(&q, 0, sizeof q);
    q.name = (char *)p->name;
    q.alias = (char *)p->alias;
    q.version = (char *)p->version;
    q.spec = (char *)p->spec;
    q.resolved = (char *)p->resolved;
    q.integrity = (char *)p->integrity;
    q.source = p->source;
    q.flags = p->flags;
    q.line = p->line;
    size_t i = pwi_lock_add(lf, &q, o);
    if (i == SIZE_MAX)
        return pwi_error(err, PW_ERR_LIMIT, lf->path, p->line, 0,
                         "more than %zu packages in one lockfile",
                         lf->npkgs);
    *idx = i;
    return PW_OK;
}

char *pwi_lockj_dir_name(const char *path, const char *fallback)
{
    const char *end = strrchr(path, '/');
    if (!end)
        return pwi_xstrdup(fallback);
    /* skip "dir//file" and "dir/./file" remnants */
    while (end > path && end[-1] == '/')
        end--;
    const char *start = end;
    while (start > path && start[-1] != '/')
        start--;
    size_t n = (size_t)(end - start);
    if (n == 0 || (n == 1 && start[0] == '.') ||
        (n == 2 && start[0] == '.' && start[1] == '.'))
        return pwi_xstrdup(fallback);
    return pwi_xstrndup(start, n);
}

/* ---- path map ------------------------------------------------------------ */

#define FNV_PRIME 1099511628211ull
#define FNV_BASIS 1469598103934665603ull

void pwi_lockj_map_init(pwi_lockj_map *m)
{
    memset(m, 0, sizeof *m);
    /* The map's own address varies between runs (ASLR): keys crafted to
     * collide for one seed do not collide for another. */
    uint64_t s = (uint64_t)(uintptr_t)m * 0x9e3779b97f4a7c15ull;
    m->seed = FNV_BASIS ^ (s ^ s >> 31);
}

void pwi_lockj_map_release(pwi_lockj_map *m)
{
    free(m->slots);
    memset(m, 0, sizeof *m);
}

uint64_t pwi_lockj_hash_init(const pwi_lockj_map *m)
{
    return m->seed;
}

uint64_t pwi_lockj_hash_more(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * FNV_PRIME;
    return h;
}

static size_t slot_of(uint64_t h, size_t cap)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return (size_t)h & (cap - 1);
}

static int parts_equal(const struct pwi_lockj_slot *s,
                       const char *const *parts, const size_t *lens,
                       size_t nparts)
{
    size_t total = 0;
    for (size_t i = 0; i < nparts; i++)
        total += lens[i];
    if (total != s->len)
        return 0;
    size_t at = 0;
    for (size_t i = 0; i < nparts; i++) {
        if (lens[i] && memcmp(s->key + at, parts[i], lens[i]))
            return 0;
        at += lens[i];
    }
    return 1;
}

static void map_grow(pwi_lockj_map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    struct pwi_lockj_slot *slots = pwi_xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].key)
            continue;
        size_t j = slot_of(m->slots[i].hash, cap);
        while (slots[j].key)
            j = (j + 1) & (cap - 1);
        slots[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
}

int pwi_lockj_map_find(const pwi_lockj_map *m, uint64_t h,
                       const char *const *parts, const size_t *lens,
                       size_t nparts, size_t *val)
{
    if (!m->cap)
        return 0;
    for (size_t j = slot_of(h, m->cap); m->slots[j].key;
         j = (j + 1) & (m->cap - 1))
        if (m->slots[j].hash == h &&
            parts_equal(&m->slots[j], parts, lens, nparts)) {
            if (val)
                *val = m->slots[j].val;
            return 1;
        }
    return 0;
}

int pwi_lockj_map_get(const pwi_lockj_map *m, const char *key, size_t len,
                      size_t *val)
{
    uint64_t h = pwi_lockj_hash_more(pwi_lockj_hash_init(m), key, len);
    return pwi_lockj_map_find(m, h, &key, &len, 1, val);
}

int pwi_lockj_map_put(pwi_lockj_map *m, const char *key, size_t len,
                      size_t val, size_t *old)
{
    uint64_t h = pwi_lockj_hash_more(pwi_lockj_hash_init(m), key, len);
    if (pwi_lockj_map_find(m, h, &key, &len, 1, old))
        return 1;
    if ((m->n + 1) * 2 > m->cap)
        map_grow(m);
    size_t j = slot_of(h, m->cap);
    while (m->slots[j].key)
        j = (j + 1) & (m->cap - 1);
    m->slots[j].key = key;
    m->slots[j].len = len;
    m->slots[j].hash = h;
    m->slots[j].val = val;
    m->n++;
    return 0;
}

/* ---- npm specifiers -------------------------------------------------------- */

static int has_prefix(const char *s, const char *pre)
{
    return strncmp(s, pre, strlen(pre)) == 0;
}

static int has_suffix_n(const char *s, size_t n, const char *suf)
{
    size_t m = strlen(suf);
    return n >= m && memcmp(s + n - m, suf, m) == 0;
}

/* Digits without a leading zero (semver numeric identifier). */
static const char *numeric_id(const char *s)
{
    if (*s < '0' || *s > '9')
        return NULL;
    if (*s == '0')
        return s + 1;
    while (*s >= '0' && *s <= '9')
        s++;
    return s;
}

/* Dot-separated [0-9A-Za-z-]+ identifiers. */
static const char *dotted_ids(const char *s)
{
    for (;;) {
        const char *start = s;
        while ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') ||
               (*s >= 'A' && *s <= 'Z') || *s == '-')
            s++;
        if (s == start)
            return NULL;
        if (*s != '.')
            return s;
        s++;
    }
}

int pwi_lockj_is_semver(const char *s)
{
    if (!s)
        return 0;
    for (int i = 0; i < 3; i++) {
        s = numeric_id(s);
        if (!s)
            return 0;
        if (i < 2) {
            if (*s != '.')
                return 0;
            s++;
        }
    }
    if (*s == '-' && !(s = dotted_ids(s + 1)))
        return 0;
    if (*s == '+' && !(s = dotted_ids(s + 1)))
        return 0;
    return *s == '\0';
}

const char *pwi_lockj_exact_version(const char *spec)
{
    if (!spec)
        return NULL;
    const char *s = spec;
    if (*s == '=')
        s++;
    if (*s == 'v')
        s++;
    return pwi_lockj_is_semver(s) ? s : NULL;
}

static int is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

/* "user/repo" or "user/repo#ref": npm's GitHub shorthand. */
static int is_github_shorthand(const char *s)
{
    if (*s == '@' || *s == '.' || *s == '/')
        return 0;
    const char *p = s;
    while (is_name_char(*p))
        p++;
    if (p == s || *p != '/')
        return 0;
    const char *r = ++p;
    while (is_name_char(*p))
        p++;
    if (p == r)
        return 0;
    return *p == '\0' || *p == '#';
}

static int is_hosted_git_http(const char *s)
{
    static const char *const hosts[] = {"github.com/", "gitlab.com/",
                                        "bitbucket.org/", "www.github.com/"};
    const char *rest = has_prefix(s, "https://") ? s + 8
                       : has_prefix(s, "http://") ? s + 7
                                                  : NULL;
    if (!rest)
        return 0;
    size_t n = strcspn(s, "#?");
    if (has_suffix_n(s, n, ".tgz") || has_suffix_n(s, n, ".tar.gz") ||
        has_suffix_n(s, n, ".tar"))
        return 0;
    for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++)
        if (has_prefix(rest, hosts[i]))
            return 1;
    return 0;
}

pwi_lock_source pwi_lockj_spec_kind(const char *spec)
{
    static const char *const git[] = {"git+", "git://", "git@", "github:",
                                      "gitlab:", "bitbucket:", "gist:"};
    static const char *const path[] = {"file:", "link:", "workspace:",
                                       "portal:", "./", "../", "/", "~/"};
    if (!spec)
        return PWI_SRC_UNKNOWN;
    for (size_t i = 0; i < sizeof git / sizeof git[0]; i++)
        if (has_prefix(spec, git[i]))
            return PWI_SRC_GIT;
    for (size_t i = 0; i < sizeof path / sizeof path[0]; i++)
        if (has_prefix(spec, path[i]))
            return PWI_SRC_PATH;
    if (!strcmp(spec, ".") || !strcmp(spec, ".."))
        return PWI_SRC_PATH;
    if (is_hosted_git_http(spec))
        return PWI_SRC_GIT;
    if (has_prefix(spec, "https://") || has_prefix(spec, "http://"))
        return PWI_SRC_URL;
    if (is_github_shorthand(spec))
        return PWI_SRC_GIT;
    return PWI_SRC_UNKNOWN;
}

int pwi_lockj_split_alias(const char *spec, char **name, char **range)
{
    if (!spec || !has_prefix(spec, "npm:"))
        return 0;
    const char *s = spec + 4;
    /* the version separator is the first '@' after a scope's own '@' */
    const char *at = strchr(s[0] == '@' ? s + 1 : s, '@');
    size_t n = at ? (size_t)(at - s) : strlen(s);
    if (n == 0)
        return 0;
    *name = pwi_xstrndup(s, n);
    *range = pwi_xstrdup(at ? at + 1 : "");
    return 1;
}

int pwi_lockj_is_registry_tarball(const char *url, const char *name,
                                  const char *version)
{
    if (!url || !name || !*name)
        return 0;
    if (!has_prefix(url, "https://") && !has_prefix(url, "http://"))
        return 0;
    size_t n = strcspn(url, "?#");
    if (!has_suffix_n(url, n, ".tgz"))
        return 0;
    /* the file part after the last "/-/" */
    const char *file = NULL;
    for (const char *p = url; (p = strstr(p, "/-/")) && p < url + n; p++)
        file = p + 3;
    if (!file)
        return 0;
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    size_t bl = strlen(base);
    size_t fl = (size_t)(url + n - file) - 4; /* without ".tgz" */
    if (fl <= bl || strncmp(file, base, bl) || file[bl] != '-')
        return 0;
    if (!version)
        return 1;
    size_t vl = strlen(version);
    return fl == bl + 1 + vl && !strncmp(file + bl + 1, version, vl);
}
