/* emit.c - analyzers state hits; rules supply what they mean. */
#include "analyze.h"
#include "util/buf.h"
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SNIPPET_MAX 200

void pwi_emit(pwi_actx *a, const pwi_hit *h)
{
    const pwi_rule *r = pwi_rules_lookup(a->rules, h->rule);
    pw_finding f;
    memset(&f, 0, sizeof f);
    f.rule = h->rule;
    if (r) {
        f.title = r->info.title;
        f.severity = r->info.severity;
        f.category = r->info.category;
        f.remediation = r->info.remediation;
        f.confidence = r->confidence;
    } else {
        /* a built-in check whose rule file is missing: still report it */
        f.title = h->rule;
        f.severity = PW_SEV_MEDIUM;
        f.category = "unknown";
        f.remediation = "";
        f.confidence = 50;
    }
    if (h->confidence >= 0)
        f.confidence = (unsigned)h->confidence;
    /* tests and docs are not shipped behaviour; install-time files are */
    pwi_buf ev;
    pwi_buf_init(&ev, 0);
    pwi_buf_adds(&ev, h->evidence ? h->evidence : "");
    if ((h->role & PWI_ROLE_INSTALL) && !(h->role & (PWI_ROLE_TEST | PWI_ROLE_DOC)) &&
        f.severity == PW_SEV_HIGH && pwi_is_capability(f.category)) {
        /* the same behaviour is worse when npm/pip run it unasked */
        f.severity = PW_SEV_CRITICAL;
        pwi_buf_printf(&ev, "%sraised to critical: runs at install time",
                       ev.len ? "; " : "");
    } else if ((h->role & PWI_ROLE_ENTRY) && !(h->role & (PWI_ROLE_TEST | PWI_ROLE_DOC)) &&
               f.severity == PW_SEV_HIGH && pwi_is_capability(f.category)) {
        /* the package's entry point runs in every program that loads it
         * (peacenotwar, ctx, importantpackage acted on import) */
        f.severity = PW_SEV_CRITICAL;
        pwi_buf_printf(&ev, "%sraised to critical: runs when the package is loaded",
                       ev.len ? "; " : "");
    } else if ((h->role & (PWI_ROLE_TEST | PWI_ROLE_DOC)) && !(h->role & PWI_ROLE_INSTALL)) {
        f.confidence /= 2;
        pwi_buf_printf(&ev, "%sin a test or documentation file", ev.len ? "; " : "");
    }
    f.path = h->path ? h->path : "";
    f.line = h->line;
    f.column = h->col;
    char *snip = NULL;
    if (h->snippet) {
        size_t n = h->snippet_len ? h->snippet_len : strlen(h->snippet);
        snip = pwi_escape(h->snippet, n, SNIPPET_MAX);
    }
    f.snippet = snip ? snip : "";
    f.message = h->message ? h->message : f.title;
    f.evidence = ev.data ? ev.data : "";
    pwi_report_add_finding(a->rep, a->rep_pkg, &f);
    free(snip);
    pwi_buf_release(&ev);
}

void pwi_line_col(const unsigned char *p, size_t n, size_t off, size_t *line,
                  size_t *col)
{
    size_t l = 1, last_nl = 0;
    int seen = 0;
    if (off > n)
        off = n;
    for (size_t i = 0; i < off; i++)
        if (p[i] == '\n') {
            l++;
            last_nl = i;
            seen = 1;
        }
    *line = l;
    *col = off - (seen ? last_nl + 1 : 0) + 1;
}

void pwi_line_at(const unsigned char *p, size_t n, size_t off, size_t max,
                 const char **start, size_t *len)
{
    if (off > n)
        off = n;
    size_t s = off, e = off;
    while (s > 0 && p[s - 1] != '\n' && off - (s - 1) <= max / 2)
        s--;
    while (e < n && p[e] != '\n' && p[e] != '\r' && (e - s) < max)
        e++;
    while (s < e && (p[s] == ' ' || p[s] == '\t'))
        s++;
    *start = (const char *)p + s;
    *len = e - s;
}
