#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Japanese reports are Japanese throughout: renders every fixture mail (tests/cases, tests/golden)
# as a Japanese text report and fails on English words outside what is quoted from the mail.
# Allowed: text in quotes ("…", 「…」), URLs and defanged hosts, addresses, domain names, finding
# ids, IP addresses, brand names and ids of data/brands, header field names, and the technical
# terms of tests/japanese-report-terms.txt (SPF, DKIM, HELO …), which Japanese analysts use as
# they are.
# Usage: check-japanese-report.py MIKIWAME_BINARY SOURCE_DIR
import pathlib
import re
import subprocess
import sys
import tomllib
from email import message_from_bytes, policy

cli, src = sys.argv[1], pathlib.Path(sys.argv[2])
if not pathlib.Path(cli).is_file():
    print(f"SKIP: no CLI at {cli} (make test builds the release CLI; or: make release)")
    sys.exit(77)

terms = set()
for line in (src / "tests/japanese-report-terms.txt").read_text(encoding="utf-8").splitlines():
    line = line.split("#", 1)[0].strip()
    if line:
        terms.add(line.lower())

# Brand names and ids: a brand is called by its name in any language.
for path in (src / "data/brands").glob("*.toml"):
    brand = tomllib.loads(path.read_text(encoding="utf-8"))
    names = brand.get("names", {})
    for name in [brand["id"]] + names.get("en", []) + names.get("aliases", []) + [
            p.get("name", "") for p in brand.get("products", [])] + [
            n for v in brand.get("vendors", []) for n in v.get("names", [])]:
        for word in re.findall(r"[A-Za-z]+", name):
            terms.add(word.lower())

QUOTED = re.compile(r'"[^"]*"|「[^」]*」|“[^”]*”|『[^』]*』|`[^`]*`')
REMOVED = [
    re.compile(r"\\x[0-9a-f]{2}|U\+[0-9A-F]{4,6}"),              # characters shown visibly (make_visible)
    re.compile(r"\b[A-Z]{2}\b"),                               # ISO 3166 country codes (JP, NL)
    re.compile(r"\bhxxps?://\S+|\bhttps?://\S+"),            # URLs
    re.compile(r"\S+@\S+"),                                   # addresses
    re.compile(r"\(([a-z]+\.[a-z_]+)\)"),                     # finding ids
    re.compile(r"\b[\w-]+(\[\.\][\w-]+)+\S*"),                # defanged host names
    re.compile(r"\b[\w-]+(\.[\w-]+)+\b"),                     # domain names, file names, versions
    re.compile(r"\b[A-Za-z][\w-]*:"),                         # header field names and labels (Return-Path:)
    re.compile(r"\b[0-9a-f]{8,}\b"),                          # hashes, commit ids
    re.compile(r"(?<![\w.])/[\w./-]+"),                        # file paths
    re.compile(r"\b[a-z]+/[\w.+-]+"),                          # MIME types
    re.compile(r"\bAS\d+\b[^,)]*"),                            # an AS and its holder's name
    re.compile(r"\b[a-z]+(_[a-z]+)+\b"),                       # configuration keys (max_received_hops)
]
WORD = re.compile(r"[A-Za-z]{2,}")


def words_of_mail(raw):
    """Every Latin word of the mail itself (headers and decoded text parts): what the report
    shows of the mail (its subject, names, Received fields) is the mail's text, not ours."""
    words = set(w.lower() for w in WORD.findall(raw.decode("latin-1")))
    try:
        msg = message_from_bytes(raw, policy=policy.default)
        for name, value in msg.items():
            words.update(w.lower() for w in WORD.findall(str(value)))
        for part in msg.walk():
            if part.get_content_maintype() == "text":
                try:
                    words.update(w.lower() for w in WORD.findall(part.get_content()))
                except Exception:
                    pass
    except Exception:
        pass
    return words


fixtures = sorted((src / "tests/cases").rglob("*.eml")) + sorted((src / "tests/golden").glob("*.eml"))
problems = []
# Both write-ups: the analyst's and the short one for the person who forwarded the mail.
for mail in fixtures:
    from_mail = words_of_mail(mail.read_bytes())
    for audience in ("analyst", "user"):
        run = subprocess.run([cli, "analyze", "-l", "ja", "-f", "text", "--audience", audience, str(mail)], capture_output=True)
        if run.returncode not in (0, 65):
            problems.append(f"{mail.relative_to(src)}: exit {run.returncode}: {run.stderr.decode(errors='replace').strip()}")
            break
        for number, line in enumerate(run.stdout.decode("utf-8", errors="replace").splitlines(), 1):
            rest = QUOTED.sub(" ", line)
            for pattern in REMOVED:
                rest = pattern.sub(" ", rest)
            english = [w for w in WORD.findall(rest) if w.lower() not in terms and w.lower() not in from_mail]
            if english:
                problems.append(f"{mail.relative_to(src)} ({audience}):{number}: {', '.join(english)}: {line.strip()}")

for p in problems:
    print(p)
print(f"japanese reports: {len(fixtures)} mails, {len(problems)} line(s) with English words outside quotes")
sys.exit(1 if problems else 0)
