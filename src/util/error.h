/* error.h - filling pw_error and internal invariants. */
#ifndef PW_UTIL_ERROR_H
#define PW_UTIL_ERROR_H

#include "pkgward.h"

#if defined(__GNUC__)
#define PW_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define PW_NORETURN __attribute__((noreturn))
#else
#define PW_PRINTF(a, b)
#define PW_NORETURN
#endif

/* Fills err (when non-NULL) and returns code, so callers can write
 * `return pwi_error(err, PW_ERR_IO, path, 0, 0, "cannot open: %s", ...)`.
 * path may be NULL. */
pw_status pwi_error(pw_error *err, pw_status code, const char *path,
                    size_t line, size_t col, const char *fmt, ...)
    PW_PRINTF(6, 7);

/* Clears err to PW_OK. */
void pwi_error_clear(pw_error *err);

/* Aborts with file:line: for broken invariants, never for bad input. */
PW_NORETURN void pwi_bug(const char *file, int line, const char *msg);
#define PW_BUG(msg) pwi_bug(__FILE__, __LINE__, (msg))

/* Out of memory on a small allocation: abort with a message (redis does
 * the same). Allocations sized by input are checked and report
 * PW_ERR_NOMEM instead. */
PW_NORETURN void pwi_oom(size_t size);

#endif
