/* fuzz-lockfile-package-lock.c - libFuzzer harness for the package-lock lockfile
 * reader (see lockfile-harness.h). */
#include "lockfile-harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_lockfile("demo/package-lock.json", data, size);
}
