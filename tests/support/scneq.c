/*
 * scneq.c — two scenarios compared row by row of the format's tables.
 *
 * The walk follows fields.h the way the loader and the printer do: a row's
 * kind says how its landing compares (strings, whole numbers, enums, doubles
 * bit for bit, distributions field by field, lists element by element), and
 * rows without a key (derived landings) and "given" flags are compared too,
 * so a field the tables declare cannot be forgotten here. The first
 * difference is described with its path, "worlds[1].storage[0].zone".
 */
#include "tests/support/scneq.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "models/scenario/fields.h"

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

static void eq_i(eq *q, const char *what, long long a, long long b)
{
    if (a != b)
        differ(q, "%s: %lld vs %lld", what, a, b);
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

static const void *at(const void *base, size_t off)
{
    return (const char *)base + off;
}

static size_t count_at(const void *base, size_t off)
{
    return *(const size_t *)at(base, off);
}

static int32_t i32_at(const void *base, size_t off)
{
    int32_t v;
    memcpy(&v, at(base, off), sizeof v);
    return v;
}

static void eq_rows(eq *q, const fld_table *t, const void *a, const void *b, const char *path);

static void eq_row(eq *q, const fld_field *f, const void *a, const void *b, const char *path)
{
    char here[512];
    /* A derived landing is named after what it tells (its doc). */
    snprintf(here, sizeof here, "%s%s%s", path, path[0] ? "." : "",
             f->key ? f->key : f->doc);
    /* An option's flag (failback, test_failover...) is part of the scenario;
     * a value's flag that only records how the file was written (the Traffic
     * Manager timeout's: printing writes it out) is not, as positions are
     * not. */
    if ((f->flags & FLD_PRESENT) && (f->flags & FLD_OMIT_ABSENT)) {
        char given[600];
        snprintf(given, sizeof given, "%s given", here);
        eq_u(q, given, *(const bool *)at(a, f->present), *(const bool *)at(b, f->present));
    }
    if (f->off == FLD_NOWHERE)
        return;
    const void *x = at(a, f->off), *y = at(b, f->off);
    switch (f->kind) {
    case FLD_NAME:
    case FLD_TEXT:
        eq_str(q, here, *(const char *const *)x, *(const char *const *)y);
        break;
    case FLD_UINT:
        if (f->flags & FLD_U64)
            eq_u(q, here, *(const uint64_t *)x, *(const uint64_t *)y);
        else
            eq_u(q, here, *(const uint32_t *)x, *(const uint32_t *)y);
        break;
    case FLD_BOOL:
        eq_u(q, here, *(const bool *)x, *(const bool *)y);
        break;
    case FLD_ENUM:
        eq_i(q, here, fld_enum_at(a, f->off), fld_enum_at(b, f->off));
        if (f->sub)
            eq_rows(q, f->sub, a, b, here);
        break;
    case FLD_VALUE:
        eq_num(q, here, *(const double *)x, *(const double *)y);
        break;
    case FLD_DIST:
        eq_dist(q, here, x, y);
        break;
    case FLD_REF:
        eq_i(q, here, i32_at(a, f->off), i32_at(b, f->off));
        break;
    case FLD_REFS: {
        size_t na = count_at(a, f->count), nb = count_at(b, f->count);
        eq_u(q, here, na, nb);
        const uint32_t *u = *(const uint32_t *const *)x, *v = *(const uint32_t *const *)y;
        for (size_t i = 0; i < na && i < nb; i++)
            eq_u(q, here, u[i], v[i]);
        break;
    }
    case FLD_MAP:
        if (f->flags & FLD_LAND_FIRST)
            eq_rows(q, f->sub, *(const void *const *)x, *(const void *const *)y, here);
        else
            eq_rows(q, f->sub, x, y, here);
        break;
    case FLD_LIST: {
        size_t na = count_at(a, f->count), nb = count_at(b, f->count);
        eq_u(q, here, na, nb);
        const char *u = *(const char *const *)x, *v = *(const char *const *)y;
        size_t first = (f->flags & FLD_AFTER_FIRST) ? 1 : 0;
        for (size_t i = first; i < na && i < nb; i++) {
            char item[600];
            snprintf(item, sizeof item, "%s[%zu]", here, i - first);
            eq_rows(q, f->sub, u + i * f->sub->size, v + i * f->sub->size, item);
        }
        break;
    }
    case FLD_SWEEP:
    case FLD_EXPECT:
        break;
    }
}

static void eq_rows(eq *q, const fld_table *t, const void *a, const void *b, const char *path)
{
    for (size_t i = 0; i < t->n && !q->differ; i++)
        eq_row(q, &t->fields[i], a, b, path);
}

bool scn_equal(const scn_scenario *a, const scn_scenario *b, char *why, size_t n)
{
    eq q = {why, n, false};
    if (why && n)
        why[0] = '\0';
    /* The top level's own rows, then each world's. */
    for (size_t i = 0; i < fld_top.n; i++)
        if (!(fld_top.fields[i].flags & FLD_WORLD))
            eq_row(&q, &fld_top.fields[i], a, b, "");
    eq_u(&q, "worlds", a->nworlds, b->nworlds);
    for (size_t w = 0; w < a->nworlds && w < b->nworlds; w++) {
        char path[64];
        snprintf(path, sizeof path, "worlds[%zu]", w);
        for (size_t i = 0; i < fld_top.n; i++)
            if (fld_top.fields[i].flags & FLD_WORLD)
                eq_row(&q, &fld_top.fields[i], &a->worlds[w], &b->worlds[w], path);
    }
    /* Strategies as each variant has them (a sweep may vary them). */
    eq_u(&q, "strategies", a->nstrategies, b->nstrategies);
    eq_u(&q, "variants", a->nvariants, b->nvariants);
    for (size_t v = 0; v < a->nvariants && v < b->nvariants; v++) {
        const scn_variant *x = &a->variants[v], *y = &b->variants[v];
        char path[64];
        snprintf(path, sizeof path, "variants[%zu]", v);
        eq_str(&q, "variant name", x->name, y->name);
        eq_str(&q, "variant params", x->params_json, y->params_json);
        eq_u(&q, "variant strategy", x->strategy_index, y->strategy_index);
        eq_u(&q, "variant world", x->world_index, y->world_index);
        eq_rows(&q, &fld_strategy, x->strategy, y->strategy, path);
    }
    eq_u(&q, "expectations", a->nexpects, b->nexpects);
    for (size_t i = 0; i < a->nexpects && i < b->nexpects; i++) {
        const scn_expect *x = &a->expects[i], *y = &b->expects[i];
        eq_str(&q, "expect target", x->target, y->target);
        eq_str(&q, "expect metric", x->metric, y->metric);
        eq_str(&q, "expect stat", x->stat, y->stat);
        eq_u(&q, "expect op", x->op, y->op);
        eq_num(&q, "expect threshold", x->threshold, y->threshold);
        eq_str(&q, "expect given", x->given ? x->given : "", y->given ? y->given : "");
    }
    return !q.differ;
}
