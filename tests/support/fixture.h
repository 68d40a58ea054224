/*
 * fixture.h — scenario worlds built in C for the model tests.
 *
 * The model tests exercise models/ directly, without the scenario loader: a
 * fixture is a small world (regions, accounts, VM groups, one application,
 * outages) and one strategy, every number explicit. Everything is held by
 * value in the fixture, so a fixture on the stack needs no cleanup.
 */
#ifndef DRSIM_TEST_FIXTURE_H
#define DRSIM_TEST_FIXTURE_H

#include "models/outcome.h"
#include "models/scenario/scenario.h"
#include "models/world/world.h"

enum { FX_WESTEUROPE = 0, FX_NORTHEUROPE, FX_GERMANYWC, FX_GERMANYN, FX_NREGIONS };

typedef struct fx {
    scn_world w;
    scn_strategy st;
    scn_region regions[FX_NREGIONS];
    scn_account accounts[4];
    scn_vm_group vms[4];
    scn_disk disks[4][4];
    scn_app app;
    uint32_t tiers[4], data[4];
    scn_outage outages[4];
    scn_plan_group plan[4];
    uint32_t plan_vms[4][4];
    scn_action actions[4][2];
    scn_consistency_group cgroups[2];
    uint32_t cgroup_vms[2][4];
    scn_cosmos cosmos[2];
    uint32_t cosmos_data[2];
    uint32_t cosmos_reads[2][3];
    scn_backup backups[2];
    uint32_t backup_vms[2][4];
} fx;

/* Adds a Cosmos DB account (application data) written in West Europe, read
 * in the `nreads` regions of `reads`, consistency c, no writes, no lag,
 * service-managed failover off, promotion at once when on, 1e6 items. */
scn_cosmos *fx_cosmos(fx *f, const char *name, scn_consistency c, const uint32_t *reads,
                      size_t nreads);

dist fx_const(double v);
dist fx_uniform(double a, double b);
dist fx_exp(double mean);

/* An empty world in West Europe: the four regions above (pairs
 * westeurope-northeurope, germanywestcentral-germanynorth, 3 zones of one
 * datacenter each), 14-day horizon, no monitoring delay, no DNS overstay,
 * and a `wait` strategy with no decision delay. */
void fx_init(fx *f);

/* Adds an account (application data) of 1 TiB with no writes, a constant
 * lag of 0, no latency, TTL 0, instant failover, an initial sync of 1 h when
 * geo-redundancy is regained. */
scn_account *fx_account(fx *f, const char *name, scn_redundancy r);

/* Adds a VM group (a tier, needing one VM up, stateful) of `count` VMs in
 * West Europe with one OS disk of `kind` (on account `account` when
 * unmanaged) and constant boot/provision. */
scn_vm_group *fx_vms(fx *f, const char *name, uint32_t count, scn_disk_kind kind,
                     int32_t account, double boot, double provision);

/* Adds a data disk to group g. */
scn_disk *fx_disk(fx *f, scn_vm_group *g, scn_disk_kind kind, int32_t account, double churn);

/* Adds an outage of West Europe at `at` for `duration` (seconds): its
 * control plane as its scope says, an instant provider failover (when
 * provider_failover is set) only when it is destructive. */
scn_outage *fx_outage(fx *f, scn_scope scope, dist at, dist duration, double destructive);

/* Sets the strategy kind (asr targets germanywestcentral) with defaults
 * (VHD leases as documented: vhd_leases block). */
void fx_strategy(fx *f, scn_strategy_kind kind);

/* Adds a recovery-plan group of VM group `vmgroup` with up to two actions. */
scn_plan_group *fx_plan_group(fx *f, const char *name, uint32_t vmgroup, double script,
                              double manual);

/* Puts every VM of VM group `vmgroup` into a new multi-VM consistency group
 * of the (asr) strategy. */
scn_consistency_group *fx_consistency_group(fx *f, const char *name, uint32_t vmgroup);

/* Adds a backup policy of VM group `vmgroup` (a GRS vault with cross-region
 * restore, its copy lag a constant 12 h, restores at 100 MB/s with no fixed
 * part): daily at `at`, or enhanced every `every` seconds from `at` (every >
 * 0). */
scn_backup *fx_backup(fx *f, const char *name, uint32_t vmgroup, double at, double every);

/* fx_init, then a small application: a GRS account "data" (20 writes/s of
 * 16 KiB on average, exponential lag of mean 60 s), two VMs "web" on
 * unmanaged disks in it (boot 2 min, provision 10 min), a monitoring delay
 * of 5 min, a region outage at uniform(1 h, 3 d) for exponential(mean 10 h),
 * destructive with probability 0.2, and a strategy `kind` named `name`. */
void fx_small(fx *f, scn_strategy_kind kind, const char *name);

/* Three fx_small worlds (wait, geo-restore, asr) as the variants of one
 * scenario `name` of `trials` trials, seed 5; the VHDs' leases ignored (the
 * what-if vhd_leases: ignore), so that geo-restore fails over. */
void fx_three(fx worlds[3], scn_variant vars[3], scn_scenario *s, const char *name,
              uint64_t trials);

/* Runs trials [0, n) into out[] (which must hold n). */
void fx_run(fx *f, uint64_t seed, size_t n, oc_trial *out);

/* Runs one trial with its timeline. */
oc_trial fx_trace(fx *f, uint64_t seed, uint64_t trial, oc_timeline *tl);

/* The instant of the first event `kind` of tl about `subject` (any subject
 * when NULL), or -1 when there is none. */
sim_time fx_event_at(const oc_timeline *tl, const char *kind, const char *subject);

/* How many events `kind` about `subject` (any when NULL) tl holds. */
size_t fx_event_count(const oc_timeline *tl, const char *kind, const char *subject);

#endif
