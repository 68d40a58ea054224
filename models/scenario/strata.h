/*
 * strata.h — stratified sampling over a world's outages: which stratum each
 * trial is drawn in, and the exact probability of each stratum.
 *
 * Plain Monte Carlo sees an outage that destroys its region one time in ten
 * thousand about twice in 20,000 trials: the share of trials that lose data
 * for good is then known to within a factor of two at best. With
 * `sampling: {strata: outages}` the trials are split by what the outages do,
 * and each part is sampled on purpose:
 *
 *   outcome of one outage  whether it happens (probability p), whether it
 *                          destroys its scope (d), and, for a zone or
 *                          datacenter outage whose zone is drawn, the zone
 *                          it strikes (1/zones each): at most
 *                          1 + 2 * zones outcomes, those of probability 0
 *                          left out
 *   stratum                one outcome of every outage; its probability is
 *                          the product of theirs, exact (the scenario's own
 *                          constants)
 *
 * Only an outage whose probability and destructiveness are constants is
 * stratified; one drawn from a distribution is drawn in every stratum as it
 * would be without strata (it does not enter the strata's probabilities, so
 * they stay exact).
 *
 * Allocation: stratum s of S, of probability p_s, receives the share
 * q_s = (1 - even) p_s + even / S of the trials (`even`, 0.5 by default,
 * spread evenly; the rest proportionally). Trial k belongs to the stratum
 * whose slice of [0, 1) holds frac(k * phi), phi the golden ratio in 64-bit
 * fixed point (a Weyl sequence): any run of N trials puts within a few
 * trials of q_s * N in each stratum, trial k's stratum depends on k alone —
 * not on N, the shard, the thread or the variant — so shards merge, the
 * pilots of `trials: auto` extend one another, and trial k of every variant
 * faces the same outage (paired comparisons hold).
 *
 * Weights: a trial of stratum s counts p_s / n_s, n_s the trials the run
 * gave s (the store computes them; sim/core/stats.h summarises weighted
 * values). Every figure is then an unbiased estimate over the scenario's
 * true outage probabilities, however the trials were allocated.
 *
 * Invariants: 1 <= count <= STRATA_MAX; the probabilities sum to 1 (to
 * rounding) and each is > 0; shares likewise; stratum k's fate of an outage
 * is STRATA_FREE exactly when the outage is not stratified.
 */
#ifndef DRSIM_STRATA_H
#define DRSIM_STRATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/scenario/scenario.h"
#include "sim/core/err.h"

/* At most this many strata (a scenario making more is refused: each
 * stratum needs trials of its own). */
#define STRATA_MAX 64

/* What a stratum says of one outage. */
typedef enum strata_fate {
    STRATA_FREE = 0,     /* not stratified: drawn as without strata */
    STRATA_ABSENT,       /* it does not happen */
    STRATA_TRANSIENT,    /* it happens and its scope comes back */
    STRATA_DESTRUCTIVE   /* it happens and destroys its scope's copies */
} strata_fate;

typedef struct strata strata;

/* The strata of world w (w->strata == SCN_STRATA_OUTAGES), or *out = NULL
 * when the world is not stratified. ERR_INPUT when they would be more than
 * STRATA_MAX (the message says how many and why), ERR_NOMEM. The strata
 * keep no pointer into w. */
err_code strata_create(const scn_world *w, strata **out, err_msg *e);

/* Releases them. Accepts NULL. */
void strata_destroy(strata *s);

/* How many there are (>= 1). */
uint32_t strata_count(const strata *s);

/* Stratum k's exact probability, and the share of the trials it receives. */
double strata_probability(const strata *s, uint32_t k);
double strata_share(const strata *s, uint32_t k);

/* The stratum of trial `trial`. */
uint32_t strata_of_trial(const strata *s, uint64_t trial);

/* What stratum k says of outage i; *zone receives the zone it strikes when
 * the stratum fixes it (1..zones), else 0. */
strata_fate strata_outage(const strata *s, uint32_t k, size_t i, uint32_t *zone);

/* Stratum k in words ("outage 1 (westeurope, region): destructive"), as
 * snprintf; w is the world the strata were made from (for names). */
size_t strata_label(const strata *s, uint32_t k, const scn_world *w, char *buf, size_t size);

/* Whether two worlds' strata are the same partition with the same
 * probabilities and shares (both NULL: the same). */
bool strata_equal(const strata *a, const strata *b);

#endif
