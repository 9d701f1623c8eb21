/* decode.c - the encodings malware wraps strings in. */
#include "lex.h"

#include <string.h>

static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+' || c == '-')
        return 62; /* standard and URL-safe alphabets */
    if (c == '/' || c == '_')
        return 63;
    return -1;
}

int pwi_decode_base64(const char *s, size_t n, pwi_buf *out)
{
    size_t start = out->len;
    uint32_t acc = 0;
    int bits = 0;
    size_t pad = 0, digits = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        if (c == '=') {
            pad++;
            continue;
        }
        int v = b64_value(c);
        if (v < 0 || pad) {
            out->len = start;
            if (out->data)
                out->data[start] = '\0';
            return -1;
        }
        digits++;
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (pwi_buf_addc(out, (char)((acc >> bits) & 0xff)) < 0)
                goto fail;
        }
    }
    if (digits % 4 == 1 || pad > 2)
        goto fail;
    return 0;
fail:
    out->len = start;
    if (out->data)
        out->data[start] = '\0';
    return -1;
}


int pwi_decode_hex(const char *s, size_t n, pwi_buf *out)
{
    size_t start = out->len;
    int hi = -1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\n' || c == '\t')
            continue;
        int v = pwi_hex_digit(c);
        if (v < 0)
            goto fail;
        if (hi < 0) {
            hi = v;
        } else {
            if (pwi_buf_addc(out, (char)(hi << 4 | v)) < 0)
                goto fail;
            hi = -1;
        }
    }
    if (hi >= 0)
        goto fail;
    return 0;
fail:
    out->len = start;
    if (out->data)
        out->data[start] = '\0';
    return -1;
}

void pwi_decode_rot13(const char *s, size_t n, pwi_buf *out)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'a' && c <= 'z')
            c = (char)('a' + (c - 'a' + 13) % 26);
        else if (c >= 'A' && c <= 'Z')
            c = (char)('A' + (c - 'A' + 13) % 26);
        pwi_buf_addc(out, c);
    }
}

void pwi_utf8_put(pwi_buf *out, uint32_t cp)
{
    char b[4];
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        cp = 0xfffd;
    if (cp < 0x80) {
        pwi_buf_addc(out, (char)cp);
    } else if (cp < 0x800) {
        b[0] = (char)(0xc0 | cp >> 6);
        b[1] = (char)(0x80 | (cp & 0x3f));
        pwi_buf_add(out, b, 2);
    } else if (cp < 0x10000) {
        b[0] = (char)(0xe0 | cp >> 12);
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        b[2] = (char)(0x80 | (cp & 0x3f));
        pwi_buf_add(out, b, 3);
    } else {
        b[0] = (char)(0xf0 | cp >> 18);
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
        b[3] = (char)(0x80 | (cp & 0x3f));
        pwi_buf_add(out, b, 4);
    }
}
