/*
 * import.h — `drsim import`: what is deployed, as a scenario skeleton.
 *
 * An ARM template (the portal's export, `az group export`, `bicep build`), a
 * Resource Graph result (`az graph query ... --output json`) or Terraform
 * state (`terraform show -json`) is read with jansson, mapped resource by
 * resource into an estate (estate.h), its references linked, and written as
 * a scenario file (emit.c): regions, storage accounts, VM groups with their
 * disks, Site Recovery's protection and recovery plan, Traffic Manager and
 * Front Door, SQL failover groups, Cosmos DB, an application inferred from
 * them, and the outages and strategies of a template. Every value not read
 * from the input is marked in the scenario; every resource not modelled is
 * listed in its header.
 *
 * Messages. Errors say "FILE: JSON-PATH: what is wrong (what was
 * expected)", or "FILE:LINE:COL: ..." when the file is not JSON; notes
 * (what was skipped or assumed) say "FILE: JSON-PATH: note: ...". They are
 * appended to `messages`, one per line.
 */
#ifndef DRSIM_IMPORT_H
#define DRSIM_IMPORT_H

#include <stdbool.h>

#include "sim/core/err.h"
#include "sim/core/strbuf.h"

typedef enum imp_from {
    IMP_FROM_AUTO, /* recognised from the document's shape */
    IMP_FROM_ARM,
    IMP_FROM_GRAPH,
    IMP_FROM_TERRAFORM,
} imp_from;

typedef enum imp_template {
    IMP_REGION_LOSS,      /* the region down for hours: wait, geo-restore, Site Recovery */
    IMP_ZONE_LOSS,        /* one zone of the region down */
    IMP_REGION_DESTROYED, /* the region lost for good */
} imp_template;

typedef struct imp_options {
    imp_from from;
    const char *parameters; /* an ARM parameters file, or NULL */
    imp_template template_;
    const char *region; /* the region lost, or NULL: the one holding most */
    const char *name;   /* the scenario's name, or NULL: from the input's file name */
} imp_options;

/* The words of --from and --template; false when `text` is none of them. */
bool imp_from_parse(const char *text, imp_from *out);
bool imp_template_parse(const char *text, imp_template *out);

/* Imports `input`. On success *text is the scenario (mem_free it) and the
 * result ERR_OK (notes may be in messages). ERR_INPUT when the input (or the
 * parameters file, or --region) is wrong: *text is NULL and messages say
 * why (a file that cannot be read is one); ERR_NOMEM. */
err_code imp_import(const char *input, const imp_options *o, char **text, strbuf *messages);

/* As imp_import, from bytes in memory named `name` in messages. */
err_code imp_import_bytes(const char *name, const char *bytes, size_t len, const imp_options *o,
                          char **text, strbuf *messages);

#endif
