#!/bin/bash
# completion.sh DRSIM TMPDIR — drsim's bash completion, driven as bash drives
# it, and `make install` / `make uninstall` (tests/e2e/completion.c runs it;
# exit 0 = every check held, 77 = bash-completion is not installed, anything
# else = a failure, said on stderr).
#
# It sources bash-completion and sim/cli/completion/drsim.bash, sets
# COMP_WORDS, COMP_CWORD, COMP_LINE and COMP_POINT as bash does for a line
# (split at blanks and at ':' and '=', as COMP_WORDBREAKS has them), calls
# _drsim and reads COMPREPLY: commands, options, scenario files, run ids and
# variant names from a database written by a real `drsim run`, drill ids
# from a real scripted `drsim drill`, fixed values;
# the table of what each option takes against every command's --help, and
# zsh's table against bash's; zsh's completion, driven by
# tests/e2e/completion.zsh on the same database; then installs into a
# staging directory and uninstalls, leaving no file.
set -u
drsim=$1
tmp=$2
top=$PWD
[ -f /usr/share/bash-completion/bash_completion ] ||
  { echo "bash-completion is not installed"; exit 77; }

fails=0
fail() { echo "completion: $*" >&2; fails=$((fails + 1)); }

# shellcheck disable=SC1091
. /usr/share/bash-completion/bash_completion
# shellcheck disable=SC1091
. "$top/sim/cli/completion/drsim.bash"
complete -p drsim >/dev/null 2>&1 || fail "drsim.bash registers no completion for drsim"

# comp LINE: COMPREPLY for LINE with the cursor at its end, one a line,
# sorted. The program word is $drsim (the binary under test).
comp() {
  local line="$drsim ${1#drsim }" tok
  COMP_WORDS=()
  for tok in $line; do
    while IFS= read -r part; do
      [ -n "$part" ] && COMP_WORDS+=("$part")
    done < <(printf '%s\n' "$tok" | sed 's/[:=]/\n&\n/g')
  done
  case $line in *' ') COMP_WORDS+=("") ;; esac
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE=$line
  COMP_POINT=${#line}
  COMPREPLY=()
  _drsim drsim "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
  printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort
}

# expect LINE WANTED...: COMPREPLY is exactly WANTED (any order).
expect() {
  local line=$1; shift
  local got want
  got=$(comp "$line")
  want=$(printf '%s\n' "$@" | sed '/^$/d' | sort)
  [ "$got" = "$want" ] || fail "'$line': expected [$(echo $want)], got [$(echo $got)]"
}

# has LINE WORD...: COMPREPLY holds every WORD.
has() {
  local line=$1; shift
  local got w
  got=$(comp "$line")
  for w in "$@"; do
    printf '%s\n' "$got" | grep -qxF -- "$w" || fail "'$line': no '$w' in [$(echo $got)]"
  done
}

# ---- Commands and options, from --help --------------------------------------
cmds=$("$drsim" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1; next } on { exit }')
[ "$(echo "$cmds" | wc -l)" -ge 10 ] || fail "drsim --help lists too few commands: $cmds"
# shellcheck disable=SC2086
expect "drsim " $cmds
expect "drsim ru" run runs
expect "drsim --" --help --version

has "drsim run --" --db --trials --variant --verify --max-pending --jobs --quiet
has "drsim run -" -j -q
got=$(comp "drsim run --")
for o in -h --help; do
  printf '%s\n' "$got" | grep -qxF -- "$o" && fail "'drsim run --' offers $o"
done
# Every option of every command's --help is offered (the reading is the same
# as the manual page's test: checked there option by option).
for c in $cmds; do
  n=$(comp "drsim $c -" | wc -l)
  h=$("$drsim" "$c" --help | grep -c -- '^ *-') || true
  [ "$h" -eq 0 ] || [ "$n" -gt 0 ] || fail "'drsim $c -' offers no option, its --help has $h"
done
has "drsim validate --" --print
has "drsim report -" --drill --format --output -o -f --intervals
has "drsim runs --" --ids --variants --json --db

# ---- What each option takes: the table against every option line ------------
# An option line "-j, --jobs N  text" takes a value (N); "--json  text" none.
for c in $cmds; do
  while IFS= read -r l; do
    part=${l#"${l%%[! ]*}"}
    part=${part%%  *}
    opts=() value=no
    for w in $part; do
      w=${w%,}
      case $w in
        -*) opts+=("$w") ;;
        *) value=yes ;;
      esac
    done
    for o in "${opts[@]}"; do
      k=$(_drsim_value_kind "$o")
      if [ $value = yes ] && [ -z "$k" ]; then
        fail "drsim $c --help: $o takes a value; _drsim_value_kind does not know it"
      elif [ $value = no ] && [ -n "$k" ]; then
        fail "drsim $c --help: $o takes no value; _drsim_value_kind says '$k'"
      fi
    done
  done < <("$drsim" "$c" --help | grep -- '^ *-')
done
# ...and every option of the table is one some command has.
alloptions=$(for c in $cmds; do _drsim_options "$drsim" "$c"; done | sort -u)
table=$(sed -n '/^_drsim_value_kind()/,/^}/p' "$top/sim/cli/completion/drsim.bash" |
  grep -o -- '--\?-[a-z][a-z-]*' | grep -v -- '^-[a-z][a-z]' | sort -u)
for o in $table; do
  printf '%s\n' "$alloptions" | grep -qxF -- "$o" ||
    fail "_drsim_value_kind knows $o, which no command's --help shows"
done

# ...and zsh's table says the same of every option.
zsh_kinds=$(zsh -f -c '
  eval "$(sed -n "/^_drsim_value_kind() {/,/^}/p" "$1")"; shift
  for o in "$@"; do print -r -- "$o=$(_drsim_value_kind $o)"; done' \
  zsh "$top/sim/cli/completion/_drsim" $alloptions $table)
bash_kinds=$(for o in $alloptions $table; do echo "$o=$(_drsim_value_kind "$o")"; done)
[ -n "$zsh_kinds" ] && [ "$zsh_kinds" = "$bash_kinds" ] ||
  fail "the zsh and bash tables of option values differ: $(diff <(echo "$bash_kinds") <(echo "$zsh_kinds"))"

# ---- Fixed values ------------------------------------------------------------
expect "drsim report 1 --format " html md json csv
expect "drsim report 1 -f j" json
expect "drsim run x.yaml --inconclusive " pass fail
expect "drsim solve x.yaml --find m" max min
expect "drsim run x.yaml --trials " auto
expect "drsim run x.yaml --seed " ""

# ---- Scenario files ------------------------------------------------------------
mkdir -p "$tmp/files/sub" && : >"$tmp/files/a.yaml" && : >"$tmp/files/b.yml" &&
  : >"$tmp/files/c.txt" && : >"$tmp/files/d.db" || fail "cannot make files in $tmp"
cd "$tmp/files" || exit 1
expect "drsim run " a.yaml b.yml sub
expect "drsim check a" a.yaml
expect "drsim validate --print " a.yaml b.yml sub
has "drsim run a.yaml --db " c.txt d.db
has "drsim merge " d.db
expect "drsim run a.yaml --db=d" d.db
cd "$top" || exit 1

# ---- Run ids and variants from a database -------------------------------------
db=$tmp/completion.db
scn=scenarios/zone-loss.yaml
for i in 1 2; do
  "$drsim" run "$scn" --trials 20 --db "$db" --quiet 2>/dev/null
  [ $? -le 1 ] || { fail "drsim run $scn --trials 20 --db $db failed"; exit 1; }
done
want_ids=$(sqlite3 "$db" 'SELECT id FROM run ORDER BY id')
want_vars=$(sqlite3 "$db" 'SELECT name FROM variant WHERE run_id = 1 ORDER BY idx')
[ "$(echo "$want_ids" | wc -l)" -eq 2 ] || fail "expected two runs in $db: $want_ids"
[ "$(echo "$want_vars" | wc -l)" -ge 2 ] || fail "expected variants in $db: $want_vars"
[ "$("$drsim" runs --db "$db" --ids)" = "$want_ids" ] || fail "drsim runs --ids: not the ids"
[ "$("$drsim" runs --db "$db" --variants 1)" = "$want_vars" ] || fail "drsim runs --variants 1: not its variants"
[ "$("$drsim" runs --db "$db" --variants latest)" = "$(sqlite3 "$db" 'SELECT name FROM variant WHERE run_id = 2 ORDER BY idx')" ] ||
  fail "drsim runs --variants latest: not run 2's variants"
"$drsim" runs --db "$db" --ids --json >/dev/null 2>&1
[ $? -eq 2 ] || fail "drsim runs --ids --json: not exit 2"

# shellcheck disable=SC2086
expect "drsim show --db $db " latest $want_ids
# shellcheck disable=SC2086
expect "drsim show --db=$db " latest $want_ids
# shellcheck disable=SC2086
DRSIM_DB=$db expect "drsim timeline " latest $want_ids
# shellcheck disable=SC2086
expect "drsim compare --db $db 1 " latest $want_ids
# shellcheck disable=SC2086
expect "drsim runs --db $db --variants " latest $want_ids
# shellcheck disable=SC2086
expect "drsim timeline 1 --db $db --variant " $want_vars
# shellcheck disable=SC2086
expect "drsim compare --db $db 1:" $want_vars
first=$(echo "$want_vars" | head -n 1)
# The variants of zone-loss.yaml hold '=' ("wait[redundancy=LRS]"), where
# bash splits words: the reply is what follows the last ':' or '='.
case $first in *=*) ;; *) fail "expected a variant name with '=' in $scn: $first" ;; esac
expect "drsim report --db $db 1:${first%?}" "${first##*=}"
expect "drsim timeline 1 --db $db --variant ${first%?}" "${first##*=}"
# shellcheck disable=SC2086
expect "drsim run $scn --db $db --variant " $want_vars
# shellcheck disable=SC2086
DRSIM_DB=$db expect "drsim check $scn --variant " $want_vars
# FILE#RUN[:VARIANT]: another database's runs and variants.
# shellcheck disable=SC2086
expect "drsim compare 1 $db#" "$db#latest" $(printf "$db#%s " $want_ids)
# shellcheck disable=SC2086
expect "drsim report --db $tmp/none.db $db#1:" $want_vars
expect "drsim compare 1 $tmp/none.db#" "$tmp/none.db#latest"
expect "drsim show --db $tmp/none.db " latest
DRSIM_DB=$tmp/none.db expect "drsim timeline 1 --variant " ""

# ---- Drill ids, for --replay and report --drill --------------------------------
printf 'at 20m: recovery-plan failover --recovery-point latest\n' >"$tmp/plan.drill"
"$drsim" drill scenarios/drill-region-loss.yaml --trial 3 --script "$tmp/plan.drill" \
  --db "$db" --debrief-trials 20 >/dev/null 2>&1
[ $? -le 1 ] || fail "drsim drill --script into $db failed"
want_drills=$(sqlite3 "$db" 'SELECT id FROM drill ORDER BY id')
[ -n "$want_drills" ] || fail "no drill in $db"
[ "$("$drsim" runs --db "$db" --drills --ids)" = "$want_drills" ] ||
  fail "drsim runs --drills --ids: not the drill ids"
# shellcheck disable=SC2086
expect "drsim drill --db $db --replay " $want_drills
# shellcheck disable=SC2086
expect "drsim report --db $db --drill " $want_drills
DRSIM_DB=$tmp/none.db expect "drsim drill --replay " ""

# ---- zsh, on the same database --------------------------------------------------
if command -v zsh >/dev/null 2>&1; then
  zsh -f tests/e2e/completion.zsh "$drsim" "$tmp" "$db" || fail "zsh completion (above)"
else
  fail "zsh is not installed (make deps installs it)"
fi

# ---- make install, make uninstall ------------------------------------------------
# From the binary under test (-o: never rebuilt here, whatever its objects'
# times), with the make running the tests kept out (its jobserver).
stage=$tmp/stage
unset MAKEFLAGS MFLAGS MAKELEVEL
if ! make -s -o "$drsim" install DESTDIR="$stage" PREFIX=/usr DRSIM="$drsim" >"$tmp/install.log" 2>&1; then
  fail "make install: $(cat "$tmp/install.log")"
else
  for f in bin/drsim share/man/man1/drsim.1 share/bash-completion/completions/drsim \
    share/zsh/site-functions/_drsim; do
    [ -f "$stage/usr/$f" ] || fail "make install: no $stage/usr/$f"
  done
  cmp -s "$stage/usr/bin/drsim" "$drsim" || fail "make install: bin/drsim is not the binary under test"
  cmp -s "$stage/usr/share/man/man1/drsim.1" sim/cli/drsim.1 || fail "make install: not the page"
  [ -x "$stage/usr/bin/drsim" ] || fail "make install: bin/drsim is not executable"
  [ "$(find "$stage" -type f | wc -l)" -eq 4 ] || fail "make install: not 4 files: $(find "$stage" -type f)"
  make -s uninstall DESTDIR="$stage" PREFIX=/usr >"$tmp/uninstall.log" 2>&1 ||
    fail "make uninstall: $(cat "$tmp/uninstall.log")"
  left=$(find "$stage" ! -type d)
  [ -z "$left" ] || fail "make uninstall left: $left"
fi

[ $fails -eq 0 ] || { echo "completion: $fails check(s) failed" >&2; exit 1; }
echo "completion: every check held"
