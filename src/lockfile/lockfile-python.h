/*
 * lockfile-python.h - helpers shared by the Python lockfile parsers
 * (lockfile-poetry.c, lockfile-uv.c, lockfile-pylock.c,
 * lockfile-requirements.c): PEP 503 names, a name -> packages index,
 * typed reads of TOML tables with errors naming the line, index URLs,
 * and the "direct dependency" heuristic for formats that do not record it.
 */
#ifndef PW_LOCKFILE_LOCKFILE_PYTHON_H
#define PW_LOCKFILE_LOCKFILE_PYTHON_H

#include "lockfile/lockfile.h"
#include "util/jtree.h"
#include "util/strmap.h"

#include <stddef.h>

/* PEP 503 normalised form of name[0..n) (pwi_name_normalize "pypi":
 * lowercase, runs of '-', '_' and '.' become one '-'). malloc'd. */
char *pwi_py_normalize(const char *name, size_t n);

/* Packages by normalised name, in the order they were added. */
typedef struct pwi_py_names {
    pwi_strmap heads; /* normalised name -> slot */
    struct pwi_py_chain {
        size_t first, last; /* packages of one name */
    } *slots;
    size_t nslots, capslots;
    size_t *next; /* per package index: next with the same name */
    size_t capnext;
} pwi_py_names;

void pwi_py_names_init(pwi_py_names *m);
void pwi_py_names_release(pwi_py_names *m);
/* Records package pkg under name (normalised here). */
void pwi_py_names_add(pwi_py_names *m, const char *name, size_t pkg);
/* First package named name (any spelling), SIZE_MAX when none. */
size_t pwi_py_names_first(const pwi_py_names *m, const char *name);
/* The package after pkg with the same name, SIZE_MAX at the end. */
size_t pwi_py_names_next(const pwi_py_names *m, size_t pkg);

/*
 * Typed reads of a TOML table entry. A missing key gives *out NULL and
 * PW_OK; a value of another type is PW_ERR_FORMAT naming lf->path, the
 * key's line and what was expected (what: e.g. "package \"x\"").
 */
pw_status pwi_py_get_str(const pwi_lockfile *lf, const pwi_jnode *obj,
                         const char *key, const char *what, const char **out,
                         pw_error *err);
pw_status pwi_py_get_table(const pwi_lockfile *lf, const pwi_jnode *obj,
                           const char *key, const char *what,
                           const pwi_jnode **out, pw_error *err);
pw_status pwi_py_get_array(const pwi_lockfile *lf, const pwi_jnode *obj,
                           const char *key, const char *what,
                           const pwi_jnode **out, pw_error *err);
/* A boolean entry: *out 0 when missing. */
pw_status pwi_py_get_bool(const pwi_lockfile *lf, const pwi_jnode *obj,
                          const char *key, const char *what, int *out,
                          pw_error *err);

/* 1 for PyPI's own index URLs (https://pypi.org/simple and its old
 * names, with or without a trailing slash). */
int pwi_py_is_pypi_index(const char *url);

/* url with any user:password@ part replaced by "***@" (secrets must not
 * reach reports); ${VAR} references are kept. malloc'd. */
char *pwi_py_redact_url(const char *url);

/* Adds a warning for an index that is not PyPI, once per distinct URL
 * (seen tracks them). */
void pwi_py_warn_index(pwi_lockfile *lf, pwi_strmap *seen, size_t line,
                       const char *file, const char *what, const char *url);

/*
 * For formats that do not say which packages the project asks for
 * directly (poetry.lock, pylock.toml): adds root -> every package that no
 * other package depends on, then, so that packages caught only in
 * dependency cycles still get a path, root -> the first package not yet
 * reachable, until every package is reachable from root. A heuristic:
 * a direct dependency that something else also depends on is seen as
 * indirect.
 */
void pwi_py_link_unreferenced(pwi_lockfile *lf, size_t root);

/* Base name of the directory holding path ("a/b/poetry.lock" -> "b"), or
 * fallback when path has no directory part. malloc'd. */
char *pwi_py_dir_name(const char *path, const char *fallback);

/* Parses data as TOML with o's limits into *root (errors name lf->path). */
pw_status pwi_py_parse_toml(const pwi_lockfile *lf, const char *data,
                            size_t len, const pwi_lock_opts *o,
                            pwi_jnode **root, pw_error *err);

#endif
