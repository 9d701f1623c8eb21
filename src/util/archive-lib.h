/* archive-lib.h - libarchive, bound on first use.
 *
 * libarchive brings libxml2, ICU and libstdc++ (some 3 ms of loading and
 * relocation per run); scanning a directory never opens an archive, so
 * only the commands that do pay for it. la->fn has the exact type of
 * archive_fn (taken from <archive.h>, which also gives the types and
 * constants), so a changed signature fails the build, not a scan. */
#ifndef PW_UTIL_ARCHIVE_LIB_H
#define PW_UTIL_ARCHIVE_LIB_H

#include <archive.h>
#include <archive_entry.h>
#include <stddef.h>

#define PWI_ARCHIVE_FUNCS(X)                                                         \
    /* reading */                                                                    \
    X(read_new) X(read_support_filter_all) X(read_support_format_tar)                \
    X(read_support_format_gnutar) X(read_support_format_zip)                         \
    X(read_support_format_zip_seekable) X(read_open_memory) X(read_open_filename)    \
    X(read_next_header) X(read_data) X(read_data_block) X(read_free) X(format)       \
    X(error_string) X(entry_pathname) X(entry_hardlink) X(entry_symlink)             \
    X(entry_filetype) X(entry_perm)                                                  \
    /* writing (rules test packs fixtures into .tgz / .whl) */                      \
    X(write_new) X(write_set_format_zip) X(write_set_format_pax_restricted)         \
    X(write_add_filter_gzip) X(write_open) X(write_header) X(write_data)             \
    X(write_close) X(write_free) X(entry_new) X(entry_free) X(entry_set_pathname)    \
    X(entry_set_filetype) X(entry_set_perm) X(entry_set_size)

typedef struct pwi_la {
#define PWI_ARCHIVE_SLOT(fn) __typeof__(&archive_##fn) fn;
    PWI_ARCHIVE_FUNCS(PWI_ARCHIVE_SLOT)
#undef PWI_ARCHIVE_SLOT
} pwi_la;

/* The bound library, or NULL with why ("libarchive.so.13: cannot open
 * shared object file ...") when it cannot be loaded. Thread-safe. */
const pwi_la *pwi_la_get(const char **why);

#endif
