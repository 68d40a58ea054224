/*
 * engine.h — the discrete-event engine: a clock and a queue of events.
 *
 * Simulated time is an int64_t count of microseconds (sim_time); there is no
 * floating-point clock. An event is (time, handler, context). The engine runs
 * events in time order; events at the same instant run in the order they were
 * scheduled — that, and nothing else, decides ties.
 *
 * Handlers may schedule and cancel events, including their own next
 * occurrence. Cancelling is O(1): it never searches the queue. In steady state
 * the engine does not allocate: event records are pooled and reused.
 *
 * An engine has no global state; engines in different threads are independent.
 * One engine must not be used by two threads at once.
 *
 * Ownership: sim_create returns an engine the caller owns and releases with
 * sim_destroy. Contexts passed to sim_at/sim_after stay owned by the caller and
 * must outlive the event (or the event must be cancelled).
 */
#ifndef DRSIM_ENGINE_H
#define DRSIM_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/core/err.h"

typedef int64_t sim_time;

#define SIM_US   INT64_C(1)
#define SIM_MS   INT64_C(1000)
#define SIM_SEC  INT64_C(1000000)
#define SIM_MIN  (60 * SIM_SEC)
#define SIM_HOUR (60 * SIM_MIN)
#define SIM_DAY  (24 * SIM_HOUR)
#define SIM_NEVER INT64_MAX

typedef struct sim_engine sim_engine;
typedef void (*sim_handler)(sim_engine *engine, void *ctx);

/* A handle on a scheduled event, for cancelling it. The zero value
 * (SIM_EVENT_NONE) names no event; a handle stays safe to use after its event
 * has run or been cancelled (it then names nothing). */
typedef struct sim_event {
    uint64_t seq;  /* the event's scheduling number; 0 = none */
    uint32_t slot; /* where its record lives in the pool */
} sim_event;

#define SIM_EVENT_NONE ((sim_event){0, 0})

/* A new engine at time 0 with no events; NULL when out of memory. */
sim_engine *sim_create(void);

/* Releases the engine and its pool. Accepts NULL. Pending events are dropped
 * without running. */
void sim_destroy(sim_engine *engine);

/* Drops every pending event and sets the clock back to 0, keeping the pool's
 * memory, so one engine can run trial after trial without allocating. The
 * scheduling counter also restarts, so a reset engine behaves exactly as a new
 * one. Handles of events scheduled before the reset die with it: a handle kept
 * across a reset may name a new event, so its holder must forget it (the
 * models clear theirs when a trial begins). */
void sim_reset(sim_engine *engine);

/* Schedules handler(engine, ctx) at absolute time `at` (>= now). When `out` is
 * not NULL it receives the event's handle. Returns ERR_OK, or ERR_NOMEM (the
 * pool could not grow; nothing was scheduled), or ERR_LIMIT (more pending
 * events than sim_set_limits allows, or than the engine holds, 2^28 - 1;
 * nothing was scheduled). */
err_code sim_at(sim_engine *engine, sim_time at, sim_handler handler, void *ctx,
                sim_event *out);

/* As sim_at, `delay` (>= 0) after now. A time past SIM_NEVER saturates. */
err_code sim_after(sim_engine *engine, sim_time delay, sim_handler handler, void *ctx,
                   sim_event *out);

/* Cancels the event *ev if it is still pending and sets *ev to
 * SIM_EVENT_NONE. Returns true when an event was cancelled, false when *ev
 * named nothing pending (already run, cancelled, or none). */
bool sim_cancel(sim_engine *engine, sim_event *ev);

/* Whether ev names an event that is still pending. */
bool sim_pending_event(const sim_engine *engine, sim_event ev);

/* Runs events until none is left or sim_stop is called. Returns ERR_OK, or
 * ERR_LIMIT when more events ran than sim_set_limits allows (the engine is
 * then stopped at the event that would have exceeded it). */
err_code sim_run(sim_engine *engine);

/* Runs every event with time <= end, then sets the clock to `end` (unless
 * stopped earlier). Events after `end` stay pending. Returns as sim_run. */
err_code sim_run_until(sim_engine *engine, sim_time end);

/* Makes the current sim_run/sim_run_until return after the running handler.
 * Pending events stay pending; a later run continues with them. */
void sim_stop(sim_engine *engine);

/* Current simulated time. Inline because every handler asks: the clock is
 * the first member of the otherwise opaque engine (engine.c asserts it). */
static inline sim_time sim_now(const sim_engine *engine)
{
    return *(const sim_time *)(const void *)engine;
}

/* Number of events pending (not counting cancelled ones). */
size_t sim_pending(const sim_engine *engine);

/* Number of events run since create/reset. */
uint64_t sim_executed(const sim_engine *engine);

/* A function run after every event's handler has returned, before the next
 * event (Redis's aeSetBeforeSleepProc, per event): models that keep derived
 * state — what is up, what serves — mark it stale in their handlers and let
 * one hook bring it up to date, so no handler has to call back into the code
 * that owns it. The hook may schedule and cancel events and call sim_stop; it
 * runs after the handler that called sim_stop too. One hook per engine (NULL
 * removes it); it survives sim_reset. */
typedef void (*sim_hook)(sim_engine *engine, void *ctx);
void sim_on_event(sim_engine *engine, sim_hook fn, void *ctx);

/* Safety limits against runaway models: at most max_events events run per
 * create/reset and at most max_pending pending at once (0 = unlimited, the
 * default for both). */
void sim_set_limits(sim_engine *engine, uint64_t max_events, size_t max_pending);

#endif
