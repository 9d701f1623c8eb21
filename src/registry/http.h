/* http.h - one bounded HTTP GET over libcurl, for registry metadata,
 * tarballs and database downloads. Only http and https (also across
 * redirects); the body is capped; transient failures are retried with
 * backoff. pkgward never runs a server or a proxy: it only fetches. */
#ifndef PW_REGISTRY_HTTP_H
#define PW_REGISTRY_HTTP_H

#include "pkgward.h"
#include "util/buf.h"

typedef struct pwi_http_opts {
    long timeout_s;        /* whole transfer (default 60) */
    long connect_timeout_s;/* default 10 */
    unsigned retries;      /* extra attempts on network errors, 429, 5xx
                              (default 3; backoff 0.5 s, 1 s, 2 s...) */
    size_t max_bytes;      /* body cap (default 256 MiB) */
    const char *accept;    /* Accept header, NULL: none */
    const char *etag;      /* If-None-Match, NULL: none */
    const char *last_modified; /* If-Modified-Since, NULL: none */
    const char *auth;      /* Authorization header value, NULL: none */
} pwi_http_opts;

typedef struct pwi_http_resp {
    long status;           /* HTTP status (304 when not modified) */
    pwi_buf body;          /* released by pwi_http_resp_release */
    char etag[256];
    char last_modified[64];
} pwi_http_resp;

void pwi_http_opts_init(pwi_http_opts *o);
void pwi_http_resp_release(pwi_http_resp *r);

/*
 * GETs url. Any completed exchange is PW_OK with r->status set (callers
 * decide what a 404 means); PW_ERR_IO when no response came after the
 * retries (message names the URL and curl's reason), PW_ERR_LIMIT when
 * the body exceeds max_bytes, PW_ERR_USAGE for a URL that is not
 * http(s).
 */
pw_status pwi_http_get(const char *url, const pwi_http_opts *o,
                       pwi_http_resp *r, pw_error *err);

#endif
