/* osv-import.c - OSV records (files, directory trees, zips) into the
 * known-malicious database.
 *
 * Only records about malicious packages are kept (id or an alias starting
 * with "MAL-", or the OpenSSF malicious-packages origin block), and only
 * their npm and PyPI packages. A record replaces the stored one with the
 * same id only when its "modified" is newer, so re-importing a newer
 * export is incremental. One transaction per import: all or nothing.
 */
#include "db/db.h"
#include "db/version.h"
#include "util/buf.h"
#include "util/dir.h"
#include "util/error.h"
#include "util/file.h"
#include "util/mem.h"

#include "util/archive-lib.h"
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define OSV_MAX_RECORD_BYTES ((size_t)4 << 20)
#define OSV_MAX_DOCUMENTS 5000000u
#define OSV_MAX_DIR_DEPTH 16
#define OSV_MAX_FIELD 4096 /* bytes kept of summary, aliases, references */

typedef struct importer {
    pw_db *db;
    const char *source;
    pw_db_import_stats *st;
    sqlite3_stmt *get_modified, *del_affected, *put_record, *put_affected;
} importer;

static pw_status prepare(importer *im, sqlite3_stmt **s, const char *sql,
                         pw_error *err)
{
    if (pwi_sq.prepare_v3(im->db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, s,
                           NULL) != SQLITE_OK)
        return pwi_db_fail(im->db, "prepare", err);
    return PW_OK;
}

static pw_status importer_init(importer *im, pw_db *db, const char *source,
                               pw_db_import_stats *st, pw_error *err)
{
    memset(im, 0, sizeof *im);
    im->db = db;
    im->source = source;
    im->st = st;
    pw_status s;
    if ((s = prepare(im, &im->get_modified,
                     "SELECT modified FROM records WHERE id = ?1", err)) ||
        (s = prepare(im, &im->del_affected,
                     "DELETE FROM affected WHERE record_id = ?1", err)) ||
        (s = prepare(im, &im->put_record,
                     "INSERT OR REPLACE INTO records(id, modified, published,"
                     " withdrawn, summary, aliases, refs, source) VALUES"
                     " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", err)) ||
        (s = prepare(im, &im->put_affected,
                     "INSERT INTO affected(record_id, ecosystem, name_norm,"
                     " kind, data) VALUES (?1, ?2, ?3, ?4, ?5)", err)))
        return s;
    return PW_OK;
}

static void importer_release(importer *im)
{
    pwi_sq.finalize(im->get_modified);
    pwi_sq.finalize(im->del_affected);
    pwi_sq.finalize(im->put_record);
    pwi_sq.finalize(im->put_affected);
}

/* ---- reading one record ---------------------------------------------------- */

static const char *jstr(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Compares RFC 3339 timestamps: whole seconds first, then the fraction
 * (so "…47.5Z" is after "…47Z", which plain strcmp gets wrong). */
static int ts_cmp(const char *a, const char *b)
{
    size_t la = strlen(a) < 19 ? strlen(a) : 19;
    size_t lb = strlen(b) < 19 ? strlen(b) : 19;
    int c = strncmp(a, b, la < lb ? la : lb);
    if (c || la != lb)
        return c ? c : (la < lb ? -1 : 1);
    const char *fa = a[19] == '.' ? a + 20 : "";
    const char *fb = b[19] == '.' ? b + 20 : "";
    for (;; fa++, fb++) {
        int da = *fa >= '0' && *fa <= '9' ? *fa : '0';
        int db = *fb >= '0' && *fb <= '9' ? *fb : '0';
        if (da != db)
            return da - db;
        if (!(*fa >= '0' && *fa <= '9') && !(*fb >= '0' && *fb <= '9'))
            return 0;
        if (!(*fa >= '0' && *fa <= '9'))
            fa--;
        if (!(*fb >= '0' && *fb <= '9'))
            fb--;
    }
}

static int is_malicious_record(const json_t *rec, const char *id)
{
    if (!strncmp(id, "MAL-", 4))
        return 1;
    const json_t *aliases = json_object_get(rec, "aliases");
    size_t i;
    const json_t *a;
    json_array_foreach(aliases, i, a)
    {
        if (json_is_string(a) && !strncmp(json_string_value(a), "MAL-", 4))
            return 1;
    }
    const json_t *ds = json_object_get(rec, "database_specific");
    return json_object_get(ds, "malicious-packages-origins") != NULL;
}

static const char *our_ecosystem(const char *eco)
{
    if (!eco)
        return NULL;
    if (!strcmp(eco, "npm"))
        return "npm";
    if (!strcmp(eco, "PyPI"))
        return "pypi";
    return NULL;
}

/* Joins the string elements of arr (or of arr[i][key]) with sep, capped. */
static void join_strings(pwi_buf *b, const json_t *arr, const char *key,
                         char sep)
{
    size_t i;
    const json_t *v;
    json_array_foreach(arr, i, v)
    {
        const char *s = key ? jstr(v, key) : json_string_value(v);
        if (!s || strchr(s, '\n'))
            continue;
        if (b->len)
            pwi_buf_addc(b, sep);
        pwi_buf_adds(b, s);
    }
}

typedef struct affected_row {
    const char *eco;
    char name[256];
    int kind;
    pwi_buf data;
} affected_row;

/* Turns one range object into row data; returns 0 to skip the range. */
static int range_row(const json_t *range, affected_row *row)
{
    const char *type = jstr(range, "type");
    if (!type || (strcmp(type, "SEMVER") && strcmp(type, "ECOSYSTEM")))
        return 0; /* GIT ranges name commits, not releases */
    const json_t *events = json_object_get(range, "events");
    if (!json_is_array(events) || json_array_size(events) == 0)
        return 0;
    int only_zero = 1;
    pwi_buf_adds(&row->data, type);
    size_t i;
    const json_t *ev;
    json_array_foreach(events, i, ev)
    {
        const char *k = NULL, *v = NULL;
        static const char *const kinds[] = {"introduced", "fixed",
                                            "last_affected"};
        for (size_t j = 0; j < 3 && !v; j++)
            if ((v = jstr(ev, kinds[j])) != NULL)
                k = kinds[j];
        if (!v || !*v || strchr(v, '\n') || strchr(v, ' '))
            continue; /* "limit" and malformed events */
        if (strcmp(k, "introduced") || strcmp(v, "0"))
            only_zero = 0;
        pwi_buf_printf(&row->data, "\n%s %s", k, v);
    }
    row->kind = only_zero ? PWI_AFF_ALL : PWI_AFF_RANGE;
    return 1;
}

static pw_status put_row(importer *im, const char *id, affected_row *row,
                         pw_error *err)
{
    sqlite3_stmt *s = im->put_affected;
    pwi_sq.reset(s);
    pwi_sq.bind_text(s, 1, id, -1, SQLITE_STATIC);
    pwi_sq.bind_text(s, 2, row->eco, -1, SQLITE_STATIC);
    pwi_sq.bind_text(s, 3, row->name, -1, SQLITE_STATIC);
    pwi_sq.bind_int(s, 4, row->kind);
    pwi_sq.bind_text(s, 5, row->data.data ? row->data.data : "",
                      (int)row->data.len, SQLITE_STATIC);
    if (pwi_sq.step(s) != SQLITE_DONE)
        return pwi_db_fail(im->db, "insert", err);
    return PW_OK;
}

/* Writes the affected rows of rec; *rows counts them. */
static pw_status put_affected(importer *im, const char *id, const json_t *rec,
                              size_t *rows, pw_error *err)
{
    const json_t *aff = json_object_get(rec, "affected");
    size_t i;
    const json_t *a;
    *rows = 0;
    json_array_foreach(aff, i, a)
    {
        const json_t *pkg = json_object_get(a, "package");
        affected_row row;
        row.eco = our_ecosystem(jstr(pkg, "ecosystem"));
        const char *name = jstr(pkg, "name");
        if (!row.eco || !name ||
            pwi_name_normalize(row.eco, name, row.name, sizeof row.name))
            continue;
        const json_t *versions = json_object_get(a, "versions");
        if (json_is_array(versions) && json_array_size(versions) > 0) {
            pwi_buf_init(&row.data, 1 << 20);
            join_strings(&row.data, versions, NULL, '\n');
            row.kind = PWI_AFF_VERSIONS;
            pw_status st = row.data.len ? put_row(im, id, &row, err) : PW_OK;
            *rows += row.data.len != 0;
            pwi_buf_release(&row.data);
            if (st)
                return st;
        }
        size_t j;
        const json_t *r;
        json_array_foreach(json_object_get(a, "ranges"), j, r)
        {
            pwi_buf_init(&row.data, 1 << 20);
            pw_status st = PW_OK;
            if (range_row(r, &row)) {
                st = put_row(im, id, &row, err);
                (*rows)++;
            }
            pwi_buf_release(&row.data);
            if (st)
                return st;
        }
    }
    return PW_OK;
}

static void bind_capped(sqlite3_stmt *s, int col, const char *v)
{
    size_t n = v ? strlen(v) : 0;
    if (n > OSV_MAX_FIELD)
        n = OSV_MAX_FIELD;
    pwi_sq.bind_text(s, col, v ? v : "", (int)n, SQLITE_TRANSIENT);
}

static pw_status import_record(importer *im, const char *name,
                               const json_t *rec, pw_error *err)
{
    const char *id = jstr(rec, "id"), *modified = jstr(rec, "modified");
    if (!json_is_object(rec) || !id || !*id || strlen(id) > 128)
        return pwi_error(err, PW_ERR_FORMAT, name, 0, 0,
                         "not an OSV record: no \"id\" string");
    if (!modified || strlen(modified) < 10 || strlen(modified) > 64)
        return pwi_error(err, PW_ERR_FORMAT, name, 0, 0,
                         "OSV record %s has no valid \"modified\" time", id);
    if (!is_malicious_record(rec, id)) {
        im->st->skipped++;
        return PW_OK;
    }

    sqlite3_stmt *g = im->get_modified;
    pwi_sq.reset(g);
    pwi_sq.bind_text(g, 1, id, -1, SQLITE_TRANSIENT);
    int rc = pwi_sq.step(g);
    int exists = rc == SQLITE_ROW;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return pwi_db_fail(im->db, "query", err);
    if (exists) {
        const char *old = (const char *)pwi_sq.column_text(g, 0);
        if (old && ts_cmp(modified, old) <= 0) {
            im->st->unchanged++;
            return PW_OK;
        }
    }
    pwi_sq.reset(g);

    sqlite3_stmt *d = im->del_affected;
    pwi_sq.reset(d);
    pwi_sq.bind_text(d, 1, id, -1, SQLITE_TRANSIENT);
    if (pwi_sq.step(d) != SQLITE_DONE)
        return pwi_db_fail(im->db, "delete", err);

    size_t rows = 0;
    pw_status st = put_affected(im, id, rec, &rows, err);
    if (st)
        return st;
    if (rows == 0) {
        /* Nothing for npm or PyPI: keep no record (and drop an old one). */
        sqlite3_stmt *x;
        if (pwi_sq.prepare_v2(im->db->h, "DELETE FROM records WHERE id=?1",
                               -1, &x, NULL) == SQLITE_OK) {
            pwi_sq.bind_text(x, 1, id, -1, SQLITE_TRANSIENT);
            pwi_sq.step(x);
            pwi_sq.finalize(x);
        }
        im->st->skipped++;
        return PW_OK;
    }

    pwi_buf aliases, refs;
    pwi_buf_init(&aliases, OSV_MAX_FIELD);
    pwi_buf_init(&refs, OSV_MAX_FIELD);
    join_strings(&aliases, json_object_get(rec, "aliases"), NULL, ' ');
    join_strings(&refs, json_object_get(rec, "references"), "url", '\n');
    const char *withdrawn = jstr(rec, "withdrawn");
    sqlite3_stmt *p = im->put_record;
    pwi_sq.reset(p);
    bind_capped(p, 1, id);
    bind_capped(p, 2, modified);
    bind_capped(p, 3, jstr(rec, "published"));
    bind_capped(p, 4, withdrawn);
    bind_capped(p, 5, jstr(rec, "summary"));
    bind_capped(p, 6, aliases.data);
    bind_capped(p, 7, refs.data);
    bind_capped(p, 8, im->source);
    rc = pwi_sq.step(p);
    pwi_buf_release(&aliases);
    pwi_buf_release(&refs);
    if (rc != SQLITE_DONE)
        return pwi_db_fail(im->db, "insert", err);
    if (exists)
        im->st->updated++;
    else
        im->st->added++;
    if (withdrawn && *withdrawn)
        im->st->withdrawn++;
    return PW_OK;
}

/* One JSON document: a record, or an array of records. */
static pw_status import_doc(importer *im, const char *name, const char *data,
                            size_t len, pw_error *err)
{
    if (++im->st->documents > OSV_MAX_DOCUMENTS)
        return pwi_error(err, PW_ERR_LIMIT, name, 0, 0,
                         "more than %u documents in one import",
                         OSV_MAX_DOCUMENTS);
    json_error_t je;
    json_t *doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
    if (!doc)
        return pwi_error(err, PW_ERR_FORMAT, name, (size_t)je.line,
                         (size_t)je.column, "not valid JSON: %s", je.text);
    pw_status st = PW_OK;
    if (json_is_array(doc)) {
        size_t i;
        json_t *rec;
        json_array_foreach(doc, i, rec)
        {
            if ((st = import_record(im, name, rec, err)) != PW_OK)
                break;
        }
    } else {
        st = import_record(im, name, doc, err);
    }
    json_decref(doc);
    return st;
}

/* ---- containers -------------------------------------------------------------- */

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcmp(s + n - m, suf);
}

/* Every .json member of an opened zip. */
static pw_status import_archive(importer *im, const pwi_la *la, struct archive *a,
                                const char *name, pw_error *err)
{
    struct archive_entry *e;
    pwi_buf b;
    pwi_buf_init(&b, OSV_MAX_RECORD_BYTES);
    pw_status st = PW_OK;
    int rc;
    while ((rc = la->read_next_header(a, &e)) == ARCHIVE_OK) {
        const char *member = la->entry_pathname(e);
        if (la->entry_filetype(e) != AE_IFREG || !member ||
            !has_suffix(member, ".json"))
            continue;
        char *where = pwi_xasprintf("%s!/%s", name, member);
        pwi_buf_reset(&b);
        char chunk[65536];
        la_ssize_t n;
        int over = 0;
        while ((n = la->read_data(a, chunk, sizeof chunk)) > 0)
            if (pwi_buf_add(&b, chunk, (size_t)n)) {
                over = 1;
                break;
            }
        if (over)
            st = pwi_error(err, PW_ERR_LIMIT, where, 0, 0,
                           "record is larger than %zu MiB",
                           OSV_MAX_RECORD_BYTES >> 20);
        else if (n < 0)
            st = pwi_error(err, PW_ERR_FORMAT, where, 0, 0,
                           "cannot read zip member: %s",
                           la->error_string(a));
        else
            st = import_doc(im, where, b.data ? b.data : "", b.len, err);
        free(where);
        if (st)
            break;
    }
    if (!st && rc != ARCHIVE_EOF)
        st = pwi_error(err, PW_ERR_FORMAT, name, 0, 0, "not a readable zip: %s",
                       la->error_string(a));
    pwi_buf_release(&b);
    return st;
}

/* Opens a zip reader in *a (libarchive bound in *la). */
static pw_status zip_reader(const pwi_la **la, struct archive **a, const char *name,
                            pw_error *err)
{
    const char *why;
    if (!(*la = pwi_la_get(&why)))
        return pwi_error(err, PW_ERR_UNSUPPORTED, name, 0, 0,
                         "reading a zip needs libarchive, which cannot be loaded (%s)",
                         why);
    if (!(*a = (*la)->read_new()))
        return pwi_error(err, PW_ERR_NOMEM, name, 0, 0, "libarchive: out of memory");
    (*la)->read_support_format_zip(*a);
    return PW_OK;
}

static pw_status import_dir(importer *im, const char *dir, int depth,
                            pw_error *err)
{
    if (depth > OSV_MAX_DIR_DEPTH)
        return pwi_error(err, PW_ERR_LIMIT, dir, 0, 0,
                         "directories nested deeper than %d",
                         OSV_MAX_DIR_DEPTH);
    char **names;
    size_t n;
    if (pwi_dir_list(dir, &names, &n) != 0)
        return pwi_error(err, PW_ERR_IO, dir, 0, 0, "cannot read: %s",
                         strerror(errno));
    pw_status st = PW_OK;
    for (size_t i = 0; i < n && !st; i++) {
        struct stat sb;
        if (lstat(names[i], &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode)) {
            st = import_dir(im, names[i], depth + 1, err);
        } else if (S_ISREG(sb.st_mode) && has_suffix(names[i], ".json")) {
            char *data;
            size_t len;
            st = pwi_read_file(names[i], OSV_MAX_RECORD_BYTES, "OSV record",
                               &data, &len, err);
            if (!st) {
                st = import_doc(im, names[i], data, len, err);
                free(data);
            }
        }
    }
    pwi_dir_list_free(names, n);
    return st;
}

static pw_status import_path(importer *im, const char *path, pw_error *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return pwi_error(err, PW_ERR_IO, path, 0, 0, "cannot open: %s",
                         strerror(errno));
    if (S_ISDIR(sb.st_mode))
        return import_dir(im, path, 0, err);
    if (has_suffix(path, ".json")) {
        char *data;
        size_t len;
        pw_status st = pwi_read_file(path, OSV_MAX_RECORD_BYTES * 16,
                                     "OSV file", &data, &len, err);
        if (st)
            return st;
        st = import_doc(im, path, data, len, err);
        free(data);
        return st;
    }
    const pwi_la *la;
    struct archive *a;
    pw_status zst = zip_reader(&la, &a, path, err);
    if (zst)
        return zst;
    if (la->read_open_filename(a, path, 1 << 16) != ARCHIVE_OK) {
        pw_status st = pwi_error(err, PW_ERR_FORMAT, path, 0, 0,
                                 "not a .json file, a .zip or a directory: "
                                 "%s", la->error_string(a));
        la->read_free(a);
        return st;
    }
    pw_status st = import_archive(im, la, a, path, err);
    la->read_free(a);
    return st;
}

/* ---- transaction ------------------------------------------------------------- */

static pw_status finish(importer *im, pw_error *err)
{
    char now[32], sql[512];
    pwi_db_now(now);
    char *src = pwi_sq.mprintf("%Q", im->source);
    snprintf(sql, sizeof sql,
             "INSERT OR REPLACE INTO sources(name, imported_at, records) "
             "SELECT %s, '%s', count(*) FROM records WHERE source = %s;"
             "INSERT OR REPLACE INTO meta(key, value) "
             "VALUES ('last_update', '%s');",
             src, now, src, now);
    pwi_sq.free(src);
    return pwi_db_exec(im->db, sql, err);
}

typedef pw_status (*import_fn)(importer *im, const void *arg, pw_error *err);

static pw_status run_import(pw_db *db, const char *source,
                            pw_db_import_stats *st, import_fn fn,
                            const void *arg, pw_error *err)
{
    pw_db_import_stats local;
    if (!st)
        st = &local;
    memset(st, 0, sizeof *st);
    if (!db->writable)
        return pwi_error(err, PW_ERR_USAGE, db->path, 0, 0,
                         "database was opened read-only");
    importer im;
    pw_status s = importer_init(&im, db, source, st, err);
    if (!s)
        s = pwi_db_exec(db, "BEGIN IMMEDIATE", err);
    if (!s) {
        s = fn(&im, arg, err);
        if (!s)
            s = finish(&im, err);
        if (!s)
            s = pwi_db_exec(db, "COMMIT", err);
        if (s)
            pwi_sq.exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    }
    importer_release(&im);
    if (s)
        memset(st, 0, sizeof *st);
    return s;
}

static pw_status path_fn(importer *im, const void *arg, pw_error *err)
{
    return import_path(im, arg, err);
}

pw_status pw_db_import(pw_db *db, const char *path, const char *source,
                       pw_db_import_stats *st, pw_error *err)
{
    return run_import(db, source ? source : path, st, path_fn, path, err);
}

typedef struct buffer_arg {
    const char *name;
    const void *data;
    size_t len;
} buffer_arg;

static pw_status buffer_fn(importer *im, const void *arg, pw_error *err)
{
    const buffer_arg *b = arg;
    if (has_suffix(b->name, ".json"))
        return import_doc(im, b->name, b->data, b->len, err);
    const pwi_la *la;
    struct archive *a;
    pw_status zst = zip_reader(&la, &a, b->name, err);
    if (zst)
        return zst;
    if (la->read_open_memory(a, b->data, b->len) != ARCHIVE_OK) {
        pw_status st = pwi_error(err, PW_ERR_FORMAT, b->name, 0, 0,
                                 "not a zip: %s", la->error_string(a));
        la->read_free(a);
        return st;
    }
    pw_status st = import_archive(im, la, a, b->name, err);
    la->read_free(a);
    return st;
}

pw_status pw_db_import_buffer(pw_db *db, const char *name, const void *data,
                              size_t len, const char *source,
                              pw_db_import_stats *st, pw_error *err)
{
    buffer_arg b = {name, data, len};
    return run_import(db, source ? source : name, st, buffer_fn, &b, err);
}
