#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Layering check (STYLE 7.2): every #include "<stage>/..." in src/<stage>/ must follow an edge
# of the dependency table below. Static linking alone would not catch an upward include.
import pathlib
import re
import sys

ALLOWED = {
    "base": set(),
    "net": {"base"},
    "message": {"base", "net"},
    "catalog": {"base", "net"},
    "headers": {"base", "net", "message", "catalog"},
    "auth": {"base", "net", "message", "catalog", "headers"},
    "urls": {"base", "net", "message", "catalog", "headers"},
    "content": {"base", "net", "message", "catalog", "urls"},
    "intel": {"base", "net"},
    "attachments": {"base", "net", "message", "catalog"},
    "images": {"base", "net", "message"},
    "brands": {"base", "net", "message", "catalog", "headers", "auth", "urls", "content", "intel", "attachments"},
    # The statistical content model reads the content stage's text and the links' domains.
    "model": {"base", "net", "message", "catalog", "urls", "content"},
    "findings": {"base", "net", "message", "catalog", "headers", "auth", "urls", "content", "brands", "intel", "attachments"},
    "scoring": {"base", "findings", "catalog"},
    "report": {"base", "findings", "catalog"},
    "engine": None,  # may include everything
}

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".") / "src"
include = re.compile(r'#\s*include\s+"([a-z_]+)/')
errors = []
for path in sorted(root.rglob("*")):
    if path.suffix not in (".h", ".cpp"):
        continue
    stage = path.relative_to(root).parts[0]
    allowed = ALLOWED.get(stage)
    if stage not in ALLOWED:
        errors.append(f"{path}: stage '{stage}' is not in the layering table")
        continue
    if allowed is None:
        continue
    for lineno, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        m = include.search(line)
        if not m:
            continue
        target = m.group(1)
        if target in ("mikiwame",) or target == stage:
            continue
        if target not in allowed:
            errors.append(f"{path}:{lineno}: {stage} may not include {target}/")
# The apps (cli, milter, server) sit on the public API only: include/mikiwame/*.h.
apps = root.parent / "apps"
for path in sorted(apps.rglob("*")) if apps.is_dir() else []:
    if path.suffix not in (".h", ".cpp"):
        continue
    for lineno, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        m = include.search(line)
        if m and m.group(1) in ALLOWED:
            errors.append(f"{path}:{lineno}: apps may include only the public mikiwame/ headers, not {m.group(1)}/")
# The library reads no environment: the apps resolve defaults and pass them explicitly.
getenv = re.compile(r"\b(std::)?(secure_)?getenv\s*\(")
for path in sorted(root.rglob("*")):
    if path.suffix not in (".h", ".cpp"):
        continue
    for lineno, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if getenv.search(line):
            errors.append(f"{path}:{lineno}: the library may not read the environment")
for e in errors:
    print(e)
print(f"layering: {len(errors)} violation(s)")
sys.exit(1 if errors else 0)
