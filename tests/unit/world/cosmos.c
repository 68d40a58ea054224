/*
 * cosmos.c — Cosmos DB accounts against the documented RPO and RTO per
 * configuration (consistency-levels.md, ms.date 08/28/2025: a region outage
 * loses nothing under strong consistency, at most K writes or T under
 * bounded staleness, less than 15 minutes under session, consistent prefix
 * and eventual; reliability-cosmos-db.md, ms.date 04/09/2026: without
 * service-managed failover writes wait for the region, with it a read region
 * is promoted) and against the closed form of the conflict model.
 *
 * The app runs in North Europe; its data is one account written in West
 * Europe, where the outage is: what the app sees is the account's.
 * Monte Carlo checks use fixed seeds and hold each estimate to its own 99 %
 * confidence interval (2.576 standard errors).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "models/azure/defaults.h"
#include "models/world/cosmos.h"
#include "tests/support/fixture.h"

#define Z99 2.576
#define N 400

static const uint32_t NE[] = {FX_NORTHEUROPE};
static const uint32_t NE_GWC[] = {FX_NORTHEUROPE, FX_GERMANYWC};

/* An app of two VMs in North Europe, whose data is the account; one region
 * outage of West Europe of `duration`, destroyed with probability p. */
static scn_cosmos *setup(fx *f, scn_consistency c, const uint32_t *reads, size_t nreads,
                         double duration, double p)
{
    fx_init(f);
    scn_cosmos *a = fx_cosmos(f, "orders", c, reads, nreads);
    scn_vm_group *g = fx_vms(f, "web", 2, SCN_DISK_STANDARD, SCN_NONE, 60, 600);
    g->region = FX_NORTHEUROPE;
    fx_outage(f, SCN_SCOPE_REGION, fx_uniform(86400, 2 * 86400), fx_const(duration), p);
    return a;
}

static double mean_sd(const oc_trial *t, size_t n, oc_metric m, double *sd)
{
    double s = 0, s2 = 0;
    for (size_t i = 0; i < n; i++) {
        cr_assert(t[i].present[m], "trial %zu lacks %s", i, oc_metrics[m].name);
        s += t[i].value[m];
        s2 += t[i].value[m] * t[i].value[m];
    }
    double mean = s / (double)n;
    *sd = sqrt(fmax(s2 / (double)n - mean * mean, 0));
    return mean;
}

/* Strong consistency, service-managed failover: RPO 0, no write lost, and
 * the writes back when the read region is promoted: RTO = the failover's
 * delay, within the last published 15 minutes (uniform 5-15 min: mean 10). */
Test(cosmos, strong_with_service_managed_failover_loses_nothing_within_the_rto)
{
    fx f;
    scn_cosmos *a = setup(&f, SCN_CONS_STRONG, NE, 1, 7200, 0);
    a->service_managed_failover = true;
    a->failover_after = fx_uniform(DEF_COSMOS_FAILOVER_MIN, DEF_COSMOS_FAILOVER_MAX);
    a->writes.rate = fx_const(100);
    a->lag = fx_const(600);
    static oc_trial t[N];
    fx_run(&f, 11, N, t);
    for (int i = 0; i < N; i++) {
        cr_assert_eq(t[i].value[OC_RPO], 0, "trial %d", i);
        cr_assert_eq(t[i].value[OC_DATA_LOSS_WRITES], 0, "trial %d", i);
        cr_assert_eq(t[i].value[OC_FAILED_OVER], 1);
        cr_assert_geq(t[i].value[OC_RTO], DEF_COSMOS_FAILOVER_MIN - 1e-6);
        cr_assert_leq(t[i].value[OC_RTO], COSMOS_RTO_DOCUMENTED + 1e-6, "trial %d: RTO %f", i,
                      t[i].value[OC_RTO]);
        cr_assert_float_eq(t[i].value[OC_WRITE_DOWNTIME], t[i].value[OC_RTO], 1e-6);
        cr_assert_eq(t[i].value[OC_READ_DOWNTIME], 0, "reads go on from North Europe");
    }
    double sd, mean = mean_sd(t, N, OC_RTO, &sd);
    double want = (DEF_COSMOS_FAILOVER_MIN + DEF_COSMOS_FAILOVER_MAX) / 2;
    cr_assert_leq(fabs(mean - want), Z99 * sd / sqrt(N), "mean RTO %f, closed form %f", mean,
                  want);
}

/* Session (and consistent prefix, eventual): the loss is the writes of the
 * window min(lag, 15 min) before the outage. A lag of an hour: RPO is the
 * bound, exactly, and the writes lost a Poisson count of mean rate x 900 s. */
Test(cosmos, weak_levels_lose_at_most_the_documented_15_minutes)
{
    const scn_consistency levels[] = {SCN_CONS_SESSION, SCN_CONS_CONSISTENT_PREFIX,
                                      SCN_CONS_EVENTUAL};
    for (size_t c = 0; c < 3; c++) {
        fx f;
        scn_cosmos *a = setup(&f, levels[c], NE, 1, 7200, 0);
        a->service_managed_failover = true;
        a->writes.rate = fx_const(2);
        a->lag = fx_const(3600);
        static oc_trial t[N];
        fx_run(&f, 12, N, t);
        for (int i = 0; i < N; i++)
            cr_assert_float_eq(t[i].value[OC_RPO], COSMOS_RPO_WEAK, 1e-6, "trial %d: RPO %f", i,
                               t[i].value[OC_RPO]);
        double sd, mean = mean_sd(t, N, OC_DATA_LOSS_WRITES, &sd);
        double want = 2 * COSMOS_RPO_WEAK;
        cr_assert_leq(fabs(mean - want), Z99 * sqrt(want / N), "level %zu: mean lost %f, %f",
                      c, mean, want);
    }
}

/* A lag below the bound: RPO = the lag (exponential, mean 60 s, so
 * E[min(X, 900)] = 60 (1 - e^-15)). */
Test(cosmos, session_loss_follows_the_lag_below_the_bound)
{
    fx f;
    scn_cosmos *a = setup(&f, SCN_CONS_SESSION, NE, 1, 7200, 0);
    a->service_managed_failover = true;
    a->writes.rate = fx_const(5);
    a->lag = fx_exp(60);
    static oc_trial t[N];
    fx_run(&f, 13, N, t);
    double sd, mean = mean_sd(t, N, OC_RPO, &sd);
    double want = 60 * (1 - exp(-15.0));
    cr_assert_leq(fabs(mean - want), Z99 * sd / sqrt(N), "mean RPO %f, closed form %f", mean,
                  want);
    for (int i = 0; i < N; i++)
        cr_assert_leq(t[i].value[OC_RPO], COSMOS_RPO_WEAK);
}

/* Bounded staleness: the window is min(lag, T); at 1000 writes a second, T =
 * 300 s holds 300,000 writes, more than K = 100,000: exactly K are lost, and
 * the recovery point is the K-th last write's instant (RPO ~ Gamma(K, rate):
 * mean K / rate = 100 s, sd sqrt(K) / rate). At 10 writes a second T binds:
 * RPO = 300 s exactly. */
Test(cosmos, bounded_staleness_loses_at_most_k_writes_or_t)
{
    fx f;
    scn_cosmos *a = setup(&f, SCN_CONS_BOUNDED_STALENESS, NE, 1, 7200, 0);
    a->service_managed_failover = true;
    a->writes.rate = fx_const(1000);
    a->lag = fx_const(3600);
    enum { M = 100 };
    static oc_trial t[M];
    fx_run(&f, 14, M, t);
    double s = 0;
    for (int i = 0; i < M; i++) {
        cr_assert_eq(t[i].value[OC_DATA_LOSS_WRITES], 100000, "trial %d: lost %f", i,
                     t[i].value[OC_DATA_LOSS_WRITES]);
        cr_assert_leq(t[i].value[OC_RPO], 300);
        s += t[i].value[OC_RPO];
    }
    double mean = s / M;
    cr_assert_leq(fabs(mean - 100), Z99 * sqrt(100000.0) / 1000 / sqrt(M) + 1e-6,
                  "mean RPO %f, closed form 100", mean);

    a->writes.rate = fx_const(10);
    fx_run(&f, 15, M, t);
    for (int i = 0; i < M; i++) {
        cr_assert_float_eq(t[i].value[OC_RPO], 300, 1e-6);
        cr_assert_lt(t[i].value[OC_DATA_LOSS_WRITES], 100000);
    }
}

/* Without service-managed failover writes wait for the region: RTO = the
 * outage, nothing lost when it comes back intact; a read_only app serves
 * reads from North Europe meanwhile (read-only for the whole outage). */
Test(cosmos, without_service_managed_failover_writes_wait_for_the_region)
{
    fx f;
    scn_cosmos *a = setup(&f, SCN_CONS_SESSION, NE, 1, 7200, 0);
    a->writes.rate = fx_const(10);
    a->lag = fx_const(30);
    static oc_trial t[N];
    fx_run(&f, 16, N, t);
    for (int i = 0; i < N; i++) {
        cr_assert_float_eq(t[i].value[OC_RTO], 7200, 1e-6, "trial %d", i);
        cr_assert_eq(t[i].value[OC_DATA_LOSS_WRITES], 0);
        cr_assert_eq(t[i].value[OC_RPO], 0);
        cr_assert_eq(t[i].value[OC_FAILED_OVER], 0);
        cr_assert_eq(t[i].value[OC_READ_ONLY], 0, "the app is not read_only");
    }
    f.app.read_only = true;
    fx_run(&f, 16, N, t);
    for (int i = 0; i < N; i++) {
        cr_assert_float_eq(t[i].value[OC_RTO], 7200, 1e-6);
        cr_assert_float_eq(t[i].value[OC_READ_ONLY], 7200, 1e-6, "trial %d", i);
        cr_assert_eq(t[i].value[OC_FULLY_DOWN], 0);
    }
}

/* A destroyed write region without service-managed failover: the writes of
 * its window are lost when it comes back (its replicas rebuilt from North
 * Europe); a single-region account loses its data for good. */
Test(cosmos, a_destroyed_region_loses_its_window_or_everything)
{
    fx f;
    scn_cosmos *a = setup(&f, SCN_CONS_SESSION, NE, 1, 7200, 1);
    a->writes.rate = fx_const(1);
    a->lag = fx_const(120);
    static oc_trial t[N];
    fx_run(&f, 17, N, t);
    for (int i = 0; i < N; i++) {
        cr_assert_float_eq(t[i].value[OC_RPO], 120, 1e-6);
        cr_assert_eq(t[i].value[OC_DATA_LOST_ALL], 0);
    }
    double sd, mean = mean_sd(t, N, OC_DATA_LOSS_WRITES, &sd);
    cr_assert_leq(fabs(mean - 120), Z99 * sqrt(120.0 / N), "mean lost %f", mean);

    setup(&f, SCN_CONS_SESSION, NULL, 0, 7200, 1);
    fx_run(&f, 18, 50, t);
    for (int i = 0; i < 50; i++) {
        cr_assert_eq(t[i].value[OC_DATA_LOST_ALL], 1);
        cr_assert(!t[i].present[OC_RPO], "RPO absent: lost altogether");
    }
}

/* Strong across two regions: a read region's outage stops writes (every
 * write commits in both) until service-managed failover marks it failed; with
 * three regions the dynamic quorum keeps writing. */
Test(cosmos, strong_across_two_regions_stops_writes_when_the_read_region_fails)
{
    fx f;
    scn_cosmos *a = setup(&f, SCN_CONS_STRONG, NE, 1, 3600, 0);
    f.outages[0].region = FX_NORTHEUROPE;
    f.vms[0].region = FX_GERMANYWC;
    static oc_trial t[100];
    fx_run(&f, 19, 100, t);
    for (int i = 0; i < 100; i++)
        cr_assert_float_eq(t[i].value[OC_WRITE_DOWNTIME], 3600, 1e-6, "trial %d", i);
    a->service_managed_failover = true;
    a->failover_after = fx_const(600);
    fx_run(&f, 19, 100, t);
    for (int i = 0; i < 100; i++)
        cr_assert_float_eq(t[i].value[OC_WRITE_DOWNTIME], 600, 1e-6, "trial %d", i);

    setup(&f, SCN_CONS_STRONG, NE_GWC, 2, 3600, 0);
    f.outages[0].region = FX_NORTHEUROPE;
    f.vms[0].region = FX_GERMANYWC;
    fx_run(&f, 19, 100, t);
    for (int i = 0; i < 100; i++) {
        cr_assert_eq(t[i].value[OC_WRITE_DOWNTIME], 0);
        cr_assert_eq(t[i].value[OC_DISRUPTED], 0);
    }
}

/* Multi-region writes: the app keeps writing in North Europe (RTO 0); West
 * Europe's writes of its window w (Poisson, rate r) come back with it after
 * D and each conflicts when North Europe wrote its item from the window's
 * start to the return: E[conflicts] = r w (1 - exp(-r (w + D) / I)) (the
 * Poisson generating function of North Europe's writes). Destroyed: those
 * writes are lost instead, and nothing conflicts. */
Test(cosmos, multi_region_writes_conflicts_match_the_closed_form)
{
    fx f;
    scn_cosmos *a = setup(&f, SCN_CONS_SESSION, NE, 1, 3600, 0);
    a->multi_region_writes = true;
    a->writes.rate = fx_const(10);
    a->lag = fx_const(10);
    a->items = 1e5;
    enum { M = 4000 };
    static oc_trial t[M];
    fx_run(&f, 20, M, t);
    for (int i = 0; i < M; i++) {
        cr_assert_eq(t[i].value[OC_DISRUPTED], 0, "trial %d", i);
        cr_assert(t[i].present[OC_WRITE_CONFLICTS], "multi-region writes: counted");
        cr_assert_eq(t[i].value[OC_WRITE_DOWNTIME], 0);
        cr_assert_eq(t[i].value[OC_DATA_LOSS_WRITES], 0);
        cr_assert_eq(t[i].value[OC_RPO], 0);
    }
    double sd, mean = mean_sd(t, M, OC_WRITE_CONFLICTS, &sd);
    double want = 10 * 10 * (1 - exp(-10 * (10 + 3600) / 1e5));
    cr_assert_gt(want, 20);
    cr_assert_leq(fabs(mean - want), Z99 * sd / sqrt(M), "mean conflicts %f, closed form %f",
                  mean, want);
    cr_assert_float_eq(cosmos_conflicts_mean(100, 36100, 1e5),
                       100 * (1 - pow(1 - 1e-5, 36100)), 1e-9);

    f.outages[0].destructive = fx_const(1);
    fx_run(&f, 20, M, t);
    mean = mean_sd(t, M, OC_DATA_LOSS_WRITES, &sd);
    cr_assert_leq(fabs(mean - 100), Z99 * sqrt(100.0 / M), "mean lost %f", mean);
    for (int i = 0; i < M; i++) {
        cr_assert_eq(t[i].value[OC_WRITE_CONFLICTS], 0);
        cr_assert_float_eq(t[i].value[OC_RPO], 10, 1e-6);
    }
}

/* No Cosmos DB account taking writes in several regions: nothing can
 * conflict, so write_conflicts does not apply (absent, stored as NULL);
 * and a VM waited for, not restored, has no consistency figure either. */
Test(cosmos, no_multi_writer_account_has_no_conflicts_figure)
{
    fx f;
    fx_init(&f);
    fx_vms(&f, "web", 1, SCN_DISK_STANDARD, SCN_NONE, 60, 600);
    fx_outage(&f, SCN_SCOPE_REGION, fx_const(3600), fx_const(600), 0);
    oc_trial t[4];
    fx_run(&f, 1, 4, t);
    for (int i = 0; i < 4; i++) {
        cr_assert(!t[i].present[OC_WRITE_CONFLICTS]);
        /* Waiting restores no VM from a copy: no consistency to speak of. */
        cr_assert_eq(t[i].value[OC_DISRUPTED], 1);
        cr_assert(!t[i].present[OC_CONSISTENT] && !t[i].present[OC_APP_CONSISTENT]);
        cr_assert_null(t[i].consistency);
    }
}

/* The window per level: strong 0, bounded staleness T, the others 15 min. */
Test(cosmos, window_is_bounded_by_the_consistency_level)
{
    scn_cosmos c = {.max_interval = 300};
    c.consistency = SCN_CONS_STRONG;
    cr_assert_eq(cosmos_window(&c, 1000), 0);
    c.consistency = SCN_CONS_BOUNDED_STALENESS;
    cr_assert_eq(cosmos_window(&c, 1000), 300);
    cr_assert_eq(cosmos_window(&c, 20), 20);
    c.consistency = SCN_CONS_EVENTUAL;
    cr_assert_eq(cosmos_window(&c, 5000), COSMOS_RPO_WEAK);
    cr_assert_eq(cosmos_window(&c, 20), 20);
}

/* A promotion due while no region is up waits for one; when the write region
 * itself comes back first, nothing is promoted, and its next outage waits
 * for a failover delay of its own: writes down 30 min (both regions down,
 * West Europe back first), then 10 min (the delay) of the second outage. */
Test(cosmos, a_promotion_with_no_region_up_ends_when_the_write_region_returns)
{
    fx f;
    scn_cosmos *a = setup(&f, SCN_CONS_SESSION, NE, 1, 1800, 0);
    a->service_managed_failover = true;
    a->failover_after = fx_const(600);
    f.vms[0].region = FX_GERMANYWC;
    f.outages[0].at = fx_const(86400);
    scn_outage *ne = fx_outage(&f, SCN_SCOPE_REGION, fx_const(86400), fx_const(3600), 0);
    ne->region = FX_NORTHEUROPE;
    fx_outage(&f, SCN_SCOPE_REGION, fx_const(86400 + 7200), fx_const(3600), 0);
    oc_trial t[10];
    fx_run(&f, 22, 10, t);
    for (int i = 0; i < 10; i++) {
        cr_assert_float_eq(t[i].value[OC_WRITE_DOWNTIME], 1800 + 600, 1e-6, "trial %d: %f", i,
                           t[i].value[OC_WRITE_DOWNTIME]);
        cr_assert_eq(t[i].value[OC_FAILED_OVER], 1);
    }
}
