/* scopes.c - raw bytes, decoded strings and normalised tokens of a file. */
#include "scopes.h"
#include "util/mem.h"
#include "util/strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Strings are separated so that no ordinary pattern spans two. */
static const char STRING_SEP[] = "\n\x01\n";
/* Token text keeps long literals short: the strings view has them whole. */
#define TOKEN_STRING_MAX 1024

static void add_seg(pwi_segment **v, size_t *n, size_t *cap, pwi_segment s)
{
    if (*n == *cap)
        PW_GROW(*v, *cap, *n + 1);
    (*v)[(*n)++] = s;
}

/* String literal i into the strings view (build_tokens calls this in
 * token order, so the view is every literal in file order, then the
 * decoded values). */
static void add_token_string(pwi_file_scopes *s, size_t i)
{
    const pwi_token *t = &s->toks.v[i];
    if (t->kind != PWI_TK_STRING && t->kind != PWI_TK_TEMPLATE)
        return;
    size_t len;
    const char *v = pwi_token_str(&s->toks, i, &len);
    if (len == 0)
        return;
    pwi_segment seg = {(uint32_t)s->strings.len, (uint32_t)len, t->line, t->col, 0, 0, 0};
    pwi_buf_add(&s->strings, v, len);
    pwi_buf_add(&s->strings, STRING_SEP, sizeof STRING_SEP - 1);
    add_seg(&s->ssegs, &s->nssegs, &s->capssegs, seg);
}

static void add_decoded_strings(pwi_file_scopes *s)
{
    for (size_t i = 0; i < s->dec.n; i++) {
        const pwi_decoded *d = &s->dec.v[i];
        if (d->val_len == 0)
            continue;
        const char *v = s->dec.arena.data + d->val;
        pwi_segment seg = {(uint32_t)s->strings.len, d->val_len, d->line, d->col,
                           d->how, d->depth, 0};
        pwi_buf_add(&s->strings, v, d->val_len);
        pwi_buf_add(&s->strings, STRING_SEP, sizeof STRING_SEP - 1);
        add_seg(&s->ssegs, &s->nssegs, &s->capssegs, seg);
        /* the decoded view keeps what an encoding hid; concatenation,
         * joins and member keys are everyday code */
        if (!(d->how & (PWI_DEC_BASE64 | PWI_DEC_HEX | PWI_DEC_ROT13 | PWI_DEC_CHARCODE |
                        PWI_DEC_REVERSE | PWI_DEC_ESCAPES)))
            continue;
        seg.off = (uint32_t)s->decoded.len;
        pwi_buf_add(&s->decoded, v, d->val_len);
        pwi_buf_add(&s->decoded, STRING_SEP, sizeof STRING_SEP - 1);
        add_seg(&s->dsegs, &s->ndsegs, &s->capdsegs, seg);
    }
}

static void add_quoted(pwi_buf *b, const char *v, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    pwi_buf_addc(b, '"');
    if (len > TOKEN_STRING_MAX)
        len = TOKEN_STRING_MAX;
    size_t run = 0; /* bytes v[run..i) need no escape: copied in one go */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
            continue;
        pwi_buf_add(b, v + run, i - run);
        run = i + 1;
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            pwi_buf_add(b, e, 2);
        } else {
            char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
            pwi_buf_add(b, e, 4);
        }
    }
    pwi_buf_add(b, v + run, len - run);
    pwi_buf_addc(b, '"');
}

/* Decodings that hide a value (not plain concatenation of literals). */
#define HIDING_DECODES                                                   \
    (PWI_DEC_BASE64 | PWI_DEC_HEX | PWI_DEC_ROT13 | PWI_DEC_CHARCODE |   \
     PWI_DEC_REVERSE | PWI_DEC_JOIN | PWI_DEC_CONCAT | PWI_DEC_ESCAPES)

static int tok_is(const pwi_tokens *t, size_t i, const unsigned char *p,
                  const char *text)
{
    size_t n = strlen(text);
    return i < t->n && t->v[i].len == n && !memcmp(p + t->v[i].off, text, n);
}

/* `name = <folded expression>` (after const/let/var or not): the name is
 * remembered with the value, so `eval(name)` / `require(name)` read as the
 * decoded value two lines later, the way droppers split decode and use. */
static void note_assignment(pwi_strmap *vars, const pwi_tokens *t,
                            const unsigned char *p, const pwi_decoded *d,
                            size_t di)
{
    size_t f = d->tok_first;
    if (f < 2 || !(d->how & HIDING_DECODES) || !tok_is(t, f - 1, p, "=") ||
        t->v[f - 2].kind != PWI_TK_IDENT || t->v[f - 2].len > 64)
        return;
    /* a later assignment wins */
    pwi_strmap_set(vars, (const char *)p + t->v[f - 2].off, t->v[f - 2].len,
                   di);
}

/* Token text with folded expressions inlined as one string, so a rule
 * for `require ( "child_process" )` also sees require('chi'+'ld_process'),
 * and a variable holding a decoded value is inlined where it is passed
 * straight to a call (`eval ( code )` reads `eval ( "<decoded>" )`). */
static size_t n_input_hint(const pwi_file_scopes *s)
{
    return s->ctx.scope[PWI_SCOPE_RAW].n;
}

/* A decoded value that replaces the tokens from tok on. */
typedef struct fold_start {
    uint32_t tok, last, dec;
} fold_start;

static int cmp_fold_start(const void *a, const void *b)
{
    const fold_start *x = a, *y = b;
    if (x->tok != y->tok)
        return x->tok < y->tok ? -1 : 1;
    if (x->last != y->last)
        return x->last > y->last ? -1 : 1; /* the longest first */
    return x->dec < y->dec ? -1 : x->dec > y->dec;
}

/* The folded values that stand for tokens, in token order: at each first
 * token the longest (the earliest of equals). Malloc'd in *out. */
static size_t fold_starts(const pwi_file_scopes *s, fold_start **out)
{
    size_t nt = s->toks.n, n = 0;
    fold_start *v = pwi_xmalloc((s->dec.n + 1) * sizeof *v);
    for (size_t i = 0; i < s->dec.n; i++) {
        const pwi_decoded *d = &s->dec.v[i];
        if (d->tok_first >= nt || d->tok_last >= nt || d->tok_last < d->tok_first ||
            (d->how & PWI_DEC_PARTIAL))
            continue; /* a value with holes is not what the tokens compute */
        v[n++] = (fold_start){d->tok_first, d->tok_last, (uint32_t)i};
    }
    qsort(v, n, sizeof *v, cmp_fold_start);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (k == 0 || v[k - 1].tok != v[i].tok)
            v[k++] = v[i];
    *out = v;
    return k;
}

static void build_tokens(pwi_file_scopes *s, const unsigned char *p)
{
    pwi_strmap vars;
    pwi_strmap_init(&vars);
    size_t nt = s->toks.n;
    fold_start *starts;
    size_t nf = fold_starts(s, &starts), fc = 0;
    size_t next_fold = nf ? starts[0].tok : SIZE_MAX;
    size_t var_id;
    /* the text is about the input plus a space per token: no regrowing */
    pwi_buf *b = &s->tokens;
    size_t nin = n_input_hint(s);
    pwi_buf_reserve(b, nin + nt + 64);
    /* at most one segment per token: stored without a bounds check */
    PW_GROW(s->tsegs, s->captsegs, nt + 1);
    pwi_segment *segs = s->tsegs;
    size_t nseg = 0;
    for (size_t i = 0; i < nt; i++) {
        const pwi_token *t = &s->toks.v[i];
        if (i > next_fold) { /* passed inside a longer fold */
            while (fc < nf && starts[fc].tok < i)
                fc++;
            next_fold = fc < nf ? starts[fc].tok : SIZE_MAX;
        }
        int32_t fold = i == next_fold ? (int32_t)starts[fc].dec : -1;
        /* a name holding a decoded value, passed straight to a call */
        int inline_var = t->kind == PWI_TK_IDENT && i > 0 && vars.n &&
                         (tok_is(&s->toks, i - 1, p, "(") ||
                          tok_is(&s->toks, i - 1, p, ",")) &&
                         (tok_is(&s->toks, i + 1, p, ")") ||
                          tok_is(&s->toks, i + 1, p, ",")) &&
                         pwi_strmap_get(&vars, (const char *)p + t->off, t->len, &var_id);
        if (fold < 0 && t->kind != PWI_TK_STRING && t->kind != PWI_TK_TEMPLATE &&
            !inline_var) {
            /* Most tokens: a name, number or punctuator copied as it is.
             * Written in place, not through pwi_buf_add (a bounds check,
             * a library call and a NUL per token of a few bytes). */
            size_t len = t->len;
            if (b->len + len + 18 >= b->cap)
                pwi_buf_reserve(b, b->cap + len + 18);
            char *d = b->data + b->len;
            size_t off = b->len;
            if (off) {
                *d++ = ' ';
                off++;
            }
            if (len <= 16 && t->off + 16 <= nin)
                memcpy(d, p + t->off, 16); /* fixed size: inlined, the tail is overwritten */
            else
                memcpy(d, p + t->off, len);
            b->len = off + len;
            /* most plain tokens are found from the segment before them
             * (pwi_match_position); every 32nd is one, to bound that walk */
            if ((i & 31) == 0)
                segs[nseg++] = (pwi_segment){(uint32_t)off, (uint32_t)len, t->line, t->col,
                                             0, 0, (uint32_t)(i + 1)};
            continue;
        }
        pwi_segment seg = {(uint32_t)b->len, 0, t->line, t->col, 0, 0, 0};
        if (b->len)
            pwi_buf_addc(b, ' ');
        seg.off = (uint32_t)b->len;
        if (fold >= 0) {
            const pwi_decoded *d = &s->dec.v[fold];
            note_assignment(&vars, &s->toks, p, d, (size_t)fold);
            add_quoted(b, s->dec.arena.data + d->val, d->val_len);
            seg.how = d->how;
            seg.depth = d->depth;
            for (size_t j = i; j <= d->tok_last; j++)
                add_token_string(s, j);
            i = d->tok_last;
        } else if (inline_var) {
            const pwi_decoded *d = &s->dec.v[var_id];
            add_quoted(b, s->dec.arena.data + d->val, d->val_len);
            seg.how = d->how;
            seg.depth = d->depth;
        } else if (t->kind == PWI_TK_STRING || t->kind == PWI_TK_TEMPLATE) {
            size_t len;
            const char *v = pwi_token_str(&s->toks, i, &len);
            add_quoted(b, v, len);
            add_token_string(s, i);
        }
        seg.len = (uint32_t)(b->len - seg.off);
        seg.next_tok = (uint32_t)(i + 1); /* after a fold: after its last token */
        segs[nseg++] = seg;
    }
    s->ntsegs = nseg;
    if (b->data)
        b->data[b->len] = '\0';
    pwi_strmap_release(&vars);
    free(starts);
}

/* Kept between files up to this many bytes of arrays. */
#define SCOPES_KEEP (32u << 20)

void pwi_scopes_init(pwi_file_scopes *s)
{
    memset(s, 0, sizeof *s);
    pwi_tokens_init(&s->toks);
    pwi_decoded_init(&s->dec);
    pwi_buf_init(&s->strings, 0);
    pwi_buf_init(&s->tokens, 0);
    pwi_buf_init(&s->decoded, 0);
}

/* Empties s, keeping its allocations. */
static void scopes_reset(pwi_file_scopes *s)
{
    pwi_tokens_reset(&s->toks);
    pwi_decoded_reset(&s->dec);
    pwi_buf_reset(&s->strings);
    pwi_buf_reset(&s->tokens);
    pwi_buf_reset(&s->decoded);
    s->nssegs = s->ntsegs = s->ndsegs = 0;
    memset(&s->ctx, 0, sizeof s->ctx);
}

void pwi_scopes_recycle(pwi_file_scopes *s)
{
    size_t held = s->toks.cap * sizeof *s->toks.v + s->toks.arena.cap +
                  s->dec.cap * sizeof *s->dec.v + s->dec.arena.cap + s->strings.cap +
                  s->tokens.cap + s->decoded.cap +
                  (s->capssegs + s->captsegs + s->capdsegs) * sizeof(pwi_segment) +
                  s->lines.cap * sizeof *s->lines.v;
    if (held > SCOPES_KEEP) {
        pwi_scopes_release(s);
        pwi_scopes_init(s);
    }
}

void pwi_scopes_build(pwi_file_scopes *s, const unsigned char *p, size_t n,
                      pwi_lang lang)
{
    scopes_reset(s);
    s->lang = lang;
    pwi_lines_reset(&s->lines, p, n);
    s->ctx.lines = &s->lines;
    s->ctx.scope[PWI_SCOPE_RAW] = (pwi_scope_buf){p, n, NULL, 0, NULL};
    if (lang == PWI_LANG_NONE)
        return;
    if (lang == PWI_LANG_JS) {
        pwi_lex_js(p, n, &s->toks);
        pwi_fold_js(&s->toks, &s->dec);
    } else {
        pwi_lex_py(p, n, &s->toks);
        pwi_fold_py(&s->toks, &s->dec);
    }
    build_tokens(s, p); /* with the literals of the strings view */
    add_decoded_strings(s);
    s->ctx.scope[PWI_SCOPE_STRINGS] = (pwi_scope_buf){
        (const unsigned char *)(s->strings.data ? s->strings.data : ""), s->strings.len,
        s->ssegs, s->nssegs, NULL};
    s->ctx.scope[PWI_SCOPE_TOKENS] = (pwi_scope_buf){
        (const unsigned char *)(s->tokens.data ? s->tokens.data : ""), s->tokens.len,
        s->tsegs, s->ntsegs, &s->toks};
    s->ctx.scope[PWI_SCOPE_DECODED] = (pwi_scope_buf){
        (const unsigned char *)(s->decoded.data ? s->decoded.data : ""), s->decoded.len,
        s->dsegs, s->ndsegs, NULL};
}

void pwi_scopes_release(pwi_file_scopes *s)
{
    pwi_lines_release(&s->lines);
    pwi_tokens_release(&s->toks);
    pwi_decoded_release(&s->dec);
    pwi_buf_release(&s->strings);
    pwi_buf_release(&s->tokens);
    pwi_buf_release(&s->decoded);
    free(s->ssegs);
    free(s->tsegs);
    free(s->dsegs);
    memset(s, 0, sizeof *s);
}

void pwi_decoded_how(unsigned how, char *buf, size_t size)
{
    static const struct { unsigned bit; const char *name; } names[] = {
        {PWI_DEC_BASE64, "base64"}, {PWI_DEC_HEX, "hex"}, {PWI_DEC_ROT13, "rot13"},
        {PWI_DEC_CHARCODE, "character codes"}, {PWI_DEC_REVERSE, "reversal"},
        {PWI_DEC_JOIN, "array join"}, {PWI_DEC_CONCAT, "concatenation"},
        {PWI_DEC_MEMBER, "computed member name"}, {PWI_DEC_ESCAPES, "escape sequences"},
        {PWI_DEC_PARTIAL, "non-constant parts (shown as \\x1a)"}};
    buf[0] = '\0';
    if (!how)
        return;
    size_t o = (size_t)snprintf(buf, size, "decoded from ");
    int first = 1;
    for (size_t i = 0; i < sizeof names / sizeof *names && o < size; i++)
        if (how & names[i].bit) {
            o += (size_t)snprintf(buf + o, size - o, "%s%s", first ? "" : " + ",
                                  names[i].name);
            first = 0;
        }
}
