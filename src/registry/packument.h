/* packument.h - the npm registry's document about one package (the
 * "packument"), reduced to what release vetting needs: per version the
 * publisher, maintainers, provenance, gitHead, tarball and integrity,
 * dependencies, install scripts and publish time.
 *
 * Registry responses are untrusted input: sizes and counts are capped,
 * and a field the document does not carry stays "unknown" (NULL / -1),
 * never "clean". */
#ifndef PW_REGISTRY_PACKUMENT_H
#define PW_REGISTRY_PACKUMENT_H

#include "pkgward.h"

#include <stddef.h>
#include <stdint.h>

typedef struct pwi_reg_dep {
    char *name;
    char *spec;
    int optional;
} pwi_reg_dep;

typedef struct pwi_reg_version {
    char *version;
    char *publisher;       /* _npmUser.name, NULL when absent */
    char *publisher_email; /* _npmUser.email, NULL when absent */
    int trusted_publisher; /* _npmUser.trustedPublisher present: 1, else 0 */
    int provenance;        /* dist.attestations.provenance present: 1, else 0 */
    char *git_head;        /* NULL when absent */
    char *tarball;         /* dist.tarball */
    char *integrity;       /* dist.integrity (SRI), NULL when absent */
    char *shasum;          /* dist.shasum (hex SHA-1), NULL when absent */
    char *sha256;          /* PyPI digests.sha256 (hex), NULL for npm */
    char *deprecated;      /* deprecation message, NULL when not deprecated */
    int64_t published;     /* time[version], 0 when unknown */
    char **maintainers;    /* names */
    size_t nmaintainers;
    pwi_reg_dep *deps;     /* dependencies + optionalDependencies */
    size_t ndeps;
    char *install_scripts; /* "preinstall: ...; postinstall: ..." or NULL */
} pwi_reg_version;

typedef struct pwi_packument {
    char *name;
    int pypi;                  /* a PyPI project: PEP 440 versions */
    pwi_reg_version *versions; /* SemVer order (invalid versions first) */
    size_t nversions;
    char *latest;              /* dist-tags.latest, NULL when absent */
    int64_t created;           /* time.created, 0 unknown */
    int64_t modified;          /* time.modified, 0 unknown */
} pwi_packument;

/*
 * Parses a full packument (data[0..len), JSON) fetched from source (a URL
 * or cache path, for messages). PW_ERR_FORMAT when it is not a JSON
 * object with a "name" and a "versions" object; PW_ERR_LIMIT above 256 MiB
 * or 200,000 versions.
 */
pw_status pwi_packument_parse(const char *data, size_t len,
                              const char *source, pwi_packument **out,
                              pw_error *err);
void pwi_packument_free(pwi_packument *p);

/* Parses PyPI's JSON API document (project or one release; version names
 * the release of a per-release document, else NULL) into the same shape
 * (pypi.c). */
pw_status pwi_pypi_parse(const char *data, size_t len, const char *source,
                         const char *version, pwi_packument **out,
                         pw_error *err);

void pwi_reg_version_release(pwi_reg_version *v);

/* The entry of version v, or NULL. */
const pwi_reg_version *pwi_packument_find(const pwi_packument *p,
                                          const char *v);
/* The release before v on its line: the highest version below v with the
 * same major (for 0.x: the same minor), stable unless v is a
 * pre-release. NULL when v is the first of its line. */
const pwi_reg_version *pwi_packument_previous(const pwi_packument *p,
                                              const char *v);

/* "preinstall: ...; postinstall: ..." of a package.json "scripts" object
 * (preinstall, install, postinstall, prepare), or NULL when none. The
 * same form as pwi_reg_version.install_scripts, so the two compare. */
struct json_t;
char *pwi_npm_install_scripts(const struct json_t *scripts);

#endif
