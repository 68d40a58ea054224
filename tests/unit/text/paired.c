/*
 * paired.c — the paired differences compare reports, checked by their
 * coverage: 1,000 repetitions of a small case whose true difference is
 * known, each from its own PCG32 stream; the share of intervals holding the
 * true difference must be the nominal 95 % within the binomial error of
 * 1,000 repetitions (2.576 standard errors), plus what each test states of
 * its method's known small-sample error. Then the two cases compare exists
 * for: identical variants are not distinguishable, and a difference of
 * several standard errors is.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "reports/text/paired.h"
#include "sim/kernel/rng.h"
#include "sim/kernel/variates.h"

#define REPS 1000
#define Z99 2.576
#define LEVEL 0.95

static double coverage_tolerance(void)
{
    return Z99 * sqrt(LEVEL * (1 - LEVEL) / REPS);
}

static double exponential(rng *r)
{
    return -log(rng_unit_open(r));
}

/* The mean of the per-trial differences: a_k exponential (mean 1), b_k =
 * a_k + d_k with d_k normal (0.3, 1). The differences are normal, so
 * Student's interval on them is exact: coverage 95 % within the binomial
 * error. Unpaired (Welch on the two samples, which takes them for
 * independent) it ignores their correlation: wider, and covering more than
 * its level — the pairing is what narrows it. */
Test(paired, the_mean_difference_covers_at_its_level)
{
    enum { N = 30 };
    int covered = 0, covered_welch = 0;
    double width = 0, width_welch = 0;
    for (int rep = 0; rep < REPS; rep++) {
        rng r;
        rng_seed(&r, 5000 + (uint64_t)rep, 11);
        double a[N], b[N];
        for (int k = 0; k < N; k++) {
            a[k] = exponential(&r);
            b[k] = a[k] + 0.3 + vrt_normal(&r);
        }
        pair_diff d[PAIR_NSTATS], u[PAIR_NSTATS];
        err_msg e;
        cr_assert_eq(pair_compare_values(a, N, b, N, OC_RTO, LEVEL, true, d, &e), ERR_OK);
        cr_assert_eq(pair_compare_values(a, N, b, N, OC_RTO, LEVEL, false, u, &e), ERR_OK);
        covered += d[PAIR_MEAN].lo <= 0.3 && 0.3 <= d[PAIR_MEAN].hi;
        covered_welch += u[PAIR_MEAN].lo <= 0.3 && 0.3 <= u[PAIR_MEAN].hi;
        width += d[PAIR_MEAN].hi - d[PAIR_MEAN].lo;
        width_welch += u[PAIR_MEAN].hi - u[PAIR_MEAN].lo;
    }
    double c = (double)covered / REPS, cw = (double)covered_welch / REPS;
    cr_log_info("mean difference: coverage %.4f paired, %.4f Welch", c, cw);
    cr_assert(fabs(c - LEVEL) < coverage_tolerance(), "paired coverage %.4f", c);
    cr_assert(cw > LEVEL + coverage_tolerance(), "Welch coverage %.4f", cw);
    /* Var(b - a) = 1 against Var(a) + Var(b) = 1 + 2 = 3 apart: about
     * sqrt(3) times wider unpaired. */
    cr_assert(width_welch / width > 1.5 && width_welch / width < 2.0, "width ratio %.3f",
              width_welch / width);
}

/* A share: a_k a 0/1 flag with P = 0.3, b_k = a_k or a second flag of P =
 * 0.2, so P(b) - P(a) = 0.7 * 0.2 = 0.14. The per-trial differences are
 * 0/1; Student's interval on 200 of them is the normal one up to its
 * skewness, which at n = 200 costs at most a point of coverage (added to
 * the tolerance below). */
Test(paired, the_share_difference_covers_at_its_level)
{
    enum { N = 200 };
    int covered = 0;
    for (int rep = 0; rep < REPS; rep++) {
        rng r;
        rng_seed(&r, 7000 + (uint64_t)rep, 13);
        double a[N], b[N];
        for (int k = 0; k < N; k++) {
            a[k] = rng_unit(&r) < 0.3;
            b[k] = a[k] == 1 || rng_unit(&r) < 0.2;
        }
        pair_diff d[PAIR_NSTATS];
        err_msg e;
        cr_assert_eq(pair_compare_values(a, N, b, N, OC_FAILED_OVER, LEVEL, true, d, &e), ERR_OK);
        covered += d[PAIR_MEAN].lo <= 0.14 && 0.14 <= d[PAIR_MEAN].hi;
    }
    double c = (double)covered / REPS;
    cr_log_info("share difference: coverage %.4f", c);
    cr_assert(fabs(c - LEVEL) < coverage_tolerance() + 0.01, "coverage %.4f", c);
}

/* Percentiles by the paired bootstrap: a_k exponential, b_k = 2 a_k, so
 * the true p50 difference is ln 2 and the p95 one ln 20. The percentile
 * bootstrap of a quantile from 200 values is first-order accurate: its
 * coverage may miss the level by a few points (the order-statistic
 * intervals of tests/unit/kernel/intervals.c are exact, the bootstrap is
 * not), so the tolerance adds 2 points to the binomial error — and a
 * bootstrap that ignored the pairing, or resampled badly, misses by far
 * more. */
Test(paired, the_bootstrap_percentile_differences_cover_near_their_level)
{
    enum { N = 200 };
    int covered[2] = {0, 0};
    for (int rep = 0; rep < REPS; rep++) {
        rng r;
        rng_seed(&r, 9000 + (uint64_t)rep, 17);
        double a[N], b[N];
        for (int k = 0; k < N; k++) {
            a[k] = exponential(&r);
            b[k] = 2 * a[k];
        }
        pair_diff d[PAIR_NSTATS];
        err_msg e;
        cr_assert_eq(pair_compare_values(a, N, b, N, OC_RTO, LEVEL, true, d, &e), ERR_OK);
        covered[0] += d[PAIR_P50].lo <= log(2.0) && log(2.0) <= d[PAIR_P50].hi;
        covered[1] += d[PAIR_P95].lo <= log(20.0) && log(20.0) <= d[PAIR_P95].hi;
    }
    for (int j = 0; j < 2; j++) {
        double c = (double)covered[j] / REPS;
        cr_log_info("%s difference: coverage %.4f", j ? "p95" : "p50", c);
        cr_assert(fabs(c - LEVEL) < coverage_tolerance() + 0.02, "%s coverage %.4f",
                  j ? "p95" : "p50", c);
    }
}

/* Identical variants: every difference 0 with an interval of [0, 0], not
 * distinguishable, and nothing to separate (trials_needed 0). A shift of
 * six standard errors of the mean is distinguishable. */
Test(paired, identical_variants_are_not_distinguishable_and_a_clear_shift_is)
{
    enum { N = 100 };
    rng r;
    rng_seed(&r, 42, 19);
    double a[N], b[N];
    for (int k = 0; k < N; k++)
        a[k] = b[k] = exponential(&r);
    pair_diff d[PAIR_NSTATS];
    err_msg e;
    cr_assert_eq(pair_compare_values(a, N, b, N, OC_RTO, LEVEL, true, d, &e), ERR_OK);
    for (int j = 0; j < PAIR_NSTATS; j++) {
        cr_assert_eq(d[j].diff, 0, "stat %d", j);
        cr_assert(!d[j].distinguishable, "stat %d", j);
    }
    for (int k = 0; k < N; k++)
        b[k] = a[k] + 0.6 + 0.1 * vrt_normal(&r); /* sd of the mean: 0.01 */
    cr_assert_eq(pair_compare_values(a, N, b, N, OC_RTO, LEVEL, true, d, &e), ERR_OK);
    cr_assert(d[PAIR_MEAN].distinguishable && d[PAIR_MEAN].lo > 0.55 && d[PAIR_MEAN].hi < 0.65,
              "[%g, %g]", d[PAIR_MEAN].lo, d[PAIR_MEAN].hi);
}
