/*
 * loader.c — the loader through its C API: what a loaded scenario holds
 * (defaults from defaults.h, resolved references, worlds and variants of a
 * sweep), the print/load round trip, out-of-memory at every allocation, the
 * catalogue, and the hardening cases that are easier to build in memory.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/azure/catalogue.h"
#include "models/azure/defaults.h"
#include "models/scenario/fields.h"
#include "models/scenario/loader.h"
#include "sim/core/mem.h"
#include "sim/core/sha256.h"
#include "tests/support/helpers.h"
#include "tests/support/scneq.h"

static scn_scenario *load_ok(const char *path)
{
    scn_scenario *s = NULL;
    scn_diags d;
    scn_diags_init(&d);
    err_code rc = scn_load(path, &s, &d);
    if (rc != ERR_OK)
        scn_diags_print(&d, stderr);
    cr_assert_eq(rc, ERR_OK, "%s does not load", path);
    cr_assert_eq(d.errors, 0);
    scn_diags_free(&d);
    return s;
}

static scn_scenario *load_text(const char *text, scn_diags *d)
{
    scn_scenario *s = NULL;
    scn_load_buffer("mem.yaml", text, strlen(text), &s, d);
    return s;
}

static const char *minimal = "drsim: 1\n"
                             "name: minimal\n"
                             "storage: [{name: data, region: westeurope, redundancy: GRS}]\n"
                             "vms: [{name: web, region: westeurope}]\n"
                             "apps: [{name: app, tiers: [web], entry: {traffic_manager: {}}}]\n"
                             "strategies:\n"
                             "  - {name: w, kind: wait}\n"
                             "  - {name: g, kind: geo-restore}\n"
                             "  - {name: a, kind: asr, target: germanywestcentral}\n"
                             "outages: [{region: westeurope, at: 1h, duration: 2h}]\n";

static bool is_uniform(const dist *d, double lo, double hi)
{
    return d->kind == DIST_UNIFORM && d->a == lo && d->b == hi;
}

static bool is_const(const dist *d, double v)
{
    return d->kind == DIST_CONST && d->a == v;
}

Test(loader, defaults_come_from_defaults_h)
{
    scn_diags d;
    scn_diags_init(&d);
    scn_scenario *s = load_text(minimal, &d);
    scn_diags_print(&d, stderr);
    cr_assert_not_null(s);
    cr_assert_eq(s->seed, DEF_SEED);
    cr_assert_eq(s->trials, DEF_TRIALS);
    cr_assert_str_eq(s->description, "");
    cr_assert_eq(s->nworlds, 1);
    const scn_world *w = &s->worlds[0];
    cr_assert_eq(w->horizon, DEF_HORIZON);
    cr_assert(is_const(&w->monitor, DEF_MONITOR_DELAY));
    cr_assert_eq(dist_mean(&w->dns_overstay_share), DNS_OVERSTAY_SHARE);
    cr_assert_eq(dist_mean(&w->dns_overstay_max), DNS_OVERSTAY_MAX);

    const scn_account *a = &w->accounts[0];
    cr_assert_str_eq(w->regions[a->region].name, "westeurope");
    cr_assert_str_eq(w->regions[w->regions[a->region].pair].name, "northeurope");
    cr_assert_eq(w->regions[a->region].zones, DEF_REGION_ZONES);
    cr_assert_eq(w->regions[a->region].datacenters, DEF_ZONE_DATACENTERS);
    cr_assert_eq(a->redundancy, SCN_GRS);
    cr_assert_eq(a->zone, 0);
    cr_assert(is_const(&a->writes.rate, 0));
    cr_assert(is_const(&a->writes.size, DEF_WRITE_SIZE));
    cr_assert_eq(a->writes.arrivals, SCN_ARRIVALS_POISSON);
    cr_assert_eq(a->geo, SCN_GEO_LAG);
    cr_assert(a->lag.kind == DIST_LOGNORMAL && a->lag.from_quantiles);
    cr_assert_float_eq(exp(a->lag.a), DEF_GEO_LAG_P50, 1e-9);
    cr_assert_float_eq(exp(a->lag.a + DIST_Z99 * a->lag.b), DEF_GEO_LAG_P99, 1e-6);
    cr_assert(is_const(&a->latency, DEF_GEO_LATENCY));
    cr_assert(is_const(&a->dns_ttl, DEF_ACCOUNT_DNS_TTL));
    cr_assert(a->failover_duration.kind == DIST_LOGNORMAL);
    cr_assert_float_eq(exp(a->failover_duration.a), DEF_ACCOUNT_FAILOVER_P50, 1e-9);
    cr_assert_float_eq(exp(a->failover_duration.a + DIST_Z99 * a->failover_duration.b),
                       DEF_ACCOUNT_FAILOVER_P99, 1e-6);
    cr_assert(is_const(&a->geo_sync_rate, DEF_GEO_INITIAL_SYNC_RATE));
    cr_assert(!a->size_given);
    cr_assert_eq(a->size, DEF_ACCOUNT_SIZE);
    cr_assert(!a->priority_replication && !a->change_feed && !a->object_replication &&
              !a->point_in_time_restore && !a->premium_block_blobs);

    const scn_vm_group *g = &w->vms[0];
    cr_assert_eq(g->count, DEF_VM_COUNT);
    cr_assert_eq(g->needs, DEF_TIER_NEEDS);
    cr_assert_eq(g->stateless, DEF_VM_STATELESS);
    cr_assert_eq(g->placement, SCN_PLACE_ANY);
    cr_assert_eq(g->ndisks, 1);
    cr_assert(g->disks[0].os);
    cr_assert_eq(g->disks[0].size, DEF_OS_DISK_SIZE);
    cr_assert_eq(g->disks[0].account, SCN_NONE);
    cr_assert(is_const(&g->disks[0].churn, DEF_DISK_CHURN));
    cr_assert(is_const(&g->disks[0].io_size, DEF_DISK_IO_SIZE));
    cr_assert(is_uniform(&g->boot, DEF_BOOT_MIN, DEF_BOOT_MAX));
    cr_assert(is_uniform(&g->provision, DEF_PROVISION_MIN, DEF_PROVISION_MAX));

    const scn_app *app = &w->apps[0];
    cr_assert_eq(app->entry, SCN_ENTRY_TRAFFIC_MANAGER);
    cr_assert_eq(app->tm_interval, TM_INTERVAL_NORMAL);
    cr_assert_eq(app->tm_timeout, TM_TIMEOUT_NORMAL);
    cr_assert_eq(app->tm_tolerated, TM_TOLERATED_DEFAULT);
    cr_assert_eq(app->ttl, TM_TTL_DEFAULT);

    const scn_outage *o = &w->outages[0];
    cr_assert_eq(o->scope, SCN_SCOPE_REGION);
    cr_assert_eq(dist_mean(&o->probability), DEF_OUTAGE_PROBABILITY);
    cr_assert_eq(dist_mean(&o->destructive), DEF_OUTAGE_DESTRUCTIVE);
    cr_assert(!o->provider_failover);

    cr_assert_eq(s->nstrategies, 3);
    const scn_strategy *gr = &s->strategies[1], *asr = &s->strategies[2];
    cr_assert(is_const(&s->strategies[0].decide, DEF_DECIDE));
    cr_assert(is_const(&gr->delete_vms, DEF_DELETE_VMS));
    cr_assert(!gr->has_failover_duration);
    cr_assert_eq(asr->recovery_point, SCN_RP_LATEST_PROCESSED);
    cr_assert_eq(asr->app_consistent_every, ASR_APP_POINT_DEFAULT_INTERVAL);
    cr_assert_eq(asr->retention, ASR_RETENTION_DEFAULT);
    cr_assert(is_uniform(&asr->processing, ASR_PROCESSING_MIN, ASR_PROCESSING_MAX));
    cr_assert_eq(dist_mean(&asr->process_rate), ASR_PROCESS_RATE);
    cr_assert(is_uniform(&asr->vm_create, ASR_VM_CREATE_MIN, ASR_VM_CREATE_MAX));
    cr_assert_eq(dist_mean(&asr->capacity_delay_probability), ASR_CAPACITY_DELAY_PROBABILITY);
    cr_assert(is_const(&asr->commit, ASR_COMMIT));
    cr_assert(is_uniform(&asr->reprotect, ASR_REPROTECT_MIN, ASR_REPROTECT_MAX));
    cr_assert_eq(asr->ngroups, 0, "no plan: every VM group in one group");
    cr_assert_str_eq(w->regions[asr->target].name, "germanywestcentral");

    cr_assert_eq(s->nvariants, 3);
    cr_assert_str_eq(s->variants[2].name, "a");
    cr_assert_str_eq(s->variants[2].params_json, "{\"strategy\":\"a\"}");
    cr_assert_eq(s->variants[2].strategy, asr);
    cr_assert_eq(s->variants[2].world, w);
    scn_free(s);
    scn_diags_free(&d);
}

Test(loader, example_worlds_and_variants)
{
    scn_scenario *s = load_ok("scenarios/example.yaml");
    cr_assert_str_eq(s->name, "westeurope-region-loss");
    cr_assert_eq(s->seed, 20171011);
    cr_assert_eq(s->trials, 2000);
    cr_assert_eq(s->nworlds, 3);
    cr_assert_eq(s->nstrategies, 3);
    cr_assert_eq(s->nvariants, 9);
    double bw[3] = {10e6, 40e6, 160e6};
    for (size_t w = 0; w < 3; w++) {
        const scn_account *a = &s->worlds[w].accounts[0];
        cr_assert_eq(a->geo, SCN_GEO_BANDWIDTH);
        cr_assert(is_const(&a->bandwidth, bw[w]));
        cr_assert(is_const(&a->latency, 2));
    }
    /* Strategy-major: variants[s * nworlds + w]. */
    cr_assert_str_eq(s->variants[0].name, "wait[bandwidth=10MB/s]");
    cr_assert_str_eq(s->variants[4].name, "geo-restore[bandwidth=40MB/s]");
    cr_assert_str_eq(s->variants[8].name, "asr[bandwidth=160MB/s]");
    cr_assert_str_eq(
        s->variants[8].params_json,
        "{\"strategy\":\"asr\",\"storage.vhds.geo_replication.bandwidth\":\"160MB/s\"}");
    cr_assert_eq(s->variants[8].world, &s->worlds[2]);
    cr_assert_eq(s->variants[8].strategy_index, 2);
    cr_assert_eq(s->variants[8].world_index, 2);

    const scn_world *w = &s->worlds[0];
    const scn_vm_group *web = &w->vms[1];
    cr_assert_str_eq(web->name, "web");
    cr_assert_eq(web->count, 6);
    cr_assert_eq(web->ndisks, 2);
    cr_assert_eq(web->disks[1].kind, SCN_DISK_UNMANAGED);
    cr_assert_eq(web->disks[1].account, 0);
    cr_assert_eq(web->disks[1].redundancy, SCN_GRS, "an unmanaged disk has its account's");
    cr_assert(is_const(&web->disks[1].churn, 500e3));

    const scn_strategy *gr = &s->strategies[1];
    cr_assert(is_const(&gr->decide, 3600), "failover.after is decide");
    cr_assert(gr->has_failover_duration);
    const scn_strategy *asr = &s->strategies[2];
    cr_assert_eq(asr->ngroups, 2);
    cr_assert_str_eq(asr->plan[1].name, "front");
    cr_assert_eq(asr->plan[1].nthen, 1);
    cr_assert_eq(asr->plan[1].then[0].kind, SCN_ACTION_MANUAL);
    cr_assert(is_uniform(&asr->plan[1].then[0].duration, 300, 900),
              "uniform(5m, 15m) inside a flow mapping");
    cr_assert_eq(asr->app_consistent_every, 4 * 3600.0);

    const scn_outage *o = &w->outages[0];
    cr_assert(is_uniform(&o->at, 0, 7 * 86400.0));
    cr_assert_eq(dist_mean(&o->destructive), 0.05);
    cr_assert(o->provider_failover && is_const(&o->provider_after, 86400));

    cr_assert_eq(s->nexpects, 4);
    cr_assert_str_eq(s->expects[0].target, "asr");
    cr_assert_str_eq(s->expects[0].metric, "rpo");
    cr_assert_str_eq(s->expects[0].stat, "p50");
    cr_assert_eq(s->expects[0].op, OC_OP_GE);
    cr_assert_eq(s->expects[0].threshold, 3600);
    cr_assert_str_eq(s->expects[0].text, ">= 1h");
    cr_assert_str_eq(s->expects[2].target, "geo-restore");
    cr_assert_eq(s->expects[3].op, OC_OP_EQ);

    cr_assert_eq(strlen(s->sha256), 64);
    cr_assert_eq(s->nsweeps, 1);
    cr_assert_str_eq(s->sweeps[0].label, "bandwidth");
    scn_free(s);
}

Test(loader, strategy_sweeps_give_each_variant_its_strategy)
{
    scn_scenario *s = load_ok("tests/golden/loader/good/full.yaml");
    cr_assert_eq(s->nworlds, 4);
    cr_assert_eq(s->nstrategies, 6); /* crr, a cross-region restore, then a runbook */
    cr_assert_eq(s->strategies[4].kind, SCN_RESTORE);
    /* restore's failover.after is swept: 30m in worlds 0-1, 4h in worlds 2-3. */
    const scn_variant *v0 = &s->variants[1 * 4 + 0], *v3 = &s->variants[1 * 4 + 2];
    cr_assert(is_const(&v0->strategy->decide, 1800));
    cr_assert(is_const(&v3->strategy->decide, 4 * 3600.0));
    cr_assert_str_eq(v3->name, "restore[after=4h,geo_replication={lag: 1m},probability=0.5]");
    cr_assert_eq(v3->strategy_index, 1);
    /* Whole-mapping sweep values. */
    cr_assert(is_const(&s->worlds[0].accounts[0].lag, 60));
    cr_assert(is_uniform(&s->worlds[1].accounts[0].lag, 60, 300));
    /* empirical(file=) relative to the scenario's folder, sorted. */
    const dist *fo = &s->worlds[0].accounts[0].failover_duration;
    cr_assert_eq(fo->kind, DIST_EMPIRICAL);
    cr_assert_eq(fo->n, 4);
    cr_assert(fo->values[0] == 35 * 60.0 && fo->values[3] == 65 * 60.0);
    /* Regions added by the scenario come after the catalogue. */
    const scn_world *w = &s->worlds[0];
    cr_assert_eq(w->nregions, cat_nregions + 2);
    cr_assert_str_eq(w->regions[cat_nregions].name, "lab-east");
    cr_assert_eq(w->regions[cat_nregions].pair, (int32_t)cat_nregions + 1);
    cr_assert_eq(w->regions[cat_nregions + 1].zones, 0);
    /* The one asr strategy with a custom point protects one VM. */
    cr_assert_eq(s->strategies[3].recovery_point, SCN_RP_CUSTOM);
    cr_assert_eq(s->strategies[3].custom_age, 900);
    cr_assert(s->strategies[2].test_failover);
    cr_assert(s->strategies[2].failback && s->strategies[2].failback_planned);
    cr_assert(s->strategies[1].failback && !s->strategies[1].failback_planned);
    cr_assert_str_eq(s->expects[5].stat, "n");
    cr_assert_eq(s->expects[5].threshold, 45);
    scn_free(s);
}

/* Print, load the printed text, compare; print again, compare bytes. */
static void roundtrip(const char *path)
{
    scn_scenario *a = load_ok(path);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert_eq(scn_print(a, f), ERR_OK);
    fclose(f);
    scn_diags d;
    scn_diags_init(&d);
    scn_scenario *b = NULL;
    err_code rc = scn_load_buffer(path, text, len, &b, &d);
    if (rc != ERR_OK)
        scn_diags_print(&d, stderr);
    cr_assert_eq(rc, ERR_OK, "%s: the printed scenario does not load", path);
    char why[512];
    cr_assert(scn_equal(a, b, why, sizeof why), "%s: round trip differs: %s", path, why);
    char *text2 = NULL;
    size_t len2 = 0;
    f = open_memstream(&text2, &len2);
    cr_assert_eq(scn_print(b, f), ERR_OK);
    fclose(f);
    cr_assert_str_eq(text2, text);
    free(text);
    free(text2);
    scn_free(a);
    scn_free(b);
    scn_diags_free(&d);
}

Test(loader, print_then_load_gives_the_same_scenario)
{
    roundtrip("scenarios/example.yaml");
    roundtrip("scenarios/zone-loss.yaml");
    roundtrip("scenarios/asr-drill.yaml");
    roundtrip("scenarios/zone-to-zone.yaml");
    roundtrip("tests/golden/loader/good/full.yaml");
}

Test(loader, scn_equal_notices_a_difference)
{
    scn_scenario *a = load_ok("scenarios/example.yaml");
    scn_scenario *b = load_ok("scenarios/example.yaml");
    char why[256];
    cr_assert(scn_equal(a, b, why, sizeof why));
    ((scn_world *)&b->worlds[1])->accounts[0].bandwidth.a = 1;
    cr_assert(!scn_equal(a, b, why, sizeof why));
    cr_assert(strstr(why, "bandwidth") != NULL, "%s", why);
    scn_free(a);
    scn_free(b);
}

/* scn_equal walks the format's tables: changing any one landing of any row
 * of any section (full.yaml has every key) is a difference, named by its
 * row — or by the row it shares its landing with (failover.after lands in
 * decide). Rows are probed in the first entry that has them. */
typedef struct probe {
    scn_scenario *a;
    scn_scenario *b;
    const fld_field *seen[512];
    size_t nseen;
    const void *landing[512];  /* landings probed, and the row named for each */
    const char *named[512];
    size_t nlandings;
} probe;

static void *at_(void *base, size_t off)
{
    return (char *)base + off;
}

static void expect_noticed(probe *pr, const fld_field *f, const char *what, const void *landing)
{
    const char *name = what;
    for (size_t i = 0; i < pr->nlandings; i++)
        if (pr->landing[i] == landing)
            name = pr->named[i];
    if (name == what && pr->nlandings < sizeof pr->landing / sizeof pr->landing[0]) {
        pr->landing[pr->nlandings] = landing;
        pr->named[pr->nlandings++] = what;
    }
    char why[512];
    cr_expect(!scn_equal(pr->a, pr->b, why, sizeof why), "changing %s is not noticed", what);
    cr_expect(strstr(why, name) != NULL, "changing %s is reported as: %s", what, why);
    for (size_t i = 0; i < pr->nseen; i++)
        if (pr->seen[i] == f)
            return;
    cr_assert_lt(pr->nseen, sizeof pr->seen / sizeof pr->seen[0]);
    pr->seen[pr->nseen++] = f;
}

static void probe_rows(probe *pr, const fld_table *t, void *base);

static void probe_row(probe *pr, const fld_field *f, void *base)
{
    const char *what = f->key ? f->key : f->doc;
    if ((f->flags & FLD_PRESENT) && (f->flags & FLD_OMIT_ABSENT)) {
        bool *flag = at_(base, f->present);
        *flag = !*flag;
        expect_noticed(pr, f, what, flag);
        *flag = !*flag;
    }
    if (f->off == FLD_NOWHERE || f->kind == FLD_SWEEP || f->kind == FLD_EXPECT)
        return;
    void *p = at_(base, f->off);
    char saved[sizeof(dist)];
    size_t size = 0;
    switch (f->kind) {
    case FLD_NAME:
    case FLD_TEXT:
        size = sizeof(char *);
        memcpy(saved, p, size);
        *(const char **)p = "mutated";
        break;
    case FLD_UINT:
        size = (f->flags & FLD_U64) ? sizeof(uint64_t) : sizeof(uint32_t);
        memcpy(saved, p, size);
        if (f->flags & FLD_U64)
            *(uint64_t *)p += 1;
        else
            *(uint32_t *)p += 1;
        break;
    case FLD_BOOL:
        size = sizeof(bool);
        memcpy(saved, p, size);
        *(bool *)p = !*(bool *)p;
        break;
    case FLD_ENUM:
    case FLD_REF:
        size = sizeof(int32_t);
        memcpy(saved, p, size);
        *(int32_t *)p += 1;
        break;
    case FLD_VALUE:
        size = sizeof(double);
        memcpy(saved, p, size);
        *(double *)p += 1;
        break;
    case FLD_DIST:
        size = sizeof(dist);
        memcpy(saved, p, size);
        ((dist *)p)->a += 1;
        break;
    case FLD_REFS: {
        if (*(size_t *)at_(base, f->count) == 0)
            return;
        uint32_t *first = *(uint32_t **)p;
        first[0] += 1;
        expect_noticed(pr, f, what, first);
        first[0] -= 1;
        return;
    }
    case FLD_MAP:
        probe_rows(pr, f->sub, (f->flags & FLD_LAND_FIRST) ? *(void **)p : p);
        return;
    case FLD_LIST: {
        size_t first = (f->flags & FLD_AFTER_FIRST) ? 1 : 0;
        if (*(size_t *)at_(base, f->count) > first)
            probe_rows(pr, f->sub, *(char **)p + first * f->sub->size);
        return;
    }
    case FLD_SWEEP:
    case FLD_EXPECT:
        return;
    }
    expect_noticed(pr, f, what, p);
    memcpy(p, saved, size);
    if (f->kind == FLD_ENUM && f->sub)
        probe_rows(pr, f->sub, base);
}

static void probe_rows(probe *pr, const fld_table *t, void *base)
{
    for (size_t i = 0; i < t->n; i++)
        probe_row(pr, &t->fields[i], base);
}

/* Every row of t and of the tables below it was probed. */
static void expect_probed(const probe *pr, const fld_table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        const fld_field *f = &t->fields[i];
        if (f->sub)
            expect_probed(pr, f->sub);
        if (f->off == FLD_NOWHERE || f->kind == FLD_MAP || f->kind == FLD_LIST)
            continue;
        bool seen = false;
        for (size_t k = 0; k < pr->nseen && !seen; k++)
            seen = pr->seen[k] == f;
        cr_expect(seen, "row %s of %s was not probed", f->key ? f->key : f->doc, t->what);
    }
}

Test(loader, scn_equal_compares_every_row_of_the_tables)
{
    probe pr = {.a = load_ok("tests/golden/loader/good/full.yaml"),
                .b = load_ok("tests/golden/loader/good/full.yaml")};
    for (size_t i = 0; i < fld_top.n; i++) {
        const fld_field *f = &fld_top.fields[i];
        if (f->flags & FLD_WORLD)
            probe_row(&pr, f, &pr.b->worlds[0]);
        else
            probe_row(&pr, f, pr.b);
    }
    for (size_t i = 0; i < pr.b->nstrategies; i++)
        probe_rows(&pr, &fld_strategy, &pr.b->strategies[i]);
    char why[256];
    cr_assert(scn_equal(pr.a, pr.b, why, sizeof why), "not restored: %s", why);
    expect_probed(&pr, &fld_top);
    scn_free(pr.a);
    scn_free(pr.b);
}

/* Every allocation of a load, in turn, fails: the load ends in ERR_NOMEM
 * (or succeeds when the failure hits nothing essential), never crashes or
 * leaks (checked under SAN=1). */
static void oom_sweep(const char *path)
{
    size_t len;
    char *text = th_read_file(path, &len);
    cr_assert_not_null(text);
    scn_diags d;
    scn_diags_init(&d);
    scn_scenario *s = NULL;
    mem_fail_reset();
    err_code want = scn_load_buffer(path, text, len, &s, &d);
    unsigned long total = mem_allocations();
    scn_free(s);
    cr_assert(total > 10);
    for (unsigned long n = 1; n <= total + 1; n++) {
        mem_fail_after(n);
        s = NULL;
        err_code rc = scn_load_buffer(path, text, len, &s, &d);
        bool fired = mem_failed();
        mem_fail_reset();
        if (fired)
            cr_assert(rc == ERR_NOMEM || rc == want, "%s: allocation %lu: rc %d", path, n, rc);
        else
            cr_assert_eq(rc, want);
        cr_assert((rc == ERR_OK) == (s != NULL));
        scn_free(s);
    }
    scn_diags_free(&d);
    free(text);
}

Test(loader, out_of_memory_at_every_allocation)
{
    oom_sweep("scenarios/example.yaml");
    oom_sweep("tests/golden/loader/references.yaml");
    oom_sweep("scenarios/sql-failover-group.yaml");
}

Test(loader, errors_are_sorted_and_warnings_do_not_fail)
{
    scn_diags d;
    scn_diags_init(&d);
    scn_scenario *s = load_text("drsim: 1\nname: w\n"
                                "vms: [{name: a, region: westeurope,\n"
                                "  disks: [{size: 1TiB, kind: premium, churn: 30MB/s}]}]\n"
                                "strategies: [{name: asr, kind: asr, target: northeurope}]\n",
                                &d);
    cr_assert_not_null(s);
    cr_assert_eq(d.errors, 0);
    cr_assert_eq(d.len, 1);
    cr_assert(d.items[0].warning);
    cr_assert(strstr(d.items[0].message, "churn 30MB/s exceeds Site Recovery's 20MB/s") == NULL);
    cr_assert(strstr(d.items[0].message, "churn 30MB/s exceeds Site Recovery's 5MB/s limit for "
                                         "a premium disk of 1TiB at 8KiB I/O") != NULL,
              "%s", d.items[0].message);
    scn_free(s);

    /* The same diags list again: cleared first. */
    s = load_text("drsim: 1\nname: x\nstrategies: [{name: w, kind: wait}]\n"
                  "outages: [{region: nowhere, at: 0, duration: 1h}]\nhorizon: forever\n",
                  &d);
    cr_assert_null(s);
    cr_assert_eq(d.errors, 2);
    cr_assert_eq(d.items[0].line, 4);
    cr_assert_eq(d.items[1].line, 5);
    cr_assert_str_eq(d.file, "mem.yaml");
    scn_diags_free(&d);
}

Test(loader, vm_churn_limit_and_high_churn)
{
    const char *text = "drsim: 1\nname: w\n"
                       "vms:\n"
                       "  - name: big\n"
                       "    region: westeurope\n"
                       "    disks:\n"
                       "      - {size: 1TiB, kind: premium, churn: 19MB/s, io_size: 64KiB}\n"
                       "      - {size: 1TiB, kind: premium, churn: 19MB/s, io_size: 64KiB}\n"
                       "      - {size: 1TiB, kind: premium, churn: 19MB/s, io_size: 64KiB}\n"
                       "strategies:\n"
                       "  - {name: asr, kind: asr, target: northeurope}\n"
                       "  - {name: hc, kind: asr, target: northeurope, high_churn: true}\n";
    scn_diags d;
    scn_diags_init(&d);
    scn_scenario *s = load_text(text, &d);
    cr_assert_not_null(s);
    cr_assert_eq(d.len, 1, "only the strategy without high churn warns");
    cr_assert_str_eq(d.items[0].message,
                     "VM group 'big': churn 57MB/s per VM exceeds Site Recovery's 54MB/s limit "
                     "per VM (high_churn: true raises it to 100MB/s) (replication falls behind "
                     "without bound)");
    scn_free(s);
    scn_diags_free(&d);
}

/* The per-disk tables by strategy: a 300 GiB premium disk is in the 128 GiB
 * rows of Normal Churn (4 MB/s at 16 KiB), not in the 512 GiB ones; with High
 * Churn a 1 TiB premium disk takes 20 MB/s at 8 KiB (Normal Churn: 5 MB/s). */
Test(loader, per_disk_churn_tables_by_size_and_high_churn)
{
    const char *text = "drsim: 1\nname: w\n"
                       "vms:\n"
                       "  - name: mid\n"
                       "    region: westeurope\n"
                       "    disks: [{size: 300GiB, kind: premium, churn: 10MB/s, io_size: 16KiB}]\n"
                       "  - name: big\n"
                       "    region: westeurope\n"
                       "    disks: [{size: 1TiB, kind: premium, churn: 15MB/s}]\n"
                       "strategies:\n"
                       "  - {name: asr, kind: asr, target: northeurope}\n"
                       "  - {name: hc, kind: asr, target: northeurope, high_churn: true}\n";
    scn_diags d;
    scn_diags_init(&d);
    scn_scenario *s = load_text(text, &d);
    cr_assert_not_null(s);
    cr_assert_eq(d.errors, 0);
    cr_assert_eq(d.len, 2, "%zu diagnostics", d.len);
    cr_assert_str_eq(d.items[0].message,
                     "churn 10MB/s exceeds Site Recovery's 4MB/s limit for a premium disk of "
                     "300GiB at 16KiB I/O (replication falls behind without bound)");
    cr_assert_eq(d.items[0].line, 6);
    cr_assert_str_eq(d.items[1].message,
                     "churn 15MB/s exceeds Site Recovery's 5MB/s limit for a premium disk of "
                     "1TiB at 8KiB I/O (replication falls behind without bound)");
    cr_assert_eq(d.items[1].line, 9);
    scn_free(s);

    /* With High Churn alone: 300 GiB at 16 KiB gets 20 MB/s, 1 TiB at 8 KiB
     * 20 MB/s; neither warns. */
    char *hc = strdup(text);
    *strstr(hc, "  - {name: asr,") = '\0';
    char *only = malloc(strlen(hc) + 128);
    sprintf(only, "%s  - {name: hc, kind: asr, target: northeurope, high_churn: true}\n", hc);
    s = load_text(only, &d);
    cr_assert_not_null(s);
    cr_assert_eq(d.len, 0, "%s", d.len ? d.items[0].message : "");
    scn_free(s);
    free(only);
    free(hc);
    scn_diags_free(&d);
}

/* concepts-azure-to-azure-high-churn-support.md: "Source disks must be
 * Managed Disks." */
Test(loader, high_churn_refuses_unmanaged_disks)
{
    scn_diags d;
    scn_diags_init(&d);
    scn_scenario *s =
        load_text("drsim: 1\nname: w\n"
                  "storage: [{name: vhds, region: westeurope, redundancy: LRS}]\n"
                  "vms: [{name: old, region: westeurope,\n"
                  "       disks: [{size: 1TiB, kind: unmanaged, account: vhds}]}]\n"
                  "strategies: [{name: hc, kind: asr, target: northeurope, high_churn: true}]\n",
                  &d);
    cr_assert_null(s);
    cr_assert_eq(d.errors, 1);
    bool found = false;
    for (size_t i = 0; i < d.len; i++)
        if (!d.items[i].warning) {
            cr_assert_str_eq(d.items[i].message,
                             "high_churn: Site Recovery's High Churn needs managed disks "
                             "(\"Source disks must be Managed Disks\", "
                             "concepts-azure-to-azure-high-churn-support.md); VM group 'old' "
                             "has an unmanaged disk");
            cr_assert_eq(d.items[i].line, 6);
            found = true;
        }
    cr_assert(found);
    scn_diags_free(&d);
}

/* legacy_vhds: a geo-restore what-if of the VMs on VHDs, as before unmanaged
 * disks retired; the strategy's VM groups are derived, the world's stay. */
Test(loader, legacy_vhds_derives_the_vm_groups_on_vhds)
{
    const char *text = "drsim: 1\nname: legacy\n"
                       "storage: [{name: vhds, region: westeurope, redundancy: GRS}]\n"
                       "vms:\n"
                       "  - {name: sql, region: westeurope, disks: [{size: 1TiB, kind: premium}]}\n"
                       "  - {name: far, region: northeurope}\n"
                       "strategies:\n"
                       "  - {name: wait, kind: wait}\n"
                       "  - {name: old, kind: geo-restore, legacy_vhds: vhds}\n";
    scn_diags d;
    scn_diags_init(&d);
    scn_scenario *s = load_text(text, &d);
    cr_assert_not_null(s);
    cr_assert_eq(d.errors, 0);
    cr_assert_eq(d.len, 2, "%zu diagnostics", d.len);
    cr_assert_str_eq(d.items[0].message,
                     "legacy_vhds: a what-if of VMs on unmanaged disks (VHDs) in 'vhds': Azure "
                     "retired them on 31 March 2026; since then VMs that use them cannot be "
                     "started (unmanaged-disks-deprecation.md)");
    cr_assert(strstr(d.items[1].message, "VMs of several disks keep them on GRS account 'vhds'"));
    const scn_world *w = &s->worlds[0];
    const scn_strategy *wait = s->variants[0].strategy, *old = s->variants[1].strategy;
    cr_assert_null(wait->legacy_vms);
    cr_assert(old->legacy);
    cr_assert_eq(old->legacy_vhds, 0);
    cr_assert_not_null(old->legacy_vms);
    /* sql's disks become VHDs in vhds; far, in another region, is unchanged;
     * the world keeps its managed disks. */
    const scn_vm_group *sql = &old->legacy_vms[0], *far = &old->legacy_vms[1];
    cr_assert_eq(sql->ndisks, 2);
    for (size_t i = 0; i < sql->ndisks; i++) {
        cr_assert_eq(sql->disks[i].kind, SCN_DISK_UNMANAGED);
        cr_assert_eq(sql->disks[i].account, 0);
        cr_assert_eq(sql->disks[i].redundancy, SCN_GRS);
        cr_assert_eq(sql->disks[i].size, w->vms[0].disks[i].size);
    }
    cr_assert_eq(far->disks, w->vms[1].disks);
    cr_assert_eq(w->vms[0].disks[1].kind, SCN_DISK_PREMIUM);
    scn_free(s);

    /* Refused: on a zone-redundant account, for an account with no VM group
     * in its region, on another strategy kind, with a disk too large for a VHD. */
    s = load_text("drsim: 1\nname: legacy\n"
                  "storage:\n"
                  "  - {name: z, region: westeurope, redundancy: ZRS}\n"
                  "  - {name: n, region: northeurope, redundancy: GRS}\n"
                  "  - {name: w, region: westeurope, redundancy: GRS}\n"
                  "vms: [{name: big, region: westeurope, disks: [{size: 8TiB}]}]\n"
                  "strategies:\n"
                  "  - {name: a, kind: geo-restore, legacy_vhds: z}\n"
                  "  - {name: b, kind: geo-restore, legacy_vhds: n}\n"
                  "  - {name: c, kind: wait, legacy_vhds: w}\n"
                  "  - {name: e, kind: geo-restore, legacy_vhds: w}\n",
                  &d);
    cr_assert_null(s);
    const char *want[] = {
        "legacy_vhds: unmanaged disks cannot live on a ZRS account ('z'); they support LRS and "
        "GRS only",
        "legacy_vhds: no VM group is in northeurope, the region of account 'n'",
        "legacy_vhds: applies to geo-restore strategies only, not to wait",
        "legacy_vhds: VM group 'big' has a disk of 8TiB; an unmanaged disk (a VHD) is at most "
        "4TiB (azure-to-azure-support-matrix.md)"};
    size_t found = 0;
    for (size_t i = 0; i < d.len; i++)
        for (size_t k = 0; k < 4; k++)
            found += !d.items[i].warning && strcmp(d.items[i].message, want[k]) == 0;
    cr_assert_eq(found, 4, "%zu of the 4 errors (of %u)", found, d.errors);
    scn_diags_free(&d);
}

Test(loader, hardening_in_memory)
{
    scn_diags d;
    scn_diags_init(&d);
    scn_scenario *s;
    cr_assert_eq(scn_load_buffer("e.yaml", "", 0, &s, &d), ERR_INPUT);
    cr_assert_str_eq(d.items[0].message,
                     "the file is empty (expected a scenario starting with 'drsim: 1')");
    /* A NUL byte is a control character to YAML. */
    cr_assert_eq(scn_load_buffer("n.yaml", "drsim: 1\nname: a\0b\n", 18, &s, &d), ERR_INPUT);
    cr_assert(strstr(d.items[0].message, "control characters") != NULL, "%s",
              d.items[0].message);
    /* A UTF-16 file (with its byte order mark) is not UTF-8. */
    cr_assert_eq(scn_load_buffer("u.yaml", "\xff\xfe" "d\0r\0", 6, &s, &d), ERR_INPUT);
    cr_assert(strstr(d.items[0].message, "not UTF-8") != NULL);
    /* A UTF-8 BOM and CRLF line ends are fine. */
    const char *crlf = "\xef\xbb\xbf" "drsim: 1\r\nname: crlf\r\nstrategies: [{name: w, kind: "
                       "wait}]\r\n";
    cr_assert_eq(scn_load_buffer("c.yaml", crlf, strlen(crlf), &s, &d), ERR_OK);
    scn_free(s);
    /* Over the size bound, without reading further. */
    size_t big = SCN_MAX_FILE_SIZE + 1;
    char *buf = calloc(1, big);
    cr_assert_eq(scn_load_buffer("b.yaml", buf, big, &s, &d), ERR_INPUT);
    cr_assert(strstr(d.items[0].message, "over the 16 MiB limit") != NULL);
    free(buf);
    /* Tags other than !!str are refused; a stray '!=' gets a hint. */
    const char *tags = "drsim: 1\nname: !!str tagged\nseed: !custom 3\n"
                       "strategies: [{name: w, kind: wait}]\n";
    cr_assert_eq(scn_load_buffer("t.yaml", tags, strlen(tags), &s, &d), ERR_INPUT);
    cr_assert_eq(d.errors, 1);
    cr_assert_str_eq(d.items[0].message, "seed: tag '!custom' is not used in scenario files");
    scn_free(NULL);
    scn_diags_free(&d);
}

Test(loader, flow_collections_keep_distributions_whole)
{
    const char *text = "drsim: 1\nname: flow\n"
                       "vms: [{name: a, region: westeurope, boot: triangular(1m, 2m, 3m)}]\n"
                       "outages: [{region: westeurope, at: uniform(0, 1d), "
                       "duration: lognormal(p50=1h, p99=1d)}]\n"
                       "strategies: [{name: w, kind: wait}]\n"
                       "sweep: {outages.0.at: [uniform(1h, 2h), 3h]}\n";
    scn_diags d;
    scn_diags_init(&d);
    scn_scenario *s = load_text(text, &d);
    scn_diags_print(&d, stderr);
    cr_assert_not_null(s);
    cr_assert_eq(s->worlds[0].vms[0].boot.kind, DIST_TRIANGULAR);
    cr_assert(is_uniform(&s->worlds[0].outages[0].at, 3600, 7200));
    cr_assert(is_const(&s->worlds[1].outages[0].at, 3 * 3600.0));
    cr_assert_str_eq(s->variants[0].name, "w[at=uniform(1h, 2h)]");
    scn_free(s);
    scn_diags_free(&d);
}

Test(loader, catalogue_pairs)
{
    for (size_t i = 0; i < cat_nregions; i++)
        if (cat_regions[i].pair)
            cr_assert(cat_find(cat_regions[i].pair) >= 0, "%s pairs with unknown %s",
                      cat_regions[i].name, cat_regions[i].pair);
    struct {
        const char *a, *b;
    } two_way[] = {{"eastus", "westus"},           {"eastus2", "centralus"},
                   {"northcentralus", "southcentralus"}, {"westus2", "westcentralus"},
                   {"northeurope", "westeurope"},  {"uksouth", "ukwest"},
                   {"francecentral", "francesouth"}, {"germanywestcentral", "germanynorth"},
                   {"swedencentral", "swedensouth"}, {"japaneast", "japanwest"},
                   {"australiaeast", "australiasoutheast"}, {"canadacentral", "canadaeast"},
                   {"centralindia", "southindia"}, {"eastasia", "southeastasia"},
                   {"koreacentral", "koreasouth"}};
    for (size_t i = 0; i < sizeof two_way / sizeof two_way[0]; i++) {
        int a = cat_find(two_way[i].a), b = cat_find(two_way[i].b);
        cr_assert(a >= 0 && b >= 0);
        cr_assert_str_eq(cat_regions[a].pair, two_way[i].b);
        cr_assert_str_eq(cat_regions[b].pair, two_way[i].a);
    }
    cr_assert_str_eq(cat_regions[cat_find("brazilsouth")].pair, "southcentralus");
    cr_assert_str_eq(cat_regions[cat_find("southcentralus")].pair, "northcentralus");
    cr_assert_str_eq(cat_regions[cat_find("westus3")].pair, "eastus");
    cr_assert_str_eq(cat_regions[cat_find("westindia")].pair, "southindia");
    cr_assert_str_eq(cat_regions[cat_find("brazilsoutheast")].pair, "brazilsouth");
    cr_assert_str_eq(cat_regions[cat_find("indiasouthcentral")].pair, "centralindia");
    cr_assert_str_eq(cat_regions[cat_find("centralindia")].pair, "southindia");
    cr_assert_str_eq(cat_regions[cat_find("southindia")].pair, "centralindia");
    cr_assert_str_eq(cat_regions[cat_find("eastus")].pair, "westus");
    /* nonpaired-regions-include.md (06/25/2026): thirteen, all with zones. */
    const char *none[] = {"qatarcentral",   "polandcentral",    "israelcentral",  "italynorth",
                          "austriaeast",    "spaincentral",     "belgiumcentral", "chilecentral",
                          "denmarkeast",    "indonesiacentral", "malaysiawest",   "mexicocentral",
                          "newzealandnorth"};
    size_t nnone = sizeof none / sizeof none[0];
    for (size_t i = 0; i < nnone; i++) {
        int r = cat_find(none[i]);
        cr_assert(r >= 0, "%s is not in the catalogue", none[i]);
        cr_assert_null(cat_regions[r].pair, "%s", none[i]);
        cr_assert_eq(cat_regions[r].zones, DEF_REGION_ZONES, "%s", none[i]);
    }
    size_t unpaired = 0;
    for (size_t i = 0; i < cat_nregions; i++)
        unpaired += cat_regions[i].pair == NULL;
    cr_assert_eq(unpaired, nnone);
}

/* regions-list.md (09/23/2025): 57 regions, 39 with zones and 18 without,
 * eight restricted; Sweden South (no row of its own, restricted as Sweden
 * Central's pair) makes 58. */
Test(loader, catalogue_zones_and_restricted_regions)
{
    cr_assert_eq(cat_nregions, 58);
    const char *no_az[] = {"australiacentral", "australiacentral2", "australiasoutheast",
                           "brazilsoutheast",  "canadaeast",        "francesouth",
                           "germanynorth",     "koreasouth",        "northcentralus",
                           "norwaywest",       "southafricawest",   "southindia",
                           "switzerlandwest",  "uaecentral",        "ukwest",
                           "westcentralus",    "westindia",         "westus",
                           "swedensouth"};
    const char *restricted[] = {"australiacentral2", "brazilsoutheast", "francesouth",
                                "germanynorth",      "norwaywest",      "southafricawest",
                                "switzerlandwest",   "uaecentral",      "swedensouth"};
    size_t nzones = 0, nrestricted = 0;
    for (size_t i = 0; i < cat_nregions; i++) {
        const cat_region *r = &cat_regions[i];
        bool listed = false, restr = false;
        for (size_t k = 0; k < sizeof no_az / sizeof no_az[0]; k++)
            listed |= strcmp(no_az[k], r->name) == 0;
        for (size_t k = 0; k < sizeof restricted / sizeof restricted[0]; k++)
            restr |= strcmp(restricted[k], r->name) == 0;
        cr_assert_eq(r->zones, listed ? 0u : (unsigned)DEF_REGION_ZONES, "%s", r->name);
        cr_assert_eq(r->restricted, restr, "%s", r->name);
        cr_assert(!r->restricted || r->zones == 0, "%s: restricted with zones", r->name);
        cr_assert(r->geography != NULL && r->geography[0] != '\0', "%s", r->name);
        nzones += r->zones > 0;
        nrestricted += r->restricted;
        /* Every region without zones has a nearest one with zones: its pair,
         * or a region of its geography. */
        if (r->zones == 0) {
            int p = r->pair ? cat_find(r->pair) : -1;
            bool near = p >= 0 && cat_regions[p].zones > 0;
            for (size_t j = 0; j < cat_nregions && !near; j++)
                near =
                    cat_regions[j].zones > 0 && strcmp(cat_regions[j].geography, r->geography) == 0;
            cr_assert(near, "%s has no region with zones near it", r->name);
        }
    }
    cr_assert_eq(nzones, 39);
    cr_assert_eq(nrestricted, 9);
    /* Pairs stay within a geography, but for Brazil South's (regions-paired.md). */
    for (size_t i = 0; i < cat_nregions; i++)
        if (cat_regions[i].pair && strcmp(cat_regions[i].name, "brazilsouth") != 0)
            cr_assert_str_eq(cat_regions[cat_find(cat_regions[i].pair)].geography,
                             cat_regions[i].geography, "%s", cat_regions[i].name);
}

/* azure-to-azure-how-to-enable-zone-to-zone-disaster-recovery.md (ms.date
 * 02/12/2025), "Supported regions for zone-to-zone disaster recovery": the 30
 * public regions of its list offer it, and no other (US Gov Virginia and
 * China North 3 are not in the catalogue); each has zones. */
Test(loader, catalogue_zone_to_zone_regions)
{
    const char *z2z[] = {
        "brazilsouth",  "canadacentral",  "centralus",          "eastus",
        "eastus2",      "southcentralus", "westus2",            "westus3",
        "francecentral", "germanywestcentral", "italynorth",    "northeurope",
        "norwayeast",   "polandcentral",  "swedencentral",      "switzerlandnorth",
        "uksouth",      "westeurope",     "spaincentral",       "israelcentral",
        "qatarcentral", "uaenorth",       "southafricanorth",   "australiaeast",
        "centralindia", "eastasia",       "japaneast",          "koreacentral",
        "southeastasia", "newzealandnorth"};
    size_t n = sizeof z2z / sizeof z2z[0], offered = 0;
    cr_assert_eq(n, 30);
    for (size_t i = 0; i < cat_nregions; i++) {
        const cat_region *r = &cat_regions[i];
        bool listed = false;
        for (size_t k = 0; k < n; k++)
            listed |= strcmp(z2z[k], r->name) == 0;
        cr_assert_eq(r->zone_to_zone, listed, "%s", r->name);
        cr_assert(!r->zone_to_zone || r->zones > 0, "%s: zone-to-zone without zones", r->name);
        offered += r->zone_to_zone;
    }
    cr_assert_eq(offered, n);
}

/* A loaded world has the catalogue's zones and access, and a scenario's
 * regions: overrides them. */
Test(loader, catalogue_zones_reach_the_world_and_can_be_overridden)
{
    scn_diags d;
    scn_diags_init(&d);
    scn_scenario *s = load_text("drsim: 1\nname: z\n"
                                "regions: [{name: ukwest, zones: 2}, "
                                "{name: germanynorth, restricted: false}]\n"
                                "storage: [{name: a, region: ukwest, redundancy: ZRS},\n"
                                "          {name: b, region: germanywestcentral, "
                                "redundancy: GRS}]\n"
                                "strategies: [{name: w, kind: wait}]\n",
                                &d);
    cr_assert_not_null(s);
    cr_assert_eq(d.errors, 0);
    cr_assert_eq(d.len, 0, "no warning either");
    const scn_world *w = &s->worlds[0];
    cr_assert_eq(w->regions[cat_find("ukwest")].zones, 2);
    cr_assert_eq(w->regions[cat_find("westus")].zones, 0);
    cr_assert_eq(w->regions[cat_find("eastus")].zones, DEF_REGION_ZONES);
    cr_assert(!w->regions[cat_find("germanynorth")].restricted);
    cr_assert(w->regions[cat_find("francesouth")].restricted);
    scn_free(s);
    scn_diags_free(&d);
}

/* A tier's capacity: needs N of its count, or all (0); more than its count
 * is an error at the key, in each combination of a sweep (the file's own
 * count of 4 is no combination: 6 and 3 are). */
Test(loader, a_tier_needs_at_most_its_count)
{
    scn_diags d;
    scn_diags_init(&d);
    scn_scenario *s = load_text("drsim: 1\nname: n\n"
                                "vms: [{name: web, region: westeurope, count: 4, needs: 3,\n"
                                "       stateless: true},\n"
                                "      {name: sql, region: westeurope, count: 2, needs: all}]\n"
                                "strategies: [{name: w, kind: wait}]\n",
                                &d);
    cr_assert_not_null(s);
    cr_assert_eq(d.errors, 0);
    cr_assert_eq(s->worlds[0].vms[0].needs, 3);
    cr_assert(s->worlds[0].vms[0].stateless);
    cr_assert_eq(s->worlds[0].vms[1].needs, 0, "all");
    cr_assert(!s->worlds[0].vms[1].stateless);
    scn_free(s);

    s = load_text("drsim: 1\nname: n\n"
                  "vms: [{name: web, region: westeurope, count: 4, needs: 5},\n"
                  "      {name: one, region: westeurope, needs: 2}]\n"
                  "strategies: [{name: w, kind: wait}]\n"
                  "sweep: {vms.web.count: [6, 3]}\n",
                  &d);
    cr_assert_null(s);
    cr_assert_eq(d.errors, 2, "%zu errors", d.errors);
    cr_assert_str_eq(d.items[0].message, "needs: VM group 'web' has 3 VMs; it cannot need 5 "
                                         "(at most its count, or all)");
    cr_assert_eq(d.items[0].line, 3);
    cr_assert_eq(d.items[0].col, 56);
    cr_assert_str_eq(d.items[1].message, "needs: VM group 'one' has 1 VM; it cannot need 2 "
                                         "(at most its count, or all)");
    scn_diags_free(&d);
}

Test(loader, sha256_vectors)
{
    char hex[65];
    sha256_hex("", 0, hex);
    cr_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sha256_hex("abc", 3, hex);
    cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha256_hex(two, strlen(two), hex);
    cr_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* Sweeps whose values the printed file must still be able to take. */
Test(loader, tricky_sweeps_round_trip)
{
    const char *text =
        "drsim: 1\nname: tricky\n"
        "storage: [{name: s, region: westeurope, redundancy: GRS}]\n"
        "vms: [{name: v, region: westeurope}]\n"
        "strategies:\n"
        "  - {name: g, kind: geo-restore}\n"
        "  - {name: a, kind: asr, target: northeurope}\n"
        "outages: [{region: westeurope, scope: zone 1, at: 0, duration: 1h}]\n"
        "sweep:\n"
        "  outages.0.scope: [zone 1, region, datacenter]\n"
        "  storage.s.redundancy: [GRS, ZRS]\n"
        "  strategies.g.failover.after: [10m, 1h]\n"
        "  strategies.1.recovery_point: [latest, {custom: 5m}]\n"
        "  detection.monitor: [1m]\n"
        "  horizon: [1d]\n";
    const char *dir = th_tmpdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/tricky.yaml", dir);
    cr_assert_eq(th_write_file(path, text), 0);
    scn_scenario *s = load_ok(path);
    cr_assert_eq(s->nworlds, 24);
    cr_assert_eq(s->worlds[0].outages[0].scope, SCN_SCOPE_ZONE);
    cr_assert_eq(s->worlds[0].outages[0].zone, 1);
    cr_assert_eq(s->worlds[8].outages[0].scope, SCN_SCOPE_REGION);
    cr_assert(is_const(&s->worlds[0].monitor, 60));
    cr_assert_eq(s->worlds[0].horizon, 86400);
    cr_assert_str_eq(s->variants[0].name,
                     "g[scope=zone 1,redundancy=GRS,after=10m,recovery_point=latest,monitor=1m,"
                     "horizon=1d]");
    cr_assert_eq(s->variants[24 + 1].strategy->recovery_point, SCN_RP_CUSTOM);
    scn_free(s);
    roundtrip(path);

    /* A swept probe interval: the timeout left to its default follows each
     * world's interval (10s at 30s, 9s at 10s) after printing too. */
    const char *tm =
        "drsim: 1\nname: tm\n"
        "storage: [{name: s, region: westeurope, redundancy: GRS}]\n"
        "vms: [{name: v, region: westeurope}]\n"
        "apps: [{name: a, tiers: [v], data: [s], entry: {traffic_manager: {interval: 30s}}}]\n"
        "strategies: [{name: w, kind: wait}]\n"
        "sweep:\n"
        "  apps.a.entry.traffic_manager.interval: [30s, 10s]\n";
    snprintf(path, sizeof path, "%s/tm.yaml", dir);
    cr_assert_eq(th_write_file(path, tm), 0);
    s = load_ok(path);
    cr_assert_eq(s->worlds[0].apps[0].tm_timeout, 10);
    cr_assert_eq(s->worlds[1].apps[0].tm_timeout, 9);
    scn_free(s);
    roundtrip(path);

    scn_diags d;
    scn_diags_init(&d);
    char longpath[512] =
        "drsim: 1\nname: x\nstrategies: [{name: w, kind: wait}]\nsweep: {detection";
    for (int i = 0; i < 40; i++)
        strcat(longpath, ".x");
    strcat(longpath, ": [1]}\n");
    cr_assert_null(load_text(longpath, &d));
    cr_assert_str_eq(d.items[0].message, "sweep: a path has at most 32 parts");
    scn_diags_free(&d);
}

/* Microsoft-managed failover: by default only for a destroyed unit (when:
 * destroyed), as long as a customer failover (an assumption), of a region
 * or a datacenter ("an entire physical unit"), never of a zone; one that can
 * never fire is warned of. An outage's control plane follows its scope
 * unless it says up, down or impaired. */
Test(loader, provider_failover_and_control_plane_keys)
{
    scn_diags d;
    scn_diags_init(&d);
    char text[1024];
#define HEAD                                                                                    \
    "drsim: 1\nname: p\nstrategies: [{name: w, kind: wait}]\n"                                 \
    "outages:\n  - {region: westeurope, scope: %s, at: 1h, duration: 2h, "                       \
    "destructive: %s, provider_failover: %s%s}\n"
    snprintf(text, sizeof text, HEAD, "datacenter", "0.5", "{after: 1h}", "");
    scn_scenario *s = load_text(text, &d);
    cr_assert_not_null(s);
    cr_assert_eq(d.len, 0, "%s", d.len ? d.items[0].message : "");
    const scn_outage *o = &s->worlds[0].outages[0];
    cr_assert(o->provider_failover && o->provider_when == SCN_PROVIDER_WHEN_DESTROYED);
    /* lognormal(p50=1h, p99=3h): mu = ln 1h, sigma = ln 3 / z(0.99). */
    cr_assert_eq(o->provider_duration.kind, DIST_LOGNORMAL);
    cr_assert_float_eq(o->provider_duration.a, log(DEF_PROVIDER_FAILOVER_P50), 1e-9);
    cr_assert_float_eq(o->provider_duration.b,
                       log(DEF_PROVIDER_FAILOVER_P99 / DEF_PROVIDER_FAILOVER_P50) / 2.3263478740,
                       1e-6);
    cr_assert_eq(o->control_plane, SCN_CP_SCOPE);
    scn_free(s);

    /* Never destructive: it never fires, said as a warning. */
    snprintf(text, sizeof text, HEAD, "region", "0", "{after: 1h}", "");
    s = load_text(text, &d);
    cr_assert_not_null(s);
    cr_assert_eq(d.errors, 0);
    cr_assert_eq(d.len, 1);
    cr_assert(d.items[0].warning && strstr(d.items[0].message, "it never fires") != NULL, "%s",
              d.items[0].message);
    scn_free(s);
    snprintf(text, sizeof text, HEAD, "region", "0", "{after: 1h, when: always, duration: 30m}",
             ", control_plane: {impaired: \"uniform(5m, 1h)\"}");
    s = load_text(text, &d);
    cr_assert_not_null(s);
    cr_assert_eq(d.len, 0, "%s", d.len ? d.items[0].message : "");
    o = &s->worlds[0].outages[0];
    cr_assert_eq(o->provider_when, SCN_PROVIDER_WHEN_ALWAYS);
    cr_assert(is_const(&o->provider_duration, 1800));
    cr_assert_eq(o->control_plane, SCN_CP_IMPAIRED);
    cr_assert(is_uniform(&o->cp_delay, 300, 3600));
    scn_free(s);

    /* A zone is not a unit Microsoft fails over. */
    snprintf(text, sizeof text, HEAD, "zone", "1", "{after: 1h}", ", control_plane: down");
    s = load_text(text, &d);
    cr_assert_null(s);
    cr_assert_eq(d.errors, 1);
    cr_assert(strstr(d.items[0].message, "region or datacenter, not to a zone") != NULL, "%s",
              d.items[0].message);
    scn_diags_free(&d);
#undef HEAD
}

/* ---- Settings from outside the file (drsim solve) ---------------------------------- */

static scn_scenario *load_set(const char *text, const char *path, const char *value,
                              scn_diags *d)
{
    char file[600];
    snprintf(file, sizeof file, "%s/set.yaml", th_tmpdir());
    cr_assert_eq(th_write_file(file, text), 0);
    scn_setting set = {path, value, "--param"};
    scn_scenario *s = NULL;
    scn_diags_init(d);
    scn_load_set(file, &set, 1, &s, d);
    return s;
}

Test(loader, a_setting_loads_as_the_file_with_that_value_would)
{
    /* The strategy's decide, and an outage's duration by index: the same
     * scenario as the file that writes those values, names unchanged. */
    scn_diags d;
    scn_scenario *s = load_set(minimal, "strategies.g.decide", "1h30m", &d);
    cr_assert_not_null(s, "%s", d.len ? d.items[0].message : "");
    scn_diags_free(&d);
    char *edited = mem_strdup(minimal);
    cr_assert_not_null(edited);
    char buf[2048];
    snprintf(buf, sizeof buf, "%.*s  - {name: g, kind: geo-restore, decide: 1h30m}\n%s",
             (int)(strstr(minimal, "  - {name: g") - minimal), minimal,
             strstr(minimal, "  - {name: a"));
    scn_scenario *want = load_text(buf, &d);
    cr_assert_not_null(want);
    scn_diags_free(&d);
    char why[512] = "";
    /* The sources differ (the file does not hold the setting): compare the
     * simulation only. */
    cr_assert(is_const(&s->variants[1].strategy->decide, 5400));
    cr_assert(scn_equal(s, want, why, sizeof why), "%s", why);
    cr_assert_str_eq(s->variants[1].name, "g");
    scn_free(s);
    scn_free(want);
    mem_free(edited);

    s = load_set(minimal, "outages.0.duration", "5h", &d);
    cr_assert_not_null(s);
    cr_assert(is_const(&s->worlds[0].outages[0].duration, 5 * 3600.0));
    scn_free(s);
    scn_diags_free(&d);
}

Test(loader, a_setting_is_checked_as_the_files_values_are)
{
    static const struct {
        const char *path, *value, *message;
    } cases[] = {
        /* a value the key refuses: the key's own check, no position */
        {"storage.data.geo_replication.bandwidth", "0", "bandwidth: must be greater than 0"},
        {"detection.monitor", "5x", "monitor: "},
        /* a path that does not fit the file */
        {"strategies.nope.decide", "1h",
         "--param: no element 'nope' in strategies (elements are named by their name, or by "
         "index from 0)"},
        {"strategies.g.decidd", "1h", "unknown key 'decidd'"},
        {"strategies.w.failover.after", "1h", "failover: "},
        {"seed", "3", "--param: 'seed' is not part of a world (--param varies"},
        {"strategies.g.name", "x", "--param: --param cannot change names"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        scn_diags d;
        scn_scenario *s = load_set(minimal, cases[i].path, cases[i].value, &d);
        cr_assert_null(s, "case %zu loaded", i);
        cr_assert_geq(d.errors, 1);
        bool found = false;
        for (size_t k = 0; k < d.len; k++)
            if (strstr(d.items[k].message, cases[i].message) != NULL) {
                found = true;
                cr_assert_eq(d.items[k].line, 0, "case %zu: a setting has no line", i);
            }
        if (!found)
            scn_diags_print(&d, stderr);
        cr_assert(found, "case %zu: no '%s'", i, cases[i].message);
        scn_diags_free(&d);
    }
}

Test(loader, a_sweep_may_not_overlap_a_setting)
{
    char text[2048];
    snprintf(text, sizeof text, "%ssweep: {strategies.g.decide: [0, 1h]}\n", minimal);
    scn_diags d;
    scn_scenario *s = load_set(text, "strategies.g.decide", "2h", &d);
    cr_assert_null(s);
    cr_assert_eq(d.errors, 1);
    cr_assert_str_eq(d.items[0].message,
                     "sweep: path 'strategies.g.decide' overlaps --param strategies.g.decide, "
                     "which sets it in every world (leave the path out of one of them)");
    cr_assert_eq(d.items[0].line, 11);
    scn_diags_free(&d);
    /* Another path: the sweep's variants, each with the setting. */
    s = load_set(text, "detection.monitor", "7m", &d);
    cr_assert_not_null(s);
    cr_assert_eq(s->nworlds, 2);
    cr_assert(is_const(&s->worlds[0].monitor, 420) && is_const(&s->worlds[1].monitor, 420));
    cr_assert_str_eq(s->variants[2].name, "g[decide=0]");
    scn_free(s);
    scn_diags_free(&d);
}

Test(loader, a_path_names_its_quantity_or_says_why_not)
{
    static const struct {
        const char *path;
        err_code rc;
        units_kind kind;
        bool dist;
        const char *message;
    } cases[] = {
        {"strategies.asr.decide", ERR_OK, UNITS_DURATION, true, NULL},
        {"storage.vhds.geo_replication.bandwidth", ERR_OK, UNITS_BYTE_RATE, true, NULL},
        {"outages.0.destructive", ERR_OK, UNITS_PROBABILITY, true, NULL},
        {"strategies.asr.recovery_point.custom", ERR_OK, UNITS_DURATION, false, NULL},
        {"storage.x.size", ERR_OK, UNITS_SIZE, false, NULL},
        {"horizon", ERR_OK, UNITS_DURATION, false, NULL},
        {"strategies.asr.decid", ERR_INPUT, 0, false,
         "'strategies.asr.decid': a strategy has no key 'decid' (did you mean 'decide'?)"},
        {"strategies.asr", ERR_INPUT, 0, false, "names an element, not a value inside it"},
        {"strategies.asr.kind", ERR_INPUT, 0, false, "is not a quantity"},
        {"detection", ERR_INPUT, 0, false, "names a section, not a value in it"},
        {"name", ERR_INPUT, 0, false, "'name' is not part of a world"},
        {"horizon.x", ERR_INPUT, 0, false, "'horizon' is a value, not a mapping or list"},
        {"strategies..decide", ERR_INPUT, 0, false, "is not a path such as"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        units_kind kind = UNITS_NUMBER;
        bool is_dist = false;
        err_msg e;
        err_clear(&e);
        err_code rc = scn_path_quantity(cases[i].path, &kind, &is_dist, &e);
        cr_assert_eq(rc, cases[i].rc, "case %zu: %s", i, e.text);
        if (rc == ERR_OK) {
            cr_assert_eq(kind, cases[i].kind, "case %zu", i);
            cr_assert_eq(is_dist, cases[i].dist, "case %zu", i);
        } else {
            cr_assert(strstr(e.text, cases[i].message) != NULL, "case %zu: %s", i, e.text);
        }
    }
}
