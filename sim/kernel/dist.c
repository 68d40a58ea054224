/*
 * dist.c — validation and sampling of distributions.
 *
 * Every constructor checks its parameters and says in words what was
 * expected; sampling assumes a checked dist and never fails. Each sampler uses
 * a fixed number of generator draws per value except the truncated normal
 * (rejection) and rng_bounded, so results stay a pure function of the stream.
 */
#include "sim/kernel/dist.h"

#include <math.h>
#include <stdlib.h>

static const double two_pi = 6.283185307179586476925286766559;

static err_code need_finite(err_msg *e, const char *what, double v)
{
    if (!isfinite(v))
        return err_set(e, ERR_INPUT, "%s must be a finite number", what);
    return ERR_OK;
}

#define CHECK(call)                      \
    do {                                 \
        err_code rc_ = (call);           \
        if (rc_ != ERR_OK)               \
            return rc_;                  \
    } while (0)

err_code dist_const(dist *out, double value, bool nonneg, err_msg *e)
{
    *out = (dist){.kind = DIST_CONST, .nonneg = nonneg, .a = value};
    return dist_check(out, e);
}

err_code dist_uniform(dist *out, double low, double high, bool nonneg, err_msg *e)
{
    *out = (dist){.kind = DIST_UNIFORM, .nonneg = nonneg, .a = low, .b = high};
    return dist_check(out, e);
}

err_code dist_exponential(dist *out, double mean, err_msg *e)
{
    *out = (dist){.kind = DIST_EXPONENTIAL, .nonneg = true, .a = mean};
    return dist_check(out, e);
}

err_code dist_normal(dist *out, double mean, double sd, bool nonneg, err_msg *e)
{
    *out = (dist){.kind = DIST_NORMAL, .nonneg = nonneg, .a = mean, .b = sd};
    return dist_check(out, e);
}

err_code dist_lognormal(dist *out, double mu, double sigma, err_msg *e)
{
    *out = (dist){.kind = DIST_LOGNORMAL, .nonneg = true, .a = mu, .b = sigma};
    return dist_check(out, e);
}

err_code dist_lognormal_p(dist *out, double p50, double p99, err_msg *e)
{
    CHECK(need_finite(e, "lognormal p50", p50));
    CHECK(need_finite(e, "lognormal p99", p99));
    if (!(p50 > 0))
        return err_set(e, ERR_INPUT, "lognormal p50 must be greater than 0");
    if (!(p99 >= p50))
        return err_set(e, ERR_INPUT, "lognormal p99 must not be less than p50");
    *out = (dist){.kind = DIST_LOGNORMAL, .nonneg = true, .from_quantiles = true,
                  .a = log(p50), .b = (log(p99) - log(p50)) / DIST_Z99};
    return dist_check(out, e);
}

err_code dist_weibull(dist *out, double shape, double scale, err_msg *e)
{
    *out = (dist){.kind = DIST_WEIBULL, .nonneg = true, .a = shape, .b = scale};
    return dist_check(out, e);
}

err_code dist_triangular(dist *out, double min, double mode, double max, bool nonneg,
                         err_msg *e)
{
    *out = (dist){.kind = DIST_TRIANGULAR, .nonneg = nonneg, .a = min, .b = mode, .c = max};
    return dist_check(out, e);
}

err_code dist_empirical(dist *out, const double *sorted, size_t n, bool nonneg, err_msg *e)
{
    *out = (dist){.kind = DIST_EMPIRICAL, .nonneg = nonneg, .values = sorted, .n = n};
    return dist_check(out, e);
}

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

void dist_sort_values(double *values, size_t n)
{
    qsort(values, n, sizeof *values, cmp_double);
}

err_code dist_check(const dist *d, err_msg *e)
{
    switch (d->kind) {
    case DIST_CONST:
        CHECK(need_finite(e, "the value", d->a));
        if (d->nonneg && d->a < 0)
            return err_set(e, ERR_INPUT, "the value must not be negative");
        return ERR_OK;
    case DIST_UNIFORM:
        CHECK(need_finite(e, "uniform's low bound", d->a));
        CHECK(need_finite(e, "uniform's high bound", d->b));
        if (d->a > d->b)
            return err_set(e, ERR_INPUT, "uniform(low, high) needs low <= high");
        if (d->nonneg && d->a < 0)
            return err_set(e, ERR_INPUT, "uniform's low bound must not be negative");
        return ERR_OK;
    case DIST_EXPONENTIAL:
        CHECK(need_finite(e, "exponential mean", d->a));
        if (!(d->a > 0))
            return err_set(e, ERR_INPUT, "exponential mean must be greater than 0");
        return ERR_OK;
    case DIST_NORMAL:
        CHECK(need_finite(e, "normal mean", d->a));
        CHECK(need_finite(e, "normal sd", d->b));
        if (d->b < 0)
            return err_set(e, ERR_INPUT, "normal sd must not be negative");
        if (d->nonneg && d->a < 0)
            return err_set(e, ERR_INPUT,
                           "normal mean must not be negative (the value is truncated at 0)");
        return ERR_OK;
    case DIST_LOGNORMAL:
        CHECK(need_finite(e, "lognormal mu", d->a));
        CHECK(need_finite(e, "lognormal sigma", d->b));
        if (d->b < 0)
            return err_set(e, ERR_INPUT, "lognormal sigma must not be negative");
        if (!isfinite(exp(d->a + 6 * d->b)))
            return err_set(e, ERR_INPUT,
                           "lognormal parameters give values beyond any finite number");
        return ERR_OK;
    case DIST_WEIBULL:
        CHECK(need_finite(e, "weibull shape", d->a));
        CHECK(need_finite(e, "weibull scale", d->b));
        if (!(d->a > 0))
            return err_set(e, ERR_INPUT, "weibull shape must be greater than 0");
        if (!(d->b > 0))
            return err_set(e, ERR_INPUT, "weibull scale must be greater than 0");
        return ERR_OK;
    case DIST_TRIANGULAR:
        CHECK(need_finite(e, "triangular min", d->a));
        CHECK(need_finite(e, "triangular mode", d->b));
        CHECK(need_finite(e, "triangular max", d->c));
        if (!(d->a <= d->b && d->b <= d->c))
            return err_set(e, ERR_INPUT, "triangular(min, mode, max) needs min <= mode <= max");
        if (!(d->a < d->c))
            return err_set(e, ERR_INPUT, "triangular(min, mode, max) needs min < max");
        if (d->nonneg && d->a < 0)
            return err_set(e, ERR_INPUT, "triangular min must not be negative");
        return ERR_OK;
    case DIST_EMPIRICAL:
        if (d->n == 0 || d->values == NULL)
            return err_set(e, ERR_INPUT, "empirical needs at least one value");
        for (size_t i = 0; i < d->n; i++) {
            CHECK(need_finite(e, "every empirical value", d->values[i]));
            if (d->nonneg && d->values[i] < 0)
                return err_set(e, ERR_INPUT, "empirical values must not be negative");
            if (i > 0 && d->values[i] < d->values[i - 1])
                return err_set(e, ERR_INPUT, "empirical values must be sorted (internal)");
        }
        return ERR_OK;
    }
    NEVER(true); /* every kind returns above */
    return err_set(e, ERR_INTERNAL, "unknown distribution kind %d", (int)d->kind);
}

/* A standard normal variate by Box-Muller (two uniforms, one variate; the
 * second variate is discarded so that every draw uses the same count). */
static double std_normal(rng *r)
{
    double u1 = rng_unit_open(r);
    double u2 = rng_unit(r);
    return sqrt(-2.0 * log(u1)) * cos(two_pi * u2);
}

double dist_sample(const dist *d, rng *r)
{
    switch (d->kind) {
    case DIST_CONST:
        return d->a;
    case DIST_UNIFORM:
        return d->a + (d->b - d->a) * rng_unit(r);
    case DIST_EXPONENTIAL:
        return -d->a * log(rng_unit_open(r));
    case DIST_NORMAL: {
        double x = d->a + d->b * std_normal(r);
        if (d->nonneg)
            while (x < 0)
                x = d->a + d->b * std_normal(r);
        return x;
    }
    case DIST_LOGNORMAL:
        return exp(d->a + d->b * std_normal(r));
    case DIST_WEIBULL:
        return d->b * pow(-log(rng_unit_open(r)), 1.0 / d->a);
    case DIST_TRIANGULAR: {
        double lo = d->a, mode = d->b, hi = d->c;
        double u = rng_unit(r);
        double split = (mode - lo) / (hi - lo);
        if (u < split)
            return lo + sqrt(u * (hi - lo) * (mode - lo));
        return hi - sqrt((1 - u) * (hi - lo) * (hi - mode));
    }
    case DIST_EMPIRICAL: {
        if (d->n == 1)
            return d->values[0];
        /* Linear interpolation of the empirical CDF: the sorted values sit at
         * evenly spaced probabilities 0, 1/(n-1), ..., 1. */
        double pos = rng_unit(r) * (double)(d->n - 1);
        size_t i = (size_t)pos;
        if (i >= d->n - 1)
            return d->values[d->n - 1];
        double frac = pos - (double)i;
        return d->values[i] + frac * (d->values[i + 1] - d->values[i]);
    }
    }
    NEVER(true); /* every kind returns above */
    return 0;
}

bool dist_is_const(const dist *d)
{
    return dist_min(d) == dist_max(d);
}

double dist_min(const dist *d)
{
    switch (d->kind) {
    case DIST_CONST:       return d->a;
    case DIST_UNIFORM:     return d->a;
    case DIST_EXPONENTIAL: return 0;
    case DIST_NORMAL:      return d->b == 0 ? d->a : (d->nonneg ? 0 : -HUGE_VAL);
    case DIST_LOGNORMAL:   return d->b == 0 ? exp(d->a) : 0;
    case DIST_WEIBULL:     return 0;
    case DIST_TRIANGULAR:  return d->a;
    case DIST_EMPIRICAL:   return d->values[0];
    }
    NEVER(true); /* every kind returns above */
    return 0;
}

double dist_max(const dist *d)
{
    switch (d->kind) {
    case DIST_CONST:       return d->a;
    case DIST_UNIFORM:     return d->b;
    case DIST_EXPONENTIAL: return HUGE_VAL;
    case DIST_NORMAL:      return d->b == 0 ? d->a : HUGE_VAL;
    case DIST_LOGNORMAL:   return d->b == 0 ? exp(d->a) : HUGE_VAL;
    case DIST_WEIBULL:     return HUGE_VAL;
    case DIST_TRIANGULAR:  return d->c;
    case DIST_EMPIRICAL:   return d->values[d->n - 1];
    }
    NEVER(true); /* every kind returns above */
    return 0;
}

double dist_mean(const dist *d)
{
    switch (d->kind) {
    case DIST_CONST:       return d->a;
    case DIST_UNIFORM:     return (d->a + d->b) / 2;
    case DIST_EXPONENTIAL: return d->a;
    case DIST_NORMAL: {
        if (!d->nonneg || d->b == 0)
            return d->a;
        double alpha = -d->a / d->b;
        double pdf = exp(-alpha * alpha / 2) / sqrt(two_pi);
        double tail = 0.5 * erfc(alpha / sqrt(2.0)); /* P(Z > alpha) */
        return d->a + d->b * pdf / tail;
    }
    case DIST_LOGNORMAL:   return exp(d->a + d->b * d->b / 2);
    case DIST_WEIBULL:     return d->b * tgamma(1 + 1 / d->a);
    case DIST_TRIANGULAR:  return (d->a + d->b + d->c) / 3;
    case DIST_EMPIRICAL: {
        if (d->n == 1)
            return d->values[0];
        double sum = 0;
        for (size_t i = 0; i + 1 < d->n; i++)
            sum += (d->values[i] + d->values[i + 1]) / 2;
        return sum / (double)(d->n - 1);
    }
    }
    NEVER(true); /* every kind returns above */
    return 0;
}

double dist_variance(const dist *d)
{
    switch (d->kind) {
    case DIST_CONST:       return 0;
    case DIST_UNIFORM:     return (d->b - d->a) * (d->b - d->a) / 12;
    case DIST_EXPONENTIAL: return d->a * d->a;
    case DIST_NORMAL: {
        if (!d->nonneg || d->b == 0)
            return d->b * d->b;
        double alpha = -d->a / d->b;
        double pdf = exp(-alpha * alpha / 2) / sqrt(two_pi);
        double lambda = pdf / (0.5 * erfc(alpha / sqrt(2.0)));
        return d->b * d->b * (1 + alpha * lambda - lambda * lambda);
    }
    case DIST_LOGNORMAL: {
        double s2 = d->b * d->b;
        return (exp(s2) - 1) * exp(2 * d->a + s2);
    }
    case DIST_WEIBULL: {
        double g1 = tgamma(1 + 1 / d->a), g2 = tgamma(1 + 2 / d->a);
        return d->b * d->b * (g2 - g1 * g1);
    }
    case DIST_TRIANGULAR: {
        double a = d->a, m = d->b, c = d->c;
        return (a * a + m * m + c * c - a * m - a * c - m * c) / 18;
    }
    case DIST_EMPIRICAL: {
        if (d->n == 1)
            return 0;
        /* Segments of equal probability, uniform within each. */
        double ex = 0, ex2 = 0;
        for (size_t i = 0; i + 1 < d->n; i++) {
            double lo = d->values[i], hi = d->values[i + 1];
            ex += (lo + hi) / 2;
            ex2 += (lo * lo + lo * hi + hi * hi) / 3;
        }
        ex /= (double)(d->n - 1);
        ex2 /= (double)(d->n - 1);
        return ex2 - ex * ex;
    }
    }
    NEVER(true); /* every kind returns above */
    return 0;
}
