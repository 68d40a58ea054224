/*
 * weights.c — the strata of a stratified run, and the figures its trials
 * give with their weights (sim/core/wstats.h).
 *
 * A trial of stratum s weighs P_s / N_s, N_s the trials of its variant in
 * s: nothing of the weights is stored but the strata's probabilities, so a
 * merged run (whose N_s are the shards' sums) weighs its trials right. A
 * run that was not stratified has no stratum row and its trials a NULL
 * stratum: every function here then says so (ss->n == 0) and the callers
 * keep their unweighted path, whose figures are exactly as before strata
 * existed.
 *
 * Invariants: a wstats_strata filled here has 1..WSTATS_MAX_STRATA strata
 * numbered 0..n-1; a stratified variant's trial with a NULL or unknown
 * stratum means a damaged database, refused with ERR_STORE.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports/store/storeInt.h"
#include "sim/core/mem.h"

#define SQL_MAX 4096

static err_code damaged(store *st, err_msg *e, const char *what)
{
    return store_error(st, e, ERR_STORE, "the run's strata are damaged: %s", what);
}

err_code store_stratum_of(store *st, sqlite3_stmt *s, int col, const wstats_strata *ss,
                          uint32_t *k, err_msg *e)
{
    int64_t v = sqlite3_column_type(s, col) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, col);
    if (v < 0 || v >= (int64_t)ss->n)
        return damaged(st, e, "a trial of a stratified run is in no stratum of it");
    *k = (uint32_t)v;
    return ERR_OK;
}

void store_strata_free(store_stratum *s, size_t n)
{
    for (size_t i = 0; s != NULL && i < n; i++)
        mem_free(s[i].label);
    mem_free(s);
}

err_code store_strata(store *st, int64_t run_id, store_stratum **out, size_t *n, err_msg *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    err_code rc = store_prepare(
        st, "SELECT idx, probability, share, label FROM stratum WHERE run_id = ?1 ORDER BY idx",
        &s, e);
    if (rc != ERR_OK)
        return rc;
    sqlite3_bind_int64(s, 1, run_id);
    store_stratum *v = NULL;
    size_t len = 0, cap = 0;
    int step;
    while (rc == ERR_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        if (mem_grow((void **)&v, &cap, len + 1, sizeof *v) != 0) {
            rc = store_error(st, e, ERR_NOMEM, "out of memory reading the strata");
            break;
        }
        store_stratum *x = &v[len++];
        memset(x, 0, sizeof *x);
        x->idx = (uint32_t)sqlite3_column_int64(s, 0);
        x->probability = sqlite3_column_double(s, 1);
        x->share = sqlite3_column_double(s, 2);
        if (store_column_dup_nn(s, 3, &x->label) != 0)
            rc = store_error(st, e, ERR_NOMEM, "out of memory reading the strata");
        else if (x->idx != len - 1 || len > WSTATS_MAX_STRATA)
            rc = damaged(st, e, "their numbers are not 0, 1, 2, ... (at most 64)");
    }
    if (rc == ERR_OK && step != SQLITE_DONE)
        rc = store_sql_error(st, e, step, "cannot read the strata");
    sqlite3_finalize(s);
    if (rc != ERR_OK) {
        store_strata_free(v, len);
        return rc;
    }
    *out = v;
    *n = len;
    return ERR_OK;
}

err_code store_variant_strata(store *st, int64_t variant_id, wstats_strata *ss, err_msg *e)
{
    memset(ss, 0, sizeof *ss);
    sqlite3_stmt *s = NULL;
    err_code rc = store_prepare(st,
                                "SELECT idx, probability FROM stratum WHERE run_id = "
                                "(SELECT run_id FROM variant WHERE id = ?1) ORDER BY idx",
                                &s, e);
    if (rc != ERR_OK)
        return rc;
    sqlite3_bind_int64(s, 1, variant_id);
    int step;
    while (rc == ERR_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t idx = sqlite3_column_int64(s, 0);
        if (idx != (int64_t)ss->n || ss->n >= WSTATS_MAX_STRATA)
            rc = damaged(st, e, "their numbers are not 0, 1, 2, ... (at most 64)");
        else
            ss->prob[ss->n++] = sqlite3_column_double(s, 1);
    }
    if (rc == ERR_OK && step != SQLITE_DONE)
        rc = store_sql_error(st, e, step, "cannot read the strata");
    sqlite3_finalize(s);
    if (rc != ERR_OK || ss->n == 0)
        return rc;
    rc = store_prepare(st,
                       "SELECT stratum, count(*) FROM trial WHERE variant_id = ?1 "
                       "GROUP BY stratum",
                       &s, e);
    if (rc != ERR_OK)
        return rc;
    sqlite3_bind_int64(s, 1, variant_id);
    while (rc == ERR_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        uint32_t k = 0;
        rc = store_stratum_of(st, s, 0, ss, &k, e);
        if (rc == ERR_OK)
            ss->trials[k] = (uint64_t)sqlite3_column_int64(s, 1);
    }
    if (rc == ERR_OK && step != SQLITE_DONE)
        rc = store_sql_error(st, e, step, "cannot read trials");
    sqlite3_finalize(s);
    return rc;
}

err_code store_weighted_aggregate(store *st, int64_t variant_id, oc_metric m,
                                  const wstats_strata *ss, const char *cond, stats_agg *out,
                                  err_msg *e)
{
    const oc_metric_info *mi = &oc_metrics[m];
    char sql[SQL_MAX];
    snprintf(sql, sizeof sql, "SELECT %s, stratum FROM trial WHERE variant_id = ?1%s",
             mi->column, cond);
    sqlite3_stmt *s = NULL;
    err_code rc = store_prepare(st, sql, &s, e);
    if (rc != ERR_OK)
        return rc;
    sqlite3_bind_int64(s, 1, variant_id);
    wstats_value *v = NULL;
    size_t n = 0, cap = 0;
    uint64_t worst = 0;
    double worst_value = mi->lower_is_better ? HUGE_VAL : -HUGE_VAL;
    int step;
    while (rc == ERR_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        bool absent = sqlite3_column_type(s, 0) == SQLITE_NULL;
        if (absent && !mi->absent_is_worst)
            continue;
        uint32_t k = 0;
        if ((rc = store_stratum_of(st, s, 1, ss, &k, e)) != ERR_OK)
            break;
        if (mem_grow((void **)&v, &cap, n + 1, sizeof *v) != 0) {
            rc = store_error(st, e, ERR_NOMEM, "out of memory reading trials");
            break;
        }
        v[n++] = (wstats_value){absent ? worst_value : sqlite3_column_double(s, 0), 0, k};
        worst += absent;
    }
    if (rc == ERR_OK && step != SQLITE_DONE)
        rc = store_sql_error(st, e, step, "cannot read trials");
    sqlite3_finalize(s);
    if (rc == ERR_OK) {
        wstats_summary(v, n, ss, st->level, mi->unit == OC_UNIT_SHARE, out);
        out->n_worst = worst;
        double all = 0, bad = 0;
        for (size_t k = 0; k < n; k++) {
            double w = wstats_weight(ss, v[k].stratum);
            all += w;
            bad += isinf(v[k].v) && v[k].v == worst_value ? w : 0;
        }
        out->worst_share = all > 0 ? bad / all : (double)NAN;
        if (mi->unit != OC_UNIT_SHARE && out->ci_lo < 0)
            out->ci_lo = 0; /* no metric is negative */
    }
    mem_free(v);
    return rc;
}

err_code store_weighted_counts(store *st, const wstats_strata *ss, sqlite3_stmt *s,
                               double *share, err_msg *e)
{
    err_code rc = ERR_OK;
    double all = 0, hit = 0;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        double w = 1;
        if (ss->n > 0) {
            uint32_t k = 0;
            if ((rc = store_stratum_of(st, s, 0, ss, &k, e)) != ERR_OK)
                break;
            w = wstats_weight(ss, k);
        }
        all += w * (double)sqlite3_column_int64(s, 1);
        hit += w * (double)sqlite3_column_int64(s, 2);
    }
    if (rc == ERR_OK && step != SQLITE_DONE)
        rc = store_sql_error(st, e, step, "cannot read trials");
    sqlite3_finalize(s);
    if (rc == ERR_OK)
        *share = all > 0 ? hit / all : (double)NAN;
    return rc;
}
