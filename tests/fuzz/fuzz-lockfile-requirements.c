/* fuzz-lockfile-requirements.c - libFuzzer harness for the requirements lockfile
 * reader (see lockfile-harness.h). */
#include "lockfile-harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_lockfile("demo/requirements.txt", data, size);
}
