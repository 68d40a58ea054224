/*
 * paired.c — paired differences of two variants with their intervals
 * (paired.h).
 *
 * Invariants: the two sides' values are held in trial order; in paired
 * mode index k of both arrays is the same trial. The bootstrap draws from
 * one PCG32 stream per metric, seeded with a constant, so an interval never
 * changes between two calls on the same stores. A resample's quantiles are
 * found without sorting it: each side's values are sorted once (a
 * permutation), and a resample is a vector of counts walked in that order.
 */
#include "reports/text/paired.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/core/mem.h"
#include "sim/core/stats.h"
#include "sim/core/wstats.h"
#include "sim/kernel/rng.h"

/* The bootstrap's stream: "paired" in ASCII, one sequence per metric. */
#define PAIR_SEED 0x706169726564ULL

static const double pair_p[3] = {0.50, 0.95, 0.99};

typedef struct side_values {
    uint64_t *trial;
    double *v; /* +/-inf: absent and counted as the worst; NAN: left out */
    uint32_t *stratum; /* a stratified run's (wstats.h); else all 0 */
    size_t n;
    wstats_strata ss;  /* ss.n == 0: not stratified */
} side_values;

static void side_free(side_values *s)
{
    mem_free(s->trial);
    mem_free(s->v);
    mem_free(s->stratum);
}

/* Trial k's weight (1 when not stratified). */
static double weight_of(const side_values *s, size_t k)
{
    return s->ss.n ? wstats_weight(&s->ss, s->stratum[k]) : 1;
}

static err_code load(const pair_side *side, oc_metric m, side_values *out, err_msg *e)
{
    memset(out, 0, sizeof *out);
    store_iter *it = NULL;
    err_code rc = store_variant_strata(side->st, side->variant_id, &out->ss, e);
    if (rc == ERR_OK)
        rc = store_trials_open(side->st, side->variant_id, &it, e);
    size_t cap = 0;
    int given = store_given(side->st); /* "| FLAG": its trials only */
    for (bool done = false; rc == ERR_OK;) {
        oc_trial t;
        rc = store_trials_next(it, &t, &done, e);
        if (rc != ERR_OK || done)
            break;
        if (given >= 0 && !(t.present[given] && t.value[given] == 1))
            continue;
        if (out->n == cap) {
            size_t ncap = cap ? 2 * cap : 1024;
            uint64_t *nt = mem_realloc(out->trial, ncap * sizeof *nt);
            if (nt != NULL)
                out->trial = nt;
            double *nv = mem_realloc(out->v, ncap * sizeof *nv);
            if (nv != NULL)
                out->v = nv;
            uint32_t *ns = mem_realloc(out->stratum, ncap * sizeof *ns);
            if (ns != NULL)
                out->stratum = ns;
            if (nt == NULL || nv == NULL || ns == NULL) {
                rc = err_set(e, ERR_NOMEM, "out of memory");
                break;
            }
            cap = ncap;
        }
        if (out->ss.n && (t.stratum < 0 || (size_t)t.stratum >= out->ss.n)) {
            rc = err_set(e, ERR_STORE, "a trial of a stratified run is in no stratum of it "
                                       "(the database is damaged)");
            break;
        }
        out->trial[out->n] = t.trial;
        out->stratum[out->n] = t.stratum >= 0 ? (uint32_t)t.stratum : 0;
        if (m == PAIR_RPO_POSITIVE) /* lost: +inf, so > 0 */
            out->v[out->n++] = oc_rank_value(&t, OC_RPO) > 0 ? 1.0 : 0.0;
        else
            out->v[out->n++] = oc_rank_value(&t, m);
    }
    store_iter_close(it);
    if (rc != ERR_OK)
        side_free(out);
    return rc;
}

/* Keeps the trials both sides have, and where both have a value (NAN: left
 * out), in place: index k of a and b is then one trial. */
static void match(side_values *a, side_values *b)
{
    size_t i = 0, j = 0, k = 0;
    while (i < a->n && j < b->n) {
        if (a->trial[i] < b->trial[j]) {
            i++;
        } else if (b->trial[j] < a->trial[i]) {
            j++;
        } else {
            if (!isnan(a->v[i]) && !isnan(b->v[j])) {
                a->trial[k] = a->trial[i];
                a->v[k] = a->v[i];
                a->stratum[k] = a->stratum[i];
                b->trial[k] = b->trial[j];
                b->v[k] = b->v[j];
                b->stratum[k] = b->stratum[j];
                k++;
            }
            i++;
            j++;
        }
    }
    a->n = b->n = k;
}

/* Drops NAN values (unpaired mode). */
static void drop_nan(side_values *s)
{
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++)
        if (!isnan(s->v[i])) {
            s->stratum[k] = s->stratum[i];
            s->v[k++] = s->v[i];
        }
    s->n = k;
}

/* Not distinguishable: the trials at which the half-width would shrink to
 * the observed difference. */
static void settle(pair_diff *d, double n)
{
    d->distinguishable = !isnan(d->lo) && (d->lo > 0 || d->hi < 0);
    d->trials_needed = NAN;
    if (d->distinguishable || isnan(d->lo) || !isfinite(d->lo) || !isfinite(d->hi))
        return;
    double half = (d->hi - d->lo) / 2;
    d->trials_needed = d->diff == 0 || !isfinite(d->diff) ? 0 : ceil(n * pow(half / fabs(d->diff), 2));
}

/* The values of s (or b - a, paired) as wstats values; NULL when out of
 * memory. Infinite differences are kept: wstats_mean leaves them out. */
static wstats_value *weighted_values(const side_values *a, const side_values *b, size_t *n)
{
    const side_values *s = a != NULL ? a : b;
    wstats_value *v = mem_malloc((s->n ? s->n : 1) * sizeof *v);
    if (v == NULL)
        return NULL;
    for (size_t k = 0; k < s->n; k++) {
        double x = a != NULL && b != NULL ? b->v[k] - a->v[k] : s->v[k];
        if (a != NULL && b != NULL && (!isfinite(a->v[k]) || !isfinite(b->v[k])))
            x = HUGE_VAL;
        v[k] = (wstats_value){x, 0, s->stratum[k]};
    }
    *n = s->n;
    return v;
}

/* The mean difference of a stratified run's variants (wstats.h: the
 * linearised stratified variance); unpaired, the two means' intervals
 * combined as independent normals. */
static void weighted_mean_diff(const side_values *a, const side_values *b, bool paired,
                               double level, pair_diff *out)
{
    size_t n = 0, nb = 0;
    if (paired) {
        wstats_value *d = weighted_values(a, b, &n);
        if (d == NULL)
            return;
        double mean, lo, hi;
        wstats_mean(d, n, &a->ss, level, false, &mean, &lo, &hi);
        mem_free(d);
        out->diff = mean;
        out->lo = lo;
        out->hi = hi;
        settle(out, (double)n);
        return;
    }
    wstats_value *va = weighted_values(a, NULL, &n), *vb = weighted_values(NULL, b, &nb);
    if (va != NULL && vb != NULL) {
        double ma, la, ha, mb, lb, hb;
        wstats_strata one = {.n = 1, .prob = {1}};
        const wstats_strata *sa = a->ss.n ? &a->ss : &one, *sb = b->ss.n ? &b->ss : &one;
        one.trials[0] = a->ss.n ? nb : n; /* the unstratified side's trials */
        wstats_mean(va, n, sa, level, false, &ma, &la, &ha);
        wstats_mean(vb, nb, sb, level, false, &mb, &lb, &hb);
        out->diff = mb - ma;
        if (!isnan(la) && !isnan(lb)) {
            double half = sqrt(pow((ha - la) / 2, 2) + pow((hb - lb) / 2, 2));
            out->lo = out->diff - half;
            out->hi = out->diff + half;
        }
        settle(out, (double)(n < nb ? n : nb));
    }
    mem_free(va);
    mem_free(vb);
}

/* Mean (or share) of the differences, paired, or Welch's, unpaired. */
static void mean_diff(const side_values *a, const side_values *b, bool paired, double level,
                      pair_diff *out)
{
    *out = (pair_diff){.diff = NAN, .lo = NAN, .hi = NAN, .trials_needed = NAN};
    double z = (1 + level) / 2;
    if (a->ss.n > 0 || b->ss.n > 0)
        return weighted_mean_diff(a, b, paired, level, out);
    if (paired) {
        double mean = 0, m2 = 0;
        uint64_t n = 0;
        for (size_t k = 0; k < a->n; k++) {
            if (!isfinite(a->v[k]) || !isfinite(b->v[k]))
                continue;
            double d = b->v[k] - a->v[k], delta = d - mean;
            n++;
            mean += delta / (double)n;
            m2 += delta * (d - mean);
        }
        if (n == 0)
            return;
        out->diff = mean;
        if (n >= 2) {
            double half = stats_t_quantile(z, n - 1) * sqrt(m2 / (double)(n - 1) / (double)n);
            out->lo = mean - half;
            out->hi = mean + half;
        }
        settle(out, (double)n);
        return;
    }
    double mean[2] = {0, 0}, m2[2] = {0, 0};
    uint64_t n[2] = {0, 0};
    const side_values *s[2] = {a, b};
    for (int j = 0; j < 2; j++)
        for (size_t k = 0; k < s[j]->n; k++) {
            if (!isfinite(s[j]->v[k]))
                continue;
            double delta = s[j]->v[k] - mean[j];
            n[j]++;
            mean[j] += delta / (double)n[j];
            m2[j] += delta * (s[j]->v[k] - mean[j]);
        }
    if (n[0] == 0 || n[1] == 0)
        return;
    out->diff = mean[1] - mean[0];
    if (n[0] >= 2 && n[1] >= 2) {
        double va = m2[0] / (double)(n[0] - 1) / (double)n[0];
        double vb = m2[1] / (double)(n[1] - 1) / (double)n[1];
        double se2 = va + vb;
        double df = se2 * se2 /
                    (va * va / (double)(n[0] - 1) + vb * vb / (double)(n[1] - 1));
        double t = se2 > 0 ? stats_t_quantile(z, df >= 1 ? (uint64_t)df : 1) : 0;
        out->lo = out->diff - t * sqrt(se2);
        out->hi = out->diff + t * sqrt(se2);
    }
    settle(out, (double)(n[0] < n[1] ? n[0] : n[1]));
}

static const double *sort_key;

static int by_value(const void *x, const void *y)
{
    double a = sort_key[*(const uint32_t *)x], b = sort_key[*(const uint32_t *)y];
    return (a > b) - (a < b);
}

/* The order of s's values (ascending); NULL when out of memory. */
static uint32_t *order_of(const side_values *s)
{
    uint32_t *perm = mem_malloc((s->n ? s->n : 1) * sizeof *perm);
    if (perm == NULL)
        return NULL;
    for (size_t k = 0; k < s->n; k++)
        perm[k] = (uint32_t)k;
    sort_key = s->v;
    qsort(perm, s->n, sizeof *perm, by_value);
    return perm;
}

/* Type 7 interpolation between two neighbours, infinities dominating (as
 * stats.c). */
static double interpolate(double lo, double hi, double frac)
{
    if (frac == 0)
        return lo;
    if (isinf(hi) || isinf(lo))
        return isinf(hi) ? hi : lo;
    return lo + frac * (hi - lo);
}

/* The three quantiles of the resample `count` (n values in all) of s, whose
 * order is perm. */
static void resample_quantiles(const side_values *s, const uint32_t *perm, const uint32_t *count,
                               double q[3])
{
    size_t n = s->n;
    uint64_t want[3][2];
    double frac[3], got[3][2];
    for (int j = 0; j < 3; j++) {
        double h = (double)(n - 1) * pair_p[j];
        double f = floor(h + 1e-9);
        frac[j] = h - f > 0 ? h - f : 0;
        want[j][0] = (uint64_t)f;
        want[j][1] = (uint64_t)f + 1 < n ? (uint64_t)f + 1 : (uint64_t)f;
        got[j][0] = got[j][1] = NAN;
    }
    uint64_t cum = 0;
    for (size_t k = 0; k < n; k++) {
        uint32_t c = count[perm[k]];
        if (c == 0)
            continue;
        uint64_t from = cum;
        cum += c;
        for (int j = 0; j < 3; j++)
            for (int h = 0; h < 2; h++)
                if (want[j][h] >= from && want[j][h] < cum)
                    got[j][h] = s->v[perm[k]];
        if (cum > want[2][1])
            break;
    }
    for (int j = 0; j < 3; j++)
        q[j] = interpolate(got[j][0], got[j][1], frac[j]);
}

/* The three quantiles of the resample `count` of a stratified side, by
 * weight (wstats.h's type 1 with weights). */
static void resample_wquantiles(const side_values *s, const uint32_t *perm, const uint32_t *count,
                                double q[3])
{
    double total = 0;
    for (size_t k = 0; k < s->n; k++)
        total += count[k] * weight_of(s, k);
    int next = 0;
    double cum = 0;
    for (int j = 0; j < 3; j++)
        q[j] = NAN;
    for (size_t k = 0; k < s->n && next < 3; k++) {
        uint32_t c = count[perm[k]];
        if (c == 0)
            continue;
        cum += c * weight_of(s, perm[k]);
        while (next < 3 && cum >= pair_p[next] * total * (1 - 1e-12))
            q[next++] = s->v[perm[k]];
    }
    for (; next < 3 && s->n > 0; next++)
        q[next] = s->v[perm[s->n - 1]];
}

/* Either kind of a side's resample quantiles. */
static void side_quantiles(const side_values *s, const uint32_t *perm, const uint32_t *count,
                           double q[3])
{
    if (s->ss.n > 0)
        resample_wquantiles(s, perm, count, q);
    else
        resample_quantiles(s, perm, count, q);
}

/* A bootstrap resample of s into count: n draws of its trials, or, for a
 * stratified side, as many draws within each stratum as it holds
 * (`members` lists the trials stratum by stratum, `first[k]` where stratum
 * k's begin). */
static void resample(const side_values *s, const uint32_t *members, const size_t *first,
                     rng *r, uint32_t *count)
{
    memset(count, 0, s->n * sizeof *count);
    if (s->ss.n == 0) {
        for (size_t k = 0; k < s->n; k++)
            count[rng_bounded(r, (uint32_t)s->n)]++;
        return;
    }
    for (size_t g = 0; g < s->ss.n; g++) {
        size_t size = first[g + 1] - first[g];
        for (size_t k = 0; k < size; k++)
            count[members[first[g] + rng_bounded(r, (uint32_t)size)]]++;
    }
}

/* Groups s's trials by stratum (a counting sort): members and first as
 * resample wants them; false when out of memory. */
static bool group_strata(const side_values *s, uint32_t **members, size_t **first)
{
    *members = mem_malloc((s->n ? s->n : 1) * sizeof **members);
    *first = mem_calloc(WSTATS_MAX_STRATA + 1, sizeof **first);
    if (*members == NULL || *first == NULL)
        return false;
    size_t *at = *first;
    for (size_t k = 0; k < s->n; k++)
        at[s->stratum[k] + 1]++;
    for (size_t g = 0; g < WSTATS_MAX_STRATA; g++)
        at[g + 1] += at[g];
    size_t fill[WSTATS_MAX_STRATA];
    memcpy(fill, at, sizeof fill);
    for (size_t k = 0; k < s->n; k++)
        (*members)[fill[s->stratum[k]]++] = (uint32_t)k;
    return true;
}

/* b - a of two quantiles: 0 when both are the same infinity. */
static double qdiff(double qa, double qb)
{
    if (isinf(qa) && isinf(qb) && (qa > 0) == (qb > 0))
        return 0;
    return qb - qa;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* The percentiles' differences and their bootstrap intervals. */
static err_code percentile_diffs(const side_values *a, const side_values *b, bool paired,
                                 oc_metric m, double level, pair_diff out[3], err_msg *e)
{
    for (int j = 0; j < 3; j++)
        out[j] = (pair_diff){.diff = NAN, .lo = NAN, .hi = NAN, .trials_needed = NAN};
    if (a->n == 0 || b->n == 0)
        return ERR_OK;
    uint32_t *pa = order_of(a), *pb = order_of(b);
    uint32_t *ca = mem_calloc(a->n, sizeof *ca), *cb = mem_calloc(b->n, sizeof *cb);
    double *boot = mem_malloc(3 * PAIR_RESAMPLES * sizeof *boot);
    uint32_t *ma = NULL, *mb = NULL;
    size_t *fa = NULL, *fb = NULL;
    bool grouped = group_strata(a, &ma, &fa) && group_strata(b, &mb, &fb);
    err_code rc = ERR_OK;
    if (pa == NULL || pb == NULL || ca == NULL || cb == NULL || boot == NULL || !grouped) {
        rc = err_set(e, ERR_NOMEM, "out of memory");
        goto done;
    }
    /* The point estimates, from the full samples. */
    double qa[3], qb[3];
    for (size_t k = 0; k < a->n; k++)
        ca[k] = 1;
    for (size_t k = 0; k < b->n; k++)
        cb[k] = 1;
    side_quantiles(a, pa, ca, qa);
    side_quantiles(b, pb, cb, qb);
    for (int j = 0; j < 3; j++)
        out[j].diff = qdiff(qa[j], qb[j]);
    /* Every value the same on both sides: nothing to resample. */
    if (a->v[pa[0]] == a->v[pa[a->n - 1]] && b->v[pb[0]] == b->v[pb[b->n - 1]] &&
        a->v[pa[0]] == b->v[pb[0]]) {
        for (int j = 0; j < 3; j++) {
            out[j].lo = out[j].hi = 0;
            settle(&out[j], (double)a->n);
        }
        goto done;
    }
    rng r;
    rng_seed(&r, PAIR_SEED, (uint64_t)m);
    size_t used = 0;
    for (int s = 0; s < PAIR_RESAMPLES; s++) {
        resample(a, ma, fa, &r, ca);
        const uint32_t *cbp = ca; /* paired: the same trials on both sides */
        if (!paired) {
            resample(b, mb, fb, &r, cb);
            cbp = cb;
        }
        side_quantiles(a, pa, ca, qa);
        side_quantiles(b, pb, cbp, qb);
        bool ok = true;
        for (int j = 0; j < 3; j++)
            ok = ok && !isnan(qdiff(qa[j], qb[j]));
        if (!ok)
            continue;
        for (int j = 0; j < 3; j++)
            boot[(size_t)j * PAIR_RESAMPLES + used] = qdiff(qa[j], qb[j]);
        used++;
    }
    for (int j = 0; j < 3 && used > 1; j++) {
        double *d = boot + (size_t)j * PAIR_RESAMPLES;
        qsort(d, used, sizeof *d, cmp_double);
        out[j].lo = stats_quantile(d, used, (1 - level) / 2);
        out[j].hi = stats_quantile(d, used, (1 + level) / 2);
        settle(&out[j], (double)(a->n < b->n ? a->n : b->n));
    }
done:
    mem_free(ma);
    mem_free(mb);
    mem_free(fa);
    mem_free(fb);
    mem_free(pa);
    mem_free(pb);
    mem_free(ca);
    mem_free(cb);
    mem_free(boot);
    return rc;
}

/* The comparison of two loaded sides (freed here). */
static err_code compare_sides(side_values *va, side_values *vb, oc_metric m, double level,
                              bool paired, pair_diff out[PAIR_NSTATS], err_msg *e)
{
    err_code rc = ERR_OK;
    if (va->n > UINT32_MAX || vb->n > UINT32_MAX) {
        rc = err_set(e, ERR_INPUT, "too many trials to compare (more than 2^32)");
    } else {
        if (paired) {
            match(va, vb);
        } else {
            drop_nan(va);
            drop_nan(vb);
        }
        mean_diff(va, vb, paired, level, &out[PAIR_MEAN]);
        if (m == PAIR_RPO_POSITIVE)
            for (int j = PAIR_P50; j < PAIR_NSTATS; j++)
                out[j] = (pair_diff){.diff = NAN, .lo = NAN, .hi = NAN, .trials_needed = NAN};
        else
            rc = percentile_diffs(va, vb, paired, m, level, &out[PAIR_P50], e);
    }
    side_free(va);
    side_free(vb);
    return rc;
}

err_code pair_compare(const pair_side *a, const pair_side *b, oc_metric m, double level,
                      bool paired, pair_diff out[PAIR_NSTATS], err_msg *e)
{
    side_values va, vb;
    err_code rc = load(a, m, &va, e);
    if (rc != ERR_OK)
        return rc;
    rc = load(b, m, &vb, e);
    if (rc != ERR_OK) {
        side_free(&va);
        return rc;
    }
    return compare_sides(&va, &vb, m, level, paired, out, e);
}

/* values[0..n) as a side of trials 0, 1, ..., n - 1, not stratified. */
static err_code side_of(const double *values, size_t n, side_values *out, err_msg *e)
{
    memset(out, 0, sizeof *out);
    out->trial = mem_malloc((n ? n : 1) * sizeof *out->trial);
    out->v = mem_malloc((n ? n : 1) * sizeof *out->v);
    out->stratum = mem_calloc(n ? n : 1, sizeof *out->stratum);
    if (out->trial == NULL || out->v == NULL || out->stratum == NULL) {
        side_free(out);
        return err_set(e, ERR_NOMEM, "out of memory");
    }
    for (size_t k = 0; k < n; k++) {
        out->trial[k] = k;
        out->v[k] = values[k];
    }
    out->n = n;
    return ERR_OK;
}

err_code pair_compare_values(const double *a, size_t na, const double *b, size_t nb,
                             oc_metric m, double level, bool paired,
                             pair_diff out[PAIR_NSTATS], err_msg *e)
{
    side_values va, vb;
    err_code rc = side_of(a, na, &va, e);
    if (rc != ERR_OK)
        return rc;
    rc = side_of(b, nb, &vb, e);
    if (rc != ERR_OK) {
        side_free(&va);
        return rc;
    }
    return compare_sides(&va, &vb, m, level, paired, out, e);
}
