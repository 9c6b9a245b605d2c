#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# mikiwame milter inside a real Postfix (scripts/postfix-test.sh), one case per run:
#   postfix_integration.sh CASE MIKIWAME
# CASE: delivery | reject | quarantine | kill | sighup | online | load. Talks to 127.0.0.1 only. Stops
# its Postfix and milter and removes its folder on every exit, failed or not (a run killed
# by a timeout is cleaned up by the next one). Exit 77 (ctest: skipped) when postfix or swaks
# is not installed.
set -euo pipefail

case_name=${1:?case}
mikiwame=${2:?mikiwame binary}
src=$(cd "$(dirname "$0")/../.." && pwd)
pft="$src/scripts/postfix-test.sh"
fixtures="$src/tests/milter/fixtures"
corpus=${MIKIWAME_CORPUS_DIR:-$src/../shared/corpus}

skip() { echo "SKIP: $*"; exit 77; }
command -v postfix >/dev/null && command -v swaks >/dev/null ||
  skip "postfix or swaks is not installed (scripts/install-deps.sh installs them)"
[ "$(id -u)" = 0 ] || skip "a private Postfix instance needs root (it drops to its own users)"

dir="${TMPDIR:-/tmp}/mikiwame-postfix-it-$case_name"
top_dir=$dir
"$pft" stop "$dir/plain" >/dev/null 2>&1 || true
"$pft" stop "$dir" >/dev/null 2>&1 || true
rm -rf "$dir"
mkdir -p "$dir/send"

failed=""
cleanup() {
  local rc=$?
  "$pft" stop "$top_dir/plain" >/dev/null 2>&1 || true
  "$pft" stop "$top_dir" >/dev/null 2>&1 || true
  dir=$top_dir
  if [ -n "$failed" ] || [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; then
    echo "--- milter log (last 20 lines)"; tail -20 "$dir/milter.log" 2>/dev/null || true
    echo "--- milter stderr"; tail -20 "$dir/milter.stderr" 2>/dev/null || true
    echo "--- postfix log (last 30 lines)"; tail -30 "$dir/postfix.log" 2>/dev/null || true
  fi
  [ -n "${KEEP_DIR:-}" ] || rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

passed=0
fail() { failed=1; echo "FAIL: $*"; exit 1; }
ok() { passed=$((passed + 1)); echo "ok: $*"; }

# swaks exits 0 only when the server accepted the mail; the transcript is kept.
send() { # FILE [swaks args...]
  local file=$1
  shift
  swaks --server 127.0.0.1:2525 --from sender@outside.example --to user@test.example \
    --data "@$file" "$@" >"$dir/send/$(basename "$file").swaks" 2>&1
}

maildir_file() { # Message-ID (without <>) → the delivered file
  grep -l -F "Message-ID: <$1>" "$dir"/mail/Maildir/new/* 2>/dev/null | head -1 || true
}

# Header values of a delivered mail, unfolded, one per line (raw, not decoded).
header() { # FILE NAME
  python3 - "$1" "$2" <<'EOF'
import sys
raw = open(sys.argv[1], "rb").read()
head = raw.split(b"\n\n", 1)[0].decode("utf-8", "replace")
fields, name = [], sys.argv[2].lower()
for line in head.split("\n"):
    if line[:1] in (" ", "\t") and fields: fields[-1] += " " + line.strip()
    else: fields.append(line)
for f in fields:
    k, _, v = f.partition(":")
    if k.strip().lower() == name: print(v.strip())
EOF
}

decoded_subject() { # FILE
  python3 - "$1" <<'EOF'
import sys
from email import message_from_binary_file, policy
print(message_from_binary_file(open(sys.argv[1], "rb"), policy=policy.default)["Subject"])
EOF
}

# The JSON log line of the message Postfix queued as the delivered file's queue id.
log_line() { # FILE
  local id
  id=$(sed -n 's/.*by mx\.test\.example (Postfix) with E\?SMTP id \([0-9A-F]*\).*/\1/p' "$1" | head -1)
  [ -n "$id" ] || return 0
  grep -F "\"queue_id\":\"$id\"" "$dir/milter.log" | head -1 || true
}

# True when two mails have the same body (swaks adds a line end at the very end).
same_body() { # SENT DELIVERED
  python3 - "$1" "$2" <<'EOF'
import sys
body = lambda p: open(p, "rb").read().replace(b"\r\n", b"\n").split(b"\n\n", 1)[1].rstrip(b"\n")
sys.exit(0 if body(sys.argv[1]) == body(sys.argv[2]) else 1)
EOF
}

json_field() { # JSON FIELD
  python3 -c 'import json,sys; v=json.loads(sys.argv[1]).get(sys.argv[2]); print(v if not isinstance(v,list) else ",".join(v))' "$1" "$2"
}

queue_count() { # NAME
  "$pft" queue "$dir" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

# A mail with a NUL byte, a raw 8-bit header and 1,000 nested multiparts.
write_malformed() {
  python3 - "$1" <<'EOF'
import sys
depth = 1000
head = ("From: sender@outside.example\r\nTo: user@test.example\r\n"
        "Message-ID: <milter-fixture-malformed@outside.example>\r\n").encode()
head += "Subject: 8bit ヘッダー ".encode("shift_jis") + b"\xff\r\n"
head += "X-Comment: 生の UTF-8 ヘッダー\r\n".encode() + b"MIME-Version: 1.0\r\n"
body = b""
for level in range(depth):
    body += b"Content-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n--b%d\r\n" % (level, level)
body += b"Content-Type: text/plain\r\n\r\nNUL here:\x00 and after it.\r\n"
for level in reversed(range(depth)):
    body += b"\r\n--b%d--\r\n" % level
open(sys.argv[1], "wb").write(head + body)
EOF
}

# A mail over milter.max_message_bytes (set to 1 MiB below); FORGED adds X-Mikiwame-* headers.
write_oversize() { # FILE ID [FORGED]
  python3 - "$1" "$2" "${3:-}" <<'EOF'
import sys
path, msgid, forged = sys.argv[1], sys.argv[2], sys.argv[3]
lines = ["From: sender@outside.example", "To: user@test.example", "Subject: a large attachment",
         f"Message-ID: <{msgid}>", "MIME-Version: 1.0", "Content-Type: text/plain"]
if forged: lines[3:3] = ["X-Mikiwame-Verdict: clean", "X-Mikiwame-Score: 0.0"]
body = "".join(f"line {i:07d} of a long report, nothing to see here\n" for i in range(40000))
open(path, "w").write("\n".join(lines) + "\n\n" + body)
EOF
}

# Sends COUNT copies of ham.eml (X-Test-Seq numbered), STREAMS in parallel, like an MTA:
# a temporary failure is retried. Prints the number of retries.
send_many() { # COUNT STREAMS TAG
  local count=$1 streams=$2 tag=$3 s
  for s in $(seq 0 $((streams - 1))); do
    (
      retries=0
      for i in $(seq $((s + 1)) "$streams" "$count"); do
        for try in 1 2 3 4 5 6 7 8 9 10; do
          if send "$fixtures/ham.eml" --header "Message-ID: <$tag-$i@outside.example>" --add-header "X-Test-Seq: $i"; then
            break
          fi
          retries=$((retries + 1))
          sleep 1
        done
      done
      echo "$retries" >"$dir/send/retries.$tag.$s"
    ) &
  done
  wait
  cat "$dir"/send/retries."$tag".* | awk '{n += $1} END {print n + 0}'
}

# Sequence numbers X-Test-Seq found in the Maildir and in the queue (deferred, hold…).
seen_sequences() {
  {
    grep -h '^X-Test-Seq:' "$dir"/mail/Maildir/new/* 2>/dev/null | awk '{print $2}'
    for f in $(find "$dir/spool/deferred" "$dir/spool/active" "$dir/spool/incoming" -type f 2>/dev/null); do
      postcat -c "$dir/etc" -bh "$f" 2>/dev/null | sed -n 's/^X-Test-Seq: //p'
    done
  } | sort -n | uniq
}

milter_messages() { grep -c '"event":"message"' "$dir/milter.log" 2>/dev/null || true; }

case $case_name in
delivery)
  export MILTER_SET='max_message_bytes = 1048576'
  "$pft" start "$dir" "$mikiwame"
  write_malformed "$dir/send/malformed.eml"
  write_oversize "$dir/send/oversize.eml" milter-fixture-oversize@outside.example
  write_oversize "$dir/send/oversize-forged.eml" milter-fixture-oversize-forged@outside.example forged
  for f in phishing-en phishing-ja spam ham forged-clean; do
    send "$fixtures/$f.eml" || fail "swaks $f: $(tail -3 "$dir/send/$f.eml.swaks")"
  done
  for f in malformed oversize oversize-forged; do
    send "$dir/send/$f.eml" || fail "swaks $f: $(tail -3 "$dir/send/$f.eml.swaks")"
  done
  "$pft" wait "$dir" 8 120

  f=$(maildir_file milter-fixture-phishing-en@kontor-updates.example)
  [ -n "$f" ] || fail "phishing-en not delivered"
  [ "$(header "$f" X-Mikiwame-Verdict)" = phishing ] || fail "phishing-en verdict: $(header "$f" X-Mikiwame-Verdict)"
  [[ "$(header "$f" X-Mikiwame-Score)" =~ ^[0-9]+\.[0-9]$ ]] || fail "phishing-en score"
  header "$f" X-Mikiwame-Findings | grep -q 'url.text_href_mismatch' || fail "phishing-en findings"
  header "$f" X-Mikiwame-Report | grep -q '^phishing (score .*, claims Microsoft): ' || fail "phishing-en report: $(header "$f" X-Mikiwame-Report)"
  # The fixture's Authentication-Results sits below the sender's own Received field (under
  # relay.outside.example's name): at the receiver the engine does not trust it, and the line
  # says so.
  header "$f" X-Mikiwame-Authentication-Results | grep -q '^mx.test.example; none (as read by mikiwame' ||
    fail "phishing-en auth: $(header "$f" X-Mikiwame-Authentication-Results)"
  [ "$(header "$f" Subject)" = "[phishing] Unusual sign-in activity - action required within 24 hours" ] ||
    fail "phishing-en subject: $(header "$f" Subject)"
  ok "phishing (en): verdict, score, findings, report, auth line and [phishing] tag"

  f=$(maildir_file milter-fixture-phishing-ja@support-center.example)
  [ -n "$f" ] || fail "phishing-ja not delivered"
  [ "$(header "$f" X-Mikiwame-Verdict)" = phishing ] || fail "phishing-ja verdict"
  header "$f" Subject | grep -q '^=?UTF-8?B?[^ ]*?= =?ISO-2022-JP?B?' || fail "phishing-ja raw subject: $(header "$f" Subject)"
  [ "$(decoded_subject "$f")" = "【フィッシング注意】 【重要】メールアカウントの容量が上限に達しました" ] ||
    fail "phishing-ja decoded subject: $(decoded_subject "$f")"
  ok "phishing (ja): encoded 【フィッシング注意】 tag before the ISO-2022-JP subject decodes right"

  f=$(maildir_file milter-fixture-spam@promo-mailer.example)
  [ "$(header "$f" X-Mikiwame-Verdict)" = spam ] || fail "spam verdict: $(header "$f" X-Mikiwame-Verdict)"
  [ "$(header "$f" Subject)" = "[spam] [SPAM] 90% OFF designer watches - today only" ] || fail "spam subject: $(header "$f" Subject)"
  ok "spam: verdict and [spam] tag"

  f=$(maildir_file milter-fixture-ham@partner-office.example)
  [ "$(header "$f" X-Mikiwame-Verdict)" = clean ] || fail "ham verdict: $(header "$f" X-Mikiwame-Verdict)"
  [ "$(header "$f" Subject)" = "Minutes of Thursday's meeting" ] || fail "ham subject changed"
  [ "$(header "$f" X-Mikiwame-Findings)" = none ] || fail "ham findings"
  ok "ham: clean, subject untouched"

  f=$(maildir_file milter-fixture-forged-clean@kontor-updates.example)
  [ "$(header "$f" X-Mikiwame-Verdict)" = phishing ] || fail "forged: verdicts are '$(header "$f" X-Mikiwame-Verdict | tr '\n' '|')'"
  [ "$(header "$f" X-Mikiwame-Score | wc -l)" = 1 ] || fail "forged: score headers"
  [ "$(json_field "$(log_line "$f")" removed_headers)" = 2 ] || fail "forged: log does not count 2 removed headers"
  ok "forged X-Mikiwame-Verdict: clean removed, only mikiwame's own verdict left"

  f=$(maildir_file milter-fixture-oversize@outside.example)
  [ -n "$f" ] || fail "oversize not delivered"
  ! grep -qi '^X-Mikiwame' "$f" || fail "oversize: got X-Mikiwame headers"
  same_body "$dir/send/oversize.eml" "$f" || fail "oversize: body changed"
  [ "$(header "$f" Subject)" = "a large attachment" ] || fail "oversize: subject changed"
  line=$(log_line "$f")
  [ "$(json_field "$line" action)" = accept ] && json_field "$line" reason | grep -q 'max_message_bytes=1048576' ||
    fail "oversize log line: $line"
  ok "over-size mail ($(stat -c %s "$dir/send/oversize.eml") bytes) passed unchanged, logged: $(json_field "$line" reason)"

  f=$(maildir_file milter-fixture-oversize-forged@outside.example)
  ! grep -qi '^X-Mikiwame' "$f" || fail "oversize-forged: forged headers kept"
  ok "over-size mail: forged X-Mikiwame-* headers still removed"

  f=$(maildir_file milter-fixture-malformed@outside.example)
  [ -n "$f" ] || fail "malformed not delivered"
  grep -q -a -F 'NUL here:' "$f" || fail "malformed: body lost"
  line=$(log_line "$f")
  [ -n "$line" ] || fail "malformed: no log line"
  ok "malformed (NUL, 8-bit header, 1,000-deep multipart) delivered: verdict $(json_field "$line" verdict), action $(json_field "$line" action), findings $(json_field "$line" findings)"

  for f in "$dir"/mail/Maildir/new/*; do
    [ -n "$(log_line "$f")" ] || fail "no log line for $(header "$f" Message-ID)"
  done
  [ "$(milter_messages)" = 8 ] || fail "log has $(milter_messages) message lines, want 8"
  grep -q '"event":"start".*"libmilter"' "$dir/milter.log" || fail "no start line"
  ok "one JSON log line per mail (8) and a start line with versions and data"

  pid=$(cat "$dir/milter.pid")
  kill -TERM "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  ! kill -0 "$pid" 2>/dev/null || fail "the milter did not stop on SIGTERM"
  grep -q '"event":"stop","unfinished":0' "$dir/milter.log" || fail "no clean stop line"
  ok "SIGTERM: stopped cleanly"
  ;;

reject)
  export MILTER_SET='on_phishing = ["reject"]
reject_text = "Refused by the integration test: 100% phishing"'
  "$pft" start "$dir" "$mikiwame"
  if send "$fixtures/phishing-en.eml"; then fail "phishing accepted despite reject"; fi
  grep -q '<\*\* *550 5.7.1 Refused by the integration test: 100% phishing' "$dir/send/phishing-en.eml.swaks" ||
    fail "swaks transcript: $(grep '<' "$dir/send/phishing-en.eml.swaks" | tail -3)"
  ok "phishing refused with '550 5.7.1 Refused by the integration test: 100% phishing'"
  send "$fixtures/ham.eml" || fail "ham refused"
  "$pft" wait "$dir" 1 60
  [ -z "$(maildir_file milter-fixture-phishing-en@kontor-updates.example)" ] || fail "phishing delivered"
  grep -q '"action":"reject"' "$dir/milter.log" || fail "no reject in the log"
  ok "ham delivered, phishing not, log says reject"
  ;;

quarantine)
  export MILTER_SET='on_phishing = ["headers", "quarantine"]'
  "$pft" start "$dir" "$mikiwame"
  send "$fixtures/phishing-en.eml" || fail "phishing refused"
  send "$fixtures/ham.eml" || fail "ham refused"
  "$pft" wait "$dir" 1 60
  sleep 1
  held=$(postqueue -c "$dir/etc" -j)
  echo "$held" | grep -q '"queue_name": *"hold"' || fail "postqueue -j shows no held mail: $held"
  echo "$held" | grep -q '"sender": *"sender@outside.example"' || fail "held mail is not the sent one: $held"
  [ "$(queue_count hold)" = 1 ] || fail "hold queue: $("$pft" queue "$dir")"
  [ -z "$(maildir_file milter-fixture-phishing-en@kontor-updates.example)" ] || fail "phishing delivered"
  grep -q '"action":"headers,quarantine"' "$dir/milter.log" || fail "no quarantine in the log"
  ok "phishing in the hold queue (postqueue -j), ham delivered"
  ;;

kill)
  "$pft" start "$dir" "$mikiwame"
  total=200
  (
    # Kill the milter once it has judged 40 mails, in the middle of the send.
    for _ in $(seq 1 600); do
      [ "$(milter_messages)" -ge 40 ] && break
      sleep 0.05
    done
    kill -KILL "$(cat "$dir/milter.pid")"
    echo "killed after $(milter_messages) mails" >"$dir/send/killed"
  ) &
  killer=$!
  retries=$(send_many "$total" 4 kill)
  wait "$killer"
  "$pft" flush "$dir"
  for _ in $(seq 1 600); do
    q=$("$pft" queue "$dir")
    [ "$(( $("$pft" count "$dir") + $(queue_count deferred) ))" -ge "$total" ] &&
      [ "$(queue_count active)" = 0 ] && [ "$(queue_count incoming)" = 0 ] && break
    sleep 0.1
  done
  delivered=$("$pft" count "$dir")
  deferred=$(queue_count deferred)
  [ "$(seen_sequences | wc -l)" = "$total" ] || fail "lost mails: $(seen_sequences | wc -l) of $total distinct mails found ($delivered delivered, $deferred deferred)"
  judged=$(grep -l '^X-Mikiwame-Verdict' "$dir"/mail/Maildir/new/* | wc -l)
  [ "$judged" -ge 40 ] && [ "$judged" -lt "$total" ] || fail "the kill did not fall inside the send ($judged judged)"
  ok "milter killed ($(cat "$dir/send/killed")) while sending $total: $delivered delivered + $deferred deferred = $total, none lost; $judged judged before the kill, $retries client retries"
  ;;

online)
  # [online] enabled against a private unbound with the project's zones (scripts/dns-test.sh).
  # swaks sends through XCLIENT as the public client the zones know: Postfix hands that address,
  # HELO and MAIL FROM to the milter, which feeds them to SPF.
  command -v unbound >/dev/null || skip "unbound is not installed"
  dns_port=$("$src/scripts/dns-test.sh" start "$dir/dns" "$src/tests/fixtures/auth/zones.conf")
  trap 'rc=$?; "$src/scripts/dns-test.sh" stop "$top_dir/dns" >/dev/null 2>&1 || true; (exit $rc); cleanup' EXIT
  export MIKIWAME_TOP="[online]
enabled = true
resolver = \"127.0.0.1@$dns_port\"
dnssec = false
timeout_ms = 500
fcrdns = true"
  export POSTFIX_MAIN_SET='smtpd_authorized_xclient_hosts = 127.0.0.0/8'
  "$pft" start "$dir" "$mikiwame"
  for who in genuine:93.184.216.34 forged:93.184.216.66; do
    name=${who%%:*} ip=${who#*:}
    printf 'From: Sender News <news@sender.example>\r\nTo: user@test.example\r\nSubject: online %s\r\nMessage-ID: <milter-online-%s@sender.example>\r\nDate: Mon, 1 Jan 2024 00:00:00 +0900\r\n\r\nMonthly news.\r\n' \
      "$name" "$name" >"$dir/send/$name.eml"
    swaks --server 127.0.0.1:2525 --from bounce@bounce.sender.example --to user@test.example --helo mail.sender.example \
      --xclient "ADDR=$ip NAME=[UNAVAILABLE] HELO=mail.sender.example" --data "@$dir/send/$name.eml" \
      >"$dir/send/$name.swaks" 2>&1 || fail "swaks $name: $(tail -3 "$dir/send/$name.swaks")"
  done
  "$pft" wait "$dir" 2 60
  f=$(maildir_file milter-online-genuine@sender.example)
  [ -n "$f" ] || fail "genuine mail not delivered"
  ar=$(header "$f" X-Mikiwame-Authentication-Results)
  [[ "$ar" == *"spf=pass"*"dmarc=pass"*"(verified by mikiwame)"* ]] || fail "genuine: $ar"
  ok "93.184.216.34, HELO mail.sender.example, MAIL FROM bounce.sender.example: $ar"
  f=$(maildir_file milter-online-forged@sender.example)
  [ -n "$f" ] || fail "forged mail not delivered"
  ar=$(header "$f" X-Mikiwame-Authentication-Results)
  [[ "$ar" == *"spf=fail"*"dmarc=fail"*"(verified by mikiwame)"* ]] || fail "forged: $ar"
  header "$f" X-Mikiwame-Findings | grep -q 'auth.spf_fail' || fail "forged findings: $(header "$f" X-Mikiwame-Findings)"
  ok "93.184.216.66 with the same MAIL FROM: $ar"
  ;;

sighup)  cp -r "$src/data" "$dir/data-copy"
  export MIKIWAME_TOP="data_dir = \"$dir/data-copy\""
  "$pft" start "$dir" "$mikiwame"
  send "$fixtures/brand-reload.eml" || fail "brand mail refused"
  "$pft" wait "$dir" 1 60
  f=$(maildir_file milter-fixture-brand-reload@mkw-secure-login.example)
  ! header "$f" X-Mikiwame-Report | grep -q 'Mikiwame Test Bank' || fail "brand known before the reload"
  total=100
  (
    for _ in $(seq 1 600); do
      [ "$(milter_messages)" -ge 30 ] && break
      sleep 0.05
    done
    cat >"$dir/data-copy/brands/mikiwame_test_bank.toml" <<'EOF'
# A brand that exists only in the SIGHUP test's copy of data/.
id = "mikiwame_test_bank"
category = "bank"
home_country = "JP"

[names]
en = ["Mikiwame Test Bank"]
aliases = []

[match]
tokens = ["mikiwametestbank"]
ambiguous = false

[domains]
official = ["mikiwame-test-bank.example"]
EOF
    kill -HUP "$(cat "$dir/milter.pid")"
    echo "reloaded after $(milter_messages) mails" >"$dir/send/hup"
  ) &
  hupper=$!
  retries=$(send_many "$total" 2 hup)
  wait "$hupper"
  "$pft" wait "$dir" $((total + 1)) 120
  grep -q '"event":"reload".*"ok":true' "$dir/milter.log" || fail "no successful reload: $(grep reload "$dir/milter.log")"
  judged=$(grep -l '^X-Mikiwame-Verdict' "$dir"/mail/Maildir/new/* | wc -l)
  [ "$judged" = $((total + 1)) ] || fail "only $judged of $((total + 1)) mails carry a verdict"
  [ "$retries" = 0 ] || fail "$retries temporary failures during the reload"
  gens=$(grep '"event":"message"' "$dir/milter.log" | sed -n 's/.*"generation":\([0-9]*\).*/\1/p' | sort -u | tr '\n' ' ')
  [ "$gens" = "1 2 " ] || fail "messages on engine generations '$gens', want 1 and 2"
  ok "SIGHUP during $total mails ($(cat "$dir/send/hup")): all delivered and judged, none retried, generations 1 then 2"
  send "$fixtures/brand-reload.eml" --header "Message-ID: <milter-fixture-brand-reload-after@mkw-secure-login.example>" ||
    fail "brand mail refused"
  "$pft" wait "$dir" $((total + 2)) 60
  f=$(maildir_file milter-fixture-brand-reload-after@mkw-secure-login.example)
  header "$f" X-Mikiwame-Report | grep -q 'claims Mikiwame Test Bank' || fail "new brand not in use: $(header "$f" X-Mikiwame-Report)"
  header "$f" X-Mikiwame-Findings | grep -q 'sender.display_brand_mismatch' || fail "new brand finding missing"
  ok "the brand added to the data copy is in the headers after the reload: $(header "$f" X-Mikiwame-Report | cut -c1-80)…"
  ;;

load)
  [ -d "$corpus/phish" ] || skip "no corpus at $corpus (../shared/corpus): the load test sends corpus mail"
  command -v smtp-source >/dev/null || skip "smtp-source (postfix) is not installed"
  total=5000
  streams=20
  files_per_stream=10
  per_file=$((total / streams / files_per_stream))
  # A fixed set of 200 corpus mails (every n-th file of the sorted folders), LF line ends:
  # smtp-source -F adds CRLF itself.
  load_dir="$dir/load"
  mkdir -p "$load_dir"
  python3 "$src/tests/milter/load_set.py" "$corpus" "$load_dir" $((streams * files_per_stream))
  run_load() { # prints elapsed seconds, from the first connection to the last delivery
    local t0 t1 s
    t0=$(date +%s.%N)
    for s in $(seq 0 $((streams - 1))); do
      (
        for k in $(seq 0 $((files_per_stream - 1))); do
          smtp-source -s 1 -m "$per_file" -f sender@outside.example -t user@test.example \
            -F "$load_dir/$(printf %03d $((s * files_per_stream + k))).eml" 127.0.0.1:2525 ||
            echo "smtp-source failed" >>"$top_dir/send/load-errors"
        done
      ) &
    done
    wait
    "$pft" wait "$dir" "$total" 900 >&2 || true
    t1=$(date +%s.%N)
    python3 -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.1f}")' "$t0" "$t1"
  }
  rate() { python3 -c 'import sys; print(f"{int(sys.argv[1]) / float(sys.argv[2]):.0f}")' "$total" "$1"; }

  "$pft" start "$dir" "$mikiwame"
  with_s=$(run_load)
  with_delivered=$("$pft" count "$dir")
  with_queue=$("$pft" queue "$dir")
  [ ! -s "$dir/send/load-errors" ] || fail "smtp-source errors: $(sort "$dir/send/load-errors" | uniq -c)"
  [ "$with_delivered" = "$total" ] || fail "with the milter: $with_delivered of $total delivered ($with_queue)"
  [ "$(queue_count deferred)" = 0 ] && [ "$(queue_count hold)" = 0 ] || fail "with the milter: $with_queue"
  stats=$(python3 "$src/tests/milter/log_stats.py" "$dir/milter.log")
  "$pft" stop "$dir"

  base="$dir/plain"
  mkdir -p "$base"
  POSTFIX_MILTER=none "$pft" start "$base"
  dir_with=$dir
  dir=$base
  without_s=$(run_load)
  without_delivered=$("$pft" count "$dir")
  "$pft" stop "$dir"
  dir=$dir_with
  [ "$without_delivered" = "$total" ] || fail "without the milter: $without_delivered of $total delivered"
  ok "$total corpus mails, $streams sessions, through the milter: all delivered, none deferred or held: $with_s s = $(rate "$with_s") mails/s"
  ok "the same without the milter: $without_s s = $(rate "$without_s") mails/s"
  ok "milter log: $stats"
  echo "with=$with_s without=$without_s" >"${TMPDIR:-/tmp}/mikiwame-milter-load-figures"
  ;;

*)
  echo "unknown case $case_name" >&2
  exit 2
  ;;
esac
echo "$passed passed, 0 failed"
