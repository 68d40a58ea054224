/*
 * armres.h — one Azure resource in its ARM form (type, name, location, sku,
 * kind, zones, properties) into the estate.
 *
 * ARM templates and Resource Graph results describe resources the same way
 * (the Resource Manager REST shape); arm.c and graph.c find the resources
 * and their ids, and hand each one here. What drsim models is mapped (see
 * estate.h); what only locates another resource (a public IP, a SQL
 * server, a vault) is kept as a place and listed as read; anything else is
 * listed as not modelled. Errors name the resource's JSON path.
 */
#ifndef DRSIM_ARMRES_H
#define DRSIM_ARMRES_H

#include <jansson.h>

#include "models/import/estate.h"

/* Maps `res`, found at `path`, of resource type `type`, its full name
 * `name` ("vault/fabric/..." for a child resource) and resource id `id`. */
void armres_map(est_estate *e, json_t *res, const char *type, const char *name, const char *id,
                const char *path);

#endif
