/*
 * store_drill.c — drills in the results database: a drill written is read back
 * exactly (absent metrics stay absent, infinite percentiles come back
 * infinite), a write that fails leaves nothing, a missing id is an input
 * error naming the file, and the list gives the team's RTO and RPO.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "reports/store/store.h"
#include "tests/support/helpers.h"
#include "tests/support/store_fixture.h"

static store_drill sample(store_drill_action *acts, oc_event *evs, store_drill_play *plays,
                          store_drill_rank *ranks, store_drill_verdict *verdicts)
{
    acts[0] = (store_drill_action){0, 1764817200.5, "recovery-plan commit",
                                   "nothing to commit: no failover has run", true};
    acts[1] = (store_drill_action){1500, 0, "recovery-plan failover",
                                   "failover of the recovery plan started", false};
    evs[0] = (oc_event){.t = 123456789, .kind = OC_EV_ALERT};
    snprintf(evs[0].detail, sizeof evs[0].detail, "Azure Monitor: down");
    evs[1] = (oc_event){.t = 223456789, .kind = OC_EV_OPERATOR};
    snprintf(evs[1].subject, sizeof evs[1].subject, "shop");
    oc_trial_init(&plays[0].outcome, 0);
    oc_set(&plays[0].outcome, OC_RTO, 3935.5);
    oc_set(&plays[0].outcome, OC_RPO, 287.25);
    plays[0].outcome.consistency = "crash";
    plays[0].who = "team";
    plays[0].team = true;
    oc_trial_init(&plays[1].outcome, 0);
    oc_set(&plays[1].outcome, OC_RPO, 0); /* RTO absent: never back */
    plays[1].who = "wait";
    plays[1].team = false;
    ranks[0] = (store_drill_rank){"wait", OC_RTO, 500, 0.25, 0, 0.75, INFINITY, INFINITY};
    ranks[1] = (store_drill_rank){"asr", OC_RPO, 500, 0.596, 0.002, 0.402, 283.5, 346.25};
    verdicts[0] = (store_drill_verdict){"rto.p95 <= 4h", "rto", 3935.5, true};
    verdicts[1] = (store_drill_verdict){"rpo.p99 <= 1m", "rpo", NAN, false};
    return (store_drill){.scenario = "drill-region-loss", .path = "scenarios/x.yaml",
                         .sha256 = "abc", .version = "0.1.0", .created = 1764817000.25,
                         .finished = 1764817999.75, .mode = "script", .ended = "horizon",
                         .seed = 20261204, .trial = 3, .t_alert = 94980, .t_end = 604800,
                         .horizon = 604800, .actions = acts, .nactions = 2, .events = evs,
                         .nevents = 2, .plays = plays, .nplays = 2, .ranks = ranks, .nranks = 2,
                         .verdicts = verdicts, .nverdicts = 2};
}

Test(store_drill, a_drill_is_read_back_exactly)
{
    char db[512];
    snprintf(db, sizeof db, "%s/drill-rt.db", th_tmpdir());
    unlink(db);
    store_drill_action acts[2];
    oc_event evs[2];
    store_drill_play plays[2];
    store_drill_rank ranks[2];
    store_drill_verdict verdicts[2];
    store_drill d = sample(acts, evs, plays, ranks, verdicts);
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(db, STORE_WRITE, &st, &e), ERR_OK, "%s", e.text);
    int64_t id = 0;
    cr_assert_eq(store_drill_write(st, &d, &id, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(id, 1);
    store_drill *r = NULL;
    cr_assert_eq(store_drill_read(st, id, &r, &e), ERR_OK, "%s", e.text);
    cr_assert_str_eq(r->scenario, "drill-region-loss");
    cr_assert_str_eq(r->mode, "script");
    cr_assert_str_eq(r->ended, "horizon");
    cr_assert_eq(r->seed, 20261204);
    cr_assert_eq(r->trial, 3);
    cr_assert(r->t_alert == 94980 && r->created == 1764817000.25);
    cr_assert_eq(r->nactions, 2);
    cr_assert(r->actions[0].refused && !r->actions[1].refused);
    cr_assert(r->actions[0].wall == 1764817200.5 && r->actions[1].wall == 0);
    cr_assert_str_eq(r->actions[1].answer, "failover of the recovery plan started");
    cr_assert_eq(r->nevents, 2);
    cr_assert_eq(r->events[0].kind, OC_EV_ALERT);
    cr_assert_eq(r->events[1].t, 223456789);
    cr_assert_str_eq(r->events[1].subject, "shop");
    cr_assert_eq(r->nplays, 2);
    cr_assert(r->plays[0].team && r->plays[0].outcome.value[OC_RTO] == 3935.5);
    cr_assert_str_eq(r->plays[0].outcome.consistency, "crash");
    cr_assert(!r->plays[1].outcome.present[OC_RTO] && r->plays[1].outcome.present[OC_RPO]);
    cr_assert_eq(r->nranks, 2);
    cr_assert(isinf(r->ranks[0].p50) && r->ranks[1].p95 == 346.25);
    cr_assert_eq(r->ranks[1].metric, OC_RPO);
    cr_assert_eq(r->nverdicts, 2);
    cr_assert(isnan(r->verdicts[1].observed) && !r->verdicts[1].pass);
    store_drill_free(r);

    store_drill_summary *list = NULL;
    size_t n = 0;
    cr_assert_eq(store_drills_list(st, &list, &n, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(n, 1);
    cr_assert(list[0].rto == 3935.5 && list[0].rpo == 287.25);
    store_drills_free(list, n);
    store_close(st);
}

Test(store_drill, a_failed_write_leaves_nothing_and_a_missing_id_names_the_file)
{
    char db[512];
    snprintf(db, sizeof db, "%s/drill-fail.db", th_tmpdir());
    unlink(db);
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(db, STORE_WRITE, &st, &e), ERR_OK, "%s", e.text);
    store_close(st);
    /* A table gone: the write fails after the drill row went in. */
    sqlite3 *h = NULL;
    cr_assert_eq(sqlite3_open(db, &h), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(h, "DROP TABLE drill_verdict", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    store_drill_action acts[2];
    oc_event evs[2];
    store_drill_play plays[2];
    store_drill_rank ranks[2];
    store_drill_verdict verdicts[2];
    store_drill d = sample(acts, evs, plays, ranks, verdicts);
    cr_assert_eq(store_open(db, STORE_WRITE, &st, &e), ERR_OK, "%s", e.text);
    int64_t id = 0;
    cr_assert_neq(store_drill_write(st, &d, &id, &e), ERR_OK);
    store_close(st);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM drill"), 0);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM drill_action"), 0);

    cr_assert_eq(store_open(db, STORE_READ, &st, &e), ERR_OK, "%s", e.text);
    store_drill *r = NULL;
    cr_assert_eq(store_drill_read(st, 7, &r, &e), ERR_INPUT);
    cr_assert_null(r);
    char want[600];
    snprintf(want, sizeof want, "no drill 7 in %s (drsim runs lists the drills)", db);
    cr_assert_str_eq(e.text, want);
    store_close(st);
}
