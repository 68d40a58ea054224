/*
 * apps.c — applications in one region or several: the capacity each region
 * serves, the level of service clients get through the entry, standbys'
 * scale-out (apps.h).
 *
 * Invariants: endpoint i of an application is up exactly when the
 * application serves at least reads in its region at the last refresh
 * (entry.c is told of every change, at the instant it happens); a group's
 * capacity is its `capacity` until its scale-out is done, `scale_to` after,
 * never scaled in within a trial.
 */
#include "models/world/apps.h"

#include <stdio.h>
#include <string.h>

#include "models/world/cosmos.h"
#include "models/world/ctlplane.h"
#include "models/world/entry.h"
#include "models/world/wi.h"
#include "sim/core/mem.h"

/* ---- building ------------------------------------------------------------------ */

static bool has_region(const app_rt *a, uint32_t region)
{
    for (size_t i = 0; i < a->nep; i++)
        if (a->ep[i].region == region)
            return true;
    return false;
}

static err_code build_app(world *w, app_rt *a, const scn_app *cfg)
{
    const scn_world *c = w->cfg;
    a->w = w;
    a->cfg = cfg;
    a->name = cfg != NULL ? cfg->name : "the application";
    a->ntiers = cfg != NULL ? cfg->ntiers : c->nvms;
    size_t nv = c->nvms ? c->nvms : 1;
    a->tiers = mem_calloc(a->ntiers ? a->ntiers : 1, sizeof *a->tiers);
    a->groups_pool = mem_calloc(nv * (a->ntiers ? a->ntiers : 1), sizeof *a->groups_pool);
    a->data = mem_calloc(c->naccounts ? c->naccounts : 1, sizeof *a->data);
    a->ep = mem_calloc(c->nregions ? c->nregions : 1, sizeof *a->ep);
    if (a->tiers == NULL || a->groups_pool == NULL || a->data == NULL || a->ep == NULL)
        return ERR_NOMEM;
    bool several = false;
    for (size_t t = 0; t < a->ntiers; t++) {
        tier_rt *T = &a->tiers[t];
        uint32_t first = cfg != NULL ? cfg->tiers[t] : (uint32_t)t;
        T->groups = &a->groups_pool[t * nv];
        T->groups[T->ngroups++] = first;
        for (size_t g = 0; cfg != NULL && g < c->nvms; g++)
            if (c->vms[g].tier == (int32_t)first && g != first)
                T->groups[T->ngroups++] = (uint32_t)g;
        several |= T->ngroups > 1;
    }
    for (size_t k = 0; k < c->naccounts; k++)
        a->data[k] = cfg == NULL;
    for (size_t k = 0; cfg != NULL && k < cfg->ndata; k++)
        a->data[cfg->data[k]] = true;
    /* Endpoints: the regions of the tiers deployed in several, the region
     * of each tier's own group first (priority order). */
    for (size_t t = 0; several && t < a->ntiers; t++) {
        const tier_rt *T = &a->tiers[t];
        for (size_t i = 0; T->ngroups > 1 && i < T->ngroups; i++) {
            uint32_t r = c->vms[T->groups[i]].region;
            if (has_region(a, r))
                continue;
            endpoint_rt *e = &a->ep[a->nep++];
            char key[200];
            snprintf(key, sizeof key, "%s/%s", a->name, wi_region_name(w, r));
            e->app = a;
            e->region = r;
            e->id = wi_id("tm", key);
        }
    }
    return ERR_OK;
}

err_code apps_build(world *w)
{
    const scn_world *c = w->cfg;
    size_t n = c->napps ? c->napps : 1;
    w->apps = mem_calloc(n, sizeof *w->apps);
    w->scales = mem_calloc(c->nvms ? c->nvms : 1, sizeof *w->scales);
    w->group_up = mem_calloc(c->nvms ? c->nvms : 1, sizeof *w->group_up);
    if (w->apps == NULL || w->scales == NULL || w->group_up == NULL)
        return ERR_NOMEM;
    w->napps = n;
    for (size_t g = 0; g < c->nvms; g++)
        w->scales[g] = (scale_rt){.w = w, .group = (uint32_t)g};
    for (size_t p = 0; p < n; p++) {
        err_code rc = build_app(w, &w->apps[p], c->napps ? &c->apps[p] : NULL);
        if (rc != ERR_OK)
            return rc;
    }
    return ERR_OK;
}

void apps_destroy(world *w)
{
    for (size_t p = 0; w->apps != NULL && p < w->napps; p++) {
        mem_free(w->apps[p].tiers);
        mem_free(w->apps[p].groups_pool);
        mem_free(w->apps[p].data);
        mem_free(w->apps[p].ep);
    }
    mem_free(w->apps);
    mem_free(w->scales);
    mem_free(w->group_up);
}

void apps_reset(world *w)
{
    for (size_t g = 0; g < w->cfg->nvms; g++)
        w->scales[g].started = w->scales[g].done = false;
    for (size_t p = 0; p < w->napps; p++) {
        app_rt *a = &w->apps[p];
        ent_reset(w, a);
        a->route = ent_route(a);
        a->route_at_disrupt = a->route_seen = a->route;
        a->switched_at = a->switch_seen = SIM_NEVER;
    }
}

/* ---- levels -------------------------------------------------------------------- */

/* The VMs group g needs up for its tier to serve (`needs`; 0 = all). */
static uint32_t tier_needs(const scn_vm_group *g)
{
    return g->needs == 0 || g->needs > g->count ? g->count : g->needs;
}

/* The level application a serves at in `region` (-1: it is in one region),
 * and why it falls short. */
static app_level region_level(const world *w, const app_rt *a, int32_t region, app_why *why)
{
    const scn_world *c = w->cfg;
    double capacity = 1;
    for (size_t t = 0; t < a->ntiers; t++) {
        const tier_rt *T = &a->tiers[t];
        uint32_t g = T->groups[0];
        if (region >= 0 && T->ngroups > 1) {
            size_t i = 0;
            while (i < T->ngroups && c->vms[T->groups[i]].region != (uint32_t)region)
                i++;
            if (i == T->ngroups)
                return APP_DOWN; /* the tier is not deployed there */
            g = T->groups[i];
        }
        const scn_vm_group *G = &c->vms[g];
        uint32_t up = w->group_up[g], needs = tier_needs(G);
        if (up == 0)
            return APP_DOWN;
        double share = w->scales[g].done ? G->scale_to : G->capacity;
        double part = share * (up >= needs ? 1.0 : (double)up / needs);
        if (up < needs && why->short_group == NULL) {
            why->short_group = G;
            why->short_up = up;
        }
        if (part < capacity)
            capacity = part;
    }
    bool writable = true, readable = true;
    bool local = region >= 0 && a->cfg != NULL && a->cfg->writes == SCN_WRITES_LOCAL;
    for (size_t k = 0; k < w->naccounts; k++) {
        const account_rt *ac = &w->accounts[k];
        if (!a->data[k] || (local && ac->cfg->region != (uint32_t)region))
            continue;
        writable &= ac->writable;
        readable &= ac->readable;
    }
    /* Its SQL failover groups: the read-write listener's primary, and the
     * readable secondary behind the read-only listener (sqlfg.h). */
    for (size_t k = 0; k < w->nsqlfg; k++) {
        const sqlfg_rt *g = &w->sqlfg[k];
        bool named = a->cfg == NULL;
        for (size_t i = 0; a->cfg != NULL && i < a->cfg->nsql; i++)
            named |= a->cfg->sql[i] == k;
        if (!named || (local && g->cfg->region != (uint32_t)region))
            continue;
        writable &= g->writable;
        readable &= g->readable;
    }
    for (size_t k = 0; a->cfg != NULL && k < a->cfg->ncosmos; k++) {
        bool present;
        bool wr = cosmos_writable(w, a->cfg->cosmos[k], region, local, &present);
        if (!present)
            continue;
        writable &= wr;
        readable &= cosmos_readable(w, a->cfg->cosmos[k]);
    }
    if (a->cfg == NULL)
        for (size_t k = 0; k < w->ncosmos; k++) {
            bool present;
            writable &= cosmos_writable(w, k, region, false, &present);
            readable &= cosmos_readable(w, k);
        }
    why->capacity = capacity;
    if (!writable)
        return readable && a->cfg != NULL && a->cfg->read_only ? APP_READ_ONLY : APP_DOWN;
    double needs = a->cfg != NULL ? a->cfg->needs_capacity : 1;
    return capacity >= needs - 1e-12 ? APP_SERVING : APP_DEGRADED;
}

/* Application a's level now, telling its entry of endpoints that changed
 * and noting a change of route. */
static app_level app_level_now(world *w, app_rt *a, app_why *why)
{
    *why = (app_why){.app = a, .region = -1};
    if (a->nep == 0)
        return region_level(w, a, -1, why);
    sim_time now = sim_now(w->eng);
    for (size_t i = 0; i < a->nep; i++) {
        app_why scratch = {.app = a};
        bool up = region_level(w, a, (int32_t)a->ep[i].region, &scratch) > APP_DOWN;
        if (up != a->ep[i].up)
            ent_endpoint(w, a, i, up);
    }
    int route = ent_route(a);
    if (route != a->route) {
        a->route = route;
        a->switched_at = now;
        oc_event_add(w->tl, now, OC_EV_DNS_SWITCH, a->name, "clients are sent to %s",
                     wi_region_name(w, a->ep[route].region));
    }
    why->region = (int32_t)a->ep[route].region;
    return region_level(w, a, why->region, why);
}

app_level apps_level(world *w, app_why *why)
{
    const scn_world *c = w->cfg;
    memset(w->group_up, 0, (c->nvms ? c->nvms : 1) * sizeof *w->group_up);
    for (size_t v = 0; v < w->nvms; v++)
        w->group_up[w->vms[v].group] +=
            w->vms[v].state == VM_UP || w->vms[v].state == VM_UP_ELSEWHERE;
    app_level worst = APP_SERVING;
    *why = (app_why){.region = -1};
    for (size_t p = 0; p < w->napps; p++) {
        app_why aw;
        app_level l = app_level_now(w, &w->apps[p], &aw);
        if (l < worst || (p == 0 && l == worst)) {
            worst = l;
            *why = aw;
        }
    }
    return worst;
}

void apps_on_disrupted(world *w)
{
    for (size_t p = 0; p < w->napps; p++)
        w->apps[p].route_at_disrupt = w->apps[p].route;
}

void apps_on_recovered(world *w)
{
    for (size_t p = 0; p < w->napps; p++) {
        w->apps[p].switch_seen = w->apps[p].switched_at;
        w->apps[p].route_seen = w->apps[p].route;
    }
}

/* ---- scale-out ------------------------------------------------------------------ */

static void on_scaled(sim_engine *e, void *ctx)
{
    scale_rt *s = ctx;
    world *w = s->w;
    const scn_vm_group *g = &w->cfg->vms[s->group];
    s->done = true;
    oc_event_add(w->tl, sim_now(e), OC_EV_SCALE_OUT, g->name,
                 "scaled out: it carries %.0f%% of the peak load", 100 * g->scale_to);
    wi_changed(w);
}

/* Starts group k's scale-out now, on `what` ("alarm", "decision"). */
static void start_scale(world *w, size_t k, const char *what)
{
    const scn_vm_group *g = &w->cfg->vms[k];
    scale_rt *s = &w->scales[k];
    sim_time now = sim_now(w->eng);
    s->started = true;
    /* New instances are a management operation of the group's region. */
    sim_time ready = cp_ready_at(w, g->region, wi_id("scale_request", g->name));
    sim_time at = ready + wi_us(wi_draw(w, wi_id("scale", g->name), &g->scale_after));
    oc_event_add(w->tl, now, OC_EV_SCALE_OUT, g->name,
                 "scale-out from %.0f%% to %.0f%% of the peak load (on the %s)%s",
                 100 * g->capacity, 100 * g->scale_to, what,
                 ready > now ? ", once its region's control plane lets it" : "");
    wi_at(w, at, on_scaled, s, NULL);
}

static void scale_out(world *w, scn_scale_on trigger)
{
    const scn_world *c = w->cfg;
    for (size_t k = 0; k < c->nvms; k++) {
        const scn_vm_group *g = &c->vms[k];
        if (!g->scale_out || g->scale_on != trigger || w->scales[k].started)
            continue;
        start_scale(w, k, trigger == SCN_SCALE_ON_DETECTION ? "alarm" : "decision");
    }
}

bool apps_scale_out_group(world *w, uint32_t group, char *why, size_t n)
{
    const scn_vm_group *g = &w->cfg->vms[group];
    scale_rt *s = &w->scales[group];
    if (!g->scale_out) {
        snprintf(why, n, "%s has no scale_out: it runs at its capacity", g->name);
        return false;
    }
    if (s->started) {
        snprintf(why, n, "%s is already scaling out (or has)", g->name);
        return false;
    }
    start_scale(w, group, "operator's request");
    return true;
}

void apps_on_detect(world *w)
{
    scale_out(w, SCN_SCALE_ON_DETECTION);
}

void apps_on_decide(world *w)
{
    scale_out(w, SCN_SCALE_ON_DECISION);
    for (size_t p = 0; p < w->napps; p++)
        ent_decided(w, &w->apps[p]);
}

/* ---- clients -------------------------------------------------------------------- */

bool apps_client_downtime(const world *w, const app_rt *a, const dns_clients *clients,
                          double *mean, double *p95)
{
    if (a->nep == 0)
        return false;
    double rto = (double)(w->t_recovered - w->t_disrupt) / 1e6;
    *mean = *p95 = rto;
    if (a->switch_seen == SIM_NEVER || a->switch_seen < w->t_disrupt)
        return true; /* clients never had to follow a change */
    /* Clients follow the switch over their DNS delay D; what they reach
     * serves in full from the recovery on: served at max(R, S + D). */
    double s = (double)(a->switch_seen - w->t_disrupt) / 1e6, x = rto - s;
    double q = dns_delay_quantile(clients, 0.95);
    *mean = s + dns_delay_mean_after(clients, x);
    *p95 = s + (x > q ? x : q);
    oc_event_add(w->tl, a->switch_seen, OC_EV_DNS_SWITCH, a->name,
                 "clients follow over %.0fs (TTL %.0fs)", dns_delay_quantile(clients, 1.0),
                 clients->ttl);
    return true;
}
