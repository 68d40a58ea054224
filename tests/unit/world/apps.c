/*
 * apps.c — applications deployed in several regions: Traffic Manager's
 * priority routing, Front Door's origins in and out of rotation, a manual
 * switch, warm standbys scaling out, data
 * written locally or to one primary, and the read-only mode, each against
 * its closed form.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "models/world/worldInt.h"
#include "tests/support/fixture.h"

#define Z99 2.576

/* A stateless web tier of two VMs in West Europe and the same tier in North
 * Europe, behind Traffic Manager (30 s probes, 10 s timeout, 3 tolerated,
 * TTL 30 s); West Europe is down for 6 h at a time uniform over the first
 * day (so the probes' phase against the outage is uniform). */
static void two_regions(fx *f)
{
    fx_init(f);
    scn_vm_group *we = fx_vms(f, "web-we", 2, SCN_DISK_STANDARD, SCN_NONE, 120, 600);
    we->stateless = true;
    scn_vm_group *ne = fx_vms(f, "web-ne", 2, SCN_DISK_STANDARD, SCN_NONE, 120, 600);
    ne->stateless = true;
    ne->region = FX_NORTHEUROPE;
    ne->tier = 0;
    f->app.ntiers = 1; /* web-ne deploys web-we's tier: the app names web-we */
    f->app.entry = SCN_ENTRY_TRAFFIC_MANAGER;
    fx_outage(f, SCN_SCOPE_REGION, fx_uniform(3600, 86400), fx_const(6 * 3600.0), 0);
}

/* The closed form of dns::degraded_at_the_tolerated_plus_first_failure:
 * the endpoint is degraded at the timeout of the (tolerated + 1)-th failed
 * probe, p0 + tolerated * interval + timeout, p0 the first probe at or after
 * the outage, uniform over [T, T + interval). So the RTO is in
 * [tolerated * interval + timeout, + interval), of mean interval / 2 +
 * tolerated * interval + timeout, and the clients follow over the TTL: the
 * mean client downtime is RTO + TTL / 2, its p95 RTO + 0.95 TTL, exactly.
 * Before deployments in several regions the app waited out the whole 6 h. */
Test(apps, a_web_tier_in_two_regions_recovers_at_traffic_managers_detection)
{
    fx f;
    two_regions(&f);
    enum { N = 400 };
    oc_trial t[N];
    fx_run(&f, 11, N, t);
    double sum = 0, lo = 1e9, hi = 0;
    for (int i = 0; i < N; i++) {
        double rto = t[i].value[OC_RTO];
        cr_assert_eq(t[i].value[OC_DISRUPTED], 1);
        cr_assert(rto >= 100 && rto < 130, "trial %d: RTO %.3f, expected in [100, 130)", i, rto);
        cr_assert_float_eq(t[i].value[OC_CLIENT_DOWNTIME] - rto, 15, 1e-6);
        cr_assert_float_eq(t[i].value[OC_CLIENT_DOWNTIME_P95] - rto, 28.5, 1e-6);
        cr_assert_float_eq(t[i].value[OC_FULLY_DOWN], rto, 1e-6);
        cr_assert_float_eq(t[i].value[OC_SERVING_RTO], rto, 1e-6);
        cr_assert_eq(t[i].value[OC_DEGRADED], 0);
        cr_assert_eq(t[i].value[OC_READ_ONLY], 0);
        cr_assert_eq(t[i].value[OC_DATA_LOST_ALL], 0);
        sum += rto;
        lo = fmin(lo, rto);
        hi = fmax(hi, rto);
    }
    double se = 30 / sqrt(12.0) / sqrt((double)N);
    cr_assert_lt(fabs(sum / N - 115), Z99 * se, "mean RTO %.3f, expected 115", sum / N);
    cr_assert(hi - lo > 25, "the probes' phase must spread the detection over an interval");

    /* Fast probing (10 s, timeout 9 s, tolerated 0): within [9, 19). */
    f.app.tm_interval = 10;
    f.app.tm_timeout = 9;
    f.app.tm_tolerated = 0;
    fx_run(&f, 11, N, t);
    for (int i = 0; i < N; i++)
        cr_assert(t[i].value[OC_RTO] >= 9 && t[i].value[OC_RTO] < 19, "fast: %.3f",
                  t[i].value[OC_RTO]);
}

/* Once West Europe is back, Traffic Manager sees its endpoint healthy at the
 * next probe and sends clients back: a failback with no downtime while
 * North Europe serves (no second service_down). */
Test(apps, traffic_manager_fails_back_when_the_first_region_returns)
{
    fx f;
    two_regions(&f);
    f.outages[0].at = fx_const(3600);
    oc_timeline tl = {0};
    oc_trial t = fx_trace(&f, 11, 0, &tl);
    cr_assert(t.value[OC_RTO] < 130);
    cr_assert_eq(fx_event_count(&tl, "service_down", NULL), 1);
    cr_assert_eq(fx_event_count(&tl, "endpoint", "app"), 2, "degraded, then healthy again");
    sim_time back = fx_event_at(&tl, "outage_end", NULL);
    size_t after = 0;
    for (size_t i = 0; i < tl.len; i++)
        after += tl.events[i].kind == OC_EV_DNS_SWITCH && tl.events[i].t > back &&
                 strstr(tl.events[i].detail, "sent to westeurope") != NULL;
    cr_assert_eq(after, 1, "clients sent back to West Europe after its return");
    oc_timeline_free(&tl);
}

/* Behind Front Door (30 s probes, sample size 4, 3 required: frontdoor.h)
 * West Europe's origin is out of rotation at its second failed probe, p0 +
 * 30 s, p0 the first probe at or after the outage (uniform over an
 * interval): the RTO is in [30, 60), of mean 45 s, and clients reach North
 * Europe at once (anycast: no TTL), so their downtime is the RTO itself.
 * Once West Europe answers again (the outage's end plus its VMs' boot,
 * 120 s) its origin is back in rotation at the probe by which 3 of the
 * last 4 succeeded, the 3rd after its return (within [60, 90) s), and
 * clients go back to it with no second downtime. */
Test(apps, front_door_takes_the_failed_origin_out_at_its_second_failed_probe)
{
    fx f;
    two_regions(&f);
    f.app.entry = SCN_ENTRY_FRONT_DOOR;
    enum { N = 400 };
    oc_trial t[N];
    fx_run(&f, 11, N, t);
    double sum = 0;
    for (int i = 0; i < N; i++) {
        double rto = t[i].value[OC_RTO];
        cr_assert(rto >= 30 && rto < 60, "trial %d: RTO %.3f, expected in [30, 60)", i, rto);
        cr_assert_float_eq(t[i].value[OC_CLIENT_DOWNTIME], rto, 1e-6);
        cr_assert_float_eq(t[i].value[OC_CLIENT_DOWNTIME_P95], rto, 1e-6);
        sum += rto;
    }
    double se = 30 / sqrt(12.0) / sqrt((double)N);
    cr_assert_lt(fabs(sum / N - 45), Z99 * se, "mean RTO %.3f, expected 45", sum / N);

    f.outages[0].at = fx_const(3600);
    oc_timeline tl = {0};
    oc_trial one = fx_trace(&f, 11, 0, &tl);
    cr_assert(one.value[OC_RTO] < 60);
    cr_assert_eq(fx_event_count(&tl, "service_down", NULL), 1);
    cr_assert_eq(fx_event_count(&tl, "endpoint", "app"), 2, "out of rotation, then back in");
    sim_time back = fx_event_at(&tl, "outage_end", NULL) + 120 * 1000000LL, in = SIM_NEVER;
    for (size_t i = 0; i < tl.len; i++)
        if (tl.events[i].kind == OC_EV_ENDPOINT && strstr(tl.events[i].detail, "back in"))
            in = tl.events[i].t;
    cr_assert(in - back >= 60 * 1000000LL && in - back < 90 * 1000000LL,
              "back in rotation %.3f s after its return, expected in [60, 90)",
              (double)(in - back) / 1e6);
    oc_timeline_free(&tl);
}

/* A manual entry: the team takes West Europe out of the name at the
 * decision, monitor 300 s + decide 1800 s after the disruption: RTO 2100 s
 * exactly, clients following over the TTL. */
Test(apps, a_manual_switch_comes_at_the_decision)
{
    fx f;
    two_regions(&f);
    f.app.entry = SCN_ENTRY_DNS;
    f.w.monitor = fx_const(300);
    f.st.decide = fx_const(1800);
    oc_trial t[20];
    fx_run(&f, 11, 20, t);
    for (int i = 0; i < 20; i++) {
        cr_assert_float_eq(t[i].value[OC_RTO], 2100, 1e-6, "RTO %.3f", t[i].value[OC_RTO]);
        cr_assert_float_eq(t[i].value[OC_CLIENT_DOWNTIME], 2100 + 15, 1e-6);
    }
}

/* Warm standby: North Europe carries 20 % of the peak load until it has
 * scaled out (600 s, once the alarm is raised 300 s into the disruption).
 * Traffic Manager's detection (100-130 s) comes first: the RTO is detection
 * + scale-out = 900 s exactly, at reduced capacity from the switch on, and
 * the clients, following within 30 s of the switch, are all served in full
 * at 900 s. On the decision (1800 s later): 300 + 1800 + 600 s. An app that
 * needs only 20 % is served in full by the standby as it is. */
Test(apps, a_warm_standby_recovers_at_detection_plus_its_scale_out)
{
    fx f;
    two_regions(&f);
    scn_vm_group *ne = &f.vms[1];
    ne->capacity = 0.2;
    ne->scale_out = true;
    ne->scale_to = 1;
    ne->scale_after = fx_const(600);
    ne->scale_on = SCN_SCALE_ON_DETECTION;
    f.w.monitor = fx_const(300);
    f.st.decide = fx_const(1800);
    enum { N = 50 };
    oc_trial t[N];
    fx_run(&f, 11, N, t);
    for (int i = 0; i < N; i++) {
        double down = t[i].value[OC_FULLY_DOWN];
        cr_assert_float_eq(t[i].value[OC_RTO], 900, 1e-6, "RTO %.3f", t[i].value[OC_RTO]);
        cr_assert(down >= 100 && down < 130, "fully down until detection: %.3f", down);
        cr_assert_float_eq(t[i].value[OC_DEGRADED], 900 - down, 1e-6);
        cr_assert_float_eq(t[i].value[OC_CLIENT_DOWNTIME], 900, 1e-6);
        cr_assert_float_eq(t[i].value[OC_CLIENT_DOWNTIME_P95], 900, 1e-6);
    }
    ne->scale_on = SCN_SCALE_ON_DECISION;
    fx_run(&f, 11, N, t);
    for (int i = 0; i < N; i++)
        cr_assert_float_eq(t[i].value[OC_RTO], 2700, 1e-6, "RTO %.3f", t[i].value[OC_RTO]);
    f.app.needs_capacity = 0.2;
    ne->scale_out = false;
    fx_run(&f, 11, N, t);
    for (int i = 0; i < N; i++) {
        cr_assert(t[i].value[OC_RTO] >= 100 && t[i].value[OC_RTO] < 130);
        cr_assert_eq(t[i].value[OC_DEGRADED], 0);
    }
}

/* Data. Each region writing to its own account (local): North Europe
 * serves through West Europe's outage, recovering at the detection. Both
 * writing to one primary: North Europe cannot write while West Europe's
 * account is down, so the app is down for the whole outage (6 h), and a
 * little more: with both endpoints degraded, Traffic Manager sends clients
 * to the first (West Europe, whose VMs boot for 120 s once it is back)
 * until its next probe of North Europe sees it healthy, within 30 s. */
Test(apps, local_writes_serve_from_the_other_region_primary_writes_do_not)
{
    fx f;
    two_regions(&f);
    fx_account(&f, "data-we", SCN_LRS);
    scn_account *ne = fx_account(&f, "data-ne", SCN_LRS);
    ne->region = FX_NORTHEUROPE;
    f.app.writes = SCN_WRITES_LOCAL;
    oc_trial t[20];
    fx_run(&f, 11, 20, t);
    for (int i = 0; i < 20; i++)
        cr_assert(t[i].value[OC_RTO] >= 100 && t[i].value[OC_RTO] < 130, "local: %.3f",
                  t[i].value[OC_RTO]);
    f.app.writes = SCN_WRITES_PRIMARY;
    fx_run(&f, 11, 20, t);
    for (int i = 0; i < 20; i++)
        cr_assert(t[i].value[OC_RTO] >= 6 * 3600.0 && t[i].value[OC_RTO] < 6 * 3600.0 + 30,
                  "primary: %.3f", t[i].value[OC_RTO]);
}

/* Read-only: the web tier in North Europe, its data RA-GRS in West Europe,
 * whose region is down for 6 h. With read_only the app serves reads from
 * the secondary all along: read-only for exactly the primary's outage, never
 * fully down; the RTO (full service) is the outage. Without read_only, or
 * with GRS (no read access), it is fully down for the outage. */
Test(apps, read_only_lasts_the_primarys_outage_with_ra_grs_data)
{
    for (int k = 0; k < 3; k++) {
        fx f;
        fx_init(&f);
        fx_account(&f, "data", k == 2 ? SCN_GRS : SCN_RA_GRS);
        scn_vm_group *g = fx_vms(&f, "web", 2, SCN_DISK_STANDARD, SCN_NONE, 120, 600);
        g->region = FX_NORTHEUROPE;
        f.app.read_only = k != 1;
        fx_outage(&f, SCN_SCOPE_REGION, fx_const(3600), fx_const(6 * 3600.0), 0);
        oc_trial t[5];
        fx_run(&f, 11, 5, t);
        bool ro = k == 0;
        for (int i = 0; i < 5; i++) {
            cr_assert_float_eq(t[i].value[OC_RTO], 6 * 3600.0, 1e-6, "case %d", k);
            cr_assert_float_eq(t[i].value[OC_READ_ONLY], ro ? 6 * 3600.0 : 0, 1e-6, "case %d", k);
            cr_assert_float_eq(t[i].value[OC_FULLY_DOWN], ro ? 0 : 6 * 3600.0, 1e-6, "case %d",
                               k);
            cr_assert_float_eq(t[i].value[OC_SERVING_RTO], ro ? 0 : 6 * 3600.0, 1e-6);
            cr_assert_float_eq(t[i].value[OC_READ_DOWNTIME], k == 2 ? 6 * 3600.0 : 0, 1e-6);
        }
    }
}

/* The RTO of serving at least read-only ends, as the RTO does for full
 * service, when the app is back for good: with its orders RA-GRS in West
 * Europe, read_only and the account failed over at the decision, the app
 * is down until Traffic Manager's detection (100-130 s), read-only from
 * North Europe until the failover begins (35 m), then down again (a failing-over
 * account takes neither reads nor writes) until writes are back, which is
 * full service. So serving_rto is the RTO, fully_down the RTO less the
 * read-only time, and the first spell of nothing alone (the detection)
 * would be the wrong answer. */
Test(apps, serving_at_least_read_only_ends_with_the_last_spell_of_nothing)
{
    fx f;
    two_regions(&f);
    scn_account *orders = fx_account(&f, "orders", SCN_RA_GRS);
    orders->failover_duration = fx_const(1800);
    f.app.read_only = true;
    fx_strategy(&f, SCN_GEO_RESTORE);
    f.w.monitor = fx_const(300);   /* the alarm at 5 m, */
    f.st.decide = fx_const(1800);  /* the decision 30 m later */
    enum { N = 50 };
    oc_trial t[N];
    fx_run(&f, 11, N, t);
    for (int i = 0; i < N; i++) {
        double rto = t[i].value[OC_RTO], ro = t[i].value[OC_READ_ONLY];
        cr_assert_eq(t[i].value[OC_FAILED_OVER], 1, "trial %d", i);
        cr_assert_gt(ro, 0, "trial %d: read-only from North Europe first", i);
        cr_assert_gt(t[i].value[OC_FULLY_DOWN], 130, "trial %d: down again while failing over",
                     i);
        cr_assert_float_eq(t[i].value[OC_FULLY_DOWN], rto - ro, 1e-6, "trial %d", i);
        cr_assert_float_eq(t[i].value[OC_SERVING_RTO], rto, 1e-6, "trial %d", i);
    }
}
