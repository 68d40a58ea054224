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

#include "reports/text/select.h"
#include "reports/text/view.h"
#include "sim/cli/cli.h"
#include "sim/cli/cmd.h"
#include "sim/core/mem.h"

/* view_compare's limit on columns. */

err_code cmd_compare(int argc, char **argv)
{
    const char *db = NULL, *confidence = NULL, *given = NULL;
    bool json = false;
    const cli_opt opts[] = {
        {"db", 0, CLI_STRING, &db},
        {"json", 0, CLI_FLAG, &json},
        {"confidence", 0, CLI_STRING, &confidence},
        {"given", 0, CLI_STRING, &given},
    };
    const cli_spec spec = {
        "compare",
        "compare RUN[:VARIANT] [RUN[:VARIANT]...] [--db FILE] [--json] [--confidence L]\n"
        "        [--given FLAG]\n"
        "  RUN: a run id, 'latest', a scenario name, or FILE#RUN for another database;\n"
        "  without :VARIANT, every variant of the run. Two variants: their difference\n"
        "  with its interval, paired by trial; 'better' only when it excludes zero.\n"
        "  --confidence L  the intervals' level (default 95%)\n"
        "  --given FLAG    every figure over the trials where FLAG is 1 (disrupted,\n"
        "                  failed_over, data_lost_all, ...); differences unpaired",
        opts, 4, 1, 4096, "RUN[:VARIANT]"};
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
    if (rc == ERR_OK && s->n < 2)
        rc = err_set(&e, ERR_USAGE,
                     "compare needs at least two variants (try 'drsim compare --help')");
    for (size_t i = 0; rc == ERR_OK && i < s->ndb; i++) {
        if (level > 0)
            store_set_confidence(s->st[i], level);
        store_set_given(s->st[i], flag);
    }
    if (rc == ERR_OK)
        rc = view_compare(s->items, s->n, stdout, json, &e);
    sel_close(s);
    mem_free(s);
    cli_args_free(&spec, &a);
    return rc == ERR_OK ? ERR_OK : con_fail(&e);
}
