/* integrity.h - checking downloaded bytes against the registry's hashes:
 * npm's Subresource Integrity strings ("sha512-<base64>", several allowed,
 * strongest wins) and legacy hex SHA-1 `shasum`, PyPI's hex sha256. */
#ifndef PW_REGISTRY_INTEGRITY_H
#define PW_REGISTRY_INTEGRITY_H

#include <stddef.h>

typedef enum pwi_integrity_result {
    PWI_INTEGRITY_OK = 0,
    PWI_INTEGRITY_MISMATCH = 1, /* a known hash disagrees */
    PWI_INTEGRITY_NONE = 2      /* no hash we can check was given */
} pwi_integrity_result;

/* sri: SRI string or NULL; sha1_hex / sha256_hex: hex digests or NULL.
 * The strongest available hash decides. `used` (>= 16 bytes) receives the
 * algorithm name checked ("sha512", "sha256", "sha1"). */
pwi_integrity_result pwi_integrity_check(const void *p, size_t n,
                                         const char *sri,
                                         const char *sha1_hex,
                                         const char *sha256_hex, char *used);

#endif
