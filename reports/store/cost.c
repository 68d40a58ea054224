/*
 * cost.c — a variant's running cost and risk in the store (store.h
 * "Costs"): written after a run's results are published, in its
 * transaction; read back per variant; copied by merge.
 *
 * Invariants: a variant's items are stored with seq 0, 1, ... in the
 * bill's order and read back in it; a variant without a stored bill (a run
 * before schema version 8) reads as currency NULL, NAN figures, no items.
 */
#include <math.h>
#include <string.h>

#include "reports/store/storeInt.h"
#include "sim/core/mem.h"

static void bind_real(sqlite3_stmt *s, int i, double v)
{
    if (isnan(v))
        sqlite3_bind_null(s, i);
    else
        sqlite3_bind_double(s, i, v);
}

static double column_real(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL ? (double)NAN : sqlite3_column_double(s, i);
}

err_code store_run_cost(store *st, uint32_t idx, const store_cost *c, err_msg *e)
{
    if (st->wstate != W_PUBLISHED)
        return store_error(st, e, ERR_INTERNAL, "a cost recorded outside a published run");
    sqlite3_stmt *s = NULL;
    err_code rc = store_prepare(st,
                                "UPDATE variant SET currency = ?3, monthly_cost = ?4, "
                                "outages_per_year = ?5, destroyed_per_year = ?6 "
                                "WHERE run_id = ?1 AND idx = ?2",
                                &s, e);
    if (rc != ERR_OK)
        return rc;
    sqlite3_bind_int64(s, 1, st->run_id);
    sqlite3_bind_int64(s, 2, idx);
    store_bind_text(s, 3, c->currency);
    bind_real(s, 4, c->monthly);
    bind_real(s, 5, c->per_year);
    bind_real(s, 6, c->destroyed_per_year);
    rc = store_step_done(st, s, "cannot record a variant's cost", e);
    sqlite3_finalize(s);
    if (rc != ERR_OK)
        return rc;
    rc = store_prepare(st,
                       "INSERT INTO cost (run_id, variant_id, seq, item, quantity, unit, "
                       "unit_price, monthly) SELECT ?1, id, ?3, ?4, ?5, ?6, ?7, ?8 FROM variant "
                       "WHERE run_id = ?1 AND idx = ?2",
                       &s, e);
    if (rc != ERR_OK)
        return rc;
    for (size_t i = 0; rc == ERR_OK && i < c->n; i++) {
        const store_cost_item *it = &c->items[i];
        sqlite3_bind_int64(s, 1, st->run_id);
        sqlite3_bind_int64(s, 2, idx);
        sqlite3_bind_int64(s, 3, (sqlite3_int64)i);
        store_bind_text(s, 4, it->what);
        bind_real(s, 5, it->quantity);
        store_bind_text(s, 6, it->unit);
        bind_real(s, 7, it->unit_price);
        bind_real(s, 8, it->monthly);
        rc = store_step_done(st, s, "cannot record a cost item", e);
    }
    sqlite3_finalize(s);
    return rc;
}

void store_cost_clear(store_cost *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->n; i++) {
        mem_free_const(c->items[i].what);
        mem_free_const(c->items[i].unit);
    }
    mem_free(c->items);
    mem_free_const(c->currency);
    memset(c, 0, sizeof *c);
    c->monthly = c->per_year = c->destroyed_per_year = NAN;
}

static err_code nomem(store *st, err_msg *e)
{
    return store_error(st, e, ERR_NOMEM, "out of memory (a variant's cost)");
}

err_code store_cost_get(store *st, int64_t variant_id, store_cost *out, err_msg *e)
{
    memset(out, 0, sizeof *out);
    out->monthly = out->per_year = out->destroyed_per_year = NAN;
    sqlite3_stmt *s = NULL;
    err_code rc = store_prepare(st,
                                "SELECT currency, monthly_cost, outages_per_year, "
                                "destroyed_per_year FROM variant WHERE id = ?1",
                                &s, e);
    if (rc != ERR_OK)
        return rc;
    sqlite3_bind_int64(s, 1, variant_id);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        char *cur = NULL;
        if (store_column_dup(s, 0, &cur) < 0)
            rc = nomem(st, e);
        out->currency = cur;
        out->monthly = column_real(s, 1);
        out->per_year = column_real(s, 2);
        out->destroyed_per_year = column_real(s, 3);
    } else if (r != SQLITE_DONE) {
        rc = store_sql_error(st, e, r, "cannot read a variant's cost");
    }
    sqlite3_finalize(s);
    if (rc != ERR_OK)
        goto fail;
    rc = store_prepare(st,
                       "SELECT item, quantity, unit, unit_price, monthly FROM cost "
                       "WHERE variant_id = ?1 ORDER BY seq",
                       &s, e);
    if (rc != ERR_OK)
        goto fail;
    sqlite3_bind_int64(s, 1, variant_id);
    size_t cap = 0;
    while (rc == ERR_OK && (r = sqlite3_step(s)) == SQLITE_ROW) {
        if (out->n == cap) {
            size_t ncap = cap ? 2 * cap : 16;
            store_cost_item *items = mem_realloc(out->items, ncap * sizeof *items);
            if (items == NULL) {
                rc = nomem(st, e);
                break;
            }
            out->items = items;
            cap = ncap;
        }
        store_cost_item *it = &out->items[out->n];
        memset(it, 0, sizeof *it);
        out->n++;
        char *what = NULL, *unit = NULL;
        if (store_column_dup_nn(s, 0, &what) < 0 || store_column_dup_nn(s, 2, &unit) < 0)
            rc = nomem(st, e);
        it->what = what;
        it->unit = unit;
        it->quantity = column_real(s, 1);
        it->unit_price = column_real(s, 3);
        it->monthly = column_real(s, 4);
    }
    if (rc == ERR_OK && r != SQLITE_DONE)
        rc = store_sql_error(st, e, r, "cannot read a variant's bill");
    sqlite3_finalize(s);
    if (rc == ERR_OK)
        return ERR_OK;
fail:
    store_cost_clear(out);
    return rc;
}

err_code store_copy_costs(store *out, store *in, int64_t from, err_msg *e)
{
    store_variant *v = NULL;
    size_t n = 0;
    err_code rc = store_variants(in, from, &v, &n, e);
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        store_cost c;
        rc = store_cost_get(in, v[i].id, &c, e);
        if (rc == ERR_OK && c.currency != NULL)
            rc = store_run_cost(out, v[i].idx, &c, e);
        store_cost_clear(&c);
    }
    store_variants_free(v, n);
    return rc;
}
