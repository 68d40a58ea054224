/*
 * solve.h — `drsim solve`: the question asked backwards. Given a scenario, a
 * parameter (a sweep path naming a quantity, such as strategies.asr.decide)
 * and a range LO..HI of it, find the largest (or smallest) value for which
 * every expectation of the selected variants holds at the confidence level.
 *
 * A probe at value x loads the scenario with the path set to x (exactly as a
 * sweep of that one value would: loader.h scn_load_set), runs the selected
 * variants into a database — a scratch one removed afterwards, or --db — as
 * `run` does, and judges the expectations (reports/check/judge.h). It holds
 * when none fails and none is inconclusive (or inconclusive ones pass with
 * --inconclusive pass). Every probe has the same seed and trial count, so
 * trial k faces the same outage at every x (common random numbers): what
 * differs between two probes is what x changes.
 *
 * The search: a grid of five probes (LO, HI and the three quarter points)
 * must read monotone — holding on a prefix of it and failing on the rest, or
 * the reverse — or solve refuses, naming each grid value and its verdict
 * (a response that turns more than once has no single threshold, and
 * bisection would find one of several at random). Then bisection between the
 * adjacent holding and failing grid points until they are at most the
 * resolution apart (default 1 % of the range). Interior probe values are
 * rounded to a round step in the key's unit (at most a quarter of the
 * resolution), so the probes read as a person would write them; the bracket
 * still shrinks to the resolution.
 *
 * Invariants: the probes, their verdicts and the answer depend only on the
 * scenario, the settings (range, resolution, variants, trials, seed,
 * confidence) and never on --jobs or the database; the answer's bracket
 * always has a holding end and a failing end, both probed.
 *
 * Exit: ERR_OK an answer (or the expectations hold over the whole range);
 * ERR_FAILED they hold nowhere in it, or the response is not monotone;
 * ERR_USAGE a bad argument or scenario (printed); ERR_STORE, ERR_IO, ...
 * from the run.
 */
#ifndef DRSIM_SOLVE_H
#define DRSIM_SOLVE_H

#include <stdbool.h>

#include "sim/core/err.h"
#include "sim/run/exec.h"

typedef enum solve_find {
    SOLVE_FIND_AUTO = 0, /* max when the expectations hold at LO, else min */
    SOLVE_FIND_MAX,
    SOLVE_FIND_MIN
} solve_find;

typedef struct solve_request {
    /* The runs' settings: command "solve", scenarios[0] the scenario file,
     * db (NULL: a scratch database), trials and seed overrides, jobs,
     * variants, confidence, inconclusive_pass, limits, argv. */
    exec_request run;
    const char *param;      /* the path, as --param */
    const char *range;      /* "LO..HI", as --range */
    const char *resolution; /* as --resolution ("1m", "2%"), or NULL: 1% */
    solve_find find;
    bool json;
} solve_request;

/* The probes at most one search makes. */
#define SOLVE_MAX_PROBES 64

err_code solve_run(const solve_request *rq);

#endif
