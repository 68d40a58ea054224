/*
 * wi.c — the helpers every file of the world shares (see wi.h).
 *
 * Invariant: nothing here calls into storage.c, recovery.c or world.c; they
 * all call in here.
 */
#include "models/world/wi.h"

#include <math.h>
#include <stdio.h>

#include "models/world/worldInt.h"

sim_time wi_us(double seconds)
{
    if (!(seconds > 0))
        return 0;
    double us = seconds * 1e6;
    return us >= (double)(SIM_NEVER / 4) ? SIM_NEVER / 4 : (sim_time)llround(us);
}

uint64_t wi_id(const char *prefix, const char *name)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s:%s", prefix, name);
    return rng_name_id(buf);
}

rng wi_rng(const world *w, uint64_t entity)
{
    return rng_stream(w->seed, w->trial, entity);
}

double wi_draw(const world *w, uint64_t entity, const dist *d)
{
    if (d->kind == DIST_CONST)
        return d->a;
    rng r = wi_rng(w, entity);
    return dist_sample(d, &r);
}

void wi_fail(world *w, err_code rc)
{
    if (w->error == ERR_OK)
        w->error = rc;
    sim_stop(w->eng);
}

void wi_at(world *w, sim_time t, sim_handler fn, void *ctx, sim_event *ev)
{
    if (t < sim_now(w->eng))
        t = sim_now(w->eng);
    if (t > w->horizon)
        return; /* beyond the trial: it never happens */
    err_code rc = sim_at(w->eng, t, fn, ctx, ev);
    if (rc != ERR_OK)
        wi_fail(w, rc);
}

const char *wi_region_name(const world *w, uint32_t region)
{
    return w->cfg->regions[region].name;
}

void wi_changed(world *w)
{
    w->changed = true;
}
