/* ingest.c - entry points: decide what an input is and read it. */
#include "ingest.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s && s[1] ? s + 1 : path;
}

pw_status pwi_ingest_buffer(const char *name, const void *data, size_t len,
                            const pw_limits *lim, pwi_tree *t, pw_error *err)
{
    pwi_input_kind k = pwi_detect_kind(data, len);
    if (k != PWI_IN_PLAIN) {
        t->is_archive = 1;
        return pwi_ingest_archive(t, data, len, "", 0, lim, err);
    }
    /* a single file: a package of one file */
    if (len > lim->max_total_bytes)
        return pwi_error(err, PW_ERR_LIMIT, name, 0, 0,
                         "file of %zu bytes exceeds max_total_bytes", len);
    pwi_file *f = pwi_tree_add(t, base_name(name), PWI_FT_REG);
    f->size = len;
    f->len = len < lim->max_file_bytes ? len : (size_t)lim->max_file_bytes;
    f->data = pwi_xmalloc(f->len + 1);
    memcpy(f->data, data, f->len);
    f->data[f->len] = '\0';
    f->truncated = f->len < len;
    f->mode = 0644;
    if (f->truncated) {
        pwi_sha256_buf(data, len, f->sha256);
        f->have_sha = 1;
    }
    t->total_bytes = len;
    if (f->truncated)
        pwi_tree_anomaly(t, PWI_AN_FILE_TRUNC, f->path,
                         "only the first %zu of %zu bytes were analysed", f->len, len);
    return PW_OK;
}

pw_status pwi_ingest_path(const char *path, const pw_limits *lim, pwi_tree *t,
                          pw_error *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return pwi_error(err, PW_ERR_IO, path, 0, 0, "cannot read: %s",
                         strerror(errno));
    if (S_ISDIR(sb.st_mode))
        return pwi_ingest_dir(t, path, lim, err);
    if (!S_ISREG(sb.st_mode))
        return pwi_error(err, PW_ERR_IO, path, 0, 0,
                         "not a regular file or directory");
    if ((uint64_t)sb.st_size > lim->max_total_bytes)
        return pwi_error(err, PW_ERR_LIMIT, path, 0, 0,
                         "input of %lld bytes exceeds max_total_bytes (%llu)",
                         (long long)sb.st_size,
                         (unsigned long long)lim->max_total_bytes);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return pwi_error(err, PW_ERR_IO, path, 0, 0, "cannot open: %s",
                         strerror(errno));
    size_t len = (size_t)sb.st_size;
    void *map = NULL;
    if (len > 0) {
        map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
        if (map == MAP_FAILED) {
            int e = errno;
            close(fd);
            return pwi_error(err, PW_ERR_IO, path, 0, 0, "cannot map: %s",
                             strerror(e));
        }
    }
    close(fd);
    pw_status st = pwi_ingest_buffer(path, len ? map : "", len, lim, t, err);
    if (map)
        munmap(map, len);
    return st;
}
