/*
 * engine_orders.c — the engine when its scheduling orders run out.
 *
 * An entry's place among equal times is an order number of 36 bits; after
 * 2^36 schedulings without a reset the engine renumbers the pending entries.
 * No test schedules 2^36 events, so this file compiles the engine again with
 * 8-bit orders (renumbering every few hundred schedulings), under names of
 * its own so it does not clash with the engine the other tests use, and
 * checks that nothing changes order and that handles survive renumbering.
 */
#include <criterion/criterion.h>
#include <stdlib.h>

#define ENGINE_ORDER_BITS 8
#define sim_create orders_sim_create
#define sim_destroy orders_sim_destroy
#define sim_reset orders_sim_reset
#define sim_at orders_sim_at
#define sim_after orders_sim_after
#define sim_cancel orders_sim_cancel
#define sim_pending_event orders_sim_pending_event
#define sim_run orders_sim_run
#define sim_run_until orders_sim_run_until
#define sim_stop orders_sim_stop
#define sim_pending orders_sim_pending
#define sim_executed orders_sim_executed
#define sim_on_event orders_sim_on_event
#define sim_set_limits orders_sim_set_limits
#include "sim/kernel/engine.c"

#include "sim/kernel/rng.h"

/* Records which events ran. */
typedef struct run_log {
    int ids[1024];
    sim_time times[1024];
    size_t len;
} run_log;

typedef struct tagged {
    run_log *log;
    int id;
} tagged;

static void record(sim_engine *e, void *ctx)
{
    tagged *t = ctx;
    cr_assert_lt(t->log->len, 1024);
    t->log->ids[t->log->len] = t->id;
    t->log->times[t->log->len] = sim_now(e);
    t->log->len++;
}

#include "tests/unit/kernel/engine_model.h"

Test(engine_orders, random_models_through_renumbering_match_a_reference_queue)
{
    sim_engine *e = sim_create();
    cr_assert_not_null(e);
    /* At most ~200 pending (8-bit orders leave room for 255). */
    for (uint64_t seed = 1; seed <= 40; seed++) {
        model_check(e, seed, 5, 30, 5 + 4 * 450, 450);
        sim_reset(e);
    }
    sim_destroy(e);
}

/* Ties scheduled before and after renumbering keep their order, and a
 * handle taken before it still cancels its event. */
Test(engine_orders, ties_and_handles_survive_renumbering)
{
    sim_engine *e = sim_create();
    run_log *log = calloc(1, sizeof *log);
    static tagged tags[600];
    static sim_event h[600];
    for (int i = 0; i < 600; i++)
        tags[i] = (tagged){log, i};
    /* 100 events at t = 50 now; then 400 schedule-and-cancel pairs at t = 10
     * (renumbering several times); then 100 more at t = 50. */
    for (int i = 0; i < 100; i++)
        cr_assert_eq(sim_at(e, 50, record, &tags[i], &h[i]), ERR_OK);
    for (int i = 100; i < 500; i++) {
        cr_assert_eq(sim_at(e, 10, record, &tags[i], &h[i]), ERR_OK);
        cr_assert(sim_cancel(e, &h[i]));
    }
    for (int i = 500; i < 600; i++)
        cr_assert_eq(sim_at(e, 50, record, &tags[i], &h[i]), ERR_OK);
    for (int i = 0; i < 100; i += 10)
        cr_assert(sim_cancel(e, &h[i]), "handle %d, taken before renumbering", i);
    cr_assert_eq(sim_run(e), ERR_OK);
    cr_assert_eq(log->len, 190);
    size_t k = 0;
    for (int i = 0; i < 600; i++) {
        if ((i < 100 && i % 10 == 0) || (i >= 100 && i < 500))
            continue;
        cr_assert_eq(log->ids[k], i, "position %zu", k);
        cr_assert_eq(log->times[k], 50);
        k++;
    }
    free(log);
    sim_destroy(e);
}

/* More pending events than orders: scheduling is refused, nothing lost. */
Test(engine_orders, no_free_order_is_a_limit)
{
    sim_engine *e = sim_create();
    run_log *log = calloc(1, sizeof *log);
    tagged t = {log, 1};
    err_code rc = ERR_OK;
    size_t n = 0;
    while (n < 1000 && (rc = sim_after(e, 5, record, &t, NULL)) == ERR_OK)
        n++;
    cr_assert_eq(rc, ERR_LIMIT);
    cr_assert_eq(n, 255, "%zu events scheduled (orders 1 to 255)", n);
    cr_assert_eq(sim_pending(e), n);
    cr_assert_eq(sim_run(e), ERR_OK);
    cr_assert_eq(log->len, n);
    free(log);
    sim_destroy(e);
}
