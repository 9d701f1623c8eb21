/* ioc.h - indicator-of-compromise bundles (docs/ioc-format.md): parsed,
 * validated, stored in the database and loaded for `sweep`. */
#ifndef PW_IOC_IOC_H
#define PW_IOC_IOC_H

#include "pkgward.h"

#include <stddef.h>
#include <stdint.h>

typedef struct pwi_ioc_pkg {
    char *ecosystem;  /* "npm" or "pypi" */
    char *name;       /* normalised */
    char **versions;
    size_t nversions;
    int all_versions;
} pwi_ioc_pkg;

typedef struct pwi_ioc_file {
    char *os;         /* linux, macos, windows, any */
    char *path;
    char *description;
} pwi_ioc_file;

typedef struct pwi_ioc_hash {
    char sha256[65];
    uint64_t size;    /* 0: unknown */
    char *description;
} pwi_ioc_hash;

typedef struct pwi_ioc_workflow {
    char *name;       /* file name, or NULL */
    char **contents;  /* strings inside the file */
    size_t ncontents;
} pwi_ioc_workflow;

typedef struct pwi_ioc_bundle {
    char *id, *title, *published, *remediation;
    char **references;
    size_t nreferences;
    pwi_ioc_pkg *packages;
    size_t npackages;
    pwi_ioc_file *files;
    size_t nfiles;
    pwi_ioc_hash *hashes;
    size_t nhashes;
    char **network;   /* domains, IPs, URLs and strings together */
    size_t nnetwork;
    pwi_ioc_workflow *workflows;
    size_t nworkflows;
} pwi_ioc_bundle;

/* Parses and validates a bundle (source names it in errors; unknown keys,
 * wrong types and broken limits are PW_ERR_FORMAT / PW_ERR_LIMIT). */
pw_status pwi_ioc_parse(const char *data, size_t len, const char *source,
                        pwi_ioc_bundle **out, pw_error *err);
void pwi_ioc_free(pwi_ioc_bundle *b);

/* Every bundle stored in db (an empty list for a database without any). */
pw_status pwi_ioc_load_all(pw_db *db, pwi_ioc_bundle ***out, size_t *n,
                           pw_error *err);
void pwi_ioc_free_all(pwi_ioc_bundle **v, size_t n);

/* The bundle package entry matching (ecosystem, normalised name), or
 * NULL; *version_hit says whether version is one it names (or it names
 * all versions). */
const pwi_ioc_pkg *pwi_ioc_find_package(const pwi_ioc_bundle *b,
                                        const char *ecosystem,
                                        const char *name, const char *version,
                                        int *version_hit);

#endif
