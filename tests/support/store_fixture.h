/*
 * store_fixture.h — synthetic results for the store and command-line tests: runs
 * written through the store API with values that are a pure function of
 * (variant, trial), and dumps of a run's rows for comparing databases.
 *
 * Returned strings are malloc'd (free()).
 */
#ifndef DRSIM_TEST_STORE_FIXTURE_H
#define DRSIM_TEST_STORE_FIXTURE_H

#include <stdint.h>

#include "models/outcome.h"

/* The synthetic outcome of trial k of variant vidx (0 "wait", 1 "asr"):
 * wait loses RPO entirely every 7th trial and never recovers every 11th. */
void sf_trial(uint32_t vidx, uint64_t k, oc_trial *t);

typedef struct sf_run {
    const char *scenario;   /* name; default "synthetic" */
    const char *source;     /* the "file" bytes; default derived from the name */
    uint64_t seed;          /* default 42 */
    uint64_t trials;        /* the whole run */
    uint64_t first, end;    /* slice; end 0 = trials */
    uint32_t shard_index, shard_count;
    uint64_t trace;         /* events for trials < trace */
    int fail;               /* 1: fail the run after staging (no results) */
    int expect;             /* 1: store two judged expectations (wait fails) */
    double scale;           /* RTO multiplied by it (0 = 1) */
    const char *variants;   /* comma-separated names, e.g. "wait,asr[x=1],asr[x=2]"
                               (strategy: the name up to '['; a name beginning
                               "wait" gets wait's results, any other asr's);
                               NULL = "wait,asr" */
} sf_run;

/* Writes the run into the database at path (created when missing) and
 * returns its id; aborts the test on any error. */
int64_t sf_write_run(const char *path, const sf_run *r);

/* Every trial and event row of a run as text, one row a line, with the
 * variant's name instead of ids: equal texts mean equal rows. */
char *sf_dump_rows(const char *path, int64_t run_id);

/* One value of a query with no parameters, as text (NULL as "NULL"). */
char *sf_query(const char *path, const char *sql);

/* The same value as a number (atoi). */
int sf_count(const char *path, const char *sql);

/* Whether PRAGMA integrity_check finds nothing wrong. */
int sf_intact(const char *path);

#endif
