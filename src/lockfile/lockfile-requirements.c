/*
 * lockfile-requirements.c - pip requirements and constraints files.
 *
 * Lines are read the way pip's req_file.py reads them, so that what is
 * checked is what pip would install:
 *  - a line ending in a backslash is joined with the next one, unless it
 *    is a comment line (starts with optional whitespace and '#');
 *  - a comment starts at a '#' at the start of the line or after
 *    whitespace ("pkg#egg" is not a comment), and runs to the end of the
 *    joined line;
 *  - the requirement is the text before the first space-separated token
 *    starting with '-'; the rest are options (shell-like tokens; long
 *    options may be abbreviated to a unique prefix, as optparse allows);
 *  - ${VAR} references are kept as written (nothing is expanded).
 *
 * Requirements: PEP 508 "name[extras] specifiers ; markers", direct
 * references "name @ url", URLs and VCS URLs (git+https://...#egg=name),
 * local paths and archives, and -e/--editable paths or VCS URLs. Only an
 * exact pin (== without a wildcard, or ===) gives a version; anything else
 * is recorded with its specifier and a warning that the installed version
 * is unknown - unless a constraints file (-c) pins the name, which is what
 * pip would then install. --hash=algo:hex gives the integrity.
 *
 * -r/--requirement and -c/--constraint files are read through o->load
 * (relative to the including file), at most o->max_includes deep and at
 * most REQ_MAX_FILES files in all; a file already being read (a cycle) or
 * already read is not read again. Constraint entries that match no
 * requirement are recorded without an edge from the root: they are
 * installed only if something else needs them. Remote (-r https://...)
 * includes are never fetched: a warning says so.
 *
 * Every requirement is a direct dependency: one ROOT package named after
 * the file, with an edge to each. A line that is not understood is
 * PW_ERR_FORMAT naming the file and line, never skipped.
 */
#include "lockfile/lockfile-python.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/mem.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Included files read in all (diamond-shaped includes stay bounded). */
#define REQ_MAX_FILES 1000

/* A constraint (-c file entry), applied once everything is read. */
typedef struct req_cons {
    char *norm;
    pwi_lock_pkg pkg; /* owned strings */
} req_cons;

typedef struct rq {
    pwi_lockfile *lf;
    const pwi_lock_opts *o;
    pw_error *err;
    size_t root;
    size_t nfiles;
    pwi_strmap indexes; /* index URLs already reported */
    pwi_strmap visited; /* "r:path" / "c:path" of files read */
    const char **stack; /* paths of the files being read, outermost first */
    size_t nstack, capstack;
    req_cons *cons;
    size_t ncons, capcons;
    size_t *unpinned; /* requirement packages without a version */
    size_t nunpinned, capunpinned;
} rq;

/* Where a line is: for errors and warnings. */
typedef struct req_at {
    const char *path; /* file as named in errors */
    const char *file; /* NULL for the lockfile itself */
    size_t line;
    int constraint;   /* read from a -c file */
    size_t depth;     /* include depth, 0 for the lockfile */
} req_at;

static pw_status fail(rq *r, const req_at *at, const char *fmt, ...)
    PW_PRINTF(3, 4);

static pw_status fail(rq *r, const req_at *at, const char *fmt, ...)
{
    char msg[sizeof r->err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return pwi_error(r->err, PW_ERR_FORMAT, at->path, at->line, 0, "%s", msg);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static int is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

static int has_prefix(const char *s, const char *pre)
{
    return strncmp(s, pre, strlen(pre)) == 0;
}

static int has_suffix(const char *s, size_t n, const char *suf)
{
    size_t m = strlen(suf);
    return n >= m && memcmp(s + n - m, suf, m) == 0;
}

/* Text for messages: at most 80 bytes, control bytes as '?'. */
static void shown(const char *s, size_t n, char *out, size_t size)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 4 < size && i < 80; i++) {
        unsigned char c = (unsigned char)s[i];
        out[o++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
    }
    if (n > 80 && o + 4 < size) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = '\0';
}

/* ---- lines ----------------------------------------------------------------- */

/* pip's COMMENT_RE.match: optional whitespace, then '#'. */
static int is_comment_line(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && is_space(s[i]))
        i++;
    return i < n && s[i] == '#';
}

/* Cuts a comment ('#' at the start or after whitespace, with the
 * whitespace before it) and surrounding whitespace; returns the length. */
static size_t strip_comment(char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '#' && (i == 0 || is_space(s[i - 1]))) {
            n = i;
            break;
        }
    while (n && is_space(s[n - 1]))
        n--;
    size_t b = 0;
    while (b < n && is_space(s[b]))
        b++;
    memmove(s, s + b, n - b);
    n -= b;
    s[n] = '\0';
    return n;
}

/* ---- option tokens ------------------------------------------------------------ */

typedef struct toks {
    char **v;
    size_t n, cap;
} toks;

static void toks_release(toks *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i]);
    free(t->v);
    memset(t, 0, sizeof *t);
}

/* Shell-like split (POSIX shlex): quotes group, backslash escapes. */
static pw_status tokenize(rq *r, const req_at *at, const char *s, toks *t)
{
    pwi_buf b;
    pwi_buf_init(&b, 0);
    size_t i = 0, n = strlen(s);
    for (;;) {
        while (i < n && is_space(s[i]))
            i++;
        if (i >= n)
            break;
        pwi_buf_reset(&b);
        pwi_buf_add(&b, "", 0);
        while (i < n && !is_space(s[i])) {
            char c = s[i];
            if (c == '\'') {
                const char *e = memchr(s + i + 1, '\'', n - i - 1);
                if (!e) {
                    pwi_buf_release(&b);
                    return fail(r, at, "no closing quotation in the options");
                }
                pwi_buf_add(&b, s + i + 1, (size_t)(e - s) - i - 1);
                i = (size_t)(e - s) + 1;
            } else if (c == '"') {
                i++;
                while (i < n && s[i] != '"') {
                    if (s[i] == '\\' && i + 1 < n &&
                        (s[i + 1] == '"' || s[i + 1] == '\\'))
                        i++;
                    pwi_buf_addc(&b, s[i++]);
                }
                if (i >= n) {
                    pwi_buf_release(&b);
                    return fail(r, at, "no closing quotation in the options");
                }
                i++;
            } else if (c == '\\' && i + 1 < n) {
                pwi_buf_addc(&b, s[i + 1]);
                i += 2;
            } else {
                pwi_buf_addc(&b, c);
                i++;
            }
        }
        PW_GROW(t->v, t->cap, t->n + 1);
        t->v[t->n++] = pwi_buf_detach(&b);
    }
    pwi_buf_release(&b);
    return PW_OK;
}

/* ---- options ------------------------------------------------------------------ */

enum {
    OPT_REQUIREMENT,
    OPT_CONSTRAINT,
    OPT_EDITABLE,
    OPT_INDEX_URL,
    OPT_EXTRA_INDEX_URL,
    OPT_FIND_LINKS,
    OPT_TRUSTED_HOST,
    OPT_HASH,
    OPT_OTHER_VALUE, /* known, takes a value, nothing to record */
    OPT_OTHER_FLAG   /* known flag */
};

static const struct {
    const char *name; /* long form */
    char short_name;
    int id;
} options[] = {
    {"--requirement", 'r', OPT_REQUIREMENT},
    {"--constraint", 'c', OPT_CONSTRAINT},
    {"--editable", 'e', OPT_EDITABLE},
    {"--index-url", 'i', OPT_INDEX_URL},
    {"--extra-index-url", 0, OPT_EXTRA_INDEX_URL},
    {"--find-links", 'f', OPT_FIND_LINKS},
    {"--trusted-host", 0, OPT_TRUSTED_HOST},
    {"--hash", 0, OPT_HASH},
    {"--no-binary", 0, OPT_OTHER_VALUE},
    {"--only-binary", 0, OPT_OTHER_VALUE},
    {"--use-feature", 0, OPT_OTHER_VALUE},
    {"--global-option", 0, OPT_OTHER_VALUE},
    {"--install-option", 0, OPT_OTHER_VALUE},
    {"--config-settings", 'C', OPT_OTHER_VALUE},
    {"--no-index", 0, OPT_OTHER_FLAG},
    {"--pre", 0, OPT_OTHER_FLAG},
    {"--prefer-binary", 0, OPT_OTHER_FLAG},
    {"--require-hashes", 0, OPT_OTHER_FLAG},
};
#define NOPTIONS (sizeof options / sizeof options[0])

/* One option with its value. */
typedef struct opt {
    int id;
    const char *name;
    const char *value; /* NULL for flags */
} opt;

typedef struct opts {
    opt *v;
    size_t n, cap;
} opts;

/* Parses the option tokens like optparse: -xVALUE, -x VALUE,
 * --long=VALUE, --long VALUE, unique prefixes of long names. */
static pw_status parse_options(rq *r, const req_at *at, const toks *t,
                               opts *out)
{
    for (size_t i = 0; i < t->n; i++) {
        const char *tok = t->v[i], *value = NULL;
        char what[100];
        shown(tok, strlen(tok), what, sizeof what);
        size_t k = NOPTIONS;
        if (tok[0] == '-' && tok[1] == '-') {
            const char *eq = strchr(tok, '=');
            size_t len = eq ? (size_t)(eq - tok) : strlen(tok);
            size_t matches = 0;
            for (size_t j = 0; j < NOPTIONS; j++) {
                if (strlen(options[j].name) == len &&
                    !memcmp(options[j].name, tok, len)) {
                    k = j;
                    matches = 1;
                    break;
                }
                if (len > 2 && !strncmp(options[j].name, tok, len)) {
                    k = j;
                    matches++;
                }
            }
            if (matches != 1)
                return fail(r, at,
                            matches ? "ambiguous option %s"
                                    : "unknown option %s (not a pip "
                                      "requirements file option)",
                            what);
            if (eq)
                value = eq + 1;
        } else if (tok[0] == '-' && tok[1]) {
            for (size_t j = 0; j < NOPTIONS; j++)
                if (options[j].short_name == tok[1])
                    k = j;
            if (k == NOPTIONS)
                return fail(r, at,
                            "unknown option %s (not a pip requirements "
                            "file option)",
                            what);
            if (tok[2])
                value = tok + 2;
        } else {
            return fail(r, at, "unexpected \"%s\" among the options", what);
        }
        int takes_value = options[k].id != OPT_OTHER_FLAG;
        if (!takes_value && value)
            return fail(r, at, "option %s takes no value", options[k].name);
        if (takes_value && !value) {
            if (i + 1 >= t->n)
                return fail(r, at, "option %s needs a value",
                            options[k].name);
            value = t->v[++i];
        }
        PW_GROW(out->v, out->cap, out->n + 1);
        out->v[out->n].id = options[k].id;
        out->v[out->n].name = options[k].name;
        out->v[out->n].value = value;
        out->n++;
    }
    return PW_OK;
}

/* ---- requirements ------------------------------------------------------------- */

/* What one requirement line resolves to (strings malloc'd). */
typedef struct req {
    char *name;
    char *version;
    char *spec;
    char *resolved;
    char *integrity;
    pwi_lock_source source;
    int needs_pin; /* a registry requirement: unpinned unless version */
} req;

static void req_release(req *q)
{
    free(q->name);
    free(q->version);
    free(q->spec);
    free(q->resolved);
    free(q->integrity);
    memset(q, 0, sizeof *q);
}

static const char *const vcs_schemes[] = {
    "git+http", "git+https", "git+ssh", "git+git", "git+file", "git",
    "hg+file", "hg+http", "hg+https", "hg+ssh", "hg+static-http", "svn",
    "svn+ssh", "svn+http", "svn+https", "svn+svn", "svn+file", "bzr+http",
    "bzr+https", "bzr+ssh", "bzr+sftp", "bzr+ftp", "bzr+lp", "bzr+file"};

/* The URL scheme of s when pip would take s as a URL (http, https, file,
 * ftp or a VCS scheme), lowercased into buf; NULL otherwise. */
static const char *url_scheme(const char *s, char *buf, size_t size)
{
    const char *colon = strchr(s, ':');
    if (!colon || (size_t)(colon - s) >= size)
        return NULL;
    size_t n = (size_t)(colon - s);
    for (size_t i = 0; i < n; i++)
        buf[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
    buf[n] = '\0';
    if (!strcmp(buf, "http") || !strcmp(buf, "https") ||
        !strcmp(buf, "file") || !strcmp(buf, "ftp"))
        return buf;
    for (size_t i = 0; i < sizeof vcs_schemes / sizeof vcs_schemes[0]; i++)
        if (!strcmp(buf, vcs_schemes[i]))
            return buf;
    return NULL;
}

static int is_archive_name(const char *s, size_t n)
{
    static const char *const exts[] = {
        ".whl",     ".zip",    ".tar.gz", ".tgz",     ".tar",
        ".tar.bz2", ".tbz",    ".tar.xz", ".txz",     ".tlz",
        ".tar.lz",  ".tar.lzma"};
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (has_suffix(s, n, exts[i]))
            return 1;
    return 0;
}

/* The last path segment of a URL or path, without query and fragment. */
static void last_segment(const char *s, const char **seg, size_t *n)
{
    size_t end = strcspn(s, "?#");
    while (end && s[end - 1] == '/')
        end--;
    size_t b = end;
    while (b && s[b - 1] != '/' && s[b - 1] != '\\')
        b--;
    *seg = s + b;
    *n = end - b;
}

/* Name and version from a distribution file name: a wheel
 * "name-1.0-py3-none-any.whl" or an sdist "name-1.0.tar.gz" (the version
 * starts after the last '-' that a digit follows). 0 when neither. */
static int dist_file_name(const char *f, size_t n, char **name,
                          char **version)
{
    if (has_suffix(f, n, ".whl")) {
        const char *d1 = memchr(f, '-', n);
        if (!d1)
            return 0;
        const char *v = d1 + 1;
        const char *d2 = memchr(v, '-', (size_t)(f + n - v));
        if (!d2 || d1 == f || d2 == v)
            return 0;
        *name = pwi_xstrndup(f, (size_t)(d1 - f));
        *version = pwi_xstrndup(v, (size_t)(d2 - v));
        return 1;
    }
    static const char *const exts[] = {".tar.gz", ".zip", ".tar.bz2",
                                       ".tgz", ".tar.xz", ".tar"};
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        if (!has_suffix(f, n, exts[i]))
            continue;
        size_t m = n - strlen(exts[i]);
        for (size_t j = m; j-- > 1;)
            if (f[j - 1] == '-' && f[j] >= '0' && f[j] <= '9') {
                *name = pwi_xstrndup(f, j - 1);
                *version = pwi_xstrndup(f + j, m - j);
                return 1;
            }
        return 0;
    }
    return 0;
}

/* The value of egg= in a URL fragment (without [extras]), malloc'd. */
static char *egg_name(const char *url)
{
    const char *frag = strchr(url, '#');
    if (!frag)
        return NULL;
    for (const char *p = frag + 1; *p;) {
        size_t n = strcspn(p, "&");
        if (n > 4 && !strncmp(p, "egg=", 4)) {
            size_t m = strcspn(p + 4, "&[");
            if (m && m <= n - 4)
                return pwi_xstrndup(p + 4, m);
        }
        p += n;
        if (*p == '&')
            p++;
    }
    return NULL;
}

/* 1 when a VCS URL names a full commit (40 or 64 hex digits after the
 * last '@' of the path). */
static int vcs_pinned_to_commit(const char *url)
{
    const char *scheme_end = strstr(url, "://");
    const char *path = scheme_end ? strchr(scheme_end + 3, '/') : url;
    if (!path)
        return 0;
    const char *at = NULL;
    size_t end = strcspn(path, "#?");
    for (size_t i = 0; i < end; i++)
        if (path[i] == '@')
            at = path + i + 1;
    if (!at)
        return 0;
    size_t n = strspn(at, "0123456789abcdefABCDEF");
    return (n == 40 || n == 64) && (size_t)(at - path) + n == end;
}

/* Checks a name against PEP 508: letters/digits, inner ".-_". */
static int valid_name(const char *s, size_t n)
{
    if (!n || !is_alnum(s[0]) || !is_alnum(s[n - 1]))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!is_alnum(s[i]) && s[i] != '.' && s[i] != '-' && s[i] != '_')
            return 0;
    return 1;
}

/* A requirement from a URL or path (not PEP 508 "name @ url"): source,
 * resolved, and a name from #egg=, the file name or the location. */
static pw_status req_from_location(rq *r, const req_at *at, const char *loc,
                                   int editable, req *q);

/* A path or URL requirement; a local path may end in [extras] (pip's
 * "-e .[dev]"), which are checked and dropped. */
static pw_status req_from_path_or_url(rq *r, const req_at *at,
                                      const char *loc, int editable, req *q)
{
    char scheme[32];
    size_t n = strlen(loc);
    const char *open = n && loc[n - 1] == ']' ? strrchr(loc, '[') : NULL;
    if (!open || url_scheme(loc, scheme, sizeof scheme))
        return req_from_location(r, at, loc, editable, q);
    for (const char *e = open + 1; e < loc + n - 1;) {
        size_t k = strcspn(e, ",]");
        size_t b = 0;
        while (b < k && is_space(e[b]))
            b++;
        while (k > b && is_space(e[k - 1]))
            k--;
        if (!valid_name(e + b, k - b)) {
            char what[100];
            shown(loc, n, what, sizeof what);
            return fail(r, at, "invalid extras in \"%s\"", what);
        }
        e += strcspn(e, ",]");
        if (*e == ',')
            e++;
    }
    char *path = pwi_xstrndup(loc, (size_t)(open - loc));
    pw_status st = req_from_location(r, at, path, editable, q);
    free(path);
    return st;
}

static pw_status req_from_location(rq *r, const req_at *at, const char *loc,
                                   int editable, req *q)
{
    char scheme[32];
    const char *sch = url_scheme(loc, scheme, sizeof scheme);
    const char *seg;
    size_t segn;
    char *fname = NULL, *fversion = NULL;
    char what[100];
    shown(loc, strlen(loc), what, sizeof what);
    last_segment(loc, &seg, &segn);
    if (sch && (has_prefix(sch, "git") || has_prefix(sch, "hg") ||
                has_prefix(sch, "svn") || has_prefix(sch, "bzr"))) {
        q->source = has_prefix(sch, "git") ? PWI_SRC_GIT : PWI_SRC_URL;
        if (!vcs_pinned_to_commit(loc))
            pwi_lock_warn(r->lf, at->line, at->file,
                          "%s is not pinned to a commit: what it installs "
                          "can change",
                          what);
    } else if (sch && strcmp(sch, "file")) {
        q->source = PWI_SRC_URL;
    } else {
        q->source = PWI_SRC_PATH;
    }
    if (!sch && editable == 0 && !is_archive_name(loc, strlen(loc)) &&
        !strchr(loc, '/') && !strchr(loc, '\\') && loc[0] != '.')
        return fail(r, at, "invalid requirement \"%s\"", what);
    q->resolved = q->source == PWI_SRC_PATH && !sch ? pwi_xstrdup(loc)
                                                   : pwi_py_redact_url(loc);
    q->name = egg_name(loc);
    if (dist_file_name(seg, segn, &fname, &fversion)) {
        if (!q->name)
            q->name = fname;
        else
            free(fname);
        q->version = fversion;
    }
    if (q->name && !valid_name(q->name, strlen(q->name))) {
        char n[100];
        shown(q->name, strlen(q->name), n, sizeof n);
        return fail(r, at, "invalid package name \"%s\" in \"%s\"", n, what);
    }
    if (!q->name) {
        /* pip learns the name by building the package; here only the
         * location is known */
        q->name = pwi_xstrdup(loc);
        if (q->resolved) {
            free(q->name);
            q->name = pwi_xstrdup(q->resolved);
        }
    }
    return PW_OK;
}

/* One specifier clause list "(>=1, <2)" or ">=1,<2" at s[i..n); fills
 * spec (without whitespace) and version (an exact pin). */
static pw_status parse_specifiers(rq *r, const req_at *at, const char *s,
                                  size_t *ip, size_t n, req *q,
                                  const char *what)
{
    static const char *const ops[] = {"===", "~=", "==", "!=",
                                      "<=",  ">=", "<",  ">"};
    size_t i = *ip;
    int paren = 0;
    pwi_buf spec;
    pwi_buf_init(&spec, 0);
    if (i < n && s[i] == '(') {
        paren = 1;
        i++;
    }
    for (;;) {
        while (i < n && is_space(s[i]))
            i++;
        const char *op = NULL;
        for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++)
            if (n - i >= strlen(ops[k]) &&
                !memcmp(s + i, ops[k], strlen(ops[k]))) {
                op = ops[k];
                break;
            }
        if (!op) {
            pwi_buf_release(&spec);
            return fail(r, at,
                        "invalid requirement \"%s\": expected a version "
                        "operator (==, >=, ~=, ...)",
                        what);
        }
        i += strlen(op);
        while (i < n && is_space(s[i]))
            i++;
        size_t vb = i;
        int arbitrary = !strcmp(op, "===");
        while (i < n && !is_space(s[i]) && s[i] != ',' && s[i] != ';' &&
               s[i] != ')' &&
               (arbitrary || is_alnum(s[i]) || strchr("._*+!-", s[i])))
            i++;
        size_t vlen = i - vb;
        const char *v = s + vb;
        const char *star = memchr(v, '*', vlen);
        /* a wildcard only as a final ".*" of == and != (PEP 440) */
        int wildcard_ok = !strcmp(op, "==") || !strcmp(op, "!=");
        if (!vlen ||
            (star && !arbitrary &&
             (!wildcard_ok || star != v + vlen - 1 || vlen < 3 ||
              v[vlen - 2] != '.'))) {
            pwi_buf_release(&spec);
            return fail(r, at, "invalid version in requirement \"%s\"", what);
        }
        if (spec.len)
            pwi_buf_addc(&spec, ',');
        pwi_buf_adds(&spec, op);
        pwi_buf_add(&spec, v, vlen);
        if (!q->version && (arbitrary || (!strcmp(op, "==") && !star)))
            q->version = pwi_xstrndup(v, vlen);
        while (i < n && is_space(s[i]))
            i++;
        if (i < n && s[i] == ',') {
            i++;
            continue;
        }
        break;
    }
    if (paren) {
        if (i >= n || s[i] != ')') {
            pwi_buf_release(&spec);
            return fail(r, at, "invalid requirement \"%s\": missing ')'",
                        what);
        }
        i++;
    }
    q->spec = pwi_buf_detach(&spec);
    *ip = i;
    return PW_OK;
}

/* PEP 508: name [extras] (specifiers | @ url) (markers were cut off). */
static pw_status parse_pep508(rq *r, const req_at *at, const char *s,
                              size_t n, req *q)
{
    char what[100];
    shown(s, n, what, sizeof what);
    size_t i = 0;
    while (i < n && (is_alnum(s[i]) || strchr("._-", s[i])))
        i++;
    if (!valid_name(s, i))
        return fail(r, at, "invalid requirement \"%s\": expected a package "
                           "name",
                    what);
    q->name = pwi_xstrndup(s, i);
    while (i < n && is_space(s[i]))
        i++;
    if (i < n && s[i] == '[') {
        /* extras: [a, b-c] */
        i++;
        for (;;) {
            while (i < n && is_space(s[i]))
                i++;
            if (i < n && s[i] == ']' )
                break;
            size_t b = i;
            while (i < n && (is_alnum(s[i]) || strchr("._-", s[i])))
                i++;
            if (!valid_name(s + b, i - b))
                return fail(r, at, "invalid extras in requirement \"%s\"",
                            what);
            while (i < n && is_space(s[i]))
                i++;
            if (i < n && s[i] == ',') {
                i++;
                continue;
            }
            if (i < n && s[i] == ']')
                break;
            return fail(r, at, "invalid extras in requirement \"%s\"", what);
        }
        i++;
        while (i < n && is_space(s[i]))
            i++;
    }
    if (i < n && s[i] == '@') {
        i++;
        while (i < n && is_space(s[i]))
            i++;
        size_t b = i;
        while (i < n && !is_space(s[i]))
            i++;
        if (i == b)
            return fail(r, at, "invalid requirement \"%s\": no URL after '@'",
                        what);
        char *url = pwi_xstrndup(s + b, i - b);
        char scheme[32];
        const char *sch = url_scheme(url, scheme, sizeof scheme);
        if (!sch && !strstr(url, "://")) {
            free(url);
            return fail(r, at, "invalid requirement \"%s\": \"@\" must be "
                               "followed by a URL",
                        what);
        }
        char *name = q->name;
        q->name = NULL;
        pw_status st = req_from_location(r, at, url, 0, q);
        free(url);
        /* the name written before '@' is the one pip installs under */
        free(q->name);
        q->name = name;
        if (st)
            return st;
    } else if (i < n) {
        pw_status st = parse_specifiers(r, at, s, &i, n, q, what);
        if (st)
            return st;
    }
    while (i < n && is_space(s[i]))
        i++;
    if (i < n)
        return fail(r, at, "invalid requirement \"%s\": unexpected text "
                           "after the specifier",
                    what);
    q->needs_pin = q->source == PWI_SRC_REGISTRY;
    return PW_OK;
}

/* --hash=algo:hex as pip accepts it (sha256, sha384, sha512). */
static pw_status check_hash(rq *r, const req_at *at, const char *h)
{
    static const struct {
        const char *algo;
        size_t hexlen;
    } algos[] = {{"sha256", 64}, {"sha384", 96}, {"sha512", 128}};
    char what[100];
    shown(h, strlen(h), what, sizeof what);
    const char *colon = strchr(h, ':');
    for (size_t i = 0; colon && i < sizeof algos / sizeof algos[0]; i++)
        if ((size_t)(colon - h) == strlen(algos[i].algo) &&
            !memcmp(h, algos[i].algo, (size_t)(colon - h))) {
            size_t n = strlen(colon + 1);
            if (n == algos[i].hexlen &&
                strspn(colon + 1, "0123456789abcdefABCDEF") == n)
                return PW_OK;
            break;
        }
    return fail(r, at,
                "invalid --hash \"%s\": expected sha256:, sha384: or "
                "sha512: and the hex digest",
                what);
}

/* ---- one line ------------------------------------------------------------------- */

static pw_status parse_data(rq *r, const req_at *at, const char *data,
                            size_t len);

/* path with "." and "dir/.." segments and repeated slashes removed
 * (lexically: symlinks are not resolved), so that an include cycle
 * through "../" is still seen as one. malloc'd. */
static char *normalize_path(const char *path)
{
    size_t n = strlen(path), o = 0, keep = 0; /* keep: leading ".." part */
    char *out = pwi_xmalloc(n + 2);
    int abs = path[0] == '/';
    if (abs)
        out[o++] = '/';
    size_t base = o;
    for (size_t i = 0; i < n;) {
        while (i < n && path[i] == '/')
            i++;
        size_t b = i;
        while (i < n && path[i] != '/')
            i++;
        size_t len = i - b;
        if (!len || (len == 1 && path[b] == '.'))
            continue;
        if (len == 2 && path[b] == '.' && path[b + 1] == '.') {
            if (o > base + keep) {
                while (o > base + keep && out[o - 1] != '/')
                    o--;
                if (o > base + keep)
                    o--; /* the '/' before the dropped segment */
                continue;
            }
            if (abs)
                continue; /* "/.." is "/" */
            if (o > base)
                out[o++] = '/';
            memcpy(out + o, "..", 2);
            o += 2;
            keep = o - base;
            continue;
        }
        if (o > base)
            out[o++] = '/';
        memcpy(out + o, path + b, len);
        o += len;
    }
    if (o == 0)
        out[o++] = '.';
    out[o] = '\0';
    return out;
}

/* -r/-c rel from the line at: reads the file through o->load. */
static pw_status include(rq *r, const req_at *at, const char *rel,
                         int constraint)
{
    const char *flag = constraint ? "-c" : "-r";
    char what[100], scheme[32];
    shown(rel, strlen(rel), what, sizeof what);
    if (url_scheme(rel, scheme, sizeof scheme) || strstr(rel, "://")) {
        char *safe = pwi_py_redact_url(rel);
        pwi_lock_warn(r->lf, at->line, at->file,
                      "%s %s is a URL: it is not fetched, so its "
                      "requirements are not checked",
                      flag, safe);
        free(safe);
        return PW_OK;
    }
    if (!r->o->load) {
        pwi_lock_warn(r->lf, at->line, at->file,
                      "%s %s is not followed (included files are not read "
                      "here), so its %s",
                      flag, what,
                      constraint ? "pins are not applied"
                                 : "requirements are not checked");
        return PW_OK;
    }
    if (at->depth + 1 > r->o->max_includes)
        return pwi_error(r->err, PW_ERR_LIMIT, at->path, at->line, 0,
                         "%s %s: included files nest deeper than %zu", flag,
                         what, r->o->max_includes);
    if (r->nfiles >= REQ_MAX_FILES)
        return pwi_error(r->err, PW_ERR_LIMIT, at->path, at->line, 0,
                         "%s %s: more than %d included files", flag, what,
                         REQ_MAX_FILES);
    char *data = NULL, *path = NULL;
    size_t len = 0;
    pw_error lerr;
    memset(&lerr, 0, sizeof lerr);
    pw_status st = r->o->load(r->o->load_user, at->path, rel, &data, &len,
                              &path, &lerr);
    if (st) {
        free(data);
        free(path);
        return pwi_error(r->err, st, at->path, at->line, 0, "%s %s: %s",
                         flag, what, lerr.msg[0] ? lerr.msg : pw_strerror(st));
    }
    char *norm = normalize_path(path);
    free(path);
    path = norm;
    for (size_t i = 0; i < r->nstack; i++)
        if (!strcmp(r->stack[i], path)) {
            pwi_lock_warn(r->lf, at->line, at->file,
                          "%s %s includes a file that is already being read "
                          "(an include cycle): not read again",
                          flag, what);
            free(data);
            free(path);
            return PW_OK;
        }
    char *key = pwi_xasprintf("%c:%s", constraint ? 'c' : 'r', path);
    int seen = pwi_strmap_put(&r->visited, key, strlen(key), 0);
    free(key);
    if (seen || len > r->o->limits.max_bytes) {
        free(data);
        st = seen ? PW_OK
                  : pwi_error(r->err, PW_ERR_LIMIT, path, 0, 0,
                              "included file is larger than %zu bytes",
                              r->o->limits.max_bytes);
        free(path);
        return st;
    }
    r->nfiles++;
    PW_GROW(r->stack, r->capstack, r->nstack + 1);
    r->stack[r->nstack++] = path;
    req_at sub = {path, path, 0, constraint, at->depth + 1};
    st = parse_data(r, &sub, data, len);
    r->nstack--;
    free(data);
    free(path);
    return st;
}

/* Records a parsed requirement: a package with an edge from the root, or
 * a constraint to apply later. */
static pw_status add_req(rq *r, const req_at *at, req *q)
{
    pwi_lock_pkg d;
    memset(&d, 0, sizeof d);
    d.name = q->name;
    d.version = q->version;
    d.spec = q->spec && *q->spec ? q->spec : NULL;
    d.resolved = q->resolved;
    d.integrity = q->integrity;
    d.file = (char *)at->file;
    d.source = q->source;
    d.line = at->line;
    if (at->constraint) {
        PW_GROW(r->cons, r->capcons, r->ncons + 1);
        req_cons *c = &r->cons[r->ncons++];
        c->norm = pwi_py_normalize(q->name, strlen(q->name));
        c->pkg = d; /* takes q's strings */
        c->pkg.file = d.file ? pwi_xstrdup(d.file) : NULL;
        if (!d.spec)
            free(q->spec);
        q->name = q->version = q->spec = q->resolved = q->integrity = NULL;
        return PW_OK;
    }
    size_t i = pwi_lock_add(r->lf, &d, r->o);
    if (i == SIZE_MAX)
        return pwi_error(r->err, PW_ERR_LIMIT, at->path, at->line, 0,
                         "more than %zu packages", r->o->max_packages);
    pwi_lock_add_edge(r->lf, r->root, i);
    if (q->needs_pin && !q->version) {
        PW_GROW(r->unpinned, r->capunpinned, r->nunpinned + 1);
        r->unpinned[r->nunpinned++] = i;
    }
    return PW_OK;
}

/* The requirement text (before the options) of a line into q. */
static pw_status parse_requirement(rq *r, const req_at *at, char *s,
                                   size_t n, req *q)
{
    char scheme[32];
    int is_url = url_scheme(s, scheme, sizeof scheme) != NULL;
    /* markers: pip splits a URL at "; " (';' may be in a URL) and
     * anything else at ';' */
    char *semi = NULL;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ';' && (!is_url || (i + 1 < n && s[i + 1] == ' '))) {
            semi = s + i;
            break;
        }
    if (semi) {
        size_t m = (size_t)(s + n - semi - 1);
        const char *mk = semi + 1;
        while (m && is_space(*mk)) {
            mk++;
            m--;
        }
        if (!m) {
            char what[100];
            shown(s, n, what, sizeof what);
            return fail(r, at, "empty environment marker after ';' in \"%s\"",
                        what);
        }
        n = (size_t)(semi - s);
        while (n && is_space(s[n - 1]))
            n--;
        s[n] = '\0';
    }
    if (is_url)
        return req_from_location(r, at, s, 0, q);
    int looks_like_path = s[0] == '.' || s[0] == '/' || s[0] == '~' ||
                          ((strchr(s, '/') || strchr(s, '\\') ||
                            is_archive_name(s, n)) &&
                           !strchr(s, '@'));
    if (looks_like_path)
        return req_from_path_or_url(r, at, s, 0, q);
    return parse_pep508(r, at, s, n, q);
}

static pw_status handle_line(rq *r, const req_at *at, char *line, size_t n)
{
    /* pip's break_args_options: the requirement ends before the first
     * space-separated token that starts with '-' */
    size_t split = n;
    for (size_t i = 0; i < n; i++)
        if (line[i] == '-' && (i == 0 || line[i - 1] == ' ')) {
            split = i;
            break;
        }
    toks t;
    opts op;
    req q;
    memset(&t, 0, sizeof t);
    memset(&op, 0, sizeof op);
    memset(&q, 0, sizeof q);
    pw_status st = tokenize(r, at, line + split, &t);
    if (!st)
        st = parse_options(r, at, &t, &op);
    size_t argn = split;
    while (argn && is_space(line[argn - 1]))
        argn--;
    line[argn] = '\0';
    const char *editable = NULL, *first_include = NULL;
    int include_constraint = 0;
    for (size_t i = 0; !st && i < op.n; i++) {
        const opt *o = &op.v[i];
        switch (o->id) {
        case OPT_EDITABLE:
            if (editable || argn)
                st = fail(r, at, "one requirement per line: -e cannot "
                                 "follow another requirement");
            editable = o->value;
            break;
        case OPT_REQUIREMENT:
        case OPT_CONSTRAINT:
            if (!first_include) {
                first_include = o->value;
                include_constraint = o->id == OPT_CONSTRAINT;
            } else {
                char what[100];
                shown(o->value, strlen(o->value), what, sizeof what);
                pwi_lock_warn(r->lf, at->line, at->file,
                              "%s %s is ignored: pip reads only the first "
                              "-r/-c of a line",
                              o->id == OPT_CONSTRAINT ? "-c" : "-r", what);
            }
            break;
        case OPT_INDEX_URL:
        case OPT_EXTRA_INDEX_URL:
        case OPT_FIND_LINKS:
            pwi_py_warn_index(r->lf, &r->indexes, at->line, at->file,
                              o->name, o->value);
            break;
        case OPT_TRUSTED_HOST: {
            char what[100];
            shown(o->value, strlen(o->value), what, sizeof what);
            pwi_lock_warn(r->lf, at->line, at->file,
                          "--trusted-host %s: pip does not verify TLS for "
                          "this host",
                          what);
            break;
        }
        case OPT_HASH:
            if (!argn)
                st = fail(r, at, "--hash must follow a requirement on the "
                                 "same line");
            else if (!(st = check_hash(r, at, o->value)) && !q.integrity)
                q.integrity = pwi_xstrdup(o->value);
            break;
        default:
            break;
        }
    }
    if (!st && (argn || editable)) {
        if (first_include)
            st = fail(r, at, "-r/-c cannot share a line with a requirement");
        else if (editable)
            st = req_from_path_or_url(r, at, editable, 1, &q);
        else
            st = parse_requirement(r, at, line, argn, &q);
        if (!st)
            st = add_req(r, at, &q);
    } else if (!st && first_include) {
        st = include(r, at, first_include, include_constraint);
    }
    req_release(&q);
    free(op.v);
    toks_release(&t);
    return st;
}

/* A logical line (continuations joined): comments cut, then handled. */
static pw_status emit(rq *r, const req_at *at, pwi_buf *b)
{
    size_t n = strip_comment(b->data, b->len);
    b->len = n;
    if (!n)
        return PW_OK;
    return handle_line(r, at, b->data, n);
}

static pw_status parse_data(rq *r, const req_at *at0, const char *data,
                            size_t len)
{
    req_at at = *at0;
    pwi_buf b;
    pwi_buf_init(&b, r->o->limits.max_string ? r->o->limits.max_string : 0);
    size_t pos = 0, lineno = 0, primary = 0;
    int joining = 0;
    pw_status st = PW_OK;
    if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
        pos = 3;
    while (!st && pos < len) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len, next = nl ? end + 1 : len;
        const char *s = data + pos;
        size_t n = end - pos;
        if (n && s[n - 1] == '\r')
            n--;
        pos = next;
        lineno++;
        if (memchr(s, '\0', n)) {
            at.line = lineno;
            st = fail(r, &at, "NUL byte in the line: not a text file");
            break;
        }
        int cont = n && s[n - 1] == '\\' && !is_comment_line(s, n);
        if (!joining) {
            pwi_buf_reset(&b);
            pwi_buf_add(&b, "", 0);
            primary = lineno;
        }
        int rc;
        if (cont) {
            /* pip strips backslashes from both ends of a continued line */
            size_t a = 0, z = n;
            while (a < z && s[a] == '\\')
                a++;
            while (z > a && s[z - 1] == '\\')
                z--;
            rc = pwi_buf_add(&b, s + a, z - a);
            joining = 1;
        } else {
            rc = (joining && is_comment_line(s, n) ? pwi_buf_addc(&b, ' ')
                                                   : 0) ||
                 pwi_buf_add(&b, s, n);
            joining = 0;
        }
        at.line = primary;
        if (rc) {
            st = pwi_error(r->err, PW_ERR_LIMIT, at.path, at.line, 0,
                           "line longer than %zu bytes",
                           r->o->limits.max_string);
            break;
        }
        if (!joining)
            st = emit(r, &at, &b);
    }
    if (!st && joining)
        st = emit(r, &at, &b);
    pwi_buf_release(&b);
    return st;
}

/* ---- after reading -------------------------------------------------------------- */

/* Constraints pin the requirements they name; the others are recorded
 * without an edge from the root. */
static pw_status apply_constraints(rq *r)
{
    pwi_lockfile *lf = r->lf;
    pwi_py_names names;
    pwi_py_names_init(&names);
    for (size_t i = 0; i < lf->npkgs; i++)
        if (i != r->root)
            pwi_py_names_add(&names, lf->pkgs[i].name, i);
    pw_status st = PW_OK;
    for (size_t c = 0; c < r->ncons; c++) {
        pwi_lock_pkg *cp = &r->cons[c].pkg;
        size_t matched = 0;
        for (size_t i = pwi_py_names_first(&names, cp->name); i != SIZE_MAX;
             i = pwi_py_names_next(&names, i)) {
            pwi_lock_pkg *p = &lf->pkgs[i];
            matched++;
            if (p->version || !cp->version)
                continue;
            p->version = pwi_xstrdup(cp->version);
            if (!p->integrity && cp->integrity)
                p->integrity = pwi_xstrdup(cp->integrity);
        }
        if (!matched && !st &&
            pwi_lock_add(lf, cp, r->o) == SIZE_MAX)
            st = pwi_error(r->err, PW_ERR_LIMIT, cp->file, cp->line, 0,
                           "more than %zu packages", r->o->max_packages);
    }
    pwi_py_names_release(&names);
    return st;
}

static void warn_unpinned(rq *r)
{
    for (size_t k = 0; k < r->nunpinned; k++) {
        const pwi_lock_pkg *p = &r->lf->pkgs[r->unpinned[k]];
        if (p->version)
            continue;
        pwi_lock_warn(r->lf, p->line, p->file,
                      "%.100s%.100s is not pinned: the version installed is "
                      "unknown",
                      p->name, p->spec ? p->spec : "");
    }
}

pw_status pwi_lock_parse_requirements(pwi_lockfile *lf, const char *data,
                                      size_t len, const pwi_lock_opts *o,
                                      pw_error *err)
{
    pwi_lock_opts defaults;
    if (!o) {
        pwi_lock_opts_init(&defaults);
        o = &defaults;
    }
    rq r;
    memset(&r, 0, sizeof r);
    r.lf = lf;
    r.o = o;
    r.err = err;
    pwi_strmap_init(&r.indexes);
    pwi_strmap_init(&r.visited);

    const char *base = strrchr(lf->path, '/');
    pwi_lock_pkg root;
    memset(&root, 0, sizeof root);
    root.name = (char *)(base ? base + 1 : lf->path);
    root.source = PWI_SRC_PATH;
    root.flags = PWI_LOCKF_ROOT;
    r.root = pwi_lock_add(lf, &root, o);
    pw_status st = PW_OK;
    if (r.root == SIZE_MAX) {
        st = pwi_error(err, PW_ERR_LIMIT, lf->path, 0, 0,
                       "more than %zu packages", o->max_packages);
    } else {
        char *top = normalize_path(lf->path);
        char *key = pwi_xasprintf("r:%s", top);
        pwi_strmap_put(&r.visited, key, strlen(key), 0);
        free(key);
        PW_GROW(r.stack, r.capstack, 1);
        r.stack[r.nstack++] = top;
        req_at at = {lf->path, NULL, 0, 0, 0};
        st = parse_data(&r, &at, data, len);
        free(top);
        if (!st)
            st = apply_constraints(&r);
        if (!st)
            warn_unpinned(&r);
    }
    for (size_t c = 0; c < r.ncons; c++) {
        pwi_lock_pkg *p = &r.cons[c].pkg;
        free(r.cons[c].norm);
        free(p->name);
        free(p->version);
        free(p->spec);
        free(p->resolved);
        free(p->integrity);
        free(p->file);
    }
    free(r.cons);
    free(r.unpinned);
    free(r.stack);
    pwi_strmap_release(&r.indexes);
    pwi_strmap_release(&r.visited);
    return st;
}
