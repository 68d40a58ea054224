/*
 * opview.c — the operator's dashboards (opview.h).
 *
 * Everything here reads the world's state as it is at this instant and says
 * what a monitoring system would: availability, the Last Sync Time an
 * account reports, Site Recovery's RPO (now minus the newest replicated
 * point), endpoint health as probed. It never reads an outage's end or its
 * destructiveness: a destroyed primary shows as unavailable, as it would.
 * It changes nothing a later event depends on.
 */
#include "models/world/opview.h"

#include <math.h>
#include <stdio.h>

#include "models/azure/defaults.h"
#include "models/world/apps.h"
#include "models/world/recovery.h"
#include "models/world/storage.h"
#include "models/world/wi.h"
#include "models/world/worldInt.h"
#include "sim/core/units.h"

size_t ov_nalerts(const world *w)
{
    return w->nalerts;
}

ov_alert ov_alert_at(const world *w, size_t i)
{
    const alert_rt *a = &w->alerts[i];
    return (ov_alert){a->t, a->kind, a->subject, a->text, a->eta};
}

size_t ov_nacts(const world *w)
{
    return w->nacts;
}

ov_act ov_act_at(const world *w, size_t i)
{
    const act_rt *a = &w->acts[i];
    return (ov_act){a->step, a->t, a->refused, a->answer};
}

const char *ov_clock(sim_time t, char *buf, size_t n)
{
    units_format_day_clock(t, buf, n);
    return buf;
}

const char *ov_duration(double seconds, char *buf, size_t n)
{
    /* Dashboards show whole seconds, and whole minutes past an hour. */
    double r = seconds >= 3600 ? round(seconds / 60) * 60 : round(seconds);
    units_format_duration(r, buf, n);
    return buf;
}

/* "12m ago", "3h 10m ago" */
static const char *ago(sim_time now, sim_time t, char *buf, size_t n)
{
    char d[32];
    ov_duration((double)(now - t) / 1e6, d, sizeof d);
    snprintf(buf, n, "%s ago", d);
    return buf;
}

static const char *const level_words[] = {
    "DOWN: its users get errors", "READ-ONLY: users can read, not write",
    "DEGRADED: serving, below the capacity it needs", "serving"};

static void apps_status(world *w, strbuf *out)
{
    sim_time now = sim_now(w->eng);
    char clock[32];
    const char *name = w->napps > 0 && w->apps[0].cfg ? w->apps[0].name : "the application";
    sb_printf(out, "Application %s: %s", name, level_words[w->level]);
    if (w->level != APP_SERVING)
        sb_printf(out, " (since %s)", ov_clock(w->level_since, clock, sizeof clock));
    sb_str(out, "\n");
    for (size_t p = 0; p < w->napps; p++) {
        const app_rt *a = &w->apps[p];
        if (a->nep == 0 || a->cfg == NULL)
            continue;
        const char *entry = a->cfg->entry == SCN_ENTRY_FRONT_DOOR      ? "Front Door"
                            : a->cfg->entry == SCN_ENTRY_TRAFFIC_MANAGER ? "Traffic Manager"
                                                                         : "DNS";
        sb_printf(out, "  %s of %s:", entry, a->name);
        for (size_t i = 0; i < a->nep; i++) {
            const endpoint_rt *e = &a->ep[i];
            sb_printf(out, "%s %s %s%s", i ? "," : "", wi_region_name(w, e->region),
                      e->disabled  ? "Disabled"
                      : e->healthy ? (a->cfg->entry == SCN_ENTRY_FRONT_DOOR ? "in rotation"
                                                                            : "Online")
                                   : (a->cfg->entry == SCN_ENTRY_FRONT_DOOR ? "out of rotation"
                                                                            : "Degraded"),
                      a->route == (int)i ? " (clients here)" : "");
        }
        sb_str(out, "\n");
    }
    (void)now;
}

static void vms_status(world *w, strbuf *out)
{
    if (w->cfg->nvms == 0)
        return;
    sb_str(out, "Virtual machines:\n");
    for (size_t g = 0; g < w->cfg->nvms; g++) {
        const scn_vm_group *cfg = &w->cfg->vms[g];
        unsigned running = 0, down = 0, starting = 0, deleted = 0, creating = 0;
        uint32_t where = cfg->region;
        for (size_t k = 0; k < w->nvms; k++) {
            const vm_rt *v = &w->vms[k];
            if (v->group != g)
                continue;
            switch (v->state) {
            case VM_UP:
            case VM_UP_ELSEWHERE:
                running++;
                where = v->region_now;
                break;
            case VM_BOOTING:
                starting++;
                break;
            case VM_DOWN:
            case VM_LOST:
                down++;
                break;
            case VM_HANDED_OVER:
                deleted++;
                break;
            case VM_CREATING:
                creating++;
                break;
            }
        }
        sb_printf(out, "  %-12s %u/%u running in %s", cfg->name, running, cfg->count,
                  wi_region_name(w, where));
        if (down)
            sb_printf(out, ", %u unreachable", down);
        if (starting)
            sb_printf(out, ", %u starting", starting);
        if (deleted)
            sb_printf(out, ", %u %s", deleted,
                      w->plan.running || w->asr_started ? "failing over" : "deleted");
        if (creating)
            sb_printf(out, ", %u being created", creating);
        sb_str(out, "\n");
    }
}

static void accounts_status(world *w, strbuf *out)
{
    if (w->naccounts == 0)
        return;
    sim_time now = sim_now(w->eng);
    static const char *const red[] = {"LRS", "ZRS", "GRS", "RA-GRS", "GZRS", "RA-GZRS"};
    sb_str(out, "Storage accounts:\n");
    for (size_t i = 0; i < w->naccounts; i++) {
        const account_rt *a = &w->accounts[i];
        char when[48], clock[32];
        sb_printf(out, "  %-12s %-7s primary %s: %s", a->cfg->name,
                  a->geo_now ? red[a->cfg->redundancy] : "LRS",
                  wi_region_name(w, a->region_now),
                  a->failing_over ? "failing over"
                  : stg_writable(a) ? "available"
                  : a->readable     ? "read-only (reads from the secondary)"
                                    : "unavailable");
        bool geo = a->cfg->redundancy >= SCN_GRS && a->geo_now;
        if (geo && a->lst_frozen && a->lst != SIM_NEVER)
            sb_printf(out, "; Last Sync Time %s (%s); geo-replication: unavailable",
                      ov_clock(a->lst, clock, sizeof clock), ago(now, a->lst, when, sizeof when));
        else if (geo)
            sb_str(out, "; geo-replication: live");
        if (a->failed_over)
            sb_str(out, "; failed over");
        sb_str(out, "\n");
    }
}

static void asr_status(world *w, strbuf *out)
{
    if (!w->site_recovery)
        return;
    sim_time now = sim_now(w->eng);
    char where[96];
    sb_printf(out, "Site Recovery to %s:%s\n", rec_target_name(w, where, sizeof where),
              w->plan.done      ? " failed over"
              : w->plan.running ? " recovery plan running"
              : w->asr_started  ? " processing before the recovery plan"
                                : "");
    for (size_t k = 0; k < w->nvms; k++) {
        vm_rt *v = &w->vms[k];
        if (v->plan_group == SCN_NONE)
            continue;
        if (v->state == VM_UP_ELSEWHERE || v->state == VM_CREATING || v->state == VM_HANDED_OVER) {
            sb_printf(out, "  %-12s %s\n", v->name,
                      v->state == VM_UP_ELSEWHERE ? "failed over: running in the target"
                                                  : "failing over");
            continue;
        }
        /* Replication stops with the source: the newest point ages. */
        sim_time point = rec_replicated_point(w, v, v->state == VM_UP ? now : v->down_at);
        double rpo = (double)(now - point) / 1e6;
        char d[32];
        ov_duration(rpo, d, sizeof d);
        sb_printf(out, "  %-12s RPO %s, replication health: %s\n", v->name, d,
                  rpo >= ASR_RPO_ALERT ? "critical" : rpo > ASR_RPO_ALERT / 2 ? "warning" : "normal");
    }
}

static void sql_status(world *w, strbuf *out)
{
    if (w->nsqlfg == 0)
        return;
    sb_str(out, "SQL failover groups:\n");
    for (size_t i = 0; i < w->nsqlfg; i++) {
        const sqlfg_rt *g = &w->sqlfg[i];
        char lag[32];
        ov_duration((double)g->lag / 1e6, lag, sizeof lag);
        sb_printf(out, "  %-12s primary %s: %s; geo-replication lag %s%s\n", g->cfg->name,
                  wi_region_name(w, g->region_now),
                  g->failing_over ? "failing over" : g->down ? "unavailable" : "available",
                  g->down ? "unknown (the primary does not answer)" : lag,
                  g->failed_over ? "; failed over" : "");
    }
}

static void cosmos_status(world *w, strbuf *out)
{
    if (w->ncosmos == 0)
        return;
    sb_str(out, "Cosmos DB accounts:\n");
    for (size_t i = 0; i < w->ncosmos; i++) {
        const cosmos_rt *c = &w->cosmos[i];
        sb_printf(out, "  %-12s", c->cfg->name);
        for (size_t r = 0; r < c->nreg; r++)
            sb_printf(out, "%s %s %s%s", r ? "," : "", wi_region_name(w, c->reg[r].region),
                      c->reg[r].up ? "online" : "offline",
                      r == c->write_now ? " (writes)" : "");
        sb_str(out, "\n");
    }
}

void ov_status(world *w, strbuf *out)
{
    apps_status(w, out);
    vms_status(w, out);
    accounts_status(w, out);
    asr_status(w, out);
    sql_status(w, out);
    cosmos_status(w, out);
}
