/*
 * pkgward.h - the public interface of libpkgward.
 *
 * pkgward vets npm and PyPI packages statically: bytes in, findings out.
 * Nothing it reads is ever executed.
 *
 * Lifecycle (compile once, scan many, like YARA):
 *
 *   pw_rules *rules;                       immutable once compiled,
 *   pw_rules_new(&rules, NULL, &err);      shared by every thread
 *   pw_rules_add_dir(rules, "my-rules", &err);
 *   pw_rules_compile(rules, &err);
 *
 *   pw_report *rep = pw_report_new();      caller-owned results
 *   pw_scan_options opt; pw_scan_options_init(&opt);
 *   pw_scan_paths(rules, &opt, paths, n, rep, &err);
 *   pw_report_write(rep, PW_FORMAT_JSON, stdout, NULL, &err);
 *   pw_report_free(rep);
 *   pw_rules_free(rules);
 *
 * Every fallible call returns a pw_status and, when the caller passes a
 * pw_error, fills it with a message naming the input, place and reason.
 * The library keeps no global mutable state.
 */
#ifndef PKGWARD_H
#define PKGWARD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PW_VERSION_MAJOR 0
#define PW_VERSION_MINOR 1
#define PW_VERSION_PATCH 0
#define PW_VERSION_STRING "0.1.0"

/* Status codes. Append-only: values are never renumbered or reused. */
typedef enum pw_status {
    PW_OK = 0,
    PW_ERR_NOMEM = 1,       /* allocation failed */
    PW_ERR_USAGE = 2,       /* invalid argument or option */
    PW_ERR_IO = 3,          /* input could not be opened or read */
    PW_ERR_FORMAT = 4,      /* input is malformed (corrupt archive, bad JSON) */
    PW_ERR_LIMIT = 5,       /* a safety limit stopped the work */
    PW_ERR_CONFIG = 6,      /* configuration file is invalid */
    PW_ERR_RULES = 7,       /* a rule file is invalid */
    PW_ERR_UNSUPPORTED = 8, /* input kind or version not supported */
    PW_ERR_INTERNAL = 9,    /* bug in pkgward */
    PW_ERR_NOT_FOUND = 10   /* a named object (rule, package) does not exist */
} pw_status;

/* Details of a failure. path, line and col are 0/empty when unknown. */
typedef struct pw_error {
    pw_status code;
    char msg[256];
    char path[512];
    size_t line;
    size_t col;
} pw_error;

const char *pw_strerror(pw_status code);

/* Parses "YYYY-MM-DD" (its first second, UTC) or an RFC 3339 time into
 * seconds since the epoch. Returns 0, or -1 when malformed. */
int pw_time_parse(const char *s, int64_t *out);
/* Parses a duration with a required unit ("30m", "48h", "7d") into
 * seconds. Returns 0, or -1 when malformed or without a unit. */
int pw_duration_parse(const char *s, int64_t *out);
const char *pw_version(void);

/* ---- severities, verdicts, formats ------------------------------------ */

typedef enum pw_severity {
    PW_SEV_INFO = 0,
    PW_SEV_LOW = 1,
    PW_SEV_MEDIUM = 2,
    PW_SEV_HIGH = 3,
    PW_SEV_CRITICAL = 4
} pw_severity;

typedef enum pw_verdict {
    PW_VERDICT_CLEAN = 0,
    PW_VERDICT_SUSPICIOUS = 1,
    PW_VERDICT_MALICIOUS = 2
} pw_verdict;

typedef enum pw_format {
    PW_FORMAT_TEXT = 0,
    PW_FORMAT_JSON = 1,
    PW_FORMAT_SARIF = 2,
    PW_FORMAT_OSV = 3   /* draft OSV malicious-package records */
} pw_format;

const char *pw_severity_name(pw_severity s);
/* Parses "info".."critical" (case-insensitive). Returns 0 on success. */
int pw_severity_parse(const char *s, pw_severity *out);
const char *pw_verdict_name(pw_verdict v);
int pw_format_parse(const char *s, pw_format *out);

/* ---- limits ------------------------------------------------------------ */

/* Safety limits on untrusted input. A limit hit is reported as an
 * archive-anomaly finding and, when it stops the scan, as an error;
 * input is never silently truncated. */
typedef struct pw_limits {
    uint64_t max_entries;        /* archive entries / directory files per input */
    uint64_t max_total_bytes;    /* uncompressed bytes per input */
    uint64_t max_file_bytes;     /* bytes of one file that are analysed */
    uint64_t max_ratio;          /* uncompressed:compressed ratio per archive */
    unsigned max_nesting;        /* archives inside archives */
    unsigned max_json_depth;     /* nesting depth of manifests */
    uint64_t max_manifest_bytes; /* size of package.json / METADATA parsed */
} pw_limits;

void pw_limits_default(pw_limits *l);

/* ---- verdict thresholds ------------------------------------------------ */

/* A finding scores severity weight (info 0, low 1, medium 3, high 6,
 * critical 10) times confidence/100. A package scores the maximum of its
 * findings. */
typedef struct pw_thresholds {
    double suspicious; /* score at or above which a package is suspicious */
    double malicious;  /* score at or above which a package is malicious */
} pw_thresholds;

void pw_thresholds_default(pw_thresholds *t);

/* ---- rules ------------------------------------------------------------- */

typedef struct pw_rules pw_rules;

typedef struct pw_rule_info {
    const char *id;
    const char *title;
    pw_severity severity;
    const char *category;
    const char *ecosystems;  /* comma-separated, e.g. "npm,pypi" */
    const char *applies_to;
    const char *description;
    const char *remediation;
    const char *references;  /* newline-separated URLs */
    const char *file;        /* rule file it came from, "" when built in */
} pw_rule_info;

/* Creates a rule set holding the shipped rules found in builtin_dir (NULL:
 * the installed data directory, or $PKGWARD_RULES_DIR when set). */
pw_status pw_rules_new(pw_rules **out, const char *builtin_dir, pw_error *err);
/* Adds every *.yml rule file under dir (recursively). Before compile only. */
pw_status pw_rules_add_dir(pw_rules *r, const char *dir, pw_error *err);
/* Adds YARA rules (a .yar/.yara file, or every such file under a
 * directory) through libyara. Their matches become findings with rule id
 * "yara.<rule>" and the severity, category and description from the
 * rule's meta section (severity defaults to medium). Before compile only. */
pw_status pw_rules_add_yara(pw_rules *r, const char *path, pw_error *err);
/* Freezes the set. After this it is read-only and may be shared by threads. */
pw_status pw_rules_compile(pw_rules *r, pw_error *err);
void pw_rules_free(pw_rules *r);
size_t pw_rules_count(const pw_rules *r);
/* Rules sorted by id. i < pw_rules_count(). */
const pw_rule_info *pw_rules_get(const pw_rules *r, size_t i);
const pw_rule_info *pw_rules_find(const pw_rules *r, const char *id);

/* ---- findings and reports ---------------------------------------------- */

/* A finding as seen by callers. All strings are owned by the report and
 * stay valid until it is freed. Strings never NULL (empty when unknown). */
typedef struct pw_finding {
    const char *rule;        /* rule id */
    const char *title;
    pw_severity severity;
    const char *category;
    unsigned confidence;     /* 0..100 */
    const char *path;        /* file inside the package, "" for the package */
    size_t line;             /* 1-based, 0 when not about a line */
    size_t column;           /* 1-based, 0 when unknown */
    const char *snippet;     /* escaped, capped evidence text */
    const char *message;     /* what was found, in this instance */
    const char *remediation;
    const char *evidence;    /* how it was derived, e.g. "decoded from base64" */
    const char *fingerprint; /* 16 hex digits, stable across runs */
} pw_finding;

typedef struct pw_package_info {
    const char *ecosystem;  /* "npm", "pypi" or "unknown" */
    const char *name;       /* "" when unknown */
    const char *version;    /* "" when unknown */
    const char *source;     /* input path, plus "!inner/path" for nested */
    const char *root;       /* directory of the package inside the source */
    pw_verdict verdict;
    double score;
    size_t file_count;
    uint64_t total_bytes;   /* uncompressed bytes of its files */
} pw_package_info;

typedef struct pw_report_error {
    const char *input;
    pw_status code;
    const char *message;
    size_t line;
} pw_report_error;

typedef struct pw_report pw_report;

pw_report *pw_report_new(void);
void pw_report_free(pw_report *rep);

size_t pw_report_package_count(const pw_report *rep);
const pw_package_info *pw_report_package(const pw_report *rep, size_t i);
size_t pw_report_finding_count(const pw_report *rep, size_t pkg);
const pw_finding *pw_report_finding(const pw_report *rep, size_t pkg, size_t i);
size_t pw_report_error_count(const pw_report *rep);
const pw_report_error *pw_report_error_at(const pw_report *rep, size_t i);

/* Highest severity of any finding, or -1 when there are none. */
int pw_report_max_severity(const pw_report *rep);
/* Findings removed by suppressions. */
size_t pw_report_suppressed_count(const pw_report *rep);
/* Number of findings at or above sev. */
size_t pw_report_count_at_least(const pw_report *rep, pw_severity sev);

/* Puts packages, findings and errors into their canonical order. Reports
 * produced by pw_scan_paths are already sorted. */
void pw_report_sort(pw_report *rep);

typedef struct pw_write_options {
    int color;          /* text: ANSI colours */
    int quiet;          /* text: summary line only */
    pw_severity min_severity; /* findings below are left out of the output */
    const pw_rules *rules;    /* SARIF: rule metadata for tool.driver.rules */
    int only_flagged;         /* text: list only packages that have findings
                                 at or above min_severity */
} pw_write_options;

void pw_write_options_init(pw_write_options *o);
/* Writes rep in the given format. opt may be NULL. */
pw_status pw_report_write(const pw_report *rep, pw_format fmt, FILE *out,
                          const pw_write_options *opt, pw_error *err);

/* ---- scanning ---------------------------------------------------------- */

/* Called for each finding as soon as its package is finished, from the
 * worker thread that found it (calls are serialised by the library). */
typedef void (*pw_finding_cb)(const pw_package_info *pkg,
                              const pw_finding *f, void *user);
/* Progress: inputs done of total. Called under the same serialisation. */
typedef void (*pw_progress_cb)(size_t done, size_t total, void *user);

typedef struct pw_scan_options {
    pw_limits limits;
    pw_thresholds thresholds;
    unsigned jobs;          /* worker threads; 0 = number of cores */
    pw_finding_cb on_finding;
    pw_progress_cb on_progress;
    void *user;
} pw_scan_options;

void pw_scan_options_init(pw_scan_options *o);

/* A scanner holds per-thread scratch space. One per thread; the rules it
 * is made from must outlive it. */
typedef struct pw_scanner pw_scanner;

pw_status pw_scanner_new(const pw_rules *rules, const pw_scan_options *opt,
                         pw_scanner **out, pw_error *err);
void pw_scanner_free(pw_scanner *sc);

/* Scans one input (archive, directory, package tree or plain file) into
 * rep. Unreadable or corrupt input is recorded in rep's errors and also
 * returned. */
pw_status pw_scanner_scan_path(pw_scanner *sc, const char *path,
                               pw_report *rep, pw_error *err);
/* Scans an in-memory buffer as if it were a file called name. */
pw_status pw_scanner_scan_buffer(pw_scanner *sc, const char *name,
                                 const void *data, size_t len,
                                 pw_report *rep, pw_error *err);

/* Scans many inputs on opt->jobs threads into rep and sorts it. Returns
 * PW_OK when every input was scanned; otherwise the status of the first
 * failing input (all inputs are still attempted, errors are in rep). */
pw_status pw_scan_paths(const pw_rules *rules, const pw_scan_options *opt,
                        const char *const *paths, size_t n, pw_report *rep,
                        pw_error *err);

/* ---- release diff ------------------------------------------------------- */

/*
 * Compares two releases of one package (archives or directories; the
 * shallowest npm or PyPI package of each is compared) into rep: one report
 * package for NEW with findings of the diff-* rules (files added, removed,
 * changed; code injected into existing files; new binaries; install
 * scripts added or changed; dependencies added, re-sourced or unused by any
 * code ("phantom"); patch releases that add either; capabilities NEW has
 * and OLD had not) plus NEW's engine findings that OLD did not have.
 * Returns an error (also recorded in rep) when either input cannot be read
 * or holds no package.
 */
pw_status pw_diff_paths(pw_scanner *sc, const char *old_path,
                        const char *new_path, pw_report *rep, pw_error *err);
/* The same for inputs in memory. */
pw_status pw_diff_buffers(pw_scanner *sc, const char *old_name,
                          const void *old_data, size_t old_len,
                          const char *new_name, const void *new_data,
                          size_t new_len, pw_report *rep, pw_error *err);

/* ---- registry release check ---------------------------------------------- */

typedef struct pw_check_options {
    const char *npm_registry; /* NULL: https://registry.npmjs.org */
    const char *pypi_registry; /* PyPI JSON API; NULL: https://pypi.org */
    const char *cache_dir;    /* registry cache; NULL: $XDG_CACHE_HOME/
                                 pkgward/registry (~/.cache/...) */
    int offline;              /* cache only */
    long timeout_s;           /* per request; 0: 60 s (retries 3 times) */
    int64_t min_age;          /* release cooldown in seconds; < 0: none */
    unsigned depth;           /* levels of newly added dependencies
                                 followed (default 2) */
    int64_t now;              /* seconds since the epoch; 0: the clock */
} pw_check_options;

void pw_check_options_init(pw_check_options *o);

/*
 * Vets a release from the registry without installing it: spec is NAME
 * (the latest), NAME@VERSION or NAME@OLD..NEW (npm), or pypi:NAME,
 * pypi:NAME==VERSION, pypi:NAME==OLD..NEW (PyPI JSON API; sha256 checked). Fetches metadata and
 * tarballs (integrity checked; cached), diffs NEW against OLD (default:
 * the previous release on its line), adds the registry trust signals
 * (publisher, maintainers, provenance, gitHead, age, bursts, dormancy,
 * new dependencies that are young or near-miss names), and scans newly
 * added dependencies to o->depth levels, reporting any that are
 * suspicious or malicious on NEW too. Network faults, a missing package or
 * version and integrity mismatches are errors (also recorded in rep).
 */
pw_status pw_check(pw_scanner *sc, const pw_check_options *o,
                   const char *spec, pw_report *rep, pw_error *err);

/* ---- rule self-test ---------------------------------------------------- */

/* Runs the fixtures of every rule whose file lies under dir (NULL: all):
 * each entry of <rule>/tests/malicious/ must produce a finding of that
 * rule, each entry of <rule>/tests/benign/ must not, and a rule needs both
 * kinds. One line per check goes to out ("ok"/"FAIL"); *passed and
 * *failed count checks. Returns PW_OK even when checks fail; an error
 * only when the run itself could not happen. */
pw_status pw_rules_test(const pw_rules *rules, const char *dir, FILE *out,
                        size_t *passed, size_t *failed, pw_error *err);

/* ---- known-malicious database ------------------------------------------ */

/* An SQLite index of OSV records of malicious packages. One handle per
 * thread. */
typedef struct pw_db pw_db;

enum {
    PW_DB_READ = 0,  /* open an existing database read-only */
    PW_DB_WRITE = 1  /* create it (and its directory) when missing */
};

/* The default database path ($XDG_DATA_HOME/pkgward/pkgward.db, else
 * ~/.local/share/pkgward/pkgward.db) into buf. Returns 0, -1 when no
 * home directory is known or it does not fit. */
int pw_db_default_path(char *buf, size_t size);

/* Opens (PW_DB_WRITE: creates) the database at path. A database written by
 * a newer pkgward, or a file that is not one, is an error. */
pw_status pw_db_open(const char *path, unsigned flags, pw_db **out,
                     pw_error *err);
void pw_db_close(pw_db *db);

typedef struct pw_db_import_stats {
    size_t documents; /* JSON documents read */
    size_t added;     /* new records */
    size_t updated;   /* records replaced by a newer "modified" */
    size_t unchanged; /* records already present with the same "modified" */
    size_t withdrawn; /* of the above, records that are withdrawn */
    size_t skipped;   /* not about malicious packages, or no npm/PyPI
                         package affected */
} pw_db_import_stats;

/* Imports OSV records from path: one .json file, a .zip of them (as
 * osv.dev and the OpenSSF malicious-packages export publish), or a
 * directory tree. source names the origin in `db status` (NULL: path).
 * Records are keyed by id; an older or equal "modified" does not replace
 * a stored one. All or nothing: on error the database is unchanged.
 * A document that is not an OSV record is PW_ERR_FORMAT naming it. */
pw_status pw_db_import(pw_db *db, const char *path, const char *source,
                       pw_db_import_stats *st, pw_error *err);
/* The same for bytes in memory named name (a .zip or one .json). */
pw_status pw_db_import_buffer(pw_db *db, const char *name, const void *data,
                              size_t len, const char *source,
                              pw_db_import_stats *st, pw_error *err);

/*
 * Downloads url (a .zip of OSV records, or one .json) over http(s) and
 * imports it. With key (32-byte Ed25519 public key) a detached signature
 * of the downloaded bytes is fetched from sig_url (NULL: url + ".sig"; raw
 * 64 bytes or their base64) and must verify before anything is imported;
 * a missing or bad signature is PW_ERR_FORMAT and the database is left as
 * it was.
 */
pw_status pw_db_update(pw_db *db, const char *url, const char *sig_url,
                       const unsigned char *key, pw_db_import_stats *st,
                       pw_error *err);

/* Decodes the base64 of a 32-byte Ed25519 public key. Returns 0 or -1. */
int pw_db_key_parse(const char *base64, unsigned char key[32]);

typedef struct pw_db_summary {
    int schema_version;
    size_t records;           /* all records, withdrawn included */
    size_t withdrawn;
    char last_update[32];     /* UTC ISO 8601 of the last import, or "" */
    size_t necosystems;
    struct {
        char name[32];
        size_t records;
        size_t packages;      /* distinct names */
    } ecosystems[8];
    size_t nsources;
    struct {
        char name[256];
        size_t records;
        char imported_at[32];
    } sources[16];
} pw_db_summary;

pw_status pw_db_summarize(pw_db *db, pw_db_summary *out, pw_error *err);

/* A record that affects a looked-up package. Strings are valid during
 * the callback only. */
typedef struct pw_db_match {
    const char *id;
    const char *summary;
    const char *aliases;      /* space-separated, "" when none */
    const char *modified;
    const char *references;   /* newline-separated URLs, "" when none */
    int all_versions;         /* the record covers every version */
    const char *versions;     /* what matched: the version, or for a
                                 declared range the affected version(s) it
                                 admits */
} pw_db_match;

typedef void (*pw_db_match_cb)(const pw_db_match *m, void *user);

/*
 * Calls cb for every non-withdrawn record affecting package name of
 * ecosystem ("npm" or "pypi"; names are normalised as each registry does).
 * version: the exact version, matched against explicit version lists and
 * SEMVER (npm) / ECOSYSTEM (PEP 440) ranges. When version is NULL, range
 * (a declared npm range or PEP 440 specifier set, NULL for any) is checked
 * for admitting an affected version; records covering every version always
 * match. Results come in record-id order.
 */
pw_status pw_db_lookup(pw_db *db, const char *ecosystem, const char *name,
                       const char *version, const char *range,
                       pw_db_match_cb cb, void *user, pw_error *err);

/* ---- IOC bundles (docs/ioc-format.md) ---------------------------------- */

typedef struct pw_ioc_info {
    char id[65];
    char title[256];
    char published[16];
    size_t packages, files, hashes, indicators, workflows;
} pw_ioc_info;

/* Validates the bundle at path and stores it in db (replacing one with the
 * same id). info (may be NULL) receives its summary. A bundle with an
 * unknown key, a wrong type or another format version is an error. */
pw_status pw_ioc_import(pw_db *db, const char *path, pw_ioc_info *info,
                        pw_error *err);
/* The bundles stored in db, by id (*out: free() it). */
pw_status pw_ioc_list(pw_db *db, pw_ioc_info **out, size_t *n, pw_error *err);

/* ---- lockfile audit ------------------------------------------------------ */

typedef struct pw_config pw_config; /* see "configuration" below */

typedef struct pw_audit_options {
    pw_db *db;                  /* known-malicious database; NULL: skip */
    const pw_config *config;    /* policy and suppressions; NULL: none */
    const pw_rules *rules;      /* metadata of the audit rules (required) */
    pw_thresholds thresholds;
    int64_t now;                /* seconds since the epoch; 0: the clock */
    const char *registry_cache; /* cached registry metadata (publish
                                   times); NULL: $XDG_CACHE_HOME/pkgward */
    const char *npm_registry;   /* fetch npm metadata missing from the
                                   cache from here (explicit network use);
                                   NULL: cache only */
    int lint_tools;             /* also check other tools' cooldown and
                                   install-script settings beside each
                                   lockfile (default 1) */
} pw_audit_options;

void pw_audit_options_init(pw_audit_options *o);

/*
 * Audits lockfiles into rep: each path is a lockfile, or a directory
 * searched for them (node_modules, VCS and virtualenv directories
 * skipped). Every resolved package is checked against the database and the
 * policy; packages become report packages (source: the lockfile; root: the
 * dependency path). A lockfile that cannot be read or is not understood is
 * an error in rep and the returned status (never silently clean); the
 * other inputs are still audited. A directory without any lockfile is
 * PW_ERR_NOT_FOUND.
 */
pw_status pw_audit_paths(const pw_audit_options *o, const char *const *paths,
                         size_t n, pw_report *rep, pw_error *err);

/* ---- host sweep ----------------------------------------------------------- */

typedef struct pw_sweep_options {
    pw_db *db;                /* records and IOC bundles; NULL: none */
    const pw_rules *rules;    /* required (finding metadata) */
    const pw_config *config;  /* policy for the lockfiles found */
    const char *const *roots; /* directories walked */
    size_t nroots;
    const char *os;           /* linux, macos, windows; NULL: this machine */
    const char *image;        /* absolute IOC paths resolve under this
                                 directory (a mounted or copied system);
                                 NULL: "/" */
    pw_thresholds thresholds;
    pw_progress_cb on_progress; /* called every 4096 directories (total 0) */
    void *user;
} pw_sweep_options;

void pw_sweep_options_init(pw_sweep_options *o);

/*
 * Looks for traces of known-malicious releases on a machine: installed npm
 * and PyPI packages (by version, or by name when every version is
 * malicious, whatever the package.json now claims), npm cache entries,
 * files the incidents' payloads drop, known payload hashes (only files of
 * a matching size are hashed), worm workflow files, shell startup files
 * and LaunchAgents with an indicator; every lockfile found is audited.
 * Symlinks are never followed; unreadable entries are counted in a
 * sweep-incomplete finding. A root that is not a readable directory is an
 * error (the other roots are still swept).
 */
pw_status pw_sweep(const pw_sweep_options *o, pw_report *rep, pw_error *err);

/* ---- guarded install -------------------------------------------------- */

typedef struct pw_guard_options {
    pw_db *db;                /* known-malicious records; NULL: none */
    const pw_rules *rules;    /* required */
    const pw_config *config;  /* policy: allowlist, deny, cooldown */
    pw_scan_options scan;     /* limits and thresholds for the scans */
    const char *npm;          /* npm to run; NULL: "npm" from PATH */
    const char *pip;          /* pip to run; NULL: "pip" from PATH */
    const char *cache_dir;    /* registry and verdict cache; NULL: default */
    pw_severity fail_on;      /* block at or above (default high) */
    int warn_only;            /* report, never block */
    int64_t now;              /* seconds since the epoch; 0: the clock */
    FILE *log;                /* progress and npm's output; NULL: stderr */
    const char *pnpm;         /* pnpm to run; NULL: "pnpm" from PATH */
    const char *yarn;         /* yarn to run; NULL: "yarn" from PATH */
} pw_guard_options;

void pw_guard_options_init(pw_guard_options *o);

/*
 * Runs `npm ARGS` (argv[0] is npm's command) guarded, in the current
 * directory. Install commands (install, add, update, ci, ...) first let
 * npm resolve with --package-lock-only --ignore-scripts, then vet every
 * package that is new or changed in the lockfile (known-malicious
 * database, deny list, cooldown, a scan of its tarball, a diff against
 * the version it replaces; clean verdicts are cached by integrity), and
 * either block (restore package.json and the lockfile, *blocked = 1) or
 * install exactly the lockfile with `npm ci --ignore-scripts` and run
 * install scripts only for install_scripts.allow packages (`npm
 * rebuild`). Other commands run unguarded. npm failing is an error; the
 * project is restored when resolution fails.
 */
pw_status pw_guard_npm(const pw_guard_options *o, int argc, char **argv,
                       pw_report *rep, int *blocked, pw_error *err);
/* 1 when pw_guard_npm vets npm command c (install, i, add, update, ci, and
 * their aliases); other commands are run unguarded. */
int pw_guard_npm_guarded(const char *c);

/*
 * Runs `pnpm ARGS` (argv[0] is pnpm's command) guarded, as pw_guard_npm
 * does npm: install, add and update first let pnpm resolve with
 * --lockfile-only --ignore-scripts, every package new or changed in
 * pnpm-lock.yaml is vetted (tarballs the lockfile does not name are found
 * through the registry's metadata), and either package.json,
 * pnpm-lock.yaml and pnpm-workspace.yaml are restored (*blocked = 1) or
 * `pnpm install --frozen-lockfile --ignore-scripts` installs exactly the
 * lockfile and `pnpm rebuild` runs the install scripts of
 * install_scripts.allow packages only. With --frozen-lockfile among ARGS
 * nothing is resolved and every package of the lockfile is vetted. Other
 * commands run unguarded; global installs and -C/--dir are refused.
 */
pw_status pw_guard_pnpm(const pw_guard_options *o, int argc, char **argv,
                        pw_report *rep, int *blocked, pw_error *err);
/* 1 when pw_guard_pnpm vets pnpm command c (install, i, add, update, up,
 * upgrade); other commands are run unguarded. */
int pw_guard_pnpm_guarded(const char *c);

/*
 * Runs `yarn ARGS` (argv[0] is yarn's command) guarded, as pw_guard_npm
 * does npm, with Yarn 3 or later (Yarn 1 and 2 are refused: they cannot
 * resolve without installing): install, add and up first let yarn
 * resolve with --mode=update-lockfile (nothing is linked or built), every
 * package new or changed in yarn.lock is vetted (tarballs and their
 * integrity come from the registry's metadata: Yarn's checksum hashes its
 * own cache zip), and either package.json, yarn.lock and
 * .yarn/install-state.gz are restored (*blocked = 1) or `yarn install
 * --immutable --mode=skip-build` installs exactly the lockfile and `yarn
 * rebuild` runs the install scripts of install_scripts.allow packages only
 * (Yarn's own enableScripts still applies). With --immutable among ARGS
 * nothing is resolved and every package of the lockfile is vetted. Other
 * commands run unguarded; --cwd is refused.
 */
pw_status pw_guard_yarn(const pw_guard_options *o, int argc, char **argv,
                        pw_report *rep, int *blocked, pw_error *err);
/* 1 when pw_guard_yarn vets yarn command c (install, add, up). */
int pw_guard_yarn_guarded(const char *c);

/*
 * Runs `pip install ARGS` (argv[0] is "install") guarded: pip resolves
 * with --dry-run --report and wheels only; a requirement that has only an
 * sdist has that sdist fetched from the index and vetted before pip may
 * build it; local paths on the command line are scanned before pip sees
 * them. Every distribution pip would install is then downloaded (sha256
 * checked) into a private directory and vetted (known-malicious database,
 * deny list, cooldown, scan). *blocked = 1 and nothing is installed on a
 * finding at or above fail_on (unless warn_only); else `pip install
 * --no-deps` installs exactly the vetted files. pip failing is an error.
 */
pw_status pw_guard_pip(const pw_guard_options *o, int argc, char **argv,
                       pw_report *rep, int *blocked, pw_error *err);
/* 1 when pw_guard_pip vets pip command c ("install"). */
int pw_guard_pip_guarded(const char *c);

/* ---- configuration ----------------------------------------------------- */

/* Settings from .pkgward.yml files. CLI options override them. */
typedef struct pw_config pw_config;

/* Loads the user config ($XDG_CONFIG_HOME/pkgward/config.yml, else
 * ~/.config/pkgward/config.yml) and then the project config (.pkgward.yml
 * found by walking up from start_dir), project values overriding user
 * values. Missing files are not errors; a file with an unknown key or a
 * bad value is PW_ERR_CONFIG with err->path/line naming the place. */
pw_status pw_config_load_default(const char *start_dir, pw_config **out,
                                 pw_error *err);
/* Loads exactly one file (it must exist). */
pw_status pw_config_load_file(const char *path, pw_config **out,
                              pw_error *err);
/* An empty config (no file). */
pw_config *pw_config_new(void);
void pw_config_free(pw_config *c);

/* Copies the limits, thresholds and jobs that c sets into opt. */
void pw_config_apply(const pw_config *c, pw_scan_options *opt);
/* Each returns 1 and sets *out when c sets the value, else 0. */
int pw_config_fail_on(const pw_config *c, pw_severity *out);
int pw_config_format(const pw_config *c, pw_format *out);
/* Extra rule directories, resolved against the directory of the file
 * that named them. */
size_t pw_config_rules_dir_count(const pw_config *c);
const char *pw_config_rules_dir(const pw_config *c, size_t i);
/*
 * Applies the suppressions of c to rep: a finding matching a live
 * suppression (rule id, package name, version) is removed and counted in
 * the summary; when the matching suppression has expired (its `expires`
 * day is over at `now`, 0 = the clock) the finding stays and a
 * `suppression-expired` finding names the stale entry. Verdicts are
 * recomputed with thresholds t (NULL: defaults). rules supplies the
 * metadata of `suppression-expired`.
 */
void pw_config_suppress(const pw_config *c, pw_report *rep, int64_t now,
                        const pw_rules *rules, const pw_thresholds *t);
/* min_release_age in seconds, or -1 when no file set it. */
int64_t pw_config_min_release_age(const pw_config *c);
/* db.path (resolved), db.url, or NULL when no file set them. */
const char *pw_config_db_path(const pw_config *c);
const char *pw_config_db_url(const pw_config *c);
/* 1 and the 32-byte Ed25519 key from db.public_key, else 0. */
int pw_config_db_key(const pw_config *c, unsigned char key[32]);
/* The files that were loaded, in load order. */
size_t pw_config_file_count(const pw_config *c);
const char *pw_config_file(const pw_config *c, size_t i);

#ifdef __cplusplus
}
#endif

#endif /* PKGWARD_H */
