/*
 * backup.c — Azure Backup of VMs on managed disks, and the `restore`
 * strategy: Cross Region Restore from a GRS vault (README.md "What drsim
 * models": Azure Backup).
 *
 * A policy takes a recovery point of its VMs on a fixed schedule: once a day
 * at `at` (the standard policy), or every 4, 6, 8 or 12 hours from `at` (the
 * enhanced policy); the clock's 00:00 UTC is the trial's start, and the
 * policy ran before it, so the schedule has points at negative times too.
 * The vault is in the VMs' region. A point's copy in the paired region is
 * there `crr_lag` after the point's time (one draw per policy per trial; by
 * default the documented 12 hours: "secondary region RPO is 36 hours ... the
 * RPO in the primary region is 24 hours and can take up to 12 hours to
 * replicate", backup-azure-arm-restore-vms.md). While the vault's region is
 * down nothing more is copied: a cross-region restore then uses the latest
 * point taken before the VM failed whose copy was complete when the region
 * went down; with the region up (a zone or datacenter outage) the copies go
 * on until the decision.
 *
 * The restore (strategy kind `restore`): at the decision, every VM of an
 * application protected by a policy with cross-region restore that is not
 * up is restored in the region's pair — only vault-tier points exist there
 * ("secondary region restores are only vault tier restores"). Each VM is its
 * own restore job, in parallel: restore_base plus its disks' size at
 * restore_rate (assumptions: no throughput is published), once the pair's
 * control plane takes it. Its disks come back at the point: every write
 * after it is lost, RPO = failure - point. A VM without a usable point (a
 * failure before the first copy) waits for its region; the wait and the
 * other kinds never restore, so a destroyed region takes such VMs' data for
 * good. The policy ran before the trial, so there is always a point.
 *
 * Not modelled: a restore in the VMs' own region from the instant-restore
 * snapshots or a ZRS vault after a zone's loss (cross-zonal restore); the
 * snapshot retention is read and printed but changes nothing across
 * regions (snapshots are never replicated).
 *
 * Invariants: a restored VM's disk streams are FATE_RESTORED with rp the
 * point and lost_from the VM's failure; a VM restored is never restarted in
 * place (VM_CREATING, then VM_UP_ELSEWHERE).
 */
#include "models/world/backup.h"

#include "models/world/ctlplane.h"
#include "models/world/wi.h"

#define DAY_US ((sim_time)86400 * 1000000)

/* The schedule's period and its phase in [0, period). */
static void schedule(const scn_backup *b, sim_time *period, sim_time *phase)
{
    *period = b->schedule == SCN_BACKUP_ENHANCED ? wi_us(b->every) : DAY_US;
    sim_time at = wi_us(b->at);
    *phase = ((at % *period) + *period) % *period;
}

sim_time bk_point_at_or_before(const scn_backup *b, sim_time t)
{
    sim_time period, phase;
    schedule(b, &period, &phase);
    sim_time k = (t - phase) / period;
    if ((t - phase) % period != 0 && t < phase)
        k--; /* floor for negative differences */
    return phase + k * period;
}

sim_time bk_secondary_point(const scn_backup *b, sim_time failure, sim_time copied_by,
                            sim_time lag)
{
    sim_time by = copied_by - lag < failure ? copied_by - lag : failure;
    return bk_point_at_or_before(b, by);
}

const scn_backup *bk_policy_of(const world *w, uint32_t g)
{
    for (size_t i = 0; i < w->cfg->nbackups; i++) {
        const scn_backup *b = &w->cfg->backups[i];
        for (size_t k = 0; k < b->nvms; k++)
            if (b->vms[k] == g)
                return b;
    }
    return NULL;
}

static void on_restored(sim_engine *e, void *ctx)
{
    vm_rt *v = ctx;
    world *w = v->w;
    v->ev = SIM_EVENT_NONE;
    if (v->tier)
        w->target_side = true;
    v->state = VM_UP_ELSEWHERE;
    v->up_at = sim_now(e);
    oc_event_add(w->tl, sim_now(e), OC_EV_VM_UP, v->name,
                 "restored in %s from its backup (cross-region restore)",
                 wi_region_name(w, v->region_now));
    wi_changed(w);
}

/* VM v's restore from policy b: its point in the secondary region (there is
 * always one: the policy ran before the trial), then the restore job. */
static void restore_vm(world *w, vm_rt *v, const scn_backup *b)
{
    sim_time now = sim_now(w->eng);
    uint32_t region = v->g->region;
    /* The vault's region down: its copies stopped when it went down (the
     * VM's failure, for a VM of that region). */
    sim_time failure = v->down_at != SIM_NEVER ? v->down_at : now;
    sim_time copied_by = topo_region_down(w->topo, region) ? failure : now;
    sim_time lag = wi_us(wi_draw(w, wi_id("backup_lag", b->name), &b->crr_lag));
    sim_time p = bk_secondary_point(b, failure, copied_by, lag);
    if (v->ev.seq != 0)
        sim_cancel(w->eng, &v->ev);
    if (v->down_at == SIM_NEVER)
        v->down_at = now;
    v->restored = true;
    v->consistency = "crash";
    for (size_t d = 0; d < v->g->ndisks; d++) {
        stream_rt *s = &w->streams[v->first_stream + d];
        s->fate = FATE_RESTORED;
        s->rp = p;
        s->lost_from = v->down_at;
    }
    oc_event_add(w->tl, now, OC_EV_RECOVERY_POINT, v->name,
                 "backup point of %s, %.0fs before the failure, in %s",
                 b->name, (double)(v->down_at - p) / 1e6,
                 wi_region_name(w, (uint32_t)w->cfg->regions[region].pair));

    /* The restore job: a fixed part and the disks' data at the vault
     * tier's rate (one rate per policy per trial), once the target
     * region's control plane takes the operation. */
    uint32_t target = (uint32_t)w->cfg->regions[region].pair;
    double bytes = 0;
    for (size_t d = 0; d < v->g->ndisks; d++)
        bytes += v->g->disks[d].size;
    double rate = wi_draw(w, wi_id("backup_rate", b->name), &b->restore_rate);
    double base = wi_draw(w, wi_id("backup_base", v->name), &b->restore_base);
    sim_time ready = cp_ready_at(w, target, wi_id("restore_request", v->name));
    if (ready > now)
        oc_event_add(w->tl, now, OC_EV_CONTROL_PLANE, v->name,
                     "restoring waits %.0fs for the control plane of %s (%s)",
                     (double)(ready - now) / 1e6, wi_region_name(w, target),
                     cp_state(w, target));
    v->state = VM_CREATING;
    v->region_now = target;
    oc_event_add(w->tl, now, OC_EV_PROVISION_START, v->name,
                 "cross-region restore to %s: %.0f GiB", wi_region_name(w, target),
                 bytes / (1024.0 * 1024 * 1024));
    wi_at(w, ready + wi_us(base + bytes / rate), on_restored, v, &v->ev);
}

bool bk_start_restore(world *w)
{
    bool any = false;
    for (size_t k = 0; k < w->nvms; k++) {
        vm_rt *v = &w->vms[k];
        if (!v->tier || v->state == VM_UP || v->state == VM_CREATING ||
            v->state == VM_UP_ELSEWHERE || v->state == VM_HANDED_OVER)
            continue;
        const scn_backup *b = bk_policy_of(w, v->group);
        if (b == NULL || !b->cross_region_restore || b->vault != SCN_GRS ||
            w->cfg->regions[v->g->region].pair == SCN_NONE)
            continue;
        restore_vm(w, v, b);
        any = true;
    }
    if (any)
        w->failover = true;
    else
        oc_event_add(w->tl, sim_now(w->eng), OC_EV_DECISION, NULL,
                     "nothing to restore across regions: waiting for the region");
    return any;
}
