/*
 * judge.c — expectations judged on stored trials (see judge.h).
 *
 * Invariant: a verdict is pass only when every value of the statistic's
 * confidence interval meets the rule, fail only when none does; in between
 * it is inconclusive. A statistic without an interval (n, sd, min, max) or
 * without enough values for one, and every == or != rule, is judged on its
 * value alone.
 */
#include "reports/check/judge.h"

#include <math.h>
#include <string.h>

#include "sim/core/mem.h"

/* Whether every / no value of [lo, hi] meets `op threshold`, op a
 * half-line (<, <=, >, >=). */
static void interval_meets(double lo, double hi, oc_op op, double threshold, bool *all,
                           bool *none)
{
    bool a = oc_compare(lo, op, threshold), b = oc_compare(hi, op, threshold);
    *all = a && b;
    *none = !a && !b;
}

void judge_verdict(store_expectation *x, const stats_agg *agg, stats_stat stat, oc_op op)
{
    double lo = NAN, hi = NAN;
    x->level = x->observed_lo = x->observed_hi = NAN;
    x->inconclusive = false;
    x->pass = oc_compare(x->observed, op, x->threshold);
    /* == and != state what every trial does ("never read-only": max == 0,
     * "no writes lost": mean == 0): an interval around an estimate cannot
     * bear on them, the values can. */
    if (op == OC_OP_EQ || op == OC_OP_NE)
        return;
    if (!stats_interval(agg, stat, &lo, &hi) || isnan(lo) || isnan(hi) || isnan(x->observed))
        return;
    x->level = agg->level;
    x->observed_lo = lo;
    x->observed_hi = hi;
    bool all = false, none = false;
    interval_meets(lo, hi, op, x->threshold, &all, &none);
    x->pass = all;
    x->inconclusive = !all && !none;
}

/* The metrics of rules[0..nrules) that judge the variant under the
 * condition `given` (NULL: none) into ms (up to `max`); their number. */
static size_t variant_metrics(const oc_rule *rules, size_t nrules, const store_variant *v,
                              const char *given, oc_metric *ms, size_t max)
{
    size_t n = 0;
    for (size_t r = 0; r < nrules && n < max; r++) {
        const oc_metric_info *mi = oc_metric_find(rules[r].metric);
        bool same = given == NULL ? rules[r].given == NULL
                                  : rules[r].given != NULL && strcmp(rules[r].given, given) == 0;
        if (mi != NULL && same && oc_name_selects(rules[r].target, v->name, v->strategy))
            ms[n++] = mi->id;
    }
    return n;
}

err_code judge_run(store *st, int64_t run_id, const oc_rule *rules, size_t nrules,
                   size_t *failed, size_t *inconclusive, err_msg *e)
{
    store_variant *vs = NULL;
    size_t nv = 0, nx = 0, cap = 0;
    store_expectation *xs = NULL;
    err_code rc = store_variants(st, run_id, &vs, &nv, e);
    if (rc != ERR_OK)
        return rc;
    /* Every verdict first, then every row: the store keeps the columns it
     * read only while the database is unchanged (store_read_ahead). */
    for (size_t r = 0; rc == ERR_OK && r < nrules; r++) {
        const oc_rule *rule = &rules[r];
        const oc_metric_info *mi = oc_metric_find(rule->metric);
        int stat = stats_stat_find(rule->stat);
        if (mi == NULL || stat < 0) {
            rc = err_set(e, ERR_INTERNAL, "expectation %s.%s: unknown metric or statistic",
                         rule->metric, rule->stat);
            break;
        }
        for (size_t i = 0; rc == ERR_OK && i < nv; i++) {
            if (!oc_name_selects(rule->target, vs[i].name, vs[i].strategy))
                continue;
            /* "| FLAG": every figure of this rule over the flag's trials. */
            int given = -1;
            if (rule->given != NULL) {
                const oc_metric_info *g = oc_metric_find(rule->given);
                given = g != NULL ? (int)g->id : -1;
            }
            int outer = store_given(st);
            store_set_given(st, given);
            /* This rule's column and those of the rules after it on this
             * variant, in one pass over its trials. */
            oc_metric ahead[STORE_READ_AHEAD];
            size_t nahead = variant_metrics(rule, nrules - r, &vs[i], rule->given, ahead,
                                            STORE_READ_AHEAD);
            rc = store_read_ahead(st, vs[i].id, ahead, nahead, e);
            stats_agg agg;
            if (rc == ERR_OK)
                rc = store_aggregate(st, vs[i].id, mi->id, &agg, e);
            if (rc != ERR_OK) {
                store_set_given(st, outer);
                break;
            }
            double observed = stats_get(&agg, (stats_stat)stat);
            double missed = NAN;
            if (stat != STATS_N)
                rc = store_missed_share(st, vs[i].id, mi->id, oc_op_names[rule->op],
                                        rule->threshold, &missed, e);
            store_set_given(st, outer);
            if (rc == ERR_OK && mem_grow((void **)&xs, &cap, nx + 1, sizeof *xs) != 0)
                rc = err_set(e, ERR_NOMEM, "out of memory judging the expectations");
            if (rc != ERR_OK)
                break;
            store_expectation *x = &xs[nx++];
            *x = (store_expectation){
                .variant_id = vs[i].id,
                .metric = rule->metric,
                .stat = rule->stat,
                .op = oc_op_names[rule->op],
                .threshold = rule->threshold,
                .observed = observed,
                .target = rule->target,
                .text = rule->text,
                .missed_share = missed,
                .line = rule->line,
                .given = rule->given,
            };
            judge_verdict(x, &agg, (stats_stat)stat, rule->op);
            if (x->inconclusive)
                (*inconclusive)++;
            else if (!x->pass)
                (*failed)++;
        }
    }
    for (size_t k = 0; rc == ERR_OK && k < nx; k++)
        rc = store_run_expectation(st, &xs[k], e);
    mem_free(xs);
    store_variants_free(vs, nv);
    return rc;
}
