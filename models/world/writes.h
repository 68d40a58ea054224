/*
 * writes.h — a stream of writes over one trial, sampled lazily and exactly.
 *
 * A trial can hold billions of writes (thousands per second for weeks); the
 * models never need them one by one, only answers such as "how many writes,
 * and how many bytes, fell in (a, b]" and "what does a FIFO replication link
 * of bandwidth B still hold at time t". A wr_stream answers those without
 * visiting each write where the law of the sizes allows it.
 *
 * The model. Writes arrive as a Poisson process of the given rate (or evenly
 * spaced, with a uniform random phase) and their sizes are independent draws
 * of the size law the scenario states (wr_params.size), whatever it is:
 * lognormal, empirical, uniform... A link is a FIFO queue that ships bytes
 * at its bandwidth. With `stationary` set, writes exist before time 0 as
 * well, and every link is in its stationary state at time 0 (when its load
 * rho = rate * mean size / bandwidth is below 1; a link at or above 1 has no
 * stationary state: it starts empty at time 0 and its backlog grows from
 * there). Without it (a new replication that starts at time 0, such as the
 * reverse copy after a failover), the stream has no writes before 0 and the
 * link starts empty at 0.
 *
 * How each question is answered — three representations, chosen by the law:
 *
 *   - Sizes with a gamma law (constant, exponential, or gamma given by mean
 *     and variance): an implicit binary tree over time whose nodes know their
 *     number of writes and total bytes, refined only where a question looks
 *     (a Poisson count splits binomially, a gamma total by a beta fraction:
 *     both exact conditional laws), with a branch and bound for the backlog.
 *     Counts and bytes over any window cost O(log); the backlog a few hundred
 *     nodes. A stationary Poisson stream's past before 0 is the "past" below,
 *     summed: going back in chunks of 4,096 writes, each chunk's span is a
 *     Gamma draw (the gap to its last write), a partial chunk's count a
 *     Binomial given it, its bytes a gamma total; its writes are drawn only
 *     where a question cuts it (uniform instants given the span, sizes a
 *     Dirichlet split of the total), so a day of writes before 0 costs a few
 *     hundred draws, not millions. An evenly spaced one's tree reaches 2^52 µs (142 years) before 0, the
 *     link starting empty there: stationary at 0 to within 2^-64 by
 *     Chernoff's bound as long as rate * (1 - rho)^2 / cv^2 >= 3e-8 per second
 *     (cv the sizes' coefficient of variation: for exponential sizes at one
 *     write a second, any load below 0.9998; constant sizes, any load).
 *
 *   - Other laws, Poisson arrivals: the writes are drawn one by one, but only
 *     where a question looks, as a "past": a stretch of explicit writes grown
 *     to the left and to the right. The backlog at t is asked first, as a
 *     rule; the writes of the busy period containing t are then drawn
 *     backwards from t by the ladder decomposition of the stationary M/G/1
 *     workload (Pollaczek-Khinchine / Beneš: a geometric number of ladder
 *     epochs, each with its jump from the size-biased law and the path before
 *     it by duality), and everything before that busy period is the past of
 *     an idle instant of that link: iid idle periods (exponential) and busy
 *     periods going back. The backlog costs the writes of one busy period
 *     (tens for rho 0.85); a window of n writes costs n draws (bytes of n
 *     sizes of such a law have no closed form).
 *
 *   - Other laws, evenly spaced arrivals: sizes drawn per write index; the
 *     backlog by Lindley's recursion over the writes since a warm-up point
 *     far enough before the instant: for bounded laws (uniform, triangular,
 *     empirical) the link is then stationary to within 2^-64 (Hoeffding),
 *     with at most 2^24 writes of warm-up (loads above about 0.999 would
 *     need more: the warm-up stops there); for unbounded laws (lognormal,
 *     Weibull, normal) the warm-up is 2^20 writes, exact unless a busy
 *     period spans more (for lognormal sizes with sigma 1.2 at load 0.85,
 *     about 10^-21: the chance that one write alone keeps the link busy
 *     that long; no rigorous bound of that tail is short enough to use).
 *     A backlog costs the warm-up's writes.
 *
 * Determinism. Every draw comes from streams keyed by (seed, trial, entity)
 * and by what is drawn: the same questions in the same order give the same
 * answers. The gamma tree is also canonical — its answers do not depend on
 * the order of questions or on which other questions were asked, which keeps
 * trial k of every variant on the same writes. The explicit past is drawn
 * where questions first need it (the busy period of the first backlog
 * asked, for instance), so its writes, while exact in law, can differ
 * between two sequences of questions.
 *
 * Several links on one stream (a disk replicated both by its account's
 * geo-replication and by Site Recovery) see the same writes, before 0 too:
 * a link slower than those already asked makes its own stationary past
 * agree with theirs by rejection (the joint law stays exact).
 *
 * Ownership: wr_create returns a stream the caller owns; wr_destroy releases
 * it (accepts NULL). A stream is reused trial after trial through wr_reset,
 * keeping its memory.
 */
#ifndef DRSIM_WRITES_H
#define DRSIM_WRITES_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/core/err.h"
#include "sim/kernel/dist.h"
#include "sim/kernel/engine.h"

typedef struct wr_params {
    double rate;      /* writes per second, >= 0 */
    double size_mean; /* size == NULL: bytes per write, > 0 */
    double size_var;  /* size == NULL: their variance; the sizes are gamma with
                       * this mean and variance (0 = constant size) */
    bool regular;     /* evenly spaced arrivals (random phase) instead of Poisson */
    const dist *size; /* the law of a write's size in bytes (non-negative, mean > 0),
                       * or NULL for the gamma above; must outlive the stream's trial */
    bool stationary;  /* writes before 0, links stationary at 0 (see above) */
} wr_params;

typedef struct wr_stream wr_stream;

/* A new, empty stream; NULL when out of memory. */
wr_stream *wr_create(void);

/* Releases the stream. Accepts NULL. */
void wr_destroy(wr_stream *s);

/* Starts a new realisation: writes up to `end` drawn from (seed, trial,
 * entity). Never fails (what it needs is drawn lazily by the queries). */
void wr_reset(wr_stream *s, const wr_params *p, uint64_t seed, uint64_t trial, uint64_t entity,
              sim_time end);

/* The writes with instants in (from, to], clipped to (-inf, end] (to (0, end]
 * for a stream that is not stationary): their number and total bytes.
 * Returns ERR_OK or ERR_NOMEM (outputs then unspecified). */
err_code wr_count(wr_stream *s, sim_time from, sim_time to, uint64_t *count, double *bytes);

/* What a FIFO link shipping `bandwidth` bytes per second (> 0) has not yet
 * fully shipped at time `at` (clipped to end): */
typedef struct wr_backlog {
    sim_time oldest; /* instant of the oldest write not fully shipped (maybe
                       * before 0); `at` if none */
    uint64_t writes; /* writes not fully shipped */
    double bytes;    /* their bytes */
    double work;     /* bytes still to send (<= bytes: the oldest may be partly sent) */
} wr_backlog;

/* Fills *out. Returns ERR_OK or ERR_NOMEM. */
err_code wr_backlog_at(wr_stream *s, double bandwidth, sim_time at, wr_backlog *out);

/* The instant of the first write after `from` (in (from, end]), or SIM_NEVER
 * when there is none. Returns ERR_OK or ERR_NOMEM. */
err_code wr_next_after(wr_stream *s, sim_time from, sim_time *out);

/* Tree nodes and explicit writes materialised since the last reset (for
 * tests and benchmarks). */
size_t wr_nodes(const wr_stream *s);

#endif
