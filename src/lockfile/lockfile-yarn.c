/*
 * lockfile-yarn.c - yarn.lock, both generations, into the lockfile model.
 *
 * Yarn v1 ("# yarn lockfile v1") writes its own indentation format, not
 * YAML. It is read here by a line tokenizer that follows yarn's own reader:
 * two spaces per level, keys quoted when they start with '@' or hold ':',
 * spaces or commas, JSON string escapes, '#' comments, `key value` or
 * `key:` opening a block. Anything else is PW_ERR_FORMAT naming the line.
 *   "@babel/code-frame@^7.0.0", "@babel/code-frame@^7.26.2":
 *     version "7.26.2"
 *     resolved "https://registry.yarnpkg.com/...tgz#<sha1>"
 *     integrity sha512-...
 *     dependencies:
 *       js-tokens "^4.0.0"
 *
 * Yarn Berry (2+, "__metadata:") writes YAML, read through util/yaml-tree:
 *   "axios@npm:^1.14.0":
 *     version: 1.14.1
 *     resolution: "axios@npm:1.14.1"
 *     dependencies:
 *       follow-redirects: "npm:^1.15.6"     (Yarn 2/3 omit the "npm:")
 *
 * The model:
 *  - one package per entry; an entry lists every descriptor ("name@range")
 *    that resolved to it. line = the entry's key line. spec = the entry's
 *    ranges joined with ", ". An npm alias ("x@npm:real@^1") gives name
 *    real and alias x when every descriptor of the entry uses the alias.
 *  - edges resolve each dependency "name range" through the map of
 *    descriptors; one that is not there is a warning, never an edge.
 *  - Berry workspace entries ("name@workspace:path") are the roots. Yarn v1
 *    has no root entry: a root named after the lockfile's directory is
 *    made, and since yarn.lock v1 does not say what package.json asks for,
 *    the entries no other entry depends on are taken as direct (plus one
 *    entry of each cycle nothing else reaches), with one warning saying so.
 *    A direct dependency that another entry also depends on is then not
 *    marked direct; its path still goes through that dependent.
 *  - Yarn records nothing about install scripts or dev-only use, so those
 *    flags stay unset (PWI_LOCKF_SCRIPTS_KNOWN is never set). Berry's
 *    "checksum" hashes Yarn's cache zip, not the registry tarball, so it is
 *    not reported as integrity.
 *  - Berry "patch:" resolutions are the inner package (registry, git, ...)
 *    with a warning unless the patch is one Yarn ships (builtin<...>).
 */
#include "lockfile/lockfile.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/mem.h"
#include "util/strmap.h"
#include "util/yaml-tree.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Yarn v1 never nests deeper than entry > dependencies > name; unknown
 * blocks are skipped, but no deeper than this. */
enum { Y1_MAX_LEVEL = 8 };

/* Berry lockfile versions (__metadata.version): 4 is Yarn 2, 5 and 6 are
 * Yarn 3 (3.0, 3.1+), 7 is Yarn 4's release candidates, 8 to 10 are Yarn 4
 * (4.18 writes 10; the entries keep the same shape). */
enum { BERRY_MIN_VERSION = 4, BERRY_MAX_VERSION = 10 };

/* How a package is reached: bits of yarn_ctx.in. */
enum { IN_REQUIRED = 1, IN_OPTIONAL = 2 };

typedef struct yarn_dep {
    size_t from;  /* package index, SIZE_MAX until the entry is added */
    char *name;   /* dependency name as written */
    char *range;  /* range as written */
    size_t line;
    int optional;
} yarn_dep;

typedef struct yarn_ctx {
    pwi_lockfile *lf;
    const pwi_lock_opts *o;
    pw_error *err;
    int berry;
    pwi_strmap descs; /* "name@range" -> package index */
    yarn_dep *deps;
    size_t ndeps, capdeps;
    char **locators;  /* Berry: each package's resolution, by index */
    size_t caplocators;
} yarn_ctx;

static pw_status yfail(yarn_ctx *c, pw_status code, size_t line, size_t col,
                       const char *fmt, ...) PW_PRINTF(5, 6);

static pw_status yfail(yarn_ctx *c, pw_status code, size_t line, size_t col,
                       const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return pwi_error(c->err, code, c->lf->path, line, col, "%s", msg);
}

static int has_prefix(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && memcmp(s + n - m, suf, m) == 0;
}

/* Splits "name@range" at the '@' that ends the name (a scope's leading '@'
 * belongs to the name). 0 when there is none or the name is empty. */
static int split_descriptor(const char *d, size_t *name_len)
{
    const char *at = strchr(d + (d[0] == '@'), '@');
    if (!at || at == d)
        return 0;
    *name_len = (size_t)(at - d);
    return 1;
}

/* For an npm alias range "npm:real@inner": real's length and inner. */
static int alias_target(const char *range, size_t *real_len,
                        const char **inner)
{
    size_t n;
    if (!has_prefix(range, "npm:") || !split_descriptor(range + 4, &n))
        return 0;
    *real_len = n;
    *inner = range + 4 + n + 1;
    return 1;
}

/* "proto:" at the start of s (letters, digits, '+', '-', '.'). */
static int has_protocol(const char *s)
{
    size_t i = 0;
    if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
        return 0;
    while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
           (s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '-' ||
           s[i] == '.')
        i++;
    return s[i] == ':';
}

/* GitHub shorthand "user/repo" or "user/repo#ref". */
static int is_github_shorthand(const char *s)
{
    size_t i = 0;
    if (s[0] == '.' || s[0] == '@' || s[0] == '/' || s[0] == '~')
        return 0;
    while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
           (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_' ||
           s[i] == '.')
        i++;
    return i > 0 && s[i] == '/' && s[i + 1] && s[i + 1] != '/';
}

/* Where a range or resolution reference (after any npm alias) points. */
static pwi_lock_source classify_ref(const char *ref)
{
    if (has_prefix(ref, "file:") || has_prefix(ref, "link:") ||
        has_prefix(ref, "portal:") || has_prefix(ref, "workspace:") ||
        ref[0] == '.' || ref[0] == '/' || has_prefix(ref, "~/"))
        return PWI_SRC_PATH;
    if (has_prefix(ref, "git+") || has_prefix(ref, "git:") ||
        has_prefix(ref, "git@") || has_prefix(ref, "ssh:") ||
        has_prefix(ref, "github:") || has_prefix(ref, "gitlab:") ||
        has_prefix(ref, "bitbucket:") || has_prefix(ref, "gist:"))
        return PWI_SRC_GIT;
    if (has_prefix(ref, "http:") || has_prefix(ref, "https:")) {
        if (strstr(ref, "#commit=") || strstr(ref, "#head=") ||
            strstr(ref, "#tag=") || strstr(ref, ".git#") ||
            has_suffix(ref, ".git") ||
            strstr(ref, "://codeload.github.com/"))
            return PWI_SRC_GIT;
        return PWI_SRC_URL;
    }
    if (has_prefix(ref, "npm:"))
        return PWI_SRC_REGISTRY;
    if (has_protocol(ref))
        return PWI_SRC_UNKNOWN;
    if (is_github_shorthand(ref))
        return PWI_SRC_GIT;
    return PWI_SRC_REGISTRY; /* a semver range or a dist-tag */
}

/* The directory name of path's directory ("app" for "x/app/yarn.lock"),
 * "" when there is none to tell. malloc'd. */
static char *dir_base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return pwi_xstrdup("");
    const char *end = slash;
    while (end > path && end[-1] == '/')
        end--;
    const char *start = end;
    while (start > path && start[-1] != '/')
        start--;
    size_t n = (size_t)(end - start);
    if (n == 0 || (n == 1 && start[0] == '.') ||
        (n == 2 && start[0] == '.' && start[1] == '.'))
        return pwi_xstrdup("");
    return pwi_xstrndup(start, n);
}

static void add_dep(yarn_ctx *c, const char *name, size_t name_len,
                    const char *range, size_t line, int optional)
{
    PW_GROW(c->deps, c->capdeps, c->ndeps + 1);
    yarn_dep *d = &c->deps[c->ndeps++];
    d->from = SIZE_MAX;
    d->name = pwi_xstrndup(name, name_len);
    d->range = pwi_xstrdup(range);
    d->line = line;
    d->optional = optional;
}

/* Gives this entry's pending dependencies (from index first) to pkg. */
static void own_deps(yarn_ctx *c, size_t first, size_t pkg)
{
    for (size_t i = first; i < c->ndeps; i++)
        c->deps[i].from = pkg;
}

static void ctx_release(yarn_ctx *c)
{
    for (size_t i = 0; i < c->ndeps; i++) {
        free(c->deps[i].name);
        free(c->deps[i].range);
    }
    free(c->deps);
    for (size_t i = 0; i < c->caplocators; i++)
        free(c->locators[i]);
    free(c->locators);
    pwi_strmap_release(&c->descs);
}

/* Appends s percent-encoded as JavaScript's encodeURIComponent does (how
 * Yarn writes a locator into a descriptor's "::locator=" binding). */
static void uri_encode(pwi_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
            (ch >= '0' && ch <= '9') || strchr("-_.!~*'()", ch)) {
            pwi_buf_addc(b, (char)ch);
        } else {
            char e[3] = {'%', hex[ch >> 4], hex[ch & 15]};
            pwi_buf_add(b, e, 3);
        }
    }
}

/* Records every descriptor of entry pkg; a descriptor listed by two entries
 * is an error (which one would yarn install?). */
static pw_status register_descs(yarn_ctx *c, char *const *descs, size_t n,
                                size_t pkg, size_t line)
{
    for (size_t i = 0; i < n; i++) {
        size_t prev;
        if (pwi_strmap_get(&c->descs, descs[i], strlen(descs[i]), &prev)) {
            if (prev == pkg)
                continue; /* listed twice in one key: harmless */
            return yfail(c, PW_ERR_FORMAT, line, 0,
                         "\"%.120s\" is listed by two entries (first at "
                         "line %zu)",
                         descs[i], c->lf->pkgs[prev].line);
        }
        pwi_strmap_put(&c->descs, descs[i], strlen(descs[i]), pkg);
    }
    return PW_OK;
}

/* Reads an entry's descriptors: *name_out gets the real package name (the
 * resolution's when given, Berry), *alias_out the one other name every
 * descriptor installs it under or NULL (both malloc'd), spec the ranges
 * joined with ", ", *first_range the first range (alias unwrapped). */
static pw_status describe_entry(yarn_ctx *c, char *const *descs, size_t n,
                                size_t line, const char *resolution_name,
                                size_t resolution_len, char **name_out,
                                char **alias_out, pwi_buf *spec,
                                const char **first_range)
{
    char *real = NULL, *alias = NULL;
    int alias_ok = 1;
    for (size_t i = 0; i < n; i++) {
        size_t nl;
        if (!split_descriptor(descs[i], &nl)) {
            free(real);
            free(alias);
            return yfail(c, PW_ERR_FORMAT, line, 0,
                         "entry key \"%.120s\" is not name@range", descs[i]);
        }
        const char *range = descs[i] + nl + 1;
        const char *rname = descs[i], *inner = range;
        size_t rl = nl;
        int aliased = alias_target(range, &rl, &inner);
        if (aliased)
            rname = range + 4;
        else
            rl = nl;
        if (i == 0)
            *first_range = inner;
        if (resolution_name) {
            /* Berry: the resolution names the real package. */
            if (!real)
                real = pwi_xstrndup(resolution_name, resolution_len);
        } else if (!real) {
            real = pwi_xstrndup(rname, rl);
        } else if (strlen(real) != rl || memcmp(real, rname, rl)) {
            pwi_lock_warn(c->lf, line, NULL,
                          "entry mixes packages \"%s\" and \"%.*s\"; "
                          "read as \"%s\"",
                          real, (int)(rl > 100 ? 100 : rl), rname, real);
        }
        /* The name it is installed under. */
        if (strlen(real) == nl && !memcmp(real, descs[i], nl))
            alias_ok = 0;
        else if (!alias)
            alias = pwi_xstrndup(descs[i], nl);
        else if (strlen(alias) != nl || memcmp(alias, descs[i], nl))
            alias_ok = 0;
        if (i)
            pwi_buf_adds(spec, ", ");
        /* "npm:^1.0.0" is the default protocol: show the range. */
        if (c->berry && has_prefix(range, "npm:") && !aliased)
            range += 4;
        pwi_buf_adds(spec, range);
    }
    if (!alias_ok) {
        free(alias);
        alias = NULL;
    }
    *name_out = real;
    *alias_out = alias;
    return PW_OK;
}

/* ---- yarn v1: the tokenizer ----------------------------------------------- */

enum { Y1_EOL, Y1_STR, Y1_COLON, Y1_COMMA };

typedef struct y1_cur {
    const char *start; /* first byte of the line */
    const char *p, *end;
    size_t line;
} y1_cur;

static size_t y1_col(const y1_cur *cur, const char *at)
{
    return (size_t)(at - cur->start) + 1;
}

static int hex4(const char *p, const char *end, uint32_t *out)
{
    uint32_t v = 0;
    if (end - p < 4)
        return -1;
    for (int i = 0; i < 4; i++) {
        char h = p[i];
        v <<= 4;
        if (h >= '0' && h <= '9')
            v |= (uint32_t)(h - '0');
        else if (h >= 'a' && h <= 'f')
            v |= (uint32_t)(h - 'a' + 10);
        else if (h >= 'A' && h <= 'F')
            v |= (uint32_t)(h - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

static int put_utf8(pwi_buf *b, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xc0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xe0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        u[2] = (char)(0x80 | (cp & 0x3f));
        n = 3;
    } else {
        u[0] = (char)(0xf0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
        u[3] = (char)(0x80 | (cp & 0x3f));
        n = 4;
    }
    return pwi_buf_add(b, u, n);
}

static pw_status y1_too_long(yarn_ctx *c, const y1_cur *cur, const char *at)
{
    return yfail(c, PW_ERR_LIMIT, cur->line, y1_col(cur, at),
                 "string longer than the limit of %zu bytes",
                 c->o->limits.max_string);
}

/* A "..." string with JSON escapes (yarn writes them with JSON.stringify),
 * decoded into tok. NUL and raw control characters are refused. */
static pw_status y1_quoted(yarn_ctx *c, y1_cur *cur, pwi_buf *tok)
{
    const char *open = cur->p++;
    while (cur->p < cur->end) {
        const char *at = cur->p;
        unsigned char ch = (unsigned char)*cur->p++;
        if (ch == '"')
            return PW_OK;
        if (ch < 0x20)
            return yfail(c, PW_ERR_FORMAT, cur->line, y1_col(cur, at),
                         "control character 0x%02x in a string", ch);
        if (ch != '\\') {
            if (pwi_buf_addc(tok, (char)ch))
                return y1_too_long(c, cur, open);
            continue;
        }
        if (cur->p == cur->end)
            break;
        char e = *cur->p++, out;
        switch (e) {
        case '"':
        case '\\':
        case '/':
            out = e;
            break;
        case 'b':
            out = '\b';
            break;
        case 'f':
            out = '\f';
            break;
        case 'n':
            out = '\n';
            break;
        case 'r':
            out = '\r';
            break;
        case 't':
            out = '\t';
            break;
        case 'u': {
            uint32_t cp, lo;
            if (hex4(cur->p, cur->end, &cp))
                return yfail(c, PW_ERR_FORMAT, cur->line, y1_col(cur, at),
                             "bad \\u escape in a string");
            cur->p += 4;
            if (cp >= 0xd800 && cp <= 0xdbff) {
                if (cur->end - cur->p < 6 || cur->p[0] != '\\' ||
                    cur->p[1] != 'u' || hex4(cur->p + 2, cur->end, &lo) ||
                    lo < 0xdc00 || lo > 0xdfff)
                    return yfail(c, PW_ERR_FORMAT, cur->line,
                                 y1_col(cur, at),
                                 "unpaired surrogate in a string");
                cur->p += 6;
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            } else if (cp >= 0xdc00 && cp <= 0xdfff) {
                return yfail(c, PW_ERR_FORMAT, cur->line, y1_col(cur, at),
                             "unpaired surrogate in a string");
            } else if (cp == 0) {
                return yfail(c, PW_ERR_FORMAT, cur->line, y1_col(cur, at),
                             "NUL character in a string");
            }
            if (put_utf8(tok, cp))
                return y1_too_long(c, cur, open);
            continue;
        }
        default:
            return yfail(c, PW_ERR_FORMAT, cur->line, y1_col(cur, at),
                         "invalid escape \\%c in a string",
                         (e > 0x20 && e < 0x7f) ? e : '?');
        }
        if (pwi_buf_addc(tok, out))
            return y1_too_long(c, cur, open);
    }
    return yfail(c, PW_ERR_FORMAT, cur->line, y1_col(cur, open),
                 "unterminated string");
}

/* The next token of the line: *kind is Y1_EOL at the end or a comment;
 * a string (quoted or bare) is decoded into tok. */
static pw_status y1_next(yarn_ctx *c, y1_cur *cur, int *kind, pwi_buf *tok)
{
    while (cur->p < cur->end && *cur->p == ' ')
        cur->p++;
    if (cur->p == cur->end || *cur->p == '#') {
        *kind = Y1_EOL;
        return PW_OK;
    }
    char ch = *cur->p;
    if (ch == ':' || ch == ',') {
        cur->p++;
        *kind = ch == ':' ? Y1_COLON : Y1_COMMA;
        return PW_OK;
    }
    if ((unsigned char)ch < 0x20 || ch == 0x7f)
        return yfail(c, PW_ERR_FORMAT, cur->line, y1_col(cur, cur->p),
                     "unexpected control character 0x%02x",
                     (unsigned)(unsigned char)ch);
    pwi_buf_reset(tok);
    pwi_buf_add(tok, "", 0); /* data is never NULL, even for "" */
    *kind = Y1_STR;
    if (ch == '"')
        return y1_quoted(c, cur, tok);
    /* Bare: up to a space, ':' or ',' (yarn's rule; it quotes the rest). */
    const char *s = cur->p;
    while (cur->p < cur->end && *cur->p != ' ' && *cur->p != ':' &&
           *cur->p != ',' && (unsigned char)*cur->p >= 0x20 &&
           *cur->p != 0x7f)
        cur->p++;
    if (pwi_buf_add(tok, s, (size_t)(cur->p - s)))
        return y1_too_long(c, cur, s);
    return PW_OK;
}

/* ---- yarn v1: entries ------------------------------------------------------ */

enum { BLOCK_NONE, BLOCK_DEPS, BLOCK_OPTDEPS, BLOCK_OTHER };

typedef struct y1_entry {
    int open;
    size_t line;
    char **descs;
    size_t ndescs, capdescs;
    char *version, *resolved, *integrity;
    size_t version_line, resolved_line, integrity_line;
    size_t first_dep; /* this entry's deps start here in ctx.deps */
} y1_entry;

static void y1_entry_clear(y1_entry *e)
{
    for (size_t i = 0; i < e->ndescs; i++)
        free(e->descs[i]);
    e->ndescs = 0;
    free(e->version);
    free(e->resolved);
    free(e->integrity);
    e->version = e->resolved = e->integrity = NULL;
    e->open = 0;
}

/* Adds the finished entry e as a package. */
static pw_status y1_entry_finish(yarn_ctx *c, y1_entry *e)
{
    if (!e->open)
        return PW_OK;
    pwi_buf spec;
    pwi_buf_init(&spec, 0);
    char *name = NULL, *alias = NULL;
    const char *range = "";
    pw_status st = describe_entry(c, e->descs, e->ndescs, e->line, NULL, 0,
                                  &name, &alias, &spec, &range);
    if (st != PW_OK) {
        pwi_buf_release(&spec);
        return st;
    }
    pwi_lock_pkg p;
    memset(&p, 0, sizeof p);
    p.name = name;
    p.alias = alias;
    p.version = e->version;
    p.spec = spec.data;
    p.resolved = e->resolved;
    p.integrity = e->integrity;
    p.line = e->line;
    p.source = classify_ref(range);
    char *path = NULL;
    if (p.source == PWI_SRC_PATH && !p.resolved)
        p.resolved = path = pwi_xstrdup(has_protocol(range)
                                            ? strchr(range, ':') + 1
                                            : range);
    if (p.source == PWI_SRC_REGISTRY && e->resolved &&
        (has_prefix(e->resolved, "git+") || has_prefix(e->resolved, "git:")))
        p.source = PWI_SRC_GIT;
    if (p.source == PWI_SRC_UNKNOWN)
        pwi_lock_warn(c->lf, e->line, NULL,
                      "%s: unknown kind of range \"%.80s\"", name, range);
    if (!e->version)
        pwi_lock_warn(c->lf, e->line, NULL, "%s has no version", name);
    size_t idx = pwi_lock_add(c->lf, &p, c->o);
    free(name);
    free(alias);
    free(path);
    pwi_buf_release(&spec);
    if (idx == SIZE_MAX)
        return yfail(c, PW_ERR_LIMIT, e->line, 0,
                     "more than %zu packages in one lockfile",
                     c->o->max_packages);
    own_deps(c, e->first_dep, idx);
    st = register_descs(c, e->descs, e->ndescs, idx, e->line);
    y1_entry_clear(e);
    return st;
}

/* Sets an entry field once: a repeated field would let two tools read
 * two different packages out of one file. */
static pw_status y1_set_field(yarn_ctx *c, char **field, size_t *field_line,
                              const char *what, const char *value,
                              size_t line)
{
    if (*field)
        return yfail(c, PW_ERR_FORMAT, line, 0,
                     "second \"%s\" in one entry (first at line %zu)", what,
                     *field_line);
    *field = pwi_xstrdup(value);
    *field_line = line;
    return PW_OK;
}

typedef struct y1_state {
    y1_entry entry;
    size_t allowed; /* deepest level the next line may have */
    int block;      /* what the open level-1 block is */
    pwi_buf tok, key;
} y1_state;

/* One non-blank line at indentation level `level`: key[, key...] then
 * either a value or ':' and nothing (a block follows). */
static pw_status y1_line(yarn_ctx *c, y1_state *s, y1_cur *cur, size_t level)
{
    int kind;
    pw_status st;
    const char *key_at = cur->p;
    if ((st = y1_next(c, cur, &kind, &s->key)) != PW_OK)
        return st;
    if (kind != Y1_STR)
        return yfail(c, PW_ERR_FORMAT, cur->line, y1_col(cur, key_at),
                     "expected a key");
    if (level == 0) {
        if ((st = y1_entry_finish(c, &s->entry)) != PW_OK)
            return st;
        s->entry.open = 1;
        s->entry.line = cur->line;
        s->entry.first_dep = c->ndeps;
        PW_GROW(s->entry.descs, s->entry.capdescs, 1);
        s->entry.descs[s->entry.ndescs++] = pwi_xstrdup(s->key.data);
    }
    if ((st = y1_next(c, cur, &kind, &s->tok)) != PW_OK)
        return st;
    while (kind == Y1_COMMA) {
        const char *at = cur->p;
        if ((st = y1_next(c, cur, &kind, &s->tok)) != PW_OK)
            return st;
        if (kind != Y1_STR)
            return yfail(c, PW_ERR_FORMAT, cur->line, y1_col(cur, at),
                         "expected a key after ','");
        if (level != 0)
            return yfail(c, PW_ERR_FORMAT, cur->line, y1_col(cur, at),
                         "several keys on one line only start an entry");
        PW_GROW(s->entry.descs, s->entry.capdescs, s->entry.ndescs + 1);
        s->entry.descs[s->entry.ndescs++] = pwi_xstrdup(s->tok.data);
        if ((st = y1_next(c, cur, &kind, &s->tok)) != PW_OK)
            return st;
    }
    int colon = 0;
    if (kind == Y1_COLON) {
        colon = 1;
        if ((st = y1_next(c, cur, &kind, &s->tok)) != PW_OK)
            return st;
    }
    int opener;
    const char *at = cur->p;
    if (kind == Y1_STR) {
        opener = 0;
        while (cur->p < cur->end && *cur->p == ' ')
            cur->p++;
        if (cur->p < cur->end && *cur->p != '#')
            return yfail(c, PW_ERR_FORMAT, cur->line, y1_col(cur, cur->p),
                         "unexpected text after the value");
    } else if (kind == Y1_EOL && colon) {
        opener = 1;
    } else {
        return yfail(c, PW_ERR_FORMAT, cur->line, y1_col(cur, at),
                     kind == Y1_EOL ? "expected a value or ':' after the key"
                                    : "unexpected ':' or ','");
    }

    if (level == 0) {
        if (!opener)
            return yfail(c, PW_ERR_FORMAT, cur->line, 1,
                         "expected an entry like `name@range:`");
        s->allowed = 1;
        s->block = BLOCK_NONE;
        return PW_OK;
    }
    if (level == 1) {
        s->allowed = opener ? 2 : 1;
        s->block = BLOCK_NONE;
        if (opener) {
            if (!strcmp(s->key.data, "dependencies"))
                s->block = BLOCK_DEPS;
            else if (!strcmp(s->key.data, "optionalDependencies"))
                s->block = BLOCK_OPTDEPS;
            else
                s->block = BLOCK_OTHER;
            return PW_OK;
        }
        y1_entry *e = &s->entry;
        if (!strcmp(s->key.data, "version"))
            return y1_set_field(c, &e->version, &e->version_line, "version",
                                s->tok.data, cur->line);
        if (!strcmp(s->key.data, "resolved"))
            return y1_set_field(c, &e->resolved, &e->resolved_line,
                                "resolved", s->tok.data, cur->line);
        if (!strcmp(s->key.data, "integrity"))
            return y1_set_field(c, &e->integrity, &e->integrity_line,
                                "integrity", s->tok.data, cur->line);
        return PW_OK; /* uid, ...: not needed */
    }
    if (level == 2 && (s->block == BLOCK_DEPS || s->block == BLOCK_OPTDEPS)) {
        if (opener)
            return yfail(c, PW_ERR_FORMAT, cur->line, y1_col(cur, key_at),
                         "a dependency needs a range, not a block");
        add_dep(c, s->key.data, s->key.len, s->tok.data, cur->line,
                s->block == BLOCK_OPTDEPS);
        s->allowed = 2;
        return PW_OK;
    }
    /* Inside a block this parser does not use: checked, then skipped. */
    if (opener && level + 1 >= Y1_MAX_LEVEL)
        return yfail(c, PW_ERR_LIMIT, cur->line, 1,
                     "nesting deeper than %d levels", Y1_MAX_LEVEL);
    s->allowed = opener ? level + 1 : level;
    return PW_OK;
}

/* ---- direct dependencies and edges ---------------------------------------- */

/* Turns the recorded dependencies into edges; in[i] gets IN_* bits. */
static void resolve_deps(yarn_ctx *c, unsigned char *in)
{
    pwi_buf key;
    pwi_buf_init(&key, 0);
    for (size_t i = 0; i < c->ndeps; i++) {
        const yarn_dep *d = &c->deps[i];
        if (d->from == SIZE_MAX)
            continue;
        size_t to;
        pwi_buf_reset(&key);
        pwi_buf_printf(&key, "%s@%s", d->name, d->range);
        int found = pwi_strmap_get(&c->descs, key.data, key.len, &to);
        if (!found && c->berry && !has_protocol(d->range)) {
            /* Yarn 2/3 write "^1.0.0" for the key's "npm:^1.0.0". */
            pwi_buf_reset(&key);
            pwi_buf_printf(&key, "%s@npm:%s", d->name, d->range);
            found = pwi_strmap_get(&c->descs, key.data, key.len, &to);
        }
        if (!found && c->berry && d->from < c->caplocators &&
            c->locators[d->from] && !strstr(d->range, "::")) {
            /* file:, portal:, relative patch: ... are bound to the package
             * that depends on them: "x@file:./x::locator=app%40workspace%3A." */
            pwi_buf_reset(&key);
            pwi_buf_printf(&key, "%s@%s::locator=", d->name, d->range);
            uri_encode(&key, c->locators[d->from]);
            found = pwi_strmap_get(&c->descs, key.data, key.len, &to);
        }
        if (!found) {
            pwi_lock_warn(c->lf, d->line, NULL,
                          "dependency \"%.100s@%.100s\" of %.100s is not in "
                          "the lockfile",
                          d->name, d->range, c->lf->pkgs[d->from].name);
            continue;
        }
        if (to == d->from)
            continue;
        pwi_lock_add_edge(c->lf, d->from, to);
        in[to] |= d->optional ? IN_OPTIONAL : IN_REQUIRED;
    }
    pwi_buf_release(&key);
    /* Reached only through optional dependencies. */
    for (size_t i = 0; i < c->lf->npkgs; i++)
        if (in[i] == IN_OPTIONAL)
            c->lf->pkgs[i].flags |= PWI_LOCKF_OPTIONAL;
}

/*
 * For a lockfile that does not say what the project asks for (yarn v1):
 * makes root depend on every package nothing else depends on, then on the
 * first package of each cycle still unreached, so every package gets a
 * path. in[] marks packages that have a dependent. Warns once.
 */
static void infer_direct(yarn_ctx *c, size_t root, const unsigned char *in)
{
    pwi_lockfile *lf = c->lf;
    size_t n = lf->npkgs, nedges = lf->nedges;
    if (n <= 1)
        return;
    /* Adjacency of the edges so far (from < n): counting sort by from. */
    size_t *start = pwi_xcalloc(n + 1, sizeof *start);
    size_t *adj = pwi_xmalloc((nedges + 1) * sizeof *adj);
    for (size_t i = 0; i < nedges; i++)
        start[lf->edges[i].from + 1]++;
    for (size_t i = 0; i < n; i++)
        start[i + 1] += start[i];
    size_t *fill = pwi_xmalloc((n + 1) * sizeof *fill);
    memcpy(fill, start, (n + 1) * sizeof *fill);
    for (size_t i = 0; i < nedges; i++)
        adj[fill[lf->edges[i].from]++] = lf->edges[i].to;
    free(fill);

    unsigned char *seen = pwi_xcalloc(n, 1);
    size_t *queue = pwi_xmalloc(n * sizeof *queue);
    size_t head = 0, tail = 0, ndirect = 0, ncycles = 0;
    seen[root] = 1;
    for (size_t i = 0; i < n; i++)
        if (!seen[i] && !in[i] && !(lf->pkgs[i].flags & PWI_LOCKF_ROOT)) {
            pwi_lock_add_edge(lf, root, i);
            seen[i] = 1;
            queue[tail++] = i;
            ndirect++;
        }
    for (size_t next = 0;;) {
        while (head < tail) {
            size_t u = queue[head++];
            for (size_t e = start[u]; e < start[u + 1]; e++)
                if (!seen[adj[e]]) {
                    seen[adj[e]] = 1;
                    queue[tail++] = adj[e];
                }
        }
        while (next < n &&
               (seen[next] || (lf->pkgs[next].flags & PWI_LOCKF_ROOT)))
            next++;
        if (next == n)
            break;
        pwi_lock_add_edge(lf, root, next);
        seen[next] = 1;
        queue[tail++] = next;
        ncycles++;
    }
    free(queue);
    free(seen);
    free(adj);
    free(start);
    if (ncycles)
        pwi_lock_warn(lf, 0, NULL,
                      "%s does not record which packages the project "
                      "depends on directly: the %zu that no other package "
                      "depends on, and one package of each of %zu "
                      "dependency cycles, were taken as direct",
                      c->berry ? "this yarn.lock has no workspace entry and"
                               : "yarn.lock v1",
                      ndirect, ncycles);
    else
        pwi_lock_warn(lf, 0, NULL,
                      "%s does not record which packages the project "
                      "depends on directly: the %zu that no other package "
                      "depends on were taken as direct",
                      c->berry ? "this yarn.lock has no workspace entry and"
                               : "yarn.lock v1",
                      ndirect);
}

/* Adds the made-up project root (yarn v1, or Berry without workspaces). */
static size_t add_root(yarn_ctx *c)
{
    pwi_lock_pkg p;
    memset(&p, 0, sizeof p);
    char *name = dir_base_name(c->lf->path);
    p.name = name;
    p.source = PWI_SRC_PATH;
    p.flags = PWI_LOCKF_ROOT;
    size_t idx = pwi_lock_add(c->lf, &p, c->o);
    free(name);
    return idx;
}

/* Edges, optional flags and (when no entry is a root) direct packages. */
static pw_status link_entries(yarn_ctx *c, size_t root)
{
    unsigned char *in = pwi_xcalloc(c->lf->npkgs + 1, 1);
    resolve_deps(c, in);
    if (root != SIZE_MAX)
        infer_direct(c, root, in);
    free(in);
    return PW_OK;
}

/* ---- yarn v1 --------------------------------------------------------------- */

static pw_status parse_v1(yarn_ctx *c, const char *data, size_t len)
{
    pwi_lock_set_version(c->lf, "v1");
    size_t root = add_root(c);
    if (root == SIZE_MAX)
        return yfail(c, PW_ERR_LIMIT, 0, 0,
                     "more than %zu packages in one lockfile",
                     c->o->max_packages);
    y1_state s;
    memset(&s, 0, sizeof s);
    pwi_buf_init(&s.tok, c->o->limits.max_string);
    pwi_buf_init(&s.key, c->o->limits.max_string);
    pw_status st = PW_OK;
    int header = 0;
    const char *p = data, *end = data + len;
    size_t lineno = 0;
    if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
        p += 3;
    while (p < end && st == PW_OK) {
        size_t rest = (size_t)(end - p);
        const char *nl = memchr(p, '\n', rest);
        size_t n = nl ? (size_t)(nl - p) : rest;
        const char *next = nl ? nl + 1 : end;
        lineno++;
        if (n && p[n - 1] == '\r')
            n--;
        const char *le = p + n;
        if (memchr(p, '\0', n)) {
            st = yfail(c, PW_ERR_FORMAT, lineno, 0, "NUL byte in yarn.lock");
            break;
        }
        const char *q = p;
        while (q < le && *q == ' ')
            q++;
        if (q < le && *q == '\t') {
            st = yfail(c, PW_ERR_FORMAT, lineno, (size_t)(q - p) + 1,
                       "tab in indentation (yarn.lock indents with spaces)");
            break;
        }
        if (q == le || *q == '#') {
            if (q < le && le - q >= 18 && !memcmp(q, "# yarn lockfile v1", 18))
                header = 1;
            p = next;
            continue;
        }
        size_t spaces = (size_t)(q - p);
        if (spaces % 2) {
            st = yfail(c, PW_ERR_FORMAT, lineno, 1,
                       "odd indentation (%zu spaces)", spaces);
            break;
        }
        size_t level = spaces / 2;
        if (level > s.allowed) {
            st = yfail(c, PW_ERR_FORMAT, lineno, spaces + 1,
                       "unexpected indentation");
            break;
        }
        y1_cur cur = {.start = p, .p = q, .end = le, .line = lineno};
        st = y1_line(c, &s, &cur, level);
        p = next;
    }
    if (st == PW_OK)
        st = y1_entry_finish(c, &s.entry);
    y1_entry_clear(&s.entry);
    free(s.entry.descs);
    pwi_buf_release(&s.tok);
    pwi_buf_release(&s.key);
    if (st != PW_OK)
        return st;
    if (!header)
        pwi_lock_warn(c->lf, 1, NULL,
                      "no \"# yarn lockfile v1\" line; read as yarn v1");
    return link_entries(c, root);
}

/* ---- Yarn Berry ------------------------------------------------------------ */

/* A scalar for a message: plain as written, quoted ones in '...'. */
static void show_scalar(const pwi_yaml_node *n, char *buf, size_t size)
{
    char d[80];
    pwi_yaml_describe(n, d, sizeof d);
    size_t l = strlen(d);
    if (n && n->kind == PWI_YAML_SCALAR && l >= 2 && d[0] == '"' &&
        !pwi_yaml_is_null(n)) {
        if (n->plain)
            snprintf(buf, size, "%.*s", (int)(l - 2), d + 1);
        else
            snprintf(buf, size, "'%.*s'", (int)(l - 2), d + 1);
        return;
    }
    snprintf(buf, size, "%s", d);
}

/* Percent-decodes s[0..n) into b ("npm%3A1.0.0" -> "npm:1.0.0"); a bad
 * or NUL escape is kept as written. */
static void percent_decode(pwi_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t v;
        if (s[i] == '%' && n - i > 2) {
            char hex[4] = {'0', '0', s[i + 1], s[i + 2]};
            if (hex4(hex, hex + 4, &v) == 0 && v != 0) {
                pwi_buf_addc(b, (char)v);
                i += 2;
                continue;
            }
        }
        pwi_buf_addc(b, s[i]);
    }
}

static char *dup_or_null(const char *s)
{
    return s ? pwi_xstrdup(s) : NULL;
}

/* A string value of map[key], NULL when absent or not a usable string. */
static const char *map_str(const pwi_yaml_node *map, const char *key)
{
    const pwi_yaml_node *v = pwi_yaml_map_get(map, key);
    if (!v || v->kind != PWI_YAML_SCALAR || pwi_yaml_is_null(v) ||
        strlen(v->str) != v->len)
        return NULL;
    return v->str;
}

/* Indexes the keys of map (key -> pair number), so that looking names up
 * per dependency stays linear however many there are. */
static void index_keys(const pwi_yaml_node *map, pwi_strmap *m)
{
    if (!map || map->kind != PWI_YAML_MAP)
        return; /* a dependenciesMeta that is not a mapping marks nothing */
    for (size_t i = 0; i < pwi_yaml_count(map); i++) {
        const pwi_yaml_node *k = pwi_yaml_map_key(map, i);
        if (k && strlen(k->str) == k->len)
            pwi_strmap_put(m, k->str, k->len, i);
    }
}

/* dependenciesMeta[name].optional is true (meta indexed in idx). */
static int meta_optional(const pwi_yaml_node *meta, const pwi_strmap *idx,
                         const char *name)
{
    size_t i;
    if (!pwi_strmap_get(idx, name, strlen(name), &i))
        return 0;
    const pwi_yaml_node *o =
        pwi_yaml_map_get(pwi_yaml_map_value(meta, i), "optional");
    return o && o->plain && pwi_yaml_scalar_is(o, "true");
}

/* Splits a Berry key "a@npm:^1, a@npm:^1.2" into descriptors. */
static void split_key(const char *key, char ***out, size_t *n, size_t *cap)
{
    const char *p = key;
    for (;;) {
        while (*p == ' ')
            p++;
        const char *comma = strchr(p, ',');
        const char *e = comma ? comma : p + strlen(p);
        const char *t = e;
        while (t > p && t[-1] == ' ')
            t--;
        if (t > p) {
            PW_GROW(*out, *cap, *n + 1);
            (*out)[(*n)++] = pwi_xstrndup(p, (size_t)(t - p));
        }
        if (!comma)
            break;
        p = comma + 1;
    }
}

/*
 * What a Berry resolution reference ("npm:1.0.0", "workspace:.",
 * "patch:x@npm%3A1.0.0#...", "https://...#commit=...") means: source,
 * resolved (set to a malloc'd string or NULL) and whether it is a
 * workspace. Patches and virtual packages are read through to the package
 * they wrap (a bounded number of times).
 */
static pwi_lock_source berry_source(yarn_ctx *c, const char *name,
                                    const char *ref, size_t line,
                                    char **resolved, int *workspace)
{
    pwi_buf inner;
    pwi_buf_init(&inner, 0);
    char *cur = pwi_xstrdup(ref);
    *resolved = NULL;
    *workspace = 0;
    for (int depth = 0; depth < 4; depth++) {
        if (has_prefix(cur, "virtual:")) {
            const char *hash = strchr(cur, '#');
            char *n2 = pwi_xstrdup(hash ? hash + 1 : "");
            free(cur);
            cur = n2;
            continue;
        }
        if (!has_prefix(cur, "patch:"))
            break;
        const char *body = cur + 6, *hash = strchr(body, '#');
        size_t n = hash ? (size_t)(hash - body) : strlen(body);
        pwi_buf_reset(&inner);
        percent_decode(&inner, body, n);
        const char *patch = hash ? hash + 1 : "";
        if (!has_prefix(patch, "optional!builtin<") &&
            !has_prefix(patch, "~builtin<") && !has_prefix(patch, "builtin<")) {
            const char *stop = strstr(patch, "::");
            size_t pl = stop ? (size_t)(stop - patch) : strlen(patch);
            pwi_lock_warn(c->lf, line, NULL,
                          "%.100s is patched by the project (%.*s): the "
                          "installed code is not the published package",
                          name, (int)(pl > 100 ? 100 : pl), patch);
        }
        size_t nl;
        const char *desc = inner.data ? inner.data : "";
        char *n2 = pwi_xstrdup(split_descriptor(desc, &nl) ? desc + nl + 1
                                                          : desc);
        free(cur);
        cur = n2;
    }
    pwi_buf_release(&inner);
    pwi_lock_source src = classify_ref(cur);
    if (has_prefix(cur, "workspace:")) {
        *workspace = 1;
        *resolved = pwi_xstrdup(cur + 10);
    } else if (src == PWI_SRC_PATH) {
        const char *body = strchr(cur, ':');
        body = body ? body + 1 : cur;
        size_t n = strcspn(body, "#");
        const char *dc = strstr(body, "::");
        if (dc && (size_t)(dc - body) < n)
            n = (size_t)(dc - body);
        *resolved = pwi_xstrndup(body, n);
    } else if (src == PWI_SRC_GIT || src == PWI_SRC_URL) {
        *resolved = pwi_xstrdup(cur);
    } else if (src == PWI_SRC_UNKNOWN) {
        pwi_lock_warn(c->lf, line, NULL,
                      "%.100s: unknown kind of resolution \"%.100s\"", name,
                      cur);
        if (has_prefix(cur, "exec:"))
            pwi_lock_warn(c->lf, line, NULL,
                          "%.100s is built by a script of the project "
                          "(exec:)",
                          name);
    } else if (!has_prefix(cur, "npm:")) {
        pwi_lock_warn(c->lf, line, NULL,
                      "%.100s: resolution \"%.100s\" has no protocol", name,
                      cur);
    }
    free(cur);
    return src;
}

static pw_status berry_entry(yarn_ctx *c, const pwi_yaml_node *key,
                             const pwi_yaml_node *val)
{
    size_t line = key->line;
    if (pwi_yaml_is_null(key) || strlen(key->str) != key->len)
        return yfail(c, PW_ERR_FORMAT, line, key->col,
                     "entry key is empty or holds a NUL byte");
    if (val->kind != PWI_YAML_MAP)
        return yfail(c, PW_ERR_FORMAT, val->line, val->col,
                     "entry \"%.100s\" is not a mapping", key->str);
    const pwi_yaml_node *resn = pwi_yaml_map_get(val, "resolution");
    const char *res = map_str(val, "resolution");
    size_t rl;
    if (!res || !split_descriptor(res, &rl))
        return yfail(c, PW_ERR_FORMAT, resn ? resn->line : line,
                     resn ? resn->col : key->col,
                     "entry \"%.100s\" has no \"resolution\" like "
                     "name@npm:1.0.0",
                     key->str);

    char **descs = NULL;
    size_t ndescs = 0, capdescs = 0;
    split_key(key->str, &descs, &ndescs, &capdescs);
    pw_status st = PW_OK;
    char *name = NULL, *alias = NULL, *resolved = NULL, *version = NULL;
    pwi_buf spec;
    pwi_buf_init(&spec, 0);
    pwi_strmap metaidx;
    pwi_strmap_init(&metaidx);
    const char *range = "";
    if (ndescs == 0) {
        st = yfail(c, PW_ERR_FORMAT, line, key->col, "empty entry key");
        goto out;
    }
    st = describe_entry(c, descs, ndescs, line, res, rl, &name, &alias, &spec,
                        &range);
    if (st != PW_OK)
        goto out;

    int workspace;
    pwi_lock_pkg p;
    memset(&p, 0, sizeof p);
    p.source = berry_source(c, name, res + rl + 1, line, &resolved, &workspace);
    p.name = name;
    p.alias = workspace ? NULL : alias;
    version = dup_or_null(map_str(val, "version"));
    p.version = version;
    p.spec = spec.data;
    p.resolved = resolved;
    p.line = line;
    if (workspace)
        p.flags |= PWI_LOCKF_ROOT;
    size_t idx = pwi_lock_add(c->lf, &p, c->o);
    if (idx == SIZE_MAX) {
        st = yfail(c, PW_ERR_LIMIT, line, 0,
                   "more than %zu packages in one lockfile",
                   c->o->max_packages);
        goto out;
    }
    if ((st = register_descs(c, descs, ndescs, idx, line)) != PW_OK)
        goto out;
    size_t had = c->caplocators;
    PW_GROW(c->locators, c->caplocators, idx + 1);
    memset(c->locators + had, 0, (c->caplocators - had) * sizeof *c->locators);
    c->locators[idx] = pwi_xstrdup(res);

    const pwi_yaml_node *meta = pwi_yaml_map_get(val, "dependenciesMeta");
    index_keys(meta, &metaidx);
    static const char *const groups[] = {"dependencies",
                                         "optionalDependencies"};
    for (size_t g = 0; g < 2; g++) {
        const pwi_yaml_node *deps = pwi_yaml_map_get(val, groups[g]);
        if (!deps || pwi_yaml_is_null(deps))
            continue;
        if (deps->kind != PWI_YAML_MAP) {
            st = yfail(c, PW_ERR_FORMAT, deps->line, deps->col,
                       "\"%s\" of \"%.100s\" is not a mapping", groups[g],
                       key->str);
            goto out;
        }
        for (size_t i = 0; i < pwi_yaml_count(deps); i++) {
            const pwi_yaml_node *dk = pwi_yaml_map_key(deps, i);
            const pwi_yaml_node *dv = pwi_yaml_map_value(deps, i);
            if (dv->kind != PWI_YAML_SCALAR || pwi_yaml_is_null(dv) ||
                pwi_yaml_is_null(dk) || strlen(dv->str) != dv->len ||
                strlen(dk->str) != dk->len) {
                st = yfail(c, PW_ERR_FORMAT, dk->line, dk->col,
                           "dependency of \"%.100s\" needs a name and a "
                           "range",
                           key->str);
                goto out;
            }
            add_dep(c, dk->str, dk->len, dv->str, dk->line,
                    g == 1 || meta_optional(meta, &metaidx, dk->str));
            c->deps[c->ndeps - 1].from = idx;
        }
    }
out:
    for (size_t i = 0; i < ndescs; i++)
        free(descs[i]);
    free(descs);
    free(name);
    free(alias);
    free(resolved);
    free(version);
    pwi_buf_release(&spec);
    pwi_strmap_release(&metaidx);
    return st;
}

static pw_status check_berry_version(yarn_ctx *c, const pwi_yaml_node *root)
{
    const pwi_yaml_node *meta = NULL, *meta_key = NULL;
    for (size_t i = 0; i < pwi_yaml_count(root) && !meta; i++)
        if (pwi_yaml_scalar_is(pwi_yaml_map_key(root, i), "__metadata")) {
            meta_key = pwi_yaml_map_key(root, i);
            meta = pwi_yaml_map_value(root, i);
        }
    if (!meta || meta->kind != PWI_YAML_MAP)
        return yfail(c, PW_ERR_FORMAT, meta_key ? meta_key->line : root->line,
                     0,
                     "no \"__metadata\" mapping (Yarn 2+ lockfiles start "
                     "with one)");
    const pwi_yaml_node *v = pwi_yaml_map_get(meta, "version");
    unsigned long n = 0;
    int ok = v && v->kind == PWI_YAML_SCALAR && v->len >= 1 && v->len <= 3;
    for (size_t i = 0; ok && i < v->len; i++) {
        if (v->str[i] < '0' || v->str[i] > '9')
            ok = 0;
        else
            n = n * 10 + (unsigned long)(v->str[i] - '0');
    }
    if (!ok || n < BERRY_MIN_VERSION || n > BERRY_MAX_VERSION) {
        char shown[96];
        show_scalar(v, shown, sizeof shown);
        return yfail(c, PW_ERR_UNSUPPORTED, v ? v->line : meta_key->line,
                     v ? v->col : 0,
                     "\"__metadata.version\" %s is not supported (known: 4 "
                     "to 10)",
                     shown);
    }
    pwi_lock_set_version(c->lf, v->str);
    return PW_OK;
}

static pw_status parse_berry(yarn_ctx *c, const char *data, size_t len)
{
    pwi_yaml_limits lim;
    pwi_yaml_limits_default(&lim);
    lim.max_bytes = c->o->limits.max_bytes;
    lim.max_depth = c->o->limits.max_depth;
    lim.max_nodes = c->o->limits.max_nodes;
    lim.max_scalar = c->o->limits.max_string;
    pwi_yaml_node *root = NULL;
    pw_status st = pwi_yaml_parse(data, len, c->lf->path, &lim, &root, c->err);
    if (st != PW_OK)
        return st;
    if (!root || root->kind != PWI_YAML_MAP) {
        st = yfail(c, PW_ERR_FORMAT, root ? root->line : 0, 0,
                   "a Yarn 2+ lockfile is a YAML mapping of entries");
        goto out;
    }
    if ((st = check_berry_version(c, root)) != PW_OK)
        goto out;
    size_t nroots = 0;
    for (size_t i = 0; i < pwi_yaml_count(root); i++) {
        const pwi_yaml_node *k = pwi_yaml_map_key(root, i);
        if (pwi_yaml_scalar_is(k, "__metadata"))
            continue;
        if ((st = berry_entry(c, k, pwi_yaml_map_value(root, i))) != PW_OK)
            goto out;
        if (c->lf->pkgs[c->lf->npkgs - 1].flags & PWI_LOCKF_ROOT)
            nroots++;
    }
    size_t made_root = SIZE_MAX;
    if (nroots == 0 && c->lf->npkgs > 0) {
        made_root = add_root(c);
        if (made_root == SIZE_MAX) {
            st = yfail(c, PW_ERR_LIMIT, 0, 0,
                       "more than %zu packages in one lockfile",
                       c->o->max_packages);
            goto out;
        }
    }
    st = link_entries(c, made_root);
out:
    pwi_yaml_free(root);
    return st;
}

pw_status pwi_lock_parse_yarn(pwi_lockfile *lf, const char *data, size_t len,
                              const pwi_lock_opts *o, pw_error *err)
{
    pwi_lock_opts defaults;
    if (!o) {
        pwi_lock_opts_init(&defaults);
        o = &defaults;
    }
    yarn_ctx c;
    memset(&c, 0, sizeof c);
    c.lf = lf;
    c.o = o;
    c.err = err;
    c.berry = lf->format == PWI_LOCK_YARN_BERRY;
    pwi_strmap_init(&c.descs);
    if (len > o->limits.max_bytes) {
        ctx_release(&c);
        return yfail(&c, PW_ERR_LIMIT, 0, 0,
                     "lockfile is larger than the limit of %zu bytes",
                     o->limits.max_bytes);
    }
    pw_status st = c.berry ? parse_berry(&c, data, len)
                           : parse_v1(&c, data, len);
    ctx_release(&c);
    return st;
}
