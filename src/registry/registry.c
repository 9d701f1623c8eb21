/* registry.c - npm registry metadata and tarballs, through the cache. */
#include "registry/registry.h"
#include "registry/integrity.h"
#include "db/version.h"
#include "util/error.h"
#include "util/file.h"
#include "util/hash.h"
#include "util/mem.h"
#include "util/paths.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TARBALL_MAX_BYTES ((size_t)512 << 20)
#define META_MAX_BYTES ((size_t)256 << 20)

static int is_file_registry(const pwi_registry *r)
{
    return !strncmp(r->npm_url, "file://", 7);
}

void pwi_registry_init(pwi_registry *r, const char *npm_url,
                       const char *cache, int offline)
{
    memset(r, 0, sizeof *r);
    r->npm_url = npm_url ? npm_url : "https://registry.npmjs.org";
    r->pypi_url = "https://pypi.org";
    r->cache = cache;
    r->offline = offline;
    pwi_http_opts_init(&r->http);
    r->http.max_bytes = META_MAX_BYTES;
}

/* "@scope/x" -> "@scope%2fx"; -1 for names that could escape a path. */
static int encode_name(const char *name, char *out, size_t size)
{
    size_t o = 0;
    if (!*name || name[0] == '.' || strstr(name, ".."))
        return -1;
    for (const char *p = name; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '/') {
            if (name[0] != '@' || o + 3 >= size)
                return -1;
            memcpy(out + o, "%2f", 3);
            o += 3;
            continue;
        }
        if (c <= ' ' || c == '\\' || c == '%' || c == '?' || c == '#' ||
            c >= 0x7f || o + 1 >= size)
            return -1;
        out[o++] = (char)c;
    }
    out[o] = '\0';
    return 0;
}

/* Writes data to path atomically (temp file + rename); failures only
 * lose the cache entry. */
static void cache_write(const char *path, const void *data, size_t len)
{
    const char *slash = strrchr(path, '/');
    if (slash) {
        char *dir = pwi_xstrndup(path, (size_t)(slash - path));
        pwi_mkdirs(dir, 0700);
        free(dir);
    }
    char *tmp = pwi_xasprintf("%s.%ld.tmp", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    int ok = f && fwrite(data, 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = 0;
    if (!ok || rename(tmp, path) != 0)
        unlink(tmp);
    free(tmp);
}

static void read_meta(const char *path, char *etag, size_t es, char *lm,
                      size_t ls)
{
    char *data;
    size_t len;
    etag[0] = lm[0] = '\0';
    if (pwi_read_file(path, 4096, "cache metadata", &data, &len, NULL))
        return;
    char *nl = strchr(data, '\n');
    if (nl) {
        *nl = '\0';
        snprintf(lm, ls, "%s", nl + 1);
        lm[strcspn(lm, "\n")] = '\0';
    }
    snprintf(etag, es, "%s", data);
    free(data);
}

/* A parser of a fetched document. */
typedef pw_status (*doc_parser)(const char *data, size_t len,
                                const char *source, void *out, pw_error *err);

/*
 * Fetches base/rel (rel already URL-safe) through the cache file
 * <cache>/<cache_rel>.json (+ .meta validators), or from a file://
 * mirror, and parses it with parse. A parse failure does not reach the
 * cache. name is the package, for messages.
 */
static pw_status fetch_doc(pwi_registry *r, const char *base, const char *rel,
                           const char *cache_rel, const char *name,
                           doc_parser parse, void *out, pw_error *err)
{
    int mirror = !strncmp(base, "file://", 7);
    char *json_path = r->cache && !mirror
                          ? pwi_xasprintf("%s/%s.json", r->cache, cache_rel)
                          : NULL;
    char *meta_path = json_path
                          ? pwi_xasprintf("%s/%s.meta", r->cache, cache_rel)
                          : NULL;
    char *cached = NULL;
    size_t cached_len = 0;
    if (json_path)
        pwi_read_file(json_path, META_MAX_BYTES, "cached metadata", &cached,
                      &cached_len, NULL);
    pw_status st = PW_OK;
    char *url = pwi_xasprintf("%s%s%s", base,
                              base[strlen(base) - 1] == '/' ? "" : "/", rel);
    const char *data = cached;
    size_t len = cached_len;
    pwi_http_resp resp = {0};
    char *local = NULL;
    if (mirror) {
        size_t ll = 0;
        st = pwi_read_file(url + 7, META_MAX_BYTES, "registry metadata",
                           &local, &ll, err);
        if (st == PW_ERR_IO)
            st = pwi_error(err, PW_ERR_NOT_FOUND, url + 7, 0, 0,
                           "the registry has no package \"%s\"", name);
        data = local;
        len = ll;
    } else if (r->offline) {
        if (!cached)
            st = pwi_error(err, PW_ERR_NOT_FOUND, name, 0, 0,
                           "no cached registry metadata (offline; run "
                           "without --offline once to fetch it)");
    } else {
        char etag[256], lm[64];
        pwi_http_opts o = r->http;
        o.accept = "application/json";
        if (cached && meta_path) {
            read_meta(meta_path, etag, sizeof etag, lm, sizeof lm);
            o.etag = *etag ? etag : NULL;
            o.last_modified = *lm ? lm : NULL;
        }
        st = pwi_http_get(url, &o, &resp, err);
        if (!st && resp.status == 304 && cached) {
            /* still current */
        } else if (!st && resp.status == 200) {
            data = resp.body.data ? resp.body.data : "";
            len = resp.body.len;
        } else if (!st && resp.status == 404) {
            st = pwi_error(err, PW_ERR_NOT_FOUND, url, 0, 0,
                           "the registry has no package \"%s\" (HTTP 404)",
                           name);
        } else if (!st) {
            st = pwi_error(err, PW_ERR_IO, url, 0, 0,
                           "registry answered HTTP %ld", resp.status);
        }
    }
    if (!st) {
        st = parse(data, len, url, out, err);
        if (!st && data != cached && json_path) {
            cache_write(json_path, data, len);
            char *meta = pwi_xasprintf("%s\n%s\n", resp.etag,
                                       resp.last_modified);
            cache_write(meta_path, meta, strlen(meta));
            free(meta);
        }
    }
    pwi_http_resp_release(&resp);
    free(local);
    free(url);
    free(cached);
    free(json_path);
    free(meta_path);
    return st;
}

static pw_status parse_npm(const char *data, size_t len, const char *source,
                           void *out, pw_error *err)
{
    return pwi_packument_parse(data, len, source, out, err);
}

pw_status pwi_registry_packument(pwi_registry *r, const char *name,
                                 pwi_packument **out, pw_error *err)
{
    char enc[512], rel[600];
    *out = NULL;
    if (encode_name(name, enc, sizeof enc))
        return pwi_error(err, PW_ERR_USAGE, name, 0, 0,
                         "not a valid npm package name");
    snprintf(rel, sizeof rel, "npm/%s", enc);
    return fetch_doc(r, r->npm_url, enc, rel, name, parse_npm, out, err);
}

typedef struct pypi_arg {
    pwi_packument **out;
    const char *version;
} pypi_arg;

static pw_status parse_pypi(const char *data, size_t len, const char *source,
                            void *out, pw_error *err)
{
    pypi_arg *a = out;
    return pwi_pypi_parse(data, len, source, a->version, a->out, err);
}

pw_status pwi_registry_pypi(pwi_registry *r, const char *name,
                            const char *version, pwi_packument **out,
                            pw_error *err)
{
    char norm[256], path[600], rel[700];
    *out = NULL;
    if (pwi_name_normalize("pypi", name, norm, sizeof norm) ||
        strpbrk(norm, "/\\?#%") || norm[0] == '.' ||
        (version && (strpbrk(version, "/\\?#% ") || strstr(version, ".."))))
        return pwi_error(err, PW_ERR_USAGE, name, 0, 0,
                         "not a valid PyPI project name or version");
    if (version)
        snprintf(path, sizeof path, "pypi/%s/%s/json", norm, version);
    else
        snprintf(path, sizeof path, "pypi/%s/json", norm);
    /* the project document is cached where audit looks for upload times */
    if (version)
        snprintf(rel, sizeof rel, "pypi/%s@%s", norm, version);
    else
        snprintf(rel, sizeof rel, "pypi/%s", norm);
    pypi_arg a = {out, version};
    return fetch_doc(r, r->pypi_url, path, rel, name, parse_pypi, &a, err);
}

pw_status pwi_registry_tarball(pwi_registry *r, const pwi_reg_version *v,
                               pwi_buf *out, pw_error *err)
{
    pwi_buf_init(out, TARBALL_MAX_BYTES);
    if (!v->tarball)
        return pwi_error(err, PW_ERR_FORMAT, v->version, 0, 0,
                         "registry metadata names no tarball");
    if (!v->integrity && !v->shasum && !v->sha256)
        return pwi_error(err, PW_ERR_FORMAT, v->tarball, 0, 0,
                         "registry metadata gives no integrity hash for "
                         "the tarball; refusing to vet unverifiable bytes");
    /* cache key: the hash it must have, so a hit is already verified */
    char *key_src = pwi_xasprintf("%s|%s|%s", v->integrity ? v->integrity : "",
                                  v->shasum ? v->shasum : "",
                                  v->sha256 ? v->sha256 : "");
    unsigned char md[PW_SHA256_LEN];
    char hex[2 * PW_SHA256_LEN + 1];
    pwi_sha256_buf(key_src, strlen(key_src), md);
    pwi_hex(md, PW_SHA256_LEN, hex);
    free(key_src);
    /* a local mirror is its own cache */
    char *path = r->cache && !is_file_registry(r)
                     ? pwi_xasprintf("%s/tarballs/%s.tgz", r->cache, hex)
                     : NULL;
    char *data = NULL;
    size_t len = 0;
    char used[16];
    if (path && pwi_read_file(path, TARBALL_MAX_BYTES, "cached tarball", &data,
                              &len, NULL) == PW_OK &&
        pwi_integrity_check(data, len, v->integrity, v->shasum, v->sha256, used) ==
            PWI_INTEGRITY_OK) {
        pwi_buf_add(out, data, len);
        free(data);
        free(path);
        return PW_OK;
    }
    free(data);
    if (r->offline) {
        free(path);
        return pwi_error(err, PW_ERR_NOT_FOUND, v->tarball, 0, 0,
                         "tarball not in the cache (offline)");
    }
    /* A relative dist.tarball resolves against the registry. Local files
     * are read only from a registry that is itself a local directory:
     * remote metadata never makes pkgward read this machine's files. */
    char *url;
    if (strstr(v->tarball, "://"))
        url = pwi_xstrdup(v->tarball);
    else
        url = pwi_xasprintf("%s/%s", r->pypi ? r->pypi_url : r->npm_url,
                            v->tarball);
    pwi_http_resp resp;
    pw_status st;
    if ((is_file_registry(r) || !strncmp(r->pypi_url, "file://", 7)) &&
        !strncmp(url, "file://", 7) &&
        !strstr(url, "/../")) {
        memset(&resp, 0, sizeof resp);
        char *bytes;
        size_t blen;
        st = pwi_read_file(url + 7, TARBALL_MAX_BYTES, "tarball", &bytes,
                           &blen, err);
        if (!st) {
            pwi_buf_init(&resp.body, TARBALL_MAX_BYTES);
            pwi_buf_add(&resp.body, bytes, blen);
            resp.status = 200;
            free(bytes);
        }
    } else {
        pwi_http_opts o = r->http;
        o.max_bytes = TARBALL_MAX_BYTES;
        st = pwi_http_get(url, &o, &resp, err);
    }
    free(url);
    if (!st && resp.status != 200)
        st = pwi_error(err, resp.status == 404 ? PW_ERR_NOT_FOUND : PW_ERR_IO,
                       v->tarball, 0, 0, "tarball download: HTTP %ld",
                       resp.status);
    if (!st) {
        pwi_integrity_result ir =
            pwi_integrity_check(resp.body.data ? resp.body.data : "",
                                resp.body.len, v->integrity, v->shasum,
                                v->sha256, used);
        if (ir != PWI_INTEGRITY_OK)
            st = pwi_error(err, PW_ERR_FORMAT, v->tarball, 0, 0,
                           "integrity mismatch: the downloaded tarball does "
                           "not have the %s the registry lists for %s",
                           *used ? used : "hash", v->version);
    }
    if (!st) {
        if (path)
            cache_write(path, resp.body.data, resp.body.len);
        pwi_buf_add(out, resp.body.data, resp.body.len);
    }
    pwi_http_resp_release(&resp);
    free(path);
    return st;
}
