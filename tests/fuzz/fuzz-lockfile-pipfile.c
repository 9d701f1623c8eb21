/* fuzz-lockfile-pipfile.c - libFuzzer harness for the pipfile lockfile
 * reader (see lockfile-harness.h). */
#include "lockfile-harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_lockfile("demo/Pipfile.lock", data, size);
}
