/*
 * verify.h — the determinism check of `drsim run --verify`.
 *
 * drsim promises that trial k of a variant has the same outcome whatever ran
 * before it, on whichever thread, in whichever order (runner.h, world.h).
 * --verify tests that promise on the run at hand. While the run's outcomes
 * go to the store, the hash of each outcome in the sample — the first
 * VERIFY_SAMPLE trials of every selected variant in this run's slice — is
 * recorded (verify_record). Afterwards verify_rerun runs the sample again,
 * on the calling thread, on a new world per variant, in reverse trial order
 * (so every trial follows other trials than it did the first time), and
 * compares each hash with the recorded one. A difference is a bug in drsim
 * (a model that depends on something other than (seed, trial)):
 * ERR_INTERNAL, with a message naming the variant and the trial.
 *
 * A hash covers every metric (present or not, and its exact bits), the
 * consistency, and the timeline when the trial is traced.
 *
 * Ownership: a verify_set belongs to its creator (verify_free); it keeps a
 * pointer to the scenario, which must outlive it.
 */
#ifndef DRSIM_VERIFY_H
#define DRSIM_VERIFY_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "models/outcome.h"
#include "models/scenario/scenario.h"
#include "models/world/world.h"
#include "sim/core/err.h"

/* Trials per variant run twice. */
#define VERIFY_SAMPLE 100

typedef struct verify_set verify_set;

/* A set for the variants of s marked in `selected` (NULL = all) over the
 * slice [first, end) of their trials. Returns ERR_OK with *out set, or
 * ERR_NOMEM with *out NULL. */
err_code verify_create(const scn_scenario *s, const bool *selected, uint64_t first,
                       uint64_t end, verify_set **out, err_msg *e);

/* Releases a set. Accepts NULL. */
void verify_free(verify_set *vs);

/* The hash of one outcome (and of its timeline when tl is not NULL). */
uint64_t verify_hash(const oc_trial *t, const oc_timeline *tl);

/* Records the outcome of trial t->trial of variant `variant` when it is in
 * the sample (does nothing otherwise). Never fails. */
void verify_record(verify_set *vs, uint32_t variant, const oc_trial *t,
                   const oc_timeline *tl);

/* Runs the sample again (see above) under `seed`, tracing trials < trace as
 * the run did, with the run's safety limits, and compares. Returns ERR_OK;
 * ERR_INTERNAL naming the first variant and trial whose outcome differs (or
 * was never recorded); ERR_INTERRUPTED when *stop becomes non-zero (stop may
 * be NULL); or the error of a trial (ERR_NOMEM, ERR_LIMIT). The set's
 * recorded hashes are unchanged. */
err_code verify_rerun(const verify_set *vs, uint64_t seed, uint64_t trace,
                      const world_limits *limits, const volatile sig_atomic_t *stop,
                      err_msg *e);

/* Compares the hashes of two sets made for the same scenario, variants and
 * slice: ERR_OK when every sampled trial was recorded in both with the same
 * hash, else ERR_INTERNAL naming the first variant and trial that differs. */
err_code verify_compare(const verify_set *first, const verify_set *second, err_msg *e);

#endif
