/*
 * cmd_compare.c — `drsim compare RUN[:VARIANT]... [--db FILE] [--json]
 * [--confidence L]`: variants side by side, with their difference and which
 * is better on each metric. Two columns: the difference's paired interval
 * (reports/text/paired.h), and "better" only when it excludes zero.
 *
 * RUN without :VARIANT stands for every variant of the run; VARIANT may name
 * a strategy (every variant of it, e.g. its sweep values). At least two
 * columns must result (one run with several variants is enough). A RUN may
 * name another database as FILE.db#RUN (e.g. baseline.db#12).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "reports/text/pareto.h"
#include "reports/text/select.h"
#include "reports/text/view.h"
#include "sim/cli/cli.h"
#include "sim/cli/cmd.h"
#include "sim/core/mem.h"

/* view_compare's limit on columns. */

/* --pareto METRIC.STAT: a metric with a better direction and a statistic
 * (ERR_USAGE, printed, otherwise). */
static err_code pareto_figure(const char *text, oc_metric *m, stats_stat *s)
{
    char metric[64];
    const char *dot = strrchr(text, '.');
    size_t len = dot ? (size_t)(dot - text) : 0;
    const oc_metric_info *mi = NULL;
    int stat = -1;
    if (dot != NULL && len < sizeof metric) {
        memcpy(metric, text, len);
        metric[len] = '\0';
        mi = oc_metric_find(metric);
        stat = stats_stat_find(dot + 1);
    }
    if (mi == NULL || stat < 0) {
        char stats[128];
        stats_stat_list(stats, sizeof stats);
        con_error("compare", "--pareto: expected METRIC.STAT, such as rto.p95 (a metric of "
                             "drsim show, a statistic among %s), got '%s'", stats, text);
        return ERR_USAGE;
    }
    if (!mi->directed) {
        con_error("compare", "--pareto: %s has no better direction (it is a cost or a "
                             "circumstance, not a goal): choose a figure to minimise or "
                             "maximise, such as rto.p95", mi->name);
        return ERR_USAGE;
    }
    *m = mi->id;
    *s = (stats_stat)stat;
    return ERR_OK;
}

err_code cmd_compare(int argc, char **argv)
{
    const char *db = NULL, *confidence = NULL, *given = NULL, *pareto = NULL;
    bool json = false, intervals = false;
    const cli_opt opts[] = {
        {"db", 0, CLI_STRING, &db},
        {"json", 0, CLI_FLAG, &json},
        {"intervals", 0, CLI_FLAG, &intervals},
        {"confidence", 0, CLI_STRING, &confidence},
        {"given", 0, CLI_STRING, &given},
        {"pareto", 0, CLI_STRING, &pareto},
    };
    const cli_spec spec = {
        "compare",
        "compare RUN[:VARIANT] [RUN[:VARIANT]...] [--db FILE] [--json] [--confidence L]\n"
        "        [--intervals] [--given FLAG] [--pareto METRIC.STAT]\n"
        "  RUN: a run id, 'latest', a scenario name, or FILE#RUN for another database;\n"
        "  without :VARIANT, every variant of the run. Two variants: their difference\n"
        "  with its interval, paired by trial; 'better' only when it excludes zero.\n"
        "  --confidence L  the intervals' level (default 95%)\n"
        "  --intervals     each figure with its interval: value [lo, hi]\n"
        "  --given FLAG    every figure over the trials where FLAG is 1 (disrupted,\n"
        "                  failed_over, data_lost_all, ...); differences unpaired\n"
        "  --pareto M.S    instead: each variant's running cost a month against statistic\n"
        "                  S of metric M (rto.p95), the frontier, and the cheapest variant\n"
        "                  that meets every expectation",
        opts, 6, 1, 4096, "RUN[:VARIANT]"};
    cli_args a;
    err_code rc = cli_parse(&spec, argc, argv, &a);
    double level = 0;
    if (rc == ERR_OK && !a.help && confidence != NULL)
        rc = cli_confidence("compare", confidence, &level);
    int flag = -1;
    if (rc == ERR_OK && !a.help && given != NULL) {
        const oc_metric_info *mi = oc_metric_find(given);
        if (mi == NULL || mi->unit != OC_UNIT_SHARE) {
            char list[256] = "";
            for (size_t m = 0, used = 0; m < OC_NMETRICS && used < sizeof list; m++)
                if (oc_metrics[m].unit == OC_UNIT_SHARE) {
                    int w = snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "",
                                     oc_metrics[m].name);
                    used += w > 0 ? (size_t)w : 0;
                }
            con_error("compare", "--given: expected a flag (one of %s), got '%s'", list, given);
            rc = ERR_USAGE;
        } else {
            flag = (int)mi->id;
        }
    }
    oc_metric pm = OC_RTO;
    stats_stat ps = STATS_P95;
    if (rc == ERR_OK && !a.help && pareto != NULL)
        rc = pareto_figure(pareto, &pm, &ps);
    if (rc != ERR_OK || a.help) {
        cli_args_free(&spec, &a);
        return rc;
    }
    sel *s = mem_calloc(1, sizeof *s); /* large: not on the stack */
    if (s == NULL) {
        cli_args_free(&spec, &a);
        con_error(NULL, "out of memory");
        return ERR_NOMEM;
    }
    err_msg e;
    err_clear(&e);
    bool show_db = sel_args_name_dbs(a.pos, a.npos);
    for (size_t i = 0; rc == ERR_OK && i < a.npos; i++)
        rc = sel_add(s, con_db_path(db), a.pos[i], show_db, &e);
    if (rc == ERR_OK && s->n < 2 && pareto == NULL)
        rc = err_set(&e, ERR_USAGE,
                     "compare needs at least two variants (try 'drsim compare --help')");
    for (size_t i = 0; rc == ERR_OK && i < s->ndb; i++) {
        if (level > 0)
            store_set_confidence(s->st[i], level);
        store_set_given(s->st[i], flag);
    }
    if (rc == ERR_OK && pareto != NULL)
        rc = pareto_compare(s->items, s->n, pm, ps, json, stdout, &e);
    else if (rc == ERR_OK)
        rc = view_compare(s->items, s->n, stdout, json, intervals, &e);
    sel_close(s);
    mem_free(s);
    cli_args_free(&spec, &a);
    return rc == ERR_OK ? ERR_OK : con_fail(&e);
}
