#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Differential check for speed work (docs/performance.md): scans the same mail with two builds
# of mikiwame and compares every report, ignoring only what names the build (engine commit,
# version). Usage: scripts/compare-reports.sh OLD_BINARY NEW_BINARY MAILDIR... ; exit 1 and the
# first differences when any report differs.
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 OLD_BINARY NEW_BINARY MAILDIR..." >&2
  exit 64
fi
old=$1 new=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
normalise() {
  # One line per mail, sorted by path, without the build's identity.
  python3 -c '
import json, sys
rows = []
for line in open(sys.argv[1], encoding="utf-8"):
    row = json.loads(line)
    row.pop("engine", None)
    source = row.get("source") or {}
    rows.append(((source.get("file") or "", source.get("offset") or 0), json.dumps(row, sort_keys=True, ensure_ascii=False)))
for _, text in sorted(rows):
    print(text)
' "$1"
}
# Both builds read the same IP databases (each would otherwise look beside its own checkout).
geoip=()
[ -d "$(dirname "$0")/../var/geoip" ] && geoip=(--geoip-dir "$(cd "$(dirname "$0")/.." && pwd)/var/geoip")
# scan exits 1 when it found phishing: only a missing result file is a failure here.
"$old" scan -q "${geoip[@]}" -j "$(nproc)" -o "$work/old.jsonl" "$@" || test -s "$work/old.jsonl"
"$new" scan -q "${geoip[@]}" -j "$(nproc)" -o "$work/new.jsonl" "$@" || test -s "$work/new.jsonl"
normalise "$work/old.jsonl" >"$work/old.txt"
normalise "$work/new.jsonl" >"$work/new.txt"
count=$(wc -l <"$work/new.txt")
if cmp -s "$work/old.txt" "$work/new.txt"; then
  echo "compare-reports: $count reports, all identical"
  exit 0
fi
differing=$(diff <(cut -c1-100000 "$work/old.txt") <(cut -c1-100000 "$work/new.txt") | grep -c '^>' || true)
echo "compare-reports: $count reports, $differing differ; first differences:"
python3 - "$work/old.txt" "$work/new.txt" <<'PY'
import difflib, json, sys
old = open(sys.argv[1], encoding="utf-8").read().splitlines()
new = open(sys.argv[2], encoding="utf-8").read().splitlines()
shown = 0
for a, b in zip(old, new):
    if a == b:
        continue
    ja, jb = json.loads(a), json.loads(b)
    for line in difflib.unified_diff(json.dumps(ja, indent=1, sort_keys=True, ensure_ascii=False).splitlines(),
                                     json.dumps(jb, indent=1, sort_keys=True, ensure_ascii=False).splitlines(), lineterm="", n=1):
        print(line)
    shown += 1
    if shown == 5:
        break
PY
exit 1
