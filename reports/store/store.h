/*
 * store.h — the SQLite results store: writing runs, reading them back.
 *
 * The schema is a public interface (README.md "Results store" documents every
 * table and column); its version is PRAGMA user_version. Opening an older
 * database migrates it (in place when opened for writing; in a private
 * in-memory copy when opened for reading, so a reader never changes a file);
 * a newer one is refused with a message naming the file.
 *
 * Every statement is prepared with bound parameters; the only text ever
 * pasted into SQL is drsim's own: column names from the metric catalogue
 * (oc_metrics[]), the six comparison operators (spelled from a fixed table,
 * never from the input), the schema's table names and integers. Nothing
 * read from a scenario, a database or the command line reaches SQL text.
 * All of SQLite's memory comes from mem_* (mem.h), so the allocation-failure
 * hook reaches into SQLite too.
 *
 * Writing a run — one transaction for the results:
 *   store_run_begin     commits the run row, status 'running', in a small
 *                       transaction of its own, and opens a private staging
 *                       file (an anonymous temporary file) for the results;
 *   store_run_variant,  stage variants, trials and events (a variant before
 *   store_run_trial,    its trials and events). Staging keeps the shared
 *   store_run_event     database unlocked while trials run, so several
 *                       processes can write runs into one database at once;
 *   store_run_publish   opens the one write transaction on the database and
 *                       writes the staged results into it; results given
 *                       after it go straight into that transaction (so a
 *                       caller may publish while its last trials run);
 *   store_run_expectation  (optional) adds judged expectations, in it;
 *   store_run_finish    sets status 'done' and commits.
 *   store_run_fail      at any point after begin: rolls back whatever was
 *                       not committed and marks the run 'failed' with a
 *                       message, in its own transaction. It first releases
 *                       the memory reserve (mem.h) when one is set aside, so
 *                       the mark can be written after an allocation failure.
 * A process killed at any point leaves no results of its run: its run row
 * stays 'running' with no variant, trial, event or expectation rows (WAL
 * recovery discards the uncommitted transaction). Readers call such a run
 * "abandoned" when its process is known to be gone (store_run_state), and
 * the next store_open for writing on the same host marks it 'failed'.
 *
 * Handles: a store is used by one thread at a time. Every function returns an
 * err_code (ERR_STORE for SQLite errors, ERR_NOMEM, ERR_INPUT for a run or
 * variant that does not exist) and leaves a message naming the file in the
 * handle (store_errmsg) and in *e when an err_msg is passed. On failure the
 * handle stays usable, and outputs are left unset unless said otherwise.
 *
 * Ownership: strings in the store_* structs filled by readers are owned by
 * the struct and released by its *_clear function (which accepts NULL and
 * zeroed structs). Strings passed in are copied or bound; never kept.
 */
#ifndef DRSIM_STORE_H
#define DRSIM_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/outcome.h"
#include "sim/core/err.h"
#include "sim/core/stats.h"
#include "sim/core/wstats.h"

/* The schema version this build writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 10

/* What marks a file as a drsim results database: PRAGMA application_id, the
 * convention for a file format built on SQLite, here "drsm" in ASCII. A
 * database drsim writes carries it (set on creation, and on the first write
 * to a database an older drsim created without it); a file with another
 * application's id, or with none and not drsim's tables, is refused before
 * anything in it changes. */
#define STORE_APPLICATION_ID 0x6472736d

/* The names SQLite gives a database's companion files, as suffixes of its
 * path, "" (the database itself) first; NULL-terminated. No output of drsim
 * may name any of them (sim/core/pathid.h). */
extern const char *const store_companions[];

/* Whether path can name a results database: a plain path. The empty name and
 * ":memory:" store nothing, and an SQLite URI ("file:...") names a file other
 * than what is written; each is refused with ERR_INPUT and the reason in *e.
 * store_open checks it first. */
err_code store_check_path(const char *path, err_msg *e);

/* How long a writer waits for another process's write lock, in ms, unless
 * the environment variable DRSIM_BUSY_TIMEOUT_MS gives another whole number
 * of ms (0 to 86400000; read by store_open). */
#define STORE_BUSY_TIMEOUT_MS 30000

typedef struct store store;

typedef enum store_mode {
    STORE_READ = 0, /* the file must exist; nothing in it is changed */
    STORE_WRITE     /* created when missing; migrated in place when older */
} store_mode;

/* Opens (or creates) the results database at path. Returns ERR_OK with *out
 * set, or ERR_STORE / ERR_NOMEM (ERR_INPUT for a path store_check_path
 * refuses, or a database to read that does not exist) with a message naming
 * the file in *e and *out NULL. */
err_code store_open(const char *path, store_mode mode, store **out, err_msg *e);

/* Closes the store. A run still being written is marked failed first.
 * Accepts NULL. */
void store_close(store *st);

/* The last error's message ("" when none), and the file's path. */
const char *store_errmsg(const store *st);
const char *store_path(const store *st);

/* The schema version the file had when opened (before any migration). */
int store_file_version(const store *st);

/* Routes SQLite's allocator through mem_* (once per process; store_open calls
 * it). Must run before any other SQLite call in the process to take effect.
 * Returns ERR_OK, or ERR_INTERNAL when SQLite was already initialised. */
err_code store_global_init(void);

/* ---- Writing a run -------------------------------------------------------- */

/* One stratum of a stratified run (models/scenario/strata.h): a trial of
 * stratum idx weighs probability / (the variant's trials in it). */
typedef struct store_stratum {
    uint32_t idx;
    double probability;        /* exact: the scenario's outage probabilities */
    double share;              /* of the trials it was allotted */
    char *label;               /* "outage 1 (westeurope, region): destructive" */
} store_stratum;

typedef struct store_new_run {
    const char *scenario_name;
    const char *description;   /* may be NULL */
    const char *sha256;        /* hex of the scenario file's bytes */
    const char *source;        /* the file's bytes */
    size_t source_len;
    uint64_t seed;
    uint64_t trials;           /* the whole run's trial count */
    uint64_t trial_first;      /* this run's slice [first, end) of 0..trials-1 */
    uint64_t trial_end;
    uint32_t shard_index;      /* 1..shard_count; 1/1 when not sharded */
    uint32_t shard_count;
    uint64_t trace;            /* --trace N */
    const char *variants;      /* the --variant filter as a JSON array; NULL = all */
    const char *argv;          /* the command line as a JSON array */
    const char *version;       /* NULL = this build's DRSIM_VERSION */
    const char *merged_from;   /* merge only: JSON array of "file#run"; else NULL */
    const char *stopped;       /* trials: auto: why the trial count is what it is
                                  ("every expectation decided ..."); else NULL */
    const char *started_at;    /* NULL = now (UTC, ISO 8601) */
    const store_stratum *strata; /* a stratified run's strata (idx 0..nstrata-1);
                                    NULL, 0 when not stratified */
    size_t nstrata;
} store_new_run;

/* Records the run as 'running' (committed) and starts staging. *run_id
 * receives its id. Fails with ERR_STORE when a run is already being written
 * on this handle. */
err_code store_run_begin(store *st, const store_new_run *r, int64_t *run_id, err_msg *e);

/* Stages variant number idx (its index in the scenario's variant list). */
err_code store_run_variant(store *st, uint32_t idx, const char *name, const char *strategy,
                           const char *params_json, err_msg *e);

/* Stages one trial of variant idx (after store_run_publish: writes it). */
err_code store_run_trial(store *st, uint32_t idx, const oc_trial *t, err_msg *e);

/* Stages one event of trial `trial` of variant idx; seq orders the events of
 * a trial (0, 1, 2, ...). kind is the name the event's kind is stored as
 * (oc_event_kind_name), or a name read from another database (merging). */
err_code store_run_event(store *st, uint32_t idx, uint64_t trial, uint32_t seq, int64_t t_us,
                         const char *kind, const char *subject, const char *detail,
                         err_msg *e);

/* Opens the run's write transaction and copies the staged results into the
 * database (waiting up to STORE_BUSY_TIMEOUT_MS for another writer); the
 * trials and events given after it are written into that transaction, the
 * variants must all come before it. A second call does nothing. */
err_code store_run_publish(store *st, err_msg *e);

typedef struct store_expectation {
    int64_t variant_id;
    const char *variant;/* reading: the variant's name */
    const char *metric; /* "rpo" */
    const char *stat;   /* "p99" */
    const char *op;     /* "<=" */
    double threshold;   /* base unit */
    double observed;    /* NAN when there was nothing to judge */
    bool pass;          /* the verdict: pass, or (unless inconclusive) fail */
    bool inconclusive;  /* the interval of the statistic straddles the threshold:
                           neither pass nor fail at `level` (pass is false) */
    double level;       /* the confidence level judged at; NAN: no interval
                           (n, sd, min, max: judged on the value alone) */
    double observed_lo, observed_hi; /* the statistic's interval; NAN when none */
    const char *given;  /* NULL, or the flag whose trials it was judged over */
    const char *target; /* the rule's target as written (a variant or strategy) */
    const char *text;   /* the rule's right-hand side as written ("<= 15m") */
    double missed_share;/* trials whose own value misses the threshold; NAN if n/a */
    uint32_t line;      /* where the rule is in the scenario file (0 = unknown) */
} store_expectation;

/* After publish: stores one judged expectation of the run. */
err_code store_run_expectation(store *st, const store_expectation *x, err_msg *e);

/* After publish: marks the run done and commits. */
err_code store_run_finish(store *st, err_msg *e);

/* Rolls back what was not committed and marks the run failed with `why`.
 * Returns ERR_OK when the mark was recorded. No-op when no run is open. */
err_code store_run_fail(store *st, const char *why, err_msg *e);

/* The id of the run being written (0 when none). */
int64_t store_run_current(const store *st);

/* ---- Reading -------------------------------------------------------------- */

typedef struct store_run {
    int64_t id;
    int64_t scenario_id;
    char *scenario;         /* name */
    char *description;
    char *sha256;
    char *started_at, *finished_at; /* finished_at may be NULL */
    uint64_t seed, trials, trial_first, trial_end, trace;
    uint32_t shard_index, shard_count;
    char *variants_filter;  /* NULL = all */
    char *version, *argv, *status, *error, *host, *merged_from;
    char *stopped;          /* trials: auto: why it stopped there; NULL otherwise */
    int64_t pid;
    uint64_t nvariants;     /* variant rows stored (0 unless done) */
} store_run;

void store_run_clear(store_run *r);

/* "done", "failed", "running", or "abandoned" (status 'running' but its
 * process, on this host, is gone). */
const char *store_run_state(const store_run *r);

/* Every run, oldest first. *runs (an array of *n) belongs to the caller:
 * store_runs_free. */
err_code store_runs_list(store *st, store_run **runs, size_t *n, err_msg *e);
void store_runs_free(store_run *runs, size_t n);

/* One run. ERR_INPUT when there is no run `id`. */
err_code store_run_get(store *st, int64_t id, store_run *out, err_msg *e);

/* Resolves a run reference: a number (run id), "latest" / "last", or a
 * scenario name (its latest run). ERR_INPUT when nothing matches. */
err_code store_run_resolve(store *st, const char *ref, int64_t *id, err_msg *e);

/* The latest 'done' run with this sha256 and seed (when same_seed is set), or
 * with this scenario name (sha256 NULL), other than `exclude` (0 = none).
 * *id = 0 when there is none (that is not an error). */
err_code store_run_latest(store *st, const char *sha256, const char *name, bool same_seed,
                          uint64_t seed, int64_t exclude, int64_t *id, err_msg *e);

/* The scenario file's bytes as stored for a run (*source owned by caller,
 * mem_free; NUL-terminated; *len its length without the NUL). */
err_code store_run_source(store *st, int64_t run_id, char **source, size_t *len, err_msg *e);

typedef struct store_variant {
    int64_t id;
    uint32_t idx;
    char *name, *strategy, *params;
} store_variant;

/* The design of a variant's trials for sim/core/wstats.h: its run's
 * strata's probabilities and its trials in each; ss->n == 0 when the run
 * was not stratified. */
err_code store_variant_strata(store *st, int64_t variant_id, wstats_strata *ss, err_msg *e);

/* The strata of a run, by idx; none (*n = 0) when it was not stratified. */
err_code store_strata(store *st, int64_t run_id, store_stratum **s, size_t *n, err_msg *e);
void store_strata_free(store_stratum *s, size_t n);

/* The variants of a run, in scenario order. */
err_code store_variants(store *st, int64_t run_id, store_variant **v, size_t *n, err_msg *e);
void store_variants_free(store_variant *v, size_t n);

/* The confidence level of the intervals aggregates carry, unless
 * store_set_confidence gives another. */
#define STORE_DEFAULT_CONFIDENCE 0.95

/* Sets the level (0.5 < level < 1, checked by the caller) of the intervals
 * of this handle's aggregates. */
void store_set_confidence(store *st, double level);
double store_confidence(const store *st);

/* A condition on the trials every figure of this handle is taken over
 * (store_aggregate, store_values_open, store_missed_share,
 * store_rpo_positive_share): -1, every trial (the default); else a flag
 * metric (unit OC_UNIT_SHARE: disrupted, failed_over, data_lost_all, ...),
 * only the trials where it is 1 — "rto.p95 | disrupted". */
void store_set_given(store *st, int flag);
int store_given(const store *st);

/* The aggregate of one metric over one variant's trials (stats.h), its
 * intervals at the handle's confidence level: Student's t for the mean of a
 * duration, size or count (its lower end at 0 at least: no metric is
 * negative), Wilson's score interval for a share (the mean of 0/1 flags),
 * the order-statistic interval for each percentile. */
err_code store_aggregate(store *st, int64_t variant_id, oc_metric m, stats_agg *out,
                         err_msg *e);

/* A hint: reads metrics[0..n) of the variant (under the handle's condition)
 * in one pass over its trials, so that the store_aggregate and
 * store_missed_share calls that follow for them read nothing more. The
 * handle keeps the last STORE_READ_AHEAD columns (at most the first
 * STORE_READ_AHEAD distinct ones given here), each as long as the database
 * does not change. */
#define STORE_READ_AHEAD 8
err_code store_read_ahead(store *st, int64_t variant_id, const oc_metric *metrics, size_t n,
                          err_msg *e);

/* Share of the variant's trials with RPO > 0 (absent RPO counts: data lost);
 * NAN when the variant has no trial. */
err_code store_rpo_positive_share(store *st, int64_t variant_id, double *share, err_msg *e);

/* The same share with its interval at the handle's confidence level:
 * Wilson's score interval, or for a stratified run the weighted share's
 * (sim/core/wstats.h); all NAN when the variant has no trial. */
err_code store_rpo_positive(store *st, int64_t variant_id, double *share, double *lo,
                            double *hi, err_msg *e);

/* Share of the variant's trials whose own value of metric m misses `op
 * threshold` (op one of < <= == != >= >); absent values count as the stats.h
 * policy says. NAN when no trial counts. */
err_code store_missed_share(store *st, int64_t variant_id, oc_metric m, const char *op,
                            double threshold, double *share, err_msg *e);

/* The judged expectations of a run, in the order stored. */
err_code store_expectations(store *st, int64_t run_id, store_expectation **x, size_t *n,
                            err_msg *e);
void store_expectations_free(store_expectation *x, size_t n);

/* Iterating over a variant's trials, in trial order. The consistency string
 * of a returned trial stays valid until the next call. */
typedef struct store_iter store_iter;
err_code store_trials_open(store *st, int64_t variant_id, store_iter **it, err_msg *e);
/* *done is set (and *t untouched) past the last trial. */
err_code store_trials_next(store_iter *it, oc_trial *t, bool *done, err_msg *e);

/* An event as stored. Its kind is the catalogue's (models/outcome.h) for
 * the name stored, OC_EV_UNKNOWN for a name it does not know (kept in
 * kind_name as stored). */
typedef struct store_event {
    uint64_t trial;
    uint32_t seq;
    int64_t t_us;
    oc_event_kind kind;
    const char *kind_name, *subject, *detail; /* valid until the next call */
} store_event;

/* Iterating over a variant's events (one trial, or every trial when
 * all_trials), in (trial, seq) order. */
err_code store_events_open(store *st, int64_t variant_id, bool all_trials, uint64_t trial,
                           store_iter **it, err_msg *e);
err_code store_events_next(store_iter *it, store_event *ev, bool *done, err_msg *e);

/* The traced trials of a variant (those with events), ascending; *trials
 * owned by the caller (mem_free). */
err_code store_traced_trials(store *st, int64_t variant_id, uint64_t **trials, size_t *n,
                             err_msg *e);

/* Iterating over one metric's values of a variant's trials in ascending
 * order — the order the aggregates consume them in, and what a distribution
 * (CDF) is drawn from. Only present values are returned; *n_present receives
 * how many there are and *n_absent how many trials lack the metric (with
 * stats_absent_is_worst(m) they count as +infinity for a lower-is-better
 * metric). Memory does not grow with the number of trials. */
err_code store_values_open(store *st, int64_t variant_id, oc_metric m, store_iter **it,
                           uint64_t *n_present, uint64_t *n_absent, err_msg *e);
/* *done is set (and *v untouched) past the last value. */
err_code store_values_next(store_iter *it, double *v, bool *done, err_msg *e);

/* A stratified run's values weigh P_s / N_s each (sim/core/wstats.h):
 * store_values_weight is the last value's weight (1 when the run is not
 * stratified); store_values_weighted says whether they are weighted and
 * gives the distribution's total weight (present values and absent ones
 * counted as the worst) and Kish's effective number of trials
 * (sum w)^2 / sum w^2 (both the count of trials when not weighted). */
double store_values_weight(const store_iter *it);
bool store_values_weighted(const store_iter *it, double *total, double *n_eff);

/* Releases an iterator. Accepts NULL. */
void store_iter_close(store_iter *it);

/* ---- Costs ------------------------------------------------------------------- */

/* A variant's running cost and risk (models/world/cost.h), as stored: the
 * variant table's currency, monthly_cost and outages_per_year, and its
 * itemised bill, the cost table's rows in order. A variant of a run made
 * before version 8 has none: currency NULL, the figures NAN, no items. */
typedef struct store_cost_item {
    const char *what;
    double quantity;
    const char *unit;
    double unit_price;
    double monthly;
} store_cost_item;

typedef struct store_cost {
    const char *currency;
    double monthly;          /* the sum of the items */
    double per_year;         /* disruptions like the scenario's a year */
    double destroyed_per_year; /* of them, those that destroy their scope (NAN:
                                  not recorded, runs before schema 9) */
    store_cost_item *items;
    size_t n;
} store_cost;

/* After publish: stores the cost of variant number idx of the run being
 * written (its figures and items; the strings are copied). */
err_code store_run_cost(store *st, uint32_t idx, const store_cost *c, err_msg *e);

/* The stored cost of a variant (owned by *out: store_cost_clear). */
err_code store_cost_get(store *st, int64_t variant_id, store_cost *out, err_msg *e);
void store_cost_clear(store_cost *c);

/* After publish: copies the costs of run `from` of `in` into the run being
 * written on `out`, variant by variant (by index). */
err_code store_copy_costs(store *out, store *in, int64_t from, err_msg *e);

/* ---- Merging ------------------------------------------------------------------ */

/* Judges a merged run's expectations (between publish and finish): stores
 * them with store_run_expectation and adds the number that failed to
 * *failed. */
typedef err_code (*store_judge_fn)(void *ctx, store *out, int64_t run_id, size_t *failed,
                                   err_msg *e);

typedef struct store_merge_result {
    int64_t *runs;        /* ids of the runs written into `out` (mem_free) */
    size_t nruns;
    size_t skipped;       /* input runs not 'done', left out */
    size_t failed;        /* expectations that failed in merged runs */
} store_merge_result;

/* Copies every 'done' run of the inputs into `out`. The shards of one run
 * (same scenario bytes, seed, trials, version, trace and variant filter, shard
 * 1/N .. N/N, whose trial slices tile 0..trials-1) become one run, written
 * exactly as an unsharded run writes it: the same variant, trial and event
 * rows, and expectations judged again by `judge` (none when judge is NULL).
 * An unsharded run is copied whole, expectations included. Runs are taken in
 * input order. `argv` (JSON) is recorded as a merged run's command line.
 * Returns ERR_INPUT when shards are missing, repeated or disagree (nothing is
 * written for that run, runs written before stay), else as the store calls.
 * *res is filled in either case; store_merge_result_free releases it. */
err_code store_merge(store *out, store *const *inputs, size_t ninputs, const char *argv,
                     store_judge_fn judge, void *judge_ctx, store_merge_result *res,
                     err_msg *e);
void store_merge_result_free(store_merge_result *res);

/* ---- Drills (`drsim drill`) ------------------------------------------------------
 * One outage rehearsed by a team: the scenario and trial it played, the
 * team's actions with their simulated and wall-clock times, the world's
 * events under those actions, and the debrief — the same trial played by
 * each strategy of the scenario, where the team's result falls in each
 * strategy's distribution, and the scenario's expectations judged against
 * the team's result. Written once, in one transaction, when the drill ends;
 * never changed afterwards. */

typedef struct store_drill_action {
    double at;          /* s since the first alert (simulated) */
    double wall;        /* Unix time the team gave it; 0 from a script */
    const char *text;   /* the action as the team wrote it, normalised */
    const char *answer; /* what drsim answered ("failover of vhds started, ...") */
    bool refused;       /* the service refused it (answer says why) */
} store_drill_action;

/* The trial played one way: by the team (its runbook), or by a strategy. */
typedef struct store_drill_play {
    const char *who;    /* "team", or the strategy's name */
    bool team;
    oc_trial outcome;   /* its metrics on the drill's trial */
} store_drill_play;

/* Where the team's result falls in one strategy's distribution of a metric
 * over n trials: the shares of its trials that did better (lower), the same,
 * and worse than the team on this metric. */
typedef struct store_drill_rank {
    const char *strategy;
    oc_metric metric;
    uint64_t n;
    double better, same, worse; /* shares, summing to 1 */
    double p50, p95;            /* the strategy's percentiles, for context */
} store_drill_rank;

/* One expectation of the scenario (the team's runbook targets) judged
 * against the team's single result: the rule's metric compared with its
 * threshold (the rule's statistic is not meaningful for one outcome). */
typedef struct store_drill_verdict {
    const char *rule;   /* as written: "rto.p95 <= 4h" */
    const char *metric; /* "rto" */
    double observed;    /* the team's value; NAN when the trial has none */
    bool pass;
} store_drill_verdict;

typedef struct store_drill {
    int64_t id;             /* set by store_drill_write / read */
    const char *scenario;   /* its name */
    const char *path;       /* the file played */
    const char *sha256;     /* of the file's text */
    const char *version;    /* drsim's */
    double created;         /* Unix time the drill began */
    double finished;        /* ... and ended */
    const char *mode;       /* "terminal" or "script" */
    const char *ended;      /* "end" (the team), "horizon", "left" (Ctrl-C/D) */
    uint64_t seed, trial;
    double t_alert;         /* s from the trial's start to the first alert */
    double t_end;           /* s from the trial's start to the drill's end */
    double horizon;         /* s, the scenario's */
    const store_drill_action *actions;
    size_t nactions;
    const oc_event *events; /* the team's trial under its actions, in time order */
    size_t nevents;
    const store_drill_play *plays; /* the team's first, then every strategy's */
    size_t nplays;
    const store_drill_rank *ranks;
    size_t nranks;
    const store_drill_verdict *verdicts;
    size_t nverdicts;
} store_drill;

/* Stores a finished drill in one transaction; *id receives its id. */
err_code store_drill_write(store *st, const store_drill *d, int64_t *id, err_msg *e);

/* Reads drill `id` (ERR_INPUT "no drill N" when there is none); *out is
 * owned by the caller and released with store_drill_free (accepts NULL). */
err_code store_drill_read(store *st, int64_t id, store_drill **out, err_msg *e);
void store_drill_free(store_drill *d);

/* The drills stored, newest last: ids and scenario names (for `drsim runs`
 * and `drsim drill --replay` without an id). Owned by the caller:
 * store_drills_free. */
typedef struct store_drill_summary {
    int64_t id;
    const char *scenario;
    uint64_t trial;
    double created;
    const char *ended;
    double rto, rpo;        /* the team's, NAN when absent */
} store_drill_summary;
err_code store_drills_list(store *st, store_drill_summary **out, size_t *n, err_msg *e);
void store_drills_free(store_drill_summary *d, size_t n);

#endif
