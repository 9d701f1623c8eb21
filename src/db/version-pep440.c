/* version-pep440.c - PEP 440 versions and specifier sets (the PyPI half of
 * db/version.h), after pypa/packaging 24.x: Version's regex, _cmpkey()
 * ordering and str() normalisation, Specifier's regex and _compare_*()
 * rules, and SpecifierSet.contains() with its default pre-release
 * handling (a pre-release matches only when a ==, >=, <=, ~= or ===
 * specifier names one).
 *
 * Numbers are digit strings of any length, compared as numbers. The
 * wildcard and ~= prefix matches reproduce packaging's string-splitting
 * algorithm (_version_split / _pad_version) rather than a cleaner rule,
 * so that its answers carry over exactly.
 *
 * Deliberate differences from packaging 24.x: versions (and specifier
 * operands) longer than 256 bytes and specifier sets longer than 1024 are
 * rejected, and so is a normal form that would grow past 256; letters
 * must be ASCII (24.x lets Unicode case folding read U+017F as "s" in
 * "post" or U+212A as "k" in a local label; later packaging rejects such
 * local labels too); a "==="
 * operand that is no PEP 440 version counts as naming no pre-release
 * (24.x raises InvalidVersion, depending on set order).
 *
 * Newer packaging (26.x) changed contains(): pre-releases match by
 * default, and <V / >V exclude only V's own pre-/post-release family
 * (">1.0a1" admits "1.0.post0", "<1.0.post1" admits "1.0.dev0"; 24.x
 * compares base versions and admits neither). This file keeps 24.x.
 */
#include "db/version.h"

#include <string.h>

enum {
    PV_MAX_LENGTH = 256, /* one version */
    PV_MAX_SPECS = 1024, /* a whole specifier set */
    PV_BUF = 2 * PV_MAX_LENGTH,
    PV_MAX_ITEMS = PV_BUF / 2 + 8, /* _version_split() of a PV_BUF string */
};

/* A number with its leading zeros dropped; n == 0 is zero. */
typedef struct {
    const char *p;
    size_t n;
} pv_num;

enum { PV_PRE_NONE, PV_PRE_A, PV_PRE_B, PV_PRE_RC };

/* A parsed version; pointers go into the caller's string. */
typedef struct {
    pv_num epoch;
    const char *rel; /* release segment as written, e.g. "1.02.0" */
    size_t rel_n;
    int pre; /* PV_PRE_* */
    pv_num pre_n;
    int post;
    pv_num post_n;
    int dev;
    pv_num dev_n;
    const char *loc; /* local label after "+", as written */
    size_t loc_n;
} pv_ver;

/* ---- characters -------------------------------------------------------- */

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int to_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static int is_alnum(int c)
{
    c = to_lower(c);
    return is_digit(c) || (c >= 'a' && c <= 'z');
}

static int is_sep(int c)
{
    return c == '-' || c == '_' || c == '.';
}

/* Bytes of the white space character Python's str.isspace() (and so \s
 * and str.strip()) knows at s, 0 when there is none. */
static size_t py_space_at(const unsigned char *s, size_t n)
{
    if (n == 0)
        return 0;
    if (s[0] == ' ' || (s[0] >= 0x09 && s[0] <= 0x0d) || (s[0] >= 0x1c && s[0] <= 0x1f))
        return 1;
    if (n >= 2 && s[0] == 0xc2 && (s[1] == 0x85 || s[1] == 0xa0))
        return 2;
    if (n < 3)
        return 0;
    if (s[0] == 0xe1 && s[1] == 0x9a && s[2] == 0x80)
        return 3;
    if (s[0] == 0xe2 && s[1] == 0x80 &&
        ((s[2] >= 0x80 && s[2] <= 0x8a) || s[2] == 0xa8 || s[2] == 0xa9 || s[2] == 0xaf))
        return 3;
    if (s[0] == 0xe2 && s[1] == 0x81 && s[2] == 0x9f)
        return 3;
    if (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
        return 3;
    return 0;
}

static size_t py_space_before(const unsigned char *s, size_t n)
{
    for (size_t k = 1; k <= 3 && k <= n; k++)
        if (py_space_at(s + n - k, k) == k)
            return k;
    return 0;
}

static void py_strip(const char **s, size_t *n)
{
    size_t k;
    while ((k = py_space_at((const unsigned char *)*s, *n)) != 0) {
        *s += k;
        *n -= k;
    }
    while ((k = py_space_before((const unsigned char *)*s, *n)) != 0)
        *n -= k;
}

/* ---- parsing ----------------------------------------------------------- */

static pv_num make_num(const char *p, size_t n)
{
    while (n > 0 && *p == '0') {
        p++;
        n--;
    }
    return (pv_num){p, n};
}

static size_t skip_digits(const char *s, size_t n, size_t i)
{
    while (i < n && is_digit((unsigned char)s[i]))
        i++;
    return i;
}

/* Length of word at s[i] (ASCII case-insensitive), 0 when absent. */
static size_t match_word(const char *s, size_t n, size_t i, const char *word)
{
    size_t k = 0;
    for (; word[k]; k++)
        if (i + k >= n || to_lower((unsigned char)s[i + k]) != word[k])
            return 0;
    return k;
}

/* The spellings of each segment, longest first where one is a prefix of
 * another, which is also the order the reference regex tries them in. */
static const char *const pre_words[] = {"alpha",   "a",   "beta", "b",
                                        "preview", "pre", "c",    "rc"};
static const int pre_kinds[] = {PV_PRE_A,  PV_PRE_A,  PV_PRE_B,  PV_PRE_B,
                                PV_PRE_RC, PV_PRE_RC, PV_PRE_RC, PV_PRE_RC};
static const char *const post_words[] = {"post", "rev", "r"};
static const char *const dev_words[] = {"dev"};

/* "[-_.]? WORD [-_.]? digits?" at s[*i] for one of words; on success
 * moves *i past it and sets *num. Taking an optional separator greedily
 * never loses a match: every later segment may start without one. */
static int match_segment(const char *s, size_t n, size_t *i, const char *const *words,
                         size_t nwords, size_t *which, pv_num *num)
{
    size_t j = *i;
    if (j < n && is_sep((unsigned char)s[j]))
        j++;
    for (size_t w = 0; w < nwords; w++) {
        size_t k = match_word(s, n, j, words[w]);
        if (k == 0)
            continue;
        j += k;
        if (j < n && is_sep((unsigned char)s[j]))
            j++;
        size_t e = skip_digits(s, n, j);
        *num = make_num(s + j, e - j);
        *which = w;
        *i = e;
        return 1;
    }
    return 0;
}

/* Parses exactly one version spelled as packaging's VERSION_PATTERN
 * allows (no surrounding white space). Callers bound n. */
static int pv_parse(const char *s, size_t n, pv_ver *v)
{
    memset(v, 0, sizeof *v);
    size_t i = 0;
    if (i < n && (s[i] == 'v' || s[i] == 'V'))
        i++;
    size_t d = skip_digits(s, n, i);
    if (d == i)
        return -1;
    if (d < n && s[d] == '!') {
        v->epoch = make_num(s + i, d - i);
        i = d + 1;
        d = skip_digits(s, n, i);
        if (d == i)
            return -1;
    }
    v->rel = s + i;
    i = d;
    while (i + 1 < n && s[i] == '.' && is_digit((unsigned char)s[i + 1]))
        i = skip_digits(s, n, i + 1);
    v->rel_n = (size_t)(s + i - v->rel);

    size_t which;
    if (match_segment(s, n, &i, pre_words, 8, &which, &v->pre_n))
        v->pre = pre_kinds[which];

    if (i + 1 < n && s[i] == '-' && is_digit((unsigned char)s[i + 1])) {
        size_t e = skip_digits(s, n, i + 1); /* implicit post release: 1.0-1 */
        v->post = 1;
        v->post_n = make_num(s + i + 1, e - i - 1);
        i = e;
    } else if (match_segment(s, n, &i, post_words, 3, &which, &v->post_n)) {
        v->post = 1;
    }

    if (match_segment(s, n, &i, dev_words, 1, &which, &v->dev_n))
        v->dev = 1;

    if (i < n && s[i] == '+') {
        size_t j = ++i;
        for (;;) {
            size_t k = j;
            while (k < n && is_alnum((unsigned char)s[k]))
                k++;
            if (k == j)
                return -1;
            j = k;
            if (j + 1 < n && is_sep((unsigned char)s[j]) &&
                is_alnum((unsigned char)s[j + 1])) {
                j++;
                continue;
            }
            break;
        }
        v->loc = s + i;
        v->loc_n = j - i;
        i = j;
    }
    return i == n ? 0 : -1;
}

/* A C string as Version() takes it: surrounding white space allowed. */
static int pv_parse_str(const char *s, pv_ver *v)
{
    if (!s)
        return -1;
    size_t n = strnlen(s, PV_MAX_LENGTH + 1);
    if (n > PV_MAX_LENGTH)
        return -1;
    py_strip(&s, &n);
    return pv_parse(s, n, v);
}

/* ---- ordering (_cmpkey) ------------------------------------------------ */

static int num_cmp(pv_num a, pv_num b)
{
    if (a.n != b.n)
        return a.n < b.n ? -1 : 1;
    if (a.n == 0)
        return 0;
    int c = memcmp(a.p, b.p, a.n);
    return (c > 0) - (c < 0);
}

/* Next release component at *pos; 0 when there are no more. */
static int rel_next(const pv_ver *v, size_t *pos, pv_num *out)
{
    if (*pos >= v->rel_n)
        return 0;
    size_t e = skip_digits(v->rel, v->rel_n, *pos);
    *out = make_num(v->rel + *pos, e - *pos);
    *pos = e + 1;
    return 1;
}

/* Release segments compare as if padded with zeros (1.0 == 1.0.0). */
static int rel_cmp(const pv_ver *a, const pv_ver *b)
{
    size_t i = 0, j = 0;
    for (;;) {
        pv_num x = {NULL, 0}, y = {NULL, 0};
        int more_a = rel_next(a, &i, &x), more_b = rel_next(b, &j, &y);
        if (!more_a && !more_b)
            return 0;
        int c = num_cmp(x, y);
        if (c)
            return c;
    }
}

/* Next local label part at *pos (split on [-_.]); 0 when done. */
static int loc_next(const pv_ver *v, size_t *pos, const char **p, size_t *n)
{
    if (*pos > v->loc_n || v->loc_n == 0)
        return 0;
    size_t e = *pos;
    while (e < v->loc_n && !is_sep((unsigned char)v->loc[e]))
        e++;
    *p = v->loc + *pos;
    *n = e - *pos;
    *pos = e + 1;
    return 1;
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit((unsigned char)s[i]))
            return 0;
    return n > 0;
}

/* PEP 440 local ordering: numbers numerically and after words, words
 * case-insensitively, a longer label after its prefix. */
static int loc_cmp(const pv_ver *a, const pv_ver *b)
{
    size_t i = 0, j = 0;
    for (;;) {
        const char *x, *y;
        size_t xn, yn;
        int more_a = loc_next(a, &i, &x, &xn), more_b = loc_next(b, &j, &y, &yn);
        if (!more_a || !more_b)
            return more_a - more_b;
        int dx = all_digits(x, xn), dy = all_digits(y, yn);
        if (dx != dy)
            return dx ? 1 : -1;
        if (dx) {
            int c = num_cmp(make_num(x, xn), make_num(y, yn));
            if (c)
                return c;
            continue;
        }
        for (size_t k = 0; k < xn && k < yn; k++) {
            int cx = to_lower((unsigned char)x[k]), cy = to_lower((unsigned char)y[k]);
            if (cx != cy)
                return cx < cy ? -1 : 1;
        }
        if (xn != yn)
            return xn < yn ? -1 : 1;
    }
}

/* The pre-release slot of _cmpkey(): a dev release of a final version
 * sorts before its alphas, a final version after its release candidates. */
static int pre_rank(const pv_ver *v)
{
    if (!v->pre && !v->post && v->dev)
        return 0;
    return v->pre ? v->pre : PV_PRE_RC + 1;
}

static int pv_cmp(const pv_ver *a, const pv_ver *b)
{
    int c = num_cmp(a->epoch, b->epoch);
    if (c)
        return c;
    if ((c = rel_cmp(a, b)) != 0)
        return c;
    int ra = pre_rank(a), rb = pre_rank(b);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (a->pre && (c = num_cmp(a->pre_n, b->pre_n)) != 0)
        return c;
    if (a->post != b->post)
        return a->post ? 1 : -1;
    if (a->post && (c = num_cmp(a->post_n, b->post_n)) != 0)
        return c;
    if (a->dev != b->dev)
        return a->dev ? -1 : 1;
    if (a->dev && (c = num_cmp(a->dev_n, b->dev_n)) != 0)
        return c;
    if ((a->loc_n != 0) != (b->loc_n != 0))
        return a->loc_n ? 1 : -1;
    return loc_cmp(a, b);
}

static int is_prerelease(const pv_ver *v)
{
    return v->pre || v->dev;
}

static pv_ver public_of(const pv_ver *v)
{
    pv_ver p = *v;
    p.loc = NULL;
    p.loc_n = 0;
    return p;
}

/* Version(x.base_version) == Version(y.base_version) */
static int same_base(const pv_ver *a, const pv_ver *b)
{
    return num_cmp(a->epoch, b->epoch) == 0 && rel_cmp(a, b) == 0;
}

int pwi_pep440_valid(const char *s)
{
    pv_ver v;
    return pv_parse_str(s, &v) == 0;
}

int pwi_pep440_cmp(const char *a, const char *b, int *out)
{
    pv_ver va, vb;
    if (!out || pv_parse_str(a, &va) < 0 || pv_parse_str(b, &vb) < 0)
        return -1;
    *out = pv_cmp(&va, &vb);
    return 0;
}

/* ---- normalisation (Version.__str__) ----------------------------------- */

typedef struct {
    char *b;
    size_t size, n;
    int full;
} pv_out;

static void out_add(pv_out *o, const char *s, size_t n)
{
    if (o->full || n >= o->size - o->n) {
        o->full = 1;
        return;
    }
    memcpy(o->b + o->n, s, n);
    o->n += n;
    o->b[o->n] = '\0';
}

static void out_num(pv_out *o, pv_num v)
{
    if (v.n == 0)
        out_add(o, "0", 1);
    else
        out_add(o, v.p, v.n);
}

/* Writes str(Version) (without the local label unless with_local) into
 * out; returns its length, or -1 when it does not fit. */
static long pv_format(const pv_ver *v, int with_local, char *out, size_t size)
{
    if (size == 0)
        return -1;
    pv_out o = {out, size, 0, 0};
    out[0] = '\0';
    if (v->epoch.n) {
        out_num(&o, v->epoch);
        out_add(&o, "!", 1);
    }
    size_t pos = 0;
    pv_num c;
    int first = 1;
    while (rel_next(v, &pos, &c)) {
        if (!first)
            out_add(&o, ".", 1);
        out_num(&o, c);
        first = 0;
    }
    if (v->pre) {
        static const char *const names[] = {"", "a", "b", "rc"};
        out_add(&o, names[v->pre], strlen(names[v->pre]));
        out_num(&o, v->pre_n);
    }
    if (v->post) {
        out_add(&o, ".post", 5);
        out_num(&o, v->post_n);
    }
    if (v->dev) {
        out_add(&o, ".dev", 4);
        out_num(&o, v->dev_n);
    }
    if (with_local && v->loc_n) {
        size_t i = 0;
        const char *p;
        size_t n;
        first = 1;
        while (loc_next(v, &i, &p, &n)) {
            out_add(&o, first ? "+" : ".", 1);
            first = 0;
            if (all_digits(p, n)) {
                out_num(&o, make_num(p, n));
                continue;
            }
            for (size_t k = 0; k < n; k++) {
                char l = (char)to_lower((unsigned char)p[k]);
                out_add(&o, &l, 1);
            }
        }
    }
    if (o.full) {
        out[0] = '\0';
        return -1;
    }
    return (long)o.n;
}

/* A normal form longer than PV_MAX_LENGTH ("1r" spelt out is "1.post0")
 * is refused, so that every normal form is itself a valid version here. */
int pwi_pep440_normalize(const char *s, char *out, size_t size)
{
    pv_ver v;
    if (!out || size == 0)
        return -1;
    out[0] = '\0';
    if (pv_parse_str(s, &v) < 0)
        return -1;
    long n = pv_format(&v, 1, out, size);
    if (n < 0 || n > PV_MAX_LENGTH) {
        out[0] = '\0';
        return -1;
    }
    return 0;
}

/* ---- prefix matching (==X.*, ~=) --------------------------------------- */

typedef struct {
    const char *p;
    size_t n;
} pv_item;

/* _version_split(): the epoch (text before the last "!", "0" when
 * absent), then the "."-separated parts, "1rc2" style parts split in
 * two. Returns the number of items, or 0 when they do not fit. */
static size_t version_split(const char *s, size_t n, pv_item *items, size_t max)
{
    size_t bang = n, count = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '!')
            bang = i;
    const char *rest = s;
    size_t rn = n;
    if (bang < n && bang > 0)
        items[count++] = (pv_item){s, bang};
    else
        items[count++] = (pv_item){"0", 1};
    if (bang < n) {
        rest = s + bang + 1;
        rn = n - bang - 1;
    }
    size_t i = 0;
    for (;;) {
        size_t e = i;
        while (e < rn && rest[e] != '.')
            e++;
        if (count + 2 > max)
            return 0;
        /* ^([0-9]+)((?:a|b|c|rc)[0-9]+)$ */
        size_t d = skip_digits(rest, e, i), k = d;
        if (d > i && k < e) {
            if (rest[k] == 'a' || rest[k] == 'b' || rest[k] == 'c')
                k++;
            else if (k + 1 < e && rest[k] == 'r' && rest[k + 1] == 'c')
                k += 2;
        }
        if (d > i && k > d && skip_digits(rest, e, k) == e && e > k) {
            items[count++] = (pv_item){rest + i, d - i};
            items[count++] = (pv_item){rest + d, e - d};
        } else {
            items[count++] = (pv_item){rest + i, e - i};
        }
        if (e >= rn)
            break;
        i = e + 1;
    }
    return count;
}

/* canonicalize_version(s, strip_trailing_zero=False): the normal form
 * when s is a version, s itself otherwise. */
static size_t canonical(const char *s, size_t n, char *out, size_t size)
{
    pv_ver v;
    long len;
    if (pv_parse(s, n, &v) == 0 && (len = pv_format(&v, 1, out, size)) >= 0)
        return (size_t)len;
    if (n >= size)
        n = size - 1;
    memcpy(out, s, n);
    out[n] = '\0';
    return n;
}

/* _compare_equal() for "spec.*": spec is the text before ".*". */
static int prefix_match(const pv_ver *v, const char *spec, size_t spec_n)
{
    char sb[PV_BUF], vb[PV_BUF];
    pv_item si[PV_MAX_ITEMS], vi[PV_MAX_ITEMS];
    size_t sn = canonical(spec, spec_n, sb, sizeof sb);
    pv_ver pub = public_of(v);
    long vn = pv_format(&pub, 0, vb, sizeof vb);
    if (vn < 0)
        return 0;
    size_t scount = version_split(sb, sn, si, PV_MAX_ITEMS);
    size_t vcount = version_split(vb, (size_t)vn, vi, PV_MAX_ITEMS);
    if (scount == 0 || vcount == 0)
        return 0;
    /* _pad_version(): zeros after the prospective's leading numbers */
    size_t snum = 0, vnum = 0;
    while (snum < scount && all_digits(si[snum].p, si[snum].n))
        snum++;
    while (vnum < vcount && all_digits(vi[vnum].p, vi[vnum].n))
        vnum++;
    size_t pad = snum > vnum ? snum - vnum : 0;
    if (vcount + pad < scount)
        return 0;
    for (size_t k = 0; k < scount; k++) {
        pv_item it;
        if (k < vnum)
            it = vi[k];
        else if (k < vnum + pad)
            it = (pv_item){"0", 1};
        else
            it = vi[k - pad];
        if (it.n != si[k].n || memcmp(it.p, si[k].p, it.n) != 0)
            return 0;
    }
    return 1;
}

static int is_suffix(pv_item it)
{
    static const char *const prefixes[] = {"dev", "a", "b", "rc", "post"};
    for (size_t k = 0; k < sizeof prefixes / sizeof prefixes[0]; k++) {
        size_t pn = strlen(prefixes[k]);
        if (it.n >= pn && memcmp(it.p, prefixes[k], pn) == 0)
            return 1;
    }
    return 0;
}

/* The "==prefix.*" half of ~=spec, built the way _compare_compatible()
 * does: the split spec up to its first suffix, less the last item. */
static int compatible_prefix_match(const pv_ver *v, const char *spec, size_t n)
{
    pv_item items[PV_MAX_ITEMS];
    size_t count = version_split(spec, n, items, PV_MAX_ITEMS);
    size_t take = 0;
    while (take < count && !is_suffix(items[take]))
        take++;
    if (take < 2)
        return 0; /* cannot happen for a valid ~= operand */
    take--;
    char buf[PV_BUF];
    pv_out o = {buf, sizeof buf, 0, 0};
    out_add(&o, items[0].p, items[0].n);
    out_add(&o, "!", 1);
    for (size_t k = 1; k < take; k++) {
        if (k > 1)
            out_add(&o, ".", 1);
        out_add(&o, items[k].p, items[k].n);
    }
    if (o.full)
        return 0;
    return prefix_match(v, buf, o.n);
}

/* ---- specifiers -------------------------------------------------------- */

enum { OP_COMPAT, OP_EQ, OP_NE, OP_LE, OP_GE, OP_LT, OP_GT, OP_ARB };

typedef struct {
    int op;
    const char *text; /* the version as written, stripped */
    size_t n;
    int wild; /* "==X.*" / "!=X.*" */
    pv_ver v; /* parsed text (the part before ".*"); unset for bad === */
    int v_ok;
} pv_spec;

/* Specifier(): one comma-separated item, already stripped. */
static int spec_parse(const char *s, size_t n, pv_spec *sp)
{
    static const struct {
        const char *text;
        int op;
    } ops[] = {{"===", OP_ARB}, {"~=", OP_COMPAT}, {"==", OP_EQ}, {"!=", OP_NE},
               {"<=", OP_LE},   {">=", OP_GE},     {"<", OP_LT},  {">", OP_GT}};
    memset(sp, 0, sizeof *sp);
    size_t i = 0, k;
    for (k = 0; k < sizeof ops / sizeof ops[0]; k++) {
        size_t on = strlen(ops[k].text);
        if (n >= on && memcmp(s, ops[k].text, on) == 0) {
            i = on;
            break;
        }
    }
    if (k == sizeof ops / sizeof ops[0])
        return -1;
    sp->op = ops[k].op;
    const char *t = s + i;
    size_t tn = n - i;
    py_strip(&t, &tn);
    sp->text = t;
    sp->n = tn;
    if (tn > PV_MAX_LENGTH)
        return -1; /* no longer than a version may be */

    if (sp->op == OP_ARB) { /* [^\s;)]* */
        for (size_t j = 0; j < tn; j++)
            if (t[j] == ';' || t[j] == ')' ||
                py_space_at((const unsigned char *)t + j, tn - j))
                return -1;
        sp->v_ok = pv_parse(t, tn, &sp->v) == 0;
        return 0;
    }
    if ((sp->op == OP_EQ || sp->op == OP_NE) && tn >= 2 && t[tn - 2] == '.' &&
        t[tn - 1] == '*') {
        /* v? (N!)? N(.N)* .* */
        if (pv_parse(t, tn - 2, &sp->v) < 0 || sp->v.pre || sp->v.post || sp->v.dev ||
            sp->v.loc_n)
            return -1;
        sp->wild = 1;
        sp->v_ok = 1;
        return 0;
    }
    if (pv_parse(t, tn, &sp->v) < 0)
        return -1;
    sp->v_ok = 1;
    if (sp->op != OP_EQ && sp->op != OP_NE && sp->v.loc_n)
        return -1; /* only == and != take a local label */
    if (sp->op == OP_COMPAT && !memchr(sp->v.rel, '.', sp->v.rel_n))
        return -1; /* ~= needs two release components */
    return 0;
}

/* Specifier.prereleases: does this specifier name a pre-release? */
static int spec_names_pre(const pv_spec *sp)
{
    if (sp->op == OP_NE || sp->op == OP_LT || sp->op == OP_GT || !sp->v_ok)
        return 0;
    return is_prerelease(&sp->v);
}

static int spec_contains(const pv_spec *sp, const pv_ver *v)
{
    pv_ver pub = public_of(v);
    const pv_ver *s = &sp->v;
    switch (sp->op) {
    case OP_COMPAT:
        return pv_cmp(&pub, s) >= 0 && compatible_prefix_match(v, sp->text, sp->n);
    case OP_EQ:
    case OP_NE: {
        int eq;
        if (sp->wild)
            eq = prefix_match(v, sp->text, sp->n - 2);
        else
            eq = pv_cmp(s->loc_n ? v : &pub, s) == 0;
        return sp->op == OP_EQ ? eq : !eq;
    }
    case OP_LE:
        return pv_cmp(&pub, s) <= 0;
    case OP_GE:
        return pv_cmp(&pub, s) >= 0;
    case OP_LT:
        /* <V excludes V's own pre-releases unless V is one */
        if (pv_cmp(v, s) >= 0)
            return 0;
        return !(!is_prerelease(s) && is_prerelease(v) && same_base(v, s));
    case OP_GT:
        /* >V excludes V's post-releases (unless V is one) and local versions */
        if (pv_cmp(v, s) <= 0)
            return 0;
        if (!s->post && v->post && same_base(v, s))
            return 0;
        return !(v->loc_n && same_base(v, s));
    default: { /* === compares str(Version) with the text, ignoring case */
        char buf[PV_BUF];
        long len = pv_format(v, 1, buf, sizeof buf);
        if (len < 0 || (size_t)len != sp->n)
            return 0;
        for (size_t k = 0; k < sp->n; k++)
            if (to_lower((unsigned char)sp->text[k]) != buf[k])
                return 0;
        return 1;
    }
    }
}

/* Calls fn for every specifier of the set; -1 when one is invalid. */
typedef int (*pv_spec_fn)(const pv_spec *sp, void *arg);

static int each_spec(const char *s, size_t n, pv_spec_fn fn, void *arg)
{
    size_t i = 0;
    for (;;) {
        size_t e = i;
        while (e < n && s[e] != ',')
            e++;
        const char *item = s + i;
        size_t in = e - i;
        py_strip(&item, &in);
        if (in > 0) {
            pv_spec sp;
            if (spec_parse(item, in, &sp) < 0)
                return -1;
            if (fn && fn(&sp, arg) == 0)
                return 0;
        }
        if (e >= n)
            return 1;
        i = e + 1;
    }
}

static int note_pre(const pv_spec *sp, void *arg)
{
    if (spec_names_pre(sp))
        *(int *)arg = 1;
    return 1;
}

static int check_spec(const pv_spec *sp, void *arg)
{
    return spec_contains(sp, (const pv_ver *)arg);
}

int pwi_pep440_satisfies(const char *specifiers, const char *version)
{
    pv_ver v;
    if (!specifiers || pv_parse_str(version, &v) < 0)
        return -1;
    size_t n = strnlen(specifiers, PV_MAX_SPECS + 1);
    if (n > PV_MAX_SPECS)
        return -1;
    int pre_ok = 0;
    if (each_spec(specifiers, n, note_pre, &pre_ok) < 0)
        return -1;
    if (is_prerelease(&v) && !pre_ok)
        return 0;
    return each_spec(specifiers, n, check_spec, &v);
}
