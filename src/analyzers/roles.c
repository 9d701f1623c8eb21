/* roles.c - what part each file plays: run at install, imported at start,
 * or only tests and documentation. Findings are weighed by it. */
#include "analyze.h"
#include "util/mem.h"
#include "util/strmap.h"

#include <stdlib.h>

#include <string.h>

/* Path relative to the package root. */
const char *pwi_pkg_relpath(const pwi_actx *a, const char *path)
{
    size_t rl = strlen(a->pkg->root);
    if (rl && !strncmp(path, a->pkg->root, rl) && path[rl] == '/')
        return path + rl + 1;
    return path;
}

size_t pwi_pkg_find(pwi_actx *a, const char *rel)
{
    if (!a->files_by_rel) {
        a->files_by_rel = pwi_xcalloc(1, sizeof *a->files_by_rel);
        pwi_strmap_init(a->files_by_rel);
        for (size_t i = 0; i < a->pkg->nfiles; i++) {
            const pwi_file *f = &a->tree->files[a->pkg->files[i]];
            if (f->type != PWI_FT_REG)
                continue;
            const char *r = pwi_pkg_relpath(a, f->path);
            pwi_strmap_put(a->files_by_rel, r, strlen(r), i);
        }
    }
    size_t i;
    return pwi_strmap_get(a->files_by_rel, rel, strlen(rel), &i) ? i : PWI_NONE;
}

void pwi_actx_release(pwi_actx *a)
{
    if (a->files_by_rel) {
        pwi_strmap_release(a->files_by_rel);
        free(a->files_by_rel);
        a->files_by_rel = NULL;
    }
}

static int has_dir(const char *rel, const char *const *dirs)
{
    for (size_t i = 0; dirs[i]; i++) {
        size_t n = strlen(dirs[i]);
        for (const char *p = rel; (p = strstr(p, dirs[i])); p++)
            if ((p == rel || p[-1] == '/') && p[n] == '/')
                return 1;
    }
    return 0;
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && !strcmp(s + a - b, suf);
}

void pwi_analyze_roles(pwi_actx *a)
{
    static const char *const test_dirs[] = {"test", "tests", "__tests__", "spec",
                                            "__mocks__", "fixtures", "testing", NULL};
    static const char *const doc_dirs[] = {"docs", "doc", "examples", "example", NULL};
    int pypi = !strcmp(a->pkg->ecosystem, "pypi");
    for (size_t i = 0; i < a->pkg->nfiles; i++) {
        const char *rel = pwi_pkg_relpath(a, a->tree->files[a->pkg->files[i]].path);
        const char *base = strrchr(rel, '/');
        base = base ? base + 1 : rel;
        if (has_dir(rel, test_dirs) || strstr(base, ".test.") || strstr(base, ".spec.") ||
            (pypi && !strncmp(base, "test_", 5)))
            a->roles[i] |= PWI_ROLE_TEST;
        if (has_dir(rel, doc_dirs) || ends_with(base, ".md") || ends_with(base, ".rst") ||
            ends_with(base, ".txt"))
            a->roles[i] |= PWI_ROLE_DOC;
        if (pypi) {
            /* setup.py runs on install of an sdist; .pth files run at
             * every interpreter start */
            if (!strcmp(rel, "setup.py") || ends_with(base, ".pth"))
                a->roles[i] |= PWI_ROLE_INSTALL;
            /* a package's __init__.py, or a single-file module at the top
             * of the distribution (py_modules), runs on import */
            if (!strcmp(base, "__init__.py") ||
                (base == rel && ends_with(base, ".py") && strcmp(base, "setup.py") &&
                 strcmp(base, "conftest.py") && strcmp(base, "noxfile.py") &&
                 strcmp(base, "fabfile.py") && strncmp(base, "test", 4)))
                a->roles[i] |= PWI_ROLE_ENTRY;
        }
    }
}
