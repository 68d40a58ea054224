/*
 * storage.c — storage accounts in a trial: where their copies are, whether
 * they can be written and read, their Last Sync Time, and account failover,
 * re-sync and failback.
 *
 * Semantics (README.md "What drsim models": storage; storage-redundancy.md,
 * storage-disaster-recovery-guidance.md):
 *   - LRS and the primary of GRS/RA-GRS: three copies in one datacenter;
 *     available while that datacenter is up; gone if it is destroyed.
 *   - ZRS and the primary of GZRS/RA-GZRS: copies in every zone; available
 *     while at least two zones are up (one zone may fail); gone only if every
 *     zone is destroyed.
 *   - GRS kinds replicate asynchronously to the paired region. While the
 *     primary is down nothing is replicated: the Last Sync Time (LST) of each
 *     write stream is frozen at the instant the primary went down.
 *   - RA-GRS / RA-GZRS serve reads from the secondary whenever its region is
 *     up, including during a failover.
 *   - Customer-managed unplanned failover: no writes while it runs; afterwards
 *     the account is LRS in the secondary region and writes after the LST are
 *     lost. Microsoft-managed failover: the same, at the provider's moment.
 *   - After a failover, geo-redundancy is re-enabled once the old region is
 *     back, and the initial re-sync takes time (the account's `resync`).
 *   - Failback is another failover: planned (waits for replication, no loss)
 *     or unplanned (what was not copied back is lost).
 *
 * LST of a stream at its account's down instant T:
 *   lag model:       T - L, L a draw from the account's `lag`;
 *   bandwidth model: the instant of the oldest write not on the secondary at
 *                    T, i.e. not fully shipped by T - latency on a FIFO link
 *                    of the account's bandwidth shared in proportion to the
 *                    streams' mean byte rates (writes.h); T if none.
 */
#include "models/world/storage.h"

#include <math.h>

#include "models/azure/defaults.h"
#include "models/world/wi.h"
#include "models/world/worldInt.h"
#include "sim/core/mem.h"

static bool zonal(const scn_account *c)
{
    return c->redundancy == SCN_ZRS || c->redundancy == SCN_GZRS || c->redundancy == SCN_RA_GZRS;
}

static bool geo(const scn_account *c)
{
    return c->redundancy != SCN_LRS && c->redundancy != SCN_ZRS;
}

static bool read_access(const scn_account *c)
{
    return c->redundancy == SCN_RA_GRS || c->redundancy == SCN_RA_GZRS;
}

void stg_reset(world *w)
{
    for (size_t i = 0; i < w->naccounts; i++) {
        account_rt *a = &w->accounts[i];
        const scn_account *c = a->cfg;
        rng r = wi_rng(w, wi_id("place", c->name));
        uint32_t zones = topo_zones(w->topo, c->region);
        uint32_t zone = 1 + rng_bounded(&r, zones);
        a->dc = 1 + rng_bounded(&r, topo_datacenters(w->topo, c->region));
        a->zone = c->zone ? c->zone : zone;
        rng p = wi_rng(w, a->id);
        a->bandwidth = dist_sample(&c->bandwidth, &p);
        a->latency = wi_us(dist_sample(&c->latency, &p));
        a->dns_ttl = wi_us(dist_sample(&c->dns_ttl, &p));
        a->down = false;
        a->destroyed = false;
        a->down_at = SIM_NEVER;
        a->lst_frozen = false;
        a->failing_over = a->failed_over = a->by_provider = false;
        a->failover_start = a->failover_end = SIM_NEVER;
        a->region_now = c->region;
        a->geo_now = geo(c);
        a->resyncing = false;
        a->resync_start = a->resync_done = SIM_NEVER;
        a->clients_at = 0;
        a->failing_back = false;
        a->ev = SIM_EVENT_NONE;
        a->nlog = 0;
        a->writable = a->readable = true;
        stg_log(w, a);
    }
}

bool stg_primary_up(const world *w, const account_rt *a)
{
    if (a->failed_over)
        return !topo_region_down(w->topo, a->region_now);
    const scn_account *c = a->cfg;
    if (zonal(c)) {
        uint32_t zones = topo_zones(w->topo, c->region);
        uint32_t need = zones >= 2 ? 2 : 1;
        return topo_zones_up(w->topo, c->region) >= need;
    }
    return topo_dc_up(w->topo, c->region, a->zone, a->dc);
}

bool stg_primary_destroyed(const world *w, const account_rt *a)
{
    if (a->failed_over)
        return false;
    const scn_account *c = a->cfg;
    if (zonal(c))
        return topo_zones_destroyed(w->topo, c->region) == topo_zones(w->topo, c->region);
    return topo_dc_destroyed(w->topo, c->region, a->zone, a->dc);
}

bool stg_writable(const account_rt *a)
{
    return !a->failing_over && !a->failing_back && !a->down && !a->destroyed;
}

static bool readable(const world *w, const account_rt *a)
{
    if (stg_writable(a))
        return true;
    const scn_account *c = a->cfg;
    if (a->failed_over || !read_access(c) || !a->geo_now)
        return a->failing_back && !topo_region_down(w->topo, a->region_now);
    int32_t pair = w->cfg->regions[c->region].pair;
    return pair != SCN_NONE && !topo_region_down(w->topo, (uint32_t)pair) &&
           !topo_zones_destroyed(w->topo, (uint32_t)pair);
}

void stg_log(world *w, account_rt *a)
{
    sim_time now = sim_now(w->eng);
    /* Clients reach a failed-over endpoint once their cached record expires. */
    bool writable = stg_writable(a) && now >= a->clients_at;
    bool reads = readable(w, a) && (now >= a->clients_at || !a->failed_over || a->down);
    if (a->nlog > 0 && writable == a->writable && reads == a->readable)
        return;
    if (a->nlog == a->caplog &&
        mem_grow((void **)&a->log, &a->caplog, a->nlog + 1, sizeof *a->log) != 0) {
        wi_fail(w, ERR_NOMEM);
        return;
    }
    a->log[a->nlog++] = (avail_change){now, writable, reads};
    a->writable = writable;
    a->readable = reads;
}

err_code stg_lst(world *w, stream_rt *s, double bandwidth, sim_time latency, sim_time at,
                 sim_time *lst)
{
    (void)w;
    *lst = at;
    if (s->params.rate <= 0)
        return ERR_OK;
    sim_time shipped_by = at - latency;
    wr_backlog b = {shipped_by, 0, 0, 0};
    err_code rc = ERR_OK;
    if (shipped_by > 0)
        rc = wr_backlog_at(s->ws, bandwidth, shipped_by, &b);
    if (rc != ERR_OK)
        return rc;
    if (b.writes > 0) {
        *lst = b.oldest;
        return ERR_OK;
    }
    sim_time next;
    rc = wr_next_after(s->ws, shipped_by > 0 ? shipped_by : 0, &next);
    if (rc == ERR_OK && next <= at)
        *lst = next;
    return rc;
}

/* Bytes/s of the account's link that stream s gets: a share in proportion
 * to its mean byte rate. */
static double share(const world *w, const account_rt *a, const stream_rt *s)
{
    double total = 0;
    for (size_t k = 0; k < a->nstreams; k++)
        total += w->streams[a->streams[k]].byte_rate;
    return total > 0 ? a->bandwidth * s->byte_rate / total : a->bandwidth;
}

void stg_freeze(world *w, account_rt *a)
{
    if (a->lst_frozen || a->down_at == SIM_NEVER)
        return;
    a->lst_frozen = true;
    const scn_account *c = a->cfg;
    for (size_t k = 0; k < a->nstreams; k++) {
        stream_rt *s = &w->streams[a->streams[k]];
        sim_time t = a->down_at;
        if (s->disk && w->vms[s->vm].down_at < t)
            t = w->vms[s->vm].down_at; /* the disk stopped changing with its VM */
        sim_time lst = t;
        if (s->params.rate > 0) {
            if (c->geo == SCN_GEO_LAG) {
                sim_time lag = wi_us(wi_draw(w, s->lag_entity, &c->lag));
                lst = t - lag > 0 ? t - lag : 0;
            } else {
                err_code rc = stg_lst(w, s, share(w, a, s), a->latency, t, &lst);
                if (rc != ERR_OK) {
                    wi_fail(w, rc);
                    return;
                }
            }
        }
        s->rp = lst;
        s->lost_from = t;
    }
}

/* ---- failover --------------------------------------------------------------------- */

static void complete_failover(world *w, account_rt *a, bool by_provider)
{
    sim_time now = sim_now(w->eng);
    stg_freeze(w, a);
    int32_t pair = w->cfg->regions[a->cfg->region].pair;
    a->failing_over = false;
    a->failed_over = true;
    a->by_provider = by_provider;
    a->failover_end = now;
    a->region_now = (uint32_t)pair;
    a->geo_now = false;
    a->down = false;
    a->destroyed = false;
    a->clients_at = now + a->dns_ttl;
    for (size_t k = 0; k < a->nstreams; k++) {
        stream_rt *s = &w->streams[a->streams[k]];
        s->fate = FATE_RESTORED;
    }
    oc_event_add(w->tl, now, by_provider ? OC_EV_PROVIDER_FAILOVER : OC_EV_FAILOVER_END,
                 a->cfg->name, "now LRS in %s; writes after the last sync time are lost",
                 wi_region_name(w, a->region_now));
    oc_event_add(w->tl, now, OC_EV_DNS_REMAP, a->cfg->name, "endpoint remapped to %s (TTL %.0fs)",
                 wi_region_name(w, a->region_now), (double)a->dns_ttl / 1e6);
}

static void on_clients_switched(sim_engine *e, void *ctx)
{
    (void)e;
    account_rt *a = ctx;
    stg_log(a->w, a);
}

static void on_failover_end(sim_engine *e, void *ctx)
{
    (void)e;
    account_rt *a = ctx;
    world *w = a->w;
    a->ev = SIM_EVENT_NONE;
    complete_failover(w, a, false);
    wi_at(w, a->clients_at, on_clients_switched, a, NULL);
    wi_changed(w);
}

static void on_failover_start(sim_engine *e, void *ctx)
{
    account_rt *a = ctx;
    world *w = a->w;
    a->ev = SIM_EVENT_NONE;
    if (a->failed_over)
        return;
    a->failing_over = true;
    a->failover_start = sim_now(e);
    oc_event_add(w->tl, sim_now(e), OC_EV_FAILOVER_START, a->cfg->name,
                 "customer-managed unplanned failover to %s",
                 wi_region_name(w, (uint32_t)w->cfg->regions[a->cfg->region].pair));
    wi_at(w, sim_now(e) + a->failover_duration, on_failover_end, a, &a->ev);
    wi_changed(w);
}

void stg_begin_failover(world *w, account_rt *a, sim_time duration, sim_time delay)
{
    if (a->failed_over || a->failing_over || !a->geo_now || a->ev.seq != 0)
        return;
    a->failover_duration = duration;
    if (delay == 0)
        on_failover_start(w->eng, a);
    else
        wi_at(w, sim_now(w->eng) + delay, on_failover_start, a, &a->ev);
}

void stg_provider_failover(world *w, uint32_t region)
{
    for (size_t i = 0; i < w->naccounts; i++) {
        account_rt *a = &w->accounts[i];
        if (a->cfg->region != region || !a->geo_now || a->failed_over || a->failing_over)
            continue;
        if (stg_primary_up(w, a))
            continue;
        if (a->ev.seq != 0)
            sim_cancel(w->eng, &a->ev);
        complete_failover(w, a, true);
        wi_at(w, a->clients_at, on_clients_switched, a, NULL);
    }
}

/* ---- after a failover: re-sync, failback -------------------------------------------- */

err_code stg_reverse_loss(world *w, stream_rt *s, const dist *lag, double bandwidth,
                          sim_time latency, sim_time t0, sim_time at, uint64_t *writes,
                          double *bytes)
{
    *writes = 0;
    *bytes = 0;
    if (s->params.rate <= 0 || at <= t0)
        return ERR_OK;
    /* The writes made in the new region since t0 (when it took over), on
     * their own tree whose time 0 is t0; the reverse link is taken as
     * running from then (the initial re-sync is its first shipment). */
    wr_reset(s->rev, &s->params, w->seed, w->trial, s->entity ^ RNG_SALT_REVERSE_WRITES,
             w->horizon - t0);
    sim_time rel = at - t0;
    if (lag != NULL) {
        sim_time l = wi_us(wi_draw(w, s->lag_entity ^ RNG_SALT_REVERSE_LAG, lag));
        return wr_count(s->rev, rel - l, rel, writes, bytes);
    }
    wr_backlog b = {0, 0, 0, 0};
    err_code rc = ERR_OK;
    if (rel - latency > 0)
        rc = wr_backlog_at(s->rev, bandwidth, rel - latency, &b);
    uint64_t c = 0;
    double by = 0;
    if (rc == ERR_OK)
        rc = wr_count(s->rev, rel - latency, rel, &c, &by);
    *writes = b.writes + c;
    *bytes = b.bytes + by;
    return rc;
}

static void on_failback_end(sim_engine *e, void *ctx)
{
    account_rt *a = ctx;
    world *w = a->w;
    a->failing_back = false;
    a->region_now = a->cfg->region;
    oc_event_add(w->tl, sim_now(e), OC_EV_FAILBACK_END, a->cfg->name, "primary back in %s",
                 wi_region_name(w, a->region_now));
    wi_changed(w);
}

static void on_failback_start(sim_engine *e, void *ctx)
{
    account_rt *a = ctx;
    world *w = a->w;
    const scn_strategy *st = w->st;
    sim_time now = sim_now(e);
    uint64_t lost = 0;
    double lost_bytes = 0;
    if (!st->failback_planned) {
        for (size_t k = 0; k < a->nstreams; k++) {
            stream_rt *s = &w->streams[a->streams[k]];
            uint64_t c;
            double b;
            err_code rc =
                stg_reverse_loss(w, s, a->cfg->geo == SCN_GEO_LAG ? &a->cfg->lag : NULL,
                                 share(w, a, s), a->latency, a->failover_end, now, &c, &b);
            if (rc != ERR_OK) {
                wi_fail(w, rc);
                return;
            }
            lost += c;
            lost_bytes += b;
        }
        w->loss_writes += (double)lost;
        w->loss_bytes += lost_bytes;
    }
    a->failing_back = true;
    oc_event_add(w->tl, now, OC_EV_FAILBACK_START, a->cfg->name,
                 st->failback_planned ? "planned: waits for replication, nothing lost"
                                      : "unplanned: %llu writes not yet copied back are lost",
                 (unsigned long long)lost);
    sim_time duration =
        wi_us(wi_draw(w, wi_id("failback", a->cfg->name), &a->cfg->failover_duration));
    wi_at(w, now + duration, on_failback_end, a, NULL);
    wi_changed(w);
}

static void on_resync_done(sim_engine *e, void *ctx)
{
    account_rt *a = ctx;
    world *w = a->w;
    sim_time now = sim_now(e);
    a->resyncing = false;
    a->geo_now = true;
    a->resync_done = now;
    oc_event_add(w->tl, now, OC_EV_RESYNC_COMPLETE, a->cfg->name,
                 "geo-redundancy restored, replicating back to %s",
                 wi_region_name(w, a->cfg->region));
    const scn_strategy *st = w->st;
    if (st->failback && st->kind != SCN_WAIT && !a->by_provider) {
        sim_time after =
            wi_us(wi_draw(w, wi_id("failback_after", a->cfg->name), &st->failback_after));
        sim_time at = a->resync_start + after;
        wi_at(w, at > now ? at : now, on_failback_start, a, NULL);
    }
}

void stg_refresh(world *w, account_rt *a)
{
    sim_time now = sim_now(w->eng);
    if (!a->failed_over) {
        bool up = stg_primary_up(w, a);
        if (stg_primary_destroyed(w, a) && !a->destroyed) {
            a->destroyed = true;
            oc_event_add(w->tl, now, OC_EV_STORAGE_DESTROYED, a->cfg->name,
                         "the primary copies are gone");
        }
        if (!up && !a->down) {
            a->down = true;
            if (a->down_at == SIM_NEVER) {
                a->down_at = now;
                stg_freeze(w, a);
            }
            oc_event_add(w->tl, now, OC_EV_STORAGE_DOWN, a->cfg->name, "primary unavailable%s",
                         read_access(a->cfg) ? "; reads continue from the secondary" : "");
        } else if (up && a->down) {
            a->down = false;
            if (!a->destroyed)
                oc_event_add(w->tl, now, OC_EV_STORAGE_UP, a->cfg->name, "primary back");
        }
    } else {
        a->down = topo_region_down(w->topo, a->region_now);
        if (!a->geo_now && !a->resyncing && !topo_region_down(w->topo, a->cfg->region)) {
            a->resyncing = true;
            a->resync_start = now;
            oc_event_add(w->tl, now, OC_EV_RESYNC_START, a->cfg->name,
                         "geo-redundancy re-enabled; initial sync");
            sim_time d = wi_us(wi_draw(w, wi_id("resync", a->cfg->name), &a->cfg->resync));
            wi_at(w, now + d, on_resync_done, a, NULL);
        }
    }
    stg_log(w, a);
}
