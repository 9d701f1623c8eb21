/*
 * version.h - version orderings and package-name normalisation for the
 * known-malicious database, the lockfile audit and the policy.
 *
 * npm: Semantic Versioning 2.0.0 precedence (pre-releases sort before the
 * release, numeric identifiers numerically, build metadata ignored) and
 * node-semver range syntax for policy entries (name@range).
 * PyPI: PEP 440 ordering (epochs, pre/post/dev releases, local versions)
 * and specifier sets (~=, ==, !=, <=, >=, <, >, ===, ==X.*).
 *
 * All functions are pure, allocation-free and bounded by the input length;
 * inputs are untrusted (lockfiles, OSV records).
 */
#ifndef PW_DB_VERSION_H
#define PW_DB_VERSION_H

#include <stddef.h>

/* ---- SemVer (npm) ------------------------------------------------------ */

/* 1 when s is a valid SemVer 2.0.0 version. A leading "v" or "=" and
 * surrounding whitespace are accepted (as node-semver's loose parse does
 * for lockfile versions); leading zeros in numbers are rejected. */
int pwi_semver_valid(const char *s);

/* Compares two versions by SemVer precedence: *out < 0, 0, > 0.
 * Returns 0 on success, -1 when either is not valid SemVer. */
int pwi_semver_cmp(const char *a, const char *b, int *out);

/*
 * 1 when version satisfies the node-semver range, 0 when not, -1 when the
 * range or the version cannot be parsed. Supports: "*", "", "x"; exact
 * versions; comparators < <= > >= =; X-ranges (1.x, 1.2.*); tilde (~1.2.3);
 * caret (^0.2.3); hyphen ranges (1.2.3 - 2.3.4); whitespace-separated AND
 * sets; "||" alternatives. As node-semver does by default, a pre-release
 * version only satisfies a comparator set when some comparator in that set
 * has the same major.minor.patch with a pre-release.
 */
int pwi_semver_satisfies(const char *range, const char *version);

/* ---- PEP 440 (PyPI) ---------------------------------------------------- */

/* 1 when s is a valid PEP 440 version (the normalisation rules of the
 * spec apply: case, "-"/"_"/"." separators, alpha/beta/c/pre/preview/rc,
 * implicit post "-1", leading "v", surrounding whitespace). */
int pwi_pep440_valid(const char *s);

/* Compares by PEP 440 ordering. Returns 0 on success (*out < 0, 0, > 0),
 * -1 when either is invalid. */
int pwi_pep440_cmp(const char *a, const char *b, int *out);

/* Writes the normalised form of s ("1.0.0-RC1" -> "1.0.0rc1") into out.
 * Returns 0, or -1 when invalid or it does not fit. */
int pwi_pep440_normalize(const char *s, char *out, size_t size);

/* 1 when version satisfies the comma-separated specifier set ("" matches
 * everything), 0 when not, -1 when either cannot be parsed. Pre-releases
 * match only when a specifier names one (PEP 440's default). */
int pwi_pep440_satisfies(const char *specifiers, const char *version);

/* ---- names ------------------------------------------------------------- */

/*
 * Normalises a package name for lookups into out (NUL-terminated).
 * "npm": lower-cased and trimmed (the registry treats names
 * case-insensitively for conflicts; old mixed-case names still match).
 * "pypi": PEP 503 (lower-cased, runs of "-", "_", "." become "-").
 * Other ecosystems: lower-cased. Returns 0, or -1 when empty or it does
 * not fit.
 */
int pwi_name_normalize(const char *ecosystem, const char *name, char *out,
                       size_t size);

#endif
