/* npmrc.c - find the registry npm (or Yarn 2+) resolves against, so the
 * guard reads publish times and trust signals from the same place the
 * package manager fetched from. Scoped registries (@scope:registry=,
 * npmScopes) and auth are the package manager's business: the guard
 * downloads tarballs from the lockfile's resolved URLs when it has them. */
#include "guard/npmrc.h"
#include "util/file.h"
#include "util/mem.h"
#include "util/paths.h"
#include "util/yaml-tree.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NPMRC_MAX ((size_t)1 << 20)
#define NPMRC_URL_MAX 4096

static char *trim_url(const char *s, size_t n)
{
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    while (n && isspace((unsigned char)*s))
        s++, n--;
    if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0])
        s++, n -= 2;
    while (n && s[n - 1] == '/')
        n--;
    return n ? pwi_xstrndup(s, n) : NULL;
}

/* ${NAME} -> getenv(NAME), as npm expands config values; an unset
 * variable expands to nothing (Yarn's ${NAME:-default} to the default).
 * Output is bounded. */
static char *expand_env(const char *v)
{
    char out[NPMRC_URL_MAX];
    size_t o = 0;
    for (const char *p = v; *p && o + 1 < sizeof out;) {
        if (p[0] == '$' && p[1] == '{') {
            const char *end = strchr(p + 2, '}');
            if (end && end - (p + 2) < 256) {
                char name[256];
                memcpy(name, p + 2, (size_t)(end - (p + 2)));
                name[end - (p + 2)] = 0;
                char *dflt = strstr(name, ":-");
                if (dflt) {
                    *dflt = 0;
                    dflt += 2;
                }
                const char *val = getenv(name);
                if ((!val || !*val) && dflt)
                    val = dflt;
                for (; val && *val && o + 1 < sizeof out; val++)
                    out[o++] = *val;
                p = end + 1;
                continue;
            }
        }
        out[o++] = *p++;
    }
    out[o] = 0;
    return trim_url(out, o);
}

char *pwi_npmrc_registry(const char *text)
{
    char *found = NULL;
    for (const char *line = text; line && *line;) {
        const char *eol = strchr(line, '\n');
        size_t n = eol ? (size_t)(eol - line) : strlen(line);
        const char *p = line;
        while (n && isspace((unsigned char)*p))
            p++, n--;
        /* `registry` exactly; `@scope:registry` and `//host/:_auth` are not
         * the default registry. The last assignment wins, as in ini. */
        if (n > 8 && !strncmp(p, "registry", 8)) {
            const char *q = p + 8;
            size_t m = n - 8;
            while (m && (*q == ' ' || *q == '\t'))
                q++, m--;
            if (m && *q == '=' && m - 1 < NPMRC_URL_MAX) {
                char raw[NPMRC_URL_MAX];
                memcpy(raw, q + 1, m - 1);
                raw[m - 1] = 0;
                char *url = expand_env(raw);
                if (url) {
                    free(found);
                    found = url;
                }
            }
        }
        line = eol ? eol + 1 : NULL;
    }
    return found;
}

static char *from_file(const char *path)
{
    char *text = NULL;
    size_t len = 0;
    if (!path || pwi_read_file(path, NPMRC_MAX, ".npmrc", &text, &len,
                               NULL) != PW_OK)
        return NULL;
    char *url = pwi_npmrc_registry(text);
    free(text);
    return url;
}

char *pwi_npm_registry(char *const *args)
{
    for (size_t i = 0; args && args[i]; i++) {
        if (!strcmp(args[i], "--registry") && args[i + 1])
            return trim_url(args[i + 1], strlen(args[i + 1]));
        if (!strncmp(args[i], "--registry=", 11))
            return trim_url(args[i] + 11, strlen(args[i] + 11));
    }
    const char *envs[] = {"npm_config_registry", "NPM_CONFIG_REGISTRY"};
    for (size_t i = 0; i < 2; i++) {
        const char *v = getenv(envs[i]);
        if (v && *v)
            return trim_url(v, strlen(v));
    }
    char *url = from_file(".npmrc");
    if (url)
        return url;
    const char *user = getenv("NPM_CONFIG_USERCONFIG");
    if (!user || !*user)
        user = getenv("npm_config_userconfig");
    if (user && *user) {
        url = from_file(user);
    } else {
        const char *home = getenv("HOME");
        if (home && *home) {
            char *path = pwi_xasprintf("%s/.npmrc", home);
            url = from_file(path);
            free(path);
        }
    }
    return url ? url : pwi_xstrdup("https://registry.npmjs.org");
}

char *pwi_yarnrc_registry(const char *text, size_t len)
{
    pwi_yaml_limits lim;
    pwi_yaml_limits_default(&lim);
    pwi_yaml_node *root = NULL;
    pw_error e;
    if (pwi_yaml_parse(text, len, ".yarnrc.yml", &lim, &root, &e) != PW_OK)
        return NULL;
    const pwi_yaml_node *v = pwi_yaml_map_get(root, "npmRegistryServer");
    char *url = NULL;
    if (v && v->kind == PWI_YAML_SCALAR && !pwi_yaml_is_null(v) &&
        strlen(v->str) == v->len && v->len < NPMRC_URL_MAX)
        url = expand_env(v->str);
    pwi_yaml_free(root);
    return url;
}

static char *from_yarnrc(const char *path)
{
    char *text = NULL;
    size_t len = 0;
    if (pwi_read_file(path, NPMRC_MAX, ".yarnrc.yml", &text, &len, NULL) != PW_OK)
        return NULL;
    char *url = pwi_yarnrc_registry(text, len);
    free(text);
    return url;
}

char *pwi_yarn_registry(void)
{
    const char *v = getenv("YARN_NPM_REGISTRY_SERVER");
    if (v && *v)
        return trim_url(v, strlen(v));
    const char *rc = getenv("YARN_RC_FILENAME");
    if (!rc || !*rc || strchr(rc, '/'))
        rc = ".yarnrc.yml";
    /* the closest rc file that sets it, from here up to /, then home */
    char dir[4096];
    if (getcwd(dir, sizeof dir)) {
        for (int depth = 0; depth < 64; depth++) {
            char *path = pwi_xasprintf("%s/%s", strcmp(dir, "/") ? dir : "", rc);
            char *url = from_yarnrc(path);
            free(path);
            if (url)
                return url;
            char *slash = strrchr(dir, '/');
            if (!slash || !strcmp(dir, "/"))
                break;
            if (slash == dir)
                slash[1] = 0;
            else
                *slash = 0;
        }
    }
    const char *home = getenv("HOME");
    if (home && *home) {
        char *path = pwi_xasprintf("%s/.yarnrc.yml", home);
        char *url = from_yarnrc(path);
        free(path);
        if (url)
            return url;
    }
    return pwi_xstrdup("https://registry.yarnpkg.com");
}
