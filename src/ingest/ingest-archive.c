/* ingest-archive.c - tar (gzip/bzip2/xz/zstd) and zip archives, read in
 * memory with libarchive. Entries are never extracted: every byte stays
 * in memory and every path is only a string. */
#include "ingest.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/mem.h"
#include "util/strmap.h"

#include "util/archive-lib.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

/* Ratios are only judged past this many uncompressed bytes: tiny
 * archives of repetitive text legitimately compress very well. */
#define RATIO_MIN_BYTES (8u << 20)

static void set_incomplete(pwi_tree *t, pw_status code, const char *msg)
{
    if (t->incomplete)
        return;
    t->incomplete = code;
    snprintf(t->incomplete_msg, sizeof t->incomplete_msg, "%s", msg);
}

/* Reads the current entry's data, hashing all of it and keeping up to
 * max_file_bytes. When the archive was inflated into base[0..base_len),
 * an entry that is one run of it followed by a NUL (tar pads files with
 * them) is not copied: f->data points into base, which the tree then
 * keeps (*lent set). Copying every file out of the inflated tar faulted
 * in as much fresh memory again as the archive holds. Returns 0, or -1
 * on a read error (corrupt data). */
static int read_entry_data(const pwi_la *la, pwi_tree *t, struct archive *a, pwi_file *f,
                           const pw_limits *lim, uint64_t in_len,
                           uint64_t *arch_bytes, const char *shown,
                           unsigned char *base, size_t base_len, int *lent)
{
    /* hashing is deferred to pwi_file_sha256 unless the file is cut
     * short: then only now can all of it be hashed */
    pwi_sha256 h;
    int hashing = 0;
    size_t cap = 0;
    unsigned char *data = NULL;
    const unsigned char *in_base = NULL; /* f's bytes so far, when in base */
    uint64_t total = 0;
    const void *block;
    size_t size;
    la_int64_t offset;
    int r;
    while ((r = la->read_data_block(a, &block, &size, &offset)) == ARCHIVE_OK) {
        const unsigned char *b = block;
        if (in_base) { /* a second block: not one run after all, copy */
            cap = f->len + 1;
            data = pwi_xmalloc(cap);
            memcpy(data, in_base, f->len);
            in_base = NULL;
        }
        /* sparse entries: offset may jump; we treat data as contiguous */
        if (!hashing && total + size > lim->max_file_bytes) {
            pwi_sha256_init(&h);
            if (f->len)
                pwi_sha256_update(&h, data, f->len);
            hashing = 1;
        }
        if (total < lim->max_file_bytes) {
            size_t take = size;
            if (total + take > lim->max_file_bytes)
                take = (size_t)(lim->max_file_bytes - total);
            if (total == 0 && take == size && size && base && b >= base &&
                (size_t)(b - base) < base_len && size < base_len - (size_t)(b - base) &&
                b[size] == 0) {
                in_base = b;
            } else {
                if (f->len + take + 1 > cap) {
                    size_t ncap = cap ? cap : 4096;
                    while (ncap < f->len + take + 1)
                        ncap *= 2;
                    data = pwi_xrealloc(data, ncap);
                    cap = ncap;
                }
                if (take) /* libarchive may hand an empty block as NULL */
                    memcpy(data + f->len, block, take);
            }
            f->len += take;
            if (hashing)
                pwi_sha256_update(&h, block, size);
        } else if (hashing) {
            pwi_sha256_update(&h, block, size);
        }
        total += size;
        t->total_bytes += size;
        *arch_bytes += size;
        if (t->total_bytes > lim->max_total_bytes)
            break;
        if (*arch_bytes > RATIO_MIN_BYTES && in_len &&
            *arch_bytes / in_len >= lim->max_ratio)
            break;
    }
    if (in_base) {
        f->data = base + (in_base - base); /* base is ours: writable */
        f->lent = 1;
        *lent = 1;
    } else {
        if (data)
            data[f->len] = '\0';
        f->data = data;
    }
    f->size = total;
    f->truncated = total > f->len;
    if (hashing) {
        pwi_sha256_final(&h, f->sha256);
        f->have_sha = 1;
    }
    if (r < ARCHIVE_OK && r != ARCHIVE_EOF) {
        if (r == ARCHIVE_WARN)
            return 0;
        pwi_tree_anomaly(t, PWI_AN_CORRUPT_NESTED, shown,
                         "entry data is corrupt: %s", la->error_string(a));
        return -1;
    }
    (void)offset;
    return 0;
}

static const char *type_name(pwi_ftype t)
{
    switch (t) {
    case PWI_FT_SYMLINK: return "symlink";
    case PWI_FT_HARDLINK: return "hardlink";
    default: return "special file";
    }
}

static pwi_ftype entry_type(const pwi_la *la, struct archive_entry *e)
{
    if (la->entry_hardlink(e))
        return PWI_FT_HARDLINK;
    switch (la->entry_filetype(e)) {
    case AE_IFREG: return PWI_FT_REG;
    case AE_IFDIR: return PWI_FT_DIR;
    case AE_IFLNK: return PWI_FT_SYMLINK;
    default: return PWI_FT_OTHER;
    }
}

/* Why an entry name cannot be shown or trusted as it is, or NULL. Names
 * must be UTF-8 without control characters (a newline or an escape
 * sequence in a name can forge report lines or rewrite a terminal), and
 * a file needs a name that is more than "." and separators. */
static const char *name_problem(const char *raw, size_t n, const char *norm,
                                pwi_ftype type)
{
    if (n == 0 || (!*norm && type != PWI_FT_DIR))
        return "is empty";
    if (!pwi_utf8_valid(raw, n))
        return "is not valid UTF-8";
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)raw[i] < 0x20 || raw[i] == 0x7f)
            return "holds control characters";
    return NULL;
}

/* Nested archives are scanned in place, their entries named
 * "outer/path.tgz!/inner/path". */
static void maybe_descend(pwi_tree *t, pwi_file *f, const char *prefix,
                          unsigned depth, const pw_limits *lim)
{
    if (!f->data || f->len < 4)
        return;
    pwi_input_kind k = pwi_detect_kind(f->data, f->len);
    if (k == PWI_IN_PLAIN)
        return;
    (void)prefix;
    char *shown = pwi_xstrdup(f->path);
    if (depth + 1 > lim->max_nesting) {
        pwi_tree_anomaly(t, PWI_AN_NESTING, shown,
                         "%s archive nested %u deep (limit %u) was not scanned",
                         pwi_kind_name(k), depth + 1, lim->max_nesting);
    } else if (f->truncated) {
        pwi_tree_anomaly(t, PWI_AN_FILE_TRUNC, shown,
                         "nested archive larger than the per-file limit was not scanned");
    } else {
        char *inner = pwi_xasprintf("%s!/", shown);
        pw_error e;
        if (pwi_ingest_archive(t, f->data, f->len, inner, depth + 1, lim, &e) != PW_OK &&
            e.code != PW_ERR_LIMIT)
            pwi_tree_anomaly(t, PWI_AN_CORRUPT_NESTED, shown,
                             "nested %s could not be read: %s", pwi_kind_name(k),
                             e.msg);
        free(inner);
    }
    free(shown);
}

/* A .tgz inflated in one call by libdeflate, about twice as fast as the
 * zlib inside libarchive, so that libarchive only reads the tar. Only a
 * single gzip member that inflates within what the limits allow (total
 * bytes, ratio) is taken; anything else (several members, trailing
 * bytes, corrupt data, a bomb) returns -1 and goes through libarchive's
 * streaming path, which reports it as before. */
static int gunzip_whole(const unsigned char *p, size_t n, const pw_limits *lim,
                        unsigned char **out, size_t *out_len)
{
    if (n < 18 || p[0] != 0x1f || p[1] != 0x8b || p[2] != 8)
        return -1;
    uint64_t cap = (uint64_t)n * lim->max_ratio;
    if (cap < RATIO_MIN_BYTES)
        cap = RATIO_MIN_BYTES;
    if (cap > lim->max_total_bytes)
        cap = lim->max_total_bytes;
    if (cap > (1ull << 32))
        cap = 1ull << 32; /* gzip's own size field cannot say more */
    /* the trailer's size (mod 2^32): libdeflate checks it and the CRC, so
     * a member it inflates into want + 1 bytes is exactly that long */
    uint64_t want = (uint64_t)p[n - 4] | (uint64_t)p[n - 3] << 8 |
                    (uint64_t)p[n - 2] << 16 | (uint64_t)p[n - 1] << 24;
    /* DEFLATE cannot inflate more than 1032:1: a larger size is a lie */
    if (want + 1 > cap || want > (uint64_t)n * 1032 + 1024)
        return -1;
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    unsigned char *buf = d ? malloc((size_t)want + 1) : NULL;
    int rc = -1;
    size_t in_used = 0, got = 0;
    if (buf && libdeflate_gzip_decompress_ex(d, p, n, buf, (size_t)want + 1, &in_used,
                                             &got) == LIBDEFLATE_SUCCESS &&
        in_used == n) {
        buf[got] = '\0';
        *out = buf;
        *out_len = got;
        rc = 0;
    }
    if (d)
        libdeflate_free_decompressor(d);
    if (rc)
        free(buf);
    return rc;
}

pw_status pwi_ingest_archive(pwi_tree *t, const void *data, size_t len,
                             const char *prefix, unsigned depth,
                             const pw_limits *lim, pw_error *err)
{
    const char *la_why;
    const pwi_la *la = pwi_la_get(&la_why);
    if (!la)
        return pwi_error(err, PW_ERR_UNSUPPORTED, t->source, 0, 0,
                         "reading archives needs libarchive, which cannot be loaded (%s)",
                         la_why);
    struct archive *a = la->read_new();
    if (!a)
        return pwi_error(err, PW_ERR_NOMEM, t->source, 0, 0, "libarchive: out of memory");
    la->read_support_filter_all(a);
    la->read_support_format_tar(a);
    la->read_support_format_gnutar(a);
    la->read_support_format_zip_seekable(a);
    pw_status st = PW_OK;
    /* ratios stay judged against len, the bytes as stored */
    unsigned char *plain = NULL;
    size_t plain_len = 0;
    int inflated = gunzip_whole(data, len, lim, &plain, &plain_len) == 0;
    if (la->read_open_memory(a, inflated ? plain : data, inflated ? plain_len : len) !=
        ARCHIVE_OK) {
        st = pwi_error(err, PW_ERR_FORMAT, t->source, 0, 0,
                       "%snot a readable archive: %s", prefix,
                       la->error_string(a));
        la->read_free(a);
        free(plain);
        return st;
    }

    pwi_strmap seen;
    pwi_strmap_init(&seen);
    int lent = 0; /* some file's data points into plain */
    size_t entries = 0;
    uint64_t arch_bytes = 0; /* uncompressed bytes of this archive alone */
    struct archive_entry *e;
    for (;;) {
        int r = la->read_next_header(a, &e);
        if (r == ARCHIVE_EOF)
            break;
        /* ARCHIVE_RETRY is libarchive skipping a damaged header and
         * hunting for the next one 512 bytes on: the entry is lost and
         * file data may be read as headers (tar smuggling), so a damaged
         * header is corruption, not something to step over. (RETRY is
         * -10, above WARN's -20.) */
        if (r == ARCHIVE_RETRY || r < ARCHIVE_WARN) {
            st = pwi_error(err, PW_ERR_FORMAT, t->source, 0, 0,
                           "%scorrupt archive after %zu entries: %s", prefix,
                           entries, la->error_string(a));
            break;
        }
        if (t->nfiles >= lim->max_entries) {
            pwi_tree_anomaly(t, PWI_AN_TOO_MANY, prefix,
                             "archive has more than %llu entries; the rest was not scanned",
                             (unsigned long long)lim->max_entries);
            set_incomplete(t, PW_ERR_LIMIT, "entry limit reached");
            st = pwi_error(err, PW_ERR_LIMIT, t->source, 0, 0,
                           "more than %llu entries (limit max_entries)",
                           (unsigned long long)lim->max_entries);
            break;
        }
        entries++;

        const char *raw = la->entry_pathname(e);
        if (!raw)
            raw = "";
        size_t rawlen = strlen(raw);
        char *esc = pwi_escape(raw, rawlen, 1024);
        pwi_ftype type = entry_type(la, e);
        int traversal;
        char *norm = pwi_path_normalize(raw, &traversal);
        const char *why = name_problem(raw, rawlen, norm, type);
        /* Escape after normalising: escapes add backslashes, which the
         * normaliser would read as separators ("a\xff" -> "a/xff"). */
        char *path = why ? pwi_escape(norm, strlen(norm), 1024) : norm;
        char *shown = pwi_xasprintf("%s%s", prefix, path);

        if (why)
            pwi_tree_anomaly(t, PWI_AN_BAD_NAME, shown, "entry name %s: \"%s\"",
                             why, esc);
        if (traversal)
            pwi_tree_anomaly(t, PWI_AN_TRAVERSAL, shown,
                             "entry name \"%s\" points outside the archive root", esc);

        if (type != PWI_FT_DIR && pwi_strmap_put(&seen, shown, strlen(shown), 0))
            pwi_tree_anomaly(t, PWI_AN_DUPLICATE, shown,
                             "entry \"%s\" appears more than once; extractors keep the last copy",
                             shown);

        pwi_file *f = pwi_tree_add(t, shown, type);
        f->mode = (uint32_t)la->entry_perm(e);
        if (type == PWI_FT_SYMLINK || type == PWI_FT_HARDLINK) {
            const char *target = type == PWI_FT_SYMLINK ? la->entry_symlink(e)
                                                        : la->entry_hardlink(e);
            if (!target)
                target = "";
            f->link = pwi_escape(target, strlen(target), 1024);
            int escapes = type == PWI_FT_SYMLINK ? pwi_link_escapes(path, target)
                                                 : (int){0};
            if (type == PWI_FT_HARDLINK) {
                int trav;
                free(pwi_path_normalize(target, &trav));
                escapes = trav;
            }
            if (escapes)
                pwi_tree_anomaly(t, PWI_AN_LINK_ESCAPE, shown,
                                 "%s to \"%s\" points outside the package",
                                 type_name(type), f->link);
            else
                pwi_tree_anomaly(t, PWI_AN_LINK, shown, "%s to \"%s\"",
                                 type_name(type), f->link);
        } else if (type == PWI_FT_OTHER) {
            pwi_tree_anomaly(t, PWI_AN_SPECIAL, shown,
                             "device, fifo or socket entry in a package archive");
        } else if (type == PWI_FT_REG) {
            if (read_entry_data(la, t, a, f, lim, len, &arch_bytes, shown,
                                inflated ? plain : NULL, plain_len, &lent) < 0) {
                st = pwi_error(err, PW_ERR_FORMAT, t->source, 0, 0,
                               "%scorrupt data in entry \"%s\": %s", prefix, esc,
                               la->error_string(a));
                free(esc); free(shown);
                if (path != norm) free(path);
                free(norm);
                break;
            }
            if (f->truncated && t->total_bytes <= lim->max_total_bytes)
                pwi_tree_anomaly(t, PWI_AN_FILE_TRUNC, shown,
                                 "only the first %llu of %llu bytes were analysed",
                                 (unsigned long long)f->len,
                                 (unsigned long long)f->size);
        }
        free(esc);
        if (path != norm)
            free(path);
        free(norm);

        if (t->total_bytes > lim->max_total_bytes) {
            pwi_tree_anomaly(t, PWI_AN_TOO_BIG, prefix,
                             "archive expands past %llu bytes; the rest was not scanned",
                             (unsigned long long)lim->max_total_bytes);
            set_incomplete(t, PW_ERR_LIMIT, "total size limit reached");
            st = pwi_error(err, PW_ERR_LIMIT, t->source, 0, 0,
                           "uncompressed size exceeds %llu bytes (limit max_total_bytes)",
                           (unsigned long long)lim->max_total_bytes);
            free(shown);
            break;
        }
        if (arch_bytes > RATIO_MIN_BYTES && len &&
            arch_bytes / len >= lim->max_ratio) {
            pwi_tree_anomaly(t, PWI_AN_RATIO, prefix,
                             "archive of %zu bytes expands to more than %llu bytes "
                             "(ratio over %llu:1): a decompression bomb",
                             len, (unsigned long long)arch_bytes,
                             (unsigned long long)lim->max_ratio);
            set_incomplete(t, PW_ERR_LIMIT, "compression ratio limit reached");
            st = pwi_error(err, PW_ERR_LIMIT, t->source, 0, 0,
                           "compression ratio over %llu:1 (limit max_ratio)",
                           (unsigned long long)lim->max_ratio);
            free(shown);
            break;
        }
        free(shown);
        if (type == PWI_FT_REG) {
            /* f may move when nested entries are appended */
            size_t idx = (size_t)(f - t->files);
            maybe_descend(t, &t->files[idx], prefix, depth, lim);
            if (t->incomplete) {
                st = pwi_error(err, t->incomplete, t->source, 0, 0, "%s",
                               t->incomplete_msg);
                break;
            }
        }
    }
    if (st == PW_OK && entries == 0 && la->format(a) == 0)
        st = pwi_error(err, PW_ERR_FORMAT, t->source, 0, 0,
                       "%sno tar or zip archive inside", prefix);
    pwi_strmap_release(&seen);
    la->read_free(a);
    if (lent)
        pwi_tree_keep(t, plain);
    else
        free(plain);
    return st;
}
