#!/usr/bin/env bash
# test-guard-npm.sh - `pkgward npm install` against a local npm registry
# (pw-test-httpd on 127.0.0.1) with the real npm.
#
# Every package here is written by this script and harmless. The only code
# npm is let run is native-ok's postinstall (it writes a marker file), and
# only where pkgward allows it. The axios-shaped http-client 1.14.1 pulls
# plain-crypto-js 4.2.1, whose postinstall is the defanged dropper of
# examples/ with one line added that would write a marker: the guard must
# block before npm runs anything, so the marker never appears.
#
#   test-guard-npm.sh PKGWARD WORKDIR   (PW_SRCDIR, PW_BINDIR set by ctest)
set -uo pipefail
PKGWARD=$1
WORK=$2
SRC=${PW_SRCDIR:?}
HTTPD=${PW_BINDIR:?}/tests/pw-test-httpd
command -v npm >/dev/null && command -v node >/dev/null || { echo "npm not found: skipping"; exit 77; }

rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK" || exit 1
export HOME=$WORK/home NO_COLOR=1 npm_config_cache=$WORK/npm-cache \
       npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false \
       npm_config_loglevel=error XDG_CACHE_HOME=$WORK/xdg-cache
mkdir -p "$HOME" reg/tarballs pkgs

# --- packages (tarballs in npm's layout) and packuments ----------------------
. "$SRC/tests/cli/guard-fixtures.sh"
mkpkg good-lib 1.0.0
mkdir -p pkgs/hello-cli-1.0.0/package
printf '#!/usr/bin/env node\nconsole.log(["hello from cli", ...process.argv.slice(2)].join(" "));\n' \
  > pkgs/hello-cli-1.0.0/package/cli.js
printf '{"name":"hello-cli","version":"1.0.0","bin":{"hello-cli":"cli.js"}}\n' \
  > pkgs/hello-cli-1.0.0/package/package.json
mk_guard_fixtures "$SRC"
mkpkg fresh-lib 1.0.0
mkpkg corrupt-lib 1.0.0
mkpkg slow-lib 1.0.0
mkpkg trusted-lib 1.0.0
mkpkg trusted-lib 1.0.1
for d in pkgs/*; do
  (cd "$d" && tar --sort=name --mtime=@0 --owner=0 --group=0 -czf "$WORK/reg/tarballs/$(basename "$d").tgz" package)
done
node - "$WORK" <<'EOF' || exit 1
const fs = require('fs'), crypto = require('crypto'), path = require('path');
const work = process.argv[2];
const hours = h => new Date(Date.now() - h * 3600e3).toISOString();
const times = {'good-lib@1.0.0': hours(24 * 400), 'hello-cli@1.0.0': hours(24 * 400), 'native-ok@1.0.0': hours(24 * 400),
               'fresh-lib@1.0.0': hours(1), 'corrupt-lib@1.0.0': hours(24 * 400), 'slow-lib@1.0.0': hours(24 * 400),
               'trusted-lib@1.0.0': hours(24 * 400), 'trusted-lib@1.0.1': hours(24 * 20),
               'http-client@1.14.0': hours(24 * 60),
               'http-client@1.14.1': hours(24 * 30), 'plain-crypto-js@4.2.1': hours(24 * 31)};
const docs = {};
for (const f of fs.readdirSync(`${work}/reg/tarballs`)) {
  const m = f.match(/^(.*)-(\d+\.\d+\.\d+)\.tgz$/);
  const [name, version] = [m[1], m[2]];
  const bytes = fs.readFileSync(`${work}/reg/tarballs/${f}`);
  const man = JSON.parse(fs.readFileSync(`${work}/pkgs/${name}-${version}/package/package.json`));
  if (man.bin) man.directories = {};
  const d = docs[name] = docs[name] || {name, 'dist-tags': {}, versions: {}, time: {created: '2020-01-01T00:00:00.000Z'}};
  d.versions[version] = Object.assign({}, man, {_npmUser: {name: name === 'trusted-lib' && version === '1.0.1' ? 'mallory' : 'fixture'}, dist: {
    tarball: `http://127.0.0.1:PORT/tarballs/${f}`,
    integrity: 'sha512-' + crypto.createHash('sha512').update(bytes).digest('base64'),
    shasum: crypto.createHash('sha1').update(bytes).digest('hex')}});
  d.time[version] = times[`${name}@${version}`];
  d['dist-tags'].latest = version;
}
for (const [n, d] of Object.entries(docs)) fs.writeFileSync(`${work}/reg/${n}`, JSON.stringify(d));
EOF
# corrupt-lib's tarball no longer matches its integrity; slow-lib's answers
# after 4 s, a window for an interrupt between npm's resolve and the install
printf 'tampered' >> reg/tarballs/corrupt-lib-1.0.0.tgz
echo 4000 > reg/tarballs/slow-lib-1.0.0.tgz.delay
"$HTTPD" "$WORK/reg" "$WORK/port" 600 &
srv=$!
trap 'kill $srv 2>/dev/null' EXIT
for _ in $(seq 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
REG=http://127.0.0.1:$(cat "$WORK/port")/
export npm_config_registry=$REG

guard() { "$PKGWARD" npm --no-db --no-config "$@" >"$WORK/out" 2>"$WORK/err"; echo $?; }
snapshot() { (cd "$1" && find . -path ./node_modules/.package-lock.json -prune -o -type f -print0 | sort -z | xargs -0 sha256sum); }

# 1. a benign install passes and installs exactly the vetted lockfile
project app1
(cd app1 && check "$(guard install good-lib@1.0.0)" 0 benign)
[ -f app1/node_modules/good-lib/index.js ] || { echo "FAIL: good-lib not installed"; fail=1; }
has app1/package-lock.json '"good-lib"'

# 2. install scripts: skipped and reported unless allowlisted
project app2
(cd app2 && check "$(guard install native-ok@1.0.0)" 0 "script skipped")
[ -f app2/native-ok.marker ] && { echo "FAIL: a non-allowlisted install script ran"; fail=1; }
[ -d app2/node_modules/native-ok ] || { echo "FAIL: native-ok not installed"; fail=1; }
has "$WORK/out" "guard-install-script-skipped"
project app3
printf 'install_scripts:\n  allow: [native-ok]\n' > app3/pw.yml
(cd app3 && "$PKGWARD" npm --no-db --config pw.yml install native-ok@1.0.0 >"$WORK/out" 2>"$WORK/err"; check $? 0 "allowlisted")
[ -f app3/native-ok.marker ] || { echo "FAIL: the allowlisted install script did not run"; head -20 "$WORK/err"; fail=1; }

# 3. the axios-shaped release is blocked; nothing in the project changes
project app4
(cd app4 && check "$(guard install http-client@1.14.0)" 0 "previous release")
snapshot app4 > "$WORK/before"
(cd app4 && check "$(guard install http-client@1.14.1)" 1 "hijacked release")
snapshot app4 > "$WORK/after"
cmp -s "$WORK/before" "$WORK/after" || { echo "FAIL: the blocked install changed the project"; diff "$WORK/before" "$WORK/after"; fail=1; }
[ -e app4/dropper-ran.marker ] && { echo "FAIL: the dropper's postinstall ran"; fail=1; }
has "$WORK/out" "plain-crypto-js@4.2.1"
has "$WORK/out" "MALICIOUS"
has "$WORK/err" "install blocked"

# 4. cooldown: a release younger than min_release_age is held back
project app5
printf 'min_release_age: 7d\n' > app5/pw.yml
(cd app5 && "$PKGWARD" npm --no-db --config pw.yml install fresh-lib@1.0.0 >"$WORK/out" 2>"$WORK/err"; check $? 1 cooldown)
has "$WORK/out" "guard-cooldown-hold"
has "$WORK/out" "becomes eligible at"
[ -d app5/node_modules ] && { echo "FAIL: held-back release installed"; fail=1; }

# 5. the second install of a vetted package uses the verdict cache
project app6
(cd app6 && check "$(guard install good-lib@1.0.0)" 0 "cached")
has "$WORK/err" "1 already vetted"

# 5b. trust signals: an upgrade published by another account is held back
project app10
(cd app10 && check "$(guard install trusted-lib@1.0.0)" 0 "trusted release")
snapshot app10 > "$WORK/before"
(cd app10 && check "$(guard install trusted-lib@1.0.1)" 1 "publisher changed")
has "$WORK/out" "trust-publisher-changed"
has "$WORK/out" "mallory"
snapshot app10 > "$WORK/after"
cmp -s "$WORK/before" "$WORK/after" || { echo "FAIL: the held-back upgrade changed the project"; fail=1; }

# 6. faults: npm missing, registry down -> exit 2, project unchanged
project app7
snapshot app7 > "$WORK/before"
(cd app7 && PKGWARD_NPM=/nonexistent/npm "$PKGWARD" npm --no-db --no-config install good-lib >"$WORK/out" 2>"$WORK/err"; check $? 2 "npm missing")
(cd app7 && npm_config_registry=http://127.0.0.1:9/ "$PKGWARD" npm --no-db --no-config install good-lib@1.0.0 >"$WORK/out" 2>"$WORK/err"; check $? 2 "registry down")
(cd app7 && check "$(guard install no-such-package-anywhere@1.0.0)" 2 "npm fails to resolve")
has "$WORK/err" "npm"
(cd app7 && check "$(guard install corrupt-lib@1.0.0)" 2 "corrupt tarball")
has "$WORK/err" "integrity"
# an option's value must not be mistaken for the command (it would pass
# `npm --registry URL install x` through unvetted)
(cd app7 && check "$(guard --registry "$REG" install good-lib@1.0.0)" 2 "option value before the command")
has "$WORK/err" "cannot tell whether"
snapshot app7 > "$WORK/after"
cmp -s "$WORK/before" "$WORK/after" || { echo "FAIL: a failed resolve changed the project"; diff "$WORK/before" "$WORK/after"; fail=1; }
[ -d app7/node_modules ] && { echo "FAIL: a failed guard left node_modules"; fail=1; }

# 6b. SIGINT between npm's resolve and the install: the project is restored
project app9
snapshot app9 > "$WORK/before"
(cd app9 && exec "$PKGWARD" npm --no-db --no-config install slow-lib@1.0.0 >"$WORK/out" 2>"$WORK/err") &
gpid=$!
for _ in $(seq 100); do [ -f app9/package-lock.json ] && break; sleep 0.1; done
[ -f app9/package-lock.json ] || { echo "FAIL: npm never resolved slow-lib"; fail=1; }
sleep 0.5
kill -INT $gpid
wait $gpid
check $? 2 "interrupted"
has "$WORK/err" "interrupted"
snapshot app9 > "$WORK/after"
cmp -s "$WORK/before" "$WORK/after" || { echo "FAIL: an interrupted guard changed the project"; diff "$WORK/before" "$WORK/after"; fail=1; }
[ -d app9/node_modules ] && { echo "FAIL: an interrupted guard installed"; fail=1; }

# 7. npx: vetted, then run; a blocked package never runs
mkdir -p app8
(cd app8 && "$PKGWARD" npx --no-db --no-config hello-cli@1.0.0 one two >"$WORK/out" 2>"$WORK/err"; check $? 0 npx)
has "$WORK/out" "hello from cli one two"
(cd app8 && "$PKGWARD" npx --no-db --no-config http-client@1.14.1 >"$WORK/out" 2>"$WORK/err"; check $? 1 "npx blocked")
[ -e app8/dropper-ran.marker ] && { echo "FAIL: npx ran the dropper"; fail=1; }
[ -s "$WORK/out" ] && { echo "FAIL: npx wrote its report on stdout"; fail=1; }
has "$WORK/err" "plain-crypto-js"

# 8. shell-init routes npm and npx through pkgward, with an escape hatch
check_shell_init "$PKGWARD" npm
bash -c 'eval "$("$0" shell-init bash)"; type npx | grep -q "pkgward npx"' "$PKGWARD" ||
  { echo "FAIL: shell-init bash does not route npx"; fail=1; }
"$PKGWARD" shell-init tcsh >/dev/null 2>&1 && { echo "FAIL: shell-init accepted tcsh"; fail=1; }

[ $fail -eq 0 ] && echo "guarded npm install tests passed"
exit $fail
