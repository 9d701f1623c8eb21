/* npmrc.h - the registry npm itself would use, read the way npm reads it. */
#ifndef PW_GUARD_NPMRC_H
#define PW_GUARD_NPMRC_H

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

#endif
