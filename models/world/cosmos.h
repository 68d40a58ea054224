/*
 * cosmos.h — Cosmos DB accounts in a trial (cosmos.c): their regions'
 * availability, service-managed failover of the write region, the writes an
 * outage loses as the consistency level bounds them, and the conflicts of
 * multi-region writes. Private to models/world; the state is cosmos_rt
 * (worldInt.h).
 *
 * The model, per the documented behaviour (MicrosoftDocs: consistency-levels.md
 * ms.date 08/28/2025, reliability-cosmos-db.md ms.date 04/09/2026,
 * high-availability.md):
 *
 *   - A region of the account is up while its replicas are (zone-redundant:
 *     while the region and one of its zones are; else while the zone and
 *     datacenter drawn per trial are). Reads go to any region up (the SDKs
 *     redirect them).
 *   - Single write region: writes go to the current write region. When it is
 *     down, with service-managed failover the first region up in priority
 *     order is promoted `failover_after` later (no failback by itself);
 *     without it, writes wait for the region. Strong consistency across two
 *     regions also stops writes while the read region is down, until
 *     service-managed failover marks it failed (three or more: a dynamic
 *     quorum keeps writing).
 *   - Writes lost: the writes accepted by a failed write region within its
 *     replication window before the outage — min(lag, bound), the bound T
 *     for bounded staleness (at most K writes), COSMOS_RPO_WEAK for session,
 *     consistent prefix and eventual, 0 for strong — when a read region is
 *     promoted over it, or when it comes back destroyed (its replicas rebuilt
 *     from the other regions). A single-region account loses everything when
 *     its region is destroyed.
 *   - Multiple write regions: every region writes (the app in each region to
 *     the account's region there, `writes: local`), writable while up; no
 *     failover. A region's writes within its replication window are lost when
 *     it is destroyed; otherwise they are replicated when it is back, and
 *     each of them conflicts when another region wrote the same item between
 *     the window's start and that return: with I items written uniformly, a
 *     write of the failed region conflicts with probability
 *     1 - (1 - 1/I)^n_B, n_B the other regions' writes then (a binomial
 *     draw; the expectation is cosmos_conflicts_mean). The account's policy
 *     (last writer wins, custom) settles each one; the count is the trial's
 *     write_conflicts.
 *
 * Invariant: an account's per-trial state is reset before the trial's first
 * event; every draw comes from streams keyed by the account's name.
 */
#ifndef DRSIM_COSMOS_H
#define DRSIM_COSMOS_H

#include <stdbool.h>
#include <stdint.h>

#include "models/world/worldInt.h"
#include "sim/core/err.h"

/* Builds the world's Cosmos DB accounts (w->cosmos); ERR_NOMEM. */
err_code cosmos_build(world *w);

/* Releases them (accepts a world without them). */
void cosmos_destroy(world *w);

/* Every account's per-trial state, drawn and reset. */
void cosmos_reset(world *w);

/* Brings every account up to date with the topology: regions down and
 * back, failovers due, and logs its availability. */
void cosmos_refresh(world *w);

/* Whether account k takes the writes of (is readable from) the app in
 * `region` (-1: the app in one region); `local`: the app writes to the
 * account's region there. *present: whether the account counts there
 * (local: the account has a region there). */
bool cosmos_writable(const world *w, size_t k, int32_t region, bool local, bool *present);
bool cosmos_readable(const world *w, size_t k);

/* The trial's outcome of the app's Cosmos DB data: adds the writes and
 * bytes lost to w->loss_writes / w->loss_bytes; raises *rpo to its worst
 * window; sets *lost when some data is gone for good, *failed_over when a
 * region was promoted; *conflicts receives the conflicting writes, or NAN
 * when no account of the app's data takes writes in several regions (then
 * nothing can conflict: the figure does not apply). */
err_code cosmos_finish(world *w, double *rpo, bool *lost, bool *failed_over, double *conflicts);

/* The replication window (s) a region outage loses under consistency c for
 * a lag of `lag` s (bounded staleness: min(lag, T); the weaker levels:
 * min(lag, COSMOS_RPO_WEAK); strong: 0). */
double cosmos_window(const scn_cosmos *c, double lag);

/* The expected conflicting writes of n_a unreplicated writes against n_b
 * writes of the other regions on `items` items: n_a (1 - (1 - 1/items)^n_b). */
double cosmos_conflicts_mean(double n_a, double n_b, double items);

#endif
