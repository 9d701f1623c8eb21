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

/* The names folding cares about, bucketed by length so that an
 * identifier is compared with at most nine of them. */
typedef struct pwi_js_name {
    const char *name;
    uint8_t code;
} pwi_js_name;

static const pwi_js_name names_2[] = {
    {"in", PWI_JS_OPKW}, {"of", PWI_JS_OPKW}, {"do", PWI_JS_OPKW}, {"if", PWI_JS_OPKW}};
static const pwi_js_name names_3[] = {{"new", PWI_JS_NEW},
                                      {"var", PWI_JS_DECL},
                                      {"let", PWI_JS_DECL},
                                      {"for", PWI_JS_OPKW}};
static const pwi_js_name names_4[] = {{"atob", PWI_JS_ATOB}, {"from", PWI_JS_FROM},
                                      {"call", PWI_JS_CALL}, {"join", PWI_JS_JOIN},
                                      {"void", PWI_JS_OPKW}, {"case", PWI_JS_OPKW},
                                      {"else", PWI_JS_OPKW}, {"with", PWI_JS_OPKW}};
static const pwi_js_name names_5[] = {
    {"Array", PWI_JS_ARRAY}, {"apply", PWI_JS_APPLY}, {"split", PWI_JS_SPLIT},
    {"const", PWI_JS_DECL},  {"throw", PWI_JS_OPKW},  {"yield", PWI_JS_OPKW},
    {"await", PWI_JS_OPKW},  {"while", PWI_JS_OPKW},  {"catch", PWI_JS_OPKW}};
static const pwi_js_name names_6[] = {
    {"String", PWI_JS_STRING}, {"Buffer", PWI_JS_BUFFER}, {"concat", PWI_JS_CONCAT},
    {"return", PWI_JS_OPKW},   {"typeof", PWI_JS_OPKW},   {"delete", PWI_JS_OPKW},
    {"switch", PWI_JS_OPKW}};
static const pwi_js_name names_7[] = {{"reverse", PWI_JS_REVERSE}};
static const pwi_js_name names_8[] = {{"unescape", PWI_JS_UNESCAPE},
                                      {"toString", PWI_JS_TOSTRING}};
static const pwi_js_name names_9[] = {{"decodeURI", PWI_JS_DECODEURI}};
static const pwi_js_name names_10[] = {{"instanceof", PWI_JS_OPKW}};
static const pwi_js_name names_12[] = {{"fromCharCode", PWI_JS_FROMCHARCODE}};
static const pwi_js_name names_13[] = {{"fromCodePoint", PWI_JS_FROMCODEPOINT}};
static const pwi_js_name names_18[] = {{"decodeURIComponent", PWI_JS_DECODEURI}};

static inline int pwi_js_name_code(const char *s, size_t n)
{
#define BUCKET(len, arr)                                                                 \
    case len:                                                                            \
        v = arr;                                                                         \
        nv = sizeof arr / sizeof *arr;                                                   \
        break
    const pwi_js_name *v;
    size_t nv;
    switch (n) {
        BUCKET(2, names_2);
        BUCKET(3, names_3);
        BUCKET(4, names_4);
        BUCKET(5, names_5);
        BUCKET(6, names_6);
        BUCKET(7, names_7);
        BUCKET(8, names_8);
        BUCKET(9, names_9);
        BUCKET(10, names_10);
        BUCKET(12, names_12);
        BUCKET(13, names_13);
        BUCKET(18, names_18);
    default:
        return PWI_JS_NAME;
    }
#undef BUCKET
    for (size_t k = 0; k < nv; k++)
        if (v[k].name[0] == s[0] && memcmp(v[k].name, s, n) == 0)
            return v[k].code;
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
