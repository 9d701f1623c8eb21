#!/usr/bin/env bash
# Build the bundled example packages (examples/src/*) into npm-style tarballs.
#
#   scripts/build-examples.sh OUT_DIR
#
# Produces OUT_DIR/http-client-1.14.0.tgz, http-client-1.14.1.tgz and
# plain-crypto-js-4.2.1.tgz. Like `npm pack`, every file is stored under a
# `package/` prefix and only file entries are written. The bytes are
# reproducible: sorted names, mtime 0, uid/gid 0, mode 0644, ustar format,
# gzip without name or timestamp. Needs only bash, GNU tar and gzip; never
# runs anything from the packages.
set -euo pipefail

if [ "$#" -ne 1 ] || [ -z "$1" ]; then
    echo "usage: $0 OUT_DIR" >&2
    exit 2
fi

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd -- "$script_dir/.." && pwd)
src_root="$repo_root/examples/src"

if ! tar --version 2>/dev/null | grep -q 'GNU tar'; then
    echo "$0: GNU tar is required" >&2
    exit 1
fi
command -v gzip >/dev/null || { echo "$0: gzip is required" >&2; exit 1; }

mkdir -p -- "$1"
out_dir=$(cd -- "$1" && pwd)

stage=$(mktemp -d "${TMPDIR:-/tmp}/pkgward-examples.XXXXXX")
trap 'rm -rf -- "$stage"' EXIT

export LC_ALL=C
export TZ=UTC
umask 022

packages=(http-client-1.14.0 http-client-1.14.1 plain-crypto-js-4.2.1)

for pkg in "${packages[@]}"; do
    src="$src_root/$pkg"
    if [ ! -d "$src" ]; then
        echo "$0: missing $src" >&2
        exit 1
    fi

    work="$stage/$pkg"
    mkdir -p -- "$work/package"
    cp -R -- "$src/." "$work/package/"
    find "$work/package" -type d -exec chmod 0755 {} +
    find "$work/package" -type f -exec chmod 0644 {} +

    tmp_out="$out_dir/.$pkg.tgz.tmp"
    (
        cd -- "$work"
        find package -type f -print | sort |
            tar --create --file=- --no-recursion --verbatim-files-from --files-from=- \
                --sort=name --mtime='@0' --owner=0 --group=0 --numeric-owner \
                --mode='u=rw,go=r' --format=ustar |
            gzip -n -9
    ) > "$tmp_out"
    mv -f -- "$tmp_out" "$out_dir/$pkg.tgz"
    echo "built $out_dir/$pkg.tgz"
done
