#!/bin/sh
# test-sarif-schema.sh BINARY WORKDIR
#
# Validates pkgward's SARIF output against the official SARIF 2.1.0 JSON
# schema (oasis-tcs/sarif-spec Schemata/sarif-schema-2.1.0.json, draft-07)
# with ajv + ajv-formats, and its JSON output against our own
# docs/pkgward-report.schema.json (draft 2020-12).
#
# Documents checked (all in $WORKDIR/samples):
#   - the ones tests/unit/test-report writes when $PW_REPORT_SAMPLES is set
#     (this script runs $PW_BINDIR/tests/test-report to produce them);
#   - CLI-produced ones from cli_samples() below (*.sarif / *.json);
#   - tests/sarif/invalid.sarif must be REJECTED (the validator is live).
#
# Tools are installed on first use into $PW_BINDIR/node-tools (never into
# the source tree), pinned to exact versions. The schema ships inside
# @datadog/datadog-ci-plugin-sarif's bundle; tests/sarif/extract-schema.js
# copies it out without running the bundle and its sha256 is pinned here.
# Exit 77 (skip) when node/npm are missing or the install fails (offline).
set -u

BIN=${1:-}
WORK=${2:?usage: test-sarif-schema.sh BINARY WORKDIR}
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=${PW_SRCDIR:-$(cd "$HERE/../.." && pwd)}
BINDIR=${PW_BINDIR:-$(cd "$WORK/.." && pwd)}
TOOLS=$BINDIR/node-tools

AJV_VERSION=8.17.1
AJV_FORMATS_VERSION=3.0.1
SCHEMA_PKG=@datadog/datadog-ci-plugin-sarif
SCHEMA_PKG_VERSION=5.25.0
SCHEMA_TGZ=datadog-datadog-ci-plugin-sarif-$SCHEMA_PKG_VERSION.tgz
SCHEMA_SHA256=2984d4af513581b937442fd05028302699ce1de8f8b48c187f7f4f1d9d662b4d
SCHEMA=$TOOLS/sarif-schema-2.1.0.json
STAMP=$TOOLS/.ready-$AJV_VERSION-$AJV_FORMATS_VERSION-$SCHEMA_PKG_VERSION

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

command -v node >/dev/null 2>&1 || skip "node is not installed"
command -v npm >/dev/null 2>&1 || skip "npm is not installed"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 14 ? 0 : 1)' ||
    skip "node $(node --version) is too old for ajv 8 (need >= 14)"

sha256_of() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d' ' -f1
    else
        node -e 'const c=require("crypto"),f=require("fs");console.log(c.createHash("sha256").update(f.readFileSync(process.argv[1])).digest("hex"))' "$1"
    fi
}

# Returns 0 when the tools are ready, 1 when they could not be installed
# (offline: skip), 2 when what was installed is not what was pinned (fail).
setup_tools() {
    [ -f "$STAMP" ] && [ -f "$SCHEMA" ] && return 0
    rm -rf "$TOOLS"
    mkdir -p "$TOOLS/pack" || return 1
    log=$TOOLS/install.log
    echo "installing ajv@$AJV_VERSION ajv-formats@$AJV_FORMATS_VERSION into $TOOLS"
    npm install --no-save --ignore-scripts --no-audit --no-fund \
        --prefix "$TOOLS" "ajv@$AJV_VERSION" "ajv-formats@$AJV_FORMATS_VERSION" \
        >"$log" 2>&1 || { tail -5 "$log"; return 1; }
    echo "fetching $SCHEMA_PKG@$SCHEMA_PKG_VERSION (for the SARIF schema)"
    (cd "$TOOLS/pack" && npm pack --ignore-scripts "$SCHEMA_PKG@$SCHEMA_PKG_VERSION") \
        >>"$log" 2>&1 || { tail -5 "$log"; return 1; }
    tar -xzf "$TOOLS/pack/$SCHEMA_TGZ" -C "$TOOLS/pack" package/dist/bundle.js ||
        return 2
    node "$SRC/tests/sarif/extract-schema.js" "$TOOLS/pack/package/dist/bundle.js" \
        "$SCHEMA" || return 2
    got=$(sha256_of "$SCHEMA")
    if [ "$got" != "$SCHEMA_SHA256" ]; then
        echo "schema sha256 $got, pinned $SCHEMA_SHA256"
        return 2
    fi
    rm -rf "$TOOLS/pack"
    touch "$STAMP"
}

# CLI-produced documents: a scan of every rule fixture (malicious ones
# included, so there are findings of many rules) plus a missing input (so
# there is an error). Add more invocations here as commands land. Exit 1
# (findings) and 2 (an input failed) are expected; only the file is judged.
cli_samples() {
    if [ ! -x "$BIN" ]; then
        echo "note: pkgward binary '$BIN' not built; no CLI samples"
        return 0
    fi
    for fmt in sarif json; do
        out=$WORK/samples/cli-scan.$fmt
        "$BIN" scan --format "$fmt" "$SRC/rules" "$WORK/does-not-exist" \
            >"$out" 2>"$WORK/cli-scan.$fmt.stderr"
        rc=$?
        [ "$rc" -le 2 ] || { cat "$WORK/cli-scan.$fmt.stderr";
                             fail "pkgward scan --format $fmt exited $rc"; }
        [ -s "$out" ] || fail "pkgward scan --format $fmt wrote nothing"
    done
}

setup_tools
case $? in
0) ;;
1) skip "could not install the validator (offline?); see $TOOLS/install.log" ;;
*) rm -f "$STAMP"; fail "the pinned SARIF schema could not be extracted or verified" ;;
esac

rm -rf "$WORK"
mkdir -p "$WORK/samples" || fail "cannot create $WORK/samples"

UNIT=$BINDIR/tests/test-report
if [ -x "$UNIT" ]; then
    PW_REPORT_SAMPLES=$WORK/samples "$UNIT" >"$WORK/test-report.log" 2>&1 ||
        { cat "$WORK/test-report.log"; fail "test-report failed"; }
else
    echo "note: $UNIT not built; no unit-test samples"
fi
cli_samples

VALIDATE=$SRC/tests/sarif/validate.js
export PW_NODE_TOOLS="$TOOLS"
if node "$VALIDATE" "$SCHEMA" "$SRC/tests/sarif/invalid.sarif" \
        >"$WORK/invalid.log" 2>&1; then
    fail "the validator accepted tests/sarif/invalid.sarif"
fi
grep -q 'must be equal to one of the allowed values' "$WORK/invalid.log" ||
    { cat "$WORK/invalid.log"; fail "the validator did not reject invalid.sarif for its level"; }

status=0
set -- "$WORK"/samples/*.sarif
[ -e "$1" ] || fail "no SARIF samples were produced in $WORK/samples"
echo "SARIF 2.1.0 (official schema):"
node "$VALIDATE" "$SCHEMA" "$@" || status=1

set -- "$WORK"/samples/*.json
if [ -e "$1" ]; then
    echo "pkgward JSON (docs/pkgward-report.schema.json):"
    node "$VALIDATE" "$SRC/docs/pkgward-report.schema.json" "$@" || status=1
fi
[ "$status" = 0 ] || fail "output does not match its schema"
echo "all documents valid"
