/*
 * run.c — `drsim run` and `drsim check` end to end, on scenario files:
 * determinism (twice, --jobs 1 vs 2, sharded and merged: identical trial,
 * event and expectation rows), expectations and exit codes, JUnit parsed
 * back, baselines, a run killed with SIGKILL or interrupted with SIGINT, and
 * a hostile scenario name stored intact.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "reports/store/store.h"
#include "tests/support/helpers.h"
#include "tests/support/store_fixture.h"
#include "tests/support/xmlcheck.h"

static void init(void)
{
    store_global_init();
}

TestSuite(run, .init = init);

static const char *write_scenario(const char *dir, const char *file, const char *name,
                                  int trials, const char *expect)
{
    return th_scenario(dir, file, name, trials, expect);
}

#define PASSING TH_PASSING
#define FAILING TH_FAILING


Test(run, same_rows_twice_for_any_jobs_and_for_merged_shards)
{
    const char *dir = th_tmpdir();
    const char *scn = write_scenario(dir, "s.yaml", "determinism", 40, PASSING);
    char a[600], b[600], s[3][600], m[600], shard[3][8];
    snprintf(a, sizeof a, "%s/a.db", dir);
    snprintf(b, sizeof b, "%s/b.db", dir);
    snprintf(m, sizeof m, "%s/merged.db", dir);

    const char *run1[] = {"run", scn, "--db", a, "--jobs", "1", "--trace", "5", "--quiet", NULL};
    th_result r = th_drsim_argv(run1, NULL);
    th_expect(&r, 0);
    cr_assert_str_empty(r.out);
    th_result_free(&r);
    r = th_drsim_argv(run1, NULL); /* the same again, run 2 in a.db */
    th_expect(&r, 0);
    th_result_free(&r);
    const char *run2[] = {"run", scn, "--db", b, "--jobs", "2", "--trace", "5", "--quiet", NULL};
    r = th_drsim_argv(run2, NULL);
    th_expect(&r, 0);
    th_result_free(&r);
    for (int k = 0; k < 3; k++) {
        snprintf(s[k], sizeof s[k], "%s/shard%d.db", dir, k + 1);
        snprintf(shard[k], sizeof shard[k], "%d/3", k + 1);
        const char *run3[] = {"run", scn, "--db", s[k], "--jobs", "2", "--trace", "5",
                              "--shard", shard[k], "--quiet", NULL};
        r = th_drsim_argv(run3, NULL);
        th_expect(&r, 0);
        th_result_free(&r);
    }
    const char *merge[] = {"merge", s[2], s[0], s[1], "-o", m, NULL};
    r = th_drsim_argv(merge, NULL);
    th_expect(&r, 0);
    th_result_free(&r);

    char *x = sf_dump_rows(a, 1);
    cr_assert_gt(sf_count(a, "SELECT count(*) FROM event WHERE run_id = 1"), 0, "nothing traced");
    cr_assert_eq(sf_count(a, "SELECT count(*) FROM trial WHERE run_id = 1"), 40 * 6);
    cr_assert_gt(sf_count(a, "SELECT count(*) FROM expectation WHERE run_id = 1"), 0);
    char *y = sf_dump_rows(a, 2), *z = sf_dump_rows(b, 1), *w = sf_dump_rows(m, 1);
    cr_assert_str_eq(x, y, "the same run twice differs");
    cr_assert_str_eq(x, z, "--jobs 1 and --jobs 2 differ");
    cr_assert_str_eq(x, w, "merged shards differ from the unsharded run");
    free(x);
    free(y);
    free(z);
    free(w);
    /* A strategy's name stands for its variants in timeline and compare. */
    const char *tl[] = {"timeline", "1", "--variant", "asr", "--db", a, NULL};
    r = th_drsim_argv(tl, NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "variant asr[monitor=5m], trial 0:") != NULL, "%s", r.out);
    th_result_free(&r);
    const char *cmp[] = {"compare", "1:asr", "--db", a, NULL};
    r = th_drsim_argv(cmp, NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "1:asr[monitor=5m]") && strstr(r.out, "1:asr[monitor=15m]"), "%s",
              r.out);
    th_result_free(&r);

    /* A shard holds its slice: 40 trials in 3 shards = 13, 13, 14. */
    cr_assert_eq(sf_count(s[0], "SELECT trial_first || trial_end FROM run"), 13);
    cr_assert_eq(sf_count(s[0], "SELECT count(*) FROM expectation"), 0);
}

/* A stratified run (sampling.strata) is as deterministic as a plain one:
 * the same trial rows, strata and figures for --jobs 1 and 2 and for
 * merged shards; two identical strategies are not distinguishable in
 * compare (the paired, weighted difference is 0). */
Test(run, a_stratified_run_is_the_same_for_any_jobs_and_merged_shards)
{
    const char *dir = th_tmpdir();
    char scn[600], a[600], b[600], m[600], s[2][600], shard[2][8];
    snprintf(scn, sizeof scn, "%s/strata.yaml", dir);
    cr_assert_eq(th_write_file(scn,
                               "drsim: 1\nname: strata\nseed: 3\ntrials: 600\nhorizon: 2d\n"
                               "sampling: {strata: outages}\n"
                               "storage:\n  - {name: data, region: westeurope, redundancy: LRS,\n"
                               "     writes: {rate: 1/s}}\n"
                               "vms:\n  - {name: web, count: 3, region: westeurope, zone: spread,"
                               " stateless: true}\n"
                               "apps:\n  - {name: shop, tiers: [web], data: [data]}\n"
                               "strategies:\n  - {name: one, kind: wait}\n"
                               "  - {name: two, kind: wait}\n"
                               "outages:\n  - {region: westeurope, scope: zone, at: 1h, "
                               "duration: exponential(mean=4h), probability: 0.5, destructive: 0.01}\n"),
                 0);
    snprintf(a, sizeof a, "%s/a.db", dir);
    snprintf(b, sizeof b, "%s/b.db", dir);
    snprintf(m, sizeof m, "%s/m.db", dir);
    const char *run1[] = {"run", scn, "--db", a, "--jobs", "1", "--quiet", NULL};
    th_result r = th_drsim_argv(run1, NULL);
    th_expect(&r, 0);
    th_result_free(&r);
    const char *run2[] = {"run", scn, "--db", b, "--jobs", "2", "--quiet", NULL};
    r = th_drsim_argv(run2, NULL);
    th_expect(&r, 0);
    th_result_free(&r);
    for (int k = 0; k < 2; k++) {
        snprintf(s[k], sizeof s[k], "%s/s%d.db", dir, k + 1);
        snprintf(shard[k], sizeof shard[k], "%d/2", k + 1);
        const char *run3[] = {"run", scn, "--db", s[k], "--shard", shard[k], "--quiet", NULL};
        r = th_drsim_argv(run3, NULL);
        th_expect(&r, 0);
        th_result_free(&r);
    }
    const char *merge[] = {"merge", s[1], s[0], "-o", m, NULL};
    r = th_drsim_argv(merge, NULL);
    th_expect(&r, 0);
    th_result_free(&r);
    /* absent; transient and destructive in each of 3 zones */
    cr_assert_eq(sf_count(a, "SELECT count(*) FROM stratum WHERE run_id = 1"), 7);
    cr_assert_eq(sf_count(a, "SELECT count(*) FROM trial WHERE stratum IS NULL"), 0);
    char *x = sf_dump_rows(a, 1), *y = sf_dump_rows(b, 1), *z = sf_dump_rows(m, 1);
    cr_assert_str_eq(x, y, "--jobs 1 and --jobs 2 differ");
    cr_assert_str_eq(x, z, "merged shards differ from the unsharded run");
    free(x);
    free(y);
    free(z);
    const char *show[] = {"show", "1", "--db", a, NULL};
    r = th_drsim_argv(show, NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "outage 1 (westeurope, zone 2): destructive") != NULL, "%s", r.out);
    th_result_free(&r);
    const char *md[] = {"report", "1", "--format", "md", "--db", a, NULL};
    r = th_drsim_argv(md, NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "stratified over its outages (7 strata)") != NULL, "%s", r.out);
    th_result_free(&r);
    /* The CSV's weights: 1 on average, and not all 1 (the strata are not
     * sampled in proportion). */
    const char *csv[] = {"report", "1:one", "--format", "csv", "--db", a, NULL};
    r = th_drsim_argv(csv, NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, ",consistency,weight\r\n") != NULL, "%.300s", r.out);
    double sum = 0;
    size_t rows = 0;
    bool not_one = false;
    for (const char *line = strstr(r.out, "\r\n") + 2; *line; rows++) {
        const char *end = strstr(line, "\r\n");
        const char *comma = end;
        while (comma > line && comma[-1] != ',')
            comma--;
        double w = strtod(comma, NULL);
        sum += w;
        not_one = not_one || w != 1;
        line = end + 2;
    }
    cr_assert_eq(rows, 600);
    cr_assert_float_eq(sum / (double)rows, 1, 1e-9);
    cr_assert(not_one);
    th_result_free(&r);
    const char *cmp[] = {"compare", "1:one", "1:two", "--db", a, NULL};
    r = th_drsim_argv(cmp, NULL);
    th_expect(&r, 0);
    cr_assert_null(strstr(r.out, "  1:two\n"), "an identical variant called better: %s", r.out);
    cr_assert_null(strstr(r.out, "  1:one\n"), "an identical variant called better: %s", r.out);
    th_result_free(&r);
}

/* Common random numbers: trial k of every variant sees the same outages, at
 * the same instants. The nine variants of the example
 * (three strategies times a sweep) store the outages' start and end in their
 * traced timelines: for each trial, either no variant has one or every
 * variant has it at one instant. */
Test(run, every_variant_sees_the_same_outages_in_trial_k)
{
    char db[600];
    snprintf(db, sizeof db, "%s/crn.db", th_tmpdir());
    th_result r = th_drsim_run("run", "scenarios/example.yaml", "--db", db, "--trials", "30",
                               "--trace", "30", "--quiet", NULL);
    cr_assert(r.status == 0 || r.status == 1, "%s", r.err);
    th_result_free(&r);
    int variants = sf_count(db, "SELECT count(*) FROM variant");
    cr_assert_geq(variants, 3);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM (SELECT trial, kind FROM event "
                              "WHERE kind IN ('outage_start', 'outage_end') "
                              "GROUP BY trial, kind HAVING count(DISTINCT t_us) > 1 "
                              "OR count(DISTINCT variant_id) <> (SELECT count(*) FROM variant))"),
                 0, "some trial's outage differs between variants");
    cr_assert_gt(sf_count(db, "SELECT count(*) FROM event WHERE kind = 'outage_start'"), 0);
}

Test(run, four_shards_in_parallel_processes_merge_into_the_unsharded_run)
{
    const char *dir = th_tmpdir();
    const char *scn = write_scenario(dir, "s.yaml", "parallel", 50, PASSING);
    char whole[600], merged[600], s[4][600], shard[4][8];
    snprintf(whole, sizeof whole, "%s/whole.db", dir);
    snprintf(merged, sizeof merged, "%s/merged.db", dir);
    const char *one[] = {"run", scn, "--db", whole, "--trace", "3", "--quiet", NULL};
    th_result r = th_drsim_argv(one, NULL);
    th_expect(&r, 0);
    th_result_free(&r);
    pid_t pids[4];
    for (int k = 0; k < 4; k++) {
        snprintf(s[k], sizeof s[k], "%s/shard%d.db", dir, k + 1);
        snprintf(shard[k], sizeof shard[k], "%d/4", k + 1);
        const char *args[] = {"run", scn, "--db", s[k], "--trace", "3", "--jobs", "1",
                              "--shard", shard[k], "--quiet", NULL};
        pids[k] = th_drsim_spawn(args);
    }
    for (int k = 0; k < 4; k++) {
        int status = 0;
        waitpid(pids[k], &status, 0);
        cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "shard %d: %d", k + 1, status);
    }
    const char *merge[] = {"merge", s[0], s[1], s[2], s[3], "-o", merged, NULL};
    r = th_drsim_argv(merge, NULL);
    th_expect(&r, 0);
    th_result_free(&r);
    char *x = sf_dump_rows(whole, 1), *y = sf_dump_rows(merged, 1);
    cr_assert_str_eq(x, y);
    free(x);
    free(y);
}

Test(run, expectations_decide_the_exit_status_and_junit_reports_them)
{
    const char *dir = th_tmpdir();
    const char *good = write_scenario(dir, "good.yaml", "good", 20, PASSING);
    const char *bad = write_scenario(dir, "bad.yaml", "bad", 20, FAILING);
    char db[600], junit[600];
    snprintf(db, sizeof db, "%s/r.db", dir);
    snprintf(junit, sizeof junit, "%s/junit.xml", dir);

    const char *ok[] = {"run", good, "--db", db, NULL};
    th_result r = th_drsim_argv(ok, NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "expectations: ") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "RPO p50") != NULL, "%s", r.out);
    cr_assert(strchr(r.out, '\033') == NULL, "colour on a pipe");
    th_result_free(&r);

    const char *fail[] = {"run", good, bad, "--db", db, "--junit", junit, NULL};
    r = th_drsim_argv(fail, NULL);
    th_expect(&r, 1);
    cr_assert(strstr(r.out, "FAIL  asr") != NULL, "%s", r.out);
    th_result_free(&r);
    char *xml = th_read_file(junit, NULL);
    cr_assert_not_null(xml);
    size_t suites = 0, failures = 0, cases = 0;
    xc_result x = xc_check(xml, "testsuite", &suites);
    cr_assert(x.ok, "%s\n%s", x.error, xml);
    xc_check(xml, "failure", &failures);
    xc_check(xml, "testcase", &cases);
    cr_assert_eq(suites, 2);
    cr_assert_eq(failures, 2, "asr has two sweep variants:\n%s", xml); /* bad: asr x 2 */
    cr_assert_eq(cases, 2 * (2 + 2));
    cr_assert(strstr(xml, "classname=\"drsim.bad.asr") != NULL, "%s", xml);
    cr_assert(strstr(xml, "expected failed_over.mean &gt; 1\"") != NULL, "%s", xml);
    free(xml);
    /* Stored: the failed rules of run 3 (bad). */
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM expectation x JOIN run r ON r.id = x.run_id "
                           "WHERE r.id = 3 AND NOT x.pass"), 2);

    const char *json[] = {"run", bad, "--db", db, "--json", NULL};
    r = th_drsim_argv(json, NULL);
    th_expect(&r, 1);
    cr_assert(strstr(r.out, "\"passed\": false") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "\"rpo\"") != NULL);
    th_result_free(&r);
}

/* JUnit states a rule as written: a threshold of 1h20m20s reads "1h 20m"
 * in human units, which would make a failure look like a pass. */
Test(run, junit_states_the_rule_as_written)
{
    const char *dir = th_tmpdir();
    const char *scn = write_scenario(dir, "odd.yaml", "odd", 20,
                                     "  asr: { rto.min: \"<= 1h20m20s\" }\n");
    char db[600], junit[600];
    snprintf(db, sizeof db, "%s/odd.db", dir);
    snprintf(junit, sizeof junit, "%s/odd.xml", dir);
    const char *run[] = {"run", scn, "--db", db, "--junit", junit, "--quiet", NULL};
    th_result r = th_drsim_argv(run, NULL);
    th_expect(&r, 1);
    th_result_free(&r);
    char *xml = th_read_file(junit, NULL);
    cr_assert_not_null(xml);
    cr_assert(strstr(xml, "expected rto.min &lt;= 1h20m20s\"") != NULL, "%s", xml);
    cr_assert(strstr(xml, "expected: &lt;= 1h20m20s (4820)") != NULL, "%s", xml);
    cr_assert_null(strstr(xml, "1h 20m"), "%s", xml);
    free(xml);
}

/* check without --baseline: the expectations alone decide its exit status. */
Test(run, check_without_a_baseline_exits_1_when_an_expectation_fails)
{
    const char *dir = th_tmpdir();
    const char *good = write_scenario(dir, "good.yaml", "good", 20, PASSING);
    const char *bad = write_scenario(dir, "bad.yaml", "bad", 20, FAILING);
    char db[600];
    snprintf(db, sizeof db, "%s/r.db", dir);

    const char *ok[] = {"check", good, "--db", db, NULL};
    th_result r = th_drsim_argv(ok, NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "FAIL") == NULL, "%s", r.out);
    th_result_free(&r);

    const char *fail[] = {"check", bad, "--db", db, NULL};
    r = th_drsim_argv(fail, NULL);
    th_expect(&r, 1);
    cr_assert(strstr(r.out, "FAIL  asr") != NULL, "%s", r.out);
    th_result_free(&r);

    /* The golden report scenario fails one rule on purpose (wait loses
     * writes), and one is inconclusive (a p95 of 8 trials has no upper
     * bound). */
    const char *golden[] = {"check", "tests/golden/report/small.yaml", "--db", db, NULL};
    r = th_drsim_argv(golden, NULL);
    th_expect(&r, 1);
    cr_assert(strstr(r.out, "expectations: 1 passed, 1 failed, 1 inconclusive") != NULL, "%s",
              r.out);
    cr_assert(strstr(r.out, "FAIL          wait  data_loss_writes.mean == 0") != NULL, "%s",
              r.out);
    cr_assert(strstr(r.out, "INCONCLUSIVE  asr   rto.p95 <= 2h") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "95%: ") != NULL, "the interval is shown: %s", r.out);
    th_result_free(&r);

    const char *json[] = {"check", "tests/golden/report/small.yaml", "--db", db, "--json", NULL};
    r = th_drsim_argv(json, NULL);
    th_expect(&r, 1);
    cr_assert(strstr(r.out, "\"passed\": false") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "\"verdict\": \"inconclusive\"") != NULL, "%s", r.out);
    th_expect_err(&r, "1 expectation failed, 1 inconclusive, and 0 baseline comparisons failed");
    th_result_free(&r);

    /* Only asr's rules: one passes, one is inconclusive. Inconclusive fails
     * the command unless --inconclusive pass, which JUnit then reports as a
     * skipped case, not a failure. */
    const char *incl[] = {"check", "tests/golden/report/small.yaml", "--db", db, "--variant",
                          "asr", NULL};
    r = th_drsim_argv(incl, NULL);
    th_expect(&r, 1);
    cr_assert(strstr(r.out, "counted as failing; --inconclusive pass to allow") != NULL, "%s",
              r.out);
    th_result_free(&r);
    char junit[4200];
    snprintf(junit, sizeof junit, "%s.xml", db);
    const char *allow[] = {"check", "tests/golden/report/small.yaml", "--db", db, "--variant",
                           "asr", "--inconclusive", "pass", "--junit", junit, NULL};
    r = th_drsim_argv(allow, NULL);
    th_expect(&r, 0);
    th_result_free(&r);
    char *xml = th_read_file(junit, NULL);
    cr_assert_not_null(xml);
    cr_assert(strstr(xml, "failures=\"0\"") != NULL, "%s", xml);
    cr_assert(strstr(xml, "skipped=\"1\"") != NULL, "%s", xml);
    cr_assert(strstr(xml, "inconclusive at 95% confidence") != NULL, "%s", xml);
    free(xml);
    const char *bad_level[] = {"check", "tests/golden/report/small.yaml", "--db", db,
                               "--confidence", "50%", NULL};
    r = th_drsim_argv(bad_level, NULL);
    th_expect(&r, 2);
    th_expect_err(&r, "--confidence: expected a level above 50% and below 100%");
    th_result_free(&r);
    const char *bad_policy[] = {"check", "tests/golden/report/small.yaml", "--db", db,
                                "--inconclusive", "maybe", NULL};
    r = th_drsim_argv(bad_policy, NULL);
    th_expect(&r, 2);
    th_expect_err(&r, "--inconclusive: expected 'pass' or 'fail', got 'maybe'");
    th_result_free(&r);
}

Test(run, bad_input_exits_2_and_writes_nothing)
{
    const char *dir = th_tmpdir();
    char db[600], broken[600];
    snprintf(db, sizeof db, "%s/r.db", dir);
    snprintf(broken, sizeof broken, "%s/broken.yaml", dir);
    th_write_file(broken, "drsim: 1\nname: broken\ntrials: many\n");
    const char *good = write_scenario(dir, "good.yaml", "good", 5, PASSING);
    const char *args[] = {"run", good, broken, "--db", db, NULL};
    th_result r = th_drsim_argv(args, NULL);
    th_expect(&r, 2);
    cr_assert(strstr(r.err, "broken.yaml:") != NULL, "%s", r.err);
    th_result_free(&r);
    struct stat sb;
    cr_assert(stat(db, &sb) != 0, "the database was created for an invalid scenario");

    const char *opt[] = {"run", good, "--db", db, "--frobnicate", NULL};
    r = th_drsim_argv(opt, NULL);
    th_expect(&r, 2);
    cr_assert_str_eq(r.err, "drsim run: unknown option '--frobnicate' (try 'drsim run --help')\n");
    th_result_free(&r);
    const char *shard[] = {"run", good, "--db", db, "--shard", "4/3", NULL};
    r = th_drsim_argv(shard, NULL);
    th_expect(&r, 2);
    th_result_free(&r);
    const char *variant[] = {"run", good, "--db", db, "--variant", "nope", NULL};
    r = th_drsim_argv(variant, NULL);
    th_expect(&r, 2);
    cr_assert(strstr(r.err, "--variant selects none") != NULL, "%s", r.err);
    th_result_free(&r);
    const char *missing[] = {"run", "/nonexistent/x.yaml", "--db", db, NULL};
    r = th_drsim_argv(missing, NULL);
    th_expect(&r, 2);
    th_result_free(&r);
}

Test(run, variant_filter_and_overrides)
{
    const char *dir = th_tmpdir();
    const char *scn = write_scenario(dir, "s.yaml", "filter", 50, PASSING);
    char db[600];
    snprintf(db, sizeof db, "%s/r.db", dir);
    const char *args[] = {"run", scn, "--db", db, "--variant", "asr", "--trials", "7",
                          "--seed", "99", "--quiet", NULL};
    th_result r = th_drsim_argv(args, NULL);
    th_expect(&r, 0);
    th_result_free(&r);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM variant"), 2);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM variant WHERE strategy <> 'asr'"), 0);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM trial"), 14);
    cr_assert_eq(sf_count(db, "SELECT seed FROM run"), 99);
    char *v = sf_query(db, "SELECT variants FROM run");
    cr_assert_str_eq(v, "[\"asr\"]");
    free(v);
}

Test(run, check_against_a_baseline)
{
    const char *dir = th_tmpdir();
    const char *scn = write_scenario(dir, "s.yaml", "baseline", 30, PASSING);
    char base[600], cur[600], junit[600];
    snprintf(base, sizeof base, "%s/base.db", dir);
    snprintf(cur, sizeof cur, "%s/cur.db", dir);
    snprintf(junit, sizeof junit, "%s/junit.xml", dir);
    const char *mk[] = {"run", scn, "--db", base, "--quiet", NULL};
    th_result r = th_drsim_argv(mk, NULL);
    th_expect(&r, 0);
    th_result_free(&r);

    /* Same bytes and seed: identical trials. */
    const char *same[] = {"check", scn, "--db", cur, "--baseline", base, "--junit", junit, NULL};
    r = th_drsim_argv(same, NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "trials must be identical: 0 regressions") != NULL, "%s", r.out);
    th_result_free(&r);

    /* Another seed: percentiles within a (huge) tolerance. */
    const char *seed[] = {"check", scn, "--db", cur, "--baseline", base, "--seed", "8",
                          "--tolerance", "1000%", NULL};
    r = th_drsim_argv(seed, NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "p50/p95 within the tolerance") != NULL, "%s", r.out);
    th_result_free(&r);

    /* Tamper with one baseline trial: a regression, exit 1, in the JUnit too. */
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(base, STORE_WRITE, &st, &e), ERR_OK);
    store_close(st);
    char *sql = sf_query(base, "SELECT 1"); /* the database exists */
    free(sql);
    {
        char cmd[1200];
        snprintf(cmd, sizeof cmd,
                 "sqlite3 '%s' \"UPDATE trial SET rto_s = coalesce(rto_s, 0) + 1 "
                 "WHERE trial = 3\"",
                 base);
        cr_assert_eq(system(cmd), 0);
    }
    r = th_drsim_argv(same, NULL);
    th_expect(&r, 1);
    cr_assert(strstr(r.out, "trial 3: rto") != NULL, "%s", r.out);
    th_result_free(&r);
    char *xml = th_read_file(junit, NULL);
    xc_result x = xc_check(xml, NULL, NULL);
    cr_assert(x.ok, "%s", x.error);
    cr_assert(strstr(xml, ".baseline\" name=\"baseline identical trials\"") != NULL, "%s", xml);
    cr_assert(strstr(xml, "<failure") != NULL);
    free(xml);

    const char *nobase[] = {"check", scn, "--db", cur, "--baseline", "/nonexistent.db", NULL};
    r = th_drsim_argv(nobase, NULL);
    th_expect(&r, 2);
    cr_assert(strstr(r.err, "--baseline /nonexistent.db: no such results database") != NULL,
              "%s", r.err);
    th_result_free(&r);

    const char *tol[] = {"check", scn, "--db", cur, "--tolerance", "five", NULL};
    r = th_drsim_argv(tol, NULL);
    th_expect(&r, 2);
    th_result_free(&r);
}


/* Waits until the database shows a running run (or the process ended). */
static void wait_running(const char *db, pid_t pid)
{
    for (int i = 0; i < 3000; i++) {
        struct stat sb;
        if (stat(db, &sb) == 0 &&
            sf_count(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'run'") == 1 &&
            sf_count(db, "SELECT count(*) FROM run WHERE status = 'running'") > 0)
            return;
        int status;
        cr_assert_eq(waitpid(pid, &status, WNOHANG), 0, "drsim ended before running");
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    cr_assert_fail("no running run appeared");
}

/* Writes a scenario of 200000 trials into dir and, into the database db
 * there, a first small run of it (run 1); returns the scenario's path and
 * run 1's rows as text (*rows, free()). */
static const char *earlier_run(const char *dir, const char *name, char *db, size_t dbsize,
                               char **rows)
{
    const char *scn = write_scenario(dir, "s.yaml", name, 200000, PASSING);
    snprintf(db, dbsize, "%s/r.db", dir);
    const char *small[] = {"run", scn, "--db", db, "--trials", "10", "--trace", "2", "--quiet",
                           NULL};
    th_result r = th_drsim_argv(small, NULL);
    th_expect(&r, 0);
    th_result_free(&r);
    *rows = sf_dump_rows(db, 1);
    return scn;
}

Test(run, a_killed_run_leaves_an_intact_database_and_no_results)
{
    char db[600], *before;
    const char *scn = earlier_run(th_tmpdir(), "killed", db, sizeof db, &before);
    const char *big[] = {"run", scn, "--db", db, "--trace", "100", "--quiet", NULL};
    pid_t pid = th_drsim_spawn(big);
    wait_running(db, pid);
    struct timespec ts = {0, 300 * 1000 * 1000};
    nanosleep(&ts, NULL);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "status %d", status);

    cr_assert_eq(sf_count(db, "SELECT count(*) FROM pragma_integrity_check "
                           "WHERE integrity_check <> 'ok'"), 0);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM run WHERE status = 'running'"), 1);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM trial WHERE run_id = 2"), 0);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM variant WHERE run_id = 2"), 0);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM event WHERE run_id = 2"), 0);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM expectation WHERE run_id = 2"), 0);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM trial WHERE run_id = 1"), 60);
    char *after = sf_dump_rows(db, 1);
    cr_assert_str_eq(after, before, "the earlier run changed");
    free(before);
    free(after);

    const char *runs[] = {"runs", "--db", db, NULL};
    th_result r = th_drsim_argv(runs, NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "abandoned") != NULL, "%s", r.out);
    th_result_free(&r);
}

/* SIGINT or SIGTERM while trials run: the run is marked failed, its work
 * rolled back, exit 130; the earlier run is untouched. */
static void interrupt_with(int sig)
{
    char db[600], *before;
    const char *scn = earlier_run(th_tmpdir(), "interrupted", db, sizeof db, &before);
    const char *big[] = {"run", scn, "--db", db, "--trace", "50", "--quiet", NULL};
    pid_t pid = th_drsim_spawn(big);
    wait_running(db, pid);
    kill(pid, sig);
    int status = 0;
    waitpid(pid, &status, 0);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 130, "status %d", status);
    char *v = sf_query(db, "SELECT status || '|' || error FROM run WHERE id = 2");
    cr_assert_str_eq(v, "failed|interrupted");
    free(v);
    cr_assert_eq(sf_count(db, "SELECT (SELECT count(*) FROM trial WHERE run_id = 2) + "
                              "(SELECT count(*) FROM variant WHERE run_id = 2) + "
                              "(SELECT count(*) FROM event WHERE run_id = 2) + "
                              "(SELECT count(*) FROM expectation WHERE run_id = 2)"),
                 0, "the interrupted run left results");
    cr_assert(sf_intact(db));
    char *after = sf_dump_rows(db, 1);
    cr_assert_str_eq(after, before, "the earlier run changed");
    free(before);
    free(after);
}

Test(run, an_interrupted_run_is_marked_failed_and_exits_130)
{
    interrupt_with(SIGINT);
}

Test(run, a_terminated_run_is_marked_failed_and_exits_130)
{
    interrupt_with(SIGTERM);
}

Test(run, a_hung_up_run_is_marked_failed_and_exits_130)
{
    interrupt_with(SIGHUP);
}

/* A closed pipe on stdout (drsim ... | head -0) is an output that cannot be
 * written: exit 3 with a message, not a silent death by SIGPIPE (141); a run
 * made meanwhile is stored all the same. */
Test(run, a_closed_pipe_on_stdout_is_exit_3_with_a_message)
{
    const char *d = th_tmpdir();
    const char *scn = th_scenario(d, "s.yaml", "pipe", 20, NULL);
    char db[600];
    snprintf(db, sizeof db, "%s/p.db", d);
    th_child closed = {.closed_stdout = 1};
    const char *run[] = {"run", scn, "--db", db, NULL};
    th_result r = th_drsim_argv(run, &closed);
    th_expect(&r, 3);
    th_expect_err(&r, "cannot write the output: Broken pipe");
    th_result_free(&r);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM run WHERE status = 'done'"), 1);
    const char *show[] = {"show", "1", "--db", db, NULL};
    r = th_drsim_argv(show, &closed);
    th_expect(&r, 3);
    th_expect_err(&r, "Broken pipe");
    th_result_free(&r);
}

/* Four drsim processes write runs of one scenario into one database at
 * once: all four are there, done, and identical row for row. */
Test(run, four_processes_write_into_one_database_at_once)
{
    const char *dir = th_tmpdir();
    const char *scn = write_scenario(dir, "s.yaml", "together", 300, PASSING);
    char db[600];
    snprintf(db, sizeof db, "%s/shared.db", dir);
    pid_t pids[4];
    for (int k = 0; k < 4; k++) {
        const char *args[] = {"run", scn, "--db", db, "--trace", "3", "--jobs", "1", "--quiet",
                              NULL};
        pids[k] = th_drsim_spawn(args);
    }
    for (int k = 0; k < 4; k++) {
        int status = 0;
        waitpid(pids[k], &status, 0);
        cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer %d: status %d", k,
                  status);
    }
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM run WHERE status = 'done'"), 4);
    cr_assert(sf_intact(db));
    char *first = sf_dump_rows(db, 1);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM trial WHERE run_id = 1"), 300 * 6);
    for (int64_t id = 2; id <= 4; id++) {
        char *rows = sf_dump_rows(db, id);
        cr_assert_str_eq(rows, first, "run %lld differs from run 1", (long long)id);
        free(rows);
    }
    free(first);
}

/* Scenario names are restricted by the loader; the file name and the
 * description are not, and both are stored (argv, scenario.description). */
Test(run, hostile_text_is_stored_and_read_back_intact)
{
    const char *dir = th_tmpdir();
    const char *evil = "x'); DROP TABLE run; --";
    char file[128];
    snprintf(file, sizeof file, "%s.yaml", evil);
    const char *scn = write_scenario(dir, file, "hostile", 3, PASSING);
    char *text = th_read_file(scn, NULL);
    char *desc = strstr(text, "A small shop loses its region.");
    cr_assert_not_null(desc);
    char patched[8192];
    snprintf(patched, sizeof patched, "%.*s\"%s\"%s", (int)(desc - text), text, evil,
             desc + strlen("A small shop loses its region."));
    th_write_file(scn, patched);
    free(text);
    char db[600];
    snprintf(db, sizeof db, "%s/r.db", dir);
    const char *args[] = {"run", scn, "--db", db, "--quiet", NULL};
    th_result r = th_drsim_argv(args, NULL);
    th_expect(&r, 0);
    th_result_free(&r);
    char *v = sf_query(db, "SELECT description FROM scenario");
    cr_assert_str_eq(v, evil);
    free(v);
    v = sf_query(db, "SELECT source FROM scenario");
    char *bytes = th_read_file(scn, NULL);
    cr_assert_str_eq(v, bytes, "the scenario's text was not stored as it is");
    free(v);
    free(bytes);
    v = sf_query(db, "SELECT json_extract(argv, '$[2]') FROM run");
    cr_assert(strstr(v, evil) != NULL, "%s", v);
    free(v);
    const char *show[] = {"show", "1", "--db", db, NULL};
    r = th_drsim_argv(show, NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, evil) != NULL, "%s", r.out);
    th_result_free(&r);
    const char *json[] = {"show", "1", "--db", db, "--json", NULL};
    r = th_drsim_argv(json, NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "x'); DROP TABLE run; --") != NULL, "%s", r.out);
    th_result_free(&r);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM run"), 1);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'run'"), 1);
}

Test(run, the_database_defaults_to_DRSIM_DB)
{
    const char *dir = th_tmpdir();
    const char *scn = write_scenario(dir, "s.yaml", "env", 3, PASSING);
    char db[600], env[700];
    snprintf(db, sizeof db, "%s/env.db", dir);
    snprintf(env, sizeof env, "DRSIM_DB=%s", db);
    const char *argv[] = {th_drsim(), "run", scn, "--quiet", NULL};
    const char *envv[] = {env, NULL};
    th_result r = th_run(argv, envv);
    th_expect(&r, 0);
    th_result_free(&r);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM run WHERE status = 'done'"), 1);
}
