/* rules-image.h - a rule directory's parsed rules, saved in the cache.
 *
 * Parsing ~170 YAML files and compiling ~600 regexes took about 15 ms of
 * every start; a warm start reads one image instead. An image is named
 * by a key over the directory's rule files as found on disk (path, size,
 * mtime, ctime, inode: the .pyc rule) and over the versions of pkgward
 * and PCRE2, so editing, adding or removing a rule file, or upgrading,
 * makes a new one. Only a directory that loaded without error gets an
 * image. Reading checks magic, key, length and a checksum and bounds
 * every count; anything wrong means "no image" and the YAML is parsed.
 *
 * File times are coarse (a clock tick, on some filesystems seconds): a
 * file rewritten within the same tick at the same size would keep its
 * key. So, as git does for its index, no image is made while any rule
 * file changed in the last IMAGE_SETTLE seconds; a later edit then always
 * moves a time. */
#ifndef PW_RULES_RULES_IMAGE_H
#define PW_RULES_RULES_IMAGE_H

#include "rules.h"
#include "util/hash.h"

#include <stdint.h>
#include <sys/stat.h>

typedef struct pwi_image_key {
    pwi_sha256 h;
    unsigned char md[PW_SHA256_LEN];
    int64_t newest_ns; /* latest mtime or ctime among the files */
} pwi_image_key;

void pwi_image_key_begin(pwi_image_key *k, const char *dir);
void pwi_image_key_file(pwi_image_key *k, const char *path, const struct stat *sb);
void pwi_image_key_end(pwi_image_key *k);

/* The rules of the image, in the order stored (malloc'd array; release
 * each with pwi_rule_release), or -1 when there is no usable image. */
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
                           const pwi_rule *rules, size_t n);

#endif
