/*
 * scnprint.c — a resolved scenario written back as a scenario file.
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
#include "models/outcome.h"
#include "models/scenario/loaderInt.h"
#include "sim/core/mem.h"

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
    case FLD_TO_COSMOS:  return p->w->cosmos[i].name;
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
        if (f->kind == FLD_BOOL && *(const bool *)at(base, f->off) == (f->def.a != 0))
            return false;
        if (f->kind == FLD_VALUE && *(const double *)at(base, f->off) == f->def.a)
            return false;
        if (f->kind == FLD_ENUM && fld_enum_at(base, f->off) == (int)f->def.a)
            return false;
        if (f->kind == FLD_REF) {
            int32_t i;
            memcpy(&i, at(base, f->off), sizeof i);
            if (i == (int32_t)f->def.a)
                return false;
        }
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
    if (f->off == FLD_NOWHERE)
        return; /* the version and the strategies: scn_print writes them */
    const void *v = at(base, f->off);
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
        /* 0 stands for the row's word (needs: all), which reads back as 0. */
        if (uint_at(f, base) == 0 && f->names != NULL && f->names[0] != NULL) {
            key_scalar(p, ind, f->key, f->names[0]);
            break;
        }
        start(p, ind);
        out(p, "%s: %llu\n", f->key, (unsigned long long)uint_at(f, base));
        break;
    case FLD_BOOL:
        start(p, ind);
        out(p, "%s: %s\n", f->key, *(const bool *)v ? "true" : "false");
        break;
    case FLD_ENUM: {
        int e = fld_enum_at(base, f->off);
        if (f->sub && (size_t)e == ld_count(f->names)) {
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

/* An app's data: its storage accounts, then its SQL failover groups, then
 * its Cosmos DB accounts (one list in the file, three in the scenario). */
static void print_app_data(pr *p, const scn_app *app, int ind)
{
    start(p, ind);
    out(p, "data: [");
    size_t k = 0;
    for (size_t i = 0; i < app->ndata; i++, k++) {
        if (k)
            out(p, ", ");
        scalar(p, ref_name(p, FLD_TO_ACCOUNT, (int32_t)app->data[i]), true);
    }
    for (size_t i = 0; i < app->nsql; i++, k++) {
        if (k)
            out(p, ", ");
        scalar(p, p->w->sql[app->sql[i]].name, true);
    }
    for (size_t i = 0; i < app->ncosmos; i++, k++) {
        if (k)
            out(p, ", ");
        scalar(p, ref_name(p, FLD_TO_COSMOS, (int32_t)app->cosmos[i]), true);
    }
    out(p, "]\n");
}

static void print_rows(pr *p, const fld_table *t, const void *base, int ind)
{
    for (size_t i = 0; i < t->n; i++) {
        if (!shown(p, t, &t->fields[i], base))
            continue;
        if (t == &fld_app && t->fields[i].key != NULL && strcmp(t->fields[i].key, "data") == 0)
            print_app_data(p, base, ind);
        else
            print_row(p, &t->fields[i], base, ind);
    }
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
    for (size_t i = 0; i < w->nsql; i++) {
        mark_region(used, w, w->sql[i].region);
        if (w->sql[i].secondary >= 0)
            mark_region(used, w, (size_t)w->sql[i].secondary);
    }
    for (size_t i = 0; i < w->nvms; i++)
        mark_region(used, w, w->vms[i].region);
    for (size_t i = 0; i < w->noutages; i++)
        mark_region(used, w, w->outages[i].region);
    for (size_t i = 0; i < s->nstrategies; i++)
        if (s->strategies[i].kind == SCN_ASR || s->strategies[i].site_recovery)
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
    case OC_UNIT_COUNT:
    case OC_UNIT_MONEY:   break;
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
            if (x->given != NULL) /* "|" would be YAML's literal block unquoted */
                out(p, "    \"%s.%s | %s\": \"%s %s\"\n", x->metric, x->stat, x->given,
                    oc_op_names[x->op], v);
            else
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
