/*
 * storage.h — storage accounts in a trial (storage.c): their placement and
 * availability, their Last Sync Time and blobs' recovery points, customer
 * (unplanned or planned) and provider failover, geo-redundancy regained, and
 * failback. Private to models/world; the state is account_rt (worldInt.h).
 */
#ifndef DRSIM_STORAGE_H
#define DRSIM_STORAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "models/world/worldInt.h"
#include "sim/core/err.h"
#include "sim/kernel/dist.h"
#include "sim/kernel/engine.h"

/* Every account's per-trial state, drawn and reset; logs its first
 * availability. */
void stg_reset(world *w);

/* Whether a's primary copies are reachable now / gone for good. */
bool stg_primary_up(const world *w, const account_rt *a);
bool stg_primary_destroyed(const world *w, const account_rt *a);

/* Brings a's state up to date with the topology (down, destroyed; after a
 * failover, geo-redundancy regained and failback) and logs its
 * availability. */
void stg_refresh(world *w, account_rt *a);

/* Whether a takes writes now. */
bool stg_writable(const account_rt *a);

/* Fixes a's Last Sync Time and its blobs' recovery points (each at or
 * after the LST) at the instant it went down. */
void stg_freeze(world *w, account_rt *a);

/* The Last Sync Time of stream s at `at` on a link of `bandwidth` bytes/s
 * and `latency`. */
err_code stg_lst(world *w, stream_rt *s, double bandwidth, sim_time latency, sim_time at,
                 sim_time *lst);

/* A customer-managed failover of a taking `duration`, starting `delay` from
 * now (at once when 0): unplanned, or planned (lossless; it waits until both
 * regions are available). Nothing when a cannot or already does. */
void stg_begin_failover(world *w, account_rt *a, sim_time duration, sim_time delay, bool planned);

/* Whether a planned failover of a could begin now: a geo-redundant account
 * not failed over, its primary and its secondary region available. */
bool stg_planned_possible(const world *w, const account_rt *a);

/* A failover's duration for a: a draw of d from the stream of `entity`,
 * scaled by a's size (DEF_FAILOVER_SIZE_EXPONENT, an assumption). */
sim_time stg_failover_duration(const world *w, const account_rt *a, const dist *d,
                               uint64_t entity);

/* The provider's failover of the geo-replicated accounts whose primary
 * copies lie in `place` (a region, or a datacenter of one) and are down or
 * destroyed: each takes a draw of `duration` scaled by its size, during
 * which it takes no writes (RA kinds are read from the secondary). */
void stg_provider_failover(world *w, topo_place place, const dist *duration);

/* Whether the leases of a's VHDs block a customer-managed failover of it
 * now: a holds disks of VMs, the strategy keeps the documented rule
 * (vhd_leases: block), and a's Last Sync Time is frozen (its primary down
 * or destroyed), so it can never pass the VMs' deletion the procedure
 * waits for (models/azure/defaults.h, "VHD leases"). */
bool stg_leases_block(const world *w, const account_rt *a);

/* Logs a's own availability (before DNS: world.c adds its clients' view of
 * each remap), when it changed. */
void stg_log(world *w, account_rt *a);

/* The writes (and bytes) made since t0 on the new side of stream s and not
 * yet replicated back at `at`: by a lag drawn from `lag` when not NULL, else
 * on a link of `bandwidth` and `latency`. */
err_code stg_reverse_loss(world *w, stream_rt *s, const dist *lag, double bandwidth,
                          sim_time latency, sim_time t0, sim_time at, uint64_t *writes,
                          double *bytes);

#endif
