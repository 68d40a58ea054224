/*
 * recovery.c — the compute half of the models: VMs and disks, the
 * three strategies, ASR recovery points and plans.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/azure/defaults.h"
#include "tests/support/fixture.h"

#define Z99 2.576

static sim_time at_s(double s)
{
    return (sim_time)llround(s * 1e6);
}

/* A three-tier-ish world for ASR: one VM group with a premium data disk of
 * `churn` bytes/s at 32 KiB I/O (limit 8 MB/s), a destructive region outage. */
static void asr_world(fx *f, double churn, scn_recovery_point rp)
{
    fx_init(f);
    scn_vm_group *g = fx_vms(f, "sql", 2, SCN_DISK_PREMIUM, SCN_NONE, 120, 600);
    scn_disk *d = fx_disk(f, g, SCN_DISK_PREMIUM, SCN_NONE, churn);
    d->io_size = fx_const(32768);
    fx_outage(f, SCN_SCOPE_REGION, fx_uniform(86400, 6 * 86400), fx_const(2 * 86400), 1.0);
    fx_strategy(f, SCN_ASR);
    f->st.recovery_point = rp;
    f->st.processing = fx_uniform(60, 600);
    f->st.app_consistent_every = 3600;
    f->w.monitor = fx_const(300);
    f->st.decide = fx_const(120);
}

Test(recovery, recovery_point_choices_are_ordered)
{
    enum { N = 600 };
    static oc_trial t[3][N];
    scn_recovery_point kinds[] = {SCN_RP_LATEST, SCN_RP_LATEST_PROCESSED,
                                  SCN_RP_LATEST_APP_CONSISTENT};
    for (int k = 0; k < 3; k++) {
        fx f;
        asr_world(&f, 6e6, kinds[k]);
        fx_run(&f, 31, N, t[k]);
    }
    int strictly = 0;
    for (int i = 0; i < N; i++) {
        double latest = t[0][i].value[OC_RPO], processed = t[1][i].value[OC_RPO],
               app = t[2][i].value[OC_RPO];
        cr_assert_leq(latest, processed, "trial %d: latest %.1f > latest-processed %.1f", i, latest,
                      processed);
        cr_assert_geq(app, processed, "trial %d: app-consistent %.1f < latest-processed %.1f", i,
                      app, processed);
        strictly += latest < processed && processed < app;
        /* latest pays for its RPO in RTO (processing the pending data). */
        cr_assert_geq(t[0][i].value[OC_RTO], t[1][i].value[OC_RTO]);
        cr_assert_eq(t[2][i].value[OC_APP_CONSISTENT], 1);
        cr_assert_str_eq(t[2][i].consistency, "app");
        cr_assert_str_eq(t[1][i].consistency, "crash");
    }
    cr_assert_gt(strictly, N / 2);
}

Test(recovery, plan_groups_run_in_order_without_overlap)
{
    fx f;
    fx_init(&f);
    fx_vms(&f, "sql", 2, SCN_DISK_PREMIUM, SCN_NONE, 120, 600);
    fx_vms(&f, "web", 6, SCN_DISK_STANDARD, SCN_NONE, 60, 600);
    fx_outage(&f, SCN_SCOPE_REGION, fx_uniform(3600, 86400), fx_const(86400), 0);
    fx_strategy(&f, SCN_ASR);
    fx_plan_group(&f, "data", 0, 300, 0);
    fx_plan_group(&f, "front", 1, 0, 600);
    f.st.vm_create = fx_uniform(120, 900);
    f.w.monitor = fx_const(300);
    f.st.decide = fx_const(1800);
    for (uint64_t trial = 0; trial < 20; trial++) {
        oc_timeline tl = {0};
        oc_trial out = fx_trace(&f, 41, trial, &tl);
        sim_time start[2] = {-1, -1}, end[2] = {-1, -1}, last_vm_up[2] = {-1, -1};
        sim_time plan_start = -1, plan_end = -1;
        for (size_t i = 0; i < tl.len; i++) {
            const oc_event *ev = &tl.events[i];
            int g = strcmp(ev->subject, "front") == 0 ? 1 : 0;
            if (ev->kind == OC_EV_GROUP_START)
                start[g] = ev->t;
            else if (ev->kind == OC_EV_GROUP_END)
                end[g] = ev->t;
            else if (ev->kind == OC_EV_PLAN_START)
                plan_start = ev->t;
            else if (ev->kind == OC_EV_PLAN_COMPLETE)
                plan_end = ev->t;
            else if (ev->kind == OC_EV_VM_UP && strstr(ev->detail, "failed over")) {
                int vg = strncmp(ev->subject, "web", 3) == 0 ? 1 : 0;
                if (ev->t > last_vm_up[vg])
                    last_vm_up[vg] = ev->t;
                /* A VM comes up within its own group's span. */
                cr_assert(start[vg] >= 0 && ev->t >= start[vg] &&
                          (end[vg] < 0 || ev->t <= end[vg]));
            }
        }
        cr_assert(plan_start >= 0 && start[0] == plan_start);
        cr_assert_geq(start[1], end[0], "trial %lu: group 2 started before group 1 ended",
                      (unsigned long)trial);
        /* group 1: slowest VM then the 300 s script; group 2: then the manual action. */
        cr_assert_eq(end[0], last_vm_up[0] + 300 * SIM_SEC);
        cr_assert_eq(end[1], last_vm_up[1] + 600 * SIM_SEC);
        cr_assert_eq(plan_end, end[1]);
        cr_assert_float_eq(out.value[OC_RTO],
                           (double)(plan_end - (plan_start - 2100 * SIM_SEC)) / 1e6 - 0.0, 1e-6);
        oc_timeline_free(&tl);
    }
}

Test(recovery, asr_rto_adds_up_exactly)
{
    fx f;
    fx_init(&f);
    fx_vms(&f, "sql", 1, SCN_DISK_PREMIUM, SCN_NONE, 120, 600);
    fx_vms(&f, "web", 3, SCN_DISK_STANDARD, SCN_NONE, 60, 600);
    fx_outage(&f, SCN_SCOPE_REGION, fx_uniform(3600, 86400), fx_const(86400), 0);
    fx_strategy(&f, SCN_ASR);
    fx_plan_group(&f, "data", 0, 60, 0);
    fx_plan_group(&f, "front", 1, 0, 120);
    f.w.monitor = fx_const(300);
    f.st.decide = fx_const(1800);
    oc_trial t[50];
    fx_run(&f, 5, 50, t);
    for (int i = 0; i < 50; i++)
        cr_assert_float_eq(t[i].value[OC_RTO], 300 + 1800 + (300 + 60) + (300 + 120), 1e-6);
    /* Unreserved capacity short in every creation: 600 s more per group. */
    f.st.capacity_reserved = false;
    f.st.capacity_delay_probability = fx_const(1);
    f.st.capacity_delay = fx_const(600);
    fx_run(&f, 5, 50, t);
    for (int i = 0; i < 50; i++)
        cr_assert_float_eq(t[i].value[OC_RTO], 300 + 1800 + (900 + 60) + (900 + 120), 1e-6);
}

Test(recovery, test_failover_changes_no_production_outcome)
{
    enum { N = 300 };
    static oc_trial plain[N], drill[N];
    fx f;
    asr_world(&f, 3e6, SCN_RP_LATEST_PROCESSED);
    f.outages[0].probability = fx_const(0.5);
    fx_run(&f, 51, N, plain);
    f.st.test_failover = true;
    f.st.test_at = fx_uniform(0, 7 * 86400);
    fx_run(&f, 51, N, drill);
    for (int i = 0; i < N; i++) {
        for (int m = 0; m < OC_NMETRICS; m++) {
            if (m == OC_DRILL_RTO)
                continue;
            cr_assert_eq(plain[i].present[m], drill[i].present[m]);
            cr_assert_eq(plain[i].value[m], drill[i].value[m], "trial %d: %s changed by the drill",
                         i, oc_metrics[m].name);
        }
        cr_assert(!plain[i].present[OC_DRILL_RTO]);
        cr_assert(drill[i].present[OC_DRILL_RTO]);
        cr_assert_float_eq(drill[i].value[OC_DRILL_RTO], 300, 1e-6); /* one group, vm_create 300 */
    }
}

Test(recovery, drill_with_no_outage_measures_the_plan)
{
    fx f;
    fx_init(&f);
    fx_vms(&f, "sql", 2, SCN_DISK_PREMIUM, SCN_NONE, 120, 600);
    fx_vms(&f, "web", 4, SCN_DISK_STANDARD, SCN_NONE, 60, 600);
    fx_strategy(&f, SCN_ASR);
    fx_plan_group(&f, "data", 0, 300, 0);
    fx_plan_group(&f, "front", 1, 0, 600);
    f.st.test_failover = true;
    f.st.test_at = fx_const(86400);
    oc_trial t[10];
    fx_run(&f, 3, 10, t);
    for (int i = 0; i < 10; i++) {
        cr_assert_eq(t[i].value[OC_DISRUPTED], 0);
        cr_assert_eq(t[i].value[OC_RTO], 0);
        cr_assert_float_eq(t[i].value[OC_DRILL_RTO], 300 + 300 + 300 + 600, 1e-6);
    }
    /* The drill's groups are recorded as the drill's, not the failover's. */
    oc_timeline tl = {0};
    fx_trace(&f, 3, 0, &tl);
    cr_assert_eq(fx_event_count(&tl, "drill_group_start", "data"), 1);
    cr_assert_eq(fx_event_count(&tl, "drill_group_end", "front"), 1);
    cr_assert_eq(fx_event_at(&tl, "drill_group_start", "front"),
                 fx_event_at(&tl, "drill_group_end", "data"));
    cr_assert_eq(fx_event_count(&tl, "group_start", NULL), 0);
    oc_timeline_free(&tl);
}

/* Geo-restore of a VM with two VHDs on a GRS account, its region
 * destroyed; the VHD leases ignored (the what-if in which the failover
 * proceeds while the primary is down: leases_block_a_failover_while_the_
 * primary_is_down tests the documented rule). */
static void two_vhd_world(fx *f, dist lag, double churn)
{
    fx_init(f);
    scn_account *a = fx_account(f, "vhds", SCN_GRS);
    a->lag = lag;
    scn_vm_group *g = fx_vms(f, "web", 1, SCN_DISK_UNMANAGED, 0, 60, 600);
    g->disks[0].churn = fx_const(churn);
    fx_disk(f, g, SCN_DISK_UNMANAGED, 0, churn);
    fx_outage(f, SCN_SCOPE_REGION, fx_uniform(86400, 6 * 86400), fx_const(86400), 1.0);
    fx_strategy(f, SCN_GEO_RESTORE);
    f->st.vhd_leases = SCN_LEASES_IGNORE;
}

Test(recovery, geo_restored_vm_consistency_is_measured)
{
    enum { N = 300 };
    oc_trial t[N];
    fx f;
    /* One account, one Last Sync Time T - 120 s: the disk holding the first
     * write after it comes back exactly there (RPO 120 s), the other one past
     * it; with 250 writes/s per disk there are writes between the two points
     * in every trial. */
    two_vhd_world(&f, fx_const(120), 2e6);
    fx_run(&f, 61, N, t);
    for (int i = 0; i < N; i++) {
        cr_assert_eq(t[i].value[OC_CONSISTENT], 0, "trial %d", i);
        cr_assert_str_eq(t[i].consistency, "none");
        cr_assert_float_eq(t[i].value[OC_RPO], 120, 1e-6);
    }
    /* A random lag: the same. */
    two_vhd_world(&f, fx_exp(120), 2e6);
    fx_run(&f, 61, N, t);
    for (int i = 0; i < N; i++) {
        cr_assert_eq(t[i].value[OC_CONSISTENT], 0, "trial %d", i);
        cr_assert_str_eq(t[i].consistency, "none");
    }
    /* The data disk not written: nothing to disagree with. */
    two_vhd_world(&f, fx_exp(120), 2e6);
    f.vms[0].disks[1].churn = fx_const(0);
    fx_run(&f, 61, N, t);
    for (int i = 0; i < N; i++) {
        cr_assert_eq(t[i].value[OC_CONSISTENT], 1, "trial %d", i);
        cr_assert_str_eq(t[i].consistency, "crash");
    }
    /* One VHD only: nothing to disagree with. */
    f.vms[0].ndisks = 1;
    fx_run(&f, 61, N, t);
    for (int i = 0; i < N; i++)
        cr_assert_eq(t[i].value[OC_CONSISTENT], 1);
}

Test(recovery, legacy_vhds_runs_geo_restore_on_vhds)
{
    /* The same shop on managed disks with the legacy_vhds what-if (its VM
     * groups as the loader derives them: every disk a VHD in the account)
     * plays trial for trial what the shop on VHDs plays; without the what-if,
     * managed disks cannot be geo-restored and the VMs wait for their region. */
    enum { N = 400 };
    static oc_trial vhds[N], legacy[N], managed[N];
    fx a, b;
    fx_small(&a, SCN_GEO_RESTORE, "geo");
    a.st.vhd_leases = SCN_LEASES_IGNORE; /* else the VHDs too wait for their region */
    fx_run(&a, 71, N, vhds);
    fx_small(&b, SCN_GEO_RESTORE, "geo");
    b.st.vhd_leases = SCN_LEASES_IGNORE;
    b.vms[0].disks[0].kind = SCN_DISK_STANDARD;
    b.vms[0].disks[0].account = SCN_NONE;
    fx_run(&b, 71, N, managed);
    scn_vm_group as_vhds[1] = {a.vms[0]};
    b.st.legacy = true;
    b.st.legacy_vhds = 0;
    b.st.legacy_vms = as_vhds;
    fx_run(&b, 71, N, legacy);
    int differ = 0;
    for (int i = 0; i < N; i++) {
        for (int m = 0; m < OC_NMETRICS; m++) {
            cr_assert_eq(legacy[i].present[m], vhds[i].present[m], "trial %d metric %d", i, m);
            if (vhds[i].present[m])
                cr_assert_eq(legacy[i].value[m], vhds[i].value[m], "trial %d metric %d", i, m);
        }
        differ += managed[i].present[OC_RTO] != vhds[i].present[OC_RTO] ||
                  (vhds[i].present[OC_RTO] && managed[i].value[OC_RTO] != vhds[i].value[OC_RTO]);
    }
    cr_assert_gt(differ, N / 2, "managed disks restored like VHDs in %d trials of %d", N - differ,
                 N);
}

/* The VHDs' leases (storage-disaster-recovery-guidance.md: "An account
 * failover can't proceed when there's a lease on a blob"; delete the VMs,
 * then wait until the Last Sync Time passes the deletion). While the
 * primary is down its LST is frozen before the failure: the documented
 * procedure cannot complete, so the failover is blocked and the VMs wait
 * for their region — destroyed here: gone, the data lost. Ignored (the
 * what-if), the failover begins at the decision, without deleting the VMs. */
Test(recovery, leases_block_a_failover_while_the_primary_is_down)
{
    fx f;
    two_vhd_world(&f, fx_const(60), 1e5);
    f.st.vhd_leases = SCN_LEASES_BLOCK;
    f.st.delete_vms = fx_const(900);
    f.st.failover_duration = fx_const(1800);
    f.st.has_failover_duration = true;
    f.st.provision = fx_const(1200);
    oc_timeline tl = {0};
    oc_trial out = fx_trace(&f, 71, 0, &tl);
    sim_time decision = fx_event_at(&tl, "decision", NULL);
    cr_assert_geq(decision, 0);
    cr_assert_eq(fx_event_at(&tl, "failover_blocked", "vhds"), decision);
    cr_assert_eq(fx_event_count(&tl, "delete_vms", NULL), 0);
    cr_assert_eq(fx_event_count(&tl, "failover_start", NULL), 0);
    cr_assert(!out.present[OC_RTO]);
    cr_assert_eq(out.value[OC_DATA_LOST_ALL], 1);
    cr_assert_eq(out.value[OC_FAILED_OVER], 0);
    oc_timeline_free(&tl);

    f.st.vhd_leases = SCN_LEASES_IGNORE;
    tl = (oc_timeline){0};
    out = fx_trace(&f, 71, 0, &tl);
    cr_assert_eq(fx_event_count(&tl, "failover_blocked", NULL), 0);
    cr_assert_eq(fx_event_count(&tl, "delete_vms", NULL), 0);
    cr_assert_eq(fx_event_at(&tl, "failover_start", "vhds"), decision);
    cr_assert_float_eq(out.value[OC_RTO], 1800 + 1200, 1e-6);
    cr_assert_float_eq(out.value[OC_RPO], 60, 1e-6);
    oc_timeline_free(&tl);
}

/* Where the documented procedure can complete — a planned failover, both
 * regions up, the VMs down in their own datacenter — the VMs are deleted
 * first (a management operation of their region: it waits for its control
 * plane when the outage takes it down), then the failover waits for
 * replication (the LST passes the deletion), then new VMs in the pair. */
Test(recovery, leases_make_a_planned_failover_wait_for_the_deletion_and_its_control_plane)
{
    fx f;
    fx_init(&f);
    scn_account *a = fx_account(&f, "vhds", SCN_GRS);
    a->zone = 2;
    a->lag = fx_const(60);
    a->failover_duration = fx_const(1800);
    scn_vm_group *g = fx_vms(&f, "web", 1, SCN_DISK_UNMANAGED, 0, 60, 1200);
    g->placement = SCN_PLACE_ZONE;
    g->zone = 1;
    fx_outage(&f, SCN_SCOPE_DATACENTER, fx_const(86400), fx_const(6 * 3600), 0);
    fx_strategy(&f, SCN_GEO_RESTORE);
    f.st.failover_planned = true;
    f.st.delete_vms = fx_const(900);
    f.st.provision = fx_const(1200);
    oc_timeline tl = {0};
    oc_trial out = fx_trace(&f, 72, 0, &tl);
    const double t0 = 86400;
    cr_assert_eq(fx_event_at(&tl, "delete_vms", NULL), at_s(t0));
    cr_assert_eq(fx_event_count(&tl, "control_plane", NULL), 0);
    cr_assert_eq(fx_event_at(&tl, "failover_start", "vhds"), at_s(t0 + 900));
    cr_assert_float_eq(out.value[OC_RTO], 900 + 1800 + 1200, 1e-6);
    cr_assert_float_eq(out.value[OC_RPO], 0, 1e-6);
    oc_timeline_free(&tl);
    /* The datacenter outage takes the region's control plane down too: the
     * deletion waits for its end (6 h), and so does the rest. */
    f.outages[0].control_plane = SCN_CP_DOWN;
    tl = (oc_timeline){0};
    out = fx_trace(&f, 72, 0, &tl);
    cr_assert_eq(fx_event_at(&tl, "control_plane", NULL), at_s(t0));
    cr_assert_eq(fx_event_at(&tl, "failover_start", "vhds"), at_s(t0 + 6 * 3600 + 900));
    cr_assert_float_eq(out.value[OC_RTO], 6 * 3600 + 900 + 1800 + 1200, 1e-6);
    oc_timeline_free(&tl);
    /* Impaired: each operation 2 h late (at most until the outage's end). */
    f.outages[0].control_plane = SCN_CP_IMPAIRED;
    f.outages[0].cp_delay = fx_const(7200);
    tl = (oc_timeline){0};
    out = fx_trace(&f, 72, 0, &tl);
    cr_assert_eq(fx_event_at(&tl, "failover_start", "vhds"), at_s(t0 + 7200 + 900));
    cr_assert_float_eq(out.value[OC_RTO], 7200 + 900 + 1800 + 1200, 1e-6);
    oc_timeline_free(&tl);
    f.outages[0].cp_delay = fx_const(9 * 3600);
    tl = (oc_timeline){0};
    fx_trace(&f, 72, 0, &tl);
    cr_assert_eq(fx_event_at(&tl, "failover_start", "vhds"), at_s(t0 + 6 * 3600 + 900));
    oc_timeline_free(&tl);
}

Test(recovery, wait_gets_destroyed_vhds_back_only_through_the_provider)
{
    fx f;
    two_vhd_world(&f, fx_const(60), 1e5);
    fx_strategy(&f, SCN_WAIT);
    oc_trial t[50];
    fx_run(&f, 81, 50, t);
    for (int i = 0; i < 50; i++) {
        cr_assert_eq(t[i].value[OC_DATA_LOST_ALL], 1);
        cr_assert(!t[i].present[OC_RTO]);
    }
    f.outages[0].provider_failover = true;
    f.outages[0].provider_after = fx_const(6 * 3600);
    fx_run(&f, 81, 50, t);
    for (int i = 0; i < 50; i++) {
        cr_assert_eq(t[i].value[OC_DATA_LOST_ALL], 0);
        cr_assert_float_eq(t[i].value[OC_RPO], 60, 1e-6);
        cr_assert_float_eq(t[i].value[OC_RTO], 6 * 3600 + 600, 1e-6);
        cr_assert_eq(t[i].value[OC_FAILED_OVER], 1);
    }
}

Test(recovery, churn_above_the_limit_makes_lag_grow_without_bound)
{
    /* A standard disk replicates at 2 MB/s; 3 MB/s of churn leaves a third of
     * every second behind: the oldest unshipped write at time t was written
     * at t * 2/3, so the lag (and the RPO) is t/3 and grows with t. */
    const double days[] = {1, 2, 4};
    double rpo[3];
    for (int k = 0; k < 3; k++) {
        fx f;
        fx_init(&f);
        scn_vm_group *g = fx_vms(&f, "batch", 1, SCN_DISK_STANDARD, SCN_NONE, 60, 600);
        g->disks[0].churn = fx_const(3e6);
        fx_outage(&f, SCN_SCOPE_REGION, fx_const(days[k] * 86400), fx_const(86400), 1.0);
        fx_strategy(&f, SCN_ASR);
        f.st.recovery_point = SCN_RP_LATEST;
        oc_trial t[3];
        fx_run(&f, 91, 3, t);
        rpo[k] = t[0].value[OC_RPO];
        double expect = days[k] * 86400 / 3;
        cr_assert(fabs(rpo[k] - expect) < 0.01 * expect, "%g days: RPO %.0f s, expected ~%.0f s",
                  days[k], rpo[k], expect);
    }
    cr_assert(rpo[0] < rpo[1] && rpo[1] < rpo[2]);
}

/* One VM with a premium data disk of `size` GiB written at `churn` bytes/s in
 * `io` KiB writes, replicated by ASR (High Churn or not) until a destructive
 * region outage at +2 days; failover to "latest". Returns trial 0's RPO. */
static double churn_rpo(double size, double churn, double io, bool high_churn)
{
    fx f;
    fx_init(&f);
    scn_vm_group *g = fx_vms(&f, "db", 1, SCN_DISK_PREMIUM, SCN_NONE, 60, 600);
    scn_disk *d = fx_disk(&f, g, SCN_DISK_PREMIUM, SCN_NONE, churn);
    d->size = size * 1024 * 1024 * 1024;
    d->io_size = fx_const(io * 1024);
    fx_outage(&f, SCN_SCOPE_REGION, fx_const(2 * 86400), fx_const(86400), 1.0);
    fx_strategy(&f, SCN_ASR);
    f.st.recovery_point = SCN_RP_LATEST;
    f.st.high_churn = high_churn;
    oc_trial t[1];
    fx_run(&f, 97, 1, t);
    return t[0].value[OC_RPO];
}

Test(recovery, high_churn_raises_the_per_disk_limit)
{
    /* 1 TiB premium at 15 MB/s in 8 KiB writes: Normal Churn ships 5 MB/s, so
     * after 2 days the oldest unshipped write is 2 d * 5/15 old and the RPO is
     * 2 d * 2/3 = 1 d 8 h; High Churn ships 20 MB/s per disk (and 100 MB/s
     * per VM): replication keeps up and the RPO is the shipping delay. */
    double normal = churn_rpo(1024, 15e6, 8, false), high = churn_rpo(1024, 15e6, 8, true);
    double expect = 2 * 86400 * 2.0 / 3;
    cr_assert(fabs(normal - expect) < 0.01 * expect, "normal churn: RPO %.0f s, expected ~%.0f s",
              normal, expect);
    cr_assert_lt(high, 60, "high churn: RPO %.1f s", high);
}

Test(recovery, premium_rows_start_at_128_and_512_gib)
{
    /* 300 GiB premium at 10 MB/s in 16 KiB writes: the 128 GiB row's 4 MB/s
     * (not the 512 GiB row's 20): RPO 2 d * 6/10. 512 GiB at the same churn
     * keeps up. */
    double mid = churn_rpo(300, 10e6, 16, false), big = churn_rpo(512, 10e6, 16, false);
    double expect = 2 * 86400 * 0.6;
    cr_assert(fabs(mid - expect) < 0.01 * expect, "300 GiB: RPO %.0f s, expected ~%.0f s", mid,
              expect);
    cr_assert_lt(big, 60, "512 GiB: RPO %.1f s", big);
}

Test(recovery, latest_processed_rpo_closed_form)
{
    /* Fixed replication lag L, crash-consistent bookmarks every P = 5 min at a
     * random phase, failure at a uniformly random instant T, no processing
     * delay. The newest usable point is the newest bookmark at or before
     * T - L, so RPO = L + ((T - L - phase) mod P), uniform on [L, L + P):
     * mean L + P/2, P(RPO > L + y) = 1 - y / P. */
    const double lags[] = {30, 600};
    const double P = 300;
    enum { N = 20000 };
    for (int k = 0; k < 2; k++) {
        const double L = lags[k];
        fx f;
        fx_init(&f);
        fx_vms(&f, "app", 1, SCN_DISK_PREMIUM, SCN_NONE, 60, 600);
        fx_outage(&f, SCN_SCOPE_REGION, fx_uniform(86400, 7 * 86400), fx_const(86400), 1.0);
        fx_strategy(&f, SCN_ASR);
        f.st.has_fixed_lag = true;
        f.st.fixed_lag = fx_const(L);
        static oc_trial t[N];
        fx_run(&f, 101 + (uint64_t)k, N, t);
        double s = 0, s2 = 0;
        int over = 0;
        for (int i = 0; i < N; i++) {
            double r = t[i].value[OC_RPO];
            cr_assert(r >= L - 1e-6 && r < L + P + 1e-6, "RPO %.3f outside [L, L+P)", r);
            s += r;
            s2 += r * r;
            over += r > L + P / 4;
        }
        double mean = s / N, sd = sqrt(s2 / N - mean * mean);
        cr_assert(fabs(mean - (L + P / 2)) < Z99 * sd / sqrt(N),
                  "L %.0f: mean RPO %.2f, L+P/2 %.2f", L, mean, L + P / 2);
        double p = (double)over / N;
        cr_assert(fabs(p - 0.75) < Z99 * sqrt(0.75 * 0.25 / N), "P(RPO > L + P/4) = %.4f", p);
    }
}

Test(recovery, geo_restore_fails_over_only_what_is_still_down)
{
    /* The outage ends at +1000 s; the VMs are still booting (3000 s) when the
     * decision comes at +1800 s. The VHDs' account is back: nothing is failed
     * over, no VM is deleted, the VMs come up where they were. */
    fx f;
    two_vhd_world(&f, fx_const(60), 1e5);
    f.vms[0].boot = fx_const(3000);
    f.outages[0].duration = fx_const(1000);
    f.outages[0].destructive = fx_const(0);
    f.st.decide = fx_const(1800);
    oc_trial t[50];
    fx_run(&f, 111, 50, t);
    for (int i = 0; i < 50; i++) {
        cr_assert_float_eq(t[i].value[OC_RTO], 1000 + 3000, 1e-6, "trial %d", i);
        cr_assert_eq(t[i].value[OC_RPO], 0);
        cr_assert_eq(t[i].value[OC_DATA_LOST_ALL], 0);
        cr_assert_eq(t[i].value[OC_FAILED_OVER], 0);
    }
    /* Data on LRS: geo-restore has nothing it could fail over either. */
    fx g;
    fx_init(&g);
    scn_account *a = fx_account(&g, "data", SCN_LRS);
    a->writes.rate = fx_const(10);
    fx_outage(&g, SCN_SCOPE_REGION, fx_uniform(3600, 86400), fx_const(7200), 0);
    fx_strategy(&g, SCN_GEO_RESTORE);
    fx_run(&g, 112, 50, t);
    for (int i = 0; i < 50; i++) {
        cr_assert_eq(t[i].value[OC_FAILED_OVER], 0);
        cr_assert_float_eq(t[i].value[OC_RTO], 7200, 1e-6);
    }
}

#define AT(s) ((sim_time)(s) * SIM_SEC)

/* The recovery point each VM of a traced trial failed over to, as seconds
 * before its failure (the timeline's whole seconds); -1 when absent. */
static double point_of(const oc_timeline *tl, const char *vm)
{
    for (size_t i = 0; i < tl->len; i++) {
        const oc_event *ev = &tl->events[i];
        double before;
        if (ev->kind == OC_EV_RECOVERY_POINT && strcmp(ev->subject, vm) == 0 &&
            sscanf(ev->detail, "%*s point %lfs", &before) == 1)
            return before;
    }
    return -1;
}

/* Three VMs whose replication lags differ (uniform 30 s - 10 min, one draw
 * per VM) fail over from a destroyed region, inside one multi-VM consistency
 * group or not. */
static void three_vm_world(fx *f, bool grouped, scn_recovery_point rp)
{
    fx_init(f);
    scn_vm_group *g = fx_vms(f, "db", 3, SCN_DISK_PREMIUM, SCN_NONE, 60, 600);
    g->disks[0].churn = fx_const(1e5);
    fx_outage(f, SCN_SCOPE_REGION, fx_uniform(86400, 6 * 86400), fx_const(86400), 1.0);
    fx_strategy(f, SCN_ASR);
    f->st.recovery_point = rp;
    f->st.has_fixed_lag = true;
    f->st.fixed_lag = fx_uniform(30, 600);
    if (grouped)
        fx_consistency_group(f, "db", 0);
}

Test(recovery, consistency_group_fails_over_to_one_common_point)
{
    enum { N = 40 };
    const char *vms[3] = {"db-1", "db-2", "db-3"};
    int differ = 0;
    for (uint64_t trial = 0; trial < N; trial++) {
        fx f;
        double in[3], out[3];
        oc_timeline tl = {0};
        three_vm_world(&f, true, SCN_RP_LATEST_PROCESSED);
        oc_trial g = fx_trace(&f, 121, trial, &tl);
        for (int k = 0; k < 3; k++)
            in[k] = point_of(&tl, vms[k]);
        oc_timeline_free(&tl);
        three_vm_world(&f, false, SCN_RP_LATEST_PROCESSED);
        oc_trial u = fx_trace(&f, 121, trial, &tl);
        for (int k = 0; k < 3; k++)
            out[k] = point_of(&tl, vms[k]);
        oc_timeline_free(&tl);
        /* In the group: one point for all, hence consistent. */
        for (int k = 0; k < 3; k++)
            cr_assert(in[k] >= 0 && in[k] == in[0], "trial %lu: %s at %.0fs, db-1 at %.0fs",
                      (unsigned long)trial, vms[k], in[k], in[0]);
        cr_assert_eq(g.value[OC_CONSISTENT], 1);
        cr_assert_str_eq(g.consistency, "crash");
        /* Alone, each VM takes its own newest point: RPO_i in [lag_i, lag_i + 5 min)
         * on a grid of its own phase. The group's point is bounded by its slowest
         * member: RPO in [max lag, max lag + 5 min), so within 5 min of the
         * worst lone RPO (the same lags: common random numbers). */
        cr_assert_eq(u.value[OC_CONSISTENT], 1);
        cr_assert(fabs(g.value[OC_RPO] - u.value[OC_RPO]) < 300,
                  "trial %lu: group RPO %.1f, alone %.1f", (unsigned long)trial, g.value[OC_RPO],
                  u.value[OC_RPO]);
        differ += !(out[0] == out[1] && out[1] == out[2]);
    }
    /* Alone, the points differ (own lags, own phases). */
    cr_assert_geq(differ, N - 2, "lone VMs shared one point in %d of %d trials", N - differ, N);
}

Test(recovery, latest_in_a_consistency_group_is_not_consistent)
{
    /* "latest" is per VM: group members with different lags come back at
     * different instants, which the group flags as inconsistent; outside a
     * group nothing is required across VMs. */
    enum { N = 30 };
    oc_trial t[N];
    fx f;
    three_vm_world(&f, true, SCN_RP_LATEST);
    fx_run(&f, 122, N, t);
    for (int i = 0; i < N; i++) {
        cr_assert_eq(t[i].value[OC_CONSISTENT], 0, "trial %d", i);
        cr_assert_str_eq(t[i].consistency, "none");
    }
    three_vm_world(&f, false, SCN_RP_LATEST);
    fx_run(&f, 122, N, t);
    for (int i = 0; i < N; i++)
        cr_assert_eq(t[i].value[OC_CONSISTENT], 1, "trial %d", i);
}

/* One VM on a standard disk, a transient region outage of `duration` at
 * +1 day, every step of ASR a constant: detection 300 s, decision 600 s,
 * creation 300 s, commit `commit`, re-protect 2 h, failback 30 min after it. */
static void after_failover_world(fx *f, double duration, double commit)
{
    fx_init(f);
    scn_vm_group *g = fx_vms(f, "app", 1, SCN_DISK_STANDARD, SCN_NONE, 60, 600);
    g->disks[0].churn = fx_const(1e5);
    fx_outage(f, SCN_SCOPE_REGION, fx_const(86400), fx_const(duration), 0);
    fx_strategy(f, SCN_ASR);
    f->w.monitor = fx_const(300);
    f->st.decide = fx_const(600);
    f->st.commit = fx_const(commit);
    f->st.reprotect = fx_const(7200);
    f->st.failback = true;
    f->st.failback_after = fx_const(1800);
}

Test(recovery, asr_commit_reprotect_failback_at_exact_instants)
{
    /* The source is still down at the commit: re-protection waits for it. */
    static const struct {
        const char *kind;
        double t;
    } late[] = {
        {"outage_start", 86400},     {"detected", 86700},         {"decision", 87300},
        {"plan_start", 87300},       {"plan_complete", 87600},    {"service_restored", 87600},
        {"commit", 88200},           {"outage_end", 100800},      {"reprotect_start", 100800},
        {"reprotected", 108000},     {"failback_start", 109800},  {"failback_end", 110100},
    };
    /* The source is back before the commit: re-protection starts at it. */
    static const struct {
        const char *kind;
        double t;
    } early[] = {
        {"outage_start", 86400},     {"decision", 87300},         {"plan_complete", 87600},
        {"outage_end", 87800},       {"commit", 89400},           {"reprotect_start", 89400},
        {"reprotected", 96600},      {"failback_start", 98400},   {"failback_end", 98700},
    };
    for (int c = 0; c < 2; c++) {
        fx f;
        after_failover_world(&f, c == 0 ? 14400 : 1400, c == 0 ? 600 : 1800);
        oc_timeline tl = {0};
        oc_trial out = fx_trace(&f, 131, 0, &tl);
        size_t n = c == 0 ? sizeof late / sizeof *late : sizeof early / sizeof *early;
        size_t next = 0;
        for (size_t k = 0; k < n; k++) {
            const char *kind = c == 0 ? late[k].kind : early[k].kind;
            double t = c == 0 ? late[k].t : early[k].t;
            cr_assert_eq(fx_event_count(&tl, kind, NULL), 1, "case %d: %zu %s events", c,
                         fx_event_count(&tl, kind, NULL), kind);
            /* In this order in the timeline, at this instant. */
            for (; next < tl.len && strcmp(oc_event_kind_name(tl.events[next].kind), kind) != 0;
                 next++)
                ;
            cr_assert_lt(next, tl.len, "case %d: %s out of order", c, kind);
            cr_assert_eq(tl.events[next].t, AT(t), "case %d: %s at %.3fs, expected %.0fs", c, kind,
                         (double)tl.events[next].t / 1e6, t);
        }
        /* The failback plan runs the failover's groups, recorded as its own. */
        size_t groups = fx_event_count(&tl, "group_start", NULL);
        cr_assert_gt(groups, 0);
        cr_assert_eq(fx_event_count(&tl, "failback_group_start", NULL), groups);
        cr_assert_eq(fx_event_count(&tl, "failback_group_end", NULL), groups);
        cr_assert_geq(fx_event_at(&tl, "failback_group_start", NULL),
                      AT(c == 0 ? 109800 : 98400));
        /* The failback plan is a planned one: nothing lost to it. */
        cr_assert_eq(fx_event_count(&tl, "failback_loss", NULL), 0);
        cr_assert_float_eq(out.value[OC_RTO], 1200, 1e-6);
        oc_timeline_free(&tl);
    }
}

/* The instant of the first `kind` event of trial 0 (seed 131), in seconds,
 * or -1. */
static double event_s(fx *f, const char *kind)
{
    oc_timeline tl = {0};
    fx_trace(f, 131, 0, &tl);
    sim_time t = fx_event_at(&tl, kind, NULL);
    oc_timeline_free(&tl);
    return t < 0 ? -1 : (double)t / 1e6;
}

Test(recovery, reprotect_after_a_destroyed_source_is_a_full_replication)
{
    /* azure-to-azure-how-to-reprotect.md: no re-protect when the source's data
     * is gone; protection is enabled again, a full initial replication.
     * The outage of after_failover_world ends at 86400 + 14400 s. */
    const double end = 86400 + 14400, gib = 1024.0 * 1024 * 1024;

    /* One standard disk of 128 GiB written at 100 kB/s: 2 MB/s minus the
     * churn, 128 GiB / 1.9 MB/s (not the 2 h of a diff sync). */
    fx f;
    after_failover_world(&f, 14400, 600);
    f.outages[0].destructive = fx_const(1);
    f.st.failback = false;
    cr_assert_float_eq(event_s(&f, "reprotect_start"), end, 1e-6);
    cr_assert_float_eq(event_s(&f, "reprotected"), end + 128 * gib / 1.9e6, 1e-3);

    /* The same source intact: the diff sync, 2 h. */
    f.outages[0].destructive = fx_const(0);
    cr_assert_float_eq(event_s(&f, "reprotected"), end + 7200, 1e-6);

    /* Twice the data, twice the time: a 128 GiB data disk more, written at
     * 100 kB/s too. Each disk takes 128 GiB / 1.9 MB/s; the VM's 54 MB/s is
     * not the bound. */
    f.outages[0].destructive = fx_const(1);
    fx_disk(&f, &f.vms[0], SCN_DISK_STANDARD, SCN_NONE, 1e5);
    cr_assert_float_eq(event_s(&f, "reprotected"), end + 128 * gib / 1.9e6, 1e-3);
    f.vms[0].disks[1].size = 256 * gib;
    cr_assert_float_eq(event_s(&f, "reprotected"), end + 256 * gib / 1.9e6, 1e-3);

    /* Four 1 TiB premium disks at 16 KiB I/O, no churn: 20 MB/s each, but the
     * VM's 54 MB/s bounds them: 4 TiB / 54 MB/s; with High Churn (35 MB/s a
     * disk, 100 MB/s the VM) 4 TiB / 100 MB/s. */
    after_failover_world(&f, 14400, 600);
    f.outages[0].destructive = fx_const(1);
    f.st.failback = false;
    f.vms[0].disks[0].churn = fx_const(0);
    for (int i = 0; i < 4; i++) {
        scn_disk *d = fx_disk(&f, &f.vms[0], SCN_DISK_PREMIUM, SCN_NONE, 0);
        d->size = 1024 * gib;
        d->io_size = fx_const(16384);
    }
    f.vms[0].disks[0].size = 1; /* the OS disk aside */
    cr_assert_float_eq(event_s(&f, "reprotected"), end + (4096 * gib + 1) / 54e6, 1e-3);
    f.st.high_churn = true;
    cr_assert_float_eq(event_s(&f, "reprotected"), end + (4096 * gib + 1) / 100e6, 1e-3);

    /* Churn at the disk's limit: the replication never completes. */
    after_failover_world(&f, 14400, 600);
    f.outages[0].destructive = fx_const(1);
    f.vms[0].disks[0].churn = fx_const(2e6);
    cr_assert_float_eq(event_s(&f, "reprotect_start"), end, 1e-6);
    cr_assert_eq(event_s(&f, "reprotected"), -1);
}

Test(recovery, asr_unplanned_failback_loses_what_was_not_replicated_back)
{
    /* Re-protected replication back to the source with a fixed lag L: an
     * unplanned failback loses the writes of the last L seconds, a Poisson
     * count of mean lambda L, lambda = churn / I/O size = 1e5 / 8192 per s.
     * The planned one loses nothing more than the failover did. */
    enum { N = 200 };
    const double L = 120, lambda = 1e5 / 8192;
    static oc_trial planned[N], unplanned[N];
    fx f;
    after_failover_world(&f, 14400, 600);
    f.outages[0].at = fx_uniform(86400, 5 * 86400);
    f.st.has_fixed_lag = true;
    f.st.fixed_lag = fx_const(L);
    fx_run(&f, 132, N, planned);
    f.st.failback_planned = false;
    fx_run(&f, 132, N, unplanned);
    double s = 0;
    for (int i = 0; i < N; i++) {
        cr_assert_eq(planned[i].value[OC_RPO], unplanned[i].value[OC_RPO]);
        double extra =
            unplanned[i].value[OC_DATA_LOSS_WRITES] - planned[i].value[OC_DATA_LOSS_WRITES];
        cr_assert_geq(extra, 0, "trial %d", i);
        s += extra;
    }
    double mean = s / N, se = sqrt(lambda * L / N);
    cr_assert(fabs(mean - lambda * L) < 4 * se,
              "mean failback loss %.2f, lambda L = %.2f (4 se %.2f)", mean, lambda * L, 4 * se);
    /* The timeline names the loss, the same count the outcome adds. */
    oc_timeline tl = {0};
    oc_trial one = fx_trace(&f, 132, 3, &tl);
    sim_time at = fx_event_at(&tl, "failback_loss", NULL);
    cr_assert(at >= 0 && at == fx_event_at(&tl, "failback_start", NULL));
    unsigned long long lost = 0;
    for (size_t i = 0; i < tl.len; i++)
        if (tl.events[i].kind == OC_EV_FAILBACK_LOSS)
            cr_assert_eq(sscanf(tl.events[i].detail, "unplanned failback: %llu", &lost), 1);
    cr_assert_float_eq(
        (double)lost, one.value[OC_DATA_LOSS_WRITES] - planned[3].value[OC_DATA_LOSS_WRITES], 1e-9);
    oc_timeline_free(&tl);
}

/* One VM, replication lag fixed at 30 s, failure at a uniformly random
 * instant, recovery point `custom` seconds old at the latest. */
static void custom_point_world(fx *f, double age)
{
    fx_init(f);
    scn_vm_group *g = fx_vms(f, "app", 1, SCN_DISK_PREMIUM, SCN_NONE, 60, 600);
    g->disks[0].churn = fx_const(1e5);
    fx_outage(f, SCN_SCOPE_REGION, fx_uniform(2 * 86400, 7 * 86400), fx_const(86400), 1.0);
    fx_strategy(f, SCN_ASR);
    f->st.has_fixed_lag = true;
    f->st.fixed_lag = fx_const(30);
    f->st.recovery_point = SCN_RP_CUSTOM;
    f->st.custom_age = age;
}

Test(recovery, custom_recovery_point_is_the_newest_kept_point_that_old)
{
    /* asr.h: the newest kept crash-consistent point at or before failure -
     * age. Within the last 2 hours every 5-minute point is kept: RPO =
     * age + ((T - age - phase) mod 5 min), uniform on [age, age + 5 min),
     * mean age + 150 s, sd 300 / sqrt(12). Older (1-day retention), one
     * point per clock hour is kept: RPO uniform on [age, age + 1 h), mean
     * age + 1800 s, sd 3600 / sqrt(12). Bounds: 4 standard errors. */
    enum { N = 1000 };
    static oc_trial t[N];
    const double ages[] = {1800, 5 * 3600.0}, widths[] = {300, 3600};
    for (int c = 0; c < 2; c++) {
        const double age = ages[c], width = widths[c];
        fx f;
        custom_point_world(&f, age);
        fx_run(&f, 141 + (uint64_t)c, N, t);
        double s = 0;
        int low = 0;
        for (int i = 0; i < N; i++) {
            cr_assert(t[i].present[OC_RPO]);
            double r = t[i].value[OC_RPO];
            cr_assert(r >= age - 1e-6 && r < age + width, "age %.0f: RPO %.3f outside [%.0f, %.0f)",
                      age, r, age, age + width);
            cr_assert_str_eq(t[i].consistency, "crash");
            s += r;
            low += r < age + width / 4;
        }
        double mean = s / N, se = width / sqrt(12.0 * N);
        cr_assert(fabs(mean - (age + width / 2)) < 4 * se, "age %.0f: mean RPO %.2f, expected %.2f",
                  age, mean, age + width / 2);
        double p = (double)low / N;
        cr_assert(fabs(p - 0.25) < 4 * sqrt(0.25 * 0.75 / N), "age %.0f: P(RPO < age + w/4) %.3f",
                  age, p);
    }
    /* Older than the retention: no such point; the VM cannot be recovered. */
    fx f;
    custom_point_world(&f, 2 * 86400.0);
    fx_run(&f, 143, 20, t);
    for (int i = 0; i < 20; i++) {
        cr_assert_eq(t[i].value[OC_DATA_LOST_ALL], 1);
        cr_assert(!t[i].present[OC_RPO] && !t[i].present[OC_RTO]);
    }
}

Test(recovery, reserved_capacity_overrides_a_certain_shortage)
{
    /* Two VMs created in 300 s; a shortage, when capacity is not reserved,
     * adds 600 s to a VM's creation. */
    fx f;
    fx_init(&f);
    fx_vms(&f, "app", 2, SCN_DISK_STANDARD, SCN_NONE, 60, 600);
    fx_outage(&f, SCN_SCOPE_REGION, fx_uniform(3600, 86400), fx_const(86400), 0);
    fx_strategy(&f, SCN_ASR);
    f.st.capacity_delay_probability = fx_const(1);
    f.st.capacity_delay = fx_const(600);
    enum { N = 20 };
    oc_trial t[N];
    for (int reserved = 1; reserved >= 0; reserved--) {
        f.st.capacity_reserved = reserved;
        fx_run(&f, 151, N, t);
        for (int i = 0; i < N; i++)
            cr_assert_float_eq(t[i].value[OC_RTO], reserved ? 300 : 900, 1e-6, "reserved %d: %.3f",
                               reserved, t[i].value[OC_RTO]);
        oc_timeline tl = {0};
        fx_trace(&f, 151, 0, &tl);
        cr_assert_eq(fx_event_count(&tl, "capacity_delay", NULL), reserved ? 0u : 2u);
        if (!reserved)
            cr_assert_eq(fx_event_at(&tl, "capacity_delay", "app-2"),
                         fx_event_at(&tl, "plan_start", NULL));
        oc_timeline_free(&tl);
    }
    /* Unreserved, a shortage with probability 1/2 per VM: one VM, so RTO is
     * 300 or 900 s, 900 in half the trials (4 standard errors). */
    f.vms[0].count = 1;
    f.st.capacity_delay_probability = fx_const(0.5);
    enum { M = 400 };
    static oc_trial u[M];
    fx_run(&f, 152, M, u);
    int delayed = 0;
    for (int i = 0; i < M; i++) {
        double r = u[i].value[OC_RTO];
        cr_assert(fabs(r - 300) < 1e-6 || fabs(r - 900) < 1e-6, "trial %d: RTO %.3f", i, r);
        delayed += r > 600;
    }
    cr_assert(fabs((double)delayed / M - 0.5) < 4 * sqrt(0.25 / M), "%d of %d delayed", delayed, M);
}

/* A tier "web" of `count` VMs placed by `place` (zone 1 for SCN_PLACE_ZONE)
 * on managed disks of redundancy `r`, a destructive outage of zone 1 of 4 h
 * at +1 day, and `wait`. */
static void zonal_vm_world(fx *f, uint32_t count, scn_placement place, scn_redundancy r)
{
    fx_init(f);
    scn_vm_group *g = fx_vms(f, "web", count, SCN_DISK_PREMIUM, SCN_NONE, 120, 600);
    g->placement = place;
    g->zone = 1;
    g->disks[0].redundancy = r;
    g->disks[0].churn = fx_const(1e5);
    fx_outage(f, SCN_SCOPE_ZONE, fx_const(86400), fx_const(4 * 3600.0), 1.0);
}

Test(recovery, managed_zrs_disks_survive_a_zone_outage)
{
    oc_timeline tl = {0};
    fx f;
    /* Spread over zones: web-1 in zone 1, web-2 in zone 2. The tier stays up
     * through web-2; web-1 restarts on its ZRS disk once its zone is back. */
    zonal_vm_world(&f, 2, SCN_PLACE_SPREAD, SCN_ZRS);
    oc_trial out = fx_trace(&f, 161, 0, &tl);
    cr_assert_eq(out.value[OC_DISRUPTED], 0);
    cr_assert_eq(fx_event_at(&tl, "vm_down", "web-1"), AT(86400));
    cr_assert_eq(fx_event_at(&tl, "vm_up", "web-1"), AT(86400 + 4 * 3600 + 120));
    cr_assert_eq(fx_event_count(&tl, "vm_lost", NULL), 0);
    cr_assert_eq(fx_event_count(&tl, "vm_down", "web-2"), 0);
    oc_timeline_free(&tl);
    /* The same on LRS disks: web-1's disk burns with its zone. */
    zonal_vm_world(&f, 2, SCN_PLACE_SPREAD, SCN_LRS);
    out = fx_trace(&f, 161, 0, &tl);
    cr_assert_eq(out.value[OC_DISRUPTED], 0);
    cr_assert_eq(fx_event_at(&tl, "vm_lost", "web-1"), AT(86400));
    cr_assert_eq(fx_event_count(&tl, "vm_up", "web-1"), 0);
    oc_timeline_free(&tl);
    /* A single VM in zone 1: down for the outage, then back on its ZRS disk
     * with nothing lost; on LRS, its data is gone. */
    oc_trial t[10];
    zonal_vm_world(&f, 1, SCN_PLACE_ZONE, SCN_ZRS);
    fx_run(&f, 162, 10, t);
    for (int i = 0; i < 10; i++) {
        cr_assert_float_eq(t[i].value[OC_RTO], 4 * 3600 + 120, 1e-6);
        cr_assert_eq(t[i].value[OC_RPO], 0);
        cr_assert_eq(t[i].value[OC_DATA_LOSS_WRITES], 0);
        cr_assert_eq(t[i].value[OC_DATA_LOST_ALL], 0);
    }
    zonal_vm_world(&f, 1, SCN_PLACE_ZONE, SCN_LRS);
    fx_run(&f, 162, 10, t);
    for (int i = 0; i < 10; i++) {
        cr_assert_eq(t[i].value[OC_DATA_LOST_ALL], 1);
        cr_assert(!t[i].present[OC_RTO]);
    }
}

/* The plan ends at the instant an unprotected tier boots back in place: the
 * world is refreshed twice at that instant, and the commit is scheduled once
 * (it once was scheduled at every refresh: two commits). */
Test(recovery, commit_happens_once_when_the_plan_ends_as_a_tier_boots)
{
    fx f;
    fx_init(&f);
    fx_vms(&f, "app", 1, SCN_DISK_STANDARD, SCN_NONE, 60, 600);
    fx_vms(&f, "cache", 1, SCN_DISK_STANDARD, SCN_NONE, 100, 600);
    fx_outage(&f, SCN_SCOPE_REGION, fx_const(86400), fx_const(200), 0);
    fx_strategy(&f, SCN_ASR);
    fx_plan_group(&f, "g", 0, 0, 0);
    f.w.monitor = fx_const(0);
    f.st.decide = fx_const(0);
    f.st.vm_create = fx_const(300);
    f.st.commit = fx_const(60);
    oc_timeline tl = {0};
    fx_trace(&f, 7, 0, &tl);
    cr_assert_eq(fx_event_at(&tl, "plan_complete", NULL), AT(86700));
    cr_assert_eq(fx_event_count(&tl, "commit", NULL), 1, "%zu commits",
                 fx_event_count(&tl, "commit", NULL));
    cr_assert_eq(fx_event_at(&tl, "commit", NULL), AT(86760));
    oc_timeline_free(&tl);
}

/* `decide` counts from the alarm; failover.after ("fail over after W of
 * outage") from the disruption's start, and a W shorter than the monitoring
 * delay decides at the alarm. Monitoring 300 s; the outage at 86400 s. */
Test(recovery, failover_after_counts_from_the_outage_decide_from_the_alarm)
{
    static const struct {
        bool from_disruption;
        double w, decision;
    } cases[] = {
        {false, 3600, 86400 + 300 + 3600},
        {true, 3600, 86400 + 3600},
        {true, 120, 86400 + 300},
        {false, 120, 86400 + 300 + 120},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        fx f;
        fx_init(&f);
        fx_vms(&f, "app", 1, SCN_DISK_STANDARD, SCN_NONE, 60, 600);
        fx_outage(&f, SCN_SCOPE_REGION, fx_const(86400), fx_const(86400), 0);
        fx_strategy(&f, SCN_ASR);
        f.w.monitor = fx_const(300);
        f.st.decide = fx_const(cases[c].w);
        f.st.decide_from_disruption = cases[c].from_disruption;
        oc_timeline tl = {0};
        fx_trace(&f, 3, 0, &tl);
        cr_assert_eq(fx_event_at(&tl, "detected", NULL), AT(86700), "case %zu", c);
        cr_assert_eq(fx_event_at(&tl, "decision", NULL), AT(cases[c].decision),
                     "case %zu: decision at %.0fs, expected %.0fs", c,
                     (double)fx_event_at(&tl, "decision", NULL) / 1e6, cases[c].decision);
        oc_timeline_free(&tl);
    }
}

/* ---- zone-to-zone ---------------------------------------------------------------------- */

/* Two SQL VMs pinned to zone 1 of West Europe, a premium data disk each
 * written at 1 MB/s, protected by Site Recovery either to zone 2 of their
 * own region (zone-to-zone) or to Germany West Central; monitoring 300 s,
 * decision 120 s, VM creation 300 s, processing 0: a failover takes exactly
 * 720 s from the outage. The outage (zone 1, or the region) starts at 1 d
 * and lasts 6 h. */
static void zonal_world(fx *f, bool zone_to_zone, scn_scope scope, double destructive)
{
    fx_init(f);
    scn_vm_group *g = fx_vms(f, "sql", 2, SCN_DISK_PREMIUM, SCN_NONE, 120, 600);
    g->placement = SCN_PLACE_ZONE;
    g->zone = 1;
    fx_disk(f, g, SCN_DISK_PREMIUM, SCN_NONE, 1e6);
    fx_outage(f, scope, fx_const(86400), fx_const(6 * 3600), destructive);
    fx_strategy(f, SCN_ASR);
    if (zone_to_zone) {
        f->st.target = FX_WESTEUROPE;
        f->st.target_zone = 2;
    }
    f->w.monitor = fx_const(300);
    f->st.decide = fx_const(120);
}

/* A zone outage, transient or destroying zone 1: zone-to-zone fails the VMs
 * over into zone 2 of West Europe in the 720 s of a failover, as a
 * cross-region failover does into Germany West Central; nothing is lost
 * (the replicas are in zone 2), the RPO within the 5-minute grid of
 * crash-consistent points. */
Test(recovery, zone_to_zone_recovers_a_zone_outage_in_the_target_zone)
{
    for (int destroyed = 0; destroyed < 2; destroyed++)
        for (int z2z = 0; z2z < 2; z2z++) {
            fx f;
            zonal_world(&f, z2z, SCN_SCOPE_ZONE, destroyed);
            oc_timeline tl = {0};
            oc_trial t = fx_trace(&f, 11, 0, &tl);
            cr_assert_float_eq(t.value[OC_RTO], 720, 1e-6, "z2z %d destroyed %d: RTO %.1f", z2z,
                               destroyed, t.value[OC_RTO]);
            cr_assert_eq(t.value[OC_FAILED_OVER], 1);
            cr_assert_eq(t.value[OC_DATA_LOST_ALL], 0);
            cr_assert(t.present[OC_RPO]);
            cr_assert_leq(t.value[OC_RPO], 300 + 1, "RPO %.1f", t.value[OC_RPO]);
            bool in_zone2 = false;
            for (size_t i = 0; i < tl.len; i++)
                in_zone2 |= tl.events[i].kind == OC_EV_VM_UP &&
                            strcmp(tl.events[i].detail, "failed over to zone 2 of westeurope") == 0;
            cr_assert_eq(in_zone2, z2z, "z2z %d: the VMs come up in zone 2 of West Europe", z2z);
            oc_timeline_free(&tl);
        }
}

/* A region outage takes the target zone with the source. Zone-to-zone
 * decides at 420 s, finds zone 2 down and waits; when the region comes back
 * after 6 h the VMs restart where they were (boot 120 s) and nothing fails
 * over: the RTO of waiting. Cross-region recovers in 720 s. Destroyed, the
 * region takes both the disks and their replicas: zone-to-zone loses the
 * data and never serves again. */
Test(recovery, a_region_outage_takes_the_zone_to_zone_target_with_it)
{
    fx f;
    zonal_world(&f, true, SCN_SCOPE_REGION, 0);
    oc_timeline tl = {0};
    oc_trial t = fx_trace(&f, 11, 0, &tl);
    cr_assert_float_eq(t.value[OC_RTO], 6 * 3600 + 120, 1e-6, "RTO %.1f", t.value[OC_RTO]);
    cr_assert_eq(t.value[OC_FAILED_OVER], 0);
    cr_assert_float_eq(t.value[OC_RPO], 0, 1e-9);
    cr_assert_eq(fx_event_count(&tl, "plan_start", NULL), 0);
    bool waited = false, back = false;
    for (size_t i = 0; i < tl.len; i++) {
        waited |= tl.events[i].kind == OC_EV_DECISION &&
                  strcmp(tl.events[i].detail, "target zone 2 of westeurope is down: waiting") == 0;
        back |= tl.events[i].kind == OC_EV_DECISION &&
                strstr(tl.events[i].detail, "no failover, the VMs restart where they were");
    }
    cr_assert(waited && back);
    oc_timeline_free(&tl);

    zonal_world(&f, false, SCN_SCOPE_REGION, 0);
    t = fx_trace(&f, 11, 0, &tl);
    cr_assert_float_eq(t.value[OC_RTO], 720, 1e-6);
    oc_timeline_free(&tl);

    zonal_world(&f, true, SCN_SCOPE_REGION, 1);
    t = fx_trace(&f, 11, 0, &tl);
    cr_assert(!t.present[OC_RTO], "never serving again");
    cr_assert(!t.present[OC_RPO]);
    cr_assert_eq(t.value[OC_DATA_LOST_ALL], 1);
    cr_assert_gt(t.value[OC_DATA_LOSS_WRITES], 0);
    cr_assert_eq(fx_event_count(&tl, "recovery_point", "sql-1"), 1);
    bool gone = false;
    for (size_t i = 0; i < tl.len; i++)
        gone |= tl.events[i].kind == OC_EV_RECOVERY_POINT &&
                strstr(tl.events[i].detail, "its replica in zone 2 of westeurope is destroyed");
    cr_assert(gone);
    oc_timeline_free(&tl);

    zonal_world(&f, false, SCN_SCOPE_REGION, 1);
    t = fx_trace(&f, 11, 0, &tl);
    cr_assert_float_eq(t.value[OC_RTO], 720, 1e-6);
    cr_assert_eq(t.value[OC_DATA_LOST_ALL], 0);
    oc_timeline_free(&tl);
}

/* Replication between zones ships over a shorter path: with the `latest`
 * point (every write received before the failure), the same writes and
 * outage lose no more with zone-to-zone than across regions, in every trial
 * (exact: the link's backlog is the same, and a shorter latency only moves
 * the instant whose backlog counts later), and strictly less in most (a
 * write in flight within the 48 ms the longer path adds). Before the
 * zone-to-zone path both were shipped with ASR_SHIP_LATENCY: equal. */
Test(recovery, zone_to_zone_ships_over_the_short_path)
{
    enum { N = 50 };
    static oc_trial t[2][N];
    for (int z2z = 0; z2z < 2; z2z++) {
        fx f;
        zonal_world(&f, z2z, SCN_SCOPE_ZONE, 1);
        f.st.recovery_point = SCN_RP_LATEST;
        f.outages[0].at = fx_uniform(86400, 3 * 86400);
        fx_run(&f, 13, N, t[z2z]);
    }
    int shorter = 0;
    for (int i = 0; i < N; i++) {
        cr_assert(t[0][i].present[OC_RPO] && t[1][i].present[OC_RPO]);
        cr_assert_leq(t[1][i].value[OC_RPO], t[0][i].value[OC_RPO], "trial %d: %.4f > %.4f", i,
                      t[1][i].value[OC_RPO], t[0][i].value[OC_RPO]);
        shorter += t[1][i].value[OC_RPO] < t[0][i].value[OC_RPO];
    }
    cr_assert_gt(shorter, N / 2, "zone-to-zone lost less in %d of %d trials", shorter, N);
}
