/*
 * bench_writes.c — the write process alone on the M/G/1 case, against the
 * implementation it replaced, in the same process.
 *
 *   mg1   Poisson writes at 100/s, lognormal sizes (p50 16 KiB, p99 256 KiB),
 *         a link at load 0.85, a one-day trial, a destructive outage at an
 *         instant drawn uniformly: per trial, the stream is reset, the
 *         backlog asked at that instant and the writes lost counted (what
 *         storage.c and world.c ask of a GRS account replicated by
 *         bandwidth). Exact sizes and a stationary link (writes.c) against
 *         the previous process (writes_prev.h: sizes gamma with the
 *         lognormal's mean and variance, the link empty at 0), given the
 *         same instants. Timed in thread CPU time, the two taking turns,
 *         best of 2 x reps each: mg1_trials_per_s, mg1_prev_trials_per_s,
 *         and mg1_ratio = new / previous (target >= 0.8). Also printed, the
 *         share of trials with exactly one write not yet replicated, which
 *         the M/G/1 law puts at 0.1025 (the gamma stand-in gave 0.077).
 */
#include <math.h>
#include <stdio.h>

#include "models/world/writes.h"
#include "sim/kernel/dist.h"
#include "sim/kernel/rng.h"
#include "tests/bench/bench.h"
#include "tests/bench/writes_prev.h"

#define LAMBDA 100.0
#define RHO    0.85

typedef struct mg1_case {
    dist size;
    double mean, var, bandwidth;
    sim_time horizon;
    int trials;
} mg1_case;

/* Seconds of CPU for the case's trials with the current process; *ones:
 * trials with exactly one write not replicated. */
static double run_new(const mg1_case *c, wr_stream *s, double *ones)
{
    wr_params p = {LAMBDA, c->mean, 0, false, &c->size, true};
    rng pick = rng_stream(1, 2, 3);
    uint64_t lost = 0;
    *ones = 0;
    double t0 = bench_cpu_now();
    for (int t = 0; t < c->trials; t++) {
        wr_reset(s, &p, 7, (uint64_t)t, 5, c->horizon);
        sim_time at = 1 + (sim_time)(rng_unit(&pick) * (double)(c->horizon - 1));
        wr_backlog b;
        uint64_t n;
        double bytes;
        if (wr_backlog_at(s, c->bandwidth, at, &b) != ERR_OK ||
            wr_count(s, b.oldest - 1, at, &n, &bytes) != ERR_OK)
            bench_die("mg1: out of memory");
        lost += n;
        *ones += b.writes == 1;
    }
    double dt = bench_cpu_now() - t0;
    bench_sink((double)lost);
    return dt;
}

static double run_prev(const mg1_case *c, wrprev_stream *s, double *ones)
{
    wrprev_params p = {LAMBDA, c->mean, c->var, false};
    rng pick = rng_stream(1, 2, 3);
    uint64_t lost = 0;
    *ones = 0;
    double t0 = bench_cpu_now();
    for (int t = 0; t < c->trials; t++) {
        wrprev_reset(s, &p, 7, (uint64_t)t, 5, c->horizon);
        sim_time at = 1 + (sim_time)(rng_unit(&pick) * (double)(c->horizon - 1));
        wrprev_backlog b;
        uint64_t n;
        double bytes;
        if (wrprev_backlog_at(s, c->bandwidth, at, &b) != ERR_OK ||
            wrprev_count(s, b.oldest - 1, at, &n, &bytes) != ERR_OK)
            bench_die("mg1: out of memory (previous process)");
        lost += n;
        *ones += b.writes == 1;
    }
    double dt = bench_cpu_now() - t0;
    bench_sink((double)lost);
    return dt;
}

void bench_writes(const bench_options *opt)
{
    mg1_case c;
    err_msg e;
    if (dist_lognormal_p(&c.size, 16384, 256 * 1024.0, &e) != ERR_OK)
        bench_die(e.text);
    c.mean = dist_mean(&c.size);
    c.var = dist_variance(&c.size);
    c.bandwidth = LAMBDA * c.mean / RHO;
    c.horizon = SIM_DAY;
    c.trials = opt->quick ? 4000 : 40000;
    printf("# mg1: %d trials of 100 writes/s, lognormal sizes (p50 16 KiB, p99 256 KiB), load "
           "0.85, outage at a uniform instant of a day\n",
           c.trials);
    wr_stream *s = wr_create();
    wrprev_stream *ps = wrprev_available ? wrprev_create() : NULL;
    if (s == NULL || (wrprev_available && ps == NULL))
        bench_die("mg1: out of memory");
    double best = 1e30, best_prev = 1e30, ones = 0, ones_prev = 0;
    for (int i = 0; i < 2 * opt->reps; i++) {
        double a = run_new(&c, s, &ones);
        best = a < best ? a : best;
        if (ps != NULL) {
            double b = run_prev(&c, ps, &ones_prev);
            best_prev = b < best_prev ? b : best_prev;
        }
    }
    bench_print("mg1", "_trials_per_s", c.trials / best, "trials/s (exact sizes, stationary)");
    bench_print("mg1", "_p_one", ones / c.trials, "(exact M/G/1: 0.1025)");
    if (ps != NULL) {
        bench_print("mg1", "_prev_trials_per_s", c.trials / best_prev,
                    "trials/s (the previous process: gamma sizes, empty at 0)");
        bench_print("mg1", "_prev_p_one", ones_prev / c.trials, "(its gamma stand-in)");
        bench_print("mg1", "_ratio", best_prev / best, "x (target >= 0.8)");
    } else {
        printf("# mg1: the previous process is not built (no git history): no ratio\n");
    }
    wr_destroy(s);
    wrprev_destroy(ps);
}
