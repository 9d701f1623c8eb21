#include "hash.h"
#include "error.h"

#include <sodium.h>

_Static_assert(sizeof(crypto_hash_sha256_state) <= sizeof(((pwi_sha256 *)0)->state),
               "pwi_sha256 state too small");

void pwi_sha256_init(pwi_sha256 *h)
{
    crypto_hash_sha256_init((crypto_hash_sha256_state *)(void *)h->state);
}

void pwi_sha256_update(pwi_sha256 *h, const void *p, size_t n)
{
    crypto_hash_sha256_update((crypto_hash_sha256_state *)(void *)h->state, p, n);
}

void pwi_sha256_final(pwi_sha256 *h, unsigned char out[PW_SHA256_LEN])
{
    crypto_hash_sha256_final((crypto_hash_sha256_state *)(void *)h->state, out);
}

void pwi_sha256_buf(const void *p, size_t n, unsigned char out[PW_SHA256_LEN])
{
    crypto_hash_sha256(out, p, n);
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
