/*
 * solve.c — `drsim solve`'s search (sim/run/solve.h), in process, on
 * scenarios whose answer is known in closed form.
 *
 * The closed form: one GRS account, a region outage far longer than any
 * decision, detection a constant M, the strategy's decision delay D (the
 * parameter) and its failover a constant F. Every trial fails over and
 * recovers at M + D + F exactly, so `rto.max <= T` holds exactly when
 * D <= T - M - F, and `rto.min >= T` exactly when D >= T - M - F: the
 * answer of solve is that threshold, and its bracket must hold it and be
 * no wider than the resolution.
 *
 * A response that holds only in a band (a decision late enough that at
 * most 90 % of outages are failed over, early enough that RTO stays under
 * 3 h) is refused, naming each grid value's verdict.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/world/world.h"
#include "reports/store/store.h"
#include "sim/core/units.h"
#include "sim/run/solve.h"
#include "tests/support/helpers.h"

static void init(void)
{
    store_global_init();
}

TestSuite(solve, .init = init);

/* The closed-form scenario: monitor M, failover F, the outage's duration,
 * `trials` trials and the expect: rules of strategy `failover`. */
static const char *scenario(const char *dir, const char *monitor, const char *failover,
                            const char *outage, int trials, const char *expect)
{
    static char path[4][600];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, sizeof path[0], "%s/cf%d.yaml", dir, next);
    char text[4096];
    snprintf(text, sizeof text,
             "drsim: 1\n"
             "name: closed-form\n"
             "seed: 7\n"
             "trials: %d\n"
             "horizon: 14d\n"
             "storage:\n"
             "  - { name: orders, region: westeurope, redundancy: GRS, "
             "writes: { rate: 10/s, size: 4KiB } }\n"
             "detection: { monitor: %s }\n"
             "strategies:\n"
             "  - { name: wait, kind: wait }\n"
             "  - name: failover\n"
             "    kind: geo-restore\n"
             "    decide: 1h\n"
             "    failover: { duration: %s }\n"
             "outages:\n"
             "  - { region: westeurope, scope: region, at: 1d, duration: \"%s\" }\n"
             "expect:\n"
             "  failover: %s\n",
             trials, monitor, failover, outage, expect);
    cr_assert_eq(th_write_file(p, text), 0);
    return p;
}

typedef struct solved {
    err_code rc;
    char *out, *err;
} solved;

/* --inconclusive pass for the next solve() (reset by it). */
static bool next_inconclusive_pass;

/* solve_run on `file` with the options given, --variant failover, its
 * output captured (JSON when json). */
static solved solve(const char *file, const char *param, const char *range,
                    const char *resolution, solve_find find, unsigned jobs, bool json)
{
    static const char *variants[] = {"failover"};
    static char name[] = "solve";
    static char *argv[] = {name, NULL};
    const char *files[] = {file};
    solve_request rq = {.param = param, .range = range, .resolution = resolution,
                        .find = find, .json = json};
    rq.run = (exec_request){.command = "solve", .scenarios = files, .nscenarios = 1,
                            .jobs = jobs, .variants = variants, .nvariants = 1,
                            .shard_index = 1, .shard_count = 1,
                            .max_events = WORLD_DEFAULT_MAX_EVENTS,
                            .max_pending = WORLD_DEFAULT_MAX_PENDING, .quiet = true,
                            .argc = 1, .argv = argv,
                            .inconclusive_pass = next_inconclusive_pass};
    next_inconclusive_pass = false;
    solved s = {0};
    th_capture_begin();
    s.rc = solve_run(&rq);
    th_capture_end(&s.out, &s.err);
    return s;
}

static void solved_free(solved *s)
{
    free(s->out);
    free(s->err);
}

/* The JSON answer's bracket, in seconds. */
static void bracket(const char *json, double *lo, double *hi)
{
    const char *b = strstr(json, "\"bracket\": [");
    cr_assert_not_null(b, "no bracket in %s", json);
    char a[64], z[64];
    cr_assert_eq(sscanf(b, "\"bracket\": [ \"%63[^\"]\", \"%63[^\"]\" ]", a, z), 2,
                 "bracket unreadable: %.200s", b);
    err_msg e;
    cr_assert_eq(units_parse(UNITS_DURATION, a, lo, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(units_parse(UNITS_DURATION, z, hi, &e), ERR_OK, "%s", e.text);
}

Test(solve, the_largest_decision_delay_meeting_an_rto_is_t_minus_detection_and_failover)
{
    /* T = 3h, M = 7m13s, F = 23m: D* = 2h29m47s. */
    const char *f = scenario(th_tmpdir(), "7m13s", "23m", "5d", 100, "{ rto.max: \"<= 3h\" }");
    double answer = 3 * 3600 - (7 * 60 + 13) - 23 * 60;
    solved s = solve(f, "strategies.failover.decide", "0..5h", "1m", SOLVE_FIND_AUTO, 2, true);
    cr_assert_eq(s.rc, ERR_OK, "%s", s.err);
    cr_assert(strstr(s.out, "\"outcome\": \"found\"") != NULL, "%s", s.out);
    cr_assert(strstr(s.out, "\"find\": \"max\"") != NULL, "holds at LO: max by default");
    double lo, hi;
    bracket(s.out, &lo, &hi);
    /* The engine counts microseconds: the threshold is known to 1 µs. */
    cr_assert(lo <= answer + 1e-6 && answer - 1e-6 <= hi, "bracket [%g, %g] misses %g", lo,
              hi, answer);
    cr_assert(hi - lo <= 60, "bracket [%g, %g] wider than the resolution", lo, hi);
    cr_assert(hi - lo > 0);
    /* The answer is the bracket's holding end. */
    char want[64], line[128];
    units_format(UNITS_DURATION, lo, want, sizeof want);
    snprintf(line, sizeof line, "\"answer\": \"%s\"", want);
    cr_assert(strstr(s.out, line) != NULL, "%s not in %s", line, s.out);
    solved_free(&s);
}

Test(solve, the_smallest_decision_delay_meeting_a_floor_is_found_from_above)
{
    /* rto.min >= 2h: holds for D >= 2h - M - F = 1h20m (M = 10m, F = 30m);
     * fails at LO, so the smallest is asked. The default resolution: 1 % of
     * the range (3m). */
    const char *f = scenario(th_tmpdir(), "10m", "30m", "5d", 50, "{ rto.min: \">= 2h\" }");
    solved s = solve(f, "strategies.failover.decide", "0..5h", NULL, SOLVE_FIND_AUTO, 1, true);
    cr_assert_eq(s.rc, ERR_OK, "%s", s.err);
    cr_assert(strstr(s.out, "\"find\": \"min\"") != NULL, "%s", s.out);
    double lo, hi;
    bracket(s.out, &lo, &hi);
    cr_assert(lo <= 4800 + 1e-6 && 4800 - 1e-6 <= hi, "bracket [%g, %g] misses 1h20m", lo, hi);
    cr_assert(hi - lo <= 180, "bracket [%g, %g] wider than 1%% of 5h", lo, hi);
    char want[64], line[128];
    units_format(UNITS_DURATION, hi, want, sizeof want);
    snprintf(line, sizeof line, "\"answer\": \"%s\"", want);
    cr_assert(strstr(s.out, line) != NULL, "%s not in %s", line, s.out);
    solved_free(&s);
}

Test(solve, the_table_and_answer_line_read_as_documented)
{
    const char *f = scenario(th_tmpdir(), "10m", "40m", "5d", 50, "{ rto.max: \"<= 3h\" }");
    solved s = solve(f, "strategies.failover.decide", "10m..6h", NULL, SOLVE_FIND_AUTO, 1,
                     false);
    cr_assert_eq(s.rc, ERR_OK, "%s", s.err);
    /* 2h10m is the threshold: the grid (10m, 1h37m30s, 3h5m, 4h32m30s, 6h)
     * brackets it in 1h37m30s..3h5m; bisection on 30 s steps. */
    cr_assert(strstr(s.out, "strategies.failover.decide  verdict  failover: rto.max <= 3h\n") !=
                  NULL,
              "%s", s.out);
    cr_assert(strstr(s.out, "\n2h10m30s                    fails    FAIL 3h 1m") != NULL ||
                  strstr(s.out, "\n2h10m                       holds    pass 3h") != NULL,
              "%s", s.out);
    cr_assert(strstr(s.out, "\nlargest strategies.failover.decide for which every expectation "
                            "holds at 95%: 2h8m (bracket 2h8m .. 2h10m30s, 10 probes of 50 "
                            "trials)\n") != NULL,
              "%s", s.out);
    solved_free(&s);
}

Test(solve, a_response_that_is_not_monotone_is_refused)
{
    /* Outages of uniform(1h, 5h): a decision at D fails over when the
     * outage outlasts 10m + D, with probability (4h50m - D) / 4h. failed_over
     * <= 0.9 needs D > 1h14m; rto.max <= 3h needs D <= 2h10m (a trial that
     * does not fail over recovers within 10m + D). The grid 0..4h reads
     * fail, fail, hold, fail, fail. */
    const char *f = scenario(th_tmpdir(), "10m", "40m", "uniform(1h, 5h)", 2000,
                             "{ rto.max: \"<= 3h\", failed_over.mean: \"<= 0.9\" }");
    solved s = solve(f, "strategies.failover.decide", "0..4h", NULL, SOLVE_FIND_AUTO, 2, false);
    cr_assert_eq(s.rc, ERR_FAILED, "%s", s.err);
    cr_assert(strstr(s.out, "the expectations fail at 0s and 1h, hold at 2h, fail again at 3h "
                            "and 4h: the response is not monotone in "
                            "strategies.failover.decide over 0s..4h; narrow the range\n") != NULL,
              "%s", s.out);
    /* Refused after the grid: no bisection. */
    cr_assert(strstr(s.out, "1h30m") == NULL, "%s", s.out);
    solved_free(&s);

    /* Narrowed to the side where RTO decides, it is monotone. */
    s = solve(f, "strategies.failover.decide", "1h30m..4h", NULL, SOLVE_FIND_AUTO, 2, true);
    cr_assert_eq(s.rc, ERR_OK, "%s", s.err);
    double lo, hi;
    bracket(s.out, &lo, &hi);
    cr_assert(lo <= 7800 + 1e-6 && 7800 - 1e-6 <= hi, "bracket [%g, %g] misses 2h10m", lo, hi);
    solved_free(&s);
}

Test(solve, holding_everywhere_and_nowhere_are_said)
{
    const char *f = scenario(th_tmpdir(), "10m", "40m", "5d", 50, "{ rto.max: \"<= 3h\" }");
    solved s = solve(f, "strategies.failover.decide", "0..1h", NULL, SOLVE_FIND_AUTO, 1, false);
    cr_assert_eq(s.rc, ERR_OK, "%s", s.err);
    cr_assert(strstr(s.out, "every expectation holds at 95% over the whole range 0s..1h of "
                            "strategies.failover.decide: the largest is 1h or above (5 probes "
                            "of 50 trials)\n") != NULL,
              "%s", s.out);
    solved_free(&s);

    s = solve(f, "strategies.failover.decide", "3h..6h", NULL, SOLVE_FIND_AUTO, 1, true);
    cr_assert_eq(s.rc, ERR_FAILED, "%s", s.err);
    cr_assert(strstr(s.out, "\"outcome\": \"nowhere\"") != NULL, "%s", s.out);
    cr_assert(strstr(s.out, "\"answer\": null") != NULL, "%s", s.out);
    cr_assert(strstr(s.err, "no value of strategies.failover.decide in 3h..6h meets every "
                            "expectation at 95% (5 probes of 50 trials)") != NULL,
              "%s", s.err);
    solved_free(&s);
}

Test(solve, the_other_end_is_the_range_s_end_when_asked_for)
{
    /* Holds below 2h10m; asked for the smallest value that holds: the low
     * end, with the threshold said. */
    const char *f = scenario(th_tmpdir(), "10m", "40m", "5d", 50, "{ rto.max: \"<= 3h\" }");
    solved s = solve(f, "strategies.failover.decide", "10m..6h", NULL, SOLVE_FIND_MIN, 1, true);
    cr_assert_eq(s.rc, ERR_OK, "%s", s.err);
    cr_assert(strstr(s.out, "\"answer\": \"10m\"") != NULL, "%s", s.out);
    cr_assert(strstr(s.out, "\"at_range_end\": true") != NULL, "%s", s.out);
    double lo, hi;
    bracket(s.out, &lo, &hi);
    cr_assert(lo <= 7800 && 7800 <= hi, "bracket [%g, %g] misses 2h10m", lo, hi);
    solved_free(&s);
}

Test(solve, bad_arguments_are_refused_naming_the_argument)
{
    const char *f = scenario(th_tmpdir(), "10m", "40m", "5d", 50, "{ rto.max: \"<= 3h\" }");
    static const struct {
        const char *param, *range, *resolution, *message;
    } cases[] = {
        {"strategies.failover.decid", "0..1h", NULL,
         "drsim solve: --param 'strategies.failover.decid': a strategy has no key 'decid' "
         "(did you mean 'decide'?)"},
        {"strategies.failover.kind", "0..1h", NULL, "is not a quantity"},
        {"strategies.nope.decide", "0..1h", NULL,
         "--param: no element 'nope' in strategies"},
        {"strategies.failover.decide", "2h..1h", NULL,
         "drsim solve: --range 2h..1h: the low end must be below the high end"},
        {"strategies.failover.decide", "1h..1h", NULL, "the low end must be below the high end"},
        {"strategies.failover.decide", "1h", NULL, "--range 1h: expected LO..HI"},
        {"strategies.failover.decide", "1x..2h", NULL, "--range 1x..2h: the low end: "},
        {"strategies.failover.decide", "0..1h", "2h", "--resolution 2h: expected more than"},
        {"storage.orders.geo_replication.bandwidth", "0..10MB/s", NULL,
         "drsim solve: --param storage.orders.geo_replication.bandwidth at 0B/s (the low end "
         "of --range): the scenario refuses this value (above)"},
        {"storage.orders.geo_replication.bandwidth", "0..10MB/s", NULL,
         "bandwidth: must be greater than 0"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        solved s = solve(f, cases[i].param, cases[i].range, cases[i].resolution,
                         SOLVE_FIND_AUTO, 1, false);
        cr_assert_eq(s.rc, ERR_USAGE, "case %zu: %d %s", i, s.rc, s.err);
        cr_assert(strstr(s.err, cases[i].message) != NULL, "case %zu: %s", i, s.err);
        cr_assert_str_eq(s.out, "", "case %zu: nothing on stdout", i);
        solved_free(&s);
    }
}

Test(solve, no_expectations_on_the_selected_variants_is_refused)
{
    /* The rules judge the wait strategy only; solve selects failover. */
    char dir[600];
    snprintf(dir, sizeof dir, "%s", th_tmpdir());
    const char *f = scenario(dir, "10m", "40m", "5d", 50, "{ rto.max: \"<= 3h\" }");
    char *text = th_read_file(f, NULL);
    cr_assert_not_null(text);
    char *at = strstr(text, "\n  failover: {"); /* the rule, not the strategy's key */
    cr_assert_not_null(at);
    memcpy(at + 1, "  wait:     {", 13);
    cr_assert_eq(th_write_file(f, text), 0);
    free(text);
    solved s = solve(f, "strategies.failover.decide", "0..1h", NULL, SOLVE_FIND_AUTO, 1, false);
    cr_assert_eq(s.rc, ERR_USAGE, "%s", s.err);
    cr_assert(strstr(s.err, "solve needs expectations (expect:) on the selected variants") !=
                  NULL,
              "%s", s.err);
    solved_free(&s);
}

Test(solve, the_probes_and_answer_do_not_depend_on_jobs)
{
    const char *f = scenario(th_tmpdir(), "10m", "40m", "uniform(1h, 5h)", 500,
                             "{ rto.max: \"<= 3h\", failed_over.mean: \"<= 0.9\" }");
    solved a = solve(f, "strategies.failover.decide", "1h30m..4h", NULL, SOLVE_FIND_AUTO, 1,
                     true);
    solved b = solve(f, "strategies.failover.decide", "1h30m..4h", NULL, SOLVE_FIND_AUTO, 2,
                     true);
    cr_assert_eq(a.rc, ERR_OK, "%s", a.err);
    cr_assert_eq(b.rc, ERR_OK, "%s", b.err);
    cr_assert_str_eq(a.out, b.out);
    solved_free(&a);
    solved_free(&b);
}

Test(solve, inconclusive_verdicts_hold_only_with_inconclusive_pass)
{
    /* A lognormal failover (median 1h, p99 3h: p95 2h10m28s) and RTO p95
     * <= 4h: the estimate meets it up to D = 1h44m32s (M = 5m), but near
     * there the p95's interval holds 4h, and those probes are
     * inconclusive. Counted as failing, the answer stops where the whole
     * interval is under 4h; counted as holding, it goes on to where the
     * whole interval is above. */
    const char *f = scenario(th_tmpdir(), "5m", "lognormal(p50=1h, p99=3h)", "5d", 1000,
                             "{ rto.p95: \"<= 4h\" }");
    solved a = solve(f, "strategies.failover.decide", "0..4h", "1m", SOLVE_FIND_AUTO, 2, true);
    next_inconclusive_pass = true;
    solved b = solve(f, "strategies.failover.decide", "0..4h", "1m", SOLVE_FIND_AUTO, 2, true);
    cr_assert_eq(a.rc, ERR_OK, "%s", a.err);
    cr_assert_eq(b.rc, ERR_OK, "%s", b.err);
    cr_assert(strstr(b.out, "\"inconclusive\": \"pass\"") != NULL, "%s", b.out);
    double alo, ahi, blo, bhi;
    bracket(a.out, &alo, &ahi);
    bracket(b.out, &blo, &bhi);
    cr_assert(alo < 6272 && 6272 < bhi, "the estimate's threshold 1h44m32s is between the "
                                        "answers: [%g, %g] and [%g, %g]",
              alo, ahi, blo, bhi);
    cr_assert(blo > ahi, "inconclusive pass answers later: [%g, %g] vs [%g, %g]", blo, bhi, alo,
              ahi);
    cr_assert(strstr(b.out, "(inconclusive counted as holding)") != NULL, "%s", b.out);
    solved_free(&a);
    solved_free(&b);
}
