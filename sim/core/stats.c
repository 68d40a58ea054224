/*
 * stats.c — streaming summary statistics (see stats.h for every definition).
 *
 * Invariant of the accumulator: values arrive in ascending order, so the
 * k-th push is the k-th order statistic; the neighbours each type 7 quantile
 * needs are caught as they go by. Mean and sd use Welford's update over the
 * finite values, in that (sorted, hence deterministic) order.
 */
#include "sim/core/stats.h"

#include "sim/core/err.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const double quantile_p[4] = {0.50, 0.90, 0.95, 0.99};

/* floor((n - 1) p), with a little fuzz so that e.g. 100 * 0.95 lands on 95
 * and not on 94.999... (as R's quantile does). */
static uint64_t quantile_lo(uint64_t n, double p, double *frac)
{
    double h = (double)(n - 1) * p;
    double lo = floor(h + 1e-9);
    double f = h - lo;
    *frac = f > 0 ? f : 0;
    return (uint64_t)lo;
}

static double interpolate(double lo, double hi, double frac)
{
    if (frac == 0)
        return lo;
    if (isinf(hi) || isinf(lo))
        return isinf(hi) ? hi : lo;
    return lo + frac * (hi - lo);
}

void stats_begin(stats_acc *acc, uint64_t n)
{
    memset(acc, 0, sizeof *acc);
    acc->n = n;
    acc->min = acc->max = NAN;
    for (int j = 0; j < 4; j++) {
        double frac;
        acc->lo_at[j] = n ? quantile_lo(n, quantile_p[j], &frac) : 0;
        acc->lo[j] = acc->hi[j] = HUGE_VAL;
    }
}

void stats_push(stats_acc *acc, double x)
{
    if (acc->seen >= acc->n)
        return;
    uint64_t i = acc->seen++;
    if (i == 0)
        acc->min = x;
    acc->max = x;
    for (int j = 0; j < 4; j++) {
        if (i == acc->lo_at[j])
            acc->lo[j] = x;
        else if (i == acc->lo_at[j] + 1)
            acc->hi[j] = x;
    }
    if (isfinite(x)) {
        acc->finite++;
        double delta = x - acc->sum_mean;
        acc->sum_mean += delta / (double)acc->finite;
        acc->m2 += delta * (x - acc->sum_mean);
    }
}

void stats_end(const stats_acc *acc, stats_agg *out)
{
    memset(out, 0, sizeof *out);
    out->n = acc->n;
    out->n_finite = acc->finite;
    out->mean = out->sd = out->ci_lo = out->ci_hi = NAN;
    out->min = out->max = NAN;
    out->p50 = out->p90 = out->p95 = out->p99 = NAN;
    if (acc->n == 0)
        return;
    out->min = acc->seen ? acc->min : HUGE_VAL;
    out->max = acc->seen == acc->n ? acc->max : HUGE_VAL;
    double *q[4] = {&out->p50, &out->p90, &out->p95, &out->p99};
    for (int j = 0; j < 4; j++) {
        double frac;
        quantile_lo(acc->n, quantile_p[j], &frac);
        *q[j] = interpolate(acc->lo[j], acc->hi[j], frac);
    }
    uint64_t m = acc->finite;
    if (m >= 1)
        out->mean = acc->sum_mean;
    if (m >= 2) {
        out->sd = sqrt(acc->m2 / (double)(m - 1));
        double half = stats_t975(m - 1) * out->sd / sqrt((double)m);
        out->ci_lo = out->mean - half;
        out->ci_hi = out->mean + half;
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void stats_of_array(double *values, size_t n, stats_agg *out)
{
    if (n > 1)
        qsort(values, n, sizeof *values, cmp_double);
    stats_acc acc;
    stats_begin(&acc, n);
    for (size_t i = 0; i < n; i++)
        stats_push(&acc, values[i]);
    stats_end(&acc, out);
}

double stats_quantile(const double *sorted, size_t n, double p)
{
    if (n == 0)
        return NAN;
    double frac;
    uint64_t lo = quantile_lo(n, p, &frac);
    if (lo >= n - 1)
        return sorted[n - 1];
    return interpolate(sorted[lo], sorted[lo + 1], frac);
}

/* Student's t, 0.975 quantile, df = 1..30 (to 9 decimals). */
static const double t975[30] = {
    12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836, 2.446911851,
    2.364624252,  2.306004135, 2.262157163, 2.228138852, 2.200985160, 2.178812830,
    2.160368656,  2.144786688, 2.131449546, 2.119905299, 2.109815578, 2.100922040,
    2.093024054,  2.085963447, 2.079613845, 2.073873068, 2.068657610, 2.063898562,
    2.059538553,  2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456,
};

double stats_t975(uint64_t df)
{
    if (df == 0)
        return NAN;
    if (df <= 30)
        return t975[df - 1];
    /* Anchors beyond the table, interpolated linearly in 1/df (the t quantile
     * is very nearly linear in 1/df there); 1/df = 0 is the normal. */
    static const double at[4] = {30, 40, 60, 120};
    static const double tv[5] = {2.042272456, 2.021075390, 2.000297822, 1.979930405,
                                 1.959963985};
    double x = 1.0 / (double)df;
    for (int i = 0; i < 4; i++) {
        double x0 = 1.0 / at[i];
        double x1 = i < 3 ? 1.0 / at[i + 1] : 0.0;
        if (x <= x0 && x >= x1)
            return tv[i + 1] + (tv[i] - tv[i + 1]) * (x - x1) / (x0 - x1);
    }
    return tv[4];
}

static const char *const stat_names[STATS_NSTATS] = {"n",   "mean", "sd",  "min", "p50",
                                                     "p90", "p95",  "p99", "max"};

int stats_stat_find(const char *name)
{
    for (int i = 0; i < STATS_NSTATS; i++)
        if (strcmp(stat_names[i], name) == 0)
            return i;
    return -1;
}

const char *stats_stat_name(stats_stat s)
{
    return NEVER((unsigned)s >= STATS_NSTATS) ? "?" : stat_names[s];
}

double stats_stat_level(stats_stat s)
{
    static const double levels[STATS_NSTATS] = {
        [STATS_N] = NAN,    [STATS_MEAN] = NAN, [STATS_SD] = NAN,
        [STATS_MIN] = 0.0,  [STATS_P50] = 0.5,  [STATS_P90] = 0.9,
        [STATS_P95] = 0.95, [STATS_P99] = 0.99, [STATS_MAX] = 1.0,
    };
    return (unsigned)s < STATS_NSTATS ? levels[s] : (double)NAN;
}

size_t stats_stat_list(char *buf, size_t n)
{
    size_t used = 0;
    for (int i = 0; i < STATS_NSTATS; i++) {
        int k = snprintf(buf + (used < n ? used : n), used < n ? n - used : 0, "%s%s",
                         i ? ", " : "", stat_names[i]);
        used += k > 0 ? (size_t)k : 0;
    }
    return used;
}

double stats_get(const stats_agg *a, stats_stat s)
{
    switch (s) {
    case STATS_N:    return (double)a->n;
    case STATS_MEAN: return a->mean;
    case STATS_SD:   return a->sd;
    case STATS_MIN:  return a->min;
    case STATS_P50:  return a->p50;
    case STATS_P90:  return a->p90;
    case STATS_P95:  return a->p95;
    case STATS_P99:  return a->p99;
    case STATS_MAX:  return a->max;
    case STATS_NSTATS: break;
    }
    NEVER(true); /* every statistic returns above */
    return NAN;
}
