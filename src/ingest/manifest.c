/* manifest.c - package.json and METADATA/PKG-INFO readers (untrusted). */
#include "package.h"
#include "util/mem.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Deepest nesting of arrays/objects, computed without recursion. Stops
 * early once it passes cap. The stack holds every container seen but not
 * yet visited, so it grows with the manifest's width (a big "exports" map
 * has thousands of sibling objects); it is bounded by the node count,
 * which max_manifest_bytes bounds. */
static size_t json_depth(json_t *root, size_t cap)
{
    typedef struct { json_t *v; size_t d; } item;
    item *stack = NULL;
    size_t n = 0, alloc = 0, max = 0;
    PW_GROW(stack, alloc, 1);
    stack[n++] = (item){root, 1};
    while (n && max <= cap) {
        item it = stack[--n];
        if (it.d > max)
            max = it.d;
        const char *k;
        size_t i;
        json_t *v;
        if (json_is_object(it.v)) {
            json_object_foreach(it.v, k, v) {
                if (json_is_object(v) || json_is_array(v)) {
                    PW_GROW(stack, alloc, n + 1);
                    stack[n++] = (item){v, it.d + 1};
                }
            }
        } else if (json_is_array(it.v)) {
            json_array_foreach(it.v, i, v) {
                if (json_is_object(v) || json_is_array(v)) {
                    PW_GROW(stack, alloc, n + 1);
                    stack[n++] = (item){v, it.d + 1};
                }
            }
        }
    }
    free(stack);
    return max;
}

json_t *pwi_manifest_parse(const unsigned char *p, size_t n,
                           const pw_limits *lim, char **why, int *dups)
{
    *why = NULL;
    *dups = 0;
    if (n > lim->max_manifest_bytes) {
        *why = pwi_xasprintf("manifest of %zu bytes exceeds max_manifest_bytes (%llu)",
                             n, (unsigned long long)lim->max_manifest_bytes);
        return NULL;
    }
    /* a UTF-8 BOM is accepted by npm */
    if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
        p += 3, n -= 3;
    json_error_t je;
    json_t *j = json_loadb((const char *)p, n, JSON_REJECT_DUPLICATES, &je);
    if (!j && json_error_code(&je) == json_error_duplicate_key) {
        *dups = 1;
        j = json_loadb((const char *)p, n, 0, &je);
    }
    if (!j) {
        *why = pwi_xasprintf("invalid JSON at line %d column %d: %s", je.line,
                             je.column, je.text);
        return NULL;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        *why = pwi_xstrdup("package.json is not a JSON object");
        return NULL;
    }
    if (json_depth(j, lim->max_json_depth) > lim->max_json_depth) {
        json_decref(j);
        *why = pwi_xasprintf("package.json nests deeper than %u levels",
                             lim->max_json_depth);
        return NULL;
    }
    return j;
}

char *pwi_metadata_header(const unsigned char *p, size_t n, const char *key)
{
    size_t klen = strlen(key);
    size_t i = 0;
    while (i < n) {
        size_t e = i;
        while (e < n && p[e] != '\n')
            e++;
        size_t len = e - i;
        if (len && p[i + len - 1] == '\r')
            len--;
        if (len == 0)
            break; /* headers end at the first blank line */
        if (len > klen && p[i + klen] == ':' &&
            !strncasecmp((const char *)p + i, key, klen)) {
            size_t s = i + klen + 1;
            while (s < i + len && isspace(p[s]))
                s++;
            size_t t = i + len;
            while (t > s && isspace(p[t - 1]))
                t--;
            if (t - s > 256)
                t = s + 256;
            return pwi_xstrndup((const char *)p + s, t - s);
        }
        i = e + 1;
    }
    return NULL;
}

size_t pwi_metadata_each(const unsigned char *p, size_t n, const char *key,
                         void (*cb)(const char *value, size_t len, void *user),
                         void *user)
{
    size_t klen = strlen(key), count = 0;
    size_t i = 0;
    while (i < n) {
        size_t e = i;
        while (e < n && p[e] != '\n')
            e++;
        size_t len = e - i;
        if (len && p[i + len - 1] == '\r')
            len--;
        if (len == 0)
            break; /* headers end at the first blank line */
        if (len > klen && p[i + klen] == ':' &&
            !strncasecmp((const char *)p + i, key, klen)) {
            size_t s = i + klen + 1;
            while (s < i + len && isspace(p[s]))
                s++;
            size_t t = i + len;
            while (t > s && isspace(p[t - 1]))
                t--;
            cb((const char *)p + s, t - s, user);
            if (++count >= 10000)
                break;
        }
        i = e + 1;
    }
    return count;
}
