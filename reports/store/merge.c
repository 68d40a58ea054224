/*
 * merge.c — joining shard databases into one.
 *
 * A sharded run is N runs, shard K/N holding the contiguous trial slice
 * [floor((K-1) T / N), floor(K T / N)) of T trials (sim/run/runner.h). Merging
 * writes them back as the one run an unsharded `drsim run` writes: variants
 * in scenario order, then for each variant the trials of shard 1, 2, ..., N
 * (hence trial order), the same for events, through the same writer
 * (store_run_*), so the rows are identical apart from ids, timestamps and
 * argv. Expectations are judged again on the merged trials (a shard never
 * judges: its figures would be those of a slice).
 *
 * Invariant: nothing is written for a group of shards until all of them are
 * found and agree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/store/storeInt.h"
#include "sim/core/jsonw.h"
#include "sim/core/mem.h"

typedef struct part {
    size_t input;
    store_run run;
    bool used;
} part;

static bool same_text(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return strcmp(a, b) == 0;
}

static bool same_group(const store_run *a, const store_run *b)
{
    return a->shard_count > 1 && a->shard_count == b->shard_count &&
           same_text(a->sha256, b->sha256) && a->seed == b->seed && a->trials == b->trials &&
           a->trace == b->trace && same_text(a->version, b->version) &&
           same_text(a->variants_filter, b->variants_filter);
}

static int by_shard(const void *a, const void *b)
{
    const part *x = *(const part *const *)a, *y = *(const part *const *)b;
    return (x->run.shard_index > y->run.shard_index) - (x->run.shard_index < y->run.shard_index);
}

/* Copies every trial and event of variant idx of each part, in part order. */
static err_code copy_variant(store *out, store *const *inputs, part **parts, size_t nparts,
                             uint32_t idx, err_msg *e)
{
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < nparts; k++) {
            store *in = inputs[parts[k]->input];
            store_variant *vs = NULL;
            size_t nv = 0;
            err_code rc = store_variants(in, parts[k]->run.id, &vs, &nv, e);
            if (rc != ERR_OK)
                return rc;
            int64_t vid = 0;
            for (size_t i = 0; i < nv; i++)
                if (vs[i].idx == idx)
                    vid = vs[i].id;
            store_variants_free(vs, nv);
            store_iter *it = NULL;
            rc = pass == 0 ? store_trials_open(in, vid, &it, e)
                           : store_events_open(in, vid, true, 0, &it, e);
            for (bool done = false; rc == ERR_OK;) {
                if (pass == 0) {
                    oc_trial t;
                    rc = store_trials_next(it, &t, &done, e);
                    if (rc == ERR_OK && !done)
                        rc = store_run_trial(out, idx, &t, e);
                } else {
                    store_event ev;
                    rc = store_events_next(it, &ev, &done, e);
                    if (rc == ERR_OK && !done)
                        rc = store_run_event(out, idx, ev.trial, ev.seq, ev.t_us, ev.kind_name,
                                             ev.subject, ev.detail, e);
                }
                if (done)
                    break;
            }
            store_iter_close(it);
            if (rc != ERR_OK)
                return rc;
        }
    }
    return ERR_OK;
}

/* Copies the expectations of an unsharded run, mapping variants by index. */
static err_code copy_expectations(store *out, store *in, int64_t from, int64_t to, err_msg *e)
{
    store_expectation *xs = NULL;
    size_t nx = 0;
    store_variant *src = NULL, *dst = NULL;
    size_t nsrc = 0, ndst = 0;
    err_code rc = store_expectations(in, from, &xs, &nx, e);
    if (rc == ERR_OK)
        rc = store_variants(in, from, &src, &nsrc, e);
    if (rc == ERR_OK)
        rc = store_variants(out, to, &dst, &ndst, e);
    for (size_t i = 0; rc == ERR_OK && i < nx; i++) {
        int64_t vid = 0;
        for (size_t a = 0; a < nsrc; a++)
            if (src[a].id == xs[i].variant_id)
                for (size_t b = 0; b < ndst; b++)
                    if (dst[b].idx == src[a].idx)
                        vid = dst[b].id;
        store_expectation x = xs[i];
        x.variant_id = vid;
        rc = store_run_expectation(out, &x, e);
    }
    store_expectations_free(xs, nx);
    store_variants_free(src, nsrc);
    store_variants_free(dst, ndst);
    return rc;
}

/* Writes one run into `out` from its parts (one part: a copy). */
static err_code write_run(store *out, store *const *inputs, part **parts, size_t nparts,
                          const char *argv, store_judge_fn judge, void *judge_ctx,
                          store_merge_result *res, err_msg *e)
{
    const store_run *first = &parts[0]->run;
    store *in0 = inputs[parts[0]->input];
    char *source = NULL;
    size_t source_len = 0;
    store_variant *vs = NULL;
    size_t nv = 0;
    char *merged_from = NULL;
    int64_t run_id = 0;

    store_stratum *strata = NULL;
    size_t nstrata = 0;
    err_code rc = store_run_source(in0, first->id, &source, &source_len, e);
    if (rc == ERR_OK)
        rc = store_variants(in0, first->id, &vs, &nv, e);
    /* Shards of one scenario file make the same strata: the first's. */
    if (rc == ERR_OK)
        rc = store_strata(in0, first->id, &strata, &nstrata, e);
    if (rc != ERR_OK)
        goto done;

    jw w;
    jw_init(&w, 0);
    jw_arr_begin(&w);
    const char *started = first->started_at;
    for (size_t k = 0; k < nparts; k++) {
        char ref[1200];
        snprintf(ref, sizeof ref, "%s#%lld", store_path(inputs[parts[k]->input]),
                 (long long)parts[k]->run.id);
        jw_str(&w, ref);
        if (parts[k]->run.started_at && started && strcmp(parts[k]->run.started_at, started) < 0)
            started = parts[k]->run.started_at;
    }
    jw_arr_end(&w);
    merged_from = jw_take(&w);
    if (merged_from == NULL) {
        rc = store_error(out, e, ERR_NOMEM, "out of memory merging");
        goto done;
    }

    store_new_run nr = {
        .scenario_name = first->scenario,
        .description = first->description,
        .sha256 = first->sha256,
        .source = source,
        .source_len = source_len,
        .seed = first->seed,
        .trials = first->trials,
        .trial_first = first->trial_first,
        .trial_end = parts[nparts - 1]->run.trial_end,
        .shard_index = 1,
        .shard_count = 1,
        .trace = first->trace,
        .variants = first->variants_filter,
        .argv = nparts > 1 ? argv : first->argv,
        .version = first->version,
        .merged_from = merged_from,
        .stopped = first->stopped,
        .started_at = started,
        .strata = strata,
        .nstrata = nstrata,
    };
    rc = store_run_begin(out, &nr, &run_id, e);
    if (rc != ERR_OK)
        goto done;
    for (size_t i = 0; rc == ERR_OK && i < nv; i++)
        rc = store_run_variant(out, vs[i].idx, vs[i].name, vs[i].strategy, vs[i].params, e);
    for (size_t i = 0; rc == ERR_OK && i < nv; i++)
        rc = copy_variant(out, inputs, parts, nparts, vs[i].idx, e);
    if (rc == ERR_OK)
        rc = store_run_publish(out, e);
    /* Every shard's bill is the same (one scenario): the first's. */
    if (rc == ERR_OK)
        rc = store_copy_costs(out, in0, first->id, e);
    if (rc == ERR_OK) {
        if (nparts == 1)
            rc = copy_expectations(out, in0, first->id, run_id, e);
        else if (judge != NULL)
            rc = judge(judge_ctx, out, run_id, &res->failed, e);
    }
    if (rc == ERR_OK)
        rc = store_run_finish(out, e);
    if (rc != ERR_OK) {
        char cause[ERR_MSG_MAX];
        snprintf(cause, sizeof cause, "merge failed: %.900s", e ? e->text : store_errmsg(out));
        store_run_fail(out, cause, NULL);
        goto done;
    }
    res->runs[res->nruns++] = run_id; /* room for one per input run: store_merge */

done:
    mem_free(source);
    mem_free(merged_from);
    store_strata_free(strata, nstrata);
    store_variants_free(vs, nv);
    return rc;
}

/* Checks that the parts (sorted by shard index) are shards 1..N whose slices
 * tile 0..trials-1, with the same variants. */
/* One shard's rows of one variant: exactly one trial row for each trial of
 * its slice [first, end), and events only of those trials. A damaged or
 * edited shard would otherwise merge into a 'done' run with trials missing. */
static err_code check_rows(store *out, store *in, const part *p, const store_variant *v,
                           err_msg *e)
{
    const store_run *r = &p->run;
    sqlite3_stmt *s = NULL;
    err_code rc = store_prepare(in, "SELECT trial FROM trial WHERE variant_id = ?1 ORDER BY trial",
                                &s, e);
    if (rc != ERR_OK)
        return rc;
    sqlite3_bind_int64(s, 1, v->id);
    uint64_t want = r->trial_first;
    int step;
    const char *what = NULL;
    long long which = 0; /* as stored: a damaged row may hold a negative trial */
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        sqlite3_int64 t = sqlite3_column_int64(s, 0);
        if (t < 0 || (uint64_t)t < r->trial_first || (uint64_t)t >= r->trial_end) {
            what = "holds trial %s, outside its slice";
            which = t;
            break;
        }
        if ((uint64_t)t < want) {
            what = "holds trial %s twice";
            which = t;
            break;
        }
        if ((uint64_t)t > want) {
            what = "lacks trial %s";
            which = (long long)want;
            break;
        }
        want++;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = store_sql_error(in, e, step, "cannot read a shard's trials");
    else if (what == NULL && want < r->trial_end) {
        what = "lacks trial %s";
        which = (long long)want;
    }
    sqlite3_finalize(s);
    if (rc == ERR_OK && what == NULL) {
        rc = store_prepare(in,
                           "SELECT min(e.trial) FROM event AS e WHERE e.variant_id = ?1 AND "
                           "NOT EXISTS (SELECT 1 FROM trial AS t WHERE t.variant_id = ?1 AND "
                           "t.trial = e.trial)",
                           &s, e);
        if (rc != ERR_OK)
            return rc;
        sqlite3_bind_int64(s, 1, v->id);
        step = sqlite3_step(s);
        if (step == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
            what = "holds events of trial %s, which it has no trial row for";
            which = sqlite3_column_int64(s, 0);
        } else if (step != SQLITE_ROW) {
            rc = store_sql_error(in, e, step, "cannot read a shard's events");
        }
        sqlite3_finalize(s);
    }
    if (rc != ERR_OK || what == NULL)
        return rc;
    /* `what` is one of the fixed texts above; its one %s is the trial. */
    char num[32], why[160];
    snprintf(num, sizeof num, "%lld", which);
    const char *mark = strstr(what, "%s");
    snprintf(why, sizeof why, "%.*s%s%s", (int)(mark - what), what, num, mark + 2);
    return store_error(out, e, ERR_INPUT,
                       "shard %u/%u of scenario '%s' in %.300s %s of variant '%s' (its slice is "
                       "trials %llu to %llu): refusing to merge it",
                       r->shard_index, r->shard_count, r->scenario, store_path(in), why, v->name,
                       (unsigned long long)r->trial_first,
                       (unsigned long long)(r->trial_end > 0 ? r->trial_end - 1 : 0));
}

static err_code check_group(store *out, store *const *inputs, part **g, size_t n, err_msg *e)
{
    const store_run *r = &g[0]->run;
    char have[512] = "";
    size_t len = 0;
    for (size_t k = 0; k < n; k++)
        len += (size_t)snprintf(have + len, len < sizeof have ? sizeof have - len : 0, "%s%u/%u",
                                k ? ", " : "", g[k]->run.shard_index, g[k]->run.shard_count);
    bool ok = n == r->shard_count;
    for (size_t k = 0; ok && k < n; k++) {
        const store_run *s = &g[k]->run;
        ok = s->shard_index == k + 1 &&
             s->trial_first == (k == 0 ? 0 : g[k - 1]->run.trial_end) &&
             (k + 1 < n || s->trial_end == r->trials);
    }
    if (!ok)
        return store_error(out, e, ERR_INPUT,
                           "the shards of scenario '%s' (seed %llu, %llu trials) do not add "
                           "up: found %s of %u (each shard 1..%u exactly once is needed)",
                           r->scenario, (unsigned long long)r->seed,
                           (unsigned long long)r->trials, have, r->shard_count, r->shard_count);
    store_variant *v0 = NULL;
    size_t n0 = 0;
    err_code rc = store_variants(inputs[g[0]->input], r->id, &v0, &n0, e);
    for (size_t i = 0; rc == ERR_OK && i < n0; i++)
        rc = check_rows(out, inputs[g[0]->input], g[0], &v0[i], e);
    for (size_t k = 1; rc == ERR_OK && k < n; k++) {
        store_variant *vk = NULL;
        size_t nk = 0;
        rc = store_variants(inputs[g[k]->input], g[k]->run.id, &vk, &nk, e);
        if (rc != ERR_OK)
            break;
        bool same = nk == n0;
        for (size_t i = 0; same && i < nk; i++)
            same = vk[i].idx == v0[i].idx && same_text(vk[i].name, v0[i].name) &&
                   same_text(vk[i].params, v0[i].params);
        if (!same)
            rc = store_error(out, e, ERR_INPUT,
                             "shard %u/%u of scenario '%s' has other variants than shard 1",
                             g[k]->run.shard_index, r->shard_count, r->scenario);
        for (size_t i = 0; rc == ERR_OK && i < nk; i++)
            rc = check_rows(out, inputs[g[k]->input], g[k], &vk[i], e);
        store_variants_free(vk, nk);
    }
    store_variants_free(v0, n0);
    return rc;
}

err_code store_merge(store *out, store *const *inputs, size_t ninputs, const char *argv,
                     store_judge_fn judge, void *judge_ctx, store_merge_result *res,
                     err_msg *e)
{
    memset(res, 0, sizeof *res);
    part *parts = NULL;
    size_t nparts = 0, cap = 0;
    part **group = NULL;
    err_code rc = ERR_OK;

    for (size_t i = 0; rc == ERR_OK && i < ninputs; i++) {
        store_run *runs = NULL;
        size_t n = 0;
        rc = store_runs_list(inputs[i], &runs, &n, e);
        for (size_t k = 0; rc == ERR_OK && k < n; k++) {
            if (strcmp(runs[k].status, "done") != 0) {
                res->skipped++;
                continue;
            }
            if (mem_grow((void **)&parts, &cap, nparts + 1, sizeof *parts) != 0) {
                rc = store_error(out, e, ERR_NOMEM, "out of memory merging");
                break;
            }
            parts[nparts].input = i;
            parts[nparts].run = runs[k];
            parts[nparts].used = false;
            memset(&runs[k], 0, sizeof runs[k]); /* moved */
            nparts++;
        }
        store_runs_free(runs, n);
    }
    if (rc == ERR_OK && nparts > 0) {
        group = mem_calloc(nparts, sizeof *group);
        res->runs = mem_calloc(nparts, sizeof *res->runs);
        if (group == NULL || res->runs == NULL)
            rc = store_error(out, e, ERR_NOMEM, "out of memory merging");
    }

    for (size_t i = 0; rc == ERR_OK && i < nparts; i++) {
        if (parts[i].used)
            continue;
        size_t n = 0;
        group[n++] = &parts[i];
        parts[i].used = true;
        if (parts[i].run.shard_count > 1) {
            for (size_t j = i + 1; j < nparts; j++)
                if (!parts[j].used && same_group(&parts[i].run, &parts[j].run)) {
                    group[n++] = &parts[j];
                    parts[j].used = true;
                }
            qsort(group, n, sizeof *group, by_shard);
            rc = check_group(out, inputs, group, n, e);
            if (rc != ERR_OK)
                break;
        }
        rc = write_run(out, inputs, group, n, argv, judge, judge_ctx, res, e);
    }

    for (size_t i = 0; i < nparts; i++)
        store_run_clear(&parts[i].run);
    mem_free(parts);
    mem_free(group);
    return rc;
}

void store_merge_result_free(store_merge_result *res)
{
    if (res == NULL)
        return;
    mem_free(res->runs);
    memset(res, 0, sizeof *res);
}
