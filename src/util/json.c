/* json.c - STUB: the JSON/JSONC parser lands here. */
#include "util/jtree.h"
#include "util/error.h"

pw_status pwi_json_parse(const char *data, size_t len, const char *path,
                         unsigned flags, const pwi_jlimits *lim,
                         pwi_jnode **out, pw_error *err)
{
    (void)data; (void)len; (void)flags; (void)lim;
    *out = NULL;
    return pwi_error(err, PW_ERR_UNSUPPORTED, path, 0, 0, "json: stub");
}

