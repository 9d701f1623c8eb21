/* package.h - splitting an input's tree into packages and naming them.
 *
 * npm: the shallowest package.json (per archive level) and every
 *   node_modules/<name> or node_modules/@scope/<name> with a package.json.
 * PyPI: a wheel's *.dist-info/METADATA, an sdist's PKG-INFO, and in a
 *   site-packages directory every *.dist-info / *.egg-info, whose RECORD
 *   names the files that belong to it.
 * A file belongs to the deepest package root above it. Files outside all
 * roots form one package of unknown ecosystem, so nothing goes unscanned.
 */
#ifndef PW_INGEST_PACKAGE_H
#define PW_INGEST_PACKAGE_H

#include "ingest.h"

#include <jansson.h>

#define PWI_NONE ((size_t)-1)

typedef struct pwi_package {
    const char *ecosystem;   /* "npm", "pypi", "unknown" (static) */
    char *name;              /* "" when unknown */
    char *version;
    char *root;              /* path prefix inside the tree, "" = whole */
    size_t *files;           /* indices into tree->files */
    size_t nfiles, capfiles;
    size_t manifest;         /* index of package.json / METADATA / PKG-INFO */
    json_t *manifest_json;   /* parsed package.json (npm), or NULL */
    char *manifest_error;    /* why the manifest could not be read, or NULL */
    int manifest_dup_keys;   /* package.json repeats a key */
} pwi_package;

/* Finds the packages in t. Directory contents needed for identity
 * (manifests) are loaded. Never fails: unreadable manifests are recorded
 * in manifest_error. */
void pwi_packages_find(pwi_tree *t, const pw_limits *lim, pwi_package **out,
                       size_t *n);
void pwi_packages_free(pwi_package *p, size_t n);

/* Parses package.json text with limits. Returns NULL and sets *why (a new
 * string) when it is not a JSON object or breaks a limit. *dups is set
 * when a key repeats (JSON.parse keeps the last one). */
json_t *pwi_manifest_parse(const unsigned char *p, size_t n,
                           const pw_limits *lim, char **why, int *dups);

/* Value of an RFC 822 style header (Name, Version) in METADATA/PKG-INFO,
 * as a new string, or NULL. */
char *pwi_metadata_header(const unsigned char *p, size_t n, const char *key);

/* Calls cb for every value of header key (Requires-Dist, ...) in the
 * header block of METADATA/PKG-INFO, in order; at most 10,000. Returns
 * how many. */
size_t pwi_metadata_each(const unsigned char *p, size_t n, const char *key,
                         void (*cb)(const char *value, size_t len, void *user),
                         void *user);

#endif
