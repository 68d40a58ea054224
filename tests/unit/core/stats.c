/*
 * stats.c — the summary statistics against values computed by hand:
 * type 7 percentiles, sample sd, the t-based confidence interval, and the
 * treatment of absent values (infinite for percentiles, left out of means).
 */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim/core/stats.h"

#define EPS 1e-9

Test(stats, five_values_by_hand)
{
    double v[5] = {500, 100, 300, 200, 400};
    stats_agg a;
    stats_of_array(v, 5, &a);
    cr_assert_eq(a.n, 5);
    cr_assert_float_eq(a.mean, 300, EPS);
    /* deviations -200 -100 0 100 200: sum of squares 100000, / 4 */
    cr_assert_float_eq(a.sd, sqrt(25000.0), EPS);
    cr_assert_float_eq(a.min, 100, EPS);
    cr_assert_float_eq(a.max, 500, EPS);
    /* h = 4p: p50 -> x[2]; p90 -> x[3] + 0.6 (x[4] - x[3]); ... */
    cr_assert_float_eq(a.p50, 300, EPS);
    cr_assert_float_eq(a.p90, 460, EPS);
    cr_assert_float_eq(a.p95, 480, EPS);
    cr_assert_float_eq(a.p99, 496, EPS);
    /* t(0.975, 4) = 2.776445105; half-width = t * sd / sqrt(5) */
    double half = 2.776445105 * sqrt(25000.0) / sqrt(5.0);
    cr_assert_float_eq(a.ci_lo, 300 - half, 1e-6);
    cr_assert_float_eq(a.ci_hi, 300 + half, 1e-6);
}

Test(stats, infinity_dominates_the_upper_percentiles_and_leaves_the_mean)
{
    double v[5] = {10, 20, 30, 40, INFINITY};
    stats_agg a;
    stats_of_array(v, 5, &a);
    cr_assert_eq(a.n, 5);
    cr_assert_eq(a.n_finite, 4);
    cr_assert_float_eq(a.mean, 25, EPS);
    cr_assert_float_eq(a.sd, sqrt(500.0 / 3.0), EPS);
    cr_assert_float_eq(a.p50, 30, EPS);
    cr_assert(isinf(a.p90) && a.p90 > 0);
    cr_assert(isinf(a.max));
    cr_assert_float_eq(a.min, 10, EPS);
}

Test(stats, exact_positions_do_not_touch_an_infinite_neighbour)
{
    /* n = 101: p50 is x[50], p90 x[90], p95 x[95], p99 x[99] exactly; x[100]
     * infinite does not leak into p99. */
    double v[101];
    for (int i = 0; i < 100; i++)
        v[i] = i;
    v[100] = INFINITY;
    stats_agg a;
    stats_of_array(v, 101, &a);
    cr_assert_float_eq(a.p50, 50, EPS);
    cr_assert_float_eq(a.p90, 90, EPS);
    cr_assert_float_eq(a.p95, 95, EPS);
    cr_assert_float_eq(a.p99, 99, EPS);
}

Test(stats, one_and_zero_values)
{
    double v[1] = {7};
    stats_agg a;
    stats_of_array(v, 1, &a);
    cr_assert_float_eq(a.p99, 7, EPS);
    cr_assert_float_eq(a.mean, 7, EPS);
    cr_assert(isnan(a.sd) && isnan(a.ci_lo));
    stats_of_array(NULL, 0, &a);
    cr_assert_eq(a.n, 0);
    cr_assert(isnan(a.mean) && isnan(a.p50) && isnan(a.max));
}

Test(stats, quantile_matches_r_type_7)
{
    /* R: quantile(c(1, 2, 4, 8), c(.25, .5, .9), type = 7) = 1.75 3.00 6.80 */
    double v[4] = {1, 2, 4, 8};
    cr_assert_float_eq(stats_quantile(v, 4, 0.25), 1.75, EPS);
    cr_assert_float_eq(stats_quantile(v, 4, 0.5), 3.0, EPS);
    cr_assert_float_eq(stats_quantile(v, 4, 0.9), 6.8, EPS);
    cr_assert_float_eq(stats_quantile(v, 4, 1.0), 8.0, EPS);
}

Test(stats, t_quantiles)
{
    cr_assert_float_eq(stats_t975(1), 12.706204736, 1e-9);
    cr_assert_float_eq(stats_t975(30), 2.042272456, 1e-9);
    cr_assert_float_eq(stats_t975(60), 2.000297822, 1e-9);
    /* qt(0.975, 50) = 2.008559; interpolation in 1/df is within 1e-4 */
    cr_assert_float_eq(stats_t975(50), 2.008559112, 1e-4);
    cr_assert_float_eq(stats_t975(1000000), 1.959963985, 1e-5);
}

Test(stats, stat_names_round_trip)
{
    for (int s = 0; s < STATS_NSTATS; s++)
        cr_assert_eq(stats_stat_find(stats_stat_name((stats_stat)s)), s);
    cr_assert_eq(stats_stat_find("p42"), -1);
    char list[128];
    cr_assert_eq(stats_stat_list(list, sizeof list),
                 strlen("n, mean, sd, min, p50, p90, p95, p99, max"));
    cr_assert_str_eq(list, "n, mean, sd, min, p50, p90, p95, p99, max");
    char small[8];
    cr_assert_eq(stats_stat_list(small, sizeof small), strlen(list),
                 "the length needed, as snprintf");
    cr_assert_str_eq(small, "n, mean");
}

/* A quantile statistic's level is the share of values at or below it,
 * ascending with the statistic; the others have none. */
Test(stats, quantile_levels)
{
    cr_assert(isnan(stats_stat_level(STATS_N)));
    cr_assert(isnan(stats_stat_level(STATS_MEAN)));
    cr_assert(isnan(stats_stat_level(STATS_SD)));
    cr_assert(isnan(stats_stat_level(STATS_NSTATS)));
    cr_assert_eq(stats_stat_level(STATS_MIN), 0.0);
    cr_assert_eq(stats_stat_level(STATS_P50), 0.5);
    cr_assert_eq(stats_stat_level(STATS_P99), 0.99);
    cr_assert_eq(stats_stat_level(STATS_MAX), 1.0);
    for (int s = STATS_MIN + 1; s < STATS_NSTATS; s++)
        cr_assert_gt(stats_stat_level((stats_stat)s), stats_stat_level((stats_stat)(s - 1)));
}

static int ascending(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The radix sort against qsort on values of every kind a metric takes:
 * negative and positive, tiny and huge, zeros of both signs, infinities,
 * repeats, flags (every key sharing most bytes) — and sizes on both sides
 * of the size where it hands over to qsort. */
Test(stats, sort_orders_as_qsort_does)
{
    static const double special[] = {0.0,      -0.0,  1.0,     -1.0,     HUGE_VAL,
                                     -HUGE_VAL, 1e-300, -1e-300, 1e300,   5e-324,
                                     86400.0,   0.5,   DBL_MAX, -DBL_MAX, 3600.25};
    size_t nspecial = sizeof special / sizeof special[0];
    static const size_t sizes[] = {0, 1, 2, 255, 256, 257, 5000};
    uint64_t x = 0x9e3779b97f4a7c15u;
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        for (int kind = 0; kind < 3; kind++) {
            size_t n = sizes[s];
            double *v = malloc((n + 1) * sizeof *v), *w = malloc((n + 1) * sizeof *w);
            cr_assert(v != NULL && w != NULL);
            for (size_t i = 0; i < n; i++) {
                x ^= x << 13, x ^= x >> 7, x ^= x << 17; /* xorshift64 */
                if (kind == 0) /* anything */
                    v[i] = i % 3 == 0 ? special[x % nspecial]
                                      : ((double)(x >> 11) / 9007199254740992.0 - 0.5) *
                                            pow(10.0, (double)(x % 40) - 20);
                else if (kind == 1) /* a flag */
                    v[i] = (double)(x & 1);
                else /* whole seconds */
                    v[i] = (double)(x % 100000);
            }
            memcpy(w, v, n * sizeof *v);
            stats_sort(v, n);
            qsort(w, n, sizeof *w, ascending);
            for (size_t i = 0; i < n; i++)
                cr_assert(v[i] == w[i], "n %zu kind %d: at %zu %g, qsort %g", n, kind, i, v[i],
                          w[i]);
            free(v);
            free(w);
        }
    }
}
