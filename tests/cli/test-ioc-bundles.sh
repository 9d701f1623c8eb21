#!/bin/sh
# test-ioc-bundles.sh BINARY WORKDIR
#
# Checks the shipped IOC bundles (iocs/*.json, format pkgward-ioc/1,
# docs/ioc-format.md):
#   1. every bundle validates against docs/pkgward-ioc.schema.json (draft
#      2020-12) with ajv + ajv-formats (tests/sarif/validate.js); a bundle
#      with an unknown key must be REJECTED (the validator is live);
#   2. every bundle is named after its id and written canonically (2-space
#      JSON, trailing newline), as scripts/make-ioc-bundles.js writes it;
#   3. when the shared corpus exists ($PW_CORPUS, default
#      $PW_SRCDIR/../shared/corpus), scripts/make-ioc-bundles.js regenerates
#      the bundles into $WORKDIR/iocs and they must be byte-identical to the
#      committed ones (skipped, not failed, when the corpus is absent).
#
# ajv and ajv-formats are pinned to the versions test-sarif-schema.sh uses.
# Its install ($PW_BINDIR/node-tools) is reused read-only when it is ready;
# otherwise they are installed into $PW_BINDIR/node-tools-ioc (never into the
# source tree). When the pkgward binary ($1) has `pkgward ioc`, the bundles
# are also imported with it into a scratch database (its own strict parser).
# Exit 77 (skip) when node is missing, or npm is missing / offline and no
# installed validator is available.
set -u

BIN=${1:-}
WORK=${2:?usage: test-ioc-bundles.sh BINARY WORKDIR}
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=${PW_SRCDIR:-$(cd "$HERE/../.." && pwd)}
BINDIR=${PW_BINDIR:-$(cd "$WORK/.." && pwd)}
CORPUS=${PW_CORPUS:-$SRC/../shared/corpus}

AJV_VERSION=8.17.1
AJV_FORMATS_VERSION=3.0.1
SHARED_TOOLS=$BINDIR/node-tools
OWN_TOOLS=$BINDIR/node-tools-ioc
STAMP=$OWN_TOOLS/.ready-$AJV_VERSION-$AJV_FORMATS_VERSION

SCHEMA=$SRC/docs/pkgward-ioc.schema.json
VALIDATE=$SRC/tests/sarif/validate.js
GEN=$SRC/scripts/make-ioc-bundles.js

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

command -v node >/dev/null 2>&1 || skip "node is not installed"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 14 ? 0 : 1)' ||
    skip "node $(node --version) is too old for ajv 8 (need >= 14)"

# 0 when $1/node_modules holds exactly the pinned ajv and ajv-formats.
pinned_in() {
    node -e '
const path = require("path"), fs = require("fs");
const [dir, ajv, formats] = process.argv.slice(1);
const v = (n) => JSON.parse(fs.readFileSync(path.join(dir, "node_modules", n, "package.json"), "utf8")).version;
try { process.exit(v("ajv") === ajv && v("ajv-formats") === formats ? 0 : 1); } catch (e) { process.exit(1); }
' "$1" "$AJV_VERSION" "$AJV_FORMATS_VERSION"
}

# Sets TOOLS. Returns 0 when ready, 1 when nothing could be installed
# (offline: skip), 2 when what was installed is not what was pinned (fail).
setup_tools() {
    for stamp in "$SHARED_TOOLS"/.ready-$AJV_VERSION-$AJV_FORMATS_VERSION-*; do
        if [ -f "$stamp" ] && pinned_in "$SHARED_TOOLS"; then
            TOOLS=$SHARED_TOOLS
            return 0
        fi
    done
    TOOLS=$OWN_TOOLS
    [ -f "$STAMP" ] && pinned_in "$TOOLS" && return 0
    command -v npm >/dev/null 2>&1 || return 1
    rm -rf "$TOOLS"
    mkdir -p "$TOOLS" || return 1
    log=$TOOLS/install.log
    echo "installing ajv@$AJV_VERSION ajv-formats@$AJV_FORMATS_VERSION into $TOOLS"
    npm install --no-save --ignore-scripts --no-audit --no-fund \
        --prefix "$TOOLS" "ajv@$AJV_VERSION" "ajv-formats@$AJV_FORMATS_VERSION" \
        >"$log" 2>&1 || { tail -5 "$log"; return 1; }
    pinned_in "$TOOLS" || return 2
    touch "$STAMP"
}

setup_tools
case $? in
0) ;;
1) skip "could not install the validator (no npm, or offline?); see $OWN_TOOLS/install.log" ;;
*) rm -f "$STAMP"; fail "the installed ajv/ajv-formats are not the pinned versions" ;;
esac
export PW_NODE_TOOLS="$TOOLS"

rm -rf "$WORK"
mkdir -p "$WORK" || fail "cannot create $WORK"

set -- "$SRC"/iocs/*.json
[ -e "$1" ] || fail "no bundles in $SRC/iocs"

# 1. schema: the validator must be live, then every shipped bundle passes.
cat >"$WORK/invalid.json" <<'EOF'
{"format": "pkgward-ioc/1", "id": "invalid", "title": "unknown key", "domain": ["example.com"]}
EOF
if node "$VALIDATE" "$SCHEMA" "$WORK/invalid.json" >"$WORK/invalid.log" 2>&1; then
    fail "the validator accepted a bundle with an unknown key"
fi
grep -q 'must NOT have additional properties' "$WORK/invalid.log" ||
    { cat "$WORK/invalid.log"; fail "the validator did not reject the unknown key"; }

status=0
echo "pkgward-ioc/1 bundles (docs/pkgward-ioc.schema.json):"
node "$VALIDATE" "$SCHEMA" "$@" || status=1

# 2. file name = id, canonical formatting.
node -e '
const fs = require("fs"), path = require("path");
let bad = 0;
for (const f of process.argv.slice(1)) {
  const text = fs.readFileSync(f, "utf8");
  let b;
  try { b = JSON.parse(text); } catch (e) { console.log(`FAIL ${f}: ${e.message}`); bad++; continue; }
  if (path.basename(f) !== `${b.id}.json`) { console.log(`FAIL ${f}: id is "${b.id}"`); bad++; }
  if (text !== JSON.stringify(b, null, 2) + "\n") { console.log(`FAIL ${f}: not written canonically (2-space JSON, trailing newline)`); bad++; }
}
process.exit(bad ? 1 : 0);
' "$@" || status=1
[ "$status" = 0 ] || fail "shipped IOC bundles are invalid"

# 2b. pkgward's own parser (src/ioc/ioc.c) accepts them too and rejects the
# invalid one, when the binary has `pkgward ioc` (into a scratch database).
if [ -x "$BIN" ] && "$BIN" help ioc >/dev/null 2>&1; then
    "$BIN" ioc import --db "$WORK/ioc.db" "$@" >"$WORK/import.log" 2>&1 ||
        { cat "$WORK/import.log"; fail "pkgward ioc import rejected a shipped bundle"; }
    if "$BIN" ioc import --db "$WORK/ioc.db" "$WORK/invalid.json" >"$WORK/import-invalid.log" 2>&1; then
        fail "pkgward ioc import accepted a bundle with an unknown key"
    fi
    echo "pkgward ioc import: $# bundles accepted"
else
    echo "note: '$BIN' has no 'ioc' command; parser check skipped"
fi

# 2c. `--format osv` writes draft OSV records that keep to the OSV schema
# for the fields they use (docs/osv-draft.schema.json), and that pkgward's
# own OSV importer reads back.
if [ -x "$BIN" ] && "$BIN" help export >/dev/null 2>&1; then
    "$SRC/scripts/build-examples.sh" "$WORK/ex" >/dev/null ||
        fail "cannot build the example packages"
    "$BIN" export osv --no-config "$WORK/ex/plain-crypto-js-4.2.1.tgz" \
        "$WORK/ex/http-client-1.14.0.tgz" >"$WORK/draft.json" 2>"$WORK/draft.err"
    [ $? = 1 ] || { cat "$WORK/draft.err"; fail "export osv: unexpected exit status"; }
    node "$VALIDATE" "$SRC/docs/osv-draft.schema.json" "$WORK/draft.json" ||
        fail "export osv wrote a record outside the OSV schema"
    node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1]));
             if (r.length !== 1 || r[0].affected[0].package.name !== "plain-crypto-js") process.exit(1)' \
        "$WORK/draft.json" || fail "export osv: expected exactly the plain-crypto-js record"
    "$BIN" db import --db "$WORK/osv.db" "$WORK/draft.json" >/dev/null ||
        fail "pkgward db import rejected its own draft record"
    echo "export osv: draft record valid and importable"
fi

# 3. regeneration from the corpus is reproducible.
if [ ! -f "$CORPUS/README.md" ]; then
    echo "note: corpus not found at $CORPUS; regeneration check skipped"
    echo "all bundles valid"
    exit 0
fi
node "$GEN" --corpus "$CORPUS" --out "$WORK/iocs" >"$WORK/generate.log" 2>&1 ||
    { cat "$WORK/generate.log"; fail "scripts/make-ioc-bundles.js failed"; }
(cd "$SRC/iocs" && ls *.json) >"$WORK/committed.list"
(cd "$WORK/iocs" && ls *.json) >"$WORK/generated.list"
cmp -s "$WORK/committed.list" "$WORK/generated.list" ||
    { diff "$WORK/committed.list" "$WORK/generated.list";
      fail "the generator writes a different set of bundles than iocs/ holds"; }
while read -r f; do
    cmp "$SRC/iocs/$f" "$WORK/iocs/$f" ||
        { diff "$SRC/iocs/$f" "$WORK/iocs/$f" | head -20; status=1; }
done <"$WORK/committed.list"
[ "$status" = 0 ] ||
    fail "iocs/ is stale: rerun node scripts/make-ioc-bundles.js and commit the result"
echo "all bundles valid and reproducible from $CORPUS"
