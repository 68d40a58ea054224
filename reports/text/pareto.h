/*
 * pareto.h — what each variant costs against what it achieves: the
 * frontier of running cost against one figure, and the cheapest variant
 * that meets every expectation.
 *
 * A point is a variant with a stored bill (costview.h): its running cost a
 * month, one statistic of one metric ("rto.p95") with its interval, and its
 * expectations' verdict. A point is on the frontier when no other point
 * costs at most as much and does at least as well on the figure, one of
 * the two strictly: the variants worth considering at all, the rest paying
 * more for no better figure. The frontier is taken on the estimates; each
 * figure's interval is shown beside it, so a step of the frontier smaller
 * than the intervals reads as such.
 *
 * The cheapest that meets the expectations is the point of least running
 * cost among those whose every stored expectation passed (an inconclusive
 * one does not), ties to the first; none when no variant with a bill
 * meets them.
 *
 * Ownership: the points' labels point into the items they came from.
 */
#ifndef DRSIM_PARETO_H
#define DRSIM_PARETO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "models/outcome.h"
#include "reports/text/view.h"
#include "sim/core/stats.h"

typedef enum pareto_verdict {
    PARETO_NONE = 0, /* the variant has no expectation */
    PARETO_MEETS,    /* every expectation passed */
    PARETO_MISSES    /* one failed or is inconclusive */
} pareto_verdict;

typedef struct pareto_point {
    const char *label;
    double cost;          /* running cost a month */
    double figure;        /* the statistic; NAN when it has none */
    double lo, hi;        /* its interval (NAN: none) */
    pareto_verdict verdict;
    bool frontier;
} pareto_point;

/* The points of items[0..n) with a stored bill, in their order, into out
 * (room for n); *nout how many; *currency the first bill's (a copy of at
 * most size - 1 bytes). m and s name the figure. */
err_code pareto_collect(const view_item *items, size_t n, oc_metric m, stats_stat s,
                        pareto_point *out, size_t *nout, char *currency, size_t size,
                        err_msg *e);

/* Sorts the points by cost (ties keep their order) and marks the frontier:
 * lower figures are better when lower_is_better. A point without a figure
 * is never on it. */
void pareto_order(pareto_point *p, size_t n, bool lower_is_better);

/* "meets", "misses", "none stated". */
const char *pareto_verdict_word(pareto_verdict v);

/* The point's figure with its interval, "1h 20m [1h 19m, 1h 21m]", into
 * buf (as snprintf); buf. */
char *pareto_figure_text(oc_metric m, const pareto_point *p, char *buf, size_t size);

/* The cheapest point that meets its expectations, or -1. */
long pareto_cheapest(const pareto_point *p, size_t n);

/* `drsim compare --pareto METRIC.STAT`: the points as a table (cost
 * ascending, the frontier marked) and the cheapest that meets the
 * expectations; or as JSON. ERR_INPUT (message in *e) when no item has a
 * bill. */
err_code pareto_compare(const view_item *items, size_t n, oc_metric m, stats_stat s, bool json,
                        FILE *out, err_msg *e);

#endif
