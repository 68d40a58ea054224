/*
 * emit.h — a linked estate (link.h) as a scenario file's text, with the
 * outages and strategies of the chosen template. The text loads with
 * `drsim validate` (cmd_import.c checks it before writing it).
 */
#ifndef DRSIM_EMIT_H
#define DRSIM_EMIT_H

#include "models/import/estate.h"
#include "models/import/import.h"

/* The scenario (mem_free it), or NULL: out of memory (e->oom), or an error
 * filed on e (nothing to lose). `input_base` is the input's file name
 * without its folders, for the header and the default scenario name. */
char *emit_scenario(est_estate *e, const imp_options *o, const char *input_base);

#endif
