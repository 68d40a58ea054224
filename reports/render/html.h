/*
 * html.h — the HTML report: one self-contained page with inline SVG charts
 * (html.c, drawing with svg.c). README.md "Reports" shows it.
 *
 * Errors: ERR_OK, ERR_NOMEM, the store's error, or ERR_IO when the output
 * stream failed; the message is in *e.
 */
#ifndef DRSIM_RENDER_HTML_H
#define DRSIM_RENDER_HTML_H

#include <stdio.h>

#include "reports/render/report.h"
#include "reports/store/store.h"
#include "sim/core/err.h"

/* Writes document d as one HTML page to out. */
err_code html_render(const rpt_doc *d, FILE *out, err_msg *e);

/* A stored drill's debrief as one self-contained page (the run report's
 * frame and styles): the debrief's words, the plays side by side with the
 * best in hindsight marked, where the team falls in each strategy's
 * outages, and the timeline with the team's actions. Text is escaped. */
err_code html_render_drill(const store_drill *d, FILE *out, err_msg *e);

#endif
