/* fuzz-lockfile-pnpm.c - libFuzzer harness for the pnpm lockfile
 * reader (see lockfile-harness.h). */
#include "lockfile-harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_lockfile("demo/pnpm-lock.yaml", data, size);
}
