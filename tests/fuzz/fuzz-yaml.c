/* fuzz-yaml.c - libFuzzer harness for the bounded YAML tree.
 *
 * Parses the input with small limits (so deep or wide inputs reach the
 * limit paths quickly), walks the whole tree with the navigation and typed
 * readers, and frees it. Errors are expected; crashes, leaks and sanitizer
 * reports are not. */
#include "util/yaml-tree.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Visits every node without recursion, using an explicit stack. */
static void walk(const pwi_yaml_node *root)
{
    size_t cap = 64, n = 0;
    const pwi_yaml_node **stack = malloc(cap * sizeof *stack);
    if (!stack)
        abort();
    stack[n++] = root;
    while (n) {
        const pwi_yaml_node *node = stack[--n];
        pw_error err;
        uint64_t u;
        double d;
        int b;
        const char *s;
        char buf[64];
        pwi_yaml_describe(node, buf, sizeof buf);
        pwi_yaml_as_bool(node, "x", PW_ERR_FORMAT, &b, &err);
        pwi_yaml_as_uint64(node, "x", PW_ERR_FORMAT, &u, &err);
        pwi_yaml_as_double(node, "x", PW_ERR_FORMAT, &d, &err);
        pwi_yaml_as_string(node, "x", PW_ERR_FORMAT, &s, &err);
        if (node->kind == PWI_YAML_MAP && pwi_yaml_count(node) > 0)
            (void)pwi_yaml_map_get(node, pwi_yaml_map_key(node, 0)->str);
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
    pwi_yaml_limits lim;
    pwi_yaml_limits_default(&lim);
    lim.max_bytes = 1 << 20;
    lim.max_depth = 32;
    lim.max_nodes = 20000;
    lim.max_scalar = 64 * 1024;
    pwi_yaml_node *root = NULL;
    pw_error err;
    if (pwi_yaml_parse((const char *)data, size, "fuzz.yml", &lim, &root,
                       &err) == PW_OK && root)
        walk(root);
    pwi_yaml_free(root);
    return 0;
}
