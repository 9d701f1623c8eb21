/* refs.c - which packages a release's own code and config refer to, so a
 * dependency nobody uses (the axios 1.14.1 "phantom" plain-crypto-js)
 * stands out. Generous by design: any plausible mention counts, since a
 * missed reference would be a false phantom. */
#include "diff/diff.h"
#include "lex/lex.h"
#include "util/mem.h"

#include <jansson.h>
#include <string.h>

#define REFS_MAX_FILE ((size_t)8 << 20)

static int has_ext(const char *path, const char *const *exts)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return 0;
    for (; *exts; exts++)
        if (!strcmp(dot, *exts))
            return 1;
    return 0;
}

/* "lodash/fp" -> "lodash", "@s/x/y" -> "@s/x"; relative and absolute
 * paths and node: builtins are not packages. */
static void add_specifier(pwi_strmap *out, const char *s, size_t n)
{
    if (n == 0 || s[0] == '.' || s[0] == '/' || !strncmp(s, "node:", 5))
        return;
    size_t end = 0, slashes = s[0] == '@' ? 2 : 1;
    while (end < n && s[end] != '\\') {
        if (s[end] == '/' && --slashes == 0)
            break;
        end++;
    }
    if (end > 0 && end < 215)
        pwi_strmap_put(out, s, end, 0);
}

static int tok_is(const pwi_tokens *t, size_t i, int kind, const char *text,
                  const unsigned char *src)
{
    if (i >= t->n || t->v[i].kind != kind)
        return 0;
    size_t n = strlen(text);
    return t->v[i].len == n && !memcmp(src + t->v[i].off, text, n);
}

static void js_refs(const unsigned char *p, size_t n, pwi_strmap *out)
{
    pwi_tokens t;
    pwi_tokens_init(&t);
    pwi_lex_js(p, n, &t);
    for (size_t i = 0; i < t.n; i++) {
        if (t.v[i].kind != PWI_TK_STRING && t.v[i].kind != PWI_TK_TEMPLATE)
            continue;
        size_t len;
        const char *s = pwi_token_str(&t, i, &len);
        /* require("x"), require.resolve("x"), import("x"), from "x",
         * import "x", and any other string shaped like a package name:
         * plugin lists, config presets, `require(name)` tables. */
        if (len && len < 256 && !memchr(s, ' ', len))
            add_specifier(out, s, len);
    }
    pwi_tokens_release(&t);
}

/* Python: import a.b / from a.b import c -> "a". */
static void py_refs(const unsigned char *p, size_t n, pwi_strmap *out)
{
    pwi_tokens t;
    pwi_tokens_init(&t);
    pwi_lex_py(p, n, &t);
    for (size_t i = 0; i + 1 < t.n; i++) {
        if (!tok_is(&t, i, PWI_TK_IDENT, "import", p) &&
            !tok_is(&t, i, PWI_TK_IDENT, "from", p))
            continue;
        const pwi_token *m = &t.v[i + 1];
        if (m->kind != PWI_TK_IDENT || m->len > 200)
            continue;
        pwi_strmap_put(out, (const char *)p + m->off, m->len, 0);
    }
    /* importlib.import_module("x") and __import__("x"): strings */
    for (size_t i = 0; i < t.n; i++) {
        if (t.v[i].kind != PWI_TK_STRING)
            continue;
        size_t len;
        const char *s = pwi_token_str(&t, i, &len);
        if (len && len < 200 && !memchr(s, ' ', len)) {
            size_t dot = 0;
            while (dot < len && s[dot] != '.')
                dot++;
            pwi_strmap_put(out, s, dot, 0);
        }
    }
    pwi_tokens_release(&t);
}

/* Every string in a JSON value (configs name plugins and presets). */
static void json_strings(const json_t *v, pwi_strmap *out, int depth)
{
    if (depth > 32)
        return;
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t n = json_string_length(v);
        /* "node x.js", "eslint --fix": each word may name a package bin */
        size_t i = 0;
        while (i < n) {
            while (i < n && (s[i] == ' ' || s[i] == '&' || s[i] == '|' ||
                             s[i] == ';'))
                i++;
            size_t j = i;
            while (j < n && s[j] != ' ' && s[j] != '&' && s[j] != '|' &&
                   s[j] != ';')
                j++;
            add_specifier(out, s + i, j - i);
            i = j;
        }
        return;
    }
    const char *key;
    const json_t *x;
    size_t idx;
    if (json_is_object(v))
        json_object_foreach((json_t *)v, key, x)
        {
            add_specifier(out, key, strlen(key)); /* "@babel/preset-env": {} */
            json_strings(x, out, depth + 1);
        }
    else if (json_is_array(v))
        json_array_foreach(v, idx, x) json_strings(x, out, depth + 1);
}

static const char *const dep_fields[] = {"dependencies", "devDependencies",
                                         "optionalDependencies",
                                         "peerDependencies",
                                         "bundleDependencies",
                                         "bundledDependencies", NULL};

static void manifest_refs(const json_t *m, pwi_strmap *out)
{
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)m, key, v)
    {
        int is_dep = 0;
        for (const char *const *d = dep_fields; *d; d++)
            is_dep |= !strcmp(key, *d);
        /* the name, version and description fields say nothing */
        if (is_dep || !strcmp(key, "name") || !strcmp(key, "version") ||
            !strcmp(key, "description") || !strcmp(key, "keywords"))
            continue;
        json_strings(v, out, 0);
    }
}

void pwi_release_references(pwi_release *r, const pw_limits *lim,
                            pwi_strmap *out)
{
    static const char *const js[] = {".js", ".mjs", ".cjs", ".ts", ".mts",
                                     ".cts", ".jsx", ".tsx", ".vue",
                                     ".svelte", NULL};
    static const char *const cfg[] = {".json", ".jsonc", ".json5", NULL};
    static const char *const py[] = {".py", ".pyi", ".pth", NULL};
    if (r->main == PWI_NONE)
        return;
    pwi_package *pk = &r->pkgs[r->main];
    if (pk->manifest_json)
        manifest_refs(pk->manifest_json, out);
    for (size_t i = 0; i < pk->nfiles; i++) {
        pwi_file *f = &r->tree.files[pk->files[i]];
        if (f->type != PWI_FT_REG || (size_t)f->size > REFS_MAX_FILE)
            continue;
        int kind = has_ext(f->path, js) ? 1 : has_ext(f->path, cfg) ? 2
                   : has_ext(f->path, py) ? 3 : 0;
        const char *base = strrchr(f->path, '/');
        base = base ? base + 1 : f->path;
        /* dotfile configs: .babelrc, .eslintrc, .prettierrc */
        if (!kind && base[0] == '.' && strstr(base, "rc"))
            kind = 2;
        if (!kind)
            continue;
        if (!f->data && f->from_dir &&
            pwi_tree_load(&r->tree, f, lim, NULL) != PW_OK)
            continue;
        if (!f->data)
            continue;
        if (kind == 1) {
            js_refs(f->data, f->len, out);
        } else if (kind == 3) {
            py_refs(f->data, f->len, out);
        } else if (pk->files[i] != pk->manifest || !pk->manifest_json) {
            json_t *j = json_loadb((const char *)f->data, f->len, 0, NULL);
            if (j)
                json_strings(j, out, 0);
            else
                js_refs(f->data, f->len, out); /* JSON5 / rc files */
            json_decref(j);
        }
    }
}
