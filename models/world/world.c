/*
 * world.c — building a variant's world, running one trial, measuring it.
 *
 * A trial: reset every entity, draw the world (outages, placement, workload)
 * from entity-keyed streams, schedule the outages on the engine, run to the
 * horizon, then turn what happened into an oc_trial (README.md "Results
 * store" defines each outcome).
 * Availability is re-evaluated after every change of the topology or of a
 * strategy's progress: the handler that changes the world marks it changed
 * (wi_changed) and the engine's after-event hook (world_after_event)
 * refreshes it once the handler has returned, so storage.c and recovery.c
 * never call back in here. The application serves when every tier has as
 * many VMs up (in place or elsewhere) as it needs (its VM group's `needs`:
 * one by default) and every data account is writable; with the data
 * writable and every tier holding at least one VM up but some tier short of
 * what it needs, it is degraded: it serves part of its load, and counts as
 * down for the RTO.
 *
 * What is measured (per trial):
 *   disruption  the first instant the application stops serving;
 *   RTO         from then until it serves again, every tier with the VMs it
 *               needs (absent if not by the horizon);
 *   degraded    of the RTO, the time it served part of its load: every tier
 *               with a VM up and the data writable, some tier short of the
 *               VMs it needs (to the horizon when it never served in full
 *               again);
 *   RPO         worst over the application's data of (instant the data's
 *               primary went down - the recovery point it came back from);
 *               0 for data that came back intact; absent when some data is
 *               gone for good (data_lost_all), even in a trial the
 *               application kept serving through (a disk destroyed under a
 *               tier that other VMs keep up). A geo-replicated account's
 *               blobs come back at or after its one Last Sync Time, and the
 *               blob holding the first write after it exactly there
 *               (storage.c): its share of the RPO is its lag;
 *   data loss   writes (and bytes) acknowledged and not in what came back;
 *   client      RTO plus Traffic Manager / DNS switch-over, the mean over
 *               the application's clients (a DNS change reaches them
 *               uniformly over its TTL: T/2 on average) and its 95th
 *               percentile; behind Front Door no TTL, the edge locations'
 *               probe verdicts instead (frontdoor.h), in place or not;
 *   data        write and read downtime of the data accounts, the mean over
 *               their clients in the same way: each remap of an account's
 *               endpoint adds its TTL / 2 on average (downtime below).
 */
#include "models/world/world.h"

#include "models/azure/defaults.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/world/apps.h"
#include "models/world/cost.h"
#include "models/world/cosmos.h"
#include "models/world/ctlplane.h"
#include "models/world/frontdoor.h"
#include "models/world/entry.h"
#include "models/world/recovery.h"
#include "models/world/alerts.h"
#include "models/world/runbook.h"
#include "models/world/sqlfg.h"
#include "models/world/storage.h"
#include "models/world/wi.h"
#include "models/world/worldInt.h"
#include "sim/core/mem.h"

/* ---- building ----------------------------------------------------------------- */

static bool group_in(const uint32_t *list, size_t n, uint32_t group)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == group)
            return true;
    return false;
}

/* The VM groups as the strategy runs them: the world's, or those of a
 * geo-restore's legacy_vhds what-if. */
static const scn_vm_group *vm_groups(const world *w)
{
    return w->st->legacy_vms != NULL ? w->st->legacy_vms : w->cfg->vms;
}

static err_code build_streams(world *w)
{
    const scn_world *c = w->cfg;
    const scn_vm_group *groups = vm_groups(w);
    size_t n = 0;
    for (size_t a = 0; a < c->naccounts; a++)
        n++; /* every account has its own-writes stream (possibly at rate 0) */
    for (size_t g = 0; g < c->nvms; g++)
        n += (size_t)groups[g].count * groups[g].ndisks;
    /* Counts are set once their arrays exist: world_destroy walks them. */
    w->streams = mem_calloc(n ? n : 1, sizeof *w->streams);
    if (w->streams == NULL)
        return ERR_NOMEM;
    w->nstreams = n;
    size_t k = 0;
    for (size_t a = 0; a < c->naccounts; a++, k++) {
        stream_rt *s = &w->streams[k];
        s->w = w;
        s->label = c->accounts[a].name;
        s->entity = wi_id("writes", s->label);
        s->draw_entity = wi_id("rate", s->label);
        s->lag_entity = wi_id("lag", s->label);
        s->writes = &c->accounts[a].writes;
        s->account = (int32_t)a;
        s->vm = SCN_NONE;
        if ((s->ws = wr_create()) == NULL || (s->rev = wr_create()) == NULL)
            return ERR_NOMEM;
    }
    size_t vm = 0;
    for (size_t g = 0; g < c->nvms; g++) {
        const scn_vm_group *grp = &groups[g];
        for (uint32_t i = 0; i < grp->count; i++, vm++) {
            w->vms[vm].first_stream = k;
            for (size_t d = 0; d < grp->ndisks; d++, k++) {
                stream_rt *s = &w->streams[k];
                char label[256];
                if (d == 0)
                    snprintf(label, sizeof label, "%s/os", w->vms[vm].name);
                else
                    snprintf(label, sizeof label, "%s/data%zu", w->vms[vm].name, d);
                s->w = w;
                if ((s->label = s->label_owned = mem_strdup(label)) == NULL)
                    return ERR_NOMEM;
                s->entity = wi_id("disk", label);
                s->draw_entity = wi_id("churn", label);
                s->lag_entity = wi_id("lag", label);
                s->disk = true;
                s->dcfg = &grp->disks[d];
                s->account = grp->disks[d].account;
                s->vm = (int32_t)vm;
                if ((s->ws = wr_create()) == NULL || (s->rev = wr_create()) == NULL)
                    return ERR_NOMEM;
            }
        }
    }
    return ERR_OK;
}

static err_code build_accounts(world *w)
{
    const scn_world *c = w->cfg;
    w->accounts = mem_calloc(c->naccounts ? c->naccounts : 1, sizeof *w->accounts);
    w->acct_stream_pool = mem_calloc(w->nstreams ? w->nstreams : 1, sizeof(size_t));
    /* The downtime sweep's scratch: one entry per account and per SQL
     * failover group. */
    size_t nsrc = c->naccounts + c->nsql;
    w->scratch_idx = mem_calloc(nsrc ? nsrc : 1, sizeof(size_t));
    w->scratch_remap = mem_calloc(nsrc ? nsrc : 1, sizeof(sim_time));
    w->scratch_poly = mem_calloc(2 * nsrc + 3, sizeof(double));
    if (w->accounts == NULL || w->acct_stream_pool == NULL || w->scratch_idx == NULL ||
        w->scratch_remap == NULL || w->scratch_poly == NULL)
        return ERR_NOMEM;
    w->naccounts = c->naccounts;
    size_t used = 0;
    for (size_t a = 0; a < c->naccounts; a++) {
        account_rt *ar = &w->accounts[a];
        ar->w = w;
        ar->cfg = &c->accounts[a];
        ar->index = (uint32_t)a;
        ar->id = wi_id("acct", ar->cfg->name);
        ar->streams = &w->acct_stream_pool[used];
        for (size_t s = 0; s < w->nstreams; s++)
            if (w->streams[s].account == (int32_t)a) {
                ar->streams[ar->nstreams++] = s;
                if (w->streams[s].disk)
                    ar->has_leases = true;
            }
        used += ar->nstreams;
        ar->data = c->napps == 0;
        for (size_t p = 0; p < c->napps; p++)
            ar->data |= group_in(c->apps[p].data, c->apps[p].ndata, (uint32_t)a);
    }
    return ERR_OK;
}

static err_code build_vms(world *w)
{
    const scn_world *c = w->cfg;
    const scn_strategy *st = w->st;
    size_t n = 0;
    for (size_t g = 0; g < c->nvms; g++)
        n += c->vms[g].count;
    w->vms = mem_calloc(n ? n : 1, sizeof *w->vms);
    if (w->vms == NULL)
        return ERR_NOMEM;
    w->nvms = n;
    size_t k = 0;
    for (size_t g = 0; g < c->nvms; g++) {
        const scn_vm_group *grp = &vm_groups(w)[g];
        bool tier = c->napps == 0;
        for (size_t p = 0; p < c->napps; p++)
            tier |= group_in(c->apps[p].tiers, c->apps[p].ntiers, (uint32_t)g) ||
                    (c->vms[g].tier != SCN_NONE &&
                     group_in(c->apps[p].tiers, c->apps[p].ntiers, (uint32_t)c->vms[g].tier));
        int32_t plan_group = SCN_NONE, cgroup = SCN_NONE;
        if (st->kind == SCN_ASR || st->site_recovery) {
            if (st->ngroups == 0)
                plan_group = 0;
            for (size_t pg = 0; pg < st->ngroups; pg++)
                if (group_in(st->plan[pg].vms, st->plan[pg].nvms, (uint32_t)g))
                    plan_group = (int32_t)pg;
            for (size_t cg = 0; cg < st->nconsistency; cg++)
                if (group_in(st->consistency[cg].vms, st->consistency[cg].nvms, (uint32_t)g))
                    cgroup = (int32_t)cg;
        }
        for (uint32_t i = 0; i < grp->count; i++, k++) {
            vm_rt *v = &w->vms[k];
            char name[256];
            snprintf(name, sizeof name, "%s-%u", grp->name, i + 1);
            v->w = w;
            v->g = grp;
            v->group = (uint32_t)g;
            v->instance = i;
            if ((v->name = mem_strdup(name)) == NULL)
                return ERR_NOMEM;
            v->id = wi_id("vm", name);
            v->tier = tier;
            v->plan_group = plan_group;
            v->cgroup = cgroup;
        }
    }
    return ERR_OK;
}

static err_code build_outages(world *w)
{
    const scn_world *c = w->cfg;
    w->noutages = c->noutages;
    w->outages = mem_calloc(c->noutages ? c->noutages : 1, sizeof *w->outages);
    if (w->outages == NULL)
        return ERR_NOMEM;
    for (size_t i = 0; i < c->noutages; i++) {
        char key[64];
        snprintf(key, sizeof key, "%zu", i);
        w->outages[i] = (outage_rt){.w = w, .cfg = &c->outages[i], .index = (uint32_t)i,
                                    .id = wi_id("outage", key)};
    }
    return ERR_OK;
}

world *world_create(const scn_world *cfg, const scn_strategy *strategy, const world_limits *limits,
                    err_msg *e)
{
    world *w = mem_calloc(1, sizeof *w);
    if (w == NULL)
        goto nomem;
    w->cfg = cfg;
    w->st = strategy;
    w->site_recovery = strategy->kind == SCN_ASR || strategy->site_recovery;
    if (limits != NULL)
        w->limits = *limits;
    if ((w->eng = sim_create()) == NULL ||
        (w->topo = topo_create(cfg->regions, cfg->nregions)) == NULL)
        goto nomem;
    sim_on_event(w->eng, world_after_event, w);
    if (build_vms(w) != ERR_OK || build_streams(w) != ERR_OK || build_accounts(w) != ERR_OK ||
        cosmos_build(w) != ERR_OK || build_outages(w) != ERR_OK || apps_build(w) != ERR_OK ||
        sqlfg_build(w) != ERR_OK || al_build(w) != ERR_OK)
        goto nomem;
    /* The loader has checked the strata (too many is refused there). */
    if (strata_create(cfg, &w->strata, e) != ERR_OK) {
        world_destroy(w);
        return NULL;
    }
    return w;
nomem:
    world_destroy(w);
    err_set(e, ERR_NOMEM, "out of memory building the world");
    return NULL;
}

void world_destroy(world *w)
{
    if (w == NULL)
        return;
    for (size_t s = 0; s < w->nstreams; s++) {
        wr_destroy(w->streams[s].ws);
        wr_destroy(w->streams[s].rev);
        mem_free(w->streams[s].label_owned);
    }
    for (size_t a = 0; a < w->naccounts; a++)
        mem_free(w->accounts[a].log);
    for (size_t v = 0; v < w->nvms; v++)
        mem_free(w->vms[v].name);
    mem_free(w->streams);
    mem_free(w->accounts);
    mem_free(w->acct_stream_pool);
    mem_free(w->scratch_idx);
    mem_free(w->scratch_remap);
    mem_free(w->scratch_poly);
    mem_free(w->scratch_t);
    mem_free(w->vms);
    mem_free(w->outages);
    cosmos_destroy(w);
    apps_destroy(w);
    sqlfg_destroy(w);
    rb_destroy(w);
    al_destroy(w);
    strata_destroy(w->strata);
    topo_destroy(w->topo);
    sim_destroy(w->eng);
    mem_free(w);
}

/* ---- outages ---------------------------------------------------------------------- */

static const char *scope_text(const outage_rt *o, char *buf, size_t n)
{
    switch (o->cfg->scope) {
    case SCN_SCOPE_REGION:
        snprintf(buf, n, "region");
        break;
    case SCN_SCOPE_ZONE:
        snprintf(buf, n, "zone %u", o->place.zone);
        break;
    case SCN_SCOPE_DATACENTER:
        snprintf(buf, n, "datacenter %u of zone %u", o->place.dc, o->place.zone);
        break;
    }
    return buf;
}

/* What the outage does to its region's control plane, for its events. */
static const char *cp_text(const outage_rt *o, bool start)
{
    switch (cp_effect(o)) {
    case SCN_CP_DOWN:
        return start ? "; its control plane down (management operations wait)"
                     : "; its control plane back";
    case SCN_CP_IMPAIRED:
        return start ? "; its control plane impaired (management operations delayed)"
                     : "; its control plane back";
    default:
        return "";
    }
}

static void on_outage_start(sim_engine *e, void *ctx)
{
    outage_rt *o = ctx;
    world *w = o->w;
    char scope[64];
    o->active = true;
    topo_down(w->topo, o->place, o->destructive);
    oc_event_add(w->tl, sim_now(e), OC_EV_OUTAGE_START, wi_region_name(w, o->place.region),
                 "%s%s%s", scope_text(o, scope, sizeof scope),
                 o->destructive ? ", destructive" : "", cp_text(o, true));
    wi_changed(w);
}

static void on_outage_end(sim_engine *e, void *ctx)
{
    outage_rt *o = ctx;
    world *w = o->w;
    char scope[64];
    o->active = false;
    topo_up(w->topo, o->place);
    oc_event_add(w->tl, sim_now(e), OC_EV_OUTAGE_END, wi_region_name(w, o->place.region),
                 "%s back%s%s", scope_text(o, scope, sizeof scope),
                 o->destructive ? " (its data lost)" : "", cp_text(o, false));
    wi_changed(w);
}

/* Microsoft-managed failover (models/azure/defaults.h): by default only of
 * a destroyed scope ("permanently unrecoverable"), then even once the place
 * is back (its copies are gone); `when: always` (a what-if) while the outage
 * lasts. Of a region or of one datacenter: the geo-redundant accounts whose
 * primary copies are there. */
static void on_provider_failover(sim_engine *e, void *ctx)
{
    outage_rt *o = ctx;
    world *w = o->w;
    bool destroyed = o->cfg->provider_when == SCN_PROVIDER_WHEN_DESTROYED;
    if (destroyed ? !o->destructive : !o->active)
        return;
    char scope[64];
    oc_event_add(w->tl, sim_now(e), OC_EV_PROVIDER_FAILOVER, wi_region_name(w, o->place.region),
                 "the provider fails over the geo-replicated accounts of the %s%s",
                 scope_text(o, scope, sizeof scope),
                 destroyed ? " (destroyed: a catastrophic case)" : " (what-if: when: always)");
    stg_provider_failover(w, o->place, &o->cfg->provider_duration);
    al_raise(w, SCN_ALERT_STORAGE_FAILOVER, wi_region_name(w, o->place.region), 0,
             "Service Health: Microsoft is failing over the geo-redundant storage accounts of "
             "%s",
             wi_region_name(w, o->place.region));
    wi_changed(w);
}

static void draw_outages(world *w)
{
    for (size_t i = 0; i < w->noutages; i++) {
        outage_rt *o = &w->outages[i];
        const scn_outage *c = o->cfg;
        rng r = wi_rng(w, o->id);
        /* Always the same draws in the same order, used or not (common
         * random numbers across variants and sweeps). */
        double happen = rng_unit(&r);
        double at = dist_sample(&c->at, &r);
        double duration = dist_sample(&c->duration, &r);
        double destroy = rng_unit(&r);
        uint32_t zones = topo_zones(w->topo, c->region);
        uint32_t dcs = topo_datacenters(w->topo, c->region);
        uint32_t zone = 1 + rng_bounded(&r, zones);
        uint32_t dc = 1 + rng_bounded(&r, dcs);
        double provider = c->provider_failover ? dist_sample(&c->provider_after, &r) : 0;
        /* Drawn last: a constant draws nothing, so the draws above stay
         * the same whether or not these are distributions. */
        double p_happen = dist_sample(&c->probability, &r);
        double p_destroy = dist_sample(&c->destructive, &r);
        o->occurs = happen < p_happen;
        o->active = false;
        o->destructive = destroy < p_destroy;
        /* A stratum fixes what the uniforms above would have decided: the
         * draws are made all the same, so every other draw of the trial is
         * what it is without strata. */
        uint32_t stratum_zone = 0;
        strata_fate fate = w->stratum >= 0
                               ? strata_outage(w->strata, (uint32_t)w->stratum, i, &stratum_zone)
                               : STRATA_FREE;
        if (fate != STRATA_FREE) {
            o->occurs = fate != STRATA_ABSENT;
            o->destructive = fate == STRATA_DESTRUCTIVE;
            if (stratum_zone)
                zone = stratum_zone;
        }
        o->start = wi_us(at);
        o->end = o->start + wi_us(duration);
        o->provider_at = c->provider_failover ? o->start + wi_us(provider) : SIM_NEVER;
        o->place = (topo_place){c->region, 0, 0};
        if (c->scope != SCN_SCOPE_REGION)
            o->place.zone = c->zone ? c->zone : zone;
        if (c->scope == SCN_SCOPE_DATACENTER)
            o->place.dc = c->datacenter ? c->datacenter : dc;
        if (!o->occurs)
            continue;
        wi_at(w, o->start, on_outage_start, o, NULL);
        al_schedule_notices(w, o);
        if (o->end > o->start)
            wi_at(w, o->end, on_outage_end, o, NULL);
        else
            wi_at(w, o->start, on_outage_end, o, NULL);
        /* A destroyed scope is failed over even once the place is back
         * (its copies are gone); otherwise only while the outage lasts. */
        bool destroyed = c->provider_when == SCN_PROVIDER_WHEN_DESTROYED;
        if (o->provider_at != SIM_NEVER &&
            (destroyed ? o->destructive : o->provider_at < o->end))
            wi_at(w, o->provider_at, on_provider_failover, o, NULL);
    }
}

/* ---- per-trial draws --------------------------------------------------------------- */

static void reset_streams(world *w)
{
    for (size_t k = 0; k < w->nstreams; k++) {
        stream_rt *s = &w->streams[k];
        rng r = wi_rng(w, s->draw_entity);
        wr_params p = {0, 1, 0, false, NULL, false};
        if (s->disk) {
            /* Churn: writes of the disk's I/O size, drawn once per trial. */
            double churn = dist_sample(&s->dcfg->churn, &r);
            double io = dist_sample(&s->dcfg->io_size, &r);
            p.size_mean = io > DISK_MIN_IO_SIZE ? io : DISK_MIN_IO_SIZE;
            p.rate = churn > 0 ? churn / p.size_mean : 0;
        } else {
            /* The account's writes: sizes of exactly the scenario's law. */
            double rate = dist_sample(&s->writes->rate, &r);
            p.rate = rate > 0 ? rate : 0;
            double mean = dist_mean(&s->writes->size);
            p.size_mean = mean > 0 ? mean : 1;
            p.size = mean > 0 ? &s->writes->size : NULL;
            p.regular = s->writes->arrivals == SCN_ARRIVALS_REGULAR;
        }
        /* s->params also starts the reverse replication after a failover
         * (storage.c), a link that begins empty then; the stream's own
         * writes go back before the trial, their links in steady state. */
        s->params = p;
        s->byte_rate = p.rate * p.size_mean;
        s->fate = FATE_INTACT;
        s->rp = 0;
        s->lost_from = 0;
        p.stationary = true;
        wr_reset(s->ws, &p, w->seed, w->trial, s->entity, w->horizon);
    }
}

static void reset_vms(world *w)
{
    for (size_t k = 0; k < w->nvms; k++) {
        vm_rt *v = &w->vms[k];
        const scn_vm_group *g = v->g;
        rng r = wi_rng(w, wi_id("place", v->name));
        uint32_t zones = topo_zones(w->topo, g->region);
        uint32_t drawn_zone = 1 + rng_bounded(&r, zones);
        v->dc = 1 + rng_bounded(&r, topo_datacenters(w->topo, g->region));
        switch (g->placement) {
        case SCN_PLACE_ZONE:
            v->zone = g->zone ? g->zone : 1;
            break;
        case SCN_PLACE_SPREAD:
            v->zone = 1 + v->instance % zones;
            break;
        case SCN_PLACE_ANY:
            v->zone = drawn_zone;
            break;
        }
        v->state = VM_UP;
        v->region_now = g->region;
        v->down_at = SIM_NEVER;
        v->up_at = 0;
        v->ev = SIM_EVENT_NONE;
        v->restored = false;
        v->rebuilt = false;
        v->consistency = NULL;
    }
}

/* ---- availability ------------------------------------------------------------------ */

/* The world's level now: its applications' (apps.h), none while a recovery
 * plan runs (its last actions may be what makes the application usable). */
static app_level app_serving(world *w, app_why *why)
{
    app_level level = apps_level(w, why);
    if (w->plan.running || (w->failover && w->st->kind == SCN_ASR && !w->plan.done) ||
        (w->asr_started && !w->plan.done))
        return APP_DOWN;
    return level;
}

/* Notes the application's level at `now`: the time it spends at each level
 * below serving within its first disruption (until it serves in full again,
 * or the horizon) is the trial's `degraded`, `read_only` and `fully_down`. */
static void note_level(world *w, app_level level, sim_time now)
{
    if ((int)level == w->level)
        return;
    if (w->disrupted && !w->recovered) {
        sim_time spent = now - w->level_since;
        if (w->level == APP_DEGRADED)
            w->degraded += spent;
        else if (w->level == APP_READ_ONLY)
            w->read_only += spent;
        else if (w->level == APP_DOWN)
            w->fully_down += spent;
    }
    w->level = (int)level;
    w->level_since = now;
}

/* What the timeline says when the application stops serving in full. */
static void say_down(world *w, app_level level, const app_why *why, sim_time now)
{
    switch (level) {
    case APP_DEGRADED:
        if (why->short_group != NULL) {
            const scn_vm_group *g = why->short_group;
            uint32_t needs = g->needs == 0 || g->needs > g->count ? g->count : g->needs;
            oc_event_add(w->tl, now, OC_EV_SERVICE_DOWN, NULL,
                         "the application is degraded: tier %s has %u of the %u VMs it needs "
                         "(down until it has them)",
                         g->name, why->short_up, needs);
        } else {
            oc_event_add(w->tl, now, OC_EV_SERVICE_DOWN, NULL,
                         "the application is at reduced capacity: %.0f%% of its peak load "
                         "from %s (down until it serves what it needs)",
                         100 * why->capacity,
                         why->region >= 0 ? wi_region_name(w, (uint32_t)why->region) : "its region");
        }
        break;
    case APP_READ_ONLY:
        oc_event_add(w->tl, now, OC_EV_SERVICE_DOWN, NULL,
                     "the application is read-only: its data is readable, not writable");
        break;
    default:
        oc_event_add(w->tl, now, OC_EV_SERVICE_DOWN, NULL, "the application stops serving");
        break;
    }
}

/* Brings every account, every VM and the strategy up to date with the
 * world, then notes whether the application stopped or started serving. */
static void refresh(world *w)
{
    if (w->error != ERR_OK)
        return;
    for (size_t a = 0; a < w->naccounts; a++)
        stg_refresh(w, &w->accounts[a]);
    sqlfg_refresh(w);
    cosmos_refresh(w);
    rec_refresh(w);
    rb_refresh(w);
    app_why why;
    app_level level = app_serving(w, &why);
    bool serving = level == APP_SERVING;
    sim_time now = sim_now(w->eng);
    note_level(w, level, now);
    if (w->serving && !serving) {
        say_down(w, level, &why, now);
        if (!w->disrupted) {
            w->disrupted = true;
            w->t_disrupt = now;
            apps_on_disrupted(w);
            rec_on_disrupted(w);
        }
    } else if (!w->serving && serving && w->disrupted && !w->recovered) {
        w->recovered = true;
        w->t_recovered = now;
        apps_on_recovered(w);
        oc_event_add(w->tl, now, OC_EV_SERVICE_RESTORED, NULL, "serving again %s",
                     !w->target_side             ? "where it was"
                     : w->st->target_zone != 0 ? "from the recovery zone"
                                               : "from the recovery region");
    }
    /* Serving at least reads, as the RTO is for full service: from the
     * disruption's first instant serving nothing to the end of its last
     * spell of nothing before it serves in full (a later spell, as when a
     * read-only secondary goes too, reopens it). */
    if (w->disrupted && !w->recovered && level == APP_DOWN) {
        if (w->t_none == SIM_NEVER)
            w->t_none = now;
        w->t_some = SIM_NEVER;
    }
    if (w->t_none != SIM_NEVER && w->t_some == SIM_NEVER && level > APP_DOWN)
        w->t_some = now;
    w->serving = serving;
}

/* A refresh may itself change the world (a strategy that was waiting for its
 * target region starts, and with it an account failover): it then runs
 * again, until the world is settled. A refresh of a settled world changes
 * nothing, so this is what a refresh inside the handler did. */
void world_after_event(sim_engine *e, void *ctx)
{
    (void)e;
    world *w = ctx;
    while (w->changed) {
        w->changed = false;
        refresh(w);
    }
}

/* ---- outcome ----------------------------------------------------------------------- */

static int cmp_time(const void *x, const void *y)
{
    sim_time a = *(const sim_time *)x, b = *(const sim_time *)y;
    return a < b ? -1 : a > b;
}

/* The clients of a name of TTL `ttl` seconds in this trial: the resolvers'
 * overstay is one draw per trial, the same for every name (it is the
 * clients' world, not a name's). */
static dns_clients trial_clients(const world *w, double ttl)
{
    rng rs = wi_rng(w, wi_id("dns", "overstay_share"));
    double share = dist_sample(&w->cfg->dns_overstay_share, &rs);
    double overstay = dist_sample(&w->cfg->dns_overstay_max, &rs);
    return (dns_clients){ttl, share, overstay};
}

/* The data's downtime in seconds within [0, horizon], not writable (or not
 * readable), as its clients see it: the mean over clients. At instant t a
 * client reaches every data account unless one is down, or was remapped
 * less than the client's own DNS delay ago (dns.h: uniform over the TTL,
 * plus the resolvers' overstay). Clients' delays for different accounts are
 * taken as independent (an assumption), so account i is reachable with
 * probability P_i(t) = up_i(t) F_i(t - r_i), F_i the delay's CDF and r_i
 * its last remap, and the mean downtime is the integral of
 * 1 - prod_i P_i(t). Between two breakpoints (a change, a remap, the ends of
 * its CDF's pieces) each P_i is 0, 1 or a polynomial of degree 2 at most
 * (known from three values), so the integral is exact. One account remapped
 * once after a downtime D: D + TTL / 2, the mean DNS delay — as the
 * application's clients (client_downtime). */
/* Source k of the downtime sweep: account k, then SQL failover group k -
 * naccounts (sqlfg.h: its read-write listener); false when it holds no
 * application data. */
static bool data_source(const world *w, size_t k, const avail_change **log, size_t *nlog,
                        sim_time *ttl)
{
    if (k < w->naccounts) {
        const account_rt *ar = &w->accounts[k];
        *log = ar->log;
        *nlog = ar->nlog;
        *ttl = ar->dns_ttl;
        return ar->data;
    }
    const sqlfg_rt *g = &w->sqlfg[k - w->naccounts];
    *log = g->log;
    *nlog = g->nlog;
    *ttl = g->ttl_us;
    return g->data;
}

static double downtime(world *w, bool reads, err_code *rc)
{
    size_t nsrc = w->naccounts + w->nsqlfg;
    const avail_change *log;
    size_t nlog;
    sim_time ttl;
    size_t n = 2;
    for (size_t a = 0; a < nsrc; a++)
        if (data_source(w, a, &log, &nlog, &ttl))
            n += 4 * nlog;
    for (size_t k = 0; k < w->ncosmos; k++)
        if (w->cosmos[k].data)
            n += w->cosmos[k].nlog;
    if (n > w->scratch_tcap &&
        mem_grow((void **)&w->scratch_t, &w->scratch_tcap, n, sizeof *w->scratch_t) != 0) {
        *rc = ERR_NOMEM;
        return 0;
    }
    sim_time *t = w->scratch_t;
    size_t nt = 0;
    t[nt++] = 0;
    t[nt++] = w->horizon;
    dns_clients cl = trial_clients(w, 0);
    for (size_t a = 0; a < nsrc; a++) {
        if (!data_source(w, a, &log, &nlog, &ttl))
            continue;
        w->scratch_idx[a] = 0;
        w->scratch_remap[a] = SIM_NEVER;
        cl.ttl = (double)ttl / 1e6;
        double ends[3];
        size_t nends = dns_delay_pieces(&cl, ends);
        for (size_t k = 0; k < nlog; k++) {
            const avail_change *c = &log[k];
            if (c->t < w->horizon)
                t[nt++] = c->t;
            for (size_t e = 0; c->remap && e < nends; e++) {
                sim_time b = c->t + wi_us(ends[e]);
                if (b < w->horizon)
                    t[nt++] = b;
            }
        }
    }
    /* Cosmos DB accounts: no DNS (their SDKs follow the write region). */
    for (size_t k = 0; k < w->ncosmos; k++)
        for (size_t j = 0; w->cosmos[k].data && j < w->cosmos[k].nlog; j++)
            if (w->cosmos[k].log[j].t < w->horizon)
                t[nt++] = w->cosmos[k].log[j].t;
    qsort(t, nt, sizeof *t, cmp_time);
    double total = 0, *poly = w->scratch_poly;
    for (size_t j = 0; j + 1 < nt; j++) {
        sim_time t0 = t[j], t1 = t[j + 1];
        if (t1 <= t0)
            continue;
        double len = (double)(t1 - t0) / 1e6;
        bool out = false;
        size_t deg = 0;
        poly[0] = 1;
        /* Cosmos DB accounts: no DNS remap to follow (the SDK routes to the
         * new write region), their availability as logged (cosmos.h). */
        for (size_t k = 0; k < w->ncosmos && !out; k++) {
            const cosmos_rt *c = &w->cosmos[k];
            const avail_change *last = NULL;
            for (size_t q = 0; c->data && q < c->nlog && c->log[q].t <= t0; q++)
                last = &c->log[q];
            out = last != NULL && !(reads ? last->readable : last->writable);
        }
        for (size_t a = 0; a < nsrc && !out; a++) {
            if (!data_source(w, a, &log, &nlog, &ttl))
                continue;
            size_t *k = &w->scratch_idx[a];
            for (; *k < nlog && log[*k].t <= t0; ++*k)
                if (log[*k].remap)
                    w->scratch_remap[a] = log[*k].t;
            const avail_change *c = *k > 0 ? &log[*k - 1] : NULL;
            if (c != NULL && !(reads ? c->readable : c->writable)) {
                out = true;
                break;
            }
            sim_time r = w->scratch_remap[a];
            if (r == SIM_NEVER)
                continue;
            cl.ttl = (double)ttl / 1e6;
            double x0 = (double)(t0 - r) / 1e6, x1 = (double)(t1 - r) / 1e6;
            double f0 = dns_delay_cdf(&cl, x0), fm = dns_delay_cdf(&cl, (x0 + x1) / 2),
                   f1 = dns_delay_cdf(&cl, x1);
            if (f0 >= 1)
                continue; /* every client has followed */
            /* P = q0 + q1 y + q2 y^2 on this segment, y in [0, 1]. */
            double q0 = f0, q1 = -3 * f0 + 4 * fm - f1, q2 = 2 * f0 - 4 * fm + 2 * f1;
            poly[deg + 1] = poly[deg + 2] = 0;
            for (size_t i = deg + 2; i > 0; i--)
                poly[i] = poly[i] * q0 + poly[i - 1] * q1 + (i >= 2 ? poly[i - 2] * q2 : 0);
            poly[0] *= q0;
            deg += 2;
        }
        if (out) {
            total += len;
            continue;
        }
        double mean = 0;
        for (size_t i = 0; i <= deg; i++)
            mean += poly[i] / (double)(i + 1);
        total += len * (1 - mean);
    }
    return total;
}

static err_code account_loss(world *w, stream_rt *s)
{
    uint64_t count = 0;
    double bytes = 0;
    err_code rc = ERR_OK;
    if (s->fate == FATE_LOST)
        rc = wr_count(s->ws, 0, s->lost_from, &count, &bytes);
    else if (s->fate == FATE_RESTORED) /* writes at or after the recovery point */
        rc = wr_count(s->ws, s->rp - 1, s->lost_from, &count, &bytes);
    w->loss_writes += (double)count;
    w->loss_bytes += bytes;
    return rc;
}

/* Client downtime behind Front Door: no DNS, each edge location's probes
 * take the failed origin out and the serving one in (frontdoor.h). The
 * origin group holds the app's home and, when the strategy has one, its
 * failover target; clients end on the target when the app runs there, else
 * on the home origin again. The mean over clients and the 95th percentile of
 * the instant their edge routes every request to a serving origin. */
static void front_door_downtime(world *w, const scn_app *app, double *mean, double *p95)
{
    fd_probes p = {wi_us(app->fd_interval), app->fd_sample_size, app->fd_required, 0,
                   wi_us(app->fd_propagation)};
    fd_route r = {w->t_disrupt, w->t_recovered, !w->target_side,
                  w->st->kind == SCN_WAIT ? 1u : 2u};
    *mean = fd_downtime_mean(&p, &r);
    *p95 = fd_switch_quantile(&p, &r, 0.95);
    double all = fd_switch_quantile(&p, &r, 1.0);
    oc_event_add(w->tl, w->t_disrupt + wi_us(fd_switch_quantile(&p, &r, 0.5)), OC_EV_DNS_SWITCH,
                 app->name, "Front Door routes every edge location's clients to %s within "
                 "%.0fs of the disruption (median edge; no DNS TTL)",
                 w->target_side ? "the recovery region" : "the app again", all);
}

/* Client downtime (mean and p95) of one application. */
static void client_downtime(world *w, const scn_app *app, double *mean, double *p95)
{
    double rto = (double)(w->t_recovered - w->t_disrupt) / 1e6;
    *mean = *p95 = rto;
    if (app->entry == SCN_ENTRY_FRONT_DOOR) {
        front_door_downtime(w, app, mean, p95);
        return;
    }
    if (!w->target_side || app->entry == SCN_ENTRY_NONE)
        return;
    dns_clients clients = trial_clients(w, app->ttl);
    sim_time switch_at = w->t_recovered;
    if (app->entry == SCN_ENTRY_TRAFFIC_MANAGER) {
        rng r = wi_rng(w, wi_id("tm", app->name));
        dns_probes p = {wi_us(app->tm_interval), wi_us(app->tm_timeout), app->tm_tolerated, 0};
        p.phase = (sim_time)(rng_unit(&r) * (double)p.interval);
        sim_time degraded = dns_degraded_at(&p, w->t_disrupt, SIM_NEVER);
        sim_time healthy = dns_healthy_at(&p, w->t_recovered);
        switch_at = degraded > healthy ? degraded : healthy;
    }
    double base = (double)(switch_at - w->t_disrupt) / 1e6;
    *mean = base + dns_delay_mean(&clients);
    *p95 = base + dns_delay_quantile(&clients, 0.95);
    oc_event_add(w->tl, switch_at, OC_EV_DNS_SWITCH, app->name,
                 "clients follow over %.0fs (TTL %.0fs)", dns_delay_quantile(&clients, 1.0),
                 app->ttl);
}

static err_code finish(world *w, oc_trial *out)
{
    rec_finish(w);
    err_code rc = ERR_OK;
    oc_set(out, OC_DISRUPTED, w->disrupted ? 1 : 0);
    bool destroyed = false;
    for (size_t i = 0; i < w->noutages; i++)
        destroyed = destroyed || (w->outages[i].occurs && w->outages[i].destructive &&
                                  w->outages[i].start < w->horizon);
    oc_set(out, OC_DESTROYED, destroyed ? 1 : 0);
    /* The data's downtime is that of the storage accounts, SQL failover
     * groups and Cosmos DB accounts that hold the apps' data: with none
     * (data only on VM disks), it does not apply and is left absent, never a
     * 0 that would read as "always available". */
    bool data_sources = false;
    for (size_t a = 0; a < w->naccounts; a++)
        data_sources |= w->accounts[a].data;
    for (size_t g = 0; g < w->nsqlfg; g++)
        data_sources |= w->sqlfg[g].data;
    for (size_t c = 0; c < w->ncosmos; c++)
        data_sources |= w->cosmos[c].data;
    if (data_sources) {
        oc_set(out, OC_WRITE_DOWNTIME, downtime(w, false, &rc));
        oc_set(out, OC_READ_DOWNTIME, downtime(w, true, &rc));
    }
    if (rc != ERR_OK)
        return rc;
    if (w->drill_rto >= 0)
        oc_set(out, OC_DRILL_RTO, (double)w->drill_rto / 1e6);
    bool failed_over = w->failover;
    for (size_t a = 0; a < w->naccounts; a++)
        failed_over |= w->accounts[a].data && w->accounts[a].failed_over;
    for (size_t v = 0; v < w->nvms; v++)
        failed_over |= w->vms[v].tier && w->vms[v].state == VM_UP_ELSEWHERE;

    /* Data: the application's accounts' own writes and its stateful tiers'
     * disks (a stateless tier's are rebuilt from an image: no data of the
     * application), whether or not the application stopped serving: a disk
     * destroyed under a tier that other VMs keep up loses its writes all the
     * same. */
    double rpo = 0;
    bool lost = w->any_lost;
    for (size_t k = 0; k < w->nstreams && rc == ERR_OK; k++) {
        stream_rt *s = &w->streams[k];
        bool app_data = s->disk ? w->vms[s->vm].tier && !w->vms[s->vm].g->stateless
                                : w->accounts[s->account].data;
        if (!app_data)
            continue;
        if (s->fate == FATE_LOST)
            lost = true;
        else if (s->fate == FATE_RESTORED) {
            double r = (double)(s->lost_from - s->rp) / 1e6;
            if (r > rpo)
                rpo = r;
        }
        rc = account_loss(w, s);
    }
    if (rc == ERR_OK)
        rc = sqlfg_finish(w, &rpo, &lost, &failed_over);
    double conflicts = 0;
    if (rc == ERR_OK)
        rc = cosmos_finish(w, &rpo, &lost, &failed_over, &conflicts);
    oc_set(out, OC_FAILED_OVER, failed_over ? 1 : 0);
    if (!isnan(conflicts))
        oc_set(out, OC_WRITE_CONFLICTS, conflicts);
    if (!lost)
        oc_set(out, OC_RPO, rpo);
    oc_set(out, OC_DATA_LOST_ALL, lost ? 1 : 0);
    oc_set(out, OC_DATA_LOSS_WRITES, w->loss_writes);
    oc_set(out, OC_DATA_LOSS_BYTES, w->loss_bytes);

    /* The disruption's time at each level below serving: to the horizon
     * when it never served in full again. */
    note_level(w, APP_SERVING, w->horizon);
    oc_set(out, OC_DEGRADED, (double)w->degraded / 1e6);
    oc_set(out, OC_READ_ONLY, (double)w->read_only / 1e6);
    oc_set(out, OC_FULLY_DOWN, (double)w->fully_down / 1e6);
    /* Serving at least reads: from the first instant of nothing at all
     * within the disruption to the end of its last spell (see refresh), to
     * the horizon when it never ends. */
    sim_time nothing = w->t_none == SIM_NEVER ? 0
                       : (w->t_some == SIM_NEVER ? w->horizon : w->t_some) - w->t_none;
    oc_set(out, OC_SERVING_RTO, (double)nothing / 1e6);

    if (!w->disrupted) {
        oc_set(out, OC_RTO, 0);
        oc_set(out, OC_CLIENT_DOWNTIME, 0);
        oc_set(out, OC_CLIENT_DOWNTIME_P95, 0);
        return rc; /* nothing restored: consistency does not apply */
    }

    if (w->recovered) {
        oc_set(out, OC_RTO, (double)(w->t_recovered - w->t_disrupt) / 1e6);
        double mean = 0, p95 = 0;
        if (w->cfg->napps == 0) {
            mean = p95 = out->value[OC_RTO];
            sqlfg_client_downtime(w, 0, trial_clients(w, 0), &mean, &p95);
        }
        for (size_t p = 0; p < w->cfg->napps; p++) {
            double m, q;
            const app_rt *a = &w->apps[p];
            dns_clients clients = trial_clients(w, ent_ttl(a));
            if (!apps_client_downtime(w, a, &clients, &m, &q))
                client_downtime(w, &w->cfg->apps[p], &m, &q);
            sqlfg_client_downtime(w, p, trial_clients(w, 0), &m, &q);
            mean = m > mean ? m : mean;
            p95 = q > p95 ? q : p95;
        }
        oc_set(out, OC_CLIENT_DOWNTIME, mean);
        oc_set(out, OC_CLIENT_DOWNTIME_P95, p95);
    }

    /* Consistency of what was restored from copies (a stateless VM's disks
     * hold nothing to be consistent with). */
    bool any = false, none = false, all_app = true;
    for (size_t v = 0; v < w->nvms; v++) {
        const vm_rt *vm = &w->vms[v];
        if (!vm->tier || vm->g->stateless || !vm->restored || vm->consistency == NULL)
            continue;
        any = true;
        none |= strcmp(vm->consistency, "none") == 0;
        all_app &= strcmp(vm->consistency, "app") == 0;
    }
    /* The shares of consistent recoveries are over the trials that
     * restored something: a trial that restored nothing has no figure. */
    out->consistency = !any ? NULL : none ? "none" : all_app ? "app" : "crash";
    if (any) {
        oc_set(out, OC_CONSISTENT, none ? 0 : 1);
        oc_set(out, OC_APP_CONSISTENT, !none && all_app ? 1 : 0);
    }
    return rc;
}

/* The trial's outcome error as a message. */
static err_code trial_error(world *w, err_code rc, err_msg *e)
{
    uint64_t trial = w->trial;
    switch (rc) {
    case ERR_OK:
        return ERR_OK;
    case ERR_LIMIT:
        if (w->limits.max_events != 0 && sim_executed(w->eng) >= w->limits.max_events)
            return err_set(e, rc,
                           "trial %llu stopped at the safety limit of %llu events per trial: "
                           "the scenario makes too many events",
                           (unsigned long long)trial, (unsigned long long)w->limits.max_events);
        return err_set(e, rc,
                       "trial %llu stopped at the safety limit of %zu events pending at once: "
                       "the scenario schedules too many events",
                       (unsigned long long)trial, w->limits.max_pending);
    case ERR_NOMEM:
        return err_set(e, rc, "out of memory in trial %llu", (unsigned long long)trial);
    default:
        return err_set(e, rc, "trial %llu failed: %s", (unsigned long long)trial, err_name(rc));
    }
}

err_code world_trial_begin(world *w, uint64_t seed, uint64_t trial, oc_timeline *timeline,
                           err_msg *e)
{
    sim_reset(w->eng);
    sim_set_limits(w->eng, w->limits.max_events, w->limits.max_pending);
    topo_reset(w->topo);
    w->seed = seed;
    w->trial = trial;
    w->tl = timeline;
    if (timeline != NULL)
        oc_timeline_clear(timeline);
    w->error = ERR_OK;
    w->changed = false;
    w->horizon = wi_us(w->cfg->horizon);
    w->disrupted = w->recovered = w->failover = w->target_side = false;
    w->detected = w->decided = false;
    w->serving = true;
    w->level = APP_SERVING;
    w->level_since = 0;
    w->degraded = w->read_only = w->fully_down = 0;
    w->t_none = w->t_some = SIM_NEVER;
    w->t_disrupt = w->t_detect = w->t_decide = w->t_recovered = SIM_NEVER;
    w->source_back = SIM_NEVER;
    w->plan = (plan_rt){.w = w, .kind = PLAN_FAILOVER};
    w->drill = (plan_rt){.w = w, .kind = PLAN_DRILL, .salt = RNG_SALT_DRILL};
    w->failback = (plan_rt){.w = w, .kind = PLAN_FAILBACK, .salt = RNG_SALT_FAILBACK};
    w->asr_waiting = w->committing = w->committed = w->reprotecting = w->reprotected = false;
    w->asr_started = false;
    w->reprotect_done = SIM_NEVER;
    w->loss_writes = w->loss_bytes = 0;
    w->any_lost = false;
    w->drill_rto = -1;
    w->stratum = w->strata ? (int32_t)strata_of_trial(w->strata, trial) : -1;
    al_reset(w);
    if (rb_reset(w) != ERR_OK)
        return trial_error(w, ERR_NOMEM, e);

    reset_vms(w);
    reset_streams(w);
    stg_reset(w);
    sqlfg_reset(w);
    cosmos_reset(w);
    apps_reset(w);
    draw_outages(w);
    rec_schedule_drill(w);
    return trial_error(w, w->error, e);
}

err_code world_trial_advance(world *w, sim_time until, err_msg *e)
{
    if (until > w->horizon)
        until = w->horizon;
    if (until < sim_now(w->eng))
        return ERR_OK;
    err_code rc = sim_run_until(w->eng, until);
    if (rc == ERR_OK)
        rc = w->error;
    return trial_error(w, rc, e);
}

err_code world_trial_end(world *w, oc_trial *out, err_msg *e)
{
    oc_trial_init(out, w->trial);
    out->stratum = w->stratum;
    err_code rc = sim_run_until(w->eng, w->horizon);
    if (rc == ERR_OK)
        rc = w->error;
    if (rc == ERR_OK)
        rc = finish(w, out);
    /* What the disruption cost the business: from the figures just set. */
    if (rc == ERR_OK)
        cost_set_outage(&w->cfg->business, out);
    if (rc == ERR_OK && w->tl != NULL) {
        oc_timeline_sort(w->tl);
        rc = w->tl->error;
    }
    return trial_error(w, rc, e);
}

err_code world_run_trial(world *w, uint64_t seed, uint64_t trial, oc_trial *out,
                         oc_timeline *timeline, err_msg *e)
{
    err_code rc = world_trial_begin(w, seed, trial, timeline, e);
    if (rc == ERR_OK)
        rc = world_trial_end(w, out, e);
    return rc;
}

sim_time world_now(const world *w)
{
    return sim_now(w->eng);
}

sim_time world_horizon(const world *w)
{
    return w->horizon;
}

sim_time world_first_alert(const world *w)
{
    return w->t_first_alert;
}

bool world_serving(const world *w)
{
    return w->serving;
}

sim_time world_recovered_at(const world *w)
{
    return w->recovered ? w->t_recovered : SIM_NEVER;
}
