/*
 * json.c — the JSON report: the whole document (README.md "Reports"
 * documents the shape).
 *
 * Each run is the object `drsim show --json` prints (view.h's pieces), less
 * the database's path (a report does not depend on where the database is),
 * plus the scenario's description and source; each of its variants (those
 * the report is about) adds its label, trials per consistency, the share of
 * trials missing each target, the distributions of RPO and RTO and the
 * timeline of one traced trial. Long lists of numbers (distribution points)
 * are written on one line each.
 */
#include "reports/render/json.h"

#include <math.h>
#include <stdio.h>

#include "reports/render/report.h"
#include "reports/text/view.h"
#include "sim/core/jsonw.h"
#include "sim/core/mem.h"

static void mask_labels(jw *w, const rpt_doc *d, uint64_t mask)
{
    jw_arr_begin(w);
    for (size_t i = 0; i < d->nitems; i++)
        if ((mask >> i) & 1)
            jw_str(w, d->items[i].label);
    jw_arr_end(w);
}

static void cdf_json(jw *w, const rpt_cdf *c)
{
    jw_obj_begin(w);
    jw_key(w, "trials");
    jw_uint(w, c->trials);
    jw_key(w, "n_worst");
    jw_uint(w, c->n_worst);
    jw_key(w, "exact");
    jw_bool(w, c->exact);
    for (int axis = 0; axis < 2; axis++) {
        jw_key(w, axis == 0 ? "x" : "p");
        int indent = jw_set_indent(w, 0); /* a long list: one line */
        jw_arr_begin(w);
        for (size_t k = 0; k < c->n; k++)
            jw_num(w, axis == 0 ? c->pts[k].x : c->pts[k].p);
        jw_arr_end(w);
        jw_set_indent(w, indent);
    }
    jw_obj_end(w);
}

static void timeline_json(jw *w, const rpt_timeline *tl)
{
    if (!tl->traced) {
        jw_null(w);
        return;
    }
    jw_obj_begin(w);
    jw_key(w, "trial");
    jw_uint(w, tl->trial);
    jw_key(w, "outcome");
    jw_obj_begin(w);
    for (int m = 0; m < OC_NMETRICS; m++) {
        jw_key(w, oc_metrics[m].name);
        if (tl->outcome.present[m])
            jw_num(w, tl->outcome.value[m]);
        else
            jw_null(w);
    }
    jw_obj_end(w);
    jw_key(w, "events");
    jw_arr_begin(w);
    for (size_t k = 0; k < tl->n; k++) {
        const rpt_event *ev = &tl->ev[k];
        jw_obj_begin(w);
        jw_key(w, "t_us");
        jw_int(w, ev->t_us);
        jw_key(w, "kind");
        jw_str(w, ev->kind_name);
        jw_key(w, "subject");
        jw_str(w, ev->subject);
        jw_key(w, "detail");
        jw_str(w, ev->detail);
        jw_obj_end(w);
    }
    jw_arr_end(w);
    jw_obj_end(w);
}

static void variant_json(jw *w, const rpt_doc *d, const rpt_item *it)
{
    jw_obj_begin(w);
    jw_key(w, "label");
    jw_str(w, it->label);
    jw_key(w, "name");
    jw_str(w, it->v.name);
    jw_key(w, "strategy");
    jw_str(w, it->v.strategy);
    jw_key(w, "params");
    jw_raw(w, it->v.params ? it->v.params : "null");
    jw_key(w, "rpo_positive_share");
    jw_num(w, it->rpo_positive);
    jw_key(w, "rpo_positive_ci");
    jw_arr_begin(w);
    jw_num(w, it->rpo_positive_lo);
    jw_num(w, it->rpo_positive_hi);
    jw_arr_end(w);
    jw_key(w, "consistency");
    jw_obj_begin(w);
    static const char *const keys[RPT_NCONS] = {"app", "crash", "none", "no_restore"};
    for (size_t k = 0; k < RPT_NCONS; k++) {
        jw_key(w, keys[k]);
        jw_uint(w, it->cons[k]);
    }
    jw_obj_end(w);
    jw_key(w, "metrics");
    jw_obj_begin(w);
    for (int m = 0; m < OC_NMETRICS; m++) {
        jw_key(w, oc_metrics[m].name);
        view_json_metric(w, (oc_metric)m, &it->agg[m]);
    }
    jw_obj_end(w);
    costv_json_write(w, &it->cost, &it->annual);
    jw_key(w, "missed");
    jw_arr_begin(w);
    for (size_t k = 0; k < d->ntargets; k++)
        jw_num(w, it->missed[k]);
    jw_arr_end(w);
    jw_key(w, "cdf");
    jw_obj_begin(w);
    for (size_t c = 0; c < RPT_NCDF; c++) {
        jw_key(w, oc_metrics[it->cdf[c].metric].name);
        cdf_json(w, &it->cdf[c]);
    }
    jw_obj_end(w);
    jw_key(w, "timeline");
    timeline_json(w, &it->tl);
    jw_obj_end(w);
}

static void run_json(jw *w, const rpt_doc *d, size_t r)
{
    const rpt_run *run = &d->runs[r];
    jw_obj_begin(w);
    view_json_run_facts(w, &run->r, NULL);
    jw_key(w, "description");
    jw_str(w, run->r.description);
    jw_key(w, "source");
    jw_str(w, run->source);
    jw_key(w, "variants");
    jw_arr_begin(w);
    for (size_t i = 0; i < d->nitems; i++)
        if (d->items[i].run == r)
            variant_json(w, d, &d->items[i]);
    jw_arr_end(w);
    jw_key(w, "expectations");
    jw_arr_begin(w);
    for (size_t i = 0; i < run->nx; i++)
        view_json_expectation(w, &run->x[i]);
    jw_arr_end(w);
    jw_key(w, "passed");
    jw_bool(w, run->passed);
    jw_obj_end(w);
}

err_code json_render(const rpt_doc *d, FILE *out, err_msg *e)
{
    jw w;
    jw_init(&w, 2);
    jw_obj_begin(&w);
    jw_key(&w, "report");
    jw_int(&w, 1);
    if (d->note[0]) {
        jw_key(&w, "note");
        jw_str(&w, d->note);
    }
    jw_key(&w, "items");
    jw_arr_begin(&w);
    for (size_t i = 0; i < d->nitems; i++) {
        jw_obj_begin(&w);
        jw_key(&w, "label");
        jw_str(&w, d->items[i].label);
        jw_key(&w, "run");
        jw_int(&w, d->runs[d->items[i].run].r.id);
        jw_key(&w, "variant");
        jw_str(&w, d->items[i].v.name);
        jw_obj_end(&w);
    }
    jw_arr_end(&w);
    jw_key(&w, "headlines");
    jw_arr_begin(&w);
    for (size_t h = 0; h < d->nheadlines; h++) {
        const rpt_headline *hl = &d->headlines[h];
        jw_obj_begin(&w);
        jw_key(&w, "metric");
        jw_str(&w, oc_metrics[hl->metric].name);
        jw_key(&w, "stat");
        jw_str(&w, stats_stat_name(hl->stat));
        jw_key(&w, "best");
        mask_labels(&w, d, hl->best);
        jw_key(&w, "best_value");
        view_json_number(&w, hl->best_value);
        jw_key(&w, "next");
        mask_labels(&w, d, hl->next);
        jw_key(&w, "next_value");
        view_json_number(&w, hl->next_value);
        jw_key(&w, "text");
        jw_str(&w, hl->text);
        jw_obj_end(&w);
    }
    jw_arr_end(&w);
    jw_key(&w, "targets");
    jw_arr_begin(&w);
    for (size_t k = 0; k < d->ntargets; k++) {
        const rpt_target *t = &d->targets[k];
        char text[128];
        jw_obj_begin(&w);
        jw_key(&w, "metric");
        jw_str(&w, oc_metrics[t->metric].name);
        jw_key(&w, "op");
        jw_str(&w, t->op);
        jw_key(&w, "threshold");
        view_json_number(&w, t->threshold);
        jw_key(&w, "text");
        jw_str(&w, rpt_target_text(t, text, sizeof text));
        jw_obj_end(&w);
    }
    jw_arr_end(&w);
    jw_key(&w, "runs");
    jw_arr_begin(&w);
    for (size_t r = 0; r < d->nruns; r++)
        run_json(&w, d, r);
    jw_arr_end(&w);
    jw_obj_end(&w);
    const char *text = jw_text(&w);
    err_code rc = ERR_OK;
    if (text == NULL)
        rc = err_set(e, ERR_NOMEM, "out of memory");
    else if (fprintf(out, "%s\n", text) < 0 || ferror(out))
        rc = err_set(e, ERR_IO, "cannot write the report");
    jw_free(&w);
    return rc;
}
