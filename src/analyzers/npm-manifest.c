/* npm-manifest.c - what a package.json makes npm do at install time.
 * Marks the files lifecycle scripts start as install-time and reports the
 * implicit node-gyp build. Script text itself is judged by manifest rules. */
#include "analyze.h"
#include "util/mem.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Scripts npm runs on `npm install` of a registry package. prepare runs
 * for git and local installs. */
static const char *const install_scripts[] = {"preinstall", "install", "postinstall",
                                              "prepare", NULL};

static int root_relative(const pwi_actx *a, const char *path, const char **rel)
{
    size_t rl = strlen(a->pkg->root);
    if (rl == 0) {
        *rel = path;
        return 1;
    }
    if (strncmp(path, a->pkg->root, rl) || path[rl] != '/')
        return 0;
    *rel = path + rl + 1;
    return 1;
}

/* Marks the package file named by a script argument (npm resolves it like
 * node: exact, then .js/.cjs/.mjs, then /index.js). */
static void mark_install_file(pwi_actx *a, const char *arg, size_t len)
{
    char *want = pwi_xstrndup(arg, len);
    int sus;
    char *norm = pwi_path_normalize(want, &sus);
    free(want);
    const char *suffixes[] = {"", ".js", ".cjs", ".mjs", "/index.js"};
    for (size_t s = 0; s < sizeof suffixes / sizeof *suffixes; s++) {
        char *cand = pwi_xasprintf("%s%s", norm, suffixes[s]);
        int found = 0;
        for (size_t i = 0; i < a->pkg->nfiles; i++) {
            const char *rel;
            if (root_relative(a, a->tree->files[a->pkg->files[i]].path, &rel) &&
                !strcmp(rel, cand)) {
                a->roles[i] |= PWI_ROLE_INSTALL;
                found = 1;
            }
        }
        free(cand);
        if (found)
            break;
    }
    free(norm);
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

void pwi_analyze_npm_manifest(pwi_actx *a)
{
    json_t *m = a->pkg->manifest_json;
    if (!m || strcmp(a->pkg->ecosystem, "npm"))
        return;
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
    /* binding.gyp without install scripts: npm runs `node-gyp rebuild` */
    if (has_install)
        return;
    for (size_t i = 0; i < a->pkg->nfiles; i++) {
        const char *rel;
        const char *path = a->tree->files[a->pkg->files[i]].path;
        if (root_relative(a, path, &rel) && !strcmp(rel, "binding.gyp")) {
            pwi_hit h = {.rule = "npm-implicit-node-gyp",
                         .path = path,
                         .line = 1,
                         .col = 1,
                         .message = "binding.gyp makes npm run `node-gyp rebuild` at "
                                    "install time",
                         .confidence = -1};
            pwi_emit(a, &h);
        }
    }
}
