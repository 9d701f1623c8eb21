#!/usr/bin/env python3
"""Regenerates the archive fixtures of rules/any/archive-anomaly/*/tests.

The archives are committed; this script documents how they were made and
rebuilds them byte for byte (fixed mtimes, owners and gzip headers).
Run: scripts/make-anomaly-fixtures.py
"""
import gzip, io, os, tarfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rules", "any", "archive-anomaly")


def tar_bytes(entries):
    """entries: list of (name, kind, data_or_target)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as t:
        for name, kind, data in entries:
            ti = tarfile.TarInfo(name)
            ti.mtime = 0
            ti.uid = ti.gid = 0
            ti.uname = ti.gname = ""
            ti.mode = 0o644
            if kind == "file":
                ti.size = len(data)
                t.addfile(ti, io.BytesIO(data))
            elif kind == "symlink":
                ti.type, ti.linkname = tarfile.SYMTYPE, data
                t.addfile(ti)
            elif kind == "hardlink":
                ti.type, ti.linkname = tarfile.LNKTYPE, data
                t.addfile(ti)
            elif kind == "fifo":
                ti.type = tarfile.FIFOTYPE
                t.addfile(ti)
    return buf.getvalue()


def tgz(entries):
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, compresslevel=9) as g:
        g.write(tar_bytes(entries))
    return out.getvalue()


def pkg(extra=(), name="fixture", files=None):
    manifest = ('{"name": "%s", "version": "1.0.0", "main": "index.js"}\n' % name).encode()
    base = [("package/package.json", "file", manifest),
            ("package/index.js", "file", b"module.exports = function add(a, b) { return a + b; };\n")]
    return tgz(base + list(extra) if files is None else files)


def write(rule, kind, name, data, sidecar=None):
    d = os.path.join(ROOT, rule, "tests", kind)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)
    if sidecar:
        with open(os.path.join(d, name + ".pkgward.yml"), "w") as f:
            f.write(sidecar)


def main():
    normal = pkg()
    write("archive-path-traversal", "malicious", "dotdot.tgz",
          pkg([("package/../../../tmp/evil.js", "file", b"// defanged\n")]))
    write("archive-path-traversal", "malicious", "absolute.tgz",
          pkg([("/etc/cron.d/fixture", "file", b"# defanged\n")]))
    write("archive-path-traversal", "benign", "normal.tgz", normal)
    write("archive-link-entry", "malicious", "symlink.tgz",
          pkg([("package/lib", "symlink", "./src")]))
    write("archive-link-entry", "benign", "normal.tgz", normal)
    write("archive-link-escapes", "malicious", "ssh-key.tgz",
          pkg([("package/key", "symlink", "../../../../../root/.ssh/id_rsa")]))
    write("archive-link-escapes", "malicious", "hardlink.tgz",
          pkg([("package/npmrc", "hardlink", "../../.npmrc")]))
    write("archive-link-escapes", "benign", "internal-link.tgz",
          pkg([("package/lib", "symlink", "./src")]))
    write("archive-duplicate-entry", "malicious", "twice.tgz",
          pkg([("package/index.js", "file", b"require('child_process').exec('echo fixture');\n")]))
    write("archive-duplicate-entry", "benign", "normal.tgz", normal)
    write("archive-invalid-name", "malicious", "latin1-name.tgz",
          pkg([("package/\udcff\udcfeindex.js", "file", b"// defanged\n")]))
    write("archive-invalid-name", "benign", "utf8-name.tgz",
          pkg([("package/\u00fcnic\u00f6de.js", "file", b"// fine\n")]))
    many = [("package/f%02d.js" % i, "file", b"// f\n") for i in range(12)]
    limit10 = "limits:\n  max_entries: 10\n"
    write("archive-too-many-entries", "malicious", "twelve.tgz", pkg(many), limit10)
    write("archive-too-many-entries", "benign", "three.tgz", normal, limit10)
    big = [("package/blob.bin", "file", bytes(range(256)) * 8192)]  # 2 MiB
    limit1m = "limits:\n  max_total_bytes: 1MiB\n"
    write("archive-too-large", "malicious", "two-mib.tgz", pkg(big), limit1m)
    write("archive-too-large", "benign", "small.tgz", normal, limit1m)
    write("archive-compression-bomb", "malicious", "zeros.tgz",
          pkg([("package/zeros.bin", "file", bytes(12 << 20))]))
    write("archive-compression-bomb", "benign", "normal.tgz", normal)
    inner = pkg(name="inner")
    for _ in range(4):
        inner = tgz([("package/nested.tgz", "file", inner)])
    write("archive-nested-too-deep", "malicious", "five-deep.tgz", inner)
    write("archive-nested-too-deep", "benign", "one-deep.tgz",
          pkg([("package/vendor/dep.tgz", "file", pkg(name="dep"))]))
    text = b"x" * 4096
    write("file-too-large-to-analyse", "malicious", "four-kib.tgz",
          pkg([("package/data.txt", "file", text)]), "limits:\n  max_file_bytes: 1KiB\n")
    write("file-too-large-to-analyse", "benign", "four-kib.tgz",
          pkg([("package/data.txt", "file", text)]))
    write("archive-special-file", "malicious", "fifo.tgz", pkg([("package/pipe", "fifo", None)]))
    write("archive-special-file", "benign", "normal.tgz", normal)
    write("archive-nested-corrupt", "malicious", "fake-gzip.tgz",
          pkg([("package/assets/data.tgz", "file", b"\x1f\x8b\x08\x00" + b"not really gzip" * 8)]))
    write("archive-nested-corrupt", "benign", "real-nested.tgz",
          pkg([("package/assets/data.tgz", "file", pkg(name="assets"))]))


if __name__ == "__main__":
    main()
