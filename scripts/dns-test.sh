#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A private unbound on 127.0.0.1 serving fixture zones, for the online authentication tests
# and for trying `--online` by hand (docs/authentication.md). Everything lives under DIR:
# DIR/unbound.conf, DIR/unbound.log, DIR/port. The zones are unbound `server:` lines
# (local-zone/local-data) read from ZONES. Nothing is resolved outside them: every other name
# is NXDOMAIN, and a name given `local-zone: "NAME" transparent` is sent to a closed port, so
# it fails (SERVFAIL), which the tests use for "the DNS server did not answer".
#
#   dns-test.sh start DIR ZONES   start unbound on a free port; prints the port
#   dns-test.sh stop DIR          stop it (SIGTERM); safe to repeat
#   dns-test.sh port DIR          the port of the running server
set -euo pipefail

die() { echo "dns-test: $*" >&2; exit 1; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

start() {
  local dir=$1 zones=$2
  [ -f "$zones" ] || die "no zones file $zones"
  command -v unbound >/dev/null || die "unbound is not installed (scripts/install-deps.sh)"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  stop "$dir" 2>/dev/null || true
  local port dead
  port=$(free_port)
  dead=$(free_port)
  cp "$zones" "$dir/zones.conf"
  cat >"$dir/unbound.conf" <<CONF
server:
  interface: 127.0.0.1
  port: $port
  do-ip6: no
  do-daemonize: no
  username: ""
  chroot: ""
  directory: "$dir"
  pidfile: "$dir/unbound.pid"
  use-syslog: no
  logfile: "$dir/unbound.log"
  verbosity: 1
  num-threads: 1
  access-control: 127.0.0.0/8 allow
  module-config: "iterator"
  do-not-query-localhost: no
  harden-referral-path: no
  qname-minimisation: no
  cache-max-ttl: 0
  cache-max-negative-ttl: 0
  local-zone: "." static
  include: "$dir/zones.conf"
stub-zone:
  name: "."
  stub-addr: 127.0.0.1@$dead
remote-control:
  control-enable: no
CONF
  unbound-checkconf "$dir/unbound.conf" >/dev/null || die "bad configuration: $(unbound-checkconf "$dir/unbound.conf" 2>&1 | tail -3)"
  unbound -d -c "$dir/unbound.conf" >>"$dir/unbound.log" 2>&1 &
  echo $! >"$dir/server.pid"
  echo "$port" >"$dir/port"
  for _ in $(seq 1 100); do
    if python3 - "$port" <<'PY' 2>/dev/null; then echo "$port"; return 0; fi
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(0.2)
q = b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x07invalid\x00\x00\x01\x00\x01"
s.sendto(q, ("127.0.0.1", int(sys.argv[1]))); s.recv(512)
PY
    kill -0 "$(cat "$dir/server.pid")" 2>/dev/null || die "unbound exited: $(tail -5 "$dir/unbound.log")"
    sleep 0.05
  done
  die "unbound did not answer on 127.0.0.1:$port"
}

stop() {
  local dir=$1
  [ -f "$dir/server.pid" ] || return 0
  local pid
  pid=$(cat "$dir/server.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  fi
  rm -f "$dir/server.pid"
}

case "${1:-}" in
  start) [ $# -eq 3 ] || die "usage: dns-test.sh start DIR ZONES"; start "$2" "$3" ;;
  stop) [ $# -eq 2 ] || die "usage: dns-test.sh stop DIR"; stop "$2" ;;
  port) cat "$2/port" ;;
  *) die "usage: dns-test.sh start DIR ZONES | stop DIR | port DIR" ;;
esac
