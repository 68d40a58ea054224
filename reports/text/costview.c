/*
 * costview.c — a variant's running cost and risk a year, as shown
 * (costview.h).
 */
#include "reports/text/costview.h"

#include <math.h>
#include <string.h>

#include "reports/text/fmt.h"
#include "reports/text/table.h"
#include "sim/core/escape.h"

/* per_year times a mean and its interval; NAN when nothing was measured. */
static void scaled(const stats_agg *a, double per_year, double out[3])
{
    bool none = a->n_finite == 0;
    out[0] = none ? (double)NAN : per_year * a->mean;
    out[1] = none || isnan(a->ci_lo) ? out[0] : per_year * a->ci_lo;
    out[2] = none || isnan(a->ci_hi) ? out[0] : per_year * a->ci_hi;
}

/* The year of metric m: r_all disruptions, r_d of them destroying their
 * scope (costview.h). When both kinds come (0 < r_d < r_all), the trials
 * whose outage destroyed its scope and the others are weighed by their own
 * rates: r_T E[X | not destroyed] + r_D E[X | destroyed], E[X | not
 * destroyed] = (E[X] - p E[X | destroyed]) / (1 - p), p the share of
 * destroyed trials; the interval combines the two means' as independent
 * normals. NAN when a kind that comes has no trial to measure it by. */
static err_code annual(store *st, int64_t vid, oc_metric m, double r_all, double r_d,
                       double out[3], err_msg *e)
{
    stats_agg a;
    err_code rc = store_aggregate(st, vid, m, &a, e);
    if (rc != ERR_OK)
        return rc;
    if (!(r_d > 0) || r_d >= r_all || store_given(st) >= 0) {
        scaled(&a, r_all, out);
        return ERR_OK;
    }
    stats_agg flag, ad;
    rc = store_aggregate(st, vid, OC_DESTROYED, &flag, e);
    if (rc == ERR_OK) {
        store_set_given(st, OC_DESTROYED);
        rc = store_aggregate(st, vid, m, &ad, e);
        store_set_given(st, -1);
    }
    if (rc != ERR_OK)
        return rc;
    double p = flag.mean;
    out[0] = out[1] = out[2] = NAN;
    if (a.n_finite == 0 || ad.n_finite == 0 || !(p > 0) || !(p < 1))
        return ERR_OK;
    double r_t = r_all - r_d;
    double kept = (a.mean - p * ad.mean) / (1 - p);
    out[0] = r_t * kept + r_d * ad.mean;
    double h_all = isnan(a.ci_hi) ? 0 : (a.ci_hi - a.ci_lo) / 2;
    double h_d = isnan(ad.ci_hi) ? 0 : (ad.ci_hi - ad.ci_lo) / 2;
    double half = sqrt(pow(r_t * h_all / (1 - p), 2) + pow(r_d * h_d, 2));
    out[1] = fmax(0, out[0] - half);
    out[2] = out[0] + half;
    return ERR_OK;
}

err_code costv_annual_get(store *st, int64_t variant_id, const store_cost *c, costv_annual *out,
                          err_msg *e)
{
    memset(out, 0, sizeof *out);
    out->has_bill = c->currency != NULL;
    out->monthly = c->monthly;
    out->per_year = c->per_year;
    double py = isnan(c->per_year) ? 0 : c->per_year;
    double pd = isnan(c->destroyed_per_year) ? 0 : c->destroyed_per_year;
    err_code rc = annual(st, variant_id, OC_RTO, py, pd, out->downtime, e);
    if (rc == ERR_OK)
        rc = annual(st, variant_id, OC_DATA_LOSS_BYTES, py, pd, out->bytes_lost, e);
    if (rc == ERR_OK)
        rc = annual(st, variant_id, OC_OUTAGE_COST, py, pd, out->outage, e);
    if (rc != ERR_OK)
        return rc;
    for (int k = 0; k < 3; k++)
        out->total[k] = 12 * c->monthly + out->outage[k];
    return ERR_OK;
}

void costv_total_text(const costv_annual *a, char *buf, size_t size)
{
    char m[FMT_MAX], o[FMT_MAX], t[FMT_MAX];
    if (isnan(a->total[0]))
        snprintf(buf, size, "n/a (no business figures: 12 x %s running)",
                 fmt_money(a->monthly, m, sizeof m));
    else
        snprintf(buf, size, "%s (12 x %s + %s)", fmt_money(a->total[0], t, sizeof t),
                 fmt_money(a->monthly, m, sizeof m), fmt_money(a->outage[0], o, sizeof o));
}

static void range(oc_metric m, const double v[3], char *buf, size_t size)
{
    char a[FMT_MAX], lo[FMT_MAX], hi[FMT_MAX];
    if (isnan(v[0]))
        snprintf(buf, size, "n/a");
    else
        snprintf(buf, size, "%s [%s, %s]", fmt_metric(m, v[0], a, sizeof a),
                 fmt_metric(m, v[1], lo, sizeof lo), fmt_metric(m, v[2], hi, sizeof hi));
}

err_code costv_print(store *st, const store_variant *v, FILE *out, err_msg *e)
{
    store_cost c;
    err_code rc = store_cost_get(st, v->id, &c, e);
    if (rc != ERR_OK)
        return rc;
    if (c.currency == NULL) {
        store_cost_clear(&c);
        return ERR_OK;
    }
    costv_annual a;
    rc = costv_annual_get(st, v->id, &c, &a, e);
    tbl *t = rc == ERR_OK ? tbl_new(5, 2) : NULL;
    if (rc == ERR_OK && t == NULL)
        rc = err_set(e, ERR_NOMEM, "out of memory");
    if (rc != ERR_OK) {
        store_cost_clear(&c);
        return rc;
    }
    char b[4][FMT_MAX];
    tbl_cell(t, "item");
    tbl_cell(t, "quantity");
    tbl_cell(t, "unit");
    tbl_cell(t, "unit price");
    tbl_cell(t, "a month");
    tbl_align_right(t, 1);
    tbl_align_right(t, 3);
    tbl_align_right(t, 4);
    for (size_t i = 0; i < c.n; i++) {
        tbl_cell(t, "%s", c.items[i].what);
        tbl_cell(t, "%s", fmt_count(c.items[i].quantity, b[0], FMT_MAX));
        tbl_cell(t, "%s", c.items[i].unit);
        tbl_cell(t, "%.4g", c.items[i].unit_price);
        tbl_cell(t, "%s", fmt_money(c.items[i].monthly, b[1], FMT_MAX));
    }
    tbl_cell(t, "total");
    tbl_cell(t, "%s", "");
    tbl_cell(t, "%s", "");
    tbl_cell(t, "%s", "");
    tbl_cell(t, "%s", fmt_money(c.monthly, b[2], FMT_MAX));
    fprintf(out, "\n  running cost of %s, %s a month:\n", esc_tmp(v->name), esc_tmp(c.currency));
    rc = tbl_print(t, out, true);
    tbl_free(t);
    if (rc == ERR_OK) {
        char dt[96], bl[96], oc[96], tot[160];
        range(OC_RTO, a.downtime, dt, sizeof dt);
        range(OC_DATA_LOSS_BYTES, a.bytes_lost, bl, sizeof bl);
        range(OC_OUTAGE_COST, a.outage, oc, sizeof oc);
        costv_total_text(&a, tot, sizeof tot);
        fprintf(out,
                "  a year (%.4g disruptions like this one): downtime %s, data lost %s, "
                "outage cost %s; total %s\n",
                a.per_year, dt, bl, oc, tot);
    }
    store_cost_clear(&c);
    return rc == ERR_NOMEM ? err_set(e, rc, "out of memory") : rc;
}

static void json_range(jw *w, const char *key, const double v[3])
{
    jw_key(w, key);
    if (isnan(v[0])) {
        jw_null(w);
        return;
    }
    jw_obj_begin(w);
    jw_key(w, "expected");
    jw_num(w, v[0]);
    jw_key(w, "ci");
    jw_arr_begin(w);
    jw_num(w, v[1]);
    jw_num(w, v[2]);
    jw_arr_end(w);
    jw_obj_end(w);
}

void costv_json_write(jw *w, const store_cost *c, const costv_annual *a)
{
    jw_key(w, "cost");
    if (c->currency == NULL) {
        jw_null(w);
        return;
    }
    jw_obj_begin(w);
    jw_key(w, "currency");
    jw_str(w, c->currency);
    jw_key(w, "monthly");
    jw_num(w, c->monthly);
    jw_key(w, "items");
    jw_arr_begin(w);
    for (size_t i = 0; i < c->n; i++) {
        jw_obj_begin(w);
        jw_key(w, "item");
        jw_str(w, c->items[i].what);
        jw_key(w, "quantity");
        jw_num(w, c->items[i].quantity);
        jw_key(w, "unit");
        jw_str(w, c->items[i].unit);
        jw_key(w, "unit_price");
        jw_num(w, c->items[i].unit_price);
        jw_key(w, "monthly");
        jw_num(w, c->items[i].monthly);
        jw_obj_end(w);
    }
    jw_arr_end(w);
    jw_key(w, "annual");
    jw_obj_begin(w);
    jw_key(w, "disruptions");
    jw_num(w, a->per_year);
    jw_key(w, "destroying");
    jw_num(w, c->destroyed_per_year);
    json_range(w, "downtime_s", a->downtime);
    json_range(w, "data_loss_bytes", a->bytes_lost);
    json_range(w, "outage_cost", a->outage);
    json_range(w, "total", a->total);
    jw_obj_end(w);
    jw_obj_end(w);
}

err_code costv_json(store *st, int64_t variant_id, jw *w, err_msg *e)
{
    store_cost c;
    err_code rc = store_cost_get(st, variant_id, &c, e);
    if (rc != ERR_OK)
        return rc;
    costv_annual a;
    memset(&a, 0, sizeof a);
    if (c.currency != NULL)
        rc = costv_annual_get(st, variant_id, &c, &a, e);
    if (rc == ERR_OK)
        costv_json_write(w, &c, &a);
    store_cost_clear(&c);
    return rc;
}
