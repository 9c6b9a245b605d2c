#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Browser tests of `mikiwame serve`'s page (tests/web/page.test.mjs): installs the test's npm
# packages (playwright-core, axe-core; pinned in tests/web/package-lock.json) when missing, starts
# a private server on 127.0.0.1 and a free port with a throw-away history, and drives Debian's
# chromium against it. Usage: web-test.sh MIKIWAME_BINARY ARTIFACTS_DIR. Exit 77: no node or
# chromium here (the test is skipped, not failed).
set -euo pipefail
bin=$(realpath "$1")
artifacts=$(realpath -m "${2:-build/web-artifacts}")
root=$(cd "$(dirname "$0")/.." && pwd)
chromium=${CHROMIUM:-/usr/bin/chromium}
if ! command -v node >/dev/null || [ ! -x "$chromium" ]; then
  echo "web-test: SKIP: needs node and $chromium (scripts/install-deps.sh installs chromium)" >&2
  exit 77
fi
cd "$root/tests/web"
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then
  echo "web-test: installing playwright-core and axe-core from the npm registry" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
mkdir -p "$artifacts"
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
cat >"$work/mikiwame.toml" <<TOML
[serve]
rate_limit_per_minute = 0
TOML
geoip=()
if [ -d "$root/var/geoip" ]; then geoip=(--geoip-dir "$root/var/geoip"); fi
"$bin" --config "$work/mikiwame.toml" serve --listen 127.0.0.1:0 --history-db "$work/history.sqlite" --quiet "${geoip[@]}" \
  >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 1 300); do
  if grep -q "listening on" "$work/serve.out" 2>/dev/null; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then cat "$work/serve.err" >&2; echo "web-test: the server did not start" >&2; exit 1; fi
  sleep 0.1
done
url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$work/serve.out")
echo "web-test: server at $url" >&2
MIKIWAME_URL="$url" MIKIWAME_ARTIFACTS="$artifacts" CHROMIUM="$chromium" MIKIWAME_FIXTURES="$root/tests/web/fixtures" \
  MIKIWAME_DEMO="$root/tests/fixtures/messages/demo-kagoya-phish.eml" node --test --test-concurrency=1 page.test.mjs
