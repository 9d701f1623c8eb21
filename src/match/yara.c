/* yara.c - compile YARA rule files once, scan file contents from any
 * thread (libyara's compiled rules are safe to share). */
#include "yara.h"
#include "util/dir.h"
#include "util/dl.h"
#include "util/error.h"
#include "util/mem.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yara.h>

#define YARA_SCAN_TIMEOUT 10 /* seconds per file */

struct pwi_yara {
    YR_COMPILER *compiler;
    YR_RULES *rules;
    pw_error first;   /* first compile error */
    int failed;
    int initialized;
};

static void on_compile_error(int level, const char *file, int line, const YR_RULE *rule,
                             const char *msg, void *user)
{
    (void)rule;
    pwi_yara *y = user;
    if (level != YARA_ERROR_LEVEL_ERROR || y->failed)
        return;
    y->failed = 1;
    pwi_error(&y->first, PW_ERR_RULES, file ? file : "", line > 0 ? (size_t)line : 0, 0,
              "YARA: %s", msg);
}

/* libyara, bound when --yara is first used (see util/dl.h): most runs
 * have no YARA rules and need not load it and libmagic. */
static struct {
    __typeof__(yr_initialize) *initialize;
    __typeof__(yr_finalize) *finalize;
    __typeof__(yr_compiler_create) *compiler_create;
    __typeof__(yr_compiler_destroy) *compiler_destroy;
    __typeof__(yr_compiler_set_callback) *compiler_set_callback;
    __typeof__(yr_compiler_add_file) *compiler_add_file;
    __typeof__(yr_compiler_get_rules) *compiler_get_rules;
    __typeof__(yr_rules_scan_mem) *rules_scan_mem;
    __typeof__(yr_rules_destroy) *rules_destroy;
} yx;
static char yara_why[256];
static int yara_ok;
static pthread_once_t yara_once = PTHREAD_ONCE_INIT;

static void yara_bind(void)
{
    static const char *const sonames[] = {"libyara.so.9", "libyara.so.10", "libyara.so.8",
                                          "libyara.so", NULL};
    const pwi_dl_sym syms[] = {
        {"yr_initialize", &yx.initialize},
        {"yr_finalize", &yx.finalize},
        {"yr_compiler_create", &yx.compiler_create},
        {"yr_compiler_destroy", &yx.compiler_destroy},
        {"yr_compiler_set_callback", &yx.compiler_set_callback},
        {"yr_compiler_add_file", &yx.compiler_add_file},
        {"yr_compiler_get_rules", &yx.compiler_get_rules},
        {"yr_rules_scan_mem", &yx.rules_scan_mem},
        {"yr_rules_destroy", &yx.rules_destroy},
    };
    yara_ok = pwi_dl_bind(sonames, syms, sizeof syms / sizeof *syms, yara_why,
                          sizeof yara_why) == 0;
}

pw_status pwi_yara_new(pwi_yara **out, pw_error *err)
{
    *out = NULL;
    pthread_once(&yara_once, yara_bind);
    if (!yara_ok)
        return pwi_error(err, PW_ERR_UNSUPPORTED, NULL, 0, 0,
                         "YARA rules need libyara, which cannot be loaded (%s); "
                         "install the libyara9 package", yara_why);
    if (yx.initialize() != ERROR_SUCCESS)
        return pwi_error(err, PW_ERR_INTERNAL, NULL, 0, 0, "libyara failed to initialise");
    pwi_yara *y = pwi_xcalloc(1, sizeof *y);
    y->initialized = 1;
    if (yx.compiler_create(&y->compiler) != ERROR_SUCCESS) {
        pwi_yara_free(y);
        return pwi_error(err, PW_ERR_NOMEM, NULL, 0, 0, "libyara: cannot create a compiler");
    }
    yx.compiler_set_callback(y->compiler, on_compile_error, y);
    *out = y;
    return PW_OK;
}

static int has_yara_ext(const char *name)
{
    size_t n = strlen(name);
    return (n > 4 && !strcmp(name + n - 4, ".yar")) ||
           (n > 5 && !strcmp(name + n - 5, ".yara"));
}

static pw_status add_file(pwi_yara *y, const char *path, pw_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return pwi_error(err, PW_ERR_RULES, path, 0, 0, "cannot open YARA file: %s",
                         strerror(errno));
    int errors = yx.compiler_add_file(y->compiler, f, NULL, path);
    fclose(f);
    if (errors || y->failed) {
        if (err)
            *err = y->first;
        return PW_ERR_RULES;
    }
    return PW_OK;
}

static pw_status add_dir(pwi_yara *y, const char *dir, unsigned depth, pw_error *err)
{
    if (depth > 16)
        return PW_OK;
    char **names;
    size_t n;
    if (pwi_dir_list(dir, &names, &n) != 0)
        return pwi_error(err, PW_ERR_RULES, dir, 0, 0, "cannot read YARA directory: %s",
                         strerror(errno));
    pw_status st = PW_OK;
    for (size_t i = 0; i < n && st == PW_OK; i++) {
        struct stat sb;
        if (lstat(names[i], &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode))
            st = add_dir(y, names[i], depth + 1, err);
        else if (S_ISREG(sb.st_mode) && has_yara_ext(names[i]))
            st = add_file(y, names[i], err);
    }
    pwi_dir_list_free(names, n);
    return st;
}

pw_status pwi_yara_add(pwi_yara *y, const char *path, pw_error *err)
{
    if (y->rules)
        return pwi_error(err, PW_ERR_USAGE, path, 0, 0, "YARA rules already compiled");
    if (y->failed)
        return pwi_error(err, PW_ERR_RULES, path, 0, 0,
                         "a previous YARA file failed to compile");
    struct stat sb;
    if (stat(path, &sb) != 0)
        return pwi_error(err, PW_ERR_RULES, path, 0, 0, "no such YARA file or directory");
    return S_ISDIR(sb.st_mode) ? add_dir(y, path, 0, err) : add_file(y, path, err);
}

pw_status pwi_yara_compile(pwi_yara *y, pw_error *err)
{
    if (y->rules)
        return PW_OK;
    if (yx.compiler_get_rules(y->compiler, &y->rules) != ERROR_SUCCESS)
        return pwi_error(err, PW_ERR_RULES, NULL, 0, 0, "libyara: cannot build the rules");
    return PW_OK;
}

static const char *meta_string(const YR_RULE *rule, const char *key)
{
    const YR_META *m;
    yr_rule_metas_foreach(rule, m)
    {
        if (!strcmp(m->identifier, key) && m->type == META_TYPE_STRING)
            return m->string;
    }
    return NULL;
}

void pwi_yara_foreach(const pwi_yara *y,
                      void (*fn)(void *user, const pwi_yara_rule_meta *m), void *user)
{
    if (!y || !y->rules)
        return;
    const YR_RULE *rule;
    yr_rules_foreach(y->rules, rule)
    {
        pwi_yara_rule_meta m = {rule->identifier,
                                rule->ns ? rule->ns->name : "default",
                                meta_string(rule, "description"),
                                meta_string(rule, "severity"),
                                meta_string(rule, "category"),
                                meta_string(rule, "remediation"),
                                meta_string(rule, "reference")};
        fn(user, &m);
    }
}

typedef struct scan_ctx {
    pwi_yara_hit_fn fn;
    void *user;
    const unsigned char *p;
    size_t n;
} scan_ctx;

static int on_scan(YR_SCAN_CONTEXT *ctx, int msg, void *data, void *user)
{
    if (msg != CALLBACK_MSG_RULE_MATCHING)
        return CALLBACK_CONTINUE;
    scan_ctx *c = user;
    YR_RULE *rule = data;
    size_t off = 0, len = 0;
    const YR_STRING *s;
    int found = 0;
    yr_rule_strings_foreach(rule, s)
    {
        /* libyara packs its match records without alignment: copy each
         * one out before reading fields (direct access is undefined) */
        const YR_MATCH *m = ctx->matches[s->idx].head;
        while (m) {
            YR_MATCH mm;
            memcpy(&mm, m, sizeof mm);
            if (!mm.is_private && (!found || (size_t)mm.offset < off)) {
                off = (size_t)mm.offset;
                len = (size_t)mm.match_length;
                found = 1;
            }
            m = mm.next;
        }
    }
    if (off > c->n)
        off = c->n;
    if (len > c->n - off)
        len = c->n - off;
    c->fn(c->user, rule->identifier, rule->ns ? rule->ns->name : "default", off,
          c->p + off, len);
    return CALLBACK_CONTINUE;
}

void pwi_yara_scan(const pwi_yara *y, const unsigned char *p, size_t n,
                   pwi_yara_hit_fn fn, void *user)
{
    if (!y || !y->rules || !n)
        return;
    scan_ctx c = {fn, user, p, n};
    yx.rules_scan_mem(y->rules, p, n, SCAN_FLAGS_NO_TRYCATCH, on_scan, &c,
                      YARA_SCAN_TIMEOUT);
}

void pwi_yara_free(pwi_yara *y)
{
    if (!y)
        return;
    if (y->rules)
        yx.rules_destroy(y->rules);
    if (y->compiler)
        yx.compiler_destroy(y->compiler);
    if (y->initialized)
        yx.finalize();
    free(y);
}
