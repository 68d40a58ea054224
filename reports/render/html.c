/*
 * html.c — the HTML report: one self-contained page (inline CSS and
 * SVG; no script, font, image or anything else fetched), readable offline
 * and printable.
 *
 * Sections, in order: the scenario and run facts; "At a glance" (who wins
 * each key figure, and by how much); the summary tables with the best value
 * of each column marked; the distributions of RPO and RTO (one line per
 * variant, the scenario's targets drawn); one traced trial per variant as a
 * timeline (Gantt) with its events; the expectations; the scenario file and
 * the variants' parameters.
 *
 * The page is well-formed XML as well as HTML (every element closed,
 * attributes quoted, only XML's entities), so tests can parse it back.
 * Everything that comes from the store — names, descriptions, event details,
 * the scenario file — goes through xml.h's escaping: it reads as text and
 * nothing else. A variant keeps one colour and dash pattern everywhere
 * (tables, charts, timelines): the Okabe-Ito palette, which readers with any
 * common colour-vision deficiency can tell apart; variants of one strategy
 * share its colour and differ by dash when a run has several strategies.
 */
#include "reports/render/html.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "reports/render/report.h"
#include "reports/render/svg.h"
#include "reports/text/drillview.h"
#include "reports/text/fmt.h"
#include "sim/core/mem.h"
#include "sim/core/units.h"
#include "sim/core/xml.h"

static const char *const palette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                      "#E69F00", "#56B4E9", "#222222"};
#define NPALETTE (sizeof palette / sizeof palette[0])
static const char *const dashes[] = {"", "7 4", "2 3", "10 3 2 3"};
#define NDASHES (sizeof dashes / sizeof dashes[0])

static svg_style style_of(const rpt_doc *d, size_t i)
{
    const rpt_item *it = &d->items[i];
    if (d->ngroups > 1 && d->ngroups < d->nitems && d->ngroups <= NPALETTE)
        return (svg_style){palette[it->group], dashes[it->member % NDASHES]};
    return (svg_style){palette[i % NPALETTE], dashes[(i / NPALETTE) % NDASHES]};
}

static void text(FILE *out, const char *s)
{
    xml_text(out, s);
}

/* A variant's name with its colour. */
static void item_name(FILE *out, const rpt_doc *d, size_t i)
{
    svg_swatch(out, style_of(d, i));
    fputs("<span class=\"vname\">", out);
    text(out, d->items[i].label);
    fputs("</span>", out);
}

/* The names of the items in mask, each with its colour. */
static void mask_names(FILE *out, const rpt_doc *d, uint64_t mask)
{
    char names[512];
    rpt_names(d, mask, names, sizeof names);
    for (size_t i = 0; i < d->nitems; i++)
        if ((mask >> i) & 1) {
            svg_swatch(out, style_of(d, i));
            break;
        }
    fputs("<span class=\"vname\">", out);
    text(out, names);
    fputs("</span>", out);
}

/* ---- Page head and CSS ------------------------------------------------------------- */

static const char css[] =
    ":root{--fg:#1b2128;--muted:#5a6470;--line:#dde2e7;--soft:#f5f7f9;--best:#e2f3e8;"
    "--bestfg:#0a5c33;--fail:#b42318;--pass:#0a6b3d}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
    "body{margin:0;background:#fff;color:var(--fg);font:15px/1.5 system-ui,-apple-system,"
    "\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,\"Noto Sans\",\"Liberation Sans\","
    "\"DejaVu Sans\",sans-serif}\n"
    "main{max-width:1120px;margin:0 auto;padding:28px 32px 40px}\n"
    "header.top{padding-bottom:14px;border-bottom:3px solid var(--fg)}\n"
    ".kicker{font-size:12px;letter-spacing:.08em;text-transform:uppercase;color:var(--muted);"
    "font-weight:600}\n"
    "h1{font-size:30px;line-height:1.2;margin:4px 0 6px;overflow-wrap:anywhere}\n"
    "h2{font-size:21px;margin:38px 0 6px}\n"
    "h3{font-size:16px;margin:24px 0 6px;overflow-wrap:anywhere}\n"
    "p{margin:6px 0 10px}\n"
    ".lead{font-size:17px;margin:0 0 12px;max-width:60em;overflow-wrap:anywhere}\n"
    ".sub{color:var(--muted);font-size:14px;margin:0 0 12px;max-width:62em}\n"
    "dl.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));"
    "gap:8px 20px;margin:12px 0 0}\n"
    "dl.facts dt{font-size:12px;color:var(--muted)}\n"
    "dl.facts dd{margin:0;font-weight:600;font-variant-numeric:tabular-nums;"
    "overflow-wrap:anywhere}\n"
    "nav.toc{font-size:13px;margin:14px 0 0}\n"
    "nav.toc a{color:var(--muted);margin-right:16px;text-decoration:none}\n"
    "nav.toc a:hover{color:var(--fg);text-decoration:underline}\n"
    ".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:12px;"
    "margin-top:10px}\n"
    ".card{border:1px solid var(--line);border-left:5px solid var(--c,#888);border-radius:6px;"
    "padding:10px 14px;background:var(--soft)}\n"
    ".card .what{font-size:12px;color:var(--muted);text-transform:uppercase;"
    "letter-spacing:.05em;font-weight:600}\n"
    ".card .who{font-size:16px;font-weight:700;margin:2px 0;overflow-wrap:anywhere}\n"
    ".card .val{font-size:24px;font-weight:700;font-variant-numeric:tabular-nums;"
    "line-height:1.25}\n"
    ".card .vs{font-size:13.5px;color:var(--muted);overflow-wrap:anywhere}\n"
    ".card .vs b{color:var(--fg)}\n"
    ".tablewrap{overflow-x:auto;margin:8px 0}\n"
    "table{border-collapse:collapse;font-size:13.5px;font-variant-numeric:tabular-nums}\n"
    "th,td{padding:5px 9px;border-bottom:1px solid var(--line);text-align:right;"
    "white-space:nowrap}\n"
    "th{font-weight:600;color:var(--muted);font-size:12px;vertical-align:bottom}\n"
    "th.grp{text-align:center;color:var(--fg);border-bottom:2px solid #aeb7c0}\n"
    "th.name,td.name,td.text,th.text{text-align:left}\n"
    "td.text{white-space:normal;overflow-wrap:anywhere;min-width:12em}\n"
    "tbody tr:hover td{background:#fafbfc}\n"
    "td.best{background:var(--best);color:var(--bestfg);font-weight:700}\n"
    "td.best::after{content:\" \\2605\";font-size:11px}\n"
    ".swatch{vertical-align:middle;margin-right:6px}\n"
    ".vname{font-weight:600}\n"
    "figure{margin:12px 0 4px}\n"
    "figcaption{font-size:13px;color:var(--muted);margin-top:4px;max-width:62em}\n"
    ".chart,.gantt{display:block;width:100%;max-width:1000px;height:auto}\n"
    "svg text{font-size:12px;fill:#333}\n"
    ".grid line{stroke:#e3e7eb}\n"
    ".grid line.guide{stroke:#a7b0b9;stroke-dasharray:2 3}\n"
    ".guide-label{font-size:11px;fill:#7a848e}\n"
    ".xt{stroke:#e3e7eb}\n"
    ".axis{stroke:#5a6470;stroke-width:1}\n"
    ".axis-title{font-size:12.5px;fill:#5a6470}\n"
    ".legend text{font-size:12.5px;fill:#1b2128}\n"
    ".target line,.target path{stroke:#333;stroke-dasharray:5 3;fill:none}\n"
    ".target circle{fill:#fff;stroke:#333;stroke-width:1.5}\n"
    ".target text{font-size:11.5px;fill:#333}\n"
    ".lane{fill:#f5f7f9}\n"
    ".lane-name{font-size:12px;fill:#1b2128}\n"
    ".origin{stroke:#333;stroke-dasharray:3 3}\n"
    ".milestone{fill:#222;stroke:#fff;stroke-width:1}\n"
    ".bar-label{font-size:11px;font-weight:600;fill:#222}\n"
    ".bar-label.on-color{fill:#fff}\n"
    ".tl-head{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 14px;margin:22px 0 2px}\n"
    ".tl-head h3{margin:0}\n"
    ".tl-facts{font-size:13.5px;color:var(--muted);font-variant-numeric:tabular-nums}\n"
    ".tl-facts b{color:var(--fg)}\n"
    ".pass{color:var(--pass);font-weight:700}\n"
    ".fail{color:var(--fail);font-weight:700}\n"
    ".badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;"
    "font-weight:700}\n"
    ".badge.pass{background:#dcf2e5}\n"
    ".inconclusive{color:#8a5a00;font-weight:700}\n"
    ".badge.inconclusive{background:#fbefd0}\n"
    ".badge.fail{background:#fde4e1}\n"
    ".note{font-size:13px;color:var(--muted)}\n"
    "details{margin:6px 0 10px}\n"
    "details summary{cursor:pointer;color:var(--muted);font-size:13px}\n"
    "pre.source{font:12px/1.45 ui-monospace,\"SFMono-Regular\",Menlo,Consolas,"
    "\"DejaVu Sans Mono\",monospace;background:var(--soft);padding:12px 14px;overflow:auto;"
    "border:1px solid var(--line);border-radius:6px;white-space:pre-wrap;"
    "overflow-wrap:anywhere}\n"
    "code{font:12.5px ui-monospace,\"SFMono-Regular\",Menlo,Consolas,\"DejaVu Sans Mono\","
    "monospace;overflow-wrap:anywhere;white-space:normal}\n"
    "footer{margin-top:44px;font-size:12px;color:var(--muted);border-top:1px solid var(--line);"
    "padding-top:10px}\n"
    "@media print{\n"
    "@page{size:A4;margin:14mm}\n"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "body{font-size:10pt}\n"
    "main{max-width:none;padding:0}\n"
    "nav.toc{display:none}\n"
    "h2,h3,.tl-head{break-after:avoid}\n"
    "figure,.card,tr,.tablewrap{break-inside:avoid}\n"
    ".tablewrap{overflow:visible}\n"
    "tbody tr:hover td{background:none}\n"
    "}\n";

/* ---- Header ----------------------------------------------------------------------------- */

static size_t run_items(const rpt_doc *d, size_t r)
{
    size_t n = 0;
    for (size_t i = 0; i < d->nitems; i++)
        n += d->items[i].run == r;
    return n;
}

static void fact(FILE *out, const char *name, const char *value)
{
    fputs("<div><dt>", out);
    text(out, name);
    fputs("</dt><dd>", out);
    text(out, value);
    fputs("</dd></div>", out);
}

/* "2026-01-01T10:00:00Z" -> "2026-01-01 10:00 UTC". */
static void when(const char *iso, char *buf, size_t size)
{
    if (iso == NULL) {
        snprintf(buf, size, "-");
        return;
    }
    if (strlen(iso) >= 16 && iso[10] == 'T')
        snprintf(buf, size, "%.10s %.5s UTC", iso, iso + 11);
    else
        snprintf(buf, size, "%s", iso);
}

static void header(const rpt_doc *d, FILE *out)
{
    fputs("<header class=\"top\">\n<div class=\"kicker\">drsim disaster-recovery report</div>\n"
          "<h1>",
          out);
    for (size_t r = 0; r < d->nruns; r++) {
        bool same = r > 0 && strcmp(d->runs[r].r.scenario, d->runs[r - 1].r.scenario) == 0;
        if (r)
            fputs(" <span class=\"note\">vs</span> ", out);
        if (!same)
            text(out, d->runs[r].r.scenario);
        if (d->nruns > 1)
            fprintf(out, "%srun %lld", same ? "" : " ", (long long)d->runs[r].r.id);
    }
    fputs("</h1>\n", out);
    if (d->note[0]) {
        fputs("<p class=\"note\" id=\"left-out\">", out);
        text(out, d->note);
        fputs("</p>\n", out);
    }
    for (size_t r = 0; r < d->nruns; r++) {
        const char *desc = d->runs[r].r.description;
        if (desc == NULL || *desc == '\0')
            continue;
        if (r > 0 && d->runs[r - 1].r.description != NULL &&
            strcmp(desc, d->runs[r - 1].r.description) == 0)
            continue;
        fputs("<p class=\"lead\">", out);
        text(out, desc);
        fputs("</p>\n", out);
    }
    fputs("<dl class=\"facts\">", out);
    for (size_t r = 0; r < d->nruns; r++) {
        const store_run *run = &d->runs[r].r;
        char b[160], w[64];
        snprintf(b, sizeof b, "%lld", (long long)run->id);
        fact(out, "run", b);
        snprintf(b, sizeof b, "%llu", (unsigned long long)run->seed);
        fact(out, "seed", b);
        if (run->shard_count > 1)
            snprintf(b, sizeof b, "%llu of %llu (shard %u/%u)",
                     (unsigned long long)(run->trial_end - run->trial_first),
                     (unsigned long long)run->trials, run->shard_index, run->shard_count);
        else
            snprintf(b, sizeof b, "%llu per variant", (unsigned long long)run->trials);
        fact(out, "trials", b);
        snprintf(b, sizeof b, "%zu", run_items(d, r));
        fact(out, "variants", b);
        if (run->trace)
            snprintf(b, sizeof b, "the first %llu per variant", (unsigned long long)run->trace);
        else
            snprintf(b, sizeof b, "none");
        fact(out, "traced trials", b);
        if (d->runs[r].nstrata > 0) {
            snprintf(b, sizeof b,
                     "stratified over its outages: %zu strata, each trial weighted by its "
                     "stratum's probability",
                     d->runs[r].nstrata);
            fact(out, "sampling", b);
        }
        fact(out, "drsim version", run->version ? run->version : "-");
        when(run->started_at, w, sizeof w);
        fact(out, "run on", w);
        snprintf(b, sizeof b, "%.12s", run->sha256 ? run->sha256 : "-");
        fact(out, "scenario sha256", b);
    }
    fputs("</dl>\n<nav class=\"toc\"><a href=\"#glance\">At a glance</a>"
          "<a href=\"#summary\">Summary</a>",
          out);
    pareto_point pts[RPT_MAX_ITEMS];
    if (rpt_has_costs(d))
        fputs("<a href=\"#costs\">Running cost</a>", out);
    if (rpt_pareto(d, RPT_PARETO_METRIC, RPT_PARETO_STAT, pts) >= 2)
        fputs("<a href=\"#frontier\">Cost frontier</a>", out);
    fputs("<a href=\"#rpo\">RPO</a><a href=\"#rto\">RTO</a>"
          "<a href=\"#timelines\">Timelines</a><a href=\"#expectations\">Expectations</a>"
          "<a href=\"#scenario\">Scenario</a></nav>\n</header>\n",
          out);
}

/* ---- At a glance ------------------------------------------------------------------------- */

static void card_value(FILE *out, const rpt_doc *d, size_t i, oc_metric m, stats_stat s,
                       const char *what)
{
    char v[FMT_MAX];
    fprintf(out, "<div class=\"card\" style=\"--c:%s\"><div class=\"what\">", style_of(d, i).color);
    text(out, what);
    fputs("</div><div class=\"val\">", out);
    text(out, rpt_fmt(m, s, rpt_value(&d->items[i], m, s), v, sizeof v));
    fputs("</div></div>\n", out);
}

static void glance(const rpt_doc *d, FILE *out)
{
    fputs("<section id=\"glance\">\n<h2>At a glance</h2>\n", out);
    if (d->nitems == 1) {
        fputs("<p class=\"sub\">One variant: ", out);
        item_name(out, d, 0);
        fputs(". Its key figures over all trials:</p>\n<div class=\"cards\">\n", out);
        card_value(out, d, 0, OC_RPO, STATS_P95, "RPO p95");
        card_value(out, d, 0, OC_RTO, STATS_P95, "RTO p95");
        card_value(out, d, 0, OC_DATA_LOSS_WRITES, STATS_MEAN, "writes lost (mean)");
        card_value(out, d, 0, OC_DATA_LOST_ALL, STATS_MEAN, "trials that lost data for good");
        fputs("</div>\n</section>\n", out);
        return;
    }
    if (d->nheadlines == 0) {
        fputs("<p class=\"sub\">Every variant has the same key figures (RPO p95, RTO p95, data "
              "lost): nothing to choose between them here.</p>\n</section>\n",
              out);
        return;
    }
    fputs("<p class=\"sub\">Who has the best value of each key figure over all trials, and the "
          "next best. Lower is better.</p>\n<div class=\"cards\">\n",
          out);
    for (size_t h = 0; h < d->nheadlines; h++) {
        const rpt_headline *hl = &d->headlines[h];
        size_t first = 0;
        while (!((hl->best >> first) & 1))
            first++;
        char bv[FMT_MAX], nv[FMT_MAX];
        rpt_fmt(hl->metric, hl->stat, hl->best_value, bv, sizeof bv);
        rpt_fmt(hl->metric, hl->stat, hl->next_value, nv, sizeof nv);
        fprintf(out, "<div class=\"card\" style=\"--c:%s\"><div class=\"what\">",
                style_of(d, first).color);
        char figure[128];
        text(out, rpt_figure_name(hl->metric, hl->stat, figure, sizeof figure));
        fputs("</div><div class=\"who\">", out);
        mask_names(out, d, hl->best);
        fputs("</div><div class=\"val\">", out);
        text(out, bv);
        fputs("</div><div class=\"vs\">vs <b>", out);
        text(out, nv);
        fputs("</b> for ", out);
        char next[512];
        rpt_names(d, hl->next, next, sizeof next);
        text(out, next);
        char rel[64];
        rpt_relative(hl->metric, hl->best_value, hl->next_value, rel, sizeof rel);
        if (*rel) {
            fputs(" \xC2\xB7 <b>", out);
            text(out, rel);
            fputs("</b>", out);
        }
        if (hl->worst != 0) {
            char wv[FMT_MAX], worst[512];
            rpt_fmt(hl->metric, hl->stat, hl->worst_value, wv, sizeof wv);
            rpt_names(d, hl->worst, worst, sizeof worst);
            fprintf(out, "<br/>%s: <b>", oc_metrics[hl->metric].lower_is_better ? "highest"
                                                                                   : "lowest");
            text(out, wv);
            fputs("</b> for ", out);
            text(out, worst);
        }
        fputs("</div></div>\n", out);
    }
    fputs("</div>\n</section>\n", out);
}

/* ---- Summary tables -------------------------------------------------------------------- */

/* The two header rows of a table of columns: groups over their columns; an
 * extra text column (may be NULL) spans both rows at the end. */
static void table_head(FILE *out, const rpt_doc *d, const rpt_column *cols, size_t n,
                       const char *extra)
{
    fputs("<thead><tr><th class=\"name\" rowspan=\"2\">variant</th>", out);
    for (size_t c = 0; c < n;) {
        if (!rpt_column_shown(d, &cols[c])) {
            c++;
            continue;
        }
        size_t span = 0, k = c;
        for (; k < n && strcmp(cols[k].group, cols[c].group) == 0; k++)
            span += rpt_column_shown(d, &cols[k]);
        fprintf(out, "<th class=\"grp\" colspan=\"%zu\">", span);
        text(out, cols[c].group);
        fputs("</th>", out);
        c = k;
    }
    if (extra != NULL) {
        fputs("<th class=\"text\" rowspan=\"2\">", out);
        text(out, extra);
        fputs("</th>", out);
    }
    fputs("</tr>\n<tr>", out);
    for (size_t c = 0; c < n; c++) {
        if (!rpt_column_shown(d, &cols[c]))
            continue;
        fputs("<th title=\"", out);
        xml_attr(out, cols[c].title);
        fputs("\">", out);
        text(out, rpt_column_head(&cols[c]));
        fputs("</th>", out);
    }
    fputs("</tr></thead>\n", out);
}

static void value_cells(FILE *out, const rpt_doc *d, size_t i, const rpt_column *cols, size_t n)
{
    for (size_t c = 0; c < n; c++) {
        const rpt_column *col = &cols[c];
        if (!rpt_column_shown(d, col))
            continue;
        bool best = (rpt_best(d, col->metric, col->stat) >> i) & 1;
        char v[3 * FMT_MAX + 8];
        rpt_cell(d, &d->items[i], col, v, sizeof v);
        fprintf(out, "<td%s>", best ? " class=\"best\" title=\"best\"" : "");
        text(out, v);
        fputs("</td>", out);
    }
}

/* A yearly figure with its interval, as a cell. */
static void year_cell(FILE *out, oc_metric m, const double v[3])
{
    char a[FMT_MAX], lo[FMT_MAX], hi[FMT_MAX];
    if (isnan(v[0])) {
        fputs("<td>n/a</td>", out);
        return;
    }
    fputs("<td>", out);
    text(out, fmt_metric(m, v[0], a, sizeof a));
    fputs(" <span class=\"sub\">[", out);
    text(out, fmt_metric(m, v[1], lo, sizeof lo));
    fputs(", ", out);
    text(out, fmt_metric(m, v[2], hi, sizeof hi));
    fputs("]</span></td>", out);
}

/* The answer of a year, first: running cost and expected outage cost per
 * variant (models/world/cost.h). */
static void year(const rpt_doc *d, FILE *out)
{
    if (!rpt_has_costs(d))
        return;
    const char *cur = rpt_currency(d);
    fputs("<section id=\"year\">\n<h2>A year</h2>\n<p class=\"sub\">In ", out);
    text(out, cur);
    fputs(". Running: 12 times the monthly bill (Running cost, below). Expected: the "
          "disruptions a year (the scenario's <code>risk:</code> catalogue, estimates) times "
          "the mean over the trials, each kind (transient, destroying its scope) at its own "
          "rate, in brackets its confidence interval; <i>n/a</i>: the scenario gives no "
          "business figures, no trial measured a kind that comes, or it never ends (a "
          "destroyed region waited for).</p>\n<div class=\"tablewrap\"><table "
          "class=\"summary\"><thead><tr><th>variant</th><th>running (12 months)</th>"
          "<th>expected outage cost</th><th>total</th><th>disruptions</th>"
          "<th>expected downtime</th><th>expected data lost</th></tr></thead><tbody>\n",
          out);
    for (size_t i = 0; i < d->nitems; i++) {
        const rpt_item *it = &d->items[i];
        if (it->cost.currency == NULL)
            continue;
        const costv_annual *a = &it->annual;
        char b[FMT_MAX];
        fputs("<tr><td class=\"name\">", out);
        item_name(out, d, i);
        fputs("</td><td>", out);
        text(out, fmt_money(12 * a->monthly, b, sizeof b));
        fputs("</td>", out);
        year_cell(out, OC_OUTAGE_COST, a->outage);
        year_cell(out, OC_OUTAGE_COST, a->total);
        fprintf(out, "<td>%.4g</td>", a->per_year);
        year_cell(out, OC_RTO, a->downtime);
        year_cell(out, OC_DATA_LOSS_BYTES, a->bytes_lost);
        fputs("</tr>\n", out);
    }
    fputs("</tbody></table></div>\n</section>\n", out);
}

/* Each variant's itemised monthly bill. */
static void bills(const rpt_doc *d, FILE *out)
{
    if (!rpt_has_costs(d))
        return;
    fputs("<section id=\"costs\">\n<h2>Running cost</h2>\n<p class=\"sub\">What each "
          "variant costs a month (730 hours), from the scenario's sizes and rates and its "
          "<code>prices:</code> (defaults: list prices to override).</p>\n",
          out);
    for (size_t i = 0; i < d->nitems; i++) {
        const rpt_item *it = &d->items[i];
        if (it->cost.currency == NULL)
            continue;
        char b[2][FMT_MAX];
        fputs("<h3>", out);
        item_name(out, d, i);
        fputs(", ", out);
        text(out, it->cost.currency);
        fputs(" a month</h3>\n<div class=\"tablewrap\"><table class=\"summary\"><thead><tr>"
              "<th>item</th><th>quantity</th><th>unit</th><th>unit price</th><th>a month</th>"
              "</tr></thead><tbody>\n",
              out);
        for (size_t k = 0; k < it->cost.n; k++) {
            const store_cost_item *c = &it->cost.items[k];
            fputs("<tr><td class=\"name\">", out);
            text(out, c->what);
            fputs("</td><td>", out);
            text(out, fmt_count(c->quantity, b[0], FMT_MAX));
            fputs("</td><td>", out);
            text(out, c->unit);
            fprintf(out, "</td><td>%.4g</td><td>", c->unit_price);
            text(out, fmt_money(c->monthly, b[1], FMT_MAX));
            fputs("</td></tr>\n", out);
        }
        fputs("<tr><td class=\"name\"><b>total</b></td><td></td><td></td><td></td><td><b>", out);
        text(out, fmt_money(it->cost.monthly, b[0], FMT_MAX));
        fputs("</b></td></tr>\n</tbody></table></div>\n", out);
    }
    fputs("</section>\n", out);
}

/* Running cost against RTO p95, with two variants or more that have one:
 * the chart, the table, and the cheapest that meets its expectations. */
static void frontier(const rpt_doc *d, FILE *out)
{
    pareto_point p[RPT_MAX_ITEMS];
    size_t n = rpt_pareto(d, RPT_PARETO_METRIC, RPT_PARETO_STAT, p);
    if (n < 2)
        return;
    oc_metric m = RPT_PARETO_METRIC;
    const char *cur = rpt_currency(d);
    char figure[64], xlabel[64], title[200];
    snprintf(figure, sizeof figure, "%s %s", oc_metrics[m].label, stats_stat_name(RPT_PARETO_STAT));
    snprintf(xlabel, sizeof xlabel, "%s a month", cur);
    snprintf(title, sizeof title, "Running cost against %s, per variant", figure);
    svg_point pts[RPT_MAX_ITEMS];
    for (size_t i = 0; i < n; i++) {
        size_t item = 0;
        while (item < d->nitems && d->items[item].label != p[i].label)
            item++;
        pts[i] = (svg_point){p[i].label, style_of(d, item), p[i].cost, p[i].figure, p[i].lo,
                             p[i].hi, p[i].frontier};
    }
    fputs("<section id=\"frontier\">\n<h2>Cost against ", out);
    text(out, figure);
    fputs("</h2>\n<p class=\"sub\">Each variant's running cost a month against its ", out);
    text(out, figure);
    fputs(" (the bar: its confidence interval). Filled: on the frontier, where no other "
          "variant costs less and does as well; hollow: dominated.</p>\n<figure>\n",
          out);
    svg_frontier_chart c = {"frontier-chart", title, xlabel, figure,
                            oc_metrics[m].unit == OC_UNIT_SECONDS, pts, n};
    svg_frontier(out, &c);
    fputs("</figure>\n<div class=\"tablewrap\"><table class=\"summary\"><thead><tr>"
          "<th>variant</th><th>a month</th><th>",
          out);
    text(out, figure);
    fputs("</th><th>expectations</th><th>frontier</th></tr></thead><tbody>\n", out);
    for (size_t i = 0; i < n; i++) {
        char c1[FMT_MAX], cell[3 * FMT_MAX + 8];
        pareto_figure_text(m, &p[i], cell, sizeof cell);
        fputs("<tr><td class=\"name\">", out);
        text(out, p[i].label);
        fputs("</td><td>", out);
        text(out, fmt_money(p[i].cost, c1, sizeof c1));
        fputs("</td><td>", out);
        text(out, cell);
        fprintf(out, "</td><td>%s</td><td>%s</td></tr>\n", pareto_verdict_word(p[i].verdict),
                p[i].frontier ? "<b>yes</b>" : "dominated");
    }
    fputs("</tbody></table></div>\n<p>", out);
    long best = pareto_cheapest(p, n);
    if (best >= 0) {
        char c1[FMT_MAX];
        fputs("The cheapest that meets every expectation: <b>", out);
        text(out, p[best].label);
        fputs("</b> (", out);
        text(out, fmt_money(p[best].cost, c1, sizeof c1));
        fputs(" ", out);
        text(out, cur);
        fputs(" a month).", out);
    } else {
        fputs("No variant with a running cost meets every expectation.", out);
    }
    fputs("</p>\n</section>\n", out);
}

static void summary(const rpt_doc *d, FILE *out)
{
    /* Table 1: time (RPO, RTO, client downtime); table 2: data lost and how the
     * recovery went. */
    size_t split = 0;
    while (split < rpt_ncolumns && rpt_columns[split].metric != OC_DATA_LOSS_WRITES)
        split++;
    fputs("<section id=\"summary\">\n<h2>Summary</h2>\n<p class=\"sub\">Percentiles over all "
          "trials of each variant; the best value of each column is marked \xE2\x98\x85. "
          "<i>lost</i>: the data was lost altogether; <i>never</i>: not serving again within "
          "the simulated horizon.</p>\n<div class=\"tablewrap\"><table class=\"summary\">",
          out);
    table_head(out, d, rpt_columns, split, NULL);
    fputs("<tbody>\n", out);
    for (size_t i = 0; i < d->nitems; i++) {
        fputs("<tr><td class=\"name\">", out);
        item_name(out, d, i);
        fputs("</td>", out);
        value_cells(out, d, i, rpt_columns, split);
        fputs("</tr>\n", out);
    }
    fputs("</tbody></table></div>\n", out);

    /* Table 2: recovery (flags, consistency) and targets missed. */
    fputs("<div class=\"tablewrap\"><table class=\"recovery\">", out);
    table_head(out, d, rpt_columns + split, rpt_ncolumns - split, "consistency of the trials");
    fputs("<tbody>\n", out);
    for (size_t i = 0; i < d->nitems; i++) {
        char cons[256];
        fputs("<tr><td class=\"name\">", out);
        item_name(out, d, i);
        fputs("</td>", out);
        value_cells(out, d, i, rpt_columns + split, rpt_ncolumns - split);
        fputs("<td class=\"text\">", out);
        text(out, rpt_consistency_text(&d->items[i], cons, sizeof cons));
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table></div>\n", out);

    if (d->ntargets > 0) {
        fputs("<h3>Share of trials missing each target</h3>\n<p class=\"sub\">The targets of the "
              "scenario's expectations, judged on every trial's own value: the share of trials "
              "that miss each (lower is better).</p>\n<div class=\"tablewrap\"><table "
              "class=\"targets\"><thead><tr><th class=\"name\">variant</th>",
              out);
        for (size_t k = 0; k < d->ntargets; k++) {
            char t[128];
            fputs("<th>", out);
            text(out, rpt_target_text(&d->targets[k], t, sizeof t));
            fputs("</th>", out);
        }
        fputs("</tr></thead>\n<tbody>\n", out);
        for (size_t i = 0; i < d->nitems; i++) {
            fputs("<tr><td class=\"name\">", out);
            item_name(out, d, i);
            fputs("</td>", out);
            for (size_t k = 0; k < d->ntargets; k++) {
                double v = d->items[i].missed[k];
                double best = NAN;
                size_t nbest = 0;
                for (size_t j = 0; j < d->nitems; j++) {
                    double o = d->items[j].missed[k];
                    if (!isnan(o) && (isnan(best) || o < best))
                        best = o;
                }
                for (size_t j = 0; j < d->nitems; j++)
                    nbest += d->items[j].missed[k] == best;
                bool mark = !isnan(v) && v == best && nbest < d->nitems;
                char s[FMT_MAX];
                fprintf(out, "<td%s>", mark ? " class=\"best\" title=\"best\"" : "");
                text(out, fmt_share(v, s, sizeof s));
                fputs("</td>", out);
            }
            fputs("</tr>\n", out);
        }
        fputs("</tbody></table></div>\n", out);
    }
    fputs("</section>\n", out);
}

/* ---- Distributions ------------------------------------------------------------------------ */

/* The share of trials a percentile target needs at or left of its line;
 * NAN for statistics that are no quantile (no marker). */
static double stat_level(const char *stat)
{
    int k = stats_stat_find(stat);
    return k < 0 ? (double)NAN : stats_stat_level((stats_stat)k);
}

#define MAX_TARGETS 8

static void distribution(const rpt_doc *d, FILE *out, size_t which, const char *id,
                         const char *heading, const char *what)
{
    oc_metric m = which == RPT_CDF_RPO ? OC_RPO : OC_RTO;
    svg_series series[RPT_MAX_ITEMS];
    char tips[RPT_MAX_ITEMS][256], labels_[RPT_MAX_ITEMS][200];
    for (size_t i = 0; i < d->nitems; i++) {
        const rpt_item *it = &d->items[i];
        char p50[FMT_MAX], p95[FMT_MAX], p99[FMT_MAX], worst[FMT_MAX];
        const stats_agg *a = &it->agg[m];
        fmt_share(a->worst_share, worst, sizeof worst);
        snprintf(tips[i], sizeof tips[i], "%s: p50 %s, p95 %s, p99 %s; %s %s", it->label,
                 fmt_metric(m, a->p50, p50, sizeof p50), fmt_metric(m, a->p95, p95, sizeof p95),
                 fmt_metric(m, a->p99, p99, sizeof p99), worst, oc_metrics[m].worst_label);
        /* The legend says what the plateau below 100% is. */
        if (it->cdf[which].n_worst > 0)
            snprintf(labels_[i], sizeof labels_[i], "%s (%s %s)", it->label, worst,
                     oc_metrics[m].worst_label);
        else
            snprintf(labels_[i], sizeof labels_[i], "%s", it->label);
        series[i] = (svg_series){labels_[i], style_of(d, i), &it->cdf[which], tips[i]};
    }
    /* Targets on this metric from the expectations, once per rule. */
    svg_target targets[MAX_TARGETS];
    char whos[MAX_TARGETS][160], rules[MAX_TARGETS][FMT_MAX + 8];
    size_t nt = 0;
    for (size_t r = 0; r < d->nruns; r++)
        for (size_t k = 0; k < d->runs[r].nx && nt < MAX_TARGETS; k++) {
            const store_expectation *x = &d->runs[r].x[k];
            if (strcmp(x->metric, oc_metrics[m].name) != 0 || !isfinite(x->threshold) ||
                stats_stat_find(x->stat) == STATS_N || !rpt_expectation_shown(d, r, x) ||
                x->given != NULL) /* a condition's figure is not on this CDF */
                continue;
            char thr[FMT_MAX], who[160], rule[FMT_MAX + 8];
            fmt_metric(m, x->threshold, thr, sizeof thr);
            if (x->target != NULL && *x->target)
                snprintf(who, sizeof who, "%s %s", x->target, x->stat);
            else
                snprintf(who, sizeof who, "%s", x->stat);
            snprintf(rule, sizeof rule, "%s %s", rpt_op_text(x->op), thr);
            bool dup = false;
            for (size_t t = 0; t < nt && !dup; t++)
                dup = strcmp(whos[t], who) == 0 && strcmp(rules[t], rule) == 0;
            if (dup)
                continue;
            memcpy(whos[nt], who, sizeof who);
            memcpy(rules[nt], rule, sizeof rule);
            targets[nt] = (svg_target){x->threshold, stat_level(x->stat), whos[nt], rules[nt]};
            nt++;
        }
    char title[128];
    snprintf(title, sizeof title, "%s: share of trials at or below each value, per variant",
             oc_metrics[m].label);
    char chart_id[32];
    snprintf(chart_id, sizeof chart_id, "cdf-%s", id); /* the section is `id` */
    svg_cdf_chart c = {chart_id, title, oc_metrics[m].label, series, d->nitems, targets, nt,
                       d->nitems ? store_confidence(d->items[0].st) : 0};
    fprintf(out, "<section id=\"%s\">\n<h2>", id);
    text(out, heading);
    fputs("</h2>\n<p class=\"sub\">", out);
    text(out, what);
    fputs("</p>\n<figure>\n", out);
    bool log_axis = false;
    svg_cdf(out, &c, &log_axis);
    fputs("<figcaption>Each line is one variant: for every value on the horizontal axis, the "
          "share of its trials at or below it. A line further left and higher is better.",
          out);
    if (c.level > 0)
        fprintf(out, " The shaded band around each line holds the true distribution with "
                     "%.4g%% confidence (Dvoretzky\xE2\x80\x93Kiefer\xE2\x80\x93Wolfowitz: "
                     "\xC2\xB1sqrt(ln(2/\xCE\xB1)/2n) of the trials); it narrows as trials are "
                     "added.",
                100 * c.level);
    if (log_axis)
        fputs(" The horizontal axis is logarithmic: each step is a factor; values at or below "
              "its left end (zero included) sit on the left edge.",
              out);
    /* Curves that end below 100 %: the items with each share, together. */
    uint64_t told = 0;
    bool any = false;
    for (size_t i = 0; i < d->nitems; i++) {
        const rpt_cdf *cdf = &d->items[i].cdf[which];
        if (cdf->n_worst == 0 || ((told >> i) & 1))
            continue;
        char share[FMT_MAX], other[FMT_MAX], names[512];
        fmt_share(cdf->worst_share, share, sizeof share);
        uint64_t mask = 0;
        for (size_t j = i; j < d->nitems; j++) {
            const rpt_cdf *o = &d->items[j].cdf[which];
            if (o->n_worst > 0 &&
                strcmp(fmt_share(o->worst_share, other, sizeof other),
                       share) == 0)
                mask |= UINT64_C(1) << j;
        }
        told |= mask;
        rpt_names(d, mask, names, sizeof names);
        if (any)
            fputs("; ", out);
        else
            fprintf(out, " Lines that stop below 100%%: %s (%s <i>%s</i>) \xE2\x80\x94 ",
                    oc_metrics[m].worst_means, oc_metrics[m].label, oc_metrics[m].worst_label);
        text(out, share);
        fputs(" of the trials of ", out);
        text(out, names);
        any = true;
    }
    if (any)
        fputs(".", out);
    if (nt > 0)
        fputs(" Dashed vertical lines: the scenario's targets; a marker shows the share of "
              "trials a percentile target needs at or left of the line.",
              out);
    fputs("</figcaption>\n</figure>\n</section>\n", out);
}

/* ---- Timelines ------------------------------------------------------------------------------ */

#define MAX_LANES 24
#define TIP 200

typedef struct gantt {
    svg_lane lanes[MAX_LANES];
    unsigned rank[MAX_LANES]; /* of each lane (oc_lane_info) */
    size_t n;
    char bar_tip[MAX_LANES][SVG_LANE_BARS][TIP];
    char mark_tip[MAX_LANES][SVG_LANE_MARKS][TIP];
} gantt;

/* The lane of kind `which` (and of subject subj when it is per subject),
 * made when it is not there yet; NULL when there is no room for it. */
static svg_lane *lane(gantt *g, oc_lane which, const char *subj)
{
    const oc_lane_info *li = &oc_lanes[which];
    char name[sizeof g->lanes[0].name];
    if (li->per_subject && *subj)
        snprintf(name, sizeof name, "%s %s", li->label, subj);
    else
        snprintf(name, sizeof name, "%s", li->label);
    for (size_t i = 0; i < g->n; i++)
        if (strcmp(g->lanes[i].name, name) == 0)
            return &g->lanes[i];
    if (g->n == MAX_LANES)
        return NULL;
    g->rank[g->n] = li->rank;
    svg_lane *l = &g->lanes[g->n++];
    memset(l, 0, sizeof *l);
    snprintf(l->name, sizeof l->name, "%s", name);
    return l;
}

static size_t lane_index(const gantt *g, const svg_lane *l)
{
    return (size_t)(l - g->lanes);
}

static void tip(char *buf, const rpt_event *ev, double origin_s)
{
    char t[FMT_MAX];
    double s = (double)ev->t_us / 1e6 - origin_s;
    fmt_duration(fabs(s), t, sizeof t);
    snprintf(buf, TIP, "%s%s %s%s%s: %s", s < 0 ? "-" : "+", t, ev->kind_name,
             *ev->subject ? " " : "", ev->subject, ev->detail);
}

/* How each class of bar is drawn. */
static const svg_bar_kind bar_kinds[] = {
    [OC_BAR_OUTAGE] = SVG_BAR_OUTAGE, [OC_BAR_DOWN] = SVG_BAR_DOWN, [OC_BAR_WAIT] = SVG_BAR_WAIT,
    [OC_BAR_WORK] = SVG_BAR_WORK,     [OC_BAR_AFTER] = SVG_BAR_AFTER,
};

static void open_bar(gantt *g, oc_lane which, oc_bar bar, double t, const rpt_event *ev,
                     double origin)
{
    svg_lane *l = lane(g, which, ev->subject);
    if (l == NULL || l->nbars == SVG_LANE_BARS)
        return;
    svg_bar *b = &l->bars[l->nbars];
    char *tp = g->bar_tip[lane_index(g, l)][l->nbars];
    tip(tp, ev, origin);
    *b = (svg_bar){t, NAN, bar_kinds[bar], false, tp};
    l->nbars++;
}

static void close_bar(gantt *g, oc_lane which, double t, const rpt_event *ev, double origin)
{
    svg_lane *l = lane(g, which, ev->subject);
    if (l == NULL)
        return;
    for (size_t k = l->nbars; k-- > 0;)
        if (isnan(l->bars[k].t1)) {
            l->bars[k].t1 = t;
            char *tp = g->bar_tip[lane_index(g, l)][k];
            size_t len = strlen(tp);
            char end[TIP];
            tip(end, ev, origin);
            snprintf(tp + len, TIP - len, " \xE2\x86\x92 %s", end);
            return;
        }
}

static void milestone(gantt *g, oc_lane which, double t, const rpt_event *ev, double origin)
{
    svg_lane *l = lane(g, which, ev->subject);
    if (l == NULL || l->nmarks == SVG_LANE_MARKS)
        return;
    char *tp = g->mark_tip[lane_index(g, l)][l->nmarks];
    tip(tp, ev, origin);
    l->marks[l->nmarks++] = (svg_milestone){t, tp};
}

/* The timeline's origin: the disruption (the application stops serving),
 * else the first outage, else the first event. Seconds since trial start. */
static double origin_of(const rpt_timeline *tl)
{
    for (size_t k = 0; k < tl->n; k++)
        if (tl->ev[k].kind == OC_EV_SERVICE_DOWN)
            return (double)tl->ev[k].t_us / 1e6;
    for (size_t k = 0; k < tl->n; k++)
        if (tl->ev[k].kind == OC_EV_OUTAGE_START)
            return (double)tl->ev[k].t_us / 1e6;
    return tl->n ? (double)tl->ev[0].t_us / 1e6 : 0;
}

/* The end of what the timeline is about: the application serving again (and
 * clients following it), else the last event. Seconds from the origin. */
static double end_of(const rpt_timeline *tl, double origin)
{
    double end = NAN;
    for (size_t k = 0; k < tl->n; k++)
        if (tl->ev[k].kind == OC_EV_SERVICE_RESTORED)
            end = (double)tl->ev[k].t_us / 1e6 - origin;
    if (!isnan(end)) {
        for (size_t k = 0; k < tl->n; k++)
            if (tl->ev[k].kind == OC_EV_DNS_SWITCH &&
                (double)tl->ev[k].t_us / 1e6 - origin >= end &&
                (double)tl->ev[k].t_us / 1e6 - origin <= end * 1.5 + 600)
                end = (double)tl->ev[k].t_us / 1e6 - origin;
        return end;
    }
    return tl->n ? (double)tl->ev[tl->n - 1].t_us / 1e6 - origin : 0;
}

/* Builds the lanes of a timeline from its events: each event as its kind
 * says (models/outcome.h), then the spans that depend on more than one
 * event: the wait for detection and then for the decision, and the new VMs
 * of a geo-restore from the first created to the last up. */
static void build_lanes(gantt *g, const rpt_timeline *tl, double origin)
{
    bool decided = false;
    double detected = NAN;
    double prov_start = NAN, prov_end = NAN;
    const char *provisioned[64];
    size_t nprov = 0;
    for (size_t k = 0; k < tl->n; k++) {
        const rpt_event *ev = &tl->ev[k];
        const oc_event_kind_info *ki = &oc_event_kinds[ev->kind];
        double t = (double)ev->t_us / 1e6 - origin;
        switch (ki->gantt) {
        case OC_GANTT_OPEN:
            open_bar(g, ki->lane, ki->bar, t, ev, origin);
            break;
        case OC_GANTT_CLOSE:
            close_bar(g, ki->lane, t, ev, origin);
            break;
        case OC_GANTT_MARK:
            milestone(g, ki->lane, t, ev, origin);
            break;
        case OC_GANTT_NONE:
            break;
        }
        if (ev->kind == OC_EV_DETECTED && isnan(detected)) {
            /* From the disruption to detection, then to the decision. */
            detected = t;
            open_bar(g, OC_LANE_DETECT, OC_BAR_WAIT, t < 0 ? t : 0, ev, origin);
            close_bar(g, OC_LANE_DETECT, t, ev, origin);
        } else if (ev->kind == OC_EV_DECISION && !decided && !isnan(detected)) {
            open_bar(g, OC_LANE_DETECT, OC_BAR_WAIT, detected, ev, origin);
            close_bar(g, OC_LANE_DETECT, t, ev, origin);
            decided = true;
        } else if (ev->kind == OC_EV_PROVISION_START) {
            if (isnan(prov_start))
                prov_start = t;
            if (nprov < sizeof provisioned / sizeof provisioned[0])
                provisioned[nprov++] = ev->subject;
        } else if (ev->kind == OC_EV_VM_UP) {
            for (size_t p = 0; p < nprov; p++)
                if (strcmp(provisioned[p], ev->subject) == 0)
                    prov_end = t;
        }
    }
    if (!isnan(prov_start) && !isnan(prov_end)) {
        svg_lane *l = lane(g, OC_LANE_PROVISION, "");
        if (l != NULL && l->nbars < SVG_LANE_BARS) {
            char *tp = g->bar_tip[lane_index(g, l)][l->nbars];
            snprintf(tp, TIP, "new VMs from the replicated disks");
            l->bars[l->nbars++] = (svg_bar){prov_start, prov_end, SVG_BAR_WORK, false, tp};
        }
    }
    /* Bars still open ran past the end of the trial's events. */
    double last = tl->n ? (double)tl->ev[tl->n - 1].t_us / 1e6 - origin : 0;
    for (size_t i = 0; i < g->n; i++)
        for (size_t b = 0; b < g->lanes[i].nbars; b++)
            if (isnan(g->lanes[i].bars[b].t1)) {
                g->lanes[i].bars[b].t1 = last;
                g->lanes[i].bars[b].open_end = true;
            }
}

/* Lanes in reading order (oc_lanes' ranks); lanes of one rank keep the
 * order they were made in. */
static void sort_lanes(gantt *g)
{
    /* Stable insertion sort by rank. */
    for (size_t i = 1; i < g->n; i++) {
        for (size_t j = i; j > 0 && g->rank[j - 1] > g->rank[j]; j--) {
            svg_lane tmp = g->lanes[j];
            g->lanes[j] = g->lanes[j - 1];
            g->lanes[j - 1] = tmp;
            unsigned r = g->rank[j];
            g->rank[j] = g->rank[j - 1];
            g->rank[j - 1] = r;
            /* Tooltips are referenced by pointer: they stay where they are. */
        }
    }
}

/* Keeps the lanes that show something within [t0, t1]. */
static void drop_empty_lanes(gantt *g, double t0, double t1)
{
    size_t n = 0;
    for (size_t i = 0; i < g->n; i++) {
        const svg_lane *l = &g->lanes[i];
        bool shown = false;
        for (size_t b = 0; b < l->nbars && !shown; b++)
            shown = l->bars[b].t1 >= t0 && l->bars[b].t0 <= t1;
        for (size_t m = 0; m < l->nmarks && !shown; m++)
            shown = l->marks[m].t >= t0 && l->marks[m].t <= t1;
        if (shown)
            g->lanes[n++] = g->lanes[i];
    }
    g->n = n;
}

/* Whether two timelines hold the very same events. */
static bool same_events(const rpt_timeline *a, const rpt_timeline *b)
{
    if (!a->traced || !b->traced || a->n != b->n)
        return false;
    for (size_t k = 0; k < a->n; k++)
        if (a->ev[k].t_us != b->ev[k].t_us ||
            strcmp(a->ev[k].kind_name, b->ev[k].kind_name) != 0 ||
            strcmp(a->ev[k].subject, b->ev[k].subject) != 0 ||
            strcmp(a->ev[k].detail, b->ev[k].detail) != 0)
            return false;
    return true;
}

static void events_table(FILE *out, const rpt_timeline *tl, double origin)
{
    fprintf(out, "<details><summary>All %zu events of this trial</summary>\n"
                 "<div class=\"tablewrap\"><table class=\"events\"><thead><tr>"
                 "<th>since the disruption</th><th>time in the trial</th>"
                 "<th class=\"text\">event</th><th class=\"text\">subject</th>"
                 "<th class=\"text\">detail</th></tr></thead>\n<tbody>\n",
            tl->n);
    for (size_t k = 0; k < tl->n; k++) {
        const rpt_event *ev = &tl->ev[k];
        char rel[FMT_MAX + 2], d[FMT_MAX], clock[64];
        double s = (double)ev->t_us / 1e6 - origin;
        fmt_duration(fabs(s), d, sizeof d);
        snprintf(rel, sizeof rel, "%s%s", s < 0 ? "-" : "+", d);
        fmt_clock(ev->t_us, ev->t_us % 1000000 != 0, clock, sizeof clock);
        fputs("<tr><td>", out);
        text(out, rel);
        fputs("</td><td>", out);
        text(out, clock);
        fputs("</td><td class=\"text\"><code>", out);
        text(out, ev->kind_name);
        fputs("</code></td><td class=\"text\">", out);
        text(out, ev->subject);
        fputs("</td><td class=\"text\">", out);
        text(out, ev->detail);
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table></div></details>\n", out);
}

static err_code timelines(const rpt_doc *d, FILE *out, err_msg *e)
{
    fputs("<section id=\"timelines\">\n<h2>Timelines</h2>\n<p class=\"sub\">One traced trial "
          "per variant (the first one an outage reached), from the moment the application "
          "stopped serving (time 0) until it served again. Bars are spans (the outage, "
          "detection and decision, failovers, recovery-plan groups, what came after), "
          "diamonds are moments (decisions, VMs up, DNS changes); hover for details.</p>\n",
          out);
    bool any = false;
    gantt *g = mem_calloc(1, sizeof *g);
    if (g == NULL)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < d->nitems; i++) {
        const rpt_item *it = &d->items[i];
        if (!it->tl.traced)
            continue;
        any = true;
        memset(g, 0, sizeof *g);
        double origin = origin_of(&it->tl);
        double end = end_of(&it->tl, origin);
        double span = end > 0 ? end : 60;
        build_lanes(g, &it->tl, origin);
        sort_lanes(g);
        drop_empty_lanes(g, -span * 0.03, span * 1.06);
        size_t same = SIZE_MAX;
        for (size_t j = 0; j < i && same == SIZE_MAX; j++)
            if (same_events(&d->items[j].tl, &it->tl))
                same = j;
        fprintf(out, "<div class=\"tl\" id=\"timeline-%zu\">\n<div class=\"tl-head\"><h3>", i);
        item_name(out, d, i);
        fprintf(out, "</h3><span class=\"tl-facts\">trial %llu",
                (unsigned long long)it->tl.trial);
        const oc_trial *o = &it->tl.outcome;
        for (int m = OC_RPO; m <= OC_RTO; m++) {
            char v[FMT_MAX];
            double x = o->present[m] ? o->value[m] : HUGE_VAL;
            fprintf(out, " \xC2\xB7 %s <b>", oc_metrics[m].label);
            text(out, fmt_metric((oc_metric)m, x, v, sizeof v));
            fputs("</b>", out);
        }
        char clock[64];
        fmt_clock((long long)(origin * 1e6), 0, clock, sizeof clock);
        fputs(" \xC2\xB7 disruption at ", out);
        text(out, clock);
        fputs(" into the trial</span></div>\n", out);
        if (same != SIZE_MAX) {
            fputs("<p class=\"note\">The same events, at the same times, as ", out);
            item_name(out, d, same);
            fputs(" (above).</p>\n</div>\n", out);
            continue;
        }
        char id[32], title[256];
        snprintf(id, sizeof id, "tl-%zu", i);
        snprintf(title, sizeof title, "Timeline of trial %llu of %s",
                 (unsigned long long)it->tl.trial, it->label);
        svg_gantt_chart c = {id, title, style_of(d, i), -span * 0.03, span * 1.06,
                             g->lanes, g->n};
        if (g->n > 0)
            svg_gantt(out, &c);
        else
            fputs("<p class=\"note\">No events to draw.</p>\n", out);
        /* What happened after the window, in words. */
        size_t later = 0;
        for (size_t k = 0; k < it->tl.n; k++) {
            const rpt_event *ev = &it->tl.ev[k];
            double t = (double)ev->t_us / 1e6 - origin;
            if (t <= span * 1.06)
                continue;
            if (later == 0)
                fputs("<p class=\"note\">Later: ", out);
            else if (later == 6) {
                fputs(", \xE2\x80\xA6", out);
                later++;
                continue;
            } else if (later > 6)
                continue;
            else
                fputs(", ", out);
            char dd[FMT_MAX];
            fmt_duration(t, dd, sizeof dd);
            fputs("<code>", out);
            text(out, ev->kind_name);
            fputs("</code> +", out);
            text(out, dd);
            later++;
        }
        if (later)
            fputs("</p>\n", out);
        events_table(out, &it->tl, origin);
        fputs("</div>\n", out);
    }
    mem_free(g);
    if (!any)
        fputs("<p class=\"note\">No trial was traced: run with <code>--trace N</code> to keep "
              "the timelines of the first N trials of each variant.</p>\n",
              out);
    fputs("</section>\n", out);
    return ERR_OK;
}

/* ---- Expectations ---------------------------------------------------------------------------- */

/* The item showing variant `variant_id` of run r, or SIZE_MAX. */
static size_t item_of(const rpt_doc *d, size_t r, int64_t variant_id)
{
    for (size_t i = 0; i < d->nitems; i++)
        if (d->items[i].run == r && d->items[i].v.id == variant_id)
            return i;
    return SIZE_MAX;
}

static void expectations(const rpt_doc *d, FILE *out)
{
    fputs("<section id=\"expectations\">\n<h2>Expectations</h2>\n", out);
    bool any = false;
    for (size_t r = 0; r < d->nruns; r++) {
        const rpt_run *run = &d->runs[r];
        size_t failed = 0, inconclusive = 0;
        size_t shown = rpt_expectations_shown(d, r, &failed, &inconclusive);
        if (shown == 0)
            continue;
        any = true;
        fputs("<p class=\"sub\">", out);
        if (d->nruns > 1)
            fprintf(out, "Run %lld: ", (long long)run->r.id);
        fprintf(out, "<span class=\"pass\">%zu passed</span>, <span class=\"%s\">%zu failed"
                     "</span>",
                shown - failed - inconclusive, failed ? "fail" : "note", failed);
        if (inconclusive)
            fprintf(out, ", <span class=\"inconclusive\">%zu inconclusive</span> (the "
                         "statistic's interval holds the threshold: more trials would decide)",
                    inconclusive);
        fputs(" \xE2\x80\x94 the rules of the scenario's <code>expect:</code>, judged on the "
              "stored trials.</p>\n",
              out);
        fputs("<div class=\"tablewrap\"><table class=\"expectations\"><thead><tr>"
              "<th class=\"text\">result</th><th class=\"name\">variant</th>"
              "<th class=\"text\">rule</th><th>observed</th><th>trials missing it</th>"
              "<th>line</th></tr></thead>\n<tbody>\n",
              out);
        for (size_t k = 0; k < run->nx; k++) {
            const store_expectation *x = &run->x[k];
            if (!rpt_expectation_shown(d, r, x))
                continue;
            char obs[FMT_MAX], thr[FMT_MAX], miss[FMT_MAX];
            view_expectation_values(x, obs, thr, FMT_MAX);
            fprintf(out, "<tr><td class=\"text\"><span class=\"badge %s\">%s</span></td>"
                         "<td class=\"name\">",
                    x->pass ? "pass" : x->inconclusive ? "inconclusive" : "fail",
                    view_verdict(x));
            size_t i = item_of(d, r, x->variant_id);
            if (i != SIZE_MAX) {
                item_name(out, d, i);
            } else {
                fputs("<span class=\"vname\">", out);
                text(out, x->variant);
                fputs("</span>", out);
            }
            fputs("</td><td class=\"text\"><code>", out);
            text(out, x->metric);
            fputs(".", out);
            text(out, x->stat);
            if (x->given != NULL) {
                fputs(" | ", out);
                text(out, x->given);
            }
            fputs(" ", out);
            text(out, x->text ? x->text : thr);
            fputs("</code></td><td>", out);
            text(out, obs);
            fputs("</td><td>", out);
            text(out, isnan(x->missed_share) ? "" : fmt_share(x->missed_share, miss, sizeof miss));
            fprintf(out, "</td><td>%u</td></tr>\n", x->line);
        }
        fputs("</tbody></table></div>\n", out);
    }
    if (!any)
        fputs("<p class=\"note\">The scenario has no <code>expect:</code> rules.</p>\n", out);
    fputs("</section>\n", out);
}

/* ---- Scenario ---------------------------------------------------------------- */

static void scenario(const rpt_doc *d, FILE *out)
{
    fputs("<section id=\"scenario\">\n<h2>Scenario</h2>\n", out);
    for (size_t r = 0; r < d->nruns; r++) {
        const rpt_run *run = &d->runs[r];
        const store_run *sr = &run->r;
        fprintf(out, "<h3>Run %lld: ", (long long)sr->id);
        text(out, sr->scenario);
        fputs("</h3>\n<dl class=\"facts\">", out);
        char b[256], w[64];
        fact(out, "scenario sha256", sr->sha256 ? sr->sha256 : "-");
        snprintf(b, sizeof b, "%llu", (unsigned long long)sr->seed);
        fact(out, "seed", b);
        snprintf(b, sizeof b, "%llu..%llu of %llu", (unsigned long long)sr->trial_first,
                 (unsigned long long)(sr->trial_end ? sr->trial_end - 1 : 0),
                 (unsigned long long)sr->trials);
        fact(out, "trials", b);
        when(sr->started_at, w, sizeof w);
        fact(out, "started", w);
        when(sr->finished_at, w, sizeof w);
        fact(out, "finished", w);
        fact(out, "drsim version", sr->version ? sr->version : "-");
        fputs("</dl>\n<p class=\"note\">Command line: <code>", out);
        text(out, sr->argv);
        fputs("</code>", out);
        if (sr->merged_from) {
            fputs(" \xC2\xB7 merged from <code>", out);
            text(out, sr->merged_from);
            fputs("</code>", out);
        }
        fputs("</p>\n<div class=\"tablewrap\"><table class=\"variants\"><thead><tr>"
              "<th class=\"name\">variant</th><th class=\"text\">strategy</th>"
              "<th class=\"text\">parameters</th></tr></thead>\n<tbody>\n",
              out);
        for (size_t i = 0; i < d->nitems; i++) {
            if (d->items[i].run != r)
                continue;
            fputs("<tr><td class=\"name\">", out);
            item_name(out, d, i);
            fputs("</td><td class=\"text\">", out);
            text(out, d->items[i].v.strategy);
            fputs("</td><td class=\"text\"><code>", out);
            text(out, d->items[i].v.params);
            fputs("</code></td></tr>\n", out);
        }
        fputs("</tbody></table></div>\n", out);
        size_t lines = 0;
        for (size_t k = 0; k < run->source_len; k++)
            lines += run->source[k] == '\n';
        fprintf(out, "<details><summary>The scenario file as run (%zu lines)</summary>"
                     "<pre class=\"source\">\n",
                lines);
        text(out, run->source);
        fputs("</pre></details>\n", out);
    }
    fputs("</section>\n", out);
}

err_code html_render(const rpt_doc *d, FILE *out, err_msg *e)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
          "<meta name=\"generator\" content=\"drsim report\"/>\n<title>",
          out);
    for (size_t r = 0; r < d->nruns; r++) {
        if (r)
            fputs(" vs ", out);
        text(out, d->runs[r].r.scenario);
    }
    fputs(" \xE2\x80\x94 drsim report</title>\n<style>\n", out);
    fputs(css, out);
    fputs("</style>\n</head>\n<body>\n<main>\n", out);
    header(d, out);
    year(d, out);
    glance(d, out);
    summary(d, out);
    bills(d, out);
    frontier(d, out);
    distribution(d, out, RPT_CDF_RPO, "rpo", "RPO: how much data is lost",
                 "Recovery point objective achieved: the time between the disruption and the "
                 "point the recovered data goes back to, worst over the application's data.");
    distribution(d, out, RPT_CDF_RTO, "rto", "RTO: how long the application is down",
                 "Recovery time achieved: from the disruption until the application serves "
                 "again from some region (all tiers up, recovery plan complete).");
    err_code rc = timelines(d, out, e);
    if (rc != ERR_OK)
        return rc;
    expectations(d, out);
    scenario(d, out);
    fputs("<footer>Made by <code>drsim report</code> from the results store alone: every "
          "figure is computed from the stored trials (percentiles are Hyndman &amp; Fan type 7; "
          "<i>lost</i> and <i>never</i> count as +\xE2\x88\x9E). Colours: the Okabe\xE2\x80\x93Ito "
          "palette, distinguishable with common colour-vision deficiencies; variants of one "
          "strategy share a colour and differ by dash.</footer>\n</main>\n</body>\n</html>\n",
          out);
    if (ferror(out))
        return err_set(e, ERR_IO, "cannot write the report");
    return ERR_OK;
}

/* ---- A drill's debrief (drsim report --drill ID) ------------------------------------ */

static void drill_metric(FILE *out, const oc_trial *t, oc_metric m)
{
    char buf[FMT_MAX];
    text(out, fmt_metric(m, t->present[m] ? t->value[m] : (double)INFINITY, buf, sizeof buf));
}

/* A bar of a rank's shares: better (the strategy's outages that did better
 * than the team), same, worse. */
static void rank_bar(FILE *out, const store_drill_rank *r)
{
    fprintf(out,
            "<svg width=\"200\" height=\"12\" role=\"img\" aria-label=\"better %.1f%%, same "
            "%.1f%%, worse %.1f%%\"><rect x=\"0\" y=\"0\" width=\"%.1f\" height=\"12\" "
            "fill=\"#D55E00\"/><rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"12\" "
            "fill=\"#999999\"/><rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"12\" "
            "fill=\"#009E73\"/></svg>",
            100 * r->better, 100 * r->same, 100 * r->worse, 200 * r->better, 200 * r->better,
            200 * r->same, 200 * (r->better + r->same), 200 * r->worse);
}

static void drill_plays(const store_drill *d, FILE *out)
{
    int best = dview_best(d);
    fputs("<section id=\"plays\"><h2>The same outage, played each way</h2>\n<p>The drill's "
          "trial played by the team and by each strategy of the scenario, on the same random "
          "numbers.</p>\n<table>\n<thead><tr><th>play</th><th>RTO</th><th>RPO</th>"
          "<th>writes lost</th><th>lost for good</th><th>outage cost</th></tr></thead>\n<tbody>\n",
          out);
    for (size_t i = 0; i < d->nplays; i++) {
        const oc_trial *t = &d->plays[i].outcome;
        char buf[FMT_MAX];
        fprintf(out, "<tr%s><td>", (int)i == best ? " class=\"best\"" : "");
        text(out, d->plays[i].team ? "you (the team)" : d->plays[i].who);
        if ((int)i == best)
            fputs(" <span class=\"note\">best in hindsight</span>", out);
        fputs("</td><td>", out);
        drill_metric(out, t, OC_RTO);
        fputs("</td><td>", out);
        drill_metric(out, t, OC_RPO);
        fputs("</td><td>", out);
        text(out, t->present[OC_DATA_LOSS_WRITES]
                      ? fmt_count(t->value[OC_DATA_LOSS_WRITES], buf, sizeof buf)
                      : "-");
        fputs("</td><td>", out);
        text(out, t->present[OC_DATA_LOST_ALL] && t->value[OC_DATA_LOST_ALL] > 0 ? "yes" : "no");
        fputs("</td><td>", out);
        text(out, t->present[OC_OUTAGE_COST] ? fmt_money(t->value[OC_OUTAGE_COST], buf, sizeof buf)
                                             : "-");
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table></section>\n", out);
}

static void drill_ranks(const store_drill *d, FILE *out)
{
    if (d->nranks == 0)
        return;
    fputs("<section id=\"ranks\"><h2>Where the team's result falls</h2>\n<p>Among each "
          "strategy's outages that reached the application: the share that did better than the "
          "team (orange), the same (grey), worse (green).</p>\n<table>\n<thead><tr><th>strategy"
          "</th><th>figure</th><th>outages</th><th>better / same / worse</th><th>its p50</th>"
          "<th>its p95</th></tr></thead>\n<tbody>\n",
          out);
    for (size_t i = 0; i < d->nranks; i++) {
        const store_drill_rank *r = &d->ranks[i];
        char a[FMT_MAX], b[FMT_MAX];
        fputs("<tr><td>", out);
        text(out, r->strategy);
        fputs("</td><td>", out);
        text(out, oc_metrics[r->metric].label);
        fprintf(out, "</td><td>%llu</td><td>", (unsigned long long)r->n);
        rank_bar(out, r);
        fputs("</td><td>", out);
        text(out, fmt_metric(r->metric, r->p50, a, sizeof a));
        fputs("</td><td>", out);
        text(out, fmt_metric(r->metric, r->p95, b, sizeof b));
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table></section>\n", out);
}

static void drill_timeline(const store_drill *d, FILE *out)
{
    fputs("<section id=\"timeline\"><h2>What happened, and what the team did</h2>\n<table>\n"
          "<thead><tr><th>time</th><th>since the page</th><th>event</th><th>detail</th></tr>"
          "</thead>\n<tbody>\n",
          out);
    size_t k = 0;
    for (size_t i = 0; i < d->nevents; i++) {
        const oc_event *ev = &d->events[i];
        char clock[32], rel[FMT_MAX + 1];
        dview_event_times(d, ev, clock, sizeof clock, rel, sizeof rel);
        const store_drill_action *a = dview_event_action(d, ev, &k);
        fprintf(out, "<tr%s><td>%s</td><td>", a != NULL ? " class=\"act\"" : "", clock);
        text(out, rel);
        fputs("</td><td>", out);
        if (a != NULL) {
            fputs(a->refused ? "team (refused)" : "team", out);
            fputs("</td><td><code>", out);
            text(out, a->text);
            fputs("</code> \xE2\x80\x94 ", out);
            text(out, a->answer);
        } else {
            text(out, oc_event_kind_name(ev->kind));
            fputs("</td><td>", out);
            if (ev->subject[0]) {
                text(out, ev->subject);
                fputs(": ", out);
            }
            text(out, ev->detail);
        }
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table></section>\n", out);
}

err_code html_render_drill(const store_drill *d, FILE *out, err_msg *e)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
          "<meta name=\"generator\" content=\"drsim report\"/>\n<title>Drill debrief: ",
          out);
    text(out, d->scenario);
    fputs(" \xE2\x80\x94 drsim report</title>\n<style>\n", out);
    fputs(css, out);
    fputs("tr.best td{font-weight:600}tr.act td{background:#f3f7fb}\n</style>\n</head>\n"
          "<body>\n<main>\n<header class=\"top\">\n<div class=\"kicker\">drsim drill "
          "debrief</div>\n<h1>",
          out);
    text(out, d->scenario);
    char clock[32];
    units_format_day_clock((long long)(d->t_alert * 1e6), clock, sizeof clock);
    fprintf(out, "</h1>\n<p>Drill %lld: trial %llu (seed %llu), the page at %s; played by %s, "
                 "ended: ",
            (long long)d->id, (unsigned long long)d->trial, (unsigned long long)d->seed, clock,
            strcmp(d->mode, "script") == 0 ? "a script" : "a team at the terminal");
    text(out, d->ended);
    fputs(".</p>\n</header>\n", out);
    /* The debrief's words, as the terminal printed them. */
    char *words = NULL;
    err_code rc = dview_debrief_string(d, &words, e);
    if (rc != ERR_OK)
        return rc;
    fputs("<section id=\"debrief\"><h2>Debrief</h2>\n<pre>", out);
    text(out, words);
    free(words);
    fputs("</pre></section>\n", out);
    drill_plays(d, out);
    drill_ranks(d, out);
    drill_timeline(d, out);
    fputs("<footer>Made by <code>drsim report --drill</code> from the results store alone."
          "</footer>\n</main>\n</body>\n</html>\n",
          out);
    if (ferror(out))
        return err_set(e, ERR_IO, "cannot write the debrief");
    return ERR_OK;
}
