/*
 * baseline.h — judging a run against a baseline database (`drsim check
 * --baseline DB`).
 *
 * The baseline run is the latest finished, unsharded run in the baseline
 * database of
 *   1. the same scenario bytes (sha256) and seed: then every trial the two
 *      runs have in common (same variant name, same trial number) must be
 *      identical — every metric, present or absent alike, and consistency —
 *      and each variant with a difference is a regression, listing the first
 *      differences; otherwise
 *   2. the same scenario name: then for each variant both have, each metric's
 *      p50 and p95 (the mean, for flags) must not be worse than the
 *      baseline's by more than the tolerance: worse means higher for a
 *      lower-is-better metric, by more than tolerance * |baseline| (so a
 *      baseline of 0 tolerates no increase); an infinite value (lost, never)
 *      is worse than any finite one.
 * With neither, there is nothing to compare (not a failure).
 *
 * Each comparison is one finding (a JUnit test case).
 */
#ifndef DRSIM_BASELINE_H
#define DRSIM_BASELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "reports/store/store.h"

typedef enum base_mode { BASE_NONE = 0, BASE_IDENTICAL, BASE_TOLERANCE } base_mode;

typedef struct base_finding {
    char *variant;   /* owned */
    char *name;      /* owned: what was compared, e.g. "identical trials", "rpo.p95" */
    bool failed;
    char *message;   /* owned: one line */
    char *detail;    /* owned: observed vs expected, may span lines */
} base_finding;

typedef struct base_report {
    base_mode mode;
    int64_t baseline_run;    /* 0 with BASE_NONE */
    char *baseline_version;  /* owned: drsim version of the baseline run */
    base_finding *findings;
    size_t n, cap;
    size_t regressions;
} base_report;

/* Compares run `run_id` of `cur` with the baseline found in `base` (which may
 * be the same handle: the run itself is then excluded). Returns ERR_OK (with
 * *out filled, mode BASE_NONE when no baseline run exists) or the store's
 * error. */
err_code base_compare(store *cur, int64_t run_id, store *base, double tolerance,
                      base_report *out, err_msg *e);

void base_report_free(base_report *r);

#endif
