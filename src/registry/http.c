/* http.c - bounded HTTP GET on libcurl. */
#include "registry/http.h"
#include "util/dl.h"
#include "util/error.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* libcurl, bound on the first fetch (see util/dl.h for why). */
static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    const char *(*easy_strerror)(CURLcode);
    void (*easy_cleanup)(CURL *);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} cx;
static char curl_why[256];
static int curl_ok;
static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_init_once(void)
{
    static const char *const sonames[] = {"libcurl.so.4", "libcurl-gnutls.so.4",
                                          "libcurl.so", NULL};
    const pwi_dl_sym syms[] = {
        {"curl_global_init", &cx.global_init},
        {"curl_easy_init", &cx.easy_init},
        {"curl_easy_setopt", &cx.easy_setopt},
        {"curl_easy_perform", &cx.easy_perform},
        {"curl_easy_getinfo", &cx.easy_getinfo},
        {"curl_easy_strerror", &cx.easy_strerror},
        {"curl_easy_cleanup", &cx.easy_cleanup},
        {"curl_slist_append", &cx.slist_append},
        {"curl_slist_free_all", &cx.slist_free_all},
    };
    if (pwi_dl_bind(sonames, syms, sizeof syms / sizeof *syms, curl_why,
                    sizeof curl_why) != 0)
        return;
    curl_ok = cx.global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    if (!curl_ok)
        snprintf(curl_why, sizeof curl_why, "curl_global_init failed");
}

void pwi_http_opts_init(pwi_http_opts *o)
{
    memset(o, 0, sizeof *o);
    o->timeout_s = 60;
    o->connect_timeout_s = 10;
    o->retries = 3;
    o->max_bytes = (size_t)256 << 20;
}

void pwi_http_resp_release(pwi_http_resp *r)
{
    pwi_buf_release(&r->body);
    memset(r, 0, sizeof *r);
}

typedef struct sink {
    pwi_http_resp *r;
    int over;
} sink;

static size_t on_body(char *p, size_t size, size_t n, void *user)
{
    sink *s = user;
    if (pwi_buf_add(&s->r->body, p, size * n)) {
        s->over = 1;
        return 0; /* aborts the transfer */
    }
    return size * n;
}

/* Copies the value of header "name:" when line is that header. */
static void take_header(const char *line, size_t n, const char *name,
                        char *dst, size_t size)
{
    size_t k = strlen(name);
    if (n <= k || strncasecmp(line, name, k))
        return;
    const char *v = line + k;
    size_t vn = n - k;
    while (vn && (*v == ' ' || *v == '\t')) {
        v++;
        vn--;
    }
    while (vn && (v[vn - 1] == '\r' || v[vn - 1] == '\n' || v[vn - 1] == ' '))
        vn--;
    if (vn >= size)
        return; /* an oversized validator is not worth keeping */
    memcpy(dst, v, vn);
    dst[vn] = '\0';
}

static size_t on_header(char *p, size_t size, size_t n, void *user)
{
    pwi_http_resp *r = user;
    size_t len = size * n;
    take_header(p, len, "etag:", r->etag, sizeof r->etag);
    take_header(p, len, "last-modified:", r->last_modified,
                sizeof r->last_modified);
    return len;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

pw_status pwi_http_get(const char *url, const pwi_http_opts *o,
                       pwi_http_resp *r, pw_error *err)
{
    pwi_http_opts defaults;
    if (!o) {
        pwi_http_opts_init(&defaults);
        o = &defaults;
    }
    memset(r, 0, sizeof *r);
    if (strncmp(url, "http://", 7) && strncmp(url, "https://", 8))
        return pwi_error(err, PW_ERR_USAGE, url, 0, 0,
                         "only http:// and https:// URLs are fetched");
    pthread_once(&curl_once, curl_init_once);
    if (!curl_ok)
        return pwi_error(err, PW_ERR_IO, url, 0, 0,
                         "cannot fetch: libcurl is not usable (%s); install "
                         "the libcurl4 package", curl_why);
    CURL *h = cx.easy_init();
    if (!h)
        return pwi_error(err, PW_ERR_NOMEM, url, 0, 0, "curl_easy_init failed");
    struct curl_slist *hdrs = NULL;
    char line[1024];
    if (o->accept) {
        snprintf(line, sizeof line, "Accept: %s", o->accept);
        hdrs = cx.slist_append(hdrs, line);
    }
    if (o->etag) {
        snprintf(line, sizeof line, "If-None-Match: %s", o->etag);
        hdrs = cx.slist_append(hdrs, line);
    }
    if (o->last_modified) {
        snprintf(line, sizeof line, "If-Modified-Since: %s", o->last_modified);
        hdrs = cx.slist_append(hdrs, line);
    }
    if (o->auth) {
        snprintf(line, sizeof line, "Authorization: %s", o->auth);
        hdrs = cx.slist_append(hdrs, line);
    }
    char ua[64];
    snprintf(ua, sizeof ua, "pkgward/%s", pw_version());
    char curl_err[CURL_ERROR_SIZE] = "";
    sink s = {r, 0};
    cx.easy_setopt(h, CURLOPT_URL, url);
    cx.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    cx.easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    cx.easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    cx.easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
    cx.easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    cx.easy_setopt(h, CURLOPT_USERAGENT, ua);
    cx.easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    cx.easy_setopt(h, CURLOPT_TIMEOUT, o->timeout_s);
    cx.easy_setopt(h, CURLOPT_CONNECTTIMEOUT, o->connect_timeout_s);
    cx.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    cx.easy_setopt(h, CURLOPT_ERRORBUFFER, curl_err);
    cx.easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    cx.easy_setopt(h, CURLOPT_WRITEDATA, &s);
    cx.easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    cx.easy_setopt(h, CURLOPT_HEADERDATA, r);
    cx.easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_bytes);

    pw_status st = PW_OK;
    long backoff = 500;
    for (unsigned attempt = 0;; attempt++) {
        pwi_buf_release(&r->body);
        pwi_buf_init(&r->body, o->max_bytes);
        r->etag[0] = r->last_modified[0] = '\0';
        curl_err[0] = '\0';
        s.over = 0;
        CURLcode rc = cx.easy_perform(h);
        if (s.over || rc == CURLE_FILESIZE_EXCEEDED) {
            st = pwi_error(err, PW_ERR_LIMIT, url, 0, 0,
                           "response is larger than %zu MiB",
                           o->max_bytes >> 20);
            break;
        }
        long status = 0;
        if (rc == CURLE_OK)
            cx.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        int transient = rc != CURLE_OK || status == 429 || status >= 500;
        if (!transient || attempt >= o->retries) {
            if (rc != CURLE_OK)
                st = pwi_error(err, PW_ERR_IO, url, 0, 0,
                               "download failed: %s",
                               *curl_err ? curl_err : cx.easy_strerror(rc));
            r->status = status;
            break;
        }
        sleep_ms(backoff);
        backoff *= 2;
    }
    cx.slist_free_all(hdrs);
    cx.easy_cleanup(h);
    if (st)
        pwi_buf_release(&r->body);
    return st;
}
