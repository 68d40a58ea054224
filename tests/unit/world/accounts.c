/*
 * accounts.c — a storage account's one Last Sync Time, its failovers
 * (unplanned, planned, the provider's) and what they cost, geo-redundancy
 * regained by the customer, Geo Priority Replication, and how the clients of
 * the data see a remap, against closed forms and exact instants.
 *
 * Monte Carlo checks use fixed seeds and hold each estimate to its own 99 %
 * confidence interval (2.576 standard errors). White-box where the quantity
 * is not an outcome (an account's LST, a blob's recovery point): through
 * worldInt.h.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "models/azure/defaults.h"
#include "models/world/dns.h"
#include "models/world/worldInt.h"
#include "tests/support/fixture.h"

#define Z99 2.576
#define TIB (1024.0 * 1024 * 1024 * 1024)

static sim_time at_s(double s)
{
    return (sim_time)llround(s * 1e6);
}

static dist lognormal(double p50, double p99)
{
    dist d;
    cr_assert_eq(dist_lognormal_p(&d, p50, p99, NULL), ERR_OK);
    return d;
}

/* P(X > x) for a lognormal of median p50 and 99th percentile p99. */
static double lognormal_tail(double p50, double p99, double x)
{
    double sigma = log(p99 / p50) / DIST_Z99;
    return 0.5 * erfc((log(x) - log(p50)) / (sigma * sqrt(2.0)));
}

/* The share of x[0..n) above v, against p, within its 99 % CI. */
static void share_above(const double *x, size_t n, double v, double p, const char *what)
{
    size_t over = 0;
    for (size_t i = 0; i < n; i++)
        over += x[i] > v;
    double got = (double)over / (double)n, se = sqrt(p * (1 - p) / (double)n);
    cr_assert(fabs(got - p) < Z99 * se, "%s: P(> %.0fs) = %.5f, expected %.5f (+- %.5f)", what,
              v, got, p, Z99 * se);
}

static void regain(fx *f, double after, double start)
{
    f->st.regain_geo = true;
    f->st.regain_after = fx_const(after);
    f->st.regain_start = fx_const(start);
}

/* ---- 1. One Last Sync Time per account --------------------------------------------- */

/* `vms` VMs, each on one VHD written at 100 KB/s, in a GRS account of the
 * default lag; a destroyed region; geo-restore at once. The VHD leases are
 * ignored (the what-if: the documented rule blocks a failover while the
 * primary is down, recovery.c's tests): these tests are about the blobs'
 * recovery points. */
static void blobs_world(fx *f, uint32_t vms)
{
    fx_init(f);
    scn_account *a = fx_account(f, "vhds", SCN_GRS);
    a->lag = lognormal(DEF_GEO_LAG_P50, DEF_GEO_LAG_P99);
    scn_vm_group *g = fx_vms(f, "web", vms, SCN_DISK_UNMANAGED, 0, 60, 600);
    g->disks[0].churn = fx_const(1e5);
    fx_outage(f, SCN_SCOPE_REGION, fx_uniform(86400, 6 * 86400), fx_const(86400), 1.0);
    fx_strategy(f, SCN_GEO_RESTORE);
    f->st.vhd_leases = SCN_LEASES_IGNORE;
}

/* The RPO of an account is its one lag, not the worst of independent lags of
 * its blobs: with 1 or 10 VHDs, the same in every trial (common random
 * numbers), and distributed as the lag law (lognormal, p50 1 m, p99 15 m). */
Test(accounts, rpo_does_not_grow_with_the_blobs_of_an_account)
{
    enum { N = 4000 };
    static oc_trial one[N], ten[N];
    static double rpo[N];
    fx f;
    blobs_world(&f, 1);
    fx_run(&f, 31, N, one);
    blobs_world(&f, 10);
    fx_run(&f, 31, N, ten);
    for (int i = 0; i < N; i++) {
        cr_assert(one[i].present[OC_RPO] && ten[i].present[OC_RPO], "trial %d", i);
        cr_assert_float_eq(ten[i].value[OC_RPO], one[i].value[OC_RPO], 1e-6,
                           "trial %d: RPO %.3fs with ten VHDs, %.3fs with one", i,
                           ten[i].value[OC_RPO], one[i].value[OC_RPO]);
        rpo[i] = ten[i].value[OC_RPO];
    }
    const double xs[] = {DEF_GEO_LAG_P50, 300, DEF_GEO_LAG_P99};
    for (int k = 0; k < 3; k++)
        share_above(rpo, N, xs[k], lognormal_tail(DEF_GEO_LAG_P50, DEF_GEO_LAG_P99, xs[k]),
                    "ten VHDs");
}

/* Every blob comes back at or after its account's LST and at most at its
 * own stop; the blob holding the first write after the LST exactly at it;
 * the RPO is the account's lag; and the disks of one VM still disagree. */
Test(accounts, no_blob_comes_back_before_the_account_lst)
{
    fx f;
    fx_init(&f);
    scn_account *a = fx_account(&f, "vhds", SCN_GRS);
    a->writes.rate = fx_const(5);
    a->lag = fx_exp(300);
    scn_vm_group *db = fx_vms(&f, "db", 3, SCN_DISK_UNMANAGED, 0, 60, 600);
    db->disks[0].churn = fx_const(1e5);
    fx_disk(&f, db, SCN_DISK_UNMANAGED, 0, 2e6);
    scn_vm_group *web = fx_vms(&f, "web", 4, SCN_DISK_UNMANAGED, 0, 60, 600);
    web->disks[0].churn = fx_const(5e4);
    fx_outage(&f, SCN_SCOPE_REGION, fx_uniform(86400, 6 * 86400), fx_const(86400), 1.0);
    fx_strategy(&f, SCN_GEO_RESTORE);
    f.st.vhd_leases = SCN_LEASES_IGNORE; /* as in blobs_world */
    err_msg e;
    world *w = world_create(&f.w, &f.st, NULL, &e);
    cr_assert_not_null(w, "%s", e.text);
    int inconsistent = 0;
    for (uint64_t t = 0; t < 500; t++) {
        oc_trial out;
        cr_assert_eq(world_run_trial(w, 41, t, &out, NULL, &e), ERR_OK, "%s", e.text);
        const account_rt *ar = &w->accounts[0];
        cr_assert(ar->lst_frozen && ar->lst <= ar->down_at, "trial %llu", (unsigned long long)t);
        size_t at_lst = 0;
        for (size_t k = 0; k < ar->nstreams; k++) {
            const stream_rt *s = &w->streams[ar->streams[k]];
            cr_assert_eq(s->fate, FATE_RESTORED);
            cr_assert_geq(s->rp, ar->lst, "trial %llu: %s back at %lld, before the LST %lld",
                          (unsigned long long)t, s->label, (long long)s->rp, (long long)ar->lst);
            cr_assert_leq(s->rp, s->lost_from, "trial %llu: %s", (unsigned long long)t,
                          s->label);
            at_lst += s->params.rate > 0 && s->rp == ar->lst;
        }
        cr_assert_eq(at_lst, 1, "trial %llu: %zu blobs exactly at the LST",
                     (unsigned long long)t, at_lst);
        cr_assert_float_eq(out.value[OC_RPO], (double)(ar->down_at - ar->lst) / 1e6, 1e-6);
        inconsistent += out.value[OC_CONSISTENT] == 0;
    }
    world_destroy(w);
    cr_assert_gt(inconsistent, 400, "the db VMs' two VHDs should disagree in most trials");
}

/* ---- 5. Reads during a customer-managed failover ----------------------------------- */

/* An RA account, a transient region outage of 3 days, failover at the
 * decision (10 min) lasting 30 min, TTL 0. */
static void ra_world(fx *f, scn_redundancy r)
{
    fx_init(f);
    scn_account *a = fx_account(f, "data", r);
    a->writes.rate = fx_const(1);
    a->failover_duration = fx_const(1800);
    fx_outage(f, SCN_SCOPE_REGION, fx_uniform(3600, 86400), fx_const(3 * 86400), 0);
    fx_strategy(f, SCN_GEO_RESTORE);
    f->st.decide = fx_const(600);
}

Test(accounts, reads_stop_on_both_endpoints_during_a_customer_failover)
{
    enum { N = 50 };
    oc_trial t[N];
    for (int r = SCN_RA_GRS; r <= SCN_RA_GZRS; r += SCN_RA_GZRS - SCN_RA_GRS) {
        fx f;
        ra_world(&f, (scn_redundancy)r);
        fx_run(&f, 51, N, t);
        for (int i = 0; i < N; i++) {
            /* Reads from the secondary until the failover, none during it. */
            cr_assert_float_eq(t[i].value[OC_READ_DOWNTIME], 1800, 1e-6, "redundancy %d", r);
            cr_assert_float_eq(t[i].value[OC_WRITE_DOWNTIME], 600 + 1800, 1e-6);
        }
        /* A planned failback (after geo-redundancy regained, 1 h after the
         * region is back) is a failover too: 30 more minutes of neither. */
        regain(&f, 0, 0);
        f.st.failback = true;
        f.st.failback_after = fx_const(3600);
        f.st.failback_planned = true;
        fx_run(&f, 51, N, t);
        for (int i = 0; i < N; i++) {
            cr_assert_float_eq(t[i].value[OC_READ_DOWNTIME], 1800 + 1800, 1e-6);
            cr_assert_float_eq(t[i].value[OC_WRITE_DOWNTIME], 600 + 1800 + 1800, 1e-6);
        }
    }
    /* Microsoft-managed failover (the what-if of one for an outage that only
     * lasts, when: always) taking 40 min: no writes until it completes,
     * reads go on throughout. */
    fx f;
    ra_world(&f, SCN_RA_GRS);
    fx_strategy(&f, SCN_WAIT);
    f.outages[0].provider_failover = true;
    f.outages[0].provider_after = fx_const(7200);
    f.outages[0].provider_when = SCN_PROVIDER_WHEN_ALWAYS;
    f.outages[0].provider_duration = fx_const(2400);
    fx_run(&f, 52, N, t);
    for (int i = 0; i < N; i++) {
        cr_assert_eq(t[i].value[OC_FAILED_OVER], 1);
        cr_assert_eq(t[i].value[OC_READ_DOWNTIME], 0);
        cr_assert_float_eq(t[i].value[OC_WRITE_DOWNTIME], 7200 + 2400, 1e-6);
    }
}

/* ---- 5b. When Microsoft fails over, and for how long --------------------------------- */

/* A GRS account whose region goes down at +1 d for 2 d, the provider's
 * failover after 6 h taking 45 min; nobody else fails over. */
static void provider_world(fx *f, scn_scope scope, double destructive)
{
    fx_init(f);
    scn_account *a = fx_account(f, "data", SCN_GRS);
    a->writes.rate = fx_const(1);
    a->zone = 1;
    fx_outage(f, scope, fx_const(86400), fx_const(2 * 86400), destructive);
    f->outages[0].provider_failover = true;
    f->outages[0].provider_after = fx_const(6 * 3600);
    f->outages[0].provider_duration = fx_const(2700);
    fx_strategy(f, SCN_WAIT);
}

/* Only "in catastrophic situations" (when: destroyed, the default): never
 * for an outage that only lasts, however long; for a destroyed one, at
 * `after`, for its duration, then the account is LRS in the pair; the same
 * for one datacenter (a "physical unit") as for the region, and even when
 * the destroyed place is back before `after`. */
Test(accounts, microsoft_fails_over_only_a_destroyed_unit_and_takes_its_time)
{
    fx f;
    oc_timeline tl = {0};
    provider_world(&f, SCN_SCOPE_REGION, 0);
    oc_trial out = fx_trace(&f, 53, 0, &tl);
    cr_assert_eq(fx_event_count(&tl, "provider_failover", NULL), 0);
    cr_assert_eq(out.value[OC_FAILED_OVER], 0);
    cr_assert_float_eq(out.value[OC_WRITE_DOWNTIME], 2 * 86400, 1e-6);
    oc_timeline_free(&tl);
    for (int sc = SCN_SCOPE_REGION; sc <= SCN_SCOPE_DATACENTER; sc += 2) {
        provider_world(&f, (scn_scope)sc, 1);
        tl = (oc_timeline){0};
        out = fx_trace(&f, 53, 0, &tl);
        cr_assert_eq(fx_event_at(&tl, "provider_failover", "westeurope"), at_s(86400 + 21600));
        cr_assert_eq(fx_event_count(&tl, "provider_failover", "data"), 2, "scope %d", sc);
        cr_assert_eq(fx_event_at(&tl, "dns_remap", "data"), at_s(86400 + 21600 + 2700));
        cr_assert_eq(out.value[OC_FAILED_OVER], 1);
        cr_assert_float_eq(out.value[OC_WRITE_DOWNTIME], 21600 + 2700, 1e-6);
        cr_assert(out.present[OC_RPO] && out.value[OC_DATA_LOST_ALL] == 0);
        oc_timeline_free(&tl);
    }
    /* Destroyed, and back (its copies gone) after 1 h: failed over all the
     * same at 6 h. */
    provider_world(&f, SCN_SCOPE_DATACENTER, 1);
    f.outages[0].duration = fx_const(3600);
    tl = (oc_timeline){0};
    out = fx_trace(&f, 53, 0, &tl);
    cr_assert_eq(fx_event_at(&tl, "dns_remap", "data"), at_s(86400 + 21600 + 2700));
    cr_assert_eq(out.value[OC_FAILED_OVER], 1);
    oc_timeline_free(&tl);
    /* A datacenter the account is not in: nothing to fail over. */
    provider_world(&f, SCN_SCOPE_DATACENTER, 1);
    f.accounts[0].zone = 2;
    tl = (oc_timeline){0};
    out = fx_trace(&f, 53, 0, &tl);
    cr_assert_eq(fx_event_count(&tl, "provider_failover", "data"), 0);
    cr_assert_eq(out.value[OC_FAILED_OVER], 0);
    oc_timeline_free(&tl);
    /* The what-if of a failover for an outage that only lasts. */
    provider_world(&f, SCN_SCOPE_REGION, 0);
    f.outages[0].provider_when = SCN_PROVIDER_WHEN_ALWAYS;
    tl = (oc_timeline){0};
    out = fx_trace(&f, 53, 0, &tl);
    cr_assert_eq(fx_event_at(&tl, "dns_remap", "data"), at_s(86400 + 21600 + 2700));
    cr_assert_eq(out.value[OC_FAILED_OVER], 1);
    oc_timeline_free(&tl);
}

/* ---- 6. The failover's duration ----------------------------------------------------- */

/* A data-only GRS account failed over at once when its region is
 * destroyed: the RTO is the failover's duration, lognormal with median 1 h
 * and p99 3 h at 1 TiB, scaled by (size / 1 TiB)^0.25: twice at 16 TiB. */
Test(accounts, failover_lasts_an_hour_typically_and_grows_with_the_data)
{
    enum { N = 4000 };
    static oc_trial small[N], large[N];
    fx f;
    fx_init(&f);
    scn_account *a = fx_account(&f, "data", SCN_GRS);
    a->writes.rate = fx_const(1);
    a->failover_duration = lognormal(DEF_ACCOUNT_FAILOVER_P50, DEF_ACCOUNT_FAILOVER_P99);
    fx_outage(&f, SCN_SCOPE_REGION, fx_uniform(86400, 6 * 86400), fx_const(86400), 1.0);
    fx_strategy(&f, SCN_GEO_RESTORE);
    a->size = TIB;
    fx_run(&f, 61, N, small);
    a->size = 16 * TIB;
    fx_run(&f, 61, N, large);
    const double sigma = log(DEF_ACCOUNT_FAILOVER_P99 / DEF_ACCOUNT_FAILOVER_P50) / DIST_Z99;
    const double scale = pow(16.0, DEF_FAILOVER_SIZE_EXPONENT);
    cr_assert_float_eq(scale, 2.0, 1e-12);
    double s = 0;
    for (int i = 0; i < N; i++) {
        cr_assert(small[i].present[OC_RTO] && large[i].present[OC_RTO]);
        cr_assert(fabs(large[i].value[OC_RTO] - scale * small[i].value[OC_RTO]) < 1e-5,
                  "trial %d: %.6f at 16 TiB, %.6f at 1 TiB", i, large[i].value[OC_RTO],
                  small[i].value[OC_RTO]);
        s += log(small[i].value[OC_RTO]);
    }
    double mean = s / N, expect = log(DEF_ACCOUNT_FAILOVER_P50);
    cr_assert(fabs(mean - expect) < Z99 * sigma / sqrt(N), "mean log duration %.4f, ln(1h) %.4f",
              mean, expect);
    static double rto[N];
    for (int i = 0; i < N; i++)
        rto[i] = small[i].value[OC_RTO];
    share_above(rto, N, 3600, 0.5, "failover at 1 TiB");
    share_above(rto, N, 2 * 3600, lognormal_tail(3600, 3 * 3600, 2 * 3600), "failover at 1 TiB");
}

/* ---- 7. After a failover ------------------------------------------------------------ */

/* An instant failover at +1 d of a GZRS account of 1 TiB (the failover
 * 30 min), its region back after `outage`. */
static void regain_world(fx *f, double outage)
{
    fx_init(f);
    scn_account *a = fx_account(f, "data", SCN_GZRS);
    a->writes.rate = fx_const(1);
    a->failover_duration = fx_const(1800);
    a->size = TIB;
    a->geo_sync_rate = fx_const(25e6);
    fx_outage(f, SCN_SCOPE_REGION, fx_const(86400), fx_const(outage), 0);
    fx_strategy(f, SCN_GEO_RESTORE);
}

Test(accounts, geo_redundancy_comes_back_only_when_the_customer_asks)
{
    /* Not asked: the account stays LRS. */
    fx f;
    regain_world(&f, 4 * 3600.0);
    oc_timeline tl = {0};
    fx_trace(&f, 71, 0, &tl);
    cr_assert_eq(fx_event_at(&tl, "failover_end", "data"), at_s(86400 + 1800));
    cr_assert_eq(fx_event_count(&tl, "resync_start", NULL), 0);
    cr_assert_eq(fx_event_count(&tl, "resync_complete", NULL), 0);
    oc_timeline_free(&tl);
    /* Asked 2 h after the failover: a conversion, a management operation of
     * the storage resource provider, which does not fail over: the request
     * waits for the original region's control plane (down with the region,
     * back at +1 d 4 h), and the conversion begins 10 h after it goes
     * through; then the initial sync of 1 TiB at 25 MB/s. */
    const double sync = TIB / 25e6, end = 86400 + 1800, back = 86400 + 4 * 3600.0;
    regain(&f, 7200, 36000);
    tl = (oc_timeline){0};
    fx_trace(&f, 71, 0, &tl);
    cr_assert_eq(fx_event_at(&tl, "control_plane", "data"), at_s(end + 7200));
    cr_assert_eq(fx_event_at(&tl, "resync_start", "data"), at_s(back + 36000));
    cr_assert_eq(fx_event_at(&tl, "resync_complete", "data"), at_s(back + 36000) + at_s(sync));
    oc_timeline_free(&tl);
    /* The region's control plane up all along (a what-if): the conversion
     * begins 10 h after the request. */
    f.outages[0].control_plane = SCN_CP_UP;
    tl = (oc_timeline){0};
    fx_trace(&f, 71, 0, &tl);
    cr_assert_eq(fx_event_count(&tl, "control_plane", NULL), 0);
    cr_assert_eq(fx_event_at(&tl, "resync_start", "data"), at_s(end + 7200 + 36000));
    oc_timeline_free(&tl);
    /* The region back only after 3 days: the request waits for it. */
    regain_world(&f, 3 * 86400.0);
    regain(&f, 7200, 36000);
    tl = (oc_timeline){0};
    fx_trace(&f, 71, 0, &tl);
    cr_assert_eq(fx_event_at(&tl, "resync_start", "data"), at_s(86400 + 3 * 86400.0 + 36000));
    cr_assert_eq(fx_event_at(&tl, "resync_complete", "data"),
                 at_s(86400 + 3 * 86400.0 + 36000) + at_s(sync));
    oc_timeline_free(&tl);
}

/* A failback waits for geo-redundancy: without the customer regaining it,
 * never; with it, once the sync is done and `after` the region's return. */
Test(accounts, failback_needs_geo_redundancy_regained)
{
    fx f;
    regain_world(&f, 4 * 3600.0);
    f.st.failback = true;
    f.st.failback_after = fx_const(3600);
    oc_timeline tl = {0};
    fx_trace(&f, 72, 0, &tl);
    cr_assert_eq(fx_event_count(&tl, "failback_start", NULL), 0);
    oc_timeline_free(&tl);
    regain(&f, 0, 0);
    tl = (oc_timeline){0};
    fx_trace(&f, 72, 0, &tl);
    sim_time done = fx_event_at(&tl, "resync_complete", "data");
    cr_assert_eq(fx_event_at(&tl, "resync_start", "data"), at_s(86400 + 4 * 3600.0));
    cr_assert_eq(fx_event_at(&tl, "failback_start", "data"), done);
    cr_assert_eq(fx_event_at(&tl, "failback_end", "data"), done + at_s(1800));
    oc_timeline_free(&tl);
}

/* ---- 11. Geo Priority Replication, planned failover --------------------------------- */

/* Lag exponential(mean 10 min): P(lag > 15 min) = e^-1.5 = 22 % without
 * the feature; with it, 1 % of that (the instants outside its SLA), and no
 * trial's lag is longer than without it. Below 15 min the lag follows the
 * law conditioned on it: E = m - c e^(-c/m) / (1 - e^(-c/m)). */
Test(accounts, geo_priority_replication_keeps_the_lag_within_its_sla)
{
    enum { N = 20000 };
    static oc_trial plain[N], gpr[N];
    static double a_rpo[N], b_rpo[N];
    const double m = 600, c = GPR_SLA_LAG;
    fx f;
    fx_init(&f);
    scn_account *a = fx_account(&f, "data", SCN_GRS);
    a->writes.rate = fx_const(20);
    a->lag = fx_exp(m);
    fx_outage(&f, SCN_SCOPE_REGION, fx_uniform(86400, 6 * 86400), fx_const(86400), 1.0);
    fx_strategy(&f, SCN_GEO_RESTORE);
    fx_run(&f, 81, N, plain);
    a->priority_replication = true;
    fx_run(&f, 81, N, gpr);
    double s = 0, s2 = 0;
    int within = 0;
    for (int i = 0; i < N; i++) {
        a_rpo[i] = plain[i].value[OC_RPO];
        b_rpo[i] = gpr[i].value[OC_RPO];
        cr_assert_leq(b_rpo[i], a_rpo[i] + 1e-6, "trial %d", i);
        if (b_rpo[i] <= c) {
            s += b_rpo[i];
            s2 += b_rpo[i] * b_rpo[i];
            within++;
        }
    }
    double p = exp(-c / m);
    share_above(a_rpo, N, c, p, "without Geo Priority Replication");
    share_above(b_rpo, N, c, (1 - GPR_SLA_FRACTION) * p, "with Geo Priority Replication");
    double mean = s / within, sd = sqrt(s2 / within - mean * mean);
    double expect = m - c * p / (1 - p);
    cr_assert(fabs(mean - expect) < Z99 * sd / sqrt(within), "E[lag | <= 15m] %.2f, expected %.2f",
              mean, expect);
}

/* An unplanned failover ends Geo Priority Replication; a planned one does
 * not. */
Test(accounts, an_unplanned_failover_ends_geo_priority_replication)
{
    fx f;
    fx_init(&f);
    scn_account *a = fx_account(&f, "data", SCN_GRS);
    a->priority_replication = true;
    a->writes.rate = fx_const(1);
    fx_outage(&f, SCN_SCOPE_REGION, fx_const(86400), fx_const(86400), 0);
    fx_strategy(&f, SCN_GEO_RESTORE);
    err_msg e;
    world *w = world_create(&f.w, &f.st, NULL, &e);
    cr_assert_not_null(w, "%s", e.text);
    oc_trial out;
    cr_assert_eq(world_run_trial(w, 82, 0, &out, NULL, &e), ERR_OK, "%s", e.text);
    cr_assert(w->accounts[0].failed_over && !w->accounts[0].gpr);
    world_destroy(w);
}

/* A VM in zone 1 on a VHD of a GRS account in zone 2; zone 1 goes down for
 * 10 h at +1 h. A planned failover (both regions up) moves the account to
 * North Europe without loss and the VM is recreated there: detection 0,
 * decision 10 min, deleting the VM 2 min, failover 30 min (the 5-minute lag
 * is within it), provisioning 15 min. The account takes neither reads nor
 * writes while it fails over, and its clients follow over its TTL (1 min:
 * 30 s on average). */
static void zone_world(fx *f)
{
    fx_init(f);
    scn_account *a = fx_account(f, "data", SCN_GRS);
    a->zone = 2;
    a->writes.rate = fx_const(20);
    a->lag = fx_const(300);
    a->failover_duration = fx_const(1800);
    a->dns_ttl = fx_const(60);
    scn_vm_group *g = fx_vms(f, "web", 1, SCN_DISK_UNMANAGED, 0, 120, 900);
    g->placement = SCN_PLACE_ZONE;
    g->zone = 1;
    g->disks[0].churn = fx_const(1e5);
    fx_outage(f, SCN_SCOPE_ZONE, fx_const(3600), fx_const(36000), 0);
    fx_strategy(f, SCN_GEO_RESTORE);
    f->st.decide = fx_const(600);
    f->st.delete_vms = fx_const(120);
    f->st.provision = fx_const(900);
    f->st.failover_planned = true;
}

Test(accounts, planned_failover_loses_nothing_while_both_regions_are_up)
{
    fx f;
    zone_world(&f);
    oc_timeline tl = {0};
    oc_trial out = fx_trace(&f, 91, 0, &tl);
    cr_assert_eq(fx_event_at(&tl, "failover_start", "data"), at_s(3600 + 600 + 120));
    cr_assert_eq(fx_event_at(&tl, "failover_end", "data"), at_s(3600 + 600 + 120 + 1800));
    cr_assert_eq(fx_event_at(&tl, "vm_up", "web-1"), at_s(3600 + 600 + 120 + 1800 + 900));
    cr_assert_float_eq(out.value[OC_RTO], 600 + 120 + 1800 + 900, 1e-6);
    cr_assert_eq(out.value[OC_RPO], 0);
    cr_assert_eq(out.value[OC_DATA_LOSS_WRITES], 0);
    cr_assert_eq(out.value[OC_FAILED_OVER], 1);
    cr_assert_eq(out.value[OC_CONSISTENT], 1);
    cr_assert_float_eq(out.value[OC_WRITE_DOWNTIME], 1800 + 30, 1e-6);
    cr_assert_float_eq(out.value[OC_READ_DOWNTIME], 1800 + 30, 1e-6);
    oc_timeline_free(&tl);
    /* Writes 40 min behind: the failover waits for them. */
    f.accounts[0].lag = fx_const(2400);
    tl = (oc_timeline){0};
    fx_trace(&f, 91, 0, &tl);
    cr_assert_eq(fx_event_at(&tl, "failover_end", "data") - fx_event_at(&tl, "failover_start", "data"),
                 at_s(2400));
    oc_timeline_free(&tl);
}

/* Decided while both regions are up, the planned failover is refused when
 * it comes to begin (after the VM's deletion) with the region down meanwhile,
 * and runs once it is back: the VM's VHD is moved without loss all the
 * same. */
Test(accounts, planned_failover_refused_waits_for_both_regions)
{
    fx f;
    zone_world(&f);
    fx_outage(&f, SCN_SCOPE_REGION, fx_const(4300), fx_const(3600), 0);
    oc_timeline tl = {0};
    oc_trial out = fx_trace(&f, 93, 0, &tl);
    cr_assert_eq(fx_event_at(&tl, "decision", "data"), at_s(3600 + 600 + 120));
    cr_assert_eq(fx_event_at(&tl, "failover_start", "data"), at_s(4300 + 3600));
    cr_assert_eq(fx_event_at(&tl, "failover_end", "data"), at_s(4300 + 3600 + 1800));
    cr_assert_eq(fx_event_count(&tl, "failover_start", "data"), 1);
    cr_assert_eq(out.value[OC_RPO], 0);
    cr_assert_eq(out.value[OC_DATA_LOSS_WRITES], 0);
    cr_assert_float_eq(out.value[OC_RTO], 4300 + 3600 + 1800 + 900 - 3600, 1e-6);
    oc_timeline_free(&tl);
}

/* With the region down, a planned failover cannot begin: the planned
 * strategy waits, losing nothing, where the unplanned one fails over. */
Test(accounts, planned_failover_cannot_begin_while_the_primary_is_down)
{
    enum { N = 200 };
    static oc_trial planned[N], unplanned[N];
    fx f;
    fx_init(&f);
    scn_account *a = fx_account(&f, "data", SCN_GRS);
    a->writes.rate = fx_const(10);
    a->lag = fx_exp(60);
    a->failover_duration = fx_const(1800);
    fx_outage(&f, SCN_SCOPE_REGION, fx_uniform(86400, 6 * 86400), fx_const(6 * 3600.0), 0);
    fx_strategy(&f, SCN_GEO_RESTORE);
    f.st.decide = fx_const(600);
    fx_run(&f, 92, N, unplanned);
    f.st.failover_planned = true;
    fx_run(&f, 92, N, planned);
    for (int i = 0; i < N; i++) {
        cr_assert_eq(unplanned[i].value[OC_FAILED_OVER], 1);
        cr_assert_float_eq(unplanned[i].value[OC_RTO], 600 + 1800, 1e-6);
        cr_assert_eq(planned[i].value[OC_FAILED_OVER], 0, "trial %d", i);
        cr_assert_eq(planned[i].value[OC_RPO], 0);
        cr_assert_eq(planned[i].value[OC_DATA_LOSS_WRITES], 0);
        cr_assert_float_eq(planned[i].value[OC_RTO], 6 * 3600.0, 1e-6);
    }
}

/* ---- 13. DNS: every remap costs its clients the mean DNS delay ----------------------- */

/* Two GRS accounts failed over at the decision (10 min), 30 min each, with
 * TTLs T1 and T2: a client reaches both at t after the remap with
 * probability (t/T1)(t/T2) while both ramp, so the data's mean write
 * downtime past the failover is the integral of 1 - F1 F2: T2/2 + T1^2/(6 T2)
 * for T1 <= T2 (2T/3 for T1 = T2, T/2 for one account). */
static void two_accounts(fx *f, double t1, double t2)
{
    fx_init(f);
    const char *names[] = {"a", "b"};
    const double ttl[] = {t1, t2};
    for (int k = 0; k < 2; k++) {
        scn_account *a = fx_account(f, names[k], SCN_GRS);
        a->writes.rate = fx_const(1);
        a->failover_duration = fx_const(1800);
        a->dns_ttl = fx_const(ttl[k]);
    }
    fx_outage(f, SCN_SCOPE_REGION, fx_uniform(3600, 86400), fx_const(3 * 86400), 0);
    fx_strategy(f, SCN_GEO_RESTORE);
    f->st.decide = fx_const(600);
}

Test(accounts, every_remap_costs_its_clients_the_mean_dns_delay)
{
    enum { N = 20 };
    oc_trial t[N];
    const double cases[][2] = {{60, 300}, {120, 120}, {0, 90}};
    for (int c = 0; c < 3; c++) {
        double t1 = cases[c][0], t2 = cases[c][1];
        fx f;
        two_accounts(&f, t1, t2);
        fx_run(&f, 101, N, t);
        double expect = 600 + 1800 + t2 / 2 + t1 * t1 / (6 * t2);
        for (int i = 0; i < N; i++) {
            cr_assert_float_eq(t[i].value[OC_WRITE_DOWNTIME], expect, 1e-5,
                               "TTLs %.0fs and %.0fs: %.6f, expected %.6f", t1, t2,
                               t[i].value[OC_WRITE_DOWNTIME], expect);
            cr_assert_float_eq(t[i].value[OC_RTO], 600 + 1800, 1e-6);
        }
    }
    /* One account; 20 % of resolvers overstay up to 10 min: the mean delay
     * of dns.h, 30 + 0.2 * 300 = 90 s, as the application's clients'. */
    fx f;
    two_accounts(&f, 0, 60);
    f.w.naccounts = 1;
    f.accounts[0].dns_ttl = fx_const(60);
    f.app.ndata = 1;
    f.w.dns_overstay_share = fx_const(0.2);
    f.w.dns_overstay_max = fx_const(600);
    f.app.entry = SCN_ENTRY_DNS;
    f.app.ttl = 60;
    fx_run(&f, 102, N, t);
    dns_clients cl = {60, 0.2, 600};
    cr_assert_float_eq(dns_delay_mean(&cl), 90, 1e-12);
    for (int i = 0; i < N; i++) {
        cr_assert_float_eq(t[i].value[OC_WRITE_DOWNTIME], 600 + 1800 + 90, 1e-5, "%.6f",
                           t[i].value[OC_WRITE_DOWNTIME]);
        cr_assert_float_eq(t[i].value[OC_CLIENT_DOWNTIME] - t[i].value[OC_RTO], 90, 1e-6);
    }
}

/* The failback's remap counts as the failover's: TTL / 2 each. */
Test(accounts, a_failback_remap_costs_as_much_as_a_failover_remap)
{
    enum { N = 20 };
    oc_trial t[N];
    fx f;
    ra_world(&f, SCN_GRS);
    f.accounts[0].dns_ttl = fx_const(120);
    regain(&f, 0, 0);
    f.st.failback = true;
    f.st.failback_after = fx_const(3600);
    f.st.failback_planned = true;
    fx_run(&f, 103, N, t);
    for (int i = 0; i < N; i++)
        cr_assert_float_eq(t[i].value[OC_WRITE_DOWNTIME], 600 + 1800 + 60 + 1800 + 60, 1e-6,
                           "%.6f", t[i].value[OC_WRITE_DOWNTIME]);
}
