/*
 * import.c — `drsim import`'s pipeline (see import.h): read the JSON, tell
 * its kind, map, link, write.
 *
 * jansson reads the files (json_load_file, duplicate keys refused: a
 * document that says two things of one resource is not imported), through
 * drsim's allocator so that its failures reach mem_fail_after too.
 *
 * Invariant: when any error was filed the scenario is not written (the
 * caller gets ERR_INPUT and every message); notes never stop it. A file
 * that cannot be read is bad input too (exit 2), as a scenario's is.
 */
#include "models/import/import.h"

#include <jansson.h>
#include <stdint.h>
#include <string.h>

#include "models/azure/catalogue.h"
#include "models/import/arm.h"
#include "models/import/emit.h"
#include "models/import/estate.h"
#include "models/import/graph.h"
#include "models/import/link.h"
#include "models/import/tfstate.h"
#include "models/scenario/loader.h"
#include "sim/core/mem.h"

bool imp_from_parse(const char *text, imp_from *out)
{
    static const struct { const char *word; imp_from from; } words[] = {
        {"arm", IMP_FROM_ARM}, {"bicep", IMP_FROM_ARM}, {"graph", IMP_FROM_GRAPH},
        {"terraform", IMP_FROM_TERRAFORM},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(text, words[i].word) == 0) {
            *out = words[i].from;
            return true;
        }
    return false;
}

bool imp_template_parse(const char *text, imp_template *out)
{
    static const struct { const char *word; imp_template t; } words[] = {
        {"region-loss", IMP_REGION_LOSS},
        {"zone-loss", IMP_ZONE_LOSS},
        {"region-destroyed", IMP_REGION_DESTROYED},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(text, words[i].word) == 0) {
            *out = words[i].t;
            return true;
        }
    return false;
}

/* Whether jansson was refused memory since the import began. jansson
 * reports a refused allocation as a parse error, or as a value that is not
 * there, which the readers would take for the input's fault; so the
 * allocator says it instead, and the import ends out of memory whatever it
 * read. drsim imports one document at a time (one thread). */
static bool json_refused;

static void *json_alloc(size_t n)
{
    void *p = mem_malloc(n);
    if (p == NULL)
        json_refused = true;
    return p;
}

static void json_begin(void)
{
    json_set_alloc_funcs(json_alloc, mem_free);
    json_refused = false;
}

static void not_json(strbuf *messages, const char *name, const json_error_t *err)
{
    sb_printf(messages, "%s:%d:%d: not JSON: %s (expected an ARM template, a Resource Graph "
                        "result or Terraform state, as JSON)\n",
              name, err->line, err->column > 0 ? err->column : 1, err->text);
}

/* Reads a JSON file; NULL with a positioned message when it is not JSON. */
static json_t *load(const char *path, strbuf *messages)
{
    json_error_t err;
    json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
    if (doc != NULL)
        return doc;
    /* jansson reports an unreadable file at line -1 */
    if (err.line < 0) {
        sb_printf(messages, "drsim import: %s: cannot read it: %s\n", path, err.text);
    } else {
        not_json(messages, path, &err);
    }
    return NULL;
}

/* The file name without its folders and its .json (or .tfstate) ending. */
static const char *base_name(est_estate *e, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *b = slash != NULL ? slash + 1 : path;
    size_t n = strlen(b);
    static const char *const ends[] = {".json", ".tfstate"};
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        size_t k = strlen(ends[i]);
        if (n > k && strcmp(b + n - k, ends[i]) == 0) {
            n -= k;
            break;
        }
    }
    return est_fmt(e, "%.*s", (int)n, b);
}

static void messages_of(const est_estate *e, strbuf *messages)
{
    for (size_t i = 0; i < e->nfindings; i++) {
        const est_finding *f = &e->findings[i];
        /* A path of the parameters file carries its own file name. */
        if (f->path != NULL && f->path[0] == '$')
            sb_printf(messages, "%s: %s: %s%s\n", e->file, f->path, f->error ? "" : "note: ",
                      f->text);
        else if (f->path != NULL)
            sb_printf(messages, "%s: %s%s\n", f->path, f->error ? "" : "note: ", f->text);
        else
            sb_printf(messages, "%s: %s%s\n", e->file, f->error ? "" : "note: ", f->text);
    }
}

/* The JSON path of the resource a line of the scenario came from: the
 * nearest source comment above it ("  # TYPE 'name' ($.resources[3])"). */
static const char *path_of_line(est_estate *e, const char *text, uint32_t line)
{
    const char *found = NULL;
    uint32_t at = 1;
    for (const char *p = text; *p && at <= line; at++) {
        const char *nl = strchr(p, '\n');
        size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);
        const char *open = NULL;
        for (size_t k = 0; k + 3 < n; k++)
            if (p[k] == '(' && p[k + 1] == '$' && (p[k + 2] == '.' || p[k + 2] == ')'))
                open = p + k + 1;
        const char *close = open != NULL ? memchr(open, ')', n - (size_t)(open - p)) : NULL;
        if (open != NULL && close != NULL)
            found = est_fmt(e, "%.*s", (int)(close - open), open);
        p += n + (nl != NULL);
    }
    return found;
}

/* The scenario written must load: what the loader refuses is something
 * drsim's model cannot hold as the input says it (a zone number a region
 * lacks, a disk larger than its kind allows, bounded staleness below the
 * documented minimum, ...). Each refusal becomes an error at the path of
 * the resource it came from, so the input is refused as any other bad
 * input is — one set of rules, the loader's. */
static void check_loads(est_estate *e, const char *text)
{
    scn_diags d;
    scn_diags_init(&d);
    scn_scenario *s = NULL;
    err_code rc = scn_load_buffer("(scenario)", text, strlen(text), &s, &d);
    scn_free(s);
    if (rc == ERR_NOMEM) {
        e->oom = true;
    } else if (rc != ERR_OK) {
        for (size_t i = 0; i < d.len; i++) {
            if (d.items[i].warning)
                continue;
            const char *path = path_of_line(e, text, d.items[i].line);
            est_error(e, path, "drsim cannot model it as given: %s", d.items[i].message);
        }
        if (d.errors == 0)
            est_error(e, NULL, "the scenario written does not load");
    }
    scn_diags_free(&d);
}

/* The import of a document read from `input` (see imp_import); takes
 * the document's reference. */
static err_code import_doc(const char *input, json_t *doc, const imp_options *o, char **text,
                           strbuf *messages)
{
    json_t *params = NULL;
    est_estate *e = NULL;
    err_code rc = ERR_INPUT;
    if (o->parameters != NULL) {
        params = load(o->parameters, messages);
        if (params == NULL)
            goto fail;
    }
    e = est_new(input);
    if (e == NULL) {
        rc = ERR_NOMEM;
        goto fail;
    }
    imp_from from = o->from;
    if (from == IMP_FROM_AUTO) {
        if (arm_is_template(doc))
            from = IMP_FROM_ARM;
        else if (tf_is_state(doc))
            from = IMP_FROM_TERRAFORM;
        else if (graph_is_result(doc))
            from = IMP_FROM_GRAPH;
    }
    switch (from) {
    case IMP_FROM_ARM:
        if (!arm_is_template(doc)) {
            est_error(e, "$", "not an ARM template (expected an object with \"$schema\" naming "
                              "deploymentTemplate.json and \"resources\")");
            break;
        }
        if (params != NULL && !arm_params_ok(e, params, o->parameters))
            break;
        arm_read(e, doc, params);
        break;
    case IMP_FROM_GRAPH:
        if (!graph_is_result(doc)) {
            est_error(e, "$", "not a Resource Graph result (expected the rows of `az graph "
                              "query --output json`: an array, or an object with \"data\")");
            break;
        }
        graph_read(e, doc);
        break;
    case IMP_FROM_TERRAFORM:
        if (!tf_is_state(doc)) {
            est_error(e, "$", "not Terraform state (expected `terraform show -json` output: "
                              "an object with \"format_version\" and \"values\")");
            break;
        }
        tf_read(e, doc);
        break;
    case IMP_FROM_AUTO:
        est_error(e, "$", "neither an ARM template, a Resource Graph result nor Terraform state "
                          "(expected \"$schema\" and \"resources\", an array of rows or "
                          "\"data\", or \"format_version\" and \"values\"; --from says which)");
        break;
    }
    if (o->parameters != NULL && from != IMP_FROM_ARM && est_nerrors(e) == 0)
        est_error(e, NULL, "--parameters is for ARM templates; this is a %s", e->format);
    if (est_nerrors(e) == 0 && !e->oom) {
        link_estate(e);
        const char *base = base_name(e, input);
        *text = base != NULL ? emit_scenario(e, o, base) : NULL;
        if (*text != NULL)
            check_loads(e, *text);
    }
    if (e->oom) {
        mem_free(*text);
        *text = NULL;
        rc = ERR_NOMEM;
        goto fail;
    }
    messages_of(e, messages);
    rc = est_nerrors(e) == 0 && *text != NULL ? ERR_OK : ERR_INPUT;
    if (rc != ERR_OK) {
        mem_free(*text);
        *text = NULL;
    }
fail:
    est_free(e);
    json_decref(params);
    json_decref(doc);
    return rc;
}

/* The import's result once jansson's refusals are counted (see
 * json_refused): out of memory, with no scenario, when it was refused. */
static err_code json_outcome(err_code rc, char **text)
{
    if (!json_refused)
        return rc;
    mem_free(*text);
    *text = NULL;
    return ERR_NOMEM;
}

/* The options every input is checked against before it is read. */
static err_code options_ok(const imp_options *o, strbuf *messages)
{
    if (o->region != NULL && cat_find(o->region) < 0) {
        sb_printf(messages, "drsim import: --region: unknown region '%s' (expected one of "
                            "Azure's public regions by its programmatic name, e.g. westeurope)\n",
                  o->region);
        return ERR_INPUT;
    }
    if (o->template_ == IMP_ZONE_LOSS && o->region != NULL &&
        cat_regions[cat_find(o->region)].zones == 0) {
        sb_printf(messages, "drsim import: --template zone-loss: %s has no availability zones "
                            "(regions-list.md)\n",
                  o->region);
        return ERR_INPUT;
    }
    return ERR_OK;
}

err_code imp_import(const char *input, const imp_options *o, char **text, strbuf *messages)
{
    *text = NULL;
    err_code rc = options_ok(o, messages);
    if (rc != ERR_OK)
        return rc;
    json_begin();
    json_t *doc = load(input, messages);
    rc = doc != NULL ? import_doc(input, doc, o, text, messages) : ERR_INPUT;
    return json_outcome(rc, text);
}

err_code imp_import_bytes(const char *name, const char *bytes, size_t len, const imp_options *o,
                          char **text, strbuf *messages)
{
    *text = NULL;
    err_code rc = options_ok(o, messages);
    if (rc != ERR_OK)
        return rc;
    json_begin();
    json_error_t err;
    json_t *doc = json_loadb(bytes, len, JSON_REJECT_DUPLICATES, &err);
    if (doc == NULL)
        not_json(messages, name, &err);
    rc = doc != NULL ? import_doc(name, doc, o, text, messages) : ERR_INPUT;
    return json_outcome(rc, text);
}
