/* guard-pip.c - `pkgward pip install ...`: learn what pip would install
 * without running any of it, vet every distribution, and only then let pip
 * install exactly the vetted files.
 *
 * Why resolution is done this way. pip cannot tell what an sdist needs
 * without building its metadata, and building runs the sdist's setup.py
 * (or its PEP 517 backend). With pip 23.2 this was checked with an sdist
 * whose setup.py writes a marker: `pip download --no-deps`, `pip install
 * --dry-run --report` and even `pip install --dry-run --only-binary=:all:
 * PATH.tar.gz` (an explicit path ignores --only-binary) all ran it. So:
 *   1. local paths and -e directories named on the command line are
 *      scanned before pip sees them (pip would build them to resolve);
 *   2. pip resolves with `--dry-run --report FILE --only-binary=:all:`:
 *      wheels only, nothing is built or run;
 *   3. when that fails on a requirement that has only an sdist ("No
 *      matching distribution found for REQ"), pkgward reads the simple
 *      index page of REQ itself, picks the newest sdist that satisfies it,
 *      downloads it (sha256 from the link is required and checked) and
 *      vets it. A bad sdist blocks here: nothing was built. A clean one is
 *      handed to the next dry-run as an explicit local file, so pip builds
 *      the metadata of exactly the bytes that were vetted; 2-3 repeat, at
 *      most GUARD_PIP_ROUNDS times;
 *   4. every distribution of the report is fetched (hash checked) into a
 *      private directory and vetted: known-malicious database, deny list,
 *      cooldown (publish time from the index's PyPI JSON API when it has
 *      one, else "release age unknown"), and a scan of the archive;
 *   5. blocked: nothing is installed. Allowed: `pip install --no-deps
 *      FILES` installs only the vetted files (with --no-index when they
 *      are all wheels).
 * Not covered yet (refused with a message rather than run unvetted):
 * direct URL requirements to sdists, nested requirement files. Build
 * dependencies of a vetted sdist (PEP 518) are installed by pip's build
 * isolation unvetted. */
#define _GNU_SOURCE /* mkdtemp */
#include "pkgward.h"
#include "config/policy.h"
#include "db/version.h"
#include "guard/guard-common.h"
#include "registry/integrity.h"
#include "registry/registry.h"
#include "report/report.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/file.h"
#include "util/hash.h"
#include "util/jtree.h"
#include "util/mem.h"
#include "util/paths.h"

#include <ctype.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define GUARD_PIP_ROUNDS 16               /* sdists vetted before a build */
#define GUARD_PIP_MAX_REPORT ((size_t)32 << 20)
#define GUARD_PIP_MAX_INSTALL 5000        /* distributions in one report */
#define GUARD_PIP_MAX_PAGE ((size_t)16 << 20)
#define GUARD_PIP_MAX_LOG ((size_t)4 << 20)
#define GUARD_PIP_MAX_REQFILE ((size_t)4 << 20)
#define GUARD_PIP_MAX_NAME 255

int pw_guard_pip_guarded(const char *c)
{
    return !strcmp(c, "install");
}

/* pip install options that take a value as the next word. */
static int takes_value(const char *s)
{
    static const char *const opts[] = {
        "-r", "--requirement", "-c", "--constraint", "-e", "--editable",
        "-i", "--index-url", "--extra-index-url", "-f", "--find-links",
        "-t", "--target", "--prefix", "--root", "--platform",
        "--python-version", "--implementation", "--abi", "--src",
        "--upgrade-strategy", "--trusted-host", "--progress-bar", "--log",
        "--proxy", "--retries", "--timeout", "--cert", "--client-cert",
        "--cache-dir", "--report", "--global-option", "--config-settings",
        "-C", "--exists-action", "--keyring-provider", "--only-binary",
        "--no-binary", "--root-user-action", "--python", "--log-file",
        NULL};
    for (const char *const *o = opts; *o; o++)
        if (!strcmp(s, *o))
            return 1;
    return 0;
}

typedef struct strv {
    char **v;
    size_t n, cap;
} strv;

static void strv_add(strv *s, char *x)
{
    PW_GROW(s->v, s->cap, s->n + 2);
    s->v[s->n++] = x;
    s->v[s->n] = NULL;
}

typedef struct pipg {
    const pw_guard_options *o;
    pw_scanner *sc;
    pw_report *rep;
    const pwi_policy *pol;
    pwi_registry reg;     /* the index's PyPI JSON API, for publish times */
    char *json_base;
    char *index;          /* simple index URL, ending in '/' */
    char *cache;
    char *tmp;            /* private directory: report, logs, dists */
    FILE *log;
    strv owned;           /* strings to free */
    strv local;           /* local paths named by the user (scanned) */
    strv sdists;          /* sdists vetted before resolution (paths) */
    strv sdist_names;     /* their normalised names */
    strv files;           /* vetted distributions to install */
    int any_sdist;
    size_t vetted, cached;
} pipg;

static char *own(pipg *g, char *s)
{
    strv_add(&g->owned, s);
    return s;
}

static int is_sdist_name(const char *f)
{
    size_t n = strlen(f);
    return (n > 7 && !strcmp(f + n - 7, ".tar.gz")) ||
           (n > 4 && !strcmp(f + n - 4, ".zip")) ||
           (n > 8 && !strcmp(f + n - 8, ".tar.bz2"));
}

/* A distribution's file name from its URL: the last path segment without
 * query or fragment, %XX decoded; NULL when it is not a plain file name. */
static char *file_of_url(const char *url)
{
    size_t end = strcspn(url, "#?");
    const char *s = url;
    for (size_t i = 0; i < end; i++)
        if (url[i] == '/')
            s = url + i + 1;
    size_t n = (size_t)(url + end - s);
    if (!n || n > GUARD_PIP_MAX_NAME)
        return NULL;
    char *out = pwi_xcalloc(n + 1, 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n + 1 && isxdigit((unsigned char)s[i + 1]) &&
            isxdigit((unsigned char)s[i + 2])) {
            char h[3] = {s[i + 1], s[i + 2], 0};
            out[o++] = (char)strtol(h, NULL, 16);
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    if (!strcmp(out, ".") || !strcmp(out, "..") || strchr(out, '/') ||
        strlen(out) != o || (!is_sdist_name(out) && !strstr(out, ".whl"))) {
        free(out);
        return NULL;
    }
    return out;
}

/* Vets the archive data of distribution name==version (file name file):
 * database, policy, and a scan unless a clean verdict for its sha256 is
 * cached. Findings go to g->rep. */
static void vet_archive(pipg *g, const char *name, const char *version,
                        const char *file, const void *data, size_t len)
{
    const pw_guard_options *o = g->o;
    pwi_guard_pkg dbp = {"pypi", name, version, "pip install report", file, 0,
                         (size_t)-1};
    pwi_guard_db_check(o->db, g->rep, o->rules, &dbp);
    pwi_guard_pkg gp = dbp;
    pwi_guard_deny_check(g->rep, o->rules, g->pol, &gp);
    if (g->pol->min_release_age > 0 && version) {
        pwi_packument *pm = NULL;
        pw_error e;
        const pwi_reg_version *v = NULL;
        char why[300] = "the index has no PyPI JSON API";
        if (g->json_base &&
            pwi_registry_pypi(&g->reg, name, version, &pm, &e) == PW_OK)
            v = pwi_packument_find(pm, version);
        if (g->json_base && !pm)
            snprintf(why, sizeof why, "%s", e.msg);
        else if (pm)
            snprintf(why, sizeof why, "not in the index metadata");
        pwi_guard_cooldown_check(g->rep, o->rules, g->pol, o->now, &gp,
                                 v ? v->published : 0, why);
        pwi_packument_free(pm);
    }
    unsigned char md[PW_SHA256_LEN];
    char hex[2 * PW_SHA256_LEN + 1], integrity[2 * PW_SHA256_LEN + 8];
    pwi_sha256_buf(data, len, md);
    pwi_hex(md, PW_SHA256_LEN, hex);
    snprintf(integrity, sizeof integrity, "sha256:%s", hex);
    char *vpath = pwi_guard_verdict_path(g->cache, integrity, NULL, o->fail_on,
                                         o->rules);
    struct stat sb;
    if (vpath && stat(vpath, &sb) == 0) {
        g->cached++;
        free(vpath);
        return;
    }
    size_t first = pw_report_package_count(g->rep);
    pw_error e;
    pw_status st = pw_scanner_scan_buffer(g->sc, file, data, len, g->rep, &e);
    if (st != PW_OK && st != PW_ERR_LIMIT)
        pwi_report_add_error(g->rep, file, e.code, e.msg, 0);
    g->vetted++;
    if (st == PW_OK && vpath &&
        !pwi_guard_bad_since(g->rep, first, o->fail_on))
        pwi_guard_verdict_save(vpath, file);
    free(vpath);
}

/* Fetches url (http(s), or file:// for the user's own files) into buf,
 * checked against sha256 (hex). Without a hash only file:// is accepted:
 * what is vetted is the copy that gets installed. */
static pw_status fetch(pipg *g, const char *url, const char *sha256,
                       pwi_buf *out, pw_error *err)
{
    if (!strncmp(url, "file://", 7)) {
        char *data;
        size_t len;
        pw_status st = pwi_read_file(url + 7, (size_t)1 << 30, "distribution",
                                     &data, &len, err);
        if (st)
            return st;
        char used[16];
        if (sha256 && pwi_integrity_check(data, len, NULL, NULL, sha256, used) !=
                          PWI_INTEGRITY_OK) {
            free(data);
            return pwi_error(err, PW_ERR_FORMAT, url, 0, 0,
                             "sha256 mismatch: the file is not the one pip "
                             "resolved");
        }
        pwi_buf_init(out, len + 1);
        pwi_buf_add(out, data, len);
        free(data);
        return PW_OK;
    }
    if (!sha256)
        return pwi_error(err, PW_ERR_FORMAT, url, 0, 0,
                         "no sha256 for this download: refusing to install "
                         "bytes that cannot be checked");
    pwi_reg_version rv;
    memset(&rv, 0, sizeof rv);
    rv.version = (char *)"";
    rv.tarball = (char *)url;
    rv.sha256 = (char *)sha256;
    return pwi_registry_tarball(&g->reg, &rv, out, err);
}

/* Writes buf to the private directory as file; returns the path (owned by
 * g) or NULL. */
static char *keep(pipg *g, const char *file, const pwi_buf *b)
{
    char *path = own(g, pwi_xasprintf("%s/dist/%s", g->tmp, file));
    FILE *f = fopen(path, "wbx");
    if (!f)
        return NULL;
    int ok = fwrite(b->data ? b->data : "", 1, b->len, f) == b->len;
    return fclose(f) == 0 && ok ? path : NULL;
}

/* ---- the simple index (PEP 503) ---------------------------------------- */

/* value of attribute attr inside tag[0..n), HTML-unescaped (&amp; only);
 * NULL when absent. */
static char *attr_of(const char *tag, size_t n, const char *attr)
{
    size_t al = strlen(attr);
    for (size_t i = 0; i + al + 1 < n; i++) {
        if (strncasecmp(tag + i, attr, al) || tag[i + al] != '=' ||
            (i && !isspace((unsigned char)tag[i - 1])))
            continue;
        const char *v = tag + i + al + 1;
        char q = *v == '"' || *v == '\'' ? *v++ : ' ';
        const char *e = v;
        while (e < tag + n && *e != q && *e != '>' && !(q == ' ' && isspace((unsigned char)*e)))
            e++;
        pwi_buf b;
        pwi_buf_init(&b, n + 1);
        for (const char *p = v; p < e; p++) {
            if (!strncmp(p, "&amp;", 5) && p + 5 <= e) {
                pwi_buf_addc(&b, '&');
                p += 4;
            } else {
                pwi_buf_addc(&b, *p);
            }
        }
        return b.data ? b.data : pwi_xstrdup("");
    }
    return NULL;
}

/* url resolved against the page it was found on. */
static char *resolve(const char *page, const char *href)
{
    if (strstr(href, "://"))
        return pwi_xstrdup(href);
    const char *scheme = strstr(page, "://");
    const char *host_end = scheme ? strchr(scheme + 3, '/') : NULL;
    if (href[0] == '/')
        return pwi_xasprintf("%.*s%s", host_end ? (int)(host_end - page)
                                                : (int)strlen(page), page, href);
    /* relative: drop the page's last segment, then each "../" one more */
    size_t base = strlen(page);
    while (base && page[base - 1] != '/')
        base--;
    size_t root = host_end ? (size_t)(host_end - page) + 1 : 0;
    while (!strncmp(href, "../", 3) || !strncmp(href, "./", 2)) {
        if (href[1] == '/') {
            href += 2;
            continue;
        }
        href += 3;
        if (base > root) {
            base--;
            while (base > root && page[base - 1] != '/')
                base--;
        }
    }
    return pwi_xasprintf("%.*s%s", (int)base, page, href);
}

/* The version in an sdist file name of project norm (PEP 503 normalised),
 * into out; -1 when the name is another project's or has no version. */
static int sdist_version(const char *file, const char *norm, char *out,
                         size_t size)
{
    size_t n = strlen(file);
    size_t ext = n > 7 && !strcmp(file + n - 7, ".tar.gz")    ? 7
                 : n > 8 && !strcmp(file + n - 8, ".tar.bz2") ? 8
                 : n > 4 && !strcmp(file + n - 4, ".zip")     ? 4
                                                              : 0;
    if (!ext)
        return -1;
    for (size_t i = 1; i + ext < n; i++) {
        if (file[i] != '-')
            continue;
        char head[GUARD_PIP_MAX_NAME + 1], hn[GUARD_PIP_MAX_NAME + 1];
        if (i > GUARD_PIP_MAX_NAME)
            return -1;
        memcpy(head, file, i);
        head[i] = 0;
        if (pwi_name_normalize("pypi", head, hn, sizeof hn) || strcmp(hn, norm))
            continue;
        size_t vl = n - ext - i - 1;
        if (!vl || vl >= size)
            return -1;
        memcpy(out, file + i + 1, vl);
        out[vl] = 0;
        return pwi_pep440_valid(out) ? 0 : -1;
    }
    return -1;
}

/* From the requirement text pip could not satisfy ("name[extra]>=1,<2"):
 * the normalised name and the specifier set. -1 when it is not of that
 * shape (a URL requirement, markers). */
static int parse_req(const char *req, char *norm, size_t nsize, char *spec,
                     size_t ssize)
{
    size_t i = 0;
    while (isalnum((unsigned char)req[i]) || req[i] == '-' || req[i] == '_' ||
           req[i] == '.')
        i++;
    if (!i || i > GUARD_PIP_MAX_NAME)
        return -1;
    char name[GUARD_PIP_MAX_NAME + 1];
    memcpy(name, req, i);
    name[i] = 0;
    if (pwi_name_normalize("pypi", name, norm, nsize))
        return -1;
    if (req[i] == '[') {
        const char *e = strchr(req + i, ']');
        if (!e)
            return -1;
        i = (size_t)(e - req) + 1;
    }
    size_t o = 0;
    for (; req[i] && req[i] != ';' && req[i] != '\n' && req[i] != '\r'; i++) {
        if (req[i] == '@')
            return -1;
        if (isspace((unsigned char)req[i]))
            continue;
        if (o + 1 >= ssize)
            return -1;
        spec[o++] = req[i];
    }
    spec[o] = 0;
    return 0;
}

/* Finds, downloads and vets the newest sdist on the index that satisfies
 * req; its path goes to g->sdists. Errors are errors (exit 2); a bad sdist
 * is findings in g->rep. */
static pw_status vet_sdist(pipg *g, const char *req, pw_error *err)
{
    char norm[GUARD_PIP_MAX_NAME + 1], spec[1024];
    if (parse_req(req, norm, sizeof norm, spec, sizeof spec))
        return pwi_error(err, PW_ERR_UNSUPPORTED, req, 0, 0,
                         "pip found no wheel for this requirement and it is "
                         "not a plain NAME[SPEC] that pkgward can look up "
                         "and vet as an sdist");
    for (size_t i = 0; i < g->sdist_names.n; i++)
        if (!strcmp(g->sdist_names.v[i], norm))
            return pwi_error(err, PW_ERR_IO, req, 0, 0,
                             "pip still finds no distribution for this "
                             "requirement after its sdist was vetted");
    char *page = pwi_xasprintf("%s%s/", g->index, norm);
    pwi_http_resp resp;
    memset(&resp, 0, sizeof resp);
    pw_status st;
    if (!strncmp(page, "file://", 7)) {
        char *path = pwi_xasprintf("%sindex.html", page + 7), *data;
        size_t len;
        st = pwi_read_file(path, GUARD_PIP_MAX_PAGE, "index page", &data, &len, err);
        free(path);
        if (!st) {
            pwi_buf_init(&resp.body, len + 1);
            pwi_buf_add(&resp.body, data, len);
            resp.status = 200;
            free(data);
        }
    } else {
        pwi_http_opts ho = g->reg.http;
        ho.max_bytes = GUARD_PIP_MAX_PAGE;
        ho.accept = "text/html";
        st = pwi_http_get(page, &ho, &resp, err);
    }
    if (!st && resp.status != 200)
        st = pwi_error(err, resp.status == 404 ? PW_ERR_NOT_FOUND : PW_ERR_IO,
                       page, 0, 0, "index page: HTTP %ld", resp.status);
    char *best_url = NULL, *best_sha = NULL, *best_file = NULL;
    char best_ver[128] = "";
    const char *html = resp.body.data ? resp.body.data : "";
    for (const char *p = html; !st && (p = strstr(p, "<a")) != NULL;) {
        const char *gt = strchr(p, '>');
        if (!gt)
            break;
        size_t n = (size_t)(gt - p);
        char *href = attr_of(p, n, "href");
        char *yanked = attr_of(p, n, "data-yanked");
        p = gt;
        char *file = href ? file_of_url(href) : NULL;
        char ver[128];
        const char *frag = href ? strstr(href, "#sha256=") : NULL;
        int cmp = 1;
        if (file && !yanked && frag && strlen(frag + 8) == 64 &&
            !sdist_version(file, norm, ver, sizeof ver) &&
            pwi_pep440_satisfies(spec, ver) == 1 &&
            (!*best_ver || (!pwi_pep440_cmp(ver, best_ver, &cmp) && cmp > 0))) {
            free(best_url);
            free(best_sha);
            free(best_file);
            best_url = resolve(page, href);
            best_url[strcspn(best_url, "#")] = 0;
            best_sha = pwi_xstrdup(frag + 8);
            best_file = file;
            file = NULL;
            snprintf(best_ver, sizeof best_ver, "%s", ver);
        }
        free(file);
        free(href);
        free(yanked);
    }
    pwi_http_resp_release(&resp);
    if (!st && !best_url)
        st = pwi_error(err, PW_ERR_NOT_FOUND, page, 0, 0,
                       "no wheel and no sdist with a sha256 satisfies %s", req);
    if (!st) {
        fprintf(g->log, "pkgward: %s has no wheel; vetting its sdist %s before "
                "pip may build it\n", req, best_file);
        pwi_buf b;
        st = fetch(g, best_url, best_sha, &b, err);
        if (!st) {
            char *path = keep(g, best_file, &b);
            if (!path)
                st = pwi_error(err, PW_ERR_IO, best_file, 0, 0,
                               "cannot write to %s", g->tmp);
            else {
                vet_archive(g, norm, best_ver, best_file, b.data, b.len);
                strv_add(&g->sdists, path);
                strv_add(&g->sdist_names, own(g, pwi_xstrdup(norm)));
            }
            pwi_buf_release(&b);
        }
    }
    free(page);
    free(best_url);
    free(best_sha);
    free(best_file);
    return st;
}

/* ---- the command line --------------------------------------------------- */

/* Requirement files may name sdists by URL or path, which pip would build
 * to resolve: refused, as are nested files (not followed yet). */
static pw_status check_reqfile(const char *path, pw_error *err)
{
    char *data;
    size_t len;
    pw_status st = pwi_read_file(path, GUARD_PIP_MAX_REQFILE, "requirements file",
                                 &data, &len, err);
    if (st)
        return st;
    size_t line = 0;
    for (char *s = data, *nl; s && *s; s = nl ? nl + 1 : NULL) {
        nl = strchr(s, '\n');
        if (nl)
            *nl = 0;
        line++;
        while (isspace((unsigned char)*s))
            s++;
        if (!*s || *s == '#')
            continue;
        int nested = !strncmp(s, "-r", 2) || !strncmp(s, "-c", 2) ||
                     !strncmp(s, "--requirement", 13) ||
                     !strncmp(s, "--constraint", 12);
        int direct = strstr(s, "://") || *s == '.' || *s == '/' ||
                     !strncmp(s, "-e", 2) || !strncmp(s, "--editable", 10);
        if (nested || (direct && !strstr(s, ".whl"))) {
            st = pwi_error(err, PW_ERR_UNSUPPORTED, path, line, 0,
                           "%s: not guarded yet (pip would build it to "
                           "resolve); vet it with `pkgward scan` and run pip "
                           "directly", nested ? "a nested requirements file"
                                              : "a direct URL or local path");
            break;
        }
    }
    free(data);
    return st;
}

/* Looks at the user's arguments: local paths and requirement files are
 * checked, the index URL noted. */
static pw_status read_args(pipg *g, int argc, char **argv, pw_error *err)
{
    const char *index = getenv("PIP_INDEX_URL");
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        const char *eq = s[0] == '-' && s[1] == '-' ? strchr(s, '=') : NULL;
        char opt[64] = "";
        if (eq && (size_t)(eq - s) < sizeof opt) {
            memcpy(opt, s, (size_t)(eq - s));
            opt[eq - s] = 0;
            val = eq + 1;
        } else if (s[0] == '-') {
            snprintf(opt, sizeof opt, "%s", s);
            if (!takes_value(s))
                continue;
            if (!val)
                return pwi_error(err, PW_ERR_USAGE, s, 0, 0,
                                 "option needs a value");
            i++;
        } else {
            /* a requirement: a local path or a URL needs care */
            struct stat sb;
            if (strstr(s, "://") || strchr(s, '@')) {
                if (!strstr(s, ".whl"))
                    return pwi_error(err, PW_ERR_UNSUPPORTED, s, 0, 0,
                                     "direct URL requirements are not guarded "
                                     "yet (pip would build an sdist to "
                                     "resolve); download it, vet it with "
                                     "`pkgward scan`, and install the file");
            } else if (strchr(s, '/') || s[0] == '.' || stat(s, &sb) == 0) {
                strv_add(&g->local, (char *)s);
            }
            continue;
        }
        if (!strcmp(opt, "-i") || !strcmp(opt, "--index-url"))
            index = val;
        else if (!strcmp(opt, "-e") || !strcmp(opt, "--editable")) {
            if (strstr(val, "://") || strchr(val, '@'))
                return pwi_error(err, PW_ERR_UNSUPPORTED, val, 0, 0,
                                 "editable VCS or URL requirements are not "
                                 "guarded yet");
            strv_add(&g->local, (char *)val);
        } else if (!strcmp(opt, "-r") || !strcmp(opt, "--requirement") ||
                   !strcmp(opt, "-c") || !strcmp(opt, "--constraint")) {
            pw_status st = check_reqfile(val, err);
            if (st)
                return st;
        }
    }
    if (!index || !*index)
        index = "https://pypi.org/simple/";
    size_t n = strlen(index);
    g->index = own(g, pwi_xasprintf("%s%s", index, index[n - 1] == '/' ? "" : "/"));
    /* a Warehouse-like index serves its JSON API beside /simple/ */
    n = strlen(g->index);
    if (n > 8 && !strcmp(g->index + n - 8, "/simple/"))
        g->json_base = own(g, pwi_xstrndup(g->index, n - 8));
    return PW_OK;
}

/* Options of the user's command line that shape the install step. */
static void carry_options(strv *out, int argc, char **argv, int with_index)
{
    static const char *const flags[] = {
        "--user", "-U", "--upgrade", "--force-reinstall", "-I",
        "--ignore-installed", "--no-compile", "--compile",
        "--break-system-packages", "--no-warn-script-location",
        "--no-warn-conflicts", "-q", "--quiet", "-v", "--verbose",
        "--no-build-isolation", "--no-cache-dir", "--isolated",
        "--require-virtualenv", "--disable-pip-version-check",
        "--pre", "--prefer-binary", NULL};
    static const char *const valued[] = {
        "-t", "--target", "--prefix", "--root", "--root-user-action",
        "--upgrade-strategy", "--cache-dir", "--cert", "--client-cert",
        "--proxy", "--timeout", "--retries", "--exists-action",
        "--config-settings", "-C", "--log", "--log-file", "--python", NULL};
    static const char *const index_opts[] = {
        "-i", "--index-url", "--extra-index-url", "-f", "--find-links",
        "--trusted-host", "--keyring-provider", NULL};
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (s[0] != '-')
            continue;
        size_t l = strcspn(s, "=");
        int hit = 0, val = 0;
        for (const char *const *f = flags; *f && !hit; f++)
            hit = !strcmp(s, *f);
        for (const char *const *f = valued; *f && !hit; f++)
            hit = val = strlen(*f) == l && !strncmp(s, *f, l);
        for (const char *const *f = index_opts; with_index && *f && !hit; f++)
            hit = val = strlen(*f) == l && !strncmp(s, *f, l);
        if (hit) {
            strv_add(out, argv[i]);
            if (val && !s[l] && i + 1 < argc)
                strv_add(out, argv[++i]);
        } else if (takes_value(s) && i + 1 < argc) {
            i++; /* its value is not a requirement */
        }
    }
}

/* ---- the report -------------------------------------------------------- */

static const char *report_sha256(const pwi_jnode *di)
{
    const pwi_jnode *ai = pwi_j_get(di, "archive_info");
    const char *h = pwi_j_get_str(pwi_j_get(ai, "hashes"), "sha256");
    if (h)
        return h;
    h = pwi_j_get_str(ai, "hash");
    return h && !strncmp(h, "sha256=", 7) ? h + 7 : NULL;
}

/* Fetches and vets every distribution of pip's report; vetted files go to
 * g->files. */
static pw_status vet_report(pipg *g, const char *path, pw_error *err)
{
    char *data;
    size_t len;
    pw_status st = pwi_read_file(path, GUARD_PIP_MAX_REPORT, "pip report", &data,
                                 &len, err);
    if (st)
        return st;
    pwi_jnode *root = NULL;
    st = pwi_json_parse(data, len, "pip report", 0, NULL, &root, err);
    free(data);
    if (st)
        return st;
    const pwi_jnode *inst = pwi_j_get(root, "install");
    if (!inst || inst->kind != PWI_J_ARRAY || inst->nitems > GUARD_PIP_MAX_INSTALL) {
        pwi_jtree_free(root);
        return pwi_error(err, PW_ERR_FORMAT, "pip report", 0, 0,
                         "\"install\" is missing, not an array or longer "
                         "than %d", GUARD_PIP_MAX_INSTALL);
    }
    for (size_t i = 0; i < inst->nitems && !st; i++) {
        const pwi_jnode *it = inst->items[i];
        const pwi_jnode *di = pwi_j_get(it, "download_info");
        const pwi_jnode *meta = pwi_j_get(it, "metadata");
        const char *url = pwi_j_get_str(di, "url");
        const char *name = pwi_j_get_str(meta, "name");
        const char *version = pwi_j_get_str(meta, "version");
        if (!url || !name || !version) {
            st = pwi_error(err, PW_ERR_FORMAT, "pip report", it ? it->line : 0,
                           0, "install[%zu] lacks download_info.url, "
                           "metadata.name or metadata.version", i);
            break;
        }
        if (pwi_j_get(di, "dir_info")) {
            /* a local directory: scanned before pip saw it */
            int scanned = 0;
            char *real = realpath(url + (strncmp(url, "file://", 7) ? 0 : 7), NULL);
            for (size_t k = 0; real && k < g->local.n && !scanned; k++) {
                char *lr = realpath(g->local.v[k], NULL);
                scanned = lr && !strcmp(lr, real);
                free(lr);
            }
            free(real);
            if (!scanned)
                st = pwi_error(err, PW_ERR_UNSUPPORTED, url, 0, 0,
                               "pip resolved a local directory that was not "
                               "named on the command line (so not vetted "
                               "before pip built it)");
            continue; /* installed by its own command-line argument */
        }
        if (pwi_j_get(di, "vcs_info")) {
            st = pwi_error(err, PW_ERR_UNSUPPORTED, url, 0, 0,
                           "VCS requirements are not guarded yet");
            break;
        }
        const char *sha = report_sha256(di);
        int pre = 0;
        for (size_t k = 0; k < g->sdists.n && !pre; k++) {
            char *u = pwi_xasprintf("file://%s", g->sdists.v[k]);
            pre = !strcmp(u, url);
            free(u);
            if (pre)
                strv_add(&g->files, g->sdists.v[k]);
        }
        char *file = file_of_url(url);
        if (!file) {
            st = pwi_error(err, PW_ERR_FORMAT, url, 0, 0,
                           "not a wheel or sdist file name");
            break;
        }
        g->any_sdist |= is_sdist_name(file);
        if (pre) {
            free(file); /* vetted before pip built its metadata */
            continue;
        }
        pwi_buf b;
        if ((st = fetch(g, url, sha, &b, err)) == PW_OK) {
            char *kept = keep(g, file, &b);
            if (!kept)
                st = pwi_error(err, PW_ERR_IO, file, 0, 0,
                               "cannot write to %s (a duplicate file name?)",
                               g->tmp);
            else {
                vet_archive(g, name, version, file, b.data, b.len);
                strv_add(&g->files, kept);
            }
            pwi_buf_release(&b);
        }
        free(file);
    }
    pwi_jtree_free(root);
    return st;
}

static int rm_entry(const char *path, const struct stat *sb, int flag,
                    struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* The last "No matching distribution found for REQ" in pip's output, or
 * NULL. */
static char *missing_req(const char *logpath)
{
    char *data;
    size_t len;
    if (pwi_read_file(logpath, GUARD_PIP_MAX_LOG, "pip output", &data, &len,
                      NULL) != PW_OK)
        return NULL;
    static const char key[] = "No matching distribution found for ";
    char *last = NULL;
    for (char *p = data; (p = strstr(p, key)) != NULL; p += sizeof key - 1)
        last = p + sizeof key - 1;
    char *out = last ? pwi_xstrndup(last, strcspn(last, "\r\n")) : NULL;
    free(data);
    return out;
}

static void show_log(FILE *log, const char *logpath)
{
    char *data;
    size_t len;
    if (pwi_read_file(logpath, GUARD_PIP_MAX_LOG, "pip output", &data, &len,
                      NULL) == PW_OK) {
        fwrite(data, 1, len, log);
        free(data);
    }
}

pw_status pw_guard_pip(const pw_guard_options *o, int argc, char **argv,
                       pw_report *rep, int *blocked, pw_error *err)
{
    *blocked = 0;
    if (!o || !o->rules || argc < 1 || !pw_guard_pip_guarded(argv[0]))
        return pwi_error(err, PW_ERR_USAGE, NULL, 0, 0,
                         "usage: pkgward pip install [ARGS]");
    const char *pip = o->pip ? o->pip : "pip";
    pipg g;
    memset(&g, 0, sizeof g);
    g.o = o;
    g.rep = rep;
    g.log = o->log ? o->log : stderr;
    g.pol = pwi_config_policy(o->config);
    pw_status st = read_args(&g, argc, argv, err);
    const char *tmpdir = getenv("TMPDIR");
    char *tmpl = pwi_xasprintf("%s/pkgward-pip.XXXXXX",
                               tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!st && !(g.tmp = mkdtemp(tmpl)))
        st = pwi_error(err, PW_ERR_IO, tmpl, 0, 0,
                       "cannot create a private directory");
    if (!g.tmp)
        free(tmpl);
    char *dist = g.tmp ? pwi_xasprintf("%s/dist", g.tmp) : NULL;
    if (!st && pwi_mkdirs(dist, 0700))
        st = pwi_error(err, PW_ERR_IO, dist, 0, 0, "cannot create");
    free(dist);
    if (o->cache_dir) {
        g.cache = pwi_xstrdup(o->cache_dir);
    } else {
        char *c = pwi_user_dir(PWI_DIR_CACHE);
        g.cache = c ? pwi_xasprintf("%s/registry", c) : NULL;
        free(c);
    }
    pwi_registry_init(&g.reg, NULL, g.cache, 0);
    if (g.json_base)
        g.reg.pypi_url = g.json_base;
    g.reg.pypi = 1;
    if (!st)
        st = pw_scanner_new(o->rules, &o->scan, &g.sc, err);
    if (st)
        goto out;

    /* 1. local paths: pip builds them to resolve, so they come first */
    for (size_t i = 0; i < g.local.n; i++) {
        pw_error e;
        pw_status s = pw_scanner_scan_path(g.sc, g.local.v[i], rep, &e);
        if (s != PW_OK && s != PW_ERR_LIMIT) {
            st = pwi_error(err, s, g.local.v[i], 0, 0, "%s", e.msg);
            goto out;
        }
        g.vetted++;
    }
    int bad = pw_report_count_at_least(rep, o->fail_on) > 0 ||
              pw_report_error_count(rep) > 0;

    /* 2-3. resolve with wheels only; sdists are vetted before pip builds */
    char *report = own(&g, pwi_xasprintf("%s/report.json", g.tmp));
    char *logpath = own(&g, pwi_xasprintf("%s/pip.log", g.tmp));
    int rounds = 0;
    while (!bad || o->warn_only) {
        strv a = {0};
        strv_add(&a, (char *)pip);
        strv_add(&a, "install");
        strv_add(&a, "--dry-run");
        strv_add(&a, "--report");
        strv_add(&a, report);
        strv_add(&a, "--only-binary=:all:");
        for (int i = 1; i < argc; i++)
            strv_add(&a, argv[i]);
        for (size_t i = 0; i < g.sdists.n; i++)
            strv_add(&a, g.sdists.v[i]);
        int rc = pwi_guard_run(pip, a.v, g.log, logpath);
        free(a.v);
        if (rc == 0)
            break;
        char *req = rc == 127 ? NULL : missing_req(logpath);
        if (!req || ++rounds > GUARD_PIP_ROUNDS) {
            show_log(g.log, logpath);
            st = pwi_error(err, PW_ERR_IO, pip, 0, 0,
                           rc == 127 ? "cannot run pip (set PKGWARD_PIP or put "
                                       "pip on PATH); nothing was installed"
                                     : "pip could not resolve (exit status %d); "
                                       "nothing was installed", rc);
            free(req);
            goto out;
        }
        st = vet_sdist(&g, req, err);
        free(req);
        if (st) {
            show_log(g.log, logpath);
            goto out;
        }
        bad = pw_report_count_at_least(rep, o->fail_on) > 0 ||
              pw_report_error_count(rep) > 0;
    }

    /* 4. vet what pip would install */
    if (!bad || o->warn_only) {
        if ((st = vet_report(&g, report, err)) != PW_OK)
            goto out;
    }
    pwi_report_apply_verdicts(rep, &o->scan.thresholds);
    pw_config_suppress(o->config, rep, o->now, o->rules, &o->scan.thresholds);
    fprintf(g.log, "pkgward: %zu distributions to install: %zu scanned, %zu "
            "already vetted\n", g.files.n, g.vetted, g.cached);
    bad = pw_report_count_at_least(rep, o->fail_on) > 0 ||
          pw_report_error_count(rep) > 0;

    /* 5. block, or install exactly the vetted files */
    if (bad && !o->warn_only) {
        *blocked = 1;
        fprintf(g.log, "pkgward: install blocked; nothing was built or "
                "installed\n");
    } else if (g.files.n || g.local.n) {
        strv a = {0};
        strv_add(&a, (char *)pip);
        strv_add(&a, "install");
        strv_add(&a, "--no-deps");
        /* sdists are built with pip's build isolation, which needs an index */
        if (!g.any_sdist)
            strv_add(&a, "--no-index");
        carry_options(&a, argc, argv, g.any_sdist);
        for (size_t i = 0; i < g.files.n; i++)
            strv_add(&a, g.files.v[i]);
        for (int i = 1; i < argc; i++) {
            const char *s = argv[i];
            if (!strcmp(s, "-e") || !strcmp(s, "--editable")) {
                strv_add(&a, argv[i]);
                if (i + 1 < argc)
                    strv_add(&a, argv[++i]);
            } else if (!strncmp(s, "--editable=", 11)) {
                strv_add(&a, argv[i]);
            } else if (s[0] == '-') {
                if (takes_value(s))
                    i++;
            } else {
                /* local directories; local archives are among g.files */
                struct stat sb;
                for (size_t k = 0; k < g.local.n; k++)
                    if (g.local.v[k] == s && stat(s, &sb) == 0 &&
                        S_ISDIR(sb.st_mode))
                        strv_add(&a, argv[i]);
            }
        }
        int rc = pwi_guard_run(pip, a.v, g.log, NULL);
        free(a.v);
        if (rc != 0)
            st = pwi_error(err, PW_ERR_IO, pip, 0, 0,
                           "pip install of the vetted files exited with "
                           "status %d", rc);
    } else {
        fprintf(g.log, "pkgward: nothing to install\n");
    }
    pw_report_sort(rep);
out:
    if (g.tmp) {
        nftw(g.tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
        free(g.tmp);
    }
    pw_scanner_free(g.sc);
    for (size_t i = 0; i < g.owned.n; i++)
        free(g.owned.v[i]);
    free(g.owned.v);
    free(g.local.v);
    free(g.sdists.v);
    free(g.sdist_names.v);
    free(g.files.v);
    free(g.cache);
    return st;
}
