/*
 * dns.h — how long clients take to follow a DNS change: Traffic Manager's
 * health probing, and the spread of cached records.
 *
 * traffic-manager-monitoring.md: probes run every `interval` (30 s, or 10 s
 * fast) with their own phase; a probe fails when the endpoint does not answer
 * within `timeout`; an endpoint is degraded at the (tolerated + 1)-th
 * consecutive failure, and healthy again at the first successful probe.
 * Clients then see the new answer only when their cached record expires: with
 * TTL T and cache ages spread uniformly, the switch of clients is spread over
 * [0, T] after the change; a share of resolvers keeps records past the TTL,
 * for up to a further `overstay_max` (uniformly). The same law holds for
 * every name remapped: the application's entry (client downtime) and the
 * storage accounts' endpoints (write and read downtime), so that a remap
 * costs its clients T/2 on average wherever it happens.
 *
 * Pure functions; times in microseconds.
 */
#ifndef DRSIM_DNS_H
#define DRSIM_DNS_H

#include <stddef.h>
#include <stdint.h>

#include "sim/kernel/engine.h"

typedef struct dns_probes {
    sim_time interval;
    sim_time timeout;
    uint32_t tolerated;
    sim_time phase;     /* probes run at phase + k * interval, 0 <= phase < interval */
} dns_probes;

/* The first probe at or after t. */
sim_time dns_probe_at_or_after(const dns_probes *p, sim_time t);

/* When an endpoint that stops answering at `down` and answers again at `back`
 * (SIM_NEVER: not within the trial) is marked degraded: the timeout of the
 * (tolerated + 1)-th consecutive failed probe; SIM_NEVER when it is back
 * before that probe. */
sim_time dns_degraded_at(const dns_probes *p, sim_time down, sim_time back);

/* When an endpoint answering from `up` on is seen healthy: the next probe. */
sim_time dns_healthy_at(const dns_probes *p, sim_time up);

/* Clients' delay (seconds) between a DNS change and their use of it. */
typedef struct dns_clients {
    double ttl;             /* s */
    double overstay_share;  /* share of clients behind resolvers that overstay */
    double overstay_max;    /* s, how much longer they keep a record at most */
} dns_clients;

/* Mean and quantile (0 <= q <= 1) of that delay over clients. */
double dns_delay_mean(const dns_clients *c);
double dns_delay_quantile(const dns_clients *c, double q);

/* E[max(x, D)] over the clients' delay D: when clients are served, on
 * average, if the change is made at 0 and what they reach serves from x on
 * (dns_delay_mean for x <= 0). Exact: the CDF is piecewise quadratic. */
double dns_delay_mean_after(const dns_clients *c, double x);

/* The share of clients that follow within x seconds of the change (the
 * delay's CDF): x / ttl without overstaying resolvers. */
double dns_delay_cdf(const dns_clients *c, double x);

/* The ends of the pieces on which the CDF is one polynomial (of degree 2 at
 * most), ascending and distinct, into out[0..3]; their number. The last is
 * when every client has followed (none: at once). */
size_t dns_delay_pieces(const dns_clients *c, double out[3]);

#endif
