#!/usr/bin/env bash
# tests/walkthrough.sh — the README's walkthrough, run as printed.
#
# Every ```sh block of README.md between the markers
#   <!-- walkthrough: begin -->  and  <!-- walkthrough: end -->
# is a step a new user types; this script copies the repository to a scratch
# folder (the working tree as it is, without results databases or reports;
# build/release too when it exists, timestamps kept, so `make run` does not
# rebuild from nothing) and runs the blocks there, in order, in one bash with
# `set -e`: any command that fails fails the walkthrough. Blocks of other
# languages (```yaml CI snippets, plain ``` sample outputs) are not run.
#
#   tests/walkthrough.sh            run it (from anywhere in the repository)
#   tests/walkthrough.sh --print    print the script it would run, and stop
#   tests/walkthrough.sh --verbose  run it, and show everything it printed
#
# Exit status: 0 when every command ran, 1 when one failed (its output and
# the log are shown), 2 when the README holds no walkthrough.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
readme="$repo/README.md"

# The walkthrough's shell blocks, in order.
script=$(awk '
  /<!-- walkthrough: begin -->/ { inside = 1; next }
  /<!-- walkthrough: end -->/   { inside = 0; next }
  inside && /^```sh[ \t]*$/     { block = 1; n++; printf "\n# --- block %d (README.md line %d)\n", n, NR; next }
  block && /^```[ \t]*$/        { block = 0; next }
  block                         { print }
' "$readme")
blocks=$(grep -c '^# --- block ' <<<"$script" || true)
if [ "$blocks" -lt 5 ]; then
  echo "walkthrough: README.md holds $blocks shell blocks between the walkthrough markers (expected several)" >&2
  exit 2
fi
if [ "${1:-}" = "--print" ]; then
  printf '%s\n' "$script"
  exit 0
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/drsim-walkthrough.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
copy="$scratch/drsim"
mkdir -p "$copy"
# The working tree (tracked and untracked files alike), without what runs leave.
tar -C "$repo" --exclude=./build --exclude=./.git --exclude='./drsim.db*' \
    --exclude=./report.html --exclude=./decide-10m.html --exclude=./my-flagship.yaml \
    --exclude=./flagship-trials.csv \
    -cf - . | tar -C "$copy" -xf -
if [ -d "$repo/build/release" ]; then
  mkdir -p "$copy/build"
  cp -a "$repo/build/release" "$copy/build/release"
fi

log="$scratch/walkthrough.log"
printf 'set -e\n%s\n' "$script" >"$scratch/walkthrough.bash"
echo "walkthrough: $blocks blocks from README.md, run in $copy"
started=$(date +%s)
# A clean environment as a new user has it: no DRSIM_DB, no colour.
if (cd "$copy" && env -u DRSIM_DB -u MAKEFLAGS -u MAKELEVEL -u MFLAGS NO_COLOR=1 \
      bash -x "$scratch/walkthrough.bash") >"$log" 2>&1; then
  [ "${1:-}" = "--verbose" ] && cat "$log"
  echo "walkthrough: every command ran ($(( $(date +%s) - started ))s)"
  exit 0
fi
echo "walkthrough: a command failed; the end of the log:" >&2
tail -n 60 "$log" >&2
exit 1
