/*
 * costview.c — a variant's running cost and its year, through the store
 * (reports/store/cost.c, reports/text/costview.c): what was stored reads
 * back item by item; the year is the rate times the trials' mean, exactly
 * (a constant outage: the closed form λ·d, its interval collapsed on it);
 * without business figures the outage cost and the total are n/a; --json
 * carries the bill; a merged (copied) run keeps it.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports/store/store.h"
#include "reports/text/costview.h"
#include "tests/support/helpers.h"

#define LAMBDA 0.5
#define D (5 * 3600.0)
#define OUTAGE 12345.0

/* A run of one variant "asr" of 4 trials, each down exactly D (and, with
 * `business`, costing OUTAGE), with a bill of two items. */
static int64_t write_run(const char *db, bool business)
{
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(db, STORE_WRITE, &st, &e), ERR_OK, "%s", e.text);
    store_new_run nr = {.scenario_name = "costs", .sha256 = business ? "c1" : "c2",
                        .source = "drsim: 1\n", .source_len = 9, .seed = 1, .trials = 4,
                        .trial_end = 4, .shard_index = 1, .shard_count = 1,
                        .argv = "[\"drsim\"]"};
    int64_t id = 0;
    cr_assert_eq(store_run_begin(st, &nr, &id, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(store_run_variant(st, 0, "asr", "asr", "{}", &e), ERR_OK);
    for (uint64_t k = 0; k < 4; k++) {
        oc_trial t;
        oc_trial_init(&t, k);
        oc_set(&t, OC_RTO, D);
        oc_set(&t, OC_DATA_LOSS_BYTES, 1024.0 * (double)k);
        if (business)
            oc_set(&t, OC_OUTAGE_COST, OUTAGE);
        cr_assert_eq(store_run_trial(st, 0, &t, &e), ERR_OK, "%s", e.text);
    }
    cr_assert_eq(store_run_publish(st, &e), ERR_OK, "%s", e.text);
    store_cost_item items[2] = {
        {.what = "storage data: GRS", .quantity = 1024, .unit = "GiB-month",
         .unit_price = 0.05, .monthly = 51.2},
        {.what = "Site Recovery db: protected VMs", .quantity = 2, .unit = "instance-month",
         .unit_price = 25, .monthly = 50},
    };
    store_cost c = {.currency = "USD", .monthly = 101.2, .per_year = LAMBDA, .items = items,
                    .n = 2};
    cr_assert_eq(store_run_cost(st, 0, &c, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(store_run_finish(st, &e), ERR_OK, "%s", e.text);
    store_close(st);
    return id;
}

static int64_t variant_of(store *st, int64_t run)
{
    store_variant *v = NULL;
    size_t n = 0;
    err_msg e;
    cr_assert_eq(store_variants(st, run, &v, &n, &e), ERR_OK);
    cr_assert_eq(n, 1);
    int64_t id = v[0].id;
    store_variants_free(v, n);
    return id;
}

Test(costview, the_bill_reads_back_and_the_year_is_rate_times_mean)
{
    char db[512];
    snprintf(db, sizeof db, "%s/costs.db", th_tmpdir());
    int64_t run = write_run(db, true);
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(db, STORE_READ, &st, &e), ERR_OK);
    int64_t vid = variant_of(st, run);
    store_cost c;
    cr_assert_eq(store_cost_get(st, vid, &c, &e), ERR_OK, "%s", e.text);
    cr_assert_str_eq(c.currency, "USD");
    cr_assert_eq(c.n, 2);
    cr_assert_str_eq(c.items[1].what, "Site Recovery db: protected VMs");
    cr_assert_str_eq(c.items[1].unit, "instance-month");
    cr_assert_float_eq(c.items[0].monthly, 51.2, 1e-12);
    cr_assert_float_eq(c.monthly, 101.2, 1e-12);
    costv_annual a;
    cr_assert_eq(costv_annual_get(st, vid, &c, &a, &e), ERR_OK, "%s", e.text);
    /* λ·d: 0.5 a year x 5 h = 9000 s, the interval collapsed (every trial
     * the same); data lost 0.5 x mean(0, 1, 2, 3 KiB) = 768 B; the outage
     * cost 0.5 x 12345 = 6172.5, the total 12 x 101.2 + 6172.5 = 7386.9. */
    for (int k = 0; k < 3; k++) {
        cr_assert_float_eq(a.downtime[k], LAMBDA * D, 1e-9, "%d: %.17g", k, a.downtime[k]);
        cr_assert_float_eq(a.outage[k], LAMBDA * OUTAGE, 1e-9);
        cr_assert_float_eq(a.total[k], 12 * 101.2 + LAMBDA * OUTAGE, 1e-9);
    }
    cr_assert_float_eq(a.bytes_lost[0], 768, 1e-9);
    cr_assert(a.bytes_lost[1] < 768 && a.bytes_lost[2] > 768, "its interval around it");

    jw w;
    jw_init(&w, 0);
    jw_obj_begin(&w);
    cr_assert_eq(costv_json(st, vid, &w, &e), ERR_OK);
    jw_obj_end(&w);
    const char *json = jw_text(&w);
    cr_assert(strstr(json, "\"currency\":\"USD\"") != NULL, "%s", json);
    cr_assert(strstr(json, "\"item\":\"storage data: GRS\"") != NULL, "%s", json);
    cr_assert(strstr(json, "\"unit_price\":25") != NULL, "%s", json);
    cr_assert(strstr(json, "\"outage_cost\":{\"expected\":6172.5") != NULL, "%s", json);
    jw_free(&w);
    store_cost_clear(&c);
    store_close(st);
}

Test(costview, without_business_figures_the_outage_and_total_are_not_applicable)
{
    char db[512];
    snprintf(db, sizeof db, "%s/nobiz.db", th_tmpdir());
    int64_t run = write_run(db, false);
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(db, STORE_READ, &st, &e), ERR_OK);
    int64_t vid = variant_of(st, run);
    store_cost c;
    cr_assert_eq(store_cost_get(st, vid, &c, &e), ERR_OK);
    costv_annual a;
    cr_assert_eq(costv_annual_get(st, vid, &c, &a, &e), ERR_OK);
    cr_assert(isnan(a.outage[0]) && isnan(a.total[0]), "n/a, not 0: %g", a.outage[0]);
    cr_assert_float_eq(a.downtime[0], LAMBDA * D, 1e-9);
    char text[160];
    costv_total_text(&a, text, sizeof text);
    cr_assert(strncmp(text, "n/a", 3) == 0, "%s", text);
    store_cost_clear(&c);
    store_close(st);
}

Test(costview, a_merged_run_keeps_its_bill)
{
    char a[512], b[512];
    snprintf(a, sizeof a, "%s/in.db", th_tmpdir());
    snprintf(b, sizeof b, "%s/out.db", th_tmpdir());
    write_run(a, true);
    store *in = NULL, *out = NULL;
    err_msg e;
    cr_assert_eq(store_open(a, STORE_READ, &in, &e), ERR_OK);
    cr_assert_eq(store_open(b, STORE_WRITE, &out, &e), ERR_OK);
    store_merge_result res;
    cr_assert_eq(store_merge(out, &in, 1, "[\"drsim\",\"merge\"]", NULL, NULL, &res, &e),
                 ERR_OK, "%s", e.text);
    cr_assert_eq(res.nruns, 1);
    int64_t vid = variant_of(out, res.runs[0]);
    store_cost c;
    cr_assert_eq(store_cost_get(out, vid, &c, &e), ERR_OK);
    cr_assert_str_eq(c.currency, "USD");
    cr_assert_eq(c.n, 2);
    cr_assert_float_eq(c.per_year, LAMBDA, 1e-12);
    cr_assert_str_eq(c.items[0].what, "storage data: GRS");
    store_cost_clear(&c);
    store_merge_result_free(&res);
    store_close(in);
    store_close(out);
}

/* Both kinds of disruption: the catalogue's rates weigh them, not the
 * trials' mix. Four trials, the first destroyed (down a day, costing
 * 100,000), three transient (down an hour, costing 1,000); 0.3
 * disruptions a year, 0.01 of them destructive. The year: 0.29 x 1,000 +
 * 0.01 x 100,000 = 1,290 (not 0.3 x the mean over the four, 7,725: the
 * trials' one in four destroyed says nothing of how often it comes); the
 * downtime 0.29 x 3,600 + 0.01 x 86,400 = 1,908 s. */
Test(costview, each_kind_of_disruption_counts_at_its_own_rate)
{
    char db[512];
    snprintf(db, sizeof db, "%s/kinds.db", th_tmpdir());
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(db, STORE_WRITE, &st, &e), ERR_OK, "%s", e.text);
    store_new_run nr = {.scenario_name = "kinds", .sha256 = "k1", .source = "drsim: 1\n",
                        .source_len = 9, .seed = 1, .trials = 4, .trial_end = 4,
                        .shard_index = 1, .shard_count = 1, .argv = "[\"drsim\"]"};
    int64_t run = 0;
    cr_assert_eq(store_run_begin(st, &nr, &run, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(store_run_variant(st, 0, "wait", "wait", "{}", &e), ERR_OK);
    for (uint64_t k = 0; k < 4; k++) {
        oc_trial t;
        oc_trial_init(&t, k);
        oc_set(&t, OC_RTO, k == 0 ? 86400 : 3600);
        oc_set(&t, OC_DATA_LOSS_BYTES, 0);
        oc_set(&t, OC_OUTAGE_COST, k == 0 ? 100000 : 1000);
        oc_set(&t, OC_DESTROYED, k == 0);
        cr_assert_eq(store_run_trial(st, 0, &t, &e), ERR_OK, "%s", e.text);
    }
    cr_assert_eq(store_run_publish(st, &e), ERR_OK, "%s", e.text);
    store_cost c = {.currency = "USD", .monthly = 10, .per_year = 0.3,
                    .destroyed_per_year = 0.01};
    cr_assert_eq(store_run_cost(st, 0, &c, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(store_run_finish(st, &e), ERR_OK, "%s", e.text);
    store_close(st);

    cr_assert_eq(store_open(db, STORE_READ, &st, &e), ERR_OK);
    int64_t vid = variant_of(st, run);
    store_cost got;
    cr_assert_eq(store_cost_get(st, vid, &got, &e), ERR_OK, "%s", e.text);
    cr_assert_float_eq(got.destroyed_per_year, 0.01, 1e-15);
    costv_annual a;
    cr_assert_eq(costv_annual_get(st, vid, &got, &a, &e), ERR_OK, "%s", e.text);
    cr_assert_float_eq(a.outage[0], 1290, 1e-9, "%.17g", a.outage[0]);
    cr_assert_float_eq(a.downtime[0], 1908, 1e-9, "%.17g", a.downtime[0]);
    cr_assert(a.outage[1] <= 1290 && 1290 <= a.outage[2]);
    cr_assert_float_eq(a.total[0], 120 + 1290, 1e-9);
    store_cost_clear(&got);
    store_close(st);
}
