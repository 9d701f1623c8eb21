/* paths.c - per-user directories. */
#include "util/paths.h"
#include "util/mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

char *pwi_user_dir(pwi_user_dir_kind kind)
{
    static const struct {
        const char *env, *fallback;
    } dirs[] = {
        [PWI_DIR_CACHE] = {"XDG_CACHE_HOME", ".cache"},
        [PWI_DIR_DATA] = {"XDG_DATA_HOME", ".local/share"},
        [PWI_DIR_CONFIG] = {"XDG_CONFIG_HOME", ".config"},
    };
    const char *xdg = getenv(dirs[kind].env);
    if (xdg && xdg[0] == '/')
        return pwi_xasprintf("%s/pkgward", xdg);
    const char *home = getenv("HOME");
    if (!home || home[0] != '/')
        return NULL;
    return pwi_xasprintf("%s/%s/pkgward", home, dirs[kind].fallback);
}

int pwi_mkdirs(const char *path, unsigned mode)
{
    char *p = pwi_xstrdup(path);
    int rc = 0;
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, mode) != 0 && errno != EEXIST) {
            rc = -1;
            break;
        }
        *s = c;
        if (c == '\0')
            break;
    }
    int e = errno;
    free(p);
    errno = e;
    return rc;
}

const char *pwi_path_for_display(const char *path, char *buf, size_t size)
{
    char cwd[4096];
    const char *out = path;
    if (path[0] == '/' && getcwd(cwd, sizeof cwd)) {
        size_t n = strlen(cwd);
        if (n > 1 && !strncmp(path, cwd, n) && path[n] == '/')
            out = path + n + 1;
    }
    snprintf(buf, size, "%s", out);
    return buf;
}
