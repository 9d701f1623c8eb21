/* report-sarif.c - the report as SARIF 2.1.0 for code-scanning tools.
 *
 * One run. tool.driver.rules holds one reportingDescriptor per rule id
 * among the written findings, sorted by id; results follow the report's
 * order. Metadata comes from opt->rules when given, else from the first
 * (most severe) finding of each rule.
 *
 * Locations (docs/json-schema.md, "SARIF"): the file inside the package is
 * root + "/" + path. For a directory source the uri is
 * source/root/path; for an archive source it is <archive>!/root/path, the
 * form ingest already uses for nested archives. A source counts as an
 * archive when its name has an archive suffix or it holds a '!' (nested).
 * Relative uris carry uriBaseId %SRCROOT%; absolute sources become file://
 * uris. Every byte outside [A-Za-z0-9-._~/@+] is percent-encoded, so
 * hostile names (spaces, ':', '#', '%', non-UTF-8) still give a valid URI.
 * The exact parts are repeated in result.properties.
 */
#include "writers.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define PW_INFO_URI "https://github.com/pkgward/pkgward"
#define FINGERPRINT_KEY "pkgward/v1"

static const char *sarif_level(pw_severity s)
{
    switch (s) {
    case PW_SEV_CRITICAL:
    case PW_SEV_HIGH: return "error";
    case PW_SEV_MEDIUM: return "warning";
    case PW_SEV_LOW:
    case PW_SEV_INFO: return "note";
    }
    return "note";
}

/* GitHub code scanning ranks security alerts by this 0.0-10.0 score
 * (critical > 9.0, high >= 7.0, medium >= 4.0, low > 0). NULL: none. */
static const char *security_severity(pw_severity s)
{
    switch (s) {
    case PW_SEV_CRITICAL: return "9.5";
    case PW_SEV_HIGH: return "8.0";
    case PW_SEV_MEDIUM: return "5.5";
    case PW_SEV_LOW: return "2.0";
    case PW_SEV_INFO: return NULL;
    }
    return NULL;
}

/* ---- URIs ------------------------------------------------------------------ */

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && !strcasecmp(s + n - m, suffix);
}

static int is_archive_source(const char *s)
{
    static const char *const suffixes[] = {
        ".tgz", ".tar.gz", ".tar", ".tar.bz2", ".tbz2", ".tar.xz", ".txz",
        ".tar.zst", ".zip", ".whl", ".egg", ".jar", ".gz", ".bz2", ".xz",
        ".zst"};
    if (strchr(s, '!'))
        return 1;
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++)
        if (has_suffix(s, suffixes[i]))
            return 1;
    return 0;
}

/* Percent-encodes s into b. keep_bang keeps '!' (the nesting separator
 * inside a source name). */
static void uri_escape(pwi_buf *b, const char *s, int keep_bang)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
            (c >= '0' && c <= '9') || strchr("-._~/@+", c) ||
            (keep_bang && c == '!')) {
            pwi_buf_addc(b, (char)c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            pwi_buf_add(b, e, 3);
        }
    }
}

/* Joins a and b with one '/', skipping empty parts. */
static void join_path(pwi_buf *b, const char *a, const char *c)
{
    pwi_buf_adds(b, a);
    while (b->len > 0 && b->data[b->len - 1] == '/')
        b->data[--b->len] = '\0';
    if (*c) {
        if (b->len > 0)
            pwi_buf_addc(b, '/');
        while (*c == '/')
            c++;
        pwi_buf_adds(b, c);
    }
}

/* The uri of a file (inner path, possibly "") of source into out; sets
 * *relative. Returns 0, or -1 when there is nothing to point at. */
static int location_uri(pwi_buf *out, const char *source, const char *inner,
                        int *relative)
{
    while (source[0] == '.' && source[1] == '/')
        source += 2;
    if (!strcmp(source, "."))
        source = "";
    if (!*source && !*inner)
        return -1;
    *relative = source[0] != '/';
    if (!*relative)
        pwi_buf_adds(out, "file://");
    if (is_archive_source(source)) {
        uri_escape(out, source, 1);
        if (*inner) {
            pwi_buf_adds(out, "!/");
            uri_escape(out, inner, 0);
        }
    } else {
        pwi_buf full;
        pwi_buf_init(&full, 0);
        join_path(&full, source, inner);
        uri_escape(out, full.data ? full.data : "", 0);
        pwi_buf_release(&full);
    }
    return 0;
}

static json_t *artifact_location(pwi_jctx *c, const char *source,
                                 const char *inner)
{
    pwi_buf uri;
    int relative = 1;
    pwi_buf_init(&uri, 0);
    if (location_uri(&uri, source, inner, &relative) < 0) {
        pwi_buf_release(&uri);
        return NULL;
    }
    json_t *o = json_object();
    pwi_jset_str(c, o, "uri", uri.data);
    if (relative)
        pwi_jset_str(c, o, "uriBaseId", "%SRCROOT%");
    pwi_buf_release(&uri);
    return o;
}

/* ---- rules ------------------------------------------------------------------- */

typedef struct rule_ref {
    const char *id;
    const pw_finding *first; /* most severe finding of this rule */
} rule_ref;

typedef struct rule_table {
    rule_ref *items;
    size_t n, cap;
} rule_table;

static int cmp_rule_ref(const void *a, const void *b)
{
    return strcmp(((const rule_ref *)a)->id, ((const rule_ref *)b)->id);
}

/* Collects the distinct rule ids of the written findings, sorted by id.
 * Findings are sorted most severe first, so the first occurrence in a
 * package is its most severe there; across packages keep the highest. */
static void collect_rules(const pw_report *rep, pw_severity min,
                          rule_table *t)
{
    memset(t, 0, sizeof *t);
    size_t npkgs = pw_report_package_count(rep);
    for (size_t i = 0; i < npkgs; i++) {
        size_t n = pw_report_finding_count(rep, i);
        for (size_t j = 0; j < n; j++) {
            const pw_finding *f = pw_report_finding(rep, i, j);
            if (f->severity < min)
                continue;
            rule_ref key = {f->rule, f};
            rule_ref *r = t->n ? bsearch(&key, t->items, t->n,
                                         sizeof *t->items, cmp_rule_ref)
                               : NULL;
            if (r) {
                if (f->severity > r->first->severity)
                    r->first = f;
                continue;
            }
            PW_GROW(t->items, t->cap, t->n + 1);
            t->items[t->n++] = key;
            qsort(t->items, t->n, sizeof *t->items, cmp_rule_ref);
        }
    }
}

static size_t rule_index(const rule_table *t, const char *id)
{
    rule_ref key = {id, NULL};
    rule_ref *r = bsearch(&key, t->items, t->n, sizeof *t->items,
                          cmp_rule_ref);
    if (!r)
        PW_BUG("finding rule missing from the SARIF rule table");
    return (size_t)(r - t->items);
}

/* "npm-install-downloader" -> "NpmInstallDownloader" (SARIF's name is a
 * readable identifier; only ASCII letters and digits are kept). */
static char *rule_name(const char *id)
{
    pwi_buf b;
    pwi_buf_init(&b, 0);
    int upper = 1;
    for (const char *p = id; *p; p++) {
        char ch = *p;
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
            (ch >= '0' && ch <= '9')) {
            if (upper && ch >= 'a' && ch <= 'z')
                ch = (char)(ch - 'a' + 'A');
            pwi_buf_addc(&b, ch);
            upper = 0;
        } else {
            upper = 1;
        }
    }
    if (b.len == 0)
        pwi_buf_adds(&b, id);
    return pwi_buf_detach(&b);
}

static json_t *text_object(pwi_jctx *c, const char *text)
{
    json_t *o = json_object();
    pwi_jset_str(c, o, "text", text);
    return o;
}

/* The first http(s) URL of a newline-separated reference list, or NULL. */
static char *first_reference(const char *refs)
{
    while (refs && *refs) {
        size_t n = strcspn(refs, "\n");
        if (!strncmp(refs, "https://", 8) || !strncmp(refs, "http://", 7))
            return pwi_xstrndup(refs, n);
        refs += n;
        if (*refs == '\n')
            refs++;
    }
    return NULL;
}

static json_t *rule_json(pwi_jctx *c, const rule_ref *r, const pw_rules *rules)
{
    const pw_rule_info *info = rules ? pw_rules_find(rules, r->id) : NULL;
    const pw_finding *f = r->first;
    const char *title = info && info->title && *info->title ? info->title
                                                            : f->title;
    const char *desc = info && info->description && *info->description
                           ? info->description
                           : title;
    const char *fix = info && info->remediation && *info->remediation
                          ? info->remediation
                          : f->remediation;
    const char *category = info && info->category && *info->category
                               ? info->category
                               : f->category;
    pw_severity sev = info ? info->severity : f->severity;
    char *name = rule_name(r->id);
    char *ref = info ? first_reference(info->references) : NULL;
    if (!*title)
        title = r->id;
    if (!*desc)
        desc = title;

    json_t *o = json_object();
    pwi_jset_str(c, o, "id", r->id);
    pwi_jset_str(c, o, "name", name);
    pwi_jset(c, o, "shortDescription", text_object(c, title));
    pwi_jset(c, o, "fullDescription", text_object(c, desc));

    pwi_buf text, md;
    pwi_buf_init(&text, 0);
    pwi_buf_init(&md, 0);
    pwi_buf_adds(&text, desc);
    pwi_buf_adds(&md, desc);
    if (*fix) {
        pwi_buf_printf(&text, "\n\nRemediation: %s", fix);
        pwi_buf_printf(&md, "\n\n**Remediation:** %s", fix);
    }
    if (info && info->references && *info->references) {
        pwi_buf_adds(&md, "\n\n**References:**\n");
        for (const char *p = info->references; *p;) {
            size_t n = strcspn(p, "\n");
            if (n > 0) {
                pwi_buf_adds(&md, "\n- ");
                pwi_buf_add(&md, p, n);
            }
            p += n;
            if (*p == '\n')
                p++;
        }
    }
    json_t *help = json_object();
    pwi_jset_str(c, help, "text", text.data);
    pwi_jset_str(c, help, "markdown", md.data);
    pwi_jset(c, o, "help", help);
    pwi_buf_release(&text);
    pwi_buf_release(&md);
    if (ref)
        pwi_jset_str(c, o, "helpUri", ref);

    json_t *conf = json_object();
    pwi_jset_str(c, conf, "level", sarif_level(sev));
    pwi_jset(c, o, "defaultConfiguration", conf);

    json_t *props = json_object();
    pwi_jset_str(c, props, "category", category);
    pwi_jset_str(c, props, "severity", pw_severity_name(sev));
    json_t *tags = json_array();
    pwi_jappend(c, tags, json_string("security"));
    if (*category)
        pwi_jappend(c, tags, pwi_json_text(category));
    pwi_jset(c, props, "tags", tags);
    if (security_severity(sev))
        pwi_jset_str(c, props, "security-severity", security_severity(sev));
    pwi_jset(c, o, "properties", props);
    free(name);
    free(ref);
    return o;
}

/* ---- results ------------------------------------------------------------------ */

static json_t *result_location(pwi_jctx *c, const pw_package_info *p,
                               const pw_finding *f)
{
    pwi_buf inner;
    pwi_buf_init(&inner, 0);
    join_path(&inner, p->root, f->path);
    json_t *art = artifact_location(c, p->source, inner.data ? inner.data : "");
    pwi_buf_release(&inner);
    if (!art)
        return NULL;

    json_t *phys = json_object();
    pwi_jset(c, phys, "artifactLocation", art);
    if (f->line > 0) {
        json_t *region = json_object();
        pwi_jset_int(c, region, "startLine", f->line);
        if (f->column > 0)
            pwi_jset_int(c, region, "startColumn", f->column);
        if (*f->snippet)
            pwi_jset(c, region, "snippet", text_object(c, f->snippet));
        pwi_jset(c, phys, "region", region);
    }
    json_t *loc = json_object();
    pwi_jset(c, loc, "physicalLocation", phys);
    return loc;
}

static json_t *result_json(pwi_jctx *c, const pw_package_info *p,
                           const pw_finding *f, const rule_table *t)
{
    json_t *o = json_object();
    pwi_jset_str(c, o, "ruleId", f->rule);
    pwi_jset_int(c, o, "ruleIndex", rule_index(t, f->rule));
    pwi_jset_str(c, o, "level", sarif_level(f->severity));
    const char *msg = *f->message ? f->message : *f->title ? f->title : f->rule;
    pwi_jset(c, o, "message", text_object(c, msg));

    json_t *loc = result_location(c, p, f);
    if (loc) {
        json_t *locs = json_array();
        pwi_jappend(c, locs, loc);
        pwi_jset(c, o, "locations", locs);
    }
    json_t *fp = json_object();
    pwi_jset_str(c, fp, FINGERPRINT_KEY, f->fingerprint);
    pwi_jset(c, o, "partialFingerprints", fp);

    json_t *props = json_object();
    json_t *pkg = json_object();
    pwi_jset_str(c, pkg, "ecosystem", p->ecosystem);
    pwi_jset_str(c, pkg, "name", p->name);
    pwi_jset_str(c, pkg, "version", p->version);
    pwi_jset_str(c, pkg, "source", p->source);
    pwi_jset_str(c, pkg, "root", p->root);
    pwi_jset(c, props, "package", pkg);
    pwi_jset_str(c, props, "path", f->path);
    pwi_jset_str(c, props, "verdict", pw_verdict_name(p->verdict));
    pwi_jset_str(c, props, "severity", pw_severity_name(f->severity));
    pwi_jset_int(c, props, "confidence", f->confidence);
    pwi_jset_str(c, props, "category", f->category);
    pwi_jset_str(c, props, "evidence", f->evidence);
    if (f->line == 0 && *f->snippet) /* no region to hold it */
        pwi_jset_str(c, props, "snippet", f->snippet);
    pwi_jset(c, o, "properties", props);
    return o;
}

/* ---- errors -> invocation -------------------------------------------------- */

static json_t *notification_json(pwi_jctx *c, const pw_report_error *e)
{
    const char *msg = *e->message ? e->message : pw_strerror(e->code);
    pwi_buf text;
    pwi_buf_init(&text, 0);
    pwi_buf_adds(&text, *e->input ? e->input : "(input)");
    if (e->line > 0)
        pwi_buf_printf(&text, ":%zu", e->line);
    pwi_buf_printf(&text, ": %s", msg);

    json_t *o = json_object();
    pwi_jset_str(c, o, "level", "error");
    pwi_jset(c, o, "message", text_object(c, text.data));
    pwi_buf_release(&text);
    json_t *art = artifact_location(c, e->input, "");
    if (art) {
        json_t *phys = json_object();
        pwi_jset(c, phys, "artifactLocation", art);
        if (e->line > 0) {
            json_t *region = json_object();
            pwi_jset_int(c, region, "startLine", e->line);
            pwi_jset(c, phys, "region", region);
        }
        json_t *loc = json_object();
        pwi_jset(c, loc, "physicalLocation", phys);
        json_t *locs = json_array();
        pwi_jappend(c, locs, loc);
        pwi_jset(c, o, "locations", locs);
    }
    json_t *props = json_object();
    pwi_jset_str(c, props, "code", pwi_status_name(e->code));
    pwi_jset_str(c, props, "input", e->input);
    pwi_jset(c, o, "properties", props);
    return o;
}

static json_t *invocation_json(pwi_jctx *c, const pw_report *rep)
{
    size_t n = pw_report_error_count(rep);
    json_t *inv = json_object();
    pwi_jset(c, inv, "executionSuccessful", json_boolean(n == 0));
    if (n > 0) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n && arr && !c->failed; i++)
            pwi_jappend(c, arr, notification_json(c, pw_report_error_at(rep, i)));
        pwi_jset(c, inv, "toolExecutionNotifications", arr);
    }
    return inv;
}

/* ---- the log ---------------------------------------------------------------- */

pw_status pwi_write_sarif(const pw_report *rep, FILE *out,
                          const pw_write_options *opt, pw_error *err)
{
    pwi_jctx c = {0};
    rule_table rules;
    collect_rules(rep, opt->min_severity, &rules);

    json_t *root = json_object();
    pwi_jset_str(&c, root, "$schema", SARIF_SCHEMA);
    pwi_jset_str(&c, root, "version", "2.1.0");

    json_t *driver = json_object();
    pwi_jset_str(&c, driver, "name", "pkgward");
    pwi_jset_str(&c, driver, "version", pw_version());
    pwi_jset_str(&c, driver, "semanticVersion", pw_version());
    pwi_jset_str(&c, driver, "informationUri", PW_INFO_URI);
    json_t *rarr = json_array();
    for (size_t i = 0; i < rules.n && rarr && !c.failed; i++)
        pwi_jappend(&c, rarr, rule_json(&c, &rules.items[i], opt->rules));
    pwi_jset(&c, driver, "rules", rarr);
    json_t *tool = json_object();
    pwi_jset(&c, tool, "driver", driver);

    json_t *run = json_object();
    pwi_jset(&c, run, "tool", tool);
    json_t *invs = json_array();
    pwi_jappend(&c, invs, invocation_json(&c, rep));
    pwi_jset(&c, run, "invocations", invs);

    json_t *results = json_array();
    size_t npkgs = pw_report_package_count(rep);
    for (size_t i = 0; i < npkgs && results && !c.failed; i++) {
        const pw_package_info *p = pw_report_package(rep, i);
        size_t n = pw_report_finding_count(rep, i);
        for (size_t j = 0; j < n && !c.failed; j++) {
            const pw_finding *f = pw_report_finding(rep, i, j);
            if (f->severity >= opt->min_severity)
                pwi_jappend(&c, results, result_json(&c, p, f, &rules));
        }
    }
    pwi_jset(&c, run, "results", results);

    json_t *runs = json_array();
    pwi_jappend(&c, runs, run);
    pwi_jset(&c, root, "runs", runs);
    free(rules.items);
    return pwi_json_emit(&c, root, out, "SARIF", err);
}
