/*
 * dist.c — every distribution against its closed form.
 *
 * For each kind: 10^6 draws with a fixed seed; the sample mean must lie within
 * 4 standard errors (sd / sqrt(n)) of the closed-form mean, and one sample
 * quantile within 4 standard errors of the closed-form quantile, where the
 * quantile's standard error is sqrt(p (1 - p) / n) / f(q) (f the density at
 * q). The closed forms are written out here, independently of dist.c.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/kernel/dist.h"

#define N 1000000
#define SQRT2 1.4142135623730951
#define PI 3.141592653589793

static double phi(double z) { return exp(-z * z / 2) / sqrt(2 * PI); }
static double Phi(double z) { return 0.5 * erfc(-z / SQRT2); }

/* The standard normal quantile by bisection on Phi (slow, exact enough). */
static double probit(double p)
{
    double lo = -40, hi = 40;
    for (int i = 0; i < 200; i++) {
        double mid = (lo + hi) / 2;
        if (Phi(mid) < p)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct expected {
    double mean, sd;      /* closed-form mean and standard deviation */
    double p, q, density; /* a quantile: P(X <= q) = p, and f(q) */
} expected;

static double *draw(const dist *d, uint64_t seed)
{
    double *x = malloc(N * sizeof *x);
    rng r = rng_stream(seed, 0, 0);
    for (int i = 0; i < N; i++)
        x[i] = dist_sample(d, &r);
    qsort(x, N, sizeof *x, cmp);
    return x;
}

/* The sample quantile of sorted x at p (type 7: linear between order stats). */
static double sample_quantile(const double *x, double p)
{
    double pos = p * (N - 1);
    size_t i = (size_t)pos;
    double frac = pos - (double)i;
    return i + 1 < N ? x[i] + frac * (x[i + 1] - x[i]) : x[i];
}

static void check(const char *name, const dist *d, expected ex, uint64_t seed)
{
    /* dist.c's own closed forms must agree with the ones written here. */
    cr_assert(fabs(dist_mean(d) - ex.mean) <= 1e-9 * fabs(ex.mean) + 1e-12,
              "%s: dist_mean %.12g, closed form %.12g", name, dist_mean(d), ex.mean);
    cr_assert(fabs(dist_variance(d) - ex.sd * ex.sd) <= 1e-9 * ex.sd * ex.sd + 1e-12,
              "%s: dist_variance %.12g, closed form %.12g", name, dist_variance(d), ex.sd * ex.sd);
    double *x = draw(d, seed);
    double sum = 0;
    for (int i = 0; i < N; i++)
        sum += x[i];
    double mean = sum / N;
    double se_mean = ex.sd / sqrt(N);
    cr_assert(fabs(mean - ex.mean) <= 4 * se_mean,
              "%s: mean %.6g, closed form %.6g, 4 SE = %.3g", name, mean, ex.mean, 4 * se_mean);
    double q = sample_quantile(x, ex.p);
    double se_q = sqrt(ex.p * (1 - ex.p) / N) / ex.density;
    cr_assert(fabs(q - ex.q) <= 4 * se_q,
              "%s: p%.0f %.6g, closed form %.6g, 4 SE = %.3g", name, ex.p * 100, q, ex.q,
              4 * se_q);
    free(x);
}

Test(dist, constant)
{
    dist d;
    cr_assert_eq(dist_const(&d, 42.5, true, NULL), ERR_OK);
    rng r = rng_stream(1, 0, 0);
    for (int i = 0; i < 1000; i++)
        cr_assert_eq(dist_sample(&d, &r), 42.5);
    cr_assert(dist_is_const(&d));
}

Test(dist, uniform)
{
    dist d;
    cr_assert_eq(dist_uniform(&d, 2, 5, true, NULL), ERR_OK);
    check("uniform(2,5)", &d, (expected){3.5, 3 / sqrt(12), 0.9, 2 + 0.9 * 3, 1.0 / 3}, 1);
}

Test(dist, exponential)
{
    dist d;
    cr_assert_eq(dist_exponential(&d, 3, NULL), ERR_OK);
    double q = -3 * log(0.1);
    check("exponential(mean=3)", &d, (expected){3, 3, 0.9, q, exp(-q / 3) / 3}, 2);
}

Test(dist, normal)
{
    dist d;
    cr_assert_eq(dist_normal(&d, 10, 2, false, NULL), ERR_OK);
    double z = probit(0.9);
    check("normal(10,2)", &d, (expected){10, 2, 0.9, 10 + 2 * z, phi(z) / 2}, 3);
}

Test(dist, normal_truncated_at_zero)
{
    const double mu = 1, sd = 2, alpha = -mu / sd;
    dist d;
    cr_assert_eq(dist_normal(&d, mu, sd, true, NULL), ERR_OK);
    double tail = 1 - Phi(alpha);
    double lambda = phi(alpha) / tail;
    double mean = mu + sd * lambda;
    double var = sd * sd * (1 + alpha * lambda - lambda * lambda);
    /* Median: Phi(z) = Phi(alpha) + tail / 2. */
    double z = probit(Phi(alpha) + tail / 2);
    double q = mu + sd * z;
    check("normal(1,2) truncated", &d, (expected){mean, sqrt(var), 0.5, q, phi(z) / (sd * tail)},
          4);
    cr_assert(fabs(dist_mean(&d) - mean) < 1e-12);
    rng r = rng_stream(4, 1, 0);
    for (int i = 0; i < 100000; i++)
        cr_assert_geq(dist_sample(&d, &r), 0.0);
}

Test(dist, lognormal_mu_sigma)
{
    const double mu = 1, s = 0.5;
    dist d;
    cr_assert_eq(dist_lognormal(&d, mu, s, NULL), ERR_OK);
    double mean = exp(mu + s * s / 2);
    double sd = sqrt((exp(s * s) - 1) * exp(2 * mu + s * s));
    double z = probit(0.9);
    double q = exp(mu + s * z);
    check("lognormal(mu=1,sigma=0.5)", &d, (expected){mean, sd, 0.9, q, phi(z) / (q * s)}, 5);
}

Test(dist, lognormal_from_p50_p99_reproduces_them)
{
    dist d;
    cr_assert_eq(dist_lognormal_p(&d, 600, 7200, NULL), ERR_OK); /* 10m, 2h in seconds */
    double *x = draw(&d, 6);
    double p50 = sample_quantile(x, 0.50), p99 = sample_quantile(x, 0.99);
    cr_assert(fabs(p50 / 600 - 1) < 0.01, "p50 %.2f, expected 600 within 1%%", p50);
    cr_assert(fabs(p99 / 7200 - 1) < 0.01, "p99 %.2f, expected 7200 within 1%%", p99);
    free(x);
    /* And the mean, as any other lognormal. */
    double mu = log(600), s = (log(7200) - log(600)) / probit(0.99);
    double mean = exp(mu + s * s / 2);
    double sd = sqrt((exp(s * s) - 1) * exp(2 * mu + s * s));
    double q = exp(mu + s * probit(0.9));
    check("lognormal(p50=600,p99=7200)", &d,
          (expected){mean, sd, 0.9, q, phi(probit(0.9)) / (q * s)}, 7);
}

Test(dist, weibull)
{
    const double k = 1.5, lambda = 2;
    dist d;
    cr_assert_eq(dist_weibull(&d, k, lambda, NULL), ERR_OK);
    double g1 = tgamma(1 + 1 / k), g2 = tgamma(1 + 2 / k);
    double q = lambda * pow(-log(1 - 0.9), 1 / k);
    double f = (k / lambda) * pow(q / lambda, k - 1) * exp(-pow(q / lambda, k));
    check("weibull(1.5,2)", &d, (expected){lambda * g1, lambda * sqrt(g2 - g1 * g1), 0.9, q, f}, 8);
}

Test(dist, triangular)
{
    const double a = 1, m = 2, b = 6;
    dist d;
    cr_assert_eq(dist_triangular(&d, a, m, b, true, NULL), ERR_OK);
    double var = (a * a + m * m + b * b - a * m - a * b - m * b) / 18;
    double q = b - sqrt(0.5 * (b - a) * (b - m)); /* the median lies above the mode */
    double f = 2 * (b - q) / ((b - a) * (b - m));
    check("triangular(1,2,6)", &d, (expected){(a + m + b) / 3, sqrt(var), 0.5, q, f}, 9);
}

Test(dist, empirical_interpolates_the_cdf)
{
    static const double values[] = {1, 2, 4, 8};
    dist d;
    cr_assert_eq(dist_empirical(&d, values, 4, true, NULL), ERR_OK);
    /* Three segments of probability 1/3 each, uniform within: mean of the
     * midpoints, E[X^2] = mean of (a^2 + ab + b^2) / 3 over segments. */
    double mean = (1.5 + 3 + 6) / 3;
    double ex2 = ((1 + 2 + 4) / 3.0 + (4 + 8 + 16) / 3.0 + (16 + 32 + 64) / 3.0) / 3;
    check("empirical([1,2,4,8])", &d,
          (expected){mean, sqrt(ex2 - mean * mean), 0.5, 3, (1.0 / 3) / 2}, 10);
    cr_assert(fabs(dist_mean(&d) - mean) < 1e-12);
}

static void rejected(err_code rc, const err_msg *e, const char *needle)
{
    cr_assert_eq(rc, ERR_INPUT, "expected a rejection mentioning '%s'", needle);
    cr_assert(strstr(e->text, needle) != NULL, "message '%s' lacks '%s'", e->text, needle);
}

Test(dist, nonsense_parameters_are_rejected_with_a_message)
{
    dist d;
    err_msg e;
    rejected(dist_exponential(&d, -1, &e), &e, "exponential mean must be greater than 0");
    rejected(dist_exponential(&d, 0, &e), &e, "exponential mean must be greater than 0");
    rejected(dist_lognormal_p(&d, 100, 10, &e), &e, "p99 must not be less than p50");
    rejected(dist_lognormal_p(&d, 0, 10, &e), &e, "p50 must be greater than 0");
    rejected(dist_triangular(&d, 5, 2, 1, true, &e), &e, "min <= mode <= max");
    rejected(dist_triangular(&d, 1, 1, 1, true, &e), &e, "min < max");
    rejected(dist_uniform(&d, 3, 1, false, &e), &e, "low <= high");
    rejected(dist_uniform(&d, -3, 1, true, &e), &e, "must not be negative");
    rejected(dist_normal(&d, 5, -1, false, &e), &e, "sd must not be negative");
    rejected(dist_normal(&d, -5, 1, true, &e), &e, "mean must not be negative");
    rejected(dist_weibull(&d, 0, 1, &e), &e, "shape must be greater than 0");
    rejected(dist_weibull(&d, 1, -1, &e), &e, "scale must be greater than 0");
    rejected(dist_const(&d, -1, true, &e), &e, "must not be negative");
    rejected(dist_const(&d, NAN, false, &e), &e, "finite");
    rejected(dist_const(&d, INFINITY, false, &e), &e, "finite");
    rejected(dist_uniform(&d, 0, INFINITY, false, &e), &e, "finite");
    rejected(dist_lognormal(&d, 800, 1, &e), &e, "beyond any finite number");
    rejected(dist_empirical(&d, NULL, 0, false, &e), &e, "at least one value");
    static const double bad[] = {1, NAN};
    rejected(dist_empirical(&d, bad, 2, false, &e), &e, "finite");
}

Test(dist, bounds)
{
    dist d;
    dist_uniform(&d, 2, 5, true, NULL);
    cr_assert_eq(dist_min(&d), 2);
    cr_assert_eq(dist_max(&d), 5);
    dist_exponential(&d, 1, NULL);
    cr_assert_eq(dist_max(&d), HUGE_VAL);
    cr_assert(!dist_is_const(&d));
}
