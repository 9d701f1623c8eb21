/* httpd.h - a tiny HTTP/1.1 server on 127.0.0.1 for tests that exercise
 * downloads (database updates, registry clients) without the network.
 *
 * Serves canned responses by exact path; every request is counted and its
 * request headers kept, so tests can check conditional requests. One
 * thread, one connection at a time, "Connection: close" on every answer.
 *
 *   th_server *s = th_start();
 *   th_route(s, "/osv.zip", 200, zip, zip_len, "ETag: \"v1\"\r\n");
 *   char url[128]; th_url(s, "/osv.zip", url, sizeof url);
 *   ... pw_db_update(db, url, ...) ...
 *   th_stop(s);
 */
#ifndef PW_TEST_HTTPD_H
#define PW_TEST_HTTPD_H

#include <stddef.h>

typedef struct th_server th_server;

th_server *th_start(void);
void th_stop(th_server *s);

/* Answers GET path with status, body (copied) and extra header lines
 * (each ending in \r\n, may be NULL). A later route for the same path
 * replaces the earlier one. Unknown paths get 404. */
void th_route(th_server *s, const char *path, int status, const void *body,
              size_t len, const char *headers);
/* The next `times` requests for path get 503 before the route applies. */
void th_fail_first(th_server *s, const char *path, int times);
/* Requests for path wait ms milliseconds before the answer. */
void th_delay(th_server *s, const char *path, int ms);
/* Full URL of path on this server. */
void th_url(const th_server *s, const char *path, char *buf, size_t size);
/* Requests served for path so far. */
int th_hits(th_server *s, const char *path);
/* The raw request head (request line and headers) of the last request for
 * path, or "" (valid until the next request). */
const char *th_last_request(th_server *s, const char *path);

#endif
