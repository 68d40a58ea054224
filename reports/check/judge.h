/*
 * judge.h — judging a scenario's `expect:` rules on a stored run.
 *
 * A rule names a target (a variant, or a strategy: then every variant of that
 * strategy), a metric and a statistic, a comparison and a threshold. Each is
 * judged on the aggregate of the stored trials (stats.h) of every variant of
 * the run it names; a rule whose target has no variant in the run (filtered
 * out with --variant) is not judged. The observed value NAN (no value to
 * judge, e.g. a drill RTO when no drill ran) fails the rule.
 *
 * Verdicts: a statistic with a confidence interval at the store handle's
 * level (the mean: Student's t, or Wilson's for a share; a percentile: the
 * order-statistic interval; stats.h) passes when the whole interval meets
 * the rule, fails when none of it does, and is otherwise *inconclusive*:
 * the trials cannot tell at that confidence (more trials would). n, sd,
 * min and max have no interval, and == and != state what every trial does
 * (max == 0, mean == 0): judged on the value, pass or fail.
 *
 * Results go into the run's `expectation` rows, written between
 * store_run_publish and store_run_finish, so they commit with the trials.
 */
#ifndef DRSIM_JUDGE_H
#define DRSIM_JUDGE_H

#include <stdbool.h>
#include <stddef.h>

#include "models/outcome.h"
#include "reports/store/store.h"
#include "sim/core/err.h"

/* Judges every rule on run_id (published, not yet finished, on st) and
 * stores the results. *failed and *inconclusive receive the number of
 * failed and inconclusive judgements (added to). Returns ERR_OK or the
 * store's error. */
err_code judge_run(store *st, int64_t run_id, const oc_rule *rules, size_t nrules,
                   size_t *failed, size_t *inconclusive, err_msg *e);

/* The verdict of one rule, `stat op x->threshold`, on an aggregate whose
 * value is x->observed: sets x->pass, x->inconclusive, x->level and the
 * interval (observed_lo, observed_hi; NAN when judged on the value). */
void judge_verdict(store_expectation *x, const stats_agg *agg, stats_stat stat, oc_op op);

#endif
