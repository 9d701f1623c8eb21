#!/usr/bin/env bash
# test-guard-pnpm.sh - `pkgward pnpm install|add|update` against a local npm
# registry (pw-test-httpd on 127.0.0.1) with the real pnpm.
#
# Every package here is written by this script and harmless. The only code
# pnpm is let run is native-ok's postinstall (it writes a marker file), and
# only where pkgward allows it. The axios-shaped http-client 1.14.1 pulls
# plain-crypto-js 4.2.1, whose postinstall is the defanged dropper of
# examples/ with one line added that would write a marker: the guard must
# block before pnpm runs anything, so the marker never appears.
#
# The registry uses npm's own layout (/NAME, /NAME/-/NAME-1.0.0.tgz), so
# pnpm-lock.yaml names no tarballs and pkgward finds them through the
# packuments.
#
#   test-guard-pnpm.sh PKGWARD WORKDIR   (PW_SRCDIR, PW_BINDIR set by ctest)
set -uo pipefail
PKGWARD=$1
WORK=$2
SRC=${PW_SRCDIR:?}
HTTPD=${PW_BINDIR:?}/tests/pw-test-httpd
command -v node >/dev/null && command -v pnpm >/dev/null || { echo "pnpm not found: skipping"; exit 77; }

rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK" || exit 1
# pnpm's store, caches and config all under WORK; nothing reaches the
# internet (no update check, the registry is on 127.0.0.1)
unset CI CONTINUOUS_INTEGRATION GITHUB_ACTIONS BUILD_NUMBER RUN_ID
export HOME=$WORK/home NO_COLOR=1 XDG_CACHE_HOME=$WORK/xdg-cache \
       XDG_CONFIG_HOME=$WORK/xdg-config XDG_DATA_HOME=$WORK/xdg-data \
       XDG_STATE_HOME=$WORK/xdg-state PNPM_HOME=$WORK/pnpm-home \
       npm_config_store_dir=$WORK/pnpm-store npm_config_cache=$WORK/npm-cache \
       npm_config_update_notifier=false npm_config_frozen_lockfile=false \
       npm_config_prefer_offline=false npm_config_loglevel=error
mkdir -p "$HOME" reg pkgs

# --- packages (tarballs in npm's layout) and packuments ----------------------
. "$SRC/tests/cli/guard-fixtures.sh"
mkpkg good-lib 1.0.0
mk_guard_fixtures "$SRC"
mk_guard_registry "$WORK" || exit 1
"$HTTPD" "$WORK/reg" "$WORK/port" 600 &
srv=$!
trap 'kill $srv 2>/dev/null' EXIT
for _ in $(seq 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
REG=http://127.0.0.1:$(cat "$WORK/port")/
export npm_config_registry=$REG

guard() { "$PKGWARD" pnpm --no-db --no-config "$@" >"$WORK/out" 2>"$WORK/err"; echo $?; }

# 1. a benign install passes and installs exactly the vetted lockfile
project app1
(cd app1 && check "$(guard add good-lib@1.0.0)" 0 benign)
[ -f app1/node_modules/good-lib/index.js ] || { echo "FAIL: good-lib not installed"; head -30 "$WORK/err"; fail=1; }
has app1/pnpm-lock.yaml 'good-lib@1.0.0'
has "$WORK/err" "1 new or changed packages: 1 scanned"
has "$WORK/err" "--frozen-lockfile"
# what is installed is what the lockfile says (and pnpm agrees nothing is left)
has app1/node_modules/.pnpm/lock.yaml 'good-lib@1.0.0'
(cd app1 && pnpm install --frozen-lockfile --offline --ignore-scripts >/dev/null 2>&1) ||
  { echo "FAIL: node_modules does not match the vetted lockfile"; fail=1; }

# 2. install scripts: skipped and reported unless allowlisted
project app2
(cd app2 && check "$(guard add native-ok@1.0.0)" 0 "script skipped")
[ -f app2/native-ok.marker ] && { echo "FAIL: a non-allowlisted install script ran"; fail=1; }
[ -d app2/node_modules/native-ok ] || { echo "FAIL: native-ok not installed"; fail=1; }
has "$WORK/out" "guard-install-script-skipped"
has "$WORK/out" "pnpm rebuild native-ok"
project app3
printf 'install_scripts:\n  allow: [native-ok]\n' > app3/pw.yml
(cd app3 && "$PKGWARD" pnpm --no-db --config pw.yml add native-ok@1.0.0 >"$WORK/out" 2>"$WORK/err"; check $? 0 "allowlisted")
[ -f app3/native-ok.marker ] || { echo "FAIL: the allowlisted install script did not run"; head -20 "$WORK/err"; fail=1; }
grep -qF "guard-install-script-skipped" "$WORK/out" && { echo "FAIL: an allowlisted script reported as skipped"; fail=1; }

# 3. the axios-shaped release is blocked; nothing in the project changes
project app4
(cd app4 && check "$(guard add http-client@1.14.0)" 0 "previous release")
snapshot app4 > "$WORK/before"
(cd app4 && check "$(guard add http-client@1.14.1)" 1 "hijacked release")
snapshot app4 > "$WORK/after"
cmp -s "$WORK/before" "$WORK/after" || { echo "FAIL: the blocked install changed the project"; diff "$WORK/before" "$WORK/after"; fail=1; }
[ -e app4/dropper-ran.marker ] && { echo "FAIL: the dropper's postinstall ran"; fail=1; }
[ -d app4/node_modules/plain-crypto-js ] || [ -d app4/node_modules/.pnpm/plain-crypto-js@4.2.1 ] &&
  { echo "FAIL: the dropper was installed"; fail=1; }
has "$WORK/out" "plain-crypto-js@4.2.1"
has "$WORK/out" "MALICIOUS"
has "$WORK/err" "install blocked"
# `update` is guarded the same way
sed -i 's/"1.14.0"/"^1.14.0"/' app4/package.json
snapshot app4 > "$WORK/before"
(cd app4 && check "$(guard update http-client)" 1 "update to the hijacked release")
snapshot app4 > "$WORK/after"
cmp -s "$WORK/before" "$WORK/after" || { echo "FAIL: the blocked update changed the project"; diff "$WORK/before" "$WORK/after"; fail=1; }
[ -e app4/dropper-ran.marker ] && { echo "FAIL: the dropper's postinstall ran on update"; fail=1; }

# 4. the second install of a vetted package uses the verdict cache
project app6
(cd app6 && check "$(guard add good-lib@1.0.0)" 0 "cached")
has "$WORK/err" "1 already vetted"

# 5. faults: pnpm missing, registry down -> exit 2, project unchanged
project app7
snapshot app7 > "$WORK/before"
(cd app7 && PKGWARD_PNPM=/nonexistent/pnpm "$PKGWARD" pnpm --no-db --no-config add good-lib >"$WORK/out" 2>"$WORK/err"; check $? 2 "pnpm missing")
has "$WORK/err" "pnpm"
(cd app7 && npm_config_registry=http://127.0.0.1:9/ npm_config_fetch_retries=0 \
  "$PKGWARD" pnpm --no-db --no-config add good-lib@1.0.0 >"$WORK/out" 2>"$WORK/err"; check $? 2 "registry down")
has "$WORK/err" "could not resolve"
(cd app7 && check "$(guard add no-such-package-anywhere@1.0.0)" 2 "pnpm fails to resolve")
(cd app7 && check "$(guard add -g good-lib@1.0.0)" 2 "global install refused")
has "$WORK/err" "not guarded"
snapshot app7 > "$WORK/after"
cmp -s "$WORK/before" "$WORK/after" || { echo "FAIL: a failed guard changed the project"; diff "$WORK/before" "$WORK/after"; fail=1; }
[ -d app7/node_modules ] && { echo "FAIL: a failed guard left node_modules"; fail=1; }

# 6. shell-init routes pnpm through pkgward, with the escape hatch
check_shell_init "$PKGWARD" pnpm

[ $fail -eq 0 ] && echo "guarded pnpm install tests passed"
exit $fail
