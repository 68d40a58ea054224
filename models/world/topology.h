/*
 * topology.h — which regions, zones and datacenters are up, and which have
 * lost their data, at the current instant of a trial.
 *
 * Every region has max(zones, 1) zones of `datacenters` datacenters each. An
 * outage marks a region, a zone or one datacenter down for its duration; a
 * destructive one also marks it destroyed, for good. Outages may overlap:
 * down-ness is counted, so a place is up only when no outage covers it.
 *
 * Zones and datacenters are numbered from 1 as in scenario files; a region
 * without zones has the single zone 1.
 *
 * Ownership: topo_create returns a topology the caller owns (topo_destroy
 * accepts NULL). It refers to the scenario's regions, which must outlive it.
 */
#ifndef DRSIM_TOPOLOGY_H
#define DRSIM_TOPOLOGY_H

#include <stdbool.h>
#include <stdint.h>

#include "models/scenario/scenario.h"

typedef struct topology topology;

/* A place: a whole region (zone 0), a zone (dc 0) or one datacenter. */
typedef struct topo_place {
    uint32_t region;
    uint32_t zone;
    uint32_t dc;
} topo_place;

topology *topo_create(const scn_region *regions, size_t nregions);
void topo_destroy(topology *t);

/* Back to everything up and intact. */
void topo_reset(topology *t);

/* Zones of a region as the topology counts them (>= 1). */
uint32_t topo_zones(const topology *t, uint32_t region);
uint32_t topo_datacenters(const topology *t, uint32_t region);

/* An outage covering `where` starts or ends. */
void topo_down(topology *t, topo_place where, bool destroy);
void topo_up(topology *t, topo_place where);

/* Whether the region as a whole is out (a region-scope outage). */
bool topo_region_down(const topology *t, uint32_t region);

/* Whether a datacenter is up (nothing above or at it is down). */
bool topo_dc_up(const topology *t, uint32_t region, uint32_t zone, uint32_t dc);

/* Whether a datacenter's data was destroyed (at it or above it). */
bool topo_dc_destroyed(const topology *t, uint32_t region, uint32_t zone, uint32_t dc);

/* Zones of the region that are up (not down and not in a down region; a zone
 * counts as up while at least one of its datacenters is). */
uint32_t topo_zones_up(const topology *t, uint32_t region);

/* Zones of the region whose every datacenter was destroyed. */
uint32_t topo_zones_destroyed(const topology *t, uint32_t region);

#endif
