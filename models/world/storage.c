/*
 * storage.c — storage accounts in a trial: where their copies are, whether
 * they can be written and read, their Last Sync Time, account failover
 * (unplanned and planned), regaining geo-redundancy, and failback.
 *
 * Semantics (README.md "What drsim models": storage; each default's source
 * is beside it in models/azure/defaults.h):
 *   - LRS and the primary of GRS/RA-GRS: three copies in one datacenter;
 *     available while that datacenter is up; gone if it is destroyed.
 *   - ZRS and the primary of GZRS/RA-GZRS: copies in every zone; available
 *     while at least two zones are up (one zone may fail); gone only if every
 *     zone is destroyed.
 *   - GRS kinds replicate asynchronously to the paired region. An account
 *     has one Last Sync Time (LST, last-sync-time-get.md: one account
 *     property): every write before it is on the secondary. While the primary
 *     is down nothing is replicated: the LST is frozen at the instant T the
 *     primary went down.
 *   - Each blob (the account's own writes, each VHD) has its own recovery
 *     point, between the LST and the instant it stopped changing: the blob
 *     holding the first write after the LST is exactly at the LST (that write
 *     is what holds the LST back), every other one at LST + U (stop - LST),
 *     U uniform(0, 1) per blob (an assumption: how far past the LST a blob
 *     has replicated is not published). So the account's RPO is its lag
 *     whatever the number of blobs, and the disks of one VM may still come
 *     back from different instants (crash-inconsistent).
 *   - RA-GRS / RA-GZRS serve reads from the secondary while the primary is
 *     down, and during a Microsoft-managed failover; not during a customer-
 *     managed one, planned or unplanned: "both the primary and secondary
 *     storage account endpoints become temporarily unavailable for both
 *     reads and writes" (reliability include, 2024-2026; the planned
 *     failover doc of 03/06/2025 superseded the older "continue to have read
 *     access").
 *   - Customer-managed unplanned failover: neither reads nor writes while it
 *     runs (its duration: a draw of failover.duration times
 *     (size / DEF_ACCOUNT_SIZE)^DEF_FAILOVER_SIZE_EXPONENT); afterwards the
 *     account is LRS in the secondary region, the writes after each blob's
 *     point are lost, and Geo Priority Replication is off. It needs no
 *     control plane of the primary's region (it is the documented answer to
 *     a region-wide storage failure), but an account holding VHDs of VMs is
 *     blocked while its primary is down unless the strategy ignores their
 *     leases (stg_leases_block; defaults.h, "VHD leases").
 *   - Microsoft-managed failover (world.c decides when: by default only of
 *     a destroyed region or datacenter): the accounts whose primary copies
 *     are there, each for a draw of the outage's provider_failover.duration
 *     scaled like a customer failover; no writes until it completes, reads of
 *     RA kinds from the secondary meanwhile; then as a customer unplanned
 *     failover. Leases do not block it.
 *   - Planned failover: possible only while both regions are available (at
 *     the primary's outage it waits, and runs once both are back); it waits
 *     for replication and loses nothing; afterwards the account is still
 *     geo-redundant, in the other region (a GZRS account's new primary is not
 *     zonal).
 *   - After an unplanned failover, geo-redundancy comes back only when the
 *     customer asks for it (the strategy's regain_geo): `after` the failover
 *     the request, a management operation of the storage resource provider,
 *     which does not fail over: it goes through once the original region's
 *     control plane does (ctlplane.h); the conversion begins `start` later
 *     (no SLA), and its initial sync copies the account's size at its
 *     geo_sync_rate once the original region is up. It comes back as GRS
 *     (RA-GRS for the RA kinds): zone redundancy returns only with a
 *     failback.
 *   - Failback is another failover, so it needs a geo-redundant account:
 *     planned (waits for replication, no loss, stays geo-redundant; a GZRS
 *     account is GZRS again) or unplanned (what was not copied back is lost;
 *     geo-redundancy is lost again).
 *   - Every remap of an account's endpoint (failover, failback) is logged;
 *     its clients follow as their cached records expire (world.c's downtime).
 *
 * The lag L behind the LST (lag model): one draw of the account's `lag` per
 * trial. With Geo Priority Replication ("LST ... lagged 15 minutes or less
 * for 99.0% of the billing month"), a draw above 15 minutes is redrawn until
 * it is within them (at most GPR_REDRAWS times, then 15 minutes) in 99 % of
 * the instants; in the other 1 % the account's law holds unchanged (an
 * assumption: outside its SLA the feature is taken to do nothing). So
 * P(L > 15 m) is 1 % of what it is without the feature, and no trial's lag
 * is longer with it than without it.
 *
 * Bandwidth model: each blob's point is the instant of its oldest write not
 * on the secondary at T, i.e. not fully shipped by T - latency on a FIFO
 * link of the account's bandwidth shared in proportion to the blobs' mean
 * byte rates (writes.h); T if none. The account's LST is the oldest of
 * them.
 */
#include "models/world/storage.h"

#include <math.h>

#include "models/azure/defaults.h"
#include "models/scenario/fields.h"
#include "models/world/ctlplane.h"
#include "models/world/wi.h"
#include "models/world/worldInt.h"
#include "sim/core/mem.h"

/* Redraws of a lag to keep it within Geo Priority Replication's SLA. */
#define GPR_REDRAWS 1000


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

static uint32_t pair_of(const world *w, const account_rt *a)
{
    return (uint32_t)w->cfg->regions[a->cfg->region].pair;
}

/* The id of the account's lag draw: its own writes' stream's (the first
 * naccounts streams are the accounts' own, world.c). */
static uint64_t lag_entity(const world *w, const account_rt *a)
{
    return w->streams[a->index].lag_entity;
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
        a->sync_rate = dist_sample(&c->geo_sync_rate, &p);
        a->down = false;
        a->destroyed = false;
        a->down_at = SIM_NEVER;
        a->lst_frozen = false;
        a->lst = SIM_NEVER;
        a->gpr = c->priority_replication && geo(c);
        a->failing_over = a->failed_over = a->by_provider = false;
        a->planned = a->planned_waiting = false;
        a->failover_start = a->failover_end = SIM_NEVER;
        a->region_now = c->region;
        a->geo_now = geo(c);
        a->home_back_at = SIM_NEVER;
        a->regain_due = false;
        a->resyncing = false;
        a->resync_start = a->resync_done = SIM_NEVER;
        a->failback_scheduled = a->failing_back = a->failed_back = false;
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

bool stg_planned_possible(const world *w, const account_rt *a)
{
    if (!a->geo_now || a->failed_over || a->failing_over)
        return false;
    uint32_t pair = pair_of(w, a);
    return stg_primary_up(w, a) && !a->destroyed && !topo_region_down(w->topo, pair);
}

static bool readable(const world *w, const account_rt *a)
{
    if (stg_writable(a))
        return true;
    /* A customer-managed failover (or failback) takes both endpoints; during
     * Microsoft's, RA kinds go on reading from the secondary. */
    if ((a->failing_over && !a->by_provider) || a->failing_back)
        return false;
    const scn_account *c = a->cfg;
    if (a->failed_over || !read_access(c) || !a->geo_now)
        return false;
    uint32_t pair = pair_of(w, a);
    return !topo_region_down(w->topo, pair) && !topo_zones_destroyed(w->topo, pair);
}

static void log_change(world *w, account_rt *a, bool remap)
{
    sim_time now = sim_now(w->eng);
    bool writable = stg_writable(a), reads = readable(w, a);
    if (!remap && a->nlog > 0 && writable == a->writable && reads == a->readable)
        return;
    if (a->nlog == a->caplog &&
        mem_grow((void **)&a->log, &a->caplog, a->nlog + 1, sizeof *a->log) != 0) {
        wi_fail(w, ERR_NOMEM);
        return;
    }
    a->log[a->nlog++] = (avail_change){now, writable, reads, remap};
    a->writable = writable;
    a->readable = reads;
}

void stg_log(world *w, account_rt *a)
{
    log_change(w, a, false);
}

/* The endpoint now points at region_now: logged for the clients, who follow
 * over the TTL. */
static void remap(world *w, account_rt *a)
{
    log_change(w, a, true);
    oc_event_add(w->tl, sim_now(w->eng), OC_EV_DNS_REMAP, a->cfg->name,
                 "endpoint remapped to %s (TTL %.0fs: clients follow as their cached records "
                 "expire)",
                 wi_region_name(w, a->region_now), (double)a->dns_ttl / 1e6);
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

/* ---- the Last Sync Time and the blobs' recovery points ------------------------------ */

/* One draw (seconds) of the account's lag from the stream of `entity`; with
 * Geo Priority Replication, kept within its SLA (file comment). */
static double draw_lag(const world *w, const account_rt *a, uint64_t entity, bool gpr)
{
    const dist *law = &a->cfg->lag;
    rng r = wi_rng(w, entity);
    double l = law->kind == DIST_CONST ? law->a : dist_sample(law, &r);
    if (!gpr || l <= GPR_SLA_LAG)
        return l;
    rng sla = wi_rng(w, entity ^ RNG_SALT_GPR);
    if (rng_unit(&sla) >= GPR_SLA_FRACTION)
        return l; /* the instants the SLA does not cover */
    for (int i = 0; i < GPR_REDRAWS && l > GPR_SLA_LAG; i++)
        l = dist_sample(law, &r);
    return l > GPR_SLA_LAG ? GPR_SLA_LAG : l;
}

/* The instant stream s stopped changing, its account having gone down at t:
 * t, or its VM's failure when that came first. */
static sim_time stream_stop(const world *w, const stream_rt *s, sim_time t)
{
    if (s->disk && w->vms[s->vm].down_at < t)
        return w->vms[s->vm].down_at;
    return t;
}

/* What blob_points does with each blob's point. */
typedef struct points_use {
    bool reverse;       /* the writes since the failover (s->rev, times from its end) */
    sim_time stop;      /* reverse: when every blob stopped (relative) */
    uint64_t writes;    /* reverse: the writes at or after their points */
    double bytes;
} points_use;

/* Each blob's recovery point for the Last Sync Time lst (file comment):
 * forward, stored as the streams' rp and lost_from (the account went down at
 * a->down_at); reverse, the writes lost counted into *u. */
static err_code blob_points(world *w, account_rt *a, sim_time lst, uint64_t salt, points_use *u)
{
    /* The blob holding the first write after the LST. */
    size_t lagging = SIZE_MAX;
    sim_time first = SIM_NEVER;
    for (size_t k = 0; k < a->nstreams; k++) {
        stream_rt *s = &w->streams[a->streams[k]];
        sim_time stop = u->reverse ? u->stop : stream_stop(w, s, a->down_at);
        if (s->params.rate <= 0 || stop <= lst)
            continue;
        sim_time next;
        err_code rc = wr_next_after(u->reverse ? s->rev : s->ws, lst > 0 ? lst : 0, &next);
        if (rc != ERR_OK)
            return rc;
        if (next <= stop && next < first) {
            first = next;
            lagging = k;
        }
    }
    for (size_t k = 0; k < a->nstreams; k++) {
        stream_rt *s = &w->streams[a->streams[k]];
        sim_time stop = u->reverse ? u->stop : stream_stop(w, s, a->down_at);
        sim_time rp = stop;
        if (s->params.rate > 0 && stop > lst) {
            rp = lst;
            if (lagging != SIZE_MAX && k != lagging) {
                rng r = wi_rng(w, s->lag_entity ^ RNG_SALT_BLOB_POINT ^ salt);
                rp = lst + (sim_time)(rng_unit(&r) * (double)(stop - lst));
            }
        }
        if (!u->reverse) {
            s->rp = rp;
            s->lost_from = stop;
            continue;
        }
        uint64_t c = 0;
        double b = 0;
        err_code rc = wr_count(s->rev, rp - 1, stop, &c, &b);
        if (rc != ERR_OK)
            return rc;
        u->writes += c;
        u->bytes += b;
    }
    return ERR_OK;
}

void stg_freeze(world *w, account_rt *a)
{
    if (a->lst_frozen || a->down_at == SIM_NEVER)
        return;
    a->lst_frozen = true;
    const scn_account *c = a->cfg;
    sim_time t = a->down_at;
    err_code rc = ERR_OK;
    if (c->geo == SCN_GEO_LAG) {
        sim_time lag = wi_us(draw_lag(w, a, lag_entity(w, a), a->gpr));
        a->lst = t - lag > 0 ? t - lag : 0;
        points_use u = {0};
        rc = blob_points(w, a, a->lst, 0, &u);
    } else {
        a->lst = t;
        for (size_t k = 0; k < a->nstreams && rc == ERR_OK; k++) {
            stream_rt *s = &w->streams[a->streams[k]];
            sim_time stop = stream_stop(w, s, t);
            s->rp = stop;
            s->lost_from = stop;
            rc = stg_lst(w, s, share(w, a, s), a->latency, stop, &s->rp);
            if (rc == ERR_OK && s->params.rate > 0 && s->rp < a->lst)
                a->lst = s->rp;
        }
    }
    if (rc != ERR_OK)
        wi_fail(w, rc);
}

/* ---- failover --------------------------------------------------------------------- */

sim_time stg_failover_duration(const world *w, const account_rt *a, const dist *d,
                               uint64_t entity)
{
    double size = a->cfg->size > 0 ? a->cfg->size : DEF_ACCOUNT_SIZE;
    double scale = pow(size / DEF_ACCOUNT_SIZE, DEF_FAILOVER_SIZE_EXPONENT);
    return wi_us(wi_draw(w, entity, d) * scale);
}

static void on_regain_request(sim_engine *e, void *ctx);

static void complete_failover(world *w, account_rt *a, bool by_provider)
{
    sim_time now = sim_now(w->eng);
    a->failing_over = false;
    a->failed_over = true;
    a->by_provider = by_provider;
    a->failover_end = now;
    a->region_now = pair_of(w, a);
    a->down = false;
    a->destroyed = false;
    if (a->planned) {
        /* Everything was replicated first: the data is intact, and the
         * account still geo-redundant (GRS: the new primary is LRS). */
        oc_event_add(w->tl, now, OC_EV_FAILOVER_END, a->cfg->name,
                     "planned: now in %s, still geo-redundant; nothing lost",
                     wi_region_name(w, a->region_now));
    } else {
        stg_freeze(w, a);
        a->geo_now = false;
        a->gpr = false;
        for (size_t k = 0; k < a->nstreams; k++)
            w->streams[a->streams[k]].fate = FATE_RESTORED;
        oc_event_add(w->tl, now, by_provider ? OC_EV_PROVIDER_FAILOVER : OC_EV_FAILOVER_END,
                     a->cfg->name,
                     "now LRS in %s; writes after the last sync time (%.0fs before the failure) "
                     "are lost",
                     wi_region_name(w, a->region_now),
                     a->down_at != SIM_NEVER ? (double)(a->down_at - a->lst) / 1e6 : 0.0);
        const scn_strategy *st = w->st;
        if (st->regain_geo) {
            sim_time after =
                wi_us(wi_draw(w, wi_id("regain_after", a->cfg->name), &st->regain_after));
            wi_at(w, now + after, on_regain_request, a, NULL);
        }
    }
    remap(w, a);
}

static void on_failover_end(sim_engine *e, void *ctx)
{
    (void)e;
    account_rt *a = ctx;
    world *w = a->w;
    a->ev = SIM_EVENT_NONE;
    complete_failover(w, a, false);
    wi_changed(w);
}

/* The lag a planned failover waits for: the writes not yet on the secondary
 * when it begins must be copied before it completes. */
static sim_time planned_sync(world *w, account_rt *a)
{
    sim_time now = sim_now(w->eng);
    if (a->cfg->geo == SCN_GEO_LAG)
        return wi_us(draw_lag(w, a, lag_entity(w, a) ^ RNG_SALT_PLANNED, a->gpr));
    sim_time oldest = now;
    for (size_t k = 0; k < a->nstreams; k++) {
        stream_rt *s = &w->streams[a->streams[k]];
        sim_time lst;
        err_code rc = stg_lst(w, s, share(w, a, s), a->latency, now, &lst);
        if (rc != ERR_OK) {
            wi_fail(w, rc);
            return 0;
        }
        if (lst < oldest)
            oldest = lst;
    }
    return now - oldest + a->latency;
}

static void on_failover_start(sim_engine *e, void *ctx)
{
    account_rt *a = ctx;
    world *w = a->w;
    sim_time now = sim_now(e);
    a->ev = SIM_EVENT_NONE;
    if (a->failed_over || a->failing_over)
        return;
    uint32_t pair = pair_of(w, a);
    if (a->planned && !stg_planned_possible(w, a)) {
        /* "The storage account must be available in both the primary and
         * secondary regions before a planned failover can be initiated." */
        if (!a->planned_waiting)
            oc_event_add(w->tl, now, OC_EV_DECISION, a->cfg->name,
                         "planned failover to %s refused: both regions must be available; "
                         "retried once they are",
                         wi_region_name(w, pair));
        a->planned_waiting = true;
        return;
    }
    a->planned_waiting = false;
    a->failing_over = true;
    a->failover_start = now;
    sim_time d = a->failover_duration;
    if (a->planned) {
        sim_time sync = planned_sync(w, a);
        d = sync > d ? sync : d;
    }
    oc_event_add(w->tl, now, OC_EV_FAILOVER_START, a->cfg->name,
                 "customer-managed %s failover to %s; reads and writes stop on both endpoints",
                 a->planned ? "planned" : "unplanned", wi_region_name(w, pair));
    wi_at(w, now + d, on_failover_end, a, &a->ev);
    wi_changed(w);
}

void stg_begin_failover(world *w, account_rt *a, sim_time duration, sim_time delay, bool planned)
{
    if (a->failed_over || a->failing_over || a->planned_waiting || !a->geo_now || a->ev.seq != 0)
        return;
    a->failover_duration = duration;
    a->planned = planned;
    if (delay == 0)
        on_failover_start(w->eng, a);
    else
        wi_at(w, sim_now(w->eng) + delay, on_failover_start, a, &a->ev);
}

bool stg_leases_block(const world *w, const account_rt *a)
{
    return a->has_leases && w->st->vhd_leases == SCN_LEASES_BLOCK && (a->down || a->destroyed);
}

/* Whether a's primary copies lie in `place`: any account of a region; in a
 * datacenter, the accounts placed there (a zonal account spans its
 * region's zones: no datacenter holds it). */
static bool in_place(const account_rt *a, topo_place place)
{
    if (a->cfg->region != place.region)
        return false;
    if (place.zone == 0)
        return true;
    return !zonal(a->cfg) && a->zone == place.zone && (place.dc == 0 || a->dc == place.dc);
}

static void on_provider_end(sim_engine *e, void *ctx)
{
    (void)e;
    account_rt *a = ctx;
    world *w = a->w;
    a->ev = SIM_EVENT_NONE;
    complete_failover(w, a, true);
    wi_changed(w);
}

void stg_provider_failover(world *w, topo_place place, const dist *duration)
{
    sim_time now = sim_now(w->eng);
    for (size_t i = 0; i < w->naccounts; i++) {
        account_rt *a = &w->accounts[i];
        if (!in_place(a, place) || !a->geo_now || a->failed_over || a->failing_over)
            continue;
        if (stg_primary_up(w, a) && !a->destroyed)
            continue;
        if (a->ev.seq != 0)
            sim_cancel(w->eng, &a->ev);
        a->planned = a->planned_waiting = false;
        a->failing_over = true;
        a->by_provider = true;
        a->failover_start = now;
        sim_time d = stg_failover_duration(w, a, duration, wi_id("provider_failover", a->cfg->name));
        oc_event_add(w->tl, now, OC_EV_PROVIDER_FAILOVER, a->cfg->name,
                     "Microsoft-managed failover to %s, %.0fs: no writes until it completes%s",
                     wi_region_name(w, pair_of(w, a)), (double)d / 1e6,
                     read_access(a->cfg) ? "; reads go on from the secondary" : "");
        wi_at(w, now + d, on_provider_end, a, &a->ev);
    }
}

/* ---- after a failover: geo-redundancy regained, failback ----------------------------- */

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
     * running from then (the initial sync is its first shipment). */
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

/* What an unplanned failback at `at` loses: the writes made since the
 * failover that are not on the original region yet. The reverse link has
 * one Last Sync Time too (a lag draw of its own; Geo Priority Replication,
 * ended by the unplanned failover, plays no part), and the blobs' points lie
 * past it as on the way out. */
static err_code failback_loss(world *w, account_rt *a, sim_time at, uint64_t *writes,
                              double *bytes)
{
    *writes = 0;
    *bytes = 0;
    sim_time t0 = a->failover_end;
    if (at <= t0)
        return ERR_OK;
    if (a->cfg->geo == SCN_GEO_BANDWIDTH) {
        for (size_t k = 0; k < a->nstreams; k++) {
            stream_rt *s = &w->streams[a->streams[k]];
            uint64_t c;
            double b;
            err_code rc = stg_reverse_loss(w, s, NULL, share(w, a, s), a->latency, t0, at, &c, &b);
            if (rc != ERR_OK)
                return rc;
            *writes += c;
            *bytes += b;
        }
        return ERR_OK;
    }
    for (size_t k = 0; k < a->nstreams; k++) {
        stream_rt *s = &w->streams[a->streams[k]];
        wr_reset(s->rev, &s->params, w->seed, w->trial, s->entity ^ RNG_SALT_REVERSE_WRITES,
                 w->horizon - t0);
    }
    sim_time rel = at - t0;
    sim_time lag = wi_us(draw_lag(w, a, lag_entity(w, a) ^ RNG_SALT_REVERSE_LAG, false));
    points_use u = {.reverse = true, .stop = rel};
    err_code rc = blob_points(w, a, rel - lag, RNG_SALT_REVERSE_LAG, &u);
    *writes = u.writes;
    *bytes = u.bytes;
    return rc;
}

static const char *kind_after_failback(const account_rt *a, bool planned)
{
    const scn_account *c = a->cfg;
    if (planned)
        return fld_redundancy_names[c->redundancy];
    return zonal(c) ? "ZRS" : "LRS";
}

static void on_failback_end(sim_engine *e, void *ctx)
{
    account_rt *a = ctx;
    world *w = a->w;
    const scn_strategy *st = w->st;
    a->failing_back = false;
    a->failed_back = true;
    a->region_now = a->cfg->region;
    /* A planned failback keeps geo-redundancy (and gives a GZRS account its
     * zones back); an unplanned one loses it again. */
    a->geo_now = st->failback_planned;
    oc_event_add(w->tl, sim_now(e), OC_EV_FAILBACK_END, a->cfg->name, "primary back in %s (%s)",
                 wi_region_name(w, a->region_now), kind_after_failback(a, st->failback_planned));
    remap(w, a);
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
        err_code rc = failback_loss(w, a, now, &lost, &lost_bytes);
        if (rc != ERR_OK) {
            wi_fail(w, rc);
            return;
        }
        w->loss_writes += (double)lost;
        w->loss_bytes += lost_bytes;
    }
    a->failing_back = true;
    oc_event_add(w->tl, now, OC_EV_FAILBACK_START, a->cfg->name,
                 st->failback_planned ? "planned: waits for replication, nothing lost"
                                      : "unplanned: %llu writes not yet copied back are lost",
                 (unsigned long long)lost);
    sim_time duration = stg_failover_duration(w, a, &a->cfg->failover_duration,
                                              wi_id("failback", a->cfg->name));
    wi_at(w, now + duration, on_failback_end, a, NULL);
    wi_changed(w);
}

static void on_regain(sim_engine *e, void *ctx)
{
    (void)e;
    account_rt *a = ctx;
    a->regain_due = true;
    wi_changed(a->w);
}

/* The customer asks for geo-redundancy again: a conversion, a management
 * operation of the Storage resource provider, which "doesn't fail over, so
 * resource management operations must still take place in the primary
 * region" (storage-disaster-recovery-guidance.md): it goes through once the
 * original region's control plane does, and the conversion begins `start`
 * later. */
static void on_regain_request(sim_engine *e, void *ctx)
{
    account_rt *a = ctx;
    world *w = a->w;
    sim_time now = sim_now(e);
    uint32_t home = a->cfg->region;
    sim_time ready = cp_ready_at(w, home, wi_id("regain_request", a->cfg->name));
    if (ready > now)
        oc_event_add(w->tl, now, OC_EV_CONTROL_PLANE, a->cfg->name,
                     "asking for %s again waits %.0fs for the control plane of %s (%s): the "
                     "storage resource provider does not fail over",
                     read_access(a->cfg) ? "RA-GRS" : "GRS", (double)(ready - now) / 1e6,
                     wi_region_name(w, home), cp_state(w, home));
    sim_time start =
        wi_us(wi_draw(w, wi_id("regain_start", a->cfg->name), &w->st->regain_start));
    wi_at(w, ready + start, on_regain, a, NULL);
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
                 "geo-redundant again (%s), replicating to %s",
                 read_access(a->cfg) ? "RA-GRS" : "GRS", wi_region_name(w, a->cfg->region));
    wi_changed(w);
}

/* The steps after a failover that wait for the original region: the initial
 * sync of regained geo-redundancy, and the failback. */
static void after_failover(world *w, account_rt *a)
{
    sim_time now = sim_now(w->eng);
    bool home_up = !topo_region_down(w->topo, a->cfg->region);
    if (home_up && a->home_back_at == SIM_NEVER)
        a->home_back_at = now;
    if (a->regain_due && !a->geo_now && !a->resyncing && home_up) {
        a->resyncing = true;
        a->resync_start = now;
        double size = a->cfg->size > 0 ? a->cfg->size : DEF_ACCOUNT_SIZE;
        sim_time d = a->sync_rate > 0 ? wi_us(size / a->sync_rate) : SIM_NEVER;
        oc_event_add(w->tl, now, OC_EV_RESYNC_START, a->cfg->name,
                     "conversion to %s begun: initial sync of %.0f GB at %.0f MB/s%s",
                     read_access(a->cfg) ? "RA-GRS" : "GRS", size / 1e9, a->sync_rate / 1e6,
                     zonal(a->cfg) ? " (not GZRS: zone redundancy returns with a failback)" : "");
        wi_at(w, now + d, on_resync_done, a, NULL);
    }
    const scn_strategy *st = w->st;
    if (st->failback && st->kind != SCN_WAIT && !a->by_provider && a->geo_now &&
        !a->failback_scheduled && !a->failed_back && a->home_back_at != SIM_NEVER) {
        a->failback_scheduled = true;
        sim_time after =
            wi_us(wi_draw(w, wi_id("failback_after", a->cfg->name), &st->failback_after));
        sim_time at = a->home_back_at + after;
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
                         read_access(a->cfg) && a->geo_now ? "; reads continue from the secondary"
                                                           : "");
        } else if (up && a->down) {
            a->down = false;
            if (!a->destroyed)
                oc_event_add(w->tl, now, OC_EV_STORAGE_UP, a->cfg->name, "primary back");
        }
        if (a->planned_waiting && stg_planned_possible(w, a))
            on_failover_start(w->eng, a);
    } else {
        a->down = topo_region_down(w->topo, a->region_now);
        if (!a->failing_back)
            after_failover(w, a);
    }
    stg_log(w, a);
}
