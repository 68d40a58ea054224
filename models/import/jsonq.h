/*
 * jsonq.h — reading the import's JSON (jansson) with its path at hand.
 *
 * Every reader of `drsim import` asks for values by a dotted key below an
 * object ("properties.storageProfile.osDisk") and, when a value is not what
 * it expects, files an error on the estate naming the JSON path
 * ("$.resources[3].properties.storageProfile.osDisk.diskSizeGB") and what
 * was expected. A missing value is not an error here: the reader decides.
 *
 * ARM expressions. A string of an ARM template that arm.c could not resolve
 * stays as written ("[parameters('x')]"); jq_str refuses it, naming the
 * path and the way out (--parameters), so an expression is an error only
 * where drsim needs its value.
 */
#ifndef DRSIM_JSONQ_H
#define DRSIM_JSONQ_H

#include <jansson.h>
#include <stdbool.h>

#include "models/import/estate.h"

/* The value at `dotted` below obj (NULL when absent or obj is no object). */
json_t *jq_get(json_t *obj, const char *dotted);

/* path + "." + dotted, and path + "[i]", in the estate's arena. */
const char *jq_key(est_estate *e, const char *path, const char *dotted);
const char *jq_idx(est_estate *e, const char *path, size_t i);

/* The string at dotted, or NULL when absent (or null). Another type, or an
 * unresolved ARM expression, files an error at its path and gives NULL. */
const char *jq_str(est_estate *e, json_t *obj, const char *dotted, const char *path);

/* The number at dotted into *out (a JSON number, or a string of digits as
 * Terraform writes zones); false when absent. Another type is an error. */
bool jq_num(est_estate *e, json_t *obj, const char *dotted, const char *path, double *out);

/* The boolean at dotted into *out; false when absent. */
bool jq_bool(est_estate *e, json_t *obj, const char *dotted, const char *path, bool *out);

/* The array at dotted, or NULL when absent; another type is an error. */
json_t *jq_array(est_estate *e, json_t *obj, const char *dotted, const char *path);

/* True when s is an ARM expression: "[...]" but not the "[[" escape. */
bool jq_is_expression(const char *s);

/* A zone given as ["1"], "1", 1 or [] at dotted: 0 for none. A value that is
 * no zone number is an error. */
int jq_zone(est_estate *e, json_t *obj, const char *dotted, const char *path);

/* A region at dotted, in programmatic form, checked against drsim's
 * catalogue (an unknown one is an error); "global" is returned as is.
 * NULL when absent. */
const char *jq_region(est_estate *e, json_t *obj, const char *dotted, const char *path);

#endif
