#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs open IP databases that need no account or key, from the npm registry (`npm pack`):
#   @ip-location-db/geo-whois-asn-country-mmdb  country of an address, as .mmdb (CC0-1.0;
#                                               NRO statistics under CC BY 4.0)
#   @ip-location-db/asn                         AS number and organisation, CSV (RouteViews and
#                                               DB-IP data under CC BY 4.0), converted to .mmdb
#                                               by scripts/asn-csv-to-mmdb.pl so every IP lookup
#                                               goes through libmaxminddb
# Usage: scripts/install-geoip.sh [DEST]   (default: var/geoip in the checkout, git-ignored)
# Writes DEST/country.mmdb, DEST/asn.mmdb and DEST/licenses/{country,asn}/. Idempotent and quiet
# when the pinned version is installed. Missing databases only degrade reports (country and ASN
# null, with a note), so a failure here is reported on stderr and the script exits 0; set
# MIKIWAME_GEOIP_STRICT=1 to make it exit 1 instead. See docs/intel.md.
set -euo pipefail

# Both packages are published together under one version; bump it here to update the data.
VERSION="${MIKIWAME_GEOIP_VERSION:-2.3.2026061719}"
COUNTRY_PKG="@ip-location-db/geo-whois-asn-country-mmdb"
ASN_PKG="@ip-location-db/asn"

repo="$(cd "$(dirname "$0")/.." && pwd)"
DEST="${1:-$repo/var/geoip}"
stamp="$DEST/.installed-$VERSION"
if [ -f "$stamp" ] && [ -f "$DEST/country.mmdb" ] && [ -f "$DEST/asn.mmdb" ]; then
  exit 0
fi

fail() {
  echo "install-geoip: $*; IP country/ASN will be unknown" >&2
  if [ "${MIKIWAME_GEOIP_STRICT:-0}" = 1 ]; then exit 1; fi
  exit 0
}

command -v npm >/dev/null 2>&1 || fail "npm not found"
command -v perl >/dev/null 2>&1 || fail "perl not found"
perl -MMaxMind::DB::Writer::Tree -e 1 2>/dev/null ||
  fail "libmaxmind-db-writer-perl missing (scripts/install-deps.sh installs it)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "install-geoip: fetching ip-location-db $VERSION from the npm registry" >&2
if ! (cd "$work" && npm pack --silent "$COUNTRY_PKG@$VERSION" "$ASN_PKG@$VERSION" >/dev/null 2>"$work/npm.log"); then
  tail -3 "$work/npm.log" >&2
  fail "npm pack failed"
fi
mkdir -p "$work/country" "$work/asn"
tar xzf "$work"/ip-location-db-geo-whois-asn-country-mmdb-"$VERSION".tgz -C "$work/country"
tar xzf "$work"/ip-location-db-asn-"$VERSION".tgz -C "$work/asn"
country_src="$work/country/package/geo-whois-asn-country.mmdb"
[ -f "$country_src" ] || fail "$COUNTRY_PKG@$VERSION has no geo-whois-asn-country.mmdb"
[ -f "$work/asn/package/asn-ipv4.csv" ] || fail "$ASN_PKG@$VERSION has no asn-ipv4.csv"

# Build everything beside the destination first, then rename: a reader never sees half a file.
mkdir -p "$DEST"
if ! perl "$repo/scripts/asn-csv-to-mmdb.pl" "$DEST/asn.mmdb.tmp" \
    "$work/asn/package/asn-ipv4.csv" "$work/asn/package/asn-ipv6.csv" 2>"$work/convert.log"; then
  cat "$work/convert.log" >&2
  rm -f "$DEST/asn.mmdb.tmp"
  fail "converting the ASN CSV failed"
fi
cp "$country_src" "$DEST/country.mmdb.tmp"
mv "$DEST/country.mmdb.tmp" "$DEST/country.mmdb"
mv "$DEST/asn.mmdb.tmp" "$DEST/asn.mmdb"

# Licences and attribution travel with the data: each package's licence files, its README
# (sources and attribution) and package.json (the declared licence and version).
rm -rf "$DEST/licenses"
for pkg in country asn; do
  mkdir -p "$DEST/licenses/$pkg"
  for f in "$work/$pkg"/package/*LICENSE* "$work/$pkg"/package/MODIFICATIONS \
           "$work/$pkg"/package/README.md "$work/$pkg"/package/package.json; do
    if [ -f "$f" ]; then cp "$f" "$DEST/licenses/$pkg/"; fi
  done
done
rm -f "$DEST"/.installed-*
touch "$stamp"
echo "install-geoip: installed country.mmdb and asn.mmdb ($(tail -1 "$work/convert.log" | sed 's/^asn-csv-to-mmdb: //')) in $DEST" >&2
