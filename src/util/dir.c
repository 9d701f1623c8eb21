#include "dir.h"
#include "mem.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int pwi_dir_list(const char *dir, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char **v = NULL;
    size_t count = 0, cap = 0, dlen = strlen(dir);
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        PW_GROW(v, cap, count + 1);
        /* joined by hand: a warm start lists some 200 rule entries, and
         * formatting each through printf cost more than reading them */
        size_t nlen = strlen(de->d_name);
        char *path = pwi_xmalloc(dlen + 1 + nlen + 1);
        memcpy(path, dir, dlen);
        path[dlen] = '/';
        memcpy(path + dlen + 1, de->d_name, nlen + 1);
        v[count++] = path;
    }
    closedir(d);
    if (count)
        qsort(v, count, sizeof *v, cmp_str);
    *out = v;
    *n = count;
    return 0;
}

void pwi_dir_list_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}
