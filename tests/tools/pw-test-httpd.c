/* pw-test-httpd - serves a directory on 127.0.0.1 for CLI tests that need
 * a registry (recorded packuments, tarballs, OSV zips). Never used outside
 * tests.
 *
 *   pw-test-httpd DIR PORTFILE [SECONDS]
 *
 * Every regular file DIR/P is served at URL path /P (names are used as
 * written, so a scoped packument is the file "@scope%2fname"). A file
 * P.status holding a number makes /P answer that status instead; P.fail
 * holding N makes the first N requests for /P answer 503; P.delay holding
 * N makes /P answer after N milliseconds; P.location
 * holding a URL path makes /P redirect there (302). The chosen port
 * is written to PORTFILE, and "127.0.0.1:PORT" in any served file becomes
 * this server's address, so recorded metadata can point at its own
 * tarballs. DIR/P/index.html is also served at /P/, DIR/P/index.json at
 * /P (a packument beside its tarballs, /P/-/P-1.0.0.tgz). The server exits after SECONDS (default 120). */
#include "httpd.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap)
            buf = realloc(buf, (cap *= 2) + 1);
    }
    fclose(f);
    if (buf)
        buf[n] = '\0'; /* text files are used as strings */
    *len = n;
    return buf;
}

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcmp(s + n - m, suf);
}

static int port;

/* Replaces every "127.0.0.1:PORT" with the real address. */
static char *fill_port(char *body, size_t *len)
{
    static const char ph[] = "127.0.0.1:PORT";
    char real[32];
    int rl = snprintf(real, sizeof real, "127.0.0.1:%d", port);
    size_t pl = sizeof ph - 1;
    char *out = malloc(*len * 2 + 1);
    size_t o = 0;
    for (size_t i = 0; i < *len;) {
        if (i + pl <= *len && !memcmp(body + i, ph, pl)) {
            memcpy(out + o, real, (size_t)rl);
            o += (size_t)rl;
            i += pl;
        } else {
            out[o++] = body[i++];
        }
    }
    free(body);
    *len = o;
    return out;
}

static void add_tree(th_server *s, const char *dir, const char *prefix, int depth)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    if (!d || depth > 16)
        return;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char path[4096], url[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        snprintf(url, sizeof url, "%s/%s", prefix, e->d_name);
        struct stat sb;
        if (lstat(path, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode)) {
            add_tree(s, path, url, depth + 1);
            continue;
        }
        if (!S_ISREG(sb.st_mode) || ends_with(url, ".status") ||
            ends_with(url, ".fail") || ends_with(url, ".delay"))
            continue;
        if (ends_with(url, ".location")) {
            size_t ll;
            char *loc = slurp(path, &ll);
            char hdr[4200];
            if (!loc)
                continue;
            snprintf(hdr, sizeof hdr, "Location: %.*s\r\n",
                     (int)strcspn(loc, "\r\n"), loc);
            url[strlen(url) - 9] = '\0';
            th_route(s, url, 302, "", 0, hdr);
            free(loc);
            continue;
        }
        size_t len = 0;
        char *body = slurp(path, &len);
        if (body)
            body = fill_port(body, &len);
        char side[4200];
        size_t sl;
        int status = 200;
        snprintf(side, sizeof side, "%s.status", path);
        char *st = slurp(side, &sl);
        if (st) {
            status = atoi(st);
            free(st);
        }
        /* pip reads index pages only with their content type */
        const char *type = ends_with(url, ".html") ? "Content-Type: text/html\r\n"
                                                   : NULL;
        th_route(s, url, status, body, len, type);
        /* a directory's index.html also answers for the directory (a
         * PEP 503 simple index: /simple/NAME/) */
        if (!strcmp(e->d_name, "index.html")) {
            char dirurl[4200];
            snprintf(dirurl, sizeof dirurl, "%s/", prefix);
            th_route(s, dirurl, status, body, len, type);
        }
        /* index.json answers for the directory without its slash: an npm
         * packument beside its tarballs in the registry's own layout
         * (/NAME and /NAME/-/NAME-1.0.0.tgz) */
        if (!strcmp(e->d_name, "index.json") && *prefix)
            th_route(s, prefix, status, body, len, NULL);
        snprintf(side, sizeof side, "%s.delay", path);
        char *dl = slurp(side, &sl);
        if (dl) {
            th_delay(s, url, atoi(dl));
            free(dl);
        }
        snprintf(side, sizeof side, "%s.fail", path);
        char *fl = slurp(side, &sl);
        if (fl) {
            th_fail_first(s, url, atoi(fl));
            free(fl);
        }
        free(body);
    }
    closedir(d);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: pw-test-httpd DIR PORTFILE [SECONDS]\n");
        return 2;
    }
    int secs = argc > 3 ? atoi(argv[3]) : 120;
    th_server *s = th_start();
    char url[64];
    th_url(s, "", url, sizeof url);
    port = atoi(strrchr(url, ':') + 1);
    add_tree(s, argv[1], "", 0);
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", argv[2]);
    FILE *f = fopen(tmp, "w");
    if (!f || fprintf(f, "%d\n", port) < 0 || fclose(f) != 0 || rename(tmp, argv[2]))
        return 2;
    sleep((unsigned)secs);
    th_stop(s);
    return 0;
}
