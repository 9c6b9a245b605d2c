#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A private nats-server with JetStream for the tests and for trying the scale-out by hand
# (docs/scale-out.md). Everything lives under DIR: the configuration it writes (DIR/nats.conf),
# the JetStream store (DIR/jetstream), the pid file (DIR/nats.pid), the log (DIR/nats.log) and
# the port it listens on (DIR/port). It listens on 127.0.0.1 only; nothing else is touched.
#
#   nats-test.sh start DIR [PORT]   start it (PORT default 4222; 0: a free port) and print its URL
#   nats-test.sh stop DIR           stop it (SIGTERM, JetStream flushes its store); safe to repeat
#   nats-test.sh restart DIR        stop, then start again on the same port and store
#   nats-test.sh url DIR            print the URL of the running server
#
# max_payload is 8 MB (NATS_TEST_MAX_PAYLOAD, bytes) so that large mails fit in one message;
# the server's default (1 MB) is too small for mail with attachments.
set -euo pipefail

die() { echo "nats-test: $*" >&2; exit 1; }
command -v nats-server >/dev/null || die "nats-server is not installed (scripts/install-deps.sh installs it)"

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || die "usage: nats-test.sh start|stop|restart|url DIR [PORT]"
max_payload=${NATS_TEST_MAX_PAYLOAD:-8388608}

running_pid() { # prints the pid when the server of DIR runs
  local pid
  [ -f "$dir/nats.pid" ] || return 1
  pid=$(cat "$dir/nats.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  # The pid may have been reused by another program after a crash: it must be our server.
  grep -q "nats-server" "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

# A port nothing listens on, for PORT 0 (the kernel's choice, released right away).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

accepts() { # true when something answers on 127.0.0.1:$1 with the NATS greeting
  python3 - "$1" <<'PY' 2>/dev/null
import socket, sys
try:
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1)
    s.settimeout(1)
    sys.exit(0 if s.recv(4) == b"INFO" else 1)
except OSError:
    sys.exit(1)
PY
}

start() {
  local port=$1
  if pid=$(running_pid); then
    echo "nats://127.0.0.1:$(cat "$dir/port")"
    return 0
  fi
  mkdir -p "$dir/jetstream"
  [ "$port" = 0 ] && port=$(free_port)
  cat >"$dir/nats.conf" <<CONF
# Written by scripts/nats-test.sh: a private server for tests, on the loopback only.
listen: 127.0.0.1:$port
max_payload: $max_payload
pid_file: "$dir/nats.pid"
jetstream {
  store_dir: "$dir/jetstream"
  max_memory_store: 256MB
  max_file_store: 4GB
}
CONF
  echo "$port" >"$dir/port"
  rm -f "$dir/nats.pid"
  # setsid: the server is not in the caller's process group, so a test's Ctrl-C or a ctest
  # timeout that kills the group does not leave it half-stopped; `stop` ends it.
  setsid nats-server -c "$dir/nats.conf" >>"$dir/nats.log" 2>&1 </dev/null &
  local child=$!
  for _ in $(seq 1 100); do
    if accepts "$port"; then
      echo "nats://127.0.0.1:$port"
      return 0
    fi
    kill -0 "$child" 2>/dev/null || { tail -5 "$dir/nats.log" >&2; die "nats-server exited at start (log: $dir/nats.log)"; }
    sleep 0.1
  done
  kill "$child" 2>/dev/null || true
  die "nats-server did not accept connections on 127.0.0.1:$port within 10 s (log: $dir/nats.log)"
}

stop() {
  local pid
  pid=$(running_pid) || { rm -f "$dir/nats.pid"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$dir/nats.pid"; return 0; }
    sleep 0.1
  done
  echo "nats-test: nats-server $pid did not stop within 15 s; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$dir/nats.pid"
}

case "$cmd" in
start) start "${3:-4222}" ;;
stop) stop ;;
restart)
  [ -f "$dir/port" ] || die "$dir: no server was started here"
  port=$(cat "$dir/port")
  stop
  start "$port"
  ;;
url)
  running_pid >/dev/null || die "$dir: no server running"
  echo "nats://127.0.0.1:$(cat "$dir/port")"
  ;;
*) die "unknown command '$cmd' (start, stop, restart, url)" ;;
esac
