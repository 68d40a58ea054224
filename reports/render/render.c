/*
 * render.c — format names and the renderer of each (see render.h): two
 * tables, indexed by render_format.
 */
#include "reports/render/render.h"

#include <string.h>

#include "reports/render/csv.h"
#include "reports/render/html.h"
#include "reports/render/json.h"
#include "reports/render/md.h"

typedef err_code (*render_fn)(const rpt_doc *d, FILE *out, err_msg *e);

static const render_fn renderers[RENDER_NFORMATS] = {
    [RENDER_HTML] = html_render,
    [RENDER_MD] = md_render,
    [RENDER_JSON] = json_render,
    [RENDER_CSV] = csv_render,
};

static const struct {
    const char *name;
    render_format f;
} names[] = {{"html", RENDER_HTML}, {"md", RENDER_MD},   {"markdown", RENDER_MD},
             {"json", RENDER_JSON}, {"csv", RENDER_CSV}};

int render_format_find(const char *name)
{
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i].name, name) == 0)
            return (int)names[i].f;
    return -1;
}

err_code render_doc(const rpt_doc *d, render_format f, FILE *out, err_msg *e)
{
    if ((unsigned)f >= RENDER_NFORMATS)
        return err_set(e, ERR_INTERNAL, "unknown report format %d", (int)f);
    return renderers[f](d, out, e);
}
