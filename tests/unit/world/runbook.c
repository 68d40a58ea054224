/*
 * runbook.c — a runbook strategy's steps, the alerts they wait for, and the
 * operator's actions with their refusals.
 *
 * The anchor: a runbook `like: asr` whose one step runs the recovery plan
 * 30 minutes after the first alert does, trial by trial, exactly what the
 * asr strategy with `decide: 30m` does — the same recovery points, the same
 * RTO, the same writes lost — because both start the same machinery at the
 * same instant. Then each refusal the service would give, and the steps of
 * a trial in pieces (begin, advance, end) giving what one run gives.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/scenario/loader.h"
#include "models/world/opview.h"
#include "models/world/world.h"

#define N 200

/* A shop on managed disks with Site Recovery, a GRS media account it
 * writes to, an LRS logs account, VHDs of a legacy VM on a GRS account,
 * and a West Europe outage at 1 d for `duration`, with status notices. */
static const char *shop_with(const char *duration, const char *destructive, const char *extra,
                             const char *outage2)
{
    static char text[8192];
    snprintf(text, sizeof text,
             "drsim: 1\nname: rb\nseed: 11\ntrials: %d\nhorizon: 7d\n"
             "storage:\n"
             "  - {name: media, region: westeurope, redundancy: GRS, writes: {rate: 5/s, size: 4KiB}}\n"
             "  - {name: logs, region: westeurope, redundancy: LRS, writes: {rate: 1/s, size: 1KiB}}\n"
             "vms:\n"
             "  - name: sql\n    count: 2\n    region: westeurope\n"
             "    os_disk: {size: 128GiB, kind: premium, churn: 50KB/s}\n"
             "  - name: web\n    count: 2\n    region: westeurope\n"
             "    os_disk: {size: 64GiB, kind: standard, churn: 100KB/s}\n"
             "apps:\n  - {name: shop, tiers: [sql, web], data: [media]}\n"
             "detection: {monitor: 5m}\n"
             "strategies:\n"
             "  - {name: asr, kind: asr, target: germanywestcentral, decide: 30m}\n"
             "%s"
             "outages:\n  - region: westeurope\n    at: 1d\n    duration: \"%s\"\n"
             "    destructive: %s\n"
             "    status_page:\n"
             "      - {after: 20m, text: investigating}\n"
             "      - {after: 50m, text: \"fire; ETA 6h\", eta: 6h}\n"
             "%s",
             N, extra, duration, destructive, outage2);
    return text;
}

static const char *shop(const char *duration, const char *destructive, const char *extra)
{
    return shop_with(duration, destructive, extra, "");
}

static scn_scenario *load(const char *text)
{
    scn_diags d;
    scn_diags_init(&d);
    scn_scenario *s = NULL;
    err_code rc = scn_load_buffer("rb.yaml", text, strlen(text), &s, &d);
    if (rc != ERR_OK)
        scn_diags_print(&d, stderr);
    scn_diags_free(&d);
    cr_assert_eq(rc, ERR_OK, "%s", text);
    return s;
}

static const scn_strategy *strategy(const scn_scenario *s, const char *name)
{
    for (size_t i = 0; i < s->nstrategies; i++)
        if (strcmp(s->strategies[i].name, name) == 0)
            return &s->strategies[i];
    cr_assert_fail("no strategy %s", name);
    return NULL;
}

static void run(const scn_scenario *s, const char *name, uint64_t trial, oc_trial *out,
                oc_timeline *tl)
{
    err_msg e = {0};
    world *w = world_create(&s->worlds[0], strategy(s, name), NULL, &e);
    cr_assert_not_null(w);
    cr_assert_eq(world_run_trial(w, s->seed, trial, out, tl, &e), ERR_OK, "%s", e.text);
    world_destroy(w);
}

Test(runbook, a_runbook_like_asr_at_30m_is_the_asr_strategy_trial_by_trial)
{
    scn_scenario *s = load(shop("lognormal(p50=8h, p99=3d)", "0.3",
                                "  - name: team\n    kind: runbook\n    like: asr\n"
                                "    steps:\n      - {at: 30m, do: recovery-plan failover}\n"
                                "      - {at: 30m, do: storage account failover media}\n"));
    for (uint64_t k = 0; k < N; k++) {
        oc_trial a, b;
        run(s, "asr", k, &a, NULL);
        run(s, "team", k, &b, NULL);
        for (int m = 0; m < OC_NMETRICS; m++) {
            cr_assert_eq(a.present[m], b.present[m], "trial %llu metric %d",
                         (unsigned long long)k, m);
            if (a.present[m] && m != OC_FAILED_OVER)
                cr_assert(a.value[m] == b.value[m] || (isnan(a.value[m]) && isnan(b.value[m])),
                          "trial %llu metric %s: asr %g, runbook %g", (unsigned long long)k,
                          oc_metrics[m].name, a.value[m], b.value[m]);
        }
    }
    scn_free(s);
}

/* The events of one trial of `name`, as text, for the refusal tests. */
static char *events(const scn_scenario *s, const char *name, uint64_t trial)
{
    oc_timeline tl = {.enabled = true};
    oc_trial t;
    run(s, name, trial, &t, &tl);
    size_t n = 0;
    for (size_t i = 0; i < tl.len; i++)
        n += strlen(tl.events[i].detail) + strlen(oc_event_kinds[tl.events[i].kind].name) + 4;
    char *out = calloc(n + 1, 1);
    cr_assert_not_null(out);
    for (size_t i = 0; i < tl.len; i++) {
        strcat(out, oc_event_kinds[tl.events[i].kind].name);
        strcat(out, ": ");
        strcat(out, tl.events[i].detail);
        strcat(out, "\n");
    }
    oc_timeline_free(&tl);
    return out;
}

Test(runbook, the_service_refuses_what_it_would_refuse_with_the_reason)
{
    scn_scenario *s = load(shop(
        "2d", "0",
        "  - name: team\n    kind: runbook\n    like: asr\n    steps:\n"
        "      - {at: 1m, do: storage account failover logs}\n"
        "      - {at: 2m, do: storage account failover media --failover-type planned}\n"
        "      - {at: 3m, do: recovery-plan commit}\n"
        "      - {at: 4m, do: recovery-plan reprotect}\n"
        "      - {at: 5m, do: vm create web}\n"
        "      - {at: 6m, do: backup restore --use-secondary-region}\n"
        "      - {at: 7m, do: storage account failover media}\n"
        "      - {at: 8m, do: storage account failover media}\n"));
    char *ev = events(s, "team", 0);
    cr_assert(strstr(ev, "refused: storage account failover logs: logs is LRS: it has no "
                         "secondary region to fail over to") != NULL, "%s", ev);
    cr_assert(strstr(ev, "refused: storage account failover media --failover-type planned: a "
                         "planned failover needs both regions available") != NULL, "%s", ev);
    cr_assert(strstr(ev, "refused: recovery-plan commit: nothing to commit: no failover has run") !=
                  NULL, "%s", ev);
    cr_assert(strstr(ev, "refused: recovery-plan reprotect: re-protect needs a committed failover") !=
                  NULL, "%s", ev);
    cr_assert(strstr(ev, "refused: vm create web: web-1 still exists: delete the VMs of web first") !=
                  NULL, "%s", ev);
    cr_assert(strstr(ev, "refused: backup restore --use-secondary-region: no VM of the application "
                         "is down and protected by a backup policy") != NULL, "%s", ev);
    cr_assert(strstr(ev, "operator: storage account failover media: unplanned failover of media to "
                         "northeurope started") != NULL, "%s", ev);
    cr_assert(strstr(ev, "refused: storage account failover media: a failover of media is already "
                         "under way") != NULL, "%s", ev);
    free(ev);
    scn_free(s);
}

Test(runbook, site_recovery_refuses_while_its_target_region_is_down)
{
    /* The outage takes the target region (Germany West Central) instead. */
    scn_scenario *s = load(shop_with("2d", "0",
                                     "  - name: team\n    kind: runbook\n    like: asr\n"
                                     "    steps:\n      - {at: 1m, do: recovery-plan failover}\n",
                                     "  - {region: germanywestcentral, at: 1h, duration: 3d}\n"));
    char *ev = events(s, "team", 0);
    cr_assert(strstr(ev, "refused: recovery-plan failover: the target germanywestcentral is "
                         "down: \"you can't perform Site Recovery management operations") != NULL, "%s", ev);
    free(ev);
    scn_free(s);
}

Test(runbook, a_when_step_waits_for_its_alert_and_an_eta_over_its_bound)
{
    /* Notices at outage start (1 d) + 20 m (no ETA) and + 50 m (ETA 6 h):
     * `status eta > 4h` fires at + 50 m; `status eta > 8h` never. */
    scn_scenario *s = load(shop("2d", "0",
                                "  - name: team\n    kind: runbook\n    like: asr\n    steps:\n"
                                "      - {when: status eta > 4h, after: 1m, do: storage account failover media}\n"
                                "      - {when: status eta > 8h, do: vm delete sql}\n"));
    err_msg e = {0};
    world *w = world_create(&s->worlds[0], strategy(s, "team"), NULL, &e);
    cr_assert_not_null(w);
    cr_assert_eq(world_trial_begin(w, s->seed, 0, NULL, &e), ERR_OK);
    cr_assert_eq(world_trial_advance(w, 2 * SIM_DAY, &e), ERR_OK);
    cr_assert_eq(ov_nacts(w), 1);
    ov_act a = ov_act_at(w, 0);
    cr_assert_eq(a.t, SIM_DAY + 51 * SIM_MIN, "the step at %lld", (long long)a.t);
    cr_assert(!a.refused, "%s", a.answer);
    cr_assert(strncmp(a.answer, "unplanned failover of media to northeurope started", 50) == 0,
              "%s", a.answer);
    /* The alerts: the app down at 1 d + 5 m, the two notices. */
    cr_assert_geq(ov_nalerts(w), 3);
    cr_assert_eq(ov_alert_at(w, 0).t, SIM_DAY + 5 * SIM_MIN);
    cr_assert_eq(ov_alert_at(w, 0).kind, SCN_ALERT_APP_DOWN);
    cr_assert_eq(world_first_alert(w), SIM_DAY + 5 * SIM_MIN);
    world_destroy(w);
    scn_free(s);
}

Test(runbook, a_trial_in_steps_gives_what_one_run_gives)
{
    scn_scenario *s = load(shop("lognormal(p50=8h, p99=3d)", "0.3",
                                "  - name: team\n    kind: runbook\n    like: asr\n"
                                "    steps:\n      - {at: 45m, do: recovery-plan failover}\n"
                                "      - {at: 50m, do: storage account failover media}\n"));
    err_msg e = {0};
    world *w = world_create(&s->worlds[0], strategy(s, "team"), NULL, &e);
    for (uint64_t k = 0; k < 40; k++) {
        oc_trial whole, steps;
        cr_assert_eq(world_run_trial(w, s->seed, k, &whole, NULL, &e), ERR_OK);
        cr_assert_eq(world_trial_begin(w, s->seed, k, NULL, &e), ERR_OK);
        for (sim_time t = 0; t < 3 * SIM_DAY; t += 37 * SIM_MIN)
            cr_assert_eq(world_trial_advance(w, t, &e), ERR_OK);
        cr_assert_eq(world_trial_end(w, &steps, &e), ERR_OK);
        cr_assert(memcmp(whole.value, steps.value, sizeof whole.value) == 0 &&
                      memcmp(whole.present, steps.present, sizeof whole.present) == 0,
                  "trial %llu", (unsigned long long)k);
    }
    world_destroy(w);
    scn_free(s);
}

Test(runbook, the_dashboards_do_not_tell_how_long_the_outage_lasts)
{
    /* Two outages identical but for their durations (6 h and 60 h): at
     * +2 h, while both last, the operator sees the same thing. */
    const char *team = "  - name: team\n    kind: runbook\n    like: asr\n    steps:\n"
                       "      - {at: 10m, do: recovery-plan failover}\n";
    scn_scenario *a = load(shop("6h", "0", team));
    scn_scenario *b = load(shop("60h", "0", team));
    err_msg e = {0};
    world *wa = world_create(&a->worlds[0], strategy(a, "team"), NULL, &e);
    world *wb = world_create(&b->worlds[0], strategy(b, "team"), NULL, &e);
    cr_assert_eq(world_trial_begin(wa, a->seed, 3, NULL, &e), ERR_OK);
    cr_assert_eq(world_trial_begin(wb, b->seed, 3, NULL, &e), ERR_OK);
    cr_assert_eq(world_trial_advance(wa, SIM_DAY + 2 * SIM_HOUR, &e), ERR_OK);
    cr_assert_eq(world_trial_advance(wb, SIM_DAY + 2 * SIM_HOUR, &e), ERR_OK);
    strbuf x = {0}, y = {0};
    ov_status(wa, &x);
    ov_status(wb, &y);
    cr_assert_str_eq(sb_text(&x), sb_text(&y));
    cr_assert(strstr(sb_text(&x), "Site Recovery to germanywestcentral") != NULL, "%s",
              sb_text(&x));
    cr_assert(strstr(sb_text(&x), "media") != NULL && strstr(sb_text(&x), "Last Sync Time") != NULL,
              "%s", sb_text(&x));
    sb_free(&x);
    sb_free(&y);
    world_destroy(wa);
    world_destroy(wb);
    scn_free(a);
    scn_free(b);
}
