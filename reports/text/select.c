/*
 * select.c — variants named by RUN[:VARIANT] arguments (see select.h).
 */
#include "reports/text/select.h"

#include <stdio.h>
#include <string.h>

#include "sim/core/mem.h"

static err_code open_db(sel *s, const char *path, store **out, err_msg *e)
{
    for (size_t i = 0; i < s->ndb; i++)
        if (strcmp(s->path[i], path) == 0) {
            *out = s->st[i];
            return ERR_OK;
        }
    if (s->ndb == SEL_MAX_DBS)
        return err_set(e, ERR_USAGE, "at most %d databases at once", SEL_MAX_DBS);
    if (strlen(path) >= sizeof s->path[0])
        return err_set(e, ERR_USAGE, "%.100s...: path too long", path);
    err_code rc = store_open(path, STORE_READ, &s->st[s->ndb], e);
    if (rc != ERR_OK)
        return rc;
    snprintf(s->path[s->ndb], sizeof s->path[s->ndb], "%s", path);
    *out = s->st[s->ndb++];
    return ERR_OK;
}

err_code sel_add(sel *s, const char *default_db, const char *arg, bool show_db, err_msg *e)
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
    err_code rc = open_db(s, path, &st, e);
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
    size_t added = 0;
    for (size_t i = 0; rc == ERR_OK && i < nv; i++) {
        if (variant != NULL && !oc_name_selects(variant, vs[i].name, vs[i].strategy))
            continue;
        if (mem_grow((void **)&s->items, &s->items_cap, s->n + 1, sizeof *s->items) != 0 ||
            mem_grow((void **)&s->names, &s->names_cap, s->n + 1, sizeof *s->names) != 0) {
            rc = err_set(e, ERR_NOMEM, "out of memory selecting variants");
            break;
        }
        view_item *it = &s->items[s->n];
        it->st = st;
        it->run_id = run_id;
        it->variant_id = vs[i].id;
        if (show_db)
            snprintf(it->label, sizeof it->label, "%.30s#%lld:%.40s", path,
                     (long long)run_id, vs[i].name);
        else
            snprintf(it->label, sizeof it->label, "%lld:%.60s", (long long)run_id, vs[i].name);
        snprintf(s->names[s->n].text, sizeof s->names[s->n].text, "%s", vs[i].name);
        s->n++;
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

bool sel_args_name_dbs(const char *const *args, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strchr(args[i], '#') != NULL)
            return true;
    return false;
}

void sel_short_labels(sel *s)
{
    for (size_t i = 1; i < s->n; i++)
        if (s->items[i].st != s->items[0].st || s->items[i].run_id != s->items[0].run_id)
            return;
    for (size_t i = 0; i < s->n; i++)
        snprintf(s->items[i].label, sizeof s->items[i].label, "%s", s->names[i].text);
}

void sel_close(sel *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->ndb; i++)
        store_close(s->st[i]);
    s->ndb = 0;
    mem_free(s->items);
    mem_free(s->names);
    s->items = NULL;
    s->names = NULL;
    s->n = s->items_cap = s->names_cap = 0;
}
