/* fuzz-lockfile-uv.c - libFuzzer harness for the uv lockfile
 * reader (see lockfile-harness.h). */
#include "lockfile-harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_lockfile("demo/uv.lock", data, size);
}
