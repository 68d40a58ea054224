/*
 * coords.h — where the catalogue's regions are on the globe, and the
 * great-circle distance between two of them: what Cosmos DB's limit on strong
 * consistency is stated in ("Strong consistency for accounts with regions
 * spanning more than 5000 miles (8000 kilometers) is blocked by default",
 * consistency-levels.md, azure-databases-docs, ms.date 08/28/2025).
 *
 * Each region stands at the metro of its physical location (Azure's location
 * metadata, `az account list-locations`: physicalLocation, latitude,
 * longitude), to within tens of kilometres: enough for a limit of 8000 km,
 * not for pairs within a few tens of kilometres of it. A region a scenario
 * adds has no coordinates.
 */
#ifndef DRSIM_COORDS_H
#define DRSIM_COORDS_H

#include <stdbool.h>

/* The coordinates (degrees) of the catalogue's region `name`; false when it
 * has none. */
bool cat_coords(const char *name, double *lat, double *lon);

/* The great-circle distance in km between two points (degrees), on a sphere
 * of the Earth's mean radius (6371 km). */
double cat_distance_km(double lat1, double lon1, double lat2, double lon2);

#endif
