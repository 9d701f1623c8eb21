/* hs-compiler.h - vectorscan's compiler, bound on first use.
 *
 * pkgward links only libhs_runtime (C, no other dependency) for scanning
 * and deserialising. The compiler is libhs proper, a C++ library whose
 * loading and relocation (with libstdc++) cost more than the whole rest
 * of a warm start; it is needed only when the rule set has no cached
 * databases yet. The two exchange nothing but serialised databases, the
 * format hs_deserialize_database checks (version and platform). */
#ifndef PW_MATCH_HS_COMPILER_H
#define PW_MATCH_HS_COMPILER_H

#include <hs/hs.h>

#define PWI_HSC_FUNCS(X)                                                             \
    X(compile_multi) X(free_compile_error) X(serialize_database) X(free_database)   \
    X(version)

typedef struct pwi_hsc {
#define PWI_HSC_SLOT(fn) __typeof__(&hs_##fn) fn;
    PWI_HSC_FUNCS(PWI_HSC_SLOT)
#undef PWI_HSC_SLOT
} pwi_hsc;

/* The bound compiler, or NULL with why ("libhs.so.5: cannot open shared
 * object file ...", or a version other than the runtime's). Thread-safe. */
const pwi_hsc *pwi_hsc_get(const char **why);

#endif
