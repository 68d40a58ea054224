/*
 * md.h — the Markdown report (md.c): headlines, summary, targets and
 * expectations, for a pull-request comment or a CI step summary.
 *
 * Errors: ERR_OK, ERR_NOMEM, the store's error, or ERR_IO when the output
 * stream failed; the message is in *e.
 */
#ifndef DRSIM_RENDER_MD_H
#define DRSIM_RENDER_MD_H

#include <stdio.h>

#include "reports/render/report.h"
#include "sim/core/err.h"

/* Writes document d as GitHub-flavoured Markdown to out. */
err_code md_render(const rpt_doc *d, FILE *out, err_msg *e);

#endif
