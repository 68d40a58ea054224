/*
 * runbook.c — alerts, a runbook's steps, and the operator's actions
 * (runbook.h).
 *
 * An action is checked against the world at the instant it is taken, in the
 * order the real service checks it, and the first rule it breaks is the
 * answer: each refusal names what the operator would be told and, where a
 * document states the rule, the document. An action that goes through starts
 * the same machinery the built-in strategies use (storage.c's failover,
 * recovery.c's recovery plan, sqlfg.c's failover, backup.c's restore), so a
 * runbook and a strategy that do the same thing give the same outcome.
 *
 * Invariants: a step is scheduled at most once per trial (step_rt.scheduled);
 * w->acts only grows during a trial, in time order; alerts before
 * w->alerts_seen have started the steps that wait for them.
 */
#include "models/world/runbook.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "models/scenario/action.h"
#include "models/world/apps.h"
#include "models/world/backup.h"
#include "models/world/ctlplane.h"
#include "models/world/entry.h"
#include "models/world/recovery.h"
#include "models/world/sqlfg.h"
#include "models/world/storage.h"
#include "models/world/wi.h"
#include "sim/core/mem.h"
#include "sim/core/strbuf.h"

void rb_destroy(world *w)
{
    mem_free(w->acts);
    mem_free(w->steps);
}

err_code rb_reset(world *w)
{
    w->nacts = 0;
    w->alerts_seen = 0;
    w->asr_alerted = false;
    w->rp = w->st->recovery_point;
    size_t n = w->st->kind == SCN_RUNBOOK ? w->st->nsteps : 0;
    if (n > w->capsteps) {
        step_rt *s = mem_realloc(w->steps, n * sizeof *s);
        if (s == NULL)
            return ERR_NOMEM;
        w->steps = s;
        w->capsteps = n;
    }
    for (size_t i = 0; i < n; i++)
        w->steps[i] = (step_rt){w, i, false};
    return ERR_OK;
}

static void on_step(sim_engine *e, void *ctx)
{
    step_rt *s = ctx;
    (void)e;
    rb_act(s->w, &s->w->st->steps[s->index].act, s->index);
}

static void schedule_step(world *w, size_t i, sim_time at)
{
    if (w->steps[i].scheduled)
        return;
    w->steps[i].scheduled = true;
    wi_at(w, at, on_step, &w->steps[i], NULL);
}

void rb_refresh(world *w)
{
    const scn_strategy *st = w->st;
    for (; w->alerts_seen < w->nalerts; w->alerts_seen++) {
        const alert_rt *a = &w->alerts[w->alerts_seen];
        if (st->kind != SCN_RUNBOOK)
            continue;
        bool first = a->kind == SCN_ALERT_APP_DOWN && a->t == w->t_first_alert;
        for (size_t i = 0; i < st->nsteps; i++) {
            const scn_step *s = &st->steps[i];
            if (first && s->has_at)
                schedule_step(w, i, a->t + wi_us(s->at));
            else if (s->has_when && s->when == a->kind &&
                     (a->kind != SCN_ALERT_STATUS || s->eta_over <= 0 || a->eta > s->eta_over))
                schedule_step(w, i, a->t + wi_us(s->after));
        }
    }
}

/* ---- the actions ------------------------------------------------------------------ */

typedef struct answer {
    bool refused;
    char text[ACT_ANSWER_MAX];
} answer;

static bool refuse(answer *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool refuse(answer *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->text, sizeof r->text, fmt, ap);
    va_end(ap);
    r->refused = true;
    return false;
}

static void say(answer *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(answer *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->text, sizeof r->text, fmt, ap);
    va_end(ap);
}

static bool is_geo(scn_redundancy r)
{
    return r == SCN_GRS || r == SCN_RA_GRS || r == SCN_GZRS || r == SCN_RA_GZRS;
}

static void storage_failover(world *w, const scn_act *a, answer *r)
{
    account_rt *ar = &w->accounts[a->target];
    const char *name = ar->cfg->name;
    if (!is_geo(ar->cfg->redundancy)) {
        refuse(r, "%s is %s: it has no secondary region to fail over to", name,
               ar->cfg->redundancy == SCN_LRS ? "LRS" : "ZRS");
        return;
    }
    if (ar->failing_over || ar->planned_waiting) {
        refuse(r, "a failover of %s is already under way", name);
        return;
    }
    if (ar->failed_over) {
        refuse(r, "%s has already failed over to %s", name, wi_region_name(w, ar->region_now));
        return;
    }
    if (!ar->geo_now) {
        refuse(r, "%s is locally redundant since its unplanned failover: no secondary to fail "
                  "over to until geo-redundancy is regained",
               name);
        return;
    }
    if (ar->cfg->object_replication) {
        refuse(r, "object replication is on for %s: it blocks a customer-managed failover "
                  "(storage-disaster-recovery-guidance.md)",
               name);
        return;
    }
    if (a->planned) {
        if (ar->cfg->change_feed || ar->cfg->point_in_time_restore) {
            refuse(r, "%s has %s on, which a planned failover does not support "
                      "(storage-disaster-recovery-guidance.md): fail over unplanned",
                   name, ar->cfg->change_feed ? "change feed" : "point-in-time restore");
            return;
        }
        if (!stg_planned_possible(w, ar)) {
            refuse(r, "a planned failover needs both regions available, and the primary of %s "
                      "is not (storage-failover-customer-managed-planned.md); an unplanned one "
                      "loses what the secondary lacks",
                   name);
            return;
        }
    } else {
        if (stg_writable(ar)) {
            refuse(r, "the primary of %s is available: drsim models an unplanned failover only "
                      "while it is not (a planned failover loses nothing)",
                   name);
            return;
        }
        if (stg_leases_block(w, ar)) {
            refuse(r, "%s holds the VHDs of VMs, and \"an account failover can't proceed when "
                      "there's a lease on a blob\": the procedure deletes the VMs and waits "
                      "until the Last Sync Time passes the deletion, and the LST is frozen while "
                      "the primary is down (storage-disaster-recovery-guidance.md)",
                   name);
            return;
        }
    }
    sim_time d = rec_failover_duration(w, ar);
    stg_begin_failover(w, ar, d, 0, a->planned);
    if (ar->data)
        w->failover = true;
    say(r, "%s failover of %s to %s started (typically about %.0f minutes)",
        a->planned ? "planned" : "unplanned", name,
        wi_region_name(w, w->cfg->regions[ar->cfg->region].pair != SCN_NONE
                              ? (uint32_t)w->cfg->regions[ar->cfg->region].pair
                              : ar->cfg->region),
        (double)d / 60e6);
}

static bool cp_refuses(world *w, uint32_t region, const char *what, answer *r)
{
    if (!cp_down(w, region))
        return false;
    return !refuse(r, "Resource Manager in %s is not taking requests (its control plane is %s): "
                      "%s is not possible now",
                   wi_region_name(w, region), cp_state(w, region), what);
}

static void vm_delete(world *w, const scn_act *a, answer *r)
{
    const scn_vm_group *g = &w->cfg->vms[a->target];
    if (cp_refuses(w, g->region, "deleting VMs", r))
        return;
    size_t n = 0;
    for (size_t k = 0; k < w->nvms; k++) {
        vm_rt *v = &w->vms[k];
        if (v->group != (uint32_t)a->target || v->state == VM_HANDED_OVER ||
            v->state == VM_UP_ELSEWHERE || v->state == VM_CREATING)
            continue;
        rec_hand_over(w, v);
        oc_event_add(w->tl, sim_now(w->eng), OC_EV_DELETE_VMS, v->name,
                     "deleted by the operator (its disks kept)");
        n++;
    }
    if (n == 0) {
        refuse(r, "the VMs of %s are already deleted or recreated elsewhere", g->name);
        return;
    }
    wi_changed(w);
    say(r, "%zu VM%s of %s deleted; their disks are kept", n, n == 1 ? "" : "s", g->name);
}

static void vm_create(world *w, const scn_act *a, answer *r)
{
    const scn_vm_group *g = &w->cfg->vms[a->target];
    size_t n = 0;
    uint32_t region = g->region;
    for (size_t k = 0; k < w->nvms; k++) {
        vm_rt *v = &w->vms[k];
        if (v->group != (uint32_t)a->target)
            continue;
        if (v->state == VM_CREATING || v->state == VM_UP_ELSEWHERE)
            continue;
        if (v->state != VM_HANDED_OVER && v->state != VM_LOST) {
            refuse(r, "%s still exists: delete the VMs of %s first (vm delete %s)", v->name,
                   g->name, g->name);
            return;
        }
        for (size_t d = 0; d < g->ndisks; d++)
            if (g->disks[d].kind != SCN_DISK_UNMANAGED) {
                refuse(r, "%s runs on managed disks, which do not fail over with a storage "
                          "account: Site Recovery or a backup restores them elsewhere",
                       g->name);
                return;
            }
        if (!rec_vhds_failed_over(w, v, &region)) {
            const account_rt *ar = &w->accounts[g->disks[0].account];
            refuse(r, "the VHDs of %s are on %s, which has not failed over and whose primary is "
                      "%s",
                   v->name, ar->cfg->name, stg_writable(ar) ? "up: start them where they are"
                                                            : "unavailable");
            return;
        }
        if (cp_refuses(w, region, "creating VMs", r))
            return;
        rec_provision(w, v, region);
        n++;
    }
    if (n == 0) {
        refuse(r, "the VMs of %s are already being created or up", g->name);
        return;
    }
    w->failover = true;
    wi_changed(w);
    say(r, "creating %zu VM%s of %s in %s from the failed-over VHDs", n, n == 1 ? "" : "s",
        g->name, wi_region_name(w, region));
}

static bool no_site_recovery(world *w, answer *r)
{
    if (w->site_recovery)
        return false;
    return !refuse(r, "no VM is protected by Site Recovery in this setup (a runbook uses a "
                      "strategy's Site Recovery with like: NAME, NAME of kind asr)");
}

static bool target_refuses(world *w, answer *r)
{
    if (!rec_target_down(w))
        return false;
    char where[96];
    return !refuse(r, "the target %s is down: \"you can't perform Site Recovery management "
                      "operations, including failover and failback, until the region "
                      "recovers\" (reliability-site-recovery.md)",
                   rec_target_name(w, where, sizeof where));
}

static void asr_failover(world *w, const scn_act *a, answer *r)
{
    if (no_site_recovery(w, r))
        return;
    if (w->plan.running || w->plan.done) {
        refuse(r, "the recovery plan has already been failed over");
        return;
    }
    if (target_refuses(w, r))
        return;
    if (a->has_rp)
        w->rp = a->rp;
    rec_asr_failover(w);
    char where[96];
    say(r, "failover of the recovery plan to %s started (recovery point: %s)",
        rec_target_name(w, where, sizeof where),
        w->rp == SCN_RP_LATEST             ? "latest"
        : w->rp == SCN_RP_LATEST_PROCESSED ? "latest processed"
        : w->rp == SCN_RP_LATEST_APP_CONSISTENT ? "latest app-consistent"
                                                : "custom");
}

static void asr_test(world *w, answer *r)
{
    if (no_site_recovery(w, r))
        return;
    if (w->plan.running || w->plan.done) {
        refuse(r, "the VMs have been failed over: a test failover runs while they replicate");
        return;
    }
    if (w->drill.running) {
        refuse(r, "a test failover is already running");
        return;
    }
    if (target_refuses(w, r))
        return;
    rec_test_failover(w);
    say(r, "test failover started into an isolated network; production untouched");
}

static void asr_commit(world *w, answer *r)
{
    if (no_site_recovery(w, r))
        return;
    if (!w->plan.done) {
        refuse(r, "%s", w->plan.running ? "the failover has not completed yet"
                                        : "nothing to commit: no failover has run");
        return;
    }
    if (w->committing || w->committed) {
        refuse(r, "the failover is already committed");
        return;
    }
    rec_commit(w);
    say(r, "committing the failover; the other recovery points will be deleted");
}

static void asr_reprotect(world *w, answer *r)
{
    if (no_site_recovery(w, r))
        return;
    if (!w->committed) {
        refuse(r, "re-protect needs a committed failover%s",
               w->committing ? " (the commit is still running)" : "");
        return;
    }
    if (w->reprotecting) {
        refuse(r, "re-protection is already under way");
        return;
    }
    if (!rec_source_up(w)) {
        refuse(r, "the source region %s is down: re-protection replicates back to it",
               wi_region_name(w, w->vms[0].g->region));
        return;
    }
    rec_reprotect(w);
    say(r, "re-protecting: replicating back to %s", wi_region_name(w, w->vms[0].g->region));
}

static void sql_failover(world *w, const scn_act *a, answer *r)
{
    if (!sqlfg_customer_failover(w, (size_t)a->target, a->allow_data_loss, r->text,
                                 sizeof r->text)) {
        r->refused = true;
        return;
    }
    w->failover = true;
    say(r, "%s failover of %s to %s requested",
        a->allow_data_loss ? "forced (--allow-data-loss)" : "planned",
        w->cfg->sql[a->target].name,
        wi_region_name(w, (uint32_t)w->cfg->sql[a->target].secondary));
}

static void backup_restore(world *w, answer *r)
{
    if (!bk_start_restore(w)) {
        refuse(r, "no VM of the application is down and protected by a backup policy with "
                  "cross-region restore (a GRS vault: backup-azure-arm-restore-vms.md)");
        return;
    }
    say(r, "cross-region restore started from the newest recovery points in the paired region");
}

void rb_act(world *w, const scn_act *a, size_t step)
{
    answer r = {false, ""};
    switch (a->verb) {
    case SCN_ACT_STORAGE_FAILOVER:
        storage_failover(w, a, &r);
        break;
    case SCN_ACT_VM_DELETE:
        vm_delete(w, a, &r);
        break;
    case SCN_ACT_VM_CREATE:
        vm_create(w, a, &r);
        break;
    case SCN_ACT_SCALE_OUT:
        if (apps_scale_out_group(w, (uint32_t)a->target, r.text, sizeof r.text))
            say(&r, "scaling %s out to %.0f%% of the peak load", w->cfg->vms[a->target].name,
                100 * w->cfg->vms[a->target].scale_to);
        else
            r.refused = true;
        break;
    case SCN_ACT_ASR_FAILOVER:
        asr_failover(w, a, &r);
        break;
    case SCN_ACT_ASR_TEST_FAILOVER:
        asr_test(w, &r);
        break;
    case SCN_ACT_ASR_COMMIT:
        asr_commit(w, &r);
        break;
    case SCN_ACT_ASR_REPROTECT:
        asr_reprotect(w, &r);
        break;
    case SCN_ACT_SQL_FAILOVER:
        sql_failover(w, a, &r);
        break;
    case SCN_ACT_BACKUP_RESTORE:
        backup_restore(w, &r);
        break;
    case SCN_ACT_ENTRY_DISABLE:
        if (ent_disable(w, &w->apps[a->target], (uint32_t)a->region, r.text, sizeof r.text))
            say(&r, "endpoint of %s in %s disabled: clients go to the next endpoint",
                w->apps[a->target].name, wi_region_name(w, (uint32_t)a->region));
        else
            r.refused = true;
        break;
    case SCN_NACT_VERBS:
        refuse(&r, "no such action");
        break;
    }
    sim_time now = sim_now(w->eng);
    strbuf what = {0};
    act_format(w->cfg, a, &what);
    oc_event_add(w->tl, now, r.refused ? OC_EV_REFUSED : OC_EV_OPERATOR, NULL, "%s: %s",
                 sb_text(&what), r.text);
    sb_free(&what);
    if (w->nacts == w->capacts) {
        size_t cap = w->capacts ? 2 * w->capacts : 16;
        act_rt *x = mem_realloc(w->acts, cap * sizeof *x);
        if (x == NULL) {
            wi_fail(w, ERR_NOMEM);
            return;
        }
        w->acts = x;
        w->capacts = cap;
    }
    act_rt *x = &w->acts[w->nacts++];
    x->step = step;
    x->t = now;
    x->refused = r.refused;
    memcpy(x->answer, r.text, sizeof x->answer);
    wi_changed(w);
}
