/* lockfile-python.c - helpers shared by the Python lockfile parsers (see
 * lockfile-python.h). */
#include "lockfile/lockfile-python.h"
#include "db/version.h"
#include "util/error.h"
#include "util/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- names --------------------------------------------------------------- */

char *pwi_py_normalize(const char *name, size_t n)
{
    /* the one PEP 503 implementation, so that names here match the
     * known-malicious index's keys exactly */
    char *in = pwi_xstrndup(name, n);
    char *out = pwi_xmalloc(n + 1);
    if (pwi_name_normalize("pypi", in, out, n + 1) != 0)
        out[0] = '\0'; /* empty name */
    free(in);
    return out;
}

void pwi_py_names_init(pwi_py_names *m)
{
    memset(m, 0, sizeof *m);
    pwi_strmap_init(&m->heads);
}

void pwi_py_names_release(pwi_py_names *m)
{
    pwi_strmap_release(&m->heads);
    free(m->slots);
    free(m->next);
    memset(m, 0, sizeof *m);
}

void pwi_py_names_add(pwi_py_names *m, const char *name, size_t pkg)
{
    char *norm = pwi_py_normalize(name, strlen(name));
    size_t slot;
    PW_GROW(m->next, m->capnext, pkg + 1);
    m->next[pkg] = SIZE_MAX;
    if (pwi_strmap_get(&m->heads, norm, strlen(norm), &slot)) {
        m->next[m->slots[slot].last] = pkg;
        m->slots[slot].last = pkg;
    } else {
        PW_GROW(m->slots, m->capslots, m->nslots + 1);
        slot = m->nslots++;
        m->slots[slot].first = m->slots[slot].last = pkg;
        pwi_strmap_put(&m->heads, norm, strlen(norm), slot);
    }
    free(norm);
}

size_t pwi_py_names_first(const pwi_py_names *m, const char *name)
{
    char *norm = pwi_py_normalize(name, strlen(name));
    size_t slot;
    int found = pwi_strmap_get(&m->heads, norm, strlen(norm), &slot);
    free(norm);
    return found ? m->slots[slot].first : SIZE_MAX;
}

size_t pwi_py_names_next(const pwi_py_names *m, size_t pkg)
{
    return pkg < m->capnext ? m->next[pkg] : SIZE_MAX;
}

/* ---- typed reads ----------------------------------------------------------- */

static pw_status get_kind(const pwi_lockfile *lf, const pwi_jnode *obj,
                          const char *key, const char *what, pwi_jkind kind,
                          const pwi_jnode **out, pw_error *err)
{
    size_t line = 0;
    const pwi_jnode *n = pwi_j_get_line(obj, key, &line);
    *out = NULL;
    if (!n)
        return PW_OK;
    if (n->kind != kind)
        return pwi_error(err, PW_ERR_FORMAT, lf->path, line ? line : n->line,
                         0, "\"%s\" of %s is %s, expected %s", key, what,
                         pwi_j_kind_name(n->kind), pwi_j_kind_name(kind));
    *out = n;
    return PW_OK;
}

pw_status pwi_py_get_str(const pwi_lockfile *lf, const pwi_jnode *obj,
                         const char *key, const char *what, const char **out,
                         pw_error *err)
{
    const pwi_jnode *n;
    pw_status st = get_kind(lf, obj, key, what, PWI_J_STRING, &n, err);
    *out = n ? n->str : NULL;
    return st;
}

pw_status pwi_py_get_table(const pwi_lockfile *lf, const pwi_jnode *obj,
                           const char *key, const char *what,
                           const pwi_jnode **out, pw_error *err)
{
    return get_kind(lf, obj, key, what, PWI_J_OBJECT, out, err);
}

pw_status pwi_py_get_array(const pwi_lockfile *lf, const pwi_jnode *obj,
                           const char *key, const char *what,
                           const pwi_jnode **out, pw_error *err)
{
    return get_kind(lf, obj, key, what, PWI_J_ARRAY, out, err);
}

pw_status pwi_py_get_bool(const pwi_lockfile *lf, const pwi_jnode *obj,
                          const char *key, const char *what, int *out,
                          pw_error *err)
{
    const pwi_jnode *n;
    pw_status st = get_kind(lf, obj, key, what, PWI_J_BOOL, &n, err);
    *out = n ? n->boolean : 0;
    return st;
}

/* ---- index URLs ------------------------------------------------------------ */

int pwi_py_is_pypi_index(const char *url)
{
    static const char *const known[] = {
        "https://pypi.org/simple",       "https://pypi.python.org/simple",
        "https://pypi.org/pypi",         "https://pypi.python.org/pypi",
        "https://upload.pypi.org/simple"};
    size_t n = strlen(url);
    while (n && url[n - 1] == '/')
        n--;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strlen(known[i]) == n && !memcmp(url, known[i], n))
            return 1;
    return 0;
}

/* 1 when s[0..n) is only ${VAR} references and ':' (not a secret). */
static int only_var_refs(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (s[i] == ':') {
            i++;
            continue;
        }
        if (i + 1 < n && s[i] == '$' && s[i + 1] == '{') {
            const char *close = memchr(s + i, '}', n - i);
            if (!close)
                return 0;
            i = (size_t)(close - s) + 1;
            continue;
        }
        return 0;
    }
    return 1;
}

char *pwi_py_redact_url(const char *url)
{
    const char *scheme_end = strstr(url, "://");
    if (!scheme_end)
        return pwi_xstrdup(url);
    const char *auth = scheme_end + 3;
    size_t alen = strcspn(auth, "/?#");
    const char *at = NULL;
    for (size_t i = 0; i < alen; i++)
        if (auth[i] == '@')
            at = auth + i;
    if (!at)
        return pwi_xstrdup(url);
    size_t ulen = (size_t)(at - auth);
    if (only_var_refs(auth, ulen))
        return pwi_xstrdup(url);
    const char *colon = memchr(auth, ':', ulen);
    if (colon)
        return pwi_xasprintf("%.*s:***%s", (int)(colon - url), url, at);
    /* A user name alone is a token over http(s) (https://TOKEN@host);
     * over ssh it is the account (git@github.com). */
    size_t slen = (size_t)(scheme_end - url);
    if ((slen >= 4 && !memcmp(scheme_end - 4, "http", 4)) ||
        (slen >= 5 && !memcmp(scheme_end - 5, "https", 5)))
        return pwi_xasprintf("%.*s***%s", (int)(auth - url), url, at);
    return pwi_xstrdup(url);
}

void pwi_py_warn_index(pwi_lockfile *lf, pwi_strmap *seen, size_t line,
                       const char *file, const char *what, const char *url)
{
    if (pwi_py_is_pypi_index(url) ||
        pwi_strmap_put(seen, url, strlen(url), 0))
        return;
    char *safe = pwi_py_redact_url(url);
    pwi_lock_warn(lf, line, file,
                  "%s %s is not PyPI: packages may come from it instead of "
                  "PyPI (check it is trusted and that names cannot be "
                  "claimed on PyPI first)",
                  what, safe);
    free(safe);
}

/* ---- direct dependencies heuristic ------------------------------------------ */

void pwi_py_link_unreferenced(pwi_lockfile *lf, size_t root)
{
    size_t n = lf->npkgs;
    if (root >= n)
        return;
    unsigned char *referenced = pwi_xcalloc(n, 1);
    size_t *start = pwi_xcalloc(n + 1, sizeof *start);
    for (size_t i = 0; i < lf->nedges; i++) {
        if (lf->edges[i].from != root)
            referenced[lf->edges[i].to] = 1;
        start[lf->edges[i].from + 1]++;
    }
    for (size_t i = 0; i < n; i++)
        start[i + 1] += start[i];
    /* adjacency (counting sort of the edges by from) */
    size_t *adj = pwi_xmalloc((lf->nedges + 1) * sizeof *adj);
    size_t *fill = pwi_xmalloc((n + 1) * sizeof *fill);
    memcpy(fill, start, (n + 1) * sizeof *fill);
    for (size_t i = 0; i < lf->nedges; i++)
        adj[fill[lf->edges[i].from]++] = lf->edges[i].to;
    free(fill);

    unsigned char *seen = pwi_xcalloc(n, 1);
    size_t *queue = pwi_xmalloc(n * sizeof *queue);
    size_t head = 0, tail = 0;
    seen[root] = 1;
    queue[tail++] = root;
    for (size_t i = 0; i < n; i++)
        if (i != root && !referenced[i] &&
            !(lf->pkgs[i].flags & PWI_LOCKF_ROOT)) {
            pwi_lock_add_edge(lf, root, i);
            if (!seen[i]) {
                seen[i] = 1;
                queue[tail++] = i;
            }
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
        while (next < n && (seen[next] || lf->pkgs[next].flags & PWI_LOCKF_ROOT))
            next++;
        if (next == n)
            break;
        pwi_lock_add_edge(lf, root, next);
        seen[next] = 1;
        queue[tail++] = next;
    }
    free(queue);
    free(seen);
    free(adj);
    free(start);
    free(referenced);
}

char *pwi_py_dir_name(const char *path, const char *fallback)
{
    size_t n = strlen(path);
    while (n && path[n - 1] != '/') /* drop the file name */
        n--;
    while (n && path[n - 1] == '/')
        n--;
    if (!n)
        return pwi_xstrdup(fallback);
    size_t b = n;
    while (b && path[b - 1] != '/')
        b--;
    if (n - b == 1 && path[b] == '.')
        return pwi_xstrdup(fallback);
    return pwi_xstrndup(path + b, n - b);
}

pw_status pwi_py_parse_toml(const pwi_lockfile *lf, const char *data,
                            size_t len, const pwi_lock_opts *o,
                            pwi_jnode **root, pw_error *err)
{
    pwi_jlimits lim;
    if (o)
        lim = o->limits;
    else
        pwi_jlimits_default(&lim);
    return pwi_toml_parse(data, len, lf->path, &lim, root, err);
}
