/* fuzz-lockfile-pylock.c - libFuzzer harness for the pylock lockfile
 * reader (see lockfile-harness.h). */
#include "lockfile-harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_lockfile("demo/pylock.toml", data, size);
}
