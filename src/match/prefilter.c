/* prefilter.c - vectorscan databases over rule leaves, with an on-disk
 * cache keyed by the leaves so start-up does not recompile. */
#include "prefilter.h"
#include "hs-compiler.h"
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
#include <sys/mman.h>

#define CACHE_MAGIC "PWPF0002"
#define CACHE_MAX (256u << 20)
/* Compiled rule sets kept in the cache directory: every rules change (an
 * upgrade, --rules DIR) makes a new one, so the least recently used go. */
#define CACHE_KEEP 8

_Static_assert(PWI_PF_LANGS * PWI_SCOPE_COUNT <= 32, "scratch bits");

/* One database per kind of file and scope: a JavaScript file is only run
 * through the patterns of JavaScript and any-file rules, a README through
 * those of any-file rules (a third of them), Python through its own. */
struct pwi_prefilter {
    hs_database_t *db[PWI_PF_LANGS][PWI_SCOPE_COUNT]; /* mmap'd, db_size bytes */
    size_t db_size[PWI_PF_LANGS][PWI_SCOPE_COUNT];
    unsigned *ids[PWI_PF_LANGS][PWI_SCOPE_COUNT]; /* hs id -> leaf id */
    size_t nids[PWI_PF_LANGS][PWI_SCOPE_COUNT];
    size_t nleaves;
    int from_cache;
    /* A database is deserialised when a file first needs it (a one-file
     * scan needs a third of them, a view left empty none): the cache file
     * stays mapped (or, just compiled, its bytes stay in memory) and
     * ser[][] locates each database in it. */
    const unsigned char *map;
    size_t map_len;
    int map_owned; /* map is pwi_xmalloc'd, not a mapped cache file */
    struct { size_t off, len; } ser[PWI_PF_LANGS][PWI_SCOPE_COUNT];
    _Atomic int loaded[PWI_PF_LANGS][PWI_SCOPE_COUNT];
    pthread_mutex_t lock;
};

/* Other files have only the raw view. */
static int has_db(int lang, int scope)
{
    return lang != PWI_PF_OTHER || scope == PWI_SCOPE_RAW;
}

struct pwi_pf_scratch {
    hs_scratch_t *s;
    unsigned grown; /* bit kind * PWI_SCOPE_COUNT + scope: s fits that database */
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
 * any pattern vectorscan rejects (it stays PCRE2-only). Returns the
 * serialised database (*ser_len bytes, free()), or NULL when no leaf of
 * the scope compiles. */
static char *compile_scope(const pwi_hsc *hsc, pwi_match *const *leaves, size_t n,
                           int lang, pwi_scope scope, unsigned **ids_out, size_t *nids,
                           size_t *ser_len)
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
        hs_error_t rc = hsc->compile_multi((const char *const *)pats, flags, hsids,
                                           (unsigned)k, HS_MODE_BLOCK, NULL, &db, &ce);
        free(hsids);
        if (rc == HS_SUCCESS) {
            hsc->free_compile_error(ce);
            break;
        }
        int bad = ce ? ce->expression : -1;
        hsc->free_compile_error(ce);
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
    char *bytes = NULL;
    if (db && hsc->serialize_database(db, &bytes, ser_len) != HS_SUCCESS)
        bytes = NULL;
    hsc->free_database(db);
    if (!bytes) {
        free(ids);
        *ids_out = NULL;
        *nids = 0;
        *ser_len = 0;
        return NULL;
    }
    *ids_out = ids;
    *nids = k;
    return bytes;
}

/* ---- cache ---------------------------------------------------------------- */

/* The CPU features vectorscan specialises for: a database compiled here
 * must not be handed to a machine without them (a cache in a network
 * home). Taken from the CPU, as the runtime does, since the compiler's
 * hs_populate_platform would load it on every start. */
static uint64_t cpu_features(void)
{
    uint64_t f = 0;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    f |= (uint64_t)!!__builtin_cpu_supports("ssse3") << 0;
    f |= (uint64_t)!!__builtin_cpu_supports("sse4.2") << 1;
    f |= (uint64_t)!!__builtin_cpu_supports("popcnt") << 2;
    f |= (uint64_t)!!__builtin_cpu_supports("avx2") << 3;
    f |= (uint64_t)!!__builtin_cpu_supports("bmi2") << 4;
    f |= (uint64_t)!!__builtin_cpu_supports("avx512f") << 5;
    f |= (uint64_t)!!__builtin_cpu_supports("avx512bw") << 6;
    f |= (uint64_t)!!__builtin_cpu_supports("avx512vl") << 7;
    f |= (uint64_t)!!__builtin_cpu_supports("avx512vbmi") << 8;
#endif
    return f;
}

static void cache_key(pwi_match *const *leaves, size_t n, char hex[65])
{
    pwi_khash h;
    pwi_khash_init(&h);
    const char *ver = hs_version();
    pwi_khash_update(&h, CACHE_MAGIC, 8);
    pwi_khash_update(&h, ver, strlen(ver) + 1);
    uint64_t cpu = cpu_features();
    pwi_khash_update(&h, &cpu, sizeof cpu);
    for (size_t i = 0; i < n; i++) {
        unsigned char meta[4] = {(unsigned char)leaves[i]->kind,
                                 (unsigned char)leaves[i]->scope,
                                 (unsigned char)leaves[i]->nocase,
                                 (unsigned char)leaves[i]->langs};
        uint64_t len = leaves[i]->text_len;
        pwi_khash_update(&h, meta, sizeof meta);
        pwi_khash_update(&h, &len, sizeof len);
        pwi_khash_update(&h, leaves[i]->text, leaves[i]->text_len);
    }
    unsigned char md[32];
    pwi_khash_final(&h, md);
    pwi_hex(md, 32, hex);
}

/* Compiles every kind's and scope's database into the cache file's
 * format: magic, nleaves, prefiltered flags, then per kind and scope:
 * nids, ids, db size, serialised db. Without the compiler (not
 * installed) no leaf is prefiltered: PCRE2 runs every one, slower but
 * never a missed finding. */
static void compile_file(pwi_match *const *leaves, size_t n, pwi_buf *b)
{
    const pwi_hsc *hsc = pwi_hsc_get(NULL);
    uint64_t nl = n;
    pwi_buf_init(b, 0); /* unbounded: appends cannot fail */
    pwi_buf_add(b, CACHE_MAGIC, 8);
    pwi_buf_add(b, &nl, sizeof nl);
    size_t pre_at = b->len;
    for (size_t i = 0; i < n; i++)
        pwi_buf_addc(b, 0);
    /* a leaf is prefiltered when every database it belongs to has it:
     * then a file of any kind its rule reads sees its hits */
    unsigned *have = pwi_xcalloc(n + 1, sizeof *have);
    for (int l = 0; l < PWI_PF_LANGS; l++)
        for (int s = 0; s < PWI_SCOPE_COUNT; s++) {
            unsigned *ids = NULL;
            size_t nids = 0, len = 0;
            char *bytes = hsc && has_db(l, s) ? compile_scope(hsc, leaves, n, l, (pwi_scope)s,
                                                              &ids, &nids, &len)
                                              : NULL;
            uint64_t n64 = nids, l64 = len;
            pwi_buf_add(b, &n64, sizeof n64);
            pwi_buf_add(b, ids, nids * sizeof *ids);
            pwi_buf_add(b, &l64, sizeof l64);
            pwi_buf_add(b, bytes, len);
            for (size_t i = 0; i < nids; i++)
                have[ids[i]] |= 1u << l;
            free(ids);
            free(bytes);
        }
    for (size_t i = 0; i < n; i++) {
        unsigned need = 0;
        for (int l = 0; l < PWI_PF_LANGS; l++)
            if ((leaves[i]->langs & (1u << l)) && has_db(l, (int)leaves[i]->scope))
                need |= 1u << l;
        b->data[pre_at + i] = (char)(need && (have[i] & need) == need);
    }
    free(have);
}

/* A prefilter for n leaves with no databases. */
static pwi_prefilter *prefilter_new(size_t n)
{
    pwi_prefilter *pf = pwi_xcalloc(1, sizeof *pf);
    pthread_mutex_init(&pf->lock, NULL);
    pf->nleaves = n;
    return pf;
}

/* A prefilter over the bytes of a cache file (mapped, or owned: freed
 * with the prefilter either way), or NULL when they do not fit leaves. */
static pwi_prefilter *parse_file(pwi_match *const *leaves, size_t n,
                                 const unsigned char *map, size_t mlen, int owned)
{
    pwi_cursor f = {map, map + mlen, 0};
    pwi_prefilter *pf = prefilter_new(n);
    pf->map = map;
    pf->map_len = mlen;
    pf->map_owned = owned;
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
    if (!ok) {
        free(pre);
        pwi_prefilter_free(pf);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        leaves[i]->prefiltered = pre[i];
    free(pre);
    return pf;
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
    pwi_prefilter *pf = parse_file(leaves, n, map, mlen, 0);
    if (pf)
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
    pwi_buf b;
    compile_file(leaves, n, &b);
    if (cache_dir) {
        char *name = pwi_xasprintf("rules-%s.hsdb", key);
        if (pwi_cache_write(cache_dir, name, b.data, b.len) == 0)
            pwi_cache_prune(cache_dir, "rules-", ".hsdb", CACHE_KEEP);
        free(name);
    }
    size_t len = b.len;
    unsigned char *bytes = (unsigned char *)pwi_buf_detach(&b);
    pwi_prefilter *pf = parse_file(leaves, n, bytes, len, 1);
    if (!pf) { /* cannot happen: compile_file wrote it */
        for (size_t i = 0; i < n; i++)
            leaves[i]->prefiltered = 0;
        pf = prefilter_new(n);
    }
    *out = pf;
    return PW_OK;
}

void pwi_prefilter_free(pwi_prefilter *pf)
{
    if (!pf)
        return;
    for (int l = 0; l < PWI_PF_LANGS; l++)
        for (int s = 0; s < PWI_SCOPE_COUNT; s++) {
            if (pf->db[l][s])
                munmap(pf->db[l][s], pf->db_size[l][s]);
            free(pf->ids[l][s]);
        }
    if (pf->map_owned)
        free((void *)pf->map);
    else
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

/* Deserialises one database from the cache file's bytes. One that does
 * not load stays NULL: its leaves are then all reported as hits (PCRE2
 * decides), never silently missed. */
static void load_db(pwi_prefilter *pf, int lang, pwi_scope scope)
{
    pthread_mutex_lock(&pf->lock);
    if (!atomic_load_explicit(&pf->loaded[lang][scope], memory_order_relaxed)) {
        const char *ser = (const char *)pf->map + pf->ser[lang][scope].off;
        size_t len = pf->ser[lang][scope].len, size = 0;
        /* Our own memory, mapped with its pages already present: hs
         * would malloc it and fault in every page as it fills the
         * database (a third of a warm start's page faults). */
        void *mem = MAP_FAILED;
        if (len && hs_serialized_database_size(ser, len, &size) == HS_SUCCESS && size &&
            size <= CACHE_MAX)
            mem = mmap(NULL, size, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        if (mem != MAP_FAILED &&
            hs_deserialize_database_at(ser, len, (hs_database_t *)mem) == HS_SUCCESS) {
            pf->db[lang][scope] = (hs_database_t *)mem;
            pf->db_size[lang][scope] = size;
        } else if (mem != MAP_FAILED) {
            munmap(mem, size);
        }
        atomic_store_explicit(&pf->loaded[lang][scope], 1, memory_order_release);
    }
    pthread_mutex_unlock(&pf->lock);
}

static void all_hits(const pwi_prefilter *pf, int lang, pwi_scope scope, uint64_t *hits)
{
    for (size_t i = 0; i < pf->nids[lang][scope]; i++) {
        unsigned leaf = pf->ids[lang][scope][i];
        hits[leaf / 64] |= 1ull << (leaf % 64);
    }
}

void pwi_prefilter_scan(const pwi_prefilter *cpf, pwi_pf_scratch *s, int lang,
                        pwi_scope scope, const unsigned char *p, size_t n, uint64_t *hits)
{
    if (!cpf || lang < 0 || lang >= PWI_PF_LANGS || !s || !cpf->nids[lang][scope])
        return;
    /* An empty view (most files decode nothing) is not worth loading a
     * database for: its leaves go to PCRE2, which answers at once, and a
     * pattern that matches the empty string is still seen. */
    if (n == 0) {
        all_hits(cpf, lang, scope, hits);
        return;
    }
    /* loading on demand is internally synchronised: the set stays const
     * for its users */
    pwi_prefilter *pf = (pwi_prefilter *)cpf;
    if (!atomic_load_explicit(&pf->loaded[lang][scope], memory_order_acquire))
        load_db(pf, lang, scope);
    if (!pf->db[lang][scope]) {
        all_hits(pf, lang, scope, hits);
        return;
    }
    unsigned bit = 1u << (lang * PWI_SCOPE_COUNT + scope);
    if (!(s->grown & bit)) {
        if (hs_alloc_scratch(pf->db[lang][scope], &s->s) != HS_SUCCESS)
            pwi_oom(0);
        s->grown |= bit;
    }
    scan_ctx c = {pf->ids[lang][scope], hits};
    /* hs takes 32-bit lengths; files are capped far below by max_file_bytes */
    unsigned len = n > 0xffffffffu ? 0xffffffffu : (unsigned)n;
    hs_scan(pf->db[lang][scope], (const char *)p, len, 0, s->s, on_match, &c);
}
