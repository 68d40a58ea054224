/*
 * schema.c — the results database's tables, their versions and migrations.
 *
 * The schema is a public interface: README.md "Results store" documents every
 * table and column below, and users query them with sqlite3. Its version is
 * PRAGMA user_version:
 *
 *   1  the first, minimal layout: the contract's columns and nothing more
 *      (scenario, run, variant, trial with the eight original metrics, event
 *      with t_s only, expectation with "metric.stat" in one column).
 *   2  the run's slice, shard, trace, filter, error, host and pid;
 *      variant index and strategy; one trial column per catalogue metric plus
 *      consistency, keyed (variant_id, trial); events keyed (variant_id,
 *      trial, seq) with exact t_us; expectation metric and stat apart, with
 *      the rule's text, target, line and the share of trials missing it;
 *      the trial_metric view.
 *   3  the trial table's degraded_s (of the RTO, the time the application
 *      served part of its load), after rto_s; NULL in the trials of runs
 *      made before it was measured.
 *   4  the trial table's read_only_s, fully_down_s and serving_rto_s (of
 *      the RTO, the time serving reads only, the time serving nothing, and
 *      the first spell serving nothing), after degraded_s; NULL in the
 *      trials of runs made before they were measured.
 *   5  the trial table's write_conflicts (writes to the same items
 *      accepted in two regions of a multi-region write Cosmos DB account),
 *      after data_loss_bytes; NULL in the trials of runs made before it was
 *      counted.
 *   6  the expectation table's verdict ('pass', 'fail' or
 *      'inconclusive': the statistic's confidence interval straddles the
 *      threshold), level (the confidence level it was judged at),
 *      observed_lo, observed_hi (the interval) and given (the flag whose
 *      trials it was judged over: "rto.p95 | disrupted"), after line; an
 *      older expectation's verdict is its pass flag's, the others NULL. The
 *      run table's stopped (trials: auto: why the run has its trials),
 *      NULL in older runs.
 *   7  stratified runs (sampling.strata): the stratum table (one
 *      row per stratum of a run: its exact probability, the share of the
 *      trials it was allotted, its label) and the trial table's stratum
 *      (after consistency; NULL in a run that was not stratified, as every
 *      older one).
 *   8  costs: the trial table's outage_cost (what the trial's
 *      disruption cost the business; NULL without business figures, and
 *      in older runs), after drill_rto_s; the variant table's currency,
 *      monthly_cost and outages_per_year (the running cost of a month and
 *      the disruptions like the scenario's a year; NULL in older runs),
 *      after params; the cost table (a variant's itemised bill: seq, item,
 *      quantity, unit, unit_price, monthly).
 *   9  the trial table's destroyed (an outage of the trial destroyed
 *      its scope's copies: "rpo.p99 | destroyed"), after outage_cost; the
 *      variant table's destroyed_per_year (of its disruptions a year, those
 *      that destroy their scope), after outages_per_year; NULL in older runs.
 *  10  (current) drills (`drsim drill`, drill.c): the drill, drill_action,
 *      drill_event, drill_play, drill_rank and drill_verdict tables; the
 *      runs are untouched.
 *
 * Migrations run in one transaction, from the file's version up, one step
 * per version. A step rebuilds each table in the documented way (create
 * new_X, copy, drop X, rename new_X to X, with foreign keys off), so a
 * migrated database has exactly the tables and columns of a new one
 * (tests/unit/store/store.c checks this). Views are dropped first and recreated
 * last. A database newer than STORE_SCHEMA_VERSION is refused, untouched.
 *
 * Only constant text and column names from the metric catalogue are pasted
 * into SQL here.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "reports/store/storeInt.h"
#include "sim/core/version.h"

/* Big enough for the widest statement built here (the trial table). */
#define DDL_MAX 8192

/* The SQL type a metric's column is declared with. */
static const char *store_metric_type(oc_metric m)
{
    return oc_metrics[m].unit == OC_UNIT_SECONDS || oc_metrics[m].unit == OC_UNIT_MONEY
               ? "REAL"
               : "INTEGER";
}

/* One integer from a pragma that returns one (user_version, application_id). */
static err_code pragma_int(store *st, const char *sql, int *out, err_msg *e)
{
    sqlite3_stmt *stmt = NULL;
    err_code rc = store_prepare(st, sql, &stmt, e);
    if (rc != ERR_OK)
        return rc;
    int s = sqlite3_step(stmt);
    if (s == SQLITE_ROW)
        *out = sqlite3_column_int(stmt, 0);
    else
        rc = store_sql_error(st, e, s, "cannot read the database's header");
    sqlite3_finalize(stmt);
    return rc;
}

err_code store_schema_version(store *st, int *version, err_msg *e)
{
    return pragma_int(st, "PRAGMA main.user_version", version, e);
}

static err_code set_version(store *st, int version, err_msg *e)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA main.user_version = %d", version);
    return store_exec(st, sql, e);
}

/* Appends to a fixed buffer; returns -1 on overflow (a bug: DDL_MAX). */
static int cat(char *buf, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int cat(char *buf, size_t *len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *len, DDL_MAX - *len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= DDL_MAX - *len)
        return -1;
    *len += (size_t)n;
    return 0;
}

/* The trial table's statement, named prefix + trial: one column per metric
 * of the catalogue, in its order, then consistency. */
static int trial_table(char *sql, size_t *len, const char *p)
{
    int bad = cat(sql, len,
                  "CREATE TABLE %strial (\n"
                  "  run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,\n"
                  "  variant_id  INTEGER NOT NULL REFERENCES variant(id) ON DELETE CASCADE,\n"
                  "  trial       INTEGER NOT NULL,\n",
                  p);
    for (int m = 0; m < OC_NMETRICS; m++)
        bad |= cat(sql, len, "  %-19s %s,\n", oc_metrics[m].column,
                   store_metric_type((oc_metric)m));
    bad |= cat(sql, len,
               "  consistency TEXT,\n"
               "  stratum     INTEGER,\n"
               "  PRIMARY KEY (variant_id, trial)\n"
               ") WITHOUT ROWID;\n");
    return bad;
}

/* The stratum table (version 7), created apart from the others: the
 * migrations before 7 rebuild the six older tables only. */
static err_code create_stratum_table(store *st, err_msg *e)
{
    return store_exec(st,
                      "CREATE TABLE IF NOT EXISTS stratum (\n"
                      "  run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,\n"
                      "  idx         INTEGER NOT NULL,\n"
                      "  probability REAL NOT NULL,\n"
                      "  share       REAL NOT NULL,\n"
                      "  label       TEXT NOT NULL,\n"
                      "  PRIMARY KEY (run_id, idx)\n"
                      ") WITHOUT ROWID;\n",
                      e);
}

/* The current tables, each named prefix + its name. References always name
 * the final tables (run, variant), so they hold after a rename. */
static err_code create_tables(store *st, const char *p, err_msg *e)
{
    char sql[DDL_MAX];
    size_t len = 0;
    int bad = 0;
    bad |= cat(sql, &len,
               "CREATE TABLE %sscenario (\n"
               "  id          INTEGER PRIMARY KEY,\n"
               "  name        TEXT NOT NULL,\n"
               "  sha256      TEXT NOT NULL UNIQUE,\n"
               "  source      TEXT NOT NULL,\n"
               "  description TEXT\n"
               ");\n",
               p);
    bad |= cat(sql, &len,
               "CREATE TABLE %srun (\n"
               "  id          INTEGER PRIMARY KEY,\n"
               "  scenario_id INTEGER NOT NULL REFERENCES scenario(id),\n"
               "  started_at  TEXT NOT NULL,\n"
               "  finished_at TEXT,\n"
               "  seed        INTEGER NOT NULL,\n"
               "  trials      INTEGER NOT NULL,\n"
               "  version     TEXT NOT NULL,\n"
               "  argv        TEXT NOT NULL,\n"
               "  status      TEXT NOT NULL CHECK (status IN ('running','done','failed')),\n"
               "  trial_first INTEGER NOT NULL DEFAULT 0,\n"
               "  trial_end   INTEGER NOT NULL,\n"
               "  shard_index INTEGER NOT NULL DEFAULT 1,\n"
               "  shard_count INTEGER NOT NULL DEFAULT 1,\n"
               "  trace       INTEGER NOT NULL DEFAULT 0,\n"
               "  variants    TEXT,\n"
               "  error       TEXT,\n"
               "  host        TEXT,\n"
               "  pid         INTEGER,\n"
               "  merged_from TEXT,\n"
               "  stopped     TEXT\n"
               ");\n",
               p);
    bad |= cat(sql, &len,
               "CREATE TABLE %svariant (\n"
               "  id       INTEGER PRIMARY KEY,\n"
               "  run_id   INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,\n"
               "  idx      INTEGER NOT NULL,\n"
               "  name     TEXT NOT NULL,\n"
               "  strategy TEXT,\n"
               "  params   TEXT NOT NULL DEFAULT '{}',\n"
               "  currency TEXT,\n"
               "  monthly_cost REAL,\n"
               "  outages_per_year REAL,\n"
               "  destroyed_per_year REAL,\n"
               "  UNIQUE (run_id, idx)\n"
               ");\n",
               p);
    bad |= trial_table(sql, &len, p);
    bad |= cat(sql, &len,
               "CREATE TABLE %sevent (\n"
               "  run_id     INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,\n"
               "  variant_id INTEGER NOT NULL REFERENCES variant(id) ON DELETE CASCADE,\n"
               "  trial      INTEGER NOT NULL,\n"
               "  seq        INTEGER NOT NULL,\n"
               "  t_s        REAL NOT NULL,\n"
               "  t_us       INTEGER NOT NULL,\n"
               "  kind       TEXT NOT NULL,\n"
               "  subject    TEXT NOT NULL DEFAULT '',\n"
               "  detail     TEXT NOT NULL DEFAULT '',\n"
               "  PRIMARY KEY (variant_id, trial, seq)\n"
               ") WITHOUT ROWID;\n",
               p);
    bad |= cat(sql, &len,
               "CREATE TABLE %sexpectation (\n"
               "  id           INTEGER PRIMARY KEY,\n"
               "  run_id       INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,\n"
               "  variant_id   INTEGER NOT NULL REFERENCES variant(id) ON DELETE CASCADE,\n"
               "  metric       TEXT NOT NULL,\n"
               "  stat         TEXT NOT NULL,\n"
               "  op           TEXT NOT NULL,\n"
               "  threshold    REAL NOT NULL,\n"
               "  observed     REAL,\n"
               "  pass         INTEGER NOT NULL,\n"
               "  target       TEXT,\n"
               "  text         TEXT,\n"
               "  missed_share REAL,\n"
               "  line         INTEGER,\n"
               "  verdict      TEXT NOT NULL\n"
               "               CHECK (verdict IN ('pass', 'fail', 'inconclusive')),\n"
               "  level        REAL,\n"
               "  observed_lo  REAL,\n"
               "  observed_hi  REAL,\n"
               "  given        TEXT\n"
               ");\n",
               p);
    if (bad)
        return store_error(st, e, ERR_INTERNAL, "schema text too long (DDL_MAX)");
    return store_exec(st, sql, e);
}

/* The cost table (version 8): kept out of create_tables, whose new_
 * tables the older steps rename or drop by a fixed list. */
static err_code create_cost_table(store *st, err_msg *e)
{
    return store_exec(st,
                      "CREATE TABLE cost (\n"
                      "  run_id     INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,\n"
                      "  variant_id INTEGER NOT NULL REFERENCES variant(id) ON DELETE CASCADE,\n"
                      "  seq        INTEGER NOT NULL,\n"
                      "  item       TEXT NOT NULL,\n"
                      "  quantity   REAL,\n"
                      "  unit       TEXT NOT NULL,\n"
                      "  unit_price REAL,\n"
                      "  monthly    REAL,\n"
                      "  PRIMARY KEY (variant_id, seq)\n"
                      ") WITHOUT ROWID;\n",
                      e);
}

/* The drill tables (version 10), apart from the others as stratum and cost
 * are: the migrations before 10 rebuild the older tables only. */
static err_code create_drill_tables(store *st, err_msg *e)
{
    char sql[8192];
    size_t len = 0;
    len += (size_t)snprintf(sql + len, sizeof sql - len,
                            "CREATE TABLE IF NOT EXISTS drill (\n"
                            "  id        INTEGER PRIMARY KEY,\n"
                            "  scenario  TEXT NOT NULL,\n"
                            "  path      TEXT NOT NULL DEFAULT '',\n"
                            "  sha256    TEXT NOT NULL,\n"
                            "  version   TEXT NOT NULL,\n"
                            "  created   REAL NOT NULL,\n"
                            "  finished  REAL NOT NULL,\n"
                            "  mode      TEXT NOT NULL CHECK (mode IN ('terminal', 'script')),\n"
                            "  ended     TEXT NOT NULL,\n"
                            "  seed      INTEGER NOT NULL,\n"
                            "  trial     INTEGER NOT NULL,\n"
                            "  t_alert_s REAL NOT NULL,\n"
                            "  t_end_s   REAL NOT NULL,\n"
                            "  horizon_s REAL NOT NULL\n"
                            ");\n"
                            "CREATE TABLE IF NOT EXISTS drill_action (\n"
                            "  drill_id INTEGER NOT NULL REFERENCES drill(id) ON DELETE CASCADE,\n"
                            "  seq      INTEGER NOT NULL,\n"
                            "  at_s     REAL NOT NULL,\n"
                            "  wall     REAL,\n"
                            "  text     TEXT NOT NULL,\n"
                            "  answer   TEXT NOT NULL,\n"
                            "  refused  INTEGER NOT NULL,\n"
                            "  PRIMARY KEY (drill_id, seq)\n"
                            ") WITHOUT ROWID;\n"
                            "CREATE TABLE IF NOT EXISTS drill_event (\n"
                            "  drill_id INTEGER NOT NULL REFERENCES drill(id) ON DELETE CASCADE,\n"
                            "  seq      INTEGER NOT NULL,\n"
                            "  t_us     INTEGER NOT NULL,\n"
                            "  kind     TEXT NOT NULL,\n"
                            "  subject  TEXT NOT NULL DEFAULT '',\n"
                            "  detail   TEXT NOT NULL DEFAULT '',\n"
                            "  PRIMARY KEY (drill_id, seq)\n"
                            ") WITHOUT ROWID;\n"
                            "CREATE TABLE IF NOT EXISTS drill_play (\n"
                            "  drill_id INTEGER NOT NULL REFERENCES drill(id) ON DELETE CASCADE,\n"
                            "  seq      INTEGER NOT NULL,\n"
                            "  who      TEXT NOT NULL,\n"
                            "  team     INTEGER NOT NULL,\n");
    for (int m = 0; m < OC_NMETRICS && len < sizeof sql; m++)
        len += (size_t)snprintf(sql + len, sizeof sql - len, "  %-19s %s,\n",
                                oc_metrics[m].column, store_metric_type((oc_metric)m));
    if (len < sizeof sql)
        len += (size_t)snprintf(
            sql + len, sizeof sql - len,
            "  consistency TEXT,\n"
            "  PRIMARY KEY (drill_id, seq)\n"
            ") WITHOUT ROWID;\n"
            "CREATE TABLE IF NOT EXISTS drill_rank (\n"
            "  drill_id INTEGER NOT NULL REFERENCES drill(id) ON DELETE CASCADE,\n"
            "  seq      INTEGER NOT NULL,\n"
            "  strategy TEXT NOT NULL,\n"
            "  metric   TEXT NOT NULL,\n"
            "  n        INTEGER NOT NULL,\n"
            "  better   REAL NOT NULL,\n"
            "  same     REAL NOT NULL,\n"
            "  worse    REAL NOT NULL,\n"
            "  p50      REAL,\n"
            "  p95      REAL,\n"
            "  PRIMARY KEY (drill_id, seq)\n"
            ") WITHOUT ROWID;\n"
            "CREATE TABLE IF NOT EXISTS drill_verdict (\n"
            "  drill_id INTEGER NOT NULL REFERENCES drill(id) ON DELETE CASCADE,\n"
            "  seq      INTEGER NOT NULL,\n"
            "  rule     TEXT NOT NULL,\n"
            "  metric   TEXT NOT NULL,\n"
            "  observed REAL,\n"
            "  pass     INTEGER NOT NULL,\n"
            "  PRIMARY KEY (drill_id, seq)\n"
            ") WITHOUT ROWID;\n");
    if (len >= sizeof sql)
        return store_error(st, e, ERR_INTERNAL, "drill schema text too long");
    return store_exec(st, sql, e);
}

/* Indices and views: dropped before a migration, (re)created after. */
static err_code create_indices_and_views(store *st, err_msg *e)
{
    char sql[DDL_MAX];
    size_t len = 0;
    int bad = 0;
    bad |= cat(sql, &len,
               "CREATE INDEX IF NOT EXISTS run_scenario ON run(scenario_id, seed);\n"
               "CREATE INDEX IF NOT EXISTS variant_run ON variant(run_id);\n"
               "CREATE INDEX IF NOT EXISTS expectation_run ON expectation(run_id);\n"
               "CREATE VIEW IF NOT EXISTS trial_metric AS\n");
    for (int m = 0; m < OC_NMETRICS; m++)
        bad |= cat(sql, &len,
                   "  %sSELECT run_id, variant_id, trial, '%s' AS metric, %s AS value FROM trial\n",
                   m ? "UNION ALL " : "", oc_metrics[m].name, oc_metrics[m].column);
    bad |= cat(sql, &len, ";\n");
    if (bad)
        return store_error(st, e, ERR_INTERNAL, "schema text too long (DDL_MAX)");
    return store_exec(st, sql, e);
}

static err_code drop_views(store *st, err_msg *e)
{
    return store_exec(st, "DROP VIEW IF EXISTS trial_metric;", e);
}

/* ---- Migrations ------------------------------------------------------------ */

/* Whether table `table` (in main) has column `column`. */
static err_code has_column(store *st, const char *table, const char *column, bool *out,
                           err_msg *e)
{
    sqlite3_stmt *stmt = NULL;
    err_code rc = store_prepare(
        st, "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2", &stmt, e);
    if (rc != ERR_OK)
        return rc;
    sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, column, -1, SQLITE_STATIC);
    int s = sqlite3_step(stmt);
    if (s != SQLITE_ROW)
        rc = store_sql_error(st, e, s, "cannot read the table layout");
    else
        *out = sqlite3_column_int(stmt, 0) > 0;
    sqlite3_finalize(stmt);
    return rc;
}

/* Copies trial into new_trial: the keys, whichever catalogue columns trial
 * has (the others stay NULL: not measured then), and consistency when
 * `consistency` (version 1 had none), and the stratum when it has one. */
static err_code copy_trials(store *st, bool consistency, err_msg *e)
{
    char cols[DDL_MAX];
    size_t len = 0;
    int bad = cat(cols, &len, "run_id, variant_id, trial");
    for (int m = 0; m < OC_NMETRICS; m++) {
        bool has = false;
        err_code rc = has_column(st, "trial", oc_metrics[m].column, &has, e);
        if (rc != ERR_OK)
            return rc;
        if (has)
            bad |= cat(cols, &len, ", %s", oc_metrics[m].column);
    }
    if (consistency)
        bad |= cat(cols, &len, ", consistency");
    /* A stratified run's trials keep their stratum (version 7 on). */
    bool stratum = false;
    err_code src = has_column(st, "trial", "stratum", &stratum, e);
    if (src != ERR_OK)
        return src;
    if (stratum)
        bad |= cat(cols, &len, ", stratum");
    char sql[2 * DDL_MAX + 64];
    if (bad)
        return store_error(st, e, ERR_INTERNAL, "schema text too long (DDL_MAX)");
    snprintf(sql, sizeof sql, "INSERT INTO new_trial(%s) SELECT %s FROM trial;", cols, cols);
    return store_exec(st, sql, e);
}

/* Version 1 -> 2. Every table is rebuilt to the current layout. */
static err_code migrate_1_to_2(store *st, err_msg *e)
{
    err_code rc = create_tables(st, "new_", e);
    if (rc != ERR_OK)
        return rc;
    rc = store_exec(
        st,
        "INSERT INTO new_scenario(id, name, sha256, source)\n"
        "  SELECT id, name, sha256, source FROM scenario;\n"
        "INSERT INTO new_run(id, scenario_id, started_at, finished_at, seed, trials, version,\n"
        "                    argv, status, trial_first, trial_end)\n"
        "  SELECT id, scenario_id, started_at, finished_at, seed, trials, version, argv,\n"
        "         status, 0, trials FROM run;\n"
        "INSERT INTO new_variant(id, run_id, idx, name, params)\n"
        "  SELECT id, run_id, row_number() OVER (PARTITION BY run_id ORDER BY id) - 1,\n"
        "         name, coalesce(params, '{}') FROM variant;\n"
        "INSERT INTO new_event(run_id, variant_id, trial, seq, t_s, t_us, kind, subject, detail)\n"
        "  SELECT run_id, variant_id, trial,\n"
        "         row_number() OVER (PARTITION BY variant_id, trial ORDER BY t_s, rowid) - 1,\n"
        "         t_s, CAST(round(t_s * 1000000.0) AS INTEGER), kind,\n"
        "         coalesce(subject, ''), coalesce(detail, '') FROM event;\n"
        "INSERT INTO new_expectation(id, run_id, variant_id, metric, stat, op, threshold,\n"
        "                            observed, pass, verdict)\n"
        "  SELECT rowid, run_id, variant_id,\n"
        "         CASE WHEN instr(metric, '.') > 0\n"
        "              THEN substr(metric, 1, instr(metric, '.') - 1) ELSE metric END,\n"
        "         CASE WHEN instr(metric, '.') > 0\n"
        "              THEN substr(metric, instr(metric, '.') + 1) ELSE 'mean' END,\n"
        "         op, threshold, observed, pass,\n"
        "         CASE WHEN pass THEN 'pass' ELSE 'fail' END FROM expectation;\n",
        e);
    if (rc != ERR_OK)
        return rc;
    rc = copy_trials(st, false, e);
    if (rc != ERR_OK)
        return rc;

    char sql[256];
    static const char *const tables[] = {"scenario", "run",   "variant",
                                         "trial",    "event", "expectation"};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        snprintf(sql, sizeof sql, "DROP TABLE %s; ALTER TABLE new_%s RENAME TO %s;", tables[i],
                 tables[i], tables[i]);
        rc = store_exec(st, sql, e);
        if (rc != ERR_OK)
            return rc;
    }
    return ERR_OK;
}

/* Versions 2 -> 3, 3 -> 4, 4 -> 5 and 8 -> 9. The trial table is rebuilt
 * with the current columns (3: degraded_s after rto_s; 4: read_only_s,
 * fully_down_s and serving_rto_s after degraded_s; 5: write_conflicts after
 * data_loss_bytes; 9: destroyed after outage_cost; NULL in the trials
 * already there: they were not
 * measured); the other tables are unchanged. After a step that
 * builds the current layout already, it copies the table as it is. */
static err_code rebuild_trials(store *st, err_msg *e)
{
    char sql[DDL_MAX];
    size_t len = 0;
    if (trial_table(sql, &len, "new_"))
        return store_error(st, e, ERR_INTERNAL, "schema text too long (DDL_MAX)");
    err_code rc = store_exec(st, sql, e);
    if (rc == ERR_OK)
        rc = copy_trials(st, true, e);
    if (rc == ERR_OK)
        rc = store_exec(st, "DROP TABLE trial; ALTER TABLE new_trial RENAME TO trial;", e);
    return rc;
}

/* Version 5 -> 6. The expectation table is rebuilt with the verdict (its
 * pass flag's, as before inconclusive verdicts existed), level and
 * interval columns (NULL: judged without an interval); the other tables,
 * the trial table included, are rebuilt as rebuild_trials does. */
static err_code rebuild_expectations(store *st, err_msg *e)
{
    err_code rc = rebuild_trials(st, e);
    if (rc != ERR_OK)
        return rc;
    /* The current layout of every table, prefixed; only the expectation
     * table's is kept. */
    rc = create_tables(st, "new_", e);
    if (rc == ERR_OK)
        rc = store_exec(st,
                        "DROP TABLE new_scenario; DROP TABLE new_run; DROP TABLE new_variant;\n"
                        "DROP TABLE new_trial; DROP TABLE new_event;\n",
                        e);
    /* A database migrated from version 1 got the current run table then. */
    bool has_stopped = false;
    if (rc == ERR_OK)
        rc = has_column(st, "run", "stopped", &has_stopped, e);
    if (rc == ERR_OK && !has_stopped)
        rc = store_exec(st, "ALTER TABLE run ADD COLUMN stopped TEXT;", e);
    if (rc == ERR_OK)
        rc = store_exec(
            st,
            "INSERT INTO new_expectation(id, run_id, variant_id, metric, stat, op, threshold,\n"
            "    observed, pass, target, text, missed_share, line, verdict)\n"
            "  SELECT id, run_id, variant_id, metric, stat, op, threshold, observed, pass,\n"
            "         target, text, missed_share, line,\n"
            "         CASE WHEN pass THEN 'pass' ELSE 'fail' END FROM expectation;\n"
            "DROP TABLE expectation;\n"
            "ALTER TABLE new_expectation RENAME TO expectation;\n",
            e);
    return rc;
}

/* Version 6 -> 7. The trial table is rebuilt with its stratum column
 * (NULL: the runs there were not stratified) and the stratum table is
 * created. */
static err_code add_strata(store *st, err_msg *e)
{
    err_code rc = rebuild_trials(st, e);
    return rc == ERR_OK ? create_stratum_table(st, e) : rc;
}

/* Version 7 -> 8: costs. The trial table is rebuilt with outage_cost
 * (NULL in the trials already there); the variant table gets currency,
 * monthly_cost and outages_per_year (NULL: no bill then) unless a step
 * from version 1 gave it the current layout already; the cost table is
 * new. */
static err_code migrate_7_to_8(store *st, err_msg *e)
{
    err_code rc = rebuild_trials(st, e);
    static const char *const cols[][2] = {{"currency", "TEXT"},
                                          {"monthly_cost", "REAL"},
                                          {"outages_per_year", "REAL"}};
    for (size_t i = 0; rc == ERR_OK && i < sizeof cols / sizeof cols[0]; i++) {
        bool has = false;
        rc = has_column(st, "variant", cols[i][0], &has, e);
        if (rc == ERR_OK && !has) {
            char sql[128];
            snprintf(sql, sizeof sql, "ALTER TABLE variant ADD COLUMN %s %s;", cols[i][0],
                     cols[i][1]);
            rc = store_exec(st, sql, e);
        }
    }
    if (rc == ERR_OK)
        rc = create_cost_table(st, e);
    return rc;
}

/* Version 8 -> 9. The trial table is rebuilt with destroyed (NULL in the
 * trials already there); the variant table gets destroyed_per_year (NULL:
 * not recorded) unless a step from version 1 gave it the current layout. */
static err_code migrate_8_to_9(store *st, err_msg *e)
{
    err_code rc = rebuild_trials(st, e);
    bool has = false;
    if (rc == ERR_OK)
        rc = has_column(st, "variant", "destroyed_per_year", &has, e);
    if (rc == ERR_OK && !has)
        rc = store_exec(st, "ALTER TABLE variant ADD COLUMN destroyed_per_year REAL;", e);
    return rc;
}

typedef err_code (*migration_fn)(store *st, err_msg *e);

/* migrations[v] takes a database from version v + 1 to v + 2. */
static const migration_fn migrations[STORE_SCHEMA_VERSION - 1] = {
    migrate_1_to_2,
    rebuild_trials, /* 2 -> 3 */
    rebuild_trials, /* 3 -> 4 */
    rebuild_trials, /* 4 -> 5 */
    rebuild_expectations, /* 5 -> 6 */
    add_strata, /* 6 -> 7 */
    migrate_7_to_8, /* 7 -> 8 */
    migrate_8_to_9, /* 8 -> 9 */
    create_drill_tables, /* 9 -> 10 */
};

/* Whether main holds any table at all. */
static err_code is_empty(store *st, bool *empty, err_msg *e)
{
    sqlite3_stmt *stmt = NULL;
    err_code rc = store_prepare(st, "SELECT count(*) FROM sqlite_schema", &stmt, e);
    if (rc != ERR_OK)
        return rc;
    int s = sqlite3_step(stmt);
    if (s != SQLITE_ROW)
        rc = store_sql_error(st, e, s, "cannot read the database");
    else
        *empty = sqlite3_column_int(stmt, 0) == 0;
    sqlite3_finalize(stmt);
    return rc;
}

/* Whether main holds drsim's tables (a database an older drsim wrote before
 * it set application_id). */
static err_code has_drsim_tables(store *st, bool *yes, err_msg *e)
{
    sqlite3_stmt *stmt = NULL;
    err_code rc = store_prepare(st,
                                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND "
                                "name IN ('scenario', 'run', 'variant', 'trial', 'event', "
                                "'expectation')",
                                &stmt, e);
    if (rc != ERR_OK)
        return rc;
    int s = sqlite3_step(stmt);
    if (s != SQLITE_ROW)
        rc = store_sql_error(st, e, s, "cannot read the database");
    else
        *yes = sqlite3_column_int(stmt, 0) == 6;
    sqlite3_finalize(stmt);
    return rc;
}

/* Refuses a database this build cannot use, without writing to it: one
 * another application marked as its own (application_id), one of a newer
 * schema, one that holds tables but is not drsim's. */
static err_code refuse(store *st, int version, err_msg *e)
{
    int app = 0;
    err_code rc = pragma_int(st, "PRAGMA main.application_id", &app, e);
    if (rc != ERR_OK)
        return rc;
    if (app != 0 && app != STORE_APPLICATION_ID)
        return store_error(st, e, ERR_STORE,
                           "not a drsim results database: it belongs to another application "
                           "(its application_id is 0x%08x; drsim's is 0x%08x)",
                           (unsigned)app, (unsigned)STORE_APPLICATION_ID);
    if (app == 0 && version != 0) {
        bool drsim = false;
        rc = has_drsim_tables(st, &drsim, e);
        if (rc != ERR_OK)
            return rc;
        if (!drsim)
            return store_error(st, e, ERR_STORE,
                               "not a drsim results database (its user_version is %d, but it "
                               "has no application_id and not drsim's tables)",
                               version);
    }
    if (version > STORE_SCHEMA_VERSION)
        return store_error(st, e, ERR_STORE,
                           "the results database has schema version %d, newer than this "
                           "drsim (%s) understands (%d); use a newer drsim",
                           version, DRSIM_VERSION, STORE_SCHEMA_VERSION);
    if (version == 0) {
        bool empty = false;
        rc = is_empty(st, &empty, e);
        if (rc != ERR_OK)
            return rc;
        if (!empty)
            return store_error(st, e, ERR_STORE,
                               "not a drsim results database (it holds tables, and "
                               "its schema version is 0)");
    }
    return ERR_OK;
}

err_code store_schema_check(store *st, err_msg *e)
{
    /* One read transaction: the version and the tables are seen as one
     * snapshot, not before and after another process creates the schema. */
    err_code rc = store_exec(st, "BEGIN;", e);
    if (rc != ERR_OK)
        return rc;
    int version = 0;
    rc = store_schema_version(st, &version, e);
    if (rc == ERR_OK)
        rc = refuse(st, version, e);
    sqlite3_exec(st->db, "COMMIT;", NULL, NULL, NULL);
    return rc;
}

static err_code mark_drsim(store *st, err_msg *e)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA main.application_id = %d", STORE_APPLICATION_ID);
    return store_exec(st, sql, e);
}

static err_code ensure_locked(store *st, int version, err_msg *e)
{
    if (version == STORE_SCHEMA_VERSION)
        return ERR_OK;
    err_code rc = refuse(st, version, e);
    if (rc != ERR_OK)
        return rc;
    if (version == 0) {
        rc = create_tables(st, "", e);
        if (rc == ERR_OK)
            rc = create_stratum_table(st, e);
        if (rc == ERR_OK)
            rc = create_cost_table(st, e);
        if (rc == ERR_OK)
            rc = create_drill_tables(st, e);
        if (rc == ERR_OK)
            rc = create_indices_and_views(st, e);
        if (rc == ERR_OK)
            rc = set_version(st, STORE_SCHEMA_VERSION, e);
        if (rc == ERR_OK)
            rc = mark_drsim(st, e);
        return rc;
    }
    rc = drop_views(st, e);
    for (int v = version; rc == ERR_OK && v < STORE_SCHEMA_VERSION; v++)
        rc = migrations[v - 1](st, e);
    if (rc == ERR_OK)
        rc = create_indices_and_views(st, e);
    if (rc == ERR_OK)
        rc = set_version(st, STORE_SCHEMA_VERSION, e);
    if (rc == ERR_OK)
        rc = mark_drsim(st, e);
    return rc;
}

err_code store_schema_ensure(store *st, err_msg *e)
{
    int version = 0;
    err_code rc = store_schema_version(st, &version, e);
    if (rc != ERR_OK)
        return rc;
    st->file_version = version;
    if (version == STORE_SCHEMA_VERSION) {
        /* A database of this version an older drsim wrote has no mark yet:
         * writing to it is a write anyway (refuse() has checked its tables). */
        int app = 0;
        rc = pragma_int(st, "PRAGMA main.application_id", &app, e);
        if (rc == ERR_OK && app == 0)
            rc = mark_drsim(st, e);
        return rc;
    }
    if (version > STORE_SCHEMA_VERSION)
        return ensure_locked(st, version, e);

    /* Foreign keys cannot be switched inside a transaction; the rebuild of a
     * migration needs them off. */
    rc = store_exec(st, "PRAGMA foreign_keys = OFF;", e);
    if (rc != ERR_OK)
        return rc;
    rc = store_exec(st, "BEGIN IMMEDIATE;", e);
    if (rc == ERR_OK) {
        /* Another process may have done it while we waited for the lock. */
        rc = store_schema_version(st, &version, e);
        if (rc == ERR_OK)
            rc = ensure_locked(st, version, e);
        if (rc == ERR_OK)
            rc = store_exec(st, "COMMIT;", e);
        if (rc != ERR_OK)
            sqlite3_exec(st->db, "ROLLBACK;", NULL, NULL, NULL);
    }
    err_code rc2 = store_exec(st, "PRAGMA foreign_keys = ON;", rc == ERR_OK ? e : NULL);
    return rc != ERR_OK ? rc : rc2;
}
