#!/bin/sh
# layers.sh — checks that drsim's sources respect the layers declared in the
# Makefile, and that its tests mirror them (`make layers` runs it).
#
#   sh tests/support/layers.sh 'LAYER:USED USED ...' ...
#
# Each argument names a layer — a folder: sim/core, models/world, ...; the
# layer "models" is models/outcome.[ch] — and the layers it may include.
#
# 1. Every .c and .h file directly in a layer's folder may include, with a
#    quoted #include, only a path-qualified header ("sim/kernel/engine.h")
#    that lies in its own layer or in one it may use. An angle #include of a
#    header of the tree (<reports/store/store.h>: -I. finds it) is held to
#    the same rule; system headers (<stdio.h>) are not checked.
# 2. Every .c and .h file under sim/, models/ and reports/ lies in a layer.
# 3. Tests mirror the layers: each tests/unit/NAME/ is named after a layer's
#    last part (core, kernel, outcome for models, azure, scenario, ...), and
#    every Criterion suite of tests/unit/*/*.c, tests/e2e/*.c and
#    tests/browser/*.c is named after its file.
# 4. The repository stands alone: no file of it names the design notes or
#    the shared folder it was once read beside.
#
# Prints one line per offence, as FILE:LINE: why, and exits 1 when there is
# any; 0 otherwise.
set -eu

specs=$(printf '%s\n' "$@")
uses_of() { # LAYER -> the layers it may include
  printf '%s\n' "$specs" | while IFS= read -r spec; do
    case "$spec" in "$1:"*) printf '%s\n' "${spec#*:}" ;; esac
  done
}
layers=""
for spec in "$@"; do layers="$layers ${spec%%:*}"; done

out="${TMPDIR:-/tmp}/drsim-layers.$$"
trap 'rm -f "$out"' EXIT
: >"$out"

for layer in $layers; do
  allowed="$layer $(uses_of "$layer")"
  for f in "$layer"/*.c "$layer"/*.h; do
    [ -f "$f" ] || continue
    grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]' "$f" | while IFS= read -r hit; do
      line=${hit%%:*}
      case "$hit" in
        *include*'<'*)
          inc=$(printf '%s' "$hit" | sed 's/.*include[[:space:]]*<\([^>]*\)>.*/\1/')
          [ -f "$inc" ] || continue ;; # a system header
        *)
          inc=$(printf '%s' "$hit" | sed 's/.*include[[:space:]]*"\([^"]*\)".*/\1/') ;;
      esac
      case "$inc" in
        */*) ;;
        *) echo "$f:$line: #include \"$inc\" is not path-qualified (write it from the top of the tree, as \"sim/core/err.h\")"; continue ;;
      esac
      if [ ! -f "$inc" ]; then
        echo "$f:$line: #include \"$inc\": no such header in the tree"
        continue
      fi
      target=$(dirname "$inc")
      ok=0
      for a in $allowed; do [ "$a" = "$target" ] && ok=1; done
      [ $ok -eq 1 ] && continue
      known=0
      for l in $layers; do [ "$l" = "$target" ] && known=1; done
      if [ $known -eq 0 ]; then
        echo "$f:$line: #include \"$inc\": $target is not a layer"
      else
        may=$(uses_of "$layer" | sed 's/^ *//;s/ *$//')
        echo "$f:$line: #include \"$inc\": layer $layer may not include $target (it may use: ${may:-nothing but libc})"
      fi
    done
  done
done >>"$out"

# 2. Every source file lies in a layer.
find sim models reports -name '*.[ch]' | sort | while IFS= read -r f; do
  d=$(dirname "$f")
  case "$f" in models/outcome.[ch]) continue ;; esac
  known=0
  for l in $layers; do [ "$l" = "$d" ] && known=1; done
  [ $known -eq 1 ] || echo "$f: $d is not a layer (add it to the Makefile's USES_ lines, or move the file)"
done >>"$out"

# 3. Tests mirror the layers.
names=""
for layer in $layers; do
  case "$layer" in models) names="$names outcome" ;; *) names="$names ${layer##*/}" ;; esac
done
for d in tests/unit/*/; do
  [ -d "$d" ] || continue
  n=$(basename "$d")
  ok=0
  for x in $names; do [ "$x" = "$n" ] && ok=1; done
  [ $ok -eq 1 ] || echo "$d: not named after a layer (one of:$names)" >>"$out"
done
for f in tests/unit/*/*.c tests/e2e/*.c tests/browser/*.c; do
  [ -f "$f" ] || continue
  want=$(basename "$f" .c)
  grep -n '^\(Test\|TestSuite\|ParameterizedTest\)([[:space:]]*[A-Za-z_0-9]*' "$f" | while IFS= read -r hit; do
    line=${hit%%:*}
    suite=$(printf '%s' "$hit" | sed 's/^[0-9]*:[A-Za-z]*([[:space:]]*\([A-Za-z_0-9]*\).*/\1/')
    [ "$suite" = "$want" ] || echo "$f:$line: suite '$suite' is not named after its file ('$want')"
  done
done >>"$out"

# 4. Nothing refers outside the repository (the words are split so that
# this file does not name them itself).
shared='\.\./'"shared"
design='DESIGN'"\.md"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git grep -n -I -E -e "$shared" -e "$design" -- . 2>/dev/null |
    sed 's/$/  (the repository must stand on its own: restate what it relies on)/' >>"$out" || true
fi

if [ -s "$out" ]; then
  cat "$out"
  echo "drsim: layers: $(wc -l <"$out") offence(s) above (the layers are the Makefile's USES_ lines)"
  exit 1
fi
n=0
for layer in $layers; do n=$((n + 1)); done
echo "drsim: layers: every include of the $n layers respects the Makefile's USES_ lines; the tests mirror them"
