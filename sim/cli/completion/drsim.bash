# drsim.bash — bash completion for drsim (installed by `make install` as
# $(PREFIX)/share/bash-completion/completions/drsim; or source this file).
#
# The commands and each command's options are read from the drsim being
# completed, `drsim --help` and `drsim COMMAND --help`, as the completion
# happens: they cannot drift from the binary. Read from --help are the usage
# lines (`usage: drsim CMD ...`, a line going on with `[`, another form
# `drsim CMD ...`) and the option lines (starting with `-`, up to two
# spaces), as tests/e2e/manpage.c reads them for the manual page.
#
# What an option's value is comes from the table in _drsim_value_kind (an
# option not in it takes no value); tests/e2e/completion.sh checks it
# against every option line of every command's --help. Completed values:
#   scenario files (*.yaml, *.yml)  run, check, validate, drill, solve
#   run ids and `latest`            show, timeline, compare, report,
#                                   runs --variants (from `drsim runs --ids`)
#   RUN:VARIANT                     compare, report (`drsim runs --variants RUN`);
#                                   FILE#RUN[:VARIANT] from FILE's runs
#   drill ids                       drill --replay, report --drill (from
#                                   `drsim runs --drills --ids`)
#   variant names                   timeline --variant (its RUN's);
#                                   run, check, solve --variant (those of the
#                                   latest stored run of the scenario named
#                                   in the first scenario file on the line)
#   databases, files                --db, --baseline, -o, --junit, --script,
#                                   --parameters; merge's and import's inputs
#   fixed words                     --inconclusive, --format, --find, --from,
#                                   --template, --trials (auto)
# The results database is the --db given earlier on the line, else drsim's
# own default ($DRSIM_DB, else ./drsim.db). The database is read only
# through drsim; an error (no database) completes nothing.

# The value an option takes: a word (file, db, yaml, run, variant, drill, none
# when any value goes but none can be offered), or the values themselves;
# nothing for an option that takes no value.
_drsim_value_kind()
{
    case $1 in
    --db | --baseline) echo db ;;
    -o | --output | --junit | --script | --parameters) echo file ;;
    --variant) echo variant ;;
    --variants) echo run ;;
    --drill | --replay) echo drill ;;
    --inconclusive) echo 'pass fail' ;;
    -f | --format) echo 'html md json csv' ;;
    --find) echo 'max min' ;;
    --from) echo 'arm graph terraform' ;;
    --template) echo 'region-loss zone-loss region-destroyed' ;;
    --trials) echo auto ;;
    --precision | --max-trials | --seed | -j | --jobs | --shard | --trace | --confidence | \
        --max-events | --max-pending | --tolerance | --given | --pareto | --trial | \
        --pace | --debrief-trials | --param | --range | --resolution | --region | --name)
        echo none ;;
    esac
}

# The commands of drsim $1, one a line.
_drsim_commands()
{
    "$1" --help 2>/dev/null | awk '/^commands:/ { on = 1; next }
        on && /^  [a-z]/ { print $1; next } on { exit }'
}

# The options of command $2 of drsim $1, one a line (-h and --help left out).
_drsim_options()
{
    "$1" "$2" --help 2>/dev/null | awk -v cmd="$2" '
    {
        t = $0; sub(/^ +/, "", t)
        if ($0 ~ /^usage:/ || t ~ /^\[/ || index(t, "drsim " cmd " ") == 1) part = $0
        else if (t ~ /^-/) { part = t; i = index(t, "  "); if (i) part = substr(t, 1, i - 1) }
        else next
        n = split(part, w, /[ \[\]]+/)
        for (k = 1; k <= n; k++)
            if (match(w[k], /^--?[A-Za-z][A-Za-z0-9-]*/)) {
                o = substr(w[k], 1, RLENGTH)
                if (o ~ /^-[A-Za-z][A-Za-z0-9-]/ || o == "-h" || o == "--help" || seen[o]++) continue
                print o
            }
    }'
}

# Run ids of the database (`latest` first), for drsim $1 with db args $2...
_drsim_runs()
{
    local prog=$1; shift
    echo latest
    "$prog" runs "$@" --ids 2>/dev/null
}

# The top-level name: of a scenario file (for its stored runs' variants).
_drsim_scenario_name()
{
    [[ -r $1 ]] || return
    sed -n 's/^name:[[:space:]]*//p' "$1" 2>/dev/null | head -n 1 |
        sed -e 's/[[:space:]]*#.*$//' -e 's/^"\(.*\)"$/\1/' -e "s/^'\\(.*\\)'\$/\\1/"
}

# Bash splits a word at ':' and '=' (COMP_WORDBREAKS) and replaces only
# the part after the last of them; _init_completion -n := hands the whole
# word ("1:wait[redundancy=L") to _drsim, so each reply is cut the same way.
_drsim_ltrim()
{
    [[ $1 == *[:=]* ]] || return 0
    local pre=${1%"${1##*[:=]}"}
    COMPREPLY=("${COMPREPLY[@]#"$pre"}")
}

_drsim_files()
{
    if declare -F _filedir >/dev/null; then
        _filedir "$@"
    elif [[ $# -gt 0 ]]; then
        COMPREPLY=($(compgen -f -X "!*.@($1)" -- "$cur") $(compgen -d -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}

_drsim()
{
    local cur prev words cword split=false
    if declare -F _init_completion >/dev/null; then
        _init_completion -s -n := || return
    else
        words=("${COMP_WORDS[@]}") cword=$COMP_CWORD
        cur=${words[cword]} prev=${words[cword - 1]}
    fi
    local prog=${words[0]}
    [[ $prog == "~/"* ]] && prog=$HOME/${prog#"~/"}

    # The command: the first word that is not an option.
    local i cmd= ci=0
    for ((i = 1; i < cword; i++)); do
        if [[ ${words[i]} != -* ]]; then
            cmd=${words[i]} ci=$i
            break
        fi
    done
    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W '--help --version' -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$(_drsim_commands "$prog")" -- "$cur"))
        fi
        return
    fi

    # What the line holds so far: --db, the positional arguments.
    local -a db=() pos=()
    local w
    for ((i = ci + 1; i < cword; i++)); do
        w=${words[i]}
        case $w in
        --db=*) db=(--db "${w#--db=}") ;;
        --db) db=(--db "${words[i + 1]}") ;;
        esac
        if [[ $w == --*=* ]]; then
            continue
        elif [[ $w == -* ]]; then
            [[ -n $(_drsim_value_kind "$w") ]] && ((i++)) # its value
        else
            pos+=("$w")
        fi
    done
    [[ ${db[1]-} == "~/"* ]] && db[1]=$HOME/${db[1]#"~/"}

    # The value of an option (`--db FILE`, or `--db=FILE`: then prev is
    # --db, split by _init_completion -s).
    local kind
    kind=$(_drsim_value_kind "$prev")
    if [[ -n $kind ]]; then
        case $kind in
        db | file) _drsim_files ;;
        none) ;;
        run) COMPREPLY=($(compgen -W "$(_drsim_runs "$prog" "${db[@]}")" -- "$cur")) ;;
        drill) COMPREPLY=($(compgen -W "$("$prog" runs "${db[@]}" --drills --ids 2>/dev/null)" \
            -- "$cur")) ;;
        variant)
            local ref=
            if [[ $cmd == timeline ]]; then
                ref=${pos[0]-latest}
            elif [[ -n ${pos[0]-} ]]; then
                ref=$(_drsim_scenario_name "${pos[0]}")
            fi
            [[ -n $ref ]] && COMPREPLY=($(compgen -W \
                "$("$prog" runs "${db[@]}" --variants "$ref" 2>/dev/null)" -- "$cur"))
            ;;
        *) COMPREPLY=($(compgen -W "$kind" -- "$cur")) ;;
        esac
        _drsim_ltrim "$cur"
        return
    fi

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_drsim_options "$prog" "$cmd")" -- "$cur"))
        return
    fi

    case $cmd in
    run | check | validate | drill | solve) _drsim_files 'yaml|yml' ;;
    show | timeline)
        COMPREPLY=($(compgen -W "$(_drsim_runs "$prog" "${db[@]}")" -- "$cur")) ;;
    compare | report)
        # FILE#RUN[:VARIANT]: a run of another database, FILE's runs and
        # variants; before the '#', the database files.
        local -a on=("${db[@]}")
        local at=
        if [[ $cur == *#* ]]; then
            at=${cur%%#*}#
            local file=${cur%%#*}
            [[ $file == "~/"* ]] && file=$HOME/${file#"~/"}
            on=(--db "$file")
        fi
        if [[ $cur == *:* ]]; then
            local ref=${cur%%:*} v
            local -a vs=()
            while IFS= read -r v; do
                vs+=("$ref:$v")
            done < <("$prog" runs "${on[@]}" --variants "${ref#"$at"}" 2>/dev/null)
            COMPREPLY=($(compgen -W "${vs[*]}" -- "$cur"))
            _drsim_ltrim "$cur"
        elif [[ -n $at ]]; then
            local id
            local -a rs=()
            for id in $(_drsim_runs "$prog" "${on[@]}"); do
                rs+=("$at$id")
            done
            COMPREPLY=($(compgen -W "${rs[*]}" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$(_drsim_runs "$prog" "${db[@]}")" -- "$cur"))
        fi
        ;;
    runs | schema) ;;
    *) _drsim_files ;;
    esac
} &&
    complete -F _drsim drsim
