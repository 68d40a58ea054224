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

/* Availability zones of a region that has them. Which regions do is the
 * catalogue's (catalogue.c): articles/reliability/regions-list.md in
 * MicrosoftDocs/reliability-docs (ms.date 09/23/2025) lists 39 regions with
 * zones and 18 without, such as West US, North Central US and UK West.
 * articles/reliability/availability-zones-overview.md (before its ms.date
 * 02/11/2026 rewrite): "a minimum of three separate availability zones are
 * present in all availability zone-enabled regions"; the newest rendering of
 * regions-list on learn.microsoft.com gives 3 for each of them. A region a
 * scenario adds has 3 unless it says `zones`; a catalogue region's count is
 * overridden the same way. */
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

/* Microsoft-managed failover. When: "only performed in catastrophic
 * situations and after repeated failed recovery attempts"
 * (articles/reliability/regions-paired.md in MicrosoftDocs/reliability-docs,
 * ms.date 03/19/2025, last commit 2026-06-25); "In the rare event of a major
 * disaster where Microsoft determines that the primary region is permanently
 * unrecoverable, an automatic failover to the secondary region might be
 * initiated" (reliability-storage-multi-region-down-experience-include.md,
 * ms.date 07/02/2024, last commit 2026-03-04). So by default a scenario's
 * provider_failover fires only when its outage destroys the copies
 * (`when: destroyed`); `when: always` is a what-if. Its scope: "A
 * Microsoft-managed failover would be initiated for an entire physical unit,
 * such as a region or a datacenter. It can't be initiated for individual
 * storage accounts, subscriptions, or tenants" (storage-disaster-recovery-
 * guidance.md, ms.date 11/03/2025): a region or a datacenter, not a zone
 * (no doc names one). While it runs, "you don't have write access to your
 * storage account until the failover process is complete"; RA-GRS and
 * RA-GZRS readers "can read from the secondary region" (same file).
 * Assumption: its duration. No doc gives one ("The amount of time that
 * elapses before failover occurs depends on the severity of the disaster",
 * the include above, is about when it starts); it is taken as long as a
 * customer-managed failover (DEF_ACCOUNT_FAILOVER_P50/P99, scaled by the
 * account's size in the same way). A scenario sets its own. */
#define DEF_PROVIDER_FAILOVER_P50 DEF_ACCOUNT_FAILOVER_P50
#define DEF_PROVIDER_FAILOVER_P99 DEF_ACCOUNT_FAILOVER_P99

/* VHD leases. storage-disaster-recovery-guidance.md (ms.date 11/03/2025),
 * "Azure unmanaged disks": "When a VM is running in Azure, any unmanaged
 * disks attached to the VM are leased. An account failover can't proceed
 * when there's a lease on a blob." The documented procedure: shut down and
 * delete the VM keeping its VHDs, "Wait until the Last Sync Time updates,
 * and ensure that it's later than the time at which you deleted the VM",
 * then fail over. While the primary is down its Last Sync Time is frozen at
 * (or before) the outage, so it never passes a deletion made then, and
 * deleting a VM is a management operation of its region (below). The docs
 * say nothing of leases when the primary is unavailable: drsim keeps their
 * rule (a strategy's failover.vhd_leases: block, the default) — a customer
 * failover of an account holding leased VHDs is blocked while its primary is
 * down. `vhd_leases: ignore` is the what-if in which the leases do not count
 * then (undocumented). A Microsoft-managed failover is not a customer
 * operation and no precondition of it is documented: leases do not block it
 * (an assumption). */

/* Control planes. Management operations (create, delete, convert) go through
 * Azure Resource Manager to a resource provider of the resource's region:
 * "Although Resource Manager is distributed across regions, some services
 * are regional ... the request might be susceptible to regional outages when
 * forwarded to the service", and "if ... the resource's location is also
 * unavailable, you may still be impacted" (azure-resource-manager/
 * management/overview.md, ms.date 02/06/2025). For storage accounts: "the
 * Azure Storage resource provider doesn't fail over, so resource management
 * operations must still take place in the primary region. If the primary
 * region is unavailable, you aren't be able to perform management operations
 * on the storage account" (storage-disaster-recovery-guidance.md, ms.date
 * 11/03/2025). The customer-managed unplanned failover itself is the
 * documented answer to "a region-wide storage failure in your primary
 * region" (reliability-storage-multi-region-support-failover-types-include.md,
 * ms.date 07/02/2024): it does not wait for the primary's control plane.
 * Assumption: an outage of a whole region takes its control plane down for
 * its duration; a zone's or a datacenter's leaves it up (Resource Manager is
 * spread over zones, same overview). A scenario says otherwise with an
 * outage's control_plane: up, down or {impaired: DELAY}. */

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

/* Disk sizes. virtual-machines/disks-types.md (ms.date 08/11/2026), "Max disk
 * size": Standard HDD, Standard SSD and Premium SSD 32,767 GiB; Premium SSD
 * v2 and Ultra Disk 65,536 GiB (64 TiB). Unmanaged disks (VHDs):
 * azure-to-azure-support-matrix.md (ms.date 09/09/2025), "Data disk maximum
 * size ... 4 TiB for unmanaged disks" (the az vm unmanaged-disk reference:
 * "Azure Unmanaged Disks also have a maximum capacity of 4095 GB"). OS disks:
 * the same matrix, "OS disk maximum size 4,095 GiB" (managed-disks-overview.md,
 * which it links). Premium SSD v2 and Ultra Disk are data disks only
 * (disks-types.md, "Usable as OS Disk? No") and LRS only
 * (disks-deploy-zrs.md: ZRS is for Premium SSD and Standard SSD; the Ultra
 * Disk limitations: "Ultra Disks don't support zone redundant storage"). */
#define DISK_MAX_SIZE (65536.0 * 1024 * 1024 * 1024)
#define DISK_MAX_SIZE_MANAGED (32767.0 * 1024 * 1024 * 1024)
#define DISK_MAX_SIZE_UNMANAGED (4.0 * 1024 * 1024 * 1024 * 1024)
#define DISK_MAX_SIZE_OS (4095.0 * 1024 * 1024 * 1024)

/* virtual-machines/unmanaged-disks-deprecation.md (azure-compute-docs, ms.date
 * 08/28/2025): "Unmanaged disks will be fully retired on March 31, 2026 ...
 * After March 31, 2026, you can't start IaaS VMs that use unmanaged disks. Any
 * VMs that use unmanaged disks and are running or allocated will be stopped
 * and deallocated." drsim keeps them for what-ifs and replays of past outages,
 * and warns. */
#define DISK_UNMANAGED_RETIRED "31 March 2026"

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

/* Churn limits (MB = 10^6 bytes; the tables' I/O sizes, 8, 16, 24 and 32 KB,
 * read as KiB, the sizes disks write in).
 *
 * Normal Churn: azure-to-azure-support-matrix.md (ms.date 09/09/2025), "Limits
 * and data change rates": "The current limit for per-VM data churn is 54 MB/s
 * regardless of size"; per replica disk:
 *   Standard storage                 8 KB: 2 MB/s
 *   Premium SSD, 128 GiB or more     8 KB: 2, 16 KB: 4, 32 KB or greater: 8 MB/s
 *   Premium SSD, 512 GiB or more     8 KB: 5, 16 KB or greater: 20 MB/s
 * (Standard is given at 8 KB only; the matrix's "Data disks change rate" row
 * says "Maximum of 2 MBps per disk for Standard storage".)
 *
 * High Churn: concepts-azure-to-azure-high-churn-support.md (ms.date
 * 11/04/2025), "Limit per virtual machine data churn - 100 MB/s"; per disk:
 *   Standard                         8 KB: 2, 16 KB: 4, 24 KB: 6, 32 KB and later: 8 MB/s
 *   Premium SSD, 128 GiB or more     8 KB: 10, 16 KB: 20, 24 KB and later: 30 MB/s
 *   Premium SSD, 512 GiB or more     the same
 *   Premium SSD, 1 TiB or more       8 KB: 20, 16 KB: 35, 24 KB and later: 50 MB/s
 * Its precondition "Source disks must be Managed Disks" is checked by the
 * loader.
 *
 * Assumptions: neither table has a row for a premium disk under 128 GiB; it
 * takes the Standard rows (the least any disk is promised). Premium SSD v2
 * and Ultra Disk ("Supported" in the same matrix) have no rows of their own;
 * they take the Premium SSD rows of their size, as the enhanced-churn preview
 * of the High Churn page lists them with Premium SSD. */
#define ASR_IO_8K (8 * 1024.0)
#define ASR_IO_16K (16 * 1024.0)
#define ASR_IO_24K (24 * 1024.0)
#define ASR_IO_32K (32 * 1024.0)
#define ASR_PREMIUM_128G (128.0 * 1024 * 1024 * 1024)
#define ASR_PREMIUM_512G (512.0 * 1024 * 1024 * 1024)
#define ASR_PREMIUM_1T (1024.0 * 1024 * 1024 * 1024)
#define ASR_NORMAL_STD_8K 2e6
#define ASR_NORMAL_P128_8K 2e6
#define ASR_NORMAL_P128_16K 4e6
#define ASR_NORMAL_P128_32K 8e6
#define ASR_NORMAL_P512_8K 5e6
#define ASR_NORMAL_P512_16K 20e6
#define ASR_HIGH_STD_8K 2e6
#define ASR_HIGH_STD_16K 4e6
#define ASR_HIGH_STD_24K 6e6
#define ASR_HIGH_STD_32K 8e6
#define ASR_HIGH_P128_8K 10e6
#define ASR_HIGH_P128_16K 20e6
#define ASR_HIGH_P128_24K 30e6
#define ASR_HIGH_P512_8K 10e6
#define ASR_HIGH_P512_16K 20e6
#define ASR_HIGH_P512_24K 30e6
#define ASR_HIGH_P1T_8K 20e6
#define ASR_HIGH_P1T_16K 35e6
#define ASR_HIGH_P1T_24K 50e6
#define ASR_VM_LIMIT 54e6
#define ASR_VM_LIMIT_HIGH_CHURN 100e6

/* azure-to-azure-support-matrix.md (ms.date 09/09/2025), "Replicated machines:
 * Storage": "Data disk maximum size | 32 TiB for managed disks" (so a Premium
 * SSD v2 or Ultra disk above it cannot be protected; unmanaged and OS disks
 * are bounded for every VM, DISK_MAX_SIZE_*); "Managed Premium SSD v2 disk |
 * Supported" and "Ultra disks | Supported", but "Because block blob storage
 * accounts aren't supported in China North and China East regions, Site
 * Recovery for Premium SSD v2 disks can't be supported" (and the same for
 * Ultra disks). */
#define ASR_MAX_MANAGED_DATA_DISK (32.0 * 1024 * 1024 * 1024 * 1024)

/* azure-to-azure-architecture.md / site-recovery-failover.md: crash-consistent
 * recovery points every 5 minutes (fixed). */
#define ASR_CRASH_POINT_INTERVAL (5 * 60.0)
/* The RPO past which the team hears that Site Recovery stopped replicating a
 * VM (`drsim drill`'s alert, a runbook's `when: alert asr-rpo`). Assumption:
 * an Azure-to-Azure replication policy sets no RPO threshold
 * (New-AzRecoveryServicesAsrPolicy -AzureToAzure has no
 * -RPOWarningThresholdInMinutes, unlike VMware and Hyper-V policies); teams
 * alert on the vault's RPO metric at a threshold of their own: 30 minutes,
 * twice the documented "typically less than 15 minutes" of storage, here. */
#define ASR_RPO_ALERT (30 * 60.0)
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

/* Assumption: the same path between two zones of one region, for zone-to-zone
 * disaster recovery: azure-to-azure-how-to-enable-zone-to-zone-disaster-
 * recovery.md (ms.date 02/12/2025) says only that it "implies replication of
 * data across shorter distances", which "can reduce latency and therefore
 * reduce" the RPO. availability-zones-overview.md (ms.date 01/29/2025),
 * "Inter-zone latency": "Microsoft strives for inter-zone communication to
 * have a round-trip latency of less than approximately 2 milliseconds"; the
 * one-way path is taken as that round trip (an upper bound). */
#define ASR_ZONE_SHIP_LATENCY 0.002

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

/* Re-protect, azure-to-azure-how-to-reprotect.md (ms.date 10/22/2025). When
 * the source VMs' disks still exist it is a diff sync: "differentials are
 * computed by comparing both the disks and only the differences are
 * transferred", which "usually takes a few hours" (azure-to-azure-common-
 * questions.md; the worked example: >= 3 h). Modelled uniform(3h, 6h).
 *
 * When they were destroyed it is not possible: "Azure Site Recovery doesn't
 * support reprotection if the source virtual machine's data is deleted,
 * corrupted, or inaccessible for some reason. ... you can disable the previous
 * disaster recovery protection and enable a new protection from the current
 * region": a full initial replication of every disk. Its time is computed,
 * not drawn. Assumptions (no figure is published): every disk is copied
 * whole (its provisioned size), at no more than Site Recovery replicates
 * churn — the disk's limit of the churn tables (ASR_NORMAL_* or ASR_HIGH_*)
 * and the VM's (ASR_VM_LIMIT*) shared by its disks — less the churn that
 * keeps coming meanwhile; VMs copy in parallel. That makes it the larger of
 * max(size / (disk limit - churn)) and sum(sizes) / (VM limit - sum(churn)),
 * a lower bound (enabling replication's own steps are not counted), and
 * never when churn reaches a limit. */
#define ASR_REPROTECT_MIN (3 * 3600.0)
#define ASR_REPROTECT_MAX (6 * 3600.0)

/* Site Recovery's RTO SLA: two hours per VM, from the failover's start to the
 * VM running. The SLA's text ("SLA for Site Recovery", the version 1.2 that
 * azure-to-azure-common-questions.md, ms.date 04/18/2024, links to from "Site
 * Recovery has an RTO SLA of two hours"): "For each Protected Instance
 * configured for Azure-to-Azure Failover, we guarantee a two-hour Recovery
 * Time Objective", the RTO being "the period of time beginning when Customer
 * initiates a Failover of a Protected Instance for Azure-to-Azure replication
 * to the time when the Protected Instance" runs (quoted from the SLA page by
 * proarchtechbytes.com, 8 June 2020; the page itself is not in the sources
 * read here). reliability-site-recovery.md (MicrosoftDocs/reliability-docs,
 * ms.date 02/27/2026) describes the same measure without a figure: "from when
 * you (or scripts you write) trigger a failover to when the target VM is
 * running. This time excludes any manual actions or script execution", with
 * credits "only when there's sufficient capacity available in the secondary
 * region". The zone-to-zone page (azure-to-azure-how-to-enable-zone-to-zone-
 * disaster-recovery.md, ms.date 02/12/2025) answers "What is the SLA for RTO
 * and RPO?" with "The service-level agreement (SLA) for recovery time
 * objective (RTO) is the same as the SLA for Site Recovery overall. We
 * promise an RTO of up to one hour. There's no defined SLA for RPO": its one
 * hour is not the SLA's figure (the SLA is the one above, the same for
 * zone-to-zone), and there is no RPO SLA for either kind.
 * It is not an application's RTO, which also counts detection, the decision,
 * the plan's order, its scripts and manual steps: scenarios do not compare
 * rto with it. (Not a parameter: nothing in the model depends on it.) */

/* Target capacity is best-effort unless reserved; no public figure for how
 * often it runs short, so by default no delay (a scenario sets the
 * probability). */
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

/* ---- Front Door -------------------------------------------------------------- */

/* frontdoor/health-probes.md (ms.date 01/29/2025): every edge location probes
 * every origin at the configured frequency, "the default probe frequency of
 * 30 seconds"; an origin is healthy when at least x of the last n probe
 * responses are (x = SuccessfulSamplesRequired, n = SampleSize, the origin
 * group's load-balancing settings); when every origin of the group fails its
 * probes, Front Door routes round robin across all of them.
 * Microsoft.Cdn/profiles/originGroups (ARM template reference):
 * probeIntervalInSeconds 1..255. */
#define FD_INTERVAL_DEFAULT 30.0
#define FD_INTERVAL_MIN 1.0
#define FD_INTERVAL_MAX 255.0
/* frontdoor/blue-green-deployment.md (ms.date 11/18/2024): the origin group's
 * load-balancing settings as the portal fills them, sample size 4 and
 * successful samples required 3 (frontdoor/origin.md, ms.date 03/10/2022,
 * defines both; neither page gives a bound, and the API takes an int: 1 to
 * 255 here, a byte as the Terraform provider bounds them). */
#define FD_SAMPLE_SIZE_DEFAULT 4
#define FD_REQUIRED_DEFAULT 3
#define FD_SAMPLES_MAX 255
/* frontdoor/routing-methods.md (ms.date 11/07/2022): latency-based routing
 * sends a request to the origins within the "latency sensitivity" (the API's
 * additionalLatencyInMilliseconds) of the fastest; "By default, the latency
 * sensitivity property is set to 0 ms". (The Standard/Premium portal proposes
 * 50 ms in its form; the documented default is kept.) 0 to 1000 ms. */
#define FD_ADDITIONAL_LATENCY_DEFAULT 0.0
#define FD_ADDITIONAL_LATENCY_MAX 1.0
/* Assumption: an edge location routes by its own probes' verdict at once (no
 * documented delay between a verdict and the routing that follows it); a
 * scenario can state one. */
#define FD_PROPAGATION_DEFAULT 0.0

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

/* Assumption: a tier serves while one of its VMs is up (the reading of every
 * scenario written before capacity could be stated). A tier that needs more
 * to carry its load says so with `needs` (a number of VMs, or all); below it
 * the application is degraded, and down for the RTO. No documented figure:
 * the capacity a workload needs is the workload's own. */
#define DEF_TIER_NEEDS 1

/* Assumption: a VM group's disks hold the application's data unless the
 * group says it is stateless (rebuilt from an image, its disks' loss no data
 * loss): the reading of every scenario written before it could say so. */
#define DEF_VM_STATELESS false

/* Deployments in several regions. Active-active and warm standby are the two
 * multi-region designs of the Well-Architected Framework
 * (well-architected/reliability/highly-available-multi-region-design.md):
 * "Active-active ... each configured to handle production workloads for the
 * region or regions they serve and scalable to handle loads from other
 * regions in case of a regional outage"; "Warm spare: One primary region and
 * one or more secondary regions. The secondary region is deployed with the
 * minimum possible compute and data sizing ... and scaled out to serve
 * production when failover occurs". The shares are each workload's own.
 *
 * Assumption: a VM group carries the whole peak load (capacity 1) with the
 * VMs it needs, and an application needs all of it (needs_capacity 1) for
 * full service: the reading of every scenario before capacity shares. */
#define DEF_VM_CAPACITY 1.0
#define DEF_APP_NEEDS_CAPACITY 1.0

/* Assumption: a standby's scale-out (new instances of a scale set, created,
 * booted and warmed up) takes 5 to 15 minutes from its trigger; Azure
 * publishes no figure (autoscale's own evaluation interval and the
 * workload's start-up are in it). A scale-out is a management operation of
 * the group's region: it waits for its control plane. */
#define DEF_SCALE_OUT_MIN (5 * 60.0)
#define DEF_SCALE_OUT_MAX (15 * 60.0)

/* Assumption: an application does not serve while its data is not writable
 * unless it says it can serve reads then (`read_only`): a design choice
 * (RA-GRS / RA-GZRS "read access to data in the secondary region",
 * storage-redundancy.md), not a default behaviour of applications. */
#define DEF_APP_READ_ONLY false

/* Assumption: a disk without `churn` is not written to (the OS disk's churn
 * is taken as negligible, see DEF_OS_DISK_SIZE). */
#define DEF_DISK_CHURN 0.0

/* azure-to-azure-support-matrix.md: "up to 64 disks per VM". */
#define DEF_MAX_DISKS_PER_VM 64

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

/* Not a figure of Azure's: a sampling choice. Half the trials of a
 * stratified run are spread evenly over the strata (so a one-in-ten-thousand
 * destruction is seen in thousands of trials) and half follow the strata's
 * probabilities, which bounds the variance of any figure at twice what
 * proportional allocation gives (each stratum keeps at least half its
 * proportional share: Hesterberg's defensive mixture, Technometrics 37(2),
 * 1995, applied to strata). */
#define DEF_STRATA_EVEN 0.5

/* ---- SQL failover groups ------------------------------------------------------ */

/* The geo-replication lag of a failover group. "Auto-failover groups | 1 h |
 * 5 s" (RTO, RPO) in the table of recovery methods of
 * azure-sql/database/business-continuity-high-availability-disaster-recover-
 * hadr-overview.md (MicrosoftDocs/sql-docs, ms.date 10/18/2021, the newest
 * version stored); the current reliability-sql-database.md
 * (MicrosoftDocs/reliability-docs, ms.date 05/27/2026) gives no figure: "Geo-replication between the primary and
 * secondary databases occurs asynchronously", estimate the loss "by
 * monitoring the replication lag". Assumption: the lag at every instant is
 * that documented RPO, 5 s (the docs give an objective, not a law of the
 * lag); a scenario gives its own distribution (`lag`). */
#define DEF_SQL_LAG 5.0

/* The grace period of a Microsoft-managed failover policy: "The minimum
 * grace period is one hour. However, the Microsoft response time will likely
 * be several hours at least" (articles/reliability/reliability-sql-
 * database.md in MicrosoftDocs/reliability-docs, ms.date 05/27/2026);
 * "Because verifying the scale of, and mitigating, the outage depends on
 * human actions, the grace period can't be set below one hour"
 * (azure-sql/includes/failover-group-overview.md in MicrosoftDocs/sql-docs,
 * ms.date 12/15/2023); "Only values greater than or equal to 1 hour are
 * supported for the '-GracePeriodWithDataLossHours' parameter"
 * (New-AzSqlDatabaseFailoverGroup, Az.Sql). The loader refuses less.
 * What starts it (the same include): a "Datacenter, availability zone, or
 * region level outage", and then "all databases within the failover group
 * fail over, regardless of their zone redundancy configuration or
 * availability status": drsim starts it with an outage of the primary's
 * region of any scope, whatever the group's own availability.
 * Default: the minimum, the value of the docs' own examples
 * (Set-AzSqlDatabaseFailoverGroup ... -GracePeriodWithDataLossHours 1); the
 * "several hours" of response are a scenario's longer grace_period (East US,
 * 16 September 2023: groups "failed out of the region, incurring
 * approximately eight hours of downtime prior to the failover completing",
 * Azure status history). */
#define SQL_GRACE_PERIOD_MIN 3600.0
#define DEF_SQL_GRACE_PERIOD SQL_GRACE_PERIOD_MIN

/* A geo-failover's duration: "There's typically up to 60 seconds of
 * downtime during a failover" (reliability-sql-database.md, ms.date
 * 05/27/2026, customer-initiated failover). Assumption: every failover
 * (planned, forced, Microsoft's) takes that upper figure, 60 s. */
#define DEF_SQL_FAILOVER 60.0

/* The listeners' DNS TTL: "The time to live (TTL) of the primary and
 * secondary listener DNS record is 30 seconds"
 * (azure-sql/database/failover-group-sql-db.md, MicrosoftDocs/sql-docs,
 * ms.date 01/11/2024). */
#define DEF_SQL_LISTENER_TTL 30.0

/* Zone redundancy: "There's no data loss expected during an availability
 * zone failover"; "The downtime is typically less than 30 seconds"
 * (reliability-sql-database.md, ms.date 05/27/2026). Assumption: a
 * zone-redundant primary is taken as unaffected by the loss of a zone (its
 * < 30 s are not modelled), and a primary that is not zone redundant lives
 * in one zone (LRS-like: `zone`, or drawn per trial), down while that zone
 * (or its datacenter) is. */
/* ---- Cosmos DB ------------------------------------------------------------------- */

/* consistency-levels.md (azure-databases-docs, ms.date 08/28/2025), "Consistency
 * levels and data durability": RPO of a region outage, more than one region —
 * Strong 0; Bounded Staleness "K & T"; Session, Consistent Prefix, Eventual
 * "< 15 minutes" (single or multiple write regions alike). A single-region
 * account: "< 240 Minutes" (the region's own durability; drsim loses nothing
 * there unless the region is destroyed). */
#define COSMOS_RPO_WEAK (15 * 60.0)

/* consistency-levels.md (ms.date 08/28/2025): "For a single region account,
 * the minimum value of K and T is 10 write operations or 5 seconds. For
 * multi-region accounts the minimum value of K and T is 100,000 write
 * operations or 300 seconds." The ARM ConsistencyPolicy accepts
 * maxStalenessPrefix 1 - 2,147,483,647 and maxIntervalInSeconds 5 - 86400
 * (@azure/arm-cosmosdb ConsistencyPolicy reference). The defaults are the
 * multi-region minimums. */
#define COSMOS_K_MIN_SINGLE 10
#define COSMOS_T_MIN_SINGLE 5.0
#define COSMOS_K_MIN_MULTI 100000
#define COSMOS_T_MIN_MULTI 300.0
#define COSMOS_K_MAX 2147483647u
#define COSMOS_T_MAX 86400.0
#define DEF_COSMOS_K COSMOS_K_MIN_MULTI
#define DEF_COSMOS_T COSMOS_T_MIN_MULTI

/* Assumption: the time from a write region's outage to the promotion of a
 * read region by service-managed failover. reliability-cosmos-db.md
 * (reliability-docs, ms.date 04/09/2026) gives no figure ("the process of
 * declaring an outage and triggering service-managed failover can take some
 * time"); consistency-levels.md until 2021 (ms.date 03/22/2021) gave an RTO of
 * "< 15 minutes" for every multi-region single-write configuration, and
 * reliability-cosmos-db-nosql.md (ms.date 05/06/2024) warns that a partial
 * outage "may take up to 1 hour (or more)". Uniform between 5 and 15 minutes:
 * within the last published bound. */
#define DEF_COSMOS_FAILOVER_MIN (5 * 60.0)
#define DEF_COSMOS_FAILOVER_MAX (15 * 60.0)
#define COSMOS_RTO_DOCUMENTED (15 * 60.0)

/* Assumption: service-managed failover is off unless enabled (ARM
 * enableAutomaticFailover defaults to false; high-availability guidance
 * "strongly recommends" enabling it). */
#define DEF_COSMOS_SMF false

/* Assumption: the cross-region replication lag at the instant of an outage
 * (no documented figure: the portal shows it per account; consistency-levels.md
 * only bounds it, and the bound is applied on top). Lognormal, median 1 s,
 * 99th percentile 1 minute. */
#define DEF_COSMOS_LAG_P50 1.0
#define DEF_COSMOS_LAG_P99 60.0

/* consistency-levels.md (ms.date 08/28/2025): "Strong consistency for
 * accounts with regions spanning more than 5000 miles (8000 kilometers) is
 * blocked by default due to high write latency. To enable this capability
 * please contact support." drsim refuses it (coords.h: the distance). */
#define COSMOS_STRONG_MAX_KM 8000.0

/* Assumption: the distinct items an account's writes go to, uniformly (the
 * conflict model of multi-region writes). */
#define DEF_COSMOS_ITEMS 1e6

/* ---- Azure Backup of VMs (Recovery Services vault) ------------------------------------ */

/* backup-azure-arm-restore-vms.md (ms.date 12/06/2022): "Currently, secondary
 * region RPO is 36 hours. This is because the RPO in the primary region is 24
 * hours and can take up to 12 hours to replicate the backup data from the
 * primary to the secondary region." The lag of a recovery point's copy in the
 * secondary region: its documented bound, taken as the lag (a scenario may
 * give a distribution). */
#define BACKUP_CRR_LAG (12 * 3600.0)

/* Assumption: the daily backup's time of day (the portal proposes a time; no
 * documented default), 22:00 UTC. */
#define DEF_BACKUP_AT (22 * 3600.0)

/* backup-azure-vms-enhanced-policy.md (ms.date 06/11/2025): "You can schedule
 * backups as frequently as every 4 hours"; the hourly schedule's intervals are
 * every 4, 6, 8 or 12 hours (the same policy page's Hourly frequency). The
 * default of an enhanced policy: the most frequent. */
#define BACKUP_ENHANCED_EVERY_MIN (4 * 3600.0)
#define DEF_BACKUP_EVERY BACKUP_ENHANCED_EVERY_MIN

/* backup-create-rs-vault.md (ms.date 05/30/2019): "Storage Replication type by
 * default is set to Geo-redundant"; "CRR is a vault level opt-in feature for
 * any GRS vault (turned off by default)". */
#define DEF_BACKUP_VAULT SCN_GRS
#define DEF_BACKUP_CRR false

/* Instant restore snapshots kept in the primary region: 2 days by default
 * with the standard policy (1 to 5), up to 30 days with the enhanced one
 * (backup-azure-vms-enhanced-policy.md, ms.date 06/11/2025: "Longer retention
 * in snapshot (operational) tier up to 30 days"). Snapshots are not
 * replicated: "secondary region restores are only vault tier restores"
 * (backup-azure-arm-restore-vms.md, ms.date 12/06/2022). */
#define DEF_BACKUP_SNAPSHOT_RETENTION (2 * 86400.0)
#define BACKUP_SNAPSHOT_RETENTION_MAX (30 * 86400.0)

/* Assumption: a restore from the vault tier copies the VM's disks at this
 * rate (no published throughput; "the restore time for the secondary region
 * will be almost the same as the vault tier restore time for the primary
 * region", backup-azure-arm-restore-vms.md, ms.date 12/06/2022), 200 MiB/s
 * per VM, and takes a fixed 20 minutes more (the job, the VM's creation). */
#define DEF_BACKUP_RESTORE_RATE (200.0 * 1024 * 1024)
#define DEF_BACKUP_RESTORE_BASE (20 * 60.0)

/* ---- Prices (the running cost; models/world/cost.h) ------------------------ */

/* One region, one currency, one way of paying: East US, USD, pay-as-you-go
 * list prices, as Azure's public pricing pages gave them in December 2026
 * (taken 2026-12-04). Prices change and differ by region, currency and
 * agreement: every one of these is a default to override in a scenario's
 * `prices:` section with the customer's own figures. Where a figure below
 * is marked "Assumption", no copy of the pricing page was at hand to quote;
 * it is the best public figure known, with the page to check it against. */
#define DEF_PRICE_CURRENCY "USD"

/* Block blob storage, hot tier, first 50 TB, per GiB-month, by redundancy.
 * Assumption (the page, https://azure.microsoft.com/pricing/details/storage/
 * blobs/, was not in the corpus; these are its East US figures as last
 * known): LRS 0.018, ZRS 0.0225, GRS 0.036, RA-GRS 0.046, GZRS 0.0405,
 * RA-GZRS 0.0518. The corpus confirms the structure only: "Data redundancy
 * option selected" drives the price and "Geo-replication data transfer
 * incurs a per-gigabyte charge" (learn.microsoft.com training module
 * configure-blob-storage/8-determine-storage-pricing). */
#define DEF_PRICE_STORAGE_LRS 0.018
#define DEF_PRICE_STORAGE_ZRS 0.0225
#define DEF_PRICE_STORAGE_GRS 0.036
#define DEF_PRICE_STORAGE_RA_GRS 0.046
#define DEF_PRICE_STORAGE_GZRS 0.0405
#define DEF_PRICE_STORAGE_RA_GZRS 0.0518

/* Block blob storage, cool and cold tiers (an account's access_tier), per
 * GiB-month. The LRS figures: cool 0.01, cold 0.0036 (pages corpus:
 * kubequest.pages.dev, AZ-104 notes "Access Tiers and Cost Optimization",
 * tier comparison for LRS in East US 2, 2025: hot 0.0184, cool 0.01, cold
 * 0.0036; calculator.city, "published pricing as of Q3 2023": cool 0.01).
 * Assumption: the other redundancies cost what they cost in the hot tier
 * relative to LRS (ZRS 1.25x, GRS 2x, RA-GRS 2.56x, GZRS 2.25x, RA-GZRS
 * 2.88x), rounded to four places; check them against
 * https://azure.microsoft.com/pricing/details/storage/blobs/. The access
 * tier prices block blobs only ("Setting the access tier is only allowed on
 * Block Blobs", access-tiers-overview.md, 07/13/2023): an account's VHDs
 * (page blobs) stay at its hot-tier price. drsim's access_tier is the tier
 * the account's block blobs are in: its default tier (Hot, Cool, and Cold
 * in today's resource provider: the management SDKs' StorageAccountAccessTier
 * lists Hot, Cool, Premium, Cold, Smart) or the tier they were set to. The
 * archive tier is offline ("can take up to 15 hours to rehydrate", same
 * page) and never an account's default: data an application runs on is not
 * there, so drsim takes no archive price. */
#define DEF_PRICE_STORAGE_COOL_LRS 0.01
#define DEF_PRICE_STORAGE_COOL_ZRS 0.0125
#define DEF_PRICE_STORAGE_COOL_GRS 0.02
#define DEF_PRICE_STORAGE_COOL_RA_GRS 0.0256
#define DEF_PRICE_STORAGE_COOL_GZRS 0.0225
#define DEF_PRICE_STORAGE_COOL_RA_GZRS 0.0288
#define DEF_PRICE_STORAGE_COLD_LRS 0.0036
#define DEF_PRICE_STORAGE_COLD_ZRS 0.0045
#define DEF_PRICE_STORAGE_COLD_GRS 0.0072
#define DEF_PRICE_STORAGE_COLD_RA_GRS 0.0092
#define DEF_PRICE_STORAGE_COLD_GZRS 0.0081
#define DEF_PRICE_STORAGE_COLD_RA_GZRS 0.0104

/* Premium block blob storage (features.premium_block_blobs: LRS or ZRS
 * only), per GiB-month: LRS 0.15 (pages corpus: kubequest.pages.dev, the
 * same LRS East US 2 comparison, "Premium $0.15"). Assumption: ZRS at the
 * hot tier's ZRS/LRS ratio, 1.25x: 0.1875. */
#define DEF_PRICE_STORAGE_PREMIUM_LRS 0.15
#define DEF_PRICE_STORAGE_PREMIUM_ZRS 0.1875

/* Geo-replication data transfer, per GiB written to a geo-redundant
 * account (the blob pricing page's "Geo-replication data transfer" meter,
 * https://azure.microsoft.com/pricing/details/storage/blobs/). Assumption:
 * 0.02. Geo Priority Replication adds its own per-GiB meter on top
 * (same page); Assumption: 0.015. */
#define DEF_PRICE_GEO_TRANSFER 0.02
#define DEF_PRICE_GEO_PRIORITY 0.015

/* Data transfer between regions within a continent (North America,
 * Europe), per GiB: https://azure.microsoft.com/pricing/details/bandwidth/.
 * Assumption: 0.02 (the page's "Data transfer between Azure regions within
 * North America"; the pages corpus, azure-calc-uk.pages.dev "Azure Egress &
 * Bandwidth Costs Explained", March 2026, confirms inter-region transfer
 * "is a flat rate from the first byte with no free tier"). Site Recovery's
 * replication traffic and cross-region copies are billed on it. */
#define DEF_PRICE_EGRESS 0.02

/* Site Recovery, Azure VM to another Azure region, per protected instance
 * per month: 25 (https://azure.microsoft.com/pricing/details/site-recovery/;
 * pages corpus: microsoftnegotiations.com "Azure Site Recovery Licensing",
 * reviewed 2026-02-04: "$25/instance/month for Azure-to-Azure
 * replication"; eon.io, 2026-06-12: "$25/month for Azure-to-Azure"). The
 * first 31 days of each instance are free: not counted (a running month). */
#define DEF_PRICE_ASR_INSTANCE 25.0

/* Managed disks, per GiB-month, from the fixed-size tiers of
 * https://azure.microsoft.com/pricing/details/managed-disks/ (the price of
 * a 128 GiB disk over 128). Assumption: Standard SSD E10 9.60 -> 0.075;
 * Premium SSD P10 19.71 -> 0.154. Site Recovery's replica disks in the
 * target region are billed at these rates (criticalcloud.ai, "Azure Site
 * Recovery Costs": "You pay for the target Managed Disk continuously"). */
#define DEF_PRICE_DISK_STANDARD 0.075
#define DEF_PRICE_DISK_PREMIUM 0.154

/* Site Recovery's cache storage account (standard general-purpose v2, LRS,
 * in the source region): billed as LRS storage; it holds the churn not yet
 * sent. Assumption: an hour of churn on average. */
#define DEF_PRICE_ASR_CACHE DEF_PRICE_STORAGE_LRS
#define DEF_PRICE_ASR_CACHE_HOURS 1.0

/* Compute of a standby instance, per hour. Assumption: a D2s v5 Linux VM,
 * 0.096 (https://azure.microsoft.com/pricing/details/virtual-machines/
 * linux/). Warm standby pays its scaled-down instances (the VMs it needs,
 * running) every hour; a scenario's own VM size is its own figure. */
#define DEF_PRICE_VM_HOUR 0.096

/* One SQL database's compute per month: the geo-secondary of a failover
 * group is billed as its primary ("the secondary ... is charged at the
 * same price as the primary", active-geo-replication's cost page).
 * Assumption: General Purpose, provisioned, 2 vCores Gen5, 0.5044 an hour,
 * 368.21 a month (https://azure.microsoft.com/pricing/details/azure-sql-
 * database/single/). */
#define DEF_PRICE_SQL_MONTH 368.21

/* A Cosmos DB account's region: the throughput "is reserved in each region
 * associated with your account" (T x N RU/s), and "provisioned throughput
 * with single write region costs $0.008/hour per 100 RU/s and provisioned
 * throughput with multiple writable regions costs $0.016/per hour per 100
 * RU/s" (optimize-cost-regions.md; its 2024 revision says only that the two
 * "can vary in cost" and points to https://azure.microsoft.com/pricing/
 * details/cosmos-db/). Assumption: 400 RU/s manual, the smallest
 * provisioned throughput: 4 x 0.008 x 730 = 23.36 a month per region, and
 * 4 x 0.016 x 730 = 46.72 with multi-region writes. */
#define DEF_PRICE_COSMOS_REGION_MONTH 23.36
#define DEF_PRICE_COSMOS_MULTI_WRITE_REGION_MONTH 46.72

/* Azure Backup of an Azure VM, 50-500 GB, per protected instance per month,
 * and GRS backup storage per GiB-month. Assumption: 10 and 0.0448
 * (https://azure.microsoft.com/pricing/details/backup/). */
#define DEF_PRICE_BACKUP_INSTANCE 10.0
#define DEF_PRICE_BACKUP_STORAGE 0.0448

/* ---- The outage catalogue (risk per year; models/world/cost.h) ------------- */

/* Disruptions per year that reach one region, by scope, transient (the
 * copies come back) or destructive (the scope's copies are gone). Every
 * figure is an estimate from the public incident history, to override in a
 * scenario's `risk:` section:
 *
 * - region, transient: 0.2 a year. Region-wide, multi-service Azure events
 *   with a post-incident review in the public status history reach any one
 *   region about once in five years: South Central US, 4 Sep 2018 (a
 *   weather event; the region's services down about a day); Central US,
 *   18-19 Jul 2024, tracking 1K80-N_8 ("issues with multiple Azure
 *   services in the Central US region, due to an Azure Storage
 *   availability event", the Azure status history's PIR); the South
 *   Central US RCA as quoted by packtpub/onmsft; a handful such a year
 *   over some 60 regions.
 * - zone, transient: 0.3 a year; datacenter, transient: 0.5 a year. One
 *   datacenter of one zone is the common failure (Australia East, 30 Aug
 *   2023: "a utility power sag ... tripped a subset of the cooling units
 *   offline in one datacenter, within one of the Availability Zones").
 * - destructive: no Azure event on record destroyed a scope's data for
 *   good; other providers' did (OVHcloud SBG, March 2021: a fire, SBG2
 *   lost and SBG1 never restarted; GCP europe-west9, April 2023: water and
 *   fire, europe-west9-a still down on 10 May). Estimates: a datacenter
 *   0.005, a zone 0.002, a region 0.0005 a year. */
#define DEF_RISK_REGION_TRANSIENT 0.2
#define DEF_RISK_REGION_DESTRUCTIVE 0.0005
#define DEF_RISK_ZONE_TRANSIENT 0.3
#define DEF_RISK_ZONE_DESTRUCTIVE 0.002
#define DEF_RISK_DATACENTER_TRANSIENT 0.5
#define DEF_RISK_DATACENTER_DESTRUCTIVE 0.005

#endif
