/* cache.c - the per-user cache directory (see cache.h). */
#include "cache.h"
#include "mem.h"
#include "paths.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TOUCH_AFTER (24 * 3600)

char *pwi_cache_dir(void)
{
    const char *env = getenv("PKGWARD_CACHE_DIR");
    if (env && *env)
        return strcmp(env, "off") ? pwi_xstrdup(env) : NULL;
    char *dir = pwi_user_dir(PWI_DIR_CACHE);
    if (dir && pwi_mkdirs(dir, 0700) != 0) {
        free(dir);
        return NULL;
    }
    return dir;
}

int pwi_cache_write(const char *dir, const char *name, const void *p, size_t n)
{
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return -1;
    char *path = pwi_xasprintf("%s/%s", dir, name);
    char *tmp = pwi_xasprintf("%s.%ld.tmp", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    int ok = fd >= 0;
    for (size_t off = 0; ok && off < n;) {
        ssize_t w = write(fd, (const char *)p + off, n - off);
        if (w < 0 && errno == EINTR)
            continue;
        ok = w > 0;
        if (ok)
            off += (size_t)w;
    }
    if (fd >= 0 && close(fd) != 0)
        ok = 0;
    if (ok)
        ok = rename(tmp, path) == 0;
    if (!ok && fd >= 0)
        unlink(tmp);
    free(tmp);
    free(path);
    return ok ? 0 : -1;
}

int pwi_cache_map(const char *dir, const char *name, size_t max,
                  const unsigned char **p, size_t *len)
{
    char *path = pwi_xasprintf("%s/%s", dir, name);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    free(path);
    if (fd < 0)
        return -1;
    struct stat sb;
    void *m = MAP_FAILED;
    /* mapped, not read: the bytes are copied once (by the consumer) */
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
        (uint64_t)sb.st_size <= max)
        m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (m != MAP_FAILED && time(NULL) - sb.st_mtime > TOUCH_AFTER)
        futimens(fd, NULL);
    close(fd);
    if (m == MAP_FAILED)
        return -1;
    *p = m;
    *len = (size_t)sb.st_size;
    return 0;
}

void pwi_cache_unmap(const unsigned char *p, size_t len)
{
    if (p)
        munmap((void *)p, len);
}

typedef struct entry {
    char *name;
    time_t mtime;
} entry;

static int newest_first(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    return x->mtime < y->mtime ? 1 : x->mtime > y->mtime ? -1 : strcmp(x->name, y->name);
}

void pwi_cache_prune(const char *dir, const char *prefix, const char *suffix, size_t keep)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    entry *v = NULL;
    size_t n = 0, cap = 0;
    size_t lp = strlen(prefix), ls = strlen(suffix);
    struct dirent *de;
    while ((de = readdir(d)) && n < 4096) {
        size_t len = strlen(de->d_name);
        if (len < lp + ls || strncmp(de->d_name, prefix, lp) ||
            strcmp(de->d_name + len - ls, suffix))
            continue;
        struct stat st;
        if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
            !S_ISREG(st.st_mode))
            continue;
        PW_GROW(v, cap, n + 1);
        v[n].name = pwi_xstrdup(de->d_name);
        v[n++].mtime = st.st_mtime;
    }
    if (n > keep) {
        qsort(v, n, sizeof *v, newest_first);
        for (size_t i = keep; i < n; i++)
            unlinkat(dirfd(d), v[i].name, 0);
    }
    for (size_t i = 0; i < n; i++)
        free(v[i].name);
    free(v);
    closedir(d);
}
