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

err_code judge_run(store *st, int64_t run_id, const oc_rule *rules, size_t nrules,
                   size_t *failed, size_t *inconclusive, err_msg *e)
{
    store_variant *vs = NULL;
    size_t nv = 0;
    err_code rc = store_variants(st, run_id, &vs, &nv, e);
    if (rc != ERR_OK)
        return rc;
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
            stats_agg agg;
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
            if (rc != ERR_OK)
                break;
            store_expectation x = {
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
            judge_verdict(&x, &agg, (stats_stat)stat, rule->op);
            if (x.inconclusive)
                (*inconclusive)++;
            else if (!x.pass)
                (*failed)++;
            rc = store_run_expectation(st, &x, e);
        }
    }
    store_variants_free(vs, nv);
    return rc;
}
