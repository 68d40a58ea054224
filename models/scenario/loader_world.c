/*
 * loader_world.c — one world of a scenario, and its strategies, from a
 * document tree: every section converted to scenario.h structs, every default
 * filled in from models/azure/defaults.h, every reference resolved, and the
 * cross-checks of the format.
 *
 * Conversion goes on after an error (with the field left at its default) so
 * that one pass reports every problem of a file. References are resolved after
 * each list has been read, so the order of sections in a file does not matter.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/azure/catalogue.h"
#include "models/azure/churn.h"
#include "models/azure/defaults.h"
#include "models/scenario/loaderInt.h"

#define G ydoc_get

const char *const ld_redundancy_names[] = {"LRS", "ZRS", "GRS", "RA-GRS", "GZRS", "RA-GZRS", NULL};
const char *const ld_disk_kind_names[] = {"standard", "premium", "unmanaged", NULL};
const char *const ld_strategy_kind_names[] = {"wait", "geo-restore", "asr", NULL};
const char *const ld_recovery_point_names[] = {"latest", "latest-processed",
                                               "latest-app-consistent", NULL};
const char *const ld_scope_names[] = {"region", "zone", "datacenter", NULL};

static bool is_geo(scn_redundancy r)
{
    return r == SCN_GRS || r == SCN_RA_GRS || r == SCN_GZRS || r == SCN_RA_GZRS;
}

static bool is_zonal(scn_redundancy r)
{
    return r == SCN_ZRS || r == SCN_GZRS || r == SCN_RA_GZRS;
}

/* Whether d can give 0 (or less): its minimum is attained by const, uniform,
 * triangular and empirical; the others reach 0 with probability 0. */
static bool can_be_zero(const dist *d)
{
    switch (d->kind) {
    case DIST_CONST:
    case DIST_UNIFORM:
    case DIST_TRIANGULAR:
    case DIST_EMPIRICAL:
        return dist_min(d) <= 0;
    default:
        return false;
    }
}

static void uniform_default(dist *d, double lo, double hi)
{
    *d = (dist){.kind = DIST_UNIFORM, .nonneg = true, .a = lo, .b = hi};
}

static void const_default(dist *d, double v)
{
    *d = (dist){.kind = DIST_CONST, .nonneg = true, .a = v};
}

static const char *fmt_value(units_kind kind, double v, char *buf, size_t n)
{
    units_format(kind, v, buf, n);
    return buf;
}

/* ---- Name lookups ------------------------------------------------------------------ */

typedef struct names {
    const char **v;
    size_t n;
} names;

static int find_name(const names *ns, const char *name)
{
    for (size_t i = 0; i < ns->n; i++)
        if (ns->v[i] != NULL && strcmp(ns->v[i], name) == 0)
            return (int)i;
    return -1;
}

/* Resolves a reference; reports "unknown WHAT 'x' (did you mean ...?)". */
static bool resolve(ld *L, const ydoc_node *n, const char *key, const names *ns,
                    const char *what, uint32_t *out)
{
    const char *name;
    if (!ld_name(L, n, key, &name))
        return false;
    int i = find_name(ns, name);
    if (i < 0) {
        const char *s = ld_suggest(name, ns->v, ns->n);
        if (s)
            ld_error(L, n, "%s: unknown %s '%s' (did you mean '%s'?)", key, what, name, s);
        else if (ns->n == 0)
            ld_error(L, n, "%s: unknown %s '%s' (the scenario defines none)", key, what, name);
        else {
            /* Say what was expected: every name when they are few, else the
             * count and the first three. */
            char list[256] = "";
            size_t used = 0, shown = ns->n <= 8 ? ns->n : 3;
            for (size_t j = 0; j < shown && used < sizeof list; j++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s'%s'",
                                         j == 0 ? "" : j + 1 == shown ? " or " : ", ", ns->v[j]);
            if (ns->n <= 8)
                ld_error(L, n, "%s: unknown %s '%s' (expected %s)", key, what, name, list);
            else
                ld_error(L, n, "%s: unknown %s '%s' (expected one of %zu, such as %s)", key, what,
                         name, ns->n, list);
        }
        return false;
    }
    *out = (uint32_t)i;
    return true;
}

/* Checks names in a list are unique: reports duplicates. */
static void unique_name(ld *L, const ydoc_node *at, const char *what, const names *ns, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (ns->v[j] && ns->v[i] && strcmp(ns->v[j], ns->v[i]) == 0) {
            ld_error(L, at, "name: a second %s named '%s'", what, ns->v[i]);
            return;
        }
}

/* ---- Regions ---------------------------------------------------------------------- */

static const char *const region_keys[] = {"name", "pair", "zones", "datacenters", NULL};

static bool conv_regions(ld *L, const ydoc_node *list, scn_world *w, names *rn)
{
    size_t extra = 0;
    bool ok = true;
    if (list != NULL && !ld_list(L, list, "regions"))
        list = NULL;
    size_t nlist = list ? list->n : 0;
    /* Count the added regions first: the array is the catalogue then those. */
    const char **entry_names = nlist ? arena_array(L->a, nlist, sizeof *entry_names) : NULL;
    if (nlist && entry_names == NULL)
        return ld_oom(L);
    for (size_t i = 0; i < nlist; i++) {
        const ydoc_node *e = list->items[i];
        if (!ld_keys(L, e, "a region", region_keys)) {
            ok = false;
            continue;
        }
        const ydoc_node *nm = G(e, "name");
        if (nm == NULL) {
            ld_error(L, e, "missing key 'name' (a region needs one)");
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
        if (entry_names[i] && cat_find(entry_names[i]) < 0) {
            bool seen = false;
            for (size_t j = 0; j < i; j++)
                seen |= entry_names[j] && strcmp(entry_names[j], entry_names[i]) == 0;
            if (!seen)
                extra++;
        }
    }
    w->nregions = cat_nregions + extra;
    w->regions = arena_array(L->a, w->nregions, sizeof *w->regions);
    rn->v = arena_array(L->a, w->nregions, sizeof *rn->v);
    if (w->regions == NULL || rn->v == NULL)
        return ld_oom(L);
    rn->n = w->nregions;
    for (size_t i = 0; i < cat_nregions; i++) {
        w->regions[i] = (scn_region){.name = cat_regions[i].name, .pair = SCN_NONE,
                                     .zones = DEF_REGION_ZONES,
                                     .datacenters = DEF_ZONE_DATACENTERS};
        rn->v[i] = cat_regions[i].name;
    }
    for (size_t i = 0; i < cat_nregions; i++)
        if (cat_regions[i].pair)
            w->regions[i].pair = cat_find(cat_regions[i].pair);
    size_t next = cat_nregions;
    const ydoc_node **pair_nodes = nlist ? arena_array(L->a, w->nregions, sizeof *pair_nodes)
                                         : NULL;
    if (nlist && pair_nodes == NULL)
        return ld_oom(L);
    for (size_t i = 0; i < nlist; i++) {
        if (entry_names[i] == NULL)
            continue;
        const ydoc_node *e = list->items[i];
        int idx = find_name(rn, entry_names[i]);
        if (idx < 0) {
            idx = (int)next++;
            w->regions[idx] = (scn_region){.name = entry_names[i], .pair = SCN_NONE,
                                           .zones = DEF_REGION_ZONES,
                                           .datacenters = DEF_ZONE_DATACENTERS};
            rn->v[idx] = entry_names[i];
        }
        scn_region *r = &w->regions[idx];
        r->pos = ld_pos(e);
        uint64_t v;
        const ydoc_node *x;
        if ((x = G(e, "zones")) != NULL) {
            if (ld_uint(L, x, "zones", 0, SCN_MAX_ZONES, &v))
                r->zones = (uint32_t)v;
            else
                ok = false;
        }
        if ((x = G(e, "datacenters")) != NULL) {
            if (ld_uint(L, x, "datacenters", 1, SCN_MAX_DATACENTERS, &v))
                r->datacenters = (uint32_t)v;
            else
                ok = false;
        }
        pair_nodes[idx] = G(e, "pair");
    }
    /* Pairs last: they may name regions added further down. */
    for (size_t i = 0; i < w->nregions && nlist; i++) {
        const ydoc_node *p = pair_nodes[i];
        if (p == NULL)
            continue;
        if (p->kind == YDOC_SCALAR && p->tag == NULL && strcmp(p->text, "none") == 0) {
            w->regions[i].pair = SCN_NONE;
            continue;
        }
        uint32_t pi;
        if (!resolve(L, p, "pair", rn, "region", &pi)) {
            ok = false;
            continue;
        }
        if (pi == i) {
            ld_error(L, p, "pair: a region cannot be its own pair");
            ok = false;
            continue;
        }
        w->regions[i].pair = (int32_t)pi;
    }
    return ok;
}

/* ---- Storage accounts ------------------------------------------------------------- */

static const char *const account_keys[] = {"name",    "region",  "redundancy",
                                           "zone",    "writes",  "geo_replication",
                                           "dns_ttl", "failover", "resync", NULL};
static const char *const writes_keys[] = {"rate", "size", "arrivals", NULL};
static const char *const geo_keys[] = {"lag", "bandwidth", "latency", NULL};
static const char *const failover_keys[] = {"duration", NULL};
static const char *const arrivals_names[] = {"poisson", "regular", NULL};

/* zone: N (1..zones) or any (0). */
static bool conv_zone_number(ld *L, const ydoc_node *n, const char *key, const scn_region *r,
                             uint32_t *out)
{
    if (n->kind == YDOC_SCALAR && n->tag == NULL && strcmp(n->text, "any") == 0) {
        *out = 0;
        return true;
    }
    uint64_t z;
    if (!ld_uint(L, n, key, 1, SCN_MAX_ZONES, &z))
        return false;
    if (r->zones == 0) {
        ld_error(L, n, "%s: region %s has no availability zones (zones: 0)", key, r->name);
        return false;
    }
    if (z > r->zones) {
        ld_error(L, n, "%s: zone %llu is not in region %s (it has zones 1 to %u)", key,
                 (unsigned long long)z, r->name, r->zones);
        return false;
    }
    *out = (uint32_t)z;
    return true;
}

static bool conv_account(ld *L, const ydoc_node *e, scn_account *acc, const scn_world *w,
                         const names *rn)
{
    bool ok = true;
    *acc = (scn_account){.region = 0, .redundancy = SCN_LRS};
    acc->pos = ld_pos(e);
    const_default(&acc->writes.rate, 0);
    const_default(&acc->writes.size, DEF_WRITE_SIZE);
    acc->writes.arrivals = SCN_ARRIVALS_POISSON;
    acc->geo = SCN_GEO_LAG;
    if (dist_lognormal_p(&acc->lag, DEF_GEO_LAG_P50, DEF_GEO_LAG_P99, NULL) != ERR_OK)
        return ld_oom(L);
    const_default(&acc->bandwidth, 0);
    const_default(&acc->latency, DEF_GEO_LATENCY);
    const_default(&acc->dns_ttl, DEF_ACCOUNT_DNS_TTL);
    uniform_default(&acc->failover_duration, DEF_ACCOUNT_FAILOVER_MIN, DEF_ACCOUNT_FAILOVER_MAX);
    uniform_default(&acc->resync, DEF_RESYNC_MIN, DEF_RESYNC_MAX);
    if (!ld_keys(L, e, "a storage account", account_keys))
        return false;
    const ydoc_node *x;
    if ((x = G(e, "name")) == NULL) {
        ld_error(L, e, "missing key 'name' (a storage account needs one)");
        ok = false;
    } else {
        ok &= ld_name(L, x, "name", &acc->name);
    }
    bool region_ok = false;
    if ((x = G(e, "region")) == NULL) {
        ld_error(L, e, "missing key 'region' (a storage account needs one)");
        ok = false;
    } else {
        region_ok = resolve(L, x, "region", rn, "region", &acc->region);
        ok &= region_ok;
    }
    const ydoc_node *red = G(e, "redundancy");
    if (red == NULL) {
        ld_error(L, e, "missing key 'redundancy' (LRS, ZRS, GRS, RA-GRS, GZRS or RA-GZRS)");
        ok = false;
    } else {
        int r;
        if (ld_enum(L, red, "redundancy", ld_redundancy_names, &r))
            acc->redundancy = (scn_redundancy)r;
        else
            ok = false, red = NULL;
    }
    const scn_region *reg = &w->regions[acc->region];
    if (region_ok && red != NULL) {
        if (is_geo(acc->redundancy) && reg->pair == SCN_NONE) {
            ld_error(L, red, "redundancy: %s needs a region with a pair; %s has none",
                     ld_redundancy_names[acc->redundancy], reg->name);
            ok = false;
        }
        if (is_zonal(acc->redundancy) && reg->zones == 0) {
            ld_error(L, red, "redundancy: %s needs a region with availability zones; %s has none",
                     ld_redundancy_names[acc->redundancy], reg->name);
            ok = false;
        }
    }
    if ((x = G(e, "zone")) != NULL) {
        if (red != NULL && is_zonal(acc->redundancy)) {
            ld_error(L, x, "zone: a %s account spans every zone; zone applies to LRS, GRS and "
                           "RA-GRS accounts", ld_redundancy_names[acc->redundancy]);
            ok = false;
        } else if (region_ok) {
            ok &= conv_zone_number(L, x, "zone", reg, &acc->zone);
        }
    }
    if ((x = G(e, "writes")) != NULL) {
        if (ld_keys(L, x, "writes", writes_keys)) {
            const ydoc_node *y;
            if ((y = G(x, "rate")) != NULL)
                ok &= ld_dist(L, y, "rate", UNITS_RATE, &acc->writes.rate);
            if ((y = G(x, "size")) != NULL)
                ok &= ld_dist(L, y, "size", UNITS_SIZE, &acc->writes.size);
            if ((y = G(x, "arrivals")) != NULL) {
                int a;
                if (ld_enum(L, y, "arrivals", arrivals_names, &a))
                    acc->writes.arrivals = (scn_arrivals)a;
                else
                    ok = false;
            }
        } else {
            ok = false;
        }
    }
    if ((x = G(e, "geo_replication")) != NULL) {
        if (ld_keys(L, x, "geo_replication", geo_keys)) {
            const ydoc_node *lag = G(x, "lag"), *bw = G(x, "bandwidth"), *lat = G(x, "latency");
            if (lag && bw) {
                ld_error(L, bw, "bandwidth: give either lag or bandwidth (with latency), not "
                                "both");
                ok = false;
            } else if (lag && lat) {
                ld_error(L, lat, "latency: goes with bandwidth, not with lag");
                ok = false;
            } else if (lag) {
                ok &= ld_dist(L, lag, "lag", UNITS_DURATION, &acc->lag);
            } else if (bw) {
                acc->geo = SCN_GEO_BANDWIDTH;
                ok &= ld_dist(L, bw, "bandwidth", UNITS_BYTE_RATE, &acc->bandwidth);
                if (ok && can_be_zero(&acc->bandwidth)) {
                    ld_error(L, bw, "bandwidth: must be greater than 0");
                    ok = false;
                }
                if (lat)
                    ok &= ld_dist(L, lat, "latency", UNITS_DURATION, &acc->latency);
            } else if (lat) {
                ld_error(L, lat, "latency: goes with bandwidth (geo_replication: {bandwidth: "
                                 "40MB/s, latency: 50ms})");
                ok = false;
            } else {
                ld_error(L, x, "geo_replication: expected lag or bandwidth");
                ok = false;
            }
        } else {
            ok = false;
        }
    }
    if ((x = G(e, "dns_ttl")) != NULL) {
        ok &= ld_dist(L, x, "dns_ttl", UNITS_DURATION, &acc->dns_ttl);
        if (ok && dist_max(&acc->dns_ttl) > DNS_TTL_MAX) {
            ld_error(L, x, "dns_ttl: a DNS TTL is at most 2147483647s");
            ok = false;
        }
    }
    if ((x = G(e, "failover")) != NULL) {
        if (ld_keys(L, x, "failover", failover_keys)) {
            const ydoc_node *y = G(x, "duration");
            if (y)
                ok &= ld_dist(L, y, "duration", UNITS_DURATION, &acc->failover_duration);
        } else {
            ok = false;
        }
    }
    if ((x = G(e, "resync")) != NULL)
        ok &= ld_dist(L, x, "resync", UNITS_DURATION, &acc->resync);
    return ok;
}

/* ---- VMs and disks ----------------------------------------------------------------- */

static const char *const vm_keys[] = {"name", "count", "region", "zone", "os_disk", "disks",
                                      "boot", "provision", NULL};
static const char *const disk_keys[] = {"size", "kind", "redundancy", "account", "churn",
                                        "io_size", NULL};
static const char *const disk_redundancy_names[] = {"LRS", "ZRS", NULL};

static bool conv_disk(ld *L, const ydoc_node *e, bool os, scn_disk *d, const scn_world *w,
                      const scn_region *vm_region, const names *an)
{
    bool ok = true;
    *d = (scn_disk){.os = os, .size = DEF_OS_DISK_SIZE, .kind = SCN_DISK_STANDARD,
                    .redundancy = SCN_LRS, .account = SCN_NONE};
    d->pos = ld_pos(e);
    const_default(&d->churn, DEF_DISK_CHURN);
    const_default(&d->io_size, DEF_DISK_IO_SIZE);
    if (!ld_keys(L, e, os ? "os_disk" : "a disk", disk_keys))
        return false;
    const ydoc_node *x;
    if ((x = G(e, "size")) != NULL) {
        double v;
        if (ld_value(L, x, "size", UNITS_SIZE, &v)) {
            char buf[32];
            if (!(v > 0)) {
                ld_error(L, x, "size: a disk's size must be greater than 0");
                ok = false;
            } else if (v > DEF_MAX_DISK_SIZE) {
                ld_error(L, x, "size: a disk is at most %s",
                         fmt_value(UNITS_SIZE, DEF_MAX_DISK_SIZE, buf, sizeof buf));
                ok = false;
            } else {
                d->size = v;
            }
        } else {
            ok = false;
        }
    } else if (!os) {
        ld_error(L, e, "missing key 'size' (a data disk needs one, such as 1TiB)");
        ok = false;
    }
    if ((x = G(e, "kind")) != NULL) {
        int k;
        if (ld_enum(L, x, "kind", ld_disk_kind_names, &k))
            d->kind = (scn_disk_kind)k;
        else
            ok = false;
    }
    const ydoc_node *acc = G(e, "account"), *red = G(e, "redundancy");
    if (d->kind == SCN_DISK_UNMANAGED) {
        if (red != NULL) {
            ld_error(L, red, "redundancy: an unmanaged disk has its account's redundancy");
            ok = false;
        }
        if (acc == NULL) {
            ld_error(L, e, "missing key 'account' (an unmanaged disk lives in a storage "
                           "account)");
            ok = false;
        } else {
            uint32_t ai;
            if (resolve(L, acc, "account", an, "storage account", &ai)) {
                const scn_account *a = &w->accounts[ai];
                d->account = (int32_t)ai;
                d->redundancy = a->redundancy;
                if (is_zonal(a->redundancy)) {
                    ld_error(L, acc, "account: unmanaged disks cannot live on a %s account "
                                     "('%s'); they support LRS and GRS only",
                             ld_redundancy_names[a->redundancy], a->name);
                    ok = false;
                }
                if (vm_region && a->region != (uint32_t)(vm_region - w->regions)) {
                    ld_error(L, acc, "account: '%s' is in %s, not in the VM's region %s",
                             a->name, w->regions[a->region].name, vm_region->name);
                    ok = false;
                }
            } else {
                ok = false;
            }
        }
    } else {
        if (acc != NULL) {
            ld_error(L, acc, "account: only unmanaged disks (kind: unmanaged) live in a "
                             "storage account");
            ok = false;
        }
        if (red != NULL) {
            int r;
            if (ld_enum(L, red, "redundancy", disk_redundancy_names, &r)) {
                d->redundancy = r == 0 ? SCN_LRS : SCN_ZRS;
                if (d->redundancy == SCN_ZRS && vm_region && vm_region->zones == 0) {
                    ld_error(L, red, "redundancy: ZRS needs a region with availability zones; "
                                     "%s has none", vm_region->name);
                    ok = false;
                }
            } else {
                ok = false;
            }
        }
    }
    if ((x = G(e, "churn")) != NULL)
        ok &= ld_dist(L, x, "churn", UNITS_BYTE_RATE, &d->churn);
    if ((x = G(e, "io_size")) != NULL) {
        if (ld_dist(L, x, "io_size", UNITS_SIZE, &d->io_size)) {
            if (can_be_zero(&d->io_size)) {
                ld_error(L, x, "io_size: must be greater than 0");
                ok = false;
            }
        } else {
            ok = false;
        }
    }
    return ok;
}

static bool conv_vm(ld *L, const ydoc_node *e, scn_vm_group *g, const scn_world *w,
                    const names *rn, const names *an)
{
    bool ok = true;
    *g = (scn_vm_group){.count = DEF_VM_COUNT, .placement = SCN_PLACE_ANY};
    g->pos = ld_pos(e);
    uniform_default(&g->boot, DEF_BOOT_MIN, DEF_BOOT_MAX);
    uniform_default(&g->provision, DEF_PROVISION_MIN, DEF_PROVISION_MAX);
    if (!ld_keys(L, e, "a VM group", vm_keys))
        return false;
    const ydoc_node *x;
    if ((x = G(e, "name")) == NULL) {
        ld_error(L, e, "missing key 'name' (a VM group needs one)");
        ok = false;
    } else {
        ok &= ld_name(L, x, "name", &g->name);
    }
    if ((x = G(e, "count")) != NULL) {
        uint64_t c;
        if (ld_uint(L, x, "count", 1, SCN_MAX_VM_COUNT, &c))
            g->count = (uint32_t)c;
        else
            ok = false;
    }
    const scn_region *reg = NULL;
    if ((x = G(e, "region")) == NULL) {
        ld_error(L, e, "missing key 'region' (a VM group needs one)");
        ok = false;
    } else if (resolve(L, x, "region", rn, "region", &g->region)) {
        reg = &w->regions[g->region];
    } else {
        ok = false;
    }
    if ((x = G(e, "zone")) != NULL && reg != NULL) {
        if (x->kind == YDOC_SCALAR && x->tag == NULL && strcmp(x->text, "spread") == 0) {
            if (reg->zones == 0) {
                ld_error(L, x, "zone: spread needs a region with availability zones; %s has "
                               "none", reg->name);
                ok = false;
            } else {
                g->placement = SCN_PLACE_SPREAD;
            }
        } else if (x->kind == YDOC_SCALAR && x->tag == NULL && strcmp(x->text, "any") == 0) {
            g->placement = SCN_PLACE_ANY;
        } else if (x->kind == YDOC_SCALAR && x->len > 0 && x->text[0] >= '0' &&
                   x->text[0] <= '9') {
            if (conv_zone_number(L, x, "zone", reg, &g->zone))
                g->placement = SCN_PLACE_ZONE;
            else
                ok = false;
        } else {
            ld_error(L, x, "zone: expected a zone number, spread or any; found %s", ld_found(x));
            ok = false;
        }
    }
    const ydoc_node *os = G(e, "os_disk"), *disks = G(e, "disks");
    size_t ndata = 0;
    if (disks != NULL) {
        if (ld_list(L, disks, "disks"))
            ndata = disks->n;
        else
            ok = false, disks = NULL;
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
        ok &= conv_disk(L, disks->items[i], false, &g->disks[i + 1], w, reg, an);
    if (os != NULL) {
        ok &= conv_disk(L, os, true, &g->disks[0], w, reg, an);
    } else {
        /* A VM on VHDs keeps its OS disk in the same account as its first
         * data disk; otherwise the OS disk is a managed standard one. */
        const scn_disk *first = ndata > 0 ? &g->disks[1] : NULL;
        bool vhd = first != NULL && first->kind == SCN_DISK_UNMANAGED && first->account >= 0;
        g->disks[0] = (scn_disk){.os = true, .size = DEF_OS_DISK_SIZE,
                                 .kind = vhd ? SCN_DISK_UNMANAGED : SCN_DISK_STANDARD,
                                 .redundancy = vhd ? first->redundancy : SCN_LRS,
                                 .account = vhd ? first->account : SCN_NONE};
        g->disks[0].pos = g->pos;
        const_default(&g->disks[0].churn, DEF_DISK_CHURN);
        const_default(&g->disks[0].io_size, DEF_DISK_IO_SIZE);
    }
    if ((x = G(e, "boot")) != NULL)
        ok &= ld_dist(L, x, "boot", UNITS_DURATION, &g->boot);
    if ((x = G(e, "provision")) != NULL)
        ok &= ld_dist(L, x, "provision", UNITS_DURATION, &g->provision);
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
                            "such VHDs (each disk replicates on its own, so after a failover "
                            "the disks of one VM may come from different points in time)",
                            g->name ? g->name : "?", g->ndisks,
                            ld_redundancy_names[a->redundancy], a->name);
                break;
            }
        }
    return ok;
}

/* ---- Applications ------------------------------------------------------------------ */

static const char *const app_keys[] = {"name", "tiers", "data", "entry", NULL};
static const char *const entry_keys[] = {"traffic_manager", "dns", NULL};
static const char *const tm_keys[] = {"interval", "timeout", "tolerated_failures", "ttl", NULL};
static const char *const dns_entry_keys[] = {"ttl", NULL};

static bool conv_ttl(ld *L, const ydoc_node *x, double *out)
{
    double v;
    if (!ld_value(L, x, "ttl", UNITS_DURATION, &v))
        return false;
    if (v > DNS_TTL_MAX) {
        ld_error(L, x, "ttl: a DNS TTL is at most 2147483647s");
        return false;
    }
    *out = v;
    return true;
}

static bool conv_refs(ld *L, const ydoc_node *list, const char *key, const names *ns,
                      const char *what, uint32_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!ld_list(L, list, key))
        return false;
    *out = arena_array(L->a, list->n, sizeof **out);
    if (list->n && *out == NULL)
        return ld_oom(L);
    bool ok = true;
    for (size_t i = 0; i < list->n; i++) {
        uint32_t idx;
        if (!resolve(L, list->items[i], key, ns, what, &idx)) {
            ok = false;
            continue;
        }
        for (size_t j = 0; j < *n; j++)
            if ((*out)[j] == idx) {
                ld_error(L, list->items[i], "%s: '%s' is listed twice", key, ns->v[idx]);
                ok = false;
            }
        (*out)[(*n)++] = idx;
    }
    return ok;
}

static bool conv_app(ld *L, const ydoc_node *e, scn_app *app, const names *vn, const names *an)
{
    bool ok = true;
    *app = (scn_app){.entry = SCN_ENTRY_NONE};
    app->pos = ld_pos(e);
    if (!ld_keys(L, e, "an app", app_keys))
        return false;
    const ydoc_node *x;
    if ((x = G(e, "name")) == NULL) {
        ld_error(L, e, "missing key 'name' (an app needs one)");
        ok = false;
    } else {
        ok &= ld_name(L, x, "name", &app->name);
    }
    if ((x = G(e, "tiers")) == NULL) {
        ld_error(L, e, "missing key 'tiers' (the VM groups the app runs on)");
        ok = false;
    } else {
        ok &= conv_refs(L, x, "tiers", vn, "VM group", &app->tiers, &app->ntiers);
        if (x->kind == YDOC_SEQ && x->n == 0) {
            ld_error(L, x, "tiers: an app runs on at least one VM group");
            ok = false;
        }
    }
    if ((x = G(e, "data")) != NULL)
        ok &= conv_refs(L, x, "data", an, "storage account", &app->data, &app->ndata);
    if ((x = G(e, "entry")) != NULL) {
        if (!ld_keys(L, x, "entry", entry_keys))
            return false;
        const ydoc_node *tm = G(x, "traffic_manager"), *dns = G(x, "dns");
        if (tm && dns) {
            ld_error(L, dns, "dns: give either traffic_manager or dns, not both");
            return false;
        }
        if (!tm && !dns) {
            ld_error(L, x, "entry: expected traffic_manager or dns");
            return false;
        }
        if (tm) {
            app->entry = SCN_ENTRY_TRAFFIC_MANAGER;
            app->tm_interval = TM_INTERVAL_NORMAL;
            app->tm_tolerated = TM_TOLERATED_DEFAULT;
            app->ttl = TM_TTL_DEFAULT;
            if (!ld_keys(L, tm, "traffic_manager", tm_keys))
                return false;
            const ydoc_node *y;
            if ((y = G(tm, "interval")) != NULL) {
                double v;
                if (ld_value(L, y, "interval", UNITS_DURATION, &v)) {
                    if (v != TM_INTERVAL_NORMAL && v != TM_INTERVAL_FAST) {
                        ld_error(L, y, "interval: Traffic Manager probes every 30s or every 10s");
                        ok = false;
                    } else {
                        app->tm_interval = v;
                    }
                } else {
                    ok = false;
                }
            }
            bool fast = app->tm_interval == TM_INTERVAL_FAST;
            double tmax = fast ? TM_TIMEOUT_FAST : TM_TIMEOUT_NORMAL;
            app->tm_timeout = tmax;
            if ((y = G(tm, "timeout")) != NULL) {
                double v;
                if (ld_value(L, y, "timeout", UNITS_DURATION, &v)) {
                    if (v < TM_TIMEOUT_MIN || v > tmax) {
                        ld_error(L, y, "timeout: with a %s probe interval the timeout is 5s to %s",
                                 fast ? "10s" : "30s", fast ? "9s" : "10s");
                        ok = false;
                    } else {
                        app->tm_timeout = v;
                        app->tm_timeout_given = true;
                    }
                } else {
                    ok = false;
                }
            }
            if ((y = G(tm, "tolerated_failures")) != NULL) {
                uint64_t v;
                if (ld_uint(L, y, "tolerated_failures", 0, TM_TOLERATED_MAX, &v))
                    app->tm_tolerated = (uint32_t)v;
                else
                    ok = false;
            }
            if ((y = G(tm, "ttl")) != NULL)
                ok &= conv_ttl(L, y, &app->ttl);
        } else {
            app->entry = SCN_ENTRY_DNS;
            app->ttl = DEF_ENTRY_DNS_TTL;
            if (!ld_keys(L, dns, "dns", dns_entry_keys))
                return false;
            const ydoc_node *y = G(dns, "ttl");
            if (y)
                ok &= conv_ttl(L, y, &app->ttl);
        }
    }
    return ok;
}

/* ---- Outages --------------------------------------------------------------------- */

static const char *const outage_keys[] = {"region",      "scope",    "zone",
                                          "datacenter",  "probability", "at",
                                          "duration",    "destructive", "provider_failover",
                                          NULL};
static const char *const provider_keys[] = {"after", NULL};

static bool conv_outage(ld *L, const ydoc_node *e, scn_outage *o, const scn_world *w,
                        const names *rn)
{
    bool ok = true;
    *o = (scn_outage){.scope = SCN_SCOPE_REGION};
    const_default(&o->probability, DEF_OUTAGE_PROBABILITY);
    const_default(&o->destructive, DEF_OUTAGE_DESTRUCTIVE);
    o->pos = ld_pos(e);
    const_default(&o->at, 0);
    const_default(&o->duration, 0);
    const_default(&o->provider_after, 0);
    if (!ld_keys(L, e, "an outage", outage_keys))
        return false;
    const ydoc_node *x;
    const scn_region *reg = NULL;
    if ((x = G(e, "region")) == NULL) {
        ld_error(L, e, "missing key 'region' (an outage hits a region, or a zone or "
                       "datacenter of one)");
        ok = false;
    } else if (resolve(L, x, "region", rn, "region", &o->region)) {
        reg = &w->regions[o->region];
    } else {
        ok = false;
    }
    const ydoc_node *scope = G(e, "scope"), *zone = G(e, "zone"), *dc = G(e, "datacenter");
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
            while (tmp.len > 0 && tmp.text[0] == ' ')
                tmp.text++, tmp.len--;
            if (reg != NULL)
                ok &= conv_zone_number(L, &tmp, "scope", reg, &o->zone);
        } else {
            int sc;
            if (ld_enum(L, scope, "scope", ld_scope_names, &sc))
                o->scope = (scn_scope)sc;
            else
                ok = false;
        }
    }
    if (reg != NULL && o->scope == SCN_SCOPE_ZONE && reg->zones == 0) {
        ld_error(L, scope, "scope: region %s has no availability zones (zones: 0)", reg->name);
        ok = false;
    } else if (zone != NULL && reg != NULL) {
        if (o->scope == SCN_SCOPE_REGION) {
            ld_error(L, zone, "zone: applies to scope zone or datacenter, not region");
            ok = false;
        } else {
            ok &= conv_zone_number(L, zone, "zone", reg, &o->zone);
        }
    }
    if (dc != NULL && reg != NULL) {
        if (o->scope != SCN_SCOPE_DATACENTER) {
            ld_error(L, dc, "datacenter: applies to scope datacenter");
            ok = false;
        } else if (dc->kind == YDOC_SCALAR && dc->tag == NULL && strcmp(dc->text, "any") == 0) {
            o->datacenter = 0;
        } else {
            uint64_t v;
            if (ld_uint(L, dc, "datacenter", 1, SCN_MAX_DATACENTERS, &v)) {
                if (v > reg->datacenters) {
                    ld_error(L, dc, "datacenter: %s has %u datacenter%s per zone (datacenters: "
                                    "%u)", reg->name, reg->datacenters,
                             reg->datacenters == 1 ? "" : "s", reg->datacenters);
                    ok = false;
                } else {
                    o->datacenter = (uint32_t)v;
                }
            } else {
                ok = false;
            }
        }
    }
    if ((x = G(e, "probability")) != NULL)
        ok &= ld_dist(L, x, "probability", UNITS_PROBABILITY, &o->probability);
    if ((x = G(e, "at")) == NULL) {
        ld_error(L, e, "missing key 'at' (when the outage starts, such as uniform(0, 7d))");
        ok = false;
    } else {
        ok &= ld_dist(L, x, "at", UNITS_DURATION, &o->at);
    }
    if ((x = G(e, "duration")) == NULL) {
        ld_error(L, e, "missing key 'duration' (how long it lasts, such as "
                       "lognormal(p50=10h, p99=3d))");
        ok = false;
    } else {
        ok &= ld_dist(L, x, "duration", UNITS_DURATION, &o->duration);
    }
    if ((x = G(e, "destructive")) != NULL)
        ok &= ld_dist(L, x, "destructive", UNITS_PROBABILITY, &o->destructive);
    if ((x = G(e, "provider_failover")) != NULL) {
        if (ld_keys(L, x, "provider_failover", provider_keys)) {
            const ydoc_node *y = G(x, "after");
            if (y == NULL) {
                ld_error(L, x, "provider_failover: expected after: DURATION (omit "
                               "provider_failover when the provider never fails over)");
                ok = false;
            } else if (o->scope != SCN_SCOPE_REGION) {
                /* Microsoft-managed failover is for a whole region lost
                 * (storage-disaster-recovery-guidance.md: "Microsoft-managed:
                 * whole region"). */
                ld_error(L, x, "provider_failover: the provider fails storage over only when "
                               "a whole region is lost: it applies to scope: region, not to "
                               "a zone or a datacenter");
                ok = false;
            } else {
                o->provider_failover = true;
                ok &= ld_dist(L, y, "after", UNITS_DURATION, &o->provider_after);
            }
        } else {
            ok = false;
        }
    }
    return ok;
}

/* ---- Strategies -------------------------------------------------------------------- */

static const char *const strategy_keys[] = {
    "name",       "kind",          "decide",       "failover",         "delete_vms",
    "provision",  "target",        "recovery_point", "app_consistent_every", "retention",
    "high_churn", "replication",   "processing",   "process_rate",     "vm_create",
    "capacity",   "plan",          "consistency_groups", "test_failover", "commit",
    "reprotect",  "fail_over_data", "failback",    NULL};
/* Which kinds take each key: bit 1 wait, 2 geo-restore, 4 asr (same order). */
static const unsigned strategy_key_kinds[] = {7, 7, 7, 6, 2, 2, 4, 4, 4, 4, 4, 4,
                                              4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 6};
static const char *const strategy_failover_keys[] = {"after", "duration", NULL};
static const char *const replication_keys[] = {"lag", NULL};
static const char *const capacity_keys[] = {"reserved", "delay_probability", "delay", NULL};
static const char *const plan_keys[] = {"group", "vms", "then", NULL};
static const char *const action_keys[] = {"script", "manual", NULL};
static const char *const cgroup_keys[] = {"name", "vms", NULL};
static const char *const test_keys[] = {"at", NULL};
static const char *const failback_keys[] = {"after", "planned", NULL};
static const char *const rp_custom_keys[] = {"custom", NULL};

static void strategy_defaults(scn_strategy *s)
{
    const_default(&s->decide, DEF_DECIDE);
    uniform_default(&s->failover_duration, DEF_ACCOUNT_FAILOVER_MIN, DEF_ACCOUNT_FAILOVER_MAX);
    const_default(&s->delete_vms, DEF_DELETE_VMS);
    uniform_default(&s->provision, DEF_PROVISION_MIN, DEF_PROVISION_MAX);
    s->recovery_point = SCN_RP_LATEST_PROCESSED;
    s->app_consistent_every = ASR_APP_POINT_DEFAULT_INTERVAL;
    s->retention = ASR_RETENTION_DEFAULT;
    const_default(&s->fixed_lag, 0);
    uniform_default(&s->processing, ASR_PROCESSING_MIN, ASR_PROCESSING_MAX);
    const_default(&s->process_rate, ASR_PROCESS_RATE);
    uniform_default(&s->vm_create, ASR_VM_CREATE_MIN, ASR_VM_CREATE_MAX);
    const_default(&s->capacity_delay_probability, ASR_CAPACITY_DELAY_PROBABILITY);
    uniform_default(&s->capacity_delay, ASR_CAPACITY_DELAY_MIN, ASR_CAPACITY_DELAY_MAX);
    const_default(&s->test_at, 0);
    const_default(&s->commit, ASR_COMMIT);
    uniform_default(&s->reprotect, ASR_REPROTECT_MIN, ASR_REPROTECT_MAX);
    const_default(&s->failback_after, DEF_FAILBACK_AFTER);
    s->failback_planned = true;
    s->fail_over_data = DEF_ASR_FAIL_OVER_DATA;
}

static bool conv_actions(ld *L, const ydoc_node *x, scn_plan_group *pg)
{
    size_t n = x->kind == YDOC_SEQ ? x->n : 1;
    pg->then = arena_array(L->a, n, sizeof *pg->then);
    if (n && pg->then == NULL)
        return ld_oom(L);
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        const ydoc_node *a = x->kind == YDOC_SEQ ? x->items[i] : x;
        if (!ld_keys(L, a, "an action", action_keys)) {
            ok = false;
            continue;
        }
        if (a->n != 1) {
            ld_error(L, a, "then: an action is one of {script: DURATION} or {manual: "
                           "DURATION}");
            ok = false;
            continue;
        }
        const ydoc_node *k = a->items[0], *v = a->items[1];
        scn_action *act = &pg->then[pg->nthen];
        act->kind = strcmp(k->text, "script") == 0 ? SCN_ACTION_SCRIPT : SCN_ACTION_MANUAL;
        if (ld_dist(L, v, k->text, UNITS_DURATION, &act->duration))
            pg->nthen++;
        else
            ok = false;
    }
    return ok;
}

/* Marks `vms` protected; counts instances. */
static uint64_t instances(const scn_world *w, const uint32_t *vms, size_t n)
{
    uint64_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += w->vms[vms[i]].count;
    return c;
}

static bool conv_asr(ld *L, const ydoc_node *e, scn_strategy *s, const scn_world *w,
                     const names *rn, const names *vn)
{
    bool ok = true;
    const ydoc_node *x;
    bool target_ok = false;
    if ((x = G(e, "target")) == NULL) {
        ld_error(L, e, "missing key 'target' (the region Site Recovery replicates to)");
        ok = false;
    } else {
        target_ok = resolve(L, x, "target", rn, "region", &s->target);
        ok &= target_ok;
    }
    const ydoc_node *target_node = x;
    /* Protected VM groups: those of the plan, or every group. */
    bool *prot = arena_array(L->a, w->nvms + 1, sizeof *prot);
    if (prot == NULL)
        return ld_oom(L);
    const ydoc_node *plan = G(e, "plan");
    if (plan != NULL && ld_list(L, plan, "plan")) {
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
        s->plan = arena_array(L->a, plan->n, sizeof *s->plan);
        if (plan->n && s->plan == NULL)
            return ld_oom(L);
        for (size_t i = 0; i < plan->n; i++) {
            const ydoc_node *pe = plan->items[i];
            scn_plan_group *pg = &s->plan[s->ngroups];
            *pg = (scn_plan_group){.pos = ld_pos(pe)};
            if (!ld_keys(L, pe, "a plan group", plan_keys)) {
                ok = false;
                continue;
            }
            const ydoc_node *y;
            if ((y = G(pe, "group")) == NULL) {
                ld_error(L, pe, "missing key 'group' (a plan group's name)");
                ok = false;
            } else {
                ok &= ld_name(L, y, "group", &pg->name);
                for (size_t j = 0; j < s->ngroups && pg->name; j++)
                    if (s->plan[j].name && strcmp(s->plan[j].name, pg->name) == 0) {
                        ld_error(L, y, "group: a second plan group named '%s'", pg->name);
                        ok = false;
                    }
            }
            if ((y = G(pe, "vms")) == NULL) {
                ld_error(L, pe, "missing key 'vms' (the VM groups this plan group fails over)");
                ok = false;
            } else if (conv_refs(L, y, "vms", vn, "VM group", &pg->vms, &pg->nvms)) {
                for (size_t k = 0; k < pg->nvms; k++) {
                    if (prot[pg->vms[k]]) {
                        ld_error(L, y, "vms: VM group '%s' is already in another plan group",
                                 w->vms[pg->vms[k]].name);
                        ok = false;
                    }
                    prot[pg->vms[k]] = true;
                }
            } else {
                ok = false;
            }
            if ((y = G(pe, "then")) != NULL)
                ok &= conv_actions(L, y, pg);
            s->ngroups++;
        }
        uint64_t total = 0;
        for (size_t g = 0; g < w->nvms; g++)
            if (prot[g])
                total += w->vms[g].count;
        if (total > ASR_PLAN_MAX_VMS) {
            ld_error(L, plan, "plan: a recovery plan has at most %d VMs; this one has %llu "
                              "(a VM group counts each of its VMs)",
                     ASR_PLAN_MAX_VMS, (unsigned long long)total);
            ok = false;
        }
    } else {
        if (plan != NULL)
            ok = false;
        for (size_t g = 0; g < w->nvms; g++)
            prot[g] = true;
        uint64_t total = 0;
        for (size_t g = 0; g < w->nvms; g++)
            total += w->vms[g].count;
        if (plan == NULL && total > ASR_PLAN_MAX_VMS) {
            ld_error(L, e, "an asr strategy without a plan protects all %llu VMs in one "
                           "recovery plan, over its limit of %d VMs: give a plan",
                     (unsigned long long)total, ASR_PLAN_MAX_VMS);
            ok = false;
        }
    }
    uint64_t protected_vms = 0;
    bool any_unmanaged = false;
    for (size_t g = 0; g < w->nvms; g++) {
        if (!prot[g])
            continue;
        protected_vms += w->vms[g].count;
        for (size_t d = 0; d < w->vms[g].ndisks; d++)
            any_unmanaged |= w->vms[g].disks[d].kind == SCN_DISK_UNMANAGED;
        if (target_ok && w->vms[g].region == s->target) {
            ld_error(L, target_node, "target: %s is the region of VM group '%s'; Site Recovery "
                                     "replicates to another region",
                     w->regions[s->target].name, w->vms[g].name);
            ok = false;
        }
    }
    const ydoc_node *cg = G(e, "consistency_groups");
    if (cg != NULL && ld_list(L, cg, "consistency_groups")) {
        bool *in_group = arena_array(L->a, w->nvms + 1, sizeof *in_group);
        s->consistency = arena_array(L->a, cg->n, sizeof *s->consistency);
        if (in_group == NULL || (cg->n && s->consistency == NULL))
            return ld_oom(L);
        for (size_t i = 0; i < cg->n; i++) {
            const ydoc_node *ce = cg->items[i];
            scn_consistency_group *c = &s->consistency[s->nconsistency];
            *c = (scn_consistency_group){.pos = ld_pos(ce)};
            if (!ld_keys(L, ce, "a consistency group", cgroup_keys)) {
                ok = false;
                continue;
            }
            const ydoc_node *y;
            if ((y = G(ce, "name")) == NULL) {
                ld_error(L, ce, "missing key 'name' (a consistency group needs one)");
                ok = false;
            } else {
                ok &= ld_name(L, y, "name", &c->name);
            }
            if ((y = G(ce, "vms")) == NULL) {
                ld_error(L, ce, "missing key 'vms' (the VM groups replicated together)");
                ok = false;
            } else if (conv_refs(L, y, "vms", vn, "VM group", &c->vms, &c->nvms)) {
                uint64_t n = instances(w, c->vms, c->nvms);
                if (n > ASR_CONSISTENCY_GROUP_MAX_VMS) {
                    ld_error(L, y, "vms: a consistency group has at most %d VMs; this one has "
                                   "%llu", ASR_CONSISTENCY_GROUP_MAX_VMS, (unsigned long long)n);
                    ok = false;
                }
                for (size_t k = 0; k < c->nvms; k++) {
                    if (!prot[c->vms[k]]) {
                        ld_error(L, y, "vms: VM group '%s' is not in the recovery plan",
                                 w->vms[c->vms[k]].name);
                        ok = false;
                    }
                    if (in_group[c->vms[k]]) {
                        ld_error(L, y, "vms: VM group '%s' is already in another consistency "
                                       "group", w->vms[c->vms[k]].name);
                        ok = false;
                    }
                    in_group[c->vms[k]] = true;
                }
            } else {
                ok = false;
            }
            s->nconsistency++;
        }
    } else if (cg != NULL) {
        ok = false;
    }
    if ((x = G(e, "app_consistent_every")) != NULL) {
        double v;
        if (ld_value(L, x, "app_consistent_every", UNITS_DURATION, &v)) {
            if (v != 0 && v < ASR_APP_POINT_MIN_INTERVAL) {
                ld_error(L, x, "app_consistent_every: app-consistent points come at most once "
                               "an hour (1h or more, or 0 for none)");
                ok = false;
            } else {
                s->app_consistent_every = v;
            }
        } else {
            ok = false;
        }
    }
    if ((x = G(e, "recovery_point")) != NULL) {
        if (x->kind == YDOC_MAP) {
            if (ld_keys(L, x, "recovery_point", rp_custom_keys)) {
                const ydoc_node *y = G(x, "custom");
                double v;
                if (y == NULL) {
                    ld_error(L, x, "recovery_point: expected {custom: DURATION}");
                    ok = false;
                } else if (ld_value(L, y, "custom", UNITS_DURATION, &v)) {
                    s->recovery_point = SCN_RP_CUSTOM;
                    s->custom_age = v;
                    if (protected_vms != 1) {
                        ld_error(L, x, "recovery_point: a custom recovery point is for a single "
                                       "VM only; this strategy protects %llu VMs",
                                 (unsigned long long)protected_vms);
                        ok = false;
                    }
                } else {
                    ok = false;
                }
            } else {
                ok = false;
            }
        } else {
            int rp;
            if (ld_enum(L, x, "recovery_point", ld_recovery_point_names, &rp)) {
                s->recovery_point = (scn_recovery_point)rp;
                if (s->recovery_point == SCN_RP_LATEST_APP_CONSISTENT &&
                    s->app_consistent_every == 0) {
                    ld_error(L, x, "recovery_point: latest-app-consistent needs "
                                   "app-consistent points (app_consistent_every: 1h or more)");
                    ok = false;
                }
            } else {
                ok = false;
            }
        }
    }
    if ((x = G(e, "retention")) != NULL) {
        double v;
        if (ld_value(L, x, "retention", UNITS_DURATION, &v)) {
            double max = any_unmanaged ? ASR_RETENTION_MAX_UNMANAGED : ASR_RETENTION_MAX_MANAGED;
            if (v > max) {
                ld_error(L, x, "retention: Site Recovery keeps recovery points at most %s%s",
                         any_unmanaged ? "3d" : "15d",
                         any_unmanaged ? " when a protected VM has an unmanaged disk" : "");
                ok = false;
            } else {
                s->retention = v;
            }
        } else {
            ok = false;
        }
    }
    if ((x = G(e, "high_churn")) != NULL)
        ok &= ld_bool(L, x, "high_churn", &s->high_churn);
    if ((x = G(e, "replication")) != NULL) {
        if (ld_keys(L, x, "replication", replication_keys)) {
            const ydoc_node *y = G(x, "lag");
            if (y == NULL) {
                ld_error(L, x, "replication: expected lag: DURATION");
                ok = false;
            } else if (ld_dist(L, y, "lag", UNITS_DURATION, &s->fixed_lag)) {
                s->has_fixed_lag = true;
            } else {
                ok = false;
            }
        } else {
            ok = false;
        }
    }
    if ((x = G(e, "processing")) != NULL)
        ok &= ld_dist(L, x, "processing", UNITS_DURATION, &s->processing);
    if ((x = G(e, "process_rate")) != NULL) {
        if (ld_dist(L, x, "process_rate", UNITS_BYTE_RATE, &s->process_rate)) {
            if (!(dist_min(&s->process_rate) > 0)) {
                ld_error(L, x, "process_rate: must be greater than 0 (a distribution: every "
                               "draw, such as uniform(20MB/s, 80MB/s))");
                ok = false;
            }
        } else {
            ok = false;
        }
    }
    if ((x = G(e, "vm_create")) != NULL)
        ok &= ld_dist(L, x, "vm_create", UNITS_DURATION, &s->vm_create);
    if ((x = G(e, "capacity")) != NULL) {
        if (ld_keys(L, x, "capacity", capacity_keys)) {
            const ydoc_node *y;
            if ((y = G(x, "reserved")) != NULL)
                ok &= ld_bool(L, y, "reserved", &s->capacity_reserved);
            if ((y = G(x, "delay_probability")) != NULL)
                ok &= ld_dist(L, y, "delay_probability", UNITS_PROBABILITY,
                              &s->capacity_delay_probability);
            if ((y = G(x, "delay")) != NULL)
                ok &= ld_dist(L, y, "delay", UNITS_DURATION, &s->capacity_delay);
        } else {
            ok = false;
        }
    }
    if ((x = G(e, "test_failover")) != NULL) {
        if (ld_keys(L, x, "test_failover", test_keys)) {
            const ydoc_node *y = G(x, "at");
            if (y == NULL) {
                ld_error(L, x, "test_failover: expected at: DURATION (when the drill starts)");
                ok = false;
            } else if (ld_dist(L, y, "at", UNITS_DURATION, &s->test_at)) {
                s->test_failover = true;
            } else {
                ok = false;
            }
        } else {
            ok = false;
        }
    }
    if ((x = G(e, "commit")) != NULL)
        ok &= ld_dist(L, x, "commit", UNITS_DURATION, &s->commit);
    if ((x = G(e, "reprotect")) != NULL)
        ok &= ld_dist(L, x, "reprotect", UNITS_DURATION, &s->reprotect);
    if ((x = G(e, "fail_over_data")) != NULL)
        ok &= ld_bool(L, x, "fail_over_data", &s->fail_over_data);

    /* Churn against Site Recovery's limits: per disk, and per VM. */
    for (size_t g = 0; g < w->nvms; g++) {
        if (!prot[g])
            continue;
        const scn_vm_group *vg = &w->vms[g];
        double vm_churn = 0;
        for (size_t d = 0; d < vg->ndisks; d++) {
            const scn_disk *dk = &vg->disks[d];
            double churn = dist_mean(&dk->churn), io = dist_mean(&dk->io_size);
            double limit = churn_disk_limit(dk->kind == SCN_DISK_PREMIUM, dk->size, io);
            vm_churn += churn;
            if (churn > limit) {
                char c[32], l[32], sz[32], ios[32];
                units_format(UNITS_BYTE_RATE, churn, c, sizeof c);
                units_format(UNITS_BYTE_RATE, limit, l, sizeof l);
                units_format(UNITS_SIZE, dk->size, sz, sizeof sz);
                units_format(UNITS_SIZE, io, ios, sizeof ios);
                ld_warn_pos(L, dk->pos, "churn %s%s exceeds Site Recovery's %s limit for %s "
                                        "%s disk of %s at %s I/O (replication falls behind "
                                        "without bound)",
                            dist_is_const(&dk->churn) ? "" : "averaging ", c, l,
                            dk->kind == SCN_DISK_UNMANAGED ? "an" : "a",
                            ld_disk_kind_names[dk->kind], sz, ios);
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
    return ok;
}

static bool conv_strategy(ld *L, const ydoc_node *e, scn_strategy *s, const scn_world *w,
                          const names *rn, const names *vn)
{
    bool ok = true;
    *s = (scn_strategy){.kind = SCN_WAIT};
    s->pos = ld_pos(e);
    strategy_defaults(s);
    if (!ld_keys(L, e, "a strategy", strategy_keys))
        return false;
    const ydoc_node *x;
    if ((x = G(e, "name")) == NULL) {
        ld_error(L, e, "missing key 'name' (a strategy needs one)");
        ok = false;
    } else {
        ok &= ld_name(L, x, "name", &s->name);
    }
    if ((x = G(e, "kind")) == NULL) {
        ld_error(L, e, "missing key 'kind' (wait, geo-restore or asr)");
        return false;
    }
    int k;
    if (!ld_enum(L, x, "kind", ld_strategy_kind_names, &k))
        return false;
    s->kind = (scn_strategy_kind)k;
    /* Keys that do not apply to this kind. */
    for (size_t i = 0; i < e->n; i++) {
        const ydoc_node *key = e->items[2 * i];
        if (key->kind != YDOC_SCALAR)
            continue; /* ld_keys reported it */
        for (size_t j = 0; strategy_keys[j]; j++)
            if (strcmp(key->text, strategy_keys[j]) == 0 &&
                !(strategy_key_kinds[j] & (1u << k))) {
                unsigned m = strategy_key_kinds[j];
                ld_error(L, key, "%s: applies to %s strategies only, not to %s", key->text,
                         m == 2 ? "geo-restore" : m == 4 ? "asr" : "geo-restore and asr",
                         ld_strategy_kind_names[k]);
                ok = false;
            }
    }
    if (!ok)
        return false;
    const ydoc_node *decide = G(e, "decide"), *fo = G(e, "failover");
    if (decide != NULL)
        ok &= ld_dist(L, decide, "decide", UNITS_DURATION, &s->decide);
    if (fo != NULL) {
        if (ld_keys(L, fo, "failover", strategy_failover_keys)) {
            const ydoc_node *after = G(fo, "after"), *dur = G(fo, "duration");
            if (after && decide) {
                ld_error(L, after, "after: give decide (a delay after the alarm) or "
                                   "failover.after (after that much of the outage), not both");
                ok = false;
            } else if (after) {
                ok &= ld_dist(L, after, "after", UNITS_DURATION, &s->decide);
                s->decide_from_disruption = true;
            }
            if (dur) {
                if (ld_dist(L, dur, "duration", UNITS_DURATION, &s->failover_duration))
                    s->has_failover_duration = true;
                else
                    ok = false;
            }
        } else {
            ok = false;
        }
    }
    if ((x = G(e, "delete_vms")) != NULL)
        ok &= ld_dist(L, x, "delete_vms", UNITS_DURATION, &s->delete_vms);
    if ((x = G(e, "provision")) != NULL)
        ok &= ld_dist(L, x, "provision", UNITS_DURATION, &s->provision);
    if ((x = G(e, "failback")) != NULL) {
        if (ld_keys(L, x, "failback", failback_keys)) {
            s->failback = true;
            const ydoc_node *y;
            if ((y = G(x, "after")) != NULL)
                ok &= ld_dist(L, y, "after", UNITS_DURATION, &s->failback_after);
            if ((y = G(x, "planned")) != NULL)
                ok &= ld_bool(L, y, "planned", &s->failback_planned);
        } else {
            ok = false;
        }
    }
    if (s->kind == SCN_ASR)
        ok &= conv_asr(L, e, s, w, rn, vn);
    return ok;
}

/* ---- The world ------------------------------------------------------------------- */

static const char *const detection_keys[] = {"monitor", NULL};
static const char *const dns_keys[] = {"overstay_share", "overstay_max", NULL};

/* Reads a list section: returns its entry count (0 when absent or wrong). */
static size_t section(ld *L, const ydoc_node *root, const char *key, const ydoc_node **out,
                      bool *ok)
{
    *out = G(root, key);
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
    size_t n = w->nregions + w->naccounts + w->napps + w->noutages + nstrategies;
    for (size_t i = 0; i < w->nvms; i++)
        n += 1 + w->vms[i].ndisks;
    for (size_t i = 0; i < nstrategies; i++)
        n += strategies[i].ngroups + strategies[i].nconsistency;
    return n;
}

bool ld_world(ld *L, const ydoc_node *root, scn_world *w, scn_strategy **strategies,
              size_t *nstrategies)
{
    bool ok = true;
    memset(w, 0, sizeof *w);
    *strategies = NULL;
    *nstrategies = 0;
    const ydoc_node *x;
    w->horizon = DEF_HORIZON;
    if ((x = G(root, "horizon")) != NULL) {
        double v;
        if (ld_value(L, x, "horizon", UNITS_DURATION, &v)) {
            if (!(v > 0) || v > SCN_MAX_HORIZON) {
                ld_error(L, x, "horizon: expected more than 0s and at most 3650d");
                ok = false;
            } else {
                w->horizon = v;
            }
        } else {
            ok = false;
        }
    }
    names rn = {0}, an = {0}, vn = {0}, apn = {0};
    const ydoc_node *regions = G(root, "regions");
    if (regions != NULL && ydoc_is_null(regions))
        regions = NULL;
    ok &= conv_regions(L, regions, w, &rn);
    if (L->nomem)
        return false;

    const ydoc_node *list;
    size_t n = section(L, root, "storage", &list, &ok);
    w->accounts = arena_array(L->a, n, sizeof *w->accounts);
    an.v = arena_array(L->a, n, sizeof *an.v);
    if (w->accounts == NULL || an.v == NULL)
        return ld_oom(L);
    /* Names first: disks refer to accounts. */
    for (size_t i = 0; i < n; i++) {
        const ydoc_node *nm = G(list->items[i], "name");
        if (nm && nm->kind == YDOC_SCALAR)
            an.v[i] = nm->text;
    }
    an.n = w->naccounts = n;
    for (size_t i = 0; i < n; i++) {
        ok &= conv_account(L, list->items[i], &w->accounts[i], w, &rn);
        an.v[i] = w->accounts[i].name;
        unique_name(L, G(list->items[i], "name"), "storage account", &an, i);
    }

    n = section(L, root, "vms", &list, &ok);
    w->vms = arena_array(L->a, n, sizeof *w->vms);
    vn.v = arena_array(L->a, n, sizeof *vn.v);
    if (w->vms == NULL || vn.v == NULL)
        return ld_oom(L);
    w->nvms = vn.n = n;
    for (size_t i = 0; i < n; i++) {
        ok &= conv_vm(L, list->items[i], &w->vms[i], w, &rn, &an);
        vn.v[i] = w->vms[i].name;
        unique_name(L, G(list->items[i], "name"), "VM group", &vn, i);
    }
    if (L->nomem)
        return false;
    ok &= vm_totals(L, list, w);

    n = section(L, root, "apps", &list, &ok);
    w->apps = arena_array(L->a, n, sizeof *w->apps);
    apn.v = arena_array(L->a, n, sizeof *apn.v);
    if (w->apps == NULL || apn.v == NULL)
        return ld_oom(L);
    w->napps = apn.n = n;
    for (size_t i = 0; i < n; i++) {
        ok &= conv_app(L, list->items[i], &w->apps[i], &vn, &an);
        apn.v[i] = w->apps[i].name;
        unique_name(L, G(list->items[i], "name"), "app", &apn, i);
    }

    const_default(&w->monitor, DEF_MONITOR_DELAY);
    if ((x = G(root, "detection")) != NULL) {
        if (ld_keys(L, x, "detection", detection_keys)) {
            const ydoc_node *y = G(x, "monitor");
            if (y)
                ok &= ld_dist(L, y, "monitor", UNITS_DURATION, &w->monitor);
        } else {
            ok = false;
        }
    }
    const_default(&w->dns_overstay_share, DNS_OVERSTAY_SHARE);
    const_default(&w->dns_overstay_max, DNS_OVERSTAY_MAX);
    if ((x = G(root, "dns")) != NULL) {
        if (ld_keys(L, x, "dns", dns_keys)) {
            const ydoc_node *y;
            if ((y = G(x, "overstay_share")) != NULL)
                ok &= ld_dist(L, y, "overstay_share", UNITS_PROBABILITY,
                              &w->dns_overstay_share);
            if ((y = G(x, "overstay_max")) != NULL)
                ok &= ld_dist(L, y, "overstay_max", UNITS_DURATION, &w->dns_overstay_max);
        } else {
            ok = false;
        }
    }

    n = section(L, root, "outages", &list, &ok);
    w->outages = arena_array(L->a, n, sizeof *w->outages);
    if (w->outages == NULL)
        return ld_oom(L);
    w->noutages = n;
    for (size_t i = 0; i < n; i++)
        ok &= conv_outage(L, list->items[i], &w->outages[i], w, &rn);
    if (L->nomem)
        return false;

    n = section(L, root, "strategies", &list, &ok);
    const ydoc_node *sx = G(root, "strategies");
    if (sx == NULL) {
        ld_error(L, root, "missing key 'strategies' (at least one, such as - {name: wait, kind: "
                          "wait})");
        ok = false;
    } else if (n == 0 && (ydoc_is_null(sx) || sx->kind == YDOC_SEQ)) {
        ld_error(L, sx, "strategies: expected at least one strategy");
        ok = false;
    }
    scn_strategy *st = arena_array(L->a, n, sizeof *st);
    names sn = {arena_array(L->a, n, sizeof(char *)), n};
    if (st == NULL || sn.v == NULL)
        return ld_oom(L);
    for (size_t i = 0; i < n; i++) {
        ok &= conv_strategy(L, list->items[i], &st[i], w, &rn, &vn);
        sn.v[i] = st[i].name;
        unique_name(L, G(list->items[i], "name"), "strategy", &sn, i);
    }
    *strategies = st;
    *nstrategies = n;
    return ok && !L->nomem;
}
