/* rules-image.h - a rule directory's parsed rules, saved in the cache.
 *
 * Parsing ~170 YAML files and compiling ~600 regexes took about 15 ms of
 * every start; a warm start reads one image instead. An image is named
 * by a key over the directory's path and the versions of pkgward and
 * PCRE2, and holds a manifest of what the walk that made it saw: every
 * directory it read and every rule file, with their stat (size, mtime,
 * ctime, inode, device: the .pyc rule). A warm start checks the manifest
 * with stat alone, reading no directory: editing a file moves its times,
 * adding, removing or renaming one moves its directory's. Any difference
 * means the YAML is parsed and a new image written. Only a directory that
 * loaded without error gets an image. Reading checks magic, key, length
 * and a checksum and bounds every count.
 *
 * File times are coarse (a clock tick, on some filesystems seconds): a
 * file rewritten within the same tick at the same size would keep its
 * stat. So, as git does for its index, no image is made while anything
 * in the manifest changed in the last IMAGE_SETTLE seconds; a later edit
 * then always moves a time. */
#ifndef PW_RULES_RULES_IMAGE_H
#define PW_RULES_RULES_IMAGE_H

#include "rules.h"
#include "util/buf.h"
#include "util/hash.h"

#include <stdint.h>
#include <sys/stat.h>

typedef struct pwi_image_key {
    unsigned char md[PW_KHASH_LEN];
} pwi_image_key;

/* The key of dir's image under this build and PCRE2. */
void pwi_image_key_make(pwi_image_key *k, const char *dir);

typedef enum {
    PWI_MF_ROOT, /* the directory named: checked with stat (may be a link) */
    PWI_MF_DIR,  /* a directory under it: lstat */
    PWI_MF_FILE  /* a rule file: lstat */
} pwi_mf_kind;

typedef struct pwi_image_manifest {
    pwi_buf b;         /* encoded entries */
    uint32_t n;
    int64_t newest_ns; /* latest mtime or ctime among them */
} pwi_image_manifest;

void pwi_manifest_init(pwi_image_manifest *m);
/* Records path as the walk saw it (sb from stat or lstat, per kind). */
void pwi_manifest_add(pwi_image_manifest *m, pwi_mf_kind kind, const char *path,
                      const struct stat *sb);
void pwi_manifest_release(pwi_image_manifest *m);

/* The rules of the image, in the order stored (malloc'd array; release
 * each with pwi_rule_release), or -1 when there is no usable image: none,
 * damaged, or a manifest entry whose stat differs now. */
int pwi_rules_image_load(const char *cache_dir, const pwi_image_key *k,
                         pwi_rule **out, size_t *n);
/* Decodes an image's payload (what follows the header). regexes 0: the
 * payload must hold no compiled regexes (for fuzzing: PCRE2 trusts its
 * serialised bytes, so only checksummed files may carry them). */
int pwi_rules_image_decode(const unsigned char *p, size_t len, int regexes,
                           pwi_rule **out, size_t *n);
/* Saves rules[0..n) under the key; failures are silent (a cold start
 * next time). */
void pwi_rules_image_store(const char *cache_dir, const pwi_image_key *k,
                           const pwi_image_manifest *m, const pwi_rule *rules, size_t n);

#endif
