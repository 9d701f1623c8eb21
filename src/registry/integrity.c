/* integrity.c - SRI / hex digest checks: SHA-256 and SHA-512 through
 * libsodium, SHA-1 and SHA-384 (legacy shasum, rare SRI) through
 * OpenSSL's libcrypto, bound on first use (see util/dl.h). */
#include "registry/integrity.h"
#include "util/dl.h"
#include "util/hash.h"

#include <openssl/evp.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static struct {
    const EVP_MD *(*get_digestbyname)(const char *);
    int (*digest)(const void *, size_t, unsigned char *, unsigned int *,
                  const EVP_MD *, ENGINE *);
} ossl;
static int ossl_ok;
static pthread_once_t ossl_once = PTHREAD_ONCE_INIT;

static void ossl_bind(void)
{
    static const char *const sonames[] = {"libcrypto.so.3", "libcrypto.so", NULL};
    const pwi_dl_sym syms[] = {
        {"EVP_get_digestbyname", &ossl.get_digestbyname},
        {"EVP_Digest", &ossl.digest},
    };
    char why[256];
    ossl_ok = pwi_dl_bind(sonames, syms, sizeof syms / sizeof *syms, why,
                          sizeof why) == 0;
}

/* out must hold 64 bytes. -1: an algorithm we cannot compute. */
static int digest(const char *alg, const void *p, size_t n,
                  unsigned char *out, unsigned *len)
{
    if (!strcmp(alg, "sha256")) {
        pwi_sha256_buf(p, n, out);
        *len = crypto_hash_sha256_BYTES;
        return 0;
    }
    if (!strcmp(alg, "sha512")) {
        if (sodium_init() < 0)
            return -1;
        crypto_hash_sha512(out, p, n);
        *len = crypto_hash_sha512_BYTES;
        return 0;
    }
    pthread_once(&ossl_once, ossl_bind);
    if (!ossl_ok)
        return -1; /* reported as a mismatch: never "verified" */
    const EVP_MD *md = ossl.get_digestbyname(alg);
    return md && ossl.digest(p, n, out, len, md, NULL) == 1 ? 0 : -1;
}

static int rank(const char *alg)
{
    return !strcmp(alg, "sha512") ? 3 : !strcmp(alg, "sha384") ? 2
           : !strcmp(alg, "sha256") ? 1 : 0;
}

/* Checks the strongest "alg-base64" token of sri; -1 when none usable. */
static int check_sri(const void *p, size_t n, const char *sri, char *used)
{
    char best_alg[16] = "", best_b64[256] = "";
    const char *s = sri;
    while (*s) {
        while (*s == ' ' || *s == '\t')
            s++;
        size_t tok = strcspn(s, " \t");
        const char *dash = memchr(s, '-', tok);
        if (dash && (size_t)(dash - s) < sizeof best_alg) {
            char alg[16];
            memcpy(alg, s, (size_t)(dash - s));
            alg[dash - s] = '\0';
            size_t b = tok - (size_t)(dash - s) - 1;
            const char *q = memchr(dash, '?', b); /* SRI options */
            if (q)
                b = (size_t)(q - dash - 1);
            if (rank(alg) && rank(alg) > rank(best_alg[0] ? best_alg : "x") &&
                b < sizeof best_b64) {
                snprintf(best_alg, sizeof best_alg, "%s", alg);
                memcpy(best_b64, dash + 1, b);
                best_b64[b] = '\0';
            }
        }
        s += tok;
    }
    if (!best_alg[0])
        return -1;
    unsigned char want[64], got[EVP_MAX_MD_SIZE];
    size_t wl = 0;
    unsigned gl = 0;
    if (sodium_base642bin(want, sizeof want, best_b64, strlen(best_b64), NULL,
                          &wl, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        digest(best_alg, p, n, got, &gl) != 0)
        return 1; /* a hash we cannot read does not match */
    snprintf(used, 16, "%s", best_alg);
    return wl == gl && sodium_memcmp(want, got, gl) == 0 ? 0 : 1;
}

static int check_hex(const void *p, size_t n, const char *alg,
                     const char *hex, char *used)
{
    unsigned char got[EVP_MAX_MD_SIZE];
    unsigned gl = 0;
    if (digest(alg, p, n, got, &gl) != 0)
        return 1;
    char mine[2 * EVP_MAX_MD_SIZE + 1];
    pwi_hex(got, gl, mine);
    snprintf(used, 16, "%s", alg);
    return strcasecmp(mine, hex) == 0 ? 0 : 1;
}

pwi_integrity_result pwi_integrity_check(const void *p, size_t n,
                                         const char *sri,
                                         const char *sha1_hex,
                                         const char *sha256_hex, char *used)
{
    used[0] = '\0';
    int r = sri && *sri ? check_sri(p, n, sri, used) : -1;
    if (r < 0 && sha256_hex && *sha256_hex)
        r = check_hex(p, n, "sha256", sha256_hex, used);
    if (r < 0 && sha1_hex && *sha1_hex)
        r = check_hex(p, n, "sha1", sha1_hex, used);
    if (r < 0)
        return PWI_INTEGRITY_NONE;
    return r == 0 ? PWI_INTEGRITY_OK : PWI_INTEGRITY_MISMATCH;
}
