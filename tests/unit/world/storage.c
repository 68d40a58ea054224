/*
 * storage.c — the storage half of the models against the closed forms of
 * README.md "Validation" and the cases that follow from the semantics.
 *
 * Monte Carlo checks use fixed seeds and hold each estimate to its own 99 %
 * confidence interval (2.576 standard errors, from the sample's sd).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/kernel/rng.h"
#include "tests/support/fixture.h"

#define Z99 2.576

/* The strategy regains geo-redundancy `after` the failover; the conversion
 * begins `start` later. */
static void regain(fx *f, double after, double start)
{
    f->st.regain_geo = true;
    f->st.regain_after = fx_const(after);
    f->st.regain_start = fx_const(start);
}

static double mean_of(const oc_trial *t, size_t n, oc_metric m, double *sd)
{
    double s = 0, s2 = 0;
    for (size_t i = 0; i < n; i++) {
        cr_assert(t[i].present[m], "trial %zu lacks %s", i, oc_metrics[m].name);
        s += t[i].value[m];
        s2 += t[i].value[m] * t[i].value[m];
    }
    double mean = s / (double)n;
    *sd = sqrt(s2 / (double)n - mean * mean);
    return mean;
}

/* Validation 1: wait, LRS, transient region outage of fixed duration D, fixed
 * boot b: RTO = D + b in every trial, RPO = 0, nothing lost. */
Test(storage, wait_lrs_transient_rto_is_duration_plus_boot)
{
    const double cases[][2] = {{36000, 180}, {7200, 45}};
    for (int c = 0; c < 2; c++) {
        fx f;
        fx_init(&f);
        scn_account *a = fx_account(&f, "data", SCN_LRS);
        a->writes.rate = fx_const(50);
        fx_vms(&f, "web", 2, SCN_DISK_STANDARD, SCN_NONE, cases[c][1], 600);
        fx_outage(&f, SCN_SCOPE_REGION, fx_uniform(0, 7 * 86400), fx_const(cases[c][0]), 0);
        oc_trial t[200];
        fx_run(&f, 7, 200, t);
        for (int i = 0; i < 200; i++) {
            cr_assert_eq(t[i].value[OC_DISRUPTED], 1);
            cr_assert_float_eq(t[i].value[OC_RTO], cases[c][0] + cases[c][1], 1e-6,
                               "trial %d: RTO %f", i, t[i].value[OC_RTO]);
            cr_assert_eq(t[i].value[OC_RPO], 0);
            cr_assert_eq(t[i].value[OC_DATA_LOSS_WRITES], 0);
            cr_assert_eq(t[i].value[OC_DATA_LOST_ALL], 0);
        }
    }
}

/* Validation 2: GRS with lag exponential(mean m), destructive outage, Poisson
 * writes at rate lambda, immediate failover: E[writes lost] = lambda m and
 * P(RPO > x) = exp(-x / m). */
Test(storage, grs_exponential_lag_closed_forms)
{
    const double params[][2] = {{40, 120}, {300, 15}}; /* lambda, m */
    for (int c = 0; c < 2; c++) {
        const double lambda = params[c][0], m = params[c][1];
        enum { N = 20000 };
        fx f;
        fx_init(&f);
        scn_account *a = fx_account(&f, "data", SCN_GRS);
        a->writes.rate = fx_const(lambda);
        a->writes.size = fx_exp(8192);
        a->lag = fx_exp(m);
        fx_outage(&f, SCN_SCOPE_REGION, fx_uniform(86400, 7 * 86400), fx_const(86400), 1.0);
        fx_strategy(&f, SCN_GEO_RESTORE);
        static oc_trial t[N];
        fx_run(&f, 11 + (uint64_t)c, N, t);
        double sd;
        double lost = mean_of(t, N, OC_DATA_LOSS_WRITES, &sd);
        cr_assert(fabs(lost - lambda * m) < Z99 * sd / sqrt(N),
                  "mean writes lost %.3f, lambda m = %.3f (99%% CI +- %.3f)", lost, lambda * m,
                  Z99 * sd / sqrt(N));
        const double xs[] = {m / 2, m, 3 * m};
        for (int k = 0; k < 3; k++) {
            int over = 0;
            for (int i = 0; i < N; i++) {
                cr_assert_eq(t[i].value[OC_FAILED_OVER], 1);
                over += t[i].value[OC_RPO] > xs[k];
            }
            double p = (double)over / N, expect = exp(-xs[k] / m);
            double se = sqrt(expect * (1 - expect) / N);
            cr_assert(fabs(p - expect) < Z99 * se, "P(RPO > %.0f) = %.4f, exp(-x/m) = %.4f", xs[k],
                      p, expect);
        }
    }
}

/* Validation 3 at the level of a scenario: GRS with bandwidth B (latency 0),
 * exponential write sizes, Poisson writes; the writes lost at an immediate
 * failover are those not yet replicated: M/M/1, mean rho / (1 - rho),
 * P(N >= n) = rho^n. */
Test(storage, grs_bandwidth_mm1_closed_forms)
{
    const double rhos[] = {0.6, 0.9};
    for (int c = 0; c < 2; c++) {
        const double rho = rhos[c], lambda = 200, size = 32768;
        enum { N = 30000 };
        fx f;
        fx_init(&f);
        scn_account *a = fx_account(&f, "data", SCN_GRS);
        a->writes.rate = fx_const(lambda);
        a->writes.size = fx_exp(size);
        a->geo = SCN_GEO_BANDWIDTH;
        a->bandwidth = fx_const(lambda * size / rho);
        fx_outage(&f, SCN_SCOPE_REGION, fx_uniform(3600, 7 * 86400), fx_const(3600), 1.0);
        fx_strategy(&f, SCN_GEO_RESTORE);
        static oc_trial t[N];
        fx_run(&f, 21 + (uint64_t)c, N, t);
        double sd;
        double lost = mean_of(t, N, OC_DATA_LOSS_WRITES, &sd);
        double expect = rho / (1 - rho);
        cr_assert(fabs(lost - expect) < Z99 * sd / sqrt(N),
                  "rho %.1f: mean writes lost %.4f, rho/(1-rho) = %.4f (+- %.4f)", rho, lost,
                  expect, Z99 * sd / sqrt(N));
        for (int n = 1; n <= 4; n += 3) {
            int tail = 0;
            for (int i = 0; i < N; i++)
                tail += t[i].value[OC_DATA_LOSS_WRITES] >= n;
            double p = (double)tail / N, pe = pow(rho, n);
            cr_assert(fabs(p - pe) < Z99 * sqrt(pe * (1 - pe) / N),
                      "rho %.1f: P(N >= %d) = %.4f, rho^n = %.4f", rho, n, p, pe);
        }
    }
}

Test(storage, zrs_survives_a_zone_outage)
{
    fx f;
    fx_init(&f);
    scn_account *a = fx_account(&f, "data", SCN_ZRS);
    a->writes.rate = fx_const(100);
    fx_outage(&f, SCN_SCOPE_ZONE, fx_uniform(0, 86400), fx_const(36000), 1.0);
    oc_trial t[300];
    fx_run(&f, 3, 300, t);
    for (int i = 0; i < 300; i++) {
        cr_assert_eq(t[i].value[OC_DISRUPTED], 0);
        cr_assert_eq(t[i].value[OC_DATA_LOSS_WRITES], 0);
        cr_assert_eq(t[i].value[OC_WRITE_DOWNTIME], 0);
        cr_assert_eq(t[i].value[OC_READ_DOWNTIME], 0);
    }
}

Test(storage, lrs_in_a_destroyed_region_loses_everything)
{
    fx f;
    fx_init(&f);
    scn_account *a = fx_account(&f, "data", SCN_LRS);
    a->writes.rate = fx_const(10);
    fx_outage(&f, SCN_SCOPE_REGION, fx_uniform(86400, 2 * 86400), fx_const(36000), 1.0);
    oc_trial t[200];
    fx_run(&f, 4, 200, t);
    for (int i = 0; i < 200; i++) {
        cr_assert_eq(t[i].value[OC_DATA_LOST_ALL], 1);
        cr_assert(!t[i].present[OC_RPO], "RPO must be absent when data is lost");
        cr_assert(!t[i].present[OC_RTO], "the application never comes back");
        /* Every write since the start: about 10/s for 1-2 days. */
        cr_assert_gt(t[i].value[OC_DATA_LOSS_WRITES], 10 * 86400 * 0.9);
    }
}

/* An outage's probability and its destructiveness may be distributions: each
 * trial draws them, so the shares are their means. P(occurs) = E[uniform(0.2,
 * 0.6)] = 0.4; P(occurs and destroyed) = 0.4 * E[uniform(0, 0.5)] = 0.1 (the
 * two draws are independent). Bounds: 4 standard errors of a proportion. */
Test(storage, outage_probabilities_may_be_distributions)
{
    enum { N = 4000 };
    static oc_trial t[N];
    fx f;
    fx_init(&f);
    scn_account *a = fx_account(&f, "data", SCN_LRS);
    a->writes.rate = fx_const(1);
    scn_outage *o = fx_outage(&f, SCN_SCOPE_REGION, fx_uniform(86400, 2 * 86400),
                              fx_const(3600), 0);
    o->probability = fx_uniform(0.2, 0.6);
    o->destructive = fx_uniform(0, 0.5);
    fx_run(&f, 17, N, t);
    double occurred = 0, destroyed = 0;
    for (int i = 0; i < N; i++) {
        occurred += t[i].value[OC_DISRUPTED];
        destroyed += t[i].value[OC_DATA_LOST_ALL];
        cr_assert(t[i].value[OC_DATA_LOST_ALL] <= t[i].value[OC_DISRUPTED]);
    }
    occurred /= N;
    destroyed /= N;
    double se_occ = sqrt(0.4 * 0.6 / N), se_des = sqrt(0.1 * 0.9 / N);
    cr_assert(fabs(occurred - 0.4) < 4 * se_occ, "P(occurs) %.4f, expected 0.4", occurred);
    cr_assert(fabs(destroyed - 0.1) < 4 * se_des, "P(destroyed) %.4f, expected 0.1", destroyed);
}

Test(storage, ra_grs_reads_survive_a_region_outage_writes_do_not)
{
    const double d = 5 * 3600.0;
    fx f;
    fx_init(&f);
    scn_account *a = fx_account(&f, "data", SCN_RA_GRS);
    a->writes.rate = fx_const(10);
    fx_outage(&f, SCN_SCOPE_REGION, fx_uniform(0, 86400), fx_const(d), 0);
    oc_trial t[100];
    fx_run(&f, 5, 100, t);
    for (int i = 0; i < 100; i++) {
        cr_assert_eq(t[i].value[OC_READ_DOWNTIME], 0);
        cr_assert_float_eq(t[i].value[OC_WRITE_DOWNTIME], d, 1e-6);
    }
    /* Plain GRS: neither. */
    a->redundancy = SCN_GRS;
    fx_run(&f, 5, 100, t);
    for (int i = 0; i < 100; i++) {
        cr_assert_float_eq(t[i].value[OC_READ_DOWNTIME], d, 1e-6);
        cr_assert_float_eq(t[i].value[OC_WRITE_DOWNTIME], d, 1e-6);
    }
}

Test(storage, transient_outage_with_wait_loses_nothing_whatever_the_redundancy)
{
    for (int r = SCN_LRS; r <= SCN_RA_GZRS; r++) {
        for (int scope = SCN_SCOPE_REGION; scope <= SCN_SCOPE_DATACENTER; scope++) {
            fx f;
            fx_init(&f);
            scn_account *a = fx_account(&f, "data", (scn_redundancy)r);
            a->writes.rate = fx_const(100);
            a->lag = fx_exp(300);
            fx_outage(&f, (scn_scope)scope, fx_uniform(0, 86400), fx_exp(36000), 0);
            oc_trial t[100];
            fx_run(&f, 6, 100, t);
            for (int i = 0; i < 100; i++) {
                cr_assert_eq(t[i].value[OC_DATA_LOSS_WRITES], 0, "redundancy %d scope %d", r,
                             scope);
                cr_assert_eq(t[i].value[OC_RPO], 0);
                cr_assert_eq(t[i].value[OC_DATA_LOST_ALL], 0);
            }
        }
    }
}

Test(storage, failing_over_earlier_never_gives_a_smaller_rpo)
{
    /* Common random numbers: the same trials under three failover delays. */
    const double delays[] = {0, 1800, 4 * 3600.0};
    enum { N = 2000 };
    static oc_trial t[3][N];
    for (int k = 0; k < 3; k++) {
        fx f;
        fx_init(&f);
        scn_account *a = fx_account(&f, "data", SCN_GRS);
        a->writes.rate = fx_const(50);
        a->lag = fx_exp(120);
        fx_outage(&f, SCN_SCOPE_REGION, fx_uniform(0, 7 * 86400), fx_exp(3 * 3600.0), 0.1);
        fx_strategy(&f, SCN_GEO_RESTORE);
        f.st.decide = fx_const(delays[k]);
        fx_run(&f, 8, N, t[k]);
    }
    int differs = 0, longer = 0;
    for (int i = 0; i < N; i++)
        for (int k = 0; k + 1 < 3; k++) {
            const oc_trial *early = &t[k][i], *late = &t[k + 1][i];
            if (!early->present[OC_RPO] || !late->present[OC_RPO])
                continue;
            cr_assert_geq(early->value[OC_RPO], late->value[OC_RPO],
                          "trial %d: RPO %.1f failing over after %.0fs < %.1f after %.0fs", i,
                          early->value[OC_RPO], delays[k], late->value[OC_RPO], delays[k + 1]);
            differs += early->value[OC_RPO] > late->value[OC_RPO];
            /* And the trade-off's other side: waiting longer never shortens
             * the outage. Every step here is instant (no detection delay,
             * failover of 0 s, no VMs), so RTO = min(delay, the region's
             * return D) for a transient outage and the delay for a
             * destroyed region: never more than the delay, and when the
             * later decision found the region back (RTO < its delay, so
             * RTO = D), the earlier one's RTO is min(its delay, D). */
            cr_assert(early->present[OC_RTO] && late->present[OC_RTO], "trial %d", i);
            double e = early->value[OC_RTO], l = late->value[OC_RTO];
            cr_assert_leq(e, l, "trial %d: RTO %.1f failing over after %.0fs > %.1f after %.0fs", i,
                          e, delays[k], l, delays[k + 1]);
            cr_assert_leq(l, delays[k + 1] + 1e-6, "trial %d", i);
            if (l < delays[k + 1] - 1e-6)
                cr_assert_float_eq(e, fmin(delays[k], l), 1e-6,
                                   "trial %d: RTO %.1f, region back at %.1f", i, e, l);
            longer += e < l;
        }
    cr_assert_gt(differs, 100, "the delays should matter in many trials");
    cr_assert_gt(longer, 100, "waiting should lengthen the outage in many trials");
}

/* Geo-restore of a data-only application whose every step is instant: the
 * application is back at the disruption itself, and clients wait for Traffic
 * Manager. Probes every 30 s with a random phase fail from the first probe
 * p0 in [T, T + 30); the 4th failure (tolerated 3) times out at p0 + 100 s;
 * clients then follow over a uniform [0, TTL]. */
Test(storage, traffic_manager_and_ttl_spread_client_downtime)
{
    fx f;
    fx_init(&f);
    scn_account *a = fx_account(&f, "data", SCN_GRS);
    a->writes.rate = fx_const(1);
    fx_outage(&f, SCN_SCOPE_REGION, fx_uniform(3600, 86400), fx_const(86400), 0);
    fx_strategy(&f, SCN_GEO_RESTORE);
    f.app.entry = SCN_ENTRY_TRAFFIC_MANAGER;
    f.app.ttl = 30;
    enum { N = 400 };
    oc_trial t[N];
    fx_run(&f, 9, N, t);
    double lo = 1e9, hi = 0;
    for (int i = 0; i < N; i++) {
        cr_assert_eq(t[i].value[OC_RTO], 0);
        double m = t[i].value[OC_CLIENT_DOWNTIME], p = t[i].value[OC_CLIENT_DOWNTIME_P95];
        cr_assert(m >= 100 + 15 && m < 130 + 15, "trial %d: mean client downtime %.2f", i, m);
        cr_assert_float_eq(p - m, 28.5 - 15, 1e-6);
        lo = fmin(lo, m);
        hi = fmax(hi, m);
    }
    cr_assert(hi - lo > 25, "the probe phase must spread the switch-over over an interval");
    /* 10 % of resolvers overstay by up to 10 minutes: +30 s on the mean. */
    f.w.dns_overstay_share = fx_const(0.1);
    f.w.dns_overstay_max = fx_const(600);
    oc_trial o[N];
    fx_run(&f, 9, N, o);
    for (int i = 0; i < N; i++)
        cr_assert_float_eq(o[i].value[OC_CLIENT_DOWNTIME] - t[i].value[OC_CLIENT_DOWNTIME], 30,
                           1e-6);
    /* Fast probing (10 s, timeout 9 s, tolerated 0): degraded within 19 s. */
    f.w.dns_overstay_share = fx_const(0);
    f.app.tm_interval = 10;
    f.app.tm_timeout = 9;
    f.app.tm_tolerated = 0;
    fx_run(&f, 9, N, t);
    for (int i = 0; i < N; i++) {
        double m = t[i].value[OC_CLIENT_DOWNTIME];
        cr_assert(m >= 9 + 15 && m < 19 + 15, "fast probing: %.2f", m);
    }
}

Test(storage, account_failover_and_dns_remap_in_write_downtime)
{
    fx f;
    fx_init(&f);
    scn_account *a = fx_account(&f, "data", SCN_GRS);
    a->writes.rate = fx_const(1);
    a->failover_duration = fx_const(1800);
    a->dns_ttl = fx_const(300);
    fx_outage(&f, SCN_SCOPE_REGION, fx_uniform(3600, 86400), fx_const(3 * 86400), 0);
    fx_strategy(&f, SCN_GEO_RESTORE);
    f.st.decide = fx_const(600);
    oc_trial t[50];
    fx_run(&f, 10, 50, t);
    for (int i = 0; i < 50; i++) {
        /* Writable again once the failover ends; its clients follow the
         * remapped name as their records expire, TTL / 2 later on average
         * (the application's servers, new, resolve it afresh: RTO). */
        cr_assert_float_eq(t[i].value[OC_RTO], 600 + 1800, 1e-6);
        cr_assert_float_eq(t[i].value[OC_WRITE_DOWNTIME], 600 + 1800 + 150, 1e-6);
        cr_assert_eq(t[i].value[OC_FAILED_OVER], 1);
    }
}

Test(storage, resync_and_failback_with_their_loss_rule)
{
    fx f;
    fx_init(&f);
    scn_account *a = fx_account(&f, "data", SCN_GRS);
    a->writes.rate = fx_const(20);
    a->lag = fx_exp(60);
    a->geo_sync_rate = fx_const(a->size / (6 * 3600));
    fx_outage(&f, SCN_SCOPE_REGION, fx_uniform(3600, 86400), fx_const(86400), 0);
    fx_strategy(&f, SCN_GEO_RESTORE);
    regain(&f, 0, 0);
    f.st.failback = true;
    f.st.failback_after = fx_const(3600);
    f.st.failback_planned = true;
    enum { N = 2000 };
    static oc_trial planned[N], unplanned[N];
    fx_run(&f, 12, N, planned);
    f.st.failback_planned = false;
    fx_run(&f, 12, N, unplanned);
    double extra = 0;
    for (int i = 0; i < N; i++) {
        /* Same failover, same first loss; the unplanned failback loses what
         * was not copied back (20 writes/s, lag of mean 60 s: ~1,200). */
        cr_assert_eq(planned[i].value[OC_RPO], unplanned[i].value[OC_RPO]);
        cr_assert_geq(unplanned[i].value[OC_DATA_LOSS_WRITES],
                      planned[i].value[OC_DATA_LOSS_WRITES]);
        extra += unplanned[i].value[OC_DATA_LOSS_WRITES] - planned[i].value[OC_DATA_LOSS_WRITES];
    }
    extra /= N;
    /* One trial's extra loss X is the Poisson count (rate lambda = 20/s) of
     * the writes within the reverse lag L ~ exponential(mean m = 60 s), one
     * draw per trial: E[X] = lambda m = 1200, and by the law of total
     * variance Var X = E[Var(X | L)] + Var(E[X | L]) = lambda m + lambda^2 m^2,
     * sd = sqrt(1200 + 1200^2) = 1200.5. 99 % CI of the mean. */
    const double lm = 20.0 * 60.0, sd = sqrt(lm + lm * lm);
    cr_assert(fabs(extra - lm) < Z99 * sd / sqrt(N),
              "mean failback loss %.1f, lambda m %.0f (+- %.1f)", extra, lm, Z99 * sd / sqrt(N));
    oc_timeline tl = {0};
    fx_trace(&f, 12, 0, &tl);
    const char *order[] = {"failover_end", "resync_start", "resync_complete", "failback_start",
                           "failback_end"};
    size_t k = 0;
    for (size_t i = 0; i < tl.len && k < 5; i++)
        if (strcmp(oc_event_kind_name(tl.events[i].kind), order[k]) == 0)
            k++;
    cr_assert_eq(k, 5, "timeline lacks %s in order", k < 5 ? order[k] : "");
    oc_timeline_free(&tl);
}

/* An unplanned failback loses the writes made on the new side within the
 * reverse link's lag, a draw of its own (RNG_SALT_REVERSE_LAG): with evenly
 * spaced writes at lambda per second, lambda L of them, give or take one,
 * where L is that draw, redone here from the stream's documented id. */
Test(storage, unplanned_failback_loses_the_writes_within_its_own_reverse_lag)
{
    fx f;
    fx_init(&f);
    scn_account *a = fx_account(&f, "data", SCN_GRS);
    a->writes.rate = fx_const(20);
    a->writes.arrivals = SCN_ARRIVALS_REGULAR;
    a->lag = fx_exp(60);
    a->geo_sync_rate = fx_const(a->size / (6 * 3600));
    fx_outage(&f, SCN_SCOPE_REGION, fx_uniform(3600, 86400), fx_const(86400), 0);
    fx_strategy(&f, SCN_GEO_RESTORE);
    regain(&f, 0, 0);
    f.st.failback = true;
    f.st.failback_after = fx_const(3600);
    f.st.failback_planned = true;
    enum { N = 200 };
    static oc_trial planned[N], unplanned[N];
    fx_run(&f, 12, N, planned);
    f.st.failback_planned = false;
    fx_run(&f, 12, N, unplanned);
    for (int i = 0; i < N; i++) {
        rng r = rng_stream(12, (uint64_t)i, rng_name_id("lag:data") ^ RNG_SALT_REVERSE_LAG);
        double lag = (double)llround(dist_sample(&a->lag, &r) * 1e6) / 1e6;
        double extra =
            unplanned[i].value[OC_DATA_LOSS_WRITES] - planned[i].value[OC_DATA_LOSS_WRITES];
        cr_assert(fabs(extra - 20 * lag) <= 1, "trial %d: %.0f writes lost at failback, lag %.3fs",
                  i, extra, lag);
    }
}

#define AT(s) ((sim_time)(s) * SIM_SEC)

Test(storage, gzrs_survives_a_zone_and_acts_like_grs_in_a_region_outage)
{
    const double d = 5 * 3600.0;
    for (int r = SCN_GZRS; r <= SCN_RA_GZRS; r++) {
        bool ra = r == SCN_RA_GZRS;
        fx f;
        fx_init(&f);
        scn_account *a = fx_account(&f, "data", (scn_redundancy)r);
        a->writes.rate = fx_const(100);
        a->lag = fx_const(120);
        /* A destroyed zone: no downtime, nothing lost (the ZRS primary). */
        fx_outage(&f, SCN_SCOPE_ZONE, fx_uniform(0, 86400), fx_const(d), 1.0);
        oc_trial t[50];
        fx_run(&f, 171, 50, t);
        for (int i = 0; i < 50; i++) {
            cr_assert_eq(t[i].value[OC_DISRUPTED], 0, "redundancy %d", r);
            cr_assert_eq(t[i].value[OC_WRITE_DOWNTIME], 0);
            cr_assert_eq(t[i].value[OC_READ_DOWNTIME], 0);
            cr_assert_eq(t[i].value[OC_DATA_LOSS_WRITES], 0);
        }
        /* A transient region outage, waiting: writes down for it; reads too,
         * unless the secondary serves them (RA). */
        f.outages[0].scope = SCN_SCOPE_REGION;
        f.outages[0].destructive = fx_const(0);
        fx_run(&f, 172, 50, t);
        for (int i = 0; i < 50; i++) {
            cr_assert_float_eq(t[i].value[OC_WRITE_DOWNTIME], d, 1e-6, "redundancy %d", r);
            cr_assert_float_eq(t[i].value[OC_READ_DOWNTIME], ra ? 0 : d, 1e-6, "redundancy %d", r);
            cr_assert_float_eq(t[i].value[OC_RTO], d, 1e-6);
            cr_assert_eq(t[i].value[OC_DATA_LOSS_WRITES], 0);
        }
        /* A destroyed region: an immediate account failover recovers up to
         * the fixed lag, as from GRS. */
        f.outages[0].destructive = fx_const(1);
        fx_strategy(&f, SCN_GEO_RESTORE);
        fx_run(&f, 173, 50, t);
        for (int i = 0; i < 50; i++) {
            cr_assert_eq(t[i].value[OC_FAILED_OVER], 1);
            cr_assert_eq(t[i].value[OC_DATA_LOST_ALL], 0);
            cr_assert_float_eq(t[i].value[OC_RPO], 120, 1e-6);
            cr_assert_float_eq(t[i].value[OC_RTO], 0, 1e-6);
            cr_assert_float_eq(t[i].value[OC_READ_DOWNTIME], 0, 1e-6);
        }
    }
}

Test(storage, datacenter_outage_takes_only_what_is_in_it)
{
    /* Datacenter 1 of zone 1 fails for d. */
    const double d = 3 * 3600.0;
    for (int destroy = 0; destroy <= 1; destroy++) {
        fx f;
        fx_init(&f);
        scn_account *lrs = fx_account(&f, "in", SCN_LRS);
        lrs->zone = 1; /* zone 1 has one datacenter: the one that fails */
        lrs->writes.rate = fx_const(10);
        fx_outage(&f, SCN_SCOPE_DATACENTER, fx_uniform(86400, 2 * 86400), fx_const(d), destroy);
        oc_trial t[50];
        fx_run(&f, 181, 50, t);
        for (int i = 0; i < 50; i++) {
            cr_assert_eq(t[i].value[OC_DISRUPTED], 1);
            if (destroy) {
                cr_assert_eq(t[i].value[OC_DATA_LOST_ALL], 1);
                cr_assert(!t[i].present[OC_RPO] && !t[i].present[OC_RTO]);
            } else {
                cr_assert_float_eq(t[i].value[OC_WRITE_DOWNTIME], d, 1e-6);
                cr_assert_float_eq(t[i].value[OC_READ_DOWNTIME], d, 1e-6);
                cr_assert_float_eq(t[i].value[OC_RTO], d, 1e-6);
                cr_assert_eq(t[i].value[OC_DATA_LOSS_WRITES], 0);
            }
        }
        /* ZRS, and LRS in another zone, do not notice. */
        for (int k = 0; k < 2; k++) {
            lrs->redundancy = k == 0 ? SCN_ZRS : SCN_LRS;
            lrs->zone = k == 0 ? 1 : 2;
            fx_run(&f, 181, 50, t);
            for (int i = 0; i < 50; i++) {
                cr_assert_eq(t[i].value[OC_DISRUPTED], 0, "case %d", k);
                cr_assert_eq(t[i].value[OC_WRITE_DOWNTIME], 0);
                cr_assert_eq(t[i].value[OC_READ_DOWNTIME], 0);
                cr_assert_eq(t[i].value[OC_DATA_LOSS_WRITES], 0);
            }
        }
    }
    /* Two datacenters per zone: an LRS account of zone 1 sits in either
     * (drawn per trial), so it is down for d in half the trials and
     * untouched in the others (4 standard errors of a proportion). */
    enum { N = 400 };
    static oc_trial t[N];
    fx f;
    fx_init(&f);
    f.regions[FX_WESTEUROPE].datacenters = 2;
    scn_account *a = fx_account(&f, "in", SCN_LRS);
    a->zone = 1;
    fx_outage(&f, SCN_SCOPE_DATACENTER, fx_uniform(86400, 2 * 86400), fx_const(d), 0);
    fx_run(&f, 182, N, t);
    int hit = 0;
    for (int i = 0; i < N; i++) {
        double w = t[i].value[OC_WRITE_DOWNTIME];
        cr_assert(w == 0 || fabs(w - d) < 1e-6, "trial %d: write downtime %.3f", i, w);
        cr_assert_eq(t[i].value[OC_DISRUPTED], w > 0);
        hit += w > 0;
    }
    cr_assert(fabs((double)hit / N - 0.5) < 4 * sqrt(0.25 / N), "down in %d of %d trials", hit, N);
}

/* An instant failover of a GRS account at the outage's start, the customer
 * asking for GRS again at once and the conversion beginning at once: the
 * initial sync starts once the failover is over and the old region is back,
 * and lasts exactly size / geo_sync_rate. */
Test(storage, resync_lasts_its_duration_after_failover_and_region_return)
{
    const double at = 86400, resync = 5 * 3600.0;
    /* {outage duration, failover duration}: the region returns after the
     * failover ends, then before. */
    const double cases[][2] = {{4 * 3600.0, 1800}, {1200, 3600}};
    for (int c = 0; c < 2; c++) {
        const double dur = cases[c][0], fo = cases[c][1];
        fx f;
        fx_init(&f);
        scn_account *a = fx_account(&f, "data", SCN_GRS);
        a->writes.rate = fx_const(1);
        a->failover_duration = fx_const(fo);
        a->geo_sync_rate = fx_const(a->size / resync);
        fx_outage(&f, SCN_SCOPE_REGION, fx_const(at), fx_const(dur), 0);
        fx_strategy(&f, SCN_GEO_RESTORE);
        regain(&f, 0, 0);
        oc_timeline tl = {0};
        fx_trace(&f, 191, 0, &tl);
        sim_time end = fx_event_at(&tl, "failover_end", "data");
        sim_time start = fx_event_at(&tl, "resync_start", "data");
        sim_time done = fx_event_at(&tl, "resync_complete", "data");
        cr_assert_eq(end, AT(at + fo), "case %d", c);
        cr_assert_eq(start, AT(at + fmax(dur, fo)), "case %d: re-sync at %.3fs", c,
                     (double)start / 1e6);
        cr_assert_eq(done, start + AT(resync), "case %d: re-sync took %.3fs", c,
                     (double)(done - start) / 1e6);
        cr_assert_eq(fx_event_count(&tl, "resync_start", NULL), 1);
        cr_assert_eq(fx_event_count(&tl, "resync_complete", NULL), 1);
        oc_timeline_free(&tl);
    }
}

Test(storage, grs_geo_restore_timeline_at_exact_instants)
{
    /* A VM on a VHD in a GRS account, a transient region outage of 10 h at
     * +1 h; detection 5 min, decision 10 min, the VHD lease ignored (the
     * what-if: no VM deleted; the documented rule blocks the failover while
     * the primary is down), failover 30 min, DNS TTL 1 min, provisioning
     * 15 min, geo-redundancy asked for at once — it waits for the region's
     * control plane, back with the region — and a re-sync of 1 h, a DNS
     * entry for the application. */
    fx f;
    fx_init(&f);
    scn_account *a = fx_account(&f, "data", SCN_GRS);
    a->writes.rate = fx_const(5);
    a->lag = fx_const(60);
    a->failover_duration = fx_const(1800);
    a->dns_ttl = fx_const(60);
    fx_vms(&f, "web", 1, SCN_DISK_UNMANAGED, 0, 120, 600);
    fx_outage(&f, SCN_SCOPE_REGION, fx_const(3600), fx_const(36000), 0);
    fx_strategy(&f, SCN_GEO_RESTORE);
    regain(&f, 0, 0);
    f.w.monitor = fx_const(300);
    f.st.decide = fx_const(600);
    f.st.vhd_leases = SCN_LEASES_IGNORE;
    f.st.delete_vms = fx_const(120);
    f.st.provision = fx_const(900);
    f.app.entry = SCN_ENTRY_DNS;
    static const struct {
        const char *kind, *subject;
        double t;
    } want[] = {
        {"outage_start", "westeurope", 3600}, {"storage_down", "data", 3600},
        {"service_down", NULL, 3600},         {"detected", NULL, 3900},
        {"decision", NULL, 4500},             {"failover_start", "data", 4500},
        {"failover_end", "data", 6300},       {"dns_remap", "data", 6300},
        {"provision_start", "web-1", 6300},   {"control_plane", "data", 6300},
        {"vm_up", "web-1", 7200},             {"service_restored", NULL, 7200},
        {"dns_switch", "app", 7200},          {"outage_end", "westeurope", 39600},
        {"resync_start", "data", 39600},      {"resync_complete", "data", 43200},
    };
    oc_timeline tl = {0};
    oc_trial out = fx_trace(&f, 201, 0, &tl);
    for (size_t i = 1; i < tl.len; i++)
        cr_assert_leq(tl.events[i - 1].t, tl.events[i].t, "timeline not in time order at %zu", i);
    size_t next = 0;
    for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
        for (; next < tl.len; next++) {
            const oc_event *ev = &tl.events[next];
            if (strcmp(oc_event_kind_name(ev->kind), want[k].kind) == 0 &&
                (want[k].subject == NULL || strcmp(ev->subject, want[k].subject) == 0))
                break;
        }
        cr_assert_lt(next, tl.len, "%s (%s) missing or out of order", want[k].kind,
                     want[k].subject ? want[k].subject : "");
        cr_assert_eq(tl.events[next].t, AT(want[k].t), "%s at %.3fs, expected %.0fs", want[k].kind,
                     (double)tl.events[next].t / 1e6, want[k].t);
    }
    cr_assert_eq(fx_event_count(&tl, "delete_vms", NULL), 0);
    cr_assert_float_eq(out.value[OC_RTO], 7200 - 3600, 1e-6);
    cr_assert_float_eq(out.value[OC_RPO], 60, 1e-6);
    /* Writable for its clients as their records expire over the TTL after
     * the failover: TTL / 2 on average. */
    cr_assert_float_eq(out.value[OC_WRITE_DOWNTIME], 6300 + 30 - 3600, 1e-6);
    oc_timeline_free(&tl);
}
