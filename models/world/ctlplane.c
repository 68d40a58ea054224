/*
 * ctlplane.c — the regions' control planes in a trial: down, impaired or up,
 * as the outages of each region say, and when a management operation issued
 * now goes through.
 *
 * Semantics (README.md "What drsim models"; the sources are in
 * models/azure/defaults.h, "Control planes"):
 *   - An outage's control_plane: `scope` (the default) takes its region's
 *     control plane down with a region outage and leaves it up with a zone's
 *     or a datacenter's; `up`, `down` and `{impaired: DELAY}` say so
 *     explicitly, whatever the scope. It lasts as long as the outage.
 *   - Down: a management operation on the region's resources waits until no
 *     outage of the region takes its control plane down (it is retried until
 *     it succeeds; the instant is known because outages are drawn at the
 *     trial's start).
 *   - Impaired: an operation issued while an outage impairs the control plane
 *     goes through after a delay drawn for it from the outage's law, at most
 *     when that outage ends (whatever the retries, it works once the outage is
 *     over). The delays of several impairing outages do not add up: the
 *     longest counts.
 *   - The customer-managed account failover is not such an operation (it is
 *     the documented answer to a region-wide storage failure): storage.c does
 *     not ask. Deleting and creating VMs and converting a storage account do
 *     (recovery.c, storage.c).
 * Invariant: cp_ready_at never returns a time before now, and returns now
 * exactly when the region's control plane is up now.
 */
#include "models/world/ctlplane.h"

#include "models/world/wi.h"


scn_control_plane cp_effect(const outage_rt *o)
{
    scn_control_plane c = o->cfg->control_plane;
    if (c != SCN_CP_SCOPE)
        return c;
    return o->cfg->scope == SCN_SCOPE_REGION ? SCN_CP_DOWN : SCN_CP_UP;
}

/* Whether outage o of `region` affects its control plane as `effect` at t
 * (from its start, until its end). */
static bool covers(const outage_rt *o, uint32_t region, scn_control_plane effect, sim_time t)
{
    return o->occurs && o->place.region == region && cp_effect(o) == effect && o->start <= t &&
           t < o->end;
}

static bool now_is(const world *w, uint32_t region, scn_control_plane effect)
{
    sim_time now = sim_now(w->eng);
    for (size_t i = 0; i < w->noutages; i++)
        if (covers(&w->outages[i], region, effect, now))
            return true;
    return false;
}

bool cp_down(const world *w, uint32_t region)
{
    return now_is(w, region, SCN_CP_DOWN);
}

bool cp_impaired(const world *w, uint32_t region)
{
    return now_is(w, region, SCN_CP_IMPAIRED);
}

const char *cp_state(const world *w, uint32_t region)
{
    return cp_down(w, region) ? "down" : cp_impaired(w, region) ? "impaired" : "up";
}

/* The first instant at or after t that no outage of `region` takes its
 * control plane down: each step jumps to the end of an outage covering t,
 * so it ends within as many steps as there are outages. */
static sim_time past_down(const world *w, uint32_t region, sim_time t)
{
    for (size_t step = 0; step <= w->noutages; step++) {
        bool moved = false;
        for (size_t i = 0; i < w->noutages; i++) {
            const outage_rt *o = &w->outages[i];
            if (covers(o, region, SCN_CP_DOWN, t)) {
                t = o->end;
                moved = true;
            }
        }
        if (!moved)
            break;
    }
    return t;
}

sim_time cp_ready_at(world *w, uint32_t region, uint64_t entity)
{
    sim_time t = past_down(w, region, sim_now(w->eng)), ready = t;
    for (size_t i = 0; i < w->noutages; i++) {
        const outage_rt *o = &w->outages[i];
        if (!covers(o, region, SCN_CP_IMPAIRED, t))
            continue;
        sim_time d = wi_us(wi_draw(w, entity ^ o->id ^ RNG_SALT_CP_DELAY, &o->cfg->cp_delay));
        sim_time at = t + d < o->end ? t + d : o->end;
        if (at > ready)
            ready = at;
    }
    return ready > t ? past_down(w, region, ready) : t;
}
