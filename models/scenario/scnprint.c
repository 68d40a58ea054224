/*
 * scnprint.c — a resolved scenario written back as a scenario file, and the
 * comparison of two scenarios.
 *
 * scn_print walks the tables of fields.h: each section's rows in order, each
 * value written by its row's kind in its canonical unit text (units.h), every
 * default spelled out, so that loading the output gives the same scenario
 * and printing that again gives the same bytes. Only what the loader would
 * accept is written: rows that do not apply to an entry (a strategy's kind,
 * a disk's kind, lag or bandwidth) are left out, and so are optional
 * features that are off (their FLD_OMIT_ABSENT rows: test_failover,
 * failback, provider_failover...).
 *
 * What the tables do not say is here: which regions are written (the
 * catalogue is built in, so only the regions the scenario defines, uses, or
 * reaches through a pair, in index order so that added regions keep their
 * indices), a Traffic Manager timeout left to follow a swept interval, and
 * the sweep and expectations as read.
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
    bool dash;               /* the next line is a list entry's first: "- " */
    const scn_scenario *s;
    const scn_world *w;      /* what references name */
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

/* Starts a line at indent ind: a list entry's first line has its dash in the
 * last two columns of the indent. */
static void start(pr *p, int ind)
{
    if (p->dash) {
        out(p, "%*s- ", ind - 2, "");
        p->dash = false;
    } else {
        out(p, "%*s", ind, "");
    }
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
    start(p, ind);
    out(p, "%s: ", key);
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

/* ---- Rows by their kind ------------------------------------------------------------ */

static const void *at(const void *base, size_t off)
{
    return (const char *)base + off;
}

static bool bool_at(const void *base, size_t off)
{
    return *(const bool *)at(base, off);
}

static size_t count_at(const void *base, size_t off)
{
    return *(const size_t *)at(base, off);
}

static uint64_t uint_at(const fld_field *f, const void *base)
{
    if (f->flags & FLD_U64)
        return *(const uint64_t *)at(base, f->off);
    return *(const uint32_t *)at(base, f->off);
}

static const char *ref_name(const pr *p, fld_ref ref, int32_t i)
{
    switch (ref) {
    case FLD_TO_REGION:  return p->w->regions[i].name;
    case FLD_TO_ACCOUNT: return p->w->accounts[i].name;
    case FLD_TO_VM:      return p->w->vms[i].name;
    case FLD_NREFS:      break;
    }
    return "?";
}

/* Where a FLD_MAP's rows land, and a FLD_LIST's entries. */
static const void *map_base(const fld_field *f, const void *base)
{
    if (f->flags & FLD_LAND_FIRST)
        return *(const void *const *)at(base, f->off);
    return at(base, f->off);
}

static size_t list_first(const fld_field *f)
{
    return (f->flags & FLD_AFTER_FIRST) ? 1 : 0;
}

static size_t list_len(const fld_field *f, const void *base)
{
    size_t n = count_at(base, f->count);
    return n > list_first(f) ? n - list_first(f) : 0;
}

static bool shown(pr *p, const fld_table *t, const fld_field *f, const void *base);

static bool any_shown(pr *p, const fld_table *t, const void *base)
{
    for (size_t i = 0; i < t->n; i++)
        if (shown(p, t, &t->fields[i], base))
            return true;
    return false;
}

/* Whether the Traffic Manager timeout of the app at base is written: a
 * defaulted timeout follows the interval, and when the interval is swept,
 * writing world 0's default would pin it for every world. */
static bool timeout_shown(const pr *p, const scn_app *a)
{
    if (a->tm_timeout_given)
        return true;
    size_t index = (size_t)(a - p->w->apps);
    char num[32];
    snprintf(num, sizeof num, "%zu", index);
    const char *suffix = ".entry.traffic_manager.interval";
    for (size_t i = 0; i < p->s->nsweeps; i++) {
        const char *path = p->s->sweeps[i].path;
        if (strncmp(path, "apps.", 5) != 0)
            continue;
        path += 5;
        size_t n = strcspn(path, ".");
        bool named = (strlen(a->name) == n && strncmp(path, a->name, n) == 0) ||
                     (strlen(num) == n && strncmp(path, num, n) == 0);
        if (named && strcmp(path + n, suffix) == 0)
            return false;
    }
    return true;
}

/* Whether row f of t is written for the entry at base. */
static bool shown(pr *p, const fld_table *t, const fld_field *f, const void *base)
{
    if (f->key == NULL || f->kind == FLD_SWEEP || f->kind == FLD_EXPECT)
        return false;
    if (!fld_applies(f, f->when_mask ? fld_enum_at(base, f->when_off) : 0))
        return false;
    if ((f->flags & FLD_OMIT_ABSENT) && !bool_at(base, f->present))
        return false;
    if ((f->flags & FLD_OMIT_PRESENT) && bool_at(base, f->present))
        return false;
    if (f->flags & FLD_OMIT_DEFAULT) {
        if (f->kind == FLD_UINT && uint_at(f, base) == (uint64_t)f->def.a)
            return false;
        if (f->kind == FLD_TEXT) {
            const char *text = *(const char *const *)at(base, f->off);
            if (text == NULL || strcmp(text, f->def.text ? f->def.text : "") == 0)
                return false;
        }
    }
    if ((f->flags & FLD_OMIT_EMPTY) && f->kind == FLD_REFS && count_at(base, f->count) == 0)
        return false;
    if ((f->flags & FLD_OMIT_EMPTY) && f->kind == FLD_LIST && list_len(f, base) == 0)
        return false;
    if (f->kind == FLD_MAP && !any_shown(p, f->sub, map_base(f, base)))
        return false;
    if (t == &fld_traffic_manager && f == fld_find(t, "timeout"))
        return timeout_shown(p, base);
    return true;
}

static void print_rows(pr *p, const fld_table *t, const void *base, int ind);

static void print_row(pr *p, const fld_field *f, const void *base, int ind)
{
    const void *v = f->off == FLD_NOWHERE ? NULL : at(base, f->off);
    char buf[64];
    if (f->show != NULL) {
        f->show(base, buf, sizeof buf);
        key_scalar(p, ind, f->key, buf);
        return;
    }
    switch (f->kind) {
    case FLD_NAME:
    case FLD_TEXT:
        key_scalar(p, ind, f->key, *(const char *const *)v);
        break;
    case FLD_UINT:
        start(p, ind);
        out(p, "%s: %llu\n", f->key, (unsigned long long)uint_at(f, base));
        break;
    case FLD_BOOL:
        start(p, ind);
        out(p, "%s: %s\n", f->key, *(const bool *)v ? "true" : "false");
        break;
    case FLD_ENUM: {
        int e = fld_enum_at(base, f->off);
        if (f->sub && (size_t)e == fld_count(f->names)) {
            start(p, ind);
            out(p, "%s:\n", f->key);
            print_rows(p, f->sub, base, ind + 2);
        } else {
            key_scalar(p, ind, f->key, f->names[e]);
        }
        break;
    }
    case FLD_VALUE:
        key_value(p, ind, f->key, f->units, *(const double *)v);
        break;
    case FLD_DIST:
        key_dist(p, ind, f->key, v, f->units);
        break;
    case FLD_REF: {
        int32_t i;
        memcpy(&i, v, sizeof i);
        key_scalar(p, ind, f->key, i < 0 ? "none" : ref_name(p, f->ref, i));
        break;
    }
    case FLD_REFS: {
        const uint32_t *idx = *(const uint32_t *const *)v;
        size_t n = count_at(base, f->count);
        start(p, ind);
        out(p, "%s: [", f->key);
        for (size_t i = 0; i < n; i++) {
            if (i)
                out(p, ", ");
            scalar(p, ref_name(p, f->ref, (int32_t)idx[i]), true);
        }
        out(p, "]\n");
        break;
    }
    case FLD_MAP:
        start(p, ind);
        out(p, "%s:\n", f->key);
        print_rows(p, f->sub, map_base(f, base), ind + 2);
        break;
    case FLD_LIST: {
        size_t n = list_len(f, base);
        start(p, ind);
        out(p, "%s:%s\n", f->key, n ? "" : " []");
        const char *arr = *(const char *const *)v;
        for (size_t i = 0; i < n; i++) {
            p->dash = true;
            print_rows(p, f->sub, arr + (list_first(f) + i) * f->sub->size, ind + 4);
        }
        break;
    }
    case FLD_SWEEP:
    case FLD_EXPECT:
        break;
    }
}

static void print_rows(pr *p, const fld_table *t, const void *base, int ind)
{
    for (size_t i = 0; i < t->n; i++)
        if (shown(p, t, &t->fields[i], base))
            print_row(p, &t->fields[i], base, ind);
}

/* ---- Sections the tables do not say everything about ------------------------------------- */

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
    for (size_t i = 0; i < w->nregions; i++)
        if (used[i]) {
            p->dash = true;
            print_rows(p, &fld_region, &w->regions[i], 4);
        }
    mem_free(used);
}

static void print_sweep(pr *p, const scn_scenario *s)
{
    if (s->nsweeps == 0)
        return;
    out(p, "sweep:\n");
    for (size_t i = 0; i < s->nsweeps; i++) {
        const scn_sweep *sw = &s->sweeps[i];
        out(p, "  ");
        scalar(p, sw->path, false);
        out(p, ":\n");
        for (size_t v = 0; v < sw->nvalues; v++) {
            out(p, "    - ");
            if (sw->scalar[v])
                scalar(p, sw->values[v], false);
            else
                out(p, "%s", sw->values[v]);
            out(p, "\n");
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

static void print_expect(pr *p, const scn_scenario *s)
{
    if (s->nexpects == 0)
        return;
    out(p, "expect:\n");
    for (size_t i = 0; i < s->nexpects; i++) {
        bool first = true;
        for (size_t j = 0; j < i && first; j++)
            first = strcmp(s->expects[j].target, s->expects[i].target) != 0;
        if (!first)
            continue;
        out(p, "  ");
        scalar(p, s->expects[i].target, false);
        out(p, ":\n");
        for (size_t j = i; j < s->nexpects; j++) {
            const scn_expect *x = &s->expects[j];
            if (strcmp(x->target, s->expects[i].target) != 0)
                continue;
            char v[128];
            units_format(expect_kind(x), x->threshold, v, sizeof v);
            out(p, "    %s.%s: \"%s %s\"\n", x->metric, x->stat, oc_op_names[x->op], v);
        }
    }
}

err_code scn_print(const scn_scenario *s, FILE *f)
{
    pr p = {.f = f, .s = s, .w = &s->worlds[0]};
    out(&p, "# The resolved scenario: every default filled in, units normalised.\n");
    for (size_t i = 0; i < fld_top.n; i++) {
        const fld_field *row = &fld_top.fields[i];
        if (row->kind == FLD_SWEEP) {
            print_sweep(&p, s);
        } else if (row->kind == FLD_EXPECT) {
            print_expect(&p, s);
        } else if (row->flags & FLD_VERSION) {
            out(&p, "%s: %llu\n", row->key, (unsigned long long)row->max);
        } else if (row->off == FLD_NOWHERE) {
            /* The strategies: world 0's, as the sweep leaves them. */
            out(&p, "%s:\n", row->key);
            for (size_t k = 0; k < s->nstrategies; k++) {
                p.dash = true;
                print_rows(&p, row->sub, &s->strategies[k], 4);
            }
        } else if (row->sub == &fld_region) {
            print_regions(&p, s, p.w);
        } else {
            const void *base = (row->flags & FLD_WORLD) ? (const void *)p.w : (const void *)s;
            if (shown(&p, &fld_top, row, base))
                print_row(&p, row, base, 0);
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
