/* lockfile-pipfile.c - Pipfile.lock (pipenv), "pipfile-spec" 6.
 *
 *   {"_meta": {"pipfile-spec": 6, "hash": {...}, "sources": [...]},
 *    "default": {"requests": {"version": "==2.32.3",
 *                             "hashes": ["sha256:..."], "markers": ...}},
 *    "develop": {...}}
 *
 * Entries may name a VCS checkout ("git" + "ref"), a local "path", or a
 * "file" (URL or path) instead of a registry version. Every entry is a
 * direct dependency of the project: the lock has no dependency graph. */
#include "lockfile/lockfile-json.h"
#include "lockfile/lockfile.h"
#include "util/error.h"
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first string of the "hashes" array of e, or NULL. */
static pw_status first_hash(pwi_lockfile *lf, const pwi_jnode *e,
                            const char *owner, const char **out,
                            pw_error *err)
{
    size_t line;
    const pwi_jnode *h = pwi_j_get_line(e, "hashes", &line);
    *out = NULL;
    if (!h || h->kind == PWI_J_NULL)
        return PW_OK;
    char what[200];
    snprintf(what, sizeof what, "\"hashes\" of %s", owner);
    pw_status st = pwi_lockj_expect(lf, h, PWI_J_ARRAY, line, what, err);
    if (st != PW_OK)
        return st;
    for (size_t i = 0; i < h->nitems; i++) {
        const pwi_jnode *s = h->items[i];
        if ((st = pwi_lockj_expect(lf, s, PWI_J_STRING, 0, what, err)))
            return st;
        if (!*out && s->len && strlen(s->str) == s->len)
            *out = s->str;
    }
    return PW_OK;
}

static pw_status add_entry(pwi_lockfile *lf, const pwi_lock_opts *o,
                           size_t root, const char *section,
                           const char *name, const pwi_jnode *e, size_t line,
                           pw_error *err)
{
    char owner[160];
    snprintf(owner, sizeof owner, "\"%.80s\" in \"%s\"", name, section);
    pw_status st = pwi_lockj_expect(lf, e, PWI_J_OBJECT, line, owner, err);
    if (st != PW_OK)
        return st;
    const char *version, *git, *ref, *path, *file, *hash;
    if ((st = pwi_lockj_str(lf, e, "version", owner, &version, err)) ||
        (st = pwi_lockj_str(lf, e, "git", owner, &git, err)) ||
        (st = pwi_lockj_str(lf, e, "ref", owner, &ref, err)) ||
        (st = pwi_lockj_str(lf, e, "path", owner, &path, err)) ||
        (st = pwi_lockj_str(lf, e, "file", owner, &file, err)) ||
        (st = first_hash(lf, e, owner, &hash, err)))
        return st;
    pwi_lockj_pkg p;
    memset(&p, 0, sizeof p);
    p.name = name;
    p.line = line;
    p.spec = version;
    p.integrity = hash;
    p.flags = strcmp(section, "develop") ? 0 : PWI_LOCKF_DEV;
    /* "==1.2.3" (or "===1.2.3") pins a version; other specifiers do not */
    if (version && version[0] == '=' && version[1] == '=')
        p.version = version + (version[2] == '=' ? 3 : 2);
    if (p.version && !*p.version)
        p.version = NULL;
    char *vcs = NULL;
    if (git) {
        p.source = PWI_SRC_GIT;
        p.resolved = git;
        if (ref && *ref)
            p.resolved = vcs = pwi_xasprintf("%s@%s", git, ref);
    } else if (path) {
        p.source = PWI_SRC_PATH;
        p.resolved = path;
    } else if (file) {
        p.source = strstr(file, "://") && strncmp(file, "file:", 5)
                       ? PWI_SRC_URL
                       : PWI_SRC_PATH;
        p.resolved = file;
    } else {
        p.source = p.version ? PWI_SRC_REGISTRY : PWI_SRC_UNKNOWN;
    }
    size_t idx;
    st = pwi_lockj_add(lf, &p, o, &idx, err);
    if (st == PW_OK)
        pwi_lock_add_edge(lf, root, idx);
    free(vcs);
    return st;
}

pw_status pwi_lock_parse_pipfile(pwi_lockfile *lf, const char *data,
                                 size_t len, const pwi_lock_opts *o,
                                 pw_error *err)
{
    static const int64_t known[] = {6};
    static const char *const sections[] = {"default", "develop"};
    pwi_jnode *doc = NULL;
    pw_status st = pwi_json_parse(data, len, lf->path, 0, &o->limits, &doc,
                                  err);
    if (st != PW_OK)
        return st;
    char *name = NULL;
    const pwi_jnode *meta, *spec;
    size_t line = 1, root;
    int64_t version;
    if ((st = pwi_lockj_expect(lf, doc, PWI_J_OBJECT, 1, "a Pipfile.lock",
                               err)) ||
        (st = pwi_lockj_obj(lf, doc, "_meta", NULL, &meta, err)))
        goto out;
    if (meta)
        pwi_j_get_line(doc, "_meta", &line);
    spec = pwi_j_get_line(meta, "pipfile-spec", &line);
    if ((st = pwi_lockj_version(lf, spec, line, "pipfile-spec", known, 1,
                                &version, err)))
        goto out;
    pwi_lock_set_version(lf, "6");
    pwi_lockj_pkg p;
    memset(&p, 0, sizeof p);
    p.name = name = pwi_lockj_dir_name(lf->path, "(Pipfile)");
    p.source = PWI_SRC_PATH;
    p.flags = PWI_LOCKF_ROOT;
    p.line = 1;
    if ((st = pwi_lockj_add(lf, &p, o, &root, err)))
        goto out;
    for (size_t s = 0; s < 2; s++) {
        const pwi_jnode *sec;
        if ((st = pwi_lockj_obj(lf, doc, sections[s], NULL, &sec, err)))
            goto out;
        for (size_t i = 0; sec && i < sec->nitems; i++)
            if ((st = add_entry(lf, o, root, sections[s], sec->keys[i],
                                sec->items[i], sec->key_lines[i], err)))
                goto out;
    }
out:
    free(name);
    pwi_jtree_free(doc);
    return st;
}
