/*
 * lockfile.h - every lockfile format read into one model: the packages a
 * project resolves to, where each is written in the file, and the
 * dependency edges between them (so audit can print root -> ... -> pkg).
 *
 * One parser per format (lockfile-<format>.c), each filling a pwi_lockfile
 * through the builder below. Parsers never touch the network or run
 * anything; they read bytes they are given (requirements includes go
 * through the loader in pwi_lock_opts). Every size and count is bounded.
 *
 * A lockfile is never "clean because not understood": a format or version
 * the parser does not know is PW_ERR_UNSUPPORTED naming the file, the line,
 * what was found and what is supported, e.g.
 *   package-lock.json:3: "lockfileVersion" 7 is not supported (known: 1, 2, 3)
 */
#ifndef PW_LOCKFILE_LOCKFILE_H
#define PW_LOCKFILE_LOCKFILE_H

#include "pkgward.h"
#include "util/jtree.h"

#include <stddef.h>

typedef enum pwi_lock_format {
    PWI_LOCK_UNKNOWN = 0,
    PWI_LOCK_NPM,          /* package-lock.json / npm-shrinkwrap.json v1-v3 */
    PWI_LOCK_YARN_V1,      /* yarn.lock "# yarn lockfile v1" */
    PWI_LOCK_YARN_BERRY,   /* yarn.lock with __metadata (Yarn 2+) */
    PWI_LOCK_PNPM,         /* pnpm-lock.yaml 5.x, 6.x, 9.x */
    PWI_LOCK_BUN,          /* bun.lock (text, JSONC) */
    PWI_LOCK_PACKAGE_JSON, /* package.json alone: declared ranges only */
    PWI_LOCK_REQUIREMENTS, /* pip requirements / constraints files */
    PWI_LOCK_PIPFILE,      /* Pipfile.lock */
    PWI_LOCK_POETRY,       /* poetry.lock */
    PWI_LOCK_UV,           /* uv.lock */
    PWI_LOCK_PYLOCK,       /* pylock.toml / pylock.<name>.toml (PEP 751) */
    PWI_LOCK_FORMAT_COUNT
} pwi_lock_format;

/* Where a package comes from. */
typedef enum pwi_lock_source {
    PWI_SRC_REGISTRY = 0, /* the package registry (npm, PyPI or a mirror) */
    PWI_SRC_GIT,          /* git repository */
    PWI_SRC_URL,          /* remote tarball / wheel URL outside the registry */
    PWI_SRC_PATH,         /* file:, link:, workspace:, local directory */
    PWI_SRC_UNKNOWN       /* only a declared range (package.json, unpinned) */
} pwi_lock_source;

/* pwi_lock_pkg.flags */
enum {
    PWI_LOCKF_ROOT = 1 << 0,           /* the project or a workspace member */
    PWI_LOCKF_DEV = 1 << 1,            /* development-only dependency */
    PWI_LOCKF_OPTIONAL = 1 << 2,
    PWI_LOCKF_PEER = 1 << 3,
    PWI_LOCKF_SCRIPTS_KNOWN = 1 << 4,  /* the format says whether it has
                                          install scripts */
    PWI_LOCKF_INSTALL_SCRIPT = 1 << 5, /* ... and it does */
    PWI_LOCKF_DIRECT = 1 << 6          /* declared by a root */
};

typedef struct pwi_lock_pkg {
    char *name;      /* registry name as written; for an npm alias
                        ("x": "npm:real@1") the real package */
    char *alias;     /* name it is installed under when different, or NULL */
    char *version;   /* exact resolved version, NULL when not known */
    char *spec;      /* declared range/specifier when known, or NULL */
    char *resolved;  /* tarball/wheel URL, git URL, or path; NULL unknown */
    char *integrity; /* "sha512-..." (SRI) or "sha256:<hex>", NULL unknown */
    char *file;      /* file the entry is in when not the lockfile itself
                        (a requirements include), else NULL */
    pwi_lock_source source;
    unsigned flags;  /* PWI_LOCKF_* */
    size_t line;     /* 1-based line where the entry starts, 0 unknown */
    size_t parent;   /* set by pwi_lock_link: predecessor on a shortest
                        path from a root, SIZE_MAX for roots/unreached */
} pwi_lock_pkg;

typedef struct pwi_lock_edge {
    size_t from, to; /* package indexes: from depends on to */
} pwi_lock_edge;

typedef struct pwi_lock_warning {
    size_t line;
    char *file;      /* NULL: the lockfile */
    char *message;
} pwi_lock_warning;

typedef struct pwi_lockfile {
    char *path;            /* as given to the parser */
    pwi_lock_format format;
    char *format_version;  /* e.g. "3", "9.0", "v1", "6"; NULL when none */
    const char *ecosystem; /* "npm" or "pypi" (static) */
    pwi_lock_pkg *pkgs;
    size_t npkgs, cappkgs;
    pwi_lock_edge *edges;
    size_t nedges, capedges;
    pwi_lock_warning *warnings;
    size_t nwarnings, capwarnings;
} pwi_lockfile;

/*
 * Reads an included file for a requirements file: rel as written after
 * -r/-c, relative to the directory of from (a path as given). On success
 * *data (malloc'd, caller frees) holds the bytes and *path_out (malloc'd)
 * the path to record. Errors are reported through err.
 */
typedef pw_status (*pwi_lock_loader)(void *user, const char *from,
                                     const char *rel, char **data,
                                     size_t *len, char **path_out,
                                     pw_error *err);

typedef struct pwi_lock_opts {
    pwi_jlimits limits;     /* JSON/TOML/text size and shape caps */
    size_t max_packages;    /* entries in one lockfile (default 1,000,000) */
    size_t max_includes;    /* requirements -r/-c depth (default 8) */
    pwi_lock_loader load;   /* NULL: includes are not followed (warning) */
    void *load_user;
} pwi_lock_opts;

/* Defaults; load = pwi_lock_load_file (reads from disk, size-capped). */
void pwi_lock_opts_init(pwi_lock_opts *o);

/* The default loader: reads dirname(from)/rel, at most limits.max_bytes. */
pw_status pwi_lock_load_file(void *user, const char *from, const char *rel,
                             char **data, size_t *len, char **path_out,
                             pw_error *err);

/* Format of a file from its base name, then its first bytes.
 * PWI_LOCK_UNKNOWN when neither tells. */
pwi_lock_format pwi_lock_detect(const char *path, const char *data,
                                size_t len);
/* 1 when a file with this base name is a lockfile audit should read. */
int pwi_lock_is_lockfile_name(const char *base);
const char *pwi_lock_format_name(pwi_lock_format f);

/*
 * Parses data[0..len) read from path into *out (caller frees with
 * pwi_lock_free), then links it (pwi_lock_link). The format comes from
 * pwi_lock_detect; an unknown one is PW_ERR_UNSUPPORTED listing what is
 * supported. opts NULL: defaults.
 */
pw_status pwi_lock_parse(const char *path, const char *data, size_t len,
                         const pwi_lock_opts *opts, pwi_lockfile **out,
                         pw_error *err);
/* Reads path (size-capped) and parses it. */
pw_status pwi_lock_load(const char *path, const pwi_lock_opts *opts,
                        pwi_lockfile **out, pw_error *err);
void pwi_lock_free(pwi_lockfile *lf);

/* ---- building (for the format parsers) ---------------------------------- */

pwi_lockfile *pwi_lock_new(const char *path, pwi_lock_format f);
/* Copies p (strings duplicated, NULL kept) and returns its index, or
 * SIZE_MAX when max_packages is reached (the caller fails with
 * PW_ERR_LIMIT). */
size_t pwi_lock_add(pwi_lockfile *lf, const pwi_lock_pkg *p,
                    const pwi_lock_opts *o);
/* Records that package from depends on package to (deduplicated later). */
void pwi_lock_add_edge(pwi_lockfile *lf, size_t from, size_t to);
/* Records a warning (line 0: the whole file). */
void pwi_lock_warn(pwi_lockfile *lf, size_t line, const char *file,
                   const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
void pwi_lock_set_version(pwi_lockfile *lf, const char *v);

/* Sorts and deduplicates edges, marks direct dependencies of roots with
 * PWI_LOCKF_DIRECT, and sets every package's parent by breadth-first
 * search from the roots (ties broken by package index, so deterministic). */
void pwi_lock_link(pwi_lockfile *lf);

/* Writes the dependency path of package i ("root > a@1 > b@2") into buf. */
void pwi_lock_path_str(const pwi_lockfile *lf, size_t i, char *buf,
                       size_t size);

/* ---- the format parsers (lockfile-<format>.c) ----------------------------
 * Each fills lf (already created with its format) from data. Errors name
 * lf->path and a line. */
pw_status pwi_lock_parse_npm(pwi_lockfile *lf, const char *data, size_t len,
                             const pwi_lock_opts *o, pw_error *err);
pw_status pwi_lock_parse_yarn(pwi_lockfile *lf, const char *data, size_t len,
                              const pwi_lock_opts *o, pw_error *err);
pw_status pwi_lock_parse_pnpm(pwi_lockfile *lf, const char *data, size_t len,
                              const pwi_lock_opts *o, pw_error *err);
pw_status pwi_lock_parse_bun(pwi_lockfile *lf, const char *data, size_t len,
                             const pwi_lock_opts *o, pw_error *err);
pw_status pwi_lock_parse_package_json(pwi_lockfile *lf, const char *data,
                                      size_t len, const pwi_lock_opts *o,
                                      pw_error *err);
pw_status pwi_lock_parse_requirements(pwi_lockfile *lf, const char *data,
                                      size_t len, const pwi_lock_opts *o,
                                      pw_error *err);
pw_status pwi_lock_parse_pipfile(pwi_lockfile *lf, const char *data,
                                 size_t len, const pwi_lock_opts *o,
                                 pw_error *err);
pw_status pwi_lock_parse_poetry(pwi_lockfile *lf, const char *data,
                                size_t len, const pwi_lock_opts *o,
                                pw_error *err);
pw_status pwi_lock_parse_uv(pwi_lockfile *lf, const char *data, size_t len,
                            const pwi_lock_opts *o, pw_error *err);
pw_status pwi_lock_parse_pylock(pwi_lockfile *lf, const char *data,
                                size_t len, const pwi_lock_opts *o,
                                pw_error *err);

#endif
