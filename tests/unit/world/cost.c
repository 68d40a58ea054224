/*
 * cost.c — a variant's monthly bill, an outage's cost and the outage
 * catalogue's rate (models/world/cost.h), each against arithmetic done by
 * hand in the comments; the annual expectation against its closed form for
 * a Poisson number of outages a year.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "models/world/cost.h"
#include "sim/kernel/rng.h"
#include "tests/support/fixture.h"

#define GIB (1024.0 * 1024 * 1024)
#define MIB (1024.0 * 1024)
#define Z99 2.576

/* Round prices, so that every line is checked by hand. */
static void round_prices(scn_prices *p)
{
    *p = (scn_prices){.currency = "USD"};
    p->storage[SCN_TIER_HOT][SCN_GRS] = 0.05;
    p->geo_transfer = 0.02;
    p->vm_hour = 0.1;
    p->disk_standard = 0.05;
    p->disk_premium = 0.15;
    p->asr_instance = 25;
    p->asr_cache = 0.02;
    p->asr_cache_hours = 1;
    p->egress = 0.02;
}

/* A GRS account of 1 TiB written at 1 write/s of 1 MiB; two VMs "db", each a
 * premium 128 GiB OS disk (no churn) and a standard 128 GiB data disk
 * written at 1 MiB/s. */
static void small(fx *f, scn_strategy_kind kind)
{
    fx_init(f);
    round_prices(&f->w.prices);
    scn_account *a = fx_account(f, "data", SCN_GRS);
    a->writes.rate = fx_const(1);
    a->writes.size = fx_const(MIB);
    scn_vm_group *g = fx_vms(f, "db", 2, SCN_DISK_PREMIUM, SCN_NONE, 60, 600);
    g->disks[0].churn = fx_const(0);
    fx_disk(f, g, SCN_DISK_STANDARD, SCN_NONE, MIB);
    fx_strategy(f, kind);
}

static const cost_item *item(const cost_bill *b, const char *what)
{
    for (size_t i = 0; i < b->n; i++)
        if (strcmp(b->items[i].what, what) == 0)
            return &b->items[i];
    cr_assert_fail("no item '%s'", what);
    return NULL;
}

static void line(const cost_bill *b, const char *what, double qty, double monthly)
{
    const cost_item *it = item(b, what);
    cr_assert_float_eq(it->quantity, qty, 1e-9 * (1 + qty), "%s: quantity %.17g", what,
                       it->quantity);
    cr_assert_float_eq(it->monthly, monthly, 1e-9 * (1 + monthly), "%s: %.17g a month", what,
                       it->monthly);
}

/* By hand (a month = 730 h = 2,628,000 s):
 *   storage data: GRS         1024 GiB x 0.05                       =  51.20
 *   geo-replication transfer  1 MiB/s x 2,628,000 s = 2,628,000 MiB
 *                             = 2566.40625 GiB x 0.02               =  51.328125
 *   VMs db: instances         2 x 730 h = 1460 h x 0.1              = 146.00
 *   standard managed disks    2 x 128 GiB = 256 GiB x 0.05          =  12.80
 *   premium managed disks     256 GiB x 0.15                        =  38.40
 *                                                          wait total = 299.728125
 * Site Recovery adds (db protected: outside its target region):
 *   protected VMs             2 x 25                                =  50.00
 *   standard replica disks    256 GiB x 0.05                        =  12.80
 *   premium replica disks     256 GiB x 0.15                        =  38.40
 *   cache storage             2 x 1 MiB/s x 3600 s = 7200 MiB
 *                             = 7.03125 GiB x 0.02                  =   0.140625
 *   replication between regions 2 x 2,628,000 MiB = 5132.8125 GiB
 *                             x 0.02                                = 102.65625
 *                                                          asr total = 503.725 */
Test(cost, monthly_bill_by_hand)
{
    fx f;
    small(&f, SCN_WAIT);
    cost_bill b;
    err_msg e;
    cr_assert_eq(cost_bill_make(&f.w, &f.st, &b, &e), ERR_OK);
    cr_assert_str_eq(b.currency, "USD");
    cr_assert_eq(b.n, 5, "wait bills the world only: %zu items", b.n);
    line(&b, "storage data: GRS", 1024, 51.2);
    line(&b, "storage data: geo-replication transfer", 2566.40625, 51.328125);
    line(&b, "VMs db: instances", 1460, 146);
    line(&b, "VMs db: standard managed disks", 256, 12.8);
    line(&b, "VMs db: premium managed disks", 256, 38.4);
    cr_assert_float_eq(b.total, 299.728125, 1e-9);
    cost_bill_free(&b);

    small(&f, SCN_ASR);
    cr_assert_eq(cost_bill_make(&f.w, &f.st, &b, &e), ERR_OK);
    cr_assert_eq(b.n, 10);
    line(&b, "Site Recovery db: protected VMs", 2, 50);
    line(&b, "Site Recovery db: standard replica disks", 256, 12.8);
    line(&b, "Site Recovery db: premium replica disks", 256, 38.4);
    line(&b, "Site Recovery db: cache storage", 7.03125, 0.140625);
    line(&b, "Site Recovery db: replication between regions", 5132.8125, 102.65625);
    cr_assert_float_eq(b.total, 503.725, 1e-9);
    cost_bill_free(&b);
}

/* An LRS account has no geo-replication line; its storage at the LRS price. */
Test(cost, lrs_has_no_geo_transfer)
{
    fx f;
    small(&f, SCN_WAIT);
    f.accounts[0].redundancy = SCN_LRS;
    f.w.prices.storage[SCN_TIER_HOT][SCN_LRS] = 0.02;
    cost_bill b;
    err_msg e;
    cr_assert_eq(cost_bill_make(&f.w, &f.st, &b, &e), ERR_OK);
    cr_assert_eq(b.n, 4);
    line(&b, "storage data: LRS", 1024, 20.48);
    for (size_t i = 0; i < b.n; i++)
        cr_assert(strstr(b.items[i].what, "geo") == NULL, "%s", b.items[i].what);
    cost_bill_free(&b);
}

/* The access tier prices block blobs; the VHDs an account holds are page
 * blobs at the hot price. By hand: account "data", GRS, cool, 1 TiB of which
 * two 128 GiB VHDs of VM group "web" (256 GiB):
 *   storage data: GRS, VHDs (page blobs)   256 GiB x 0.05  = 12.80
 *   storage data: GRS, cool tier           768 GiB x 0.02  = 15.36
 * and hot again: one line, 1024 GiB x 0.05 = 51.20; cold: 768 x 0.01 = 7.68. */
Test(cost, access_tier_prices_block_blobs_and_leaves_vhds_hot)
{
    fx f;
    small(&f, SCN_WAIT);
    f.w.prices.storage[SCN_TIER_COOL][SCN_GRS] = 0.02;
    f.w.prices.storage[SCN_TIER_COLD][SCN_GRS] = 0.01;
    f.w.prices.storage[SCN_TIER_COOL][SCN_LRS] = 1.0; /* never the account's price */
    scn_vm_group *web = fx_vms(&f, "web", 2, SCN_DISK_UNMANAGED, 0, 60, 600);
    web->disks[0].size = 128 * GIB;
    f.accounts[0].access_tier = SCN_TIER_COOL;
    cost_bill b;
    err_msg e;
    cr_assert_eq(cost_bill_make(&f.w, &f.st, &b, &e), ERR_OK);
    line(&b, "storage data: GRS, VHDs (page blobs)", 256, 12.8);
    line(&b, "storage data: GRS, cool tier", 768, 15.36);
    cost_bill_free(&b);

    f.accounts[0].access_tier = SCN_TIER_COLD;
    cr_assert_eq(cost_bill_make(&f.w, &f.st, &b, &e), ERR_OK);
    line(&b, "storage data: GRS, cold tier", 768, 7.68);
    cost_bill_free(&b);

    f.accounts[0].access_tier = SCN_TIER_HOT;
    cr_assert_eq(cost_bill_make(&f.w, &f.st, &b, &e), ERR_OK);
    line(&b, "storage data: GRS", 1024, 51.2);
    for (size_t i = 0; i < b.n; i++)
        cr_assert(strstr(b.items[i].what, "tier") == NULL &&
                      strstr(b.items[i].what, "VHDs") == NULL,
                  "a hot account is one line: %s", b.items[i].what);
    cost_bill_free(&b);
}

/* A premium block blob account is billed at the premium price of its
 * redundancy (LRS or ZRS), never the standard one. By hand: 1 TiB at 0.15
 * (LRS) = 153.60; at 0.2 (ZRS) = 204.80. */
Test(cost, premium_block_blobs_at_the_premium_price)
{
    fx f;
    small(&f, SCN_WAIT);
    f.accounts[0].redundancy = SCN_LRS;
    f.accounts[0].premium_block_blobs = true;
    f.w.prices.storage[SCN_TIER_HOT][SCN_LRS] = 0.02;
    f.w.prices.storage_premium[0] = 0.15;
    f.w.prices.storage_premium[1] = 0.2;
    cost_bill b;
    err_msg e;
    cr_assert_eq(cost_bill_make(&f.w, &f.st, &b, &e), ERR_OK);
    line(&b, "storage data: LRS, premium block blobs", 1024, 153.6);
    cost_bill_free(&b);
    f.accounts[0].redundancy = SCN_ZRS;
    cr_assert_eq(cost_bill_make(&f.w, &f.st, &b, &e), ERR_OK);
    line(&b, "storage data: ZRS, premium block blobs", 1024, 204.8);
    cost_bill_free(&b);
}

/* Every region of a Cosmos DB account is billed its throughput; multi-region
 * writes double the price (optimize-cost-regions.md: 0.008 and 0.016 per
 * 100 RU/s-hour). By hand: "orders", written in West Europe and read in two
 * more regions: 3 region-months x 20 = 60; with multi-region writes,
 * 3 x 40 = 120. */
Test(cost, cosmos_regions_and_multi_region_writes)
{
    fx f;
    small(&f, SCN_WAIT);
    f.w.prices.cosmos_region_month = 20;
    f.w.prices.cosmos_multi_write_region_month = 40;
    const uint32_t reads[] = {FX_NORTHEUROPE, FX_GERMANYWC};
    scn_cosmos *c = fx_cosmos(&f, "orders", SCN_CONS_SESSION, reads, 2);
    cost_bill b;
    err_msg e;
    cr_assert_eq(cost_bill_make(&f.w, &f.st, &b, &e), ERR_OK);
    line(&b, "Cosmos DB orders: regions", 3, 60);
    cost_bill_free(&b);

    c->multi_region_writes = true;
    cr_assert_eq(cost_bill_make(&f.w, &f.st, &b, &e), ERR_OK);
    line(&b, "Cosmos DB orders: regions (multi-region writes)", 3, 120);
    for (size_t i = 0; i < b.n; i++)
        cr_assert(strcmp(b.items[i].what, "Cosmos DB orders: regions") != 0,
                  "a multi-write account is not billed twice");
    cost_bill_free(&b);
}

/* A data service is billed where an app of the variant keeps its data on it
 * (a sweep over data: compares the alternatives' prices): with an app whose
 * data is not "data", that account is not billed; an account holding VHDs
 * is, app or not; with no app at all, every account is the data. */
Test(cost, only_the_data_a_variant_uses_is_billed)
{
    fx f;
    small(&f, SCN_WAIT);
    fx_account(&f, "other", SCN_LRS);
    f.w.prices.storage[SCN_TIER_HOT][SCN_LRS] = 0.02;
    cr_assert_eq(f.w.napps, 1);
    cr_assert_eq(f.app.ndata, 2, "fx_account makes each account the app's data");
    f.app.ndata = 1; /* the app keeps its data on "data" only */
    cost_bill b;
    err_msg e;
    cr_assert_eq(cost_bill_make(&f.w, &f.st, &b, &e), ERR_OK);
    line(&b, "storage data: GRS", 1024, 51.2);
    for (size_t i = 0; i < b.n; i++)
        cr_assert(strncmp(b.items[i].what, "storage other", 13) != 0, "unused: %s",
                  b.items[i].what);
    cost_bill_free(&b);

    f.data[0] = 1; /* on "other" only */
    cr_assert_eq(cost_bill_make(&f.w, &f.st, &b, &e), ERR_OK);
    line(&b, "storage other: LRS", 1024, 20.48);
    for (size_t i = 0; i < b.n; i++)
        cr_assert(strncmp(b.items[i].what, "storage data", 12) != 0, "unused: %s",
                  b.items[i].what);
    cost_bill_free(&b);

    fx_vms(&f, "legacy", 1, SCN_DISK_UNMANAGED, 0, 60, 600); /* a VHD on "data" */
    cr_assert_eq(cost_bill_make(&f.w, &f.st, &b, &e), ERR_OK);
    line(&b, "storage data: GRS", 1024, 51.2);
    cost_bill_free(&b);

    f.w.napps = 0; /* no app: every account is the data */
    fx_account(&f, "third", SCN_LRS);
    cr_assert_eq(cost_bill_make(&f.w, &f.st, &b, &e), ERR_OK);
    line(&b, "storage other: LRS", 1024, 20.48);
    line(&b, "storage third: LRS", 1024, 20.48);
    cost_bill_free(&b);
}

/* By hand: 2 h down x 1000 + 0.5 h read-only x 400 + 1 h degraded x 100
 * + 100 writes x 0.5 + 2 GiB x 300 + 50,000 once (data gone for good)
 * = 2000 + 200 + 100 + 50 + 600 + 50,000 = 52,950. */
Test(cost, outage_cost_of_a_trial_by_hand)
{
    scn_business b = {.given = true, .down_per_hour = 1000, .read_only_per_hour = 400,
                      .degraded_per_hour = 100, .per_write_lost = 0.5, .per_gib_lost = 300,
                      .lost_for_good = 50000};
    oc_trial t;
    oc_trial_init(&t, 0);
    oc_set(&t, OC_FULLY_DOWN, 2 * 3600.0);
    oc_set(&t, OC_READ_ONLY, 1800);
    oc_set(&t, OC_DEGRADED, 3600);
    oc_set(&t, OC_DATA_LOSS_WRITES, 100);
    oc_set(&t, OC_DATA_LOSS_BYTES, 2 * GIB);
    oc_set(&t, OC_DATA_LOST_ALL, 1);
    cr_assert_float_eq(cost_outage(&b, &t), 52950, 1e-9);
    cost_set_outage(&b, &t);
    cr_assert(t.present[OC_OUTAGE_COST]);
    cr_assert_float_eq(t.value[OC_OUTAGE_COST], 52950, 1e-9);
    /* Nothing lost for good: the one-off figure is not counted. */
    oc_set(&t, OC_DATA_LOST_ALL, 0);
    cr_assert_float_eq(cost_outage(&b, &t), 2950, 1e-9);
}

/* Without business figures the outage cost is n/a (absent), never 0: in a
 * trial the world runs, as in the function. */
Test(cost, no_business_figures_is_not_applicable)
{
    scn_business none = {0};
    oc_trial t;
    oc_trial_init(&t, 0);
    oc_set(&t, OC_FULLY_DOWN, 3600);
    cr_assert(isnan(cost_outage(&none, &t)));
    cost_set_outage(&none, &t);
    cr_assert(!t.present[OC_OUTAGE_COST]);

    fx f;
    fx_small(&f, SCN_WAIT, "wait");
    oc_trial out[4];
    fx_run(&f, 7, 4, out);
    for (int k = 0; k < 4; k++)
        cr_assert(!out[k].present[OC_OUTAGE_COST], "trial %d", k);
    /* With them, every trial has one: 1000 an hour serving nothing. */
    f.w.business = (scn_business){.given = true, .down_per_hour = 1000};
    fx_run(&f, 7, 4, out);
    for (int k = 0; k < 4; k++) {
        cr_assert(out[k].present[OC_OUTAGE_COST], "trial %d", k);
        cr_assert_float_eq(out[k].value[OC_OUTAGE_COST],
                           out[k].value[OC_FULLY_DOWN] / 3600 * 1000, 1e-6);
    }
}

/* The scenario's disruption is its first outage's kind: transient when its
 * destructive probability is 0, destructive when 1, both otherwise. */
Test(cost, rate_per_year_by_kind)
{
    fx f;
    fx_init(&f);
    cr_assert_eq(cost_rate_per_year(&f.w), 0, "no outage: none a year");
    f.w.risk = (scn_risk){.per_year = {{0.2, 0.001}, {0.3, 0.002}, {0.5, 0.005}}};
    scn_outage *o = fx_outage(&f, SCN_SCOPE_ZONE, fx_const(3600), fx_const(3600), 0);
    cr_assert_float_eq(cost_rate_per_year(&f.w), 0.3, 1e-12);
    o->destructive = fx_const(1);
    cr_assert_float_eq(cost_rate_per_year(&f.w), 0.002, 1e-12);
    o->destructive = fx_const(0.25);
    cr_assert_float_eq(cost_rate_per_year(&f.w), 0.302, 1e-12);
    o->scope = SCN_SCOPE_REGION;
    o->destructive = fx_const(0);
    cr_assert_float_eq(cost_rate_per_year(&f.w), 0.2, 1e-12);
}

/* Poisson draw by inversion (small means). */
static unsigned poisson(rng *r, double lambda)
{
    double p = exp(-lambda), s = p, u = rng_unit(r);
    unsigned k = 0;
    while (u > s && k < 1000) {
        k++;
        p *= lambda / k;
        s += p;
    }
    return k;
}

/* The annual expectation's closed form: with N ~ Poisson(lambda) outages a
 * year, each down exactly d, the downtime of a year is N d, whose
 * expectation is lambda d (Wald: E[N] E[d]). drsim's annual figure is
 * rate x the trials' mean: with every trial down d (a wait strategy, a
 * constant outage, no delays), the mean is d and the figure lambda d
 * exactly; the series of E[N d] gives the same, and a simulation of
 * 200,000 years agrees within its 99 % interval. */
Test(cost, annual_downtime_is_rate_times_duration)
{
    const double lambda = 0.5, d = 5 * 3600.0;
    fx f;
    fx_init(&f);
    fx_vms(&f, "web", 1, SCN_DISK_STANDARD, SCN_NONE, 0, 600);
    f.w.vms[0].disks[0].churn = fx_const(0);
    f.w.risk.per_year[SCN_SCOPE_REGION][0] = lambda;
    fx_outage(&f, SCN_SCOPE_REGION, fx_const(3600), fx_const(d), 0);
    oc_trial out[8];
    fx_run(&f, 11, 8, out);
    double mean = 0;
    for (int k = 0; k < 8; k++) {
        cr_assert_float_eq(out[k].value[OC_RTO], d, 1e-6, "trial %d: %.17g", k,
                           out[k].value[OC_RTO]);
        mean += out[k].value[OC_RTO] / 8;
    }
    double annual = cost_rate_per_year(&f.w) * mean;
    cr_assert_float_eq(annual, lambda * d, 1e-6);

    /* The expectation of N d by its series, sum over k of k d P(N = k). */
    double series = 0, pk = exp(-lambda);
    for (int k = 1; k < 60; k++) {
        pk *= lambda / k;
        series += k * d * pk;
    }
    cr_assert_float_eq(series, annual, 1e-9 * annual);

    rng r = rng_stream(20261204, 0, 1);
    const int years = 200000;
    double sum = 0, sum2 = 0;
    for (int y = 0; y < years; y++) {
        double x = poisson(&r, lambda) * d;
        sum += x;
        sum2 += x * x;
    }
    double m = sum / years, sd = sqrt((sum2 - years * m * m) / (years - 1));
    cr_assert(fabs(m - annual) <= Z99 * sd / sqrt(years), "simulated %.1f s a year, closed form "
              "%.1f", m, annual);
}
