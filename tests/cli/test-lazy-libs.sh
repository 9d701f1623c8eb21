#!/usr/bin/env bash
# test-lazy-libs.sh BINARY WORKDIR - libraries only some inputs need are
# loaded only for them: a directory scan loads neither libarchive (with
# ICU and libstdc++ behind it) nor SQLite, OpenSSL, libcurl or libyara; a
# .tgz scan loads libarchive and still none of the others. vectorscan's
# compiler (libhs.so, C++) is loaded by the first scan, which compiles the
# rule databases, and not by the next, which reads them from the cache:
# that one runs on libhs_runtime alone, without libstdc++. Seen through
# the dynamic loader's own log (LD_DEBUG=files).
set -uo pipefail
bin=${1:?usage: test-lazy-libs.sh BINARY WORKDIR}
work=${2:?}
rm -rf "$work" && mkdir -p "$work/pkg" "$work/cache"
export PKGWARD_CACHE_DIR="$work/cache"
fail=0
printf '{"name":"lazy-probe","version":"1.0.0"}\n' >"$work/pkg/package.json"
printf 'module.exports = 1;\n' >"$work/pkg/index.js"
tar -C "$work" -czf "$work/pkg.tgz" pkg

# loaded LIBPREFIX LOG: did the loader open a library of that name?
loaded() { grep -q "file=$1[^ ]*  *\[" "$2"; }

LD_DEBUG=files "$bin" scan --no-config "$work/pkg" >"$work/dir.out" 2>"$work/dir.log"
rc=$?
[ "$rc" -eq 0 ] || { echo "FAIL: directory scan exit $rc"; cat "$work/dir.out"; fail=1; }
grep -q "file=libhs" "$work/dir.log" || { echo "FAIL: no loader log (LD_DEBUG unsupported?)"; fail=1; }
for lib in libarchive libsqlite3 libcrypto libcurl libyara libicu libxml2; do
  if loaded "$lib" "$work/dir.log"; then
    echo "FAIL: a directory scan loaded $lib"; fail=1
  fi
done

loaded libhs.so "$work/dir.log" || { echo "FAIL: the first scan did not load the vectorscan compiler"; fail=1; }

LD_DEBUG=files "$bin" scan --no-config "$work/pkg" >"$work/warm.out" 2>"$work/warm.log"
rc=$?
[ "$rc" -eq 0 ] || { echo "FAIL: warm directory scan exit $rc"; cat "$work/warm.out"; fail=1; }
loaded libhs_runtime "$work/warm.log" || { echo "FAIL: a warm scan did not load libhs_runtime"; fail=1; }
# sanitizer runtimes bring libstdc++ themselves
not_warm="libhs.so libarchive libsqlite3 libcrypto libcurl libyara"
ldd "$bin" 2>/dev/null | grep -q 'libstdc++' || not_warm="$not_warm libstdc++"
for lib in $not_warm; do
  if loaded "$lib" "$work/warm.log"; then
    echo "FAIL: a warm directory scan loaded $lib"; fail=1
  fi
done
cmp -s "$work/dir.out" "$work/warm.out" || { echo "FAIL: cold and warm scans differ"; diff "$work/dir.out" "$work/warm.out"; fail=1; }

LD_DEBUG=files "$bin" scan --no-config "$work/pkg.tgz" >"$work/tgz.out" 2>"$work/tgz.log"
rc=$?
[ "$rc" -eq 0 ] || { echo "FAIL: .tgz scan exit $rc"; cat "$work/tgz.out"; fail=1; }
loaded libarchive "$work/tgz.log" || { echo "FAIL: a .tgz scan did not load libarchive"; fail=1; }
grep -q "lazy-probe" "$work/tgz.out" || { echo "FAIL: the .tgz was not scanned"; cat "$work/tgz.out"; fail=1; }
for lib in libsqlite3 libcrypto libcurl libyara; do
  if loaded "$lib" "$work/tgz.log"; then
    echo "FAIL: a .tgz scan loaded $lib"; fail=1
  fi
done

[ $fail -eq 0 ] && echo "lazy library tests passed"
exit $fail
