/*
 * ctlplane.c — the regions' control planes (models/world/ctlplane.c): an
 * outage takes its region's down by its scope unless it says otherwise, and
 * the management operations that need one wait for it, at exact instants.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "tests/support/fixture.h"

static sim_time at_s(double s)
{
    return (sim_time)llround(s * 1e6);
}

static const char *detail_of(const oc_timeline *tl, const char *kind)
{
    for (size_t i = 0; i < tl->len; i++)
        if (strcmp(oc_event_kind_name(tl->events[i].kind), kind) == 0)
            return tl->events[i].detail;
    return "";
}

/* By default a region outage takes its region's control plane down and a
 * zone's or a datacenter's leaves it up; `down`, `up` and `impaired` say it
 * whatever the scope. The outage's events say so. */
Test(ctlplane, it_follows_the_scope_unless_the_outage_says)
{
    static const struct {
        scn_scope scope;
        scn_control_plane cp;
        const char *start, *end;
    } cases[] = {
        {SCN_SCOPE_REGION, SCN_CP_SCOPE, "region; its control plane down", "; its control plane back"},
        {SCN_SCOPE_ZONE, SCN_CP_SCOPE, "zone 1", "zone 1 back"},
        {SCN_SCOPE_DATACENTER, SCN_CP_SCOPE, "datacenter 1 of zone 1", "datacenter 1 of zone 1 back"},
        {SCN_SCOPE_REGION, SCN_CP_UP, "region", "region back"},
        {SCN_SCOPE_DATACENTER, SCN_CP_DOWN, "; its control plane down", "; its control plane back"},
        {SCN_SCOPE_ZONE, SCN_CP_IMPAIRED, "; its control plane impaired", "; its control plane back"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        fx f;
        fx_init(&f);
        fx_account(&f, "data", SCN_ZRS);
        fx_outage(&f, cases[c].scope, fx_const(3600), fx_const(7200), 0);
        f.outages[0].control_plane = cases[c].cp;
        oc_timeline tl = {0};
        fx_trace(&f, 1, 0, &tl);
        const char *start = detail_of(&tl, "outage_start"), *end = detail_of(&tl, "outage_end");
        cr_assert(strstr(start, cases[c].start) != NULL, "case %zu: '%s'", c, start);
        cr_assert(strstr(end, cases[c].end) != NULL, "case %zu: '%s'", c, end);
        bool mentions = strstr(start, "control plane") != NULL;
        bool affected = cases[c].cp == SCN_CP_DOWN || cases[c].cp == SCN_CP_IMPAIRED ||
                        (cases[c].cp == SCN_CP_SCOPE && cases[c].scope == SCN_SCOPE_REGION);
        cr_assert_eq(mentions, affected, "case %zu: '%s'", c, start);
        oc_timeline_free(&tl);
    }
}

/* `wait` gets destroyed VHDs back through Microsoft's failover (at 6 h) and
 * then creates the VMs in the pair: a management operation of the pair's
 * region, which waits while an outage there takes its control plane down
 * (a zone outage of North Europe, told to, until 10 h). */
Test(ctlplane, creating_vms_waits_for_their_region)
{
    fx f;
    fx_init(&f);
    fx_account(&f, "vhds", SCN_GRS);
    fx_vms(&f, "web", 1, SCN_DISK_UNMANAGED, 0, 60, 600);
    fx_outage(&f, SCN_SCOPE_REGION, fx_const(0), fx_const(30 * 86400.0), 1);
    f.outages[0].provider_failover = true;
    f.outages[0].provider_after = fx_const(6 * 3600);
    fx_outage(&f, SCN_SCOPE_ZONE, fx_const(0), fx_const(10 * 3600), 0);
    f.outages[1].region = FX_NORTHEUROPE;
    oc_timeline tl = {0};
    oc_trial out = fx_trace(&f, 3, 0, &tl);
    cr_assert_eq(fx_event_count(&tl, "control_plane", NULL), 0);
    cr_assert_float_eq(out.value[OC_RTO], 6 * 3600 + 600, 1e-6);
    oc_timeline_free(&tl);

    f.outages[1].control_plane = SCN_CP_DOWN;
    tl = (oc_timeline){0};
    out = fx_trace(&f, 3, 0, &tl);
    cr_assert_eq(fx_event_at(&tl, "control_plane", "web-1"), at_s(6 * 3600));
    cr_assert(strstr(detail_of(&tl, "control_plane"), "northeurope (down)") != NULL, "%s",
              detail_of(&tl, "control_plane"));
    cr_assert_float_eq(out.value[OC_RTO], 10 * 3600 + 600, 1e-6);
    oc_timeline_free(&tl);

    /* Impaired by 1 h: created an hour late. */
    f.outages[1].control_plane = SCN_CP_IMPAIRED;
    f.outages[1].cp_delay = fx_const(3600);
    tl = (oc_timeline){0};
    out = fx_trace(&f, 3, 0, &tl);
    cr_assert_float_eq(out.value[OC_RTO], 7 * 3600 + 600, 1e-6);
    oc_timeline_free(&tl);
}

/* Site Recovery's failover is run from the vault, in its target region: it
 * waits while that region's control plane is down, even if the region's
 * places are up (a datacenter outage told to take it down). */
Test(ctlplane, site_recovery_waits_for_its_target_region)
{
    fx f;
    fx_init(&f);
    fx_vms(&f, "web", 1, SCN_DISK_STANDARD, SCN_NONE, 60, 600);
    fx_outage(&f, SCN_SCOPE_REGION, fx_const(86400), fx_const(2 * 86400.0), 0);
    fx_outage(&f, SCN_SCOPE_DATACENTER, fx_const(0), fx_const(86400 + 5 * 3600), 0);
    f.outages[1].region = FX_GERMANYWC;
    fx_strategy(&f, SCN_ASR);
    oc_timeline tl = {0};
    oc_trial plain = fx_trace(&f, 4, 0, &tl);
    cr_assert_eq(fx_event_at(&tl, "plan_start", NULL), at_s(86400));
    oc_timeline_free(&tl);
    f.outages[1].control_plane = SCN_CP_DOWN;
    tl = (oc_timeline){0};
    oc_trial late = fx_trace(&f, 4, 0, &tl);
    cr_assert_eq(fx_event_at(&tl, "plan_start", NULL), at_s(86400 + 5 * 3600));
    cr_assert_float_eq(late.value[OC_RTO], plain.value[OC_RTO] + 5 * 3600, 1e-6);
    oc_timeline_free(&tl);
}
