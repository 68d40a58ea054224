/*
 * writes.c — the lazily refined write process.
 *
 * The strongest check is brute force: on small streams every write is
 * enumerated through the public interface and the FIFO link is simulated
 * write by write (Lindley's recursion); the tree's backlog must agree. The
 * statistical checks hold counts to the Poisson law and the link to the
 * M/M/1 closed forms (README.md "Validation", 3).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include "models/world/writes.h"
#include "sim/kernel/rng.h"

static wr_stream *make(double rate, double mean, double var, bool regular, uint64_t seed,
                       uint64_t trial, sim_time end)
{
    wr_stream *s = wr_create();
    cr_assert_not_null(s);
    wr_params p = {rate, mean, var, regular};
    wr_reset(s, &p, seed, trial, 77, end);
    return s;
}

Test(writes, counts_add_up_over_any_partition)
{
    wr_stream *s = make(50, 4096, 4096.0 * 4096, false, 1, 0, 3600 * SIM_SEC);
    uint64_t total;
    double total_bytes;
    cr_assert_eq(wr_count(s, 0, 3600 * SIM_SEC, &total, &total_bytes), ERR_OK);
    uint64_t sum = 0;
    double bytes = 0;
    sim_time cut = 0;
    rng r = rng_stream(9, 9, 9);
    while (cut < 3600 * SIM_SEC) {
        sim_time next = cut + 1 + (sim_time)rng_bounded(&r, 90000000);
        uint64_t c;
        double b;
        cr_assert_eq(wr_count(s, cut, next, &c, &b), ERR_OK);
        sum += c;
        bytes += b;
        cut = next;
    }
    cr_assert_eq(sum, total);
    cr_assert(fabs(bytes - total_bytes) < 1e-6 * total_bytes);
    wr_destroy(s);
}

Test(writes, answers_do_not_depend_on_query_order)
{
    sim_time end = 7 * SIM_DAY;
    wr_stream *a = make(300, 16384, 16384.0 * 16384, false, 5, 3, end);
    wr_stream *b = make(300, 16384, 16384.0 * 16384, false, 5, 3, end);
    sim_time points[] = {end / 3, 17 * SIM_SEC, end - 1, end / 2 + 12345, 5 * SIM_HOUR};
    uint64_t ca[5], cb[5];
    double ba[5], bb[5];
    wr_backlog qa, qb;
    cr_assert_eq(wr_backlog_at(a, 5e6, end / 2, &qa), ERR_OK);
    for (int i = 0; i < 5; i++)
        cr_assert_eq(wr_count(a, points[i] - 10 * SIM_SEC, points[i], &ca[i], &ba[i]), ERR_OK);
    for (int i = 4; i >= 0; i--)
        cr_assert_eq(wr_count(b, points[i] - 10 * SIM_SEC, points[i], &cb[i], &bb[i]), ERR_OK);
    cr_assert_eq(wr_backlog_at(b, 5e6, end / 2, &qb), ERR_OK);
    for (int i = 0; i < 5; i++) {
        cr_assert_eq(ca[i], cb[i]);
        cr_assert_eq(ba[i], bb[i]);
    }
    cr_assert_eq(qa.writes, qb.writes);
    cr_assert_eq(qa.oldest, qb.oldest);
    cr_assert_eq(qa.work, qb.work);
    wr_destroy(a);
    wr_destroy(b);
}

/* Every write of a stream, in order, through the public interface. */
typedef struct write_list {
    sim_time *t;
    double *size;
    size_t n;
} write_list;

static write_list enumerate(wr_stream *s, sim_time end)
{
    write_list w = {0};
    size_t cap = 0;
    sim_time at = 0;
    for (;;) {
        sim_time next;
        cr_assert_eq(wr_next_after(s, at, &next), ERR_OK);
        if (next == SIM_NEVER || next > end)
            break;
        uint64_t c;
        double b;
        cr_assert_eq(wr_count(s, next - 1, next, &c, &b), ERR_OK);
        cr_assert_geq(c, 1);
        for (uint64_t k = 0; k < c; k++) {
            if (w.n == cap) {
                cap = cap ? 2 * cap : 1024;
                w.t = realloc(w.t, cap * sizeof *w.t);
                w.size = realloc(w.size, cap * sizeof *w.size);
            }
            w.t[w.n] = next;
            w.size[w.n] = b / (double)c; /* only sums matter below when c > 1 */
            w.n++;
        }
        at = next;
    }
    return w;
}

/* The FIFO link simulated write by write: returns the backlog in bytes at
 * `at` and, through *oldest and *count, the writes not fully shipped. */
static double lindley(const write_list *w, double bandwidth, sim_time at, sim_time *oldest,
                      uint64_t *count)
{
    double work = 0;
    sim_time last = 0;
    for (size_t i = 0; i < w->n && w->t[i] <= at; i++) {
        work -= bandwidth * (double)(w->t[i] - last) / 1e6;
        if (work < 0)
            work = 0;
        work += w->size[i];
        last = w->t[i];
    }
    work -= bandwidth * (double)(at - last) / 1e6;
    if (work < 0)
        work = 0;
    *count = 0;
    *oldest = at;
    double after = 0;
    for (size_t i = w->n; i-- > 0;) {
        if (w->t[i] > at)
            continue;
        if (after >= work - 1e-3 || work == 0)
            break;
        (*count)++;
        *oldest = w->t[i];
        after += w->size[i];
    }
    return work;
}

static void brute_force_case(double rate, double mean, double var, double bandwidth, uint64_t seed)
{
    sim_time end = 2 * SIM_HOUR;
    for (uint64_t trial = 0; trial < 6; trial++) {
        wr_stream *s = make(rate, mean, var, false, seed, trial, end);
        write_list w = enumerate(s, end);
        for (int q = 1; q <= 8; q++) {
            sim_time at = end / 8 * q - (sim_time)(q * 7919);
            wr_backlog got;
            cr_assert_eq(wr_backlog_at(s, bandwidth, at, &got), ERR_OK);
            sim_time oldest;
            uint64_t count;
            double work = lindley(&w, bandwidth, at, &oldest, &count);
            cr_assert(fabs(got.work - work) <= 1e-6 * (work + 1),
                      "rate %g bw %g trial %lu at %ld: backlog %.3f, brute force %.3f", rate,
                      bandwidth, (unsigned long)trial, (long)at, got.work, work);
            cr_assert_eq(got.writes, count, "trial %lu at %ld: %lu writes, brute force %lu",
                         (unsigned long)trial, (long)at, (unsigned long)got.writes,
                         (unsigned long)count);
            cr_assert_eq(got.oldest, oldest);
        }
        free(w.t);
        free(w.size);
        wr_destroy(s);
    }
}

Test(writes, backlog_matches_a_write_by_write_simulation)
{
    /* Light, heavy and overloaded links; exponential and constant sizes. */
    brute_force_case(2, 50000, 50000.0 * 50000, 400000, 1);  /* rho 0.25 */
    brute_force_case(2, 50000, 50000.0 * 50000, 110000, 2);  /* rho 0.91 */
    brute_force_case(2, 50000, 0, 90000, 3);                 /* rho 1.11, constant */
    brute_force_case(5, 8192, 8192.0 * 8192 / 4, 45000, 4);  /* rho 0.91, gamma shape 4 */
}

Test(writes, counts_follow_the_poisson_law)
{
    /* Writes in a 10-minute window: Poisson(rate * 600): mean and variance
     * within 4 standard errors over many trials. */
    const double rate = 20, window = 600, lambda = rate * window;
    const int trials = 20000;
    double sum = 0, sum2 = 0, bytes_sum = 0;
    wr_stream *s = wr_create();
    wr_params p = {rate, 1000, 1000.0 * 1000, false};
    for (int t = 0; t < trials; t++) {
        wr_reset(s, &p, 42, (uint64_t)t, 1, 3 * SIM_DAY);
        uint64_t c;
        double b;
        cr_assert_eq(wr_count(s, SIM_DAY, SIM_DAY + (sim_time)(window * SIM_SEC), &c, &b), ERR_OK);
        sum += (double)c;
        sum2 += (double)c * (double)c;
        bytes_sum += b;
    }
    double mean = sum / trials, var = sum2 / trials - mean * mean;
    cr_assert(fabs(mean - lambda) < 4 * sqrt(lambda / trials), "mean %f vs %f", mean, lambda);
    /* Var of the sample variance of a Poisson ~ (mu4 - sigma^4)/n. */
    double se_var = sqrt((lambda * (1 + 3 * lambda) - lambda * lambda) / trials);
    cr_assert(fabs(var - lambda) < 4 * se_var, "variance %f vs %f", var, lambda);
    /* Bytes: E = lambda * mean size; sd of the total is sqrt(lambda * E[size^2]). */
    double se_bytes = sqrt(lambda * 2 * 1000.0 * 1000) / sqrt(trials);
    cr_assert(fabs(bytes_sum / trials - lambda * 1000) < 4 * se_bytes);
    wr_destroy(s);
}

Test(writes, regular_arrivals_are_evenly_spaced)
{
    wr_stream *s = make(4, 100, 0, true, 3, 1, SIM_HOUR);
    uint64_t c;
    double b;
    cr_assert_eq(wr_count(s, 0, SIM_HOUR, &c, &b), ERR_OK);
    cr_assert(c == 14400 || c == 14399, "%lu writes in an hour at 4/s", (unsigned long)c);
    cr_assert_eq(b, (double)c * 100);
    sim_time a, next;
    cr_assert_eq(wr_next_after(s, 10 * SIM_SEC, &a), ERR_OK);
    cr_assert_eq(wr_next_after(s, a, &next), ERR_OK);
    cr_assert(llabs((next - a) - 250000) <= 1, "gap %ld", (long)(next - a));
    wr_destroy(s);
}

Test(writes, mm1_number_not_replicated)
{
    /* README.md "Validation", 3: Poisson writes at rate lambda with exponential
     * sizes of mean s through a link of bandwidth B (latency 0), rho =
     * lambda s / B < 1: after warm-up, the writes not yet replicated at a
     * random instant number rho / (1 - rho) on average, and P(N >= n) = rho^n.
     * Two parameter sets; each estimate within its 99 % confidence interval
     * (2.576 standard errors; trials are independent). */
    const double rhos[] = {0.5, 0.8};
    for (int k = 0; k < 2; k++) {
        const double rho = rhos[k], lambda = 100, size = 16384, bw = lambda * size / rho;
        const int trials = 40000;
        const int n_tail = 3;
        double sum = 0, sum2 = 0, tail = 0;
        wr_stream *s = wr_create();
        wr_params p = {lambda, size, size * size, false};
        rng pick = rng_stream(7, 0, (uint64_t)k);
        for (int t = 0; t < trials; t++) {
            wr_reset(s, &p, 1000 + (uint64_t)k, (uint64_t)t, 5, SIM_DAY);
            /* A random instant well after warm-up (mean busy period << 1 s). */
            sim_time at = SIM_HOUR + (sim_time)(rng_unit(&pick) * (double)(20 * SIM_HOUR));
            wr_backlog b;
            cr_assert_eq(wr_backlog_at(s, bw, at, &b), ERR_OK);
            double n = (double)b.writes;
            sum += n;
            sum2 += n * n;
            tail += b.writes >= (uint64_t)n_tail;
        }
        double mean = sum / trials;
        double sd = sqrt(sum2 / trials - mean * mean);
        double expect = rho / (1 - rho);
        cr_assert(fabs(mean - expect) < 2.576 * sd / sqrt(trials),
                  "rho %.1f: mean writes not replicated %.4f, M/M/1 %.4f (99%% CI +-%.4f)", rho,
                  mean, expect, 2.576 * sd / sqrt(trials));
        double p_tail = tail / trials, p_expect = pow(rho, n_tail);
        double se = sqrt(p_expect * (1 - p_expect) / trials);
        cr_assert(fabs(p_tail - p_expect) < 2.576 * se, "rho %.1f: P(N >= %d) = %.4f, rho^n = %.4f",
                  rho, n_tail, p_tail, p_expect);
        wr_destroy(s);
    }
}

Test(writes, large_streams_stay_cheap)
{
    /* 1,000 writes/s for 30 days (2.6e9 writes): a backlog query at a late
     * instant materialises few nodes. */
    wr_stream *s = make(1000, 8192, 8192.0 * 8192, false, 1, 1, 30 * SIM_DAY);
    wr_backlog b;
    cr_assert_eq(wr_backlog_at(s, 1000 * 8192 / 0.7, 29 * SIM_DAY, &b), ERR_OK);
    uint64_t c;
    double by;
    cr_assert_eq(wr_count(s, 29 * SIM_DAY - 15 * SIM_MIN, 29 * SIM_DAY, &c, &by), ERR_OK);
    cr_assert_lt(wr_nodes(s), 20000, "%zu nodes", wr_nodes(s));
    cr_assert(c > 800000 && c < 1000000);
    wr_destroy(s);
}
