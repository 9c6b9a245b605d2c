#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Trains the shipped statistical content model, data/model/content.model (docs/model.md), from
# the shared corpus with every upstream filter's verdict removed (the strip tool beside the
# corpus) and the project's own training mail (training/). Nothing else: no other copy of the
# corpus' public sources. Usage: scripts/train-model.sh [OUTPUT]   (`make model` runs it)
# Environment: MIKIWAME_CORPUS_DIR (default ../shared/corpus), MIKIWAME_STRIP_TOOL (default
# <corpus>/../tools/strip-upstream.py), MIKIWAME_BIN (default build/release/apps/cli/mikiwame).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${MIKIWAME_CORPUS_DIR:-$repo/../shared/corpus}"
strip="${MIKIWAME_STRIP_TOOL:-$corpus/../tools/strip-upstream.py}"
bin="${MIKIWAME_BIN:-$repo/build/release/apps/cli/mikiwame}"
output="${1:-$repo/data/model/content.model}"

for need in "$corpus/phish" "$strip" "$bin"; do
  if [ ! -e "$need" ]; then
    echo "train-model: $need not found (see docs/model.md)" >&2
    exit 66
  fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for folder in phish spam ham ja/phish ja/spam ja/ham; do
  python3 "$strip" "$corpus/$folder" "$work/$folder" >/dev/null
done
# An empty configuration: a site's /etc/mikiwame/mikiwame.toml must not change the shipped model.
"$bin" --config /dev/null learn --data "$repo/data" -o "$output" \
  --phish "$work/phish" --phish "$work/ja/phish" \
  --spam "$work/spam" --spam "$work/ja/spam" \
  --ham "$work/ham" --ham "$work/ja/ham" --ham "$repo/training/ham"
