/*
 * judge.c — expectations judged on stored trials (see judge.h).
 */
#include "judge.h"

#include <math.h>
#include <string.h>

#include "mem.h"

const char *judge_op_text(scn_op op)
{
    switch (op) {
    case SCN_OP_LT: return "<";
    case SCN_OP_LE: return "<=";
    case SCN_OP_EQ: return "==";
    case SCN_OP_NE: return "!=";
    case SCN_OP_GE: return ">=";
    case SCN_OP_GT: return ">";
    }
    return "?";
}

bool judge_compare(double observed, scn_op op, double threshold)
{
    if (isnan(observed))
        return false;
    switch (op) {
    case SCN_OP_LT: return observed < threshold;
    case SCN_OP_LE: return observed <= threshold;
    case SCN_OP_EQ: return observed == threshold;
    case SCN_OP_NE: return observed != threshold;
    case SCN_OP_GE: return observed >= threshold;
    case SCN_OP_GT: return observed > threshold;
    }
    return false;
}

static bool targets(const scn_expect *rule, const store_variant *v)
{
    return strcmp(rule->target, v->name) == 0 ||
           (v->strategy != NULL && strcmp(rule->target, v->strategy) == 0);
}

err_code judge_run(store *st, int64_t run_id, const scn_expect *rules, size_t nrules,
                   size_t *failed, err_msg *e)
{
    store_variant *vs = NULL;
    size_t nv = 0;
    err_code rc = store_variants(st, run_id, &vs, &nv, e);
    if (rc != ERR_OK)
        return rc;
    for (size_t r = 0; rc == ERR_OK && r < nrules; r++) {
        const scn_expect *rule = &rules[r];
        const oc_metric_info *mi = oc_metric_find(rule->metric);
        int stat = stats_stat_find(rule->stat);
        if (mi == NULL || stat < 0) {
            rc = err_set(e, ERR_INTERNAL, "expectation %s.%s: unknown metric or statistic",
                         rule->metric, rule->stat);
            break;
        }
        for (size_t i = 0; rc == ERR_OK && i < nv; i++) {
            if (!targets(rule, &vs[i]))
                continue;
            stats_agg agg;
            rc = store_aggregate(st, vs[i].id, mi->id, &agg, e);
            if (rc != ERR_OK)
                break;
            double observed = stats_get(&agg, (stats_stat)stat);
            double missed = NAN;
            if (stat != STATS_N)
                rc = store_missed_share(st, vs[i].id, mi->id, judge_op_text(rule->op),
                                        rule->threshold, &missed, e);
            if (rc != ERR_OK)
                break;
            store_expectation x = {
                .variant_id = vs[i].id,
                .metric = (char *)rule->metric,
                .stat = (char *)rule->stat,
                .op = (char *)judge_op_text(rule->op),
                .threshold = rule->threshold,
                .observed = observed,
                .pass = judge_compare(observed, rule->op, rule->threshold),
                .target = (char *)rule->target,
                .text = (char *)rule->text,
                .missed_share = missed,
                .line = rule->pos.line,
            };
            if (!x.pass)
                (*failed)++;
            rc = store_run_expectation(st, &x, e);
        }
    }
    store_variants_free(vs, nv);
    return rc;
}
