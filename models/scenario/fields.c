/*
 * fields.c — the scenario format's tables (fields.h): every key of every
 * section, declared once.
 *
 * Each section is a static array of rows and a fld_table naming it. Defaults
 * name their models/azure/defaults.h constant (FLD_NUM(DEF_DECIDE)), where
 * the source of each stays beside it. The few checks of a value beyond its
 * kind (a TTL's bound, a bandwidth above 0, the probe intervals)
 * are small functions here, named in their row; checks across fields are in
 * loader_world.c.
 *
 * Invariants: the order of rows is the format's order (printing, "unknown
 * key" messages, missing keys); a strategy row's when_mask is the set of
 * kinds that take it (bit 1 << SCN_WAIT, ...).
 */
#include "models/scenario/fields.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/azure/defaults.h"
#include "models/scenario/loaderInt.h"

const char *const fld_redundancy_names[] = {"LRS", "ZRS", "GRS", "RA-GRS", "GZRS", "RA-GZRS",
                                            NULL};
const char *const fld_access_tier_names[] = {"hot", "cool", "cold", NULL};
const char *const fld_disk_kind_names[] = {"standard", "premium", "unmanaged", "premium-v2",
                                            "ultra", NULL};
const char *const fld_strategy_kind_names[] = {"wait", "geo-restore", "asr", "restore", "runbook",
                                                NULL};
const char *const fld_recovery_point_names[] = {"latest", "latest-processed",
                                                "latest-app-consistent", NULL};
const char *const fld_scope_names[] = {"region", "zone", "datacenter", NULL};
const char *const fld_provider_when_names[] = {"destroyed", "always", NULL};
const char *const fld_strata_names[] = {"none", "outages", NULL};
const char *const fld_control_plane_names[] = {"scope", "up", "down", NULL};
const char *const fld_vhd_leases_names[] = {"block", "ignore", NULL};
const char *const fld_ref_nouns[FLD_NREFS] = {"region", "storage account", "VM group",
                                              "Cosmos DB account"};

static const char *const arrivals_names[] = {"poisson", "regular", NULL};
static const char *const disk_redundancy_names[] = {"LRS", "ZRS", NULL};
static const char *const georep_names[] = {"lag", "bandwidth", NULL};
static const char *const placement_names[] = {"any", "zone", "spread", NULL};
static const char *const entry_names[] = {"none", "dns", "traffic_manager", "front_door", NULL};
static const char *const action_names[] = {"script", "manual", NULL};
static const char *const any_word[] = {"any", NULL};
static const char *const zone_words[] = {"any", "spread", NULL};
static const char *const all_word[] = {"all", NULL};
static const char *const auto_word[] = {"auto", NULL};
static const char *const scale_on_names[] = {"detection", "decision", NULL};
static const char *const app_writes_names[] = {"primary", "local", NULL};
const char *const fld_sql_policy_names[] = {"customer", "microsoft", NULL};
const char *const fld_consistency_names[] = {"strong", "bounded_staleness", "session",
                                             "consistent_prefix", "eventual", NULL};
static const char *const conflict_names[] = {"last_writer_wins", "custom", NULL};
static const char *const backup_schedule_names[] = {"daily", "enhanced", NULL};
static const char *const vault_redundancy_names[] = {"LRS", "ZRS", "GRS", NULL};

#define ROWS(a) (a), sizeof(a) / sizeof((a)[0])

/* An enum lands as an int (fld_enum_at, and the generic reader and printer). */
_Static_assert(sizeof(scn_redundancy) == sizeof(int) && sizeof(scn_arrivals) == sizeof(int) &&
                   sizeof(scn_georep) == sizeof(int) && sizeof(scn_disk_kind) == sizeof(int) &&
                   sizeof(scn_placement) == sizeof(int) && sizeof(scn_entry) == sizeof(int) &&
                   sizeof(scn_strategy_kind) == sizeof(int) &&
                   sizeof(scn_recovery_point) == sizeof(int) &&
                   sizeof(scn_action_kind) == sizeof(int) && sizeof(scn_scope) == sizeof(int) &&
                   sizeof(scn_provider_when) == sizeof(int) &&
                   sizeof(scn_control_plane) == sizeof(int) &&
                   sizeof(scn_vhd_leases) == sizeof(int) &&
                   sizeof(scn_scale_on) == sizeof(int) && sizeof(scn_app_writes) == sizeof(int) &&
                   sizeof(scn_sql_policy) == sizeof(int) &&
                   sizeof(scn_backup_schedule) == sizeof(int),
               "scenario.h's enums are int-sized");

/* Strategy kinds, as when_mask bits. */
#define K_WAIT (1u << SCN_WAIT)
#define K_GEO (1u << SCN_GEO_RESTORE)
#define K_ASR (1u << SCN_ASR)
#define K_RESTORE (1u << SCN_RESTORE)
#define K_RUNBOOK (1u << SCN_RUNBOOK)
#define K_ALL (K_WAIT | K_GEO | K_ASR | K_RESTORE)
/* A strategy row applies to these kinds only. */
#define KINDS(mask) .when_off = offsetof(scn_strategy, kind), .when_mask = (mask)

/* ---- Checks of a value beyond its kind ---------------------------------------------- */

/* Whether d can give 0 (or less): its minimum is attained by const, uniform,
 * triangular and empirical; the others reach 0 with probability 0. */
static bool can_be_zero(const dist *d)
{
    switch (d->kind) {
    case DIST_CONST:
    case DIST_UNIFORM:
    case DIST_TRIANGULAR:
    case DIST_EMPIRICAL:
        return dist_min(d) <= 0;
    default:
        return false;
    }
}

static bool chk_above_zero(ld *L, const fld_field *f, const ydoc_node *n, const void *value)
{
    if (!can_be_zero(value))
        return true;
    ld_error(L, n, "%s: must be greater than 0", f->key);
    return false;
}

static bool chk_every_draw_above_zero(ld *L, const fld_field *f, const ydoc_node *n,
                                      const void *value)
{
    if (dist_min(value) > 0)
        return true;
    ld_error(L, n, "%s: must be greater than 0 (a distribution: every draw, such as "
                   "uniform(20MB/s, 80MB/s))", f->key);
    return false;
}

static bool chk_dns_ttl_dist(ld *L, const fld_field *f, const ydoc_node *n, const void *value)
{
    if (dist_max(value) <= DNS_TTL_MAX)
        return true;
    ld_error(L, n, "%s: a DNS TTL is at most 2147483647s", f->key);
    return false;
}

static bool chk_dns_ttl(ld *L, const fld_field *f, const ydoc_node *n, const void *value)
{
    if (*(const double *)value <= DNS_TTL_MAX)
        return true;
    ld_error(L, n, "%s: a DNS TTL is at most 2147483647s", f->key);
    return false;
}

static bool chk_horizon(ld *L, const fld_field *f, const ydoc_node *n, const void *value)
{
    double v = *(const double *)value;
    if (v > 0 && v <= SCN_MAX_HORIZON)
        return true;
    ld_error(L, n, "%s: expected more than 0s and at most 3650d", f->key);
    return false;
}

static bool chk_disk_size(ld *L, const fld_field *f, const ydoc_node *n, const void *value)
{
    double v = *(const double *)value;
    if (!(v > 0)) {
        ld_error(L, n, "%s: a disk's size must be greater than 0", f->key);
        return false;
    }
    if (v > DISK_MAX_SIZE) {
        char buf[32];
        units_format(UNITS_SIZE, DISK_MAX_SIZE, buf, sizeof buf);
        ld_error(L, n, "%s: a disk is at most %s (Premium SSD v2 and Ultra Disk; the other "
                       "kinds less)", f->key, buf);
        return false;
    }
    return true;
}

static bool chk_account_size(ld *L, const fld_field *f, const ydoc_node *n, const void *value)
{
    if (*(const double *)value > 0)
        return true;
    ld_error(L, n, "%s: an account's data must be more than 0 (such as 500GiB)", f->key);
    return false;
}

static bool chk_app_points(ld *L, const fld_field *f, const ydoc_node *n, const void *value)
{
    double v = *(const double *)value;
    if (v == 0 || v >= ASR_APP_POINT_MIN_INTERVAL)
        return true;
    ld_error(L, n, "%s: app-consistent points come at most once an hour (1h or more, or 0 for "
                   "none)", f->key);
    return false;
}

static bool chk_share(ld *L, const fld_field *f, const ydoc_node *n, const void *value)
{
    double v = *(const double *)value;
    if (v > 0 && v <= 1)
        return true;
    ld_error(L, n, "%s: a share of the peak load, more than 0 and at most 1 (such as 0.2)",
             f->key);
    return false;
}

bool fld_refuses_zero(const fld_field *f)
{
    return f->check == chk_above_zero || f->check == chk_every_draw_above_zero ||
           f->check == chk_horizon || f->check == chk_disk_size ||
           f->check == chk_account_size || f->check == chk_share;
}

static bool chk_tm_interval(ld *L, const fld_field *f, const ydoc_node *n, const void *value)
{
    double v = *(const double *)value;
    if (v == TM_INTERVAL_NORMAL || v == TM_INTERVAL_FAST)
        return true;
    ld_error(L, n, "%s: Traffic Manager probes every 30s or every 10s", f->key);
    return false;
}

static bool chk_fd_interval(ld *L, const fld_field *f, const ydoc_node *n, const void *value)
{
    double v = *(const double *)value;
    if (v >= FD_INTERVAL_MIN && v <= FD_INTERVAL_MAX && v == floor(v))
        return true;
    ld_error(L, n, "%s: Front Door probes every 1s to 255s, in whole seconds", f->key);
    return false;
}

/* A time of day: 0 to 24h (excluded). */
static bool chk_time_of_day(ld *L, const fld_field *f, const ydoc_node *n, const void *value)
{
    double v = *(const double *)value;
    if (v >= 0 && v < 86400)
        return true;
    ld_error(L, n, "%s: a time of day after 00:00 UTC, from 0h to less than 24h (such as 22h)",
             f->key);
    return false;
}

/* The enhanced policy's intervals (backup-azure-vms-enhanced-policy.md). */
static bool chk_backup_every(ld *L, const fld_field *f, const ydoc_node *n, const void *value)
{
    double v = *(const double *)value;
    if (v == 4 * 3600.0 || v == 6 * 3600.0 || v == 8 * 3600.0 || v == 12 * 3600.0)
        return true;
    ld_error(L, n, "%s: the enhanced policy backs up every 4h, 6h, 8h or 12h "
                   "(backup-azure-vms-enhanced-policy.md)", f->key);
    return false;
}

static bool chk_snapshot_retention(ld *L, const fld_field *f, const ydoc_node *n,
                                   const void *value)
{
    double v = *(const double *)value;
    if (v >= 86400 && v <= BACKUP_SNAPSHOT_RETENTION_MAX)
        return true;
    ld_error(L, n, "%s: instant restore snapshots are kept 1d to 5d (standard policy) or up to "
                   "30d (enhanced policy)", f->key);
    return false;
}

static bool chk_fd_latency(ld *L, const fld_field *f, const ydoc_node *n, const void *value)
{
    double v = *(const double *)value;
    if (v >= 0 && v <= FD_ADDITIONAL_LATENCY_MAX)
        return true;
    ld_error(L, n, "%s: expected 0ms to 1000ms", f->key);
    return false;
}

static bool chk_grace_period(ld *L, const fld_field *f, const ydoc_node *n, const void *value)
{
    if (*(const double *)value >= SQL_GRACE_PERIOD_MIN)
        return true;
    ld_error(L, n, "%s: a Microsoft-managed failover policy's grace period is at least 1h "
                   "(\"The minimum grace period is one hour\": reliability-sql-database.md)",
             f->key);
    return false;
}

/* ---- How FLD_HAND rows print ------------------------------------------------------- */

/* A VM group's zone: its number, spread or any. */
static void show_placement(const void *base, char *buf, size_t n)
{
    const scn_vm_group *g = base;
    if (g->placement == SCN_PLACE_ZONE)
        snprintf(buf, n, "%u", (unsigned)g->zone);
    else
        snprintf(buf, n, "%s", g->placement == SCN_PLACE_SPREAD ? "spread" : "any");
}

/* An outage's scope, "zone N" in one value when the zone is given, so that a
 * sweep of scope replaces all of it. */
static void show_scope(const void *base, char *buf, size_t n)
{
    const scn_outage *o = base;
    if (o->scope == SCN_SCOPE_ZONE && o->zone != 0)
        snprintf(buf, n, "zone %u", (unsigned)o->zone);
    else
        snprintf(buf, n, "%s", fld_scope_names[o->scope]);
}

/* ---- Regions ---------------------------------------------------------------------- */

static const fld_field region_rows[] = {
    {.key = "name", .kind = FLD_NAME, .off = offsetof(scn_region, name), .flags = FLD_REQUIRED,
     .missing = "missing key 'name' (a region needs one)",
     .doc = "a catalogue region to override, or a new region"},
    {.key = "pair", .kind = FLD_REF, .ref = FLD_TO_REGION, .off = offsetof(scn_region, pair),
     .flags = FLD_NONE, .def = FLD_NUM(SCN_NONE),
     .doc = "the GRS secondary region, or none (one way: set it on both regions for a "
            "two-way pair; default: the catalogue's pair, none for a new region)"},
    {.key = "zones", .kind = FLD_UINT, .off = offsetof(scn_region, zones), .min = 0,
     .max = SCN_MAX_ZONES, .def = FLD_NUM(DEF_REGION_ZONES),
     .doc = "availability zones; 0: the region has none (a catalogue region has its own "
            "count, from regions-list.md; the default is a new region's)"},
    {.key = "datacenters", .kind = FLD_UINT, .off = offsetof(scn_region, datacenters), .min = 1,
     .max = SCN_MAX_DATACENTERS, .def = FLD_NUM(DEF_ZONE_DATACENTERS),
     .doc = "datacenters per zone (per region when zones: 0)"},
    {.key = "restricted", .kind = FLD_BOOL, .off = offsetof(scn_region, restricted),
     .def = FLD_NUM(false),
     .doc = "deploying there needs Microsoft's approval (a catalogue region has its own "
            "value, from regions-list.md): set false once the subscriptions have access"},
    {.key = "zone_to_zone", .kind = FLD_BOOL, .off = offsetof(scn_region, zone_to_zone),
     .def = FLD_NUM(false),
     .doc = "Site Recovery offers zone-to-zone disaster recovery there (a catalogue region has "
            "its own value, from azure-to-azure-how-to-enable-zone-to-zone-disaster-recovery.md)"},
};

const fld_table fld_region = {
    .what = "a region", .size = sizeof(scn_region), .disc = -1,
    .doc = "a region added to the built-in catalogue, or a catalogue region overridden (only "
           "the keys given)",
    .fields = ROWS(region_rows)};

/* ---- Storage accounts ------------------------------------------------------------- */

static const fld_field writes_rows[] = {
    {.key = "rate", .kind = FLD_DIST, .units = UNITS_RATE, .off = offsetof(scn_writes, rate),
     .def = FLD_NUM(0), .doc = "writes per second, drawn once per trial (0: no writes)"},
    {.key = "size", .kind = FLD_DIST, .units = UNITS_SIZE, .off = offsetof(scn_writes, size),
     .def = FLD_NUM(DEF_WRITE_SIZE), .doc = "bytes per write"},
    {.key = "arrivals", .kind = FLD_ENUM, .names = arrivals_names,
     .off = offsetof(scn_writes, arrivals), .def = FLD_NUM(SCN_ARRIVALS_POISSON),
     .doc = "poisson: exponential gaps; regular: evenly spaced, with a random phase"},
};

static const fld_table writes_table = {
    .what = "writes", .disc = -1, .doc = "the application's own writes to the account",
    .fields = ROWS(writes_rows)};

static const fld_field geo_rows[] = {
    {.key = "lag", .kind = FLD_DIST, .units = UNITS_DURATION, .off = offsetof(scn_account, lag),
     .def = FLD_LOGNORMAL(DEF_GEO_LAG_P50, DEF_GEO_LAG_P99),
     .when_off = offsetof(scn_account, geo), .when_mask = 1u << SCN_GEO_LAG,
     .doc = "the replication lag at any instant"},
    {.key = "bandwidth", .kind = FLD_DIST, .units = UNITS_BYTE_RATE,
     .off = offsetof(scn_account, bandwidth), .def = FLD_NUM(0), .check = chk_above_zero,
     .when_off = offsetof(scn_account, geo), .when_mask = 1u << SCN_GEO_BANDWIDTH,
     .doc = "instead of lag: a FIFO link shipping writes in order, drawn per trial (> 0)"},
    {.key = "latency", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_account, latency), .def = FLD_NUM(DEF_GEO_LATENCY),
     .when_off = offsetof(scn_account, geo), .when_mask = 1u << SCN_GEO_BANDWIDTH,
     .doc = "with bandwidth only: the link's latency"},
};

static const fld_table geo_table = {
    .what = "geo_replication", .disc = -1,
    .doc = "how GRS, RA-GRS, GZRS and RA-GZRS replicate: lag, or bandwidth (and latency)",
    .fields = ROWS(geo_rows)};

static const fld_field account_failover_rows[] = {
    {.key = "duration", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_account, failover_duration),
     .def = FLD_LOGNORMAL(DEF_ACCOUNT_FAILOVER_P50, DEF_ACCOUNT_FAILOVER_P99),
     .doc = "a customer-managed failover (unplanned, planned, or a failback) of an account of "
            "1TiB; scaled by (size / 1TiB)^0.25"},
};

static const fld_table account_failover_table = {
    .what = "failover", .disc = -1, .doc = "the account's failover",
    .fields = ROWS(account_failover_rows)};

static const fld_field features_rows[] = {
    {.key = "change_feed", .kind = FLD_BOOL, .off = offsetof(scn_account, change_feed),
     .def = FLD_NUM(false), .doc = "blob change feed on: no planned failover"},
    {.key = "point_in_time_restore", .kind = FLD_BOOL,
     .off = offsetof(scn_account, point_in_time_restore), .def = FLD_NUM(false),
     .doc = "point-in-time restore on: no planned failover"},
    {.key = "object_replication", .kind = FLD_BOOL,
     .off = offsetof(scn_account, object_replication), .def = FLD_NUM(false),
     .doc = "object replication on: no customer-managed failover at all"},
    {.key = "premium_block_blobs", .kind = FLD_BOOL,
     .off = offsetof(scn_account, premium_block_blobs), .def = FLD_NUM(false),
     .doc = "a premium block blob account: LRS or ZRS only, never failed over"},
};

static const fld_table features_table = {
    .what = "features", .disc = -1,
    .doc = "features of the account that restrict its failover",
    .fields = ROWS(features_rows)};

/* Keys a storage account no longer takes. */
static const fld_gone account_gone[] = {
    {"resync", "geo-redundancy no longer comes back by itself after a failover: the customer "
               "asks for it (a strategy's regain_geo: {after: DURATION}), and its initial sync "
               "copies the account's size at its geo_sync_rate (give size or geo_sync_rate "
               "instead of resync)"},
    {NULL, NULL},
};

static const fld_field account_rows[] = {
    {.key = "name", .kind = FLD_NAME, .off = offsetof(scn_account, name), .flags = FLD_REQUIRED,
     .missing = "missing key 'name' (a storage account needs one)", .doc = "the account's name"},
    {.key = "region", .kind = FLD_REF, .ref = FLD_TO_REGION,
     .off = offsetof(scn_account, region), .flags = FLD_REQUIRED,
     .missing = "missing key 'region' (a storage account needs one)",
     .doc = "the primary region"},
    {.key = "redundancy", .kind = FLD_ENUM, .names = fld_redundancy_names,
     .off = offsetof(scn_account, redundancy), .flags = FLD_REQUIRED, .def = FLD_NUM(SCN_LRS),
     .missing = "missing key 'redundancy' (LRS, ZRS, GRS, RA-GRS, GZRS or RA-GZRS)",
     .doc = "geo-redundant kinds need a region with a pair, zone-redundant ones a region "
            "with zones"},
    {.key = "zone", .kind = FLD_UINT, .names = any_word, .off = offsetof(scn_account, zone),
     .min = 1, .max = SCN_MAX_ZONES, .flags = FLD_OMIT_DEFAULT, .def = FLD_NUM(0),
     .doc = "where an LRS, GRS or RA-GRS account's copies are: 1..zones, or any (drawn per "
            "trial)"},
    {.key = "size", .kind = FLD_VALUE, .units = UNITS_SIZE, .off = offsetof(scn_account, size),
     .flags = FLD_PRESENT | FLD_OMIT_ABSENT, .present = offsetof(scn_account, size_given),
     .def = FLD_NUM(DEF_ACCOUNT_SIZE), .check = chk_account_size,
     .doc = "the data it holds (default: the VHDs it holds, or 1TiB when none): a failover "
            "takes longer, and so does the initial sync when geo-redundancy is regained"},
    {.key = "writes", .kind = FLD_MAP, .sub = &writes_table, .off = offsetof(scn_account, writes),
     .doc = "the application's own writes (blobs, tables...)"},
    {.key = "geo_replication", .kind = FLD_MAP, .sub = &geo_table,
     .doc = "lag, or bandwidth and latency (not both)"},
    {.key = "priority_replication", .kind = FLD_BOOL,
     .off = offsetof(scn_account, priority_replication), .def = FLD_NUM(false),
     .doc = "Geo Priority Replication: the lag is 15m or less 99% of the time (SLA; block "
            "blobs only, so never an account of VHDs)"},
    {.key = "features", .kind = FLD_MAP, .sub = &features_table,
     .doc = "change_feed, point_in_time_restore, object_replication, premium_block_blobs"},
    {.key = "access_tier", .kind = FLD_ENUM, .names = fld_access_tier_names,
     .off = offsetof(scn_account, access_tier), .flags = FLD_OMIT_DEFAULT,
     .def = FLD_NUM(SCN_TIER_HOT),
     .doc = "the tier its block blobs are in: hot, cool or cold; it prices their storage "
            "(its VHDs are page blobs, never tiered; archive is offline, not modelled)"},
    {.key = "dns_ttl", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_account, dns_ttl), .def = FLD_NUM(DEF_ACCOUNT_DNS_TTL),
     .check = chk_dns_ttl_dist, .doc = "the TTL of the account's endpoint records"},
    {.key = "failover", .kind = FLD_MAP, .sub = &account_failover_table,
     .doc = "the account's failover"},
    {.key = "geo_sync_rate", .kind = FLD_DIST, .units = UNITS_BYTE_RATE,
     .off = offsetof(scn_account, geo_sync_rate), .def = FLD_NUM(DEF_GEO_INITIAL_SYNC_RATE),
     .check = chk_every_draw_above_zero,
     .doc = "the initial sync's rate once the customer regains geo-redundancy after a "
            "failover (drawn per trial; every draw > 0)"},
    {.key = NULL, .kind = FLD_ENUM, .names = georep_names, .off = offsetof(scn_account, geo),
     .def = FLD_NUM(SCN_GEO_LAG), .doc = "which of lag or bandwidth was given"},
};

const fld_table fld_account = {
    .what = "a storage account", .size = sizeof(scn_account), .disc = -1,
    .unique = "storage account", .gone = account_gone,
    .doc = "a storage account: the application's data, and the VHDs of unmanaged disks",
    .fields = ROWS(account_rows)};

/* ---- SQL failover groups ------------------------------------------------------------ */

static const fld_field sql_failover_rows[] = {
    {.key = "policy", .kind = FLD_ENUM, .names = fld_sql_policy_names,
     .off = offsetof(scn_sql, policy), .def = FLD_NUM(SCN_SQL_CUSTOMER),
     .doc = "customer: the strategy's decision fails the group over (recommended); microsoft: "
            "Microsoft forces a failover once the grace period has elapsed with the outage "
            "still on (the customer may fail over first)"},
    {.key = "grace_period", .kind = FLD_VALUE, .units = UNITS_DURATION,
     .off = offsetof(scn_sql, grace_period), .def = FLD_NUM(DEF_SQL_GRACE_PERIOD),
     .check = chk_grace_period, .when_off = offsetof(scn_sql, policy),
     .when_mask = 1u << SCN_SQL_MICROSOFT,
     .doc = "policy microsoft: from the outage's start to Microsoft's forced failover, at "
            "least 1h (the documented minimum, and the default)"},
    {.key = "duration", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_sql, failover_duration), .def = FLD_NUM(DEF_SQL_FAILOVER),
     .doc = "a geo-failover, planned or forced: no writes meanwhile (\"typically up to 60 "
            "seconds\")"},
};

static const fld_table sql_failover_table = {
    .what = "failover", .disc = 0, .disc_noun = "policies",
    .doc = "who fails the group over, and how long it takes",
    .fields = ROWS(sql_failover_rows)};

static const fld_field sql_listener_rows[] = {
    {.key = "read_write_ttl", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_sql, rw_ttl), .def = FLD_NUM(DEF_SQL_LISTENER_TTL),
     .check = chk_dns_ttl_dist,
     .doc = "the DNS TTL of the read-write listener (<group>.database.windows.net): clients "
            "follow a failover over it"},
    {.key = "read_only_ttl", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_sql, ro_ttl), .def = FLD_NUM(DEF_SQL_LISTENER_TTL),
     .check = chk_dns_ttl_dist,
     .doc = "the DNS TTL of the read-only listener (<group>.secondary.database.windows.net)"},
};

static const fld_table sql_listener_table = {
    .what = "listeners", .disc = -1, .doc = "the failover group's two listener endpoints",
    .fields = ROWS(sql_listener_rows)};

static const fld_field sql_rows[] = {
    {.key = "name", .kind = FLD_NAME, .off = offsetof(scn_sql, name), .flags = FLD_REQUIRED,
     .missing = "missing key 'name' (a SQL failover group needs one)",
     .doc = "the failover group's name (unique across storage, sql and cosmos)"},
    {.key = "region", .kind = FLD_REF, .ref = FLD_TO_REGION, .off = offsetof(scn_sql, region),
     .flags = FLD_REQUIRED, .missing = "missing key 'region' (a SQL failover group needs one)",
     .doc = "the primary's region"},
    {.key = "secondary", .kind = FLD_REF, .ref = FLD_TO_REGION,
     .off = offsetof(scn_sql, secondary), .flags = FLD_NONE | FLD_OMIT_DEFAULT,
     .def = FLD_NUM(SCN_NONE),
     .doc = "the secondary's region, any but the primary's (default: the primary's pair)"},
    {.key = "zone_redundant", .kind = FLD_BOOL, .off = offsetof(scn_sql, zone_redundant),
     .def = FLD_NUM(false),
     .doc = "the primary is zone redundant (a region with zones): the loss of a zone does "
            "not take it down"},
    {.key = "zone", .kind = FLD_UINT, .names = any_word, .off = offsetof(scn_sql, zone),
     .min = 1, .max = SCN_MAX_ZONES, .flags = FLD_OMIT_DEFAULT, .def = FLD_NUM(0),
     .doc = "not zone redundant: the primary's zone, 1..zones, or any (drawn per trial)"},
    {.key = "writes", .kind = FLD_MAP, .sub = &writes_table, .off = offsetof(scn_sql, writes),
     .doc = "the application's writes to the databases (rate, size, arrivals)"},
    {.key = "lag", .kind = FLD_DIST, .units = UNITS_DURATION, .off = offsetof(scn_sql, lag),
     .def = FLD_NUM(DEF_SQL_LAG),
     .doc = "the asynchronous geo-replication's lag at the failure (drawn per trial): what a "
            "forced failover loses (default: the documented RPO, 5s)"},
    {.key = "failover", .kind = FLD_MAP, .sub = &sql_failover_table,
     .doc = "policy (customer or microsoft), grace_period, duration"},
    {.key = "listeners", .kind = FLD_MAP, .sub = &sql_listener_table,
     .doc = "read_write_ttl, read_only_ttl"},
};

const fld_table fld_sql = {
    .what = "a SQL failover group", .size = sizeof(scn_sql), .disc = -1,
    .unique = "SQL failover group",
    .doc = "an Azure SQL Database or Managed Instance failover group: asynchronous "
           "geo-replication to a readable secondary, behind two listeners",
    .fields = ROWS(sql_rows)};
/* ---- Cosmos DB accounts ------------------------------------------------------------ */

static bool chk_staleness_interval(ld *L, const fld_field *f, const ydoc_node *n,
                                   const void *value)
{
    double v = *(const double *)value;
    if (v >= COSMOS_T_MIN_SINGLE && v <= COSMOS_T_MAX)
        return true;
    ld_error(L, n, "%s: expected 5s to 1d (Azure's maxIntervalInSeconds: 5 to 86400; "
                   "consistency-levels.md)", f->key);
    return false;
}

static bool chk_items(ld *L, const fld_field *f, const ydoc_node *n, const void *value)
{
    if (*(const double *)value >= 1)
        return true;
    ld_error(L, n, "%s: expected at least 1 item", f->key);
    return false;
}

static const fld_field cosmos_rows[] = {
    {.key = "name", .kind = FLD_NAME, .off = offsetof(scn_cosmos, name), .flags = FLD_REQUIRED,
     .missing = "missing key 'name' (a Cosmos DB account needs one)",
     .doc = "the account's name (unique across storage, sql and cosmos)"},
    {.key = "write_region", .kind = FLD_REF, .ref = FLD_TO_REGION,
     .off = offsetof(scn_cosmos, write_region), .flags = FLD_REQUIRED,
     .missing = "missing key 'write_region' (a Cosmos DB account needs one)",
     .doc = "the write region (failover priority 0)"},
    {.key = "read_regions", .kind = FLD_REFS, .ref = FLD_TO_REGION,
     .off = offsetof(scn_cosmos, read_regions), .count = offsetof(scn_cosmos, nread_regions),
     .flags = FLD_OMIT_EMPTY,
     .doc = "the other regions, in failover priority order (none: a single-region account)"},
    {.key = "multi_region_writes", .kind = FLD_BOOL,
     .off = offsetof(scn_cosmos, multi_region_writes), .flags = FLD_OMIT_DEFAULT,
     .def = FLD_NUM(false),
     .doc = "every region accepts writes (not with strong consistency); no failover for writes"},
    {.key = "consistency", .kind = FLD_ENUM, .names = fld_consistency_names,
     .off = offsetof(scn_cosmos, consistency), .flags = FLD_REQUIRED,
     .def = FLD_NUM(SCN_CONS_SESSION),
     .missing = "missing key 'consistency' (strong, bounded_staleness, session, "
                "consistent_prefix or eventual)",
     .doc = "the default consistency level: it bounds the writes a region outage loses"},
    {.key = "max_staleness_prefix", .kind = FLD_UINT,
     .off = offsetof(scn_cosmos, max_staleness_prefix), .min = COSMOS_K_MIN_SINGLE,
     .max = COSMOS_K_MAX, .def = FLD_NUM(DEF_COSMOS_K),
     .when_off = offsetof(scn_cosmos, consistency), .when_mask = 1u << SCN_CONS_BOUNDED_STALENESS,
     .doc = "bounded staleness: K, the writes a region may lag (multi-region: at least 100000)"},
    {.key = "max_interval", .kind = FLD_VALUE, .units = UNITS_DURATION,
     .off = offsetof(scn_cosmos, max_interval), .def = FLD_NUM(DEF_COSMOS_T),
     .check = chk_staleness_interval,
     .when_off = offsetof(scn_cosmos, consistency), .when_mask = 1u << SCN_CONS_BOUNDED_STALENESS,
     .doc = "bounded staleness: T, the time a region may lag (multi-region: at least 5m)"},
    {.key = "service_managed_failover", .kind = FLD_BOOL,
     .off = offsetof(scn_cosmos, service_managed_failover), .def = FLD_NUM(DEF_COSMOS_SMF),
     .doc = "Azure promotes the next read region when the write region is down"},
    {.key = "failover_after", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_cosmos, failover_after), .flags = FLD_OMIT_DEFAULT,
     .def = FLD_UNIFORM(DEF_COSMOS_FAILOVER_MIN, DEF_COSMOS_FAILOVER_MAX),
     .doc = "service-managed failover: from the write region's outage to the promotion "
            "(assumption; the last published RTO was under 15m)"},
    {.key = "zone_redundant", .kind = FLD_BOOL, .off = offsetof(scn_cosmos, zone_redundant),
     .flags = FLD_OMIT_DEFAULT, .def = FLD_NUM(false),
     .doc = "replicas spread over each region's zones (regions with zones): a zone outage "
            "takes nothing down"},
    {.key = "lag", .kind = FLD_DIST, .units = UNITS_DURATION, .off = offsetof(scn_cosmos, lag),
     .def = FLD_LOGNORMAL(DEF_COSMOS_LAG_P50, DEF_COSMOS_LAG_P99),
     .doc = "the cross-region replication lag when a region fails (assumption; the "
            "consistency level bounds it)"},
    {.key = "writes", .kind = FLD_MAP, .sub = &writes_table, .off = offsetof(scn_cosmos, writes),
     .doc = "the application's writes (with multi-region writes: in each region)"},
    {.key = "items", .kind = FLD_VALUE, .units = UNITS_NUMBER, .off = offsetof(scn_cosmos, items),
     .flags = FLD_OMIT_DEFAULT, .def = FLD_NUM(DEF_COSMOS_ITEMS), .check = chk_items,
     .doc = "the distinct items the writes go to, uniformly (multi-region writes: the "
            "conflict model)"},
    {.key = "conflict_resolution", .kind = FLD_ENUM, .names = conflict_names,
     .off = offsetof(scn_cosmos, conflict_resolution), .flags = FLD_OMIT_DEFAULT,
     .def = FLD_NUM(SCN_CONFLICT_LWW),
     .doc = "multi-region writes: last_writer_wins (the default) or custom (a merge "
            "procedure, or the conflicts feed)"},
};

const fld_table fld_cosmos = {
    .what = "a Cosmos DB account", .size = sizeof(scn_cosmos), .disc = 4,
    .disc_noun = "consistency", .unique = "Cosmos DB account",
    .doc = "a Cosmos DB account: its regions, consistency, failover and writes",
    .fields = ROWS(cosmos_rows)};

/* ---- VMs and disks --------------------------------------------------------------- */

#define DISK_ROWS(size_flags, size_missing, is_os)                                                \
    {.key = "size", .kind = FLD_VALUE, .units = UNITS_SIZE, .off = offsetof(scn_disk, size),   \
     .flags = (size_flags), .missing = (size_missing), .def = FLD_NUM(DEF_OS_DISK_SIZE),       \
     .check = chk_disk_size,                                                                   \
     .doc = "a fixed size: at most 32767GiB, 64TiB for premium-v2 and ultra, 4TiB unmanaged, "  \
            "4095GiB for an OS disk (128GiB by default)"},                                     \
    {.key = "kind", .kind = FLD_ENUM, .names = fld_disk_kind_names,                            \
     .off = offsetof(scn_disk, kind), .def = FLD_NUM(SCN_DISK_STANDARD),                       \
     .doc = "managed standard HDD/SSD, Premium SSD, Premium SSD v2 or Ultra Disk (the last "    \
            "two data disks only), or a VHD page blob (unmanaged, retired 31 March 2026)"},    \
    {.key = "redundancy", .kind = FLD_ENUM, .names = disk_redundancy_names,                    \
     .off = offsetof(scn_disk, redundancy), .def = FLD_NUM(SCN_LRS),                           \
     .when_off = offsetof(scn_disk, kind),                                                     \
     .when_mask = 1u << SCN_DISK_STANDARD | 1u << SCN_DISK_PREMIUM |                           \
                  1u << SCN_DISK_PREMIUM_V2 | 1u << SCN_DISK_ULTRA,                            \
     .doc = "managed disks: LRS or ZRS (ZRS needs a region with zones; premium-v2 and ultra "   \
            "are LRS only)"},                                                                  \
    {.key = "account", .kind = FLD_REF, .ref = FLD_TO_ACCOUNT,                                 \
     .off = offsetof(scn_disk, account), .flags = FLD_REQUIRED, .def = FLD_NUM(SCN_NONE),      \
     .missing = "missing key 'account' (an unmanaged disk lives in a storage account)",        \
     .when_off = offsetof(scn_disk, kind), .when_mask = 1u << SCN_DISK_UNMANAGED,              \
     .doc = "unmanaged disks: the account holding the VHD, in the VM's region, LRS or GRS"},   \
    {.key = "churn", .kind = FLD_DIST, .units = UNITS_BYTE_RATE,                               \
     .off = offsetof(scn_disk, churn), .def = FLD_NUM(DEF_DISK_CHURN),                         \
     .doc = "bytes written to the disk per second"},                                           \
    {.key = "io_size", .kind = FLD_DIST, .units = UNITS_SIZE,                                  \
     .off = offsetof(scn_disk, io_size), .def = FLD_NUM(DEF_DISK_IO_SIZE),                     \
     .check = chk_above_zero, .doc = "bytes per write (> 0)"},                                 \
    {.key = NULL, .kind = FLD_BOOL, .off = offsetof(scn_disk, os), .def = FLD_NUM(is_os),      \
     .doc = "the OS disk"}

static const fld_field os_disk_rows[] = {DISK_ROWS(0, NULL, true)};
static const fld_field disk_rows[] = {
    DISK_ROWS(FLD_REQUIRED, "missing key 'size' (a data disk needs one, such as 1TiB)", false)};

const fld_table fld_os_disk = {
    .what = "os_disk", .size = sizeof(scn_disk), .disc = 1,
    .doc = "the OS disk (when absent: a VHD of 128GiB in the account of the first data disk "
           "if that one is unmanaged, else a managed standard LRS disk of 128GiB)",
    .fields = ROWS(os_disk_rows)};

const fld_table fld_disk = {
    .what = "a disk", .size = sizeof(scn_disk), .disc = 1, .doc = "a data disk",
    .fields = ROWS(disk_rows)};

static const fld_field scale_out_rows[] = {
    {.key = "to", .kind = FLD_VALUE, .units = UNITS_PROBABILITY,
     .off = offsetof(scn_vm_group, scale_to), .def = FLD_NUM(DEF_VM_CAPACITY),
     .check = chk_share, .doc = "its capacity once scaled out (at least its capacity)"},
    {.key = "after", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_vm_group, scale_after),
     .def = FLD_UNIFORM(DEF_SCALE_OUT_MIN, DEF_SCALE_OUT_MAX),
     .doc = "from its trigger until the capacity is serving (a management operation: it "
            "waits for the region's control plane)"},
    {.key = "trigger", .kind = FLD_ENUM, .names = scale_on_names,
     .off = offsetof(scn_vm_group, scale_on), .def = FLD_NUM(SCN_SCALE_ON_DETECTION),
     .doc = "its trigger: detection (the alarm: autoscale or a runbook) or decision (the "
            "team's decision to fail over)"},
};

static const fld_table scale_out_table = {
    .what = "scale_out", .disc = -1,
    .doc = "a standby's scale-out, started by the alarm or the decision (absent: none)",
    .fields = ROWS(scale_out_rows)};

static const fld_field vm_rows[] = {
    {.key = "name", .kind = FLD_NAME, .off = offsetof(scn_vm_group, name), .flags = FLD_REQUIRED,
     .missing = "missing key 'name' (a VM group needs one)",
     .doc = "the group's name; instance i is NAME-i"},
    {.key = "count", .kind = FLD_UINT, .off = offsetof(scn_vm_group, count), .min = 1,
     .max = SCN_MAX_VM_COUNT, .def = FLD_NUM(DEF_VM_COUNT), .doc = "identical VMs in the group"},
    {.key = "needs", .kind = FLD_UINT, .names = all_word, .off = offsetof(scn_vm_group, needs),
     .min = 1, .max = SCN_MAX_VM_COUNT, .def = FLD_NUM(DEF_TIER_NEEDS),
     .doc = "VMs the tier needs up to serve its load: 1..count, or all; below it the app is "
            "degraded (and down for the RTO)"},
    {.key = "stateless", .kind = FLD_BOOL, .off = offsetof(scn_vm_group, stateless),
     .def = FLD_NUM(DEF_VM_STATELESS),
     .doc = "rebuilt from an image: its disks hold no data of the app (their loss is no data "
            "loss, no RPO), and a VM whose disks are destroyed is rebuilt in place"},
    {.key = "region", .kind = FLD_REF, .ref = FLD_TO_REGION,
     .off = offsetof(scn_vm_group, region), .flags = FLD_REQUIRED,
     .missing = "missing key 'region' (a VM group needs one)", .doc = "the VMs' region"},
    {.key = "zone", .kind = FLD_UINT, .names = zone_words, .off = offsetof(scn_vm_group, zone),
     .min = 1, .max = SCN_MAX_ZONES, .flags = FLD_HAND, .def = FLD_NUM(0),
     .show = show_placement,
     .doc = "1..zones, spread (round robin over the zones) or any (drawn per trial)"},
    {.key = "os_disk", .kind = FLD_MAP, .sub = &fld_os_disk, .off = offsetof(scn_vm_group, disks),
     .flags = FLD_HAND | FLD_LAND_FIRST, .doc = "the OS disk"},
    {.key = "disks", .kind = FLD_LIST, .sub = &fld_disk, .off = offsetof(scn_vm_group, disks),
     .count = offsetof(scn_vm_group, ndisks), .flags = FLD_HAND | FLD_AFTER_FIRST,
     .max = DEF_MAX_DISKS_PER_VM - 1,
     .doc = "data disks: at most 63, with the OS disk 64 (DEF_MAX_DISKS_PER_VM)"},
    {.key = "boot", .kind = FLD_DIST, .units = UNITS_DURATION, .off = offsetof(scn_vm_group, boot),
     .def = FLD_UNIFORM(DEF_BOOT_MIN, DEF_BOOT_MAX),
     .doc = "restarting in place once the zone is back"},
    {.key = "provision", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_vm_group, provision),
     .def = FLD_UNIFORM(DEF_PROVISION_MIN, DEF_PROVISION_MAX),
     .doc = "creating a new VM from existing disks"},
    {.key = "tier", .kind = FLD_REF, .ref = FLD_TO_VM, .off = offsetof(scn_vm_group, tier),
     .flags = FLD_NONE | FLD_OMIT_DEFAULT | FLD_HAND, .def = FLD_NUM(SCN_NONE),
     .doc = "deploys the tier of that VM group (the tier's first group, named in an app's "
            "tiers) in another region: a deployment in several regions (none: a tier of its "
            "own)"},
    {.key = "capacity", .kind = FLD_VALUE, .units = UNITS_PROBABILITY,
     .off = offsetof(scn_vm_group, capacity), .flags = FLD_OMIT_DEFAULT,
     .def = FLD_NUM(DEF_VM_CAPACITY), .check = chk_share,
     .doc = "the share of the app's peak load the group carries with the VMs it needs "
            "(0 < capacity <= 1; a warm standby 0.2)"},
    {.key = "scale_out", .kind = FLD_MAP, .sub = &scale_out_table,
     .flags = FLD_PRESENT | FLD_OMIT_ABSENT, .present = offsetof(scn_vm_group, scale_out),
     .doc = "a standby scaled out once the outage is known: to, after, on (absent: never)"},
    {.key = NULL, .kind = FLD_ENUM, .names = placement_names,
     .off = offsetof(scn_vm_group, placement), .def = FLD_NUM(SCN_PLACE_ANY),
     .doc = "which form of zone was given"},
};

const fld_table fld_vm = {
    .what = "a VM group", .size = sizeof(scn_vm_group), .disc = -1, .unique = "VM group",
    .doc = "a group of identical VMs: a tier of an application",
    .fields = ROWS(vm_rows)};

/* ---- Applications ------------------------------------------------------------------ */

static const fld_field tm_rows[] = {
    {.key = "interval", .kind = FLD_VALUE, .units = UNITS_DURATION,
     .off = offsetof(scn_app, tm_interval), .def = FLD_NUM(TM_INTERVAL_NORMAL),
     .check = chk_tm_interval, .doc = "the probe interval: 30s or 10s"},
    {.key = "timeout", .kind = FLD_VALUE, .units = UNITS_DURATION,
     .off = offsetof(scn_app, tm_timeout), .flags = FLD_PRESENT,
     .present = offsetof(scn_app, tm_timeout_given), .def = FLD_NUM(TM_TIMEOUT_NORMAL),
     .doc = "the probe timeout: 5s to 10s at a 30s interval (default 10s), 5s to 9s at 10s "
            "(default 9s)"},
    {.key = "tolerated_failures", .kind = FLD_UINT, .off = offsetof(scn_app, tm_tolerated),
     .min = 0, .max = TM_TOLERATED_MAX, .def = FLD_NUM(TM_TOLERATED_DEFAULT),
     .doc = "failed probes tolerated before the endpoint is degraded"},
    {.key = "ttl", .kind = FLD_VALUE, .units = UNITS_DURATION, .off = offsetof(scn_app, ttl),
     .def = FLD_NUM(TM_TTL_DEFAULT), .check = chk_dns_ttl,
     .doc = "the DNS TTL of the profile's records"},
};

const fld_table fld_traffic_manager = {
    .what = "traffic_manager", .disc = -1,
    .doc = "a Traffic Manager profile probing the app's endpoints",
    .fields = ROWS(tm_rows)};

static const fld_field entry_dns_rows[] = {
    {.key = "ttl", .kind = FLD_VALUE, .units = UNITS_DURATION, .off = offsetof(scn_app, ttl),
     .def = FLD_NUM(DEF_ENTRY_DNS_TTL), .check = chk_dns_ttl,
     .doc = "the TTL of the name remapped by hand at failover"},
};

const fld_table fld_entry_dns = {
    .what = "dns", .disc = -1, .doc = "a DNS name remapped by hand at failover",
    .fields = ROWS(entry_dns_rows)};

static const fld_field fd_rows[] = {
    {.key = "interval", .kind = FLD_VALUE, .units = UNITS_DURATION,
     .off = offsetof(scn_app, fd_interval), .def = FLD_NUM(FD_INTERVAL_DEFAULT),
     .check = chk_fd_interval,
     .doc = "how often every edge location probes every origin: 1s to 255s"},
    {.key = "sample_size", .kind = FLD_UINT, .off = offsetof(scn_app, fd_sample_size),
     .min = 1, .max = FD_SAMPLES_MAX, .def = FLD_NUM(FD_SAMPLE_SIZE_DEFAULT),
     .doc = "how many of the last probes an origin's health is judged on"},
    {.key = "successful_samples_required", .kind = FLD_UINT,
     .off = offsetof(scn_app, fd_required), .min = 1, .max = FD_SAMPLES_MAX,
     .def = FLD_NUM(FD_REQUIRED_DEFAULT),
     .doc = "of those, how many must succeed for the origin to be healthy (at most sample_size)"},
    {.key = "additional_latency", .kind = FLD_VALUE, .units = UNITS_DURATION,
     .off = offsetof(scn_app, fd_additional_latency),
     .def = FLD_NUM(FD_ADDITIONAL_LATENCY_DEFAULT), .check = chk_fd_latency,
     .doc = "latency-based routing's sensitivity: origins within it of the fastest share the "
            "load (0ms to 1000ms)"},
    {.key = "propagation", .kind = FLD_VALUE, .units = UNITS_DURATION,
     .off = offsetof(scn_app, fd_propagation), .def = FLD_NUM(FD_PROPAGATION_DEFAULT),
     .doc = "from an edge location's verdict on an origin to its routing by it (assumption)"},
};

const fld_table fld_front_door = {
    .what = "front_door", .disc = -1,
    .doc = "a Front Door origin group: the app's region and its failover target as origins",
    .fields = ROWS(fd_rows)};

static const fld_field entry_rows[] = {
    {.key = "traffic_manager", .kind = FLD_MAP, .sub = &fld_traffic_manager,
     .when_off = offsetof(scn_app, entry), .when_mask = 1u << SCN_ENTRY_TRAFFIC_MANAGER,
     .doc = "a Traffic Manager profile (or dns or front_door: one of them)"},
    {.key = "dns", .kind = FLD_MAP, .sub = &fld_entry_dns, .when_off = offsetof(scn_app, entry),
     .when_mask = 1u << SCN_ENTRY_DNS, .doc = "a DNS name remapped by hand (or traffic_manager "
                                              "or front_door: one of them)"},
    {.key = "front_door", .kind = FLD_MAP, .sub = &fld_front_door,
     .when_off = offsetof(scn_app, entry), .when_mask = 1u << SCN_ENTRY_FRONT_DOOR,
     .doc = "a Front Door profile, anycast (or traffic_manager or dns: one of them)"},
};

const fld_table fld_entry = {
    .what = "entry", .disc = -1, .one_key = true,
    .doc = "how clients find the app: traffic_manager, dns or front_door",
    .fields = ROWS(entry_rows)};

static const fld_field app_rows[] = {
    {.key = "name", .kind = FLD_NAME, .off = offsetof(scn_app, name), .flags = FLD_REQUIRED,
     .missing = "missing key 'name' (an app needs one)", .doc = "the app's name"},
    {.key = "tiers", .kind = FLD_REFS, .ref = FLD_TO_VM, .off = offsetof(scn_app, tiers),
     .count = offsetof(scn_app, ntiers), .flags = FLD_REQUIRED, .min = 1,
     .missing = "missing key 'tiers' (the VM groups the app runs on)",
     .doc = "the VM groups the app runs on (at least one); a tier serves when the VMs it "
            "needs are up (its group's needs: one by default)"},
    {.key = "data", .kind = FLD_REFS, .ref = FLD_TO_ACCOUNT, .off = offsetof(scn_app, data),
     .count = offsetof(scn_app, ndata), .flags = FLD_HAND,
     .doc = "the storage accounts, SQL failover groups and Cosmos DB accounts the app writes to"},
    {.key = NULL, .kind = FLD_REFS, .ref = FLD_TO_ACCOUNT, .off = offsetof(scn_app, sql),
     .count = offsetof(scn_app, nsql), .doc = "the SQL failover groups named in data"},
    {.key = "entry", .kind = FLD_MAP, .sub = &fld_entry, .flags = FLD_HAND,
     .when_off = offsetof(scn_app, entry),
     .when_mask = 1u << SCN_ENTRY_DNS | 1u << SCN_ENTRY_TRAFFIC_MANAGER |
                  1u << SCN_ENTRY_FRONT_DOOR,
     .doc = "how clients find the app (none: they reach the VMs directly)"},
    {.key = "needs_capacity", .kind = FLD_VALUE, .units = UNITS_PROBABILITY,
     .off = offsetof(scn_app, needs_capacity), .flags = FLD_OMIT_DEFAULT,
     .def = FLD_NUM(DEF_APP_NEEDS_CAPACITY), .check = chk_share,
     .doc = "the share of peak load served for full service, where the RTO ends (1: all "
            "of it); below it the app runs at reduced capacity"},
    {.key = "read_only", .kind = FLD_BOOL, .off = offsetof(scn_app, read_only),
     .flags = FLD_OMIT_DEFAULT, .def = FLD_NUM(DEF_APP_READ_ONLY),
     .doc = "serves reads while its data is readable but not writable (RA-GRS / RA-GZRS "
            "secondary): read-only, not down"},
    {.key = "writes", .kind = FLD_ENUM, .names = app_writes_names,
     .off = offsetof(scn_app, writes), .flags = FLD_OMIT_DEFAULT,
     .def = FLD_NUM(SCN_WRITES_PRIMARY),
     .doc = "deployed in several regions: primary (every region writes to the same "
            "accounts, cross-region) or local (each region to the data accounts in it)"},
    {.key = NULL, .kind = FLD_ENUM, .names = entry_names, .off = offsetof(scn_app, entry),
     .def = FLD_NUM(SCN_ENTRY_NONE), .doc = "which entry was given"},
    {.key = NULL, .kind = FLD_REFS, .ref = FLD_TO_COSMOS, .off = offsetof(scn_app, cosmos),
     .count = offsetof(scn_app, ncosmos),
     .doc = "the Cosmos DB accounts among its data (the names of `data` found there)"},
};

const fld_table fld_app = {
    .what = "an app", .size = sizeof(scn_app), .disc = -1, .unique = "app",
    .doc = "an application: its tiers, its data, how clients find it",
    .fields = ROWS(app_rows)};

/* ---- Detection and DNS ------------------------------------------------------------- */

static const fld_field detection_rows[] = {
    {.key = "monitor", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_world, monitor), .def = FLD_NUM(DEF_MONITOR_DELAY),
     .doc = "until someone knows: from the disruption to the alarm"},
};

static const fld_table detection_table = {
    .what = "detection", .disc = -1, .doc = "how soon an outage is noticed",
    .fields = ROWS(detection_rows)};

static const fld_field sampling_rows[] = {
    {.key = "strata", .kind = FLD_ENUM, .names = fld_strata_names,
     .off = offsetof(scn_world, strata), .flags = FLD_OMIT_DEFAULT,
     .def = FLD_NUM(SCN_STRATA_NONE),
     .doc = "none: every trial draws every outage; outages: trials stratified over whether "
            "each outage happens, destroys its scope and (drawn) which zone it strikes, "
            "each stratum weighted by its exact probability"},
    {.key = "even", .kind = FLD_VALUE, .units = UNITS_PROBABILITY,
     .off = offsetof(scn_world, strata_even), .flags = FLD_OMIT_DEFAULT,
     .def = FLD_NUM(DEF_STRATA_EVEN),
     .doc = "with strata: the share of trials spread evenly over the strata (the rest in "
            "proportion to their probability)"},
};

static const fld_table sampling_table = {
    .what = "sampling", .disc = -1, .doc = "how the trials are drawn",
    .fields = ROWS(sampling_rows)};

static const fld_field dns_rows[] = {
    {.key = "overstay_share", .kind = FLD_DIST, .units = UNITS_PROBABILITY,
     .off = offsetof(scn_world, dns_overstay_share), .def = FLD_NUM(DNS_OVERSTAY_SHARE),
     .doc = "the share of resolvers that keep records past their TTL (drawn per trial)"},
    {.key = "overstay_max", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_world, dns_overstay_max), .def = FLD_NUM(DNS_OVERSTAY_MAX),
     .doc = "how long past the TTL they may keep them (drawn per trial)"},
};

static const fld_table dns_table = {
    .what = "dns", .disc = -1, .doc = "DNS resolvers, for every name of the scenario",
    .fields = ROWS(dns_rows)};

/* ---- Strategies -------------------------------------------------------------------- */

static const fld_field strategy_failover_rows[] = {
    {.key = "after", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_strategy, decide), .flags = FLD_PRESENT | FLD_OMIT_ABSENT,
     .present = offsetof(scn_strategy, decide_from_disruption), .def = FLD_NUM(DEF_DECIDE),
     .doc = "the policy 'fail over after W of outage': W counts from the disruption's start "
            "(give it or decide, not both)"},
    {.key = "duration", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_strategy, failover_duration), .flags = FLD_PRESENT | FLD_OMIT_ABSENT,
     .present = offsetof(scn_strategy, has_failover_duration),
     .def = FLD_LOGNORMAL(DEF_ACCOUNT_FAILOVER_P50, DEF_ACCOUNT_FAILOVER_P99),
     .doc = "overrides each account's failover.duration (still scaled by its size)"},
    {.key = "planned", .kind = FLD_BOOL, .off = offsetof(scn_strategy, failover_planned),
     .def = FLD_NUM(false),
     .doc = "planned failover of the storage accounts: nothing lost, but only of accounts "
            "available in both regions (never while the primary is down)"},
    /* The documented rule by default (models/azure/defaults.h, "VHD leases"). */
    {.key = "vhd_leases", .kind = FLD_ENUM, .names = fld_vhd_leases_names,
     .off = offsetof(scn_strategy, vhd_leases), .def = FLD_NUM(SCN_LEASES_BLOCK),
     .doc = "an account holding VHDs: block (documented: delete the VMs, wait until the "
            "LST passes the deletion; blocked while the primary is down) or ignore (what-if)"},
};

static const fld_table strategy_failover_table = {
    .what = "failover", .disc = -1, .doc = "when and how fast the failover goes",
    .fields = ROWS(strategy_failover_rows)};

static const fld_field rp_custom_rows[] = {
    {.key = "custom", .kind = FLD_VALUE, .units = UNITS_DURATION,
     .off = offsetof(scn_strategy, custom_age), .flags = FLD_REQUIRED, .def = FLD_NUM(0),
     .missing = "recovery_point: expected {custom: DURATION}",
     .doc = "the newest point at least this old (a strategy protecting one VM only)"},
};

static const fld_table rp_custom_table = {
    .what = "recovery_point", .disc = -1, .doc = "a custom recovery point",
    .fields = ROWS(rp_custom_rows)};

static const fld_field replication_rows[] = {
    {.key = "lag", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_strategy, fixed_lag), .flags = FLD_REQUIRED, .def = FLD_NUM(0),
     .missing = "replication: expected lag: DURATION",
     .doc = "a given replication lag instead of the churn model"},
};

static const fld_table replication_table = {
    .what = "replication", .disc = -1, .doc = "what-if: Site Recovery's replication lag",
    .fields = ROWS(replication_rows)};

static const fld_field capacity_rows[] = {
    {.key = "reserved", .kind = FLD_BOOL, .off = offsetof(scn_strategy, capacity_reserved),
     .def = FLD_NUM(false), .doc = "target capacity is reserved"},
    {.key = "delay_probability", .kind = FLD_DIST, .units = UNITS_PROBABILITY,
     .off = offsetof(scn_strategy, capacity_delay_probability),
     .def = FLD_NUM(ASR_CAPACITY_DELAY_PROBABILITY),
     .doc = "that target capacity runs short (drawn per trial, one draw for every VM)"},
    {.key = "delay", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_strategy, capacity_delay),
     .def = FLD_UNIFORM(ASR_CAPACITY_DELAY_MIN, ASR_CAPACITY_DELAY_MAX),
     .doc = "how late VMs come up then"},
};

static const fld_table capacity_table = {
    .what = "capacity", .disc = -1, .doc = "capacity in the target region",
    .fields = ROWS(capacity_rows)};

static const fld_field action_rows[] = {
    {.key = "script", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_action, duration), .def = FLD_NUM(0),
     .when_off = offsetof(scn_action, kind), .when_mask = 1u << SCN_ACTION_SCRIPT,
     .doc = "a script that runs this long"},
    {.key = "manual", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_action, duration), .def = FLD_NUM(0),
     .when_off = offsetof(scn_action, kind), .when_mask = 1u << SCN_ACTION_MANUAL,
     .doc = "a manual step that takes this long"},
    {.key = NULL, .kind = FLD_ENUM, .names = action_names, .off = offsetof(scn_action, kind),
     .def = FLD_NUM(SCN_ACTION_SCRIPT), .doc = "which action was given"},
};

const fld_table fld_action = {
    .what = "an action", .size = sizeof(scn_action), .disc = -1, .one_key = true,
    .doc = "one of {script: DURATION} or {manual: DURATION}",
    .fields = ROWS(action_rows)};

static const fld_field plan_group_rows[] = {
    {.key = "group", .kind = FLD_NAME, .off = offsetof(scn_plan_group, name),
     .flags = FLD_REQUIRED, .missing = "missing key 'group' (a plan group's name)",
     .doc = "the group's name"},
    {.key = "vms", .kind = FLD_REFS, .ref = FLD_TO_VM, .off = offsetof(scn_plan_group, vms),
     .count = offsetof(scn_plan_group, nvms), .flags = FLD_REQUIRED,
     .missing = "missing key 'vms' (the VM groups this plan group fails over)",
     .doc = "the VM groups failed over together, in parallel (each in one plan group)"},
    {.key = "then", .kind = FLD_LIST, .sub = &fld_action, .off = offsetof(scn_plan_group, then),
     .count = offsetof(scn_plan_group, nthen), .flags = FLD_ONE_OR_LIST | FLD_OMIT_EMPTY,
     .doc = "actions run in order once the group's VMs are up: an action or a list of them"},
};

const fld_table fld_plan_group = {
    .what = "a plan group", .size = sizeof(scn_plan_group), .disc = -1,
    .has_pos = true, .pos = offsetof(scn_plan_group, pos),
    .unique = "plan group", .doc = "a group of a recovery plan",
    .fields = ROWS(plan_group_rows)};

static const fld_field consistency_group_rows[] = {
    {.key = "name", .kind = FLD_NAME, .off = offsetof(scn_consistency_group, name),
     .flags = FLD_REQUIRED, .missing = "missing key 'name' (a consistency group needs one)",
     .doc = "the group's name"},
    {.key = "vms", .kind = FLD_REFS, .ref = FLD_TO_VM,
     .off = offsetof(scn_consistency_group, vms), .count = offsetof(scn_consistency_group, nvms),
     .flags = FLD_REQUIRED, .missing = "missing key 'vms' (the VM groups replicated together)",
     .doc = "protected VM groups replicated together (16 VMs at most, each group in one)"},
};

const fld_table fld_consistency_group = {
    .what = "a consistency group", .size = sizeof(scn_consistency_group), .disc = -1,
    .has_pos = true, .pos = offsetof(scn_consistency_group, pos),
    .doc = "multi-VM consistency: VM groups whose recovery points are taken together",
    .fields = ROWS(consistency_group_rows)};

static const fld_field test_rows[] = {
    {.key = "at", .kind = FLD_DIST, .units = UNITS_DURATION, .off = offsetof(scn_strategy, test_at),
     .flags = FLD_REQUIRED, .def = FLD_NUM(0),
     .missing = "test_failover: expected at: DURATION (when the drill starts)",
     .doc = "when the drill starts, from the trial's start"},
};

static const fld_table test_table = {
    .what = "test_failover", .disc = -1,
    .doc = "a drill: the plan runs into an isolated network; no outage is acted on",
    .fields = ROWS(test_rows)};

static const fld_field regain_rows[] = {
    {.key = "after", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_strategy, regain_after), .def = FLD_NUM(DEF_REGAIN_GEO_AFTER),
     .doc = "from the end of an unplanned failover to the customer's request for GRS"},
    {.key = "start", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_strategy, regain_start),
     .def = FLD_UNIFORM(DEF_CONVERSION_START_MIN, DEF_CONVERSION_START_MAX),
     .doc = "from the request to the conversion's start (no SLA; typically within 72h)"},
};

static const fld_table regain_table = {
    .what = "regain_geo", .disc = -1,
    .doc = "asking for geo-redundancy (GRS) again after an unplanned account failover (absent: "
           "the account stays LRS)",
    .fields = ROWS(regain_rows)};

static const fld_field failback_rows[] = {
    {.key = "after", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_strategy, failback_after), .def = FLD_NUM(DEF_FAILBACK_AFTER),
     .doc = "going back this long after the original region is back"},
    {.key = "planned", .kind = FLD_BOOL, .off = offsetof(scn_strategy, failback_planned),
     .def = FLD_NUM(true), .doc = "planned: waits for replication, loses nothing"},
};

static const fld_table failback_table = {
    .what = "failback", .disc = -1,
    .doc = "going back to the original region once it is back (absent: no failback)",
    .fields = ROWS(failback_rows)};

static const fld_field step_rows[] = {
    {.key = "at", .kind = FLD_VALUE, .units = UNITS_DURATION, .off = offsetof(scn_step, at),
     .flags = FLD_PRESENT | FLD_OMIT_ABSENT, .present = offsetof(scn_step, has_at),
     .def = FLD_NUM(0), .doc = "when: this long after the first alert (the application down)"},
    {.key = "when", .kind = FLD_TEXT, .off = offsetof(scn_step, when_text),
     .flags = FLD_OMIT_DEFAULT, .def = FLD_TEXTDEF(""),
     .doc = "or on an alert, the first time it fires: alert app-down, alert asr-rpo, alert "
            "endpoint, alert storage-failover, status, status eta > DURATION"},
    {.key = "after", .kind = FLD_VALUE, .units = UNITS_DURATION, .off = offsetof(scn_step, after),
     .flags = FLD_OMIT_DEFAULT, .def = FLD_NUM(0), .doc = "with when: this long after the alert"},
    {.key = "do", .kind = FLD_TEXT, .off = offsetof(scn_step, text), .flags = FLD_REQUIRED,
     .missing = "missing key 'do' (the action, such as: storage account failover vhds)",
     .def = FLD_TEXTDEF(""),
     .doc = "the action, as the real tools name it (storage account failover ACCOUNT, "
            "recovery-plan failover, sql failover-group set-primary GROUP, ...; drsim drill's "
            "help lists them)"},
};

const fld_table fld_step = {
    .what = "a step", .size = sizeof(scn_step), .disc = -1, .has_pos = true,
    .pos = offsetof(scn_step, pos),
    .doc = "a runbook's step: at a time after the first alert, or when an alert fires",
    .fields = ROWS(step_rows)};

static const fld_field strategy_rows[] = {
    {.key = "name", .kind = FLD_NAME, .off = offsetof(scn_strategy, name), .flags = FLD_REQUIRED,
     .missing = "missing key 'name' (a strategy needs one)", .doc = "the strategy's name"},
    {.key = "kind", .kind = FLD_ENUM, .names = fld_strategy_kind_names,
     .off = offsetof(scn_strategy, kind), .flags = FLD_REQUIRED, .def = FLD_NUM(SCN_WAIT),
     .missing = "missing key 'kind' (wait, geo-restore, asr, restore or runbook)",
     .doc = "wait: do nothing; geo-restore: fail storage over and create VMs from its VHDs; "
            "asr: Azure Site Recovery; restore: Azure Backup's cross-region restore; runbook: "
            "a team's steps, at times or on alerts"},
    {.key = "decide", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_strategy, decide), .def = FLD_NUM(DEF_DECIDE), KINDS(K_ALL),
     .flags = FLD_OMIT_PRESENT, .present = offsetof(scn_strategy, decide_from_disruption),
     .doc = "from the alarm to the decision to fail over (taken if the disruption still lasts)"},
    {.key = "failover", .kind = FLD_MAP, .sub = &strategy_failover_table,
     KINDS(K_GEO | K_ASR),
     .doc = "failover.after (instead of decide), duration, planned, vhd_leases"},
    {.key = "delete_vms", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_strategy, delete_vms), .def = FLD_NUM(DEF_DELETE_VMS),
     KINDS(K_GEO), .doc = "deleting the VMs to break their disk leases"},
    {.key = "provision", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_strategy, provision),
     .def = FLD_UNIFORM(DEF_PROVISION_MIN, DEF_PROVISION_MAX), KINDS(K_GEO),
     .doc = "new VMs from the restored VHDs"},
    {.key = "legacy_vhds", .kind = FLD_REF, .ref = FLD_TO_ACCOUNT,
     .off = offsetof(scn_strategy, legacy_vhds), .def = FLD_NUM(SCN_NONE),
     .flags = FLD_PRESENT | FLD_OMIT_ABSENT, .present = offsetof(scn_strategy, legacy), KINDS(K_GEO),
     .doc = "legacy what-if: the VM groups of this account's region keep every disk as a VHD "
            "in it (same sizes and churn), as before unmanaged disks retired on 31 March 2026"},
    {.key = "target", .kind = FLD_REF, .ref = FLD_TO_REGION, .off = offsetof(scn_strategy, target),
     .flags = FLD_REQUIRED, KINDS(K_ASR),
     .missing = "missing key 'target' (the region Site Recovery replicates to)",
     .doc = "the region Site Recovery replicates to: another region, or with target_zone the "
            "protected VMs' own"},
    {.key = "target_zone", .kind = FLD_UINT, .off = offsetof(scn_strategy, target_zone),
     .min = 1, .max = SCN_MAX_ZONES, .flags = FLD_OMIT_DEFAULT, .def = FLD_NUM(0), KINDS(K_ASR),
     .doc = "zone-to-zone disaster recovery: the zone of target (the VMs' own region, where "
            "offered) the zonal VMs fail over to (absent: another region)"},
    {.key = "recovery_point", .kind = FLD_ENUM, .names = fld_recovery_point_names,
     .sub = &rp_custom_table, .off = offsetof(scn_strategy, recovery_point),
     .def = FLD_NUM(SCN_RP_LATEST_PROCESSED), KINDS(K_ASR),
     .doc = "the point failed over to: latest, latest-processed, latest-app-consistent, or "
            "{custom: DURATION}"},
    {.key = "app_consistent_every", .kind = FLD_VALUE, .units = UNITS_DURATION,
     .off = offsetof(scn_strategy, app_consistent_every),
     .def = FLD_NUM(ASR_APP_POINT_DEFAULT_INTERVAL), .check = chk_app_points,
     KINDS(K_ASR), .doc = "app-consistent recovery points: 0 (off) or every 1h or more"},
    {.key = "retention", .kind = FLD_VALUE, .units = UNITS_DURATION,
     .off = offsetof(scn_strategy, retention), .def = FLD_NUM(ASR_RETENTION_DEFAULT),
     KINDS(K_ASR),
     .doc = "how long recovery points are kept: at most 15d (3d with an unmanaged disk)"},
    {.key = "high_churn", .kind = FLD_BOOL, .off = offsetof(scn_strategy, high_churn),
     .def = FLD_NUM(false), KINDS(K_ASR),
     .doc = "High Churn: its per-disk table and 100 MB/s per VM instead of 54 (managed disks "
            "only)"},
    {.key = "replication", .kind = FLD_MAP, .sub = &replication_table,
     .flags = FLD_PRESENT | FLD_OMIT_ABSENT, .present = offsetof(scn_strategy, has_fixed_lag),
     KINDS(K_ASR), .doc = "what-if: a given replication lag instead of the churn model"},
    {.key = "processing", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_strategy, processing),
     .def = FLD_UNIFORM(ASR_PROCESSING_MIN, ASR_PROCESSING_MAX), KINDS(K_ASR),
     .doc = "from received data to a usable recovery point"},
    {.key = "process_rate", .kind = FLD_DIST, .units = UNITS_BYTE_RATE,
     .off = offsetof(scn_strategy, process_rate), .def = FLD_NUM(ASR_PROCESS_RATE),
     .check = chk_every_draw_above_zero, KINDS(K_ASR),
     .doc = "how fast 'latest' processes pending data (drawn per trial; every draw > 0)"},
    {.key = "vm_create", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_strategy, vm_create),
     .def = FLD_UNIFORM(ASR_VM_CREATE_MIN, ASR_VM_CREATE_MAX), KINDS(K_ASR),
     .doc = "creating each VM in the target"},
    {.key = "capacity", .kind = FLD_MAP, .sub = &capacity_table, KINDS(K_ASR),
     .doc = "capacity in the target region"},
    {.key = "plan", .kind = FLD_LIST, .sub = &fld_plan_group, .off = offsetof(scn_strategy, plan),
     .count = offsetof(scn_strategy, ngroups), .flags = FLD_OMIT_EMPTY, KINDS(K_ASR),
     .min = 1, .max = ASR_PLAN_MAX_GROUPS,
     .doc = "the recovery plan: groups fail over in order (at most 7 groups, 100 VMs; absent: "
            "one group of every VM group)"},
    {.key = "consistency_groups", .kind = FLD_LIST, .sub = &fld_consistency_group,
     .off = offsetof(scn_strategy, consistency), .count = offsetof(scn_strategy, nconsistency),
     .flags = FLD_OMIT_EMPTY, KINDS(K_ASR), .doc = "multi-VM consistency groups"},
    {.key = "test_failover", .kind = FLD_MAP, .sub = &test_table,
     .flags = FLD_PRESENT | FLD_OMIT_ABSENT, .present = offsetof(scn_strategy, test_failover),
     KINDS(K_ASR), .doc = "a drill instead of a failover: its own RTO is measured"},
    {.key = "commit", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_strategy, commit), .def = FLD_NUM(ASR_COMMIT), KINDS(K_ASR),
     .doc = "committing the failover"},
    {.key = "reprotect", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_strategy, reprotect),
     .def = FLD_UNIFORM(ASR_REPROTECT_MIN, ASR_REPROTECT_MAX), KINDS(K_ASR),
     .doc = "re-protecting after the failover while the source's disks exist (a diff sync; "
            "once they are destroyed, a full replication at the churn limits instead)"},
    {.key = "fail_over_data", .kind = FLD_BOOL, .off = offsetof(scn_strategy, fail_over_data),
     .def = FLD_NUM(DEF_ASR_FAIL_OVER_DATA), KINDS(K_ASR),
     .doc = "also fail the app's data accounts over at the decision"},
    {.key = "regain_geo", .kind = FLD_MAP, .sub = &regain_table,
     .flags = FLD_PRESENT | FLD_OMIT_ABSENT, .present = offsetof(scn_strategy, regain_geo),
     KINDS(K_ALL | K_RUNBOOK),
     .doc = "asking for geo-redundancy again after an unplanned account failover (the "
            "customer's or the provider's): after, start"},
    {.key = "failback", .kind = FLD_MAP, .sub = &failback_table,
     .flags = FLD_PRESENT | FLD_OMIT_ABSENT, .present = offsetof(scn_strategy, failback),
     KINDS(K_GEO | K_ASR), .doc = "going back once the original region is back"},    {.key = "like", .kind = FLD_NAME, .off = offsetof(scn_strategy, like),
     .flags = FLD_OMIT_DEFAULT, .def = FLD_TEXTDEF(NULL), KINDS(K_RUNBOOK),
     .doc = "the strategy whose setup the runbook's actions use (Site Recovery's target and "
            "plan, failover and provisioning times): a strategy of this scenario that is not "
            "a runbook (absent: the defaults, and no Site Recovery)"},
    {.key = "steps", .kind = FLD_LIST, .sub = &fld_step, .off = offsetof(scn_strategy, steps),
     .count = offsetof(scn_strategy, nsteps), .flags = FLD_REQUIRED, KINDS(K_RUNBOOK),
     .min = 1, .max = 64,
     .missing = "missing key 'steps' (a runbook's steps: at or when, and do)",
     .doc = "the runbook's steps, each taken once"},
};

const fld_table fld_strategy = {
    .what = "a strategy", .size = sizeof(scn_strategy), .disc = 1, .disc_noun = "strategies",
    .unique = "strategy",
    .doc = "a recovery strategy, compared with the others on the same random numbers",
    .fields = ROWS(strategy_rows)};

/* ---- Outages ----------------------------------------------------------------------- */

static const fld_field provider_rows[] = {
    {.key = "after", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_outage, provider_after), .flags = FLD_REQUIRED, .def = FLD_NUM(0),
     .missing = "provider_failover: expected after: DURATION (omit provider_failover when the "
                "provider never fails over)",
     .doc = "from the outage's start to the provider's geo-failover"},
    /* Catastrophic situations only by default (models/azure/defaults.h,
     * "Microsoft-managed failover"). */
    {.key = "when", .kind = FLD_ENUM, .names = fld_provider_when_names,
     .off = offsetof(scn_outage, provider_when), .def = FLD_NUM(SCN_PROVIDER_WHEN_DESTROYED),
     .doc = "destroyed: only when the outage destroys the copies (the documented catastrophic "
            "case); always: what-if, whenever the outage still lasts"},
    {.key = "duration", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_outage, provider_duration),
     .def = FLD_LOGNORMAL(DEF_PROVIDER_FAILOVER_P50, DEF_PROVIDER_FAILOVER_P99),
     .doc = "the failover of an account of 1 TiB (scaled by its size): no writes meanwhile, "
            "reads of RA kinds from the secondary"},
};

static const fld_table provider_table = {
    .what = "provider_failover", .disc = -1,
    .doc = "the provider fails storage over itself (scope: region or datacenter)",
    .fields = ROWS(provider_rows)};

static const fld_field cp_impaired_rows[] = {
    {.key = "impaired", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_outage, cp_delay), .flags = FLD_REQUIRED, .def = FLD_NUM(0),
     .missing = "control_plane: expected scope, up, down or {impaired: DURATION}",
     .doc = "each management operation takes this much more (drawn per operation), at most "
            "until the outage ends"},
};

static const fld_table cp_impaired_table = {
    .what = "control_plane", .disc = -1,
    .doc = "an impaired control plane: management operations are delayed",
    .fields = ROWS(cp_impaired_rows)};

static const fld_field notice_rows[] = {
    {.key = "after", .kind = FLD_VALUE, .units = UNITS_DURATION,
     .off = offsetof(scn_notice, after), .flags = FLD_REQUIRED, .def = FLD_NUM(0),
     .missing = "missing key 'after' (when the notice appears, from the outage's start)",
     .doc = "when it appears, from the outage's start"},
    {.key = "text", .kind = FLD_TEXT, .off = offsetof(scn_notice, text), .flags = FLD_REQUIRED,
     .def = FLD_TEXTDEF(""), .missing = "missing key 'text' (what the status page says)",
     .doc = "what the status page says"},
    {.key = "eta", .kind = FLD_VALUE, .units = UNITS_DURATION, .off = offsetof(scn_notice, eta),
     .flags = FLD_OMIT_DEFAULT, .def = FLD_NUM(0),
     .doc = "the recovery time it announces, from the notice (it may prove wrong)"},
};

const fld_table fld_notice = {
    .what = "a notice", .size = sizeof(scn_notice), .disc = -1, .has_pos = true,
    .pos = offsetof(scn_notice, pos),
    .doc = "a notice on the provider's status page, scripted by the scenario (drsim drill "
           "shows it; runbook steps may wait for it)",
    .fields = ROWS(notice_rows)};

static const fld_field outage_rows[] = {
    {.key = "region", .kind = FLD_REF, .ref = FLD_TO_REGION, .off = offsetof(scn_outage, region),
     .flags = FLD_REQUIRED,
     .missing = "missing key 'region' (an outage hits a region, or a zone or datacenter of one)",
     .doc = "the region hit"},
    {.key = "scope", .kind = FLD_ENUM, .names = fld_scope_names,
     .off = offsetof(scn_outage, scope), .flags = FLD_HAND, .pattern = "zone +[0-9]+",
     .show = show_scope, .def = FLD_NUM(SCN_SCOPE_REGION),
     .doc = "region, zone, zone N (scope zone and zone N) or datacenter"},
    {.key = "zone", .kind = FLD_UINT, .names = any_word, .off = offsetof(scn_outage, zone),
     .min = 1, .max = SCN_MAX_ZONES, .flags = FLD_HAND | FLD_OMIT_DEFAULT, .def = FLD_NUM(0),
     .when_off = offsetof(scn_outage, scope), .when_mask = 1u << SCN_SCOPE_DATACENTER,
     .doc = "scope zone or datacenter: 1..zones, or any (drawn per trial)"},
    {.key = "datacenter", .kind = FLD_UINT, .names = any_word,
     .off = offsetof(scn_outage, datacenter), .min = 1, .max = SCN_MAX_DATACENTERS,
     .flags = FLD_HAND | FLD_OMIT_DEFAULT, .def = FLD_NUM(0),
     .when_off = offsetof(scn_outage, scope), .when_mask = 1u << SCN_SCOPE_DATACENTER,
     .doc = "scope datacenter: 1..datacenters, or any (drawn per trial)"},
    {.key = "probability", .kind = FLD_DIST, .units = UNITS_PROBABILITY,
     .off = offsetof(scn_outage, probability), .def = FLD_NUM(DEF_OUTAGE_PROBABILITY),
     .doc = "that it happens at all in a trial (drawn per trial)"},
    {.key = "at", .kind = FLD_DIST, .units = UNITS_DURATION, .off = offsetof(scn_outage, at),
     .flags = FLD_REQUIRED, .def = FLD_NUM(0),
     .missing = "missing key 'at' (when the outage starts, such as uniform(0, 7d))",
     .doc = "when it starts, from the trial's start"},
    {.key = "duration", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_outage, duration), .flags = FLD_REQUIRED, .def = FLD_NUM(0),
     .missing = "missing key 'duration' (how long it lasts, such as lognormal(p50=10h, p99=3d))",
     .doc = "how long it lasts"},
    {.key = "destructive", .kind = FLD_DIST, .units = UNITS_PROBABILITY,
     .off = offsetof(scn_outage, destructive), .def = FLD_NUM(DEF_OUTAGE_DESTRUCTIVE),
     .doc = "that the copies in the scope are gone for good (drawn per trial)"},
    {.key = "provider_failover", .kind = FLD_MAP, .sub = &provider_table,
     .flags = FLD_PRESENT | FLD_OMIT_ABSENT, .present = offsetof(scn_outage, provider_failover),
     .doc = "the provider's own geo-failover (absent: it never fails over)"},
    /* Follows the scope by default (models/azure/defaults.h, "Control planes"). */
    {.key = "control_plane", .kind = FLD_ENUM, .names = fld_control_plane_names,
     .sub = &cp_impaired_table, .off = offsetof(scn_outage, control_plane),
     .def = FLD_NUM(SCN_CP_SCOPE),
     .doc = "its region's management operations: scope (down with a region outage, up with a "
            "zone's or a datacenter's), up, down, or {impaired: DURATION}"},
    {.key = "status_page", .kind = FLD_LIST, .sub = &fld_notice,
     .off = offsetof(scn_outage, notices), .count = offsetof(scn_outage, nnotices),
     .flags = FLD_OMIT_EMPTY, .max = 32,
     .doc = "what the provider's status page says during it, in order (after, text, eta)"},
};

const fld_table fld_outage = {
    .what = "an outage", .size = sizeof(scn_outage), .disc = -1,
    .doc = "an outage of a region, or of a zone or datacenter of one",
    .fields = ROWS(outage_rows)};

/* ---- Azure Backup ------------------------------------------------------------------ */

static const fld_field backup_rows[] = {
    {.key = "name", .kind = FLD_NAME, .off = offsetof(scn_backup, name), .flags = FLD_REQUIRED,
     .missing = "missing key 'name' (a backup policy needs one)", .doc = "the policy's name"},
    {.key = "vms", .kind = FLD_REFS, .ref = FLD_TO_VM, .off = offsetof(scn_backup, vms),
     .count = offsetof(scn_backup, nvms), .flags = FLD_REQUIRED, .min = 1,
     .missing = "missing key 'vms' (the VM groups the policy protects)",
     .doc = "the VM groups it protects (managed disks only), all in one region: the vault's"},
    {.key = "schedule", .kind = FLD_ENUM, .names = backup_schedule_names,
     .off = offsetof(scn_backup, schedule), .def = FLD_NUM(SCN_BACKUP_DAILY),
     .doc = "daily (the standard policy: one backup a day at `at`) or enhanced (every `every` "
            "from `at`)"},
    {.key = "at", .kind = FLD_VALUE, .units = UNITS_DURATION, .off = offsetof(scn_backup, at),
     .def = FLD_NUM(DEF_BACKUP_AT), .check = chk_time_of_day,
     .doc = "the time of day (after 00:00 UTC, the trial's start) of the daily backup, or of "
            "the enhanced policy's first"},
    {.key = "every", .kind = FLD_VALUE, .units = UNITS_DURATION,
     .off = offsetof(scn_backup, every), .def = FLD_NUM(DEF_BACKUP_EVERY),
     .flags = FLD_OMIT_DEFAULT, .check = chk_backup_every,
     .doc = "enhanced: hours between backups, 4h, 6h, 8h or 12h"},
    {.key = "vault", .kind = FLD_ENUM, .names = vault_redundancy_names,
     .off = offsetof(scn_backup, vault), .def = FLD_NUM(DEF_BACKUP_VAULT),
     .doc = "the Recovery Services vault's storage redundancy: LRS, ZRS or GRS (the default)"},
    {.key = "cross_region_restore", .kind = FLD_BOOL,
     .off = offsetof(scn_backup, cross_region_restore), .def = FLD_NUM(DEF_BACKUP_CRR),
     .doc = "Cross Region Restore: restore in the paired region (a GRS vault's opt-in)"},
    {.key = "crr_lag", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_backup, crr_lag), .def = FLD_NUM(BACKUP_CRR_LAG),
     .doc = "from a recovery point's time to its copy in the secondary region (drawn per "
            "trial; documented: up to 12h)"},
    {.key = "snapshot_retention", .kind = FLD_VALUE, .units = UNITS_DURATION,
     .off = offsetof(scn_backup, snapshot_retention), .def = FLD_NUM(DEF_BACKUP_SNAPSHOT_RETENTION),
     .check = chk_snapshot_retention,
     .doc = "instant restore snapshots kept in the primary region: 1d-5d (standard), up to 30d "
            "(enhanced); never replicated, so no cross-region restore uses them"},
    {.key = "restore_rate", .kind = FLD_DIST, .units = UNITS_BYTE_RATE,
     .off = offsetof(scn_backup, restore_rate), .def = FLD_NUM(DEF_BACKUP_RESTORE_RATE),
     .check = chk_every_draw_above_zero,
     .doc = "a VM's restore from the vault tier copies its disks at this rate (drawn per "
            "trial; assumption)"},
    {.key = "restore_base", .kind = FLD_DIST, .units = UNITS_DURATION,
     .off = offsetof(scn_backup, restore_base), .def = FLD_NUM(DEF_BACKUP_RESTORE_BASE),
     .doc = "a restore's fixed part: the job and the VM's creation (assumption)"},
};

const fld_table fld_backup = {
    .what = "a backup policy", .size = sizeof(scn_backup), .disc = -1, .has_pos = true,
    .pos = offsetof(scn_backup, pos), .unique = "backup policy",
    .doc = "an Azure Backup policy of a Recovery Services vault: the VMs it protects, its "
           "schedule, the vault's redundancy and cross-region restore",
    .fields = ROWS(backup_rows)};

/* ---- Prices, business figures, the outage catalogue --------------------------------- */

static bool chk_not_negative(ld *L, const fld_field *f, const ydoc_node *n, const void *value)
{
    double v = *(const double *)value;
    if (v >= 0 && isfinite(v))
        return true;
    ld_error(L, n, "%s: expected a number of 0 or more", f->key);
    return false;
}

#define PRICE(key_, field_, def_, doc_)                                                           \
    {.key = key_, .kind = FLD_VALUE, .units = UNITS_NUMBER,                                       \
     .off = offsetof(scn_world, prices.field_), .flags = FLD_OMIT_DEFAULT,                        \
     .def = FLD_NUM(def_), .check = chk_not_negative, .doc = doc_}

static const fld_field prices_rows[] = {
    {.key = "currency", .kind = FLD_TEXT, .off = offsetof(scn_world, prices.currency),
     .flags = FLD_OMIT_DEFAULT, .def = FLD_TEXTDEF(DEF_PRICE_CURRENCY),
     .doc = "the currency the prices are in (a label: USD by default)"},
    PRICE("storage_lrs", storage[SCN_TIER_HOT][SCN_LRS], DEF_PRICE_STORAGE_LRS,
          "LRS storage, hot tier (and VHDs), per GiB-month"),
    PRICE("storage_zrs", storage[SCN_TIER_HOT][SCN_ZRS], DEF_PRICE_STORAGE_ZRS,
          "ZRS storage, hot tier (and VHDs), per GiB-month"),
    PRICE("storage_grs", storage[SCN_TIER_HOT][SCN_GRS], DEF_PRICE_STORAGE_GRS,
          "GRS storage, hot tier (and VHDs), per GiB-month"),
    PRICE("storage_ra_grs", storage[SCN_TIER_HOT][SCN_RA_GRS], DEF_PRICE_STORAGE_RA_GRS,
          "RA-GRS storage, hot tier (and VHDs), per GiB-month"),
    PRICE("storage_gzrs", storage[SCN_TIER_HOT][SCN_GZRS], DEF_PRICE_STORAGE_GZRS,
          "GZRS storage, hot tier (and VHDs), per GiB-month"),
    PRICE("storage_ra_gzrs", storage[SCN_TIER_HOT][SCN_RA_GZRS], DEF_PRICE_STORAGE_RA_GZRS,
          "RA-GZRS storage, hot tier (and VHDs), per GiB-month"),
    PRICE("storage_cool_lrs", storage[SCN_TIER_COOL][SCN_LRS], DEF_PRICE_STORAGE_COOL_LRS,
          "LRS storage, cool tier, per GiB-month"),
    PRICE("storage_cool_zrs", storage[SCN_TIER_COOL][SCN_ZRS], DEF_PRICE_STORAGE_COOL_ZRS,
          "ZRS storage, cool tier, per GiB-month"),
    PRICE("storage_cool_grs", storage[SCN_TIER_COOL][SCN_GRS], DEF_PRICE_STORAGE_COOL_GRS,
          "GRS storage, cool tier, per GiB-month"),
    PRICE("storage_cool_ra_grs", storage[SCN_TIER_COOL][SCN_RA_GRS], DEF_PRICE_STORAGE_COOL_RA_GRS,
          "RA-GRS storage, cool tier, per GiB-month"),
    PRICE("storage_cool_gzrs", storage[SCN_TIER_COOL][SCN_GZRS], DEF_PRICE_STORAGE_COOL_GZRS,
          "GZRS storage, cool tier, per GiB-month"),
    PRICE("storage_cool_ra_gzrs", storage[SCN_TIER_COOL][SCN_RA_GZRS], DEF_PRICE_STORAGE_COOL_RA_GZRS,
          "RA-GZRS storage, cool tier, per GiB-month"),
    PRICE("storage_cold_lrs", storage[SCN_TIER_COLD][SCN_LRS], DEF_PRICE_STORAGE_COLD_LRS,
          "LRS storage, cold tier, per GiB-month"),
    PRICE("storage_cold_zrs", storage[SCN_TIER_COLD][SCN_ZRS], DEF_PRICE_STORAGE_COLD_ZRS,
          "ZRS storage, cold tier, per GiB-month"),
    PRICE("storage_cold_grs", storage[SCN_TIER_COLD][SCN_GRS], DEF_PRICE_STORAGE_COLD_GRS,
          "GRS storage, cold tier, per GiB-month"),
    PRICE("storage_cold_ra_grs", storage[SCN_TIER_COLD][SCN_RA_GRS], DEF_PRICE_STORAGE_COLD_RA_GRS,
          "RA-GRS storage, cold tier, per GiB-month"),
    PRICE("storage_cold_gzrs", storage[SCN_TIER_COLD][SCN_GZRS], DEF_PRICE_STORAGE_COLD_GZRS,
          "GZRS storage, cold tier, per GiB-month"),
    PRICE("storage_cold_ra_gzrs", storage[SCN_TIER_COLD][SCN_RA_GZRS], DEF_PRICE_STORAGE_COLD_RA_GZRS,
          "RA-GZRS storage, cold tier, per GiB-month"),
    PRICE("storage_premium_lrs", storage_premium[0], DEF_PRICE_STORAGE_PREMIUM_LRS,
          "premium block blob storage, LRS, per GiB-month"),
    PRICE("storage_premium_zrs", storage_premium[1], DEF_PRICE_STORAGE_PREMIUM_ZRS,
          "premium block blob storage, ZRS, per GiB-month"),
    PRICE("geo_transfer", geo_transfer, DEF_PRICE_GEO_TRANSFER,
          "geo-replication data transfer, per GiB written to a geo-redundant account"),
    PRICE("geo_priority", geo_priority, DEF_PRICE_GEO_PRIORITY,
          "Geo Priority Replication, per GiB written (on top of geo_transfer)"),
    PRICE("egress", egress, DEF_PRICE_EGRESS,
          "data transfer between regions, per GiB (Site Recovery's replication traffic)"),
    PRICE("asr_instance", asr_instance, DEF_PRICE_ASR_INSTANCE,
          "Site Recovery, per protected VM per month"),
    PRICE("disk_standard", disk_standard, DEF_PRICE_DISK_STANDARD,
          "standard managed disks (and their replicas), per GiB-month"),
    PRICE("disk_premium", disk_premium, DEF_PRICE_DISK_PREMIUM,
          "premium managed disks (and their replicas; Premium SSD v2, Ultra too), per "
          "GiB-month"),
    PRICE("asr_cache", asr_cache, DEF_PRICE_ASR_CACHE,
          "Site Recovery's cache storage account, per GiB-month"),
    PRICE("asr_cache_hours", asr_cache_hours, DEF_PRICE_ASR_CACHE_HOURS,
          "hours of the disks' churn the cache account holds on average (its size)"),
    PRICE("vm_hour", vm_hour, DEF_PRICE_VM_HOUR,
          "a VM instance per hour (a standby region's running instances)"),
    PRICE("sql_month", sql_month, DEF_PRICE_SQL_MONTH,
          "one SQL database's compute per month (the geo-secondary is billed as the primary)"),
    PRICE("cosmos_region_month", cosmos_region_month, DEF_PRICE_COSMOS_REGION_MONTH,
          "each region of a Cosmos DB account with one write region, per month (its "
          "throughput is reserved in every region)"),
    PRICE("cosmos_multi_write_region_month", cosmos_multi_write_region_month,
          DEF_PRICE_COSMOS_MULTI_WRITE_REGION_MONTH,
          "each region of a Cosmos DB account with multi-region writes, per month"),
    PRICE("backup_instance", backup_instance, DEF_PRICE_BACKUP_INSTANCE,
          "Azure Backup, per protected VM per month"),
    PRICE("backup_storage", backup_storage, DEF_PRICE_BACKUP_STORAGE,
          "Azure Backup's vault storage, per GiB-month"),
};

#undef PRICE

static const fld_table prices_table = {
    .what = "prices", .disc = -1,
    .doc = "the price list of the running cost: East US, USD, pay-as-you-go by default",
    .fields = ROWS(prices_rows)};

#define MONEY(key_, field_, doc_)                                                                 \
    {.key = key_, .kind = FLD_VALUE, .units = UNITS_NUMBER,                                       \
     .off = offsetof(scn_world, business.field_), .def = FLD_NUM(0.0),                            \
     .check = chk_not_negative, .doc = doc_}

static const fld_field business_rows[] = {
    MONEY("down_per_hour", down_per_hour, "what an hour serving nothing costs"),
    MONEY("read_only_per_hour", read_only_per_hour, "what an hour serving reads only costs"),
    MONEY("degraded_per_hour", degraded_per_hour,
          "what an hour serving below the capacity needed costs"),
    MONEY("per_write_lost", per_write_lost, "what each write lost costs"),
    MONEY("per_gib_lost", per_gib_lost, "what each GiB of writes lost costs"),
    MONEY("lost_for_good", lost_for_good, "what it costs, once, when data is gone for good"),
};

#undef MONEY

static const fld_table business_table = {
    .what = "business", .disc = -1,
    .doc = "what an outage costs the business, in the prices' currency",
    .fields = ROWS(business_rows)};

#define RATE(key_, scope_, kind_, def_, doc_)                                                     \
    {.key = key_, .kind = FLD_VALUE, .units = UNITS_NUMBER,                                       \
     .off = offsetof(scn_world, risk.per_year[scope_][kind_]), .flags = FLD_OMIT_DEFAULT,         \
     .def = FLD_NUM(def_), .check = chk_not_negative, .doc = doc_}

static const fld_field risk_rows[] = {
    RATE("region_transient", SCN_SCOPE_REGION, 0, DEF_RISK_REGION_TRANSIENT,
         "region outages a year that destroy nothing (estimate)"),
    RATE("region_destructive", SCN_SCOPE_REGION, 1, DEF_RISK_REGION_DESTRUCTIVE,
         "region outages a year that destroy the region's copies (estimate)"),
    RATE("zone_transient", SCN_SCOPE_ZONE, 0, DEF_RISK_ZONE_TRANSIENT,
         "zone outages a year that destroy nothing (estimate)"),
    RATE("zone_destructive", SCN_SCOPE_ZONE, 1, DEF_RISK_ZONE_DESTRUCTIVE,
         "zone outages a year that destroy the zone's copies (estimate)"),
    RATE("datacenter_transient", SCN_SCOPE_DATACENTER, 0, DEF_RISK_DATACENTER_TRANSIENT,
         "datacenter outages a year that destroy nothing (estimate)"),
    RATE("datacenter_destructive", SCN_SCOPE_DATACENTER, 1, DEF_RISK_DATACENTER_DESTRUCTIVE,
         "datacenter outages a year that destroy its copies (estimate)"),
};

#undef RATE

static const fld_table risk_table = {
    .what = "risk", .disc = -1,
    .doc = "the outage catalogue: disruptions a year by scope, transient or destructive",
    .fields = ROWS(risk_rows)};

/* ---- The top level ----------------------------------------------------------------- */

static const fld_field top_rows[] = {
    {.key = "drsim", .kind = FLD_UINT, .off = FLD_NOWHERE,
     .flags = FLD_REQUIRED | FLD_U64 | FLD_VERSION, .min = SCN_FORMAT_VERSION,
     .max = SCN_FORMAT_VERSION,
     .missing = "missing key 'drsim' (the format version: start the file with 'drsim: 1')",
     .doc = "the format version: 1"},
    {.key = "name", .kind = FLD_NAME, .off = offsetof(scn_scenario, name), .flags = FLD_REQUIRED,
     .missing = "missing key 'name' (the scenario's name)", .doc = "the scenario's name"},
    {.key = "description", .kind = FLD_TEXT, .off = offsetof(scn_scenario, description),
     .flags = FLD_OMIT_DEFAULT, .def = FLD_TEXTDEF(""), .doc = "free text"},
    {.key = "seed", .kind = FLD_UINT, .off = offsetof(scn_scenario, seed), .flags = FLD_U64,
     .min = 0, .max = UINT64_MAX, .def = FLD_NUM(DEF_SEED),
     .doc = "the seed of every random number of the scenario"},
    {.key = "trials", .kind = FLD_UINT, .names = auto_word, .off = offsetof(scn_scenario, trials),
     .flags = FLD_U64, .min = 1, .max = SCN_MAX_TRIALS, .def = FLD_NUM(DEF_TRIALS),
     .doc = "trials per variant, or auto: as many as decide every expectation (0 = auto)"},
    {.key = "horizon", .kind = FLD_VALUE, .units = UNITS_DURATION,
     .off = offsetof(scn_world, horizon), .flags = FLD_WORLD, .def = FLD_NUM(DEF_HORIZON),
     .check = chk_horizon, .doc = "simulated time per trial: more than 0s, at most 3650d"},
    {.key = "regions", .kind = FLD_LIST, .sub = &fld_region, .off = offsetof(scn_world, regions),
     .count = offsetof(scn_world, nregions), .flags = FLD_WORLD | FLD_HAND, .max = SCN_MAX_ENTRIES,
     .doc = "regions added to the built-in catalogue of Azure's regions, or overridden"},
    {.key = "storage", .kind = FLD_LIST, .sub = &fld_account,
     .off = offsetof(scn_world, accounts), .count = offsetof(scn_world, naccounts),
     .flags = FLD_WORLD | FLD_HAND, .max = SCN_MAX_ENTRIES, .doc = "storage accounts"},
    {.key = "sql", .kind = FLD_LIST, .sub = &fld_sql, .off = offsetof(scn_world, sql),
     .count = offsetof(scn_world, nsql), .flags = FLD_WORLD | FLD_HAND | FLD_OMIT_EMPTY,
     .max = SCN_MAX_ENTRIES,
     .doc = "SQL Database / Managed Instance failover groups"},
    {.key = "cosmos", .kind = FLD_LIST, .sub = &fld_cosmos, .off = offsetof(scn_world, cosmos),
     .count = offsetof(scn_world, ncosmos), .flags = FLD_WORLD | FLD_HAND | FLD_OMIT_EMPTY,
     .max = SCN_MAX_ENTRIES, .doc = "Cosmos DB accounts"},
    {.key = "vms", .kind = FLD_LIST, .sub = &fld_vm, .off = offsetof(scn_world, vms),
     .count = offsetof(scn_world, nvms), .flags = FLD_WORLD | FLD_HAND, .max = SCN_MAX_ENTRIES,
     .doc = "VM groups"},
    {.key = "apps", .kind = FLD_LIST, .sub = &fld_app, .off = offsetof(scn_world, apps),
     .count = offsetof(scn_world, napps), .flags = FLD_WORLD | FLD_HAND, .max = SCN_MAX_ENTRIES,
     .doc = "applications"},
    {.key = "detection", .kind = FLD_MAP, .sub = &detection_table, .flags = FLD_WORLD,
     .doc = "how soon an outage is noticed"},
    {.key = "dns", .kind = FLD_MAP, .sub = &dns_table, .flags = FLD_WORLD,
     .doc = "DNS resolvers"},
    {.key = "sampling", .kind = FLD_MAP, .sub = &sampling_table, .flags = FLD_WORLD,
     .doc = "how the trials are drawn: plainly, or stratified over the outages"},
    {.key = "backup", .kind = FLD_LIST, .sub = &fld_backup, .off = offsetof(scn_world, backups),
     .count = offsetof(scn_world, nbackups), .flags = FLD_WORLD | FLD_HAND | FLD_OMIT_EMPTY,
     .max = SCN_MAX_ENTRIES, .doc = "Azure Backup policies of VMs (and their vaults)"},
    {.key = "strategies", .kind = FLD_LIST, .sub = &fld_strategy, .off = FLD_NOWHERE,
     .flags = FLD_REQUIRED | FLD_HAND, .min = 1, .max = SCN_MAX_ENTRIES,
     .missing = "missing key 'strategies' (at least one, such as - {name: wait, kind: wait})",
     .doc = "the strategies compared: at least one"},
    {.key = "outages", .kind = FLD_LIST, .sub = &fld_outage, .off = offsetof(scn_world, outages),
     .count = offsetof(scn_world, noutages), .flags = FLD_WORLD | FLD_HAND, .max = SCN_MAX_ENTRIES,
     .doc = "the outages that may hit the system"},
    {.key = "prices", .kind = FLD_MAP, .sub = &prices_table, .flags = FLD_WORLD,
     .doc = "the price list each variant's monthly running cost is worked out from"},
    {.key = "business", .kind = FLD_MAP, .sub = &business_table,
     .flags = FLD_WORLD | FLD_PRESENT | FLD_OMIT_ABSENT,
     .present = offsetof(scn_world, business.given),
     .doc = "what an outage costs the business (without it: no outage cost, n/a)"},
    {.key = "risk", .kind = FLD_MAP, .sub = &risk_table, .flags = FLD_WORLD,
     .doc = "how many outages of each kind a year (the annual figures)"},
    {.key = "sweep", .kind = FLD_SWEEP, .off = FLD_NOWHERE,
     .doc = "paths to lists of values: every combination is a world, every world with every "
            "strategy a variant"},
    {.key = "expect", .kind = FLD_EXPECT, .off = FLD_NOWHERE,
     .doc = "strategies or variants to rules METRIC.STAT: \"OP VALUE\", judged by drsim check"},
};

const fld_table fld_top = {
    .what = "a scenario", .disc = -1,
    .doc = "a drsim scenario: a system, the outages that may hit it, the strategies to compare",
    .fields = ROWS(top_rows)};

/* ---- Lookups ------------------------------------------------------------------------ */

const fld_field *fld_find(const fld_table *t, const char *key)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->fields[i].key != NULL && strcmp(t->fields[i].key, key) == 0)
            return &t->fields[i];
    return NULL;
}

size_t fld_index(const fld_table *t, const fld_field *f)
{
    return (size_t)(f - t->fields);
}

bool fld_applies(const fld_field *f, int v)
{
    return f->when_mask == 0 || (v >= 0 && v < 32 && (f->when_mask & (1u << v)) != 0);
}

int fld_enum_at(const void *base, size_t off)
{
    int v;
    memcpy(&v, (const char *)base + off, sizeof v);
    return v;
}
