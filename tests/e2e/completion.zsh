#!/bin/zsh -f
# completion.zsh DRSIM TMPDIR DB — drsim's zsh completion (tests/e2e/completion.c
# runs it; exit 0 = every check held, anything else = a failure, said on
# stderr). DB is a results database with runs 1 and 2 of
# scenarios/zone-loss.yaml and a drill (tests/e2e/completion.sh writes it).
#
# The function must parse (zsh -n), be found by compinit on $fpath as the
# completion of drsim, and complete: it is driven in an interactive zsh on a
# pseudo-terminal (zpty) by typing a line and Tab, with compadd wrapped to
# print every match it is given (the way zsh-capture-completion reads
# completions), and the matches compared with what is expected.
emulate -L zsh
setopt no_unset
drsim=$1 tmp=$2 db=$3
# The line names the binary as drsim, the name compinit binds the function
# to, whatever the file under test is called.
mkdir -p $tmp/zbin && ln -sf ${drsim:A} $tmp/zbin/drsim && drsim=$tmp/zbin/drsim
top=$PWD
fn=$top/sim/cli/completion/_drsim
integer fails=0
fail() { print -ru2 -- "completion.zsh: $*"; (( fails++ )) || true }

zsh -n $fn || { print -ru2 -- "completion.zsh: $fn does not parse"; exit 1 }

# compinit finds it on $fpath and binds it to drsim.
got=$(zsh -f -c "fpath=(${fn:h} \$fpath); autoload -U compinit; compinit -u -d $tmp/zcd1; print -r -- \$_comps[drsim]")
[[ $got == _drsim ]] || fail "compinit: drsim is completed by '$got', not _drsim"

zmodload zsh/zpty
cat >$tmp/init.zsh <<EOF
PS1='READY> '
PROMPT_EOL_MARK=''
unsetopt zle_bracketed_paste 2>/dev/null
fpath=(${fn:h} \$fpath)
autoload -U compinit
compinit -u -d $tmp/zcd2
zstyle ':completion:*' list-prompt ''
zstyle ':completion:*' menu no
# Every match offered, one line each, between markers.
compadd() {
  if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
    builtin compadd "\$@"
    return
  fi
  local -a __hits
  builtin compadd -A __hits "\$@"
  local h
  for h in \$__hits; do print -r -- "MATCH<\$h>" >>$tmp/matches; done
  builtin compadd "\$@"
}
EOF

# matches LINE: the matches Tab offers at the end of LINE, sorted.
integer n=0
here=$top
matches() {
  (( ++n ))
  rm -f $tmp/matches
  zpty -b z$n zsh -f -i
  zpty -w z$n "source $tmp/init.zsh; cd ${(q)here}; print SOURC''ED"
  local out=
  zpty -r -m z$n out '*SOURCED*' || true
  zpty -w -n z$n "$1"$'\t'
  sleep 1
  zpty -d z$n
  [[ -f $tmp/matches ]] && sed -n 's/^MATCH<\(.*\)>$/\1/p' $tmp/matches | sort -u
  return 0
}

# expect LINE WANTED...: the matches are exactly WANTED.
expect() {
  local line=$1; shift
  local got=$(matches "$line" | tr '\n' ' ')
  local want=$(print -rl -- "$@" | sort -u | tr '\n' ' ')
  [[ $got == $want ]] || fail "'$line': expected [$want], got [$got]"
}

cmds=(${(f)"$($drsim --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1; next } on { exit }')"})
expect "$drsim " $cmds
expect "$drsim run --max-" --max-events --max-pending --max-trials
ids=(${(f)"$($drsim runs --db $db --ids)"})
vars=(${(f)"$($drsim runs --db $db --variants 1)"})
expect "$drsim show --db $db " latest $ids
# As inserted: quoted ("wait\[redundancy=LRS\]").
expect "$drsim timeline 1 --db $db --variant " ${(q)vars}
expect "$drsim compare --db $db 1:" ${(q)vars}
expect "$drsim report --db $db 1 --format " html md json csv
expect "$drsim compare 1 $db#" latest $ids
expect "$drsim compare 1 $db#1:" ${(q)vars}
drills=(${(f)"$($drsim runs --db $db --drills --ids)"})
(( $#drills > 0 )) || fail "no drill in $db"
expect "$drsim drill --db $db --replay " $drills
mkdir -p $tmp/zfiles/sub && : >$tmp/zfiles/a.yaml && : >$tmp/zfiles/c.txt
here=$tmp/zfiles
expect "$drsim validate " a.yaml sub
here=$top

(( fails == 0 )) || { print -ru2 -- "completion.zsh: $fails check(s) failed"; exit 1 }
print -r -- "completion.zsh: every check held"
