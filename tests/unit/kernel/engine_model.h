/*
 * engine_model.h — a random model run on the engine and on a reference
 * queue, for tests/unit/kernel/engine.c and engine_orders.c (which builds
 * the engine with a tiny order space).
 *
 * The model: every event, when it runs, records (id, time), schedules 0 to
 * 3 new events (a third of them at the current instant, so ties abound),
 * sometimes cancels a pending event chosen at random, and a hook run after
 * every event sometimes schedules one more. Every decision comes from one
 * PCG32 stream and from which event runs, so two queues that run the events
 * in the same order make the same decisions and the same log.
 *
 * The reference queue is an array scanned for the smallest (time, number
 * of scheduling): obviously right, and slow. Comparing the engine's log
 * with it checks the order of events (FIFO ties included), cancellation,
 * the handler's first scheduling taking the running event's place, the
 * hook's, compaction, and the prefetching walk of big heaps.
 *
 * Not a standalone header: include it after criterion.h, engine.h and
 * rng.h, in the file that holds the tests.
 */
#ifndef DRSIM_TEST_ENGINE_MODEL_H
#define DRSIM_TEST_ENGINE_MODEL_H

#include <stdlib.h>

typedef struct model_event {
    sim_time t;
    uint64_t number; /* scheduling order */
    uint32_t id;
} model_event;

typedef struct model {
    rng r;
    sim_engine *e;      /* NULL: run on the reference queue */
    uint32_t next_id;
    uint64_t next_number;
    uint64_t steps, max_steps;
    /* pending ids, for choosing one to cancel (the same choice on both) */
    uint32_t *pending;
    size_t npending;
    size_t *where;      /* index in pending[] by id, or SIZE_MAX */
    sim_event *handle;  /* by id, engine only */
    uint32_t *ctx_id;   /* ctx_id[id] == id: what a handler's ctx points to */
    model_event *queue; /* reference only */
    size_t nqueue;
    sim_time now;       /* reference only */
    uint32_t *log_id;
    sim_time *log_t;
    size_t nlog;
    size_t cap;
} model;

static model *model_of;

static void model_fire(sim_engine *e, void *ctx);

static void model_add(model *m, sim_time delay)
{
    uint32_t id = m->next_id++;
    cr_assert_lt(id, m->cap);
    m->where[id] = m->npending;
    m->pending[m->npending++] = id;
    if (m->e != NULL) {
        cr_assert_eq(sim_after(m->e, delay, model_fire, &m->ctx_id[id], &m->handle[id]), ERR_OK);
    } else {
        m->queue[m->nqueue++] = (model_event){m->now + delay, m->next_number++, id};
    }
}

static void model_forget(model *m, uint32_t id)
{
    size_t i = m->where[id];
    uint32_t last = m->pending[--m->npending];
    m->pending[i] = last;
    m->where[last] = i;
    m->where[id] = SIZE_MAX;
}

static sim_time model_delay(model *m)
{
    return rng_bounded(&m->r, 3) == 0 ? 0 : (sim_time)rng_bounded(&m->r, 100);
}

/* What an event does when it runs. */
static void model_step(model *m, uint32_t id, sim_time now)
{
    m->log_id[m->nlog] = id;
    m->log_t[m->nlog] = now;
    m->nlog++;
    model_forget(m, id);
    if (++m->steps >= m->max_steps)
        return;
    uint32_t n = rng_bounded(&m->r, 4);
    for (uint32_t k = 0; k < n && m->next_id < m->cap; k++)
        model_add(m, model_delay(m));
    if (m->npending > 0 && rng_bounded(&m->r, 3) == 0) {
        uint32_t victim = m->pending[rng_bounded(&m->r, (uint32_t)m->npending)];
        model_forget(m, victim);
        if (m->e != NULL) {
            cr_assert(sim_cancel(m->e, &m->handle[victim]));
        } else {
            for (size_t i = 0; i < m->nqueue; i++)
                if (m->queue[i].id == victim) {
                    m->queue[i] = m->queue[--m->nqueue];
                    break;
                }
        }
    }
}

/* After every event, as the engine's hook. */
static void model_after(model *m)
{
    if (m->steps < m->max_steps && m->next_id < m->cap && rng_bounded(&m->r, 5) == 0)
        model_add(m, model_delay(m));
}

static void model_fire(sim_engine *e, void *ctx)
{
    uint32_t id = *(uint32_t *)ctx;
    cr_assert(!sim_pending_event(e, model_of->handle[id]), "a running event is not pending");
    model_step(model_of, id, sim_now(e));
}

static void model_hook(sim_engine *e, void *ctx)
{
    (void)e;
    model_after(ctx);
}

static void model_init(model *m, sim_engine *e, uint64_t seed, size_t cap, uint64_t max_steps)
{
    *m = (model){.r = rng_stream(seed, 0, 0), .e = e, .cap = cap, .max_steps = max_steps};
    m->pending = calloc(cap, sizeof *m->pending);
    m->where = calloc(cap, sizeof *m->where);
    m->handle = calloc(cap, sizeof *m->handle);
    m->ctx_id = calloc(cap, sizeof *m->ctx_id);
    m->queue = calloc(cap, sizeof *m->queue);
    m->log_id = calloc(cap, sizeof *m->log_id);
    m->log_t = calloc(cap, sizeof *m->log_t);
    cr_assert(m->pending && m->where && m->handle && m->ctx_id && m->queue && m->log_id &&
              m->log_t);
    for (size_t i = 0; i < cap; i++)
        m->ctx_id[i] = (uint32_t)i;
}

static void model_free(model *m)
{
    free(m->pending);
    free(m->where);
    free(m->handle);
    free(m->ctx_id);
    free(m->queue);
    free(m->log_id);
    free(m->log_t);
}

/* Runs the model from `initial` events (delays up to `spread`) on the
 * engine, with the hook, then on the reference queue, and compares the logs
 * event by event. */
static void model_check(sim_engine *e, uint64_t seed, uint32_t initial, sim_time spread,
                        size_t cap, uint64_t max_steps)
{
    model a, b;
    model_init(&a, e, seed, cap, max_steps);
    model_init(&b, NULL, seed, cap, max_steps);

    model_of = &a;
    for (uint32_t i = 0; i < initial; i++)
        model_add(&a, (sim_time)rng_bounded(&a.r, (uint32_t)spread));
    sim_on_event(e, model_hook, &a);
    cr_assert_eq(sim_run(e), ERR_OK);
    sim_on_event(e, NULL, NULL);
    cr_assert_eq(sim_pending(e), 0);

    for (uint32_t i = 0; i < initial; i++)
        model_add(&b, (sim_time)rng_bounded(&b.r, (uint32_t)spread));
    while (b.nqueue > 0) {
        size_t best = 0;
        for (size_t i = 1; i < b.nqueue; i++)
            if (b.queue[i].t < b.queue[best].t ||
                (b.queue[i].t == b.queue[best].t && b.queue[i].number < b.queue[best].number))
                best = i;
        model_event ev = b.queue[best];
        b.queue[best] = b.queue[--b.nqueue];
        b.now = ev.t;
        model_step(&b, ev.id, ev.t);
        model_after(&b);
    }

    cr_assert_gt(a.nlog, (size_t)initial, "the model ran (%zu events)", a.nlog);
    cr_assert_eq(a.nlog, b.nlog, "%zu events ran on the engine, %zu on the reference", a.nlog,
                 b.nlog);
    for (size_t i = 0; i < a.nlog; i++) {
        cr_assert_eq(a.log_id[i], b.log_id[i], "event %zu: %u ran, the reference ran %u", i,
                     a.log_id[i], b.log_id[i]);
        cr_assert_eq(a.log_t[i], b.log_t[i], "event %zu", i);
    }
    model_free(&a);
    model_free(&b);
}

#endif
