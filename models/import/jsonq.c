/*
 * jsonq.c — path-aware reads of the import's JSON (see jsonq.h).
 *
 * Invariant: a function that files an error returns "absent" (NULL, false,
 * 0), so a reader never maps a value it was told is wrong.
 */
#include "models/import/jsonq.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/azure/catalogue.h"

json_t *jq_get(json_t *obj, const char *dotted)
{
    const char *p = dotted;
    json_t *at = obj;
    while (at != NULL && *p) {
        const char *dot = strchr(p, '.');
        size_t n = dot != NULL ? (size_t)(dot - p) : strlen(p);
        if (!json_is_object(at))
            return NULL;
        char key[128];
        if (n >= sizeof key)
            return NULL;
        memcpy(key, p, n);
        key[n] = '\0';
        at = json_object_get(at, key);
        p += n + (dot != NULL);
    }
    return json_is_null(at) ? NULL : at;
}

const char *jq_key(est_estate *e, const char *path, const char *dotted)
{
    return est_fmt(e, "%s.%s", path, dotted);
}

const char *jq_idx(est_estate *e, const char *path, size_t i)
{
    return est_fmt(e, "%s[%zu]", path, i);
}

bool jq_is_expression(const char *s)
{
    size_t n = strlen(s);
    return n >= 2 && s[0] == '[' && s[1] != '[' && s[n - 1] == ']';
}

static const char *type_name(json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

const char *jq_str(est_estate *e, json_t *obj, const char *dotted, const char *path)
{
    json_t *v = jq_get(obj, dotted);
    if (v == NULL)
        return NULL;
    if (!json_is_string(v)) {
        est_error(e, jq_key(e, path, dotted), "expected a string, found %s", type_name(v));
        return NULL;
    }
    const char *s = json_string_value(v);
    if (jq_is_expression(s)) {
        const char *why = est_unresolved_why(e, s);
        est_error(e, jq_key(e, path, dotted), "unresolved ARM expression '%s': %s", s,
                  why != NULL ? why
                              : "give the template's parameters with --parameters FILE, or "
                                "write the value");
        return NULL;
    }
    return s[0] == '[' && s[1] == '[' ? s + 1 : s;
}

bool jq_num(est_estate *e, json_t *obj, const char *dotted, const char *path, double *out)
{
    json_t *v = jq_get(obj, dotted);
    if (v == NULL)
        return false;
    if (json_is_number(v)) {
        *out = json_number_value(v);
        return true;
    }
    if (json_is_string(v) && !jq_is_expression(json_string_value(v))) {
        const char *s = json_string_value(v);
        char *end = NULL;
        double x = strtod(s, &end);
        if (s[0] != '\0' && end != NULL && *end == '\0' && isfinite(x)) {
            *out = x;
            return true;
        }
    }
    if (json_is_string(v) && jq_is_expression(json_string_value(v)))
        (void)jq_str(e, obj, dotted, path);
    else
        est_error(e, jq_key(e, path, dotted), "expected a number, found %s", type_name(v));
    return false;
}

bool jq_bool(est_estate *e, json_t *obj, const char *dotted, const char *path, bool *out)
{
    json_t *v = jq_get(obj, dotted);
    if (v == NULL)
        return false;
    if (json_is_boolean(v)) {
        *out = json_is_true(v);
        return true;
    }
    if (json_is_string(v) && jq_is_expression(json_string_value(v)))
        (void)jq_str(e, obj, dotted, path);
    else
        est_error(e, jq_key(e, path, dotted), "expected true or false, found %s",
                  type_name(v));
    return false;
}

json_t *jq_array(est_estate *e, json_t *obj, const char *dotted, const char *path)
{
    json_t *v = jq_get(obj, dotted);
    if (v == NULL)
        return NULL;
    if (!json_is_array(v)) {
        if (json_is_string(v) && jq_is_expression(json_string_value(v)))
            (void)jq_str(e, obj, dotted, path);
        else
            est_error(e, jq_key(e, path, dotted), "expected an array, found %s",
                      type_name(v));
        return NULL;
    }
    return v;
}

int jq_zone(est_estate *e, json_t *obj, const char *dotted, const char *path)
{
    json_t *v = jq_get(obj, dotted);
    if (v == NULL)
        return 0;
    const char *at = jq_key(e, path, dotted);
    if (json_is_array(v)) {
        if (json_array_size(v) == 0)
            return 0;
        if (json_array_size(v) > 1) {
            est_error(e, at, "a VM is in one zone; found %zu", json_array_size(v));
            return 0;
        }
        v = json_array_get(v, 0);
        at = jq_idx(e, at, 0);
    }
    double z = 0;
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    char *end = NULL;
    if (json_is_integer(v))
        z = (double)json_integer_value(v);
    else if (s != NULL && s[0] != '\0')
        z = strtod(s, &end);
    if ((s != NULL && (end == NULL || *end != '\0')) || (s == NULL && !json_is_integer(v)) ||
        z < 1 || z > 16 || z != floor(z)) {
        if (s != NULL && jq_is_expression(s)) {
            const char *why = est_unresolved_why(e, s);
            est_error(e, at, "unresolved ARM expression '%s': %s", s,
                      why != NULL ? why
                                  : "give the template's parameters with --parameters FILE, "
                                    "or write the value");
        } else
            est_error(e, at, "expected an availability zone number (1, 2, 3)");
        return 0;
    }
    return (int)z;
}

const char *jq_region(est_estate *e, json_t *obj, const char *dotted, const char *path)
{
    const char *text = jq_str(e, obj, dotted, path);
    const char *r = est_region(e, text);
    if (r == NULL || strcmp(r, "global") == 0)
        return r;
    if (cat_find(r) < 0) {
        est_error(e, jq_key(e, path, dotted),
                  "unknown region '%s' (expected one of Azure's public regions, e.g. "
                  "westeurope or \"West Europe\")",
                  text);
        return NULL;
    }
    return r;
}
