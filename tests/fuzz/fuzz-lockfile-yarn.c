/* fuzz-lockfile-yarn.c - libFuzzer harness for the yarn lockfile
 * reader (see lockfile-harness.h). */
#include "lockfile-harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_lockfile("demo/yarn.lock", data, size);
}
