/*
 * dist.h — probability distributions for durations, rates and sizes.
 *
 * A dist is a small value: its kind and parameters, already validated. A
 * constant is the degenerate case, so every quantity a scenario takes can be
 * random. Values are in the quantity's base unit (seconds, bytes, bytes per
 * second or events per second); the caller converts.
 *
 * Kinds and parameters (a, b, c):
 *   DIST_CONST        a = value
 *   DIST_UNIFORM      a = low, b = high                      low <= high
 *   DIST_EXPONENTIAL  a = mean                               mean > 0
 *   DIST_NORMAL       a = mean, b = sd                       sd >= 0
 *   DIST_LOGNORMAL    a = mu, b = sigma (of the log)         sigma >= 0
 *   DIST_WEIBULL      a = shape, b = scale                   both > 0
 *   DIST_TRIANGULAR   a = min, b = mode, c = max             min <= mode <= max, min < max
 *   DIST_EMPIRICAL    values[0..n-1] sorted ascending        n >= 1
 *
 * For a non-negative quantity (a duration, a size, a rate) the dist is marked
 * `nonneg`: its parameters must not allow negative values, except the normal,
 * which is then truncated at 0 (redrawn until >= 0; its mean must be >= 0, so
 * at least half the draws are accepted).
 *
 * Ownership: an empirical dist points at `values` it does not own; whoever
 * built it (the scenario loader's arena, a test's array) keeps them alive.
 */
#ifndef DRSIM_DIST_H
#define DRSIM_DIST_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/core/err.h"
#include "sim/kernel/rng.h"

typedef enum dist_kind {
    DIST_CONST = 0,
    DIST_UNIFORM,
    DIST_EXPONENTIAL,
    DIST_NORMAL,
    DIST_LOGNORMAL,
    DIST_WEIBULL,
    DIST_TRIANGULAR,
    DIST_EMPIRICAL
} dist_kind;

typedef struct dist {
    dist_kind kind;
    bool nonneg;
    bool from_quantiles;   /* lognormal given as p50/p99 (for printing it back) */
    double a, b, c;
    const double *values;  /* DIST_EMPIRICAL only; not owned */
    size_t n;
} dist;

/* z such that P(Z <= z) = 0.99 for a standard normal. */
#define DIST_Z99 2.3263478740408408

/* Constructors: fill *out and return ERR_OK, or return ERR_INPUT with a
 * message in *e saying which parameter is wrong and what was expected (*out is
 * then unspecified). `nonneg` marks a quantity that cannot be negative. */
err_code dist_const(dist *out, double value, bool nonneg, err_msg *e);
err_code dist_uniform(dist *out, double low, double high, bool nonneg, err_msg *e);
err_code dist_exponential(dist *out, double mean, err_msg *e);
err_code dist_normal(dist *out, double mean, double sd, bool nonneg, err_msg *e);
err_code dist_lognormal(dist *out, double mu, double sigma, err_msg *e);
err_code dist_lognormal_p(dist *out, double p50, double p99, err_msg *e);
err_code dist_weibull(dist *out, double shape, double scale, err_msg *e);
err_code dist_triangular(dist *out, double min, double mode, double max, bool nonneg,
                         err_msg *e);
/* `sorted` must be ascending (dist_sort_values does it) and outlive *out. */
err_code dist_empirical(dist *out, const double *sorted, size_t n, bool nonneg, err_msg *e);

/* Sorts values ascending in place (for dist_empirical). */
void dist_sort_values(double *values, size_t n);

/* Checks a dist built by hand: the same rules as the constructors. */
err_code dist_check(const dist *d, err_msg *e);

/* One draw. Deterministic given the generator's state. */
double dist_sample(const dist *d, rng *r);

/* Whether d always gives the same value, and that value's bounds: the smallest
 * and largest value d can produce (+/-HUGE_VAL when unbounded). */
bool dist_is_const(const dist *d);
double dist_min(const dist *d);
double dist_max(const dist *d);

/* The closed-form mean (for documentation, warnings and --print; the truncated
 * normal's mean accounts for the truncation). */
double dist_mean(const dist *d);

/* The closed-form variance (the truncated normal's accounts for the
 * truncation; +HUGE_VAL where it is infinite). */
double dist_variance(const dist *d);

#endif
