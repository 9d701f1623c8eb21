/* version.c - STUB: SemVer, PEP 440 and names land in version-*.c. */
#include "db/version.h"

int pwi_semver_valid(const char *s) { (void)s; return 0; }
int pwi_semver_cmp(const char *a, const char *b, int *out) { (void)a; (void)b; (void)out; return -1; }
int pwi_semver_satisfies(const char *r, const char *v) { (void)r; (void)v; return -1; }
int pwi_pep440_valid(const char *s) { (void)s; return 0; }
int pwi_pep440_cmp(const char *a, const char *b, int *out) { (void)a; (void)b; (void)out; return -1; }
int pwi_pep440_normalize(const char *s, char *out, size_t n) { (void)s; (void)out; (void)n; return -1; }
int pwi_pep440_satisfies(const char *s, const char *v) { (void)s; (void)v; return -1; }
int pwi_name_normalize(const char *e, const char *n, char *out, size_t sz) { (void)e; (void)n; (void)out; (void)sz; return -1; }
