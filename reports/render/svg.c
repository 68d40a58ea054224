/*
 * svg.c — distributions and timelines as inline SVG (see svg.h).
 *
 * Geometry is in user units of a fixed viewBox (880 wide); the page scales
 * the <svg> to its column. Coordinates are printed with one decimal, so a
 * chart's text does not depend on the platform's float formatting beyond
 * that. Fonts come from the page (the system font stack).
 */
#include "reports/render/svg.h"

#include <math.h>
#include <string.h>

#include "reports/text/fmt.h"
#include "sim/core/xml.h"
#include "sim/core/utf8.h"

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

/* ---- Text ------------------------------------------------------------------------ */

#define EM_PER_CHAR 0.6
#define LEGEND_FONT 12.5 /* the page's CSS: .legend text */

double svg_text_width(const char *s, double font_size)
{
    return EM_PER_CHAR * font_size * (double)utf8_count(s, strlen(s));
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
    double max = 0, minpos = HUGE_VAL;
    for (size_t i = 0; i < c->nseries; i++) {
        const rpt_cdf *cdf = c->series[i].cdf;
        for (size_t k = 0; k < cdf->n; k++) {
            double x = cdf->pts[k].x;
            if (x > max)
                max = x;
            if (x > 0 && x < minpos)
                minpos = x;
        }
    }
    for (size_t t = 0; t < c->ntargets; t++) {
        if (c->targets[t].x > max)
            max = c->targets[t].x;
        if (c->targets[t].x > 0 && c->targets[t].x < minpos)
            minpos = c->targets[t].x;
    }
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

/* The DKW band's half-width for n trials at `level`. */
static double dkw_epsilon(uint64_t n, double level)
{
    return n ? sqrt(log(2 / (1 - level)) / (2 * (double)n)) : 1;
}

/* One edge of a band: the curve shifted by `shift`, clamped to [0, 1]; from
 * left to right when `forward`, else back (the polygon's other side). */
static void band_edge(FILE *out, const scale *s, const rpt_cdf *c, double shift, bool forward)
{
    double top = 1 - c->worst_share;
    for (size_t j = 0; j < c->n; j++) {
        size_t k = forward ? j : c->n - 1 - j;
        double p = fmin(1, fmax(0, c->pts[k].p + shift));
        double prev = k == 0 ? 0 : c->pts[k - 1].p;
        prev = fmin(1, fmax(0, prev + shift));
        double x = px(s, c->pts[k].x);
        if (forward)
            fprintf(out, "L%.1f %.1fL%.1f %.1f", x, py(s, c->exact ? prev : p), x, py(s, p));
        else
            fprintf(out, "L%.1f %.1fL%.1f %.1f", x, py(s, p), x, py(s, c->exact ? prev : p));
    }
    (void)top;
}

static void cdf_band(FILE *out, const scale *s, const svg_series *se, double level)
{
    const rpt_cdf *c = se->cdf;
    if (c->n == 0 || level <= 0)
        return;
    double eps = dkw_epsilon((uint64_t)llround(c->n_eff), level);
    double last = fmin(1, c->pts[c->n - 1].p + eps);
    fprintf(out, "<path class=\"band\" d=\"M%.1f %.1f", px(s, c->pts[0].x),
            py(s, fmin(1, eps)));
    band_edge(out, s, c, eps, true);
    fprintf(out, "L%.1f %.1fL%.1f %.1f", s->x1, py(s, last), s->x1,
            py(s, fmax(0, c->pts[c->n - 1].p - eps)));
    band_edge(out, s, c, -eps, false);
    fputs("Z\" fill=\"", out);
    xml_attr(out, se->style.color);
    fputs("\" fill-opacity=\"0.12\" stroke=\"none\"><title>", out);
    fprintf(out, "%.4g%% band (Dvoretzky-Kiefer-Wolfowitz: \xC2\xB1%.1f%% of the trials)",
            100 * level, 100 * eps);
    fputs("</title></path>\n", out);
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

/* ---- Target labels ------------------------------------------------------------------ */

#define LABEL_ROW 14.0 /* from one row of labels to the next */
#define LABEL_GAP 10.0 /* at least between two labels of a row */
#define LABEL_PAD 3.0  /* a label this close to a line covers it (less than the
                          4 between a label and its own line) */

static const char *str(const char *s)
{
    return s != NULL ? s : "";
}

/* Whether a target in [first, i) is at target i's x with its rule (and,
 * when `who` is set, its who): i is then told already. */
static bool seen_before(const svg_cdf_chart *c, size_t first, size_t i, bool who)
{
    const svg_target *a = &c->targets[i];
    for (size_t k = first; k < i; k++) {
        const svg_target *b = &c->targets[k];
        if (b->x == a->x && strcmp(str(b->rule), str(a->rule)) == 0 &&
            (!who || strcmp(str(b->who), str(a->who)) == 0))
            return true;
    }
    return false;
}

/* The label of the targets at the x of target `first` (the first there), in
 * pieces given to put: per rule, in order, "who, who rule"; rules joined by
 * "; ". */
typedef void (*put_fn)(void *ctx, const char *s);

static void target_label(const svg_cdf_chart *c, size_t first, put_fn put, void *ctx)
{
    double x = c->targets[first].x;
    bool any = false;
    for (size_t i = first; i < c->ntargets; i++) {
        const svg_target *a = &c->targets[i];
        if (a->x != x || seen_before(c, first, i, false))
            continue;
        if (any)
            put(ctx, "; ");
        bool who = false;
        for (size_t j = i; j < c->ntargets; j++) {
            const svg_target *b = &c->targets[j];
            if (b->x != x || strcmp(str(b->rule), str(a->rule)) != 0 || *str(b->who) == '\0' ||
                seen_before(c, i, j, true))
                continue;
            if (who)
                put(ctx, ", ");
            put(ctx, b->who);
            who = true;
        }
        if (who)
            put(ctx, " ");
        put(ctx, str(a->rule));
        any = true;
    }
}

static void put_xml(void *ctx, const char *s)
{
    xml_text((FILE *)ctx, s);
}

static void put_count(void *ctx, const char *s)
{
    *(size_t *)ctx += utf8_count(s, strlen(s));
}

/* One label: the targets at one x. */
typedef struct tlabel {
    size_t first; /* the first target at its x */
    double x;     /* its line, in pixels */
    double l, r;  /* the box the label takes, horizontally */
    bool end;     /* anchored at its end: left of the line */
    int row;      /* 0 is nearest the plot; -1 until placed */
} tlabel;

static bool covers(const tlabel *a, double x)
{
    return x >= a->l - LABEL_PAD && x <= a->r + LABEL_PAD;
}

/* Whether label i fits in row `row` among the labels placed: it overlaps
 * none of that row, covers no line that reaches the row (labels in this row
 * or above), and — when `strict` — its own line, which runs from the row
 * down to the plot, crosses no label in this row or below. */
static bool fits(const tlabel *lb, size_t n, size_t i, int row, bool strict)
{
    const tlabel *a = &lb[i];
    for (size_t j = 0; j < n; j++) {
        const tlabel *b = &lb[j];
        if (j == i || b->row < 0)
            continue;
        if (b->row == row && a->l < b->r + LABEL_GAP && b->l < a->r + LABEL_GAP)
            return false;
        if (b->row >= row && covers(a, b->x))
            return false;
        if (strict && b->row <= row && covers(b, a->x))
            return false;
    }
    return true;
}

/* Lays out the labels of the targets (lb[] gets one per distinct x, in the
 * order of their first target); returns how many, and the rows they take
 * into *rows. Each label goes on the side of its line towards the middle of
 * the plot unless it would cover another line there and the other side
 * would not, or it would leave the chart. Then, the labels that cover the
 * fewest lines of labels not yet placed first (ties: left to right), each
 * takes the lowest row where it fits; if none fits strictly, the lowest row
 * where it overlaps no label and covers no line reaching it. */
static size_t layout_labels(const svg_cdf_chart *c, const scale *s, tlabel *lb, int *rows)
{
    size_t n = 0;
    for (size_t t = 0; t < c->ntargets; t++) {
        bool seen = false;
        for (size_t k = 0; k < n && !seen; k++)
            seen = c->targets[lb[k].first].x == c->targets[t].x;
        if (!seen)
            lb[n++] = (tlabel){.first = t, .x = px(s, c->targets[t].x), .row = -1};
    }
    for (size_t i = 0; i < n; i++) {
        tlabel *a = &lb[i];
        size_t chars = 0;
        target_label(c, a->first, put_count, &chars);
        double w = EM_PER_CHAR * SVG_TARGET_FONT * (double)chars;
        bool pref_end = a->x > (s->x0 + s->x1) / 2;
        bool inside[2], clear[2]; /* [0]: after the line (start), [1]: before it (end) */
        for (int side = 0; side < 2; side++) {
            tlabel b = *a;
            b.l = side ? a->x - 4 - w : a->x + 4;
            b.r = b.l + w;
            inside[side] = b.l >= 0 && b.r <= W;
            clear[side] = inside[side];
            for (size_t j = 0; j < n && clear[side]; j++)
                clear[side] = j == i || !covers(&b, lb[j].x);
        }
        int pref = pref_end ? 1 : 0, other = 1 - pref;
        a->end = clear[pref]    ? pref_end
                 : clear[other] ? !pref_end
                 : inside[pref] ? pref_end
                 : inside[other] ? !pref_end
                                 : pref_end;
        a->l = a->end ? a->x - 4 - w : a->x + 4;
        a->r = a->l + w;
        /* Wider than either side allows: kept inside the chart. */
        if (a->r > W) {
            a->l -= a->r - W;
            a->r = W;
        }
        if (a->l < 0) {
            a->r -= a->l;
            a->l = 0;
        }
    }
    int top = -1;
    for (size_t placed = 0; placed < n; placed++) {
        size_t pick = n, pick_deps = 0;
        for (size_t i = 0; i < n; i++) {
            if (lb[i].row >= 0)
                continue;
            size_t deps = 0;
            for (size_t j = 0; j < n; j++)
                deps += j != i && lb[j].row < 0 && covers(&lb[i], lb[j].x);
            if (pick == n || deps < pick_deps || (deps == pick_deps && lb[i].x < lb[pick].x)) {
                pick = i;
                pick_deps = deps;
            }
        }
        int row = -1;
        for (int r = 0; r <= top + 1 && row < 0; r++)
            if (fits(lb, n, pick, r, true))
                row = r;
        for (int r = 0; row < 0; r++)
            if (fits(lb, n, pick, r, false))
                row = r;
        lb[pick].row = row;
        if (row > top)
            top = row;
    }
    *rows = top + 1;
    return n;
}

void svg_cdf(FILE *out, const svg_cdf_chart *chart, bool *log_axis)
{
    svg_cdf_chart capped = *chart;
    if (capped.ntargets > SVG_MAX_TARGETS)
        capped.ntargets = SVG_MAX_TARGETS;
    const svg_cdf_chart *c = &capped;
    scale s;
    choose_scale(c, &s);
    if (log_axis != NULL)
        *log_axis = s.log;
    /* The legend takes what its longest label needs (svg_text_width's
     * estimate, up to 48 characters); the plot the rest. */
    size_t longest = 6;
    for (size_t i = 0; i < c->nseries; i++) {
        size_t len = utf8_count(c->series[i].label, strlen(c->series[i].label));
        if (len > longest)
            longest = len;
    }
    double legend_w =
        34 + EM_PER_CHAR * LEGEND_FONT * (double)(longest > 48 ? 48 : longest) + 16;
    s.x0 = 64;
    s.x1 = W - legend_w - 20;
    if (s.x1 < 480)
        s.x1 = 480;
    /* The targets' labels above the plot: the first row fits in the top
     * margin, each other row makes it taller. */
    tlabel labels[SVG_MAX_TARGETS];
    int rows = 0;
    size_t nlabels = layout_labels(c, &s, labels, &rows);
    double extra = rows > 1 ? LABEL_ROW * (rows - 1) : 0;
    s.y0 = 30 + extra;
    s.y1 = 320 + extra;
    double row = 20;
    double legend_h = 40 + row * (double)c->nseries;
    double h = (legend_h > 370 ? legend_h : 370) + extra;

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
    fputs(s.log ? " (log scale) \xE2\x86\x92 further left is better"
                : " \xE2\x86\x92 further left is better",
          out);
    fputs("</text>\n", out);
    fprintf(out,
            "<text class=\"axis-title\" transform=\"translate(16 %.1f) rotate(-90)\" "
            "text-anchor=\"middle\">share of trials at or below x</text>\n",
            (s.y0 + s.y1) / 2);

    /* Targets under the curves: each line from its label's row down, its
     * markers; then the labels, over any line. */
    for (size_t k = 0; k < nlabels; k++) {
        const tlabel *lb = &labels[k];
        double x = lb->x, baseline = s.y0 - 10 - LABEL_ROW * lb->row;
        fprintf(out,
                "<g class=\"target\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                x, baseline + 4, x, s.y1);
        for (size_t t = lb->first; t < c->ntargets; t++) {
            const svg_target *tg = &c->targets[t];
            if (tg->x != c->targets[lb->first].x || isnan(tg->p))
                continue;
            fprintf(out, "<path d=\"M%.1f %.1fH%.1f\"/><circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\"/>",
                    x - 14, py(&s, tg->p), x, x, py(&s, tg->p));
        }
        fputs("<title>", out);
        target_label(c, lb->first, put_xml, out);
        fputs("</title></g>\n", out);
    }
    for (size_t k = 0; k < nlabels; k++) {
        const tlabel *lb = &labels[k];
        fprintf(out, "<g class=\"target\"><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">",
                lb->end ? lb->r : lb->l, s.y0 - 10 - LABEL_ROW * lb->row,
                lb->end ? "end" : "start");
        target_label(c, lb->first, put_xml, out);
        fputs("</text></g>\n", out);
    }
    for (size_t i = 0; i < c->nseries; i++)
        cdf_band(out, &s, &c->series[i], c->level);
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

/* ---- Cost frontier ---------------------------------------------------------------- */

static void axis_label(double v, bool time, char *buf, size_t size)
{
    if (time)
        tick_label(v, buf, size);
    else
        snprintf(buf, size, "%.4g", v);
}

void svg_frontier(FILE *out, const svg_frontier_chart *c)
{
    double xmax = 0, ymax = 0;
    for (size_t i = 0; i < c->npoints; i++) {
        const svg_point *p = &c->points[i];
        xmax = p->cost > xmax ? p->cost : xmax;
        double top = isfinite(p->hi) ? p->hi : p->figure;
        if (isfinite(top) && top > ymax)
            ymax = top;
    }
    xmax = xmax > 0 ? xmax * 1.15 : 1;
    ymax = ymax > 0 ? ymax * 1.1 : 1;
    double xstep = linear_step(0, xmax, 6), ystep = linear_step(0, ymax, 5);
    xmax = ceil(xmax / xstep - 1e-9) * xstep;
    ymax = ceil(ymax / ystep - 1e-9) * ystep;
    const double x0 = 80, x1 = W - 40, y0 = 30, y1 = 330, h = 380;
#define FX(v) (x0 + (v) / xmax * (x1 - x0))
#define FY(v) (y1 - (isfinite(v) ? ((v) < ymax ? (v) : ymax) : ymax) / ymax * (y1 - y0))
    open_svg(out, "chart", c->id, h, c->title);
    char b[64];
    fputs("<g class=\"grid\">", out);
    long ny = lround(ymax / ystep), nx = lround(xmax / xstep);
    for (long k = 0; k <= ny; k++)
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x0,
                FY((double)k * ystep), x1, FY((double)k * ystep));
    fputs("</g>\n<g class=\"tick\">", out);
    for (long k = 0; k <= ny; k++) {
        double v = (double)k * ystep;
        axis_label(v, c->y_time, b, sizeof b);
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", x0 - 8, FY(v) + 4);
        xml_text(out, b);
        fputs("</text>", out);
    }
    for (long k = 0; k <= nx; k++) {
        double v = (double)k * xstep;
        snprintf(b, sizeof b, "%.4g", v);
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", FX(v), y1 + 18);
        xml_text(out, b);
        fputs("</text>", out);
    }
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", (x0 + x1) / 2,
            y1 + 40);
    xml_text(out, c->x_label);
    fprintf(out, "</text><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"start\">", x0, y0 - 12);
    xml_text(out, c->y_label);
    fputs("</text></g>\n", out);
    /* The frontier: from each frontier point right to the next, then down
     * to it (the next costs more and does better). */
    bool first = true;
    fputs("<path class=\"frontier\" fill=\"none\" stroke=\"#555\" "
          "stroke-dasharray=\"4 3\" d=\"",
          out);
    for (size_t i = 0; i < c->npoints; i++) {
        const svg_point *p = &c->points[i];
        if (!p->frontier)
            continue;
        if (first)
            fprintf(out, "M%.1f %.1f", FX(p->cost), FY(p->figure));
        else
            fprintf(out, "H%.1fV%.1f", FX(p->cost), FY(p->figure));
        first = false;
    }
    fputs("\"/>\n", out);
    for (size_t i = 0; i < c->npoints; i++) {
        const svg_point *p = &c->points[i];
        double x = FX(p->cost), y = FY(p->figure);
        fputs("<g>", out);
        if (!isnan(p->lo) && !isnan(p->hi)) {
            fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"", x,
                    FY(p->lo), x, FY(p->hi));
            xml_attr(out, p->style.color);
            fputs("\" stroke-width=\"2\"/>", out);
        }
        fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" stroke=\"", x, y);
        xml_attr(out, p->style.color);
        fputs("\" stroke-width=\"2\" fill=\"", out);
        xml_attr(out, p->frontier ? p->style.color : "#fff");
        fputs("\"><title>", out);
        char f[64];
        axis_label(p->figure, c->y_time, f, sizeof f);
        xml_text(out, p->label);
        fprintf(out, ": %.2f ", p->cost);
        xml_text(out, c->x_label);
        fputs(", ", out);
        xml_text(out, c->y_label);
        fputs(" ", out);
        xml_text(out, isfinite(p->figure) ? f : "never");
        fputs(p->frontier ? " (on the frontier)" : " (dominated)", out);
        fprintf(out, "</title></circle><text x=\"%.1f\" y=\"%.1f\" class=\"tick\">", x + 9,
                y - 8);
        xml_text(out, p->label);
        fputs("</text></g>\n", out);
    }
#undef FX
#undef FY
    fputs("</svg>\n", out);
}
