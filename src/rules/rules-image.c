/* rules-image.c - saving and loading parsed rule directories (see
 * rules-image.h). The image is machine-local: native byte order, this
 * build's structures, PCRE2's own serialisation of the regexes. */
#define _GNU_SOURCE /* dladdr */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rules-image.h"
#include "util/buf.h"
#include "util/cache.h"
#include "util/cursor.h"
#include "util/mem.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define IMAGE_MAGIC "PWRIMG03"
#define IMAGE_MAX (64u << 20)
#define IMAGE_KEEP 16
#define HEADER_LEN (8 + PW_KHASH_LEN + 8 + 8)
#define NO_STRING UINT32_MAX
#define IMAGE_SETTLE 2 /* seconds; see rules-image.h */

/* ---- key and manifest ------------------------------------------------------ */

static int64_t ns_of(struct timespec t)
{
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void stat_words(const struct stat *sb, uint64_t v[6])
{
    v[0] = (uint64_t)sb->st_size;
    v[1] = (uint64_t)sb->st_ino;
    v[2] = (uint64_t)sb->st_dev;
    v[3] = (uint64_t)ns_of(sb->st_mtim);
    v[4] = (uint64_t)ns_of(sb->st_ctim);
    v[5] = (uint64_t)(sb->st_mode & S_IFMT);
}

void pwi_image_key_make(pwi_image_key *k, const char *dir)
{
    pwi_khash h;
    pwi_khash_init(&h);
    pwi_khash_update(&h, IMAGE_MAGIC, 8);
    unsigned sizes[3] = {(unsigned)sizeof(pwi_rule), (unsigned)sizeof(pwi_match),
                         (unsigned)sizeof(void *)};
    pwi_khash_update(&h, sizes, sizeof sizes);
    char pcre[64] = "";
    pcre2_config(PCRE2_CONFIG_VERSION, pcre);
    pwi_khash_update(&h, pcre, strlen(pcre) + 1);
    /* The code that parses rules: the executable or shared library this
     * function lives in, so a rebuilt pkgward never reads an image made
     * by an older build of the same version. */
    Dl_info info;
    struct stat sb;
    if (dladdr((void *)pwi_image_key_make, &info) && info.dli_fname &&
        stat(info.dli_fname, &sb) == 0) {
        uint64_t v[6];
        stat_words(&sb, v);
        pwi_khash_update(&h, info.dli_fname, strlen(info.dli_fname) + 1);
        pwi_khash_update(&h, v, sizeof v);
    }
    pwi_khash_update(&h, dir, strlen(dir) + 1);
    pwi_khash_final(&h, k->md);
}

void pwi_manifest_init(pwi_image_manifest *m)
{
    pwi_buf_init(&m->b, 0); /* unbounded: appends cannot fail */
    m->n = 0;
    m->newest_ns = 0;
}

void pwi_manifest_add(pwi_image_manifest *m, pwi_mf_kind kind, const char *path,
                      const struct stat *sb)
{
    uint64_t v[6];
    stat_words(sb, v);
    uint32_t len = (uint32_t)strlen(path);
    unsigned char k = (unsigned char)kind;
    pwi_buf_add(&m->b, &k, 1);
    pwi_buf_add(&m->b, &len, sizeof len);
    pwi_buf_add(&m->b, path, len);
    pwi_buf_add(&m->b, v, sizeof v);
    m->n++;
    int64_t t = (int64_t)(v[3] > v[4] ? v[3] : v[4]);
    if (t > m->newest_ns)
        m->newest_ns = t;
}

void pwi_manifest_release(pwi_image_manifest *m)
{
    pwi_buf_release(&m->b);
}

/* 0 when every entry of the manifest at c still stats the same (c is
 * left after it), else -1. */
static int manifest_holds(pwi_cursor *c)
{
    uint32_t n;
    pwi_cursor_get(c, &n, sizeof n);
    if (n == 0) /* a walk always records its root: nothing to check is no image */
        return -1;
    char path[PATH_MAX];
    for (uint32_t i = 0; i < n && !c->bad; i++) {
        unsigned char kind;
        uint32_t len;
        uint64_t want[6], got[6];
        pwi_cursor_get(c, &kind, 1);
        pwi_cursor_get(c, &len, sizeof len);
        if (c->bad || kind > PWI_MF_FILE || len == 0 || len >= sizeof path ||
            len > pwi_cursor_left(c))
            return -1;
        memcpy(path, c->p, len);
        path[len] = '\0';
        c->p += len;
        pwi_cursor_get(c, want, sizeof want);
        struct stat sb;
        if (c->bad || memchr(path, '\0', len) ||
            (kind == PWI_MF_ROOT ? stat(path, &sb) : lstat(path, &sb)) != 0)
            return -1;
        stat_words(&sb, got);
        if (memcmp(want, got, sizeof want))
            return -1;
    }
    return c->bad ? -1 : 0;
}

static char *image_name(const pwi_image_key *k)
{
    char hex[2 * PW_KHASH_LEN + 1];
    pwi_hex(k->md, PW_KHASH_LEN, hex);
    return pwi_xasprintf("rules-%.40s.img", hex);
}

/* Catches a damaged file (a torn write, a disk error), not an attacker:
 * the cache directory is the user's own. */
static uint64_t rotl(uint64_t x, int r)
{
    return x << r | x >> (64 - r);
}

/* Four independent lanes, so the multiplies overlap: an image is read
 * whole on every start. */
static uint64_t checksum(const unsigned char *p, size_t n)
{
    uint64_t h[4] = {0x9e3779b97f4a7c15ull ^ n, 0xc2b2ae3d27d4eb4full, 0x165667b19e3779f9ull,
                     0x27d4eb2f165667c5ull};
    size_t i = 0;
    for (; i + 32 <= n; i += 32)
        for (int l = 0; l < 4; l++) {
            uint64_t w;
            memcpy(&w, p + i + 8 * l, 8);
            h[l] = (h[l] ^ w) * 0xff51afd7ed558ccdull;
            h[l] ^= h[l] >> 29;
        }
    uint64_t x = h[0] ^ rotl(h[1], 17) ^ rotl(h[2], 31) ^ rotl(h[3], 47);
    for (; i < n; i++)
        x = (x ^ p[i]) * 0x100000001b3ull;
    return x;
}

/* ---- writing -------------------------------------------------------------- */

static void put(pwi_buf *b, const void *p, size_t n)
{
    pwi_buf_add(b, p, n); /* unbounded buffer: cannot fail */
}

static void put_u32(pwi_buf *b, uint32_t v)
{
    put(b, &v, sizeof v);
}

static void put_str(pwi_buf *b, const char *s)
{
    if (!s) {
        put_u32(b, NO_STRING);
        return;
    }
    size_t n = strlen(s);
    put_u32(b, (uint32_t)n);
    put(b, s, n);
}

static void put_match(pwi_buf *b, const pwi_match *m, const pcre2_code ***codes,
                      size_t *ncodes, size_t *cap)
{
    uint32_t v[8] = {(uint32_t)m->kind,   (uint32_t)m->nkids,  m->at_least,
                     m->within,           (uint32_t)m->scope,  (uint32_t)m->nocase,
                     m->count,            (uint32_t)m->no_prefilter};
    put(b, v, sizeof v);
    uint64_t line = m->line, len = m->text ? m->text_len : UINT64_MAX;
    put(b, &line, sizeof line);
    put(b, &len, sizeof len);
    if (m->text)
        put(b, m->text, m->text_len);
    if (m->kind == PWI_M_REGEX) {
        PW_GROW(*codes, *cap, *ncodes + 1);
        (*codes)[(*ncodes)++] = m->re;
    }
    for (size_t i = 0; i < m->nkids; i++)
        put_match(b, m->kids[i], codes, ncodes, cap);
}

void pwi_rules_image_store(const char *cache_dir, const pwi_image_key *k,
                           const pwi_image_manifest *m, const pwi_rule *rules, size_t n)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    if (m->n == 0 || m->newest_ns > ns_of(now) - (int64_t)IMAGE_SETTLE * 1000000000)
        return; /* nothing recorded, or a rule file still settling (or dated
                 * in the future) */
    pwi_buf b;
    pwi_buf_init(&b, 0);
    put(&b, IMAGE_MAGIC, 8);
    put(&b, k->md, PW_KHASH_LEN);
    uint64_t zero = 0;
    put(&b, &zero, 8); /* payload length */
    put(&b, &zero, 8); /* checksum */
    put_u32(&b, m->n);
    put(&b, m->b.data, m->b.len);
    const pcre2_code **codes = NULL;
    size_t ncodes = 0, cap = 0;
    put_u32(&b, (uint32_t)n);
    for (size_t i = 0; i < n; i++) {
        const pwi_rule *r = &rules[i];
        const pw_rule_info *x = &r->info;
        const char *strs[] = {x->id, x->title, x->category, x->ecosystems, x->applies_to,
                              x->description, x->remediation, x->references, x->file,
                              r->fixtures};
        for (size_t s = 0; s < sizeof strs / sizeof *strs; s++)
            put_str(&b, strs[s]);
        uint32_t v[6] = {(uint32_t)x->severity, r->confidence, r->applies, r->ecosystems,
                         r->role, (uint32_t)(r->match != NULL)};
        put(&b, v, sizeof v);
        put_u32(&b, (uint32_t)r->nfields);
        for (size_t j = 0; j < r->nfields; j++)
            put_str(&b, r->fields[j]);
        put_u32(&b, (uint32_t)r->npaths);
        for (size_t j = 0; j < r->npaths; j++)
            put_str(&b, r->paths[j]);
        if (r->match)
            put_match(&b, r->match, &codes, &ncodes, &cap);
    }
    uint8_t *bytes = NULL;
    PCRE2_SIZE size = 0;
    int ok = 1;
    if (ncodes) {
        int32_t got = pcre2_serialize_encode(codes, (int32_t)ncodes, &bytes, &size, NULL);
        ok = got == (int32_t)ncodes;
    }
    uint64_t sz = ok ? size : 0;
    uint32_t nc = (uint32_t)ncodes;
    put_u32(&b, nc);
    put(&b, &sz, sizeof sz);
    if (ok && size)
        put(&b, bytes, size);
    if (bytes)
        pcre2_serialize_free(bytes);
    free(codes);
    uint64_t plen = b.len - HEADER_LEN;
    uint64_t sum = checksum((unsigned char *)b.data + HEADER_LEN, (size_t)plen);
    memcpy(b.data + 8 + PW_KHASH_LEN, &plen, 8);
    memcpy(b.data + 8 + PW_KHASH_LEN + 8, &sum, 8);
    if (ok && b.len <= IMAGE_MAX) {
        char *name = image_name(k);
        if (pwi_cache_write(cache_dir, name, b.data, b.len) == 0)
            pwi_cache_prune(cache_dir, "rules-", ".img", IMAGE_KEEP);
        free(name);
    }
    pwi_buf_release(&b);
}

/* ---- reading -------------------------------------------------------------- */

static uint32_t get_u32(pwi_cursor *c)
{
    uint32_t v;
    pwi_cursor_get(c, &v, sizeof v);
    return v;
}

static char *get_bytes(pwi_cursor *c, uint64_t n)
{
    if (c->bad || (uint64_t)pwi_cursor_left(c) < n) {
        c->bad = 1;
        return NULL;
    }
    char *s = pwi_xmalloc((size_t)n + 1);
    memcpy(s, c->p, (size_t)n);
    s[n] = '\0';
    c->p += n;
    return s;
}

static char *get_str(pwi_cursor *c)
{
    uint32_t n = get_u32(c);
    return n == NO_STRING ? NULL : get_bytes(c, n);
}

/* A count whose items take at least one byte each cannot exceed what is
 * left: this bounds every allocation by the file's size. */
static size_t get_count(pwi_cursor *c, size_t max)
{
    uint32_t n = get_u32(c);
    if (n > max || n > pwi_cursor_left(c)) {
        c->bad = 1;
        return 0;
    }
    return n;
}

static pwi_match *get_match(pwi_cursor *c, unsigned depth, size_t *nregex)
{
    if (depth > PWI_RULE_DEPTH_MAX) {
        c->bad = 1;
        return NULL;
    }
    pwi_match *m = pwi_xcalloc(1, sizeof *m);
    uint32_t v[8];
    pwi_cursor_get(c, v, sizeof v);
    uint64_t line, len;
    pwi_cursor_get(c, &line, sizeof line);
    pwi_cursor_get(c, &len, sizeof len);
    if (c->bad || v[0] > PWI_M_LITERAL || v[4] >= PWI_SCOPE_COUNT ||
        v[1] > pwi_cursor_left(c)) {
        c->bad = 1;
        return m;
    }
    m->kind = (pwi_match_kind)v[0];
    m->at_least = v[2];
    m->within = v[3];
    m->scope = (pwi_scope)v[4];
    m->nocase = (int)v[5];
    m->count = v[6];
    m->no_prefilter = (int)v[7];
    m->line = (size_t)line;
    if (len != UINT64_MAX) {
        m->text = get_bytes(c, len);
        m->text_len = (size_t)len;
    }
    /* what parse_match guarantees, and matching relies on */
    int leaf = m->kind == PWI_M_REGEX || m->kind == PWI_M_LITERAL;
    if (leaf != (m->text != NULL) || (leaf && v[1]) || (!leaf && !v[1]) ||
        (m->kind == PWI_M_NOT && v[1] != 1) ||
        (m->kind == PWI_M_AT_LEAST ? m->at_least < 1 || m->at_least > v[1]
                                   : m->at_least != 0) ||
        (m->within && (m->kind != PWI_M_ALL && m->kind != PWI_M_AT_LEAST)) ||
        m->within > 100000 || m->count > 10000 || (m->count && !leaf) ||
        (m->nocase && m->kind != PWI_M_LITERAL) || m->nocase > 1 ||
        v[7] > 1 || (v[7] && !leaf)) {
        c->bad = 1;
        return m;
    }
    if (m->kind == PWI_M_REGEX)
        (*nregex)++;
    m->kids = v[1] ? pwi_xcalloc(v[1], sizeof *m->kids) : NULL;
    for (size_t i = 0; i < v[1] && !c->bad; i++) {
        m->kids[i] = get_match(c, depth + 1, nregex);
        m->nkids = i + 1;
        if (m->within && m->kids[i] && m->kids[i]->kind != PWI_M_REGEX &&
            m->kids[i]->kind != PWI_M_LITERAL)
            c->bad = 1; /* "within" counts lines between leaves */
    }
    return m;
}

static void set_codes(pwi_match *m, pcre2_code **codes, size_t *next)
{
    if (m->kind == PWI_M_REGEX)
        m->re = codes[(*next)++];
    for (size_t i = 0; i < m->nkids; i++)
        set_codes(m->kids[i], codes, next);
}

static int get_rule(pwi_cursor *c, pwi_rule *r, size_t *nregex)
{
    memset(r, 0, sizeof *r);
    pw_rule_info *x = &r->info;
    const char **strs[] = {&x->id, &x->title, &x->category, &x->ecosystems,
                           &x->applies_to, &x->description, &x->remediation,
                           &x->references, &x->file};
    for (size_t s = 0; s < sizeof strs / sizeof *strs; s++)
        *strs[s] = get_str(c);
    r->fixtures = get_str(c);
    uint32_t v[6];
    pwi_cursor_get(c, v, sizeof v);
    x->severity = (pw_severity)v[0];
    r->confidence = v[1];
    r->applies = v[2];
    r->ecosystems = v[3];
    r->role = v[4];
    static const unsigned file_rules =
        PWI_APPLY_MANIFEST | PWI_APPLY_JS | PWI_APPLY_PY | PWI_APPLY_ANY;
    if (!c->bad && (v[0] > PW_SEV_CRITICAL || v[1] > 100 || !v[2] || (v[2] & (v[2] - 1)) ||
                    v[2] > PWI_APPLY_GUARD || !v[3] || v[3] > PWI_ECO_ALL ||
                    (v[4] != 0 && v[4] != PWI_ROLE_INSTALL && v[4] != PWI_ROLE_ENTRY) ||
                    !!(v[2] & file_rules) != !!v[5]))
        c->bad = 1;
    r->nfields = get_count(c, 10000);
    r->fields = pwi_xcalloc(r->nfields + 1, sizeof *r->fields);
    for (size_t j = 0; j < r->nfields; j++)
        r->fields[j] = get_str(c);
    r->npaths = get_count(c, 10000);
    r->paths = pwi_xcalloc(r->npaths + 1, sizeof *r->paths);
    for (size_t j = 0; j < r->npaths; j++)
        r->paths[j] = get_str(c);
    if (v[5] && !c->bad)
        r->match = get_match(c, 0, nregex);
    /* every string a rule must have is there; fields are for manifest
     * rules and they need one */
    for (size_t s = 0; s < sizeof strs / sizeof *strs; s++)
        if (!*strs[s])
            c->bad = 1;
    if (!r->fixtures || (r->applies == PWI_APPLY_MANIFEST) != (r->nfields > 0))
        c->bad = 1;
    for (size_t j = 0; j < r->nfields; j++)
        if (!r->fields[j])
            c->bad = 1;
    for (size_t j = 0; j < r->npaths; j++)
        if (!r->paths[j])
            c->bad = 1;
    return c->bad ? -1 : 0;
}

int pwi_rules_image_decode(const unsigned char *p, size_t len, int regexes,
                           pwi_rule **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    pwi_cursor c = {p, p + len, 0};
    size_t nr = get_count(&c, PWI_RULES_MAX), done = 0, nregex = 0;
    pwi_rule *rules = pwi_xcalloc(nr + 1, sizeof *rules);
    for (; done < nr && !c.bad; done++)
        get_rule(&c, &rules[done], &nregex);
    uint32_t ncodes = get_u32(&c);
    uint64_t size;
    pwi_cursor_get(&c, &size, sizeof size);
    pcre2_code **codes = NULL;
    if (!c.bad && (ncodes != nregex || size > (uint64_t)pwi_cursor_left(&c) ||
                   (ncodes && !size) || (!regexes && (ncodes || size))))
        c.bad = 1;
    if (!c.bad && ncodes) {
        codes = pwi_xcalloc(ncodes, sizeof *codes);
        if (pcre2_serialize_get_number_of_codes(c.p) != (int32_t)ncodes ||
            pcre2_serialize_decode(codes, (int32_t)ncodes, c.p, NULL) != (int32_t)ncodes)
            c.bad = 1;
    }
    if (!c.bad) {
        size_t next = 0;
        for (size_t i = 0; i < nr; i++)
            if (rules[i].match)
                set_codes(rules[i].match, codes, &next);
    }
    free(codes);
    if (c.bad) {
        for (size_t i = 0; i < done; i++)
            pwi_rule_release(&rules[i]);
        free(rules);
        return -1;
    }
    *out = rules;
    *n = nr;
    return 0;
}

int pwi_rules_image_load(const char *cache_dir, const pwi_image_key *k,
                         pwi_rule **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    char *name = image_name(k);
    const unsigned char *img;
    size_t len;
    int rc = pwi_cache_map(cache_dir, name, IMAGE_MAX, &img, &len);
    free(name);
    if (rc)
        return -1;
    uint64_t plen = 0, sum = 0;
    if (len >= HEADER_LEN) {
        memcpy(&plen, img + 8 + PW_KHASH_LEN, 8);
        memcpy(&sum, img + 8 + PW_KHASH_LEN + 8, 8);
    }
    /* PCRE2 does not validate what it deserialises: only a file whose
     * checksum holds gets that far */
    rc = -1;
    if (len >= HEADER_LEN && !memcmp(img, IMAGE_MAGIC, 8) &&
        !memcmp(img + 8, k->md, PW_KHASH_LEN) && plen == len - HEADER_LEN &&
        checksum(img + HEADER_LEN, (size_t)plen) == sum) {
        pwi_cursor c = {img + HEADER_LEN, img + len, 0};
        if (manifest_holds(&c) == 0)
            rc = pwi_rules_image_decode(c.p, pwi_cursor_left(&c), 1, out, n);
    }
    pwi_cache_unmap(img, len);
    return rc;
}
