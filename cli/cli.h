/* cli.h - the pkgward command line: a table of commands, each parsing its
 * own options and calling the library. No command formats findings; the
 * library's reporters do. */
#ifndef PW_CLI_H
#define PW_CLI_H

#include "pkgward.h"

#include <stdio.h>

/* Exit statuses (documented in the man page). */
enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_ERROR = 2 };

typedef struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
    const char *help; /* the text of `pkgward help NAME` */
} cli_command;

int cmd_scan(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_ioc(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_npm(int argc, char **argv);
int cmd_pnpm(int argc, char **argv);
int cmd_yarn(int argc, char **argv);
int cmd_npx(int argc, char **argv);
int cmd_pip(int argc, char **argv);
int cmd_shell_init(int argc, char **argv);

extern const char help_scan[];
extern const char help_rules[];
extern const char help_audit[];
extern const char help_db[];
extern const char help_diff[];
extern const char help_check[];
extern const char help_sweep[];
extern const char help_ioc[];
extern const char help_export[];
extern const char help_npm[];
extern const char help_pnpm[];
extern const char help_yarn[];
extern const char help_npx[];
extern const char help_pip[];
extern const char help_shell_init[];

/* "pkgward: <path>:<line>:<col>: <msg>" on stderr. Returns EXIT_ERROR. */
int cli_fail(const pw_error *e);
/* "pkgward: <fmt>" on stderr. Returns EXIT_ERROR. */
int cli_usage_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* Parses "123", "64KiB", "32MiB", "1GiB", "10MB"... Returns 0 on success. */
int cli_parse_size(const char *s, uint64_t *out);
/* Parses a decimal count; returns 0 on success. */
int cli_parse_count(const char *s, uint64_t max, uint64_t *out);

/* Loads config (explicit file, or default lookup unless disabled) and
 * the rule set (shipped + config dirs + extra dirs). */
typedef struct cli_setup {
    const char *config_file; /* --config */
    int no_config;           /* --no-config */
    const char **rule_dirs;  /* --rules, repeatable */
    size_t nrule_dirs;
    const char **yara;       /* --yara, repeatable */
    size_t nyara;
} cli_setup;
int cli_load(const cli_setup *s, pw_config **cfg, pw_rules **rules);
/* The end of a command that loaded rules: frees them in sanitizer
 * builds only (the process is about to exit). */
void cli_rules_done(pw_rules *rules);
/* Only the config part of cli_load. */
int cli_load_config(const cli_setup *s, pw_config **cfg);

/* Opens the known-malicious database: path (--db), else db.path from the
 * config, else $PKGWARD_DB, else the default location. Prints the error
 * and returns EXIT_ERROR on failure, 0 on success. */
int cli_open_db(const pw_config *cfg, const char *path, unsigned flags,
                pw_db **out);
/* The database path cli_open_db would use, into buf. */
int cli_db_path(const pw_config *cfg, const char *path, char *buf,
                size_t size);
/* pw_time_parse for an option value. */
int cli_parse_time(const char *s, int64_t *out);

/* ---- options every reporting command shares ----------------------------- */

/* getopt_long values of the shared options (above any short option). */
enum {
    CLI_OPT_FORMAT = 'f',
    CLI_OPT_OUTPUT = 'o',
    CLI_OPT_QUIET = 'q',
    CLI_OPT_FAIL_ON = 200,
    CLI_OPT_MIN_SEV,
    CLI_OPT_RULES,
    CLI_OPT_YARA,
    CLI_OPT_CONFIG,
    CLI_OPT_NO_CONFIG,
    CLI_OPT_COLOR
};

/* Rows for a struct option table (end the table yourself). */
#define CLI_REPORT_LONG_OPTS                                            \
    {"format", required_argument, NULL, CLI_OPT_FORMAT},                \
    {"output", required_argument, NULL, CLI_OPT_OUTPUT},                \
    {"fail-on", required_argument, NULL, CLI_OPT_FAIL_ON},              \
    {"min-severity", required_argument, NULL, CLI_OPT_MIN_SEV},         \
    {"rules", required_argument, NULL, CLI_OPT_RULES},                  \
    {"config", required_argument, NULL, CLI_OPT_CONFIG},                \
    {"no-config", no_argument, NULL, CLI_OPT_NO_CONFIG},                \
    {"color", required_argument, NULL, CLI_OPT_COLOR},                  \
    {"quiet", no_argument, NULL, CLI_OPT_QUIET}
/* Short options of the shared set, for the optstring. */
#define CLI_REPORT_SHORT_OPTS "f:o:q"

typedef struct cli_report_args {
    int have_format, have_fail_on;
    pw_format format;
    pw_severity fail_on, min_severity;
    const char *output;
    const char *color;
    int quiet;
    int only_flagged;  /* text: list only packages with findings */
    int to_stderr;     /* write the report on stderr (wrappers like npx) */
    cli_setup setup;
    const char *rule_dirs[64];
    const char *yara[64];
} cli_report_args;

void cli_report_args_init(cli_report_args *a);
/* Handles option c when it is a shared one: 1 handled, 0 not shared,
 * -1 bad value (message printed). */
int cli_report_option(cli_report_args *a, int c, const char *arg);

/*
 * Writes rep as the arguments and the config say, prints the report's
 * errors on stderr, and returns the exit status: 2 when st is an error or
 * the report has errors, 1 with a finding at or above --fail-on (default
 * high), else 0.
 */
int cli_finish_report(const cli_report_args *a, const pw_config *cfg,
                      const pw_rules *rules, pw_report *rep, pw_status st);

#endif
