/*
 * groups.h — the VM groups a scenario is written with, inferred from the
 * estate's VMs: the VMs of one availability set are one group; so are VMs
 * outside one whose names differ only by a number, in one region, with the
 * same disks, protection and backup (a scaled-out tier: "api-eus2-1",
 * "api-eus2-2"); any other VM is a group of its own. And the groups of one
 * tier deployed in several regions (names that differ only by a region or
 * its short form: "web-we-1", "web-ne-1"), linked with the scenario's
 * `tier:`.
 *
 * Every group's name is a valid, unique scenario name; every VM's `group`
 * names its group once grp_make returns. The groups live in the estate's
 * arena.
 */
#ifndef DRSIM_GROUPS_H
#define DRSIM_GROUPS_H

#include <stdbool.h>
#include <stddef.h>

#include "models/import/estate.h"

typedef struct grp_group {
    const char *name;
    est_vm *first;          /* its first VM: its region, disks, protection */
    est_vm **members;       /* every VM of it, in the input's order */
    size_t nmembers, capmembers;
    size_t count;           /* = nmembers */
    const char *avset;      /* its availability set's id, or NULL */
    const char *tier;       /* the group whose tier it deploys in another
                               region, or NULL (grp_link_tiers) */
    unsigned zones;         /* bit z: a VM in zone z */
} grp_group;

/* The groups of e's VMs into *groups (*n of them), their names taken in
 * names. False when out of memory (e->oom). */
bool grp_make(est_estate *e, est_names *names, grp_group **groups, size_t *n);

/* Links the groups of one tier in several regions: each group outside
 * `lost` (the region the template loses; NULL: none) whose tier has a group
 * in another region names, as its tier, the lost region's group of it, else
 * the first. For an app with an entry (without one an app is in one
 * region). */
void grp_link_tiers(est_estate *e, grp_group *groups, size_t n, const char *lost);

#endif
