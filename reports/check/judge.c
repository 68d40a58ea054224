/*
 * judge.c — expectations judged on stored trials (see judge.h).
 */
#include "reports/check/judge.h"

#include <math.h>
#include <string.h>

#include "sim/core/mem.h"

err_code judge_run(store *st, int64_t run_id, const oc_rule *rules, size_t nrules,
                   size_t *failed, err_msg *e)
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
            stats_agg agg;
            rc = store_aggregate(st, vs[i].id, mi->id, &agg, e);
            if (rc != ERR_OK)
                break;
            double observed = stats_get(&agg, (stats_stat)stat);
            double missed = NAN;
            if (stat != STATS_N)
                rc = store_missed_share(st, vs[i].id, mi->id, oc_op_names[rule->op],
                                        rule->threshold, &missed, e);
            if (rc != ERR_OK)
                break;
            store_expectation x = {
                .variant_id = vs[i].id,
                .metric = rule->metric,
                .stat = rule->stat,
                .op = oc_op_names[rule->op],
                .threshold = rule->threshold,
                .observed = observed,
                .pass = oc_compare(observed, rule->op, rule->threshold),
                .target = rule->target,
                .text = rule->text,
                .missed_share = missed,
                .line = rule->line,
            };
            if (!x.pass)
                (*failed)++;
            rc = store_run_expectation(st, &x, e);
        }
    }
    store_variants_free(vs, nv);
    return rc;
}
