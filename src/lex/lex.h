/* lex.h - tokenizers for JavaScript/TypeScript and Python, and the
 * constant folding of string evasions.
 *
 * Contract shared by both languages:
 *  - Input is untrusted bytes of any size; lexing never fails on bad
 *    syntax (it degrades: an unterminated string runs to the end of the
 *    line or file, an unknown byte becomes a one-byte PUNCT) and runs in
 *    time linear in the input (10 MB single-line minified files included).
 *  - Every token carries its byte offset, length, 1-based line and column
 *    (column counted in bytes).
 *  - String-like tokens carry their decoded value (escapes resolved,
 *    \u escapes as UTF-8; invalid escapes kept literally) in the token
 *    list's arena. Comments are not tokens; they are counted.
 *  - Folding (fold-*.c) evaluates the constant expressions malware uses to
 *    hide strings and reports each result as a pwi_decoded with how it was
 *    derived, depth-capped, so rules can match decoded text and the
 *    evidence can say "decoded from base64 at line 3".
 */
#ifndef PW_LEX_LEX_H
#define PW_LEX_LEX_H

#include "util/buf.h"

#include <stddef.h>
#include <stdint.h>

typedef enum pwi_tok_kind {
    PWI_TK_IDENT = 0,  /* identifiers and keywords */
    PWI_TK_STRING,     /* '..' ".." (JS); any Python string/bytes literal */
    PWI_TK_TEMPLATE,   /* JS `..` without ${}, or one literal chunk of one */
    PWI_TK_NUMBER,
    PWI_TK_REGEX,      /* JS regex literal /../flags */
    PWI_TK_PUNCT       /* operators and punctuation, longest match */
} pwi_tok_kind;

/* String token flags. */
enum {
    PWI_TF_BYTES = 1 << 0,   /* Python b'' literal */
    PWI_TF_RAW = 1 << 1,     /* Python r'' literal: escapes not decoded */
    PWI_TF_FSTRING = 1 << 2, /* Python f'' literal or JS template with ${} */
    PWI_TF_UNTERMINATED = 1 << 3,
    PWI_TF_ESCAPES = 1 << 4, /* an escape spelled a letter or digit: '\x65' */
    PWI_TF_ESCAPES_MANY = 1 << 5, /* JS: three or more such escapes */
    PWI_TF_SRCVAL = 1 << 6   /* value is the source text itself (src + off),
                                not a copy in the arena */
};

typedef struct pwi_token {
    uint8_t kind;     /* pwi_tok_kind */
    uint8_t flags;    /* PWI_TF_* for strings */
    uint8_t code;     /* JS: what the token is to folding (js-code.h); else 0 */
    uint32_t off;     /* raw bytes: input[off .. off+len) */
    uint32_t len;
    uint32_t line;    /* 1-based */
    uint32_t col;     /* 1-based, in bytes */
    uint32_t val;     /* strings: decoded value at arena.data + val */
    uint32_t val_len;
} pwi_token;

typedef struct pwi_tokens {
    pwi_token *v;
    size_t n, cap;
    pwi_buf arena;    /* decoded string values, NUL-separated */
    const unsigned char *src; /* the lexed input, for PWI_TF_SRCVAL tokens:
                                 valid as long as the caller keeps it */
    size_t comments;  /* number of comments skipped */
    size_t lines;     /* lines in the input */
    unsigned hints;   /* PWI_TH_*: what some token has, so that a pass
                         looking for it can skip a list without */
} pwi_tokens;

/* Token list hints. */
enum {
    PWI_TH_ESCAPES = 1 << 0,     /* a token with PWI_TF_ESCAPES */
    PWI_TH_FROMCHARCODE = 1 << 1 /* JS: the name fromCharCode, or a literal of it
                                    (String['fromCharCode']) */
};

void pwi_tokens_init(pwi_tokens *t);
void pwi_tokens_release(pwi_tokens *t);
/* Empties t for the next input, keeping its allocations. */
void pwi_tokens_reset(pwi_tokens *t);
/* Value of token i: the decoded value of a string, the text of a name,
 * number or punctuator. Not NUL-terminated (a JS name, number or
 * punctuator is read in place from the input) and may contain NULs: use
 * the length. */
static inline const char *pwi_token_str(const pwi_tokens *t, size_t i, size_t *len)
{
    const pwi_token *k = &t->v[i];
    if (len)
        *len = k->val_len;
    if (k->flags & PWI_TF_SRCVAL)
        return (const char *)t->src + k->off;
    return t->arena.data ? t->arena.data + k->val : "";
}

/* Tokenizers: append the tokens of p[0..n) to out (which must be freshly
 * initialised). Never fail except on allocation (abort) or when the input
 * exceeds 2^32-1 bytes, in which case only the first 4 GiB are lexed. */
void pwi_lex_js(const unsigned char *p, size_t n, pwi_tokens *out);
void pwi_lex_py(const unsigned char *p, size_t n, pwi_tokens *out);
/* pwi_lex_py and pwi_lex_js also give identifiers, numbers and punctuators
 * their text as val/val_len, since folding sees only the token list (JS:
 * regexes too, and an identifier written with \u escapes gets its decoded
 * name and PWI_TF_ESCAPES). */

/* ---- constant folding --------------------------------------------------- */

/* How a decoded string was obtained (bit set: several steps combine). */
enum {
    PWI_DEC_CONCAT = 1 << 0,     /* 'a' + 'b', adjacent literals */
    PWI_DEC_JOIN = 1 << 1,       /* ['a','b'].join('') */
    PWI_DEC_CHARCODE = 1 << 2,   /* String.fromCharCode(...), chr() */
    PWI_DEC_REVERSE = 1 << 3,    /* .split('').reverse().join(''), [::-1] */
    PWI_DEC_BASE64 = 1 << 4,     /* Buffer.from(s,'base64'), atob, b64decode */
    PWI_DEC_HEX = 1 << 5,        /* Buffer.from(s,'hex'), bytes.fromhex */
    PWI_DEC_ROT13 = 1 << 6,      /* codecs.decode(s,'rot13') */
    PWI_DEC_MEMBER = 1 << 7,     /* obj['ev'+'al'] computed member */
    PWI_DEC_ESCAPES = 1 << 8,    /* a literal whose escapes hid its text */
    PWI_DEC_PARTIAL = 1 << 9     /* 'curl ' + url + ' | sh': operands that are
                                  * not constant stand as PWI_FOLD_HOLE; such a
                                  * value is only a string, never inlined as
                                  * tokens or a variable's value */
};

/* Stands for an operand of a concatenation that is not a constant. */
#define PWI_FOLD_HOLE '\x1a'

typedef struct pwi_decoded {
    uint32_t val;      /* value at arena.data + val */
    uint32_t val_len;
    uint32_t line, col;   /* where the expression starts */
    uint32_t tok_first;   /* first and last token of the expression */
    uint32_t tok_last;
    uint16_t how;      /* PWI_DEC_* */
    uint8_t depth;     /* decoding steps applied (capped) */
} pwi_decoded;

typedef struct pwi_decoded_list {
    pwi_decoded *v;
    size_t n, cap;
    pwi_buf arena;
} pwi_decoded_list;

void pwi_decoded_init(pwi_decoded_list *d);
void pwi_decoded_release(pwi_decoded_list *d);
/* Empties d, keeping its allocations. */
void pwi_decoded_reset(pwi_decoded_list *d);

/* Limits of folding: at most this many results per file, values capped
 * at this many bytes, and this many nested decoding steps. */
#define PWI_FOLD_MAX_RESULTS 4096
#define PWI_FOLD_MAX_VALUE (1u << 20)
#define PWI_FOLD_MAX_DEPTH 4

/* Folds constant string expressions in a token list. Only results that
 * differ from a plain literal are reported (a single literal with no
 * escapes is not "decoded"). Base64/hex results that are not mostly
 * printable text are still reported (rules may look for binary magic),
 * but decoding stops there. */
void pwi_fold_js(const pwi_tokens *t, pwi_decoded_list *out);
void pwi_fold_py(const pwi_tokens *t, pwi_decoded_list *out);

/* Value of an ASCII hex digit, or -1. */
static inline int pwi_hex_digit(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* An ASCII letter or digit (escapes that spell one hide text). */
static inline int pwi_is_ascii_alnum(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

/* Shared decoders (decode.c); each appends to out and returns 0, or -1
 * when the input is not valid for the encoding (out unchanged). */
int pwi_decode_base64(const char *s, size_t n, pwi_buf *out);
int pwi_decode_hex(const char *s, size_t n, pwi_buf *out);
void pwi_decode_rot13(const char *s, size_t n, pwi_buf *out);
/* Appends the UTF-8 encoding of code point cp (invalid ones as U+FFFD). */
void pwi_utf8_put(pwi_buf *out, uint32_t cp);

#endif
