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
    size_t count = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        PW_GROW(v, cap, count + 1);
        v[count++] = pwi_xasprintf("%s/%s", dir, de->d_name);
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
