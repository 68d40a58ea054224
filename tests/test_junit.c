/*
 * test_junit.c — the JUnit writer: well-formed whatever the names hold,
 * parsed back, with the counts and failure text CI servers read; and
 * baseline comparisons on synthetic runs.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "store_fixture.h"
#include "helpers.h"
#include "junit.h"
#include "mem.h"
#include "xmlcheck.h"

Test(junit, hostile_names_give_well_formed_xml)
{
    junit_doc d = {0};
    const char *evil = "x'); DROP TABLE run; -- <script>alert(\"&\")</script>\x01\xff]]>";
    junit_suite *s = junit_suite_add(&d, evil, "2024-01-01T00:00:00Z", 1.5);
    junit_property(&d, s, "seed", "42");
    junit_case_add(&d, s, "drsim.x.asr", "rpo.p99 <= 15m", true, false,
                   "observed 22m 10s, expected <= 15m", "observed: 22m 10s\nexpected: <= 15m");
    junit_case_add(&d, s, evil, evil, false, false, NULL, NULL);
    junit_case_add(&d, s, "drsim.x.baseline", "no baseline", false, true, "no baseline run",
                   NULL);
    char path[512];
    snprintf(path, sizeof path, "%s/junit.xml", th_tmpdir());
    err_msg e;
    cr_assert_eq(junit_write(&d, path, &e), ERR_OK, "%s", e.text);
    junit_free(&d);

    char *xml = th_read_file(path, NULL);
    size_t cases = 0;
    xc_result r = xc_check(xml, "testcase", &cases);
    cr_assert(r.ok, "%s\n%s", r.error, xml);
    cr_assert_eq(cases, 3);
    size_t failures = 0;
    xc_check(xml, "failure", &failures);
    cr_assert_eq(failures, 1);
    char buf[256];
    cr_assert_eq(xc_attr(xml, "testsuites", 0, "failures", buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "1");
    cr_assert_eq(xc_attr(xml, "testsuites", 0, "skipped", buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "1");
    cr_assert_eq(xc_attr(xml, "testsuite", 0, "name", buf, sizeof buf), 0);
    cr_assert(strncmp(buf, "x'); DROP TABLE run; -- <script>alert(\"&\")</script>", 50) == 0,
              "%s", buf);
    cr_assert_eq(xc_attr(xml, "failure", 0, "message", buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "observed 22m 10s, expected <= 15m");
    free(xml);
}

Test(junit, the_checker_rejects_broken_xml)
{
    cr_assert(!xc_check("<a><b></a></b>", NULL, NULL).ok);
    cr_assert(!xc_check("<a x=\"1\" x=\"2\"/>", NULL, NULL).ok);
    cr_assert(!xc_check("<a>&bogus;</a>", NULL, NULL).ok);
    cr_assert(!xc_check("<a>1 < 2</a>", NULL, NULL).ok);
    cr_assert(!xc_check("<a x=\"<\"/>", NULL, NULL).ok);
    cr_assert(!xc_check("<a>\x01</a>", NULL, NULL).ok);
    cr_assert(!xc_check("<a/><b/>", NULL, NULL).ok);
    cr_assert(xc_check("<?xml version=\"1.0\"?>\n<a x='1'>t &amp; &#10;<b/></a>\n", NULL,
                       NULL).ok);
}

Test(junit, writing_to_an_unwritable_place_is_an_io_error)
{
    junit_doc d = {0};
    junit_suite_add(&d, "s", NULL, 0);
    err_msg e;
    cr_assert_eq(junit_write(&d, "/nonexistent-dir/junit.xml", &e), ERR_IO);
    cr_assert(strstr(e.text, "/nonexistent-dir/junit.xml") != NULL);
    junit_free(&d);
}

/* ---- Baselines on synthetic runs ---------------------------------------------- */

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
