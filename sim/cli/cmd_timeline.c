/*
 * cmd_timeline.c — `drsim timeline RUN [--variant V] [--trial N] [--db FILE]
 * [--json]`: the events of one traced trial, in order, as a timeline.
 *
 * --variant takes a variant's name, or a strategy's (its first variant).
 * Without --variant: the run's first variant. Without --trial: the first
 * traced trial of that variant. Only trials traced with `drsim run --trace N`
 * have events.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "reports/store/store.h"
#include "reports/text/view.h"
#include "sim/cli/cli.h"
#include "sim/cli/cmd.h"
#include "sim/core/mem.h"

/* The variant whose timeline to show: the first that `name` selects
 * (oc_name_selects: a variant, or the variants of a strategy — a timeline is
 * one trial of one variant, and its heading names which), or the run's first
 * when name is NULL. ERR_INPUT when there is none; else *out is set. */
static err_code first_variant(int64_t run_id, const char *name, const store_variant *vs,
                              size_t nv, const store_variant **out, err_msg *e)
{
    if (nv == 0)
        return err_set(e, ERR_INPUT, "run %lld has no results", (long long)run_id);
    for (size_t i = 0; i < nv; i++)
        if (name == NULL || oc_name_selects(name, vs[i].name, vs[i].strategy)) {
            *out = &vs[i];
            return ERR_OK;
        }
    return err_set(e, ERR_INPUT, "run %lld has no variant '%s'", (long long)run_id, name);
}

err_code cmd_timeline(int argc, char **argv)
{
    const char *db = NULL, *variant = NULL, *trial_text = NULL;
    bool json = false;
    const cli_opt opts[] = {
        {"db", 0, CLI_STRING, &db},
        {"variant", 0, CLI_STRING, &variant},
        {"trial", 0, CLI_STRING, &trial_text},
        {"json", 0, CLI_FLAG, &json},
    };
    const cli_spec spec = {"timeline",
                           "timeline RUN [--variant V] [--trial N] [--db FILE] [--json]", opts,
                           4, 1, 1, "RUN"};
    cli_args a;
    err_code rc = cli_parse(&spec, argc, argv, &a);
    if (rc != ERR_OK || a.help) {
        cli_args_free(&spec, &a);
        return rc;
    }
    uint64_t trial = 0;
    if (trial_text != NULL &&
        cli_u64("timeline", "--trial", trial_text, 0, UINT64_MAX, &trial) != ERR_OK) {
        cli_args_free(&spec, &a);
        return ERR_USAGE;
    }
    store *st = NULL;
    err_msg e;
    err_clear(&e);
    int64_t run_id = 0;
    store_variant *vs = NULL;
    size_t nv = 0;
    uint64_t *traced = NULL;
    size_t nt = 0;
    rc = store_open(con_db_path(db), STORE_READ, &st, &e);
    if (rc == ERR_OK)
        rc = store_run_resolve(st, a.pos[0], &run_id, &e);
    if (rc == ERR_OK)
        rc = store_variants(st, run_id, &vs, &nv, &e);
    const store_variant *v = NULL;
    if (rc == ERR_OK)
        rc = first_variant(run_id, variant, vs, nv, &v, &e);
    if (rc == ERR_OK)
        rc = store_traced_trials(st, v->id, &traced, &nt, &e);
    if (rc == ERR_OK) {
        bool found = false;
        for (size_t i = 0; i < nt; i++)
            found = found || traced[i] == trial;
        if (trial_text == NULL && nt > 0) {
            trial = traced[0];
            found = true;
        }
        if (!found && nt == 0)
            rc = err_set(&e, ERR_INPUT,
                         "run %lld, variant %s: no trial was traced (run with --trace N to "
                         "keep the timelines of the first N trials)",
                         (long long)run_id, v->name);
        else if (!found)
            rc = err_set(&e, ERR_INPUT,
                         "run %lld, variant %s: trial %llu was not traced (traced: %llu to %llu)",
                         (long long)run_id, v->name, (unsigned long long)trial,
                         (unsigned long long)traced[0], (unsigned long long)traced[nt - 1]);
    }
    if (rc == ERR_OK)
        rc = view_timeline(st, run_id, v, trial, stdout, json, &e);
    mem_free(traced);
    store_variants_free(vs, nv);
    store_close(st);
    cli_args_free(&spec, &a);
    return rc == ERR_OK ? ERR_OK : con_fail(&e);
}
