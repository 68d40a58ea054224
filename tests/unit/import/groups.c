/*
 * groups.c — VM groups inferred from an estate's VMs: an availability set
 * is one group; VMs whose names differ only by a number are one group when
 * their region, disks, protection and backup agree, else groups of their
 * own; tiers in several regions are linked by names that differ only by a
 * region or its short form, to the lost region's group.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "models/import/estate.h"
#include "models/import/groups.h"

static est_vm *vm(est_estate *e, const char *name, const char *region, int zone,
                  double disk_gib)
{
    est_vm *v = EST_ADD(e, vms);
    cr_assert(v != NULL);
    v->name = est_str(e, name);
    v->id = est_fmt(e, "/providers/Microsoft.Compute/virtualMachines/%s", name);
    v->region = region;
    v->zone = zone;
    v->src = (est_src){"Microsoft.Compute/virtualMachines", v->name, "$"};
    est_disk *d = est_push(e, &v->disks, &v->ndisks, &v->capdisks, sizeof *v->disks);
    cr_assert(d != NULL);
    d->kind = "premium";
    d->size_gib = disk_gib;
    d->lun = -1;
    return v;
}

Test(groups, numbered_vms_of_one_region_and_shape_are_one_group_spread_over_their_zones)
{
    est_estate *e = est_new("t");
    vm(e, "api-eus2-1", "eastus2", 1, 64);
    vm(e, "api-eus2-2", "eastus2", 2, 64);
    vm(e, "api-eus2-3", "eastus2", 1, 128); /* another disk size: its own group */
    vm(e, "api-cus-1", "centralus", 1, 64);  /* another region: its own group */
    est_names names = {0};
    grp_group *g = NULL;
    size_t n = 0;
    cr_assert(grp_make(e, &names, &g, &n));
    cr_assert_eq(n, 3);
    cr_assert_str_eq(g[0].name, "api-eus2");
    cr_assert_eq(g[0].count, 2);
    cr_assert_eq(g[0].zones, (1u << 1) | (1u << 2));
    cr_assert_str_eq(g[1].name, "api-eus2-3");
    cr_assert_str_eq(e->vms[1].group, "api-eus2");
    cr_assert_str_eq(e->vms[3].group, "api-cus-1");
    est_free(e);
}

Test(groups, an_availability_set_is_one_group_named_after_it)
{
    est_estate *e = est_new("t");
    est_vm *a = vm(e, "front-a", "westeurope", 0, 30);
    est_vm *b = vm(e, "front-b", "westeurope", 0, 30);
    a->avset_ref = "/providers/Microsoft.Compute/availabilitySets/web-as";
    b->avset_ref = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/availabilitySets/WEB-AS";
    est_names names = {0};
    grp_group *g = NULL;
    size_t n = 0;
    cr_assert(grp_make(e, &names, &g, &n));
    cr_assert_eq(n, 1);
    cr_assert_str_eq(g[0].name, "web-as");
    cr_assert_eq(g[0].nmembers, 2);
    est_free(e);
}

Test(groups, a_tier_in_two_regions_names_the_lost_regions_group)
{
    est_estate *e = est_new("t");
    vm(e, "web-ne-1", "northeurope", 0, 30);
    vm(e, "web-we-1", "westeurope", 0, 30);
    vm(e, "sql-we", "westeurope", 0, 1024);
    vm(e, "cache-northeurope", "northeurope", 0, 30); /* no twin: no tier */
    est_names names = {0};
    grp_group *g = NULL;
    size_t n = 0;
    cr_assert(grp_make(e, &names, &g, &n));
    cr_assert_eq(n, 4);
    grp_link_tiers(e, g, n, "westeurope");
    cr_assert_str_eq(g[0].tier, "web-we-1", "the North Europe web tier deploys West Europe's");
    cr_assert_null(g[1].tier, "the lost region's group is the tier's own");
    cr_assert_null(g[2].tier);
    cr_assert_null(g[3].tier);
    est_free(e);
}
