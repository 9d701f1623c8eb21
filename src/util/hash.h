/* hash.h - SHA-256 and BLAKE2b (libsodium) and hex helpers. */
#ifndef PW_UTIL_HASH_H
#define PW_UTIL_HASH_H

#include <stddef.h>
#include <stdint.h>

#define PW_SHA256_LEN 32

typedef struct pwi_sha256 {
    uint64_t state[16]; /* holds a crypto_hash_sha256_state, aligned */
} pwi_sha256;

void pwi_sha256_init(pwi_sha256 *h);
void pwi_sha256_update(pwi_sha256 *h, const void *p, size_t n);
void pwi_sha256_final(pwi_sha256 *h, unsigned char out[PW_SHA256_LEN]);
void pwi_sha256_buf(const void *p, size_t n, unsigned char out[PW_SHA256_LEN]);
/* Cache keys: BLAKE2b-256, several times faster than libsodium's
 * portable SHA-256 on the short updates a key is made of (a warm start
 * hashes every rule file's name and stat, and every pattern). Never for
 * digests anyone else compares. */
#define PW_KHASH_LEN 32

typedef struct pwi_khash {
    _Alignas(64) unsigned char state[384]; /* a crypto_generichash_state */
} pwi_khash;

void pwi_khash_init(pwi_khash *h);
void pwi_khash_update(pwi_khash *h, const void *p, size_t n);
void pwi_khash_final(pwi_khash *h, unsigned char out[PW_KHASH_LEN]);

/* Writes 2*n hex digits and a NUL into out. */
void pwi_hex(const unsigned char *p, size_t n, char *out);

#endif
