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

extern const char help_scan[];
extern const char help_rules[];

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

#endif
