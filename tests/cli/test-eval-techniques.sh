#!/usr/bin/env bash
# test-eval-techniques.sh BINARY [WORKDIR] - technique regression set.
#
# For every package directory under tests/eval/{malicious,benign} (defanged
# replicas of real attack techniques and benign look-alikes), scans it with
# `pkgward scan --no-config -f json` twice - as the directory and packed as
# an npm-style tgz (files under package/) - and checks the verdict and every
# `finding: <rule-id> <path>:<line>` line of the directory's `expect` file.
# PyPI packages (no package.json) are scanned as directories only.
# Exit 0 if all checks pass, 1 if any fails, 77 (skip) without node or grep.
set -uo pipefail
bin=${1:?usage: test-eval-techniques.sh BINARY [WORKDIR]}
here=$(cd "$(dirname "$0")" && pwd)
eval_dir=$(cd "$here/../eval" && pwd)
work=${2:-}
if [ -z "$work" ]; then work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi
mkdir -p "$work"
tmp=$(mktemp -d "$work/eval-techniques.XXXXXX")

if command -v node >/dev/null 2>&1; then mode=node
elif command -v grep >/dev/null 2>&1; then mode=grep
else echo "test-eval-techniques: neither node nor grep available; skipped"; exit 77; fi

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# summary JSON -> lines "verdict V" and "finding RULE PATH:LINE"
summarise() { # json-file
  if [ "$mode" = node ]; then
    node -e '
      const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      for (const p of j.packages || []) {
        console.log("verdict " + p.verdict);
        for (const f of p.findings || []) console.log("finding " + f.rule + " " + f.path + ":" + f.line);
      }' "$1"
  else
    # pkgward pretty-prints one key per line: pair rule, path and line in order
    awk '
      /"verdict":/ { v=$0; sub(/.*"verdict": *"/, "", v); sub(/".*/, "", v); print "verdict " v }
      /"rule":/    { r=$0; sub(/.*"rule": *"/, "", r); sub(/".*/, "", r) }
      /"path":/    { p=$0; sub(/.*"path": *"/, "", p); sub(/".*/, "", p) }
      /"line":/    { l=$0; sub(/.*"line": */, "", l); sub(/[^0-9].*/, "", l); if (r != "") print "finding " r " " p ":" l; r="" }
    ' "$1"
  fi
}

check() { # label expect-file summary-file path-prefix
  local label=$1 expect=$2 sum=$3 prefix=$4 want rule loc got
  want=$(sed -n 's/^verdict:[[:space:]]*//p' "$expect" | head -n1)
  got=$(sed -n 's/^verdict //p' "$sum" | head -n1)
  if [ "$got" = "$want" ]; then ok "$label: verdict $want"
  else bad "$label: verdict ${got:-none}, expected $want"; fi
  while read -r key rule loc; do
    [ "$key" = finding: ] || continue
    if grep -qxF "finding $rule $prefix$loc" "$sum"; then ok "$label: $rule $prefix$loc"
    else bad "$label: no $rule at $prefix$loc"; fi
  done < "$expect"
}

n=0
for dir in "$eval_dir"/malicious/*/ "$eval_dir"/benign/*/; do
  [ -d "$dir" ] || continue
  dir=${dir%/}
  kind=$(basename "$(dirname "$dir")")
  name=$(basename "$dir")
  label="$kind/$name"
  if [ ! -f "$dir/expect" ]; then bad "$label: no expect file"; continue; fi
  n=$((n + 1))
  out="$tmp/$kind-$name"
  "$bin" scan --no-config --no-progress -f json "$dir" > "$out.dir.json" 2> "$out.dir.err"
  summarise "$out.dir.json" > "$out.dir.sum" 2>/dev/null
  check "$label (dir)" "$dir/expect" "$out.dir.sum" ""
  if [ -f "$dir/package.json" ]; then
    # npm pack layout: every file under package/, the expect file left out
    tar -C "$dir" --exclude=./expect --sort=name --transform 's,^\./,package/,' -czf "$out.tgz" .
    "$bin" scan --no-config --no-progress -f json "$out.tgz" > "$out.tgz.json" 2> "$out.tgz.err"
    summarise "$out.tgz.json" > "$out.tgz.sum" 2>/dev/null
    check "$label (tgz)" "$dir/expect" "$out.tgz.sum" "package/"
  fi
done
[ "$n" -gt 0 ] || { echo "test-eval-techniques: no fixtures under $eval_dir"; exit 1; }
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
