/*
 * trials_auto.c — trials: auto: pilot runs of 1,000, 2,000, ... trials until
 * every expectation is decided, the same choice for any --jobs and in every
 * shard (so shards merge into the unsharded run), the reason stored with
 * the run, and the cap said when it is reached.
 *
 * zone-to-zone.yaml at 1,000 trials leaves three expectations inconclusive
 * (its shares of data lost sit within their intervals of 0.45) and decides
 * them all at 2,000: the choice is 2,000.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/helpers.h"
#include "tests/support/store_fixture.h"

#define Z2Z "scenarios/zone-to-zone.yaml"

static const char *db_at(const char *name)
{
    static char path[4][600];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", th_tmpdir(), name);
    return p;
}

/* Every trial's values of a database's one run, in order, as text. */
static char *trials_of(const char *db)
{
    return sf_query(db, "SELECT group_concat(v.name || ':' || t.trial || ':' || "
                        "coalesce(t.rpo_s, 'lost') || ':' || coalesce(t.rto_s, 'never'), ' ') "
                        "FROM (SELECT * FROM trial ORDER BY variant_id, trial) AS t "
                        "JOIN variant AS v ON v.id = t.variant_id");
}

Test(trials_auto, runs_until_every_expectation_is_decided_and_says_why)
{
    const char *db = db_at("auto.db");
    th_result r = th_drsim_run("run", Z2Z, "--trials", "auto", "--db", db, "--quiet", "--jobs",
                               "1", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_result_free(&r);
    cr_assert_eq(sf_count(db, "SELECT trials FROM run"), 2000);
    char *why = sf_query(db, "SELECT stopped FROM run");
    cr_assert_str_eq(why, "trials: auto: every expectation decided at 95% reached after 2000 "
                          "trials (1000: 3 inconclusive; 2000: 0 inconclusive)");
    free(why);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM expectation WHERE verdict <> 'pass'"), 0);

    /* Another --jobs: the same choice and the same trials. */
    const char *db2 = db_at("auto2.db");
    r = th_drsim_run("run", Z2Z, "--trials", "auto", "--db", db2, "--quiet", "--jobs", "2", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_result_free(&r);
    char *a = trials_of(db), *b = trials_of(db2);
    cr_assert_str_eq(a, b);
    free(b);

    /* Shards choose alike (each runs the pilots) and merge into the run. */
    const char *s1 = db_at("s1.db"), *s2 = db_at("s2.db");
    const char *merged = db_at("merged.db");
    const char *shards[2] = {s1, s2};
    for (int k = 0; k < 2; k++) {
        char shard[8];
        snprintf(shard, sizeof shard, "%d/2", k + 1);
        r = th_drsim_run("run", Z2Z, "--trials", "auto", "--shard", shard, "--db", shards[k],
                         "--quiet", NULL);
        cr_assert_eq(r.status, 0, "%s", r.err);
        th_result_free(&r);
    }
    r = th_drsim_run("merge", s1, s2, "-o", merged, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_result_free(&r);
    b = trials_of(merged);
    cr_assert_str_eq(a, b, "the merged shards differ from the unsharded run");
    free(a);
    free(b);
    why = sf_query(merged, "SELECT stopped FROM run");
    cr_assert(strstr(why, "after 2000 trials") != NULL, "%s", why);
    free(why);
}

Test(trials_auto, a_cap_reached_is_said_and_leaves_the_verdicts_inconclusive)
{
    const char *db = db_at("cap.db");
    th_result r = th_drsim_run("run", Z2Z, "--trials", "auto", "--max-trials", "1000", "--db",
                               db, "--quiet", NULL);
    cr_assert_eq(r.status, 1, "3 inconclusive at the cap: %s", r.err);
    th_result_free(&r);
    char *why = sf_query(db, "SELECT stopped FROM run");
    cr_assert(strstr(why, "NOT reached: the cap after 1000 trials") != NULL, "%s", why);
    free(why);
}

Test(trials_auto, a_precision_asks_for_more_trials_and_a_scenario_may_say_auto)
{
    /* The flagship's expectations are decided at 1,000 trials; its RTO p95
     * within 2 % needs more. */
    char scn[600];
    snprintf(scn, sizeof scn, "%s/auto.yaml", th_tmpdir());
    char *yaml = th_read_file("scenarios/flagship.yaml", NULL);
    cr_assert_not_null(yaml);
    char *t = strstr(yaml, "\ntrials: 2000\n");
    cr_assert_not_null(t);
    memcpy(t, "\ntrials: auto\n", 14); /* same length */
    cr_assert_eq(th_write_file(scn, yaml), 0);
    free(yaml);
    const char *db = db_at("precision.db");
    th_result r = th_drsim_run("run", scn, "--db", db, "--quiet", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_result_free(&r);
    cr_assert_eq(sf_count(db, "SELECT trials FROM run"), 1000);
    r = th_drsim_run("run", scn, "--db", db, "--quiet", "--precision", "2%", "--variant", "asr",
                     "--max-trials", "4000", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_result_free(&r);
    int n = sf_count(db, "SELECT trials FROM run WHERE id = 2");
    cr_assert_gt(n, 1000, "a 2%% precision needs more than 1000 trials");
    /* Every figure counts, not only RPO and RTO: the least precise one is
     * named at each step. */
    char *why = sf_query(db, "SELECT stopped FROM run WHERE id = 2");
    cr_assert(strstr(why, "every figure within 2%") != NULL, "%s", why);
    cr_assert(strstr(why, "1000: 0 inconclusive, imprecise: asr ") != NULL, "%s", why);
    free(why);
    /* --print says auto. */
    r = th_drsim_run("validate", "--print", scn, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "\ntrials: auto\n") != NULL, "%s", r.out);
    th_result_free(&r);
}
