/*
 * sqlfg.c — SQL failover groups against their closed forms: Microsoft's
 * forced failover iff the outage outlasts the grace period, at its end plus
 * the failover's duration; the customer's at detection + decision +
 * duration; RPO the lag on a forced failover and 0 on a planned one; the
 * read-only time with the readable secondary; the listener's TTL in the
 * client downtime; a destroyed primary never failed over.
 *
 * Each case is a small scenario text: a stateless web VM in North Europe
 * (never down), an order database whose primary is in zone 1 of West
 * Europe (secondary: its pair, North Europe), an outage of West Europe at 1 h.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/scenario/loader.h"
#include "models/world/world.h"

#define Z99 2.576
#define N 400

typedef struct sq_case {
    const char *policy;      /* "{policy: customer}" ... */
    const char *lag;
    const char *duration;    /* the outage's */
    const char *scope;       /* "region", "zone 1" */
    const char *destructive;
    const char *strategy;    /* "{name: s, kind: wait}" ... */
    const char *read_only;
    const char *zone_redundant;
    const char *web;         /* the web VM's region and zone */
} sq_case;

static void run_case(const sq_case *c, oc_trial *t)
{
    char text[4096];
    snprintf(text, sizeof text,
             "drsim: 1\nname: sqlfg-test\nseed: 7\ntrials: %d\nhorizon: 7d\n"
             "vms:\n  - {name: web, count: 1, stateless: true, %s}\n"
             "sql:\n  - name: orders\n    region: westeurope\n    zone_redundant: %s\n"
             "%s"
             "    writes: {rate: 10/s, size: 1KiB}\n    lag: \"%s\"\n    failover: %s\n"
             "apps:\n  - {name: shop, tiers: [web], data: [orders], read_only: %s}\n"
             "outages:\n  - {region: westeurope, scope: %s, at: 1h, duration: \"%s\", "
             "destructive: %s}\n"
             "strategies:\n  - %s\n",
             N, c->web ? c->web : "region: northeurope", c->zone_redundant ? c->zone_redundant : "false",
             c->zone_redundant && strcmp(c->zone_redundant, "true") == 0 ? "" : "    zone: 1\n",
             c->lag, c->policy, c->read_only ? c->read_only : "false",
             c->scope ? c->scope : "region", c->duration,
             c->destructive ? c->destructive : "0", c->strategy);
    scn_diags d;
    scn_diags_init(&d);
    scn_scenario *s = NULL;
    err_code rc = scn_load_buffer("sqlfg-test.yaml", text, strlen(text), &s, &d);
    if (rc != ERR_OK)
        scn_diags_print(&d, stderr);
    cr_assert_eq(rc, ERR_OK, "%s", text);
    err_msg e = {0};
    world *w = world_create(&s->worlds[0], &s->strategies[0], NULL, &e);
    cr_assert_not_null(w);
    for (uint64_t k = 0; k < N; k++)
        cr_assert_eq(world_run_trial(w, s->seed, k, &t[k], NULL, &e), ERR_OK);
    world_destroy(w);
    scn_free(s);
    scn_diags_free(&d);
}

/* Microsoft-managed, grace period G = 1 h, nobody else fails over (wait),
 * outage D ~ uniform(10 m, 3 h): a forced failover iff D > G, serving again
 * at G + 60 s (the failover), RPO the lag (5 s), writes lost the lag's
 * writes; else back at D, nothing lost. P(D > G) = 120/170. */
Test(sqlfg, microsoft_fails_over_iff_the_outage_outlasts_the_grace_period)
{
    static oc_trial t[N];
    sq_case c = {.policy = "{policy: microsoft, grace_period: 1h}", .lag = "5s",
                 .duration = "uniform(10m, 3h)", .strategy = "{name: s, kind: wait}"};
    run_case(&c, t);
    int failed = 0;
    double lost = 0;
    for (int i = 0; i < N; i++) {
        double rto = t[i].value[OC_RTO];
        cr_assert(t[i].present[OC_RTO] && t[i].present[OC_RPO]);
        if (t[i].value[OC_FAILED_OVER] == 1) {
            failed++;
            cr_assert_float_eq(rto, 3600 + 60, 1e-6, "trial %d: RTO %.3f", i, rto);
            cr_assert_float_eq(t[i].value[OC_RPO], 5, 1e-6);
            lost += t[i].value[OC_DATA_LOSS_WRITES];
        } else {
            cr_assert(rto >= 600 && rto <= 3600 + 1e-6, "trial %d: RTO %.3f", i, rto);
            cr_assert_eq(t[i].value[OC_RPO], 0);
            cr_assert_eq(t[i].value[OC_DATA_LOSS_WRITES], 0);
        }
        cr_assert_eq(t[i].value[OC_DATA_LOST_ALL], 0);
    }
    double p = 120.0 / 170.0, se = sqrt(p * (1 - p) / N);
    cr_assert_lt(fabs((double)failed / N - p), Z99 * se, "failed over %d of %d", failed, N);
    /* Writes lost: Poisson of mean rate * lag = 50 per failover. */
    double m = lost / failed, se_w = sqrt(50.0 / failed);
    cr_assert_lt(fabs(m - 50), Z99 * se_w, "writes lost %.2f per failover, expected 50", m);
}

/* An outage that ends before the grace period: no failover at all. */
Test(sqlfg, no_microsoft_failover_when_the_outage_ends_first)
{
    static oc_trial t[N];
    sq_case c = {.policy = "{policy: microsoft, grace_period: 2h}", .lag = "5s",
                 .duration = "1h59m", .strategy = "{name: s, kind: wait}"};
    run_case(&c, t);
    for (int i = 0; i < N; i++) {
        cr_assert_eq(t[i].value[OC_FAILED_OVER], 0);
        cr_assert_float_eq(t[i].value[OC_RTO], 7140, 1e-6);
        cr_assert_eq(t[i].value[OC_RPO], 0);
    }
}

/* The RPO of a forced failover is the lag's draw: lag ~ uniform(1 s, 10 s),
 * so RPO in [1, 10] with mean 5.5, and the writes lost are Poisson of mean
 * 10/s * lag: E = 55, Var = 55 + 100 Var(lag) = 55 + 675. */
Test(sqlfg, the_rpo_of_a_forced_failover_is_the_lag)
{
    static oc_trial t[N];
    sq_case c = {.policy = "{policy: microsoft}", .lag = "uniform(1s, 10s)", .duration = "10h",
                 .strategy = "{name: s, kind: wait}"};
    run_case(&c, t);
    double sum = 0, lost = 0;
    for (int i = 0; i < N; i++) {
        double r = t[i].value[OC_RPO];
        cr_assert_eq(t[i].value[OC_FAILED_OVER], 1);
        cr_assert(r >= 1 - 1e-6 && r <= 10 + 1e-6, "trial %d: RPO %.3f", i, r);
        sum += r;
        lost += t[i].value[OC_DATA_LOSS_WRITES];
        cr_assert_float_eq(t[i].value[OC_RTO], 3660, 1e-6);
    }
    double se = 9 / sqrt(12.0) / sqrt((double)N);
    cr_assert_lt(fabs(sum / N - 5.5), Z99 * se, "mean RPO %.3f", sum / N);
    double se_w = sqrt((55 + 675) / (double)N);
    cr_assert_lt(fabs(lost / N - 55), Z99 * se_w, "mean writes lost %.2f", lost / N);
}

/* Customer-managed: the decision comes at monitor (5 m) + decide (30 m)
 * after the outage; the forced failover takes 60 s: RTO 2160 s exactly,
 * RPO 5 s. Read-only meanwhile (the readable secondary through the
 * read-only listener), never fully down. Clients follow the read-write
 * listener over its TTL of 30 s: client downtime RTO + 15 s on average,
 * RTO + 28.5 s at the 95th percentile (no overstaying resolvers). */
Test(sqlfg, customer_managed_rto_is_detection_decision_and_failover)
{
    static oc_trial t[N];
    sq_case c = {.policy = "{policy: customer}", .lag = "5s", .duration = "10h",
                 .strategy = "{name: s, kind: geo-restore, decide: 30m}", .read_only = "true"};
    run_case(&c, t);
    for (int i = 0; i < N; i++) {
        cr_assert_eq(t[i].value[OC_FAILED_OVER], 1);
        cr_assert_float_eq(t[i].value[OC_RTO], 2160, 1e-6);
        cr_assert_float_eq(t[i].value[OC_RPO], 5, 1e-6);
        cr_assert_float_eq(t[i].value[OC_READ_ONLY], 2160, 1e-6);
        cr_assert_float_eq(t[i].value[OC_FULLY_DOWN], 0, 1e-6);
        cr_assert_float_eq(t[i].value[OC_CLIENT_DOWNTIME], 2175, 1e-6);
        cr_assert_float_eq(t[i].value[OC_CLIENT_DOWNTIME_P95], 2188.5, 1e-6);
        /* The data's downtimes: writes until the failover's end plus the
         * listener's TTL / 2 (clients following the remap); reads only
         * that TTL / 2 (clients still sent to the old primary). */
        cr_assert_float_eq(t[i].value[OC_WRITE_DOWNTIME], 2175, 1e-6);
        cr_assert_float_eq(t[i].value[OC_READ_DOWNTIME], 15, 1e-6);
    }
    /* Without read_only the app serves nothing until the failover ends. */
    c.read_only = "false";
    run_case(&c, t);
    for (int i = 0; i < N; i++) {
        cr_assert_float_eq(t[i].value[OC_FULLY_DOWN], 2160, 1e-6);
        cr_assert_float_eq(t[i].value[OC_READ_ONLY], 0, 1e-6);
    }
}

/* A planned failover (both regions up: the web VM's zone is lost, the
 * zone-redundant database is not) loses nothing. */
Test(sqlfg, a_planned_failover_loses_nothing)
{
    static oc_trial t[N];
    sq_case c = {.policy = "{policy: customer}", .lag = "5s", .duration = "10h",
                 .scope = "zone 1", .zone_redundant = "true",
                 .web = "region: westeurope, zone: 1",
                 .strategy = "{name: s, kind: geo-restore, decide: 30m, failover: {planned: true}}"};
    run_case(&c, t);
    for (int i = 0; i < N; i++) {
        cr_assert_eq(t[i].value[OC_FAILED_OVER], 1);
        cr_assert_eq(t[i].value[OC_RPO], 0);
        cr_assert_eq(t[i].value[OC_DATA_LOSS_WRITES], 0);
    }
}

/* A zone outage under a zone-redundant primary: nothing happens to it; under
 * one in that zone: down for the outage (waiting). */
Test(sqlfg, zone_redundancy_keeps_the_primary_through_a_zone_outage)
{
    static oc_trial t[N];
    sq_case c = {.policy = "{policy: customer}", .lag = "5s", .duration = "3h",
                 .scope = "zone 1", .zone_redundant = "true",
                 .strategy = "{name: s, kind: wait}"};
    run_case(&c, t);
    for (int i = 0; i < N; i++)
        cr_assert_eq(t[i].value[OC_DISRUPTED], 0);
    c.zone_redundant = "false";
    run_case(&c, t);
    for (int i = 0; i < N; i++)
        cr_assert_float_eq(t[i].value[OC_RTO], 3 * 3600, 1e-6);
}

/* A destroyed primary nobody fails over: the data is lost for good. */
Test(sqlfg, a_destroyed_primary_never_failed_over_loses_its_data)
{
    static oc_trial t[N];
    sq_case c = {.policy = "{policy: customer}", .lag = "5s", .duration = "1d",
                 .destructive = "1", .strategy = "{name: s, kind: wait}"};
    run_case(&c, t);
    for (int i = 0; i < N; i++) {
        cr_assert_eq(t[i].value[OC_DATA_LOST_ALL], 1);
        cr_assert(!t[i].present[OC_RPO]);
        /* Every write before the failure: 10/s over the 1 h before it (the
         * stream starts at 0 for the count), Poisson. */
        cr_assert_gt(t[i].value[OC_DATA_LOSS_WRITES], 30000);
    }
}

/* Microsoft's failover follows the outage, not the group's availability:
 * "all databases within the failover group fail over, regardless of their
 * zone redundancy configuration or availability status". A zone-redundant
 * primary the zone outage spares (3 h) is failed over at the grace period
 * (1 h) all the same: the app (its web VM in North Europe) is down only for
 * the failover's 60 s, from 1 h after the outage's start, and loses the
 * writes of the lag before it (RPO 5 s). */
Test(sqlfg, microsoft_fails_over_a_zone_redundant_group_the_outage_spares)
{
    static oc_trial t[N];
    sq_case c = {.policy = "{policy: microsoft, grace_period: 1h}", .lag = "5s",
                 .duration = "3h", .scope = "zone 1", .zone_redundant = "true",
                 .strategy = "{name: s, kind: wait}"};
    run_case(&c, t);
    for (int i = 0; i < N; i++) {
        cr_assert_eq(t[i].value[OC_FAILED_OVER], 1);
        cr_assert_float_eq(t[i].value[OC_RTO], 60, 1e-6);
        cr_assert_float_eq(t[i].value[OC_RPO], 5, 1e-6);
    }
    /* Customer-managed, the same outage: nothing happens to it. */
    c.policy = "{policy: customer}";
    run_case(&c, t);
    for (int i = 0; i < N; i++)
        cr_assert_eq(t[i].value[OC_FAILED_OVER], 0);
}

/* A destroyed primary whose outage ends (30 min) before the grace period
 * (1 h): Microsoft fails the group over at the grace period all the same
 * (the destroyed place counts as an outage still on), losing the lag; with
 * nobody to fail it over (customer-managed, waiting), the primary stays
 * down after the outage and its data is lost for good. */
Test(sqlfg, a_destroyed_primary_stays_down_after_its_outage)
{
    static oc_trial t[N];
    sq_case c = {.policy = "{policy: microsoft, grace_period: 1h}", .lag = "5s",
                 .duration = "30m", .destructive = "1", .strategy = "{name: s, kind: wait}"};
    run_case(&c, t);
    for (int i = 0; i < N; i++) {
        cr_assert_eq(t[i].value[OC_FAILED_OVER], 1);
        cr_assert_float_eq(t[i].value[OC_RTO], 3660, 1e-6);
        cr_assert_float_eq(t[i].value[OC_RPO], 5, 1e-6);
        cr_assert_eq(t[i].value[OC_DATA_LOST_ALL], 0);
    }
    c.policy = "{policy: customer}";
    run_case(&c, t);
    for (int i = 0; i < N; i++) {
        cr_assert_eq(t[i].value[OC_DATA_LOST_ALL], 1);
        cr_assert(!t[i].present[OC_RTO], "trial %d: served again at %.0f", i,
                  t[i].value[OC_RTO]);
    }
}
