/*
 * armres.c — Azure resources in their Resource Manager form into the estate
 * (see armres.h).
 *
 * Property names follow the REST API reference of each provider
 * (Microsoft.Storage storageAccounts, Microsoft.Compute virtualMachines and
 * disks, Microsoft.RecoveryServices replicationProtectedItems and
 * replicationRecoveryPlans, Microsoft.Network trafficManagerProfiles,
 * Microsoft.Cdn profiles/originGroups/origins, Microsoft.Sql failoverGroups
 * and instanceFailoverGroups, Microsoft.DocumentDB databaseAccounts). Where
 * a resource can be written two ways (an ARM template creates a protected
 * item with providerSpecificDetails.recoveryContainerId; a GET returns
 * recoveryFabricLocation), both are read.
 *
 * Invariant: a resource either adds one record, or one "not modelled" or
 * "read" line, or files an error — never nothing.
 */
#include "models/import/armres.h"

#include <string.h>
#include <strings.h>

#include "models/import/jsonq.h"
#include "models/import/mapping.h"

/* The last segment of a full name ("vault/fabric" -> "fabric"). */
static const char *last_segment(const char *name)
{
    const char *slash = strrchr(name, '/');
    return slash != NULL ? slash + 1 : name;
}

/* The first segment of a full name, as a new string. */
static const char *first_segment(est_estate *e, const char *name)
{
    const char *slash = strchr(name, '/');
    return slash == NULL ? name : est_fmt(e, "%.*s", (int)(slash - name), name);
}

/* The id of the resource that contains `id`: `levels` type/name pairs up. */
static const char *parent_id(est_estate *e, const char *id, int levels)
{
    size_t n = strlen(id);
    for (int k = 0; k < 2 * levels; k++) {
        while (n > 0 && id[n - 1] != '/')
            n--;
        if (n > 0)
            n--;
    }
    return est_fmt(e, "%.*s", (int)n, id);
}

static est_src src_of(est_estate *e, const char *type, const char *name, const char *path)
{
    return (est_src){est_str(e, type), est_str(e, last_segment(name)), est_str(e, path)};
}

static void storage_account(est_estate *e, json_t *r, const char *type, const char *name,
                            const char *id, const char *path)
{
    const char *sku = jq_str(e, r, "sku.name", path);
    const char *region = jq_region(e, r, "location", path);
    const char *kind = jq_str(e, r, "kind", path);
    const char *tier = jq_str(e, r, "properties.accessTier", path);
    map_account(e, src_of(e, type, name, path), id, region, sku, jq_key(e, path, "sku.name"),
                kind, tier);
}


static void managed_disk(est_estate *e, json_t *r, const char *type, const char *name,
                         const char *id, const char *path)
{
    map_managed_disk(e, src_of(e, type, name, path), id, r, "sku.name", "properties.diskSizeGB");
}

/* Where a VM's storageProfile keeps a disk's fields. */
static const map_disk_keys ARM_DISK = {"name", "vhd.uri", "diskSizeGB", "managedDisk.id",
                                       "managedDisk.storageAccountType"};

static void virtual_machine(est_estate *e, json_t *r, const char *type, const char *name,
                            const char *id, const char *path)
{
    const char *region = jq_region(e, r, "location", path);
    if (region == NULL)
        return;
    est_vm *vm = EST_ADD(e, vms);
    if (vm == NULL)
        return;
    vm->src = src_of(e, type, name, path);
    vm->id = est_str(e, id);
    vm->name = vm->src.name;
    vm->region = region;
    vm->size = est_str(e, jq_str(e, r, "properties.hardwareProfile.vmSize", path));
    vm->zone = jq_zone(e, r, "zones", path);
    vm->avset_ref = est_str(e, jq_str(e, r, "properties.availabilitySet.id", path));
    json_t *os = jq_get(r, "properties.storageProfile.osDisk");
    if (os != NULL) {
        vm->os_known = true;
        map_vm_disk_read(e, vm, os, jq_key(e, path, "properties.storageProfile.osDisk"), -1,
                         &ARM_DISK);
    }
    const char *data_path = jq_key(e, path, "properties.storageProfile.dataDisks");
    json_t *data = jq_array(e, r, "properties.storageProfile.dataDisks", path);
    size_t i;
    json_t *disk;
    json_array_foreach(data, i, disk) {
        const char *at = jq_idx(e, data_path, i);
        double lun = (double)i;
        (void)jq_num(e, disk, "lun", at, &lun);
        map_vm_disk_read(e, vm, disk, at, (int)lun, &ARM_DISK);
    }
}

static void availability_set(est_estate *e, json_t *r, const char *type, const char *name,
                             const char *id, const char *path)
{
    const char *region = jq_region(e, r, "location", path);
    est_avset *s = EST_ADD(e, avsets);
    if (s == NULL)
        return;
    s->src = src_of(e, type, name, path);
    s->id = est_str(e, id);
    s->name = s->src.name;
    s->region = region;
}

/* The fabric part of a protection container's id ("…/replicationFabrics/F"). */
static const char *fabric_of_container(est_estate *e, const char *container)
{
    if (container == NULL)
        return NULL;
    static const char marker[] = "/replicationprotectioncontainers/";
    for (const char *p = container; *p; p++)
        if (strncasecmp(p, marker, sizeof marker - 1) == 0)
            return est_fmt(e, "%.*s", (int)(p - container), container);
    return NULL;
}

static void protected_item(est_estate *e, json_t *r, const char *type, const char *name,
                           const char *id, const char *path)
{
    const char *details = "properties.providerSpecificDetails";
    json_t *d = jq_get(r, details);
    const char *dpath = jq_key(e, path, details);
    const char *instance = jq_str(e, d, "instanceType", dpath);
    if (instance == NULL || strcasecmp(instance, "A2A") != 0) {
        est_other_add(e, type, last_segment(name),
                      "a Site Recovery item that is not Azure-to-Azure (A2A): drsim models "
                      "Azure VMs replicated between Azure regions");
        return;
    }
    const char *vm = jq_str(e, d, "fabricObjectId", dpath);
    if (vm == NULL) {
        est_error(e, jq_key(e, dpath, "fabricObjectId"),
                  "an A2A protected item without its source VM (expected the VM's id)");
        return;
    }
    est_protected *p = EST_ADD(e, protecteds);
    if (p == NULL)
        return;
    p->src = src_of(e, type, name, path);
    p->id = est_str(e, id);
    p->vm_ref = est_str(e, vm);
    p->vault = first_segment(e, name);
    p->target_region = jq_region(e, d, "recoveryFabricLocation", dpath);
    p->target_fabric_ref = est_str(e, jq_str(e, r, "properties.recoveryFabricId", path));
    if (p->target_fabric_ref == NULL)
        p->target_fabric_ref =
            fabric_of_container(e, jq_str(e, d, "recoveryContainerId", dpath));
    p->multi_vm_group = est_str(e, jq_str(e, d, "multiVmGroupName", dpath));
    if (jq_get(d, "recoveryAvailabilityZone") != NULL)
        p->target_zone = jq_zone(e, d, "recoveryAvailabilityZone", dpath);
}

static void recovery_plan(est_estate *e, json_t *r, const char *type, const char *name,
                          const char *path)
{
    est_plan *plan = EST_ADD(e, plans);
    if (plan == NULL)
        return;
    plan->src = src_of(e, type, name, path);
    plan->name = plan->src.name;
    const char *gpath = jq_key(e, path, "properties.groups");
    json_t *groups = jq_array(e, r, "properties.groups", path);
    size_t i;
    json_t *g;
    json_array_foreach(groups, i, g) {
        const char *at = jq_idx(e, gpath, i);
        const char *kind = jq_str(e, g, "groupType", at);
        /* recovery-plan-overview.md: the Shutdown and Failover groups are
         * the plan's own steps; the Boot groups hold the VMs, in order. */
        if (kind != NULL && strcasecmp(kind, "Boot") != 0)
            continue;
        est_plan_group *pg = map_plan_group(e, plan);
        if (pg == NULL)
            return;
        const char *ipath = jq_key(e, at, "replicationProtectedItems");
        json_t *items = jq_array(e, g, "replicationProtectedItems", at);
        size_t k;
        json_t *item;
        json_array_foreach(items, k, item) {
            const char *ip = jq_idx(e, ipath, k);
            const char *ref = jq_str(e, item, "id", ip);
            if (ref == NULL)
                ref = jq_str(e, item, "virtualMachineId", ip);
            if (ref != NULL)
                map_plan_item(e, pg, ref);
        }
        const char *apath = jq_key(e, at, "endGroupActions");
        json_t *actions = jq_array(e, g, "endGroupActions", at);
        json_t *action;
        json_array_foreach(actions, k, action)
            map_plan_action(pg, jq_str(e, action, "customDetails.instanceType",
                                       jq_idx(e, apath, k)));
    }
}

static void endpoint_fields(est_estate *e, json_t *ep, const char *at, est_endpoint *out)
{
    out->name = est_str(e, jq_str(e, ep, "name", at));
    out->region = jq_region(e, ep, "properties.endpointLocation", at);
    out->target_ref = est_str(e, jq_str(e, ep, "properties.targetResourceId", at));
    if (out->target_ref == NULL)
        out->target_ref = est_str(e, jq_str(e, ep, "properties.azureOrigin.id", at));
    out->host = est_str(e, jq_str(e, ep, "properties.target", at));
    if (out->host == NULL)
        out->host = est_str(e, jq_str(e, ep, "properties.hostName", at));
    double priority = 0;
    if (jq_num(e, ep, "properties.priority", at, &priority))
        out->priority = (int)priority;
}

static void traffic_manager(est_estate *e, json_t *r, const char *type, const char *name,
                            const char *id, const char *path)
{
    est_entry *en = map_entry(e, src_of(e, type, name, path), id, last_segment(name), false);
    if (en == NULL)
        return;
    en->routing = est_str(e, jq_str(e, r, "properties.trafficRoutingMethod", path));
    (void)jq_num(e, r, "properties.dnsConfig.ttl", path, &en->ttl);
    (void)jq_num(e, r, "properties.monitorConfig.intervalInSeconds", path, &en->interval);
    (void)jq_num(e, r, "properties.monitorConfig.timeoutInSeconds", path, &en->timeout);
    double tolerated = -1;
    if (jq_num(e, r, "properties.monitorConfig.toleratedNumberOfFailures", path, &tolerated))
        en->tolerated = (int)tolerated;
    const char *epath = jq_key(e, path, "properties.endpoints");
    json_t *eps = jq_array(e, r, "properties.endpoints", path);
    size_t i;
    json_t *ep;
    json_array_foreach(eps, i, ep) {
        est_endpoint *out = est_push(e, &en->endpoints, &en->nendpoints, &en->capendpoints,
                                     sizeof *en->endpoints);
        if (out == NULL)
            return;
        endpoint_fields(e, ep, jq_idx(e, epath, i), out);
    }
}

/* A Traffic Manager endpoint or a Front Door origin as a resource of its
 * own: its parent is the profile (origin group) it belongs to. */
static void loose_endpoint(est_estate *e, json_t *r, const char *name, const char *id,
                           const char *path)
{
    est_loose_endpoint *l = EST_ADD(e, loose);
    if (l == NULL)
        return;
    l->parent_ref = parent_id(e, id, 1);
    endpoint_fields(e, r, path, &l->ep);
    l->ep.name = est_str(e, last_segment(name));
}

static void origin_group(est_estate *e, json_t *r, const char *type, const char *name,
                         const char *id, const char *path)
{
    /* An origin group is named with its profile: "profile/group". */
    est_entry *en = map_entry(e, src_of(e, type, name, path), id, name, true);
    if (en == NULL)
        return;
    (void)jq_num(e, r, "properties.healthProbeSettings.probeIntervalInSeconds", path,
                 &en->fd_interval);
    double x = -1;
    if (jq_num(e, r, "properties.loadBalancingSettings.sampleSize", path, &x))
        en->sample_size = (int)x;
    if (jq_num(e, r, "properties.loadBalancingSettings.successfulSamplesRequired", path, &x))
        en->required = (int)x;
    (void)jq_num(e, r, "properties.loadBalancingSettings.additionalLatencyInMilliseconds", path,
                 &en->additional_latency_ms);
}

static void sql_failover_group(est_estate *e, json_t *r, const char *type, const char *name,
                               const char *id, const char *path, bool managed_instance)
{
    const char *mode = jq_str(e, r, "properties.readWriteEndpoint.failoverPolicy", path);
    est_sqlfg *g = map_sqlfg(e, src_of(e, type, name, path), id, managed_instance, mode);
    if (g == NULL)
        return;
    (void)jq_num(e, r, "properties.readWriteEndpoint.failoverWithDataLossGracePeriodMinutes",
                 path, &g->grace_minutes);
    if (managed_instance) {
        /* Microsoft.Sql/locations/instanceFailoverGroups: named REGION/GROUP. */
        g->primary_region = est_region(e, first_segment(e, name));
        const char *ppath = jq_key(e, path, "properties.partnerRegions");
        json_t *partners = jq_array(e, r, "properties.partnerRegions", path);
        if (partners != NULL && json_array_size(partners) > 0)
            g->secondary_region =
                jq_region(e, json_array_get(partners, 0), "location", jq_idx(e, ppath, 0));
        return;
    }
    g->server_ref = parent_id(e, id, 1);
    const char *ppath = jq_key(e, path, "properties.partnerServers");
    json_t *partners = jq_array(e, r, "properties.partnerServers", path);
    if (partners != NULL && json_array_size(partners) > 0) {
        json_t *p0 = json_array_get(partners, 0);
        const char *at = jq_idx(e, ppath, 0);
        g->partner_ref = est_str(e, jq_str(e, p0, "id", at));
        g->secondary_region = jq_region(e, p0, "location", at);
    }
    map_sqlfg_databases(e, g, jq_array(e, r, "properties.databases", path),
                        jq_key(e, path, "properties.databases"));
}

static void cosmos_account(est_estate *e, json_t *r, const char *type, const char *name,
                           const char *path)
{
    const char *key = "properties.consistencyPolicy.defaultConsistencyLevel";
    est_cosmos *c = map_cosmos(e, src_of(e, type, name, path), jq_str(e, r, key, path),
                               jq_key(e, path, key));
    if (c == NULL)
        return;
    (void)jq_num(e, r, "properties.consistencyPolicy.maxStalenessPrefix", path,
                 &c->max_staleness_prefix);
    (void)jq_num(e, r, "properties.consistencyPolicy.maxIntervalInSeconds", path,
                 &c->max_interval_s);
    (void)jq_bool(e, r, "properties.enableAutomaticFailover", path, &c->automatic_failover);
    (void)jq_bool(e, r, "properties.enableMultipleWriteLocations", path, &c->multi_write);
    map_cosmos_regions(e, c, jq_array(e, r, "properties.locations", path),
                       jq_key(e, path, "properties.locations"), "locationName",
                       "failoverPriority", "isZoneRedundant");
}

static void vault(est_estate *e, json_t *r, const char *type, const char *name, const char *id,
                  const char *path)
{
    const char *region = jq_region(e, r, "location", path);
    map_place(e, id, region, NULL, NULL);
    const char *key = "properties.redundancySettings.standardTierStorageRedundancy";
    const char *storage = jq_str(e, r, key, path);
    const char *crr_text =
        jq_str(e, r, "properties.redundancySettings.crossRegionRestore", path);
    bool crr = crr_text != NULL && strcasecmp(crr_text, "Enabled") == 0;
    map_vault(e, id, last_segment(name), region, storage, jq_key(e, path, key),
              crr_text != NULL ? &crr : NULL);
    est_other_add(e, type, last_segment(name),
                  "read: the vault of the Site Recovery items, plans and backups mapped");
}

/* An Azure Backup policy; one for another workload than Azure VMs (SQL in a
 * VM, file shares) is not modelled. */
static void backup_policy(est_estate *e, json_t *r, const char *type, const char *name,
                          const char *id, const char *path)
{
    const char *mgmt = jq_str(e, r, "properties.backupManagementType", path);
    if (mgmt == NULL || strcasecmp(mgmt, "AzureIaasVM") != 0) {
        est_other_add(e, type, last_segment(name), NULL);
        return;
    }
    const char *ptype = jq_str(e, r, "properties.policyType", path);
    const char *freq = jq_str(e, r, "properties.schedulePolicy.scheduleRunFrequency", path);
    bool enhanced = (ptype != NULL && strcasecmp(ptype, "V2") == 0) ||
                    (freq != NULL && strcasecmp(freq, "Hourly") == 0);
    /* backup-azure-vms-enhanced-policy.md: an hourly policy's window starts at
     * hourlySchedule.scheduleWindowStartTime; a daily one runs at
     * scheduleRunTimes[0] (dailySchedule's in a V2 policy). */
    static const char *const time_keys[] = {
        "properties.schedulePolicy.hourlySchedule.scheduleWindowStartTime",
        "properties.schedulePolicy.dailySchedule.scheduleRunTimes",
        "properties.schedulePolicy.scheduleRunTimes",
    };
    const char *time = NULL, *time_path = NULL;
    for (size_t i = 0; i < sizeof time_keys / sizeof time_keys[0] && time == NULL; i++) {
        json_t *t = jq_get(r, time_keys[i]);
        time_path = jq_key(e, path, time_keys[i]);
        if (json_is_array(t)) {
            t = json_array_get(t, 0);
            time_path = jq_idx(e, time_path, 0);
        }
        time = json_string_value(t);
    }
    est_backup_policy *p = map_backup_policy(e, src_of(e, type, name, path), id,
                                             first_segment(e, name), enhanced, time, time_path);
    if (p == NULL)
        return;
    (void)jq_num(e, r, "properties.schedulePolicy.hourlySchedule.interval", path,
                 &p->every_hours);
    (void)jq_num(e, r, "properties.instantRpRetentionRangeInDays", path, &p->instant_days);
    p->time_zone = est_str(e, jq_str(e, r, "properties.timeZone", path));
}

static void backup_item(est_estate *e, json_t *r, const char *type, const char *name,
                        const char *path)
{
    const char *kind = jq_str(e, r, "properties.protectedItemType", path);
    const char *vm = jq_str(e, r, "properties.sourceResourceId", path);
    if (vm == NULL || (kind != NULL && strcasecmp(kind, "Microsoft.Compute/virtualMachines") != 0)) {
        est_other_add(e, type, last_segment(name), NULL);
        return;
    }
    map_backup_item(e, vm, jq_str(e, r, "properties.policyId", path), first_segment(e, name),
                    path);
}

/* Types drsim reads only for what they locate or hold. */
static bool read_only_type(const char *t)
{
    static const char *const types[] = {
        "microsoft.recoveryservices/vaults/replicationfabrics/replicationprotectioncontainers",
        "microsoft.recoveryservices/vaults/replicationfabrics/replicationprotectioncontainers/"
        "replicationprotectioncontainermappings",
        "microsoft.recoveryservices/vaults/replicationpolicies",
        "microsoft.cdn/profiles",
        "microsoft.cdn/profiles/afdendpoints",
        "microsoft.cdn/profiles/afdendpoints/routes",
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcasecmp(t, types[i]) == 0)
            return true;
    return false;
}

void armres_map(est_estate *e, json_t *r, const char *type, const char *name, const char *id,
                const char *path)
{
    const char *t = type;
#define IS(x) (strcasecmp(t, x) == 0)
    if (IS("Microsoft.Storage/storageAccounts")) {
        storage_account(e, r, type, name, id, path);
    } else if (IS("Microsoft.Compute/disks")) {
        managed_disk(e, r, type, name, id, path);
    } else if (IS("Microsoft.Compute/virtualMachines")) {
        virtual_machine(e, r, type, name, id, path);
    } else if (IS("Microsoft.Compute/availabilitySets")) {
        availability_set(e, r, type, name, id, path);
    } else if (IS("Microsoft.RecoveryServices/vaults/replicationFabrics")) {
        est_fabric *f = EST_ADD(e, fabrics);
        if (f != NULL) {
            f->id = est_str(e, id);
            f->region = jq_region(e, r, "properties.customDetails.location", path);
            if (f->region == NULL)
                f->region = jq_region(e, r, "location", path);
        }
        est_other_add(e, type, last_segment(name), "read: the region of Site Recovery's side");
    } else if (IS("Microsoft.RecoveryServices/vaults/replicationFabrics/"
                  "replicationProtectionContainers/replicationProtectedItems")) {
        protected_item(e, r, type, name, id, path);
    } else if (IS("Microsoft.RecoveryServices/vaults/replicationRecoveryPlans")) {
        recovery_plan(e, r, type, name, path);
    } else if (IS("Microsoft.RecoveryServices/vaults")) {
        vault(e, r, type, name, id, path);
    } else if (IS("Microsoft.RecoveryServices/vaults/backupstorageconfig")) {
        /* The vault's backup storage, as a child resource ("vaultstorageconfig"). */
        const char *storage = jq_str(e, r, "properties.storageModelType", path);
        if (storage == NULL)
            storage = jq_str(e, r, "properties.storageType", path);
        bool crr = false;
        bool has_crr = jq_bool(e, r, "properties.crossRegionRestoreFlag", path, &crr);
        map_vault(e, NULL, first_segment(e, name), NULL, storage,
                  jq_key(e, path, "properties.storageModelType"), has_crr ? &crr : NULL);
        est_other_add(e, type, last_segment(name), "read: its vault's backup storage");
    } else if (IS("Microsoft.RecoveryServices/vaults/backupPolicies")) {
        backup_policy(e, r, type, name, id, path);
    } else if (IS("Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/"
                  "protectedItems")) {
        backup_item(e, r, type, name, path);
    } else if (IS("Microsoft.Network/trafficManagerProfiles")) {
        traffic_manager(e, r, type, name, id, path);
    } else if (IS("Microsoft.Network/trafficManagerProfiles/azureEndpoints") ||
               IS("Microsoft.Network/trafficManagerProfiles/externalEndpoints")) {
        loose_endpoint(e, r, name, id, path);
    } else if (IS("Microsoft.Cdn/profiles/originGroups")) {
        origin_group(e, r, type, name, id, path);
    } else if (IS("Microsoft.Cdn/profiles/originGroups/origins")) {
        loose_endpoint(e, r, name, id, path);
    } else if (IS("Microsoft.Network/publicIPAddresses")) {
        const char *region = jq_region(e, r, "location", path);
        const char *fqdn = jq_str(e, r, "properties.dnsSettings.fqdn", path);
        const char *address = jq_str(e, r, "properties.ipAddress", path);
        map_place(e, id, region, fqdn, address);
        est_other_add(e, type, last_segment(name), "read: the region of the endpoints on it");
    } else if (IS("Microsoft.Sql/servers")) {
        map_place(e, id, jq_region(e, r, "location", path), NULL, NULL);
        est_other_add(e, type, last_segment(name), "read: the region of its failover groups");
    } else if (IS("Microsoft.Sql/servers/databases")) {
        est_sqldb *db = EST_ADD(e, sqldbs);
        if (db != NULL) {
            db->id = est_str(e, id);
            (void)jq_bool(e, r, "properties.zoneRedundant", path, &db->zone_redundant);
        }
        est_other_add(e, type, last_segment(name),
                      "read: its zone redundancy, for its failover group");
    } else if (IS("Microsoft.Sql/servers/failoverGroups")) {
        sql_failover_group(e, r, type, name, id, path, false);
    } else if (IS("Microsoft.Sql/locations/instanceFailoverGroups")) {
        sql_failover_group(e, r, type, name, id, path, true);
    } else if (IS("Microsoft.DocumentDB/databaseAccounts")) {
        cosmos_account(e, r, type, name, path);
    } else if (read_only_type(t)) {
        est_other_add(e, type, last_segment(name), "read: holds resources mapped");
    } else {
        est_other_add(e, type, last_segment(name), NULL);
    }
#undef IS
}
