/*
 * svg.h — the HTML report's charts as inline SVG: distributions (empirical
 * CDFs, one line per series) and timelines (Gantt charts of lanes of bars
 * and milestones), on time axes in human units.
 *
 * Charts are drawn from aggregated data only — a CDF is at most RPT_CDF_MAX
 * points per series, a timeline one bar per span — so they stay light and
 * legible whatever the number of trials. Every text is escaped (xml.h).
 * Each chart is one <svg> element with width, height and viewBox set, a
 * <title> for assistive technology, and ids prefixed with the chart's id (so
 * several charts live in one page). No scripts, no external references.
 *
 * Nothing allocates; errors surface as the stream's error (ferror).
 */
#ifndef DRSIM_SVG_H
#define DRSIM_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "reports/render/report.h"

/* How a series is drawn: a colour ("#0072B2") and a dash pattern ("" for a
 * solid line, else an SVG stroke-dasharray such as "6 3"). */
typedef struct svg_style {
    const char *color;
    const char *dash;
} svg_style;

/* Ticks for a time axis over [lo, hi] seconds, at "nice" durations (1s, 5m,
 * 1h, 6h, 1d, ...) read in human units; on a log axis powers-ish (1s, 10s,
 * 1m, 10m, 1h, 6h, 1d, 7d). Writes at most max ticks into ticks[] and
 * returns how many. */
size_t svg_time_ticks(double lo, double hi, bool log_axis, double *ticks, size_t max);

typedef struct svg_series {
    const char *label;
    svg_style style;
    const rpt_cdf *cdf;
    const char *tooltip; /* shown on hover (e.g. the percentiles); may be NULL */
} svg_series;

/* The font size of a target's label, in user units (the page's CSS gives
 * ".target text" the same size). */
#define SVG_TARGET_FONT 11.5

/* An estimate of the width text takes at a font size, in user units: 0.6 em
 * a character (code point). The widest font the page asks for, DejaVu Sans,
 * averages about 0.55 em on labels such as "asr p95 ≤ 2h 15m", so text laid
 * out by this estimate does not run into its neighbour. */
double svg_text_width(const char *s, double font_size);

/* A target drawn on a distribution: a vertical line at x, and when p is not
 * NAN a marker at (x, p) — "p of the trials must be at or left of here" —
 * labelled "who rule": "asr p95 ≤ 2h". */
typedef struct svg_target {
    double x;
    double p;
    const char *who;  /* "asr p95" */
    const char *rule; /* "≤ 2h" */
} svg_target;

/* At most this many targets are drawn on one chart (the first ones). */
#define SVG_MAX_TARGETS 32

typedef struct svg_cdf_chart {
    const char *id;          /* unique in the page: "cdf-rpo" */
    const char *title;       /* "RPO: distribution over trials" */
    const char *axis;        /* "RPO" (the x axis reads "RPO (log scale)") */
    const svg_series *series;
    size_t nseries;
    const svg_target *targets;
    size_t ntargets;
    double level;            /* > 0: each curve in its confidence band at this
                                level (Dvoretzky-Kiefer-Wolfowitz: the true CDF
                                lies within +/- sqrt(ln(2 / (1 - level)) / 2n)
                                of the empirical one everywhere, with
                                probability at least `level`); 0: no band */
} svg_cdf_chart;

/* Draws the empirical CDFs of the series on one chart. The x axis spans
 * every finite value and target (log scale when they span more than two
 * orders of magnitude; zero then sits at the left edge); a curve whose
 * trials include infinite values (lost, never) ends in a plateau below 100%.
 * Writes the chart's scale into *log_axis when it is not NULL.
 *
 * Targets at the same x share one label: "geo-restore p50, asr p99 ≤ 15m"
 * (different rules there are joined by "; "). Labels sit in rows above the
 * plot, next to their line, as many rows as they need for no two of them to
 * overlap (by svg_text_width) and, where that can be done, for no target's
 * line to cross another's label; the chart grows taller by the rows it adds.
 * The layout depends on the chart's data alone. */
void svg_cdf(FILE *out, const svg_cdf_chart *c, bool *log_axis);

/* A timeline's bars, by what they show. */
typedef enum svg_bar_kind {
    SVG_BAR_OUTAGE = 0, /* the outage itself: hatched grey */
    SVG_BAR_DOWN,       /* the application down: a pale band of the series colour */
    SVG_BAR_WAIT,       /* detection and decision: light grey */
    SVG_BAR_WORK,       /* failover, recovery plan, groups: the series colour */
    SVG_BAR_AFTER       /* re-sync, re-protect, failback: the series colour, light */
} svg_bar_kind;

typedef struct svg_bar {
    double t0, t1;       /* seconds from the timeline's origin */
    svg_bar_kind kind;
    bool open_end;       /* did not end within the trial: drawn with an arrow */
    const char *tooltip; /* may be NULL */
} svg_bar;

typedef struct svg_milestone {
    double t;
    const char *tooltip; /* may be NULL */
} svg_milestone;

#define SVG_LANE_BARS 8
#define SVG_LANE_MARKS 16

typedef struct svg_lane {
    char name[96];
    svg_bar bars[SVG_LANE_BARS];
    size_t nbars;
    svg_milestone marks[SVG_LANE_MARKS];
    size_t nmarks;
} svg_lane;

typedef struct svg_gantt_chart {
    const char *id;
    const char *title;
    svg_style style;      /* the series' colour */
    double t0, t1;        /* the window shown, seconds from the origin */
    const svg_lane *lanes;
    size_t nlanes;
} svg_gantt_chart;

/* Draws the lanes over a time axis labelled from the origin ("0", "+30m",
 * "+1h"); bars and milestones outside the window are clipped to its edges,
 * a bar that goes on past the right edge ends in an arrow. */
void svg_gantt(FILE *out, const svg_gantt_chart *g);

/* A small line sample of a style (legends, table rows): an inline <svg>. */
void svg_swatch(FILE *out, svg_style s);

/* One variant of a cost frontier: its running cost, its figure with an
 * interval (NAN: none; an infinite figure is drawn at the top edge). */
typedef struct svg_point {
    const char *label;
    svg_style style;
    double cost, figure, lo, hi;
    bool frontier;
} svg_point;

typedef struct svg_frontier_chart {
    const char *id;
    const char *title;
    const char *x_label;   /* "USD a month" */
    const char *y_label;   /* "RTO p95" */
    bool y_time;           /* the figure is a duration (time ticks) */
    const svg_point *points;
    size_t npoints;        /* cost ascending */
} svg_frontier_chart;

/* Running cost (x, from 0) against the figure (y, from 0): each variant a
 * dot with its interval as a bar, filled on the frontier and hollow when
 * dominated, the frontier joined by a step line (a better figure costs
 * more), each dot labelled. */
void svg_frontier(FILE *out, const svg_frontier_chart *c);

#endif
