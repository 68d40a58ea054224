/*
 * mapping.h — the records both dialects make: armres.c (Resource Manager's
 * names, in templates and Resource Graph) and tfstate.c (azurerm's names)
 * read different keys for the same things; once read, a storage account, a
 * disk, an entry, a plan's group or a Cosmos DB account's regions are made
 * here, once, with one wording for each error.
 *
 * Every function files its errors on the estate at the path it is given and
 * returns NULL (or nothing) on an error or when out of memory (e->oom).
 */
#ifndef DRSIM_MAPPING_H
#define DRSIM_MAPPING_H

#include <jansson.h>

#include "models/import/estate.h"

/* A storage account; `sku` as Resource Manager spells it
 * ("Standard_RAGZRS"), an error at sku_path when drsim does not know it. */
void map_account(est_estate *e, est_src src, const char *id, const char *region,
                 const char *sku, const char *sku_path, const char *kind, const char *access_tier);

/* A managed disk's SKU (at sku_key) and size in GiB (at size_key) of obj,
 * into d; an unknown SKU is an error at its path. */
void map_disk_fields(est_estate *e, json_t *obj, const char *path, const char *sku_key,
                     const char *size_key, est_disk *d);

/* A managed disk resource. */
void map_managed_disk(est_estate *e, est_src src, const char *id, json_t *obj,
                      const char *sku_key, const char *size_key);

/* Where a dialect keeps a VM's disk's fields (NULL: it has no such key). */
typedef struct map_disk_keys {
    const char *name, *vhd_uri, *size_gib, *managed_id, *sku;
} map_disk_keys;

/* A disk of vm read from obj at path (lun -1: the OS disk): a VHD when it
 * has a VHD URI (its account from the URI: an error when the URI names
 * none), else a managed disk by its id and SKU. */
void map_vm_disk_read(est_estate *e, est_vm *vm, json_t *obj, const char *path, int lun,
                      const map_disk_keys *keys);

/* A SQL failover group with its common fields; the reader fills in its
 * regions and references. */
est_sqlfg *map_sqlfg(est_estate *e, est_src src, const char *id, bool managed_instance,
                     const char *failover_mode);

/* The failover group's databases: the ids in `list` (an array at path). */
void map_sqlfg_databases(est_estate *e, est_sqlfg *g, json_t *list, const char *path);

/* A Traffic Manager profile or Front Door origin group, every setting
 * unknown (-1). */
est_entry *map_entry(est_estate *e, est_src src, const char *id, const char *name,
                     bool front_door);

/* A resource that locates others: its id, region, host name, address. */
void map_place(est_estate *e, const char *id, const char *region, const char *fqdn,
               const char *address);

/* A recovery plan's new group; its items (protected item or VM ids); an
 * action after it, by its kind ("ManualActionDetails" is manual, anything
 * else a script or runbook). */
est_plan_group *map_plan_group(est_estate *e, est_plan *plan);
void map_plan_item(est_estate *e, est_plan_group *g, const char *ref);
void map_plan_action(est_plan_group *g, const char *kind);

/* A Cosmos DB account of the given consistency level as the input spells
 * it ("BoundedStaleness"; NULL: none given), an error at level_path when
 * drsim does not know it. */
est_cosmos *map_cosmos(est_estate *e, est_src src, const char *level, const char *level_path);

/* Its regions from `locations` (an array at path): each entry's region at
 * region_key, its failover priority at priority_key (0 the write region),
 * its zone redundancy at zr_key. None is an error at path. */
void map_cosmos_regions(est_estate *e, est_cosmos *c, json_t *locations, const char *path,
                        const char *region_key, const char *priority_key, const char *zr_key);

/* A Recovery Services vault, or more of one already made (by name: a
 * template gives its backup storage as a child resource): its backup
 * storage type as Azure spells it ("GeoRedundant", "LocallyRedundant",
 * "ZoneRedundant"; NULL: not given; another is noted and left unknown), and
 * Cross Region Restore when known. */
void map_vault(est_estate *e, const char *id, const char *name, const char *region,
               const char *storage_type, const char *type_path, const bool *crr);

/* An Azure Backup policy for VMs, its times as Azure writes them
 * ("2024-01-01T22:30:00Z" or "22:30"); a time drsim cannot read is an error
 * at its path. */
est_backup_policy *map_backup_policy(est_estate *e, est_src src, const char *id,
                                     const char *vault, bool enhanced, const char *time,
                                     const char *time_path);

/* A VM Azure Backup protects. */
void map_backup_item(est_estate *e, const char *vm_ref, const char *policy_ref,
                     const char *vault, const char *path);

#endif
