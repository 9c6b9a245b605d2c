#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The generated completion scripts complete what the CLI defines: bash through its completion
# function with COMP_WORDS set as bash would, zsh with its completion builtins replaced by
# functions that print the candidates (no terminal needed). zsh is skipped when not installed.
# Usage: completion_test.sh MIKIWAME_BINARY
set -euo pipefail

cli=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mikiwame-completion.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
"$cli" completion bash >"$tmp/mikiwame.bash"
"$cli" completion zsh >"$tmp/_mikiwame"
failures=0

# bash: candidates for the words given (the last one is being completed).
bash_candidates() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    [ "${COMP_WORDS[COMP_CWORD]}" = "'"''"'" ] && COMP_WORDS[COMP_CWORD]=""
    _mikiwame; printf "%s\n" "${COMPREPLY[@]}" | grep -v "^$" | sort' \
    _ "$tmp/mikiwame.bash" "$@"
}

expect() { # expect SHELL "WORDS" EXPECTED-CANDIDATES-SPACE-SEPARATED
  local shell=$1 words=$2 want=$3 got
  # shellcheck disable=SC2086
  if [ "$shell" = bash ]; then got=$(bash_candidates $words | tr '\n' ' '); else got=$(zsh_candidates $words | tr '\n' ' '); fi
  got=${got% }
  if [ "$got" != "$want" ]; then
    echo "FAIL [$shell] '$words': got '$got', want '$want'" >&2
    failures=$((failures + 1))
  else
    echo "ok   [$shell] '$words' -> $got"
  fi
}

# An empty word being completed is written as the literal ''.
expect bash "mikiwame an" "analyze"
expect bash "mikiwame intel ''" "import list lookup remove stats"
expect bash "mikiwame --config x.toml da" "data"
expect bash "mikiwame analyze --fo" "--format"
expect bash "mikiwame analyze -f ''" "html json markdown text"
expect bash "mikiwame analyze --lang e" "en"
expect bash "mikiwame data check --s" "--strict"
expect bash "mikiwame completion ''" "bash zsh"
expect bash "mikiwame wor" "worker"
expect bash "mikiwame results --id" "--idle-timeout"
mkdir -p "$tmp/dir" && touch "$tmp/dir/mail.eml"
expect bash "mikiwame analyze $tmp/dir/ma" "$tmp/dir/mail.eml"

if command -v zsh >/dev/null; then
  zsh_candidates() {
    zsh -f -c '
      # Like the real ones, the stubs offer only what starts with the word being completed.
      _describe() { local name=${@[-1]} e; for e in ${(P)name}; do [[ ${e%%:*} == ${words[CURRENT]}* ]] && print -r -- ${e%%:*}; done; true }
      compadd() { [[ $1 == -- ]] && shift; local e; for e; do [[ $e == ${words[CURRENT]}* ]] && print -r -- $e; done; true }
      _files() { print -r -- "<files>"; }
      compdef() { :; }
      source "$1"; shift
      words=("$@"); [[ ${words[-1]} == "'"''"'" ]] && words[-1]=""
      CURRENT=$#words
      _mikiwame' _ "$tmp/_mikiwame" "$@" | grep -v "^$" | sort
  }
  expect zsh "mikiwame an" "analyze"
  expect zsh "mikiwame intel ''" "import list lookup remove stats"
  expect zsh "mikiwame --config x.toml ''" "analyze completion data eval help intel learn milter publish results scan serve worker"
  expect zsh "mikiwame analyze -f ''" "html json markdown text"
  expect zsh "mikiwame data check --s" "--strict"
  expect zsh "mikiwame analyze --lang e" "en"
  expect zsh "mikiwame analyze ''" "<files>"
  expect zsh "mikiwame completion z" "zsh"
  zsh -n "$tmp/_mikiwame" || { echo "FAIL: zsh -n" >&2; failures=$((failures + 1)); }
else
  echo "note: zsh is not installed (scripts/install-deps.sh installs it); zsh completion not checked"
fi

bash -n "$tmp/mikiwame.bash" || { echo "FAIL: bash -n" >&2; failures=$((failures + 1)); }
[ "$failures" -eq 0 ] || exit 1
echo "completion: all checks passed"
