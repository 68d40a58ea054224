/*
 * wstats.c — summary statistics of stratified samples (wstats.h).
 *
 * Invariants: per-stratum tallies live in arrays of WSTATS_MAX_STRATA on the
 * stack, indexed by stratum; a value's cum is the total weight of the values
 * up to and including it in sorted order, so cum is non-decreasing and the
 * last one is W.
 */
#include "sim/core/wstats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double wstats_weight(const wstats_strata *ss, uint32_t s)
{
    if (s >= ss->n || ss->trials[s] == 0)
        return 0;
    return ss->prob[s] / (double)ss->trials[s];
}

static int by_value(const void *a, const void *b)
{
    const wstats_value *x = a, *y = b;
    if (x->v != y->v)
        return (x->v > y->v) - (x->v < y->v);
    return (x->stratum > y->stratum) - (x->stratum < y->stratum);
}

double wstats_accumulate(wstats_value *sorted, size_t n, const wstats_strata *ss)
{
    double cum = 0;
    for (size_t k = 0; k < n; k++) {
        cum += wstats_weight(ss, sorted[k].stratum);
        sorted[k].cum = cum;
    }
    return cum;
}

/* The first value whose cumulative weight reaches `target` (the last when
 * rounding leaves every one short). */
static double quantile_at(const wstats_value *sorted, size_t n, double target)
{
    size_t lo = 0, hi = n - 1;
    double slack = 1e-12 * sorted[n - 1].cum;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sorted[mid].cum >= target - slack)
            hi = mid;
        else
            lo = mid + 1;
    }
    return sorted[lo].v;
}

double wstats_quantile(const wstats_value *sorted, size_t n, double p)
{
    if (n == 0)
        return NAN;
    return quantile_at(sorted, n, p * sorted[n - 1].cum);
}

/* The interval of a weighted share (wstats.h): x[s] of m[s] domain trials
 * of stratum s were 1. Wilson's score interval at the effective number of
 * trials p(1 - p) / V (Korn & Graubard, Survey Methodology 24(2), 1998),
 * V the linearised stratified variance; the domain's trial count when V is
 * 0. */
static void share_interval(const wstats_strata *ss, const double *x, const double *m, double z,
                           double *lo, double *hi)
{
    double num = 0, den = 0, trials = 0;
    for (size_t s = 0; s < ss->n; s++) {
        double w = wstats_weight(ss, (uint32_t)s);
        num += w * x[s];
        den += w * m[s];
        trials += m[s];
    }
    if (den <= 0) {
        *lo = *hi = NAN;
        return;
    }
    double r = num / den, var = 0;
    for (size_t s = 0; s < ss->n; s++) {
        double ns = (double)ss->trials[s];
        if (m[s] <= 0 || ns < 2)
            continue;
        double sum_z = (x[s] - r * m[s]) / den;
        double sum_z2 = (x[s] * (1 - r) * (1 - r) + (m[s] - x[s]) * r * r) / (den * den);
        double s2 = (sum_z2 - sum_z * sum_z / ns) / (ns - 1);
        var += ss->prob[s] * ss->prob[s] * (s2 > 0 ? s2 : 0) / ns;
    }
    double n = var > 0 && r > 0 && r < 1 ? r * (1 - r) / var : trials;
    double z2n = z * z / n;
    double center = (r + z2n / 2) / (1 + z2n);
    double half = z / (1 + z2n) * sqrt(r * (1 - r) / n + z2n / (4 * n));
    *lo = fmax(0, center - half);
    *hi = fmin(1, center + half);
}

void wstats_mean(const wstats_value *values, size_t n, const wstats_strata *ss, double level,
                 bool share, double *mean, double *lo, double *hi)
{
    *mean = *lo = *hi = NAN;
    double z = stats_normal_quantile((1 + level) / 2);
    double sum_w = 0, sum_wx = 0;
    double x[WSTATS_MAX_STRATA] = {0}, m[WSTATS_MAX_STRATA] = {0};
    uint64_t finite = 0;
    for (size_t k = 0; k < n; k++) {
        if (!isfinite(values[k].v))
            continue;
        double w = wstats_weight(ss, values[k].stratum);
        sum_w += w;
        sum_wx += w * values[k].v;
        x[values[k].stratum] += values[k].v;
        m[values[k].stratum] += 1;
        finite++;
    }
    if (finite == 0 || sum_w <= 0)
        return;
    double r = sum_wx / sum_w;
    *mean = r;
    if (share) {
        share_interval(ss, x, m, z, lo, hi);
        return;
    }
    /* Linearised: per stratum, the sums of z and z^2 over its domain
     * trials (the others' z is 0). */
    double sz[WSTATS_MAX_STRATA] = {0}, sz2[WSTATS_MAX_STRATA] = {0};
    for (size_t k = 0; k < n; k++) {
        if (!isfinite(values[k].v))
            continue;
        double zk = (values[k].v - r) / sum_w;
        sz[values[k].stratum] += zk;
        sz2[values[k].stratum] += zk * zk;
    }
    double var = 0;
    uint64_t held = 0;
    for (size_t s = 0; s < ss->n; s++) {
        if (m[s] <= 0)
            continue;
        held++;
        double ns = (double)ss->trials[s];
        if (ns < 2)
            continue;
        double s2 = (sz2[s] - sz[s] * sz[s] / ns) / (ns - 1);
        var += ss->prob[s] * ss->prob[s] * (s2 > 0 ? s2 : 0) / ns;
    }
    if (finite <= held)
        return;
    double half = stats_t_quantile((1 + level) / 2, finite - held) * sqrt(var);
    *lo = r - half;
    *hi = r + half;
}

void wstats_summary(wstats_value *values, size_t n, const wstats_strata *ss, double level,
                    bool share, stats_agg *out)
{
    memset(out, 0, sizeof *out);
    out->weighted = true;
    out->level = level;
    out->n = n;
    out->mean = out->sd = out->ci_lo = out->ci_hi = NAN;
    out->min = out->p50 = out->p90 = out->p95 = out->p99 = out->max = NAN;
    for (int j = 0; j < 4; j++)
        out->q_lo[j] = out->q_hi[j] = NAN;
    if (n == 0)
        return;
    qsort(values, n, sizeof *values, by_value);
    double total = wstats_accumulate(values, n, ss);
    out->min = values[0].v;
    out->max = values[n - 1].v;

    /* Mean, sd and the mean's interval, over the finite values. */
    wstats_mean(values, n, ss, level, share, &out->mean, &out->ci_lo, &out->ci_hi);
    double sum_w = 0, sum_wd2 = 0;
    for (size_t k = 0; k < n; k++)
        if (isfinite(values[k].v)) {
            double w = wstats_weight(ss, values[k].stratum), d = values[k].v - out->mean;
            out->n_finite++;
            sum_w += w;
            sum_wd2 += w * d * d;
        }
    if (out->n_finite >= 2 && sum_w > 0)
        out->sd = sqrt(sum_wd2 / sum_w * (double)out->n_finite / (double)(out->n_finite - 1));

    /* Percentiles, and Woodruff's intervals. */
    static const double ps[4] = {0.50, 0.90, 0.95, 0.99};
    double *q[4] = {&out->p50, &out->p90, &out->p95, &out->p99};
    double m[WSTATS_MAX_STRATA] = {0};
    for (size_t k = 0; k < n; k++)
        m[values[k].stratum] += 1;
    double z = stats_normal_quantile((1 + level) / 2);
    for (int j = 0; j < 4; j++) {
        *q[j] = quantile_at(values, n, ps[j] * total);
        double x[WSTATS_MAX_STRATA] = {0};
        for (size_t k = 0; k < n && values[k].v <= *q[j]; k++)
            x[values[k].stratum] += 1;
        double flo, fhi;
        share_interval(ss, x, m, z, &flo, &fhi);
        if (isnan(flo))
            continue;
        double h = (fhi - flo) / 2;
        out->q_lo[j] = ps[j] - h <= 0 ? -HUGE_VAL : quantile_at(values, n, (ps[j] - h) * total);
        out->q_hi[j] = ps[j] + h > 1 ? HUGE_VAL : quantile_at(values, n, (ps[j] + h) * total);
    }
}
