/* fuzz-rules.c - rule files are input too (--rules DIR takes user files):
 * parse arbitrary bytes as a rule, compile the set and match it once. */
#include "pkgward.h"
#include "rules/rules.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setenv("PKGWARD_CACHE_DIR", "off", 1);
    pw_rules *r = pwi_rules_new_empty();
    pw_error e;
    if (pwi_rules_add_buffer(r, "fuzz.yml", (const char *)data, size, &e) == PW_OK &&
        pw_rules_compile(r, &e) == PW_OK) {
        static const char js[] =
            "const cp = require('chi' + 'ld_process');\n"
            "eval(Buffer.from('Y29uc29sZS5sb2coMSk=', 'base64').toString());\n";
        pw_scanner *sc;
        if (pw_scanner_new(r, NULL, &sc, &e) == PW_OK) {
            pw_report *rep = pw_report_new();
            pw_scanner_scan_buffer(sc, "x.js", js, sizeof js - 1, rep, &e);
            pw_report_free(rep);
            pw_scanner_free(sc);
        }
    }
    pw_rules_free(r);
    return 0;
}
