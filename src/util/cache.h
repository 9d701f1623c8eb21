/* cache.h - pkgward's per-user cache directory: compiled rule sets and
 * prefilter databases that make a warm start cheap. Every cached file is
 * derived data, named by a hash of what it was made from, written
 * atomically and checked when read; a missing, stale or damaged one is
 * rebuilt, never an error. */
#ifndef PW_UTIL_CACHE_H
#define PW_UTIL_CACHE_H

#include <stddef.h>

/* $PKGWARD_CACHE_DIR, else $XDG_CACHE_HOME/pkgward, else ~/.cache/pkgward,
 * created 0700; NULL when none can be made or the variable is "off". */
char *pwi_cache_dir(void);

/* Writes dir/name through a temporary file and rename, so readers see
 * the old file or the whole new one. 0 or -1 (nothing written). */
int pwi_cache_write(const char *dir, const char *name, const void *p, size_t n);

/* Maps dir/name read-only (a regular file of at most max bytes) and
 * marks it used (its mtime, refreshed at most once a day, so pruning
 * keeps it). 0, or -1 when there is no such file. */
int pwi_cache_map(const char *dir, const char *name, size_t max,
                  const unsigned char **p, size_t *len);
void pwi_cache_unmap(const unsigned char *p, size_t len);

/* Deletes all but the `keep` most recently used files of dir named
 * prefix*suffix. */
void pwi_cache_prune(const char *dir, const char *prefix, const char *suffix, size_t keep);

#endif
