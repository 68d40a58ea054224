/*
 * dns.c — Traffic Manager probe timing and DNS cache spread, against
 * hand-worked cases.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "models/world/dns.h"

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
