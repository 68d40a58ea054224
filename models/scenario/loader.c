/*
 * loader.c — scenario files: reading, the top level, sweeps, variants and
 * expectations. It sits on top of the loader's files, which call in order:
 * loader.c > loader_world.c (one world's sections and their checks across
 * fields) > loader_fields.c (a mapping read against its table of fields.h)
 * > fields.c (the tables) > loader_nodes.c (diagnostics, one node read as a
 * value); none calls back up.
 *
 * Steps of a load: bound the size, check UTF-8 and build the node tree
 * (yamldoc.c); read the top level; check the sweep's paths; for each sweep
 * combination substitute its values into the tree (copying only the path to
 * each substituted node) and convert that world and its strategies; read the
 * expectations against the variants' names. Errors are collected, deduplicated
 * (a world's errors repeat in every combination), sorted by position and cut
 * to SCN_MAX_ERRORS.
 *
 * Invariants: everything a scenario owns lives in one arena, the scenario's
 * header included, so scn_free is one call and failure paths free one arena.
 * The node tree stays in that arena too (it is a few times the file's size).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "models/azure/defaults.h"
#include "models/outcome.h"
#include "models/scenario/loaderInt.h"
#include "models/scenario/strata.h"
#include "sim/core/escape.h"
#include "sim/core/mem.h"
#include "sim/core/sha256.h"
#include "sim/core/stats.h"
#include "sim/core/strbuf.h"
#include "sim/core/utf8.h"

typedef struct loaded {
    scn_scenario s; /* first: scn_free casts back */
    arena a;
} loaded;

/* ---- Text building (variant names, flow YAML) ---------------------------------------- */

static void sb_scalar(strbuf *b, const char *t, size_t n, bool flow)
{
    char *y = ld_yaml_scalar(t, n, flow);
    if (y == NULL) {
        b->oom = true;
        return;
    }
    sb_str(b, y);
    mem_free(y);
}

/* A node as YAML flow text; aliases are expanded (their weight is bounded). */
static void sb_flow(strbuf *b, const ydoc_node *n)
{
    if (n->kind == YDOC_SCALAR) {
        sb_scalar(b, n->text, n->len, true);
        return;
    }
    bool map = n->kind == YDOC_MAP;
    sb_str(b, map ? "{" : "[");
    for (size_t i = 0; i < n->n; i++) {
        if (i)
            sb_str(b, ", ");
        if (map) {
            sb_flow(b, n->items[2 * i]);
            sb_str(b, ": ");
            sb_flow(b, n->items[2 * i + 1]);
        } else {
            sb_flow(b, n->items[i]);
        }
    }
    sb_str(b, map ? "}" : "]");
}

static void sb_json(strbuf *b, const char *s)
{
    sb_str(b, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            sb_add(b, esc, 2);
        } else if (c < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            sb_str(b, esc);
        } else {
            sb_add(b, (const char *)&c, 1);
        }
    }
    sb_str(b, "\"");
}

/* Moves a strbuf's text into the arena. */
static const char *arena_take(ld *L, strbuf *b)
{
    const char *r = NULL;
    if (!b->oom)
        r = arena_strndup(L->a, sb_text(b), b->len);
    sb_free(b);
    if (r == NULL)
        ld_oom(L);
    return r;
}

/* ---- Sweep ---------------------------------------------------------------------- */

typedef struct sweep_in {
    const ydoc_node *key;    /* the path as written */
    const ydoc_node *values; /* a list */
    char **comps;
    size_t ncomps;
    const char *what;        /* names it in messages: "sweep", or a setting's origin */
} sweep_in;

/* The keys of the top level a sweep may vary: a world's (FLD_WORLD rows), and
 * the strategies (each world has its own). Their names go into roots[] (at
 * most n, NULL-terminated) and, for messages, into text as "horizon, ...
 * or outages". */
static bool world_row(const fld_field *f)
{
    return f->key != NULL && ((f->flags & FLD_WORLD) || f->sub == &fld_strategy);
}

static size_t world_roots(const char **roots, size_t n, char *text, size_t tn)
{
    size_t k = 0;
    for (size_t i = 0; i < fld_top.n && k + 1 < n; i++)
        if (world_row(&fld_top.fields[i]))
            roots[k++] = fld_top.fields[i].key;
    roots[k] = NULL;
    size_t used = 0;
    text[0] = '\0';
    for (size_t i = 0; i < k && used < tn; i++)
        used += (size_t)snprintf(text + used, tn - used, "%s%s",
                                 i == 0 ? "" : i + 1 == k ? " or " : ", ", roots[i]);
    return k;
}

/* The element of a list named `comp` (by name/group, or by index). */
static long find_element(const ydoc_node *seq, const char *comp)
{
    bool digits = comp[0] != '\0';
    for (const char *p = comp; *p; p++)
        digits &= *p >= '0' && *p <= '9';
    for (size_t i = 0; i < seq->n; i++) {
        const ydoc_node *e = seq->items[i];
        const ydoc_node *nm = ydoc_get(e, "name");
        if (nm == NULL)
            nm = ydoc_get(e, "group");
        if (nm && nm->kind == YDOC_SCALAR && strcmp(nm->text, comp) == 0)
            return (long)i;
    }
    if (digits && strlen(comp) < 10) {
        long idx = atol(comp);
        if ((size_t)idx < seq->n)
            return idx;
    }
    return -1;
}

/* The tree with `value` at path comps[i..], copying the nodes along the path;
 * NULL after reporting (when `report`) a path that does not fit. */
static const ydoc_node *subst(ld *L, const ydoc_node *n, const sweep_in *sw, size_t i,
                        const ydoc_node *value, bool report)
{
    if (i == sw->ncomps)
        return value;
    const char *comp = sw->comps[i];
    ydoc_node *copy = arena_alloc(L->a, sizeof *copy);
    if (copy == NULL) {
        ld_oom(L);
        return NULL;
    }
    if (n == NULL || ydoc_is_null(n)) {
        *copy = (ydoc_node){.kind = YDOC_MAP, .line = sw->key->line, .col = sw->key->col,
                            .weight = 1, .height = 1};
        n = copy;
    } else {
        *copy = *n;
    }
    if (n->kind == YDOC_SCALAR) {
        if (report)
            ld_error(L, sw->key, "%s: '%s' in %s is a value, not a mapping or list", sw->what,
                     sw->comps[i - 1], sw->key->text);
        return NULL;
    }
    size_t slots = n->kind == YDOC_MAP ? 2 * n->n : n->n;
    size_t at;
    if (n->kind == YDOC_SEQ) {
        long idx = find_element(n, comp);
        if (idx < 0) {
            if (report) {
                const char **nm = arena_array(L->a, n->n + 1, sizeof *nm);
                for (size_t k = 0; nm && k < n->n; k++) {
                    const ydoc_node *x = ydoc_get(n->items[k], "name");
                    if (x == NULL)
                        x = ydoc_get(n->items[k], "group");
                    nm[k] = x && x->kind == YDOC_SCALAR ? x->text : NULL;
                }
                const char *s = nm ? ld_suggest(comp, nm, n->n) : NULL;
                if (s)
                    ld_error(L, sw->key, "%s: no element '%s' in %s (did you mean '%s'?)",
                             sw->what, comp, sw->comps[i - 1], s);
                else
                    ld_error(L, sw->key, "%s: no element '%s' in %s (elements are named by "
                                         "their name, or by index from 0)", sw->what, comp,
                             sw->comps[i - 1]);
            }
            return NULL;
        }
        at = (size_t)idx;
        copy->items = arena_array(L->a, slots, sizeof *copy->items);
    } else {
        at = SIZE_MAX;
        for (size_t k = 0; k < n->n; k++) {
            const ydoc_node *key = n->items[2 * k];
            if (key->kind == YDOC_SCALAR && strcmp(key->text, comp) == 0) {
                at = 2 * k + 1;
                break;
            }
        }
        size_t extra = at == SIZE_MAX ? 2 : 0;
        copy->items = arena_array(L->a, slots + extra, sizeof *copy->items);
        if (copy->items && extra) {
            ydoc_node *key = arena_alloc(L->a, sizeof *key);
            if (key == NULL) {
                ld_oom(L);
                return NULL;
            }
            *key = (ydoc_node){.kind = YDOC_SCALAR, .line = sw->key->line, .col = sw->key->col,
                               .plain = true, .text = comp, .len = strlen(comp), .weight = 1,
                               .height = 1};
            copy->items[slots] = key;
            copy->items[slots + 1] = NULL;
            at = slots + 1;
            copy->n++;
        }
    }
    if (copy->items == NULL) {
        ld_oom(L);
        return NULL;
    }
    if (slots)
        memcpy(copy->items, n->items, slots * sizeof *copy->items);
    const ydoc_node *child = subst(L, copy->items[at], sw, i + 1, value, report);
    if (child == NULL)
        return NULL;
    copy->items[at] = child;
    return copy;
}

static bool split_path(ld *L, sweep_in *sw)
{
    const char *p = sw->key->text;
    size_t n = 1;
    for (const char *q = p; *q; q++)
        n += *q == '.';
    if (n > 32) {
        ld_error(L, sw->key, "%s: a path has at most 32 parts", sw->what);
        return false;
    }
    sw->comps = arena_array(L->a, n, sizeof *sw->comps);
    if (sw->comps == NULL)
        return ld_oom(L);
    const char *start = p;
    for (const char *q = p;; q++) {
        if (*q == '.' || *q == '\0') {
            if (q == start) {
                ld_error(L, sw->key, "%s: '%s' is not a path such as "
                                     "storage.vhds.geo_replication.bandwidth", sw->what, p);
                return false;
            }
            sw->comps[sw->ncomps] = arena_strndup(L->a, start, (size_t)(q - start));
            if (sw->comps[sw->ncomps] == NULL)
                return ld_oom(L);
            sw->ncomps++;
            start = q + 1;
            if (*q == '\0')
                break;
        }
    }
    return true;
}

/* Whether a split path names a value of a world the tree can hold: its
 * first part a world's key, an element's key inside a list, not a name.
 * Reports at the path otherwise. */
static bool check_path(ld *L, const ydoc_node *root, const sweep_in *s)
{
    const char *root_key = s->comps[0];
    const fld_field *row = fld_find(&fld_top, root_key);
    const char *noun = strcmp(s->what, "sweep") == 0 ? "a sweep" : s->what;
    if (row == NULL || !world_row(row)) {
        const char *roots[32];
        char text[256];
        size_t nroots = world_roots(roots, 32, text, sizeof text);
        const char *sug = ld_suggest(root_key, roots, nroots);
        if (ydoc_get(root, root_key) != NULL || row != NULL)
            ld_error(L, s->key, "%s: '%s' is not part of a world (%s varies %s)", s->what,
                     root_key, noun, text);
        else if (sug)
            ld_error(L, s->key, "%s: unknown path '%s' (did you mean '%s'?)", s->what,
                     s->key->text, sug);
        else
            ld_error(L, s->key, "%s: unknown path '%s' (paths start with %s)", s->what,
                     s->key->text, text);
        return false;
    }
    if (row->kind == FLD_LIST && s->ncomps < 3) {
        ld_error(L, s->key, "%s: '%s' names no value inside an element (write a path "
                            "such as %s.NAME.KEY)", s->what, s->key->text, root_key);
        return false;
    }
    const char *last = s->comps[s->ncomps - 1];
    if (!strcmp(last, "name") || !strcmp(last, "group")) {
        ld_error(L, s->key, "%s: %s cannot change names", s->what, noun);
        return false;
    }
    return true;
}

/* Whether one path is a prefix of the other (they overlap). */
static bool paths_overlap(const sweep_in *a, const sweep_in *b)
{
    size_t m = a->ncomps < b->ncomps ? a->ncomps : b->ncomps;
    bool prefix = true;
    for (size_t k = 0; k < m; k++)
        prefix &= strcmp(a->comps[k], b->comps[k]) == 0;
    return prefix;
}

/* The base tree's node at a sweep's path, or NULL where it has none. */
static const ydoc_node *base_node(const ydoc_node *n, const sweep_in *sw)
{
    for (size_t i = 0; i < sw->ncomps && n != NULL; i++) {
        if (n->kind == YDOC_SEQ) {
            long idx = find_element(n, sw->comps[i]);
            n = idx < 0 ? NULL : n->items[idx];
        } else if (n->kind == YDOC_MAP) {
            n = ydoc_get(n, sw->comps[i]);
        } else {
            n = NULL;
        }
    }
    return n;
}

/* Whether (line, col) is node n's or one of its descendants'. */
static bool within(const ydoc_node *n, uint32_t line, uint32_t col)
{
    if (n == NULL)
        return false;
    if (n->line == line && n->col == col)
        return true;
    size_t slots = n->kind == YDOC_MAP ? 2 * n->n : n->kind == YDOC_SEQ ? n->n : 0;
    for (size_t k = 0; k < slots; k++)
        if (within(n->items[k], line, col))
            return true;
    return false;
}

/* A value a sweep replaces is never simulated, but a value its own field
 * refuses is a mistake all the same (needs_capacity: 1.5 under a sweep of
 * [0.5, 1]): reads the base world too, and keeps its errors that lie in a
 * replaced value; its other errors and warnings are the sweep's worlds' to
 * give. */
static void check_replaced(ld *L, const ydoc_node *tree, const sweep_in *sw, size_t nsw)
{
    const ydoc_node *replaced[16];
    size_t n = 0;
    for (size_t k = 0; k < nsw && n < 16; k++)
        if ((replaced[n] = base_node(tree, &sw[k])) != NULL)
            n++;
    if (n == 0)
        return;
    scn_diags *d = L->diags;
    size_t before = d->len;
    scn_world base;
    scn_strategy *st = NULL;
    size_t nst = 0;
    ld_world(L, tree, &base, &st, &nst);
    size_t out = before;
    for (size_t i = before; i < d->len; i++) {
        scn_diag *g = &d->items[i];
        bool keep = false;
        for (size_t k = 0; k < n && !keep && !g->warning; k++)
            keep = within(replaced[k], g->line, g->col);
        if (keep) {
            d->items[out++] = *g;
            continue;
        }
        if (!g->warning)
            d->errors--;
        mem_free(g->message);
    }
    d->len = out;
}

/* Reads `sweep:` and checks every path against the base tree; a path may not
 * overlap another, nor one of the settings applied to the tree (set[0..nset),
 * each read as a sweep of one value). */
static bool read_sweep(ld *L, const ydoc_node *root, const ydoc_node *sweep,
                       const sweep_in *set, size_t nset, sweep_in **out, size_t *nout,
                       size_t *nworlds)
{
    *out = NULL;
    *nout = 0;
    *nworlds = 1;
    if (sweep == NULL || ydoc_is_null(sweep))
        return true;
    if (sweep->kind != YDOC_MAP) {
        ld_error(L, sweep, "sweep: expected a mapping of paths to lists of values; found %s",
                 ld_found(sweep));
        return false;
    }
    if (sweep->n > 16) {
        ld_error(L, sweep, "sweep: at most 16 paths");
        return false;
    }
    sweep_in *sw = arena_array(L->a, sweep->n, sizeof *sw);
    if (sw == NULL && sweep->n)
        return ld_oom(L);
    bool ok = true;
    size_t worlds = 1;
    double product = 1;
    for (size_t i = 0; i < sweep->n; i++) {
        sweep_in *s = &sw[*nout];
        *s = (sweep_in){.key = sweep->items[2 * i], .values = sweep->items[2 * i + 1],
                        .what = "sweep"};
        if (!ld_scalar(L, s->key, "sweep", "a path such as storage.vhds.redundancy") ||
            !split_path(L, s) || !check_path(L, root, s)) {
            ok = false;
            continue;
        }
        for (size_t j = 0; j < *nout; j++)
            if (paths_overlap(&sw[j], s)) {
                ld_error(L, s->key, "sweep: path '%s' overlaps '%s'", s->key->text,
                         sw[j].key->text);
                ok = false;
            }
        for (size_t j = 0; j < nset; j++)
            if (paths_overlap(&set[j], s)) {
                ld_error(L, s->key, "sweep: path '%s' overlaps %s %s, which sets it in every "
                                    "world (leave the path out of one of them)",
                         s->key->text, set[j].what, set[j].key->text);
                ok = false;
            }
        if (!ld_list(L, s->values, s->key->text)) {
            ok = false;
            continue;
        }
        if (s->values->n == 0 || s->values->n > SCN_MAX_SWEEP_VALUES) {
            ld_error(L, s->values, "%s: expected 1 to %d values", s->key->text,
                     SCN_MAX_SWEEP_VALUES);
            ok = false;
            continue;
        }
        if (subst(L, root, s, 0, s->values->items[0], true) == NULL) {
            ok = false;
            continue;
        }
        /* The exact product (at most 100^16: a double holds it to 15 digits,
         * and a count this far past the limit needs no more). */
        product *= (double)s->values->n;
        if (worlds <= SCN_MAX_WORLDS)
            worlds *= s->values->n;
        (*nout)++;
    }
    if (worlds > SCN_MAX_WORLDS) {
        ld_error(L, sweep, "sweep: %.15g combinations; at most %d", product, SCN_MAX_WORLDS);
        ok = false;
    }
    *out = sw;
    *nworlds = worlds;
    return ok;
}

/* Applies the settings to the tree, each as a sweep of one value would: the
 * path checked as a sweep's is, the value put in place; the values are then
 * read, and checked, with the world's (their diagnostics carry no position:
 * they come from the command line, not the file). NULL after reporting, or
 * with L->nomem. The settings' parsed paths go into *out. */
static const ydoc_node *apply_settings(ld *L, const ydoc_node *root, const scn_setting *set,
                                       size_t nset, sweep_in **out)
{
    *out = NULL;
    if (nset == 0)
        return root;
    sweep_in *sw = arena_array(L->a, nset, sizeof *sw);
    if (sw == NULL) {
        ld_oom(L);
        return NULL;
    }
    bool ok = true;
    for (size_t i = 0; i < nset; i++) {
        ydoc_node *key = arena_alloc(L->a, sizeof *key);
        ydoc_node *value = arena_alloc(L->a, sizeof *value);
        const char *path = arena_strdup(L->a, set[i].path);
        const char *text = arena_strdup(L->a, set[i].value);
        if (key == NULL || value == NULL || path == NULL || text == NULL) {
            ld_oom(L);
            return NULL;
        }
        *key = (ydoc_node){.kind = YDOC_SCALAR, .plain = true, .text = path,
                           .len = strlen(path), .weight = 1, .height = 1};
        *value = (ydoc_node){.kind = YDOC_SCALAR, .plain = true, .text = text,
                             .len = strlen(text), .weight = 1, .height = 1};
        sw[i] = (sweep_in){.key = key, .what = set[i].origin ? set[i].origin : "setting"};
        if (!split_path(L, &sw[i]) || !check_path(L, root, &sw[i])) {
            ok = false;
            continue;
        }
        for (size_t j = 0; j < i; j++)
            if (paths_overlap(&sw[j], &sw[i])) {
                ld_error(L, NULL, "%s: path '%s' overlaps '%s'", sw[i].what, path,
                         sw[j].key->text);
                ok = false;
            }
        const ydoc_node *r = ok ? subst(L, root, &sw[i], 0, value, true) : NULL;
        if (r == NULL) {
            ok = false;
            continue;
        }
        root = r;
    }
    *out = sw;
    return ok && !L->nomem ? root : NULL;
}

/* The names of a table's keys, for suggestions (at most n - 1, NULL-ended). */
static size_t table_keys(const fld_table *t, const char **keys, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < t->n && k + 1 < n; i++)
        if (t->fields[i].key != NULL)
            keys[k++] = t->fields[i].key;
    keys[k] = NULL;
    return k;
}

err_code scn_path_quantity(const char *path, units_kind *kind, bool *is_dist, err_msg *e)
{
    char buf[512];
    if (strlen(path) >= sizeof buf)
        return err_set(e, ERR_INPUT, "'%.60s...' is too long for a path", path);
    snprintf(buf, sizeof buf, "%s", path);
    char *comps[32];
    size_t n = 0;
    for (char *p = buf, *start = buf;; p++) {
        if (*p != '.' && *p != '\0')
            continue;
        bool end = *p == '\0';
        if (p == start || n == 32)
            return err_set(e, ERR_INPUT, "'%s' is not a path such as "
                                         "strategies.NAME.decide (at most 32 parts)", path);
        *p = '\0';
        comps[n++] = start;
        start = p + 1;
        if (end)
            break;
    }
    const fld_table *t = &fld_top;
    for (size_t i = 0; i < n; i++) {
        const fld_field *f = fld_find(t, comps[i]);
        if (f == NULL) {
            const char *keys[65];
            size_t nk = table_keys(t, keys, 65);
            const char *sug = ld_suggest(comps[i], keys, nk);
            if (sug)
                return err_set(e, ERR_INPUT, "'%s': %s has no key '%s' (did you mean '%s'?)",
                               path, t->what, comps[i], sug);
            return err_set(e, ERR_INPUT, "'%s': %s has no key '%s'", path, t->what, comps[i]);
        }
        if (i == 0 && !world_row(f)) {
            const char *roots[32];
            char text[256];
            world_roots(roots, 32, text, sizeof text);
            return err_set(e, ERR_INPUT, "'%s': '%s' is not part of a world (paths start with "
                                         "%s)", path, comps[0], text);
        }
        bool last = i + 1 == n;
        if (f->kind == FLD_LIST && !last) {
            i++; /* the element, by name or index */
            if (i + 1 == n)
                return err_set(e, ERR_INPUT, "'%s' names an element, not a value inside it "
                                             "(write a path such as %s.%s.KEY)",
                               path, comps[i - 1], comps[i]);
            t = f->sub;
            continue;
        }
        if ((f->kind == FLD_MAP || (f->kind == FLD_ENUM && f->sub != NULL)) && !last) {
            t = f->sub;
            continue;
        }
        if (!last)
            return err_set(e, ERR_INPUT, "'%s': '%s' is a value, not a mapping or list", path,
                           comps[i]);
        if (f->kind == FLD_MAP || f->kind == FLD_LIST)
            return err_set(e, ERR_INPUT, "'%s' names a section, not a value in it (write a "
                                         "path such as %s.KEY)", path, path);
        if (f->kind != FLD_VALUE && f->kind != FLD_DIST)
            return err_set(e, ERR_INPUT, "'%s' is not a quantity (expected the path of a "
                                         "duration, size, rate, byte rate, number or "
                                         "probability, such as strategies.NAME.decide)", path);
        *kind = f->units;
        *is_dist = f->kind == FLD_DIST;
        return ERR_OK;
    }
    return err_set(e, ERR_INPUT, "'%s' is not a path", path); /* not reached: n >= 1 */
}

/* Labels: the shortest suffix of each path that no other path ends with. */
static bool sweep_labels(ld *L, scn_scenario *s, const sweep_in *sw, size_t n)
{
    s->sweeps = arena_array(L->a, n, sizeof *s->sweeps);
    if (n && s->sweeps == NULL)
        return ld_oom(L);
    s->nsweeps = n;
    for (size_t i = 0; i < n; i++) {
        scn_sweep *o = &s->sweeps[i];
        o->pos = ld_pos(sw[i].key);
        o->path = sw[i].key->text;
        size_t take = 1;
        for (; take < sw[i].ncomps; take++) {
            bool clash = false;
            for (size_t j = 0; j < n && !clash; j++) {
                if (j == i || sw[j].ncomps < take)
                    continue;
                bool same = true;
                for (size_t k = 1; k <= take && same; k++)
                    same = strcmp(sw[i].comps[sw[i].ncomps - k], sw[j].comps[sw[j].ncomps - k]) ==
                           0;
                clash = same;
            }
            if (!clash)
                break;
        }
        strbuf b = {0};
        for (size_t k = sw[i].ncomps - take; k < sw[i].ncomps; k++) {
            if (k > sw[i].ncomps - take)
                sb_str(&b, ".");
            sb_str(&b, sw[i].comps[k]);
        }
        o->label = arena_take(L, &b);
        o->nvalues = sw[i].values->n;
        o->values = arena_array(L->a, o->nvalues, sizeof *o->values);
        o->scalar = arena_array(L->a, o->nvalues, sizeof *o->scalar);
        if (o->label == NULL || o->values == NULL || o->scalar == NULL)
            return ld_oom(L);
        for (size_t v = 0; v < o->nvalues; v++) {
            const ydoc_node *x = sw[i].values->items[v];
            o->scalar[v] = x->kind == YDOC_SCALAR;
            if (o->scalar[v]) {
                o->values[v] = x->text;
            } else {
                strbuf fb = {0};
                sb_flow(&fb, x);
                o->values[v] = arena_take(L, &fb);
                if (o->values[v] == NULL)
                    return false;
            }
            for (size_t u = 0; u < v; u++)
                if (strcmp(o->values[u], o->values[v]) == 0) {
                    ld_error(L, x, "%s: value %s is listed twice", o->path, ld_found(x));
                    return false;
                }
        }
    }
    return true;
}

/* ---- Expectations ------------------------------------------------------------------ */

static bool target_known(const scn_scenario *s, const char *t)
{
    for (size_t i = 0; i < s->nstrategies; i++)
        if (strcmp(s->strategies[i].name, t) == 0)
            return true;
    for (size_t i = 0; i < s->nvariants; i++)
        if (strcmp(s->variants[i].name, t) == 0)
            return true;
    return false;
}

/* The condition of a rule's key "METRIC.STAT | FLAG": the flag metric's
 * name, or NULL (none). *len receives the length of "METRIC.STAT" before
 * it (spaces trimmed). false (an error reported) for a condition that is no
 * flag. */
static bool read_given(ld *L, const ydoc_node *k, size_t *len, const char **given)
{
    const char *bar = strchr(k->text, '|');
    *given = NULL;
    *len = bar ? (size_t)(bar - k->text) : strlen(k->text);
    while (*len > 0 && k->text[*len - 1] == ' ')
        (*len)--;
    if (bar == NULL)
        return true;
    const char *f = bar + 1;
    while (*f == ' ')
        f++;
    size_t flen = strlen(f);
    while (flen > 0 && f[flen - 1] == ' ')
        flen--;
    const char *flags[OC_NMETRICS];
    size_t nflags = 0;
    for (size_t i = 0; i < OC_NMETRICS; i++)
        if (oc_metrics[i].unit == OC_UNIT_SHARE) {
            flags[nflags++] = oc_metrics[i].name;
            if (strlen(oc_metrics[i].name) == flen && strncmp(oc_metrics[i].name, f, flen) == 0)
                *given = oc_metrics[i].name;
        }
    if (*given != NULL)
        return true;
    char list[256] = "";
    for (size_t i = 0, used = 0; i < nflags && used < sizeof list; i++) {
        int w = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", flags[i]);
        used += w > 0 ? (size_t)w : 0;
    }
    ld_error(L, k, "expect: '%s': the condition after '|' must be a flag (expected one of %s), "
                   "got '%.*s'", k->text, list, (int)flen, f);
    return false;
}

static bool read_rule(ld *L, const char *target, const ydoc_node *k, const ydoc_node *v,
                      scn_expect *x)
{
    size_t klen = 0;
    const char *given = NULL;
    if (!read_given(L, k, &klen, &given))
        return false;
    char key[128];
    snprintf(key, sizeof key, "%.*s", (int)(klen < sizeof key ? klen : sizeof key - 1), k->text);
    const char *dot = strrchr(key, '.');
    if (dot == NULL) {
        ld_error(L, k, "expect: '%s' is not METRIC.STAT, such as rpo.p99 (or METRIC.STAT | FLAG, "
                       "such as rto.p95 | disrupted)", k->text);
        return false;
    }
    char metric[64];
    size_t mlen = (size_t)(dot - key);
    if (mlen >= sizeof metric)
        mlen = sizeof metric - 1;
    memcpy(metric, key, mlen);
    metric[mlen] = '\0';
    const char *stat = dot + 1;
    const oc_metric_info *mi = oc_metric_find(metric);
    bool ok = true;
    if (mi == NULL) {
        const char *names[OC_NMETRICS];
        for (size_t i = 0; i < OC_NMETRICS; i++)
            names[i] = oc_metrics[i].name;
        const char *s = ld_suggest(metric, names, OC_NMETRICS);
        char list[512];
        oc_metric_list(list, sizeof list);
        if (s)
            ld_error(L, k, "expect: unknown metric '%s' (did you mean '%s'?)", metric, s);
        else
            ld_error(L, k, "expect: unknown metric '%s' (expected one of %s)", metric, list);
        ok = false;
    }
    if (stats_stat_find(stat) < 0) {
        const char *stats[STATS_NSTATS];
        for (int i = 0; i < STATS_NSTATS; i++)
            stats[i] = stats_stat_name((stats_stat)i);
        const char *s = ld_suggest(stat, stats, STATS_NSTATS);
        char list[128];
        stats_stat_list(list, sizeof list);
        if (s)
            ld_error(L, k, "expect: unknown statistic '%s' (did you mean '%s'?)", stat, s);
        else
            ld_error(L, k, "expect: unknown statistic '%s' (expected one of %s)", stat, list);
        ok = false;
    }
    if (!ok)
        return false;
    if (!ld_scalar(L, v, k->text, "a comparison such as \"<= 15m\""))
        return false;
    const char *p = v->text;
    while (*p == ' ')
        p++;
    int op = -1;
    static const char *const ops2[] = {"<=", ">=", "==", "!="};
    static const int ops2_id[] = {OC_OP_LE, OC_OP_GE, OC_OP_EQ, OC_OP_NE};
    for (int i = 0; i < 4 && op < 0; i++)
        if (strncmp(p, ops2[i], 2) == 0) {
            op = ops2_id[i];
            p += 2;
        }
    if (op < 0 && (*p == '<' || *p == '>')) {
        op = *p == '<' ? OC_OP_LT : OC_OP_GT;
        p++;
    }
    units_kind kind = UNITS_NUMBER;
    if (strcmp(stat, "n") != 0) {
        switch (mi->unit) {
        case OC_UNIT_SECONDS: kind = UNITS_DURATION; break;
        case OC_UNIT_BYTES:   kind = UNITS_SIZE; break;
        case OC_UNIT_COUNT:   kind = UNITS_NUMBER; break;
        case OC_UNIT_SHARE:   kind = UNITS_PROBABILITY; break;
        case OC_UNIT_MONEY:   kind = UNITS_NUMBER; break;
        }
    }
    if (op < 0) {
        ld_error(L, v, "%s: %s does not start with a comparison (expected <, <=, ==, !=, >= or >, "
                       "as in \"<= %s\")", k->text, ld_found(v),
                 kind == UNITS_DURATION ? "15m" : kind == UNITS_SIZE ? "1GiB" : "0.05");
        return false;
    }
    while (*p == ' ')
        p++;
    err_msg e;
    err_clear(&e);
    double threshold;
    if (units_parse(kind, p, &threshold, &e) != ERR_OK) {
        ld_error(L, v, "%s: %s", k->text, e.text);
        return false;
    }
    *x = (scn_expect){.target = target, .metric = mi->name, .op = (oc_op)op,
                      .threshold = threshold, .text = v->text, .line = k->line, .col = k->col,
                      .given = given};
    x->stat = arena_strdup(L->a, stat);
    if (x->stat == NULL)
        return ld_oom(L);
    return true;
}

static bool read_expect(ld *L, const ydoc_node *ex, scn_scenario *s, bool check_targets)
{
    if (ex == NULL || ydoc_is_null(ex))
        return true;
    if (ex->kind != YDOC_MAP) {
        ld_error(L, ex, "expect: expected a mapping of strategies or variants to rules; found "
                        "%s", ld_found(ex));
        return false;
    }
    size_t total = 0;
    for (size_t i = 0; i < ex->n; i++)
        if (ex->items[2 * i + 1]->kind == YDOC_MAP)
            total += ex->items[2 * i + 1]->n;
    if (total > SCN_MAX_ENTRIES) {
        ld_error(L, ex, "expect: more than %d rules", SCN_MAX_ENTRIES);
        return false;
    }
    s->expects = arena_array(L->a, total, sizeof *s->expects);
    if (total && s->expects == NULL)
        return ld_oom(L);
    bool ok = true;
    for (size_t i = 0; i < ex->n; i++) {
        const ydoc_node *k = ex->items[2 * i], *v = ex->items[2 * i + 1];
        if (!ld_scalar(L, k, "expect", "a strategy or variant name")) {
            ok = false;
            continue;
        }
        for (size_t j = 0; j < i; j++)
            if (ex->items[2 * j]->kind == YDOC_SCALAR &&
                strcmp(ex->items[2 * j]->text, k->text) == 0) {
                ld_error(L, k, "duplicate key '%s' (first at line %u)", k->text,
                         (unsigned)ex->items[2 * j]->line);
                ok = false;
            }
        if (check_targets && !target_known(s, k->text)) {
            const char **names = arena_array(L->a, s->nstrategies + s->nvariants + 1,
                                             sizeof *names);
            if (names == NULL)
                return ld_oom(L);
            for (size_t j = 0; j < s->nstrategies; j++)
                names[j] = s->strategies[j].name;
            for (size_t j = 0; j < s->nvariants; j++)
                names[s->nstrategies + j] = s->variants[j].name;
            const char *sug = ld_suggest(k->text, names, s->nstrategies + s->nvariants);
            if (sug)
                ld_error(L, k, "expect: no strategy or variant named '%s' (did you mean '%s'?)",
                         k->text, sug);
            else
                ld_error(L, k, "expect: no strategy or variant named '%s'", k->text);
            ok = false;
            continue;
        }
        if (v->kind != YDOC_MAP) {
            ld_error(L, v, "%s: expected rules such as {rpo.p99: \"<= 15m\"}; found %s", k->text,
                     ld_found(v));
            ok = false;
            continue;
        }
        for (size_t r = 0; r < v->n; r++) {
            const ydoc_node *rk = v->items[2 * r], *rv = v->items[2 * r + 1];
            if (!ld_scalar(L, rk, k->text, "METRIC.STAT such as rpo.p99")) {
                ok = false;
                continue;
            }
            bool dup = false;
            for (size_t j = 0; j < r; j++)
                if (strcmp(v->items[2 * j]->text, rk->text) == 0) {
                    ld_error(L, rk, "duplicate key '%s' (first at line %u)", rk->text,
                             (unsigned)v->items[2 * j]->line);
                    dup = true;
                }
            if (dup) {
                ok = false;
                continue;
            }
            if (read_rule(L, k->text, rk, rv, &s->expects[s->nexpects]))
                s->nexpects++;
            else
                ok = false;
        }
    }
    return ok;
}

/* ---- Variants ---------------------------------------------------------------------- */

static bool make_variants(ld *L, scn_scenario *s, scn_strategy **world_strategies)
{
    s->nvariants = s->nstrategies * s->nworlds;
    s->variants = arena_array(L->a, s->nvariants, sizeof *s->variants);
    if (s->nvariants && s->variants == NULL)
        return ld_oom(L);
    for (size_t st = 0; st < s->nstrategies; st++)
        for (size_t w = 0; w < s->nworlds; w++) {
            scn_variant *v = &s->variants[st * s->nworlds + w];
            v->strategy_index = (uint32_t)st;
            v->world_index = (uint32_t)w;
            v->world = &s->worlds[w];
            v->strategy = &world_strategies[w][st];
            strbuf name = {0}, json = {0};
            sb_str(&name, s->strategies[st].name);
            sb_str(&json, "{\"strategy\":");
            sb_json(&json, s->strategies[st].name);
            /* Mixed radix, the first sweep path varying slowest. */
            size_t rest = w, radix = s->nworlds;
            for (size_t k = 0; k < s->nsweeps; k++) {
                const scn_sweep *sw = &s->sweeps[k];
                radix /= sw->nvalues;
                size_t vi = rest / radix;
                rest %= radix;
                sb_str(&name, k == 0 ? "[" : ",");
                sb_str(&name, sw->label);
                sb_str(&name, "=");
                sb_str(&name, sw->values[vi]);
                sb_str(&json, ",");
                sb_json(&json, sw->path);
                sb_str(&json, ":");
                sb_json(&json, sw->values[vi]);
            }
            if (s->nsweeps)
                sb_str(&name, "]");
            sb_str(&json, "}");
            v->name = arena_take(L, &name);
            v->params_json = arena_take(L, &json);
            if (v->name == NULL || v->params_json == NULL)
                return false;
        }
    return true;
}

/* ---- The top level ---------------------------------------------------------------- */

/* The top level's own keys (those of the world are read for each world by
 * ld_world): every required key of the file, the version, name, description,
 * seed and trials. */
static void read_top(ld *L, const ydoc_node *root, scn_scenario *s)
{
    for (size_t i = 0; i < fld_top.n; i++) {
        const fld_field *f = &fld_top.fields[i];
        const ydoc_node *x = ydoc_get(root, f->key);
        if (x == NULL && (f->flags & FLD_REQUIRED))
            ld_error(L, root, "%s", f->missing);
        if (f->flags & (FLD_WORLD | FLD_HAND))
            continue;
        ld_default(f, s);
        if (x != NULL)
            ld_field(L, f, x, s, NULL);
    }
}

static char *dir_of(arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        return arena_strdup(a, "");
    if (slash == path)
        return arena_strdup(a, "/");
    return arena_strndup(a, path, (size_t)(slash - path));
}

static void set_file(scn_diags *d, const char *name, err_code *rc)
{
    for (size_t i = 0; i < d->len; i++)
        mem_free(d->items[i].message);
    mem_free(d->items);
    mem_free(d->file);
    memset(d, 0, sizeof *d);
    d->file = mem_strdup(name);
    if (d->file == NULL)
        *rc = ERR_NOMEM;
}

static void file_error(scn_diags *d, uint32_t line, uint32_t col, const char *msg)
{
    ld L = {.diags = d};
    ydoc_node at = {.line = line, .col = col};
    ld_error(&L, line ? &at : NULL, "%s", msg);
}

/* sampling.strata: outages: the strata each world makes (not too many), the
 * same in every world — a sweep that changed an outage's probability would
 * weigh trial k differently in two variants, and their comparison would no
 * longer be paired. */
static void check_strata(ld *L, const ydoc_node *root, const scn_scenario *s)
{
    strata *first = NULL;
    for (size_t w = 0; w < s->nworlds && !L->nomem; w++) {
        strata *st = NULL;
        err_msg e;
        err_code rc = strata_create(&s->worlds[w], &st, &e);
        if (rc == ERR_NOMEM) {
            L->nomem = ERR_NOMEM;
        } else if (rc != ERR_OK) {
            const ydoc_node *at = ydoc_get(root, "sampling");
            ld_error(L, at ? ydoc_get(at, "strata") : NULL, "%s", e.text);
        } else if (w > 0 && !strata_equal(first, st)) {
            ld_error(L, ydoc_get(root, "sweep"),
                     "sweep: with sampling.strata: outages every world must make the same "
                     "strata, and this sweep changes an outage's probability, "
                     "destructiveness, scope or zone (or sampling itself): stratify without "
                     "the sweep, or sweep in separate runs");
        }
        if (w == 0)
            first = st;
        else
            strata_destroy(st);
        if (rc != ERR_OK)
            break;
    }
    strata_destroy(first);
}

/* scn_load_buffer, with settings applied (scn_load_set). */
static err_code load_buffer(const char *name, const char *bytes, size_t len,
                            const scn_setting *set, size_t nset, scn_scenario **out,
                            scn_diags *diags)
{
    *out = NULL;
    err_code rc = ERR_OK;
    set_file(diags, name, &rc);
    if (rc != ERR_OK)
        return rc;
    if (len > SCN_MAX_FILE_SIZE) {
        char msg[160];
        snprintf(msg, sizeof msg, "the file is %.1f MiB, over the 16 MiB limit for scenario "
                                  "files", (double)len / (1024.0 * 1024.0));
        file_error(diags, 0, 0, msg);
        return ERR_INPUT;
    }
    loaded *l = mem_calloc(1, sizeof *l);
    if (l == NULL)
        return ERR_NOMEM;
    arena_init(&l->a);
    scn_scenario *s = &l->s;
    ld L = {.a = &l->a, .diags = diags};
    char *src = arena_alloc(&l->a, len + 1);
    const char *base = dir_of(&l->a, name);
    s->path = arena_strdup(&l->a, name);
    if (src == NULL || base == NULL || s->path == NULL)
        goto nomem;
    memcpy(src, bytes, len);
    s->source = src;
    s->source_len = len;
    sha256_hex(src, len, s->sha256);
    L.base_dir = base;

    ydoc_node *root;
    ydoc_error ye;
    rc = ydoc_parse(src, len, &l->a, &root, &ye);
    if (rc == ERR_NOMEM)
        goto nomem;
    if (rc != ERR_OK) {
        file_error(diags, ye.line, ye.col, ye.message);
        goto fail;
    }
    if (root == NULL || ydoc_is_null(root)) {
        file_error(diags, 0, 0, "the file is empty (expected a scenario starting with 'drsim: "
                                "1')");
        goto fail;
    }
    if (root->kind != YDOC_MAP) {
        ld_error(&L, root, "expected a mapping of keys such as 'drsim: 1' and 'name:' at the "
                           "top level; found %s", ld_found(root));
        goto fail;
    }
    ld_keys(&L, root, &fld_top);
    read_top(&L, root, s);

    sweep_in *setp = NULL;
    const ydoc_node *set_root = apply_settings(&L, root, set, nset, &setp);
    if (L.nomem)
        goto nomem;
    if (set_root == NULL)
        goto check; /* a setting that does not fit: nothing else is read */
    const ydoc_node *tree = set_root; /* with the settings in place */
    sweep_in *sw;
    size_t nsw, nworlds;
    bool sweep_ok =
        read_sweep(&L, tree, ydoc_get(tree, "sweep"), setp, nset, &sw, &nsw, &nworlds);
    if (L.nomem)
        goto nomem;
    if (!sweep_ok && nworlds > SCN_MAX_WORLDS) {
        nsw = 0; /* the valid paths still apply otherwise */
        nworlds = 1;
    }
    s->nworlds = nworlds;
    s->worlds = arena_array(&l->a, nworlds, sizeof *s->worlds);
    scn_strategy **wst = arena_array(&l->a, nworlds, sizeof *wst);
    size_t *wnst = arena_array(&l->a, nworlds, sizeof *wnst);
    if (s->worlds == NULL || wst == NULL || wnst == NULL)
        goto nomem;
    for (size_t w = 0; w < nworlds; w++) {
        const ydoc_node *r = tree;
        size_t rest = w, radix = nworlds;
        for (size_t k = 0; k < nsw && r != NULL; k++) {
            radix /= sw[k].values->n;
            size_t vi = rest / radix;
            rest %= radix;
            r = subst(&L, r, &sw[k], 0, sw[k].values->items[vi], false);
        }
        if (r == NULL)
            goto nomem;
        ld_world(&L, r, &s->worlds[w], &wst[w], &wnst[w]);
        if (L.nomem)
            goto nomem;
        /* The first world tells what all of them will hold: stop before
         * building more than SCN_MAX_WORLD_ENTRIES. */
        size_t entries = w == 0 ? ld_world_entries(&s->worlds[0], wst[0], wnst[0]) : 0;
        if (w == 0 && nworlds > 1 && entries > SCN_MAX_WORLD_ENTRIES / nworlds) {
            ld_error(&L, ydoc_get(tree, "sweep"),
                     "sweep: %zu combinations of a world of %zu entries (regions, accounts, "
                     "VM groups and their disks, apps, outages, strategies) make %llu; at "
                     "most %d",
                     nworlds, entries, (unsigned long long)entries * nworlds,
                     SCN_MAX_WORLD_ENTRIES);
            break;
        }
        if (diags->errors > 0 && diags->len >= LD_MAX_DIAGS)
            break;
    }
    if (nsw > 0 && !L.nomem)
        check_replaced(&L, tree, sw, nsw);
    if (L.nomem)
        goto nomem;
    if (diags->errors == 0)
        check_strata(&L, tree, s);
    if (diags->errors == 0) {
        s->strategies = wst[0];
        s->nstrategies = wnst[0];
        if (!sweep_labels(&L, s, sw, nsw) || !make_variants(&L, s, wst))
            goto check;
        read_expect(&L, ydoc_get(tree, "expect"), s, true);
    } else {
        read_expect(&L, ydoc_get(tree, "expect"), s, false);
    }
check:
    if (L.nomem)
        goto nomem;
    if (diags->errors > 0)
        goto fail;
    ld_diags_finish(diags);
    *out = s;
    return ERR_OK;
nomem:
    ld_diags_finish(diags);
    arena_free(&l->a);
    mem_free(l);
    return ERR_NOMEM;
fail:
    ld_diags_finish(diags);
    arena_free(&l->a);
    mem_free(l);
    return ERR_INPUT;
}

err_code scn_load_buffer(const char *name, const char *bytes, size_t len, scn_scenario **out,
                         scn_diags *diags)
{
    return load_buffer(name, bytes, len, NULL, 0, out, diags);
}

err_code scn_load(const char *path, scn_scenario **out, scn_diags *diags)
{
    return scn_load_set(path, NULL, 0, out, diags);
}

err_code scn_load_set(const char *path, const scn_setting *set, size_t nset,
                      scn_scenario **out, scn_diags *diags)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    const char *why = NULL;
    int err = 0;
    if (fd < 0) {
        err = errno;
    } else if (fstat(fd, &st) != 0) {
        err = errno;
    } else if (S_ISDIR(st.st_mode)) {
        why = "it is a directory, not a scenario file";
    } else if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode)) {
        why = "it is not a regular file";
    }
    if (fd >= 0 && why == NULL && err == 0 && !S_ISREG(st.st_mode)) {
        /* A pipe or terminal: read it blocking. */
        int flags = fcntl(fd, F_GETFL);
        if (flags >= 0)
            fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    if (fd >= 0 && why == NULL && err == 0) {
        for (;;) {
            if (len == cap) {
                size_t ncap = cap ? cap * 2 : 65536;
                if (ncap > (size_t)SCN_MAX_FILE_SIZE + 1)
                    ncap = (size_t)SCN_MAX_FILE_SIZE + 1;
                if (ncap == cap)
                    break;
                char *nb = mem_realloc(buf, ncap);
                if (nb == NULL) {
                    mem_free(buf);
                    close(fd);
                    return ERR_NOMEM;
                }
                buf = nb;
                cap = ncap;
            }
            ssize_t got = read(fd, buf + len, cap - len);
            if (got < 0) {
                if (errno == EINTR)
                    continue;
                err = errno;
                break;
            }
            if (got == 0)
                break;
            len += (size_t)got;
        }
    }
    if (fd >= 0)
        close(fd);
    if (why != NULL || err != 0) {
        mem_free(buf);
        err_code rc = ERR_OK;
        set_file(diags, path, &rc);
        if (rc != ERR_OK)
            return rc;
        char msg[512];
        snprintf(msg, sizeof msg, "cannot read the file: %s", why ? why : strerror(err));
        file_error(diags, 0, 0, msg);
        return ERR_INPUT;
    }
    if (len > SCN_MAX_FILE_SIZE) {
        bool known = stat(path, &st) == 0 && S_ISREG(st.st_mode);
        mem_free(buf);
        err_code rc = ERR_OK;
        set_file(diags, path, &rc);
        if (rc != ERR_OK)
            return rc;
        char msg[160];
        if (known)
            snprintf(msg, sizeof msg, "the file is %.1f MiB, over the 16 MiB limit for "
                                      "scenario files", (double)st.st_size / 1048576.0);
        else
            snprintf(msg, sizeof msg, "the file is over the 16 MiB limit for scenario files");
        file_error(diags, 0, 0, msg);
        return ERR_INPUT;
    }
    err_code rc = load_buffer(path, buf ? buf : "", len, set, nset, out, diags);
    mem_free(buf);
    return rc;
}

void scn_free(scn_scenario *s)
{
    if (s == NULL)
        return;
    loaded *l = (loaded *)s;
    arena_free(&l->a);
    mem_free(l);
}
