/* fuzz-path.c - libFuzzer harness for the entry-name helpers in
 * src/ingest/path.c, which stand between hostile archive names and every
 * path pkgward shows or compares.
 *
 * The input is split at its first NUL into an entry name and a link
 * target. Besides crashes and sanitizer reports, it aborts when:
 *   - a normalised name is absolute, has "", "." or ".." parts or a
 *     backslash, or starts with a drive letter;
 *   - normalising twice changes the result or calls it suspicious;
 *   - an escaped string is not valid UTF-8, holds control characters or
 *     overruns its size cap.
 */
#include "ingest/ingest.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void broken(const char *what, const char *s)
{
    fprintf(stderr, "fuzz-path: invariant broken: %s: \"%s\"\n", what, s);
    abort();
}

static void check_normal(const char *p)
{
    if (strchr(p, '\\'))
        broken("backslash left in normalised path", p);
    if (isalpha((unsigned char)p[0]) && p[1] == ':')
        broken("drive letter left in normalised path", p);
    if (!*p)
        return;
    const char *s = p;
    for (;;) {
        const char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
            broken("empty, . or .. component", p);
        if (!e)
            break;
        s = e + 1;
    }
}

static void check_escaped(const char *in, size_t n, size_t max)
{
    char *e = pwi_escape(in, n, max);
    size_t len = strlen(e);
    if (!pwi_utf8_valid(e, len))
        broken("escaped string is not valid UTF-8", e);
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)e[i] < 0x20 || e[i] == 0x7f)
            broken("control character in escaped string", e);
    /* the cap may be passed by one escape (4 bytes) and the "..." mark */
    if (len > max + 4 + 3)
        broken("escaped string overruns its cap", e);
    free(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    if (!buf)
        abort();
    memcpy(buf, data, size);
    buf[size] = '\0';
    const char *name = buf;
    size_t name_len = strlen(name);
    const char *target = name_len < size ? buf + name_len + 1 : "";

    int sus = -1;
    char *norm = pwi_path_normalize(name, &sus);
    if (sus != 0 && sus != 1)
        broken("suspicious not set", name);
    check_normal(norm);
    int sus2 = -1;
    char *again = pwi_path_normalize(norm, &sus2);
    if (strcmp(again, norm) || sus2)
        broken("normalising is not idempotent", norm);
    free(again);

    (void)pwi_link_escapes(norm, target);
    /* an absolute or drive target always escapes */
    if ((target[0] == '/' || (isalpha((unsigned char)target[0]) && target[1] == ':')) &&
        !pwi_link_escapes(norm, target))
        broken("absolute link target kept inside", target);
    free(norm);

    (void)pwi_utf8_valid((const char *)data, size);
    check_escaped((const char *)data, size, 1024);
    check_escaped((const char *)data, size, 16);
    free(buf);
    return 0;
}
