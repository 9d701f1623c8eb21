/* file.c - reading small whole files. */
#include "util/file.h"
#include "util/error.h"
#include "util/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

pw_status pwi_read_file(const char *path, size_t max, const char *what,
                        char **data, size_t *len, pw_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return pwi_error(err, PW_ERR_IO, path, 0, 0, "cannot open: %s",
                         strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return pwi_error(err, PW_ERR_IO, path, 0, 0, "not a regular file");
    }
    /* Grow as we read: st_size may lie (procfs) and must not size a
     * buffer by itself. */
    size_t cap = (size_t)st.st_size < max ? (size_t)st.st_size + 1 : max + 1;
    if (cap < 4096)
        cap = max + 1 < 4096 ? max + 1 : 4096;
    size_t n = 0;
    char *buf = pwi_xmalloc(cap + 1);
    for (;;) {
        if (n == cap) {
            if (cap > max)
                break;
            size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            buf = pwi_xrealloc(buf, ncap + 1);
            cap = ncap;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            free(buf);
            close(fd);
            return pwi_error(err, PW_ERR_IO, path, 0, 0, "cannot read: %s",
                             strerror(e));
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    if (n > max) {
        free(buf);
        return pwi_error(err, PW_ERR_LIMIT, path, 0, 0,
                         "%s is larger than %zu KiB", what, max >> 10);
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return PW_OK;
}
