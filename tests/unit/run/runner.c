/*
 * runner.c — the trial runner on worlds built in C (tests/support/fixture.h):
 * outcomes reach the sink in (variant, trial) order and are the same for any
 * number of jobs; shards tile the trials; traced trials carry timelines; a
 * sink error or a stop request ends the run.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "sim/run/runner.h"
#include "tests/support/fixture.h"

enum { NVAR = 3, TRIALS = 90 };

static fx worlds[NVAR];
static scn_variant vars[NVAR];
static scn_scenario scn;

static void build(void)
{
    fx_three(worlds, vars, &scn, "runner", TRIALS);
}

TestSuite(runner, .init = build);

typedef struct row {
    uint32_t variant;
    oc_trial t;
    size_t events;
    sim_time last_event;
} row;

typedef struct collected {
    row rows[NVAR * TRIALS];
    size_t n;
    size_t fail_at; /* 0 = never */
} collected;

static err_code collect(void *ctx, uint32_t variant, const oc_trial *t, const oc_timeline *tl,
                        err_msg *e)
{
    collected *c = ctx;
    if (c->fail_at && c->n + 1 == c->fail_at)
        return err_set(e, ERR_STORE, "the sink failed");
    cr_assert_lt(c->n, NVAR * TRIALS);
    row *r = &c->rows[c->n++];
    r->variant = variant;
    r->t = *t;
    r->t.consistency = NULL; /* compared apart: a pointer into the world */
    r->events = tl ? tl->len : 0;
    r->last_event = tl && tl->len ? tl->events[tl->len - 1].t : -1;
    return ERR_OK;
}

static collected *run(unsigned jobs, uint32_t k, uint32_t n, uint64_t trace)
{
    collected *c = calloc(1, sizeof *c);
    run_options o = {.seed = 5, .trials = TRIALS, .jobs = jobs, .shard_index = k,
                     .shard_count = n, .trace = trace};
    err_msg e;
    cr_assert_eq(run_trials(&scn, &o, collect, c, &e), ERR_OK, "%s", e.text);
    return c;
}

static void same(const row *a, const row *b)
{
    cr_assert_eq(a->variant, b->variant);
    cr_assert_eq(a->t.trial, b->t.trial);
    for (int m = 0; m < OC_NMETRICS; m++) {
        cr_assert_eq(a->t.present[m], b->t.present[m], "metric %d", m);
        if (a->t.present[m])
            cr_assert_eq(a->t.value[m], b->t.value[m], "variant %u trial %llu metric %s",
                         a->variant, (unsigned long long)a->t.trial, oc_metrics[m].name);
    }
    cr_assert_eq(a->events, b->events);
    cr_assert_eq(a->last_event, b->last_event);
}

Test(runner, outcomes_come_in_order_and_do_not_depend_on_jobs)
{
    collected *one = run(1, 1, 1, 4);
    cr_assert_eq(one->n, NVAR * TRIALS);
    for (size_t i = 0; i < one->n; i++) {
        cr_assert_eq(one->rows[i].variant, i / TRIALS);
        cr_assert_eq(one->rows[i].t.trial, i % TRIALS);
        cr_assert_eq(one->rows[i].events > 0, i % TRIALS < 4, "trace of row %zu", i);
    }
    for (unsigned jobs = 2; jobs <= 5; jobs += 3) {
        collected *many = run(jobs, 1, 1, 4);
        cr_assert_eq(many->n, one->n);
        for (size_t i = 0; i < one->n; i++)
            same(&one->rows[i], &many->rows[i]);
        free(many);
    }
    free(one);
}

Test(runner, shards_tile_the_trials)
{
    collected *whole = run(2, 1, 1, 10);
    size_t seen[NVAR] = {0};
    for (uint32_t k = 1; k <= 4; k++) {
        collected *part = run(2, k, 4, 10);
        uint64_t first, end;
        run_slice(TRIALS, k, 4, &first, &end);
        cr_assert_eq(part->n, NVAR * (end - first));
        for (size_t i = 0; i < part->n; i++) {
            const row *r = &part->rows[i];
            cr_assert(r->t.trial >= first && r->t.trial < end);
            same(r, &whole->rows[r->variant * TRIALS + r->t.trial]);
            seen[r->variant]++;
        }
        free(part);
    }
    for (int v = 0; v < NVAR; v++)
        cr_assert_eq(seen[v], TRIALS);
    free(whole);
}

Test(runner, slices_are_contiguous_and_cover_everything)
{
    uint64_t first, end, prev = 0;
    for (uint32_t k = 1; k <= 7; k++) {
        run_slice(100, k, 7, &first, &end);
        cr_assert_eq(first, prev);
        cr_assert_geq(end, first);
        prev = end;
    }
    cr_assert_eq(prev, 100);
    run_slice(3, 5, 5, &first, &end);
    cr_assert(first == 2 && end == 3);
    run_slice(UINT64_MAX, 2, 2, &first, &end);
    cr_assert_eq(end, UINT64_MAX);
}

Test(runner, only_selected_variants_run)
{
    bool selected[NVAR] = {false, true, false};
    collected *c = calloc(1, sizeof *c);
    run_options o = {.seed = 5, .trials = TRIALS, .jobs = 2, .shard_index = 1,
                     .shard_count = 1, .selected = selected};
    err_msg e;
    cr_assert_eq(run_trials(&scn, &o, collect, c, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(c->n, TRIALS);
    cr_assert_eq(c->rows[0].variant, 1);
    free(c);
}

Test(runner, a_sink_error_or_a_stop_ends_the_run)
{
    collected *c = calloc(1, sizeof *c);
    c->fail_at = 100;
    run_options o = {.seed = 5, .trials = TRIALS, .jobs = 3, .shard_index = 1,
                     .shard_count = 1};
    err_msg e;
    cr_assert_eq(run_trials(&scn, &o, collect, c, &e), ERR_STORE);
    cr_assert_str_eq(e.text, "the sink failed");
    cr_assert_eq(c->n, 99);
    free(c);

    static volatile sig_atomic_t stop = 1;
    c = calloc(1, sizeof *c);
    o.stop = &stop;
    cr_assert_eq(run_trials(&scn, &o, collect, c, &e), ERR_INTERRUPTED);
    cr_assert_eq(c->n, 0);
    free(c);
}

/* A unit that fails (here: a trial over the event limit) ends the run with
 * that unit's message, after exactly the outcomes before it, for any number
 * of jobs: the first failure in unit order wins, whichever worker met it and
 * whatever failed after it. With 5 events, trial 1 of the first variant is
 * the first to fail; with 6, trial 0 of the second (every later one fails
 * too, on every worker). */
Test(runner, the_first_failing_unit_ends_the_run_for_any_jobs)
{
    const uint64_t limit[] = {5, 6};
    const size_t before[] = {1, TRIALS};
    for (size_t i = 0; i < 2; i++) {
        err_msg e1;
        collected *one = calloc(1, sizeof *one);
        run_options o = {.seed = 5, .trials = TRIALS, .jobs = 1, .shard_index = 1,
                         .shard_count = 1, .limits = {.max_events = limit[i]}};
        cr_assert_eq(run_trials(&scn, &o, collect, one, &e1), ERR_LIMIT);
        cr_assert_eq(one->n, before[i], "%zu outcomes before the failure", one->n);
        cr_assert(strstr(e1.text, "safety limit") != NULL, "%s", e1.text);
        for (unsigned jobs = 2; jobs <= 5; jobs++) {
            err_msg e;
            collected *many = calloc(1, sizeof *many);
            o.jobs = jobs;
            cr_assert_eq(run_trials(&scn, &o, collect, many, &e), ERR_LIMIT);
            cr_assert_str_eq(e.text, e1.text, "jobs %u", jobs);
            cr_assert_eq(many->n, one->n, "jobs %u", jobs);
            for (size_t k = 0; k < one->n; k++)
                same(&one->rows[k], &many->rows[k]);
            free(many);
        }
        free(one);
    }
}
