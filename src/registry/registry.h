/* registry.h - npm registry client with an on-disk cache.
 *
 * Metadata is cached under <cache>/npm/<name>.json ("@scope/x" stored as
 * "@scope%2fx") with its validators in <name>.meta, and revalidated with
 * If-None-Match / If-Modified-Since; offline mode reads the cache only.
 * The same files give `audit` its publish times. Tarballs are cached under
 * <cache>/tarballs/ by the SHA-256 of their integrity string and always
 * checked against it. pkgward only fetches: it never proxies an install. */
#ifndef PW_REGISTRY_REGISTRY_H
#define PW_REGISTRY_REGISTRY_H

#include "pkgward.h"
#include "registry/http.h"
#include "registry/packument.h"
#include "util/buf.h"

typedef struct pwi_registry {
    const char *npm_url; /* base URL, no trailing slash required */
    const char *pypi_url; /* PyPI JSON API base (https://pypi.org) */
    int pypi;            /* relative artifact URLs resolve against PyPI */
    const char *cache;   /* cache directory, NULL: none */
    int offline;         /* cache only; a miss is PW_ERR_NOT_FOUND */
    pwi_http_opts http;
} pwi_registry;

/* npm_url NULL: https://registry.npmjs.org. */
void pwi_registry_init(pwi_registry *r, const char *npm_url,
                       const char *cache, int offline);

/* The packument of name (fetched or cached), parsed. PW_ERR_NOT_FOUND
 * when the registry has no such package (or offline and not cached). */
pw_status pwi_registry_packument(pwi_registry *r, const char *name,
                                 pwi_packument **out, pw_error *err);

/* PyPI's JSON API document of project name (version NULL) or of one
 * release, as a pwi_packument (versions in PEP 440 order, one artifact
 * per version: a py3 wheel, else any wheel, else the sdist; sha256 for
 * integrity; requirements only in a per-version document). */
pw_status pwi_registry_pypi(pwi_registry *r, const char *name,
                            const char *version, pwi_packument **out,
                            pw_error *err);

/* The bytes of a release tarball, checked against integrity (SRI) or
 * shasum (hex SHA-1) from its packument entry; a mismatch is
 * PW_ERR_FORMAT and nothing is cached. A tarball without any hash to check
 * is refused (PW_ERR_FORMAT). */
pw_status pwi_registry_tarball(pwi_registry *r, const pwi_reg_version *v,
                               pwi_buf *out, pw_error *err);

#endif
