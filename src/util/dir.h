/* dir.h - sorted directory listings (rule files, YARA files, fixtures). */
#ifndef PW_UTIL_DIR_H
#define PW_UTIL_DIR_H

#include <stddef.h>

/* Full paths ("dir/name") of the entries of dir whose names do not start
 * with '.', sorted by name so callers visit them in a stable order.
 * Returns 0 and sets *out and *n (free with pwi_dir_list_free; *out may be
 * NULL when n is 0), or -1 with errno set when dir cannot be read. */
int pwi_dir_list(const char *dir, char ***out, size_t *n);
void pwi_dir_list_free(char **v, size_t n);

#endif
