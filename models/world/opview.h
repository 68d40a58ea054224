/*
 * opview.h — the operator's view of a world at the current instant: what a
 * team would see on its dashboards, and nothing else (opview.c).
 *
 * Shown: the alerts and status-page notices fired so far, the application's
 * health as its users see it, its endpoints as Traffic Manager or Front Door
 * sees them, each VM group's VMs, each storage account's availability, Last
 * Sync Time and replication health, Site Recovery's per-VM RPO and
 * replication health, the SQL failover groups' and Cosmos DB accounts'
 * state, and the answers to the operator's actions. Never shown: when the
 * outage began, how long it will last, whether it destroyed anything — the
 * hidden truth a drill is about (only its consequences show, as they would).
 *
 * Times are simulated microseconds from the trial's start; time 0 is a
 * Monday 00:00 UTC (ov_clock).
 */
#ifndef DRSIM_OPVIEW_H
#define DRSIM_OPVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "models/scenario/scenario.h"
#include "models/world/world.h"
#include "sim/core/strbuf.h"
#include "sim/kernel/engine.h"

typedef struct ov_alert {
    sim_time t;
    scn_alert kind;
    const char *subject; /* "" when none */
    const char *text;
    double eta;          /* a notice's ETA, s from t (0: none) */
} ov_alert;

typedef struct ov_act {
    size_t step;         /* the runbook step it was */
    sim_time t;
    bool refused;
    const char *answer;
} ov_act;

/* The alerts fired so far (in time order) and the actions taken; pointers
 * valid until the world's next trial. */
size_t ov_nalerts(const world *w);
ov_alert ov_alert_at(const world *w, size_t i);
size_t ov_nacts(const world *w);
ov_act ov_act_at(const world *w, size_t i);

/* The dashboards now, as text lines (no control characters of drsim's own;
 * names and notices are the scenario's). */
void ov_status(world *w, strbuf *out);

/* A duration as the dashboards show it: whole seconds, whole minutes past
 * an hour ("6m 14s", "2h 5m"). */
const char *ov_duration(double seconds, char *buf, size_t n);

/* A simulated instant as the operator's clock shows it: "Tue 03:59". */
const char *ov_clock(sim_time t, char *buf, size_t n);

#endif
