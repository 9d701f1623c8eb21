/* ingest.h - untrusted input to an in-memory file tree.
 *
 * An input (archive, directory or plain file) becomes a pwi_tree: a flat
 * list of entries with paths relative to the input, sizes, modes, SHA-256
 * and (for regular files) up to limits.max_file_bytes of content. Nothing
 * from an archive is ever written to disk; directory walks never follow
 * symlinks. Limit hits and odd entries become anomalies, which the
 * analyzers turn into archive-anomaly findings.
 */
#ifndef PW_INGEST_INGEST_H
#define PW_INGEST_INGEST_H

#include "pkgward.h"

#include <stdint.h>

typedef enum pwi_ftype {
    PWI_FT_REG = 0,
    PWI_FT_DIR,
    PWI_FT_SYMLINK,
    PWI_FT_HARDLINK,
    PWI_FT_OTHER /* fifo, device, socket */
} pwi_ftype;

typedef struct pwi_file {
    char *path;          /* '/'-separated, relative, no "." or ".." parts */
    pwi_ftype type;
    uint32_t mode;
    uint64_t size;       /* full size as stored */
    unsigned char sha256[32]; /* of all size bytes, when have_sha */
    int have_sha;        /* set for truncated files (their tail is gone);
                          * others hash on demand, see pwi_file_sha256 */
    char *link;          /* symlink or hardlink target, else NULL */
    unsigned char *data; /* first min(size, max_file_bytes) bytes, or NULL */
    size_t len;
    int truncated;       /* data holds less than size */
    int from_dir;        /* content still on disk, see pwi_tree_load */
    int lent;            /* data points into one of the tree's blobs */
} pwi_file;

/* SHA-256 of the file's full content into out: the stored hash, else
 * computed from data (and kept). 0, or -1 when the content is not in
 * memory and no hash was stored. */
int pwi_file_sha256(pwi_file *f, unsigned char out[32]);

/* Anomaly ids are rule ids in rules/any/archive-anomaly/. */
#define PWI_AN_TRAVERSAL "archive-path-traversal"
#define PWI_AN_LINK "archive-link-entry"
#define PWI_AN_LINK_ESCAPE "archive-link-escapes"
#define PWI_AN_DUPLICATE "archive-duplicate-entry"
#define PWI_AN_BAD_NAME "archive-invalid-name"
#define PWI_AN_TOO_MANY "archive-too-many-entries"
#define PWI_AN_TOO_BIG "archive-too-large"
#define PWI_AN_RATIO "archive-compression-bomb"
#define PWI_AN_NESTING "archive-nested-too-deep"
#define PWI_AN_FILE_TRUNC "file-too-large-to-analyse"
#define PWI_AN_SPECIAL "archive-special-file"
#define PWI_AN_CORRUPT_NESTED "archive-nested-corrupt"

typedef struct pwi_anomaly {
    const char *rule; /* one of PWI_AN_* (static) */
    char *path;       /* entry path (escaped), "" for the whole input */
    char *message;
} pwi_anomaly;

typedef struct pwi_tree {
    char *source;        /* the input as named by the user */
    int is_archive;
    int is_dir;
    int root_fd;         /* directory inputs: open root, else -1 */
    pwi_file *files;
    size_t nfiles, capfiles;
    pwi_anomaly *anomalies;
    size_t nanomalies, capanomalies;
    uint64_t total_bytes;
    /* Buffers the tree owns: an inflated archive whose files' data point
     * into it instead of being copied out. */
    void **blobs;
    size_t nblobs, capblobs;
    /* set when a limit or a corrupt archive stopped ingest early */
    pw_status incomplete;
    char incomplete_msg[256];
} pwi_tree;

typedef enum pwi_input_kind {
    PWI_IN_PLAIN = 0,
    PWI_IN_GZIP,
    PWI_IN_BZIP2,
    PWI_IN_XZ,
    PWI_IN_ZSTD,
    PWI_IN_ZIP,
    PWI_IN_TAR
} pwi_input_kind;

/* Classifies bytes by magic number, never by name. */
pwi_input_kind pwi_detect_kind(const unsigned char *p, size_t n);
const char *pwi_kind_name(pwi_input_kind k);

void pwi_tree_init(pwi_tree *t, const char *source);
void pwi_tree_release(pwi_tree *t);
/* Hands a malloc'd buffer to the tree, freed with it. */
void pwi_tree_keep(pwi_tree *t, void *blob);
/* Appends an entry (path is copied). Returns the new file. */
pwi_file *pwi_tree_add(pwi_tree *t, const char *path, pwi_ftype type);
void pwi_tree_anomaly(pwi_tree *t, const char *rule, const char *path,
                      const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Loads the content of a directory file (from_dir) into f->data, bounded
 * by lim->max_file_bytes, and hashes all of it. Returns PW_OK or an I/O
 * error (the file is then left without data). */
pw_status pwi_tree_load(pwi_tree *t, pwi_file *f, const pw_limits *lim,
                        pw_error *err);
/* Drops loaded content of directory files (keeps hashes). */
void pwi_tree_unload(pwi_file *f);

/* Reads the input at path into t. Returns PW_OK when the input could be
 * read (possibly with anomalies, or t->incomplete set when a limit stopped
 * it); an error when it could not be read at all or is corrupt. */
pw_status pwi_ingest_path(const char *path, const pw_limits *lim, pwi_tree *t,
                          pw_error *err);
/* Same for an in-memory input called name. */
pw_status pwi_ingest_buffer(const char *name, const void *data, size_t len,
                            const pw_limits *lim, pwi_tree *t, pw_error *err);

/* Archive reader (ingest-archive.c): adds the entries of the archive in
 * data to t, prefixing paths with prefix ("" at top level, "a/b.tgz!/"
 * when nested). depth counts archives around this one (0 at top). */
pw_status pwi_ingest_archive(pwi_tree *t, const void *data, size_t len,
                             const char *prefix, unsigned depth,
                             const pw_limits *lim, pw_error *err);
/* Directory walker (ingest-dir.c). */
pw_status pwi_ingest_dir(pwi_tree *t, const char *path, const pw_limits *lim,
                         pw_error *err);

/* Path helpers (path.c). */
/* Normalises an archive entry name: strips "./", collapses "//", drops
 * leading "/" and drive letters, resolves ".." without leaving the root.
 * Sets *suspicious when the name tried to leave the root or was absolute.
 * Returns a new string ("" for the root). */
char *pwi_path_normalize(const char *name, int *suspicious);
/* 1 when s is valid UTF-8 without NUL. */
int pwi_utf8_valid(const char *s, size_t n);
/* Copy of s with non-printable bytes and invalid UTF-8 as \xNN. */
char *pwi_escape(const char *s, size_t n, size_t max);
/* Does a link at path with this target resolve outside the root? */
int pwi_link_escapes(const char *path, const char *target);

#endif
