/*
 * topology.c — down counts and destroyed flags per region, zone, datacenter.
 *
 * Layout: per region, one record for the region, then one per zone, then one
 * per datacenter (zone-major). Invariant: a count is the number of outages
 * currently covering exactly that place; destroyed flags never clear within a
 * trial.
 */
#include "models/world/topology.h"

#include "sim/core/mem.h"

typedef struct place_state {
    uint32_t down;
    bool destroyed;
} place_state;

typedef struct region_state {
    uint32_t zones, dcs;  /* per zone */
    size_t first;         /* index of the region's record in `places` */
} region_state;

struct topology {
    region_state *regions;
    size_t nregions;
    place_state *places;
    size_t nplaces;
};

topology *topo_create(const scn_region *regions, size_t nregions)
{
    topology *t = mem_calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    t->nregions = nregions;
    t->regions = mem_calloc(nregions ? nregions : 1, sizeof *t->regions);
    if (t->regions == NULL)
        goto fail;
    size_t n = 0;
    for (size_t r = 0; r < nregions; r++) {
        region_state *rs = &t->regions[r];
        rs->zones = regions[r].zones ? regions[r].zones : 1;
        rs->dcs = regions[r].datacenters ? regions[r].datacenters : 1;
        rs->first = n;
        n += 1 + rs->zones + (size_t)rs->zones * rs->dcs;
    }
    t->nplaces = n;
    t->places = mem_calloc(n ? n : 1, sizeof *t->places);
    if (t->places == NULL)
        goto fail;
    return t;
fail:
    topo_destroy(t);
    return NULL;
}

void topo_destroy(topology *t)
{
    if (t == NULL)
        return;
    mem_free(t->regions);
    mem_free(t->places);
    mem_free(t);
}

void topo_reset(topology *t)
{
    for (size_t i = 0; i < t->nplaces; i++)
        t->places[i] = (place_state){0, false};
}

uint32_t topo_zones(const topology *t, uint32_t region)
{
    return t->regions[region].zones;
}

uint32_t topo_datacenters(const topology *t, uint32_t region)
{
    return t->regions[region].dcs;
}

static place_state *region_rec(const topology *t, uint32_t r)
{
    return &t->places[t->regions[r].first];
}

static place_state *zone_rec(const topology *t, uint32_t r, uint32_t z)
{
    return &t->places[t->regions[r].first + z];
}

static place_state *dc_rec(const topology *t, uint32_t r, uint32_t z, uint32_t d)
{
    const region_state *rs = &t->regions[r];
    return &t->places[rs->first + 1 + rs->zones + (size_t)(z - 1) * rs->dcs + (d - 1)];
}

static place_state *rec(const topology *t, topo_place p)
{
    if (p.zone == 0)
        return region_rec(t, p.region);
    if (p.dc == 0)
        return zone_rec(t, p.region, p.zone);
    return dc_rec(t, p.region, p.zone, p.dc);
}

void topo_down(topology *t, topo_place where, bool destroy)
{
    place_state *ps = rec(t, where);
    ps->down++;
    if (destroy)
        ps->destroyed = true;
}

void topo_up(topology *t, topo_place where)
{
    place_state *ps = rec(t, where);
    if (ps->down > 0)
        ps->down--;
}

bool topo_region_down(const topology *t, uint32_t region)
{
    return region_rec(t, region)->down > 0;
}

bool topo_dc_up(const topology *t, uint32_t r, uint32_t z, uint32_t d)
{
    return region_rec(t, r)->down == 0 && zone_rec(t, r, z)->down == 0 &&
           dc_rec(t, r, z, d)->down == 0;
}

bool topo_dc_destroyed(const topology *t, uint32_t r, uint32_t z, uint32_t d)
{
    return region_rec(t, r)->destroyed || zone_rec(t, r, z)->destroyed ||
           dc_rec(t, r, z, d)->destroyed;
}

uint32_t topo_zones_up(const topology *t, uint32_t r)
{
    if (region_rec(t, r)->down > 0)
        return 0;
    uint32_t up = 0;
    for (uint32_t z = 1; z <= t->regions[r].zones; z++) {
        if (zone_rec(t, r, z)->down > 0)
            continue;
        for (uint32_t d = 1; d <= t->regions[r].dcs; d++)
            if (dc_rec(t, r, z, d)->down == 0) {
                up++;
                break;
            }
    }
    return up;
}

uint32_t topo_zones_destroyed(const topology *t, uint32_t r)
{
    uint32_t zones = t->regions[r].zones;
    if (region_rec(t, r)->destroyed)
        return zones;
    uint32_t gone = 0;
    for (uint32_t z = 1; z <= zones; z++) {
        bool all = true;
        for (uint32_t d = 1; d <= t->regions[r].dcs; d++)
            all = all && dc_rec(t, r, z, d)->destroyed;
        gone += zone_rec(t, r, z)->destroyed || all;
    }
    return gone;
}
