#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The man page against README's CLI section: docs/mikiwame.1 renders with groff without a
# warning, and its SYNOPSIS and docs/mikiwame.1.md carry every command line of README's CLI block
# and every exit code README lists. Usage: check-manpage.sh SOURCE_DIR. Exit 77 (skip) when
# groff is absent, after checking the Markdown page.
set -euo pipefail
src=$1
readme=$src/README.md
roff=$src/docs/mikiwame.1
md=$src/docs/mikiwame.1.md
errors=0
err() {
  echo "$*" >&2
  errors=$((errors + 1))
}

# Command lines of README's ```-block under "## CLI", without trailing comments.
mapfile -t commands < <(awk '/^## CLI/{cli=1} cli&&/^```/{n++; next} cli&&n==1' "$readme" |
  sed -e 's/[[:space:]]*#.*$//' -e 's/[[:space:]]*$//' | grep '^mikiwame ')
[ ${#commands[@]} -ge 5 ] || err "README.md: found only ${#commands[@]} command lines in the CLI block"
mapfile -t codes < <(grep -A3 '^Exit codes' "$readme" | grep -o '\b[0-9]\{1,2\} [a-z]' | cut -d' ' -f1)
[ ${#codes[@]} -ge 5 ] || err "README.md: found only ${#codes[@]} exit codes"

for cmd in "${commands[@]}"; do
  grep -qxF "$cmd" "$md" || err "docs/mikiwame.1.md: SYNOPSIS lacks '$cmd'"
done
for code in "${codes[@]}"; do
  grep -q "^| $code |" "$md" || err "docs/mikiwame.1.md: EXIT STATUS lacks $code"
done

if ! command -v groff >/dev/null; then
  echo "SKIP: groff not installed; docs/mikiwame.1 not rendered (docs/mikiwame.1.md checked: $errors problem(s))"
  [ $errors = 0 ] || exit 1
  exit 77
fi
warnings=$(groff -man -Tutf8 -ww -z "$roff" 2>&1)
[ -z "$warnings" ] || err "docs/mikiwame.1: groff warns: $warnings"
text=$(groff -man -Tascii -rLL=200n -P-cbou "$roff" 2>/dev/null)
synopsis=$(awk '/^SYNOPSIS/{s=1; next} /^[A-Z]/{s=0} s' <<<"$text" | sed 's/^[[:space:]]*//')
exit_status=$(awk '/^EXIT STATUS/{s=1; next} /^[A-Z]/{s=0} s' <<<"$text" | sed 's/^[[:space:]]*//')
for cmd in "${commands[@]}"; do
  grep -qxF "$cmd" <<<"$synopsis" || err "docs/mikiwame.1: SYNOPSIS lacks '$cmd'"
done
for code in "${codes[@]}"; do
  grep -q "^$code\b" <<<"$exit_status" || err "docs/mikiwame.1: EXIT STATUS lacks $code"
done
echo "manpage: ${#commands[@]} commands, ${#codes[@]} exit codes, $errors problem(s)"
[ $errors = 0 ]
