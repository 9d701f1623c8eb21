#!/usr/bin/env bash
# test-guard-pip.sh - `pkgward pip install ...` against a local PEP 503
# simple index (pw-test-httpd on 127.0.0.1) with the real pip, in a venv.
#
# Every distribution here is written by this script and harmless. The
# benign wheel is the only thing installed, and only after pkgward allowed
# it. evil-pkg is an sdist whose setup.py has the shape of a PyPI dropper
# (exec of a base64 blob, a C2 URL under .invalid); its decoded payload only
# writes a marker file. The guard must block it before pip builds anything,
# so the marker never appears.
#
#   test-guard-pip.sh PKGWARD WORKDIR   (PW_SRCDIR, PW_BINDIR set by ctest)
set -uo pipefail
PKGWARD=$1
WORK=$2
HTTPD=${PW_BINDIR:?}/tests/pw-test-httpd
command -v python3 >/dev/null || { echo "python3 not found: skipping"; exit 77; }

rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK" || exit 1
python3 -m venv venv >/dev/null 2>&1 && [ -x venv/bin/pip ] ||
  { echo "python3 -m venv with pip unavailable: skipping"; exit 77; }
# pip's own configuration must not reach outside this test
unset PIP_FIND_LINKS PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_CONFIG_FILE
export HOME=$WORK/home NO_COLOR=1 XDG_CACHE_HOME=$WORK/xdg-cache \
       PIP_CONFIG_FILE=/dev/null PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
       PIP_RETRIES=0 PIP_TIMEOUT=5 PW_MARK_DIR=$WORK/marks PKGWARD_PIP=$WORK/venv/bin/pip
mkdir -p "$HOME" marks idx/packages

# --- fixtures and the index ---------------------------------------------------
python3 - "$WORK/idx" <<'PY' || exit 1
import base64, hashlib, io, os, sys, tarfile, zipfile
idx = sys.argv[1]

def wheel(name, version, module_src):
    dist = f"{name.replace('-', '_')}-{version}"
    fn = f"{dist}-py3-none-any.whl"
    files = {
        f"{name.replace('-', '_')}.py": module_src,
        f"{dist}.dist-info/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: pkgward test fixture\n",
        f"{dist}.dist-info/WHEEL": "Wheel-Version: 1.0\nGenerator: pkgward-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = ""
    for p, c in files.items():
        d = base64.urlsafe_b64encode(hashlib.sha256(c.encode()).digest()).rstrip(b"=").decode()
        record += f"{p},sha256={d},{len(c.encode())}\n"
    record += f"{dist}.dist-info/RECORD,,\n"
    files[f"{dist}.dist-info/RECORD"] = record
    with zipfile.ZipFile(os.path.join(idx, "packages", fn), "w") as z:
        for p, c in files.items():
            z.writestr(zipfile.ZipInfo(p, (2020, 1, 1, 0, 0, 0)), c)
    return fn

def sdist(name, version, setup_src):
    base = f"{name.replace('-', '_')}-{version}"
    fn = f"{base}.tar.gz"
    files = {f"{base}/setup.py": setup_src,
             f"{base}/PKG-INFO": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"}
    with tarfile.open(os.path.join(idx, "packages", fn), "w:gz") as t:
        for p, c in files.items():
            b = c.encode()
            ti = tarfile.TarInfo(p); ti.size = len(b); ti.mtime = 0
            t.addfile(ti, io.BytesIO(b))
    return fn

# the defanged payload: only a marker proving that setup.py ran
payload = ('import os\nopen(os.path.join(os.environ.get("PW_MARK_DIR", "."), '
           '"evil-ran.marker"), "w").write("setup.py ran")\n')
evil_setup = f'''# defanged pkgward test fixture shaped like a PyPI dropper
import base64, os
from setuptools import setup
C2 = "http://update.c2-example.invalid/stage2"   # never contacted
exec(base64.b64decode({base64.b64encode(payload.encode())!r}))
setup(name="evil-pkg", version="1.0", py_modules=[])
'''
dists = {
    "good-lib": [wheel("good-lib", "1.0.0", 'GREETING = "hello from good_lib"\n')],
    "evil-pkg": [sdist("evil-pkg", "1.0", evil_setup)],
}
for name, fns in dists.items():
    os.makedirs(os.path.join(idx, "simple", name), exist_ok=True)
    links = ""
    for fn in fns:
        h = hashlib.sha256(open(os.path.join(idx, "packages", fn), "rb").read()).hexdigest()
        links += f'<a href="../../packages/{fn}#sha256={h}">{fn}</a><br/>\n'
    open(os.path.join(idx, "simple", name, "index.html"), "w").write(
        f"<!DOCTYPE html>\n<html><body>\n<h1>Links for {name}</h1>\n{links}</body></html>\n")
open(os.path.join(idx, "simple", "index.html"), "w").write(
    "".join(f'<a href="{n}/">{n}</a>\n' for n in dists))
PY
"$HTTPD" "$WORK/idx" "$WORK/port" 600 &
srv=$!
trap 'kill $srv 2>/dev/null' EXIT
for _ in $(seq 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
INDEX=http://127.0.0.1:$(cat "$WORK/port")/simple/

fail=0
guard() { "$PKGWARD" pip --no-db --no-config "$@" >"$WORK/out" 2>"$WORK/err"; echo $?; }
has() { grep -qF -- "$2" "$1" || { echo "FAIL: $1 lacks: $2"; head -40 "$WORK/out" "$WORK/err"; fail=1; }; }
check() { [ "$1" = "$2" ] || { echo "FAIL ($3): exit $1, expected $2"; head -60 "$WORK/out" "$WORK/err"; fail=1; }; }
installed() { "$WORK/venv/bin/python" -c "import importlib.metadata as m; m.version('$1')" 2>/dev/null; }

# 1. the dropper-shaped sdist is blocked before pip builds it
check "$(guard install --index-url "$INDEX" evil-pkg)" 1 "malicious sdist"
[ -e marks/evil-ran.marker ] && { echo "FAIL: evil-pkg's setup.py ran"; fail=1; }
installed evil-pkg && { echo "FAIL: evil-pkg was installed"; fail=1; }
has "$WORK/out" "py-exec-encoded"
has "$WORK/out" "MALICIOUS"
has "$WORK/err" "install blocked"
has "$WORK/err" "vetting its sdist evil_pkg-1.0.tar.gz"

# 2. the benign wheel is vetted, then installed from the vetted copy
check "$(guard install -i "$INDEX" good-lib==1.0.0)" 0 "benign wheel"
out=$("$WORK/venv/bin/python" -c 'import good_lib; print(good_lib.GREETING)' 2>&1)
[ "$out" = "hello from good_lib" ] || { echo "FAIL: good_lib not importable: $out"; head -40 "$WORK/err"; fail=1; }
has "$WORK/err" "--no-deps --no-index"
has "$WORK/err" "1 scanned"

# 3. a clean verdict is remembered by sha256
"$WORK/venv/bin/pip" uninstall -y -q good-lib >/dev/null 2>&1
check "$(guard install -i "$INDEX" good-lib)" 0 "cached"
has "$WORK/err" "1 already vetted"

# 4. cooldown on a plain simple index: publish time unknown is reported
printf 'min_release_age: 7d\n' > pw.yml
"$PKGWARD" pip --no-db --config pw.yml install -i "$INDEX" --force-reinstall good-lib >"$WORK/out" 2>"$WORK/err"
check $? 0 "release age unknown is info"
has "$WORK/out" "release-age-unknown"

# 5. a local directory is scanned before pip may build it
mkdir -p evil-dir && cp idx/packages/evil_pkg-1.0.tar.gz . && tar -xzf evil_pkg-1.0.tar.gz -C evil-dir
check "$(guard install -i "$INDEX" ./evil-dir/evil_pkg-1.0)" 1 "local directory"
[ -e marks/evil-ran.marker ] && { echo "FAIL: the local setup.py ran"; fail=1; }

# 6. faults: pip missing, index down -> exit 2, nothing installed
"$WORK/venv/bin/pip" uninstall -y -q good-lib >/dev/null 2>&1
PKGWARD_PIP=/nonexistent/pip "$PKGWARD" pip --no-db --no-config install -i "$INDEX" good-lib >"$WORK/out" 2>"$WORK/err"
check $? 2 "pip missing"
has "$WORK/err" "cannot run pip"
"$PKGWARD" pip --no-db --no-config install -i http://127.0.0.1:9/simple/ good-lib >"$WORK/out" 2>"$WORK/err"
check $? 2 "index down"
installed good-lib && { echo "FAIL: installed with the index down"; fail=1; }

# 7. other pip commands pass straight through
"$PKGWARD" pip --version >"$WORK/out" 2>&1; check $? 0 "pip --version"
has "$WORK/out" "pip "

# 8. shell-init routes pip and pip3 through pkgward, with the escape hatch
mkdir -p stub && printf '#!/bin/sh\necho "$(basename "$0") $*"\n' > stub/pip &&
  cp stub/pip stub/pkgward && chmod +x stub/pip stub/pkgward
out=$(PATH="$WORK/stub:$PATH" bash -c 'eval "$("$0" shell-init bash)"; pip list' "$PKGWARD")
[ "$out" = "pkgward pip list" ] || { echo "FAIL: shell-init bash pip, got '$out'"; fail=1; }
out=$(PATH="$WORK/stub:$PATH" PKGWARD_BYPASS=1 bash -c 'eval "$("$0" shell-init bash)"; pip list' "$PKGWARD")
[ "$out" = "pip list" ] || { echo "FAIL: PKGWARD_BYPASS=1 should run the real pip, got '$out'"; fail=1; }
bash -c 'eval "$("$0" shell-init bash)"; type pip3 | grep -q "pkgward pip3"' "$PKGWARD" || { echo "FAIL: shell-init pip3"; fail=1; }
"$PKGWARD" shell-init fish | grep -q 'function pip3' || { echo "FAIL: shell-init fish pip3"; fail=1; }

[ $fail -eq 0 ] && echo "guarded pip install tests passed"
exit $fail
