/*
 * graph.h — an Azure Resource Graph query result into the estate.
 *
 * `az graph query -q "Resources | ..." --output json` prints either the rows
 * (an array, azure-cli before 2.22) or {"count", "data": [rows],
 * "skip_token", "total_records"}; each row is a resource in its Resource
 * Manager form with its full id (armres.c maps it). A result cut short by
 * paging (a skip_token) is imported with a note: the rest was not seen.
 */
#ifndef DRSIM_GRAPH_H
#define DRSIM_GRAPH_H

#include <jansson.h>

#include "models/import/estate.h"

/* True when `doc` looks like a Resource Graph result. */
bool graph_is_result(json_t *doc);

void graph_read(est_estate *e, json_t *doc);

#endif
