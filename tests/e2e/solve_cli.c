/*
 * solve_cli.c — `drsim solve` through the binary: the answer and its exit
 * status, the same output for any --jobs, the refusals and their exit
 * codes (1: holds nowhere or not monotone; 2: bad usage or input), --db
 * keeping the probes as runs, and the library's solve question answering
 * as its header says.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/helpers.h"
#include "tests/support/store_fixture.h"

/* One GRS account, a 5-day region outage, detection 10m, failover 40m: RTO
 * = 50m + decide in every trial. `expect` is the failover strategy's rules;
 * `trials` its trial count ("auto" allowed). */
static const char *write_scenario(const char *dir, const char *trials, const char *outage,
                                  const char *expect)
{
    static char path[4][600];
    static int next;
    char *p = path[next % 4];
    snprintf(p, sizeof path[0], "%s/s%d.yaml", dir, next++);
    char text[2048];
    snprintf(text, sizeof text,
             "drsim: 1\nname: solve-e2e\nseed: 3\ntrials: %s\nhorizon: 14d\n"
             "storage: [{ name: orders, region: westeurope, redundancy: GRS }]\n"
             "detection: { monitor: 10m }\n"
             "strategies:\n"
             "  - { name: wait, kind: wait }\n"
             "  - { name: failover, kind: geo-restore, decide: 1h, failover: { duration: 40m } }\n"
             "outages: [{ region: westeurope, scope: region, at: 1d, duration: \"%s\" }]\n"
             "expect:\n  failover: %s\n",
             trials, outage, expect);
    cr_assert_eq(th_write_file(p, text), 0);
    return p;
}

#define RTO3H "{ rto.max: \"<= 3h\" }"

Test(solve_cli, answers_and_the_same_for_any_jobs)
{
    const char *f = write_scenario(th_tmpdir(), "40", "5d", RTO3H);
    th_result a = th_drsim_run("solve", f, "--param", "strategies.failover.decide", "--range",
                               "10m..6h", "--variant", "failover", "--jobs", "1", NULL);
    th_expect(&a, 0);
    cr_assert(strstr(a.out, "largest strategies.failover.decide for which every expectation "
                            "holds at 95%: 2h8m (bracket 2h8m .. 2h10m30s, 10 probes of 40 "
                            "trials)\n") != NULL,
              "%s", a.out);
    th_result b = th_drsim_run("solve", f, "--param", "strategies.failover.decide", "--range",
                               "10m..6h", "--variant", "failover", "--jobs", "2", NULL);
    th_expect(&b, 0);
    cr_assert_str_eq(a.out, b.out);
    th_result_free(&a);
    th_result_free(&b);

    /* JSON: the same answer. */
    a = th_drsim_run("solve", f, "--param", "strategies.failover.decide", "--range", "10m..6h",
                     "--json", NULL);
    th_expect(&a, 0);
    cr_assert(strstr(a.out, "\"outcome\": \"found\"") != NULL, "%s", a.out);
    cr_assert(strstr(a.out, "\"answer\": \"2h8m\"") != NULL, "%s", a.out);
    cr_assert_str_eq(a.err, "");
    th_result_free(&a);
}

Test(solve_cli, exit_status_says_what_was_found)
{
    const char *dir = th_tmpdir();
    const char *f = write_scenario(dir, "40", "5d", RTO3H);
    /* Holds nowhere in the range: 1, the probes shown. */
    th_result r = th_drsim_run("solve", f, "--param", "strategies.failover.decide", "--range",
                               "3h..6h", NULL);
    th_expect(&r, 1);
    cr_assert(strstr(r.out, "no value of strategies.failover.decide in 3h..6h meets every "
                            "expectation at 95% (5 probes of 40 trials)") != NULL,
              "%s", r.out);
    th_result_free(&r);
    /* Everywhere: 0. */
    r = th_drsim_run("solve", f, "--param", "strategies.failover.decide", "--range", "0..1h",
                     NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "over the whole range") != NULL, "%s", r.out);
    th_result_free(&r);
    /* Not monotone: 1. */
    const char *nm = write_scenario(dir, "2000", "uniform(1h, 5h)",
                                    "{ rto.max: \"<= 3h\", failed_over.mean: \"<= 0.9\" }");
    r = th_drsim_run("solve", nm, "--param", "strategies.failover.decide", "--range", "0..4h",
                     NULL);
    th_expect(&r, 1);
    cr_assert(strstr(r.out, "the expectations fail at 0s and 1h, hold at 2h, fail again at 3h "
                            "and 4h: the response is not monotone in "
                            "strategies.failover.decide over 0s..4h; narrow the range") != NULL,
              "%s", r.out);
    th_result_free(&r);
}

Test(solve_cli, bad_usage_and_input_are_exit_2_naming_the_argument)
{
    const char *dir = th_tmpdir();
    const char *f = write_scenario(dir, "40", "5d", RTO3H);
    const char *autof = write_scenario(dir, "auto", "5d", RTO3H);
    const char *none = write_scenario(dir, "40", "5d", "{}");
    static const char *const P = "strategies.failover.decide";
    const struct {
        const char *args[12];
        const char *message;
    } cases[] = {
        {{"solve", f, "--param", "strategies.failover.decid", "--range", "0..1h", NULL},
         "drsim solve: --param 'strategies.failover.decid': a strategy has no key 'decid' "
         "(did you mean 'decide'?)"},
        {{"solve", f, "--param", P, "--range", "2h..1h", NULL},
         "--range 2h..1h: the low end must be below the high end"},
        {{"solve", f, "--param", P, "--range", "0..1h", "--find", "best", NULL},
         "--find best: expected max or min"},
        {{"solve", f, "--range", "0..1h", NULL}, "--param PATH is required"},
        {{"solve", f, "--param", P, NULL}, "--range LO..HI is required"},
        {{"solve", autof, "--param", P, "--range", "0..1h", NULL},
         "the scenario has trials: auto; give --trials N"},
        {{"solve", none, "--param", P, "--range", "0..1h", NULL},
         "solve needs expectations (expect:) on the selected variants"},
        {{"solve", f, "--param", P, "--range", "0..1h", "--variant", "nope", NULL},
         "--variant selects none of its variants"},
        {{"solve", f, "--param", "outages.0.probability", "--range", "0.5..2", NULL},
         "probability"},
        {{"solve", f, f, "--param", P, "--range", "0..1h", NULL}, "drsim solve"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        th_result r = th_drsim_argv(cases[i].args, NULL);
        cr_assert_eq(r.status, 2, "case %zu: exit %d\n%s", i, r.status, r.err);
        th_expect_err(&r, cases[i].message);
        th_result_free(&r);
    }
    /* A run of --trials auto through the command line: the same. */
    th_result r = th_drsim_run("solve", f, "--param", P, "--range", "0..1h", "--trials",
                               "auto", NULL);
    th_expect(&r, 2);
    th_result_free(&r);
    r = th_drsim_run("solve", "--help", NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "usage: drsim solve SCENARIO.yaml --param PATH --range LO..HI") !=
                  NULL,
              "%s", r.out);
    th_result_free(&r);
}

Test(solve_cli, db_keeps_every_probe_as_a_run)
{
    const char *dir = th_tmpdir();
    const char *f = write_scenario(dir, "20", "5d", RTO3H);
    char db[600];
    snprintf(db, sizeof db, "%s/probes.db", dir);
    th_result r = th_drsim_run("solve", f, "--param", "strategies.failover.decide", "--range",
                               "10m..6h", "--variant", "failover", "--db", db, NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "runs: 1..10 in ") != NULL, "%s", r.out);
    th_result_free(&r);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM run WHERE status = 'done'"), 10);
    /* Each probe's verdict is its run's: 5 hold (10m .. 2h8m), 5 fail. */
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM expectation WHERE verdict = 'pass'"), 5);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM variant"), 10, "only the failover variant");
    /* JSON names each probe's run there (null without --db: the scratch
     * database is gone). */
    r = th_drsim_run("solve", f, "--param", "strategies.failover.decide", "--range", "0..1h",
                     "--variant", "failover", "--db", db, "--json", NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "\"run\": 11,") != NULL, "%s", r.out);
    th_result_free(&r);
    r = th_drsim_run("solve", f, "--param", "strategies.failover.decide", "--range", "0..1h",
                     "--json", NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "\"run\": null,") != NULL, "%s", r.out);
    th_result_free(&r);
}

Test(solve_cli, the_librarys_solve_question_answers_as_its_header_says)
{
    const char *f = "scenarios/how-late-to-fail-over.yaml";
    char *text = th_read_file(f, NULL);
    cr_assert_not_null(text);
    cr_assert(strstr(text, "#   drsim solve scenarios/how-late-to-fail-over.yaml \\\n"
                           "#       --param strategies.failover.decide --range 0..4h "
                           "--resolution 1m\n") != NULL);
    cr_assert(strstr(text, "# The answer: 1h40m30s (bracket 1h40m30s .. 1h41m15s, 11 probes "
                           "of 10,000\n# trials).") != NULL);
    free(text);
    th_result r = th_drsim_run("solve", f, "--param", "strategies.failover.decide", "--range",
                               "0..4h", "--resolution", "1m", NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "largest strategies.failover.decide for which every expectation "
                            "holds at 95%: 1h40m30s (bracket 1h40m30s .. 1h41m15s, 11 probes "
                            "of 10000 trials)\n") != NULL,
              "%s", r.out);
    th_result_free(&r);
}
