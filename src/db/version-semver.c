/* version-semver.c - SemVer 2.0.0 precedence and node-semver ranges
 * (the npm half of db/version.h).
 *
 * Ranges follow node-semver 7.x (includePrerelease=false, loose=false)
 * closely enough to keep its corner cases: the range goes through the
 * same rewriting steps Range.parseRange() applies (build stripping,
 * hyphen ranges, operator/tilde/caret whitespace trimming), each token
 * through the same caret/tilde/X-range/star rewrites, and every
 * resulting comparator through the same final syntax check. Every step
 * writes into a bounded stack buffer, so nothing is allocated and the
 * work is linear in the (capped) input length.
 *
 * Deliberate differences from node-semver: numbers are digit strings of
 * any length (node rejects parts above 2^53-1 and rounds pre-release
 * numbers beyond it; here they compare exactly), a version may carry the
 * loose "v"/"="/space prefix in every function, inputs longer than the
 * caps below are rejected, and only the white space node-semver knows
 * is white space (ASCII and the Unicode spaces of ECMAScript's \s).
 */
#include "db/version.h"

#include <string.h>

enum {
    SV_MAX_LENGTH = 256, /* node-semver MAX_LENGTH, per version */
    SV_MAX_DIGITS = 256, /* \d{0,256} of node-semver's safe regexes */
    SV_MAX_IDENT = 250,  /* MAX_SAFE_BUILD_LENGTH */
    SV_MAX_RANGE = 1024, /* a whole range; longer is rejected */
    SV_BUF = 2 * SV_MAX_RANGE + 64,
};

#define SV_NPOS ((size_t)-1)

typedef struct {
    const char *p;
    size_t n;
} sv_span;

/* A parsed version; spans point into the caller's string. */
typedef struct {
    sv_span num[3]; /* major, minor, patch: "0" or no leading zero */
    sv_span pre;    /* pre-release without the "-"; n == 0 when none */
} sv_ver;

/* ---- characters -------------------------------------------------------- */

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_ident(int c)
{
    return is_digit(c) || is_alpha(c) || c == '-';
}

/* Bytes of the ECMAScript white space or line terminator (what \s and
 * String.prototype.trim() know) starting at s, 0 when there is none. */
static size_t js_space_at(const unsigned char *s, size_t n)
{
    if (n == 0)
        return 0;
    if (s[0] == ' ' || (s[0] >= 0x09 && s[0] <= 0x0d))
        return 1;
    if (n >= 2 && s[0] == 0xc2 && s[1] == 0xa0)
        return 2;
    if (n < 3)
        return 0;
    if (s[0] == 0xe1 && s[1] == 0x9a && s[2] == 0x80)
        return 3;
    if (s[0] == 0xe2 && s[1] == 0x80 &&
        (s[2] <= 0x8a || s[2] == 0xa8 || s[2] == 0xa9 || s[2] == 0xaf) && s[2] >= 0x80)
        return 3;
    if (s[0] == 0xe2 && s[1] == 0x81 && s[2] == 0x9f)
        return 3;
    if (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
        return 3;
    if (s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
        return 3;
    return 0;
}

/* Bytes of a white space character that ends exactly at s + n. */
static size_t js_space_before(const unsigned char *s, size_t n)
{
    for (size_t k = 1; k <= 3 && k <= n; k++)
        if (js_space_at(s + n - k, k) == k)
            return k;
    return 0;
}

/* Trims ECMAScript white space from both ends of [*s, *s + *n). */
static void js_trim(const char **s, size_t *n)
{
    size_t k;
    while ((k = js_space_at((const unsigned char *)*s, *n)) != 0) {
        *s += k;
        *n -= k;
    }
    while ((k = js_space_before((const unsigned char *)*s, *n)) != 0)
        *n -= k;
}

/* ---- versions ---------------------------------------------------------- */

/* Digit strings without leading zeros, compared as numbers. */
static int num_cmp(sv_span a, sv_span b)
{
    if (a.n != b.n)
        return a.n < b.n ? -1 : 1;
    int c = memcmp(a.p, b.p, a.n);
    return (c > 0) - (c < 0);
}

static int span_eq(sv_span a, sv_span b)
{
    return a.n == b.n && memcmp(a.p, b.p, a.n) == 0;
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit((unsigned char)s[i]))
            return 0;
    return n > 0;
}

/* Reads a numeric identifier ("0" or no leading zero) at s[*i]. */
static int read_number(const char *s, size_t n, size_t *i, sv_span *out)
{
    size_t j = *i;
    while (j < n && is_digit((unsigned char)s[j]))
        j++;
    if (j == *i || (s[*i] == '0' && j - *i > 1))
        return -1;
    out->p = s + *i;
    out->n = j - *i;
    *i = j;
    return 0;
}

/* Reads "."-separated identifiers of [0-9A-Za-z-] at s[*i]; with
 * numeric_rule, all-digit ones must not have leading zeros. */
static int read_idents(const char *s, size_t n, size_t *i, int numeric_rule)
{
    size_t j = *i;
    for (;;) {
        size_t k = j;
        while (k < n && is_ident((unsigned char)s[k]))
            k++;
        if (k == j)
            return -1;
        if (numeric_rule && s[j] == '0' && k - j > 1 && all_digits(s + j, k - j))
            return -1;
        j = k;
        if (j < n && s[j] == '.') {
            j++;
            continue;
        }
        break;
    }
    *i = j;
    return 0;
}

/* Parses exactly "MAJOR.MINOR.PATCH[-PRE][+BUILD]" (no prefix). */
static int parse_core(const char *s, size_t n, sv_ver *v)
{
    size_t i = 0;
    memset(v, 0, sizeof *v);
    for (int k = 0; k < 3; k++) {
        if (k > 0) {
            if (i >= n || s[i] != '.')
                return -1;
            i++;
        }
        if (read_number(s, n, &i, &v->num[k]) < 0)
            return -1;
    }
    if (i < n && s[i] == '-') {
        size_t start = ++i;
        if (read_idents(s, n, &i, 1) < 0)
            return -1;
        v->pre.p = s + start;
        v->pre.n = i - start;
    }
    if (i < n && s[i] == '+') {
        i++;
        if (read_idents(s, n, &i, 0) < 0)
            return -1;
    }
    return i == n ? 0 : -1;
}

/* A version as pwi_semver_valid() documents it: white space around it and
 * a loose prefix of "v", "=" and white space ([v=\s]* in node-semver). */
static int parse_version(const char *s, sv_ver *v)
{
    if (!s)
        return -1;
    size_t n = strnlen(s, SV_MAX_LENGTH + 1);
    if (n > SV_MAX_LENGTH)
        return -1;
    js_trim(&s, &n);
    for (;;) {
        size_t k = js_space_at((const unsigned char *)s, n);
        if (k == 0 && n > 0 && (s[0] == 'v' || s[0] == '='))
            k = 1;
        if (k == 0)
            break;
        s += k;
        n -= k;
    }
    return parse_core(s, n, v);
}

/* Compares one pre-release identifier with another (SemVer 11.4). */
static int ident_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    int ad = all_digits(a, an), bd = all_digits(b, bn);
    if (ad && bd)
        return num_cmp((sv_span){a, an}, (sv_span){b, bn});
    if (ad != bd)
        return ad ? -1 : 1;
    int c = memcmp(a, b, an < bn ? an : bn);
    if (c)
        return c < 0 ? -1 : 1;
    return (an > bn) - (an < bn);
}

static int pre_cmp(sv_span a, sv_span b)
{
    if (a.n == 0 || b.n == 0)
        return (a.n == 0) - (b.n == 0); /* a release sorts after its pre-releases */
    size_t i = 0, j = 0;
    for (;;) {
        size_t ie = i, je = j;
        while (ie < a.n && a.p[ie] != '.')
            ie++;
        while (je < b.n && b.p[je] != '.')
            je++;
        int c = ident_cmp(a.p + i, ie - i, b.p + j, je - j);
        if (c)
            return c;
        i = ie + 1;
        j = je + 1;
        int a_done = i > a.n, b_done = j > b.n;
        if (a_done || b_done)
            return b_done - a_done; /* more identifiers sort later */
    }
}

static int ver_cmp(const sv_ver *a, const sv_ver *b)
{
    for (int k = 0; k < 3; k++) {
        int c = num_cmp(a->num[k], b->num[k]);
        if (c)
            return c;
    }
    return pre_cmp(a->pre, b->pre);
}

int pwi_semver_valid(const char *s)
{
    sv_ver v;
    return parse_version(s, &v) == 0;
}

int pwi_semver_cmp(const char *a, const char *b, int *out)
{
    sv_ver va, vb;
    if (!out || parse_version(a, &va) < 0 || parse_version(b, &vb) < 0)
        return -1;
    *out = ver_cmp(&va, &vb);
    return 0;
}

/* ---- output buffers ---------------------------------------------------- */

typedef struct {
    char b[SV_BUF];
    size_t n;
    int full; /* something did not fit: the caller rejects the range */
} sv_out;

static void out_add(sv_out *o, const char *s, size_t n)
{
    if (n > sizeof o->b - o->n) {
        o->full = 1;
        return;
    }
    memcpy(o->b + o->n, s, n);
    o->n += n;
}

static void out_str(sv_out *o, const char *s)
{
    out_add(o, s, strlen(s));
}

static void out_span(sv_out *o, sv_span s)
{
    out_add(o, s.p, s.n);
}

/* Appends the decimal digit string d plus one. */
static void out_inc(sv_out *o, sv_span d)
{
    size_t k = d.n;
    while (k > 0 && d.p[k - 1] == '9')
        k--;
    if (k == 0) {
        out_add(o, "1", 1);
    } else {
        out_add(o, d.p, k - 1);
        char c = (char)(d.p[k - 1] + 1);
        out_add(o, &c, 1);
    }
    for (size_t i = k; i < d.n; i++)
        out_add(o, "0", 1);
}

/* ---- node-semver's token grammar (its "safe" regexes) ------------------ */

/* XRANGEIDENTIFIER (0|[1-9]\d{0,256}|x|X|\*) at s[i]: its end, or NPOS. */
static size_t match_xr_id(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return SV_NPOS;
    char c = s[i];
    if (c == 'x' || c == 'X' || c == '*' || c == '0')
        return i + 1;
    if (c < '1' || c > '9')
        return SV_NPOS;
    size_t j = i + 1;
    while (j < n && is_digit((unsigned char)s[j]) && j - i <= SV_MAX_DIGITS)
        j++;
    return j;
}

/* PRERELEASEIDENTIFIER at s[i]: its end, or NPOS. */
static size_t match_pre_id(const char *s, size_t n, size_t i)
{
    size_t d = i;
    while (d < n && is_digit((unsigned char)s[d]))
        d++;
    if (d < n && (is_alpha((unsigned char)s[d]) || s[d] == '-')) {
        /* \d{0,256}[a-zA-Z-][a-zA-Z0-9-]{0,250} */
        if (d - i > SV_MAX_DIGITS)
            return SV_NPOS;
        size_t j = d + 1;
        while (j < n && is_ident((unsigned char)s[j]))
            j++;
        return j - d - 1 > SV_MAX_IDENT ? SV_NPOS : j;
    }
    if (d == i)
        return SV_NPOS;
    if (s[i] == '0')
        return i + 1; /* the caller then meets a digit and fails */
    return d - i > SV_MAX_DIGITS + 1 ? SV_NPOS : d;
}

/* BUILD (\+[a-zA-Z0-9-]{1,250}(\.[a-zA-Z0-9-]{1,250})*) at s[i]. */
static size_t match_build(const char *s, size_t n, size_t i)
{
    if (i >= n || s[i] != '+')
        return SV_NPOS;
    size_t j = i + 1;
    for (;;) {
        size_t k = j;
        while (k < n && is_ident((unsigned char)s[k]))
            k++;
        if (k == j || k - j > SV_MAX_IDENT)
            return SV_NPOS;
        j = k;
        if (j + 1 < n && s[j] == '.' && is_ident((unsigned char)s[j + 1])) {
            j++;
            continue;
        }
        return j;
    }
}

/* An XRANGEPLAIN match: [v=\s]* then up to three parts, and after the
 * third an optional pre-release and build. */
typedef struct {
    sv_span part[3]; /* n == 0: absent */
    sv_span pre;     /* n == 0: none */
    size_t end;
} sv_xr;

/* Matches the longest XRANGEPLAIN at s[i]; *x->end is where it stops.
 * Every caller needs a particular character (or the end) right after it,
 * and a shorter match would stop at ".", "-", "+" or inside a number, so
 * the longest match is the only candidate a backtracking regex has. */
static int match_xrp(const char *s, size_t n, size_t i, sv_xr *x)
{
    memset(x, 0, sizeof *x);
    while (i < n && (s[i] == 'v' || s[i] == '=' || s[i] == ' '))
        i++;
    for (int k = 0; k < 3; k++) {
        size_t at = i;
        if (k > 0) {
            if (i >= n || s[i] != '.')
                break;
            at = i + 1;
        }
        size_t e = match_xr_id(s, n, at);
        if (e == SV_NPOS) {
            if (k == 0)
                return -1;
            break;
        }
        x->part[k].p = s + at;
        x->part[k].n = e - at;
        i = e;
    }
    if (x->part[2].n) {
        if (i < n && s[i] == '-') {
            size_t j = i + 1, e = match_pre_id(s, n, j);
            while (e != SV_NPOS && e < n && s[e] == '.') {
                size_t f = match_pre_id(s, n, e + 1);
                if (f == SV_NPOS)
                    break;
                e = f;
            }
            if (e != SV_NPOS) {
                x->pre.p = s + j;
                x->pre.n = e - j;
                i = e;
            }
        }
        size_t b = match_build(s, n, i);
        if (b != SV_NPOS)
            i = b;
    }
    x->end = i;
    return 0;
}

static int is_x(sv_span p)
{
    return p.n == 0 || (p.n == 1 && (p.p[0] == 'x' || p.p[0] == 'X' || p.p[0] == '*'));
}

/* ---- comparators ------------------------------------------------------- */

/* What one set (the comparators between two "||") has seen so far. */
typedef struct {
    const sv_ver *v;
    int holds;    /* every comparator holds */
    int pre_ok;   /* a comparator with a pre-release on v's major.minor.patch */
    int only_any; /* every comparator is "" (any version) */
    int bad;      /* a comparator did not parse */
} sv_set;

/* The final step: replaceGTE0() and new Comparator() on one comparator
 * string, then Comparator.test() against the version. */
static void set_add(sv_set *st, const char *c, size_t n)
{
    if (n == 0 || (n == 7 && memcmp(c, ">=0.0.0", 7) == 0))
        return; /* any version */
    size_t i = 0;
    if (c[i] == '<' || c[i] == '>')
        i++;
    if (i < n && c[i] == '=')
        i++;
    size_t op_n = i;
    if (i < n && c[i] == 'v')
        i++;
    sv_ver cv;
    if (n - op_n > SV_MAX_LENGTH || parse_core(c + i, n - i, &cv) < 0) {
        st->bad = 1;
        return;
    }
    st->only_any = 0;
    int r = ver_cmp(st->v, &cv), ok;
    if (op_n == 0 || (op_n == 1 && c[0] == '='))
        ok = r == 0;
    else if (c[0] == '<')
        ok = op_n == 1 ? r < 0 : r <= 0;
    else
        ok = op_n == 1 ? r > 0 : r >= 0;
    if (!ok)
        st->holds = 0;
    if (cv.pre.n && span_eq(cv.num[0], st->v->num[0]) &&
        span_eq(cv.num[1], st->v->num[1]) && span_eq(cv.num[2], st->v->num[2]))
        st->pre_ok = 1;
}

/* Feeds the space-separated comparators of o to set_add(). */
static void set_add_all(sv_set *st, const sv_out *o)
{
    if (o->full) {
        st->bad = 1;
        return;
    }
    size_t i = 0;
    while (i <= o->n) {
        size_t j = i;
        while (j < o->n && o->b[j] != ' ')
            j++;
        set_add(st, o->b + i, j - i);
        i = j + 1;
    }
}

/* ">=M.m.p" / "<M.m.p-0" helpers for the rewrites below. */
static void put_cmp(sv_out *o, const char *op, sv_span a, int inc_a, sv_span b, int inc_b,
                    sv_span c, int inc_c, const char *tail)
{
    out_str(o, op);
    if (inc_a)
        out_inc(o, a);
    else
        out_span(o, a);
    out_add(o, ".", 1);
    if (inc_b)
        out_inc(o, b);
    else
        out_span(o, b);
    out_add(o, ".", 1);
    if (inc_c)
        out_inc(o, c);
    else
        out_span(o, c);
    out_str(o, tail);
}

static const sv_span ZERO = {"0", 1};

/* replaceCaret() for a token that matched CARET. */
static void rewrite_caret(const sv_xr *x, sv_out *o)
{
    sv_span M = x->part[0], m = x->part[1], p = x->part[2];
    int m0 = M.n == 1 && M.p[0] == '0', mm0 = m.n == 1 && m.p[0] == '0';
    if (is_x(M))
        return;
    if (is_x(m)) {
        put_cmp(o, ">=", M, 0, ZERO, 0, ZERO, 0, " ");
        put_cmp(o, "<", M, 1, ZERO, 0, ZERO, 0, "-0");
    } else if (is_x(p)) {
        put_cmp(o, ">=", M, 0, m, 0, ZERO, 0, " ");
        if (m0)
            put_cmp(o, "<", M, 0, m, 1, ZERO, 0, "-0");
        else
            put_cmp(o, "<", M, 1, ZERO, 0, ZERO, 0, "-0");
    } else {
        put_cmp(o, ">=", M, 0, m, 0, p, 0, "");
        if (x->pre.n) {
            out_add(o, "-", 1);
            out_span(o, x->pre);
        }
        out_add(o, " ", 1);
        if (m0 && mm0)
            put_cmp(o, "<", M, 0, m, 0, p, 1, "-0");
        else if (m0)
            put_cmp(o, "<", M, 0, m, 1, ZERO, 0, "-0");
        else
            put_cmp(o, "<", M, 1, ZERO, 0, ZERO, 0, "-0");
    }
}

/* replaceTilde() for a token that matched TILDE. */
static void rewrite_tilde(const sv_xr *x, sv_out *o)
{
    sv_span M = x->part[0], m = x->part[1], p = x->part[2];
    if (is_x(M))
        return;
    if (is_x(m)) {
        put_cmp(o, ">=", M, 0, ZERO, 0, ZERO, 0, " ");
        put_cmp(o, "<", M, 1, ZERO, 0, ZERO, 0, "-0");
        return;
    }
    if (is_x(p)) {
        put_cmp(o, ">=", M, 0, m, 0, ZERO, 0, " ");
    } else {
        put_cmp(o, ">=", M, 0, m, 0, p, 0, "");
        if (x->pre.n) {
            out_add(o, "-", 1);
            out_span(o, x->pre);
        }
        out_add(o, " ", 1);
    }
    put_cmp(o, "<", M, 0, m, 1, ZERO, 0, "-0");
}

/* replaceXRange() for a token that matched XRANGE with at least one X
 * (gtlt is the operator text, gl its length). */
static void rewrite_xrange(const char *gtlt, size_t gl, const sv_xr *x, sv_out *o)
{
    sv_span M = x->part[0], m = x->part[1];
    int xM = is_x(M), xm = xM || is_x(m);
    if (gl == 1 && gtlt[0] == '=')
        gl = 0;
    if (xM) {
        if (gl == 1 && gtlt[0] != '=')
            out_str(o, "<0.0.0-0"); /* nothing is allowed */
        return;                     /* else: nothing is forbidden */
    }
    if (gl == 0) {
        if (xm) {
            put_cmp(o, ">=", M, 0, ZERO, 0, ZERO, 0, " ");
            put_cmp(o, "<", M, 1, ZERO, 0, ZERO, 0, "-0");
        } else {
            put_cmp(o, ">=", M, 0, m, 0, ZERO, 0, " ");
            put_cmp(o, "<", M, 0, m, 1, ZERO, 0, "-0");
        }
        return;
    }
    sv_span mm = xm ? ZERO : m;
    if (gl == 1 && gtlt[0] == '>') /* >1 => >=2.0.0, >1.2 => >=1.3.0 */
        put_cmp(o, ">=", M, xm, mm, !xm, ZERO, 0, "");
    else if (gl == 2 && gtlt[0] == '<') /* <=1.2 => <1.3.0-0 */
        put_cmp(o, "<", M, xm, mm, !xm, ZERO, 0, "-0");
    else if (gtlt[0] == '<')
        put_cmp(o, "<", M, 0, mm, 0, ZERO, 0, "-0");
    else
        put_cmp(o, ">=", M, 0, mm, 0, ZERO, 0, "");
}

/* parseComparator() on one space-free token, then the comparators. */
static void add_token(sv_set *st, const char *t, size_t n)
{
    sv_out o;
    o.n = 0;
    o.full = 0;
    sv_xr x;
    if (n > 0 && t[0] == '^' && match_xrp(t, n, 1, &x) == 0 && x.end == n) {
        rewrite_caret(&x, &o);
        set_add_all(st, &o);
        return;
    }
    if (n > 0 && t[0] == '~') {
        size_t i = (n > 1 && t[1] == '>') ? 2 : 1;
        if (match_xrp(t, n, i, &x) == 0 && x.end == n) {
            rewrite_tilde(&x, &o);
            set_add_all(st, &o);
            return;
        }
    }
    size_t gl = 0;
    if (gl < n && (t[gl] == '<' || t[gl] == '>'))
        gl++;
    if (gl < n && t[gl] == '=')
        gl++;
    if (match_xrp(t, n, gl, &x) == 0 && x.end == n) {
        sv_span M = x.part[0], m = x.part[1], p = x.part[2];
        int bad_order = (is_x(M) && m.n && !is_x(m)) || (is_x(m) && p.n && !is_x(p));
        if (!bad_order && (is_x(M) || is_x(m) || is_x(p))) {
            rewrite_xrange(t, gl, &x, &o);
            set_add_all(st, &o);
            return;
        }
    }
    /* replaceStars(): drop the first (<|>)?=?\s*\* of the token */
    for (size_t i = 0; i < n; i++) {
        size_t k = i;
        if (t[k] == '<' || t[k] == '>')
            k++;
        if (k < n && t[k] == '=')
            k++;
        if (k < n && t[k] == '*') {
            out_add(&o, t, i);
            out_add(&o, t + k + 1, n - k - 1);
            set_add_all(st, &o);
            return;
        }
    }
    set_add(st, t, n);
}

/* ---- whole-range rewrites ---------------------------------------------- */

/* Removes every build metadata (\+id(\.id)*) as Range.parseRange() does. */
static void strip_builds(const char *s, size_t n, sv_out *o)
{
    o->n = 0;
    o->full = 0;
    size_t i = 0;
    while (i < n) {
        if (s[i] == '+' && i + 1 < n && is_ident((unsigned char)s[i + 1])) {
            size_t j = i + 1;
            while (j < n && is_ident((unsigned char)s[j]))
                j++;
            while (j + 1 < n && s[j] == '.' && is_ident((unsigned char)s[j + 1])) {
                j++;
                while (j < n && is_ident((unsigned char)s[j]))
                    j++;
            }
            i = j;
            continue;
        }
        out_add(o, s + i, 1);
        i++;
    }
}

/* HYPHENRANGE (^\s?(XRP)\s-\s(XRP)\s?$) and hyphenReplace(); copies s
 * unchanged when it is no hyphen range. */
static void rewrite_hyphen(const char *s, size_t n, sv_out *o)
{
    o->n = 0;
    o->full = 0;
    sv_xr f, t;
    size_t i = (n > 0 && s[0] == ' ') ? 1 : 0;
    if (match_xrp(s, n, i, &f) < 0 || f.end + 3 > n || s[f.end] != ' ' ||
        s[f.end + 1] != '-' || s[f.end + 2] != ' ' ||
        match_xrp(s, n, f.end + 3, &t) < 0 ||
        !(t.end == n || (t.end + 1 == n && s[t.end] == ' '))) {
        out_add(o, s, n);
        return;
    }
    sv_span from = {s + i, f.end - i}, to = {s + f.end + 3, t.end - f.end - 3};
    size_t mark = o->n;
    if (is_x(f.part[0])) {
        /* from is "" */
    } else if (is_x(f.part[1])) {
        put_cmp(o, ">=", f.part[0], 0, ZERO, 0, ZERO, 0, "");
    } else if (is_x(f.part[2])) {
        put_cmp(o, ">=", f.part[0], 0, f.part[1], 0, ZERO, 0, "");
    } else {
        out_str(o, ">=");
        out_span(o, from);
    }
    if (o->n > mark)
        out_add(o, " ", 1);
    if (is_x(t.part[0])) {
        /* to is "" */
    } else if (is_x(t.part[1])) {
        put_cmp(o, "<", t.part[0], 1, ZERO, 0, ZERO, 0, "-0");
    } else if (is_x(t.part[2])) {
        put_cmp(o, "<", t.part[0], 0, t.part[1], 1, ZERO, 0, "-0");
    } else if (t.pre.n) {
        put_cmp(o, "<=", t.part[0], 0, t.part[1], 0, t.part[2], 0, "-");
        out_span(o, t.pre);
    } else {
        out_str(o, "<=");
        out_span(o, to);
    }
    if (o->n > mark && o->b[o->n - 1] == ' ')
        o->n--; /* `${from} ${to}`.trim() */
}

/* The scanner of node-semver's internal/trim-comparator-whitespace.js,
 * which reproduces where the old COMPARATORTRIM regex matched. s holds
 * only " " as white space by now. */
#define AT(i) ((i) < n ? (unsigned char)s[i] : 0)

static int is_vprefix(int c)
{
    return c == 'v' || c == '=' || c == ' ';
}

static int is_vstart(int c)
{
    return is_digit(c) || c == 'x' || c == 'X' || c == '*';
}

static size_t tw_digits(const char *s, size_t n, size_t start, size_t limit)
{
    size_t end = start;
    while (end < n && is_digit((unsigned char)s[end]) && end - start < limit)
        end++;
    return end;
}

static size_t tw_number(const char *s, size_t n, size_t start, int loose)
{
    if (!loose && AT(start) == '0')
        return start + 1;
    return tw_digits(s, n, start, loose ? SV_MAX_LENGTH : SV_MAX_LENGTH + 1);
}

static size_t tw_pre_id(const char *s, size_t n, size_t start, int loose)
{
    size_t d = tw_digits(s, n, start, SV_MAX_LENGTH);
    if (is_alpha(AT(d)) || AT(d) == '-') {
        size_t end = d + 1, limit = end + SV_MAX_IDENT;
        while (end < limit && is_ident(AT(end)))
            end++;
        return end;
    }
    return tw_number(s, n, start, loose);
}

static size_t tw_pre(const char *s, size_t n, size_t start, int loose)
{
    int hyphen = AT(start) == '-';
    if (!loose && !hyphen)
        return start;
    size_t id = start + (hyphen ? 1 : 0);
    size_t end = tw_pre_id(s, n, id, loose);
    if (end == id) {
        if (!loose || !hyphen)
            return start;
        end = tw_pre_id(s, n, start, loose);
    }
    while (AT(end) == '.') {
        size_t next = tw_pre_id(s, n, end + 1, loose);
        if (next == end + 1)
            break;
        end = next;
    }
    return end;
}

static size_t tw_build_id(const char *s, size_t n, size_t start)
{
    size_t end = start;
    while (end - start < SV_MAX_IDENT && is_ident(AT(end)))
        end++;
    return end;
}

static size_t tw_build(const char *s, size_t n, size_t start)
{
    if (AT(start) != '+')
        return start;
    size_t end = tw_build_id(s, n, start + 1);
    if (end == start + 1)
        return start;
    while (AT(end) == '.') {
        size_t next = tw_build_id(s, n, end + 1);
        if (next == end + 1)
            break;
        end = next;
    }
    return end;
}

static size_t tw_loose_full(const char *s, size_t n, size_t start)
{
    size_t end = start;
    for (int k = 0; k < 3; k++) {
        size_t next = tw_number(s, n, end, 1);
        if (next == end)
            return start;
        end = next;
        if (k < 2) {
            if (AT(end) != '.')
                return start;
            end++;
        }
    }
    return tw_build(s, n, tw_pre(s, n, end, 1));
}

static size_t tw_partial_part(const char *s, size_t n, size_t start)
{
    if (is_digit(AT(start)))
        return tw_number(s, n, start, 0);
    return is_vstart(AT(start)) ? start + 1 : start;
}

static size_t tw_partial(const char *s, size_t n, size_t start)
{
    size_t end = tw_partial_part(s, n, start);
    for (int k = 0; k < 2; k++) {
        if (AT(end) != '.')
            return end;
        size_t next = tw_partial_part(s, n, end + 1);
        if (next == end + 1)
            return end;
        end = next;
    }
    return tw_build(s, n, tw_pre(s, n, end, 0));
}

static size_t tw_version(const char *s, size_t n, size_t start)
{
    size_t full = tw_loose_full(s, n, start);
    return full != start ? full : tw_partial(s, n, start);
}

static void trim_comparators(const char *s, size_t n, sv_out *o)
{
    o->n = 0;
    o->full = 0;
    size_t copy_from = 0, cursor = 0;
    while (cursor < n) {
        size_t match = cursor;
        int c = (unsigned char)s[cursor];
        if (c == '<' || c == '>') {
            cursor++;
        } else if (!is_vprefix(c) && !is_vstart(c)) {
            cursor++;
            continue;
        }
        while (cursor < n && is_vprefix((unsigned char)s[cursor]))
            cursor++;
        if (!is_vstart(AT(cursor)))
            continue;
        size_t p = match;
        if (AT(p) == ' ')
            p++;
        if (AT(p) == '<' || AT(p) == '>')
            p++;
        if (AT(p) == '=')
            p++;
        if (AT(p) == ' ') {
            out_add(o, s + copy_from, p - copy_from);
            copy_from = p + 1;
        }
        cursor = tw_version(s, n, cursor);
    }
    out_add(o, s + copy_from, n - copy_from);
}

#undef AT

/* TILDETRIM / CARETTRIM: "~ ", "~> " become "~", "^ " becomes "^". */
static void trim_lone(const char *s, size_t n, char op, sv_out *o)
{
    o->n = 0;
    o->full = 0;
    size_t i = 0;
    while (i < n) {
        if (s[i] == op) {
            size_t j = i + 1;
            if (op == '~' && j + 1 < n && s[j] == '>' && s[j + 1] == ' ') {
                out_add(o, "~", 1);
                i = j + 2;
                continue;
            }
            if (j < n && s[j] == ' ') {
                out_add(o, &op, 1);
                i = j + 1;
                continue;
            }
        }
        out_add(o, s + i, 1);
        i++;
    }
}

/* One alternative (between "||", trimmed): 1 when v is in it, 0 when
 * not, -1 when it is no valid range. *any is set when it means "any
 * version" (every comparator is ""). */
static int test_set(const char *s, size_t n, const sv_ver *v, int *any)
{
    sv_out a, b;
    strip_builds(s, n, &a);
    rewrite_hyphen(a.b, a.n, &b);
    if (a.full || b.full)
        return -1;
    trim_comparators(b.b, b.n, &a);
    if (a.full)
        return -1;
    trim_lone(a.b, a.n, '~', &b);
    trim_lone(b.b, b.n, '^', &a);
    if (b.full || a.full)
        return -1;

    sv_set st = {v, 1, 0, 1, 0};
    size_t i = 0;
    while (i <= a.n) {
        size_t j = i;
        while (j < a.n && a.b[j] != ' ')
            j++;
        add_token(&st, a.b + i, j - i);
        if (st.bad)
            return -1;
        i = j + 1;
    }
    *any = st.only_any;
    if (!st.holds)
        return 0;
    return v->pre.n == 0 || st.pre_ok;
}

int pwi_semver_satisfies(const char *range, const char *version)
{
    sv_ver v;
    if (!range || parse_version(version, &v) < 0)
        return -1;
    size_t rn = strnlen(range, SV_MAX_RANGE + 1);
    if (rn > SV_MAX_RANGE)
        return -1;
    js_trim(&range, &rn);

    /* range.trim().replace(/\s+/g, " ") */
    char raw[SV_MAX_RANGE + 1];
    size_t n = 0;
    for (size_t i = 0; i < rn;) {
        size_t k = js_space_at((const unsigned char *)range + i, rn - i);
        if (k) {
            if (n == 0 || raw[n - 1] != ' ')
                raw[n++] = ' ';
            i += k;
        } else {
            raw[n++] = range[i++];
        }
    }

    /* split("||"); Range drops all other sets when one is "any" (and a
     * pre-release then satisfies nothing, as with "*" alone) */
    int matched = 0, any_set = 0;
    size_t i = 0;
    for (;;) {
        size_t j = i;
        while (j < n && !(raw[j] == '|' && j + 1 < n && raw[j + 1] == '|'))
            j++;
        const char *alt = raw + i;
        size_t an = j - i;
        while (an > 0 && alt[0] == ' ') {
            alt++;
            an--;
        }
        while (an > 0 && alt[an - 1] == ' ')
            an--;
        int any = 0, r = test_set(alt, an, &v, &any);
        if (r < 0)
            return -1;
        matched |= r;
        any_set |= any;
        if (j >= n)
            break;
        i = j + 2;
    }
    if (v.pre.n && any_set)
        return 0;
    return matched;
}
