/*
 * drill.c — drills in the results database (store.h, "Drills"): writing one
 * finished drill in one transaction, reading it back, listing them.
 *
 * Tables (schema version 10, created by schema.c; README.md "Results store"
 * documents them):
 *   drill          one row per drill: the scenario played (name, path,
 *                  sha256), drsim's version, wall-clock start and end, mode
 *                  (terminal or script), how it ended, seed and trial, the
 *                  first alert's and the end's simulated instants, horizon
 *   drill_action   the team's actions in order: simulated time since the
 *                  first alert, wall-clock time (NULL from a script), the
 *                  text, drsim's answer, whether the service refused it
 *   drill_event    the world's events of the team's play (as `event`)
 *   drill_play     the drill's trial played by the team (seq 0) and by each
 *                  strategy: one column per metric of the catalogue, as the
 *                  trial table (NULL: absent — never recovered, data lost)
 *   drill_rank     where the team's result falls in each strategy's
 *                  distribution of a metric: n, the shares better / same /
 *                  worse, the strategy's p50 and p95 (NULL: infinite)
 *   drill_verdict  the scenario's expectations judged on the team's result
 *
 * A drill is written once and never changed; every row of it is in one
 * transaction, so a failed write leaves nothing behind.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports/store/storeInt.h"
#include "sim/core/mem.h"

/* ---- writing -------------------------------------------------------------------- */

static void bind_real(sqlite3_stmt *s, int i, double v)
{
    if (isfinite(v))
        sqlite3_bind_double(s, i, v);
    else
        sqlite3_bind_null(s, i);
}

static err_code prepare_all(store *st, sqlite3_stmt **s, const char *const *sql, size_t n,
                            err_msg *e)
{
    for (size_t i = 0; i < n; i++) {
        err_code rc = store_prepare(st, sql[i], &s[i], e);
        if (rc != ERR_OK)
            return rc;
    }
    return ERR_OK;
}

static err_code run_stmt(store *st, sqlite3_stmt *s, const char *what, err_msg *e)
{
    err_code rc = store_step_done(st, s, what, e);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return rc;
}

static err_code write_rows(store *st, sqlite3_stmt **s, const store_drill *d, int64_t id,
                           err_msg *e)
{
    err_code rc = ERR_OK;
    for (size_t i = 0; rc == ERR_OK && i < d->nactions; i++) {
        const store_drill_action *a = &d->actions[i];
        sqlite3_bind_int64(s[1], 1, id);
        sqlite3_bind_int64(s[1], 2, (int64_t)i);
        sqlite3_bind_double(s[1], 3, a->at);
        if (a->wall > 0)
            sqlite3_bind_double(s[1], 4, a->wall);
        store_bind_text(s[1], 5, a->text ? a->text : "");
        store_bind_text(s[1], 6, a->answer ? a->answer : "");
        sqlite3_bind_int(s[1], 7, a->refused);
        rc = run_stmt(st, s[1], "cannot store a drill's action", e);
    }
    for (size_t i = 0; rc == ERR_OK && i < d->nevents; i++) {
        const oc_event *ev = &d->events[i];
        sqlite3_bind_int64(s[2], 1, id);
        sqlite3_bind_int64(s[2], 2, (int64_t)i);
        sqlite3_bind_int64(s[2], 3, ev->t);
        store_bind_text(s[2], 4, oc_event_kinds[ev->kind].name);
        store_bind_text(s[2], 5, ev->subject);
        store_bind_text(s[2], 6, ev->detail);
        rc = run_stmt(st, s[2], "cannot store a drill's event", e);
    }
    for (size_t i = 0; rc == ERR_OK && i < d->nplays; i++) {
        const store_drill_play *p = &d->plays[i];
        sqlite3_bind_int64(s[3], 1, id);
        sqlite3_bind_int64(s[3], 2, (int64_t)i);
        store_bind_text(s[3], 3, p->who);
        sqlite3_bind_int(s[3], 4, p->team);
        for (int m = 0; m < OC_NMETRICS; m++)
            if (p->outcome.present[m])
                bind_real(s[3], 5 + m, p->outcome.value[m]);
        if (p->outcome.consistency)
            store_bind_text(s[3], 5 + OC_NMETRICS, p->outcome.consistency);
        rc = run_stmt(st, s[3], "cannot store a drill's play", e);
    }
    for (size_t i = 0; rc == ERR_OK && i < d->nranks; i++) {
        const store_drill_rank *r = &d->ranks[i];
        sqlite3_bind_int64(s[4], 1, id);
        sqlite3_bind_int64(s[4], 2, (int64_t)i);
        store_bind_text(s[4], 3, r->strategy);
        store_bind_text(s[4], 4, oc_metrics[r->metric].name);
        sqlite3_bind_int64(s[4], 5, (int64_t)r->n);
        sqlite3_bind_double(s[4], 6, r->better);
        sqlite3_bind_double(s[4], 7, r->same);
        sqlite3_bind_double(s[4], 8, r->worse);
        bind_real(s[4], 9, r->p50);
        bind_real(s[4], 10, r->p95);
        rc = run_stmt(st, s[4], "cannot store a drill's rank", e);
    }
    for (size_t i = 0; rc == ERR_OK && i < d->nverdicts; i++) {
        const store_drill_verdict *v = &d->verdicts[i];
        sqlite3_bind_int64(s[5], 1, id);
        sqlite3_bind_int64(s[5], 2, (int64_t)i);
        store_bind_text(s[5], 3, v->rule);
        store_bind_text(s[5], 4, v->metric);
        bind_real(s[5], 5, v->observed);
        sqlite3_bind_int(s[5], 6, v->pass);
        rc = run_stmt(st, s[5], "cannot store a drill's verdict", e);
    }
    return rc;
}

err_code store_drill_write(store *st, const store_drill *d, int64_t *id, err_msg *e)
{
    char play[4096];
    size_t len = (size_t)snprintf(play, sizeof play,
                                  "INSERT INTO drill_play(drill_id, seq, who, team");
    for (int m = 0; m < OC_NMETRICS && len < sizeof play; m++)
        len += (size_t)snprintf(play + len, sizeof play - len, ", %s", oc_metrics[m].column);
    if (len < sizeof play)
        len += (size_t)snprintf(play + len, sizeof play - len, ", consistency) VALUES (?, ?, ?, ?");
    for (int m = 0; m <= OC_NMETRICS && len < sizeof play; m++)
        len += (size_t)snprintf(play + len, sizeof play - len, ", ?");
    if (len < sizeof play)
        len += (size_t)snprintf(play + len, sizeof play - len, ")");
    if (len >= sizeof play)
        return store_error(st, e, ERR_INTERNAL, "drill statement too long");
    const char *const sql[] = {
        "INSERT INTO drill(scenario, path, sha256, version, created, finished, mode, ended, seed,"
        " trial, t_alert_s, t_end_s, horizon_s) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        "INSERT INTO drill_action(drill_id, seq, at_s, wall, text, answer, refused)"
        " VALUES (?,?,?,?,?,?,?)",
        "INSERT INTO drill_event(drill_id, seq, t_us, kind, subject, detail) VALUES (?,?,?,?,?,?)",
        play,
        "INSERT INTO drill_rank(drill_id, seq, strategy, metric, n, better, same, worse, p50,"
        " p95) VALUES (?,?,?,?,?,?,?,?,?,?)",
        "INSERT INTO drill_verdict(drill_id, seq, rule, metric, observed, pass)"
        " VALUES (?,?,?,?,?,?)",
    };
    enum { NSTMT = sizeof sql / sizeof sql[0] };
    sqlite3_stmt *s[NSTMT] = {NULL};
    err_code rc = store_exec(st, "BEGIN IMMEDIATE;", e);
    if (rc != ERR_OK)
        return rc;
    rc = prepare_all(st, s, sql, NSTMT, e);
    if (rc == ERR_OK) {
        store_bind_text(s[0], 1, d->scenario ? d->scenario : "");
        store_bind_text(s[0], 2, d->path ? d->path : "");
        store_bind_text(s[0], 3, d->sha256 ? d->sha256 : "");
        store_bind_text(s[0], 4, d->version ? d->version : "");
        sqlite3_bind_double(s[0], 5, d->created);
        sqlite3_bind_double(s[0], 6, d->finished);
        store_bind_text(s[0], 7, d->mode && strcmp(d->mode, "script") == 0 ? "script" : "terminal");
        store_bind_text(s[0], 8, d->ended ? d->ended : "end");
        sqlite3_bind_int64(s[0], 9, (int64_t)d->seed);
        sqlite3_bind_int64(s[0], 10, (int64_t)d->trial);
        sqlite3_bind_double(s[0], 11, d->t_alert);
        sqlite3_bind_double(s[0], 12, d->t_end);
        sqlite3_bind_double(s[0], 13, d->horizon);
        rc = store_step_done(st, s[0], "cannot store the drill", e);
    }
    int64_t rowid = sqlite3_last_insert_rowid(st->db);
    if (rc == ERR_OK)
        rc = write_rows(st, s, d, rowid, e);
    for (size_t i = 0; i < NSTMT; i++)
        sqlite3_finalize(s[i]);
    if (rc == ERR_OK)
        rc = store_exec(st, "COMMIT;", e);
    if (rc != ERR_OK) {
        sqlite3_exec(st->db, "ROLLBACK;", NULL, NULL, NULL);
        return rc;
    }
    *id = rowid;
    return ERR_OK;
}

/* ---- reading -------------------------------------------------------------------- */

/* What store_drill_read hands out: the record and everything it points to,
 * freed together. */
typedef struct drill_block {
    store_drill d;
    store_drill_action *actions;
    oc_event *events;
    store_drill_play *plays;
    store_drill_rank *ranks;
    store_drill_verdict *verdicts;
    char **strings;
    size_t nstrings, capstrings;
} drill_block;

static const char *keep(drill_block *b, sqlite3_stmt *s, int col, bool *oom)
{
    char *t = NULL;
    if (store_column_dup_nn(s, col, &t) != 0) {
        *oom = true;
        return "";
    }
    if (b->nstrings == b->capstrings) {
        size_t cap = b->capstrings ? 2 * b->capstrings : 32;
        char **v = mem_realloc(b->strings, cap * sizeof *v);
        if (v == NULL) {
            mem_free(t);
            *oom = true;
            return "";
        }
        b->strings = v;
        b->capstrings = cap;
    }
    b->strings[b->nstrings++] = t;
    return t;
}

static double real_or(sqlite3_stmt *s, int col, double none)
{
    return sqlite3_column_type(s, col) == SQLITE_NULL ? none : sqlite3_column_double(s, col);
}

/* Counts the rows of `table` for drill id. */
static err_code count_rows(store *st, const char *table, int64_t id, size_t *n, err_msg *e)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE drill_id = ?", table);
    sqlite3_stmt *s = NULL;
    err_code rc = store_prepare(st, sql, &s, e);
    if (rc != ERR_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        *n = (size_t)sqlite3_column_int64(s, 0);
    else
        rc = store_sql_error(st, e, r, "cannot read a drill");
    sqlite3_finalize(s);
    return rc;
}

static err_code read_rows(store *st, drill_block *b, int64_t id, err_msg *e)
{
    static const char *const tables[] = {"drill_action", "drill_event", "drill_play",
                                         "drill_rank", "drill_verdict"};
    size_t n[5] = {0};
    for (size_t i = 0; i < 5; i++) {
        err_code rc = count_rows(st, tables[i], id, &n[i], e);
        if (rc != ERR_OK)
            return rc;
    }
    b->actions = mem_calloc(n[0] + 1, sizeof *b->actions);
    b->events = mem_calloc(n[1] + 1, sizeof *b->events);
    b->plays = mem_calloc(n[2] + 1, sizeof *b->plays);
    b->ranks = mem_calloc(n[3] + 1, sizeof *b->ranks);
    b->verdicts = mem_calloc(n[4] + 1, sizeof *b->verdicts);
    if (!b->actions || !b->events || !b->plays || !b->ranks || !b->verdicts)
        return store_error(st, e, ERR_NOMEM, "out of memory reading a drill");
    char play[4096];
    size_t len = (size_t)snprintf(play, sizeof play, "SELECT who, team");
    for (int m = 0; m < OC_NMETRICS && len < sizeof play; m++)
        len += (size_t)snprintf(play + len, sizeof play - len, ", %s", oc_metrics[m].column);
    if (len < sizeof play)
        snprintf(play + len, sizeof play - len,
                 ", consistency FROM drill_play WHERE drill_id = ? ORDER BY seq");
    const char *const sql[] = {
        "SELECT at_s, wall, text, answer, refused FROM drill_action WHERE drill_id = ? ORDER BY seq",
        "SELECT t_us, kind, subject, detail FROM drill_event WHERE drill_id = ? ORDER BY seq",
        play,
        "SELECT strategy, metric, n, better, same, worse, p50, p95 FROM drill_rank"
        " WHERE drill_id = ? ORDER BY seq",
        "SELECT rule, metric, observed, pass FROM drill_verdict WHERE drill_id = ? ORDER BY seq",
    };
    bool oom = false;
    err_code rc = ERR_OK;
    for (size_t t = 0; rc == ERR_OK && t < 5; t++) {
        sqlite3_stmt *s = NULL;
        if ((rc = store_prepare(st, sql[t], &s, e)) != ERR_OK)
            break;
        sqlite3_bind_int64(s, 1, id);
        size_t k = 0;
        int r;
        while ((r = sqlite3_step(s)) == SQLITE_ROW && k < n[t]) {
            switch (t) {
            case 0:
                b->actions[k] = (store_drill_action){sqlite3_column_double(s, 0),
                                                     real_or(s, 1, 0), keep(b, s, 2, &oom),
                                                     keep(b, s, 3, &oom),
                                                     sqlite3_column_int(s, 4) != 0};
                break;
            case 1: {
                oc_event *ev = &b->events[k];
                ev->t = sqlite3_column_int64(s, 0);
                const char *kind = (const char *)sqlite3_column_text(s, 1);
                ev->kind = oc_event_kind_find(kind ? kind : "");
                snprintf(ev->subject, sizeof ev->subject, "%s",
                         (const char *)sqlite3_column_text(s, 2) ?: "");
                snprintf(ev->detail, sizeof ev->detail, "%s",
                         (const char *)sqlite3_column_text(s, 3) ?: "");
                break;
            }
            case 2: {
                store_drill_play *p = &b->plays[k];
                p->who = keep(b, s, 0, &oom);
                p->team = sqlite3_column_int(s, 1) != 0;
                oc_trial_init(&p->outcome, 0);
                for (int m = 0; m < OC_NMETRICS; m++)
                    if (sqlite3_column_type(s, 2 + m) != SQLITE_NULL)
                        oc_set(&p->outcome, (oc_metric)m, sqlite3_column_double(s, 2 + m));
                if (sqlite3_column_type(s, 2 + OC_NMETRICS) != SQLITE_NULL)
                    p->outcome.consistency = keep(b, s, 2 + OC_NMETRICS, &oom);
                break;
            }
            case 3: {
                const oc_metric_info *m = oc_metric_find((const char *)sqlite3_column_text(s, 1) ?: "");
                b->ranks[k] = (store_drill_rank){keep(b, s, 0, &oom), m ? m->id : OC_RTO,
                                                 (uint64_t)sqlite3_column_int64(s, 2),
                                                 sqlite3_column_double(s, 3),
                                                 sqlite3_column_double(s, 4),
                                                 sqlite3_column_double(s, 5),
                                                 real_or(s, 6, INFINITY), real_or(s, 7, INFINITY)};
                break;
            }
            default:
                b->verdicts[k] = (store_drill_verdict){keep(b, s, 0, &oom), keep(b, s, 1, &oom),
                                                       real_or(s, 2, NAN),
                                                       sqlite3_column_int(s, 3) != 0};
                break;
            }
            k++;
        }
        if (r != SQLITE_ROW && r != SQLITE_DONE)
            rc = store_sql_error(st, e, r, "cannot read a drill");
        sqlite3_finalize(s);
        n[t] = k;
    }
    if (rc == ERR_OK && oom)
        rc = store_error(st, e, ERR_NOMEM, "out of memory reading a drill");
    b->d.actions = b->actions;
    b->d.nactions = n[0];
    b->d.events = b->events;
    b->d.nevents = n[1];
    b->d.plays = b->plays;
    b->d.nplays = n[2];
    b->d.ranks = b->ranks;
    b->d.nranks = n[3];
    b->d.verdicts = b->verdicts;
    b->d.nverdicts = n[4];
    return rc;
}

void store_drill_free(store_drill *d)
{
    if (d == NULL)
        return;
    drill_block *b = (drill_block *)(void *)d; /* d is the block's first member */
    for (size_t i = 0; i < b->nstrings; i++)
        mem_free(b->strings[i]);
    mem_free(b->strings);
    mem_free(b->actions);
    mem_free(b->events);
    mem_free(b->plays);
    mem_free(b->ranks);
    mem_free(b->verdicts);
    mem_free(b);
}

err_code store_drill_read(store *st, int64_t id, store_drill **out, err_msg *e)
{
    *out = NULL;
    drill_block *b = mem_calloc(1, sizeof *b);
    if (b == NULL)
        return store_error(st, e, ERR_NOMEM, "out of memory reading a drill");
    sqlite3_stmt *s = NULL;
    err_code rc = store_prepare(st,
                                "SELECT scenario, path, sha256, version, created, finished, mode,"
                                " ended, seed, trial, t_alert_s, t_end_s, horizon_s FROM drill"
                                " WHERE id = ?",
                                &s, e);
    bool oom = false;
    if (rc == ERR_OK) {
        sqlite3_bind_int64(s, 1, id);
        int r = sqlite3_step(s);
        if (r == SQLITE_ROW) {
            store_drill *d = &b->d;
            d->id = id;
            d->scenario = keep(b, s, 0, &oom);
            d->path = keep(b, s, 1, &oom);
            d->sha256 = keep(b, s, 2, &oom);
            d->version = keep(b, s, 3, &oom);
            d->created = sqlite3_column_double(s, 4);
            d->finished = sqlite3_column_double(s, 5);
            d->mode = keep(b, s, 6, &oom);
            d->ended = keep(b, s, 7, &oom);
            d->seed = (uint64_t)sqlite3_column_int64(s, 8);
            d->trial = (uint64_t)sqlite3_column_int64(s, 9);
            d->t_alert = sqlite3_column_double(s, 10);
            d->t_end = sqlite3_column_double(s, 11);
            d->horizon = sqlite3_column_double(s, 12);
        } else if (r == SQLITE_DONE) {
            rc = err_set(e, ERR_INPUT, "no drill %lld in %s (drsim runs lists the drills)",
                         (long long)id, store_path(st));
        } else {
            rc = store_sql_error(st, e, r, "cannot read a drill");
        }
        sqlite3_finalize(s);
    }
    if (rc == ERR_OK && oom)
        rc = store_error(st, e, ERR_NOMEM, "out of memory reading a drill");
    if (rc == ERR_OK)
        rc = read_rows(st, b, id, e);
    if (rc != ERR_OK) {
        store_drill_free(&b->d);
        return rc;
    }
    *out = &b->d;
    return ERR_OK;
}

err_code store_drills_list(store *st, store_drill_summary **out, size_t *n, err_msg *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    err_code rc = store_prepare(st,
                                "SELECT d.id, d.scenario, d.trial, d.created, d.ended, p.rto_s,"
                                " p.rpo_s FROM drill d LEFT JOIN drill_play p"
                                " ON p.drill_id = d.id AND p.seq = 0 ORDER BY d.id",
                                &s, e);
    if (rc != ERR_OK)
        return rc;
    size_t cap = 0;
    store_drill_summary *v = NULL;
    int r;
    bool oom = false;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            size_t c = cap ? 2 * cap : 8;
            store_drill_summary *x = mem_realloc(v, c * sizeof *x);
            if (x == NULL) {
                oom = true;
                break;
            }
            v = x;
            cap = c;
        }
        store_drill_summary *d = &v[*n];
        char *name = NULL, *ended = NULL;
        oom |= store_column_dup_nn(s, 1, &name) != 0;
        oom |= store_column_dup_nn(s, 4, &ended) != 0;
        *d = (store_drill_summary){sqlite3_column_int64(s, 0), name,
                                   (uint64_t)sqlite3_column_int64(s, 2),
                                   sqlite3_column_double(s, 3), ended, real_or(s, 5, NAN),
                                   real_or(s, 6, NAN)};
        (*n)++;
        if (oom)
            break;
    }
    if (!oom && r != SQLITE_DONE)
        rc = store_sql_error(st, e, r, "cannot list the drills");
    sqlite3_finalize(s);
    *out = v;
    if (oom)
        rc = store_error(st, e, ERR_NOMEM, "out of memory listing the drills");
    if (rc != ERR_OK) {
        store_drills_free(v, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

void store_drills_free(store_drill_summary *d, size_t n)
{
    for (size_t i = 0; d != NULL && i < n; i++) {
        mem_free((char *)(uintptr_t)d[i].scenario);
        mem_free((char *)(uintptr_t)d[i].ended);
    }
    mem_free(d);
}
