/*
 * intervals.c — the confidence intervals drsim puts on its figures, checked
 * against reference values and by their coverage: 2,000 repetitions of a
 * small case whose true value is known, each from its own PCG32 stream; the
 * share of intervals that hold the true value must be the nominal level
 * within the binomial error of 2,000 repetitions (2.576 standard errors),
 * plus, for the discrete intervals (Wilson, order statistics), their known
 * conservative excess stated in each test.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "sim/core/stats.h"
#include "sim/kernel/rng.h"

#define REPS 2000
#define Z99 2.576

/* The binomial error of a coverage share c over REPS repetitions. */
static double coverage_se(double c)
{
    return sqrt(c * (1 - c) / REPS);
}

Test(intervals, normal_and_t_quantiles_match_tables)
{
    /* Reference values: R's qnorm and qt. */
    cr_assert_float_eq(stats_normal_quantile(0.975), 1.959963984540054, 1e-12);
    cr_assert_float_eq(stats_normal_quantile(0.995), 2.575829303548901, 1e-12);
    cr_assert_float_eq(stats_normal_quantile(0.5), 0, 1e-15);
    cr_assert_float_eq(stats_normal_quantile(1e-6), -4.753424308822899, 1e-10);
    cr_assert(isnan(stats_normal_quantile(0)) && isnan(stats_normal_quantile(1)));
    cr_assert_float_eq(stats_t_quantile(0.975, 1), 12.70620473617471, 1e-8);
    cr_assert_float_eq(stats_t_quantile(0.975, 10), 2.228138851986274, 1e-9);
    cr_assert_float_eq(stats_t_quantile(0.995, 5), 4.032142983557536, 1e-9);
    /* Cornish-Fisher to 1/df^2: z + (z^3 + z) / 4df + (5z^5 + 16z^3 + 3z) /
     * 96df^2 = 1.6463788 at df = 1000 (the next term is below 1e-8). */
    cr_assert_float_eq(stats_t_quantile(0.95, 1000), 1.6463788, 1e-7);
    cr_assert_float_eq(stats_t_quantile(0.025, 10), -2.228138851986274, 1e-9);
    for (uint64_t df = 1; df <= 30; df++)
        cr_assert_float_eq(stats_t_quantile(0.975, df), stats_t975(df), 1e-8, "df %lu",
                           (unsigned long)df);
}

Test(intervals, wilson_matches_its_formula)
{
    /* 10 of 100 at 95 %: (0.05523, 0.17437) (Wilson 1927; R's prop.test
     * without continuity correction). */
    double lo, hi;
    stats_wilson(10, 100, 0.95, &lo, &hi);
    cr_assert_float_eq(lo, 0.0552291, 1e-6);
    cr_assert_float_eq(hi, 0.1743657, 1e-6);
    stats_wilson(0, 50, 0.95, &lo, &hi); /* never [0, 0]: */
    cr_assert_eq(lo, 0);
    cr_assert_float_eq(hi, 0.0713476, 1e-6);
    stats_wilson(0, 0, 0.95, &lo, &hi);
    cr_assert(isnan(lo) && isnan(hi));
}

/* The ranks by hand: n = 100, p = 0.5, 95 %: P(B <= 39) = 0.0176,
 * P(B <= 40) = 0.0284, so l = 40 (P(B < 40) <= 0.025); P(B <= 59) =
 * 0.9716, P(B <= 60) = 0.9824, so u = 61 (P(B <= 60) >= 0.975). p99 of
 * 100 values has no upper bound among them. */
Test(intervals, order_statistic_ranks_by_hand)
{
    int64_t l, u;
    stats_rank_interval(100, 0.5, 0.95, &l, &u);
    cr_assert_eq(l, 40);
    cr_assert_eq(u, 61);
    stats_rank_interval(100, 0.99, 0.95, &l, &u);
    cr_assert_eq(u, 101, "p99 of 100 values: no upper bound (got %ld)", (long)u);
    /* The normal approximation beyond 200,000 values agrees with the exact
     * tails just below it within a rank or two. */
    int64_t l1, u1, l2, u2;
    stats_rank_interval(200000, 0.99, 0.95, &l1, &u1);
    stats_rank_interval(200001, 0.99, 0.95, &l2, &u2);
    cr_assert(llabs(l1 - l2) <= 2 && llabs(u1 - u2) <= 2, "exact %ld..%ld, normal %ld..%ld",
              (long)l1, (long)u1, (long)l2, (long)u2);
}

static double exponential(rng *r)
{
    return -log(rng_unit_open(r));
}

/* Means: exponential values (a skewed law, as RTOs are), n = 200, mean 1.
 * Student's t is not exact there; at n = 200 its coverage is within a
 * point of the nominal level. */
Test(intervals, the_mean_interval_covers_at_its_level)
{
    double levels[2] = {0.95, 0.80};
    for (int k = 0; k < 2; k++) {
        int covered = 0;
        for (int rep = 0; rep < REPS; rep++) {
            rng r;
            rng_seed(&r, 1000 + (uint64_t)rep, 7);
            double v[200];
            for (int i = 0; i < 200; i++)
                v[i] = exponential(&r);
            stats_agg a;
            stats_of_array_at(v, 200, levels[k], &a);
            covered += a.ci_lo <= 1 && 1 <= a.ci_hi;
        }
        double c = (double)covered / REPS, want = levels[k];
        cr_assert(fabs(c - want) < Z99 * coverage_se(want) + 0.01,
                  "level %.2f: coverage %.4f", want, c);
    }
}

/* Percentiles: the order-statistic interval of p50 and p90 of 300
 * exponential values (true quantiles -log(1 - p)). It is exact in law, so
 * its coverage is at least the level; discreteness adds at most a few
 * points at n = 300. */
Test(intervals, the_percentile_interval_covers_at_least_its_level)
{
    double ps[2] = {0.5, 0.9};
    int js[2] = {0, 1};
    for (int k = 0; k < 2; k++) {
        double truth = -log(1 - ps[k]);
        int covered = 0;
        for (int rep = 0; rep < REPS; rep++) {
            rng r;
            rng_seed(&r, 5000 + (uint64_t)rep, 11);
            double v[300];
            for (int i = 0; i < 300; i++)
                v[i] = exponential(&r);
            stats_agg a;
            stats_of_array_at(v, 300, 0.95, &a);
            covered += a.q_lo[js[k]] <= truth && truth <= a.q_hi[js[k]];
        }
        double c = (double)covered / REPS;
        cr_assert(c > 0.95 - Z99 * coverage_se(0.95), "p%.0f: coverage %.4f", 100 * ps[k], c);
        cr_assert(c < 0.95 + Z99 * coverage_se(0.95) + 0.02, "p%.0f: coverage %.4f too "
                  "conservative", 100 * ps[k], c);
    }
}

/* Shares: 0/1 flags with p = 0.3, n = 200; Wilson's coverage there is
 * within a point of 95 %. */
Test(intervals, the_wilson_interval_covers_at_its_level)
{
    int covered = 0;
    for (int rep = 0; rep < REPS; rep++) {
        rng r;
        rng_seed(&r, 9000 + (uint64_t)rep, 13);
        uint64_t k = 0;
        for (int i = 0; i < 200; i++)
            k += rng_unit(&r) < 0.3;
        double lo, hi;
        stats_wilson(k, 200, 0.95, &lo, &hi);
        covered += lo <= 0.3 && 0.3 <= hi;
    }
    double c = (double)covered / REPS;
    cr_assert(fabs(c - 0.95) < Z99 * coverage_se(0.95) + 0.01, "coverage %.4f", c);
}
