#!/usr/bin/env bash
# make demo: scan the bundled defanged replica of the 2026 axios hijack.
set -euo pipefail
bin=$(realpath "${1:-build/pkgward}")
repo=$(cd "$(dirname "$0")/.." && pwd)
out="$repo/build/examples"
"$repo/scripts/build-examples.sh" "$out" >/dev/null

echo "== pkgward demo: the axios hijack (2026-03-31), defanged replica =="
echo
echo "http-client 1.14.0 is the last good release; 1.14.1 only adds a dependency"
echo "on plain-crypto-js, whose postinstall drops a payload and cleans up."
echo
echo "\$ pkgward scan http-client-1.14.0.tgz http-client-1.14.1.tgz plain-crypto-js-4.2.1.tgz"
status=0
(cd "$out" && "$bin" scan --no-config --color "${PW_COLOR:-auto}" \
   http-client-1.14.0.tgz http-client-1.14.1.tgz plain-crypto-js-4.2.1.tgz) || status=$?
echo
case $status in
  1) echo "exit status 1: findings at or above --fail-on (high). An install would be blocked." ;;
  0) echo "exit status 0: nothing found. (Unexpected for this example.)" ; exit 1 ;;
  *) echo "exit status $status: error" ; exit "$status" ;;
esac
echo "Try: $bin scan --format json $out/plain-crypto-js-4.2.1.tgz"
