/* archive-builder.h - building small test archives in memory.
 *
 * Tests describe an archive entry by entry and get its bytes back, so no
 * binary fixture is ever committed. Built on libarchive's write API; the
 * output grows in a heap buffer, so archives of any size can be made.
 * Every call aborts on a libarchive error: a broken builder is a broken
 * test, not a finding.
 *
 *   ab_archive *ab = ab_new(AB_TGZ);
 *   ab_add_str(ab, "package/package.json", "{\"name\":\"x\"}");
 *   ab_add_symlink(ab, "package/evil", "../../etc/passwd");
 *   size_t len;
 *   unsigned char *tgz = ab_finish(ab, &len);   // caller frees
 */
#ifndef PW_TEST_ARCHIVE_BUILDER_H
#define PW_TEST_ARCHIVE_BUILDER_H

#include <stddef.h>
#include <stdint.h>

typedef enum ab_format {
    AB_TGZ = 0,  /* pax_restricted tar, gzip (what npm pack makes) */
    AB_TAR,      /* pax_restricted tar, uncompressed */
    AB_USTAR_GZ, /* ustar, gzip: names stored as raw bytes */
    AB_ZIP       /* zip, deflate (wheels) */
} ab_format;

typedef struct ab_archive ab_archive;

ab_archive *ab_new(ab_format fmt);

/* A regular file with the given content (path is stored verbatim). */
void ab_add_file(ab_archive *ab, const char *path, const void *data, size_t len);
void ab_add_str(ab_archive *ab, const char *path, const char *text);
/* A regular file of size zero bytes, written in chunks (bombs). */
void ab_add_zeros(ab_archive *ab, const char *path, uint64_t size);
void ab_add_dir(ab_archive *ab, const char *path);
void ab_add_symlink(ab_archive *ab, const char *path, const char *target);
void ab_add_hardlink(ab_archive *ab, const char *path, const char *target);
/* A fifo, character device or other non-regular entry: type is an
 * AE_IF* value from archive_entry.h (AE_IFIFO, AE_IFCHR, ...). */
void ab_add_special(ab_archive *ab, const char *path, unsigned type);

/* Closes the archive and returns its bytes (malloc'd, caller frees);
 * frees ab. */
unsigned char *ab_finish(ab_archive *ab, size_t *len);

/* Shorthand: an archive of n (path, text) pairs given as an array of
 * 2n strings. */
unsigned char *ab_build(ab_format fmt, const char *const *pairs, size_t n, size_t *len);

#endif
