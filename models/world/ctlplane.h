/*
 * ctlplane.h — the regions' control planes in a trial (ctlplane.c): whether
 * a management operation on a region's resources (deleting a VM, creating
 * one, converting a storage account) can go through now, and when it will.
 *
 * A region's control plane follows the outages of that region: each says
 * whether it takes it down, leaves it up, or impairs it (its control_plane;
 * by default down with a region outage, up with a zone's or a datacenter's:
 * models/azure/defaults.h, "Control planes"). Down: operations wait until no
 * outage of the region takes it down. Impaired: an operation goes through
 * after a delay drawn for it, at most when the impairing outage ends.
 * Private to models/world; the outages are outage_rt (worldInt.h).
 */
#ifndef DRSIM_CTLPLANE_H
#define DRSIM_CTLPLANE_H

#include <stdbool.h>
#include <stdint.h>

#include "models/world/worldInt.h"

/* What outage o does to its region's control plane (its setting resolved
 * against its scope): SCN_CP_UP, SCN_CP_DOWN or SCN_CP_IMPAIRED. */
scn_control_plane cp_effect(const outage_rt *o);

/* Whether the control plane of `region` is down or impaired now. */
bool cp_down(const world *w, uint32_t region);
bool cp_impaired(const world *w, uint32_t region);

/* When a management operation on `region` issued now goes through: now
 * when its control plane is up; else the first instant no outage takes it
 * down, after each impairing outage's delay (a draw from the stream of
 * `entity`, at most that outage's end). The outages' ends are drawn at the
 * trial's start, so this is the instant the operation, retried, succeeds. */
sim_time cp_ready_at(world *w, uint32_t region, uint64_t entity);

/* Words for the state of `region`'s control plane now: "down", "impaired"
 * or "up". */
const char *cp_state(const world *w, uint32_t region);

#endif
