/* fold-py.c - constant folding of the string expressions Python malware
 * uses to hide names and payloads (contract in lex.h).
 *
 * One left-to-right pass over the tokens. At each token that can start a
 * constant expression a small recursive-descent parser (nesting capped at
 * PARSE_MAX_NEST) evaluates it; on success the scan resumes after it, on
 * failure at the next token. The parser never backtracks between
 * alternatives (forms are told apart by token lookahead) and remembers
 * where it failed, so a token starts a failing parse at most twice: the
 * work stays linear in the tokens, never exponential.
 *
 * Values live in a scratch buffer that is reset for each expression;
 * concatenation and join compact their operands in place, so long chains
 * stay linear. Every value is capped at PWI_FOLD_MAX_VALUE bytes.
 *
 * Decoded payloads that are themselves text are looked at again: a whole
 * value that is base64/hex of text is decoded once more, and other text is
 * lexed as Python and folded, so exec(b64decode('...exec(b64decode(...))'))
 * layers are peeled, each step adding to the depth up to
 * PWI_FOLD_MAX_DEPTH.
 *
 * Not folded: zlib.decompress / marshal.loads (they need inflate or an
 * unmarshaller; the base64 inside is still reported), b85/a85, % and
 * .format() formatting, str.replace, slices other than [::-1], names
 * bound to constants.
 */
#include "lex.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>

#define PARSE_MAX_NEST 64    /* nested parentheses/calls in one expression */
#define CHAIN_MAX 8          /* components of a dotted callee: a.b.c(...) */
#define MEMBER_LOOKBACK 64   /* tokens searched back for getattr( */
#define GUESS_MIN_LITERAL 16 /* a plain literal tried as base64/hex */
#define GUESS_MIN_RESULT 8   /* a decoded value tried as base64/hex */
#define PAYLOAD_MIN 8        /* a decoded value lexed again as Python */

/* A value being folded: bytes in the token arena (a single literal) or
 * in the scratch buffer. */
typedef struct fval {
    int in_scratch;
    size_t off, len;
    unsigned how;   /* PWI_DEC_* */
    unsigned depth; /* decoding steps */
    unsigned parts; /* literal pieces combined */
    int bytes;      /* a bytes value (b'', decoded base64) */
} fval;

typedef struct fold {
    const pwi_tokens *t;
    pwi_decoded_list *out;
    pwi_buf scratch;
    uint8_t *failed; /* tokens where parse_term is known to fail */
    int nest;
    int cap_hit; /* this attempt went past PARSE_MAX_NEST */
    /* When folding a decoded payload: what it came from. */
    unsigned depth_base, how_base;
    int has_anchor;
    pwi_decoded anchor;
} fold;

static void fold_tokens(fold *f);

/* ---- tokens ------------------------------------------------------------------ */

static int tok_kind(const fold *f, size_t i)
{
    return i < f->t->n ? f->t->v[i].kind : -1;
}

/* Text of token i (the lexer stores every token's text or value); "" past
 * the end. */
static const char *tok_text(const fold *f, size_t i, size_t *len)
{
    if (i >= f->t->n) {
        *len = 0;
        return "";
    }
    const pwi_token *k = &f->t->v[i];
    *len = k->val_len;
    return f->t->arena.data ? f->t->arena.data + k->val : "";
}

/* Whether token i has kind and exactly the text s. */
static int tok_is(const fold *f, size_t i, int kind, const char *s)
{
    if (tok_kind(f, i) != kind)
        return 0;
    size_t len, n = strlen(s);
    const char *v = tok_text(f, i, &len);
    return len == n && memcmp(v, s, n) == 0;
}

static int is_punct(const fold *f, size_t i, const char *s)
{
    return tok_is(f, i, PWI_TK_PUNCT, s);
}

static int is_name(const fold *f, size_t i, const char *s)
{
    return tok_is(f, i, PWI_TK_IDENT, s);
}

static int is_keyword(const fold *f, size_t i)
{
    static const char *const kw[] = {
        "and",    "as",   "assert", "async",  "await",  "break",   "class",    "continue",
        "def",    "del",  "elif",   "else",   "except", "finally", "for",      "from",
        "global", "if",   "import", "in",     "is",     "lambda",  "nonlocal", "not",
        "or",     "pass", "raise",  "return", "try",    "while",   "with",     "yield"};
    for (size_t k = 0; k < sizeof kw / sizeof *kw; k++)
        if (is_name(f, i, kw[k]))
            return 1;
    return 0;
}


/* Value of integer literal token i (1_000, 0x63, 0o143, 0b1, Python 2's
 * 0143 and 99L), or -1 when it is not one or exceeds limit. */
static long tok_int(const fold *f, size_t i, long limit)
{
    size_t len, j = 0;
    if (tok_kind(f, i) != PWI_TK_NUMBER)
        return -1;
    const char *s = tok_text(f, i, &len);
    int base = 10;
    if (len >= 2 && s[0] == '0') {
        char k = (char)(s[1] | 0x20);
        base = k == 'x' ? 16 : k == 'o' ? 8 : k == 'b' ? 2 : 8;
        j = (k == 'x' || k == 'o' || k == 'b') ? 2 : 1;
    }
    long v = 0;
    int digits = 0;
    for (; j < len; j++) {
        char c = s[j];
        if (c == '_')
            continue;
        if ((c | 0x20) == 'l' && j + 1 == len)
            break;
        int d = pwi_hex_digit((unsigned char)c);
        if (d < 0 || d >= base)
            return -1;
        v = v * base + d;
        if (v > limit)
            return -1;
        digits++;
    }
    return digits ? v : -1;
}

/* An integer literal at *pos, optionally negative. */
static int parse_int(const fold *f, size_t *pos, long *out)
{
    size_t p = *pos;
    int neg = is_punct(f, p, "-");
    long v = tok_int(f, p + (size_t)neg, 0x7fffffffL);
    if (v < 0)
        return 0;
    *out = neg ? -v : v;
    *pos = p + (size_t)neg + 1;
    return 1;
}

/* ---- values in scratch ------------------------------------------------------- */

static const char *v_data(const fold *f, const fval *v)
{
    const pwi_buf *b = v->in_scratch ? &f->scratch : &f->t->arena;
    return b->data ? b->data + v->off : "";
}

/* A copy of v's bytes that survives scratch growth; free *tmp after. */
static const char *v_stable(const fold *f, const fval *v, char **tmp)
{
    *tmp = NULL;
    if (!v->in_scratch)
        return v_data(f, v);
    *tmp = pwi_xmalloc(v->len + 1);
    if (v->len)
        memcpy(*tmp, v_data(f, v), v->len);
    return *tmp;
}

static void scratch_truncate(fold *f, size_t len)
{
    f->scratch.len = len;
    if (f->scratch.data)
        f->scratch.data[len] = '\0';
}

/* Starts an empty value at the end of scratch. */
static void v_new(fold *f, fval *v)
{
    memset(v, 0, sizeof *v);
    v->in_scratch = 1;
    v->off = f->scratch.len;
}

/* Moves v to the end of scratch (if not already there) so it can grow. */
static void v_own(fold *f, fval *v)
{
    if (v->in_scratch && v->off + v->len == f->scratch.len)
        return;
    char *tmp;
    const char *s = v_stable(f, v, &tmp);
    size_t n = v->len > PWI_FOLD_MAX_VALUE ? PWI_FOLD_MAX_VALUE : v->len;
    v->off = f->scratch.len;
    v->len = n;
    v->in_scratch = 1;
    pwi_buf_add(&f->scratch, s, n);
    free(tmp);
}

/* Appends s[0..n) (not pointing into scratch) to v, which must end at the
 * end of scratch; the value is capped at PWI_FOLD_MAX_VALUE. */
static void v_put(fold *f, fval *v, const char *s, size_t n)
{
    if (v->len + n > PWI_FOLD_MAX_VALUE)
        n = PWI_FOLD_MAX_VALUE - v->len;
    if (n == 0)
        return;
    pwi_buf_add(&f->scratch, s, n);
    v->len += n;
}

/* Appends code point cp (as UTF-8, or as one byte when bytes) to v. */
static void v_put_cp(fold *f, fval *v, long cp, int bytes)
{
    if (v->len + 4 > PWI_FOLD_MAX_VALUE)
        return;
    size_t before = f->scratch.len;
    if (bytes)
        pwi_buf_addc(&f->scratch, (char)cp);
    else
        pwi_utf8_put(&f->scratch, (uint32_t)cp);
    v->len += f->scratch.len - before;
}

/* v += w, where v ended at mark before w was computed (w lies in the token
 * arena or in scratch after mark); garbage after mark is dropped. */
static void v_concat(fold *f, fval *v, size_t mark, const fval *w)
{
    size_t n = w->len;
    if (v->len + n > PWI_FOLD_MAX_VALUE)
        n = PWI_FOLD_MAX_VALUE - v->len;
    if (w->in_scratch) {
        if (n && w->off != mark)
            memmove(f->scratch.data + mark, f->scratch.data + w->off, n);
        scratch_truncate(f, mark + n);
        v->len += n;
    } else {
        scratch_truncate(f, mark);
        v_put(f, v, v_data(f, w), n);
    }
    v->how |= w->how;
    v->parts += w->parts;
    if (w->depth > v->depth)
        v->depth = w->depth;
}

/* ---- text helpers -------------------------------------------------------------- */

/* Decodes the UTF-8 sequence at s[*i] (a stray byte stands for itself). */
static long utf8_next(const char *s, size_t n, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = u[*i];
    size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    if (c >= 0xf8 || (c >= 0x80 && c < 0xc0) || *i + len > n)
        len = 1;
    long cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
    for (size_t k = 1; k < len; k++) {
        if ((u[*i + k] & 0xc0) != 0x80) {
            (*i)++;
            return c;
        }
        cp = cp << 6 | (u[*i + k] & 0x3f);
    }
    *i += len;
    return cp;
}

/* Counts bytes of s that are text: printable ASCII, tab, CR, LF or part
 * of a well-formed UTF-8 sequence. */
static size_t text_bytes(const char *s, size_t n)
{
    size_t good = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t at = i;
        long cp = utf8_next(s, n, &i);
        if ((c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n' || c == '\r' ||
            (c >= 0xc0 && i - at > 1 && cp >= 0xa0))
            good += i - at;
    }
    return good;
}

static int is_all_text(const char *s, size_t n)
{
    return n > 0 && text_bytes(s, n) == n;
}

static int is_mostly_text(const char *s, size_t n)
{
    return n > 0 && text_bytes(s, n) >= n - n / 20;
}

static int one_code_point(const char *s, size_t n)
{
    size_t i = 0;
    if (n == 0)
        return 0;
    utf8_next(s, n, &i);
    return i == n;
}

/* Base32 (RFC 4648; lower case accepted like casefold=True). */
static int decode_base32(const char *s, size_t n, pwi_buf *out)
{
    size_t start = out->len;
    uint32_t acc = 0;
    int bits = 0, pad = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int v;
        if (c == '=') {
            pad = 1;
            continue;
        }
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a';
        else if (c >= '2' && c <= '7')
            v = c - '2' + 26;
        else
            v = -1;
        if (v < 0 || pad) {
            out->len = start;
            if (out->data)
                out->data[start] = '\0';
            return -1;
        }
        acc = acc << 5 | (uint32_t)v;
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            pwi_buf_addc(out, (char)(acc >> bits & 0xff));
        }
    }
    return 0;
}

/* ---- decoding steps ------------------------------------------------------------ */

enum { OP_BASE64, OP_BASE32, OP_HEX, OP_ROT13, OP_REVERSE };

static void reverse_into(pwi_buf *b, const char *s, size_t n, int bytes)
{
    size_t j = n;
    while (j > 0) {
        size_t k = j - 1;
        /* step back over UTF-8 continuation bytes: str reverses by character */
        while (!bytes && k > 0 && j - k < 4 && ((unsigned char)s[k] & 0xc0) == 0x80)
            k--;
        pwi_buf_add(b, s + k, j - k);
        j = k;
    }
}

/* Replaces v by the result of decoding step op. Fails when the input is
 * not valid for the encoding or the depth cap would be passed. */
static int apply_op(fold *f, fval *v, int op)
{
    static const unsigned bit[] = {PWI_DEC_BASE64, PWI_DEC_BASE64, PWI_DEC_HEX,
                                   PWI_DEC_ROT13, PWI_DEC_REVERSE};
    if (f->depth_base + v->depth + 1 > PWI_FOLD_MAX_DEPTH)
        return 0;
    char *tmp;
    const char *s = v_stable(f, v, &tmp);
    size_t off = f->scratch.len;
    int rc = 0;
    switch (op) {
    case OP_BASE64:
        rc = pwi_decode_base64(s, v->len, &f->scratch);
        break;
    case OP_BASE32:
        rc = decode_base32(s, v->len, &f->scratch);
        break;
    case OP_HEX:
        rc = pwi_decode_hex(s, v->len, &f->scratch);
        break;
    case OP_ROT13:
        pwi_decode_rot13(s, v->len, &f->scratch);
        break;
    default:
        reverse_into(&f->scratch, s, v->len, v->bytes);
        break;
    }
    free(tmp);
    if (rc < 0)
        return 0;
    if (f->scratch.len - off > PWI_FOLD_MAX_VALUE)
        scratch_truncate(f, off + PWI_FOLD_MAX_VALUE);
    v->in_scratch = 1;
    v->off = off;
    v->len = f->scratch.len - off;
    v->how |= bit[op];
    v->depth++;
    if (op <= OP_HEX)
        v->bytes = 1;
    return 1;
}

/* Applies codec name enc (codecs.decode(s, enc), s.decode(enc),
 * s.encode(enc)): rot13 either way, hex/base64 when decoding, text
 * encodings as the identity. */
static int apply_codec(fold *f, fval *v, const char *enc, size_t n, int encode)
{
    char name[32];
    size_t k;
    if (n >= sizeof name)
        return 0;
    for (k = 0; k < n; k++) {
        char c = enc[k];
        name[k] = (c == '-' || c == ' ')   ? '_'
                  : (c >= 'A' && c <= 'Z') ? (char)(c | 0x20)
                                           : c;
    }
    name[k] = '\0';
    static const char *const same[] = {"utf_8",    "utf8",      "u8",     "ascii",
                                       "us_ascii", "latin_1",   "latin1", "iso_8859_1",
                                       "l1",       "utf_8_sig", "cp1252"};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++)
        if (strcmp(name, same[i]) == 0) {
            v->bytes = encode;
            return 1;
        }
    if (strcmp(name, "rot13") == 0 || strcmp(name, "rot_13") == 0)
        return apply_op(f, v, OP_ROT13);
    if (encode)
        return 0;
    if (strcmp(name, "hex") == 0 || strcmp(name, "hex_codec") == 0)
        return apply_op(f, v, OP_HEX);
    if (strcmp(name, "base64") == 0 || strcmp(name, "base_64") == 0 ||
        strcmp(name, "base64_codec") == 0)
        return apply_op(f, v, OP_BASE64);
    return 0;
}

/* ---- the parser ---------------------------------------------------------------- */

static int parse_expr(fold *f, size_t *pos, fval *v);
static int parse_term(fold *f, size_t *pos, fval *v);

/* A run of adjacent literals ('ev' "al" is one string in Python). An
 * f-string with a replacement field is not constant. */
static int parse_literals(fold *f, size_t *pos, fval *v)
{
    size_t p = *pos, n = 0;
    while (tok_kind(f, p) == PWI_TK_STRING) {
        const pwi_token *k = &f->t->v[p];
        size_t len;
        const char *s = tok_text(f, p, &len);
        if ((k->flags & PWI_TF_FSTRING) && memchr(s, '{', len))
            return 0;
        if (n == 0) {
            memset(v, 0, sizeof *v);
            v->off = k->val;
            v->len = len;
            v->bytes = !!(k->flags & PWI_TF_BYTES);
        } else {
            v_own(f, v);
            v_put(f, v, s, len);
        }
        if (k->flags & PWI_TF_ESCAPES)
            v->how |= PWI_DEC_ESCAPES;
        n++;
        p++;
    }
    if (n == 0)
        return 0;
    v->parts = (unsigned)n;
    if (n > 1)
        v->how |= PWI_DEC_CONCAT;
    *pos = p;
    return 1;
}

/* One call argument: an optional keyword (its token index in *kw, or
 * SIZE_MAX), then a constant string expression, or a lone number or
 * True/False/None (accepted, *is_str = 0). */
static int parse_arg(fold *f, size_t *pos, fval *v, int *is_str, size_t *kw)
{
    size_t p = *pos;
    *kw = SIZE_MAX;
    if (tok_kind(f, p) == PWI_TK_IDENT && is_punct(f, p + 1, "=")) {
        *kw = p;
        p += 2;
    }
    size_t q = p;
    if (parse_expr(f, &q, v)) {
        *is_str = 1;
    } else if ((tok_kind(f, p) == PWI_TK_NUMBER || is_name(f, p, "True") ||
                is_name(f, p, "False") || is_name(f, p, "None")) &&
               (is_punct(f, p + 1, ",") || is_punct(f, p + 1, ")"))) {
        *is_str = 0;
        q = p + 1;
    } else {
        return 0;
    }
    *pos = q;
    return 1;
}

#define MAX_ARGS 4
typedef struct fargs {
    size_t n;
    fval v[MAX_ARGS];
    int is_str[MAX_ARGS];
    size_t kw[MAX_ARGS];
} fargs;

/* Arguments up to and including ')'; *pos is just after '('. */
static int parse_args(fold *f, size_t *pos, fargs *a)
{
    size_t p = *pos;
    a->n = 0;
    while (!is_punct(f, p, ")")) {
        if (a->n == MAX_ARGS ||
            !parse_arg(f, &p, &a->v[a->n], &a->is_str[a->n], &a->kw[a->n]))
            return 0;
        a->n++;
        if (is_punct(f, p, ","))
            p++;
        else if (!is_punct(f, p, ")"))
            return 0;
    }
    *pos = p + 1;
    return 1;
}

/* The encoding argument of a codec call: positional index at, or the
 * keyword encoding=. NULL (default utf-8) when absent. */
static const fval *codec_arg(const fold *f, const fargs *a, size_t at)
{
    for (size_t i = 0; i < a->n; i++)
        if (a->is_str[i] && ((a->kw[i] == SIZE_MAX && i == at) ||
                             (a->kw[i] != SIZE_MAX && is_name(f, a->kw[i], "encoding"))))
            return &a->v[i];
    return NULL;
}

/* Applies the codec named by e (NULL: utf-8) to v. */
static int apply_codec_val(fold *f, fval *v, const fval *e, int encode)
{
    if (!e)
        return apply_codec(f, v, "utf-8", 5, encode);
    char *tmp;
    const char *s = v_stable(f, e, &tmp);
    int ok = apply_codec(f, v, s, e->len, encode);
    free(tmp);
    return ok;
}

/* Where characters produced by chr()/map()/comprehensions go: a result
 * kept at the end of scratch, with a separator between items. */
typedef struct sink {
    fval *r;
    const char *sep;
    size_t seplen;
    size_t count;
    int bytes; /* bytes([...]) items are bytes, not code points */
} sink;

static int sink_cp(fold *f, sink *k, long cp)
{
    if (cp < 0 || cp > (k->bytes ? 0xff : 0x10ffff))
        return 0;
    if (k->count++ && k->seplen)
        v_put(f, k->r, k->sep, k->seplen);
    v_put_cp(f, k->r, cp, k->bytes);
    return 1;
}

/* chr(v), chr(v op k), chr(ord(v)), chr(ord(v) op k) inside a
 * comprehension: op is 0 or one of + - ^. */
typedef struct xform {
    int ord;
    char op;
    long k;
    size_t var; /* token of the variable */
} xform;

static long xform_apply(const xform *x, long e)
{
    switch (x->op) {
    case '+':
        return e + x->k;
    case '-':
        return e - x->k;
    case '^':
        return e ^ x->k;
    default:
        return e;
    }
}

/* A list or tuple of integer literals at *pos, each sent through x to k. */
static int parse_codes(fold *f, size_t *pos, const xform *x, sink *k)
{
    size_t p = *pos;
    const char *close = is_punct(f, p, "[") ? "]" : is_punct(f, p, "(") ? ")" : NULL;
    if (!close)
        return 0;
    p++;
    while (!is_punct(f, p, close)) {
        long e;
        if (!parse_int(f, &p, &e) || !sink_cp(f, k, xform_apply(x, e)))
            return 0;
        if (is_punct(f, p, ","))
            p++;
        else if (!is_punct(f, p, close))
            return 0;
    }
    *pos = p + 1;
    return 1;
}

/* The characters of a string (or the bytes of a bytes value) sent
 * through x to k; the source is copied out of scratch first. */
static int send_string(fold *f, const fval *src, size_t mark, const xform *x, sink *k)
{
    char *tmp;
    const char *s = v_stable(f, src, &tmp);
    size_t n = src->len;
    int ok = 1;
    scratch_truncate(f, mark);
    for (size_t i = 0; i < n && ok;) {
        long e = src->bytes ? (unsigned char)s[i++] : utf8_next(s, n, &i);
        ok = sink_cp(f, k, xform_apply(x, e));
    }
    free(tmp);
    return ok;
}

/* Whether the tokens at p read "chr ( v [op N] ) for" or
 * "chr ( ord ( v ) [op N] ) for": decides comprehension vs list without
 * parsing twice. Fills x. */
static int read_chr_xform(const fold *f, size_t p, xform *x, size_t *after)
{
    memset(x, 0, sizeof *x);
    if (!is_name(f, p, "chr") || !is_punct(f, p + 1, "("))
        return 0;
    p += 2;
    if (is_name(f, p, "ord") && is_punct(f, p + 1, "(") &&
        tok_kind(f, p + 2) == PWI_TK_IDENT && is_punct(f, p + 3, ")")) {
        x->ord = 1;
        x->var = p + 2;
        p += 4;
    } else if (tok_kind(f, p) == PWI_TK_IDENT) {
        x->var = p++;
    } else {
        return 0;
    }
    static const char ops[] = "+-^";
    for (const char *o = ops; *o; o++) {
        char s[2] = {*o, 0};
        if (is_punct(f, p, s)) {
            x->op = *o;
            x->k = tok_int(f, p + 1, 0x10ffff);
            if (x->k < 0)
                return 0;
            p += 2;
            break;
        }
    }
    if (!is_punct(f, p, ")") || !is_name(f, p + 1, "for"))
        return 0;
    *after = p + 2;
    return 1;
}

static int same_name(const fold *f, size_t a, size_t b)
{
    if (tok_kind(f, b) != PWI_TK_IDENT)
        return 0; /* also past the end */
    size_t la, lb;
    const char *sa = tok_text(f, a, &la), *sb = tok_text(f, b, &lb);
    return la == lb && memcmp(sa, sb, la) == 0;
}

/* "chr(...) for v in SRC" at *pos: SRC is a list of integers, or a
 * string/bytes expression (characters through ord(), bytes as ints). */
static int parse_comprehension(fold *f, size_t *pos, sink *k, fval *r)
{
    xform x;
    size_t p;
    if (!read_chr_xform(f, *pos, &x, &p) || !same_name(f, x.var, p) ||
        !is_name(f, p + 1, "in"))
        return 0;
    p += 2;
    if (!x.ord && (is_punct(f, p, "[") || is_punct(f, p, "("))) {
        if (!parse_codes(f, &p, &x, k))
            return 0;
    } else {
        size_t mark = f->scratch.len;
        fval src;
        if (!parse_expr(f, &p, &src) || src.bytes == x.ord ||
            !send_string(f, &src, mark, &x, k))
            return 0;
        r->how |= src.how;
        if (src.depth > r->depth)
            r->depth = src.depth;
    }
    if (is_name(f, p, "if"))
        return 0; /* filtered comprehensions are not folded */
    *pos = p;
    r->how |= PWI_DEC_CHARCODE;
    r->depth++;
    return 1;
}

/* [e1, e2, ...] or (e1, e2, ...) of string expressions, joined. */
static int parse_elements(fold *f, size_t *pos, sink *k, fval *r)
{
    size_t p = *pos;
    const char *close = is_punct(f, p, "[") ? "]" : ")";
    int comma = 0;
    p++;
    while (!is_punct(f, p, close)) {
        if (k->count++ && k->seplen)
            v_put(f, r, k->sep, k->seplen);
        size_t mark = f->scratch.len;
        fval w;
        if (!parse_expr(f, &p, &w))
            return 0;
        v_concat(f, r, mark, &w);
        if (is_punct(f, p, ",")) {
            p++;
            comma = 1;
        } else if (!is_punct(f, p, close)) {
            return 0;
        }
    }
    /* ('abc') is a string, iterated by character: only the same with '' */
    if (*close == ')' && k->count == 1 && !comma && k->seplen)
        return 0;
    *pos = p + 1;
    return 1;
}

/* The argument of sep.join( ... ) up to and including ')'. */
static int parse_join_arg(fold *f, size_t *pos, sink *k, fval *r)
{
    size_t p = *pos, after;
    xform x;
    int open = is_punct(f, p, "[") || is_punct(f, p, "(");
    if (read_chr_xform(f, p, &x, &after)) { /* generator: join(chr(c) for c in ...) */
        if (!parse_comprehension(f, &p, k, r))
            return 0;
    } else if (open && read_chr_xform(f, p + 1, &x, &after)) { /* [chr(c) for ...] */
        const char *close = is_punct(f, p, "[") ? "]" : ")";
        p++;
        if (!parse_comprehension(f, &p, k, r) || !is_punct(f, p, close))
            return 0;
        p++;
    } else if (is_name(f, p, "map") && is_punct(f, p + 1, "(") &&
               is_name(f, p + 2, "chr") &&
               is_punct(f, p + 3, ",")) { /* map(chr, [...]) */
        memset(&x, 0, sizeof x);
        p += 4;
        if (!parse_codes(f, &p, &x, k) || !is_punct(f, p, ")"))
            return 0;
        p++;
        r->how |= PWI_DEC_CHARCODE;
        r->depth++;
    } else if (open) {
        if (!parse_elements(f, &p, k, r))
            return 0;
    } else { /* a string is an iterable of characters; reversed(s) too */
        int rev = is_name(f, p, "reversed") && is_punct(f, p + 1, "(");
        size_t mark = f->scratch.len;
        fval src;
        memset(&x, 0, sizeof x);
        if (rev)
            p += 2;
        if (!parse_expr(f, &p, &src) || (rev && !is_punct(f, p++, ")")) || src.bytes)
            return 0;
        if (rev && !apply_op(f, &src, OP_REVERSE))
            return 0;
        if (!send_string(f, &src, mark, &x, k))
            return 0;
        r->how |= src.how;
        if (src.depth > r->depth)
            r->depth = src.depth;
    }
    if (!is_punct(f, p, ")"))
        return 0;
    *pos = p + 1;
    return 1;
}

/* sep.join(...): *pos is just after '(' and v is the separator. */
static int parse_join(fold *f, size_t *pos, fval *v)
{
    char *sep_tmp;
    const char *sep = v_stable(f, v, &sep_tmp);
    fval r;
    v_new(f, &r);
    r.bytes = v->bytes;
    r.depth = v->depth;
    r.how = v->how;
    sink k = {&r, sep, v->len, 0, 0};
    int ok = parse_join_arg(f, pos, &k, &r);
    free(sep_tmp);
    if (!ok)
        return 0;
    r.how |= PWI_DEC_JOIN;
    r.parts = 1;
    r.bytes = v->bytes;
    *v = r;
    return 1;
}

/* v.decode(...) / v.encode(...): *pos is just after '('. */
static int parse_codec_method(fold *f, size_t *pos, fval *v, int encode)
{
    fargs a;
    if (!parse_args(f, pos, &a))
        return 0;
    if (a.n && !a.is_str[0] && a.kw[0] == SIZE_MAX)
        return 0;
    return apply_codec_val(f, v, codec_arg(f, &a, 0), encode);
}

/* s[::-1] at p. */
static int is_reverse_slice(const fold *f, size_t p)
{
    return is_punct(f, p, "[") && is_punct(f, p + 1, ":") && is_punct(f, p + 2, ":") &&
           is_punct(f, p + 3, "-") && tok_int(f, p + 4, 1) == 1 &&
           is_punct(f, p + 5, "]");
}

typedef enum fn_kind {
    FN_NONE,
    FN_CHR,
    FN_B64,
    FN_B32,
    FN_HEX,
    FN_DECODE,
    FN_ENCODE,
    FN_BYTES,
    FN_STR
} fn_kind;

static fn_kind callee_kind(const fold *f, size_t i)
{
    static const struct {
        const char *name;
        fn_kind kind;
    } fns[] = {
        {"chr", FN_CHR},
        {"unichr", FN_CHR},
        {"b64decode", FN_B64},
        {"standard_b64decode", FN_B64},
        {"urlsafe_b64decode", FN_B64},
        {"decodebytes", FN_B64},
        {"decodestring", FN_B64},
        {"a2b_base64", FN_B64},
        {"b32decode", FN_B32},
        {"b16decode", FN_HEX},
        {"unhexlify", FN_HEX},
        {"a2b_hex", FN_HEX},
        {"fromhex", FN_HEX},
        {"decode", FN_DECODE},
        {"encode", FN_ENCODE},
        {"bytes", FN_BYTES},
        {"bytearray", FN_BYTES},
        {"str", FN_STR},
    };
    for (size_t k = 0; k < sizeof fns / sizeof *fns; k++)
        if (is_name(f, i, fns[k].name))
            return fns[k].kind;
    return FN_NONE;
}

/* Whether token i is module name m: codecs, or '__import__('codecs')'s
 * string. */
static int names_module(const fold *f, size_t i, const char *m)
{
    return is_name(f, i, m) || tok_is(f, i, PWI_TK_STRING, m);
}

/* chr(N): *pos just after '('. */
static int parse_chr(fold *f, size_t *pos, fval *v)
{
    size_t p = *pos;
    long cp = tok_int(f, p, 0x10ffff);
    if (cp < 0 || !is_punct(f, p + 1, ")") || f->depth_base + 1 > PWI_FOLD_MAX_DEPTH)
        return 0;
    v_new(f, v);
    v_put_cp(f, v, cp, 0);
    v->how = PWI_DEC_CHARCODE;
    v->depth = 1;
    v->parts = 1;
    *pos = p + 2;
    return 1;
}

/* bytes([99, 104]) / bytearray((99, 104)): *pos just after '('. */
static int parse_bytes_list(fold *f, size_t *pos, fval *v)
{
    size_t p = *pos;
    xform x;
    memset(&x, 0, sizeof x);
    v_new(f, v);
    sink k = {v, NULL, 0, 0, 1};
    if (!parse_codes(f, &p, &x, &k) || !is_punct(f, p, ")"))
        return 0;
    v->how = PWI_DEC_CHARCODE;
    v->depth = 1;
    v->parts = 1;
    v->bytes = 1;
    *pos = p + 1;
    return 1;
}

/* The call of a known function whose name is token name (prev: the
 * component before it, or SIZE_MAX); *pos just after '('. */
static int parse_known_call(fold *f, size_t name, size_t prev, size_t *pos, fval *v)
{
    fn_kind kind = callee_kind(f, name);
    if (kind == FN_CHR)
        return parse_chr(f, pos, v);
    if (kind == FN_BYTES && (is_punct(f, *pos, "[") || is_punct(f, *pos, "(")))
        return parse_bytes_list(f, pos, v);
    if (kind == FN_NONE)
        return 0;
    fargs a;
    if (!parse_args(f, pos, &a) || a.n == 0 || !a.is_str[0] || a.kw[0] != SIZE_MAX)
        return 0;
    *v = a.v[0];
    switch (kind) {
    case FN_B64:
        return apply_op(f, v, OP_BASE64);
    case FN_B32:
        return apply_op(f, v, OP_BASE32);
    case FN_HEX:
        return apply_op(f, v, OP_HEX);
    case FN_DECODE:
    case FN_ENCODE:
        /* codecs.decode(s, enc), or a bare decode(s, enc) imported from
         * codecs; x.decode('utf-8') on a name is not constant. */
        if (prev == SIZE_MAX ? a.n < 2 : !names_module(f, prev, "codecs"))
            return 0;
        return apply_codec_val(f, v, codec_arg(f, &a, 1), kind == FN_ENCODE);
    case FN_BYTES:
        v->bytes = 1;
        return 1;
    case FN_STR:
        v->bytes = 0;
        return 1;
    default:
        return 0;
    }
}

/* A call through a dotted name: b64decode(...), base64.b64decode(...),
 * __import__('base64').b64decode(...). */
static int parse_call(fold *f, size_t *pos, fval *v)
{
    size_t p = *pos, prev = SIZE_MAX, last, ncomp = 0;
    if (is_name(f, p, "__import__") && is_punct(f, p + 1, "(") &&
        tok_kind(f, p + 2) == PWI_TK_STRING && is_punct(f, p + 3, ")") &&
        is_punct(f, p + 4, ".")) {
        prev = p + 2;
        p += 5;
    }
    for (;;) {
        if (tok_kind(f, p) != PWI_TK_IDENT || ++ncomp > CHAIN_MAX)
            return 0;
        last = p;
        if (!is_punct(f, p + 1, ".") || tok_kind(f, p + 2) != PWI_TK_IDENT)
            break;
        prev = p;
        p += 2;
    }
    p = last + 1;
    if (!is_punct(f, p, "("))
        return 0;
    p++;
    if (!parse_known_call(f, last, prev, &p, v))
        return 0;
    *pos = p;
    return 1;
}

/* Operators that bind tighter than + (so 'a' * 3 is not the string 'a'). */
static int binds_tighter(const fold *f, size_t p)
{
    static const char *const ops[] = {"*", "/", "//", "%", "@", "**"};
    for (size_t k = 0; k < sizeof ops / sizeof *ops; k++)
        if (is_punct(f, p, ops[k]))
            return 1;
    return 0;
}

/* Marks token i as a known failure, except (under the nesting cap) in
 * the deeper half: there a failure may only mean "too deep", so those
 * tokens stay unmarked and the scan starts there again with a fresh
 * budget. The innermost PARSE_MAX_NEST / 2 levels of any nesting are so
 * always folded whole; only outer layers can be lost. */
static void mark_failed(fold *f, size_t i)
{
    if (!(f->cap_hit && f->nest > PARSE_MAX_NEST / 2))
        f->failed[i] = 1;
}

/* .join(...), .decode(...), .encode(...) and [::-1] applied to v; any
 * other method, attribute, call or subscript makes it non-constant. */
static int parse_postfix_ops(fold *f, size_t *pos, fval *v)
{
    size_t p = *pos;
    for (;;) {
        if (is_punct(f, p, ".") && is_punct(f, p + 2, "(")) {
            size_t q = p + 3;
            int ok;
            if (is_name(f, p + 1, "join"))
                ok = parse_join(f, &q, v);
            else if (is_name(f, p + 1, "decode") || is_name(f, p + 1, "encode"))
                ok = parse_codec_method(f, &q, v, is_name(f, p + 1, "encode"));
            else
                ok = 0;
            if (!ok)
                return 0;
            p = q;
        } else if (is_reverse_slice(f, p)) {
            if (!apply_op(f, v, OP_REVERSE))
                return 0;
            p += 6;
        } else if (is_punct(f, p, ".") || is_punct(f, p, "[") || is_punct(f, p, "(")) {
            return 0;
        } else {
            break;
        }
    }
    *pos = p;
    return 1;
}

/* ('+' term)* after v: the chain ends before the first non-constant
 * term, so 'a' + 'b' + x still folds 'ab' (Python adds left to right). */
static void parse_chain(fold *f, size_t *pos, fval *v)
{
    size_t p = *pos;
    while (is_punct(f, p, "+")) {
        fval save = *v;
        size_t q = p + 1, mark;
        v_own(f, v);
        mark = f->scratch.len;
        fval w;
        if (!parse_term(f, &q, &w)) {
            scratch_truncate(f, mark);
            if (!save.in_scratch)
                *v = save; /* keep a lone literal pointing at the arena */
            break;
        }
        v_concat(f, v, mark, &w);
        v->how |= PWI_DEC_CONCAT;
        p = q;
    }
    *pos = p;
}

/* A run of k '(' is parsed as one nesting level (then ')' and what
 * follows it at each of the k levels), so padding an expression with
 * parentheses does not use up the nesting cap. */
static int parse_parens(fold *f, size_t *pos, fval *v)
{
    size_t p = *pos, k = 0;
    while (is_punct(f, p, "(")) {
        k++;
        p++;
    }
    int ok = parse_expr(f, &p, v);
    for (size_t level = 0; ok && level < k; level++) {
        ok = is_punct(f, p++, ")");
        if (ok && level + 1 < k) {
            ok = parse_postfix_ops(f, &p, v) && !binds_tighter(f, p);
            if (ok)
                parse_chain(f, &p, v);
        }
    }
    if (!ok) {
        for (size_t j = *pos + 1; j < *pos + k; j++)
            mark_failed(f, j); /* the inner '(' fail the same way */
        return 0;
    }
    *pos = p;
    return 1;
}

static int parse_primary(fold *f, size_t *pos, fval *v)
{
    int kind = tok_kind(f, *pos);
    if (kind == PWI_TK_STRING)
        return parse_literals(f, pos, v);
    if (kind == PWI_TK_IDENT)
        return parse_call(f, pos, v);
    if (is_punct(f, *pos, "("))
        return parse_parens(f, pos, v);
    return 0;
}

/* A primary and its postfix operations, not followed by a tighter
 * operator. Failures are remembered per token (the parse is context
 * free), so a token starts a failing parse at most twice and a failed
 * outer attempt costs nothing when the scan reaches its inner tokens:
 * the work stays linear. */
static int parse_term(fold *f, size_t *pos, fval *v)
{
    size_t p = *pos;
    if (p >= f->t->n || f->failed[p])
        return 0;
    if (!parse_primary(f, &p, v) || !parse_postfix_ops(f, &p, v) || binds_tighter(f, p)) {
        mark_failed(f, *pos);
        return 0;
    }
    *pos = p;
    return 1;
}

/* term ('+' term)*, one level of nesting; past PARSE_MAX_NEST it fails
 * (see mark_failed for what is remembered then). */
static int parse_expr(fold *f, size_t *pos, fval *v)
{
    size_t p = *pos;
    if (f->nest >= PARSE_MAX_NEST) {
        f->cap_hit = 1;
        return 0;
    }
    f->nest++;
    int ok = parse_term(f, &p, v);
    if (ok)
        parse_chain(f, &p, v);
    f->nest--;
    if (ok)
        *pos = p;
    return ok;
}

/* ---- results ------------------------------------------------------------------- */

/* Appends one result; 0 when a limit is reached. */
static int push_result(fold *f, const char *s, size_t n, unsigned how, unsigned depth,
                       size_t first, size_t last)
{
    pwi_decoded_list *o = f->out;
    if (o->n >= PWI_FOLD_MAX_RESULTS)
        return 0;
    if (n > PWI_FOLD_MAX_VALUE)
        n = PWI_FOLD_MAX_VALUE;
    if (o->arena.len + n + 1 > UINT32_MAX)
        return 0;
    pwi_decoded d;
    memset(&d, 0, sizeof d);
    d.val = (uint32_t)o->arena.len;
    d.val_len = (uint32_t)n;
    if (pwi_buf_add(&o->arena, s, n) < 0 || pwi_buf_addc(&o->arena, '\0') < 0)
        return 0;
    if (f->has_anchor) {
        d.line = f->anchor.line;
        d.col = f->anchor.col;
        d.tok_first = f->anchor.tok_first;
        d.tok_last = f->anchor.tok_last;
    } else {
        d.line = f->t->v[first].line;
        d.col = f->t->v[first].col;
        d.tok_first = (uint32_t)first;
        d.tok_last = (uint32_t)last;
    }
    d.how = (uint16_t)how;
    d.depth = (uint8_t)depth;
    PW_GROW(o->v, o->cap, o->n + 1);
    o->v[o->n++] = d;
    return 1;
}

/* Whether all of s is hex or base64 of text (at least min chars): the
 * decoded text goes to dec and the PWI_DEC_ bit is returned, else 0. */
static unsigned decode_whole(const char *s, size_t n, size_t min, pwi_buf *dec)
{
    size_t hex = 0;
    if (n < min)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int is_hex = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
        int is_b64 = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
                     c == '+' || c == '/' || c == '-' || c == '_';
        if (!is_b64 && !(c == '=' && i + 2 >= n))
            return 0; /* padding only at the end */
        hex += (size_t)is_hex;
    }
    if (hex == n && n % 2 == 0 && pwi_decode_hex(s, n, dec) == 0 &&
        is_all_text(dec->data, dec->len))
        return PWI_DEC_HEX;
    pwi_buf_reset(dec);
    if (pwi_decode_base64(s, n, dec) == 0 && is_all_text(dec->data, dec->len))
        return PWI_DEC_BASE64;
    pwi_buf_reset(dec);
    return 0;
}

static void report(fold *f, const char *s, size_t n, unsigned how, unsigned depth,
                   size_t first, size_t last);

/* Lexes a decoded payload as Python and folds it; its results are placed
 * at the expression it was decoded from. */
static void fold_payload(fold *f, const char *s, size_t n, unsigned how, unsigned depth,
                         size_t first, size_t last)
{
    unsigned char *copy = pwi_xmalloc(n + 1);
    memcpy(copy, s, n);
    pwi_tokens t;
    pwi_tokens_init(&t);
    pwi_lex_py(copy, n, &t);
    fold sub;
    memset(&sub, 0, sizeof sub);
    sub.t = &t;
    sub.out = f->out;
    pwi_buf_init(&sub.scratch, 0);
    sub.depth_base = depth;
    sub.how_base = how;
    sub.failed = pwi_xcalloc(t.n + 1, 1);
    sub.has_anchor = 1;
    if (f->has_anchor) {
        sub.anchor = f->anchor;
    } else {
        sub.anchor.line = f->t->v[first].line;
        sub.anchor.col = f->t->v[first].col;
        sub.anchor.tok_first = (uint32_t)first;
        sub.anchor.tok_last = (uint32_t)last;
    }
    fold_tokens(&sub);
    free(sub.failed);
    pwi_buf_release(&sub.scratch);
    pwi_tokens_release(&t);
    free(copy);
}

/* Reports s, then what it decodes to in turn: whole base64/hex of text,
 * or Python code folded again. depth is absolute (this payload's base
 * included); each further step adds one, up to PWI_FOLD_MAX_DEPTH. */
static void report(fold *f, const char *s, size_t n, unsigned how, unsigned depth,
                   size_t first, size_t last)
{
    if (!push_result(f, s, n, how, depth, first, last) || depth >= PWI_FOLD_MAX_DEPTH)
        return;
    if (n > PWI_FOLD_MAX_VALUE)
        n = PWI_FOLD_MAX_VALUE;
    pwi_buf dec;
    pwi_buf_init(&dec, 0);
    unsigned bit = decode_whole(s, n, GUESS_MIN_RESULT, &dec);
    if (bit)
        report(f, dec.data, dec.len, how | bit, depth + 1, first, last);
    else if (depth > f->depth_base && n >= PAYLOAD_MIN && is_mostly_text(s, n))
        fold_payload(f, s, n, how, depth, first, last);
    pwi_buf_release(&dec);
}

/* Whether the string at tokens first..last names a member: obj['ex'+'ec'],
 * or the second argument of getattr/setattr/hasattr/delattr. */
static int member_context(const fold *f, size_t first, size_t last)
{
    if (first == 0)
        return 0;
    if (is_punct(f, first - 1, "[") && is_punct(f, last + 1, "]") && first >= 2) {
        size_t b = first - 2;
        return (tok_kind(f, b) == PWI_TK_IDENT && !is_keyword(f, b)) ||
               is_punct(f, b, ")") || is_punct(f, b, "]");
    }
    if (!is_punct(f, first - 1, ",") ||
        !(is_punct(f, last + 1, ")") || is_punct(f, last + 1, ",")))
        return 0;
    int depth = 0;
    for (size_t i = first - 1, k = 0; i > 0 && k < MEMBER_LOOKBACK; k++) {
        i--;
        if (is_punct(f, i, ")") || is_punct(f, i, "]") || is_punct(f, i, "}")) {
            depth++;
        } else if (is_punct(f, i, "(") || is_punct(f, i, "[") || is_punct(f, i, "{")) {
            if (depth-- > 0)
                continue;
            return i > 0 && is_punct(f, i, "(") &&
                   (is_name(f, i - 1, "getattr") || is_name(f, i - 1, "setattr") ||
                    is_name(f, i - 1, "hasattr") || is_name(f, i - 1, "delattr"));
        } else if (depth == 0 && is_punct(f, i, ",")) {
            return 0;
        }
    }
    return 0;
}

/* Decides whether the folded expression first..last is worth reporting. */
static void consider(fold *f, const fval *v, size_t first, size_t last)
{
    const char *s = v_data(f, v);
    if (v->len == 0)
        return;
    if (v->how == 0) {
        /* a plain literal that is base64/hex of text: payload = '...'
         * used later through a name */
        pwi_buf dec;
        pwi_buf_init(&dec, 0);
        unsigned bit = decode_whole(s, v->len, GUESS_MIN_LITERAL, &dec);
        if (bit && f->depth_base + 1 <= PWI_FOLD_MAX_DEPTH)
            report(f, dec.data, dec.len, f->how_base | bit, f->depth_base + 1, first,
                   last);
        pwi_buf_release(&dec);
        return;
    }
    if (v->how == PWI_DEC_CHARCODE && one_code_point(s, v->len))
        return; /* a lone chr(10) hides nothing */
    unsigned how = v->how | f->how_base;
    if (member_context(f, first, last))
        how |= PWI_DEC_MEMBER;
    report(f, s, v->len, how, f->depth_base + v->depth, first, last);
}

/* Whether an expression may start at token i: a literal, a name, or a
 * grouping parenthesis, not right after '.' or an operator that binds
 * tighter than '+'. */
static int may_start(const fold *f, size_t i)
{
    int kind = tok_kind(f, i);
    if (kind != PWI_TK_STRING && kind != PWI_TK_IDENT && !is_punct(f, i, "("))
        return 0;
    if (i > 0 && (is_punct(f, i - 1, ".") || binds_tighter(f, i - 1)))
        return 0;
    if (kind != PWI_TK_PUNCT)
        return 1;
    if (i == 0)
        return 1;
    /* f( is a call: start inside it, so exec(...) keeps its name */
    int pk = tok_kind(f, i - 1);
    return !((pk == PWI_TK_IDENT && !is_keyword(f, i - 1)) || pk == PWI_TK_STRING ||
             is_punct(f, i - 1, ")") || is_punct(f, i - 1, "]"));
}

static void fold_tokens(fold *f)
{
    size_t n = f->t->n;
    for (size_t i = 0; i < n && f->out->n < PWI_FOLD_MAX_RESULTS;) {
        size_t p = i;
        fval v;
        scratch_truncate(f, 0);
        f->nest = 0;
        f->cap_hit = 0;
        if (!may_start(f, i) || !parse_expr(f, &p, &v)) {
            i++;
            continue;
        }
        consider(f, &v, i, p - 1);
        i = p;
    }
}

void pwi_fold_py(const pwi_tokens *t, pwi_decoded_list *out)
{
    fold f;
    memset(&f, 0, sizeof f);
    f.t = t;
    f.out = out;
    pwi_buf_init(&f.scratch, 0);
    f.failed = pwi_xcalloc(t->n + 1, 1);
    fold_tokens(&f);
    free(f.failed);
    pwi_buf_release(&f.scratch);
}
