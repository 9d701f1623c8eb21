/* anomalies.c - archive and manifest oddities as findings. */
#include "analyze.h"

#include <string.h>

void pwi_analyze_anomalies(pwi_actx *a)
{
    for (size_t i = 0; i < a->nanomalies; i++) {
        const pwi_anomaly *an = &a->tree->anomalies[a->anomalies[i]];
        pwi_hit h = {.rule = an->rule,
                     .path = an->path,
                     .message = an->message,
                     .snippet = an->path,
                     .confidence = -1};
        pwi_emit(a, &h);
    }
    if (a->pkg->manifest_error) {
        pwi_hit h = {.rule = "manifest-unreadable",
                     .path = a->pkg->manifest != PWI_NONE
                                 ? a->tree->files[a->pkg->manifest].path : "",
                     .message = a->pkg->manifest_error,
                     .confidence = -1};
        pwi_emit(a, &h);
    }
    if (a->pkg->manifest_dup_keys) {
        pwi_hit h = {.rule = "npm-manifest-duplicate-key",
                     .path = a->tree->files[a->pkg->manifest].path,
                     .message = "package.json repeats a key; npm keeps the last "
                                "value, other tools may read the first",
                     .confidence = -1};
        pwi_emit(a, &h);
    }
}
