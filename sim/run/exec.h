/*
 * exec.h — what `drsim run` and `drsim check` share: load every scenario,
 * run each one into the store as one run, judge its expectations, compare it
 * with a baseline (check), print the summary (or JSON), write JUnit, and
 * decide the exit status.
 *
 * Order of work, and what a failure at each step leaves:
 *   1. every scenario file is loaded and checked; one invalid file prints its
 *      diagnostics and ends the command with ERR_INPUT (exit 2) before
 *      anything is written to the store;
 *   2. the store is opened; each scenario becomes a run (store.h: the run row
 *      first, results in one transaction), expectations judged in that same
 *      transaction unless the run is a shard (shards are judged when merged);
 *      a failing run is marked failed and ends the command;
 *   3. check only: each run is compared with the baseline database;
 *   4. output: the summary on stdout (unless --quiet), or the JSON summary;
 *      the JUnit file when asked for.
 * SIGINT or SIGTERM during step 2 marks the run failed, rolls back its
 * results and ends with ERR_INTERRUPTED (exit 130).
 *
 * The result: ERR_OK, ERR_FAILED when an expectation or a baseline comparison
 * failed (exit 1), or the first error.
 */
#ifndef DRSIM_EXEC_H
#define DRSIM_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/scenario/scenario.h"
#include "reports/store/store.h"
#include "sim/core/err.h"

typedef struct exec_request {
    const char *command;          /* "run" or "check" (messages) */
    const char *const *scenarios; /* files */
    size_t nscenarios;
    const char *db;               /* NULL: $DRSIM_DB or ./drsim.db */
    bool has_trials, has_seed;
    uint64_t trials, seed;        /* overrides */
    unsigned jobs;                /* 0: one per core */
    uint32_t shard_index, shard_count; /* 1/1: all trials */
    uint64_t trace;
    const char *const *variants;  /* --variant names (variant or strategy) */
    size_t nvariants;
    const char *junit;            /* file, or NULL */
    bool json, quiet;
    const char *baseline;         /* check: the baseline database, or NULL */
    double tolerance;             /* check: relative, e.g. 0.05 */
    uint64_t max_events;          /* safety limits per trial (world.h); 0 = none */
    size_t max_pending;
    bool verify;                  /* --verify: the determinism check (verify.h) */
    double confidence;            /* the intervals' level (0: STORE_DEFAULT_CONFIDENCE) */
    double precision;             /* trials: auto: relative half-width every RPO and RTO
                                     p50 and p95 must reach (0: none, unless the scenario
                                     has no expectation: EXEC_AUTO_PRECISION) */
    uint64_t max_trials;          /* trials: auto: the cap (0: EXEC_AUTO_MAX) */
    bool inconclusive_pass;       /* --inconclusive pass: an inconclusive expectation
                                     does not fail the command */
    int argc;                     /* the command line, stored with each run */
    char **argv;
} exec_request;

/* trials: auto (the scenario's `trials: auto`, or --trials auto: trials 0
 * with has_trials): pilot runs of EXEC_AUTO_FIRST trials, doubling up to
 * the cap, until every expectation is decided (none inconclusive) and the
 * precision is reached; the run then has that many trials and says why in
 * its `stopped` column. */
#define EXEC_AUTO_FIRST 1000u
#define EXEC_AUTO_MAX 256000u
#define EXEC_AUTO_PRECISION 0.05

err_code exec_run(const exec_request *rq);

/* ---- What drsim solve shares (sim/run/solve.h) --------------------------------- */

/* Which of s's variants rq->variants selects (all without --variant), into
 * selected[s->nvariants]; ERR_USAGE, printed, when it selects none. */
err_code exec_select(const exec_request *rq, const scn_scenario *s, bool *selected);

/* One loaded scenario into one new run of st, as `run` makes it (rq's
 * trials, seed, jobs, limits; its trial count must be fixed: trials: auto
 * is chosen by the caller), its expectations judged and stored with it:
 * *run_id the run, *failed and *inconclusive the judgements that failed or
 * were inconclusive. A run that fails is marked failed. SIGINT, SIGTERM
 * and SIGHUP between exec_signals(true) and exec_signals(false) stop it with
 * ERR_INTERRUPTED. */
err_code exec_probe(const exec_request *rq, store *st, const scn_scenario *s,
                    const bool *selected, int64_t *run_id, size_t *failed,
                    size_t *inconclusive, err_msg *e);
void exec_signals(bool catch);

#endif
