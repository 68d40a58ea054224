/*
 * entry.c — Traffic Manager's probes and priority routing, Front Door's
 * origins in and out of rotation, and a name remapped by hand (entry.h).
 *
 * Invariant: a probe event checks itself against the endpoint's current
 * spell (dns_degraded_at / dns_healthy_at, fd_disabled_at / fd_enabled_at
 * of its down_since and back_at):
 * an event scheduled for an earlier spell finds another instant and does
 * nothing, so no event is ever cancelled.
 */
#include "models/world/entry.h"

#include <stdio.h>

#include "models/world/alerts.h"
#include "models/world/wi.h"
#include "sim/kernel/rng.h"

void ent_reset(world *w, app_rt *a)
{
    const scn_app *c = a->cfg;
    for (size_t i = 0; i < a->nep; i++) {
        endpoint_rt *e = &a->ep[i];
        e->up = e->healthy = true;
        e->disabled = false;
        e->down_since = e->back_at = SIM_NEVER;
        if (c != NULL && c->entry == SCN_ENTRY_TRAFFIC_MANAGER) {
            rng r = wi_rng(w, e->id);
            e->probes = (dns_probes){wi_us(c->tm_interval), wi_us(c->tm_timeout),
                                     c->tm_tolerated, 0};
            e->probes.phase = (sim_time)(rng_unit(&r) * (double)e->probes.interval);
        } else if (c != NULL && c->entry == SCN_ENTRY_FRONT_DOOR) {
            rng r = wi_rng(w, e->id);
            e->fd = (fd_probes){wi_us(c->fd_interval), c->fd_sample_size, c->fd_required, 0,
                                wi_us(c->fd_propagation)};
            e->fd.phase = (sim_time)(rng_unit(&r) * (double)e->fd.interval);
        }
    }
}

static void on_probe_degraded(sim_engine *eng, void *ctx)
{
    endpoint_rt *e = ctx;
    world *w = e->app->w;
    sim_time now = sim_now(eng);
    if (e->down_since == SIM_NEVER || !e->healthy ||
        dns_degraded_at(&e->probes, e->down_since, e->up ? e->back_at : SIM_NEVER) != now)
        return;
    e->healthy = false;
    oc_event_add(w->tl, now, OC_EV_ENDPOINT, e->app->name,
                 "Traffic Manager sees the endpoint in %s degraded (%u failed probes)",
                 wi_region_name(w, e->region), e->probes.tolerated + 1);
    al_raise(w, SCN_ALERT_ENDPOINT, e->app->name, 0,
             "Traffic Manager: endpoint %s of %s is Degraded", wi_region_name(w, e->region),
             e->app->name);
    wi_changed(w);
}

static void on_probe_healthy(sim_engine *eng, void *ctx)
{
    endpoint_rt *e = ctx;
    world *w = e->app->w;
    sim_time now = sim_now(eng);
    if (!e->up || e->healthy || e->disabled || dns_healthy_at(&e->probes, e->back_at) != now)
        return;
    e->healthy = true;
    oc_event_add(w->tl, now, OC_EV_ENDPOINT, e->app->name,
                 "Traffic Manager sees the endpoint in %s healthy again",
                 wi_region_name(w, e->region));
    wi_changed(w);
}

static void on_origin_out(sim_engine *eng, void *ctx)
{
    endpoint_rt *e = ctx;
    world *w = e->app->w;
    sim_time now = sim_now(eng);
    if (e->down_since == SIM_NEVER || !e->healthy ||
        fd_disabled_at(&e->fd, e->down_since, e->up ? e->back_at : SIM_NEVER) != now)
        return;
    e->healthy = false;
    oc_event_add(w->tl, now, OC_EV_ENDPOINT, e->app->name,
                 "Front Door takes the origin in %s out of rotation (%u of the last %u probes "
                 "failed)",
                 wi_region_name(w, e->region), e->fd.sample_size - e->fd.required + 1,
                 e->fd.sample_size);
    al_raise(w, SCN_ALERT_ENDPOINT, e->app->name, 0,
             "Front Door: origin %s of %s is out of rotation (health probes failing)",
             wi_region_name(w, e->region), e->app->name);
    wi_changed(w);
}

static void on_origin_in(sim_engine *eng, void *ctx)
{
    endpoint_rt *e = ctx;
    world *w = e->app->w;
    sim_time now = sim_now(eng);
    if (!e->up || e->healthy || e->disabled ||
        fd_enabled_at(&e->fd, e->down_since, e->back_at) != now)
        return;
    e->healthy = true;
    oc_event_add(w->tl, now, OC_EV_ENDPOINT, e->app->name,
                 "Front Door puts the origin in %s back in rotation (%u of the last %u probes "
                 "succeeded)",
                 wi_region_name(w, e->region), e->fd.required, e->fd.sample_size);
    wi_changed(w);
}

void ent_endpoint(world *w, app_rt *a, size_t i, bool up)
{
    endpoint_rt *e = &a->ep[i];
    sim_time now = sim_now(w->eng);
    e->up = up;
    if (up)
        e->back_at = now;
    else {
        e->down_since = now;
        e->back_at = SIM_NEVER;
    }
    if (a->cfg == NULL)
        return;
    if (a->cfg->entry == SCN_ENTRY_FRONT_DOOR) {
        /* An origin still in rotation when it answers again needs nothing. */
        if (up && !e->healthy)
            wi_at(w, fd_enabled_at(&e->fd, e->down_since, now), on_origin_in, e, NULL);
        else if (!up)
            wi_at(w, fd_disabled_at(&e->fd, now, SIM_NEVER), on_origin_out, e, NULL);
        return;
    }
    if (a->cfg->entry != SCN_ENTRY_TRAFFIC_MANAGER)
        return;
    sim_time t = up ? dns_healthy_at(&e->probes, now)
                    : dns_degraded_at(&e->probes, now, SIM_NEVER);
    wi_at(w, t, up ? on_probe_healthy : on_probe_degraded, e, NULL);
}

void ent_decided(world *w, app_rt *a)
{
    if (a->cfg == NULL || a->cfg->entry != SCN_ENTRY_DNS)
        return;
    bool any = false;
    for (size_t i = 0; i < a->nep; i++)
        if (!a->ep[i].up && a->ep[i].healthy) {
            a->ep[i].healthy = false;
            any = true;
            oc_event_add(w->tl, sim_now(w->eng), OC_EV_ENDPOINT, a->name,
                         "the team takes the endpoint in %s out of the DNS name",
                         wi_region_name(w, a->ep[i].region));
        }
    if (any)
        wi_changed(w);
}

bool ent_disable(world *w, app_rt *a, uint32_t region, char *why, size_t n)
{
    if (a->nep == 0) {
        snprintf(why, n, "%s is deployed in one region: it has no endpoint to take out", a->name);
        return false;
    }
    for (size_t i = 0; i < a->nep; i++) {
        endpoint_rt *e = &a->ep[i];
        if (e->region != region)
            continue;
        if (e->disabled) {
            snprintf(why, n, "the endpoint of %s in %s is already disabled", a->name,
                     wi_region_name(w, region));
            return false;
        }
        e->disabled = true;
        e->healthy = false;
        oc_event_add(w->tl, sim_now(w->eng), OC_EV_ENDPOINT, a->name,
                     "the team disables the endpoint in %s", wi_region_name(w, region));
        wi_changed(w);
        return true;
    }
    snprintf(why, n, "%s has no endpoint in %s", a->name, wi_region_name(w, region));
    return false;
}

int ent_route(const app_rt *a)
{
    if (a->nep == 0)
        return -1;
    for (size_t i = 0; i < a->nep; i++)
        if (a->ep[i].healthy)
            return (int)i;
    return 0;
}

double ent_ttl(const app_rt *a)
{
    if (a->cfg == NULL || a->cfg->entry == SCN_ENTRY_NONE || a->cfg->entry == SCN_ENTRY_FRONT_DOOR)
        return 0; /* anycast: no record for clients to follow */
    return a->cfg->ttl;
}
