/* toml.c - STUB: the TOML parser lands here. */
#include "util/jtree.h"
#include "util/error.h"

pw_status pwi_toml_parse(const char *data, size_t len, const char *path,
                         const pwi_jlimits *lim, pwi_jnode **out,
                         pw_error *err)
{
    (void)data; (void)len; (void)lim;
    *out = NULL;
    return pwi_error(err, PW_ERR_UNSUPPORTED, path, 0, 0, "toml: stub");
}

