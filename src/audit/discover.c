/* discover.c - finding the lockfiles of a project tree. */
#include "audit/audit.h"
#include "util/dir.h"
#include "util/error.h"
#include "util/mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DISCOVER_MAX_DEPTH 24
#define DISCOVER_MAX_FILES 100000

/* Directories that hold installed or generated trees, not a project's own
 * lockfiles. Dot-directories are already skipped by pwi_dir_list. */
static int skip_dir(const char *base)
{
    static const char *const names[] = {"node_modules", "bower_components",
                                        "site-packages", "__pycache__",
                                        "venv", "env", "dist-packages"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(base, names[i]))
            return 1;
    return 0;
}

static const char *base_of(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static int is_npm_lock(const char *base)
{
    return !strcmp(base, "package-lock.json") ||
           !strcmp(base, "npm-shrinkwrap.json") ||
           !strcmp(base, "yarn.lock") || !strcmp(base, "pnpm-lock.yaml") ||
           !strcmp(base, "bun.lock") || !strcmp(base, "bun.lockb");
}

typedef struct found {
    char **v;
    size_t n, cap;
} found;

static void add(found *f, const char *path)
{
    PW_GROW(f->v, f->cap, f->n + 1);
    f->v[f->n++] = pwi_xstrdup(path);
}

/* A virtualenv keeps pyvenv.cfg at its top. */
static int is_virtualenv(const char *dir)
{
    char *cfg = pwi_xasprintf("%s/pyvenv.cfg", dir);
    struct stat sb;
    int yes = lstat(cfg, &sb) == 0;
    free(cfg);
    return yes;
}

static pw_status walk(found *f, const char *dir, int depth, int npm_locked,
                      pw_error *err)
{
    if (depth > DISCOVER_MAX_DEPTH)
        return PW_OK; /* deeper than any real project layout */
    char **names;
    size_t n;
    if (pwi_dir_list(dir, &names, &n) != 0) {
        if (depth == 0)
            return pwi_error(err, PW_ERR_IO, dir, 0, 0, "cannot read: %s",
                             strerror(errno));
        return PW_OK; /* unreadable subdirectory: not ours to audit */
    }
    /* pwi_dir_list skips dot-files; bun.lock etc. are not dot-files. */
    int locked_here = npm_locked;
    for (size_t i = 0; i < n; i++)
        if (is_npm_lock(base_of(names[i])))
            locked_here = 1;
    pw_status st = PW_OK;
    for (size_t i = 0; i < n && !st; i++) {
        struct stat sb;
        const char *base = base_of(names[i]);
        if (lstat(names[i], &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode)) {
            if (!skip_dir(base) && !is_virtualenv(names[i]))
                st = walk(f, names[i], depth + 1, locked_here, err);
            continue;
        }
        if (!S_ISREG(sb.st_mode) || !pwi_lock_is_lockfile_name(base))
            continue;
        if (!strcmp(base, "package.json") && locked_here)
            continue;
        if (!strcmp(base, "bun.lockb")) {
            /* bun.lock beside it is read instead */
            char *text = pwi_xasprintf("%s/bun.lock", dir);
            struct stat tb;
            int has_text = lstat(text, &tb) == 0;
            free(text);
            if (has_text)
                continue;
        }
        if (f->n >= DISCOVER_MAX_FILES)
            st = pwi_error(err, PW_ERR_LIMIT, dir, 0, 0,
                           "more than %d lockfiles", DISCOVER_MAX_FILES);
        else
            add(f, names[i]);
    }
    pwi_dir_list_free(names, n);
    return st;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

pw_status pwi_audit_discover(const char *root, char ***out, size_t *n,
                             pw_error *err)
{
    *out = NULL;
    *n = 0;
    struct stat sb;
    if (stat(root, &sb) != 0)
        return pwi_error(err, PW_ERR_IO, root, 0, 0, "cannot open: %s",
                         strerror(errno));
    found f = {0};
    if (!S_ISDIR(sb.st_mode)) {
        add(&f, root);
    } else {
        pw_status st = walk(&f, root, 0, 0, err);
        if (st) {
            for (size_t i = 0; i < f.n; i++)
                free(f.v[i]);
            free(f.v);
            return st;
        }
        if (f.n > 1)
            qsort(f.v, f.n, sizeof *f.v, cmp_str);
    }
    *out = f.v;
    *n = f.n;
    return PW_OK;
}
