/* ingest-dir.c - directory trees (a package, node_modules, site-packages).
 * The walk records entries with lstat semantics and never follows a
 * symlink; content is read later, per package, by pwi_tree_load. */
#include "ingest.h"
#include "util/error.h"
#include "util/mem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Hard cap on a directory walk, far above any real package tree; the
 * per-package limits are applied when packages are analysed. */
#define DIR_WALK_MAX_ENTRIES 20000000u

typedef struct walk_item {
    int fd;
    char *rel; /* "" for the root */
} walk_item;

static char *join(const char *dir, const char *name)
{
    return *dir ? pwi_xasprintf("%s/%s", dir, name) : pwi_xstrdup(name);
}

pw_status pwi_ingest_dir(pwi_tree *t, const char *path, const pw_limits *lim,
                         pw_error *err)
{
    (void)lim;
    int root = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root < 0)
        return pwi_error(err, PW_ERR_IO, path, 0, 0, "cannot open directory: %s",
                         strerror(errno));
    t->root_fd = root;
    t->is_dir = 1;

    walk_item *stack = NULL;
    size_t n = 0, cap = 0;
    PW_GROW(stack, cap, 1);
    stack[n++] = (walk_item){dup(root), pwi_xstrdup("")};
    pw_status st = PW_OK;

    while (n > 0) {
        walk_item it = stack[--n];
        DIR *d = it.fd >= 0 ? fdopendir(it.fd) : NULL;
        if (!d) {
            if (it.fd >= 0)
                close(it.fd);
            pwi_tree_anomaly(t, PWI_AN_SPECIAL, it.rel,
                             "directory could not be read: %s", strerror(errno));
            free(it.rel);
            continue;
        }
        struct dirent *de;
        while ((de = readdir(d)) != NULL) {
            const char *name = de->d_name;
            if (!strcmp(name, ".") || !strcmp(name, ".."))
                continue;
            if (t->nfiles >= DIR_WALK_MAX_ENTRIES) {
                st = pwi_error(err, PW_ERR_LIMIT, path, 0, 0,
                               "directory tree has more than %u entries",
                               DIR_WALK_MAX_ENTRIES);
                t->incomplete = PW_ERR_LIMIT;
                snprintf(t->incomplete_msg, sizeof t->incomplete_msg,
                         "directory entry limit reached");
                break;
            }
            struct stat sb;
            if (fstatat(dirfd(d), name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
                continue;
            char *rel = join(it.rel, name);
            if (S_ISDIR(sb.st_mode)) {
                /* VCS metadata is not package content */
                if (!strcmp(name, ".git") || !strcmp(name, ".hg") ||
                    !strcmp(name, ".svn")) {
                    free(rel);
                    continue;
                }
                pwi_tree_add(t, rel, PWI_FT_DIR)->mode = sb.st_mode & 07777;
                int fd = openat(dirfd(d), name,
                                O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (fd < 0) {
                    pwi_tree_anomaly(t, PWI_AN_SPECIAL, rel,
                                     "directory could not be opened: %s",
                                     strerror(errno));
                    free(rel);
                    continue;
                }
                PW_GROW(stack, cap, n + 1);
                stack[n++] = (walk_item){fd, rel};
                continue;
            }
            pwi_file *f;
            if (S_ISREG(sb.st_mode)) {
                f = pwi_tree_add(t, rel, PWI_FT_REG);
                f->size = (uint64_t)sb.st_size;
                f->from_dir = 1;
                t->total_bytes += f->size;
            } else if (S_ISLNK(sb.st_mode)) {
                f = pwi_tree_add(t, rel, PWI_FT_SYMLINK);
                char target[4096];
                ssize_t r = readlinkat(dirfd(d), name, target, sizeof target - 1);
                target[r > 0 ? r : 0] = '\0';
                f->link = pwi_escape(target, strlen(target), 1024);
                if (pwi_link_escapes(rel, target))
                    pwi_tree_anomaly(t, PWI_AN_LINK_ESCAPE, rel,
                                     "symlink to \"%s\" points outside the scanned root "
                                     "(not followed)", f->link);
            } else {
                f = pwi_tree_add(t, rel, PWI_FT_OTHER);
            }
            f->mode = sb.st_mode & 07777;
            free(rel);
        }
        closedir(d);
        free(it.rel);
        if (st != PW_OK)
            break;
    }
    while (n > 0) {
        close(stack[n - 1].fd);
        free(stack[n - 1].rel);
        n--;
    }
    free(stack);
    return st;
}
