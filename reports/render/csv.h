/*
 * csv.h — the CSV report (csv.c): one row per trial per item (RFC 4180),
 * streamed from the items' stores.
 *
 * Errors: ERR_OK, ERR_NOMEM, the store's error, or ERR_IO when the output
 * stream failed; the message is in *e.
 */
#ifndef DRSIM_RENDER_CSV_H
#define DRSIM_RENDER_CSV_H

#include <stdio.h>

#include "reports/render/report.h"
#include "sim/core/err.h"

/* Writes every trial of d's items as CSV to out. */
err_code csv_render(const rpt_doc *d, FILE *out, err_msg *e);

#endif
