#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A private Postfix with mikiwame as its milter, for tests and for trying it by hand
# (docs/milter.md). Everything lives under DIR: config_directory DIR/etc, queue_directory
# DIR/spool, data_directory DIR/data, mail for @test.example delivered into the Maildir
# DIR/mail/Maildir by virtual(8), Postfix's log in DIR/postfix.log. SMTP on 127.0.0.1:2525
# (POSTFIX_TEST_PORT), no DNS lookups. The system's own Postfix is never touched.
#
# The milter lines of main.cf and the [milter] section of mikiwame.toml are read from
# docs/milter.md (the blocks marked "postfix-test: …"), so the page is what the tests run.
#
#   postfix-test.sh start DIR [MIKIWAME]  start the milter (when MIKIWAME is given) and Postfix
#   postfix-test.sh stop DIR              stop both (SIGTERM to the milter); safe to repeat
#   postfix-test.sh milter-start DIR      (re)start the milter alone
#   postfix-test.sh wait DIR N [SECONDS]  wait until N mails are in the Maildir (default 60 s)
#   postfix-test.sh flush DIR             retry deferred mail now
#   postfix-test.sh queue DIR             "incoming=N active=N deferred=N hold=N maildrop=N"
#   postfix-test.sh count DIR             mails delivered into the Maildir
#
# Environment: POSTFIX_TEST_PORT (2525); MILTER_SET, lines "key = value" that replace or add
# keys of the [milter] section; MIKIWAME_TOP, lines put before it (e.g. data_dir = "…");
# POSTFIX_MILTER=none for a Postfix without the milter; POSTFIX_MAIN_SET, lines added to main.cf
# (e.g. smtpd_authorized_xclient_hosts for a test that sends as another client with XCLIENT).
# Runs as root (as the tests do); Postfix drops to its own users.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
doc="$root/docs/milter.md"
port=${POSTFIX_TEST_PORT:-2525}

die() { echo "postfix-test: $*" >&2; exit 1; }

# The fenced block after the marker "<!-- postfix-test: NAME -->" in docs/milter.md.
doc_block() {
  python3 - "$doc" "$1" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"<!-- postfix-test: " + re.escape(sys.argv[2]) + r" -->\s*```[^\n]*\n(.*?)```", text, re.S)
if not m:
    sys.exit(f"postfix-test: no block '{sys.argv[2]}' in {sys.argv[1]}")
sys.stdout.write(m.group(1))
EOF
}

# mikiwame.toml: the page's [milter] block, keys replaced or added from MILTER_SET.
write_toml() {
  local dir=$1
  { printf '%s\n' "${MIKIWAME_TOP:-}"; doc_block mikiwame.toml; echo "log_file = \"milter.log\""; } | python3 -c '
import sys
lines = sys.stdin.read().splitlines()
for extra in [l for l in sys.argv[1].splitlines() if l.strip()]:
    key = extra.split("=", 1)[0].strip()
    hit = [i for i, l in enumerate(lines) if l.split("=", 1)[0].strip() == key]
    if hit: lines[hit[0]] = extra
    else: lines.append(extra)
print("\n".join(lines))' "${MILTER_SET:-}" >"$dir/mikiwame.toml"
}

write_postfix_config() {
  local dir=$1
  mkdir -p "$dir/etc" "$dir/spool" "$dir/data" "$dir/mail"
  # Postfix's daemons (user postfix) and virtual(8) (user nobody) walk into DIR.
  chmod 755 "$dir"
  chown nobody:nogroup "$dir/mail"
  chown postfix:postfix "$dir/data"
  cat >"$dir/etc/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $dir/spool
data_directory = $dir/data
mail_owner = postfix
setgid_group = postdrop
maillog_file = $dir/postfix.log
maillog_file_prefixes = $dir
myhostname = mx.test.example
mydomain = test.example
myorigin = \$mydomain
mydestination = localhost
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
smtputf8_enable = no
biff = no
alias_maps =
alias_database =
message_size_limit = 52428800
virtual_mailbox_limit = 0
# No DNS at all: the tests talk only to 127.0.0.1.
smtp_host_lookup = native
lmtp_host_lookup = native
disable_dns_lookups = yes
smtp_dns_support_level = disabled
smtpd_peername_lookup = no
# Every recipient at test.example lands in one Maildir.
virtual_mailbox_domains = test.example
virtual_mailbox_base = $dir/mail
virtual_mailbox_maps = static:Maildir/
virtual_uid_maps = static:$(id -u nobody)
virtual_gid_maps = static:$(id -g nobody)
virtual_destination_concurrency_limit = 20
# Deferred mail is retried by "flush", not by the clock, so counts stay put during a test.
minimal_backoff_time = 1h
maximal_backoff_time = 2h
queue_run_delay = 1h
EOF
  [ -z "${POSTFIX_MAIN_SET:-}" ] || printf '%s\n' "$POSTFIX_MAIN_SET" >>"$dir/etc/main.cf"
  if [ "${POSTFIX_MILTER:-}" != none ]; then
    { echo "# docs/milter.md, as written:"; doc_block main.cf; } >>"$dir/etc/main.cf"
  fi
  # No chroot: the paths above are the real ones.
  cat >"$dir/etc/master.cf" <<EOF
127.0.0.1:$port inet n - n - - smtpd
pickup    unix  n - n 60   1 pickup
cleanup   unix  n - n -    0 cleanup
qmgr      unix  n - n 300  1 qmgr
rewrite   unix  - - n -    - trivial-rewrite
bounce    unix  - - n -    0 bounce
defer     unix  - - n -    0 bounce
trace     unix  - - n -    0 bounce
verify    unix  - - n -    1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n -    - proxymap
smtp      unix  - - n -    - smtp
relay     unix  - - n -    - smtp
showq     unix  n - n -    - showq
error     unix  - - n -    - error
retry     unix  - - n -    - error
discard   unix  - - n -    - discard
local     unix  - n n -    - local
virtual   unix  - n n -    - virtual
lmtp      unix  - - n -    - lmtp
anvil     unix  - - n -    1 anvil
scache    unix  - - n -    1 scache
postlog   unix-dgram n - n - 1 postlogd
EOF
}

milter_port() {
  doc_block mikiwame.toml | sed -n 's/^listen *= *"inet:\([0-9]*\)@.*/\1/p'
}

milter_stop() {
  local dir=$1 pid
  [ -f "$dir/milter.pid" ] || return 0
  pid=$(cat "$dir/milter.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/milter.pid"
}

milter_start() {
  local dir=$1 mikiwame=${2:-}
  [ -n "$mikiwame" ] || mikiwame=$(cat "$dir/mikiwame.bin")
  echo "$mikiwame" >"$dir/mikiwame.bin"
  milter_stop "$dir"
  write_toml "$dir"
  "$mikiwame" milter --config "$dir/mikiwame.toml" --check-config >"$dir/check-config.out" 2>&1 ||
    die "mikiwame milter --check-config failed: $(cat "$dir/check-config.out")"
  setsid "$mikiwame" milter --config "$dir/mikiwame.toml" </dev/null >>"$dir/milter.stderr" 2>&1 &
  echo $! >"$dir/milter.pid"
  local port
  port=$(milter_port)
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    kill -0 "$(cat "$dir/milter.pid")" 2>/dev/null || die "the milter exited: $(tail -5 "$dir/milter.stderr")"
    sleep 0.1
  done
  die "the milter does not listen on $port"
}

postfix_stop() {
  local dir=$1
  [ -f "$dir/etc/main.cf" ] || return 0
  postfix -c "$dir/etc" stop >/dev/null 2>&1 || true
  # master stops its children itself; wait for it, then make sure.
  local pidfile="$dir/spool/pid/master.pid" pid
  if [ -f "$pidfile" ]; then
    pid=$(tr -d ' ' <"$pidfile")
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

postfix_start() {
  local dir=$1
  command -v postfix >/dev/null || die "postfix is not installed (scripts/install-deps.sh)"
  postfix_stop "$dir"
  write_postfix_config "$dir"
  # postfix(1) writes its errors to a terminal only: script(1) gives it one.
  script -qec "postfix -c '$dir/etc' check" /dev/null >"$dir/postfix-check.out" 2>&1 ||
    die "postfix check: $(cat "$dir/postfix-check.out")"
  script -qec "postfix -c '$dir/etc' start" /dev/null >"$dir/postfix-start.out" 2>&1 ||
    die "postfix start: $(cat "$dir/postfix-start.out")"
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  die "postfix does not listen on 127.0.0.1:$port (see $dir/postfix.log)"
}

count() {
  find "$1/mail/Maildir/new" -type f 2>/dev/null | wc -l
}

queue() {
  local dir=$1 out="" q
  for q in maildrop incoming active deferred hold; do
    out+="$q=$(find "$dir/spool/$q" -type f 2>/dev/null | wc -l) "
  done
  echo "${out% }"
}

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || die "usage: postfix-test.sh start|stop|milter-start|wait|flush|queue|count DIR [...]"
case $cmd in
  start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ -n "${3:-}" ] && [ "${POSTFIX_MILTER:-}" != none ]; then milter_start "$dir" "$3"; fi
    postfix_start "$dir"
    ;;
  stop)
    dir=$(cd "$dir" 2>/dev/null && pwd) || exit 0
    postfix_stop "$dir"
    milter_stop "$dir"
    ;;
  milter-start) milter_start "$(cd "$dir" && pwd)" "${3:-}" ;;
  milter-stop) milter_stop "$(cd "$dir" && pwd)" ;;
  wait)
    want=${3:?N}
    limit=${4:-60}
    for _ in $(seq 1 $((limit * 10))); do
      [ "$(count "$dir")" -ge "$want" ] && exit 0
      sleep 0.1
    done
    die "only $(count "$dir") of $want mails delivered after ${limit}s ($(queue "$dir"))"
    ;;
  flush)
    # Deferred mail back into the incoming queue, and qmgr told to look now.
    postsuper -c "$dir/etc" -r ALL deferred >/dev/null 2>&1 || true
    postqueue -c "$dir/etc" -f 2>/dev/null || postkick -c "$dir/etc" public qmgr I 2>/dev/null || true
    ;;
  queue) queue "$dir" ;;
  count) count "$dir" ;;
  *) die "unknown command $cmd" ;;
esac
