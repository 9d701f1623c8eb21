#!/usr/bin/env bash
# test-guard-yarn.sh - `pkgward yarn install|add|up` against a local npm
# registry (pw-test-httpd on 127.0.0.1) with the real Yarn (3+).
#
# Every package here is written by this script and harmless. The only code
# yarn is let run is native-ok's postinstall (it writes a marker file), and
# only where pkgward allows it. The axios-shaped http-client 1.14.1 pulls
# plain-crypto-js 4.2.1, whose postinstall is the defanged dropper of
# examples/ with one line added that would write a marker: the guard must
# block before yarn links or builds anything, so the marker never appears.
#
# Yarn is $PW_TEST_YARN (a yarn.js or an executable), else a Yarn 3+ on
# PATH, else the copy scripts/deps.sh pins under /usr/local/lib/pkgward-tools.
#
#   test-guard-yarn.sh PKGWARD WORKDIR   (PW_SRCDIR, PW_BINDIR set by ctest)
set -uo pipefail
PKGWARD=$1
WORK=$2
SRC=${PW_SRCDIR:?}
HTTPD=${PW_BINDIR:?}/tests/pw-test-httpd
command -v node >/dev/null || { echo "node not found: skipping"; exit 77; }

yarn_js=${PW_TEST_YARN:-}
if [ -z "$yarn_js" ] && command -v yarn >/dev/null &&
   [ "$(yarn --version 2>/dev/null | cut -d. -f1)" -ge 3 ] 2>/dev/null; then
  yarn_js=$(command -v yarn)
fi
[ -n "$yarn_js" ] || yarn_js=/usr/local/lib/pkgward-tools/yarn-berry/node_modules/@yarnpkg/cli-dist/bin/yarn.js
[ -f "$yarn_js" ] || { echo "Yarn 3+ not found (scripts/deps.sh installs it): skipping"; exit 77; }

rm -rf "$WORK" && mkdir -p "$WORK/bin" && cd "$WORK" || exit 1
case "$yarn_js" in
  *.js|*.cjs) printf '#!/bin/sh\nexec node "%s" "$@"\n' "$yarn_js" > bin/yarn ;;
  *) printf '#!/bin/sh\nexec "%s" "$@"\n' "$yarn_js" > bin/yarn ;;
esac
chmod +x bin/yarn
# Yarn's cache, global folder and config all under WORK; nothing reaches
# the internet (no telemetry, the registry is on 127.0.0.1). Scripts are
# enabled in Yarn's own config so that only pkgward's allowlist decides.
unset CI CONTINUOUS_INTEGRATION GITHUB_ACTIONS BUILD_NUMBER RUN_ID
export PATH=$WORK/bin:$PATH HOME=$WORK/home NO_COLOR=1 \
       XDG_CACHE_HOME=$WORK/xdg-cache XDG_CONFIG_HOME=$WORK/xdg-config \
       YARN_GLOBAL_FOLDER=$WORK/yarn-global YARN_ENABLE_TELEMETRY=0 \
       YARN_ENABLE_GLOBAL_CACHE=true YARN_NODE_LINKER=node-modules \
       YARN_ENABLE_IMMUTABLE_INSTALLS=false YARN_ENABLE_PROGRESS_BARS=0 \
       YARN_ENABLE_SCRIPTS=true YARN_UNSAFE_HTTP_WHITELIST=127.0.0.1 \
       YARN_ENABLE_HYPERLINKS=0 YARN_ENABLE_INLINE_BUILDS=0
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
REG=http://127.0.0.1:$(cat "$WORK/port")
export YARN_NPM_REGISTRY_SERVER=$REG

guard() { "$PKGWARD" yarn --no-db --no-config "$@" >"$WORK/out" 2>"$WORK/err"; echo $?; }

# 1. a benign install passes and installs exactly the vetted lockfile
project app1
(cd app1 && check "$(guard add good-lib@1.0.0)" 0 benign)
[ -f app1/node_modules/good-lib/index.js ] || { echo "FAIL: good-lib not installed"; head -30 "$WORK/err"; fail=1; }
has app1/yarn.lock 'good-lib@npm:1.0.0'
has "$WORK/err" "1 new or changed packages: 1 scanned"
has "$WORK/err" "--mode=update-lockfile"
has "$WORK/err" "install --immutable --mode=skip-build"
# `pkgward yarn` alone is a guarded `yarn install`
(cd app1 && check "$(guard)" 0 "bare yarn")
has "$WORK/err" "yarn install --mode=update-lockfile"
has "$WORK/err" "0 new or changed packages"

# 2. install scripts: skipped and reported unless allowlisted
project app2
(cd app2 && check "$(guard add native-ok@1.0.0)" 0 "script skipped")
[ -f app2/native-ok.marker ] && { echo "FAIL: a non-allowlisted install script ran"; fail=1; }
[ -d app2/node_modules/native-ok ] || { echo "FAIL: native-ok not installed"; fail=1; }
has "$WORK/out" "guard-install-script-skipped"
has "$WORK/out" "yarn rebuild native-ok"
project app3
printf 'install_scripts:\n  allow: [native-ok]\n' > app3/pw.yml
(cd app3 && "$PKGWARD" yarn --no-db --config pw.yml add native-ok@1.0.0 >"$WORK/out" 2>"$WORK/err"; check $? 0 "allowlisted")
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
[ -d app4/node_modules/plain-crypto-js ] && { echo "FAIL: the dropper was installed"; fail=1; }
has "$WORK/out" "plain-crypto-js@4.2.1"
has "$WORK/out" "MALICIOUS"
has "$WORK/out" "diff-phantom-dependency"
has "$WORK/err" "install blocked"
# `up` is guarded the same way
sed -i 's/"1.14.0"/"^1.14.0"/' app4/package.json
snapshot app4 > "$WORK/before"
(cd app4 && check "$(guard up http-client)" 1 "up to the hijacked release")
snapshot app4 > "$WORK/after"
cmp -s "$WORK/before" "$WORK/after" || { echo "FAIL: the blocked up changed the project"; diff "$WORK/before" "$WORK/after"; fail=1; }
[ -e app4/dropper-ran.marker ] && { echo "FAIL: the dropper's postinstall ran on up"; fail=1; }
# a project with no .yarn before: the blocked resolve leaves none behind
project app5
(cd app5 && check "$(guard add http-client@1.14.1)" 1 "blocked in a fresh project")
[ -e app5/.yarn ] && { echo "FAIL: the blocked install left .yarn"; ls -la app5/.yarn; fail=1; }
[ -e app5/yarn.lock ] && { echo "FAIL: the blocked install left yarn.lock"; fail=1; }
# --immutable: nothing is resolved, the whole lockfile is vetted
project app8
cp app4/yarn.lock app8/ 2>/dev/null
printf '{"name":"app8","version":"1.0.0","dependencies":{"http-client":"1.14.1"}}\n' > app8/package.json
(cd app8 && PKGWARD_BYPASS=1 yarn add http-client@1.14.1 --mode=update-lockfile >/dev/null 2>&1)
(cd app8 && check "$(guard install --immutable)" 1 "immutable install of a bad lockfile")
[ -d app8/node_modules ] && { echo "FAIL: the blocked immutable install created node_modules"; fail=1; }
grep -qF -- "--mode=update-lockfile" "$WORK/err" && { echo "FAIL: --immutable resolved"; fail=1; }

# 4. the second install of a vetted package uses the verdict cache
project app6
(cd app6 && check "$(guard add good-lib@1.0.0)" 0 "cached")
has "$WORK/err" "1 already vetted"

# 5. faults: yarn missing, Yarn 1, registry down -> exit 2, project unchanged
project app7
snapshot app7 > "$WORK/before"
(cd app7 && PKGWARD_YARN=/nonexistent/yarn "$PKGWARD" yarn --no-db --no-config add good-lib >"$WORK/out" 2>"$WORK/err"; check $? 2 "yarn missing")
has "$WORK/err" "yarn"
mkdir -p "$WORK/yarn1" && printf '#!/bin/sh\nif [ "$1" = --version ]; then echo 1.22.22; exit 0; fi\ntouch "$PWD/yarn1-installed"; exit 0\n' > "$WORK/yarn1/yarn" && chmod +x "$WORK/yarn1/yarn"
(cd app7 && PKGWARD_YARN=$WORK/yarn1/yarn "$PKGWARD" yarn --no-db --no-config add good-lib >"$WORK/out" 2>"$WORK/err"; check $? 2 "Yarn 1 refused")
has "$WORK/err" "Yarn 1 and 2 cannot resolve without installing"
[ -e app7/yarn1-installed ] && { echo "FAIL: Yarn 1 was let install"; fail=1; }
# (a cache of its own: Yarn would resolve good-lib from what it fetched before)
(cd app7 && YARN_NPM_REGISTRY_SERVER=http://127.0.0.1:9 YARN_HTTP_RETRY=0 YARN_GLOBAL_FOLDER=$WORK/yarn-global-2 \
  "$PKGWARD" yarn --no-db --no-config add good-lib@1.0.0 >"$WORK/out" 2>"$WORK/err"; check $? 2 "registry down")
has "$WORK/err" "could not resolve"
(cd app7 && check "$(guard add no-such-package-anywhere@1.0.0)" 2 "yarn fails to resolve")
(cd app7 && check "$(guard --cwd .. add good-lib@1.0.0)" 2 "--cwd before the command refused")
has "$WORK/err" "not guarded"
(cd app7 && check "$(guard add --cwd .. good-lib@1.0.0)" 2 "--cwd refused")
has "$WORK/err" "not guarded"
snapshot app7 > "$WORK/after"
cmp -s "$WORK/before" "$WORK/after" || { echo "FAIL: a failed guard changed the project"; diff "$WORK/before" "$WORK/after"; fail=1; }
[ -d app7/node_modules ] && { echo "FAIL: a failed guard left node_modules"; fail=1; }
[ -e app7/.yarn ] && { echo "FAIL: a failed guard left .yarn"; fail=1; }

# 6. the registry pkgward reads is the one Yarn uses (.yarnrc.yml)
project app9
printf 'npmRegistryServer: "%s"\nunsafeHttpWhitelist: ["127.0.0.1"]\n' "$REG" > app9/.yarnrc.yml
(cd app9 && env -u YARN_NPM_REGISTRY_SERVER "$PKGWARD" yarn --no-db --no-config add good-lib@1.0.0 >"$WORK/out" 2>"$WORK/err"; check $? 0 "registry from .yarnrc.yml")
[ -f app9/node_modules/good-lib/index.js ] || { echo "FAIL: good-lib not installed through .yarnrc.yml's registry"; head -20 "$WORK/err"; fail=1; }

# 7. shell-init routes yarn through pkgward, with the escape hatch
check_shell_init "$PKGWARD" yarn

[ $fail -eq 0 ] && echo "guarded yarn install tests passed"
exit $fail
