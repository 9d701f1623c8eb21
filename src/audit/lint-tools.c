/* lint-tools.c - the cooldown and install-script settings of the package
 * manager beside a lockfile. Each tool counts its cooldown in a different
 * unit (npm: days, pnpm and Yarn: minutes, bun: seconds), and a bare
 * number in the wrong unit silently turns a week into seven minutes. */
#include "audit/audit.h"
#include "util/file.h"
#include "util/jtree.h"
#include "util/mem.h"
#include "util/yaml-tree.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOOL_CONFIG_MAX ((size_t)1 << 20)

typedef struct setting {
    int found;
    char value[128];
    size_t line;
    char file[4096];
} setting;

static void set_found(setting *s, const char *file, size_t line,
                      const char *v, size_t n)
{
    s->found = 1;
    s->line = line;
    snprintf(s->file, sizeof s->file, "%s", file);
    if (n >= sizeof s->value)
        n = sizeof s->value - 1;
    memcpy(s->value, v, n);
    s->value[n] = '\0';
}

/* key=value lines of an .npmrc (ini without sections that matter). */
static void npmrc_get(const char *path, const char *key, setting *out)
{
    char *data;
    size_t len;
    memset(out, 0, sizeof *out);
    if (pwi_read_file(path, TOOL_CONFIG_MAX, ".npmrc", &data, &len, NULL))
        return;
    size_t line = 1, klen = strlen(key);
    for (char *p = data; p < data + len; line++) {
        char *nl = memchr(p, '\n', (size_t)(data + len - p));
        char *end = nl ? nl : data + len;
        while (p < end && isspace((unsigned char)*p))
            p++;
        if (end - p > (long)klen && !strncmp(p, key, klen)) {
            char *q = p + klen;
            while (q < end && (*q == ' ' || *q == '\t'))
                q++;
            if (q < end && *q == '=') {
                q++;
                while (q < end && (*q == ' ' || *q == '\t'))
                    q++;
                char *e = end;
                while (e > q && isspace((unsigned char)e[-1]))
                    e--;
                set_found(out, path, line, q, (size_t)(e - q));
            }
        }
        p = nl ? nl + 1 : end;
    }
    free(data);
}

static void yaml_get(const char *path, const char *key, setting *out)
{
    char *data;
    size_t len;
    memset(out, 0, sizeof *out);
    if (pwi_read_file(path, TOOL_CONFIG_MAX, "settings", &data, &len, NULL))
        return;
    pwi_yaml_node *root = NULL;
    if (pwi_yaml_parse(data, len, path, NULL, &root, NULL) == PW_OK) {
        const pwi_yaml_node *v = pwi_yaml_map_get(root, key);
        if (v && v->kind == PWI_YAML_SCALAR)
            set_found(out, path, v->line, v->str, v->len);
    }
    pwi_yaml_free(root);
    free(data);
}

static void toml_get(const char *path, const char *table, const char *key,
                     setting *out)
{
    char *data;
    size_t len;
    memset(out, 0, sizeof *out);
    if (pwi_read_file(path, TOOL_CONFIG_MAX, "settings", &data, &len, NULL))
        return;
    pwi_jnode *root = NULL;
    if (pwi_toml_parse(data, len, path, NULL, &root, NULL) == PW_OK) {
        const pwi_jnode *v = pwi_j_get(pwi_j_get(root, table), key);
        if (v && v->str)
            set_found(out, path, v->line, v->str, v->len);
    }
    pwi_jtree_free(root);
    free(data);
}

/* Whole non-negative number, else -1. */
static long long plain_number(const char *s)
{
    if (!*s)
        return -1;
    long long v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > 1000000000000LL)
            return -1;
        v = v * 10 + (*s - '0');
    }
    return v;
}

typedef struct tool {
    const char *name;    /* for messages */
    const char *key;     /* setting name */
    const char *unit;    /* unit of a bare number */
    long long unit_secs; /* seconds per unit */
} tool;

/* Checks one cooldown setting: missing, unit confusion, shorter than the
 * policy. */
static void check_cooldown(pwi_audit *a, size_t pkg, const tool *t,
                           const setting *s, const char *where_missing)
{
    if (!s->found) {
        pwi_audit_emit(a, pkg, "tool-cooldown-missing", where_missing, 0, "",
                       "",
                       "%s has no %s: it installs a release the minute it "
                       "is published (a user-level config may still set "
                       "it)", t->name, t->key);
        return;
    }
    long long n = plain_number(s->value);
    long long secs = -1;
    if (n >= 0) {
        secs = n * t->unit_secs;
        /* 1-90 in minutes or seconds reads like days; thousands of days
         * reads like minutes. */
        int tiny = t->unit_secs < 86400 && n >= 1 && n <= 90;
        int huge = t->unit_secs == 86400 && n >= 1000;
        if (tiny || huge)
            pwi_audit_emit(a, pkg, "tool-cooldown-unit", s->file, s->line,
                           s->value, "",
                           "%s %s = %s is read as %s %s; %s", t->name, t->key,
                           s->value, s->value, t->unit,
                           tiny ? "if days were meant, write the value in "
                                  "that unit (7 days = 10080 minutes = "
                                  "604800 seconds)"
                                : "that is years; the value looks like "
                                  "minutes or seconds");
    } else {
        /* Yarn also takes duration strings ("3d"); trust them. */
        return;
    }
    if (secs >= 0 && a->policy->min_release_age > 0 &&
        secs < a->policy->min_release_age)
        pwi_audit_emit(a, pkg, "tool-cooldown-shorter", s->file, s->line,
                       s->value, "",
                       "%s %s (%lld s) is shorter than the policy's "
                       "min_release_age (%lld s)", t->name, t->key, secs,
                       (long long)a->policy->min_release_age);
}

static char *sibling(const char *lockfile, const char *name)
{
    const char *slash = strrchr(lockfile, '/');
    if (!slash)
        return pwi_xstrdup(name);
    return pwi_xasprintf("%.*s/%s", (int)(slash - lockfile), lockfile, name);
}

void pwi_audit_lint_tools(pwi_audit *a, const pwi_lockfile *lf, size_t pkg)
{
    setting s;
    char *f = NULL;
    switch (lf->format) {
    case PWI_LOCK_NPM: {
        static const tool npm = {"npm", "min-release-age", "days", 86400};
        f = sibling(lf->path, ".npmrc");
        npmrc_get(f, "min-release-age", &s);
        check_cooldown(a, pkg, &npm, &s, f);
        npmrc_get(f, "ignore-scripts", &s);
        if (!s.found || strcmp(s.value, "true"))
            pwi_audit_emit(a, pkg, "tool-install-scripts-enabled",
                           s.found ? s.file : f, s.line, s.value, "",
                           "npm runs every dependency's install scripts "
                           "(ignore-scripts is not true in %s)", f);
        break;
    }
    case PWI_LOCK_PNPM: {
        static const tool pnpm = {"pnpm", "minimumReleaseAge", "minutes", 60};
        f = sibling(lf->path, "pnpm-workspace.yaml");
        yaml_get(f, "minimumReleaseAge", &s);
        if (!s.found) {
            /* pnpm 10 also reads minimum-release-age from .npmrc */
            char *rc = sibling(lf->path, ".npmrc");
            npmrc_get(rc, "minimum-release-age", &s);
            free(rc);
        }
        check_cooldown(a, pkg, &pnpm, &s, f);
        break;
    }
    case PWI_LOCK_YARN_BERRY: {
        static const tool yarn = {"Yarn", "npmMinimalAgeGate", "minutes", 60};
        f = sibling(lf->path, ".yarnrc.yml");
        yaml_get(f, "npmMinimalAgeGate", &s);
        check_cooldown(a, pkg, &yarn, &s, f);
        yaml_get(f, "enableScripts", &s);
        if (!s.found || strcmp(s.value, "false"))
            pwi_audit_emit(a, pkg, "tool-install-scripts-enabled",
                           s.found ? s.file : f, s.line, s.value, "",
                           "Yarn runs every dependency's install scripts "
                           "(enableScripts is not false in %s)", f);
        break;
    }
    case PWI_LOCK_BUN: {
        static const tool bun = {"bun", "minimumReleaseAge", "seconds", 1};
        f = sibling(lf->path, "bunfig.toml");
        toml_get(f, "install", "minimumReleaseAge", &s);
        check_cooldown(a, pkg, &bun, &s, f);
        break;
    }
    default:
        break;
    }
    free(f);
}
