/*
 * recovery.c — getting compute and data back: VMs restarting in place,
 * detection and decision, and the three strategies (README.md "What drsim
 * models": strategies and Site Recovery).
 *
 *   wait         nothing is failed over by the customer. VMs restart where
 *                they were once their place and disks are back; data lost
 *                with a destroyed primary comes back only through the
 *                provider's geo-failover (VMs are then recreated next to
 *                their failed-over VHDs).
 *   geo-restore  at the decision, fail over the geo-replicated accounts the
 *                application needs, then provision new VMs in the secondary
 *                from the replicated VHDs. Unplanned (the default): the
 *                accounts that are unavailable; each disk comes back at its
 *                own recovery point, at or after its account's Last Sync
 *                Time: the VM is crash-consistent only if no disk has writes
 *                between the earliest and its own point (measured). Planned
 *                (failover.planned): only accounts available in both regions,
 *                nothing lost; an account whose primary is down is not failed
 *                over (its VMs wait for their region).
 *                VHD leases (failover.vhd_leases; models/azure/defaults.h):
 *                `block`, the documented procedure — delete the VMs, wait
 *                until the account's LST passes the deletion, fail over —
 *                cannot complete while the primary is down (its LST is
 *                frozen): such an account is not failed over (a
 *                failover_blocked event) and its VMs wait; where it can
 *                (planned), the VMs are deleted first, once their region's
 *                control plane lets it. `ignore`, a what-if: the failover
 *                begins at once and no VM is deleted.
 *   asr          at the decision, pick a recovery point per VM (or per
 *                multi-VM consistency group) and run the recovery plan:
 *                groups in order, a group's VMs in parallel, then its
 *                scripts and manual actions. Then commit, re-protect once
 *                the source is back — a diff sync, or, when the source's
 *                disks were destroyed, a full replication of every disk at
 *                the churn limits — and fail back if asked.
 *
 * Management operations wait for their region's control plane (ctlplane.h):
 * deleting VMs (their region's), creating VMs (the region they are created
 * in), Site Recovery's failover (its target's: the vault's region).
 *
 * A decision is taken `decide` after detection, and only while the
 * application is still down; once a failover has begun it is carried to the
 * end even if the source comes back meanwhile (the trade-off architects
 * explore: fail over early and lose recent data, or wait and stay down).
 *
 * Zone-to-zone (target_zone): the same replication, recovery points and
 * plan, to another zone of the VMs' own region. The target is down while its
 * zone is (its region's outage takes it too): a decision then waits for it,
 * and when the target comes back with the source (a region outage ends),
 * the VMs restart where they were instead of failing over. A replica lives
 * in the target zone's datacenter of the VM's own number (an assumption: one
 * datacenter per zone by default); destroyed with it, the VM has no recovery
 * point. Replication ships over the zones' short path (ASR_ZONE_SHIP_LATENCY).
 *
 * ASR replication: each disk's churn is a write stream shipped FIFO at the
 * disk's rate, min(per-disk limit, per-VM limit shared in proportion to
 * churn) (models/azure/churn.h). A bookmark at source time t is usable once every
 * disk of the VM (of the group) has shipped all writes before t, and
 * `processing` later it is processed. The source stops at its failure; data
 * already received keeps being processed. "latest" processes everything
 * received before the VMs are created, at `process_rate`.
 */
#include "models/world/recovery.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/azure/churn.h"
#include "models/azure/defaults.h"
#include "models/world/apps.h"
#include "models/world/asr.h"
#include "models/world/backup.h"
#include "models/world/alerts.h"
#include "models/world/ctlplane.h"
#include "models/world/sqlfg.h"
#include "models/world/storage.h"
#include "models/world/wi.h"
#include "models/world/worldInt.h"
#include "sim/core/mem.h"

/* ---- VMs in place ------------------------------------------------------------------ */

static bool disk_destroyed(const world *w, const vm_rt *v, const scn_disk *d)
{
    if (v->rebuilt && d->kind != SCN_DISK_UNMANAGED)
        return false; /* new managed disks, made from its image after the loss */
    if (d->kind == SCN_DISK_UNMANAGED) {
        const account_rt *a = &w->accounts[d->account];
        return (a->destroyed && !a->failed_over) || a->failed_over;
    }
    if (d->redundancy == SCN_ZRS)
        return topo_zones_destroyed(w->topo, v->g->region) == topo_zones(w->topo, v->g->region);
    return topo_dc_destroyed(w->topo, v->g->region, v->zone, v->dc);
}

static bool disk_ok(const world *w, const vm_rt *v, const scn_disk *d)
{
    if (d->kind == SCN_DISK_UNMANAGED) {
        const account_rt *a = &w->accounts[d->account];
        return stg_writable(a) && a->region_now == v->g->region;
    }
    if (d->redundancy == SCN_ZRS) {
        uint32_t zones = topo_zones(w->topo, v->g->region);
        return topo_zones_up(w->topo, v->g->region) >= (zones >= 2 ? 2u : 1u);
    }
    return topo_dc_up(w->topo, v->g->region, v->zone, v->dc);
}

static void on_vm_booted(sim_engine *e, void *ctx)
{
    vm_rt *v = ctx;
    v->ev = SIM_EVENT_NONE;
    v->state = VM_UP;
    v->up_at = sim_now(e);
    oc_event_add(v->w->tl, sim_now(e), OC_EV_VM_UP, v->name, "restarted in %s",
                 wi_region_name(v->w, v->region_now));
    wi_changed(v->w);
}

static sim_time shipped_before(world *w, vm_rt *v, sim_time t);

/* Site Recovery's RPO alert of a protected VM that stopped replicating:
 * it fires when the VM's RPO (now minus its newest replicated point)
 * passes ASR_RPO_ALERT, if the VM is still down then. Only a runbook waits
 * for alerts, so only a runbook's trials work it out. */
static void on_asr_rpo_alert(sim_engine *e, void *ctx)
{
    vm_rt *v = ctx;
    (void)e;
    if (v->state != VM_DOWN && v->state != VM_LOST)
        return;
    al_raise(v->w, SCN_ALERT_ASR_RPO, v->name, 0,
             "Site Recovery: the RPO of %s is over %.0f minutes (replication health critical)",
             v->name, ASR_RPO_ALERT / 60);
}

static void mark_down(world *w, vm_rt *v, vm_state state, oc_event_kind kind, const char *why)
{
    if (v->ev.seq != 0)
        sim_cancel(w->eng, &v->ev);
    sim_time now = sim_now(w->eng);
    if (v->down_at == SIM_NEVER)
        v->down_at = now;
    v->state = state;
    oc_event_add(w->tl, now, kind, v->name, "%s", why);
    if (w->st->kind == SCN_RUNBOOK && w->site_recovery && v->plan_group != SCN_NONE &&
        !w->asr_alerted) {
        w->asr_alerted = true;
        sim_time at = shipped_before(w, v, now) + wi_us(ASR_RPO_ALERT);
        wi_at(w, at > now ? at : now, on_asr_rpo_alert, v, NULL);
    }
}

/* Crash consistency of a VM restored from per-disk recovery points: there is
 * one instant t such that every disk holds exactly its writes before t iff
 * no disk has a write between the earliest point and its own. */
static const char *disk_consistency(world *w, const vm_rt *v)
{
    sim_time earliest = SIM_NEVER;
    for (size_t d = 0; d < v->g->ndisks; d++) {
        const stream_rt *s = &w->streams[v->first_stream + d];
        if (s->fate == FATE_RESTORED && s->params.rate > 0 && s->rp < earliest)
            earliest = s->rp;
    }
    if (earliest == SIM_NEVER)
        return "crash";
    for (size_t d = 0; d < v->g->ndisks; d++) {
        stream_rt *s = &w->streams[v->first_stream + d];
        if (s->fate != FATE_RESTORED || s->rp <= earliest)
            continue;
        uint64_t n;
        double b;
        err_code rc = wr_count(s->ws, earliest - 1, s->rp - 1, &n, &b);
        if (rc != ERR_OK) {
            wi_fail(w, rc);
            return "none";
        }
        if (n > 0)
            return "none";
    }
    return "crash";
}

static void on_vm_provisioned(sim_engine *e, void *ctx)
{
    vm_rt *v = ctx;
    world *w = v->w;
    v->ev = SIM_EVENT_NONE;
    if (v->tier)
        w->target_side = true; /* the application now runs elsewhere, whoever moved it */
    v->state = VM_UP_ELSEWHERE;
    v->up_at = sim_now(e);
    v->restored = true;
    v->consistency = disk_consistency(w, v);
    oc_event_add(w->tl, sim_now(e), OC_EV_VM_UP, v->name,
                 "new VM in %s from the replicated VHDs (%s)", wi_region_name(w, v->region_now),
                 strcmp(v->consistency, "crash") == 0 ? "disks consistent"
                                                      : "disks at different points: inconsistent");
    wi_changed(w);
}

/* Whether every disk of v is a VHD on an account failed over to one region
 * that is up; *region receives it. */
static bool vhds_failed_over(const world *w, const vm_rt *v, uint32_t *region)
{
    bool any = false;
    for (size_t d = 0; d < v->g->ndisks; d++) {
        const scn_disk *disk = &v->g->disks[d];
        if (disk->kind != SCN_DISK_UNMANAGED)
            return false;
        const account_rt *a = &w->accounts[disk->account];
        if (!a->failed_over || !stg_writable(a) || (any && a->region_now != *region))
            return false;
        *region = a->region_now;
        any = true;
    }
    return any;
}

/* A stateless VM rebuilt in place: up where it was, on new disks. */
static void on_vm_rebuilt(sim_engine *e, void *ctx)
{
    vm_rt *v = ctx;
    v->ev = SIM_EVENT_NONE;
    v->state = VM_UP;
    v->up_at = sim_now(e);
    v->rebuilt = true;
    oc_event_add(v->w->tl, sim_now(e), OC_EV_VM_UP, v->name, "rebuilt from its image in %s",
                 wi_region_name(v->w, v->region_now));
    wi_changed(v->w);
}

/* Whether lost VM v of a stateless group can be rebuilt where it was now:
 * its datacenter up, and room for its disks there (an LRS disk's datacenter,
 * two zones for a ZRS one, a writable account in its region for a VHD). */
static bool rebuildable(const world *w, const vm_rt *v)
{
    if (!v->g->stateless || v->region_now != v->g->region ||
        !topo_dc_up(w->topo, v->g->region, v->zone, v->dc))
        return false;
    for (size_t d = 0; d < v->g->ndisks; d++)
        if (!disk_ok(w, v, &v->g->disks[d]))
            return false;
    return true;
}

/* A stateless VM whose disks are gone is created again from its image in
 * its place (the group's provision time), as a scale set or a deployment
 * pipeline would: nothing of it needs restoring. Creating it is a management
 * operation of its region, so it waits for that control plane too. */
static void rebuild(world *w, vm_rt *v)
{
    sim_time now = sim_now(w->eng);
    v->state = VM_CREATING;
    sim_time ready = cp_ready_at(w, v->region_now, wi_id("rebuild_request", v->name));
    if (ready > now)
        oc_event_add(w->tl, now, OC_EV_CONTROL_PLANE, v->name,
                     "rebuilding a VM waits %.0fs for the control plane of %s (%s)",
                     (double)(ready - now) / 1e6, wi_region_name(w, v->region_now),
                     cp_state(w, v->region_now));
    sim_time d = wi_us(wi_draw(w, wi_id("rebuild", v->name), &v->g->provision));
    oc_event_add(w->tl, now, OC_EV_PROVISION_START, v->name,
                 "rebuilding from its image in %s (stateless: nothing to restore)",
                 wi_region_name(w, v->region_now));
    wi_at(w, ready + d, on_vm_rebuilt, v, &v->ev);
}

/* Creating a VM is a management operation of its region: it waits for that
 * region's control plane (ctlplane.h). */
static void provision(world *w, vm_rt *v, uint32_t region, const dist *how_long)
{
    sim_time now = sim_now(w->eng);
    v->state = VM_CREATING;
    v->region_now = region;
    sim_time ready = cp_ready_at(w, region, wi_id("provision_request", v->name));
    if (ready > now)
        oc_event_add(w->tl, now, OC_EV_CONTROL_PLANE, v->name,
                     "creating a VM waits %.0fs for the control plane of %s (%s)",
                     (double)(ready - now) / 1e6, wi_region_name(w, region), cp_state(w, region));
    sim_time d = wi_us(wi_draw(w, wi_id("provision", v->name), how_long));
    oc_event_add(w->tl, now, OC_EV_PROVISION_START, v->name, "creating a VM in %s",
                 wi_region_name(w, region));
    wi_at(w, ready + d, on_vm_provisioned, v, &v->ev);
}

static void refresh_vm(world *w, vm_rt *v)
{
    const scn_vm_group *g = v->g;
    switch (v->state) {
    case VM_UP:
    case VM_DOWN:
    case VM_BOOTING: {
        bool lost = false, ok = topo_dc_up(w->topo, g->region, v->zone, v->dc);
        for (size_t d = 0; d < g->ndisks; d++) {
            lost |= disk_destroyed(w, v, &g->disks[d]);
            ok = ok && disk_ok(w, v, &g->disks[d]);
        }
        if (lost) {
            mark_down(w, v, VM_LOST, OC_EV_VM_LOST, "its disks are gone or moved away");
            refresh_vm(w, v);
        } else if (ok && v->state == VM_DOWN) {
            v->state = VM_BOOTING;
            sim_time d = wi_us(wi_draw(w, wi_id("boot", v->name), &g->boot));
            wi_at(w, sim_now(w->eng) + d, on_vm_booted, v, &v->ev);
        } else if (!ok && v->state != VM_DOWN) {
            mark_down(w, v, VM_DOWN, OC_EV_VM_DOWN, "its place or disks are unavailable");
        }
        break;
    }
    case VM_LOST: {
        /* Data that came back through a failover of the VHDs' account: the
         * VM is recreated next to it (any strategy; ASR's own VMs are
         * handed over at the decision instead). A stateless VM is rebuilt
         * from its image where it was, once its place is back. */
        uint32_t region;
        if (vhds_failed_over(w, v, &region))
            provision(w, v, region,
                      w->st->kind == SCN_GEO_RESTORE ? &w->st->provision : &g->provision);
        else if (rebuildable(w, v))
            rebuild(w, v);
        break;
    }
    case VM_HANDED_OVER: {
        uint32_t region;
        if (w->st->kind == SCN_GEO_RESTORE && vhds_failed_over(w, v, &region))
            provision(w, v, region, &w->st->provision);
        break;
    }
    case VM_CREATING:
    case VM_UP_ELSEWHERE:
        break;
    }
}

/* ---- the Site Recovery target ------------------------------------------------------ */

/* Zone-to-zone: the VMs fail over to another zone of their own region. */
static bool zonal_target(const world *w)
{
    return w->st->target_zone != 0;
}

/* Whether Site Recovery cannot fail over to the target now: its region is
 * down, or its control plane (the vault's region: management operations
 * wait for it), or for zone-to-zone its zone (every datacenter of it). */
static bool target_down(const world *w)
{
    const scn_strategy *st = w->st;
    if (topo_region_down(w->topo, st->target) || cp_down(w, st->target))
        return true;
    if (!zonal_target(w))
        return false;
    uint32_t dcs = topo_datacenters(w->topo, st->target);
    for (uint32_t dc = 1; dc <= dcs; dc++)
        if (topo_dc_up(w->topo, st->target, st->target_zone, dc))
            return false;
    return true;
}

/* The target in words: "germanywestcentral", "zone 2 of westeurope". */
static const char *target_name(const world *w, char *buf, size_t n)
{
    const char *region = wi_region_name(w, w->st->target);
    if (zonal_target(w))
        snprintf(buf, n, "zone %u of %s", (unsigned)w->st->target_zone, region);
    else
        snprintf(buf, n, "%s", region);
    return buf;
}

/* Zone-to-zone: whether VM v's replica, in the target zone's datacenter of
 * the VM's own number, was destroyed. */
static bool replica_destroyed(const world *w, const vm_rt *v)
{
    if (!zonal_target(w))
        return false;
    uint32_t dcs = topo_datacenters(w->topo, w->st->target);
    uint32_t dc = v->dc <= dcs ? v->dc : dcs;
    return topo_dc_destroyed(w->topo, w->st->target, w->st->target_zone, dc);
}

/* How long a write takes from the source to the target's cache: across
 * regions, or between the zones of one. */
static sim_time ship_latency(const world *w)
{
    return wi_us(zonal_target(w) ? ASR_ZONE_SHIP_LATENCY : ASR_SHIP_LATENCY);
}

void rec_hand_over(world *w, vm_rt *v)
{
    if (v->ev.seq != 0)
        sim_cancel(w->eng, &v->ev);
    if (v->down_at == SIM_NEVER)
        v->down_at = sim_now(w->eng);
    v->state = VM_HANDED_OVER;
}

/* ---- detection and decision --------------------------------------------------------- */

static void start_geo_restore(world *w);
static void start_asr(world *w);

static void on_decide(sim_engine *e, void *ctx)
{
    world *w = ctx;
    sim_time now = sim_now(e);
    w->decided = true;
    w->t_decide = now;
    if (w->serving) {
        oc_event_add(w->tl, now, OC_EV_DECISION, NULL, "no failover: the application serves again");
        return;
    }
    apps_on_decide(w);
    sqlfg_on_decide(w);
    switch (w->st->kind) {
    case SCN_WAIT:
        oc_event_add(w->tl, now, OC_EV_DECISION, NULL, "wait for the region to come back");
        break;
    case SCN_GEO_RESTORE:
        oc_event_add(w->tl, now, OC_EV_DECISION, NULL,
                     "fail over the storage and restore VMs in %s", "the paired region");
        start_geo_restore(w);
        break;
    case SCN_ASR: {
        char where[96];
        oc_event_add(w->tl, now, OC_EV_DECISION, NULL, "fail over with Site Recovery to %s",
                     target_name(w, where, sizeof where));
        start_asr(w);
        break;
    }
    case SCN_RESTORE:
        oc_event_add(w->tl, now, OC_EV_DECISION, NULL,
                     "restore the protected VMs in the paired region from their backups");
        (void)bk_start_restore(w);
        break;
    case SCN_RUNBOOK:
        break; /* never decided: its steps act */
    }
}

static void on_detect(sim_engine *e, void *ctx)
{
    world *w = ctx;
    sim_time now = sim_now(e);
    w->detected = true;
    w->t_detect = now;
    oc_event_add(w->tl, now, OC_EV_DETECTED, NULL, "monitoring raises the alarm");
    apps_on_detect(w);
    al_raise(w, SCN_ALERT_APP_DOWN, NULL, 0, "Azure Monitor: the application is not serving "
                                             "(availability tests failing)");
    if (w->st->kind == SCN_RUNBOOK)
        return; /* the runbook's steps decide, from this first alert on */
    sim_time d = wi_us(wi_draw(w, rng_name_id("decide"), &w->st->decide));
    /* "Fail over after W of outage" (failover.after) counts from the
     * disruption's start; a W shorter than the monitoring delay decides at
     * the alarm. `decide` counts from the alarm. */
    sim_time at = now + d;
    if (w->st->decide_from_disruption)
        at = w->t_disrupt + d > now ? w->t_disrupt + d : now;
    wi_at(w, at, on_decide, w, NULL);
}

void rec_on_disrupted(world *w)
{
    sim_time d = wi_us(wi_draw(w, rng_name_id("monitor"), &w->cfg->monitor));
    wi_at(w, w->t_disrupt + d, on_detect, w, NULL);
}

/* ---- geo-restore -------------------------------------------------------------------- */

static bool account_needed(const world *w, size_t a)
{
    if (w->accounts[a].data)
        return true;
    for (size_t v = 0; v < w->nvms; v++) {
        const vm_rt *vm = &w->vms[v];
        if (!vm->tier)
            continue;
        for (size_t d = 0; d < vm->g->ndisks; d++)
            if (vm->g->disks[d].account == (int32_t)a)
                return true;
    }
    return false;
}

static sim_time failover_duration(const world *w, const account_rt *a)
{
    const dist *d = w->st->has_failover_duration ? &w->st->failover_duration
                                                 : &a->cfg->failover_duration;
    return stg_failover_duration(w, a, d, wi_id("failover", a->cfg->name));
}

/* Whether the strategy fails account a over now: an unplanned failover of a
 * geo-redundant account that is unavailable — unless the leases of its VHDs
 * block it (stg_leases_block) — or a planned one (lossless) of an account
 * available in both regions, never of one whose primary is down
 * (storage-failover-customer-managed-planned.md). */
static bool to_fail_over(const world *w, const account_rt *a)
{
    if (a->failed_over || a->failing_over || !a->geo_now)
        return false;
    if (w->st->failover_planned)
        return stg_planned_possible(w, a);
    return !stg_writable(a) && !stg_leases_block(w, a);
}

/* The accounts the application needs whose unplanned failover the VHD
 * leases block: said once, at the decision. */
static void report_blocked(world *w)
{
    if (w->st->failover_planned)
        return;
    for (size_t i = 0; i < w->naccounts; i++) {
        const account_rt *a = &w->accounts[i];
        if (a->failed_over || a->failing_over || !a->geo_now || stg_writable(a) ||
            !account_needed(w, i) || !stg_leases_block(w, a))
            continue;
        oc_event_add(w->tl, sim_now(w->eng), OC_EV_FAILOVER_BLOCKED, a->cfg->name,
                     "its VHDs are leased: the documented procedure deletes the VMs and waits "
                     "until the Last Sync Time passes the deletion, and the LST is frozen %.0fs "
                     "before the failure while the primary is down; the VMs wait for their "
                     "region",
                     a->down_at != SIM_NEVER ? (double)(a->down_at - a->lst) / 1e6 : 0.0);
    }
}

/* Whether account a will be (or has been) failed over by this geo-restore. */
static bool failing_over_now(const world *w, size_t a)
{
    const account_rt *ar = &w->accounts[a];
    return ar->failed_over || ar->failing_over || ar->planned_waiting ||
           (account_needed(w, a) && to_fail_over(w, ar));
}

static void start_geo_restore(world *w)
{
    /* Only what is still unavailable is failed over: an account that came
     * back before the decision is used where it is, and so are VMs whose
     * disks are all there. */
    bool any_account = false;
    for (size_t a = 0; a < w->naccounts; a++)
        any_account |= !w->accounts[a].failed_over && failing_over_now(w, a);
    /* VMs whose every disk is a VHD on an account that fails over are
     * restored in the secondary; the others wait for their region. */
    bool deleting = false;
    for (size_t k = 0; k < w->nvms; k++) {
        vm_rt *v = &w->vms[k];
        if (!v->tier || v->state == VM_UP || v->state == VM_CREATING || v->state == VM_UP_ELSEWHERE)
            continue;
        bool restorable = v->g->ndisks > 0;
        for (size_t d = 0; d < v->g->ndisks; d++) {
            const scn_disk *disk = &v->g->disks[d];
            restorable = restorable && disk->kind == SCN_DISK_UNMANAGED &&
                         failing_over_now(w, (size_t)disk->account);
        }
        if (!restorable)
            continue;
        rec_hand_over(w, v);
        deleting = true;
    }
    report_blocked(w);
    if (!any_account && !deleting) {
        /* The SQL failover groups fail over on their own (sqlfg.h). */
        if (!sqlfg_any_failover(w))
            oc_event_add(w->tl, sim_now(w->eng), OC_EV_DECISION, NULL,
                         "nothing left to fail over: waiting for the region");
        return;
    }
    w->failover = true;
    w->target_side = true;
    sim_time delay = 0;
    if (deleting && w->st->vhd_leases == SCN_LEASES_IGNORE && !w->st->failover_planned) {
        oc_event_add(w->tl, sim_now(w->eng), OC_EV_DECISION, NULL,
                     "VHD leases ignored (what-if): failing over without deleting the VMs; "
                     "their leases are broken on the new primary");
    } else if (deleting) {
        /* Deleting a VM is a management operation of its region. */
        sim_time now = sim_now(w->eng), ready = now;
        uint32_t region = 0;
        for (size_t k = 0; k < w->nvms; k++) {
            const vm_rt *v = &w->vms[k];
            if (v->state != VM_HANDED_OVER)
                continue;
            sim_time r = cp_ready_at(w, v->g->region, wi_id("delete_request", v->g->name));
            if (r > ready) {
                ready = r;
                region = v->g->region;
            }
        }
        if (ready > now)
            oc_event_add(w->tl, now, OC_EV_CONTROL_PLANE, NULL,
                         "deleting the VMs waits %.0fs for the control plane of %s (%s)",
                         (double)(ready - now) / 1e6, wi_region_name(w, region),
                         cp_state(w, region));
        delay = ready - now + wi_us(wi_draw(w, rng_name_id("delete_vms"), &w->st->delete_vms));
        oc_event_add(w->tl, now, OC_EV_DELETE_VMS, NULL,
                     "deleting VMs (keeping their VHDs) to release the disk leases");
    }
    for (size_t a = 0; a < w->naccounts; a++) {
        account_rt *ar = &w->accounts[a];
        if (ar->failed_over || ar->failing_over || ar->planned_waiting || !failing_over_now(w, a))
            continue;
        stg_begin_failover(w, ar, failover_duration(w, ar),
                           ar->has_leases && w->st->vhd_leases == SCN_LEASES_BLOCK ? delay : 0,
                           w->st->failover_planned);
    }
}

/* ---- asr ---------------------------------------------------------------------------- */

static size_t plan_groups(const scn_strategy *st)
{
    return st->ngroups ? st->ngroups : 1;
}

static bool in_plan_group(const vm_rt *v, size_t group)
{
    return v->plan_group == (int32_t)group;
}

/* A disk kind as the churn tables know it (models/azure/churn.h): Premium SSD
 * v2 and Ultra Disk by the Premium SSD rows (an assumption, defaults.h). */
static churn_disk churn_kind(scn_disk_kind k)
{
    return k == SCN_DISK_PREMIUM || k == SCN_DISK_PREMIUM_V2 || k == SCN_DISK_ULTRA
               ? CHURN_PREMIUM
               : CHURN_STANDARD;
}

/* The rate at which ASR ships disk d of VM v. */
static double disk_rate(const world *w, const vm_rt *v, size_t d)
{
    const scn_disk *disk = &v->g->disks[d];
    const stream_rt *s = &w->streams[v->first_stream + d];
    double total = 0;
    for (size_t k = 0; k < v->g->ndisks; k++)
        total += w->streams[v->first_stream + k].byte_rate;
    double limit = churn_disk_limit(churn_kind(disk->kind), w->st->high_churn, disk->size,
                                    s->params.size_mean);
    double vm_share = churn_vm_limit(w->st->high_churn) * (total > 0 ? s->byte_rate / total : 1);
    return limit < vm_share ? limit : vm_share;
}

/* Everything of VM v written before the result has reached the target by t. */
static sim_time shipped_before(world *w, vm_rt *v, sim_time t)
{
    if (t <= 0)
        return 0;
    if (w->st->has_fixed_lag) {
        sim_time lag = wi_us(wi_draw(w, wi_id("asr_lag", v->name), &w->st->fixed_lag));
        return t - lag > 0 ? t - lag : 0;
    }
    sim_time h = t;
    for (size_t d = 0; d < v->g->ndisks; d++) {
        stream_rt *s = &w->streams[v->first_stream + d];
        sim_time lst;
        err_code rc = stg_lst(w, s, disk_rate(w, v, d), ship_latency(w), t, &lst);
        if (rc != ERR_OK) {
            wi_fail(w, rc);
            return 0;
        }
        if (lst < h)
            h = lst;
    }
    return h;
}

typedef struct choice {
    sim_time received;  /* H at the source's failure: all received before it */
    sim_time processed; /* H at (decision - processing): points before it are usable */
    sim_time phase;
} choice;

static choice asr_view(world *w, vm_rt *v, sim_time decision)
{
    choice c;
    sim_time p = wi_us(wi_draw(w, wi_id("asr_processing", v->name), &w->st->processing));
    c.received = shipped_before(w, v, v->down_at);
    c.processed = decision - p >= v->down_at ? c.received : shipped_before(w, v, decision - p);
    rng r = wi_rng(w, v->cgroup != SCN_NONE
                          ? wi_id("asr_phase_group", w->st->consistency[v->cgroup].name)
                          : wi_id("asr_phase", v->name));
    c.phase = (sim_time)(rng_unit(&r) * (double)wi_us(ASR_CRASH_POINT_INTERVAL));
    return c;
}

static sim_time app_interval(const scn_strategy *st)
{
    sim_time crash = wi_us(ASR_CRASH_POINT_INTERVAL);
    sim_time want = wi_us(st->app_consistent_every);
    sim_time k = (want + crash / 2) / crash;
    return (k < 1 ? 1 : k) * crash;
}

/* The recovery point of VM v given the (group's) view; ASR_NO_POINT when none. */
static sim_time pick_point(const world *w, const vm_rt *v, const choice *c,
                           const char **consistency)
{
    const scn_strategy *st = w->st;
    sim_time crash = wi_us(ASR_CRASH_POINT_INTERVAL);
    sim_time newest = asr_point_at_or_before(c->phase, crash, c->processed);
    *consistency = "crash";
    switch (w->rp) {
    case SCN_RP_LATEST:
        return c->received;
    case SCN_RP_LATEST_PROCESSED:
        return newest;
    case SCN_RP_LATEST_APP_CONSISTENT:
        *consistency = "app";
        return asr_point_at_or_before(c->phase, app_interval(st), c->processed);
    case SCN_RP_CUSTOM:
        return asr_kept_at_or_before(c->phase, crash, newest, wi_us(st->retention),
                                     v->down_at - wi_us(st->custom_age));
    }
    return -1;
}

static err_code pending_bytes(world *w, vm_rt *v, sim_time from, sim_time to, double *bytes)
{
    *bytes = 0;
    for (size_t d = 0; d < v->g->ndisks; d++) {
        uint64_t n;
        double b;
        err_code rc = wr_count(w->streams[v->first_stream + d].ws, from, to, &n, &b);
        if (rc != ERR_OK)
            return rc;
        *bytes += b;
    }
    return ERR_OK;
}

/* Chooses every protected VM's recovery point at the decision; returns the
 * time "latest" needs to process pending data first. */
static sim_time choose_points(world *w, sim_time decision)
{
    const scn_strategy *st = w->st;
    sim_time processing = 0;
    for (size_t k = 0; k < w->nvms; k++) {
        vm_rt *v = &w->vms[k];
        if (v->state != VM_HANDED_OVER)
            continue;
        choice c = asr_view(w, v, decision);
        if (v->cgroup != SCN_NONE) {
            /* A consistency group's points are common: bounded by its
             * slowest member. */
            for (size_t j = 0; j < w->nvms; j++) {
                vm_rt *o = &w->vms[j];
                if (j == k || o->cgroup != v->cgroup || o->state != VM_HANDED_OVER)
                    continue;
                choice oc = asr_view(w, o, decision);
                if (oc.processed < c.processed)
                    c.processed = oc.processed;
                if (w->rp != SCN_RP_LATEST && oc.received < c.received)
                    c.received = oc.received;
            }
        }
        const char *consistency;
        sim_time rp = pick_point(w, v, &c, &consistency);
        bool gone = replica_destroyed(w, v);
        if (rp == ASR_NO_POINT || gone) {
            char where[96];
            if (gone)
                oc_event_add(w->tl, decision, OC_EV_RECOVERY_POINT, v->name,
                             "its replica in %s is destroyed: the VM cannot be recovered",
                             target_name(w, where, sizeof where));
            else
                oc_event_add(w->tl, decision, OC_EV_RECOVERY_POINT, v->name,
                             "no usable recovery point: the VM cannot be recovered");
            v->state = VM_LOST;
            for (size_t d = 0; d < v->g->ndisks; d++) {
                stream_rt *s = &w->streams[v->first_stream + d];
                s->fate = FATE_LOST;
                s->lost_from = v->down_at;
            }
            continue;
        }
        v->restored = true;
        v->consistency = consistency;
        for (size_t d = 0; d < v->g->ndisks; d++) {
            stream_rt *s = &w->streams[v->first_stream + d];
            s->fate = FATE_RESTORED;
            s->rp = rp < v->down_at ? rp : v->down_at;
            s->lost_from = v->down_at;
        }
        oc_event_add(w->tl, decision, OC_EV_RECOVERY_POINT, v->name,
                     "%s point %.0fs before the failure", consistency,
                     (double)(v->down_at - rp) / 1e6);
        if (w->rp == SCN_RP_LATEST) {
            sim_time processed = asr_point_at_or_before(c.phase, wi_us(ASR_CRASH_POINT_INTERVAL),
                                                        c.processed);
            double bytes;
            err_code rc = pending_bytes(w, v, processed, c.received, &bytes);
            if (rc != ERR_OK) {
                wi_fail(w, rc);
                return 0;
            }
            /* The target's processing speed: one draw per trial. */
            rng rr = wi_rng(w, wi_id("asr_process_rate", "target"));
            sim_time t = wi_us(bytes / dist_sample(&st->process_rate, &rr));
            if (t > processing)
                processing = t;
        }
    }
    if (w->rp == SCN_RP_LATEST) {
        /* Group members recovered to different instants are not consistent
         * with each other ("latest" is per VM). */
        for (size_t k = 0; k < w->nvms; k++) {
            vm_rt *v = &w->vms[k];
            if (v->cgroup == SCN_NONE || !v->restored)
                continue;
            for (size_t j = 0; j < w->nvms; j++) {
                vm_rt *o = &w->vms[j];
                if (o->cgroup == v->cgroup && o->restored &&
                    w->streams[o->first_stream].rp != w->streams[v->first_stream].rp)
                    v->consistency = "none";
            }
        }
    }
    return processing;
}

static void plan_group_start(world *w, plan_rt *p);

/* What each plan records: its start and end, and its groups' (the kinds say
 * which plan a group event belongs to), and the word its details use. */
static const struct plan_events {
    oc_event_kind start, end, group_start, group_end;
    const char *label;
} plan_events[] = {
    [PLAN_FAILOVER] = {OC_EV_PLAN_START, OC_EV_PLAN_COMPLETE, OC_EV_GROUP_START, OC_EV_GROUP_END,
                       "plan"},
    [PLAN_DRILL] = {OC_EV_DRILL_START, OC_EV_DRILL_END, OC_EV_DRILL_GROUP_START,
                    OC_EV_DRILL_GROUP_END, "drill"},
    [PLAN_FAILBACK] = {OC_EV_FAILBACK_START, OC_EV_FAILBACK_END, OC_EV_FAILBACK_GROUP_START,
                       OC_EV_FAILBACK_GROUP_END, "failback"},
};

static const char *plan_label(const plan_rt *p)
{
    return plan_events[p->kind].label;
}

static const char *group_name(const scn_strategy *st, size_t g)
{
    return st->ngroups ? st->plan[g].name : "all";
}

static void plan_done(world *w, plan_rt *p)
{
    sim_time now = sim_now(w->eng);
    p->running = false;
    p->done = true;
    p->finished = now;
    oc_event_add(w->tl, now, plan_events[p->kind].end, NULL, "%s finished after %.0fs",
                 plan_label(p), (double)(now - p->started) / 1e6);
    if (p->kind == PLAN_DRILL)
        w->drill_rto = now - p->started;
    if (p->kind == PLAN_FAILOVER)
        wi_changed(w);
}

static void on_action_done(sim_engine *e, void *ctx);

static void next_action(world *w, plan_rt *p)
{
    const scn_strategy *st = w->st;
    sim_time now = sim_now(w->eng);
    if (st->ngroups == 0 || p->action >= st->plan[p->group].nthen) {
        oc_event_add(w->tl, now, plan_events[p->kind].group_end, group_name(st, p->group), "%s",
                     plan_label(p));
        p->group++;
        plan_group_start(w, p);
        return;
    }
    const scn_action *a = &st->plan[p->group].then[p->action];
    char key[64];
    snprintf(key, sizeof key, "%zu:%zu:%llx", p->group, p->action, (unsigned long long)p->salt);
    sim_time d = wi_us(wi_draw(w, wi_id("action", key), &a->duration));
    oc_event_add(w->tl, now, OC_EV_ACTION, group_name(st, p->group), "%s %s, %.0fs",
                 plan_label(p), a->kind == SCN_ACTION_SCRIPT ? "script" : "manual action",
                 (double)d / 1e6);
    p->action++;
    wi_at(w, now + d, on_action_done, p, NULL);
}

static void on_action_done(sim_engine *e, void *ctx)
{
    (void)e;
    plan_rt *p = ctx;
    next_action(p->w, p);
}

static void on_vm_created(sim_engine *e, void *ctx)
{
    vm_rt *v = ctx;
    v->ev = SIM_EVENT_NONE;
    v->state = VM_UP_ELSEWHERE;
    v->up_at = sim_now(e);
    char where[96];
    oc_event_add(v->w->tl, sim_now(e), OC_EV_VM_UP, v->name, "failed over to %s",
                 target_name(v->w, where, sizeof where));
    wi_changed(v->w);
}

static void on_group_vms_ready(sim_engine *e, void *ctx)
{
    (void)e;
    plan_rt *p = ctx;
    p->action = 0;
    next_action(p->w, p);
}

/* How long VM v takes to be created by plan p (with a capacity delay when
 * capacity is not reserved). */
static sim_time creation_time(world *w, const plan_rt *p, const vm_rt *v)
{
    const scn_strategy *st = w->st;
    sim_time t = wi_us(wi_draw(w, wi_id("asr_create", v->name) ^ p->salt, &st->vm_create));
    if (!st->capacity_reserved && dist_max(&st->capacity_delay_probability) > 0) {
        /* How likely a shortage is: one draw per trial, shared by every VM
         * (it is the target region's state), from a stream of its own. */
        rng rp = wi_rng(w, wi_id("asr_capacity", "probability") ^ p->salt);
        double shortage = dist_sample(&st->capacity_delay_probability, &rp);
        rng r = wi_rng(w, wi_id("asr_capacity", v->name) ^ p->salt);
        if (rng_unit(&r) < shortage) {
            sim_time extra = wi_us(dist_sample(&st->capacity_delay, &r));
            oc_event_add(w->tl, sim_now(w->eng), OC_EV_CAPACITY_DELAY, v->name,
                         "target capacity short: %.0fs more", (double)extra / 1e6);
            t += extra;
        }
    }
    return t;
}

static void plan_group_start(world *w, plan_rt *p)
{
    const scn_strategy *st = w->st;
    if (p->group >= plan_groups(st)) {
        plan_done(w, p);
        return;
    }
    sim_time now = sim_now(w->eng), slowest = 0;
    size_t vms = 0;
    for (size_t k = 0; k < w->nvms; k++) {
        vm_rt *v = &w->vms[k];
        if (!in_plan_group(v, p->group))
            continue;
        if (p->kind == PLAN_FAILOVER && v->state != VM_HANDED_OVER)
            continue; /* not recoverable */
        sim_time t = creation_time(w, p, v);
        if (t > slowest)
            slowest = t;
        vms++;
        if (p->kind == PLAN_FAILOVER) {
            v->state = VM_CREATING;
            v->region_now = st->target;
            wi_at(w, now + t, on_vm_created, v, &v->ev);
        }
    }
    oc_event_add(w->tl, now, plan_events[p->kind].group_start, group_name(st, p->group),
                 "%s: %zu VMs in parallel", plan_label(p), vms);
    wi_at(w, now + slowest, on_group_vms_ready, p, NULL);
}

static void plan_start(sim_engine *e, void *ctx)
{
    plan_rt *p = ctx;
    p->running = true;
    p->started = sim_now(e);
    p->group = 0;
    char where[96];
    oc_event_add(p->w->tl, sim_now(e), plan_events[p->kind].start, NULL, "recovery plan to %s",
                 p->kind == PLAN_FAILBACK && p->w->nvms > 0
                     ? wi_region_name(p->w, p->w->vms[0].g->region)
                     : target_name(p->w, where, sizeof where));
    plan_group_start(p->w, p);
}

static void start_asr(world *w)
{
    const scn_strategy *st = w->st;
    sim_time now = sim_now(w->eng);
    /* "you can't perform Site Recovery management operations, including
     * failover and failback, until the region recovers"
     * (reliability-site-recovery.md): the vault's region, the target's
     * (target_down asks its control plane). */
    if (target_down(w)) {
        char where[96];
        if (!w->asr_waiting)
            oc_event_add(w->tl, now, OC_EV_DECISION, NULL, "target %s%s is down: waiting",
                         zonal_target(w) ? "" : "region ", target_name(w, where, sizeof where));
        w->asr_waiting = true;
        return;
    }
    w->asr_waiting = false;
    w->failover = true;
    w->target_side = true;
    for (size_t k = 0; k < w->nvms; k++) {
        vm_rt *v = &w->vms[k];
        if (v->plan_group == SCN_NONE)
            continue;
        rec_hand_over(w, v); /* shut down for the failover */
    }
    sim_time processing = choose_points(w, now);
    if (st->fail_over_data)
        for (size_t a = 0; a < w->naccounts; a++) {
            account_rt *ar = &w->accounts[a];
            if (ar->data && to_fail_over(w, ar))
                stg_begin_failover(w, ar, failover_duration(w, ar), 0, st->failover_planned);
        }
    if (processing > 0)
        oc_event_add(w->tl, now, OC_EV_PROCESSING, NULL,
                     "processing all received data first (latest): %.0fs",
                     (double)processing / 1e6);
    wi_at(w, now + processing, plan_start, &w->plan, NULL);
}

/* ---- after the failover: commit, re-protect, failback ------------------------------------ */

static void on_committed(sim_engine *e, void *ctx)
{
    world *w = ctx;
    w->committed = true;
    oc_event_add(w->tl, sim_now(e), OC_EV_COMMIT, NULL,
                 "failover committed; recovery points deleted");
    wi_changed(w);
}

static void on_failback_plan(sim_engine *e, void *ctx)
{
    world *w = ctx;
    const scn_strategy *st = w->st;
    sim_time now = sim_now(e);
    if (!st->failback_planned) {
        /* What was written in the target since re-protection and not yet
         * replicated back is lost. */
        uint64_t lost = 0;
        double lost_bytes = 0;
        for (size_t k = 0; k < w->nvms; k++) {
            vm_rt *v = &w->vms[k];
            /* A stateless VM's disks hold no data of the application. */
            if (v->state != VM_UP_ELSEWHERE || v->plan_group == SCN_NONE || v->g->stateless)
                continue;
            for (size_t d = 0; d < v->g->ndisks; d++) {
                uint64_t c;
                double b;
                err_code rc = stg_reverse_loss(w, &w->streams[v->first_stream + d],
                                               st->has_fixed_lag ? &st->fixed_lag : NULL,
                                               disk_rate(w, v, d), ship_latency(w),
                                               w->plan.finished, now, &c, &b);
                if (rc != ERR_OK) {
                    wi_fail(w, rc);
                    return;
                }
                lost += c;
                lost_bytes += b;
            }
        }
        w->loss_writes += (double)lost;
        w->loss_bytes += lost_bytes;
        oc_event_add(w->tl, now, OC_EV_FAILBACK_LOSS, NULL,
                     "unplanned failback: %llu writes not yet replicated back are lost",
                     (unsigned long long)lost);
    }
    plan_start(e, &w->failback);
}

static void on_reprotected(sim_engine *e, void *ctx)
{
    world *w = ctx;
    sim_time now = sim_now(e);
    w->reprotected = true;
    w->reprotect_done = now;
    oc_event_add(w->tl, now, OC_EV_REPROTECTED, NULL, "replicating back to %s",
                 wi_region_name(w, w->vms[0].g->region));
    if (w->st->failback) {
        sim_time after =
            wi_us(wi_draw(w, rng_name_id("asr_failback_after"), &w->st->failback_after));
        wi_at(w, now + after, on_failback_plan, w, NULL);
    }
}

/* Whether the source disks of a failed-over VM are gone (the region's data
 * destroyed, or the VHDs' account moved away): re-protect then has nothing
 * to compare with. */
static bool source_destroyed(const world *w)
{
    for (size_t k = 0; k < w->nvms; k++) {
        const vm_rt *v = &w->vms[k];
        if (v->plan_group == SCN_NONE || v->state != VM_UP_ELSEWHERE)
            continue;
        for (size_t d = 0; d < v->g->ndisks; d++)
            if (disk_destroyed(w, v, &v->g->disks[d]))
                return true;
    }
    return false;
}

/* A full initial replication of every failed-over VM back to the source
 * (ASR_REPROTECT_MIN's comment): seconds, or -1 when churn reaches a limit and
 * it never completes; *bytes receives the data copied. */
static double full_replication(const world *w, double *bytes)
{
    double slowest = 0;
    bool never = false;
    *bytes = 0;
    for (size_t k = 0; k < w->nvms; k++) {
        const vm_rt *v = &w->vms[k];
        if (v->plan_group == SCN_NONE || v->state != VM_UP_ELSEWHERE)
            continue;
        double size = 0, churn = 0, t = 0;
        for (size_t d = 0; d < v->g->ndisks; d++) {
            const scn_disk *disk = &v->g->disks[d];
            const stream_rt *s = &w->streams[v->first_stream + d];
            double limit = churn_disk_limit(churn_kind(disk->kind), w->st->high_churn,
                                            disk->size, s->params.size_mean);
            size += disk->size;
            churn += s->byte_rate;
            if (s->byte_rate >= limit)
                never = true;
            else if (disk->size / (limit - s->byte_rate) > t)
                t = disk->size / (limit - s->byte_rate);
        }
        double vm = churn_vm_limit(w->st->high_churn);
        if (churn >= vm)
            never = true;
        else if (size / (vm - churn) > t)
            t = size / (vm - churn);
        *bytes += size;
        if (t > slowest)
            slowest = t;
    }
    return never ? -1 : slowest;
}

/* Zone-to-zone: whether every protected VM is back where it was, or on its
 * way (booting, or a stateless one being rebuilt): none still down or lost. */
static bool source_back(const world *w)
{
    for (size_t k = 0; k < w->nvms; k++) {
        const vm_rt *v = &w->vms[k];
        if (v->plan_group != SCN_NONE && (v->state == VM_DOWN || v->state == VM_LOST))
            return false;
    }
    return true;
}

/* Whether the source is up for re-protection: its region, and for
 * zone-to-zone the places of the failed-over VMs. */
static bool source_up(const world *w)
{
    if (topo_region_down(w->topo, w->vms[0].g->region))
        return false;
    for (size_t k = 0; zonal_target(w) && k < w->nvms; k++) {
        const vm_rt *v = &w->vms[k];
        if (v->plan_group != SCN_NONE && v->state == VM_UP_ELSEWHERE &&
            !topo_dc_up(w->topo, v->g->region, v->zone, v->dc))
            return false;
    }
    return true;
}

static void refresh_asr(world *w)
{
    const scn_strategy *st = w->st;
    if (w->asr_waiting && !target_down(w)) {
        /* A zone-to-zone target comes back with its region: what the region
         * outage took restarts in place, unless it is lost. */
        if (zonal_target(w) && source_back(w)) {
            w->asr_waiting = false;
            oc_event_add(w->tl, sim_now(w->eng), OC_EV_DECISION, NULL,
                         "the target zone is back with the source: no failover, the VMs "
                         "restart where they were");
        } else {
            start_asr(w);
        }
    }
    /* A runbook commits and re-protects when its steps say so. */
    if (!w->plan.done || st->kind == SCN_RUNBOOK)
        return;
    sim_time now = sim_now(w->eng);
    /* Refreshed again at the same instant (another VM booting as the plan
     * ends), the commit is already on its way: schedule it once. */
    if (!w->committing && w->plan.finished == now)
        rec_commit(w);
    if (w->committed && !w->reprotecting && w->nvms > 0 && source_up(w))
        rec_reprotect(w);
}

void rec_commit(world *w)
{
    sim_time now = sim_now(w->eng);
    w->committing = true;
    sim_time d = wi_us(wi_draw(w, rng_name_id("asr_commit"), &w->st->commit));
    wi_at(w, now + d, on_committed, w, NULL);
}

bool rec_source_up(const world *w)
{
    return w->nvms > 0 && source_up(w);
}

void rec_reprotect(world *w)
{
    const scn_strategy *st = w->st;
    sim_time now = sim_now(w->eng);
    w->reprotecting = true;
    char zones[96];
    const char *source = wi_region_name(w, w->vms[0].g->region);
    if (zonal_target(w)) {
        snprintf(zones, sizeof zones, "the source zones of %s", source);
        source = zones;
    }
    if (!source_destroyed(w)) {
        oc_event_add(w->tl, now, OC_EV_REPROTECT_START, NULL,
                     "re-protect: diff sync back to %s", source);
        sim_time d = wi_us(wi_draw(w, rng_name_id("asr_reprotect"), &st->reprotect));
        wi_at(w, now + d, on_reprotected, w, NULL);
        return;
    }
    double bytes, secs = full_replication(w, &bytes);
    if (secs < 0) {
        oc_event_add(w->tl, now, OC_EV_REPROTECT_START, NULL,
                     "source disks destroyed, re-protect not supported: protection enabled "
                     "again, a full replication of %.0f GiB back to %s that never completes "
                     "(churn at or above Site Recovery's limits)",
                     bytes / (1024.0 * 1024 * 1024), source);
        return;
    }
    oc_event_add(w->tl, now, OC_EV_REPROTECT_START, NULL,
                 "source disks destroyed, re-protect not supported: protection enabled "
                 "again, a full replication of %.0f GiB back to %s, %.0fs",
                 bytes / (1024.0 * 1024 * 1024), source, secs);
    /* Beyond the horizon it does not happen in the trial. */
    if (secs < (double)(w->horizon - now) / 1e6)
        wi_at(w, now + wi_us(secs), on_reprotected, w, NULL);
}

/* ---- drills ----------------------------------------------------------------------------- */

static void on_drill(sim_engine *e, void *ctx)
{
    world *w = ctx;
    oc_event_add(w->tl, sim_now(e), OC_EV_DRILL, NULL,
                 "test failover into an isolated network; production untouched");
    plan_start(e, &w->drill);
}

void rec_test_failover(world *w)
{
    on_drill(w->eng, w);
}

bool rec_target_down(const world *w)
{
    return target_down(w);
}

const char *rec_target_name(const world *w, char *buf, size_t n)
{
    return target_name(w, buf, n);
}

void rec_asr_failover(world *w)
{
    w->asr_started = true;
    oc_event_add(w->tl, sim_now(w->eng), OC_EV_DECISION, NULL, "the operator runs the recovery plan");
    start_asr(w);
}

void rec_provision(world *w, vm_rt *v, uint32_t region)
{
    provision(w, v, region, &w->st->provision);
}

bool rec_vhds_failed_over(const world *w, const vm_rt *v, uint32_t *region)
{
    return vhds_failed_over(w, v, region);
}

sim_time rec_failover_duration(const world *w, const account_rt *a)
{
    return failover_duration(w, a);
}

sim_time rec_replicated_point(world *w, vm_rt *v, sim_time t)
{
    return shipped_before(w, v, t);
}

void rec_schedule_drill(world *w)
{
    if (w->st->kind != SCN_ASR || !w->st->test_failover)
        return;
    sim_time at = wi_us(wi_draw(w, rng_name_id("drill_at"), &w->st->test_at));
    wi_at(w, at, on_drill, w, NULL);
}

/* ---- every change ------------------------------------------------------------------------ */

void rec_refresh(world *w)
{
    for (size_t k = 0; k < w->nvms; k++)
        refresh_vm(w, &w->vms[k]);
    if (w->site_recovery)
        refresh_asr(w);
}

void rec_finish(world *w)
{
    for (size_t k = 0; k < w->nstreams; k++) {
        stream_rt *s = &w->streams[k];
        if (s->fate != FATE_INTACT)
            continue;
        if (s->disk) {
            const vm_rt *v = &w->vms[s->vm];
            if (v->state == VM_LOST || (v->state == VM_HANDED_OVER && !v->restored)) {
                s->fate = FATE_LOST;
                s->lost_from = v->down_at != SIM_NEVER ? v->down_at : w->horizon;
            }
        } else {
            const account_rt *a = &w->accounts[s->account];
            if (a->destroyed && !a->failed_over) {
                s->fate = FATE_LOST;
                s->lost_from = a->down_at != SIM_NEVER ? a->down_at : w->horizon;
            }
        }
    }
}
