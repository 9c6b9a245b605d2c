#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Benchmarks on one core (taskset -c 0), Release build: Google Benchmark for the stages and
# the whole-corpus throughput run over ../shared/corpus (skipped when absent).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${MIKIWAME_CORPUS_DIR:-../shared/corpus}"
taskset -c 0 build/release/bench/bench_message --benchmark_min_time=0.5
if [ -d "$corpus" ]; then
  taskset -c 0 build/release/bench/corpus_throughput "$corpus/phish" "$corpus/ham" "$corpus/spam" "$corpus/ja"
else
  echo "bench: corpus not found at $corpus; skipping the corpus throughput run"
fi
