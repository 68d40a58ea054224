/*
 * estate.h — what `drsim import` found deployed, before it is a scenario.
 *
 * Three readers fill one estate: arm.c (an ARM template, as the portal or
 * `az group export` exports it or `bicep build` builds it), graph.c (an
 * `az graph query --output json` result) and tfstate.c (`terraform show
 * -json` of azurerm resources). They speak different dialects of the same
 * resources; the estate holds what each resource means to drsim, in drsim's
 * words (LRS..RA-GZRS, disk kinds, regions by programmatic name), and the
 * references between resources as resource ids. emit.c links the references
 * and writes the scenario.
 *
 * Every record keeps its source: the resource's type and name as the input
 * gives them and the JSON path where it was found ("$.resources[3]"), so the
 * scenario can name, beside each entry, what it came from, and an error can
 * say where in the file it is.
 *
 * Resource ids. All three inputs refer to other resources by id: ARM
 * templates through resourceId(...) (arm.c evaluates it to an id), Resource
 * Graph and Terraform state by the full id. Ids are compared by their key
 * (est_id_key): the lowercase text after the last "/providers/", e.g.
 * "microsoft.compute/disks/sql-data" — the subscription and resource group
 * are dropped, as a template's own resources have none.
 *
 * Ownership: every string and array of an estate lives in its arena and goes
 * with est_free. Out of memory sets `oom` and the add functions return NULL;
 * callers stop at the first NULL, and import.c reports ERR_NOMEM.
 */
#ifndef DRSIM_ESTATE_H
#define DRSIM_ESTATE_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/core/arena.h"

typedef struct est_backup_policy est_backup_policy;

/* Where a record came from. */
typedef struct est_src {
    const char *type; /* the input's resource type ("Microsoft.Compute/disks",
                         "azurerm_managed_disk") */
    const char *name; /* the resource's own name */
    const char *path; /* the JSON path of its object: "$.resources[3]" */
} est_src;

typedef struct est_account {
    est_src src;
    const char *id;
    const char *name;
    const char *region;
    const char *redundancy; /* LRS, ZRS, GRS, RA-GRS, GZRS, RA-GZRS */
    const char *sku;        /* as given: "Standard_RAGRS", "RAGRS" */
    const char *kind;       /* StorageV2, BlockBlobStorage, ...; NULL unknown */
    const char *access_tier; /* Hot, Cool, Cold, Premium; NULL unknown */
    bool premium_block_blobs;
    bool synthetic; /* not in the input: named by a VHD's URI only */
    bool holds_vhds; /* set by linking: some VM's VHD is in it */
} est_account;

/* A managed disk resource, or a disk given inside a VM. */
typedef struct est_disk {
    est_src src;
    const char *id;         /* a managed disk resource's id; NULL inline */
    const char *ref;        /* inline: the managed disk it names, or NULL */
    const char *name;
    const char *kind;       /* standard, premium, premium-v2, ultra, unmanaged;
                               NULL: take the referenced disk's */
    const char *redundancy; /* LRS or ZRS (managed) */
    const char *sku;        /* as given */
    double size_gib;        /* 0: unknown */
    const char *vhd_account; /* unmanaged: the account of its VHD's URI */
    int lun;                /* data disks: the LUN; -1 for the OS disk */
    /* set by linking (link.c) */
    bool kind_assumed, size_assumed; /* not in the input: drsim's guess */
    bool attached;          /* a managed disk resource some VM uses */
} est_disk;

typedef struct est_vm {
    est_src src;
    const char *id;
    const char *name;
    const char *region;
    const char *size;     /* hardwareProfile.vmSize / size; NULL unknown */
    int zone;             /* 0: none */
    const char *avset_ref; /* availability set id, or NULL */
    est_disk *disks;      /* [0] the OS disk when os_known */
    size_t ndisks, capdisks;
    bool os_known;
    /* set by linking (link.c) */
    const char *group;         /* the VM group it is in (its name, or its
                                  availability set's) */
    const char *target_region; /* Site Recovery protects it: its target */
    const char *target_region_why; /* how the target was found */
    int target_zone;
    const char *multi_vm_group; /* its protected item's, or NULL */
    bool protected;
    const est_backup_policy *backup; /* the Azure Backup policy protecting it */
} est_vm;

/* Terraform attaches data disks to VMs with a resource of its own. */
typedef struct est_attach {
    const char *vm_ref, *disk_ref;
    int lun;
    const char *path;
} est_attach;

typedef struct est_avset {
    est_src src;
    const char *id, *name, *region;
} est_avset;

/* A Site Recovery fabric (a region's side of a vault's replication). */
typedef struct est_fabric {
    const char *id, *region;
} est_fabric;

/* A VM Site Recovery replicates (an A2A protected item). */
typedef struct est_protected {
    est_src src;
    const char *id;
    const char *vm_ref;        /* the source VM's id */
    const char *target_region; /* when the input gives it directly */
    const char *target_fabric_ref; /* or the recovery fabric's id */
    const char *vault;         /* the vault's name */
    const char *vault_region;
    int target_zone;           /* zone-to-zone: the recovery zone; 0 none */
    const char *multi_vm_group; /* multi-VM consistency group's name, or NULL */
} est_protected;

typedef struct est_plan_group {
    const char **items; /* protected item ids or VM ids */
    size_t nitems, capitems;
    int scripts, manuals; /* actions after the group */
} est_plan_group;

typedef struct est_plan {
    est_src src;
    const char *name;
    est_plan_group *groups;
    size_t ngroups, capgroups;
} est_plan;

typedef struct est_endpoint {
    const char *name;
    const char *region;     /* given, or NULL: from target_ref / host */
    const char *target_ref; /* the resource it points to (TM azureEndpoints) */
    const char *host;       /* a Front Door origin's host name */
    int priority;           /* 0: unknown */
    const char *region_why; /* set by linking: how the region was found */
} est_endpoint;

/* A Traffic Manager profile, or a Front Door origin group with its profile. */
typedef struct est_entry {
    est_src src;
    const char *id;
    const char *name;
    bool front_door;
    const char *routing; /* Priority, Weighted, Performance, ...; NULL */
    /* Traffic Manager: seconds, or -1 unknown */
    double interval, timeout, ttl;
    int tolerated;
    /* Front Door: -1 unknown */
    double fd_interval, additional_latency_ms;
    int sample_size, required;
    est_endpoint *endpoints;
    size_t nendpoints, capendpoints;
} est_entry;

/* A loose Traffic Manager endpoint or Front Door origin (a child resource of
 * its own in Terraform, Resource Graph and some templates): joined to its
 * profile or origin group by id when linked. */
typedef struct est_loose_endpoint {
    const char *parent_ref;
    est_endpoint ep;
} est_loose_endpoint;

/* A resource that only locates another: a public IP (region, FQDN,
 * address) or a SQL server (region). */
typedef struct est_place {
    const char *id, *region, *fqdn, *address;
} est_place;

typedef struct est_sqlfg {
    est_src src;
    const char *id;
    const char *name;
    const char *primary_region;   /* given (Managed Instance) or NULL */
    const char *server_ref;       /* the primary server, or NULL */
    const char *secondary_region; /* given, or NULL: from partner_ref */
    const char *partner_ref;
    bool automatic;               /* Microsoft-managed failover */
    double grace_minutes;         /* -1 unknown */
    const char **database_refs;
    size_t ndatabases, capdatabases;
    bool managed_instance;
    /* set by linking */
    bool secondary_assumed, zone_redundant;
} est_sqlfg;

/* A SQL database's zone redundancy, for its failover group. */
typedef struct est_sqldb {
    const char *id;
    bool zone_redundant;
} est_sqldb;

typedef struct est_cosmos {
    est_src src;
    const char *name;
    const char *write_region;
    const char **read_regions; /* in failover priority order */
    size_t nread, capread;
    const char *consistency; /* drsim's word: strong, bounded_staleness, ... */
    double max_staleness_prefix, max_interval_s; /* -1 unknown */
    bool multi_write, automatic_failover, zone_redundant;
} est_cosmos;

/* A Recovery Services vault: its backup storage and cross-region restore
 * (Azure Backup), and its region (Site Recovery's target). */
typedef struct est_vault {
    const char *id, *name, *region;
    const char *redundancy; /* LRS, ZRS, GRS, or NULL: unknown */
    bool crr, crr_known;    /* Cross Region Restore on */
} est_vault;

/* An Azure Backup policy for VMs. */
struct est_backup_policy {
    est_src src;
    const char *id, *name;
    const char *vault;   /* the vault's name */
    bool enhanced;       /* policy type V2: hourly */
    double at_minutes;   /* the (first) backup's time of day, UTC minutes; -1 */
    double every_hours;  /* enhanced: the interval; -1 */
    double instant_days; /* instant restore snapshots kept; -1 */
    const char *time_zone; /* as given, or NULL */
};

/* A VM Azure Backup protects, with its policy. */
typedef struct est_backup_item {
    const char *vm_ref, *policy_ref, *vault, *path;
} est_backup_item;

/* A resource drsim has no model for: listed, never dropped silently. */
typedef struct est_other {
    const char *type, *name, *why; /* why: NULL for "not modelled" */
} est_other;

/* A finding: an error stops the import (exit 2); a note is a partial
 * success (something skipped or assumed), printed and written into the
 * scenario's header. */
typedef struct est_finding {
    bool error;
    const char *path; /* JSON path, or NULL */
    const char *text;
} est_finding;

/* Why an ARM expression stayed unresolved (arm.c), for jsonq's message. */
typedef struct est_unresolved {
    const char *expression, *why;
} est_unresolved;

typedef struct est_estate {
    arena mem;
    bool oom;
    const char *file;   /* the input's name, for messages */
    const char *format; /* "ARM template", "Resource Graph result", "Terraform state" */
    est_account *accounts; size_t naccounts, capaccounts;
    est_disk *disks; size_t ndisks, capdisks;
    est_vm *vms; size_t nvms, capvms;
    est_attach *attaches; size_t nattaches, capattaches;
    est_avset *avsets; size_t navsets, capavsets;
    est_fabric *fabrics; size_t nfabrics, capfabrics;
    est_protected *protecteds; size_t nprotecteds, capprotecteds;
    est_plan *plans; size_t nplans, capplans;
    est_entry *entries; size_t nentries, capentries;
    est_loose_endpoint *loose; size_t nloose, caploose;
    est_place *places; size_t nplaces, capplaces;
    est_sqlfg *sqlfgs; size_t nsqlfgs, capsqlfgs;
    est_sqldb *sqldbs; size_t nsqldbs, capsqldbs;
    est_cosmos *cosmos; size_t ncosmos, capcosmos;
    est_other *others; size_t nothers, capothers;
    est_finding *findings; size_t nfindings, capfindings;
    est_unresolved *unresolved; size_t nunresolved, capunresolved;
    est_vault *vaults; size_t nvaults, capvaults;
    est_backup_policy *bpolicies; size_t nbpolicies, capbpolicies;
    est_backup_item *bitems; size_t nbitems, capbitems;
} est_estate;

/* An empty estate for `file` (copied). NULL when out of memory. */
est_estate *est_new(const char *file);
/* Releases it all. Accepts NULL. */
void est_free(est_estate *e);

/* A copy of s in the estate's arena; NULL for NULL, NULL (oom set) when out
 * of memory. */
const char *est_str(est_estate *e, const char *s);
/* printf into the arena; NULL (oom set) when out of memory. */
const char *est_fmt(est_estate *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends a zeroed element to the array *items of *n elements (capacity
 * *cap) and returns it; NULL (oom set) when out of memory. */
void *est_push(est_estate *e, void *items, size_t *n, size_t *cap, size_t size);
#define EST_ADD(e, field) \
    ((__typeof__((e)->field))est_push((e), &(e)->field, &(e)->n##field, &(e)->cap##field, \
                                      sizeof *(e)->field))

/* Why `expression` could not be evaluated: recorded by the ARM reader,
 * looked up (NULL when unknown) where its value is needed. */
void est_unresolved_add(est_estate *e, const char *expression, const char *why);
const char *est_unresolved_why(const est_estate *e, const char *expression);

/* Findings. The same finding (path and text) twice is kept once: a copy
 * loop's iterations lack the same values. */
void est_error(est_estate *e, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void est_note(est_estate *e, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
size_t est_nerrors(const est_estate *e);
void est_other_add(est_estate *e, const char *type, const char *name, const char *why);

/* The key ids are compared by (see the top); NULL for NULL. */
const char *est_id_key(est_estate *e, const char *id);
bool est_same_id(est_estate *e, const char *a, const char *b);
/* The last segment of an id: the resource's name. */
const char *est_id_name(est_estate *e, const char *id);

/* A region as the input spells it ("West Europe", "westeurope", "WestEurope")
 * in programmatic form ("westeurope"): lowercase, spaces dropped. NULL for
 * NULL or "". Whether drsim knows it is checked by the reader (cat_find). */
const char *est_region(est_estate *e, const char *text);

/* Scenario names given out in one namespace (VM groups; storage, SQL and
 * Cosmos DB together; ...). A zero-initialised est_names is empty. */
typedef struct est_names {
    const char **used;
    size_t n, cap;
} est_names;

/* `raw` (a resource's name) as a valid scenario name — 1 to 63 of A-Z a-z
 * 0-9 - _, others turned into "-" — made unique in ns with "-2", "-3"...
 * Out of memory: "imported" (oom set). */
const char *est_unique_name(est_estate *e, est_names *ns, const char *raw);

/* drsim's redundancy for a storage account SKU's replication part ("LRS",
 * "RAGRS", "Standard_RAGZRS", "Premium_ZRS"), or NULL when unknown. */
const char *est_storage_redundancy(const char *sku);
/* A managed disk SKU ("Premium_LRS", "StandardSSD_ZRS", "PremiumV2_LRS",
 * "UltraSSD_LRS") as drsim's kind and redundancy; false when unknown. */
bool est_disk_sku(const char *sku, const char **kind, const char **redundancy);
/* Cosmos DB's consistency level as the input spells it ("BoundedStaleness")
 * in drsim's word ("bounded_staleness"), or NULL when unknown. */
const char *est_consistency(const char *level);
/* The storage account named by a VHD URI
 * ("https://acct.blob.core.windows.net/vhds/os.vhd" -> "acct"), or NULL. */
const char *est_vhd_account(est_estate *e, const char *uri);

#endif
