/* archive-lib.c - bind libarchive at first use (see archive-lib.h). */
#include "archive-lib.h"
#include "dl.h"

#include <pthread.h>

/* Each slot must have the type of the function it holds: a libarchive
 * upgrade that changed a signature fails the build, not a scan. The
 * operand of __typeof__ is not evaluated, so nothing links to libarchive. */
#define SLOT(field, fn)                                                              \
    _Static_assert(__builtin_types_compatible_p(__typeof__(&fn),                    \
                                                __typeof__(((pwi_la *)0)->field)),   \
                   #fn " does not match pwi_la." #field)
SLOT(read_new, archive_read_new);
SLOT(read_support_filter_all, archive_read_support_filter_all);
SLOT(read_support_format_tar, archive_read_support_format_tar);
SLOT(read_support_format_gnutar, archive_read_support_format_gnutar);
SLOT(read_support_format_zip, archive_read_support_format_zip);
SLOT(read_support_format_zip_seekable, archive_read_support_format_zip_seekable);
SLOT(read_open_memory, archive_read_open_memory);
SLOT(read_open_filename, archive_read_open_filename);
SLOT(read_next_header, archive_read_next_header);
SLOT(read_data, archive_read_data);
SLOT(read_data_block, archive_read_data_block);
SLOT(read_free, archive_read_free);
SLOT(format, archive_format);
SLOT(error_string, archive_error_string);
SLOT(entry_pathname, archive_entry_pathname);
SLOT(entry_hardlink, archive_entry_hardlink);
SLOT(entry_symlink, archive_entry_symlink);
SLOT(entry_filetype, archive_entry_filetype);
SLOT(entry_perm, archive_entry_perm);
SLOT(write_new, archive_write_new);
SLOT(write_set_format_zip, archive_write_set_format_zip);
SLOT(write_set_format_pax_restricted, archive_write_set_format_pax_restricted);
SLOT(write_add_filter_gzip, archive_write_add_filter_gzip);
SLOT(write_open, archive_write_open);
SLOT(write_header, archive_write_header);
SLOT(write_data, archive_write_data);
SLOT(write_close, archive_write_close);
SLOT(write_free, archive_write_free);
SLOT(entry_new, archive_entry_new);
SLOT(entry_free, archive_entry_free);
SLOT(entry_set_pathname, archive_entry_set_pathname);
SLOT(entry_set_filetype, archive_entry_set_filetype);
SLOT(entry_set_perm, archive_entry_set_perm);
SLOT(entry_set_size, archive_entry_set_size);

static pwi_la la;
static char la_why[256];
static int la_ok;
static pthread_once_t la_once = PTHREAD_ONCE_INIT;

#define SYM(field, fn) {#fn, &la.field}

static void la_bind(void)
{
    static const char *const sonames[] = {"libarchive.so.13", "libarchive.so", NULL};
    const pwi_dl_sym syms[] = {
        SYM(read_new, archive_read_new),
        SYM(read_support_filter_all, archive_read_support_filter_all),
        SYM(read_support_format_tar, archive_read_support_format_tar),
        SYM(read_support_format_gnutar, archive_read_support_format_gnutar),
        SYM(read_support_format_zip, archive_read_support_format_zip),
        SYM(read_support_format_zip_seekable, archive_read_support_format_zip_seekable),
        SYM(read_open_memory, archive_read_open_memory),
        SYM(read_open_filename, archive_read_open_filename),
        SYM(read_next_header, archive_read_next_header),
        SYM(read_data, archive_read_data),
        SYM(read_data_block, archive_read_data_block),
        SYM(read_free, archive_read_free),
        SYM(format, archive_format),
        SYM(error_string, archive_error_string),
        SYM(entry_pathname, archive_entry_pathname),
        SYM(entry_hardlink, archive_entry_hardlink),
        SYM(entry_symlink, archive_entry_symlink),
        SYM(entry_filetype, archive_entry_filetype),
        SYM(entry_perm, archive_entry_perm),
        SYM(write_new, archive_write_new),
        SYM(write_set_format_zip, archive_write_set_format_zip),
        SYM(write_set_format_pax_restricted, archive_write_set_format_pax_restricted),
        SYM(write_add_filter_gzip, archive_write_add_filter_gzip),
        SYM(write_open, archive_write_open),
        SYM(write_header, archive_write_header),
        SYM(write_data, archive_write_data),
        SYM(write_close, archive_write_close),
        SYM(write_free, archive_write_free),
        SYM(entry_new, archive_entry_new),
        SYM(entry_free, archive_entry_free),
        SYM(entry_set_pathname, archive_entry_set_pathname),
        SYM(entry_set_filetype, archive_entry_set_filetype),
        SYM(entry_set_perm, archive_entry_set_perm),
        SYM(entry_set_size, archive_entry_set_size),
    };
    la_ok = pwi_dl_bind(sonames, syms, sizeof syms / sizeof *syms, la_why,
                        sizeof la_why) == 0;
}

const pwi_la *pwi_la_get(const char **why)
{
    pthread_once(&la_once, la_bind);
    if (why)
        *why = la_ok ? NULL : la_why;
    return la_ok ? &la : NULL;
}
