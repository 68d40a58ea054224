/*
 * bench_engine.c — drsim's engine against a bare d-ary heap loop.
 *
 * The yardstick is the classic hold-model loop of event-set benchmarks: events of (time, sequence,
 * payload) in an implicit 4-ary min-heap with FIFO tie-break, no handlers, no
 * cancellation — the closest thing to the physical limit of an event loop.
 * This file carries a faithful copy of that loop (textbook sift-down, 4-ary,
 * double times), so both run in the same process with the same compiler flags
 * and the same random numbers (PCG32 exponential variates): the ratio
 * isolates what the engine's handlers, handles and pooling cost.
 *
 * Workloads (README.md "Performance"):
 *   hold N   N pending events; each hold = pop the earliest, push it back at
 *            t + Exp(1). 2N untimed warm-up holds first.
 *   mm1      M/M/1 queue, lambda 0.9, mu 1.0; arrivals and departures are
 *            events; prints the mean time in system (theory 1/(mu-lambda) = 10).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/bench/bench.h"
#include "sim/kernel/engine.h"
#include "sim/kernel/rng.h"

static inline double exp_draw(rng *r, double mean)
{
    return -mean * log(rng_unit_open(r));
}

/* ---- the bare loop (after hold-baseline.c) ---------------------------- */

typedef struct bare_event {
    double t;
    uint64_t seq;
    uint32_t type;
    uint32_t id;
} bare_event;

typedef struct bare_heap {
    bare_event *a;
    size_t n, cap;
    uint64_t next_seq;
} bare_heap;

#define D 4

static inline int bare_less(const bare_event *x, const bare_event *y)
{
    return x->t < y->t || (x->t == y->t && x->seq < y->seq);
}

static void bare_init(bare_heap *h, size_t cap)
{
    h->a = malloc(cap * sizeof *h->a);
    if (h->a == NULL)
        bench_die("out of memory");
    h->n = 0;
    h->cap = cap;
    h->next_seq = 0;
}

static inline void bare_push(bare_heap *h, double t, uint32_t type, uint32_t id)
{
    if (h->n == h->cap) {
        h->cap *= 2;
        h->a = realloc(h->a, h->cap * sizeof *h->a);
        if (h->a == NULL)
            bench_die("out of memory");
    }
    bare_event e = {t, h->next_seq++, type, id};
    size_t i = h->n++;
    while (i > 0) {
        size_t p = (i - 1) / D;
        if (!bare_less(&e, &h->a[p]))
            break;
        h->a[i] = h->a[p];
        i = p;
    }
    h->a[i] = e;
}

static inline bare_event bare_pop(bare_heap *h)
{
    bare_event *a = h->a;
    bare_event top = a[0];
    size_t n = --h->n;
    if (n == 0)
        return top;
    bare_event e = a[n];
    size_t i = 0;
    for (;;) {
        size_t c = D * i + 1;
        if (c >= n)
            break;
        size_t best = c;
        size_t end = c + D < n ? c + D : n;
        for (size_t k = c + 1; k < end; k++)
            if (bare_less(&a[k], &a[best]))
                best = k;
        if (!bare_less(&a[best], &e))
            break;
        a[i] = a[best];
        i = best;
    }
    a[i] = e;
    return top;
}

static double bare_hold(size_t pending, uint64_t holds, uint64_t seed)
{
    rng r = rng_stream(seed, 0, 0);
    bare_heap h;
    bare_init(&h, pending + 16);
    for (size_t i = 0; i < pending; i++)
        bare_push(&h, exp_draw(&r, 1.0), 0, (uint32_t)i);
    for (uint64_t k = 0; k < 2 * (uint64_t)pending; k++) {
        bare_event e = bare_pop(&h);
        bare_push(&h, e.t + exp_draw(&r, 1.0), 0, e.id);
    }
    double t0 = bench_now();
    double checksum = 0;
    for (uint64_t k = 0; k < holds; k++) {
        bare_event e = bare_pop(&h);
        checksum += e.t;
        bare_push(&h, e.t + exp_draw(&r, 1.0), 0, e.id);
    }
    double dt = bench_now() - t0;
    bench_sink(checksum);
    free(h.a);
    return (double)holds / dt;
}

enum { ARRIVAL = 0, DEPARTURE = 1 };

/* A FIFO line of arrival times (the customer in service at its head). */
typedef struct line {
    double *t;
    size_t head, len, cap; /* cap a power of two */
} line;

static void line_push(line *q, double t)
{
    if (q->len == q->cap) {
        size_t ncap = q->cap ? 2 * q->cap : 1024;
        double *nt = malloc(ncap * sizeof *nt);
        if (nt == NULL)
            bench_die("out of memory");
        for (size_t i = 0; i < q->len; i++)
            nt[i] = q->t[(q->head + i) & (q->cap - 1)];
        free(q->t);
        q->t = nt;
        q->head = 0;
        q->cap = ncap;
    }
    q->t[(q->head + q->len) & (q->cap - 1)] = t;
    q->len++;
}

static double line_pop(line *q)
{
    double t = q->t[q->head];
    q->head = (q->head + 1) & (q->cap - 1);
    q->len--;
    return t;
}

static double bare_mm1(uint64_t customers, uint64_t seed, double lambda, double mu,
                       double *mean_in_system)
{
    rng r = rng_stream(seed, 0, 0);
    bare_heap h;
    bare_init(&h, 1024);
    line q = {0};
    uint64_t arrived = 0, departed = 0, events = 0;
    double sum = 0;
    double t0 = bench_now();
    bare_push(&h, exp_draw(&r, 1 / lambda), ARRIVAL, 0);
    while (h.n) {
        bare_event e = bare_pop(&h);
        double now = e.t;
        events++;
        if (e.type == ARRIVAL) {
            arrived++;
            line_push(&q, now);
            if (q.len == 1)
                bare_push(&h, now + exp_draw(&r, 1 / mu), DEPARTURE, 0);
            if (arrived < customers)
                bare_push(&h, now + exp_draw(&r, 1 / lambda), ARRIVAL, 0);
        } else {
            sum += now - line_pop(&q);
            departed++;
            if (q.len)
                bare_push(&h, now + exp_draw(&r, 1 / mu), DEPARTURE, 0);
        }
    }
    double dt = bench_now() - t0;
    *mean_in_system = sum / (double)departed;
    free(h.a);
    free(q.t);
    return (double)events / dt;
}

/* ---- the same workloads on drsim's engine ----------------------------- */

typedef struct hold_state {
    rng r;
    double checksum;
} hold_state;

static void hold_fire(sim_engine *e, void *ctx)
{
    hold_state *s = ctx;
    s->checksum += (double)sim_now(e);
    sim_after(e, (sim_time)(exp_draw(&s->r, 1.0) * SIM_SEC), hold_fire, s, NULL);
}

static double engine_hold(size_t pending, uint64_t holds, uint64_t seed)
{
    sim_engine *e = sim_create();
    if (e == NULL)
        bench_die("out of memory");
    hold_state s = {rng_stream(seed, 0, 0), 0};
    for (size_t i = 0; i < pending; i++)
        if (sim_after(e, (sim_time)(exp_draw(&s.r, 1.0) * SIM_SEC), hold_fire, &s, NULL) != ERR_OK)
            bench_die("cannot schedule");
    sim_set_limits(e, 2 * (uint64_t)pending, 0);
    sim_run(e); /* warm-up, stops at the limit */
    sim_set_limits(e, 2 * (uint64_t)pending + holds, 0);
    double t0 = bench_now();
    sim_run(e);
    double dt = bench_now() - t0;
    bench_sink(s.checksum);
    sim_destroy(e);
    return (double)holds / dt;
}

typedef struct mm1_state {
    rng r;
    sim_time mean_arrival, mean_service;
    uint64_t customers, arrived, departed;
    line q;
    double sum;
} mm1_state;

static sim_time draw_us(mm1_state *s, sim_time mean)
{
    return (sim_time)(exp_draw(&s->r, (double)mean));
}

static void mm1_departure(sim_engine *e, void *ctx);

static void mm1_arrival(sim_engine *e, void *ctx)
{
    mm1_state *s = ctx;
    s->arrived++;
    line_push(&s->q, (double)sim_now(e));
    if (s->q.len == 1)
        sim_after(e, draw_us(s, s->mean_service), mm1_departure, s, NULL);
    if (s->arrived < s->customers)
        sim_after(e, draw_us(s, s->mean_arrival), mm1_arrival, s, NULL);
}

static void mm1_departure(sim_engine *e, void *ctx)
{
    mm1_state *s = ctx;
    s->sum += (double)sim_now(e) - line_pop(&s->q);
    s->departed++;
    if (s->q.len)
        sim_after(e, draw_us(s, s->mean_service), mm1_departure, s, NULL);
}

static double engine_mm1(uint64_t customers, uint64_t seed, double lambda, double mu,
                         double *mean_in_system)
{
    sim_engine *e = sim_create();
    if (e == NULL)
        bench_die("out of memory");
    mm1_state s = {.r = rng_stream(seed, 0, 0),
                   .mean_arrival = (sim_time)(SIM_SEC / lambda),
                   .mean_service = (sim_time)(SIM_SEC / mu),
                   .customers = customers};
    double t0 = bench_now();
    sim_after(e, draw_us(&s, s.mean_arrival), mm1_arrival, &s, NULL);
    sim_run(e);
    double dt = bench_now() - t0;
    *mean_in_system = s.sum / (double)s.departed / SIM_SEC;
    uint64_t events = sim_executed(e);
    free(s.q.t);
    sim_destroy(e);
    return (double)events / dt;
}

/* ---- figures ------------------------------------------------------------ */

static void hold_pair(const char *name, size_t pending, uint64_t holds, int reps)
{
    double bare = 0, eng = 0;
    for (int i = 0; i < reps; i++) {
        double b = bare_hold(pending, holds, 42);
        double g = engine_hold(pending, holds, 42);
        bare = b > bare ? b : bare;
        eng = g > eng ? g : eng;
    }
    bench_print(name, "_bare", bare / 1e6, "Mholds/s");
    bench_print(name, "_engine", eng / 1e6, "Mholds/s");
    bench_print(name, "_ratio", eng / bare, "x");
}

void bench_engine(const bench_options *opt)
{
    uint64_t holds = opt->quick ? 1000000 : 10000000;
    hold_pair("hold_1e3", 1000, holds, opt->reps);
    hold_pair("hold_1e6", 1000000, holds, opt->reps);

    uint64_t customers = opt->quick ? 200000 : 1000000;
    double bare = 0, eng = 0, bare_mean = 0, eng_mean = 0;
    for (int i = 0; i < opt->reps; i++) {
        double b = bare_mm1(customers, 42, 0.9, 1.0, &bare_mean);
        double g = engine_mm1(customers, 42, 0.9, 1.0, &eng_mean);
        bare = b > bare ? b : bare;
        eng = g > eng ? g : eng;
    }
    bench_print("mm1", "_bare", bare / 1e6, "Mevents/s");
    bench_print("mm1", "_engine", eng / 1e6, "Mevents/s");
    bench_print("mm1", "_ratio", eng / bare, "x");
    bench_print("mm1", "_mean_time_in_system", eng_mean, "s (theory 10)");
}
