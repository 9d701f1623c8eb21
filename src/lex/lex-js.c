/* lex-js.c - JavaScript / TypeScript / JSX tokenizer (contract in lex.h).
 *
 * One forward pass. Every byte is looked at a bounded number of times
 * (a regex literal that fails to close is rescanned once as ordinary
 * tokens, and then regex scanning is off until that line ends), so time
 * is linear whatever the input: one 10 MB line, 10 MB of quotes, slashes
 * or backslashes.
 *
 * Values: strings and template chunks carry their decoded value;
 * identifiers, numbers, punctuators and regexes carry their source text
 * (folding sees only the token list), except that an identifier written
 * with \u escapes carries its decoded name and PWI_TF_ESCAPES.
 *
 * Lines are counted at '\n' only (CRLF is one line), like the raw view's
 * line table, so every view of a file agrees on line numbers. CR, U+2028
 * and U+2029 still end comments, strings and regexes, as they do in JS:
 * code after "// note<CR>" runs, so it must be tokenized.
 *
 * Regex or division is decided from the previous significant token, the
 * usual heuristic: after ')' ']' '}' an identifier, a literal, '++' or
 * '--' a '/' divides; elsewhere it starts a regex.
 */
#include "js-code.h"
#include "lex.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>

typedef struct jslex {
    const unsigned char *p;
    size_t n;              /* capped at UINT32_MAX */
    size_t i;              /* read position */
    uint32_t line;         /* 1-based line of p[i] */
    size_t bol;            /* offset of the first byte of that line */
    pwi_tokens *out;
    int regex_ok;          /* a '/' here starts a regex literal */
    size_t no_regex_until; /* a regex failed to close: '/' divides before */
    /* Template literals: for each open ${, the '{' depth it interrupted. */
    uint32_t *tstack;
    size_t tn, tcap;
    uint32_t braces;       /* open '{' in the innermost ${ } (or top level) */
} jslex;

/* Decoding state of one string or template chunk. */
typedef struct strstate {
    uint32_t high;         /* pending high surrogate from a \u escape */
    size_t spelled;        /* escapes that spelled a letter or digit */
    int overflow;          /* the arena would pass 4 GiB: value dropped */
} strstate;

/* ---- character classes ---------------------------------------------------- */

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}



/* Length of a Unicode space separator (Zs) or BOM at p[i], else 0. JS
 * treats these as whitespace; every other non-ASCII byte is taken as part
 * of an identifier (invisible identifiers are an evasion of their own). */
static size_t uni_space_len(const jslex *lx, size_t i)
{
    const unsigned char *p = lx->p + i;
    size_t left = lx->n - i;
    if (left >= 2 && p[0] == 0xc2 && p[1] == 0xa0)
        return 2; /* U+00A0 */
    if (left < 3)
        return 0;
    if (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
        return 3; /* U+FEFF */
    if (p[0] == 0xe1 && p[1] == 0x9a && p[2] == 0x80)
        return 3; /* U+1680 */
    if (p[0] == 0xe2 && p[1] == 0x80 &&
        ((p[2] >= 0x80 && p[2] <= 0x8a) || p[2] == 0xaf))
        return 3; /* U+2000..U+200A, U+202F */
    if (p[0] == 0xe2 && p[1] == 0x81 && p[2] == 0x9f)
        return 3; /* U+205F */
    if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80)
        return 3; /* U+3000 */
    return 0;
}

/* Length of a line terminator at p[i] (LF, CR, CRLF, U+2028, U+2029),
 * else 0. */
static size_t eol_len(const jslex *lx, size_t i)
{
    if (i >= lx->n)
        return 0;
    unsigned char c = lx->p[i];
    if (c == '\n')
        return 1;
    if (c == '\r')
        return (i + 1 < lx->n && lx->p[i + 1] == '\n') ? 2 : 1;
    if (c == 0xe2 && i + 2 < lx->n && lx->p[i + 1] == 0x80 &&
        (lx->p[i + 2] == 0xa8 || lx->p[i + 2] == 0xa9))
        return 3;
    return 0;
}

/* Passes a line terminator of len bytes at p[i]; only '\n' counts a line. */
static void take_eol(jslex *lx, size_t len)
{
    int lf = lx->p[lx->i + len - 1] == '\n';
    lx->i += len;
    if (lf) {
        lx->line++;
        lx->bol = lx->i;
    }
}

static int is_ident_start(const jslex *lx, size_t i)
{
    unsigned char c = lx->p[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$')
        return 1;
    if (c == '\\')
        return i + 1 < lx->n && lx->p[i + 1] == 'u';
    return c >= 0x80 && !uni_space_len(lx, i) && !eol_len(lx, i);
}

static int is_ident_part(const jslex *lx, size_t i)
{
    return is_digit(lx->p[i]) || is_ident_start(lx, i);
}

/* ---- tokens and values ------------------------------------------------------ */

static inline pwi_token *push_token(jslex *lx, pwi_tok_kind kind, int code, size_t start,
                                    uint32_t line, size_t bol)
{
    pwi_tokens *t = lx->out;
    if (t->n == t->cap)
        PW_GROW(t->v, t->cap, t->n + 1);
    pwi_token *k = &t->v[t->n++];
    *k = (pwi_token){(uint8_t)kind, 0, (uint8_t)code, (uint32_t)start,
                     (uint32_t)(lx->i - start), line, (uint32_t)(start - bol + 1), 0, 0};
    return k;
}

/* A token whose value is its source text, read in place (names, numbers,
 * punctuators, regexes): copying each into the arena cost a tenth of
 * lexing. */
static inline pwi_token *push_src_token(jslex *lx, pwi_tok_kind kind, int code,
                                        size_t start)
{
    pwi_token *k = push_token(lx, kind, code, start, lx->line, lx->bol);
    k->flags = PWI_TF_SRCVAL;
    k->val = k->off;
    k->val_len = k->len;
    return k;
}

/* Appends to the value being built, unless the arena would pass 4 GiB
 * (offsets are 32-bit; only inputs near the 4 GiB cap get there). */
static void val_add(jslex *lx, strstate *st, const void *p, size_t n)
{
    pwi_buf *a = &lx->out->arena;
    if (st->overflow || a->len + n + 8 > UINT32_MAX) {
        st->overflow = 1;
        return;
    }
    pwi_buf_add(a, p, n);
}

/* Appends code point cp, pairing a high surrogate with the low one that
 * follows it (JS strings are UTF-16; "\uD83D\uDE00" is one emoji). */
static void val_cp(jslex *lx, strstate *st, uint32_t cp)
{
    if (st->high) {
        uint32_t hi = st->high;
        st->high = 0;
        if (cp >= 0xdc00 && cp <= 0xdfff) {
            cp = 0x10000 + ((hi - 0xd800) << 10) + (cp - 0xdc00);
        } else {
            char rep[3] = {(char)0xef, (char)0xbf, (char)0xbd};
            val_add(lx, st, rep, 3);
        }
    }
    if (cp >= 0xd800 && cp <= 0xdbff) {
        st->high = cp;
        return;
    }
    pwi_buf *a = &lx->out->arena;
    if (st->overflow || a->len + 4 + 8 > UINT32_MAX) {
        st->overflow = 1;
        return;
    }
    pwi_utf8_put(a, cp);
}

/* Literal bytes end any pending surrogate. */
static void val_bytes(jslex *lx, strstate *st, const unsigned char *p, size_t n)
{
    if (st->high) {
        st->high = 0;
        val_add(lx, st, "\xef\xbf\xbd", 3);
    }
    val_add(lx, st, p, n);
}

/* Closes the value started at arena offset start and attaches it to k. */
static void val_finish(jslex *lx, strstate *st, pwi_token *k, size_t start)
{
    if (st->high) {
        st->high = 0;
        val_add(lx, st, "\xef\xbf\xbd", 3);
    }
    pwi_buf *a = &lx->out->arena;
    if (st->overflow) {
        a->len = start;
        if (a->data)
            a->data[start] = '\0';
        k->val = 0;
        k->val_len = 0;
        return;
    }
    k->val = (uint32_t)start;
    k->val_len = (uint32_t)(a->len - start);
    pwi_buf_addc(a, '\0');
    if (st->spelled) {
        k->flags |= PWI_TF_ESCAPES;
        lx->out->hints |= PWI_TH_ESCAPES;
    }
    /* String['fromCharCode'] names the decoder as a name does */
    if (k->code == PWI_JS_LIT && k->val_len == 12 &&
        !memcmp(a->data + start, "fromCharCode", 12))
        lx->out->hints |= PWI_TH_FROMCHARCODE;
    if (st->spelled >= 3)
        k->flags |= PWI_TF_ESCAPES_MANY;
}


/* ---- escapes ------------------------------------------------------------------- */

/* Reads \uXXXX or \u{X...} at p[i] (the backslash); returns the code point
 * and sets *used, or returns -1 when malformed. */
static long read_u_escape(const jslex *lx, size_t i, size_t *used)
{
    const unsigned char *p = lx->p;
    size_t j = i + 2;
    if (j < lx->n && p[j] == '{') {
        uint32_t cp = 0;
        size_t digits = 0;
        for (j++; j < lx->n && pwi_hex_digit(p[j]) >= 0; j++, digits++) {
            cp = cp * 16 + (uint32_t)pwi_hex_digit(p[j]);
            if (cp > 0x10ffff)
                return -1;
        }
        if (!digits || j >= lx->n || p[j] != '}')
            return -1;
        *used = j + 1 - i;
        return (long)cp;
    }
    if (j + 4 > lx->n)
        return -1;
    uint32_t cp = 0;
    for (size_t k = 0; k < 4; k++) {
        int h = pwi_hex_digit(p[j + k]);
        if (h < 0)
            return -1;
        cp = cp * 16 + (uint32_t)h;
    }
    *used = 6;
    return (long)cp;
}

/* Legacy octal escape \NNN (value at most 0377) at p[i]; sets *used. */
static uint32_t read_octal_escape(const jslex *lx, size_t i, size_t *used)
{
    const unsigned char *p = lx->p;
    size_t j = i + 1;
    size_t max = p[j] <= '3' ? 3 : 2;
    uint32_t v = 0;
    size_t k = 0;
    while (k < max && j + k < lx->n && p[j + k] >= '0' && p[j + k] <= '7') {
        v = v * 8 + (uint32_t)(p[j + k] - '0');
        k++;
    }
    *used = 1 + k;
    return v;
}

/* Decodes the escape whose backslash is at p[i] into the value, advancing
 * lx->i. Malformed \x and \u escapes are kept literally. */
static void decode_escape(jslex *lx, strstate *st)
{
    const unsigned char *p = lx->p;
    size_t i = lx->i;
    if (i + 1 >= lx->n) { /* lone backslash at the end of input */
        val_bytes(lx, st, p + i, 1);
        lx->i++;
        return;
    }
    size_t nl = eol_len(lx, i + 1);
    if (nl) { /* line continuation: contributes nothing */
        lx->i++;
        take_eol(lx, nl);
        return;
    }
    unsigned char c = p[i + 1];
    long cp = -1;
    size_t used = 2;
    int spelling = 0; /* \x, \u and octal can hide letters */
    switch (c) {
    case 'n': cp = '\n'; break;
    case 't': cp = '\t'; break;
    case 'r': cp = '\r'; break;
    case 'b': cp = '\b'; break;
    case 'f': cp = '\f'; break;
    case 'v': cp = '\v'; break;
    case 'x':
        if (i + 3 < lx->n && pwi_hex_digit(p[i + 2]) >= 0 && pwi_hex_digit(p[i + 3]) >= 0) {
            cp = pwi_hex_digit(p[i + 2]) * 16 + pwi_hex_digit(p[i + 3]);
            used = 4;
            spelling = 1;
        }
        break;
    case 'u':
        cp = read_u_escape(lx, i, &used);
        spelling = 1;
        break;
    default:
        if (c >= '0' && c <= '7') {
            cp = (long)read_octal_escape(lx, i, &used);
            spelling = 1;
        } else if (c < 0x80) {
            cp = c; /* identity escape: \' \" \\ \q */
        } else { /* non-ASCII: drop the backslash, copy the bytes as text */
            lx->i++;
            return;
        }
    }
    if (cp < 0) { /* malformed: keep "\x" or "\u" and go on after it */
        val_bytes(lx, st, p + i, 2);
        lx->i += 2;
        return;
    }
    if (spelling && pwi_is_ascii_alnum((uint32_t)cp))
        st->spelled++;
    val_cp(lx, st, (uint32_t)cp);
    lx->i += used;
}

/* ---- comments -------------------------------------------------------------------- */

/* Skips to the end of the line (the terminator is left for the caller). */
static void skip_line_comment(jslex *lx)
{
    while (lx->i < lx->n && !eol_len(lx, lx->i))
        lx->i++;
    lx->out->comments++;
}

static void skip_block_comment(jslex *lx)
{
    lx->i += 2;
    while (lx->i < lx->n) {
        unsigned char c = lx->p[lx->i];
        if (c == '*' && lx->i + 1 < lx->n && lx->p[lx->i + 1] == '/') {
            lx->i += 2;
            break;
        }
        if (c == '\n') {
            take_eol(lx, 1);
            continue;
        }
        lx->i++;
    }
    lx->out->comments++;
}

/* ---- strings and templates --------------------------------------------------------- */

/* '...' or "...": a raw line terminator ends an unterminated string. */
static void lex_string(jslex *lx)
{
    size_t start = lx->i;
    uint32_t line = lx->line;
    size_t bol = lx->bol;
    unsigned char quote = lx->p[lx->i++];
    strstate st = {0, 0, 0};
    size_t vstart = lx->out->arena.len;
    int closed = 0;
    while (lx->i < lx->n) {
        unsigned char c = lx->p[lx->i];
        if (c == quote) {
            lx->i++;
            closed = 1;
            break;
        }
        if (c == '\\') {
            decode_escape(lx, &st);
            continue;
        }
        if (c == '\n' || c == '\r')
            break;
        size_t j = lx->i + 1;
        while (j < lx->n && lx->p[j] != quote && lx->p[j] != '\\' &&
               lx->p[j] != '\n' && lx->p[j] != '\r')
            j++;
        val_bytes(lx, &st, lx->p + lx->i, j - lx->i);
        lx->i = j;
    }
    pwi_token *k = push_token(lx, PWI_TK_STRING, PWI_JS_LIT, start, line, bol);
    if (!closed)
        k->flags |= PWI_TF_UNTERMINATED;
    val_finish(lx, &st, k, vstart);
    lx->regex_ok = 0;
}

/* One literal chunk of a template, starting at its opening '`' or at the
 * '}' that closes a substitution (continued). It ends at '`' or after
 * "${", which opens a substitution: the '{' depth is saved so the '}'
 * that closes it is recognised. CR and CRLF become LF in the value, as
 * in JS. */
static void lex_template_chunk(jslex *lx, int continued)
{
    size_t start = lx->i;
    uint32_t line = lx->line;
    size_t bol = lx->bol;
    lx->i++;
    strstate st = {0, 0, 0};
    size_t vstart = lx->out->arena.len;
    int closed = 0, opens = 0;
    while (lx->i < lx->n) {
        unsigned char c = lx->p[lx->i];
        if (c == '`') {
            lx->i++;
            closed = 1;
            break;
        }
        if (c == '$' && lx->i + 1 < lx->n && lx->p[lx->i + 1] == '{') {
            lx->i += 2;
            closed = opens = 1;
            break;
        }
        if (c == '\\') {
            decode_escape(lx, &st);
            continue;
        }
        if (c == '\n' || c == '\r') {
            val_bytes(lx, &st, (const unsigned char *)"\n", 1);
            take_eol(lx, eol_len(lx, lx->i));
            continue;
        }
        size_t j = lx->i + 1;
        while (j < lx->n && lx->p[j] != '`' && lx->p[j] != '$' &&
               lx->p[j] != '\\' && lx->p[j] != '\n' && lx->p[j] != '\r')
            j++;
        val_bytes(lx, &st, lx->p + lx->i, j - lx->i);
        lx->i = j;
    }
    pwi_token *k = push_token(lx, PWI_TK_TEMPLATE, PWI_JS_LIT, start, line, bol);
    if (continued || opens) {
        k->flags |= PWI_TF_FSTRING;
        k->code = PWI_JS_TPL;
    }
    if (!closed)
        k->flags |= PWI_TF_UNTERMINATED;
    val_finish(lx, &st, k, vstart);
    if (opens) {
        PW_GROW(lx->tstack, lx->tcap, lx->tn + 1);
        lx->tstack[lx->tn++] = lx->braces;
        lx->braces = 0;
        lx->regex_ok = 1;
    } else {
        lx->regex_ok = 0;
    }
}

/* ---- regex literals ------------------------------------------------------------------ */

/* Scans the regex literal whose '/' is at p[i]: body with classes and
 * escapes, then flags. Returns the end offset, or 0 when a line
 * terminator or the end of input comes first; *stop is where it stopped. */
static size_t scan_regex(const jslex *lx, size_t i, size_t *stop)
{
    int in_class = 0;
    for (i++; i < lx->n; i++) {
        unsigned char c = lx->p[i];
        if (eol_len(lx, i))
            break;
        if (c == '\\') {
            if (i + 1 >= lx->n || eol_len(lx, i + 1))
                break;
            i++;
        } else if (c == '[') {
            in_class = 1;
        } else if (c == ']') {
            in_class = 0;
        } else if (c == '/' && !in_class) {
            i++;
            while (i < lx->n && is_ident_part(lx, i) && lx->p[i] != '\\')
                i++;
            return i;
        }
    }
    *stop = i;
    return 0;
}

/* A '/' where a regex may start: lex the regex, or, when it does not
 * close on its line, take the '/' as division and keep regex scanning off
 * until that line ends, so a line of unclosed '/[' stays linear. */
static int try_regex(jslex *lx)
{
    size_t stop = 0;
    size_t end = scan_regex(lx, lx->i, &stop);
    if (!end) {
        lx->no_regex_until = stop;
        return 0;
    }
    size_t start = lx->i;
    lx->i = end;
    push_src_token(lx, PWI_TK_REGEX, PWI_JS_OTHER, start);
    lx->regex_ok = 0;
    return 1;
}

/* ---- identifiers, numbers, punctuators ----------------------------------------------- */

/* Keywords after which an expression (so a regex) may follow. */
static int is_regex_keyword(const unsigned char *s, size_t n)
{
    /* by length: one or two fixed-size compares per name, not a table walk */
    switch (n) {
    case 2:
        return (s[0] == 'i' && s[1] == 'n') || (s[0] == 'o' && s[1] == 'f') ||
               (s[0] == 'd' && s[1] == 'o');
    case 3:
        return !memcmp(s, "new", 3);
    case 4:
        return !memcmp(s, "void", 4) || !memcmp(s, "case", 4) || !memcmp(s, "else", 4);
    case 5:
        return !memcmp(s, "throw", 5) || !memcmp(s, "yield", 5) || !memcmp(s, "await", 5);
    case 6:
        return !memcmp(s, "return", 6) || !memcmp(s, "typeof", 6) || !memcmp(s, "delete", 6);
    case 10:
        return !memcmp(s, "instanceof", 10);
    default:
        return 0;
    }
}

/* Second pass over an identifier that uses \u escapes: decodes its name.
 * A malformed escape is kept as "\u" text. */
static void decode_ident(jslex *lx, pwi_token *k)
{
    strstate st = {0, 0, 0};
    size_t vstart = lx->out->arena.len;
    size_t end = k->off + k->len;
    for (size_t i = k->off; i < end;) {
        size_t used = 0;
        long cp = lx->p[i] == '\\' ? read_u_escape(lx, i, &used) : -1;
        if (cp >= 0 && i + used <= end) {
            st.spelled++; /* any escape in a name is there to hide it */
            val_cp(lx, &st, (uint32_t)cp);
            i += used;
        } else {
            size_t j = i + 1;
            while (j < end && lx->p[j] != '\\')
                j++;
            val_bytes(lx, &st, lx->p + i, j - i);
            i = j;
        }
    }
    st.spelled = st.spelled ? 1 : 0; /* ESCAPES only: MANY is for strings */
    val_finish(lx, &st, k, vstart);
}

/* ASCII letters, digits, '_' and '$': most of any identifier. */
static const unsigned char ident_part_table[256] = {
    ['$'] = 1, ['_'] = 1,
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
    ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
    ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
    ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
    ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,
    ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
    ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
    ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
};

static inline int ascii_ident_part(unsigned char c)
{
    return ident_part_table[c];
}

static void lex_ident(jslex *lx)
{
    size_t start = lx->i;
    int escaped = 0;
    for (;;) {
        /* the common case without a call per byte; escapes and non-ASCII
         * letters take the general path below, one at a time */
        /* locals: a store to lx->i through the pointer could alias the
         * input bytes, so the compiler would reload and store per byte */
        size_t i = lx->i, n = lx->n;
        const unsigned char *p = lx->p;
        while (i < n && ascii_ident_part(p[i]))
            i++;
        lx->i = i;
        /* an ASCII byte other than a backslash ends the name right here */
        if (lx->i < lx->n && lx->p[lx->i] < 0x80 && lx->p[lx->i] != '\\')
            break;
        if (!(lx->i < lx->n && is_ident_part(lx, lx->i)))
            break;
        if (lx->p[lx->i] == '\\') {
            size_t used = 0;
            escaped = 1;
            lx->i += read_u_escape(lx, lx->i, &used) >= 0 ? used : 2;
        } else {
            lx->i++;
        }
    }
    pwi_token *k;
    if (escaped) {
        k = push_token(lx, PWI_TK_IDENT, PWI_JS_NAME, start, lx->line, lx->bol);
        decode_ident(lx, k);
    } else {
        k = push_src_token(lx, PWI_TK_IDENT, PWI_JS_NAME, start);
    }
    size_t len;
    const char *name = pwi_token_str(lx->out, lx->out->n - 1, &len);
    k->code = (uint8_t)pwi_js_name_code(name, len);
    if (k->code == PWI_JS_FROMCHARCODE)
        lx->out->hints |= PWI_TH_FROMCHARCODE;
    /* every keyword before a regex is an operator keyword or 'new' */
    lx->regex_ok = (k->code == PWI_JS_OPKW || k->code == PWI_JS_NEW) &&
                   is_regex_keyword(lx->p + start, lx->i - start);
}

static int is_num_part(unsigned char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           c == '_';
}

/* Decimal, hex, octal, binary; separators, fraction, exponent, BigInt 'n'.
 * Only the extent matters here: folding parses the text. */
static void lex_number(jslex *lx)
{
    const unsigned char *p = lx->p;
    size_t start = lx->i, i = lx->i;
    unsigned char c1 = i + 1 < lx->n ? (unsigned char)(p[i + 1] | 0x20) : 0;
    if (p[i] == '0' && (c1 == 'x' || c1 == 'o' || c1 == 'b')) {
        for (i += 2; i < lx->n && is_num_part(p[i]); i++)
            ;
    } else {
        while (i < lx->n && (is_digit(p[i]) || p[i] == '_'))
            i++;
        if (i < lx->n && p[i] == '.')
            for (i++; i < lx->n && (is_digit(p[i]) || p[i] == '_'); i++)
                ;
        if (i < lx->n && (p[i] == 'e' || p[i] == 'E')) {
            size_t j = i + 1;
            if (j < lx->n && (p[j] == '+' || p[j] == '-'))
                j++;
            if (j < lx->n && is_digit(p[j]))
                for (i = j; i < lx->n && (is_digit(p[i]) || p[i] == '_'); i++)
                    ;
        }
        if (i < lx->n && p[i] == 'n')
            i++;
    }
    lx->i = i;
    push_src_token(lx, PWI_TK_NUMBER, PWI_JS_NUM, start);
    lx->regex_ok = 0;
}

/* Length of the longest punctuator at s (avail bytes, at least 1). */
static size_t punct_len(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    unsigned char c1 = avail > 1 ? s[1] : 0, c2 = avail > 2 ? s[2] : 0;
    unsigned char c3 = avail > 3 ? s[3] : 0;
    switch (c) {
    case '>':
        if (c1 == '>') {
            if (c2 == '>')
                return c3 == '=' ? 4 : 3;
            return c2 == '=' ? 3 : 2;
        }
        return c1 == '=' ? 2 : 1;
    case '<':
        if (c1 == '<')
            return c2 == '=' ? 3 : 2;
        return c1 == '=' ? 2 : 1;
    case '=':
        if (c1 == '=')
            return c2 == '=' ? 3 : 2;
        return c1 == '>' ? 2 : 1;
    case '!':
        if (c1 == '=')
            return c2 == '=' ? 3 : 2;
        return 1;
    case '*':
        if (c1 == '*')
            return c2 == '=' ? 3 : 2;
        return c1 == '=' ? 2 : 1;
    case '&':
    case '|':
        if (c1 == c)
            return c2 == '=' ? 3 : 2;
        return c1 == '=' ? 2 : 1;
    case '?':
        if (c1 == '?')
            return c2 == '=' ? 3 : 2;
        /* a?.5:1 is a conditional, not optional chaining */
        return (c1 == '.' && !is_digit(c2)) ? 2 : 1;
    case '+':
    case '-':
        return (c1 == c || c1 == '=') ? 2 : 1;
    case '/':
    case '%':
    case '^':
        return c1 == '=' ? 2 : 1;
    case '.':
        return (c1 == '.' && c2 == '.') ? 3 : 1;
    default:
        return 1;
    }
}

static void lex_punct(jslex *lx)
{
    size_t start = lx->i;
    size_t len = punct_len(lx->p + start, lx->n - start);
    lx->i += len;
    push_src_token(lx, PWI_TK_PUNCT, pwi_js_punct_code((const char *)lx->p + start, len),
                   start);
    unsigned char c = lx->p[start];
    if (len == 1 && c == '{') {
        lx->braces++;
    } else if (len == 1 && c == '}' && lx->braces) {
        lx->braces--;
    }
    /* ) ] } and postfix ++ -- end an operand: a '/' after them divides */
    lx->regex_ok = !((len == 1 && (c == ')' || c == ']' || c == '}')) ||
                     (len == 2 && (c == '+' || c == '-') && lx->p[start + 1] == c));
}

/* ---- driver -------------------------------------------------------------------------- */

static void lex_slash(jslex *lx)
{
    unsigned char c1 = lx->i + 1 < lx->n ? lx->p[lx->i + 1] : 0;
    if (c1 == '/') {
        skip_line_comment(lx);
    } else if (c1 == '*') {
        skip_block_comment(lx);
    } else if (!(lx->regex_ok && lx->i >= lx->no_regex_until && try_regex(lx))) {
        lex_punct(lx);
    }
}

/* What a byte can start, for the dispatch in lex_one. */
enum {
    B_PUNCT = 0, /* anything not below */
    B_IDENT,     /* ASCII letter, '_', '$' */
    B_SPACE,     /* ' ' '\t' '\v' '\f' */
    B_EOL,       /* '\n' '\r' */
    B_HIGH,      /* >= 0x80: U+2028/9, a Unicode space, or a name */
    B_SLASH,
    B_QUOTE,     /* ' " */
    B_BACKTICK,
    B_RBRACE,
    B_DIGIT,
    B_DOT,
    B_BACKSLASH
};

#define B_OF(c)                                                                        \
    ((c) >= 0x80                                                          ? B_HIGH      \
     : (((c) | 0x20) >= 'a' && ((c) | 0x20) <= 'z') || (c) == '_' || (c) == '$' ? B_IDENT \
     : (c) == ' ' || (c) == '\t' || (c) == '\v' || (c) == '\f'             ? B_SPACE     \
     : (c) == '\n' || (c) == '\r'                                          ? B_EOL       \
     : (c) == '/'                                                         ? B_SLASH     \
     : (c) == '\'' || (c) == '"'                                          ? B_QUOTE     \
     : (c) == '`'                                                         ? B_BACKTICK  \
     : (c) == '}'                                                         ? B_RBRACE    \
     : (c) >= '0' && (c) <= '9'                                           ? B_DIGIT     \
     : (c) == '.'                                                         ? B_DOT       \
     : (c) == '\\'                                                        ? B_BACKSLASH \
                                                                          : B_PUNCT)
#define B_4(c) B_OF(c), B_OF((c) + 1), B_OF((c) + 2), B_OF((c) + 3)
#define B_16(c) B_4(c), B_4((c) + 4), B_4((c) + 8), B_4((c) + 12)
#define B_64(c) B_16(c), B_16((c) + 16), B_16((c) + 32), B_16((c) + 48)
static const uint8_t byte_class[256] = {B_64(0), B_64(64), B_64(128), B_64(192)};
#undef B_64
#undef B_16
#undef B_4
#undef B_OF

static void lex_one(jslex *lx)
{
    const unsigned char *p = lx->p;
    unsigned char c = p[lx->i];
    size_t len;
    switch (byte_class[c]) {
    case B_IDENT:
        lex_ident(lx);
        break;
    case B_SPACE: {
        /* a run of indentation at once, not a dispatch per byte */
        size_t i = lx->i + 1, n = lx->n;
        while (i < n && (p[i] == ' ' || p[i] == '\t'))
            i++;
        lx->i = i;
        break;
    }
    case B_EOL:
        take_eol(lx, eol_len(lx, lx->i));
        break;
    case B_HIGH:
        if ((len = eol_len(lx, lx->i)) != 0)
            take_eol(lx, len);
        else if ((len = uni_space_len(lx, lx->i)) != 0)
            lx->i += len;
        else
            lex_ident(lx); /* any other non-ASCII character may start a name */
        break;
    case B_SLASH:
        lex_slash(lx);
        break;
    case B_QUOTE:
        lex_string(lx);
        break;
    case B_BACKTICK:
        lex_template_chunk(lx, 0);
        break;
    case B_RBRACE:
        if (lx->tn && lx->braces == 0) {
            lx->braces = lx->tstack[--lx->tn];
            lex_template_chunk(lx, 1);
        } else {
            lex_punct(lx);
        }
        break;
    case B_DIGIT:
        lex_number(lx);
        break;
    case B_DOT:
        if (lx->i + 1 < lx->n && is_digit(p[lx->i + 1]))
            lex_number(lx);
        else
            lex_punct(lx);
        break;
    case B_BACKSLASH:
        if (is_ident_start(lx, lx->i)) /* \u escape */
            lex_ident(lx);
        else
            lex_punct(lx);
        break;
    default:
        lex_punct(lx);
        break;
    }
}

void pwi_lex_js(const unsigned char *p, size_t n, pwi_tokens *out)
{
    jslex lx;
    memset(&lx, 0, sizeof lx);
    lx.p = p;
    lx.n = n > UINT32_MAX ? UINT32_MAX : n;
    lx.line = 1;
    lx.out = out;
    out->src = p;
    lx.regex_ok = 1;
    /* room for a token every 4 bytes up front: growing by doubling copied
     * the array about once over (pages not used are never touched) */
    PW_GROW(out->v, out->cap, out->n + lx.n / 4 + 16);
    if (lx.n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
        lx.i = 3;
    if (lx.i + 1 < lx.n && p[lx.i] == '#' && p[lx.i + 1] == '!')
        skip_line_comment(&lx); /* hashbang, counted as a comment */
    while (lx.i < lx.n)
        lex_one(&lx);
    /* a final '\n' ends the last line rather than starting an empty one */
    out->lines = lx.n == 0 ? 0 : (lx.bol == lx.n ? lx.line - 1 : lx.line);
    free(lx.tstack);
}
