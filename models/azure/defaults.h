/*
 * defaults.h — every default number of drsim's models, with its source.
 *
 * This is the one place where a default lives. Sources are files of the public
 * MicrosoftDocs/azure-docs repository (the text behind learn.microsoft.com)
 * or public incident reports; "assumption" marks a value no source states,
 * kept here so it is visible and easy to override from a scenario file.
 *
 * Units: seconds for durations, bytes for sizes, bytes per second for
 * bandwidths and churn, plain numbers otherwise.
 */
#ifndef DRSIM_DEFAULTS_H
#define DRSIM_DEFAULTS_H

/* ---- Regions -------------------------------------------------------------- */

/* Availability zones per region, 3 by default.
 * articles/reliability/availability-zones-overview.md: regions with zones have
 * at least three. Per-region support varies; a scenario overrides `zones`. */
#define DEF_REGION_ZONES 3

/* Assumption: Azure does not publish how many datacenters a zone holds. One
 * per zone makes a datacenter outage hit exactly the resources of one zone's
 * datacenter; scenarios that know better set `datacenters`. */
#define DEF_ZONE_DATACENTERS 1

/* ---- Storage -------------------------------------------------------------- */

/* articles/storage/common/storage-redundancy.md (ms.date 04/15/2025): the
 * geo-replication RPO is "typically ... less than 15 minutes", with no SLA
 * (the reliability include reliability-storage-multi-region-down-experience-
 * include.md, ms.date 07/02/2024, says the same). Taken as the 99th
 * percentile of a lognormal lag; the median of 1 minute is an assumption.
 * last-sync-time-get.md (ms.date 07/20/2023): the Last Sync Time is one
 * account property (geoReplicationStats.lastSyncTime) before which "all data
 * and metadata ... is available on the secondary": the lag is one draw per
 * account, and every blob's own recovery point lies between its account's
 * LST and the failure. */
#define DEF_GEO_LAG_P50 60.0
#define DEF_GEO_LAG_P99 (15 * 60.0)

/* Assumption: the latency of the geo-replication link when described by
 * bandwidth (paired regions are >= 300 miles apart,
 * articles/reliability/cross-region-replication-azure.md; tens of ms RTT). */
#define DEF_GEO_LATENCY 0.05

/* Assumption: how much data an account holds when a scenario does not say
 * and it holds no VHDs (an account holding VHDs holds at least their
 * provisioned sizes, its default then). It is the reference size of the
 * failover's duration below. */
#define DEF_ACCOUNT_SIZE (1024.0 * 1024 * 1024 * 1024)

/* A customer-managed failover (unplanned or planned) "typically completes
 * within 60 minutes, depending on the account size and complexity"
 * (reliability-storage-multi-region-down-experience-include.md, ms.date
 * 07/02/2024, last commit 2026-03-04); "typically takes about an hour"
 * (storage-failover-customer-managed-unplanned.md, ms.date 07/23/2024, and
 * storage-failover-customer-managed-planned.md, ms.date 03/06/2025); "less
 * than one hour" (storage-disaster-recovery-guidance.md, ms.date 11/03/2025).
 * No SLA. Modelled lognormal with median 1 h for an account of
 * DEF_ACCOUNT_SIZE; the 99th percentile of 3 h is an assumption (no tail is
 * published). */
#define DEF_ACCOUNT_FAILOVER_P50 3600.0
#define DEF_ACCOUNT_FAILOVER_P99 (3 * 3600.0)

/* Assumption: how the failover's duration grows with the account's data
 * ("depending on the account size", no figure): a drawn duration D at
 * DEF_ACCOUNT_SIZE becomes D * (size / DEF_ACCOUNT_SIZE)^0.25 — twice as long
 * for 16 times the data, about 5.7 times for 1 PiB. */
#define DEF_FAILOVER_SIZE_EXPONENT 0.25

/* After an unplanned failover the account is LRS; "Geo-redundancy is lost
 * ... and must be manually reconfigured" (storage-failover-customer-managed-
 * unplanned.md, ms.date 07/23/2024), as GRS: "Conversion to ZRS or GZRS for
 * an LRS account resulting from a failover isn't supported"
 * (redundancy-migration.md, ms.date 10/10/2025; zone redundancy comes back
 * with the failback). "There's no SLA for completion of a conversion" and it
 * "typically begins within 72 hours after initiation, but can take longer"
 * (same file). Modelled: the conversion begins uniform(0, 72h) after the
 * request (the shape is an assumption). */
#define DEF_CONVERSION_START_MIN 0.0
#define DEF_CONVERSION_START_MAX (72 * 3600.0)

/* Assumption: the customer asks for geo-redundancy again as soon as the
 * failover is over (a strategy's regain_geo.after). */
#define DEF_REGAIN_GEO_AFTER 0.0

/* Assumption: the rate of the initial sync once the conversion has begun
 * (the time "depends on" object count and size, and "Live traffic takes
 * priority over geo replication", storage-disaster-recovery-guidance.md,
 * ms.date 11/03/2025; no figure is published): 20 MB/s, 1 TiB in about 15 h. */
#define DEF_GEO_INITIAL_SYNC_RATE 20e6

/* Geo Priority Replication (storage-redundancy-priority-replication.md,
 * ms.date 11/04/2025): "It guarantees that the Last Sync Time (LST) for your
 * account's Block Blob data remains lagged 15 minutes or less for 99.0% of
 * the billing month". Block blobs only (page blobs, hence VHDs, are
 * excluded); periods when the "data transfer rate exceeds 1 gigabit per
 * second" or 100 CopyBlob requests per second are excluded from the SLA, and
 * accounts with Append or Page Blob calls (change feed, object replication)
 * in the last 30 days; "an unplanned failover will automatically disable"
 * it (planned failovers do not). */
#define GPR_SLA_LAG (15 * 60.0)
#define GPR_SLA_FRACTION 0.99
#define GPR_EXCLUDED_BYTE_RATE (1e9 / 8)

/* Assumption: the TTL of a storage account's DNS records (not documented). */
#define DEF_ACCOUNT_DNS_TTL 60.0

/* ---- VMs and disks ----------------------------------------------------------- */

/* Assumptions: restarting a VM in place, and creating a new VM from existing
 * disks, take minutes (no documented figure). */
#define DEF_BOOT_MIN (1 * 60.0)
#define DEF_BOOT_MAX (5 * 60.0)
#define DEF_PROVISION_MIN (10 * 60.0)
#define DEF_PROVISION_MAX (30 * 60.0)

/* Assumption: an OS disk when a VM group gives none (128 GiB is the size of
 * Azure's common managed OS disk images); its churn is taken as negligible. */
#define DEF_OS_DISK_SIZE (128.0 * 1024 * 1024 * 1024)

/* azure-to-azure-support-matrix.md: churn limits are stated for 8 KB and
 * larger I/O; 8 KB is the size the standard-disk limit is given for. */
#define DEF_DISK_IO_SIZE 8192.0

/* The smallest write a disk takes: one sector, 512 bytes (Ultra Disk's
 * sector size is 512 or 4096 bytes, hana-vm-ultra-disk.md; 512 is the least
 * of any Azure disk). A drawn I/O size below it is taken as it. */
#define DISK_MIN_IO_SIZE 512.0

/* The fastest an Azure disk is written: Ultra Disk, 10,000 MB/s per disk
 * (virtual-machines/disks-types.md, the comparison table). No churn can
 * exceed it. */
#define DISK_MAX_THROUGHPUT 10e9

/* ---- Detection and decision -------------------------------------------------- */

/* Assumption: the time until monitoring raises an alert someone acts on. */
#define DEF_MONITOR_DELAY (5 * 60.0)

/* Assumption: deleting the VMs to break their disk leases before an account
 * failover (storage-disaster-recovery-guidance.md describes the procedure,
 * not its duration). */
#define DEF_DELETE_VMS (5 * 60.0)

/* ---- Azure Site Recovery ----------------------------------------------------- */

/* azure-to-azure-support-matrix.md: churn limits. Standard disk 2 MB/s (8 KB
 * I/O); P10/P15 2/4/8 MB/s at 8/16/>=32 KB I/O; P20-P50 5/20 MB/s at 8/>=16 KB;
 * per VM 54 MB/s; concepts-azure-to-azure-high-churn-support.md: 100 MB/s per
 * VM with High Churn. (MB = 10^6 bytes.) */
#define ASR_STANDARD_DISK_LIMIT 2e6
#define ASR_P10_LIMIT_8K 2e6
#define ASR_P10_LIMIT_16K 4e6
#define ASR_P10_LIMIT_32K 8e6
#define ASR_P20_LIMIT_8K 5e6
#define ASR_P20_LIMIT_16K 20e6
/* The matrix's I/O-size thresholds, 16 KB and 32 KB, read as KiB (the
 * sizes disks write in). */
#define ASR_IO_16K (16 * 1024.0)
#define ASR_IO_32K (32 * 1024.0)
#define ASR_VM_LIMIT 54e6
#define ASR_VM_LIMIT_HIGH_CHURN 100e6
/* Premium sizes: P15 is 256 GiB and below counts with P10/P15, P20 (512 GiB)
 * and up with P20-P50 (articles/virtual-machines/disks-types.md sizes). */
#define ASR_P15_MAX_SIZE (256.0 * 1024 * 1024 * 1024)

/* azure-to-azure-architecture.md / site-recovery-failover.md: crash-consistent
 * recovery points every 5 minutes (fixed). */
#define ASR_CRASH_POINT_INTERVAL (5 * 60.0)
/* azure-to-azure-common-questions.md: app-consistent points every >= 1 hour;
 * off in the current default policy. */
#define ASR_APP_POINT_MIN_INTERVAL 3600.0
/* azure-to-azure-common-questions.md: retention default 1 day; max 15 days
 * (managed disks), 3 days (unmanaged). Every 5-minute point kept for the last
 * 2 hours; older: one per hour (1 day), one per 2 hours (2-7 days), one per 2
 * hours for 7 days then one per 4 hours (8-15 days). */
#define ASR_RETENTION_DEFAULT (24 * 3600.0)
#define ASR_RETENTION_MAX_MANAGED (15 * 24 * 3600.0)
#define ASR_RETENTION_MAX_UNMANAGED (3 * 24 * 3600.0)
#define ASR_KEEP_ALL_POINTS (2 * 3600.0)
#define ASR_PRUNE_BUCKET_1D (1 * 3600.0)   /* retention <= 1 day */
#define ASR_PRUNE_BUCKET_7D (2 * 3600.0)   /* retention <= 7 days, and ages <= 7 days */
#define ASR_PRUNE_BUCKET_15D (4 * 3600.0)  /* ages > 7 days (retention 8-15 days) */
#define ASR_PRUNE_WEEK (7 * 24 * 3600.0)

/* Assumption: the latency of ASR's path from the cache account to the target
 * (inter-region; tens of ms). */
#define ASR_SHIP_LATENCY 0.05

/* Assumption: how long the target takes to turn received data into a usable
 * recovery point (no documented figure; "Latest processed" is the fast option,
 * so processing is taken to lag by minutes). */
#define ASR_PROCESSING_MIN (1 * 60.0)
#define ASR_PROCESSING_MAX (5 * 60.0)

/* Assumption: the rate at which "Latest" failover processes pending data
 * (site-recovery-failover.md says only that it has the highest RTO). */
#define ASR_PROCESS_RATE 50e6

/* Assumptions: creating a VM in the target during failover; commit. */
#define ASR_VM_CREATE_MIN (2 * 60.0)
#define ASR_VM_CREATE_MAX (10 * 60.0)
#define ASR_COMMIT 60.0

/* azure-to-azure-how-to-reprotect.md: re-protect is a diff sync that "usually
 * takes a few hours" (worked example: >= 3 h). Modelled uniform(3h, 6h). */
#define ASR_REPROTECT_MIN (3 * 3600.0)
#define ASR_REPROTECT_MAX (6 * 3600.0)

/* Site Recovery SLA: RTO of 2 hours (not a parameter: scenarios state it as
 * an expectation, rto.p95 <= 2h). Target capacity is best-effort unless
 * reserved; no public figure for how often it runs short, so by default no
 * delay (a scenario sets the probability). */
#define ASR_CAPACITY_DELAY_PROBABILITY 0.0

/* recovery-plan-overview.md: up to 100 protected instances, up to 7 groups.
 * concepts (multi-VM consistency): up to 16 VMs per replication group. */
#define ASR_PLAN_MAX_GROUPS 7
#define ASR_PLAN_MAX_VMS 100
#define ASR_CONSISTENCY_GROUP_MAX_VMS 16

/* azure-to-azure-architecture.md: Site Recovery replicates VMs, not storage
 * accounts; an application's data accounts are failed over by the team
 * alongside the plan (storage-disaster-recovery-guidance.md). Assumption:
 * that is done, unless a scenario says `fail_over_data: false`. */
#define DEF_ASR_FAIL_OVER_DATA true

/* ---- DNS and Traffic Manager ------------------------------------------------- */

/* traffic-manager-monitoring.md: probe interval 30 s (default) or 10 s (fast);
 * timeout 5-10 s (default 10) at 30 s, 5-9 s (default 9) at 10 s; tolerated
 * failures 0-9 (default 3); degraded after the (tolerated + 1)-th consecutive
 * failure. traffic-manager-FAQs.md: TTL 0..2,147,483,647 s, 30 s common. */
#define TM_INTERVAL_NORMAL 30.0
#define TM_INTERVAL_FAST 10.0
#define TM_TIMEOUT_NORMAL 10.0
#define TM_TIMEOUT_FAST 9.0
#define TM_TIMEOUT_MIN 5.0
#define TM_TOLERATED_DEFAULT 3
#define TM_TOLERATED_MAX 9
#define TM_TTL_DEFAULT 30.0
#define DNS_TTL_MAX 2147483647.0

/* traffic-manager-FAQs.md: resolvers need not honour TTLs; no public figure
 * for how many overstay. Default: none (a scenario sets the share).
 * Assumption: those that do keep a record at most 15 minutes past its TTL. */
#define DNS_OVERSTAY_SHARE 0.0
#define DNS_OVERSTAY_MAX (15 * 60.0)

/* ---- Scenario-level defaults ------------------------------------------------ */

/* Assumption: trials per variant when a scenario does not say; enough for a
 * stable p99 of most metrics (about 10 trials beyond it). */
#define DEF_TRIALS 1000

/* Assumption: simulated time per trial; long enough for a region outage of
 * days (in the South Central US outage of 2018 most storage was back after
 * about 26 hours, Azure DevOps after 38: azure-facts.md, "Real outages") plus
 * recovery. */
#define DEF_HORIZON (14 * 86400.0)

/* Assumption: the seed of a scenario that gives none (any fixed number keeps
 * runs reproducible). */
#define DEF_SEED 1

/* Assumption: the size of one application write when only a rate is given. */
#define DEF_WRITE_SIZE (16 * 1024.0)

/* Assumption: a VM group without a count is one VM. */
#define DEF_VM_COUNT 1

/* Assumption: a disk without `churn` is not written to (the OS disk's churn
 * is taken as negligible, see DEF_OS_DISK_SIZE). */
#define DEF_DISK_CHURN 0.0

/* azure-to-azure-support-matrix.md: "up to 64 disks per VM"; data disks up to
 * 32 TB (taken as Azure's largest managed disk, 32 TiB). */
#define DEF_MAX_DISKS_PER_VM 64
#define DEF_MAX_DISK_SIZE (32.0 * 1024 * 1024 * 1024 * 1024)

/* Assumption: the TTL of an application's DNS name remapped by hand; 30 s is
 * the common default (traffic-manager-FAQs.md). */
#define DEF_ENTRY_DNS_TTL TM_TTL_DEFAULT

/* Assumption: the time from detection to the decision to fail over (no
 * source; it is the policy the scenario explores). */
#define DEF_DECIDE (30 * 60.0)

/* azure-to-azure-common-questions.md: app-consistent recovery points are off
 * in the current default replication policy (0 = off). */
#define ASR_APP_POINT_DEFAULT_INTERVAL 0.0

/* Assumption: how late VMs come up when target capacity runs short (no
 * public figure). Used only with a capacity delay probability above 0. */
#define ASR_CAPACITY_DELAY_MIN (30 * 60.0)
#define ASR_CAPACITY_DELAY_MAX (4 * 3600.0)

/* Assumption: failback starts as soon as the original region is back. */
#define DEF_FAILBACK_AFTER 0.0

/* Assumption: an outage listed in a scenario happens in every trial, and is
 * transient unless the scenario gives a probability of destruction. */
#define DEF_OUTAGE_PROBABILITY 1.0
#define DEF_OUTAGE_DESTRUCTIVE 0.0

#endif
