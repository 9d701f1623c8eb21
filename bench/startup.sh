#!/usr/bin/env bash
# startup.sh - how long pkgward takes to start, cold and with a warm cache.
#
#   bench/startup.sh [PKGWARD_BINARY]
#
# Runs each command PW_BENCH_RUNS times (default 200) and prints the mean
# wall time per run in milliseconds, with `true` (the cost of starting any
# process from this shell) as the baseline in the same invocation:
#   --version               process start and shared libraries
#   scan, warm cache        one small file, rule image and prefilter cached
#   scan, cold cache        the same with an empty cache directory each run
#                           (YAML parsed, regexes and vectorscan compiled)
# Prints figures; never asserts a time. Nothing from the corpus is used.
set -euo pipefail
export LC_ALL=C

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd -- "$script_dir/.." && pwd)
bin=${1:-$repo/build/pkgward}
runs=${PW_BENCH_RUNS:-200}
case $runs in '' | *[!0-9]* | 0) echo "bench: PW_BENCH_RUNS must be a positive number" >&2; exit 2 ;; esac
if [ ! -x "$bin" ]; then
    echo "bench: $bin is not an executable pkgward (build with 'make' first)" >&2
    exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/pkgward-startup.XXXXXX")
trap 'rm -rf -- "$work"' EXIT
mkdir -p "$work/pkg" "$work/cache"
printf '{"name":"startup-probe","version":"1.0.0","main":"index.js"}\n' >"$work/pkg/package.json"
printf 'module.exports = function add(a, b) { return a + b; };\n' >"$work/pkg/index.js"
export PKGWARD_CACHE_DIR="$work/cache"

now_ns() { date +%s%N; }
# mean_ms N CMD...: mean wall milliseconds of N runs of CMD
mean_ms() {
    local n=$1 i t0 t1
    shift
    t0=$(now_ns)
    for ((i = 0; i < n; i++)); do "$@" >/dev/null 2>&1 || true; done
    t1=$(now_ns)
    awk "BEGIN { printf \"%.2f\", ($t1 - $t0) / 1e6 / $n }"
}
scan() { "$bin" scan --no-config --no-progress "$work/pkg"; }
cold_scan() {
    rm -rf -- "$work/cold"
    PKGWARD_CACHE_DIR="$work/cold" "$bin" scan --no-config --no-progress "$work/pkg"
}

scan >/dev/null 2>&1 || true # fills the cache
cold_runs=$(( runs / 10 > 0 ? runs / 10 : 1 ))
t_true=$(mean_ms "$runs" true)
t_true_bin=$(mean_ms "$runs" /bin/true)
t_ver=$(mean_ms "$runs" "$bin" --version)
t_warm=$(mean_ms "$runs" scan)
t_cold=$(mean_ms "$cold_runs" cold_scan)
sub() { awk "BEGIN { printf \"%.2f\", $1 - $2 }"; }

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
echo "pkgward start-up ($(date -u +%Y-%m-%d), $("$bin" --version | head -n 1))"
echo "machine: ${cpu:-unknown CPU}; mean of $runs runs ($cold_runs cold); ms per run"
echo ""
printf '%-34s %8s %14s\n' "" "ms" "minus /bin/true"
printf '%-34s %8s %14s\n' "/bin/true (process start)" "$t_true_bin" "0.00"
printf '%-34s %8s %14s\n' "pkgward --version" "$t_ver" "$(sub "$t_ver" "$t_true_bin")"
printf '%-34s %8s %14s\n' "pkgward scan 1 file, warm cache" "$t_warm" "$(sub "$t_warm" "$t_true_bin")"
printf '%-34s %8s %14s\n' "pkgward scan 1 file, cold cache" "$t_cold" "$(sub "$t_cold" "$t_true_bin")"
echo ""
echo "(the shell builtin true costs $t_true ms per call: the loop itself)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
