#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# With --online off (the default) no packet leaves the process: `mikiwame analyze` of a mail
# with a DKIM signature, an origin and links runs under strace, which must show no IPv4/IPv6
# socket at all. The control: the same run with --online against a private unbound
# (scripts/dns-test.sh) does show the DNS packets, so the trace would see them.
# Usage: offline_no_packet_test.sh MIKIWAME. Skips (77) without strace or unbound.
set -euo pipefail
mikiwame=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
command -v strace >/dev/null || { echo "skipped: strace is not installed"; exit 77; }
command -v unbound >/dev/null || { echo "skipped: unbound is not installed"; exit 77; }
work=$(mktemp -d)
trap '"$root/scripts/dns-test.sh" stop "$work/dns" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
cat >"$work/mail.eml" <<'MAIL'
Authentication-Results: mx.receiver.example; spf=pass smtp.mailfrom=sender.example
Received: from mail.sender.example (mail.sender.example [93.184.216.66]) by mx.receiver.example (Postfix) with ESMTP id B2; Mon, 1 Jan 2024 00:00:01 +0900
Return-Path: <alert@sender.example>
DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=sender.example; s=sel; h=from; bh=AAAA; b=AAAA
From: Sender Security <alert@sender.example>
To: someone@example.jp
Subject: Verify your account
Date: Mon, 1 Jan 2024 00:00:00 +0900

Log in at http://phish-link.example/login now.
MAIL
# LeakSanitizer cannot run under ptrace (an ASan build): leaks are checked by the other tests.
trace() { ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -qq -e signal=none -e trace=socket,connect,sendto,sendmsg,sendmmsg -o "$1" "${@:2}" >/dev/null; }
inet() { grep -cE 'AF_INET6?|sin6?_port' "$1" || true; }

trace "$work/offline.trace" "$mikiwame" analyze --format json "$work/mail.eml"
offline=$(inet "$work/offline.trace")
echo "offline: $offline IPv4/IPv6 socket calls"
if [ "$offline" != 0 ]; then cat "$work/offline.trace"; echo "FAIL: the offline analysis touched the network"; exit 1; fi

port=$("$root/scripts/dns-test.sh" start "$work/dns" "$root/tests/fixtures/auth/zones.conf")
trace "$work/online.trace" "$mikiwame" analyze --format json --online --resolver "127.0.0.1@$port" "$work/mail.eml"
online=$(inet "$work/online.trace")
# libunbound connects its UDP socket to the server, then sends without an address.
connected=$(grep -cE "connect\(.*htons\($port\).*127\.0\.0\.1" "$work/online.trace" || true)
sent=$(grep -cE "^[0-9]+ +(sendto|sendmsg|sendmmsg)\(" "$work/online.trace" || true)
echo "online: $online IPv4/IPv6 socket calls, $connected connects to 127.0.0.1:$port, $sent sends"
if [ "$online" = 0 ] || [ "$connected" = 0 ] || [ "$sent" = 0 ]; then cat "$work/online.trace"; echo "FAIL: the control run shows no DNS packet: the trace cannot see them"; exit 1; fi
echo "PASS"
