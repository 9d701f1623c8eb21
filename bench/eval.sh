#!/usr/bin/env bash
# bench/eval.sh [PKGWARD_BINARY] - detection quality on real packages.
#
# Scans, with `pkgward scan --format json`:
#   - every real malicious sample of ../shared/corpus/malicious (labels.csv),
#   - the benign packages of benign/npm-top.txt and npm-install-scripts.txt
#     from the cache filled by ../shared/corpus/fetch-benign.sh,
#   - the defanged example and technique fixtures of this repository,
# then prints recall, false-positive rates, per-rule benign firing counts,
# misses and false positives, time and MB/s, and writes the same to
# bench/results/eval.md. Offline; parts whose inputs are absent are skipped
# with a message. Samples are only read as bytes by pkgward.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bin=$(realpath "${1:-$repo/build/pkgward}")
corpus=${PW_CORPUS:-$repo/../shared/corpus}
cache=${PW_CORPUS_CACHE:-$HOME/.cache/pkgward-corpus/npm}
jobs=${JOBS:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! command -v node >/dev/null; then
  echo "eval: node is needed to summarise the JSON reports; skipped" >&2
  exit 0
fi
[ -x "$bin" ] || { echo "eval: no binary at $bin (run make first)" >&2; exit 2; }

scan() { # name files...
  local name=$1; shift
  local t0 t1 status
  t0=$(date +%s.%N)
  "$bin" scan --no-config --no-progress -j "$jobs" -f json "$@" > "$work/$name.json" 2> "$work/$name.err"
  status=$?
  t1=$(date +%s.%N)
  echo "$status $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')" > "$work/$name.meta"
}

# malicious samples: labels.csv first column is the file
mal=()
if [ -f "$corpus/labels.csv" ]; then
  while IFS=, read -r file _; do
    [ "$file" = file ] && continue
    [ -f "$corpus/$file" ] && mal+=("$corpus/$file")
  done < "$corpus/labels.csv"
fi
if [ ${#mal[@]} -gt 0 ]; then scan malicious "${mal[@]}"; else
  echo "eval: $corpus/labels.csv not found: malicious recall skipped" >&2; fi

# benign packages: spec name@version -> cache file (scope/name -> scope-name)
benign_list() { # list-file
  while read -r spec; do
    [ -z "$spec" ] && continue
    local name=${spec%@*} ver=${spec##*@}
    name=${name#@}; name=${name//\//-}
    [ -f "$cache/$name-$ver.tgz" ] && echo "$cache/$name-$ver.tgz"
  done < "$1"
}
for list in npm-top npm-install-scripts; do
  if [ -f "$corpus/benign/$list.txt" ] && [ -d "$cache" ]; then
    mapfile -t files < <(benign_list "$corpus/benign/$list.txt")
    if [ ${#files[@]} -gt 0 ]; then scan "$list" "${files[@]}"; continue; fi
  fi
  echo "eval: benign list $list not available (run ../shared/corpus/fetch-benign.sh): skipped" >&2
done

# this repository's defanged example and technique fixtures
own_mal=() own_ben=()
"$repo/scripts/build-examples.sh" "$work/examples" >/dev/null 2>&1 &&
  own_mal+=("$work/examples/plain-crypto-js-4.2.1.tgz") &&
  own_ben+=("$work/examples/http-client-1.14.0.tgz" "$work/examples/http-client-1.14.1.tgz")
for d in "$repo"/tests/eval/malicious/*; do [ -e "$d" ] && own_mal+=("$d"); done
for d in "$repo"/tests/eval/benign/*; do [ -e "$d" ] && own_ben+=("$d"); done
[ ${#own_mal[@]} -gt 0 ] && scan own-malicious "${own_mal[@]}"
[ ${#own_ben[@]} -gt 0 ] && scan own-benign "${own_ben[@]}"

# time of a plain gzip -dc over the same benign archives, as a baseline
gz=0
if [ -f "$work/npm-top.json" ]; then
  t0=$(date +%s.%N)
  { benign_list "$corpus/benign/npm-top.txt"; benign_list "$corpus/benign/npm-install-scripts.txt"; } |
    while read -r f; do gzip -dc "$f"; done > /dev/null
  t1=$(date +%s.%N)
  gz=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')
fi

mkdir -p "$repo/bench/results"
node "$repo/bench/eval-summary.js" "$work" "$gz" "$jobs" "$corpus" | tee "$repo/bench/results/eval.md"
