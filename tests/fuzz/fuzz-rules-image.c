/* fuzz-rules-image.c - the cached rule image reader (src/rules/
 * rules-image.c): arbitrary payload bytes must decode to well-formed rules
 * or be refused, never crash or over-allocate. The PCRE2 section is kept
 * empty: PCRE2 does not validate serialised patterns, which is why the
 * reader only hands it bytes whose checksum holds. */
#include "rules/rules-image.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pwi_rule *rules;
    size_t n;
    if (pwi_rules_image_decode(data, size, 0, &rules, &n) == 0) {
        for (size_t i = 0; i < n; i++) {
            /* what the rest of pkgward relies on */
            if (!rules[i].info.id || !rules[i].info.file || !rules[i].fixtures)
                abort();
            pwi_rule_release(&rules[i]);
        }
        free(rules);
    }
    return 0;
}
