/*
 * cmd_compare.c — `drsim compare RUN[:VARIANT]... [--db FILE] [--json]`:
 * variants side by side, with their difference and which is better on each
 * metric.
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
    const char *db = NULL;
    bool json = false;
    const cli_opt opts[] = {
        {"db", 0, CLI_STRING, &db},
        {"json", 0, CLI_FLAG, &json},
    };
    const cli_spec spec = {
        "compare",
        "compare RUN[:VARIANT] [RUN[:VARIANT]...] [--db FILE] [--json]\n"
        "  RUN: a run id, 'latest', a scenario name, or FILE#RUN for another database;\n"
        "  without :VARIANT, every variant of the run",
        opts, 2, 1, 4096, "RUN[:VARIANT]"};
    cli_args a;
    err_code rc = cli_parse(&spec, argc, argv, &a);
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
    if (rc == ERR_OK)
        rc = view_compare(s->items, s->n, stdout, json, &e);
    sel_close(s);
    mem_free(s);
    cli_args_free(&spec, &a);
    return rc == ERR_OK ? ERR_OK : con_fail(&e);
}
