/* detect.c - what an input is, from its first bytes. */
#include "ingest.h"

#include <string.h>

pwi_input_kind pwi_detect_kind(const unsigned char *p, size_t n)
{
    if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
        return PWI_IN_GZIP;
    if (n >= 3 && p[0] == 'B' && p[1] == 'Z' && p[2] == 'h')
        return PWI_IN_BZIP2;
    if (n >= 6 && !memcmp(p, "\xfd" "7zXZ\0", 6))
        return PWI_IN_XZ;
    if (n >= 4 && !memcmp(p, "\x28\xb5\x2f\xfd", 4))
        return PWI_IN_ZSTD;
    if (n >= 4 && p[0] == 'P' && p[1] == 'K' &&
        ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6)))
        return PWI_IN_ZIP;
    if (n >= 262 && !memcmp(p + 257, "ustar", 5))
        return PWI_IN_TAR;
    return PWI_IN_PLAIN;
}

const char *pwi_kind_name(pwi_input_kind k)
{
    switch (k) {
    case PWI_IN_PLAIN: return "plain file";
    case PWI_IN_GZIP: return "gzip";
    case PWI_IN_BZIP2: return "bzip2";
    case PWI_IN_XZ: return "xz";
    case PWI_IN_ZSTD: return "zstd";
    case PWI_IN_ZIP: return "zip";
    case PWI_IN_TAR: return "tar";
    }
    return "unknown";
}
