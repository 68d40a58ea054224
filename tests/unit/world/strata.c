/*
 * strata.c — stratified sampling over the outages (models/scenario/strata.h)
 * and the world's trials drawn in each stratum.
 *
 * The rare-event case is the one stratification is for: a zone outage that
 * destroys its zone once in 3,333 outages, an LRS account in a zone drawn
 * per trial, so the data is lost for good in 1 outage of 10,000 exactly
 * (0.0003 x 1/3). Stratified, 20,000 trials measure that share to within
 * 10 % at 95 %; plain sampling of the same 20,000 trials sees about two
 * losses and cannot.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/scenario/strata.h"
#include "sim/core/stats.h"
#include "sim/core/wstats.h"
#include "tests/support/fixture.h"

/* One zone outage in a zone drawn per trial (3 zones), destroying it with
 * probability d; an LRS account in a zone drawn per trial. */
static void zone_world(fx *f, double d, scn_strata how)
{
    fx_init(f);
    scn_account *a = fx_account(f, "data", SCN_LRS);
    a->zone = 0;
    a->writes.rate = fx_const(1);
    scn_outage *o = fx_outage(f, SCN_SCOPE_ZONE, fx_uniform(3600, 86400), fx_const(14400), d);
    o->zone = 0;
    f->w.horizon = 2 * 86400;
    f->w.strata = how;
    f->w.strata_even = 0.5;
}

static strata *make(const fx *f)
{
    strata *s = NULL;
    err_msg e;
    cr_assert_eq(strata_create(&f->w, &s, &e), ERR_OK, "%s", e.text);
    cr_assert_not_null(s);
    return s;
}

Test(strata, probabilities_are_the_outcomes_products_and_sum_to_one)
{
    fx f;
    zone_world(&f, 0.0003, SCN_STRATA_OUTAGES);
    f.outages[0].probability = fx_const(0.5);
    strata *s = make(&f);
    /* absent; then transient and destructive in each of 3 zones */
    cr_assert_eq(strata_count(s), 7);
    double sum = 0, share = 0;
    for (uint32_t k = 0; k < 7; k++) {
        sum += strata_probability(s, k);
        share += strata_share(s, k);
    }
    cr_assert_float_eq(sum, 1, 1e-12);
    cr_assert_float_eq(share, 1, 1e-12);
    cr_assert_float_eq(strata_probability(s, 0), 0.5, 1e-15);
    cr_assert_float_eq(strata_probability(s, 1), 0.5 * 0.9997 / 3, 1e-15);
    cr_assert_float_eq(strata_probability(s, 2), 0.5 * 0.0003 / 3, 1e-15);
    /* share = 0.5 p + 0.5 / 7 */
    cr_assert_float_eq(strata_share(s, 2), 0.5 * 0.5 * 0.0003 / 3 + 0.5 / 7, 1e-15);
    uint32_t zone = 9;
    cr_assert_eq(strata_outage(s, 0, 0, &zone), STRATA_ABSENT);
    cr_assert_eq(strata_outage(s, 4, 0, &zone), STRATA_DESTRUCTIVE);
    cr_assert_eq(zone, 2);
    char label[200];
    strata_label(s, 4, &f.w, label, sizeof label);
    cr_assert_str_eq(label, "outage 1 (westeurope, zone 2): destructive");
    strata_destroy(s);
}

Test(strata, any_run_of_trials_fills_each_stratum_to_its_share)
{
    fx f;
    zone_world(&f, 0.0003, SCN_STRATA_OUTAGES);
    strata *s = make(&f);
    static const uint64_t ns[3] = {1000, 20000, 100000};
    for (int j = 0; j < 3; j++) {
        uint64_t count[STRATA_MAX] = {0};
        for (uint64_t t = 0; t < ns[j]; t++)
            count[strata_of_trial(s, t)]++;
        /* A Weyl sequence's discrepancy is O(log N / N): a handful of trials. */
        for (uint32_t k = 0; k < strata_count(s); k++)
            cr_assert(fabs((double)count[k] - strata_share(s, k) * (double)ns[j]) <= 8,
                      "N = %llu: stratum %u has %llu trials, its share %.1f",
                      (unsigned long long)ns[j], k, (unsigned long long)count[k],
                      strata_share(s, k) * (double)ns[j]);
    }
    strata_destroy(s);
}

Test(strata, an_outage_drawn_from_a_distribution_is_not_stratified)
{
    fx f;
    zone_world(&f, 0.0003, SCN_STRATA_OUTAGES);
    f.outages[0].probability = fx_uniform(0.2, 0.8);
    strata *s = make(&f);
    cr_assert_eq(strata_count(s), 1);
    uint32_t zone = 0;
    cr_assert_eq(strata_outage(s, 0, 0, &zone), STRATA_FREE);
    strata_destroy(s);
}

Test(strata, more_than_64_strata_are_refused)
{
    fx f;
    zone_world(&f, 0.0003, SCN_STRATA_OUTAGES);
    /* 7 x 7 x 7 = 343 */
    for (int k = 0; k < 2; k++) {
        scn_outage *o = fx_outage(&f, SCN_SCOPE_ZONE, fx_const(3600), fx_const(3600), 0.1);
        o->zone = 0;
        o->probability = fx_const(0.5);
    }
    f.outages[0].probability = fx_const(0.5);
    strata *s = NULL;
    err_msg e;
    cr_assert_eq(strata_create(&f.w, &s, &e), ERR_INPUT);
    cr_assert_null(s);
    cr_assert(strstr(e.text, "more than 64 strata") != NULL, "%s", e.text);
}

/* Trial k of a stratified world does what its stratum says. */
Test(strata, each_trial_meets_its_stratum)
{
    fx f;
    zone_world(&f, 0.5, SCN_STRATA_OUTAGES);
    f.outages[0].probability = fx_const(0.5);
    strata *s = make(&f);
    enum { N = 400 };
    oc_trial *t = malloc(N * sizeof *t);
    fx_run(&f, 3, N, t);
    for (size_t k = 0; k < N; k++) {
        uint32_t zone = 0;
        cr_assert_eq(t[k].stratum, (int32_t)strata_of_trial(s, k));
        strata_fate fate = strata_outage(s, (uint32_t)t[k].stratum, 0, &zone);
        bool disrupted = t[k].value[OC_DISRUPTED] == 1;
        /* The account's zone is drawn apart: an outage may miss it, but an
         * absent one never disrupts. */
        if (fate == STRATA_ABSENT)
            cr_assert(!disrupted, "trial %zu", k);
        if (fate != STRATA_DESTRUCTIVE)
            cr_assert_eq(t[k].value[OC_DATA_LOST_ALL], 0, "trial %zu", k);
        /* The trial's destroyed flag is its stratum's fate. */
        cr_assert(t[k].present[OC_DESTROYED]);
        cr_assert_eq(t[k].value[OC_DESTROYED] == 1, fate == STRATA_DESTRUCTIVE, "trial %zu", k);
    }
    free(t);
    strata_destroy(s);
}

/* The share of data_lost_all over n trials, weighted by their strata (a
 * plain sample when ss is NULL: Wilson's interval). */
static void lost_share(const oc_trial *t, size_t n, const strata *s, double *est, double *lo,
                       double *hi)
{
    if (s == NULL) {
        uint64_t k = 0;
        for (size_t i = 0; i < n; i++)
            k += t[i].value[OC_DATA_LOST_ALL] == 1;
        *est = (double)k / (double)n;
        stats_wilson(k, n, 0.95, lo, hi);
        return;
    }
    wstats_strata ss = {.n = strata_count(s)};
    wstats_value *v = malloc(n * sizeof *v);
    for (uint32_t k = 0; k < ss.n; k++)
        ss.prob[k] = strata_probability(s, k);
    for (size_t i = 0; i < n; i++) {
        ss.trials[t[i].stratum]++;
        v[i] = (wstats_value){t[i].value[OC_DATA_LOST_ALL], 0, (uint32_t)t[i].stratum};
    }
    wstats_mean(v, n, &ss, 0.95, true, est, lo, hi);
    free(v);
}

Test(strata, a_one_in_ten_thousand_loss_is_measured_within_ten_percent, .timeout = 120)
{
    enum { N = 20000 };
    const double exact = 0.0003 / 3; /* destroyed, and the account's zone */
    oc_trial *t = malloc(N * sizeof *t);
    fx f;

    zone_world(&f, 0.0003, SCN_STRATA_OUTAGES);
    strata *s = make(&f);
    fx_run(&f, 11, N, t);
    double est, lo, hi;
    lost_share(t, N, s, &est, &lo, &hi);
    strata_destroy(s);
    cr_assert(lo <= exact && exact <= hi, "exact %.3g outside [%.3g, %.3g]", exact, lo, hi);
    cr_assert((hi - lo) / 2 <= 0.10 * exact, "half-width %.3g is more than 10%% of %.3g",
              (hi - lo) / 2, exact);
    double strat_half = (hi - lo) / 2;

    /* The same 20,000 trials drawn plainly. */
    zone_world(&f, 0.0003, SCN_STRATA_NONE);
    fx_run(&f, 11, N, t);
    lost_share(t, N, NULL, &est, &lo, &hi);
    cr_assert((hi - lo) / 2 >= 5 * strat_half,
              "plain sampling's half-width %.3g is not far wider than the strata's %.3g",
              (hi - lo) / 2, strat_half);
    cr_assert((hi - lo) / 2 > exact / 2, "plain: %.3g in [%.3g, %.3g]", est, lo, hi);
    free(t);
}
