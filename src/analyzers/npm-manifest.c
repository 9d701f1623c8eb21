/* npm-manifest.c - what a package.json makes npm do at install time.
 * Marks the files lifecycle scripts start as install-time and reports the
 * implicit node-gyp build. Script text itself is judged by manifest rules. */
#define _GNU_SOURCE /* memmem */
#include "analyze.h"
#include "util/mem.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Scripts npm runs on `npm install` of a registry package. prepare runs
 * for git and local installs. */
static const char *const install_scripts[] = {"preinstall", "install", "postinstall",
                                              "prepare", NULL};

/* Index (in pkg->files) of the file that node would load for spec,
 * relative to the package directory dir ("" = package root): exact, then
 * .js/.cjs/.mjs, then /index.js; the package root itself resolves through
 * "main". PWI_NONE when the package has no such file. */
static size_t resolve_file(pwi_actx *a, const char *dir, const char *spec, size_t len)
{
    char *want = *dir ? pwi_xasprintf("%s/%.*s", dir, (int)len, spec)
                      : pwi_xstrndup(spec, len);
    int sus;
    char *norm = pwi_path_normalize(want, &sus);
    free(want);
    if (!*norm) {
        const char *main = json_string_value(json_object_get(a->pkg->manifest_json, "main"));
        free(norm);
        norm = pwi_path_normalize(main ? main : "index.js", &sus);
    }
    static const char *const suffixes[] = {"", ".js", ".cjs", ".mjs", "/index.js"};
    size_t found = PWI_NONE;
    for (size_t s = 0; s < sizeof suffixes / sizeof *suffixes && found == PWI_NONE; s++) {
        char *cand = pwi_xasprintf("%s%s", norm, suffixes[s]);
        found = pwi_pkg_find(a, cand);
        free(cand);
    }
    free(norm);
    return found;
}

static int has_suffix(const char *s, size_t len, const char *suf)
{
    size_t n = strlen(suf);
    return len >= n && !memcmp(s + len - n, suf, n);
}

/* Marks the package file named by a script argument as install-time. */
static void mark_install_file(pwi_actx *a, const char *arg, size_t len)
{
    size_t i = resolve_file(a, "", arg, len);
    if (i != PWI_NONE)
        a->roles[i] |= PWI_ROLE_INSTALL;
}

/* Files an install-time file requires run at install too: follows
 * require('./x') / import './x' of relative paths, a few levels deep. */
#define FOLLOW_MAX_FILES 64
static void follow_install_requires(pwi_actx *a)
{
    size_t queue[FOLLOW_MAX_FILES], nq = 0;
    for (size_t i = 0; i < a->pkg->nfiles && nq < FOLLOW_MAX_FILES; i++)
        if (a->roles[i] & PWI_ROLE_INSTALL)
            queue[nq++] = i;
    for (size_t q = 0; q < nq; q++) {
        pwi_file *f = &a->tree->files[a->pkg->files[queue[q]]];
        pw_error e;
        if (pwi_tree_load(a->tree, f, a->limits, &e) != PW_OK || !f->data)
            continue;
        const char *rel = pwi_pkg_relpath(a, f->path);
        const char *slash = strrchr(rel, '/');
        char *dir = slash ? pwi_xstrndup(rel, (size_t)(slash - rel)) : pwi_xstrdup("");
        const char *p = (const char *)f->data, *end = p + f->len;
        while (p < end && nq < FOLLOW_MAX_FILES) {
            /* a quote followed by ./ or ../ is a relative module path */
            const char *qt = memchr(p, '.', (size_t)(end - p));
            if (!qt)
                break;
            p = qt + 1;
            if (qt == (const char *)f->data)
                continue;
            char open = qt[-1];
            if (open != '\'' && open != '"' && open != '`')
                continue;
            if (!(qt + 1 < end && (qt[1] == '/' || (qt[1] == '.' && qt + 2 < end && qt[2] == '/'))))
                continue;
            const char *close = qt;
            while (close < end && *close != open && *close != '\n' && close - qt < 256)
                close++;
            if (close >= end || *close != open)
                continue;
            size_t i = resolve_file(a, dir, qt, (size_t)(close - qt));
            if (i != PWI_NONE && !(a->roles[i] & PWI_ROLE_INSTALL)) {
                a->roles[i] |= PWI_ROLE_INSTALL;
                queue[nq++] = i;
            }
            p = close + 1;
        }
        /* spawn('nohup node update.js &'): a script the install-time file
         * starts with node runs at install too (commander-js 2.19.84) */
        for (const char *n = (const char *)f->data;
             nq < FOLLOW_MAX_FILES && (n = memmem(n, (size_t)(end - n), "node ", 5));) {
            const char *w = n += 5;
            if (w - 6 >= (const char *)f->data && (isalnum((unsigned char)w[-6]) ||
                                                   w[-6] == '_' || w[-6] == '.'))
                continue;
            while (w < end && *w == ' ')
                w++;
            const char *we = w;
            while (we < end && we - w < 256 && (isalnum((unsigned char)*we) ||
                                                (*we && strchr("._-/", *we))))
                we++;
            size_t len = (size_t)(we - w);
            if (len < 4 || !(has_suffix(w, len, ".js") || has_suffix(w, len, ".cjs") ||
                             has_suffix(w, len, ".mjs")))
                continue;
            size_t i = resolve_file(a, dir, w, len);
            if (i == PWI_NONE)
                i = resolve_file(a, "", w, len); /* relative to the package root */
            if (i != PWI_NONE && !(a->roles[i] & PWI_ROLE_INSTALL)) {
                a->roles[i] |= PWI_ROLE_INSTALL;
                queue[nq++] = i;
            }
        }
        free(dir);
        pwi_tree_unload(f);
    }
}

/* `require('./x')` / `require("./x")` inside node -e code. */
static void scan_inline_requires(pwi_actx *a, const char *code)
{
    const char *p = code;
    while ((p = strstr(p, "require(")) != NULL) {
        p += 8;
        while (*p == ' ')
            p++;
        char q = *p;
        if (q != '\'' && q != '"' && q != '`')
            continue;
        const char *s = ++p;
        while (*p && *p != q)
            p++;
        if (*p == q && p > s && s[0] == '.')
            mark_install_file(a, s, (size_t)(p - s));
    }
}

/* Walks the commands of one script: "node [opts] file" marks file. */
static void mark_script(pwi_actx *a, const char *script)
{
    const char *p = script;
    while (*p) {
        while (*p && (isspace((unsigned char)*p) || *p == ';' || *p == '&' ||
                      *p == '|' || *p == '('))
            p++;
        const char *w = p;
        while (*p && !isspace((unsigned char)*p) && *p != ';' && *p != '&' && *p != '|')
            p++;
        size_t wl = (size_t)(p - w);
        int is_node = (wl == 4 && !strncmp(w, "node", 4)) ||
                      (wl > 5 && !strncmp(p - 5, "/node", 5));
        int is_shell = (wl == 2 && !strncmp(w, "sh", 2)) ||
                       (wl == 4 && !strncmp(w, "bash", 4));
        if (wl > 2 && w[0] == '.' && w[1] == '/') {
            /* ./script runs a file of the package */
            mark_install_file(a, w, wl);
            continue;
        }
        if (is_shell) {
            while (*p == ' ' || *p == '\t')
                p++;
            const char *s = p;
            while (*p && !isspace((unsigned char)*p) && *p != ';' && *p != '&' && *p != '|')
                p++;
            if (p > s && *s != '-')
                mark_install_file(a, s, (size_t)(p - s));
            continue;
        }
        if (!is_node)
            continue;
        /* arguments of this node command */
        for (;;) {
            while (*p == ' ' || *p == '\t')
                p++;
            if (!*p || *p == ';' || *p == '&' || *p == '|')
                break;
            char q = (*p == '"' || *p == '\'') ? *p : 0;
            const char *s = q ? p + 1 : p;
            const char *e = s;
            while (*e && (q ? *e != q : !isspace((unsigned char)*e) && *e != ';' &&
                                            *e != '&' && *e != '|'))
                e++;
            size_t len = (size_t)(e - s);
            p = (q && *e) ? e + 1 : e;
            if (len >= 2 && s[0] == '-') {
                if ((len == 2 && (s[1] == 'e' || s[1] == 'p')) ||
                    !strncmp(s, "--eval", len) || !strncmp(s, "--print", len)) {
                    /* inline code: look at its requires */
                    while (*p == ' ')
                        p++;
                    char q2 = (*p == '"' || *p == '\'') ? *p : 0;
                    const char *cs = q2 ? p + 1 : p;
                    const char *ce = cs;
                    while (*ce && (q2 ? *ce != q2 : !isspace((unsigned char)*ce)))
                        ce++;
                    char *code = pwi_xstrndup(cs, (size_t)(ce - cs));
                    scan_inline_requires(a, code);
                    free(code);
                    p = (q2 && *ce) ? ce + 1 : ce;
                    break;
                }
                if ((len == 2 && s[1] == 'r') || !strncmp(s, "--require", len)) {
                    while (*p == ' ')
                        p++;
                    while (*p && !isspace((unsigned char)*p))
                        p++;
                }
                continue;
            }
            mark_install_file(a, s, len);
            break; /* the rest are the script's own arguments */
        }
    }
}

/* Marks a file that runs when the package is loaded or its command run:
 * the target of main, module, bin and exports (string leaves, bounded). */
static void mark_entry(pwi_actx *a, json_t *v, int depth)
{
    if (depth > 8)
        return;
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t len = strlen(s);
        if (len && len < 1024) {
            size_t i = resolve_file(a, "", s, len);
            if (i != PWI_NONE)
                a->roles[i] |= PWI_ROLE_ENTRY;
        }
        return;
    }
    const char *key;
    json_t *val;
    size_t idx, n = 0;
    if (json_is_object(v)) {
        json_object_foreach(v, key, val) {
            if (++n > 256)
                break;
            mark_entry(a, val, depth + 1);
        }
    } else if (json_is_array(v)) {
        json_array_foreach(v, idx, val) {
            if (idx >= 256)
                break;
            mark_entry(a, val, depth + 1);
        }
    }
}

/* Does the package ship anything node could load? */
static int ships_code(const pwi_actx *a)
{
    static const char *const code_ext[] = {".js", ".cjs", ".mjs", ".ts", ".cts", ".mts",
                                           ".jsx", ".tsx", ".node", ".wasm", ".json", NULL};
    for (size_t i = 0; i < a->pkg->nfiles; i++) {
        const pwi_file *f = &a->tree->files[a->pkg->files[i]];
        const char *rel = pwi_pkg_relpath(a, f->path);
        if (f->type != PWI_FT_REG || !strcmp(rel, "package.json"))
            continue;
        for (size_t k = 0; code_ext[k]; k++)
            if (has_suffix(rel, strlen(rel), code_ext[k]))
                return 1;
    }
    return 0;
}

/* "main" names a file the package does not ship, and it ships no code at
 * all: requiring it throws. A broken release at best; sabotage by deletion
 * at worst (faker 6.6.6 replaced the library with nothing). */
static void check_entry_missing(pwi_actx *a, json_t *m)
{
    const char *main = json_string_value(json_object_get(m, "main"));
    if (!main || !*main || strlen(main) > 1024 || json_object_get(m, "bin") ||
        json_object_get(m, "exports") || json_object_get(m, "types") ||
        json_object_get(m, "typings") || ships_code(a))
        return;
    if (resolve_file(a, "", main, strlen(main)) != PWI_NONE)
        return;
    size_t pj = pwi_pkg_find(a, "package.json");
    if (pj == PWI_NONE)
        return;
    pwi_file *mf = &a->tree->files[a->pkg->files[pj]];
    char msg[1200];
    snprintf(msg, sizeof msg, "\"main\" is %s, but the package ships no such file "
                              "and no code at all", main);
    pwi_hit h = {.rule = "npm-entry-point-missing", .path = mf->path, .line = 1,
                 .col = 1, .message = msg, .confidence = -1};
    pw_error e;
    int loaded = pwi_tree_load(a->tree, mf, a->limits, &e) == PW_OK && mf->data;
    const char *key = loaded ? memmem(mf->data, mf->len, "\"main\"", 6) : NULL;
    if (key) {
        size_t off = (size_t)((const unsigned char *)key - mf->data);
        pwi_line_col(mf->data, mf->len, off, &h.line, &h.col);
        pwi_line_at(mf->data, mf->len, off, 200, &h.snippet, &h.snippet_len);
    }
    pwi_emit(a, &h);
    if (loaded)
        pwi_tree_unload(mf);
}

void pwi_analyze_npm_manifest(pwi_actx *a)
{
    json_t *m = a->pkg->manifest_json;
    if (!m || strcmp(a->pkg->ecosystem, "npm"))
        return;
    static const char *const entry_keys[] = {"main", "module", "bin", "exports", NULL};
    for (size_t i = 0; entry_keys[i]; i++)
        mark_entry(a, json_object_get(m, entry_keys[i]), 0);
    if (!json_object_get(m, "main")) {
        size_t i = resolve_file(a, "", "index.js", 8); /* node's default */
        if (i != PWI_NONE)
            a->roles[i] |= PWI_ROLE_ENTRY;
    }
    check_entry_missing(a, m);
    json_t *scripts = json_object_get(m, "scripts");
    int has_install = 0;
    for (size_t i = 0; install_scripts[i]; i++) {
        json_t *v = json_object_get(scripts, install_scripts[i]);
        const char *s = json_string_value(v);
        if (!s)
            continue;
        if (strcmp(install_scripts[i], "prepare"))
            has_install = 1;
        mark_script(a, s);
    }
    follow_install_requires(a);
    /* binding.gyp without install scripts: npm runs `node-gyp rebuild` */
    if (has_install)
        return;
    size_t gyp = pwi_pkg_find(a, "binding.gyp");
    if (gyp != PWI_NONE) {
        pwi_hit h = {.rule = "npm-implicit-node-gyp",
                     .path = a->tree->files[a->pkg->files[gyp]].path,
                     .line = 1,
                     .col = 1,
                     .message = "binding.gyp makes npm run `node-gyp rebuild` at "
                                "install time",
                     .confidence = -1};
        pwi_emit(a, &h);
    }
}
