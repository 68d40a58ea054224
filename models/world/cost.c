/*
 * cost.c — a variant's monthly bill, an outage's cost, the outage
 * catalogue's rate (cost.h).
 *
 * The bill walks the world in the scenario's order (storage accounts, VM
 * groups, SQL failover groups, Cosmos DB accounts, backup policies), then
 * the strategy's additions, so two variants' bills line up item by item.
 * Items with no quantity (an account without writes has no geo-replication
 * traffic) are left out.
 *
 * Invariants: every item's monthly cost is its quantity times its unit
 * price; the total is the sum of the items, added in order.
 */
#include "models/world/cost.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "models/scenario/fields.h"
#include "sim/core/mem.h"

#define GIB (1024.0 * 1024.0 * 1024.0)
#define MONTH_S (COST_MONTH_HOURS * 3600.0)

static err_code add(cost_bill *b, double quantity, const char *unit, double price, err_msg *e,
                    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static err_code add(cost_bill *b, double quantity, const char *unit, double price, err_msg *e,
                    const char *fmt, ...)
{
    if (!(quantity > 0))
        return ERR_OK;
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 16;
        cost_item *items = mem_realloc(b->items, cap * sizeof *items);
        if (items == NULL)
            return err_set(e, ERR_NOMEM, "out of memory (the bill of a variant)");
        b->items = items;
        b->cap = cap;
    }
    cost_item *it = &b->items[b->n++];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(it->what, sizeof it->what, fmt, ap);
    va_end(ap);
    it->quantity = quantity;
    it->unit = unit;
    it->unit_price = price;
    it->monthly = quantity * price;
    b->total += it->monthly;
    return ERR_OK;
}

/* Bytes of account a that are VHDs (page blobs: never tiered). */
static double vhd_bytes(const scn_world *w, size_t a)
{
    double bytes = 0;
    for (size_t g = 0; g < w->nvms; g++)
        for (size_t d = 0; d < w->vms[g].ndisks; d++) {
            const scn_disk *k = &w->vms[g].disks[d];
            if (k->kind == SCN_DISK_UNMANAGED && k->account == (int32_t)a)
                bytes += w->vms[g].count * k->size;
        }
    return bytes;
}

/* An account's storage: a premium block blob account at its premium price;
 * else at its redundancy's price in its access tier, the VHDs it holds (page
 * blobs) at the hot tier's (cost.h). One line when the tier is hot, so a hot
 * account's bill reads as it always has. */
static err_code bill_account(const scn_world *w, size_t a, cost_bill *b, err_msg *e)
{
    const scn_account *ac = &w->accounts[a];
    const scn_prices *p = &w->prices;
    const char *red = fld_redundancy_names[ac->redundancy];
    if (ac->premium_block_blobs) /* LRS or ZRS (the loader refuses the others) */
        return add(b, ac->size / GIB, "GiB-month",
                   p->storage_premium[ac->redundancy == SCN_ZRS ? 1 : 0], e,
                   "storage %s: %s, premium block blobs", ac->name, red);
    if (ac->access_tier == SCN_TIER_HOT)
        return add(b, ac->size / GIB, "GiB-month", p->storage[SCN_TIER_HOT][ac->redundancy], e,
                   "storage %s: %s", ac->name, red);
    double vhds = fmin(vhd_bytes(w, a), ac->size);
    err_code rc = add(b, vhds / GIB, "GiB-month", p->storage[SCN_TIER_HOT][ac->redundancy], e,
                      "storage %s: %s, VHDs (page blobs)", ac->name, red);
    if (rc == ERR_OK)
        rc = add(b, (ac->size - vhds) / GIB, "GiB-month",
                 p->storage[ac->access_tier][ac->redundancy], e, "storage %s: %s, %s tier",
                 ac->name, red, fld_access_tier_names[ac->access_tier]);
    return rc;
}

static bool geo_redundant(scn_redundancy r)
{
    return r == SCN_GRS || r == SCN_RA_GRS || r == SCN_GZRS || r == SCN_RA_GZRS;
}

/* Bytes a month of a stream of writes, at its mean rate and size. */
static double writes_month(const scn_writes *wr)
{
    return dist_mean(&wr->rate) * dist_mean(&wr->size) * MONTH_S;
}

/* Whether Site Recovery strategy s protects VM group g: the groups of its
 * recovery plan when it has one; else every group deployed on its own (not
 * another region's copy of a tier) outside the target region (zone to zone:
 * in it). */
static bool asr_protects(const scn_world *w, const scn_strategy *s, size_t g)
{
    if (s->ngroups > 0) {
        for (size_t i = 0; i < s->ngroups; i++)
            for (size_t k = 0; k < s->plan[i].nvms; k++)
                if (s->plan[i].vms[k] == g)
                    return true;
        return false;
    }
    const scn_vm_group *v = &w->vms[g];
    if (v->tier != SCN_NONE)
        return false;
    return s->target_zone > 0 ? v->region == s->target : v->region != s->target;
}

/* Which kind of data service a variant's apps name in their data. */
typedef enum { DATA_ACCOUNT, DATA_SQL, DATA_COSMOS } data_kind;

/* Whether some app of the variant keeps its data on service i of `kind`;
 * with no app, every service is the data (as models/world/apps.c reads it). */
static bool used_as_data(const scn_world *w, data_kind kind, size_t i)
{
    if (w->napps == 0)
        return true;
    for (size_t k = 0; k < w->napps; k++) {
        const scn_app *app = &w->apps[k];
        const uint32_t *list = kind == DATA_ACCOUNT ? app->data
                               : kind == DATA_SQL   ? app->sql
                                                    : app->cosmos;
        size_t n = kind == DATA_ACCOUNT ? app->ndata : kind == DATA_SQL ? app->nsql : app->ncosmos;
        for (size_t j = 0; j < n; j++)
            if (list[j] == i)
                return true;
    }
    return false;
}

static err_code bill_world(const scn_world *w, cost_bill *b, err_msg *e)
{
    const scn_prices *p = &w->prices;
    err_code rc = ERR_OK;
    for (size_t a = 0; a < w->naccounts && rc == ERR_OK; a++) {
        const scn_account *ac = &w->accounts[a];
        if (!used_as_data(w, DATA_ACCOUNT, a) && vhd_bytes(w, a) == 0)
            continue;
        rc = bill_account(w, a, b, e);
        if (rc == ERR_OK && geo_redundant(ac->redundancy))
            rc = add(b, writes_month(&ac->writes) / GIB, "GiB", p->geo_transfer, e,
                     "storage %s: geo-replication transfer", ac->name);
        if (rc == ERR_OK && geo_redundant(ac->redundancy) && ac->priority_replication)
            rc = add(b, writes_month(&ac->writes) / GIB, "GiB", p->geo_priority, e,
                     "storage %s: Geo Priority Replication", ac->name);
    }
    for (size_t g = 0; g < w->nvms && rc == ERR_OK; g++) {
        const scn_vm_group *v = &w->vms[g];
        double std = 0, prem = 0;
        for (size_t d = 0; d < v->ndisks; d++) {
            if (v->disks[d].kind == SCN_DISK_UNMANAGED)
                continue; /* a page blob: its account's storage */
            if (v->disks[d].kind == SCN_DISK_STANDARD)
                std += v->disks[d].size;
            else
                prem += v->disks[d].size;
        }
        rc = add(b, v->count * COST_MONTH_HOURS, "instance-hour", p->vm_hour, e,
                 "VMs %s: instances", v->name);
        if (rc == ERR_OK)
            rc = add(b, v->count * std / GIB, "GiB-month", p->disk_standard, e,
                     "VMs %s: standard managed disks", v->name);
        if (rc == ERR_OK)
            rc = add(b, v->count * prem / GIB, "GiB-month", p->disk_premium, e,
                     "VMs %s: premium managed disks", v->name);
    }
    for (size_t q = 0; q < w->nsql && rc == ERR_OK; q++) {
        if (!used_as_data(w, DATA_SQL, q))
            continue;
        rc = add(b, 1, "database-month", p->sql_month, e, "SQL %s: primary", w->sql[q].name);
        if (rc == ERR_OK)
            rc = add(b, 1, "database-month", p->sql_month, e, "SQL %s: geo-secondary",
                     w->sql[q].name);
    }
    for (size_t c = 0; c < w->ncosmos && rc == ERR_OK; c++) {
        const scn_cosmos *cd = &w->cosmos[c];
        if (!used_as_data(w, DATA_COSMOS, c))
            continue;
        double regions = 1.0 + (double)cd->nread_regions;
        if (cd->multi_region_writes)
            rc = add(b, regions, "region-month", p->cosmos_multi_write_region_month, e,
                     "Cosmos DB %s: regions (multi-region writes)", cd->name);
        else
            rc = add(b, regions, "region-month", p->cosmos_region_month, e,
                     "Cosmos DB %s: regions", cd->name);
    }
    for (size_t k = 0; k < w->nbackups && rc == ERR_OK; k++) {
        const scn_backup *bk = &w->backups[k];
        double vms = 0, bytes = 0;
        for (size_t i = 0; i < bk->nvms; i++) {
            const scn_vm_group *v = &w->vms[bk->vms[i]];
            vms += v->count;
            for (size_t d = 0; d < v->ndisks; d++)
                bytes += v->count * v->disks[d].size;
        }
        rc = add(b, vms, "instance-month", p->backup_instance, e, "backup %s: protected VMs",
                 bk->name);
        if (rc == ERR_OK)
            rc = add(b, bytes / GIB, "GiB-month", p->backup_storage, e,
                     "backup %s: vault storage (%s)", bk->name,
                     fld_redundancy_names[bk->vault]);
    }
    return rc;
}

static err_code bill_asr(const scn_world *w, const scn_strategy *s, cost_bill *b, err_msg *e)
{
    const scn_prices *p = &w->prices;
    err_code rc = ERR_OK;
    for (size_t g = 0; g < w->nvms && rc == ERR_OK; g++) {
        if (!asr_protects(w, s, g))
            continue;
        const scn_vm_group *v = &w->vms[g];
        double std = 0, prem = 0, churn = 0;
        for (size_t d = 0; d < v->ndisks; d++) {
            const scn_disk *k = &v->disks[d];
            /* A VHD is replicated to a managed disk: a standard one. */
            if (k->kind == SCN_DISK_STANDARD || k->kind == SCN_DISK_UNMANAGED)
                std += k->size;
            else
                prem += k->size;
            churn += dist_mean(&k->churn);
        }
        rc = add(b, v->count, "instance-month", p->asr_instance, e,
                 "Site Recovery %s: protected VMs", v->name);
        if (rc == ERR_OK)
            rc = add(b, v->count * std / GIB, "GiB-month", p->disk_standard, e,
                     "Site Recovery %s: standard replica disks", v->name);
        if (rc == ERR_OK)
            rc = add(b, v->count * prem / GIB, "GiB-month", p->disk_premium, e,
                     "Site Recovery %s: premium replica disks", v->name);
        if (rc == ERR_OK)
            rc = add(b, v->count * churn * p->asr_cache_hours * 3600.0 / GIB, "GiB-month",
                     p->asr_cache, e, "Site Recovery %s: cache storage", v->name);
        if (rc == ERR_OK && s->target_zone == 0)
            rc = add(b, v->count * churn * MONTH_S / GIB, "GiB", p->egress, e,
                     "Site Recovery %s: replication between regions", v->name);
    }
    return rc;
}

err_code cost_bill_make(const scn_world *w, const scn_strategy *s, cost_bill *out, err_msg *e)
{
    memset(out, 0, sizeof *out);
    out->currency = w->prices.currency ? w->prices.currency : "";
    err_code rc = bill_world(w, out, e);
    if (rc == ERR_OK && (s->kind == SCN_ASR || s->site_recovery))
        rc = bill_asr(w, s, out, e);
    if (rc != ERR_OK)
        cost_bill_free(out);
    return rc;
}

void cost_bill_free(cost_bill *b)
{
    if (b == NULL)
        return;
    mem_free(b->items);
    const char *currency = b->currency;
    memset(b, 0, sizeof *b);
    b->currency = currency;
}

double cost_outage(const scn_business *b, const oc_trial *t)
{
    if (!b->given)
        return NAN;
    /* A metric the trial did not measure counts nothing. */
    double v[OC_NMETRICS];
    for (int m = 0; m < OC_NMETRICS; m++)
        v[m] = t->present[m] && isfinite(t->value[m]) ? t->value[m] : 0;
    return v[OC_FULLY_DOWN] / 3600.0 * b->down_per_hour +
           v[OC_READ_ONLY] / 3600.0 * b->read_only_per_hour +
           v[OC_DEGRADED] / 3600.0 * b->degraded_per_hour +
           v[OC_DATA_LOSS_WRITES] * b->per_write_lost +
           v[OC_DATA_LOSS_BYTES] / GIB * b->per_gib_lost +
           (v[OC_DATA_LOST_ALL] > 0 ? b->lost_for_good : 0);
}

void cost_set_outage(const scn_business *b, oc_trial *t)
{
    if (b->given)
        oc_set(t, OC_OUTAGE_COST, cost_outage(b, t));
}

double cost_rate_per_year(const scn_world *w)
{
    if (w->noutages == 0)
        return 0;
    const scn_outage *o = &w->outages[0];
    const double *r = w->risk.per_year[o->scope];
    if (dist_max(&o->destructive) <= 0)
        return r[0];
    if (dist_min(&o->destructive) >= 1)
        return r[1];
    return r[0] + r[1];
}

double cost_destroyed_per_year(const scn_world *w)
{
    if (w->noutages == 0 || dist_max(&w->outages[0].destructive) <= 0)
        return 0;
    return w->risk.per_year[w->outages[0].scope][1];
}
