/*
 * view.c — terminal and JSON views of stored runs (see view.h).
 *
 * A metric is shown in a run's tables when at least one trial of the variant
 * has it (n > 0); flags (unit "share") are shown as the share of trials.
 */
#include "reports/text/view.h"

#include "reports/text/paired.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "reports/text/costview.h"
#include "reports/text/fmt.h"
#include "reports/text/table.h"
#include "sim/core/escape.h"
#include "sim/core/mem.h"

#define GREEN "\033[32m"
#define RED "\033[31m"
#define YELLOW "\033[33m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

static err_code nomem(err_msg *e)
{
    return err_set(e, ERR_NOMEM, "out of memory");
}

static err_code print_table(tbl *t, FILE *out, bool rule, err_msg *e)
{
    err_code rc = tbl_print(t, out, rule);
    tbl_free(t);
    if (rc == ERR_NOMEM)
        return nomem(e);
    if (rc != ERR_OK)
        return err_set(e, rc, "cannot write the output: %s", strerror(errno ? errno : EIO));
    return ERR_OK;
}

static const char *unit_name(oc_unit u)
{
    switch (u) {
    case OC_UNIT_SECONDS: return "s";
    case OC_UNIT_BYTES:   return "B";
    case OC_UNIT_COUNT:   return "count";
    case OC_UNIT_SHARE:   return "share";
    case OC_UNIT_MONEY:   return "money";
    }
    return "";
}

/* ---- runs ------------------------------------------------------------------- */

static void shard_text(const store_run *r, char *buf, size_t size)
{
    if (r->shard_count > 1)
        snprintf(buf, size, "%u/%u", r->shard_index, r->shard_count);
    else if (r->merged_from != NULL)
        snprintf(buf, size, "merged");
    else
        snprintf(buf, size, "-");
}

/* A drill's start, UTC, into buf: ISO 8601 ("2026-12-05T10:20:23Z") when
 * `iso`, else for a table ("2026-12-05 10:20:23"); "" when the time cannot
 * be broken down. */
static void drill_started(const store_drill_summary *d, bool iso, char *buf, size_t size)
{
    time_t c = (time_t)d->created;
    struct tm tm;
    buf[0] = '\0';
    if (gmtime_r(&c, &tm) != NULL)
        strftime(buf, size, iso ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d %H:%M:%S", &tm);
}

/* The drills as JSON: an array, oldest first; the team's RTO and RPO in
 * seconds, null when the drill did not get that far. */
static err_code drills_json(const store_drill_summary *d, size_t n, FILE *out, err_msg *e)
{
    jw w;
    jw_init(&w, 2);
    jw_arr_begin(&w);
    for (size_t i = 0; i < n; i++) {
        char when[32];
        drill_started(&d[i], true, when, sizeof when);
        jw_obj_begin(&w);
        jw_key(&w, "id");
        jw_int(&w, d[i].id);
        jw_key(&w, "scenario");
        jw_str(&w, d[i].scenario);
        jw_key(&w, "trial");
        jw_uint(&w, d[i].trial);
        jw_key(&w, "started_at");
        jw_str(&w, when);
        jw_key(&w, "ended");
        jw_str(&w, d[i].ended);
        jw_key(&w, "team_rto_s");
        view_json_number(&w, d[i].rto);
        jw_key(&w, "team_rpo_s");
        view_json_number(&w, d[i].rpo);
        jw_obj_end(&w);
    }
    jw_arr_end(&w);
    const char *text = jw_text(&w);
    err_code rc = text == NULL ? nomem(e) : ERR_OK;
    if (text != NULL)
        fprintf(out, "%s\n", text);
    jw_free(&w);
    return rc;
}

/* The drills as a table: the team's RTO and RPO on each. */
static err_code drills_table(const store_drill_summary *d, size_t n, FILE *out, err_msg *e)
{
    tbl *t = tbl_new(7, 0);
    tbl_align_right(t, 0);
    tbl_align_right(t, 3);
    tbl_align_right(t, 5);
    tbl_align_right(t, 6);
    tbl_cell(t, "drill");
    tbl_cell(t, "started (UTC)");
    tbl_cell(t, "scenario");
    tbl_cell(t, "trial");
    tbl_cell(t, "ended");
    tbl_cell(t, "team RTO");
    tbl_cell(t, "team RPO");
    for (size_t i = 0; i < n; i++) {
        char when[32], rto[FMT_MAX], rpo[FMT_MAX];
        drill_started(&d[i], false, when, sizeof when);
        tbl_cell(t, "%lld", (long long)d[i].id);
        tbl_cell(t, "%s", when);
        tbl_cell(t, "%s", d[i].scenario ? d[i].scenario : "");
        tbl_cell(t, "%llu", (unsigned long long)d[i].trial);
        tbl_cell(t, "%s", d[i].ended ? d[i].ended : "");
        tbl_cell(t, "%s", fmt_metric(OC_RTO, isnan(d[i].rto) ? HUGE_VAL : d[i].rto, rto, sizeof rto));
        tbl_cell(t, "%s", fmt_metric(OC_RPO, isnan(d[i].rpo) ? HUGE_VAL : d[i].rpo, rpo, sizeof rpo));
    }
    return print_table(t, out, true, e);
}

err_code view_drills(store *st, FILE *out, bool json, bool ids, err_msg *e)
{
    store_drill_summary *d = NULL;
    size_t n = 0;
    err_code rc = store_drills_list(st, &d, &n, e);
    if (rc != ERR_OK)
        return rc;
    if (json)
        rc = drills_json(d, n, out, e);
    else if (ids)
        for (size_t i = 0; i < n; i++)
            fprintf(out, "%lld\n", (long long)d[i].id);
    else if (n == 0)
        fprintf(out, "no drills in %s yet (drsim drill SCENARIO.yaml)\n",
                esc_tmp(store_path(st)));
    else
        rc = drills_table(d, n, out, e);
    store_drills_free(d, n);
    return rc;
}

/* The drills after the runs (drsim drill), when there are any, after a
 * blank line. */
static err_code drills(store *st, FILE *out, err_msg *e)
{
    store_drill_summary *d = NULL;
    size_t n = 0;
    err_code rc = store_drills_list(st, &d, &n, e);
    if (rc == ERR_OK && n > 0) {
        fputc('\n', out);
        rc = drills_table(d, n, out, e);
    }
    store_drills_free(d, n);
    return rc;
}

err_code view_runs(store *st, FILE *out, bool json, err_msg *e)
{
    store_run *runs = NULL;
    size_t n = 0;
    err_code rc = store_runs_list(st, &runs, &n, e);
    if (rc != ERR_OK)
        return rc;
    if (json) {
        jw w;
        jw_init(&w, 2);
        jw_arr_begin(&w);
        for (size_t i = 0; i < n; i++) {
            const store_run *r = &runs[i];
            jw_obj_begin(&w);
            jw_key(&w, "id");
            jw_int(&w, r->id);
            jw_key(&w, "scenario");
            jw_str(&w, r->scenario);
            jw_key(&w, "status");
            jw_str(&w, store_run_state(r));
            jw_key(&w, "started_at");
            jw_str(&w, r->started_at);
            jw_key(&w, "finished_at");
            jw_str(&w, r->finished_at);
            jw_key(&w, "seed");
            jw_uint(&w, r->seed);
            jw_key(&w, "trials");
            jw_uint(&w, r->trials);
            jw_key(&w, "variants");
            jw_uint(&w, r->nvariants);
            char shard[32];
            snprintf(shard, sizeof shard, "%u/%u", r->shard_index, r->shard_count);
            jw_key(&w, "shard");
            jw_str(&w, shard);
            jw_key(&w, "version");
            jw_str(&w, r->version);
            jw_key(&w, "error");
            jw_str(&w, r->error);
            jw_obj_end(&w);
        }
        jw_arr_end(&w);
        const char *text = jw_text(&w);
        if (text == NULL)
            rc = nomem(e);
        else
            fprintf(out, "%s\n", text);
        jw_free(&w);
        store_runs_free(runs, n);
        return rc;
    }
    if (n == 0) {
        fprintf(out, "no runs in %s yet (drsim run SCENARIO.yaml)\n", esc_tmp(store_path(st)));
        store_runs_free(runs, n);
        return drills(st, out, e);
    }
    tbl *t = tbl_new(9, 0);
    tbl_align_right(t, 0);
    tbl_align_right(t, 5);
    tbl_align_right(t, 6);
    tbl_cell(t, "run");
    tbl_cell(t, "status");
    tbl_cell(t, "started (UTC)");
    tbl_cell(t, "scenario");
    tbl_cell(t, "seed");
    tbl_cell(t, "trials");
    tbl_cell(t, "variants");
    tbl_cell(t, "shard");
    tbl_cell(t, "version");
    for (size_t i = 0; i < n; i++) {
        const store_run *r = &runs[i];
        char shard[32];
        shard_text(r, shard, sizeof shard);
        tbl_cell(t, "%lld", (long long)r->id);
        tbl_cell(t, "%s", store_run_state(r));
        tbl_cell(t, "%s", r->started_at ? r->started_at : "");
        tbl_cell(t, "%s", r->scenario ? r->scenario : "");
        tbl_cell(t, "%llu", (unsigned long long)r->seed);
        tbl_cell(t, "%llu", (unsigned long long)(r->trial_end - r->trial_first));
        tbl_cell(t, "%llu", (unsigned long long)r->nvariants);
        tbl_cell(t, "%s", shard);
        tbl_cell(t, "%s", r->version ? r->version : "");
    }
    store_runs_free(runs, n);
    rc = print_table(t, out, true, e);
    return rc == ERR_OK ? drills(st, out, e) : rc;
}

/* ---- one run ------------------------------------------------------------------ */

static void run_facts(const store_run *r, FILE *out)
{
    fprintf(out, "run %lld: %s (%s)\n", (long long)r->id, esc_tmp(r->scenario),
            store_run_state(r));
    if (r->description && *r->description) {
        /* A description is a block of lines: each shown safe, indented. */
        char *safe = NULL;
        size_t need = esc_multiline(r->description, NULL, 0);
        if ((safe = mem_malloc(need + 1)) != NULL) {
            esc_multiline(r->description, safe, need + 1);
            fputs("  ", out);
            for (const char *p = safe; *p; p++) {
                fputc(*p, out);
                if (*p == '\n' && p[1] != '\0')
                    fputs("  ", out);
            }
            fputc('\n', out);
            mem_free(safe);
        }
    }
    fprintf(out, "  scenario sha256  %s\n", esc_tmp(r->sha256));
    fprintf(out, "  seed             %llu\n", (unsigned long long)r->seed);
    if (r->shard_count > 1)
        fprintf(out, "  trials           %llu..%llu of %llu (shard %u/%u)\n",
                (unsigned long long)r->trial_first, (unsigned long long)r->trial_end - 1,
                (unsigned long long)r->trials, r->shard_index, r->shard_count);
    else
        fprintf(out, "  trials           %llu\n", (unsigned long long)r->trials);
    if (r->trace)
        fprintf(out, "  traced           the first %llu trials of each variant\n",
                (unsigned long long)r->trace);
    fprintf(out, "  drsim            %s\n", esc_tmp(r->version));
    fprintf(out, "  started          %s\n", esc_tmp(r->started_at));
    if (r->finished_at)
        fprintf(out, "  finished         %s\n", esc_tmp(r->finished_at));
    fprintf(out, "  command          %s\n", esc_tmp(r->argv));
    if (r->merged_from)
        fprintf(out, "  merged from      %s\n", esc_tmp(r->merged_from));
    if (r->stopped)
        fprintf(out, "  trials chosen    %s\n", esc_tmp(r->stopped));
    if (r->error)
        fprintf(out, "  error            %s\n", esc_tmp(r->error));
}

/* " [lo, hi]" of a share's interval into buf when `on` and it has one,
 * else "". */
static void share_interval(double lo, double hi, bool on, char *buf, size_t size)
{
    char l[FMT_MAX], h[FMT_MAX];
    buf[0] = '\0';
    if (on && !isnan(lo) && !isnan(hi))
        snprintf(buf, size, " [%s, %s]", fmt_share(lo, l, sizeof l), fmt_share(hi, h, sizeof h));
}

static err_code variant_table(store *st, const store_variant *v, bool intervals, FILE *out,
                              err_msg *e)
{
    tbl *t = tbl_new(12, 2);
    if (t == NULL)
        return nomem(e);
    /* The statistics in stats.h's order, the mean's confidence interval
     * after it; with `intervals`, each percentile's in its cell. */
    tbl_cell(t, "metric");
    for (int s = STATS_N; s < STATS_NSTATS; s++) {
        tbl_cell(t, "%s", stats_stat_name((stats_stat)s));
        if (s == STATS_MEAN)
            tbl_cell(t, "±%.4g%%", 100 * store_confidence(st));
    }
    tbl_cell(t, "lost/never");
    for (size_t c = 1; c < 12; c++)
        tbl_align_right(t, c);
    char shares[512] = "";
    size_t slen = 0;
    err_code rc = ERR_OK;
    for (int m = 0; m < OC_NMETRICS; m++) {
        stats_agg a;
        rc = store_aggregate(st, v->id, (oc_metric)m, &a, e);
        if (rc != ERR_OK)
            break;
        char b[12][FMT_MAX];
        oc_metric mm = (oc_metric)m;
        if (a.n == 0) {
            /* Measured in no trial: the metric does not apply (a drill RTO
             * without a drill, the data's downtime with no data account). */
            if (oc_metrics[m].unit != OC_UNIT_SHARE) {
                tbl_cell(t, "%s", oc_metrics[m].label);
                tbl_cell(t, "0");
                tbl_cell(t, "n/a");
                for (int s = 2; s < 11; s++)
                    tbl_cell(t, "%s", "");
            }
            continue;
        }
        if (oc_metrics[m].unit == OC_UNIT_SHARE) {
            share_interval(a.ci_lo, a.ci_hi, intervals, b[1], FMT_MAX);
            slen += (size_t)snprintf(shares + slen, slen < sizeof shares ? sizeof shares - slen : 0,
                                     "%s%s %s%s", slen ? ", " : "", oc_metrics[m].label,
                                     fmt_share(a.mean, b[0], FMT_MAX), b[1]);
            continue;
        }
        tbl_cell(t, "%s", oc_metrics[m].label);
        tbl_cell(t, "%llu", (unsigned long long)a.n);
        tbl_cell(t, "%s", fmt_metric(mm, a.mean, b[0], FMT_MAX));
        tbl_cell(t, "%s", isnan(a.ci_hi) ? "-" : fmt_metric(mm, a.ci_hi - a.mean, b[1], FMT_MAX));
        for (int s = STATS_SD; s < STATS_NSTATS; s++) {
            double lo, hi;
            fmt_metric(mm, stats_get(&a, (stats_stat)s), b[s], FMT_MAX);
            if (intervals && s != STATS_MEAN && stats_interval(&a, (stats_stat)s, &lo, &hi)) {
                char l[FMT_MAX], h[FMT_MAX];
                tbl_cell(t, "%s [%s, %s]", b[s], fmt_metric(mm, lo, l, sizeof l),
                         fmt_metric(mm, hi, h, sizeof h));
            } else {
                tbl_cell(t, "%s", b[s]);
            }
        }
        /* A stratified run's trials do not count alike: its share, by weight. */
        if (a.n_worst && a.weighted)
            tbl_cell(t, "%s", fmt_share(a.worst_share, b[9], FMT_MAX));
        else
            tbl_cell(t, "%s", a.n_worst ? fmt_count((double)a.n_worst, b[9], FMT_MAX) : "");
    }
    if (rc != ERR_OK) {
        tbl_free(t);
        return rc;
    }
    double pos = NAN, lo = NAN, hi = NAN;
    rc = store_rpo_positive(st, v->id, &pos, &lo, &hi, e);
    if (rc != ERR_OK) {
        tbl_free(t);
        return rc;
    }
    fprintf(out, "\nvariant %s  %s\n", esc_tmp(v->name), esc_tmp(v->params ? v->params : ""));
    rc = print_table(t, out, true, e);
    if (rc != ERR_OK)
        return rc;
    char b[FMT_MAX], ci[2 * FMT_MAX + 8];
    share_interval(lo, hi, intervals, ci, sizeof ci);
    fprintf(out, "  P(RPO > 0) %s%s%s%s\n", fmt_share(pos, b, sizeof b), ci, slen ? "; " : "",
            shares);
    return ERR_OK;
}

const char *view_verdict(const store_expectation *x)
{
    return x->pass ? "pass" : x->inconclusive ? "INCONCLUSIVE" : "FAIL";
}

bool view_expectation_interval(const store_expectation *x, char *lo, char *hi, size_t size)
{
    if (isnan(x->level))
        return false;
    const oc_metric_info *mi = oc_metric_find(x->metric);
    if (mi != NULL) {
        fmt_stat(mi->id, x->stat, x->observed_lo, lo, size);
        fmt_stat(mi->id, x->stat, x->observed_hi, hi, size);
    } else {
        fmt_count(x->observed_lo, lo, size);
        fmt_count(x->observed_hi, hi, size);
    }
    return true;
}

void view_expectation_values(const store_expectation *x, char *obs, char *thr, size_t size)
{
    const oc_metric_info *mi = oc_metric_find(x->metric);
    if (mi != NULL) {
        fmt_stat(mi->id, x->stat, x->observed, obs, size);
        fmt_stat(mi->id, x->stat, x->threshold, thr, size);
    } else {
        fmt_count(x->observed, obs, size);
        fmt_count(x->threshold, thr, size);
    }
}

err_code view_expectations(store *st, int64_t run_id, FILE *out, bool color, size_t *failed,
                           err_msg *e)
{
    store_expectation *xs = NULL;
    size_t n = 0;
    *failed = 0;
    err_code rc = store_expectations(st, run_id, &xs, &n, e);
    if (rc != ERR_OK || n == 0)
        return rc;
    tbl *t = tbl_new(6, 2);
    if (t == NULL) {
        store_expectations_free(xs, n);
        return nomem(e);
    }
    size_t inconclusive = 0;
    for (size_t i = 0; i < n; i++) {
        const store_expectation *x = &xs[i];
        char obs[FMT_MAX], thr[FMT_MAX], miss[FMT_MAX];
        view_expectation_values(x, obs, thr, FMT_MAX);
        const char *verdict = view_verdict(x);
        if (x->inconclusive)
            inconclusive++;
        else if (!x->pass)
            (*failed)++;
        if (color)
            tbl_cell_raw(t, "%s%s" RESET,
                         x->pass ? GREEN : x->inconclusive ? YELLOW BOLD : RED BOLD, verdict);
        else
            tbl_cell(t, "%s", verdict);
        tbl_cell(t, "%s", x->variant);
        const char *bar = x->given ? " | " : "", *given = x->given ? x->given : "";
        if (x->text != NULL)
            tbl_cell(t, "%s.%s%s%s %s", x->metric, x->stat, bar, given, x->text);
        else
            tbl_cell(t, "%s.%s%s%s %s %s", x->metric, x->stat, bar, given, x->op, thr);
        tbl_cell(t, "observed %s", obs);
        char lo[FMT_MAX], hi[FMT_MAX];
        if (view_expectation_interval(x, lo, hi, FMT_MAX))
            tbl_cell(t, "%.4g%%: %s .. %s", 100 * x->level, lo, hi);
        else
            tbl_cell(t, "%s", "");
        if (isnan(x->missed_share))
            tbl_cell(t, "%s", "");
        else
            tbl_cell(t, "%s of trials miss it", fmt_share(x->missed_share, miss, sizeof miss));
    }
    store_expectations_free(xs, n);
    if (inconclusive)
        fprintf(out, "\nexpectations: %zu passed, %zu failed, %zu inconclusive\n",
                n - *failed - inconclusive, *failed, inconclusive);
    else
        fprintf(out, "\nexpectations: %zu passed, %zu failed\n", n - *failed, *failed);
    return print_table(t, out, false, e);
}

/* A stratified run's strata: probability, share of the trials and trials
 * of its first variant (every variant has the same). Nothing otherwise. */
static err_code strata_table(store *st, int64_t run_id, const store_variant *v0, FILE *out,
                             err_msg *e)
{
    store_stratum *ss = NULL;
    size_t n = 0;
    err_code rc = store_strata(st, run_id, &ss, &n, e);
    wstats_strata design = {0};
    if (rc == ERR_OK && n > 0 && v0 != NULL)
        rc = store_variant_strata(st, v0->id, &design, e);
    if (rc == ERR_OK && n > 0) {
        fprintf(out, "\nstrata (sampling.strata: outages): every figure below weighs each "
                     "trial by its stratum's probability / its trials\n");
        tbl *t = tbl_new(5, 2);
        if (t == NULL) {
            store_strata_free(ss, n);
            return nomem(e);
        }
        static const char *const head[5] = {"stratum", "probability", "share", "trials",
                                            "what the outages do"};
        for (size_t c = 0; c < 5; c++)
            tbl_cell(t, "%s", head[c]);
        for (size_t c = 0; c < 4; c++)
            tbl_align_right(t, c);
        for (size_t k = 0; k < n; k++) {
            char p[FMT_MAX], q[FMT_MAX], c[FMT_MAX];
            tbl_cell(t, "%zu", k);
            tbl_cell(t, "%s", fmt_share(ss[k].probability, p, sizeof p));
            tbl_cell(t, "%s", fmt_share(ss[k].share, q, sizeof q));
            tbl_cell(t, "%s", fmt_count(k < design.n ? (double)design.trials[k] : 0, c, sizeof c));
            tbl_cell(t, "%s", ss[k].label);
        }
        rc = tbl_print(t, out, true);
        tbl_free(t);
    }
    store_strata_free(ss, n);
    return rc;
}

err_code view_show(store *st, int64_t run_id, FILE *out, bool color, bool intervals,
                   err_msg *e)
{
    store_run r;
    err_code rc = store_run_get(st, run_id, &r, e);
    if (rc != ERR_OK)
        return rc;
    run_facts(&r, out);
    bool done = strcmp(r.status, "done") == 0;
    if (!done)
        fprintf(out, "\n(no results: the run is %s)\n", store_run_state(&r));
    store_run_clear(&r);
    if (!done)
        return ERR_OK;
    store_variant *vs = NULL;
    size_t nv = 0;
    rc = store_variants(st, run_id, &vs, &nv, e);
    if (rc == ERR_OK)
        rc = strata_table(st, run_id, nv ? &vs[0] : NULL, out, e);
    for (size_t i = 0; rc == ERR_OK && i < nv; i++) {
        rc = variant_table(st, &vs[i], intervals, out, e);
        if (rc == ERR_OK)
            rc = costv_print(st, &vs[i], out, e);
    }
    store_variants_free(vs, nv);
    size_t failed = 0;
    if (rc == ERR_OK)
        rc = view_expectations(st, run_id, out, color, &failed, e);
    return rc;
}

/* ---- summary ------------------------------------------------------------------- */

err_code view_summary(store *st, int64_t run_id, FILE *out, err_msg *e)
{
    store_variant *vs = NULL;
    size_t nv = 0;
    err_code rc = store_variants(st, run_id, &vs, &nv, e);
    if (rc != ERR_OK)
        return rc;
    tbl *t = tbl_new(9, 2);
    if (t == NULL) {
        store_variants_free(vs, nv);
        return nomem(e);
    }
    static const char *const head[9] = {"variant", "RPO p50", "RPO p95",   "RTO p50",
                                        "RTO p95", "P(RPO>0)", "data lost", "writes lost",
                                        "failed over"};
    for (size_t c = 0; c < 9; c++) {
        tbl_cell(t, "%s", head[c]);
        if (c)
            tbl_align_right(t, c);
    }
    for (size_t i = 0; rc == ERR_OK && i < nv; i++) {
        stats_agg rpo, rto, lost, writes, fo;
        double pos = NAN;
        if ((rc = store_aggregate(st, vs[i].id, OC_RPO, &rpo, e)) != ERR_OK ||
            (rc = store_aggregate(st, vs[i].id, OC_RTO, &rto, e)) != ERR_OK ||
            (rc = store_aggregate(st, vs[i].id, OC_DATA_LOST_ALL, &lost, e)) != ERR_OK ||
            (rc = store_aggregate(st, vs[i].id, OC_DATA_LOSS_WRITES, &writes, e)) != ERR_OK ||
            (rc = store_aggregate(st, vs[i].id, OC_FAILED_OVER, &fo, e)) != ERR_OK ||
            (rc = store_rpo_positive_share(st, vs[i].id, &pos, e)) != ERR_OK)
            break;
        char b[8][FMT_MAX];
        tbl_cell(t, "%s", vs[i].name);
        tbl_cell(t, "%s", fmt_metric(OC_RPO, rpo.p50, b[0], FMT_MAX));
        tbl_cell(t, "%s", fmt_metric(OC_RPO, rpo.p95, b[1], FMT_MAX));
        tbl_cell(t, "%s", fmt_metric(OC_RTO, rto.p50, b[2], FMT_MAX));
        tbl_cell(t, "%s", fmt_metric(OC_RTO, rto.p95, b[3], FMT_MAX));
        tbl_cell(t, "%s", fmt_share(pos, b[4], FMT_MAX));
        tbl_cell(t, "%s", fmt_share(lost.mean, b[5], FMT_MAX));
        tbl_cell(t, "%s", fmt_count(writes.mean, b[6], FMT_MAX));
        tbl_cell(t, "%s", fmt_share(fo.mean, b[7], FMT_MAX));
    }
    store_variants_free(vs, nv);
    if (rc != ERR_OK) {
        tbl_free(t);
        return rc;
    }
    return print_table(t, out, true, e);
}

/* ---- JSON ------------------------------------------------------------------------ */

void view_json_number(jw *w, double v)
{
    if (isinf(v))
        jw_str(w, v > 0 ? "inf" : "-inf");
    else
        jw_num(w, v);
}

void view_json_metric(jw *w, oc_metric m, const stats_agg *a)
{
    jw_obj_begin(w);
    jw_key(w, "unit");
    jw_str(w, unit_name(oc_metrics[m].unit));
    jw_key(w, stats_stat_name(STATS_N));
    jw_uint(w, a->n);
    jw_key(w, "n_worst");
    jw_uint(w, a->n_worst);
    jw_key(w, stats_stat_name(STATS_MEAN));
    view_json_number(w, a->mean);
    jw_key(w, stats_stat_name(STATS_SD));
    view_json_number(w, a->sd);
    /* "ci95": the mean's interval, kept for readers written before "ci";
     * only when the level is 95 %. */
    if (a->level == 0.95) {
        jw_key(w, "ci95");
        jw_arr_begin(w);
        view_json_number(w, a->ci_lo);
        view_json_number(w, a->ci_hi);
        jw_arr_end(w);
    }
    static const stats_stat order[] = {STATS_MIN, STATS_P50, STATS_P90,
                                       STATS_P95, STATS_P99, STATS_MAX};
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
        jw_key(w, stats_stat_name(order[k]));
        view_json_number(w, stats_get(a, order[k]));
    }
    jw_key(w, "level");
    view_json_number(w, a->level);
    jw_key(w, "ci");
    jw_obj_begin(w);
    static const stats_stat with_ci[] = {STATS_MEAN, STATS_P50, STATS_P90, STATS_P95, STATS_P99};
    for (size_t k = 0; k < sizeof with_ci / sizeof with_ci[0]; k++) {
        double lo = NAN, hi = NAN;
        stats_interval(a, with_ci[k], &lo, &hi);
        jw_key(w, stats_stat_name(with_ci[k]));
        jw_arr_begin(w);
        view_json_number(w, lo);
        view_json_number(w, hi);
        jw_arr_end(w);
    }
    jw_obj_end(w);
    jw_obj_end(w);
}

static err_code agg_json(store *st, int64_t variant_id, jw *w, err_msg *e)
{
    jw_obj_begin(w);
    for (int m = 0; m < OC_NMETRICS; m++) {
        stats_agg a;
        err_code rc = store_aggregate(st, variant_id, (oc_metric)m, &a, e);
        if (rc != ERR_OK)
            return rc;
        jw_key(w, oc_metrics[m].name);
        view_json_metric(w, (oc_metric)m, &a);
    }
    jw_obj_end(w);
    return ERR_OK;
}

void view_json_run_facts(jw *w, const store_run *r, const char *database)
{
    jw_key(w, "id");
    jw_int(w, r->id);
    if (database != NULL) {
        jw_key(w, "database");
        jw_str(w, database);
    }
    jw_key(w, "scenario");
    jw_str(w, r->scenario);
    jw_key(w, "sha256");
    jw_str(w, r->sha256);
    jw_key(w, "status");
    jw_str(w, store_run_state(r));
    jw_key(w, "error");
    jw_str(w, r->error);
    jw_key(w, "seed");
    jw_uint(w, r->seed);
    jw_key(w, "trials");
    jw_uint(w, r->trials);
    jw_key(w, "stopped");
    jw_str(w, r->stopped);
    jw_key(w, "trial_first");
    jw_uint(w, r->trial_first);
    jw_key(w, "trial_end");
    jw_uint(w, r->trial_end);
    jw_key(w, "shard");
    char shard[32];
    snprintf(shard, sizeof shard, "%u/%u", r->shard_index, r->shard_count);
    jw_str(w, shard);
    jw_key(w, "trace");
    jw_uint(w, r->trace);
    jw_key(w, "version");
    jw_str(w, r->version);
    jw_key(w, "started_at");
    jw_str(w, r->started_at);
    jw_key(w, "finished_at");
    jw_str(w, r->finished_at);
    jw_key(w, "argv");
    jw_raw(w, r->argv);
}

void view_json_expectation(jw *w, const store_expectation *x)
{
    jw_obj_begin(w);
    jw_key(w, "variant");
    jw_str(w, x->variant);
    jw_key(w, "target");
    jw_str(w, x->target);
    jw_key(w, "metric");
    jw_str(w, x->metric);
    jw_key(w, "stat");
    jw_str(w, x->stat);
    jw_key(w, "given");
    jw_str(w, x->given);
    jw_key(w, "op");
    jw_str(w, x->op);
    jw_key(w, "threshold");
    view_json_number(w, x->threshold);
    jw_key(w, "text");
    jw_str(w, x->text);
    jw_key(w, "observed");
    view_json_number(w, x->observed);
    jw_key(w, "pass");
    jw_bool(w, x->pass);
    jw_key(w, "verdict");
    jw_str(w, x->pass ? "pass" : x->inconclusive ? "inconclusive" : "fail");
    jw_key(w, "level");
    jw_num(w, x->level);
    jw_key(w, "interval");
    if (isnan(x->level)) {
        jw_null(w);
    } else {
        jw_arr_begin(w);
        view_json_number(w, x->observed_lo);
        view_json_number(w, x->observed_hi);
        jw_arr_end(w);
    }
    jw_key(w, "missed_share");
    jw_num(w, x->missed_share);
    jw_key(w, "line");
    jw_uint(w, x->line);
    jw_obj_end(w);
}

err_code view_run_json(store *st, int64_t run_id, jw *w, err_msg *e)
{
    store_run r;
    err_code rc = store_run_get(st, run_id, &r, e);
    if (rc != ERR_OK)
        return rc;
    jw_obj_begin(w);
    view_json_run_facts(w, &r, store_path(st));
    store_run_clear(&r);

    store_stratum *strata = NULL;
    size_t nstrata = 0;
    rc = store_strata(st, run_id, &strata, &nstrata, e);
    if (rc != ERR_OK)
        return rc;
    jw_key(w, "strata");
    jw_arr_begin(w);
    for (size_t k = 0; k < nstrata; k++) {
        jw_obj_begin(w);
        jw_key(w, "probability");
        jw_num(w, strata[k].probability);
        jw_key(w, "share");
        jw_num(w, strata[k].share);
        jw_key(w, "label");
        jw_str(w, strata[k].label);
        jw_obj_end(w);
    }
    jw_arr_end(w);
    store_strata_free(strata, nstrata);

    store_variant *vs = NULL;
    size_t nv = 0;
    rc = store_variants(st, run_id, &vs, &nv, e);
    if (rc != ERR_OK)
        return rc;
    jw_key(w, "variants");
    jw_arr_begin(w);
    for (size_t i = 0; rc == ERR_OK && i < nv; i++) {
        jw_obj_begin(w);
        jw_key(w, "name");
        jw_str(w, vs[i].name);
        jw_key(w, "strategy");
        jw_str(w, vs[i].strategy);
        jw_key(w, "params");
        jw_raw(w, vs[i].params);
        double pos = NAN, lo = NAN, hi = NAN;
        rc = store_rpo_positive(st, vs[i].id, &pos, &lo, &hi, e);
        jw_key(w, "rpo_positive_share");
        jw_num(w, pos);
        /* Its interval at the run's level (Wilson's, or the weighted
         * share's for a stratified run). */
        jw_key(w, "rpo_positive_ci");
        jw_arr_begin(w);
        view_json_number(w, lo);
        view_json_number(w, hi);
        jw_arr_end(w);
        jw_key(w, "metrics");
        if (rc == ERR_OK)
            rc = agg_json(st, vs[i].id, w, e);
        if (rc == ERR_OK)
            rc = costv_json(st, vs[i].id, w, e);
        jw_obj_end(w);
    }
    jw_arr_end(w);
    store_variants_free(vs, nv);
    if (rc != ERR_OK)
        return rc;

    store_expectation *xs = NULL;
    size_t nx = 0;
    rc = store_expectations(st, run_id, &xs, &nx, e);
    if (rc != ERR_OK)
        return rc;
    bool passed = true;
    jw_key(w, "expectations");
    jw_arr_begin(w);
    for (size_t i = 0; i < nx; i++) {
        view_json_expectation(w, &xs[i]);
        passed = passed && xs[i].pass;
    }
    jw_arr_end(w);
    store_expectations_free(xs, nx);
    jw_key(w, "passed");
    jw_bool(w, passed);
    jw_obj_end(w);
    return jw_text(w) ? ERR_OK : nomem(e);
}

/* ---- compare --------------------------------------------------------------------- */

static const stats_stat compare_stats[] = {STATS_MEAN, STATS_P50, STATS_P95, STATS_P99};

/* Marks the items with the best value (lower or higher is better as `lower`
 * says; infinities count, NAN is no value) in best[0..n): several when they
 * tie. None is marked when no item has a value or every item has the best
 * one (nothing to prefer). Returns how many are marked. */
static size_t best_of(const double *v, size_t n, bool lower, bool *best)
{
    double top = NAN;
    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i]) && (isnan(top) || (lower ? v[i] < top : v[i] > top)))
            top = v[i];
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        best[i] = !isnan(top) && v[i] == top;
        count += best[i];
    }
    if (count == n) {
        memset(best, 0, n * sizeof *best);
        count = 0;
    }
    return count;
}

/* Below this width (or the longest label, when that is wider), the better
 * cell names every item tied for the best; beyond it, it says how many. */
#define BETTER_NAMES_WIDTH 40

/* Columns of variants per table: beyond it, a comparison is printed in
 * pages of this many variants, each page's `better` naming the best of all. */
#define COMPARE_PAGE 8

/* Whether items i and j are variants of the same sweep: labels alike up to
 * a '[' ("1:asr[bandwidth=10MB/s]", "1:asr[bandwidth=40MB/s]"). */
static bool same_sweep(const view_item *items, size_t i, size_t j, size_t *len)
{
    *len = strcspn(items[i].label, "[");
    return items[i].label[*len] == '[' && strncmp(items[j].label, items[i].label, *len + 1) == 0;
}

/* The better cell: "=" when no item is better, else the labels of the best
 * items ("1:asr", "1:asr, 2:asr"), every variant of a sweep compared as one
 * ("1:asr (all 3)"); "3 tied" when that text would make the column wider
 * than BETTER_NAMES_WIDTH and than the longest label (the row's values say
 * which). Uses done[0..n) as scratch. */
static const char *better_text(const view_item *items, size_t n, const bool *best, size_t nbest,
                               bool *done, char *buf, size_t size)
{
    if (nbest == 0)
        return "=";
    size_t widest = BETTER_NAMES_WIDTH, len = 0;
    for (size_t i = 0; i < n; i++) {
        size_t w = strlen(items[i].label);
        widest = w > widest ? w : widest;
    }
    memset(done, 0, n * sizeof *done);
    const char *sep = "";
    buf[0] = '\0';
    for (size_t i = 0; i < n && len < size; i++) {
        if (!best[i] || done[i])
            continue;
        /* A sweep all of whose variants are best reads as one name. */
        size_t plen = 0, group = 0;
        bool whole = true;
        for (size_t j = 0; j < n; j++)
            if (same_sweep(items, i, j, &plen)) {
                group++;
                whole = whole && best[j];
            }
        int k;
        if (group > 1 && whole) {
            k = snprintf(buf + len, size - len, "%s%.*s (all %zu)", sep, (int)plen,
                         items[i].label, group);
            for (size_t j = 0; j < n; j++)
                if (same_sweep(items, i, j, &plen))
                    done[j] = true;
        } else {
            k = snprintf(buf + len, size - len, "%s%s", sep, items[i].label);
            done[i] = true;
        }
        len += k > 0 ? (size_t)k : 0;
        sep = ", ";
    }
    if (len > widest)
        snprintf(buf, size, "%zu tied", nbest);
    return buf;
}

/* One row of a comparison: a metric's statistic for every item. */
typedef struct cmp_row {
    const char *label, *stat, *name; /* label "" on a metric's later rows */
    oc_metric format;                /* how its values are written */
    bool lower;
    bool directed;                   /* lower or higher is better (not a cost) */
    double *v;                       /* n values */
    double *lo, *hi;                 /* n intervals (NAN: none) */
    bool *best;                      /* n flags */
    size_t nbest;
    bool has_diff;                   /* two items: the paired difference below */
    pair_diff diff;                  /* items[1] - items[0], its interval */
    bool indistinct;                 /* values differ, the interval holds 0: no
                                        item is marked best */
} cmp_row;

/* Two items: each metric's paired difference (paired.h), into its rows. */
/* The metric a comparison row's name stands for, P(RPO > 0)'s
 * ("rpo_positive") included; false for none. */
static bool row_metric(const char *name, oc_metric *m)
{
    const oc_metric_info *mi = oc_metric_find(name);
    if (mi != NULL)
        *m = mi->id;
    else if (strcmp(name, "rpo_positive") == 0)
        *m = PAIR_RPO_POSITIVE;
    else
        return false;
    return true;
}

static err_code compare_diffs(const view_item *items, cmp_row *rows, size_t nrows, double level,
                              err_msg *e)
{
    pair_side a = {items[0].st, items[0].variant_id}, b = {items[1].st, items[1].variant_id};
    for (size_t k = 0; k < nrows;) {
        size_t first = k;
        const char *name = rows[k].name;
        while (k < nrows && strcmp(rows[k].name, name) == 0)
            k++;
        oc_metric id;
        if (!row_metric(name, &id))
            continue;
        pair_diff d[PAIR_NSTATS];
        /* Under a condition the two sides' trials differ: unpaired. */
        bool paired = store_given(items[0].st) < 0 && store_given(items[1].st) < 0;
        err_code rc = pair_compare(&a, &b, id, level, paired, d, e);
        if (rc != ERR_OK)
            return rc;
        for (size_t j = first; j < k; j++) {
            cmp_row *row = &rows[j];
            row->has_diff = true;
            row->diff = d[j - first]; /* mean (or share), p50, p95, p99 */
            if (row->nbest > 0 && !isnan(row->diff.lo) && !row->diff.distinguishable) {
                row->indistinct = true;
                row->best[0] = row->best[1] = false;
                row->nbest = 0;
            }
        }
    }
    return ERR_OK;
}

/* More than two items: a row's one best item is called better only when its
 * paired difference with the runner-up (the best of the others) excludes
 * zero; otherwise the row is indistinct. One pair_compare per metric and
 * pair of items, shared by the metric's rows that compare the same two. */
static err_code compare_leaders(const view_item *items, size_t n, cmp_row *rows, size_t nrows,
                                double level, err_msg *e)
{
    bool paired = true;
    for (size_t i = 0; i < n; i++)
        paired = paired && store_given(items[i].st) < 0;
    for (size_t k = 0; k < nrows;) {
        size_t first = k;
        const char *name = rows[k].name;
        while (k < nrows && strcmp(rows[k].name, name) == 0)
            k++;
        oc_metric id;
        if (!row_metric(name, &id))
            continue;
        size_t done_b = SIZE_MAX, done_r = SIZE_MAX;
        pair_diff d[PAIR_NSTATS];
        for (size_t j = first; j < k; j++) {
            cmp_row *row = &rows[j];
            if (!row->directed || row->nbest != 1)
                continue;
            size_t b = 0, r = SIZE_MAX;
            while (!row->best[b])
                b++;
            for (size_t i = 0; i < n; i++)
                if (i != b && !isnan(row->v[i]) &&
                    (r == SIZE_MAX || (row->lower ? row->v[i] < row->v[r] : row->v[i] > row->v[r])))
                    r = i;
            if (r == SIZE_MAX)
                continue;
            if (b != done_b || r != done_r) {
                pair_side sb = {items[b].st, items[b].variant_id};
                pair_side sr = {items[r].st, items[r].variant_id};
                err_code rc = pair_compare(&sr, &sb, id, level, paired, d, e);
                if (rc != ERR_OK)
                    return rc;
                done_b = b;
                done_r = r;
            }
            pair_diff x = d[j - first];
            if (!isnan(x.lo) && !x.distinguishable) {
                row->diff = x;
                row->indistinct = true;
                row->best[b] = false;
                row->nbest = 0;
            }
        }
    }
    return ERR_OK;
}

/* Reads every row of the comparison (aggregates of each item). On success
 * *rows (with their arrays in one block, *block) hold *nrows rows. */
static err_code compare_rows(const view_item *items, size_t n, cmp_row **rows, size_t *nrows,
                             void **block, err_msg *e)
{
    size_t nstats = sizeof compare_stats / sizeof compare_stats[0];
    size_t max = (size_t)(OC_NMETRICS + 1) * nstats;
    cmp_row *r = mem_calloc(max, sizeof *r);
    double *vals = mem_calloc(3 * max * n, sizeof *vals); /* values, lows, highs */
    bool *flags = mem_calloc(max * n, sizeof *flags);
    stats_agg *a = mem_calloc(n, sizeof *a);
    double *pos = mem_calloc(3 * n, sizeof *pos); /* P(RPO > 0), its lows, highs */
    err_code rc = ERR_OK;
    if (r == NULL || vals == NULL || flags == NULL || a == NULL || pos == NULL)
        rc = nomem(e);
    size_t k = 0;
    for (int m = 0; rc == ERR_OK && m <= OC_NMETRICS; m++) {
        /* m == OC_NMETRICS: the share of trials with RPO > 0. */
        bool rpo_pos = m == OC_NMETRICS;
        oc_metric mm = rpo_pos ? OC_RPO : (oc_metric)m;
        uint64_t any = 0;
        for (size_t i = 0; rc == ERR_OK && i < n; i++) {
            if (rpo_pos) {
                rc = store_rpo_positive(items[i].st, items[i].variant_id, &pos[i], &pos[n + i],
                                        &pos[2 * n + i], e);
                any += isnan(pos[i]) ? 0u : 1u;
            } else {
                rc = store_aggregate(items[i].st, items[i].variant_id, mm, &a[i], e);
                any += a[i].n;
            }
        }
        if (rc != ERR_OK || any == 0)
            continue;
        bool share = rpo_pos || oc_metrics[m].unit == OC_UNIT_SHARE;
        size_t ns = share ? 1 : nstats;
        for (size_t s = 0; s < ns; s++, k++) {
            cmp_row *row = &r[k];
            row->v = vals + k * n;
            row->lo = vals + (max + k) * n;
            row->hi = vals + (2 * max + k) * n;
            row->best = flags + k * n;
            for (size_t i = 0; i < n; i++) {
                stats_stat st = share ? STATS_MEAN : compare_stats[s];
                row->v[i] = rpo_pos ? pos[i] : stats_get(&a[i], st);
                row->lo[i] = row->hi[i] = NAN;
                if (rpo_pos) {
                    row->lo[i] = pos[n + i];
                    row->hi[i] = pos[2 * n + i];
                } else if (a[i].n > 0) {
                    stats_interval(&a[i], st, &row->lo[i], &row->hi[i]);
                }
            }
            row->lower = rpo_pos || oc_metrics[m].lower_is_better;
            row->directed = rpo_pos || oc_metrics[m].directed;
            row->nbest = row->directed ? best_of(row->v, n, row->lower, row->best) : 0;
            row->label = s > 0 ? "" : rpo_pos ? "P(RPO > 0)" : oc_metrics[m].label;
            row->stat = share ? "share" : stats_stat_name(compare_stats[s]);
            row->name = rpo_pos ? "rpo_positive" : oc_metrics[m].name;
            row->format = rpo_pos ? OC_DATA_LOST_ALL : mm; /* formats as a share */
        }
    }
    mem_free(a);
    mem_free(pos);
    if (rc != ERR_OK) {
        mem_free(r);
        mem_free(vals);
        mem_free(flags);
        return rc;
    }
    /* The rows' values and flags, freed by the caller with the rows. */
    block[0] = vals;
    block[1] = flags;
    *rows = r;
    *nrows = k;
    return ERR_OK;
}

static err_code compare_json(const view_item *items, size_t n, const cmp_row *rows,
                             size_t nrows, double level, FILE *out, err_msg *e)
{
    jw w;
    jw_init(&w, 2);
    jw_obj_begin(&w);
    jw_key(&w, "columns");
    jw_arr_begin(&w);
    for (size_t i = 0; i < n; i++)
        jw_str(&w, items[i].label);
    jw_arr_end(&w);
    jw_key(&w, "rows");
    jw_arr_begin(&w);
    for (size_t k = 0; k < nrows; k++) {
        const cmp_row *row = &rows[k];
        jw_obj_begin(&w);
        jw_key(&w, "metric");
        jw_str(&w, row->name);
        jw_key(&w, "stat");
        jw_str(&w, row->stat);
        jw_key(&w, "lower_is_better");
        jw_bool(&w, row->lower);
        jw_key(&w, "values");
        jw_arr_begin(&w);
        for (size_t i = 0; i < n; i++)
            view_json_number(&w, row->v[i]);
        jw_arr_end(&w);
        /* Each value's interval at the level: [lo, hi], nulls when none. */
        jw_key(&w, "intervals");
        jw_arr_begin(&w);
        for (size_t i = 0; i < n; i++) {
            jw_arr_begin(&w);
            view_json_number(&w, row->lo[i]);
            view_json_number(&w, row->hi[i]);
            jw_arr_end(&w);
        }
        jw_arr_end(&w);
        /* "best": the label of the one best item, null when several tie for
         * the best or all are equal (what readers of "best" always had);
         * "best_all": every best item, [] when all are equal. */
        jw_key(&w, "best");
        if (row->nbest != 1)
            jw_null(&w);
        for (size_t i = 0; i < n && row->nbest == 1; i++)
            if (row->best[i])
                jw_str(&w, items[i].label);
        jw_key(&w, "best_all");
        jw_arr_begin(&w);
        for (size_t i = 0; i < n; i++)
            if (row->best[i])
                jw_str(&w, items[i].label);
        jw_arr_end(&w);
        jw_key(&w, "directed");
        jw_bool(&w, row->directed);
        if (row->has_diff) {
            /* Two columns: the second minus the first, paired by trial. */
            jw_key(&w, "difference");
            jw_obj_begin(&w);
            jw_key(&w, "value");
            view_json_number(&w, row->diff.diff);
            jw_key(&w, "level");
            jw_num(&w, level);
            jw_key(&w, "interval");
            jw_arr_begin(&w);
            view_json_number(&w, row->diff.lo);
            view_json_number(&w, row->diff.hi);
            jw_arr_end(&w);
            jw_key(&w, "distinguishable");
            jw_bool(&w, row->diff.distinguishable);
            jw_key(&w, "trials_needed");
            jw_num(&w, row->diff.trials_needed);
            jw_obj_end(&w);
        }
        jw_obj_end(&w);
    }
    jw_arr_end(&w);
    /* Each column's running cost and year (costview.h), in column order. */
    jw_key(&w, "costs");
    jw_arr_begin(&w);
    err_code rc = ERR_OK;
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        jw_obj_begin(&w);
        jw_key(&w, "label");
        jw_str(&w, items[i].label);
        rc = costv_json(items[i].st, items[i].variant_id, &w, e);
        jw_obj_end(&w);
    }
    jw_arr_end(&w);
    jw_obj_end(&w);
    if (rc != ERR_OK) {
        jw_free(&w);
        return rc;
    }
    const char *text = jw_text(&w);
    rc = text == NULL ? nomem(e) : ERR_OK;
    if (rc == ERR_OK)
        fprintf(out, "%s\n", text);
    jw_free(&w);
    return rc;
}

/* One table: items [from, to) of n, every row, `better` over all n. */
static err_code compare_page(const view_item *items, size_t n, size_t from, size_t to,
                             const cmp_row *rows, size_t nrows, double level, bool intervals,
                             FILE *out, err_msg *e)
{
    size_t cols = to - from;
    bool diff = n == 2;
    tbl *t = tbl_new(2 + cols + (diff ? 2 : 0) + 1, 0);
    size_t size = n * (sizeof items[0].label + 2) + 1;
    char *names = mem_malloc(size);
    bool *done = mem_calloc(n, sizeof *done);
    if (t == NULL || names == NULL || done == NULL) {
        tbl_free(t);
        mem_free(names);
        mem_free(done);
        return nomem(e);
    }
    tbl_cell(t, "metric");
    tbl_cell(t, "stat");
    for (size_t i = from; i < to; i++) {
        tbl_cell(t, "%s", items[i].label);
        tbl_align_right(t, 2 + i - from);
    }
    if (diff) {
        tbl_cell(t, "%s - %s", items[1].label, items[0].label);
        tbl_align_right(t, 4);
        tbl_cell(t, "%.4g%% interval", 100 * level);
        tbl_align_right(t, 5);
    }
    tbl_cell(t, "better");
    for (size_t k = 0; k < nrows; k++) {
        const cmp_row *row = &rows[k];
        tbl_cell(t, "%s", row->label);
        tbl_cell(t, "%s", row->stat);
        for (size_t i = from; i < to; i++) {
            char b[FMT_MAX], l[FMT_MAX], h[FMT_MAX];
            fmt_metric(row->format, row->v[i], b, sizeof b);
            if (intervals && !isnan(row->lo[i]) && !isnan(row->hi[i]))
                tbl_cell(t, "%s [%s, %s]", b, fmt_metric(row->format, row->lo[i], l, sizeof l),
                         fmt_metric(row->format, row->hi[i], h, sizeof h));
            else
                tbl_cell(t, "%s", b);
        }
        if (diff) {
            char b[2 * FMT_MAX];
            tbl_cell(t, "%s", fmt_delta(row->format, row->v[0], row->v[1], b, sizeof b));
            char lo[FMT_MAX], hi[FMT_MAX];
            if (row->has_diff && !isnan(row->diff.lo))
                tbl_cell(t, "%s .. %s", fmt_signed(row->format, row->diff.lo, lo, sizeof lo),
                         fmt_signed(row->format, row->diff.hi, hi, sizeof hi));
            else
                tbl_cell(t, "%s", "");
        }
        if (!row->directed) {
            tbl_cell(t, "%s", "n/a"); /* a cost, not a goal: nothing is better */
        } else if (row->indistinct) {
            char c[FMT_MAX];
            if (row->diff.trials_needed > 0)
                tbl_cell(t, "not distinguishable (~%s trials)",
                         fmt_count(row->diff.trials_needed, c, sizeof c));
            else
                tbl_cell(t, "not distinguishable");
        } else {
            tbl_cell(t, "%s", better_text(items, n, row->best, row->nbest, done, names, size));
        }
    }
    mem_free(names);
    mem_free(done);
    return print_table(t, out, true, e);
}

/* Under the table: each item's running cost a month and its total a year
 * (costview.h), when any has a stored bill. */
static err_code compare_costs(const view_item *items, size_t n, FILE *out, err_msg *e)
{
    tbl *t = tbl_new(4, 2);
    if (t == NULL)
        return nomem(e);
    tbl_cell(t, "variant");
    tbl_cell(t, "a month");
    tbl_cell(t, "outage cost a year");
    tbl_cell(t, "total a year");
    tbl_align_right(t, 1);
    tbl_align_right(t, 2);
    tbl_align_right(t, 3);
    bool any = false;
    const char *cur = NULL;
    err_code rc = ERR_OK;
    char cur_buf[16] = "";
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        store_cost c;
        rc = store_cost_get(items[i].st, items[i].variant_id, &c, e);
        if (rc != ERR_OK)
            break;
        costv_annual a;
        if (c.currency != NULL)
            rc = costv_annual_get(items[i].st, items[i].variant_id, &c, &a, e);
        if (rc == ERR_OK && c.currency != NULL) {
            char b[3][FMT_MAX];
            any = true;
            if (cur == NULL) {
                snprintf(cur_buf, sizeof cur_buf, "%s", c.currency);
                cur = cur_buf;
            }
            tbl_cell(t, "%s", items[i].label);
            tbl_cell(t, "%s", fmt_money(c.monthly, b[0], FMT_MAX));
            tbl_cell(t, "%s", isnan(a.outage[0]) ? "n/a" : fmt_money(a.outage[0], b[1], FMT_MAX));
            tbl_cell(t, "%s", isnan(a.total[0]) ? "n/a" : fmt_money(a.total[0], b[2], FMT_MAX));
        }
        store_cost_clear(&c);
    }
    if (rc == ERR_OK && any) {
        fprintf(out, "\ncost (%s; a year: 12 months running + the expected outage cost):\n",
                esc_tmp(cur));
        rc = print_table(t, out, true, e);
        return rc;
    }
    tbl_free(t);
    return rc;
}

err_code view_compare(const view_item *items, size_t n, FILE *out, bool json, bool intervals,
                      err_msg *e)
{
    cmp_row *rows = NULL;
    size_t nrows = 0;
    void *block[2] = {NULL, NULL};
    err_code rc = compare_rows(items, n, &rows, &nrows, block, e);
    if (rc != ERR_OK)
        return rc;
    double level = store_confidence(items[0].st);
    if (n == 2)
        rc = compare_diffs(items, rows, nrows, level, e);
    else if (n > 2)
        rc = compare_leaders(items, n, rows, nrows, level, e);
    if (rc != ERR_OK) {
        /* nothing printed */
    } else if (json) {
        rc = compare_json(items, n, rows, nrows, level, out, e);
    } else if (n <= COMPARE_PAGE) {
        rc = compare_page(items, n, 0, n, rows, nrows, level, intervals, out, e);
    } else {
        fprintf(out, "%zu variants, shown %d at a time; 'better' names the best of all %zu\n", n,
                COMPARE_PAGE, n);
        for (size_t from = 0; rc == ERR_OK && from < n; from += COMPARE_PAGE) {
            size_t to = from + COMPARE_PAGE < n ? from + COMPARE_PAGE : n;
            fprintf(out, "\nvariants %zu to %zu of %zu\n", from + 1, to, n);
            rc = compare_page(items, n, from, to, rows, nrows, level, intervals, out, e);
        }
    }
    if (rc == ERR_OK && !json)
        rc = compare_costs(items, n, out, e);
    mem_free(rows);
    mem_free(block[0]);
    mem_free(block[1]);
    return rc;
}

/* ---- timeline -------------------------------------------------------------------- */

err_code view_timeline(store *st, int64_t run_id, const store_variant *v, uint64_t trial,
                       FILE *out, bool json, err_msg *e)
{
    store_iter *it = NULL;
    err_code rc = store_events_open(st, v->id, false, trial, &it, e);
    if (rc != ERR_OK)
        return rc;
    tbl *t = json ? NULL : tbl_new(5, 2);
    jw w;
    jw_init(&w, 2);
    if (json) {
        jw_obj_begin(&w);
        jw_key(&w, "run");
        jw_int(&w, run_id);
        jw_key(&w, "variant");
        jw_str(&w, v->name);
        jw_key(&w, "trial");
        jw_uint(&w, trial);
        jw_key(&w, "events");
        jw_arr_begin(&w);
    } else if (t == NULL) {
        store_iter_close(it);
        return nomem(e);
    } else {
        tbl_align_right(t, 0);
        tbl_align_right(t, 1);
        tbl_cell(t, "time");
        tbl_cell(t, "step");
        tbl_cell(t, "event");
        tbl_cell(t, "subject");
        tbl_cell(t, "detail");
    }
    size_t count = 0;
    int64_t prev = 0;
    for (bool done = false; rc == ERR_OK;) {
        store_event ev;
        rc = store_events_next(it, &ev, &done, e);
        if (rc != ERR_OK || done)
            break;
        count++;
        if (json) {
            jw_obj_begin(&w);
            jw_key(&w, "t_us");
            jw_int(&w, ev.t_us);
            jw_key(&w, "kind");
            jw_str(&w, ev.kind_name);
            jw_key(&w, "subject");
            jw_str(&w, ev.subject);
            jw_key(&w, "detail");
            jw_str(&w, ev.detail);
            jw_obj_end(&w);
            continue;
        }
        char clock[64], delta[FMT_MAX];
        fmt_clock(ev.t_us, ev.t_us % 1000000 != 0, clock, sizeof clock);
        tbl_cell(t, "%s", clock);
        /* Events at the same instant as the one before show no step: what
         * happens together reads as a block. In doubles: a damaged database
         * may hold any two int64 times. */
        tbl_cell(t, "%s", count == 1 || ev.t_us == prev
                              ? ""
                              : fmt_duration(((double)ev.t_us - (double)prev) / 1e6, delta,
                                             sizeof delta));
        tbl_cell(t, "%s", ev.kind_name);
        tbl_cell(t, "%s", ev.subject);
        tbl_cell(t, "%s", ev.detail);
        prev = ev.t_us;
    }
    store_iter_close(it);
    if (json) {
        jw_arr_end(&w);
        jw_obj_end(&w);
        const char *text = jw_text(&w);
        if (rc == ERR_OK && text == NULL)
            rc = nomem(e);
        if (rc == ERR_OK)
            fprintf(out, "%s\n", text);
        jw_free(&w);
        return rc;
    }
    if (rc != ERR_OK) {
        tbl_free(t);
        return rc;
    }
    /* What the trial measured, beside its events. */
    char outcome[160] = "";
    store_iter *ti = NULL;
    rc = store_trials_open(st, v->id, &ti, e);
    for (bool done = false; rc == ERR_OK;) {
        oc_trial tr;
        rc = store_trials_next(ti, &tr, &done, e);
        if (rc != ERR_OK || done || tr.trial > trial)
            break;
        if (tr.trial != trial)
            continue;
        char rpo[FMT_MAX], rto[FMT_MAX];
        snprintf(outcome, sizeof outcome, "; RPO %s, RTO %s",
                 fmt_metric(OC_RPO, tr.present[OC_RPO] ? tr.value[OC_RPO] : HUGE_VAL, rpo,
                            sizeof rpo),
                 fmt_metric(OC_RTO, tr.present[OC_RTO] ? tr.value[OC_RTO] : HUGE_VAL, rto,
                            sizeof rto));
        break;
    }
    store_iter_close(ti);
    if (rc != ERR_OK) {
        tbl_free(t);
        return rc;
    }
    fprintf(out, "run %lld, variant %s, trial %llu: %zu events%s\n", (long long)run_id,
            esc_tmp(v->name),
            (unsigned long long)trial, count, outcome);
    return print_table(t, out, true, e);
}
