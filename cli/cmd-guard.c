/* cmd-guard.c - pkgward npm|pnpm|pip [pkgward options] COMMAND [ARGS...],
 * pkgward npx, pkgward shell-init */
#define _GNU_SOURCE /* asprintf, environ */
#include "cli.h"

#include <errno.h>
#include <ftw.h>
#include <jansson.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

const char help_npm[] =
    "usage: pkgward npm [--warn-only] [--db FILE | --no-db] [--fail-on SEV]\n"
    "                   [--format FMT] [--config FILE | --no-config]\n"
    "                   NPM-COMMAND [NPM-ARGS...]\n"
    "\n"
    "Runs npm with every new package vetted before any of its code runs:\n"
    "  1. npm resolves only (--package-lock-only --ignore-scripts), with your\n"
    "     own npm, .npmrc, registry and credentials;\n"
    "  2. every package that is new or changed in the lockfile is checked: the\n"
    "     known-malicious database, the deny list, min_release_age, a scan of\n"
    "     its tarball (integrity-checked), a diff against the version it\n"
    "     replaces and the registry's trust signals (publisher, provenance,\n"
    "     young or near-miss new dependencies); clean verdicts are cached by\n"
    "     integrity, so a package is vetted once per machine;\n"
    "  3. on a finding at or above --fail-on (default high) the install is\n"
    "     blocked: package.json and the lockfile are restored byte for byte and\n"
    "     node_modules is untouched (exit 1); otherwise `npm ci --ignore-scripts`\n"
    "     installs exactly what was vetted and `npm rebuild` runs the install\n"
    "     scripts of install_scripts.allow packages only; the skipped ones are\n"
    "     reported with how to allow them.\n"
    "Commands other than install, add, update and ci run unguarded. pkgward's\n"
    "options come before the npm command.\n"
    "\n"
    "exit status: 0 installed, 1 blocked (or, with --warn-only, findings at or\n"
    "above --fail-on), 2 error (npm failed, no package.json, a bad option).\n";

const char help_pnpm[] =
    "usage: pkgward pnpm [--warn-only] [--db FILE | --no-db] [--fail-on SEV]\n"
    "                    [--format FMT] [--config FILE | --no-config]\n"
    "                    PNPM-COMMAND [PNPM-ARGS...]\n"
    "\n"
    "Runs pnpm with every new package vetted before any of its code runs, as\n"
    "`pkgward npm` does for npm:\n"
    "  1. pnpm resolves only (--lockfile-only --ignore-scripts), with your own\n"
    "     pnpm, .npmrc, registry and credentials;\n"
    "  2. every package that is new or changed in pnpm-lock.yaml is checked\n"
    "     (database, deny list, min_release_age, a scan of its integrity-\n"
    "     checked tarball, a diff against the version it replaces, trust\n"
    "     signals); clean verdicts are cached by integrity;\n"
    "  3. on a finding at or above --fail-on (default high) the install is\n"
    "     blocked: package.json, pnpm-lock.yaml and pnpm-workspace.yaml are\n"
    "     restored byte for byte and node_modules is untouched (exit 1);\n"
    "     otherwise `pnpm install --frozen-lockfile --ignore-scripts` installs\n"
    "     exactly what was vetted and `pnpm rebuild` runs the install scripts\n"
    "     of install_scripts.allow packages only; the skipped ones are reported.\n"
    "With --frozen-lockfile nothing is resolved and the whole lockfile is\n"
    "vetted. pnpm is $PKGWARD_PNPM, else pnpm from PATH. Commands other than\n"
    "install (i), add and update (up, upgrade) run unguarded; global installs\n"
    "(-g) and -C/--dir are refused (exit 2). pkgward's options come before\n"
    "the pnpm command.\n"
    "\n"
    "exit status: 0 installed, 1 blocked (or, with --warn-only, findings at or\n"
    "above --fail-on), 2 error (pnpm missing or failed, registry down, no\n"
    "package.json, a bad option).\n";

const char help_yarn[] =
    "usage: pkgward yarn [--warn-only] [--db FILE | --no-db] [--fail-on SEV]\n"
    "                    [--format FMT] [--config FILE | --no-config]\n"
    "                    [YARN-COMMAND] [YARN-ARGS...]\n"
    "\n"
    "Runs Yarn (3 or later) with every new package vetted before any of its\n"
    "code runs, as `pkgward npm` does for npm:\n"
    "  1. yarn resolves only (--mode=update-lockfile: packages are fetched\n"
    "     into Yarn's cache, nothing is linked or built), with your own yarn,\n"
    "     .yarnrc.yml, registry and credentials;\n"
    "  2. every package that is new or changed in yarn.lock is checked\n"
    "     (database, deny list, min_release_age, a scan of its tarball checked\n"
    "     against the registry's integrity, a diff against the version it\n"
    "     replaces, trust signals); clean verdicts are cached by integrity;\n"
    "  3. on a finding at or above --fail-on (default high) the install is\n"
    "     blocked: package.json, yarn.lock and .yarn/install-state.gz are\n"
    "     restored byte for byte and node_modules is untouched (exit 1);\n"
    "     otherwise `yarn install --immutable --mode=skip-build` installs\n"
    "     exactly what was vetted and `yarn rebuild` runs the install scripts\n"
    "     of install_scripts.allow packages only (Yarn's own enableScripts\n"
    "     still applies); the skipped ones are reported.\n"
    "`pkgward yarn` alone is `yarn install`. With --immutable nothing is\n"
    "resolved and the whole lockfile is vetted. yarn is $PKGWARD_YARN, else\n"
    "yarn from PATH. Commands other than install, add and up run unguarded;\n"
    "Yarn 1 and 2 (they cannot resolve without installing) and --cwd are\n"
    "refused (exit 2). pkgward's options come before the yarn command.\n"
    "\n"
    "exit status: 0 installed, 1 blocked (or, with --warn-only, findings at or\n"
    "above --fail-on), 2 error (yarn missing, too old or failed, registry\n"
    "down, no package.json, a bad option).\n";

/* pkgward's own options before the npm command; returns the index of the
 * first argument that is not one, or -1 after printing a usage error.
 * empty_ok: nothing after them is fine (yarn alone installs). */
static int guard_options(int argc, char **argv, cli_report_args *a,
                         pw_guard_options *o, const char **db_path, int *no_db,
                         int empty_ok)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *s = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(s, "--warn-only")) {
            o->warn_only = 1;
        } else if (!strcmp(s, "--no-db")) {
            *no_db = 1;
        } else if (!strcmp(s, "--db") && val) {
            *db_path = val;
            i++;
        } else if (!strcmp(s, "--fail-on") && val) {
            if (cli_report_option(a, CLI_OPT_FAIL_ON, val) < 0)
                return -1;
            i++;
        } else if ((!strcmp(s, "--format") || !strcmp(s, "-f")) && val) {
            if (cli_report_option(a, CLI_OPT_FORMAT, val) < 0)
                return -1;
            i++;
        } else if (!strcmp(s, "--config") && val) {
            a->setup.config_file = val;
            i++;
        } else if (!strcmp(s, "--no-config")) {
            a->setup.no_config = 1;
        } else if (!strcmp(s, "-q") || !strcmp(s, "--quiet")) {
            a->quiet = 1;
        } else {
            break; /* the wrapped tool's own option: everything from here is its */
        }
    }
    if (i >= argc && !empty_ok) {
        cli_usage_error("%s: nothing to run (see 'pkgward help %s')", argv[0],
                        argv[0]);
        return -1;
    }
    return i;
}

/* Config, rules and database for a guarded run. */
static int guard_setup(cli_report_args *a, pw_guard_options *o,
                       const char *db_path, int no_db, pw_config **cfg,
                       pw_rules **rules, pw_db **db)
{
    *db = NULL;
    if (cli_load(&a->setup, cfg, rules))
        return EXIT_ERROR;
    if (!no_db) {
        /* without the database the guard still scans; it says so rather
         * than stopping every npm command */
        char path[4096];
        pw_error e;
        if (cli_db_path(*cfg, db_path, path, sizeof path) ||
            pw_db_open(path, PW_DB_READ, db, &e) != PW_OK) {
            if (db_path) {
                pw_rules_free(*rules);
                pw_config_free(*cfg);
                return cli_fail(&e);
            }
            fprintf(stderr, "pkgward: no known-malicious database (run `pkgward "
                    "db update`); vetting without it\n");
            *db = NULL;
        }
    }
    pw_config_apply(*cfg, &o->scan);
    o->db = *db;
    o->rules = *rules;
    o->config = *cfg;
    if (a->have_fail_on)
        o->fail_on = a->fail_on;
    else
        pw_config_fail_on(*cfg, &o->fail_on);
    const char *npm = getenv("PKGWARD_NPM");
    if (npm && *npm)
        o->npm = npm; /* npx */
    return 0;
}

/* A guarded package manager: how to find it and how to guard it. */
typedef struct guard_tool {
    const char *env;      /* PKGWARD_NPM, PKGWARD_PIP */
    const char *fallback; /* the tool's name on PATH */
    int (*guarded)(const char *cmd);
    pw_status (*run)(const pw_guard_options *o, int argc, char **argv,
                     pw_report *rep, int *blocked, pw_error *err);
    const char *default_cmd; /* the command when none is given (yarn:
                                install), NULL: none */
} guard_tool;

/* pkgward TOOL [pkgward options] TOOL-ARGS: the tool's install commands
 * guarded, anything else handed to the tool untouched. */
static int guard_tool_main(int argc, char **argv, const guard_tool *t)
{
    cli_report_args a;
    cli_report_args_init(&a);
    pw_guard_options o;
    pw_guard_options_init(&o);
    const char *db_path = NULL;
    int no_db = 0;
    int i = guard_options(argc, argv, &a, &o, &db_path, &no_db,
                          t->default_cmd != NULL);
    if (i < 0)
        return EXIT_ERROR;
    const char *tool = getenv(t->env);
    tool = tool && *tool ? tool : t->fallback;
    /* the tool's command is its first argument that is not an option */
    int cmd = i;
    while (cmd < argc && argv[cmd][0] == '-')
        cmd++;
    const char *command = cmd < argc ? argv[cmd] : t->default_cmd;
    /* `npm --registry URL install x`: the command word is really an
     * option's value; passing that through would install unvetted. An
     * install command later on with an option that may take a value just
     * before the word taken is refused rather than guessed at. */
    if (cmd < argc && cmd > i && !t->guarded(command) &&
        !strchr(argv[cmd - 1], '=')) {
        for (int k = cmd + 1; k < argc; k++)
            if (argv[k][0] != '-' && t->guarded(argv[k])) {
                fprintf(stderr, "pkgward: %s %s ... %s: cannot tell whether "
                        "\"%s\" is the value of %s or the command; not "
                        "guarded: put %s's options after the command "
                        "(%s %s %s %s ...)\n", t->fallback, argv[cmd - 1],
                        argv[k], argv[cmd], argv[cmd - 1], t->fallback,
                        t->fallback, argv[k], argv[cmd - 1], argv[cmd]);
                return EXIT_ERROR;
            }
    }
    if (!command || !t->guarded(command)) {
        /* not an install: the tool itself, untouched (stdio, exit status) */
        argv[i - 1] = (char *)tool;
        execvp(tool, argv + i - 1);
        return cli_usage_error("cannot run %s: %s", tool, strerror(errno));
    }
    pw_config *cfg;
    pw_rules *rules;
    pw_db *db;
    if (guard_setup(&a, &o, db_path, no_db, &cfg, &rules, &db))
        return EXIT_ERROR;
    o.npm = o.pip = o.pnpm = o.yarn = tool;
    int rc;
    pw_report *rep = pw_report_new();
    pw_error e;
    int blocked = 0;
    /* the command first: the tool's options before it stay in order after it */
    char **args = calloc((size_t)(argc - i) + 2, sizeof *args);
    size_t na = 0;
    args[na++] = (char *)command;
    for (int k = i; k < argc; k++)
        if (k != cmd)
            args[na++] = argv[k];
    pw_status st = t->run(&o, (int)na, args, rep, &blocked, &e);
    free(args);
    if (st != PW_OK)
        fprintf(stderr, "pkgward: %s%s%s\n", *e.path ? e.path : "",
                *e.path ? ": " : "", e.msg);
    a.only_flagged = 1;
    rc = cli_finish_report(&a, cfg, rules, rep, st);
    if (st == PW_OK && blocked && rc != EXIT_ERROR)
        rc = EXIT_FINDINGS; /* an error (a release not vetted) wins */
    pw_report_free(rep);
    pw_db_close(db);
    pw_rules_free(rules);
    pw_config_free(cfg);
    return rc;
}

int cmd_npm(int argc, char **argv)
{
    static const guard_tool npm = {"PKGWARD_NPM", "npm", pw_guard_npm_guarded,
                                   pw_guard_npm, NULL};
    return guard_tool_main(argc, argv, &npm);
}

int cmd_pnpm(int argc, char **argv)
{
    static const guard_tool pnpm = {"PKGWARD_PNPM", "pnpm",
                                    pw_guard_pnpm_guarded, pw_guard_pnpm, NULL};
    return guard_tool_main(argc, argv, &pnpm);
}

int cmd_yarn(int argc, char **argv)
{
    static const guard_tool yarn = {"PKGWARD_YARN", "yarn",
                                    pw_guard_yarn_guarded, pw_guard_yarn,
                                    "install"};
    return guard_tool_main(argc, argv, &yarn);
}

/* 1 when an executable called name is on PATH. */
static int on_path(const char *name)
{
    const char *path = getenv("PATH");
    for (const char *p = path; p && *p;) {
        size_t n = strcspn(p, ":");
        char full[4200];
        snprintf(full, sizeof full, "%.*s/%s", (int)n, n ? p : ".", name);
        if (access(full, X_OK) == 0)
            return 1;
        p += n + (p[n] == ':');
    }
    return 0;
}

int cmd_pip(int argc, char **argv)
{
    /* `pkgward pip3` runs pip3; `pkgward pip` runs pip, else pip3 */
    guard_tool pip = {"PKGWARD_PIP", "pip3", pw_guard_pip_guarded,
                      pw_guard_pip, NULL};
    if (!strcmp(argv[0], "pip") && (on_path("pip") || !on_path("pip3")))
        pip.fallback = "pip";
    return guard_tool_main(argc, argv, &pip);
}

static int rm_entry(const char *path, const struct stat *sb, int flag,
                    struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* The command a package's "bin" names: "bin": "x.js" is the package's own
 * (unscoped) name; of several, the one named like the package, else the
 * first. */
static int bin_of(const char *dir, const char *name, char *out, size_t size)
{
    char *path;
    if (asprintf(&path, "%s/node_modules/%s/package.json", dir, name) < 0)
        return -1;
    json_t *m = json_load_file(path, 0, NULL);
    free(path);
    const char *unscoped = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
    const json_t *bin = json_object_get(m, "bin");
    int rc = -1;
    if (json_is_string(bin)) {
        snprintf(out, size, "%s", unscoped);
        rc = 0;
    } else if (json_is_object(bin) && json_object_size(bin)) {
        const char *key, *first = NULL;
        const json_t *v;
        json_object_foreach((json_t *)bin, key, v)
        {
            if (!first)
                first = key;
            if (!strcmp(key, unscoped))
                first = key;
        }
        if (first && !strchr(first, '/') && strcmp(first, "..")) {
            snprintf(out, size, "%s", first);
            rc = 0;
        }
    }
    json_decref(m);
    return rc;
}

int cmd_npx(int argc, char **argv)
{
    cli_report_args a;
    cli_report_args_init(&a);
    pw_guard_options o;
    pw_guard_options_init(&o);
    const char *db_path = NULL;
    int no_db = 0;
    int i = guard_options(argc, argv, &a, &o, &db_path, &no_db,
                          0);
    if (i < 0)
        return EXIT_ERROR;
    const char *spec = argv[i];
    char name[256];
    const char *at = strchr(spec[0] == '@' ? spec + 1 : spec, '@');
    snprintf(name, sizeof name, "%.*s", at ? (int)(at - spec) : (int)strlen(spec),
             spec);
    pw_config *cfg;
    pw_rules *rules;
    pw_db *db;
    if (guard_setup(&a, &o, db_path, no_db, &cfg, &rules, &db))
        return EXIT_ERROR;
    char tmpl[] = "/tmp/pkgward-npx.XXXXXX";
    char *dir = mkdtemp(tmpl);
    char cwd[4096];
    int rc = EXIT_ERROR;
    if (!dir || !getcwd(cwd, sizeof cwd)) {
        cli_usage_error("npx: cannot create a temporary directory");
        goto out;
    }
    char pj[4200];
    snprintf(pj, sizeof pj, "%s/package.json", dir);
    FILE *f = fopen(pj, "w");
    if (!f || fputs("{\"name\":\"pkgward-npx\",\"version\":\"0.0.0\",\"private\":true}\n", f) < 0 ||
        fclose(f) != 0 || chdir(dir) != 0) {
        cli_usage_error("npx: cannot prepare %s", dir);
        goto cleanup;
    }
    pw_report *rep = pw_report_new();
    pw_error e;
    int blocked = 0;
    char *install[] = {"install", (char *)spec, NULL};
    pw_status st = pw_guard_npm(&o, 2, install, rep, &blocked, &e);
    if (chdir(cwd) != 0)
        st = PW_ERR_IO;
    /* the command's stdout is the user's: findings go to stderr */
    a.to_stderr = 1;
    if (st != PW_OK)
        fprintf(stderr, "pkgward: %s\n", e.msg);
    a.only_flagged = 1;
    a.quiet = a.quiet || (!blocked && st == PW_OK);
    rc = cli_finish_report(&a, cfg, rules, rep, st);
    pw_report_free(rep);
    if (st == PW_OK && blocked && rc != EXIT_ERROR)
        rc = EXIT_FINDINGS; /* an error (a release not vetted) wins */
    if (st == PW_OK && !blocked) {
        char bin[256], *path;
        if (bin_of(dir, name, bin, sizeof bin) ||
            asprintf(&path, "%s/node_modules/.bin/%s", dir, bin) < 0) {
            rc = cli_usage_error("npx: %s has no command to run", name);
        } else {
            char **args = calloc((size_t)(argc - i) + 1, sizeof *args);
            args[0] = path;
            for (int k = i + 1; k < argc; k++)
                args[k - i] = argv[k];
            pid_t pid;
            int status = 0;
            if (posix_spawn(&pid, path, NULL, NULL, args, environ) != 0) {
                rc = cli_usage_error("npx: cannot run %s", path);
            } else {
                while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                    ;
                rc = WIFEXITED(status) ? WEXITSTATUS(status)
                                       : 128 + WTERMSIG(status);
            }
            free(args);
            free(path);
        }
    }
cleanup:
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
out:
    pw_db_close(db);
    pw_rules_free(rules);
    pw_config_free(cfg);
    return rc;
}

const char help_npx[] =
    "usage: pkgward npx [--warn-only] [--db FILE | --no-db] [--config FILE]\n"
    "                   PACKAGE[@VERSION] [ARGS...]\n"
    "\n"
    "Like npx, but the package and everything it depends on are vetted\n"
    "first, exactly as `pkgward npm install` vets them: they are resolved and\n"
    "installed into a private temporary directory with install scripts off\n"
    "(allowlisted ones run), and only then is the package's command run, in\n"
    "the current directory, with ARGS. A blocked package never runs.\n"
    "\n"
    "exit status: the command's own status; 1 when blocked; 2 on an error.\n";

const char help_pip[] =
    "usage: pkgward pip [--warn-only] [--db FILE | --no-db] [--fail-on SEV]\n"
    "                   [--format FMT] [--config FILE | --no-config]\n"
    "                   install [PIP-ARGS...]\n"
    "\n"
    "Runs `pip install` with every distribution vetted before any of its code\n"
    "is built or run:\n"
    "  1. local paths and -e directories on the command line are scanned first\n"
    "     (pip builds them to resolve);\n"
    "  2. pip resolves with your own index, options and requirement files,\n"
    "     `--dry-run --report --only-binary=:all:`, so nothing is built; a\n"
    "     requirement with no wheel has its sdist fetched from the index by\n"
    "     pkgward (sha256 checked) and vetted before pip may build it;\n"
    "  3. every distribution pip would install is downloaded (sha256 checked)\n"
    "     into a private directory and checked: the known-malicious database,\n"
    "     the deny list, min_release_age (publish times from the index's JSON\n"
    "     API; \"release age unknown\" on a plain simple index) and a scan;\n"
    "  4. on a finding at or above --fail-on (default high) nothing is\n"
    "     installed (exit 1); otherwise `pip install --no-deps` installs exactly\n"
    "     the vetted files.\n"
    "pip is $PKGWARD_PIP, else pip (pip3 for `pkgward pip3`) from PATH. Commands\n"
    "other than install run unguarded. pkgward's options come before `install`.\n"
    "Not guarded yet (refused, exit 2): direct URL requirements to sdists,\n"
    "nested requirement files; build dependencies of an sdist are installed\n"
    "by pip's build isolation without vetting.\n"
    "\n"
    "exit status: 0 installed, 1 blocked (or, with --warn-only, findings at or\n"
    "above --fail-on), 2 error (pip missing or failed, index down, bad option).\n";

const char help_shell_init[] =
    "usage: pkgward shell-init bash|zsh|fish\n"
    "\n"
    "Prints shell functions that send npm, npx, pnpm, yarn, pip and pip3 through\n"
    "pkgward's guarded install, for your shell's startup file:\n"
    "  eval \"$(pkgward shell-init bash)\"        # ~/.bashrc\n"
    "  eval \"$(pkgward shell-init zsh)\"         # ~/.zshrc\n"
    "  pkgward shell-init fish | source          # ~/.config/fish/config.fish\n"
    "Escape hatch: `command npm ...` (bash, zsh, fish) or PKGWARD_BYPASS=1 runs\n"
    "the real tool once. bun, `pnpm dlx`, `yarn dlx` and `python -m pip` are\n"
    "not guarded yet; Yarn 1 installs are refused (it cannot resolve without\n"
    "installing).\n";

int cmd_shell_init(int argc, char **argv)
{
    if (argc != 2)
        return cli_usage_error("shell-init: expected bash, zsh or fish");
    if (!strcmp(argv[1], "bash") || !strcmp(argv[1], "zsh")) {
        printf("# pkgward: npm, npx, pnpm, yarn, pip and pip3 go through the guarded install.\n"
               "# Run the real tool once with `command npm ...` or "
               "PKGWARD_BYPASS=1.\n"
               "npm() { if [ -n \"${PKGWARD_BYPASS:-}\" ]; then command npm "
               "\"$@\"; else command pkgward npm \"$@\"; fi; }\n"
               "npx() { if [ -n \"${PKGWARD_BYPASS:-}\" ]; then command npx "
               "\"$@\"; else command pkgward npx \"$@\"; fi; }\n"
               "pnpm() { if [ -n \"${PKGWARD_BYPASS:-}\" ]; then command pnpm "
               "\"$@\"; else command pkgward pnpm \"$@\"; fi; }\n"
               "yarn() { if [ -n \"${PKGWARD_BYPASS:-}\" ]; then command yarn "
               "\"$@\"; else command pkgward yarn \"$@\"; fi; }\n"
               "pip() { if [ -n \"${PKGWARD_BYPASS:-}\" ]; then command pip "
               "\"$@\"; else command pkgward pip \"$@\"; fi; }\n"
               "pip3() { if [ -n \"${PKGWARD_BYPASS:-}\" ]; then command pip3 "
               "\"$@\"; else command pkgward pip3 \"$@\"; fi; }\n");
        return EXIT_CLEAN;
    }
    if (!strcmp(argv[1], "fish")) {
        printf("# pkgward: npm, npx, pnpm, yarn, pip and pip3 go through the guarded install.\n"
               "# Run the real tool once with `command npm ...` or "
               "PKGWARD_BYPASS=1.\n"
               "function npm; if test -n \"$PKGWARD_BYPASS\"; command npm $argv; "
               "else; command pkgward npm $argv; end; end\n"
               "function npx; if test -n \"$PKGWARD_BYPASS\"; command npx $argv; "
               "else; command pkgward npx $argv; end; end\n"
               "function pnpm; if test -n \"$PKGWARD_BYPASS\"; command pnpm $argv; "
               "else; command pkgward pnpm $argv; end; end\n"
               "function yarn; if test -n \"$PKGWARD_BYPASS\"; command yarn $argv; "
               "else; command pkgward yarn $argv; end; end\n"
               "function pip; if test -n \"$PKGWARD_BYPASS\"; command pip $argv; "
               "else; command pkgward pip $argv; end; end\n"
               "function pip3; if test -n \"$PKGWARD_BYPASS\"; command pip3 $argv; "
               "else; command pkgward pip3 $argv; end; end\n");
        return EXIT_CLEAN;
    }
    return cli_usage_error("shell-init: unknown shell '%s' (known: bash, zsh, fish)",
                           argv[1]);
}
