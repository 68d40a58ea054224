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

#include "cli.h"
#include "cmd.h"
#include "mem.h"
#include "store.h"
#include "view.h"

#define MAX_ITEMS 16
#define MAX_DBS 8

typedef struct dbs {
    const char *path[MAX_DBS];
    store *st[MAX_DBS];
    size_t n;
} dbs;

static err_code open_db(dbs *d, const char *path, store **out, err_msg *e)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->path[i], path) == 0) {
            *out = d->st[i];
            return ERR_OK;
        }
    if (d->n == MAX_DBS)
        return err_set(e, ERR_USAGE, "at most %d databases in one comparison", MAX_DBS);
    err_code rc = store_open(path, STORE_READ, &d->st[d->n], e);
    if (rc != ERR_OK)
        return rc;
    d->path[d->n] = path;
    *out = d->st[d->n++];
    return ERR_OK;
}

/* Adds the columns named by one argument. */
static err_code add_items(dbs *d, const char *default_db, const char *arg, view_item *items,
                          size_t *n, bool show_db, err_msg *e)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", arg);
    const char *path = default_db;
    char *ref = buf;
    char *hash = strrchr(buf, '#');
    if (hash != NULL) {
        *hash = '\0';
        path = buf;
        ref = hash + 1;
    }
    char *colon = strchr(ref, ':');
    const char *variant = NULL;
    if (colon != NULL) {
        *colon = '\0';
        variant = colon + 1;
    }
    store *st = NULL;
    err_code rc = open_db(d, path, &st, e);
    if (rc != ERR_OK)
        return rc;
    int64_t run_id = 0;
    rc = store_run_resolve(st, ref, &run_id, e);
    if (rc != ERR_OK)
        return rc;
    store_variant *vs = NULL;
    size_t nv = 0;
    rc = store_variants(st, run_id, &vs, &nv, e);
    if (rc != ERR_OK)
        return rc;
    /* VARIANT names a variant, or else a strategy: all of its variants. */
    bool by_name = false;
    for (size_t i = 0; variant != NULL && i < nv; i++)
        by_name = by_name || strcmp(vs[i].name, variant) == 0;
    size_t added = 0;
    for (size_t i = 0; rc == ERR_OK && i < nv; i++) {
        if (variant != NULL && strcmp(by_name ? vs[i].name : (vs[i].strategy ? vs[i].strategy : ""),
                                      variant) != 0)
            continue;
        if (*n == MAX_ITEMS) {
            rc = err_set(e, ERR_USAGE, "at most %d columns can be compared", MAX_ITEMS);
            break;
        }
        view_item *it = &items[(*n)++];
        it->st = st;
        it->run_id = run_id;
        it->variant_id = vs[i].id;
        if (show_db)
            snprintf(it->label, sizeof it->label, "%.30s#%lld:%.40s", path, (long long)run_id,
                     vs[i].name);
        else
            snprintf(it->label, sizeof it->label, "%lld:%.60s", (long long)run_id, vs[i].name);
        added++;
    }
    if (rc == ERR_OK && added == 0) {
        if (variant != NULL)
            rc = err_set(e, ERR_INPUT, "run %lld has no variant '%s'", (long long)run_id,
                         variant);
        else
            rc = err_set(e, ERR_INPUT, "run %lld has no results", (long long)run_id);
    }
    store_variants_free(vs, nv);
    return rc;
}

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
        opts, 2, 1, MAX_ITEMS, "RUN[:VARIANT]"};
    cli_args a;
    err_code rc = cli_parse(&spec, argc, argv, &a);
    if (rc != ERR_OK || a.help) {
        cli_args_free(&spec, &a);
        return rc;
    }
    dbs d = {.n = 0};
    view_item items[MAX_ITEMS];
    size_t n = 0;
    err_msg e;
    err_clear(&e);
    bool show_db = false;
    for (size_t i = 0; i < a.npos; i++)
        show_db = show_db || strchr(a.pos[i], '#') != NULL;
    for (size_t i = 0; rc == ERR_OK && i < a.npos; i++)
        rc = add_items(&d, cli_db_path(db), a.pos[i], items, &n, show_db, &e);
    if (rc == ERR_OK && n < 2)
        rc = err_set(&e, ERR_USAGE,
                     "compare needs at least two variants (try 'drsim compare --help')");
    if (rc == ERR_OK)
        rc = view_compare(items, n, stdout, json, &e);
    for (size_t i = 0; i < d.n; i++)
        store_close(d.st[i]);
    cli_args_free(&spec, &a);
    return rc == ERR_OK ? ERR_OK : cli_fail(&e);
}
