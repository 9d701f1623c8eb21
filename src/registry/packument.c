/* packument.c - parsing npm packuments (see packument.h). */
#include "registry/packument.h"
#include "db/version.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/mem.h"
#include "util/timeutil.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define PACKUMENT_MAX_BYTES ((size_t)256 << 20)
#define PACKUMENT_MAX_VERSIONS 200000
#define PACKUMENT_MAX_DEPS 10000
#define PACKUMENT_MAX_STRING 4096

/* A copy of obj[key] when it is a string of sane length, else NULL. */
static char *take_str(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    if (!json_is_string(v) || json_string_length(v) > PACKUMENT_MAX_STRING)
        return NULL;
    return pwi_xstrndup(json_string_value(v), json_string_length(v));
}

static int64_t take_time(const json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    int64_t t;
    return s && pwi_parse_time(s, &t) == 0 ? t : 0;
}

static void add_deps(pwi_reg_version *v, const json_t *map, int optional)
{
    const char *name;
    const json_t *spec;
    json_object_foreach((json_t *)map, name, spec)
    {
        if (!json_is_string(spec) || v->ndeps >= PACKUMENT_MAX_DEPS ||
            strlen(name) > PACKUMENT_MAX_STRING)
            continue;
        /* an optional dependency is listed in both maps: keep one */
        size_t i;
        for (i = 0; i < v->ndeps && strcmp(v->deps[i].name, name); i++)
            ;
        if (i < v->ndeps) {
            v->deps[i].optional |= optional;
            continue;
        }
        v->deps = pwi_xrealloc(v->deps, (v->ndeps + 1) * sizeof *v->deps);
        v->deps[v->ndeps].name = pwi_xstrdup(name);
        v->deps[v->ndeps].spec = pwi_xstrndup(json_string_value(spec),
                                              json_string_length(spec));
        v->deps[v->ndeps].optional = optional;
        v->ndeps++;
    }
}

char *pwi_npm_install_scripts(const json_t *scripts)
{
    static const char *const hooks[] = {"preinstall", "install",
                                        "postinstall", "prepare"};
    pwi_buf b;
    pwi_buf_init(&b, 16384);
    for (size_t i = 0; i < sizeof hooks / sizeof *hooks; i++) {
        const char *s = json_string_value(json_object_get(scripts, hooks[i]));
        if (!s)
            continue;
        pwi_buf_printf(&b, "%s%s: %s", b.len ? "; " : "", hooks[i], s);
    }
    return b.len ? pwi_buf_detach(&b) : (pwi_buf_release(&b), NULL);
}

static void read_version(pwi_reg_version *v, const char *ver,
                         const json_t *doc, const json_t *times)
{
    memset(v, 0, sizeof *v);
    v->version = pwi_xstrdup(ver);
    const json_t *user = json_object_get(doc, "_npmUser");
    v->publisher = take_str(user, "name");
    v->publisher_email = take_str(user, "email");
    v->trusted_publisher = json_object_get(user, "trustedPublisher") != NULL;
    const json_t *dist = json_object_get(doc, "dist");
    v->tarball = take_str(dist, "tarball");
    v->integrity = take_str(dist, "integrity");
    v->shasum = take_str(dist, "shasum");
    const json_t *att = json_object_get(dist, "attestations");
    v->provenance = json_object_get(att, "provenance") != NULL;
    v->git_head = take_str(doc, "gitHead");
    const json_t *dep = json_object_get(doc, "deprecated");
    if (json_is_string(dep) && json_string_length(dep) > 0)
        v->deprecated = take_str(doc, "deprecated");
    v->published = take_time(times, ver);
    const json_t *maint = json_object_get(doc, "maintainers");
    size_t i;
    const json_t *m;
    json_array_foreach(maint, i, m)
    {
        char *name = json_is_string(m) ? pwi_xstrdup(json_string_value(m))
                                       : take_str(m, "name");
        if (!name)
            continue;
        if (v->nmaintainers >= 1000) {
            free(name);
            break;
        }
        v->maintainers = pwi_xrealloc(v->maintainers, (v->nmaintainers + 1) *
                                                          sizeof(char *));
        v->maintainers[v->nmaintainers++] = name;
    }
    add_deps(v, json_object_get(doc, "dependencies"), 0);
    add_deps(v, json_object_get(doc, "optionalDependencies"), 1);
    v->install_scripts = pwi_npm_install_scripts(json_object_get(doc, "scripts"));
}

void pwi_reg_version_release(pwi_reg_version *v)
{
    free(v->version);
    free(v->publisher);
    free(v->publisher_email);
    free(v->git_head);
    free(v->tarball);
    free(v->integrity);
    free(v->shasum);
    free(v->sha256);
    free(v->deprecated);
    free(v->install_scripts);
    for (size_t i = 0; i < v->nmaintainers; i++)
        free(v->maintainers[i]);
    free(v->maintainers);
    for (size_t i = 0; i < v->ndeps; i++) {
        free(v->deps[i].name);
        free(v->deps[i].spec);
    }
    free(v->deps);
}

static int cmp_version(const void *a, const void *b)
{
    const pwi_reg_version *x = a, *y = b;
    int vx = pwi_semver_valid(x->version), vy = pwi_semver_valid(y->version);
    if (vx != vy)
        return vx - vy; /* invalid ones first, out of the way */
    int c;
    if (vx && pwi_semver_cmp(x->version, y->version, &c) == 0 && c)
        return c;
    return strcmp(x->version, y->version);
}

pw_status pwi_packument_parse(const char *data, size_t len,
                              const char *source, pwi_packument **out,
                              pw_error *err)
{
    *out = NULL;
    if (len > PACKUMENT_MAX_BYTES)
        return pwi_error(err, PW_ERR_LIMIT, source, 0, 0,
                         "package metadata is larger than %zu MiB",
                         PACKUMENT_MAX_BYTES >> 20);
    json_error_t je;
    json_t *doc = json_loadb(data, len, 0, &je);
    if (!doc)
        return pwi_error(err, PW_ERR_FORMAT, source, (size_t)je.line,
                         (size_t)je.column,
                         "registry metadata is not valid JSON: %s", je.text);
    const char *name = json_string_value(json_object_get(doc, "name"));
    json_t *versions = json_object_get(doc, "versions");
    if (!json_is_object(doc) || !name || !json_is_object(versions)) {
        json_decref(doc);
        return pwi_error(err, PW_ERR_FORMAT, source, 0, 0,
                         "registry metadata has no \"name\" and "
                         "\"versions\": not a package document");
    }
    if (json_object_size(versions) > PACKUMENT_MAX_VERSIONS) {
        json_decref(doc);
        return pwi_error(err, PW_ERR_LIMIT, source, 0, 0,
                         "more than %d versions", PACKUMENT_MAX_VERSIONS);
    }
    pwi_packument *p = pwi_xcalloc(1, sizeof *p);
    p->name = pwi_xstrdup(name);
    const json_t *times = json_object_get(doc, "time");
    p->created = take_time(times, "created");
    p->modified = take_time(times, "modified");
    p->latest = take_str(json_object_get(doc, "dist-tags"), "latest");
    size_t n = json_object_size(versions);
    p->versions = pwi_xcalloc(n ? n : 1, sizeof *p->versions);
    const char *ver;
    json_t *vdoc;
    json_object_foreach(versions, ver, vdoc)
    {
        if (!json_is_object(vdoc) || strlen(ver) > 256)
            continue;
        read_version(&p->versions[p->nversions++], ver, vdoc, times);
    }
    if (p->nversions > 1)
        qsort(p->versions, p->nversions, sizeof *p->versions, cmp_version);
    json_decref(doc);
    *out = p;
    return PW_OK;
}

void pwi_packument_free(pwi_packument *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nversions; i++)
        pwi_reg_version_release(&p->versions[i]);
    free(p->versions);
    free(p->name);
    free(p->latest);
    free(p);
}

const pwi_reg_version *pwi_packument_find(const pwi_packument *p,
                                          const char *v)
{
    for (size_t i = 0; p && i < p->nversions; i++)
        if (!strcmp(p->versions[i].version, v))
            return &p->versions[i];
    return NULL;
}

/* major and minor of a valid SemVer string */
static void major_minor(const char *v, unsigned long long *maj,
                        unsigned long long *min)
{
    while (*v == 'v' || *v == '=' || *v == ' ')
        v++;
    *maj = strtoull(v, (char **)&v, 10);
    *min = *v == '.' ? strtoull(v + 1, NULL, 10) : 0;
}

static const pwi_reg_version *previous_pypi(const pwi_packument *p,
                                           const char *v)
{
    int pre = !pwi_pep440_satisfies(">=0", v); /* pre-releases fail it */
    unsigned long maj = strtoul(v, NULL, 10);
    const pwi_reg_version *best = NULL;
    for (size_t i = 0; i < p->nversions; i++) {
        const char *c = p->versions[i].version;
        int r;
        if (pwi_pep440_cmp(c, v, &r) || r >= 0)
            continue;
        if (!pre && pwi_pep440_satisfies(">=0", c) != 1)
            continue;
        if (strtoul(c, NULL, 10) != maj)
            continue;
        best = &p->versions[i];
    }
    return best;
}

const pwi_reg_version *pwi_packument_previous(const pwi_packument *p,
                                              const char *v)
{
    if (p && p->pypi)
        return previous_pypi(p, v);
    if (!p || !pwi_semver_valid(v))
        return NULL;
    unsigned long long maj, min;
    major_minor(v, &maj, &min);
    int pre = strchr(v, '-') != NULL;
    const pwi_reg_version *best = NULL;
    for (size_t i = 0; i < p->nversions; i++) {
        const char *c = p->versions[i].version;
        int r;
        if (!pwi_semver_valid(c) || pwi_semver_cmp(c, v, &r) || r >= 0)
            continue;
        if (!pre && strchr(c, '-'))
            continue;
        unsigned long long cm, cn;
        major_minor(c, &cm, &cn);
        if (cm != maj || (maj == 0 && cn != min))
            continue;
        best = &p->versions[i]; /* ascending: the last one wins */
    }
    return best;
}
