/*
 * engine.c — the event engine: ordering, ties, cancellation, handlers
 * that reschedule, limits, pooled memory, independence of engines.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sim/core/mem.h"
#include "sim/kernel/dist.h"
#include "sim/kernel/engine.h"
#include "sim/kernel/rng.h"

/* A log of which events ran, in order. */
typedef struct run_log {
    int *ids;
    sim_time *times;
    size_t len, cap;
} run_log;

typedef struct tagged {
    run_log *log;
    int id;
} tagged;

static void log_push(run_log *l, int id, sim_time t)
{
    if (l->len == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        l->ids = realloc(l->ids, l->cap * sizeof *l->ids);
        l->times = realloc(l->times, l->cap * sizeof *l->times);
    }
    l->ids[l->len] = id;
    l->times[l->len] = t;
    l->len++;
}

static void record(sim_engine *e, void *ctx)
{
    tagged *t = ctx;
    log_push(t->log, t->id, sim_now(e));
}

Test(engine, ties_run_fifo_with_every_third_cancelled)
{
    enum { N = 10000 };
    sim_engine *e = sim_create();
    cr_assert_not_null(e);
    run_log log = {0};
    static tagged tags[N];
    static sim_event handles[N];
    for (int i = 0; i < N; i++) {
        tags[i] = (tagged){&log, i};
        cr_assert_eq(sim_at(e, 5 * SIM_SEC, record, &tags[i], &handles[i]), ERR_OK);
    }
    for (int i = 0; i < N; i += 3)
        cr_assert(sim_cancel(e, &handles[i]));
    cr_assert_eq(sim_pending(e), (size_t)(N - (N + 2) / 3));
    cr_assert_eq(sim_run(e), ERR_OK);
    size_t k = 0;
    for (int i = 0; i < N; i++) {
        if (i % 3 == 0)
            continue;
        cr_assert_lt(k, log.len);
        cr_assert_eq(log.ids[k], i, "position %zu: event %d ran, expected %d", k, log.ids[k], i);
        cr_assert_eq(log.times[k], 5 * SIM_SEC);
        k++;
    }
    cr_assert_eq(k, log.len, "%zu events ran, expected %zu", log.len, k);
    cr_assert_eq(sim_pending(e), 0);
    free(log.ids);
    free(log.times);
    sim_destroy(e);
}

Test(engine, random_times_run_in_time_then_schedule_order)
{
    enum { N = 50000 };
    sim_engine *e = sim_create();
    run_log log = {0};
    static tagged tags[N];
    static sim_time at[N];
    rng r = rng_stream(1, 0, 0);
    for (int i = 0; i < N; i++) {
        tags[i] = (tagged){&log, i};
        at[i] = (sim_time)rng_bounded(&r, 1000); /* many ties */
        cr_assert_eq(sim_at(e, at[i], record, &tags[i], NULL), ERR_OK);
    }
    cr_assert_eq(sim_run(e), ERR_OK);
    cr_assert_eq(log.len, (size_t)N);
    for (size_t k = 1; k < log.len; k++) {
        int a = log.ids[k - 1], b = log.ids[k];
        cr_assert(at[a] < at[b] || (at[a] == at[b] && a < b),
                  "event %d (t=%ld) ran before %d (t=%ld)", a, (long)at[a], b, (long)at[b]);
        cr_assert_eq(log.times[k], at[b]);
    }
    free(log.ids);
    free(log.times);
    sim_destroy(e);
}

/* A periodic timer that reschedules itself and, at its 5th tick, cancels a
 * victim event and schedules a one-off at the current instant. */
typedef struct periodic {
    run_log *log;
    int ticks;
    int max_ticks;
    sim_event self;
    sim_event victim;
    tagged now_event;
    tagged victim_tag;
    bool cancelled_victim;
    bool cancel_self_after_run;
} periodic;

static void tick(sim_engine *e, void *ctx)
{
    periodic *p = ctx;
    /* Our own handle no longer names a pending event while we run. */
    cr_assert(!sim_pending_event(e, p->self));
    log_push(p->log, 1000 + p->ticks, sim_now(e));
    p->ticks++;
    if (p->ticks == 5) {
        p->cancelled_victim = sim_cancel(e, &p->victim);
        cr_assert_eq(sim_at(e, sim_now(e), record, &p->now_event, NULL), ERR_OK);
    }
    if (p->ticks < p->max_ticks)
        cr_assert_eq(sim_after(e, 10 * SIM_SEC, tick, p, &p->self), ERR_OK);
}

Test(engine, handlers_reschedule_and_cancel)
{
    sim_engine *e = sim_create();
    run_log log = {0};
    periodic p = {.log = &log, .max_ticks = 8};
    p.now_event = (tagged){&log, 7};
    p.victim_tag = (tagged){&log, 9};
    cr_assert_eq(sim_after(e, 10 * SIM_SEC, tick, &p, &p.self), ERR_OK);
    cr_assert_eq(sim_at(e, 55 * SIM_SEC, record, &p.victim_tag, &p.victim), ERR_OK);
    cr_assert_eq(sim_run(e), ERR_OK);
    cr_assert(p.cancelled_victim);
    cr_assert_eq(p.ticks, 8);
    /* Ticks at 10..80 s; the one-off at 50 s right after the 5th tick; the
     * victim (55 s) never ran. */
    int expect_ids[] = {1000, 1001, 1002, 1003, 1004, 7, 1005, 1006, 1007};
    sim_time expect_t[] = {10, 20, 30, 40, 50, 50, 60, 70, 80};
    cr_assert_eq(log.len, 9);
    for (size_t i = 0; i < 9; i++) {
        cr_assert_eq(log.ids[i], expect_ids[i], "position %zu", i);
        cr_assert_eq(log.times[i], expect_t[i] * SIM_SEC, "position %zu", i);
    }
    cr_assert_eq(sim_now(e), 80 * SIM_SEC);
    /* Cancelling what already ran is harmless and says so. */
    sim_event stale = p.self;
    cr_assert(!sim_cancel(e, &stale));
    cr_assert(!sim_cancel(e, &(sim_event){0, 0}));
    free(log.ids);
    free(log.times);
    sim_destroy(e);
}

static void cancel_self_then_reschedule(sim_engine *e, void *ctx)
{
    periodic *p = ctx;
    p->ticks++;
    /* Schedule our next occurrence, change our mind, schedule again. */
    cr_assert_eq(sim_after(e, SIM_SEC, cancel_self_then_reschedule, p, &p->self), ERR_OK);
    cr_assert(sim_cancel(e, &p->self));
    if (p->ticks < p->max_ticks)
        cr_assert_eq(sim_after(e, 2 * SIM_SEC, cancel_self_then_reschedule, p, &p->self), ERR_OK);
}

Test(engine, handler_cancels_its_own_next_occurrence)
{
    sim_engine *e = sim_create();
    periodic p = {.max_ticks = 100};
    cr_assert_eq(sim_at(e, 0, cancel_self_then_reschedule, &p, &p.self), ERR_OK);
    cr_assert_eq(sim_run(e), ERR_OK);
    cr_assert_eq(p.ticks, 100);
    cr_assert_eq(sim_now(e), 99 * 2 * SIM_SEC);
    sim_destroy(e);
}

Test(engine, run_until_leaves_later_events_pending)
{
    sim_engine *e = sim_create();
    run_log log = {0};
    tagged a = {&log, 1}, b = {&log, 2}, c = {&log, 3};
    sim_at(e, 10, record, &a, NULL);
    sim_at(e, 20, record, &b, NULL);
    sim_at(e, 30, record, &c, NULL);
    cr_assert_eq(sim_run_until(e, 20), ERR_OK);
    cr_assert_eq(log.len, 2);
    cr_assert_eq(sim_now(e), 20);
    cr_assert_eq(sim_pending(e), 1);
    cr_assert_eq(sim_run_until(e, 25), ERR_OK);
    cr_assert_eq(sim_now(e), 25);
    cr_assert_eq(sim_run(e), ERR_OK);
    cr_assert_eq(log.len, 3);
    cr_assert_eq(sim_now(e), 30);
    free(log.ids);
    free(log.times);
    sim_destroy(e);
}

static void stopper(sim_engine *e, void *ctx)
{
    (void)ctx;
    sim_stop(e);
}

Test(engine, stop_returns_after_the_running_handler)
{
    sim_engine *e = sim_create();
    run_log log = {0};
    tagged a = {&log, 1}, b = {&log, 2};
    sim_at(e, 10, record, &a, NULL);
    sim_at(e, 20, stopper, NULL, NULL);
    sim_at(e, 20, record, &b, NULL);
    cr_assert_eq(sim_run(e), ERR_OK);
    cr_assert_eq(log.len, 1);
    cr_assert_eq(sim_now(e), 20);
    cr_assert_eq(sim_pending(e), 1);
    cr_assert_eq(sim_run(e), ERR_OK);
    cr_assert_eq(log.len, 2);
    free(log.ids);
    free(log.times);
    sim_destroy(e);
}

/* The after-event hook: runs once after each event, sees the clock the event
 * left, may schedule (its events run in order like any other) and survives a
 * reset; NULL removes it. */
typedef struct hook_state {
    run_log *log;
    int calls;
    bool schedule_once;
} hook_state;

static void after_event(sim_engine *e, void *ctx)
{
    hook_state *h = ctx;
    h->calls++;
    log_push(h->log, -h->calls, sim_now(e));
    if (h->schedule_once) {
        h->schedule_once = false;
        static tagged late;
        late = (tagged){h->log, 99};
        cr_assert_eq(sim_after(e, 5, record, &late, NULL), ERR_OK);
    }
}

Test(engine, the_hook_runs_after_every_event_and_survives_reset)
{
    sim_engine *e = sim_create();
    run_log log = {0};
    hook_state h = {&log, 0, true};
    tagged a = {&log, 1}, b = {&log, 2};
    sim_on_event(e, after_event, &h);
    sim_at(e, 10, record, &a, NULL);
    sim_at(e, 10, record, &b, NULL);
    cr_assert_eq(sim_run(e), ERR_OK);
    /* 1, hook (schedules 99 at 15), 2, hook, 99 at 15, hook */
    int want_ids[] = {1, -1, 2, -2, 99, -3};
    sim_time want_t[] = {10, 10, 10, 10, 15, 15};
    cr_assert_eq(log.len, 6);
    for (size_t i = 0; i < 6; i++) {
        cr_assert_eq(log.ids[i], want_ids[i], "entry %zu", i);
        cr_assert_eq(log.times[i], want_t[i], "entry %zu", i);
    }
    sim_reset(e);
    sim_at(e, 1, record, &a, NULL);
    cr_assert_eq(sim_run(e), ERR_OK);
    cr_assert_eq(h.calls, 4, "the hook survives sim_reset");
    sim_on_event(e, NULL, NULL);
    sim_at(e, 2, record, &a, NULL);
    cr_assert_eq(sim_run(e), ERR_OK);
    cr_assert_eq(h.calls, 4, "NULL removes the hook");
    free(log.ids);
    free(log.times);
    sim_destroy(e);
}

/* The hold model: every event reschedules itself after an exponential delay. */
typedef struct hold_ctx {
    rng r;
    dist d;
    uint64_t checksum;
} hold_ctx;

static void hold(sim_engine *e, void *ctx)
{
    hold_ctx *h = ctx;
    h->checksum = h->checksum * 31 + (uint64_t)sim_now(e);
    sim_time dt = (sim_time)(dist_sample(&h->d, &h->r) * SIM_SEC);
    cr_assert_eq(sim_after(e, dt, hold, h, NULL), ERR_OK);
}

static uint64_t run_hold(sim_engine *e, uint64_t seed, int pending, uint64_t events)
{
    hold_ctx h = {.r = rng_stream(seed, 0, 0)};
    cr_assert_eq(dist_exponential(&h.d, 1.0, NULL), ERR_OK);
    for (int i = 0; i < pending; i++)
        sim_after(e, (sim_time)(dist_sample(&h.d, &h.r) * SIM_SEC), hold, &h, NULL);
    sim_set_limits(e, events, 0);
    cr_assert_eq(sim_run(e), ERR_LIMIT);
    return h.checksum;
}

Test(engine, steady_state_does_not_allocate)
{
    sim_engine *e = sim_create();
    hold_ctx h = {.r = rng_stream(3, 0, 0)};
    dist_exponential(&h.d, 1.0, NULL);
    for (int i = 0; i < 1000; i++)
        sim_after(e, (sim_time)(dist_sample(&h.d, &h.r) * SIM_SEC), hold, &h, NULL);
    sim_set_limits(e, 10000, 0);
    cr_assert_eq(sim_run(e), ERR_LIMIT);
    mem_fail_reset();
    sim_set_limits(e, 10000 + 1000000, 0);
    cr_assert_eq(sim_run(e), ERR_LIMIT);
    cr_assert_eq(mem_allocations(), 0, "%lu allocations during a steady run", mem_allocations());
    sim_destroy(e);
}

static void noop(sim_engine *e, void *ctx)
{
    (void)e;
    (void)ctx;
}

Test(engine, cancelling_keeps_memory_bounded)
{
    /* A timeout pattern: schedule, then cancel before it fires, a million
     * times with few live events. Compaction must keep the heap small, so
     * after warm-up there are no allocations at all. */
    sim_engine *e = sim_create();
    sim_event live[8];
    for (int i = 0; i < 8; i++)
        sim_at(e, SIM_DAY, noop, NULL, &live[i]);
    for (int round = 0; round < 2; round++) {
        if (round == 1)
            mem_fail_reset();
        for (int i = 0; i < 500000; i++) {
            sim_event ev;
            cr_assert_eq(sim_after(e, SIM_HOUR, noop, NULL, &ev), ERR_OK);
            cr_assert(sim_cancel(e, &ev));
        }
    }
    cr_assert_eq(mem_allocations(), 0);
    cr_assert_eq(sim_pending(e), 8);
    cr_assert_eq(sim_run(e), ERR_OK);
    cr_assert_eq(sim_executed(e), 8);
    sim_destroy(e);
}

Test(engine, reset_engine_behaves_as_new)
{
    sim_engine *a = sim_create();
    uint64_t first = run_hold(a, 11, 100, 20000);
    sim_reset(a);
    uint64_t again = run_hold(a, 11, 100, 20000);
    sim_engine *b = sim_create();
    uint64_t fresh = run_hold(b, 11, 100, 20000);
    cr_assert_eq(first, fresh);
    cr_assert_eq(again, fresh);
    sim_destroy(a);
    sim_destroy(b);
}

typedef struct thread_job {
    uint64_t seed;
    uint64_t checksum;
} thread_job;

static void *thread_main(void *arg)
{
    thread_job *job = arg;
    sim_engine *e = sim_create();
    job->checksum = run_hold(e, job->seed, 500, 200000);
    sim_destroy(e);
    return NULL;
}

Test(engine, engines_in_threads_are_independent)
{
    thread_job jobs[4] = {{1, 0}, {2, 0}, {1, 0}, {2, 0}};
    pthread_t threads[4];
    for (int i = 0; i < 4; i++)
        cr_assert_eq(pthread_create(&threads[i], NULL, thread_main, &jobs[i]), 0);
    for (int i = 0; i < 4; i++)
        pthread_join(threads[i], NULL);
    sim_engine *e = sim_create();
    uint64_t alone = run_hold(e, 1, 500, 200000);
    sim_destroy(e);
    cr_assert_eq(jobs[0].checksum, alone);
    cr_assert_eq(jobs[2].checksum, alone);
    cr_assert_eq(jobs[1].checksum, jobs[3].checksum);
    cr_assert_neq(jobs[0].checksum, jobs[1].checksum);
}

Test(engine, pending_limit_refuses_scheduling)
{
    sim_engine *e = sim_create();
    sim_set_limits(e, 0, 3);
    for (int i = 0; i < 3; i++)
        cr_assert_eq(sim_after(e, 1, noop, NULL, NULL), ERR_OK);
    sim_event ev = {0, 0};
    cr_assert_eq(sim_after(e, 1, noop, NULL, &ev), ERR_LIMIT);
    cr_assert_eq(ev.seq, 0, "a refused event must not get a handle");
    cr_assert_eq(sim_pending(e), 3);
    sim_destroy(e);
}

Test(engine, out_of_memory_leaves_the_engine_usable)
{
    mem_fail_after(1);
    cr_assert_null(sim_create());
    mem_fail_reset();
    sim_engine *e = sim_create();
    cr_assert_not_null(e);
    mem_fail_after(1); /* the first pool allocation fails */
    cr_assert_eq(sim_after(e, 1, noop, NULL, NULL), ERR_NOMEM);
    cr_assert_eq(sim_pending(e), 0);
    mem_fail_reset();
    cr_assert_eq(sim_after(e, 1, noop, NULL, NULL), ERR_OK);
    cr_assert_eq(sim_run(e), ERR_OK);
    cr_assert_eq(sim_executed(e), 1);
    sim_destroy(e);
    sim_destroy(NULL);
}

Test(engine, far_future_saturates)
{
    sim_engine *e = sim_create();
    run_log log = {0};
    tagged a = {&log, 1};
    sim_at(e, 100, noop, NULL, NULL);
    cr_assert_eq(sim_run(e), ERR_OK);
    cr_assert_eq(sim_after(e, SIM_NEVER, record, &a, NULL), ERR_OK);
    cr_assert_eq(sim_run_until(e, SIM_DAY), ERR_OK);
    cr_assert_eq(log.len, 0);
    cr_assert_eq(sim_pending(e), 1);
    free(log.ids);
    free(log.times);
    sim_destroy(e);
}

#include "tests/unit/kernel/engine_model.h"

/* A random model (ties, cancellations, handlers and a hook that schedule)
 * runs the same events in the same order on the engine as on an obviously
 * right queue: from a small heap growing past the size where the engine
 * starts prefetching, and from a big one. */
Test(engine, random_model_matches_a_reference_queue)
{
    sim_engine *e = sim_create();
    cr_assert_not_null(e);
    model_check(e, 1, 10, 50, 10 + 4 * 20000, 20000);
    sim_reset(e);
    model_check(e, 2, 6000, 100000, 6000 + 4 * 20000, 20000);
    sim_destroy(e);
}

/* A handler that cancels most pending events (so the heap is compacted
 * while the handler's own entry still sits at its root) and then schedules:
 * its events and the survivors run in order. */
typedef struct purge {
    run_log *log;
    sim_event far[1000];
    tagged far_tag[1000];
    tagged mine[2];
} purge;

static void purge_most(sim_engine *e, void *ctx)
{
    purge *p = ctx;
    for (int i = 0; i < 1000; i++)
        if (i % 5 != 0)
            cr_assert(sim_cancel(e, &p->far[i]));
    cr_assert_eq(sim_pending(e), 200);
    cr_assert_eq(sim_after(e, 0, record, &p->mine[0], NULL), ERR_OK);
    cr_assert_eq(sim_at(e, SIM_DAY, record, &p->mine[1], NULL), ERR_OK);
    cr_assert_eq(sim_pending(e), 202);
}

Test(engine, compaction_while_a_handler_runs)
{
    sim_engine *e = sim_create();
    run_log log = {0};
    purge *p = calloc(1, sizeof *p);
    cr_assert_not_null(p);
    p->mine[0] = (tagged){&log, -1};
    p->mine[1] = (tagged){&log, -2};
    for (int i = 0; i < 1000; i++) {
        p->far_tag[i] = (tagged){&log, i};
        cr_assert_eq(sim_at(e, SIM_DAY, record, &p->far_tag[i], &p->far[i]), ERR_OK);
    }
    cr_assert_eq(sim_at(e, SIM_SEC, purge_most, p, NULL), ERR_OK);
    cr_assert_eq(sim_run(e), ERR_OK);
    /* -1 at 1 s; then at one day the survivors in scheduling order, -2 last. */
    cr_assert_eq(log.len, 202);
    cr_assert_eq(log.ids[0], -1);
    cr_assert_eq(log.times[0], SIM_SEC);
    for (size_t k = 1; k <= 200; k++) {
        cr_assert_eq(log.ids[k], (int)(k - 1) * 5, "position %zu", k);
        cr_assert_eq(log.times[k], SIM_DAY);
    }
    cr_assert_eq(log.ids[201], -2);
    cr_assert_eq(sim_pending(e), 0);
    free(p);
    free(log.ids);
    free(log.times);
    sim_destroy(e);
}

/* A handler lowers the pending limit below what is pending: its next
 * scheduling is refused, though a handler's first scheduling takes the place
 * of the event that runs it. */
static void lower_limit(sim_engine *e, void *ctx)
{
    (void)ctx;
    cr_assert_eq(sim_pending(e), 3);
    sim_set_limits(e, 0, 2);
    sim_event ev = {0, 0};
    cr_assert_eq(sim_after(e, 1, noop, NULL, &ev), ERR_LIMIT);
    cr_assert_eq(ev.seq, 0);
    cr_assert_eq(sim_pending(e), 3);
}

Test(engine, a_limit_lowered_by_a_handler_holds)
{
    sim_engine *e = sim_create();
    for (int i = 0; i < 3; i++)
        cr_assert_eq(sim_after(e, 10, noop, NULL, NULL), ERR_OK);
    cr_assert_eq(sim_after(e, 1, lower_limit, NULL, NULL), ERR_OK);
    cr_assert_eq(sim_run(e), ERR_OK);
    cr_assert_eq(sim_executed(e), 4);
    sim_destroy(e);
}

/* Handles name slots: a reset engine hands them out exactly as a new one,
 * also when cancelled events make the heap grow while slots are free. */
static void handle_sequence(sim_engine *e, sim_event *h, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        cr_assert_eq(sim_after(e, (sim_time)(i % 7), noop, NULL, &h[i]), ERR_OK);
        if (i % 5 == 4)
            cr_assert(sim_cancel(e, &(sim_event){h[i - 2].seq, h[i - 2].slot}));
    }
    cr_assert_eq(sim_run(e), ERR_OK);
}

Test(engine, a_reset_engine_hands_out_handles_as_a_new_one)
{
    enum { N = 300 };
    static sim_event fresh[N], again[N];
    sim_engine *a = sim_create();
    handle_sequence(a, fresh, N);
    sim_engine *b = sim_create();
    for (int i = 0; i < 5000; i++) /* grows b well past N */
        cr_assert_eq(sim_after(b, i, noop, NULL, NULL), ERR_OK);
    cr_assert_eq(sim_run(b), ERR_OK);
    sim_reset(b);
    handle_sequence(b, again, N);
    for (size_t i = 0; i < N; i++) {
        cr_assert_eq(again[i].seq, fresh[i].seq, "handle %zu", i);
        cr_assert_eq(again[i].slot, fresh[i].slot, "handle %zu", i);
    }
    sim_destroy(a);
    sim_destroy(b);
}
