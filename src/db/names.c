/* names.c - package names as the known-malicious index keys them
 * (pwi_name_normalize() in db/version.h).
 *
 * npm: lower-cased and trimmed. The registry refuses new names that
 * differ from existing ones only in case, and old mixed-case names
 * ("JSONStream") must still meet their advisories.
 * PyPI: PEP 503, re.sub(r"[-_.]+", "-", name).lower(); nothing is
 * trimmed, as packaging's canonicalize_name() trims nothing.
 * Only ASCII letters change case; other bytes are kept as they are.
 */
#include "db/version.h"

#include <string.h>

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static int is_space(int c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0d);
}

/* ASCII case-insensitive equality with a lower-case word. */
static int same_word(const char *s, const char *word)
{
    for (; *word; s++, word++)
        if (lower((unsigned char)*s) != *word)
            return 0;
    return *s == '\0';
}

int pwi_name_normalize(const char *ecosystem, const char *name, char *out, size_t size)
{
    if (!out || size == 0)
        return -1;
    out[0] = '\0';
    if (!name)
        return -1;
    int npm = ecosystem && same_word(ecosystem, "npm");
    int pypi = ecosystem && same_word(ecosystem, "pypi");
    size_t n = strlen(name);
    if (npm) {
        while (n > 0 && is_space((unsigned char)name[0])) {
            name++;
            n--;
        }
        while (n > 0 && is_space((unsigned char)name[n - 1]))
            n--;
    }
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)name[i];
        if (pypi && (c == '-' || c == '_' || c == '.')) {
            while (i + 1 < n &&
                   (name[i + 1] == '-' || name[i + 1] == '_' || name[i + 1] == '.'))
                i++;
            c = '-';
        }
        if (o + 1 >= size) {
            out[0] = '\0';
            return -1;
        }
        out[o++] = (char)lower(c);
    }
    out[o] = '\0';
    return o > 0 ? 0 : -1;
}
