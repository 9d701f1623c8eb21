/* policy.h - what a project allows: release cooldown, install-script
 * allowlist, deny list, suppressions (the policy keys of .pkgward.yml),
 * and the known-malicious database settings. Read by config.c, applied
 * by audit (and by scan for suppressions). */
#ifndef PW_CONFIG_POLICY_H
#define PW_CONFIG_POLICY_H

#include "pkgward.h"
#include "util/yaml-tree.h"

#include <stdint.h>

/* Entries of one allow, deny or suppression list. */
#define POLICY_MAX_SUPPRESSIONS 10000

/* "name", "name@range" (npm) or "pypi:name<specifiers>" from a list. */
typedef struct pwi_pkg_pattern {
    char *ecosystem; /* "npm", "pypi", or NULL for either */
    char *name;      /* as written (compared normalised) */
    char *range;     /* npm range / PEP 440 specifiers, NULL for any */
    char *file;      /* config file and line it came from */
    size_t line;
} pwi_pkg_pattern;

typedef struct pwi_suppression {
    char *id;        /* rule id, NULL: any rule */
    char *package;   /* package name, NULL: any package */
    char *version;   /* exact version, NULL: any version */
    char *reason;    /* required */
    char *owner;     /* NULL when not given */
    char expires[11];   /* YYYY-MM-DD, "" when it never expires */
    int64_t expires_at; /* first second after the expiry day (UTC), or 0 */
    char *file;
    size_t line;
} pwi_suppression;

typedef struct pwi_policy {
    int64_t min_release_age; /* seconds; -1 when not set */
    int allow_set;           /* install_scripts.allow was given */
    pwi_pkg_pattern *allow;  /* install-script allowlist */
    size_t nallow;
    pwi_pkg_pattern *deny;
    size_t ndeny;
    pwi_suppression *supp;
    size_t nsupp;
    char *db_path;           /* NULL: default */
    char *db_url;            /* NULL: default */
    unsigned char db_key[32];/* Ed25519 public key for `db update` */
    int db_key_set;
} pwi_policy;

void pwi_policy_init(pwi_policy *p);
void pwi_policy_release(pwi_policy *p);

/* Readers for the config keys; each replaces the previous value (a later
 * file overrides an earlier one). Errors are PW_ERR_CONFIG naming the
 * file (node->path) and line. `name` is the dotted key for messages. */
pw_status pwi_policy_read_age(pwi_policy *p, const pwi_yaml_node *v,
                              const char *name, pw_error *err);
pw_status pwi_policy_read_allow(pwi_policy *p, const pwi_yaml_node *v,
                                const char *name, pw_error *err);
pw_status pwi_policy_read_deny(pwi_policy *p, const pwi_yaml_node *v,
                               const char *name, pw_error *err);
pw_status pwi_policy_read_suppressions(pwi_policy *p, const pwi_yaml_node *v,
                                       const char *name, pw_error *err);
/* db.path (resolved against the config file's directory), db.url,
 * db.public_key (base64 of 32 bytes). */
pw_status pwi_policy_read_db(pwi_policy *p, const char *key,
                             const pwi_yaml_node *v, const char *name,
                             pw_error *err);

/* Parses "7d", "12h", "30m" into seconds; units required. Returns 0 or
 * -1 (with a reason in why). */
int pwi_parse_duration(const char *s, int64_t *out, const char **why);

/* Pattern matching: 1 when (ecosystem, name, version) is covered. A NULL
 * version matches only patterns without a range. */
int pwi_pattern_match(const pwi_pkg_pattern *pat, const char *ecosystem,
                      const char *name, const char *version);
const pwi_pkg_pattern *pwi_policy_allowed(const pwi_policy *p,
                                          const char *ecosystem,
                                          const char *name,
                                          const char *version);
const pwi_pkg_pattern *pwi_policy_denied(const pwi_policy *p,
                                         const char *ecosystem,
                                         const char *name,
                                         const char *version);

/* The policy of a loaded config (never NULL). */
const pwi_policy *pwi_config_policy(const pw_config *c);

#endif
