/*
 * world.c — how a world keeps its derived state up to date: handlers of
 * storage.c, recovery.c and world.c only mark the world changed
 * (wi_changed); the engine's after-event hook, installed by world_create,
 * refreshes it once the handler has returned.
 *
 * White-box: these tests reach the world's engine through worldInt.h.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "models/world/worldInt.h"
#include "tests/support/fixture.h"

#define Z99 2.576

/* An LRS account and two VMs in West Europe, waiting out a 2-hour region
 * outage one hour into the trial. */
static void small_world(fx *f)
{
    fx_init(f);
    fx_account(f, "data", SCN_LRS);
    fx_vms(f, "web", 2, SCN_DISK_STANDARD, SCN_NONE, 120, 600);
    fx_outage(f, SCN_SCOPE_REGION, fx_const(3600), fx_const(7200), 0);
}

static world *make(fx *f)
{
    err_msg e;
    world *w = world_create(&f->w, &f->st, NULL, &e);
    cr_assert_not_null(w, "%s", e.text);
    return w;
}

static oc_trial run(world *w, oc_timeline *tl)
{
    err_msg e;
    oc_trial out;
    tl->enabled = true;
    cr_assert_eq(world_run_trial(w, 3, 0, &out, tl, &e), ERR_OK, "%s", e.text);
    return out;
}

/* Without the hook the handlers' changes are never worked out: the outage
 * starts and ends, but no account goes down, no VM stops, the application
 * never stops serving. So no handler refreshes the world by itself. */
Test(world, without_the_hook_no_change_is_worked_out)
{
    fx f;
    small_world(&f);
    world *w = make(&f);
    oc_timeline tl = {0};

    oc_trial with = run(w, &tl);
    cr_assert_eq(with.value[OC_DISRUPTED], 1);
    cr_assert_float_eq(with.value[OC_RTO], 7200 + 120, 1e-6);
    cr_assert_eq(fx_event_count(&tl, "storage_down", "data"), 1);
    cr_assert_eq(fx_event_count(&tl, "service_down", NULL), 1);

    sim_on_event(w->eng, NULL, NULL);
    oc_trial without = run(w, &tl);
    cr_assert_eq(fx_event_count(&tl, "outage_start", NULL), 1);
    cr_assert_eq(fx_event_count(&tl, "outage_end", NULL), 1);
    cr_assert_eq(fx_event_count(&tl, "storage_down", NULL), 0);
    cr_assert_eq(fx_event_count(&tl, "vm_down", NULL), 0);
    cr_assert_eq(fx_event_count(&tl, "service_down", NULL), 0);
    cr_assert_eq(without.value[OC_DISRUPTED], 0);

    /* Put back, the same trial gives the same result as before. */
    sim_on_event(w->eng, world_after_event, w);
    oc_trial again = run(w, &tl);
    cr_assert_eq(memcmp(again.value, with.value, sizeof with.value), 0);
    oc_timeline_free(&tl);
    world_destroy(w);
}

/* The hook as the engine sees it: after each event, whether its handler
 * marked the world changed, and what the refresh then recorded. */
typedef struct probe {
    world *w;
    oc_timeline *tl;
    int events, marked;
    bool outage_seen;       /* the outage's start was handled */
    size_t handler_len;     /* timeline length when that handler returned */
    size_t refreshed_len;   /* ... and after the hook's refresh */
} probe;

static void probe_hook(sim_engine *e, void *ctx)
{
    probe *p = ctx;
    p->events++;
    bool marked = p->w->changed;
    p->marked += marked;
    size_t before = p->tl->len;
    bool outage = !p->outage_seen && before > 0 &&
                  p->tl->events[before - 1].kind == OC_EV_OUTAGE_START;
    world_after_event(e, p->w);
    cr_assert(!p->w->changed, "the hook leaves the world settled");
    if (!marked)
        cr_assert_eq(p->tl->len, before, "no change marked, nothing refreshed");
    if (outage) {
        p->outage_seen = true;
        p->handler_len = before;
        p->refreshed_len = p->tl->len;
    }
}

/* The outage's handler only records the outage and marks the change; the
 * account going down, the VMs stopping and the application's disruption are
 * recorded after it returns, by the hook, at the same instant. */
Test(world, the_refresh_runs_after_the_handler_in_the_hook)
{
    fx f;
    small_world(&f);
    world *w = make(&f);
    oc_timeline tl = {.enabled = true};
    probe p = {.w = w, .tl = &tl};
    sim_on_event(w->eng, probe_hook, &p);
    oc_trial out = run(w, &tl);
    cr_assert(p.outage_seen);
    cr_assert_gt(p.marked, 0);
    cr_assert_leq(p.marked, p.events);
    cr_assert_gt(p.refreshed_len, p.handler_len, "the refresh recorded what followed");
    size_t down = 0, service = 0;
    for (size_t i = 0; i < p.handler_len; i++)
        cr_assert_neq(tl.events[i].kind, OC_EV_SERVICE_DOWN,
                      "nothing of the refresh before the handler returned");
    for (size_t i = p.handler_len; i < p.refreshed_len; i++) {
        down += tl.events[i].kind == OC_EV_STORAGE_DOWN;
        service += tl.events[i].kind == OC_EV_SERVICE_DOWN;
        cr_assert_eq(tl.events[i].t, tl.events[p.handler_len - 1].t);
    }
    cr_assert_eq(down, 1);
    cr_assert_eq(service, 1);
    cr_assert_eq(out.value[OC_DISRUPTED], 1);
    cr_assert_float_eq(out.value[OC_RTO], 7200 + 120, 1e-6);
    oc_timeline_free(&tl);
    world_destroy(w);
}

/* ---- what counts as data, and what it takes to serve ---------------------------------- */

/* A web tier of three VMs spread over the three zones, each with a data disk
 * written at 160 writes/s (1,280,000 B/s of 8 KiB writes), and zone 1
 * destroyed at 10 h: web-1's LRS disks are gone, the two other VMs keep the
 * tier up. */
static void spread_tier(fx *f)
{
    fx_init(f);
    scn_vm_group *g = fx_vms(f, "web", 3, SCN_DISK_STANDARD, SCN_NONE, 120, 600);
    g->placement = SCN_PLACE_SPREAD;
    fx_disk(f, g, SCN_DISK_STANDARD, SCN_NONE, 160 * 8192.0);
    fx_outage(f, SCN_SCOPE_ZONE, fx_const(36000), fx_const(7200), 1.0);
}

/* The application never stops serving, yet web-1's disk and its writes are
 * gone for good: they count as lost (they did not when nothing was
 * disrupted). The writes lost are web-1's data disk's 10 hours of Poisson
 * writes at 160/s: within 2.576 standard deviations (sqrt of the mean) of
 * 5,760,000. */
Test(world, a_disk_destroyed_under_a_tier_that_stays_up_is_data_lost)
{
    fx f;
    spread_tier(&f);
    oc_trial t[20];
    fx_run(&f, 7, 20, t);
    double mean = 160.0 * 36000;
    for (int i = 0; i < 20; i++) {
        cr_assert_eq(t[i].value[OC_DISRUPTED], 0, "trial %d: the tier stays up", i);
        cr_assert_eq(t[i].value[OC_RTO], 0);
        cr_assert_eq(t[i].value[OC_DATA_LOST_ALL], 1, "trial %d: web-1's disks are gone", i);
        cr_assert(!t[i].present[OC_RPO], "trial %d: the RPO of data lost for good is absent", i);
        cr_assert_lt(fabs(t[i].value[OC_DATA_LOSS_WRITES] - mean), Z99 * sqrt(mean),
                     "trial %d: %.0f writes lost, expected about %.0f", i,
                     t[i].value[OC_DATA_LOSS_WRITES], mean);
    }
}

/* The same tier, zone 1 down for two hours and not destroyed. Needing one VM
 * (the default, and the reading of every scenario before `needs`), the tier
 * rides it out; needing all three (or `all`), it is short of one VM from the
 * outage's start until web-1 has booted again: down for the RTO, which is
 * the outage plus the boot, exactly. */
Test(world, a_tier_short_of_the_vms_it_needs_is_down_for_the_rto)
{
    uint32_t needs[] = {1, 2, 3, 0};
    double rto[] = {0, 0, 7200 + 120, 7200 + 120};
    for (int k = 0; k < 4; k++) {
        fx f;
        spread_tier(&f);
        f.outages[0].destructive = fx_const(0);
        f.vms[0].needs = needs[k];
        oc_trial t[5];
        fx_run(&f, 7, 5, t);
        for (int i = 0; i < 5; i++) {
            cr_assert_eq(t[i].value[OC_DISRUPTED], rto[k] > 0, "needs %u", needs[k]);
            cr_assert_float_eq(t[i].value[OC_RTO], rto[k], 1e-6, "needs %u: RTO %.1f", needs[k],
                               t[i].value[OC_RTO]);
            /* Two VMs of three up all along: degraded for the whole RTO. */
            cr_assert_float_eq(t[i].value[OC_DEGRADED], rto[k], 1e-6);
            cr_assert_eq(t[i].value[OC_DATA_LOST_ALL], 0);
            cr_assert_float_eq(t[i].value[OC_RPO], 0, 1e-9);
        }
    }
}

/* A stateless tier: zone 1 destroyed takes web-1's disks, which held nothing
 * of the application's — no data lost, no writes counted, the RPO 0 — and
 * web-1 is rebuilt from its image in zone 1 once the zone is back (the
 * group's provision time, 600 s). Needing all three VMs, the tier is down
 * from the outage until then: 7200 + 600 s. The same tier stateful needs a
 * VM that never comes back: down to the horizon, and its data lost. */
Test(world, a_stateless_tier_loses_no_data_and_is_rebuilt_in_place)
{
    for (int stateless = 0; stateless < 2; stateless++) {
        fx f;
        spread_tier(&f);
        f.vms[0].stateless = stateless;
        f.vms[0].needs = 3;
        oc_timeline tl = {0};
        oc_trial t = fx_trace(&f, 7, 0, &tl);
        cr_assert_eq(t.value[OC_DISRUPTED], 1);
        if (stateless) {
            cr_assert_eq(t.value[OC_DATA_LOST_ALL], 0);
            cr_assert_eq(t.value[OC_DATA_LOSS_WRITES], 0);
            cr_assert_float_eq(t.value[OC_RPO], 0, 1e-9);
            cr_assert_float_eq(t.value[OC_RTO], 7200 + 600, 1e-6, "RTO %.1f", t.value[OC_RTO]);
            cr_assert_eq(fx_event_at(&tl, "vm_up", "web-1"), (36000 + 7200 + 600) * SIM_SEC);
            cr_assert_eq(fx_event_count(&tl, "provision_start", "web-1"), 1);
        } else {
            cr_assert_eq(t.value[OC_DATA_LOST_ALL], 1);
            cr_assert_gt(t.value[OC_DATA_LOSS_WRITES], 0);
            cr_assert(!t.present[OC_RPO]);
            cr_assert(!t.present[OC_RTO], "web-1 never comes back: never serving in full");
            cr_assert_eq(fx_event_count(&tl, "vm_up", "web-1"), 0);
        }
        oc_timeline_free(&tl);
    }
}

/* Once rebuilt, a stateless VM is on new disks: a later outage of its zone
 * that destroys nothing lets it boot where it is, as any VM would. */
Test(world, a_rebuilt_vm_is_on_new_disks)
{
    fx f;
    spread_tier(&f);
    f.vms[0].stateless = true;
    f.vms[0].needs = 3;
    fx_outage(&f, SCN_SCOPE_ZONE, fx_const(86400), fx_const(3600), 0);
    oc_timeline tl = {0};
    oc_trial t = fx_trace(&f, 7, 0, &tl);
    cr_assert_float_eq(t.value[OC_RTO], 7200 + 600, 1e-6);
    cr_assert_eq(fx_event_count(&tl, "provision_start", "web-1"), 1, "rebuilt once");
    cr_assert_eq(fx_event_count(&tl, "vm_up", "web-1"), 2, "rebuilt, then booted");
    cr_assert_eq(fx_event_count(&tl, "vm_lost", "web-1"), 1);
    oc_timeline_free(&tl);
}

/* Degraded and down in turn. Zone 1 is down from 10 h to 12 h and the whole
 * region from 11 h to 11 h 30: the tier, needing all three VMs, is degraded
 * from 10 h (two up), down from 11 h (none), degraded again once the other
 * two have booted (11 h 30 + 120 s), and serving once web-1 has booted (12 h
 * + 120 s). RTO 2 h + 120 s; degraded 1 h + 30 m. The timeline says which
 * tier fell short. */
Test(world, degraded_counts_the_time_of_the_rto_spent_short_of_capacity)
{
    fx f;
    spread_tier(&f);
    f.outages[0].destructive = fx_const(0);
    f.vms[0].needs = 0; /* all */
    fx_outage(&f, SCN_SCOPE_REGION, fx_const(39600), fx_const(1800), 0);
    oc_timeline tl = {0};
    oc_trial t = fx_trace(&f, 7, 0, &tl);
    cr_assert_float_eq(t.value[OC_RTO], 7200 + 120, 1e-6, "RTO %.1f", t.value[OC_RTO]);
    cr_assert_float_eq(t.value[OC_DEGRADED], 3600 + 1800, 1e-6, "degraded %.1f",
                       t.value[OC_DEGRADED]);
    bool said = false;
    for (size_t i = 0; i < tl.len; i++)
        said |= tl.events[i].kind == OC_EV_SERVICE_DOWN &&
                strstr(tl.events[i].detail, "degraded: tier web has 2 of the 3 VMs it needs");
    cr_assert(said);
    oc_timeline_free(&tl);

    /* Never back in full by the horizon: degraded to the horizon. */
    f.vms[0].stateless = false;
    f.outages[0].destructive = fx_const(1);
    f.w.noutages = 1;
    t = fx_trace(&f, 7, 0, &tl);
    cr_assert(!t.present[OC_RTO]);
    cr_assert_float_eq(t.value[OC_DEGRADED], 14 * 86400.0 - 36000, 1e-6);
    oc_timeline_free(&tl);
}
