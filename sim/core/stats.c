/*
 * stats.c — streaming summary statistics (see stats.h for every definition).
 *
 * Invariant of the accumulator: values arrive in ascending order, so the
 * k-th push is the k-th order statistic; the neighbours each type 7 quantile
 * needs are caught as they go by. Mean and sd use Welford's update over the
 * finite values, in that (sorted, hence deterministic) order.
 */
#include "sim/core/stats.h"

#include "sim/core/err.h"
#include "sim/core/mem.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const double quantile_p[4] = {0.50, 0.90, 0.95, 0.99};

/* floor((n - 1) p), with a little fuzz so that e.g. 100 * 0.95 lands on 95
 * and not on 94.999... (as R's quantile does). */
static uint64_t quantile_lo(uint64_t n, double p, double *frac)
{
    double h = (double)(n - 1) * p;
    double lo = floor(h + 1e-9);
    double f = h - lo;
    *frac = f > 0 ? f : 0;
    return (uint64_t)lo;
}

static double interpolate(double lo, double hi, double frac)
{
    if (frac == 0)
        return lo;
    if (isinf(hi) || isinf(lo))
        return isinf(hi) ? hi : lo;
    return lo + frac * (hi - lo);
}

void stats_begin(stats_acc *acc, uint64_t n)
{
    stats_begin_at(acc, n, 0.95);
}

void stats_begin_at(stats_acc *acc, uint64_t n, double level)
{
    memset(acc, 0, sizeof *acc);
    acc->n = n;
    acc->level = level;
    acc->min = acc->max = NAN;
    for (int j = 0; j < 4; j++) {
        double frac;
        acc->lo_at[j] = n ? quantile_lo(n, quantile_p[j], &frac) : 0;
        acc->lo[j] = acc->hi[j] = HUGE_VAL;
        int64_t l = 0, u = 1;
        if (n)
            stats_rank_interval(n, quantile_p[j], level, &l, &u);
        acc->ci_at[j][0] = l - 1; /* -1: no lower bound among the values */
        acc->ci_at[j][1] = u - 1; /* n: none above */
        acc->ci[j][0] = l == 0 ? -HUGE_VAL : HUGE_VAL;
        acc->ci[j][1] = HUGE_VAL;
    }
}

void stats_push(stats_acc *acc, double x)
{
    if (acc->seen >= acc->n)
        return;
    uint64_t i = acc->seen++;
    if (i == 0)
        acc->min = x;
    acc->max = x;
    for (int j = 0; j < 4; j++) {
        if (i == acc->lo_at[j])
            acc->lo[j] = x;
        else if (i == acc->lo_at[j] + 1)
            acc->hi[j] = x;
        if ((int64_t)i == acc->ci_at[j][0])
            acc->ci[j][0] = x;
        if ((int64_t)i == acc->ci_at[j][1])
            acc->ci[j][1] = x;
    }
    if (isfinite(x)) {
        acc->finite++;
        double delta = x - acc->sum_mean;
        acc->sum_mean += delta / (double)acc->finite;
        acc->m2 += delta * (x - acc->sum_mean);
    }
}

void stats_end(const stats_acc *acc, stats_agg *out)
{
    memset(out, 0, sizeof *out);
    out->n = acc->n;
    out->n_finite = acc->finite;
    out->mean = out->sd = out->ci_lo = out->ci_hi = NAN;
    out->min = out->max = NAN;
    out->p50 = out->p90 = out->p95 = out->p99 = NAN;
    out->level = acc->level;
    for (int j = 0; j < 4; j++)
        out->q_lo[j] = out->q_hi[j] = NAN;
    if (acc->n == 0)
        return;
    for (int j = 0; j < 4; j++) {
        out->q_lo[j] = acc->ci[j][0];
        out->q_hi[j] = acc->ci[j][1];
    }
    out->min = acc->seen ? acc->min : HUGE_VAL;
    out->max = acc->seen == acc->n ? acc->max : HUGE_VAL;
    double *q[4] = {&out->p50, &out->p90, &out->p95, &out->p99};
    for (int j = 0; j < 4; j++) {
        double frac;
        quantile_lo(acc->n, quantile_p[j], &frac);
        *q[j] = interpolate(acc->lo[j], acc->hi[j], frac);
    }
    uint64_t m = acc->finite;
    if (m >= 1)
        out->mean = acc->sum_mean;
    if (m >= 2) {
        out->sd = sqrt(acc->m2 / (double)(m - 1));
        double t = acc->level == 0.95 ? stats_t975(m - 1)
                                       : stats_t_quantile((1 + acc->level) / 2, m - 1);
        double half = t * out->sd / sqrt((double)m);
        out->ci_lo = out->mean - half;
        out->ci_hi = out->mean + half;
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* A double's bits as an unsigned key in the same order: negative values
 * have every bit flipped, the others the sign bit set. */
static uint64_t sort_key(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u >> 63 ? ~u : u | (UINT64_C(1) << 63);
}

void stats_sort(double *values, size_t n)
{
    enum { SMALL = 256 }; /* below this, qsort's overhead is smaller */
    uint64_t *a = NULL, *b = NULL;
    if (n >= SMALL) {
        a = mem_malloc(n * sizeof *a);
        b = mem_malloc(n * sizeof *b);
    }
    if (a == NULL || b == NULL) {
        mem_free(a);
        mem_free(b);
        if (n > 1)
            qsort(values, n, sizeof *values, cmp_double);
        return;
    }
    /* Least significant byte first, stable, all eight histograms in one
     * pass; a byte every key shares needs no pass (flags, whole seconds). */
    size_t count[8][256] = {{0}};
    for (size_t i = 0; i < n; i++) {
        a[i] = sort_key(values[i]);
        for (int d = 0; d < 8; d++)
            count[d][(a[i] >> (8 * d)) & 0xff]++;
    }
    for (int d = 0; d < 8; d++) {
        size_t *c = count[d];
        if (c[(a[0] >> (8 * d)) & 0xff] == n)
            continue;
        size_t sum = 0;
        for (int k = 0; k < 256; k++) {
            size_t here = c[k];
            c[k] = sum;
            sum += here;
        }
        for (size_t i = 0; i < n; i++)
            b[c[(a[i] >> (8 * d)) & 0xff]++] = a[i];
        uint64_t *t = a;
        a = b;
        b = t;
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t u = a[i] >> 63 ? a[i] & ~(UINT64_C(1) << 63) : ~a[i];
        memcpy(&values[i], &u, sizeof u);
    }
    mem_free(a);
    mem_free(b);
}

void stats_of_array(double *values, size_t n, stats_agg *out)
{
    stats_of_array_at(values, n, 0.95, out);
}

void stats_of_array_at(double *values, size_t n, double level, stats_agg *out)
{
    stats_sort(values, n);
    stats_acc acc;
    stats_begin_at(&acc, n, level);
    for (size_t i = 0; i < n; i++)
        stats_push(&acc, values[i]);
    stats_end(&acc, out);
}

double stats_quantile(const double *sorted, size_t n, double p)
{
    if (n == 0)
        return NAN;
    double frac;
    uint64_t lo = quantile_lo(n, p, &frac);
    if (lo >= n - 1)
        return sorted[n - 1];
    return interpolate(sorted[lo], sorted[lo + 1], frac);
}

/* Student's t, 0.975 quantile, df = 1..30 (to 9 decimals). */
static const double t975[30] = {
    12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836, 2.446911851,
    2.364624252,  2.306004135, 2.262157163, 2.228138852, 2.200985160, 2.178812830,
    2.160368656,  2.144786688, 2.131449546, 2.119905299, 2.109815578, 2.100922040,
    2.093024054,  2.085963447, 2.079613845, 2.073873068, 2.068657610, 2.063898562,
    2.059538553,  2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456,
};

double stats_t975(uint64_t df)
{
    if (df == 0)
        return NAN;
    if (df <= 30)
        return t975[df - 1];
    /* Anchors beyond the table, interpolated linearly in 1/df (the t quantile
     * is very nearly linear in 1/df there); 1/df = 0 is the normal. */
    static const double at[4] = {30, 40, 60, 120};
    static const double tv[5] = {2.042272456, 2.021075390, 2.000297822, 1.979930405,
                                 1.959963985};
    double x = 1.0 / (double)df;
    for (int i = 0; i < 4; i++) {
        double x0 = 1.0 / at[i];
        double x1 = i < 3 ? 1.0 / at[i + 1] : 0.0;
        if (x <= x0 && x >= x1)
            return tv[i + 1] + (tv[i] - tv[i + 1]) * (x - x1) / (x0 - x1);
    }
    return tv[4];
}

/* ---- quantiles of the normal and Student's t, Wilson, binomial ranks ---- */

/* The maths below leaves errno as it found it: a caller reporting an I/O
 * error by errno must not read ERANGE from a quantile computed meanwhile. */
static double normal_quantile(double p);

double stats_normal_quantile(double p)
{
    int saved = errno;
    double x = normal_quantile(p);
    errno = saved;
    return x;
}

static double normal_quantile(double p)
{
    if (!(p > 0 && p < 1))
        return NAN;
    /* Acklam's coefficients. */
    static const double a[6] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                -2.759285104469687e+02, 1.383577518672690e+02,
                                -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[5] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                -1.556989798598866e+02, 6.680131188771972e+01,
                                -1.328068155288572e+01};
    static const double c[6] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                -2.400758277161838e+00, -2.549732539343734e+00,
                                4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[4] = {7.784695709041462e-03, 3.224671290700398e-01,
                                2.445134137142996e+00, 3.754408661907416e+00};
    double x;
    if (p < 0.02425) {
        double q = sqrt(-2 * log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p > 1 - 0.02425) {
        double q = sqrt(-2 * log1p(-p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else {
        double q = p - 0.5, r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
    /* One Halley step on Phi(x) - p. */
    double e = 0.5 * erfc(-x / sqrt(2.0)) - p;
    double u = e * 2.5066282746310002 /* sqrt(2 pi) */ * exp(x * x / 2);
    return x - u / (1 + x * u / 2);
}

/* The continued fraction of the regularised incomplete beta function
 * (modified Lentz). */
static double beta_cf(double a, double b, double x)
{
    const double tiny = 1e-300;
    double qab = a + b, qap = a + 1, qam = a - 1;
    double c = 1, d = 1 - qab * x / qap;
    if (fabs(d) < tiny)
        d = tiny;
    d = 1 / d;
    double h = d;
    for (int m = 1; m <= 300; m++) {
        double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1 + aa * d;
        c = 1 + aa / c;
        d = 1 / (fabs(d) < tiny ? tiny : d);
        c = fabs(c) < tiny ? tiny : c;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1 + aa * d;
        c = 1 + aa / c;
        d = 1 / (fabs(d) < tiny ? tiny : d);
        c = fabs(c) < tiny ? tiny : c;
        double del = d * c;
        h *= del;
        if (fabs(del - 1) < 1e-15)
            break;
    }
    return h;
}

/* I_x(a, b). */
static double beta_inc(double a, double b, double x)
{
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    double lfront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x);
    double front = lfront > -700 ? exp(lfront) : 0; /* no underflow: errno stays */
    if (x < (a + 1) / (a + b + 2))
        return front * beta_cf(a, b, x) / a;
    return 1 - front * beta_cf(b, a, 1 - x) / b;
}

/* P(T <= t), t >= 0. */
static double t_cdf_upper_half(double t, double df)
{
    return 1 - 0.5 * beta_inc(df / 2, 0.5, df / (df + t * t));
}

static double t_quantile(double p, uint64_t df);

double stats_t_quantile(double p, uint64_t df)
{
    int saved = errno;
    double t = t_quantile(p, df);
    errno = saved;
    return t;
}

static double t_quantile(double p, uint64_t df)
{
    if (!(p > 0 && p < 1) || df == 0)
        return NAN;
    if (p < 0.5)
        return -t_quantile(1 - p, df);
    if (p == 0.5)
        return 0;
    double v = (double)df, lo = 0, hi = 1;
    while (t_cdf_upper_half(hi, v) < p && hi < 1e12)
        hi *= 2;
    for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
        double mid = (lo + hi) / 2;
        if (t_cdf_upper_half(mid, v) < p)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}

void stats_wilson(uint64_t k, uint64_t n, double level, double *lo, double *hi)
{
    if (n == 0) {
        *lo = *hi = NAN;
        return;
    }
    double z = stats_normal_quantile((1 + level) / 2), nn = (double)n;
    double ph = (double)k / nn, z2 = z * z;
    double denom = 1 + z2 / nn;
    double centre = (ph + z2 / (2 * nn)) / denom;
    double half = z * sqrt(ph * (1 - ph) / nn + z2 / (4 * nn * nn)) / denom;
    *lo = fmax(0, centre - half);
    *hi = fmin(1, centre + half);
}

/* Above this many values the binomial tails are taken as normal. */
#define EXACT_RANKS_MAX 200000u

static void rank_interval(uint64_t n, double p, double level, int64_t *l, int64_t *u);

void stats_rank_interval(uint64_t n, double p, double level, int64_t *l, int64_t *u)
{
    /* The exact ranks take up to n steps, and every aggregate of a run asks
     * the same four (its n, p50..p99, one level): each thread remembers the
     * last few answers. */
    enum { MEMO = 8 };
    static _Thread_local struct {
        uint64_t n;
        double p, level;
        int64_t l, u;
    } memo[MEMO];
    static _Thread_local unsigned next;
    for (int i = 0; i < MEMO; i++)
        if (memo[i].n == n && memo[i].p == p && memo[i].level == level && n > 0) {
            *l = memo[i].l;
            *u = memo[i].u;
            return;
        }
    int saved = errno;
    rank_interval(n, p, level, l, u);
    errno = saved;
    unsigned k = next++ % MEMO;
    memo[k].n = n;
    memo[k].p = p;
    memo[k].level = level;
    memo[k].l = *l;
    memo[k].u = *u;
}

static void rank_interval(uint64_t n, double p, double level, int64_t *l, int64_t *u)
{
    double a = (1 - level) / 2, nn = (double)n;
    *l = 0;
    *u = (int64_t)n + 1;
    if (n == 0)
        return;
    if (n > EXACT_RANKS_MAX) {
        double z = stats_normal_quantile(1 - a), sd = sqrt(nn * p * (1 - p));
        double lo = floor(nn * p + 0.5 - z * sd), hi = ceil(nn * p + 0.5 + z * sd);
        *l = lo < 0 ? 0 : (int64_t)lo;
        *u = hi > nn + 1 ? (int64_t)n + 1 : (int64_t)hi;
        return;
    }
    /* cdf = P(B <= k - 1) before step k; the pmf by its log recurrence so
     * that no term underflows before it matters. */
    double logpmf = nn * log1p(-p), logratio = log(p) - log1p(-p), cdf = 0;
    bool have_u = false;
    for (uint64_t k = 0; k <= n; k++) {
        if (cdf <= a)
            *l = (int64_t)k; /* P(B < k) <= a */
        if (!have_u && cdf >= 1 - a) {
            *u = (int64_t)k; /* P(B <= k - 1) >= 1 - a */
            have_u = true;
            break;
        }
        if (logpmf > -700) /* exp below that underflows, and would set errno */
            cdf += exp(logpmf);
        logpmf += log((nn - (double)k) / ((double)k + 1)) + logratio;
    }
    if (!have_u && cdf >= 1 - a - 1e-12)
        *u = (int64_t)n + 1;
}

bool stats_interval(const stats_agg *a, stats_stat s, double *lo, double *hi)
{
    int j = -1;
    switch (s) {
    case STATS_MEAN:
        *lo = a->ci_lo;
        *hi = a->ci_hi;
        return true;
    case STATS_P50: j = 0; break;
    case STATS_P90: j = 1; break;
    case STATS_P95: j = 2; break;
    case STATS_P99: j = 3; break;
    default: return false;
    }
    *lo = a->q_lo[j];
    *hi = a->q_hi[j];
    return true;
}

static const char *const stat_names[STATS_NSTATS] = {"n",   "mean", "sd",  "min", "p50",
                                                     "p90", "p95",  "p99", "max"};

int stats_stat_find(const char *name)
{
    for (int i = 0; i < STATS_NSTATS; i++)
        if (strcmp(stat_names[i], name) == 0)
            return i;
    return -1;
}

const char *stats_stat_name(stats_stat s)
{
    return NEVER((unsigned)s >= STATS_NSTATS) ? "?" : stat_names[s];
}

double stats_stat_level(stats_stat s)
{
    static const double levels[STATS_NSTATS] = {
        [STATS_N] = NAN,    [STATS_MEAN] = NAN, [STATS_SD] = NAN,
        [STATS_MIN] = 0.0,  [STATS_P50] = 0.5,  [STATS_P90] = 0.9,
        [STATS_P95] = 0.95, [STATS_P99] = 0.99, [STATS_MAX] = 1.0,
    };
    return (unsigned)s < STATS_NSTATS ? levels[s] : (double)NAN;
}

size_t stats_stat_list(char *buf, size_t n)
{
    size_t used = 0;
    for (int i = 0; i < STATS_NSTATS; i++) {
        int k = snprintf(buf + (used < n ? used : n), used < n ? n - used : 0, "%s%s",
                         i ? ", " : "", stat_names[i]);
        used += k > 0 ? (size_t)k : 0;
    }
    return used;
}

double stats_get(const stats_agg *a, stats_stat s)
{
    switch (s) {
    case STATS_N:    return (double)a->n;
    case STATS_MEAN: return a->mean;
    case STATS_SD:   return a->sd;
    case STATS_MIN:  return a->min;
    case STATS_P50:  return a->p50;
    case STATS_P90:  return a->p90;
    case STATS_P95:  return a->p95;
    case STATS_P99:  return a->p99;
    case STATS_MAX:  return a->max;
    case STATS_NSTATS: break;
    }
    NEVER(true); /* every statistic returns above */
    return NAN;
}
