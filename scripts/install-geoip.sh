#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs open IP databases that need no account or key, from the npm registry:
#   @ip-location-db/geo-whois-asn-country-mmdb  country of an address (CC0-1.0), as .mmdb
#   @ip-location-db/asn                           AS number and organisation (CSV; PDDL/CC-BY data
#                                                 sources, see the licence files), converted to
#                                                 .mmdb by scripts/asn-csv-to-mmdb.pl
# Usage: scripts/install-geoip.sh [DEST]   (default: var/geoip in the checkout)
# Idempotent: quiet when the pinned versions are already installed. Missing databases only
# degrade reports (country/ASN null with a note); a failure here is reported, never fatal.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="${MIKIWAME_GEOIP_VERSION:-2.3.2026061719}"
DEST="${1:-var/geoip}"
stamp="$DEST/.installed-$VERSION"
if [ -f "$stamp" ] && [ -f "$DEST/country.mmdb" ] && [ -f "$DEST/asn.mmdb" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "install-geoip: npm not found; IP country/ASN will be unknown" >&2
  exit 0
fi
if ! perl -MMaxMind::DB::Writer::Tree -e 1 2>/dev/null; then
  echo "install-geoip: libmaxmind-db-writer-perl missing (scripts/install-deps.sh installs it)" >&2
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "install-geoip: fetching ip-location-db $VERSION from the npm registry" >&2
if ! (cd "$work" && npm pack --silent "@ip-location-db/geo-whois-asn-country-mmdb@$VERSION" "@ip-location-db/asn@$VERSION" >/dev/null 2>"$work/npm.log"); then
  echo "install-geoip: npm pack failed; IP country/ASN will be unknown:" >&2
  tail -3 "$work/npm.log" >&2
  exit 0
fi
mkdir -p "$work/country" "$work/asn" "$DEST"
tar xzf "$work"/ip-location-db-geo-whois-asn-country-mmdb-*.tgz -C "$work/country"
tar xzf "$work"/ip-location-db-asn-*.tgz -C "$work/asn"
cp "$work/country/package/geo-whois-asn-country.mmdb" "$DEST/country.mmdb.tmp"
perl scripts/asn-csv-to-mmdb.pl "$DEST/asn.mmdb.tmp" "$work/asn/package/asn-ipv4.csv" "$work/asn/package/asn-ipv6.csv" 2>/dev/null
mv "$DEST/country.mmdb.tmp" "$DEST/country.mmdb"
mv "$DEST/asn.mmdb.tmp" "$DEST/asn.mmdb"
mkdir -p "$DEST/licenses"
cp "$work"/country/package/*LICENSE* "$DEST/licenses/" 2>/dev/null || true
for f in "$work"/asn/package/*LICENSE* "$work"/asn/package/MODIFICATIONS; do [ -f "$f" ] && cp "$f" "$DEST/licenses/asn-$(basename "$f")"; done
rm -f "$DEST"/.installed-*
touch "$stamp"
echo "install-geoip: installed country.mmdb and asn.mmdb in $DEST" >&2
