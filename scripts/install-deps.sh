#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs every Debian package mikiwame needs to build, test and run.
# Idempotent: quiet when everything is present; uses sudo when not root.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config ninja-build git python3
  g++-12 clang-14 libclang-rt-14-dev
  libgmime-3.0-dev libglib2.0-dev libicu-dev libpsl-dev libidn2-dev
  libgumbo-dev libxml2-dev libmaxminddb-dev libhyperscan-dev libmagic-dev libzip-dev libgsf-1-dev
  libzbar-dev libpng-dev libjpeg62-turbo-dev
  libssl-dev libsqlite3-dev libtomlplusplus-dev nlohmann-json3-dev
  libcli11-dev libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev
  mmdb-bin libmaxmind-db-writer-perl python3-jsonschema
  libmilter-dev postfix swaks
  nats-server libnats-dev
  libcpp-httplib-dev chromium fonts-ipafont-gothic fonts-noto-color-emoji
  libunbound-dev unbound ldnsutils python3-yaml strace libspf2-dev python3-dkim python3-authres
  zsh
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
  # unbound is for the online authentication tests (scripts/dns-test.sh runs a private one on
  # 127.0.0.1 with fixture zones); its packaged service is not started either.
  # nats-server is for the scale-out tests (scripts/nats-test.sh runs a private one); its
  # packaged service is not started either (policy-rc.d below).
  # postfix is for the milter's integration tests (scripts/postfix-test.sh runs a private
  # instance): the system's own Postfix is neither configured nor started. debconf is told
  # "No configuration", and a policy-rc.d (ours only while apt runs) refuses every service
  # start, as on a Debian build chroot.
  echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
  policy=/usr/sbin/policy-rc.d
  own_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# mikiwame install-deps: no service starts during package installation\nexit 101\n' |
      $SUDO tee "$policy" >/dev/null
    $SUDO chmod 755 "$policy"
    own_policy=1
  fi
  apt_install() {
    # Another build on this machine may hold the dpkg lock for a while: wait for it.
    local tries=0
    until $SUDO apt-get -o DPkg::Lock::Timeout=120 update -qq &&
      $SUDO apt-get -o DPkg::Lock::Timeout=120 install -y -qq --no-install-recommends "$@" >/dev/null; do
      tries=$((tries + 1))
      if [ "$tries" -ge 5 ]; then return 1; fi
      # A maintainer script may fail once in a container: nats-server's adduser calls chfn,
      # which PAM refuses there after the user is made; configuring again then succeeds.
      $SUDO dpkg --configure -a >/dev/null 2>&1 || true
      echo "install-deps: apt busy or failed, retrying ($tries)" >&2
      sleep 20
    done
  }
  status=0
  apt_install "${missing[@]}" || status=$?
  if [ -n "$own_policy" ]; then $SUDO rm -f "$policy"; fi
  if [ "$status" -ne 0 ]; then
    echo "install-deps: apt-get install failed" >&2
    exit "$status"
  fi
fi

# Open IP country/ASN databases (npm registry), converted once; see scripts/install-geoip.sh.
"$(dirname "$0")/install-geoip.sh"
