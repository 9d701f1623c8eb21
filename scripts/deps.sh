#!/usr/bin/env bash
# Installs the Debian 12 packages pkgward builds and tests with, when any
# is missing. Idempotent: apt-get update runs only if something is missing.
# Works as root or through sudo.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libarchive-dev libdeflate-dev libvectorscan-dev libpcre2-dev libjansson-dev libyaml-dev
  libsqlite3-dev libcurl4-openssl-dev libsodium-dev libssl-dev libyara-dev libcmocka-dev
  clang libclang-rt-14-dev
  tar gzip bzip2 xz-utils zip
  nodejs npm
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# node and npm may come from elsewhere (nvm, a tarball): accept them on PATH
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do
    [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p")
  done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi

# pnpm (tests/cli/test-guard-pnpm.sh) is not packaged in Debian 12: pinned,
# from the npm registry, install scripts off, once node and npm are there
PNPM_VERSION=9.15.9
install_pnpm() {
  if command -v node >/dev/null && command -v npm >/dev/null &&
     ! command -v pnpm >/dev/null; then
    echo "deps: installing pnpm@$PNPM_VERSION with npm" >&2
    $SUDO npm install -g --ignore-scripts "pnpm@$PNPM_VERSION" ||
      echo "deps: could not install pnpm; tests/cli/test-guard-pnpm.sh will skip" >&2
  fi
}

# Yarn 4 (tests/cli/test-guard-yarn.sh): pinned, from the npm registry, in a
# directory of its own so that no yarn or yarnpkg on PATH changes
YARN_VERSION=4.18.1
YARN_DIR=/usr/local/lib/pkgward-tools/yarn-berry
install_yarn() {
  if command -v node >/dev/null && command -v npm >/dev/null &&
     [ ! -f "$YARN_DIR/node_modules/@yarnpkg/cli-dist/bin/yarn.js" ]; then
    echo "deps: installing @yarnpkg/cli-dist@$YARN_VERSION into $YARN_DIR" >&2
    $SUDO npm install --prefix "$YARN_DIR" --ignore-scripts --no-audit --no-fund \
      "@yarnpkg/cli-dist@$YARN_VERSION" >/dev/null ||
      echo "deps: could not install Yarn; tests/cli/test-guard-yarn.sh will skip" >&2
  fi
}

SUDO=""
if [ ${#missing[@]} -eq 0 ]; then
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi
  install_pnpm
  install_yarn
  exit 0
fi

echo "deps: installing ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "deps: need root or sudo to install: ${missing[*]}" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
install_pnpm
install_yarn
