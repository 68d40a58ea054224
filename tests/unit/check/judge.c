/*
 * judge.c — verdicts that do not flap: a rule whose threshold is the true
 * value of its statistic is judged over 400 seeds. Judged on the estimate
 * alone it passes about half the time and fails the other half; judged on
 * the interval it is inconclusive at least 95 % of the time (the
 * order-statistic interval covers the true percentile with probability at
 * least 95 %), and a decided verdict of either kind comes at most 2.5 % of
 * the time each, within the binomial error of 400 seeds. And a rule well
 * clear of the truth is decided the same way for every seed.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "reports/check/judge.h"
#include "sim/kernel/rng.h"

#define SEEDS 400
#define N 500
#define Z99 2.576

/* N exponential values of mean 1 (median ln 2), summarised at 95 %. */
static void sample(uint64_t seed, stats_agg *a)
{
    rng r;
    rng_seed(&r, seed, 3);
    double v[N];
    for (int i = 0; i < N; i++)
        v[i] = -log(rng_unit_open(&r));
    stats_of_array_at(v, N, 0.95, a);
}

static store_expectation judge(const stats_agg *a, stats_stat s, oc_op op, double thr)
{
    store_expectation x = {.threshold = thr, .observed = stats_get(a, s)};
    judge_verdict(&x, a, s, op);
    return x;
}

Test(judge, a_threshold_at_the_truth_is_inconclusive_not_flipping)
{
    int pass = 0, fail = 0, inconclusive = 0, point_pass = 0;
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        stats_agg a;
        sample(seed, &a);
        store_expectation x = judge(&a, STATS_P50, OC_OP_LE, log(2.0));
        cr_assert(!(x.pass && x.inconclusive));
        pass += x.pass;
        inconclusive += x.inconclusive;
        fail += !x.pass && !x.inconclusive;
        point_pass += oc_compare(a.p50, OC_OP_LE, log(2.0));
        cr_assert(x.level == 0.95 && x.observed_lo <= x.observed && x.observed <= x.observed_hi);
    }
    double se = sqrt(0.05 * 0.95 / SEEDS);
    cr_assert_gt((double)inconclusive / SEEDS, 0.95 - Z99 * se, "inconclusive %d of %d",
                 inconclusive, SEEDS);
    double se_tail = sqrt(0.025 * 0.975 / SEEDS);
    cr_assert_lt((double)pass / SEEDS, 0.025 + Z99 * se_tail, "pass %d", pass);
    cr_assert_lt((double)fail / SEEDS, 0.025 + Z99 * se_tail, "fail %d", fail);
    /* What the estimate alone would have done: a coin toss. */
    cr_assert(point_pass > SEEDS / 3 && point_pass < 2 * SEEDS / 3, "point pass %d", point_pass);
}

Test(judge, a_threshold_clear_of_the_truth_is_decided_alike_for_every_seed)
{
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        stats_agg a;
        sample(seed, &a);
        /* The median's interval at N = 500 is about +/- 0.09 around 0.69. */
        store_expectation hi = judge(&a, STATS_P50, OC_OP_LE, 1.0);
        store_expectation lo = judge(&a, STATS_P50, OC_OP_LE, 0.4);
        cr_assert(hi.pass && !hi.inconclusive, "seed %lu", (unsigned long)seed);
        cr_assert(!lo.pass && !lo.inconclusive, "seed %lu", (unsigned long)seed);
        /* max has no interval: judged on the value, always decided. */
        store_expectation mx = judge(&a, STATS_MAX, OC_OP_LE, a.max);
        cr_assert(mx.pass && !mx.inconclusive && isnan(mx.level));
        /* == and != state what every trial does: judged on the value. */
        store_expectation eq = judge(&a, STATS_MEAN, OC_OP_EQ, 0);
        cr_assert(!eq.pass && !eq.inconclusive);
    }
}

/* The mean's interval decides a >= rule the same way. */
Test(judge, a_mean_near_its_threshold_is_inconclusive)
{
    stats_agg a;
    sample(7, &a);
    store_expectation x = judge(&a, STATS_MEAN, OC_OP_GE, a.mean);
    cr_assert(x.inconclusive && !x.pass, "a threshold at the estimate itself");
    cr_assert_float_eq(x.observed_lo, a.ci_lo, 1e-12);
    cr_assert_float_eq(x.observed_hi, a.ci_hi, 1e-12);
}
