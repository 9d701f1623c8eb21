/* timeutil.c - dates and times, UTC only. */
#include "util/timeutil.h"
#include "pkgward.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t pwi_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    /* Howard Hinnant's days_from_civil. */
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int valid_date(int y, int m, int d)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30,
                                31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && d == 29 && !leap);
}

static int parse_ymd(const char *s, int64_t *days)
{
    int y, m, d;
    if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &m) ||
        s[7] != '-' || digits(s + 8, 2, &d) || !valid_date(y, m, d))
        return -1;
    *days = pwi_days_from_civil(y, (unsigned)m, (unsigned)d);
    return 0;
}

int pwi_parse_date(const char *s, int64_t *out)
{
    int64_t days;
    if (strlen(s) != 10 || parse_ymd(s, &days))
        return -1;
    *out = days * 86400;
    return 0;
}

int pwi_parse_time(const char *s, int64_t *out)
{
    int64_t days;
    int hh, mm, ss;
    if (strlen(s) < 19 || parse_ymd(s, &days) ||
        (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
        digits(s + 11, 2, &hh) || s[13] != ':' || digits(s + 14, 2, &mm) ||
        s[16] != ':' || digits(s + 17, 2, &ss) || hh > 23 || mm > 59 ||
        ss > 60)
        return -1;
    const char *p = s + 19;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return -1;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    int64_t off = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int oh, om;
        if (digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om) ||
            oh > 23 || om > 59)
            return -1;
        off = (int64_t)(oh * 3600 + om * 60) * (*p == '+' ? 1 : -1);
        p += 6;
    }
    if (*p)
        return -1;
    *out = days * 86400 + hh * 3600 + mm * 60 + ss - off;
    return 0;
}

void pwi_format_time(int64_t t, char *buf, unsigned long size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || !strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(buf, size, "?");
}

int pw_time_parse(const char *s, int64_t *out)
{
    if (!s || !out)
        return -1;
    return strlen(s) == 10 ? pwi_parse_date(s, out) : pwi_parse_time(s, out);
}
