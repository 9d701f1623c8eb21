/* fuzz-ioc.c - libFuzzer harness for IOC bundle parsing (docs/ioc-format.md)
 * and the package lookup sweep does with a parsed bundle. Errors are
 * expected; crashes, leaks and sanitizer reports are not. */
#include "ioc/ioc.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pwi_ioc_bundle *b;
    pw_error err;
    if (pwi_ioc_parse((const char *)data, size, "fuzz", &b, &err) != PW_OK)
        return 0;
    int hit;
    for (size_t i = 0; i < b->npackages; i++)
        if (!pwi_ioc_find_package(b, b->packages[i].ecosystem, b->packages[i].name,
                                  "1.0.0", &hit))
            abort(); /* every listed package is found again */
    pwi_ioc_free(b);
    return 0;
}
