/*
 * test_cmd_store.c — the commands that read the store (runs, show, compare,
 * timeline) and merge, run as a user runs them, on databases written with
 * synthetic results: output, exit statuses, errors naming the file.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_fixture.h"
#include "helpers.h"
#include "store.h"

static void init(void)
{
    store_global_init();
}

TestSuite(cmd_store, .init = init);

static char dbpath[512];

/* A database with two runs: 1 (traced, with expectations) and 2. */
static const char *two_runs(void)
{
    snprintf(dbpath, sizeof dbpath, "%s/results.db", th_tmpdir());
    sf_run a = {.trials = 50, .trace = 3, .expect = 1};
    sf_write_run(dbpath, &a);
    sf_run b = {.trials = 20, .seed = 7};
    sf_write_run(dbpath, &b);
    return dbpath;
}

static int lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

Test(cmd_store, runs_lists_every_run)
{
    const char *db = two_runs();
    th_result r = th_drsim_run("runs", "--db", db, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "run  status") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "synthetic") != NULL);
    cr_assert_eq(lines(r.out), 4, "%s", r.out); /* header, rule, two runs */
    cr_assert(strchr(r.out, '\033') == NULL, "colour on a pipe");
    th_result_free(&r);

    r = th_drsim_run("runs", "--db", db, "--json", NULL);
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.out, "\"status\": \"done\"") != NULL, "%s", r.out);
    th_result_free(&r);
}

Test(cmd_store, the_database_comes_from_DRSIM_DB)
{
    const char *db = two_runs();
    char env[600];
    snprintf(env, sizeof env, "DRSIM_DB=%s", db);
    char *argv[] = {(char *)th_drsim(), "runs", NULL};
    char *envv[] = {env, NULL};
    th_result r = th_run(argv, envv);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "synthetic") != NULL);
    th_result_free(&r);
}

/* Naming a database that is not there is bad input, as a missing scenario
 * file or a missing --baseline is: exit 2. */
Test(cmd_store, a_missing_database_is_exit_2_naming_it)
{
    char path[600];
    snprintf(path, sizeof path, "%s/none.db", th_tmpdir());
    th_result r = th_drsim_run("runs", "--db", path, NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, path) != NULL, "%s", r.err);
    cr_assert_eq(lines(r.err), 1, "%s", r.err);
    th_result_free(&r);
}

Test(cmd_store, show_prints_variants_percentiles_and_expectations)
{
    const char *db = two_runs();
    th_result r = th_drsim_run("show", "1", "--db", db, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "variant wait") && strstr(r.out, "variant asr"), "%s", r.out);
    cr_assert(strstr(r.out, "p95") && strstr(r.out, "±95%"), "%s", r.out);
    cr_assert(strstr(r.out, "expectations: 1 passed, 1 failed"), "%s", r.out);
    cr_assert(strstr(r.out, "FAIL  wait  rto.p95 <= 2h") != NULL, "%s", r.out);
    /* RTO of asr: 1800 + 5k, k < 50: p50 = 1800 + 5 * 24.5 = 32m 2.5s -> "32m 3s". */
    cr_assert(strstr(r.out, "32m 3s") != NULL, "%s", r.out);
    th_result_free(&r);

    r = th_drsim_run("show", "latest", "--db", db, "--json", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "\"id\": 2") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "\"p99\"") != NULL);
    th_result_free(&r);

    r = th_drsim_run("show", "1", "--db", db, "--json", NULL);
    cr_assert(strstr(r.out, "\"observed\": \"inf\"") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "\"passed\": false") != NULL);
    th_result_free(&r);
}

Test(cmd_store, show_of_an_unknown_run_is_exit_2)
{
    const char *db = two_runs();
    th_result r = th_drsim_run("show", "99", "--db", db, NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "no run 99 in this database") && strstr(r.err, db), "%s", r.err);
    th_result_free(&r);
}

Test(cmd_store, compare_shows_differences_and_the_better_variant)
{
    const char *db = two_runs();
    th_result r = th_drsim_run("compare", "1", "--db", db, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "1:wait") && strstr(r.out, "1:asr - 1:wait"), "%s", r.out);
    cr_assert(strstr(r.out, "better") != NULL);
    th_result_free(&r);

    r = th_drsim_run("compare", "1:asr", "2:asr", "1:wait", "--db", db, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "2:asr") != NULL);
    th_result_free(&r);

    r = th_drsim_run("compare", "1:nope", "2", "--db", db, NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "no variant 'nope'") != NULL, "%s", r.err);
    th_result_free(&r);

    r = th_drsim_run("compare", "1:asr", "--db", db, NULL);
    cr_assert_eq(r.status, 2);
    th_result_free(&r);
}

Test(cmd_store, timeline_replays_a_traced_trial)
{
    const char *db = two_runs();
    th_result r = th_drsim_run("timeline", "1", "--variant", "asr", "--trial", "2", "--db", db,
                               NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "trial 2: 3 events") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "+00:05:00") && strstr(r.out, "detected"), "%s", r.out);
    th_result_free(&r);

    r = th_drsim_run("timeline", "1", "--trial", "30", "--db", db, NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "trial 30 was not traced") != NULL, "%s", r.err);
    th_result_free(&r);

    r = th_drsim_run("timeline", "2", "--db", db, NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "--trace") != NULL, "%s", r.err);
    th_result_free(&r);
}

Test(cmd_store, unknown_options_are_one_line_with_a_hint)
{
    static const char *const cmds[] = {"runs", "show", "compare", "timeline", "merge"};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        th_result r = th_drsim_run(cmds[i], "--frobnicate", NULL);
        cr_assert_eq(r.status, 2, "%s", cmds[i]);
        cr_assert_eq(lines(r.err), 1, "%s", r.err);
        char hint[64];
        snprintf(hint, sizeof hint, "(try 'drsim %s --help')", cmds[i]);
        cr_assert(strstr(r.err, hint) != NULL, "%s", r.err);
        th_result_free(&r);
    }
}

Test(cmd_store, merge_joins_shards_into_the_unsharded_run)
{
    const char *dir = th_tmpdir();
    char whole[512], out[512], s1[512], s2[512];
    snprintf(whole, sizeof whole, "%s/whole.db", dir);
    snprintf(out, sizeof out, "%s/out.db", dir);
    snprintf(s1, sizeof s1, "%s/s1.db", dir);
    snprintf(s2, sizeof s2, "%s/s2.db", dir);
    /* A scenario file that loads: merge judges its (here: no) expectations. */
    static const char source[] = "drsim: 1\nname: synthetic\ntrials: 9\nstrategies:\n"
                                 "  - { name: wait, kind: wait }\n"
                                 "  - { name: asr, kind: asr, target: northeurope }\n";
    sf_run w = {.trials = 9, .trace = 6, .source = source};
    int64_t wid = sf_write_run(whole, &w);
    sf_run a = {.trials = 9, .trace = 6, .first = 0, .end = 4, .shard_index = 1,
                .shard_count = 2, .source = source};
    sf_write_run(s1, &a);
    sf_run b = {.trials = 9, .trace = 6, .first = 4, .end = 9, .shard_index = 2,
                .shard_count = 2, .source = source};
    sf_write_run(s2, &b);

    th_result r = th_drsim_run("merge", s2, s1, "-o", out, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, ": run 1") != NULL, "%s", r.out);
    th_result_free(&r);
    char *x = sf_dump_rows(whole, wid), *y = sf_dump_rows(out, 1);
    cr_assert_str_eq(x, y);
    free(x);
    free(y);

    r = th_drsim_run("merge", s1, "-o", s1, NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "is also an input") != NULL, "%s", r.err);
    th_result_free(&r);
    r = th_drsim_run("merge", s1, NULL);
    cr_assert_eq(r.status, 2);
    th_result_free(&r);
    r = th_drsim_run("merge", s1, "-o", whole, NULL);
    cr_assert_eq(r.status, 2, "a lone shard: %s", r.err);
    cr_assert(strstr(r.err, "do not add up") != NULL, "%s", r.err);
    th_result_free(&r);
}
