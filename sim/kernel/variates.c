/*
 * variates.c — Poisson, binomial, gamma and beta variates.
 *
 * The transformed-rejection samplers follow W. Hörmann, "The transformed
 * rejection method for generating Poisson random variables" (1993) and "The
 * generation of binomial random variates" (1993), in the form used by NumPy
 * (random_poisson_ptrs) and TensorFlow (btrs); their acceptance tests use
 * lgamma, so they are exact.
 */
#define _DEFAULT_SOURCE /* lgamma_r */
#include "sim/kernel/variates.h"

#include <math.h>

static const double two_pi = 6.283185307179586476925286766559;

/* log|Gamma(x)| without touching the global `signgam` that lgamma writes:
 * worlds run on several threads at once. */
static double lgam(double x)
{
    int sign;
    return lgamma_r(x, &sign);
}

double vrt_normal(rng *r)
{
    double u1 = rng_unit_open(r);
    double u2 = rng_unit(r);
    return sqrt(-2.0 * log(u1)) * cos(two_pi * u2);
}

static uint64_t poisson_inversion(rng *r, double mean)
{
    /* Sequential search of the CDF from 0; expected mean + 1 steps. */
    double p = exp(-mean), cdf = p, u = rng_unit(r);
    uint64_t k = 0;
    while (u > cdf && k < 1000) {
        k++;
        p *= mean / (double)k;
        cdf += p;
    }
    return k;
}

static uint64_t poisson_ptrs(rng *r, double mean)
{
    double slam = sqrt(mean), loglam = log(mean);
    double b = 0.931 + 2.53 * slam;
    double a = -0.059 + 0.02483 * b;
    double invalpha = 1.1239 + 1.1328 / (b - 3.4);
    double vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
        double u = rng_unit(r) - 0.5;
        double v = rng_unit_open(r);
        double us = 0.5 - fabs(u);
        double k = floor((2 * a / us + b) * u + mean + 0.43);
        if (us >= 0.07 && v <= vr)
            return (uint64_t)k;
        if (k < 0 || (us < 0.013 && v > us))
            continue;
        if (log(v) + log(invalpha) - log(a / (us * us) + b) <=
            -mean + k * loglam - lgam(k + 1))
            return (uint64_t)k;
    }
}

uint64_t vrt_poisson(rng *r, double mean)
{
    if (!(mean > 0))
        return 0;
    return mean < 10 ? poisson_inversion(r, mean) : poisson_ptrs(r, mean);
}

/* Counts successes by geometric jumps between them: expected n*p + 1 steps. */
static uint64_t binomial_waiting(rng *r, uint64_t n, double p)
{
    double log_q = log1p(-p);
    uint64_t successes = 0;
    double position = 0;
    for (;;) {
        position += ceil(log(rng_unit_open(r)) / log_q);
        if (position > (double)n)
            return successes;
        successes++;
    }
}

static uint64_t binomial_btrs(rng *r, uint64_t n, double p)
{
    double dn = (double)n, q = 1 - p;
    double spq = sqrt(dn * p * q);
    double b = 1.15 + 2.53 * spq;
    double a = -0.0873 + 0.0248 * b + 0.01 * p;
    double c = dn * p + 0.5;
    double vr = 0.92 - 4.2 / b;
    double alpha = (2.83 + 5.1 / b) * spq;
    double lpq = log(p / q);
    double m = floor((dn + 1) * p);
    double h = NAN; /* lgamma terms, only needed past the squeeze */
    for (;;) {
        double u = rng_unit(r) - 0.5;
        double v = rng_unit(r);
        double us = 0.5 - fabs(u);
        double k = floor((2 * a / us + b) * u + c);
        if (k < 0 || k > dn)
            continue;
        if (us >= 0.07 && v <= vr)
            return (uint64_t)k;
        v = log(v * alpha / (a / (us * us) + b));
        if (isnan(h))
            h = lgam(m + 1) + lgam(dn - m + 1);
        if (v <= h - lgam(k + 1) - lgam(dn - k + 1) + (k - m) * lpq)
            return (uint64_t)k;
    }
}

uint64_t vrt_binomial(rng *r, uint64_t n, double p)
{
    if (n == 0 || !(p > 0))
        return 0;
    if (p >= 1)
        return n;
    if (p > 0.5)
        return n - vrt_binomial(r, n, 1 - p);
    if ((double)n * p < 10)
        return binomial_waiting(r, n, p);
    return binomial_btrs(r, n, p);
}

uint64_t vrt_binomial_half(rng *r, uint64_t n)
{
    if (n > 256)
        return vrt_binomial(r, n, 0.5);
    /* Every bit of a PCG32 output is a fair coin. */
    uint64_t heads = 0;
    while (n >= 32) {
        heads += (uint64_t)__builtin_popcount(rng_u32(r));
        n -= 32;
    }
    if (n > 0)
        heads += (uint64_t)__builtin_popcount(rng_u32(r) & ((1u << n) - 1));
    return heads;
}

double vrt_gamma(rng *r, double shape)
{
    if (shape < 1) {
        double g = vrt_gamma(r, shape + 1);
        return g * pow(rng_unit_open(r), 1 / shape);
    }
    double d = shape - 1.0 / 3, c = 1 / sqrt(9 * d);
    for (;;) {
        double x, v;
        do {
            x = vrt_normal(r);
            v = 1 + c * x;
        } while (v <= 0);
        v = v * v * v;
        double u = rng_unit_open(r);
        if (u < 1 - 0.0331 * (x * x) * (x * x))
            return d * v;
        if (log(u) < 0.5 * x * x + d * (1 - v + log(v)))
            return d * v;
    }
}

double vrt_beta(rng *r, double a, double b)
{
    double x = vrt_gamma(r, a);
    double y = vrt_gamma(r, b);
    return x / (x + y);
}
