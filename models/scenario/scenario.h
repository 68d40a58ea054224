/*
 * scenario.h — a scenario as plain C data: what the loader produces and what
 * the runner and the models read.
 *
 * Nothing of YAML appears here. A scenario is immutable once loaded; every
 * default has been filled in (from models/azure/defaults.h) and every reference
 * resolved to an index, so the models never look anything up by name.
 *
 * Units: every duration is in seconds, every size in bytes, every bandwidth
 * or churn in bytes per second, every rate in events per second — as doubles,
 * or as a `dist` of such values wherever the format accepts a distribution.
 *
 * Variants: a scenario has one or more sweep combinations ("worlds"); each
 * world paired with each strategy is a variant. A world is a complete,
 * validated configuration of everything but the strategy; strategies are
 * shared by all worlds.
 *
 * Ownership: the scenario owns everything reachable from it (one arena);
 * scn_free (loader.h) releases it all. Pointers into it stay valid until then.
 */
#ifndef DRSIM_SCENARIO_H
#define DRSIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/outcome.h"
#include "sim/kernel/dist.h"

/* Where something was written in the scenario file (1-based; 0 = not from
 * the file, e.g. a built-in region). */
typedef struct scn_pos {
    uint32_t line, col;
} scn_pos;

#define SCN_NONE (-1)

/* ---- Regions ---------------------------------------------------------------- */

typedef struct scn_region {
    const char *name;     /* e.g. "westeurope" */
    scn_pos pos;          /* where the scenario added or overrode it */
    int32_t pair;         /* the GRS secondary (region index), or SCN_NONE */
    uint32_t zones;       /* availability zones; 0 = the region has none */
    uint32_t datacenters; /* per zone (per region when zones == 0), >= 1 */
    bool restricted;      /* deploying there needs Microsoft's approval */
    bool zone_to_zone;    /* Site Recovery offers zone-to-zone disaster recovery */
} scn_region;

/* ---- Storage accounts -------------------------------------------------------- */

typedef enum scn_redundancy {
    SCN_LRS = 0,
    SCN_ZRS,
    SCN_GRS,
    SCN_RA_GRS,
    SCN_GZRS,
    SCN_RA_GZRS
} scn_redundancy;

/* The access tier an account's block blobs are in (access-tiers-overview.md):
 * it prices their storage (models/world/cost.h); the online tiers serve
 * reads and writes alike, so it changes nothing else. */
typedef enum scn_access_tier {
    SCN_TIER_HOT = 0,
    SCN_TIER_COOL,
    SCN_TIER_COLD
} scn_access_tier;

typedef enum scn_arrivals {
    SCN_ARRIVALS_POISSON = 0, /* exponential gaps (the default) */
    SCN_ARRIVALS_REGULAR      /* evenly spaced at the rate, random phase */
} scn_arrivals;

/* A stream of writes. rate == const 0 means no writes. The rate is drawn once
 * per trial (a distribution models trial-to-trial variation of load). */
typedef struct scn_writes {
    dist rate;    /* writes per second */
    dist size;    /* bytes per write */
    scn_arrivals arrivals;
} scn_writes;

typedef enum scn_georep {
    SCN_GEO_LAG = 0,  /* the lag at any instant is a draw from `lag` */
    SCN_GEO_BANDWIDTH /* a FIFO link of `bandwidth`, plus `latency` */
} scn_georep;

typedef struct scn_account {
    const char *name;
    scn_pos pos;
    uint32_t region;            /* the primary region */
    scn_redundancy redundancy;
    uint32_t zone;              /* LRS/GRS placement: 1..zones, or 0 = drawn per trial */
    scn_writes writes;          /* the application's own writes (blobs, tables...) */
    scn_georep geo;             /* for GRS/RA-GRS/GZRS/RA-GZRS */
    dist lag;                   /* s, SCN_GEO_LAG */
    dist bandwidth;             /* bytes/s, SCN_GEO_BANDWIDTH (drawn per trial) */
    dist latency;               /* s, SCN_GEO_BANDWIDTH */
    dist dns_ttl;               /* s, TTL of the account's endpoint records */
    double size;                /* bytes of data it holds (its VHDs at least) */
    bool size_given;            /* size was written (else: its VHDs, or the default) */
    dist failover_duration;     /* s, a customer-managed failover of an account of
                                   DEF_ACCOUNT_SIZE (scaled by the size) */
    dist geo_sync_rate;         /* bytes/s of the initial sync once geo-redundancy
                                   is regained (drawn per trial) */
    bool priority_replication;  /* Geo Priority Replication (block blobs only) */
    bool change_feed;           /* features that block a planned failover ... */
    bool point_in_time_restore;
    bool object_replication;    /* ... or any customer-managed failover */
    bool premium_block_blobs;   /* a premium block blob account: LRS or ZRS only */
    scn_access_tier access_tier;/* its block blobs' tier (never its VHDs': page blobs) */
} scn_account;

/* ---- SQL failover groups ------------------------------------------------------ */

/* Who fails a failover group over when its primary is lost. */
typedef enum scn_sql_policy {
    SCN_SQL_CUSTOMER = 0,  /* the customer, at the strategy's decision (recommended) */
    SCN_SQL_MICROSOFT      /* Microsoft, once the grace period has elapsed with the
                              outage still on (a forced failover); the customer may
                              still fail over first */
} scn_sql_policy;

/* An Azure SQL Database (or Managed Instance) failover group: databases
 * replicated asynchronously from a primary to a readable secondary in
 * another region, behind a read-write and a read-only listener. */
typedef struct scn_sql {
    const char *name;
    scn_pos pos;
    uint32_t region;            /* the primary region */
    int32_t secondary;          /* the secondary region (default: the primary's pair) */
    bool zone_redundant;        /* the primary survives the loss of a zone */
    uint32_t zone;              /* not zone redundant: 1..zones, or 0 = drawn per trial */
    scn_writes writes;          /* the application's writes to the databases */
    dist lag;                   /* s, the geo-replication lag at any instant */
    scn_sql_policy policy;
    double grace_period;        /* s, SCN_SQL_MICROSOFT: before the forced failover */
    dist failover_duration;     /* s, a geo-failover (planned or forced) */
    dist rw_ttl;                /* s, the read-write listener's DNS TTL */
    dist ro_ttl;                /* s, the read-only listener's DNS TTL */
} scn_sql;
/* ---- Cosmos DB accounts ------------------------------------------------------- */

/* The account's default consistency level, strongest first
 * (consistency-levels.md). */
typedef enum scn_consistency {
    SCN_CONS_STRONG = 0,
    SCN_CONS_BOUNDED_STALENESS,
    SCN_CONS_SESSION,
    SCN_CONS_CONSISTENT_PREFIX,
    SCN_CONS_EVENTUAL
} scn_consistency;

/* How a multi-region write account settles writes to one item accepted in two
 * regions (conflict-resolution-policies.md). */
typedef enum scn_conflict_policy {
    SCN_CONFLICT_LWW = 0, /* last writer wins (on _ts): the other write is overwritten */
    SCN_CONFLICT_CUSTOM   /* a merge procedure, or the conflicts feed */
} scn_conflict_policy;

/* A Cosmos DB account: one write region (or every region, with multi-region
 * writes) and read regions in failover priority order, replicating
 * asynchronously (synchronously with strong consistency) with the bounds of
 * its consistency level. The application's writes to it are `writes` (with
 * multi-region writes: in each write region). */
typedef struct scn_cosmos {
    const char *name;
    scn_pos pos;
    uint32_t write_region;      /* the write region (failover priority 0) */
    uint32_t *read_regions;     /* failover priority 1, 2, ... */
    size_t nread_regions;
    bool multi_region_writes;   /* every region accepts writes */
    scn_consistency consistency;
    uint32_t max_staleness_prefix; /* bounded staleness: K, operations */
    double max_interval;        /* bounded staleness: T, s */
    bool service_managed_failover;
    dist failover_after;        /* s, from the write region's outage to the promotion */
    bool zone_redundant;        /* every region's replicas spread over its zones */
    dist lag;                   /* s, the cross-region replication lag at an outage */
    scn_writes writes;          /* the application's writes (per write region) */
    double items;               /* distinct items the writes go to (the conflict model) */
    scn_conflict_policy conflict_resolution;
} scn_cosmos;

/* ---- VMs and disks ----------------------------------------------------------- */

typedef enum scn_disk_kind {
    SCN_DISK_STANDARD = 0, /* managed, standard HDD/SSD */
    SCN_DISK_PREMIUM,      /* managed, Premium SSD */
    SCN_DISK_UNMANAGED,    /* a VHD page blob in a storage account */
    SCN_DISK_PREMIUM_V2,   /* managed, Premium SSD v2 (data disks only, LRS) */
    SCN_DISK_ULTRA         /* managed, Ultra Disk (data disks only, LRS) */
} scn_disk_kind;

typedef struct scn_disk {
    scn_pos pos;
    bool os;                  /* the OS disk (always disks[0] of its group) */
    double size;              /* bytes */
    scn_disk_kind kind;
    scn_redundancy redundancy;/* managed: SCN_LRS or SCN_ZRS (unmanaged: a copy
                                 of its account's redundancy) */
    int32_t account;          /* unmanaged: account index; else SCN_NONE */
    dist churn;               /* bytes/s written to the disk */
    dist io_size;             /* bytes per write */
} scn_disk;

typedef enum scn_placement {
    SCN_PLACE_ANY = 0, /* non-zonal: Azure picks; drawn per trial */
    SCN_PLACE_ZONE,    /* every instance in `zone` */
    SCN_PLACE_SPREAD   /* instances round-robin over the region's zones */
} scn_placement;

/* What starts a standby's scale-out: the alarm (detection) or the decision. */
typedef enum scn_scale_on {
    SCN_SCALE_ON_DETECTION = 0,
    SCN_SCALE_ON_DECISION
} scn_scale_on;

/* A group of identical VMs ("web" x 6): a tier of an application. Instance i
 * of group g is named "<name>-<i+1>".
 *
 * Capacity: the tier serves while `needs` of its VMs are up (0: all of
 * them); with at least one up but fewer than it needs, the application is
 * degraded — it serves part of its load, and counts as down for the RTO.
 * Stateless: its VMs are rebuilt from an image, so their disks hold none of
 * the application's data (their loss is no data loss, and has no RPO), and a
 * VM whose disks are destroyed is rebuilt in place once its place is back. */
typedef struct scn_vm_group {
    const char *name;
    scn_pos pos;
    uint32_t count;          /* >= 1 */
    uint32_t needs;          /* VMs up for the tier to serve: 1..count, 0 = all */
    bool stateless;          /* its disks hold no data of the application */
    uint32_t region;
    scn_placement placement;
    uint32_t zone;           /* SCN_PLACE_ZONE */
    scn_disk *disks;         /* disks[0] is the OS disk */
    size_t ndisks;
    dist boot;               /* s, restart in place once its zone is back */
    dist provision;          /* s, create a new VM from existing disks */

    /* Deployments in several regions: this group deploys the tier of group
     * `tier` (a tier's first group, named in an app's `tiers`) in another
     * region; SCN_NONE: it is a tier of its own. */
    int32_t tier;
    double capacity;         /* share of the app's peak load it carries with the
                                VMs it needs (0 < capacity <= 1) */
    bool scale_out;          /* scale_out was given */
    double scale_to;         /* its capacity once scaled out (>= capacity) */
    dist scale_after;        /* s, from its trigger to the capacity scaled out */
    scn_scale_on scale_on;   /* the trigger: the alarm or the decision */
} scn_vm_group;

/* ---- Applications ------------------------------------------------------------ */

typedef enum scn_entry {
    SCN_ENTRY_NONE = 0,  /* clients reach the VMs directly; no switch-over */
    SCN_ENTRY_DNS,       /* a DNS name remapped by hand at failover */
    SCN_ENTRY_TRAFFIC_MANAGER,
    SCN_ENTRY_FRONT_DOOR /* anycast: Front Door's probes take origins in and out */
} scn_entry;

/* Where an application deployed in several regions writes. */
typedef enum scn_app_writes {
    SCN_WRITES_PRIMARY = 0, /* every region to the same accounts, wherever their
                               primary is (cross-region): a region's app writes
                               only while every data account is writable */
    SCN_WRITES_LOCAL        /* each region to the data accounts in its own
                               region (the app replicates between them) */
} scn_app_writes;

/* An application. Deployed in several regions when some tier has groups in
 * several (a group's `tier`): a region serves when every tier has its group
 * there (or the tier's only group, reached across regions) with capacity,
 * and its data is writable (or readable, `read_only`); the app serves from
 * the region its entry sends clients to (models/world/entry.h). */
typedef struct scn_app {
    const char *name;
    scn_pos pos;
    uint32_t *tiers;       /* VM group indices; a tier serves when as many of its
                              VMs are up as its group needs */
    size_t ntiers;
    uint32_t *data;        /* account indices the application writes to */
    size_t ndata;
    uint32_t *sql;         /* SQL failover group indices named in `data` too */
    size_t nsql;
    uint32_t *cosmos;      /* Cosmos DB account indices it writes to (named in
                              `data:` too) */
    size_t ncosmos;
    scn_entry entry;
    double tm_interval;    /* s: 30 or 10 */
    double tm_timeout;     /* s */
    uint32_t tm_tolerated; /* 0..9 */
    double ttl;            /* s: the entry's DNS TTL */
    bool tm_timeout_given; /* tm_timeout was written, not derived from the
                              interval (printing keeps a swept interval's
                              default timeout a default) */
    double fd_interval;    /* s: Front Door's probe interval, per edge location */
    uint32_t fd_sample_size; /* probes judged (the last n) */
    uint32_t fd_required;  /* of them, successes needed to be healthy */
    double fd_additional_latency; /* s: latency-based routing's bucket */
    double fd_propagation; /* s: from an edge's judgement to its routing */
    double needs_capacity; /* share of peak load served for full service (the
                              RTO's end), 0 < needs_capacity <= 1 */
    bool read_only;        /* serves reads while its data is readable, not writable */
    scn_app_writes writes; /* several regions: where each region writes */
} scn_app;

/* ---- Azure Backup -------------------------------------------------------------- */

typedef enum scn_backup_schedule {
    SCN_BACKUP_DAILY = 0, /* one backup a day, at `at` */
    SCN_BACKUP_ENHANCED   /* the enhanced policy: every `every` hours from `at` */
} scn_backup_schedule;

/* A backup policy of a Recovery Services vault, and the vault: the VM groups
 * it protects (managed disks only), when it takes its recovery points, and
 * where the vault keeps them. The vault is in the protected VMs' region
 * (backup-azure-arm-vms-prepare.md: the vault and the VMs share a region);
 * with GRS and cross-region restore, each point is in the paired region
 * `crr_lag` after it was taken, and can be restored there. The clock of the
 * schedule starts at 00:00 UTC at the trial's start. */
typedef struct scn_backup {
    const char *name;
    scn_pos pos;
    uint32_t *vms;             /* VM group indices it protects */
    size_t nvms;
    scn_backup_schedule schedule;
    double at;                 /* s after midnight: the daily backup, or the first of
                                  the day (enhanced) */
    double every;              /* s between backups, enhanced: 4h, 6h, 8h or 12h */
    scn_redundancy vault;      /* SCN_LRS, SCN_ZRS or SCN_GRS */
    bool cross_region_restore; /* GRS only */
    dist crr_lag;              /* s from a point's time to its availability in the
                                  secondary region (drawn per trial) */
    double snapshot_retention; /* s: instant-restore snapshots kept in the primary */
    dist restore_rate;         /* bytes/s of a VM's restore from the vault tier
                                  (drawn per trial) */
    dist restore_base;         /* s: a restore's fixed part (the job, the VM's creation) */
} scn_backup;

/* ---- Strategies -------------------------------------------------------------- */

typedef enum scn_strategy_kind {
    SCN_WAIT = 0,
    SCN_GEO_RESTORE,
    SCN_ASR,
    SCN_RESTORE,       /* Azure Backup's cross-region restore (scn_backup) */
    SCN_RUNBOOK        /* a team's runbook: steps at times or on conditions (scn_step) */
} scn_strategy_kind;

typedef enum scn_recovery_point {
    SCN_RP_LATEST = 0,
    SCN_RP_LATEST_PROCESSED,
    SCN_RP_LATEST_APP_CONSISTENT,
    SCN_RP_CUSTOM              /* the newest point at least `custom_age` old */
} scn_recovery_point;

typedef enum scn_action_kind {
    SCN_ACTION_SCRIPT = 0,
    SCN_ACTION_MANUAL
} scn_action_kind;

typedef struct scn_action {
    scn_action_kind kind;
    dist duration;         /* s */
} scn_action;

typedef struct scn_plan_group {
    const char *name;
    scn_pos pos;
    uint32_t *vms;         /* VM group indices; their VMs fail over in parallel */
    size_t nvms;
    scn_action *then;      /* run in order after the group's VMs are up */
    size_t nthen;
} scn_plan_group;

/* What a customer-managed failover of an account holding VHDs does with
 * their leases (storage-disaster-recovery-guidance.md: "An account failover
 * can't proceed when there's a lease on a blob"). */
typedef enum scn_vhd_leases {
    SCN_LEASES_BLOCK = 0, /* the documented rule: the VMs are deleted and the
                             failover waits until the Last Sync Time passes
                             the deletion, impossible while the primary is
                             down (its LST is frozen): blocked then */
    SCN_LEASES_IGNORE     /* what-if: the failover proceeds without deleting
                             the VMs or waiting for the LST; the VHDs come
                             back at their recovery points */
} scn_vhd_leases;

typedef struct scn_consistency_group {
    const char *name;
    scn_pos pos;
    uint32_t *vms;         /* VM group indices (<= 16 VMs in all) */
    size_t nvms;
} scn_consistency_group;

/* ---- Runbooks: actions, as the real tools name them, and when to take them ------
 * An action is written as the command the operator would give (action.h
 * parses and prints them): "storage account failover vhds --failover-type
 * planned", "recovery-plan failover --recovery-point latest-processed". */

typedef enum scn_act_verb {
    SCN_ACT_STORAGE_FAILOVER = 0, /* an account's customer-managed failover */
    SCN_ACT_VM_DELETE,            /* delete a VM group's VMs, keeping their disks */
    SCN_ACT_VM_CREATE,            /* create a VM group's VMs from its failed-over VHDs */
    SCN_ACT_ASR_FAILOVER,         /* run the Site Recovery recovery plan: failover */
    SCN_ACT_ASR_TEST_FAILOVER,    /* ... test failover, into an isolated network */
    SCN_ACT_ASR_COMMIT,           /* commit the failover */
    SCN_ACT_ASR_REPROTECT,        /* re-protect back to the source */
    SCN_ACT_SQL_FAILOVER,         /* a SQL failover group's set-primary */
    SCN_ACT_BACKUP_RESTORE,       /* Azure Backup: cross-region restore of the VMs */
    SCN_ACT_ENTRY_DISABLE,        /* disable an app's endpoint in a region (Traffic
                                     Manager / Front Door), or switch its DNS name */
    SCN_ACT_SCALE_OUT,            /* scale a standby VM group out */
    SCN_NACT_VERBS
} scn_act_verb;

typedef struct scn_act {
    scn_act_verb verb;
    int32_t target;              /* account, VM group, SQL group or app index; SCN_NONE */
    int32_t region;              /* SCN_ACT_ENTRY_DISABLE: the region, else SCN_NONE */
    bool planned;                /* storage failover: planned (lossless) */
    bool allow_data_loss;        /* SQL: a forced failover */
    bool has_rp;                 /* ASR failover: a recovery point was given ... */
    scn_recovery_point rp;       /* ... this one (else the strategy's) */
} scn_act;

/* What the operator sees that can start a step (the drill's alerts). */
typedef enum scn_alert {
    SCN_ALERT_APP_DOWN = 0,      /* monitoring: the application stops serving */
    SCN_ALERT_ASR_RPO,           /* Site Recovery: a VM's RPO passes the critical threshold */
    SCN_ALERT_ENDPOINT,          /* Traffic Manager / Front Door: an endpoint degraded */
    SCN_ALERT_STATUS,            /* a notice on the provider's status page */
    SCN_ALERT_STORAGE_FAILOVER,  /* the provider failed a storage account over */
    SCN_NALERTS
} scn_alert;

typedef struct scn_step {
    scn_pos pos;
    bool has_at;                 /* at: after the first alert ... */
    double at;                   /* s */
    bool has_when;               /* ... or when: an alert fires (its first time) */
    scn_alert when;
    double eta_over;             /* when: status eta > D: only a notice whose ETA
                                    is over this many s (0: any notice) */
    double after;                /* s after the alert (when) */
    const char *when_text;       /* the condition as written */
    const char *text;            /* the action as written */
    scn_act act;
} scn_step;

typedef struct scn_strategy {
    const char *name;
    scn_pos pos;
    scn_strategy_kind kind;

    /* All: the decision to fail over comes `decide` after detection, and only
     * if the disruption is still going on then. */
    dist decide;                 /* s */
    bool decide_from_disruption; /* failover.after: `decide` counts from the
                                    disruption's start, not from the alarm */

    /* geo-restore, and asr for the application's data accounts */
    bool fail_over_data;         /* asr: also fail over the app's data accounts */
    bool has_failover_duration;  /* overrides each account's failover_duration */
    dist failover_duration;      /* s */
    bool failover_planned;       /* planned: no loss, only while both regions are up */
    scn_vhd_leases vhd_leases;   /* an account holding VHDs: their leases */
    dist delete_vms;             /* s, geo-restore: break the disk leases */
    dist provision;              /* s, geo-restore: new VMs from the VHDs */
    bool legacy;                 /* geo-restore what-if: legacy_vhds was given */
    int32_t legacy_vhds;         /* its account (SCN_NONE when not given) */
    const scn_vm_group *legacy_vms; /* derived: the world's VM groups as this strategy
                                       runs them (those of the account's region on VHDs
                                       in it); NULL without legacy_vhds */

    /* asr */
    uint32_t target;             /* region index */
    uint32_t target_zone;        /* zone-to-zone: the zone of `target` (the protected
                                    VMs' own region) the VMs fail over to; 0: none,
                                    another region */
    scn_recovery_point recovery_point;
    double custom_age;           /* s, SCN_RP_CUSTOM */
    double app_consistent_every; /* s; 0 = no app-consistent points */
    double retention;            /* s */
    bool high_churn;             /* High Churn: its per-disk table, 100 MB/s per VM */
    bool has_fixed_lag;          /* what-if: a given replication lag instead
                                    of the churn model */
    dist fixed_lag;              /* s */
    dist processing;             /* s, received -> usable recovery point */
    dist process_rate;           /* bytes/s, "latest" processes pending data (per trial) */
    dist vm_create;              /* s, per VM in the target */
    bool capacity_reserved;
    dist capacity_delay_probability; /* drawn once per trial */
    dist capacity_delay;         /* s */
    scn_plan_group *plan;        /* empty: one group of every protected VM */
    size_t ngroups;
    scn_consistency_group *consistency;
    size_t nconsistency;
    bool test_failover;          /* a drill: no outage is acted on */
    dist test_at;                /* s from trial start */
    dist commit;                 /* s */
    dist reprotect;              /* s */

    /* After an unplanned account failover (the customer's or the provider's),
     * the customer asks for geo-redundancy again (GRS: not GZRS), `after` the
     * failover; the conversion begins `start` later, and its initial sync
     * takes the account's size at its geo_sync_rate. */
    bool regain_geo;
    dist regain_after;           /* s after the failover ends */
    dist regain_start;           /* s from the request to the conversion's start */

    /* After recovery, all but wait: going back to the original region. */
    bool failback;
    dist failback_after;         /* s after the original region is back */
    bool failback_planned;       /* planned: waits for replication, no loss */

    /* runbook: its steps, in the order written (each taken once), and the
     * strategy whose setup (Site Recovery's target and plan, durations) its
     * actions use: every field above is copied from it (loader) */
    scn_step *steps;
    size_t nsteps;
    const char *like;            /* that strategy's name, or NULL: the defaults */
    bool site_recovery;          /* Site Recovery protects the VMs: kind asr, or a
                                    runbook like an asr strategy */
} scn_strategy;

/* ---- Outages ------------------------------------------------------------------ */

typedef enum scn_scope {
    SCN_SCOPE_REGION = 0,
    SCN_SCOPE_ZONE,
    SCN_SCOPE_DATACENTER
} scn_scope;

/* When the provider fails storage over (a Microsoft-managed failover). */
typedef enum scn_provider_when {
    SCN_PROVIDER_WHEN_DESTROYED = 0, /* only when the outage destroys its scope's
                                        copies: "permanently unrecoverable" */
    SCN_PROVIDER_WHEN_ALWAYS         /* what-if: whenever the outage still lasts */
} scn_provider_when;

/* What an outage does to its region's control plane (Resource Manager and
 * the regional resource providers: the management operations on the
 * region's resources). */
typedef enum scn_control_plane {
    SCN_CP_SCOPE = 0, /* down with a region outage, up with a zone's or a datacenter's */
    SCN_CP_UP,
    SCN_CP_DOWN,      /* for the outage's duration */
    SCN_CP_IMPAIRED   /* every management operation takes cp_delay more (drawn per
                         operation), at most until the outage ends */
} scn_control_plane;

/* How the trials are sampled (sampling.strata). */
typedef enum scn_strata {
    SCN_STRATA_NONE = 0, /* plain Monte Carlo: every trial draws every outage */
    SCN_STRATA_OUTAGES   /* stratified over the outages' fates (strata.h) */
} scn_strata;

/* A notice on the provider's status page (Azure status, Service Health),
 * scripted by the scenario: what the operator reads, `after` the outage's
 * start — an ETA it gives may prove wrong, which is the point of a drill. */
typedef struct scn_notice {
    scn_pos pos;
    double after;              /* s from the outage's start */
    const char *text;
    double eta;                /* s from the notice: the ETA it gives (0: none) */
} scn_notice;

typedef struct scn_outage {
    scn_pos pos;
    uint32_t region;
    scn_scope scope;
    uint32_t zone;             /* 1..zones, or 0 = drawn per trial */
    uint32_t datacenter;       /* 1..datacenters, or 0 = drawn per trial */
    dist probability;          /* that it happens at all in a trial (drawn per trial) */
    dist at;                   /* s from trial start */
    dist duration;             /* s */
    dist destructive;          /* probability the scope's copies are gone (per trial) */
    bool provider_failover;
    dist provider_after;       /* s from outage start to the provider's geo-failover */
    scn_provider_when provider_when;
    dist provider_duration;    /* s, the provider's failover of an account of
                                  DEF_ACCOUNT_SIZE (scaled by its size) */
    scn_control_plane control_plane;
    dist cp_delay;             /* s, SCN_CP_IMPAIRED */
    scn_notice *notices;       /* the provider's status page during it, in order */
    size_t nnotices;
} scn_outage;

/* ---- Prices, business figures, the outage catalogue ------------------------------ */

/* The price list a variant's running cost is worked out from
 * (models/world/cost.h): one region's and one currency's list prices, per
 * month (730 hours) or per GiB; defaults in models/azure/defaults.h, each
 * with its source, to override. Storage by redundancy (scn_redundancy's
 * order), the hot tier (the model has no access tiers). */
typedef struct scn_prices {
    const char *currency;        /* ISO 4217, as the prices are in: "USD" */
    double storage[3][6];        /* per GiB-month, by scn_access_tier, scn_redundancy */
    double storage_premium[2];   /* premium block blobs per GiB-month: LRS, ZRS */
    double geo_priority;         /* per GiB written under Geo Priority Replication */
    double geo_transfer;         /* per GiB geo-replicated (GRS, GZRS and the RA- kinds) */
    double egress;               /* per GiB between regions (replication traffic) */
    double asr_instance;         /* per VM protected by Site Recovery, per month */
    double disk_standard;        /* managed disk storage per GiB-month: standard ... */
    double disk_premium;         /* ... and premium (the replica disks too) */
    double asr_cache;            /* per GiB-month of the cache storage account */
    double asr_cache_hours;      /* hours of churn the cache account holds (its size) */
    double vm_hour;              /* per instance-hour of a VM (standby instances) */
    double sql_month;            /* one SQL database's compute per month (the
                                    geo-secondary is billed as the primary) */
    double cosmos_region_month;  /* per Cosmos DB region a month (single write region) */
    double cosmos_multi_write_region_month; /* ... with multi-region writes */
    double backup_instance;      /* per VM protected by Azure Backup, per month */
    double backup_storage;       /* per GiB-month of a GRS vault's backup storage */
} scn_prices;

/* What an outage costs the business (models/world/cost.h): per hour of each
 * level of service below full, per write and per GiB lost, and once when
 * data is gone for good. `given`: the scenario has a business: section;
 * without one, no trial has an outage cost (n/a, never 0). */
typedef struct scn_business {
    bool given;
    double down_per_hour;        /* serving nothing */
    double read_only_per_hour;   /* serving reads only */
    double degraded_per_hour;    /* serving below the capacity needed */
    double per_write_lost;
    double per_gib_lost;
    double lost_for_good;        /* once, when data is gone for good */
} scn_business;

/* The outage catalogue: how many disruptions of each kind a year, by scope
 * (scn_scope's order) and transient (index 0) or destructive (1). A trial
 * is one occurrence of the scenario's disruption; models/world/cost.h says
 * which kind that is. Defaults: estimates from public incident history. */
typedef struct scn_risk {
    double per_year[3][2];
} scn_risk;

/* ---- Worlds, variants, expectations --------------------------------------------- */

typedef struct scn_world {
    double horizon;            /* s of simulated time per trial */
    scn_region *regions;
    size_t nregions;
    scn_account *accounts;
    size_t naccounts;
    scn_cosmos *cosmos;        /* Cosmos DB accounts */
    size_t ncosmos;
    scn_vm_group *vms;
    size_t nvms;
    scn_app *apps;
    size_t napps;
    dist monitor;              /* s, detection delay */
    scn_sql *sql;              /* appended: SQL failover groups */
    size_t nsql;
    dist dns_overstay_share;   /* resolvers that keep records past the TTL (per trial) */
    dist dns_overstay_max;     /* s, how long they may keep them past it (per trial) */
    scn_outage *outages;
    size_t noutages;
    scn_backup *backups;       /* Azure Backup policies (and their vaults) */
    size_t nbackups;
    scn_strata strata;         /* appended: sampling.strata (models/scenario/strata.h) */
    double strata_even;        /* sampling.even: the share of trials spread evenly
                                  over the strata */
    scn_prices prices;         /* appended: what it costs to run (per variant) */
    scn_business business;     /* what an outage costs */
    scn_risk risk;             /* how often each kind of outage comes */
} scn_world;

/* A variant's strategy is the strategy as configured in that variant's world:
 * a sweep may vary strategy parameters (strategies.NAME.KEY), so use
 * variant->strategy, not strategies[strategy_index], which is world 0's. */
typedef struct scn_variant {
    const char *name;          /* the strategy's, plus the sweep values if any */
    const char *params_json;   /* {"strategy":"asr","storage.vhds...":"40MB/s"} */
    const scn_world *world;
    const scn_strategy *strategy;
    uint32_t strategy_index;
    uint32_t world_index;
} scn_variant;

/* One `expect:` rule (models/outcome.h), judged on the aggregates of every
 * variant it names; its line and column are where it was written. */
typedef oc_rule scn_expect;

/* One `sweep:` entry: a dotted path into the scenario and the values it takes.
 * Worlds are the combinations, the first path varying slowest. */
typedef struct scn_sweep {
    scn_pos pos;
    const char *path;          /* as written, e.g. "storage.vhds.geo_replication.bandwidth" */
    const char *label;         /* its shortest unambiguous suffix, for variant names */
    const char **values;       /* each value's text: a scalar's text, or a collection in
                                  YAML flow style */
    bool *scalar;              /* values[i] is a scalar's text */
    size_t nvalues;
} scn_sweep;

typedef struct scn_scenario {
    const char *path;          /* as given on the command line */
    const char *name;
    const char *description;
    uint64_t seed;
    uint64_t trials;           /* 0: auto (sim/run/exec.h: batches until decided) */
    const char *source;        /* the file's bytes, NUL-terminated */
    size_t source_len;
    char sha256[65];           /* hex of the file's bytes */
    scn_strategy *strategies;
    size_t nstrategies;
    scn_world *worlds;         /* one per sweep combination (1 without sweep) */
    size_t nworlds;
    scn_variant *variants;     /* nstrategies * nworlds, strategy-major:
                                  variants[s * nworlds + w] */
    size_t nvariants;
    scn_expect *expects;
    size_t nexpects;
    scn_sweep *sweeps;         /* appended: the sweep that made the worlds (for
                                  printing the scenario back); none without sweep */
    size_t nsweeps;
} scn_scenario;

#endif
