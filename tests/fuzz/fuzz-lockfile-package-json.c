/* fuzz-lockfile-package-json.c - libFuzzer harness for the package-json lockfile
 * reader (see lockfile-harness.h). */
#include "lockfile-harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_lockfile("demo/package.json", data, size);
}
