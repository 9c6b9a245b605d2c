#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `make serve-load`: 2,000 analyses from 16 clients against a private `mikiwame serve` on
# 127.0.0.1 (rate limit off, throw-away history), with the project's own test mails (and the
# shared corpus' when present). Prints throughput, p50/p99 latency, errors and memory.
# Usage: serve-load.sh MIKIWAME_BINARY [TOTAL] [CLIENTS]
set -euo pipefail
bin=$(realpath "$1")
total=${2:-2000}
clients=${3:-16}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
pid=""
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT
printf '[serve]\nrate_limit_per_minute = 0\nthreads = %s\n' "$clients" >"$work/mikiwame.toml"
geoip=()
if [ -d "$root/var/geoip" ]; then geoip=(--geoip-dir "$root/var/geoip"); fi
"$bin" --config "$work/mikiwame.toml" serve --listen 127.0.0.1:0 --history-db "$work/history.sqlite" --quiet "${geoip[@]}" >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 1 300); do grep -q "listening on" "$work/out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$work/out")
mapfile -t mails < <(find "$root/tests/cases" "$root/tests/fixtures/messages" "$root/tests/web/fixtures" -name '*.eml' | sort)
corpus="$root/../shared/corpus"
if [ -d "$corpus" ]; then
  mapfile -t -O "${#mails[@]}" mails < <(find "$corpus/phish" "$corpus/ham" "$corpus/ja" -type f -size -1000k 2>/dev/null | sort | head -800)
fi
echo "serve-load: $url, ${#mails[@]} distinct mails, $total analyses, $clients clients" >&2
# Warm-up (each thread's context, the page cache), not measured.
python3 "$root/scripts/serve-load.py" "$url" "$pid" 64 "$clients" "${mails[@]:0:64}" >/dev/null || true
python3 "$root/scripts/serve-load.py" "$url" "$pid" "$total" "$clients" "${mails[@]}"
