/*
 * read.c — reading runs, variants, trials, events and expectations
 * back, and the aggregates computed from the stored trials.
 *
 * Aggregates are never stored: they are computed on every read from the trial
 * rows (stats.h defines each figure), so any database, from any machine or
 * version, gives the same figures. store_values_* let SQLite sort a metric's
 * values (ORDER BY) for a caller that consumes them in one pass;
 * store_aggregate and store_missed_share read a variant's column once into
 * memory and sort it there (the handle keeps the last few: a column is
 * asked for a figure, then for the share of trials missing a threshold),
 * and reading it again costs one PRAGMA.
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/store/storeInt.h"
#include "sim/core/mem.h"

#define SQL_MAX 4096

static err_code iter_new(store *st, const char *sql, store_iter **it, err_msg *e);

/* ---- Every row of a statement into an array ---------------------------------- */

/* Reads the current row of s into *item, zeroed and already counted in the
 * array; returns nonzero when out of memory, leaving what it took in *item
 * for the array's free function. */
typedef int (*row_read_fn)(sqlite3_stmt *s, void *item);
/* Frees n items (any of them partly read) and the array. */
typedef void (*rows_free_fn)(void *items, size_t n);

/* Steps s (prepared and bound) to its end and finalizes it, one `size`-byte
 * item per row. On success *items and *n hold the rows (NULL and 0 for none)
 * and the caller owns them. On error they are left as they were, what was
 * read is freed, and e says "out of memory reading WHAT" or "cannot read
 * WHAT: ...". */
static err_code read_rows(store *st, sqlite3_stmt *s, size_t size, row_read_fn read,
                          rows_free_fn free_rows, const char *what, void **items, size_t *n,
                          err_msg *e)
{
    void *rows = NULL;
    size_t len = 0, cap = 0;
    err_code rc = ERR_OK;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        if (mem_grow(&rows, &cap, len + 1, size) != 0) {
            rc = store_error(st, e, ERR_NOMEM, "out of memory reading %s", what);
            break;
        }
        void *item = (char *)rows + len++ * size;
        memset(item, 0, size);
        if (read(s, item) != 0) {
            rc = store_error(st, e, ERR_NOMEM, "out of memory reading %s", what);
            break;
        }
    }
    if (rc == ERR_OK && step != SQLITE_DONE) {
        char doing[64];
        snprintf(doing, sizeof doing, "cannot read %s", what);
        rc = store_sql_error(st, e, step, doing);
    }
    sqlite3_finalize(s);
    if (rc != ERR_OK) {
        free_rows(rows, len);
        return rc;
    }
    *items = rows;
    *n = len;
    return ERR_OK;
}

/* ---- Runs ------------------------------------------------------------------- */

#define RUN_COLUMNS                                                                        \
    "r.id, r.scenario_id, s.name, s.description, s.sha256, r.started_at, r.finished_at,\n" \
    "  r.seed, r.trials, r.trial_first, r.trial_end, r.trace, r.shard_index,\n"           \
    "  r.shard_count, r.variants, r.version,\n"                                            \
    "  CASE WHEN json_valid(r.argv) THEN r.argv ELSE json_quote(r.argv) END,\n"          \
    "  r.status, r.error, r.host,\n"        \
    "  r.merged_from, r.pid, (SELECT count(*) FROM variant AS v WHERE v.run_id = r.id),\n" \
    "  r.stopped\n"                                                                        \
    "FROM run AS r JOIN scenario AS s ON s.id = r.scenario_id\n"

void store_run_clear(store_run *r)
{
    if (r == NULL)
        return;
    mem_free(r->scenario);
    mem_free(r->description);
    mem_free(r->sha256);
    mem_free(r->started_at);
    mem_free(r->finished_at);
    mem_free(r->variants_filter);
    mem_free(r->version);
    mem_free(r->argv);
    mem_free(r->status);
    mem_free(r->error);
    mem_free(r->host);
    mem_free(r->merged_from);
    mem_free(r->stopped);
    memset(r, 0, sizeof *r);
}

static int read_run(sqlite3_stmt *s, store_run *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(s, 0);
    r->scenario_id = sqlite3_column_int64(s, 1);
    int bad = 0;
    bad |= store_column_dup_nn(s, 2, &r->scenario);
    bad |= store_column_dup(s, 3, &r->description);
    bad |= store_column_dup_nn(s, 4, &r->sha256);
    bad |= store_column_dup_nn(s, 5, &r->started_at);
    bad |= store_column_dup(s, 6, &r->finished_at);
    r->seed = (uint64_t)sqlite3_column_int64(s, 7);
    r->trials = (uint64_t)sqlite3_column_int64(s, 8);
    r->trial_first = (uint64_t)sqlite3_column_int64(s, 9);
    r->trial_end = (uint64_t)sqlite3_column_int64(s, 10);
    r->trace = (uint64_t)sqlite3_column_int64(s, 11);
    r->shard_index = (uint32_t)sqlite3_column_int64(s, 12);
    r->shard_count = (uint32_t)sqlite3_column_int64(s, 13);
    bad |= store_column_dup(s, 14, &r->variants_filter);
    bad |= store_column_dup_nn(s, 15, &r->version);
    bad |= store_column_dup_nn(s, 16, &r->argv);
    bad |= store_column_dup_nn(s, 17, &r->status);
    bad |= store_column_dup(s, 18, &r->error);
    bad |= store_column_dup(s, 19, &r->host);
    bad |= store_column_dup(s, 20, &r->merged_from);
    r->pid = sqlite3_column_int64(s, 21);
    r->nvariants = (uint64_t)sqlite3_column_int64(s, 22);
    bad |= store_column_dup(s, 23, &r->stopped);
    if (bad) {
        store_run_clear(r);
        return -1;
    }
    return 0;
}

const char *store_run_state(const store_run *r)
{
    if (r->status == NULL)
        return "?";
    if (strcmp(r->status, "running") != 0)
        return r->status;
    char host[256] = "";
    if (r->host != NULL && r->pid > 0 && gethostname(host, sizeof host - 1) == 0 &&
        strcmp(host, r->host) == 0 && kill((pid_t)r->pid, 0) != 0 && errno == ESRCH)
        return "abandoned";
    return "running";
}

static int run_read(sqlite3_stmt *s, void *item)
{
    return read_run(s, item);
}

static void runs_free(void *items, size_t n)
{
    store_runs_free(items, n);
}

err_code store_runs_list(store *st, store_run **runs, size_t *n, err_msg *e)
{
    *runs = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    err_code rc = store_prepare(st, "SELECT " RUN_COLUMNS "ORDER BY r.id", &s, e);
    if (rc != ERR_OK)
        return rc;
    void *items = NULL;
    rc = read_rows(st, s, sizeof **runs, run_read, runs_free, "runs", &items, n, e);
    *runs = items;
    return rc;
}

void store_runs_free(store_run *runs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        store_run_clear(&runs[i]);
    mem_free(runs);
}

err_code store_run_get(store *st, int64_t id, store_run *out, err_msg *e)
{
    memset(out, 0, sizeof *out); /* store_run_clear is safe on any path */
    sqlite3_stmt *s = NULL;
    err_code rc = store_prepare(st, "SELECT " RUN_COLUMNS "WHERE r.id = ?1", &s, e);
    if (rc != ERR_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        if (read_run(s, out) != 0)
            rc = store_error(st, e, ERR_NOMEM, "out of memory reading run %lld", (long long)id);
    } else if (step == SQLITE_DONE) {
        rc = store_error(st, e, ERR_INPUT, "no run %lld in this database", (long long)id);
    } else {
        rc = store_sql_error(st, e, step, "cannot read a run");
    }
    sqlite3_finalize(s);
    return rc;
}

/* Runs a query returning one integer (or none: *found false). */
static err_code query_id(store *st, sqlite3_stmt *s, int64_t *id, bool *found, err_msg *e)
{
    int step = sqlite3_step(s);
    *found = step == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL;
    if (*found)
        *id = sqlite3_column_int64(s, 0);
    err_code rc = ERR_OK;
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = store_sql_error(st, e, step, "cannot look up a run");
    sqlite3_finalize(s);
    return rc;
}

err_code store_run_resolve(store *st, const char *ref, int64_t *id, err_msg *e)
{
    if (ref == NULL || *ref == '\0')
        return store_error(st, e, ERR_INPUT, "an empty run reference");
    char *end = NULL;
    errno = 0;
    long long n = strtoll(ref, &end, 10);
    if (*end == '\0' && errno == 0 && n > 0) {
        store_run r;
        err_code rc = store_run_get(st, n, &r, e);
        if (rc != ERR_OK)
            return rc;
        store_run_clear(&r);
        *id = n;
        return ERR_OK;
    }
    bool latest = strcmp(ref, "latest") == 0 || strcmp(ref, "last") == 0;
    sqlite3_stmt *s = NULL;
    err_code rc = store_prepare(st,
                                "SELECT max(r.id) FROM run AS r\n"
                                "JOIN scenario AS s ON s.id = r.scenario_id\n"
                                "WHERE r.status = 'done' AND (?1 OR s.name = ?2)",
                                &s, e);
    if (rc != ERR_OK)
        return rc;
    sqlite3_bind_int(s, 1, latest);
    sqlite3_bind_text(s, 2, ref, -1, SQLITE_TRANSIENT);
    bool found = false;
    rc = query_id(st, s, id, &found, e);
    if (rc != ERR_OK)
        return rc;
    if (!found)
        return store_error(st, e, ERR_INPUT,
                           latest ? "no finished run in this database"
                                  : "no run '%s' (expected a run id, 'latest', or the "
                                    "name of a scenario with a finished run)",
                           ref);
    return ERR_OK;
}

err_code store_run_latest(store *st, const char *sha256, const char *name, bool same_seed,
                          uint64_t seed, int64_t exclude, int64_t *id, err_msg *e)
{
    *id = 0;
    sqlite3_stmt *s = NULL;
    err_code rc = store_prepare(
        st,
        "SELECT r.id FROM run AS r JOIN scenario AS s ON s.id = r.scenario_id\n"
        "WHERE r.status = 'done' AND r.shard_count = 1\n"
        "  AND (?1 IS NULL OR s.sha256 = ?1) AND (?2 IS NULL OR s.name = ?2)\n"
        "  AND (NOT ?3 OR r.seed = ?4) AND r.id <> ?5\n"
        "ORDER BY r.id DESC LIMIT 1",
        &s, e);
    if (rc != ERR_OK)
        return rc;
    store_bind_text(s, 1, sha256);
    store_bind_text(s, 2, name);
    sqlite3_bind_int(s, 3, same_seed);
    sqlite3_bind_int64(s, 4, (int64_t)seed);
    sqlite3_bind_int64(s, 5, exclude);
    bool found = false;
    rc = query_id(st, s, id, &found, e);
    if (!found)
        *id = 0;
    return rc;
}

err_code store_run_source(store *st, int64_t run_id, char **source, size_t *len, err_msg *e)
{
    sqlite3_stmt *s = NULL;
    err_code rc = store_prepare(st,
                                "SELECT s.source FROM run AS r\n"
                                "JOIN scenario AS s ON s.id = r.scenario_id WHERE r.id = ?1",
                                &s, e);
    if (rc != ERR_OK)
        return rc;
    sqlite3_bind_int64(s, 1, run_id);
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        const void *bytes = sqlite3_column_blob(s, 0);
        size_t n = (size_t)sqlite3_column_bytes(s, 0);
        char *copy = mem_malloc(n + 1);
        if (copy == NULL || (bytes == NULL && n > 0)) {
            mem_free(copy);
            rc = store_error(st, e, ERR_NOMEM, "out of memory reading a scenario");
        } else {
            if (n > 0)
                memcpy(copy, bytes, n);
            copy[n] = '\0';
            *source = copy;
            *len = n;
        }
    } else if (step == SQLITE_DONE) {
        rc = store_error(st, e, ERR_INPUT, "no run %lld in this database", (long long)run_id);
    } else {
        rc = store_sql_error(st, e, step, "cannot read a scenario");
    }
    sqlite3_finalize(s);
    return rc;
}

/* ---- Variants --------------------------------------------------------------- */

static int variant_read(sqlite3_stmt *s, void *item)
{
    store_variant *v = item;
    v->id = sqlite3_column_int64(s, 0);
    v->idx = (uint32_t)sqlite3_column_int64(s, 1);
    return store_column_dup_nn(s, 2, &v->name) | store_column_dup(s, 3, &v->strategy) |
           store_column_dup_nn(s, 4, &v->params);
}

static void variants_free(void *items, size_t n)
{
    store_variants_free(items, n);
}

err_code store_variants(store *st, int64_t run_id, store_variant **v, size_t *n, err_msg *e)
{
    *v = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    err_code rc = store_prepare(
        st, "SELECT id, idx, name, strategy,\n"
        "  CASE WHEN json_valid(params) THEN params ELSE json_quote(params) END\n"
        "FROM variant WHERE run_id = ?1 ORDER BY idx",
        &s, e);
    if (rc != ERR_OK)
        return rc;
    sqlite3_bind_int64(s, 1, run_id);
    void *items = NULL;
    rc = read_rows(st, s, sizeof **v, variant_read, variants_free, "variants", &items, n, e);
    *v = items;
    return rc;
}

void store_variants_free(store_variant *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        mem_free(v[i].name);
        mem_free(v[i].strategy);
        mem_free(v[i].params);
    }
    mem_free(v);
}

/* ---- Aggregates ------------------------------------------------------------- */

static const char *given_sql(const store *st, char *buf, size_t size);

/* A stratified distribution's total weight and Kish's effective number of
 * trials, (sum w)^2 / sum w^2, over the values the iterator will return and
 * the absent ones counted as the worst. */
static err_code values_weights(store *st, int64_t variant_id, oc_metric m, const char *cond,
                               store_iter *it, err_msg *e)
{
    char sql[SQL_MAX];
    snprintf(sql, sizeof sql,
             "SELECT stratum, count(*), count(%s) FROM trial WHERE variant_id = ?1%s "
             "GROUP BY stratum",
             oc_metrics[m].column, cond);
    sqlite3_stmt *s = NULL;
    err_code rc = store_prepare(st, sql, &s, e);
    if (rc != ERR_OK)
        return rc;
    sqlite3_bind_int64(s, 1, variant_id);
    double sum = 0, sum2 = 0;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        uint32_t k = 0;
        if ((rc = store_stratum_of(st, s, 0, it->ss, &k, e)) != ERR_OK)
            break;
        double w = wstats_weight(it->ss, k);
        double count = (double)(oc_metrics[m].absent_is_worst ? sqlite3_column_int64(s, 1)
                                                              : sqlite3_column_int64(s, 2));
        sum += w * count;
        sum2 += w * w * count;
    }
    if (rc == ERR_OK && step != SQLITE_DONE)
        rc = store_sql_error(st, e, step, "cannot read trials");
    sqlite3_finalize(s);
    it->total = sum;
    it->n_eff = sum2 > 0 ? sum * sum / sum2 : 0;
    return rc;
}

err_code store_values_open(store *st, int64_t variant_id, oc_metric m, store_iter **it,
                           uint64_t *n_present, uint64_t *n_absent, err_msg *e)
{
    const char *col = oc_metrics[m].column;
    char sql[SQL_MAX];
    sqlite3_stmt *s = NULL;
    *it = NULL;
    char condbuf[96];
    const char *cond = given_sql(st, condbuf, sizeof condbuf);
    wstats_strata ss;
    err_code rc = store_variant_strata(st, variant_id, &ss, e);
    if (rc != ERR_OK)
        return rc;
    snprintf(sql, sizeof sql, "SELECT count(*), count(%s) FROM trial WHERE variant_id = ?1%s",
             col, cond);
    rc = store_prepare(st, sql, &s, e);
    if (rc != ERR_OK)
        return rc;
    sqlite3_bind_int64(s, 1, variant_id);
    int step = sqlite3_step(s);
    if (step != SQLITE_ROW) {
        rc = store_sql_error(st, e, step, "cannot read trials");
        sqlite3_finalize(s);
        return rc;
    }
    uint64_t all = (uint64_t)sqlite3_column_int64(s, 0);
    uint64_t present = (uint64_t)sqlite3_column_int64(s, 1);
    sqlite3_finalize(s);

    snprintf(sql, sizeof sql,
             "SELECT %s, stratum FROM trial WHERE variant_id = ?1 AND %s IS NOT NULL%s "
             "ORDER BY %s",
             col, col, cond, col);
    rc = iter_new(st, sql, it, e);
    if (rc != ERR_OK)
        return rc;
    sqlite3_bind_int64((*it)->stmt, 1, variant_id);
    (*it)->weight = 1;
    (*it)->total = (double)(oc_metrics[m].absent_is_worst ? all : present);
    (*it)->n_eff = (*it)->total;
    if (ss.n > 0) {
        (*it)->ss = mem_malloc(sizeof ss);
        if ((*it)->ss == NULL)
            rc = store_error(st, e, ERR_NOMEM, "out of memory");
        else {
            *(*it)->ss = ss;
            rc = values_weights(st, variant_id, m, cond, *it, e);
        }
        if (rc != ERR_OK) {
            store_iter_close(*it);
            *it = NULL;
            return rc;
        }
    }
    *n_present = present;
    *n_absent = all - present;
    return ERR_OK;
}

err_code store_values_next(store_iter *it, double *v, bool *done, err_msg *e)
{
    int step = sqlite3_step(it->stmt);
    if (step == SQLITE_DONE) {
        *done = true;
        return ERR_OK;
    }
    if (step != SQLITE_ROW)
        return store_sql_error(it->st, e, step, "cannot read trials");
    *done = false;
    *v = sqlite3_column_double(it->stmt, 0);
    if (it->ss != NULL) {
        uint32_t k = 0;
        err_code rc = store_stratum_of(it->st, it->stmt, 1, it->ss, &k, e);
        if (rc != ERR_OK)
            return rc;
        it->weight = wstats_weight(it->ss, k);
    }
    return ERR_OK;
}

double store_values_weight(const store_iter *it)
{
    return it->weight;
}

bool store_values_weighted(const store_iter *it, double *total, double *n_eff)
{
    *total = it->total;
    *n_eff = it->n_eff;
    return it->ss != NULL;
}

/* ---- A variant's column in memory ------------------------------------------ */

/* The change count and data version the database is at now (see struct
 * store): an entry read at other ones may be stale. */
static err_code database_version(store *st, int64_t *changes, int64_t *data_version,
                                 err_msg *e)
{
    sqlite3_stmt *s = NULL;
    err_code rc = store_prepare(st, "PRAGMA main.data_version", &s, e);
    if (rc != ERR_OK)
        return rc;
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        *data_version = sqlite3_column_int64(s, 0);
    else
        rc = store_sql_error(st, e, step, "cannot read the data version");
    sqlite3_finalize(s);
    *changes = sqlite3_total_changes64(st->db);
    return rc;
}

static void column_clear(store_column *c)
{
    mem_free(c->values);
    memset(c, 0, sizeof *c);
}

void store_columns_release(store *st)
{
    for (int i = 0; i < STORE_COLUMNS; i++)
        column_clear(&st->columns[i]);
}

/* Reads metrics ms[0..n) of the variant's trials meeting the handle's
 * condition into the empty entries cs[0..n), one scan for all: each entry
 * gets its present values sorted and its absent ones counted. On error the
 * entries hold what was read (column_clear frees it). */
static err_code columns_read(store *st, int64_t variant_id, const oc_metric *ms,
                             store_column *const *cs, size_t n, err_msg *e)
{
    char sql[SQL_MAX], condbuf[96];
    size_t len = (size_t)snprintf(sql, sizeof sql, "SELECT ");
    for (size_t j = 0; j < n && len < sizeof sql; j++)
        len += (size_t)snprintf(sql + len, sizeof sql - len, "%s%s", j ? ", " : "",
                                oc_metrics[ms[j]].column);
    if (len < sizeof sql)
        snprintf(sql + len, sizeof sql - len, " FROM trial WHERE variant_id = ?1%s",
                 given_sql(st, condbuf, sizeof condbuf));
    sqlite3_stmt *s = NULL;
    err_code rc = store_prepare(st, sql, &s, e);
    if (rc != ERR_OK)
        return rc;
    sqlite3_bind_int64(s, 1, variant_id);
    size_t cap[OC_NMETRICS] = {0};
    int step;
    while (rc == ERR_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        for (size_t j = 0; j < n; j++) {
            store_column *c = cs[j];
            if (sqlite3_column_type(s, (int)j) == SQLITE_NULL) {
                c->n_absent++;
                continue;
            }
            if (mem_grow((void **)&c->values, &cap[j], (size_t)c->n_present + 1,
                         sizeof *c->values) != 0) {
                rc = store_error(st, e, ERR_NOMEM, "out of memory reading trials");
                break;
            }
            c->values[c->n_present++] = sqlite3_column_double(s, (int)j);
        }
    }
    if (rc == ERR_OK && step != SQLITE_DONE)
        rc = store_sql_error(st, e, step, "cannot read trials");
    sqlite3_finalize(s);
    if (rc != ERR_OK)
        return rc;
    /* SQLite never stores a NaN (it reads back as NULL): the order is total. */
    for (size_t j = 0; j < n; j++)
        stats_sort(cs[j]->values, (size_t)cs[j]->n_present);
    return ERR_OK;
}

/* Makes metrics[0..n) of the variant (distinct, n <= STORE_COLUMNS) current
 * in the handle's entries: those it holds are kept, the others read in one
 * scan into the least recently used of the rest. out[j], when out is not
 * NULL, is metric j's entry. */
static err_code columns_ensure(store *st, int64_t variant_id, const oc_metric *metrics,
                               size_t n, store_column **out, err_msg *e)
{
    int64_t changes = 0, data_version = 0;
    err_code rc = database_version(st, &changes, &data_version, e);
    if (rc != ERR_OK)
        return rc;
    store_column *entry[STORE_COLUMNS] = {0}; /* metric j's, found or to be read */
    for (size_t j = 0; j < n; j++)
        for (int i = 0; i < STORE_COLUMNS; i++) {
            store_column *c = &st->columns[i];
            if (c->variant_id == variant_id && c->metric == (int)metrics[j] &&
                c->given == st->given && c->changes == changes &&
                c->data_version == data_version)
                entry[j] = c;
        }
    oc_metric ms[STORE_COLUMNS];
    store_column *cs[STORE_COLUMNS];
    size_t k = 0;
    for (size_t j = 0; j < n; j++) {
        if (entry[j] != NULL)
            continue;
        store_column *victim = NULL;
        for (int i = 0; i < STORE_COLUMNS; i++) {
            store_column *c = &st->columns[i];
            bool taken = false;
            for (size_t t = 0; t < n; t++)
                taken = taken || entry[t] == c;
            if (!taken && (victim == NULL || c->used < victim->used))
                victim = c;
        }
        column_clear(victim);
        entry[j] = cs[k] = victim;
        ms[k++] = metrics[j];
    }
    if (k > 0)
        rc = columns_read(st, variant_id, ms, cs, k, e);
    for (size_t j = 0; j < k; j++) {
        if (rc != ERR_OK) {
            column_clear(cs[j]);
            continue;
        }
        cs[j]->variant_id = variant_id;
        cs[j]->metric = (int)ms[j];
        cs[j]->given = st->given;
        cs[j]->changes = changes;
        cs[j]->data_version = data_version;
    }
    if (rc != ERR_OK)
        return rc;
    for (size_t j = 0; j < n; j++) {
        entry[j]->used = ++st->column_clock;
        if (out != NULL)
            out[j] = entry[j];
    }
    return ERR_OK;
}

err_code store_read_ahead(store *st, int64_t variant_id, const oc_metric *metrics, size_t n,
                          err_msg *e)
{
    oc_metric ms[STORE_COLUMNS];
    size_t k = 0;
    for (size_t j = 0; j < n && k < STORE_COLUMNS; j++) {
        bool seen = false;
        for (size_t i = 0; i < k; i++)
            seen = seen || ms[i] == metrics[j];
        if (!seen)
            ms[k++] = metrics[j];
    }
    return columns_ensure(st, variant_id, ms, k, NULL, e);
}

/* Metric m of the variant (under the handle's condition) into *out, from
 * the handle's entries, read first when none is current. *out stays valid
 * until the next call on the handle. */
static err_code column_get(store *st, int64_t variant_id, oc_metric m,
                           const store_column **out, err_msg *e)
{
    store_column *c = NULL;
    err_code rc = columns_ensure(st, variant_id, &m, 1, &c, e);
    *out = c;
    return rc;
}

/* store_missed_share of a variant with no strata, counted in its column. */
static err_code column_missed_share(store *st, int64_t variant_id, oc_metric m, oc_op op,
                                    double threshold, double *share, err_msg *e)
{
    const store_column *c = NULL;
    err_code rc = column_get(st, variant_id, m, &c, e);
    if (rc != ERR_OK)
        return rc;
    uint64_t all = c->n_present, missed = 0;
    for (uint64_t i = 0; i < c->n_present; i++)
        missed += !oc_compare(c->values[i], op, threshold);
    if (oc_metrics[m].absent_is_worst) {
        double worst = oc_metrics[m].lower_is_better ? HUGE_VAL : -HUGE_VAL;
        all += c->n_absent;
        missed += oc_compare(worst, op, threshold) ? 0 : c->n_absent;
    }
    *share = all > 0 ? (double)missed / (double)all : (double)NAN;
    return ERR_OK;
}

err_code store_aggregate(store *st, int64_t variant_id, oc_metric m, stats_agg *out,
                         err_msg *e)
{
    wstats_strata ss;
    err_code rc = store_variant_strata(st, variant_id, &ss, e);
    if (rc != ERR_OK)
        return rc;
    if (ss.n > 0) {
        char condbuf[96];
        return store_weighted_aggregate(st, variant_id, m, &ss,
                                        given_sql(st, condbuf, sizeof condbuf), out, e);
    }
    const store_column *c = NULL;
    rc = column_get(st, variant_id, m, &c, e);
    if (rc != ERR_OK)
        return rc;
    uint64_t n_worst = oc_metrics[m].absent_is_worst ? c->n_absent : 0;
    stats_acc acc;
    stats_begin_at(&acc, c->n_present + n_worst, st->level);
    if (n_worst && !oc_metrics[m].lower_is_better)
        for (uint64_t i = 0; i < n_worst; i++)
            stats_push(&acc, -HUGE_VAL);
    for (uint64_t i = 0; i < c->n_present; i++)
        stats_push(&acc, c->values[i]);
    /* Lower-is-better worst values are +inf: stats_end fills them in. */
    stats_end(&acc, out);
    out->n_worst = n_worst;
    out->worst_share = out->n ? (double)n_worst / (double)out->n : (double)NAN;
    if (oc_metrics[m].unit == OC_UNIT_SHARE && out->n_finite > 0)
        stats_wilson((uint64_t)llround(out->mean * (double)out->n_finite), out->n_finite,
                     st->level, &out->ci_lo, &out->ci_hi);
    else if (out->ci_lo < 0)
        out->ci_lo = 0; /* every metric is a duration, size or count: its mean is >= 0 */
    return ERR_OK;
}

void store_set_confidence(store *st, double level)
{
    st->level = level;
}

void store_set_given(store *st, int flag)
{
    st->given = flag >= 0 && flag < OC_NMETRICS && oc_metrics[flag].unit == OC_UNIT_SHARE ? flag
                                                                                          : -1;
}

int store_given(const store *st)
{
    return st->given;
}

/* " AND <flag> = 1" for the handle's condition, or "". */
static const char *given_sql(const store *st, char *buf, size_t size)
{
    if (st->given < 0)
        return "";
    snprintf(buf, size, " AND %s = 1", oc_metrics[st->given].column);
    return buf;
}

double store_confidence(const store *st)
{
    return st->level;
}

err_code store_rpo_positive(store *st, int64_t variant_id, double *share, double *lo,
                            double *hi, err_msg *e)
{
    *share = *lo = *hi = NAN;
    wstats_strata ss;
    err_code rc = store_variant_strata(st, variant_id, &ss, e);
    if (rc != ERR_OK)
        return rc;
    if (ss.n == 0) { /* plain trials: count them in the RPO column */
        const store_column *c = NULL;
        if ((rc = column_get(st, variant_id, OC_RPO, &c, e)) != ERR_OK)
            return rc;
        uint64_t n = c->n_present + c->n_absent, hits = c->n_absent;
        for (uint64_t i = 0; i < c->n_present; i++)
            hits += c->values[i] > 0;
        if (n > 0) {
            *share = (double)hits / (double)n;
            stats_wilson(hits, n, st->level, lo, hi);
        }
        return ERR_OK;
    }
    /* Stratified: each trial a 0/1 flag with its stratum's weight. */
    char sql[SQL_MAX], cond[96];
    const char *col = oc_metrics[OC_RPO].column;
    snprintf(sql, sizeof sql,
             "SELECT %s IS NULL OR %s > 0, stratum FROM trial WHERE variant_id = ?1%s", col, col,
             given_sql(st, cond, sizeof cond));
    sqlite3_stmt *s = NULL;
    if ((rc = store_prepare(st, sql, &s, e)) != ERR_OK)
        return rc;
    sqlite3_bind_int64(s, 1, variant_id);
    wstats_value *v = NULL;
    size_t n = 0, cap = 0;
    int step;
    while (rc == ERR_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        uint32_t k = 0;
        if ((rc = store_stratum_of(st, s, 1, &ss, &k, e)) != ERR_OK)
            break;
        if (mem_grow((void **)&v, &cap, n + 1, sizeof *v) != 0) {
            rc = store_error(st, e, ERR_NOMEM, "out of memory reading trials");
            break;
        }
        v[n++] = (wstats_value){(double)sqlite3_column_int(s, 0), 0, k};
    }
    if (rc == ERR_OK && step != SQLITE_DONE)
        rc = store_sql_error(st, e, step, "cannot read trials");
    sqlite3_finalize(s);
    if (rc == ERR_OK && n > 0)
        wstats_mean(v, n, &ss, st->level, true, share, lo, hi);
    mem_free(v);
    return rc;
}

err_code store_rpo_positive_share(store *st, int64_t variant_id, double *share, err_msg *e)
{
    double lo, hi;
    return store_rpo_positive(st, variant_id, share, &lo, &hi, e);
}

/* The SQL spelling of an expectation operator, or NULL. */
static const char *sql_op(const char *op)
{
    static const char *const ops[][2] = {{"<", "<"},   {"<=", "<="}, {"==", "="},
                                         {"!=", "<>"}, {">=", ">="}, {">", ">"}};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (strcmp(op, ops[i][0]) == 0)
            return ops[i][1];
    return NULL;
}

err_code store_missed_share(store *st, int64_t variant_id, oc_metric m, const char *op,
                            double threshold, double *share, err_msg *e)
{
    const char *sop = sql_op(op);
    /* The operator comes from the database (a report reads the stored
     * expectations back): one drsim never writes means a damaged file. */
    if (sop == NULL)
        return store_error(st, e, ERR_STORE,
                           "an expectation holds the comparison '%s', which drsim never writes "
                           "(the database is damaged)", op);
    wstats_strata ss;
    err_code rc = store_variant_strata(st, variant_id, &ss, e);
    if (rc != ERR_OK)
        return rc;
    if (ss.n == 0) { /* plain trials: count them in the column */
        oc_op o = 0;
        while (oc_op_names[o] != NULL && strcmp(oc_op_names[o], op) != 0)
            o++;
        return column_missed_share(st, variant_id, m, o, threshold, share, e);
    }
    /* Stratified: each stratum's count, weighed. */
    const char *col = oc_metrics[m].column;
    bool worst = oc_metrics[m].absent_is_worst;
    char sql[SQL_MAX], cond[96];
    snprintf(sql, sizeof sql,
             "SELECT stratum, count(*), coalesce(sum(NOT (coalesce(%s, ?2) %s ?3)), 0) "
             "FROM trial\n"
             "WHERE variant_id = ?1%s%s%s%s GROUP BY stratum",
             col, sop, worst ? "" : " AND ", worst ? "" : col, worst ? "" : " IS NOT NULL",
             given_sql(st, cond, sizeof cond));
    sqlite3_stmt *s = NULL;
    if ((rc = store_prepare(st, sql, &s, e)) != ERR_OK)
        return rc;
    sqlite3_bind_int64(s, 1, variant_id);
    sqlite3_bind_double(s, 2, oc_metrics[m].lower_is_better ? HUGE_VAL : -HUGE_VAL);
    sqlite3_bind_double(s, 3, threshold);
    return store_weighted_counts(st, &ss, s, share, e);
}

/* ---- Expectations ------------------------------------------------------------ */

static void expectation_clear(store_expectation *x)
{
    mem_free_const(x->variant);
    mem_free_const(x->metric);
    mem_free_const(x->stat);
    mem_free_const(x->op);
    mem_free_const(x->target);
    mem_free_const(x->text);
    mem_free_const(x->given);
}

void store_expectations_free(store_expectation *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        expectation_clear(&x[i]);
    mem_free(x);
}

static int expectation_read(sqlite3_stmt *s, void *item)
{
    store_expectation *x = item;
    x->variant_id = sqlite3_column_int64(s, 0);
    x->threshold = sqlite3_column_double(s, 5);
    x->observed =
        sqlite3_column_type(s, 6) == SQLITE_NULL ? (double)NAN : sqlite3_column_double(s, 6);
    x->pass = sqlite3_column_int(s, 7) != 0;
    x->missed_share =
        sqlite3_column_type(s, 10) == SQLITE_NULL ? (double)NAN : sqlite3_column_double(s, 10);
    x->line = (uint32_t)sqlite3_column_int64(s, 11);
    const unsigned char *verdict = sqlite3_column_text(s, 12);
    x->inconclusive = verdict != NULL && strcmp((const char *)verdict, "inconclusive") == 0;
    double *reals[3] = {&x->level, &x->observed_lo, &x->observed_hi};
    for (int k = 0; k < 3; k++)
        *reals[k] = sqlite3_column_type(s, 13 + k) == SQLITE_NULL
                        ? (double)NAN
                        : sqlite3_column_double(s, 13 + k);
    char *variant = NULL, *metric = NULL, *stat = NULL, *op = NULL, *target = NULL, *text = NULL;
    char *given = NULL;
    int bad = store_column_dup_nn(s, 1, &variant) | store_column_dup_nn(s, 2, &metric) |
              store_column_dup_nn(s, 3, &stat) | store_column_dup_nn(s, 4, &op) |
              store_column_dup(s, 8, &target) | store_column_dup(s, 9, &text) |
              store_column_dup(s, 16, &given);
    x->given = given;
    x->variant = variant;
    x->metric = metric;
    x->stat = stat;
    x->op = op;
    x->target = target;
    x->text = text;
    return bad;
}

static void expectations_free(void *items, size_t n)
{
    store_expectations_free(items, n);
}

err_code store_expectations(store *st, int64_t run_id, store_expectation **x, size_t *n,
                            err_msg *e)
{
    *x = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    err_code rc = store_prepare(
        st,
        "SELECT x.variant_id, v.name, x.metric, x.stat, x.op, x.threshold, x.observed,\n"
        "  x.pass, x.target, x.text, x.missed_share, x.line, x.verdict, x.level,\n"
        "  x.observed_lo, x.observed_hi, x.given\n"
        "FROM expectation AS x JOIN variant AS v ON v.id = x.variant_id\n"
        "WHERE x.run_id = ?1 ORDER BY x.id",
        &s, e);
    if (rc != ERR_OK)
        return rc;
    sqlite3_bind_int64(s, 1, run_id);
    void *items = NULL;
    rc = read_rows(st, s, sizeof **x, expectation_read, expectations_free, "expectations",
                   &items, n, e);
    *x = items;
    return rc;
}

/* ---- Iterators ---------------------------------------------------------------- */

static err_code iter_new(store *st, const char *sql, store_iter **it, err_msg *e)
{
    *it = NULL;
    store_iter *i = mem_calloc(1, sizeof *i);
    if (i == NULL)
        return store_error(st, e, ERR_NOMEM, "out of memory");
    i->st = st;
    err_code rc = store_prepare(st, sql, &i->stmt, e);
    if (rc != ERR_OK) {
        mem_free(i);
        return rc;
    }
    *it = i;
    return ERR_OK;
}

void store_iter_close(store_iter *it)
{
    if (it == NULL)
        return;
    sqlite3_finalize(it->stmt);
    mem_free(it->ss);
    mem_free(it);
}

err_code store_trials_open(store *st, int64_t variant_id, store_iter **it, err_msg *e)
{
    char cols[SQL_MAX], sql[2 * SQL_MAX];
    size_t len = 0;
    cols[0] = '\0';
    for (int m = 0; m < OC_NMETRICS; m++)
        len += (size_t)snprintf(cols + len, sizeof cols - len, ", %s", oc_metrics[m].column);
    snprintf(sql, sizeof sql,
             "SELECT trial%s, consistency, stratum FROM trial WHERE variant_id = ?1 "
             "ORDER BY trial",
             cols);
    err_code rc = iter_new(st, sql, it, e);
    if (rc == ERR_OK)
        sqlite3_bind_int64((*it)->stmt, 1, variant_id);
    return rc;
}

/* Known consistency values map to static strings, so they outlive the row. */
static const char *consistency_of(sqlite3_stmt *s, int i)
{
    if (sqlite3_column_type(s, i) == SQLITE_NULL)
        return NULL;
    const char *text = (const char *)sqlite3_column_text(s, i);
    if (text == NULL)
        return NULL;
    static const char *const known[] = {"app", "crash", "none"};
    for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
        if (strcmp(text, known[k]) == 0)
            return known[k];
    return text;
}

err_code store_trials_next(store_iter *it, oc_trial *t, bool *done, err_msg *e)
{
    int step = sqlite3_step(it->stmt);
    if (step == SQLITE_DONE) {
        *done = true;
        return ERR_OK;
    }
    if (step != SQLITE_ROW)
        return store_sql_error(it->st, e, step, "cannot read trials");
    *done = false;
    oc_trial_init(t, (uint64_t)sqlite3_column_int64(it->stmt, 0));
    for (int m = 0; m < OC_NMETRICS; m++)
        if (sqlite3_column_type(it->stmt, 1 + m) != SQLITE_NULL)
            oc_set(t, (oc_metric)m, sqlite3_column_double(it->stmt, 1 + m));
    t->consistency = consistency_of(it->stmt, 1 + OC_NMETRICS);
    if (sqlite3_column_type(it->stmt, 2 + OC_NMETRICS) != SQLITE_NULL)
        t->stratum = (int32_t)sqlite3_column_int64(it->stmt, 2 + OC_NMETRICS);
    return ERR_OK;
}

err_code store_events_open(store *st, int64_t variant_id, bool all_trials, uint64_t trial,
                           store_iter **it, err_msg *e)
{
    err_code rc = iter_new(st,
                           "SELECT trial, seq, t_us, kind, subject, detail FROM event\n"
                           "WHERE variant_id = ?1 AND (?2 OR trial = ?3) ORDER BY trial, seq",
                           it, e);
    if (rc == ERR_OK) {
        sqlite3_bind_int64((*it)->stmt, 1, variant_id);
        sqlite3_bind_int((*it)->stmt, 2, all_trials);
        sqlite3_bind_int64((*it)->stmt, 3, (int64_t)trial);
    }
    return rc;
}

static const char *text_or_empty(sqlite3_stmt *s, int i)
{
    const char *t = (const char *)sqlite3_column_text(s, i);
    return t ? t : "";
}

err_code store_events_next(store_iter *it, store_event *ev, bool *done, err_msg *e)
{
    int step = sqlite3_step(it->stmt);
    if (step == SQLITE_DONE) {
        *done = true;
        return ERR_OK;
    }
    if (step != SQLITE_ROW)
        return store_sql_error(it->st, e, step, "cannot read events");
    *done = false;
    ev->trial = (uint64_t)sqlite3_column_int64(it->stmt, 0);
    ev->seq = (uint32_t)sqlite3_column_int64(it->stmt, 1);
    ev->t_us = sqlite3_column_int64(it->stmt, 2);
    ev->kind_name = text_or_empty(it->stmt, 3);
    ev->kind = oc_event_kind_find(ev->kind_name);
    ev->subject = text_or_empty(it->stmt, 4);
    ev->detail = text_or_empty(it->stmt, 5);
    return ERR_OK;
}

static int trial_number_read(sqlite3_stmt *s, void *item)
{
    *(uint64_t *)item = (uint64_t)sqlite3_column_int64(s, 0);
    return 0;
}

static void trial_numbers_free(void *items, size_t n)
{
    (void)n;
    mem_free(items);
}

err_code store_traced_trials(store *st, int64_t variant_id, uint64_t **trials, size_t *n,
                             err_msg *e)
{
    *trials = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    err_code rc = store_prepare(
        st, "SELECT DISTINCT trial FROM event WHERE variant_id = ?1 ORDER BY trial", &s, e);
    if (rc != ERR_OK)
        return rc;
    sqlite3_bind_int64(s, 1, variant_id);
    void *items = NULL;
    rc = read_rows(st, s, sizeof **trials, trial_number_read, trial_numbers_free, "events",
                   &items, n, e);
    *trials = items;
    return rc;
}
