#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Scale-out acceptance (issue 14): a private nats-server (scripts/nats-test.sh, 127.0.0.1 only),
# 2,000 corpus mails published, three workers, one of them killed (SIGKILL) mid-run and the
# broker restarted once mid-run, then every mail must have exactly one stored report: the
# collector's table holds one row per distinct input sha256, none missing, none twice.
#
# The mails are the files under the corpus's phish/, ham/, spam/ and ja/ in sorted order; the
# corpus has fewer than 2,000, so the list is gone through again with a header line
# "X-Mikiwame-Load-Copy: N" put in front (a different mail, a different sha256). Identical
# files have equal sha256 and count once.
#
#   nats_acceptance_test.sh MIKIWAME            the acceptance run
#   nats_acceptance_test.sh MIKIWAME bench N    N workers (one analysis thread each), no kill,
#                                               no restart: prints messages/s and CPU per mail
#
# Uses the release CLI (build/release, built by `make test`) when it exists: under ASan the
# analyses take several times longer. NATS_ACCEPTANCE_MAILS changes the count (default 2000).
# Exit 77 (skipped) without nats-server or without ../shared/corpus (MIKIWAME_CORPUS_DIR).
set -euo pipefail

cli=$1
mode=${2:-acceptance}
bench_workers=${3:-1}
src=$(cd "$(dirname "$0")/../.." && pwd)
nt="$src/scripts/nats-test.sh"
corpus=${MIKIWAME_CORPUS_DIR:-$src/../shared/corpus}
mails=${NATS_ACCEPTANCE_MAILS:-2000}
skip() { echo "SKIP: $*"; exit 77; }
command -v nats-server >/dev/null || skip "nats-server is not installed (scripts/install-deps.sh installs it)"
[ -d "$corpus/phish" ] || skip "no corpus at $corpus"
if [ -x "$src/build/release/apps/cli/mikiwame" ]; then cli="$src/build/release/apps/cli/mikiwame"; fi
echo "using $cli"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mikiwame-nats-acceptance.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  "$nt" stop "$tmp/nats" >/dev/null 2>&1 || true
  if [ -n "${failed:-}" ]; then
    for f in "$tmp"/*.err; do echo "--- $f"; tail -15 "$f"; done
  fi
  [ -n "${KEEP_DIR:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT
failed=""
fail() { failed=1; echo "FAIL: $*"; exit 1; }
now() { date +%s.%N; }

# The mails and the distinct sha256 they should end with.
distinct=$(python3 - "$corpus" "$tmp" "$mails" <<'PY'
import hashlib, os, sys
corpus, tmp, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
files = []
for top in ("phish", "ham", "spam", "ja"):
    for root, _, names in os.walk(os.path.join(corpus, top)):
        files += [os.path.join(root, n) for n in names]
files.sort()
os.makedirs(os.path.join(tmp, "mail"))
shas = set()
for i in range(want):
    data = open(files[i % len(files)], "rb").read()
    copy = i // len(files)
    if copy:
        data = b"X-Mikiwame-Load-Copy: %d\r\n" % copy + data
    with open(os.path.join(tmp, "mail", "%05d.eml" % i), "wb") as f:
        f.write(data)
    shas.add(hashlib.sha256(data).hexdigest())
open(os.path.join(tmp, "expected.sha256"), "w").write("\n".join(sorted(shas)) + "\n")
print(len(shas))
PY
)
echo "$mails mails, $distinct distinct"

url=$("$nt" start "$tmp/nats" 0)
cat >"$tmp/mikiwame.toml" <<CONF
[nats]
url = "$url"
ack_wait_seconds = 10
CONF
m() { "$cli" --config "$tmp/mikiwame.toml" "$@"; }

t0=$(now)
out=$(m scan --publish "$url" "$tmp/mail" 2>"$tmp/publish.err") || fail "publish: $out"
echo "$out"
echo "$out" | grep -q ": $distinct stored, $((mails - distinct)) already in the stream" || fail "publish stored the wrong count"
t1=$(now)

rows() { python3 -c "import sqlite3,sys
try: print(sqlite3.connect(sys.argv[1], timeout=5).execute('SELECT count(*) FROM results').fetchone()[0])
except sqlite3.Error: print(0)" "$tmp/results.db"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

workers=3
[ "$mode" = bench ] && workers=$bench_workers
# Started directly, not through m(): $! must be the command's pid, not a subshell's.
"$cli" --config "$tmp/mikiwame.toml" results --db "$tmp/results.db" --expect "$distinct" --idle-timeout 300 2>"$tmp/results.err" &
collector=$!
pids+=("$collector")
worker_pids=()
t2=$(now)
for i in $(seq 1 "$workers"); do
  "$cli" --config "$tmp/mikiwame.toml" worker -j 1 --max-inflight 2 2>"$tmp/worker$i.err" &
  worker_pids+=($!)
  pids+=($!)
done

killed="" restarted=""
while kill -0 "$collector" 2>/dev/null; do
  sleep 1
  [ "$mode" = bench ] && continue
  n=$(rows)
  if [ -z "$killed" ] && [ "$n" -ge $((distinct / 4)) ]; then
    kill -KILL "${worker_pids[0]}"
    killed=$n
    echo "SIGKILL worker 1 at $n reports"
  elif [ -z "$restarted" ] && [ "$n" -ge $((distinct / 2)) ]; then
    "$nt" restart "$tmp/nats" >/dev/null
    restarted=$n
    echo "nats-server restarted at $n reports"
  fi
done
rc=0
wait "$collector" || rc=$?
t3=$(now)
cat "$tmp/results.err"
[ "$rc" = 0 ] || fail "results exit $rc"

cpu=0
first_live=1
[ "$mode" = bench ] && first_live=0
for i in $(seq "$first_live" $((workers - 1))); do
  p=${worker_pids[$i]}
  cpu=$((cpu + $(cpu_ticks "$p")))
  kill -TERM "$p"
  prc=0
  wait "$p" || prc=$?
  [ "$prc" = 0 ] || fail "worker $((i + 1)): exit $prc after SIGTERM"
  tail -1 "$tmp/worker$((i + 1)).err"
done

python3 - "$tmp" "$distinct" <<'PY' || fail "stored reports"
import sqlite3, sys
tmp, distinct = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(tmp + "/results.db")
total, unique = db.execute("SELECT count(*), count(DISTINCT sha256) FROM results").fetchone()
stored = {r[0] for r in db.execute("SELECT sha256 FROM results")}
expected = set(open(tmp + "/expected.sha256").read().split())
missing, extra = expected - stored, stored - expected
print(f"rows {total}, distinct sha256 {unique}, expected {len(expected)}, missing {len(missing)}, unexpected {len(extra)}")
sys.exit(0 if total == unique == len(expected) == distinct and not missing and not extra else 1)
PY

ticks=$(getconf CLK_TCK)
python3 - "$t0" "$t1" "$t2" "$t3" "$distinct" "$cpu" "$ticks" "$workers" "$mode" <<'PY'
import sys
t0, t1, t2, t3 = map(float, sys.argv[1:5]); n = int(sys.argv[5]); cpu = int(sys.argv[6]) / int(sys.argv[7])
workers, mode = int(sys.argv[8]), sys.argv[9]
print(f"publish: {n} mails in {t1 - t0:.1f} s ({n / (t1 - t0):.0f}/s)")
print(f"{mode}: {workers} worker(s): {n} reports stored in {t3 - t2:.1f} s wall ({n / (t3 - t2):.1f} messages/s, engine loading included)")
if mode == "bench":
    print(f"worker CPU {cpu:.1f} s in all: {1000 * cpu / n:.1f} ms per mail, {n / cpu:.1f} messages/s per busy core")
PY
echo "nats acceptance ($mode): passed"
