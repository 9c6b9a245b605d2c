#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `make bench` (docs/performance.md), Release build, pinned to one core (taskset -c 0):
#  1. Google Benchmark per stage over the corpus in memory (bench/bench_stages.cpp) and the
#     message-parser micro benchmarks (bench/bench_message.cpp);
#  2. the whole-corpus throughput run: messages/s, MB/s, CPU µs per stage, latency, peak RSS;
#  3. the same run on a copy of the catalogue with 300 synthetic brands added: what a larger
#     catalogue costs per message;
#  4. one-shot `mikiwame analyze` of the demo mail, cold and warm pattern cache (--stats).
# The corpus is ../shared/corpus (MIKIWAME_CORPUS_DIR elsewhere); without it the corpus runs
# are skipped and the stage benchmarks use the project's fixtures.
# MIKIWAME_BASELINE=DIR (a Release build directory of an earlier commit, e.g. made by
# `git worktree add ../baseline COMMIT` and `cmake --preset release`) runs that build's
# corpus_throughput in the same run, alternating with this one, three times each: the ratio of
# the medians is the speed-up (docs/performance.md).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${MIKIWAME_CORPUS_DIR:-../shared/corpus}"
bin=build/release
pin="taskset -c 0"

echo "== stage benchmarks (Google Benchmark, one core)"
MIKIWAME_CORPUS_DIR="$corpus" $pin $bin/bench/bench_stages --benchmark_min_time=1
$pin $bin/bench/bench_message --benchmark_min_time=0.5

if [ -d "$corpus" ]; then
  dirs=("$corpus/phish" "$corpus/ham" "$corpus/spam" "$corpus/ja")
  echo
  echo "== whole corpus, shipped catalogue"
  $pin $bin/bench/corpus_throughput "${dirs[@]}"
  if [ -n "${MIKIWAME_BASELINE:-}" ]; then
    echo
    echo "== this build vs the baseline ($MIKIWAME_BASELINE), whole pipeline, 3 runs each"
    for run in 1 2 3; do
      printf 'baseline  '; $pin "$MIKIWAME_BASELINE/bench/corpus_throughput" "${dirs[@]}" | grep '^pipeline'
      printf 'this      '; $pin $bin/bench/corpus_throughput --pipeline-only "${dirs[@]}" | grep '^pipeline'
    done
  fi
  big=$(mktemp -d)
  trap 'rm -rf "$big"' EXIT
  cp -r data/. "$big/"
  python3 bench/synthetic_brands.py 300 "$big/brands"
  echo
  echo "== whole corpus, catalogue + 300 synthetic brands ($(ls "$big/brands" | wc -l) brand files)"
  $pin $bin/bench/corpus_throughput --pipeline-only --data "$big" "${dirs[@]}"
  echo
  echo "== shipped vs larger catalogue, whole pipeline, alternating, 3 runs each"
  for run in 1 2 3; do
    printf 'shipped   '; $pin $bin/bench/corpus_throughput --pipeline-only "${dirs[@]}" | grep '^pipeline'
    printf '+300      '; $pin $bin/bench/corpus_throughput --pipeline-only --data "$big" "${dirs[@]}" | grep '^pipeline'
  done
else
  echo "bench: corpus not found at $corpus; skipping the whole-corpus runs"
fi

echo
echo "== one-shot analyze of the demo mail (CPU time from --stats)"
cache=$(mktemp -d)
for run in cold warm warm warm; do
  printf '%-5s ' "$run"
  XDG_CACHE_HOME="$cache" $pin $bin/apps/cli/mikiwame analyze --stats tests/fixtures/messages/demo-kagoya-phish.eml 2>&1 >/dev/null | sed 's/^mikiwame: stats: //'
done
rm -rf "$cache"
