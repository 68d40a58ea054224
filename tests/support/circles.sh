#!/bin/sh
# circles.sh — checks that no two files of one folder call each other in a
# circle, and prints each folder's call order (`make circles` runs it).
#
#   sh tests/support/circles.sh BUILD OBJECT...
#
# OBJECT names an object of the program relative to the top of the tree
# (sim/kernel/engine.o); its file is BUILD/OBJECT. A file calls another when
# it uses a symbol (a function, a table) the other defines, as nm reports
# them: what the compiler really linked, not what the text seems to say.
# Within each folder the files are put in call order with tsort: a file comes
# before every file it calls. A circle (A calls B, B calls A, or longer) is an
# offence: tsort names the files in it.
#
# Prints one line per folder, "FOLDER: a > b > c" (top first; files that
# call no other file of the folder and are called by none are listed after
# a ';'), and exits 1 when any folder has a circle; 0 otherwise.
set -eu

build=$1
shift
tmp="${TMPDIR:-/tmp}/drsim-circles.$$"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT

# Symbols each object defines and uses, one "OBJECT SYMBOL" per line.
for o in "$@"; do
  nm --defined-only -g "$build/$o" | awk -v o="$o" 'NF == 3 { print o, $3 }'
done >"$tmp/defs"
for o in "$@"; do
  nm -u "$build/$o" | awk -v o="$o" '{ print o, $NF }'
done >"$tmp/uses"

# "CALLER CALLEE" for every use of a symbol defined in the same folder.
awk 'function dir(p) { sub(/\/[^\/]*$/, "", p); return p }
     NR == FNR { def[$2] = $1; next }
     ($2 in def) && def[$2] != $1 && dir(def[$2]) == dir($1) { print $1, def[$2] }' \
  "$tmp/defs" "$tmp/uses" | sort -u >"$tmp/edges"

bad=0
for d in $(for o in "$@"; do dirname "$o"; done | sort -u); do
  grep "^$d/[^/ ]* " "$tmp/edges" >"$tmp/d" || true
  linked=""
  if [ -s "$tmp/d" ]; then
    if ! order=$(tsort "$tmp/d" 2>"$tmp/err"); then
      bad=1
    fi
    if [ -s "$tmp/err" ]; then
      bad=1
      loop=$(grep -v 'input contains a loop' "$tmp/err" | sed 's/^tsort: //; s/\.o$//' |
        while read -r f; do basename "$f" .o; done | tr '\n' ' ')
      echo "$d: a circle: ${loop% }"
      continue
    fi
    linked=$(printf '%s\n' "$order" | while read -r f; do basename "$f" .o; done |
      awk '{ printf "%s%s", (NR > 1 ? " > " : ""), $0 }')
  fi
  alone=""
  for o in "$@"; do
    [ "$(dirname "$o")" = "$d" ] || continue
    grep -q -e "^$o " -e " $o\$" "$tmp/d" 2>/dev/null && continue
    alone="$alone $(basename "$o" .o)"
  done
  if [ -n "$linked" ] && [ -n "$alone" ]; then
    echo "$d: $linked;$alone"
  else
    echo "$d: $linked${alone# }"
  fi
done

if [ $bad -ne 0 ]; then
  echo "drsim: circles: files of one folder call each other in a circle (above)"
  exit 1
fi
echo "drsim: circles: in every folder the files call each other one way"
