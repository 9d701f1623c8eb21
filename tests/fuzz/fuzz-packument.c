/* fuzz-packument.c - libFuzzer harness for npm packument parsing and the
 * release-line queries built on it. Errors are expected; crashes, leaks
 * and sanitizer reports are not. */
#include "registry/packument.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pwi_packument *p;
    pw_error err;
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
