#!/usr/bin/env bash
# Runs one CLI golden case: tests/cli/cases/<name>/
#   cmd              shell snippet; $PKGWARD is the binary, $EXAMPLES the built
#                    example archives, $CASE the case directory; runs in a fresh
#                    work directory (its cwd) holding a copy of the case's input/
#   expected-status  exit status (default 0)
#   expected-stdout  exact stdout (optional)
#   expected-stderr  exact stderr (optional); stderr-contains: lines that must appear
# PW_UPDATE_GOLDEN=1 rewrites expected-stdout/-stderr from the actual output.
set -uo pipefail
PKGWARD=$1
CASE=$2
WORK=$3
SRC=${PW_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
EXAMPLES=$(dirname "$WORK")/../examples
export PKGWARD CASE EXAMPLES SRC NO_COLOR=1

rm -rf "$WORK" && mkdir -p "$WORK" "$EXAMPLES"
EXAMPLES=$(cd "$EXAMPLES" && pwd)
# built once, reproducibly; concurrent cases may race, so build to a temp dir
if [ ! -f "$EXAMPLES/plain-crypto-js-4.2.1.tgz" ]; then
  tmp=$(mktemp -d "$EXAMPLES/.build.XXXXXX")
  "$SRC/scripts/build-examples.sh" "$tmp" >/dev/null && mv -f "$tmp"/*.tgz "$EXAMPLES"/
  rm -rf "$tmp"
fi
[ -d "$CASE/input" ] && cp -a "$CASE/input/." "$WORK/"
cd "$WORK" || exit 1

HOME="$WORK/.home" XDG_CONFIG_HOME="$WORK/.home/.config" \
  bash "$CASE/cmd" >"$WORK/.stdout" 2>"$WORK/.stderr"
status=$?
want=$(cat "$CASE/expected-status" 2>/dev/null || echo 0)
fail=0
if [ "${PW_UPDATE_GOLDEN:-}" = 1 ]; then
  [ -f "$CASE/expected-stdout" ] && cp "$WORK/.stdout" "$CASE/expected-stdout"
  [ -f "$CASE/expected-stderr" ] && cp "$WORK/.stderr" "$CASE/expected-stderr"
fi
if [ "$status" != "$want" ]; then
  echo "exit status $status, expected $want"; fail=1
fi
for s in stdout stderr; do
  if [ -f "$CASE/expected-$s" ] && ! diff -u "$CASE/expected-$s" "$WORK/.$s"; then
    echo "$s differs from expected-$s"; fail=1
  fi
done
if [ -f "$CASE/stderr-contains" ]; then
  while IFS= read -r line; do
    [ -z "$line" ] && continue
    grep -qF -- "$line" "$WORK/.stderr" || { echo "stderr lacks: $line"; fail=1; }
  done < "$CASE/stderr-contains"
fi
if [ -f "$CASE/stdout-contains" ]; then
  while IFS= read -r line; do
    [ -z "$line" ] && continue
    grep -qF -- "$line" "$WORK/.stdout" || { echo "stdout lacks: $line"; fail=1; }
  done < "$CASE/stdout-contains"
fi
if [ $fail -ne 0 ]; then
  echo "--- stdout"; head -50 "$WORK/.stdout"; echo "--- stderr"; head -20 "$WORK/.stderr"
fi
exit $fail
