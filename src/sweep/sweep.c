#define _GNU_SOURCE /* memmem */
/* sweep.c - `pkgward sweep`: was this machine hit? Walks the given roots
 * (never following symlinks, surviving unreadable directories and special
 * files) and reports installed packages that are known-malicious (by
 * version, or by name when every version is), tarballs npm's cache
 * fetched, files a known payload dropped (by path, or by SHA-256 when the
 * size matches), worm workflows, and shell startup / LaunchAgent files
 * that carry an indicator. Every lockfile found is audited too. Findings
 * are sweep-* rules; their remediation plus the incident's say what to
 * remove and which credentials to rotate. */
#include "pkgward.h"
#include "db/version.h"
#include "ingest/package.h"
#include "ioc/ioc.h"
#include "lockfile/lockfile.h"
#include "report/report.h"
#include "rules/rule-finding.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/file.h"
#include "util/hash.h"
#include "util/mem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SWEEP_MAX_DEPTH 64
#define SWEEP_MAX_MANIFEST ((size_t)1 << 20)
#define SWEEP_MAX_TEXT ((size_t)4 << 20)
#define SWEEP_MAX_LOCKFILES 10000
#define SWEEP_MAX_CODE ((size_t)512 << 10) /* package files searched for
                                              indicators */

typedef struct sweep {
    const pw_sweep_options *o;
    pw_report *rep;
    pwi_ioc_bundle **iocs;
    size_t niocs;
    char **lockfiles;
    size_t nlockfiles, caplockfiles;
    size_t dirs, files, unreadable, special, symlinks;
    size_t nindicators;   /* network indicators across the bundles */
    const char *os;
} sweep;

void pw_sweep_options_init(pw_sweep_options *o)
{
    memset(o, 0, sizeof *o);
    pw_thresholds_default(&o->thresholds);
}

static size_t add_pkg(sweep *s, const char *eco, const char *name,
                      const char *version, const char *source)
{
    /* a file finding is named after the file */
    if (!*name && strrchr(source, '/'))
        name = strrchr(source, '/') + 1;
    pwi_pkg_desc d = {eco, name, version, source, "", 0, 0};
    return pwi_report_add_package(s->rep, &d);
}

static void finding(sweep *s, size_t pkg, const char *rule, const char *path,
                    size_t line, const char *snippet, const char *evidence,
                    const char *msg)
{
    pwi_rule_finding(s->rep, pkg, s->o->rules, rule, -1, path, line, snippet,
                     evidence, msg);
}

/* ---- installed packages ---------------------------------------------------- */

typedef struct hit_ctx {
    sweep *s;
    const char *eco, *name, *version, *dir;
    size_t pkg;
    int any;
} hit_ctx;

static void ensure_pkg(hit_ctx *h)
{
    if (h->pkg == (size_t)-1)
        h->pkg = add_pkg(h->s, h->eco, h->name, h->version ? h->version : "",
                         h->dir);
}

static void on_record(const pw_db_match *m, void *user)
{
    hit_ctx *h = user;
    ensure_pkg(h);
    char msg[1024], ev[1024];
    snprintf(ev, sizeof ev, "%s: %s", m->id, m->summary);
    if (h->version && !m->all_versions)
        snprintf(msg, sizeof msg, "%s@%s is installed here and is a "
                 "known-malicious release (%s)", h->name, h->version, m->id);
    else
        snprintf(msg, sizeof msg, "%s is installed here (its package.json "
                 "says %s) and every version of it is malicious (%s): the "
                 "version it claims may have been rewritten after it ran",
                 h->name, h->version ? h->version : "no version", m->id);
    finding(h->s, h->pkg,
            h->version && !m->all_versions ? "sweep-malicious-installed"
                                           : "sweep-malicious-package-present",
            "package.json", 0, h->name, ev, msg);
    h->any = 1;
}

static void check_installed(sweep *s, const char *eco, const char *name,
                            const char *version, const char *dir)
{
    hit_ctx h = {s, eco, name, version, dir, (size_t)-1, 0};
    pw_error e;
    if (s->o->db)
        pw_db_lookup(s->o->db, eco, name, version, NULL, on_record, &h, &e);
    for (size_t i = 0; i < s->niocs; i++) {
        int vhit;
        const pwi_ioc_pkg *k = pwi_ioc_find_package(s->iocs[i], eco, name,
                                                    version, &vhit);
        if (!k || !vhit)
            continue;
        ensure_pkg(&h);
        char msg[1024], ev[2048];
        snprintf(ev, sizeof ev, "IOC bundle %s (%s)%s%s", s->iocs[i]->id,
                 s->iocs[i]->title, s->iocs[i]->remediation ? ": " : "",
                 s->iocs[i]->remediation ? s->iocs[i]->remediation : "");
        snprintf(msg, sizeof msg, "%s@%s is installed here and is named by "
                 "the %s indicators", name, version ? version : "?",
                 s->iocs[i]->id);
        finding(s, h.pkg,
                k->all_versions ? "sweep-malicious-package-present"
                                : "sweep-malicious-installed",
                "package.json", 0, name, ev, msg);
    }
}

static void npm_package(sweep *s, const char *dir, const char *manifest)
{
    char *data;
    size_t len;
    if (pwi_read_file(manifest, SWEEP_MAX_MANIFEST, "package.json", &data,
                      &len, NULL) != PW_OK) {
        s->unreadable++;
        return;
    }
    json_t *j = json_loadb(data, len, 0, NULL);
    const char *name = json_string_value(json_object_get(j, "name"));
    const char *version = json_string_value(json_object_get(j, "version"));
    if (name)
        check_installed(s, "npm", name, version, dir);
    else
        s->unreadable++; /* corrupt: whatever it is, it was not checked */
    json_decref(j);
    free(data);
}

static void pypi_package(sweep *s, const char *dir, const char *metadata)
{
    char *data;
    size_t len;
    if (pwi_read_file(metadata, SWEEP_MAX_MANIFEST, "METADATA", &data, &len,
                      NULL) != PW_OK) {
        s->unreadable++;
        return;
    }
    char *name = pwi_metadata_header((unsigned char *)data, len, "Name");
    char *version = pwi_metadata_header((unsigned char *)data, len, "Version");
    if (name)
        check_installed(s, "pypi", name, version, dir);
    else
        s->unreadable++;
    free(name);
    free(version);
    free(data);
}

/* ---- npm's cache: index entries name every tarball fetched ----------------- */

static void cache_index(sweep *s, const char *path)
{
    char *data;
    size_t len;
    if (pwi_read_file(path, SWEEP_MAX_TEXT, "cache index", &data, &len, NULL)) {
        s->unreadable++;
        return;
    }
    /* lines: "<sha1 hex>\t<json>" with "key": "...request-cache:<url>" */
    for (char *line = data, *nl; line && *line; line = nl) {
        nl = strchr(line, '\n');
        if (nl)
            *nl++ = '\0';
        char *tab = strchr(line, '\t');
        json_t *j = tab ? json_loads(tab + 1, 0, NULL) : NULL;
        if (*line && !j)
            s->unreadable++; /* a broken entry: counted, never fatal */
        const char *key = json_string_value(json_object_get(j, "key"));
        const char *url = key ? strstr(key, "request-cache:") : NULL;
        const char *dash = url ? strstr(url, "/-/") : NULL;
        if (dash && strlen(dash) < 512) {
            /* .../<name>/-/<base>-<version>.tgz */
            url += 14;
            const char *host_end = strstr(url, "://");
            const char *p = host_end ? strchr(host_end + 3, '/') : NULL;
            char name[256], version[128];
            const char *tgz = strstr(dash, ".tgz");
            const char *lastdash = NULL;
            for (const char *q = dash + 3; tgz && q < tgz; q++)
                if (*q == '-' && q[1] >= '0' && q[1] <= '9')
                    lastdash = q;
            if (p && lastdash && (size_t)(dash - p - 1) < sizeof name &&
                (size_t)(tgz - lastdash - 1) < sizeof version) {
                snprintf(name, sizeof name, "%.*s", (int)(dash - p - 1), p + 1);
                for (char *q = strstr(name, "%2f"); q; q = strstr(q, "%2f")) {
                    *q = '/';
                    memmove(q + 1, q + 3, strlen(q + 3) + 1);
                }
                snprintf(version, sizeof version, "%.*s",
                         (int)(tgz - lastdash - 1), lastdash + 1);
                hit_ctx h = {s, "npm", name, version, path, (size_t)-1, 0};
                pw_error e;
                if (s->o->db)
                    pw_db_lookup(s->o->db, "npm", name, version, NULL,
                                 on_record, &h, &e);
                for (size_t i = 0; i < s->niocs && !h.any; i++) {
                    int vh;
                    if (pwi_ioc_find_package(s->iocs[i], "npm", name, version,
                                             &vh) && vh) {
                        ensure_pkg(&h);
                        h.any = 1;
                    }
                }
                if (h.pkg != (size_t)-1) {
                    char msg[700];
                    snprintf(msg, sizeof msg, "npm's cache fetched %s@%s: this "
                             "machine downloaded a known-malicious release "
                             "(and most likely installed it)", name, version);
                    finding(s, h.pkg, "sweep-malicious-cached", "", 0, url, "",
                            msg);
                }
            }
        }
        json_decref(j);
    }
    free(data);
}

/* A cached artifact named name@version (Yarn Berry zips, pnpm store
 * indexes, pip wheels): a known-malicious one was downloaded here. */
static void cached_artifact(sweep *s, const char *eco, const char *name,
                            const char *version, const char *path,
                            const char *what)
{
    hit_ctx h = {s, eco, name, version, path, (size_t)-1, 0};
    pw_error e;
    if (s->o->db)
        pw_db_lookup(s->o->db, eco, name, version, NULL, on_record, &h, &e);
    for (size_t i = 0; i < s->niocs && h.pkg == (size_t)-1; i++) {
        int vh;
        if (pwi_ioc_find_package(s->iocs[i], eco, name, version, &vh) && vh)
            ensure_pkg(&h);
    }
    if (h.pkg == (size_t)-1)
        return;
    char msg[700];
    snprintf(msg, sizeof msg, "%s holds %s@%s: this machine downloaded a "
             "known-malicious release", what, name, version);
    finding(s, h.pkg, "sweep-malicious-cached", "", 0, name, "", msg);
}

/* Yarn Berry cache: "<name>-npm-<version>-<hash>-<hash>.zip", a scope's
 * "@" and "/" written as "@scope-name". */
static void yarn_cache_zip(sweep *s, const char *path, const char *base)
{
    const char *npm = strstr(base, "-npm-");
    if (!npm || (size_t)(npm - base) >= 256)
        return;
    char name[256], version[128];
    snprintf(name, sizeof name, "%.*s", (int)(npm - base), base);
    const char *v = npm + 5, *end = strchr(v, '-');
    /* versions may hold '-' (pre-releases): the hash part is hex */
    while (end) {
        const char *next = strchr(end + 1, '-');
        size_t hl = next ? (size_t)(next - end - 1) : strcspn(end + 1, ".");
        if (hl == 10 && strspn(end + 1, "0123456789abcdef") >= 10)
            break;
        end = next;
    }
    if (!end || (size_t)(end - v) >= sizeof version)
        return;
    snprintf(version, sizeof version, "%.*s", (int)(end - v), v);
    if (name[0] == '@') {
        /* "@scope-name": try each '-' as the '/' */
        for (char *d = strchr(name, '-'); d; d = strchr(d + 1, '-')) {
            *d = '/';
            cached_artifact(s, "npm", name, version, path, "Yarn's cache");
            *d = '-';
        }
        return;
    }
    cached_artifact(s, "npm", name, version, path, "Yarn's cache");
}

/* pnpm's content-addressed store keeps an index per package version. */
static void pnpm_index(sweep *s, const char *path)
{
    char *data;
    size_t len;
    if (pwi_read_file(path, SWEEP_MAX_TEXT, "pnpm index", &data, &len, NULL)) {
        s->unreadable++;
        return;
    }
    json_t *j = json_loadb(data, len, 0, NULL);
    const char *name = json_string_value(json_object_get(j, "name"));
    const char *version = json_string_value(json_object_get(j, "version"));
    if (name && version)
        cached_artifact(s, "npm", name, version, path, "pnpm's store");
    json_decref(j);
    free(data);
}

/* pip's cache keeps built wheels: "<name>-<version>-<tags>.whl". */
static void pip_wheel(sweep *s, const char *path, const char *base)
{
    const char *d1 = strchr(base, '-');
    const char *d2 = d1 ? strchr(d1 + 1, '-') : NULL;
    if (!d2 || (size_t)(d1 - base) >= 200 || (size_t)(d2 - d1) >= 100)
        return;
    char name[256], version[128];
    snprintf(name, sizeof name, "%.*s", (int)(d1 - base), base);
    snprintf(version, sizeof version, "%.*s", (int)(d2 - d1 - 1), d1 + 1);
    cached_artifact(s, "pypi", name, version, path, "pip's cache");
}

/* ---- indicators in text files ------------------------------------------------ */

/* First IOC indicator (domain, IP, URL, string) found in data, with the
 * bundle it came from. */
static const char *find_indicator(sweep *s, const char *data, size_t len,
                                  const pwi_ioc_bundle **from, size_t *line)
{
    for (size_t i = 0; i < s->niocs; i++)
        for (size_t k = 0; k < s->iocs[i]->nnetwork; k++) {
            const char *ind = s->iocs[i]->network[k];
            size_t n = strlen(ind);
            if (n < 4)
                continue; /* too short to mean anything */
            for (size_t off = 0; off + n <= len; off++)
                if (data[off] == ind[0] && !memcmp(data + off, ind, n)) {
                    *from = s->iocs[i];
                    *line = 1;
                    for (size_t q = 0; q < off; q++)
                        *line += data[q] == '\n';
                    return ind;
                }
        }
    return NULL;
}

static void text_file(sweep *s, const char *path, const char *rule,
                      const char *what)
{
    char *data;
    size_t len;
    if (pwi_read_file(path, SWEEP_MAX_TEXT, what, &data, &len, NULL)) {
        s->unreadable++;
        return;
    }
    const pwi_ioc_bundle *b = NULL;
    size_t line = 0;
    const char *ind = find_indicator(s, data, len, &b, &line);
    if (ind) {
        size_t pkg = add_pkg(s, "unknown", "", "", path);
        char msg[700], ev[2048];
        snprintf(msg, sizeof msg, "%s mentions \"%s\", an indicator of %s",
                 what, ind, b->id);
        snprintf(ev, sizeof ev, "IOC bundle %s%s%s", b->id,
                 b->remediation ? ": " : "",
                 b->remediation ? b->remediation : "");
        finding(s, pkg, rule, "", line, ind, ev, msg);
    }
    free(data);
}

/* Package code that names a C2 domain, IP or URL of an incident. */
static void code_file(sweep *s, const char *path)
{
    char *data;
    size_t len;
    if (pwi_read_file(path, SWEEP_MAX_CODE, "file", &data, &len, NULL))
        return; /* vanished or unreadable code is not an indicator */
    const pwi_ioc_bundle *b = NULL;
    size_t line = 0;
    const char *ind = find_indicator(s, data, len, &b, &line);
    if (ind) {
        size_t pkg = add_pkg(s, "unknown", "", "", path);
        char msg[700], ev[2048];
        snprintf(msg, sizeof msg, "package code names \"%s\", an indicator "
                 "of %s", ind, b->id);
        snprintf(ev, sizeof ev, "IOC bundle %s%s%s", b->id,
                 b->remediation ? ": " : "",
                 b->remediation ? b->remediation : "");
        finding(s, pkg, "sweep-indicator-in-package", "", line, ind, ev, msg);
    }
    free(data);
}

static void workflow_file(sweep *s, const char *path, const char *base)
{
    for (size_t i = 0; i < s->niocs; i++)
        for (size_t k = 0; k < s->iocs[i]->nworkflows; k++) {
            const pwi_ioc_workflow *w = &s->iocs[i]->workflows[k];
            if (w->name && !strcmp(w->name, base)) {
                size_t pkg = add_pkg(s, "unknown", "", "", path);
                char msg[600];
                snprintf(msg, sizeof msg, "workflow %s is the one the %s worm "
                         "writes", base, s->iocs[i]->id);
                finding(s, pkg, "sweep-worm-workflow", "", 0, base,
                        s->iocs[i]->remediation ? s->iocs[i]->remediation : "",
                        msg);
                return;
            }
        }
    char *data;
    size_t len;
    if (pwi_read_file(path, SWEEP_MAX_TEXT, "workflow", &data, &len, NULL)) {
        s->unreadable++;
        return;
    }
    for (size_t i = 0; i < s->niocs; i++)
        for (size_t k = 0; k < s->iocs[i]->nworkflows; k++) {
            const pwi_ioc_workflow *w = &s->iocs[i]->workflows[k];
            for (size_t c = 0; c < w->ncontents; c++)
                if (memmem(data, len, w->contents[c], strlen(w->contents[c]))) {
                    size_t pkg = add_pkg(s, "unknown", "", "", path);
                    char msg[600];
                    snprintf(msg, sizeof msg, "workflow %s contains \"%s\" "
                             "from the %s worm", base, w->contents[c],
                             s->iocs[i]->id);
                    finding(s, pkg, "sweep-worm-workflow", "", 0,
                            w->contents[c],
                            s->iocs[i]->remediation ? s->iocs[i]->remediation
                                                    : "", msg);
                    free(data);
                    return;
                }
        }
    free(data);
}

/* SHA-256 of files whose size a known payload has. */
static void hash_check(sweep *s, const char *path, uint64_t size)
{
    int want = 0;
    for (size_t i = 0; i < s->niocs && !want; i++)
        for (size_t k = 0; k < s->iocs[i]->nhashes && !want; k++)
            want = s->iocs[i]->hashes[k].size == size && size > 0;
    if (!want)
        return;
    char *data;
    size_t len;
    if (pwi_read_file(path, (size_t)size + 1, "file", &data, &len, NULL))
        return;
    unsigned char md[PW_SHA256_LEN];
    char hex[65];
    pwi_sha256_buf(data, len, md);
    pwi_hex(md, PW_SHA256_LEN, hex);
    free(data);
    for (size_t i = 0; i < s->niocs; i++)
        for (size_t k = 0; k < s->iocs[i]->nhashes; k++)
            if (!strcmp(s->iocs[i]->hashes[k].sha256, hex)) {
                size_t pkg = add_pkg(s, "unknown", "", "", path);
                char msg[700];
                snprintf(msg, sizeof msg, "this file is a known payload of %s "
                         "(%s)", s->iocs[i]->id,
                         s->iocs[i]->hashes[k].description
                             ? s->iocs[i]->hashes[k].description
                             : "sha256 match");
                finding(s, pkg, "sweep-known-payload", "", 0, hex,
                        s->iocs[i]->remediation ? s->iocs[i]->remediation : "",
                        msg);
                return;
            }
}

/* ---- the walk ---------------------------------------------------------------- */

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcmp(s + n - m, suf);
}

static const char *parent_base(const char *path, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path)
        return "";
    const char *p = slash - 1;
    while (p > path && *p != '/')
        p--;
    if (*p == '/')
        p++;
    snprintf(buf, size, "%.*s", (int)(slash - p), p);
    return buf;
}

static int is_rc_file(const char *base)
{
    static const char *const names[] = {".bashrc", ".bash_profile", ".profile",
                                        ".zshrc", ".zprofile", ".zshenv",
                                        ".bash_login", ".bash_logout", NULL};
    for (const char *const *n = names; *n; n++)
        if (!strcmp(base, *n))
            return 1;
    return 0;
}

static void visit_file(sweep *s, const char *path, const char *base,
                       const struct stat *sb)
{
    char pb[256];
    const char *parent = parent_base(path, pb, sizeof pb);
    s->files++;
    if (!strcmp(base, "package.json")) {
        /* node_modules/<name>/package.json or node_modules/@s/<name>/... */
        char dir[4096];
        snprintf(dir, sizeof dir, "%.*s", (int)(strlen(path) - 13), path);
        char gp[256];
        const char *grand = parent_base(dir, gp, sizeof gp);
        if (!strcmp(grand, "node_modules") ||
            (parent[0] != '@' && grand[0] == '@' &&
             strstr(dir, "/node_modules/@")) ||
            (!strcmp(grand, "cache") && strstr(path, "/install/cache/")))
            npm_package(s, dir, path); /* installed, or bun's cache */
        /* a project's own package.json: its lockfile is audited instead */
    } else if (!strcmp(base, "METADATA") && ends_with(parent, ".dist-info")) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%.*s", (int)(strlen(path) - 9), path);
        pypi_package(s, dir, path);
    } else if (strstr(path, "/_cacache/index-v5/")) {
        cache_index(s, path);
    } else if (ends_with(base, ".zip") && strstr(base, "-npm-") &&
               !strcmp(parent, "cache")) {
        yarn_cache_zip(s, path, base);
    } else if (ends_with(base, "-index.json") && strstr(path, "/store/v")) {
        pnpm_index(s, path);
    } else if (ends_with(base, ".whl") && strstr(path, "/pip/")) {
        pip_wheel(s, path, base);
    } else if ((strstr(path, "/spool/cron/") || !strcmp(parent, "crontabs") ||
                strstr(path, "/etc/cron.d/")) && !strchr(base, '.')) {
        text_file(s, path, "sweep-persistence", "crontab");
    } else if (!strcmp(parent, "workflows") && strstr(path, "/.github/workflows/") &&
               (ends_with(base, ".yml") || ends_with(base, ".yaml"))) {
        workflow_file(s, path, base);
    } else if (is_rc_file(base)) {
        text_file(s, path, "sweep-persistence", "shell startup file");
    } else if (!strcmp(parent, "LaunchAgents") && ends_with(base, ".plist")) {
        text_file(s, path, "sweep-persistence", "LaunchAgent");
    } else if (pwi_lock_is_lockfile_name(base) && strcmp(base, "package.json") &&
               !strstr(path, "/node_modules/") &&
               s->nlockfiles < SWEEP_MAX_LOCKFILES) {
        PW_GROW(s->lockfiles, s->caplockfiles, s->nlockfiles + 1);
        s->lockfiles[s->nlockfiles++] = pwi_xstrdup(path);
    } else if (s->nindicators && (uint64_t)sb->st_size <= SWEEP_MAX_CODE &&
               (strstr(path, "/node_modules/") || strstr(path, "-packages/")) &&
               (ends_with(base, ".js") || ends_with(base, ".cjs") ||
                ends_with(base, ".mjs") || ends_with(base, ".py") ||
                ends_with(base, ".sh"))) {
        code_file(s, path);
    }
    hash_check(s, path, (uint64_t)sb->st_size);
}

/* Depth-first with the recursion bounded by SWEEP_MAX_DEPTH; symlinks are
 * never followed (so no loop can form). */
static void walk(sweep *s, const char *dir, int depth)
{
    if (depth > SWEEP_MAX_DEPTH)
        return;
    DIR *d = opendir(dir);
    if (!d) {
        s->unreadable++;
        return;
    }
    s->dirs++;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        PW_GROW(names, cap, n + 1);
        names[n++] = pwi_xstrdup(e->d_name);
    }
    closedir(d);
    for (size_t i = 0; i < n; i++) {
        char *path = pwi_xasprintf("%s%s%s", dir,
                                   dir[strlen(dir) - 1] == '/' ? "" : "/",
                                   names[i]);
        struct stat sb;
        if (lstat(path, &sb) != 0)
            s->unreadable++;
        else if (S_ISLNK(sb.st_mode))
            s->symlinks++;
        else if (S_ISDIR(sb.st_mode))
            walk(s, path, depth + 1);
        else if (S_ISREG(sb.st_mode))
            visit_file(s, path, names[i], &sb);
        else
            s->special++;
        free(path);
        free(names[i]);
    }
    free(names);
    if (s->o->on_progress && s->dirs % 4096 == 0)
        s->o->on_progress(s->dirs, 0, s->o->user);
}

/* ---- dropped files ------------------------------------------------------------ */

/* Expands an IOC path for os under image ("/" for this machine). */
static char *expand(const char *p, const char *os, const char *image,
                    const char *home)
{
    const char *img = image && strcmp(image, "/") ? image : "";
    if (!strcmp(os, "windows")) {
        static const struct { const char *var, *dir; } vars[] = {
            {"%PROGRAMDATA%", "ProgramData"},
            {"%TEMP%", "Users/*/AppData/Local/Temp"},
            {"%APPDATA%", "Users/*/AppData/Roaming"},
            {"%LOCALAPPDATA%", "Users/*/AppData/Local"},
        };
        for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
            size_t n = strlen(vars[i].var);
            if (!strncmp(p, vars[i].var, n)) {
                char *out = pwi_xasprintf("%s/%s%s", img, vars[i].dir, p + n);
                for (char *q = out; *q; q++)
                    if (*q == '\\')
                        *q = '/';
                return out;
            }
        }
        return NULL;
    }
    if (p[0] == '~' && home)
        return pwi_xasprintf("%s%s%s", img, home, p + 1);
    if (!strncmp(p, "$TMPDIR", 7))
        return pwi_xasprintf("%s%s%s", img,
                             !strcmp(os, "macos") ? "/private/var/folders/*/*/T"
                                                  : "/tmp",
                             p + 7);
    if (p[0] == '/')
        return pwi_xasprintf("%s%s", img, p);
    return NULL;
}

/* Does pattern (with * inside one component at most once per
 * component) name an existing file? Writes the match into hit. */
static int exists_glob(const char *pattern, char *hit, size_t size, int depth)
{
    const char *star = strchr(pattern, '*');
    struct stat sb;
    if (!star) {
        if (lstat(pattern, &sb) == 0) {
            snprintf(hit, size, "%s", pattern);
            return 1;
        }
        return 0;
    }
    if (depth > 4)
        return 0;
    const char *slash = star;
    while (slash > pattern && *slash != '/')
        slash--;
    char *dir = pwi_xstrndup(pattern, (size_t)(slash - pattern));
    const char *rest = strchr(star, '/');
    DIR *d = opendir(*dir ? dir : "/");
    int found = 0;
    struct dirent *e;
    size_t pre = (size_t)(star - slash - 1);
    const char *post = star + 1;
    size_t postn = rest ? (size_t)(rest - post) : strlen(post);
    while (d && !found && (e = readdir(d))) {
        size_t nl = strlen(e->d_name);
        if (e->d_name[0] == '.' || nl < pre + postn ||
            strncmp(e->d_name, slash + 1, pre) ||
            strncmp(e->d_name + nl - postn, post, postn))
            continue;
        char *next = pwi_xasprintf("%s/%s%s", dir, e->d_name, rest ? rest : "");
        found = exists_glob(next, hit, size, depth + 1);
        free(next);
    }
    if (d)
        closedir(d);
    free(dir);
    return found;
}

static void dropped_files(sweep *s)
{
    const char *home = getenv("HOME");
    for (size_t i = 0; i < s->niocs; i++)
        for (size_t k = 0; k < s->iocs[i]->nfiles; k++) {
            const pwi_ioc_file *f = &s->iocs[i]->files[k];
            if (strcmp(f->os, "any") && strcmp(f->os, s->os))
                continue;
            char *p = expand(f->path, s->os, s->o->image, home);
            char hit[4096];
            if (p && exists_glob(p, hit, sizeof hit, 0)) {
                size_t pkg = add_pkg(s, "unknown", "", "", hit);
                char msg[700];
                snprintf(msg, sizeof msg, "%s exists: %s left by %s",
                         f->path, f->description ? f->description : "a file",
                         s->iocs[i]->id);
                finding(s, pkg, "sweep-dropped-file", "", 0, f->path,
                        s->iocs[i]->remediation ? s->iocs[i]->remediation : "",
                        msg);
            }
            free(p);
        }
}

static const char *host_os(void)
{
#if defined(__APPLE__)
    return "macos";
#elif defined(_WIN32)
    return "windows";
#else
    return "linux";
#endif
}

pw_status pw_sweep(const pw_sweep_options *o, pw_report *rep, pw_error *err)
{
    if (!o || !o->rules || !rep)
        return pwi_error(err, PW_ERR_USAGE, NULL, 0, 0,
                         "pw_sweep: missing argument");
    sweep s;
    memset(&s, 0, sizeof s);
    s.o = o;
    s.rep = rep;
    s.os = o->os ? o->os : host_os();
    pw_status st = PW_OK;
    if (o->db && (st = pwi_ioc_load_all(o->db, &s.iocs, &s.niocs, err)))
        return st;
    for (size_t i = 0; i < s.niocs; i++)
        s.nindicators += s.iocs[i]->nnetwork;
    /* A root given as a symlink (a linked $HOME) is followed once; a root
     * inside another root is swept as part of it, not twice. */
    char **real = pwi_xcalloc(o->nroots + 1, sizeof *real);
    for (size_t i = 0; i < o->nroots; i++) {
        struct stat sb;
        if (stat(o->roots[i], &sb) != 0 || !S_ISDIR(sb.st_mode) ||
            !(real[i] = realpath(o->roots[i], NULL))) {
            pwi_report_add_error(rep, o->roots[i], PW_ERR_IO,
                                 "not a readable directory", 0);
            st = PW_ERR_IO;
        }
    }
    for (size_t i = 0; i < o->nroots; i++) {
        if (!real[i])
            continue;
        int inside = 0;
        for (size_t j = 0; j < o->nroots && !inside; j++) {
            if (j == i || !real[j])
                continue;
            size_t n = strlen(real[j]);
            int same = !strcmp(real[i], real[j]);
            inside = (same && j < i) ||
                     (!same && !strncmp(real[i], real[j], n) &&
                      (real[i][n] == '/' || !strcmp(real[j], "/")));
        }
        if (!inside)
            walk(&s, o->roots[i], 0);
    }
    for (size_t i = 0; i < o->nroots; i++)
        free(real[i]);
    free(real);
    dropped_files(&s);
    if (s.unreadable || s.special) {
        size_t pkg = add_pkg(&s, "unknown", "", "", o->nroots ? o->roots[0] : "");
        char msg[300];
        snprintf(msg, sizeof msg, "%zu entries could not be read or were "
                 "corrupt and %zu special files were skipped (%zu directories, %zu files "
                 "swept; %zu symlinks not followed)", s.unreadable, s.special,
                 s.dirs, s.files, s.symlinks);
        finding(&s, pkg, "sweep-incomplete", "", 0, "", "", msg);
    }
    if (s.nlockfiles) {
        pw_audit_options ao;
        pw_audit_options_init(&ao);
        ao.db = o->db;
        ao.config = o->config;
        ao.rules = o->rules;
        ao.thresholds = o->thresholds;
        ao.lint_tools = 0;
        pw_report *part = pw_report_new();
        pw_error e2;
        pw_status ast = pw_audit_paths(&ao, (const char *const *)s.lockfiles,
                                       s.nlockfiles, part, &e2);
        (void)ast; /* unreadable lockfiles are in the report's errors */
        pwi_report_merge(rep, part);
        pw_report_free(part);
    }
    for (size_t i = 0; i < s.nlockfiles; i++)
        free(s.lockfiles[i]);
    free(s.lockfiles);
    pwi_ioc_free_all(s.iocs, s.niocs);
    pwi_report_apply_verdicts(rep, &o->thresholds);
    pw_report_sort(rep);
    return st;
}
