#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `make install` as a user meets it: install the release CLI into a temporary prefix, move the
# prefix elsewhere, and analyse the demo mail with the source tree hidden, so that the data, the
# GeoIP databases and the man page can only come from the installed copy.
# Usage: install_test.sh SOURCE_DIR [BUILD_DIR]   (default BUILD_DIR: SOURCE_DIR/build/release,
# which `make test` builds). Exit 0 pass, 1 fail, 77 skip (no release build; or not root, when
# the copy is only checked without hiding the source tree).
# Hiding: a private mount namespace (`unshare -m`, root only) puts an empty tmpfs over the
# source tree, which is where the binary's compiled-in defaults point; the host sees nothing.
set -euo pipefail

src=$(cd "$1" && pwd -P)
build=${2:-$src/build/release}
fixture=$src/tests/fixtures/messages/demo-kagoya-phish.eml

if [ ! -x "$build/apps/cli/mikiwame" ]; then
  echo "SKIP: no release CLI at $build/apps/cli/mikiwame (make test builds it; or: make release)"
  exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mikiwame-install.XXXXXX")
tmp=$(cd "$tmp" && pwd -P)
trap 'rm -rf "$tmp"' EXIT
case "$tmp/" in "$src"/*) echo "FAIL: temporary directory $tmp is inside the source tree" >&2; exit 1 ;; esac

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# --- 1. install into a prefix -------------------------------------------------------------------
prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 || {
  cat "$tmp/install.log" >&2
  fail "cmake --install $build --prefix $prefix"
}
for f in bin/mikiwame share/mikiwame/findings.toml share/mikiwame/scoring.toml share/man/man1/mikiwame.1 \
  share/bash-completion/completions/mikiwame share/zsh/vendor-completions/_mikiwame; do
  [ -f "$prefix/$f" ] || fail "installed prefix lacks $f"
done
[ -x "$prefix/bin/mikiwame" ] || fail "bin/mikiwame is not executable"
diff -r -x geoip "$src/data" "$prefix/share/mikiwame" >"$tmp/data.diff" || {
  head -20 "$tmp/data.diff" >&2
  fail "share/mikiwame differs from data/"
}
have_geoip=0
if [ -f "$src/var/geoip/country.mmdb" ] && [ -f "$src/var/geoip/asn.mmdb" ]; then
  have_geoip=1
  for f in country.mmdb asn.mmdb; do
    cmp -s "$src/var/geoip/$f" "$prefix/share/mikiwame/geoip/$f" || fail "share/mikiwame/geoip/$f is not var/geoip/$f"
  done
  [ -d "$prefix/share/mikiwame/geoip/licenses" ] || fail "GeoIP licences not installed"
  if compgen -G "$prefix/share/mikiwame/geoip/.installed-*" >/dev/null; then fail "install-geoip.sh's stamp file was installed"; fi
else
  echo "note: var/geoip has no databases (scripts/install-geoip.sh); country/ASN not checked"
fi

# --- 2. move the prefix: the binary must find its data relative to itself ----------------------
root=$tmp/elsewhere/opt/mikiwame
mkdir -p "$tmp/elsewhere/opt" "$tmp/cwd" "$tmp/home"
cp -a "$prefix" "$root"
rm -rf "$prefix"
cp "$fixture" "$root/message.eml"
# The same binary outside a prefix layout: it has only the compiled-in source-tree defaults.
mkdir -p "$tmp/bare"
cp "$build/apps/cli/mikiwame" "$tmp/bare/mikiwame"
cd "$tmp/cwd"

# No environment that could point elsewhere; an empty home for the intel database.
run() { env -u MIKIWAME_GEOIP_DIR HOME="$tmp/home" XDG_DATA_HOME="$tmp/home/.local/share" "$@"; }

out=$(run "$root/bin/mikiwame" data check) || fail "installed 'mikiwame data check' exited $?: $out"
grep -qF "data directory: $root/share/mikiwame (sha256:" <<<"$out" ||
  fail "installed 'mikiwame data check' did not use $root/share/mikiwame: $out"

# --- 3. analyse with the source tree hidden -----------------------------------------------------
# hidden CMD...: runs CMD in a private mount namespace where $src is an empty read-only tmpfs.
hidden() {
  run unshare -m --propagation private sh -c '
    src=$1; shift
    mount -t tmpfs -o ro,size=64k mikiwame-hidden "$src" || exit 125
    [ ! -e "$src/data/findings.toml" ] || { echo "source tree still visible" >&2; exit 125; }
    exec "$@"' sh "$src" "$@"
}
can_hide=0
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null && hidden true 2>/dev/null; then can_hide=1; fi
if [ $can_hide = 1 ]; then
  mode="source tree hidden"
  # Control: without the prefix layout the same binary has no data once the tree is hidden,
  # so a pass below cannot come from the source tree.
  rc=0
  hidden "$tmp/bare/mikiwame" data check >"$tmp/bare.out" 2>&1 || rc=$?
  [ $rc != 0 ] || fail "control: a bare copy of the binary still found data with the source tree hidden"
  [ $rc != 125 ] || fail "could not hide the source tree: $(cat "$tmp/bare.out")"
  exec_cmd=hidden
else
  mode="source tree NOT hidden"
  exec_cmd=run
fi

rc=0
$exec_cmd "$root/bin/mikiwame" data check >"$tmp/check.out" 2>&1 || rc=$?
[ $rc = 0 ] || fail "installed 'mikiwame data check' ($mode) exited $rc: $(cat "$tmp/check.out")"
rc=0
$exec_cmd "$root/bin/mikiwame" analyze --format json "$root/message.eml" >"$tmp/report.json" 2>"$tmp/report.err" || rc=$?
[ $rc = 0 ] || fail "installed 'mikiwame analyze --format json' ($mode) exited $rc: $(cat "$tmp/report.err")"
rc=0
$exec_cmd "$root/bin/mikiwame" analyze --lang en "$root/message.eml" >"$tmp/report.txt" 2>"$tmp/report.err" || rc=$?
[ $rc = 0 ] || fail "installed 'mikiwame analyze' ($mode) exited $rc: $(cat "$tmp/report.err")"
grep -q "KAGOYA JAPAN" "$tmp/report.txt" || fail "the text report does not name the brand KAGOYA JAPAN"

python3 - "$tmp/report.json" "$have_geoip" <<'PY' || fail "JSON report ($mode)"
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
have_geoip = sys.argv[2] == "1"
problems = []
if report.get("verdict") != "phishing":
    problems.append(f"verdict {report.get('verdict')!r}, want 'phishing'")
if "kagoya" not in [b.get("id") for b in report.get("brands", [])]:
    problems.append(f"brands {[b.get('id') for b in report.get('brands', [])]}, want kagoya")
origin = report.get("origin") or {}
if have_geoip and (origin.get("country") != "US" or origin.get("asn") != 53850):
    problems.append(f"origin country/asn {origin.get('country')!r}/{origin.get('asn')!r}, want 'US'/53850 "
                    f"from the installed GeoIP databases; notes: {report.get('notes')}")
for p in problems:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY

# --- 4. the installed man page renders ---------------------------------------------------------
if command -v groff >/dev/null; then
  warnings=$(groff -man -Tutf8 -ww -z "$root/share/man/man1/mikiwame.1" 2>&1)
  [ -z "$warnings" ] || fail "groff warns on the installed man page: $warnings"
fi

if [ $can_hide = 0 ]; then
  echo "SKIP: the installed copy works from $root, but hiding the source tree needs root and"
  echo "      'unshare -m'; so it is not proven that it reads nothing from $src"
  exit 77
fi
echo "install: OK ($mode; data from $root/share/mikiwame$([ $have_geoip = 1 ] && echo ', country/ASN from its geoip/'))"
