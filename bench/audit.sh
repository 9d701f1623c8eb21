#!/usr/bin/env bash
# audit.sh - how fast the known-malicious database imports and audits.
#
#   bench/audit.sh [PKGWARD_BINARY]
#
# Generates (in a temporary directory, removed afterwards):
#   - a zip of 200,000 OSV malicious-package records (npm and PyPI, version
#     lists, SEMVER/ECOSYSTEM ranges, whole-name records), like the OpenSSF
#     export;
#   - package-lock.json v3 files with 2,000 and 50,000 entries, some of
#     which the records name.
# Then measures `pkgward db import` (records/s, database size) and
# `pkgward audit` on each lockfile (wall time and peak RSS, best of
# PW_BENCH_RUNS), next to a baseline in the same run: `cat` of the same
# lockfile piped to `wc -c` (how long reading the bytes takes). Prints
# figures; never asserts. Needs python3 for generation and rusage.
#
# Targets (issue "Lockfile audit"): import 200k records < 60 s, DB < 100 MB;
# audit of a 2,000-entry lock <= 100 ms and <= 64 MB RSS; 50,000 <= 1 s.
set -euo pipefail
export LC_ALL=C

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd -- "$script_dir/.." && pwd)
bin=$(realpath "${1:-$repo/build/pkgward}")
runs=${PW_BENCH_RUNS:-5}
records=${PW_BENCH_RECORDS:-200000}

command -v python3 >/dev/null || { echo "audit.sh: python3 not found; skipping"; exit 0; }
[ -x "$bin" ] || { echo "audit.sh: no pkgward binary at $bin (run make)"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/pw-bench-audit.XXXXXX")
trap 'rm -rf "$work"' EXIT
export PKGWARD_RULES_DIR=${PKGWARD_RULES_DIR:-$repo/rules}
export HOME=$work/home PKGWARD_CACHE_DIR=$work/cache
mkdir -p "$HOME"

python3 - "$work" "$records" <<'EOF'
import json, random, sys, zipfile
work, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(42)
def name(i):
    return ("@scope%d/" % (i % 97) if i % 5 == 0 else "") + "pkg-%06d" % i
with zipfile.ZipFile(work + "/osv.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for i in range(n):
        pypi = i % 4 == 3
        kind = i % 3
        if kind == 0:
            aff = {"versions": ["%d.%d.%d" % (rnd.randint(0, 9), rnd.randint(0, 20), rnd.randint(0, 30)) for _ in range(rnd.randint(1, 4))]}
        elif kind == 1:
            aff = {"ranges": [{"type": "ECOSYSTEM" if pypi else "SEMVER", "events": [{"introduced": "0"}]}]}
        else:
            aff = {"ranges": [{"type": "ECOSYSTEM" if pypi else "SEMVER", "events": [{"introduced": "1.2.0"}, {"fixed": "1.4.0"}]}]}
        aff["package"] = {"ecosystem": "PyPI" if pypi else "npm", "name": name(i)}
        rec = {"schema_version": "1.5.0", "id": "MAL-BENCH-%d" % i,
               "modified": "2026-01-01T00:00:00Z", "published": "2026-01-01T00:00:00Z",
               "summary": "Malicious code in %s" % name(i),
               "details": "Generated record for the pkgward audit benchmark. " * 4,
               "affected": [aff],
               "references": [{"type": "WEB", "url": "https://example.invalid/MAL-BENCH-%d" % i}],
               "database_specific": {"malicious-packages-origins": [{"source": "bench"}]}}
        z.writestr("osv/malicious/%s/%s/MAL-BENCH-%d.json" % ("pypi" if pypi else "npm", name(i), i), json.dumps(rec))
for size in (2000, 50000):
    pk = {"": {"name": "bench-app", "version": "1.0.0", "dependencies": {}}}
    for j in range(size):
        i = j * 4 if j % 50 == 0 else 10**7 + j   # 1 in 50 named by a record
        nm = name(i)
        ver = "1.3.%d" % (j % 7)
        if j < 200:
            pk[""]["dependencies"][nm] = "^" + ver
        pk["node_modules/" + nm] = {"version": ver,
            "resolved": "https://registry.npmjs.org/%s/-/%s-%s.tgz" % (nm, nm.split("/")[-1], ver),
            "integrity": "sha512-" + "A" * 86 + "==", "dependencies": {name(10**7 + j + 1): "*"} if j + 1 < size else {}}
    d = {"name": "bench-app", "version": "1.0.0", "lockfileVersion": 3, "requires": True, "packages": pk}
    import os
    os.makedirs("%s/lock%d" % (work, size), exist_ok=True)
    with open("%s/lock%d/package-lock.json" % (work, size), "w") as f:
        json.dump(d, f, indent=2)
EOF

# best-of-N wall time (s) and peak RSS (MiB) of a command
measure() {
  python3 - "$runs" "$@" <<'EOF'
import resource, subprocess, sys, time
runs = int(sys.argv[1]); cmd = sys.argv[2:]
best = None
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    dt = time.perf_counter() - t
    best = dt if best is None or dt < best else best
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print("%.4f %.1f" % (best, rss))
EOF
}

echo "pkgward audit benchmark ($(nproc) cores, $records records, best of $runs runs)"
zip_mb=$(du -m "$work/osv.zip" | cut -f1)
t0=$(date +%s.%N)
"$bin" db import --db "$work/pw.db" "$work/osv.zip" >/dev/null
t1=$(date +%s.%N)
db_mb=$(du -m "$work/pw.db" | cut -f1)
python3 -c "import sys; t=float(sys.argv[2])-float(sys.argv[1]); n=int(sys.argv[3]); print('db import: %d records (%s MB zip) in %.1f s = %.0f records/s; database %s MB' % (n, sys.argv[4], t, n/t, sys.argv[5]))" "$t0" "$t1" "$records" "$zip_mb" "$db_mb"

for size in 2000 50000; do
  lock=$work/lock$size/package-lock.json
  read -r base _ < <(measure sh -c "cat '$lock' | wc -c")
  read -r wall rss < <(measure "$bin" audit --db "$work/pw.db" --no-lint-tools -q "$lock")
  hits=$("$bin" audit --db "$work/pw.db" --no-lint-tools -f json "$lock" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['summary']['malicious'])" || true)
  python3 -c "import sys; w=float(sys.argv[2]); b=float(sys.argv[3]); print('audit %s entries: %.0f ms wall, %s MiB peak RSS, %s flagged malicious; baseline cat|wc %.1f ms (ratio %.1fx)' % (sys.argv[1], w*1000, sys.argv[4], sys.argv[5], b*1000, w/b if b else 0))" "$size" "$wall" "$base" "$rss" "$hits"
done
