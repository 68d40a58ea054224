/*
 * sqlfg.c — Azure SQL Database / Managed Instance failover groups (sqlfg.h).
 *
 * A failover group replicates its databases asynchronously from the primary
 * to a readable secondary in another region (models/azure/defaults.h, "SQL
 * failover groups", for every figure and its source):
 *
 *   availability  the primary is down while its place is: its region (a
 *                 zone-redundant primary while no zone of it is up), or,
 *                 when not zone redundant, its zone's datacenter (LRS-like,
 *                 `zone` or drawn per trial). After a failover the primary
 *                 is in the secondary's region, up while a zone of it is.
 *   reads         the read-only listener reaches the readable secondary: the
 *                 application's reads are served (its `read_only` mode)
 *                 while the primary or the secondary is up.
 *   failovers     customer-managed: at the strategy's decision (sqlfg_on_decide)
 *                 — planned with failover.planned while both regions are up
 *                 (the secondary catches up first: no loss), forced otherwise.
 *                 Microsoft-managed: a forced failover `grace_period` after an
 *                 outage of the primary's region began (a region, a zone or a
 *                 datacenter of it), only if the region's outages are still on
 *                 then (ended first: no failover; a new one: a new grace
 *                 period) — and whether or not the group's own primary is
 *                 down: "all databases within the failover group fail over,
 *                 regardless of their zone redundancy configuration or
 *                 availability status" (failover-group-overview.md include).
 *                 A failover begins once the secondary's region is up, and
 *                 takes `failover.duration` without writes.
 *   data          a forced failover loses the writes of the last `lag`
 *                 before the primary went down, or before the failover when
 *                 the primary is up (the lag is one draw per trial): RPO =
 *                 lag. A destroyed primary stays down after its outage, and
 *                 never failed over loses everything (data lost for good).
 *                 A planned failover, or a primary that comes back, loses
 *                 nothing.
 *   clients       the read-write listener is remapped at the failover's
 *                 end: clients follow over its DNS TTL.
 *
 * Invariants: writable implies the primary is up and no failover runs; a
 * group fails over at most once per trial (failing back is the customer's
 * own, later, operation: not modelled); every draw comes from streams keyed
 * by the group's name, so trial k of every variant draws the same.
 */
#include "models/world/sqlfg.h"

#include <stdio.h>

#include "models/azure/defaults.h"
#include "models/world/wi.h"
#include "sim/core/mem.h"
#include "sim/core/units.h"

static void log_change(world *w, sqlfg_rt *g, bool writable, bool readable, bool remap);

/* ---- building ------------------------------------------------------------------ */

static bool named_by(const scn_app *app, uint32_t g)
{
    for (size_t i = 0; i < app->nsql; i++)
        if (app->sql[i] == g)
            return true;
    return false;
}

err_code sqlfg_build(world *w)
{
    const scn_world *c = w->cfg;
    w->sqlfg = mem_calloc(c->nsql ? c->nsql : 1, sizeof *w->sqlfg);
    if (w->sqlfg == NULL)
        return ERR_NOMEM;
    w->nsqlfg = c->nsql;
    for (size_t i = 0; i < c->nsql; i++) {
        sqlfg_rt *g = &w->sqlfg[i];
        g->w = w;
        g->cfg = &c->sql[i];
        g->index = (uint32_t)i;
        g->data = c->napps == 0;
        for (size_t p = 0; p < c->napps; p++)
            g->data |= named_by(&c->apps[p], (uint32_t)i);
        if ((g->ws = wr_create()) == NULL)
            return ERR_NOMEM;
    }
    return ERR_OK;
}

void sqlfg_destroy(world *w)
{
    for (size_t i = 0; w->sqlfg != NULL && i < w->nsqlfg; i++) {
        wr_destroy(w->sqlfg[i].ws);
        mem_free(w->sqlfg[i].log);
    }
    mem_free(w->sqlfg);
}

void sqlfg_reset(world *w)
{
    for (size_t i = 0; i < w->nsqlfg; i++) {
        sqlfg_rt *g = &w->sqlfg[i];
        const scn_sql *c = g->cfg;
        /* Workload, as a storage account's own writes (world.c). */
        rng r = wi_rng(w, wi_id("sqlrate", c->name));
        double rate = dist_sample(&c->writes.rate, &r);
        double mean = dist_mean(&c->writes.size);
        wr_params p = {rate > 0 ? rate : 0, mean > 0 ? mean : 1, 0,
                       c->writes.arrivals == SCN_ARRIVALS_REGULAR, mean > 0 ? &c->writes.size : NULL,
                       true};
        g->params = p;
        wr_reset(g->ws, &p, w->seed, w->trial, wi_id("sqlwrites", c->name), w->horizon);
        /* Placement of a primary that is not zone redundant. */
        rng pr = wi_rng(w, wi_id("sqlplace", c->name));
        uint32_t zone = 1 + rng_bounded(&pr, topo_zones(w->topo, c->region));
        g->dc = 1 + rng_bounded(&pr, topo_datacenters(w->topo, c->region));
        g->zone = c->zone ? c->zone : zone;
        g->lag = wi_us(wi_draw(w, wi_id("sqllag", c->name), &c->lag));
        g->rw_ttl = wi_draw(w, wi_id("sqlttl", c->name), &c->rw_ttl);
        g->ttl_us = wi_us(g->rw_ttl);
        g->nlog = 0;
        g->region_now = c->region;
        g->down = false;
        g->down_at = g->spell_at = g->hit_at = SIM_NEVER;
        g->hit = false;
        g->requested = g->req_planned = g->req_microsoft = false;
        g->failing_over = g->failed_over = g->planned = g->by_microsoft = false;
        g->failover_start = g->failover_end = SIM_NEVER;
        g->lost = false;
        g->rp = g->lost_from = 0;
        g->writable = g->readable = true;
        log_change(w, g, true, true, false);
    }
}

/* ---- availability ---------------------------------------------------------------- */

static bool region_up(const world *w, uint32_t region)
{
    return topo_zones_up(w->topo, region) >= 1;
}

/* Whether the copies in the original primary's place are destroyed. */
static bool home_destroyed(const world *w, const sqlfg_rt *g)
{
    uint32_t r = g->cfg->region;
    if (g->cfg->zone_redundant)
        return topo_zones_destroyed(w->topo, r) == topo_zones(w->topo, r);
    return topo_dc_destroyed(w->topo, r, g->zone, g->dc);
}

static bool primary_destroyed(const world *w, const sqlfg_rt *g)
{
    return !g->failed_over && home_destroyed(w, g);
}

/* Whether the primary is up now: its place up, its copies not destroyed
 * (a destroyed place stays down once its outage ends). */
static bool primary_up(const world *w, const sqlfg_rt *g)
{
    if (g->failed_over)
        return region_up(w, g->region_now);
    if (primary_destroyed(w, g))
        return false;
    if (g->cfg->zone_redundant)
        return region_up(w, g->cfg->region);
    return topo_dc_up(w->topo, g->cfg->region, g->zone, g->dc);
}

/* The readable secondary: in the other region of the pair (the original
 * primary's after a failover, up only if its copies are not destroyed). */
static bool secondary_up(const world *w, const sqlfg_rt *g)
{
    if (g->failed_over)
        return !home_destroyed(w, g) && region_up(w, g->cfg->region);
    return region_up(w, (uint32_t)g->cfg->secondary);
}

/* Logs g's availability when it changed, or a remap of its read-write
 * listener (its clients follow over the TTL: world.c's downtime sweep). */
static void log_change(world *w, sqlfg_rt *g, bool writable, bool readable, bool remap)
{
    if (!remap && g->nlog > 0 && writable == g->writable && readable == g->readable)
        return;
    if (g->nlog == g->caplog &&
        mem_grow((void **)&g->log, &g->caplog, g->nlog + 1, sizeof *g->log) != 0) {
        wi_fail(w, ERR_NOMEM);
        return;
    }
    g->log[g->nlog++] = (avail_change){sim_now(w->eng), writable, readable, remap};
    g->writable = writable;
    g->readable = readable;
}

/* ---- failover ---------------------------------------------------------------------- */

static void on_failover_end(sim_engine *e, void *ctx)
{
    sqlfg_rt *g = ctx;
    world *w = g->w;
    g->failing_over = false;
    g->failed_over = true;
    g->failover_end = sim_now(e);
    g->region_now = (uint32_t)g->cfg->secondary;
    log_change(w, g, primary_up(w, g), primary_up(w, g) || secondary_up(w, g), true);
    oc_event_add(w->tl, sim_now(e), OC_EV_FAILOVER_END, g->cfg->name,
                 "%s failover to %s done: the read-write listener points there (clients "
                 "follow over its TTL of %.0fs)",
                 g->planned ? "planned" : "forced", wi_region_name(w, g->region_now), g->rw_ttl);
    wi_changed(w);
}

/* Begins the failover requested, once the secondary's region is up. */
static void begin(world *w, sqlfg_rt *g)
{
    sim_time now = sim_now(w->eng);
    g->requested = false;
    g->failing_over = true;
    g->failover_start = now;
    g->by_microsoft = g->req_microsoft;
    /* Planned only while both regions are up: the secondary catches up. */
    g->planned = g->req_planned && !g->down;
    if (!g->planned) {
        sim_time failed = g->down ? g->spell_at : now;
        g->lost_from = failed;
        g->rp = failed - g->lag;
    }
    sim_time d = wi_us(wi_draw(w, wi_id("sqlfailover", g->cfg->name), &g->cfg->failover_duration));
    oc_event_add(w->tl, now, g->by_microsoft ? OC_EV_PROVIDER_FAILOVER : OC_EV_FAILOVER_START,
                 g->cfg->name, "%s %s failover to %s (%s)",
                 g->by_microsoft ? "Microsoft begins a" : "the customer begins a",
                 g->planned ? "planned" : "forced", wi_region_name(w, (uint32_t)g->cfg->secondary),
                 g->planned ? "no data loss"
                            : "the writes of the last lag before the failure are lost");
    wi_at(w, now + d, on_failover_end, g, NULL);
}

static void request(world *w, sqlfg_rt *g, bool planned, bool microsoft)
{
    if (g->failed_over || g->failing_over || g->requested)
        return;
    g->requested = true;
    g->req_planned = planned;
    g->req_microsoft = microsoft;
    wi_changed(w);
}

/* Whether an outage (of any scope) is on in the primary's region: what
 * starts Microsoft's grace period ("Datacenter, availability zone, or region
 * level outage"), whatever the group's own availability — a zone-redundant
 * primary the outage spares is failed over all the same. A destroyed
 * primary counts as an outage still on after its outage's end. */
static bool region_hit(const world *w, const sqlfg_rt *g)
{
    if (primary_destroyed(w, g))
        return true;
    for (size_t i = 0; i < w->noutages; i++)
        if (w->outages[i].active && w->outages[i].place.region == g->cfg->region)
            return true;
    return false;
}

/* Microsoft's grace period elapsed: a forced failover if the outages of the
 * primary's region that started it are still on. */
static void on_grace(sim_engine *e, void *ctx)
{
    sqlfg_rt *g = ctx;
    world *w = g->w;
    if (!g->hit || g->failed_over || g->failing_over ||
        sim_now(e) - g->hit_at < wi_us(g->cfg->grace_period))
        return;
    char grace[32];
    units_format(UNITS_DURATION, g->cfg->grace_period, grace, sizeof grace);
    oc_event_add(w->tl, sim_now(e), OC_EV_PROVIDER_FAILOVER, g->cfg->name,
                 "the grace period of %s has elapsed with the outage still on: "
                 "Microsoft-managed (forced) failover%s", grace,
                 g->down ? "" : ", though the primary is up");
    request(w, g, false, true);
}

void sqlfg_refresh(world *w)
{
    sim_time now = sim_now(w->eng);
    for (size_t i = 0; i < w->nsqlfg; i++) {
        sqlfg_rt *g = &w->sqlfg[i];
        bool up = primary_up(w, g);
        bool hit = !g->failed_over && region_hit(w, g);
        if (hit && !g->hit) {
            g->hit_at = now;
            if (g->cfg->policy == SCN_SQL_MICROSOFT && !g->failing_over)
                wi_at(w, now + wi_us(g->cfg->grace_period), on_grace, g, NULL);
        }
        g->hit = hit;
        if (!up && !g->down) {
            g->down = true;
            g->spell_at = now;
            if (g->down_at == SIM_NEVER)
                g->down_at = now;
            oc_event_add(w->tl, now, OC_EV_STORAGE_DOWN, g->cfg->name,
                         "the failover group's primary is unavailable");
        } else if (up && g->down) {
            g->down = false;
            oc_event_add(w->tl, now, OC_EV_STORAGE_UP, g->cfg->name,
                         "the failover group's primary is available again");
        }
        /* A forced failover still waiting for the secondary's region is
         * called off once what asked for it is over: the primary back (the
         * customer's), the region's outages (Microsoft's). */
        if (g->requested && !g->req_planned && (g->req_microsoft ? !hit : up)) {
            g->requested = false;
            oc_event_add(w->tl, now, OC_EV_DECISION, g->cfg->name,
                         "no failover: %s before the secondary's region was up",
                         g->req_microsoft ? "the outage ended" : "the primary is back");
        }
        if (g->requested && region_up(w, (uint32_t)g->cfg->secondary))
            begin(w, g);
        log_change(w, g, up && !g->failing_over, up || secondary_up(w, g), false);
    }
}

void sqlfg_on_decide(world *w)
{
    if (w->st->kind == SCN_WAIT)
        return;
    for (size_t i = 0; i < w->nsqlfg; i++) {
        sqlfg_rt *g = &w->sqlfg[i];
        if (!g->data)
            continue;
        bool both = !g->down && region_up(w, (uint32_t)g->cfg->secondary);
        if (w->st->failover_planned && both)
            request(w, g, true, false);
        else if (g->down)
            request(w, g, false, false);
    }
}

bool sqlfg_customer_failover(world *w, size_t i, bool allow_data_loss, char *why, size_t n)
{
    sqlfg_rt *g = &w->sqlfg[i];
    const char *secondary = wi_region_name(w, (uint32_t)g->cfg->secondary);
    if (g->failing_over || g->requested) {
        snprintf(why, n, "a failover of %s is already under way", g->cfg->name);
        return false;
    }
    if (g->failed_over) {
        snprintf(why, n, "%s has already failed over to %s", g->cfg->name, secondary);
        return false;
    }
    if (!region_up(w, (uint32_t)g->cfg->secondary)) {
        snprintf(why, n, "the secondary's region %s is down", secondary);
        return false;
    }
    /* failover-group-sql-db.md: a planned failover synchronizes first and
     * needs the primary; a forced one (--allow-data-loss) does not. */
    if (!allow_data_loss && g->down) {
        snprintf(why, n,
                 "the primary of %s is unavailable: a planned failover needs both replicas "
                 "(give --allow-data-loss: a forced failover loses what the secondary lacks)",
                 g->cfg->name);
        return false;
    }
    request(w, g, !allow_data_loss, false);
    return true;
}

bool sqlfg_any_failover(const world *w)
{
    for (size_t i = 0; i < w->nsqlfg; i++) {
        const sqlfg_rt *g = &w->sqlfg[i];
        if (g->data && (g->requested || g->failing_over || g->failed_over))
            return true;
    }
    return false;
}

/* ---- outcome ----------------------------------------------------------------------- */

err_code sqlfg_finish(world *w, double *rpo, bool *lost, bool *failed_over)
{
    for (size_t i = 0; i < w->nsqlfg; i++) {
        sqlfg_rt *g = &w->sqlfg[i];
        if (!g->data)
            continue;
        uint64_t count = 0;
        double bytes = 0;
        err_code rc = ERR_OK;
        *failed_over |= g->failed_over || g->failing_over;
        if ((g->failed_over || g->failing_over) && !g->planned) {
            /* Writes at or after the recovery point, up to the failure. */
            rc = wr_count(g->ws, g->rp - 1, g->lost_from, &count, &bytes);
            double r = (double)(g->lost_from - g->rp) / 1e6;
            if (r > *rpo)
                *rpo = r;
        } else if (!g->failed_over && !g->failing_over && primary_destroyed(w, g)) {
            g->lost = true;
            *lost = true;
            rc = wr_count(g->ws, 0, g->down_at, &count, &bytes);
            oc_event_add(w->tl, g->down_at, OC_EV_STORAGE_DESTROYED, g->cfg->name,
                         "the failover group's primary is destroyed and was never failed over: "
                         "its data is lost");
        }
        if (rc != ERR_OK)
            return rc;
        w->loss_writes += (double)count;
        w->loss_bytes += bytes;
    }
    return ERR_OK;
}

void sqlfg_client_downtime(world *w, size_t p, dns_clients clients, double *mean, double *p95)
{
    const scn_app *app = p < w->cfg->napps ? &w->cfg->apps[p] : NULL;
    for (size_t i = 0; i < w->nsqlfg; i++) {
        const sqlfg_rt *g = &w->sqlfg[i];
        if (!g->failed_over || (app != NULL && !named_by(app, (uint32_t)i)) ||
            g->failover_end < w->t_disrupt || g->failover_end > w->t_recovered)
            continue;
        /* Served at max(R, F + D): F the remap, R the recovery. */
        clients.ttl = g->rw_ttl;
        double rto = (double)(w->t_recovered - w->t_disrupt) / 1e6;
        double s = (double)(g->failover_end - w->t_disrupt) / 1e6, x = rto - s;
        double q = dns_delay_quantile(&clients, 0.95);
        double m = s + dns_delay_mean_after(&clients, x), m95 = s + (x > q ? x : q);
        if (m > *mean)
            *mean = m;
        if (m95 > *p95)
            *p95 = m95;
    }
}
