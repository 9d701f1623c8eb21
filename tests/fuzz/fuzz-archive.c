/* fuzz-archive.c - libFuzzer harness for archive ingest and package
 * splitting.
 *
 * The input is read as an untrusted archive (or plain file) with small
 * limits, so bombs, huge entry counts and deep nesting reach their limit
 * paths in microseconds, and then split into packages. Besides crashes
 * and sanitizer reports, it aborts when an invariant the rest of
 * pkgward relies on is broken:
 *   - entry paths are relative, without "." or ".." parts, valid UTF-8,
 *     without control characters;
 *   - kept content never exceeds max_file_bytes nor the entry's size;
 *   - every entry that is not a directory belongs to exactly one package.
 */
#include "ingest/ingest.h"
#include "ingest/package.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void broken(const char *what, const char *path)
{
    fprintf(stderr, "fuzz-archive: invariant broken: %s: \"%s\"\n", what, path);
    abort();
}

static void check_path(const char *p)
{
    if (p[0] == '/')
        broken("absolute path", p);
    if (!pwi_utf8_valid(p, strlen(p)))
        broken("path is not valid UTF-8", p);
    for (const char *s = p; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            broken("control character in path", p);
    /* components between '/' (a nested archive's "x.tgz!" is one) */
    const char *s = p;
    for (;;) {
        const char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
            broken("dot component in path", p);
        if (!e)
            break;
        s = e + 1;
    }
}

static void check_tree(const pwi_tree *t, const pw_limits *lim)
{
    for (size_t i = 0; i < t->nfiles; i++) {
        const pwi_file *f = &t->files[i];
        check_path(f->path);
        if (f->len > lim->max_file_bytes)
            broken("kept more than max_file_bytes", f->path);
        if (f->type == PWI_FT_REG && f->len > f->size)
            broken("kept more than the entry holds", f->path);
        if (f->data && f->data[f->len] != '\0')
            broken("content not NUL-terminated", f->path);
        if (f->type != PWI_FT_REG && f->data)
            broken("content kept for a non-regular entry", f->path);
    }
    for (size_t i = 0; i < t->nanomalies; i++)
        if (!t->anomalies[i].rule || !t->anomalies[i].message)
            broken("incomplete anomaly", t->anomalies[i].path);
}

static void check_packages(const pwi_tree *t, const pwi_package *p, size_t n)
{
    unsigned char *owners = calloc(t->nfiles + 1, 1);
    if (!owners)
        abort();
    for (size_t i = 0; i < n; i++) {
        if (!p[i].ecosystem || !p[i].name || !p[i].version || !p[i].root)
            broken("package without identity strings", "");
        for (size_t j = 0; j < p[i].nfiles; j++) {
            size_t f = p[i].files[j];
            if (f >= t->nfiles)
                broken("package file index out of range", p[i].root);
            if (owners[f]++)
                broken("file in two packages", t->files[f].path);
        }
        if (p[i].manifest != PWI_NONE && p[i].manifest >= t->nfiles)
            broken("manifest index out of range", p[i].root);
    }
    for (size_t f = 0; f < t->nfiles; f++)
        if (t->files[f].type != PWI_FT_DIR && !owners[f])
            broken("file in no package", t->files[f].path);
    free(owners);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pw_limits lim;
    pw_limits_default(&lim);
    lim.max_entries = 256;
    lim.max_total_bytes = 2u << 20;
    lim.max_file_bytes = 64u << 10;
    lim.max_ratio = 50;
    lim.max_nesting = 2;
    lim.max_json_depth = 16;
    lim.max_manifest_bytes = 64u << 10;

    pwi_tree t;
    pwi_tree_init(&t, "fuzz.tgz");
    pw_error err;
    memset(&err, 0, sizeof err);
    pw_status st = pwi_ingest_buffer("fuzz.tgz", data, size, &lim, &t, &err);
    if (st != PW_OK && (err.code != st || !err.msg[0]))
        broken("error without a code or message", err.msg);
    check_tree(&t, &lim);
    if (st == PW_OK || st == PW_ERR_LIMIT) {
        pwi_package *p = NULL;
        size_t n = 0;
        pwi_packages_find(&t, &lim, &p, &n);
        check_packages(&t, p, n);
        pwi_packages_free(p, n);
    }
    pwi_tree_release(&t);
    return 0;
}
