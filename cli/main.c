/* main.c - pkgward entry point and command table (like git's builtin/). */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

static int cmd_help(int argc, char **argv);
static int cmd_version(int argc, char **argv);

static const char help_help[] =
    "usage: pkgward help [COMMAND]\n"
    "\n"
    "Shows the commands, or the help of one command.\n";

static const char help_version[] =
    "usage: pkgward version\n"
    "\n"
    "Prints the version of pkgward and of libpkgward.\n";

static const cli_command commands[] = {
    {"scan", cmd_scan, "scan packages for malicious code", help_scan},
    {"diff", cmd_diff, "compare two releases of a package", help_diff},
    {"check", cmd_check, "vet a release from the registry before installing it",
     help_check},
    {"rules", cmd_rules, "list, show and test detection rules", help_rules},
    {"audit", cmd_audit, "check lockfiles against known-malicious releases and policy",
     help_audit},
    {"npm", cmd_npm, "run npm with every new package vetted before it installs",
     help_npm},
    {"pnpm", cmd_pnpm, "run pnpm with every new package vetted before it installs",
     help_pnpm},
    {"yarn", cmd_yarn, "run yarn (3+) with every new package vetted before it installs",
     help_yarn},
    {"npx", cmd_npx, "vet a package, then run it like npx", help_npx},
    {"pip", cmd_pip, "run pip install with every distribution vetted before it installs",
     help_pip},
    {"pip3", cmd_pip, "the same as pip, running pip3", help_pip},
    {"shell-init", cmd_shell_init, "print shell functions routing npm/npx/pnpm/yarn/pip through pkgward",
     help_shell_init},
    {"sweep", cmd_sweep, "look for traces of known-malicious releases on this machine",
     help_sweep},
    {"export", cmd_export, "write draft OSV records for flagged packages", help_export},
    {"ioc", cmd_ioc, "import and list indicator-of-compromise bundles", help_ioc},
    {"db", cmd_db, "import, update and query the known-malicious database", help_db},
    {"help", cmd_help, "show help for a command", help_help},
    {"version", cmd_version, "print the version", help_version},
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

static const cli_command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: pkgward [--version] [--help] COMMAND [ARGS]\n\n"
                 "pkgward vets npm and PyPI packages for malicious code without "
                 "running them.\n\ncommands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\nexit status: 0 clean, 1 findings at or above --fail-on, 2 error\n"
                 "See 'pkgward help COMMAND' or man pkgward.\n");
}

static int cmd_help(int argc, char **argv)
{
    if (argc < 2) {
        usage(stdout);
        return EXIT_CLEAN;
    }
    const cli_command *c = find_command(argv[1]);
    if (!c)
        return cli_usage_error("no such command: %s (see 'pkgward help')", argv[1]);
    fputs(c->help, stdout);
    return EXIT_CLEAN;
}

static int cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("pkgward %s (libpkgward %s)\n", PW_VERSION_STRING, pw_version());
    return EXIT_CLEAN;
}

int main(int argc, char **argv)
{
#if defined(__GLIBC__)
    /* Every package is inflated into one buffer of its unpacked size.
     * glibc maps blocks that large afresh and unmaps them when freed, so
     * each package faulted in new zeroed pages: kept on the heap up to
     * 256 MB instead (popular packages reach 192 MB unpacked), a scan of
     * many archives reuses the same memory (corpus, one core: 198 K page
     * faults at 64 MB, 77 K; peak RSS the same). */
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
#endif
    if (argc < 2) {
        usage(stderr);
        return EXIT_ERROR;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--version") || !strcmp(name, "-V"))
        return cmd_version(argc - 1, argv + 1);
    if (!strcmp(name, "--help") || !strcmp(name, "-h")) {
        usage(stdout);
        return EXIT_CLEAN;
    }
    const cli_command *c = find_command(name);
    if (!c)
        return cli_usage_error("unknown command '%s' (see 'pkgward help')", name);
    /* per-command --help; npm, pnpm, npx and pip pass everything after pkgward's own
     * options to the wrapped tool, whose --help that is */
    int wraps = c->run == cmd_npm || c->run == cmd_pnpm || c->run == cmd_yarn || c->run == cmd_npx ||
                c->run == cmd_pip;
    for (int i = 2; i < argc && !(wraps && i > 2); i++) {
        if (!strcmp(argv[i], "--"))
            break;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(c->help, stdout);
            return EXIT_CLEAN;
        }
    }
    return c->run(argc - 1, argv + 1);
}
