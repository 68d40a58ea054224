/*
 * cmd_show.c — `drsim show RUN [--db FILE] [--json] [--confidence L]
 * [--intervals]`: one run in full, its figures' intervals at level L.
 *
 * RUN is a run id, "latest" (the newest finished run) or a scenario name (its
 * newest finished run).
 */
#include <stdbool.h>
#include <stdio.h>

#include "reports/store/store.h"
#include "reports/text/view.h"
#include "sim/cli/cli.h"
#include "sim/cli/cmd.h"

err_code cmd_show(int argc, char **argv)
{
    const char *db = NULL, *confidence = NULL;
    bool json = false, intervals = false;
    const cli_opt opts[] = {
        {"db", 0, CLI_STRING, &db},
        {"json", 0, CLI_FLAG, &json},
        {"confidence", 0, CLI_STRING, &confidence},
        {"intervals", 0, CLI_FLAG, &intervals},
    };
    const cli_spec spec = {"show", "show RUN [--db FILE] [--json] [--confidence L] [--intervals]\n"
                           "  RUN: a run id, 'latest', or a scenario name (its latest run)\n"
                           "  --confidence L  the intervals' level (default 95%)\n"
                           "  --intervals     each percentile's interval in its cell",
                           opts, 4, 1, 1, "RUN"};
    cli_args a;
    err_code rc = cli_parse(&spec, argc, argv, &a);
    double level = 0;
    if (rc == ERR_OK && !a.help && confidence != NULL)
        rc = cli_confidence("show", confidence, &level);
    if (rc != ERR_OK || a.help) {
        cli_args_free(&spec, &a);
        return rc;
    }
    const char *ref = a.pos[0];
    store *st = NULL;
    err_msg e;
    err_clear(&e);
    int64_t id = 0;
    rc = store_open(con_db_path(db), STORE_READ, &st, &e);
    if (rc == ERR_OK && level > 0)
        store_set_confidence(st, level);
    if (rc == ERR_OK)
        rc = store_run_resolve(st, ref, &id, &e);
    if (rc == ERR_OK && json) {
        jw w;
        jw_init(&w, 2);
        rc = view_run_json(st, id, &w, &e);
        if (rc == ERR_OK)
            printf("%s\n", jw_text(&w));
        jw_free(&w);
    } else if (rc == ERR_OK) {
        rc = view_show(st, id, stdout, con_color(), intervals, &e);
    }
    store_close(st);
    cli_args_free(&spec, &a);
    return rc == ERR_OK ? ERR_OK : con_fail(&e);
}
