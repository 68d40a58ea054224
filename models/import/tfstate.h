/*
 * tfstate.h — Terraform state of azurerm resources (`terraform show -json`)
 * into the estate. Resources of other providers are listed, not mapped.
 */
#ifndef DRSIM_TFSTATE_H
#define DRSIM_TFSTATE_H

#include <jansson.h>

#include "models/import/estate.h"

/* True when `doc` looks like `terraform show -json` output. */
bool tf_is_state(json_t *doc);

void tf_read(est_estate *e, json_t *doc);

#endif
