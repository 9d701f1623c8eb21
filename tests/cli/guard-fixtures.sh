# guard-fixtures.sh - shared by test-guard-npm.sh, test-guard-pnpm.sh and
# test-guard-yarn.sh
# (sourced, in WORK): harmless fixture packages for a local npm registry
# and the checks both tests use. Not a test itself.

# mkpkg NAME VERSION [POSTINSTALL-FILE]: pkgs/NAME-VERSION/package, with
# $DEPS (',"dependencies":{...}') appended to its package.json.
mkpkg() {
  local d=pkgs/$1-$2/package
  mkdir -p "$d"
  if [ -n "${3:-}" ]; then
    printf '{"name":"%s","version":"%s","main":"index.js","scripts":{"postinstall":"node %s"}%s}\n' \
      "$1" "$2" "$3" "${DEPS:-}" > "$d/package.json"
  else
    printf '{"name":"%s","version":"%s","main":"index.js"%s}\n' "$1" "$2" "${DEPS:-}" > "$d/package.json"
  fi
  [ -f "$d/index.js" ] || printf 'module.exports = "%s";\n' "$1" > "$d/index.js"
}

# The allowlisted-script fixture (native-ok writes native-ok.marker where
# the tool ran) and the axios-shaped pair: http-client 1.14.1 pulls
# plain-crypto-js 4.2.1, whose postinstall is the defanged dropper of
# examples/ with one line added that would write dropper-ran.marker.
mk_guard_fixtures() { # SRCDIR
  mkdir -p pkgs/native-ok-1.0.0/package
  cat > pkgs/native-ok-1.0.0/package/build.js <<'JS'
// a harmless "native build": leaves a marker where the install ran
require('fs').writeFileSync(require('path').join(process.env.INIT_CWD || '.', 'native-ok.marker'), 'built\n');
JS
  mkpkg native-ok 1.0.0 build.js
  mkpkg http-client 1.14.0
  DEPS=',"dependencies":{"plain-crypto-js":"^4.2.1"}' mkpkg http-client 1.14.1
  mkdir -p pkgs/plain-crypto-js-4.2.1/package
  { printf "require('fs').writeFileSync(require('path').join(process.env.INIT_CWD || '.', 'dropper-ran.marker'), 'x');\n"
    cat "$1/examples/src/plain-crypto-js-4.2.1/setup.js"; } > pkgs/plain-crypto-js-4.2.1/package/setup.js
  mkpkg plain-crypto-js 4.2.1 setup.js
}

# mk_guard_registry WORK: every pkgs/NAME-VERSION as a tarball in npm's
# layout (reg/NAME/-/NAME-VERSION.tgz) and one packument per name
# (reg/NAME/index.json, "PORT" replaced by pw-test-httpd); http-client
# 1.14.0 is 60 days old, everything else 30.
mk_guard_registry() {
  local d base name
  for d in pkgs/*; do
    base=$(basename "$d") name=${base%-*}
    mkdir -p "reg/$name/-"
    (cd "$d" && tar --sort=name --mtime=@0 --owner=0 --group=0 -czf "$1/reg/$name/-/$base.tgz" package)
  done
node - "$1" <<'EOF'
const fs = require('fs'), crypto = require('crypto');
const work = process.argv[2];
const hours = h => new Date(Date.now() - h * 3600e3).toISOString();
const docs = {};
for (const base of fs.readdirSync(`${work}/pkgs`)) {
  const m = base.match(/^(.*)-(\d+\.\d+\.\d+)$/);
  const [name, version] = [m[1], m[2]];
  const bytes = fs.readFileSync(`${work}/reg/${name}/-/${base}.tgz`);
  const man = JSON.parse(fs.readFileSync(`${work}/pkgs/${base}/package/package.json`));
  const d = docs[name] = docs[name] || {name, 'dist-tags': {}, versions: {}, time: {created: '2020-01-01T00:00:00.000Z'}};
  d.versions[version] = Object.assign({}, man, {_npmUser: {name: 'fixture'}, dist: {
    tarball: `http://127.0.0.1:PORT/${name}/-/${base}.tgz`,
    integrity: 'sha512-' + crypto.createHash('sha512').update(bytes).digest('base64'),
    shasum: crypto.createHash('sha1').update(bytes).digest('hex')}});
  d.time[version] = hours(name === 'http-client' && version === '1.14.0' ? 24 * 60 : 24 * 30);
  d['dist-tags'].latest = version;
}
for (const [n, d] of Object.entries(docs)) fs.writeFileSync(`${work}/reg/${n}/index.json`, JSON.stringify(d));
EOF
}

# every file of the project, node_modules included (symlinks as their
# targets), hashed, for the pnpm and yarn tests' before/after comparisons
snapshot() { (cd "$1" && find . \( -type f -o -type l \) -print0 | sort -z |
              while IFS= read -r -d '' f; do
                if [ -L "$f" ]; then echo "link $f -> $(readlink "$f")"; else sha256sum "$f"; fi
              done); }

fail=0
project() { rm -rf "$1" && mkdir -p "$1" && printf '{"name":"%s","version":"1.0.0"}\n' "$1" > "$1/package.json"; }
has() { grep -qF -- "$2" "$1" || { echo "FAIL: $1 lacks: $2"; head -30 "$WORK/out" "$WORK/err"; fail=1; }; }
check() { [ "$1" = "$2" ] || { echo "FAIL ($3): exit $1, expected $2"; head -40 "$WORK/out" "$WORK/err"; fail=1; }; }

# shell-init routes TOOL through pkgward; PKGWARD_BYPASS=1 runs the real
# one, an empty PKGWARD_BYPASS does not (stubs on PATH echo their name)
check_shell_init() { # PKGWARD TOOL
  bash -c 'eval "$("$0" shell-init bash)"; type "$1" | grep -q "pkgward $1"' "$1" "$2" ||
    { echo "FAIL: shell-init bash does not route $2"; fail=1; }
  mkdir -p "$WORK/stub" && printf '#!/bin/sh\necho "$(basename "$0") $*"\n' >"$WORK/stub/$2" &&
    cp "$WORK/stub/$2" "$WORK/stub/pkgward" && chmod +x "$WORK/stub/$2" "$WORK/stub/pkgward"
  local out
  out=$(PATH="$WORK/stub:$PATH" PKGWARD_BYPASS=1 bash -c 'eval "$("$0" shell-init bash)"; "$1" -v' "$1" "$2")
  [ "$out" = "$2 -v" ] || { echo "FAIL: PKGWARD_BYPASS=1 should run the real $2, got '$out'"; fail=1; }
  out=$(PATH="$WORK/stub:$PATH" PKGWARD_BYPASS= bash -c 'eval "$("$0" shell-init bash)"; "$1" -v' "$1" "$2")
  [ "$out" = "pkgward $2 -v" ] || { echo "FAIL: empty PKGWARD_BYPASS should go through pkgward, got '$out'"; fail=1; }
  if command -v zsh >/dev/null; then
    out=$(PATH="$WORK/stub:$PATH" zsh -c 'eval "$("$0" shell-init zsh)"; "$1" -v' "$1" "$2")
    [ "$out" = "pkgward $2 -v" ] || { echo "FAIL: shell-init zsh, got '$out'"; fail=1; }
  fi
  "$1" shell-init fish | grep -q "function $2" || { echo "FAIL: shell-init fish"; fail=1; }
}
