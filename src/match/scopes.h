/* scopes.h - the views of one file that rules match against. */
#ifndef PW_MATCH_SCOPES_H
#define PW_MATCH_SCOPES_H

#include "lex/lex.h"
#include "match.h"

typedef enum pwi_lang { PWI_LANG_NONE = 0, PWI_LANG_JS, PWI_LANG_PY } pwi_lang;

typedef struct pwi_file_scopes {
    pwi_match_ctx ctx;       /* what the matcher reads */
    pwi_lines lines;         /* of the raw view, found on first use */
    pwi_tokens toks;
    pwi_decoded_list dec;
    pwi_buf strings, tokens, decoded;
    pwi_segment *ssegs, *tsegs, *dsegs;
    size_t nssegs, capssegs, ntsegs, captsegs, ndsegs, capdsegs;
    pwi_lang lang;
} pwi_file_scopes;

void pwi_scopes_init(pwi_file_scopes *s);
/* Builds the raw view of p[0..n) and, for JS and Python, the strings and
 * tokens views (lexing and folding the file once). p must outlive s. s
 * is initialised, or built before: its arrays are reused (a worker keeps
 * one for all its files, so each file does not fault in fresh memory for
 * a token array seven times its size). */
void pwi_scopes_build(pwi_file_scopes *s, const unsigned char *p, size_t n,
                      pwi_lang lang);
/* After a file: frees the arrays when they grew past what is worth
 * keeping for the next one (a single huge file must not pin its memory
 * for the rest of a run). s stays usable. */
void pwi_scopes_recycle(pwi_file_scopes *s);
void pwi_scopes_release(pwi_file_scopes *s);

/* A short description of how a decoded segment was derived, e.g.
 * "decoded from base64 + concatenation", or "" for plain literals. */
void pwi_decoded_how(unsigned how, char *buf, size_t size);

#endif
