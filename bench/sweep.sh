#!/usr/bin/env bash
# sweep.sh - how fast `pkgward sweep` walks a large home directory.
#
#   bench/sweep.sh [PKGWARD_BINARY]
#
# Generates (in a temporary directory, removed afterwards) a tree of about
# PW_BENCH_FILES (default 200,000) files in nested node_modules of many
# projects, plus an npm cache index, with the shipped IOC bundles
# (iocs/*.json) and the OSV records of ../shared/corpus/osv (when present)
# in the database. Then prints, best of PW_BENCH_RUNS: the first sweep
# (page cache as the generator left it), a warm sweep, peak RSS, and a
# `find | xargs grep -l` baseline over the same tree looking for the same
# package names, run in the same invocation. Never asserts. Needs node.
set -euo pipefail
export LC_ALL=C

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd -- "$script_dir/.." && pwd)
bin=$(realpath "${1:-$repo/build/pkgward}")
files=${PW_BENCH_FILES:-200000}
runs=${PW_BENCH_RUNS:-3}
command -v node >/dev/null || { echo "sweep.sh: node not found; skipping"; exit 0; }
[ -x "$bin" ] || { echo "sweep.sh: no pkgward binary at $bin"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/pw-bench-sweep.XXXXXX")
trap 'rm -rf "$work"' EXIT
export PKGWARD_RULES_DIR=${PKGWARD_RULES_DIR:-$repo/rules} HOME=$work/fakehome
mkdir -p "$HOME"

node - "$work/home" "$files" <<'EOF'
const fs = require('fs'), path = require('path');
const [root, total] = [process.argv[2], +process.argv[3]];
let n = 0, p = 0;
const mk = (d, f, s) => { fs.mkdirSync(d, {recursive: true}); fs.writeFileSync(path.join(d, f), s); n++; };
while (n < total) {
  const proj = `${root}/dev/proj${p % 50}/sub${p}`;
  for (let i = 0; i < 40 && n < total; i++) {
    const pkg = `${proj}/node_modules/pkg-${p}-${i}`;
    mk(pkg, 'package.json', JSON.stringify({name: `pkg-${p}-${i}`, version: `1.${i}.0`, main: 'index.js'}));
    for (let f = 0; f < 3 && n < total; f++) mk(`${pkg}/lib`, `f${f}.js`, `module.exports = ${f};\n`);
    mk(`${pkg}/node_modules/dep-${i}`, 'package.json', JSON.stringify({name: `dep-${i}`, version: '2.0.0'}));
  }
  p++;
}
mk(`${root}/.npm/_cacache/index-v5/aa/bb`, 'cc',
   '0123\t' + JSON.stringify({key: 'make-fetch-happen:request-cache:https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz'}) + '\n');
console.error(`generated ${n} files in ${p} projects`);
EOF

db=$work/pw.db
corpus="$(cd -- "$repo/.." && pwd)/shared/corpus/osv"
[ -d "$corpus" ] && "$bin" db import --db "$db" "$corpus" >/dev/null
"$bin" ioc import --db "$db" "$repo"/iocs/*.json >/dev/null

measure() {
  node - "$runs" "$@" <<'EOF'
const {spawnSync} = require('child_process');
const [runs, ...cmd] = process.argv.slice(2);
let best = Infinity, first = 0;
for (let i = 0; i < +runs; i++) {
  const t = process.hrtime.bigint();
  spawnSync(cmd[0], cmd.slice(1), {stdio: 'ignore'});
  const dt = Number(process.hrtime.bigint() - t) / 1e9;
  if (i === 0) first = dt;
  best = Math.min(best, dt);
}
console.log(first.toFixed(2), best.toFixed(2));
EOF
}

nfiles=$(find "$work/home" -type f | wc -l)
read -r first warm < <(measure "$bin" sweep --db "$db" --root "$work/home" --os linux --image "$work" --no-config -q)
read -r _ base < <(measure sh -c "find '$work/home' -name package.json -print0 | xargs -0 grep -l -e plain-crypto-js -e '\"axios\"' >/dev/null")
rss="?"
if command -v /usr/bin/time >/dev/null; then
  rss=$(/usr/bin/time -f %M "$bin" sweep --db "$db" --root "$work/home" --os linux \
        --image "$work" --no-config -q 2>&1 >/dev/null | tail -1)
fi
echo "pkgward sweep over $nfiles files ($(nproc) cores, one sweep thread)"
echo "  first run: ${first} s; warm: ${warm} s (goals: <= 20 s cold, <= 5 s warm)"
echo "  peak RSS: ${rss} KiB (goal <= 100 MB)"
echo "  baseline find | xargs grep over the package.json files: ${base} s (ratio $(node -e "console.log(($warm/$base).toFixed(1))")x)"
