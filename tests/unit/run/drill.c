/*
 * drill.c — the game master of `drsim drill`: a script and a runbook with the
 * same steps give the same outcome (the "identical outcomes"), the
 * clock moves only when told, refusals are answered and kept, unreadable
 * lines name their column, and a trial with nothing to rehearse is refused.
 *
 * Every case plays scenarios/drill-region-loss.yaml (West Europe burns;
 * Site Recovery to Germany West Central; a GRS media account) on trial 3,
 * whose first alert is at Tue 02:23 (5 minutes after the outage, the
 * monitor's delay) and whose status page posts at +20 m (25 minutes into
 * the outage), +50 m and +4 h 55 m.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/scenario/loader.h"
#include "models/world/world.h"
#include "reports/store/store.h"
#include "sim/run/drill.h"
#include "tests/support/helpers.h"

#define SCENARIO "scenarios/drill-region-loss.yaml"

static scn_scenario *load_text(const char *name, const char *text)
{
    scn_diags d;
    scn_diags_init(&d);
    scn_scenario *s = NULL;
    err_code rc = scn_load_buffer(name, text, strlen(text), &s, &d);
    if (rc != ERR_OK)
        scn_diags_print(&d, stderr);
    scn_diags_free(&d);
    cr_assert_eq(rc, ERR_OK);
    return s;
}

static scn_scenario *load_file(const char *path)
{
    char *text = th_read_file(path, NULL);
    cr_assert_not_null(text);
    scn_scenario *s = load_text(path, text);
    free(text);
    return s;
}

static drill *open_trial(const scn_scenario *s, uint64_t trial, const char *db, strbuf *out)
{
    drill_options o = {.has_trial = true, .trial = trial, .db = db, .scripted = true,
                       .debrief_trials = 200, .jobs = 1, .scenario_path = SCENARIO};
    drill *d = NULL;
    err_msg e = {0};
    cr_assert_eq(drill_open(s, &o, &d, out, &e), ERR_OK, "%s", e.text);
    return d;
}

static drill_state exec(drill *d, const char *line, strbuf *out)
{
    drill_state st;
    size_t col;
    err_msg e = {0};
    cr_assert_eq(drill_exec(d, line, out, &st, &col, &e), ERR_OK, "%s: %s", line, e.text);
    return st;
}

Test(drill, a_script_and_a_runbook_with_the_same_steps_give_the_same_outcome)
{
    char *text = th_read_file(SCENARIO, NULL);
    cr_assert_not_null(text);
    scn_scenario *s = load_text(SCENARIO, text);
    char db[512];
    snprintf(db, sizeof db, "%s/drill.db", th_tmpdir());
    strbuf out = {0};
    drill *d = open_trial(s, 3, db, &out);
    exec(d, "at 20m: recovery-plan failover --recovery-point latest", &out);
    exec(d, "at 35m: storage account failover media", &out);
    exec(d, "at 3h: recovery-plan commit", &out);
    cr_assert_eq(exec(d, "end", &out), DRILL_ENDED);
    int64_t id = drill_id(d);
    drill_close(d);

    store *st = NULL;
    store_drill *got = NULL;
    err_msg e = {0};
    cr_assert_eq(store_open(db, STORE_READ, &st, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(store_drill_read(st, id, &got, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(got->trial, 3);
    cr_assert_eq(got->nactions, 3);
    cr_assert(got->plays[0].team);

    /* The same steps as a runbook in the scenario, run as `drsim run` runs it. */
    const char *runbook = "  - name: team\n    kind: runbook\n    like: asr\n    steps:\n"
                          "      - {at: 20m, do: recovery-plan failover --recovery-point latest}\n"
                          "      - {at: 35m, do: storage account failover media}\n"
                          "      - {at: 3h, do: recovery-plan commit}\n\noutages:\n";
    char *at = strstr(text, "\noutages:\n");
    cr_assert_not_null(at);
    size_t n = strlen(text) + strlen(runbook) + 1;
    char *with = malloc(n);
    snprintf(with, n, "%.*s\n%s%s", (int)(at - text), text, runbook, at + strlen("\noutages:\n"));
    scn_scenario *r = load_text("with-runbook.yaml", with);
    const scn_strategy *team = NULL;
    for (size_t i = 0; i < r->nstrategies; i++)
        if (strcmp(r->strategies[i].name, "team") == 0)
            team = &r->strategies[i];
    cr_assert_not_null(team);
    world *w = world_create(&r->worlds[0], team, NULL, &e);
    oc_trial t;
    cr_assert_eq(world_run_trial(w, r->seed, 3, &t, NULL, &e), ERR_OK);
    for (int m = 0; m < OC_NMETRICS; m++) {
        cr_assert_eq(t.present[m], got->plays[0].outcome.present[m], "%s", oc_metrics[m].name);
        if (t.present[m])
            cr_assert(t.value[m] == got->plays[0].outcome.value[m], "%s: runbook %g, drill %g",
                      oc_metrics[m].name, t.value[m], got->plays[0].outcome.value[m]);
    }
    cr_assert(t.present[OC_RTO] && t.value[OC_RTO] > 0);
    world_destroy(w);
    store_drill_free(got);
    store_close(st);
    scn_free(r);
    scn_free(s);
    free(with);
    free(text);
    sb_free(&out);
}

Test(drill, the_clock_moves_only_when_told_and_stops_at_the_next_alert)
{
    scn_scenario *s = load_file(SCENARIO);
    char db[512];
    snprintf(db, sizeof db, "%s/clock.db", th_tmpdir());
    strbuf out = {0};
    drill *d = open_trial(s, 3, db, &out);
    cr_assert(strstr(sb_text(&out), "It is Tue 02:23. Your pager goes off.") != NULL, "%s",
              sb_text(&out));
    cr_assert(strstr(sb_text(&out), "ALERT Azure Monitor: the application is not serving") != NULL);
    sim_time t0 = drill_now(d);
    exec(d, "status", &out);
    exec(d, "help recovery-plan failover", &out);
    cr_assert_eq(drill_now(d), t0);
    sb_free(&out);
    exec(d, "wait until next alert", &out);
    cr_assert_eq(drill_now(d) - t0, 20 * SIM_MIN);
    cr_assert(strstr(sb_text(&out), "STATUS PAGE (westeurope): Investigating") != NULL, "%s",
              sb_text(&out));
    char prompt[64];
    cr_assert_str_eq(drill_prompt(d, prompt, sizeof prompt), "Tue 02:43 +20m> ");
    sb_free(&out);
    exec(d, "wait 30m", &out);
    cr_assert(strstr(sb_text(&out), "[ETA 6h: Tue 09:13]") != NULL, "%s", sb_text(&out));
    /* Nowhere does the drill say when the outage ends. */
    cr_assert(strstr(sb_text(&out), "outage ends") == NULL);
    drill_close(d);
    scn_free(s);
    sb_free(&out);
}

Test(drill, refusals_are_answered_with_the_reason)
{
    scn_scenario *s = load_file(SCENARIO);
    char db[512];
    snprintf(db, sizeof db, "%s/refuse.db", th_tmpdir());
    strbuf out = {0};
    drill *d = open_trial(s, 3, db, &out);
    sb_free(&out);
    exec(d, "recovery-plan commit", &out);
    cr_assert(strstr(sb_text(&out), "REFUSED: nothing to commit: no failover has run") != NULL,
              "%s", sb_text(&out));
    sb_free(&out);
    exec(d, "storage account failover media --failover-type planned", &out);
    cr_assert(strstr(sb_text(&out), "REFUSED: a planned failover needs both regions available") !=
                  NULL,
              "%s", sb_text(&out));
    drill_close(d);
    scn_free(s);
    sb_free(&out);
}

Test(drill, a_line_it_cannot_read_names_its_column_and_changes_nothing)
{
    scn_scenario *s = load_file(SCENARIO);
    char db[512];
    snprintf(db, sizeof db, "%s/bad.db", th_tmpdir());
    strbuf out = {0};
    drill *d = open_trial(s, 3, db, &out);
    sim_time t0 = drill_now(d);
    drill_state st;
    size_t col = 0;
    err_msg e = {0};
    cr_assert_eq(drill_exec(d, "  storage account failover medi", &out, &st, &col, &e),
                 ERR_INPUT);
    cr_assert_eq(col, 28);
    cr_assert_str_eq(e.text, "'medi' is not a storage account of the scenario");
    cr_assert_eq(drill_exec(d, "wait forever", &out, &st, &col, &e), ERR_INPUT);
    cr_assert_eq(col, 6);
    cr_assert_eq(drill_exec(d, "at 1h recovery-plan failover", &out, &st, &col, &e), ERR_INPUT);
    cr_assert_eq(col, 4);
    exec(d, "wait 1h", &out);
    cr_assert_eq(drill_exec(d, "at 10m: recovery-plan failover", &out, &st, &col, &e), ERR_INPUT);
    cr_assert_str_eq(e.text, "at 10m comes before the drill's clock (+1h): actions go in time "
                             "order");
    cr_assert_eq(drill_now(d) - t0, SIM_HOUR);
    drill_close(d);
    scn_free(s);
    sb_free(&out);
}

Test(drill, a_trial_that_disrupts_nothing_is_refused)
{
    const char *text = "drsim: 1\nname: quiet\nseed: 1\ntrials: 10\nhorizon: 2d\n"
                       "vms:\n  - {name: web, count: 1, region: northeurope}\n"
                       "outages:\n  - {region: westeurope, at: 1h, duration: 2h}\n"
                       "strategies:\n  - {name: w, kind: wait}\n";
    scn_scenario *s = load_text("quiet.yaml", text);
    drill_options o = {.has_trial = true, .trial = 0, .db = "/nonexistent/x.db"};
    drill *d = NULL;
    strbuf out = {0};
    err_msg e = {0};
    cr_assert_eq(drill_open(s, &o, &d, &out, &e), ERR_INPUT);
    cr_assert_null(d);
    cr_assert(strstr(e.text, "nothing to rehearse") != NULL, "%s", e.text);
    scn_free(s);
    sb_free(&out);
}
