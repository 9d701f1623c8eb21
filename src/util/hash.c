/* hash.c - SHA-256 through OpenSSL's libcrypto, whose assembly (AVX2,
 * SHA-NI) runs about twice as fast as libsodium's portable C here; every
 * byte of every scanned file is hashed, so this is on the hot path. */
#include "hash.h"
#include "error.h"

#include <openssl/evp.h>

_Static_assert(sizeof(void *) <= sizeof(((pwi_sha256 *)0)->state),
               "pwi_sha256 state too small");

static EVP_MD_CTX **ctx_of(pwi_sha256 *h)
{
    return (EVP_MD_CTX **)(void *)h->state;
}

void pwi_sha256_init(pwi_sha256 *h)
{
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    if (!c || EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1)
        pwi_oom(sizeof(void *));
    *ctx_of(h) = c;
}

void pwi_sha256_update(pwi_sha256 *h, const void *p, size_t n)
{
    if (n)
        EVP_DigestUpdate(*ctx_of(h), p, n);
}

void pwi_sha256_final(pwi_sha256 *h, unsigned char out[PW_SHA256_LEN])
{
    unsigned int len = 0;
    EVP_DigestFinal_ex(*ctx_of(h), out, &len);
    EVP_MD_CTX_free(*ctx_of(h));
    *ctx_of(h) = NULL;
}

void pwi_sha256_buf(const void *p, size_t n, unsigned char out[PW_SHA256_LEN])
{
    unsigned int len = 0;
    if (EVP_Digest(p, n, out, &len, EVP_sha256(), NULL) != 1)
        PW_BUG("EVP_Digest(sha256) failed");
}

void pwi_hex(const unsigned char *p, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    out[2 * n] = '\0';
}
