#!/usr/bin/env bash
# guard.sh - what the guarded install costs over plain npm.
#
#   bench/guard.sh [PKGWARD_BINARY]
#
# Builds (in a temporary directory, removed afterwards) a local registry of
# PW_BENCH_DEPS (default 300) small harmless packages, served on 127.0.0.1
# by tests' pw-test-httpd, and a project depending on all of them. Then,
# in the same run and against the same registry and npm cache:
#   - plain `npm install` (first install), then `npm ci` (re-install);
#   - `pkgward npm install` (first: every package vetted), then
#     `pkgward npm ci` (re-install: verdicts cached by integrity);
#   - pkgward's own overhead on that re-install: npm replaced by a no-op
#     script, best of 5 runs, in milliseconds.
# Prints both and the ratios. Never asserts. Needs npm and node, and the
# pw-test-httpd built by `make` (build/tests/pw-test-httpd).
set -euo pipefail
export LC_ALL=C

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd -- "$script_dir/.." && pwd)
bin=$(realpath "${1:-$repo/build/pkgward}")
httpd=$(dirname "$bin")/tests/pw-test-httpd
deps=${PW_BENCH_DEPS:-300}
command -v npm >/dev/null && command -v node >/dev/null || { echo "guard.sh: npm not found; skipping"; exit 0; }
[ -x "$httpd" ] || { echo "guard.sh: $httpd not built (run make)"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/pw-bench-guard.XXXXXX")
cleanup() { kill "${srv:-0}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
export HOME=$work/home PKGWARD_RULES_DIR=${PKGWARD_RULES_DIR:-$repo/rules} \
       XDG_CACHE_HOME=$work/xdg npm_config_cache=$work/npm-cache npm_config_audit=false \
       npm_config_fund=false npm_config_update_notifier=false npm_config_loglevel=error
mkdir -p "$HOME" "$work/reg/tarballs" "$work/pkgs"

for i in $(seq 1 "$deps"); do
  d=$work/pkgs/bench-dep-$i/package
  mkdir -p "$d/lib"
  printf '{"name":"bench-dep-%s","version":"1.0.0","main":"lib/index.js"}\n' "$i" > "$d/package.json"
  printf "'use strict';\nmodule.exports = function dep%s(x) { return x + %s; };\n" "$i" "$i" > "$d/lib/index.js"
  (cd "$work/pkgs/bench-dep-$i" && tar --mtime=@0 --owner=0 --group=0 -czf "$work/reg/tarballs/bench-dep-$i-1.0.0.tgz" package)
done
node - "$work" <<'EOF'
const fs = require('fs'), crypto = require('crypto');
const w = process.argv[2];
for (const f of fs.readdirSync(`${w}/reg/tarballs`)) {
  const name = f.replace(/-1\.0\.0\.tgz$/, '');
  const b = fs.readFileSync(`${w}/reg/tarballs/${f}`);
  fs.writeFileSync(`${w}/reg/${name}`, JSON.stringify({name, 'dist-tags': {latest: '1.0.0'},
    time: {'1.0.0': '2020-01-01T00:00:00.000Z'}, versions: {'1.0.0': {name, version: '1.0.0', main: 'lib/index.js',
    dist: {tarball: `http://127.0.0.1:PORT/tarballs/${f}`,
           integrity: 'sha512-' + crypto.createHash('sha512').update(b).digest('base64')}}}}));
}
EOF
"$httpd" "$work/reg" "$work/port" 3600 & srv=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
export npm_config_registry=http://127.0.0.1:$(cat "$work/port")/

project() {
  rm -rf "$work/$1" && mkdir -p "$work/$1"
  node -e 'const d = {}; for (let i = 1; i <= +process.argv[1]; i++) d[`bench-dep-${i}`] = "1.0.0";
           process.stdout.write(JSON.stringify({name: "bench-app", version: "1.0.0", dependencies: d}))' "$deps" \
    > "$work/$1/package.json"
}
secs() { node -e 'const t = process.hrtime.bigint(); const r = require("child_process").spawnSync(process.argv[1], process.argv.slice(2), {stdio: "ignore"});
                  console.log((Number(process.hrtime.bigint() - t) / 1e9).toFixed(2) + (r.status ? " (exit " + r.status + ")" : ""))' "$@"; }

# warm npm's cache so both sides download nothing twice
project warm && (cd "$work/warm" && npm install --ignore-scripts >"$work/warm.log" 2>&1) || { tail -5 "$work/warm.log"; exit 1; }

project plain
plain_first=$(cd "$work/plain" && secs npm install --ignore-scripts)
rm -rf "$work/plain/node_modules"
plain_again=$(cd "$work/plain" && secs npm ci --ignore-scripts)

project guarded
guard_first=$(cd "$work/guarded" && secs "$bin" npm --no-db --no-config -q install)
rm -rf "$work/guarded/node_modules"
guard_again=$(cd "$work/guarded" && secs "$bin" npm --no-db --no-config -q ci)

# pkgward's own cost on a re-install, with npm replaced by a no-op: the
# lockfile read, 300 cached verdicts looked up, npm started (best of 5)
printf '#!/bin/sh\nexit 0\n' > "$work/noop-npm" && chmod +x "$work/noop-npm"
best_ms() { node -e 'const {spawnSync} = require("child_process"); let best = 1e9;
  for (let k = 0; k < 5; k++) { const t = process.hrtime.bigint();
    spawnSync(process.argv[1], process.argv.slice(2), {stdio: "ignore", env: process.env});
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6); }
  console.log(best.toFixed(1))' "$@"; }
overhead=$(cd "$work/guarded" && PKGWARD_NPM=$work/noop-npm best_ms "$bin" npm --no-db --no-config -q ci)
noop=$(cd "$work/guarded" && best_ms "$work/noop-npm")

ratio() { node -e 'console.log((parseFloat(process.argv[1]) / parseFloat(process.argv[2])).toFixed(2))' "$1" "$2"; }
echo "guarded install, $deps dependencies, local registry ($(nproc) cores)"
echo "  first install: npm ${plain_first} s, pkgward npm ${guard_first} s (ratio $(ratio "$guard_first" "$plain_first")x; every package vetted)"
echo "  re-install:    npm ci ${plain_again} s, pkgward npm ci ${guard_again} s (ratio $(ratio "$guard_again" "$plain_again")x; verdicts cached)"
echo "  pkgward's own overhead on a re-install (npm replaced by a no-op): ${overhead} ms (starting the no-op alone: ${noop} ms)"
echo "  note: the guard runs npm twice on a first install (resolve, then ci)"
