/*
 * catalogue.c — Azure regions and pairs.
 *
 * Source: articles/reliability/cross-region-replication-azure.md in
 * MicrosoftDocs/azure-docs, summarised in reference/azure-facts.md ("Region
 * pairs"). A pair is stored on each region as its own GRS secondary, so the
 * one-way pairs are simply regions whose secondary does not point back:
 * Brazil South -> South Central US, West US 3 -> East US, West India -> South
 * India, Brazil Southeast -> Brazil South.
 *
 * Invariant: every `pair` names a region of this table (checked by the tests).
 */
#include "models/azure/catalogue.h"

#include <string.h>

const cat_region cat_regions[] = {
    /* Two-way pairs. */
    {"eastus", "westus"},
    {"westus", "eastus"},
    {"eastus2", "centralus"},
    {"centralus", "eastus2"},
    {"northcentralus", "southcentralus"},
    {"southcentralus", "northcentralus"},
    {"westus2", "westcentralus"},
    {"westcentralus", "westus2"},
    {"northeurope", "westeurope"},
    {"westeurope", "northeurope"},
    {"uksouth", "ukwest"},
    {"ukwest", "uksouth"},
    {"francecentral", "francesouth"},
    {"francesouth", "francecentral"},
    {"germanywestcentral", "germanynorth"},
    {"germanynorth", "germanywestcentral"},
    {"switzerlandnorth", "switzerlandwest"},
    {"switzerlandwest", "switzerlandnorth"},
    {"norwayeast", "norwaywest"},
    {"norwaywest", "norwayeast"},
    {"swedencentral", "swedensouth"},
    {"swedensouth", "swedencentral"},
    {"japaneast", "japanwest"},
    {"japanwest", "japaneast"},
    {"koreacentral", "koreasouth"},
    {"koreasouth", "koreacentral"},
    {"eastasia", "southeastasia"},
    {"southeastasia", "eastasia"},
    {"australiaeast", "australiasoutheast"},
    {"australiasoutheast", "australiaeast"},
    {"australiacentral", "australiacentral2"},
    {"australiacentral2", "australiacentral"},
    {"canadacentral", "canadaeast"},
    {"canadaeast", "canadacentral"},
    {"centralindia", "southindia"},
    {"southindia", "centralindia"},
    {"southafricanorth", "southafricawest"},
    {"southafricawest", "southafricanorth"},
    {"uaenorth", "uaecentral"},
    {"uaecentral", "uaenorth"},
    /* One-way pairs. */
    {"brazilsouth", "southcentralus"},
    {"westus3", "eastus"},
    {"westindia", "southindia"},
    {"brazilsoutheast", "brazilsouth"},
    /* No pair: GRS/GZRS there is an error. */
    {"qatarcentral", NULL},
    {"polandcentral", NULL},
    {"israelcentral", NULL},
    {"italynorth", NULL},
    {"austriaeast", NULL},
    {"spaincentral", NULL},
};

const size_t cat_nregions = sizeof cat_regions / sizeof cat_regions[0];

int cat_find(const char *name)
{
    for (size_t i = 0; i < cat_nregions; i++)
        if (strcmp(cat_regions[i].name, name) == 0)
            return (int)i;
    return -1;
}
