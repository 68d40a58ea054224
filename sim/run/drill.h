/*
 * drill.h — `drsim drill`: one outage rehearsed by a team, with drsim as the
 * game master, then debriefed.
 *
 * A drill plays one trial of a scenario (the hidden truth: when the outage
 * began, how long it lasts, whether it destroys the region) under the team's
 * own actions. The team sees only what an operator would see at the current
 * simulated instant (models/world/opview.h) and acts with the commands the
 * real tools name (models/scenario/action.h); every action is refused, with
 * the reason, when the real service would refuse it.
 *
 * How the clock works, and why it is exact: the team's actions so far are a
 * runbook (a strategy of kind runbook whose steps are "at T after the first
 * alert: ACTION"). Showing the world at instant t replays the trial from its
 * start under that runbook up to t (a trial takes about a millisecond), so
 * what the team sees, what `--script` gives and what `drsim run` gives for a
 * runbook strategy with the same steps are the same computation: identical
 * outcomes by construction, not by care.
 *
 * The session opens at the first alert (the page that starts a real incident
 * for the team) and ends at `end`, at the horizon, or when the team leaves;
 * the debrief then plays the same trial under every strategy of the scenario
 * (same random numbers), places the team's result in each strategy's
 * distribution, names the best choice in hindsight and judges the scenario's
 * expectations against the team's result.
 *
 * This module is the game master only: it reads lines and writes text. The
 * terminal (line editing, completion, history, the paced clock's ticking,
 * Ctrl-C) is sim/cli/cmd_drill.c's; text written to `out` may contain
 * scenario text, which the terminal must escape before printing.
 *
 * Ownership: drill_open copies what it needs of `s` except the scenario
 * itself, which must outlive the drill. drill_close accepts NULL.
 */
#ifndef DRSIM_DRILL_H
#define DRSIM_DRILL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/scenario/scenario.h"
#include "sim/core/err.h"
#include "sim/core/strbuf.h"
#include "sim/kernel/engine.h"

typedef struct drill drill;

typedef struct drill_options {
    bool has_trial;
    uint64_t trial;        /* the trial to play (as trial N of `drsim run` with the
                              same seed); else one is drawn (`pick`) */
    bool has_seed;
    uint64_t seed;         /* the scenario's random numbers (default: its seed) */
    uint64_t pick;         /* draws the trial when !has_trial (the terminal passes
                              the clock; the banner prints the trial to replay it) */
    uint64_t debrief_trials; /* each strategy's distribution in the debrief
                                (0: the scenario's trials, at most DRILL_DEBRIEF_MAX) */
    unsigned jobs;         /* threads for the debrief's distributions (0: one per core) */
    const char *db;        /* the results database the drill is stored in (NULL:
                              $DRSIM_DB or ./drsim.db) */
    bool scripted;         /* the lines come from a script (stored as its mode) */
    const char *scenario_path; /* stored with the drill */
} drill_options;

#define DRILL_DEBRIEF_MAX 2000u

/* What a line did to the session. */
typedef enum drill_state {
    DRILL_GOING = 0,   /* go on reading */
    DRILL_ENDED        /* the debrief has been written: leave */
} drill_state;

/* Opens a drill of variant 0's world of `s` (its first sweep point) and
 * writes the opening (the page, the banner with the trial to replay it)
 * to `out`. ERR_INPUT when the scenario has no application the outage can
 * disrupt, or the chosen trial disrupts nothing (the message says which
 * trials do); ERR_NOMEM. */
err_code drill_open(const scn_scenario *s, const drill_options *o, drill **out,
                    strbuf *text, err_msg *e);

void drill_close(drill *d);

/* Runs one line the team typed (a command, an action, or `at T: ACTION` as
 * in a script: the clock first moves to T after the first alert). Writes its
 * answer to `out`; an action the real service would refuse is answered with
 * the reason (ERR_OK: a refusal is part of the drill, and is kept).
 * A line drsim cannot read changes nothing and returns ERR_INPUT: *col is the
 * 1-based column of the problem and e says what was expected there (the
 * terminal prints it and goes on; a script stops with FILE:LINE:COL).
 * Other errors (ERR_NOMEM, ERR_LIMIT) end the drill. */
err_code drill_exec(drill *d, const char *line, strbuf *out, drill_state *state, size_t *col,
                    err_msg *e);

/* The team leaves before the end (Ctrl-C, confirmed): the drill ends as
 * `end` does — debrief written and stored — recorded as left. */
err_code drill_leave(drill *d, strbuf *out, drill_state *state, err_msg *e);

/* Advances the clock by dt (a paced clock's tick), writing what became
 * visible (new alerts, notices, the app's state changing). */
err_code drill_tick(drill *d, sim_time dt, strbuf *out, drill_state *state, err_msg *e);

/* The prompt: the simulated time of day and the time since the page,
 * "Tue 03:59 +45m> ". */
const char *drill_prompt(const drill *d, char *buf, size_t n);

/* The words that may complete `word` as the `index`-th word of a line whose
 * earlier words are words[0..index-1] (commands, then their arguments: the
 * scenario's accounts, groups, regions, recovery points). Calls fn for each
 * candidate in order. */
void drill_complete(const drill *d, const char *const *words, size_t index, const char *word,
                    void (*fn)(void *ctx, const char *candidate), void *ctx);

/* After DRILL_ENDED: the stored drill's id, and whether the team's result
 * met every expectation of the scenario (a script's exit status). */
int64_t drill_id(const drill *d);
bool drill_passed(const drill *d);

/* The simulated time now (µs from the trial's start). */
sim_time drill_now(const drill *d);

#endif
