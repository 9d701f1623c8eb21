/* timeutil.h - calendar dates and RFC 3339 times without the locale or
 * the TZ environment (registry metadata, suppression expiry). */
#ifndef PW_UTIL_TIMEUTIL_H
#define PW_UTIL_TIMEUTIL_H

#include <stdint.h>

/* Days since 1970-01-01 of a proleptic Gregorian date (no range check). */
int64_t pwi_days_from_civil(int64_t y, unsigned m, unsigned d);

/* "YYYY-MM-DD", a real calendar date: *out = its first second (UTC).
 * Returns 0, or -1 when s is not exactly such a date. */
int pwi_parse_date(const char *s, int64_t *out);

/* RFC 3339 / ISO 8601 UTC or offset time ("2026-03-31T00:21:04.123Z",
 * "2024-12-04T10:11:12+02:00", "2024-12-04T10:11:12" taken as UTC):
 * *out = seconds since the epoch. Returns 0, or -1 when malformed. */
int pwi_parse_time(const char *s, int64_t *out);

/* Formats t as "YYYY-MM-DDTHH:MM:SSZ" into buf[21+]. */
void pwi_format_time(int64_t t, char *buf, unsigned long size);

#endif
