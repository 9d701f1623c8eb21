/* fold-js.c - constant folding of the string tricks JavaScript malware
 * uses (contract in lex.h).
 *
 * A driver walks the tokens; at a token that can start a value it runs a
 * small recursive-descent evaluator over the tokens that follow (no
 * variables, no side effects):
 *
 *   expr     := postfix ('+' operand)*        operand: a postfix that
 *                                              nothing binds tighter to
 *   postfix  := primary ('.' m '(' args ')' | '[' 'm' ']' '(' args ')')*
 *               m: join split reverse toString concat
 *   primary  := string | template without ${} | number | '(' expr ')'
 *             | '[' elements ']'              elements may be ...spread
 *             | String.fromCharCode(..) / fromCodePoint (also ['..'],
 *               .apply(x, array), .call(x, ..))
 *             | Buffer.from(x, enc) | Buffer(x, enc) | new Buffer(x, enc)
 *             | atob(x) | Array.from(x) | unescape(x) | decodeURI[Component](x)
 *
 * Values live on a scratch stack (bytes in f->s, array elements in f->el).
 * An evaluation that fails pops what it pushed, so the right operand of
 * '+' lands just after the left one and concatenation never copies.
 *
 * Linear time: every string value the evaluator completes is remembered
 * as a candidate. After an attempt at token i the driver reports the
 * outermost candidates and resumes after the attempt: at its end when it
 * succeeded, else at the last place an evaluation was started (the failure
 * is there, and everything before it was evaluated already). So a token
 * is re-read only a bounded number of times, even in "[[[[...". Recursion
 * is capped at FOLD_MAX_NEST; where the cap hits the driver restarts with
 * a fresh budget, so the innermost part of deeper nesting still folds.
 *
 * Reported results "feed back": a value that is itself base64 or hex of
 * text is decoded and reported again (one more depth), up to
 * PWI_FOLD_MAX_DEPTH.
 */
#include "js-code.h"
#include "lex.h"
#include "util/mem.h"
#include "util/strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Evaluator recursion (parentheses, arrays, call arguments). */
#define FOLD_MAX_NEST 12
/* Array elements alive on the scratch stack at once. */
#define FOLD_MAX_ELEMS (1u << 20)
/* All reported values of one file together (PWI_FOLD_MAX_VALUE each). */
#define FOLD_MAX_TOTAL (64u << 20)
/* .split(sep): longer separators are not folded (keeps the search linear). */
#define SPLIT_SEP_MAX 64
/* A lone literal is decoded (base64 / hex of text) from this length on. */
#define BARE_MIN 16
/* Auto-decoding of an already decoded value needs this many bytes. */
#define FEED_MIN 8
/* Call arguments looked at. */
#define MAX_ARGS 8

typedef struct felem {
    int is_num;
    double num;
    size_t off, len; /* string bytes at f->s.data + off */
    unsigned how, depth;
} felem;

enum { FV_STR = 1, FV_CHARS, FV_ARR, FV_NUM };

/* A value under evaluation. On success it owns the scratch bytes from s0
 * up and the elements from e0 up. FV_CHARS is a string seen as an array
 * of its characters (what split('') and [...s] make), kept as bytes so
 * that reversing a 1 MB payload does not take a million elements. */
typedef struct fval {
    int kind;
    size_t end;      /* token index just past the expression */
    size_t s0, e0;
    size_t off, len; /* FV_STR / FV_CHARS bytes */
    double num;      /* FV_NUM */
    unsigned how, depth;
} fval;

/* A completed string evaluation worth reporting: tokens [first, end). */
typedef struct cand {
    size_t first, end, seq;
    size_t off, len;  /* value at f->cbytes.data + off */
    unsigned how, depth;
} cand;

typedef struct folder {
    const pwi_tokens *t;
    pwi_decoded_list *out;
    pwi_buf s;         /* scratch bytes */
    felem *el;         /* scratch array elements */
    size_t nel, capel;
    unsigned nest;
    size_t last_start; /* token of the latest evaluation started */
    size_t cap_at;     /* first token where FOLD_MAX_NEST stopped it */
    cand *c;           /* candidates of the current attempt */
    size_t nc, capc;
    pwi_buf cbytes;
    size_t total;      /* bytes of reported values */
    pwi_strmap keys;   /* plain member keys already reported */
    pwi_buf tmp;       /* decoding of text layers */
    pwi_buf partial;   /* a concatenation with holes being built */
    size_t partial_until; /* tokens before this are in a reported one */
} folder;

static int eval_expr(folder *f, size_t i, fval *v);

/* ---- tokens ------------------------------------------------------------- */

static inline int at(const folder *f, size_t i, int code)
{
    return i < f->t->n && f->t->v[i].code == code;
}

static inline int code_of(const folder *f, size_t i)
{
    return i < f->t->n ? f->t->v[i].code : -1;
}

/* Does token i end an operand, so that a following '[' is a member
 * access and a following '(' a call? */
static inline int ends_operand(const folder *f, size_t i)
{
    int c = code_of(f, i);
    if (c == PWI_JS_RPAREN || c == PWI_JS_RBRACK || c == PWI_JS_LIT || c == PWI_JS_TPL)
        return 1;
    return c >= PWI_JS_NAME && c != PWI_JS_OPKW && c != PWI_JS_DECL && c != PWI_JS_NEW;
}

/* Code of a member name token: an identifier or a 'literal' key. */
static int member_code(const folder *f, size_t tok)
{
    if (tok >= f->t->n)
        return -1;
    if (f->t->v[tok].code != PWI_JS_LIT)
        return f->t->v[tok].code;
    size_t len;
    const char *s = pwi_token_str(f->t, tok, &len);
    return pwi_js_name_code(s, len);
}

/* Member at token i: `.name` or `['name']`; sets *next to the token after
 * it. Returns the name's code or -1. */
static int member_at(const folder *f, size_t i, size_t *next)
{
    if (at(f, i, PWI_JS_DOT) && i + 1 < f->t->n && f->t->v[i + 1].kind == PWI_TK_IDENT) {
        *next = i + 2;
        return member_code(f, i + 1);
    }
    if (at(f, i, PWI_JS_LBRACK) && at(f, i + 1, PWI_JS_LIT) && at(f, i + 2, PWI_JS_RBRACK)) {
        *next = i + 3;
        return member_code(f, i + 1);
    }
    return -1;
}

/* ---- scratch stack ------------------------------------------------------ */

static void scratch_mark(const folder *f, fval *v)
{
    memset(v, 0, sizeof *v);
    v->s0 = f->s.len;
    v->e0 = f->nel;
}

static void scratch_pop(folder *f, size_t s0, size_t e0)
{
    f->s.len = s0;
    f->nel = e0;
}

/* Makes bytes [off, off+len) the string value v owns: moved down to v->s0,
 * with everything pushed since v's mark dropped. */
static void settle_str(folder *f, fval *v, size_t off, size_t len, int kind)
{
    if (off != v->s0 && len)
        memmove(f->s.data + v->s0, f->s.data + off, len);
    f->s.len = v->s0 + len;
    f->nel = v->e0;
    v->kind = kind;
    v->off = v->s0;
    v->len = len;
}

/* Makes room for n more scratch bytes, so that appending bytes that are
 * already in the scratch cannot move them while they are read. */
static void scratch_reserve(folder *f, size_t n)
{
    pwi_buf *b = &f->s;
    if (b->len + n + 1 <= b->cap)
        return;
    size_t c = b->cap ? b->cap : 256;
    while (c < b->len + n + 1)
        c *= 2;
    b->data = pwi_xrealloc(b->data, c);
    b->cap = c;
}

/* Appends scratch bytes [off, off+len) to the scratch. */
static void scratch_dup(folder *f, size_t off, size_t len)
{
    scratch_reserve(f, len);
    pwi_buf_add(&f->s, f->s.data + off, len);
}

static int push_elem(folder *f, const felem *e)
{
    if (f->nel >= FOLD_MAX_ELEMS)
        return -1;
    PW_GROW(f->el, f->capel, f->nel + 1);
    f->el[f->nel++] = *e;
    return 0;
}

static unsigned umax(unsigned a, unsigned b)
{
    return a > b ? a : b;
}

/* Depth after one more step, saturating in the uint8_t of pwi_decoded. */
static unsigned step(unsigned depth)
{
    return depth < 255 ? depth + 1 : 255;
}

/* ---- text tests ------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at s[0..n), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xf0 && s[0] < 0xf5 ? 4
                 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
    if (!len || len > n)
        return 0;
    for (size_t k = 1; k < len; k++)
        if ((s[k] & 0xc0) != 0x80)
            return 0;
    return len;
}

/* Text a person or an interpreter would read: printable ASCII, tab, CR,
 * LF, and well-formed UTF-8. Decoded binary is reported but not decoded
 * further. */
static int is_text(const char *p, size_t n)
{
    const unsigned char *s = (const unsigned char *)p;
    if (!n)
        return 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        if (c >= 0x80) {
            size_t l = utf8_len(s + i, n - i);
            if (!l)
                return 0;
            i += l;
        } else if ((c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n' || c == '\r') {
            i++;
        } else {
            return 0;
        }
    }
    return 1;
}

/* At least 4 in 5 bytes printable ASCII or whitespace. */
static int mostly_printable(const char *p, size_t n)
{
    size_t ok = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if ((c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n' || c == '\r')
            ok++;
    }
    return n && ok * 5 >= n * 4;
}

static int is_b64_char(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '-' || c == '_';
}

/* Base64 shape: alphabet only, '=' padding only at the end. */
static int looks_base64(const char *p, size_t n, size_t min)
{
    size_t body = n;
    while (body && p[body - 1] == '=' && n - body < 2)
        body--;
    if (body < min || body % 4 == 1)
        return 0;
    for (size_t i = 0; i < body; i++)
        if (!is_b64_char((unsigned char)p[i]))
            return 0;
    return 1;
}

static int looks_hex(const char *p, size_t n, size_t min)
{
    if (n < min || n % 2)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return 0;
    }
    return 1;
}

/* ---- results ------------------------------------------------------------------ */

static int results_full(const folder *f)
{
    return f->out->n >= PWI_FOLD_MAX_RESULTS;
}

/* Appends one result. Returns its arena offset, or -1 when a limit keeps
 * it out (too many results, value too long, too many bytes in all). */
static long report(folder *f, const char *val, size_t len, unsigned how,
                   unsigned depth, size_t first, size_t last)
{
    pwi_decoded_list *d = f->out;
    if (results_full(f) || len == 0 || len > PWI_FOLD_MAX_VALUE ||
        f->total + len > FOLD_MAX_TOTAL || first >= f->t->n)
        return -1;
    size_t off = d->arena.len;
    pwi_buf_add(&d->arena, val, len);
    pwi_buf_addc(&d->arena, '\0');
    f->total += len;
    PW_GROW(d->v, d->cap, d->n + 1);
    pwi_decoded *r = &d->v[d->n++];
    memset(r, 0, sizeof *r);
    r->val = (uint32_t)off;
    r->val_len = (uint32_t)len;
    r->line = f->t->v[first].line;
    r->col = f->t->v[first].col;
    r->tok_first = (uint32_t)first;
    r->tok_last = (uint32_t)(last < f->t->n ? last : f->t->n - 1);
    r->how = (uint16_t)how;
    r->depth = (uint8_t)(depth > 255 ? 255 : depth);
    return (long)off;
}

/* Decodes p as base64 (bits |= BASE64) or hex (bits |= HEX) into f->tmp
 * when it has the shape and the result is text. */
static int decode_text_layer(folder *f, const char *p, size_t n, size_t min,
                             unsigned *bits)
{
    pwi_buf_reset(&f->tmp);
    if (looks_hex(p, n, min) && pwi_decode_hex(p, n, &f->tmp) == 0 &&
        is_text(f->tmp.data, f->tmp.len)) {
        *bits = PWI_DEC_HEX;
        return 1;
    }
    pwi_buf_reset(&f->tmp);
    if (looks_base64(p, n, min) && pwi_decode_base64(p, n, &f->tmp) == 0 &&
        is_text(f->tmp.data, f->tmp.len)) {
        *bits = PWI_DEC_BASE64;
        return 1;
    }
    return 0;
}

/* Reports the layers under a reported value: while it is base64 or hex
 * of text, decode and report again, one depth further each time. */
static void feed_back(folder *f, long off, size_t len, unsigned how,
                      unsigned depth, size_t first, size_t last)
{
    while (off >= 0 && depth < PWI_FOLD_MAX_DEPTH) {
        unsigned bit = 0;
        if (!decode_text_layer(f, f->out->arena.data + off, len, FEED_MIN, &bit))
            return;
        how |= bit;
        depth++;
        len = f->tmp.len;
        off = report(f, f->tmp.data, len, how, depth, first, last);
    }
}

static void report_fed(folder *f, const char *val, size_t len, unsigned how,
                       unsigned depth, size_t first, size_t last)
{
    long off = report(f, val, len, how, depth, first, last);
    feed_back(f, off, len, how, depth, first, last);
}

/* ---- numbers -------------------------------------------------------------------- */

/* Value of a numeric literal: decimal, 0x, 0o, 0b, legacy octal, with
 * separators; a BigInt or unparsable text fails. */
static int number_value(const char *s, size_t n, double *out)
{
    char buf[64];
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != '_') {
            if (k + 1 >= sizeof buf)
                return 0;
            buf[k++] = s[i];
        }
    buf[k] = '\0';
    if (!k || buf[k - 1] == 'n')
        return 0;
    int base = 10;
    const char *digits = buf;
    if (buf[0] == '0' && k > 1) {
        char c = (char)(buf[1] | 0x20);
        if (c == 'x' || c == 'o' || c == 'b') {
            base = c == 'x' ? 16 : c == 'o' ? 8 : 2;
            digits = buf + 2;
        } else if (strspn(buf, "01234567") == k) {
            base = 8; /* legacy octal: 0143 is 99 */
            digits = buf + 1;
        }
    }
    if (base != 10) {
        if (!*digits)
            return 0;
        double v = 0;
        for (const char *p = digits; *p; p++) {
            int d = pwi_hex_digit((unsigned char)*p);
            if (d < 0 || d >= base)
                return 0;
            v = v * base + d;
        }
        *out = v;
        return 1;
    }
    char *end;
    *out = strtod(buf, &end);
    return *end == '\0';
}

/* JS ToUint16/ToUint8 style truncation for the small integers malware
 * writes; values beyond 2^53 or negative ones are not folded. */
static int number_bits(double x, uint32_t mask, uint32_t *out)
{
    if (!(x >= 0 && x < 9007199254740992.0))
        return 0;
    *out = (uint32_t)((uint64_t)x & mask);
    return 1;
}

/* ---- primaries ---------------------------------------------------------- */

static int eval_literal(folder *f, size_t i, fval *v)
{
    const pwi_token *k = &f->t->v[i];
    size_t len;
    const char *s = pwi_token_str(f->t, i, &len);
    if (len > PWI_FOLD_MAX_VALUE)
        return 0;
    pwi_buf_add(&f->s, s, len);
    settle_str(f, v, v->s0, len, FV_STR);
    if ((k->flags & PWI_TF_ESCAPES_MANY) && mostly_printable(s, len)) {
        v->how = PWI_DEC_ESCAPES;
        v->depth = 1;
    }
    v->end = i + 1;
    return 1;
}

static int eval_number(folder *f, size_t i, fval *v)
{
    size_t len;
    const char *s = pwi_token_str(f->t, i, &len);
    if (!number_value(s, len, &v->num))
        return 0;
    v->kind = FV_NUM;
    v->end = i + 1;
    return 1;
}

/* '(' expr ')' */
static int eval_paren(folder *f, size_t i, fval *v)
{
    if (!eval_expr(f, i + 1, v) || !at(f, v->end, PWI_JS_RPAREN))
        return 0;
    v->end++;
    return 1;
}

/* Pushes each character of string value r as an array element. */
static int spread_chars(folder *f, const fval *r)
{
    const unsigned char *s = (const unsigned char *)f->s.data;
    for (size_t i = r->off; i < r->off + r->len;) {
        size_t l = utf8_len(s + i, r->off + r->len - i);
        if (!l)
            l = 1;
        felem e = {0, 0, i, l, r->how, r->depth};
        if (push_elem(f, &e) < 0)
            return 0;
        i += l;
    }
    return 1;
}

/* Adds evaluated value r as an element (or, spread, as its elements). */
static int add_element(folder *f, const fval *r, int spread)
{
    if (r->kind == FV_STR && !spread) {
        felem e = {0, 0, r->off, r->len, r->how, r->depth};
        return push_elem(f, &e) == 0;
    }
    if (r->kind == FV_NUM && !spread) {
        felem e = {1, r->num, 0, 0, 0, 0};
        return push_elem(f, &e) == 0;
    }
    if (spread && (r->kind == FV_STR || r->kind == FV_CHARS))
        return spread_chars(f, r);
    return spread && r->kind == FV_ARR; /* its elements are already pushed */
}

/* Elements up to the closing token (']' or ')') from token j: each an
 * expression or ...spread, pushed on the element stack. A lone [...s]
 * becomes FV_CHARS in *chars (when chars is not NULL). Returns the index
 * after the closing token, or 0. */
static size_t eval_elements(folder *f, size_t j, int close, unsigned *how,
                            unsigned *depth, fval *chars)
{
    for (int first = 1; !at(f, j, close); first = 0) {
        int spread = at(f, j, PWI_JS_SPREAD);
        fval r;
        if (!eval_expr(f, spread ? j + 1 : j, &r))
            return 0;
        j = r.end;
        *how |= r.how;
        *depth = umax(*depth, r.depth);
        if (chars && first && spread && at(f, j, close) &&
            (r.kind == FV_STR || r.kind == FV_CHARS)) {
            settle_str(f, chars, r.off, r.len, FV_CHARS);
            return j + 1;
        }
        if (!add_element(f, &r, spread))
            return 0;
        if (at(f, j, PWI_JS_COMMA))
            j++;
        else if (!at(f, j, close))
            return 0;
    }
    return j + 1;
}

/* '[' elements ']' */
static int eval_array(folder *f, size_t i, fval *v)
{
    unsigned how = 0, depth = 0;
    size_t end = eval_elements(f, i + 1, PWI_JS_RBRACK, &how, &depth, v);
    if (!end)
        return 0;
    if (v->kind != FV_CHARS)
        v->kind = FV_ARR;
    v->how = how;
    v->depth = depth;
    v->end = end;
    return 1;
}

/* Writes the number elements [e0, nel) as UTF-16 code units (fromCharCode)
 * or code points, pairing surrogates; then settles the string. */
static int encode_codes(folder *f, fval *v, int code_points)
{
    size_t out = f->s.len;
    uint32_t high = 0;
    for (size_t k = v->e0; k < f->nel; k++) {
        const felem *e = &f->el[k];
        uint32_t c;
        if (!e->is_num || !number_bits(e->num, code_points ? 0xffffffffu : 0xffffu, &c) ||
            c > 0x10ffff)
            return 0;
        if (high && c >= 0xdc00 && c <= 0xdfff) {
            c = 0x10000 + ((high - 0xd800) << 10) + (c - 0xdc00);
            high = 0;
        } else if (high) {
            pwi_utf8_put(&f->s, 0xfffd);
            high = 0;
        }
        if (c >= 0xd800 && c <= 0xdbff) {
            high = c;
            continue;
        }
        pwi_utf8_put(&f->s, c);
        if (f->s.len - out > PWI_FOLD_MAX_VALUE)
            return 0;
    }
    if (high)
        pwi_utf8_put(&f->s, 0xfffd);
    if (f->s.len == out)
        return 0;
    settle_str(f, v, out, f->s.len - out, FV_STR);
    v->how = PWI_DEC_CHARCODE;
    v->depth = 1;
    return 1;
}

/* String.fromCharCode(..), String['fromCharCode'](..), .apply(x, [..]),
 * .call(x, ..), and fromCodePoint. */
static int eval_charcode(folder *f, size_t i, fval *v)
{
    size_t j = 0;
    int name = member_at(f, i + 1, &j);
    if (name != PWI_JS_FROMCHARCODE && name != PWI_JS_FROMCODEPOINT)
        return 0;
    unsigned how = 0, depth = 0;
    size_t end = 0;
    if (at(f, j, PWI_JS_LPAREN)) {
        end = eval_elements(f, j + 1, PWI_JS_RPAREN, &how, &depth, NULL);
    } else if (at(f, j, PWI_JS_DOT) && at(f, j + 2, PWI_JS_LPAREN) && at(f, j + 4, PWI_JS_COMMA)) {
        /* .apply(this, array) / .call(this, a, b): the receiver is one token */
        if (at(f, j + 1, PWI_JS_APPLY)) {
            fval r;
            if (eval_expr(f, j + 5, &r) && r.kind == FV_ARR && at(f, r.end, PWI_JS_RPAREN))
                end = r.end + 1;
        } else if (at(f, j + 1, PWI_JS_CALL)) {
            end = eval_elements(f, j + 5, PWI_JS_RPAREN, &how, &depth, NULL);
        }
    }
    if (!end || !encode_codes(f, v, name == PWI_JS_FROMCODEPOINT))
        return 0;
    v->end = end;
    return 1;
}

/* Is s[0..n) (case-insensitively) one of the NULL-terminated names? */
static int str_in(const char *s, size_t n, const char *const *names)
{
    for (; *names; names++) {
        if (strlen(*names) != n)
            continue;
        size_t k = 0;
        while (k < n && (s[k] | 0x20) == (*names)[k])
            k++;
        if (k == n)
            return 1;
    }
    return 0;
}

static const char *const identity_encodings[] = {"utf8", "utf-8", "latin1", "binary",
                                                 "ascii", NULL};

/* Decodes string value v in place as base64 or hex (bit). */
static int decode_value(folder *f, fval *v, unsigned bit)
{
    if (v->depth >= PWI_FOLD_MAX_DEPTH)
        return 0;
    size_t out = f->s.len;
    scratch_reserve(f, v->len); /* output is shorter than input: no move */
    int rc = bit == PWI_DEC_HEX
                 ? pwi_decode_hex(f->s.data + v->off, v->len, &f->s)
                 : pwi_decode_base64(f->s.data + v->off, v->len, &f->s);
    if (rc < 0 || f->s.len == out)
        return 0;
    settle_str(f, v, out, f->s.len - out, FV_STR);
    v->how |= bit;
    v->depth = step(v->depth);
    return 1;
}

/* Bytes of an array of numbers: Buffer.from([99, 104]). */
static int array_bytes(folder *f, fval *v)
{
    size_t out = f->s.len;
    for (size_t k = v->e0; k < f->nel; k++) {
        uint32_t b;
        if (!f->el[k].is_num || !number_bits(f->el[k].num, 0xff, &b))
            return 0;
        pwi_buf_addc(&f->s, (char)b);
    }
    if (f->s.len == out || f->s.len - out > PWI_FOLD_MAX_VALUE)
        return 0;
    unsigned depth = v->depth;
    settle_str(f, v, out, f->s.len - out, FV_STR);
    v->how |= PWI_DEC_CHARCODE;
    v->depth = step(depth);
    return 1;
}

/* The '(' x [, enc] ')' of Buffer.from / Buffer / new Buffer at token j. */
static int eval_buffer_args(folder *f, size_t j, fval *v)
{
    if (!at(f, j, PWI_JS_LPAREN) || !eval_expr(f, j + 1, v))
        return 0;
    size_t k = v->end;
    if (v->kind == FV_ARR) {
        if (!at(f, k, PWI_JS_RPAREN) || !array_bytes(f, v))
            return 0;
        v->end = k + 1;
        return 1;
    }
    if (v->kind != FV_STR)
        return 0;
    if (at(f, k, PWI_JS_RPAREN)) {
        v->end = k + 1;
        return 1;
    }
    fval enc;
    if (!at(f, k, PWI_JS_COMMA) || !eval_expr(f, k + 1, &enc) || enc.kind != FV_STR ||
        !at(f, enc.end, PWI_JS_RPAREN))
        return 0;
    static const char *const b64[] = {"base64", "base64url", NULL};
    static const char *const hex[] = {"hex", NULL};
    const char *e = f->s.data + enc.off;
    int ok = 1;
    scratch_pop(f, enc.s0, enc.e0); /* the bytes stay readable until reused */
    if (str_in(e, enc.len, b64))
        ok = decode_value(f, v, PWI_DEC_BASE64);
    else if (str_in(e, enc.len, hex))
        ok = decode_value(f, v, PWI_DEC_HEX);
    else if (!str_in(e, enc.len, identity_encodings))
        ok = 0;
    v->end = enc.end + 1;
    return ok;
}

/* f(x) with one string argument, '(' at token j; v->end is set past ')'. */
static int eval_call1(folder *f, size_t j, fval *v)
{
    if (!at(f, j, PWI_JS_LPAREN) || !eval_expr(f, j + 1, v) || v->kind != FV_STR ||
        !at(f, v->end, PWI_JS_RPAREN))
        return 0;
    v->end++;
    return 1;
}

static int hex2(const char *s)
{
    int v = 0;
    for (int k = 0; k < 2; k++)
        v = v * 16 + pwi_hex_digit((unsigned char)s[k]);
    return v;
}

/* %XX (and %uXXXX for unescape) decoding; ESCAPES when anything changed.
 * The output is never longer than the input. */
static int eval_percent(folder *f, size_t i, fval *v, int u_escapes)
{
    if (!eval_call1(f, i + 1, v))
        return 0;
    size_t out = f->s.len, changed = 0;
    scratch_reserve(f, v->len);
    const char *s = f->s.data + v->off;
    for (size_t k = 0; k < v->len;) {
        size_t left = v->len - k;
        if (left >= 3 && s[k] == '%' && looks_hex(s + k + 1, 2, 2)) {
            pwi_buf_addc(&f->s, (char)hex2(s + k + 1));
            k += 3;
            changed++;
        } else if (u_escapes && left >= 6 && s[k] == '%' && s[k + 1] == 'u' &&
                   looks_hex(s + k + 2, 4, 4)) {
            pwi_utf8_put(&f->s, (uint32_t)(hex2(s + k + 2) << 8 | hex2(s + k + 4)));
            k += 6;
            changed++;
        } else {
            pwi_buf_addc(&f->s, s[k]);
            k++;
        }
    }
    unsigned how = v->how, depth = v->depth;
    settle_str(f, v, out, f->s.len - out, FV_STR);
    v->how = how | (changed ? PWI_DEC_ESCAPES : 0);
    v->depth = changed ? step(depth) : depth;
    return 1;
}

static int eval_ident(folder *f, size_t i, fval *v)
{
    size_t j = 0;
    switch (f->t->v[i].code) {
    case PWI_JS_STRING:
        return eval_charcode(f, i, v);
    case PWI_JS_BUFFER:
        if (member_at(f, i + 1, &j) == PWI_JS_FROM)
            return eval_buffer_args(f, j, v);
        return eval_buffer_args(f, i + 1, v);
    case PWI_JS_NEW:
        return at(f, i + 1, PWI_JS_BUFFER) && eval_buffer_args(f, i + 2, v);
    case PWI_JS_ATOB:
        return eval_call1(f, i + 1, v) && decode_value(f, v, PWI_DEC_BASE64);
    case PWI_JS_ARRAY:
        if (member_at(f, i + 1, &j) != PWI_JS_FROM || !eval_call1(f, j, v))
            return 0;
        v->kind = FV_CHARS;
        return 1;
    case PWI_JS_UNESCAPE:
        return eval_percent(f, i, v, 1);
    case PWI_JS_DECODEURI:
        return eval_percent(f, i, v, 0);
    default:
        return 0;
    }
}

/* A primary at token i; on failure the scratch stack is as it was. */
static int eval_primary(folder *f, size_t i, fval *v)
{
    scratch_mark(f, v);
    size_t s0 = f->s.len, e0 = f->nel;
    int ok = 0;
    f->last_start = i;
    switch (code_of(f, i)) {
    case PWI_JS_LIT:
        ok = eval_literal(f, i, v);
        break;
    case PWI_JS_NUM:
        ok = eval_number(f, i, v);
        break;
    case PWI_JS_LPAREN:
        ok = eval_paren(f, i, v);
        break;
    case PWI_JS_LBRACK:
        ok = eval_array(f, i, v);
        break;
    default:
        if (code_of(f, i) >= PWI_JS_STRING)
            ok = eval_ident(f, i, v);
    }
    if (!ok)
        scratch_pop(f, s0, e0);
    return ok;
}

/* ---- methods ------------------------------------------------------------ */

/* Appends the elements of array v joined with sep (bytes at sep_off). */
static int join_elems(folder *f, const fval *v, size_t sep_off, size_t sep_len,
                      size_t out)
{
    for (size_t k = v->e0; k < f->nel; k++) {
        const felem *e = &f->el[k];
        if (k > v->e0)
            scratch_dup(f, sep_off, sep_len);
        if (e->is_num) {
            char num[32];
            if (!(e->num > -1e15 && e->num < 1e15) || e->num != (double)(long long)e->num)
                return 0; /* JS number formatting beyond integers is not worth it */
            int w = snprintf(num, sizeof num, "%lld", (long long)e->num);
            pwi_buf_add(&f->s, num, (size_t)w);
        } else {
            scratch_dup(f, e->off, e->len);
        }
        if (f->s.len - out > PWI_FOLD_MAX_VALUE)
            return 0;
    }
    return 1;
}

/* Appends the characters of chars value v joined with sep. */
static int join_chars(folder *f, const fval *v, size_t sep_off, size_t sep_len,
                      size_t out)
{
    for (size_t i = 0; i < v->len;) {
        const unsigned char *s = (const unsigned char *)f->s.data + v->off;
        size_t l = utf8_len(s + i, v->len - i);
        if (!l)
            l = 1;
        if (i)
            scratch_dup(f, sep_off, sep_len);
        scratch_dup(f, v->off + i, l);
        if (f->s.len - out > PWI_FOLD_MAX_VALUE)
            return 0;
        i += l;
    }
    return 1;
}

/* v.join(sep) with sep at args[0] (or ',' when nargs is 0). */
static int method_join(folder *f, fval *v, const fval *args, size_t nargs)
{
    if (v->kind != FV_ARR && v->kind != FV_CHARS)
        return 0;
    size_t sep_off = f->s.len, sep_len = 1;
    unsigned how = v->how | PWI_DEC_JOIN, depth = v->depth;
    if (nargs == 1 && args[0].kind == FV_STR) {
        sep_off = args[0].off;
        sep_len = args[0].len;
        how |= args[0].how;
        depth = umax(depth, args[0].depth);
    } else if (nargs == 0) {
        pwi_buf_addc(&f->s, ',');
    } else {
        return 0;
    }
    if (v->kind == FV_CHARS && sep_len == 0) {
        settle_str(f, v, v->off, v->len, FV_STR); /* the characters are the string */
    } else {
        size_t out = f->s.len;
        int ok = v->kind == FV_ARR ? join_elems(f, v, sep_off, sep_len, out)
                                   : join_chars(f, v, sep_off, sep_len, out);
        if (!ok)
            return 0;
        settle_str(f, v, out, f->s.len - out, FV_STR);
    }
    v->how = how;
    v->depth = step(depth);
    return 1;
}

/* v.split(sep): '' gives characters, another separator gives pieces that
 * point into v's own bytes. */
static int method_split(folder *f, fval *v, const fval *args, size_t nargs)
{
    if (v->kind != FV_STR || nargs != 1 || args[0].kind != FV_STR ||
        args[0].len > SPLIT_SEP_MAX)
        return 0;
    char sep[SPLIT_SEP_MAX];
    size_t m = args[0].len;
    memcpy(sep, f->s.data + args[0].off, m);
    v->how |= args[0].how;
    scratch_pop(f, v->off + v->len, v->e0);
    if (m == 0) {
        v->kind = FV_CHARS;
        return 1;
    }
    size_t piece = v->off;
    const char *s = f->s.data;
    for (size_t k = v->off; k + m <= v->off + v->len;) {
        if (memcmp(s + k, sep, m) == 0) {
            felem e = {0, 0, piece, k - piece, v->how, v->depth};
            if (push_elem(f, &e) < 0)
                return 0;
            k += m;
            piece = k;
        } else {
            k++;
        }
    }
    felem e = {0, 0, piece, v->off + v->len - piece, v->how, v->depth};
    if (push_elem(f, &e) < 0)
        return 0;
    v->kind = FV_ARR;
    return 1;
}

/* Reverses the characters of v, keeping UTF-8 sequences whole. */
static void reverse_chars(folder *f, fval *v)
{
    size_t out = f->s.len;
    scratch_dup(f, v->off, v->len); /* room for the result */
    const unsigned char *src = (const unsigned char *)f->s.data + v->off;
    char *dst = f->s.data + out + v->len;
    for (size_t i = 0; i < v->len;) {
        size_t l = utf8_len(src + i, v->len - i);
        if (!l)
            l = 1;
        dst -= l;
        memcpy(dst, src + i, l);
        i += l;
    }
    settle_str(f, v, out, v->len, FV_CHARS);
}

static int method_reverse(folder *f, fval *v, size_t nargs)
{
    if (nargs)
        return 0;
    if (v->kind == FV_CHARS) {
        reverse_chars(f, v);
    } else if (v->kind == FV_ARR) {
        for (size_t a = v->e0, b = f->nel; a + 1 < b; a++, b--) {
            felem tmp = f->el[a];
            f->el[a] = f->el[b - 1];
            f->el[b - 1] = tmp;
        }
    } else {
        return 0;
    }
    v->how |= PWI_DEC_REVERSE;
    return 1;
}

/* toString() of a decoded Buffer (identity encodings), or of an array. */
static int method_tostring(folder *f, fval *v, const fval *args, size_t nargs)
{
    if (v->kind == FV_ARR || v->kind == FV_CHARS)
        return nargs == 0 && method_join(f, v, args, 0);
    if (v->kind != FV_STR || nargs > 1)
        return 0;
    if (nargs == 1 && (args[0].kind != FV_STR ||
                       !str_in(f->s.data + args[0].off, args[0].len, identity_encodings)))
        return 0;
    scratch_pop(f, v->off + v->len, v->e0);
    return 1;
}

/* 'a'.concat('b', 'c'): the arguments already follow v on the stack. */
static int method_concat(folder *f, fval *v, const fval *args, size_t nargs)
{
    if (v->kind != FV_STR || !nargs)
        return 0;
    unsigned depth = v->depth;
    for (size_t k = 0; k < nargs; k++) {
        if (args[k].kind != FV_STR || args[k].off != v->off + v->len)
            return 0;
        v->len += args[k].len;
        v->how |= args[k].how;
        depth = umax(depth, args[k].depth);
    }
    if (v->len > PWI_FOLD_MAX_VALUE)
        return 0;
    v->how |= PWI_DEC_CONCAT;
    v->depth = step(depth);
    return 1;
}

/* Applies method (a T_ code) with the arguments after '(' at token j to v.
 * On failure v and the stack are unchanged. */
static int apply_method(folder *f, fval *v, int method, size_t j)
{
    if (method < PWI_JS_JOIN)
        return 0;
    fval saved = *v;
    size_t s_len = f->s.len, nel = f->nel;
    fval args[MAX_ARGS];
    size_t nargs = 0, k = j + 1;
    int ok = 1;
    while (ok && !at(f, k, PWI_JS_RPAREN)) {
        if (nargs == MAX_ARGS || !eval_expr(f, k, &args[nargs])) {
            ok = 0;
            break;
        }
        k = args[nargs++].end;
        if (at(f, k, PWI_JS_COMMA))
            k++;
        else if (!at(f, k, PWI_JS_RPAREN))
            ok = 0;
    }
    if (ok) {
        switch (method) {
        case PWI_JS_JOIN: ok = method_join(f, v, args, nargs); break;
        case PWI_JS_SPLIT: ok = method_split(f, v, args, nargs); break;
        case PWI_JS_REVERSE: ok = method_reverse(f, v, nargs); break;
        case PWI_JS_TOSTRING: ok = method_tostring(f, v, args, nargs); break;
        case PWI_JS_CONCAT: ok = method_concat(f, v, args, nargs); break;
        default: ok = 0;
        }
    }
    if (ok) {
        v->end = k + 1;
        return 1;
    }
    /* methods fail before they change v's bytes or elements, so restoring
     * the stack heights drops the arguments and leaves v as it was */
    *v = saved;
    scratch_pop(f, s_len, nel);
    return 0;
}

/* ---- expressions -------------------------------------------------------- */

static void add_candidate(folder *f, size_t i, const fval *v);

static int eval_postfix(folder *f, size_t i, fval *v)
{
    if (!eval_primary(f, i, v))
        return 0;
    for (;;) {
        size_t j = 0;
        int method = member_at(f, v->end, &j);
        if (method < 0 || !at(f, j, PWI_JS_LPAREN) || !apply_method(f, v, method, j))
            break;
    }
    if (v->kind == FV_STR)
        add_candidate(f, i, v);
    return 1;
}

/* Does something bind tighter than '+' to the operand ending before
 * token i ('.', '[', '(', '*', a tagged template...)? */
static int binds_tighter(const folder *f, size_t i)
{
    switch (code_of(f, i)) {
    case PWI_JS_DOT: case PWI_JS_QDOT: case PWI_JS_LBRACK: case PWI_JS_LPAREN: case PWI_JS_TIGHT:
    case PWI_JS_LIT: case PWI_JS_TPL:
        return 1;
    default:
        return 0;
    }
}

/* Remembers the string value v (tokens [i, v->end)) when it is worth
 * reporting: folded, escaped, or a lone literal that is base64/hex text. */
static void add_candidate(folder *f, size_t i, const fval *v)
{
    const char *val = f->s.data + v->off;
    size_t len = v->len;
    unsigned how = v->how, depth = v->depth, bit = 0;
    if (!how) {
        if (v->end != i + 1 || !at(f, i, PWI_JS_LIT) ||
            !decode_text_layer(f, val, len, BARE_MIN, &bit))
            return;
        val = f->tmp.data;
        len = f->tmp.len;
        how = bit;
        depth = 1;
    }
    PW_GROW(f->c, f->capc, f->nc + 1);
    cand *c = &f->c[f->nc];
    c->first = i;
    c->end = v->end;
    c->seq = f->nc++;
    c->off = f->cbytes.len;
    c->len = len;
    c->how = how;
    c->depth = depth;
    pwi_buf_add(&f->cbytes, val, len);
}

/* postfix ('+' operand)*: strings only, left to right; the right operand
 * is pushed right after the left, so extending the left is free. */
/* Concatenations with holes: at most this many operands, of which at
 * least two literal, and this many tokens for a skipped operand. */
#define PARTIAL_MAX_PARTS 32
#define PARTIAL_MAX_OPERAND 256

/* Index just past the bracket group opening at token i, or 0. */
static size_t skip_group(const folder *f, size_t i)
{
    int depth = 0;
    for (size_t k = i; k < f->t->n && k - i < PARTIAL_MAX_OPERAND; k++) {
        int c = f->t->v[k].code;
        if (c == PWI_JS_LPAREN || c == PWI_JS_LBRACK)
            depth++;
        else if ((c == PWI_JS_RPAREN || c == PWI_JS_RBRACK) && --depth == 0)
            return k + 1;
    }
    return 0;
}

/* Index just past an operand that is not a constant -- a name, a member
 * chain, a call or a parenthesised expression (url, opts.dir,
 * os.tmpdir(), (a || b)) -- or 0 when token i starts none. */
static size_t skip_operand(const folder *f, size_t i)
{
    size_t n = f->t->n, k;
    int c = code_of(f, i);
    if (c == PWI_JS_LPAREN)
        k = skip_group(f, i);
    else if (c >= PWI_JS_NAME && c != PWI_JS_OPKW && c != PWI_JS_DECL && c != PWI_JS_NEW)
        k = i + 1;
    else
        return 0;
    while (k && k < n && k - i < PARTIAL_MAX_OPERAND) {
        c = f->t->v[k].code;
        if ((c == PWI_JS_DOT || c == PWI_JS_QDOT) && k + 1 < n && f->t->v[k + 1].kind == PWI_TK_IDENT)
            k += 2;
        else if (c == PWI_JS_LPAREN || c == PWI_JS_LBRACK)
            k = skip_group(f, k);
        else
            break;
    }
    return k && !binds_tighter(f, k) ? k : 0;
}

/* v (tokens [i, v->end)) is a string the '+' chain stops after because
 * the next operand is not constant. Reads on through the chain with a
 * hole for each such operand and reports the result as PWI_DEC_PARTIAL,
 * so `exec('curl -s ' + url + ' | sh')` shows its command line. v and the
 * scratch are left as they were: the driver still folds what is inside
 * the skipped operands. */
static void fold_partial(folder *f, size_t i, const fval *v)
{
    if (i < f->partial_until || f->nest != 1)
        return;
    pwi_buf *b = &f->partial;
    pwi_buf_reset(b);
    pwi_buf_add(b, f->s.data + v->off, v->len);
    size_t end = v->end, literals = 1, holes = 0;
    unsigned how = v->how | PWI_DEC_CONCAT | PWI_DEC_PARTIAL, depth = v->depth;
    for (size_t parts = 1; parts < PARTIAL_MAX_PARTS && at(f, end, PWI_JS_PLUS); parts++) {
        size_t s_len = f->s.len, nel = f->nel;
        fval r;
        if (eval_postfix(f, end + 1, &r) && r.kind == FV_STR && !binds_tighter(f, r.end) &&
            b->len + r.len <= PWI_FOLD_MAX_VALUE) {
            pwi_buf_add(b, f->s.data + r.off, r.len);
            how |= r.how;
            depth = umax(depth, r.depth);
            end = r.end;
            literals++;
            scratch_pop(f, s_len, nel);
            continue;
        }
        scratch_pop(f, s_len, nel);
        size_t next = skip_operand(f, end + 1);
        if (!next || b->len + 1 > PWI_FOLD_MAX_VALUE)
            break;
        pwi_buf_addc(b, PWI_FOLD_HOLE);
        end = next;
        holes++;
    }
    /* a hole only at the end ('prefix' + x) says nothing new */
    while (b->len && b->data[b->len - 1] == PWI_FOLD_HOLE && holes) {
        b->len--;
        holes--;
    }
    if (!holes || literals < 2)
        return;
    f->partial_until = end;
    report(f, b->data, b->len, how, step(depth), i, end - 1);
}

static int eval_expr(folder *f, size_t i, fval *v)
{
    if (f->nest >= FOLD_MAX_NEST) {
        f->last_start = i;
        if (i < f->cap_at)
            f->cap_at = i;
        return 0;
    }
    f->nest++;
    int ok = eval_postfix(f, i, v);
    if (ok && v->kind == FV_STR && !binds_tighter(f, v->end)) {
        unsigned how = v->how, depth = v->depth, parts = 1;
        fval r;
        while (at(f, v->end, PWI_JS_PLUS)) {
            size_t s_len = f->s.len, nel = f->nel;
            if (!eval_postfix(f, v->end + 1, &r) || r.kind != FV_STR ||
                r.off != v->off + v->len || binds_tighter(f, r.end) ||
                v->len + r.len > PWI_FOLD_MAX_VALUE) {
                scratch_pop(f, s_len, nel);
                fold_partial(f, i, v);
                break;
            }
            v->len += r.len; /* r was pushed right after v */
            v->end = r.end;
            how |= r.how;
            depth = umax(depth, r.depth);
            parts++;
        }
        if (parts > 1) { /* one part was remembered by eval_postfix */
            v->how = how | PWI_DEC_CONCAT;
            v->depth = step(depth);
            add_candidate(f, i, v);
        }
    }
    f->nest--;
    return ok;
}

/* ---- the driver --------------------------------------------------------- */

static int cand_cmp(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1;
    return x->seq > y->seq ? -1 : x->seq < y->seq; /* the outer one */
}

/* Reports the outermost candidates that end by token limit, then forgets
 * all candidates. */
static void report_candidates(folder *f, size_t limit)
{
    if (f->nc > 1)
        qsort(f->c, f->nc, sizeof *f->c, cand_cmp);
    size_t covered = 0;
    for (size_t k = 0; k < f->nc; k++) {
        const cand *c = &f->c[k];
        if (c->end > limit || c->first < covered)
            continue;
        report_fed(f, f->cbytes.data + c->off, c->len, c->how, c->depth, c->first,
                   c->end - 1);
        covered = c->end;
    }
    f->nc = 0;
    pwi_buf_reset(&f->cbytes);
}

/* obj[key] with a constant key: report the key. Plain literal keys are
 * common in bundled code (e["default"]), so each is reported once and only
 * while half the result budget is left for real decodings. */
static size_t fold_member(folder *f, size_t i)
{
    fval v;
    size_t next = i + 1;
    if (eval_expr(f, i + 1, &v) && v.kind == FV_STR && at(f, v.end, PWI_JS_RBRACK)) {
        const char *s = f->s.data + v.off;
        next = v.end + 1;
        if (v.how || (f->out->n < PWI_FOLD_MAX_RESULTS / 2 &&
                      pwi_strmap_put(&f->keys, s, v.len, 0) == 0))
            report_fed(f, s, v.len, v.how | PWI_DEC_MEMBER, v.depth, i + 1, v.end - 1);
    }
    scratch_pop(f, 0, 0);
    f->nc = 0; /* the driver evaluates the key again when it was no key */
    pwi_buf_reset(&f->cbytes);
    return next;
}

/* Base64 in a string table: standard alphabet, or obfuscator.io's, which
 * puts lowercase first (swapping case maps it to the standard one). */
static int decode_table_entry(folder *f, const char *s, size_t n)
{
    size_t body = n;
    while (body && s[body - 1] == '=')
        body--;
    /* short entries need padding to be believed */
    if (!looks_base64(s, n, body < n ? 3 : 8))
        return 0;
    for (int swap = 0; swap < 2; swap++) {
        pwi_buf_reset(&f->tmp);
        const char *src = s;
        char *copy = NULL;
        if (swap) {
            copy = pwi_xmalloc(n);
            for (size_t k = 0; k < n; k++) {
                char c = s[k];
                int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
                copy[k] = alpha ? (char)(c ^ 0x20) : c;
            }
            src = copy;
        }
        int ok = pwi_decode_base64(src, n, &f->tmp) == 0 && f->tmp.len >= 2 &&
                 is_text(f->tmp.data, f->tmp.len);
        free(copy);
        if (ok)
            return 1;
    }
    return 0;
}

/* var|let|const NAME = [ 'str', ... ]; the obfuscator.io string table.
 * Each entry that is base64 of text is reported decoded. Returns the
 * token after ']', or 0 when this is not such a table (then the driver
 * evaluates it as usual: ['a','b'].join('') is no table). */
static size_t fold_string_table(folder *f, size_t i)
{
    size_t j = i + 4, n = 0;
    while (!at(f, j, PWI_JS_RBRACK)) {
        if (j >= f->t->n || f->t->v[j].kind != PWI_TK_STRING)
            return 0;
        n++;
        if (at(f, j + 1, PWI_JS_COMMA))
            j += 2;
        else if (at(f, j + 1, PWI_JS_RBRACK))
            j++;
        else
            return 0;
    }
    if (!n || binds_tighter(f, j + 1))
        return 0;
    for (size_t k = i + 4; n--; k += 2) {
        size_t len;
        const char *s = pwi_token_str(f->t, k, &len);
        if (decode_table_entry(f, s, len))
            report_fed(f, f->tmp.data, f->tmp.len, PWI_DEC_BASE64, 1, k, k);
    }
    return j + 1;
}

static inline int is_table_start(const folder *f, size_t i)
{
    return at(f, i, PWI_JS_DECL) && i + 1 < f->t->n && f->t->v[i + 1].kind == PWI_TK_IDENT &&
           at(f, i + 2, PWI_JS_ASSIGN) && at(f, i + 3, PWI_JS_LBRACK);
}

/* Can a value the evaluator knows start at token i? '(' and '[' right
 * after an operand are a call and a member access; a template right after
 * one is a tagged template; after '*' '/' '%' a literal is an operand of
 * that operator, not the start of a concatenation. */
static inline int starts_value(const folder *f, size_t i)
{
    int c = f->t->v[i].code;
    if (c == PWI_JS_LPAREN || c == PWI_JS_LBRACK)
        return !(i > 0 && ends_operand(f, i - 1));
    if (c == PWI_JS_LIT)
        return !(i > 0 && at(f, i - 1, PWI_JS_TIGHT)) &&
               !(f->t->v[i].kind == PWI_TK_TEMPLATE && i > 0 && ends_operand(f, i - 1));
    return c >= PWI_JS_STRING && c <= PWI_JS_DECODEURI;
}

/* Codes fold_at can start anything at: a member access or call ('['
 * '('), a string table (var), a literal, or a name the evaluator knows. */
#define STARTS(c) (1ull << (c))
static const uint64_t may_start_codes =
    STARTS(PWI_JS_LPAREN) | STARTS(PWI_JS_LBRACK) | STARTS(PWI_JS_DECL) | STARTS(PWI_JS_LIT) |
    ((STARTS(PWI_JS_DECODEURI + 1) - 1) & ~(STARTS(PWI_JS_STRING) - 1));
#undef STARTS

static inline int may_start(unsigned code)
{
    return code < 64 && (may_start_codes >> code & 1);
}

/* Tries the forms that can start at token i; returns where to go on. */
static size_t fold_at(folder *f, size_t i)
{
    if (at(f, i, PWI_JS_LBRACK) && i > 0 && (ends_operand(f, i - 1) || at(f, i - 1, PWI_JS_QDOT)))
        return fold_member(f, i);
    size_t after;
    if (is_table_start(f, i) && (after = fold_string_table(f, i)) != 0)
        return after;
    if (!starts_value(f, i))
        return i + 1;
    fval v;
    size_t next;
    f->cap_at = SIZE_MAX;
    if (eval_expr(f, i, &v)) {
        next = v.end;
    } else {
        next = f->last_start < f->cap_at ? f->last_start : f->cap_at;
        if (next <= i)
            next = i + 1;
    }
    scratch_pop(f, 0, 0);
    report_candidates(f, next);
    return next;
}

/* Tokens whose escapes hid text but that no evaluation starts at, so they
 * are reported here: names (\u0065val), template chunks next to a ${}
 * (`\x63\x68\x69${x}`), and literals the evaluator does not start at
 * (tagged templates, operands of '*'). */
static void report_escaped_token(folder *f, size_t i)
{
    const pwi_token *k = &f->t->v[i];
    if (!(k->flags & PWI_TF_ESCAPES))
        return;
    int report_it;
    if (k->kind == PWI_TK_IDENT)
        report_it = 1;
    else if (k->flags & PWI_TF_ESCAPES_MANY)
        report_it = at(f, i, PWI_JS_TPL) || (at(f, i, PWI_JS_LIT) && !starts_value(f, i));
    else
        report_it = 0;
    size_t len;
    const char *s = pwi_token_str(f->t, i, &len);
    if (report_it && (k->kind == PWI_TK_IDENT || mostly_printable(s, len)))
        report(f, s, len, PWI_DEC_ESCAPES, 1, i, i);
}

/* ---- XOR character-code tables ------------------------------------------
 * Droppers keep strings as arrays of numbers decoded by
 * String.fromCharCode(a[i] ^ key.charCodeAt(i % key.length) ^ 333). The
 * decoder is a function, so plain folding never sees a constant call. This
 * pass reads each such decoder's key variable and XOR constants, and
 * decodes every numeric array literal of the file with them, reporting the
 * results that come out as text. */

#define XOR_MAX_DECODERS 8
#define XOR_MAX_ARRAYS 10000
#define XOR_MAX_ARRAY_LEN 4096

typedef struct xor_decoder {
    const char *key; /* key string value, NULL for none */
    size_t key_len;
    long constant;   /* all XOR-ed numeric constants combined */
} xor_decoder;

/* inline: text is a literal, so its length is known where it is called */
static inline int tok_val_is(const folder *f, size_t i, const char *text)
{
    size_t n = strlen(text);
    return f->t->v[i].val_len == n && !memcmp(pwi_token_str(f->t, i, NULL), text, n);
}

static inline int tok_punct(const folder *f, size_t i, const char *text)
{
    return i < f->t->n && f->t->v[i].kind == PWI_TK_PUNCT && tok_val_is(f, i, text);
}

/* Decimal, hex, octal or binary integer literal; 0 when not one. */
static int tok_integer(const folder *f, size_t i, long *out)
{
    if (i >= f->t->n || f->t->v[i].kind != PWI_TK_NUMBER)
        return 0;
    size_t n;
    const char *v = pwi_token_str(f->t, i, &n);
    char buf[40];
    size_t k = 0;
    for (size_t j = 0; j < n && k < sizeof buf - 1; j++)
        if (v[j] != '_')
            buf[k++] = v[j];
    buf[k] = '\0';
    int base = 10;
    const char *d = buf;
    if (k > 2 && buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X'))
        base = 16, d += 2;
    else if (k > 2 && buf[0] == '0' && (buf[1] == 'o' || buf[1] == 'O'))
        base = 8, d += 2;
    else if (k > 2 && buf[0] == '0' && (buf[1] == 'b' || buf[1] == 'B'))
        base = 2, d += 2;
    char *end;
    long x = strtol(d, &end, base);
    if (*end || end == d || x < 0 || x > 0x10ffff)
        return 0;
    *out = x;
    return 1;
}

/* The string literal last assigned to name (`name = '...'`), or NULL. */
static const char *xor_key_value(const folder *f, size_t name_tok, size_t *len)
{
    size_t n;
    const char *name = pwi_token_str(f->t, name_tok, &n);
    for (size_t i = 0; i + 2 < f->t->n; i++) {
        if (f->t->v[i].kind != PWI_TK_IDENT || !tok_punct(f, i + 1, "=") ||
            f->t->v[i + 2].kind != PWI_TK_STRING)
            continue;
        size_t m;
        const char *v = pwi_token_str(f->t, i, &m);
        if (m == n && !memcmp(v, name, n))
            return pwi_token_str(f->t, i + 2, len);
    }
    return NULL;
}

/* Reads the decoders: fromCharCode( ... ^ ... ) calls, their
 * `K.charCodeAt` key and the numeric constants next to '^'. */
static size_t xor_find_decoders(const folder *f, xor_decoder *d)
{
    size_t nd = 0;
    const pwi_tokens *t = f->t;
    for (size_t i = 0; i + 1 < t->n && nd < XOR_MAX_DECODERS; i++) {
        /* the name, or a key like String['fromCharCode'] */
        if ((f->t->v[i].code != PWI_JS_FROMCHARCODE &&
             (f->t->v[i].code != PWI_JS_LIT || !tok_val_is(f, i, "fromCharCode"))) ||
            !tok_punct(f, i + 1, "("))
            continue;
        size_t depth = 0, j = i + 1;
        int has_xor = 0;
        xor_decoder x = {NULL, 0, 0};
        for (; j < t->n && j < i + 200; j++) {
            if (tok_punct(f, j, "("))
                depth++;
            else if (tok_punct(f, j, ")") && --depth == 0)
                break;
            else if (tok_punct(f, j, "^"))
                has_xor = 1;
            long c;
            if ((tok_punct(f, j - 1, "^") || tok_punct(f, j + 1, "^")) && tok_integer(f, j, &c))
                x.constant ^= c;
            if (t->v[j].kind == PWI_TK_IDENT && tok_punct(f, j + 1, ".") &&
                j + 2 < t->n && tok_val_is(f, j + 2, "charCodeAt") && !x.key)
                x.key = xor_key_value(f, j, &x.key_len);
        }
        if (has_xor && (x.key || x.constant))
            d[nd++] = x;
    }
    return nd;
}

static int xor_printable(const char *s, size_t n)
{
    if (n < 2)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c > 0x7e)
            return 0;
    }
    return 1;
}

static void fold_xor_tables(folder *f)
{
    xor_decoder dec[XOR_MAX_DECODERS];
    size_t nd = xor_find_decoders(f, dec);
    if (!nd)
        return;
    const pwi_tokens *t = f->t;
    size_t arrays = 0;
    for (size_t i = 0; i + 2 < t->n && arrays < XOR_MAX_ARRAYS && !results_full(f); i++) {
        long c;
        if (!tok_punct(f, i, "[") || !tok_integer(f, i + 1, &c))
            continue;
        /* [n, n, ...] of integers only */
        size_t j = i + 1, count = 0;
        while (j < t->n && tok_integer(f, j, &c) && count < XOR_MAX_ARRAY_LEN) {
            count++;
            if (tok_punct(f, j + 1, ","))
                j += 2;
            else
                break;
        }
        if (count < 2 || !tok_punct(f, j + 1, "]"))
            continue;
        arrays++;
        for (size_t k = 0; k < nd; k++) {
            pwi_buf_reset(&f->s);
            size_t idx = 0;
            for (size_t e = i + 1; e <= j; e += 2, idx++) {
                tok_integer(f, e, &c);
                long v = c ^ dec[k].constant;
                if (dec[k].key && dec[k].key_len)
                    v ^= (unsigned char)dec[k].key[idx % dec[k].key_len];
                pwi_utf8_put(&f->s, (uint32_t)(v & 0x1fffff));
            }
            if (xor_printable(f->s.data, f->s.len)) {
                report(f, f->s.data, f->s.len, PWI_DEC_CHARCODE, 1, i, j + 1);
                break;
            }
        }
        i = j + 1;
    }
}

void pwi_fold_js(const pwi_tokens *t, pwi_decoded_list *out)
{
    folder f;
    memset(&f, 0, sizeof f);
    f.t = t;
    f.out = out;
    pwi_buf_init(&f.s, 0);
    pwi_buf_init(&f.tmp, 0);
    pwi_buf_init(&f.partial, 0);
    pwi_buf_init(&f.cbytes, 0);
    pwi_strmap_init(&f.keys);
    /* two passes below look at every token for what most files lack:
     * escaped text and a fromCharCode decoder; the lexer noted whether
     * there is any */
    int escapes = (t->hints & PWI_TH_ESCAPES) != 0;
    int xor_decoders = (t->hints & PWI_TH_FROMCHARCODE) != 0;
    for (size_t i = 0, seen = 0; i < t->n && !results_full(&f);) {
        size_t next = i + 1;
        if (may_start(t->v[i].code))
            next = fold_at(&f, i);
        else /* a run of names and punctuators nothing starts at */
            while (next < t->n && !may_start(t->v[next].code))
                next++;
        if (escapes)
            for (; seen < next && seen < t->n; seen++)
                report_escaped_token(&f, seen);
        i = next;
    }
    if (xor_decoders)
        fold_xor_tables(&f);
    free(f.el);
    free(f.c);
    pwi_buf_release(&f.s);
    pwi_buf_release(&f.tmp);
    pwi_buf_release(&f.partial);
    pwi_buf_release(&f.cbytes);
    pwi_strmap_release(&f.keys);
}
