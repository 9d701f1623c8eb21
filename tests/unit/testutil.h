/* testutil.h - helpers shared by the cmocka unit tests. */
#ifndef PW_TESTUTIL_H
#define PW_TESTUTIL_H

#include <stddef.h>

struct pw_report;
struct pw_rules;

/* Reads a whole file (test data); aborts the test on failure. */
char *tu_read_file(const char *path, size_t *len);
/* Writes data to path; returns 0 on success. */
int tu_write_file(const char *path, const void *data, size_t len);
/* Creates a fresh empty temporary directory and returns its path. */
char *tu_tempdir(void);
/* Removes a directory tree (test-created only). */
void tu_rmtree(const char *path);

/* The shipped rules of the source tree, compiled; NULL (with a message on
 * stderr) when they do not load. */
struct pw_rules *tu_load_rules(void);
/* Findings of the rule in a report, over all its packages. */
size_t tu_report_count(const struct pw_report *rep, const char *rule);

#endif
