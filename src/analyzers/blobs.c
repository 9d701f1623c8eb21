/* blobs.c - native executables inside packages. Addons (.node) built
 * from sources or shipped as prebuilds are normal; an executable hiding
 * behind a text extension is not. */
#include "analyze.h"

#include <stdio.h>
#include <string.h>

typedef enum { BLOB_NONE, BLOB_ELF, BLOB_PE, BLOB_MACHO } blob_kind;

static blob_kind blob_of(const unsigned char *p, size_t n)
{
    if (n >= 4 && !memcmp(p, "\x7f" "ELF", 4))
        return BLOB_ELF;
    if (n >= 64 && p[0] == 'M' && p[1] == 'Z') {
        uint32_t pe = (uint32_t)p[60] | (uint32_t)p[61] << 8 | (uint32_t)p[62] << 16 |
                      (uint32_t)p[63] << 24;
        if (pe <= n - 4 && !memcmp(p + pe, "PE\0\0", 4))
            return BLOB_PE;
    }
    if (n >= 4) {
        static const unsigned char magic[][4] = {{0xfe, 0xed, 0xfa, 0xce}, {0xfe, 0xed, 0xfa, 0xcf},
                                                 {0xce, 0xfa, 0xed, 0xfe}, {0xcf, 0xfa, 0xed, 0xfe},
                                                 {0xca, 0xfe, 0xba, 0xbe}};
        for (size_t i = 0; i < sizeof magic / sizeof *magic; i++)
            if (!memcmp(p, magic[i], 4)) {
                /* 0xcafebabe is also a Java class file: require a sane arch count */
                if (i == 4 && (n < 8 || p[4] || p[5] || p[6] || p[7] == 0 || p[7] > 20))
                    return BLOB_NONE;
                return BLOB_MACHO;
            }
    }
    return BLOB_NONE;
}

static const char *kind_name(blob_kind k)
{
    return k == BLOB_ELF ? "ELF" : k == BLOB_PE ? "Windows PE" : "Mach-O";
}

/* Extensions under which a native executable is expected. */
static int native_ext(const char *base)
{
    static const char *const ok[] = {".node", ".so", ".dll", ".dylib", ".exe", ".bin",
                                     ".pyd", ".a", ".o", ".lib", ".sys", ".wasm", NULL};
    const char *dot = strrchr(base, '.');
    if (!dot)
        return 1; /* extension-less binaries: bin/esbuild, bin/rg */
    for (size_t i = 0; ok[i]; i++)
        if (!strcmp(dot, ok[i]))
            return 1;
    /* versioned shared objects: libfoo.so.1.2 */
    return strstr(base, ".so.") != NULL || strstr(base, ".cpython-") != NULL;
}

void pwi_check_blob(pwi_actx *a, size_t idx, const pwi_file *f)
{
    if (f->len < 64)
        return;
    blob_kind k = blob_of(f->data, f->len);
    if (k == BLOB_NONE)
        return;
    const char *base = strrchr(f->path, '/');
    base = base ? base + 1 : f->path;
    int disguised = !native_ext(base);
    char msg[256];
    snprintf(msg, sizeof msg, "%s executable%s (%llu bytes)", kind_name(k),
             disguised ? " under a non-executable file name" : "",
             (unsigned long long)f->size);
    pwi_hit h = {.rule = disguised ? "binary-disguised-executable" : "binary-executable",
                 .path = f->path,
                 .message = msg,
                 .role = a->roles[idx],
                 .confidence = -1};
    pwi_emit(a, &h);
}
