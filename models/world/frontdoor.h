/*
 * frontdoor.h — when Azure Front Door routes an application's clients away
 * from a failed origin and to the one that serves.
 *
 * Front Door is anycast: a client reaches the nearest edge location, and no
 * DNS record changes at a switch-over (no TTL). Each edge location probes
 * every origin of the origin group every `interval` with its own phase, and
 * judges an origin healthy while at least `required` of its last
 * `sample_size` probes succeeded (frontdoor/health-probes.md). Hence, for an
 * origin that answered every probe until `down`:
 *   - it is taken out of rotation at its k-th failed probe, k = sample_size
 *     - required + 1 (the first at which fewer than `required` of the last
 *     `sample_size` succeeded). With a uniform phase that is (k - 1)I to kI
 *     after `down`, (k - 1/2)I on average;
 *   - an origin that failed every probe of its window is back in rotation at
 *     its `required`-th successful probe after it answers again: (required -
 *     1)I to required·I, (required - 1/2)I on average.
 * While every origin of the group is out of rotation, Front Door routes round
 * robin across all of them (health-probes.md, "Complete health probe
 * failure"): the share of requests that reach an answering origin is served.
 * Otherwise an edge routes to the origins in rotation, the failed one first
 * while it is in (it is the app's home: priority 1, or the nearest).
 * `propagation` (an assumption) delays each verdict's effect on routing.
 *
 * The interface is one origin's down and up instants in, an edge's routing
 * out (fd_disabled_at, fd_enabled_at), and the spread over edge locations,
 * whose phases are taken as uniform and independent of the outage:
 * fd_downtime_mean (the mean over clients of the time their requests fail)
 * and fd_switch_quantile (when their edge routes every request to an origin
 * that answers).
 *
 * Pure functions; instants in microseconds, results in seconds.
 */
#ifndef DRSIM_FRONTDOOR_H
#define DRSIM_FRONTDOOR_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/kernel/engine.h"

/* An origin that never answered before `up`: every probe of its window
 * failed. */
#define FD_NEVER_ANSWERED (INT64_MIN / 4)

typedef struct fd_probes {
    sim_time interval;
    uint32_t sample_size;
    uint32_t required;     /* 1 <= required <= sample_size */
    sim_time phase;        /* an edge's probes run at phase + j * interval */
    sim_time propagation;  /* from a verdict to the routing by it */
} fd_probes;

/* When an origin that answers before `down`, fails from `down` and answers
 * again from `back` (SIM_NEVER: not within the trial) is out of rotation at
 * this edge: its (sample_size - required + 1)-th failed probe, plus the
 * propagation; SIM_NEVER when it answers again by that probe. */
sim_time fd_disabled_at(const fd_probes *p, sim_time down, sim_time back);

/* When an origin that failed every probe in [down, up) (down may be
 * FD_NEVER_ANSWERED) and answers from `up` on is in rotation again at this
 * edge: the first probe at or after `up` at which `required` of the last
 * `sample_size` succeeded, plus the propagation. */
sim_time fd_enabled_at(const fd_probes *p, sim_time down, sim_time up);

/* A switch-over: the origin clients used stops answering at `down`; the one
 * they end on answers from `up` (the same origin when `in_place`, else the
 * failover target, which never answered before). `origins`: how many the
 * origin group holds (1: the app's alone; 2: with its failover target). */
typedef struct fd_route {
    sim_time down;
    sim_time up;
    bool in_place;
    uint32_t origins;
} fd_route;

/* At one edge (p->phase): the time its requests fail (s, the integral of the
 * failing share) and when it routes every request to an answering origin. */
double fd_edge_downtime(const fd_probes *p, const fd_route *r, sim_time *switched);

/* Over edge locations, phases uniform over the interval: the mean downtime
 * (s), and the q-quantile (0 <= q <= 1) of the switch (s after `down`). */
double fd_downtime_mean(const fd_probes *p, const fd_route *r);
double fd_switch_quantile(const fd_probes *p, const fd_route *r, double q);

#endif
