/* fuzz-packument.c - libFuzzer harness for registry metadata: npm
 * packuments and PyPI JSON API documents (project and per-release), and
 * the release-line queries built on them. Errors are expected; crashes, leaks
 * and sanitizer reports are not. */
#include "registry/packument.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(pwi_packument *p)
{
    for (size_t i = 0; i < p->nversions; i++) {
        const pwi_reg_version *v = &p->versions[i];
        if (pwi_packument_find(p, v->version) == NULL)
            abort();
        (void)pwi_packument_previous(p, v->version);
    }
    pwi_packument_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pwi_packument *p;
    pw_error err;
    if (pwi_pypi_parse((const char *)data, size, "fuzz", NULL, &p, &err) == PW_OK)
        walk(p);
    if (pwi_pypi_parse((const char *)data, size, "fuzz", "1.0", &p, &err) == PW_OK)
        walk(p);
    if (pwi_packument_parse((const char *)data, size, "fuzz", &p, &err) != PW_OK)
        return 0;
    for (size_t i = 0; i < p->nversions; i++) {
        const pwi_reg_version *v = &p->versions[i];
        if (pwi_packument_find(p, v->version) == NULL)
            abort(); /* every parsed version must be found again */
        (void)pwi_packument_previous(p, v->version);
    }
    (void)pwi_packument_previous(p, "1.0.0");
    (void)pwi_packument_previous(p, "0.3.1-beta.2");
    pwi_packument_free(p);
    return 0;
}
