/*
 * storage.h — storage accounts in a trial (storage.c): their placement and
 * availability, Last Sync Times, customer and provider failover, re-sync and
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

/* Brings a's state up to date with the topology (down, destroyed, re-sync
 * after a failover) and logs its availability. */
void stg_refresh(world *w, account_rt *a);

/* Whether a takes writes now. */
bool stg_writable(const account_rt *a);

/* Fixes the recovery points of a's streams at the instant it went down. */
void stg_freeze(world *w, account_rt *a);

/* The Last Sync Time of stream s at `at` on a link of `bandwidth` bytes/s
 * and `latency`. */
err_code stg_lst(world *w, stream_rt *s, double bandwidth, sim_time latency, sim_time at,
                 sim_time *lst);

/* A customer-managed failover of a taking `duration`, starting `delay` from
 * now (at once when 0). Nothing when a cannot or already does. */
void stg_begin_failover(world *w, account_rt *a, sim_time duration, sim_time delay);

/* The provider's failover of the geo-replicated accounts of `region` whose
 * primary is down. */
void stg_provider_failover(world *w, uint32_t region);

/* Logs a's availability as its clients see it, when it changed. */
void stg_log(world *w, account_rt *a);

/* The writes (and bytes) made since t0 on the new side of stream s and not
 * yet replicated back at `at`: by a lag drawn from `lag` when not NULL, else
 * on a link of `bandwidth` and `latency`. */
err_code stg_reverse_loss(world *w, stream_rt *s, const dist *lag, double bandwidth,
                          sim_time latency, sim_time t0, sim_time at, uint64_t *writes,
                          double *bytes);

#endif
