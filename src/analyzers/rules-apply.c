/* rules-apply.c - runs data rules over a package: manifest rules over
 * package.json fields, file rules over file contents. */
#include "analyze.h"
#include "match/match.h"
#include "match/prefilter.h"
#include "match/scopes.h"
#include "match/yara.h"
#include "util/mem.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HITS_PER_RULE_FILE 5

/* ---- manifest fields ---------------------------------------------------- */

/* Does segment pattern pat (literal, "*" or "{a,b}") accept key? */
static int seg_match(const char *pat, size_t plen, const char *key)
{
    if (plen == 1 && pat[0] == '*')
        return 1;
    if (plen >= 2 && pat[0] == '{' && pat[plen - 1] == '}') {
        const char *p = pat + 1, *end = pat + plen - 1;
        while (p < end) {
            const char *c = memchr(p, ',', (size_t)(end - p));
            if (!c)
                c = end;
            if ((size_t)(c - p) == strlen(key) && !strncmp(p, key, (size_t)(c - p)))
                return 1;
            p = c + 1;
        }
        return 0;
    }
    return strlen(key) == plen && !strncmp(pat, key, plen);
}

/* Finds `"key"` followed by ':' in text at or after from; returns offset. */
static int find_key(const unsigned char *p, size_t n, size_t from, const char *key,
                    size_t *off)
{
    size_t kl = strlen(key);
    for (size_t i = from; i + kl + 2 <= n; i++) {
        if (p[i] != '"' || memcmp(p + i + 1, key, kl) || p[i + kl + 1] != '"')
            continue;
        size_t j = i + kl + 2;
        while (j < n && (p[j] == ' ' || p[j] == '\t' || p[j] == '\r' || p[j] == '\n'))
            j++;
        if (j < n && p[j] == ':') {
            *off = i;
            return 1;
        }
    }
    return 0;
}

typedef struct field_ctx {
    pwi_actx *a;
    const pwi_rule *r;
    const pwi_file *mf;
    const char *keys[8];
    size_t depth;
} field_ctx;

static void report_field(field_ctx *c, const char *value)
{
    pwi_loc where;
    size_t vlen = strlen(value);
    pwi_match_ctx mc;
    memset(&mc, 0, sizeof mc);
    mc.scope[PWI_SCOPE_RAW].p = (const unsigned char *)value;
    mc.scope[PWI_SCOPE_RAW].n = vlen;
    mc.md = c->a->match_data;
    if (!pwi_match_eval(c->r->match, &mc, &where))
        return;
    /* locate the key chain in the manifest text */
    size_t off = 0, line = 0, col = 0;
    int ok = 1;
    for (size_t i = 0; i < c->depth && ok; i++)
        ok = find_key(c->mf->data, c->mf->len, off, c->keys[i], &off);
    const char *snip = value;
    size_t snip_len = vlen;
    if (ok) {
        pwi_line_col(c->mf->data, c->mf->len, off, &line, &col);
        pwi_line_at(c->mf->data, c->mf->len, off, 200, &snip, &snip_len);
    }
    char field[256] = "";
    for (size_t i = 0; i < c->depth; i++) {
        if (i)
            strncat(field, ".", sizeof field - strlen(field) - 1);
        strncat(field, c->keys[i], sizeof field - strlen(field) - 1);
    }
    (void)where;
    char *matched = pwi_escape(value, vlen, 120);
    char *msg = pwi_xasprintf("%s: %s runs \"%s\"", c->r->info.title, field, matched);
    pwi_hit h = {.rule = c->r->info.id,
                 .path = c->mf->path,
                 .line = line,
                 .col = col,
                 .snippet = snip,
                 .snippet_len = snip_len,
                 .message = msg,
                 .confidence = -1};
    if (strncmp(field, "scripts.", 8))
        h.message = NULL;
    pwi_emit(c->a, &h);
    free(msg);
    free(matched);
}

/* Walks json along the dotted pattern, reporting string leaves. */
static void walk_field(field_ctx *c, json_t *j, const char *pat)
{
    if (c->depth >= 8)
        return;
    const char *dot = strchr(pat, '.');
    size_t plen = dot ? (size_t)(dot - pat) : strlen(pat);
    if (!json_is_object(j))
        return;
    const char *key;
    json_t *v;
    json_object_foreach(j, key, v) {
        if (!seg_match(pat, plen, key))
            continue;
        c->keys[c->depth++] = key;
        if (dot) {
            walk_field(c, v, dot + 1);
        } else if (json_is_string(v)) {
            report_field(c, json_string_value(v));
        } else if (json_is_array(v)) {
            size_t i;
            json_t *e;
            json_array_foreach(v, i, e)
                if (json_is_string(e))
                    report_field(c, json_string_value(e));
        }
        c->depth--;
    }
}

static void apply_manifest_rules(pwi_actx *a)
{
    if (!a->pkg->manifest_json)
        return;
    const pwi_file *mf = &a->tree->files[a->pkg->manifest];
    for (size_t i = 0; i < pwi_rules_n(a->rules); i++) {
        const pwi_rule *r = pwi_rules_at(a->rules, i);
        if (r->applies != PWI_APPLY_MANIFEST || !(r->ecosystems & PWI_ECO_NPM))
            continue;
        field_ctx c = {.a = a, .r = r, .mf = mf};
        for (size_t f = 0; f < r->nfields; f++)
            walk_field(&c, a->pkg->manifest_json, r->fields[f]);
    }
}

/* ---- file contents ------------------------------------------------------ */

static int is_binary(const pwi_file *f)
{
    size_t n = f->len < 4096 ? f->len : 4096;
    return memchr(f->data, 0, n) != NULL;
}

/* fnmatch without FNM_PATHNAME, with the common "*.ext" and literal
 * forms answered by a string compare (this runs per file and rule). */
static int glob_match(const char *pat, const char *s)
{
    if (pat[0] == '*' && !strpbrk(pat + 1, "*?[\\")) {
        size_t pl = strlen(pat + 1), sl = strlen(s);
        return sl >= pl && !memcmp(s + sl - pl, pat + 1, pl);
    }
    if (!strpbrk(pat, "*?[\\"))
        return !strcmp(pat, s);
    return !fnmatch(pat, s, 0);
}

static int path_allowed(const pwi_rule *r, const char *rel)
{
    if (!r->npaths)
        return 1;
    for (size_t i = 0; i < r->npaths; i++)
        if (glob_match(r->paths[i], rel))
            return 1;
    return 0;
}

static int eco_bit(const char *eco)
{
    if (!strcmp(eco, "npm"))
        return PWI_ECO_NPM;
    if (!strcmp(eco, "pypi"))
        return PWI_ECO_PYPI;
    return PWI_ECO_ALL; /* unknown: every rule may apply */
}

/* Positions a rule already reported in one file: two alternatives of an
 * `any` that hit the same string are one finding. */
typedef struct hit_seen {
    size_t n;
    size_t pos[HITS_PER_RULE_FILE][2];
} hit_seen;

/* 1 when the hit was emitted, 0 when it repeats a reported position. */
static int emit_file_hit(pwi_actx *a, const pwi_rule *r, const pwi_file *f,
                         unsigned role, const pwi_file_scopes *sc, pwi_loc w,
                         hit_seen *seen)
{
    size_t line, col;
    const pwi_segment *seg;
    pwi_match_position(&sc->ctx, &w, &line, &col, &seg);
    if (seen) {
        for (size_t i = 0; i < seen->n; i++)
            if (seen->pos[i][0] == line && seen->pos[i][1] == col)
                return 0;
        if (seen->n < HITS_PER_RULE_FILE) {
            seen->pos[seen->n][0] = line;
            seen->pos[seen->n][1] = col;
            seen->n++;
        }
    }
    const char *snip;
    size_t snip_len;
    char how[160] = "";
    char evidence[320] = "";
    if ((w.scope == PWI_SCOPE_STRINGS || w.scope == PWI_SCOPE_DECODED) && seg) {
        /* show the decoded string itself */
        const pwi_scope_buf *b = &sc->ctx.scope[w.scope];
        snip = (const char *)b->p + seg->off;
        snip_len = seg->len;
        pwi_decoded_how(seg->how, how, sizeof how);
    } else {
        size_t nv;
        const uint32_t *starts = pwi_lines_get(sc->ctx.lines, &nv);
        size_t off = (line - 1 < nv ? starts[line - 1] : 0) + (col - 1);
        pwi_line_at(f->data, f->len, off, 200, &snip, &snip_len);
        if (seg)
            pwi_decoded_how(seg->how, how, sizeof how);
    }
    if (how[0])
        snprintf(evidence, sizeof evidence, "%s at line %zu", how, line);
    if (role & PWI_ROLE_INSTALL)
        snprintf(evidence + strlen(evidence), sizeof evidence - strlen(evidence), "%s%s",
                 evidence[0] ? "; " : "", "in a file run at install time");
    pwi_hit h = {.rule = r->info.id,
                 .path = f->path,
                 .line = line,
                 .col = col,
                 .snippet = snip,
                 .snippet_len = snip_len,
                 .evidence = evidence[0] ? evidence : NULL,
                 .confidence = -1,
                 .role = role};
    pwi_emit(a, &h);
    return 1;
}

/* Each occurrence of a leaf-only rule is evidence, up to a cap; composite
 * rules report their primary location once. */
static void run_rule(pwi_actx *a, const pwi_rule *r, const pwi_file *f, unsigned role,
                     const pwi_file_scopes *sc)
{
    const pwi_match *m = r->match;
    if (m->kind == PWI_M_REGEX || m->kind == PWI_M_LITERAL || m->kind == PWI_M_ANY) {
        int leaf = m->kind != PWI_M_ANY;
        size_t hits = 0;
        hit_seen seen = {0};
        for (size_t k = 0; k < (leaf ? 1 : m->nkids) && hits < HITS_PER_RULE_FILE; k++) {
            const pwi_match *l = leaf ? m : m->kids[k];
            pwi_loc w;
            if ((l->kind != PWI_M_REGEX && l->kind != PWI_M_LITERAL) || l->count > 1) {
                if (pwi_match_eval(l, &sc->ctx, &w))
                    hits += (size_t)emit_file_hit(a, r, f, role, sc, w, &seen);
                continue;
            }
            size_t from = 0;
            while (hits < HITS_PER_RULE_FILE && pwi_match_leaf_next(l, &sc->ctx, from, &w)) {
                hits += (size_t)emit_file_hit(a, r, f, role, sc, w, &seen);
                from = w.end > w.start ? w.end : w.start + 1;
            }
        }
        return;
    }
    pwi_loc w;
    if (pwi_match_eval(m, &sc->ctx, &w))
        emit_file_hit(a, r, f, role, sc, w, NULL);
}

typedef struct yara_ctx {
    pwi_actx *a;
    const pwi_file *f;
    unsigned role;
} yara_ctx;

static void on_yara_hit(void *user, const char *identifier, const char *ns,
                        size_t offset, const unsigned char *data, size_t len)
{
    yara_ctx *c = user;
    char id[300];
    pwi_yara_rule_id(ns, identifier, id, sizeof id);
    size_t line = 0, col = 0;
    const char *snip = NULL;
    size_t snip_len = 0;
    if (len) {
        pwi_line_col(c->f->data, c->f->len, offset, &line, &col);
        if (is_binary(c->f)) {
            snip = (const char *)data;
            snip_len = len < 64 ? len : 64;
            line = col = 0; /* lines mean nothing in a binary */
        } else {
            pwi_line_at(c->f->data, c->f->len, offset, 200, &snip, &snip_len);
        }
    }
    char msg[400];
    snprintf(msg, sizeof msg, "YARA rule %s matched%s%zu", identifier,
             len ? " at byte offset " : "", len ? offset : (size_t)0);
    if (!len)
        snprintf(msg, sizeof msg, "YARA rule %s matched", identifier);
    pwi_hit h = {.rule = id, .path = c->f->path, .line = line, .col = col,
                 .snippet = snip, .snippet_len = snip_len, .message = msg,
                 .role = c->role, .confidence = -1};
    pwi_emit(c->a, &h);
}

static void apply_file_rules(pwi_actx *a, size_t idx)
{
    pwi_file *f = &a->tree->files[a->pkg->files[idx]];
    if (f->type != PWI_FT_REG)
        return;
    pw_error e;
    if (pwi_tree_load(a->tree, f, a->limits, &e) != PW_OK || !f->data || !f->len)
        return;
    if (f->from_dir && f->truncated) {
        /* archives report this at ingest; directory files only now */
        char msg[160];
        snprintf(msg, sizeof msg, "only the first %zu of %llu bytes were analysed", f->len,
                 (unsigned long long)f->size);
        pwi_hit h = {.rule = PWI_AN_FILE_TRUNC, .path = f->path, .message = msg,
                     .confidence = -1};
        pwi_emit(a, &h);
    }
    const struct pwi_yara *yara = pwi_rules_yara(a->rules);
    if (yara) {
        yara_ctx yc = {a, f, a->roles[idx]};
        pwi_yara_scan(yara, f->data, f->len, on_yara_hit, &yc);
    }
    if (is_binary(f)) {
        pwi_check_blob(a, idx, f);
        pwi_tree_unload(f);
        return;
    }
    unsigned kind = pwi_path_kind(f->path);
    const char *rel = pwi_pkg_relpath(a, f->path);
    int eco = eco_bit(a->pkg->ecosystem);
    unsigned role = a->roles[idx];

    pwi_file_scopes own, *sc = a->scopes;
    if (!sc) {
        pwi_scopes_init(&own);
        sc = &own;
    }
    pwi_scopes_build(sc, f->data, f->len,
                     kind == PWI_APPLY_JS ? PWI_LANG_JS
                     : kind == PWI_APPLY_PY ? PWI_LANG_PY : PWI_LANG_NONE);
    const struct pwi_prefilter *pf = pwi_rules_prefilter(a->rules);
    size_t words = pwi_prefilter_words(pf);
    uint64_t *hits = NULL;
    if (pf && a->pf_scratch) {
        hits = pwi_xcalloc(words + 1, sizeof *hits);
        int lang = pwi_pf_kind(kind);
        for (int s = 0; s < PWI_SCOPE_COUNT; s++)
            if (sc->ctx.scope[s].p)
                pwi_prefilter_scan(pf, a->pf_scratch, lang, (pwi_scope)s,
                                   sc->ctx.scope[s].p, sc->ctx.scope[s].n, hits);
    }
    sc->ctx.hits = hits;
    sc->ctx.md = a->match_data;

    for (size_t i = 0; i < pwi_rules_n(a->rules); i++) {
        const pwi_rule *r = pwi_rules_at(a->rules, i);
        if (!(r->applies & (PWI_APPLY_JS | PWI_APPLY_PY | PWI_APPLY_ANY)))
            continue;
        if (r->applies != PWI_APPLY_ANY && r->applies != kind)
            continue;
        if (!(r->ecosystems & eco) || (r->role && !(role & r->role)))
            continue;
        /* most rules see none of their leaves in most files */
        if (r->needs_leaf && !pwi_match_saw_any(&sc->ctx, r->leaf_first, r->leaf_end))
            continue;
        if (!path_allowed(r, rel))
            continue;
        run_rule(a, r, f, role, sc);
    }
    free(hits);
    if (a->scopes)
        pwi_scopes_recycle(sc);
    else
        pwi_scopes_release(sc);
    pwi_tree_unload(f);
}

void pwi_analyze_rules(pwi_actx *a)
{
    if (!strcmp(a->pkg->ecosystem, "npm"))
        apply_manifest_rules(a);
    for (size_t i = 0; i < a->pkg->nfiles; i++)
        apply_file_rules(a, i);
}
