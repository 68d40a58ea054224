/*
 * report.c — gathering a report's document from the store, and what the
 * renderers share (see report.h).
 *
 * Every figure comes from the store's own aggregates (store_aggregate,
 * store_missed_share, store_rpo_positive), so a report agrees with
 * `drsim show` and `drsim check` to the last digit. Distributions are read
 * with store_values_open, in ascending order, and kept at RPT_CDF_MAX points
 * at most: exact (one point per distinct value) when there are few distinct
 * values, else evenly spaced order statistics.
 */
#include "reports/render/report.h"

#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reports/text/fmt.h"
#include "sim/core/mem.h"

static err_code nomem(err_msg *e)
{
    return err_set(e, ERR_NOMEM, "out of memory");
}

/* ---- Distributions ------------------------------------------------------------ */

/* Reads metric m's values of a variant into cdf (see rpt_cdf). A point's p
 * is the share of the trials — by weight, for a stratified run — whose
 * value is at most its x. */
static err_code read_cdf(store *st, int64_t variant_id, oc_metric m, rpt_cdf *cdf, err_msg *e)
{
    memset(cdf, 0, sizeof *cdf);
    cdf->metric = m;
    store_iter *it = NULL;
    uint64_t present = 0, absent = 0;
    err_code rc = store_values_open(st, variant_id, m, &it, &present, &absent, e);
    if (rc != ERR_OK)
        return rc;
    cdf->n_worst = oc_metrics[m].absent_is_worst ? absent : 0;
    cdf->trials = present + cdf->n_worst;
    double total = 0;
    bool weighted = store_values_weighted(it, &total, &cdf->n_eff);
    size_t k = present < RPT_CDF_MAX ? (size_t)present : RPT_CDF_MAX;
    rpt_point *exact = k ? mem_calloc(k, sizeof *exact) : NULL;
    rpt_point *sampled = k ? mem_calloc(k, sizeof *sampled) : NULL;
    if (k && (exact == NULL || sampled == NULL)) {
        mem_free(exact);
        mem_free(sampled);
        store_iter_close(it);
        return nomem(e);
    }
    size_t nexact = 0, nsampled = 0;
    bool overflow = false;
    double cum = 0;
    /* Sampled ranks: floor(j (present - 1) / (k - 1)), j = 0 .. k-1. */
    uint64_t i = 0;
    for (bool done = false; rc == ERR_OK; i++) {
        double v = 0;
        rc = store_values_next(it, &v, &done, e);
        if (rc != ERR_OK || done)
            break;
        cum += store_values_weight(it);
        if (nexact > 0 && exact[nexact - 1].x == v)
            exact[nexact - 1].p = cum;
        else if (nexact < k)
            exact[nexact++] = (rpt_point){v, cum};
        else
            overflow = true;
        while (nsampled < k) {
            uint64_t rank = k > 1 ? (uint64_t)((double)nsampled * (double)(present - 1) /
                                               (double)(k - 1))
                                  : 0;
            if (rank != i)
                break;
            sampled[nsampled++] = (rpt_point){v, cum};
        }
    }
    store_iter_close(it);
    if (rc != ERR_OK) {
        mem_free(exact);
        mem_free(sampled);
        return rc;
    }
    cdf->exact = !overflow;
    cdf->pts = cdf->exact ? exact : sampled;
    cdf->n = cdf->exact ? nexact : nsampled;
    mem_free(cdf->exact ? sampled : exact);
    for (size_t j = 0; j < cdf->n; j++)
        cdf->pts[j].p /= total > 0 ? total : 1;
    if (cdf->n_worst == 0)
        cdf->worst_share = 0;
    else if (weighted)
        cdf->worst_share = total > 0 ? 1 - cum / total : 0;
    else
        cdf->worst_share = (double)cdf->n_worst / (double)cdf->trials;
    return ERR_OK;
}

/* ---- Timelines --------------------------------------------------------------------- */

static void timeline_clear(rpt_timeline *tl)
{
    for (size_t i = 0; i < tl->n; i++) {
        mem_free(tl->ev[i].kind_name);
        mem_free(tl->ev[i].subject);
        mem_free(tl->ev[i].detail);
    }
    mem_free(tl->ev);
    memset(tl, 0, sizeof *tl);
}

static err_code read_events(store *st, int64_t variant_id, rpt_timeline *tl, err_msg *e)
{
    store_iter *it = NULL;
    err_code rc = store_events_open(st, variant_id, false, tl->trial, &it, e);
    size_t cap = 0;
    for (bool done = false; rc == ERR_OK;) {
        store_event ev;
        rc = store_events_next(it, &ev, &done, e);
        if (rc != ERR_OK || done)
            break;
        if (mem_grow((void **)&tl->ev, &cap, tl->n + 1, sizeof *tl->ev) != 0) {
            rc = nomem(e);
            break;
        }
        rpt_event *x = &tl->ev[tl->n];
        x->t_us = ev.t_us;
        x->kind = ev.kind;
        x->kind_name = mem_strdup(ev.kind_name);
        x->subject = mem_strdup(ev.subject);
        x->detail = mem_strdup(ev.detail);
        tl->n++;
        if (x->kind_name == NULL || x->subject == NULL || x->detail == NULL)
            rc = nomem(e);
    }
    store_iter_close(it);
    return rc;
}

/* One pass over the item's trials: counts per consistency, and the outcome
 * of the traced trial the timeline shows (the first traced trial an outage
 * reached, else the first traced one). */
static err_code scan_trials(rpt_item *it, err_msg *e)
{
    uint64_t *traced = NULL;
    size_t nt = 0;
    err_code rc = store_traced_trials(it->st, it->v.id, &traced, &nt, e);
    if (rc != ERR_OK)
        return rc;
    wstats_strata design;
    rc = store_variant_strata(it->st, it->v.id, &design, e);
    store_iter *iter = NULL;
    if (rc == ERR_OK)
        rc = store_trials_open(it->st, it->v.id, &iter, e);
    bool picked = false;
    size_t next_traced = 0;
    for (bool done = false; rc == ERR_OK;) {
        oc_trial t;
        rc = store_trials_next(iter, &t, &done, e);
        if (rc != ERR_OK || done)
            break;
        const char *c = t.consistency;
        size_t k = c == NULL                ? RPT_CONS_NOT_RESTORED
                   : strcmp(c, "app") == 0   ? RPT_CONS_APP
                   : strcmp(c, "crash") == 0 ? RPT_CONS_CRASH
                                             : RPT_CONS_NONE;
        it->cons[k]++;
        it->cons_weight[k] +=
            design.n && t.stratum >= 0 ? wstats_weight(&design, (uint32_t)t.stratum) : 1;
        while (next_traced < nt && traced[next_traced] < t.trial)
            next_traced++;
        if (picked || next_traced == nt || traced[next_traced] != t.trial)
            continue;
        bool disrupted = t.present[OC_DISRUPTED] && t.value[OC_DISRUPTED] != 0;
        if (!it->tl.traced || disrupted) {
            it->tl.traced = true;
            it->tl.trial = t.trial;
            it->tl.outcome = t;
            it->tl.outcome.consistency = NULL;
            picked = disrupted;
        }
    }
    store_iter_close(iter);
    mem_free(traced);
    if (rc == ERR_OK && it->tl.traced)
        rc = read_events(it->st, it->v.id, &it->tl, e);
    return rc;
}

/* ---- Targets ------------------------------------------------------------------------ */

static err_code collect_targets(rpt_doc *d, err_msg *e)
{
    size_t cap = 0;
    for (size_t r = 0; r < d->nruns; r++)
        for (size_t i = 0; i < d->runs[r].nx; i++) {
            const store_expectation *x = &d->runs[r].x[i];
            const oc_metric_info *mi = oc_metric_find(x->metric);
            if (mi == NULL || stats_stat_find(x->stat) == STATS_N || strlen(x->op) >= 4 ||
                isnan(x->threshold))
                continue;
            bool seen = false;
            for (size_t k = 0; k < d->ntargets && !seen; k++)
                seen = d->targets[k].metric == mi->id && strcmp(d->targets[k].op, x->op) == 0 &&
                       d->targets[k].threshold == x->threshold;
            if (seen)
                continue;
            if (mem_grow((void **)&d->targets, &cap, d->ntargets + 1, sizeof *d->targets) != 0)
                return nomem(e);
            rpt_target *t = &d->targets[d->ntargets++];
            t->metric = mi->id;
            snprintf(t->op, sizeof t->op, "%s", x->op);
            t->threshold = x->threshold;
        }
    for (size_t i = 0; i < d->nitems; i++) {
        rpt_item *it = &d->items[i];
        if (d->ntargets == 0)
            break;
        it->missed = mem_calloc(d->ntargets, sizeof *it->missed);
        if (it->missed == NULL)
            return nomem(e);
        for (size_t k = 0; k < d->ntargets; k++) {
            const rpt_target *t = &d->targets[k];
            err_code rc =
                store_missed_share(it->st, it->v.id, t->metric, t->op, t->threshold,
                                   &it->missed[k], e);
            if (rc != ERR_OK)
                return rc;
        }
    }
    return ERR_OK;
}

/* ---- Shared helpers ------------------------------------------------------------------ */

/* Columns of a percentile leave head and full NULL: the statistic's name
 * (stats.h) under the group, and both for the column alone. */
const rpt_column rpt_columns[] = {
    {OC_RPO, STATS_P50, "RPO", NULL, NULL,
     "median RPO: half of the trials lost less data (in time)", false},
    {OC_RPO, STATS_P95, "RPO", NULL, NULL,
     "95% of the trials lost at most this much data (in time)", false},
    {OC_RPO, STATS_P99, "RPO", NULL, NULL,
     "99% of the trials lost at most this much data (in time)", false},
    {OC_RTO, STATS_P50, "RTO", NULL, NULL, "median RTO: half of the trials were back sooner", false},
    {OC_RTO, STATS_P95, "RTO", NULL, NULL,
     "95% of the trials were serving again within this time", false},
    {OC_RTO, STATS_P99, "RTO", NULL, NULL,
     "99% of the trials were serving again within this time", false},
    /* The disruption split (apps in several regions, read-only modes):
     * only where it splits (rpt_column.split). */
    {OC_SERVING_RTO, STATS_P50, "RTO (at least read-only)", NULL, NULL,
     "median time until the app served at least reads again for good", true},
    {OC_SERVING_RTO, STATS_P95, "RTO (at least read-only)", NULL, NULL,
     "95% of the trials served at least reads again for good within this time", true},
    {OC_DEGRADED, STATS_MEAN, "disruption", "reduced capacity", "reduced capacity (mean)",
     "time serving less than the capacity the app needs, mean over trials", true},
    {OC_READ_ONLY, STATS_MEAN, "disruption", "read-only", "read-only (mean)",
     "time serving reads only, mean over trials", true},
    {OC_FULLY_DOWN, STATS_MEAN, "disruption", "fully down", "fully down (mean)",
     "time serving nothing, mean over trials", true},
    {OC_CLIENT_DOWNTIME, STATS_P50, "client downtime", NULL, NULL,
     "downtime as clients see it (DNS and Traffic Manager included), median over trials", false},
    {OC_CLIENT_DOWNTIME, STATS_P95, "client downtime", NULL, NULL,
     "downtime as clients see it (DNS and Traffic Manager included), 95th percentile", false},
    {OC_DATA_LOSS_WRITES, STATS_MEAN, "data lost", "writes", "writes lost (mean)",
     "writes acknowledged and not recovered, mean over trials", false},
    {OC_DATA_LOSS_BYTES, STATS_MEAN, "data lost", "bytes", "bytes lost (mean)",
     "bytes acknowledged and not recovered, mean over trials", false},
    {OC_DATA_LOST_ALL, STATS_MEAN, "data lost", "for good", "data lost for good",
     "share of trials in which some data was gone for good", false},
    {OC_FAILED_OVER, STATS_MEAN, "recovery", "failed over", "failed over",
     "share of trials in which the strategy failed over", false},
    {OC_CONSISTENT, STATS_MEAN, "recovery", "consistent", "crash-consistent",
     "share of trials whose recovered VMs were crash-consistent", false},
    {OC_APP_CONSISTENT, STATS_MEAN, "recovery", "app-consistent", "app-consistent",
     "share of trials recovered from app-consistent points", false},
};
const size_t rpt_ncolumns = sizeof rpt_columns / sizeof rpt_columns[0];

const char *rpt_column_head(const rpt_column *c)
{
    return c->head ? c->head : stats_stat_name(c->stat);
}

char *rpt_column_full(const rpt_column *c, char *buf, size_t size)
{
    if (c->full != NULL)
        snprintf(buf, size, "%s", c->full);
    else
        snprintf(buf, size, "%s %s", c->group, rpt_column_head(c));
    return buf;
}

/* Whether some item's metric m is above 0 in some trial. */
static bool some_nonzero(const rpt_doc *d, oc_metric m)
{
    for (size_t i = 0; i < d->nitems; i++)
        if (d->items[i].agg[m].n > 0 && d->items[i].agg[m].max != 0)
            return true;
    return false;
}

bool rpt_column_shown(const rpt_doc *d, const rpt_column *c)
{
    if (c->split)
        return (some_nonzero(d, OC_READ_ONLY) || some_nonzero(d, OC_DEGRADED)) &&
               some_nonzero(d, c->metric);
    for (size_t i = 0; i < d->nitems; i++)
        if (d->items[i].agg[c->metric].n > 0)
            return true;
    return false;
}

double rpt_value(const rpt_item *it, oc_metric m, stats_stat s)
{
    const stats_agg *a = &it->agg[m];
    if (a->n == 0)
        return NAN;
    return stats_get(a, s);
}

/* The mask of the items whose value of (m, s) reads as v does (values that
 * print the same are the same to a reader: no winner by an invisible hair). */
static uint64_t reads_as(const rpt_doc *d, oc_metric m, stats_stat s, double v)
{
    char want[FMT_MAX], got[FMT_MAX];
    rpt_fmt(m, s, v, want, sizeof want);
    uint64_t mask = 0;
    for (size_t i = 0; i < d->nitems; i++) {
        double x = rpt_value(&d->items[i], m, s);
        if (!isnan(x) && strcmp(rpt_fmt(m, s, x, got, sizeof got), want) == 0)
            mask |= UINT64_C(1) << i;
    }
    return mask;
}

/* The best (or worst) value of (m, s) among the items not in `skip`; NAN
 * when none has one. */
static double extreme(const rpt_doc *d, oc_metric m, stats_stat s, uint64_t skip, bool best)
{
    bool lower = oc_metrics[m].lower_is_better == best;
    double e = NAN;
    for (size_t i = 0; i < d->nitems; i++) {
        double v = rpt_value(&d->items[i], m, s);
        if (((skip >> i) & 1) || isnan(v))
            continue;
        if (isnan(e) || (lower ? v < e : v > e))
            e = v;
    }
    return e;
}

uint64_t rpt_best(const rpt_doc *d, oc_metric m, stats_stat s)
{
    /* Failing over, a destroyed region: what is neither good nor bad in
     * itself has no best. */
    if (!oc_metrics[m].directed)
        return 0;
    /* The only variant the figure applies to is not the best of anything. */
    size_t valued = 0;
    for (size_t i = 0; i < d->nitems; i++)
        valued += isnan(rpt_value(&d->items[i], m, s)) ? 0u : 1u;
    if (valued < 2)
        return 0;
    double best = extreme(d, m, s, 0, true);
    if (isnan(best))
        return 0;
    uint64_t mask = reads_as(d, m, s, best);
    uint64_t all = d->nitems >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << d->nitems) - 1;
    return mask == all ? 0 : mask;
}

char *rpt_figure_name(oc_metric m, stats_stat s, char *buf, size_t size)
{
    const oc_metric_info *mi = &oc_metrics[m];
    if (s == STATS_MEAN && mi->mean_name != NULL)
        snprintf(buf, size, "%s", mi->mean_name);
    else if (s == STATS_P50)
        snprintf(buf, size, "median %s", mi->label);
    else if (s == STATS_P90 || s == STATS_P95 || s == STATS_P99)
        snprintf(buf, size, "%s %s", mi->label, stats_stat_name(s));
    else
        snprintf(buf, size, "%s", mi->label);
    return buf;
}

char *rpt_fmt(oc_metric m, stats_stat s, double v, char *buf, size_t size)
{
    if (oc_metrics[m].unit == OC_UNIT_SHARE || s == STATS_N)
        return s == STATS_N ? fmt_count(v, buf, size) : fmt_share(v, buf, size);
    return fmt_metric(m, v, buf, size);
}

/* How many items a group has. */
static size_t group_size(const rpt_doc *d, size_t g)
{
    size_t n = 0;
    for (size_t i = 0; i < d->nitems; i++)
        n += d->items[i].group == g;
    return n;
}

/* How much of an item's label comes before its variant's name: none in
 * "asr", "3:" in "3:asr", "a.db#3:" in "a.db#3:asr" (the name may have been
 * cut short in the label: the longest start of it the label ends with).
 * SIZE_MAX when the label does not end with the name. */
static size_t label_prefix(const rpt_item *it)
{
    const char *name = it->v.name != NULL ? it->v.name : "";
    size_t len = strlen(it->label), n = strlen(name);
    for (size_t k = n < len ? n : len; k > 0; k--)
        if (memcmp(it->label + len - k, name, k) == 0)
            return len - k;
    return SIZE_MAX;
}

void rpt_names(const rpt_doc *d, uint64_t mask, char *buf, size_t size)
{
    /* Whole groups (a strategy with all of its variants) read as one name:
     * the label of its items with the strategy for the variant, so that
     * groups from different runs or databases stay apart ("3:asr",
     * "a.db#3:asr"). */
    const char *part[RPT_MAX_ITEMS];
    char whole[RPT_MAX_ITEMS][256];
    size_t nparts = 0;
    uint64_t left = mask;
    for (size_t i = 0; i < d->nitems; i++) {
        if (!(left & (UINT64_C(1) << i)))
            continue;
        const rpt_item *it = &d->items[i];
        size_t gs = group_size(d, it->group);
        uint64_t gmask = 0;
        for (size_t j = 0; j < d->nitems; j++)
            if (d->items[j].group == it->group)
                gmask |= UINT64_C(1) << j;
        if (gs > 1 && (mask & gmask) == gmask) {
            size_t pre = label_prefix(it);
            if (pre != SIZE_MAX && pre > 0)
                snprintf(whole[nparts], sizeof whole[nparts], "%.*s%s (all %zu variants)",
                         (int)pre, it->label, it->v.strategy, gs);
            else if (d->nruns > 1)
                snprintf(whole[nparts], sizeof whole[nparts], "%lld:%s (all %zu variants)",
                         (long long)d->runs[it->run].r.id, it->v.strategy, gs);
            else
                snprintf(whole[nparts], sizeof whole[nparts], "%s (all %zu variants)",
                         it->v.strategy, gs);
            part[nparts] = whole[nparts];
            nparts++;
            left &= ~gmask;
        } else {
            part[nparts++] = it->label;
            left &= ~(UINT64_C(1) << i);
        }
    }
    size_t shown = nparts > 3 ? 2 : nparts, len = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < shown && len < size; k++) {
        const char *sep = k == 0 ? "" : (k + 1 == shown && shown == nparts) ? " and " : ", ";
        len += (size_t)snprintf(buf + len, size - len, "%s%s", sep, part[k]);
    }
    if (shown < nparts && len < size)
        snprintf(buf + len, size - len, " and %zu more", nparts - shown);
}

const char *rpt_op_text(const char *op)
{
    static const char *const ops[][2] = {{"<=", "\xE2\x89\xA4"}, {">=", "\xE2\x89\xA5"},
                                         {"!=", "\xE2\x89\xA0"}, {"==", "="},
                                         {"<", "<"},             {">", ">"}};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (strcmp(op, ops[i][0]) == 0)
            return ops[i][1];
    return op;
}

bool rpt_expectation_shown(const rpt_doc *d, size_t r, const store_expectation *x)
{
    for (size_t i = 0; i < d->nitems; i++)
        if (d->items[i].run == r && d->items[i].v.id == x->variant_id)
            return true;
    return false;
}

size_t rpt_expectations_shown(const rpt_doc *d, size_t r, size_t *failed, size_t *inconclusive)
{
    size_t n = 0;
    *failed = *inconclusive = 0;
    for (size_t k = 0; k < d->runs[r].nx; k++) {
        const store_expectation *x = &d->runs[r].x[k];
        if (rpt_expectation_shown(d, r, x)) {
            n++;
            *inconclusive += x->inconclusive;
            *failed += !x->pass && !x->inconclusive;
        }
    }
    return n;
}

char *rpt_target_text(const rpt_target *t, char *buf, size_t size)
{
    char v[FMT_MAX];
    rpt_fmt(t->metric, STATS_MEAN, t->threshold, v, sizeof v);
    snprintf(buf, size, "%s %s %s", oc_metrics[t->metric].label, rpt_op_text(t->op), v);
    return buf;
}

const char *rpt_consistency_name(size_t k)
{
    static const char *const names[RPT_NCONS] = {"app", "crash", "none", "no restore"};
    return k < RPT_NCONS ? names[k] : "";
}

char *rpt_consistency_text(const rpt_item *it, char *buf, size_t size)
{
    double total = 0;
    for (size_t k = 0; k < RPT_NCONS; k++)
        total += it->cons_weight[k];
    size_t len = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < RPT_NCONS && len < size; k++) {
        if (it->cons[k] == 0)
            continue;
        char share[FMT_MAX];
        fmt_share(it->cons_weight[k] / total, share, sizeof share);
        len += (size_t)snprintf(buf + len, size - len, "%s%s %s", len ? ", " : "",
                                rpt_consistency_name(k), share);
    }
    return buf;
}

void rpt_relative(oc_metric m, double best, double next, char *buf, size_t size)
{
    bool lower = oc_metrics[m].lower_is_better;
    double a = best, b = next;
    buf[0] = '\0';
    if (oc_metrics[m].unit == OC_UNIT_SHARE || !isfinite(a) || !isfinite(b) || a <= 0 || b <= 0)
        return;
    double ratio = lower ? b / a : a / b;
    if (ratio >= 10)
        snprintf(buf, size, "%.0f\xC3\x97 %s", ratio, lower ? "lower" : "higher");
    else if (ratio >= 1.95)
        snprintf(buf, size, "%.1f\xC3\x97 %s", ratio, lower ? "lower" : "higher");
    else
        snprintf(buf, size, "%.0f%% %s", fabs(b - a) / fabs(b) * 100, lower ? "lower" : "higher");
}

/* ---- Headlines ------------------------------------------------------------------------ */

static void headline(rpt_doc *d, oc_metric m, stats_stat s)
{
    uint64_t best = rpt_best(d, m, s);
    if (best == 0 || d->nheadlines == RPT_MAX_HEADLINES)
        return;
    rpt_headline *h = &d->headlines[d->nheadlines++];
    memset(h, 0, sizeof *h);
    h->metric = m;
    h->stat = s;
    h->best = best;
    h->best_value = extreme(d, m, s, 0, true);
    /* The runner-up, and the worst when it is another. */
    h->next_value = extreme(d, m, s, best, true);
    h->next = isnan(h->next_value) ? 0 : reads_as(d, m, s, h->next_value) & ~best;
    h->worst_value = extreme(d, m, s, best | h->next, false);
    h->worst = isnan(h->worst_value) ? 0 : reads_as(d, m, s, h->worst_value) & ~(best | h->next);

    bool lower = oc_metrics[m].lower_is_better;
    char who[256], next[256], worst[256], bv[FMT_MAX], nv[FMT_MAX], wv[FMT_MAX];
    char rel[64] = "", tail[400] = "";
    rpt_names(d, h->best, who, sizeof who);
    rpt_names(d, h->next, next, sizeof next);
    rpt_names(d, h->worst, worst, sizeof worst);
    rpt_fmt(m, s, h->best_value, bv, sizeof bv);
    rpt_fmt(m, s, h->next_value, nv, sizeof nv);
    rpt_fmt(m, s, h->worst_value, wv, sizeof wv);
    rpt_relative(m, h->best_value, h->next_value, rel, sizeof rel);
    if (h->worst != 0)
        snprintf(tail, sizeof tail, "; the %s is %s, for %s", lower ? "highest" : "lowest", wv,
                 worst);
    bool plural = __builtin_popcountll(h->best) > 1 && strstr(who, "(all ") == NULL;
    char figure[128];
    snprintf(h->text, sizeof h->text, "%s %s the %s %s: %s, vs %s for %s%s%s%s%s.", who,
             plural ? "have" : "has", lower ? "lowest" : "highest",
             rpt_figure_name(m, s, figure, sizeof figure), bv, nv, next, *rel ? " (" : "", rel,
             *rel ? ")" : "", tail);
}

/* ---- Building ----------------------------------------------------------------------- */

static err_code add_run(rpt_doc *d, store *st, int64_t run_id, size_t *index, err_msg *e)
{
    for (size_t r = 0; r < d->nruns; r++)
        if (d->runs[r].r.id == run_id && d->runs[r].st == st) {
            *index = r;
            return ERR_OK;
        }
    rpt_run *grown = mem_realloc(d->runs, (d->nruns + 1) * sizeof *d->runs);
    if (grown == NULL)
        return nomem(e);
    d->runs = grown;
    rpt_run *run = &d->runs[d->nruns];
    memset(run, 0, sizeof *run);
    run->st = st;
    d->nruns++;
    err_code rc = store_run_get(st, run_id, &run->r, e);
    if (rc == ERR_OK)
        rc = store_run_source(st, run_id, &run->source, &run->source_len, e);
    if (rc == ERR_OK)
        rc = store_expectations(st, run_id, &run->x, &run->nx, e);
    store_stratum *strata = NULL;
    if (rc == ERR_OK)
        rc = store_strata(st, run_id, &strata, &run->nstrata, e);
    store_strata_free(strata, run->nstrata);
    run->passed = true;
    for (size_t i = 0; rc == ERR_OK && i < run->nx; i++)
        run->passed = run->passed && run->x[i].pass;
    *index = d->nruns - 1;
    return rc;
}

static err_code copy_variant(store *st, int64_t run_id, int64_t variant_id, store_variant *out,
                             err_msg *e)
{
    store_variant *vs = NULL;
    size_t nv = 0;
    err_code rc = store_variants(st, run_id, &vs, &nv, e);
    if (rc != ERR_OK)
        return rc;
    rc = err_set(e, ERR_INPUT, "run %lld has no variant %lld", (long long)run_id,
                 (long long)variant_id);
    /* The first with that id: a damaged database may repeat one. */
    for (size_t i = 0; i < nv; i++)
        if (vs[i].id == variant_id) {
            *out = vs[i];
            vs[i] = (store_variant){0};
            err_clear(e);
            rc = ERR_OK;
            break;
        }
    store_variants_free(vs, nv);
    return rc;
}

static err_code build_item(rpt_doc *d, const view_item *src, rpt_item *it, err_msg *e)
{
    it->st = src->st;
    snprintf(it->label, sizeof it->label, "%s", src->label);
    err_code rc = copy_variant(src->st, src->run_id, src->variant_id, &it->v, e);
    if (rc == ERR_OK)
        rc = add_run(d, src->st, src->run_id, &it->run, e);
    for (int m = 0; rc == ERR_OK && m < OC_NMETRICS; m++)
        rc = store_aggregate(it->st, it->v.id, (oc_metric)m, &it->agg[m], e);
    if (rc == ERR_OK)
        rc = store_rpo_positive(it->st, it->v.id, &it->rpo_positive, &it->rpo_positive_lo,
                                &it->rpo_positive_hi, e);
    if (rc == ERR_OK)
        rc = read_cdf(it->st, it->v.id, OC_RPO, &it->cdf[RPT_CDF_RPO], e);
    if (rc == ERR_OK)
        rc = read_cdf(it->st, it->v.id, OC_RTO, &it->cdf[RPT_CDF_RTO], e);
    if (rc == ERR_OK)
        rc = scan_trials(it, e);
    if (rc == ERR_OK)
        rc = store_cost_get(it->st, it->v.id, &it->cost, e);
    if (rc == ERR_OK && it->cost.currency != NULL)
        rc = costv_annual_get(it->st, it->v.id, &it->cost, &it->annual, e);
    return rc;
}

bool rpt_has_costs(const rpt_doc *d)
{
    for (size_t i = 0; i < d->nitems; i++)
        if (d->items[i].cost.currency != NULL)
            return true;
    return false;
}

const char *rpt_currency(const rpt_doc *d)
{
    for (size_t i = 0; i < d->nitems; i++)
        if (d->items[i].cost.currency != NULL)
            return d->items[i].cost.currency;
    return "";
}

size_t rpt_pareto(const rpt_doc *d, oc_metric m, stats_stat s, pareto_point *out)
{
    size_t n = 0;
    if (d->nitems > RPT_MAX_ITEMS)
        return 0;
    for (size_t i = 0; i < d->nitems; i++) {
        const rpt_item *it = &d->items[i];
        if (it->cost.currency == NULL || isnan(it->cost.monthly))
            continue;
        pareto_point *p = &out[n++];
        *p = (pareto_point){.label = it->label, .cost = it->cost.monthly, .lo = NAN, .hi = NAN};
        p->figure = stats_get(&it->agg[m], s);
        stats_interval(&it->agg[m], s, &p->lo, &p->hi);
        const rpt_run *run = &d->runs[it->run];
        for (size_t k = 0; k < run->nx; k++) {
            if (run->x[k].variant_id != it->v.id)
                continue;
            if (!run->x[k].pass)
                p->verdict = PARETO_MISSES;
            else if (p->verdict == PARETO_NONE)
                p->verdict = PARETO_MEETS;
        }
    }
    pareto_order(out, n, oc_metrics[m].lower_is_better);
    return n;
}

/* Items of one run and strategy form a group (one colour in charts). */
static void assign_groups(rpt_doc *d)
{
    d->ngroups = 0;
    for (size_t i = 0; i < d->nitems; i++) {
        rpt_item *it = &d->items[i];
        const char *s = it->v.strategy ? it->v.strategy : it->v.name;
        size_t g = d->ngroups, member = 0;
        for (size_t j = 0; j < i; j++) {
            const rpt_item *o = &d->items[j];
            const char *so = o->v.strategy ? o->v.strategy : o->v.name;
            if (o->run == it->run && strcmp(so, s) == 0) {
                g = o->group;
                member++;
            }
        }
        if (g == d->ngroups)
            d->ngroups++;
        it->group = g;
        it->member = member;
    }
}

err_code rpt_build(const view_item *items, size_t n, rpt_doc **out, err_msg *e)
{
    *out = NULL;
    if (n == 0)
        return err_set(e, ERR_USAGE, "a report takes at least one variant");
    rpt_doc *d = mem_calloc(1, sizeof *d);
    if (d == NULL)
        return nomem(e);
    d->items = mem_calloc(n, sizeof *d->items);
    if (d->items == NULL) {
        mem_free(d);
        return nomem(e);
    }
    err_code rc = ERR_OK;
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        d->nitems = i + 1;
        rc = build_item(d, &items[i], &d->items[i], e);
    }
    if (rc == ERR_OK)
        rc = collect_targets(d, e);
    if (rc != ERR_OK) {
        rpt_free(d);
        return rc;
    }
    assign_groups(d);
    static const struct {
        oc_metric m;
        stats_stat s;
    } key[] = {{OC_RPO, STATS_P95},
               {OC_RTO, STATS_P95},
               {OC_CLIENT_DOWNTIME, STATS_P95},
               {OC_DATA_LOSS_WRITES, STATS_MEAN},
               {OC_DATA_LOST_ALL, STATS_MEAN}};
    for (size_t k = 0; k < sizeof key / sizeof key[0] && n <= RPT_MAX_ITEMS; k++)
        headline(d, key[k].m, key[k].s);
    *out = d;
    return ERR_OK;
}

typedef struct ranked {
    size_t at;
    double rto, rpo;
} ranked;

static int by_rank(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    /* NAN (nothing measured) ranks last. */
    double xr = isnan(x->rto) ? HUGE_VAL : x->rto, yr = isnan(y->rto) ? HUGE_VAL : y->rto;
    if (xr != yr)
        return xr < yr ? -1 : 1;
    double xp = isnan(x->rpo) ? HUGE_VAL : x->rpo, yp = isnan(y->rpo) ? HUGE_VAL : y->rpo;
    if (xp != yp)
        return xp < yp ? -1 : 1;
    return (x->at > y->at) - (x->at < y->at);
}

static int by_place(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    return (x->at > y->at) - (x->at < y->at);
}

err_code rpt_rank(view_item *items, size_t *n, char *note, size_t size, err_msg *e)
{
    note[0] = '\0';
    if (*n <= RPT_MAX_ITEMS)
        return ERR_OK;
    ranked *r = mem_calloc(*n, sizeof *r);
    view_item *keep = mem_calloc(RPT_MAX_ITEMS, sizeof *keep);
    if (r == NULL || keep == NULL) {
        mem_free(r);
        mem_free(keep);
        return nomem(e);
    }
    err_code rc = ERR_OK;
    for (size_t i = 0; rc == ERR_OK && i < *n; i++) {
        stats_agg rto, rpo;
        rc = store_aggregate(items[i].st, items[i].variant_id, OC_RTO, &rto, e);
        if (rc == ERR_OK)
            rc = store_aggregate(items[i].st, items[i].variant_id, OC_RPO, &rpo, e);
        r[i] = (ranked){i, rto.p95, rpo.p95};
    }
    if (rc == ERR_OK) {
        qsort(r, *n, sizeof *r, by_rank);
        qsort(r, RPT_MAX_ITEMS, sizeof *r, by_place);
        for (size_t k = 0; k < RPT_MAX_ITEMS; k++)
            keep[k] = items[r[k].at];
        snprintf(note, size,
                 "%zu variants were selected; this report shows the %d with the lowest RTO p95 "
                 "(then RPO p95). drsim compare lists every one; drsim report RUN:VARIANT "
                 "reports chosen ones; the CSV format holds them all.",
                 *n, RPT_MAX_ITEMS);
        memcpy(items, keep, RPT_MAX_ITEMS * sizeof *keep);
        *n = RPT_MAX_ITEMS;
    }
    mem_free(r);
    mem_free(keep);
    return rc;
}

void rpt_free(rpt_doc *d)
{
    if (d == NULL)
        return;
    for (size_t i = 0; i < d->nitems; i++) {
        rpt_item *it = &d->items[i];
        mem_free(it->v.name);
        mem_free(it->v.strategy);
        mem_free(it->v.params);
        for (size_t c = 0; c < RPT_NCDF; c++)
            mem_free(it->cdf[c].pts);
        mem_free(it->missed);
        timeline_clear(&it->tl);
        store_cost_clear(&it->cost);
    }
    for (size_t r = 0; r < d->nruns; r++) {
        store_run_clear(&d->runs[r].r);
        mem_free(d->runs[r].source);
        store_expectations_free(d->runs[r].x, d->runs[r].nx);
    }
    mem_free(d->runs);
    mem_free(d->items);
    mem_free(d->targets);
    mem_free(d);
}

char *rpt_cell(const rpt_doc *d, const rpt_item *it, const rpt_column *c, char *buf, size_t size)
{
    rpt_fmt(c->metric, c->stat, rpt_value(it, c->metric, c->stat), buf, size);
    double lo, hi;
    if (d->intervals && stats_interval(&it->agg[c->metric], c->stat, &lo, &hi) && !isnan(lo)) {
        char l[FMT_MAX], h[FMT_MAX];
        size_t len = strlen(buf);
        snprintf(buf + len, len < size ? size - len : 0, " [%s, %s]",
                 rpt_fmt(c->metric, c->stat, lo, l, sizeof l),
                 rpt_fmt(c->metric, c->stat, hi, h, sizeof h));
    }
    return buf;
}
