/* cmd-rules.c - pkgward rules list | show ID | test [DIR] */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

const char help_rules[] =
    "usage: pkgward rules list [--rules DIR]... [--yara PATH]...\n"
    "       pkgward rules show ID [--rules DIR]... [--yara PATH]...\n"
    "       pkgward rules test [DIR]\n"
    "\n"
    "list   one line per rule: id, severity, category, title\n"
    "show   everything about one rule: description, remediation, references, file\n"
    "test   run every rule's fixtures (tests/malicious must match, tests/benign\n"
    "       must not); with DIR, the rules in DIR (added to the shipped ones) only.\n"
    "       Ends with 'N passed, N failed'; exit 1 when a check fails.\n";

static int rules_list(const pw_rules *r)
{
    for (size_t i = 0; i < pw_rules_count(r); i++) {
        const pw_rule_info *ri = pw_rules_get(r, i);
        printf("%-40s %-8s %-16s %s\n", ri->id, pw_severity_name(ri->severity),
               ri->category, ri->title);
    }
    return EXIT_CLEAN;
}

static int rules_show(const pw_rules *r, const char *id)
{
    const pw_rule_info *ri = pw_rules_find(r, id);
    if (!ri)
        return cli_usage_error("no rule with id '%s' (see 'pkgward rules list')", id);
    printf("id:          %s\ntitle:       %s\nseverity:    %s\ncategory:    %s\n"
           "ecosystems:  %s\napplies to:  %s\nfile:        %s\n\n%s\n\nremediation: %s\n",
           ri->id, ri->title, pw_severity_name(ri->severity), ri->category,
           ri->ecosystems, ri->applies_to, ri->file, ri->description, ri->remediation);
    if (ri->references[0])
        printf("\nreferences:\n  %s\n", ri->references);
    return EXIT_CLEAN;
}

/* Does dir hold any of the shipped rule files? */
static int shipped_under(const char *dir)
{
    pw_rules *r;
    pw_error e;
    if (pw_rules_new(&r, NULL, &e))
        return 0;
    char *real = realpath(dir, NULL);
    int found = 0;
    for (size_t i = 0; real && i < pw_rules_count(r) && !found; i++) {
        char *rf = realpath(pw_rules_get(r, i)->file, NULL);
        size_t l = strlen(real);
        found = rf && !strncmp(rf, real, l) && (rf[l] == '/' || !rf[l]);
        free(rf);
    }
    free(real);
    pw_rules_free(r);
    return found;
}

int cmd_rules(int argc, char **argv)
{
    static const struct option opts[] = {{"rules", required_argument, NULL, 'r'},
                                         {"yara", required_argument, NULL, 'y'},
                                         {NULL, 0, NULL, 0}};
    const char *dirs[64], *yara[64];
    cli_setup s = {.no_config = 1, .rule_dirs = dirs, .yara = yara};
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (c == 'r' && s.nrule_dirs < 64)
            dirs[s.nrule_dirs++] = optarg;
        else if (c == 'y' && s.nyara < 64)
            yara[s.nyara++] = optarg;
        else
            return cli_usage_error("rules: bad option '%s' (see 'pkgward help rules')",
                                   argv[optind - 1]);
    }
    if (optind >= argc)
        return cli_usage_error("rules: expected list, show ID or test [DIR]");
    const char *sub = argv[optind];
    const char *arg = optind + 1 < argc ? argv[optind + 1] : NULL;
    pw_config *cfg;
    pw_rules *rules;
    pw_error e;
    /* test DIR: DIR's rules join the shipped ones unless DIR is (inside)
     * the shipped directory, which would define every rule twice */
    if (!strcmp(sub, "test") && arg && !shipped_under(arg) && s.nrule_dirs < 64)
        dirs[s.nrule_dirs++] = arg;
    if (cli_load(&s, &cfg, &rules))
        return EXIT_ERROR;

    int rc;
    if (!strcmp(sub, "list")) {
        rc = rules_list(rules);
    } else if (!strcmp(sub, "show")) {
        rc = arg ? rules_show(rules, arg) : cli_usage_error("rules show: missing ID");
    } else if (!strcmp(sub, "test")) {
        size_t passed, failed;
        if (pw_rules_test(rules, arg, stdout, &passed, &failed, &e)) {
            rc = cli_fail(&e);
        } else {
            printf("%zu passed, %zu failed\n", passed, failed);
            rc = failed ? EXIT_FINDINGS : EXIT_CLEAN;
        }
    } else {
        rc = cli_usage_error("rules: unknown subcommand '%s' (list, show, test)", sub);
    }
    pw_rules_free(rules);
    pw_config_free(cfg);
    return rc;
}
