/*
 * tfstate.c — Terraform state, as `terraform show -json` prints it, into the
 * estate (see tfstate.h).
 *
 * The document is {"format_version", "terraform_version", "values":
 * {"root_module": {"resources": [...], "child_modules": [...]}}} (a plan
 * prints "planned_values" instead, read the same way). Each resource has
 * its address, mode, type (an azurerm_* resource type), name and "values":
 * its attributes, named as the azurerm provider's documentation names them;
 * nested blocks are arrays of one object (os_disk[0]).
 *
 * Invariant: every managed resource is mapped, listed as read, or listed as
 * not modelled; data sources ("mode": "data") are listed as read (they are
 * deployed elsewhere).
 */
#include "models/import/tfstate.h"

#include <string.h>
#include <strings.h>

#include "models/import/jsonq.h"
#include "models/import/mapping.h"

typedef struct tfres {
    json_t *v;        /* the resource's "values" */
    const char *type; /* azurerm_... */
    const char *name; /* its Azure name, or its Terraform name */
    const char *id;
    const char *path; /* the values' path */
} tfres;

static est_src src_of(est_estate *e, const tfres *r)
{
    return (est_src){est_str(e, r->type), est_str(e, r->name),
                     est_str(e, r->path)};
}

/* The first object of a nested block ("os_disk": [{...}]) or NULL. */
static json_t *block(json_t *v, const char *key)
{
    json_t *b = jq_get(v, key);
    if (json_is_array(b))
        b = json_array_get(b, 0);
    return json_is_object(b) ? b : NULL;
}

static void storage_account(est_estate *e, const tfres *r)
{
    const char *tier = jq_str(e, r->v, "account_tier", r->path);
    const char *rep = jq_str(e, r->v, "account_replication_type", r->path);
    const char *region = jq_region(e, r->v, "location", r->path);
    const char *kind = jq_str(e, r->v, "account_kind", r->path);
    const char *access = jq_str(e, r->v, "access_tier", r->path);
    /* azurerm splits the SKU: account_tier "Standard" + replication "RAGRS". */
    const char *sku = rep != NULL ? est_fmt(e, "%s_%s", tier != NULL ? tier : "Standard", rep)
                                  : NULL;
    map_account(e, src_of(e, r), r->id, region, sku,
                jq_key(e, r->path, "account_replication_type"), kind, access);
}

static void managed_disk(est_estate *e, const tfres *r)
{
    map_managed_disk(e, src_of(e, r), r->id, r->v, "storage_account_type", "disk_size_gb");
}

static est_vm *vm_new(est_estate *e, const tfres *r, const char *size_key, const char *zone_key)
{
    const char *region = jq_region(e, r->v, "location", r->path);
    if (region == NULL)
        return NULL;
    est_vm *vm = EST_ADD(e, vms);
    if (vm == NULL)
        return NULL;
    vm->src = src_of(e, r);
    vm->id = est_str(e, r->id);
    vm->name = vm->src.name;
    vm->region = region;
    vm->size = est_str(e, jq_str(e, r->v, size_key, r->path));
    vm->zone = jq_zone(e, r->v, zone_key, r->path);
    vm->avset_ref = est_str(e, jq_str(e, r->v, "availability_set_id", r->path));
    return vm;
}

/* azurerm_linux_virtual_machine, azurerm_windows_virtual_machine: one
 * os_disk block; data disks come as attachments. */
static void modern_vm(est_estate *e, const tfres *r)
{
    est_vm *vm = vm_new(e, r, "size", "zone");
    if (vm == NULL)
        return;
    json_t *os = block(r->v, "os_disk");
    if (os == NULL)
        return;
    vm->os_known = true;
    /* azurerm_linux/windows_virtual_machine: an os_disk block, managed */
    static const map_disk_keys keys = {"name", NULL, "disk_size_gb", NULL,
                                       "storage_account_type"};
    map_vm_disk_read(e, vm, os, jq_key(e, r->path, "os_disk[0]"), -1, &keys);
}

/* A disk block of azurerm_virtual_machine (the legacy resource): a VHD
 * (vhd_uri) or a managed disk (managed_disk_type, managed_disk_id). */
static const map_disk_keys LEGACY_DISK = {"name", "vhd_uri", "disk_size_gb", "managed_disk_id",
                                          "managed_disk_type"};

static void legacy_vm(est_estate *e, const tfres *r)
{
    est_vm *vm = vm_new(e, r, "vm_size", "zones");
    if (vm == NULL)
        return;
    json_t *os = block(r->v, "storage_os_disk");
    if (os != NULL) {
        vm->os_known = true;
        map_vm_disk_read(e, vm, os, jq_key(e, r->path, "storage_os_disk[0]"), -1,
                         &LEGACY_DISK);
    }
    json_t *data = jq_array(e, r->v, "storage_data_disk", r->path);
    size_t i;
    json_t *b;
    json_array_foreach(data, i, b) {
        const char *at = jq_idx(e, jq_key(e, r->path, "storage_data_disk"), i);
        double lun = (double)i;
        (void)jq_num(e, b, "lun", at, &lun);
        map_vm_disk_read(e, vm, b, at, (int)lun, &LEGACY_DISK);
    }
}

static void attachment(est_estate *e, const tfres *r)
{
    est_attach *a = EST_ADD(e, attaches);
    if (a == NULL)
        return;
    a->vm_ref = est_str(e, jq_str(e, r->v, "virtual_machine_id", r->path));
    a->disk_ref = est_str(e, jq_str(e, r->v, "managed_disk_id", r->path));
    double lun = 0;
    (void)jq_num(e, r->v, "lun", r->path, &lun);
    a->lun = (int)lun;
    a->path = est_str(e, r->path);
}

static void place(est_estate *e, const tfres *r, const char *fqdn_key, const char *address_key)
{
    const char *region = jq_region(e, r->v, "location", r->path);
    const char *fqdn = fqdn_key != NULL ? jq_str(e, r->v, fqdn_key, r->path) : NULL;
    const char *address = address_key != NULL ? jq_str(e, r->v, address_key, r->path) : NULL;
    map_place(e, r->id, region, fqdn, address);
}

static void replicated_vm(est_estate *e, const tfres *r)
{
    est_protected *p = EST_ADD(e, protecteds);
    if (p == NULL)
        return;
    p->src = src_of(e, r);
    p->id = est_str(e, r->id);
    p->vm_ref = est_str(e, jq_str(e, r->v, "source_vm_id", r->path));
    p->target_fabric_ref = est_str(e, jq_str(e, r->v, "target_recovery_fabric_id", r->path));
    p->vault = est_str(e, jq_str(e, r->v, "recovery_vault_name", r->path));
    p->multi_vm_group = est_str(e, jq_str(e, r->v, "multi_vm_group_name", r->path));
    if (jq_get(r->v, "target_zone") != NULL)
        p->target_zone = jq_zone(e, r->v, "target_zone", r->path);
    if (p->vm_ref == NULL)
        est_error(e, jq_key(e, r->path, "source_vm_id"),
                  "a replicated VM without its source VM (expected the VM's id)");
}

/* A recovery plan: boot_recovery_group blocks (azurerm 3.x+), or the older
 * recovery_group blocks of type "Boot". */
static void recovery_plan(est_estate *e, const tfres *r)
{
    est_plan *plan = EST_ADD(e, plans);
    if (plan == NULL)
        return;
    plan->src = src_of(e, r);
    plan->name = plan->src.name;
    bool boot_blocks = jq_get(r->v, "boot_recovery_group") != NULL;
    const char *key = boot_blocks ? "boot_recovery_group" : "recovery_group";
    json_t *groups = jq_array(e, r->v, key, r->path);
    size_t i;
    json_t *g;
    json_array_foreach(groups, i, g) {
        const char *at = jq_idx(e, jq_key(e, r->path, key), i);
        const char *type = jq_str(e, g, "type", at);
        if (!boot_blocks && type != NULL && strcasecmp(type, "Boot") != 0)
            continue;
        est_plan_group *pg = map_plan_group(e, plan);
        if (pg == NULL)
            return;
        json_t *items = jq_array(e, g, "replicated_protected_items", at);
        size_t k;
        json_t *item;
        json_array_foreach(items, k, item)
            if (json_is_string(item))
                map_plan_item(e, pg, json_string_value(item));
        const char *apath = jq_key(e, at, "post_action");
        json_t *actions = jq_array(e, g, "post_action", at);
        json_t *action;
        json_array_foreach(actions, k, action)
            map_plan_action(pg, jq_str(e, action, "type", jq_idx(e, apath, k)));
    }
}

static void traffic_manager(est_estate *e, const tfres *r)
{
    est_entry *en = map_entry(e, src_of(e, r), r->id, r->name, false);
    if (en == NULL)
        return;
    en->routing = est_str(e, jq_str(e, r->v, "traffic_routing_method", r->path));
    json_t *dns = block(r->v, "dns_config");
    (void)jq_num(e, dns, "ttl", jq_key(e, r->path, "dns_config[0]"), &en->ttl);
    json_t *mon = block(r->v, "monitor_config");
    const char *mpath = jq_key(e, r->path, "monitor_config[0]");
    (void)jq_num(e, mon, "interval_in_seconds", mpath, &en->interval);
    (void)jq_num(e, mon, "timeout_in_seconds", mpath, &en->timeout);
    double tolerated = -1;
    if (jq_num(e, mon, "tolerated_number_of_failures", mpath, &tolerated))
        en->tolerated = (int)tolerated;
}

static void loose(est_estate *e, const tfres *r, const char *parent_key)
{
    est_loose_endpoint *l = EST_ADD(e, loose);
    if (l == NULL)
        return;
    l->parent_ref = est_str(e, jq_str(e, r->v, parent_key, r->path));
    l->ep.name = est_str(e, r->name);
    l->ep.region = jq_region(e, r->v, "endpoint_location", r->path);
    l->ep.target_ref = est_str(e, jq_str(e, r->v, "target_resource_id", r->path));
    l->ep.host = est_str(e, jq_str(e, r->v, "target", r->path));
    if (l->ep.host == NULL)
        l->ep.host = est_str(e, jq_str(e, r->v, "host_name", r->path));
    double priority = 0;
    if (jq_num(e, r->v, "priority", r->path, &priority))
        l->ep.priority = (int)priority;
}

static void origin_group(est_estate *e, const tfres *r)
{
    est_entry *en = map_entry(e, src_of(e, r), r->id, r->name, true);
    if (en == NULL)
        return;
    json_t *probe = block(r->v, "health_probe");
    (void)jq_num(e, probe, "interval_in_seconds", jq_key(e, r->path, "health_probe[0]"),
                 &en->fd_interval);
    json_t *lb = block(r->v, "load_balancing");
    const char *lpath = jq_key(e, r->path, "load_balancing[0]");
    double x = -1;
    if (jq_num(e, lb, "sample_size", lpath, &x))
        en->sample_size = (int)x;
    if (jq_num(e, lb, "successful_samples_required", lpath, &x))
        en->required = (int)x;
    (void)jq_num(e, lb, "additional_latency_in_milliseconds", lpath, &en->additional_latency_ms);
}

/* A failover group of either kind with its read-write endpoint's policy. */
static est_sqlfg *failover_group(est_estate *e, const tfres *r, bool managed_instance)
{
    json_t *pol = block(r->v, "read_write_endpoint_failover_policy");
    const char *ppath = jq_key(e, r->path, "read_write_endpoint_failover_policy[0]");
    est_sqlfg *g = map_sqlfg(e, src_of(e, r), r->id, managed_instance,
                             jq_str(e, pol, "mode", ppath));
    if (g != NULL)
        (void)jq_num(e, pol, "grace_minutes", ppath, &g->grace_minutes);
    return g;
}

static void sql_failover_group(est_estate *e, const tfres *r)
{
    est_sqlfg *g = failover_group(e, r, false);
    if (g == NULL)
        return;
    g->server_ref = est_str(e, jq_str(e, r->v, "server_id", r->path));
    json_t *partner = block(r->v, "partner_server");
    const char *ppath = jq_key(e, r->path, "partner_server[0]");
    g->partner_ref = est_str(e, jq_str(e, partner, "id", ppath));
    g->secondary_region = jq_region(e, partner, "location", ppath);
    map_sqlfg_databases(e, g, jq_array(e, r->v, "databases", r->path),
                        jq_key(e, r->path, "databases"));
}

static void mi_failover_group(est_estate *e, const tfres *r)
{
    est_sqlfg *g = failover_group(e, r, true);
    if (g == NULL)
        return;
    g->primary_region = jq_region(e, r->v, "location", r->path);
    g->partner_ref = est_str(e, jq_str(e, r->v, "partner_managed_instance_id", r->path));
}

static void cosmos_account(est_estate *e, const tfres *r)
{
    json_t *cp = block(r->v, "consistency_policy");
    const char *cpath = jq_key(e, r->path, "consistency_policy[0]");
    est_cosmos *c = map_cosmos(e, src_of(e, r), jq_str(e, cp, "consistency_level", cpath),
                               jq_key(e, cpath, "consistency_level"));
    if (c == NULL)
        return;
    (void)jq_num(e, cp, "max_staleness_prefix", cpath, &c->max_staleness_prefix);
    (void)jq_num(e, cp, "max_interval_in_seconds", cpath, &c->max_interval_s);
    /* azurerm 4.x renamed enable_automatic_failover and
     * enable_multiple_write_locations; read both spellings. */
    if (!jq_bool(e, r->v, "automatic_failover_enabled", r->path, &c->automatic_failover))
        (void)jq_bool(e, r->v, "enable_automatic_failover", r->path, &c->automatic_failover);
    if (!jq_bool(e, r->v, "multiple_write_locations_enabled", r->path, &c->multi_write))
        (void)jq_bool(e, r->v, "enable_multiple_write_locations", r->path, &c->multi_write);
    map_cosmos_regions(e, c, jq_array(e, r->v, "geo_location", r->path),
                       jq_key(e, r->path, "geo_location"), "location", "failover_priority",
                       "zone_redundant");
}

/* azurerm_backup_policy_vm: a backup block (frequency Daily or Hourly,
 * time "23:00", hour_interval), policy_type V1 or V2. */
static void backup_policy(est_estate *e, const tfres *r)
{
    json_t *b = block(r->v, "backup");
    const char *bpath = jq_key(e, r->path, "backup[0]");
    const char *ptype = jq_str(e, r->v, "policy_type", r->path);
    const char *freq = jq_str(e, b, "frequency", bpath);
    bool enhanced = (ptype != NULL && strcasecmp(ptype, "V2") == 0) ||
                    (freq != NULL && strcasecmp(freq, "Hourly") == 0);
    est_backup_policy *p =
        map_backup_policy(e, src_of(e, r), r->id, jq_str(e, r->v, "recovery_vault_name", r->path),
                          enhanced, jq_str(e, b, "time", bpath), jq_key(e, bpath, "time"));
    if (p == NULL)
        return;
    (void)jq_num(e, b, "hour_interval", bpath, &p->every_hours);
    (void)jq_num(e, r->v, "instant_restore_retention_days", r->path, &p->instant_days);
    p->time_zone = est_str(e, jq_str(e, r->v, "timezone", r->path));
}

static void map(est_estate *e, const tfres *r)
{
    const char *t = r->type;
#define IS(x) (strcmp(t, x) == 0)
    if (IS("azurerm_storage_account")) {
        storage_account(e, r);
    } else if (IS("azurerm_managed_disk")) {
        managed_disk(e, r);
    } else if (IS("azurerm_linux_virtual_machine") || IS("azurerm_windows_virtual_machine")) {
        modern_vm(e, r);
    } else if (IS("azurerm_virtual_machine")) {
        legacy_vm(e, r);
    } else if (IS("azurerm_virtual_machine_data_disk_attachment")) {
        attachment(e, r);
        est_other_add(e, r->type, r->name, "read: a data disk of a VM mapped");
    } else if (IS("azurerm_availability_set")) {
        est_avset *s = EST_ADD(e, avsets);
        if (s != NULL) {
            s->src = src_of(e, r);
            s->id = est_str(e, r->id);
            s->name = s->src.name;
            s->region = jq_region(e, r->v, "location", r->path);
        }
    } else if (IS("azurerm_public_ip")) {
        place(e, r, "fqdn", "ip_address");
        est_other_add(e, r->type, r->name, "read: the region of the endpoints on it");
    } else if (IS("azurerm_recovery_services_vault")) {
        place(e, r, NULL, NULL);
        const char *storage = jq_str(e, r->v, "storage_mode_type", r->path);
        bool crr = false;
        bool has_crr = jq_bool(e, r->v, "cross_region_restore_enabled", r->path, &crr);
        map_vault(e, r->id, r->name, jq_region(e, r->v, "location", r->path), storage,
                  jq_key(e, r->path, "storage_mode_type"), has_crr ? &crr : NULL);
        est_other_add(e, r->type, r->name,
                      "read: the vault of the Site Recovery items, plans and backups mapped");
    } else if (IS("azurerm_backup_policy_vm")) {
        backup_policy(e, r);
    } else if (IS("azurerm_backup_protected_vm")) {
        map_backup_item(e, jq_str(e, r->v, "source_vm_id", r->path),
                        jq_str(e, r->v, "backup_policy_id", r->path),
                        jq_str(e, r->v, "recovery_vault_name", r->path), r->path);
        est_other_add(e, r->type, r->name, "read: a VM its backup policy protects");
    } else if (IS("azurerm_site_recovery_fabric")) {
        est_fabric *f = EST_ADD(e, fabrics);
        if (f != NULL) {
            f->id = est_str(e, r->id);
            f->region = jq_region(e, r->v, "location", r->path);
        }
        est_other_add(e, r->type, r->name, "read: the region of Site Recovery's side");
    } else if (IS("azurerm_site_recovery_replicated_vm")) {
        replicated_vm(e, r);
    } else if (IS("azurerm_site_recovery_replication_recovery_plan")) {
        recovery_plan(e, r);
    } else if (IS("azurerm_traffic_manager_profile")) {
        traffic_manager(e, r);
    } else if (IS("azurerm_traffic_manager_azure_endpoint") ||
               IS("azurerm_traffic_manager_external_endpoint")) {
        loose(e, r, "profile_id");
    } else if (IS("azurerm_cdn_frontdoor_origin_group")) {
        origin_group(e, r);
    } else if (IS("azurerm_cdn_frontdoor_origin")) {
        loose(e, r, "cdn_frontdoor_origin_group_id");
    } else if (IS("azurerm_mssql_server") || IS("azurerm_mssql_managed_instance")) {
        place(e, r, NULL, NULL);
        est_other_add(e, r->type, r->name, "read: the region of its failover groups");
    } else if (IS("azurerm_mssql_database")) {
        est_sqldb *db = EST_ADD(e, sqldbs);
        if (db != NULL) {
            db->id = est_str(e, r->id);
            (void)jq_bool(e, r->v, "zone_redundant", r->path, &db->zone_redundant);
        }
        est_other_add(e, r->type, r->name, "read: its zone redundancy, for its failover group");
    } else if (IS("azurerm_mssql_failover_group")) {
        sql_failover_group(e, r);
    } else if (IS("azurerm_mssql_managed_instance_failover_group")) {
        mi_failover_group(e, r);
    } else if (IS("azurerm_cosmosdb_account")) {
        cosmos_account(e, r);
    } else if (IS("azurerm_cdn_frontdoor_profile") || IS("azurerm_site_recovery_protection_container") ||
               IS("azurerm_site_recovery_protection_container_mapping") ||
               IS("azurerm_site_recovery_replication_policy")) {
        est_other_add(e, r->type, r->name, "read: holds resources mapped");
    } else {
        est_other_add(e, r->type, r->name, NULL);
    }
#undef IS
}

static void module(est_estate *e, json_t *m, const char *path)
{
    const char *rpath = jq_key(e, path, "resources");
    json_t *list = jq_array(e, m, "resources", path);
    size_t i;
    json_t *res;
    json_array_foreach(list, i, res) {
        const char *at = jq_idx(e, rpath, i);
        const char *type = jq_str(e, res, "type", at);
        const char *tfname = jq_str(e, res, "name", at);
        const char *mode = jq_str(e, res, "mode", at);
        json_t *values = jq_get(res, "values");
        if (type == NULL || tfname == NULL || !json_is_object(values)) {
            est_error(e, at, "expected a resource with type, name and values");
            continue;
        }
        if (mode != NULL && strcmp(mode, "data") == 0) {
            est_other_add(e, type, tfname, "read: a data source, deployed elsewhere");
            continue;
        }
        if (strncmp(type, "azurerm_", 8) != 0) {
            est_other_add(e, type, tfname, "not of the azurerm provider");
            continue;
        }
        tfres r = {values, type, NULL, NULL, jq_key(e, at, "values")};
        r.name = jq_str(e, values, "name", r.path);
        if (r.name == NULL)
            r.name = tfname;
        r.id = jq_str(e, values, "id", r.path);
        if (r.id == NULL) /* a plan: ids are unknown until applied */
            r.id = est_fmt(e, "/providers/terraform/%s/%s", type, r.name);
        map(e, &r);
    }
    const char *cpath = jq_key(e, path, "child_modules");
    json_t *children = jq_array(e, m, "child_modules", path);
    json_t *child;
    json_array_foreach(children, i, child)
        module(e, child, jq_idx(e, cpath, i));
}

bool tf_is_state(json_t *doc)
{
    return json_is_object(doc) && json_object_get(doc, "format_version") != NULL &&
           (json_object_get(doc, "values") != NULL ||
            json_object_get(doc, "planned_values") != NULL ||
            json_object_get(doc, "terraform_version") != NULL);
}

void tf_read(est_estate *e, json_t *doc)
{
    e->format = "Terraform state";
    const char *root = json_object_get(doc, "values") != NULL ? "values" : "planned_values";
    json_t *m = jq_get(doc, root);
    if (m == NULL) {
        est_note(e, "$", "the state holds no resources (an empty state)");
        return;
    }
    json_t *rm = jq_get(m, "root_module");
    if (!json_is_object(rm)) {
        est_error(e, est_fmt(e, "$.%s.root_module", root),
                  "expected the root module (an object with resources)");
        return;
    }
    module(e, rm, est_fmt(e, "$.%s.root_module", root));
}
