#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs every libFuzzer target for SECONDS each (default 60) with clang-14, starting from the
# seeds in fuzz/seeds/<target>/. A crash leaves its reproducer in build/fuzz/artifacts/;
# fix the bug and copy the reproducer into fuzz/seeds/<target>/ so every build replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
only="${2:-}"
cmake --preset fuzz >/dev/null
cmake --build build/fuzz -j "$(nproc)" >/dev/null
mkdir -p build/fuzz/artifacts build/fuzz/corpus
for bin in build/fuzz/fuzz/fuzz_*; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin")
  [ -n "$only" ] && [ "$name" != "$only" ] && continue
  mkdir -p "build/fuzz/corpus/$name"
  echo "fuzz: $name for ${seconds}s"
  "$bin" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="build/fuzz/artifacts/$name-" -print_final_stats=1 \
    "build/fuzz/corpus/$name" "fuzz/seeds/$name" 2>&1 | grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|==|SUMMARY|Done)" || true
done
