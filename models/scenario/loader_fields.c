/*
 * loader_fields.c — a mapping of a scenario file read against its table
 * (fields.h): the generic half of loading, which every section shares.
 *
 * For each row, in the table's order: is the key given; does the row apply
 * (a strategy's kind); is it required; then the value by the row's kind —
 * a name, text, a whole number, a boolean, an enum, a fixed value or a
 * distribution in a unit, a reference resolved against the lists known so far,
 * a list of references, a nested mapping, a list of entries — and the row's
 * own check. Unknown and duplicate keys are reported first (ld_keys); a key
 * the format no longer reads is reported with the table's word on it.
 *
 * Invariants: a row that fails keeps its default (a list of references that
 * fails lands empty, so that checks across fields see nothing half-read);
 * nothing here knows a section: what crosses fields is in loader_world.c.
 */
#include <stdio.h>
#include <string.h>

#include "models/scenario/loaderInt.h"

static char *at(void *base, size_t off)
{
    return (char *)base + off;
}

static uint64_t bit(size_t i)
{
    return (uint64_t)1 << i;
}

/* ---- Keys of a mapping ------------------------------------------------------------ */

bool ld_keys(ld *L, const ydoc_node *map, const fld_table *t)
{
    if (map == NULL || map->kind != YDOC_MAP) {
        ld_error(L, map, "expected %s as a mapping of keys; found %s", t->what, ld_found(map));
        return false;
    }
    if (map->tag != NULL && strcmp(map->tag, "!!map") != 0)
        ld_error(L, map, "tag '%s' is not used in scenario files", map->tag);
    /* The table's keys, in its order (messages list them so). */
    const char *keys[64];
    size_t nkeys = 0;
    for (size_t i = 0; i < t->n && nkeys < 64; i++)
        if (t->fields[i].key != NULL)
            keys[nkeys++] = t->fields[i].key;
    const char *what = t->what;
    const ydoc_node *seen[64] = {0};
    for (size_t i = 0; i < map->n; i++) {
        const ydoc_node *k = map->items[2 * i];
        if (k->kind != YDOC_SCALAR) {
            ld_error(L, k, "a key must be a plain name; found %s", ld_found(k));
            continue;
        }
        size_t j = 0;
        while (j < nkeys && strcmp(keys[j], k->text) != 0)
            j++;
        const fld_gone *g = t->gone;
        while (j == nkeys && g != NULL && g->key != NULL && strcmp(g->key, k->text) != 0)
            g++;
        if (j == nkeys && g != NULL && g->key != NULL) {
            ld_error(L, k, "%s: %s", g->key, g->why);
            continue;
        }
        if (j == nkeys) {
            const char *s = ld_suggest(k->text, keys, nkeys);
            char list[512] = "";
            size_t used = 0;
            for (size_t x = 0; x < nkeys && used < sizeof list; x++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                         x ? ", " : "", keys[x]);
            if (s)
                ld_error(L, k, "unknown key '%s' in %s (did you mean '%s'?)", k->text, what, s);
            else
                ld_error(L, k, "unknown key '%s' in %s (expected %s%s)", k->text, what,
                         nkeys > 1 ? "one of " : "", list);
            continue;
        }
        if (seen[j]) {
            ld_error(L, k, "duplicate key '%s' (first at line %u)", k->text,
                     (unsigned)seen[j]->line);
            continue;
        }
        seen[j] = k;
    }
    return true;
}

/* ---- Defaults ---------------------------------------------------------------------- */

void ld_default_dist(const fld_default *d, dist *out)
{
    switch (d->kind) {
    case FLD_D_UNIFORM:
        *out = (dist){.kind = DIST_UNIFORM, .nonneg = true, .a = d->a, .b = d->b};
        break;
    case FLD_D_LOGNORMAL:
        /* The tables' quantiles are valid constants (p99 >= p50 > 0): this
         * cannot fail. */
        if (dist_lognormal_p(out, d->a, d->b, NULL) != ERR_OK)
            *out = (dist){.kind = DIST_CONST, .nonneg = true, .a = d->a};
        break;
    case FLD_D_NUM:
    case FLD_D_TEXT:
        *out = (dist){.kind = DIST_CONST, .nonneg = true, .a = d->a};
        break;
    }
}

void ld_default(const fld_field *f, void *base)
{
    if (f->flags & FLD_PRESENT)
        *(bool *)at(base, f->present) = false;
    if (f->off == FLD_NOWHERE)
        return;
    char *p = at(base, f->off);
    switch (f->kind) {
    case FLD_NAME:
    case FLD_TEXT:
        *(const char **)p = f->def.text;
        break;
    case FLD_UINT:
        if (f->flags & FLD_U64)
            *(uint64_t *)p = (uint64_t)f->def.a;
        else
            *(uint32_t *)p = (uint32_t)f->def.a;
        break;
    case FLD_BOOL:
        *(bool *)p = f->def.a != 0;
        break;
    case FLD_ENUM: {
        int v = (int)f->def.a;
        memcpy(p, &v, sizeof v);
        if (f->sub)
            ld_defaults(f->sub, base);
        break;
    }
    case FLD_VALUE:
        *(double *)p = f->def.a;
        break;
    case FLD_DIST:
        ld_default_dist(&f->def, (dist *)p);
        break;
    case FLD_REF: {
        int32_t v = (int32_t)f->def.a;
        memcpy(p, &v, sizeof v);
        break;
    }
    case FLD_REFS:
        *(uint32_t **)p = NULL;
        *(size_t *)at(base, f->count) = 0;
        break;
    case FLD_MAP:
        if (!(f->flags & FLD_LAND_FIRST))
            ld_defaults(f->sub, p);
        break;
    case FLD_LIST:
        *(void **)p = NULL;
        *(size_t *)at(base, f->count) = 0;
        break;
    case FLD_SWEEP:
    case FLD_EXPECT:
        break;
    }
}

void ld_defaults(const fld_table *t, void *base)
{
    for (size_t i = 0; i < t->n; i++)
        ld_default(&t->fields[i], base);
}

/* ---- References ------------------------------------------------------------------ */

static int find_name(const ld_names *ns, const char *name)
{
    for (size_t i = 0; i < ns->n; i++)
        if (ns->v[i] != NULL && strcmp(ns->v[i], name) == 0)
            return (int)i;
    return -1;
}

bool ld_resolve(ld *L, const ydoc_node *n, const char *key, const ld_names *ns, const char *what,
                uint32_t *out)
{
    const char *name;
    if (!ld_name(L, n, key, &name))
        return false;
    int i = find_name(ns, name);
    if (i >= 0) {
        *out = (uint32_t)i;
        return true;
    }
    const char *s = ld_suggest(name, ns->v, ns->n);
    if (s) {
        ld_error(L, n, "%s: unknown %s '%s' (did you mean '%s'?)", key, what, name, s);
    } else if (ns->n == 0) {
        ld_error(L, n, "%s: unknown %s '%s' (the scenario defines none)", key, what, name);
    } else {
        /* Say what was expected: every name when they are few, else the count
         * and the first three. */
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

void ld_unique(ld *L, const ydoc_node *where, const char *key, const char *noun,
               const ld_names *ns, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (ns->v[j] && ns->v[i] && strcmp(ns->v[j], ns->v[i]) == 0) {
            ld_error(L, where, "%s: a second %s named '%s'", key, noun, ns->v[i]);
            return;
        }
}

/* A list of references: every name resolved, none twice. On any error the
 * list lands empty. */
static bool read_refs(ld *L, const fld_field *f, const ydoc_node *list, void *base,
                      const ld_refs *refs)
{
    if (!ld_list(L, list, f->key))
        return false;
    uint32_t *v = arena_array(L->a, list->n, sizeof *v);
    if (list->n && v == NULL)
        return ld_oom(L);
    const ld_names *ns = &refs->of[f->ref];
    size_t n = 0;
    bool ok = true;
    for (size_t i = 0; i < list->n; i++) {
        uint32_t idx;
        if (!ld_resolve(L, list->items[i], f->key, ns, fld_ref_nouns[f->ref], &idx)) {
            ok = false;
            continue;
        }
        bool twice = false;
        for (size_t j = 0; j < n && !twice; j++)
            twice = v[j] == idx;
        if (twice) {
            ld_error(L, list->items[i], "%s: '%s' is listed twice", f->key, ns->v[idx]);
            ok = false;
            continue;
        }
        v[n++] = idx;
    }
    *(uint32_t **)at(base, f->off) = ok ? v : NULL;
    *(size_t *)at(base, f->count) = ok ? n : 0;
    return ok;
}

/* ---- Lists of entries ------------------------------------------------------------ */

/* The row that names a table's entries (its first FLD_NAME row), or NULL. */
static const fld_field *name_row(const fld_table *t)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->fields[i].kind == FLD_NAME && t->fields[i].key != NULL)
            return &t->fields[i];
    return NULL;
}

static bool read_list(ld *L, const fld_field *f, const ydoc_node *n, void *base,
                      const ld_refs *refs)
{
    const fld_table *t = f->sub;
    const ydoc_node *const *items;
    size_t count;
    if ((f->flags & FLD_ONE_OR_LIST) && n->kind != YDOC_SEQ) {
        items = &n; /* one entry for a list of one */
        count = 1;
    } else {
        if (!ld_list(L, n, f->key))
            return false;
        items = n->items;
        count = n->n;
    }
    char *arr = arena_array(L->a, count, t->size);
    const fld_field *nr = t->unique ? name_row(t) : NULL;
    ld_names names = {nr ? arena_array(L->a, count, sizeof(char *)) : NULL, count};
    if (count && (arr == NULL || (nr && names.v == NULL)))
        return ld_oom(L);
    bool ok = true;
    for (size_t i = 0; i < count; i++) {
        char *el = arr + i * t->size;
        memset(el, 0, t->size);
        ld_defaults(t, el);
        if (t->has_pos)
            *(scn_pos *)(el + t->pos) = ld_pos(items[i]);
        ok &= ld_fields(L, t, items[i], el, refs, NULL);
        if (nr) {
            names.v[i] = *(const char **)(el + nr->off);
            const ydoc_node *nm = items[i]->kind == YDOC_MAP ? ydoc_get(items[i], nr->key) : NULL;
            ld_unique(L, nm, nr->key, t->unique, &names, i);
        }
    }
    *(void **)at(base, f->off) = arr;
    *(size_t *)at(base, f->count) = count;
    return ok;
}

/* ---- One value ----------------------------------------------------------------- */

static bool is_word(const ydoc_node *n, const char *w)
{
    return n->kind == YDOC_SCALAR && n->tag == NULL && strcmp(n->text, w) == 0;
}

static bool read_uint(ld *L, const fld_field *f, const ydoc_node *n, uint64_t *v)
{
    for (size_t i = 0; f->names && f->names[i]; i++)
        if (is_word(n, f->names[i])) {
            *v = 0;
            return true;
        }
    if (!(f->flags & FLD_VERSION))
        return ld_uint(L, n, f->key, f->min, f->max, v);
    if (!ld_uint(L, n, f->key, 0, UINT64_MAX, v))
        return false;
    if (*v < f->min || *v > f->max) {
        ld_error(L, n, "%s: format version %llu is not known to this drsim (it reads version "
                       "%llu)", f->key, (unsigned long long)*v, (unsigned long long)f->max);
        return false;
    }
    return true;
}

bool ld_field(ld *L, const fld_field *f, const ydoc_node *n, void *base, const ld_refs *refs)
{
    bool nowhere = f->off == FLD_NOWHERE;
    char *p = nowhere ? NULL : at(base, f->off);
    bool ok = false;
    switch (f->kind) {
    case FLD_NAME:
    case FLD_TEXT: {
        const char *s;
        ok = f->kind == FLD_NAME ? ld_name(L, n, f->key, &s) : ld_string(L, n, f->key, &s);
        if (ok && p)
            *(const char **)p = s;
        break;
    }
    case FLD_UINT: {
        uint64_t v;
        ok = read_uint(L, f, n, &v) && (f->check == NULL || f->check(L, f, n, &v));
        if (ok && p && (f->flags & FLD_U64))
            *(uint64_t *)p = v;
        else if (ok && p)
            *(uint32_t *)p = (uint32_t)v;
        break;
    }
    case FLD_BOOL: {
        bool v;
        ok = ld_bool(L, n, f->key, &v);
        if (ok && p)
            *(bool *)p = v;
        break;
    }
    case FLD_ENUM: {
        int v;
        if (f->sub && n->kind == YDOC_MAP) {
            /* The mapping form: the value after the named ones. */
            ok = ld_fields(L, f->sub, n, base, refs, NULL);
            v = (int)ld_count(f->names);
        } else {
            ok = ld_enum(L, n, f->key, f->names, &v);
        }
        if (ok && p)
            memcpy(p, &v, sizeof v);
        break;
    }
    case FLD_VALUE: {
        double v;
        ok = ld_value(L, n, f->key, f->units, &v) && (f->check == NULL || f->check(L, f, n, &v));
        if (ok && p)
            *(double *)p = v;
        break;
    }
    case FLD_DIST: {
        dist d;
        ok = ld_dist(L, n, f->key, f->units, &d) && (f->check == NULL || f->check(L, f, n, &d));
        if (ok && p)
            *(dist *)p = d;
        break;
    }
    case FLD_REF: {
        int32_t v;
        uint32_t idx = 0;
        if ((f->flags & FLD_NONE) && is_word(n, "none")) {
            v = SCN_NONE;
            ok = true;
        } else {
            ok = ld_resolve(L, n, f->key, &refs->of[f->ref], fld_ref_nouns[f->ref], &idx);
            v = (int32_t)idx;
        }
        if (ok && p)
            memcpy(p, &v, sizeof v);
        break;
    }
    case FLD_REFS:
        ok = read_refs(L, f, n, base, refs);
        break;
    case FLD_MAP:
        ok = ld_fields(L, f->sub, n, p, refs, NULL);
        break;
    case FLD_LIST:
        ok = read_list(L, f, n, base, refs);
        break;
    case FLD_SWEEP:
    case FLD_EXPECT:
        ok = true; /* loader.c reads them */
        break;
    }
    if (ok && (f->flags & FLD_PRESENT))
        *(bool *)at(base, f->present) = true;
    return ok;
}

/* ---- A mapping ------------------------------------------------------------------- */

/* The key node of `key` in a mapping (for errors about the key itself). */
static const ydoc_node *key_node(const ydoc_node *map, const char *key)
{
    for (size_t i = 0; i < map->n; i++) {
        const ydoc_node *k = map->items[2 * i];
        if (k->kind == YDOC_SCALAR && strcmp(k->text, key) == 0)
            return k;
    }
    return NULL;
}

/* "a", "a and b": the names of the values a row applies to. */
static void applies_to(const fld_field *f, const char *const *names, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; names[i] && used < n; i++)
        if (f->when_mask & (1u << i))
            used += (size_t)snprintf(buf + used, n - used, "%s%s", used ? " and " : "", names[i]);
}

bool ld_fields(ld *L, const fld_table *t, const ydoc_node *map, void *base, const ld_refs *refs,
               ld_got *got)
{
    ld_got g = {0, 0};
    if (got)
        *got = g;
    if (!ld_keys(L, map, t))
        return false;
    bool ok = true, disc_ok = true;
    for (size_t i = 0; i < t->n; i++) {
        const fld_field *f = &t->fields[i];
        if (f->key == NULL)
            continue;
        const ydoc_node *n = ydoc_get(map, f->key);
        if (n)
            g.given |= bit(i);
        if (t->disc >= 0 && f->when_mask != 0) {
            /* Which rows apply depends on the discriminating row, read
             * before: without it, none of them is read. */
            if (!disc_ok)
                continue;
            int v = fld_enum_at(base, f->when_off);
            if (!fld_applies(f, v)) {
                const fld_field *d = &t->fields[t->disc];
                if (n && t->disc_noun && v >= 0 && (size_t)v < ld_count(d->names)) {
                    char list[128];
                    applies_to(f, d->names, list, sizeof list);
                    ld_error(L, key_node(map, f->key), "%s: applies to %s %s only, not to %s",
                             f->key, list, t->disc_noun, d->names[v]);
                    ok = false;
                }
                continue;
            }
        }
        bool good;
        if (n == NULL)
            good = !(f->flags & FLD_REQUIRED);
        else if (f->flags & FLD_HAND)
            continue; /* the section's code reads it */
        else
            good = ld_field(L, f, n, base, refs);
        if (n == NULL && !good)
            ld_error(L, map, "%s", f->missing);
        if (good && n)
            g.ok |= bit(i);
        if (!good) {
            ok = false;
            if ((int)i == t->disc)
                disc_ok = false;
        }
    }
    if (got)
        *got = g;
    return ok;
}

bool ld_got_given(const ld_got *g, const fld_table *t, const char *key)
{
    const fld_field *f = fld_find(t, key);
    return f != NULL && (g->given & bit(fld_index(t, f))) != 0;
}

bool ld_got_ok(const ld_got *g, const fld_table *t, const char *key)
{
    const fld_field *f = fld_find(t, key);
    return f != NULL && (g->ok & bit(fld_index(t, f))) != 0;
}
