/*
 * storeInt.h — what the store's files share and nobody else sees: the
 * handle, and the functions of sql.c, schema.c and write.c the others call.
 *
 * Calls go one way, top to bottom:
 *   open.c   opening and closing          -> schema.c, write.c, sql.c
 *   merge.c  joining shard databases      -> read.c, write.c, sql.c
 *   read.c   reading runs and results     -> weights.c, sql.c
 *   weights.c strata and weighted figures -> sql.c
 *   write.c  writing a run                -> sql.c
 *   schema.c tables, versions, migrations -> sql.c
 *   sql.c    errors, statements, text     -> nothing of the store
 *
 * Invariants of a handle:
 *   - db is open for the handle's whole life; path is a copy of the name;
 *   - wstate says where a run being written is: W_IDLE (none), W_STAGING
 *     (run row committed, results going to the stage file), W_PUBLISHED (the
 *     results transaction is open);
 *   - stage is open exactly in W_STAGING and W_PUBLISHED;
 *   - in W_IDLE no transaction is open.
 */
#ifndef DRSIM_STORE_INT_H
#define DRSIM_STORE_INT_H

#include <sqlite3.h>
#include <stdio.h>

#include "reports/store/store.h"
#include "sim/core/wstats.h"

typedef enum store_wstate { W_IDLE = 0, W_STAGING, W_PUBLISHED } store_wstate;

/* One variant's values of one metric over the trials that meet a condition
 * (read.c). */
#define STORE_COLUMNS STORE_READ_AHEAD
typedef struct store_column {
    int64_t variant_id;      /* 0: an empty entry */
    int metric, given;       /* oc_metric; the handle's condition (-1: none) */
    int64_t changes;         /* sqlite3_total_changes64 when it was read */
    int64_t data_version;    /* PRAGMA data_version when it was read */
    uint64_t used;           /* column_clock at its last use */
    double *values;          /* the present values, ascending (owned) */
    uint64_t n_present, n_absent;
} store_column;

struct store {
    sqlite3 *db;
    char *path;
    store_mode mode;
    int file_version;
    int busy_ms;             /* the busy timeout in force */
    double level;            /* confidence level of store_aggregate's intervals */
    int given;               /* -1, or a flag metric: figures over its trials only */
    char errmsg[ERR_MSG_MAX];

    store_wstate wstate;
    int64_t run_id;
    FILE *stage;             /* an anonymous temporary file (write.c) */
    struct {                 /* while W_PUBLISHED (write.c) */
        sqlite3_stmt *stmt[3];   /* insert a variant, a trial, an event */
        int64_t *ids;            /* variant id by idx (0: none) */
        size_t nids;
    } pub;
    /* Prepared when a run begins (NULL when that failed), so that marking
     * the run failed needs no new memory: ROLLBACK, BEGIN IMMEDIATE, the
     * status UPDATE, COMMIT (write.c). */
    sqlite3_stmt *fail_stmt[4];

    /* read.c: the metric columns store_aggregate read last, each one
     * variant's values ascending, so that judging a run (a figure and a
     * missed share per rule) and a report (every figure of a variant) scan
     * and sort a column once. An entry holds while the database is as it was
     * when it was read: this connection's total changes and the data version
     * (other connections' commits) are part of its key. */
    store_column columns[STORE_COLUMNS];
    uint64_t column_clock;   /* ticks at each use: the least recent entry goes */
};

struct store_iter {
    store *st;
    sqlite3_stmt *stmt;
    wstats_strata *ss;       /* store_values_*: a stratified run's, or NULL */
    double weight;           /* the last value's weight (1: not stratified) */
    double total, n_eff;     /* the distribution's total weight, Kish's n */
};

/* ---- sql.c ---- */

/* Records an SQLite failure: message "PATH: what: sqlite's message" in the
 * handle and in *e; returns ERR_NOMEM for SQLITE_NOMEM, else ERR_STORE. */
err_code store_sql_fail(store *st, err_msg *e, int rc, const char *what);

/* store_sql_fail, never ERR_OK: inline so that the analyzer sees it too. */
static inline err_code store_sql_error(store *st, err_msg *e, int rc, const char *what)
{
    err_code code = store_sql_fail(st, e, rc, what);
    return code != ERR_OK ? code : ERR_STORE;
}

/* Records a failure of our own (code and message, prefixed with the path).
 * store_error's value is `code` (a macro, as err_set, so that callers and the
 * static analyzer see it; pass a constant or a variable). */
void store_errorf(store *st, err_msg *e, err_code code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#define store_error(st, e, code, ...)                                                           \
    __extension__({                                                                            \
        store_errorf((st), (e), (code), __VA_ARGS__);                                          \
        (err_code)(code);                                                                      \
    })

/* Prepares sql on the handle's connection. */
err_code store_prepare(store *st, const char *sql, sqlite3_stmt **out, err_msg *e);

/* Runs one or more statements without parameters (schema, transactions). */
err_code store_exec(store *st, const char *sql, err_msg *e);

/* Steps a prepared statement that returns no rows to completion and resets
 * it; errors are recorded with `what`. */
err_code store_step_done(store *st, sqlite3_stmt *stmt, const char *what, err_msg *e);

/* Binds a string or NULL. */
int store_bind_text(sqlite3_stmt *stmt, int i, const char *s);

/* A copy (mem_strdup) of column i's text, or NULL when it is NULL. Returns
 * -1 when out of memory (the column was not NULL but could not be copied). */
int store_column_dup(sqlite3_stmt *stmt, int i, char **out);

/* As store_column_dup for a column the schema declares NOT NULL: a NULL,
 * which only a damaged database holds, reads as "" so that readers can rely
 * on the schema. */
int store_column_dup_nn(sqlite3_stmt *stmt, int i, char **out);

/* ---- weights.c ---- */

/* The stratum in column col of s's row into *k; ERR_STORE (a damaged
 * database) when it is NULL or not one of ss's. */
err_code store_stratum_of(store *st, sqlite3_stmt *s, int col, const wstats_strata *ss,
                          uint32_t *k, err_msg *e);

/* store_aggregate for a stratified variant: metric m over its trials that
 * meet `cond` (" AND ..." or ""), weighted. */
err_code store_weighted_aggregate(store *st, int64_t variant_id, oc_metric m,
                                  const wstats_strata *ss, const char *cond, stats_agg *out,
                                  err_msg *e);

/* A share from a statement (prepared and bound; finalized here) whose rows
 * are (stratum, trials, trials counted), one per stratum: the weighted
 * share when ss->n > 0, the plain one otherwise; NAN with no trial. */
err_code store_weighted_counts(store *st, const wstats_strata *ss, sqlite3_stmt *s,
                               double *share, err_msg *e);

/* ---- schema.c ---- */

/* store_schema_ensure brings the database at st->db to
 * STORE_SCHEMA_VERSION: creates it when empty, migrates it when older, and
 * refuses it when newer or not drsim's. Runs in its own transaction. */
err_code store_schema_ensure(store *st, err_msg *e);

/* Refuses, without writing anything, a database store_schema_ensure would
 * refuse (newer, or not drsim's); ERR_OK otherwise. */
err_code store_schema_check(store *st, err_msg *e);

/* The user_version of schema `schema` ("main"). */
err_code store_schema_version(store *st, int *version, err_msg *e);

/* ---- read.c ---- */

/* Frees the cached columns. */
void store_columns_release(store *st);

/* ---- write.c ---- */

/* Finalizes st->fail_stmt. */
void store_fail_stmts_release(store *st);

#endif
