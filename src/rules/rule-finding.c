/* rule-finding.c - findings of built-in rules. */
#include "rules/rule-finding.h"
#include "report/report.h"
#include "rules/rules.h"

#include <string.h>

void pwi_rule_finding(pw_report *rep, size_t pkg, const pw_rules *rules,
                      const char *id, int confidence, const char *path,
                      size_t line, const char *snippet, const char *evidence,
                      const char *message)
{
    const pwi_rule *r = pwi_rules_lookup(rules, id);
    pw_finding f;
    memset(&f, 0, sizeof f);
    f.rule = id;
    f.title = r ? r->info.title : id;
    f.severity = r ? r->info.severity : PW_SEV_MEDIUM;
    f.category = r ? r->info.category : "unknown";
    f.confidence = confidence >= 0 ? (unsigned)confidence
                                   : (r ? r->confidence : 50);
    f.remediation = r ? r->info.remediation : "";
    f.path = path ? path : "";
    f.line = line;
    f.snippet = snippet ? snippet : "";
    f.evidence = evidence ? evidence : "";
    f.message = message && *message ? message : f.title;
    pwi_report_add_finding(rep, pkg, &f);
}
