/*
 * cmd_runs.c — `drsim runs [--db FILE] [--drills] [--json | --ids |
 * --variants RUN]`: every run in the database (and its drills), or, for
 * scripts and shell completion, its run ids or one run's variant names, one
 * a line; with --drills, the drills alone (as a table, JSON, or ids).
 *
 * --ids and --variants print bare values and nothing else (no header, no
 * colour), so a completion function reads them without parsing a table; at
 * most one of --json, --ids and --variants is given.
 */
#include <stdbool.h>
#include <stdio.h>

#include "reports/store/store.h"
#include "reports/text/view.h"
#include "sim/cli/cli.h"
#include "sim/cli/cmd.h"
#include "sim/core/escape.h"

/* Every run id, oldest first, one a line. */
static err_code print_ids(store *st, err_msg *e)
{
    store_run *runs = NULL;
    size_t n = 0;
    err_code rc = store_runs_list(st, &runs, &n, e);
    for (size_t i = 0; rc == ERR_OK && i < n; i++)
        printf("%lld\n", (long long)runs[i].id);
    store_runs_free(runs, n);
    return rc;
}

/* The variant names of run `ref`, in scenario order, one a line. */
static err_code print_variants(store *st, const char *ref, err_msg *e)
{
    int64_t id = 0;
    err_code rc = store_run_resolve(st, ref, &id, e);
    if (rc != ERR_OK)
        return rc;
    store_variant *v = NULL;
    size_t n = 0;
    rc = store_variants(st, id, &v, &n, e);
    /* A database may come from anywhere: a name's control characters are
     * shown escaped, never sent to the terminal. */
    for (size_t i = 0; rc == ERR_OK && i < n; i++)
        printf("%s\n", esc_tmp(v[i].name));
    store_variants_free(v, n);
    return rc;
}

err_code cmd_runs(int argc, char **argv)
{
    const char *db = NULL, *variants = NULL;
    bool json = false, ids = false, drills = false;
    const cli_opt opts[] = {
        {"db", 0, CLI_STRING, &db},
        {"json", 0, CLI_FLAG, &json},
        {"ids", 0, CLI_FLAG, &ids},
        {"variants", 0, CLI_STRING, &variants},
        {"drills", 0, CLI_FLAG, &drills},
    };
    const cli_spec spec = {"runs", "runs [--db FILE] [--drills] [--json | --ids | --variants RUN]\n"
                           "  --db FILE       results database (default $DRSIM_DB, else ./drsim.db)\n"
                           "  --drills        the drills (drsim drill) instead of the runs\n"
                           "  --json          the runs (or drills) as JSON\n"
                           "  --ids           only the run (or drill) ids, one a line, oldest first\n"
                           "  --variants RUN  only the variant names of RUN (a run id, 'latest',\n"
                           "                  or a scenario name), one a line",
                           opts, 5, 0, 0, ""};
    cli_args a;
    err_code rc = cli_parse(&spec, argc, argv, &a);
    cli_args_free(&spec, &a);
    if (rc != ERR_OK || a.help)
        return rc;
    if ((int)json + (int)ids + (int)(variants != NULL) > 1) {
        con_error("runs", "--json, --ids and --variants exclude one another");
        return ERR_USAGE;
    }
    if (drills && variants != NULL) {
        con_error("runs", "--variants names a run's variants; drills have none (drop --drills)");
        return ERR_USAGE;
    }
    store *st = NULL;
    err_msg e;
    err_clear(&e);
    rc = store_open(con_db_path(db), STORE_READ, &st, &e);
    if (rc == ERR_OK && drills)
        rc = view_drills(st, stdout, json, ids, &e);
    else if (rc == ERR_OK && ids)
        rc = print_ids(st, &e);
    else if (rc == ERR_OK && variants != NULL)
        rc = print_variants(st, variants, &e);
    else if (rc == ERR_OK)
        rc = view_runs(st, stdout, json, &e);
    store_close(st);
    return rc == ERR_OK ? ERR_OK : con_fail(&e);
}
