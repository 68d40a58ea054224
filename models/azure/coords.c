/*
 * coords.c — the catalogue's regions' coordinates (coords.h): each at the
 * metro of its physical location.
 */
#include "models/azure/coords.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

typedef struct coord {
    const char *name;
    double lat, lon;
} coord;

static const coord coords[] = {
    {"eastus", 37.37, -79.82},          /* Virginia */
    {"westus", 37.78, -122.42},         /* California */
    {"eastus2", 36.67, -78.39},         /* Virginia */
    {"centralus", 41.59, -93.62},       /* Iowa */
    {"northcentralus", 41.88, -87.63},  /* Illinois */
    {"southcentralus", 29.42, -98.50},  /* Texas */
    {"westus2", 47.23, -119.85},        /* Washington */
    {"westcentralus", 40.89, -110.23},  /* Wyoming */
    {"northeurope", 53.35, -6.26},      /* Ireland */
    {"westeurope", 52.37, 4.90},        /* Netherlands */
    {"uksouth", 50.94, -0.80},          /* London */
    {"ukwest", 53.43, -3.08},           /* Cardiff */
    {"francecentral", 46.38, 2.37},     /* Paris */
    {"francesouth", 43.30, 5.37},       /* Marseille */
    {"germanywestcentral", 50.11, 8.68},/* Frankfurt */
    {"germanynorth", 52.52, 13.40},     /* Berlin */
    {"switzerlandnorth", 47.45, 8.56},  /* Zurich */
    {"switzerlandwest", 46.20, 6.14},   /* Geneva */
    {"norwayeast", 59.91, 10.75},       /* Oslo */
    {"norwaywest", 58.97, 5.73},        /* Stavanger */
    {"swedencentral", 60.67, 17.14},    /* Gävle */
    {"swedensouth", 55.60, 13.00},      /* Malmö */
    {"japaneast", 35.68, 139.77},       /* Tokyo, Saitama */
    {"japanwest", 34.69, 135.50},       /* Osaka */
    {"koreacentral", 37.57, 126.98},    /* Seoul */
    {"koreasouth", 35.18, 129.08},      /* Busan */
    {"eastasia", 22.27, 114.19},        /* Hong Kong */
    {"southeastasia", 1.28, 103.83},    /* Singapore */
    {"australiaeast", -33.86, 151.21},  /* New South Wales */
    {"australiasoutheast", -37.81, 144.96}, /* Victoria */
    {"australiacentral", -35.31, 149.12},   /* Canberra */
    {"australiacentral2", -35.31, 149.12},  /* Canberra */
    {"canadacentral", 43.65, -79.38},   /* Toronto */
    {"canadaeast", 46.82, -71.22},      /* Quebec City */
    {"centralindia", 18.58, 73.92},     /* Pune */
    {"southindia", 12.98, 80.16},       /* Chennai */
    {"southafricanorth", -25.73, 28.22},/* Johannesburg */
    {"southafricawest", -34.08, 18.84}, /* Cape Town */
    {"uaenorth", 25.27, 55.31},         /* Dubai */
    {"uaecentral", 24.47, 54.37},       /* Abu Dhabi */
    {"brazilsouth", -23.55, -46.63},    /* Sao Paulo State */
    {"westus3", 33.45, -112.07},        /* Phoenix */
    {"westindia", 19.09, 72.87},        /* Mumbai */
    {"brazilsoutheast", -22.90, -43.21},/* Rio */
    {"qatarcentral", 25.55, 51.44},     /* Doha */
    {"polandcentral", 52.23, 21.01},    /* Warsaw */
    {"israelcentral", 32.09, 34.78},    /* Tel Aviv */
    {"italynorth", 45.47, 9.19},        /* Milan */
    {"austriaeast", 48.25, 16.37},      /* Vienna */
    {"spaincentral", 40.42, -3.70},     /* Madrid */
    {"indiasouthcentral", 17.39, 78.49},/* Hyderabad */
    {"belgiumcentral", 50.85, 4.35},    /* Brussels */
    {"chilecentral", -33.45, -70.67},   /* Santiago */
    {"denmarkeast", 55.68, 12.57},      /* Copenhagen */
    {"indonesiacentral", -6.21, 106.85},/* Jakarta */
    {"malaysiawest", 3.14, 101.69},     /* Kuala Lumpur */
    {"mexicocentral", 20.59, -100.39},  /* Querétaro */
    {"newzealandnorth", -36.85, 174.76},/* Auckland */
};

bool cat_coords(const char *name, double *lat, double *lon)
{
    for (size_t i = 0; i < sizeof coords / sizeof coords[0]; i++)
        if (strcmp(coords[i].name, name) == 0) {
            *lat = coords[i].lat;
            *lon = coords[i].lon;
            return true;
        }
    return false;
}

double cat_distance_km(double lat1, double lon1, double lat2, double lon2)
{
    const double rad = 3.14159265358979323846 / 180, r = 6371;
    double p1 = lat1 * rad, p2 = lat2 * rad;
    double dp = (lat2 - lat1) * rad, dl = (lon2 - lon1) * rad;
    double h = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
    return 2 * r * asin(sqrt(h < 1 ? h : 1));
}
