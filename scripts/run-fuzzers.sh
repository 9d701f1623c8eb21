#!/usr/bin/env bash
# run-fuzzers.sh BUILD_DIR SECONDS - runs every libFuzzer harness built in
# BUILD_DIR/tests/fuzz for SECONDS each.
#
# Each harness fuzz-NAME starts from tests/fuzz/corpus/NAME/, copied to a
# temporary directory so the repository is never modified; extra libFuzzer
# flags come from tests/fuzz/fuzz-NAME.options when it exists. Crash,
# leak and timeout inputs are kept in BUILD_DIR/fuzz-artifacts/fuzz-NAME/
# (reproduce with: BUILD_DIR/tests/fuzz/fuzz-NAME FILE). Exits non-zero
# when any harness fails or none is found.
set -uo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 BUILD_DIR SECONDS" >&2
  exit 2
fi
build=$(cd "$1" && pwd) || exit 2
secs=$2
case "$secs" in
  ''|*[!0-9]*) echo "run-fuzzers: SECONDS must be a whole number" >&2; exit 2 ;;
esac
src=$(cd "$(dirname "$0")/.." && pwd)

shopt -s nullglob
harnesses=()
for f in "$build"/tests/fuzz/fuzz-*; do
  [ -f "$f" ] && [ -x "$f" ] && harnesses+=("$f")
done
if [ ${#harnesses[@]} -eq 0 ]; then
  echo "run-fuzzers: no fuzz-* executables in $build/tests/fuzz (configure with -DPW_FUZZ=ON)" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/pw-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=()
for bin in "${harnesses[@]}"; do
  name=$(basename "$bin")
  short=${name#fuzz-}
  corpus="$work/$short"
  mkdir -p "$corpus"
  if [ -d "$src/tests/fuzz/corpus/$short" ]; then
    cp -R "$src/tests/fuzz/corpus/$short/." "$corpus/"
  fi
  artifacts="$build/fuzz-artifacts/$name"
  mkdir -p "$artifacts"
  opts=()
  if [ -f "$src/tests/fuzz/$name.options" ]; then
    read -r -a opts < "$src/tests/fuzz/$name.options"
  fi
  log="$build/fuzz-artifacts/$name.log"
  echo "== $name: ${secs}s from $(find "$corpus" -type f | wc -l) seeds ${opts[*]+${opts[*]}}"
  "$bin" -max_total_time="$secs" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" ${opts[@]+"${opts[@]}"} "$corpus" >"$log" 2>&1
  rc=$?
  grep -E '^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" | sed 's/^/   /'
  if [ $rc -ne 0 ]; then
    echo "   FAILED (exit $rc); log: $log"
    grep -E 'ERROR: |SUMMARY: |invariant broken|contract broken|Test unit written' "$log" | head -n 8 | sed 's/^/   /'
    failed+=("$name")
  else
    echo "   ok"
  fi
done

if [ ${#failed[@]} -ne 0 ]; then
  echo "run-fuzzers: ${#failed[@]} of ${#harnesses[@]} harnesses failed: ${failed[*]}" >&2
  exit 1
fi
echo "run-fuzzers: all ${#harnesses[@]} harnesses ran ${secs}s without a failure"
