/*
 * json.h — the JSON report (json.c): the whole document; README.md
 * "Reports" documents its shape.
 *
 * Errors: ERR_OK, ERR_NOMEM, the store's error, or ERR_IO when the output
 * stream failed; the message is in *e.
 */
#ifndef DRSIM_RENDER_JSON_H
#define DRSIM_RENDER_JSON_H

#include <stdio.h>

#include "reports/render/report.h"
#include "sim/core/err.h"

/* Writes document d as one JSON object to out. */
err_code json_render(const rpt_doc *d, FILE *out, err_msg *e);

#endif
