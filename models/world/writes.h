/*
 * writes.h — a stream of writes over one trial, sampled lazily and exactly.
 *
 * A trial can hold billions of writes (thousands per second for weeks); the
 * models never need them one by one, only answers such as "how many writes,
 * and how many bytes, fell in (a, b]" and "what does a FIFO replication link
 * of bandwidth B still hold at time t". A wr_stream answers those without
 * visiting each write.
 *
 * Representation: an implicit binary tree over the time interval (0, end]
 * (microseconds). Each node knows how many writes fall in its interval and
 * their total bytes. The root is drawn first (a Poisson count, or the exact
 * count of evenly spaced arrivals; a gamma total of bytes); a node is split
 * only when a query needs its inside, drawing its children from the exact
 * conditional laws: the left child's count is Binomial(n, left length /
 * length) given the parent's n (Poisson splitting), and its bytes are the
 * parent's bytes times Beta(k·a, (n-k)·a) given the counts (gamma splitting,
 * a the per-write gamma shape). A node holding one write knows its exact
 * instant (uniform in the node, or the regular grid point).
 *
 * Why this is exact: a Poisson process is equivalent in law to "draw the
 * total count, then split it binomially over sub-intervals", at every level,
 * and a sum of independent gamma(a) sizes split between two groups of k and
 * n-k writes is the total times a Beta(k·a, (n-k)·a) fraction, independent
 * of the total. So the lazily refined tree is a realisation of the write
 * process itself; refining more never changes an answer already given. Write
 * sizes are gamma-distributed with the size distribution's mean and variance:
 * exactly the given law for constant sizes (variance 0) and exponential sizes
 * (shape 1); for any other law the sizes match its first two moments.
 *
 * Determinism: a node's draws come from its own PCG32 stream, keyed by
 * (seed, trial, entity, the node's path from the root), so answers do not
 * depend on the order of queries or on which other queries were asked —
 * this is what keeps trial k of every variant on the same writes.
 *
 * Ownership: wr_create returns a stream the caller owns; wr_destroy releases
 * it (accepts NULL). A stream is reused trial after trial through wr_reset,
 * keeping its node pool's memory.
 */
#ifndef DRSIM_WRITES_H
#define DRSIM_WRITES_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/core/err.h"
#include "sim/kernel/engine.h"

typedef struct wr_params {
    double rate;      /* writes per second, >= 0 */
    double size_mean; /* bytes per write, > 0 */
    double size_var;  /* variance of bytes per write; 0 = constant size */
    bool regular;     /* evenly spaced arrivals (random phase) instead of Poisson */
} wr_params;

typedef struct wr_stream wr_stream;

/* A new, empty stream; NULL when out of memory. */
wr_stream *wr_create(void);

/* Releases the stream. Accepts NULL. */
void wr_destroy(wr_stream *s);

/* Starts a new realisation: writes on (0, end] drawn from (seed, trial,
 * entity). Never fails (the root is stored inline). */
void wr_reset(wr_stream *s, const wr_params *p, uint64_t seed, uint64_t trial,
              uint64_t entity, sim_time end);

/* The writes with instants in (from, to], clipped to (0, end]: their number
 * and total bytes. Returns ERR_OK or ERR_NOMEM (outputs then unspecified). */
err_code wr_count(wr_stream *s, sim_time from, sim_time to, uint64_t *count, double *bytes);

/* What a FIFO link shipping `bandwidth` bytes per second (> 0), empty at time
 * 0, has not yet fully shipped at time `at` (<= end): */
typedef struct wr_backlog {
    sim_time oldest;  /* instant of the oldest write not fully shipped; `at` if none */
    uint64_t writes;  /* writes not fully shipped */
    double bytes;     /* their bytes */
    double work;      /* bytes still to send (<= bytes: the oldest may be partly sent) */
} wr_backlog;

/* Fills *out. Returns ERR_OK or ERR_NOMEM. */
err_code wr_backlog_at(wr_stream *s, double bandwidth, sim_time at, wr_backlog *out);

/* The instant of the first write after `from` (in (from, end]), or SIM_NEVER
 * when there is none. Returns ERR_OK or ERR_NOMEM. */
err_code wr_next_after(wr_stream *s, sim_time from, sim_time *out);

/* Nodes materialised since the last reset (for tests and benchmarks). */
size_t wr_nodes(const wr_stream *s);

#endif
