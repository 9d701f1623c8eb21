/* publish-time.c - when was name@version published, from cached registry
 * metadata. The registry client (and `pkgward db`-style prefetching)
 * stores responses under the cache directory as
 *   npm/<name>.json   the packument ("@scope/x" as "@scope%2fx"), whose
 *                     "time" object maps versions to publish times
 *   pypi/<name>.json  PyPI's JSON API document (name PEP 503-normalised),
 *                     whose "releases" list upload times per file
 * Reading is offline; a missing or unreadable file means "unknown". */
#include "audit/audit.h"
#include "db/version.h"
#include "util/file.h"
#include "util/mem.h"
#include "util/timeutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_METADATA_BYTES ((size_t)64 << 20)

static json_t *load_json(const char *path)
{
    char *data;
    size_t len;
    if (pwi_read_file(path, MAX_METADATA_BYTES, "registry metadata", &data,
                      &len, NULL))
        return NULL;
    json_t *j = json_loadb(data, len, 0, NULL);
    free(data);
    return j;
}

static int npm_time(const char *cache, const char *name, const char *version,
                    int64_t *t)
{
    char enc[512];
    size_t o = 0;
    for (const char *p = name; *p && o + 4 < sizeof enc; p++) {
        if (*p == '/') {
            memcpy(enc + o, "%2f", 3);
            o += 3;
        } else if (*p == '.' && (p == name || p[-1] == '/')) {
            return 0; /* never "..": names cannot start with a dot */
        } else {
            enc[o++] = *p;
        }
    }
    enc[o] = '\0';
    char *path = pwi_xasprintf("%s/npm/%s.json", cache, enc);
    json_t *doc = load_json(path);
    free(path);
    const char *s = json_string_value(
        json_object_get(json_object_get(doc, "time"), version));
    int ok = s && pwi_parse_time(s, t) == 0;
    json_decref(doc);
    return ok;
}

static int pypi_time(const char *cache, const char *name, const char *version,
                     int64_t *t)
{
    char norm[256];
    if (pwi_name_normalize("pypi", name, norm, sizeof norm) || norm[0] == '.' ||
        strchr(norm, '/'))
        return 0;
    char *path = pwi_xasprintf("%s/pypi/%s.json", cache, norm);
    json_t *doc = load_json(path);
    free(path);
    json_t *releases = json_object_get(doc, "releases");
    const char *key;
    json_t *files;
    int found = 0;
    json_object_foreach(releases, key, files)
    {
        int c;
        if (strcmp(key, version) &&
            (pwi_pep440_cmp(key, version, &c) || c != 0))
            continue;
        size_t i;
        json_t *f;
        json_array_foreach(files, i, f)
        {
            const char *s =
                json_string_value(json_object_get(f, "upload_time_iso_8601"));
            if (!s)
                s = json_string_value(json_object_get(f, "upload_time"));
            int64_t v;
            if (s && pwi_parse_time(s, &v) == 0 && (!found || v < *t)) {
                *t = v;
                found = 1;
            }
        }
    }
    json_decref(doc);
    return found;
}

int pwi_publish_time(const char *cache_dir, const char *ecosystem,
                     const char *name, const char *version, int64_t *t)
{
    if (!cache_dir || !name || !*name || !version || strchr(name, '\\') ||
        strstr(name, ".."))
        return 0;
    if (!strcmp(ecosystem, "npm"))
        return npm_time(cache_dir, name, version, t);
    if (!strcmp(ecosystem, "pypi"))
        return pypi_time(cache_dir, name, version, t);
    return 0;
}
