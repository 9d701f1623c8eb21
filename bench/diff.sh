#!/usr/bin/env bash
# diff.sh - false positives and speed of `pkgward diff` on real benign
# version bumps.
#
#   bench/diff.sh [PKGWARD_BINARY]
#
# For every pair in ../shared/corpus/benign/npm-pairs.txt (the two newest
# stable releases of 40 popular packages, fetched by fetch-benign.sh into
# $PW_CORPUS_CACHE, default ~/.cache/pkgward-corpus/npm) runs
# `pkgward diff -f json OLD NEW`, and prints: pairs with a finding at
# medium or higher, pairs per verdict, the rules that fired at medium or
# higher, and the time per pair (median, max) next to `gzip -dc` of both
# archives timed in the same run. Never asserts; exits 0 with a message
# when the corpus or cache is absent. Needs node for the summary.
set -euo pipefail
export LC_ALL=C

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd -- "$script_dir/.." && pwd)
corpus="$(cd -- "$repo/.." && pwd)/shared/corpus"
bin=$(realpath "${1:-$repo/build/pkgward}")
cache=${PW_CORPUS_CACHE:-${HOME:-/nonexistent}/.cache/pkgward-corpus/npm}
pairs=$corpus/benign/npm-pairs.txt

[ -f "$pairs" ] || { echo "diff.sh: $pairs not found; skipping"; exit 0; }
[ -d "$cache" ] || { echo "diff.sh: no benign cache at $cache (run $corpus/fetch-benign.sh); skipping"; exit 0; }
command -v node >/dev/null || { echo "diff.sh: node not found; skipping"; exit 0; }
export PKGWARD_RULES_DIR=${PKGWARD_RULES_DIR:-$repo/rules}

work=$(mktemp -d "${TMPDIR:-/tmp}/pw-bench-diff.XXXXXX")
trap 'rm -rf "$work"' EXIT

# npm pack names "@scope/name@1.0.0" scope-name-1.0.0.tgz
tgz() { local s=${1#@}; s=${s/\//-}; printf '%s/%s.tgz' "$cache" "${s%@*}-${s##*@}"; }

now_ns() { date +%s%N; }
n=0
: > "$work/times"
while read -r old new; do
  case "$old" in ''|'#'*) continue ;; esac
  a=$(tgz "$old"); b=$(tgz "$new")
  [ -f "$a" ] && [ -f "$b" ] || { echo "diff.sh: missing $a or $b; skipped"; continue; }
  t0=$(now_ns)
  "$bin" diff -f json --no-config "$a" "$b" > "$work/$n.json" 2>/dev/null || true
  [ -n "${PW_BENCH_VERBOSE:-}" ] && echo "$new $(( ($(now_ns) - t0) / 1000000 )) ms" >&2
  t1=$(now_ns)
  gzip -dc "$a" >/dev/null; gzip -dc "$b" >/dev/null
  t2=$(now_ns)
  bytes=$(( $(stat -c %s "$a") + $(stat -c %s "$b") ))
  echo "$new $(( (t1 - t0) / 1000 )) $(( (t2 - t1) / 1000 )) $bytes" >> "$work/times"
  n=$((n + 1))
done < "$pairs"
[ "$n" -gt 0 ] || { echo "diff.sh: no pairs in the cache; skipping"; exit 0; }

node - "$work" "$n" <<'EOF'
const fs = require('fs');
const [work, n] = [process.argv[2], +process.argv[3]];
const sev = {info: 0, low: 1, medium: 2, high: 3, critical: 4};
let flagged = 0, verdicts = {clean: 0, suspicious: 0, malicious: 0}, rules = {}, names = [];
for (let i = 0; i < n; i++) {
  let r;
  try { r = JSON.parse(fs.readFileSync(`${work}/${i}.json`)); } catch (e) { verdicts.error = (verdicts.error || 0) + 1; continue; }
  for (const p of r.packages) {
    verdicts[p.verdict]++;
    const hits = p.findings.filter(f => sev[f.severity] >= 2);
    if (hits.length) { flagged++; names.push(`${p.name}@${p.version}: ` + [...new Set(hits.map(f => f.rule))].join(', ')); }
    for (const f of hits) rules[f.rule] = (rules[f.rule] || 0) + 1;
  }
}
const t = fs.readFileSync(`${work}/times`, 'utf8').trim().split('\n').map(l => l.split(' '));
const ms = t.map(x => +x[1] / 1000).sort((a, b) => a - b), gz = t.map(x => +x[2] / 1000);
const med = a => a[Math.floor(a.length / 2)];
console.log(`pkgward diff on ${n} benign release pairs (npm-pairs.txt)`);
console.log(`  pairs with a finding at medium or higher: ${flagged} (${(100 * flagged / n).toFixed(1)} %)`);
console.log(`  verdicts: ${Object.entries(verdicts).map(([k, v]) => `${v} ${k}`).join(', ')}  (goal: <= 1 % malicious)`);
for (const [k, v] of Object.entries(rules).sort((a, b) => b[1] - a[1])) console.log(`    ${k}: ${v}`);
for (const s of names) console.log(`    - ${s}`);
const gzs = gz.reduce((a, b) => a + b, 0), dfs = ms.reduce((a, b) => a + b, 0);
console.log(`  time per pair: median ${med(ms).toFixed(1)} ms, max ${ms[ms.length - 1].toFixed(1)} ms (goal <= 50 ms under 5 MB; includes process start)`);
console.log(`  baseline gzip -dc of both archives: median ${med(gz.sort((a, b) => a - b)).toFixed(1)} ms; total diff/gzip ratio ${(dfs / gzs).toFixed(1)}x`);
EOF
