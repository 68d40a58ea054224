/*
 * variates.c — the exact samplers against their closed-form moments.
 *
 * Each case draws N variates with a fixed seed and checks the sample mean
 * within 4 standard errors (sd / sqrt(N)) and the sample variance within 4
 * standard errors of the variance (sqrt((mu4 - sigma^4) / N), with the
 * fourth central moment mu4 in closed form). Parameters cover both branches
 * of each sampler (small means by inversion / waiting times, large by
 * transformed rejection), including very large ones.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>

#include "sim/kernel/variates.h"

#define N 400000

typedef struct moments {
    double mean, var, mu4;
} moments;

static void check_sample(const char *what, const double *x, moments m)
{
    double s = 0;
    for (int i = 0; i < N; i++)
        s += x[i];
    double mean = s / N;
    double ss = 0;
    for (int i = 0; i < N; i++)
        ss += (x[i] - mean) * (x[i] - mean);
    double var = ss / (N - 1);
    double se_mean = sqrt(m.var / N);
    double se_var = sqrt((m.mu4 - m.var * m.var) / N);
    cr_assert(fabs(mean - m.mean) <= 4 * se_mean + 1e-12, "%s: mean %.8g, expected %.8g +- %.3g",
              what, mean, m.mean, 4 * se_mean);
    cr_assert(fabs(var - m.var) <= 4 * se_var + 1e-12, "%s: variance %.8g, expected %.8g +- %.3g",
              what, var, m.var, 4 * se_var);
}

static double *buffer(void)
{
    static double x[N];
    return x;
}

static void check_poisson(double lambda, uint64_t seed)
{
    double *x = buffer();
    rng r = rng_stream(seed, 0, 0);
    for (int i = 0; i < N; i++)
        x[i] = (double)vrt_poisson(&r, lambda);
    char what[64];
    snprintf(what, sizeof what, "poisson(%g)", lambda);
    /* Poisson: variance lambda, fourth central moment lambda (1 + 3 lambda). */
    check_sample(what, x, (moments){lambda, lambda, lambda * (1 + 3 * lambda)});
}

Test(variates, poisson_small_and_large_means)
{
    check_poisson(0.3, 1);
    check_poisson(4.5, 2);
    check_poisson(10, 3);
    check_poisson(57.2, 4);
    check_poisson(1e6, 5);
    check_poisson(3.1e9, 6);
    rng r = rng_stream(1, 1, 1);
    cr_assert_eq(vrt_poisson(&r, 0), 0);
}

static void check_binomial(uint64_t n, double p, uint64_t seed)
{
    double *x = buffer();
    rng r = rng_stream(seed, 0, 0);
    for (int i = 0; i < N; i++) {
        uint64_t k = vrt_binomial(&r, n, p);
        cr_assert_leq(k, n);
        x[i] = (double)k;
    }
    char what[64];
    snprintf(what, sizeof what, "binomial(%llu, %g)", (unsigned long long)n, p);
    double dn = (double)n, q = 1 - p;
    double var = dn * p * q;
    /* mu4 = n p q (1 + 3 (n - 2) p q) */
    check_sample(what, x, (moments){dn * p, var, var * (1 + 3 * (dn - 2) * p * q)});
}

Test(variates, binomial_both_methods_and_symmetry)
{
    check_binomial(20, 0.1, 11);
    check_binomial(1000, 0.004, 12);
    check_binomial(100, 0.5, 13);
    check_binomial(1000, 0.83, 14);
    check_binomial(123456789, 0.5, 15);
    check_binomial(4000000000ULL, 0.0001, 16);
    rng r = rng_stream(2, 2, 2);
    cr_assert_eq(vrt_binomial(&r, 0, 0.5), 0);
    cr_assert_eq(vrt_binomial(&r, 7, 0), 0);
    cr_assert_eq(vrt_binomial(&r, 7, 1), 7);
}

static void check_gamma(double shape, uint64_t seed)
{
    double *x = buffer();
    rng r = rng_stream(seed, 0, 0);
    for (int i = 0; i < N; i++) {
        x[i] = vrt_gamma(&r, shape);
        cr_assert_gt(x[i], 0);
    }
    char what[64];
    snprintf(what, sizeof what, "gamma(%g)", shape);
    /* Gamma(k, 1): variance k, mu4 = 3k^2 + 6k. */
    check_sample(what, x, (moments){shape, shape, 3 * shape * shape + 6 * shape});
}

Test(variates, gamma_below_and_above_one)
{
    check_gamma(0.3, 21);
    check_gamma(1, 22);
    check_gamma(2.5, 23);
    check_gamma(1e7, 24);
}

Test(variates, beta)
{
    const double a = 2, b = 5;
    double *x = buffer();
    rng r = rng_stream(31, 0, 0);
    for (int i = 0; i < N; i++) {
        x[i] = vrt_beta(&r, a, b);
        cr_assert(x[i] > 0 && x[i] < 1);
    }
    double s = a + b;
    double mean = a / s;
    double var = a * b / (s * s * (s + 1));
    /* Fourth central moment of Beta(a, b). */
    double mu4 =
        3 * a * b * (a * b * (s - 6) + 2 * s * s) / (s * s * s * s * (s + 1) * (s + 2) * (s + 3));
    check_sample("beta(2,5)", x, (moments){mean, var, mu4});
}

Test(variates, binomial_half_by_coin_flips)
{
    /* Small n by popcount of random bits, large n by BTRS: both Binomial(n, 1/2). */
    const uint64_t ns[] = {2, 7, 32, 45, 256, 257, 100000};
    double *x = buffer();
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
        uint64_t n = ns[k];
        rng r = rng_stream(41, k, 0);
        for (int i = 0; i < N; i++) {
            uint64_t h = vrt_binomial_half(&r, n);
            cr_assert_leq(h, n);
            x[i] = (double)h;
        }
        char what[64];
        snprintf(what, sizeof what, "binomial_half(%llu)", (unsigned long long)n);
        double dn = (double)n, var = dn / 4;
        check_sample(what, x, (moments){dn / 2, var, var * (1 + 3 * (dn - 2) / 4)});
    }
}
