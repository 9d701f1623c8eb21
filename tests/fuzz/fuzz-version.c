/* fuzz-version.c - libFuzzer harness for db/version.h: SemVer, node-semver
 * ranges, PEP 440 versions and specifier sets, package names. The
 * known-malicious index and the policy feed them versions and ranges from
 * lockfiles and OSV records, i.e. from anyone.
 *
 * The input is split at its first NUL into two strings a and b, and
 * every function runs on them both ways round. Besides crashes and
 * sanitizer reports, it aborts when:
 *   - a result is outside its documented values;
 *   - a comparison is not antisymmetric, or not reflexive on a valid
 *     version, or validity and comparability disagree;
 *   - a PEP 440 normal form is invalid, compares unequal to its source,
 *     is not its own normal form, or is not matched by "==", "===" and
 *     (without a local label) ">=" of itself, or is matched by "!=";
 *   - "*" and "" do not accept exactly the valid SemVer versions without
 *     a pre-release;
 *   - a normalised name overruns its buffer, is not idempotent, or keeps
 *     what it should have removed.
 */
#include "db/version.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void broken(const char *what, const char *a, const char *b)
{
    fprintf(stderr, "fuzz-version: invariant broken: %s: \"%s\" / \"%s\"\n", what, a,
            b ? b : "");
    abort();
}

static int sign(int x)
{
    return (x > 0) - (x < 0);
}

static void check_cmp(int (*valid)(const char *),
                      int (*cmp)(const char *, const char *, int *), const char *a,
                      const char *b)
{
    int ab = 0, ba = 0;
    int r1 = cmp(a, b, &ab), r2 = cmp(b, a, &ba);
    int ok = valid(a) && valid(b);
    if (r1 != (ok ? 0 : -1) || r2 != r1)
        broken("cmp and valid disagree", a, b);
    if (ok && sign(ab) != -sign(ba))
        broken("cmp is not antisymmetric", a, b);
    int aa = 1;
    if (valid(a) && (cmp(a, a, &aa) != 0 || aa != 0))
        broken("cmp is not reflexive", a, a);
}

/* A valid SemVer version has a pre-release when a "-" comes before any
 * "+" (the prefix and the numbers hold none). */
static int semver_has_pre(const char *v)
{
    const char *plus = strchr(v, '+'), *dash = strchr(v, '-');
    return dash && (!plus || dash < plus);
}

static void check_semver(const char *a, const char *b)
{
    check_cmp(pwi_semver_valid, pwi_semver_cmp, a, b);
    int r = pwi_semver_satisfies(a, b);
    if (r < -1 || r > 1)
        broken("semver_satisfies out of range", a, b);
    if (!pwi_semver_valid(b) && r != -1)
        broken("semver_satisfies accepted an invalid version", a, b);
    if (pwi_semver_valid(b)) {
        int want = !semver_has_pre(b);
        if (pwi_semver_satisfies("*", b) != want || pwi_semver_satisfies("", b) != want)
            broken("\"*\" and a pre-release", "*", b);
    }
}

static void check_pep440(const char *a, const char *b)
{
    check_cmp(pwi_pep440_valid, pwi_pep440_cmp, a, b);
    int r = pwi_pep440_satisfies(a, b);
    if (r < -1 || r > 1)
        broken("pep440_satisfies out of range", a, b);
    if (!pwi_pep440_valid(b) && r != -1)
        broken("pep440_satisfies accepted an invalid version", a, b);

    char norm[300], again[300], spec[600];
    memset(norm, 'x', sizeof norm);
    int n = pwi_pep440_normalize(a, norm, sizeof norm);
    if (n != 0 && n != -1)
        broken("pep440_normalize out of range", a, NULL);
    if (!memchr(norm, '\0', sizeof norm))
        broken("pep440_normalize left no NUL", a, NULL);
    if (n == -1) {
        if (norm[0] != '\0')
            broken("pep440_normalize failed without clearing", a, norm);
        if (pwi_pep440_valid(a) && strlen(a) < 200)
            broken("pep440_normalize failed on a short valid version", a, NULL);
        return;
    }
    if (!pwi_pep440_valid(a))
        broken("pep440_normalize accepted an invalid version", a, norm);
    int c = 1;
    if (!pwi_pep440_valid(norm) || pwi_pep440_cmp(a, norm, &c) != 0 || c != 0)
        broken("normal form is invalid or unequal", a, norm);
    if (pwi_pep440_normalize(norm, again, sizeof again) != 0 || strcmp(norm, again) != 0)
        broken("normalising is not idempotent", norm, again);
    /* the normal form holds no separators but "." and one "+", and no
     * upper case */
    for (const char *p = norm; *p; p++)
        if ((*p >= 'A' && *p <= 'Z') || *p == '-' || *p == '_' || *p == ' ')
            broken("normal form keeps a spelling", a, norm);

    snprintf(spec, sizeof spec, "==%s", norm);
    if (pwi_pep440_satisfies(spec, a) != 1)
        broken("== of the normal form does not match", spec, a);
    snprintf(spec, sizeof spec, "===%s", norm);
    if (pwi_pep440_satisfies(spec, a) != 1)
        broken("=== of the normal form does not match", spec, a);
    snprintf(spec, sizeof spec, "!=%s", norm);
    if (pwi_pep440_satisfies(spec, a) != 0)
        broken("!= of the normal form matches", spec, a);
    if (!strchr(norm, '+')) {
        snprintf(spec, sizeof spec, ">=%s, <=%s", norm, norm);
        if (pwi_pep440_satisfies(spec, a) != 1)
            broken(">=, <= of the normal form do not match", spec, a);
    }
}

static void check_name(const char *eco, const char *name)
{
    char out[64], again[64];
    for (size_t size = 1; size <= sizeof out; size += 21) {
        memset(out, 'x', sizeof out);
        int r = pwi_name_normalize(eco, name, out, size);
        if (r != 0 && r != -1)
            broken("name_normalize out of range", eco, name);
        if (!memchr(out, '\0', size))
            broken("name_normalize overran its buffer", eco, name);
        if (r != 0)
            continue;
        if (out[0] == '\0')
            broken("name_normalize returned an empty name", eco, name);
        if (pwi_name_normalize(eco, out, again, sizeof again) != 0 ||
            strcmp(out, again) != 0)
            broken("name_normalize is not idempotent", eco, out);
        for (const char *p = out; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                broken("name_normalize kept upper case", eco, out);
        if (strcmp(eco, "pypi") == 0 && (strpbrk(out, "_.") || strstr(out, "--")))
            broken("PEP 503 name keeps a separator run", eco, out);
        size_t len = strlen(out);
        if (strcmp(eco, "npm") == 0 && (out[0] == ' ' || out[0] == '\t' ||
                                        out[len - 1] == ' ' || out[len - 1] == '\n'))
            broken("npm name keeps white space", eco, out);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    if (!buf)
        abort();
    memcpy(buf, data, size);
    buf[size] = '\0';
    const char *a = buf;
    size_t a_len = strlen(a);
    const char *b = a_len < size ? buf + a_len + 1 : "";

    check_semver(a, b);
    check_semver(b, a);
    check_pep440(a, b);
    check_pep440(b, a);
    check_name("npm", a);
    check_name("pypi", a);
    check_name("other", b);

    free(buf);
    return 0;
}
