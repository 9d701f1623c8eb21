/* report-json.c - the report as JSON (schema: docs/json-schema.md).
 *
 * Key order is fixed by insertion order, so the bytes are deterministic.
 * Strings from hostile input may hold any byte: pwi_json_text() replaces
 * invalid UTF-8 with U+FFFD (jansson refuses such strings, and a JSON
 * document must be UTF-8); control characters are escaped by jansson.
 */
#include "writers.h"
#include "util/buf.h"
#include "util/error.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Bumped only on incompatible changes; additions keep the number. */
#define PW_JSON_SCHEMA_VERSION 1

/* ---- helpers shared with report-sarif.c --------------------------------- */

json_t *pwi_json_text(const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = strlen((const char *)p), i = 0;
    uint32_t cp;
    while (i < n) {
        size_t len = pwi_utf8_decode(p + i, n - i, &cp);
        if (len == 0)
            break;
        i += len;
    }
    if (i == n)
        return json_stringn((const char *)p, n);

    pwi_buf b;
    pwi_buf_init(&b, 0);
    pwi_buf_add(&b, p, i);
    while (i < n) {
        size_t len = pwi_utf8_decode(p + i, n - i, &cp);
        if (len == 0) {
            pwi_buf_adds(&b, "\xEF\xBF\xBD"); /* U+FFFD per bad byte */
            len = 1;
        } else {
            pwi_buf_add(&b, p + i, len);
        }
        i += len;
    }
    json_t *j = json_stringn(b.data, b.len);
    pwi_buf_release(&b);
    return j;
}

void pwi_jset(pwi_jctx *c, json_t *obj, const char *key, json_t *v)
{
    /* json_object_set_new consumes v even when it fails or obj is NULL */
    if (!v || json_object_set_new(obj, key, v) != 0)
        c->failed = 1;
}

void pwi_jset_str(pwi_jctx *c, json_t *obj, const char *key, const char *s)
{
    pwi_jset(c, obj, key, pwi_json_text(s));
}

void pwi_jset_int(pwi_jctx *c, json_t *obj, const char *key, uint64_t v)
{
    /* json_int_t is long long; no count or size comes near the cap */
    json_int_t i = v > (uint64_t)LLONG_MAX ? LLONG_MAX : (json_int_t)v;
    pwi_jset(c, obj, key, json_integer(i));
}

void pwi_jappend(pwi_jctx *c, json_t *arr, json_t *v)
{
    /* likewise json_array_append_new */
    if (!v || json_array_append_new(arr, v) != 0)
        c->failed = 1;
}

pw_status pwi_json_emit(pwi_jctx *c, json_t *root, FILE *out,
                        const char *what, pw_error *err)
{
    char *text = NULL;
    if (!c->failed && root)
        text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                    JSON_REAL_PRECISION(15));
    json_decref(root);
    if (!text)
        return pwi_error(err, PW_ERR_NOMEM, NULL, 0, 0,
                         "out of memory building the %s report", what);
    size_t n = strlen(text);
    int ok = fwrite(text, 1, n, out) == n && fputc('\n', out) != EOF &&
             fflush(out) == 0 && !ferror(out);
    free(text);
    if (!ok)
        return pwi_error(err, PW_ERR_IO, NULL, 0, 0,
                         "cannot write the %s report", what);
    return PW_OK;
}

/* ---- the document ---------------------------------------------------------- */

static json_t *finding_json(pwi_jctx *c, const pw_finding *f)
{
    json_t *o = json_object();
    pwi_jset_str(c, o, "rule", f->rule);
    pwi_jset_str(c, o, "title", f->title);
    pwi_jset_str(c, o, "severity", pw_severity_name(f->severity));
    pwi_jset_str(c, o, "category", f->category);
    pwi_jset_int(c, o, "confidence", f->confidence);
    pwi_jset_str(c, o, "path", f->path);
    pwi_jset_int(c, o, "line", f->line);
    pwi_jset_int(c, o, "column", f->column);
    pwi_jset_str(c, o, "message", f->message);
    pwi_jset_str(c, o, "evidence", f->evidence);
    pwi_jset_str(c, o, "remediation", f->remediation);
    pwi_jset_str(c, o, "fingerprint", f->fingerprint);
    pwi_jset_str(c, o, "snippet", f->snippet);
    return o;
}

static json_t *package_json(pwi_jctx *c, const pw_report *rep, size_t i,
                            pw_severity min)
{
    const pw_package_info *p = pw_report_package(rep, i);
    json_t *o = json_object();
    pwi_jset_str(c, o, "ecosystem", p->ecosystem);
    pwi_jset_str(c, o, "name", p->name);
    pwi_jset_str(c, o, "version", p->version);
    pwi_jset_str(c, o, "source", p->source);
    pwi_jset_str(c, o, "root", p->root);
    pwi_jset_str(c, o, "verdict", pw_verdict_name(p->verdict));
    /* json_real refuses NaN and infinities; scores are never either */
    double score = p->score >= 0 && p->score <= 1e9 ? p->score : 0;
    pwi_jset(c, o, "score", json_real(score));
    pwi_jset_int(c, o, "files", p->file_count);
    pwi_jset_int(c, o, "bytes", p->total_bytes);
    json_t *arr = json_array();
    size_t n = pw_report_finding_count(rep, i);
    for (size_t j = 0; j < n && arr; j++) {
        const pw_finding *f = pw_report_finding(rep, i, j);
        if (f->severity >= min)
            pwi_jappend(c, arr, finding_json(c, f));
    }
    pwi_jset(c, o, "findings", arr);
    return o;
}

static json_t *error_json(pwi_jctx *c, const pw_report_error *e)
{
    json_t *o = json_object();
    pwi_jset_str(c, o, "input", e->input);
    pwi_jset_str(c, o, "code", pwi_status_name(e->code));
    pwi_jset_str(c, o, "message",
                 *e->message ? e->message : pw_strerror(e->code));
    pwi_jset_int(c, o, "line", e->line);
    return o;
}

static json_t *summary_json(pwi_jctx *c, const pwi_report_counts *n,
                            pw_severity min)
{
    json_t *o = json_object();
    pwi_jset_int(c, o, "packages", n->packages);
    pwi_jset_int(c, o, "malicious", n->verdicts[PW_VERDICT_MALICIOUS]);
    pwi_jset_int(c, o, "suspicious", n->verdicts[PW_VERDICT_SUSPICIOUS]);
    pwi_jset_int(c, o, "clean", n->verdicts[PW_VERDICT_CLEAN]);
    pwi_jset_int(c, o, "findings", n->findings);
    json_t *sev = json_object();
    for (int s = PW_SEV_CRITICAL; s >= PW_SEV_INFO; s--)
        pwi_jset_int(c, sev, pw_severity_name((pw_severity)s),
                     n->by_severity[s]);
    pwi_jset(c, o, "by_severity", sev);
    pwi_jset_str(c, o, "min_severity", pw_severity_name(min));
    pwi_jset_int(c, o, "omitted", n->omitted);
    pwi_jset_int(c, o, "suppressed", n->suppressed);
    pwi_jset_int(c, o, "errors", n->errors);
    return o;
}

pw_status pwi_write_json(const pw_report *rep, FILE *out,
                         const pw_write_options *opt, pw_error *err)
{
    pwi_jctx c = {0};
    json_t *root = json_object();
    pwi_jset_int(&c, root, "schema_version", PW_JSON_SCHEMA_VERSION);
    json_t *tool = json_object();
    pwi_jset_str(&c, tool, "name", "pkgward");
    pwi_jset_str(&c, tool, "version", pw_version());
    pwi_jset(&c, root, "tool", tool);

    json_t *pkgs = json_array();
    size_t npkgs = pw_report_package_count(rep);
    for (size_t i = 0; i < npkgs && pkgs && !c.failed; i++)
        pwi_jappend(&c, pkgs, package_json(&c, rep, i, opt->min_severity));
    pwi_jset(&c, root, "packages", pkgs);

    json_t *errs = json_array();
    size_t nerrs = pw_report_error_count(rep);
    for (size_t i = 0; i < nerrs && errs && !c.failed; i++)
        pwi_jappend(&c, errs, error_json(&c, pw_report_error_at(rep, i)));
    pwi_jset(&c, root, "errors", errs);

    pwi_report_counts n;
    pwi_report_counts_compute(rep, opt->min_severity, &n);
    pwi_jset(&c, root, "summary", summary_json(&c, &n, opt->min_severity));
    return pwi_json_emit(&c, root, out, "JSON", err);
}
