#!/bin/sh
# test-completions.sh BINARY WORKDIR
#
# Sources completions/pkgward.bash in bash and checks what a few command
# lines complete to, by calling the completion function the way bash does
# (COMP_WORDS / COMP_CWORD set, COMPREPLY read back). When zsh is
# installed, also checks that completions/_pkgward parses (zsh -n).
#
# BINARY is used for the rule-id completion of `rules show` (skipped when
# it is not built). Exit 77 (skip) when bash is not installed.
# shellcheck shell=bash source-path=SCRIPTDIR/../..
set -u

command -v bash >/dev/null 2>&1 || { echo "SKIP: bash is not installed"; exit 77; }
# the rest is bash (sh reads no further than this line)
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi

BIN=${1:-}
WORK=${2:?usage: test-completions.sh BINARY WORKDIR}
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=${PW_SRCDIR:-$(cd "$HERE/../.." && pwd)}

fail() { echo "FAIL: $*"; exit 1; }

rm -rf "$WORK"
mkdir -p "$WORK/files/reg" || fail "cannot create $WORK"
: >"$WORK/files/pkgward.db"
: >"$WORK/files/reg.txt"

# shellcheck source=completions/pkgward.bash
. "$SRC/completions/pkgward.bash" || fail "cannot source completions/pkgward.bash"
complete -p pkgward >/dev/null 2>&1 || fail "completions/pkgward.bash does not register 'complete -F _pkgward pkgward'"

failures=0
checks=0

# complete WORD... : the words of the command line, the last one being the
# word under the cursor ("" after a space). Sets COMPREPLY.
complete_words() {
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _pkgward
}

# the words, sorted, on one line
sorted() { printf '%s\n' "$@" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'; }

# expect_exactly "WANTED WORDS" WORD... : the completions are exactly those
expect_exactly() {
    local want=$1
    shift
    complete_words "$@"
    local got
    # shellcheck disable=SC2086
    want=$(sorted $want)
    got=$(sorted ${COMPREPLY[@]+"${COMPREPLY[@]}"})
    checks=$((checks + 1))
    if [[ $got == "$want" ]]; then
        echo "ok - '$*<TAB>' offers $want"
    else
        echo "FAIL - '$*<TAB>': expected $want; got $got"
        failures=$((failures + 1))
    fi
}

# expect_some "WORDS" WORD... : each of WORDS is among the completions
expect_some() {
    local want=$1 w missing=""
    shift
    complete_words "$@"
    for w in $want; do
        local found=0 c
        for c in ${COMPREPLY[@]+"${COMPREPLY[@]}"}; do
            [[ $c == "$w" ]] && found=1
        done
        ((found)) || missing+=" $w"
    done
    checks=$((checks + 1))
    if [[ -z $missing ]]; then
        echo "ok - '$*<TAB>' offers $want"
    else
        echo "FAIL - '$*<TAB>': missing$missing; got $(sorted ${COMPREPLY[@]+"${COMPREPLY[@]}"})"
        failures=$((failures + 1))
    fi
}

# commands
expect_exactly "audit" pkgward a
expect_exactly "db diff" pkgward d
expect_exactly "check" pkgward ch
expect_exactly "sweep" pkgward sw
expect_exactly "scan shell-init sweep" pkgward s
expect_exactly "npm npx" pkgward n
expect_exactly "pip pip3" pkgward pi
expect_exactly "pnpm" pkgward pn
expect_exactly "shell-init" pkgward sh
expect_exactly "export" pkgward e
expect_exactly "ioc" pkgward i
expect_some "scan diff check rules audit npm pnpm npx pip pip3 shell-init sweep export ioc db help version" pkgward ""
expect_some "audit db diff check npm pnpm npx pip pip3 shell-init sweep export ioc" pkgward help ""

# db subcommands and their options
expect_exactly "import update status lookup" pkgward db ""
expect_exactly "lookup" pkgward db l
expect_exactly "npm pypi" pkgward db lookup --ecosystem ""
expect_exactly "--ecosystem" pkgward db lookup --e
expect_exactly "text json" pkgward db status --format ""
expect_exactly "text json" pkgward db status -f ""
expect_some "--url --sig-url --public-key --db" pkgward db update --
expect_some "--source --db" pkgward db import --

# audit options and their values
expect_exactly "--format" pkgward audit --fo
expect_exactly "text json sarif osv" pkgward audit --format ""
expect_exactly "text json sarif osv" pkgward audit -f ""
expect_exactly "sarif" pkgward audit --format s
expect_exactly "text json sarif osv" pkgward audit --format = ""   # --format=<TAB>, split at '='
expect_exactly "--format=sarif" pkgward audit --format=s        # kept as one word
expect_exactly "info low medium high critical" pkgward audit --fail-on ""
expect_exactly "high" pkgward audit --min-severity h
expect_exactly "auto always never" pkgward audit --color ""
expect_some "--db --no-db --registry-cache --no-lint-tools --at --all --fail-on --min-severity" pkgward audit --

expect_exactly "--registry --registry-cache" pkgward audit --reg

# sweep
expect_exactly "linux macos windows" pkgward sweep --os ""
expect_exactly "macos" pkgward sweep --os m
expect_exactly "linux macos windows" pkgward sweep --os = ""   # --os=<TAB>, split at '='
expect_exactly "--os=windows" pkgward sweep --os=w              # kept as one word
expect_exactly "text json sarif osv" pkgward sweep --format ""
expect_exactly "osv" pkgward sweep -f o
expect_exactly "info low medium high critical" pkgward sweep --fail-on ""
expect_some "--root --os --image --db --format --output --fail-on --min-severity --rules --config --no-config --color --quiet" pkgward sweep --
expect_exactly "--image" pkgward sweep --im
expect_some "--root --os --image" pkgward sweep ""               # no operands: options

# ioc
expect_exactly "import list" pkgward ioc ""
expect_exactly "list" pkgward ioc l
expect_exactly "--db --help" pkgward ioc import --
expect_exactly "--db --help" pkgward ioc list --

# export
expect_exactly "osv" pkgward export ""
expect_exactly "osv" pkgward export o
expect_some "--format --output --fail-on --rules --yara --jobs --max-entries" pkgward export osv --
expect_exactly "info low medium high critical" pkgward export osv --fail-on ""

# check and diff
expect_exactly "--depth" pkgward check --de
expect_exactly "0 1 2 3 4 5" pkgward check --depth ""
expect_some "--registry --offline --cache --min-age --depth --format --fail-on" pkgward check --
expect_exactly "text json sarif osv" pkgward check --format ""
expect_exactly "info low medium high critical" pkgward diff --fail-on ""
expect_some "--yara --rules --format --fail-on --min-severity" pkgward diff --

# shell-init: one shell
expect_exactly "bash fish zsh" pkgward shell-init ""
expect_exactly "zsh" pkgward shell-init z
expect_exactly "" pkgward shell-init bash ""

# npm and npx: pkgward's options before the npm command / the package,
# then nothing of pkgward's (the shell's default completion)
expect_some "--warn-only --db --no-db --fail-on --format --config --no-config -q" pkgward npm -
expect_some "--warn-only --db --no-db --fail-on --format --config --no-config -q" pkgward npx -
expect_exactly "--warn-only" pkgward npm --w
expect_exactly "--no-db --no-config" pkgward npx --no-
expect_exactly "info low medium high critical" pkgward npm --fail-on ""
expect_exactly "text json sarif osv" pkgward npx --format ""
expect_exactly "json" pkgward npm --warn-only -f j
expect_exactly "" pkgward npm --format=j                         # no --opt=value form
expect_exactly "" pkgward npm install --w                        # npm's arguments
expect_exactly "" pkgward npm --fail-on high install --w
expect_exactly "" pkgward npm --db x.db ci -
expect_exactly "" pkgward npx cowsay --w                         # the package's arguments
expect_some "--warn-only --db --no-db --fail-on --format --config --no-config -q" pkgward pip -
expect_exactly "--warn-only" pkgward pip3 --w
expect_exactly "info low medium high critical" pkgward pip --fail-on ""
expect_exactly "" pkgward pip install --w                        # pip's arguments
expect_exactly "" pkgward pip --no-db install -
expect_some "--warn-only --db --no-db --fail-on --format --config --no-config -q" pkgward pnpm -
expect_exactly "info low medium high critical" pkgward pnpm --fail-on ""
expect_exactly "" pkgward pnpm add --w                           # pnpm's arguments

# scan keeps its own
expect_exactly "info low medium high critical" pkgward scan --fail-on ""
expect_exactly "text json sarif osv" pkgward scan --format ""

# files and directories
cd "$WORK/files" || fail "cannot cd to $WORK/files"
expect_exactly "pkgward.db" pkgward audit --db pkg
expect_exactly "pkgward.db" pkgward db status --db pkg
expect_exactly "reg" pkgward audit --registry-cache re
expect_exactly "reg reg.txt" pkgward audit --output re
expect_exactly "reg reg.txt" pkgward diff re
expect_exactly "reg" pkgward check --cache re
expect_exactly "reg" pkgward sweep --root re
expect_exactly "reg" pkgward sweep --image re
expect_exactly "pkgward.db" pkgward sweep --db pkg
expect_exactly "reg reg.txt" pkgward sweep --output re
expect_exactly "pkgward.db" pkgward ioc list --db pkg
expect_exactly "pkgward.db" pkgward ioc import --db pkg
expect_exactly "pkgward.db" pkgward npm --db pkg
expect_exactly "reg reg.txt" pkgward npx --config re
expect_exactly "reg reg.txt" pkgward ioc import re
expect_exactly "reg reg.txt" pkgward export osv re
expect_exactly "" pkgward export json re                        # no such export format
cd - >/dev/null || exit 1

# rule ids from the binary
if [ -x "$BIN" ]; then
    expect_exactly "known-malicious-version" "$BIN" rules show known-malicious-v
else
    echo "note: pkgward binary '$BIN' not built; rule ids not checked"
fi

if command -v zsh >/dev/null 2>&1; then
    checks=$((checks + 1))
    if zsh -n "$SRC/completions/_pkgward"; then
        echo "ok - zsh -n completions/_pkgward"
    else
        echo "FAIL - completions/_pkgward does not parse in zsh"
        failures=$((failures + 1))
    fi
else
    echo "note: zsh is not installed; completions/_pkgward not checked"
fi

echo "$((checks - failures)) passed, $failures failed"
[ "$failures" = 0 ]
