/*
 * cmd_store.c — the commands that read the store (runs, show, compare,
 * timeline) and merge, run as a user runs them, on databases written with
 * synthetic results: output, exit statuses, errors naming the file.
 */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/store/store.h"
#include "tests/support/helpers.h"
#include "tests/support/store_fixture.h"

static void init(void)
{
    store_global_init();
}

TestSuite(cmd_store, .init = init);

static char dbpath[512];

/* A database with two runs: 1 (traced, with expectations) and 2. */
static const char *two_runs(void)
{
    snprintf(dbpath, sizeof dbpath, "%s/results.db", th_tmpdir());
    sf_run a = {.trials = 50, .trace = 3, .expect = 1};
    sf_write_run(dbpath, &a);
    sf_run b = {.trials = 20, .seed = 7};
    sf_write_run(dbpath, &b);
    return dbpath;
}

static int lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

Test(cmd_store, runs_lists_every_run)
{
    const char *db = two_runs();
    th_result r = th_drsim_run("runs", "--db", db, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "run  status") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "synthetic") != NULL);
    cr_assert_eq(lines(r.out), 4, "%s", r.out); /* header, rule, two runs */
    cr_assert(strchr(r.out, '\033') == NULL, "colour on a pipe");
    th_result_free(&r);

    r = th_drsim_run("runs", "--db", db, "--json", NULL);
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.out, "\"status\": \"done\"") != NULL, "%s", r.out);
    th_result_free(&r);
}

/* For scripts and shell completion: bare ids and variant names, one a line,
 * nothing else; a variant name's control characters escaped. */
Test(cmd_store, runs_prints_ids_and_a_runs_variants_one_a_line)
{
    const char *db = two_runs();
    sf_run c = {.trials = 5, .variants = "wait,asr[x=1],asr\033[31m"};
    sf_write_run(db, &c);
    th_result r = th_drsim_run("runs", "--db", db, "--ids", NULL);
    th_expect(&r, 0);
    cr_assert_str_eq(r.out, "1\n2\n3\n");
    th_result_free(&r);

    r = th_drsim_run("runs", "--db", db, "--variants", "1", NULL);
    th_expect(&r, 0);
    cr_assert_str_eq(r.out, "wait\nasr\n");
    th_result_free(&r);

    r = th_drsim_run("runs", "--db", db, "--variants", "latest", NULL);
    th_expect(&r, 0);
    cr_assert_str_eq(r.out, "wait\nasr[x=1]\nasr\\e[31m\n");
    th_result_free(&r);

    r = th_drsim_run("runs", "--db", db, "--variants", "9", NULL);
    cr_assert_eq(r.status, 2, "%s", r.err);
    cr_assert_str_empty(r.out);
    cr_assert(strstr(r.err, "no run 9") != NULL, "%s", r.err);
    th_result_free(&r);

    r = th_drsim_run("runs", "--db", db, "--ids", "--variants", "1", NULL);
    th_expect_err(&r, "exclude one another");
    cr_assert_eq(r.status, 2);
    th_result_free(&r);
}

Test(cmd_store, the_database_comes_from_DRSIM_DB)
{
    const char *db = two_runs();
    char env[600];
    snprintf(env, sizeof env, "DRSIM_DB=%s", db);
    const char *argv[] = {th_drsim(), "runs", NULL};
    const char *envv[] = {env, NULL};
    th_result r = th_run(argv, envv);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "synthetic") != NULL);
    th_result_free(&r);
}

/* Naming a database that is not there is bad input, as a missing scenario
 * file or a missing --baseline is: exit 2. */
Test(cmd_store, a_missing_database_is_exit_2_naming_it)
{
    char path[600];
    snprintf(path, sizeof path, "%s/none.db", th_tmpdir());
    th_result r = th_drsim_run("runs", "--db", path, NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, path) != NULL, "%s", r.err);
    cr_assert_eq(lines(r.err), 1, "%s", r.err);
    th_result_free(&r);
}

Test(cmd_store, show_prints_variants_percentiles_and_expectations)
{
    const char *db = two_runs();
    th_result r = th_drsim_run("show", "1", "--db", db, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "variant wait") && strstr(r.out, "variant asr"), "%s", r.out);
    cr_assert(strstr(r.out, "p95") && strstr(r.out, "±95%"), "%s", r.out);
    cr_assert(strstr(r.out, "expectations: 1 passed, 1 failed"), "%s", r.out);
    cr_assert(strstr(r.out, "FAIL  wait  rto.p95 <= 2h") != NULL, "%s", r.out);
    /* RTO of asr: 1800 + 5k, k < 50: p50 = 1800 + 5 * 24.5 = 32m 2.5s -> "32m 3s". */
    cr_assert(strstr(r.out, "32m 3s") != NULL, "%s", r.out);
    th_result_free(&r);

    r = th_drsim_run("show", "latest", "--db", db, "--json", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "\"id\": 2") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "\"p99\"") != NULL);
    th_result_free(&r);

    r = th_drsim_run("show", "1", "--db", db, "--json", NULL);
    cr_assert(strstr(r.out, "\"observed\": \"inf\"") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "\"passed\": false") != NULL);
    th_result_free(&r);
}

Test(cmd_store, show_of_an_unknown_run_is_exit_2)
{
    const char *db = two_runs();
    th_result r = th_drsim_run("show", "99", "--db", db, NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "no run 99 in this database") && strstr(r.err, db), "%s", r.err);
    th_result_free(&r);
}

Test(cmd_store, compare_shows_differences_and_the_better_variant)
{
    const char *db = two_runs();
    th_result r = th_drsim_run("compare", "1", "--db", db, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "1:wait") && strstr(r.out, "1:asr - 1:wait"), "%s", r.out);
    cr_assert(strstr(r.out, "better") != NULL);
    th_result_free(&r);

    r = th_drsim_run("compare", "1:asr", "2:asr", "1:wait", "--db", db, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "2:asr") != NULL);
    th_result_free(&r);

    r = th_drsim_run("compare", "1:nope", "2", "--db", db, NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "no variant 'nope'") != NULL, "%s", r.err);
    th_result_free(&r);

    r = th_drsim_run("compare", "1:asr", "--db", db, NULL);
    cr_assert_eq(r.status, 2);
    th_result_free(&r);
}

/* A database of `n` runs of the synthetic scenario, run k with RTO scaled by
 * scale[k] (NULL: all alike, so every run's asr ties with the others). */
static const char *alike_runs(size_t n, const double *scale)
{
    snprintf(dbpath, sizeof dbpath, "%s/results.db", th_tmpdir());
    for (size_t k = 0; k < n; k++) {
        sf_run r = {.trials = 30, .seed = 1 + k, .scale = scale ? scale[k] : 0};
        sf_write_run(dbpath, &r);
    }
    return dbpath;
}

/* The `better` cell (the table's last) of compare's row for metric `label`
 * and statistic `stat`, in a static buffer; "(no row)" when there is none. */
static const char *better_cell(const char *table, const char *label, const char *stat)
{
    static char cell[256];
    snprintf(cell, sizeof cell, "(no row)");
    const char *head = strstr(table, "  stat  ");
    if (head == NULL)
        return cell;
    size_t at = (size_t)(head - table) + 2, llen = strlen(label), slen = strlen(stat);
    bool in_metric = false;
    for (const char *line = table; *line;) {
        size_t len = strcspn(line, "\n");
        if (strncmp(line, label, llen) == 0 && strncmp(line + llen, "  ", 2) == 0)
            in_metric = true;
        else if (line[0] != ' ')
            in_metric = false;
        if (in_metric && len > at + slen && strncmp(line + at, stat, slen) == 0 &&
            line[at + slen] == ' ') {
            const char *start = line;
            for (const char *q = line; q + 1 < line + len; q++)
                if (q[0] == ' ' && q[1] == ' ')
                    start = q + 2;
            while (start < line + len && *start == ' ')
                start++;
            size_t clen = (size_t)(line + len - start);
            while (clen > 0 && start[clen - 1] == ' ')
                clen--;
            snprintf(cell, sizeof cell, "%.*s", (int)clen, start);
            return cell;
        }
        line += len + (line[len] == '\n');
    }
    return cell;
}

/* compare --json's row for (metric, stat), its blanks removed (malloc'd);
 * NULL when there is none. */
static char *json_row(const char *json, const char *metric, const char *stat)
{
    char mkey[64], skey[64];
    snprintf(mkey, sizeof mkey, "\"metric\": \"%s\",", metric);
    snprintf(skey, sizeof skey, "\"stat\": \"%s\",", stat);
    for (const char *p = strstr(json, mkey); p != NULL; p = strstr(p + 1, mkey)) {
        const char *end = strchr(p, '}');
        const char *st = strstr(p, skey);
        if (end == NULL || st == NULL || st > end)
            continue;
        char *row = malloc((size_t)(end - p) + 1);
        cr_assert(row != NULL);
        size_t n = 0;
        for (const char *q = p; q < end; q++)
            if (*q != ' ' && *q != '\n')
                row[n++] = *q;
        row[n] = '\0';
        return row;
    }
    return NULL;
}

/* `compare A B --json` on db: its row for (metric, stat), blanks removed
 * (malloc'd). */
static char *compare_row(const char *db, const char *a, const char *b, const char *metric,
                         const char *stat)
{
    th_result r = th_drsim_run("compare", a, b, "--db", db, "--json", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    char *row = json_row(r.out, metric, stat);
    cr_assert_not_null(row, "%s", r.out);
    th_result_free(&r);
    return row;
}

/* Asserts compare --json's row for (metric, stat) holds `text` (no blanks). */
static void expect_json_row(const char *json, const char *metric, const char *stat,
                            const char *text)
{
    char *row = json_row(json, metric, stat);
    cr_assert(row != NULL, "no row %s %s in\n%s", metric, stat, json);
    cr_assert(strstr(row, text) != NULL, "%s %s: want %s in %s", metric, stat, text, row);
    free(row);
}

Test(cmd_store, compare_names_every_variant_tied_for_the_best)
{
    /* 1:asr and 2:asr have the same results; 1:wait is worse on RTO, better
     * on RPO p50 (0s); failing over and being disrupted are no goal: their
     * better cell is n/a. */
    const char *db = alike_runs(2, NULL);
    th_result r = th_drsim_run("compare", "1:asr", "2:asr", "1:wait", "--db", db, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(better_cell(r.out, "RTO", "p50"), "1:asr, 2:asr", "%s", r.out);
    cr_assert_str_eq(better_cell(r.out, "RTO", "p95"), "1:asr, 2:asr", "%s", r.out);
    cr_assert_str_eq(better_cell(r.out, "failed over", "share"), "n/a", "%s", r.out);
    /* 1:wait's RPO median is 0s, 1:asr's 33.6s; but over 30 trials, 11 of
     * wait's lose data (+inf): a resample's median can lie on either side,
     * and the runner-up's paired interval holds 0. */
    cr_assert(strncmp(better_cell(r.out, "RPO", "p50"), "not distinguishable (~", 22) == 0, "%s",
              r.out);
    cr_assert_str_eq(better_cell(r.out, "disrupted", "share"), "n/a", "%s", r.out);
    th_result_free(&r);

    r = th_drsim_run("compare", "1:asr", "2:asr", "1:wait", "--db", db, "--json", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    expect_json_row(r.out, "rto", "p50", "\"best\":null,\"best_all\":[\"1:asr\",\"2:asr\"]");
    /* Failing over is a cost, not a goal: never "better". */
    expect_json_row(r.out, "failed_over", "share",
                    "\"best\":null,\"best_all\":[],\"directed\":false");
    /* Not distinguishable from the runner-up over 30 trials: no best. */
    expect_json_row(r.out, "rpo", "p50", "\"best\":null,\"best_all\":[]");
    expect_json_row(r.out, "disrupted", "share", "\"best\":null,\"best_all\":[]");
    th_result_free(&r);
}

Test(cmd_store, compare_is_equal_only_when_every_value_is)
{
    const char *db = alike_runs(3, NULL);
    th_result r = th_drsim_run("compare", "1:asr", "2:asr", "3:asr", "--db", db, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(better_cell(r.out, "RTO", "p50"), "=", "%s", r.out);
    /* Every row below the heading and its rule ends in "=", but those of
     * the metrics with no better direction (failed over, disrupted): their
     * better cell is n/a. */
    int rows = 0;
    const char *line = strchr(r.out, '\n');
    line = line ? strchr(line + 1, '\n') : NULL;
    for (; line != NULL && line[1] != '\0'; line = strchr(line + 1, '\n')) {
        const char *eol = strchr(line + 1, '\n');
        cr_assert(eol != NULL);
        if (strncmp(line + 1, "failed over", 11) == 0 || strncmp(line + 1, "disrupted", 9) == 0)
            continue;
        cr_assert(eol - line >= 4 && strncmp(eol - 3, "  =", 3) == 0,
                  "a row not '=':\n%s", r.out);
        rows++;
    }
    cr_assert_gt(rows, 10, "%s", r.out);
    th_result_free(&r);

    r = th_drsim_run("compare", "1:asr", "2:asr", "3:asr", "--db", db, "--json", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    expect_json_row(r.out, "rto", "p50", "\"best\":null,\"best_all\":[]");
    expect_json_row(r.out, "failed_over", "share", "\"best\":null,\"best_all\":[]");
    th_result_free(&r);
}

Test(cmd_store, compare_names_the_one_best_variant)
{
    /* Run 2's RTO is half the others', which are alike. */
    const double scale[] = {2, 1, 2};
    const char *db = alike_runs(3, scale);
    th_result r = th_drsim_run("compare", "1:asr", "2:asr", "3:asr", "--db", db, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(better_cell(r.out, "RTO", "mean"), "2:asr", "%s", r.out);
    cr_assert_str_eq(better_cell(r.out, "RTO", "p50"), "2:asr", "%s", r.out);
    cr_assert_str_eq(better_cell(r.out, "RPO", "p50"), "=", "%s", r.out);
    th_result_free(&r);

    r = th_drsim_run("compare", "1:asr", "2:asr", "3:asr", "--db", db, "--json", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    expect_json_row(r.out, "rto", "p50", "\"best\":\"2:asr\",\"best_all\":[\"2:asr\"]");
    th_result_free(&r);
}

Test(cmd_store, compare_names_a_tied_sweep_as_one_and_counts_long_ties)
{
    /* A sweep whose two variants tie: one name for both. */
    snprintf(dbpath, sizeof dbpath, "%s/sweep.db", th_tmpdir());
    sf_run sw = {.trials = 30, .variants = "wait,asr[x=1],asr[x=2]"};
    sf_write_run(dbpath, &sw);
    th_result r = th_drsim_run("compare", "1", "--db", dbpath, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(better_cell(r.out, "RTO", "p50"), "1:asr (all 2)", "%s", r.out);
    /* As above: 30 trials cannot tell wait's RPO median from asr's. */
    cr_assert(strncmp(better_cell(r.out, "RPO", "p50"), "not distinguishable (~", 22) == 0, "%s",
              r.out);
    th_result_free(&r);

    /* Six names fit in 40 characters; seven do not, and say how many tie. */
    const char *db = alike_runs(7, NULL);
    r = th_drsim_run("compare", "1:asr", "2:asr", "3:asr", "4:asr", "5:asr", "6:asr", "1:wait",
                     "--db", db, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(better_cell(r.out, "RTO", "p50"),
                     "1:asr, 2:asr, 3:asr, 4:asr, 5:asr, 6:asr", "%s", r.out);
    th_result_free(&r);
    r = th_drsim_run("compare", "1:asr", "2:asr", "3:asr", "4:asr", "5:asr", "6:asr", "7:asr",
                     "1:wait", "--db", db, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(better_cell(r.out, "RTO", "p50"), "7 tied", "%s", r.out);
    cr_assert(strncmp(better_cell(r.out, "RPO", "p50"), "not distinguishable (~", 22) == 0, "%s",
              r.out);
    th_result_free(&r);
    r = th_drsim_run("compare", "1:asr", "2:asr", "3:asr", "4:asr", "5:asr", "6:asr", "7:asr",
                     "1:wait", "--db", db, "--json", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    expect_json_row(r.out, "rto", "p50",
                    "\"best\":null,\"best_all\":[\"1:asr\",\"2:asr\",\"3:asr\",\"4:asr\","
                    "\"5:asr\",\"6:asr\",\"7:asr\"]");
    th_result_free(&r);
}

Test(cmd_store, timeline_replays_a_traced_trial)
{
    const char *db = two_runs();
    th_result r = th_drsim_run("timeline", "1", "--variant", "asr", "--trial", "2", "--db", db,
                               NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "trial 2: 3 events") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "+00:05:00") && strstr(r.out, "detected"), "%s", r.out);
    th_result_free(&r);

    r = th_drsim_run("timeline", "1", "--trial", "30", "--db", db, NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "trial 30 was not traced") != NULL, "%s", r.err);
    th_result_free(&r);

    r = th_drsim_run("timeline", "2", "--db", db, NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "--trace") != NULL, "%s", r.err);
    th_result_free(&r);
}

Test(cmd_store, unknown_options_are_one_line_with_a_hint)
{
    static const char *const cmds[] = {"runs", "show", "compare", "timeline", "merge"};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        th_result r = th_drsim_run(cmds[i], "--frobnicate", NULL);
        cr_assert_eq(r.status, 2, "%s", cmds[i]);
        cr_assert_eq(lines(r.err), 1, "%s", r.err);
        char hint[64];
        snprintf(hint, sizeof hint, "(try 'drsim %s --help')", cmds[i]);
        cr_assert(strstr(r.err, hint) != NULL, "%s", r.err);
        th_result_free(&r);
    }
}

Test(cmd_store, merge_joins_shards_into_the_unsharded_run)
{
    const char *dir = th_tmpdir();
    char whole[512], out[512], s1[512], s2[512];
    snprintf(whole, sizeof whole, "%s/whole.db", dir);
    snprintf(out, sizeof out, "%s/out.db", dir);
    snprintf(s1, sizeof s1, "%s/s1.db", dir);
    snprintf(s2, sizeof s2, "%s/s2.db", dir);
    /* A scenario file that loads: merge judges its (here: no) expectations. */
    static const char source[] = "drsim: 1\nname: synthetic\ntrials: 9\nstrategies:\n"
                                 "  - { name: wait, kind: wait }\n"
                                 "  - { name: asr, kind: asr, target: northeurope }\n";
    sf_run w = {.trials = 9, .trace = 6, .source = source};
    int64_t wid = sf_write_run(whole, &w);
    sf_run a = {.trials = 9, .trace = 6, .first = 0, .end = 4, .shard_index = 1,
                .shard_count = 2, .source = source};
    sf_write_run(s1, &a);
    sf_run b = {.trials = 9, .trace = 6, .first = 4, .end = 9, .shard_index = 2,
                .shard_count = 2, .source = source};
    sf_write_run(s2, &b);

    th_result r = th_drsim_run("merge", s2, s1, "-o", out, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, ": run 1") != NULL, "%s", r.out);
    th_result_free(&r);
    char *x = sf_dump_rows(whole, wid), *y = sf_dump_rows(out, 1);
    cr_assert_str_eq(x, y);
    free(x);
    free(y);

    r = th_drsim_run("merge", s1, "-o", s1, NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "is also an input") != NULL, "%s", r.err);
    th_result_free(&r);
    r = th_drsim_run("merge", s1, NULL);
    cr_assert_eq(r.status, 2);
    th_result_free(&r);
    r = th_drsim_run("merge", s1, "-o", whole, NULL);
    cr_assert_eq(r.status, 2, "a lone shard: %s", r.err);
    cr_assert(strstr(r.err, "do not add up") != NULL, "%s", r.err);
    th_result_free(&r);
}

/* A shard whose rows were edited (trials deleted, one moved out of its
 * slice, events of a trial it does not hold) is refused, naming the shard
 * and the first trial at fault; nothing is merged. */
Test(cmd_store, merge_refuses_a_shard_whose_rows_do_not_fill_its_slice)
{
    const char *dir = th_tmpdir();
    static const char source[] = "drsim: 1\nname: synthetic\ntrials: 9\nstrategies:\n"
                                 "  - { name: wait, kind: wait }\n"
                                 "  - { name: asr, kind: asr, target: northeurope }\n";
    static const struct {
        const char *edit, *why;
    } cases[] = {
        {"DELETE FROM trial WHERE trial IN (6, 7)", "lacks trial 6 of variant"},
        {"DELETE FROM trial WHERE trial = 8", "lacks trial 8 of variant"},
        {"UPDATE trial SET trial = 42 WHERE trial = 8", "holds trial 42, outside its slice"},
        {"UPDATE trial SET trial = 2 WHERE trial = 5", "holds trial 2, outside its slice"},
        {"UPDATE event SET trial = 77 WHERE trial = 4", "holds events of trial 77"},
        {"UPDATE trial SET trial = -1 WHERE trial = 8", "holds trial -1, outside its slice"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char s1[512], s2[512], out[512], cmd[1200];
        snprintf(s1, sizeof s1, "%s/a%zu.db", dir, i);
        snprintf(s2, sizeof s2, "%s/b%zu.db", dir, i);
        snprintf(out, sizeof out, "%s/out%zu.db", dir, i);
        sf_run a = {.trials = 9, .trace = 9, .first = 0, .end = 4, .shard_index = 1,
                    .shard_count = 2, .source = source};
        sf_write_run(s1, &a);
        sf_run b = {.trials = 9, .trace = 9, .first = 4, .end = 9, .shard_index = 2,
                    .shard_count = 2, .source = source};
        sf_write_run(s2, &b);
        snprintf(cmd, sizeof cmd, "sqlite3 '%s' '%s'", s2, cases[i].edit);
        cr_assert_eq(system(cmd), 0, "%s", cmd);
        th_result r = th_drsim_run("merge", s1, s2, "-o", out, NULL);
        th_expect(&r, 2);
        th_expect_err(&r, "shard 2/2 of scenario 'synthetic'");
        th_expect_err(&r, cases[i].why);
        th_result_free(&r);
        /* The output did not exist: it is not left behind, empty. */
        cr_assert(access(out, F_OK) != 0, "case %zu: the output was left behind", i);
        cr_assert(access(strcat(out, "-wal"), F_OK) != 0, "case %zu: its WAL too", i);
    }
}

/* Paired differences: two runs of the flagship's Site Recovery with other
 * seeds are the same variant: their RTO's difference is not
 * distinguishable (its interval holds 0), and compare says how many trials
 * would likely separate them instead of naming one better. The same run
 * deciding 10 minutes sooner is distinguishable: better, by about 20
 * minutes, its interval excluding 0. */
Test(cmd_store, compare_marks_better_only_when_the_paired_interval_excludes_zero)
{
    const char *dir = th_tmpdir();
    static char db[600], fast[600];
    snprintf(db, sizeof db, "%s/paired.db", dir);
    snprintf(fast, sizeof fast, "%s/fast.yaml", dir);
    char *yaml = th_read_file("scenarios/flagship.yaml", NULL);
    cr_assert_not_null(yaml);
    char *p = strstr(yaml, "name: flagship\n");
    cr_assert_not_null(p);
    memcpy(p, "name: flagfast", 14); /* same length: "flagship" -> "flagfast" */
    for (char *d = strstr(yaml, "decide: 30m"); d != NULL; d = strstr(d, "decide: 30m"))
        memcpy(d, "decide: 20m", 11);
    cr_assert_eq(th_write_file(fast, yaml), 0);
    free(yaml);
    const char *runs[][8] = {
        {"run", "scenarios/flagship.yaml", "--seed", "1"},
        {"run", "scenarios/flagship.yaml", "--seed", "2"},
        {"run", fast, "--seed", "1"},
    };
    for (size_t i = 0; i < 3; i++) {
        th_result r = th_drsim_run(runs[i][0], runs[i][1], runs[i][2], runs[i][3], "--db", db,
                                   "--trials", "400", "--variant", "asr", "--quiet",
                                   "--inconclusive", "pass", NULL);
        cr_assert_eq(r.status, 0, "%s", r.err);
        th_result_free(&r);
    }
    th_result r = th_drsim_run("compare", "1:asr", "2:asr", "--db", db, "--json", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    char *row = json_row(r.out, "rto", "mean");
    cr_assert_not_null(row, "%s", r.out);
    cr_assert(strstr(row, "\"distinguishable\":false") != NULL, "%s", row);
    cr_assert(strstr(row, "\"best\":null") != NULL, "%s", row);
    /* Each value with its own interval too, [lo, hi] around it. */
    const char *iv = strstr(row, "\"intervals\":[[");
    cr_assert_not_null(iv, "%s", row);
    double v0 = 0, lo0 = 0, hi0 = 0;
    cr_assert_eq(sscanf(strstr(row, "\"values\":[") + 10, "%lf", &v0), 1, "%s", row);
    cr_assert_eq(sscanf(iv + 14, "%lf,%lf", &lo0, &hi0), 2, "%s", row);
    cr_assert(lo0 < v0 && v0 < hi0, "%g outside [%g, %g]: %s", v0, lo0, hi0, row);
    free(row);
    th_result_free(&r);
    r = th_drsim_run("compare", "1:asr", "2:asr", "--db", db, "--intervals", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, " [") != NULL && strstr(r.out, "], ") == NULL, "%s", r.out);
    th_result_free(&r);
    r = th_drsim_run("compare", "1:asr", "2:asr", "--db", db, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strncmp(better_cell(r.out, "RTO", "mean"), "not distinguishable (~", 22) == 0,
              "%s", r.out);
    th_result_free(&r);

    row = compare_row(db, "1:asr", "3:asr", "rto", "mean");
    cr_assert(strstr(row, "\"distinguishable\":true") != NULL, "%s", row);
    cr_assert(strstr(row, "\"best\":\"3:asr\"") != NULL, "%s", row);
    free(row);
    /* Three columns: the best is called better only when it is
     * distinguishable from the runner-up: 3:asr's RTO is; of the RPO, where
     * 1:asr and 3:asr (one seed, the decision changes no recovery point) tie
     * and 2:asr differs by chance, no column is. */
    r = th_drsim_run("compare", "1:asr", "2:asr", "3:asr", "--db", db, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(better_cell(r.out, "RTO", "mean"), "3:asr", "%s", r.out);
    const char *rpo = better_cell(r.out, "RPO", "mean");
    cr_assert(strncmp(rpo, "not distinguishable", 19) == 0 || strcmp(rpo, "1:asr, 3:asr") == 0,
              "%s", r.out);
    th_result_free(&r);
    /* Paired by trial, the 10 minutes are all there is: the interval of the
     * mean difference lies within 10m +/- 1 s. */
    r = th_drsim_run("compare", "1:asr", "3:asr", "--db", db, NULL);
    cr_assert(strstr(r.out, "-10m") != NULL, "%s", r.out);
    th_result_free(&r);
    /* P(RPO > 0), a share derived per trial from the RPO, is compared the
     * same way: two seeds of asr lose its last minutes alike (not
     * distinguishable, no better); wait, losing data only when the region
     * is destroyed, is far lower than asr, and called better. */
    row = compare_row(db, "1:asr", "2:asr", "rpo_positive", "share");
    cr_assert(strstr(row, "\"distinguishable\":false") != NULL, "%s", row);
    cr_assert(strstr(row, "\"best\":null") != NULL, "%s", row);
    free(row);
    r = th_drsim_run("run", "scenarios/flagship.yaml", "--seed", "1", "--db", db, "--trials", "400",
                     "--variant", "wait", "--quiet", "--inconclusive", "pass", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_result_free(&r);
    row = compare_row(db, "1:asr", "4:wait", "rpo_positive", "share");
    cr_assert(strstr(row, "\"distinguishable\":true") != NULL, "%s", row);
    cr_assert(strstr(row, "\"best\":\"4:wait\"") != NULL, "%s", row);
    free(row);
}

/* compare --pareto: each variant's running cost against a figure, the
 * frontier, and the cheapest variant that meets every expectation; a
 * figure without a better direction, or no such figure, is exit 2. */
Test(cmd_store, compare_pareto_prints_the_frontier_and_the_cheapest)
{
    const char *dir = th_tmpdir();
    char db[600];
    snprintf(db, sizeof db, "%s/pareto.db", dir);
    const char *run[] = {"run", "scenarios/cost-of-resilience.yaml", "--trials", "300",
                         "--db", db, "--quiet", NULL};
    th_result r = th_drsim_argv(run, NULL);
    th_expect(&r, 0);
    th_result_free(&r);
    const char *cmp[] = {"compare", "latest", "--pareto", "rto.p95", "--db", db, NULL};
    r = th_drsim_argv(cmp, NULL);
    th_expect(&r, 0);
    /* asr costs more and recovers far sooner: both are on the frontier;
     * wait, cheaper, meets its own expectations. */
    cr_assert(strstr(r.out, "1:wait    247.49") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "1:asr     501.36") != NULL, "%s", r.out);
    cr_assert_null(strstr(r.out, "dominated"), "%s", r.out);
    cr_assert(strstr(r.out, "cheapest that meets every expectation: 1:wait (247.49 USD a month)"),
              "%s", r.out);
    th_result_free(&r);
    const char *json[] = {"compare", "latest", "--pareto", "rto.p95", "--json", "--db", db, NULL};
    r = th_drsim_argv(json, NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "\"cheapest_meeting_expectations\": \"1:wait\"") != NULL, "%s",
              r.out);
    th_result_free(&r);
    const char *undirected[] = {"compare", "latest", "--pareto", "failed_over.mean", "--db", db,
                                NULL};
    r = th_drsim_argv(undirected, NULL);
    th_expect(&r, 2);
    th_expect_err(&r, "--pareto: failed_over has no better direction");
    th_result_free(&r);
    const char *bad[] = {"compare", "latest", "--pareto", "rto", "--db", db, NULL};
    r = th_drsim_argv(bad, NULL);
    th_expect(&r, 2);
    th_expect_err(&r, "--pareto: expected METRIC.STAT, such as rto.p95");
    th_result_free(&r);
}
