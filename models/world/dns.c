/*
 * dns.c — Traffic Manager probe timing and the spread of DNS caches.
 *
 * A client's delay is X = A with probability 1 - s, and A + B with
 * probability s, where A ~ U(0, ttl) is the age of its cached record and
 * B ~ U(0, overstay_max) the overstay. The CDF of A + B is the convolution of
 * two uniforms (a trapezoid density), so quantiles come from a bisection on a
 * closed-form CDF. On each piece between 0, ttl, overstay_max and their sum
 * that CDF is one polynomial of degree 2 at most (dns_delay_pieces), which
 * is what lets world.c integrate it exactly.
 */
#include "models/world/dns.h"

sim_time dns_probe_at_or_after(const dns_probes *p, sim_time t)
{
    sim_time off = (t - p->phase) % p->interval;
    if (off < 0)
        off += p->interval;
    return off == 0 ? t : t + (p->interval - off);
}

sim_time dns_degraded_at(const dns_probes *p, sim_time down, sim_time back)
{
    sim_time last_probe = dns_probe_at_or_after(p, down) + (sim_time)p->tolerated * p->interval;
    if (back != SIM_NEVER && back <= last_probe)
        return SIM_NEVER;
    return last_probe + p->timeout;
}

sim_time dns_healthy_at(const dns_probes *p, sim_time up)
{
    return dns_probe_at_or_after(p, up);
}

double dns_delay_mean(const dns_clients *c)
{
    return c->ttl / 2 + c->overstay_share * c->overstay_max / 2;
}

static double uniform_cdf(double x, double width)
{
    if (width <= 0)
        return x >= 0 ? 1 : 0;
    return x <= 0 ? 0 : x >= width ? 1 : x / width;
}

/* CDF of U(0, a) + U(0, b). */
static double sum_cdf(double x, double a, double b)
{
    if (a > b) {
        double t = a;
        a = b;
        b = t;
    }
    if (a <= 0)
        return uniform_cdf(x, b);
    if (x <= 0)
        return 0;
    if (x >= a + b)
        return 1;
    if (x <= a)
        return x * x / (2 * a * b);
    if (x <= b)
        return (2 * x - a) / (2 * b);
    double r = a + b - x;
    return 1 - r * r / (2 * a * b);
}

double dns_delay_cdf(const dns_clients *c, double x)
{
    return (1 - c->overstay_share) * uniform_cdf(x, c->ttl) +
           c->overstay_share * sum_cdf(x, c->ttl, c->overstay_max);
}

double dns_delay_quantile(const dns_clients *c, double q)
{
    double lo = 0, hi = c->ttl + (c->overstay_share > 0 ? c->overstay_max : 0);
    if (hi <= 0)
        return 0;
    for (int i = 0; i < 100; i++) {
        double mid = (lo + hi) / 2;
        if (dns_delay_cdf(c, mid) < q)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

size_t dns_delay_pieces(const dns_clients *c, double out[3])
{
    double b[3];
    size_t n = 0;
    if (c->ttl > 0)
        b[n++] = c->ttl;
    if (c->overstay_share > 0 && c->overstay_max > 0) {
        b[n++] = c->overstay_max;
        if (c->ttl > 0)
            b[n++] = c->ttl + c->overstay_max;
    }
    /* Ascending (three at most), then distinct. */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && b[j - 1] > b[j]; j--) {
            double t = b[j];
            b[j] = b[j - 1];
            b[j - 1] = t;
        }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || b[i] > out[m - 1])
            out[m++] = b[i];
    return m;
}

double dns_delay_mean_after(const dns_clients *c, double x)
{
    /* E[max(x, D)] = max(x, 0) + integral from max(x, 0) of (1 - F). On each
     * piece F is a polynomial of degree 2 at most, so Simpson's rule is exact
     * there. */
    double lo = x > 0 ? x : 0, total = lo, ends[3], prev = 0;
    size_t n = dns_delay_pieces(c, ends);
    for (size_t i = 0; i < n; prev = ends[i], i++) {
        double a = prev > lo ? prev : lo, b = ends[i];
        if (b <= a)
            continue;
        double fa = 1 - dns_delay_cdf(c, a), fm = 1 - dns_delay_cdf(c, (a + b) / 2),
               fb = 1 - dns_delay_cdf(c, b);
        total += (b - a) * (fa + 4 * fm + fb) / 6;
    }
    return total;
}
