/*
 * paired.h — the difference between two variants on one metric, with its
 * confidence interval: paired when trial k of both saw the same outage.
 *
 * drsim draws every trial's outage from streams of its own (same scenario
 * seed, same trial number, same outage), so two variants of one run — or
 * of two runs with the same seed and trials — are paired: trial k of each
 * faced the same disruption, and the per-trial differences carry only what
 * the variants change. Their interval is far narrower than two separate
 * intervals would say.
 *
 *   mean     the mean of the per-trial differences b_k - a_k over the trials
 *            where both are finite, with Student's t; unpaired: Welch's
 *            interval on the two means
 *   share    the same, on 0/1 flags (its a paired difference of shares)
 *   p50,     a paired bootstrap: 2,000 resamples of the trial numbers (a
 *   p95,     fixed PCG32 stream, so the same stores give the same interval),
 *   p99      each taking the type 7 quantile of a and of b over the same
 *            resampled trials; the interval is the bootstrap differences'
 *            (1 - level)/2 and (1 + level)/2 quantiles. Unpaired: a and b
 *            resampled apart. A quantile that is infinite in both (never /
 *            lost) differs by 0; in one only, by an infinity.
 *
 * A difference is *distinguishable* when its interval excludes 0. When it
 * is not, `trials_needed` is the number of trials per variant at which the
 * interval's half-width, shrinking as 1/sqrt(n), would equal the observed
 * difference: about where the two would likely separate (0 when the
 * observed difference is 0: nothing to separate).
 *
 * A stratified run (sim/core/wstats.h) weighs its trials: the mean
 * difference's interval is then the linearised stratified one, and the
 * bootstrap resamples each stratum's trials within it and takes weighted
 * quantiles; trial k is in the same stratum in every variant, so pairing
 * holds.
 *
 * Under a condition (store_set_given: "| failed_over") each side keeps its
 * own trials where the flag is 1; they differ between variants, so the
 * caller compares them unpaired.
 *
 * Values come from the store (store_trials_open); memory is two arrays of
 * the trials' values. Returns ERR_OK, ERR_NOMEM or the store's error.
 */
#ifndef DRSIM_PAIRED_H
#define DRSIM_PAIRED_H

#include <stdbool.h>
#include <stdint.h>

#include "reports/store/store.h"

/* The bootstrap's resamples. */
#define PAIR_RESAMPLES 2000

typedef struct pair_diff {
    double diff;          /* b - a: of the means, or of the percentiles */
    double lo, hi;        /* its interval; NAN when none (too few trials) */
    bool distinguishable; /* the interval excludes 0 */
    double trials_needed; /* see above; NAN when distinguishable or no interval */
} pair_diff;

/* One side of a comparison. */
typedef struct pair_side {
    store *st;
    int64_t variant_id;
} pair_side;

/* pair_compare's metric may also be this one: the flag "RPO > 0" of each
 * trial (data lost altogether counts), derived from its RPO. Only its
 * share (out[PAIR_MEAN]) is compared; its percentiles are NAN. */
#define PAIR_RPO_POSITIVE ((oc_metric)OC_NMETRICS)

/* The statistics compared, in this order. */
enum { PAIR_MEAN = 0, PAIR_P50, PAIR_P95, PAIR_P99, PAIR_NSTATS };

/* b - a on metric m at `level`, paired when `paired` (the caller checks
 * the runs' seeds and trial ranges; pairs are matched by trial number and
 * trials present in one side only are left out). out[PAIR_MEAN] is the
 * mean's (a share's for a 0/1 metric); out[PAIR_P50..P99] the
 * percentiles'. */
err_code pair_compare(const pair_side *a, const pair_side *b, oc_metric m, double level,
                      bool paired, pair_diff out[PAIR_NSTATS], err_msg *e);

/* The same on values in hand, not stratified: a[k] and b[k] are trial k of
 * each side (paired: k < min(na, nb) are matched); m names how the values
 * are read (+inf/-inf absent values as in oc_rank_value, NAN left out) and
 * seeds the bootstrap. For tests that check the intervals' coverage. */
err_code pair_compare_values(const double *a, size_t na, const double *b, size_t nb,
                             oc_metric m, double level, bool paired,
                             pair_diff out[PAIR_NSTATS], err_msg *e);

#endif
