/* path.c - archive entry names are hostile: normalise and escape them. */
#include "ingest.h"
#include "util/buf.h"
#include "util/mem.h"

#include <ctype.h>
#include <string.h>

char *pwi_path_normalize(const char *name, int *suspicious)
{
    *suspicious = 0;
    /* drive letters and UNC/absolute forms */
    if (isalpha((unsigned char)name[0]) && name[1] == ':') {
        *suspicious = 1;
        name += 2;
    }
    if (name[0] == '/' || name[0] == '\\')
        *suspicious = 1;

    size_t n = strlen(name);
    char *out = pwi_xmalloc(n + 1);
    size_t o = 0;
    const char *p = name;
    while (*p) {
        while (*p == '/' || *p == '\\')
            p++;
        if (!*p)
            break;
        const char *s = p;
        while (*p && *p != '/' && *p != '\\')
            p++;
        size_t len = (size_t)(p - s);
        /* a drive letter can also surface later: "./C:/x", "a/../C:x" */
        while (o == 0 && len >= 2 && isalpha((unsigned char)s[0]) && s[1] == ':') {
            *suspicious = 1;
            s += 2;
            len -= 2;
        }
        if (len == 0)
            continue;
        if (len == 1 && s[0] == '.')
            continue;
        if (len == 2 && s[0] == '.' && s[1] == '.') {
            *suspicious = 1;
            /* pop one component; never above the root */
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0)
                o--;
            continue;
        }
        if (o)
            out[o++] = '/';
        memcpy(out + o, s, len);
        o += len;
    }
    out[o] = '\0';
    return out;
}

int pwi_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        size_t need;
        unsigned min;
        if (c == 0)
            return 0;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            need = 1, min = 0x80, c &= 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            need = 2, min = 0x800, c &= 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            need = 3, min = 0x10000, c &= 0x07;
        } else {
            return 0;
        }
        if (n - i <= need)
            return 0;
        for (size_t k = 1; k <= need; k++) {
            if ((p[i + k] & 0xc0) != 0x80)
                return 0;
            c = (c << 6) | (p[i + k] & 0x3f);
        }
        if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
            return 0;
        i += need + 1;
    }
    return 1;
}

char *pwi_escape(const char *s, size_t n, size_t max)
{
    pwi_buf b;
    pwi_buf_init(&b, 0);
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n && b.len < max) {
        unsigned c = p[i];
        if (c >= 0x80) {
            /* keep valid multi-byte sequences */
            size_t need = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3
                        : (c & 0xf8) == 0xf0 ? 4 : 0;
            if (need && i + need <= n && pwi_utf8_valid(s + i, need)) {
                pwi_buf_add(&b, s + i, need);
                i += need;
                continue;
            }
            pwi_buf_printf(&b, "\\x%02x", c);
        } else if (c == '\\') {
            pwi_buf_adds(&b, "\\\\");
        } else if (c < 0x20 || c == 0x7f) {
            if (c == '\t')
                pwi_buf_adds(&b, "\\t");
            else if (c == '\n')
                pwi_buf_adds(&b, "\\n");
            else if (c == '\r')
                pwi_buf_adds(&b, "\\r");
            else
                pwi_buf_printf(&b, "\\x%02x", c);
        } else {
            pwi_buf_addc(&b, (char)c);
        }
        i++;
    }
    if (i < n)
        pwi_buf_adds(&b, "...");
    return pwi_buf_detach(&b);
}

int pwi_link_escapes(const char *path, const char *target)
{
    if (!target || !*target)
        return 0;
    if (target[0] == '/' || target[0] == '\\' ||
        (isalpha((unsigned char)target[0]) && target[1] == ':'))
        return 1;
    /* depth of the link's directory, then walk the target */
    long depth = 0;
    for (const char *p = path; *p; p++)
        if (*p == '/')
            depth++;
    const char *p = target;
    while (*p) {
        while (*p == '/' || *p == '\\')
            p++;
        const char *s = p;
        while (*p && *p != '/' && *p != '\\')
            p++;
        size_t len = (size_t)(p - s);
        if (len == 2 && s[0] == '.' && s[1] == '.') {
            if (--depth < 0)
                return 1;
        } else if (len && !(len == 1 && s[0] == '.')) {
            depth++;
        }
    }
    return 0;
}
