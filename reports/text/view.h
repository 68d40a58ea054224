/*
 * view.h — the terminal and JSON views of stored runs that the commands
 * print: the list of runs, one run in full, a run's summary, expectations,
 * comparisons side by side, and a trial's timeline.
 *
 * Every view reads the store only (a database from another machine gives the
 * same view) and writes to `out`. Figures are in human units (fmt.h) in
 * tables, and in base units (seconds, bytes) in JSON, where an infinite
 * figure (a percentile among trials that lost data or never recovered) is the
 * string "inf" and a missing one is null.
 *
 * Every function returns ERR_OK or the store's error (message in *e),
 * ERR_NOMEM, or ERR_IO when `out` failed.
 */
#ifndef DRSIM_VIEW_H
#define DRSIM_VIEW_H

#include <stdbool.h>
#include <stdio.h>

#include "reports/store/store.h"
#include "sim/core/jsonw.h"

/* `drsim runs`: one line per run. */
err_code view_runs(store *st, FILE *out, bool json, err_msg *e);

/* `drsim runs --drills`: the drills only, oldest first: a table (the
 * team's RTO and RPO on each), JSON when `json`, or their ids one a line
 * when `ids` (for shell completion). */
err_code view_drills(store *st, FILE *out, bool json, bool ids, err_msg *e);

/* `drsim show`: the run's facts, per variant every metric's aggregate (with
 * `intervals`, each percentile's confidence interval in its cell, at the
 * store handle's level), the expectations. */
err_code view_show(store *st, int64_t run_id, FILE *out, bool color, bool intervals,
                   err_msg *e);

/* The compact table `drsim run` ends with: one row per variant, the main
 * percentiles. */
err_code view_summary(store *st, int64_t run_id, FILE *out, err_msg *e);

/* The run's expectations, one line each; *failed receives how many failed.
 * Prints nothing when the run has none. */
err_code view_expectations(store *st, int64_t run_id, FILE *out, bool color, size_t *failed,
                           err_msg *e);

/* An expectation's observed value and threshold in human units, as its
 * metric and statistic read (plain counts when the metric is unknown), into
 * obs and thr (size bytes each). */
void view_expectation_values(const store_expectation *x, char *obs, char *thr, size_t size);

/* Its verdict as printed: "pass", "FAIL" or "INCONCLUSIVE". */
const char *view_verdict(const store_expectation *x);

/* Its interval's ends in human units, as view_expectation_values; false
 * (nothing written) when it was judged without one. */
bool view_expectation_interval(const store_expectation *x, char *lo, char *hi, size_t size);

/* The run as a JSON object (README "JSON summary" documents the shape). */
err_code view_run_json(store *st, int64_t run_id, jw *w, err_msg *e);

/* Pieces of that JSON, for other documents of the same shape (the JSON
 * report): a figure ("inf" for an infinite one, null for NAN); one metric's
 * aggregate object {"unit", "n", "n_worst", "mean", "sd", "ci95", "min",
 * "p50", ..., "max"}; a run's facts as keys of the object being written
 * ("id", "database" unless NULL, "scenario", ..., "argv"); one expectation
 * object. They write into w and cannot fail (jsonw remembers a failure). */
void view_json_number(jw *w, double v);
void view_json_metric(jw *w, oc_metric m, const stats_agg *a);
void view_json_run_facts(jw *w, const store_run *r, const char *database);
void view_json_expectation(jw *w, const store_expectation *x);

/* One column of a comparison: a variant of a run. */
typedef struct view_item {
    store *st;          /* where it lives (comparisons may span databases) */
    int64_t run_id;
    int64_t variant_id;
    char label[96];     /* "3:asr" */
} view_item;

/* `drsim compare`: per metric and statistic the value of each item (with
 * its interval at the store's level when `intervals`; always in JSON), with
 * two items their difference, and which is better. */
err_code view_compare(const view_item *items, size_t n, FILE *out, bool json, bool intervals,
                      err_msg *e);

/* `drsim timeline`: the events of one trial, aligned. */
err_code view_timeline(store *st, int64_t run_id, const store_variant *v, uint64_t trial,
                       FILE *out, bool json, err_msg *e);

#endif
