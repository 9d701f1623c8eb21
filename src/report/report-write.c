/* report-write.c - pw_report_write: option defaults and format dispatch. */
#include "writers.h"
#include "util/error.h"

#include <string.h>

void pw_write_options_init(pw_write_options *o)
{
    memset(o, 0, sizeof *o);
    o->color = 0;
    o->quiet = 0;
    o->min_severity = PW_SEV_INFO;
    o->rules = NULL;
}

pw_status pw_report_write(const pw_report *rep, pw_format fmt, FILE *out,
                          const pw_write_options *opt, pw_error *err)
{
    pw_write_options defaults;
    if (!rep || !out)
        return pwi_error(err, PW_ERR_USAGE, NULL, 0, 0,
                         "pw_report_write: report and output are required");
    if (!opt) {
        pw_write_options_init(&defaults);
        opt = &defaults;
    }
    if ((unsigned)opt->min_severity > PW_SEV_CRITICAL)
        return pwi_error(err, PW_ERR_USAGE, NULL, 0, 0,
                         "pw_report_write: invalid minimum severity %d",
                         (int)opt->min_severity);
    switch (fmt) {
    case PW_FORMAT_TEXT: return pwi_write_text(rep, out, opt, err);
    case PW_FORMAT_JSON: return pwi_write_json(rep, out, opt, err);
    case PW_FORMAT_SARIF: return pwi_write_sarif(rep, out, opt, err);
    case PW_FORMAT_OSV: return pwi_write_osv(rep, out, opt, err);
    }
    return pwi_error(err, PW_ERR_USAGE, NULL, 0, 0,
                     "pw_report_write: unknown format %d", (int)fmt);
}

void pwi_report_counts_compute(const pw_report *rep, pw_severity min,
                               pwi_report_counts *c)
{
    memset(c, 0, sizeof *c);
    c->packages = pw_report_package_count(rep);
    c->suppressed = pw_report_suppressed_count(rep);
    for (size_t i = 0; i < c->packages; i++) {
        const pw_package_info *p = pw_report_package(rep, i);
        if ((unsigned)p->verdict <= PW_VERDICT_MALICIOUS)
            c->verdicts[p->verdict]++;
        size_t n = pw_report_finding_count(rep, i);
        for (size_t j = 0; j < n; j++) {
            const pw_finding *f = pw_report_finding(rep, i, j);
            if (f->severity < min) {
                c->omitted++;
                continue;
            }
            c->findings++;
            if ((unsigned)f->severity <= PW_SEV_CRITICAL)
                c->by_severity[f->severity]++;
        }
    }
    c->errors = pw_report_error_count(rep);
}

const char *pwi_status_name(pw_status code)
{
    switch (code) {
    case PW_OK: return "ok";
    case PW_ERR_NOMEM: return "nomem";
    case PW_ERR_USAGE: return "usage";
    case PW_ERR_IO: return "io";
    case PW_ERR_FORMAT: return "format";
    case PW_ERR_LIMIT: return "limit";
    case PW_ERR_CONFIG: return "config";
    case PW_ERR_RULES: return "rules";
    case PW_ERR_UNSUPPORTED: return "unsupported";
    case PW_ERR_INTERNAL: return "internal";
    case PW_ERR_NOT_FOUND: return "not-found";
    }
    return "unknown";
}

static int is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

size_t pwi_utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
    unsigned char c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        if (n < 2 || !is_cont(p[1]))
            return 0;
        *cp = ((uint32_t)(c & 0x1F) << 6) | (p[1] & 0x3F);
        return 2;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || !is_cont(p[1]) || !is_cont(p[2]))
            return 0;
        if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F))
            return 0; /* overlong, or a UTF-16 surrogate */
        *cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) |
              (p[2] & 0x3F);
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || !is_cont(p[1]) || !is_cont(p[2]) || !is_cont(p[3]))
            return 0;
        if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F))
            return 0; /* overlong, or above U+10FFFF */
        *cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
              ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
        return 4;
    }
    return 0;
}
