/*
 * store_write.c — writing a run: the run row, staging, one results
 * transaction, done or failed.
 *
 * States (storeInt.h): W_IDLE -> store_run_begin -> W_STAGING ->
 * store_run_publish -> W_PUBLISHED -> store_run_finish -> W_IDLE; from either
 * open state store_run_fail -> W_IDLE.
 *
 * Staging: results go first into a private temporary database attached as
 * "stage" (ATTACH '' is a temporary file SQLite deletes on close), committed
 * there every STAGE_BATCH rows so its journal stays small. The shared database
 * is not locked while trials run; store_run_publish takes its write lock once
 * and copies everything in one transaction, in (variant, trial, seq) order.
 * A killed process loses the stage with it and leaves nothing in the
 * database but its run row, still 'running'.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mem.h"
#include "storeInt.h"
#include "version.h"

#define STAGE_BATCH 8192
#define SQL_MAX 4096

static err_code wrong_state(store *st, err_msg *e, const char *what)
{
    return store_error(st, e, ERR_INTERNAL, "%s: no run is being written in this state", what);
}

/* Builds "prefix col1, prefix col2, ..." of the metric columns. */
static void metric_columns(char *buf, size_t size, const char *prefix)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int m = 0; m < OC_NMETRICS && len < size; m++) {
        int n = snprintf(buf + len, size - len, "%s%s%s", m ? ", " : "", prefix,
                         oc_metrics[m].column);
        if (n < 0)
            break;
        len += (size_t)n;
    }
}

static void finalize_stage(store *st)
{
    sqlite3_finalize(st->stage_variant);
    sqlite3_finalize(st->stage_trial);
    sqlite3_finalize(st->stage_event);
    st->stage_variant = st->stage_trial = st->stage_event = NULL;
}

/* Ends whatever transaction is open, drops the stage. Errors are ignored:
 * this is the way out of a failure. */
static void abandon(store *st)
{
    finalize_stage(st);
    if (!sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    st->stage_txn = false;
    sqlite3_exec(st->db, "DETACH DATABASE stage", NULL, NULL, NULL);
}

static err_code attach_stage(store *st, err_msg *e)
{
    err_code rc = store_exec(st, "ATTACH DATABASE '' AS stage;", e);
    if (rc != ERR_OK)
        return rc;
    char cols[SQL_MAX], sql[2 * SQL_MAX];
    size_t len = 0;
    cols[0] = '\0';
    for (int m = 0; m < OC_NMETRICS; m++)
        len += (size_t)snprintf(cols + len, sizeof cols - len, "  %s %s,\n",
                                oc_metrics[m].column, store_metric_type((oc_metric)m));
    snprintf(sql, sizeof sql,
             "PRAGMA stage.journal_mode = OFF;\n"
             "PRAGMA stage.synchronous = OFF;\n"
             "CREATE TABLE stage.variant (idx INTEGER PRIMARY KEY, name TEXT NOT NULL,\n"
             "  strategy TEXT, params TEXT NOT NULL);\n"
             "CREATE TABLE stage.trial (vidx INTEGER NOT NULL, trial INTEGER NOT NULL,\n"
             "%s  consistency TEXT, PRIMARY KEY (vidx, trial)) WITHOUT ROWID;\n"
             "CREATE TABLE stage.event (vidx INTEGER NOT NULL, trial INTEGER NOT NULL,\n"
             "  seq INTEGER NOT NULL, t_us INTEGER NOT NULL, kind TEXT NOT NULL,\n"
             "  subject TEXT NOT NULL, detail TEXT NOT NULL,\n"
             "  PRIMARY KEY (vidx, trial, seq)) WITHOUT ROWID;\n",
             cols);
    rc = store_exec(st, sql, e);
    if (rc != ERR_OK)
        return rc;

    rc = store_prepare(st, "INSERT INTO stage.variant VALUES (?1, ?2, ?3, ?4)",
                       &st->stage_variant, e);
    if (rc != ERR_OK)
        return rc;
    len = (size_t)snprintf(sql, sizeof sql, "INSERT INTO stage.trial VALUES (?1, ?2");
    for (int i = 0; i <= OC_NMETRICS; i++)
        len += (size_t)snprintf(sql + len, sizeof sql - len, ", ?%d", i + 3);
    snprintf(sql + len, sizeof sql - len, ")");
    rc = store_prepare(st, sql, &st->stage_trial, e);
    if (rc != ERR_OK)
        return rc;
    return store_prepare(st, "INSERT INTO stage.event VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                         &st->stage_event, e);
}

err_code store_run_begin(store *st, const store_new_run *r, int64_t *run_id, err_msg *e)
{
    if (st->wstate != W_IDLE)
        return store_error(st, e, ERR_INTERNAL, "a run is already being written");
    if (st->mode != STORE_WRITE)
        return store_error(st, e, ERR_INTERNAL, "opened for reading only");

    char now[32], host[256] = "";
    store_now(now, sizeof now);
    gethostname(host, sizeof host - 1);

    sqlite3_stmt *scn = NULL, *sel = NULL, *ins = NULL;
    err_code rc = store_exec(st, "BEGIN IMMEDIATE;", e);
    if (rc != ERR_OK)
        return rc;
    rc = store_prepare(st,
                       "INSERT INTO scenario (name, sha256, source, description) "
                       "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (sha256) DO NOTHING",
                       &scn, e);
    if (rc != ERR_OK)
        goto fail;
    store_bind_text(scn, 1, r->scenario_name);
    store_bind_text(scn, 2, r->sha256);
    sqlite3_bind_text64(scn, 3, r->source ? r->source : "", r->source ? r->source_len : 0,
                        SQLITE_TRANSIENT, SQLITE_UTF8);
    store_bind_text(scn, 4, r->description);
    rc = store_step_done(st, scn, "cannot record the scenario", e);
    if (rc != ERR_OK)
        goto fail;

    rc = store_prepare(st, "SELECT id FROM scenario WHERE sha256 = ?1", &sel, e);
    if (rc != ERR_OK)
        goto fail;
    store_bind_text(sel, 1, r->sha256);
    int s = sqlite3_step(sel);
    if (s != SQLITE_ROW) {
        rc = store_sql_error(st, e, s == SQLITE_DONE ? SQLITE_ERROR : s,
                             "cannot record the scenario");
        goto fail;
    }
    int64_t scenario_id = sqlite3_column_int64(sel, 0);

    rc = store_prepare(st,
                       "INSERT INTO run (scenario_id, started_at, seed, trials, version, argv,\n"
                       "  status, trial_first, trial_end, shard_index, shard_count, trace,\n"
                       "  variants, host, pid, merged_from)\n"
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'running', ?7, ?8, ?9, ?10, ?11, ?12,\n"
                       "  ?13, ?14, ?15)",
                       &ins, e);
    if (rc != ERR_OK)
        goto fail;
    sqlite3_bind_int64(ins, 1, scenario_id);
    store_bind_text(ins, 2, r->started_at ? r->started_at : now);
    sqlite3_bind_int64(ins, 3, (int64_t)r->seed);
    sqlite3_bind_int64(ins, 4, (int64_t)r->trials);
    store_bind_text(ins, 5, r->version ? r->version : DRSIM_VERSION);
    store_bind_text(ins, 6, r->argv ? r->argv : "[]");
    sqlite3_bind_int64(ins, 7, (int64_t)r->trial_first);
    sqlite3_bind_int64(ins, 8, (int64_t)r->trial_end);
    sqlite3_bind_int64(ins, 9, r->shard_count ? r->shard_index : 1);
    sqlite3_bind_int64(ins, 10, r->shard_count ? r->shard_count : 1);
    sqlite3_bind_int64(ins, 11, (int64_t)r->trace);
    store_bind_text(ins, 12, r->variants);
    store_bind_text(ins, 13, host);
    sqlite3_bind_int64(ins, 14, (int64_t)getpid());
    store_bind_text(ins, 15, r->merged_from);
    rc = store_step_done(st, ins, "cannot record the run", e);
    if (rc != ERR_OK)
        goto fail;
    int64_t id = sqlite3_last_insert_rowid(st->db);
    rc = store_exec(st, "COMMIT;", e);
    if (rc != ERR_OK)
        goto fail;
    sqlite3_finalize(scn);
    sqlite3_finalize(sel);
    sqlite3_finalize(ins);

    st->run_id = id;
    st->wstate = W_STAGING;
    st->staged_rows = 0;
    rc = attach_stage(st, e);
    if (rc != ERR_OK) {
        char cause[ERR_MSG_MAX];
        snprintf(cause, sizeof cause, "%s", st->errmsg);
        store_run_fail(st, cause, NULL);
        snprintf(st->errmsg, sizeof st->errmsg, "%s", cause); /* the first cause */
        return rc;
    }
    *run_id = id;
    return ERR_OK;

fail:
    sqlite3_finalize(scn);
    sqlite3_finalize(sel);
    sqlite3_finalize(ins);
    if (!sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* Opens a staging transaction if none is open; commits it every STAGE_BATCH
 * rows (the stage is private: committing it publishes nothing). */
static err_code stage_row(store *st, err_msg *e)
{
    if (st->wstate != W_STAGING)
        return wrong_state(st, e, "staging");
    if (st->stage_txn && st->staged_rows >= STAGE_BATCH) {
        err_code rc = store_exec(st, "COMMIT;", e);
        if (rc != ERR_OK)
            return rc;
        st->stage_txn = false;
    }
    if (!st->stage_txn) {
        err_code rc = store_exec(st, "BEGIN;", e);
        if (rc != ERR_OK)
            return rc;
        st->stage_txn = true;
        st->staged_rows = 0;
    }
    st->staged_rows++;
    return ERR_OK;
}

err_code store_run_variant(store *st, uint32_t idx, const char *name, const char *strategy,
                           const char *params_json, err_msg *e)
{
    err_code rc = stage_row(st, e);
    if (rc != ERR_OK)
        return rc;
    sqlite3_stmt *s = st->stage_variant;
    sqlite3_bind_int64(s, 1, idx);
    store_bind_text(s, 2, name);
    store_bind_text(s, 3, strategy);
    store_bind_text(s, 4, params_json ? params_json : "{}");
    return store_step_done(st, s, "cannot stage a variant", e);
}

err_code store_run_trial(store *st, uint32_t idx, const oc_trial *t, err_msg *e)
{
    err_code rc = stage_row(st, e);
    if (rc != ERR_OK)
        return rc;
    sqlite3_stmt *s = st->stage_trial;
    sqlite3_bind_int64(s, 1, idx);
    sqlite3_bind_int64(s, 2, (int64_t)t->trial);
    for (int m = 0; m < OC_NMETRICS; m++) {
        /* NAN would be stored as NULL by SQLite anyway; say so explicitly. */
        if (t->present[m] && !isnan(t->value[m]))
            sqlite3_bind_double(s, 3 + m, t->value[m]);
        else
            sqlite3_bind_null(s, 3 + m);
    }
    store_bind_text(s, 3 + OC_NMETRICS, t->consistency);
    return store_step_done(st, s, "cannot stage a trial", e);
}

err_code store_run_event(store *st, uint32_t idx, uint64_t trial, uint32_t seq, int64_t t_us,
                         const char *kind, const char *subject, const char *detail,
                         err_msg *e)
{
    err_code rc = stage_row(st, e);
    if (rc != ERR_OK)
        return rc;
    sqlite3_stmt *s = st->stage_event;
    sqlite3_bind_int64(s, 1, idx);
    sqlite3_bind_int64(s, 2, (int64_t)trial);
    sqlite3_bind_int64(s, 3, seq);
    sqlite3_bind_int64(s, 4, t_us);
    store_bind_text(s, 5, kind ? kind : "");
    store_bind_text(s, 6, subject ? subject : "");
    store_bind_text(s, 7, detail ? detail : "");
    return store_step_done(st, s, "cannot stage an event", e);
}

static err_code copy_stage(store *st, err_msg *e)
{
    char cols[SQL_MAX], scols[SQL_MAX], sql[3 * SQL_MAX];
    metric_columns(cols, sizeof cols, "");
    metric_columns(scols, sizeof scols, "s.");
    static const char *const fixed[] = {
        "INSERT INTO main.variant (run_id, idx, name, strategy, params)\n"
        "  SELECT ?1, idx, name, strategy, params FROM stage.variant ORDER BY idx",
        "INSERT INTO main.event (run_id, variant_id, trial, seq, t_s, t_us, kind, subject,\n"
        "  detail)\n"
        "  SELECT ?1, v.id, s.trial, s.seq, s.t_us / 1000000.0, s.t_us, s.kind, s.subject,\n"
        "    s.detail FROM stage.event AS s\n"
        "  JOIN main.variant AS v ON v.run_id = ?1 AND v.idx = s.vidx\n"
        "  ORDER BY s.vidx, s.trial, s.seq",
    };
    snprintf(sql, sizeof sql,
             "INSERT INTO main.trial (run_id, variant_id, trial, %s, consistency)\n"
             "  SELECT ?1, v.id, s.trial, %s, s.consistency FROM stage.trial AS s\n"
             "  JOIN main.variant AS v ON v.run_id = ?1 AND v.idx = s.vidx\n"
             "  ORDER BY s.vidx, s.trial",
             cols, scols);
    const char *steps[3] = {fixed[0], sql, fixed[1]};
    for (int i = 0; i < 3; i++) {
        sqlite3_stmt *stmt = NULL;
        err_code rc = store_prepare(st, steps[i], &stmt, e);
        if (rc != ERR_OK)
            return rc;
        sqlite3_bind_int64(stmt, 1, st->run_id);
        rc = store_step_done(st, stmt, "cannot write the run's results", e);
        sqlite3_finalize(stmt);
        if (rc != ERR_OK)
            return rc;
    }
    return ERR_OK;
}

err_code store_run_publish(store *st, err_msg *e)
{
    if (st->wstate != W_STAGING)
        return wrong_state(st, e, "publish");
    finalize_stage(st);
    if (st->stage_txn) {
        err_code rc = store_exec(st, "COMMIT;", e);
        if (rc != ERR_OK)
            return rc;
        st->stage_txn = false;
    }
    err_code rc = store_exec(st, "BEGIN IMMEDIATE;", e);
    if (rc != ERR_OK)
        return rc;
    st->wstate = W_PUBLISHED;
    return copy_stage(st, e);
}

err_code store_run_expectation(store *st, const store_expectation *x, err_msg *e)
{
    if (st->wstate != W_PUBLISHED)
        return wrong_state(st, e, "expectation");
    sqlite3_stmt *s = NULL;
    err_code rc = store_prepare(
        st,
        "INSERT INTO expectation (run_id, variant_id, metric, stat, op, threshold, observed,\n"
        "  pass, target, text, missed_share, line)\n"
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        &s, e);
    if (rc != ERR_OK)
        return rc;
    sqlite3_bind_int64(s, 1, st->run_id);
    sqlite3_bind_int64(s, 2, x->variant_id);
    store_bind_text(s, 3, x->metric);
    store_bind_text(s, 4, x->stat);
    store_bind_text(s, 5, x->op);
    sqlite3_bind_double(s, 6, x->threshold);
    if (isnan(x->observed))
        sqlite3_bind_null(s, 7);
    else
        sqlite3_bind_double(s, 7, x->observed);
    sqlite3_bind_int(s, 8, x->pass ? 1 : 0);
    store_bind_text(s, 9, x->target);
    store_bind_text(s, 10, x->text);
    if (isnan(x->missed_share))
        sqlite3_bind_null(s, 11);
    else
        sqlite3_bind_double(s, 11, x->missed_share);
    if (x->line)
        sqlite3_bind_int64(s, 12, x->line);
    else
        sqlite3_bind_null(s, 12);
    rc = store_step_done(st, s, "cannot record an expectation", e);
    sqlite3_finalize(s);
    return rc;
}

/* Sets the run's final status and finished_at in the open transaction. */
static err_code set_status(store *st, const char *status, const char *error, err_msg *e)
{
    char now[32];
    store_now(now, sizeof now);
    sqlite3_stmt *s = NULL;
    err_code rc = store_prepare(
        st, "UPDATE run SET status = ?2, error = ?3, finished_at = ?4 WHERE id = ?1", &s, e);
    if (rc != ERR_OK)
        return rc;
    sqlite3_bind_int64(s, 1, st->run_id);
    store_bind_text(s, 2, status);
    store_bind_text(s, 3, error);
    store_bind_text(s, 4, now);
    rc = store_step_done(st, s, "cannot record the run's status", e);
    sqlite3_finalize(s);
    return rc;
}

err_code store_run_finish(store *st, err_msg *e)
{
    if (st->wstate != W_PUBLISHED)
        return wrong_state(st, e, "finish");
    err_code rc = set_status(st, "done", NULL, e);
    if (rc == ERR_OK)
        rc = store_exec(st, "COMMIT;", e);
    if (rc != ERR_OK)
        return rc; /* still W_PUBLISHED: the caller fails the run */
    abandon(st);
    st->wstate = W_IDLE;
    return ERR_OK;
}

err_code store_run_fail(store *st, const char *why, err_msg *e)
{
    if (st == NULL || st->wstate == W_IDLE)
        return ERR_OK;
    abandon(st);
    st->wstate = W_IDLE;
    err_code rc = store_exec(st, "BEGIN IMMEDIATE;", e);
    if (rc != ERR_OK)
        return rc;
    rc = set_status(st, "failed", why ? why : "failed", e);
    if (rc == ERR_OK)
        rc = store_exec(st, "COMMIT;", e);
    if (rc != ERR_OK && !sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}
