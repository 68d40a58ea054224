/*
 * test_dns_asr.c — Traffic Manager probe timing, DNS cache spread, and ASR
 * recovery-point retention, against hand-worked cases.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "asr.h"
#include "dns.h"

#define S(x) ((sim_time)(x) * SIM_SEC)

Test(dns, degraded_at_the_tolerated_plus_first_failure)
{
    /* Probes every 30 s from 7 s; the endpoint dies at 100 s. Failing probes
     * at 127, 157, 187, 217 s: the 4th (tolerated 3 + 1) times out at 227 s. */
    dns_probes p = {S(30), S(10), 3, S(7)};
    cr_assert_eq(dns_probe_at_or_after(&p, S(100)), S(127));
    cr_assert_eq(dns_probe_at_or_after(&p, S(127)), S(127));
    cr_assert_eq(dns_degraded_at(&p, S(100), SIM_NEVER), S(227));
    /* Back at the 4th probe: that probe succeeds; never degraded. */
    cr_assert_eq(dns_degraded_at(&p, S(100), S(217)), SIM_NEVER);
    cr_assert_eq(dns_degraded_at(&p, S(100), S(218)), S(227));
    /* Fast probing: 10 s interval, 9 s timeout, tolerated 0. */
    dns_probes fast = {S(10), S(9), 0, S(3)};
    cr_assert_eq(dns_degraded_at(&fast, S(100), SIM_NEVER), S(103 + 9));
    cr_assert_eq(dns_healthy_at(&fast, S(200)), S(203));
}

Test(dns, client_delay_spread)
{
    dns_clients plain = {30, 0, 0};
    cr_assert_float_eq(dns_delay_mean(&plain), 15.0, 1e-12);
    cr_assert_float_eq(dns_delay_quantile(&plain, 0.95), 28.5, 1e-6);
    /* 10 % of clients overstay up to 600 s: mean 15 + 0.1 * 300 = 45. At
     * x = 100: P = 0.9 + 0.1 * (2 * 100 - 30) / (2 * 600). */
    dns_clients over = {30, 0.1, 600};
    cr_assert_float_eq(dns_delay_mean(&over), 45.0, 1e-12);
    double q = 0.9 + 0.1 * (2 * 100.0 - 30) / 1200;
    cr_assert_float_eq(dns_delay_quantile(&over, q), 100.0, 1e-6);
    dns_clients none = {0, 0, 0};
    cr_assert_eq(dns_delay_quantile(&none, 0.95), 0);
}

Test(asr, grid_points)
{
    /* Points before the trial exist: replication ran before it began. */
    cr_assert_eq(asr_point_at_or_before(S(60), S(300), S(59)), S(-240));
    cr_assert_eq(asr_point_at_or_before(S(60), S(300), S(-240)), S(-240));
    cr_assert_eq(asr_point_at_or_before(S(60), S(300), S(-241)), S(-540));
    cr_assert_eq(asr_point_at_or_before(S(60), S(300), S(60)), S(60));
    cr_assert_eq(asr_point_at_or_before(S(60), S(300), S(1000)), S(960));
}

Test(asr, pruning_keeps_two_hours_then_one_per_hour)
{
    const sim_time phase = S(60), every = S(300), newest = S(10 * 3600 + 60);
    const sim_time day = SIM_DAY;
    /* Within 2 hours of the newest: every point. */
    cr_assert(asr_point_kept(newest - S(300), newest, day, every));
    cr_assert(asr_point_kept(newest - S(7200), newest, day, every));
    /* Older: only the first point of each clock hour (hh:01:00). */
    cr_assert(asr_point_kept(S(5 * 3600 + 60), newest, day, every));
    cr_assert(!asr_point_kept(S(5 * 3600 + 360), newest, day, every));
    /* The newest kept point at or before 5:30 is 5:01. */
    cr_assert_eq(asr_kept_at_or_before(phase, every, newest, day, S(5 * 3600 + 1800)),
                 S(5 * 3600 + 60));
    /* Retention 3 days: one per 2 hours (even hours). */
    cr_assert(asr_point_kept(S(4 * 3600 + 60), newest, 3 * day, every));
    cr_assert(!asr_point_kept(S(5 * 3600 + 60), newest, 3 * day, every));
    /* Beyond retention: gone; retention 0: only the newest. */
    sim_time late = S(30 * 3600 + 60);
    cr_assert(!asr_point_kept(S(60), late, day, every));
    cr_assert_eq(asr_kept_at_or_before(phase, every, late, day, S(3 * 3600)), ASR_NO_POINT);
    cr_assert(asr_point_kept(late, late, 0, every));
    cr_assert(!asr_point_kept(late - every, late, 0, every));
}
