#define _XOPEN_SOURCE 700
#include "testutil.h"
#include "pkgward.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *tu_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        abort();
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    if (!p || fread(p, 1, (size_t)n, f) != (size_t)n)
        abort();
    p[n] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)n;
    return p;
}

int tu_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int rc = fwrite(data, 1, len, f) == len ? 0 : -1;
    if (fclose(f))
        rc = -1;
    return rc;
}

char *tu_tempdir(void)
{
    const char *base = getenv("TMPDIR");
    char *tmpl = malloc(4096);
    snprintf(tmpl, 4096, "%s/pwtest-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpl))
        abort();
    return tmpl;
}

static int rm_cb(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb; (void)flag; (void)ftw;
    return remove(p);
}

void tu_rmtree(const char *path)
{
    nftw(path, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
}

pw_rules *tu_load_rules(void)
{
    pw_rules *r = NULL;
    pw_error e;
    memset(&e, 0, sizeof e);
    if (pw_rules_new(&r, PW_TEST_SRCDIR "/rules", &e) != PW_OK ||
        pw_rules_compile(r, &e) != PW_OK) {
        fprintf(stderr, "rules: %s\n", e.msg);
        pw_rules_free(r);
        return NULL;
    }
    return r;
}

size_t tu_report_count(const pw_report *rep, const char *rule)
{
    size_t n = 0;
    for (size_t p = 0; p < pw_report_package_count(rep); p++)
        for (size_t i = 0; i < pw_report_finding_count(rep, p); i++)
            if (!strcmp(pw_report_finding(rep, p, i)->rule, rule))
                n++;
    return n;
}
