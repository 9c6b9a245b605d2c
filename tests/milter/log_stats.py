#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Figures from the milter's JSON log: messages, analysis and queue-wait time p50/p99/max,
# fail-open count and verdicts. Usage: log_stats.py milter.log
import json
import sys

lines = []
for raw in open(sys.argv[1], encoding="utf-8"):
    line = json.loads(raw)
    if line.get("event") == "message":
        lines.append(line)
analysis = sorted(l.get("analysis_ms", 0.0) for l in lines)
wait = sorted(l.get("wait_ms", 0.0) for l in lines)
cpu = sorted(l.get("cpu_ms", 0.0) for l in lines)


def q(xs, p):
    return xs[min(len(xs) - 1, int(p * len(xs)))] if xs else 0.0


verdicts = {}
for l in lines:
    key = l.get("verdict", l.get("action", "?"))
    verdicts[key] = verdicts.get(key, 0) + 1
fail_open = sum(1 for l in lines if l.get("action") in ("accept", "tempfail"))
print(f"{len(lines)} messages; analysis_ms p50={q(analysis, .5):.2f} p99={q(analysis, .99):.2f} "
      f"max={analysis[-1] if analysis else 0:.2f}; cpu_ms p50={q(cpu, .5):.2f} p99={q(cpu, .99):.2f}; wait_ms p50={q(wait, .5):.2f} p99={q(wait, .99):.2f}; "
      f"fail-open={fail_open}; verdicts={dict(sorted(verdicts.items()))}")
