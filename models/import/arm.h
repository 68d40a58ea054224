/*
 * arm.h — an ARM template (as the portal's export or `az group export`
 * writes it, or as `bicep build` builds it) into the estate.
 *
 * Template expressions ("[parameters('location')]", "[resourceId(...)]",
 * "[concat(...)]", "[format(...)]", copy loops) are evaluated from the
 * template's own parameters (their defaultValue) and variables, and from a
 * parameters file when one is given (deploymentParameters.json: its
 * "parameters": {"NAME": {"value": ...}}). What cannot be known offline —
 * resourceGroup(), subscription(), reference(), uniqueString() of them, a
 * parameter with no value — stays unresolved, and is an error where drsim
 * needs the value (jsonq.h), naming its JSON path.
 */
#ifndef DRSIM_ARM_H
#define DRSIM_ARM_H

#include <jansson.h>

#include "models/import/estate.h"

/* True when `doc` looks like an ARM template ($schema names
 * deploymentTemplate, or it has "resources" and "contentVersion"). */
bool arm_is_template(json_t *doc);

/* Reads the template `doc` into e; `params` is the parameters file's
 * document, or NULL. Findings go on e. */
void arm_read(est_estate *e, json_t *doc, json_t *params);

/* Checks a parameters file's shape; false (an error on e, at `file`'s
 * path) when it is not one. */
bool arm_params_ok(est_estate *e, json_t *params, const char *file);

#endif
