/* file.h - reading small whole files (configs, lockfiles, records). */
#ifndef PW_UTIL_FILE_H
#define PW_UTIL_FILE_H

#include "pkgward.h"

#include <stddef.h>

/*
 * Reads the regular file at path, at most max bytes, into *data (malloc'd,
 * NUL-terminated, caller frees) and *len. Does not block on FIFOs.
 * Errors name path: PW_ERR_IO (cannot open/read, not a regular file),
 * PW_ERR_LIMIT ("<what> is larger than N KiB").
 */
pw_status pwi_read_file(const char *path, size_t max, const char *what,
                        char **data, size_t *len, pw_error *err);

#endif
