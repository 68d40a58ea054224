/*
 * mapping.c — the records both import dialects make (see mapping.h).
 *
 * Invariant: a record is added whole or not at all — a value drsim does not
 * know (a SKU, a consistency level) is an error and adds nothing — except
 * a disk, which belongs to its VM either way (its kind is then assumed when
 * linked, and the error stops the import).
 */
#include "models/import/mapping.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "models/import/jsonq.h"

void map_account(est_estate *e, est_src src, const char *id, const char *region,
                 const char *sku, const char *sku_path, const char *kind, const char *access_tier)
{
    const char *redundancy = est_storage_redundancy(sku);
    if (sku == NULL) {
        est_error(e, sku_path, "a storage account without its SKU (expected e.g. Standard_GRS)");
        return;
    }
    if (redundancy == NULL) {
        est_error(e, sku_path,
                  "unknown storage account SKU '%s' (expected Standard_LRS, Standard_ZRS, "
                  "Standard_GRS, Standard_RAGRS, Standard_GZRS, Standard_RAGZRS, Premium_LRS "
                  "or Premium_ZRS)",
                  sku);
        return;
    }
    if (region == NULL)
        return;
    est_account *a = EST_ADD(e, accounts);
    if (a == NULL)
        return;
    a->src = src;
    a->id = est_str(e, id);
    a->name = src.name;
    a->region = region;
    a->redundancy = redundancy;
    a->sku = est_str(e, sku);
    a->kind = est_str(e, kind);
    a->access_tier = est_str(e, access_tier);
    a->premium_block_blobs = kind != NULL && strcasecmp(kind, "BlockBlobStorage") == 0;
}

void map_disk_fields(est_estate *e, json_t *obj, const char *path, const char *sku_key,
                     const char *size_key, est_disk *d)
{
    double size = 0;
    if (jq_num(e, obj, size_key, path, &size))
        d->size_gib = size;
    const char *sku = jq_str(e, obj, sku_key, path);
    if (sku == NULL)
        return;
    d->sku = est_str(e, sku);
    if (!est_disk_sku(sku, &d->kind, &d->redundancy))
        est_error(e, jq_key(e, path, sku_key),
                  "unknown managed disk SKU '%s' (expected Standard_LRS, StandardSSD_LRS, "
                  "StandardSSD_ZRS, Premium_LRS, Premium_ZRS, PremiumV2_LRS or UltraSSD_LRS)",
                  sku);
}

void map_managed_disk(est_estate *e, est_src src, const char *id, json_t *obj,
                      const char *sku_key, const char *size_key)
{
    est_disk *d = EST_ADD(e, disks);
    if (d == NULL)
        return;
    d->src = src;
    d->id = est_str(e, id);
    d->name = src.name;
    d->lun = -1;
    map_disk_fields(e, obj, src.path, sku_key, size_key, d);
}

void map_vm_disk_read(est_estate *e, est_vm *vm, json_t *obj, const char *path, int lun,
                      const map_disk_keys *keys)
{
    est_disk *d = est_push(e, &vm->disks, &vm->ndisks, &vm->capdisks, sizeof *vm->disks);
    if (d == NULL)
        return;
    d->src = vm->src;
    d->src.path = est_str(e, path);
    d->lun = lun;
    d->name = est_str(e, jq_str(e, obj, keys->name, path));
    const char *vhd = keys->vhd_uri != NULL ? jq_str(e, obj, keys->vhd_uri, path) : NULL;
    if (vhd != NULL) {
        d->kind = "unmanaged";
        (void)jq_num(e, obj, keys->size_gib, path, &d->size_gib);
        d->vhd_account = est_vhd_account(e, vhd);
        if (d->vhd_account == NULL && !e->oom)
            est_error(e, jq_key(e, path, keys->vhd_uri),
                      "a VHD URI that names no storage account: '%s' (expected "
                      "https://ACCOUNT.blob.core.windows.net/...)",
                      vhd);
        return;
    }
    if (keys->managed_id != NULL)
        d->ref = est_str(e, jq_str(e, obj, keys->managed_id, path));
    map_disk_fields(e, obj, path, keys->sku, keys->size_gib, d);
}

est_sqlfg *map_sqlfg(est_estate *e, est_src src, const char *id, bool managed_instance,
                     const char *failover_mode)
{
    est_sqlfg *g = EST_ADD(e, sqlfgs);
    if (g == NULL)
        return NULL;
    g->src = src;
    g->id = est_str(e, id);
    g->name = src.name;
    g->managed_instance = managed_instance;
    /* "Automatic": Microsoft fails the group over after its grace period;
     * "Manual": only the customer does (failover-group-sql-db.md). */
    g->automatic = failover_mode != NULL && strcasecmp(failover_mode, "Automatic") == 0;
    g->grace_minutes = -1;
    return g;
}

void map_sqlfg_databases(est_estate *e, est_sqlfg *g, json_t *list, const char *path)
{
    size_t i;
    json_t *db;
    json_array_foreach(list, i, db) {
        if (!json_is_string(db)) {
            est_error(e, jq_idx(e, path, i), "expected a database's id");
            continue;
        }
        const char **slot =
            est_push(e, &g->database_refs, &g->ndatabases, &g->capdatabases, sizeof *slot);
        if (slot == NULL)
            return;
        *slot = est_str(e, json_string_value(db));
    }
}

est_entry *map_entry(est_estate *e, est_src src, const char *id, const char *name,
                     bool front_door)
{
    est_entry *en = EST_ADD(e, entries);
    if (en == NULL)
        return NULL;
    en->src = src;
    en->id = est_str(e, id);
    en->name = est_str(e, name);
    en->front_door = front_door;
    en->interval = en->timeout = en->ttl = en->fd_interval = en->additional_latency_ms = -1;
    en->tolerated = en->sample_size = en->required = -1;
    return en;
}

void map_place(est_estate *e, const char *id, const char *region, const char *fqdn,
               const char *address)
{
    est_place *p = EST_ADD(e, places);
    if (p == NULL)
        return;
    p->id = est_str(e, id);
    p->region = region;
    p->fqdn = est_str(e, fqdn);
    p->address = est_str(e, address);
}

est_plan_group *map_plan_group(est_estate *e, est_plan *plan)
{
    return est_push(e, &plan->groups, &plan->ngroups, &plan->capgroups, sizeof *plan->groups);
}

void map_plan_item(est_estate *e, est_plan_group *g, const char *ref)
{
    const char **slot = est_push(e, &g->items, &g->nitems, &g->capitems, sizeof *g->items);
    if (slot != NULL)
        *slot = est_str(e, ref);
}

void map_plan_action(est_plan_group *g, const char *kind)
{
    if (kind != NULL && strcasecmp(kind, "ManualActionDetails") == 0)
        g->manuals++;
    else
        g->scripts++;
}

est_cosmos *map_cosmos(est_estate *e, est_src src, const char *level, const char *level_path)
{
    const char *consistency = est_consistency(level);
    if (level != NULL && consistency == NULL) {
        est_error(e, level_path,
                  "unknown consistency level '%s' (expected Strong, BoundedStaleness, "
                  "Session, ConsistentPrefix or Eventual)",
                  level);
        return NULL;
    }
    est_cosmos *c = EST_ADD(e, cosmos);
    if (c == NULL)
        return NULL;
    c->src = src;
    c->name = src.name;
    c->consistency = consistency;
    c->max_staleness_prefix = c->max_interval_s = -1;
    return c;
}

void map_cosmos_regions(est_estate *e, est_cosmos *c, json_t *locations, const char *path,
                        const char *region_key, const char *priority_key, const char *zr_key)
{
    /* In failover priority order: 0 is the write region, then each next. */
    size_t n = json_array_size(locations);
    for (size_t want = 0; want <= n; want++) {
        size_t i;
        json_t *loc;
        json_array_foreach(locations, i, loc) {
            const char *at = jq_idx(e, path, i);
            double priority = (double)i;
            (void)jq_num(e, loc, priority_key, at, &priority);
            if (priority != (double)want)
                continue;
            bool zr = false;
            if (jq_bool(e, loc, zr_key, at, &zr) && zr)
                c->zone_redundant = true;
            const char *region = jq_region(e, loc, region_key, at);
            if (region == NULL)
                continue;
            if (c->write_region == NULL) {
                c->write_region = region;
                continue;
            }
            const char **slot =
                est_push(e, &c->read_regions, &c->nread, &c->capread, sizeof *slot);
            if (slot == NULL)
                return;
            *slot = region;
        }
    }
    if (c->write_region == NULL)
        est_error(e, path, "a Cosmos DB account without its regions (expected each region "
                           "with its %s and %s)",
                  region_key, priority_key);
}

void map_vault(est_estate *e, const char *id, const char *name, const char *region,
               const char *storage_type, const char *type_path, const bool *crr)
{
    est_vault *v = NULL;
    for (size_t i = 0; i < e->nvaults && v == NULL; i++)
        if (name != NULL && e->vaults[i].name != NULL && strcasecmp(e->vaults[i].name, name) == 0)
            v = &e->vaults[i];
    if (v == NULL) {
        v = EST_ADD(e, vaults);
        if (v == NULL)
            return;
        v->name = est_str(e, name != NULL ? name : "(unnamed)");
    }
    if (id != NULL && v->id == NULL)
        v->id = est_str(e, id);
    if (region != NULL)
        v->region = region;
    if (crr != NULL) {
        v->crr = *crr;
        v->crr_known = true;
    }
    if (storage_type == NULL)
        return;
    /* backup-create-rs-vault.md: the vault's storage replication type. */
    static const struct { const char *azure, *drsim; } types[] = {
        {"GeoRedundant", "GRS"}, {"LocallyRedundant", "LRS"}, {"ZoneRedundant", "ZRS"},
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcasecmp(storage_type, types[i].azure) == 0) {
            v->redundancy = types[i].drsim;
            return;
        }
    est_error(e, type_path,
              "unknown backup storage type '%s' (expected GeoRedundant, LocallyRedundant or "
              "ZoneRedundant)",
              storage_type);
}

/* Minutes after midnight of "2024-01-01T22:30:00Z", "22:30" or "22:30:00";
 * -1 when it is none of them. */
static double time_of_day(const char *text)
{
    const char *t = strchr(text, 'T');
    t = t != NULL ? t + 1 : text;
    unsigned h = 0, m = 0;
    int used = 0;
    if (sscanf(t, "%2u:%2u%n", &h, &m, &used) != 2 || used < 4 || h > 23 || m > 59)
        return -1;
    return h * 60.0 + m;
}

est_backup_policy *map_backup_policy(est_estate *e, est_src src, const char *id,
                                     const char *vault, bool enhanced, const char *time,
                                     const char *time_path)
{
    est_backup_policy *p = EST_ADD(e, bpolicies);
    if (p == NULL)
        return NULL;
    p->src = src;
    p->id = est_str(e, id);
    p->name = src.name;
    p->vault = est_str(e, vault);
    p->enhanced = enhanced;
    p->at_minutes = p->every_hours = p->instant_days = -1;
    if (time != NULL) {
        p->at_minutes = time_of_day(time);
        if (p->at_minutes < 0)
            est_error(e, time_path, "a backup time drsim cannot read: '%s' (expected "
                                    "2024-01-01T22:30:00Z or 22:30)",
                      time);
    }
    return p;
}

void map_backup_item(est_estate *e, const char *vm_ref, const char *policy_ref,
                     const char *vault, const char *path)
{
    est_backup_item *b = EST_ADD(e, bitems);
    if (b == NULL)
        return;
    b->vm_ref = est_str(e, vm_ref);
    b->policy_ref = est_str(e, policy_ref);
    b->vault = est_str(e, vault);
    b->path = est_str(e, path);
}
