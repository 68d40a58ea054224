/*
 * render.h — the formats of `drsim report`, and which renderer writes each.
 *
 * The dispatch sits above the renderers (html.c, md.c, json.c, csv.c), which
 * sit above report.c (the document they show): each knows the layer below
 * it, none the one above.
 */
#ifndef DRSIM_RENDER_H
#define DRSIM_RENDER_H

#include <stdio.h>

#include "reports/render/report.h"
#include "sim/core/err.h"

typedef enum render_format {
    RENDER_HTML = 0,
    RENDER_MD,
    RENDER_JSON,
    RENDER_CSV,
    RENDER_NFORMATS
} render_format;

/* The format named "html", "md" (or "markdown"), "json", "csv"; -1 if none. */
int render_format_find(const char *name);

/* Writes document d in format f to out: ERR_OK, ERR_NOMEM, the store's
 * error, or ERR_IO when the output stream failed; the message is in *e. */
err_code render_doc(const rpt_doc *d, render_format f, FILE *out, err_msg *e);

#endif
