/*
 * verify.c — `drsim run --verify`, the determinism check: a run whose
 * sample gives the same outcomes twice passes and stores exactly what a run
 * without the check stores; two passes that differ in one trial fail with
 * ERR_INTERNAL (exit 3) naming the variant and the trial; the hash notices
 * any change of a metric, its presence, the consistency or the timeline.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/store/store.h"
#include "sim/run/runner.h"
#include "sim/run/verify.h"
#include "tests/support/fixture.h"
#include "tests/support/helpers.h"
#include "tests/support/store_fixture.h"

enum { NVAR = 3, TRIALS = 150 };

static fx worlds[NVAR];
static scn_variant vars[NVAR];
static scn_scenario scn;

static void build(void)
{
    store_global_init();
    fx_three(worlds, vars, &scn, "verify", TRIALS);
}

TestSuite(verify, .init = build);

typedef struct recorder {
    verify_set *vs;
    uint64_t perturb_variant, perturb_trial; /* UINT64_MAX: none */
} recorder;

static err_code record(void *ctx, uint32_t variant, const oc_trial *t, const oc_timeline *tl,
                       err_msg *e)
{
    (void)e;
    recorder *r = ctx;
    oc_trial copy = *t;
    if (variant == r->perturb_variant && t->trial == r->perturb_trial)
        copy.value[OC_RTO] = nextafter(copy.value[OC_RTO], INFINITY); /* one ulp */
    verify_record(r->vs, variant, &copy, tl);
    return ERR_OK;
}

/* Runs the fixture's trials [first, end) on `jobs` threads into a new set. */
static verify_set *first_pass(const bool *selected, uint32_t shard, uint32_t nshards,
                              unsigned jobs, uint64_t trace, uint64_t perturb_variant,
                              uint64_t perturb_trial)
{
    uint64_t first, end;
    run_slice(TRIALS, shard, nshards, &first, &end);
    err_msg e;
    recorder r = {NULL, perturb_variant, perturb_trial};
    cr_assert_eq(verify_create(&scn, selected, first, end, &r.vs, &e), ERR_OK);
    run_options o = {.seed = 9, .trials = TRIALS, .jobs = jobs, .shard_index = shard,
                     .shard_count = nshards, .trace = trace, .selected = selected};
    cr_assert_eq(run_trials(&scn, &o, record, &r, &e), ERR_OK, "%s", e.text);
    return r.vs;
}

Test(verify, the_same_outcomes_twice_pass)
{
    bool some[NVAR] = {true, false, true};
    struct {
        const bool *selected;
        uint32_t shard, nshards;
        unsigned jobs;
        uint64_t trace;
    } cases[] = {{NULL, 1, 1, 1, 0}, {NULL, 1, 1, 2, 5}, {some, 2, 3, 2, 60}, {NULL, 3, 3, 3, 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        verify_set *vs = first_pass(cases[i].selected, cases[i].shard, cases[i].nshards,
                                    cases[i].jobs, cases[i].trace, UINT64_MAX, UINT64_MAX);
        err_msg e;
        err_clear(&e);
        world_limits limits = {0, 0};
        cr_assert_eq(verify_rerun(vs, 9, cases[i].trace, &limits, NULL, &e), ERR_OK,
                     "case %zu: %s", i, e.text);
        verify_free(vs);
    }
}

Test(verify, one_differing_outcome_fails_naming_variant_and_trial)
{
    verify_set *vs = first_pass(NULL, 1, 1, 2, 0, 1, 17);
    err_msg e;
    world_limits limits = {0, 0};
    err_code rc = verify_rerun(vs, 9, 0, &limits, NULL, &e);
    cr_assert_eq(rc, ERR_INTERNAL, "%s", e.text);
    cr_assert_eq(err_exit_status(rc), 3);
    cr_assert(strncmp(e.text, "determinism check failed: variant geo-restore, trial 17: its "
                              "outcome differs when run again (hash ",
                      98) == 0,
              "%s", e.text);
    verify_free(vs);

    /* The same through verify_compare of two first passes. */
    verify_set *a = first_pass(NULL, 1, 1, 1, 3, UINT64_MAX, UINT64_MAX);
    verify_set *b = first_pass(NULL, 1, 1, 2, 3, 2, 99);
    cr_assert_eq(verify_compare(a, a, &e), ERR_OK);
    cr_assert_eq(verify_compare(a, b, &e), ERR_INTERNAL);
    cr_assert(strstr(e.text, "variant asr, trial 99:") != NULL, "%s", e.text);
    verify_free(b);

    /* A trial one pass never ran is a failure too, not a pass. */
    err_clear(&e);
    cr_assert_eq(verify_create(&scn, NULL, 0, TRIALS, &b, &e), ERR_OK);
    cr_assert_eq(verify_compare(a, b, &e), ERR_INTERNAL);
    cr_assert(strstr(e.text, "variant wait, trial 0 was not run by both passes") != NULL, "%s",
              e.text);
    verify_free(a);
    verify_free(b);
    verify_free(NULL);
}

Test(verify, the_hash_sees_every_part_of_an_outcome)
{
    oc_trial t;
    oc_trial_init(&t, 4);
    oc_set(&t, OC_RPO, 12.5);
    oc_set(&t, OC_RTO, 3600);
    t.consistency = "crash";
    uint64_t h = verify_hash(&t, NULL);
    oc_trial u = t;
    u.value[OC_RPO] = nextafter(12.5, 13);
    cr_assert_neq(verify_hash(&u, NULL), h, "one ulp");
    u = t;
    u.present[OC_DATA_LOST_ALL] = true;
    u.value[OC_DATA_LOST_ALL] = 0;
    cr_assert_neq(verify_hash(&u, NULL), h, "presence");
    u = t;
    u.consistency = NULL;
    cr_assert_neq(verify_hash(&u, NULL), h, "consistency");
    u = t;
    u.trial = 5;
    cr_assert_neq(verify_hash(&u, NULL), h, "trial number");
    u = t;
    u.value[OC_DRILL_RTO] = 99; /* absent: its value does not count */
    cr_assert_eq(verify_hash(&u, NULL), h);

    oc_timeline tl = {.enabled = true};
    oc_event_add(&tl, 10, OC_EV_OUTAGE_START, "westeurope", "region");
    uint64_t ht = verify_hash(&t, &tl);
    cr_assert_neq(ht, h);
    oc_timeline_clear(&tl);
    oc_event_add(&tl, 11, OC_EV_OUTAGE_START, "westeurope", "region");
    cr_assert_neq(verify_hash(&t, &tl), ht, "event time");
    oc_timeline_free(&tl);
}

Test(verify, run_verify_passes_and_stores_what_a_plain_run_stores)
{
    const char *dir = th_tmpdir();
    const char *scn_file = th_scenario(dir, "s.yaml", "verified", 120, NULL);
    char a[600], b[600];
    snprintf(a, sizeof a, "%s/a.db", dir);
    snprintf(b, sizeof b, "%s/b.db", dir);
    th_result r = th_drsim_run("run", scn_file, "--db", a, "--trace", "3", "--quiet", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_result_free(&r);
    r = th_drsim_run("run", scn_file, "--db", b, "--trace", "3", "--verify", "--jobs", "2",
                     "--quiet", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_result_free(&r);
    char *x = sf_dump_rows(a, 1), *y = sf_dump_rows(b, 1);
    cr_assert_str_eq(x, y);
    free(x);
    free(y);
    r = th_drsim_run("check", scn_file, "--db", b, "--verify", "--shard", "1/2", "--quiet",
                     NULL);
    cr_assert_eq(r.status, 2, "check takes no shard: %s", r.err);
    th_result_free(&r);
    r = th_drsim_run("run", scn_file, "--db", b, "--verify", "--shard", "2/2", "--jobs", "1",
                     "--quiet", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_result_free(&r);
}
