/*
 * variates.h — exact samplers for discrete and gamma-family variates.
 *
 * The write-process model (models/world/writes.c) splits Poisson processes and
 * sums of write sizes without visiting each write; these are the exact
 * conditional samplers it needs: Poisson counts, binomial splits, gamma sums
 * and beta fractions. Every sampler is exact (rejection methods with exact
 * acceptance tests), never a normal approximation, for any parameter size.
 *
 * All draw from a caller's rng; none allocates or fails.
 */
#ifndef DRSIM_VARIATES_H
#define DRSIM_VARIATES_H

#include <stdint.h>

#include "sim/kernel/rng.h"

/* A standard normal variate (Box-Muller, two uniforms). */
double vrt_normal(rng *r);

/* Poisson(mean), mean >= 0 (0 gives 0). Inversion below mean 10, else
 * Hörmann's PTRS transformed rejection (1993). */
uint64_t vrt_poisson(rng *r, double mean);

/* Binomial(n, p), 0 <= p <= 1. Geometric waiting times when n*min(p,q) < 10,
 * else Hörmann's BTRS transformed rejection (1993). */
uint64_t vrt_binomial(rng *r, uint64_t n, double p);

/* Binomial(n, 1/2): the number of heads in n fair coin tosses, counted from
 * random bits directly when n is small, else vrt_binomial. */
uint64_t vrt_binomial_half(rng *r, uint64_t n);

/* Gamma(shape, scale = 1), shape > 0: Marsaglia & Tsang (2000); shapes below
 * 1 by the boost Gamma(shape + 1) * U^(1/shape). */
double vrt_gamma(rng *r, double shape);

/* Beta(a, b), a, b > 0, as X / (X + Y) of two gammas. */
double vrt_beta(rng *r, double a, double b);

#endif
