/* httpd.c - test HTTP server on 127.0.0.1 (see httpd.h). Test code: a
 * malformed request just closes the connection. */
#include "httpd.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define TH_MAX_ROUTES 100000

typedef struct th_route_s {
    char path[256];
    int status;
    char *body;
    size_t len;
    char *headers;
    int fail_first;
    int delay_ms;
    int hits;
    char *last;       /* last request head, allocated on first use */
} th_route_s;

struct th_server {
    int fd;
    int port;
    int stop;
    pthread_t thread;
    pthread_mutex_t mu;
    th_route_s *routes;
    size_t nroutes, caproutes;
};

static th_route_s *find(th_server *s, const char *path, int create)
{
    for (size_t i = 0; i < s->nroutes; i++)
        if (!strcmp(s->routes[i].path, path))
            return &s->routes[i];
    if (!create || s->nroutes == TH_MAX_ROUTES)
        return NULL;
    if (s->nroutes == s->caproutes) {
        size_t cap = s->caproutes ? s->caproutes * 2 : 64;
        th_route_s *nr = realloc(s->routes, cap * sizeof *nr);
        if (!nr)
            abort();
        s->routes = nr;
        s->caproutes = cap;
    }
    th_route_s *r = &s->routes[s->nroutes++];
    memset(r, 0, sizeof *r);
    snprintf(r->path, sizeof r->path, "%s", path);
    r->status = 404;
    return r;
}

static void write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        /* a client that gave up must not kill the server (SIGPIPE) */
        ssize_t w = send(fd, c, n, MSG_NOSIGNAL);
        if (w <= 0)
            return;
        c += w;
        n -= (size_t)w;
    }
}

static const char *reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 404: return "Not Found";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

static void serve(th_server *s, int c)
{
    char req[4096];
    size_t n = 0;
    while (n < sizeof req - 1) {
        struct pollfd p = {c, POLLIN, 0};
        if (poll(&p, 1, 2000) <= 0)
            return;
        ssize_t r = read(c, req + n, sizeof req - 1 - n);
        if (r <= 0)
            return;
        n += (size_t)r;
        req[n] = '\0';
        if (strstr(req, "\r\n\r\n"))
            break;
    }
    char path[256];
    if (sscanf(req, "GET %255s HTTP/1.", path) != 1)
        return;
    pthread_mutex_lock(&s->mu);
    th_route_s *r = find(s, path, 1);
    int delay = r ? r->delay_ms : 0;
    int status = 404;
    char *body = NULL, *headers = NULL;
    size_t len = 0;
    if (r) {
        r->hits++;
        if (!r->last)
            r->last = malloc(4096);
        if (r->last)
            snprintf(r->last, 4096, "%s", req);
        if (r->fail_first > 0) {
            r->fail_first--;
            status = 503;
        } else {
            status = r->status;
            len = r->len;
            body = len ? malloc(len) : NULL;
            if (len)
                memcpy(body, r->body, len);
            headers = r->headers ? strdup(r->headers) : NULL;
        }
    }
    pthread_mutex_unlock(&s->mu);
    if (delay > 0)
        poll(NULL, 0, delay); /* a slow server, for timeout tests */
    char head[1024];
    int hn = snprintf(head, sizeof head,
                      "HTTP/1.1 %d %s\r\nContent-Length: %zu\r\n"
                      "Connection: close\r\n%s\r\n",
                      status, reason(status), status == 304 ? 0 : len,
                      headers ? headers : "");
    write_all(c, head, (size_t)hn);
    if (status != 304 && len)
        write_all(c, body, len);
    free(body);
    free(headers);
}

static void *loop(void *arg)
{
    th_server *s = arg;
    for (;;) {
        struct pollfd p = {s->fd, POLLIN, 0};
        int r = poll(&p, 1, 100);
        pthread_mutex_lock(&s->mu);
        int stop = s->stop;
        pthread_mutex_unlock(&s->mu);
        if (stop)
            return NULL;
        if (r <= 0)
            continue;
        int c = accept(s->fd, NULL, NULL);
        if (c < 0)
            continue;
        serve(s, c);
        close(c);
    }
}

th_server *th_start(void)
{
    th_server *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    pthread_mutex_init(&s->mu, NULL);
    s->fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t al = sizeof a;
    if (s->fd < 0 || bind(s->fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        listen(s->fd, 256) != 0 ||
        getsockname(s->fd, (struct sockaddr *)&a, &al) != 0)
        abort();
    s->port = ntohs(a.sin_port);
    if (pthread_create(&s->thread, NULL, loop, s) != 0)
        abort();
    return s;
}

void th_stop(th_server *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->mu);
    s->stop = 1;
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->thread, NULL);
    close(s->fd);
    for (size_t i = 0; i < s->nroutes; i++) {
        free(s->routes[i].body);
        free(s->routes[i].headers);
        free(s->routes[i].last);
    }
    free(s->routes);
    pthread_mutex_destroy(&s->mu);
    free(s);
}

void th_route(th_server *s, const char *path, int status, const void *body,
              size_t len, const char *headers)
{
    pthread_mutex_lock(&s->mu);
    th_route_s *r = find(s, path, 1);
    if (r) {
        free(r->body);
        free(r->headers);
        r->status = status;
        r->body = len ? malloc(len) : NULL;
        if (len)
            memcpy(r->body, body, len);
        r->len = len;
        r->headers = headers ? strdup(headers) : NULL;
    }
    pthread_mutex_unlock(&s->mu);
}

void th_fail_first(th_server *s, const char *path, int times)
{
    pthread_mutex_lock(&s->mu);
    th_route_s *r = find(s, path, 1);
    if (r)
        r->fail_first = times;
    pthread_mutex_unlock(&s->mu);
}

void th_delay(th_server *s, const char *path, int ms)
{
    pthread_mutex_lock(&s->mu);
    th_route_s *r = find(s, path, 1);
    if (r)
        r->delay_ms = ms;
    pthread_mutex_unlock(&s->mu);
}

void th_url(const th_server *s, const char *path, char *buf, size_t size)
{
    snprintf(buf, size, "http://127.0.0.1:%d%s", s->port, path);
}

int th_hits(th_server *s, const char *path)
{
    pthread_mutex_lock(&s->mu);
    th_route_s *r = find(s, path, 0);
    int n = r ? r->hits : 0;
    pthread_mutex_unlock(&s->mu);
    return n;
}

const char *th_last_request(th_server *s, const char *path)
{
    pthread_mutex_lock(&s->mu);
    th_route_s *r = find(s, path, 0);
    const char *v = r && r->last ? r->last : "";
    pthread_mutex_unlock(&s->mu);
    return v;
}
