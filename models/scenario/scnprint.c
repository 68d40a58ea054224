/*
 * scnprint.c — a resolved scenario written back as a scenario file, and the
 * comparison of two scenarios.
 *
 * scn_print writes block-style YAML with every default spelled out and every
 * quantity in its canonical unit text (units.h), so that loading the output
 * gives the same scenario (scn_equal) and printing that again gives the same
 * bytes. Only what the loader would accept is written: keys that do not apply
 * to a strategy's kind are left out (they hold defaults), and so are optional
 * features that are off (test_failover, failback, provider_failover...).
 *
 * Regions: the catalogue is built in, so only the regions the scenario
 * defines, uses, or reaches through a pair are written (in index order, so
 * added regions keep their indices).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "models/azure/catalogue.h"
#include "models/scenario/loaderInt.h"
#include "sim/core/mem.h"
#include "models/outcome.h"

typedef struct pr {
    FILE *f;
    bool failed;
} pr;

static void out(pr *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void out(pr *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (vfprintf(p->f, fmt, ap) < 0)
        p->failed = true;
    va_end(ap);
}

/* A scalar, plain when that reads back the same, else double-quoted. */
static void scalar(pr *p, const char *t, bool flow)
{
    char *y = ld_yaml_scalar(t, strlen(t), flow);
    if (y == NULL) {
        p->failed = true;
        return;
    }
    out(p, "%s", y);
    mem_free(y);
}

static void key_scalar(pr *p, int ind, const char *key, const char *value)
{
    out(p, "%*s%s: ", ind, "", key);
    scalar(p, value, false);
    out(p, "\n");
}

static void key_value(pr *p, int ind, const char *key, units_kind kind, double v)
{
    char buf[128];
    units_format(kind, v, buf, sizeof buf);
    key_scalar(p, ind, key, buf);
}

static void key_dist(pr *p, int ind, const char *key, const dist *d, units_kind kind)
{
    char small[256];
    size_t need = dtext_format(d, kind, small, sizeof small);
    if (need < sizeof small) {
        key_scalar(p, ind, key, small);
        return;
    }
    char *big = mem_malloc(need + 1);
    if (big == NULL) {
        p->failed = true;
        return;
    }
    dtext_format(d, kind, big, need + 1);
    key_scalar(p, ind, key, big);
    mem_free(big);
}

static void key_bool(pr *p, int ind, const char *key, bool v)
{
    out(p, "%*s%s: %s\n", ind, "", key, v ? "true" : "false");
}

static void key_uint(pr *p, int ind, const char *key, unsigned long long v)
{
    out(p, "%*s%s: %llu\n", ind, "", key, v);
}

static void name_list(pr *p, int ind, const char *key, const scn_world *w, const uint32_t *idx,
                      size_t n, bool vms)
{
    out(p, "%*s%s: [", ind, "", key);
    for (size_t i = 0; i < n; i++) {
        if (i)
            out(p, ", ");
        scalar(p, vms ? w->vms[idx[i]].name : w->accounts[idx[i]].name, true);
    }
    out(p, "]\n");
}

static void print_disk(pr *p, int ind, const scn_disk *d, const scn_world *w, bool first_dash)
{
    int in = ind + (first_dash ? 2 : 0);
    if (first_dash)
        out(p, "%*s- ", ind, "");
    else
        out(p, "%*s", in, "");
    key_value(p, 0, "size", UNITS_SIZE, d->size);
    key_scalar(p, in, "kind", fld_disk_kind_names[d->kind]);
    if (d->kind == SCN_DISK_UNMANAGED)
        key_scalar(p, in, "account", w->accounts[d->account].name);
    else
        key_scalar(p, in, "redundancy", fld_redundancy_names[d->redundancy]);
    key_dist(p, in, "churn", &d->churn, UNITS_BYTE_RATE);
    key_dist(p, in, "io_size", &d->io_size, UNITS_SIZE);
}

static void mark_region(bool *used, const scn_world *w, size_t r)
{
    if (used[r])
        return;
    used[r] = true;
    if (w->regions[r].pair >= 0)
        mark_region(used, w, (size_t)w->regions[r].pair);
}

static void print_regions(pr *p, const scn_scenario *s, const scn_world *w)
{
    bool *used = mem_calloc(w->nregions, sizeof *used);
    if (used == NULL) {
        p->failed = true;
        return;
    }
    for (size_t i = 0; i < w->nregions; i++)
        if (w->regions[i].pos.line != 0 || i >= cat_nregions)
            mark_region(used, w, i);
    for (size_t i = 0; i < w->naccounts; i++)
        mark_region(used, w, w->accounts[i].region);
    for (size_t i = 0; i < w->nvms; i++)
        mark_region(used, w, w->vms[i].region);
    for (size_t i = 0; i < w->noutages; i++)
        mark_region(used, w, w->outages[i].region);
    for (size_t i = 0; i < s->nstrategies; i++)
        if (s->strategies[i].kind == SCN_ASR)
            mark_region(used, w, s->strategies[i].target);
    out(p, "regions:\n");
    for (size_t i = 0; i < w->nregions; i++) {
        if (!used[i])
            continue;
        const scn_region *r = &w->regions[i];
        out(p, "  - ");
        key_scalar(p, 0, "name", r->name);
        if (r->pair >= 0)
            key_scalar(p, 4, "pair", w->regions[r->pair].name);
        else
            key_scalar(p, 4, "pair", "none");
        key_uint(p, 4, "zones", r->zones);
        key_uint(p, 4, "datacenters", r->datacenters);
    }
    mem_free(used);
}

/* Whether a sweep path is <list>.<the entry's name or index><suffix>. */
static bool swept(const scn_scenario *s, const char *list, const char *name, size_t index,
                  const char *suffix)
{
    char num[32];
    snprintf(num, sizeof num, "%zu", index);
    size_t nl = strlen(list);
    for (size_t i = 0; i < s->nsweeps; i++) {
        const char *p = s->sweeps[i].path;
        if (strncmp(p, list, nl) != 0 || p[nl] != '.')
            continue;
        p += nl + 1;
        size_t n = strcspn(p, ".");
        bool named = (strlen(name) == n && strncmp(p, name, n) == 0) ||
                     (strlen(num) == n && strncmp(p, num, n) == 0);
        if (named && strcmp(p + n, suffix) == 0)
            return true;
    }
    return false;
}

static void print_world(pr *p, const scn_scenario *s, const scn_world *w)
{
    key_value(p, 0, "horizon", UNITS_DURATION, w->horizon);
    print_regions(p, s, w);

    out(p, "storage:%s\n", w->naccounts ? "" : " []");
    for (size_t i = 0; i < w->naccounts; i++) {
        const scn_account *a = &w->accounts[i];
        out(p, "  - ");
        key_scalar(p, 0, "name", a->name);
        key_scalar(p, 4, "region", w->regions[a->region].name);
        key_scalar(p, 4, "redundancy", fld_redundancy_names[a->redundancy]);
        if (a->zone != 0) /* absent = any: a sweep of redundancy stays valid */
            key_uint(p, 4, "zone", a->zone);
        out(p, "    writes:\n");
        key_dist(p, 6, "rate", &a->writes.rate, UNITS_RATE);
        key_dist(p, 6, "size", &a->writes.size, UNITS_SIZE);
        key_scalar(p, 6, "arrivals",
                   a->writes.arrivals == SCN_ARRIVALS_REGULAR ? "regular" : "poisson");
        out(p, "    geo_replication:\n");
        if (a->geo == SCN_GEO_LAG) {
            key_dist(p, 6, "lag", &a->lag, UNITS_DURATION);
        } else {
            key_dist(p, 6, "bandwidth", &a->bandwidth, UNITS_BYTE_RATE);
            key_dist(p, 6, "latency", &a->latency, UNITS_DURATION);
        }
        key_dist(p, 4, "dns_ttl", &a->dns_ttl, UNITS_DURATION);
        out(p, "    failover:\n");
        key_dist(p, 6, "duration", &a->failover_duration, UNITS_DURATION);
        key_dist(p, 4, "resync", &a->resync, UNITS_DURATION);
    }

    out(p, "vms:%s\n", w->nvms ? "" : " []");
    for (size_t i = 0; i < w->nvms; i++) {
        const scn_vm_group *g = &w->vms[i];
        out(p, "  - ");
        key_scalar(p, 0, "name", g->name);
        key_uint(p, 4, "count", g->count);
        key_scalar(p, 4, "region", w->regions[g->region].name);
        if (g->placement == SCN_PLACE_ZONE)
            key_uint(p, 4, "zone", g->zone);
        else
            key_scalar(p, 4, "zone", g->placement == SCN_PLACE_SPREAD ? "spread" : "any");
        out(p, "    os_disk:\n");
        print_disk(p, 6, &g->disks[0], w, false);
        if (g->ndisks > 1) {
            out(p, "    disks:\n");
            for (size_t d = 1; d < g->ndisks; d++)
                print_disk(p, 6, &g->disks[d], w, true);
        } else {
            out(p, "    disks: []\n");
        }
        key_dist(p, 4, "boot", &g->boot, UNITS_DURATION);
        key_dist(p, 4, "provision", &g->provision, UNITS_DURATION);
    }

    out(p, "apps:%s\n", w->napps ? "" : " []");
    for (size_t i = 0; i < w->napps; i++) {
        const scn_app *a = &w->apps[i];
        out(p, "  - ");
        key_scalar(p, 0, "name", a->name);
        name_list(p, 4, "tiers", w, a->tiers, a->ntiers, true);
        name_list(p, 4, "data", w, a->data, a->ndata, false);
        if (a->entry == SCN_ENTRY_TRAFFIC_MANAGER) {
            out(p, "    entry:\n      traffic_manager:\n");
            key_value(p, 8, "interval", UNITS_DURATION, a->tm_interval);
            /* A defaulted timeout follows the interval: when the interval is
             * swept, writing world 0's default would pin it for every world. */
            if (a->tm_timeout_given ||
                !swept(s, "apps", a->name, i, ".entry.traffic_manager.interval"))
                key_value(p, 8, "timeout", UNITS_DURATION, a->tm_timeout);
            key_uint(p, 8, "tolerated_failures", a->tm_tolerated);
            key_value(p, 8, "ttl", UNITS_DURATION, a->ttl);
        } else if (a->entry == SCN_ENTRY_DNS) {
            out(p, "    entry:\n      dns:\n");
            key_value(p, 8, "ttl", UNITS_DURATION, a->ttl);
        }
    }

    out(p, "detection:\n");
    key_dist(p, 2, "monitor", &w->monitor, UNITS_DURATION);
    out(p, "dns:\n");
    key_dist(p, 2, "overstay_share", &w->dns_overstay_share, UNITS_PROBABILITY);
    key_dist(p, 2, "overstay_max", &w->dns_overstay_max, UNITS_DURATION);
}

/* Whether a sweep path is strategies.<this strategy>.failover.after: then the
 * decision delay is written under that name, which the sweep replaces. */
static bool swept_as_after(const scn_scenario *s, size_t index)
{
    return swept(s, "strategies", s->strategies[index].name, index, ".failover.after");
}

static void print_strategy(pr *p, const scn_scenario *s, size_t index, const scn_world *w)
{
    const scn_strategy *st = &s->strategies[index];
    bool as_after = st->decide_from_disruption || swept_as_after(s, index);
    out(p, "  - ");
    key_scalar(p, 0, "name", st->name);
    key_scalar(p, 4, "kind", fld_strategy_kind_names[st->kind]);
    if (!as_after)
        key_dist(p, 4, "decide", &st->decide, UNITS_DURATION);
    if (as_after || st->has_failover_duration) {
        out(p, "    failover:\n");
        if (as_after)
            key_dist(p, 6, "after", &st->decide, UNITS_DURATION);
        if (st->has_failover_duration)
            key_dist(p, 6, "duration", &st->failover_duration, UNITS_DURATION);
    }
    if (st->kind == SCN_WAIT)
        return;
    if (st->kind == SCN_GEO_RESTORE) {
        key_dist(p, 4, "delete_vms", &st->delete_vms, UNITS_DURATION);
        key_dist(p, 4, "provision", &st->provision, UNITS_DURATION);
    } else {
        key_scalar(p, 4, "target", w->regions[st->target].name);
        if (st->recovery_point == SCN_RP_CUSTOM) {
            out(p, "    recovery_point:\n");
            key_value(p, 6, "custom", UNITS_DURATION, st->custom_age);
        } else {
            key_scalar(p, 4, "recovery_point", fld_recovery_point_names[st->recovery_point]);
        }
        key_value(p, 4, "app_consistent_every", UNITS_DURATION, st->app_consistent_every);
        key_value(p, 4, "retention", UNITS_DURATION, st->retention);
        key_bool(p, 4, "high_churn", st->high_churn);
        if (st->has_fixed_lag) {
            out(p, "    replication:\n");
            key_dist(p, 6, "lag", &st->fixed_lag, UNITS_DURATION);
        }
        key_dist(p, 4, "processing", &st->processing, UNITS_DURATION);
        key_dist(p, 4, "process_rate", &st->process_rate, UNITS_BYTE_RATE);
        key_dist(p, 4, "vm_create", &st->vm_create, UNITS_DURATION);
        out(p, "    capacity:\n");
        key_bool(p, 6, "reserved", st->capacity_reserved);
        key_dist(p, 6, "delay_probability", &st->capacity_delay_probability, UNITS_PROBABILITY);
        key_dist(p, 6, "delay", &st->capacity_delay, UNITS_DURATION);
        if (st->ngroups > 0) {
            out(p, "    plan:\n");
            for (size_t g = 0; g < st->ngroups; g++) {
                const scn_plan_group *pg = &st->plan[g];
                out(p, "      - ");
                key_scalar(p, 0, "group", pg->name);
                name_list(p, 8, "vms", w, pg->vms, pg->nvms, true);
                if (pg->nthen > 0) {
                    out(p, "        then:\n");
                    for (size_t a = 0; a < pg->nthen; a++) {
                        out(p, "          - ");
                        key_dist(p, 0,
                                 pg->then[a].kind == SCN_ACTION_SCRIPT ? "script" : "manual",
                                 &pg->then[a].duration, UNITS_DURATION);
                    }
                }
            }
        }
        if (st->nconsistency > 0) {
            out(p, "    consistency_groups:\n");
            for (size_t c = 0; c < st->nconsistency; c++) {
                out(p, "      - ");
                key_scalar(p, 0, "name", st->consistency[c].name);
                name_list(p, 8, "vms", w, st->consistency[c].vms, st->consistency[c].nvms, true);
            }
        }
        if (st->test_failover) {
            out(p, "    test_failover:\n");
            key_dist(p, 6, "at", &st->test_at, UNITS_DURATION);
        }
        key_dist(p, 4, "commit", &st->commit, UNITS_DURATION);
        key_dist(p, 4, "reprotect", &st->reprotect, UNITS_DURATION);
        key_bool(p, 4, "fail_over_data", st->fail_over_data);
    }
    if (st->failback) {
        out(p, "    failback:\n");
        key_dist(p, 6, "after", &st->failback_after, UNITS_DURATION);
        key_bool(p, 6, "planned", st->failback_planned);
    }
}

static void print_outages(pr *p, const scn_world *w)
{
    out(p, "outages:%s\n", w->noutages ? "" : " []");
    for (size_t i = 0; i < w->noutages; i++) {
        const scn_outage *o = &w->outages[i];
        out(p, "  - ");
        key_scalar(p, 0, "region", w->regions[o->region].name);
        /* "zone N" in one value, and zone/datacenter only when set, so that a
         * sweep of scope replaces all of it. */
        if (o->scope == SCN_SCOPE_ZONE && o->zone != 0)
            out(p, "    scope: zone %u\n", (unsigned)o->zone);
        else
            key_scalar(p, 4, "scope", fld_scope_names[o->scope]);
        if (o->scope == SCN_SCOPE_DATACENTER && o->zone != 0)
            key_uint(p, 4, "zone", o->zone);
        if (o->scope == SCN_SCOPE_DATACENTER && o->datacenter != 0)
            key_uint(p, 4, "datacenter", o->datacenter);
        key_dist(p, 4, "probability", &o->probability, UNITS_PROBABILITY);
        key_dist(p, 4, "at", &o->at, UNITS_DURATION);
        key_dist(p, 4, "duration", &o->duration, UNITS_DURATION);
        key_dist(p, 4, "destructive", &o->destructive, UNITS_PROBABILITY);
        if (o->provider_failover) {
            out(p, "    provider_failover:\n");
            key_dist(p, 6, "after", &o->provider_after, UNITS_DURATION);
        }
    }
}

static units_kind expect_kind(const scn_expect *x)
{
    if (strcmp(x->stat, "n") == 0)
        return UNITS_NUMBER;
    const oc_metric_info *mi = oc_metric_find(x->metric);
    switch (mi ? mi->unit : OC_UNIT_COUNT) {
    case OC_UNIT_SECONDS: return UNITS_DURATION;
    case OC_UNIT_BYTES:   return UNITS_SIZE;
    case OC_UNIT_SHARE:   return UNITS_PROBABILITY;
    case OC_UNIT_COUNT:   break;
    }
    return UNITS_NUMBER;
}

err_code scn_print(const scn_scenario *s, FILE *f)
{
    pr p = {f, false};
    const scn_world *w = &s->worlds[0];
    out(&p, "# The resolved scenario: every default filled in, units normalised.\n");
    out(&p, "drsim: 1\n");
    key_scalar(&p, 0, "name", s->name);
    if (s->description && s->description[0])
        key_scalar(&p, 0, "description", s->description);
    key_uint(&p, 0, "seed", (unsigned long long)s->seed);
    key_uint(&p, 0, "trials", (unsigned long long)s->trials);
    print_world(&p, s, w);
    out(&p, "strategies:\n");
    for (size_t i = 0; i < s->nstrategies; i++)
        print_strategy(&p, s, i, w);
    print_outages(&p, w);
    if (s->nsweeps > 0) {
        out(&p, "sweep:\n");
        for (size_t i = 0; i < s->nsweeps; i++) {
            const scn_sweep *sw = &s->sweeps[i];
            out(&p, "  ");
            scalar(&p, sw->path, false);
            out(&p, ":\n");
            for (size_t v = 0; v < sw->nvalues; v++) {
                out(&p, "    - ");
                if (sw->scalar[v])
                    scalar(&p, sw->values[v], false);
                else
                    out(&p, "%s", sw->values[v]);
                out(&p, "\n");
            }
        }
    }
    if (s->nexpects > 0) {
        out(&p, "expect:\n");
        for (size_t i = 0; i < s->nexpects; i++) {
            bool first = true;
            for (size_t j = 0; j < i && first; j++)
                first = strcmp(s->expects[j].target, s->expects[i].target) != 0;
            if (!first)
                continue;
            out(&p, "  ");
            scalar(&p, s->expects[i].target, false);
            out(&p, ":\n");
            for (size_t j = i; j < s->nexpects; j++) {
                const scn_expect *x = &s->expects[j];
                if (strcmp(x->target, s->expects[i].target) != 0)
                    continue;
                char v[128];
                units_format(expect_kind(x), x->threshold, v, sizeof v);
                out(&p, "    %s.%s: \"%s %s\"\n", x->metric, x->stat, oc_op_names[x->op], v);
            }
        }
    }
    if (fflush(f) != 0)
        p.failed = true;
    return p.failed ? ERR_IO : ERR_OK;
}

/* ---- Equality ---------------------------------------------------------------------- */

typedef struct eq {
    char *why;
    size_t n;
    bool differ;
} eq;

static void differ(eq *q, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void differ(eq *q, const char *fmt, ...)
{
    if (q->differ)
        return;
    q->differ = true;
    if (q->why && q->n) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(q->why, q->n, fmt, ap);
        va_end(ap);
    }
}

static void eq_str(eq *q, const char *what, const char *a, const char *b)
{
    if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
        differ(q, "%s: \"%s\" vs \"%s\"", what, a ? a : "(null)", b ? b : "(null)");
}

static void eq_num(eq *q, const char *what, double a, double b)
{
    if (!(a == b))
        differ(q, "%s: %.17g vs %.17g", what, a, b);
}

static void eq_u(eq *q, const char *what, unsigned long long a, unsigned long long b)
{
    if (a != b)
        differ(q, "%s: %llu vs %llu", what, a, b);
}

static void eq_dist(eq *q, const char *what, const dist *a, const dist *b)
{
    if (a->kind != b->kind || a->nonneg != b->nonneg || !(a->a == b->a) || !(a->b == b->b) ||
        !(a->c == b->c) || a->n != b->n) {
        differ(q, "%s: distributions differ (kind %d vs %d, %.17g/%.17g/%.17g vs "
                  "%.17g/%.17g/%.17g)", what, (int)a->kind, (int)b->kind, a->a, a->b, a->c, b->a,
               b->b, b->c);
        return;
    }
    for (size_t i = 0; i < a->n; i++)
        if (!(a->values[i] == b->values[i]))
            differ(q, "%s: empirical value %zu differs", what, i);
}

static void eq_idx(eq *q, const char *what, const uint32_t *a, size_t na, const uint32_t *b,
                   size_t nb)
{
    eq_u(q, what, na, nb);
    for (size_t i = 0; i < na && i < nb; i++)
        eq_u(q, what, a[i], b[i]);
}

static void eq_world(eq *q, const scn_world *a, const scn_world *b)
{
    eq_num(q, "horizon", a->horizon, b->horizon);
    eq_u(q, "regions", a->nregions, b->nregions);
    for (size_t i = 0; i < a->nregions && i < b->nregions; i++) {
        const scn_region *x = &a->regions[i], *y = &b->regions[i];
        eq_str(q, "region name", x->name, y->name);
        eq_u(q, "region pair", (unsigned long long)(x->pair + 1), (unsigned long long)(y->pair + 1));
        eq_u(q, "region zones", x->zones, y->zones);
        eq_u(q, "region datacenters", x->datacenters, y->datacenters);
    }
    eq_u(q, "accounts", a->naccounts, b->naccounts);
    for (size_t i = 0; i < a->naccounts && i < b->naccounts; i++) {
        const scn_account *x = &a->accounts[i], *y = &b->accounts[i];
        eq_str(q, "account name", x->name, y->name);
        eq_u(q, "account region", x->region, y->region);
        eq_u(q, "account redundancy", x->redundancy, y->redundancy);
        eq_u(q, "account zone", x->zone, y->zone);
        eq_dist(q, "writes.rate", &x->writes.rate, &y->writes.rate);
        eq_dist(q, "writes.size", &x->writes.size, &y->writes.size);
        eq_u(q, "writes.arrivals", x->writes.arrivals, y->writes.arrivals);
        eq_u(q, "geo", x->geo, y->geo);
        eq_dist(q, "lag", &x->lag, &y->lag);
        eq_dist(q, "bandwidth", &x->bandwidth, &y->bandwidth);
        eq_dist(q, "latency", &x->latency, &y->latency);
        eq_dist(q, "dns_ttl", &x->dns_ttl, &y->dns_ttl);
        eq_dist(q, "failover_duration", &x->failover_duration, &y->failover_duration);
        eq_dist(q, "resync", &x->resync, &y->resync);
    }
    eq_u(q, "vm groups", a->nvms, b->nvms);
    for (size_t i = 0; i < a->nvms && i < b->nvms; i++) {
        const scn_vm_group *x = &a->vms[i], *y = &b->vms[i];
        eq_str(q, "vm name", x->name, y->name);
        eq_u(q, "vm count", x->count, y->count);
        eq_u(q, "vm region", x->region, y->region);
        eq_u(q, "vm placement", x->placement, y->placement);
        eq_u(q, "vm zone", x->zone, y->zone);
        eq_u(q, "vm disks", x->ndisks, y->ndisks);
        for (size_t d = 0; d < x->ndisks && d < y->ndisks; d++) {
            const scn_disk *u = &x->disks[d], *v = &y->disks[d];
            eq_u(q, "disk os", u->os, v->os);
            eq_num(q, "disk size", u->size, v->size);
            eq_u(q, "disk kind", u->kind, v->kind);
            eq_u(q, "disk redundancy", u->redundancy, v->redundancy);
            eq_u(q, "disk account", (unsigned long long)(u->account + 1),
                 (unsigned long long)(v->account + 1));
            eq_dist(q, "disk churn", &u->churn, &v->churn);
            eq_dist(q, "disk io_size", &u->io_size, &v->io_size);
        }
        eq_dist(q, "boot", &x->boot, &y->boot);
        eq_dist(q, "provision", &x->provision, &y->provision);
    }
    eq_u(q, "apps", a->napps, b->napps);
    for (size_t i = 0; i < a->napps && i < b->napps; i++) {
        const scn_app *x = &a->apps[i], *y = &b->apps[i];
        eq_str(q, "app name", x->name, y->name);
        eq_idx(q, "app tiers", x->tiers, x->ntiers, y->tiers, y->ntiers);
        eq_idx(q, "app data", x->data, x->ndata, y->data, y->ndata);
        eq_u(q, "app entry", x->entry, y->entry);
        eq_num(q, "tm_interval", x->tm_interval, y->tm_interval);
        eq_num(q, "tm_timeout", x->tm_timeout, y->tm_timeout);
        eq_u(q, "tm_tolerated", x->tm_tolerated, y->tm_tolerated);
        eq_num(q, "ttl", x->ttl, y->ttl);
    }
    eq_dist(q, "monitor", &a->monitor, &b->monitor);
    eq_dist(q, "dns_overstay_share", &a->dns_overstay_share, &b->dns_overstay_share);
    eq_dist(q, "dns_overstay_max", &a->dns_overstay_max, &b->dns_overstay_max);
    eq_u(q, "outages", a->noutages, b->noutages);
    for (size_t i = 0; i < a->noutages && i < b->noutages; i++) {
        const scn_outage *x = &a->outages[i], *y = &b->outages[i];
        eq_u(q, "outage region", x->region, y->region);
        eq_u(q, "outage scope", x->scope, y->scope);
        eq_u(q, "outage zone", x->zone, y->zone);
        eq_u(q, "outage datacenter", x->datacenter, y->datacenter);
        eq_dist(q, "outage probability", &x->probability, &y->probability);
        eq_dist(q, "outage at", &x->at, &y->at);
        eq_dist(q, "outage duration", &x->duration, &y->duration);
        eq_dist(q, "outage destructive", &x->destructive, &y->destructive);
        eq_u(q, "provider_failover", x->provider_failover, y->provider_failover);
        eq_dist(q, "provider_after", &x->provider_after, &y->provider_after);
    }
}

static void eq_strategy(eq *q, const scn_strategy *x, const scn_strategy *y)
{
    eq_str(q, "strategy name", x->name, y->name);
    eq_u(q, "strategy kind", x->kind, y->kind);
    eq_dist(q, "decide", &x->decide, &y->decide);
    eq_u(q, "decide_from_disruption", x->decide_from_disruption, y->decide_from_disruption);
    eq_u(q, "fail_over_data", x->fail_over_data, y->fail_over_data);
    eq_u(q, "has_failover_duration", x->has_failover_duration, y->has_failover_duration);
    eq_dist(q, "failover_duration", &x->failover_duration, &y->failover_duration);
    eq_dist(q, "delete_vms", &x->delete_vms, &y->delete_vms);
    eq_dist(q, "provision", &x->provision, &y->provision);
    eq_u(q, "target", x->target, y->target);
    eq_u(q, "recovery_point", x->recovery_point, y->recovery_point);
    eq_num(q, "custom_age", x->custom_age, y->custom_age);
    eq_num(q, "app_consistent_every", x->app_consistent_every, y->app_consistent_every);
    eq_num(q, "retention", x->retention, y->retention);
    eq_u(q, "high_churn", x->high_churn, y->high_churn);
    eq_u(q, "has_fixed_lag", x->has_fixed_lag, y->has_fixed_lag);
    eq_dist(q, "fixed_lag", &x->fixed_lag, &y->fixed_lag);
    eq_dist(q, "processing", &x->processing, &y->processing);
    eq_dist(q, "process_rate", &x->process_rate, &y->process_rate);
    eq_dist(q, "vm_create", &x->vm_create, &y->vm_create);
    eq_u(q, "capacity_reserved", x->capacity_reserved, y->capacity_reserved);
    eq_dist(q, "capacity_delay_probability", &x->capacity_delay_probability,
            &y->capacity_delay_probability);
    eq_dist(q, "capacity_delay", &x->capacity_delay, &y->capacity_delay);
    eq_u(q, "plan groups", x->ngroups, y->ngroups);
    for (size_t g = 0; g < x->ngroups && g < y->ngroups; g++) {
        eq_str(q, "plan group", x->plan[g].name, y->plan[g].name);
        eq_idx(q, "plan vms", x->plan[g].vms, x->plan[g].nvms, y->plan[g].vms, y->plan[g].nvms);
        eq_u(q, "plan actions", x->plan[g].nthen, y->plan[g].nthen);
        for (size_t a = 0; a < x->plan[g].nthen && a < y->plan[g].nthen; a++) {
            eq_u(q, "action kind", x->plan[g].then[a].kind, y->plan[g].then[a].kind);
            eq_dist(q, "action", &x->plan[g].then[a].duration, &y->plan[g].then[a].duration);
        }
    }
    eq_u(q, "consistency groups", x->nconsistency, y->nconsistency);
    for (size_t c = 0; c < x->nconsistency && c < y->nconsistency; c++) {
        eq_str(q, "consistency group", x->consistency[c].name, y->consistency[c].name);
        eq_idx(q, "consistency vms", x->consistency[c].vms, x->consistency[c].nvms,
               y->consistency[c].vms, y->consistency[c].nvms);
    }
    eq_u(q, "test_failover", x->test_failover, y->test_failover);
    eq_dist(q, "test_at", &x->test_at, &y->test_at);
    eq_dist(q, "commit", &x->commit, &y->commit);
    eq_dist(q, "reprotect", &x->reprotect, &y->reprotect);
    eq_u(q, "failback", x->failback, y->failback);
    eq_dist(q, "failback_after", &x->failback_after, &y->failback_after);
    eq_u(q, "failback_planned", x->failback_planned, y->failback_planned);
}

bool scn_equal(const scn_scenario *a, const scn_scenario *b, char *why, size_t n)
{
    eq q = {why, n, false};
    if (why && n)
        why[0] = '\0';
    eq_str(&q, "name", a->name, b->name);
    eq_str(&q, "description", a->description, b->description);
    eq_u(&q, "seed", a->seed, b->seed);
    eq_u(&q, "trials", a->trials, b->trials);
    eq_u(&q, "worlds", a->nworlds, b->nworlds);
    for (size_t w = 0; w < a->nworlds && w < b->nworlds; w++)
        eq_world(&q, &a->worlds[w], &b->worlds[w]);
    eq_u(&q, "strategies", a->nstrategies, b->nstrategies);
    eq_u(&q, "variants", a->nvariants, b->nvariants);
    for (size_t v = 0; v < a->nvariants && v < b->nvariants; v++) {
        const scn_variant *x = &a->variants[v], *y = &b->variants[v];
        eq_str(&q, "variant name", x->name, y->name);
        eq_str(&q, "variant params", x->params_json, y->params_json);
        eq_u(&q, "variant strategy", x->strategy_index, y->strategy_index);
        eq_u(&q, "variant world", x->world_index, y->world_index);
        eq_strategy(&q, x->strategy, y->strategy);
    }
    eq_u(&q, "expectations", a->nexpects, b->nexpects);
    for (size_t i = 0; i < a->nexpects && i < b->nexpects; i++) {
        const scn_expect *x = &a->expects[i], *y = &b->expects[i];
        eq_str(&q, "expect target", x->target, y->target);
        eq_str(&q, "expect metric", x->metric, y->metric);
        eq_str(&q, "expect stat", x->stat, y->stat);
        eq_u(&q, "expect op", x->op, y->op);
        eq_num(&q, "expect threshold", x->threshold, y->threshold);
    }
    return !q.differ;
}
