/*
 * costview.h — a variant's running cost and risk a year, from the store:
 * the figures every view and report shows (drsim show, --json, compare, the
 * Markdown and HTML reports).
 *
 * The annual figures (models/world/cost.h): a trial is one disruption like
 * the scenario's, and per_year of them come a year (a Poisson number), so
 * the expectation of a year is per_year times the mean over the trials, and
 * its interval is the mean's interval times per_year — unless both kinds
 * come (0 < destroyed_per_year < per_year): then each kind at its own rate,
 * r_T E[X | not destroyed] + r_D E[X | destroyed], from the trials'
 * `destroyed` flag, the interval combining the two means' as independent
 * normals; NAN when a kind that comes has no trial to measure it by (with
 * a rare destruction: sampling.strata: outages gives it trials). Expected downtime is
 * the RTO's (trials that never served again within the horizon are left
 * out of its mean, as in its summary); data lost is bytes lost; the total
 * is 12 months of running cost plus the expected outage cost, n/a (NAN)
 * without business figures.
 */
#ifndef DRSIM_COSTVIEW_H
#define DRSIM_COSTVIEW_H

#include <stdbool.h>
#include <stdio.h>

#include "reports/store/store.h"
#include "sim/core/jsonw.h"

typedef struct costv_annual {
    bool has_bill;          /* a cost is stored (runs from schema version 8 on) */
    double monthly;         /* running cost a month */
    double per_year;        /* disruptions a year */
    double downtime[3];     /* s a year: expected, and its interval */
    double bytes_lost[3];   /* bytes a year */
    double outage[3];       /* outage cost a year (NAN without business figures) */
    double total[3];        /* 12 * monthly + outage (NAN without business figures) */
} costv_annual;

/* The annual figures of one variant (c: its stored cost). */
err_code costv_annual_get(store *st, int64_t variant_id, const store_cost *c, costv_annual *out,
                          err_msg *e);

/* "12 x 262.40 + 24.1k = 27.3k" */
void costv_total_text(const costv_annual *a, char *buf, size_t size);

/* drsim show: the itemised bill and the year, under a variant's table. */
err_code costv_print(store *st, const store_variant *v, FILE *out, err_msg *e);

/* --json: the variant's "cost" object (null when none is stored):
 * currency, monthly, items (item, quantity, unit, unit_price, monthly) and
 * annual (disruptions; downtime_s, data_loss_bytes, outage_cost and total,
 * each {expected, ci: [lo, hi]} or null). */
err_code costv_json(store *st, int64_t variant_id, jw *w, err_msg *e);
void costv_json_write(jw *w, const store_cost *c, const costv_annual *a);

#endif
