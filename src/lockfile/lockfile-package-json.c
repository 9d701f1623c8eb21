/* lockfile-package-json.c - STUB, replaced by the real parser. */
#include "lockfile/lockfile.h"
#include "util/error.h"

pw_status pwi_lock_parse_package_json(pwi_lockfile *lf, const char *data, size_t len,
                             const pwi_lock_opts *o, pw_error *err)
{
    (void)data;
    (void)len;
    (void)o;
    return pwi_error(err, PW_ERR_UNSUPPORTED, lf->path, 0, 0,
                     "package-json lockfiles are not supported yet");
}
