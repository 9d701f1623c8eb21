/* report-args.c - the options and the ending every reporting command
 * (scan, audit, diff, ...) shares. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void cli_report_args_init(cli_report_args *a)
{
    memset(a, 0, sizeof *a);
    a->min_severity = PW_SEV_INFO;
    a->setup.rule_dirs = a->rule_dirs;
    a->setup.yara = a->yara;
}

int cli_report_option(cli_report_args *a, int c, const char *arg)
{
    switch (c) {
    case CLI_OPT_FORMAT:
        if (pw_format_parse(arg, &a->format))
            return cli_usage_error("--format: unknown format '%s' (known: "
                                   "text, json, sarif, osv)", arg), -1;
        a->have_format = 1;
        return 1;
    case CLI_OPT_OUTPUT:
        a->output = arg;
        return 1;
    case CLI_OPT_FAIL_ON:
    case CLI_OPT_MIN_SEV: {
        pw_severity s;
        if (pw_severity_parse(arg, &s))
            return cli_usage_error("%s: unknown severity '%s' (known: info, "
                                   "low, medium, high, critical)",
                                   c == CLI_OPT_FAIL_ON ? "--fail-on"
                                                        : "--min-severity",
                                   arg), -1;
        if (c == CLI_OPT_FAIL_ON) {
            a->fail_on = s;
            a->have_fail_on = 1;
        } else {
            a->min_severity = s;
        }
        return 1;
    }
    case CLI_OPT_RULES:
        if (a->setup.nrule_dirs >= 64)
            return cli_usage_error("--rules: at most 64 directories"), -1;
        a->rule_dirs[a->setup.nrule_dirs++] = arg;
        return 1;
    case CLI_OPT_YARA:
        if (a->setup.nyara >= 64)
            return cli_usage_error("--yara: at most 64 paths"), -1;
        a->yara[a->setup.nyara++] = arg;
        return 1;
    case CLI_OPT_CONFIG:
        a->setup.config_file = arg;
        return 1;
    case CLI_OPT_NO_CONFIG:
        a->setup.no_config = 1;
        return 1;
    case CLI_OPT_COLOR:
        if (strcmp(arg, "auto") && strcmp(arg, "always") &&
            strcmp(arg, "never"))
            return cli_usage_error("--color: expected auto, always or never, "
                                   "got '%s'", arg), -1;
        a->color = arg;
        return 1;
    case CLI_OPT_QUIET:
        a->quiet = 1;
        return 1;
    default:
        return 0;
    }
}

static int want_color(const char *when, FILE *out)
{
    if (!when || !strcmp(when, "auto")) {
        const char *nc = getenv("NO_COLOR");
        const char *term = getenv("TERM");
        return !(nc && *nc) && isatty(fileno(out)) &&
               !(term && !strcmp(term, "dumb"));
    }
    return !strcmp(when, "always");
}

int cli_finish_report(const cli_report_args *a, const pw_config *cfg,
                      const pw_rules *rules, pw_report *rep, pw_status st)
{
    pw_format fmt = PW_FORMAT_TEXT;
    pw_config_format(cfg, &fmt);
    if (a->have_format)
        fmt = a->format;
    pw_severity fail_on = PW_SEV_HIGH;
    pw_config_fail_on(cfg, &fail_on);
    if (a->have_fail_on)
        fail_on = a->fail_on;

    FILE *out = a->to_stderr ? stderr : stdout;
    if (a->output && !(out = fopen(a->output, "w")))
        return cli_usage_error("cannot write %s", a->output);
    pw_write_options wo;
    pw_write_options_init(&wo);
    wo.color = fmt == PW_FORMAT_TEXT && want_color(a->color, out);
    wo.quiet = a->quiet;
    wo.min_severity = a->min_severity;
    wo.rules = rules;
    wo.only_flagged = a->only_flagged;
    pw_error we;
    int rc = EXIT_CLEAN;
    if (pw_report_write(rep, fmt, out, &wo, &we) != PW_OK)
        rc = cli_fail(&we);
    if (out != stdout && fclose(out) != 0)
        rc = cli_usage_error("error writing %s", a->output);
    else if (!a->output && fflush(out) != 0)
        rc = cli_usage_error("error writing the report");

    /* errors are in the report too; stderr always gets them so that
     * scripts and people see why the exit status is 2 */
    for (size_t i = 0; i < pw_report_error_count(rep); i++) {
        const pw_report_error *re = pw_report_error_at(rep, i);
        if (re->line)
            fprintf(stderr, "pkgward: %s:%zu: %s\n", re->input, re->line,
                    re->message);
        else
            fprintf(stderr, "pkgward: %s: %s\n", re->input, re->message);
    }
    if (rc == EXIT_CLEAN) {
        if (st != PW_OK || pw_report_error_count(rep))
            rc = EXIT_ERROR;
        else if (pw_report_count_at_least(rep, fail_on) > 0)
            rc = EXIT_FINDINGS;
    }
    return rc;
}
