/*
 * md.c — the Markdown report: the headlines, the summary table, the
 * share of trials missing each target and the expectations, as GitHub-
 * flavoured Markdown fit for a pull-request comment or a CI step summary
 * ($GITHUB_STEP_SUMMARY).
 *
 * Text that comes from a scenario (names, descriptions, rules) is escaped:
 * Markdown's punctuation gets a backslash, '<', '>' and '&' become entities
 * (so no HTML gets through), line breaks become spaces; inside tables '|' is
 * escaped too. The best value of each column is in bold.
 */
#include "reports/render/md.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports/render/report.h"
#include "reports/text/fmt.h"

static void md_text(FILE *out, const char *s);

/* Writes s as literal Markdown text that starts a paragraph or list item:
 * what would open a list, a heading or a rule is escaped too. */
static void md_para(FILE *out, const char *s)
{
    if (*s == '-' || *s == '+' || *s == '=') {
        fputc('\\', out);
        fputc(*s++, out);
    } else {
        const char *p = s;
        while (*p >= '0' && *p <= '9')
            p++;
        if (p > s && (*p == '.' || *p == ')')) {
            fwrite(s, 1, (size_t)(p - s), out);
            fputc('\\', out);
            fputc(*p, out);
            s = p + 1;
        }
    }
    md_text(out, s);
}

/* Writes s as literal Markdown text (in a table cell or after other text). */
static void md_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        char c = *s;
        /* DEL and the C1 controls (U+0080..U+009F, C2 80..C2 9F in UTF-8)
         * would drive a terminal the Markdown is printed on. */
        if ((unsigned char)c == 0x7f) {
            fputc(' ', out);
            continue;
        }
        if ((unsigned char)c == 0xc2 && (unsigned char)s[1] >= 0x80 &&
            (unsigned char)s[1] <= 0x9f) {
            fputc(' ', out);
            s++;
            continue;
        }
        switch (c) {
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&': fputs("&amp;", out); break;
        case '\n':
        case '\r': fputc(' ', out); break;
        case '\\': case '`': case '*': case '_': case '[': case ']': case '|':
        case '#': case '~': case '!': case '{': case '}':
            fputc('\\', out);
            fputc(c, out);
            break;
        default:
            /* Other control characters would break a table row. */
            fputc((unsigned char)c < 0x20 ? ' ' : c, out);
        }
    }
}

static void facts(const rpt_doc *d, const rpt_run *run, FILE *out)
{
    const store_run *r = &run->r;
    size_t nv = 0;
    for (size_t i = 0; i < d->nitems; i++)
        nv += &d->runs[d->items[i].run] == run;
    fprintf(out, "Run %lld of **", (long long)r->id);
    md_text(out, r->scenario ? r->scenario : "");
    fprintf(out, "** · seed %llu · %llu trials × %zu variant%s · drsim ",
            (unsigned long long)r->seed, (unsigned long long)(r->trial_end - r->trial_first), nv,
            nv == 1 ? "" : "s");
    md_text(out, r->version ? r->version : "?");
    fputs(" · started ", out);
    md_text(out, r->started_at ? r->started_at : "?");
    if (run->nstrata > 0)
        fprintf(out, " · stratified over its outages (%zu strata): every figure weighs each "
                     "trial by its stratum's probability",
                run->nstrata);
    fputc('\n', out);
}

static void summary(const rpt_doc *d, FILE *out)
{
    char full[128];
    fputs("\n## Summary\n\n| variant |", out);
    for (size_t c = 0; c < rpt_ncolumns; c++)
        if (rpt_column_shown(d, &rpt_columns[c]))
            fprintf(out, " %s |", rpt_column_full(&rpt_columns[c], full, sizeof full));
    fputs(" consistency |\n| :--- |", out);
    for (size_t c = 0; c < rpt_ncolumns; c++)
        if (rpt_column_shown(d, &rpt_columns[c]))
            fputs(" ---: |", out);
    fputs(" :--- |\n", out);
    uint64_t best[64];
    for (size_t c = 0; c < rpt_ncolumns; c++)
        best[c] = rpt_best(d, rpt_columns[c].metric, rpt_columns[c].stat);
    for (size_t i = 0; i < d->nitems; i++) {
        const rpt_item *it = &d->items[i];
        fputs("| ", out);
        md_text(out, it->label);
        fputs(" |", out);
        for (size_t c = 0; c < rpt_ncolumns; c++) {
            const rpt_column *col = &rpt_columns[c];
            if (!rpt_column_shown(d, col))
                continue;
            char v[3 * FMT_MAX + 8];
            rpt_cell(d, it, col, v, sizeof v);
            bool b = (best[c] >> i) & 1;
            fprintf(out, " %s%s%s |", b ? "**" : "", v, b ? "**" : "");
        }
        char cons[256];
        fprintf(out, " %s |\n", rpt_consistency_text(it, cons, sizeof cons));
    }
    fputs("\nThe best value of each column is in **bold**. Percentiles are over trials; "
          "*lost*: the data was lost altogether, *never*: not serving again within the "
          "horizon.",
          out);
    if (d->intervals && d->nitems > 0)
        fprintf(out, " In brackets, each figure's %.4g%% confidence interval.",
                100 * store_confidence(d->items[0].st));
    fputs("\n", out);
}

/* A yearly figure with its interval: "24.1k [22.9k, 25.3k]", or "n/a". */
static void year_cell(FILE *out, oc_metric m, const double v[3])
{
    char a[FMT_MAX], lo[FMT_MAX], hi[FMT_MAX];
    if (isnan(v[0]))
        fputs(" n/a |", out);
    else
        fprintf(out, " %s [%s, %s] |", fmt_metric(m, v[0], a, sizeof a),
                fmt_metric(m, v[1], lo, sizeof lo), fmt_metric(m, v[2], hi, sizeof hi));
}

/* The answer of a year, first: what each variant costs to run and what its
 * outages are expected to cost (models/world/cost.h). */
static void year(const rpt_doc *d, FILE *out)
{
    if (!rpt_has_costs(d))
        return;
    const char *cur = rpt_currency(d);
    fputs("## A year\n\n| variant | running (12 months) | expected outage cost | total | "
          "disruptions | expected downtime | expected data lost |\n"
          "| :--- | ---: | ---: | ---: | ---: | ---: | ---: |\n",
          out);
    for (size_t i = 0; i < d->nitems; i++) {
        const rpt_item *it = &d->items[i];
        if (it->cost.currency == NULL)
            continue;
        const costv_annual *a = &it->annual;
        char b[FMT_MAX];
        fputs("| ", out);
        md_text(out, it->label);
        fprintf(out, " | %s |", fmt_money(12 * a->monthly, b, sizeof b));
        year_cell(out, OC_OUTAGE_COST, a->outage);
        year_cell(out, OC_OUTAGE_COST, a->total);
        fprintf(out, " %.4g |", a->per_year);
        year_cell(out, OC_RTO, a->downtime);
        year_cell(out, OC_DATA_LOSS_BYTES, a->bytes_lost);
        fputc('\n', out);
    }
    fputs("\nIn ", out);
    md_text(out, cur);
    fputs(". Running: 12 times the monthly bill (Running cost, below). Expected: the "
          "disruptions a year (the scenario's `risk:` catalogue, estimates) times the mean "
          "over the trials, each kind (transient, destroying its scope) at its own rate, in "
          "brackets its confidence interval; *n/a*: the scenario gives no business figures, "
          "no trial measured a kind that comes, or it never ends (a destroyed region waited "
          "for).\n\n",
          out);
}

/* Each variant's itemised monthly bill. */
static void bills(const rpt_doc *d, FILE *out)
{
    if (!rpt_has_costs(d))
        return;
    fputs("\n## Running cost\n", out);
    for (size_t i = 0; i < d->nitems; i++) {
        const rpt_item *it = &d->items[i];
        if (it->cost.currency == NULL)
            continue;
        char b[2][FMT_MAX];
        fputs("\n### ", out);
        md_text(out, it->label);
        fputs(", a month\n\n| item | quantity | unit | unit price | a month |\n"
              "| :--- | ---: | :--- | ---: | ---: |\n",
              out);
        for (size_t k = 0; k < it->cost.n; k++) {
            const store_cost_item *c = &it->cost.items[k];
            fputs("| ", out);
            md_text(out, c->what);
            fprintf(out, " | %s | %s | %.4g | %s |\n", fmt_count(c->quantity, b[0], FMT_MAX),
                    c->unit, c->unit_price, fmt_money(c->monthly, b[1], FMT_MAX));
        }
        fprintf(out, "| **total** | | | | **%s** |\n", fmt_money(it->cost.monthly, b[0], FMT_MAX));
    }
}

/* Running cost against RTO p95, with two variants or more that have one:
 * the frontier, and the cheapest that meets its expectations. */
static void frontier(const rpt_doc *d, FILE *out)
{
    pareto_point p[RPT_MAX_ITEMS];
    size_t n = rpt_pareto(d, RPT_PARETO_METRIC, RPT_PARETO_STAT, p);
    if (n < 2)
        return;
    oc_metric m = RPT_PARETO_METRIC;
    fprintf(out, "\n## Cost against %s %s\n\n| variant | a month | %s %s | expectations | "
                 "frontier |\n| :--- | ---: | ---: | :--- | :--- |\n",
            oc_metrics[m].label, stats_stat_name(RPT_PARETO_STAT), oc_metrics[m].label,
            stats_stat_name(RPT_PARETO_STAT));
    for (size_t i = 0; i < n; i++) {
        char c[FMT_MAX], f[3 * FMT_MAX + 8];
        fputs("| ", out);
        md_text(out, p[i].label);
        fprintf(out, " | %s | %s | %s | %s |\n", fmt_money(p[i].cost, c, sizeof c),
                pareto_figure_text(m, &p[i], f, sizeof f), pareto_verdict_word(p[i].verdict),
                p[i].frontier ? "**yes**" : "dominated");
    }
    long best = pareto_cheapest(p, n);
    fputs("\nOn the frontier: no other variant costs less a month and does as well. ", out);
    if (best >= 0) {
        char c[FMT_MAX];
        fputs("The cheapest that meets every expectation: **", out);
        md_text(out, p[best].label);
        fprintf(out, "** (%s a month).\n", fmt_money(p[best].cost, c, sizeof c));
    } else {
        fputs("No variant with a running cost meets every expectation.\n", out);
    }
}

static void targets(const rpt_doc *d, FILE *out)
{
    if (d->ntargets == 0)
        return;
    fputs("\n### Share of trials missing each target\n\n| variant |", out);
    for (size_t k = 0; k < d->ntargets; k++) {
        char t[128];
        fputc(' ', out);
        md_text(out, rpt_target_text(&d->targets[k], t, sizeof t));
        fputs(" |", out);
    }
    fputs("\n| :--- |", out);
    for (size_t k = 0; k < d->ntargets; k++)
        fputs(" ---: |", out);
    fputc('\n', out);
    for (size_t i = 0; i < d->nitems; i++) {
        fputs("| ", out);
        md_text(out, d->items[i].label);
        fputs(" |", out);
        for (size_t k = 0; k < d->ntargets; k++) {
            char v[FMT_MAX];
            fprintf(out, " %s |", fmt_share(d->items[i].missed[k], v, sizeof v));
        }
        fputc('\n', out);
    }
}

static void expectations(const rpt_doc *d, FILE *out)
{
    for (size_t r = 0; r < d->nruns; r++) {
        const rpt_run *run = &d->runs[r];
        size_t failed = 0, inconclusive = 0;
        size_t shown = rpt_expectations_shown(d, r, &failed, &inconclusive);
        if (shown == 0)
            continue;
        fputs("\n## Expectations", out);
        if (d->nruns > 1)
            fprintf(out, " of run %lld", (long long)run->r.id);
        fprintf(out, ": %zu passed, %zu failed", shown - failed - inconclusive, failed);
        if (inconclusive)
            fprintf(out, ", %zu inconclusive (the statistic's interval holds the threshold: "
                         "more trials would decide)", inconclusive);
        fputs("\n\n| | variant | rule | observed | interval | trials missing it |\n"
              "| :--- | :--- | :--- | ---: | ---: | ---: |\n",
              out);
        for (size_t i = 0; i < run->nx; i++) {
            const store_expectation *x = &run->x[i];
            if (!rpt_expectation_shown(d, r, x))
                continue;
            char obs[FMT_MAX], thr[FMT_MAX], miss[FMT_MAX];
            view_expectation_values(x, obs, thr, FMT_MAX);
            fputs(x->pass ? "| ✅ pass | " : x->inconclusive ? "| ⚠️ **INCONCLUSIVE** | "
                                                         : "| ❌ **FAIL** | ",
                  out);
            md_text(out, x->variant ? x->variant : "");
            fputs(" | ", out);
            md_text(out, x->metric);
            fputs(".", out);
            md_text(out, x->stat);
            if (x->given != NULL) {
                fputs(" \\| ", out); /* a bar inside a Markdown table cell */
                md_text(out, x->given);
            }
            fputs(" ", out);
            md_text(out, x->text ? x->text : thr);
            if (x->line)
                fprintf(out, " (line %u)", x->line);
            char lo[FMT_MAX], hi[FMT_MAX];
            fprintf(out, " | %s | ", obs);
            if (view_expectation_interval(x, lo, hi, FMT_MAX))
                fprintf(out, "%s .. %s (%.4g%%)", lo, hi, 100 * x->level);
            fprintf(out, " | %s |\n",
                    isnan(x->missed_share) ? "" : fmt_share(x->missed_share, miss, sizeof miss));
        }
    }
}

err_code md_render(const rpt_doc *d, FILE *out, err_msg *e)
{
    fputs("# ", out);
    for (size_t r = 0; r < d->nruns; r++) {
        if (r)
            fputs(" vs ", out);
        md_text(out, d->runs[r].r.scenario ? d->runs[r].r.scenario : "");
    }
    fputs(" — drsim report\n\n", out);
    if (d->note[0]) {
        fputs("> ", out);
        md_text(out, d->note);
        fputs("\n\n", out);
    }
    for (size_t r = 0; r < d->nruns; r++) {
        const char *desc = d->runs[r].r.description;
        if (desc != NULL && *desc && (r == 0 || d->runs[r - 1].r.description == NULL ||
                                      strcmp(desc, d->runs[r - 1].r.description) != 0)) {
            md_para(out, desc);
            fputs("\n\n", out);
        }
    }
    year(d, out);
    for (size_t r = 0; r < d->nruns; r++) {
        facts(d, &d->runs[r], out);
        if (r + 1 < d->nruns)
            fputs("\\\n", out); /* a hard line break between runs */
    }
    if (d->nheadlines > 0) {
        fputs("\n**At a glance**\n\n", out);
        for (size_t h = 0; h < d->nheadlines; h++) {
            fputs("- ", out);
            md_para(out, d->headlines[h].text);
            fputc('\n', out);
        }
    }
    summary(d, out);
    targets(d, out); /* a part of the summary (###) */
    bills(d, out);
    frontier(d, out);
    expectations(d, out);
    if (ferror(out))
        return err_set(e, ERR_IO, "cannot write the report");
    return ERR_OK;
}
