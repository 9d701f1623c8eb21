/* fuzz-toml.c - libFuzzer harness for the strict TOML reader.
 *
 * Parses the input with small limits (so deep or wide inputs reach the
 * limit paths quickly), walks the whole tree with the navigation helpers,
 * checks the invariants every consumer relies on (strings NUL-terminated
 * at len, objects with keys and key lines, positions set), and frees it.
 * Errors are expected; crashes, leaks and sanitizer reports are not. */
#include "util/jtree.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
        (void)pwi_j_as_int(node, &v);
        (void)pwi_j_kind_name(node->kind);
        if (node->kind == PWI_J_STRING || node->kind == PWI_J_NUMBER ||
            node->kind == PWI_J_DATETIME) {
            if (!node->str || node->str[node->len] != '\0')
                abort();
        }
        if (node->kind == PWI_J_OBJECT && node->nitems) {
            size_t line;
            if (!node->keys || !node->key_lines)
                abort();
            const char *k = node->keys[node->nitems - 1];
            if (pwi_j_get_line(node, k, &line) != node->items[node->nitems - 1])
                abort(); /* keys are unique: the last one is found as itself */
            (void)pwi_j_get_str(node, k);
            (void)pwi_j_str_is(node->items[0], k);
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
    pwi_jlimits lim;
    pwi_jlimits_default(&lim);
    lim.max_bytes = 1 << 20;
    lim.max_depth = 32;
    lim.max_nodes = 20000;
    lim.max_string = 64 * 1024;
    pwi_jnode *root = NULL;
    pw_error err;
    pw_status st = pwi_toml_parse((const char *)data, size, "fuzz.toml", &lim,
                                  &root, &err);
    if (st == PW_OK) {
        if (!root || root->kind != PWI_J_OBJECT)
            abort();
        walk(root);
    } else if (root || err.code != st || (err.line == 0 && st != PW_ERR_LIMIT)) {
        abort(); /* failures leave no tree and name a line */
    }
    pwi_jtree_free(root);
    return 0;
}
