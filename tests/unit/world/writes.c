/*
 * writes.c — the lazily refined write process.
 *
 * The strongest check is brute force: on small streams every write is
 * enumerated through the public interface and the FIFO link is simulated
 * write by write (Lindley's recursion); the stream's backlog must agree —
 * for the gamma tree, for the explicit past of other laws (writes before 0
 * included, two links on one stream in either order) and for evenly spaced
 * writes. The statistical checks hold counts to the Poisson law, sizes to
 * the law the scenario states, and the link to closed forms and to an
 * independent simulation: M/M/1 (README.md "Validation", 3), stationary from
 * the first second; M/G/1 with lognormal sizes against a write-by-write
 * simulation by a chi-square test, and its P(N = 1) against the exact
 * value (README.md "Validation", 5). Each at a fixed seed, within its 99 %
 * interval.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include "models/world/writes.h"
#include "sim/core/mem.h"
#include "sim/kernel/rng.h"

static wr_stream *make(double rate, double mean, double var, bool regular, uint64_t seed,
                       uint64_t trial, sim_time end)
{
    wr_stream *s = wr_create();
    cr_assert_not_null(s);
    wr_params p = {rate, mean, var, regular, NULL, false};
    wr_reset(s, &p, seed, trial, 77, end);
    return s;
}

/* Counts over random cuts of (from, to] (steps up to max_step µs) add up to
 * the whole's `total` exactly, and its bytes to within rel_tol. */
static void partition_adds_up(wr_stream *s, sim_time from, sim_time to, uint32_t max_step,
                              uint64_t total, double total_bytes, double rel_tol)
{
    uint64_t sum = 0;
    double bytes = 0;
    rng r = rng_stream(9, 9, 9);
    for (sim_time cut = from; cut < to;) {
        sim_time next = cut + 1 + (sim_time)rng_bounded(&r, max_step);
        if (next > to)
            next = to;
        uint64_t c;
        double b;
        cr_assert_eq(wr_count(s, cut, next, &c, &b), ERR_OK);
        sum += c;
        bytes += b;
        cut = next;
    }
    cr_assert_eq(sum, total);
    cr_assert(fabs(bytes - total_bytes) < rel_tol * total_bytes, "%.17g vs %.17g", bytes,
              total_bytes);
}

Test(writes, counts_add_up_over_any_partition)
{
    wr_stream *s = make(50, 4096, 4096.0 * 4096, false, 1, 0, 3600 * SIM_SEC);
    uint64_t total;
    double total_bytes;
    cr_assert_eq(wr_count(s, 0, 3600 * SIM_SEC, &total, &total_bytes), ERR_OK);
    partition_adds_up(s, 0, 3600 * SIM_SEC, 90000000, total, total_bytes, 1e-6);
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

/* Over `trials` trials of stream p (seed, entity, horizon end), the writes
 * in (from, from + window]: their count must follow Poisson(rate x window)
 * (mean and variance within 4 standard errors; the sample variance of a
 * Poisson has variance (mu4 - sigma^4) / n) and their bytes have mean
 * rate x window x mean size (sd of a total: sqrt(lambda E[size^2])). */
static void poisson_window(const wr_params *p, uint64_t seed, uint64_t entity, sim_time end,
                           sim_time from, double window_s, int trials)
{
    const double lambda = p->rate * window_s;
    double sum = 0, sum2 = 0, bytes_sum = 0;
    wr_stream *s = wr_create();
    cr_assert_not_null(s);
    for (int t = 0; t < trials; t++) {
        wr_reset(s, p, seed, (uint64_t)t, entity, end);
        uint64_t c;
        double b;
        cr_assert_eq(wr_count(s, from, from + (sim_time)(window_s * SIM_SEC), &c, &b), ERR_OK);
        sum += (double)c;
        sum2 += (double)c * (double)c;
        bytes_sum += b;
    }
    double mean = sum / trials, var = sum2 / trials - mean * mean;
    cr_assert(fabs(mean - lambda) < 4 * sqrt(lambda / trials), "mean %f vs %f", mean, lambda);
    double se_var = sqrt((lambda * (1 + 3 * lambda) - lambda * lambda) / trials);
    cr_assert(fabs(var - lambda) < 4 * se_var, "variance %f vs %f", var, lambda);
    double second = p->size_var + p->size_mean * p->size_mean; /* E[X^2] */
    double se_bytes = sqrt(lambda * second / trials);
    cr_assert(fabs(bytes_sum / trials - lambda * p->size_mean) < 4 * se_bytes, "bytes %f vs %f",
              bytes_sum / trials, lambda * p->size_mean);
    wr_destroy(s);
}

/* Writes in a 10-minute window a day in. */
Test(writes, counts_follow_the_poisson_law)
{
    wr_params p = {20, 1000, 1000.0 * 1000, false, NULL, false};
    poisson_window(&p, 42, 1, 3 * SIM_DAY, SIM_DAY, 600, 20000);
}

/* A stationary Poisson stream's past before 0 is summed chunk by chunk in
 * closed form (Gamma gap to a chunk's last write, Binomial count of a
 * partial chunk, gamma bytes) and its writes drawn only where a query cuts
 * a chunk. Counts over a day before 0 (hundreds of chunks) and over ten
 * minutes a day back (inside a chunk: its writes, uniform given the sum)
 * follow the same laws, for constant and exponential sizes. */
Test(writes, the_stationary_past_counts_follow_the_poisson_law)
{
    wr_params constant = {20, 1000, 0, false, NULL, true};
    wr_params exponential = {20, 1000, 1000.0 * 1000, false, NULL, true};
    poisson_window(&constant, 4242, 3, SIM_DAY, -SIM_DAY, 86400, 3000);
    poisson_window(&exponential, 4242, 3, SIM_DAY, -SIM_DAY, 86400, 3000);
    poisson_window(&constant, 4242, 3, SIM_DAY, -SIM_DAY, 600, 3000);
    poisson_window(&exponential, 4242, 3, SIM_DAY, -SIM_DAY, 600, 3000);
}

/* Counting a day of the past draws no write: the past is summed back to
 * the query's start, so no chunk is cut (only the tree's root exists); later
 * queries draw only the chunks they cut, and counts over a partition of the
 * day add up to the whole exactly, the bytes to within rounding. */
Test(writes, counting_a_day_of_the_past_draws_only_the_chunks_a_query_cuts)
{
    wr_stream *s = wr_create();
    cr_assert_not_null(s);
    wr_params p = {200, 8192, 8192.0 * 8192, false, NULL, true};
    wr_reset(s, &p, 5, 5, 77, SIM_DAY);
    uint64_t total;
    double total_bytes;
    cr_assert_eq(wr_count(s, -SIM_DAY, 0, &total, &total_bytes), ERR_OK);
    cr_assert(total > 17000000 && total < 17600000, "%lu writes in a day at 200/s",
              (unsigned long)total);
    cr_assert_leq(wr_nodes(s), 1, "%zu writes drawn", wr_nodes(s));
    partition_adds_up(s, -SIM_DAY, 0, 3600000000u, total, total_bytes, 1e-9);
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
        wr_params p = {lambda, size, size * size, false, NULL, false};
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

/* ---- exact sizes and the stationary start -------------------------------------------- */

/* Lognormal sizes with median 16 KiB and p99 256 KiB (sigma = ln 16 / z99). */
static dist lognormal_16k(void)
{
    dist d;
    err_msg e;
    cr_assert_eq(dist_lognormal_p(&d, 16384, 256 * 1024.0, &e), ERR_OK);
    return d;
}

/* Every write of a stream in (from, to], through the public interface. */
static write_list enumerate_range(wr_stream *s, sim_time from, sim_time to)
{
    write_list w = {0};
    size_t cap = 0;
    sim_time at = from;
    for (;;) {
        sim_time next;
        cr_assert_eq(wr_next_after(s, at, &next), ERR_OK);
        if (next == SIM_NEVER || next > to)
            break;
        uint64_t c;
        double b;
        cr_assert_eq(wr_count(s, next - 1, next, &c, &b), ERR_OK);
        cr_assert_geq(c, 1, "a write at %ld that wr_count does not see", (long)next);
        for (uint64_t k = 0; k < c; k++) {
            if (w.n == cap) {
                cap = cap ? 2 * cap : 1024;
                w.t = realloc(w.t, cap * sizeof *w.t);
                w.size = realloc(w.size, cap * sizeof *w.size);
            }
            w.t[w.n] = next;
            w.size[w.n] = b / (double)c;
            w.n++;
        }
        at = next;
    }
    return w;
}

/* Lindley's recursion from an empty link at `from` over the listed writes. */
static double lindley_from(const write_list *w, double bandwidth, sim_time from, sim_time at,
                           sim_time *oldest, uint64_t *count)
{
    double work = 0;
    sim_time last = from;
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
    for (size_t i = w->n; i-- > 0 && work > 0;) {
        if (w->t[i] > at)
            continue;
        if (after >= work)
            break;
        (*count)++;
        *oldest = w->t[i];
        after += w->size[i];
    }
    return work;
}

/* The backlog of a stationary stream at `at`, for two links asked in the
 * given order, against the writes enumerated over the 3 minutes before (far
 * longer than any busy period here). The explicit past keeps real instants;
 * the enumeration sees them at the next microsecond, so the bytes may differ
 * by what the link ships in a microsecond per write. */
static void past_case(const wr_params *p, double mean, double rho1, double rho2, sim_time at,
                      uint64_t trial)
{
    wr_stream *s = wr_create();
    cr_assert_not_null(s);
    wr_reset(s, p, 31, trial, 9, SIM_DAY);
    double bw[2] = {p->rate * mean / rho1, p->rate * mean / rho2};
    wr_backlog got[2];
    for (int k = 0; k < 2; k++)
        cr_assert_eq(wr_backlog_at(s, bw[k], at, &got[k]), ERR_OK);
    sim_time from = at - 3 * SIM_MIN;
    write_list w = enumerate_range(s, from, at);
    for (int k = 0; k < 2; k++) {
        sim_time oldest;
        uint64_t count;
        double work = lindley_from(&w, bw[k], from, at, &oldest, &count);
        double tol = bw[k] * 1e-6 * (double)(count + 2);
        cr_assert(fabs(got[k].work - work) <= tol,
                  "trial %lu at %ld, load %.2f: backlog %.2f, write by write %.2f",
                  (unsigned long)trial, (long)at, k ? rho2 : rho1, got[k].work, work);
        cr_assert_eq(got[k].writes, count, "trial %lu at %ld: %lu writes, write by write %lu",
                     (unsigned long)trial, (long)at, (unsigned long)got[k].writes,
                     (unsigned long)count);
        if (count > 0)
            cr_assert_eq(got[k].oldest, oldest);
    }
    /* Counts over a partition of the window add up to the whole. */
    uint64_t total = 0, part, sum = 0;
    double bytes, b;
    cr_assert_eq(wr_count(s, from, at, &total, &bytes), ERR_OK);
    cr_assert_eq(total, w.n);
    for (sim_time cut = from; cut < at; cut += 7 * SIM_SEC + 12345) {
        sim_time next = cut + 7 * SIM_SEC + 12345 < at ? cut + 7 * SIM_SEC + 12345 : at;
        cr_assert_eq(wr_count(s, cut, next, &part, &b), ERR_OK);
        sum += part;
    }
    cr_assert_eq(sum, total);
    free(w.t);
    free(w.size);
    wr_destroy(s);
}

Test(writes, past_matches_a_write_by_write_simulation)
{
    /* Lognormal sizes (the explicit past) and exponential ones (the tree and
     * its past before 0); outages at 1 s, in the first minute and a day in;
     * the faster link asked first, then the slower, and the other way. */
    dist d = lognormal_16k();
    double mean = dist_mean(&d);
    wr_params ln = {20, mean, 0, false, &d, true};
    wr_params ex = {20, 16384, 16384.0 * 16384, false, NULL, true};
    const sim_time ats[] = {SIM_SEC, 40 * SIM_SEC + 777, 20 * SIM_HOUR + 4242};
    for (uint64_t t = 0; t < 9; t++) {
        sim_time at = ats[t % 3];
        past_case(&ln, mean, t % 2 ? 0.6 : 0.95, t % 2 ? 0.95 : 0.6, at, t);
        past_case(&ex, 16384, t % 2 ? 0.6 : 0.95, t % 2 ? 0.95 : 0.6, at, t);
    }
}

Test(writes, evenly_spaced_past_matches_a_write_by_write_simulation)
{
    /* Uniform sizes, evenly spaced: the grid's warm-up; and exponential
     * ones: the tree started 2^52 µs before 0. */
    dist u;
    err_msg e;
    cr_assert_eq(dist_uniform(&u, 2000, 60000, true, &e), ERR_OK);
    wr_params grid = {20, dist_mean(&u), 0, true, &u, true};
    wr_params tree = {20, 16384, 16384.0 * 16384, true, NULL, true};
    for (uint64_t t = 0; t < 6; t++) {
        sim_time at = t % 2 ? SIM_SEC : 20 * SIM_HOUR + 99;
        past_case(&grid, dist_mean(&u), 0.9, 0.5, at, t);
        past_case(&tree, 16384, 0.5, 0.9, at, t);
    }
}

/* Pearson's two-sample chi-square statistic over bins 0..nbins-1. */
static double chi_square_2(const double *a, const double *b, int nbins)
{
    double na = 0, nb = 0, x2 = 0;
    for (int k = 0; k < nbins; k++) {
        na += a[k];
        nb += b[k];
    }
    for (int k = 0; k < nbins; k++) {
        double pooled = (a[k] + b[k]) / (na + nb);
        double ea = na * pooled, eb = nb * pooled;
        if (ea > 0)
            x2 += (a[k] - ea) * (a[k] - ea) / ea;
        if (eb > 0)
            x2 += (b[k] - eb) * (b[k] - eb) / eb;
    }
    return x2;
}

/* The reference: the same M/G/1 queue simulated write by write, with its own
 * random numbers and its own sampler of the sizes (exp(mu + sigma Z), Z by
 * Box-Muller): Poisson arrivals, FIFO, completion_i = max(arrival_i,
 * completion_i-1) + size_i / bandwidth. After an hour's warm-up it records
 * the writes not yet fully shipped at instants 10 s apart (busy periods last
 * well under a second here: the samples are independent). */
static void reference_mg1(double lambda, double mu, double sigma, double bandwidth, int samples,
                          double *hist, int nbins)
{
    rng r = rng_stream(424242, 1, 2);
    double t = 0, done = 0, next_sample = 3600;
    /* Completion instants of the writes not yet shipped, oldest first. */
    size_t cap = 1 << 16, head = 0, len = 0;
    double *pending = malloc(cap * sizeof *pending);
    int taken = 0;
    while (taken < samples) {
        t += -log(rng_unit_open(&r)) / lambda;
        while (next_sample < t && taken < samples) {
            while (len > 0 && pending[head] <= next_sample) {
                head = (head + 1) % cap;
                len--;
            }
            int bin = len < (size_t)nbins - 1 ? (int)len : nbins - 1;
            hist[bin]++;
            taken++;
            next_sample += 10;
        }
        double u1 = rng_unit_open(&r), u2 = rng_unit(&r);
        double z = sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2);
        double size = exp(mu + sigma * z);
        done = (done > t ? done : t) + size / bandwidth;
        while (len > 0 && pending[head] <= t) {
            head = (head + 1) % cap;
            len--;
        }
        cr_assert_lt(len, cap);
        pending[(head + len++) % cap] = done;
    }
    free(pending);
}

Test(writes, lognormal_sizes_match_an_independent_simulation)
{
    /* README.md "Validation", 5: Poisson writes at 100/s of lognormal sizes
     * (p50 16 KiB, p99 256 KiB) through a link at load 0.85. The number of
     * writes not yet replicated at a random instant, from the stream (each
     * trial its own realisation, an instant drawn uniformly in a day) and
     * from the write-by-write reference: the same law by Pearson's
     * homogeneity test (21 bins, 20 degrees of freedom, 99 % quantile
     * 37.566). The sizes' gamma stand-in of the same mean and variance
     * (P(N = 1) 0.077 against 0.1025) fails it with a statistic in the
     * hundreds. */
    dist d = lognormal_16k();
    const double lambda = 100, rho = 0.85, mean = dist_mean(&d), bw = lambda * mean / rho;
    enum { NBINS = 21, SAMPLES = 20000 };
    double ours[NBINS] = {0}, ref[NBINS] = {0};
    wr_stream *s = wr_create();
    wr_params p = {lambda, mean, 0, false, &d, true};
    rng pick = rng_stream(5, 6, 7);
    for (int t = 0; t < SAMPLES; t++) {
        wr_reset(s, &p, 2024, (uint64_t)t, 3, SIM_DAY);
        sim_time at = 1 + (sim_time)(rng_unit(&pick) * (double)(SIM_DAY - 1));
        wr_backlog b;
        cr_assert_eq(wr_backlog_at(s, bw, at, &b), ERR_OK);
        ours[b.writes < NBINS - 1 ? b.writes : NBINS - 1]++;
    }
    reference_mg1(lambda, d.a, d.b, bw, SAMPLES, ref, NBINS);
    double x2 = chi_square_2(ours, ref, NBINS);
    cr_assert_lt(x2, 37.566,
                 "chi-square %.2f over %d bins: P(N=0) %.4f vs %.4f, P(N=1) %.4f vs %.4f", x2,
                 NBINS, ours[0] / SAMPLES, ref[0] / SAMPLES, ours[1] / SAMPLES, ref[1] / SAMPLES);
    wr_destroy(s);
}

/* P(no arrival during one write's shipping) = E[exp(-lambda X / B)] =
 * E[exp(-rho X / E X)] for lognormal X, by the midpoint rule over the
 * normal (40,000 steps on [-10, 10]: far below the test's tolerance). */
static double lognormal_k0(double sigma, double rho)
{
    double sum = 0, h = 20.0 / 40000;
    for (int i = 0; i < 40000; i++) {
        double z = -10 + (i + 0.5) * h;
        sum += exp(-rho * exp(sigma * z - sigma * sigma / 2)) * exp(-z * z / 2) * h;
    }
    return sum / sqrt(6.283185307179586);
}

Test(writes, lognormal_p_one_not_replicated_is_exact)
{
    /* M/G/1 (Pollaczek-Khinchine, embedded at departures, and PASTA): P(N =
     * 0) = 1 - rho and P(N = 1) = (1 - rho)(1 / k0 - 1), k0 the chance that
     * no write arrives while one is shipped. 0.10250 for these sizes at
     * load 0.85. Each estimate within its 99 % interval. */
    dist d = lognormal_16k();
    const double lambda = 100, rho = 0.85, mean = dist_mean(&d), bw = lambda * mean / rho;
    const int trials = 100000;
    double p1 = (1 - rho) * (1 / lognormal_k0(d.b, rho) - 1), p0 = 1 - rho;
    cr_assert(fabs(p1 - 0.10250) < 1e-4, "P(N = 1) exact %.5f", p1);
    wr_stream *s = wr_create();
    wr_params p = {lambda, mean, 0, false, &d, true};
    rng pick = rng_stream(8, 9, 10);
    double ones = 0, zeros = 0;
    for (int t = 0; t < trials; t++) {
        wr_reset(s, &p, 77, (uint64_t)t, 4, SIM_DAY);
        sim_time at = 1 + (sim_time)(rng_unit(&pick) * (double)(SIM_DAY - 1));
        wr_backlog b;
        cr_assert_eq(wr_backlog_at(s, bw, at, &b), ERR_OK);
        ones += b.writes == 1;
        zeros += b.writes == 0;
    }
    double se1 = sqrt(p1 * (1 - p1) / trials), se0 = sqrt(p0 * (1 - p0) / trials);
    cr_assert(fabs(ones / trials - p1) < 2.576 * se1, "P(N = 1) %.5f, exact %.5f (+-%.5f)",
              ones / trials, p1, 2.576 * se1);
    cr_assert(fabs(zeros / trials - p0) < 2.576 * se0, "P(N = 0) %.5f, exact %.5f (+-%.5f)",
              zeros / trials, p0, 2.576 * se0);
    wr_destroy(s);
}

/* Mean and tail of the writes not replicated at `at` over `trials` trials of
 * a stationary M/M/1 stream at load rho, and their 99 % checks. */
static void mm1_at(double rho, sim_time at, int trials, uint64_t seed, double bw_scale)
{
    const double lambda = 100, size = 16384, bw = lambda * size / rho;
    const int n_tail = 19;
    double sum = 0, sum2 = 0, tail = 0;
    wr_stream *s = wr_create();
    wr_params p = {lambda, size, size * size, false, NULL, true};
    for (int t = 0; t < trials; t++) {
        wr_reset(s, &p, seed, (uint64_t)t, 5, SIM_DAY);
        wr_backlog b;
        if (bw_scale > 0) /* a faster link asked first, on the same writes */
            cr_assert_eq(wr_backlog_at(s, bw * bw_scale, at, &b), ERR_OK);
        cr_assert_eq(wr_backlog_at(s, bw, at, &b), ERR_OK);
        double n = (double)b.writes;
        sum += n;
        sum2 += n * n;
        tail += b.writes >= (uint64_t)n_tail;
    }
    double mean = sum / trials, sd = sqrt(sum2 / trials - mean * mean);
    double expect = rho / (1 - rho), half = 2.576 * sd / sqrt(trials);
    cr_assert(fabs(mean - expect) < half,
              "rho %.2f at %ld µs: mean writes not replicated %.3f, M/M/1 %.3f (+-%.3f)", rho,
              (long)at, mean, expect, half);
    double p_tail = tail / trials, p_expect = pow(rho, n_tail);
    double se = sqrt(p_expect * (1 - p_expect) / trials);
    cr_assert(fabs(p_tail - p_expect) < 2.576 * se, "rho %.2f: P(N >= %d) = %.4f, rho^n = %.4f",
              rho, n_tail, p_tail, p_expect);
    wr_destroy(s);
}

Test(writes, stationary_from_the_first_second)
{
    /* README.md "Validation", 3, at t = 1 s: an M/M/1 link at load 0.95 holds
     * rho / (1 - rho) = 19 writes on average, P(N >= n) = rho^n, already then
     * (starting empty at 0 it held 8.4). And at a microsecond. */
    mm1_at(0.95, SIM_SEC, 20000, 61, 0);
    mm1_at(0.8, 1, 20000, 62, 0);
}

Test(writes, a_slower_link_after_a_faster_one_keeps_its_law)
{
    /* Two links on the same writes: asking the faster first (load 0.5) makes
     * the slower one's past agree with it by rejection; the slower one's
     * count must still follow M/M/1 at 0.9. */
    mm1_at(0.9, SIM_SEC, 20000, 63, 0.9 / 0.5);
}

Test(writes, sizes_follow_the_stated_law)
{
    /* The writes of a window of each trial, sorted into the ten deciles of
     * the lognormal: Pearson's test against equal shares (9 degrees of
     * freedom, 99 % quantile 21.666). The writes of one busy period are
     * drawn by the ladder construction, those around it in idle/busy cycles
     * and in the free future: all must show the stated law. */
    dist d = lognormal_16k();
    const double lambda = 100, mean = dist_mean(&d), bw = lambda * mean / 0.9;
    double hist[10] = {0}, n = 0;
    wr_stream *s = wr_create();
    wr_params p = {lambda, mean, 0, false, &d, true};
    for (uint64_t t = 0; t < 40; t++) {
        wr_reset(s, &p, 99, t, 1, SIM_DAY);
        wr_backlog b;
        cr_assert_eq(wr_backlog_at(s, bw, 5 * SIM_HOUR, &b), ERR_OK);
        write_list w = enumerate_range(s, 5 * SIM_HOUR - 30 * SIM_SEC, 5 * SIM_HOUR + 30 * SIM_SEC);
        for (size_t i = 0; i < w.n; i++) {
            double z = (log(w.size[i]) - d.a) / d.b;
            int k = (int)floor(10 * 0.5 * erfc(-z / sqrt(2.0)));
            hist[k < 0 ? 0 : k > 9 ? 9 : k]++;
            n++;
        }
        free(w.t);
        free(w.size);
    }
    double x2 = 0;
    for (int k = 0; k < 10; k++)
        x2 += (hist[k] - n / 10) * (hist[k] - n / 10) / (n / 10);
    cr_assert_gt(n, 100000);
    cr_assert_lt(x2, 21.666, "chi-square %.2f over %g writes", x2, n);
    wr_destroy(s);
}

Test(writes, a_new_replication_starts_empty)
{
    /* Not stationary (the reverse copy after a failover): no writes before
     * 0, the link empty at 0, for the tree and for the explicit past. */
    dist d = lognormal_16k();
    wr_params ln = {50, dist_mean(&d), 0, false, &d, false};
    wr_params ex = {50, 16384, 16384.0 * 16384, false, NULL, false};
    const wr_params *ps[] = {&ln, &ex};
    for (int k = 0; k < 2; k++) {
        wr_stream *s = wr_create();
        wr_reset(s, ps[k], 1, 2, 3, SIM_HOUR);
        uint64_t c;
        double b;
        cr_assert_eq(wr_count(s, -SIM_HOUR, 0, &c, &b), ERR_OK);
        cr_assert_eq(c, 0);
        sim_time first;
        cr_assert_eq(wr_next_after(s, -SIM_HOUR, &first), ERR_OK);
        cr_assert_gt(first, 0);
        /* The backlog at the first write is that write alone. */
        wr_backlog q;
        cr_assert_eq(wr_backlog_at(s, 1e3, first, &q), ERR_OK);
        cr_assert_eq(q.writes, 1);
        cr_assert_eq(q.oldest, first);
        wr_destroy(s);
    }
}

Test(writes, the_same_questions_give_the_same_answers)
{
    /* The explicit past is drawn as questions need it: the same questions
     * in the same order must find the same writes. */
    dist d = lognormal_16k();
    wr_params p = {100, dist_mean(&d), 0, false, &d, true};
    wr_backlog q[2];
    uint64_t c[2];
    double b[2];
    for (int k = 0; k < 2; k++) {
        wr_stream *s = wr_create();
        wr_reset(s, &p, 5, 6, 7, SIM_DAY);
        cr_assert_eq(wr_backlog_at(s, 4e6, 3 * SIM_HOUR, &q[k]), ERR_OK);
        cr_assert_eq(wr_count(s, 0, 3 * SIM_HOUR + SIM_SEC, &c[k], &b[k]), ERR_OK);
        wr_destroy(s);
    }
    cr_assert_eq(q[0].writes, q[1].writes);
    cr_assert_eq(q[0].oldest, q[1].oldest);
    cr_assert_eq(q[0].work, q[1].work);
    cr_assert_eq(c[0], c[1]);
    cr_assert_eq(b[0], b[1]);
}

/* The questions of a trial on a lognormal stream: two links (the slower
 * second: a rejection), windows before 0 and far back (chunks drawn in idle
 * and busy cycles, some dropped and drawn again), the next write. Returns
 * the first error. */
static err_code past_questions(wr_stream *s, const dist *d)
{
    /* 20 writes/s over minutes, not 200/s over hours: the same paths (idle
     * and busy cycles, a rejection, chunks dropped and drawn again) with a
     * few thousand writes, so that running them once per allocation stays
     * quick under the sanitizers. */
    wr_params p = {20, dist_mean(d), 0, false, d, true};
    wr_reset(s, &p, 3, 4, 5, 2 * SIM_DAY);
    wr_backlog b;
    uint64_t c;
    double by;
    sim_time next;
    double bw = 20 * dist_mean(d);
    err_code rc = wr_backlog_at(s, bw / 0.6, 10 * SIM_MIN, &b);
    if (rc == ERR_OK)
        rc = wr_backlog_at(s, bw / 0.97, 10 * SIM_MIN, &b);
    if (rc == ERR_OK)
        rc = wr_count(s, -SIM_MIN, 10 * SIM_MIN + SIM_MIN, &c, &by);
    if (rc == ERR_OK)
        rc = wr_next_after(s, 20 * SIM_MIN, &next);
    if (rc == ERR_OK)
        rc = wr_backlog_at(s, bw / 0.9, 5 * SIM_MIN, &b);
    return rc;
}

Test(writes, out_of_memory_is_an_error_not_a_crash)
{
    /* Every allocation of those questions made to fail in turn: each ends
     * in ERR_NOMEM or succeeds, and the stream is released cleanly (under
     * the sanitizers, without a leak). The last run needs no failure. */
    dist d = lognormal_16k();
    wr_stream *s = wr_create();
    mem_fail_reset();
    cr_assert_eq(past_questions(s, &d), ERR_OK);
    unsigned long needed = mem_allocations();
    wr_destroy(s);
    cr_assert_gt(needed, 5);
    for (unsigned long n = 1; n <= needed + 1; n++) {
        mem_fail_reset();
        mem_fail_after(n);
        wr_stream *t = wr_create();
        err_code rc = t == NULL ? ERR_NOMEM : past_questions(t, &d);
        bool failed = mem_failed() != 0;
        mem_fail_reset();
        cr_assert(rc == ERR_OK || rc == ERR_NOMEM, "allocation %lu: %s", n, err_name(rc));
        cr_assert(rc == ERR_OK || failed, "allocation %lu: an error without a failure", n);
        wr_destroy(t);
    }
}
