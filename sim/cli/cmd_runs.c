/*
 * cmd_runs.c — `drsim runs [--db FILE] [--json]`: every run in the database.
 */
#include <stdbool.h>
#include <stdio.h>

#include "reports/store/store.h"
#include "reports/text/view.h"
#include "sim/cli/cli.h"
#include "sim/cli/cmd.h"

err_code cmd_runs(int argc, char **argv)
{
    const char *db = NULL;
    bool json = false;
    const cli_opt opts[] = {
        {"db", 0, CLI_STRING, &db},
        {"json", 0, CLI_FLAG, &json},
    };
    const cli_spec spec = {"runs", "runs [--db FILE] [--json]", opts, 2, 0, 0, ""};
    cli_args a;
    err_code rc = cli_parse(&spec, argc, argv, &a);
    if (rc != ERR_OK || a.help) {
        cli_args_free(&spec, &a);
        return rc;
    }
    cli_args_free(&spec, &a);
    store *st = NULL;
    err_msg e;
    err_clear(&e);
    rc = store_open(con_db_path(db), STORE_READ, &st, &e);
    if (rc == ERR_OK)
        rc = view_runs(st, stdout, json, &e);
    store_close(st);
    return rc == ERR_OK ? ERR_OK : con_fail(&e);
}
