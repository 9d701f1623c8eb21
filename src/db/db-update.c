/* db-update.c - `pkgward db update`: download an OSV export, check its
 * signature when a key is pinned, import it. */
#include "db/db.h"
#include "registry/http.h"
#include "util/error.h"
#include "util/mem.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define UPDATE_MAX_BYTES ((size_t)2 << 30)

/* A detached signature: 64 raw bytes, or base64 of them (whitespace
 * around it ignored). Returns 0 and fills sig. */
static int read_signature(const pwi_buf *b, unsigned char sig[64])
{
    if (b->len == crypto_sign_BYTES) {
        memcpy(sig, b->data, crypto_sign_BYTES);
        return 0;
    }
    size_t n = b->len;
    const char *p = b->data ? b->data : "";
    while (n && (p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == ' '))
        n--;
    size_t got = 0;
    if (sodium_base642bin(sig, crypto_sign_BYTES, p, n, NULL, &got, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        got != crypto_sign_BYTES)
        return -1;
    return 0;
}

static pw_status fetch(const char *url, size_t max, pwi_http_resp *r,
                       pw_error *err)
{
    pwi_http_opts o;
    pwi_http_opts_init(&o);
    o.max_bytes = max;
    o.timeout_s = 600;
    pw_status st = pwi_http_get(url, &o, r, err);
    if (st)
        return st;
    if (r->status != 200) {
        long code = r->status;
        pwi_http_resp_release(r);
        return pwi_error(err, PW_ERR_IO, url, 0, 0,
                         "download failed: HTTP status %ld", code);
    }
    return PW_OK;
}

pw_status pw_db_update(pw_db *db, const char *url, const char *sig_url,
                       const unsigned char *key, pw_db_import_stats *st,
                       pw_error *err)
{
    if (!db || !url)
        return pwi_error(err, PW_ERR_USAGE, NULL, 0, 0,
                         "pw_db_update: missing argument");
    if (sodium_init() < 0)
        return pwi_error(err, PW_ERR_INTERNAL, NULL, 0, 0,
                         "libsodium could not be initialised");
    pwi_http_resp body;
    pw_status s = fetch(url, UPDATE_MAX_BYTES, &body, err);
    if (s)
        return s;
    if (key) {
        char *su = sig_url ? pwi_xstrdup(sig_url)
                           : pwi_xasprintf("%s.sig", url);
        pwi_http_resp sig;
        s = fetch(su, 4096, &sig, err);
        if (!s) {
            unsigned char raw[crypto_sign_BYTES];
            if (read_signature(&sig.body, raw))
                s = pwi_error(err, PW_ERR_FORMAT, su, 0, 0,
                              "not an Ed25519 signature (64 bytes, raw or "
                              "base64)");
            else if (crypto_sign_verify_detached(
                         raw, (const unsigned char *)body.body.data,
                         body.body.len, key) != 0)
                s = pwi_error(err, PW_ERR_FORMAT, url, 0, 0,
                              "signature check failed against the pinned "
                              "db.public_key: the download was not signed "
                              "by that key; nothing was imported");
            pwi_http_resp_release(&sig);
        }
        free(su);
        if (s) {
            pwi_http_resp_release(&body);
            return s;
        }
    }
    /* Name it by the URL's last path part so .json / .zip is recognised. */
    const char *q = strchr(url, '?');
    size_t ulen = q ? (size_t)(q - url) : strlen(url);
    char *name = pwi_xstrndup(url, ulen);
    s = pw_db_import_buffer(db, name, body.body.data ? body.body.data : "",
                            body.body.len, url, st, err);
    free(name);
    pwi_http_resp_release(&body);
    return s;
}

int pw_db_key_parse(const char *base64, unsigned char key[32])
{
    size_t got = 0;
    if (!base64 || sodium_init() < 0 ||
        sodium_base642bin(key, 32, base64, strlen(base64), NULL, &got, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        got != 32)
        return -1;
    return 0;
}
