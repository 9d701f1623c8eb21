/* js-code.h - what a JavaScript token is to constant folding.
 *
 * pwi_lex_js stores the code of every token in pwi_token.code, since it
 * has the token's bytes at hand; fold-js.c reads it instead of comparing
 * each name and punctuator again. Internal to src/lex.
 */
#ifndef PW_LEX_JS_CODE_H
#define PW_LEX_JS_CODE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum {
    PWI_JS_OTHER = 0,
    PWI_JS_LPAREN,
    PWI_JS_RPAREN,
    PWI_JS_LBRACK,
    PWI_JS_RBRACK,
    PWI_JS_COMMA,
    PWI_JS_DOT,
    PWI_JS_QDOT,
    PWI_JS_PLUS,
    PWI_JS_SPREAD,
    PWI_JS_ASSIGN,
    PWI_JS_TIGHT, /* * / % ** ++ -- */
    PWI_JS_LIT,   /* string, or template without ${} */
    PWI_JS_TPL,   /* template chunk next to a ${} */
    PWI_JS_NUM,
    PWI_JS_NAME, /* other identifier */
    PWI_JS_OPKW, /* keyword after which an expression starts */
    PWI_JS_DECL, /* var let const */
    /* identifiers the evaluator knows */
    PWI_JS_STRING,
    PWI_JS_BUFFER,
    PWI_JS_NEW,
    PWI_JS_ATOB,
    PWI_JS_ARRAY,
    PWI_JS_UNESCAPE,
    PWI_JS_DECODEURI,
    PWI_JS_FROM,
    PWI_JS_FROMCHARCODE,
    PWI_JS_FROMCODEPOINT,
    PWI_JS_APPLY,
    PWI_JS_CALL,
    PWI_JS_JOIN,
    PWI_JS_SPLIT,
    PWI_JS_REVERSE,
    PWI_JS_TOSTRING,
    PWI_JS_CONCAT
};

/* The names folding cares about, in a table indexed by a hash of the
 * first and last letters and the length that no two of them share: one
 * compare per identifier. A new name that collides is a duplicate
 * initializer, which the build rejects (-Woverride-init). */
typedef struct pwi_js_name {
    const char *name;
    uint8_t len, code;
} pwi_js_name;

#define PWI_JS_HASH(first, last, len)                                                    \
    (((unsigned)(unsigned char)(first)*10u + (unsigned)(unsigned char)(last)*53u +       \
      (unsigned)(len)) &                                                                 \
     127u)
/* first and last letters spelled out: a string's bytes are no constant */
#define N(first, last, s, c)                                                             \
    [PWI_JS_HASH(first, last, sizeof s - 1)] = {s, sizeof s - 1, c}
static const pwi_js_name pwi_js_names[128] = {
    N('i', 'n', "in", PWI_JS_OPKW),
    N('o', 'f', "of", PWI_JS_OPKW),
    N('d', 'o', "do", PWI_JS_OPKW),
    N('i', 'f', "if", PWI_JS_OPKW),
    N('n', 'w', "new", PWI_JS_NEW),
    N('v', 'r', "var", PWI_JS_DECL),
    N('l', 't', "let", PWI_JS_DECL),
    N('f', 'r', "for", PWI_JS_OPKW),
    N('a', 'b', "atob", PWI_JS_ATOB),
    N('f', 'm', "from", PWI_JS_FROM),
    N('c', 'l', "call", PWI_JS_CALL),
    N('j', 'n', "join", PWI_JS_JOIN),
    N('v', 'd', "void", PWI_JS_OPKW),
    N('c', 'e', "case", PWI_JS_OPKW),
    N('e', 'e', "else", PWI_JS_OPKW),
    N('w', 'h', "with", PWI_JS_OPKW),
    N('A', 'y', "Array", PWI_JS_ARRAY),
    N('a', 'y', "apply", PWI_JS_APPLY),
    N('s', 't', "split", PWI_JS_SPLIT),
    N('c', 't', "const", PWI_JS_DECL),
    N('t', 'w', "throw", PWI_JS_OPKW),
    N('y', 'd', "yield", PWI_JS_OPKW),
    N('a', 't', "await", PWI_JS_OPKW),
    N('w', 'e', "while", PWI_JS_OPKW),
    N('c', 'h', "catch", PWI_JS_OPKW),
    N('S', 'g', "String", PWI_JS_STRING),
    N('B', 'r', "Buffer", PWI_JS_BUFFER),
    N('c', 't', "concat", PWI_JS_CONCAT),
    N('r', 'n', "return", PWI_JS_OPKW),
    N('t', 'f', "typeof", PWI_JS_OPKW),
    N('d', 'e', "delete", PWI_JS_OPKW),
    N('s', 'h', "switch", PWI_JS_OPKW),
    N('r', 'e', "reverse", PWI_JS_REVERSE),
    N('u', 'e', "unescape", PWI_JS_UNESCAPE),
    N('t', 'g', "toString", PWI_JS_TOSTRING),
    N('d', 'I', "decodeURI", PWI_JS_DECODEURI),
    N('i', 'f', "instanceof", PWI_JS_OPKW),
    N('f', 'e', "fromCharCode", PWI_JS_FROMCHARCODE),
    N('f', 't', "fromCodePoint", PWI_JS_FROMCODEPOINT),
    N('d', 't', "decodeURIComponent", PWI_JS_DECODEURI),
};
#undef N

static inline int pwi_js_name_code(const char *s, size_t n)
{
    if (n < 2 || n > 18)
        return PWI_JS_NAME;
    const pwi_js_name *e = &pwi_js_names[PWI_JS_HASH(s[0], s[n - 1], n)];
    if (e->len == n && memcmp(e->name, s, n) == 0)
        return e->code;
    return PWI_JS_NAME;
}

static inline int pwi_js_punct_code(const char *s, size_t n)
{
    if (n == 1) {
        switch (s[0]) {
        case '(':
            return PWI_JS_LPAREN;
        case ')':
            return PWI_JS_RPAREN;
        case '[':
            return PWI_JS_LBRACK;
        case ']':
            return PWI_JS_RBRACK;
        case ',':
            return PWI_JS_COMMA;
        case '.':
            return PWI_JS_DOT;
        case '+':
            return PWI_JS_PLUS;
        case '=':
            return PWI_JS_ASSIGN;
        case '*':
        case '/':
        case '%':
            return PWI_JS_TIGHT;
        default:
            return PWI_JS_OTHER;
        }
    }
    if (n == 2 && s[0] == '?' && s[1] == '.')
        return PWI_JS_QDOT;
    if (n == 2 && s[0] == s[1] && (s[0] == '*' || s[0] == '+' || s[0] == '-'))
        return PWI_JS_TIGHT;
    if (n == 3 && memcmp(s, "...", 3) == 0)
        return PWI_JS_SPREAD;
    return PWI_JS_OTHER;
}

#endif
