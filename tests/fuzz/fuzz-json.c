/* fuzz-json.c - libFuzzer harness for the JSON/JSONC parser and the jtree
 * helpers.
 *
 * Parses the input twice, strict and with both bun.lock extensions
 * (trailing commas and comments), with small limits so that deep or wide
 * inputs reach the limit paths quickly, then walks each tree with the
 * navigation helpers and frees it. Errors are expected; crashes, leaks,
 * sanitizer reports and inconsistent trees are not. */
#include "util/jtree.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Visits every node without recursion, checking what the parser
 * promises: NUL-terminated strings of len bytes, keys without NULs that
 * pwi_j_get finds, positions that are 1-based. */
static void walk(const pwi_jnode *root)
{
    size_t cap = 64, n = 0;
    const pwi_jnode **stack = malloc(cap * sizeof *stack);
    if (!stack)
        abort();
    stack[n++] = root;
    while (n) {
        const pwi_jnode *node = stack[--n];
        int64_t v;
        if (node->line == 0 || node->col == 0)
            abort();
        (void)pwi_j_kind_name(node->kind);
        (void)pwi_j_as_int(node, &v);
        if (node->kind == PWI_J_STRING || node->kind == PWI_J_NUMBER) {
            if (!node->str || node->str[node->len] != '\0')
                abort();
            (void)pwi_j_str_is(node, node->str);
        }
        if (node->kind == PWI_J_OBJECT && node->nitems) {
            /* the first key is found, and finds its own value */
            size_t line;
            if (pwi_j_get_line(node, node->keys[0], &line) != node->items[0] ||
                line != node->key_lines[0])
                abort();
            (void)pwi_j_get_str(node, node->keys[node->nitems - 1]);
        }
        for (size_t i = 0; i < node->nitems; i++) {
            if (n == cap) {
                cap *= 2;
                stack = realloc(stack, cap * sizeof *stack);
                if (!stack)
                    abort();
            }
            stack[n++] = node->items[i];
        }
    }
    free(stack);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const unsigned flag_sets[] = {
        0, PWI_JSON_TRAILING_COMMAS | PWI_JSON_COMMENTS};
    pwi_jlimits lim;
    pwi_jlimits_default(&lim);
    lim.max_bytes = 1 << 20;
    lim.max_depth = 32;
    lim.max_nodes = 20000;
    lim.max_string = 64 * 1024;
    pw_status st[2];
    for (size_t f = 0; f < 2; f++) {
        pwi_jnode *root = NULL;
        pw_error err;
        st[f] = pwi_json_parse((const char *)data, size, "fuzz.json",
                               flag_sets[f], &lim, &root, &err);
        if (st[f] == PW_OK) {
            if (!root)
                abort();
            walk(root);
        } else if (root || err.code != st[f] || !err.msg[0]) {
            abort();
        }
        pwi_jtree_free(root);
    }
    /* the extensions only ever accept more */
    if (st[0] == PW_OK && st[1] != PW_OK)
        abort();
    return 0;
}
