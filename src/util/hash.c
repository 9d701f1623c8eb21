/* hash.c - SHA-256 through libsodium. Only small things are hashed on
 * the hot path (finding fingerprints, cache keys, files cut short), so
 * libsodium's portable code is fast enough, and OpenSSL's libcrypto is
 * not loaded by every run (about 2 ms). */
#include "hash.h"
#include "error.h"

#include <pthread.h>
#include <sodium.h>

_Static_assert(sizeof(crypto_hash_sha256_state) <= sizeof(((pwi_sha256 *)0)->state),
               "pwi_sha256 state too small");

static crypto_hash_sha256_state *st_of(pwi_sha256 *h)
{
    return (crypto_hash_sha256_state *)(void *)h->state;
}

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;

static void sodium_start(void)
{
    if (sodium_init() < 0)
        PW_BUG("sodium_init failed");
}

void pwi_sha256_init(pwi_sha256 *h)
{
    pthread_once(&sodium_once, sodium_start);
    crypto_hash_sha256_init(st_of(h));
}

void pwi_sha256_update(pwi_sha256 *h, const void *p, size_t n)
{
    if (n)
        crypto_hash_sha256_update(st_of(h), p, n);
}

void pwi_sha256_final(pwi_sha256 *h, unsigned char out[PW_SHA256_LEN])
{
    crypto_hash_sha256_final(st_of(h), out);
}

void pwi_sha256_buf(const void *p, size_t n, unsigned char out[PW_SHA256_LEN])
{
    pthread_once(&sodium_once, sodium_start);
    crypto_hash_sha256(out, p, n);
}

_Static_assert(sizeof(crypto_generichash_state) <= sizeof(((pwi_khash *)0)->state),
               "pwi_khash state too small");

static crypto_generichash_state *kst_of(pwi_khash *h)
{
    return (crypto_generichash_state *)(void *)h->state;
}

void pwi_khash_init(pwi_khash *h)
{
    pthread_once(&sodium_once, sodium_start);
    crypto_generichash_init(kst_of(h), NULL, 0, PW_KHASH_LEN);
}

void pwi_khash_update(pwi_khash *h, const void *p, size_t n)
{
    if (n)
        crypto_generichash_update(kst_of(h), p, n);
}

void pwi_khash_final(pwi_khash *h, unsigned char out[PW_KHASH_LEN])
{
    crypto_generichash_final(kst_of(h), out, PW_KHASH_LEN);
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
