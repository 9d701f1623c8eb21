/* archive-lib.h - libarchive, bound on first use.
 *
 * libarchive brings libxml2, ICU and libstdc++ (some 3 ms of loading and
 * relocation per run); scanning a directory never opens an archive, so
 * only the commands that do pay for it. Types and constants still come
 * from <archive.h>. */
#ifndef PW_UTIL_ARCHIVE_LIB_H
#define PW_UTIL_ARCHIVE_LIB_H

#include <archive.h>
#include <archive_entry.h>
#include <stddef.h>

typedef struct pwi_la {
    struct archive *(*read_new)(void);
    int (*read_support_filter_all)(struct archive *);
    int (*read_support_format_tar)(struct archive *);
    int (*read_support_format_gnutar)(struct archive *);
    int (*read_support_format_zip)(struct archive *);
    int (*read_support_format_zip_seekable)(struct archive *);
    int (*read_open_memory)(struct archive *, const void *, size_t);
    int (*read_open_filename)(struct archive *, const char *, size_t);
    int (*read_next_header)(struct archive *, struct archive_entry **);
    la_ssize_t (*read_data)(struct archive *, void *, size_t);
    int (*read_data_block)(struct archive *, const void **, size_t *, la_int64_t *);
    int (*read_free)(struct archive *);
    int (*format)(struct archive *);
    const char *(*error_string)(struct archive *);
    const char *(*entry_pathname)(struct archive_entry *);
    const char *(*entry_hardlink)(struct archive_entry *);
    const char *(*entry_symlink)(struct archive_entry *);
    __LA_MODE_T (*entry_filetype)(struct archive_entry *);
    __LA_MODE_T (*entry_perm)(struct archive_entry *);
    /* writing (rules test packs fixtures into .tgz / .whl) */
    struct archive *(*write_new)(void);
    int (*write_set_format_zip)(struct archive *);
    int (*write_set_format_pax_restricted)(struct archive *);
    int (*write_add_filter_gzip)(struct archive *);
    int (*write_open)(struct archive *, void *, archive_open_callback *,
                      archive_write_callback *, archive_close_callback *);
    int (*write_header)(struct archive *, struct archive_entry *);
    la_ssize_t (*write_data)(struct archive *, const void *, size_t);
    int (*write_close)(struct archive *);
    int (*write_free)(struct archive *);
    struct archive_entry *(*entry_new)(void);
    void (*entry_free)(struct archive_entry *);
    void (*entry_set_pathname)(struct archive_entry *, const char *);
    void (*entry_set_filetype)(struct archive_entry *, unsigned int);
    void (*entry_set_perm)(struct archive_entry *, __LA_MODE_T);
    void (*entry_set_size)(struct archive_entry *, la_int64_t);
} pwi_la;

/* The bound library, or NULL with why ("libarchive.so.13: cannot open
 * shared object file ...") when it cannot be loaded. Thread-safe. */
const pwi_la *pwi_la_get(const char **why);

#endif
