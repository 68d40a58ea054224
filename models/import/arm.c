/*
 * arm.c — ARM templates into the estate (see arm.h): the template language's
 * expressions, evaluated as far as offline allows, then each resource mapped
 * by armres.c.
 *
 * The evaluator is a recursive-descent reader of the expression grammar
 * (template-expressions.md): string literals in single quotes ('' for a
 * quote), integers, function calls, and property or index access (`.name`,
 * `[0]`). Values are jansson values; "unresolved" is a NULL result with the
 * reason kept in the evaluator.
 *
 * Invariants: evaluation never recurses more than MAX_DEPTH deep (variables
 * naming variables, expressions nested in defaults), so a cyclic template is
 * an unresolved value, not a stack overflow; a resource whose type or name
 * cannot be resolved is an error at its path and is not mapped.
 */
#include "models/import/arm.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "models/import/armres.h"
#include "models/import/jsonq.h"
#include "sim/core/mem.h"

enum { MAX_DEPTH = 32, MAX_COPIES = 800 /* ARM's copy limit (copy-resources.md) */ };

typedef struct eval {
    est_estate *e;
    json_t *doc, *params;
    long copy_index; /* -1 outside a copy loop */
    int depth;
    char why[256]; /* the first reason a value is unresolved */
} eval;

static json_t *eval_text(eval *ev, const char *text);

/* A block for the evaluator's own use; a refusal marks the estate out of
 * memory, so that the value left unresolved is not blamed on the input. */
static void *ev_alloc(eval *ev, size_t n)
{
    void *p = mem_malloc(n);
    if (p == NULL)
        ev->e->oom = true;
    return p;
}

static void unresolved(eval *ev, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Keeps the first reason a value is unresolved: the innermost cause. */
static void unresolved(eval *ev, const char *fmt, ...)
{
    if (ev->why[0] != '\0')
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ev->why, sizeof ev->why, fmt, ap);
    va_end(ap);
}

/* A resource's string as the readers need it: an expression evaluated,
 * other text as written ("[[" escapes included: jsonq unescapes it once);
 * an evaluated text starting with "[" escaped, never read as an expression
 * again. An expression that cannot be evaluated stays as written, its
 * reason kept for jsonq's message. */
static json_t *resolve_string(eval *ev, json_t *v)
{
    const char *text = json_string_value(v);
    if (!jq_is_expression(text))
        return json_incref(v);
    ev->why[0] = '\0';
    json_t *x = eval_text(ev, text);
    if (x == NULL) {
        est_unresolved_add(ev->e, text, ev->why[0] ? ev->why : "drsim cannot evaluate it");
        return json_incref(v);
    }
    if (!json_is_string(x) || json_string_value(x)[0] != '[')
        return x;
    char *escaped = ev_alloc(ev, json_string_length(x) + 2);
    json_t *y = NULL;
    if (escaped != NULL) {
        escaped[0] = '[';
        memcpy(escaped + 1, json_string_value(x), json_string_length(x) + 1);
        y = json_string(escaped);
        mem_free(escaped);
    }
    json_decref(x);
    return y != NULL ? y : json_incref(v);
}

/* A copy of v with its strings evaluated. `strict` (a parameter's default,
 * a variable: a value used whole): an expression that cannot be evaluated
 * makes the whole value unresolved (NULL). Otherwise (a resource): it stays
 * as written (resolve_string), and a resource's own children ("resources")
 * and "dependsOn" are left out, walked on their own with their own paths. */
static json_t *evaluate(eval *ev, json_t *v, bool strict)
{
    if (json_is_string(v))
        return strict ? eval_text(ev, json_string_value(v)) : resolve_string(ev, v);
    if (!json_is_array(v) && !json_is_object(v))
        return json_incref(v);
    json_t *out = json_is_array(v) ? json_array() : json_object();
    size_t i;
    const char *k;
    json_t *x;
    json_array_foreach(v, i, x) {
        json_t *y = evaluate(ev, x, strict);
        if (y == NULL) {
            json_decref(out);
            return NULL;
        }
        json_array_append_new(out, y);
    }
    json_object_foreach(v, k, x) {
        if (!strict && (strcmp(k, "resources") == 0 || strcmp(k, "dependsOn") == 0))
            continue;
        json_t *y = evaluate(ev, x, strict);
        if (y == NULL) {
            json_decref(out);
            return NULL;
        }
        json_object_set_new(out, k, y);
    }
    return out;
}

static json_t *eval_value(eval *ev, json_t *v)
{
    return evaluate(ev, v, true);
}

static json_t *parameter(eval *ev, const char *name)
{
    json_t *given = ev->params != NULL ? jq_get(json_object_get(ev->params, "parameters"), name)
                                       : NULL;
    if (given != NULL && json_is_object(given) && json_object_get(given, "value") != NULL)
        return json_incref(json_object_get(given, "value"));
    json_t *decl = json_object_get(json_object_get(ev->doc, "parameters"), name);
    if (decl == NULL) {
        unresolved(ev, "the template declares no parameter '%s'", name);
        return NULL;
    }
    json_t *def = json_object_get(decl, "defaultValue");
    if (def == NULL) {
        unresolved(ev, "parameter '%s' has no value (give it with --parameters FILE)", name);
        return NULL;
    }
    json_t *v = eval_value(ev, def);
    if (v == NULL) {
        size_t n = strlen(ev->why);
        snprintf(ev->why + n, sizeof ev->why - n,
                 ", in parameter '%s''s default (give it a value with --parameters FILE)", name);
    }
    return v;
}

static json_t *variable(eval *ev, const char *name)
{
    json_t *v = json_object_get(json_object_get(ev->doc, "variables"), name);
    if (v == NULL) {
        unresolved(ev, "the template declares no variable '%s'", name);
        return NULL;
    }
    return eval_value(ev, v);
}

/* ---- the expression reader ---------------------------------------------- */

typedef struct lexer {
    const char *p;
    bool bad;
} lexer;

static void skip_space(lexer *lx)
{
    while (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\n' || *lx->p == '\r')
        lx->p++;
}

static bool accept(lexer *lx, char c)
{
    skip_space(lx);
    if (*lx->p != c)
        return false;
    lx->p++;
    return true;
}

static json_t *parse_expr(eval *ev, lexer *lx);

static json_t *string_literal(lexer *lx)
{
    lx->p++; /* the opening quote */
    char buf[1024];
    size_t n = 0;
    for (;;) {
        if (*lx->p == '\0') {
            lx->bad = true;
            return NULL;
        }
        if (*lx->p == '\'') {
            if (lx->p[1] != '\'')
                break;
            lx->p++;
        }
        if (n + 1 >= sizeof buf) {
            lx->bad = true;
            return NULL;
        }
        buf[n++] = *lx->p++;
    }
    lx->p++;
    buf[n] = '\0';
    return json_string(buf);
}

static const char *str_of(json_t *v, char *buf, size_t n)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(buf, n, "%lld", (long long)json_integer_value(v));
        return buf;
    }
    if (json_is_boolean(v))
        return json_is_true(v) ? "True" : "False";
    return NULL;
}

/* resourceId([subscriptionId], [resourceGroupName], type, name1, name2...):
 * the provider part of the id, which is what ids are compared by. */
static json_t *resource_id(eval *ev, json_t **args, size_t n)
{
    size_t t = 0;
    while (t < n && (!json_is_string(args[t]) || strchr(json_string_value(args[t]), '/') == NULL))
        t++;
    if (t == n) {
        unresolved(ev, "%s", "resourceId() without a resource type");
        return NULL;
    }
    const char *type = json_string_value(args[t]);
    char out[1024];
    size_t len = 0;
    const char *seg = type;
    const char *slash = strchr(seg, '/');
    len += (size_t)snprintf(out + len, sizeof out - len, "/providers/%.*s", (int)(slash - seg), seg);
    seg = slash + 1;
    for (size_t k = t + 1; k < n; k++) {
        char nb[32];
        const char *name = str_of(args[k], nb, sizeof nb);
        if (name == NULL || *seg == '\0') {
            unresolved(ev, "%s", "resourceId() with names that do not match its type");
            return NULL;
        }
        slash = strchr(seg, '/');
        size_t tl = slash != NULL ? (size_t)(slash - seg) : strlen(seg);
        len += (size_t)snprintf(out + len, len < sizeof out ? sizeof out - len : 0, "/%.*s/%s",
                                (int)tl, seg, name);
        seg = slash != NULL ? slash + 1 : seg + tl;
        if (len >= sizeof out) {
            unresolved(ev, "%s", "resourceId() too long");
            return NULL;
        }
    }
    return json_string(out);
}

static json_t *format_fn(eval *ev, json_t **args, size_t n)
{
    if (n == 0 || !json_is_string(args[0])) {
        unresolved(ev, "%s", "format() without a format string");
        return NULL;
    }
    char out[1024] = "";
    size_t len = 0;
    for (const char *p = json_string_value(args[0]); *p && len + 1 < sizeof out; p++) {
        if (*p == '{' && isdigit((unsigned char)p[1])) {
            char *end = NULL;
            long k = strtol(p + 1, &end, 10);
            char nb[32];
            const char *s = (k >= 0 && (size_t)k + 1 < n) ? str_of(args[k + 1], nb, sizeof nb)
                                                          : NULL;
            if (end == NULL || *end != '}' || s == NULL) {
                unresolved(ev, "%s", "format() with a placeholder it has no value for");
                return NULL;
            }
            len += (size_t)snprintf(out + len, sizeof out - len, "%s", s);
            p = end;
        } else {
            out[len++] = *p;
        }
    }
    out[len < sizeof out ? len : sizeof out - 1] = '\0';
    return json_string(out);
}

static json_t *call(eval *ev, const char *fn, json_t **args, size_t n)
{
    char nb[32];
#define FN(x) (strcasecmp(fn, x) == 0)
    if ((FN("parameters") || FN("variables")) && n == 1 && json_is_string(args[0])) {
        if (++ev->depth > MAX_DEPTH) {
            unresolved(ev, "%s", "expressions nested too deep (a cycle?)");
            return NULL;
        }
        json_t *v = FN("parameters") ? parameter(ev, json_string_value(args[0]))
                                     : variable(ev, json_string_value(args[0]));
        ev->depth--;
        return v;
    }
    if (FN("concat")) {
        if (n > 0 && json_is_array(args[0])) {
            json_t *out = json_array();
            for (size_t k = 0; k < n; k++)
                if (json_is_array(args[k]))
                    json_array_extend(out, args[k]);
            return out;
        }
        char out[1024] = "";
        size_t len = 0;
        for (size_t k = 0; k < n; k++) {
            const char *s = str_of(args[k], nb, sizeof nb);
            if (s == NULL) {
                unresolved(ev, "%s", "concat() of a value that is not text");
                return NULL;
            }
            len += (size_t)snprintf(out + len, len < sizeof out ? sizeof out - len : 0, "%s", s);
        }
        if (len >= sizeof out) {
            unresolved(ev, "%s", "concat() too long");
            return NULL;
        }
        return json_string(out);
    }
    if (FN("format"))
        return format_fn(ev, args, n);
    if (FN("resourceId") || FN("subscriptionResourceId") || FN("extensionResourceId"))
        return resource_id(ev, args, n);
    if ((FN("toLower") || FN("toUpper")) && n == 1 && json_is_string(args[0])) {
        size_t len = json_string_length(args[0]);
        char *s = ev_alloc(ev, len + 1);
        if (s == NULL)
            return NULL;
        memcpy(s, json_string_value(args[0]), len + 1);
        for (char *p = s; *p; p++)
            *p = (char)(FN("toLower") ? tolower((unsigned char)*p) : toupper((unsigned char)*p));
        json_t *out = json_string(s);
        mem_free(s);
        return out;
    }
    if (FN("string") && n == 1) {
        const char *s = str_of(args[0], nb, sizeof nb);
        return s != NULL ? json_string(s) : NULL;
    }
    if (FN("int") && n == 1) {
        if (json_is_integer(args[0]))
            return json_incref(args[0]);
        const char *s = json_string_value(args[0]);
        char *end = NULL;
        long long x = s != NULL ? strtoll(s, &end, 10) : 0;
        if (s != NULL && *s && end != NULL && *end == '\0')
            return json_integer(x);
        unresolved(ev, "%s", "int() of a value that is not a whole number");
        return NULL;
    }
    if (FN("copyIndex")) {
        if (ev->copy_index < 0) {
            unresolved(ev, "%s", "copyIndex() outside a copy loop");
            return NULL;
        }
        long offset = n >= 1 && json_is_integer(args[n - 1]) ? (long)json_integer_value(args[n - 1])
                                                              : 0;
        return json_integer(ev->copy_index + offset);
    }
    if (FN("length") && n == 1) {
        if (json_is_array(args[0]))
            return json_integer((json_int_t)json_array_size(args[0]));
        if (json_is_object(args[0]))
            return json_integer((json_int_t)json_object_size(args[0]));
        if (json_is_string(args[0]))
            return json_integer((json_int_t)json_string_length(args[0]));
    }
    /* range(start, count): bicep builds `for i in range(0, n)` loops with it. */
    if (FN("range") && n == 2 && json_is_integer(args[0]) && json_is_integer(args[1]) &&
        json_integer_value(args[1]) >= 0 && json_integer_value(args[1]) <= MAX_COPIES) {
        json_t *out = json_array();
        for (json_int_t k = 0; k < json_integer_value(args[1]); k++)
            json_array_append_new(out, json_integer(json_integer_value(args[0]) + k));
        return out;
    }
    if ((FN("add") || FN("sub") || FN("mul") || FN("div") || FN("mod")) && n == 2 &&
        json_is_integer(args[0]) && json_is_integer(args[1])) {
        json_int_t a = json_integer_value(args[0]), b = json_integer_value(args[1]);
        if ((FN("div") || FN("mod")) && b == 0) {
            unresolved(ev, "%s() by zero", fn);
            return NULL;
        }
        return json_integer(FN("add")   ? a + b
                            : FN("sub") ? a - b
                            : FN("mul") ? a * b
                            : FN("div") ? a / b
                                        : a % b);
    }
    if ((FN("true") || FN("false")) && n == 0)
        return json_boolean(FN("true"));
    if (FN("equals") && n == 2)
        return json_boolean(json_equal(args[0], args[1]));
    if (FN("not") && n == 1 && json_is_boolean(args[0]))
        return json_boolean(!json_is_true(args[0]));
    if (FN("if") && n == 3 && json_is_boolean(args[0]))
        return json_incref(json_is_true(args[0]) ? args[1] : args[2]);
    if (FN("resourceGroup") || FN("subscription") || FN("deployment") || FN("reference") ||
        FN("uniqueString") || FN("listKeys") || FN("environment") || FN("tenant") ||
        FN("managementGroup") || FN("newGuid") || FN("utcNow"))
        unresolved(ev, "%s() is known only when Azure deploys the template", fn);
    else
        unresolved(ev, "drsim does not evaluate the ARM function %s()", fn);
#undef FN
    return NULL;
}

/* A primary: a literal or a call, then any .property and [index]. Returns
 * NULL when unresolved (ev->why) or malformed (lx->bad). */
static json_t *parse_expr(eval *ev, lexer *lx)
{
    skip_space(lx);
    json_t *v = NULL;
    if (*lx->p == '\'') {
        v = string_literal(lx);
    } else if (isdigit((unsigned char)*lx->p) || *lx->p == '-') {
        char *end = NULL;
        long long x = strtoll(lx->p, &end, 10);
        if (end == lx->p) {
            lx->bad = true;
            return NULL;
        }
        lx->p = end;
        v = json_integer(x);
    } else if (isalpha((unsigned char)*lx->p)) {
        char fn[64];
        size_t n = 0;
        while ((isalnum((unsigned char)*lx->p) || *lx->p == '_') && n + 1 < sizeof fn)
            fn[n++] = *lx->p++;
        fn[n] = '\0';
        if (!accept(lx, '(')) {
            lx->bad = true;
            return NULL;
        }
        json_t *args[16];
        size_t nargs = 0;
        bool ok = true;
        if (!accept(lx, ')')) {
            do {
                json_t *a = parse_expr(ev, lx);
                if (lx->bad) {
                    ok = false;
                    break;
                }
                if (nargs == sizeof args / sizeof args[0]) {
                    json_decref(a);
                    lx->bad = true;
                    ok = false;
                    break;
                }
                args[nargs++] = a;
            } while (accept(lx, ','));
            if (ok && !accept(lx, ')')) {
                lx->bad = true;
                ok = false;
            }
        }
        bool all = ok;
        for (size_t k = 0; k < nargs; k++)
            all = all && args[k] != NULL;
        if (all)
            v = call(ev, fn, args, nargs);
        for (size_t k = 0; k < nargs; k++)
            json_decref(args[k]);
        if (!ok)
            return NULL;
    } else {
        lx->bad = true;
        return NULL;
    }
    for (;;) {
        skip_space(lx);
        if (*lx->p == '.') {
            lx->p++;
            char key[128];
            size_t n = 0;
            while ((isalnum((unsigned char)*lx->p) || *lx->p == '_') && n + 1 < sizeof key)
                key[n++] = *lx->p++;
            key[n] = '\0';
            if (n == 0) {
                lx->bad = true;
                json_decref(v);
                return NULL;
            }
            json_t *sub = v != NULL ? json_object_get(v, key) : NULL;
            if (v != NULL && sub == NULL)
                unresolved(ev, "no property '%s'", key);
            json_incref(sub);
            json_decref(v);
            v = sub;
        } else if (*lx->p == '[') {
            lx->p++;
            json_t *k = parse_expr(ev, lx);
            if (lx->bad || !accept(lx, ']')) {
                lx->bad = true;
                json_decref(k);
                json_decref(v);
                return NULL;
            }
            json_t *sub = NULL;
            if (v != NULL && k != NULL) {
                if (json_is_integer(k))
                    sub = json_array_get(v, (size_t)json_integer_value(k));
                else if (json_is_string(k))
                    sub = json_object_get(v, json_string_value(k));
                if (sub == NULL)
                    unresolved(ev, "%s", "an index that is not there");
            }
            json_incref(sub);
            json_decref(k);
            json_decref(v);
            v = sub;
        } else {
            return v;
        }
    }
}

/* A template string: an expression "[...]" evaluated, "[[..." unescaped,
 * anything else as is. NULL when unresolved (ev->why says why). */
static json_t *eval_text(eval *ev, const char *text)
{
    if (!jq_is_expression(text))
        return json_string(text[0] == '[' && text[1] == '[' ? text + 1 : text);
    size_t n = strlen(text);
    char *body = ev_alloc(ev, n - 1);
    if (body == NULL)
        return NULL;
    memcpy(body, text + 1, n - 2);
    body[n - 2] = '\0';
    lexer lx = {body, false};
    json_t *v = parse_expr(ev, &lx);
    skip_space(&lx);
    if (!lx.bad && *lx.p != '\0')
        lx.bad = true;
    mem_free(body);
    if (lx.bad) {
        json_decref(v);
        unresolved(ev, "%s", "not a template expression drsim can read");
        return NULL;
    }
    return v;
}

/* ---- resources ----------------------------------------------------------- */

/* "Microsoft.X/a/b" + "n1/n2" -> "/providers/Microsoft.X/a/n1/b/n2". */
static const char *template_id(est_estate *e, const char *type, const char *name)
{
    const char *slash = strchr(type, '/');
    if (slash == NULL)
        return NULL;
    const char *id = est_fmt(e, "/providers/%.*s", (int)(slash - type), type);
    const char *t = slash + 1, *n = name;
    while (id != NULL && *t && *n) {
        const char *ts = strchr(t, '/'), *ns = strchr(n, '/');
        size_t tl = ts != NULL ? (size_t)(ts - t) : strlen(t);
        size_t nl = ns != NULL ? (size_t)(ns - n) : strlen(n);
        id = est_fmt(e, "%s/%.*s/%.*s", id, (int)tl, t, (int)nl, n);
        t += tl + (ts != NULL);
        n += nl + (ns != NULL);
    }
    return id;
}

/* The resolved value of a resource's `key` (type, name) as text; an error at
 * its path when it cannot be known. */
static const char *resource_text(eval *ev, json_t *res, const char *key, const char *path)
{
    json_t *v = json_object_get(res, key);
    if (!json_is_string(v)) {
        est_error(ev->e, jq_key(ev->e, path, key), "a resource without its %s (expected a string)",
                  key);
        return NULL;
    }
    ev->why[0] = '\0';
    json_t *x = eval_text(ev, json_string_value(v));
    if (x == NULL || !json_is_string(x)) {
        est_error(ev->e, jq_key(ev->e, path, key), "unresolved ARM expression '%s': %s",
                  json_string_value(v), ev->why[0] ? ev->why : "not text");
        json_decref(x);
        return NULL;
    }
    const char *s = est_str(ev->e, json_string_value(x));
    json_decref(x);
    return s;
}

static void resource(eval *ev, json_t *res, const char *path, const char *parent_type,
                     const char *parent_name);

static void resources(eval *ev, json_t *list, const char *path, const char *parent_type,
                      const char *parent_name)
{
    if (json_is_array(list)) {
        size_t i;
        json_t *r;
        json_array_foreach(list, i, r)
            resource(ev, r, jq_idx(ev->e, path, i), parent_type, parent_name);
    } else if (json_is_object(list)) {
        /* languageVersion 2.0 (bicep's symbolic names): an object of them. */
        const char *k;
        json_t *r;
        json_object_foreach(list, k, r)
            resource(ev, r, jq_key(ev->e, path, k), parent_type, parent_name);
    } else if (list != NULL) {
        est_error(ev->e, path, "expected the template's resources (an array)");
    }
}

static void one_resource(eval *ev, json_t *res, const char *path, const char *parent_type,
                         const char *parent_name)
{
    est_estate *e = ev->e;
    const char *type = resource_text(ev, res, "type", path);
    const char *name = resource_text(ev, res, "name", path);
    if (type == NULL)
        return;
    /* An unresolved name is an error already; the resource is still read,
     * so that every expression it lacks is listed at once. */
    if (name == NULL)
        name = "(unresolved)";
    /* A nested child names itself relative to its parent. */
    if (parent_type != NULL && strchr(type, '/') == NULL) {
        type = est_fmt(e, "%s/%s", parent_type, type);
        name = est_fmt(e, "%s/%s", parent_name, name);
    }
    if (type == NULL || name == NULL)
        return;
    json_t *existing = json_object_get(res, "existing");
    if (json_is_true(existing)) {
        est_other_add(e, type, name, "read: declared 'existing', deployed elsewhere");
    } else if (strcasecmp(type, "Microsoft.Resources/deployments") == 0) {
        est_other_add(e, type, name,
                      "a nested deployment (a module): import its template on its own");
    } else {
        json_t *copy = evaluate(ev, res, false);
        const char *id = template_id(e, type, name);
        if (copy != NULL && id != NULL)
            armres_map(e, copy, type, name, id, path);
        json_decref(copy);
    }
    json_t *children = json_object_get(res, "resources");
    if (children != NULL)
        resources(ev, children, jq_key(e, path, "resources"), type, name);
}

static void resource(eval *ev, json_t *res, const char *path, const char *parent_type,
                     const char *parent_name)
{
    if (!json_is_object(res)) {
        est_error(ev->e, path, "expected a resource (an object with type and name)");
        return;
    }
    json_t *copy = json_object_get(res, "copy");
    if (copy == NULL) {
        one_resource(ev, res, path, parent_type, parent_name);
        return;
    }
    ev->why[0] = '\0';
    json_t *count = json_is_object(copy) ? json_object_get(copy, "count") : NULL;
    json_t *n = count != NULL ? eval_value(ev, count) : NULL;
    if (!json_is_integer(n) || json_integer_value(n) < 0 ||
        json_integer_value(n) > MAX_COPIES) {
        est_error(ev->e, jq_key(ev->e, path, "copy.count"),
                  "a copy loop whose count drsim cannot know: %s (expected a whole number from "
                  "0 to 800, or its parameter with --parameters FILE)",
                  ev->why[0] ? ev->why : "not a whole number");
        json_decref(n);
        return;
    }
    for (long k = 0; k < (long)json_integer_value(n); k++) {
        ev->copy_index = k;
        one_resource(ev, res, path, parent_type, parent_name);
    }
    ev->copy_index = -1;
    json_decref(n);
}

bool arm_is_template(json_t *doc)
{
    const char *schema = json_string_value(json_object_get(doc, "$schema"));
    if (schema != NULL && strstr(schema, "deploymentTemplate") != NULL)
        return true;
    return json_is_object(doc) && json_object_get(doc, "resources") != NULL &&
           json_object_get(doc, "contentVersion") != NULL;
}

bool arm_params_ok(est_estate *e, json_t *params, const char *file)
{
    json_t *p = json_object_get(params, "parameters");
    if (!json_is_object(p)) {
        est_error(e, est_fmt(e, "%s: $", file),
                  "not an ARM parameters file (expected an object with \"parameters\": "
                  "{\"NAME\": {\"value\": ...}})");
        return false;
    }
    const char *k;
    json_t *v;
    json_object_foreach(p, k, v) {
        if (!json_is_object(v) || json_object_get(v, "value") == NULL) {
            if (json_is_object(v) && json_object_get(v, "reference") != NULL)
                continue; /* a Key Vault secret: drsim never needs its value */
            est_error(e, est_fmt(e, "%s: $.parameters.%s", file, k),
                      "expected {\"value\": ...}");
            return false;
        }
    }
    return true;
}

void arm_read(est_estate *e, json_t *doc, json_t *params)
{
    e->format = "ARM template";
    eval ev = {e, doc, params, -1, 0, ""};
    json_t *list = json_object_get(doc, "resources");
    if (list == NULL || (!json_is_array(list) && !json_is_object(list))) {
        est_error(e, "$.resources", "expected the template's resources (an array)");
        return;
    }
    resources(&ev, list, "$.resources", NULL, NULL);
}
