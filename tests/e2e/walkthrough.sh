#!/usr/bin/env bash
# tests/e2e/walkthrough.sh — the README's walkthrough, run as printed.
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
#   tests/e2e/walkthrough.sh            run it (from anywhere in the repository)
#   tests/e2e/walkthrough.sh --print    print the script it would run, and stop
#   tests/e2e/walkthrough.sh --verbose  run it, and show everything it printed
#
# Then the sample outputs: every line of a plain ``` block between the
# markers must be a line the walkthrough printed (trailing blanks aside), so
# the README shows what drsim prints now. Not compared: "..." (lines left
# out) and the wall time in a run's first line.
#
# Exit status: 0 when every command ran and printed what the README shows,
# 1 when one failed or a sample line was not printed (what differs is shown),
# 2 when the README holds no walkthrough.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
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
else
  echo "walkthrough: a command failed; the end of the log:" >&2
  tail -n 60 "$log" >&2
  exit 1
fi

# The sample outputs, "LINE<TAB>text" per line, against what was printed.
normalise() { sed -E -e 's/[ \t]+$//' -e 's/, [0-9.]+(ms|s) -> /, TIME -> /'; }
normalise <"$log" >"$scratch/printed"
samples=$(awk '
  /<!-- walkthrough: begin -->/ { inside = 1; next }
  /<!-- walkthrough: end -->/   { inside = 0; next }
  !inside                       { next }
  kind == "" && /^```[ \t]*$/   { kind = "output"; next }
  kind == "" && /^```/          { kind = "other"; next }
  kind != "" && /^```[ \t]*$/   { kind = ""; next }
  kind == "output" && !/^[ \t]*\.\.\.[ \t]*$/ { printf "%d\t%s\n", NR, $0 }
' "$readme")
checked=0 missing=0
while IFS=$'\t' read -r line text; do
  checked=$((checked + 1))
  want=$(printf '%s\n' "$text" | normalise)
  if ! grep -qxF -- "$want" "$scratch/printed"; then
    [ "$missing" -eq 0 ] && echo "walkthrough: README.md shows output the walkthrough did not print:" >&2
    printf '  README.md:%s: %s\n' "$line" "$text" >&2
    missing=$((missing + 1))
  fi
done <<<"$samples"
if [ "$checked" -eq 0 ]; then
  echo "walkthrough: README.md holds no sample output between the walkthrough markers" >&2
  exit 2
fi
if [ "$missing" -gt 0 ]; then
  echo "walkthrough: $missing of $checked sample lines differ; the log is $log (kept)" >&2
  trap - EXIT
  exit 1
fi
echo "walkthrough: the README's $checked sample output lines are what drsim printed"
exit 0
