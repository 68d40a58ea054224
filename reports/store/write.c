/*
 * write.c — writing a run: the run row, staging, one results
 * transaction, done or failed.
 *
 * States (storeInt.h): W_IDLE -> store_run_begin -> W_STAGING ->
 * store_run_publish -> W_PUBLISHED -> store_run_finish -> W_IDLE; from either
 * open state store_run_fail -> W_IDLE.
 *
 * Staging: results go first into an anonymous temporary file (tmpfile: it
 * has no name, and the system reclaims it when the process ends, however it
 * ends) as compact records, so the shared database is not locked while
 * trials run and staging costs little more than the bytes. store_run_publish
 * takes the database's write lock once and inserts the records, in the order
 * they were staged, with prepared statements in one transaction; results
 * given after it go straight into that transaction (a caller may publish
 * while its last trials run, so that the two overlap). A killed process
 * leaves nothing in the database but its run row, still 'running'.
 *
 * While W_PUBLISHED the handle keeps the three insert statements and the
 * variant ids by index (st->pub); both go when the run ends either way.
 *
 * Record format (private to one process, native byte order): a tag byte,
 * then
 *   'V' u32 idx, str name, str strategy, str params
 *   'T' u32 idx, u64 trial, u32 present-mask, i32 stratum (-1: none),
 *       double[OC_NMETRICS], str consistency
 *   'E' u32 idx, u64 trial, u32 seq, i64 t_us, str kind, str subject, str detail
 * where str is a u32 length (STR_NULL for NULL) and that many bytes.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "reports/store/storeInt.h"
#include "sim/core/mem.h"
#include "sim/core/version.h"

#define SQL_MAX 4096
#define STR_NULL 0xFFFFFFFFu

_Static_assert(OC_NMETRICS <= 32, "the present-mask of a staged trial is 32 bits");

/* Now as UTC ISO 8601 ("2024-05-01T12:00:00Z") into buf (>= 21 bytes). */
static void store_now(char *buf, size_t size)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int64_t store_run_current(const store *st)
{
    return st && st->wstate != W_IDLE ? st->run_id : 0;
}

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

enum { F_ROLLBACK = 0, F_BEGIN, F_UPDATE, F_COMMIT };

static const char *const fail_sql[4] = {
    "ROLLBACK",
    "BEGIN IMMEDIATE",
    "UPDATE run SET status = 'failed', error = ?2, finished_at = ?3 WHERE id = ?1",
    "COMMIT",
};

/* Prepares st->fail_stmt; on failure leaves them all NULL (store_run_fail
 * then prepares as it goes). */
static void fail_stmts_prepare(store *st)
{
    for (int i = 0; i < 4; i++)
        if (sqlite3_prepare_v2(st->db, fail_sql[i], -1, &st->fail_stmt[i], NULL) != SQLITE_OK) {
            store_fail_stmts_release(st);
            return;
        }
}

void store_fail_stmts_release(store *st)
{
    for (int i = 0; i < 4; i++) {
        sqlite3_finalize(st->fail_stmt[i]);
        st->fail_stmt[i] = NULL;
    }
}

/* Runs prepared statement i of fail_stmt (or its SQL when it is not
 * prepared); returns SQLite's code. */
static int fail_step(store *st, int i)
{
    sqlite3_stmt *s = st->fail_stmt[i];
    if (s == NULL)
        return sqlite3_exec(st->db, fail_sql[i], NULL, NULL, NULL);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* Ends whatever transaction is open and drops the stage. Errors are ignored:
 * this is the way out of a failure. */
static void publish_release(store *st);

static void abandon(store *st)
{
    publish_release(st);
    if (st->stage != NULL)
        fclose(st->stage);
    st->stage = NULL;
    if (!sqlite3_get_autocommit(st->db))
        fail_step(st, F_ROLLBACK);
}

/* ---- Staging records ---------------------------------------------------------- */

static err_code stage_error(store *st, err_msg *e)
{
    return store_error(st, e, ERR_STORE, "cannot stage results in a temporary file: %s",
                       strerror(errno ? errno : EIO));
}

static int put(FILE *f, const void *p, size_t n)
{
    return fwrite(p, 1, n, f) == n ? 0 : -1;
}

static int put_u32(FILE *f, uint32_t v) { return put(f, &v, sizeof v); }
static int put_u64(FILE *f, uint64_t v) { return put(f, &v, sizeof v); }

static int put_str(FILE *f, const char *s)
{
    if (s == NULL)
        return put_u32(f, STR_NULL);
    size_t n = strlen(s);
    if (n >= STR_NULL)
        return -1;
    return put_u32(f, (uint32_t)n) | put(f, s, n);
}

static err_code stage_begin(store *st, char tag, err_msg *e)
{
    if (st->wstate != W_STAGING)
        return wrong_state(st, e, "staging");
    errno = 0;
    return put(st->stage, &tag, 1) == 0 ? ERR_OK : stage_error(st, e);
}

/* The run's strata, in the transaction that records the run: a stratified
 * run is never seen without them. */
static err_code write_strata(store *st, int64_t run_id, const store_new_run *r, err_msg *e)
{
    if (r->nstrata == 0)
        return ERR_OK;
    sqlite3_stmt *ins = NULL;
    err_code rc = store_prepare(st,
                                "INSERT INTO stratum (run_id, idx, probability, share, label) "
                                "VALUES (?1, ?2, ?3, ?4, ?5)",
                                &ins, e);
    for (size_t k = 0; rc == ERR_OK && k < r->nstrata; k++) {
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, run_id);
        sqlite3_bind_int64(ins, 2, r->strata[k].idx);
        sqlite3_bind_double(ins, 3, r->strata[k].probability);
        sqlite3_bind_double(ins, 4, r->strata[k].share);
        store_bind_text(ins, 5, r->strata[k].label ? r->strata[k].label : "");
        rc = store_step_done(st, ins, "cannot record the run's strata", e);
    }
    sqlite3_finalize(ins);
    return rc;
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
                       "  variants, host, pid, merged_from, stopped)\n"
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'running', ?7, ?8, ?9, ?10, ?11, ?12,\n"
                       "  ?13, ?14, ?15, ?16)",
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
    store_bind_text(ins, 16, r->stopped);
    rc = store_step_done(st, ins, "cannot record the run", e);
    if (rc != ERR_OK)
        goto fail;
    int64_t id = sqlite3_last_insert_rowid(st->db);
    rc = write_strata(st, id, r, e);
    if (rc != ERR_OK)
        goto fail;
    rc = store_exec(st, "COMMIT;", e);
    if (rc != ERR_OK)
        goto fail;
    sqlite3_finalize(scn);
    sqlite3_finalize(sel);
    sqlite3_finalize(ins);

    st->run_id = id;
    st->wstate = W_STAGING;
    fail_stmts_prepare(st);
    errno = 0;
    st->stage = tmpfile();
    rc = st->stage ? ERR_OK : stage_error(st, e);
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

err_code store_run_variant(store *st, uint32_t idx, const char *name, const char *strategy,
                           const char *params_json, err_msg *e)
{
    err_code rc = stage_begin(st, 'V', e);
    if (rc != ERR_OK)
        return rc;
    FILE *f = st->stage;
    if (put_u32(f, idx) | put_str(f, name ? name : "") | put_str(f, strategy) |
        put_str(f, params_json ? params_json : "{}"))
        return stage_error(st, e);
    return ERR_OK;
}

static err_code insert_trial(store *st, uint32_t idx, uint64_t trial, uint32_t mask,
                             int32_t stratum, const double *values, const char *consistency,
                             err_msg *e);
static err_code insert_event(store *st, uint32_t idx, uint64_t trial, uint32_t seq,
                             int64_t t_us, const char *kind, const char *subject,
                             const char *detail, err_msg *e);

err_code store_run_trial(store *st, uint32_t idx, const oc_trial *t, err_msg *e)
{
    uint32_t mask = 0;
    double values[OC_NMETRICS];
    for (int m = 0; m < OC_NMETRICS; m++) {
        /* NAN would be stored as NULL by SQLite anyway; say so explicitly. */
        bool present = t->present[m] && !isnan(t->value[m]);
        mask |= present ? 1u << m : 0u;
        values[m] = present ? t->value[m] : 0.0;
    }
    if (st->wstate == W_PUBLISHED)
        return insert_trial(st, idx, t->trial, mask, t->stratum, values, t->consistency, e);
    err_code rc = stage_begin(st, 'T', e);
    if (rc != ERR_OK)
        return rc;
    FILE *f = st->stage;
    int32_t stratum = t->stratum;
    if (put_u32(f, idx) | put_u64(f, t->trial) | put_u32(f, mask) |
        put(f, &stratum, sizeof stratum) | put(f, values, sizeof values) |
        put_str(f, t->consistency))
        return stage_error(st, e);
    return ERR_OK;
}

err_code store_run_event(store *st, uint32_t idx, uint64_t trial, uint32_t seq, int64_t t_us,
                         const char *kind, const char *subject, const char *detail,
                         err_msg *e)
{
    if (st->wstate == W_PUBLISHED)
        return insert_event(st, idx, trial, seq, t_us, kind ? kind : "", subject ? subject : "",
                            detail ? detail : "", e);
    err_code rc = stage_begin(st, 'E', e);
    if (rc != ERR_OK)
        return rc;
    FILE *f = st->stage;
    if (put_u32(f, idx) | put_u64(f, trial) | put_u32(f, seq) | put_u64(f, (uint64_t)t_us) |
        put_str(f, kind ? kind : "") | put_str(f, subject ? subject : "") |
        put_str(f, detail ? detail : ""))
        return stage_error(st, e);
    return ERR_OK;
}

/* ---- Publishing ------------------------------------------------------------------ */

typedef struct reader {
    FILE *f;
    char *buf[3];     /* string buffers (a record has at most three strings) */
    size_t cap[3];
} reader;

enum { PUB_VARIANT, PUB_TRIAL, PUB_EVENT };

static void publish_release(store *st)
{
    for (int k = 0; k < 3; k++) {
        sqlite3_finalize(st->pub.stmt[k]);
        st->pub.stmt[k] = NULL;
    }
    mem_free(st->pub.ids);
    st->pub.ids = NULL;
    st->pub.nids = 0;
}

/* The database id of variant idx, or 0 (with the error set) when it was
 * not staged before. */
static int64_t variant_id_of(store *st, uint32_t idx, err_msg *e)
{
    if (idx < st->pub.nids && st->pub.ids[idx] != 0)
        return st->pub.ids[idx];
    store_error(st, e, ERR_INTERNAL, "results staged for variant %u before it", idx);
    return 0;
}

/* Insert statement k with its first three parameters bound (run, variant
 * idx's id, trial); NULL (the error set) when the variant was not staged. */
static sqlite3_stmt *row_begin(store *st, int k, uint32_t idx, uint64_t trial, err_msg *e)
{
    int64_t vid = variant_id_of(st, idx, e);
    if (vid == 0)
        return NULL;
    sqlite3_stmt *ins = st->pub.stmt[k];
    sqlite3_bind_int64(ins, 1, st->run_id);
    sqlite3_bind_int64(ins, 2, vid);
    sqlite3_bind_int64(ins, 3, (int64_t)trial);
    return ins;
}

static err_code insert_trial(store *st, uint32_t idx, uint64_t trial, uint32_t mask,
                             int32_t stratum, const double *values, const char *consistency,
                             err_msg *e)
{
    sqlite3_stmt *ins = row_begin(st, PUB_TRIAL, idx, trial, e);
    if (ins == NULL)
        return ERR_INTERNAL;
    for (int m = 0; m < OC_NMETRICS; m++) {
        if (mask & (1u << m))
            sqlite3_bind_double(ins, 4 + m, values[m]);
        else
            sqlite3_bind_null(ins, 4 + m);
    }
    store_bind_text(ins, 4 + OC_NMETRICS, consistency);
    if (stratum >= 0)
        sqlite3_bind_int64(ins, 5 + OC_NMETRICS, stratum);
    else
        sqlite3_bind_null(ins, 5 + OC_NMETRICS);
    return store_step_done(st, ins, "cannot write the run's trials", e);
}

static err_code insert_event(store *st, uint32_t idx, uint64_t trial, uint32_t seq,
                             int64_t t_us, const char *kind, const char *subject,
                             const char *detail, err_msg *e)
{
    sqlite3_stmt *ins = row_begin(st, PUB_EVENT, idx, trial, e);
    if (ins == NULL)
        return ERR_INTERNAL;
    sqlite3_bind_int64(ins, 4, seq);
    /* t_s: exactly t_us / 1e6, rounded once. */
    sqlite3_bind_double(ins, 5, (double)t_us / 1e6);
    sqlite3_bind_int64(ins, 6, t_us);
    store_bind_text(ins, 7, kind);
    store_bind_text(ins, 8, subject);
    store_bind_text(ins, 9, detail);
    return store_step_done(st, ins, "cannot write the run's events", e);
}

static int get(reader *r, void *p, size_t n)
{
    return fread(p, 1, n, r->f) == n ? 0 : -1;
}

/* Reads a string into buffer k; *out NULL for a NULL string. -1 on a short
 * read, -2 out of memory. */
static int get_str(reader *r, int k, const char **out)
{
    uint32_t n;
    if (get(r, &n, sizeof n) != 0)
        return -1;
    if (n == STR_NULL) {
        *out = NULL;
        return 0;
    }
    if (mem_grow((void **)&r->buf[k], &r->cap[k], (size_t)n + 1, 1) != 0)
        return -2;
    if (get(r, r->buf[k], n) != 0)
        return -1;
    r->buf[k][n] = '\0';
    *out = r->buf[k];
    return 0;
}

static err_code publish_records(store *st, reader *r, err_msg *e)
{
    for (;;) {
        char tag;
        if (get(r, &tag, 1) != 0)
            break;
        uint32_t idx;
        int bad = get(r, &idx, sizeof idx);
        const char *s0 = NULL, *s1 = NULL, *s2 = NULL;
        if (tag == 'V') {
            bad = bad ? bad : get_str(r, 0, &s0);
            bad = bad ? bad : get_str(r, 1, &s1);
            bad = bad ? bad : get_str(r, 2, &s2);
            if (bad == -2)
                return store_error(st, e, ERR_NOMEM, "out of memory writing the run");
            if (bad)
                break;
            sqlite3_stmt *ins_v = st->pub.stmt[PUB_VARIANT];
            sqlite3_bind_int64(ins_v, 1, st->run_id);
            sqlite3_bind_int64(ins_v, 2, idx);
            store_bind_text(ins_v, 3, s0);
            store_bind_text(ins_v, 4, s1);
            store_bind_text(ins_v, 5, s2);
            err_code rc = store_step_done(st, ins_v, "cannot write the run's variants", e);
            if (rc != ERR_OK)
                return rc;
            if (idx >= st->pub.nids) {
                size_t cap = st->pub.nids;
                if (mem_grow((void **)&st->pub.ids, &cap, (size_t)idx + 1,
                             sizeof *st->pub.ids) != 0)
                    return store_error(st, e, ERR_NOMEM, "out of memory writing the run");
                memset(st->pub.ids + st->pub.nids, 0,
                       (cap - st->pub.nids) * sizeof *st->pub.ids);
                st->pub.nids = cap;
            }
            st->pub.ids[idx] = sqlite3_last_insert_rowid(st->db);
            continue;
        }
        if (bad)
            break;
        err_code rc;
        if (tag == 'T') {
            uint64_t trial;
            uint32_t mask;
            int32_t stratum;
            double values[OC_NMETRICS];
            bad = get(r, &trial, sizeof trial) | get(r, &mask, sizeof mask) |
                  get(r, &stratum, sizeof stratum) | get(r, values, sizeof values);
            bad = bad ? bad : get_str(r, 0, &s0);
            if (bad == -2)
                return store_error(st, e, ERR_NOMEM, "out of memory writing the run");
            if (bad)
                break;
            rc = insert_trial(st, idx, trial, mask, stratum, values, s0, e);
        } else if (tag == 'E') {
            uint64_t trial, t_us;
            uint32_t seq;
            bad = get(r, &trial, sizeof trial) | get(r, &seq, sizeof seq) |
                  get(r, &t_us, sizeof t_us);
            bad = bad ? bad : get_str(r, 0, &s0);
            bad = bad ? bad : get_str(r, 1, &s1);
            bad = bad ? bad : get_str(r, 2, &s2);
            if (bad == -2)
                return store_error(st, e, ERR_NOMEM, "out of memory writing the run");
            if (bad)
                break;
            rc = insert_event(st, idx, trial, seq, (int64_t)t_us, s0, s1, s2, e);
        } else {
            break;
        }
        if (rc != ERR_OK)
            return rc;
    }
    if (ferror(r->f) || !feof(r->f))
        return store_error(st, e, ERR_STORE, "cannot read back the staged results: %s",
                           ferror(r->f) ? strerror(errno ? errno : EIO) : "corrupt record");
    return ERR_OK;
}

err_code store_run_publish(store *st, err_msg *e)
{
    if (st->wstate == W_PUBLISHED)
        return ERR_OK; /* published already: results go straight in */
    if (st->wstate != W_STAGING)
        return wrong_state(st, e, "publish");
    errno = 0;
    if (fflush(st->stage) != 0 || fseek(st->stage, 0, SEEK_SET) != 0)
        return stage_error(st, e);
    err_code rc = store_exec(st, "BEGIN IMMEDIATE;", e);
    if (rc != ERR_OK)
        return rc;
    st->wstate = W_PUBLISHED;

    char cols[SQL_MAX], sql[2 * SQL_MAX];
    metric_columns(cols, sizeof cols, "");
    size_t len = (size_t)snprintf(sql, sizeof sql,
                                  "INSERT INTO main.trial (run_id, variant_id, trial, %s, "
                                  "consistency, stratum) VALUES (?1, ?2, ?3",
                                  cols);
    for (int i = 0; i <= OC_NMETRICS + 1; i++)
        len += (size_t)snprintf(sql + len, sizeof sql - len, ", ?%d", i + 4);
    snprintf(sql + len, sizeof sql - len, ")");

    reader r = {.f = st->stage};
    rc = store_prepare(st,
                       "INSERT INTO main.variant (run_id, idx, name, strategy, params) "
                       "VALUES (?1, ?2, ?3, ?4, ?5)",
                       &st->pub.stmt[PUB_VARIANT], e);
    if (rc == ERR_OK)
        rc = store_prepare(st, sql, &st->pub.stmt[PUB_TRIAL], e);
    if (rc == ERR_OK)
        rc = store_prepare(st,
                           "INSERT INTO main.event (run_id, variant_id, trial, seq, t_s, t_us, "
                           "kind, subject, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                           &st->pub.stmt[PUB_EVENT], e);
    if (rc == ERR_OK)
        rc = publish_records(st, &r, e);
    for (int k = 0; k < 3; k++)
        mem_free(r.buf[k]);
    /* The stage is spent: what comes now goes straight in. */
    if (st->stage != NULL)
        fclose(st->stage);
    st->stage = NULL;
    return rc;
}

err_code store_run_expectation(store *st, const store_expectation *x, err_msg *e)
{
    if (st->wstate != W_PUBLISHED)
        return wrong_state(st, e, "expectation");
    sqlite3_stmt *s = NULL;
    err_code rc = store_prepare(
        st,
        "INSERT INTO expectation (run_id, variant_id, metric, stat, op, threshold, observed,\n"
        "  pass, target, text, missed_share, line, verdict, level, observed_lo, observed_hi,\n"
        "  given)\n"
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
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
    store_bind_text(s, 13, x->pass ? "pass" : x->inconclusive ? "inconclusive" : "fail");
    const double reals[3] = {x->level, x->observed_lo, x->observed_hi};
    for (int k = 0; k < 3; k++) {
        if (isnan(reals[k]))
            sqlite3_bind_null(s, 14 + k);
        else
            sqlite3_bind_double(s, 14 + k, reals[k]);
    }
    store_bind_text(s, 17, x->given);
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
    abandon(st); /* the statements and the stage; nothing is open now */
    store_fail_stmts_release(st);
    st->wstate = W_IDLE;
    return ERR_OK;
}

/* Marks the run failed, with statements prepared when it began: after an
 * allocation failure, this is what must still work. Strings are bound
 * without copies (they outlive the step). */
err_code store_run_fail(store *st, const char *why, err_msg *e)
{
    if (st == NULL || st->wstate == W_IDLE)
        return ERR_OK;
    /* After an allocation failure, this is what the reserve is for. */
    mem_reserve_release();
    abandon(st);
    st->wstate = W_IDLE;
    char now[32];
    store_now(now, sizeof now);
    int s = fail_step(st, F_BEGIN);
    const char *what = "cannot mark the run failed";
    if (s == SQLITE_OK) {
        sqlite3_stmt *u = st->fail_stmt[F_UPDATE];
        bool own = u == NULL;
        if (own)
            s = sqlite3_prepare_v2(st->db, fail_sql[F_UPDATE], -1, &u, NULL);
        if (s == SQLITE_OK) {
            sqlite3_bind_int64(u, 1, st->run_id);
            sqlite3_bind_text(u, 2, why ? why : "failed", -1, SQLITE_STATIC);
            sqlite3_bind_text(u, 3, now, -1, SQLITE_STATIC);
            s = sqlite3_step(u);
            s = s == SQLITE_DONE ? SQLITE_OK : s;
            sqlite3_reset(u);
            sqlite3_clear_bindings(u);
        }
        if (own)
            sqlite3_finalize(u);
        if (s == SQLITE_OK)
            s = fail_step(st, F_COMMIT);
    }
    err_code rc = s == SQLITE_OK ? ERR_OK : store_sql_error(st, e, s, what);
    if (rc != ERR_OK && !sqlite3_get_autocommit(st->db))
        fail_step(st, F_ROLLBACK);
    store_fail_stmts_release(st);
    return rc;
}
