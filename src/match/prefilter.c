/* prefilter.c - vectorscan databases over rule leaves, with an on-disk
 * cache keyed by the leaves so start-up does not recompile. */
#include "prefilter.h"
#include "util/buf.h"
#include "util/cache.h"
#include "util/cursor.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/mem.h"

#include <hs/hs.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_MAGIC "PWPF0002"
#define CACHE_MAX (256u << 20)
/* Compiled rule sets kept in the cache directory: every rules change (an
 * upgrade, --rules DIR) makes a new one, so the least recently used go. */
#define CACHE_KEEP 8

/* One database per kind of file and scope: a JavaScript file is only run
 * through the patterns of JavaScript and any-file rules, a README through
 * those of any-file rules (a third of them), Python through its own. */
struct pwi_prefilter {
    hs_database_t *db[PWI_PF_LANGS][PWI_SCOPE_COUNT];
    unsigned *ids[PWI_PF_LANGS][PWI_SCOPE_COUNT]; /* hs id -> leaf id */
    size_t nids[PWI_PF_LANGS][PWI_SCOPE_COUNT];
    size_t nleaves;
    int from_cache;
    /* From the cache, a kind's databases are deserialised when a file of
     * that kind is first scanned (a one-file scan needs a third of them):
     * the file stays mapped, ser[][] locates each database in it. */
    const unsigned char *map;
    size_t map_len;
    struct { size_t off, len; } ser[PWI_PF_LANGS][PWI_SCOPE_COUNT];
    _Atomic int loaded[PWI_PF_LANGS];
    pthread_mutex_t lock;
};

/* Other files have only the raw view. */
static int has_db(int lang, int scope)
{
    return lang != PWI_PF_OTHER || scope == PWI_SCOPE_RAW;
}

struct pwi_pf_scratch {
    hs_scratch_t *s;
    unsigned grown; /* PWI_PF_* bits whose databases s was sized for */
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

/* Compiles the leaves of one scope read by files of one kind, dropping
 * any pattern vectorscan rejects (it stays PCRE2-only). */
static hs_database_t *compile_scope(pwi_match *const *leaves, size_t n, int lang,
                                    pwi_scope scope, unsigned **ids_out, size_t *nids)
{
    char **pats = pwi_xcalloc(n + 1, sizeof *pats);
    unsigned *flags = pwi_xcalloc(n + 1, sizeof *flags);
    unsigned *ids = pwi_xcalloc(n + 1, sizeof *ids);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (leaves[i]->scope != scope || !(leaves[i]->langs & (1u << lang)))
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
        *nids = 0;
        return NULL;
    }
    *ids_out = ids;
    *nids = k;
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
    /* databases are compiled for this CPU: a cache shared with another
     * machine (a network home) must not hand over one it cannot run */
    hs_platform_info_t plat;
    memset(&plat, 0, sizeof plat);
    if (hs_populate_platform(&plat) == HS_SUCCESS) {
        uint64_t pv[2] = {plat.tune, plat.cpu_features};
        pwi_sha256_update(&h, pv, sizeof pv);
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char meta[4] = {(unsigned char)leaves[i]->kind,
                                 (unsigned char)leaves[i]->scope,
                                 (unsigned char)leaves[i]->nocase,
                                 (unsigned char)leaves[i]->langs};
        uint64_t len = leaves[i]->text_len;
        pwi_sha256_update(&h, meta, sizeof meta);
        pwi_sha256_update(&h, &len, sizeof len);
        pwi_sha256_update(&h, leaves[i]->text, leaves[i]->text_len);
    }
    unsigned char md[32];
    pwi_sha256_final(&h, md);
    pwi_hex(md, 32, hex);
}

/* File: magic, nleaves, prefiltered flags, then per kind and scope: nids,
 * ids, db size, serialized db. Written whole through pwi_cache_write. */
static void cache_store(const pwi_prefilter *pf, pwi_match *const *leaves,
                        const char *dir, const char *key)
{
    pwi_buf b;
    pwi_buf_init(&b, 0); /* unbounded: appends cannot fail */
    uint64_t nl = pf->nleaves;
    pwi_buf_add(&b, CACHE_MAGIC, 8);
    pwi_buf_add(&b, &nl, sizeof nl);
    for (size_t i = 0; i < pf->nleaves; i++)
        pwi_buf_addc(&b, (char)leaves[i]->prefiltered);
    int ok = 1;
    for (int l = 0; ok && l < PWI_PF_LANGS; l++)
        for (int s = 0; ok && s < PWI_SCOPE_COUNT; s++) {
            char *bytes = NULL;
            size_t len = 0;
            uint64_t nids = pf->db[l][s] ? pf->nids[l][s] : 0;
            if (pf->db[l][s] && hs_serialize_database(pf->db[l][s], &bytes, &len) != HS_SUCCESS)
                ok = 0;
            uint64_t l64 = len;
            pwi_buf_add(&b, &nids, sizeof nids);
            pwi_buf_add(&b, pf->ids[l][s], nids * sizeof(unsigned));
            pwi_buf_add(&b, &l64, sizeof l64);
            pwi_buf_add(&b, bytes, len);
            free(bytes);
        }
    char *name = pwi_xasprintf("rules-%s.hsdb", key);
    if (ok && pwi_cache_write(dir, name, b.data, b.len) == 0)
        pwi_cache_prune(dir, "rules-", ".hsdb", CACHE_KEEP);
    free(name);
    pwi_buf_release(&b);
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
    pwi_cursor f = {map, map + mlen, 0};
    pwi_prefilter *pf = pwi_xcalloc(1, sizeof *pf);
    pthread_mutex_init(&pf->lock, NULL);
    pf->nleaves = n;
    char magic[8];
    uint64_t nl;
    unsigned char *pre = pwi_xcalloc(n + 1, 1);
    pwi_cursor_get(&f, magic, 8);
    pwi_cursor_get(&f, &nl, sizeof nl);
    int ok = !f.bad && !memcmp(magic, CACHE_MAGIC, 8) && nl == n;
    if (ok)
        pwi_cursor_get(&f, pre, n);
    for (int l = 0; ok && l < PWI_PF_LANGS; l++)
        for (int s = 0; ok && s < PWI_SCOPE_COUNT; s++) {
            uint64_t nids, len;
            pwi_cursor_get(&f, &nids, sizeof nids);
            ok = !f.bad && nids <= n;
            if (ok && nids) {
                pf->ids[l][s] = pwi_xcalloc(nids, sizeof(unsigned));
                pf->nids[l][s] = (size_t)nids;
                pwi_cursor_get(&f, pf->ids[l][s], nids * sizeof(unsigned));
                for (size_t i = 0; ok && i < nids; i++)
                    ok = pf->ids[l][s][i] < n;
            }
            pwi_cursor_get(&f, &len, sizeof len);
            ok = ok && !f.bad && len <= pwi_cursor_left(&f) && !len == !nids &&
                 (!len || has_db(l, s));
            if (ok && len) {
                pf->ser[l][s].off = (size_t)(f.p - map);
                pf->ser[l][s].len = (size_t)len;
                f.p += len;
            }
        }
    ok = ok && !f.bad && f.p == f.end;
    pf->map = map;
    pf->map_len = mlen;
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
    pthread_mutex_init(&pf->lock, NULL);
    pf->nleaves = n;
    for (int l = 0; l < PWI_PF_LANGS; l++)
        pf->loaded[l] = 1;
    /* a leaf is prefiltered when every database it belongs to has it:
     * then a file of any kind its rule reads sees its hits */
    unsigned *have = pwi_xcalloc(n + 1, sizeof *have);
    for (int l = 0; l < PWI_PF_LANGS; l++)
        for (int s = 0; s < PWI_SCOPE_COUNT; s++) {
            if (!has_db(l, s))
                continue;
            pf->db[l][s] = compile_scope(leaves, n, l, (pwi_scope)s, &pf->ids[l][s],
                                         &pf->nids[l][s]);
            for (size_t i = 0; i < pf->nids[l][s]; i++)
                have[pf->ids[l][s][i]] |= 1u << l;
        }
    for (size_t i = 0; i < n; i++) {
        unsigned need = 0;
        for (int l = 0; l < PWI_PF_LANGS; l++)
            if ((leaves[i]->langs & (1u << l)) && has_db(l, (int)leaves[i]->scope))
                need |= 1u << l;
        leaves[i]->prefiltered = need && (have[i] & need) == need;
    }
    free(have);
    if (cache_dir)
        cache_store(pf, leaves, cache_dir, key);
    *out = pf;
    return PW_OK;
}

void pwi_prefilter_free(pwi_prefilter *pf)
{
    if (!pf)
        return;
    for (int l = 0; l < PWI_PF_LANGS; l++)
        for (int s = 0; s < PWI_SCOPE_COUNT; s++) {
            hs_free_database(pf->db[l][s]);
            free(pf->ids[l][s]);
        }
    pwi_cache_unmap(pf->map, pf->map_len);
    pthread_mutex_destroy(&pf->lock);
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
    /* sized for each kind's databases when it is first scanned */
    return pwi_xcalloc(1, sizeof(pwi_pf_scratch));
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

/* Deserialises the databases of one kind from the mapped cache file. One
 * that does not load stays NULL: its leaves are then all reported as
 * hits (PCRE2 decides), never silently missed. */
static void load_lang(pwi_prefilter *pf, int lang)
{
    pthread_mutex_lock(&pf->lock);
    if (!atomic_load_explicit(&pf->loaded[lang], memory_order_relaxed)) {
        for (int s = 0; s < PWI_SCOPE_COUNT; s++)
            if (pf->ser[lang][s].len &&
                hs_deserialize_database((const char *)pf->map + pf->ser[lang][s].off,
                                        pf->ser[lang][s].len,
                                        &pf->db[lang][s]) != HS_SUCCESS)
                pf->db[lang][s] = NULL;
        atomic_store_explicit(&pf->loaded[lang], 1, memory_order_release);
    }
    pthread_mutex_unlock(&pf->lock);
}

void pwi_prefilter_scan(const pwi_prefilter *cpf, pwi_pf_scratch *s, int lang,
                        pwi_scope scope, const unsigned char *p, size_t n, uint64_t *hits)
{
    if (!cpf || lang < 0 || lang >= PWI_PF_LANGS || !s || !cpf->nids[lang][scope])
        return;
    /* loading on demand is internally synchronised: the set stays const
     * for its users */
    pwi_prefilter *pf = (pwi_prefilter *)cpf;
    if (!atomic_load_explicit(&pf->loaded[lang], memory_order_acquire))
        load_lang(pf, lang);
    if (!(s->grown & (1u << lang))) {
        for (int i = 0; i < PWI_SCOPE_COUNT; i++)
            if (pf->db[lang][i] && hs_alloc_scratch(pf->db[lang][i], &s->s) != HS_SUCCESS)
                pwi_oom(0);
        s->grown |= 1u << lang;
    }
    if (!pf->db[lang][scope]) {
        for (size_t i = 0; i < pf->nids[lang][scope]; i++) {
            unsigned leaf = pf->ids[lang][scope][i];
            hits[leaf / 64] |= 1ull << (leaf % 64);
        }
        return;
    }
    scan_ctx c = {pf->ids[lang][scope], hits};
    /* hs takes 32-bit lengths; files are capped far below by max_file_bytes */
    unsigned len = n > 0xffffffffu ? 0xffffffffu : (unsigned)n;
    hs_scan(pf->db[lang][scope], (const char *)p, len, 0, s->s, on_match, &c);
}
