/*
 * stats.h — summary statistics of one metric over the trials of one variant.
 *
 * The accumulator takes values in ascending order, one at a time, and keeps
 * O(1) state: the store streams a metric's values out of SQLite sorted
 * (ORDER BY), so summarising a million trials needs no array of them. The
 * total count must be known up front (stats_begin) so the percentile
 * positions are known before the values go by.
 *
 * Definitions (the documented contract of every figure drsim prints):
 *   n          values in the distribution (present values, plus absent ones
 *              counted as the worst value; see "absent values" below)
 *   mean, sd   over the finite values only; sd is the sample standard
 *              deviation (n - 1 in the denominator); NAN with no finite value
 *              (sd: with fewer than two)
 *   level      the confidence level of the intervals below (0.95 unless
 *              stats_begin_at gave another; 0.5 < level < 1)
 *   ci_lo/hi   confidence interval of that mean: mean -/+ t((1 + level) / 2,
 *              m - 1) * sd / sqrt(m), m finite values, Student's t; NAN when
 *              m < 2. For a share (the mean of 0/1 flags) the caller
 *              replaces it with Wilson's score interval (stats_wilson)
 *   q_lo/q_hi  distribution-free confidence interval of each percentile
 *              (p50, p90, p95, p99): [x(l), x(u)], the l-th and u-th
 *              smallest values (1-based) with l the largest rank such that
 *              P(B < l) <= (1 - level) / 2 and u the smallest such that
 *              P(B >= u) <= (1 - level) / 2, B ~ Binomial(n, p) the number
 *              of values below the true percentile; it covers it with
 *              probability at least `level` for any continuous law
 *              (stats_rank_interval). A rank below 1 gives -infinity, above
 *              n +infinity: too few values to bound the percentile
 *   min, max   the smallest and largest value (infinite values included)
 *   pXX        Hyndman & Fan type 7 (the default of R and NumPy): with the n
 *              values sorted x[0] <= ... <= x[n-1], h = (n - 1) p, and
 *              q = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
 *              When either neighbour is infinite and the weight on it is not
 *              zero, q is that infinity.
 *
 * Absent values: a trial whose metric is absent (SQL NULL) either counts as
 * the worst possible value — +infinity for a lower-is-better metric: RPO
 * absent means the data was lost altogether, RTO absent means service did not
 * return within the horizon — or is left out of the distribution (a flag with
 * nothing to flag, a drill RTO when no drill ran). The metric catalogue
 * (models/outcome.h, absent_is_worst) says which, per metric; the caller
 * pushes +infinity for each absent value that counts. Infinite values take
 * part in percentiles, min and max,
 * and are left out of mean, sd and the confidence interval (a mean over
 * censored values does not exist; the share of them is reported instead).
 *
 * Everything here is pure arithmetic: no allocation, no I/O.
 */
#ifndef DRSIM_STATS_H
#define DRSIM_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>


typedef struct stats_agg {
    uint64_t n;        /* values in the distribution */
    uint64_t n_worst;  /* of them, absent trials counted as the worst value */
    uint64_t n_finite; /* of them, finite values (mean, sd and CI are over these) */
    double mean, sd;
    double ci_lo, ci_hi;
    double min, p50, p90, p95, p99, max;
    double level;
    double q_lo[4], q_hi[4]; /* p50, p90, p95, p99's intervals */
    bool weighted;     /* a stratified sample's figures (sim/core/wstats.h) */
    double worst_share;/* the share of the distribution that is the worst value:
                          n_worst / n, or its weight's share when weighted
                          (set by whoever sets n_worst) */
} stats_agg;

/* The statistics an expectation may name. Their names ("n", "mean", ...,
 * "max") are spelled once, in stats.c: stats_stat_name, stats_stat_find,
 * stats_stat_list. */
typedef enum stats_stat {
    STATS_N = 0,
    STATS_MEAN,
    STATS_SD,
    STATS_MIN,
    STATS_P50,
    STATS_P90,
    STATS_P95,
    STATS_P99,
    STATS_MAX,
    STATS_NSTATS
} stats_stat;

/* The accumulator. Plain value; no ownership. */
typedef struct stats_acc {
    uint64_t n, seen, finite;
    double sum_mean, m2;          /* Welford over the finite values */
    double lo[4], hi[4];          /* neighbours of p50, p90, p95, p99 */
    uint64_t lo_at[4];
    double level;
    int64_t ci_at[4][2];          /* 0-based ranks of each interval's ends
                                     (-1: below the values; >= n: above) */
    double ci[4][2];
    double min, max;
} stats_acc;

/* Starts a summary of exactly n values; intervals at 95 %. */
void stats_begin(stats_acc *acc, uint64_t n);

/* The same, the intervals at `level` (0.5 < level < 1). */
void stats_begin_at(stats_acc *acc, uint64_t n, double level);

/* Adds the next value; values must come in ascending order (infinities
 * allowed, NAN not). Extra values past n are ignored. */
void stats_push(stats_acc *acc, double x);

/* Fills *out (n_worst is left for the caller to set). Values not pushed are
 * taken as +infinity. */
void stats_end(const stats_acc *acc, stats_agg *out);

/* Summarises an array in place (sorts it ascending). For tests and small
 * callers; n may be 0 (every figure NAN). stats_of_array_at: at `level`. */
void stats_of_array(double *values, size_t n, stats_agg *out);
void stats_of_array_at(double *values, size_t n, double level, stats_agg *out);

/* Sorts values[0..n) ascending (no NAN among them): a radix sort on the
 * values' bits, a few times faster than qsort on the thousands of values of
 * a metric (qsort when n is small or no scratch memory can be had). */
void stats_sort(double *values, size_t n);

/* The type 7 quantile p in [0, 1] of sorted[0..n-1]; NAN when n == 0. */
double stats_quantile(const double *sorted, size_t n, double p);

/* t such that P(T <= t) = 0.975 for Student's t with df degrees of freedom
 * (df >= 1; exact table to 30, then interpolated in 1/df to the normal). */
double stats_t975(uint64_t df);

/* The standard normal's quantile: z with P(Z <= z) = p, 0 < p < 1 (Acklam's
 * rational approximation refined by one Halley step: relative error below
 * 1e-12); NAN outside (0, 1). */
double stats_normal_quantile(double p);

/* Student's t quantile: t with P(T <= t) = p for df >= 1 degrees of
 * freedom, 0 < p < 1 (the t CDF through the regularised incomplete beta
 * function, inverted by bisection to 1e-12); NAN outside. */
double stats_t_quantile(double p, uint64_t df);

/* Wilson's score interval for a share: k successes in n trials, at
 * `level`; [NAN, NAN] when n == 0. */
void stats_wilson(uint64_t k, uint64_t n, double level, double *lo, double *hi);

/* The ranks (1-based) of the distribution-free interval of the p-quantile
 * of n values at `level` (definition under q_lo/q_hi above): *l may be 0
 * (no lower bound) and *u n + 1 (no upper bound). Exact binomial tails up
 * to n = 200,000, the normal approximation with continuity correction
 * beyond. */
void stats_rank_interval(uint64_t n, double p, double level, int64_t *l, int64_t *u);

/* The interval of a statistic: true with [*lo, *hi] for mean and the
 * percentiles, false (no interval) for n, sd, min and max. */
bool stats_interval(const stats_agg *a, stats_stat s, double *lo, double *hi);

/* The stat named `name` ("p99"), or -1. */
int stats_stat_find(const char *name);

/* Its name. */
const char *stats_stat_name(stats_stat s);

/* The share of the values a quantile statistic has at or below it: min 0,
 * p50 0.5, p90 0.9, p95 0.95, p99 0.99, max 1; NAN for n, mean and sd. */
double stats_stat_level(stats_stat s);

/* Every statistic's name, comma-separated ("n, mean, ..., max"), for
 * messages; as snprintf. */
size_t stats_stat_list(char *buf, size_t n);

/* One figure of an aggregate. */
double stats_get(const stats_agg *a, stats_stat s);

#endif
