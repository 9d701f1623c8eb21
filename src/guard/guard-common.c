/* guard-common.c - helpers shared by the npm and pip guards. */
#define _GNU_SOURCE /* environ */
#include "guard/guard-common.h"
#include "report/report.h"
#include "rules/rule-finding.h"
#include "util/hash.h"
#include "util/mem.h"
#include "util/paths.h"
#include "util/timeutil.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

int pwi_guard_run(const char *tool, char *const *args, FILE *log,
                  const char *capture)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (capture) {
        posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, capture,
                                         O_WRONLY | O_CREAT | O_TRUNC, 0600);
        posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO);
    } else {
        posix_spawn_file_actions_adddup2(&fa, STDERR_FILENO, STDOUT_FILENO);
    }
    fprintf(log, "pkgward: running");
    for (size_t i = 0; args[i]; i++)
        fprintf(log, " %s", args[i]);
    fputc('\n', log);
    fflush(log);
    struct sigaction ign = {0}, old_int, old_quit;
    ign.sa_handler = SIG_IGN;
    sigaction(SIGINT, &ign, &old_int);
    sigaction(SIGQUIT, &ign, &old_quit);
    pid_t pid;
    int rc = posix_spawnp(&pid, tool, &fa, NULL, args, environ);
    int status = 127;
    if (rc == 0) {
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
        status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
    posix_spawn_file_actions_destroy(&fa);
    return status;
}

char *pwi_guard_verdict_path(const char *cache, const char *integrity,
                             const char *old_integrity, pw_severity fail_on,
                             const pw_rules *rules)
{
    if (!cache || !integrity)
        return NULL;
    unsigned char md[PW_SHA256_LEN];
    char hex[2 * PW_SHA256_LEN + 1];
    char *key = pwi_xasprintf("%s|%s|%d|%s|%zu", integrity,
                              old_integrity ? old_integrity : "",
                              (int)fail_on, pw_version(),
                              pw_rules_count(rules));
    pwi_sha256_buf(key, strlen(key), md);
    free(key);
    pwi_hex(md, PW_SHA256_LEN, hex);
    return pwi_xasprintf("%s/verdicts/%s", cache, hex);
}

void pwi_guard_verdict_save(const char *vpath, const char *what)
{
    const char *slash = strrchr(vpath, '/');
    char *dir = pwi_xstrndup(vpath, (size_t)(slash - vpath));
    pwi_mkdirs(dir, 0700);
    free(dir);
    FILE *f = fopen(vpath, "w");
    if (f) {
        fprintf(f, "clean %s\n", what);
        fclose(f);
    }
}

int pwi_guard_bad_since(const pw_report *rep, size_t first,
                        pw_severity fail_on)
{
    for (size_t i = first; i < pw_report_package_count(rep); i++)
        for (size_t j = 0; j < pw_report_finding_count(rep, i); j++)
            if (pw_report_finding(rep, i, j)->severity >= fail_on)
                return 1;
    return 0;
}

static size_t pkg_index(pw_report *rep, pwi_guard_pkg *p)
{
    if (p->pkg == (size_t)-1) {
        pwi_pkg_desc desc = {p->ecosystem, p->name, p->version ? p->version : "",
                             p->source, "", 0, 0};
        p->pkg = pwi_report_add_package(rep, &desc);
    }
    return p->pkg;
}

typedef struct dbhit {
    pw_report *rep;
    const pw_rules *rules;
    pwi_guard_pkg *p;
} dbhit;

static void on_db(const pw_db_match *m, void *user)
{
    dbhit *h = user;
    char msg[700];
    snprintf(msg, sizeof msg, "%s@%s is a known-malicious release (%s)",
             h->p->name, h->p->version, m->id);
    /* each record is its own report package, as audit does */
    h->p->pkg = (size_t)-1;
    pwi_rule_finding(h->rep, pkg_index(h->rep, h->p), h->rules,
                     m->all_versions ? "known-malicious-package"
                                     : "known-malicious-version",
                     -1, h->p->path, h->p->line, h->p->name, m->summary, msg);
}

void pwi_guard_db_check(pw_db *db, pw_report *rep, const pw_rules *rules,
                        pwi_guard_pkg *p)
{
    if (!db || !p->version)
        return;
    dbhit h = {rep, rules, p};
    pw_error e;
    pw_db_lookup(db, p->ecosystem, p->name, p->version, NULL, on_db, &h, &e);
}

void pwi_guard_deny_check(pw_report *rep, const pw_rules *rules,
                          const pwi_policy *pol, pwi_guard_pkg *p)
{
    if (!pwi_policy_denied(pol, p->ecosystem, p->name, p->version))
        return;
    char what[600], msg[700];
    snprintf(what, sizeof what, "%s@%s", p->name, p->version ? p->version : "?");
    snprintf(msg, sizeof msg, "%s is on the project's deny list", what);
    pwi_rule_finding(rep, pkg_index(rep, p), rules, "policy-denied", -1,
                     p->path, p->line, what, "", msg);
}

void pwi_guard_cooldown_check(pw_report *rep, const pw_rules *rules,
                              const pwi_policy *pol, int64_t now,
                              pwi_guard_pkg *p, int64_t published,
                              const char *why)
{
    if (pol->min_release_age <= 0 || !p->version)
        return;
    char what[600];
    snprintf(what, sizeof what, "%s@%s", p->name, p->version);
    if (!published) {
        char msg[1200];
        snprintf(msg, sizeof msg, "publish time of %s unknown (%s): the "
                 "cooldown could not be checked", what, why ? why : "unknown");
        pwi_rule_finding(rep, pkg_index(rep, p), rules, "release-age-unknown",
                         -1, p->path, p->line, what, "", msg);
        return;
    }
    if (!now)
        now = (int64_t)time(NULL);
    if (now - published >= pol->min_release_age)
        return;
    char when[32], msg[700];
    pwi_format_time(published + pol->min_release_age, when, sizeof when);
    snprintf(msg, sizeof msg, "%s is younger than min_release_age; it becomes "
             "eligible at %s", what, when);
    pwi_rule_finding(rep, pkg_index(rep, p), rules, "guard-cooldown-hold", -1,
                     p->path, p->line, what, "", msg);
}
