#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Load test of `mikiwame serve` on loopback (docs/serve.md): N analyses from C concurrent
clients, cycling through the given mails; prints throughput, latency percentiles, errors and the
server's resident memory after each half (flat memory: the second half adds next to nothing).
Usage: serve-load.py URL SERVER_PID TOTAL CLIENTS MAIL..."""
import http.client
import statistics
import sys
import threading
import time
from urllib.parse import urlparse


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def main():
    url, pid, total, clients = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    mails = [open(p, "rb").read() for p in sys.argv[5:]]
    target = urlparse(url)
    lock = threading.Lock()
    next_index = [0]
    latencies, errors, statuses = [], [], {}
    sent_bytes = [0]
    rss = {}

    def take():
        with lock:
            i = next_index[0]
            if i >= total:
                return None
            next_index[0] += 1
            if i == total // 2:
                rss["half"] = rss_kb(pid)
            return i

    def client():
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
        while (i := take()) is not None:
            body = mails[i % len(mails)]
            started = time.perf_counter()
            try:
                conn.request("POST", "/api/v1/analyze", body=body, headers={"Content-Type": "message/rfc822"})
                response = conn.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
            except Exception as e:  # noqa: BLE001 - every failure is counted and shown
                status = f"exception {type(e).__name__}: {e}"
                conn.close()
                conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                sent_bytes[0] += len(body)
                statuses[status] = statuses.get(status, 0) + 1
                if status != 201:
                    errors.append(status)

    rss["start"] = rss_kb(pid)
    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    rss["end"] = rss_kb(pid)
    latencies.sort()
    q = statistics.quantiles(latencies, n=100)
    print(f"serve-load: {len(latencies)} analyses, {clients} clients, {wall:.1f} s: "
          f"{len(latencies) / wall:.0f} analyses/s, {sent_bytes[0] / wall / 1e6:.1f} MB/s")
    print(f"serve-load: latency p50 {q[49] * 1000:.1f} ms, p90 {q[89] * 1000:.1f} ms, p99 {q[98] * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms")
    print(f"serve-load: statuses {statuses}; errors {len(errors)}")
    print(f"serve-load: server RSS {rss['start']} kB at start (warm), {rss.get('half', -1)} kB at half, {rss['end']} kB at the end")
    grow = rss["end"] - rss.get("half", rss["end"])
    flat = grow <= max(0.05 * rss["end"], 20000)
    print(f"serve-load: memory {'flat' if flat else 'GROWING'} over the second half ({grow:+d} kB)")
    sys.exit(0 if not errors and flat else 1)


if __name__ == "__main__":
    main()
