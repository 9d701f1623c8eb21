/* npmrc.h - the registry npm (or Yarn 2+) itself would use, read the way
 * it reads it. */
#ifndef PW_GUARD_NPMRC_H
#define PW_GUARD_NPMRC_H

#include <stddef.h>

/*
 * The default registry npm uses for the project in the current directory:
 * --registry among args, else $npm_config_registry / $NPM_CONFIG_REGISTRY,
 * else `registry=` in ./.npmrc, then the user config ($NPM_CONFIG_USERCONFIG
 * or ~/.npmrc), then the public registry. ${VAR} in .npmrc values is
 * expanded as npm does. Returns a malloc'd URL without a trailing slash.
 */
char *pwi_npm_registry(char *const *args);

/* The registry URL `registry=` sets in the .npmrc text (NULL if none). */
char *pwi_npmrc_registry(const char *text);

/*
 * The registry Yarn 2+ uses for the project in the current directory:
 * $YARN_NPM_REGISTRY_SERVER, else `npmRegistryServer` of the closest
 * .yarnrc.yml ($YARN_RC_FILENAME) from here up to /, else ~/.yarnrc.yml,
 * else Yarn's default registry. ${VAR} and ${VAR:-default} are expanded.
 * Malloc'd, without a trailing slash.
 */
char *pwi_yarn_registry(void);

/* `npmRegistryServer` of the .yarnrc.yml text (NULL if none or bad YAML). */
char *pwi_yarnrc_registry(const char *text, size_t len);

#endif
