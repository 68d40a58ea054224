/*
 * schema.c — the JSON Schema of the scenario format, written from its tables
 * (fields.h), for `drsim schema` and scenarios/drsim.schema.json.
 *
 * One function per row kind writes the row's value schema: names and
 * references by their pattern, whole numbers by their bounds, words as an
 * enum, quantities and distributions as text patterns of their unit (a bare
 * number 0 too, as YAML reads `0`), mappings and lists of entries as objects
 * of their tables. A row's description is its documentation line, with its
 * default and the models/azure/defaults.h constants it comes from; its
 * default is the JSON "default" editors offer. A table with a discriminating
 * row (a strategy's kind, a disk's kind) says in "allOf" which keys each of
 * its values takes, and which become required.
 *
 * Invariants: the output depends on the tables alone (no locale, no time), so
 * a test keeps scenarios/drsim.schema.json identical to it; every object has
 * additionalProperties false (the sweep and the expectations, whose keys are
 * paths and targets, constrain theirs by a schema instead).
 */
#include "models/scenario/schema.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "models/outcome.h"
#include "models/scenario/loaderInt.h"
#include "sim/core/jsonw.h"
#include "sim/core/mem.h"
#include "sim/core/stats.h"
#include "sim/core/strbuf.h"

/* ---- Patterns of quantities ------------------------------------------------------------ */

/* A decimal number (units.c's scanner), and a zero that needs no unit. */
#define NUM "(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
#define ZERO "[+-]?(?:0+\\.?0*|\\.0+)"
#define SIZE_UNIT "(?:B|KB|KiB|MB|MiB|GB|GiB|TB|TiB)"
#define PER_TIME "/ *(?:s|min|h|d)"
#define DIST_FORM "(?:uniform|exponential|normal|lognormal|weibull|triangular|empirical) *\\(.*\\)"

#define NAME_PATTERN "^[A-Za-z0-9_-]{1,63}$"

/* A fixed value of a unit with one, as text (without anchors). */
static const char *quantity(units_kind kind)
{
    switch (kind) {
    case UNITS_DURATION:    return "(?:\\+?" NUM " *(?:us|ms|s|m|h|d) *)+";
    case UNITS_SIZE:        return "\\+?" NUM " *" SIZE_UNIT;
    case UNITS_RATE:        return "\\+?" NUM " *" PER_TIME;
    case UNITS_BYTE_RATE:   return "\\+?" NUM " *" SIZE_UNIT " *" PER_TIME;
    case UNITS_NUMBER:
    case UNITS_PROBABILITY: break;
    }
    return "[+-]?" NUM;
}

static bool plain_number(units_kind kind)
{
    return kind == UNITS_NUMBER || kind == UNITS_PROBABILITY;
}

/* A value of a unit (a distribution too when dist): a number for plain
 * numbers, text for the others (a bare 0 as a number too, unless the row
 * refuses zero: no_zero). */
static void write_quantity(jw *w, units_kind kind, bool is_dist, bool no_zero)
{
    char pattern[512];
    if (plain_number(kind)) {
        jw_key(w, "anyOf");
        jw_arr_begin(w);
        jw_obj_begin(w);
        jw_key(w, "type");
        jw_str(w, "number");
        if (kind == UNITS_PROBABILITY) {
            jw_key(w, no_zero ? "exclusiveMinimum" : "minimum");
            jw_int(w, 0);
            jw_key(w, "maximum");
            jw_int(w, 1);
        } else if (no_zero) {
            jw_key(w, "exclusiveMinimum");
            jw_int(w, 0);
        }
        jw_obj_end(w);
        jw_obj_begin(w);
        jw_key(w, "type");
        jw_str(w, "string");
        jw_key(w, "pattern");
        snprintf(pattern, sizeof pattern, "^ *(?:%s%s) *$", quantity(kind),
                 is_dist ? "|" DIST_FORM : "");
        jw_str(w, pattern);
        jw_obj_end(w);
        jw_arr_end(w);
        return;
    }
    if (no_zero) {
        /* Only text, with a digit other than 0 before any exponent ("0s",
         * "0.0GiB" are refused; "0h 30m" is not). */
        jw_key(w, "type");
        jw_str(w, "string");
        jw_key(w, "pattern");
        snprintf(pattern, sizeof pattern, "^ *(?:(?=[^eE]*[1-9])(?:%s)%s) *$", quantity(kind),
                 is_dist ? "|" DIST_FORM : "");
        jw_str(w, pattern);
        return;
    }
    jw_key(w, "anyOf");
    jw_arr_begin(w);
    jw_obj_begin(w);
    jw_key(w, "type");
    jw_str(w, "string");
    jw_key(w, "pattern");
    snprintf(pattern, sizeof pattern, "^ *(?:%s|%s%s) *$", quantity(kind), ZERO,
             is_dist ? "|" DIST_FORM : "");
    jw_str(w, pattern);
    jw_obj_end(w);
    jw_obj_begin(w);
    jw_key(w, "const");
    jw_int(w, 0);
    jw_obj_end(w);
    jw_arr_end(w);
}

/* ---- Descriptions and defaults ------------------------------------------------------- */

/* The default of a row as the text a file would hold, or NULL when it has
 * none worth saying (required rows, names, references, lists). */
static const char *default_text(const fld_field *f, char *buf, size_t n)
{
    if ((f->flags & FLD_REQUIRED) || f->off == FLD_NOWHERE)
        return NULL;
    switch (f->kind) {
    case FLD_UINT:
        if (f->names && f->def.a == 0)
            return f->names[0];
        snprintf(buf, n, "%llu", (unsigned long long)f->def.a);
        return buf;
    case FLD_BOOL:
        return f->def.a != 0 ? "true" : "false";
    case FLD_ENUM:
        return f->names[(int)f->def.a];
    case FLD_VALUE:
        units_format(f->units, f->def.a, buf, n);
        return buf;
    case FLD_DIST: {
        dist d;
        ld_default_dist(&f->def, &d);
        dtext_format(&d, f->units, buf, n);
        return buf;
    }
    default:
        return NULL;
    }
}

/* Whether a default's source names a models/azure/defaults.h constant (not
 * a literal or a scenario.h enum value). */
static bool sourced(const fld_default *d)
{
    return d->src != NULL && isupper((unsigned char)d->src[0]) && strncmp(d->src, "SCN_", 4) != 0;
}

static void write_description(jw *w, const char *doc, const fld_field *f)
{
    strbuf b = {0};
    if (doc && doc[0]) {
        char first = (char)toupper((unsigned char)doc[0]);
        sb_add(&b, &first, 1);
        sb_str(&b, doc + 1);
        sb_str(&b, ".");
    }
    char buf[128];
    const char *def = f ? default_text(f, buf, sizeof buf) : NULL;
    if (def != NULL) {
        sb_printf(&b, " Default: %s", def);
        if (sourced(&f->def))
            sb_printf(&b, " (%s, models/azure/defaults.h)", f->def.src);
        sb_str(&b, ".");
    }
    jw_key(w, "description");
    jw_str(w, sb_text(&b));
    if (b.oom)
        w->failed = true;
    sb_free(&b);
}

static void write_default(jw *w, const fld_field *f)
{
    char buf[128];
    const char *text = default_text(f, buf, sizeof buf);
    if (text == NULL)
        return;
    jw_key(w, "default");
    if (f->kind == FLD_UINT && !(f->names && f->def.a == 0))
        jw_uint(w, (uint64_t)f->def.a);
    else if (f->kind == FLD_BOOL)
        jw_bool(w, f->def.a != 0);
    else if ((f->kind == FLD_VALUE || f->kind == FLD_DIST) && plain_number(f->units) &&
             f->def.kind == FLD_D_NUM)
        jw_num(w, f->def.a);
    else
        jw_str(w, text);
}

/* ---- Rows and tables --------------------------------------------------------------- */

static void write_object(jw *w, const fld_table *t, const char *doc);

static void write_names(jw *w, const char *const *names)
{
    jw_arr_begin(w);
    for (size_t i = 0; names[i]; i++)
        jw_str(w, names[i]);
    jw_arr_end(w);
}

static void write_name(jw *w)
{
    jw_key(w, "type");
    jw_str(w, "string");
    jw_key(w, "pattern");
    jw_str(w, NAME_PATTERN);
}

static void write_count_bounds(jw *w, const fld_field *f, const char *lo, const char *hi)
{
    if (f->min > 0) {
        jw_key(w, lo);
        jw_uint(w, f->min);
    }
    if (f->max > 0) {
        jw_key(w, hi);
        jw_uint(w, f->max);
    }
}

static void write_uint(jw *w, const fld_field *f)
{
    jw_key(w, "type");
    jw_str(w, "integer");
    if (f->min == f->max) {
        jw_key(w, "const");
        jw_uint(w, f->min);
        return;
    }
    jw_key(w, "minimum");
    jw_uint(w, f->min);
    jw_key(w, "maximum");
    jw_uint(w, f->max);
}

/* The value schema of a row, keywords of an object already open. */
static void write_value(jw *w, const fld_field *f)
{
    switch (f->kind) {
    case FLD_NAME:
    case FLD_REF:
        write_name(w);
        break;
    case FLD_TEXT:
        jw_key(w, "type");
        jw_arr_begin(w);
        jw_str(w, "string");
        jw_str(w, "number");
        jw_str(w, "boolean");
        jw_str(w, "null");
        jw_arr_end(w);
        break;
    case FLD_UINT:
        if (f->names == NULL) {
            write_uint(w, f);
            break;
        }
        jw_key(w, "anyOf");
        jw_arr_begin(w);
        jw_obj_begin(w);
        write_uint(w, f);
        jw_obj_end(w);
        jw_obj_begin(w);
        jw_key(w, "enum");
        write_names(w, f->names);
        jw_obj_end(w);
        jw_arr_end(w);
        break;
    case FLD_BOOL:
        jw_key(w, "type");
        jw_str(w, "boolean");
        break;
    case FLD_ENUM:
        if (f->sub == NULL && f->pattern == NULL) {
            jw_key(w, "enum");
            write_names(w, f->names);
            break;
        }
        jw_key(w, "anyOf");
        jw_arr_begin(w);
        jw_obj_begin(w);
        jw_key(w, "enum");
        write_names(w, f->names);
        jw_obj_end(w);
        if (f->sub) {
            write_object(w, f->sub, f->sub->doc);
        } else {
            char pattern[128];
            snprintf(pattern, sizeof pattern, "^%s$", f->pattern);
            jw_obj_begin(w);
            jw_key(w, "type");
            jw_str(w, "string");
            jw_key(w, "pattern");
            jw_str(w, pattern);
            jw_obj_end(w);
        }
        jw_arr_end(w);
        break;
    case FLD_VALUE:
    case FLD_DIST:
        write_quantity(w, f->units, f->kind == FLD_DIST, fld_refuses_zero(f));
        break;
    case FLD_REFS:
        jw_key(w, "type");
        jw_str(w, "array");
        jw_key(w, "items");
        jw_obj_begin(w);
        write_name(w);
        jw_obj_end(w);
        jw_key(w, "uniqueItems");
        jw_bool(w, true);
        write_count_bounds(w, f, "minItems", "maxItems");
        break;
    case FLD_MAP:
    case FLD_LIST:
    case FLD_SWEEP:
    case FLD_EXPECT:
        break; /* write_row */
    }
}

/* The sweep: paths into a world, each to a list of values. */
static void write_sweep(jw *w)
{
    strbuf b = {0};
    sb_str(&b, "^(?:");
    bool first = true;
    for (size_t i = 0; i < fld_top.n; i++) {
        const fld_field *f = &fld_top.fields[i];
        if (!(f->flags & FLD_WORLD) && f->sub != &fld_strategy)
            continue;
        sb_printf(&b, "%s%s", first ? "" : "|", f->key);
        first = false;
    }
    sb_str(&b, ")(?:\\.[^.]+)*$");
    jw_key(w, "type");
    jw_str(w, "object");
    jw_key(w, "propertyNames");
    jw_obj_begin(w);
    jw_key(w, "pattern");
    jw_str(w, sb_text(&b));
    jw_obj_end(w);
    jw_key(w, "maxProperties");
    jw_int(w, 16);
    jw_key(w, "additionalProperties");
    jw_obj_begin(w);
    jw_key(w, "type");
    jw_str(w, "array");
    jw_key(w, "minItems");
    jw_int(w, 1);
    jw_key(w, "maxItems");
    jw_int(w, SCN_MAX_SWEEP_VALUES);
    jw_obj_end(w);
    if (b.oom)
        w->failed = true;
    sb_free(&b);
}

/* Expectations: a strategy or variant to rules METRIC.STAT: "OP VALUE". */
static void write_expect(jw *w)
{
    strbuf b = {0};
    sb_str(&b, "^(?:");
    for (size_t i = 0; i < OC_NMETRICS; i++)
        sb_printf(&b, "%s%s", i ? "|" : "", oc_metrics[i].name);
    sb_str(&b, ")\\.(?:");
    for (int i = 0; i < STATS_NSTATS; i++)
        sb_printf(&b, "%s%s", i ? "|" : "", stats_stat_name((stats_stat)i));
    sb_str(&b, ")(?: *\\| *(?:");
    size_t nflags = 0;
    for (size_t i = 0; i < OC_NMETRICS; i++)
        if (oc_metrics[i].unit == OC_UNIT_SHARE)
            sb_printf(&b, "%s%s", nflags++ ? "|" : "", oc_metrics[i].name);
    sb_str(&b, ") *)?$");
    jw_key(w, "type");
    jw_str(w, "object");
    jw_key(w, "additionalProperties");
    jw_obj_begin(w);
    jw_key(w, "description");
    jw_str(w, "Rules of a strategy (all its variants) or of one variant.");
    jw_key(w, "type");
    jw_str(w, "object");
    jw_key(w, "propertyNames");
    jw_obj_begin(w);
    jw_key(w, "pattern");
    jw_str(w, sb_text(&b));
    jw_obj_end(w);
    jw_key(w, "additionalProperties");
    jw_obj_begin(w);
    jw_key(w, "description");
    jw_str(w, "A comparison and a value in the metric's unit, quoted: \"<= 15m\".");
    jw_key(w, "type");
    jw_str(w, "string");
    jw_key(w, "pattern");
    jw_str(w, "^ *(?:<=|>=|==|!=|<|>)");
    jw_obj_end(w);
    jw_obj_end(w);
    if (b.oom)
        w->failed = true;
    sb_free(&b);
}

/* The schema of row f, under its key. */
static void write_row(jw *w, const fld_field *f)
{
    jw_key(w, f->key);
    if (f->kind == FLD_MAP) {
        write_object(w, f->sub, f->doc);
        return;
    }
    jw_obj_begin(w);
    write_description(w, f->doc, f);
    switch (f->kind) {
    case FLD_LIST:
        if (f->flags & FLD_ONE_OR_LIST) {
            jw_key(w, "anyOf");
            jw_arr_begin(w);
            write_object(w, f->sub, f->sub->doc);
            jw_obj_begin(w);
            jw_key(w, "type");
            jw_str(w, "array");
            jw_key(w, "items");
            write_object(w, f->sub, f->sub->doc);
            jw_obj_end(w);
            jw_arr_end(w);
        } else {
            jw_key(w, "type");
            jw_str(w, "array");
            jw_key(w, "items");
            write_object(w, f->sub, f->sub->doc);
            write_count_bounds(w, f, "minItems", "maxItems");
        }
        break;
    case FLD_SWEEP:
        write_sweep(w);
        break;
    case FLD_EXPECT:
        write_expect(w);
        break;
    default:
        write_value(w, f);
        write_default(w, f);
        break;
    }
    jw_obj_end(w);
}

/* The keys of t that are required whenever its discriminating row has value
 * v (v < 0: whatever it has). */
static void write_required(jw *w, const fld_table *t, int v)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n; i++) {
        const fld_field *f = &t->fields[i];
        if (f->key == NULL || !(f->flags & FLD_REQUIRED))
            continue;
        if (v < 0 ? f->when_mask != 0 : (f->when_mask == 0 || !fld_applies(f, v)))
            continue;
        if (n++ == 0) {
            jw_key(w, "required");
            jw_arr_begin(w);
        }
        jw_str(w, f->key);
    }
    if (n > 0)
        jw_arr_end(w);
}

/* Which keys each value of t's discriminating row takes: for each value, the
 * keys that do not apply are refused and those required become so. When the
 * row may be absent its default value holds then. */
static void write_kinds(jw *w, const fld_table *t)
{
    const fld_field *d = &t->fields[t->disc];
    jw_key(w, "allOf");
    jw_arr_begin(w);
    for (size_t v = 0; d->names[v]; v++) {
        jw_obj_begin(w);
        jw_key(w, "if");
        jw_obj_begin(w);
        jw_key(w, "properties");
        jw_obj_begin(w);
        jw_key(w, d->key);
        jw_obj_begin(w);
        jw_key(w, "const");
        jw_str(w, d->names[v]);
        jw_obj_end(w);
        jw_obj_end(w);
        if ((d->flags & FLD_REQUIRED) || v != (size_t)d->def.a) {
            jw_key(w, "required");
            jw_arr_begin(w);
            jw_str(w, d->key);
            jw_arr_end(w);
        }
        jw_obj_end(w);
        jw_key(w, "then");
        jw_obj_begin(w);
        bool any = false;
        for (size_t i = 0; i < t->n; i++) {
            const fld_field *f = &t->fields[i];
            if (f->key == NULL || fld_applies(f, (int)v))
                continue;
            if (!any) {
                jw_key(w, "properties");
                jw_obj_begin(w);
                any = true;
            }
            jw_key(w, f->key);
            jw_bool(w, false);
        }
        if (any)
            jw_obj_end(w);
        write_required(w, t, (int)v);
        jw_obj_end(w);
        jw_obj_end(w);
    }
    jw_arr_end(w);
}

/* A mapping of t's keys, described by doc. */
static void write_object(jw *w, const fld_table *t, const char *doc)
{
    jw_obj_begin(w);
    write_description(w, doc, NULL);
    jw_key(w, "type");
    jw_str(w, "object");
    jw_key(w, "properties");
    jw_obj_begin(w);
    for (size_t i = 0; i < t->n; i++)
        if (t->fields[i].key != NULL)
            write_row(w, &t->fields[i]);
    jw_obj_end(w);
    write_required(w, t, -1);
    jw_key(w, "additionalProperties");
    jw_bool(w, false);
    if (t->one_key) {
        jw_key(w, "minProperties");
        jw_int(w, 1);
        jw_key(w, "maxProperties");
        jw_int(w, 1);
    }
    if (t->disc >= 0)
        write_kinds(w, t);
    jw_obj_end(w);
}

char *sch_text(void)
{
    jw w;
    jw_init(&w, 2);
    jw_obj_begin(&w);
    jw_key(&w, "$schema");
    jw_str(&w, "https://json-schema.org/draft/2020-12/schema");
    jw_key(&w, "title");
    jw_str(&w, "drsim scenario");
    jw_key(&w, "description");
    jw_str(&w, "A drsim scenario: a system, the outages that may hit it, the strategies to "
               "compare (format version 1). Written by `drsim schema` from the format's tables "
               "(models/scenario/fields.c); the reference is scenarios/README.md. `drsim "
               "validate` checks more: references, checks across keys, distributions' "
               "arguments.");
    jw_key(&w, "type");
    jw_str(&w, "object");
    jw_key(&w, "properties");
    jw_obj_begin(&w);
    for (size_t i = 0; i < fld_top.n; i++)
        write_row(&w, &fld_top.fields[i]);
    jw_obj_end(&w);
    write_required(&w, &fld_top, -1);
    jw_key(&w, "additionalProperties");
    jw_bool(&w, false);
    jw_obj_end(&w);
    jw_raw(&w, "\n");
    return jw_take(&w);
}
