/*
 * runner.h — running the trials of a scenario's variants, on several threads,
 * delivering the outcomes in a fixed order.
 *
 * Work: every selected variant (in scenario order) times every trial of this
 * run's slice, variant-major: (v0, first), (v0, first+1), ..., (v1, first),
 * .... Worker threads take the next unit, run it on their own world for that
 * variant (world.h; one world per thread at a time, rebuilt when the thread
 * moves to another variant), and put the outcome in a slot of a window of
 * RUN_WINDOW_PER_JOB * jobs slots. The calling thread hands the outcomes to
 * the sink strictly in unit order, so what the sink sees — and so what the
 * store holds — is the same for any number of jobs. Memory does not grow with
 * the number of trials: a worker waits when it is a window ahead of the sink.
 *
 * Determinism comes from the world (trial k of a variant depends only on
 * (seed, k)); the runner only passes (seed, trial) along.
 *
 * Shards: shard K of N (1 <= K <= N) runs the contiguous trial range
 * [floor((K-1) T / N), floor(K T / N)) of T trials (run_slice), so the shards
 * tile 0..T-1 and `drsim merge` can put them back in order. Traced trials
 * (trial < trace) keep their timelines whichever shard runs them.
 *
 * Errors: the first failing unit, in unit order, ends the run: every thread
 * is stopped and joined, and its code and message are returned. A sink error
 * ends it the same way. `stop`, when it becomes non-zero (a signal handler
 * sets it), ends it with ERR_INTERRUPTED.
 */
#ifndef DRSIM_RUNNER_H
#define DRSIM_RUNNER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/outcome.h"
#include "models/scenario/scenario.h"
#include "models/world/world.h"
#include "sim/core/err.h"

#define RUN_WINDOW_PER_JOB 1024

/* Receives each outcome, in unit order. `variant` is the index in the
 * scenario's variants[]; timeline is NULL for an untraced trial. Both are
 * valid only during the call. Returns ERR_OK or an error (with e set) that
 * ends the run. */
typedef err_code (*run_sink_fn)(void *ctx, uint32_t variant, const oc_trial *t,
                                const oc_timeline *timeline, err_msg *e);

typedef struct run_options {
    uint64_t seed;
    uint64_t trials;           /* T, the whole run's trial count */
    unsigned jobs;             /* worker threads, >= 1 */
    uint32_t shard_index;      /* 1..shard_count */
    uint32_t shard_count;      /* 1 = not sharded */
    uint64_t trace;            /* keep timelines of trials < trace */
    const bool *selected;      /* per scenario variant; NULL = every variant */
    world_limits limits;
    const volatile sig_atomic_t *stop; /* may be NULL */
    const char *progress;      /* a label: show a progress line on stderr; NULL = none */
} run_options;

/* The trial range [*first, *end) of shard k of n over `trials` trials. */
void run_slice(uint64_t trials, uint32_t k, uint32_t n, uint64_t *first, uint64_t *end);

/* Runs every selected variant over this shard's trials; see above. Returns
 * ERR_OK, or the first error (ERR_NOMEM, ERR_LIMIT, ERR_INTERRUPTED, a sink
 * error, ERR_INTERNAL when a thread cannot start) with e set. */
err_code run_trials(const scn_scenario *s, const run_options *o, run_sink_fn sink, void *ctx,
                    err_msg *e);

#endif
