#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The openspf RFC 7208 suite (../shared/corpus/suites/spf/rfc7208-tests.yml) against a real
# unbound started by scripts/dns-test.sh on 127.0.0.1, one server per scenario with that
# scenario's zone data. Prints every case and "N passed, M failed"; fails below 95 %.
# Skips (77) without the corpus or unbound.
set -euo pipefail
runner=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
suite=${MIKIWAME_CORPUS_DIR:-$root/../shared/corpus}/suites/spf/rfc7208-tests.yml
[ -f "$suite" ] || { echo "skipped: $suite not found (the shared corpus is absent)"; exit 77; }
command -v unbound >/dev/null || { echo "skipped: unbound is not installed"; exit 77; }
work=$(mktemp -d)
trap '"$root/scripts/dns-test.sh" stop "$work/dns" || true; rm -rf "$work"' EXIT
python3 "$here/spf_suite.py" "$suite" "$work/suite" >/dev/null
passed=0 failed=0
for scenario in "$work"/suite/s*; do
  port=$("$root/scripts/dns-test.sh" start "$work/dns" "$scenario/zones.conf")
  out=$("$runner" "$scenario/cases.json" "127.0.0.1@$port" | tr -d '\000')
  "$root/scripts/dns-test.sh" stop "$work/dns"
  echo "== $(basename "$scenario"): $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["description"])' "$scenario/cases.json")"
  echo "$out" | sed '$d'
  read -r p _ f _ <<<"$(echo "$out" | tail -1)"
  passed=$((passed + p)) failed=$((failed + f))
done
echo "$passed passed, $failed failed"
total=$((passed + failed))
[ "$total" -gt 0 ] && [ $((passed * 100)) -ge $((total * 95)) ]
