/*
 * catalogue.h — the built-in catalogue of Azure regions and their pairs.
 *
 * The pairs are those of articles/reliability/cross-region-replication-azure.md
 * (MicrosoftDocs/azure-docs), as listed in reference/azure-facts.md: two-way
 * pairs, four one-way pairs, and regions without a pair. Every catalogue
 * region has DEF_REGION_ZONES zones of DEF_ZONE_DATACENTERS datacenters
 * (defaults.h); a scenario's `regions:` overrides any of it by name.
 *
 * Names are Azure's lowercase programmatic names ("westeurope").
 */
#ifndef DRSIM_CATALOGUE_H
#define DRSIM_CATALOGUE_H

#include <stddef.h>

typedef struct cat_region {
    const char *name;
    const char *pair; /* the GRS secondary's name, or NULL (no pair) */
} cat_region;

/* The catalogue, in a fixed order (its order is the region index order of a
 * scenario before the regions it adds). */
extern const cat_region cat_regions[];
extern const size_t cat_nregions;

/* The index of `name` in cat_regions, or -1. */
int cat_find(const char *name);

#endif
