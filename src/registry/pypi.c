/* pypi.c - PyPI's JSON API documents as packuments (see packument.h).
 *
 * A project document ("/pypi/NAME/json") lists every release's files; a
 * release document ("/pypi/NAME/VERSION/json") lists one release's files
 * and its requirements. Each version keeps one artifact, the one pip would
 * most likely install and the most code to read: a py3 wheel, else any
 * wheel, else the sdist. Uploads carry no publisher, so that stays
 * unknown. */
#include "registry/packument.h"
#include "db/version.h"
#include "util/error.h"
#include "util/mem.h"
#include "util/timeutil.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define PYPI_MAX_BYTES ((size_t)256 << 20)
#define PYPI_MAX_VERSIONS 100000
#define PYPI_MAX_STRING 4096

static char *str_of(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    if (!json_is_string(v) || json_string_length(v) > PYPI_MAX_STRING)
        return NULL;
    return pwi_xstrndup(json_string_value(v), json_string_length(v));
}

static int rank(const json_t *f)
{
    const char *type = json_string_value(json_object_get(f, "packagetype"));
    const char *name = json_string_value(json_object_get(f, "filename"));
    if (!type || !name)
        return -1;
    if (!strcmp(type, "bdist_wheel"))
        return strstr(name, "py3-none-any") ? 3 : 2;
    return !strcmp(type, "sdist") ? 1 : 0;
}

/* Fills v from the files of one release. */
static void read_files(pwi_reg_version *v, const json_t *files,
                       int64_t *created)
{
    const json_t *best = NULL;
    int best_rank = -1, all_yanked = 1;
    size_t i;
    const json_t *f;
    json_array_foreach(files, i, f)
    {
        int r = rank(f);
        if (r > best_rank) {
            best = f;
            best_rank = r;
        }
        const char *up = json_string_value(json_object_get(f, "upload_time_iso_8601"));
        if (!up)
            up = json_string_value(json_object_get(f, "upload_time"));
        int64_t t;
        if (up && pwi_parse_time(up, &t) == 0) {
            if (!v->published || t < v->published)
                v->published = t;
            if (!*created || t < *created)
                *created = t;
        }
        all_yanked &= json_is_true(json_object_get(f, "yanked"));
    }
    if (best) {
        v->tarball = str_of(best, "url");
        v->sha256 = str_of(json_object_get(best, "digests"), "sha256");
    }
    if (json_array_size(files) && all_yanked) {
        char *why = NULL;
        json_array_foreach(files, i, f) if (!why) why = str_of(f, "yanked_reason");
        v->deprecated = why && *why ? why : (free(why), pwi_xstrdup("yanked"));
    }
}

static void read_requires(pwi_reg_version *v, const json_t *info)
{
    size_t i;
    const json_t *r;
    json_array_foreach(json_object_get(info, "requires_dist"), i, r)
    {
        const char *s = json_string_value(r);
        if (!s || v->ndeps >= 1000)
            continue;
        size_t k = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                             "0123456789-_.");
        if (k == 0 || k > 200)
            continue;
        const char *semi = strchr(s, ';');
        int optional = semi && strstr(semi, "extra");
        v->deps = pwi_xrealloc(v->deps, (v->ndeps + 1) * sizeof *v->deps);
        v->deps[v->ndeps].name = pwi_xstrndup(s, k);
        v->deps[v->ndeps].spec = pwi_xstrdup(s + k);
        v->deps[v->ndeps].optional = optional;
        v->ndeps++;
    }
}

static int cmp_pep440(const void *a, const void *b)
{
    const pwi_reg_version *x = a, *y = b;
    int vx = pwi_pep440_valid(x->version), vy = pwi_pep440_valid(y->version);
    if (vx != vy)
        return vx - vy;
    int c;
    if (vx && pwi_pep440_cmp(x->version, y->version, &c) == 0 && c)
        return c;
    return strcmp(x->version, y->version);
}

pw_status pwi_pypi_parse(const char *data, size_t len, const char *source,
                         const char *version, pwi_packument **out,
                         pw_error *err)
{
    *out = NULL;
    if (len > PYPI_MAX_BYTES)
        return pwi_error(err, PW_ERR_LIMIT, source, 0, 0,
                         "PyPI metadata is larger than %zu MiB",
                         PYPI_MAX_BYTES >> 20);
    json_error_t je;
    json_t *doc = json_loadb(data, len, 0, &je);
    if (!doc)
        return pwi_error(err, PW_ERR_FORMAT, source, (size_t)je.line,
                         (size_t)je.column,
                         "registry metadata is not valid JSON: %s", je.text);
    const json_t *info = json_object_get(doc, "info");
    const char *name = json_string_value(json_object_get(info, "name"));
    json_t *releases = json_object_get(doc, "releases");
    const json_t *urls = json_object_get(doc, "urls");
    if (!json_is_object(doc) || !name ||
        (!json_is_object(releases) && !json_is_array(urls))) {
        json_decref(doc);
        return pwi_error(err, PW_ERR_FORMAT, source, 0, 0,
                         "not a PyPI JSON API document (no info.name and "
                         "releases or urls)");
    }
    size_t n = json_is_object(releases) ? json_object_size(releases) : 1;
    if (n > PYPI_MAX_VERSIONS) {
        json_decref(doc);
        return pwi_error(err, PW_ERR_LIMIT, source, 0, 0,
                         "more than %d releases", PYPI_MAX_VERSIONS);
    }
    pwi_packument *p = pwi_xcalloc(1, sizeof *p);
    p->pypi = 1;
    p->name = pwi_xstrdup(name);
    p->versions = pwi_xcalloc(n ? n : 1, sizeof *p->versions);
    const char *info_version = json_string_value(json_object_get(info, "version"));
    if (json_is_object(releases) && !version) {
        const char *ver;
        json_t *files;
        json_object_foreach(releases, ver, files)
        {
            if (!json_is_array(files) || !json_array_size(files) ||
                strlen(ver) > 128)
                continue; /* a release without files cannot be installed */
            pwi_reg_version *v = &p->versions[p->nversions++];
            v->version = pwi_xstrdup(ver);
            read_files(v, files, &p->created);
            if (info_version && !strcmp(ver, info_version))
                read_requires(v, info);
        }
        p->latest = info_version ? pwi_xstrdup(info_version) : NULL;
    } else {
        pwi_reg_version *v = &p->versions[p->nversions++];
        v->version = pwi_xstrdup(version ? version
                                         : info_version ? info_version : "");
        read_files(v, urls, &p->created);
        read_requires(v, info);
    }
    if (p->nversions > 1)
        qsort(p->versions, p->nversions, sizeof *p->versions, cmp_pep440);
    json_decref(doc);
    *out = p;
    return PW_OK;
}
