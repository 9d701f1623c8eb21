/* scan.h - the scanner's internals shared with other commands (diff,
 * check) that ingest inputs themselves and still want the engine's
 * findings for them. */
#ifndef PW_CORE_SCAN_H
#define PW_CORE_SCAN_H

#include "pkgward.h"
#include "ingest/package.h"

/* Analyzes packages pk[0..npk) of tree t (found by pwi_packages_find)
 * into rep, one report package each in the order given. Directory trees
 * get their per-package limits applied. Returns PW_ERR_LIMIT when a
 * package was cut short (recorded in rep), else PW_OK. */
pw_status pwi_scan_packages(const pw_scanner *sc, pwi_tree *t, pwi_package *pk,
                            size_t npk, pw_report *rep);

const pw_scan_options *pwi_scanner_options(const pw_scanner *sc);
const pw_rules *pwi_scanner_rules(const pw_scanner *sc);

#endif
