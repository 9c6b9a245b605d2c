#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# The library never prints, exits or aborts (STYLE 7.10 habit 8, simdjson's check): lists the
# undefined symbols of every object in the stage libraries (<build>/src/*/libmikiwame_*.a) with
# `nm -C --undefined-only` and fails on a reference to stdout/stderr printing or to process exit.
# Usage: check-symbols.py [BUILD_DIR]   (default: build/release beside this script's checkout)
# Run it on the release build: sanitizer and -D_GLIBCXX_ASSERTIONS builds reference abort from
# code the compiler and libstdc++ add (std::__replacement_assert), not from ours. A missing build
# directory is a skip (exit 77).
import pathlib
import subprocess
import sys

FORBIDDEN = {
    # printing to the terminal
    "printf", "vprintf", "fprintf", "vfprintf", "dprintf", "vdprintf", "puts", "putchar", "perror",
    "__printf_chk", "__vprintf_chk", "__fprintf_chk", "__vfprintf_chk", "__dprintf_chk",
    "stdout", "stderr", "std::cout", "std::cerr", "std::clog", "std::wcout", "std::wcerr", "std::wclog",
    # ending the process
    "abort", "exit", "_exit", "_Exit", "quick_exit",
}
# Listed but not (yet) failing: STYLE §9 wants the library to read no environment either.
NOTED = {"getenv", "secure_getenv"}


def undefined_symbols(archive: pathlib.Path) -> dict[str, list[str]]:
    """Object name → its undefined symbols (demangled), from `nm` on an archive."""
    out = subprocess.run(["nm", "-C", "--undefined-only", str(archive)], check=True, capture_output=True,
                         text=True).stdout
    objects: dict[str, list[str]] = {}
    current = None
    for line in out.splitlines():
        if not line.strip():
            continue
        if not line[0].isspace() and line.endswith(":"):
            current = line[:-1]
            objects[current] = []
        elif current is not None:
            parts = line.split(None, 1)
            if len(parts) == 2 and parts[0] in ("U", "w", "v"):
                objects[current].append(parts[1].split("@", 1)[0])
    return objects


def main() -> int:
    root = pathlib.Path(__file__).resolve().parent.parent
    build = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root / "build" / "release"
    archives = sorted((build / "src").glob("*/libmikiwame_*.a"))
    if not archives:
        print(f"SKIP: no stage libraries under {build}/src (build the release preset: make release)")
        return 77
    offences = 0
    objects = 0
    for archive in archives:
        for obj, symbols in undefined_symbols(archive).items():
            objects += 1
            for symbol in sorted(set(symbols) & FORBIDDEN):
                print(f"{archive.relative_to(build)}({obj}): references {symbol}")
                offences += 1
            for symbol in sorted(set(symbols) & NOTED):
                print(f"note: {archive.relative_to(build)}({obj}): references {symbol}")
    print(f"library_symbols: {len(archives)} libraries, {objects} objects, {offences} forbidden reference(s)")
    return 1 if offences else 0


if __name__ == "__main__":
    sys.exit(main())
