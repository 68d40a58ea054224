/*
 * loader_world.c — one world of a scenario, and its strategies, from a
 * document tree: each section's entries read against their tables (fields.h,
 * loader_fields.c), then what no table row can say — the checks across
 * fields, and the few keys whose syntax has several forms (FLD_HAND).
 *
 * What stays here, by section: regions merged into the catalogue (with its
 * zones and restricted access), and a region not its own pair; a storage
 * account's redundancy against its region's pair and zones, its zone, lag or
 * bandwidth, its size against its VHDs (and their default), Geo Priority
 * Replication and a premium block blob account against what they exclude,
 * the warning on a restricted region or secondary; a Cosmos DB account's
 * consistency against multi-region writes and its regions' span (strong),
 * bounded staleness' K and T against the multi-region minimums, its regions
 * listed once, its conflict policy against a single write region, names
 * unique across storage and Cosmos DB accounts, and an app's data named in
 * either; a VM group's zone (a
 * number, spread or any) and its disks, the OS disk's default, each disk's
 * size against its kind's largest, Premium SSD v2 and Ultra Disk as LRS data
 * disks (v2 on a zonal VM where the region asks it), the VMs a tier needs
 * within its count, an unmanaged disk's
 * account and region, the warnings on VHDs of several disks on geo-redundant
 * storage and on a restricted region; an app's tiers and entry, the Traffic
 * Manager timeout against its interval; an outage's scope ("zone N"), zone
 * and datacenter, its provider failover against its scope (not a zone) and
 * its destructiveness (a warning when it can never fire); a strategy's decide or failover.after, the accounts it
 * fails over against what blocks a (planned) failover, a failback against
 * regained geo-redundancy, geo-restore's legacy VHDs, and Site Recovery's
 * target (a restricted one; zone-to-zone: a region that offers it, zonal VMs
 * of its own on disks it takes), plan, consistency groups, recovery point,
 * retention, the disks it refuses (a managed data disk above 32 TiB, v2 and
 * Ultra to or from China North and East), High Churn's managed disks, and the
 * churn limits. Whatever needs zones in a region without them is refused
 * naming the nearest region that has them.
 *
 * Conversion goes on after an error (with the field left at its default) so
 * that one pass reports every problem of a file; a check across fields looks
 * only at fields that were read without error. References are resolved after
 * each list has been read, so the order of sections in a file does not matter.
 */
#include <stdio.h>
#include <string.h>

#include "models/azure/catalogue.h"
#include "models/azure/churn.h"
#include "models/azure/coords.h"
#include "models/azure/defaults.h"
#include "models/scenario/action.h"
#include "models/scenario/loaderInt.h"

static bool is_geo(scn_redundancy r)
{
    return r == SCN_GRS || r == SCN_RA_GRS || r == SCN_GZRS || r == SCN_RA_GZRS;
}

static bool is_zonal(scn_redundancy r)
{
    return r == SCN_ZRS || r == SCN_GZRS || r == SCN_RA_GZRS;
}

static bool is_word(const ydoc_node *n, const char *w)
{
    return n->kind == YDOC_SCALAR && n->tag == NULL && strcmp(n->text, w) == 0;
}

/* The catalogue's geography of region r of w, or NULL for a region the
 * scenario added. */
static const char *geography(const scn_world *w, const scn_region *r)
{
    size_t i = (size_t)(r - w->regions);
    return i < cat_nregions ? cat_regions[i].geography : NULL;
}

/* "KEY: WHAT needs a region with availability zones; R has none", saying
 * where that comes from (Azure's list, or the scenario's zones: 0) and which
 * region nearest to R has zones: its pair when the pair has them, else the
 * first region of the catalogue with zones in R's geography (catalogue.h).
 * Zone counts are the world's, so a scenario's overrides count. */
static void no_zones(ld *L, const ydoc_node *n, const scn_world *w, const scn_region *r,
                     const char *key, const char *what)
{
    size_t i = (size_t)(r - w->regions);
    const char *why =
        i < cat_nregions && cat_regions[i].zones == 0 ? "regions-list.md" : "zones: 0";
    const char *geo = geography(w, r);
    char near[160] = "";
    if (r->pair >= 0 && w->regions[r->pair].zones > 0) {
        snprintf(near, sizeof near, "; nearest with zones: %s (its pair)",
                 w->regions[r->pair].name);
    } else if (geo != NULL) {
        snprintf(near, sizeof near, "; no region of its geography (%s) has zones", geo);
        for (size_t j = 0; j < cat_nregions; j++)
            if (j != i && strcmp(cat_regions[j].geography, geo) == 0 && w->regions[j].zones > 0) {
                snprintf(near, sizeof near, "; nearest with zones: %s (same geography, %s)",
                         w->regions[j].name, geo);
                break;
            }
    }
    ld_error(L, n, "%s: %s needs a region with availability zones; %s has none (%s)%s", key, what,
             r->name, why, near);
}

/* A resource placed in a restricted region (regions-list.md: access "to
 * support specific customer scenarios"; granted on request): valid, since a
 * subscription may have the access, but said. */
static void restricted_warning(ld *L, const ydoc_node *n, const scn_region *r)
{
    if (r->restricted)
        ld_warn(L, n,
                "region: %s is a restricted-access region (regions-list.md): deploying "
                "there needs Microsoft to grant the subscription access first (a region "
                "access request; set restricted: false on %s once granted)",
                r->name, r->name);
}

/* A zone number read by the table (1..SCN_MAX_ZONES) against its region's. */
static bool zone_in_region(ld *L, const ydoc_node *n, const char *key, const scn_world *w,
                           const scn_region *r, uint64_t z)
{
    if (r->zones == 0) {
        char what[32];
        snprintf(what, sizeof what, "zone %llu", (unsigned long long)z);
        no_zones(L, n, w, r, key, what);
        return false;
    }
    if (z > r->zones) {
        ld_error(L, n, "%s: zone %llu is not in region %s (it has zones 1 to %u)", key,
                 (unsigned long long)z, r->name, r->zones);
        return false;
    }
    return true;
}

/* zone: N (1..zones) or any (0), checked against the region. */
static bool conv_zone_number(ld *L, const ydoc_node *n, const char *key, const scn_world *w,
                             const scn_region *r, uint32_t *out)
{
    if (is_word(n, "any")) {
        *out = 0;
        return true;
    }
    uint64_t z;
    if (!ld_uint(L, n, key, 1, SCN_MAX_ZONES, &z) || !zone_in_region(L, n, key, w, r, z))
        return false;
    *out = (uint32_t)z;
    return true;
}

/* ---- Regions ---------------------------------------------------------------------- */

/* The catalogue, then the regions the file adds; an entry naming a catalogue
 * region overrides the keys it gives. Names are read first, so that a pair
 * may name a region added further down. */
static bool conv_regions(ld *L, const ydoc_node *list, scn_world *w, ld_refs *refs)
{
    ld_names *rn = &refs->of[FLD_TO_REGION];
    const fld_field *name_row = fld_find(&fld_region, "name");
    size_t extra = 0;
    bool ok = true;
    if (list != NULL && !ld_list(L, list, "regions"))
        list = NULL;
    size_t nlist = list ? list->n : 0;
    const char **entry_names = nlist ? arena_array(L->a, nlist, sizeof *entry_names) : NULL;
    if (nlist && entry_names == NULL)
        return ld_oom(L);
    for (size_t i = 0; i < nlist; i++) {
        const ydoc_node *e = list->items[i];
        if (!ld_keys(L, e, &fld_region)) {
            ok = false;
            continue;
        }
        const ydoc_node *nm = ydoc_get(e, "name");
        if (nm == NULL) {
            ld_error(L, e, "%s", name_row->missing);
            ok = false;
            continue;
        }
        if (!ld_name(L, nm, "name", &entry_names[i])) {
            ok = false;
            continue;
        }
        for (size_t j = 0; j < i; j++)
            if (entry_names[j] && strcmp(entry_names[j], entry_names[i]) == 0) {
                ld_error(L, nm, "name: region '%s' is already listed above", entry_names[i]);
                entry_names[i] = NULL;
                ok = false;
                break;
            }
        if (entry_names[i] && cat_find(entry_names[i]) < 0)
            extra++;
    }
    w->nregions = cat_nregions + extra;
    w->regions = arena_array(L->a, w->nregions, sizeof *w->regions);
    rn->v = arena_array(L->a, w->nregions, sizeof *rn->v);
    const ydoc_node **entry_of = arena_array(L->a, w->nregions, sizeof *entry_of);
    if (w->regions == NULL || rn->v == NULL || entry_of == NULL)
        return ld_oom(L);
    rn->n = w->nregions;
    for (size_t i = 0; i < cat_nregions; i++) {
        scn_region *r = &w->regions[i];
        memset(r, 0, sizeof *r);
        ld_defaults(&fld_region, r);
        r->name = rn->v[i] = cat_regions[i].name;
        r->zones = cat_regions[i].zones;
        r->restricted = cat_regions[i].restricted;
        r->zone_to_zone = cat_regions[i].zone_to_zone;
        entry_of[i] = NULL;
    }
    for (size_t i = 0; i < cat_nregions; i++)
        if (cat_regions[i].pair)
            w->regions[i].pair = cat_find(cat_regions[i].pair);
    size_t next = cat_nregions;
    for (size_t i = 0; i < nlist; i++) {
        if (entry_names[i] == NULL)
            continue;
        int idx = cat_find(entry_names[i]);
        if (idx < 0) {
            idx = (int)next++;
            scn_region *r = &w->regions[idx];
            memset(r, 0, sizeof *r);
            ld_defaults(&fld_region, r);
            r->name = rn->v[idx] = entry_names[i];
        }
        w->regions[idx].pos = ld_pos(list->items[i]);
        entry_of[idx] = list->items[i];
    }
    /* Every region is known now: the entries' keys, pairs included. */
    for (size_t i = 0; i < w->nregions; i++) {
        const ydoc_node *e = entry_of[i];
        if (e == NULL)
            continue;
        scn_region *r = &w->regions[i];
        int32_t pair = r->pair;
        ld_got got;
        ok &= ld_fields(L, &fld_region, e, r, refs, &got);
        if (ld_got_ok(&got, &fld_region, "pair") && r->pair == (int32_t)i) {
            ld_error(L, ydoc_get(e, "pair"), "pair: a region cannot be its own pair");
            r->pair = pair;
            ok = false;
        }
    }
    return ok;
}

/* ---- Storage accounts ------------------------------------------------------------- */

/* The node of features.KEY of an account entry, or the entry. */
static const ydoc_node *feature_node(const ydoc_node *e, const char *key)
{
    const ydoc_node *f = ydoc_get(e, "features");
    const ydoc_node *x = f && f->kind == YDOC_MAP ? ydoc_get(f, key) : NULL;
    return x ? x : f ? f : e;
}

/* A premium block blob account (never tiered), and Geo Priority Replication, against the
 * account's own keys (what they need of its VHDs is checked once the VMs are
 * read: account_data). */
static bool account_features(ld *L, const ydoc_node *e, const scn_account *acc, bool red_ok)
{
    bool ok = true;
    if (acc->premium_block_blobs && red_ok && is_geo(acc->redundancy)) {
        ld_error(L, feature_node(e, "premium_block_blobs"),
                 "premium_block_blobs: a premium block blob account is LRS or ZRS only "
                 "(storage-account-overview.md), so it cannot be %s and has no failover",
                 fld_redundancy_names[acc->redundancy]);
        ok = false;
    }
    if (acc->premium_block_blobs && acc->access_tier != SCN_TIER_HOT) {
        ld_error(L, ydoc_get(e, "access_tier"),
                 "access_tier: %s: data in a premium block blob account \"cannot be tiered to "
                 "hot, cool, cold or archive\" (access-tiers-overview.md)",
                 fld_access_tier_names[acc->access_tier]);
        ok = false;
    }
    if (!acc->priority_replication)
        return ok;
    const ydoc_node *gpr = ydoc_get(e, "priority_replication");
    if (acc->geo == SCN_GEO_BANDWIDTH) {
        ld_error(L, gpr, "priority_replication: its SLA bounds the lag, so it goes with "
                         "geo_replication.lag (with bandwidth the lag follows from the writes)");
        return false;
    }
    if (dist_min(&acc->lag) > GPR_SLA_LAG) {
        ld_error(L, gpr, "priority_replication: its SLA keeps the lag at 15m or less 99%% of the "
                         "time, but this account's lag never goes under 15m");
        ok = false;
    }
    if (acc->change_feed || acc->object_replication)
        ld_warn(L, gpr, "priority_replication: account '%s' has %s on, which writes append "
                        "blobs: Geo Priority Replication's SLA excludes accounts with append or "
                        "page blob calls in the last 30 days "
                        "(storage-redundancy-priority-replication.md); drsim still applies it",
                acc->name, acc->change_feed ? "change feed" : "object replication");
    double rate = dist_mean(&acc->writes.rate) * dist_mean(&acc->writes.size);
    if (rate > GPR_EXCLUDED_BYTE_RATE) {
        char r[32];
        units_format(UNITS_BYTE_RATE, rate, r, sizeof r);
        ld_warn(L, gpr, "priority_replication: account '%s' writes %s on average, above 1 Gbps "
                        "(125MB/s): Geo Priority Replication's SLA excludes such periods "
                        "(storage-redundancy-priority-replication.md); drsim still applies it",
                acc->name, r);
    }
    return ok;
}

/* What an account's VHDs say of it, once the VMs are read: the data it holds
 * (at least its VHDs' provisioned sizes; by default those, or
 * DEF_ACCOUNT_SIZE when it holds none), and the features that cannot hold
 * page blobs. */
static bool account_data(ld *L, const ydoc_node *list, scn_world *w)
{
    bool ok = true;
    for (size_t i = 0; list != NULL && i < w->naccounts; i++) {
        scn_account *acc = &w->accounts[i];
        const ydoc_node *e = list->items[i];
        if (e->kind != YDOC_MAP)
            continue;
        double vhds = 0;
        const scn_vm_group *holder = NULL;
        for (size_t g = 0; g < w->nvms; g++)
            for (size_t d = 0; d < w->vms[g].ndisks; d++) {
                const scn_disk *dk = &w->vms[g].disks[d];
                if (dk->kind != SCN_DISK_UNMANAGED || dk->account != (int32_t)i)
                    continue;
                vhds += (double)w->vms[g].count * dk->size;
                holder = holder ? holder : &w->vms[g];
            }
        if (holder == NULL)
            continue;
        if (acc->priority_replication) {
            ld_error(L, ydoc_get(e, "priority_replication"),
                     "priority_replication: Geo Priority Replication covers block blobs only; "
                     "account '%s' holds the VHDs (page blobs) of VM group '%s' "
                     "(storage-redundancy-priority-replication.md)",
                     acc->name, holder->name ? holder->name : "?");
            ok = false;
        }
        if (acc->premium_block_blobs) {
            ld_error(L, feature_node(e, "premium_block_blobs"),
                     "premium_block_blobs: a premium block blob account holds no page blobs, so "
                     "no VHDs; account '%s' holds those of VM group '%s'",
                     acc->name, holder->name ? holder->name : "?");
            ok = false;
        }
        if (!acc->size_given) {
            acc->size = vhds;
        } else if (acc->size < vhds) {
            char a[32], b[32];
            units_format(UNITS_SIZE, acc->size, a, sizeof a);
            units_format(UNITS_SIZE, vhds, b, sizeof b);
            ld_error(L, ydoc_get(e, "size"), "size: account '%s' holds %s of VHDs, more than its "
                                             "size of %s",
                     acc->name, b, a);
            ok = false;
        }
    }
    return ok;
}

static bool conv_account(ld *L, const ydoc_node *e, scn_account *acc, const scn_world *w,
                         const ld_refs *refs)
{
    memset(acc, 0, sizeof *acc);
    ld_defaults(&fld_account, acc);
    acc->pos = ld_pos(e);
    ld_got got;
    bool ok = ld_fields(L, &fld_account, e, acc, refs, &got);
    if (e->kind != YDOC_MAP)
        return false;
    bool region_ok = ld_got_ok(&got, &fld_account, "region");
    bool red_ok = ld_got_ok(&got, &fld_account, "redundancy");
    const ydoc_node *red = ydoc_get(e, "redundancy"), *x;
    const scn_region *reg = &w->regions[acc->region];
    if (region_ok && red_ok) {
        if (is_geo(acc->redundancy) && reg->pair == SCN_NONE) {
            ld_error(L, red, "redundancy: %s needs a region with a pair; %s has none",
                     fld_redundancy_names[acc->redundancy], reg->name);
            ok = false;
        }
        if (is_zonal(acc->redundancy) && reg->zones == 0) {
            no_zones(L, red, w, reg, "redundancy", fld_redundancy_names[acc->redundancy]);
            ok = false;
        }
        /* Azure pairs some regions with a restricted one: the account is
         * fine, but what a failover brings up there needs access. */
        if (is_geo(acc->redundancy) && reg->pair >= 0 && w->regions[reg->pair].restricted) {
            const char *sec = w->regions[reg->pair].name;
            ld_warn(L, red,
                    "redundancy: %s replicates to %s, a restricted-access region "
                    "(regions-list.md): the pairing is Azure's, but running VMs there "
                    "after a failover needs Microsoft to grant the subscription access "
                    "first (a region access request; set restricted: false on %s once "
                    "granted)",
                    fld_redundancy_names[acc->redundancy], sec, sec);
        }
    }
    if (region_ok)
        restricted_warning(L, ydoc_get(e, "region"), reg);
    if ((x = ydoc_get(e, "zone")) != NULL && ld_got_ok(&got, &fld_account, "zone")) {
        if (red_ok && is_zonal(acc->redundancy)) {
            ld_error(L, x, "zone: a %s account spans every zone; zone applies to LRS, GRS and "
                           "RA-GRS accounts", fld_redundancy_names[acc->redundancy]);
            acc->zone = 0;
            ok = false;
        } else if (region_ok && acc->zone != 0 &&
                   !zone_in_region(L, x, "zone", w, reg, acc->zone)) {
            acc->zone = 0;
            ok = false;
        }
    }
    /* geo_replication: lag, or bandwidth with an optional latency. */
    if ((x = ydoc_get(e, "geo_replication")) != NULL && x->kind == YDOC_MAP) {
        const ydoc_node *lag = ydoc_get(x, "lag"), *bw = ydoc_get(x, "bandwidth"),
                        *lat = ydoc_get(x, "latency");
        if (lag && bw) {
            ld_error(L, bw, "bandwidth: give either lag or bandwidth (with latency), not both");
            ok = false;
        } else if (lag && lat) {
            ld_error(L, lat, "latency: goes with bandwidth, not with lag");
            ok = false;
        } else if (bw) {
            acc->geo = SCN_GEO_BANDWIDTH;
        } else if (lat) {
            ld_error(L, lat, "latency: goes with bandwidth (geo_replication: {bandwidth: "
                             "40MB/s, latency: 50ms})");
            ok = false;
        } else if (lag == NULL) {
            ld_error(L, x, "geo_replication: expected lag or bandwidth");
            ok = false;
        }
    }
    ok &= account_features(L, e, acc, red_ok);
    return ok;
}

/* ---- Cosmos DB accounts ---------------------------------------------------------- */

/* Strong consistency across regions more than COSMOS_STRONG_MAX_KM apart:
 * blocked by default (regions a scenario adds have no coordinates). */
static bool strong_span(ld *L, const ydoc_node *at, const scn_cosmos *c, const scn_world *w)
{
    size_t n = 1 + c->nread_regions;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            uint32_t a = i == 0 ? c->write_region : c->read_regions[i - 1];
            uint32_t b = c->read_regions[j - 1];
            double la, oa, lb, ob;
            if (!cat_coords(w->regions[a].name, &la, &oa) ||
                !cat_coords(w->regions[b].name, &lb, &ob))
                continue;
            double km = cat_distance_km(la, oa, lb, ob);
            if (km > COSMOS_STRONG_MAX_KM) {
                ld_error(L, at, "consistency: strong is blocked by default for accounts whose "
                                "regions span more than 8000 km (5000 miles), and %s and %s are "
                                "%.0f km apart (consistency-levels.md: Azure enables it on a "
                                "support request); choose bounded_staleness or a weaker level",
                         w->regions[a].name, w->regions[b].name, km);
                return false;
            }
        }
    return true;
}

/* A Cosmos DB account against what Azure refuses: strong consistency with
 * multiple write regions, bounded staleness below the multi-region minimums,
 * a region listed twice; and the settings that do nothing where they are
 * given (a warning: Azure takes them). */
static bool conv_cosmos(ld *L, const ydoc_node *e, scn_cosmos *c, const scn_world *w,
                        const ld_refs *refs)
{
    memset(c, 0, sizeof *c);
    ld_defaults(&fld_cosmos, c);
    c->pos = ld_pos(e);
    ld_got got;
    bool ok = ld_fields(L, &fld_cosmos, e, c, refs, &got);
    if (e->kind != YDOC_MAP)
        return false;
    bool cons_ok = ld_got_ok(&got, &fld_cosmos, "consistency");
    bool write_ok = ld_got_ok(&got, &fld_cosmos, "write_region");
    const ydoc_node *x;
    if (write_ok)
        restricted_warning(L, ydoc_get(e, "write_region"), &w->regions[c->write_region]);
    if ((x = ydoc_get(e, "read_regions")) != NULL && x->kind == YDOC_SEQ && write_ok)
        for (size_t i = 0; i < c->nread_regions; i++)
            if (c->read_regions[i] == c->write_region) {
                ld_error(L, x->items[i], "read_regions: %s is the write region already (an "
                                         "account is in a region once)",
                         w->regions[c->write_region].name);
                ok = false;
            }
    bool multi_region = c->nread_regions > 0;
    if (cons_ok && c->consistency == SCN_CONS_STRONG && write_ok)
        ok &= strong_span(L, ydoc_get(e, "consistency"), c, w);
    if (cons_ok && c->consistency == SCN_CONS_STRONG && c->multi_region_writes) {
        ld_error(L, ydoc_get(e, "multi_region_writes"),
                 "multi_region_writes: not with strong consistency (consistency-levels.md: "
                 "accounts with multiple write regions \"can't be configured for strong "
                 "consistency\"); choose bounded_staleness, session, consistent_prefix or "
                 "eventual");
        ok = false;
    }
    if (cons_ok && c->consistency == SCN_CONS_BOUNDED_STALENESS && multi_region) {
        if ((x = ydoc_get(e, "max_staleness_prefix")) != NULL &&
            c->max_staleness_prefix < COSMOS_K_MIN_MULTI) {
            ld_error(L, x, "max_staleness_prefix: %u is below the multi-region minimum of "
                           "100000 writes (consistency-levels.md)",
                     (unsigned)c->max_staleness_prefix);
            c->max_staleness_prefix = DEF_COSMOS_K;
            ok = false;
        }
        if ((x = ydoc_get(e, "max_interval")) != NULL && c->max_interval < COSMOS_T_MIN_MULTI) {
            ld_error(L, x, "max_interval: below the multi-region minimum of 5m "
                           "(consistency-levels.md: 300 seconds)");
            c->max_interval = DEF_COSMOS_T;
            ok = false;
        }
    }
    if ((x = ydoc_get(e, "conflict_resolution")) != NULL && !c->multi_region_writes) {
        ld_error(L, x, "conflict_resolution: applies to accounts with multi_region_writes: "
                       "true only (a single write region has no conflicts)");
        ok = false;
    }
    if ((x = ydoc_get(e, "service_managed_failover")) != NULL && c->service_managed_failover) {
        if (!multi_region)
            ld_warn(L, x, "service_managed_failover: a single-region account has no region "
                          "to fail over to (add read_regions); it changes nothing here");
        else if (c->multi_region_writes)
            ld_warn(L, x, "service_managed_failover: with multi_region_writes every region "
                          "accepts writes already; it changes nothing here");
    }
    return ok;
}

/* ---- VMs and disks ----------------------------------------------------------------- */

/* Premium SSD v2 and Ultra Disk: managed, data disks only, LRS only. */
static bool is_v2_ultra(scn_disk_kind k)
{
    return k == SCN_DISK_PREMIUM_V2 || k == SCN_DISK_ULTRA;
}

/* A disk's size against its kind's largest (the table's check bounds every
 * kind by the largest of all, DISK_MAX_SIZE). n: the size's node, or NULL
 * for a default size (which is within every bound). */
static bool disk_size_ok(ld *L, const ydoc_node *n, const scn_disk *d, bool os)
{
    if (n == NULL || !(d->size > 0))
        return true;
    if (os && d->size > DISK_MAX_SIZE_OS) {
        ld_error(L, n, "size: an OS disk is at most 4095GiB (azure-to-azure-support-matrix.md, "
                       "\"OS disk maximum size\")");
        return false;
    }
    if (d->kind == SCN_DISK_UNMANAGED && d->size > DISK_MAX_SIZE_UNMANAGED) {
        ld_error(L, n, "size: an unmanaged disk (a VHD) is at most 4TiB "
                       "(azure-to-azure-support-matrix.md: \"4 TiB for unmanaged disks\"); "
                       "a larger disk is a managed one");
        return false;
    }
    if ((d->kind == SCN_DISK_STANDARD || d->kind == SCN_DISK_PREMIUM) &&
        d->size > DISK_MAX_SIZE_MANAGED) {
        ld_error(L, n, "size: a %s disk is at most 32767GiB (disks-types.md, \"Max disk "
                       "size\"; premium-v2 and ultra disks go to 64TiB)",
                 fld_disk_kind_names[d->kind]);
        return false;
    }
    return true;
}

static bool conv_disk(ld *L, const ydoc_node *e, const fld_table *t, scn_disk *d,
                      const scn_world *w, const scn_region *vm_region, const ld_refs *refs)
{
    memset(d, 0, sizeof *d);
    ld_defaults(t, d);
    d->pos = ld_pos(e);
    ld_got got;
    bool ok = ld_fields(L, t, e, d, refs, &got);
    if (e->kind != YDOC_MAP)
        return false;
    if (ld_got_given(&got, t, "kind") && !ld_got_ok(&got, t, "kind"))
        return false; /* which of account and redundancy applies is unknown */
    const ydoc_node *acc = ydoc_get(e, "account"), *red = ydoc_get(e, "redundancy");
    if (d->kind == SCN_DISK_UNMANAGED) {
        if (red != NULL) {
            ld_error(L, red, "redundancy: an unmanaged disk has its account's redundancy");
            ok = false;
        }
        if (ld_got_ok(&got, t, "account")) {
            const scn_account *a = &w->accounts[d->account];
            d->redundancy = a->redundancy;
            if (is_zonal(a->redundancy)) {
                ld_error(L, acc, "account: unmanaged disks cannot live on a %s account ('%s'); "
                                 "they support LRS and GRS only",
                         fld_redundancy_names[a->redundancy], a->name);
                ok = false;
            }
            if (vm_region && a->region != (uint32_t)(vm_region - w->regions)) {
                ld_error(L, acc, "account: '%s' is in %s, not in the VM's region %s", a->name,
                         w->regions[a->region].name, vm_region->name);
                ok = false;
            }
        }
    } else {
        if (acc != NULL) {
            ld_error(L, acc, "account: only unmanaged disks (kind: unmanaged) live in a storage "
                             "account");
            ok = false;
        }
        if (ld_got_ok(&got, t, "redundancy") && d->redundancy == SCN_ZRS && is_v2_ultra(d->kind)) {
            ld_error(L, red, "redundancy: %s disks are LRS only (ZRS is for Premium SSD and "
                             "Standard SSD: disks-deploy-zrs.md)", fld_disk_kind_names[d->kind]);
            d->redundancy = SCN_LRS;
            ok = false;
        } else if (ld_got_ok(&got, t, "redundancy") && d->redundancy == SCN_ZRS && vm_region &&
                   vm_region->zones == 0) {
            no_zones(L, red, w, vm_region, "redundancy", "ZRS");
            d->redundancy = SCN_LRS;
            ok = false;
        }
    }
    bool os = t == &fld_os_disk;
    if (os && is_v2_ultra(d->kind)) {
        ld_error(L, ydoc_get(e, "kind"), "kind: %s disks cannot be OS disks (disks-types.md: "
                                         "\"Usable as OS Disk? No\")",
                 fld_disk_kind_names[d->kind]);
        ok = false;
    }
    return disk_size_ok(L, ydoc_get(e, "size"), d, os) && ok;
}

/* zone: a number (every VM in that zone), spread or any. */
static bool conv_placement(ld *L, const ydoc_node *x, scn_vm_group *g, const scn_world *w,
                           const scn_region *reg)
{
    if (is_word(x, "spread")) {
        if (reg->zones == 0) {
            no_zones(L, x, w, reg, "zone", "spread");
            return false;
        }
        g->placement = SCN_PLACE_SPREAD;
        return true;
    }
    if (is_word(x, "any")) {
        g->placement = SCN_PLACE_ANY;
        return true;
    }
    if (x->kind == YDOC_SCALAR && x->len > 0 && x->text[0] >= '0' && x->text[0] <= '9') {
        if (!conv_zone_number(L, x, "zone", w, reg, &g->zone))
            return false;
        g->placement = SCN_PLACE_ZONE;
        return true;
    }
    ld_error(L, x, "zone: expected a zone number, spread or any; found %s", ld_found(x));
    return false;
}

/* disks[0] is the OS disk (os_disk, or its default), then the data disks. */
static bool conv_disks(ld *L, const ydoc_node *e, scn_vm_group *g, const scn_world *w,
                       const scn_region *reg, const ld_refs *refs)
{
    bool ok = true;
    const ydoc_node *os = ydoc_get(e, "os_disk"), *disks = ydoc_get(e, "disks");
    size_t ndata = 0;
    if (disks != NULL) {
        if (ld_list(L, disks, "disks")) {
            ndata = disks->n;
        } else {
            ok = false;
            disks = NULL;
        }
    }
    if (ndata + 1 > DEF_MAX_DISKS_PER_VM) {
        ld_error(L, disks, "disks: a VM has at most %d disks (the OS disk included)",
                 DEF_MAX_DISKS_PER_VM);
        ok = false;
        ndata = DEF_MAX_DISKS_PER_VM - 1;
    }
    g->ndisks = ndata + 1;
    g->disks = arena_array(L->a, g->ndisks, sizeof *g->disks);
    if (g->disks == NULL)
        return ld_oom(L);
    for (size_t i = 0; i < ndata; i++)
        ok &= conv_disk(L, disks->items[i], &fld_disk, &g->disks[i + 1], w, reg, refs);
    if (os != NULL)
        return conv_disk(L, os, &fld_os_disk, &g->disks[0], w, reg, refs) && ok;
    /* A VM on VHDs keeps its OS disk in the same account as its first data
     * disk; otherwise the OS disk is a managed standard one. */
    scn_disk *d = &g->disks[0];
    memset(d, 0, sizeof *d);
    ld_defaults(&fld_os_disk, d);
    d->pos = g->pos;
    const scn_disk *first = ndata > 0 ? &g->disks[1] : NULL;
    if (first != NULL && first->kind == SCN_DISK_UNMANAGED && first->account >= 0) {
        d->kind = SCN_DISK_UNMANAGED;
        d->redundancy = first->redundancy;
        d->account = first->account;
    }
    return ok;
}

/* The regions with zones that take nonzonal Premium SSD v2 disks
 * (virtual-machines/includes/disks-premv2-regions-nonzonal.md, ms.date
 * 06/17/2026, "Three Availability Zones"). Elsewhere in a region with zones
 * "you can only attach Premium SSD v2 disks to zonal VMs"
 * (disks-deploy-premium-v2.md). */
static const char *const v2_nonzonal[] = {
    "australiaeast", "brazilsouth",   "eastasia",      "francecentral",    "germanywestcentral",
    "italynorth",    "koreacentral",  "mexicocentral", "newzealandnorth",  "norwayeast",
    "polandcentral", "spaincentral",  "southafricanorth", "southeastasia", "swedencentral",
    "switzerlandnorth"};

/* A VM group with a Premium SSD v2 disk, in a region with zones that does not
 * take them nonzonal, must be zonal (a zone number or spread). */
static bool v2_placement(ld *L, const scn_vm_group *g, const scn_region *reg)
{
    if (g->placement != SCN_PLACE_ANY || reg->zones == 0 || g->disks == NULL)
        return true;
    for (size_t i = 0; i < sizeof v2_nonzonal / sizeof *v2_nonzonal; i++)
        if (strcmp(reg->name, v2_nonzonal[i]) == 0)
            return true;
    for (size_t i = 0; i < g->ndisks; i++)
        if (g->disks[i].kind == SCN_DISK_PREMIUM_V2) {
            ld_error_pos(L, g->disks[i].pos,
                         "in %s a premium-v2 disk attaches to zonal VMs only "
                         "(disks-deploy-premium-v2.md: \"you can only attach Premium SSD v2 "
                         "disks to zonal VMs\"): give VM group '%s' a zone (zone: N or spread)",
                         reg->name, g->name ? g->name : "?");
            return false;
        }
    return true;
}

static bool conv_vm(ld *L, const ydoc_node *e, scn_vm_group *g, const scn_world *w,
                    const ld_refs *refs)
{
    memset(g, 0, sizeof *g);
    ld_defaults(&fld_vm, g);
    g->pos = ld_pos(e);
    ld_got got;
    bool ok = ld_fields(L, &fld_vm, e, g, refs, &got);
    if (e->kind != YDOC_MAP)
        return false;
    const scn_region *reg = ld_got_ok(&got, &fld_vm, "region") ? &w->regions[g->region] : NULL;
    if (reg != NULL)
        restricted_warning(L, ydoc_get(e, "region"), reg);
    if (ld_got_ok(&got, &fld_vm, "needs") &&
        (!ld_got_given(&got, &fld_vm, "count") || ld_got_ok(&got, &fld_vm, "count")) &&
        g->needs > g->count) {
        ld_error(L, ydoc_get(e, "needs"), "needs: VM group '%s' has %u VM%s; it cannot need %u "
                                          "(at most its count, or all)",
                 g->name ? g->name : "?", g->count, g->count == 1 ? "" : "s", g->needs);
        g->needs = DEF_TIER_NEEDS;
        ok = false;
    }
    const ydoc_node *x = ydoc_get(e, "zone");
    if (x != NULL && reg != NULL)
        ok &= conv_placement(L, x, g, w, reg);
    ok &= conv_disks(L, e, g, w, reg, refs);
    if (L->nomem)
        return false;
    if (reg != NULL)
        ok &= v2_placement(L, g, reg);
    /* Unmanaged disks are retired: one warning per VM group, at its first. */
    for (size_t i = 0; i < g->ndisks; i++)
        if (g->disks[i].kind == SCN_DISK_UNMANAGED) {
            ld_warn_pos(L, g->disks[i].pos,
                        "VM group '%s' has unmanaged disks (VHDs): Azure retired them on %s; "
                        "since then VMs that use them cannot be started "
                        "(unmanaged-disks-deprecation.md): move them to managed disks",
                        g->name ? g->name : "?", DISK_UNMANAGED_RETIRED);
            break;
        }
    /* Azure advises against GRS for the VHDs of multi-disk VMs. */
    if (g->ndisks > 1)
        for (size_t i = 0; i < g->ndisks; i++) {
            const scn_disk *d = &g->disks[i];
            if (d->kind == SCN_DISK_UNMANAGED && d->account >= 0 &&
                is_geo(w->accounts[d->account].redundancy)) {
                const scn_account *a = &w->accounts[d->account];
                ld_warn_pos(L, d->pos,
                            "VM group '%s' keeps an unmanaged disk of a %zu-disk VM on %s "
                            "account '%s': Azure advises against geo-redundant storage for "
                            "such VHDs (each comes back at its own point past the account's "
                            "Last Sync Time, so after a failover the disks of one VM may come "
                            "from different points in time)",
                            g->name ? g->name : "?", g->ndisks,
                            fld_redundancy_names[a->redundancy], a->name);
                break;
            }
        }
    return ok;
}

/* ---- Deployments in several regions ------------------------------------------------- */

/* A VM group's `tier` (read once every group is named: it may point
 * forward), its scale-out, and what a deployment in several regions needs:
 * the tier's own group is a tier of its own, named by an app; each region
 * holds one group of a tier. */
static bool vm_tiers(ld *L, const ydoc_node *list, scn_world *w, const ld_refs *refs)
{
    bool ok = true;
    for (size_t i = 0; i < w->nvms; i++) {
        const ydoc_node *e = list->items[i], *x = ydoc_get(e, "tier");
        scn_vm_group *g = &w->vms[i];
        const ydoc_node *so = ydoc_get(e, "scale_out");
        if (g->scale_out && g->scale_to < g->capacity) {
            ld_error(L, ydoc_get(so, "to") ? ydoc_get(so, "to") : so,
                     "scale_out: VM group '%s' scales out to %g, below its capacity %g "
                     "(a scale-out adds capacity)", g->name ? g->name : "?", g->scale_to,
                     g->capacity);
            ok = false;
        }
        if (x == NULL)
            continue;
        if (!ld_field(L, fld_find(&fld_vm, "tier"), x, g, refs)) {
            ok = false;
            continue;
        }
        if (g->tier == SCN_NONE)
            continue;
        const scn_vm_group *t = &w->vms[g->tier];
        if (g->tier == (int32_t)i) {
            ld_error(L, x, "tier: VM group '%s' names itself (give the group it deploys in "
                           "another region)", g->name);
            ok = false;
        } else if (t->tier != SCN_NONE) {
            ld_error(L, x, "tier: VM group '%s' deploys the tier of '%s' in another region; "
                           "name that tier's own group, '%s'", t->name, w->vms[t->tier].name,
                     w->vms[t->tier].name);
            ok = false;
        } else if (t->region == g->region) {
            ld_error(L, x, "tier: VM group '%s' is in %s, as '%s': a tier has one group per "
                           "region (more VMs in one region are its count)",
                     g->name, w->regions[g->region].name, t->name);
            ok = false;
        } else {
            for (size_t j = 0; j < i; j++)
                if (w->vms[j].tier == g->tier && w->vms[j].region == g->region) {
                    ld_error(L, x, "tier: VM groups '%s' and '%s' both deploy '%s' in %s: a "
                                   "tier has one group per region", w->vms[j].name, g->name,
                             t->name, w->regions[g->region].name);
                    ok = false;
                }
        }
    }
    return ok;
}

/* An app deployed in several regions (a tier of it has groups in several)
 * needs an entry to send clients to one of them, names only tiers' own
 * groups, and, writing locally, a data account in each of its regions. */
static bool app_regions(ld *L, const ydoc_node *list, const scn_world *w)
{
    bool ok = true;
    for (size_t p = 0; p < w->napps; p++) {
        const scn_app *app = &w->apps[p];
        const ydoc_node *e = list->items[p];
        bool several = false;
        for (size_t t = 0; t < app->ntiers; t++) {
            const scn_vm_group *g = &w->vms[app->tiers[t]];
            if (g->tier != SCN_NONE) {
                ld_error(L, ydoc_get(e, "tiers"),
                         "tiers: VM group '%s' deploys the tier of '%s' in another region; "
                         "the app names the tier by '%s' alone",
                         g->name, w->vms[g->tier].name, w->vms[g->tier].name);
                ok = false;
            }
            for (size_t k = 0; k < w->nvms; k++)
                several |= w->vms[k].tier == (int32_t)app->tiers[t];
        }
        if (several && app->entry == SCN_ENTRY_NONE) {
            ld_error(L, e, "app '%s' is deployed in several regions: it needs an entry that "
                           "sends clients to one of them (entry: {traffic_manager: {}} or "
                           "{dns: {}})", app->name ? app->name : "?");
            ok = false;
        }
        if (!several || app->writes != SCN_WRITES_LOCAL)
            continue;
        for (size_t t = 0; t < app->ntiers; t++)
            for (size_t k = 0; k < w->nvms; k++) {
                const scn_vm_group *g = &w->vms[k];
                if (k != app->tiers[t] && g->tier != (int32_t)app->tiers[t])
                    continue;
                bool has = false;
                for (size_t d = 0; d < app->ndata; d++)
                    has |= w->accounts[app->data[d]].region == g->region;
                if (!has) {
                    ld_error(L, ydoc_get(e, "writes"),
                             "writes: app '%s' writes locally, but has no data account in %s, "
                             "where its VM group '%s' runs", app->name ? app->name : "?",
                             w->regions[g->region].name, g->name);
                    return false;
                }
            }
    }
    return ok;
}

/* ---- Applications ------------------------------------------------------------------ */

/* ---- SQL failover groups ------------------------------------------------------------ */

/* A failover group: its secondary (the primary's pair by default, never the
 * primary's region: "The secondary can't be in the same Azure region as the
 * primary", failover-group-sql-db.md), its zone redundancy or zone. */
static bool conv_sql(ld *L, const ydoc_node *e, scn_sql *g, const scn_world *w,
                     const ld_refs *refs)
{
    memset(g, 0, sizeof *g);
    ld_defaults(&fld_sql, g);
    g->pos = ld_pos(e);
    ld_got got;
    bool ok = ld_fields(L, &fld_sql, e, g, refs, &got);
    if (e->kind != YDOC_MAP)
        return false;
    if (!ld_got_ok(&got, &fld_sql, "region"))
        return false;
    const scn_region *reg = &w->regions[g->region];
    const ydoc_node *x = ydoc_get(e, "secondary");
    if (ld_got_ok(&got, &fld_sql, "secondary") || x == NULL) {
        if (g->secondary == SCN_NONE && x == NULL)
            g->secondary = reg->pair;
        if (g->secondary == SCN_NONE) {
            ld_error(L, x != NULL ? x : ydoc_get(e, "region"),
                     "secondary: %s has no pair; give the secondary's region (any region but "
                     "the primary's)", reg->name);
            ok = false;
        } else if ((uint32_t)g->secondary == g->region) {
            ld_error(L, x != NULL ? x : ydoc_get(e, "region"),
                     "secondary: %s is the primary's region; a failover group's secondary is "
                     "in another region (failover-group-sql-db.md)", reg->name);
            ok = false;
        }
    }
    if ((x = ydoc_get(e, "zone_redundant")) != NULL && g->zone_redundant && reg->zones == 0) {
        no_zones(L, x, w, reg, "zone_redundant", "a zone-redundant database");
        ok = false;
    }
    if ((x = ydoc_get(e, "zone")) != NULL && ld_got_ok(&got, &fld_sql, "zone")) {
        if (g->zone_redundant) {
            ld_error(L, x, "zone: a zone-redundant primary spans the zones; zone applies when "
                           "zone_redundant is false");
            g->zone = 0;
            ok = false;
        } else if (g->zone != 0 && !zone_in_region(L, x, "zone", w, reg, g->zone)) {
            g->zone = 0;
            ok = false;
        }
    }
    return ok;
}

/* An app's data: names of storage accounts, SQL failover groups and Cosmos
 * DB accounts, each looked up in all three lists (names are unique across
 * them), none twice; they land in app->data, app->sql and app->cosmos, each
 * in the order written. On any error all three land empty. */
static bool read_app_data(ld *L, const ydoc_node *x, scn_app *app, const ld_refs *refs,
                          const ld_names *sqln)
{
    if (!ld_list(L, x, "data"))
        return false;
    const ld_names *an = &refs->of[FLD_TO_ACCOUNT], *cn = &refs->of[FLD_TO_COSMOS];
    size_t total = an->n + sqln->n + cn->n;
    ld_names all = {arena_array(L->a, total, sizeof(char *)), total};
    uint32_t *data = arena_array(L->a, x->n, sizeof *data);
    uint32_t *sql = arena_array(L->a, x->n, sizeof *sql);
    uint32_t *cos = arena_array(L->a, x->n, sizeof *cos);
    uint32_t *seen = arena_array(L->a, x->n, sizeof *seen);
    if ((total && all.v == NULL) ||
        (x->n && (data == NULL || sql == NULL || cos == NULL || seen == NULL)))
        return ld_oom(L);
    for (size_t i = 0; i < an->n; i++)
        all.v[i] = an->v[i];
    for (size_t i = 0; i < sqln->n; i++)
        all.v[an->n + i] = sqln->v[i];
    for (size_t i = 0; i < cn->n; i++)
        all.v[an->n + sqln->n + i] = cn->v[i];
    bool ok = true;
    size_t nd = 0, ns = 0, nc = 0, nseen = 0;
    for (size_t i = 0; i < x->n; i++) {
        uint32_t idx;
        if (!ld_resolve(L, x->items[i], "data", &all,
                        "storage account, SQL failover group or Cosmos DB account", &idx)) {
            ok = false;
            continue;
        }
        bool twice = false;
        for (size_t j = 0; j < nseen && !twice; j++)
            twice = seen[j] == idx;
        if (twice) {
            ld_error(L, x->items[i], "data: '%s' is listed twice", all.v[idx]);
            ok = false;
            continue;
        }
        seen[nseen++] = idx;
        if (idx < an->n)
            data[nd++] = idx;
        else if (idx < an->n + sqln->n)
            sql[ns++] = (uint32_t)(idx - an->n);
        else
            cos[nc++] = (uint32_t)(idx - an->n - sqln->n);
    }
    if (!ok)
        return false;
    app->data = data;
    app->ndata = nd;
    app->sql = sql;
    app->nsql = ns;
    app->cosmos = cos;
    app->ncosmos = nc;
    return true;
}

static bool conv_app(ld *L, const ydoc_node *e, scn_app *app, const ld_refs *refs,
                     const ld_names *sqln)
{
    memset(app, 0, sizeof *app);
    ld_defaults(&fld_app, app);
    app->pos = ld_pos(e);
    bool ok = ld_fields(L, &fld_app, e, app, refs, NULL);
    if (e->kind != YDOC_MAP)
        return false;
    const ydoc_node *x = ydoc_get(e, "data");
    if (x != NULL)
        ok &= read_app_data(L, x, app, refs, sqln);
    x = ydoc_get(e, "tiers");
    if (x != NULL && x->kind == YDOC_SEQ && x->n == 0) {
        ld_error(L, x, "tiers: an app runs on at least one VM group");
        ok = false;
    }
    /* entry: one of traffic_manager, dns and front_door; when more than one
     * is given, none is read. */
    if ((x = ydoc_get(e, "entry")) == NULL)
        return ok;
    if (!ld_keys(L, x, &fld_entry))
        return false;
    static const char *const kinds[] = {"traffic_manager", "dns", "front_door"};
    const ydoc_node *given[3];
    const ydoc_node *chosen = NULL;
    size_t which = 0;
    for (size_t i = 0; i < 3; i++) {
        given[i] = ydoc_get(x, kinds[i]);
        if (given[i] == NULL)
            continue;
        if (chosen != NULL) {
            ld_error(L, given[i], "%s: give one of traffic_manager, dns and front_door, not %s "
                                  "and %s", kinds[i], kinds[which], kinds[i]);
            return false;
        }
        chosen = given[i];
        which = i;
    }
    if (chosen == NULL) {
        ld_error(L, x, "entry: expected traffic_manager, dns or front_door");
        return false;
    }
    const ydoc_node *tm = given[0], *dns = given[1], *fd = given[2];
    ok &= ld_field(L, fld_find(&fld_entry, kinds[which]), chosen, app, refs);
    if (chosen->kind != YDOC_MAP)
        return false;
    if (dns) {
        app->entry = SCN_ENTRY_DNS;
        return ok;
    }
    if (fd) {
        app->entry = SCN_ENTRY_FRONT_DOOR;
        /* An origin judged on n probes cannot need more than n of them. */
        if (app->fd_required > app->fd_sample_size) {
            const ydoc_node *r = ydoc_get(fd, "successful_samples_required");
            ld_error(L, r ? r : fd, "successful_samples_required: %u is more than the "
                                    "sample_size of %u (expected 1 to %u)",
                     (unsigned)app->fd_required, (unsigned)app->fd_sample_size,
                     (unsigned)app->fd_sample_size);
            ok = false;
        }
        return ok;
    }
    app->entry = SCN_ENTRY_TRAFFIC_MANAGER;
    /* The timeout's default and bounds follow the probe interval. */
    bool fast = app->tm_interval == TM_INTERVAL_FAST;
    double tmax = fast ? TM_TIMEOUT_FAST : TM_TIMEOUT_NORMAL;
    if (!app->tm_timeout_given) {
        app->tm_timeout = tmax;
    } else if (app->tm_timeout < TM_TIMEOUT_MIN || app->tm_timeout > tmax) {
        ld_error(L, ydoc_get(tm, "timeout"), "timeout: with a %s probe interval the timeout is "
                                             "5s to %s", fast ? "10s" : "30s", fast ? "9s" : "10s");
        app->tm_timeout = tmax;
        ok = false;
    }
    return ok;
}

/* ---- Outages --------------------------------------------------------------------- */

/* scope (region, zone, zone N or datacenter), zone and datacenter: which
 * applies depends on the scope, and numbers on the region. */
static bool conv_scope(ld *L, const ydoc_node *e, scn_outage *o, const scn_world *w,
                       const scn_region *reg)
{
    bool ok = true;
    const ydoc_node *scope = ydoc_get(e, "scope"), *zone = ydoc_get(e, "zone"),
                    *dc = ydoc_get(e, "datacenter");
    if (scope != NULL) {
        if (!ld_scalar(L, scope, "scope", "region, zone, zone N or datacenter")) {
            ok = false;
        } else if (strncmp(scope->text, "zone ", 5) == 0) {
            /* scope: zone N */
            o->scope = SCN_SCOPE_ZONE;
            if (zone != NULL) {
                ld_error(L, zone, "zone: the zone is already given by scope");
                ok = false;
                zone = NULL;
            }
            ydoc_node tmp = *scope;
            tmp.text = scope->text + 5;
            tmp.len = scope->len - 5;
            while (tmp.len > 0 && tmp.text[0] == ' ') {
                tmp.text++;
                tmp.len--;
            }
            if (reg != NULL && reg->zones > 0) /* else reported below */
                ok &= conv_zone_number(L, &tmp, "scope", w, reg, &o->zone);
        } else {
            int sc;
            if (ld_enum(L, scope, "scope", fld_scope_names, &sc))
                o->scope = (scn_scope)sc;
            else
                ok = false;
        }
    }
    if (reg != NULL && o->scope == SCN_SCOPE_ZONE && reg->zones == 0) {
        no_zones(L, scope, w, reg, "scope", "a zone outage");
        ok = false;
    } else if (zone != NULL && reg != NULL) {
        if (o->scope == SCN_SCOPE_REGION) {
            ld_error(L, zone, "zone: applies to scope zone or datacenter, not region");
            ok = false;
        } else {
            ok &= conv_zone_number(L, zone, "zone", w, reg, &o->zone);
        }
    }
    if (dc != NULL && reg != NULL) {
        const fld_field *row = fld_find(&fld_outage, "datacenter");
        if (o->scope != SCN_SCOPE_DATACENTER) {
            ld_error(L, dc, "datacenter: applies to scope datacenter");
            ok = false;
        } else if (ld_field(L, row, dc, o, NULL)) {
            if (o->datacenter > reg->datacenters) {
                ld_error(L, dc, "datacenter: %s has %u datacenter%s per zone (datacenters: %u)",
                         reg->name, reg->datacenters, reg->datacenters == 1 ? "" : "s",
                         reg->datacenters);
                o->datacenter = 0;
                ok = false;
            }
        } else {
            ok = false;
        }
    }
    return ok;
}

static bool conv_outage(ld *L, const ydoc_node *e, scn_outage *o, const scn_world *w,
                        const ld_refs *refs)
{
    memset(o, 0, sizeof *o);
    ld_defaults(&fld_outage, o);
    o->pos = ld_pos(e);
    ld_got got;
    bool ok = ld_fields(L, &fld_outage, e, o, refs, &got);
    if (e->kind != YDOC_MAP)
        return false;
    const scn_region *reg = ld_got_ok(&got, &fld_outage, "region") ? &w->regions[o->region] : NULL;
    ok &= conv_scope(L, e, o, w, reg);
    const ydoc_node *x = ydoc_get(e, "provider_failover");
    if (x != NULL && x->kind == YDOC_MAP && ydoc_get(x, "after") != NULL &&
        o->scope == SCN_SCOPE_ZONE) {
        /* "A Microsoft-managed failover would be initiated for an entire
         * physical unit, such as a region or a datacenter"
         * (storage-disaster-recovery-guidance.md, 11/03/2025): no doc names
         * a zone. */
        ld_error(L, x, "provider_failover: Microsoft fails storage over \"for an entire "
                       "physical unit, such as a region or a datacenter\" "
                       "(storage-disaster-recovery-guidance.md): it applies to scope: region or "
                       "datacenter, not to a zone");
        o->provider_failover = false;
        ok = false;
    } else if (ok && o->provider_failover && o->provider_when == SCN_PROVIDER_WHEN_DESTROYED &&
               dist_max(&o->destructive) <= 0) {
        ld_warn(L, x, "provider_failover: it comes only when the outage destroys the copies "
                      "(when: destroyed, the documented catastrophic case), and this outage "
                      "never does (destructive: 0): it never fires; `when: always` is the "
                      "what-if of a failover for an outage that only lasts");
    }
    return ok;
}

/* ---- Azure Backup ---------------------------------------------------------------- */

/* A backup policy: VM groups on managed disks, all in one region (the
 * vault's: "the vault must be in the same region as the virtual machines",
 * backup-create-rs-vault.md), each protected by one policy; the enhanced
 * schedule's interval; cross-region restore from a GRS vault only, in a
 * region with a pair. */
static bool conv_backup(ld *L, const ydoc_node *e, scn_backup *b, const scn_world *w,
                        const ld_refs *refs, size_t index)
{
    memset(b, 0, sizeof *b);
    ld_defaults(&fld_backup, b);
    b->pos = ld_pos(e);
    ld_got got;
    bool ok = ld_fields(L, &fld_backup, e, b, refs, &got);
    if (e->kind != YDOC_MAP)
        return false;
    const ydoc_node *x;
    if ((x = ydoc_get(e, "every")) != NULL && ld_got_ok(&got, &fld_backup, "schedule") &&
        b->schedule == SCN_BACKUP_DAILY) {
        ld_error(L, x, "every: applies to schedule: enhanced only (a daily policy backs up "
                       "once a day, at `at`)");
        ok = false;
    }
    bool vms_ok = ld_got_ok(&got, &fld_backup, "vms");
    x = ydoc_get(e, "vms");
    if (vms_ok && b->nvms == 0) {
        ld_error(L, x, "vms: expected at least one VM group to protect");
        ok = vms_ok = false;
    }
    for (size_t i = 0; vms_ok && i < b->nvms; i++) {
        const scn_vm_group *g = &w->vms[b->vms[i]];
        const ydoc_node *at = x->kind == YDOC_SEQ && i < x->n ? x->items[i] : x;
        for (size_t d = 0; d < g->ndisks; d++)
            if (g->disks[d].kind == SCN_DISK_UNMANAGED) {
                ld_error(L, at, "vms: VM group '%s' has an unmanaged disk (a VHD): Azure "
                                "Backup's cross-region restore is \"supported for Azure "
                                "Managed VMs\" (backup-azure-arm-restore-vms.md), and "
                                "unmanaged disks are retired (unmanaged-disks-deprecation.md): "
                                "give its disks a managed kind (standard, premium...)",
                         g->name);
                ok = false;
                break;
            }
        if (g->region != w->vms[b->vms[0]].region) {
            ld_error(L, at, "vms: VM group '%s' is in %s, the policy's first in %s: a vault "
                            "protects the VMs of its own region (backup-create-rs-vault.md); "
                            "give each region a policy of its own",
                     g->name, w->regions[g->region].name,
                     w->regions[w->vms[b->vms[0]].region].name);
            ok = false;
        }
        for (size_t j = 0; j < index; j++)
            for (size_t k = 0; k < w->backups[j].nvms; k++)
                if (w->backups[j].vms[k] == b->vms[i]) {
                    ld_error(L, at, "vms: VM group '%s' is already protected by backup policy "
                                    "'%s' (a VM has one backup policy)",
                             g->name, w->backups[j].name);
                    ok = false;
                }
    }
    x = ydoc_get(e, "cross_region_restore");
    if (b->cross_region_restore && ld_got_ok(&got, &fld_backup, "vault") &&
        b->vault != SCN_GRS) {
        ld_error(L, x, "cross_region_restore: needs a GRS vault (\"CRR is a vault level opt-in "
                       "feature for any GRS vault\", backup-create-rs-vault.md); this vault "
                       "is %s", fld_redundancy_names[b->vault]);
        ok = false;
    } else if (b->cross_region_restore && vms_ok && b->nvms > 0 &&
               w->regions[w->vms[b->vms[0]].region].pair == SCN_NONE) {
        ld_error(L, x, "cross_region_restore: restores in the region's Azure pair, and %s has "
                       "none", w->regions[w->vms[b->vms[0]].region].name);
        ok = false;
    }
    if (b->vault == SCN_ZRS && vms_ok && b->nvms > 0 &&
        w->regions[w->vms[b->vms[0]].region].zones == 0) {
        no_zones(L, ydoc_get(e, "vault"), w, &w->regions[w->vms[b->vms[0]].region], "vault",
                 "ZRS");
        ok = false;
    }
    return ok;
}

/* The restore strategy restores in the paired region from the vaults with
 * cross-region restore: it needs at least one policy, and every policy must
 * have it (a VM of an LRS, ZRS or GRS-without-CRR vault cannot be restored
 * across regions: said here rather than silently left to wait). */
static bool conv_restore(ld *L, const ydoc_node *e, const scn_world *w)
{
    const ydoc_node *k = ydoc_get(e, "kind");
    if (w->nbackups == 0) {
        ld_error(L, k, "kind: restore restores VMs from Azure Backup: give a `backup:` policy "
                       "with a GRS vault and cross_region_restore: true");
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < w->nbackups; i++) {
        const scn_backup *b = &w->backups[i];
        if (b->cross_region_restore && b->vault == SCN_GRS)
            continue;
        ld_error(L, k, "kind: restore cannot restore the VMs of backup policy '%s' (line %u) "
                       "across regions: its vault is %s%s; only a GRS vault with "
                       "cross_region_restore: true restores in the paired region "
                       "(backup-azure-arm-restore-vms.md)",
                 b->name, (unsigned)b->pos.line, fld_redundancy_names[b->vault],
                 b->vault == SCN_GRS ? " without cross_region_restore" : "");
        ok = false;
    }
    return ok;
}

/* ---- Strategies -------------------------------------------------------------------- */

/* How many VM instances the groups `vms` hold. */
static uint64_t instances(const scn_world *w, const uint32_t *vms, size_t n)
{
    uint64_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += w->vms[vms[i]].count;
    return c;
}

/* A plan group's actions: each a mapping of one key, script or manual, which
 * says the action's kind. */
static bool conv_actions(ld *L, const ydoc_node *pe, scn_plan_group *pg)
{
    const ydoc_node *x = pe->kind == YDOC_MAP ? ydoc_get(pe, "then") : NULL;
    if (x == NULL || pg->nthen == 0)
        return true;
    bool ok = true;
    for (size_t i = 0; i < pg->nthen; i++) {
        const ydoc_node *a = x->kind == YDOC_SEQ ? x->items[i] : x;
        if (a->kind != YDOC_MAP)
            continue; /* reported by the table's reading */
        if (a->n != 1) {
            ld_error(L, a, "then: an action is one of {script: DURATION} or {manual: "
                           "DURATION}");
            ok = false;
            continue;
        }
        const ydoc_node *k = a->items[0];
        if (k->kind == YDOC_SCALAR && strcmp(k->text, "manual") == 0)
            pg->then[i].kind = SCN_ACTION_MANUAL;
    }
    return ok;
}

/* The recovery plan: its limits, a VM group in one plan group only; marks the
 * protected VM groups (those of the plan, or every group without one). */
static bool conv_plan(ld *L, const ydoc_node *e, scn_strategy *s, const scn_world *w, bool *prot)
{
    bool ok = true;
    const ydoc_node *plan = ydoc_get(e, "plan");
    if (plan == NULL || !ld_is_list(plan)) {
        uint64_t total = 0;
        for (size_t g = 0; g < w->nvms; g++) {
            prot[g] = true;
            total += w->vms[g].count;
        }
        if (plan == NULL && total > ASR_PLAN_MAX_VMS) {
            ld_error(L, e, "an asr strategy without a plan protects all %llu VMs in one "
                           "recovery plan, over its limit of %d VMs: give a plan",
                     (unsigned long long)total, ASR_PLAN_MAX_VMS);
            ok = false;
        }
        return ok && plan == NULL;
    }
    if (plan->n > ASR_PLAN_MAX_GROUPS) {
        ld_error(L, plan, "plan: a recovery plan has at most %d groups; this one has %zu",
                 ASR_PLAN_MAX_GROUPS, plan->n);
        ok = false;
    }
    if (plan->n == 0) {
        ld_error(L, plan, "plan: a recovery plan needs at least one group (omit plan to "
                          "protect every VM group)");
        ok = false;
    }
    for (size_t i = 0; i < s->ngroups; i++) {
        const scn_plan_group *pg = &s->plan[i];
        const ydoc_node *pe = plan->items[i];
        for (size_t k = 0; k < pg->nvms; k++) {
            if (prot[pg->vms[k]]) {
                ld_error(L, ydoc_get(pe, "vms"), "vms: VM group '%s' is already in another plan "
                                                 "group", w->vms[pg->vms[k]].name);
                ok = false;
            }
            prot[pg->vms[k]] = true;
        }
        ok &= conv_actions(L, pe, &s->plan[i]);
    }
    uint64_t total = 0;
    for (size_t g = 0; g < w->nvms; g++)
        if (prot[g])
            total += w->vms[g].count;
    if (total > ASR_PLAN_MAX_VMS) {
        ld_error(L, plan, "plan: a recovery plan has at most %d VMs; this one has %llu (a VM "
                          "group counts each of its VMs)",
                 ASR_PLAN_MAX_VMS, (unsigned long long)total);
        ok = false;
    }
    return ok;
}

/* Consistency groups: at most 16 VMs each, of protected VM groups, each VM
 * group in one only. */
static bool conv_consistency(ld *L, const ydoc_node *e, const scn_strategy *s,
                             const scn_world *w, const bool *prot)
{
    const ydoc_node *cg = ydoc_get(e, "consistency_groups");
    if (cg == NULL || !ld_is_list(cg) || s->nconsistency == 0)
        return true;
    bool *in_group = arena_array(L->a, w->nvms + 1, sizeof *in_group);
    if (in_group == NULL)
        return ld_oom(L);
    bool ok = true;
    for (size_t i = 0; i < s->nconsistency; i++) {
        const scn_consistency_group *c = &s->consistency[i];
        if (c->nvms == 0)
            continue;
        const ydoc_node *y = ydoc_get(cg->items[i], "vms");
        uint64_t n = instances(w, c->vms, c->nvms);
        if (n > ASR_CONSISTENCY_GROUP_MAX_VMS) {
            ld_error(L, y, "vms: a consistency group has at most %d VMs; this one has %llu",
                     ASR_CONSISTENCY_GROUP_MAX_VMS, (unsigned long long)n);
            ok = false;
        }
        for (size_t k = 0; k < c->nvms; k++) {
            if (!prot[c->vms[k]]) {
                ld_error(L, y, "vms: VM group '%s' is not in the recovery plan",
                         w->vms[c->vms[k]].name);
                ok = false;
            }
            if (in_group[c->vms[k]]) {
                ld_error(L, y, "vms: VM group '%s' is already in another consistency group",
                         w->vms[c->vms[k]].name);
                ok = false;
            }
            in_group[c->vms[k]] = true;
        }
    }
    return ok;
}

/* A disk kind as the churn tables know it (models/azure/churn.h): Premium SSD
 * v2 and Ultra Disk by the Premium SSD rows (an assumption, defaults.h). */
static churn_disk churn_kind(scn_disk_kind k)
{
    return k == SCN_DISK_PREMIUM || k == SCN_DISK_PREMIUM_V2 || k == SCN_DISK_ULTRA
               ? CHURN_PREMIUM
               : CHURN_STANDARD;
}

/* Churn against Site Recovery's limits, per disk and per VM: warnings. */
static void churn_warnings(ld *L, const scn_strategy *s, const scn_world *w, const bool *prot)
{
    for (size_t g = 0; g < w->nvms; g++) {
        if (!prot[g])
            continue;
        const scn_vm_group *vg = &w->vms[g];
        double vm_churn = 0;
        for (size_t d = 0; d < vg->ndisks; d++) {
            const scn_disk *dk = &vg->disks[d];
            double churn = dist_mean(&dk->churn), io = dist_mean(&dk->io_size);
            double limit = churn_disk_limit(churn_kind(dk->kind), s->high_churn, dk->size, io);
            vm_churn += churn;
            if (churn > limit) {
                char c[32], l[32], sz[32], ios[32];
                units_format(UNITS_BYTE_RATE, churn, c, sizeof c);
                units_format(UNITS_BYTE_RATE, limit, l, sizeof l);
                units_format(UNITS_SIZE, dk->size, sz, sizeof sz);
                units_format(UNITS_SIZE, io, ios, sizeof ios);
                ld_warn_pos(L, dk->pos, "churn %s%s exceeds Site Recovery's %s limit%s for %s "
                                        "%s disk of %s at %s I/O (replication falls behind "
                                        "without bound)",
                            dist_is_const(&dk->churn) ? "" : "averaging ", c, l,
                            s->high_churn ? " with high churn" : "",
                            dk->kind == SCN_DISK_UNMANAGED ? "an" : "a",
                            fld_disk_kind_names[dk->kind], sz, ios);
            }
        }
        double vlimit = churn_vm_limit(s->high_churn);
        if (vm_churn > vlimit) {
            char c[32], l[32];
            units_format(UNITS_BYTE_RATE, vm_churn, c, sizeof c);
            units_format(UNITS_BYTE_RATE, vlimit, l, sizeof l);
            ld_warn_pos(L, vg->pos, "VM group '%s': churn %s per VM exceeds Site Recovery's %s "
                                    "limit per VM%s (replication falls behind without bound)",
                        vg->name, c, l, s->high_churn ? " with high churn" : " (high_churn: true "
                                                                             "raises it to "
                                                                             "100MB/s)");
        }
    }
}

/* A restricted target (azure-to-azure-support-matrix.md, ms.date 01/01/2026):
 * "Support for restricted regions is reserved for in-country/region DR", and
 * using one as the recovery region takes a request "for both source and
 * target subscriptions to get on the allow list". So a protected VM group of
 * another geography is an error, one of the same geography a warning (the
 * reserved use, on request). Regions the scenario added have no geography:
 * a warning. */
static bool restricted_target(ld *L, const ydoc_node *x, const scn_world *w, const scn_region *t,
                              const bool *prot)
{
    if (!t->restricted)
        return true;
    const char *tgeo = geography(w, t);
    bool ok = true;
    for (size_t g = 0; g < w->nvms; g++) {
        const scn_region *src = &w->regions[w->vms[g].region];
        const char *sgeo = geography(w, src);
        if (!prot[g] || tgeo == NULL || sgeo == NULL || strcmp(tgeo, sgeo) == 0)
            continue;
        ld_error(L, x,
                 "target: %s is a restricted-access region, reserved for disaster "
                 "recovery within %s (azure-to-azure-support-matrix.md); VM group '%s' is "
                 "in %s (%s)",
                 t->name, tgeo, w->vms[g].name, src->name, sgeo);
        ok = false;
    }
    if (ok)
        ld_warn(L, x,
                "target: %s is a restricted-access region (regions-list.md): Site Recovery "
                "replicates there only once the source and the target subscriptions are "
                "on its allow list (azure-to-azure-support-matrix.md: a region access "
                "request; set restricted: false on %s once granted)",
                t->name, t->name);
    return ok;
}

/* Whether a region is one of those where Site Recovery cannot protect Premium
 * SSD v2 and Ultra disks (ASR_MAX_MANAGED_DATA_DISK's comment). */
static bool no_block_blob(const char *region)
{
    return strcmp(region, "chinanorth") == 0 || strcmp(region, "chinaeast") == 0;
}

/* The protected disks Site Recovery refuses (azure-to-azure-support-matrix.md):
 * a managed data disk above 32 TiB, a Premium SSD v2 or Ultra disk to or
 * from China North or China East. */
static bool asr_disks(ld *L, const scn_strategy *s, const scn_world *w, const bool *prot,
                      bool target_ok)
{
    bool ok = true;
    for (size_t g = 0; g < w->nvms; g++) {
        if (!prot[g])
            continue;
        const scn_vm_group *vg = &w->vms[g];
        for (size_t d = 0; d < vg->ndisks; d++) {
            const scn_disk *dk = &vg->disks[d];
            if (!is_v2_ultra(dk->kind))
                continue;
            if (dk->size > ASR_MAX_MANAGED_DATA_DISK) {
                char sz[32];
                units_format(UNITS_SIZE, dk->size, sz, sizeof sz);
                ld_error_pos(L, dk->pos, "strategy '%s' protects VM group '%s', but Site "
                                         "Recovery protects managed data disks of at most 32TiB "
                                         "(azure-to-azure-support-matrix.md, \"Data disk "
                                         "maximum size\"); this %s disk has %s",
                             s->name, vg->name, fld_disk_kind_names[dk->kind], sz);
                ok = false;
            }
            const char *china = no_block_blob(w->regions[vg->region].name)
                                    ? w->regions[vg->region].name
                                : target_ok && no_block_blob(w->regions[s->target].name)
                                    ? w->regions[s->target].name
                                    : NULL;
            if (china != NULL) {
                ld_error_pos(L, dk->pos, "strategy '%s' cannot protect the %s disks of VM "
                                         "group '%s' in %s: \"block blob storage accounts "
                                         "aren't supported in China North and China East\" "
                                         "(azure-to-azure-support-matrix.md)",
                             s->name, fld_disk_kind_names[dk->kind], vg->name, china);
                ok = false;
            }
        }
    }
    return ok;
}

/* Zone-to-zone disaster recovery (target_zone), as azure-to-azure-how-to-
 * enable-zone-to-zone-disaster-recovery.md (ms.date 02/12/2025) states it:
 * within one region that offers it ("Support for zone-to-zone disaster
 * recovery is currently limited to the following regions"; the catalogue's
 * zone_to_zone) and has the zone, the region of every protected VM group;
 * each protected group zonal ("this VM must already be in an availability
 * zone": a zone number, not any, nor spread, which puts some VMs in the
 * target zone itself) and in another zone than the target; no managed disk
 * on ZRS ("isn't supported for VMs that have managed disks via zone-redundant
 * storage (ZRS)"), no Ultra Disk ("unsupported for VMs with Ultra Disks"), no
 * unmanaged disk ("Unmanaged disks | Not supported"). */
static bool zone_to_zone(ld *L, const ydoc_node *e, const scn_strategy *s, const scn_world *w,
                         const bool *prot)
{
    const ydoc_node *x = ydoc_get(e, "target_zone");
    const scn_region *t = &w->regions[s->target];
    if (t->zones == 0) {
        no_zones(L, x, w, t, "target_zone", "zone-to-zone disaster recovery");
        return false;
    }
    bool ok = true;
    if (!t->zone_to_zone) {
        ld_error(L, x, "target_zone: Site Recovery does not offer zone-to-zone disaster recovery "
                       "in %s (azure-to-azure-how-to-enable-zone-to-zone-disaster-recovery.md, "
                       "02/12/2025, lists the regions that do; a region the scenario adds says "
                       "zone_to_zone: true)",
                 t->name);
        ok = false;
    }
    if (s->target_zone > t->zones) {
        ld_error(L, x, "target_zone: zone %u is not in region %s (it has zones 1 to %u)",
                 s->target_zone, t->name, t->zones);
        ok = false;
    }
    for (size_t g = 0; g < w->nvms; g++) {
        if (!prot[g])
            continue;
        const scn_vm_group *vg = &w->vms[g];
        if (vg->region != s->target) {
            ld_error(L, ydoc_get(e, "target"), "target: zone-to-zone disaster recovery stays in "
                                               "the VMs' region; VM group '%s' is in %s, not %s",
                     vg->name, w->regions[vg->region].name, t->name);
            ok = false;
            continue;
        }
        if (vg->placement != SCN_PLACE_ZONE) {
            ld_error_pos(L, vg->pos,
                         vg->placement == SCN_PLACE_ANY
                             ? "strategy '%s' fails VM group '%s' over from zone to zone, but "
                               "its VMs are not zonal (zone: any): zone-to-zone disaster "
                               "recovery protects VMs already in an availability zone (give it "
                               "zone: N)"
                             : "strategy '%s' fails VM group '%s' over from zone to zone, but "
                               "its VMs are spread over the zones, some in the target zone "
                               "itself: it protects VMs pinned to one zone (zone: N)",
                         s->name, vg->name);
            ok = false;
        } else if (vg->zone == s->target_zone) {
            ld_error_pos(L, vg->pos, "strategy '%s' fails VM group '%s' over to zone %u, the "
                                     "zone its VMs are already in",
                         s->name, vg->name, s->target_zone);
            ok = false;
        }
        for (size_t d = 0; d < vg->ndisks; d++) {
            const scn_disk *dk = &vg->disks[d];
            const char *what = NULL, *quote = NULL;
            if (dk->kind == SCN_DISK_UNMANAGED) {
                what = "an unmanaged disk";
                quote = "Unmanaged disks | Not supported";
            } else if (dk->kind == SCN_DISK_ULTRA) {
                what = "an Ultra Disk";
                quote = "Zone-to-zone disaster recovery is unsupported for VMs with Ultra Disks";
            } else if (dk->redundancy == SCN_ZRS) {
                what = "a ZRS disk";
                quote = "Zone-to-zone disaster recovery isn't supported for VMs that have "
                        "managed disks via zone-redundant storage (ZRS)";
            }
            if (what == NULL)
                continue;
            ld_error_pos(L, dk->pos, "strategy '%s' cannot fail VM group '%s' over from zone to "
                                     "zone: it has %s (\"%s\", azure-to-azure-how-to-enable-"
                                     "zone-to-zone-disaster-recovery.md)",
                         s->name, vg->name, what, quote);
            ok = false;
            break;
        }
    }
    return ok;
}

/* What Site Recovery's keys check against each other and the world. */
static bool conv_asr(ld *L, const ydoc_node *e, scn_strategy *s, const scn_world *w,
                     const ld_got *got)
{
    bool *prot = arena_array(L->a, w->nvms + 1, sizeof *prot);
    if (prot == NULL)
        return ld_oom(L);
    bool ok = conv_plan(L, e, s, w, prot);
    ok &= conv_consistency(L, e, s, w, prot);
    if (L->nomem)
        return false;
    uint64_t protected_vms = 0;
    const scn_vm_group *unmanaged = NULL; /* the first protected group with a VHD */
    bool target_ok = ld_got_ok(got, &fld_strategy, "target");
    bool zonal = s->target_zone != 0;
    if (zonal && !ld_got_ok(got, &fld_strategy, "target_zone"))
        target_ok = false; /* reported: no other check of the target */
    for (size_t g = 0; g < w->nvms; g++) {
        if (!prot[g])
            continue;
        protected_vms += w->vms[g].count;
        for (size_t d = 0; d < w->vms[g].ndisks; d++)
            if (unmanaged == NULL && w->vms[g].disks[d].kind == SCN_DISK_UNMANAGED)
                unmanaged = &w->vms[g];
        if (target_ok && !zonal && w->vms[g].region == s->target) {
            ld_error(L, ydoc_get(e, "target"), "target: %s is the region of VM group '%s'; Site "
                                               "Recovery replicates to another region (or to "
                                               "another zone of it: target_zone, where offered)",
                     w->regions[s->target].name, w->vms[g].name);
            ok = false;
        }
    }
    if (target_ok && zonal)
        ok &= zone_to_zone(L, e, s, w, prot);
    else if (target_ok)
        ok &= restricted_target(L, ydoc_get(e, "target"), w, &w->regions[s->target], prot);
    const ydoc_node *x = ydoc_get(e, "recovery_point");
    if (ld_got_ok(got, &fld_strategy, "recovery_point")) {
        if (s->recovery_point == SCN_RP_CUSTOM && protected_vms != 1) {
            ld_error(L, x, "recovery_point: a custom recovery point is for a single VM only; "
                           "this strategy protects %llu VMs", (unsigned long long)protected_vms);
            ok = false;
        }
        if (s->recovery_point == SCN_RP_LATEST_APP_CONSISTENT && s->app_consistent_every == 0) {
            ld_error(L, x, "recovery_point: latest-app-consistent needs app-consistent points "
                           "(app_consistent_every: 1h or more)");
            ok = false;
        }
    }
    bool any_unmanaged = unmanaged != NULL;
    double max = any_unmanaged ? ASR_RETENTION_MAX_UNMANAGED : ASR_RETENTION_MAX_MANAGED;
    if (ld_got_ok(got, &fld_strategy, "retention") && s->retention > max) {
        ld_error(L, ydoc_get(e, "retention"), "retention: Site Recovery keeps recovery points at "
                                              "most %s%s", any_unmanaged ? "3d" : "15d",
                 any_unmanaged ? " when a protected VM has an unmanaged disk" : "");
        s->retention = ASR_RETENTION_DEFAULT;
        ok = false;
    }
    /* concepts-azure-to-azure-high-churn-support.md, Limitations: "Source
     * disks must be Managed Disks." */
    if (s->high_churn && any_unmanaged && ld_got_ok(got, &fld_strategy, "high_churn")) {
        ld_error(L, ydoc_get(e, "high_churn"), "high_churn: Site Recovery's High Churn needs "
                                               "managed disks (\"Source disks must be Managed "
                                               "Disks\", concepts-azure-to-azure-high-churn-"
                                               "support.md); VM group '%s' has an unmanaged disk",
                 unmanaged->name);
        s->high_churn = false;
        ok = false;
    }
    ok &= asr_disks(L, s, w, prot, target_ok);
    churn_warnings(L, s, w, prot);
    return ok;
}

/* legacy_vhds: the VM groups of the account's region as they were before
 * unmanaged disks retired — every disk a VHD in the account, with its size,
 * churn and I/O size — checked as the scenario's own VHDs are, and made into
 * the strategy's legacy_vms. */
static bool conv_legacy_vhds(ld *L, const ydoc_node *x, scn_strategy *s, const scn_world *w)
{
    const scn_account *a = &w->accounts[s->legacy_vhds];
    if (is_zonal(a->redundancy)) {
        ld_error(L, x, "legacy_vhds: unmanaged disks cannot live on a %s account ('%s'); they "
                       "support LRS and GRS only",
                 fld_redundancy_names[a->redundancy], a->name);
        return false;
    }
    scn_vm_group *vms = arena_array(L->a, w->nvms + 1, sizeof *vms);
    if (vms == NULL)
        return ld_oom(L);
    bool ok = true, any = false, multi = false;
    for (size_t g = 0; g < w->nvms; g++) {
        vms[g] = w->vms[g];
        if (w->vms[g].region != a->region || w->vms[g].disks == NULL)
            continue;
        any = true;
        multi |= w->vms[g].ndisks > 1;
        scn_disk *disks = arena_array(L->a, w->vms[g].ndisks, sizeof *disks);
        if (disks == NULL)
            return ld_oom(L);
        for (size_t d = 0; d < w->vms[g].ndisks; d++) {
            disks[d] = w->vms[g].disks[d];
            disks[d].kind = SCN_DISK_UNMANAGED;
            disks[d].account = s->legacy_vhds;
            disks[d].redundancy = a->redundancy;
            if (disks[d].size > DISK_MAX_SIZE_UNMANAGED) {
                char sz[32];
                units_format(UNITS_SIZE, disks[d].size, sz, sizeof sz);
                ld_error(L, x, "legacy_vhds: VM group '%s' has a disk of %s; an unmanaged disk "
                               "(a VHD) is at most 4TiB (azure-to-azure-support-matrix.md)",
                         w->vms[g].name, sz);
                ok = false;
            }
        }
        vms[g].disks = disks;
    }
    if (!any) {
        ld_error(L, x, "legacy_vhds: no VM group is in %s, the region of account '%s'",
                 w->regions[a->region].name, a->name);
        return false;
    }
    ld_warn(L, x, "legacy_vhds: a what-if of VMs on unmanaged disks (VHDs) in '%s': Azure "
                  "retired them on %s; since then VMs that use them cannot be started "
                  "(unmanaged-disks-deprecation.md)",
            a->name, DISK_UNMANAGED_RETIRED);
    if (multi && is_geo(a->redundancy))
        ld_warn(L, x, "legacy_vhds: VMs of several disks keep them on %s account '%s': Azure "
                      "advises against geo-redundant storage for such VHDs (each comes back at "
                      "its own point past the account's Last Sync Time, so after a failover the "
                      "disks of one VM may come from different points in time)",
                fld_redundancy_names[a->redundancy], a->name);
    s->legacy_vms = vms;
    return ok;
}

static bool in_list(const uint32_t *v, size_t n, uint32_t x)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == x)
            return true;
    return false;
}

/* Whether strategy s may fail account i over: a geo-redundant account that
 * geo-restore needs (the apps' data, the VHDs of their tiers), or asr's
 * apps' data when it fails it over. */
static bool fails_over(const scn_strategy *s, const scn_world *w, size_t i)
{
    if (!is_geo(w->accounts[i].redundancy))
        return false;
    if (s->kind == SCN_WAIT || s->kind == SCN_RUNBOOK || (s->kind == SCN_ASR && !s->fail_over_data))
        return false;
    if (s->kind == SCN_GEO_RESTORE && s->legacy && s->legacy_vhds == (int32_t)i)
        return true; /* the legacy VHDs it restores */
    if (w->napps == 0)
        return true;
    for (size_t p = 0; p < w->napps; p++) {
        const scn_app *app = &w->apps[p];
        if (in_list(app->data, app->ndata, (uint32_t)i))
            return true;
        if (s->kind != SCN_GEO_RESTORE)
            continue;
        for (size_t t = 0; t < app->ntiers; t++) {
            const scn_vm_group *g = &w->vms[app->tiers[t]];
            for (size_t d = 0; d < g->ndisks; d++)
                if (g->disks[d].kind == SCN_DISK_UNMANAGED && g->disks[d].account == (int32_t)i)
                    return true;
        }
    }
    return false;
}

/* The accounts a strategy fails over against what blocks their failover
 * (storage-disaster-recovery-guidance.md, ms.date 11/03/2025: object
 * replication blocks any customer-managed failover; change feed and
 * point-in-time restore a planned one), and a failback against
 * geo-redundancy (an unplanned failover leaves the account LRS). */
static bool strategy_accounts(ld *L, const ydoc_node *e, const scn_strategy *s,
                              const scn_world *w)
{
    bool ok = true;
    const ydoc_node *fo = ydoc_get(e, "failover"), *fb = ydoc_get(e, "failback");
    const ydoc_node *planned = fo && fo->kind == YDOC_MAP ? ydoc_get(fo, "planned") : NULL;
    bool regain_warned = false;
    for (size_t i = 0; i < w->naccounts; i++) {
        const scn_account *a = &w->accounts[i];
        if (!fails_over(s, w, i))
            continue;
        const char *blocker = a->change_feed ? "change feed" : a->point_in_time_restore
                                                                   ? "point-in-time restore"
                                                                   : NULL;
        if (a->object_replication) {
            ld_error(L, ydoc_get(e, "kind"), "kind: strategy '%s' fails account '%s' over, but "
                                             "object replication blocks a customer-managed "
                                             "failover (storage-disaster-recovery-guidance.md)",
                     s->name ? s->name : "?", a->name);
            ok = false;
        }
        if (blocker && s->failover_planned) {
            ld_error(L, planned ? planned : e, "planned: account '%s' has %s on, which a planned "
                                               "failover does not support (storage-disaster-"
                                               "recovery-guidance.md); fail over unplanned",
                     a->name, blocker);
            ok = false;
        }
        if (blocker && s->failback && s->failback_planned) {
            ld_error(L, fb, "failback: a planned failback is a planned failover, which account "
                            "'%s' with %s on does not support "
                            "(storage-disaster-recovery-guidance.md); give planned: false",
                     a->name, blocker);
            ok = false;
        }
        if (s->failback && !s->failover_planned && !s->regain_geo && !regain_warned) {
            ld_error(L, fb, "failback: account '%s' is LRS after an unplanned failover and a "
                            "failback is another failover, which needs geo-redundancy: give "
                            "regain_geo (such as regain_geo: {after: 1h})",
                     a->name);
            regain_warned = true;
            ok = false;
        }
    }
    return ok;
}

/* Where column `col` (1-based) of scalar n's text is in the file: a quoted
 * scalar starts one column after its quote. */
static scn_pos text_pos(const ydoc_node *n, size_t col)
{
    scn_pos p = ld_pos(n);
    p.col += (uint32_t)(col - 1) + (n->plain ? 0u : 1u);
    return p;
}

/* A runbook's steps: each has at or when (not both), and an action. */
static bool conv_steps(ld *L, const ydoc_node *e, scn_strategy *s, const scn_world *w)
{
    const ydoc_node *list = ydoc_get(e, "steps");
    bool ok = true;
    for (size_t i = 0; list && list->kind == YDOC_SEQ && i < s->nsteps && i < list->n; i++) {
        scn_step *st = &s->steps[i];
        const ydoc_node *n = list->items[i];
        const ydoc_node *when = ydoc_get(n, "when"), *todo = ydoc_get(n, "do");
        char msg[512];
        size_t col = 1;
        if (st->has_at == (when != NULL)) {
            ld_error(L, n, "%s",
                     st->has_at ? "a step gives at (a time after the first alert) or when (an "
                                  "alert), not both"
                                : "a step needs at (a time after the first alert) or when (an "
                                  "alert)");
            ok = false;
        }
        if (when != NULL && !act_parse_when(st->when_text, st, &col, msg, sizeof msg)) {
            ld_error_pos(L, text_pos(when, col), "when: %s", msg);
            ok = false;
        }
        if (todo != NULL && todo->kind == YDOC_SCALAR &&
            !act_parse(w, st->text, &st->act, &col, msg, sizeof msg)) {
            ld_error_pos(L, text_pos(todo, col), "do: %s", msg);
            ok = false;
        }
        if (ydoc_get(n, "after") != NULL && when == NULL) {
            ld_error(L, ydoc_get(n, "after"), "after: counts from a step's alert: give when");
            ok = false;
        }
    }
    return ok;
}

/* A runbook's `like`: the strategy whose setup its actions use (Site
 * Recovery's target and plan, the times of failovers and new VMs) is
 * copied into it; what is the runbook's own (name, steps, regain_geo) stays. */
static bool resolve_like(ld *L, const ydoc_node *list, scn_strategy *st, size_t n)
{
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        scn_strategy *r = &st[i];
        if (r->kind != SCN_RUNBOOK || r->like == NULL)
            continue;
        const ydoc_node *at = ydoc_get(list->items[i], "like");
        const scn_strategy *base = NULL;
        for (size_t j = 0; j < n; j++)
            if (j != i && st[j].name != NULL && strcmp(st[j].name, r->like) == 0)
                base = &st[j];
        if (base == NULL || base->kind == SCN_RUNBOOK || base->kind == SCN_WAIT) {
            ld_error(L, at, "like: expected the name of a geo-restore, asr or restore strategy of "
                            "this scenario%s",
                     base == NULL ? "" : " (not a runbook, nor wait: it has no setup to use)");
            ok = false;
            continue;
        }
        scn_strategy own = *r;
        *r = *base;
        r->name = own.name;
        r->pos = own.pos;
        r->kind = SCN_RUNBOOK;
        r->steps = own.steps;
        r->nsteps = own.nsteps;
        r->like = own.like;
        r->regain_geo = own.regain_geo;
        r->regain_after = own.regain_after;
        r->regain_start = own.regain_start;
        /* What the base strategy does by itself is not the runbook's: it
         * fails over, commits and tests only as its steps say. */
        r->failback = false;
        r->test_failover = false;
        r->fail_over_data = false;
        r->failover_planned = false;
        r->site_recovery = base->kind == SCN_ASR;
    }
    return ok;
}

static bool conv_strategy(ld *L, const ydoc_node *e, scn_strategy *s, const scn_world *w,
                          const ld_refs *refs)
{
    memset(s, 0, sizeof *s);
    ld_defaults(&fld_strategy, s);
    s->pos = ld_pos(e);
    ld_got got;
    bool ok = ld_fields(L, &fld_strategy, e, s, refs, &got);
    if (e->kind != YDOC_MAP || !ld_got_ok(&got, &fld_strategy, "kind"))
        return false;
    /* decide and failover.after land in the same place. */
    const ydoc_node *fo = ydoc_get(e, "failover");
    const ydoc_node *after = fo && fo->kind == YDOC_MAP ? ydoc_get(fo, "after") : NULL;
    if (after && ydoc_get(e, "decide") && fld_applies(fld_find(&fld_strategy, "failover"),
                                                      (int)s->kind)) {
        ld_error(L, after, "after: give decide (a delay after the alarm) or failover.after "
                           "(after that much of the outage), not both");
        ok = false;
    }
    if (s->kind == SCN_ASR) {
        s->site_recovery = true;
        ok &= conv_asr(L, e, s, w, &got);
    }
    if (s->kind == SCN_RUNBOOK)
        ok &= conv_steps(L, e, s, w);
    if (s->kind == SCN_RESTORE)
        ok &= conv_restore(L, e, w);
    if (s->kind == SCN_GEO_RESTORE && s->legacy && ld_got_ok(&got, &fld_strategy, "legacy_vhds"))
        ok &= conv_legacy_vhds(L, ydoc_get(e, "legacy_vhds"), s, w);
    ok &= strategy_accounts(L, e, s, w);
    return ok;
}

/* ---- The world ------------------------------------------------------------------- */

/* Reads a list section: returns its entry count (0 when absent or wrong). */
static size_t section(ld *L, const ydoc_node *root, const char *key, const ydoc_node **out,
                      bool *ok)
{
    *out = ydoc_get(root, key);
    if (*out == NULL || ydoc_is_null(*out)) {
        *out = NULL;
        return 0;
    }
    if (!ld_list(L, *out, key)) {
        *ok = false;
        *out = NULL;
        return 0;
    }
    if ((*out)->n > SCN_MAX_ENTRIES) {
        ld_error(L, *out, "%s: more than %d entries", key, SCN_MAX_ENTRIES);
        *ok = false;
        *out = NULL;
        return 0;
    }
    return (*out)->n;
}

/* The world's VM instances and disks against SCN_MAX_VMS and SCN_MAX_DISKS:
 * a world keeps state and a write stream for each, every trial. */
static bool vm_totals(ld *L, const ydoc_node *list, const scn_world *w)
{
    uint64_t vms = 0, disks = 0;
    for (size_t i = 0; i < w->nvms; i++) {
        vms += w->vms[i].count;
        disks += (uint64_t)w->vms[i].count * w->vms[i].ndisks;
    }
    if (vms > SCN_MAX_VMS) {
        ld_error(L, list, "vms: %llu VMs in all (the groups' counts added up); at most %d",
                 (unsigned long long)vms, SCN_MAX_VMS);
        return false;
    }
    if (disks > SCN_MAX_DISKS) {
        ld_error(L, list,
                 "vms: %llu disks in all (each group's count times its disks, the OS disk "
                 "included); at most %d",
                 (unsigned long long)disks, SCN_MAX_DISKS);
        return false;
    }
    return true;
}

size_t ld_world_entries(const scn_world *w, const scn_strategy *strategies, size_t nstrategies)
{
    size_t n = w->nregions + w->naccounts + w->nsql + w->ncosmos + w->napps + w->noutages +
               w->nbackups + nstrategies;
    for (size_t i = 0; i < w->nvms; i++)
        n += 1 + w->vms[i].ndisks;
    for (size_t i = 0; i < nstrategies; i++)
        n += strategies[i].ngroups + strategies[i].nconsistency;
    return n;
}

/* The name of entry i of a list section, for uniqueness and references. */
static const ydoc_node *name_node(const ydoc_node *e)
{
    return e->kind == YDOC_MAP ? ydoc_get(e, "name") : NULL;
}

bool ld_world(ld *L, const ydoc_node *root, scn_world *w, scn_strategy **strategies,
              size_t *nstrategies)
{
    bool ok = true;
    memset(w, 0, sizeof *w);
    *strategies = NULL;
    *nstrategies = 0;
    ld_refs refs;
    memset(&refs, 0, sizeof refs);
    /* The world's own keys of the top level that are not lists. */
    for (size_t i = 0; i < fld_top.n; i++) {
        const fld_field *f = &fld_top.fields[i];
        if (!(f->flags & FLD_WORLD) || (f->flags & FLD_HAND))
            continue;
        ld_default(f, w);
        const ydoc_node *x = ydoc_get(root, f->key);
        if (x != NULL)
            ok &= ld_field(L, f, x, w, &refs);
    }
    const ydoc_node *regions = ydoc_get(root, "regions");
    if (regions != NULL && ydoc_is_null(regions))
        regions = NULL;
    ok &= conv_regions(L, regions, w, &refs);
    if (L->nomem)
        return false;

    const ydoc_node *list;
    ld_names *an = &refs.of[FLD_TO_ACCOUNT], *vn = &refs.of[FLD_TO_VM];
    size_t n = section(L, root, "storage", &list, &ok);
    w->accounts = arena_array(L->a, n, sizeof *w->accounts);
    an->v = arena_array(L->a, n, sizeof *an->v);
    if (w->accounts == NULL || an->v == NULL)
        return ld_oom(L);
    an->n = w->naccounts = n;
    for (size_t i = 0; i < n; i++) {
        ok &= conv_account(L, list->items[i], &w->accounts[i], w, &refs);
        an->v[i] = w->accounts[i].name;
        ld_unique(L, name_node(list->items[i]), "name", fld_account.unique, an, i);
    }

    const ydoc_node *storage = list;
    n = section(L, root, "sql", &list, &ok);
    w->sql = arena_array(L->a, n, sizeof *w->sql);
    ld_names sqln = {arena_array(L->a, n, sizeof(char *)), n};
    if (w->sql == NULL || sqln.v == NULL)
        return ld_oom(L);
    w->nsql = n;
    for (size_t i = 0; i < n; i++) {
        ok &= conv_sql(L, list->items[i], &w->sql[i], w, &refs);
        sqln.v[i] = w->sql[i].name;
        ld_unique(L, name_node(list->items[i]), "name", fld_sql.unique, &sqln, i);
        /* Names are unique across storage and sql: an app's data names either. */
        for (size_t k = 0; w->sql[i].name != NULL && k < w->naccounts; k++)
            if (w->accounts[k].name != NULL && strcmp(w->accounts[k].name, w->sql[i].name) == 0) {
                ld_error(L, name_node(list->items[i]),
                         "name: '%s' is already the name of a storage account (line %u); "
                         "names are unique across storage, sql and cosmos", w->sql[i].name,
                         (unsigned)w->accounts[k].pos.line);
                ok = false;
            }
    }
    /* Cosmos DB accounts: their names unique among themselves and with the
     * storage accounts' (an app's data names either). */
    ld_names *cn = &refs.of[FLD_TO_COSMOS];
    n = section(L, root, "cosmos", &list, &ok);
    w->cosmos = arena_array(L->a, n, sizeof *w->cosmos);
    cn->v = arena_array(L->a, n, sizeof *cn->v);
    if (w->cosmos == NULL || cn->v == NULL)
        return ld_oom(L);
    cn->n = w->ncosmos = n;
    for (size_t i = 0; i < n; i++) {
        ok &= conv_cosmos(L, list->items[i], &w->cosmos[i], w, &refs);
        cn->v[i] = w->cosmos[i].name;
        ld_unique(L, name_node(list->items[i]), "name", fld_cosmos.unique, cn, i);
        for (size_t a = 0; a < an->n && cn->v[i] != NULL; a++)
            if (an->v[a] != NULL && strcmp(an->v[a], cn->v[i]) == 0) {
                ld_error(L, name_node(list->items[i]),
                         "name: '%s' names a storage account already (line %u); an app's "
                         "data names any, so names are unique across storage, sql and cosmos",
                         cn->v[i], (unsigned)w->accounts[a].pos.line);
                ok = false;
            }
        for (size_t q = 0; q < sqln.n && cn->v[i] != NULL; q++)
            if (sqln.v[q] != NULL && strcmp(sqln.v[q], cn->v[i]) == 0) {
                ld_error(L, name_node(list->items[i]),
                         "name: '%s' names a SQL failover group already (line %u); an app's "
                         "data names any, so names are unique across storage, sql and cosmos",
                         cn->v[i], (unsigned)w->sql[q].pos.line);
                ok = false;
            }
    }
    if (L->nomem)
        return false;

    n = section(L, root, "vms", &list, &ok);
    w->vms = arena_array(L->a, n, sizeof *w->vms);
    vn->v = arena_array(L->a, n, sizeof *vn->v);
    if (w->vms == NULL || vn->v == NULL)
        return ld_oom(L);
    w->nvms = vn->n = n;
    for (size_t i = 0; i < n; i++) {
        ok &= conv_vm(L, list->items[i], &w->vms[i], w, &refs);
        vn->v[i] = w->vms[i].name;
        ld_unique(L, name_node(list->items[i]), "name", fld_vm.unique, vn, i);
    }
    if (L->nomem)
        return false;
    ok &= vm_totals(L, list, w);
    ok &= vm_tiers(L, list, w, &refs);
    ok &= account_data(L, storage, w);

    n = section(L, root, "apps", &list, &ok);
    w->apps = arena_array(L->a, n, sizeof *w->apps);
    ld_names apn = {arena_array(L->a, n, sizeof(char *)), n};
    if (w->apps == NULL || apn.v == NULL)
        return ld_oom(L);
    w->napps = n;
    for (size_t i = 0; i < n; i++) {
        ok &= conv_app(L, list->items[i], &w->apps[i], &refs, &sqln);
        apn.v[i] = w->apps[i].name;
        ld_unique(L, name_node(list->items[i]), "name", fld_app.unique, &apn, i);
    }
    if (L->nomem)
        return false;
    if (ok)
        ok &= app_regions(L, list, w);

    n = section(L, root, "outages", &list, &ok);
    w->outages = arena_array(L->a, n, sizeof *w->outages);
    if (w->outages == NULL)
        return ld_oom(L);
    w->noutages = n;
    for (size_t i = 0; i < n; i++)
        ok &= conv_outage(L, list->items[i], &w->outages[i], w, &refs);
    if (L->nomem)
        return false;

    n = section(L, root, "backup", &list, &ok);
    w->backups = arena_array(L->a, n, sizeof *w->backups);
    ld_names bn = {arena_array(L->a, n, sizeof(char *)), n};
    if (w->backups == NULL || bn.v == NULL)
        return ld_oom(L);
    for (size_t i = 0; i < n; i++) {
        w->nbackups = i;
        ok &= conv_backup(L, list->items[i], &w->backups[i], w, &refs, i);
        bn.v[i] = w->backups[i].name;
        ld_unique(L, name_node(list->items[i]), "name", fld_backup.unique, &bn, i);
    }
    w->nbackups = n;
    if (L->nomem)
        return false;

    n = section(L, root, "strategies", &list, &ok);
    const ydoc_node *sx = ydoc_get(root, "strategies");
    if (sx == NULL) {
        ok = false; /* read_top reports it, once */
    } else if (n == 0 && (ydoc_is_null(sx) || sx->kind == YDOC_SEQ)) {
        ld_error(L, sx, "strategies: expected at least one strategy");
        ok = false;
    }
    scn_strategy *st = arena_array(L->a, n, sizeof *st);
    ld_names sn = {arena_array(L->a, n, sizeof(char *)), n};
    if (st == NULL || sn.v == NULL)
        return ld_oom(L);
    for (size_t i = 0; i < n; i++) {
        ok &= conv_strategy(L, list->items[i], &st[i], w, &refs);
        sn.v[i] = st[i].name;
        ld_unique(L, name_node(list->items[i]), "name", fld_strategy.unique, &sn, i);
    }
    if (!L->nomem && list != NULL && list->kind == YDOC_SEQ)
        ok &= resolve_like(L, list, st, n);
    *strategies = st;
    *nstrategies = n;
    return ok && !L->nomem;
}
