/*
 * lockfile-json.h - helpers shared by the lockfile parsers that read a
 * pwi_jnode tree (package-lock.json, bun.lock, package.json,
 * Pipfile.lock): typed access that fails with errors naming the line, a
 * path-keyed map for node_modules-style resolution, and the npm specifier
 * rules (aliases, git/URL/path sources, exact versions).
 */
#ifndef PW_LOCKFILE_LOCKFILE_JSON_H
#define PW_LOCKFILE_LOCKFILE_JSON_H

#include "lockfile/lockfile.h"
#include "util/jtree.h"

#include <stddef.h>
#include <stdint.h>

/* ---- typed access -------------------------------------------------------
 * Each returns PW_OK, or PW_ERR_FORMAT naming lf->path, line (the key's
 * line; the node's own when 0) and `what` (e.g. "\"packages\""). */

/* n must have kind; "<what> must be <kind>, found <kind>". */
pw_status pwi_lockj_expect(const pwi_lockfile *lf, const pwi_jnode *n,
                           pwi_jkind kind, size_t line, const char *what,
                           pw_error *err);

/* Optional string member key of obj: *out NULL when absent (or JSON null),
 * else the string. Another type, or a string holding a NUL byte, is an
 * error. */
pw_status pwi_lockj_str(const pwi_lockfile *lf, const pwi_jnode *obj,
                        const char *key, const char *owner, const char **out,
                        pw_error *err);

/* Optional boolean member: 1 only for JSON true; a non-boolean is an
 * error. */
pw_status pwi_lockj_bool(const pwi_lockfile *lf, const pwi_jnode *obj,
                         const char *key, const char *owner, int *out,
                         pw_error *err);

/* Optional object member; *out NULL when absent or null. */
pw_status pwi_lockj_obj(const pwi_lockfile *lf, const pwi_jnode *obj,
                        const char *key, const char *owner,
                        const pwi_jnode **out, pw_error *err);

/* Short description of a value for messages: 7, "abc" (quoted, cut),
 * null, true, an object. */
void pwi_lockj_describe(const pwi_jnode *n, char *buf, size_t size);

/* The "<name>" version check every format does: n (at line, key name
 * `key`) must be an integer listed in known[0..nknown). On success *value
 * holds it. Missing: PW_ERR_UNSUPPORTED "\"key\" is missing (known: ...)";
 * other values: "\"key\" 7 is not supported (known: 1, 2, 3)". */
pw_status pwi_lockj_version(const pwi_lockfile *lf, const pwi_jnode *n,
                            size_t line, const char *key,
                            const int64_t *known, size_t nknown,
                            int64_t *value, pw_error *err);

/* A package to add, with borrowed strings (pwi_lock_add copies them). */
typedef struct pwi_lockj_pkg {
    const char *name, *alias, *version, *spec, *resolved, *integrity;
    pwi_lock_source source;
    unsigned flags;
    size_t line;
} pwi_lockj_pkg;

/* pwi_lock_add, failing with PW_ERR_LIMIT (naming the line) when
 * max_packages is reached. */
pw_status pwi_lockj_add(pwi_lockfile *lf, const pwi_lockj_pkg *p,
                        const pwi_lock_opts *o, size_t *idx, pw_error *err);

/* Name for a project's root package: the lockfile's directory name
 * ("demo-app" for "src/demo-app/package-lock.json"), or fallback when the
 * path has no directory part. Caller frees. */
char *pwi_lockj_dir_name(const char *path, const char *fallback);

/* ---- path map -----------------------------------------------------------
 * Keys (not copied: they must outlive the map) to values, for looking up
 * "<prefix><sep><name>" without building the string: hashes are FNV-1a
 * states that can be continued, so a lookup costs the length of the parts
 * it adds, not of the whole key. The seed differs from run to run. */
typedef struct pwi_lockj_map {
    struct pwi_lockj_slot {
        const char *key;
        size_t len;
        uint64_t hash;
        size_t val;
    } *slots;
    size_t n, cap;
    uint64_t seed;
} pwi_lockj_map;

void pwi_lockj_map_init(pwi_lockj_map *m);
void pwi_lockj_map_release(pwi_lockj_map *m);
/* The state of an empty key, and the state after appending s[0..n). */
uint64_t pwi_lockj_hash_init(const pwi_lockj_map *m);
uint64_t pwi_lockj_hash_more(uint64_t h, const char *s, size_t n);
/* Adds key -> val unless present; returns 1 (and *old) when it was. */
int pwi_lockj_map_put(pwi_lockj_map *m, const char *key, size_t len,
                      size_t val, size_t *old);
/* Looks up the key made of parts[0..nparts) (lens[i] bytes each) whose
 * continued hash is h. */
int pwi_lockj_map_find(const pwi_lockj_map *m, uint64_t h,
                       const char *const *parts, const size_t *lens,
                       size_t nparts, size_t *val);
/* Convenience: a whole key. */
int pwi_lockj_map_get(const pwi_lockj_map *m, const char *key, size_t len,
                      size_t *val);

/* ---- npm specifiers ------------------------------------------------------ */

/* 1 for a full semver version: 1.2.3, 1.2.3-rc.1, 1.2.3+build. */
int pwi_lockj_is_semver(const char *s);
/* For an exact version spec ("1.2.3", "=1.2.3", "v1.2.3") the version
 * without "=" or "v"; NULL for ranges, tags and everything else. */
const char *pwi_lockj_exact_version(const char *spec);
/* Source of a git/URL/path-looking string ("git+https://...",
 * "github:u/r", "u/r#ref", "https://x/y.tgz", "file:../x", "link:x",
 * "workspace:*", "./x"); PWI_SRC_UNKNOWN for anything else (registry
 * versions and ranges). */
pwi_lock_source pwi_lockj_spec_kind(const char *spec);
/* Splits "npm:<name>@<range>" (range may be empty): 1 with *name and
 * *range malloc'd, 0 when spec is not an npm: alias. */
int pwi_lockj_split_alias(const char *spec, char **name, char **range);
/* 1 when url is a registry tarball of name@version:
 * ".../-/<basename>-<version>.tgz" (version NULL: any). */
int pwi_lockj_is_registry_tarball(const char *url, const char *name,
                                  const char *version);

#endif
