/* lex-py.c - Python 3 tokenizer (contract in lex.h).
 *
 * One forward pass over the input: every byte is looked at a bounded
 * number of times, so the time is linear whatever the input (one 10 MB
 * line, 10 MB of quotes or backslashes). String values are decoded while
 * the string is scanned. Indentation is not tokenized: nothing downstream
 * needs INDENT/DEDENT, and malware hides in expressions, not in layout.
 */
#include "lex.h"
#include "util/mem.h"

#include <string.h>

/* Replacement fields nested deeper than this in an f-string are treated
 * as brackets of the enclosing expression (Python itself allows 2). */
#define FSTR_MAX_LEVELS 8
/* \N{NAME}: Unicode names are short; a longer run is not an escape. */
#define NAMED_ESCAPE_MAX 128

typedef struct pylex {
    const unsigned char *p;
    size_t n;      /* capped at UINT32_MAX */
    size_t i;      /* read position */
    uint32_t line; /* 1-based line of p[i] */
    size_t bol;    /* offset of the first byte of that line */
    pwi_tokens *out;
    /* value being built for the current token */
    size_t val_start;
    int val_overflow; /* the arena would pass 4 GiB: value dropped */
    uint8_t flags;
} pylex;

/* ---- small helpers -------------------------------------------------------- */

static int is_ident_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static int is_ident_char(unsigned char c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9');
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}



/* Length of the newline at offset i (CRLF, LF or a lone CR), or 0. */
static size_t newline_len(const pylex *lx, size_t i)
{
    if (i >= lx->n)
        return 0;
    if (lx->p[i] == '\n')
        return 1;
    if (lx->p[i] == '\r')
        return (i + 1 < lx->n && lx->p[i + 1] == '\n') ? 2 : 1;
    return 0;
}

/* Steps over a newline of length len at lx->i. */
static void pass_newline(pylex *lx, size_t len)
{
    lx->i += len;
    lx->line++;
    lx->bol = lx->i;
}

/* ---- token values in the arena -------------------------------------------- */

static void val_begin(pylex *lx)
{
    lx->val_start = lx->out->arena.len;
    lx->val_overflow = 0;
    lx->flags = 0;
}

/* Appends to the current value; offsets are 32-bit, so a value that would
 * end past 4 GiB of arena is dropped (only inputs near the 4 GiB cap). */
static void val_put(pylex *lx, const void *s, size_t len)
{
    pwi_buf *a = &lx->out->arena;
    if (lx->val_overflow || len == 0)
        return;
    if (a->len + len + 1 > UINT32_MAX) {
        lx->val_overflow = 1;
        return;
    }
    pwi_buf_add(a, s, len);
}

static void val_putc(pylex *lx, char c)
{
    val_put(lx, &c, 1);
}

/* Appends code point cp: as UTF-8 in str literals, as one byte in bytes. */
static void val_put_cp(pylex *lx, uint32_t cp, int bytes)
{
    if (bytes) {
        val_putc(lx, (char)(cp & 0xff));
        return;
    }
    if (lx->val_overflow || lx->out->arena.len + 4 + 1 > UINT32_MAX) {
        lx->val_overflow = 1;
        return;
    }
    pwi_utf8_put(&lx->out->arena, cp);
}

/* Finishes the current token [start, lx->i) that began at line/col. */
static void emit(pylex *lx, int kind, size_t start, uint32_t line, uint32_t col)
{
    pwi_tokens *t = lx->out;
    pwi_buf *a = &t->arena;
    if (lx->val_overflow) {
        a->len = lx->val_start;
        if (a->data)
            a->data[a->len] = '\0';
    }
    size_t vlen = a->len - lx->val_start;
    if (!lx->val_overflow && a->len + 1 <= UINT32_MAX)
        pwi_buf_addc(a, '\0'); /* values are NUL-separated */
    PW_GROW(t->v, t->cap, t->n + 1);
    pwi_token *k = &t->v[t->n++];
    k->kind = (uint8_t)kind;
    k->flags = lx->flags;
    if (k->flags & PWI_TF_ESCAPES)
        t->hints |= PWI_TH_ESCAPES;
    k->code = 0;
    k->off = (uint32_t)start;
    k->len = (uint32_t)(lx->i - start);
    k->line = line;
    k->col = col;
    k->val = lx->val_overflow ? 0 : (uint32_t)lx->val_start;
    k->val_len = lx->val_overflow ? 0 : (uint32_t)vlen;
}

/* Emits p[start, lx->i) as a token whose value is its own text. */
static void emit_text(pylex *lx, int kind, size_t start, uint32_t line, uint32_t col)
{
    val_begin(lx);
    val_put(lx, lx->p + start, lx->i - start);
    emit(lx, kind, start, line, col);
}

/* ---- escapes --------------------------------------------------------------- */

/* Reads exactly want hex digits at p[i..]: their value, or -1. */
static long read_hex(const pylex *lx, size_t i, int want)
{
    long v = 0;
    for (int k = 0; k < want; k++) {
        if (i + (size_t)k >= lx->n)
            return -1;
        int d = pwi_hex_digit(lx->p[i + (size_t)k]);
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* Copies a \N{NAME} escape literally (str literals only); returns 0 when
 * what follows \N is not a closed short {NAME}. */
static int copy_named_escape(pylex *lx, unsigned char quote)
{
    size_t i = lx->i + 2;
    if (i >= lx->n || lx->p[i] != '{')
        return 0;
    size_t lim = lx->n - i < NAMED_ESCAPE_MAX ? lx->n : i + NAMED_ESCAPE_MAX;
    for (size_t j = i + 1; j < lim; j++) {
        unsigned char c = lx->p[j];
        if (c == '}') {
            val_put(lx, lx->p + lx->i, j + 1 - lx->i);
            lx->i = j + 1;
            return 1;
        }
        if (c == quote || c == '\n' || c == '\r' || c == '\\')
            return 0;
    }
    return 0;
}

/* Decodes the escape at lx->i (a backslash) in a non-raw literal. Invalid
 * escapes are kept as written, like Python does for unknown ones. */
static void decode_escape(pylex *lx, int bytes, unsigned char quote)
{
    size_t i = lx->i;
    if (i + 1 >= lx->n) {
        val_putc(lx, '\\');
        lx->i++;
        return;
    }
    size_t nl = newline_len(lx, i + 1);
    if (nl) { /* backslash-newline continues the literal */
        lx->i++;
        pass_newline(lx, nl);
        return;
    }
    unsigned char c = lx->p[i + 1];
    static const char simple_from[] = "\\'\"abfnrtv";
    static const char simple_to[] = "\\'\"\a\b\f\n\r\t\v";
    const char *s = c ? strchr(simple_from, c) : NULL;
    if (s) {
        val_putc(lx, simple_to[s - simple_from]);
        lx->i += 2;
        return;
    }
    long cp = -1;
    size_t used = 0;
    if (c >= '0' && c <= '7') {
        cp = 0;
        for (used = 1; used <= 3 && i + used < lx->n; used++) {
            unsigned char d = lx->p[i + used];
            if (d < '0' || d > '7')
                break;
            cp = cp * 8 + (d - '0');
        }
    } else if (c == 'x') {
        cp = read_hex(lx, i + 2, 2);
        used = 4;
    } else if (c == 'u' && !bytes) {
        cp = read_hex(lx, i + 2, 4);
        used = 6;
    } else if (c == 'U' && !bytes) {
        cp = read_hex(lx, i + 2, 8);
        used = 10;
    } else if (c == 'N' && !bytes && copy_named_escape(lx, quote)) {
        return;
    }
    if (cp < 0) { /* unknown or malformed: keep the backslash and the byte */
        val_put(lx, lx->p + i, 2);
        lx->i += 2;
        return;
    }
    if (cp > 0x10ffff)
        cp = 0xfffd;
    if (pwi_is_ascii_alnum((uint32_t)cp))
        lx->flags |= PWI_TF_ESCAPES;
    val_put_cp(lx, (uint32_t)cp, bytes);
    lx->i += used;
}

/* In a raw literal a backslash still protects the next byte from ending
 * the literal, but both are kept. */
static void copy_raw_escape(pylex *lx)
{
    val_putc(lx, '\\');
    lx->i++;
    size_t nl = newline_len(lx, lx->i);
    if (nl) {
        val_putc(lx, '\n');
        pass_newline(lx, nl);
    } else if (lx->i < lx->n) {
        val_putc(lx, (char)lx->p[lx->i]);
        lx->i++;
    }
}

/* ---- strings --------------------------------------------------------------- */

/* Prefix letters of a string literal: returns PWI_TF_* flags, or -1 when
 * p[0..len) is not a valid prefix. Template strings (t'', 3.14) are
 * treated like f-strings. */
static int string_prefix(const unsigned char *p, size_t len)
{
    int seen = 0, flags = 0;
    if (len == 0 || len > 2)
        return -1;
    for (size_t k = 0; k < len; k++) {
        int bit;
        switch (p[k] | 0x20) {
        case 'r':
            bit = 1;
            flags |= PWI_TF_RAW;
            break;
        case 'b':
            bit = 2;
            flags |= PWI_TF_BYTES;
            break;
        case 'f':
            bit = 4;
            flags |= PWI_TF_FSTRING;
            break;
        case 't':
            bit = 8;
            flags |= PWI_TF_FSTRING;
            break;
        case 'u':
            bit = 16;
            break;
        default:
            return -1;
        }
        if (seen & bit)
            return -1;
        seen |= bit;
    }
    if ((seen & 16) && len > 1)
        return -1; /* u combines with nothing */
    if ((seen & 2) && (seen & 12))
        return -1; /* no bytes f-strings */
    if ((seen & 4) && (seen & 8))
        return -1;
    return flags;
}

/* Whether the closing quote(s) start at lx->i. */
static int at_close(const pylex *lx, unsigned char q, int triple)
{
    if (lx->p[lx->i] != q)
        return 0;
    return !triple ||
           (lx->i + 2 < lx->n && lx->p[lx->i + 1] == q && lx->p[lx->i + 2] == q);
}

/* Copies a string nested in an f-string replacement field verbatim
 * (PEP 701 lets it reuse the outer quote). A single-quoted one stops
 * before a newline, leaving it to the outer literal. */
static void copy_nested_string(pylex *lx)
{
    unsigned char q = lx->p[lx->i];
    int triple = lx->i + 2 < lx->n && lx->p[lx->i + 1] == q && lx->p[lx->i + 2] == q;
    size_t start = lx->i;
    lx->i += triple ? 3 : 1;
    while (lx->i < lx->n) {
        unsigned char c = lx->p[lx->i];
        size_t nl = newline_len(lx, lx->i);
        if (nl && !triple)
            break;
        if (nl) {
            val_put(lx, lx->p + start, lx->i - start);
            val_putc(lx, '\n');
            pass_newline(lx, nl);
            start = lx->i;
        } else if (c == '\\' && lx->i + 1 < lx->n && !newline_len(lx, lx->i + 1)) {
            lx->i += 2;
        } else if (at_close(lx, q, triple)) {
            lx->i += triple ? 3 : 1;
            break;
        } else {
            lx->i++;
        }
    }
    val_put(lx, lx->p + start, lx->i - start);
}

/* State of the replacement fields open in an f-string. */
typedef struct fstate {
    int depth;                     /* open fields; 0 = literal text */
    uint8_t spec[FSTR_MAX_LEVELS]; /* in the format spec after ':' */
    uint32_t brackets[FSTR_MAX_LEVELS];
} fstate;

/* Handles byte c of an f-string inside a replacement field expression
 * (not its format spec). Returns 1 when consumed. */
static int fstring_expr_byte(pylex *lx, fstate *fs, unsigned char c)
{
    uint32_t *br = &fs->brackets[fs->depth - 1];
    if (c == '\'' || c == '"') {
        copy_nested_string(lx);
        return 1;
    }
    if (c == '\\' && lx->i + 1 < lx->n && !newline_len(lx, lx->i + 1)) {
        val_put(lx, lx->p + lx->i, 2); /* 3.12 allows escapes here; keep */
        lx->i += 2;
        return 1;
    }
    if (c == '(' || c == '[' || c == '{') {
        (*br)++;
    } else if ((c == ')' || c == ']') && *br) {
        (*br)--;
    } else if (c == '}') {
        if (*br)
            (*br)--;
        else
            fs->depth--;
    } else if (c == ':' && *br == 0) {
        fs->spec[fs->depth - 1] = 1;
    } else {
        return 0;
    }
    val_putc(lx, (char)c);
    lx->i++;
    return 1;
}

/* Handles a brace in literal text or a format spec of an f-string.
 * Returns 1 when consumed. */
static int fstring_text_brace(pylex *lx, fstate *fs, unsigned char c)
{
    size_t take = 1;
    if (c == '{') {
        if (fs->depth == 0 && lx->i + 1 < lx->n && lx->p[lx->i + 1] == '{') {
            take = 2; /* {{ is a literal brace; kept as written */
        } else if (fs->depth < FSTR_MAX_LEVELS) {
            fs->spec[fs->depth] = 0;
            fs->brackets[fs->depth] = 0;
            fs->depth++;
        }
    } else if (c == '}') {
        if (fs->depth > 0)
            fs->depth--;
        else if (lx->i + 1 < lx->n && lx->p[lx->i + 1] == '}')
            take = 2;
    } else {
        return 0;
    }
    val_put(lx, lx->p + lx->i, take);
    lx->i += take;
    return 1;
}

/* Scans the body of a literal whose opening quote is at lx->i, decoding
 * its value. Stops after the closing quote, or (unterminated) before the
 * newline of a single-quoted literal or at the end of the input. */
static void scan_string_body(pylex *lx, int flags)
{
    unsigned char q = lx->p[lx->i];
    int triple = lx->i + 2 < lx->n && lx->p[lx->i + 1] == q && lx->p[lx->i + 2] == q;
    int raw = flags & PWI_TF_RAW, bytes = flags & PWI_TF_BYTES;
    int fstr = flags & PWI_TF_FSTRING;
    fstate fs;
    fs.depth = 0;
    lx->i += triple ? 3 : 1;
    for (;;) {
        if (lx->i >= lx->n) {
            lx->flags |= PWI_TF_UNTERMINATED;
            return;
        }
        unsigned char c = lx->p[lx->i];
        int in_expr = fstr && fs.depth > 0 && !fs.spec[fs.depth - 1];
        size_t nl = newline_len(lx, lx->i);
        if (nl) {
            if (!triple) {
                lx->flags |= PWI_TF_UNTERMINATED;
                return;
            }
            val_putc(lx, '\n'); /* Python reads source with universal newlines */
            pass_newline(lx, nl);
        } else if (in_expr) {
            if (!fstring_expr_byte(lx, &fs, c)) {
                val_putc(lx, (char)c);
                lx->i++;
            }
        } else if (at_close(lx, q, triple)) {
            lx->i += triple ? 3 : 1;
            return;
        } else if (c == '\\') {
            if (raw)
                copy_raw_escape(lx);
            else
                decode_escape(lx, bytes, q);
        } else if (!(fstr && fstring_text_brace(lx, &fs, c))) {
            /* a run of ordinary bytes, copied at once */
            size_t s = lx->i;
            while (lx->i < lx->n) {
                unsigned char d = lx->p[lx->i];
                if (d == q || d == '\\' || d == '\n' || d == '\r' ||
                    (fstr && (d == '{' || d == '}')))
                    break;
                lx->i++;
            }
            if (lx->i == s)
                lx->i++;
            val_put(lx, lx->p + s, lx->i - s);
        }
    }
}

/* Lexes a literal whose prefix starts at start and quote is at lx->i. */
static void lex_string(pylex *lx, size_t start, int flags, uint32_t line, uint32_t col)
{
    val_begin(lx);
    scan_string_body(lx, flags);
    lx->flags |= (uint8_t)flags;
    emit(lx, PWI_TK_STRING, start, line, col);
}

/* ---- numbers, names, punctuators ------------------------------------------ */

static void skip_digits(pylex *lx, int base)
{
    while (lx->i < lx->n) {
        unsigned char c = lx->p[lx->i];
        int d = pwi_hex_digit(c);
        if (c != '_' && (d < 0 || d >= base))
            break;
        lx->i++;
    }
}

/* Numbers: 1_000, 0x1F, 0o17, 0b1, 1.5, .5, 1e-3, 2j, and Python 2's 10L. */
static void lex_number(pylex *lx)
{
    const unsigned char *p = lx->p;
    size_t n = lx->n;
    unsigned char k = lx->i + 1 < n ? (p[lx->i + 1] | 0x20) : 0;
    if (p[lx->i] == '0' && (k == 'x' || k == 'o' || k == 'b')) {
        lx->i += 2;
        skip_digits(lx, k == 'x' ? 16 : k == 'o' ? 8 : 2);
    } else {
        skip_digits(lx, 10);
        if (lx->i < n && p[lx->i] == '.') {
            lx->i++;
            skip_digits(lx, 10);
        }
        if (lx->i < n && (p[lx->i] | 0x20) == 'e') {
            size_t j = lx->i + 1;
            if (j < n && (p[j] == '+' || p[j] == '-'))
                j++;
            if (j < n && is_digit(p[j])) {
                lx->i = j;
                skip_digits(lx, 10);
            }
        }
    }
    if (lx->i < n && ((p[lx->i] | 0x20) == 'j' || (p[lx->i] | 0x20) == 'l'))
        lx->i++;
}

/* Longest-match operator length at lx->i (at least 1). */
static size_t punct_len(const pylex *lx)
{
    static const char *const three[] = {"**=", "//=", ">>=", "<<=", "..."};
    static const char *const two[] = {
        "**", "//", ">>", "<<", "<=", ">=", "==", "!=", "->", ":=",
        "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "<>"};
    size_t left = lx->n - lx->i;
    const unsigned char *s = lx->p + lx->i;
    if (left >= 3)
        for (size_t k = 0; k < sizeof three / sizeof *three; k++)
            if (memcmp(s, three[k], 3) == 0)
                return 3;
    if (left >= 2)
        for (size_t k = 0; k < sizeof two / sizeof *two; k++)
            if (memcmp(s, two[k], 2) == 0)
                return 2;
    return 1;
}

/* An identifier, or a string literal when it is a prefix right before a
 * quote (r'', b"", f'''...''', Rb"", ...). */
static void lex_name(pylex *lx, uint32_t line, uint32_t col)
{
    size_t start = lx->i;
    while (lx->i < lx->n && is_ident_char(lx->p[lx->i]))
        lx->i++;
    if (lx->i < lx->n && (lx->p[lx->i] == '\'' || lx->p[lx->i] == '"')) {
        int flags = string_prefix(lx->p + start, lx->i - start);
        if (flags >= 0) {
            lex_string(lx, start, flags, line, col);
            return;
        }
    }
    emit_text(lx, PWI_TK_IDENT, start, line, col);
}

static void skip_comment(pylex *lx)
{
    while (lx->i < lx->n && lx->p[lx->i] != '\n' && lx->p[lx->i] != '\r')
        lx->i++;
    lx->out->comments++;
}

/* Lexes one token or skips one piece of blank, comment or continuation. */
static void lex_one(pylex *lx)
{
    const unsigned char *p = lx->p;
    unsigned char c = p[lx->i];
    uint32_t line = lx->line;
    uint32_t col = (uint32_t)(lx->i - lx->bol + 1);
    size_t start = lx->i;
    size_t nl = newline_len(lx, lx->i);
    if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
        lx->i++;
    } else if (nl) {
        pass_newline(lx, nl);
    } else if (c == '#') {
        skip_comment(lx);
    } else if (c == '\\' && newline_len(lx, lx->i + 1)) {
        lx->i++; /* explicit line joining */
        pass_newline(lx, newline_len(lx, lx->i));
    } else if (c == '\'' || c == '"') {
        lex_string(lx, start, 0, line, col);
    } else if (is_ident_start(c)) {
        lex_name(lx, line, col);
    } else if (is_digit(c) || (c == '.' && lx->i + 1 < lx->n && is_digit(p[lx->i + 1]))) {
        lex_number(lx);
        emit_text(lx, PWI_TK_NUMBER, start, line, col);
    } else {
        lx->i += punct_len(lx);
        emit_text(lx, PWI_TK_PUNCT, start, line, col);
    }
}

void pwi_lex_py(const unsigned char *p, size_t n, pwi_tokens *out)
{
    pylex lx;
    memset(&lx, 0, sizeof lx);
    lx.p = p;
    lx.n = n > UINT32_MAX ? UINT32_MAX : n;
    lx.line = 1;
    lx.out = out;
    PW_GROW(out->v, out->cap, out->n + lx.n / 4 + 16); /* as in lex-js.c */
    if (lx.n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
        lx.i = 3; /* a UTF-8 BOM would otherwise glue onto the first name */
    while (lx.i < lx.n)
        lex_one(&lx);
    out->lines = lx.n == 0 ? 0 : lx.line - 1 + (lx.bol < lx.n ? 1 : 0);
}
