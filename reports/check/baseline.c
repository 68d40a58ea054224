/*
 * baseline.c — a run judged against a baseline (see baseline.h).
 *
 * Identical mode walks both runs' trials of a variant in trial order, like a
 * merge join, so memory stays constant whatever the trial count.
 */
#include "reports/check/baseline.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports/text/fmt.h"
#include "sim/core/mem.h"

#define MAX_LISTED 5

static err_code add(base_report *r, const char *variant, const char *name, bool failed,
                    const char *message, const char *detail, err_msg *e)
{
    if (mem_grow((void **)&r->findings, &r->cap, r->n + 1, sizeof *r->findings) != 0)
        return err_set(e, ERR_NOMEM, "out of memory comparing with the baseline");
    base_finding *f = &r->findings[r->n];
    memset(f, 0, sizeof *f);
    f->variant = mem_strdup(variant);
    f->name = mem_strdup(name);
    f->message = mem_strdup(message);
    f->detail = detail ? mem_strdup(detail) : NULL;
    r->n++;
    if (f->variant == NULL || f->name == NULL || f->message == NULL ||
        (detail != NULL && f->detail == NULL))
        return err_set(e, ERR_NOMEM, "out of memory comparing with the baseline");
    f->failed = failed;
    r->regressions += failed;
    return ERR_OK;
}

void base_report_free(base_report *r)
{
    for (size_t i = 0; i < r->n; i++) {
        mem_free(r->findings[i].variant);
        mem_free(r->findings[i].name);
        mem_free(r->findings[i].message);
        mem_free(r->findings[i].detail);
    }
    mem_free(r->findings);
    mem_free(r->baseline_version);
    memset(r, 0, sizeof *r);
}

/* The first metric in which two trials differ, or -1 (consistency: OC_NMETRICS). */
static int first_difference(const oc_trial *a, const oc_trial *b)
{
    for (int m = 0; m < OC_NMETRICS; m++) {
        if (a->present[m] != b->present[m])
            return m;
        if (a->present[m] && memcmp(&a->value[m], &b->value[m], sizeof(double)) != 0 &&
            a->value[m] != b->value[m])
            return m;
    }
    const char *x = a->consistency, *y = b->consistency;
    if ((x == NULL) != (y == NULL) || (x != NULL && strcmp(x, y) != 0))
        return OC_NMETRICS;
    return -1;
}

static void describe(const oc_trial *was, const oc_trial *now, int m, char *buf, size_t size)
{
    if (m == OC_NMETRICS) {
        snprintf(buf, size, "trial %llu: consistency %s -> %s", (unsigned long long)now->trial,
                 was->consistency ? was->consistency : "none",
                 now->consistency ? now->consistency : "none");
        return;
    }
    char a[FMT_MAX] = "absent", b[FMT_MAX] = "absent";
    if (was->present[m])
        snprintf(a, sizeof a, "%.17g", was->value[m]);
    if (now->present[m])
        snprintf(b, sizeof b, "%.17g", now->value[m]);
    snprintf(buf, size, "trial %llu: %s %s -> %s", (unsigned long long)now->trial,
             oc_metrics[m].name, a, b);
}

static err_code compare_identical(store *cur, const store_variant *cv, store *base,
                                  const store_variant *bv, base_report *r, err_msg *e)
{
    store_iter *ia = NULL, *ib = NULL;
    err_code rc = store_trials_open(cur, cv->id, &ia, e);
    if (rc == ERR_OK)
        rc = store_trials_open(base, bv->id, &ib, e);
    uint64_t compared = 0, differ = 0;
    char detail[MAX_LISTED * 160 + 64] = "";
    size_t dlen = 0;
    oc_trial a, b;
    bool da = false, db = false;
    if (rc == ERR_OK)
        rc = store_trials_next(ia, &a, &da, e);
    if (rc == ERR_OK)
        rc = store_trials_next(ib, &b, &db, e);
    while (rc == ERR_OK && !da && !db) {
        if (a.trial < b.trial) {
            rc = store_trials_next(ia, &a, &da, e);
        } else if (b.trial < a.trial) {
            rc = store_trials_next(ib, &b, &db, e);
        } else {
            compared++;
            int m = first_difference(&b, &a);
            if (m >= 0) {
                if (differ < MAX_LISTED) {
                    char line[200];
                    describe(&b, &a, m, line, sizeof line);
                    dlen += (size_t)snprintf(detail + dlen, sizeof detail - dlen, "%s%s",
                                             dlen ? "\n" : "", line);
                }
                differ++;
            }
            rc = store_trials_next(ia, &a, &da, e);
            if (rc == ERR_OK)
                rc = store_trials_next(ib, &b, &db, e);
        }
    }
    store_iter_close(ia);
    store_iter_close(ib);
    if (rc != ERR_OK)
        return rc;
    char msg[256];
    if (compared == 0) {
        snprintf(msg, sizeof msg, "no trial in common with the baseline run");
        return add(r, cv->name, "identical trials", false, msg, NULL, e);
    }
    if (differ == 0)
        snprintf(msg, sizeof msg, "%llu trials identical to the baseline",
                 (unsigned long long)compared);
    else
        snprintf(msg, sizeof msg, "%llu of %llu trials differ from the baseline",
                 (unsigned long long)differ, (unsigned long long)compared);
    if (differ > MAX_LISTED)
        snprintf(detail + dlen, sizeof detail - dlen, "\n(and %llu more)",
                 (unsigned long long)(differ - MAX_LISTED));
    return add(r, cv->name, "identical trials", differ > 0, msg, differ ? detail : NULL, e);
}

static bool worse(double now, double was, double tolerance, bool lower_is_better)
{
    if (isnan(now) || isnan(was))
        return false;
    if (!lower_is_better) {
        now = -now;
        was = -was;
    }
    if (isinf(was))
        return false;
    if (isinf(now))
        return now > 0;
    return now - was > tolerance * fabs(was);
}

static err_code compare_tolerance(store *cur, const store_variant *cv, store *base,
                                  const store_variant *bv, double tolerance, base_report *r,
                                  err_msg *e)
{
    for (int m = 0; m < OC_NMETRICS; m++) {
        stats_agg a, b;
        err_code rc = store_aggregate(cur, cv->id, (oc_metric)m, &a, e);
        if (rc == ERR_OK)
            rc = store_aggregate(base, bv->id, (oc_metric)m, &b, e);
        if (rc != ERR_OK)
            return rc;
        if (a.n == 0 || b.n == 0)
            continue;
        bool share = oc_metrics[m].unit == OC_UNIT_SHARE;
        static const stats_stat pct[2] = {STATS_P50, STATS_P95};
        for (int s = 0; s < (share ? 1 : 2); s++) {
            stats_stat st = share ? STATS_MEAN : pct[s];
            double now = stats_get(&a, st), was = stats_get(&b, st);
            bool bad = worse(now, was, tolerance, oc_metrics[m].lower_is_better);
            char name[64], msg[512], x[FMT_MAX], y[FMT_MAX], d[2 * FMT_MAX];
            snprintf(name, sizeof name, "%s.%s", oc_metrics[m].name, stats_stat_name(st));
            fmt_metric((oc_metric)m, now, x, sizeof x);
            fmt_metric((oc_metric)m, was, y, sizeof y);
            fmt_delta((oc_metric)m, was, now, d, sizeof d);
            snprintf(msg, sizeof msg, "%s %s, baseline %s (%s; tolerance %.3g%%)%s", name, x, y,
                     d, tolerance * 100, bad ? ": worse" : "");
            rc = add(r, cv->name, name, bad, msg, NULL, e);
            if (rc != ERR_OK)
                return rc;
        }
    }
    return ERR_OK;
}

err_code base_compare(store *cur, int64_t run_id, store *base, double tolerance,
                      base_report *out, err_msg *e)
{
    memset(out, 0, sizeof *out);
    store_run run;
    err_code rc = store_run_get(cur, run_id, &run, e);
    if (rc != ERR_OK)
        return rc;
    int64_t exclude = base == cur ? run_id : 0;
    int64_t bid = 0;
    rc = store_run_latest(base, run.sha256, NULL, true, run.seed, exclude, &bid, e);
    out->mode = BASE_IDENTICAL;
    if (rc == ERR_OK && bid == 0) {
        rc = store_run_latest(base, NULL, run.scenario, false, 0, exclude, &bid, e);
        out->mode = BASE_TOLERANCE;
    }
    store_run_clear(&run);
    if (rc != ERR_OK || bid == 0) {
        out->mode = BASE_NONE;
        return rc;
    }
    out->baseline_run = bid;
    store_run brun;
    rc = store_run_get(base, bid, &brun, e);
    if (rc != ERR_OK)
        return rc;
    out->baseline_version = mem_strdup(brun.version ? brun.version : "");
    store_run_clear(&brun);

    store_variant *cv = NULL, *bv = NULL;
    size_t nc = 0, nb = 0;
    rc = store_variants(cur, run_id, &cv, &nc, e);
    if (rc == ERR_OK)
        rc = store_variants(base, bid, &bv, &nb, e);
    for (size_t i = 0; rc == ERR_OK && i < nc; i++) {
        const store_variant *match = NULL;
        for (size_t k = 0; k < nb && match == NULL; k++)
            if (strcmp(cv[i].name, bv[k].name) == 0)
                match = &bv[k];
        if (match == NULL) {
            rc = add(out, cv[i].name, "baseline", false, "not in the baseline run", NULL, e);
            continue;
        }
        rc = out->mode == BASE_IDENTICAL
                 ? compare_identical(cur, &cv[i], base, match, out, e)
                 : compare_tolerance(cur, &cv[i], base, match, tolerance, out, e);
    }
    store_variants_free(cv, nc);
    store_variants_free(bv, nb);
    return rc;
}
