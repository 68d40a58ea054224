/*
 * graph.c — Resource Graph results into the estate (see graph.h).
 *
 * Invariant: every row is either mapped by armres.c or an error at its
 * path ("$.data[4]"); rows need an id, a type and a name (the query must
 * project them: `project id, name, type, location, sku, kind, zones,
 * properties`, or no projection at all).
 */
#include "models/import/graph.h"

#include <string.h>

#include "models/import/armres.h"
#include "models/import/jsonq.h"

static json_t *rows_of(json_t *doc, const char **path)
{
    if (json_is_array(doc)) {
        *path = "$";
        return doc;
    }
    *path = "$.data";
    return json_object_get(doc, "data");
}

bool graph_is_result(json_t *doc)
{
    const char *path;
    json_t *rows = rows_of(doc, &path);
    if (!json_is_array(rows))
        return false;
    if (json_is_object(doc))
        return json_object_get(doc, "count") != NULL ||
               json_object_get(doc, "total_records") != NULL ||
               json_object_get(doc, "skip_token") != NULL;
    /* A bare array: rows of resources (or an empty result). */
    json_t *first = json_array_get(rows, 0);
    return first == NULL ||
           (json_is_object(first) && json_object_get(first, "type") != NULL &&
            json_object_get(first, "id") != NULL);
}

void graph_read(est_estate *e, json_t *doc)
{
    e->format = "Resource Graph result";
    const char *path;
    json_t *rows = rows_of(doc, &path);
    const char *skip = json_is_object(doc) ? json_string_value(json_object_get(doc, "skip_token"))
                                           : NULL;
    if (skip != NULL)
        est_note(e, "$.skip_token",
                 "the result has more pages (a skip_token): only the rows of this page were "
                 "imported; query again with --first 1000 or --skip-token and import each");
    json_t *total = json_is_object(doc) ? json_object_get(doc, "total_records") : NULL;
    if (skip == NULL && json_is_integer(total) &&
        (size_t)json_integer_value(total) > json_array_size(rows))
        est_note(e, "$.total_records",
                 "the query matched %lld resources and the result holds %zu: only these were "
                 "imported (page through it with --first and --skip-token)",
                 (long long)json_integer_value(total), json_array_size(rows));
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        const char *at = jq_idx(e, path, i);
        if (!json_is_object(row)) {
            est_error(e, at, "expected a resource (an object with id, name and type)");
            continue;
        }
        const char *id = jq_str(e, row, "id", at);
        const char *type = jq_str(e, row, "type", at);
        const char *name = jq_str(e, row, "name", at);
        if (id == NULL || type == NULL || name == NULL) {
            est_error(e, at, "a row without its %s (project id, name and type in the query)",
                      id == NULL ? "id" : type == NULL ? "type" : "name");
            continue;
        }
        /* A child's row names itself by its last segment; its full name is
         * in its id (…/vaults/V/replicationFabrics/F/...): take the names
         * that follow the provider namespace's type segments. */
        const char *key = est_id_key(e, id);
        const char *full = name;
        if (key != NULL && strchr(type, '/') != NULL) {
            const char *p = strchr(key, '/'); /* after the namespace */
            const char *names = NULL;
            size_t segment = 0;
            for (; p != NULL && *p; segment++) {
                const char *q = strchr(p + 1, '/');
                const char *seg = p + 1;
                size_t len = q != NULL ? (size_t)(q - seg) : strlen(seg);
                if (segment % 2 == 1)
                    names = names == NULL ? est_fmt(e, "%.*s", (int)len, seg)
                                          : est_fmt(e, "%s/%.*s", names, (int)len, seg);
                p = q;
            }
            if (names != NULL) {
                /* keep the row's own spelling of the last name */
                const char *slash = strrchr(names, '/');
                full = slash != NULL ? est_fmt(e, "%.*s/%s", (int)(slash - names), names, name)
                                     : name;
            }
        }
        armres_map(e, row, type, full, id, at);
    }
}
