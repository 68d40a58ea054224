/*
 * alerts.h — what the operator sees fire in a trial (alerts.c): alerts
 * (monitoring, Site Recovery, Traffic Manager or Front Door, the provider's
 * storage failover) and the notices an outage's status page posts.
 *
 * Recorded in every trial (they are what `drsim drill` shows); a runbook's
 * steps wait for them (runbook.h). The first alert is the application
 * going down (monitoring's alarm). Private to models/world; the state is in
 * worldInt.h.
 */
#ifndef DRSIM_ALERTS_H
#define DRSIM_ALERTS_H

#include "models/world/worldInt.h"
#include "sim/core/err.h"

/* Builds what the world keeps for the outages' notices; ERR_NOMEM. */
err_code al_build(world *w);
void al_destroy(world *w);

/* A trial begins: no alert yet. */
void al_reset(world *w);

/* Outage o occurs in this trial: its notices are scheduled. */
void al_schedule_notices(world *w, const outage_rt *o);

/* An alert fires now (text printf-style); `eta` is a notice's ETA in s
 * (0: none). Marks the world changed. */
void al_raise(world *w, scn_alert kind, const char *subject, double eta, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
