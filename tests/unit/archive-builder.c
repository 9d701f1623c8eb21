/* archive-builder.c - see archive-builder.h. */
#include "archive-builder.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ab_archive {
    struct archive *a;
    unsigned char *buf;
    size_t len, cap;
};

static void die(ab_archive *ab, const char *what)
{
    fprintf(stderr, "archive-builder: %s: %s\n", what,
            ab && ab->a ? archive_error_string(ab->a) : "(no archive)");
    abort();
}

static la_ssize_t on_write(struct archive *a, void *user, const void *p, size_t n)
{
    (void)a;
    ab_archive *ab = user;
    if (ab->len + n > ab->cap) {
        size_t cap = ab->cap ? ab->cap : 65536;
        while (cap < ab->len + n)
            cap *= 2;
        unsigned char *b = realloc(ab->buf, cap);
        if (!b)
            abort();
        ab->buf = b;
        ab->cap = cap;
    }
    memcpy(ab->buf + ab->len, p, n);
    ab->len += n;
    return (la_ssize_t)n;
}

static void check(ab_archive *ab, int r, const char *what)
{
    /* ARCHIVE_WARN: e.g. a name that is not valid in the locale, which is
     * exactly what some tests want to store */
    if (r < ARCHIVE_WARN)
        die(ab, what);
}

ab_archive *ab_new(ab_format fmt)
{
    ab_archive *ab = calloc(1, sizeof *ab);
    if (!ab)
        abort();
    ab->a = archive_write_new();
    if (!ab->a)
        abort();
    switch (fmt) {
    case AB_TGZ:
        check(ab, archive_write_add_filter_gzip(ab->a), "gzip");
        check(ab, archive_write_set_format_pax_restricted(ab->a), "pax");
        break;
    case AB_TAR:
        check(ab, archive_write_set_format_pax_restricted(ab->a), "pax");
        break;
    case AB_USTAR_GZ:
        check(ab, archive_write_add_filter_gzip(ab->a), "gzip");
        check(ab, archive_write_set_format_ustar(ab->a), "ustar");
        break;
    case AB_ZIP:
        check(ab, archive_write_set_format_zip(ab->a), "zip");
        break;
    }
    /* no padding of the last block: smaller test inputs */
    archive_write_set_bytes_in_last_block(ab->a, 1);
    check(ab, archive_write_open2(ab->a, ab, NULL, on_write, NULL, NULL), "open");
    return ab;
}

static struct archive_entry *entry(const char *path, unsigned type, unsigned perm,
                                   int64_t size)
{
    struct archive_entry *e = archive_entry_new();
    if (!e)
        abort();
    archive_entry_copy_pathname(e, path);
    archive_entry_set_filetype(e, type);
    archive_entry_set_perm(e, perm);
    archive_entry_set_size(e, size);
    /* fixed metadata: the same description gives the same bytes */
    archive_entry_set_mtime(e, 499162500, 0);
    archive_entry_set_uid(e, 0);
    archive_entry_set_gid(e, 0);
    return e;
}

void ab_add_file(ab_archive *ab, const char *path, const void *data, size_t len)
{
    struct archive_entry *e = entry(path, AE_IFREG, 0644, (int64_t)len);
    check(ab, archive_write_header(ab->a, e), path);
    if (len && archive_write_data(ab->a, data, len) != (la_ssize_t)len)
        die(ab, path);
    archive_entry_free(e);
}

void ab_add_str(ab_archive *ab, const char *path, const char *text)
{
    ab_add_file(ab, path, text, strlen(text));
}

void ab_add_zeros(ab_archive *ab, const char *path, uint64_t size)
{
    static const unsigned char zeros[65536];
    struct archive_entry *e = entry(path, AE_IFREG, 0644, (int64_t)size);
    check(ab, archive_write_header(ab->a, e), path);
    for (uint64_t done = 0; done < size;) {
        size_t n = size - done < sizeof zeros ? (size_t)(size - done) : sizeof zeros;
        if (archive_write_data(ab->a, zeros, n) != (la_ssize_t)n)
            die(ab, path);
        done += n;
    }
    archive_entry_free(e);
}

void ab_add_dir(ab_archive *ab, const char *path)
{
    struct archive_entry *e = entry(path, AE_IFDIR, 0755, 0);
    check(ab, archive_write_header(ab->a, e), path);
    archive_entry_free(e);
}

void ab_add_symlink(ab_archive *ab, const char *path, const char *target)
{
    struct archive_entry *e = entry(path, AE_IFLNK, 0777, 0);
    archive_entry_copy_symlink(e, target);
    check(ab, archive_write_header(ab->a, e), path);
    archive_entry_free(e);
}

void ab_add_hardlink(ab_archive *ab, const char *path, const char *target)
{
    struct archive_entry *e = entry(path, AE_IFREG, 0644, 0);
    archive_entry_copy_hardlink(e, target);
    check(ab, archive_write_header(ab->a, e), path);
    archive_entry_free(e);
}

void ab_add_special(ab_archive *ab, const char *path, unsigned type)
{
    struct archive_entry *e = entry(path, type, 0644, 0);
    if (type == AE_IFCHR || type == AE_IFBLK)
        archive_entry_set_rdev(e, ((dev_t)1 << 8) | 3); /* like /dev/null */
    check(ab, archive_write_header(ab->a, e), path);
    archive_entry_free(e);
}

unsigned char *ab_finish(ab_archive *ab, size_t *len)
{
    check(ab, archive_write_close(ab->a), "close");
    archive_write_free(ab->a);
    unsigned char *out = ab->buf;
    *len = ab->len;
    if (!out) {
        out = malloc(1);
        if (!out)
            abort();
    }
    free(ab);
    return out;
}

unsigned char *ab_build(ab_format fmt, const char *const *pairs, size_t n, size_t *len)
{
    ab_archive *ab = ab_new(fmt);
    for (size_t i = 0; i < n; i++)
        ab_add_str(ab, pairs[2 * i], pairs[2 * i + 1]);
    return ab_finish(ab, len);
}
