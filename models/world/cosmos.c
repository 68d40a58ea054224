/*
 * cosmos.c — Cosmos DB accounts in a trial: the model is cosmos.h's.
 *
 * Each account keeps its regions' state (up, destroyed, the spell down under
 * way and its replication window), its current write region and a list of
 * windows of writes: lost (promoted over, or destroyed) or replicated late
 * and conflicting. The windows are counted on the writes module's streams at
 * the end of the trial (cosmos_finish), exactly as storage accounts count
 * theirs.
 *
 * Invariants: reg[write_now] is the write region of a single-write account;
 * a spell's window is settled once (a window recorded, or nothing when the
 * region came back intact on a single-write account that was not failed
 * over); a promotion happens only while the write region is down.
 */
#include "models/world/cosmos.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/azure/defaults.h"
#include "models/world/wi.h"
#include "sim/core/mem.h"
#include "sim/kernel/variates.h"

double cosmos_window(const scn_cosmos *c, double lag)
{
    double bound;
    switch (c->consistency) {
    case SCN_CONS_STRONG:
        return 0;
    case SCN_CONS_BOUNDED_STALENESS:
        bound = c->max_interval;
        break;
    default:
        bound = COSMOS_RPO_WEAK;
        break;
    }
    return lag < bound ? (lag > 0 ? lag : 0) : bound;
}

double cosmos_conflicts_mean(double n_a, double n_b, double items)
{
    if (items <= 1)
        return n_b > 0 ? n_a : 0;
    /* 1 - (1 - 1/I)^n_b, accurate for large I */
    return n_a * -expm1(n_b * log1p(-1.0 / items));
}

/* ---- building ---------------------------------------------------------------------- */

err_code cosmos_build(world *w)
{
    const scn_world *c = w->cfg;
    w->cosmos = mem_calloc(c->ncosmos ? c->ncosmos : 1, sizeof *w->cosmos);
    if (w->cosmos == NULL)
        return ERR_NOMEM;
    w->ncosmos = c->ncosmos;
    for (size_t k = 0; k < c->ncosmos; k++) {
        cosmos_rt *a = &w->cosmos[k];
        const scn_cosmos *cfg = &c->cosmos[k];
        a->w = w;
        a->cfg = cfg;
        a->index = (uint32_t)k;
        a->id = wi_id("cosmos", cfg->name);
        a->data = c->napps == 0;
        for (size_t p = 0; p < c->napps; p++)
            for (size_t i = 0; i < c->apps[p].ncosmos; i++)
                a->data |= c->apps[p].cosmos[i] == k;
        a->reg = mem_calloc(1 + cfg->nread_regions, sizeof *a->reg);
        if (a->reg == NULL)
            return ERR_NOMEM;
        a->nreg = 1 + cfg->nread_regions;
        for (size_t r = 0; r < a->nreg; r++) {
            cosmos_region_rt *g = &a->reg[r];
            g->region = r == 0 ? cfg->write_region : cfg->read_regions[r - 1];
            char label[160];
            snprintf(label, sizeof label, "%s/%s", cfg->name, wi_region_name(w, g->region));
            g->entity = wi_id("cosmos-writes", label);
            /* One stream per write region: [0] only for a single write region. */
            if ((r == 0 || cfg->multi_region_writes) && (g->ws = wr_create()) == NULL)
                return ERR_NOMEM;
        }
    }
    return ERR_OK;
}

void cosmos_destroy(world *w)
{
    for (size_t k = 0; k < w->ncosmos; k++) {
        cosmos_rt *a = &w->cosmos[k];
        for (size_t r = 0; a->reg != NULL && r < a->nreg; r++)
            wr_destroy(a->reg[r].ws);
        mem_free(a->reg);
        mem_free(a->win);
        mem_free(a->log);
    }
    mem_free(w->cosmos);
    w->cosmos = NULL;
    w->ncosmos = 0;
}

/* ---- state ------------------------------------------------------------------------- */

static bool region_up(const world *w, const cosmos_rt *a, const cosmos_region_rt *g)
{
    if (topo_region_down(w->topo, g->region))
        return false;
    if (a->cfg->zone_redundant)
        return topo_zones_up(w->topo, g->region) > 0;
    return topo_dc_up(w->topo, g->region, g->zone, g->dc);
}

static bool region_destroyed(const world *w, const cosmos_rt *a, const cosmos_region_rt *g)
{
    if (a->cfg->zone_redundant)
        return topo_zones_destroyed(w->topo, g->region) == topo_zones(w->topo, g->region);
    return topo_dc_destroyed(w->topo, g->region, g->zone, g->dc);
}

void cosmos_reset(world *w)
{
    for (size_t k = 0; k < w->ncosmos; k++) {
        cosmos_rt *a = &w->cosmos[k];
        const scn_cosmos *cfg = a->cfg;
        rng r = wi_rng(w, wi_id("cosmos-rate", cfg->name));
        wr_params p = {0, 1, 0, false, NULL, true};
        double rate = dist_sample(&cfg->writes.rate, &r);
        p.rate = rate > 0 ? rate : 0;
        double mean = dist_mean(&cfg->writes.size);
        p.size_mean = mean > 0 ? mean : 1;
        p.size = mean > 0 ? &cfg->writes.size : NULL;
        p.regular = cfg->writes.arrivals == SCN_ARRIVALS_REGULAR;
        a->params = p;
        rng place = wi_rng(w, wi_id("cosmos-place", cfg->name));
        for (size_t i = 0; i < a->nreg; i++) {
            cosmos_region_rt *g = &a->reg[i];
            g->zone = 1 + rng_bounded(&place, topo_zones(w->topo, g->region));
            g->dc = 1 + rng_bounded(&place, topo_datacenters(w->topo, g->region));
            g->up = true;
            g->destroyed = g->spell = false;
            g->down_at = SIM_NEVER;
            g->window = 0;
            if (g->ws != NULL)
                wr_reset(g->ws, &a->params, w->seed, w->trial, g->entity, w->horizon);
        }
        a->write_now = 0;
        a->smf_pending = a->promote_when_up = a->read_failed = false;
        a->failed_over = a->all_lost = false;
        a->nwin = 0;
        a->nlog = 0;
        a->writable = a->readable = true;
    }
}

static void add_window(cosmos_rt *a, size_t reg, sim_time from, sim_time to, sim_time back,
                       bool conflict)
{
    if (a->nwin == a->capwin &&
        mem_grow((void **)&a->win, &a->capwin, a->nwin + 1, sizeof *a->win) != 0) {
        wi_fail(a->w, ERR_NOMEM);
        return;
    }
    a->win[a->nwin++] = (cosmos_window_rt){reg, from, to, back, conflict};
}

/* Settles region i's spell: its unreplicated writes are lost (`lost`), or
 * replicated now and conflicting (multi-region writes, back intact). */
static void settle(cosmos_rt *a, size_t i, bool lost, sim_time now)
{
    cosmos_region_rt *g = &a->reg[i];
    if (!g->spell)
        return;
    g->spell = false;
    if (g->window <= 0)
        return;
    size_t stream = a->cfg->multi_region_writes ? i : 0;
    add_window(a, stream, g->down_at - g->window, g->down_at, now, !lost);
}

static bool can_write(const cosmos_rt *a)
{
    if (a->cfg->multi_region_writes) {
        for (size_t i = 0; i < a->nreg; i++)
            if (a->reg[i].up)
                return true;
        return false;
    }
    if (!a->reg[a->write_now].up)
        return false;
    /* Strong across two regions: every write commits in both. */
    if (a->cfg->consistency == SCN_CONS_STRONG && a->nreg == 2 && !a->read_failed &&
        !a->reg[1 - a->write_now].up)
        return false;
    return true;
}

static bool can_read(const cosmos_rt *a)
{
    for (size_t i = 0; i < a->nreg; i++)
        if (a->reg[i].up)
            return true;
    return false;
}

static void log_state(cosmos_rt *a, sim_time now)
{
    bool wr = can_write(a), rd = can_read(a);
    if (a->nlog > 0 && wr == a->writable && rd == a->readable)
        return;
    if (a->nlog == a->caplog &&
        mem_grow((void **)&a->log, &a->caplog, a->nlog + 1, sizeof *a->log) != 0) {
        wi_fail(a->w, ERR_NOMEM);
        return;
    }
    a->log[a->nlog++] = (avail_change){now, wr, rd, false};
    a->writable = wr;
    a->readable = rd;
}

/* The first region up in failover priority order other than the write
 * region, or nreg. */
static size_t next_up(const cosmos_rt *a)
{
    for (size_t i = 0; i < a->nreg; i++)
        if (i != a->write_now && a->reg[i].up)
            return i;
    return a->nreg;
}

static void promote(cosmos_rt *a, sim_time now)
{
    world *w = a->w;
    size_t to = next_up(a);
    if (to == a->nreg) {
        a->promote_when_up = true; /* as soon as one is up */
        return;
    }
    size_t from = a->write_now;
    a->promote_when_up = false;
    a->write_now = to;
    a->failed_over = true;
    a->read_failed = true; /* the old write region is offline until it is back */
    /* The old write region's unreplicated writes are not in the new one. */
    settle(a, from, true, now);
    oc_event_add(w->tl, now, OC_EV_PROVIDER_FAILOVER, a->cfg->name,
                 "service-managed failover: %s is the write region (%s unavailable)",
                 wi_region_name(w, a->reg[to].region), wi_region_name(w, a->reg[from].region));
}

/* Service-managed failover, due: promotes a read region while the write
 * region is down; else, strong across two regions, marks the read region
 * that is down failed (writes go on without it). */
static void on_smf(sim_engine *e, void *ctx)
{
    cosmos_rt *a = ctx;
    sim_time now = sim_now(e);
    a->smf_pending = false;
    if (!a->reg[a->write_now].up)
        promote(a, now);
    else if (a->cfg->consistency == SCN_CONS_STRONG && a->nreg == 2 &&
             !a->reg[1 - a->write_now].up && !a->read_failed) {
        a->read_failed = true;
        oc_event_add(a->w->tl, now, OC_EV_PROVIDER_FAILOVER, a->cfg->name,
                     "service-managed failover: %s marked failed, writes go on in %s",
                     wi_region_name(a->w, a->reg[1 - a->write_now].region),
                     wi_region_name(a->w, a->reg[a->write_now].region));
    }
    wi_changed(a->w);
}

static void refresh_one(world *w, cosmos_rt *a)
{
    const scn_cosmos *cfg = a->cfg;
    sim_time now = sim_now(w->eng);
    for (size_t i = 0; i < a->nreg; i++) {
        cosmos_region_rt *g = &a->reg[i];
        bool up = region_up(w, a, g);
        if (!g->destroyed && region_destroyed(w, a, g)) {
            g->destroyed = true;
            oc_event_add(w->tl, now, OC_EV_STORAGE_DESTROYED, cfg->name,
                         "its replicas in %s are gone", wi_region_name(w, g->region));
            if (a->nreg == 1)
                a->all_lost = true;
        }
        if (!up && g->up) {
            g->up = false;
            bool writer = cfg->multi_region_writes || i == a->write_now;
            if (writer && !g->spell) {
                /* Its writes not yet in the other regions: the window the
                 * consistency level bounds, at the lag of this instant. */
                g->spell = a->nreg > 1;
                g->down_at = now;
                uint64_t ent = a->id ^ rng_mix64(i + 1);
                g->window = wi_us(cosmos_window(cfg, wi_draw(w, ent, &cfg->lag)));
            }
            oc_event_add(w->tl, now, OC_EV_STORAGE_DOWN, cfg->name, "%s unavailable%s",
                         wi_region_name(w, g->region),
                         a->nreg > 1 ? "; reads go to the other regions" : "");
        } else if (up && !g->up) {
            g->up = true;
            oc_event_add(w->tl, now, OC_EV_STORAGE_UP, cfg->name, "%s back%s",
                         wi_region_name(w, g->region),
                         g->destroyed ? " (its replicas rebuilt from the other regions)" : "");
            if (g->spell) {
                /* Multi-region writes: replicated now (conflicts), or lost
                 * with the region. Single write, not promoted over: lost
                 * only when destroyed; else nothing was lost. */
                if (cfg->multi_region_writes || g->destroyed)
                    settle(a, i, g->destroyed, now);
                else
                    g->spell = false;
            }
            if (cfg->consistency == SCN_CONS_STRONG)
                a->read_failed = false; /* back in the quorum once caught up */
        }
    }
    if (!cfg->multi_region_writes && a->nreg > 1 && cfg->service_managed_failover) {
        bool writer_down = !a->reg[a->write_now].up;
        bool quorum = cfg->consistency == SCN_CONS_STRONG && a->nreg == 2 && !a->read_failed &&
                      !a->reg[1 - a->write_now].up;
        if (!writer_down)
            a->promote_when_up = false; /* its own region came back first */
        if (a->promote_when_up && writer_down)
            promote(a, now);
        else if ((writer_down || quorum) && !a->smf_pending) {
            a->smf_pending = true;
            uint64_t ent = a->id ^ rng_mix64(0x5f3 + a->nlog);
            wi_at(w, now + wi_us(wi_draw(w, ent, &cfg->failover_after)), on_smf, a, NULL);
        }
    }
    log_state(a, now);
}

void cosmos_refresh(world *w)
{
    for (size_t k = 0; k < w->ncosmos; k++)
        refresh_one(w, &w->cosmos[k]);
}

bool cosmos_writable(const world *w, size_t k, int32_t region, bool local, bool *present)
{
    const cosmos_rt *a = &w->cosmos[k];
    *present = true;
    if (!local || region < 0)
        return can_write(a);
    for (size_t i = 0; i < a->nreg; i++)
        if (a->reg[i].region == (uint32_t)region)
            return a->cfg->multi_region_writes ? a->reg[i].up : can_write(a);
    *present = false;
    return true;
}

bool cosmos_readable(const world *w, size_t k)
{
    return can_read(&w->cosmos[k]);
}

/* ---- outcome ----------------------------------------------------------------------- */

/* The instant x in [from, to) with exactly `cap` writes in (x, to]: the
 * recovery point when bounded staleness' K binds before T (bisection on the
 * counts, to the microsecond). */
static err_code kth_from_end(wr_stream *s, sim_time from, sim_time to, uint64_t cap, sim_time *x)
{
    sim_time lo = from, hi = to; /* count(lo, to] > cap >= count(hi, to] */
    while (hi - lo > 1) {
        sim_time mid = lo + (hi - lo) / 2;
        uint64_t n = 0;
        double b = 0;
        err_code rc = wr_count(s, mid, to, &n, &b);
        if (rc != ERR_OK)
            return rc;
        if (n > cap)
            lo = mid;
        else
            hi = mid;
    }
    *x = hi;
    return ERR_OK;
}

err_code cosmos_finish(world *w, double *rpo, bool *lost, bool *failed_over, double *conflicts)
{
    *conflicts = NAN;
    sim_time end = w->horizon;
    for (size_t k = 0; k < w->ncosmos; k++) {
        cosmos_rt *a = &w->cosmos[k];
        const scn_cosmos *cfg = a->cfg;
        if (!a->data)
            continue;
        if (cfg->multi_region_writes && isnan(*conflicts))
            *conflicts = 0;
        /* A region destroyed and still down at the horizon: its writes gone. */
        for (size_t i = 0; i < a->nreg; i++)
            if (a->reg[i].spell && a->reg[i].destroyed)
                settle(a, i, true, end);
        *failed_over |= a->failed_over;
        if (a->all_lost) {
            *lost = true;
            continue;
        }
        bool bounded = cfg->consistency == SCN_CONS_BOUNDED_STALENESS;
        for (size_t j = 0; j < a->nwin; j++) {
            const cosmos_window_rt *v = &a->win[j];
            wr_stream *s = a->reg[v->reg].ws;
            uint64_t n = 0;
            double bytes = 0;
            err_code rc = wr_count(s, v->from, v->to, &n, &bytes);
            if (rc != ERR_OK)
                return rc;
            sim_time from = v->from;
            if (bounded && n > cfg->max_staleness_prefix) {
                /* K binds first: only the last K writes were unreplicated. */
                if ((rc = kth_from_end(s, v->from, v->to, cfg->max_staleness_prefix, &from)) !=
                        ERR_OK ||
                    (rc = wr_count(s, from, v->to, &n, &bytes)) != ERR_OK)
                    return rc;
            }
            if (!v->conflict) {
                w->loss_writes += (double)n;
                w->loss_bytes += bytes;
                double r = (double)(v->to - from) / 1e6;
                if (r > *rpo)
                    *rpo = r;
                continue;
            }
            /* Replicated late: each conflicts when another region wrote the
             * same item from the window's start until the region's return. */
            uint64_t nb = 0;
            for (size_t i = 0; i < a->nreg; i++) {
                if (i == v->reg || a->reg[i].ws == NULL)
                    continue;
                uint64_t c = 0;
                double b = 0;
                if ((rc = wr_count(a->reg[i].ws, from, v->back, &c, &b)) != ERR_OK)
                    return rc;
                nb += c;
            }
            double p = cosmos_conflicts_mean(1, (double)nb, cfg->items);
            rng r = wi_rng(w, a->id ^ rng_mix64(0xc0f1 + j));
            *conflicts += (double)vrt_binomial(&r, n, p);
        }
    }
    return ERR_OK;
}
