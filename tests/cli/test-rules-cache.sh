#!/usr/bin/env bash
# test-rules-cache.sh BINARY WORKDIR - the compiled-rules cache: a first run
# writes rules-<hash>.hsdb, a second run loads it and gives the same
# findings, and the directory keeps only the 8 most recently used rule sets.
set -uo pipefail
bin=${1:?usage: test-rules-cache.sh BINARY WORKDIR}
work=${2:?}
rm -rf "$work" && mkdir -p "$work/cache"
fail=0
src=${PW_SRCDIR:?}
# ten stale rule sets from older versions, and a file that is not ours
for i in 0 1 2 3 4 5 6 7 8 9; do
  printf 'stale' >"$work/cache/rules-stale$i.hsdb"
  touch -d "2026-01-0$((i % 9 + 1))" "$work/cache/rules-stale$i.hsdb"
done
printf 'keep' >"$work/cache/notes.txt"
sample="$src/rules/npm/c2/js-raw-ip-url/tests/malicious/beacon.js"

PKGWARD_CACHE_DIR="$work/cache" "$bin" scan --no-config --fail-on medium -f json "$sample" >"$work/first.json"
rc1=$?
n=$(ls "$work/cache"/rules-*.hsdb | wc -l)
[ "$n" -eq 8 ] || { echo "FAIL: expected 8 cached rule sets after pruning, found $n"; fail=1; }
[ -f "$work/cache/notes.txt" ] || { echo "FAIL: pruning removed a file that is not a rule set"; fail=1; }
new=$(ls "$work/cache"/rules-*.hsdb | grep -v stale | wc -l)
[ "$new" -eq 1 ] || { echo "FAIL: the current rule set was not cached"; fail=1; }
# the newest stale ones survive, the oldest go
[ -f "$work/cache/rules-stale8.hsdb" ] || { echo "FAIL: a recent rule set was pruned"; fail=1; }
[ -f "$work/cache/rules-stale0.hsdb" ] && { echo "FAIL: the oldest rule set was kept"; fail=1; }

PKGWARD_CACHE_DIR="$work/cache" "$bin" scan --no-config --fail-on medium -f json "$sample" >"$work/second.json"
rc2=$?
[ "$rc1" -eq 1 ] && [ "$rc2" -eq 1 ] || { echo "FAIL: exit statuses $rc1/$rc2, expected 1/1"; fail=1; }
cmp -s "$work/first.json" "$work/second.json" ||
  { echo "FAIL: a run from the cache reports differently"; diff "$work/first.json" "$work/second.json" | head; fail=1; }
grep -q '"js-raw-ip-url"' "$work/second.json" || { echo "FAIL: cached rules missed js-raw-ip-url"; fail=1; }

# a database damaged inside an intact file (vectorscan's checksum refuses
# it when first needed) costs speed, not findings: its leaves all go to PCRE2
for f in "$work/cache"/rules-*.hsdb; do
  case $f in *stale*) continue;; esac
  size=$(stat -c %s "$f")
  for off in $((size / 3)) $((size / 2)) $((size * 2 / 3)); do
    printf '\377' | dd of="$f" bs=1 seek="$off" conv=notrunc status=none
  done
done
PKGWARD_CACHE_DIR="$work/cache" "$bin" scan --no-config --fail-on medium -f json "$sample" >"$work/damaged.json"
cmp -s "$work/first.json" "$work/damaged.json" ||
  { echo "FAIL: a damaged database changed the findings"; diff "$work/first.json" "$work/damaged.json" | head; fail=1; }

# a corrupt cache file is ignored and rebuilt, never trusted
for f in "$work/cache"/rules-*.hsdb; do case $f in *stale*) ;; *) printf 'garbage' >"$f";; esac; done
PKGWARD_CACHE_DIR="$work/cache" "$bin" scan --no-config --fail-on medium -f json "$sample" >"$work/third.json"
cmp -s "$work/first.json" "$work/third.json" || { echo "FAIL: a corrupt cache changed the findings"; fail=1; }

[ $fail -eq 0 ] && echo "rules cache tests passed"
exit $fail
