#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# publish → worker → results through a private nats-server (scripts/nats-test.sh, 127.0.0.1
# only) on project-written mail: the golden lure fixtures, the demo mail and a two-message mbox.
# Checks: an unreachable broker is exit 69 with one line naming the URL; every mail gets exactly
# one stored report with the golden verdict, its location (file#offset inside the mbox) and
# label; publishing again is dropped as duplicates; reports of the same mails published again
# (as a redelivery does) are dropped by the results stream's message id, and reports reaching
# the collector twice are ignored by its sha256 key; SIGTERM stops a worker with exit 0; a mail
# over the broker's max_payload is refused (exit 65); --expect not reached is exit 75.
# Usage: nats_pipeline_test.sh MIKIWAME. Exit 77 (skipped) when nats-server is not installed.
set -euo pipefail

cli=$1
src=$(cd "$(dirname "$0")/../.." && pwd)
nt="$src/scripts/nats-test.sh"
command -v nats-server >/dev/null || { echo "SKIP: nats-server is not installed (scripts/install-deps.sh installs it)"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mikiwame-nats-pipeline.XXXXXX")
worker_pid=""
cleanup() {
  [ -n "$worker_pid" ] && kill -KILL "$worker_pid" 2>/dev/null || true
  "$nt" stop "$tmp/nats" >/dev/null 2>&1 || true
  [ -n "${KEEP_DIR:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok   $*"; }

# 1. No broker: one line naming the URL, exit 69 (EX_UNAVAILABLE).
rc=0
"$cli" publish --nats nats://127.0.0.1:1 "$src/tests/golden" >"$tmp/out" 2>"$tmp/err" || rc=$?
if [ "$rc" = 69 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && grep -q "nats://127.0.0.1:1: cannot connect" "$tmp/err"; then
  ok "unreachable broker: exit 69, one line"
else
  fail "unreachable broker: exit $rc, stderr: $(cat "$tmp/err")"
fi

url=$("$nt" start "$tmp/nats" 0)
write_config() { # FILE STREAM SUBJECT RESULTS_STREAM RESULTS_SUBJECT
  cat >"$1" <<CONF
[nats]
url = "$url"
stream = "$2"
subject = "$3"
results_stream = "$4"
results_subject = "$5"
ack_wait_seconds = 5
CONF
}
write_config "$tmp/a.toml" MAIL_A test.mail.a RESULTS_A test.results.a

# The mail: project-written fixtures only.
mkdir -p "$tmp/mail"
cp "$src"/tests/golden/*.eml "$src/tests/fixtures/messages/demo-kagoya-phish.eml" "$tmp/mail/"
printf 'From a@example.com Mon Jan  1 00:00:00 2024\nFrom: A <a@example.com>\nTo: b@example.org\nSubject: first of the box\nMessage-ID: <box1@example.com>\n\nPlain text, nothing to see.\n\nFrom b@example.com Mon Jan  1 00:00:01 2024\nFrom: B <b@example.com>\nTo: a@example.org\nSubject: second of the box\nMessage-ID: <box2@example.com>\n\n>From here the body goes on.\n' >"$tmp/mail/box.mbox"
expected=$(($(ls "$src"/tests/golden/*.eml | wc -l) + 3))

# scan --publish: the scan's mailbox listing fed to the work queue (the same as publish).
out=$("$cli" --config "$tmp/a.toml" scan --publish "$url" --label fixture "$tmp/mail")
echo "$out"
echo "$out" | grep -q ": $expected stored, 0 already in the stream" && ok "published $expected" || fail "publish: $out"
out=$("$cli" --config "$tmp/a.toml" publish --label fixture "$tmp/mail")
echo "$out" | grep -q ": 0 stored, $expected already in the stream" && ok "published again: all dropped as duplicates" || fail "publish again: $out"

"$cli" --config "$tmp/a.toml" worker -j 2 2>"$tmp/worker.err" &
worker_pid=$!
rc=0
"$cli" --config "$tmp/a.toml" results --db "$tmp/results.db" --output "$tmp/results.jsonl" --expect "$expected" --idle-timeout 120 \
  2>"$tmp/results.err" || rc=$?
cat "$tmp/results.err"
[ "$rc" = 0 ] && grep -q "$expected collected, 0 duplicates ignored" "$tmp/results.err" && ok "collected $expected" || fail "results exit $rc"

# 2. SIGTERM: the worker finishes and exits 0.
kill -TERM "$worker_pid"
rc=0
timeout 30 tail --pid="$worker_pid" -f /dev/null || true
wait "$worker_pid" || rc=$?
worker_pid=""
cat "$tmp/worker.err"
[ "$rc" = 0 ] && grep -q "stopped after .* $expected analysed, $expected reports stored" "$tmp/worker.err" && ok "worker: SIGTERM, exit 0" ||
  fail "worker exit $rc"

# 3. What was stored: one row per mail, golden verdicts, locations, labels, the JSONL.
python3 - "$tmp" "$src" "$expected" <<'PY' || failures=$((failures + 1))
import hashlib, json, os, sqlite3, sys
tmp, src, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = sqlite3.connect(os.path.join(tmp, "results.db")).execute("SELECT sha256, location, label, verdict, report FROM results").fetchall()
bad = []
if len(rows) != expected: bad.append(f"{len(rows)} rows, expected {expected}")
by_sha = {r[0]: r for r in rows}
for name in sorted(os.listdir(os.path.join(tmp, "mail"))):
    if not name.endswith(".eml"): continue
    path = os.path.join(tmp, "mail", name)
    sha = hashlib.sha256(open(path, "rb").read()).hexdigest()
    row = by_sha.get(sha)
    if not row: bad.append(f"{name}: no report"); continue
    if row[1] != path or row[2] != "fixture": bad.append(f"{name}: location/label {row[1]!r} {row[2]!r}")
    report = json.loads(row[4])
    # A forwarded report is the analysis of the message it forwards (its own hash); the row is
    # still keyed by the mail as published.
    if report["message"]["sha256"] != sha and report.get("forwarded") is None: bad.append(f"{name}: report of another mail")
    golden = os.path.join(src, "tests", "golden", name[:-4] + ".json")
    if os.path.exists(golden):
        want = json.load(open(golden))["verdict"]
        if row[3] != want: bad.append(f"{name}: verdict {row[3]}, golden {want}")
box = sorted(r[1] for r in rows if "box.mbox" in r[1])
want_box = [os.path.join(tmp, "mail", "box.mbox#0")]
raw = open(os.path.join(tmp, "mail", "box.mbox"), "rb").read()
want_box.append(os.path.join(tmp, "mail", "box.mbox#%d" % (raw.index(b"\n\nFrom b@") + 2)))
if box != sorted(want_box): bad.append(f"mbox locations {box}, expected {sorted(want_box)}")
lines = open(os.path.join(tmp, "results.jsonl")).read().splitlines()
if len(lines) != expected: bad.append(f"{len(lines)} JSONL lines")
for line in lines:
    j = json.loads(line)
    if j["report"]["schema"] != "mikiwame.report/1" or j["sha256"] not in by_sha: bad.append("JSONL line: " + line[:80])
for b in bad: print("FAIL:", b)
if not bad: print(f"ok   {expected} rows: golden verdicts, locations (mbox offsets), labels, JSONL")
sys.exit(1 if bad else 0)
PY

# 4. The same mails again through a second work stream into the same results stream (what a
# redelivered mail does): the results stream drops the repeated message ids.
write_config "$tmp/b.toml" MAIL_B test.mail.b RESULTS_A test.results.a
"$cli" --config "$tmp/b.toml" publish --label fixture "$tmp/mail" >/dev/null
# --idle-timeout: the worker ends by itself once the queue stays empty.
"$cli" --config "$tmp/b.toml" worker -j 2 --idle-timeout 3 2>"$tmp/worker-b.err" || fail "worker --idle-timeout: exit $?"
grep -q "$expected analysed, 0 reports stored, $expected already stored" "$tmp/worker-b.err" && ok "redelivered reports: dropped by the results stream (Nats-Msg-Id)" ||
  fail "second worker: $(tail -1 "$tmp/worker-b.err")"
rc=0
"$cli" --config "$tmp/a.toml" results --db "$tmp/results.db" --output "$tmp/results.jsonl" --idle-timeout 3 2>"$tmp/results2.err" || rc=$?
[ "$rc" = 0 ] && grep -q "0 collected, 0 duplicates ignored" "$tmp/results2.err" && ok "nothing new to collect" || fail "results again: $(cat "$tmp/results2.err")"

# 5. Reports of the same mails in another results stream, collected into the same database:
# the sha256 key ignores them.
write_config "$tmp/c.toml" MAIL_C test.mail.c RESULTS_C test.results.c
"$cli" --config "$tmp/c.toml" publish "$tmp/mail" >/dev/null
"$cli" --config "$tmp/c.toml" worker -j 2 --idle-timeout 3 2>"$tmp/worker-c.err" || fail "worker c: exit $?"
rc=0
"$cli" --config "$tmp/c.toml" results --db "$tmp/results.db" --idle-timeout 3 --expect 1 2>"$tmp/results3.err" || rc=$?
# --expect 1 is never reached (every report is a duplicate): the idle timeout ends it, exit 75.
[ "$rc" = 75 ] && grep -q "0 collected, $expected duplicates ignored" "$tmp/results3.err" && ok "duplicate reports ignored by the sha256 key; --expect not reached: exit 75" ||
  fail "results into the same db: exit $rc, $(cat "$tmp/results3.err")"
rows=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*), count(DISTINCT sha256) FROM results').fetchone())" "$tmp/results.db")
[ "$rows" = "($expected, $expected)" ] && ok "still $expected rows" || fail "rows after duplicates: $rows"

# 6. A mail over the broker's max_payload (8 MB here) is not sent: exit 65.
mkdir -p "$tmp/big"
{ printf 'From: a@example.com\nTo: b@example.org\nSubject: big\n\n'; head -c 9000000 /dev/zero | tr '\0' 'a' | fold -w 76; } >"$tmp/big/big.eml"
rc=0
out=$("$cli" --config "$tmp/a.toml" publish "$tmp/big" 2>"$tmp/big.err") || rc=$?
[ "$rc" = 65 ] && grep -q "over the broker's max_payload" "$tmp/big.err" && ok "oversized mail refused, exit 65" || fail "big mail: exit $rc, $out $(cat "$tmp/big.err")"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "nats pipeline: all checks passed"
