/* lockfile-package-json.c - a package.json with no lockfile beside it.
 *
 * Only the declared ranges are known: the project is the root and every
 * declared dependency one package, with spec = the range as written and
 * version set only when the range is an exact version. A warning says the
 * resolved versions are unknown. Workspace members are package.json files
 * of their own; the caller finds and reads them. */
#include "lockfile/lockfile-json.h"
#include "lockfile/lockfile.h"
#include "util/error.h"
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One package for a declared dependency name -> spec. */
static pw_status add_declared(pwi_lockfile *lf, const pwi_lock_opts *o,
                              size_t root, const char *name,
                              const char *spec, size_t line, unsigned flags,
                              pw_error *err)
{
    pwi_lockj_pkg p;
    memset(&p, 0, sizeof p);
    p.name = name;
    p.spec = spec;
    p.line = line;
    p.flags = flags;
    char *real = NULL, *range = NULL;
    const char *r = spec;
    if (pwi_lockj_split_alias(spec, &real, &range)) {
        /* "string-width-cjs": "npm:string-width@^4.2.0" */
        p.name = real;
        p.alias = name;
        r = range;
    }
    pwi_lock_source kind = pwi_lockj_spec_kind(r);
    if (kind != PWI_SRC_UNKNOWN) {
        p.source = kind;
        p.resolved = r;
    } else {
        /* a registry range: pinned only when it is one exact version */
        p.version = pwi_lockj_exact_version(r);
        p.source = p.version ? PWI_SRC_REGISTRY : PWI_SRC_UNKNOWN;
    }
    size_t idx;
    pw_status st = pwi_lockj_add(lf, &p, o, &idx, err);
    if (st == PW_OK)
        pwi_lock_add_edge(lf, root, idx);
    free(real);
    free(range);
    return st;
}

pw_status pwi_lock_parse_package_json(pwi_lockfile *lf, const char *data,
                                      size_t len, const pwi_lock_opts *o,
                                      pw_error *err)
{
    static const struct {
        const char *key;
        unsigned flags;
    } groups[] = {
        {"dependencies", 0},
        {"devDependencies", PWI_LOCKF_DEV},
        {"optionalDependencies", PWI_LOCKF_OPTIONAL},
        {"peerDependencies", PWI_LOCKF_PEER},
    };
    pwi_jnode *doc = NULL;
    pw_status st = pwi_json_parse(data, len, lf->path, 0, &o->limits, &doc,
                                  err);
    if (st != PW_OK)
        return st;
    const char *name, *version;
    char *fallback = NULL;
    size_t root;
    if ((st = pwi_lockj_expect(lf, doc, PWI_J_OBJECT, 1, "a package.json",
                               err)) ||
        (st = pwi_lockj_str(lf, doc, "name", NULL, &name, err)) ||
        (st = pwi_lockj_str(lf, doc, "version", NULL, &version, err)))
        goto out;
    pwi_lockj_pkg p;
    memset(&p, 0, sizeof p);
    p.name = name ? name : (fallback = pwi_lockj_dir_name(lf->path, ""));
    p.version = version;
    p.source = PWI_SRC_PATH;
    p.flags = PWI_LOCKF_ROOT;
    p.line = 1;
    if ((st = pwi_lockj_add(lf, &p, o, &root, err)) != PW_OK)
        goto out;
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
        const pwi_jnode *deps;
        if ((st = pwi_lockj_obj(lf, doc, groups[g].key, NULL, &deps, err)))
            goto out;
        for (size_t i = 0; deps && i < deps->nitems; i++) {
            char what[200];
            snprintf(what, sizeof what, "\"%.80s\" in \"%s\"",
                     deps->keys[i], groups[g].key);
            const pwi_jnode *spec = deps->items[i];
            if ((st = pwi_lockj_expect(lf, spec, PWI_J_STRING,
                                       deps->key_lines[i], what, err)))
                goto out;
            if (strlen(spec->str) != spec->len) {
                st = pwi_error(err, PW_ERR_FORMAT, lf->path,
                               deps->key_lines[i], 0,
                               "%s contains a NUL character", what);
                goto out;
            }
            if ((st = add_declared(lf, o, root, deps->keys[i], spec->str,
                                   deps->key_lines[i], groups[g].flags,
                                   err)))
                goto out;
        }
    }
    size_t wline;
    if (pwi_j_get_line(doc, "workspaces", &wline))
        pwi_lock_warn(lf, wline, NULL,
                      "\"workspaces\" names member packages; each member's "
                      "package.json is read on its own");
    pwi_lock_warn(lf, 0, NULL,
                  "no lockfile beside package.json: resolved versions are "
                  "unknown; declared ranges are checked instead");
out:
    free(fallback);
    pwi_jtree_free(doc);
    return st;
}
