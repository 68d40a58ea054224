/*
 * wstats.c — the figures of stratified samples: by hand on a small sample,
 * and the intervals' coverage over 2,000 stratified samples of a law whose
 * true share, mean and percentile are known in closed form.
 *
 * Coverage bounds: 2,000 repetitions of a 95 % interval cover the truth a
 * Binomial(2000, 0.95) number of times, standard error sqrt(0.95 * 0.05 /
 * 2000) = 0.49 %; the tests accept 95 % -/+ 3 standard errors (1.46 %), so a
 * right method fails about 3 runs in 1,000 — and the seeds are fixed, so it
 * never flaps.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/core/wstats.h"
#include "sim/kernel/rng.h"

#define EPS 1e-12
#define REPS 2000
#define COVER_SE (3 * 0.0048734)

/* Three strata like an outage's: likely, less likely, rare. */
static const double prob3[3] = {0.7, 0.2999, 0.0001};

static wstats_strata design3(const uint64_t trials[3])
{
    wstats_strata ss = {.n = 3};
    for (int s = 0; s < 3; s++) {
        ss.prob[s] = prob3[s];
        ss.trials[s] = trials[s];
    }
    return ss;
}

Test(wstats, figures_by_hand)
{
    /* Stratum 0 (P = 0.75): 1, 3; stratum 1 (P = 0.25): 10, 20.
     * Weights 0.375 each, 0.125 each. */
    wstats_strata ss = {.n = 2, .prob = {0.75, 0.25}, .trials = {2, 2}};
    wstats_value v[4] = {{20, 0, 1}, {1, 0, 0}, {10, 0, 1}, {3, 0, 0}};
    stats_agg a;
    wstats_summary(v, 4, &ss, 0.95, false, &a);
    cr_assert(a.weighted);
    cr_assert_eq(a.n, 4);
    /* mean = 0.375 * (1 + 3) + 0.125 * (10 + 20) = 1.5 + 3.75 */
    cr_assert_float_eq(a.mean, 5.25, EPS);
    cr_assert_float_eq(a.min, 1, EPS);
    cr_assert_float_eq(a.max, 20, EPS);
    /* cumulative weights 0.375, 0.75, 0.875, 1: p50 is 3, p90 and up 20 */
    cr_assert_float_eq(a.p50, 3, EPS);
    cr_assert_float_eq(a.p90, 20, EPS);
    /* Linearised variance: z = (x - 5.25) per trial (W = 1);
     * stratum 0: z = -4.25, -2.25, sample variance 2; stratum 1: 4.75,
     * 14.75, variance 50. V = 0.75^2 * 2 / 2 + 0.25^2 * 50 / 2 = 2.125;
     * df = 4 - 2 = 2, t = 4.302652730. */
    double half = 4.302652730 * sqrt(2.125);
    cr_assert_float_eq(a.ci_hi - a.mean, half, 1e-6);
    cr_assert_float_eq(a.mean - a.ci_lo, half, 1e-6);
}

Test(wstats, one_stratum_share_is_wilson)
{
    /* One stratum of probability 1: a plain sample; the share's interval
     * is Wilson's (its variance p(1 - p)/(n - 1) gives n - 1 effective
     * trials: 30 of 100, n* = 99). */
    wstats_strata ss = {.n = 1, .prob = {1}, .trials = {100}};
    wstats_value v[100];
    for (int k = 0; k < 100; k++)
        v[k] = (wstats_value){k < 30 ? 1 : 0, 0, 0};
    double mean, lo, hi;
    wstats_mean(v, 100, &ss, 0.95, true, &mean, &lo, &hi);
    cr_assert_float_eq(mean, 0.3, EPS);
    double z = 1.959963984540054, n = 99, z2n = z * z / n;
    double c = (0.3 + z2n / 2) / (1 + z2n);
    double h = z / (1 + z2n) * sqrt(0.21 / n + z2n / (4 * n));
    cr_assert_float_eq(lo, c - h, 1e-9);
    cr_assert_float_eq(hi, c + h, 1e-9);
}

/* A stratified sample of 0/1 flags with P(1) = pi[s] in stratum s. */
static void draw_flags(rng *r, const uint64_t trials[3], const double pi[3], wstats_value *v,
                       size_t *n)
{
    *n = 0;
    for (uint32_t s = 0; s < 3; s++)
        for (uint64_t k = 0; k < trials[s]; k++)
            v[(*n)++] = (wstats_value){rng_unit(r) < pi[s] ? 1 : 0, 0, s};
}

Test(wstats, share_interval_covers_at_its_level)
{
    const uint64_t trials[3] = {300, 300, 300};
    const double pi[3] = {0.02, 0.3, 0.6};
    double truth = 0;
    for (int s = 0; s < 3; s++)
        truth += prob3[s] * pi[s];
    wstats_strata ss = design3(trials);
    wstats_value *v = malloc(900 * sizeof *v);
    rng r;
    rng_seed(&r, 2024, 1);
    int covered = 0;
    for (int rep = 0; rep < REPS; rep++) {
        size_t n;
        draw_flags(&r, trials, pi, v, &n);
        double mean, lo, hi;
        wstats_mean(v, n, &ss, 0.95, true, &mean, &lo, &hi);
        covered += lo <= truth && truth <= hi;
    }
    free(v);
    double cover = (double)covered / REPS;
    cr_assert(fabs(cover - 0.95) <= COVER_SE, "share interval covered %.4f", cover);
}

/* Exponential values of mean mu[s] in stratum s. */
static void draw_exp(rng *r, const uint64_t trials[3], const double mu[3], wstats_value *v,
                     size_t *n)
{
    *n = 0;
    for (uint32_t s = 0; s < 3; s++)
        for (uint64_t k = 0; k < trials[s]; k++)
            v[(*n)++] = (wstats_value){-mu[s] * log(rng_unit_open(r)), 0, s};
}

static const double mu3[3] = {1, 4, 50};

/* The mixture's CDF and its p-quantile (bisection to 1e-12). */
static double mix_cdf(double x)
{
    double f = 0;
    for (int s = 0; s < 3; s++)
        f += prob3[s] * (1 - exp(-x / mu3[s]));
    return f;
}

static double mix_quantile(double p)
{
    double lo = 0, hi = 1e4;
    for (int i = 0; i < 200; i++) {
        double mid = (lo + hi) / 2;
        if (mix_cdf(mid) < p)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}

Test(wstats, mean_and_percentile_intervals_cover_at_their_level)
{
    const uint64_t trials[3] = {400, 300, 300};
    double truth_mean = 0;
    for (int s = 0; s < 3; s++)
        truth_mean += prob3[s] * mu3[s];
    double truth_p90 = mix_quantile(0.90), truth_p50 = mix_quantile(0.50);
    wstats_strata ss = design3(trials);
    wstats_value *v = malloc(1000 * sizeof *v);
    rng r;
    rng_seed(&r, 2025, 2);
    int mean_in = 0, p50_in = 0, p90_in = 0;
    for (int rep = 0; rep < REPS; rep++) {
        size_t n;
        draw_exp(&r, trials, mu3, v, &n);
        stats_agg a;
        wstats_summary(v, n, &ss, 0.95, false, &a);
        mean_in += a.ci_lo <= truth_mean && truth_mean <= a.ci_hi;
        p50_in += a.q_lo[0] <= truth_p50 && truth_p50 <= a.q_hi[0];
        p90_in += a.q_lo[1] <= truth_p90 && truth_p90 <= a.q_hi[1];
    }
    free(v);
    double cm = (double)mean_in / REPS, c50 = (double)p50_in / REPS, c90 = (double)p90_in / REPS;
    cr_assert(fabs(cm - 0.95) <= COVER_SE, "mean interval covered %.4f", cm);
    cr_assert(fabs(c50 - 0.95) <= COVER_SE, "p50 interval covered %.4f", c50);
    cr_assert(fabs(c90 - 0.95) <= COVER_SE, "p90 interval covered %.4f", c90);
}
