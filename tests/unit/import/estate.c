/*
 * estate.c — the import's shared vocabulary: SKUs to drsim's redundancy
 * and disk kinds (storage-redundancy.md, disks-types.md), regions as the
 * inputs spell them, resource ids compared across inputs, VHD URIs, and
 * findings kept once.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "models/import/estate.h"

Test(estate, storage_skus_map_to_drsims_redundancy)
{
    const char *table[][2] = {
        {"Standard_LRS", "LRS"},     {"Standard_ZRS", "ZRS"},    {"Standard_GRS", "GRS"},
        {"Standard_RAGRS", "RA-GRS"}, {"Standard_GZRS", "GZRS"}, {"Standard_RAGZRS", "RA-GZRS"},
        {"Premium_LRS", "LRS"},      {"Premium_ZRS", "ZRS"},     {"RAGZRS", "RA-GZRS"},
        {"standard_ragrs", "RA-GRS"},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        const char *got = est_storage_redundancy(table[i][0]);
        cr_assert(got != NULL && strcmp(got, table[i][1]) == 0, "%s -> %s", table[i][0],
                  got ? got : "NULL");
    }
    /* Premium accounts are LRS or ZRS only (storage-account-overview.md). */
    cr_assert_null(est_storage_redundancy("Premium_GRS"));
    cr_assert_null(est_storage_redundancy("Standard_XRS"));
    cr_assert_null(est_storage_redundancy("Basic_LRS"));
    cr_assert_null(est_storage_redundancy(NULL));
}

Test(estate, disk_skus_map_to_kinds)
{
    const char *kind = NULL, *red = NULL;
    cr_assert(est_disk_sku("StandardSSD_ZRS", &kind, &red));
    cr_assert_str_eq(kind, "standard");
    cr_assert_str_eq(red, "ZRS");
    cr_assert(est_disk_sku("PremiumV2_LRS", &kind, &red));
    cr_assert_str_eq(kind, "premium-v2");
    cr_assert(est_disk_sku("UltraSSD_LRS", &kind, &red));
    cr_assert_str_eq(kind, "ultra");
    cr_assert(!est_disk_sku("Premium_XYZ", &kind, &red));
}

Test(estate, regions_ids_and_vhds)
{
    est_estate *e = est_new("x.json");
    cr_assert_str_eq(est_region(e, "East US 2"), "eastus2");
    cr_assert_str_eq(est_region(e, "WestEurope"), "westeurope");
    cr_assert_null(est_region(e, ""));
    cr_assert_str_eq(est_id_key(e, "/subscriptions/s/resourceGroups/RG/providers/Microsoft.Compute/disks/D1/"),
                     "microsoft.compute/disks/d1");
    /* A child of an extension resource: the key starts after the last /providers/. */
    cr_assert_str_eq(est_id_key(e, "/subscriptions/s/providers/Microsoft.A/x/y/providers/Microsoft.B/z/w"),
                     "microsoft.b/z/w");
    cr_assert(!est_same_id(e, "/providers/Microsoft.Compute/disks/a",
                           "/providers/Microsoft.Compute/disks/ab"));
    cr_assert_str_eq(est_id_name(e, "/providers/Microsoft.Compute/disks/data-1"), "data-1");
    cr_assert_str_eq(est_vhd_account(e, "https://legacy.blob.core.windows.net/vhds/os.vhd"),
                     "legacy");
    cr_assert_null(est_vhd_account(e, "https://legacy.file.core.windows.net/share/os.vhd"));
    cr_assert_str_eq(est_consistency("BoundedStaleness"), "bounded_staleness");
    cr_assert_null(est_consistency("Linearizable"));
    est_free(e);
}

Test(estate, the_same_finding_is_kept_once)
{
    est_estate *e = est_new("x.json");
    est_error(e, "$.a", "bad %d", 1);
    est_error(e, "$.a", "bad %d", 1);
    est_error(e, "$.b", "bad %d", 1);
    est_note(e, "$.a", "bad %d", 1);
    cr_assert_eq(e->nfindings, 3);
    cr_assert_eq(est_nerrors(e), 2);
    est_free(e);
    est_free(NULL);
}
