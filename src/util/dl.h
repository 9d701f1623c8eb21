/* dl.h - libraries only some commands need, loaded on first use.
 *
 * libcurl alone pulls in some 25 shared libraries (TLS, HTTP/2, LDAP,
 * Kerberos, ...) whose relocation costs every run about 10 ms; scanning
 * never touches the network, so the HTTP client binds libcurl only when
 * it first fetches. */
#ifndef PW_UTIL_DL_H
#define PW_UTIL_DL_H

#include <stddef.h>

/* One function to bind: its name and where its address goes (a pointer
 * to a function pointer, passed as void *). */
typedef struct pwi_dl_sym {
    const char *name;
    void *slot;
} pwi_dl_sym;

/*
 * Opens the first of sonames (NULL-terminated) that loads, and stores the
 * address of each symbol in its slot. Returns 0, or -1 with why filled
 * ("libcurl.so.4: cannot open shared object file ..." or "symbol X
 * missing"); the library stays loaded for the life of the process.
 */
int pwi_dl_bind(const char *const *sonames, const pwi_dl_sym *syms, size_t n,
                char *why, size_t why_size);

#endif
