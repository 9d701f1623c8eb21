/* guard.c - `pkgward npm install ...`, `pkgward pnpm add ...` and
 * `pkgward yarn add ...` (Yarn 3+): let the
 * package manager resolve without running anything, vet every package that
 * is new or changed in the lockfile, and only then install it, running
 * install scripts only for allowlisted packages. pkgward never proxies the
 * registry and never terminates TLS: the package manager resolves and
 * fetches with the user's own configuration; pkgward fetches the same
 * tarballs (integrity-checked) to read them.
 *
 * npm, pnpm and Yarn share one flow; what differs (the tool's name, its
 * lockfile, the files to restore, how to resolve only, how to install
 * exactly a lockfile, how to run the allowed install scripts, where its
 * registry is configured) is a pm_profile.
 *
 * Blocking restores package.json and the lockfile byte for byte and
 * leaves node_modules untouched (the tool only ran lockfile-only). */
#include "pkgward.h"
#include "config/policy.h"
#include "core/scan.h"
#include "guard/guard-common.h"
#include "guard/npmrc.h"
#include "lockfile/lockfile.h"
#include "registry/registry.h"
#include "registry/trust.h"
#include "report/report.h"
#include "rules/rule-finding.h"
#include "util/error.h"
#include "util/file.h"
#include "util/mem.h"
#include "util/paths.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Set by SIGINT/SIGTERM while pkgward itself works between npm's resolve
 * and install: the project is restored before exiting. */
static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    (void)sig;
    interrupted = 1;
}

#define GUARD_MAX_MANIFEST ((size_t)64 << 20)

void pw_guard_options_init(pw_guard_options *o)
{
    memset(o, 0, sizeof *o);
    pw_scan_options_init(&o->scan);
    o->fail_on = PW_SEV_HIGH;
}

/* A file as it was before npm touched it. */
typedef struct saved_file {
    const char *name;
    int existed;
    char *data;
    size_t len;
} saved_file;

static void save(saved_file *f, const char *name)
{
    memset(f, 0, sizeof *f);
    f->name = name;
    f->existed = pwi_read_file(name, GUARD_MAX_MANIFEST, name, &f->data,
                               &f->len, NULL) == PW_OK;
}

static int restore(const saved_file *f)
{
    if (!f->existed)
        return unlink(f->name) == 0 || errno == ENOENT ? 0 : -1;
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s.pkgward-restore", f->name);
    FILE *w = fopen(tmp, "wb");
    int ok = w && fwrite(f->data, 1, f->len, w) == f->len;
    if (w && fclose(w) != 0)
        ok = 0;
    return ok && rename(tmp, f->name) == 0 ? 0 : -1;
}

/* Puts back every saved file, and removes the tool's state directory when
 * the resolve created it (only if it is left empty). 0 when all went back. */
static int restore_all(const saved_file *files, size_t n, const char *state_dir,
                       int state_existed)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++)
        rc |= restore(&files[i]);
    if (state_dir && !state_existed)
        rmdir(state_dir);
    return rc;
}

/* 1 when c is one of the NULL-terminated words. */
static int one_of(const char *c, const char *const *words)
{
    for (const char *const *p = words; *p; p++)
        if (!strcmp(c, *p))
            return 1;
    return 0;
}

/* The first of argv[1..argc) that is one of words, or NULL. */
static const char *any_arg(int argc, char **argv, const char *const *words)
{
    for (int i = 1; i < argc; i++)
        if (one_of(argv[i], words))
            return argv[i];
    return NULL;
}

int pw_guard_npm_guarded(const char *c)
{
    static const char *const cmds[] = {"install", "i", "add", "in", "ins",
                                       "inst", "insta", "instal", "isnt",
                                       "isnta", "isntal", "update", "up",
                                       "upgrade", "ci", "clean-install",
                                       NULL};
    return one_of(c, cmds);
}

int pw_guard_pnpm_guarded(const char *c)
{
    static const char *const cmds[] = {"install", "i", "add", "update", "up",
                                       "upgrade", NULL};
    return one_of(c, cmds);
}

int pw_guard_yarn_guarded(const char *c)
{
    static const char *const cmds[] = {"install", "add", "up", NULL};
    return one_of(c, cmds);
}

/* An option of the user's command that carries over to the frozen install;
 * arg: "--opt VALUE" may be two words. Matched as a prefix ("--omit=dev"). */
typedef struct pm_carry {
    const char *opt;
    int arg;
} pm_carry;

/* What differs between the package managers the guard wraps. */
typedef struct pm_profile {
    const char *tool;                /* "npm": messages, `TOOL rebuild` */
    int (*guarded)(const char *cmd); /* the commands vetted */
    const char *lockfile;            /* the lockfile read before and after */
    const char *save[3];             /* files restored on a block */
    const char *const *resolve_args; /* appended to resolve only */
    const char *const *install_args; /* after the tool: install the lockfile */
    const pm_carry *carry;           /* options kept for that install */
    const char *const *refused;      /* options not guarded (global...) */
    int (*frozen)(int argc, char **argv); /* install the lockfile as it is:
                                             vet it all, do not resolve */
    int rebuild_alias;               /* rebuild by installed (alias) name */
    char *(*registry)(char *const *args); /* the tool's default registry */
    const char *state_dir;           /* created by the resolve; removed on a
                                        block when new and left empty */
    pw_status (*preflight)(const char *tool, FILE *log, pw_error *err);
} pm_profile;

static int npm_frozen(int argc, char **argv)
{
    (void)argc;
    return !strcmp(argv[0], "ci") || !strcmp(argv[0], "clean-install");
}

static int pnpm_frozen(int argc, char **argv)
{
    static const char *const flags[] = {"--frozen-lockfile", NULL};
    return any_arg(argc, argv, flags) != NULL;
}

static int yarn_frozen(int argc, char **argv)
{
    static const char *const flags[] = {"--immutable", "--frozen-lockfile",
                                        NULL};
    return any_arg(argc, argv, flags) != NULL;
}

static char *yarn_registry(char *const *args)
{
    (void)args;
    return pwi_yarn_registry();
}

/* Yarn 1 would take --mode=update-lockfile for an unknown flag and install
 * everything, scripts included: only Yarn 3+ is guarded. */
static pw_status yarn_preflight(const char *tool, FILE *log, pw_error *err)
{
    char tmpl[] = "/tmp/pkgward-yarn-version.XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0)
        return pwi_error(err, PW_ERR_IO, "yarn", 0, 0,
                         "cannot create a temporary file: %s", strerror(errno));
    close(fd);
    char *args[] = {(char *)tool, "--version", NULL};
    int rc = pwi_guard_run(tool, args, log, tmpl);
    char *out = NULL;
    size_t len = 0;
    pwi_read_file(tmpl, 4096, tmpl, &out, &len, NULL);
    unlink(tmpl);
    unsigned long major = out ? strtoul(out, NULL, 10) : 0;
    pw_status st = PW_OK;
    if (rc == 127)
        st = pwi_error(err, PW_ERR_IO, tool, 0, 0,
                       "yarn could not be started (not on PATH?); the project "
                       "was left as it was");
    else if (rc != 0 || !out || !isdigit((unsigned char)out[0]))
        st = pwi_error(err, PW_ERR_IO, tool, 0, 0,
                       "`yarn --version` failed (exit status %d); the project "
                       "was left as it was", rc);
    else if (major < 3)
        st = pwi_error(err, PW_ERR_UNSUPPORTED, tool, 0, 0,
                       "yarn %.*s is not guarded: Yarn 1 and 2 cannot resolve "
                       "without installing (Yarn 3+ can, with "
                       "--mode=update-lockfile); use Yarn 3+ (corepack), or "
                       "vet with `pkgward audit` and `pkgward check`",
                       (int)strcspn(out, "\r\n"), out);
    free(out);
    return st;
}

static const char *const npm_resolve[] = {"--package-lock-only", "--ignore-scripts",
                                          "--no-audit", "--no-fund", NULL};
static const char *const npm_install[] = {"ci", "--ignore-scripts", "--no-audit",
                                          "--no-fund", NULL};
static const pm_carry npm_carry[] = {{"--omit", 0}, {"--include", 0},
                                     {"--legacy-peer-deps", 0}, {"--force", 0},
                                     {"--registry", 1}, {"--workspace", 0},
                                     {"--include-workspace-root", 0},
                                     {"--strict-peer-deps", 0}, {NULL, 0}};
static const char *const npm_refused[] = {"-g", "--global", "--location=global",
                                          NULL};
static const pm_profile npm_profile = {
    "npm", pw_guard_npm_guarded, "package-lock.json",
    {"package.json", "package-lock.json", "npm-shrinkwrap.json"},
    npm_resolve, npm_install, npm_carry, npm_refused, npm_frozen, 1,
    pwi_npm_registry, NULL, NULL};

static const char *const pnpm_resolve[] = {"--lockfile-only", "--ignore-scripts",
                                           NULL};
static const char *const pnpm_install[] = {"install", "--frozen-lockfile",
                                           "--ignore-scripts", NULL};
static const pm_carry pnpm_carry[] = {{"--registry", 1}, {"--store-dir", 1},
                                      {"--filter", 1}, {"--recursive", 0},
                                      {"--prod", 0}, {"--production", 0},
                                      {"--no-optional", 0}, {NULL, 0}};
/* -C/--dir would make pnpm change a project other than the one saved here */
static const char *const pnpm_refused[] = {"-g", "--global", "-C", "--dir",
                                           "--lockfile-dir", NULL};
static const pm_profile pnpm_profile = {
    "pnpm", pw_guard_pnpm_guarded, "pnpm-lock.yaml",
    {"package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml"},
    pnpm_resolve, pnpm_install, pnpm_carry, pnpm_refused, pnpm_frozen, 0,
    pwi_npm_registry, NULL, NULL};

/* Yarn 3+: resolve with --mode=update-lockfile (fetches into Yarn's cache,
 * links and builds nothing), install with --immutable --mode=skip-build,
 * then `yarn rebuild NAME...` for the allowlisted packages (Yarn's own
 * enableScripts and dependenciesMeta still apply on top). */
static const char *const yarn_resolve[] = {"--mode=update-lockfile", NULL};
static const char *const yarn_install[] = {"install", "--immutable",
                                           "--mode=skip-build", NULL};
static const pm_carry yarn_carry[] = {{NULL, 0}};
/* --cwd would make Yarn change a project other than the one saved here */
static const char *const yarn_refused[] = {"--cwd", "-g", "--global", NULL};
static const pm_profile yarn_profile = {
    "yarn", pw_guard_yarn_guarded, "yarn.lock",
    {"package.json", "yarn.lock", ".yarn/install-state.gz"},
    yarn_resolve, yarn_install, yarn_carry, yarn_refused, yarn_frozen, 0,
    yarn_registry, ".yarn", yarn_preflight};

#define PM_NSAVE 3

static size_t count_words(const char *const *w)
{
    size_t n = 0;
    while (w[n])
        n++;
    return n;
}

typedef struct guard {
    const pw_guard_options *o;
    const pm_profile *pm;
    pw_scanner *sc;
    pw_report *rep;
    pwi_registry reg;
    char *registry_url; /* owned; reg.npm_url borrows it */
    char *cache;
    const pwi_policy *pol;
    size_t candidates, vetted, cached;
    char **run_scripts;   /* allowlisted packages with install scripts */
    size_t nrun, caprun;
    pwi_packument **docs; /* packuments fetched this run (trust signals) */
    size_t ndocs, capdocs;
    char **popular;       /* names near-misses are measured against */
    size_t npopular;
} guard;

#define GUARD_MAX_PACKUMENTS 20000

/* The packument of name, fetched once per run; NULL when unavailable
 * (err says why). */
static const pwi_packument *packument(guard *g, const char *name, pw_error *err)
{
    for (size_t i = 0; i < g->ndocs; i++)
        if (!strcmp(g->docs[i]->name, name))
            return g->docs[i];
    if (g->ndocs >= GUARD_MAX_PACKUMENTS) {
        pwi_error(err, PW_ERR_LIMIT, name, 0, 0, "more than %d packages looked up",
                  GUARD_MAX_PACKUMENTS);
        return NULL;
    }
    pwi_packument *pm;
    if (pwi_registry_packument(&g->reg, name, &pm, err) != PW_OK)
        return NULL;
    PW_GROW(g->docs, g->capdocs, g->ndocs + 1);
    g->docs[g->ndocs++] = pm;
    return pm;
}

static const pwi_packument *dep_lookup(void *user, const char *name)
{
    pw_error e;
    return packument(user, name, &e);
}

/* The report package of name added since index first (the scanned or
 * diffed release), or (size_t)-1. */
static size_t added_pkg(pw_report *rep, size_t first, const char *name)
{
    for (size_t i = first; i < pw_report_package_count(rep); i++)
        if (!strcmp(pw_report_package(rep, i)->name, name))
            return i;
    return (size_t)-1;
}

/* Where the release's tarball is: the lockfile's URL, else (pnpm writes
 * none for its registry's packages) the packument's dist.tarball. */
static const char *tarball_of(const pwi_lock_pkg *p, const pwi_packument *pm,
                              const char *version)
{
    if (p->resolved)
        return p->resolved;
    const pwi_reg_version *rv = pm && version ? pwi_packument_find(pm, version)
                                              : NULL;
    return rv ? rv->tarball : NULL;
}

/* Vets one new or changed package; findings go to g->rep. *relp is the
 * registry's record of the release (NULL when unavailable). */
static void vet(guard *g, const pwi_lockfile *lf, const pwi_lock_pkg *p,
                const pwi_lock_pkg *before, const pwi_reg_version **relp)
{
    g->candidates++;
    const char *name = p->name;
    char what[600];
    snprintf(what, sizeof what, "%s@%s", name, p->version ? p->version : "?");
    /* policy: deny list and cooldown */
    pwi_guard_pkg gp = {"npm", name, p->version, lf->path, g->pm->lockfile,
                        p->line, (size_t)-1};
    pwi_guard_deny_check(g->rep, g->o->rules, g->pol, &gp);
    /* a clean verdict for these exact bytes is remembered (trust signals
     * included); then the registry is asked only what can change: the
     * release's age, and whether it has install scripts when the lockfile
     * does not say. The cached path stays free of network round trips. */
    const char *integ = p->integrity;
    const char *old_integ = before ? before->integrity : NULL;
    char *vpath = pwi_guard_verdict_path(g->cache, integ, old_integ,
                                         g->o->fail_on, g->o->rules);
    struct stat sb;
    int cached = vpath && stat(vpath, &sb) == 0;
    int cooldown = g->pol->min_release_age > 0 && p->version;
    int need_meta = !cached || cooldown || !integ ||
                    !(p->flags & PWI_LOCKF_SCRIPTS_KNOWN);
    pw_error pe;
    memset(&pe, 0, sizeof pe);
    snprintf(pe.msg, sizeof pe.msg, "the lockfile gives no version");
    const pwi_packument *pm = p->version && need_meta ? packument(g, name, &pe) : NULL;
    const pwi_reg_version *rel = pm ? pwi_packument_find(pm, p->version) : NULL;
    *relp = rel;
    if (!integ && rel && rel->integrity) {
        /* Yarn 2+ hashes its cache zip, not the tarball: the registry's
         * dist.integrity is what the download is checked against */
        integ = rel->integrity;
        const pwi_reg_version *orv =
            before && !old_integ && before->version
                ? pwi_packument_find(pm, before->version) : NULL;
        if (orv)
            old_integ = orv->integrity;
        free(vpath);
        vpath = pwi_guard_verdict_path(g->cache, integ, old_integ,
                                       g->o->fail_on, g->o->rules);
        cached = vpath && stat(vpath, &sb) == 0;
    }
    if (cooldown)
        pwi_guard_cooldown_check(g->rep, g->o->rules, g->pol, g->o->now, &gp,
                                 rel ? rel->published : 0,
                                 pm ? "not in the registry metadata" : pe.msg);
    if (cached) {
        g->cached++;
        free(vpath);
        return;
    }
    pwi_reg_version rv;
    memset(&rv, 0, sizeof rv);
    rv.version = p->version;
    rv.tarball = (char *)tarball_of(p, pm, p->version);
    rv.integrity = (char *)integ;
    pwi_buf tgz;
    pw_error e;
    size_t first = pw_report_package_count(g->rep);
    if (!rv.tarball) {
        char msg[600];
        snprintf(msg, sizeof msg, "%s names no tarball and the registry's "
                 "metadata has none (%s): nothing to vet", g->pm->lockfile,
                 pm ? "no such version" : pe.msg);
        pwi_report_add_error(g->rep, what, PW_ERR_NOT_FOUND, msg, 0);
        free(vpath);
        return;
    }
    if (pwi_registry_tarball(&g->reg, &rv, &tgz, &e) != PW_OK) {
        pwi_report_add_error(g->rep, what, e.code, e.msg, 0);
        free(vpath);
        return;
    }
    pw_status st;
    const char *old_tgz = before && old_integ
                              ? tarball_of(before, pm, before->version) : NULL;
    if (old_tgz) {
        /* a changed version: what the new one does that the old did not */
        pwi_reg_version ov;
        memset(&ov, 0, sizeof ov);
        ov.version = before->version;
        ov.tarball = (char *)old_tgz;
        ov.integrity = (char *)old_integ;
        pwi_buf old;
        if (pwi_registry_tarball(&g->reg, &ov, &old, &e) == PW_OK) {
            char on[600];
            snprintf(on, sizeof on, "%s@%s", name, before->version);
            st = pw_diff_buffers(g->sc, on, old.data, old.len, what, tgz.data,
                                 tgz.len, g->rep, &e);
            pwi_buf_release(&old);
        } else {
            st = pw_scanner_scan_buffer(g->sc, what, tgz.data, tgz.len, g->rep, &e);
        }
    } else {
        st = pw_scanner_scan_buffer(g->sc, what, tgz.data, tgz.len, g->rep, &e);
    }
    pwi_buf_release(&tgz);
    g->vetted++;
    /* who published it and how, against the release it replaces; what
     * the dependencies it adds are (young, near-miss names) */
    size_t pkg = added_pkg(g->rep, first, name);
    if (rel && pkg != (size_t)-1) {
        const pwi_reg_version *old =
            before && before->version ? pwi_packument_find(pm, before->version) : NULL;
        pwi_trust_opts to = {g->o->now ? g->o->now : (int64_t)time(NULL),
                             g->pol->min_release_age > 0 ? g->pol->min_release_age : -1,
                             dep_lookup, g, (const char *const *)g->popular,
                             g->npopular};
        pwi_trust_evaluate(pm, rel, old, &to, g->o->rules, g->rep, pkg);
    }
    if (st == PW_OK && vpath && !pwi_guard_bad_since(g->rep, first, g->o->fail_on))
        pwi_guard_verdict_save(vpath, what);
    free(vpath);
}

/* Adds known-malicious findings for p from the database. */
static void db_check(guard *g, const pwi_lockfile *lf, const pwi_lock_pkg *p)
{
    pwi_guard_pkg gp = {"npm", p->name, p->version, lf->path,
                        g->pm->lockfile, p->line, (size_t)-1};
    pwi_guard_db_check(g->o->db, g->rep, g->o->rules, &gp);
}

/* The entry of name in lf installed at the same place, or NULL. */
static const pwi_lock_pkg *same_place(const pwi_lockfile *lf,
                                      const pwi_lock_pkg *p)
{
    for (size_t i = 0; lf && i < lf->npkgs; i++) {
        const pwi_lock_pkg *q = &lf->pkgs[i];
        if (!strcmp(q->name, p->name) &&
            ((q->alias && p->alias && !strcmp(q->alias, p->alias)) ||
             (!q->alias && !p->alias)))
            return q;
    }
    return NULL;
}

/* The guarded install of profile pm, run as tool (see pw_guard_npm). */
static pw_status guard_install(const pm_profile *pm, const char *tool,
                               const pw_guard_options *o, int argc, char **argv,
                               pw_report *rep, int *blocked, pw_error *err)
{
    const char *npm = tool; /* the package manager binary */
    const char *lockfile = pm->lockfile;
    FILE *log = o->log ? o->log : stderr;
    size_t nresolve = count_words(pm->resolve_args);
    /* anything but an install goes straight to the tool */
    char **args = pwi_xcalloc((size_t)argc + nresolve + 2, sizeof *args);
    args[0] = (char *)npm;
    for (int i = 0; i < argc; i++)
        args[i + 1] = argv[i];
    if (!pm->guarded(argv[0])) {
        int rc = pwi_guard_run(npm, args, log, NULL);
        free(args);
        return rc == 0 ? PW_OK : pwi_error(err, PW_ERR_IO, npm, 0, 0,
                                           "%s exited with status %d",
                                           pm->tool, rc);
    }
    const char *refused = any_arg(argc, argv, pm->refused);
    if (refused) {
        free(args);
        return pwi_error(err, PW_ERR_UNSUPPORTED, pm->tool, 0, 0,
                         "`%s %s` is not guarded yet (global installs "
                         "and other project directories); vet the "
                         "package with `pkgward check NAME@VERSION`, then "
                         "run %s directly (PKGWARD_BYPASS=1 with "
                         "shell-init)", pm->tool, refused, pm->tool);
    }
    struct stat sb;
    if (stat("package.json", &sb) != 0) {
        free(args);
        return pwi_error(err, PW_ERR_USAGE, "package.json", 0, 0,
                         "no package.json here: run the guard in the "
                         "project directory");
    }
    pw_status st = pm->preflight ? pm->preflight(npm, log, err) : PW_OK;
    if (st != PW_OK) {
        free(args);
        return st;
    }
    saved_file files[PM_NSAVE];
    for (int i = 0; i < PM_NSAVE; i++)
        save(&files[i], pm->save[i]);
    int state_existed = pm->state_dir && stat(pm->state_dir, &sb) == 0;
#define RESTORE_ALL() restore_all(files, PM_NSAVE, pm->state_dir, state_existed)
    pwi_lockfile *old_lf = NULL, *new_lf = NULL;
    pwi_lock_opts lo;
    pwi_lock_opts_init(&lo);
    pw_error le;
    if (files[1].existed)
        pwi_lock_parse(lockfile, files[1].data, files[1].len, &lo, &old_lf,
                       &le);
    int ci = pm->frozen(argc, argv);

    /* 1. resolve only */
    if (!ci) {
        size_t n = (size_t)argc + 1;
        for (size_t k = 0; k < nresolve; k++)
            args[n++] = (char *)pm->resolve_args[k];
        args[n] = NULL;
        int rc = pwi_guard_run(npm, args, log, NULL);
        args[(size_t)argc + 1] = NULL;
        if (rc != 0) {
            RESTORE_ALL();
            st = rc == 127
                     ? pwi_error(err, PW_ERR_IO, npm, 0, 0,
                                 "%s could not be started (not on PATH?); "
                                 "the project was left as it was", pm->tool)
                     : pwi_error(err, PW_ERR_IO, npm, 0, 0,
                                 "%s could not resolve (exit status %d); the "
                                 "project was left as it was", pm->tool, rc);
            goto out;
        }
    }
    st = pwi_lock_load(lockfile, &lo, &new_lf, err);
    if (st) {
        RESTORE_ALL();
        goto out;
    }

    /* 2. vet what is new or changed; an interrupt from here on restores */
    struct sigaction sa = {0}, prev_int, prev_term;
    sa.sa_handler = on_interrupt;
    sigaction(SIGINT, &sa, &prev_int);
    sigaction(SIGTERM, &sa, &prev_term);
    interrupted = 0;
    guard g;
    memset(&g, 0, sizeof g);
    g.o = o;
    g.pm = pm;
    g.rep = rep;
    g.pol = pwi_config_policy(o->config);
    if (o->cache_dir) {
        g.cache = pwi_xstrdup(o->cache_dir);
    } else {
        char *c = pwi_user_dir(PWI_DIR_CACHE);
        g.cache = c ? pwi_xasprintf("%s/registry", c) : NULL;
        free(c);
    }
    g.registry_url = pm->registry(args + 1);
    pwi_registry_init(&g.reg, g.registry_url, g.cache, 0);
    if ((st = pw_scanner_new(o->rules, &o->scan, &g.sc, err)) != PW_OK) {
        RESTORE_ALL();
        free(g.cache);
        free(g.registry_url);
        sigaction(SIGINT, &prev_int, NULL);
        sigaction(SIGTERM, &prev_term, NULL);
        goto out;
    }
    g.popular = pwi_trust_popular_load(&g.npopular);
    for (size_t i = 0; i < new_lf->npkgs && !interrupted; i++) {
        const pwi_lock_pkg *p = &new_lf->pkgs[i];
        /* registry and tarball packages are fetched and vetted; git and
         * local ones are the project's own choice of source */
        if (p->flags & PWI_LOCKF_ROOT ||
            (p->source != PWI_SRC_REGISTRY && p->source != PWI_SRC_URL))
            continue;
        const pwi_lock_pkg *before = same_place(old_lf, p);
        /* the frozen install (re)creates node_modules: every allowlisted
         * install script runs again, changed package or not. A lockfile
         * that does not say which packages have scripts (pnpm 9) has
         * every allowlisted package rebuilt: without scripts that does
         * nothing. */
        int scripts = (p->flags & PWI_LOCKF_INSTALL_SCRIPT) ||
                      !(p->flags & PWI_LOCKF_SCRIPTS_KNOWN);
        const char *rb_name = pm->rebuild_alias && p->alias ? p->alias : p->name;
        if (scripts && p->version &&
            pwi_policy_allowed(g.pol, "npm", p->name, p->version)) {
            PW_GROW(g.run_scripts, g.caprun, g.nrun + 1);
            g.run_scripts[g.nrun++] = (char *)rb_name;
        }
        if (!ci && before && before->version && p->version &&
            !strcmp(before->version, p->version))
            continue; /* unchanged: vetted when it came in */
        if (before && before->version && p->version &&
            !strcmp(before->version, p->version))
            before = NULL;
        db_check(&g, new_lf, p);
        const pwi_reg_version *rel = NULL;
        vet(&g, new_lf, p, before, &rel);
        /* whether it has install scripts: the lockfile's word, else the
         * registry's record of the release */
        if (!(p->flags & PWI_LOCKF_SCRIPTS_KNOWN))
            scripts = rel && rel->install_scripts;
        if (scripts && p->version &&
            !pwi_policy_allowed(g.pol, "npm", p->name, p->version)) {
            pwi_pkg_desc desc = {"npm", p->name, p->version, lockfile, "", 0, 0};
            size_t pk = pwi_report_add_package(rep, &desc);
            char msg[700];
            snprintf(msg, sizeof msg, "install script of %s@%s was not run "
                     "(not on install_scripts.allow); run it later with "
                     "`%s rebuild %s` once allowed", p->name, p->version,
                     pm->tool, rb_name);
            pwi_rule_finding(rep, pk, o->rules, "guard-install-script-skipped",
                             -1, lockfile, p->line, p->name, "", msg);
        }
    }
    pwi_report_apply_verdicts(rep, &o->scan.thresholds);
    pw_config_suppress(o->config, rep, o->now, o->rules, &o->scan.thresholds);
    fprintf(log, "pkgward: %zu new or changed packages: %zu scanned, %zu "
            "already vetted\n", g.candidates, g.vetted, g.cached);
    int bad = pw_report_count_at_least(rep, o->fail_on) > 0 ||
              pw_report_error_count(rep) > 0;

    /* 3. block, or install exactly what was vetted */
    if (interrupted) {
        RESTORE_ALL();
        st = pwi_error(err, PW_ERR_IO, pm->tool, 0, 0,
                       "interrupted: nothing was installed and package.json "
                       "and the lockfile were restored");
    } else if (bad && !o->warn_only) {
        int ok = RESTORE_ALL() == 0;
        *blocked = 1;
        fprintf(log, "pkgward: install blocked; package.json and the lockfile "
                "were restored%s\n", ok ? "" : " (restoring FAILED: check them)");
    } else {
        /* options that shape the install carry over to the frozen install */
        size_t ninstall = count_words(pm->install_args);
        char **ci_args = pwi_xcalloc((size_t)argc + ninstall + 2,
                                     sizeof *ci_args);
        size_t nc = 0;
        ci_args[nc++] = (char *)npm;
        for (size_t k = 0; k < ninstall; k++)
            ci_args[nc++] = (char *)pm->install_args[k];
        for (int k = 1; k < argc; k++)
            for (const pm_carry *c = pm->carry; c->opt; c++)
                if (!strncmp(argv[k], c->opt, strlen(c->opt))) {
                    ci_args[nc++] = argv[k];
                    /* "--registry URL" as two words */
                    if (!strchr(argv[k], '=') && c->arg && k + 1 < argc)
                        ci_args[nc++] = argv[++k];
                    break;
                }
        ci_args[nc] = NULL;
        int rc = pwi_guard_run(npm, ci_args, log, NULL);
        free(ci_args);
        if (rc != 0) {
            st = pwi_error(err, PW_ERR_IO, npm, 0, 0,
                           "%s %s exited with status %d", pm->tool,
                           pm->install_args[0], rc);
        } else if (g.nrun) {
            char **rb = pwi_xcalloc(g.nrun + 3, sizeof *rb);
            rb[0] = (char *)npm;
            rb[1] = "rebuild";
            for (size_t i = 0; i < g.nrun; i++)
                rb[i + 2] = g.run_scripts[i];
            rc = pwi_guard_run(npm, rb, log, NULL);
            free(rb);
            if (rc != 0)
                st = pwi_error(err, PW_ERR_IO, npm, 0, 0,
                               "%s rebuild (allowlisted install scripts) "
                               "exited with status %d", pm->tool, rc);
        }
    }
    sigaction(SIGINT, &prev_int, NULL);
    sigaction(SIGTERM, &prev_term, NULL);
    free(g.run_scripts);
    for (size_t i = 0; i < g.ndocs; i++)
        pwi_packument_free(g.docs[i]);
    free(g.docs);
    pwi_trust_popular_free(g.popular, g.npopular);
    pw_scanner_free(g.sc);
    free(g.cache);
    free(g.registry_url);
    pw_report_sort(rep);
out:
    for (int i = 0; i < PM_NSAVE; i++)
        free(files[i].data);
    pwi_lock_free(old_lf);
    pwi_lock_free(new_lf);
    free(args);
    return st;
#undef RESTORE_ALL
}

pw_status pw_guard_npm(const pw_guard_options *o, int argc, char **argv,
                       pw_report *rep, int *blocked, pw_error *err)
{
    *blocked = 0;
    if (!o || !o->rules || argc < 1)
        return pwi_error(err, PW_ERR_USAGE, NULL, 0, 0,
                         "usage: pkgward npm install|ci|update [ARGS]");
    return guard_install(&npm_profile, o->npm ? o->npm : "npm", o, argc, argv,
                         rep, blocked, err);
}

pw_status pw_guard_yarn(const pw_guard_options *o, int argc, char **argv,
                        pw_report *rep, int *blocked, pw_error *err)
{
    *blocked = 0;
    if (!o || !o->rules || argc < 1)
        return pwi_error(err, PW_ERR_USAGE, NULL, 0, 0,
                         "usage: pkgward yarn install|add|up [ARGS]");
    return guard_install(&yarn_profile, o->yarn ? o->yarn : "yarn", o, argc,
                         argv, rep, blocked, err);
}

pw_status pw_guard_pnpm(const pw_guard_options *o, int argc, char **argv,
                        pw_report *rep, int *blocked, pw_error *err)
{
    *blocked = 0;
    if (!o || !o->rules || argc < 1)
        return pwi_error(err, PW_ERR_USAGE, NULL, 0, 0,
                         "usage: pkgward pnpm install|add|update [ARGS]");
    return guard_install(&pnpm_profile, o->pnpm ? o->pnpm : "pnpm", o, argc,
                         argv, rep, blocked, err);
}
