/*
 * wstats.h — the summary statistics of a stratified sample: every figure of
 * stats.h, computed with the strata's weights.
 *
 * A stratified run (models/scenario/strata.h) gives stratum s of exact
 * probability P_s some N_s trials, not P_s of them: each trial of s stands
 * for P_s / N_s of the outcomes. The figures of one metric are then taken
 * over a domain D of those trials (the values present, or counted as the
 * worst; those a condition "| FLAG" keeps), x_k the value of trial k, w_k
 * its weight, W = sum of w_k over D:
 *
 *   n, min, max  as stats.h (counts of trials, not of weight)
 *   mean         sum w_k x_k / sum w_k over D's finite values; sd its
 *                weighted standard deviation, times sqrt(m / (m - 1))
 *   pXX          the inverse of the weighted distribution: the smallest
 *                x_k whose cumulative weight reaches XX % of W (Hyndman &
 *                Fan's type 1 with weights: on a stratified sample the
 *                type 7 interpolation of stats.h has no weighted meaning)
 *
 * Intervals, at `level` (z its normal quantile), by the standard method for
 * stratified samples (Cochran, Sampling Techniques, 3rd ed., 1977, ch. 5 and
 * 6.11): each figure is a ratio of weighted totals R = sum w y / sum w c
 * (c_k = 1 when trial k is in the domain), whose variance is
 *   V = sum over strata of P_s^2 / N_s * s_s^2,
 * s_s^2 the sample variance, over the N_s trials of s, of the linearised
 * z_k = c_k (y_k - R) / W (Taylor linearisation; trials outside the domain
 * contribute z = 0).
 *
 *   mean of a duration, size or count   mean -/+ t(df) sqrt(V), Student's t
 *                     with df = m - H (m finite values, H strata holding
 *                     them; the usual degrees of freedom of a stratified
 *                     mean); NAN when df < 1
 *   share (0/1 flags) Wilson's score interval at the effective number of
 *                     trials R (1 - R) / V (Korn & Graubard, Survey
 *                     Methodology 24(2), 1998): a stratified share is known
 *                     as well as a plain one of that many trials. When V
 *                     is 0 (every stratum's trials agree: each is all 0 or
 *                     all 1) the domain's own trial count stands in, as
 *                     if the trials were not stratified
 *   pXX               Woodruff's interval (JASA 47, 1952): the share
 *                     interval above for F(pXX) = the weight at or below
 *                     the percentile, half-width h, mapped back through
 *                     the weighted quantile: [Q(XX% - h), Q(XX% + h)],
 *                     -infinity below 0 and +infinity above 1 (too few
 *                     trials to bound it), as stats.h's rank interval
 *
 * With one stratum of probability 1 these reduce to the plain sample's
 * figures except pXX (type 1 rather than 7) and the intervals' methods:
 * the store uses stats.h for a run that is not stratified, so its figures
 * are exactly as they were.
 *
 * Pure arithmetic: no allocation, no I/O. The caller owns the arrays.
 */
#ifndef DRSIM_WSTATS_H
#define DRSIM_WSTATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/core/stats.h"

/* At most this many strata (models/scenario/strata.h's STRATA_MAX). */
#define WSTATS_MAX_STRATA 64

/* A stratified sample's design. */
typedef struct wstats_strata {
    size_t n;                             /* strata, 1..WSTATS_MAX_STRATA */
    double prob[WSTATS_MAX_STRATA];       /* P_s, exact, summing to 1 */
    uint64_t trials[WSTATS_MAX_STRATA];   /* N_s, the variant's trials in s
                                             (every one, whatever the domain) */
} wstats_strata;

/* One value of the domain: its stratum, and scratch (cum) for the summary. */
typedef struct wstats_value {
    double v;
    double cum;
    uint32_t stratum;
} wstats_value;

/* The weight of a trial of stratum s: P_s / N_s (0 when N_s is 0). */
double wstats_weight(const wstats_strata *ss, uint32_t s);

/* Summarises values[0..n) (sorted in place, ascending) into *out, at
 * `level`; `share` when they are 0/1 flags. A value's stratum must be below
 * ss->n. n may be 0 (every figure NAN, as stats_of_array). n_worst is left
 * for the caller to set. */
void wstats_summary(wstats_value *values, size_t n, const wstats_strata *ss, double level,
                    bool share, stats_agg *out);

/* The weighted mean of the finite values[0..n) (any order) and its
 * interval, as the mean above (a share's when `share`); NAN when none. */
void wstats_mean(const wstats_value *values, size_t n, const wstats_strata *ss, double level,
                 bool share, double *mean, double *lo, double *hi);

/* The weighted quantile p (type 1 with weights) of values[0..n) sorted
 * ascending whose cum fields hold the cumulative weight (as
 * wstats_summary leaves them); NAN when n == 0. */
double wstats_quantile(const wstats_value *sorted, size_t n, double p);

/* Fills the cum fields of values sorted ascending; returns the total. */
double wstats_accumulate(wstats_value *sorted, size_t n, const wstats_strata *ss);

#endif
