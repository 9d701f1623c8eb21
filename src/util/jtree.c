/* jtree.c - STUB: tree helpers, JSON and TOML parsers land here. */
#include "util/jtree.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

void pwi_jlimits_default(pwi_jlimits *l)
{
    l->max_bytes = (size_t)64 << 20;
    l->max_depth = 64;
    l->max_nodes = 4000000;
    l->max_string = (size_t)1 << 20;
}

void pwi_jtree_free(pwi_jnode *root) { (void)root; }
const pwi_jnode *pwi_j_get(const pwi_jnode *o, const char *k) { (void)o; (void)k; return NULL; }
const pwi_jnode *pwi_j_get_line(const pwi_jnode *o, const char *k, size_t *l) { (void)o; (void)k; *l = 0; return NULL; }
const char *pwi_j_get_str(const pwi_jnode *o, const char *k) { (void)o; (void)k; return NULL; }
int pwi_j_str_is(const pwi_jnode *n, const char *s) { (void)n; (void)s; return 0; }
int pwi_j_as_int(const pwi_jnode *n, int64_t *out) { (void)n; (void)out; return 0; }
const char *pwi_j_kind_name(pwi_jkind k) { (void)k; return "?"; }
