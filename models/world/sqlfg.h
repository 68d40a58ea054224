/*
 * sqlfg.h — Azure SQL Database / Managed Instance failover groups in a trial
 * (sqlfg.c): the primary's availability, the asynchronous geo-replication's
 * lag, the customer's and Microsoft's geo-failovers, the listeners, and what
 * a forced failover loses. Private to models/world; the state is sqlfg_rt
 * (worldInt.h).
 */
#ifndef DRSIM_SQLFG_H
#define DRSIM_SQLFG_H

#include <stdbool.h>

#include "models/world/worldInt.h"
#include "sim/core/err.h"

/* Builds one sqlfg_rt per failover group of the world (w->sqlfg). */
err_code sqlfg_build(world *w);
void sqlfg_destroy(world *w);

/* Every group's per-trial state, drawn and reset. */
void sqlfg_reset(world *w);

/* Brings every group up to date with the topology: its primary down or
 * back, Microsoft's grace period started, a requested failover begun. */
void sqlfg_refresh(world *w);

/* The strategy's decision (every kind but wait): each failover group of
 * the application's data not failed over is failed over by the customer —
 * planned (no loss) with failover.planned while both regions are up, forced
 * otherwise, and only when its primary is down unless planned. */
void sqlfg_on_decide(world *w);

/* The operator's failover of group i (`sql failover-group set-primary`):
 * planned, or forced with allow_data_loss. False with the reason in why
 * when the service refuses it. */
bool sqlfg_customer_failover(world *w, size_t i, bool allow_data_loss, char *why, size_t n);

/* Whether some failover group of the application's data is failing over,
 * or has a failover requested or done (the decision's messages). */
bool sqlfg_any_failover(const world *w);

/* The RPO, writes and bytes lost and data lost for good of the groups that
 * hold the application's data, merged into *rpo and *lost (the world's
 * loss counters take the writes). */
err_code sqlfg_finish(world *w, double *rpo, bool *lost, bool *failed_over);

/* Clients of app p follow a failover of its groups over the read-write
 * listener's TTL (clients.ttl is set here): raises *mean and *p95 (seconds from the disruption) to
 * what that implies (served at max(R, F + D), F the failover's end, D a
 * client's DNS delay). */
void sqlfg_client_downtime(world *w, size_t p, dns_clients clients, double *mean, double *p95);

#endif
