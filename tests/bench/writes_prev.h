/*
 * writes_prev.h — the write process as it was before exact write sizes, for
 * the benchmark only: `make bench` compiles that commit's
 * models/world/writes.c (BENCH_PREV_REV in the Makefile) from git with its
 * wr_ prefix renamed wrprev_, so both implementations run in one process
 * and their speeds are compared in the same run (bench_writes.c). Without
 * git or that commit, a stub stands in and wrprev_available is 0.
 *
 * These declarations are that commit's writes.h, renamed: they must stay so.
 * Sizes were gamma with the mean and variance of the scenario's law (that
 * was the approximation); links started empty at time 0.
 */
#ifndef DRSIM_WRITES_PREV_H
#define DRSIM_WRITES_PREV_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/core/err.h"
#include "sim/kernel/engine.h"

typedef struct wrprev_params {
    double rate;      /* writes per second, >= 0 */
    double size_mean; /* bytes per write, > 0 */
    double size_var;  /* variance of bytes per write; 0 = constant size */
    bool regular;     /* evenly spaced arrivals (random phase) instead of Poisson */
} wrprev_params;

typedef struct wrprev_stream wrprev_stream;

typedef struct wrprev_backlog {
    sim_time oldest;
    uint64_t writes;
    double bytes;
    double work;
} wrprev_backlog;

/* 1 when the previous implementation was built, 0 for the stub. */
extern const int wrprev_available;

wrprev_stream *wrprev_create(void);
void wrprev_destroy(wrprev_stream *s);
void wrprev_reset(wrprev_stream *s, const wrprev_params *p, uint64_t seed, uint64_t trial,
                  uint64_t entity, sim_time end);
err_code wrprev_count(wrprev_stream *s, sim_time from, sim_time to, uint64_t *count, double *bytes);
err_code wrprev_backlog_at(wrprev_stream *s, double bandwidth, sim_time at, wrprev_backlog *out);
err_code wrprev_next_after(wrprev_stream *s, sim_time from, sim_time *out);
size_t wrprev_nodes(const wrprev_stream *s);

#endif
