/*
 * frontdoor.c — Front Door's probe verdicts against hand-worked cases, their
 * spread over edge locations against the closed forms of the probe rule, and
 * an application's client downtime behind it.
 *
 * The closed forms: with probes every I and a failure at a uniform phase, an
 * origin is out of rotation at its k-th failed probe, k = sample_size -
 * required + 1: (k - 1)I to kI after the failure, (k - 1/2)I on average; an
 * origin that failed its whole window is back at its required-th success,
 * (required - 1/2)I on average after it answers.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "models/world/frontdoor.h"
#include "sim/kernel/rng.h"
#include "tests/support/fixture.h"

#define S(x) ((sim_time)(x) * SIM_SEC)

Test(frontdoor, disabled_at_the_sample_size_minus_required_plus_first_failure)
{
    /* Probes every 30 s from 7 s; the origin dies at 100 s. Sample size 4,
     * 3 required: out when only 2 of the last 4 succeed, at the 2nd failed
     * probe (127, 157). */
    fd_probes p = {S(30), 4, 3, S(7), 0};
    cr_assert_eq(fd_disabled_at(&p, S(100), SIM_NEVER), S(157));
    /* Answering again by the 2nd probe: one failure, never out. */
    cr_assert_eq(fd_disabled_at(&p, S(100), S(157)), SIM_NEVER);
    cr_assert_eq(fd_disabled_at(&p, S(100), S(158)), S(157));
    /* 5 samples, 3 required: out at the 3rd failure; 4 of 4: at the 1st. */
    fd_probes five = {S(30), 5, 3, S(7), 0};
    cr_assert_eq(fd_disabled_at(&five, S(100), SIM_NEVER), S(187));
    fd_probes all = {S(30), 4, 4, S(7), S(2)};
    cr_assert_eq(fd_disabled_at(&all, S(100), SIM_NEVER), S(127 + 2));
}

Test(frontdoor, enabled_when_required_of_the_last_sample_size_succeed)
{
    fd_probes p = {S(30), 4, 3, S(7), 0};
    /* A failover target that never answered, up at 200 s: successes at 217,
     * 247, 277; in at the 3rd. */
    cr_assert_eq(fd_enabled_at(&p, FD_NEVER_ANSWERED, S(200)), S(277));
    /* The home origin down from 100 s to 170 s: probes 127 and 157 fail. At
     * 187 the window (97, 127, 157, 187) holds 2 successes, at 217 still 2
     * (127, 157 fail), at 247 three: in again. */
    cr_assert_eq(fd_enabled_at(&p, S(100), S(170)), S(247));
}

/* Over phases drawn uniformly (fixed seed), the mean wait of the verdicts
 * against the closed forms, within 2.576 standard errors (a uniform's SE is
 * I / sqrt(12 N)), and every draw within its bounds. */
Test(frontdoor, verdicts_over_phases_match_the_closed_forms)
{
    const uint32_t sizes[][2] = {{4, 3}, {5, 3}, {4, 4}, {2, 1}};
    enum { N = 4000 };
    for (size_t c = 0; c < sizeof sizes / sizeof sizes[0]; c++) {
        uint32_t n = sizes[c][0], r = sizes[c][1], k = n - r + 1;
        double interval = 30, se = interval / sqrt(12.0 * N);
        rng g = rng_stream(18, c, 3);
        double out_sum = 0, in_sum = 0;
        for (int i = 0; i < N; i++) {
            fd_probes p = {S(30), n, r, (sim_time)(rng_unit(&g) * (double)S(30)), 0};
            sim_time down = S(1000) + (sim_time)(rng_unit(&g) * 1e9);
            sim_time up = down + S(3600);
            double out = (double)(fd_disabled_at(&p, down, SIM_NEVER) - down) / 1e6;
            double in = (double)(fd_enabled_at(&p, FD_NEVER_ANSWERED, up) - up) / 1e6;
            cr_assert(out >= (k - 1) * interval && out < k * interval, "out after %.3fs", out);
            cr_assert(in >= (r - 1) * interval && in < r * interval, "in after %.3fs", in);
            out_sum += out;
            in_sum += in;
        }
        double out_mean = out_sum / N, in_mean = in_sum / N;
        cr_assert(fabs(out_mean - (k - 0.5) * interval) < 2.576 * se,
                  "n=%u r=%u: out after %.3fs on average, expected %.1fs", n, r, out_mean,
                  (k - 0.5) * interval);
        cr_assert(fabs(in_mean - (r - 0.5) * interval) < 2.576 * se,
                  "n=%u r=%u: in after %.3fs on average, expected %.1fs", n, r, in_mean,
                  (r - 0.5) * interval);
    }
}

/* The spread over edges, exact: a failover target up 20 minutes after the
 * failure. Every edge has taken the home origin out long before (k I = 60 s),
 * so from `up` every origin is out until the target is in: round robin, half
 * the requests served, for (required - 1/2)I on average. Mean downtime
 * 1200 + 75 / 2; the last twentieth of edges route everything to the target
 * (required - 1)I + 0.95 I after `up`. */
Test(frontdoor, failover_spread_over_edges_in_closed_form)
{
    fd_probes p = {S(30), 4, 3, 0, 0};
    fd_route r = {S(5000) + 123456, S(5000) + 123456 + S(1200), false, 2};
    cr_assert_float_eq(fd_downtime_mean(&p, &r), 1200 + 75.0 / 2, 1e-5);
    cr_assert_float_eq(fd_switch_quantile(&p, &r, 0.95), 1200 + 60 + 28.5, 1e-5);
    cr_assert_float_eq(fd_switch_quantile(&p, &r, 1.0), 1200 + 90, 1e-5);
    /* The target answers at once (up = down): out at (k-1)I + w, in at
     * (r-1)I + w with the same wait w: half served in between, mean
     * ((k - 1) + (r - 1) + 1) I / 2 = 60 s. */
    fd_route at_once = {S(5000) + 7, S(5000) + 7, false, 2};
    cr_assert_float_eq(fd_downtime_mean(&p, &at_once), 60, 1e-5);
    /* Recovery in place, the app alone in its origin group: round robin to
     * it as soon as it answers, whatever the verdicts: the outage alone. */
    fd_route alone = {S(5000), S(5000) + S(1200), true, 1};
    cr_assert_float_eq(fd_downtime_mean(&p, &alone), 1200, 1e-5);
    cr_assert_float_eq(fd_switch_quantile(&p, &alone, 0.95), 1200, 1e-5);
    /* In place with a failover target in the group: half served until the
     * home origin is in again. */
    fd_route home = {S(5000), S(5000) + S(1200), true, 2};
    cr_assert_float_eq(fd_downtime_mean(&p, &home), 1200 + 75.0 / 2, 1e-5);
    /* Back before the 2nd failed probe at every edge (10 s): never out. */
    fd_route blip = {S(5000), S(5000) + S(10), true, 2};
    cr_assert_float_eq(fd_downtime_mean(&p, &blip), 10, 1e-5);
}

/* The exact mean over edges against edges drawn at random (fixed seed),
 * where the pieces matter: a 45 s outage (some edges take the origin out,
 * some not) with a propagation of 7 s. */
Test(frontdoor, exact_mean_matches_edges_drawn_at_random)
{
    fd_probes p = {S(30), 4, 3, 0, S(7)};
    fd_route cases[] = {{S(100), S(145), true, 2}, {S(100), S(100) + 3, false, 2},
                        {S(100), S(131), false, 2}};
    enum { N = 20000 };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        rng g = rng_stream(18, c, 5);
        double sum = 0, sq = 0;
        for (int i = 0; i < N; i++) {
            fd_probes e = p;
            e.phase = (sim_time)(rng_unit(&g) * (double)S(30));
            sim_time sw;
            double d = fd_edge_downtime(&e, &cases[c], &sw);
            sum += d;
            sq += d * d;
        }
        double mean = sum / N, se = sqrt((sq / N - mean * mean) / N);
        double exact = fd_downtime_mean(&p, &cases[c]);
        cr_assert(fabs(exact - mean) < 2.576 * se + 1e-9,
                  "case %zu: exact %.4fs, drawn %.4fs (SE %.4f)", c, exact, mean, se);
    }
}

/* Geo-restore of a data-only application whose every step is instant (as
 * storage::traffic_manager_and_ttl_spread_client_downtime for Traffic
 * Manager): the app serves from the recovery region at the disruption
 * itself, and its clients wait only for Front Door's verdicts — 60 s on
 * average with the defaults, whatever the phase, and no TTL to add. */
Test(frontdoor, front_door_client_downtime_has_no_ttl)
{
    fx f;
    fx_init(&f);
    scn_account *a = fx_account(&f, "data", SCN_GRS);
    a->writes.rate = fx_const(1);
    fx_outage(&f, SCN_SCOPE_REGION, fx_uniform(3600, 86400), fx_const(86400), 0);
    fx_strategy(&f, SCN_GEO_RESTORE);
    f.app.entry = SCN_ENTRY_FRONT_DOOR;
    f.app.ttl = 3600; /* not Front Door's: no effect */
    enum { N = 200 };
    oc_trial t[N];
    fx_run(&f, 9, N, t);
    for (int i = 0; i < N; i++) {
        cr_assert_eq(t[i].value[OC_RTO], 0);
        cr_assert_float_eq(t[i].value[OC_CLIENT_DOWNTIME], 60, 1e-5, "trial %d", i);
        /* The last twentieth of edges route every request to the target
         * 60 s + 0.95 * 30 s after the disruption. */
        cr_assert_float_eq(t[i].value[OC_CLIENT_DOWNTIME_P95], 60 + 28.5, 1e-5, "trial %d", i);
    }
    /* Probing every 10 s, 2 samples of which 1 required: the target is in at
     * its 1st success, before the home origin is out at its 2nd failure,
     * and the home origin keeps the requests until then: (2 - 1/2) * 10. */
    f.app.fd_interval = 10;
    f.app.fd_sample_size = 2;
    f.app.fd_required = 1;
    fx_run(&f, 9, N, t);
    for (int i = 0; i < N; i++)
        cr_assert_float_eq(t[i].value[OC_CLIENT_DOWNTIME], 15, 1e-5, "trial %d", i);
}
