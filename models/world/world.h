/*
 * world.h — one variant's world: the models of a scenario built on an engine,
 * run one trial at a time.
 *
 * A world is built once per variant and per thread from a scenario world and
 * a strategy, then runs trial after trial: each trial resets the engine and
 * every model's state, derives its random streams from (seed, trial, entity)
 * and measures one oc_trial. Trial k gives the same result whatever ran
 * before it on this world, on any thread (the determinism contract).
 *
 * Common random numbers: every draw that describes the world rather than the
 * strategy (outage time, scope, duration, destructiveness, workload) comes
 * from a stream keyed by the entity, never by the variant, so trial k of every
 * variant sees the same outage and the same writes.
 *
 * Ownership: world_create copies nothing from the scenario; `cfg` and
 * `strategy` must outlive the world. The world owns its engine and state.
 */
#ifndef DRSIM_WORLD_H
#define DRSIM_WORLD_H

#include <stdbool.h>
#include <stdint.h>

#include "models/outcome.h"
#include "models/scenario/scenario.h"
#include "sim/core/err.h"
#include "sim/kernel/engine.h"

typedef struct world world;

/* Safety limits for runaway scenarios (0 = unlimited). A model that keeps
 * scheduling events (an event storm) stops at max_events events per trial or
 * max_pending events pending at once instead of running forever or
 * exhausting memory. The command line uses the defaults below unless told
 * otherwise (run/check --max-events, --max-pending); a pending event costs
 * about 50 bytes, so the default bounds the engine near 50 MB per thread. */
#define WORLD_DEFAULT_MAX_EVENTS 5000000u
#define WORLD_DEFAULT_MAX_PENDING 1000000u

typedef struct world_limits {
    uint64_t max_events;   /* engine events per trial */
    size_t max_pending;    /* engine events pending at once */
} world_limits;

/* A world for (cfg, strategy); NULL with a message in *e when out of memory. */
world *world_create(const scn_world *cfg, const scn_strategy *strategy,
                    const world_limits *limits, err_msg *e);

/* Releases the world. Accepts NULL. */
void world_destroy(world *w);

/* Runs trial `trial` under `seed` and fills *out (and *timeline when it is
 * enabled; it is cleared first). Returns ERR_OK, ERR_NOMEM, or ERR_LIMIT (a
 * safety limit was reached; the message says which); *out is then
 * unspecified but the world stays usable for the next trial. */
err_code world_run_trial(world *w, uint64_t seed, uint64_t trial, oc_trial *out,
                         oc_timeline *timeline, err_msg *e);

/* The same trial in steps, for the operator's view at chosen instants
 * (opview.h, `drsim drill`): begin (reset and draw), advance the clock to
 * `until` (every event at or before it runs; at most the horizon; earlier
 * than now does nothing), end (run to the horizon and measure). What
 * world_run_trial returns is begin then end: stepping changes no outcome.
 * Errors as world_run_trial's; after one, only a new begin is valid. */
err_code world_trial_begin(world *w, uint64_t seed, uint64_t trial, oc_timeline *timeline,
                           err_msg *e);
err_code world_trial_advance(world *w, sim_time until, err_msg *e);
err_code world_trial_end(world *w, oc_trial *out, err_msg *e);

/* The simulated instant now, the horizon, the trial's first alert (the
 * application down: SIM_NEVER before it), and whether the application
 * serves now. */
sim_time world_now(const world *w);
sim_time world_horizon(const world *w);
sim_time world_first_alert(const world *w);
bool world_serving(const world *w);

/* When the application served again after its disruption (SIM_NEVER: not
 * yet, or never disrupted). */
sim_time world_recovered_at(const world *w);

#endif
