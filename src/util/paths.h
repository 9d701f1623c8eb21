/* paths.h - where pkgward keeps per-user files (XDG base directories). */
#ifndef PW_UTIL_PATHS_H
#define PW_UTIL_PATHS_H

#include <stddef.h>

typedef enum pwi_user_dir_kind {
    PWI_DIR_CACHE,  /* $XDG_CACHE_HOME/pkgward, ~/.cache/pkgward */
    PWI_DIR_DATA,   /* $XDG_DATA_HOME/pkgward, ~/.local/share/pkgward */
    PWI_DIR_CONFIG  /* $XDG_CONFIG_HOME/pkgward, ~/.config/pkgward */
} pwi_user_dir_kind;

/* The directory for kind (malloc'd), without creating it. An XDG variable
 * counts only when absolute, as the spec says. NULL when neither it nor
 * $HOME is usable. */
char *pwi_user_dir(pwi_user_dir_kind kind);

/* Creates path and its missing parents with mode (like mkdir -p).
 * Returns 0, or -1 with errno set. */
int pwi_mkdirs(const char *path, unsigned mode);

/* path for messages: relative to the current directory when it lies
 * under it ("sub/.pkgward.yml"), else unchanged. Writes into buf. */
const char *pwi_path_for_display(const char *path, char *buf, size_t size);

#endif
