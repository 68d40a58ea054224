/*
 * baseline.c — baseline comparisons on synthetic runs.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/check/baseline.h"
#include "tests/support/helpers.h"
#include "tests/support/store_fixture.h"

static void init(void)
{
    store_global_init();
}

TestSuite(baseline, .init = init);

static base_report compare_runs(const sf_run *base_run, const sf_run *cur_run, double tol)
{
    const char *dir = th_tmpdir();
    char bp[512], cp[512];
    snprintf(bp, sizeof bp, "%s/base.db", dir);
    snprintf(cp, sizeof cp, "%s/cur.db", dir);
    sf_write_run(bp, base_run);
    int64_t id = sf_write_run(cp, cur_run);
    store *b = NULL, *c = NULL;
    err_msg e;
    cr_assert_eq(store_open(bp, STORE_READ, &b, &e), ERR_OK);
    cr_assert_eq(store_open(cp, STORE_READ, &c, &e), ERR_OK);
    base_report r;
    cr_assert_eq(base_compare(c, id, b, tol, &r, &e), ERR_OK, "%s", e.text);
    store_close(b);
    store_close(c);
    return r;
}

Test(baseline, identical_runs_pass)
{
    sf_run r = {.trials = 40};
    base_report rep = compare_runs(&r, &r, 0.05);
    cr_assert_eq(rep.mode, BASE_IDENTICAL);
    cr_assert_eq(rep.n, 2);
    cr_assert_eq(rep.regressions, 0);
    cr_assert_str_eq(rep.findings[0].message, "40 trials identical to the baseline");
    base_report_free(&rep);
}

Test(baseline, any_different_trial_is_a_regression)
{
    sf_run base = {.trials = 40}, cur = {.trials = 40, .scale = 1.001};
    base_report rep = compare_runs(&base, &cur, 0.05);
    cr_assert_eq(rep.mode, BASE_IDENTICAL);
    cr_assert_eq(rep.regressions, 2);
    cr_assert(strstr(rep.findings[1].message, "trials differ") != NULL, "%s",
              rep.findings[1].message);
    cr_assert(strstr(rep.findings[1].detail, "trial 0: rto 1800 -> 1801.7") != NULL, "%s",
              rep.findings[1].detail);
    base_report_free(&rep);
}

Test(baseline, another_seed_is_judged_within_a_tolerance)
{
    sf_run base = {.trials = 40, .seed = 1}, near = {.trials = 40, .seed = 2, .scale = 1.04},
           far = {.trials = 40, .seed = 2, .scale = 1.10};
    base_report rep = compare_runs(&base, &near, 0.05);
    cr_assert_eq(rep.mode, BASE_TOLERANCE);
    cr_assert_eq(rep.regressions, 0);
    cr_assert_gt(rep.n, 10);
    base_report_free(&rep);
    rep = compare_runs(&base, &far, 0.05);
    cr_assert_eq(rep.mode, BASE_TOLERANCE);
    /* RTO p50 and p95 of asr and wait are 10% worse (wait's p95 is never: equal). */
    size_t rto = 0;
    for (size_t i = 0; i < rep.n; i++)
        if (rep.findings[i].failed) {
            cr_assert(strncmp(rep.findings[i].name, "rto.", 4) == 0, "%s",
                      rep.findings[i].message);
            rto++;
        }
    cr_assert_eq(rto, 3);
    base_report_free(&rep);
}

Test(baseline, no_baseline_run_is_not_a_failure)
{
    sf_run base = {.trials = 5, .scenario = "other"}, cur = {.trials = 5};
    base_report rep = compare_runs(&base, &cur, 0.05);
    cr_assert_eq(rep.mode, BASE_NONE);
    cr_assert_eq(rep.regressions, 0);
    base_report_free(&rep);
}
