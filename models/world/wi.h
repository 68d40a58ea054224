/*
 * wi.h — what every file of the world uses: time in microseconds, entity
 * ids and their random streams, scheduling within the trial, failing it, and
 * marking the world changed.
 *
 * These sit below storage.c, recovery.c and world.c, and call none of them:
 * a model changes the world's state in its handler and calls wi_changed;
 * world.c, which owns what follows from a change (availability, the
 * application serving, the next steps of a strategy), works it out after the
 * handler, in the engine's after-event hook.
 */
#ifndef DRSIM_WI_H
#define DRSIM_WI_H

#include <stdint.h>

#include "models/world/world.h"
#include "sim/core/err.h"
#include "sim/kernel/dist.h"
#include "sim/kernel/engine.h"
#include "sim/kernel/rng.h"

/* Seconds as microseconds, rounded; 0 for anything not > 0 (NAN included),
 * capped at SIM_NEVER / 4 so that sums of a few stay finite. */
sim_time wi_us(double seconds);

/* The id of entity "prefix:name" (rng_name_id of that text). */
uint64_t wi_id(const char *prefix, const char *name);

/* The stream of `entity` in the current trial (rng_stream of the world's
 * seed and trial). */
rng wi_rng(const world *w, uint64_t entity);

/* One draw of d from the stream of `entity`; a constant draws nothing. */
double wi_draw(const world *w, uint64_t entity, const dist *d);

/* Fails the trial with rc (the first failure is kept) and stops the engine. */
void wi_fail(world *w, err_code rc);

/* Schedules fn(ctx) at t (at now when t is past); nothing beyond the
 * horizon, which never comes. ev, when not NULL, receives the handle. */
void wi_at(world *w, sim_time t, sim_handler fn, void *ctx, sim_event *ev);

/* The name of region `region`. */
const char *wi_region_name(const world *w, uint32_t region);

/* Marks the world's state changed: the topology, an account, a VM or a
 * strategy's progress. What follows from it is worked out once the running
 * handler has returned (world.c's after-event hook), never inside it. */
void wi_changed(world *w);

#endif
