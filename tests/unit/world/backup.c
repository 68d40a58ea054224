/*
 * backup.c — Azure Backup's cross-region restore (models/world/backup.c)
 * against its closed forms: the RPO is the time since the last backup whose
 * copy was in the secondary region when the region failed (a daily backup at
 * 22:00 with the documented 12 h copy lag: uniform on [12 h, 36 h] for a
 * failure uniform over a day, at most the documented 36 hours; the enhanced
 * policy every 4 h: uniform on [12 h, 16 h]); the restore's time grows with
 * the VM's data; no restore from an LRS, ZRS or GRS-without-CRR vault, nor by
 * the other strategies; the writes after the point are the ones lost.
 *
 * Exact per trial where the failure instant is in the timeline; Monte Carlo
 * checks use fixed seeds and hold each estimate to its 99 % confidence
 * interval (2.576 standard errors).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "models/world/backup.h"
#include "tests/support/fixture.h"

#define Z99 2.576
#define H 3600.0
#define GIB (1024.0 * 1024 * 1024)

/* A VM "sql" on two managed disks (128 GiB each, the data disk written at
 * `churn` bytes/s in 8 KiB writes) protected by one policy, a region outage
 * starting uniformly over day 3 and lasting 5 days, no monitoring or
 * decision delay, strategy `kind`. */
static void setup(fx *f, scn_strategy_kind kind, double every, double churn)
{
    fx_init(f);
    scn_vm_group *g = fx_vms(f, "sql", 1, SCN_DISK_PREMIUM, SCN_NONE, 120, 600);
    fx_disk(f, g, SCN_DISK_PREMIUM, SCN_NONE, churn);
    fx_backup(f, "policy", 0, 22 * H, every);
    fx_outage(f, SCN_SCOPE_REGION, fx_uniform(2 * 86400, 3 * 86400), fx_const(5 * 86400), 0);
    fx_strategy(f, kind);
}

/* The closed form: the failure at f (s), points every `period` from `phase`,
 * copies `lag` later, stopped at the failure. */
static double rpo_closed(double f, double phase, double period, double lag)
{
    double by = f - lag;
    double p = phase + floor((by - phase) / period) * period;
    return f - p;
}

static double failure_at(const oc_timeline *tl)
{
    sim_time t = fx_event_at(tl, "outage_start", NULL);
    cr_assert_geq(t, 0);
    return (double)t / 1e6;
}

Test(backup, schedule_points)
{
    scn_backup b = {.schedule = SCN_BACKUP_DAILY, .at = 22 * H};
    /* The policy ran before the trial: at 00:00 its last point is the day
     * before's 22:00. */
    cr_assert_eq(bk_point_at_or_before(&b, 0), (sim_time)(-2 * H * 1e6));
    cr_assert_eq(bk_point_at_or_before(&b, (sim_time)(22 * H * 1e6)), (sim_time)(22 * H * 1e6));
    cr_assert_eq(bk_point_at_or_before(&b, (sim_time)(22 * H * 1e6) - 1),
                 (sim_time)(-2 * H * 1e6));
    b.schedule = SCN_BACKUP_ENHANCED;
    b.every = 4 * H;
    /* Every 4 h from 22:00: 02:00, 06:00, ... 22:00. */
    cr_assert_eq(bk_point_at_or_before(&b, (sim_time)(5 * H * 1e6)), (sim_time)(2 * H * 1e6));
    cr_assert_eq(bk_point_at_or_before(&b, (sim_time)(1 * H * 1e6)), (sim_time)(-2 * H * 1e6));
    /* Copied 12 h later, stopped at a failure at 30 h: the point of 18:00. */
    cr_assert_eq(bk_secondary_point(&b, (sim_time)(30 * H * 1e6), (sim_time)(30 * H * 1e6),
                                    (sim_time)(12 * H * 1e6)),
                 (sim_time)(18 * H * 1e6));
}

/* The RPO of each trial, exactly, and its distribution: uniform on
 * [lag, lag + period] for a failure uniform over a whole number of periods. */
static void rpo_law(double every, double period, double phase)
{
    enum { N = 300 };
    fx f;
    setup(&f, SCN_RESTORE, every, 0);
    double sum = 0;
    size_t below_mid = 0;
    for (uint64_t t = 0; t < N; t++) {
        oc_timeline tl = {0};
        oc_trial out = fx_trace(&f, 11, t, &tl);
        double fail = failure_at(&tl);
        double want = rpo_closed(fail, phase, period, 12 * H);
        cr_assert(out.present[OC_RPO], "trial %lu: no RPO", (unsigned long)t);
        cr_assert_float_eq(out.value[OC_RPO], want, 1e-3, "trial %lu: RPO %.3f, closed form %.3f",
                           (unsigned long)t, out.value[OC_RPO], want);
        cr_assert(want >= 12 * H && want <= 12 * H + period);
        cr_assert_eq(out.value[OC_FAILED_OVER], 1);
        sum += out.value[OC_RPO];
        below_mid += out.value[OC_RPO] <= 12 * H + period / 2;
        oc_timeline_free(&tl);
    }
    double mean = sum / N, se = period / sqrt(12.0) / sqrt((double)N);
    cr_assert(fabs(mean - (12 * H + period / 2)) < Z99 * se, "mean RPO %.0fs, expected %.0fs +- %.0f",
              mean, 12 * H + period / 2, Z99 * se);
    double share = (double)below_mid / N, sse = sqrt(0.25 / N);
    cr_assert(fabs(share - 0.5) < Z99 * sse, "P(RPO <= mid) = %.3f", share);
}

Test(backup, daily_rpo_is_uniform_from_12h_to_36h)
{
    rpo_law(0, 24 * H, 22 * H);
}

Test(backup, enhanced_every_4h_rpo_is_uniform_from_12h_to_16h)
{
    rpo_law(4 * H, 4 * H, 22 * H - 20 * H);
}

/* The restore's time: its fixed part plus the disks' data at the rate; with
 * no monitoring or decision delay it is the RTO. */
Test(backup, restore_time_grows_with_the_data)
{
    double rto[2];
    for (int extra = 0; extra < 2; extra++) {
        fx f;
        setup(&f, SCN_RESTORE, 0, 0);
        if (extra)
            fx_disk(&f, &f.vms[0], SCN_DISK_PREMIUM, SCN_NONE, 0);
        f.backups[0].restore_base = fx_const(600);
        oc_trial out[20];
        fx_run(&f, 3, 20, out);
        double bytes = (2 + extra) * 128 * GIB;
        for (size_t t = 0; t < 20; t++)
            cr_assert_float_eq(out[t].value[OC_RTO], 600 + bytes / 100e6, 1e-3,
                               "trial %zu: RTO %.3f", t, out[t].value[OC_RTO]);
        rto[extra] = out[0].value[OC_RTO];
    }
    cr_assert_float_eq(rto[1] - rto[0], 128 * GIB / 100e6, 1e-3);
}

/* Only a GRS vault with cross-region restore restores in the pair; the
 * region destroyed, the others' VMs are lost for good, as under wait. */
Test(backup, no_restore_from_lrs_zrs_or_without_crr)
{
    enum { N = 30 };
    for (int c = 0; c < 4; c++) {
        fx f;
        setup(&f, c == 3 ? SCN_WAIT : SCN_RESTORE, 0, 1e5);
        f.outages[0].destructive = fx_const(1);
        if (c == 0)
            f.backups[0].vault = SCN_LRS;
        else if (c == 1)
            f.backups[0].vault = SCN_ZRS;
        if (c <= 2)
            f.backups[0].cross_region_restore = false;
        oc_trial out[N];
        fx_run(&f, 5, N, out);
        for (size_t t = 0; t < N; t++) {
            cr_assert_eq(out[t].value[OC_FAILED_OVER], 0, "case %d trial %zu restored", c, t);
            cr_assert_eq(out[t].value[OC_DATA_LOST_ALL], 1, "case %d trial %zu: data kept", c, t);
        }
    }
    /* The same region loss with cross-region restore: nothing lost for good. */
    fx f;
    setup(&f, SCN_RESTORE, 0, 1e5);
    f.outages[0].destructive = fx_const(1);
    oc_trial out[N];
    fx_run(&f, 5, N, out);
    for (size_t t = 0; t < N; t++) {
        cr_assert_eq(out[t].value[OC_FAILED_OVER], 1);
        cr_assert_eq(out[t].value[OC_DATA_LOST_ALL], 0);
    }
}

/* The writes lost are the data disk's writes after the point: Poisson at
 * churn / 8 KiB, so their total over the trials is within its 99 % CI of
 * rate x the RPOs' sum. */
Test(backup, writes_after_the_point_are_lost)
{
    enum { N = 200 };
    fx f;
    setup(&f, SCN_RESTORE, 4 * H, 8192.0 * 2);
    oc_trial out[N];
    fx_run(&f, 9, N, out);
    double writes = 0, rpo = 0;
    for (size_t t = 0; t < N; t++) {
        writes += out[t].value[OC_DATA_LOSS_WRITES];
        rpo += out[t].value[OC_RPO];
    }
    double expected = 2 * rpo;
    cr_assert(fabs(writes - expected) < Z99 * sqrt(expected), "writes lost %.0f, expected %.0f",
              writes, expected);
}

/* A zone's outage leaves the vault's region up: the copies go on until the
 * decision, so with a decision more than the lag after the failure the
 * point is the last one taken before it (every 4 h: an RPO of
 * (failure - phase) mod 4 h, exactly). */
Test(backup, zone_outage_copies_until_the_decision)
{
    fx f;
    setup(&f, SCN_RESTORE, 4 * H, 0);
    f.vms[0].placement = SCN_PLACE_ZONE;
    f.vms[0].zone = 1;
    f.outages[0].scope = SCN_SCOPE_ZONE;
    f.outages[0].zone = 1;
    f.st.decide = fx_const(13 * H);
    for (uint64_t t = 0; t < 50; t++) {
        oc_timeline tl = {0};
        oc_trial out = fx_trace(&f, 13, t, &tl);
        double fail = failure_at(&tl);
        double want = rpo_closed(fail, 2 * H, 4 * H, 0);
        cr_assert_float_eq(out.value[OC_RPO], want, 1e-3, "trial %lu: RPO %.3f, closed form %.3f",
                           (unsigned long)t, out.value[OC_RPO], want);
        cr_assert(want < 4 * H);
        oc_timeline_free(&tl);
    }
}
