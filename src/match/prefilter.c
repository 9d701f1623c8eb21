/* prefilter.c - vectorscan databases over rule leaves, with an on-disk
 * cache keyed by the leaves so start-up does not recompile. */
#include "prefilter.h"
#include "util/cache.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/mem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CACHE_MAGIC "PWPF0001"
#define CACHE_MAX (256u << 20)
/* Compiled rule sets kept in the cache directory: every rules change (an
 * upgrade, --rules DIR) makes a new one, so the least recently used go. */
#define CACHE_KEEP 8

struct pwi_prefilter {
    hs_database_t *db[PWI_SCOPE_COUNT];
    unsigned *ids[PWI_SCOPE_COUNT]; /* hs id -> leaf id */
    size_t nleaves;
    int from_cache;
};

struct pwi_pf_scratch {
    hs_scratch_t *s;
};

/* Repeats above this bound are loosened for the prefilter. */
#define REPEAT_CAP 16

/* Copies a regex, turning large counted repeats {m,n} / {n} into {k,}
 * with k = min(m, REPEAT_CAP). vectorscan unrolls counted repeats, which
 * makes {0,2000} cost seconds to compile; a prefilter only needs to
 * match a superset, and PCRE2 confirms the exact pattern. */
static char *loosen_repeats(const char *re, size_t n)
{
    /* "{20}" becomes "{16,}": output can outgrow input by a byte per repeat */
    char *out = pwi_xmalloc(2 * n + 16);
    size_t o = 0;
    int in_class = 0;
    for (size_t i = 0; i < n; i++) {
        char c = re[i];
        if (c == '\\' && i + 1 < n) {
            out[o++] = c;
            out[o++] = re[++i];
            continue;
        }
        if (in_class) {
            if (c == ']')
                in_class = 0;
            out[o++] = c;
            continue;
        }
        if (c == '[') {
            in_class = 1;
            out[o++] = c;
            /* a leading ] or ^] is literal */
            if (i + 1 < n && re[i + 1] == '^')
                out[o++] = re[++i];
            if (i + 1 < n && re[i + 1] == ']')
                out[o++] = re[++i];
            continue;
        }
        if (c == '{') {
            size_t j = i + 1;
            unsigned long lo = 0, hi = 0;
            int have_lo = 0, have_hi = 0, comma = 0;
            while (j < n && re[j] >= '0' && re[j] <= '9' && lo < 100000)
                lo = lo * 10 + (unsigned long)(re[j++] - '0'), have_lo = 1;
            if (j < n && re[j] == ',') {
                comma = 1;
                j++;
                while (j < n && re[j] >= '0' && re[j] <= '9' && hi < 100000)
                    hi = hi * 10 + (unsigned long)(re[j++] - '0'), have_hi = 1;
            }
            if (have_lo && j < n && re[j] == '}') {
                unsigned long upper = comma ? (have_hi ? hi : 0) : lo;
                if (upper > REPEAT_CAP || lo > REPEAT_CAP) {
                    o += (size_t)sprintf(out + o, "{%lu,}",
                                         lo < REPEAT_CAP ? lo : (unsigned long)REPEAT_CAP);
                    i = j;
                    continue;
                }
            }
        }
        out[o++] = c;
    }
    out[o] = '\0';
    return out;
}

/* Regex text for a leaf: literals become \xHH escapes. */
static char *leaf_pattern(const pwi_match *m)
{
    if (m->kind == PWI_M_REGEX)
        return loosen_repeats(m->text, m->text_len);
    char *p = pwi_xmalloc(m->text_len * 4 + 1);
    size_t o = 0;
    for (size_t i = 0; i < m->text_len; i++) {
        unsigned char c = (unsigned char)m->text[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '_')
            p[o++] = (char)c;
        else
            o += (size_t)sprintf(p + o, "\\x%02x", c);
    }
    p[o] = '\0';
    return p;
}

static unsigned leaf_flags(const pwi_match *m)
{
    unsigned f = HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY;
    if (m->kind == PWI_M_REGEX)
        f |= HS_FLAG_PREFILTER;
    if (m->kind == PWI_M_LITERAL && m->nocase)
        f |= HS_FLAG_CASELESS;
    return f;
}

/* Compiles the leaves of one scope, dropping any pattern vectorscan
 * rejects (it stays PCRE2-only). */
static hs_database_t *compile_scope(pwi_match *const *leaves, size_t n,
                                    pwi_scope scope, unsigned **ids_out)
{
    char **pats = pwi_xcalloc(n + 1, sizeof *pats);
    unsigned *flags = pwi_xcalloc(n + 1, sizeof *flags);
    unsigned *ids = pwi_xcalloc(n + 1, sizeof *ids);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (leaves[i]->scope != scope)
            continue;
        pats[k] = leaf_pattern(leaves[i]);
        flags[k] = leaf_flags(leaves[i]);
        ids[k] = (unsigned)i;
        k++;
    }
    hs_database_t *db = NULL;
    while (k > 0) {
        hs_compile_error_t *ce = NULL;
        unsigned *hsids = pwi_xcalloc(k, sizeof *hsids);
        for (size_t i = 0; i < k; i++)
            hsids[i] = (unsigned)i;
        hs_error_t rc = hs_compile_multi((const char *const *)pats, flags, hsids,
                                         (unsigned)k, HS_MODE_BLOCK, NULL, &db, &ce);
        free(hsids);
        if (rc == HS_SUCCESS) {
            hs_free_compile_error(ce);
            break;
        }
        int bad = ce ? ce->expression : -1;
        hs_free_compile_error(ce);
        db = NULL;
        if (bad < 0 || (size_t)bad >= k)
            break; /* not one pattern's fault: no prefilter for this scope */
        free(pats[bad]);
        memmove(pats + bad, pats + bad + 1, (k - (size_t)bad - 1) * sizeof *pats);
        memmove(flags + bad, flags + bad + 1, (k - (size_t)bad - 1) * sizeof *flags);
        memmove(ids + bad, ids + bad + 1, (k - (size_t)bad - 1) * sizeof *ids);
        k--;
    }
    for (size_t i = 0; i < k; i++)
        free(pats[i]);
    free(pats);
    free(flags);
    if (!db) {
        free(ids);
        *ids_out = NULL;
        return NULL;
    }
    for (size_t i = 0; i < k; i++)
        leaves[ids[i]]->prefiltered = 1;
    *ids_out = ids;
    return db;
}

/* ---- cache ---------------------------------------------------------------- */

static void cache_key(pwi_match *const *leaves, size_t n, char hex[65])
{
    pwi_sha256 h;
    pwi_sha256_init(&h);
    const char *ver = hs_version();
    pwi_sha256_update(&h, CACHE_MAGIC, 8);
    pwi_sha256_update(&h, ver, strlen(ver) + 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char meta[3] = {(unsigned char)leaves[i]->kind,
                                 (unsigned char)leaves[i]->scope,
                                 (unsigned char)leaves[i]->nocase};
        uint64_t len = leaves[i]->text_len;
        pwi_sha256_update(&h, meta, sizeof meta);
        pwi_sha256_update(&h, &len, sizeof len);
        pwi_sha256_update(&h, leaves[i]->text, leaves[i]->text_len);
    }
    unsigned char md[32];
    pwi_sha256_final(&h, md);
    pwi_hex(md, 32, hex);
}

static int write_all(FILE *f, const void *p, size_t n)
{
    return fwrite(p, 1, n, f) == n ? 0 : -1;
}

/* File: magic, nleaves, prefiltered flags, then per scope: nids, ids,
 * db size, serialized db. */
static void cache_store(const pwi_prefilter *pf, pwi_match *const *leaves,
                        const char *dir, const char *key)
{
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return;
    char *path = pwi_xasprintf("%s/rules-%s.hsdb", dir, key);
    char *tmp = pwi_xasprintf("%s.%ld.tmp", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    int ok = f != NULL;
    uint64_t nl = pf->nleaves;
    ok = ok && !write_all(f, CACHE_MAGIC, 8) && !write_all(f, &nl, sizeof nl);
    for (size_t i = 0; ok && i < pf->nleaves; i++) {
        unsigned char pre = (unsigned char)leaves[i]->prefiltered;
        ok = !write_all(f, &pre, 1);
    }
    for (int s = 0; ok && s < PWI_SCOPE_COUNT; s++) {
        char *bytes = NULL;
        size_t len = 0;
        uint64_t nids = 0;
        if (pf->db[s]) {
            unsigned count;
            /* pattern count is not exposed: count leaves of this scope */
            count = 0;
            for (size_t i = 0; i < pf->nleaves; i++)
                if (leaves[i]->scope == (pwi_scope)s && leaves[i]->prefiltered)
                    count++;
            nids = count;
            if (hs_serialize_database(pf->db[s], &bytes, &len) != HS_SUCCESS)
                ok = 0;
        }
        uint64_t l64 = len;
        ok = ok && !write_all(f, &nids, sizeof nids) &&
             (!nids || !write_all(f, pf->ids[s], nids * sizeof(unsigned))) &&
             !write_all(f, &l64, sizeof l64) && (!len || !write_all(f, bytes, len));
        free(bytes);
    }
    if (f && fclose(f) != 0)
        ok = 0;
    if (ok)
        ok = rename(tmp, path) == 0;
    if (!ok)
        unlink(tmp);
    free(tmp);
    free(path);
    if (ok)
        pwi_cache_prune(dir, "rules-", ".hsdb", CACHE_KEEP);
}

typedef struct reader {
    const unsigned char *p, *end;
} reader;

static int take(reader *r, void *out, size_t n)
{
    if ((size_t)(r->end - r->p) < n)
        return -1;
    memcpy(out, r->p, n);
    r->p += n;
    return 0;
}

static pwi_prefilter *cache_load(pwi_match *const *leaves, size_t n, const char *dir,
                                 const char *key)
{
    char *name = pwi_xasprintf("rules-%s.hsdb", key);
    const unsigned char *map;
    size_t mlen;
    int rc = pwi_cache_map(dir, name, CACHE_MAX, &map, &mlen);
    free(name);
    if (rc)
        return NULL;
    reader f = {map, map + mlen};
    pwi_prefilter *pf = pwi_xcalloc(1, sizeof *pf);
    pf->nleaves = n;
    char magic[8];
    uint64_t nl;
    unsigned char *pre = pwi_xcalloc(n + 1, 1);
    int ok = !take(&f, magic, 8) && !memcmp(magic, CACHE_MAGIC, 8) &&
             !take(&f, &nl, sizeof nl) && nl == n && !take(&f, pre, n);
    for (int s = 0; ok && s < PWI_SCOPE_COUNT; s++) {
        uint64_t nids, len;
        ok = !take(&f, &nids, sizeof nids) && nids <= n;
        if (ok && nids) {
            pf->ids[s] = pwi_xcalloc(nids, sizeof(unsigned));
            ok = !take(&f, pf->ids[s], nids * sizeof(unsigned));
            for (size_t i = 0; ok && i < nids; i++)
                ok = pf->ids[s][i] < n;
        }
        ok = ok && !take(&f, &len, sizeof len) && len <= (uint64_t)(f.end - f.p);
        if (ok && len) {
            ok = hs_deserialize_database((const char *)f.p, len, &pf->db[s]) == HS_SUCCESS;
            f.p += len;
        }
    }
    pwi_cache_unmap(map, mlen);
    if (!ok) {
        free(pre);
        pwi_prefilter_free(pf);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        leaves[i]->prefiltered = pre[i];
    free(pre);
    pf->from_cache = 1;
    return pf;
}

/* ---- public ----------------------------------------------------------- */

pw_status pwi_prefilter_build(pwi_match *const *leaves, size_t n,
                              const char *cache_dir, pwi_prefilter **out,
                              pw_error *err)
{
    (void)err;
    char key[65];
    cache_key(leaves, n, key);
    if (cache_dir && (*out = cache_load(leaves, n, cache_dir, key)))
        return PW_OK;
    pwi_prefilter *pf = pwi_xcalloc(1, sizeof *pf);
    pf->nleaves = n;
    for (size_t i = 0; i < n; i++)
        leaves[i]->prefiltered = 0;
    for (int s = 0; s < PWI_SCOPE_COUNT; s++)
        pf->db[s] = compile_scope(leaves, n, (pwi_scope)s, &pf->ids[s]);
    if (cache_dir)
        cache_store(pf, leaves, cache_dir, key);
    *out = pf;
    return PW_OK;
}

void pwi_prefilter_free(pwi_prefilter *pf)
{
    if (!pf)
        return;
    for (int s = 0; s < PWI_SCOPE_COUNT; s++) {
        hs_free_database(pf->db[s]);
        free(pf->ids[s]);
    }
    free(pf);
}

int pwi_prefilter_from_cache(const pwi_prefilter *pf)
{
    return pf && pf->from_cache;
}

pwi_pf_scratch *pwi_pf_scratch_new(const pwi_prefilter *pf)
{
    if (!pf)
        return NULL;
    pwi_pf_scratch *s = pwi_xcalloc(1, sizeof *s);
    for (int i = 0; i < PWI_SCOPE_COUNT; i++)
        if (pf->db[i] && hs_alloc_scratch(pf->db[i], &s->s) != HS_SUCCESS)
            pwi_oom(0);
    return s;
}

void pwi_pf_scratch_free(pwi_pf_scratch *s)
{
    if (!s)
        return;
    hs_free_scratch(s->s);
    free(s);
}

size_t pwi_prefilter_words(const pwi_prefilter *pf)
{
    return pf ? (pf->nleaves + 63) / 64 : 0;
}

typedef struct scan_ctx {
    const unsigned *ids;
    uint64_t *hits;
} scan_ctx;

static int on_match(unsigned id, unsigned long long from, unsigned long long to,
                    unsigned flags, void *user)
{
    (void)from;
    (void)to;
    (void)flags;
    scan_ctx *c = user;
    unsigned leaf = c->ids[id];
    c->hits[leaf / 64] |= 1ull << (leaf % 64);
    return 0;
}

void pwi_prefilter_scan(const pwi_prefilter *pf, pwi_pf_scratch *s, pwi_scope scope,
                        const unsigned char *p, size_t n, uint64_t *hits)
{
    if (!pf || !pf->db[scope] || !s)
        return;
    scan_ctx c = {pf->ids[scope], hits};
    /* hs takes 32-bit lengths; files are capped far below by max_file_bytes */
    unsigned len = n > 0xffffffffu ? 0xffffffffu : (unsigned)n;
    hs_scan(pf->db[scope], (const char *)p, len, 0, s->s, on_match, &c);
}
