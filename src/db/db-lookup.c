/* db-lookup.c - does a known-malicious record affect this package version
 * (or could this declared range resolve to an affected version)? */
#include "db/db.h"
#include "db/version.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct vcmp {
    int pypi;
} vcmp;

/* Compares versions in the ecosystem's order; 0 when equal. *ok is 0 when
 * they cannot be ordered (then only byte equality counts). */
static int cmp_versions(const vcmp *c, const char *a, const char *b, int *ok)
{
    int r = 0;
    *ok = (c->pypi ? pwi_pep440_cmp(a, b, &r) : pwi_semver_cmp(a, b, &r)) == 0;
    if (!*ok)
        return strcmp(a, b);
    return r;
}

static int version_equal(const vcmp *c, const char *a, const char *b)
{
    int ok;
    return cmp_versions(c, a, b, &ok) == 0 && (ok || !strcmp(a, b));
}

/* Does the declared range admit version v? Unknown syntax: assume yes, so
 * an unparsable range never hides a match. */
static int range_admits(const vcmp *c, const char *range, const char *v)
{
    if (!range)
        return 1;
    int r = c->pypi ? pwi_pep440_satisfies(range, v)
                    : pwi_semver_satisfies(range, v);
    return r != 0;
}

/* Splits "key value" lines of a range row; the first line is the type. */
static int next_line(const char **p, const char **line, size_t *n)
{
    if (!**p)
        return 0;
    *line = *p;
    const char *nl = strchr(*p, '\n');
    *n = nl ? (size_t)(nl - *p) : strlen(*p);
    *p = nl ? nl + 1 : *p + *n;
    return 1;
}

/* OSV range evaluation: events ordered by version; v is affected after an
 * introduced <= v until a fixed <= v, or a last_affected < v. */
static int range_affects(const vcmp *c, const char *data, const char *v)
{
    const char *p = data, *line;
    size_t n;
    next_line(&p, &line, &n); /* type */
    /* Find, for the latest introduced <= v, whether a fixed/last_affected
     * event closes it before v. Events are few; quadratic is fine. */
    char best_intro[128] = "";
    int have_intro = 0;
    const char *q = p;
    while (next_line(&q, &line, &n)) {
        if (n < 12 || strncmp(line, "introduced ", 11) || n - 11 >= 128)
            continue;
        char ver[128];
        memcpy(ver, line + 11, n - 11);
        ver[n - 11] = '\0';
        int ok = 1;
        if (strcmp(ver, "0") && cmp_versions(c, ver, v, &ok) > 0)
            continue;
        if (!ok)
            continue;
        if (!have_intro || !strcmp(best_intro, "0") ||
            (strcmp(ver, "0") && cmp_versions(c, ver, best_intro, &ok) > 0)) {
            snprintf(best_intro, sizeof best_intro, "%s", ver);
            have_intro = 1;
        }
    }
    if (!have_intro)
        return 0;
    q = p;
    while (next_line(&q, &line, &n)) {
        int fixed = n > 6 && !strncmp(line, "fixed ", 6);
        int last = n > 14 && !strncmp(line, "last_affected ", 14);
        if (!fixed && !last)
            continue;
        size_t skip = fixed ? 6 : 14;
        char ver[128];
        if (n - skip >= sizeof ver)
            continue;
        memcpy(ver, line + skip, n - skip);
        ver[n - skip] = '\0';
        int ok1 = 1, ok2 = 1;
        /* Only a closing event after the introduction counts. */
        if (strcmp(best_intro, "0") &&
            cmp_versions(c, ver, best_intro, &ok1) <= 0 && ok1)
            continue;
        int d = cmp_versions(c, ver, v, &ok2);
        if (!ok2)
            continue;
        if ((fixed && d <= 0) || (last && d < 0))
            return 0;
    }
    return 1;
}

/* Versions of a range row that a declared range could resolve to: the
 * event versions it admits ("introduced 0" aside). */
static int range_row_admitted(const vcmp *c, const char *data,
                              const char *range, pwi_buf *hits)
{
    const char *p = data, *line;
    size_t n;
    int any = 0;
    next_line(&p, &line, &n);
    while (next_line(&p, &line, &n)) {
        const char *sp = memchr(line, ' ', n);
        if (!sp || !strncmp(line, "fixed ", 6))
            continue;
        char ver[128];
        size_t vl = n - (size_t)(sp + 1 - line);
        if (vl == 0 || vl >= sizeof ver)
            continue;
        memcpy(ver, sp + 1, vl);
        ver[vl] = '\0';
        if (!strcmp(ver, "0") || !range_admits(c, range, ver))
            continue;
        if (hits->len)
            pwi_buf_adds(hits, ", ");
        pwi_buf_adds(hits, ver);
        any = 1;
    }
    return any;
}

/* Evaluates one affected row; appends what matched to hits. */
static int row_matches(const vcmp *c, int kind, const char *data,
                       const char *version, const char *range, pwi_buf *hits,
                       int *all)
{
    if (kind == PWI_AFF_ALL) {
        *all = 1;
        return 1;
    }
    if (kind == PWI_AFF_RANGE) {
        if (version) {
            if (!range_affects(c, data, version))
                return 0;
            if (!hits->len)
                pwi_buf_adds(hits, version);
            return 1;
        }
        return range_row_admitted(c, data, range, hits);
    }
    /* explicit versions */
    const char *p = data, *line;
    size_t n;
    int any = 0;
    while (next_line(&p, &line, &n)) {
        char ver[128];
        if (n == 0 || n >= sizeof ver)
            continue;
        memcpy(ver, line, n);
        ver[n] = '\0';
        int hit = version ? version_equal(c, ver, version)
                          : range_admits(c, range, ver);
        if (!hit)
            continue;
        if (version) {
            if (!hits->len)
                pwi_buf_adds(hits, version);
            return 1;
        }
        if (hits->len)
            pwi_buf_adds(hits, ", ");
        pwi_buf_adds(hits, ver);
        any = 1;
    }
    return any;
}

static const char *col(sqlite3_stmt *s, int i)
{
    const unsigned char *t = pwi_sq.column_text(s, i);
    return t ? (const char *)t : "";
}

pw_status pw_db_lookup(pw_db *db, const char *ecosystem, const char *name,
                       const char *version, const char *range,
                       pw_db_match_cb cb, void *user, pw_error *err)
{
    char norm[256];
    if (!ecosystem || !name ||
        pwi_name_normalize(ecosystem, name, norm, sizeof norm))
        return PW_OK; /* no record can name it */
    if (!db->lookup &&
        pwi_sq.prepare_v3(
            db->h,
            "SELECT r.id, r.summary, r.aliases, r.modified, r.refs, a.kind,"
            " a.data FROM affected a JOIN records r ON r.id = a.record_id"
            " WHERE a.ecosystem = ?1 AND a.name_norm = ?2"
            " AND r.withdrawn = '' ORDER BY r.id, a.rowid",
            -1, SQLITE_PREPARE_PERSISTENT, &db->lookup, NULL) != SQLITE_OK)
        return pwi_db_fail(db, "prepare", err);
    sqlite3_stmt *s = db->lookup;
    pwi_sq.reset(s);
    pwi_sq.bind_text(s, 1, ecosystem, -1, SQLITE_TRANSIENT);
    pwi_sq.bind_text(s, 2, norm, -1, SQLITE_TRANSIENT);
    vcmp c = {!strcmp(ecosystem, "pypi")};

    /* Rows come grouped by record; report each matching record once. */
    char cur[160] = "";
    int matched = 0, all = 0;
    pwi_buf hits;
    pwi_buf_init(&hits, 4096);
    pw_db_match m;
    char *saved[5] = {NULL};
    int rc;
    for (;;) {
        rc = pwi_sq.step(s);
        const char *id = rc == SQLITE_ROW ? col(s, 0) : NULL;
        if (*cur && (!id || strcmp(id, cur))) {
            if (matched) {
                m.id = saved[0];
                m.summary = saved[1];
                m.aliases = saved[2];
                m.modified = saved[3];
                m.references = saved[4];
                m.all_versions = all;
                m.versions = all ? "all versions" : hits.data ? hits.data : "";
                cb(&m, user);
            }
            for (int i = 0; i < 5; i++) {
                free(saved[i]);
                saved[i] = NULL;
            }
            cur[0] = '\0';
        }
        if (rc != SQLITE_ROW)
            break;
        if (!*cur) {
            snprintf(cur, sizeof cur, "%s", id);
            for (int i = 0; i < 5; i++)
                saved[i] = pwi_xstrdup(col(s, i));
            matched = all = 0;
            pwi_buf_reset(&hits);
        }
        if (row_matches(&c, pwi_sq.column_int(s, 5), col(s, 6), version,
                        range, &hits, &all))
            matched = 1;
    }
    pwi_buf_release(&hits);
    pwi_sq.reset(s);
    if (rc != SQLITE_DONE)
        return pwi_db_fail(db, "lookup", err);
    return PW_OK;
}
