/* fuzz-lockfile-poetry.c - libFuzzer harness for the poetry lockfile
 * reader (see lockfile-harness.h). */
#include "lockfile-harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_lockfile("demo/poetry.lock", data, size);
}
