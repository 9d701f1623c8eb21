#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

pw_status pwi_error(pw_error *err, pw_status code, const char *path,
                    size_t line, size_t col, const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    err->line = line;
    err->col = col;
    snprintf(err->path, sizeof err->path, "%s", path ? path : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

void pwi_error_clear(pw_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

void pwi_bug(const char *file, int line, const char *msg)
{
    fprintf(stderr, "pkgward: BUG at %s:%d: %s\n", file, line, msg);
    abort();
}

void pwi_oom(size_t size)
{
    fprintf(stderr, "pkgward: out of memory allocating %zu bytes\n", size);
    abort();
}

const char *pw_strerror(pw_status code)
{
    switch (code) {
    case PW_OK: return "success";
    case PW_ERR_NOMEM: return "out of memory";
    case PW_ERR_USAGE: return "invalid argument";
    case PW_ERR_IO: return "input could not be read";
    case PW_ERR_FORMAT: return "input is malformed";
    case PW_ERR_LIMIT: return "a safety limit was exceeded";
    case PW_ERR_CONFIG: return "invalid configuration";
    case PW_ERR_RULES: return "invalid rule file";
    case PW_ERR_UNSUPPORTED: return "unsupported input";
    case PW_ERR_INTERNAL: return "internal error";
    case PW_ERR_NOT_FOUND: return "not found";
    }
    return "unknown status";
}
