/* config.h - internals of the configuration loader shared with the CLI. */
#ifndef PW_CONFIG_CONFIG_H
#define PW_CONFIG_CONFIG_H

#include <stddef.h>
#include <stdint.h>

/* Largest configuration file read, in bytes. */
#define PWI_CONFIG_MAX_BYTES ((size_t)1 << 20)

typedef enum pwi_size_status {
    PWI_SIZE_OK = 0,
    PWI_SIZE_BAD,      /* not a number with an optional known unit */
    PWI_SIZE_NEGATIVE, /* starts with '-' */
    PWI_SIZE_OVERFLOW  /* does not fit in 64 bits */
} pwi_size_status;

/*
 * Parses a byte size: decimal digits, optionally one space, optionally a
 * unit (case-insensitive): B; KiB, MiB, GiB, TiB or K, M, G, T (powers of
 * 1024); KB, MB, GB, TB (powers of 1000). s[0..len) need not be
 * NUL-terminated. *out is written only on PWI_SIZE_OK.
 */
pwi_size_status pwi_parse_size(const char *s, size_t len, uint64_t *out);

#endif
