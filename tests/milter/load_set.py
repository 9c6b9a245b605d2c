#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# The load test's fixed set: every n-th mail of the sorted corpus folders, copied with LF line
# ends as OUT/000.eml … (smtp-source -F adds CRLF itself). Usage: load_set.py CORPUS OUT COUNT
import pathlib
import sys

corpus, out, want = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
folders = ("phish", "ham", "spam", "ja/phish", "ja/ham", "ja/spam")
files = sorted(p for d in folders for p in (corpus / d).glob("*.eml"))
step = max(1, len(files) // want)
chosen = files[::step][:want]
sizes = []
for i, path in enumerate(chosen):
    data = path.read_bytes().replace(b"\r\n", b"\n")
    (out / f"{i:03d}.eml").write_bytes(data)
    sizes.append(len(data))
sizes.sort()
print(f"load set: {len(chosen)} corpus mails, median {sizes[len(sizes) // 2]} bytes, "
      f"largest {sizes[-1]} bytes", file=sys.stderr)
