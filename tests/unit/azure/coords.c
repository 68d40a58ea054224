/*
 * coords.c — the catalogue's regions on the globe: every region has its
 * coordinates, and distances are great-circle ones (haversine, 6371 km).
 */
#include <criterion/criterion.h>

#include "models/azure/catalogue.h"
#include "models/azure/coords.h"

Test(coords, every_catalogue_region_has_coordinates)
{
    for (size_t i = 0; i < cat_nregions; i++) {
        double lat, lon;
        cr_assert(cat_coords(cat_regions[i].name, &lat, &lon), "%s has none",
                  cat_regions[i].name);
        cr_assert(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180, "%s", cat_regions[i].name);
    }
    double lat, lon;
    cr_assert(!cat_coords("lab-east", &lat, &lon));
}

/* A quarter of a meridian is pi r / 2; antipodes are pi r apart. */
Test(coords, distances_are_great_circle_arcs)
{
    const double pi = 3.14159265358979323846, r = 6371;
    cr_assert_float_eq(cat_distance_km(0, 0, 90, 0), pi * r / 2, 1e-6);
    cr_assert_float_eq(cat_distance_km(0, 0, 0, 180), pi * r, 1e-6);
    cr_assert_float_eq(cat_distance_km(10, 20, 10, 20), 0, 1e-9);
    /* West Europe to East US is within Cosmos DB's 8000 km; to Australia East not. */
    double a, b, c, d;
    cr_assert(cat_coords("westeurope", &a, &b) && cat_coords("eastus", &c, &d));
    cr_assert_lt(cat_distance_km(a, b, c, d), 8000);
    cr_assert(cat_coords("australiaeast", &c, &d));
    cr_assert_gt(cat_distance_km(a, b, c, d), 8000);
}
