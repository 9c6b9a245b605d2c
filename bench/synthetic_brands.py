#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes N synthetic brand records (docs/data.md format) into DIR: made-up names, tokens,
official domains, Japanese names and a product, from a fixed seed so every run writes the same
files. `make bench` adds them to a copy of the catalogue to measure what a larger catalogue
costs per message (docs/performance.md); they never ship."""
import random
import sys
from pathlib import Path

SYLLABLES = ["zor", "van", "tel", "qua", "rix", "mol", "bex", "dra", "kin", "sul", "vor", "lum", "tex", "gra", "pho", "nix",
             "zel", "yam", "cor", "fen", "wib", "jox", "pel", "tru", "gav", "hul", "mek", "sar", "vit", "oxa"]
KANA = ["ゾ", "ル", "ヴァ", "ン", "テ", "ク", "リ", "モ", "ベ", "ド", "ラ", "キ", "ス", "ヴォ", "ミ", "グ", "フォ", "ニ", "ゼ", "ヤ"]
TLDS = ["com", "jp", "co.jp", "net", "de", "fr", "com.au", "io"]
CATEGORIES = ["bank", "retail", "tech", "logistics", "hosting", "payment", "telecom"]


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: synthetic_brands.py N DIR", file=sys.stderr)
        return 64
    count, out = int(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20261206)
    seen = set()
    written = 0
    while written < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice([2, 3])))
        if word in seen:
            continue
        seen.add(word)
        kana = "".join(rng.choice(KANA) for _ in range(rng.randint(3, 5)))
        tld, tld2 = rng.sample(TLDS, 2)
        product = word + rng.choice(["pay", "mail", "card", "cloud"])
        record = f'''# Synthetic brand for benchmarks (bench/synthetic_brands.py); never shipped.
id = "synthetic_{word}"
category = "{rng.choice(CATEGORIES)}"
home_country = "{rng.choice(["JP", "US", "DE", "FR", "AU"])}"
copyright_patterns = ["{word.capitalize()} Holdings Inc."]

[names]
en = ["{word.capitalize()}", "{word.capitalize()} Group"]
ja = ["{kana}"]
aliases = ["{word} online"]

[match]
tokens = ["{word}", "{product}"]
ambiguous = false

[domains]
official = ["{word}.{tld}", "{word}-{rng.choice(["secure", "id", "net"])}.{tld2}", "{product}.com"]

[[products]]
name = "{product.capitalize()}"
ja = ["{kana}ペイ"]
'''
        (out / f"synthetic_{word}.toml").write_text(record, encoding="utf-8")
        written += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
