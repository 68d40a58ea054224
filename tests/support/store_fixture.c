/*
 * store_fixture.c — synthetic runs and row dumps (see store_fixture.h).
 */
#include "tests/support/store_fixture.h"

#include <criterion/criterion.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/store/store.h"

void sf_trial(uint32_t vidx, uint64_t k, oc_trial *t)
{
    oc_trial_init(t, k);
    double kk = (double)k;
    if (vidx == 0) {
        if (k % 7 != 6)
            oc_set(t, OC_RPO, k % 3 ? 0.0 : 60.0 * kk);
        if (k % 11 != 10)
            oc_set(t, OC_RTO, 3600.0 + 10.0 * kk);
        oc_set(t, OC_DATA_LOSS_WRITES, (double)(k % 5));
        oc_set(t, OC_DATA_LOSS_BYTES, 16384.5 * (double)(k % 5));
        oc_set(t, OC_DATA_LOST_ALL, k % 7 == 6);
        oc_set(t, OC_FAILED_OVER, 0);
        t->consistency = NULL;
    } else {
        oc_set(t, OC_RPO, 30.0 + kk / 4.0);
        oc_set(t, OC_RTO, 1800.0 + 5.0 * kk);
        oc_set(t, OC_CLIENT_DOWNTIME, 1830.0 + 5.0 * kk);
        oc_set(t, OC_DATA_LOSS_WRITES, 2.0 * kk);
        oc_set(t, OC_DATA_LOSS_BYTES, 4096.0 * kk);
        oc_set(t, OC_DATA_LOST_ALL, 0);
        oc_set(t, OC_FAILED_OVER, 1);
        oc_set(t, OC_CONSISTENT, (double)(k % 2));
        t->consistency = k % 2 ? "crash" : "none";
    }
    oc_set(t, OC_DISRUPTED, 1);
}

int64_t sf_write_run(const char *path, const sf_run *r)
{
    err_msg e;
    store *st = NULL;
    cr_assert_eq(store_open(path, STORE_WRITE, &st, &e), ERR_OK, "%s", e.text);
    const char *name = r->scenario ? r->scenario : "synthetic";
    char source[512];
    snprintf(source, sizeof source, "drsim: 1\nname: %s\n", name);
    const char *src = r->source ? r->source : source;
    char sha[65];
    /* Not a real SHA-256: a stand-in derived from the bytes, unique enough. */
    unsigned long h = 5381;
    for (const char *p = src; *p; p++)
        h = h * 33 + (unsigned char)*p;
    snprintf(sha, sizeof sha, "%064lx", h);
    store_new_run nr = {
        .scenario_name = name,
        .description = "a synthetic scenario",
        .sha256 = sha,
        .source = src,
        .source_len = strlen(src),
        .seed = r->seed ? r->seed : 42,
        .trials = r->trials,
        .trial_first = r->first,
        .trial_end = r->end ? r->end : r->trials,
        .shard_index = r->shard_count ? r->shard_index : 1,
        .shard_count = r->shard_count ? r->shard_count : 1,
        .trace = r->trace,
        .argv = "[\"drsim\",\"run\",\"synthetic.yaml\"]",
    };
    int64_t id = 0;
    cr_assert_eq(store_run_begin(st, &nr, &id, &e), ERR_OK, "%s", e.text);
    /* The variants: names, strategies (the name up to '['), which results. */
    char names[8][64], strategies[8][64], params[8][96];
    uint32_t kind[8], nvar = 0;
    const char *list = r->variants ? r->variants : "wait,asr";
    for (const char *p = list; *p && nvar < 8; nvar++) {
        size_t len = strcspn(p, ",");
        cr_assert_lt(len, sizeof names[nvar]);
        snprintf(names[nvar], sizeof names[nvar], "%.*s", (int)len, p);
        snprintf(strategies[nvar], sizeof strategies[nvar], "%.*s", (int)strcspn(names[nvar], "["),
                 names[nvar]);
        snprintf(params[nvar], sizeof params[nvar], "{\"strategy\":\"%s\"}", strategies[nvar]);
        kind[nvar] = strncmp(names[nvar], "wait", 4) == 0 ? 0 : 1;
        p += len + (p[len] == ',');
        cr_assert(nvar < 7 || *p == '\0', "at most 8 variants");
    }
    for (uint32_t v = 0; v < nvar; v++)
        cr_assert_eq(store_run_variant(st, v, names[v], strategies[v], params[v], &e), ERR_OK,
                     "%s", e.text);
    for (uint32_t v = 0; v < nvar; v++) {
        for (uint64_t k = nr.trial_first; k < nr.trial_end; k++) {
            oc_trial t;
            sf_trial(kind[v], k, &t);
            if (r->scale != 0 && t.present[OC_RTO])
                t.value[OC_RTO] *= r->scale;
            cr_assert_eq(store_run_trial(st, v, &t, &e), ERR_OK, "%s", e.text);
            if (k < r->trace) {
                char detail[64];
                snprintf(detail, sizeof detail, "trial %llu", (unsigned long long)k);
                cr_assert_eq(store_run_event(st, v, k, 0, 0, "outage_start", "westeurope",
                                             "region", &e), ERR_OK);
                cr_assert_eq(store_run_event(st, v, k, 1, 300 * 1000000LL, "detected", "monitor",
                                             detail, &e), ERR_OK);
                cr_assert_eq(store_run_event(st, v, k, 2, (int64_t)(3600 + 10 * k) * 1000000LL,
                                             "recovered", names[v], "", &e), ERR_OK);
            }
        }
    }
    if (r->fail) {
        cr_assert_eq(store_run_fail(st, "synthetic failure", &e), ERR_OK, "%s", e.text);
    } else {
        cr_assert_eq(store_run_publish(st, &e), ERR_OK, "%s", e.text);
        if (r->expect) {
            store_variant *vs = NULL;
            size_t nv = 0;
            cr_assert_eq(store_variants(st, id, &vs, &nv, &e), ERR_OK, "%s", e.text);
            store_expectation x = {.variant_id = vs[1].id, .metric = "rpo", .stat = "p99",
                                   .op = "<=", .threshold = 60, .observed = 54.75,
                                   .pass = true, .target = "asr", .text = "<= 1m",
                                   .missed_share = 0.0, .line = 12};
            cr_assert_eq(store_run_expectation(st, &x, &e), ERR_OK, "%s", e.text);
            x = (store_expectation){.variant_id = vs[0].id, .metric = "rto", .stat = "p95",
                                    .op = "<=", .threshold = 7200, .observed = INFINITY,
                                    .pass = false, .target = "wait", .text = "<= 2h",
                                    .missed_share = 0.1, .line = 13};
            cr_assert_eq(store_run_expectation(st, &x, &e), ERR_OK, "%s", e.text);
            store_variants_free(vs, nv);
        }
        cr_assert_eq(store_run_finish(st, &e), ERR_OK, "%s", e.text);
    }
    store_close(st);
    return id;
}

/* Appends to a malloc'd string. */
static void append(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s);
    if (*len + n + 1 > *cap) {
        while (*len + n + 1 > *cap)
            *cap = *cap ? *cap * 2 : 4096;
        *buf = realloc(*buf, *cap);
    }
    memcpy(*buf + *len, s, n + 1);
    *len += n;
}

static void dump_query(sqlite3 *db, const char *sql, int64_t run_id, char **buf, size_t *len,
                       size_t *cap)
{
    sqlite3_stmt *s = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
    sqlite3_bind_int64(s, 1, run_id);
    while (sqlite3_step(s) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(s); i++) {
            const char *v = (const char *)sqlite3_column_text(s, i);
            append(buf, len, cap, i ? "|" : "");
            append(buf, len, cap, v ? v : "NULL");
        }
        append(buf, len, cap, "\n");
    }
    sqlite3_finalize(s);
}

char *sf_dump_rows(const char *path, int64_t run_id)
{
    store_global_init(); /* before any other SQLite call in the process */
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_busy_timeout(db, 10000); /* another process may be writing */
    char cols[2048] = "";
    size_t n = 0;
    for (int m = 0; m < OC_NMETRICS; m++)
        n += (size_t)snprintf(cols + n, sizeof cols - n, ", quote(t.%s)", oc_metrics[m].column);
    char sql[4096];
    snprintf(sql, sizeof sql,
             "SELECT 'trial', v.idx, v.name, v.params, t.trial%s, quote(t.consistency),\n"
             "  quote(t.stratum)\n"
             "FROM trial t JOIN variant v ON v.id = t.variant_id WHERE t.run_id = ?1\n"
             "ORDER BY v.idx, t.trial",
             cols);
    char *buf = NULL;
    size_t len = 0, cap = 0;
    append(&buf, &len, &cap, "");
    dump_query(db, sql, run_id, &buf, &len, &cap);
    dump_query(db,
               "SELECT 'stratum', s.idx, quote(s.probability), quote(s.share), s.label\n"
               "FROM stratum s WHERE s.run_id = ?1 ORDER BY s.idx",
               run_id, &buf, &len, &cap);
    dump_query(db,
               "SELECT 'event', v.name, e.trial, e.seq, quote(e.t_s), e.t_us, e.kind, e.subject,\n"
               "  e.detail FROM event e JOIN variant v ON v.id = e.variant_id\n"
               "WHERE e.run_id = ?1 ORDER BY v.idx, e.trial, e.seq",
               run_id, &buf, &len, &cap);
    dump_query(db,
               "SELECT 'expectation', v.name, x.metric, x.stat, x.op, quote(x.threshold),\n"
               "  quote(x.observed), x.pass, quote(x.missed_share), x.target, x.text\n"
               "FROM expectation x JOIN variant v ON v.id = x.variant_id\n"
               "WHERE x.run_id = ?1 ORDER BY x.id",
               run_id, &buf, &len, &cap);
    sqlite3_close(db);
    return buf;
}

char *sf_query(const char *path, const char *sql)
{
    store_global_init(); /* before any other SQLite call in the process */
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_busy_timeout(db, 10000); /* another process may be writing */
    sqlite3_stmt *s = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK, "%s: %s", sql,
                 sqlite3_errmsg(db));
    char *out = NULL;
    if (sqlite3_step(s) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(s, 0);
        out = strdup(v ? v : "NULL");
    } else {
        out = strdup("(no row)");
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

int sf_count(const char *path, const char *sql)
{
    char *v = sf_query(path, sql);
    int n = atoi(v);
    free(v);
    return n;
}

int sf_intact(const char *path)
{
    return sf_count(path, "SELECT count(*) FROM pragma_integrity_check "
                          "WHERE integrity_check <> 'ok'") == 0;
}
