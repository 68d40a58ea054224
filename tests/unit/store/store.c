/*
 * store.c — the results store: schema and its versions, writing and
 * reading runs, failure leaving no results, aggregates against hand-computed
 * values, bound parameters against hostile names, SQLite's allocations going
 * through mem_*, and merging shards.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/store/store.h"
#include "sim/core/mem.h"
#include "tests/support/helpers.h"
#include "tests/support/store_fixture.h"

static void init(void)
{
    store_global_init();
}

TestSuite(store, .init = init);

static const char *db_in(const char *dir, const char *name)
{
    static char paths[4][512];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, sizeof paths[0], "%s/%s", dir, name);
    return p;
}

static void exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, &msg), SQLITE_OK, "%s", msg ? msg : "");
    sqlite3_close(db);
}

/* ---- Schema ------------------------------------------------------------------ */

/* The public schema's contract (README.md "Results store"): these tables with
 * at least these columns. */
static const char *const contract[][14] = {
    {"scenario", "id", "name", "sha256", "source", NULL},
    {"run", "id", "scenario_id", "started_at", "finished_at", "seed", "trials", "version",
     "argv", "status", NULL},
    {"variant", "id", "run_id", "name", "params", NULL},
    {"trial", "run_id", "variant_id", "trial", "rpo_s", "rto_s", "client_downtime_s",
     "data_loss_writes", "data_loss_bytes", "data_lost_all", "failed_over", "consistent", NULL},
    {"event", "run_id", "variant_id", "trial", "t_s", "kind", "subject", "detail", NULL},
    {"expectation", "run_id", "variant_id", "metric", "op", "threshold", "observed", "pass",
     NULL},
};

Test(store, schema_has_the_tables_and_columns_of_the_design)
{
    const char *db = db_in(th_tmpdir(), "new.db");
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(db, STORE_WRITE, &st, &e), ERR_OK, "%s", e.text);
    store_close(st);
    for (size_t t = 0; t < sizeof contract / sizeof contract[0]; t++) {
        for (int c = 1; contract[t][c] != NULL; c++) {
            char sql[256];
            snprintf(sql, sizeof sql,
                     "SELECT count(*) FROM pragma_table_info('%s') WHERE name = '%s'",
                     contract[t][0], contract[t][c]);
            cr_assert_eq(sf_count(db, sql), 1, "%s.%s missing", contract[t][0], contract[t][c]);
        }
    }
    /* Every metric of the catalogue has its column, and consistency too. */
    for (int m = 0; m < OC_NMETRICS; m++) {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM pragma_table_info('trial') WHERE name = '%s'",
                 oc_metrics[m].column);
        cr_assert_eq(sf_count(db, sql), 1, "trial.%s missing", oc_metrics[m].column);
    }
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM pragma_table_info('trial') "
                           "WHERE name = 'consistency'"), 1);
    cr_assert_eq(sf_count(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    char *mode = sf_query(db, "PRAGMA journal_mode");
    cr_assert_str_eq(mode, "wal");
    free(mode);
}

/* Version 1, the first and minimal layout: what an older database holds. */

static char *layout(const char *db)
{
    /* Every table's columns with type, not-null and key position. */
    return sf_query(db,
                    "SELECT group_concat(x, ' ') FROM (SELECT m.name || '.' || p.name || ':' ||"
                    " p.type || ':' || p.\"notnull\" || ':' || p.pk AS x FROM sqlite_schema m,"
                    " pragma_table_info(m.name) p WHERE m.type = 'table'"
                    " ORDER BY m.name, p.cid)");
}

/* A database of an older schema version, made from its golden SQL
 * (tests/golden/store/vN.sql: the layout drsim wrote then, and a few rows);
 * its path. */
static const char *older_db(int version)
{
    char sql_path[64], name[16];
    snprintf(sql_path, sizeof sql_path, "tests/golden/store/v%d.sql", version);
    snprintf(name, sizeof name, "v%d.db", version);
    const char *db = db_in(th_tmpdir(), name);
    char *sql = th_read_file(sql_path, NULL);
    cr_assert_not_null(sql, "cannot read %s", sql_path);
    exec(db, sql);
    free(sql);
    return db;
}

/* Opening `old` for writing migrates it: it then has the current version,
 * exactly the tables and columns of a new database, and passes SQLite's
 * integrity and foreign-key checks. */
static void migrated_as_new(const char *old)
{
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(old, STORE_WRITE, &st, &e), ERR_OK, "%s", e.text);
    store_close(st);
    cr_assert_eq(sf_count(old, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    const char *fresh = db_in(th_tmpdir(), "fresh.db");
    unlink(fresh);
    cr_assert_eq(store_open(fresh, STORE_WRITE, &st, &e), ERR_OK);
    store_close(st);
    char *a = layout(old), *b = layout(fresh);
    cr_assert_str_eq(a, b);
    free(a);
    free(b);
    cr_assert_eq(sf_count(old, "SELECT count(*) FROM pragma_integrity_check "
                            "WHERE integrity_check <> 'ok'"), 0);
    cr_assert_eq(sf_count(old, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
}

Test(store, migrates_a_version_1_database)
{
    const char *old = older_db(1);

    /* Reading migrates a private copy: the file stays at version 1. */
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(old, STORE_READ, &st, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(store_file_version(st), 1);
    store_run r;
    cr_assert_eq(store_run_get(st, 1, &r, &e), ERR_OK, "%s", e.text);
    cr_assert_str_eq(r.scenario, "old");
    cr_assert_eq(r.trial_end, 3);
    cr_assert_eq(r.nvariants, 2);
    store_run_clear(&r);
    store_close(st);
    cr_assert_eq(sf_count(old, "PRAGMA user_version"), 1);

    /* Writing migrates the file to the tables and columns of a database
     * created new. */
    migrated_as_new(old);

    /* The data came along, reshaped. */
    char *v = sf_query(old, "SELECT metric || '|' || stat FROM expectation");
    cr_assert_str_eq(v, "rpo|p99");
    free(v);
    v = sf_query(old, "SELECT group_concat(name || ':' || idx) FROM variant");
    cr_assert_str_eq(v, "wait:0,asr:1");
    free(v);
    v = sf_query(old, "SELECT group_concat(seq || ':' || t_us || ':' || kind) FROM "
                      "(SELECT * FROM event ORDER BY seq)");
    cr_assert_str_eq(v, "0:0:outage_start,1:300500000:detected,2:3600000000:recovered");
    free(v);
    cr_assert_eq(sf_count(old, "SELECT count(*) FROM trial"), 4);
    cr_assert_eq(sf_count(old, "SELECT count(*) FROM trial WHERE drill_rto_s IS NULL"), 4);
    cr_assert_eq(sf_count(old, "SELECT trial_end FROM run"), 3);

    /* And it reads back through the store like any other. */
    cr_assert_eq(store_open(old, STORE_READ, &st, &e), ERR_OK, "%s", e.text);
    stats_agg agg;
    cr_assert_eq(store_aggregate(st, 10, OC_RTO, &agg, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(agg.n, 3);
    cr_assert_eq(agg.n_worst, 1);
    cr_assert_float_eq(agg.p50, 4000, 1e-9);
    store_close(st);
    cr_assert_eq(sf_count(old, "SELECT count(*) FROM pragma_integrity_check "
                            "WHERE integrity_check <> 'ok'"), 0);
}

/* tests/golden/store/v2.sql: the layout before the trial table gained degraded_s. */
/* A version 2 database migrates to the current layout; its trials keep
 * every value and have no degraded time (NULL: not measured then), which
 * the statistics leave out rather than read as 0. */
Test(store, migrates_a_version_2_database)
{
    const char *old = older_db(2);

    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(old, STORE_READ, &st, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(store_file_version(st), 2);
    stats_agg agg;
    cr_assert_eq(store_aggregate(st, 1, OC_DEGRADED, &agg, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(agg.n, 0, "no trial of a version 2 run measured it");
    store_close(st);
    cr_assert_eq(sf_count(old, "PRAGMA user_version"), 2, "reading left the file as it was");

    migrated_as_new(old);
    char *cols = sf_query(old, "SELECT group_concat(name, ' ') FROM pragma_table_info('trial')");
    cr_assert(strstr(cols, "rto_s degraded_s read_only_s fully_down_s serving_rto_s "
                           "client_downtime_s") != NULL, "%s", cols);
    free(cols);

    cr_assert_eq(sf_count(old, "SELECT count(*) FROM trial"), 3);
    cr_assert_eq(sf_count(old, "SELECT count(*) FROM trial WHERE degraded_s IS NULL"), 3);
    char *v = sf_query(old, "SELECT group_concat(coalesce(rto_s, 'null') || ':' || "
                            "data_loss_writes || ':' || disrupted, ' ') FROM "
                            "(SELECT * FROM trial ORDER BY trial)");
    cr_assert_str_eq(v, "7447.5:0:1 null:12:1 7487.0:0:1");
    free(v);
    cr_assert_eq(sf_count(old, "SELECT count(*) FROM trial_metric WHERE metric = 'degraded'"),
                 3);
    cr_assert_eq(sf_count(old, "SELECT count(*) FROM event"), 1);
    cr_assert_eq(sf_count(old, "SELECT count(*) FROM expectation"), 1);
}

/* tests/golden/store/v3.sql: the layout before the trial table gained read_only_s,
 * fully_down_s and serving_rto_s. */
/* A version 3 database migrates to the current layout: its trials keep
 * every value, degraded_s included, and have no read-only, fully-down or
 * serving-RTO time (NULL: not measured then), which the statistics leave
 * out rather than read as 0. */
Test(store, migrates_a_version_3_database)
{
    const char *old = older_db(3);

    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(old, STORE_READ, &st, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(store_file_version(st), 3);
    stats_agg agg;
    cr_assert_eq(store_aggregate(st, 1, OC_READ_ONLY, &agg, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(agg.n, 0, "no trial of a version 3 run measured it");
    cr_assert_eq(store_aggregate(st, 1, OC_DEGRADED, &agg, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(agg.n, 3);
    store_close(st);
    cr_assert_eq(sf_count(old, "PRAGMA user_version"), 3, "reading left the file as it was");

    migrated_as_new(old);
    char *cols = sf_query(old, "SELECT group_concat(name, ' ') FROM pragma_table_info('trial')");
    cr_assert(strstr(cols, "rto_s degraded_s read_only_s fully_down_s serving_rto_s "
                           "client_downtime_s") != NULL, "%s", cols);
    free(cols);

    cr_assert_eq(sf_count(old, "SELECT count(*) FROM trial"), 3);
    cr_assert_eq(sf_count(old, "SELECT count(*) FROM trial WHERE read_only_s IS NULL AND "
                               "fully_down_s IS NULL AND serving_rto_s IS NULL"), 3);
    char *v = sf_query(old, "SELECT group_concat(coalesce(rto_s, 'null') || ':' || degraded_s "
                            "|| ':' || data_loss_writes, ' ') FROM "
                            "(SELECT * FROM trial ORDER BY trial)");
    cr_assert_str_eq(v, "7447.5:120.0:0 null:0.0:12 7487.0:0.0:0");
    free(v);
    cr_assert_eq(sf_count(old, "SELECT count(*) FROM trial_metric WHERE metric = 'read_only'"),
                 3);
    cr_assert_eq(sf_count(old, "SELECT count(*) FROM event"), 1);
    cr_assert_eq(sf_count(old, "SELECT count(*) FROM expectation"), 1);
}

/* tests/golden/store/v4.sql: the layout before the trial table gained write_conflicts. */
/* A version 4 database migrates to the current layout: its trials keep
 * every value, the read-only and fully-down times included, and have no
 * write-conflict count (NULL: not counted then), which the statistics
 * leave out rather than read as 0. */
Test(store, migrates_a_version_4_database)
{
    const char *old = older_db(4);

    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(old, STORE_READ, &st, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(store_file_version(st), 4);
    stats_agg agg;
    cr_assert_eq(store_aggregate(st, 1, OC_WRITE_CONFLICTS, &agg, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(agg.n, 0, "no trial of a version 4 run counted them");
    cr_assert_eq(store_aggregate(st, 1, OC_READ_ONLY, &agg, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(agg.n, 3);
    store_close(st);
    cr_assert_eq(sf_count(old, "PRAGMA user_version"), 4, "reading left the file as it was");

    migrated_as_new(old);
    char *cols = sf_query(old, "SELECT group_concat(name, ' ') FROM pragma_table_info('trial')");
    cr_assert(strstr(cols, "data_loss_writes data_loss_bytes write_conflicts data_lost_all") !=
                  NULL,
              "%s", cols);
    free(cols);

    cr_assert_eq(sf_count(old, "SELECT count(*) FROM trial"), 3);
    cr_assert_eq(sf_count(old, "SELECT count(*) FROM trial WHERE write_conflicts IS NULL"), 3);
    char *v = sf_query(old, "SELECT group_concat(coalesce(rto_s, 'null') || ':' || read_only_s "
                            "|| ':' || fully_down_s || ':' || data_loss_writes, ' ') FROM "
                            "(SELECT * FROM trial ORDER BY trial)");
    cr_assert_str_eq(v, "7447.5:600.0:6727.5:0 null:0.0:86400.0:12 7487.0:0.0:7487.0:0");
    free(v);
    cr_assert_eq(
        sf_count(old, "SELECT count(*) FROM trial_metric WHERE metric = 'write_conflicts'"), 3);
    cr_assert_eq(sf_count(old, "SELECT count(*) FROM event"), 1);
    cr_assert_eq(sf_count(old, "SELECT count(*) FROM expectation"), 1);
}

/* tests/golden/store/v5.sql: the layout before expectations had verdicts and intervals. */
/* A version 5 database migrates to the current layout: every expectation
 * keeps its values, its verdict is its pass flag's (pass or fail: nothing
 * was inconclusive then), and it has no level or interval (NULL). */
Test(store, migrates_a_version_5_database)
{
    const char *old = older_db(5);

    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(old, STORE_READ, &st, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(store_file_version(st), 5);
    store_expectation *xs = NULL;
    size_t nx = 0;
    cr_assert_eq(store_expectations(st, 1, &xs, &nx, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(nx, 2);
    cr_assert(xs[0].pass && !xs[0].inconclusive && isnan(xs[0].level));
    cr_assert(!xs[1].pass && !xs[1].inconclusive && isnan(xs[1].observed_lo));
    cr_assert(isinf(xs[1].observed));
    store_expectations_free(xs, nx);
    store_close(st);
    cr_assert_eq(sf_count(old, "PRAGMA user_version"), 5, "reading left the file as it was");

    migrated_as_new(old);
    char *v = sf_query(old, "SELECT group_concat(verdict || ':' || coalesce(level, 'null') || "
                            "':' || line, ' ') FROM (SELECT * FROM expectation ORDER BY id)");
    cr_assert_str_eq(v, "pass:null:9 fail:null:10");
    free(v);
    char *t = sf_query(old, "SELECT group_concat(coalesce(rto_s, 'null') || ':' || "
                            "coalesce(fully_down_s, 'null'), ' ') FROM "
                            "(SELECT * FROM trial ORDER BY trial)");
    cr_assert_str_eq(t, "7447.5:7327.5 null:null 7487.0:7487.0");
    free(t);
}

/* tests/golden/store/v7.sql: a stratified run, before costs. */
/* A version 7 database migrates to the current layout with its strata:
 * every stratum row and every trial's stratum kept, so its figures stay
 * weighted; its trials have no outage cost (NULL). */
Test(store, migrates_a_version_7_database)
{
    const char *old = older_db(7);
    migrated_as_new(old);
    cr_assert_eq(sf_count(old, "SELECT count(*) FROM stratum WHERE run_id = 1"), 6);
    char *t = sf_query(old, "SELECT group_concat(stratum || ':' || coalesce(outage_cost, "
                            "'null'), ' ') FROM (SELECT * FROM trial ORDER BY trial)");
    cr_assert_str_eq(t, "0:null 3:null 0:null");
    free(t);
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(old, STORE_READ, &st, &e), ERR_OK, "%s", e.text);
    stats_agg a;
    cr_assert_eq(store_aggregate(st, 1, OC_RTO, &a, &e), ERR_OK, "%s", e.text);
    cr_assert(a.weighted);
    /* Trials 0 and 2 in stratum 0 (probability 0.333233...), trial 1 in
     * stratum 3 (0.0001): RTO 4 h, 0, 0; the weighted mean is
     * (0.333233/2 * 14400) / (0.333233 + 0.0001). */
    double p0 = 0.333233333333333, p3 = 0.0001;
    cr_assert_float_eq(a.mean, p0 / 2 * 14400 / (p0 + p3), 1e-6);
    store_close(st);
}

/* tests/golden/store/v8.sql: before the destroyed flag. */
/* A version 8 database migrates to the current layout: its trials keep
 * their strata and outage costs, and have no destroyed flag (NULL: not
 * recorded), which a condition "| destroyed" then never selects. */
Test(store, migrates_a_version_8_database)
{
    const char *old = older_db(8);
    migrated_as_new(old);
    char *t = sf_query(old, "SELECT group_concat(stratum || ':' || coalesce(destroyed, "
                            "'null'), ' ') FROM (SELECT * FROM trial ORDER BY trial)");
    cr_assert_str_eq(t, "0:null 3:null 0:null");
    free(t);
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(old, STORE_READ, &st, &e), ERR_OK, "%s", e.text);
    store_set_given(st, OC_DESTROYED);
    stats_agg a;
    cr_assert_eq(store_aggregate(st, 1, OC_RTO, &a, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(a.n, 0);
    store_close(st);
}

/* tests/golden/store/v9.sql: before drills. A version 9 database migrates
 * to the current layout: its run is untouched, and it has the drill tables,
 * empty, then a drill written and read back exactly. */
Test(store, migrates_a_version_9_database)
{
    const char *old = older_db(9);
    migrated_as_new(old);
    cr_assert_eq(sf_count(old, "SELECT count(*) FROM trial"), 3);
    cr_assert_eq(sf_count(old, "SELECT count(*) FROM drill"), 0);
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(old, STORE_WRITE, &st, &e), ERR_OK, "%s", e.text);
    store_drill_summary *list = NULL;
    size_t n = 9;
    cr_assert_eq(store_drills_list(st, &list, &n, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(n, 0);
    store_drills_free(list, n);
    store_close(st);
}

Test(store, a_newer_database_is_refused_naming_the_file)
{
    const char *db = db_in(th_tmpdir(), "future.db");
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(db, STORE_WRITE, &st, &e), ERR_OK);
    store_close(st);
    exec(db, "PRAGMA user_version = 99");
    for (int mode = 0; mode < 2; mode++) {
        cr_assert_eq(store_open(db, (store_mode)mode, &st, &e), ERR_STORE);
        cr_assert_null(st);
        cr_assert(strstr(e.text, db) == e.text, "%s", e.text);
        cr_assert(strstr(e.text, "schema version 99, newer than this drsim") != NULL, "%s",
                  e.text);
    }
    cr_assert_eq(sf_count(db, "PRAGMA user_version"), 99);
}

Test(store, not_a_database_or_missing_is_a_storage_error_naming_the_file)
{
    const char *dir = th_tmpdir();
    const char *txt = db_in(dir, "notes.txt");
    th_write_file(txt, "these are not the tables you are looking for\n"
                       "0123456789012345678901234567890123456789012345678901234567890123\n");
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(txt, STORE_WRITE, &st, &e), ERR_STORE);
    cr_assert(strstr(e.text, txt) == e.text && strstr(e.text, "not a database"), "%s", e.text);
    cr_assert_eq(store_open(txt, STORE_READ, &st, &e), ERR_STORE);
    const char *missing = db_in(dir, "missing.db");
    cr_assert_eq(store_open(missing, STORE_READ, &st, &e), ERR_INPUT);
    cr_assert(strstr(e.text, missing) == e.text && strstr(e.text, "No such file"), "%s",
              e.text);
    cr_assert_eq(store_open(dir, STORE_WRITE, &st, &e), ERR_STORE);
    cr_assert(strstr(e.text, "is a directory") != NULL, "%s", e.text);
}

/* ---- Writing and reading ----------------------------------------------------- */

Test(store, a_run_reads_back)
{
    const char *db = db_in(th_tmpdir(), "r.db");
    sf_run r = {.trials = 30, .trace = 2};
    int64_t id = sf_write_run(db, &r);
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(db, STORE_READ, &st, &e), ERR_OK);
    store_run run;
    cr_assert_eq(store_run_get(st, id, &run, &e), ERR_OK);
    cr_assert_str_eq(run.status, "done");
    cr_assert_str_eq(store_run_state(&run), "done");
    cr_assert_str_eq(run.scenario, "synthetic");
    cr_assert_eq(run.seed, 42);
    cr_assert_eq(run.trials, 30);
    cr_assert_eq(run.nvariants, 2);
    cr_assert_not_null(run.finished_at);
    store_run_clear(&run);

    store_variant *vs = NULL;
    size_t nv = 0;
    cr_assert_eq(store_variants(st, id, &vs, &nv, &e), ERR_OK);
    cr_assert_eq(nv, 2);
    cr_assert_str_eq(vs[0].name, "wait");
    cr_assert_str_eq(vs[1].params, "{\"strategy\":\"asr\"}");

    store_iter *it = NULL;
    cr_assert_eq(store_trials_open(st, vs[1].id, &it, &e), ERR_OK);
    uint64_t k = 0;
    for (bool done = false;;) {
        oc_trial t, want;
        cr_assert_eq(store_trials_next(it, &t, &done, &e), ERR_OK);
        if (done)
            break;
        sf_trial(1, k, &want);
        cr_assert_eq(t.trial, k);
        for (int m = 0; m < OC_NMETRICS; m++) {
            cr_assert_eq(t.present[m], want.present[m]);
            if (want.present[m])
                cr_assert_eq(t.value[m], want.value[m], "metric %d trial %llu", m,
                             (unsigned long long)k);
        }
        cr_assert_str_eq(t.consistency, want.consistency);
        k++;
    }
    cr_assert_eq(k, 30);
    store_iter_close(it);

    uint64_t *traced = NULL;
    size_t nt = 0;
    cr_assert_eq(store_traced_trials(st, vs[0].id, &traced, &nt, &e), ERR_OK);
    cr_assert_eq(nt, 2);
    cr_assert_eq(traced[1], 1);
    mem_free(traced);
    cr_assert_eq(store_events_open(st, vs[0].id, false, 1, &it, &e), ERR_OK);
    store_event ev;
    bool done = false;
    cr_assert_eq(store_events_next(it, &ev, &done, &e), ERR_OK);
    cr_assert_str_eq(ev.kind_name, "outage_start");
    cr_assert_eq(ev.kind, OC_EV_OUTAGE_START);
    cr_assert_eq(store_events_next(it, &ev, &done, &e), ERR_OK);
    cr_assert_eq(ev.t_us, 300000000);
    cr_assert_str_eq(ev.detail, "trial 1");
    store_iter_close(it);
    store_variants_free(vs, nv);

    int64_t found = 0;
    cr_assert_eq(store_run_resolve(st, "latest", &found, &e), ERR_OK);
    cr_assert_eq(found, id);
    cr_assert_eq(store_run_resolve(st, "synthetic", &found, &e), ERR_OK);
    cr_assert_eq(found, id);
    cr_assert_eq(store_run_resolve(st, "nope", &found, &e), ERR_INPUT);
    cr_assert_eq(store_run_resolve(st, "99", &found, &e), ERR_INPUT);
    store_close(st);

    /* Exact values survive: an integral count is stored as INTEGER, a
     * fractional byte count as REAL. */
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM trial WHERE typeof(data_loss_writes) = "
                           "'integer'"), 60);
    char *v = sf_query(db, "SELECT quote(data_loss_bytes) FROM trial t JOIN variant v ON "
                           "v.id = t.variant_id WHERE v.name = 'wait' AND trial = 1");
    cr_assert_str_eq(v, "16384.5");
    free(v);
}

Test(store, a_failed_run_leaves_a_failed_row_and_no_results)
{
    const char *db = db_in(th_tmpdir(), "f.db");
    sf_run r = {.trials = 50, .trace = 5, .fail = 1};
    int64_t id = sf_write_run(db, &r);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT status || '|' || error FROM run WHERE id = %lld",
             (long long)id);
    char *v = sf_query(db, sql);
    cr_assert_str_eq(v, "failed|synthetic failure");
    free(v);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM variant"), 0);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM trial"), 0);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM event"), 0);
}

Test(store, closing_mid_run_fails_the_run)
{
    const char *db = db_in(th_tmpdir(), "c.db");
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(db, STORE_WRITE, &st, &e), ERR_OK);
    store_new_run nr = {.scenario_name = "s", .sha256 = "00", .source = "x", .source_len = 1,
                        .trials = 1, .trial_end = 1};
    int64_t id = 0;
    cr_assert_eq(store_run_begin(st, &nr, &id, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(store_run_current(st), id);
    cr_assert_eq(store_run_variant(st, 0, "v", "v", "{}", &e), ERR_OK);
    /* The run row is already visible to others, as running. */
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM run WHERE status = 'running'"), 1);
    store_close(st);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM run WHERE status = 'failed'"), 1);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM variant"), 0);
}

/* Publishing while trials still run (drsim run does it for its last
 * trials): results given after store_run_publish go straight into its
 * transaction, in the same rows staging would have written; a second
 * publish changes nothing; a failure after it still leaves no results. */
static int64_t write_published_early(const char *db, bool fail)
{
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(db, STORE_WRITE, &st, &e), ERR_OK, "%s", e.text);
    store_new_run nr = {.scenario_name = "s", .sha256 = "01", .source = "x", .source_len = 1,
                        .trials = 6, .trial_end = 6, .trace = 6};
    int64_t id = 0;
    cr_assert_eq(store_run_begin(st, &nr, &id, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(store_run_variant(st, 0, "v", "wait", "{}", &e), ERR_OK);
    for (uint64_t k = 0; k < 6; k++) {
        if (k == 3) {
            cr_assert_eq(store_run_publish(st, &e), ERR_OK, "%s", e.text);
            cr_assert_eq(store_run_publish(st, &e), ERR_OK, "%s", e.text);
            /* Others see nothing of the run's results yet. */
            cr_assert_eq(sf_count(db, "SELECT count(*) FROM trial"), 0);
        }
        oc_trial t;
        sf_trial(0, k, &t);
        cr_assert_eq(store_run_trial(st, 0, &t, &e), ERR_OK, "%s", e.text);
        cr_assert_eq(store_run_event(st, 0, k, 0, (int64_t)k * 1000000, "outage", "region",
                                     k % 2 ? NULL : "detail", &e),
                     ERR_OK, "%s", e.text);
    }
    /* Variants come before results: none once they go straight in. */
    cr_assert_neq(store_run_variant(st, 1, "late", "wait", "{}", &e), ERR_OK);
    if (fail)
        cr_assert_eq(store_run_fail(st, "failed after publishing", &e), ERR_OK);
    else
        cr_assert_eq(store_run_finish(st, &e), ERR_OK, "%s", e.text);
    store_close(st);
    return id;
}

Test(store, results_after_publishing_go_straight_into_its_transaction)
{
    const char *early = db_in(th_tmpdir(), "early.db");
    const char *staged = db_in(th_tmpdir(), "staged.db");
    write_published_early(early, false);
    cr_assert_eq(sf_count(early, "SELECT count(*) FROM trial"), 6);
    cr_assert_eq(sf_count(early, "SELECT count(*) FROM event"), 6);
    /* The same rows as a run staged whole: sf_write_run stages everything. */
    sf_run r = {.trials = 6, .trace = 6};
    sf_write_run(staged, &r);
    char *a = sf_query(early, "SELECT group_concat(x, ';') FROM (SELECT trial || ',' || "
                              "coalesce(rpo_s, '-') || ',' || coalesce(rto_s, '-') || ',' || "
                              "coalesce(consistency, '-') AS x FROM trial ORDER BY trial)");
    char *b = sf_query(staged, "SELECT group_concat(x, ';') FROM (SELECT trial || ',' || "
                               "coalesce(rpo_s, '-') || ',' || coalesce(rto_s, '-') || ',' || "
                               "coalesce(consistency, '-') AS x FROM trial WHERE variant_id = "
                               "(SELECT min(id) FROM variant) ORDER BY trial)");
    cr_assert_str_eq(a, b);
    free(a);
    free(b);
    char *ev = sf_query(early, "SELECT group_concat(t_us || kind || coalesce(detail, '-'), ';') "
                               "FROM (SELECT * FROM event ORDER BY trial)");
    cr_assert_str_eq(ev, "0outagedetail;1000000outage;2000000outagedetail;3000000outage;"
                         "4000000outagedetail;5000000outage");
    free(ev);
    const char *failed = db_in(th_tmpdir(), "early-failed.db");
    write_published_early(failed, true);
    cr_assert_eq(sf_count(failed, "SELECT count(*) FROM run WHERE status = 'failed'"), 1);
    cr_assert_eq(sf_count(failed, "SELECT count(*) FROM trial"), 0);
    cr_assert_eq(sf_count(failed, "SELECT count(*) FROM event"), 0);
}

Test(store, hostile_names_are_stored_and_read_back_intact)
{
    const char *db = db_in(th_tmpdir(), "h.db");
    const char *evil = "x'); DROP TABLE run; --";
    sf_run r = {.scenario = evil, .trials = 3};
    int64_t id = sf_write_run(db, &r);
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(db, STORE_READ, &st, &e), ERR_OK);
    store_run run;
    cr_assert_eq(store_run_get(st, id, &run, &e), ERR_OK);
    cr_assert_str_eq(run.scenario, evil);
    store_run_clear(&run);
    int64_t found = 0;
    cr_assert_eq(store_run_resolve(st, evil, &found, &e), ERR_OK);
    cr_assert_eq(found, id);
    store_close(st);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'run'"), 1);
}

/* ---- Aggregates --------------------------------------------------------------- */

/* One variant whose trials carry the given RPO (NAN = absent) and bytes. */
static int64_t write_values(const char *db, const double *rpo, const double *bytes, size_t n)
{
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(db, STORE_WRITE, &st, &e), ERR_OK);
    store_new_run nr = {.scenario_name = "hand", .sha256 = "hand", .source = "hand",
                        .source_len = 4, .trials = n, .trial_end = n};
    int64_t id = 0;
    cr_assert_eq(store_run_begin(st, &nr, &id, &e), ERR_OK);
    cr_assert_eq(store_run_variant(st, 0, "only", "wait", "{}", &e), ERR_OK);
    for (size_t k = 0; k < n; k++) {
        oc_trial t;
        oc_trial_init(&t, k);
        if (!isnan(rpo[k]))
            oc_set(&t, OC_RPO, rpo[k]);
        oc_set(&t, OC_DATA_LOSS_BYTES, bytes[k]);
        cr_assert_eq(store_run_trial(st, 0, &t, &e), ERR_OK);
    }
    cr_assert_eq(store_run_publish(st, &e), ERR_OK);
    cr_assert_eq(store_run_finish(st, &e), ERR_OK);
    store_variant *vs = NULL;
    size_t nv = 0;
    cr_assert_eq(store_variants(st, id, &vs, &nv, &e), ERR_OK);
    int64_t vid = vs[0].id;
    store_variants_free(vs, nv);
    store_close(st);
    return vid;
}

Test(store, aggregates_match_hand_computed_values)
{
    const char *db = db_in(th_tmpdir(), "a.db");
    double rpo[5] = {0, 20, 0, 40, NAN}; /* the last: data lost altogether */
    double bytes[5] = {500, 100, 300, 200, 400};
    int64_t vid = write_values(db, rpo, bytes, 5);
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(db, STORE_READ, &st, &e), ERR_OK);

    stats_agg a;
    cr_assert_eq(store_aggregate(st, vid, OC_DATA_LOSS_BYTES, &a, &e), ERR_OK);
    cr_assert_eq(a.n, 5);
    cr_assert_float_eq(a.mean, 300, 1e-9);
    cr_assert_float_eq(a.sd, sqrt(25000.0), 1e-9);
    cr_assert_float_eq(a.p90, 460, 1e-9);
    cr_assert_float_eq(a.p95, 480, 1e-9);
    cr_assert_float_eq(a.p99, 496, 1e-9);
    double half = 2.776445105 * sqrt(25000.0) / sqrt(5.0);
    cr_assert_float_eq(a.ci_hi, 300 + half, 1e-6);

    /* RPO: sorted 0 0 20 40 +inf (absent = lost = worst). */
    cr_assert_eq(store_aggregate(st, vid, OC_RPO, &a, &e), ERR_OK);
    cr_assert_eq(a.n, 5);
    cr_assert_eq(a.n_worst, 1);
    cr_assert_eq(a.n_finite, 4);
    cr_assert_float_eq(a.mean, 15, 1e-9);
    cr_assert_float_eq(a.p50, 20, 1e-9);
    cr_assert(isinf(a.p90) && isinf(a.max));
    cr_assert_float_eq(a.min, 0, 1e-9);

    double share = 0;
    cr_assert_eq(store_rpo_positive_share(st, vid, &share, &e), ERR_OK);
    cr_assert_float_eq(share, 3.0 / 5.0, 1e-12);
    /* rpo <= 25 is missed by 40 and the lost trial. */
    cr_assert_eq(store_missed_share(st, vid, OC_RPO, "<=", 25, &share, &e), ERR_OK);
    cr_assert_float_eq(share, 2.0 / 5.0, 1e-12);
    cr_assert_eq(store_missed_share(st, vid, OC_DATA_LOSS_BYTES, "<", 300, &share, &e), ERR_OK);
    cr_assert_float_eq(share, 3.0 / 5.0, 1e-12);
    /* A metric no trial has: nothing to count. */
    cr_assert_eq(store_aggregate(st, vid, OC_DRILL_RTO, &a, &e), ERR_OK);
    cr_assert_eq(a.n, 0);
    cr_assert(isnan(a.p50));
    cr_assert_eq(store_missed_share(st, vid, OC_DRILL_RTO, "<=", 1, &share, &e), ERR_OK);
    cr_assert(isnan(share));
    store_close(st);
}

/* A handle keeps the columns it read (store_read_ahead) only while the
 * database is as it was: another connection's change is seen at once, and
 * figures read ahead are those read one by one. */
Test(store, columns_read_ahead_follow_the_database)
{
    const char *db = db_in(th_tmpdir(), "ahead.db");
    double rpo[5] = {0, 20, 0, 40, NAN};
    double bytes[5] = {500, 100, 300, 200, 400};
    int64_t vid = write_values(db, rpo, bytes, 5);
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(db, STORE_READ, &st, &e), ERR_OK);
    oc_metric ms[] = {OC_RPO, OC_DATA_LOSS_BYTES, OC_RPO};
    cr_assert_eq(store_read_ahead(st, vid, ms, 3, &e), ERR_OK, "%s", e.text);
    stats_agg a;
    double share = 0;
    cr_assert_eq(store_aggregate(st, vid, OC_DATA_LOSS_BYTES, &a, &e), ERR_OK);
    cr_assert_float_eq(a.mean, 300, 1e-9);
    cr_assert_eq(store_aggregate(st, vid, OC_RPO, &a, &e), ERR_OK);
    cr_assert_float_eq(a.mean, 15, 1e-9);
    cr_assert_eq(a.n_worst, 1);
    /* Another connection moves every value: the handle reads them again. */
    exec(db, "UPDATE trial SET data_loss_bytes = data_loss_bytes + 1000, rpo_s = 5");
    cr_assert_eq(store_aggregate(st, vid, OC_DATA_LOSS_BYTES, &a, &e), ERR_OK);
    cr_assert_float_eq(a.mean, 1300, 1e-9);
    cr_assert_eq(store_aggregate(st, vid, OC_RPO, &a, &e), ERR_OK);
    cr_assert_float_eq(a.mean, 5, 1e-9);
    cr_assert_eq(a.n_worst, 0);
    cr_assert_eq(store_missed_share(st, vid, OC_DATA_LOSS_BYTES, "<", 1300, &share, &e),
                 ERR_OK);
    cr_assert_float_eq(share, 3.0 / 5.0, 1e-12);
    /* More columns than the handle keeps: each figure is still right. */
    oc_metric all[OC_NMETRICS];
    for (int m = 0; m < OC_NMETRICS; m++)
        all[m] = (oc_metric)m;
    cr_assert_eq(store_read_ahead(st, vid, all, OC_NMETRICS, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(store_aggregate(st, vid, OC_DATA_LOSS_BYTES, &a, &e), ERR_OK);
    cr_assert_float_eq(a.mean, 1300, 1e-9);
    cr_assert_eq(store_aggregate(st, vid, OC_RPO, &a, &e), ERR_OK);
    cr_assert_float_eq(a.mean, 5, 1e-9);
    /* The trials gone (deleted by another process): none left to count. */
    exec(db, "DELETE FROM trial");
    cr_assert_eq(store_aggregate(st, vid, OC_DATA_LOSS_BYTES, &a, &e), ERR_OK);
    cr_assert_eq(a.n, 0);
    store_close(st);
}

/* A condition: the figures over the trials where a flag is 1. Trials 0..5
 * have RPO 10..60 and failed over in 3, 4 and 5: over them the mean RPO is
 * 50, the median 50, P(RPO > 0) 1 and rpo <= 45 is missed by 2 of 3; the
 * condition off, every trial counts again. Shares get Wilson's interval. */
Test(store, a_condition_takes_the_figures_over_the_flags_trials)
{
    const char *db = db_in(th_tmpdir(), "given.db");
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(db, STORE_WRITE, &st, &e), ERR_OK);
    store_new_run nr = {.scenario_name = "hand", .sha256 = "hand", .source = "hand",
                        .source_len = 4, .trials = 6, .trial_end = 6};
    int64_t id = 0;
    cr_assert_eq(store_run_begin(st, &nr, &id, &e), ERR_OK);
    cr_assert_eq(store_run_variant(st, 0, "only", "wait", "{}", &e), ERR_OK);
    for (uint64_t k = 0; k < 6; k++) {
        oc_trial t;
        oc_trial_init(&t, k);
        oc_set(&t, OC_RPO, 10.0 * (double)(k + 1));
        oc_set(&t, OC_FAILED_OVER, k >= 3 ? 1 : 0);
        cr_assert_eq(store_run_trial(st, 0, &t, &e), ERR_OK);
    }
    cr_assert_eq(store_run_publish(st, &e), ERR_OK);
    cr_assert_eq(store_run_finish(st, &e), ERR_OK);
    store_variant *vs = NULL;
    size_t nv = 0;
    cr_assert_eq(store_variants(st, id, &vs, &nv, &e), ERR_OK);
    int64_t vid = vs[0].id;
    store_variants_free(vs, nv);

    stats_agg a;
    double share = 0;
    store_set_given(st, OC_FAILED_OVER);
    cr_assert_eq(store_given(st), OC_FAILED_OVER);
    cr_assert_eq(store_aggregate(st, vid, OC_RPO, &a, &e), ERR_OK);
    cr_assert_eq(a.n, 3);
    cr_assert_float_eq(a.mean, 50, 1e-9);
    cr_assert_float_eq(a.p50, 50, 1e-9);
    cr_assert_eq(store_missed_share(st, vid, OC_RPO, "<=", 45, &share, &e), ERR_OK);
    cr_assert_float_eq(share, 2.0 / 3.0, 1e-12);
    cr_assert_eq(store_rpo_positive_share(st, vid, &share, &e), ERR_OK);
    cr_assert_float_eq(share, 1, 1e-12);
    /* Not a flag: ignored, every trial. */
    store_set_given(st, OC_RTO);
    cr_assert_eq(store_given(st), -1);
    store_set_given(st, -1);
    cr_assert_eq(store_aggregate(st, vid, OC_RPO, &a, &e), ERR_OK);
    cr_assert_eq(a.n, 6);
    cr_assert_float_eq(a.mean, 35, 1e-9);
    /* The share failed over, 3 of 6, with Wilson's interval (z = 1.96):
     * centre (0.5 + z^2/12) / (1 + z^2/6) = 0.5, half-width
     * z sqrt(0.25/6 + z^2/144) / (1 + z^2/6) = 0.3124. */
    cr_assert_eq(store_aggregate(st, vid, OC_FAILED_OVER, &a, &e), ERR_OK);
    cr_assert_float_eq(a.ci_lo, 0.5 - 0.31238, 1e-4);
    cr_assert_float_eq(a.ci_hi, 0.5 + 0.31238, 1e-4);
    store_close(st);
}

/* ---- Allocations --------------------------------------------------------------- */

Test(store, sqlite_allocates_through_mem)
{
    const char *db = db_in(th_tmpdir(), "m.db");
    mem_fail_reset();
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(db, STORE_WRITE, &st, &e), ERR_OK);
    store_close(st);
    cr_assert_gt(mem_allocations(), 50, "only %lu allocations went through mem_*",
                 mem_allocations());
}

Test(store, out_of_memory_while_writing_ends_cleanly)
{
    /* Fail the Nth allocation for N over the whole open / write / close; each
     * attempt ends in an error or success, never a crash, and the database
     * never holds a half-written run. */
    const char *dir = th_tmpdir();
    const char *db = db_in(dir, "oom.db");
    unsigned long total = 0, step = 1;
    for (unsigned long n = 0; n == 0 || n <= total; n += step) {
        if (n == 0)
            mem_fail_reset(); /* the first pass counts the allocations */
        else
            mem_fail_after(n);
        store *st = NULL;
        err_msg e;
        err_code rc = store_open(db, STORE_WRITE, &st, &e);
        if (rc == ERR_OK) {
            store_new_run nr = {.scenario_name = "oom", .sha256 = "oom", .source = "oom",
                                .source_len = 3, .trials = 20, .trial_end = 20};
            int64_t id = 0;
            rc = store_run_begin(st, &nr, &id, &e);
            if (rc == ERR_OK)
                rc = store_run_variant(st, 0, "v", "v", "{}", &e);
            for (uint64_t k = 0; rc == ERR_OK && k < 20; k++) {
                oc_trial t;
                sf_trial(1, k, &t);
                rc = store_run_trial(st, 0, &t, &e);
            }
            if (rc == ERR_OK)
                rc = store_run_publish(st, &e);
            if (rc == ERR_OK)
                rc = store_run_finish(st, &e);
            if (rc != ERR_OK)
                store_run_fail(st, "out of memory", NULL);
        }
        if (rc != ERR_OK)
            cr_assert(rc == ERR_NOMEM || rc == ERR_STORE, "n=%lu: %s", n, e.text);
        store_close(st);
        if (n == 0) {
            cr_assert_eq(rc, ERR_OK, "%s", e.text);
            total = mem_allocations();
            step = total / 300 + 1;
        }
        mem_fail_reset();
    }
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM pragma_integrity_check "
                           "WHERE integrity_check <> 'ok'"), 0);
    /* Every done run is whole; no other run has results. */
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM run r WHERE status = 'done' AND "
                           "(SELECT count(*) FROM trial t WHERE t.run_id = r.id) <> 20"), 0);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM trial t JOIN run r ON r.id = t.run_id "
                           "WHERE r.status <> 'done'"), 0);
}

/* ---- Merging --------------------------------------------------------------------- */

Test(store, merged_shards_equal_the_unsharded_run)
{
    const char *dir = th_tmpdir();
    char whole[512], merged[512], shard[3][512];
    snprintf(whole, sizeof whole, "%s/whole.db", dir);
    snprintf(merged, sizeof merged, "%s/merged.db", dir);
    sf_run r = {.trials = 100, .trace = 40};
    int64_t whole_id = sf_write_run(whole, &r);
    /* Shards 1/3 .. 3/3 of 100 trials: [0,33) [33,66) [66,100). */
    uint64_t cut[4] = {0, 33, 66, 100};
    for (int k = 0; k < 3; k++) {
        snprintf(shard[k], sizeof shard[k], "%s/shard%d.db", dir, k + 1);
        sf_run s = {.trials = 100, .trace = 40, .first = cut[k], .end = cut[k + 1],
                    .shard_index = (uint32_t)k + 1, .shard_count = 3};
        sf_write_run(shard[k], &s);
    }
    /* Inputs out of order, plus a failed run that is skipped. */
    sf_run bad = {.trials = 5, .fail = 1};
    sf_write_run(shard[1], &bad);
    store *in[3] = {NULL, NULL, NULL}, *out = NULL;
    err_msg e;
    int order[3] = {2, 0, 1};
    for (int k = 0; k < 3; k++)
        cr_assert_eq(store_open(shard[order[k]], STORE_READ, &in[k], &e), ERR_OK);
    cr_assert_eq(store_open(merged, STORE_WRITE, &out, &e), ERR_OK);
    store_merge_result res;
    cr_assert_eq(store_merge(out, in, 3, "[\"drsim\",\"merge\"]", NULL, NULL, &res, &e), ERR_OK,
                 "%s", e.text);
    cr_assert_eq(res.nruns, 1);
    cr_assert_eq(res.skipped, 1);
    int64_t merged_id = res.runs[0];
    store_merge_result_free(&res);
    for (int k = 0; k < 3; k++)
        store_close(in[k]);
    store_close(out);

    char *a = sf_dump_rows(whole, whole_id), *b = sf_dump_rows(merged, merged_id);
    cr_assert_gt(strlen(a), 1000);
    cr_assert_str_eq(a, b);
    free(a);
    free(b);
    char *v = sf_query(merged, "SELECT shard_index || '/' || shard_count || ' ' || trial_first "
                               "|| '-' || trial_end || ' ' || trials || ' ' || status FROM run");
    cr_assert_str_eq(v, "1/1 0-100 100 done");
    free(v);
}

Test(store, missing_shards_are_refused)
{
    const char *dir = th_tmpdir();
    const char *s1 = db_in(dir, "s1.db"), *out_path = db_in(dir, "out.db");
    sf_run s = {.trials = 10, .first = 0, .end = 5, .shard_index = 1, .shard_count = 2};
    sf_write_run(s1, &s);
    store *in = NULL, *out = NULL;
    err_msg e;
    cr_assert_eq(store_open(s1, STORE_READ, &in, &e), ERR_OK);
    cr_assert_eq(store_open(out_path, STORE_WRITE, &out, &e), ERR_OK);
    store_merge_result res;
    cr_assert_eq(store_merge(out, &in, 1, "[]", NULL, NULL, &res, &e), ERR_INPUT);
    cr_assert(strstr(e.text, "found 1/2 of 2") != NULL, "%s", e.text);
    store_merge_result_free(&res);
    store_close(in);
    store_close(out);
    cr_assert_eq(sf_count(out_path, "SELECT count(*) FROM run"), 0);
}

/* tests/golden/store/v6.sql: the layout before costs. */
/* A version 6 database migrates to the current layout (through 7, whose
 * step adds nothing here): its trials keep their figures and have no
 * outage cost (NULL: not measured then), its variants no bill (currency,
 * monthly_cost and outages_per_year NULL, no cost rows), read back as
 * none. */
Test(store, migrates_a_version_6_database)
{
    const char *old = older_db(6);

    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(old, STORE_READ, &st, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(store_file_version(st), 6);
    stats_agg agg;
    cr_assert_eq(store_aggregate(st, 1, OC_OUTAGE_COST, &agg, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(agg.n, 0, "no trial of a version 6 run has an outage cost");
    store_cost c;
    cr_assert_eq(store_cost_get(st, 1, &c, &e), ERR_OK, "%s", e.text);
    cr_assert_null(c.currency);
    cr_assert(isnan(c.monthly) && isnan(c.per_year) && c.n == 0);
    store_cost_clear(&c);
    store_close(st);
    cr_assert_eq(sf_count(old, "PRAGMA user_version"), 6, "reading left the file as it was");

    migrated_as_new(old);
    cr_assert_eq(sf_count(old, "SELECT count(*) FROM trial WHERE outage_cost IS NULL"), 3);
    cr_assert_eq(sf_count(old, "SELECT count(*) FROM variant WHERE currency IS NULL AND "
                               "monthly_cost IS NULL AND outages_per_year IS NULL"), 1);
    cr_assert_eq(sf_count(old, "SELECT count(*) FROM cost"), 0);
    /* Not stratified: no stratum, the plain figures. */
    cr_assert_eq(sf_count(old, "SELECT count(*) FROM trial WHERE stratum IS NULL"), 3);
    cr_assert_eq(sf_count(old, "SELECT count(*) FROM stratum"), 0);
    cr_assert_eq(store_open(old, STORE_READ, &st, &e), ERR_OK, "%s", e.text);
    store_stratum *strata = NULL;
    size_t nstrata = 99;
    cr_assert_eq(store_strata(st, 1, &strata, &nstrata, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(nstrata, 0);
    store_strata_free(strata, nstrata);
    cr_assert_eq(store_aggregate(st, 1, OC_DISRUPTED, &agg, &e), ERR_OK, "%s", e.text);
    cr_assert(!agg.weighted);
    cr_assert_eq(agg.n, 3);
    store_close(st);
    char *t = sf_query(old, "SELECT group_concat(coalesce(rto_s, 'null') || ':' || "
                            "coalesce(fully_down_s, 'null'), ' ') FROM "
                            "(SELECT * FROM trial ORDER BY trial)");
    cr_assert_str_eq(t, "7447.5:7327.5 null:null 7487.0:7487.0");
    free(t);
    char *v = sf_query(old, "SELECT group_concat(verdict || ':' || coalesce(level, 'null'), ' ') "
                            "FROM (SELECT * FROM expectation ORDER BY id)");
    cr_assert_str_eq(v, "pass:0.95 fail:null");
    free(v);
}
