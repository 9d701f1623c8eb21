/* rule-finding.h - a finding of a built-in rule, with its metadata (title,
 * severity, category, confidence, remediation) from the rule file. Used by
 * the commands whose checks are code (audit, diff, check, sweep). */
#ifndef PW_RULES_RULE_FINDING_H
#define PW_RULES_RULE_FINDING_H

#include "pkgward.h"

/* Adds a finding of rule id to report package pkg. A rule missing from
 * the set (a partial rules directory) still reports, as medium. confidence
 * < 0: the rule's own. Strings may be NULL (empty). */
void pwi_rule_finding(pw_report *rep, size_t pkg, const pw_rules *rules,
                      const char *id, int confidence, const char *path,
                      size_t line, const char *snippet, const char *evidence,
                      const char *message);

#endif
