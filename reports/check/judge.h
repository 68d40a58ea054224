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
 * stores the results. *failed receives the number of failed judgements
 * (added to). Returns ERR_OK or the store's error. */
err_code judge_run(store *st, int64_t run_id, const oc_rule *rules, size_t nrules,
                   size_t *failed, err_msg *e);

#endif
