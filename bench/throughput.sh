#!/usr/bin/env bash
# throughput.sh - how fast pkgward scans real npm tarballs.
#
#   bench/throughput.sh [PKGWARD_BINARY]        (or: make bench)
#
# Scans the benign npm tarballs cached by ../shared/corpus/fetch-benign.sh
# (default cache $HOME/.cache/pkgward-corpus/npm, or $PW_CORPUS_CACHE) with
# --jobs 1 and --jobs 2, and times `gzip -dc` over the same archives as a
# baseline. Prints figures; never asserts a time. Exits 0 with a message
# when the corpus or the cache is absent.
#
# Environment:
#   PW_CORPUS_CACHE   directory holding the *.tgz files
#   PW_BENCH_RUNS     runs per measurement, the fastest is reported (default 3)
#   PW_BENCH_JOBS     worker counts to measure (default "1 2")
#
# The tarballs are only read: by pkgward (in memory, nothing is extracted
# or run), by gzip and, as a fallback for sizes, by `tar -t` (listing only).
set -euo pipefail
export LC_ALL=C

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd -- "$script_dir/.." && pwd)
corpus="$(cd -- "$repo/.." && pwd)/shared/corpus"
bin=${1:-$repo/build/pkgward}
cache=${PW_CORPUS_CACHE:-${HOME:-/nonexistent}/.cache/pkgward-corpus/npm}
runs=${PW_BENCH_RUNS:-3}
jobs_list=${PW_BENCH_JOBS:-1 2}

say() { printf '%s\n' "$*"; }

if [ ! -d "$corpus" ]; then
    say "bench: corpus not found at $corpus; skipping (nothing to measure)"
    exit 0
fi
if [ ! -d "$cache" ]; then
    say "bench: no tarball cache at $cache; fetch it with"
    say "       $corpus/fetch-benign.sh [$cache]"
    say "bench: skipping"
    exit 0
fi
if [ ! -x "$bin" ]; then
    say "bench: $bin is not an executable pkgward (build with 'make' first)" >&2
    exit 2
fi
case $runs in '' | *[!0-9]* | 0) say "bench: PW_BENCH_RUNS must be a positive number" >&2; exit 2 ;; esac

# The archives, sorted for a stable order. Non-empty regular files only;
# a download still in progress shows up as a scan error, counted below.
files=()
while IFS= read -r -d '' f; do
    files+=("$f")
done < <(find "$cache" -maxdepth 1 -type f -name '*.tgz' -size +0c -print0 | sort -z)
n=${#files[@]}
if [ "$n" -eq 0 ]; then
    say "bench: no *.tgz in $cache yet; run $corpus/fetch-benign.sh; skipping"
    exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/pkgward-bench.XXXXXX")
trap 'rm -rf -- "$work"' EXIT

# calc EXPR: evaluate with awk, print with 2 decimals
calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }

compressed=0
for f in "${files[@]}"; do
    s=$(stat -c %s -- "$f")
    compressed=$((compressed + s))
done

# Warm the page cache so every run reads from memory.
cat -- "${files[@]}" >/dev/null

# ---- unpacked size: the per-package "bytes" of pkgward's JSON report ----
# (sum of uncompressed file sizes); without node or python3, from tar -t.
json="$work/report.json"
set +e
"$bin" scan --no-config --no-progress --jobs 2 --format json -o "$json" -- "${files[@]}" 2>"$work/stderr"
rc=$?
set -e
if [ "$rc" -gt 2 ] || [ ! -s "$json" ]; then
    say "bench: pkgward failed (exit $rc):" >&2
    head -n 5 "$work/stderr" >&2
    exit 2
fi

unpacked="" packages="" errors="" how=""
if command -v node >/dev/null 2>&1; then
    read -r unpacked packages errors < <(node -e '
        const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        let b = 0;
        for (const p of r.packages) b += p.bytes;
        console.log(b, r.packages.length, r.errors.length);' "$json")
    how="pkgward JSON (node)"
elif command -v python3 >/dev/null 2>&1; then
    read -r unpacked packages errors < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(sum(p["bytes"] for p in r["packages"]), len(r["packages"]), len(r["errors"]))' "$json")
    how="pkgward JSON (python3)"
else
    unpacked=0
    for f in "${files[@]}"; do
        s=$(tar -tvzf "$f" 2>/dev/null | awk '{ s += $3 } END { printf "%d", s }') || s=0
        unpacked=$((unpacked + ${s:-0}))
    done
    packages="?" errors="?"
    how="tar -tvzf"
fi

# ---- timings ------------------------------------------------------------
# best_of CMD...: "WALL CPU" of the run with the fastest wall time among
# $runs runs, in seconds; CPU is user + system time of the command and its
# threads, which other load on the machine inflates much less than WALL.
best_of() {
    local best="" best_cpu="" w u s i TIMEFORMAT='%R %U %S'
    for ((i = 0; i < runs; i++)); do
        read -r w u s < <({ time "$@" >/dev/null 2>&1; } 2>&1 || true)
        if [ -z "$best" ] || awk "BEGIN { exit !($w < $best) }"; then
            best=$w
            best_cpu=$(awk "BEGIN { printf \"%.3f\", $u + $s }")
        fi
    done
    printf '%s %s\n' "$best" "$best_cpu"
}

scan_jobs() {
    "$bin" scan --no-config --no-progress --jobs "$1" --format json -o /dev/null -- "${files[@]}"
}
gunzip_all() {
    gzip -dc -- "${files[@]}"
}

read -r t_gzip c_gzip < <(best_of gunzip_all)

mb_c=$(calc "$compressed / 1e6")
mb_u=$(calc "$unpacked / 1e6")
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
btype=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$(dirname -- "$bin")/CMakeCache.txt" 2>/dev/null || true)

say "pkgward throughput ($(date -u +%Y-%m-%d), $("$bin" version 2>/dev/null | head -n 1), build type ${btype:-unknown})"
say "machine:     ${cpu:-unknown CPU}, $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cores online"
say "corpus:      $cache"
say "archives:    $n npm tarballs, $packages packages reported, $errors scan errors"
say "compressed:  $mb_c MB"
say "unpacked:    $mb_u MB (sum of file sizes, from $how)"
say "runs:        best of $runs, warm page cache; MB = 10^6 bytes"
say ""
printf '%-22s %9s %9s %12s %12s %12s\n' "" "wall s" "cpu s" "MB/s unpack" "packages/s" "vs gzip -dc"
for j in $jobs_list; do
    read -r t c < <(best_of scan_jobs "$j")
    printf '%-22s %9s %9s %12s %12s %11sx\n' "pkgward --jobs $j" "$t" "$c" \
        "$(calc "$unpacked / 1e6 / $t")" "$(calc "$n / $t")" "$(calc "$t / $t_gzip")"
done
printf '%-22s %9s %9s %12s %12s %12s\n' "gzip -dc (1 thread)" "$t_gzip" "$c_gzip" \
    "$(calc "$unpacked / 1e6 / $t_gzip")" "$(calc "$n / $t_gzip")" "1.00x"
say ""
say "MB/s and packages/s are per wall-clock second; cpu s is user + system time."
say "vs gzip -dc: pkgward wall time / gzip -dc wall time over the same archives"
say "(gzip only inflates; pkgward also reads tar, hashes, lexes and runs every rule)."
say "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
