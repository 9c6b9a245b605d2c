#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs every Debian package mikiwame needs to build, test and run.
# Idempotent: quiet when everything is present; uses sudo when not root.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config ninja-build git python3
  g++-12 clang-14 libclang-rt-14-dev
  libgmime-3.0-dev libglib2.0-dev libicu-dev libpsl-dev libidn2-dev
  libgumbo-dev libmaxminddb-dev libhyperscan-dev libmagic-dev libzip-dev libgsf-1-dev
  libssl-dev libsqlite3-dev libtomlplusplus-dev nlohmann-json3-dev
  libcli11-dev libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev
  mmdb-bin libmaxmind-db-writer-perl python3-jsonschema
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]})); then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "install-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Open IP country/ASN databases (npm registry), converted once; see scripts/install-geoip.sh.
"$(dirname "$0")/install-geoip.sh"
