/*
 * report.h — what `drsim report` shows: a document gathered from the results
 * store, and the helpers its renderers share. The renderers sit above it —
 * HTML with inline SVG charts (html.c, svg.c), Markdown (md.c), JSON
 * (json.c), CSV (csv.c) — and render.c above them picks one by format; this
 * file calls none of them.
 *
 * A document holds the variants a report is about (items, in the order
 * asked for; one run or several side by side), the runs they belong to
 * (facts, scenario source, judged expectations), and everything computed
 * from the stored trials that more than one renderer shows: every metric's
 * aggregate (stats.h), the empirical distribution of RPO and RTO sampled at
 * RPT_CDF_MAX points at most, the trial counts per consistency, the share of
 * trials missing each distinct target, one traced trial's timeline per item,
 * and the headlines (who wins on each key metric, and by how much).
 *
 * Invariants: a document reads only the store (the CSV renderer reads the
 * trials again, through the items' stores); nothing in it depends on the
 * machine, the database's path or the time the report is made, so the same
 * runs give the same report byte for byte wherever the database is. Its size
 * does not grow with the number of trials (only the CSV streams them).
 *
 * Ownership: rpt_build returns a document the caller frees with rpt_free
 * (accepts NULL); it borrows the items' stores, which must stay open until
 * the document is freed.
 *
 * Errors: rpt_build returns ERR_OK, ERR_NOMEM or the store's error; the
 * message is in *e.
 */
#ifndef DRSIM_REPORT_H
#define DRSIM_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reports/store/store.h"
#include "reports/text/costview.h"
#include "reports/text/pareto.h"
#include "reports/text/view.h"
#include "sim/core/err.h"
#include "sim/core/stats.h"

/* Most points of a drawn distribution: curves stay light and legible from
 * one trial to a million. */
#define RPT_CDF_MAX 400

/* Most items in one report. */
#define RPT_MAX_ITEMS 64

/* The distributions drawn. */
enum { RPT_CDF_RPO = 0, RPT_CDF_RTO, RPT_NCDF };

typedef struct rpt_point {
    double x; /* a value of the metric (base unit) */
    double p; /* share of all trials whose value is <= x */
} rpt_point;

/* The empirical CDF of one metric over one item's trials. */
typedef struct rpt_cdf {
    oc_metric metric;
    rpt_point *pts;   /* x ascending, p non-decreasing; finite values only */
    size_t n;
    uint64_t trials;  /* trials counted: finite values plus n_worst */
    uint64_t n_worst; /* lost / never (+infinity) */
    double worst_share; /* their share: the curve ends at 1 - worst_share
                         (n_worst / trials; by weight for a stratified run) */
    double n_eff;     /* the trials the curve's band is drawn for: trials, or
                         Kish's effective number for a stratified run */
    bool exact;       /* one point per distinct value (draw as steps); else
                         RPT_CDF_MAX evenly spaced order statistics */
} rpt_cdf;

/* An event of a timeline: its kind from the catalogue (models/outcome.h;
 * OC_EV_UNKNOWN for a name it does not know), and its name as stored. */
typedef struct rpt_event {
    int64_t t_us;
    oc_event_kind kind;
    char *kind_name, *subject, *detail;
} rpt_event;

typedef struct rpt_timeline {
    bool traced;      /* false: the item has no traced trial */
    uint64_t trial;   /* the trial shown: the first traced one an outage
                         reached, else the first traced one */
    oc_trial outcome; /* what that trial measured (consistency NULL) */
    rpt_event *ev;
    size_t n;
} rpt_timeline;

/* Consistency of the recovered VMs, as stored per trial. */
enum { RPT_CONS_APP = 0, RPT_CONS_CRASH, RPT_CONS_NONE, RPT_CONS_NOT_RESTORED, RPT_NCONS };

typedef struct rpt_run {
    store *st;        /* where it lives (borrowed) */
    store_run r;
    char *source;     /* the scenario file as run (NUL-terminated) */
    size_t source_len;
    store_expectation *x;
    size_t nx;
    bool passed;      /* every expectation passed */
    size_t nstrata;   /* a stratified run's strata (its trials weighted); 0 */
} rpt_run;

/* A distinct per-trial target among the runs' expectations: `metric op
 * threshold` (the statistic aside: each trial's own value is judged). */
typedef struct rpt_target {
    oc_metric metric;
    char op[4];
    double threshold;
} rpt_target;

typedef struct rpt_item {
    size_t run;                 /* index in doc->runs */
    store *st;                  /* where it lives (borrowed) */
    store_variant v;            /* the variant (owned copy) */
    char label[96];             /* how the report names it */
    size_t group;               /* items of one run and strategy share a group */
    size_t member;              /* its position within the group */
    stats_agg agg[OC_NMETRICS];
    double rpo_positive;        /* share of trials with RPO > 0 */
    double rpo_positive_lo, rpo_positive_hi; /* its interval (NAN: none) */
    uint64_t cons[RPT_NCONS];   /* trials per consistency */
    double cons_weight[RPT_NCONS]; /* their weight (= cons unless stratified) */
    rpt_cdf cdf[RPT_NCDF];
    double *missed;             /* per doc target: share of trials missing it
                                   (NAN when no trial counts) */
    rpt_timeline tl;
    store_cost cost;            /* its running cost (currency NULL: none stored) */
    costv_annual annual;        /* and its year */
} rpt_item;

/* Who wins on one figure, and against whom. */
typedef struct rpt_headline {
    oc_metric metric;
    stats_stat stat;       /* STATS_MEAN for shares and means */
    uint64_t best;         /* mask of items with the best value */
    double best_value;
    uint64_t next;         /* mask of the runner-up items (0: none) */
    double next_value;
    uint64_t worst;        /* mask of the worst items when they are not the
                              runner-up (0: none) */
    double worst_value;
    char text[1400];       /* one plain sentence */
} rpt_headline;

#define RPT_MAX_HEADLINES 8

typedef struct rpt_doc {
    rpt_run *runs;
    size_t nruns;
    rpt_item *items;
    size_t nitems;
    size_t ngroups;
    rpt_target *targets;
    size_t ntargets;
    rpt_headline headlines[RPT_MAX_HEADLINES];
    size_t nheadlines;
    char note[512];     /* what the report leaves out and why ("" = nothing) */
    bool intervals;     /* summary cells show each figure's confidence interval */
} rpt_doc;

/* Gathers the document for the items (each a variant of a done run; labels
 * as given). Headlines, which name items by masks, are made for at most
 * RPT_MAX_ITEMS items: more is for the formats that list items without
 * them (CSV). *out is NULL on failure. */
err_code rpt_build(const view_item *items, size_t n, rpt_doc **out, err_msg *e);

/* For the formats that chart every item (HTML, Markdown, JSON) a run may
 * have more variants than a report can show side by side: keeps the
 * RPT_MAX_ITEMS items that rank best — lowest RTO p95, then lowest RPO p95,
 * then the order given — in the order given, and writes into note[0..size)
 * what was left out and how to see it (note[0] = '\0' when nothing was).
 * *n is updated. */
err_code rpt_rank(view_item *items, size_t *n, char *note, size_t size, err_msg *e);
void rpt_free(rpt_doc *d);

/* ---- What several renderers share ------------------------------------------ */

/* A column of the summary table: a metric's statistic (STATS_MEAN of a flag
 * is the share of trials). */
typedef struct rpt_column {
    oc_metric metric;
    stats_stat stat;
    const char *group;  /* heading over several columns: "RPO" */
    const char *head;   /* under it: "writes"; NULL: the statistic's name */
    const char *full;   /* alone: "writes lost (mean)"; NULL: group and head */
    const char *title;  /* what it means, one sentence */
    bool split;         /* a part of the disruption: shown only when some
                           variant spends time read-only or at reduced capacity
                           (otherwise fully down is the RTO, and serving at least
                           read-only is the RTO), and its own value is not 0 */
} rpt_column;

extern const rpt_column rpt_columns[];
extern const size_t rpt_ncolumns;

/* The column's heading under its group ("p95", "writes"). */
const char *rpt_column_head(const rpt_column *c);

/* The column's heading alone ("RPO p95", "writes lost (mean)") into buf. */
char *rpt_column_full(const rpt_column *c, char *buf, size_t size);

/* Whether any item has a value of the column (n > 0; see rpt_column.split
 * for the disruption's parts). */
bool rpt_column_shown(const rpt_doc *d, const rpt_column *c);

/* The value of item i in column c. */
double rpt_value(const rpt_item *it, oc_metric m, stats_stat s);

/* The mask of the items with the best value of metric m's statistic s
 * (lower or higher is better as the catalogue says); values that read the
 * same in human units (rpt_fmt) tie. 0 when every item ties, fewer than
 * two have a value, or the metric has no better direction (failed over,
 * destroyed). */
uint64_t rpt_best(const rpt_doc *d, oc_metric m, stats_stat s);

/* How much better `best` is than `next`, in words: "33× lower", "12%
 * lower"; "" when it cannot be said (shares, zero, infinite values). */
void rpt_relative(oc_metric m, double best, double next, char *buf, size_t size);

/* Statistic s of metric m in words, for headlines, into buf: "RTO p95",
 * "median RPO", "mean number of writes lost" (the catalogue's mean_name). */
char *rpt_figure_name(oc_metric m, stats_stat s, char *buf, size_t size);

/* A figure in human units ("1h 34m", "lost", "3.4%"); NAN reads "-". */
char *rpt_fmt(oc_metric m, stats_stat s, double v, char *buf, size_t size);

/* Item it's cell of column c: rpt_fmt of its value, and with d->intervals
 * its confidence interval after it ("1h 14m [1h 13m, 1h 15m]"; a share's is
 * Wilson's) when the statistic has one. */
char *rpt_cell(const rpt_doc *d, const rpt_item *it, const rpt_column *c, char *buf, size_t size);

/* The names of the items in mask, for a sentence: "asr", "wait and asr",
 * "geo-restore (all 3 variants)", "a, b and 2 more". A whole group reads as
 * its items' label with the strategy for the variant, so it keeps their
 * RUN: or FILE#RUN: ("a.db#3:geo-restore (all 3 variants)"). */
void rpt_names(const rpt_doc *d, uint64_t mask, char *buf, size_t size);

/* Whether any item has a stored bill (the report then shows the year and
 * the running costs). */
bool rpt_has_costs(const rpt_doc *d);

/* The currency of the first item with a running cost ("" when none). */
const char *rpt_currency(const rpt_doc *d);

/* The report's frontier figure: running cost against RTO p95. */
#define RPT_PARETO_METRIC OC_RTO
#define RPT_PARETO_STAT STATS_P95

/* The items with a running cost as points of cost against the statistic s
 * of metric m (reports/text/pareto.h), cost ascending, the frontier marked,
 * into out (room for RPT_MAX_ITEMS); returns how many (0 when the report
 * has more items than that). */
size_t rpt_pareto(const rpt_doc *d, oc_metric m, stats_stat s, pareto_point *out);

/* The operator as people read it: "<=" -> "≤" (UTF-8), "!=" -> "≠"... */
const char *rpt_op_text(const char *op);

/* Whether an expectation of run r is about a variant the report shows (a
 * report of some variants of a run lists only their expectations). */
bool rpt_expectation_shown(const rpt_doc *d, size_t r, const store_expectation *x);

/* How many of run r's expectations the report shows, and how many of them
 * failed and were inconclusive. */
size_t rpt_expectations_shown(const rpt_doc *d, size_t r, size_t *failed, size_t *inconclusive);

/* The text of a target: "RTO ≤ 2h". */
char *rpt_target_text(const rpt_target *t, char *buf, size_t size);

/* The item's trials per consistency as one line: "crash 40%, none 60%". */
char *rpt_consistency_text(const rpt_item *it, char *buf, size_t size);

/* What a consistency class is called: "app", "crash", "none", "no restore". */
const char *rpt_consistency_name(size_t k);

#endif
