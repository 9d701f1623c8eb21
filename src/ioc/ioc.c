/* ioc.c - IOC bundles: strict parsing (jansson), storage in the database
 * (table ioc_bundles, created on first import), and loading for sweep. */
#include "ioc/ioc.h"
#include "db/db.h"
#include "db/version.h"
#include "util/error.h"
#include "util/file.h"
#include "util/mem.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IOC_MAX_BYTES ((size_t)16 << 20)
#define IOC_MAX_ITEMS 100000
#define IOC_MAX_STRING 4096

typedef struct parser {
    const char *source;
    pw_error *err;
    pw_status st;
} parser;

static int fail(parser *p, pw_status code, const char *fmt, ...)
    PW_PRINTF(3, 4);

static int fail(parser *p, pw_status code, const char *fmt, ...)
{
    if (!p->st) {
        char msg[300];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        p->st = pwi_error(p->err, code, p->source, 0, 0, "%s", msg);
    }
    return -1;
}

/* Only the keys in allowed[] may appear in obj. */
static int check_keys(parser *p, const json_t *obj, const char *const *allowed,
                      const char *where)
{
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        const char *const *a = allowed;
        while (*a && strcmp(*a, key))
            a++;
        if (!*a)
            return fail(p, PW_ERR_FORMAT, "unknown key \"%s\" in %s", key,
                        where);
    }
    return 0;
}

static char *get_str(parser *p, const json_t *obj, const char *key,
                     int required)
{
    const json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required)
            fail(p, PW_ERR_FORMAT, "missing \"%s\"", key);
        return NULL;
    }
    if (!json_is_string(v) || json_string_length(v) > IOC_MAX_STRING ||
        json_string_length(v) != strlen(json_string_value(v))) {
        fail(p, PW_ERR_FORMAT, "\"%s\" must be a string of at most 4 KiB",
             key);
        return NULL;
    }
    return pwi_xstrdup(json_string_value(v));
}

static const json_t *get_array(parser *p, const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    if (!v)
        return NULL;
    if (!json_is_array(v)) {
        fail(p, PW_ERR_FORMAT, "\"%s\" must be an array", key);
        return NULL;
    }
    if (json_array_size(v) > IOC_MAX_ITEMS) {
        fail(p, PW_ERR_LIMIT, "\"%s\" has more than 100000 entries", key);
        return NULL;
    }
    return v;
}

static char **str_list(parser *p, const json_t *arr, const char *key,
                       size_t *n)
{
    *n = 0;
    if (!arr)
        return NULL;
    char **v = pwi_xcalloc(json_array_size(arr) + 1, sizeof *v);
    size_t i;
    const json_t *x;
    json_array_foreach(arr, i, x)
    {
        if (!json_is_string(x) || json_string_length(x) > IOC_MAX_STRING ||
            json_string_length(x) == 0) {
            fail(p, PW_ERR_FORMAT, "\"%s\" must hold non-empty strings",
                 key);
            break;
        }
        v[(*n)++] = pwi_xstrdup(json_string_value(x));
    }
    return v;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void pwi_ioc_free(pwi_ioc_bundle *b)
{
    if (!b)
        return;
    free(b->id);
    free(b->title);
    free(b->published);
    free(b->remediation);
    free_list(b->references, b->nreferences);
    for (size_t i = 0; i < b->npackages; i++) {
        free(b->packages[i].ecosystem);
        free(b->packages[i].name);
        free_list(b->packages[i].versions, b->packages[i].nversions);
    }
    free(b->packages);
    for (size_t i = 0; i < b->nfiles; i++) {
        free(b->files[i].os);
        free(b->files[i].path);
        free(b->files[i].description);
    }
    free(b->files);
    for (size_t i = 0; i < b->nhashes; i++)
        free(b->hashes[i].description);
    free(b->hashes);
    free_list(b->network, b->nnetwork);
    for (size_t i = 0; i < b->nworkflows; i++) {
        free(b->workflows[i].name);
        free_list(b->workflows[i].contents, b->workflows[i].ncontents);
    }
    free(b->workflows);
    free(b);
}

static void parse_packages(parser *p, const json_t *arr, pwi_ioc_bundle *b)
{
    static const char *const keys[] = {"ecosystem", "name", "versions",
                                       "all_versions", NULL};
    b->packages = pwi_xcalloc(json_array_size(arr) + 1, sizeof *b->packages);
    size_t i;
    const json_t *x;
    json_array_foreach(arr, i, x)
    {
        if (!json_is_object(x) || check_keys(p, x, keys, "packages[]"))
            break;
        pwi_ioc_pkg *k = &b->packages[b->npackages++];
        k->ecosystem = get_str(p, x, "ecosystem", 1);
        char *name = get_str(p, x, "name", 1);
        if (p->st) {
            free(name);
            break;
        }
        if (strcmp(k->ecosystem, "npm") && strcmp(k->ecosystem, "pypi")) {
            free(name);
            fail(p, PW_ERR_FORMAT, "packages[]: ecosystem \"%s\" is not npm "
                 "or pypi", k->ecosystem);
            break;
        }
        k->name = pwi_xcalloc(1, 256);
        if (pwi_name_normalize(k->ecosystem, name, k->name, 256)) {
            fail(p, PW_ERR_FORMAT, "packages[]: bad name \"%s\"", name);
            free(name);
            break;
        }
        free(name);
        k->versions = str_list(p, get_array(p, x, "versions"), "versions",
                               &k->nversions);
        const json_t *all = json_object_get(x, "all_versions");
        k->all_versions = json_is_true(all);
        if (all && !json_is_boolean(all))
            fail(p, PW_ERR_FORMAT, "all_versions must be true or false");
        if (!k->nversions && !k->all_versions)
            fail(p, PW_ERR_FORMAT, "packages[] %s: give versions or "
                 "all_versions", k->name);
        if (p->st)
            break;
    }
}

static void parse_files(parser *p, const json_t *arr, pwi_ioc_bundle *b)
{
    static const char *const keys[] = {"os", "path", "description", NULL};
    b->files = pwi_xcalloc(json_array_size(arr) + 1, sizeof *b->files);
    size_t i;
    const json_t *x;
    json_array_foreach(arr, i, x)
    {
        if (!json_is_object(x) || check_keys(p, x, keys, "files[]"))
            break;
        pwi_ioc_file *f = &b->files[b->nfiles++];
        f->os = get_str(p, x, "os", 1);
        f->path = get_str(p, x, "path", 1);
        f->description = get_str(p, x, "description", 0);
        if (p->st)
            break;
        if (strcmp(f->os, "linux") && strcmp(f->os, "macos") &&
            strcmp(f->os, "windows") && strcmp(f->os, "any")) {
            fail(p, PW_ERR_FORMAT, "files[]: os \"%s\" is not linux, macos, "
                 "windows or any", f->os);
            break;
        }
    }
}

static void parse_hashes(parser *p, const json_t *arr, pwi_ioc_bundle *b)
{
    static const char *const keys[] = {"sha256", "size", "description", NULL};
    b->hashes = pwi_xcalloc(json_array_size(arr) + 1, sizeof *b->hashes);
    size_t i;
    const json_t *x;
    json_array_foreach(arr, i, x)
    {
        if (!json_is_object(x) || check_keys(p, x, keys, "hashes[]"))
            break;
        pwi_ioc_hash *h = &b->hashes[b->nhashes++];
        char *hex = get_str(p, x, "sha256", 1);
        if (p->st) {
            free(hex);
            break;
        }
        if (strlen(hex) != 64 || strspn(hex, "0123456789abcdefABCDEF") != 64) {
            fail(p, PW_ERR_FORMAT, "hashes[]: \"%s\" is not a sha256", hex);
            free(hex);
            break;
        }
        for (int k = 0; k < 64; k++)
            h->sha256[k] = (char)(hex[k] | 0x20); /* lower case */
        free(hex);
        const json_t *size = json_object_get(x, "size");
        if (size && (!json_is_integer(size) || json_integer_value(size) < 0)) {
            fail(p, PW_ERR_FORMAT, "hashes[]: size must be a byte count");
            break;
        }
        h->size = size ? (uint64_t)json_integer_value(size) : 0;
        h->description = get_str(p, x, "description", 0);
    }
}

static void parse_workflows(parser *p, const json_t *arr, pwi_ioc_bundle *b)
{
    static const char *const keys[] = {"name", "contents", NULL};
    b->workflows = pwi_xcalloc(json_array_size(arr) + 1, sizeof *b->workflows);
    size_t i;
    const json_t *x;
    json_array_foreach(arr, i, x)
    {
        if (!json_is_object(x) || check_keys(p, x, keys, "workflows[]"))
            break;
        pwi_ioc_workflow *w = &b->workflows[b->nworkflows++];
        w->name = get_str(p, x, "name", 0);
        w->contents = str_list(p, get_array(p, x, "contents"), "contents",
                               &w->ncontents);
        if (!w->name && !w->ncontents)
            fail(p, PW_ERR_FORMAT, "workflows[]: give a name or contents");
        if (p->st)
            break;
    }
}

pw_status pwi_ioc_parse(const char *data, size_t len, const char *source,
                        pwi_ioc_bundle **out, pw_error *err)
{
    *out = NULL;
    if (len > IOC_MAX_BYTES)
        return pwi_error(err, PW_ERR_LIMIT, source, 0, 0,
                         "IOC bundle is larger than 16 MiB");
    json_error_t je;
    json_t *doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
    if (!doc)
        return pwi_error(err, PW_ERR_FORMAT, source, (size_t)je.line,
                         (size_t)je.column, "not valid JSON: %s", je.text);
    parser p = {source, err, PW_OK};
    static const char *const keys[] = {
        "format", "id", "title", "published", "references", "remediation",
        "packages", "files", "hashes", "domains", "ips", "urls", "strings",
        "workflows", NULL};
    pwi_ioc_bundle *b = pwi_xcalloc(1, sizeof *b);
    if (!json_is_object(doc)) {
        fail(&p, PW_ERR_FORMAT, "an IOC bundle is a JSON object");
    } else if (!check_keys(&p, doc, keys, "the bundle")) {
        const char *fmt = json_string_value(json_object_get(doc, "format"));
        if (!fmt || strcmp(fmt, "pkgward-ioc/1"))
            fail(&p, PW_ERR_UNSUPPORTED, "\"format\" is \"%s\"; supported: "
                 "pkgward-ioc/1", fmt ? fmt : "missing");
        b->id = get_str(&p, doc, "id", 1);
        b->title = get_str(&p, doc, "title", 1);
        b->published = get_str(&p, doc, "published", 0);
        b->remediation = get_str(&p, doc, "remediation", 0);
        if (!p.st && (strlen(b->id) > 64 ||
                      strspn(b->id, "abcdefghijklmnopqrstuvwxyz0123456789._-") !=
                          strlen(b->id) || !*b->id))
            fail(&p, PW_ERR_FORMAT, "id \"%s\" must be [a-z0-9._-]{1,64}",
                 b->id);
        b->references = str_list(&p, get_array(&p, doc, "references"),
                                 "references", &b->nreferences);
        const json_t *a;
        if (!p.st && (a = get_array(&p, doc, "packages")))
            parse_packages(&p, a, b);
        if (!p.st && (a = get_array(&p, doc, "files")))
            parse_files(&p, a, b);
        if (!p.st && (a = get_array(&p, doc, "hashes")))
            parse_hashes(&p, a, b);
        if (!p.st && (a = get_array(&p, doc, "workflows")))
            parse_workflows(&p, a, b);
        static const char *const net[] = {"domains", "ips", "urls", "strings"};
        for (size_t k = 0; k < 4 && !p.st; k++) {
            size_t n;
            char **v = str_list(&p, get_array(&p, doc, net[k]), net[k], &n);
            b->network = pwi_xrealloc(b->network,
                                      (b->nnetwork + n + 1) * sizeof(char *));
            for (size_t j = 0; j < n; j++)
                b->network[b->nnetwork++] = v[j];
            free(v);
        }
    }
    json_decref(doc);
    if (p.st) {
        pwi_ioc_free(b);
        return p.st;
    }
    *out = b;
    return PW_OK;
}

const pwi_ioc_pkg *pwi_ioc_find_package(const pwi_ioc_bundle *b,
                                        const char *ecosystem,
                                        const char *name, const char *version,
                                        int *version_hit)
{
    char norm[256];
    *version_hit = 0;
    if (pwi_name_normalize(ecosystem, name, norm, sizeof norm))
        return NULL;
    for (size_t i = 0; i < b->npackages; i++) {
        const pwi_ioc_pkg *k = &b->packages[i];
        if (strcmp(k->ecosystem, ecosystem) || strcmp(k->name, norm))
            continue;
        if (k->all_versions)
            *version_hit = 1;
        for (size_t j = 0; version && j < k->nversions && !*version_hit; j++)
            *version_hit = !strcmp(k->versions[j], version);
        return k;
    }
    return NULL;
}

/* ---- storage ----------------------------------------------------------- */

static const char ioc_table[] =
    "CREATE TABLE IF NOT EXISTS ioc_bundles(id TEXT PRIMARY KEY, title TEXT "
    "NOT NULL, published TEXT NOT NULL DEFAULT '', imported_at TEXT NOT NULL, "
    "json TEXT NOT NULL)";

pw_status pw_ioc_import(pw_db *db, const char *path, pw_ioc_info *info,
                        pw_error *err)
{
    char *data;
    size_t len;
    pw_status st = pwi_read_file(path, IOC_MAX_BYTES, "IOC bundle", &data,
                                 &len, err);
    if (st)
        return st;
    pwi_ioc_bundle *b = NULL;
    st = pwi_ioc_parse(data, len, path, &b, err);
    if (!st && !db->writable)
        st = pwi_error(err, PW_ERR_USAGE, db->path, 0, 0,
                       "database was opened read-only");
    if (!st)
        st = pwi_db_exec(db, ioc_table, err);
    if (!st) {
        sqlite3_stmt *s;
        char now[32];
        pwi_db_now(now);
        if (pwi_sq.prepare_v2(db->h,
                               "INSERT OR REPLACE INTO ioc_bundles(id, title, "
                               "published, imported_at, json) VALUES "
                               "(?1, ?2, ?3, ?4, ?5)", -1, &s, NULL) != SQLITE_OK)
            st = pwi_db_fail(db, "prepare", err);
        else {
            pwi_sq.bind_text(s, 1, b->id, -1, SQLITE_STATIC);
            pwi_sq.bind_text(s, 2, b->title, -1, SQLITE_STATIC);
            pwi_sq.bind_text(s, 3, b->published ? b->published : "", -1,
                              SQLITE_STATIC);
            pwi_sq.bind_text(s, 4, now, -1, SQLITE_STATIC);
            pwi_sq.bind_text(s, 5, data, (int)len, SQLITE_STATIC);
            if (pwi_sq.step(s) != SQLITE_DONE)
                st = pwi_db_fail(db, "insert", err);
            pwi_sq.finalize(s);
        }
    }
    if (!st && info) {
        memset(info, 0, sizeof *info);
        snprintf(info->id, sizeof info->id, "%s", b->id);
        snprintf(info->title, sizeof info->title, "%s", b->title);
        snprintf(info->published, sizeof info->published, "%s",
                 b->published ? b->published : "");
        info->packages = b->npackages;
        info->files = b->nfiles;
        info->hashes = b->nhashes;
        info->indicators = b->nnetwork;
        info->workflows = b->nworkflows;
    }
    pwi_ioc_free(b);
    free(data);
    return st;
}

static int has_table(pw_db *db)
{
    sqlite3_stmt *s;
    int yes = 0;
    if (pwi_sq.prepare_v2(db->h,
                           "SELECT 1 FROM sqlite_master WHERE type='table' "
                           "AND name='ioc_bundles'", -1, &s, NULL) == SQLITE_OK) {
        yes = pwi_sq.step(s) == SQLITE_ROW;
        pwi_sq.finalize(s);
    }
    return yes;
}

pw_status pwi_ioc_load_all(pw_db *db, pwi_ioc_bundle ***out, size_t *n,
                           pw_error *err)
{
    *out = NULL;
    *n = 0;
    if (!db || !has_table(db))
        return PW_OK;
    sqlite3_stmt *s;
    if (pwi_sq.prepare_v2(db->h, "SELECT id, json FROM ioc_bundles ORDER BY id",
                           -1, &s, NULL) != SQLITE_OK)
        return pwi_db_fail(db, "query", err);
    pw_status st = PW_OK;
    size_t cap = 0;
    while (!st && pwi_sq.step(s) == SQLITE_ROW) {
        const char *id = (const char *)pwi_sq.column_text(s, 0);
        const char *json = (const char *)pwi_sq.column_blob(s, 1);
        int jl = pwi_sq.column_bytes(s, 1);
        pwi_ioc_bundle *b;
        char src[128];
        snprintf(src, sizeof src, "IOC bundle %s", id ? id : "?");
        st = pwi_ioc_parse(json ? json : "", (size_t)jl, src, &b, err);
        if (!st) {
            PW_GROW(*out, cap, *n + 1);
            (*out)[(*n)++] = b;
        }
    }
    pwi_sq.finalize(s);
    if (st) {
        pwi_ioc_free_all(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return st;
}

void pwi_ioc_free_all(pwi_ioc_bundle **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        pwi_ioc_free(v[i]);
    free(v);
}

pw_status pw_ioc_list(pw_db *db, pw_ioc_info **out, size_t *n, pw_error *err)
{
    pwi_ioc_bundle **v;
    size_t nb;
    *out = NULL;
    *n = 0;
    pw_status st = pwi_ioc_load_all(db, &v, &nb, err);
    if (st)
        return st;
    *out = pwi_xcalloc(nb + 1, sizeof **out);
    for (size_t i = 0; i < nb; i++) {
        pw_ioc_info *info = &(*out)[i];
        snprintf(info->id, sizeof info->id, "%s", v[i]->id);
        snprintf(info->title, sizeof info->title, "%s", v[i]->title);
        snprintf(info->published, sizeof info->published, "%s",
                 v[i]->published ? v[i]->published : "");
        info->packages = v[i]->npackages;
        info->files = v[i]->nfiles;
        info->hashes = v[i]->nhashes;
        info->indicators = v[i]->nnetwork;
        info->workflows = v[i]->nworkflows;
    }
    *n = nb;
    pwi_ioc_free_all(v, nb);
    return PW_OK;
}
