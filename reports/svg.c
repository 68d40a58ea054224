/*
 * svg.c — distributions and timelines as inline SVG (see svg.h).
 *
 * Geometry is in user units of a fixed viewBox (880 wide); the page scales
 * the <svg> to its column. Coordinates are printed with one decimal, so a
 * chart's text does not depend on the platform's float formatting beyond
 * that. Fonts come from the page (the system font stack).
 */
#include "svg.h"

#include <math.h>
#include <string.h>

#include "fmt.h"
#include "xml.h"

#define W 880.0

/* ---- Time axes ---------------------------------------------------------------- */

static const double linear_steps[] = {
    0.001, 0.002, 0.005, 0.01,   0.02,    0.05,    0.1,     0.2,     0.5,      1,
    2,     5,     10,    15,     30,      60,      120,     300,     600,      900,
    1800,  3600,  7200,  10800,  21600,   43200,   86400,   172800,  345600,   604800,
    1209600, 2592000, 7776000, 15552000, 31536000};
#define NLINEAR (sizeof linear_steps / sizeof linear_steps[0])

static const double log_steps[] = {0.001, 0.01, 0.1,   1,      10,      60,      600,
                                   3600,  21600, 86400, 604800, 2592000, 31536000};
#define NLOG (sizeof log_steps / sizeof log_steps[0])

/* The smallest linear step that cuts [lo, hi] into at most `parts` parts. */
static double linear_step(double lo, double hi, size_t parts)
{
    for (size_t i = 0; i < NLINEAR; i++)
        if ((hi - lo) / linear_steps[i] <= (double)parts + 1e-9)
            return linear_steps[i];
    return (hi - lo) / (double)parts;
}

size_t svg_time_ticks(double lo, double hi, bool log_axis, double *ticks, size_t max)
{
    size_t n = 0;
    if (!(hi > lo) || max == 0)
        return 0;
    if (log_axis) {
        size_t first = NLOG, last = 0;
        for (size_t i = 0; i < NLOG; i++)
            if (log_steps[i] >= lo * (1 - 1e-9) && log_steps[i] <= hi * (1 + 1e-9)) {
                if (first == NLOG)
                    first = i;
                last = i;
            }
        if (first == NLOG)
            return 0;
        size_t every = (last - first) / max + 1;
        for (size_t i = first; i <= last && n < max; i += every)
            ticks[n++] = log_steps[i];
        return n;
    }
    double step = linear_step(lo, hi, max > 1 ? max - 1 : 1);
    for (double t = ceil(lo / step - 1e-9) * step; t <= hi * (1 + 1e-9) && n < max; t += step)
        ticks[n++] = fabs(t) < step * 1e-9 ? 0 : t;
    return n;
}

static void tick_label(double t, char *buf, size_t size)
{
    fmt_duration(t, buf, size);
}

/* ---- Shared bits ---------------------------------------------------------------- */

static void title(FILE *out, const char *tooltip)
{
    if (tooltip == NULL || *tooltip == '\0')
        return;
    fputs("<title>", out);
    xml_text(out, tooltip);
    fputs("</title>", out);
}

static void stroke_dash(FILE *out, const char *dash)
{
    if (dash != NULL && *dash) {
        fputs(" stroke-dasharray=\"", out);
        xml_attr(out, dash);
        fputc('"', out);
    }
}

/* Opens a chart's <svg> element, W wide and h high, with its title. */
static void open_svg(FILE *out, const char *cls, const char *id, double h, const char *caption)
{
    fprintf(out,
            "<svg class=\"%s\" id=\"%s\" role=\"img\" aria-labelledby=\"%s-t\" "
            "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n",
            cls, id, id, W, h, W, h);
    fprintf(out, "<title id=\"%s-t\">", id);
    xml_text(out, caption);
    fputs("</title>\n", out);
}

void svg_swatch(FILE *out, svg_style s)
{
    fputs("<svg class=\"swatch\" width=\"28\" height=\"10\" viewBox=\"0 0 28 10\" "
          "aria-hidden=\"true\"><line x1=\"1\" y1=\"5\" x2=\"27\" y2=\"5\" stroke=\"",
          out);
    xml_attr(out, s.color);
    fputs("\" stroke-width=\"3\"", out);
    stroke_dash(out, s.dash);
    fputs("/></svg>", out);
}

/* ---- Distributions ---------------------------------------------------------------- */

typedef struct scale {
    bool log;
    double lo, hi;       /* data range shown */
    double x0, x1;       /* pixels */
    double y0, y1;       /* top, bottom pixels */
} scale;

static double px(const scale *s, double x)
{
    double f;
    if (s->log)
        f = x <= s->lo ? 0 : (log(x) - log(s->lo)) / (log(s->hi) - log(s->lo));
    else
        f = (x - s->lo) / (s->hi - s->lo);
    if (f < 0)
        f = 0;
    if (f > 1)
        f = 1;
    return s->x0 + f * (s->x1 - s->x0);
}

static double py(const scale *s, double p)
{
    return s->y1 - p * (s->y1 - s->y0);
}

/* Chooses the x range and scale from every finite value and target. */
static void choose_scale(const svg_cdf_chart *c, scale *s)
{
    double max = 0, minpos = INFINITY;
    bool below = false;
    for (size_t i = 0; i < c->nseries; i++) {
        const rpt_cdf *cdf = c->series[i].cdf;
        for (size_t k = 0; k < cdf->n; k++) {
            double x = cdf->pts[k].x;
            if (x > max)
                max = x;
            if (x > 0 && x < minpos)
                minpos = x;
            if (x <= 0)
                below = true;
        }
    }
    for (size_t t = 0; t < c->ntargets; t++) {
        if (c->targets[t].x > max)
            max = c->targets[t].x;
        if (c->targets[t].x > 0 && c->targets[t].x < minpos)
            minpos = c->targets[t].x;
    }
    (void)below;
    s->log = isfinite(minpos) && max / minpos > 100;
    if (s->log) {
        s->lo = log_steps[0];
        for (size_t i = 0; i < NLOG; i++)
            if (log_steps[i] <= minpos)
                s->lo = log_steps[i];
        s->hi = log_steps[NLOG - 1];
        for (size_t i = NLOG; i-- > 0;)
            if (log_steps[i] >= max)
                s->hi = log_steps[i];
        if (s->hi <= s->lo)
            s->hi = s->lo * 10;
    } else {
        s->lo = 0;
        if (max <= 0)
            max = 1;
        double step = linear_step(0, max, 6);
        s->hi = ceil(max / step - 1e-9) * step;
    }
}

static void cdf_path(FILE *out, const scale *s, const svg_series *se)
{
    const rpt_cdf *c = se->cdf;
    if (c->n == 0) {
        /* Every trial lost or never: a flat line at 0. */
        fprintf(out, "<path d=\"M%.1f %.1fH%.1f\"", s->x0, py(s, 0), s->x1);
    } else {
        fprintf(out, "<path d=\"M%.1f %.1fV%.1f", px(s, c->pts[0].x), py(s, 0),
                py(s, c->pts[0].p));
        for (size_t k = 1; k < c->n; k++) {
            double x = px(s, c->pts[k].x), y = py(s, c->pts[k].p);
            if (c->exact)
                fprintf(out, "H%.1fV%.1f", x, y);
            else
                fprintf(out, "L%.1f %.1f", x, y);
        }
        fprintf(out, "H%.1f\"", s->x1);
    }
    fputs(" fill=\"none\" stroke=\"", out);
    xml_attr(out, se->style.color);
    fputs("\" stroke-width=\"2.25\" stroke-linejoin=\"round\"", out);
    stroke_dash(out, se->style.dash);
    fputs(">", out);
    title(out, se->tooltip ? se->tooltip : se->label);
    fputs("</path>\n", out);
}

void svg_cdf(FILE *out, const svg_cdf_chart *c, bool *log_axis)
{
    scale s;
    choose_scale(c, &s);
    if (log_axis != NULL)
        *log_axis = s.log;
    /* The legend takes what its longest label needs (about 7 units a
     * character at its size); the plot the rest. */
    size_t longest = 6;
    for (size_t i = 0; i < c->nseries; i++) {
        size_t len = strlen(c->series[i].label);
        if (len > longest)
            longest = len;
    }
    double legend_w = 34 + 7.0 * (double)(longest > 48 ? 48 : longest) + 16;
    s.x0 = 64;
    s.x1 = W - legend_w - 20;
    if (s.x1 < 480)
        s.x1 = 480;
    s.y0 = 30;
    s.y1 = 320;
    double row = 20;
    double legend_h = 40 + row * (double)c->nseries;
    double h = legend_h > 370 ? legend_h : 370;

    open_svg(out, "chart", c->id, h, c->title);

    /* Grid and y axis: 0..100 % by 25, and a dotted guide at 95 %. */
    fputs("<g class=\"grid\">", out);
    for (int k = 0; k <= 4; k++) {
        double y = py(&s, k / 4.0);
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", s.x0, y, s.x1, y);
    }
    fprintf(out,
            "<line class=\"guide\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
            s.x0, py(&s, 0.95), s.x1, py(&s, 0.95));
    fputs("</g>\n<g class=\"tick\">", out);
    for (int k = 0; k <= 4; k++)
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>", s.x0 - 8,
                py(&s, k / 4.0) + 4, k * 25);
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" class=\"guide-label\">p95"
                 "</text>",
            s.x1 - 4, py(&s, 0.95) - 4);

    /* x axis ticks. */
    double ticks[16];
    size_t nt = svg_time_ticks(s.lo, s.hi, s.log, ticks, 9);
    bool clamped = false;
    for (size_t i = 0; s.log && i < c->nseries; i++)
        clamped = clamped || (c->series[i].cdf->n > 0 && c->series[i].cdf->pts[0].x < s.lo);
    for (size_t i = 0; i < nt; i++) {
        char lab[FMT_MAX + 8], d[FMT_MAX];
        tick_label(ticks[i], d, sizeof d);
        snprintf(lab, sizeof lab, "%s%s", i == 0 && clamped ? "\xE2\x89\xA4" : "", d);
        double x = px(&s, ticks[i]);
        fprintf(out, "<line class=\"xt\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x,
                s.y0, x, s.y1 + 5);
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x, s.y1 + 20);
        xml_text(out, lab);
        fputs("</text>", out);
    }
    fputs("</g>\n", out);
    fprintf(out,
            "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
            "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
            s.x0, s.y1, s.x1, s.y1, s.x0, s.y0, s.x0, s.y1);
    fprintf(out, "<text class=\"axis-title\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
            (s.x0 + s.x1) / 2, s.y1 + 42);
    xml_text(out, c->axis);
    fputs(s.log ? " (log scale) \xE2\x86\x92 further left is better" : " \xE2\x86\x92 further left is better", out);
    fputs("</text>\n", out);
    fprintf(out,
            "<text class=\"axis-title\" transform=\"translate(16 %.1f) rotate(-90)\" "
            "text-anchor=\"middle\">share of trials at or below x</text>\n",
            (s.y0 + s.y1) / 2);

    /* Targets under the curves. */
    for (size_t t = 0; t < c->ntargets; t++) {
        const svg_target *tg = &c->targets[t];
        double x = px(&s, tg->x);
        fprintf(out,
                "<g class=\"target\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                x, s.y0 - 6, x, s.y1);
        if (!isnan(tg->p))
            fprintf(out, "<path d=\"M%.1f %.1fH%.1f\"/><circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\"/>",
                    x - 14, py(&s, tg->p), x, x, py(&s, tg->p));
        bool right = x > (s.x0 + s.x1) / 2;
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", right ? x - 4 : x + 4,
                s.y0 - 10 + 12.0 * (double)(t % 2), right ? "end" : "start");
        xml_text(out, tg->label);
        fputs("</text>", out);
        title(out, tg->label);
        fputs("</g>\n", out);
    }
    for (size_t i = 0; i < c->nseries; i++)
        cdf_path(out, &s, &c->series[i]);

    /* Legend. */
    double lx = s.x1 + 26, ly = s.y0 + 6;
    fprintf(out, "<g class=\"legend\">");
    for (size_t i = 0; i < c->nseries; i++) {
        const svg_series *se = &c->series[i];
        double y = ly + row * (double)i;
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"", lx, y,
                lx + 26, y);
        xml_attr(out, se->style.color);
        fputs("\" stroke-width=\"3\"", out);
        stroke_dash(out, se->style.dash);
        fprintf(out, "/><text x=\"%.1f\" y=\"%.1f\">", lx + 34, y + 4);
        xml_text(out, se->label);
        fputs("</text>", out);
    }
    if (c->ntargets > 0) {
        double y = ly + row * (double)c->nseries + 4;
        fprintf(out,
                "<g class=\"target\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                "</g><text x=\"%.1f\" y=\"%.1f\">target</text>",
                lx + 13, y - 7, lx + 13, y + 7, lx + 34, y + 4);
    }
    fputs("</g>\n</svg>\n", out);
}

/* ---- Timelines ------------------------------------------------------------------------ */

typedef struct gscale {
    double t0, t1, x0, x1;
} gscale;

static double gx(const gscale *s, double t)
{
    if (t < s->t0)
        t = s->t0;
    if (t > s->t1)
        t = s->t1;
    return s->x0 + (t - s->t0) / (s->t1 - s->t0) * (s->x1 - s->x0);
}

static void bar(FILE *out, const svg_gantt_chart *g, const gscale *s, const svg_bar *b,
                double yc)
{
    if (b->t1 < s->t0 || b->t0 > s->t1)
        return;
    double xa = gx(s, b->t0), xb = gx(s, b->t1);
    double w = xb - xa < 2 ? 2 : xb - xa;
    bool cut = b->open_end || b->t1 > s->t1;
    double bh = b->kind == SVG_BAR_DOWN || b->kind == SVG_BAR_OUTAGE ? 16 : 12;
    fprintf(out, "<g><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"2\"", xa,
            yc - bh / 2, w, bh);
    const char *color = g->style.color;
    switch (b->kind) {
    case SVG_BAR_OUTAGE:
        fprintf(out, " fill=\"url(#%s-hatch)\" stroke=\"#6b6b6b\"", g->id);
        break;
    case SVG_BAR_DOWN:
        fputs(" fill=\"", out);
        xml_attr(out, color);
        fputs("\" fill-opacity=\"0.18\" stroke=\"", out);
        xml_attr(out, color);
        fputc('"', out);
        break;
    case SVG_BAR_WAIT:
        fputs(" fill=\"#d6d6d6\" stroke=\"#9a9a9a\"", out);
        break;
    case SVG_BAR_WORK:
    case SVG_BAR_AFTER:
        fputs(" fill=\"", out);
        xml_attr(out, color);
        fprintf(out, "\"%s", b->kind == SVG_BAR_AFTER ? " fill-opacity=\"0.45\"" : "");
        break;
    }
    fputs("/>", out);
    if (cut)
        fprintf(out, "<path d=\"M%.1f %.1fl7 %.1fl-7 %.1fz\" fill=\"#444\"/>", xa + w + 1,
                yc - 5, 5.0, 5.0);
    /* The duration inside the bar when it fits. */
    char d[FMT_MAX];
    fmt_duration(b->t1 - b->t0, d, sizeof d);
    if (!b->open_end && w >= 8.0 * (double)strlen(d) + 10) {
        fprintf(out, "<text class=\"bar-label%s\" x=\"%.1f\" y=\"%.1f\" "
                     "text-anchor=\"middle\">%s</text>",
                b->kind == SVG_BAR_WORK ? " on-color" : "", xa + w / 2, yc + 4, d);
    }
    title(out, b->tooltip);
    fputs("</g>", out);
}

void svg_gantt(FILE *out, const svg_gantt_chart *g)
{
    const double row = 24, top = 10, axis = 40;
    gscale s = {g->t0, g->t1 > g->t0 ? g->t1 : g->t0 + 1, 210, W - 20};
    double h = top + row * (double)g->nlanes + axis;
    open_svg(out, "gantt", g->id, h, g->title);
    fprintf(out,
            "<defs><pattern id=\"%s-hatch\" width=\"6\" height=\"6\" "
            "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
            "<rect width=\"6\" height=\"6\" fill=\"#ececec\"/>"
            "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#8a8a8a\" stroke-width=\"2.5\"/>"
            "</pattern></defs>\n",
            g->id);
    /* Lane stripes and names. */
    for (size_t i = 0; i < g->nlanes; i++) {
        double y = top + row * (double)i;
        if (i % 2 == 0)
            fprintf(out, "<rect class=\"lane\" x=\"0\" y=\"%.1f\" width=\"%.0f\" height=\"%.0f\"/>",
                    y, W, row);
        fprintf(out, "<text class=\"lane-name\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
                s.x0 - 10, y + row / 2 + 4);
        xml_text(out, g->lanes[i].name);
        fputs("</text>\n", out);
    }
    /* Time axis: ticks from the origin. */
    double ticks[16];
    size_t nt = svg_time_ticks(s.t0 > 0 ? s.t0 : 0, s.t1, false, ticks, 8);
    double ybot = top + row * (double)g->nlanes;
    fputs("<g class=\"grid\">", out);
    for (size_t i = 0; i < nt; i++)
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", gx(&s, ticks[i]),
                top, gx(&s, ticks[i]), ybot + 5);
    fputs("</g><g class=\"tick\">", out);
    for (size_t i = 0; i < nt; i++) {
        char d[FMT_MAX];
        tick_label(ticks[i], d, sizeof d);
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s%s</text>",
                gx(&s, ticks[i]), ybot + 20, ticks[i] > 0 ? "+" : "", d);
    }
    fputs("</g>\n", out);
    fprintf(out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", s.x0,
            ybot, s.x1, ybot);
    fprintf(out,
            "<line class=\"origin\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
            gx(&s, 0), top - 4, gx(&s, 0), ybot);
    /* Bars, then milestones on top. */
    for (size_t i = 0; i < g->nlanes; i++) {
        const svg_lane *l = &g->lanes[i];
        double yc = top + row * (double)i + row / 2;
        for (size_t b = 0; b < l->nbars; b++)
            bar(out, g, &s, &l->bars[b], yc);
        for (size_t m = 0; m < l->nmarks; m++) {
            const svg_milestone *ms = &l->marks[m];
            if (ms->t < s.t0 || ms->t > s.t1)
                continue;
            double x = gx(&s, ms->t);
            fprintf(out,
                    "<g><path class=\"milestone\" d=\"M%.1f %.1fl6 6l-6 6l-6 -6z\"/>",
                    x, yc - 6);
            title(out, ms->tooltip);
            fputs("</g>", out);
        }
        fputc('\n', out);
    }
    fputs("</svg>\n", out);
}
