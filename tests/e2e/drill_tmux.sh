#!/bin/sh
# drill_tmux.sh DRSIM TMPDIR — `drsim drill` as a person sees it in tmux, on a
# 60-column pane (tests/e2e/drill_cli.c runs it; exit 0 = every check held, 77 =
# no tmux here, anything else = a failure, said on stderr).
#
# It types with send-keys and reads the screen with capture-pane: the page,
# a completion, an action, the news of a wait, no line wider than the pane;
# then a scenario whose status page carries an escape sequence, which must
# show as text (\e[31m), never act; then a paced clock ticking while a line
# is typed, in a window made narrower.
set -u
drsim=$1
tmp=$2
command -v tmux >/dev/null 2>&1 || { echo "tmux is not installed"; exit 77; }

sock="$tmp/tmux-0.sock"
fail() { echo "drill_tmux: $*" >&2; tmux -S "$sock" capture-pane -p -t drill >&2 2>/dev/null; tmux -S "$sock" kill-server 2>/dev/null; exit 1; }
# Text is typed with send-keys -l (literally: "end" alone would be the End
# key), then Enter. Waits up to 60 s for TEXT on the screen (a loaded
# machine is slow).
see() {
  i=0
  while [ $i -lt 300 ]; do
    tmux -S "$sock" capture-pane -p -t drill -S -200 | grep -qF -- "$1" && return 0
    sleep 0.2; i=$((i + 1))
  done
  fail "never saw: $1"
}

# Each session gets a server of its own: a server just killed may still be
# shutting down on its socket.
n=0
# start SCENARIO [OPTION...]
start() {
  tmux -S "$sock" kill-server 2>/dev/null
  n=$((n + 1)); sock="$tmp/tmux-$n.sock"; rm -f "$sock"
  scn=$1; shift
  tmux -S "$sock" new-session -d -s drill -x 60 -y 40 \
    "NO_COLOR=1 DRSIM_DB='$tmp/tmux.db' '$drsim' drill '$scn' --trial 3 --debrief-trials 50 $*; echo EXIT=\$?; sleep 30" ||
    fail "cannot start tmux"
}
# The screen's logical lines now (rows a long line wrapped over joined),
# without waiting; how many times TEXT is on it.
screen() { tmux -S "$sock" capture-pane -p -J -t drill -S -200; }
on_screen() { screen | grep -o -F -- "$1" | wc -l; }
# Waits (up to 60 s) for TEXT to be on the screen exactly once (a redraw
# may be under way: none for a moment); fails at once when it is there
# more than once. WHAT names it in the failure.
once() {
  i=0
  while [ $i -lt 300 ]; do
    c=$(on_screen "$1")
    [ "$c" -gt 1 ] && fail "$2 is on the screen $c times, not once"
    [ "$c" -eq 1 ] && return 0
    sleep 0.2; i=$((i + 1))
  done
  fail "$2 is not on the screen"
}

rm -f "$tmp/tmux.db"
start scenarios/drill-region-loss.yaml
see "Your pager goes off."
see "Tue 02:23 +0s>"
tmux -S "$sock" send-keys -t drill "recovery-plan fail" Tab
see "recovery-plan failover"
tmux -S "$sock" send-keys -t drill Enter
see "failover of the recovery plan to"
tmux -S "$sock" send-keys -t drill "wait 1h" Enter
see "STATUS PAGE (westeurope): A fire in one"
see "Tue 03:23 +1h>"
wide=$(tmux -S "$sock" capture-pane -p -t drill -S -200 | awk 'length($0) > 60' | head -1)
[ -z "$wide" ] || fail "a line wider than the 60-column pane: $wide"
tmux -S "$sock" send-keys -t drill -l "end"; tmux -S "$sock" send-keys -t drill Enter
see "Debrief: drill 1 of drill-region-loss"
see "EXIT="

# A hostile status page: its escape sequence is shown, not obeyed.
sed 's/text: "Investigating: /text: "\\e[31mRED\\e[0m Investigating: /' \
  scenarios/drill-region-loss.yaml > "$tmp/hostile.yaml"
grep -q 'e\[31mRED' "$tmp/hostile.yaml" || fail "the hostile scenario was not written"
start "$tmp/hostile.yaml"
see "Tue 02:23 +0s>"
tmux -S "$sock" send-keys -t drill "wait until next alert" Enter
see 'STATUS PAGE (westeurope): \e[31mRED\e[0m'
tmux -S "$sock" capture-pane -p -e -t drill -S -200 | grep -q "$(printf '\033')\[31m" &&
  fail "the scenario's escape sequence reached the terminal"
tmux -S "$sock" send-keys -t drill -l "end"; tmux -S "$sock" send-keys -t drill Enter
see "EXIT="

# A paced clock (one simulated minute a second) redraws the line being typed
# under the moved clock each second: a line longer than the pane is on the
# screen once, whole, however many rows it takes, and still after the
# window is made narrower; the answer to a line drsim cannot read stays
# whole on the screen after the next tick.
rm -f "$tmp/tmux.db"
start scenarios/drill-region-loss.yaml --pace 60
see "Tue 02:23 +0s>"
long="storage account failover media --failover-type unplanned and words to wrap"
tmux -S "$sock" send-keys -t drill -l "$long"
sleep 3.5
once "> storage account failover" "the line being typed"
once "> $long" "the whole line being typed"
screen | grep -q -F -- "+0s> $long" && fail "the clock did not move"
tmux -S "$sock" resize-window -t drill -x 40
sleep 3.5
once "> storage account failover" "on a narrower window, the line being typed"
once "> $long" "on a narrower window, the whole line being typed"
tmux -S "$sock" send-keys -t drill C-u
tmux -S "$sock" resize-window -t drill -x 60
sleep 1
tmux -S "$sock" send-keys -t drill -l "recovery-plan failover --recovery-point latest-processd"
tmux -S "$sock" send-keys -t drill Enter
see "expected a"
sleep 2.5
screen | grep -q -F "latest-app-consistent" ||
  fail "a tick erased the end of the answer to a line drsim cannot read"
tmux -S "$sock" send-keys -t drill -l "end"; tmux -S "$sock" send-keys -t drill Enter
see "EXIT="
tmux -S "$sock" kill-server 2>/dev/null
exit 0
