#define _GNU_SOURCE /* memmem */
/* combos.c - what no single rule can say: one install-time file that
 * both hides, fetches, drops or steals is malware, even when each finding
 * alone has a benign explanation. */
#include "analyze.h"
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Categories that describe what code does to the machine or its data. */
static const char *const capabilities[] = {
    "c2",        "exfiltration", "dropper", "obfuscation", "evasion",
    "persistence", "worm",       "destruction", "wallet-hijack",
    "credential-theft", "ci-scraping", "dynamic-code", NULL};

int pwi_is_capability(const char *category)
{
    for (int i = 0; capabilities[i]; i++)
        if (!strcmp(category, capabilities[i]))
            return 1;
    return 0;
}

static int capability_index(const char *category)
{
    for (int i = 0; capabilities[i]; i++)
        if (!strcmp(category, capabilities[i]))
            return i;
    return -1;
}

static unsigned role_of(pwi_actx *a, const char *path)
{
    size_t i = pwi_pkg_find(a, pwi_pkg_relpath(a, path));
    return i == PWI_NONE ? 0 : a->roles[i];
}

typedef struct file_caps {
    const char *path;
    unsigned caps;        /* bit per capability */
    const pw_finding *first;
} file_caps;

/* A mention of name as a whole path component inside a string: preceded
 * by a quote or separator and followed by a quote. */
static const char *name_reference(const unsigned char *p, size_t n, const char *name)
{
    size_t len = strlen(name);
    const unsigned char *q = p, *end = p + n;
    while ((q = memmem(q, (size_t)(end - q), name, len)) != NULL) {
        int before = q > p && (q[-1] == '\'' || q[-1] == '"' || q[-1] == '`' ||
                               q[-1] == '/' || q[-1] == '\\');
        int after = q + len < end && (q[len] == '\'' || q[len] == '"' || q[len] == '`');
        if (before && after)
            return (const char *)q;
        q += 1;
    }
    return NULL;
}

/* An install-time file that names an executable shipped in the same
 * package and starts processes: the package runs its own binary at
 * install (the sonatype/"Cursed Installer" droppers). Detached, it is
 * critical. */
/* Paths of executables the package ships that something could launch:
 * not libraries (loaded, not run) and not prebuilds. Copies, since the
 * report grows while combinations are emitted. */
static char **launchable_binaries(pwi_actx *a, size_t *count)
{
    char **v = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < pw_report_finding_count(a->rep, a->rep_pkg); i++) {
        const pw_finding *bf = pw_report_finding(a->rep, a->rep_pkg, i);
        if (strcmp(bf->rule, "binary-executable") && strcmp(bf->rule, "binary-disguised-executable"))
            continue;
        const char *base = strrchr(bf->path, '/');
        base = base ? base + 1 : bf->path;
        const char *dot = strrchr(base, '.');
        if (strlen(base) < 4 || strstr(bf->path, "prebuilds/") ||
            strstr(bf->path, "build/Release/") ||
            (dot && strcmp(dot, ".exe") && strcmp(dot, ".bin") && strcmp(dot, ".com") &&
             !strcmp(bf->rule, "binary-executable")))
            continue;
        PW_GROW(v, cap, n + 1);
        v[n++] = pwi_xstrdup(bf->path);
    }
    *count = n;
    return v;
}

static void bundled_binary_launch(pwi_actx *a)
{
    size_t nbin;
    char **bins = launchable_binaries(a, &nbin);
    for (size_t k = 0; k < a->pkg->nfiles && nbin; k++) {
        if (!(a->roles[k] & PWI_ROLE_INSTALL))
            continue;
        pwi_file *f = &a->tree->files[a->pkg->files[k]];
        pw_error e;
        if (pwi_tree_load(a->tree, f, a->limits, &e) != PW_OK || !f->data)
            continue;
        int spawns = memmem(f->data, f->len, "spawn", 5) || memmem(f->data, f->len, "exec", 4);
        int detached = memmem(f->data, f->len, "detached", 8) != NULL;
        for (size_t b = 0; b < nbin && spawns; b++) {
            const char *base = strrchr(bins[b], '/');
            base = base ? base + 1 : bins[b];
            const char *hit = name_reference(f->data, f->len, base);
            if (!hit)
                continue;
            size_t off = (size_t)((const unsigned char *)hit - f->data), line, col, snip_len;
            const char *snip;
            pwi_line_col(f->data, f->len, off, &line, &col);
            pwi_line_at(f->data, f->len, off, 200, &snip, &snip_len);
            char msg[512];
            snprintf(msg, sizeof msg, "install-time file starts %s shipped in the package%s",
                     bins[b], detached ? ", detached" : "");
            pwi_hit h = {.rule = detached ? "combo-install-launches-bundled-binary-detached"
                                          : "combo-install-launches-bundled-binary",
                         .path = f->path, .line = line, .col = col, .snippet = snip,
                         .snippet_len = snip_len, .message = msg,
                         .role = a->roles[k], .confidence = -1};
            pwi_emit(a, &h);
        }
        pwi_tree_unload(f);
    }
    for (size_t b = 0; b < nbin; b++)
        free(bins[b]);
    free(bins);
}

void pwi_analyze_combinations(pwi_actx *a)
{
    bundled_binary_launch(a);
    size_t n = pw_report_finding_count(a->rep, a->rep_pkg);
    file_caps *files = pwi_xcalloc(n + 1, sizeof *files);
    size_t nfiles = 0;
    for (size_t i = 0; i < n; i++) {
        const pw_finding *f = pw_report_finding(a->rep, a->rep_pkg, i);
        int c = capability_index(f->category);
        if (c < 0 || f->severity < PW_SEV_MEDIUM || !*f->path)
            continue;
        size_t k = 0;
        while (k < nfiles && strcmp(files[k].path, f->path))
            k++;
        if (k == nfiles)
            files[nfiles++] = (file_caps){f->path, 0, f};
        files[k].caps |= 1u << c;
    }
    for (size_t k = 0; k < nfiles; k++) {
        unsigned caps = files[k].caps;
        int count = __builtin_popcount(caps);
        unsigned role = role_of(a, files[k].path);
        int install = (role & PWI_ROLE_INSTALL) != 0;
        if (count < 2 || (!install && count < 3))
            continue;
        char list[256] = "";
        for (int c = 0; capabilities[c]; c++)
            if (caps & (1u << c))
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                         list[0] ? ", " : "", capabilities[c]);
        char msg[400];
        snprintf(msg, sizeof msg, "%s combines %s", install ? "an install-time file"
                                                            : "one file", list);
        const pw_finding *f0 = files[k].first;
        char *path = pwi_xstrdup(f0->path); /* the report may grow */
        char *snip = pwi_xstrdup(f0->snippet);
        pwi_hit h = {.rule = install ? "combo-install-time-capabilities"
                                     : "combo-file-capabilities",
                     .path = path,
                     .line = f0->line,
                     .col = f0->column,
                     .snippet = snip,
                     .message = msg,
                     .role = role,
                     .confidence = -1};
        pwi_emit(a, &h);
        free(path);
        free(snip);
    }
    free(files);
}
