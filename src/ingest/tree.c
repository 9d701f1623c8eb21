/* tree.c - the flat entry list of one input. */
#include "ingest.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/openat2.h>
#endif

void pwi_tree_init(pwi_tree *t, const char *source)
{
    memset(t, 0, sizeof *t);
    t->source = pwi_xstrdup(source);
    t->root_fd = -1;
}

void pwi_tree_release(pwi_tree *t)
{
    for (size_t i = 0; i < t->nfiles; i++) {
        free(t->files[i].path);
        free(t->files[i].link);
        if (!t->files[i].lent)
            free(t->files[i].data);
    }
    free(t->files);
    for (size_t i = 0; i < t->nblobs; i++)
        free(t->blobs[i]);
    free(t->blobs);
    for (size_t i = 0; i < t->nanomalies; i++) {
        free(t->anomalies[i].path);
        free(t->anomalies[i].message);
    }
    free(t->anomalies);
    free(t->source);
    if (t->root_fd >= 0)
        close(t->root_fd);
    memset(t, 0, sizeof *t);
    t->root_fd = -1;
}

void pwi_tree_keep(pwi_tree *t, void *blob)
{
    PW_GROW(t->blobs, t->capblobs, t->nblobs + 1);
    t->blobs[t->nblobs++] = blob;
}

pwi_file *pwi_tree_add(pwi_tree *t, const char *path, pwi_ftype type)
{
    PW_GROW(t->files, t->capfiles, t->nfiles + 1);
    pwi_file *f = &t->files[t->nfiles++];
    memset(f, 0, sizeof *f);
    f->path = pwi_xstrdup(path);
    f->type = type;
    return f;
}

void pwi_tree_anomaly(pwi_tree *t, const char *rule, const char *path,
                      const char *fmt, ...)
{
    PW_GROW(t->anomalies, t->capanomalies, t->nanomalies + 1);
    pwi_anomaly *a = &t->anomalies[t->nanomalies++];
    a->rule = rule;
    a->path = pwi_xstrdup(path ? path : "");
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    a->message = pwi_xstrdup(msg);
}

/* Opens path beneath the root without following any symlink, so a tree
 * swapped under us cannot lead outside it. O_NONBLOCK: a regular file
 * swapped for a fifo after the walk must not hang the scan in open();
 * the caller's fstat then refuses it. */
static int open_beneath(int root_fd, const char *path)
{
#if defined(__linux__) && defined(SYS_openat2)
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    long fd = syscall(SYS_openat2, root_fd, path, &how, sizeof how);
    if (fd >= 0 || errno != ENOSYS)
        return (int)fd;
#endif
    return openat(root_fd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
}

pw_status pwi_tree_load(pwi_tree *t, pwi_file *f, const pw_limits *lim,
                        pw_error *err)
{
    if (!f->from_dir || f->data || f->type != PWI_FT_REG)
        return PW_OK;
    int fd = open_beneath(t->root_fd, f->path);
    if (fd < 0)
        return pwi_error(err, PW_ERR_IO, f->path, 0, 0, "cannot open: %s",
                         strerror(errno));
    struct stat st;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        close(fd);
        return pwi_error(err, PW_ERR_IO, f->path, 0, 0,
                         "no longer a regular file");
    }
    uint64_t keep = (uint64_t)st.st_size < lim->max_file_bytes
                        ? (uint64_t)st.st_size : lim->max_file_bytes;
    unsigned char *data = malloc((size_t)keep + 1);
    if (!data) {
        close(fd);
        return pwi_error(err, PW_ERR_NOMEM, f->path, 0, 0,
                         "cannot allocate %llu bytes", (unsigned long long)keep);
    }
    /* a file cut short is hashed while read; others on demand */
    pwi_sha256 h;
    int hashing = (uint64_t)st.st_size > keep;
    if (hashing)
        pwi_sha256_init(&h);
    uint64_t got = 0;
    unsigned char chunk[65536];
    for (;;) {
        ssize_t r = read(fd, chunk, sizeof chunk);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            if (hashing)
                pwi_sha256_final(&h, f->sha256);
            free(data);
            close(fd);
            return pwi_error(err, PW_ERR_IO, f->path, 0, 0, "read failed: %s",
                             strerror(errno));
        }
        if (r == 0)
            break;
        if (hashing)
            pwi_sha256_update(&h, chunk, (size_t)r);
        if (got < keep) {
            size_t take = (size_t)r;
            if (got + take > keep)
                take = (size_t)(keep - got);
            memcpy(data + got, chunk, take);
        }
        got += (uint64_t)r;
    }
    close(fd);
    if (hashing)
        pwi_sha256_final(&h, f->sha256);
    f->have_sha = hashing;
    f->size = got;
    f->len = (size_t)(got < keep ? got : keep);
    data[f->len] = '\0';
    f->data = data;
    f->truncated = got > f->len;
    return PW_OK;
}

void pwi_tree_unload(pwi_file *f)
{
    if (f->from_dir) {
        free(f->data);
        f->data = NULL;
        f->len = 0;
    }
}

int pwi_file_sha256(pwi_file *f, unsigned char out[32])
{
    if (!f->have_sha) {
        if (!f->data || f->truncated)
            return -1;
        pwi_sha256_buf(f->data, f->len, f->sha256);
        f->have_sha = 1;
    }
    memcpy(out, f->sha256, 32);
    return 0;
}
