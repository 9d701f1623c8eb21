/* fuzz-manifest.c - libFuzzer harness for the manifest readers:
 * pwi_manifest_parse (package.json) and pwi_metadata_header
 * (METADATA / PKG-INFO).
 *
 * The same bytes go to both. Besides crashes and sanitizer reports, it
 * aborts when a result breaks its contract: a parse either returns an
 * object no deeper than max_json_depth or explains why not; a header
 * value is at most 256 bytes with no line break in it.
 */
#include "ingest/package.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void broken(const char *what)
{
    fprintf(stderr, "fuzz-manifest: contract broken: %s\n", what);
    abort();
}

/* Nesting depth without recursion (the harness must not be the weak
 * point on deep input either). */
typedef struct stack {
    json_t **v;
    size_t *d;
    size_t n, cap;
} stack;

static void push(stack *s, json_t *v, size_t d)
{
    if (!json_is_object(v) && !json_is_array(v))
        return;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        s->d = realloc(s->d, s->cap * sizeof *s->d);
        if (!s->v || !s->d)
            abort();
    }
    s->v[s->n] = v;
    s->d[s->n++] = d;
}

static size_t depth_of(json_t *root)
{
    stack s = {NULL, NULL, 0, 0};
    size_t max = 0;
    push(&s, root, 1);
    while (s.n) {
        s.n--;
        json_t *j = s.v[s.n], *c;
        size_t d = s.d[s.n], i;
        const char *k;
        if (d > max)
            max = d;
        if (json_is_object(j)) {
            json_object_foreach(j, k, c) push(&s, c, d + 1);
        } else {
            json_array_foreach(j, i, c) push(&s, c, d + 1);
        }
    }
    free(s.v);
    free(s.d);
    return max;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pw_limits lim;
    pw_limits_default(&lim);
    lim.max_json_depth = 24;
    lim.max_manifest_bytes = 256u << 10;

    char *why = (char *)"unset";
    int dups = -1;
    json_t *j = pwi_manifest_parse(data, size, &lim, &why, &dups);
    if (dups != 0 && dups != 1)
        broken("dups not set");
    if (j) {
        if (why)
            broken("reason given for a successful parse");
        if (!json_is_object(j))
            broken("parse returned a non-object");
        if (depth_of(j) > lim.max_json_depth)
            broken("parse returned an object deeper than max_json_depth");
        /* what load_identity reads */
        (void)json_string_value(json_object_get(j, "name"));
        (void)json_string_value(json_object_get(j, "version"));
        json_decref(j);
    } else if (!why || !*why) {
        broken("failed parse without a reason");
    } else {
        free(why);
    }

    static const char *const keys[] = {"Name", "Version", "Metadata-Version", "N", ""};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        char *v = pwi_metadata_header(data, size, keys[i]);
        if (!v)
            continue;
        size_t n = strlen(v);
        if (n > 256)
            broken("header value longer than 256 bytes");
        if (memchr(v, '\n', n))
            broken("header value spans lines");
        free(v);
    }
    return 0;
}
