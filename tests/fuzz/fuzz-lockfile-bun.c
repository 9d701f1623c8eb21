/* fuzz-lockfile-bun.c - libFuzzer harness for the bun lockfile
 * reader (see lockfile-harness.h). */
#include "lockfile-harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_lockfile("demo/bun.lock", data, size);
}
