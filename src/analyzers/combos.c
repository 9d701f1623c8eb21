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

static int capability_index(const char *category)
{
    for (int i = 0; capabilities[i]; i++)
        if (!strcmp(category, capabilities[i]))
            return i;
    return -1;
}

static unsigned role_of(const pwi_actx *a, const char *path)
{
    for (size_t i = 0; i < a->pkg->nfiles; i++)
        if (!strcmp(a->tree->files[a->pkg->files[i]].path, path))
            return a->roles[i];
    return 0;
}

typedef struct file_caps {
    const char *path;
    unsigned caps;        /* bit per capability */
    const pw_finding *first;
} file_caps;

void pwi_analyze_combinations(pwi_actx *a)
{
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
