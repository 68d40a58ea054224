/*
 * pareto.c — running cost against one figure: the frontier and the
 * cheapest variant that meets its expectations (pareto.h).
 *
 * Invariant: a point's verdict comes from the expectations stored with its
 * run for its variant (judged when the run was), never from a new judgment,
 * so compare and the report agree with check.
 */
#include "reports/text/pareto.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reports/store/store.h"
#include "reports/text/costview.h"
#include "reports/text/fmt.h"
#include "reports/text/table.h"
#include "sim/core/escape.h"
#include "sim/core/jsonw.h"
#include "sim/core/mem.h"

/* The verdict of a variant's stored expectations. */
static err_code verdict_of(const view_item *it, pareto_verdict *out, err_msg *e)
{
    store_expectation *xs = NULL;
    size_t nx = 0;
    err_code rc = store_expectations(it->st, it->run_id, &xs, &nx, e);
    *out = PARETO_NONE;
    for (size_t i = 0; rc == ERR_OK && i < nx; i++) {
        if (xs[i].variant_id != it->variant_id)
            continue;
        if (!xs[i].pass)
            *out = PARETO_MISSES;
        else if (*out == PARETO_NONE)
            *out = PARETO_MEETS;
    }
    store_expectations_free(xs, nx);
    return rc;
}

err_code pareto_collect(const view_item *items, size_t n, oc_metric m, stats_stat s,
                        pareto_point *out, size_t *nout, char *currency, size_t size,
                        err_msg *e)
{
    *nout = 0;
    if (size)
        currency[0] = '\0';
    err_code rc = ERR_OK;
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        store_cost c;
        rc = store_cost_get(items[i].st, items[i].variant_id, &c, e);
        if (rc != ERR_OK)
            break;
        bool billed = c.currency != NULL && !isnan(c.monthly);
        if (billed && currency[0] == '\0' && size)
            snprintf(currency, size, "%s", c.currency);
        double monthly = c.monthly;
        store_cost_clear(&c);
        if (!billed)
            continue;
        stats_agg a;
        rc = store_aggregate(items[i].st, items[i].variant_id, m, &a, e);
        pareto_point *p = &out[*nout];
        *p = (pareto_point){.label = items[i].label, .cost = monthly, .lo = NAN, .hi = NAN};
        if (rc == ERR_OK) {
            p->figure = stats_get(&a, s);
            stats_interval(&a, s, &p->lo, &p->hi);
            rc = verdict_of(&items[i], &p->verdict, e);
        }
        (*nout)++;
    }
    return rc;
}

/* Whether a does at least as well as b on the figure. */
static bool as_good(double a, double b, bool lower_is_better)
{
    return lower_is_better ? a <= b : a >= b;
}

void pareto_order(pareto_point *p, size_t n, bool lower_is_better)
{
    /* Insertion sort: stable (ties keep the items' order), and n is a
     * report's handful of variants. */
    for (size_t i = 1; i < n; i++) {
        pareto_point x = p[i];
        size_t j = i;
        for (; j > 0 && p[j - 1].cost > x.cost; j--)
            p[j] = p[j - 1];
        p[j] = x;
    }
    for (size_t i = 0; i < n; i++) {
        p[i].frontier = !isnan(p[i].figure);
        for (size_t j = 0; j < n && p[i].frontier; j++) {
            if (j == i || isnan(p[j].figure))
                continue;
            bool dominates = p[j].cost <= p[i].cost &&
                             as_good(p[j].figure, p[i].figure, lower_is_better) &&
                             (p[j].cost < p[i].cost || p[j].figure != p[i].figure);
            if (dominates)
                p[i].frontier = false;
        }
    }
}

long pareto_cheapest(const pareto_point *p, size_t n)
{
    long best = -1;
    for (size_t i = 0; i < n; i++)
        if (p[i].verdict == PARETO_MEETS && (best < 0 || p[i].cost < p[best].cost))
            best = (long)i;
    return best;
}


const char *pareto_verdict_word(pareto_verdict v)
{
    return v == PARETO_MEETS ? "meets" : v == PARETO_MISSES ? "misses" : "none stated";
}

char *pareto_figure_text(oc_metric m, const pareto_point *p, char *buf, size_t size)
{
    char f[FMT_MAX], lo[FMT_MAX], hi[FMT_MAX];
    fmt_metric(m, p->figure, f, sizeof f);
    if (isnan(p->lo))
        snprintf(buf, size, "%s", f);
    else
        snprintf(buf, size, "%s [%s, %s]", f, fmt_metric(m, p->lo, lo, sizeof lo),
                 fmt_metric(m, p->hi, hi, sizeof hi));
    return buf;
}

static void json_points(const pareto_point *p, size_t n, long cheapest, const char *currency,
                        const char *figure, FILE *out)
{
    jw w;
    jw_init(&w, 2);
    jw_obj_begin(&w);
    jw_key(&w, "figure");
    jw_str(&w, figure);
    jw_key(&w, "currency");
    jw_str(&w, currency);
    jw_key(&w, "points");
    jw_arr_begin(&w);
    for (size_t i = 0; i < n; i++) {
        jw_obj_begin(&w);
        jw_key(&w, "variant");
        jw_str(&w, p[i].label);
        jw_key(&w, "monthly");
        jw_num(&w, p[i].cost);
        jw_key(&w, "figure");
        jw_num(&w, p[i].figure);
        jw_key(&w, "ci");
        jw_arr_begin(&w);
        jw_num(&w, p[i].lo);
        jw_num(&w, p[i].hi);
        jw_arr_end(&w);
        jw_key(&w, "expectations");
        jw_str(&w, pareto_verdict_word(p[i].verdict));
        jw_key(&w, "frontier");
        jw_bool(&w, p[i].frontier);
        jw_obj_end(&w);
    }
    jw_arr_end(&w);
    jw_key(&w, "cheapest_meeting_expectations");
    if (cheapest >= 0)
        jw_str(&w, p[cheapest].label);
    else
        jw_null(&w);
    jw_obj_end(&w);
    char *text = jw_take(&w);
    if (text != NULL)
        fprintf(out, "%s\n", text);
    mem_free(text);
}

err_code pareto_compare(const view_item *items, size_t n, oc_metric m, stats_stat s, bool json,
                        FILE *out, err_msg *e)
{
    pareto_point *p = mem_calloc(n ? n : 1, sizeof *p);
    if (p == NULL)
        return err_set(e, ERR_NOMEM, "out of memory");
    size_t np = 0;
    char currency[16];
    err_code rc = pareto_collect(items, n, m, s, p, &np, currency, sizeof currency, e);
    if (rc == ERR_OK && np == 0)
        rc = err_set(e, ERR_INPUT,
                     "--pareto: none of these variants has a running cost stored (runs "
                     "before costs were, or of an older drsim)");
    if (rc != ERR_OK) {
        mem_free(p);
        return rc;
    }
    pareto_order(p, np, oc_metrics[m].lower_is_better);
    long cheapest = pareto_cheapest(p, np);
    char figure[64];
    snprintf(figure, sizeof figure, "%s.%s", oc_metrics[m].name, stats_stat_name(s));
    if (json) {
        json_points(p, np, cheapest, currency, figure, out);
        mem_free(p);
        return ferror(out) ? err_set(e, ERR_IO, "cannot write the output: %s", strerror(errno))
                           : ERR_OK;
    }
    tbl *t = tbl_new(5, 2);
    if (t == NULL) {
        mem_free(p);
        return err_set(e, ERR_NOMEM, "out of memory");
    }
    tbl_cell(t, "variant");
    tbl_cell(t, "a month");
    tbl_cell(t, "%s", figure);
    tbl_cell(t, "expectations");
    tbl_cell(t, "frontier");
    tbl_align_right(t, 1);
    tbl_align_right(t, 2);
    for (size_t i = 0; i < np; i++) {
        char c[FMT_MAX], f[3 * FMT_MAX + 8];
        tbl_cell(t, "%s", p[i].label);
        tbl_cell(t, "%s", fmt_money(p[i].cost, c, sizeof c));
        tbl_cell(t, "%s", pareto_figure_text(m, &p[i], f, sizeof f));
        tbl_cell(t, "%s", pareto_verdict_word(p[i].verdict));
        tbl_cell(t, "%s", p[i].frontier ? "yes" : "dominated");
    }
    fprintf(out, "running cost (%s a month) against %s; frontier: no other variant costs "
                 "less and does as well\n",
            esc_tmp(currency), figure);
    rc = tbl_print(t, out, true);
    tbl_free(t);
    if (rc == ERR_OK) {
        char c[FMT_MAX];
        if (cheapest >= 0)
            fprintf(out, "\ncheapest that meets every expectation: %s (%s %s a month)\n",
                    p[cheapest].label, fmt_money(p[cheapest].cost, c, sizeof c),
                    esc_tmp(currency));
        else
            fprintf(out, "\nno variant with a running cost meets every expectation\n");
        if (ferror(out))
            rc = err_set(e, ERR_IO, "cannot write the output: %s", strerror(errno));
    } else if (rc == ERR_NOMEM) {
        rc = err_set(e, ERR_NOMEM, "out of memory");
    } else {
        rc = err_set(e, rc, "cannot write the output: %s", strerror(errno ? errno : EIO));
    }
    mem_free(p);
    return rc;
}
