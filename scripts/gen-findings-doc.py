#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Generates docs/findings.md from data/findings.toml (the one place finding ids are declared).
# `--check` exits 1 when docs/findings.md differs from what would be generated (run by ctest).
import pathlib
import sys
import tomllib

root = pathlib.Path(__file__).resolve().parent.parent
data = tomllib.loads((root / "data/findings.toml").read_text(encoding="utf-8"))
scoring = tomllib.loads((root / "data/scoring.toml").read_text(encoding="utf-8"))
lines = [
    "# Findings",
    "",
    "Generated from `data/findings.toml` by `scripts/gen-findings-doc.py`; do not edit by hand.",
    "Ids are stable (SPEC §3). `weight` is what a finding adds to the score before the group cap",
    "of `data/scoring.toml` (\"+x/extra ≤ y\": x more per further instance, at most y);",
    "`phishing evidence` marks the ids that can make a verdict `phishing`; ids marked *(extension)*",
    "are mikiwame's additions beyond the SPEC §3 list.",
    "",
    "| id | severity | weight | group | phishing evidence | summary (en) | summary (ja) |",
    "| --- | --- | --- | --- | --- | --- | --- |",
]
evidence = set(scoring.get("evidence", {}).get("phishing", []))
def weight_text(f):
    if not f.get("weight_per_extra"):
        return str(f["weight"])
    return f"{f['weight']} +{f['weight_per_extra']}/extra ≤ {f.get('max_weight', f['weight'])}"


for f in data["finding"]:
    lines.append(
        f"| `{f['id']}`{' *(extension)*' if f.get('extension') else ''} | {f['severity']} | {weight_text(f)} | {f['group']} | {'yes' if f['id'] in evidence else ''} "
        f"| {f['summary']['en']} | {f['summary']['ja']} |"
    )
lines += ["", "## Score groups and verdicts", "", "| group | cap |", "| --- | --- |"]
for group, cap in scoring["groups"].items():
    lines.append(f"| {group} | {cap} |")
v = scoring["verdict"]
lines += ["", f"Verdict thresholds: phishing ≥ {v['phishing']} (with phishing evidence), spam ≥ {v['spam']}, "
          f"suspicious ≥ {v['suspicious']}.", ""]
text = "\n".join(lines)
target = root / "docs/findings.md"
if "--check" in sys.argv:
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        print("docs/findings.md is out of date: run scripts/gen-findings-doc.py")
        sys.exit(1)
    print("docs/findings.md matches data/findings.toml")
else:
    target.write_text(text, encoding="utf-8")
