/*
 * aliases.c — no output of drsim lands on a results database, one of its
 * companion files (-wal, -shm, -journal) or an input, through any alias: an
 * SQLite URI, a symlink, a hard link, another spelling; results are never
 * "stored" where they vanish (an empty name, :memory:, a memory URI); and
 * another program's SQLite file is refused before anything in it changes.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/store/store.h"
#include "tests/support/helpers.h"
#include "tests/support/store_fixture.h"

static char *at(const char *dir, const char *name)
{
    static char buf[32][1024]; /* enough for every path one test holds */
    static int k;
    char *b = buf[k++ % 32];
    snprintf(b, sizeof buf[0], "%s/%s", dir, name);
    return b;
}

/* A database with one run of a small scenario; returns its runs count. */
static void one_run(const char *scn, const char *db)
{
    th_result r = th_drsim_run("run", scn, "--db", db, "--quiet", NULL);
    th_expect(&r, 0);
    th_result_free(&r);
}

/* A file's bytes and their count (an SQLite file holds NULs: compare with
 * memcmp over len, never as a string). */
static char *file_bytes(const char *path, size_t *len)
{
    char *b = th_read_file(path, len);
    cr_assert_not_null(b, "cannot read %s", path);
    return b;
}

Test(aliases, a_uri_for_the_database_is_refused_and_destroys_nothing)
{
    const char *d = th_tmpdir();
    const char *scn = th_scenario(d, "s.yaml", "aliases", 20, NULL);
    one_run(scn, at(d, "c.db"));
    char uri[1100];
    snprintf(uri, sizeof uri, "file:%s", at(d, "c.db"));
    th_result r = th_drsim_run("run", scn, "--db", uri, "--junit", at(d, "c.db"), NULL);
    th_expect_err(&r, "the results database is a path, not an SQLite URI");
    cr_assert_eq(r.status, 2);
    th_result_free(&r);
    cr_assert_eq(sf_count(at(d, "c.db"), "SELECT count(*) FROM run"), 1, "the run is kept");
}

Test(aliases, junit_onto_the_database_through_any_alias_is_refused)
{
    const char *d = th_tmpdir();
    const char *scn = th_scenario(d, "s.yaml", "aliases", 20, NULL);
    const char *db = at(d, "c.db");
    one_run(scn, db);
    cr_assert_eq(symlink("c.db", at(d, "sym.xml")), 0);
    cr_assert_eq(link(db, at(d, "hard.xml")), 0);
    cr_assert_eq(symlink("c.db-wal", at(d, "dangling.xml")), 0);
    const char *outputs[] = {at(d, "sym.xml"), at(d, "hard.xml"), at(d, "dangling.xml"),
                             at(d, "c.db-wal"), at(d, "c.db-shm"), at(d, "c.db-journal"),
                             at(d, "./c.db")};
    for (size_t i = 0; i < sizeof outputs / sizeof outputs[0]; i++) {
        th_result r = th_drsim_run("run", scn, "--db", db, "--junit", outputs[i], "--quiet",
                                   NULL);
        th_expect_err(&r, "is the results database");
        cr_assert_eq(r.status, 2, "--junit %s", outputs[i]);
        th_result_free(&r);
    }
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM run"), 1);
    cr_assert(sf_intact(db));
}

Test(aliases, junit_onto_the_baseline_through_any_alias_is_refused)
{
    const char *d = th_tmpdir();
    const char *scn = th_scenario(d, "s.yaml", "aliases", 20, NULL);
    const char *baseline = at(d, "bl.db");
    one_run(scn, baseline);
    cr_assert_eq(symlink("bl.db", at(d, "sym.xml")), 0);
    const char *outputs[] = {baseline, at(d, "sym.xml"), at(d, "bl.db-wal")};
    for (size_t i = 0; i < sizeof outputs / sizeof outputs[0]; i++) {
        th_result r = th_drsim_run("check", scn, "--db", at(d, "cur.db"), "--baseline",
                                   baseline, "--junit", outputs[i], NULL);
        th_expect_err(&r, "is the baseline database");
        cr_assert_eq(r.status, 2, "--junit %s", outputs[i]);
        th_result_free(&r);
    }
    cr_assert_eq(sf_count(baseline, "SELECT count(*) FROM run"), 1);
    cr_assert(sf_intact(baseline));
}

Test(aliases, merge_and_report_outputs_may_not_name_a_database_or_its_files)
{
    const char *d = th_tmpdir();
    const char *scn = th_scenario(d, "s.yaml", "aliases", 20, NULL);
    one_run(scn, at(d, "s1.db"));
    one_run(scn, at(d, "s2.db"));
    th_result r = th_drsim_run("merge", at(d, "s1.db"), at(d, "s2.db"), "-o",
                               at(d, "s1.db-wal"), NULL);
    th_expect_err(&r, "is also an input");
    cr_assert_eq(r.status, 2);
    th_result_free(&r);
    char uri[1100];
    snprintf(uri, sizeof uri, "file:%s", at(d, "s2.db"));
    r = th_drsim_run("merge", at(d, "s1.db"), "-o", uri, NULL);
    th_expect_err(&r, "not an SQLite URI");
    cr_assert_eq(r.status, 2);
    th_result_free(&r);
    cr_assert_eq(sf_count(at(d, "s2.db"), "SELECT count(*) FROM run"), 1);
    cr_assert_eq(symlink("s1.db", at(d, "out.html")), 0);
    const char *outs[] = {at(d, "s1.db-wal"), at(d, "out.html"), at(d, "s1.db-journal")};
    for (size_t i = 0; i < 3; i++) {
        r = th_drsim_run("report", "1", "--db", at(d, "s1.db"), "-o", outs[i], NULL);
        th_expect_err(&r, "names a results database read");
        cr_assert_eq(r.status, 2, "-o %s", outs[i]);
        th_result_free(&r);
    }
    cr_assert(sf_intact(at(d, "s1.db")));
}

Test(aliases, results_are_never_stored_where_they_vanish)
{
    const char *d = th_tmpdir();
    const char *scn = th_scenario(d, "s.yaml", "aliases", 20, NULL);
    char mem_uri[1100];
    snprintf(mem_uri, sizeof mem_uri, "file:%s?mode=memory", at(d, "u.db"));
    const char *dbs[] = {"", ":memory:", mem_uri};
    const char *why[] = {"empty name", "in-memory", "not an SQLite URI"};
    for (size_t i = 0; i < 3; i++) {
        th_result r = th_drsim_run("run", scn, "--db", dbs[i], "--quiet", NULL);
        th_expect_err(&r, why[i]);
        cr_assert_eq(r.status, 2, "--db '%s'", dbs[i]);
        th_result_free(&r);
    }
    cr_assert(access(at(d, "u.db"), F_OK) != 0);
}

/* The refusal of a URI names the file it means; an empty --junit and a URI
 * for --baseline are refused as usage before anything runs. */
Test(aliases, refusals_name_what_was_meant_before_anything_runs)
{
    const char *d = th_tmpdir();
    const char *scn = th_scenario(d, "s.yaml", "aliases", 20, NULL);
    const char *uris[][2] = {
        {"file:/abs/c.db", "such as /abs/c.db)"},
        {"file:///abs/c.db?mode=rwc", "such as /abs/c.db)"},
        {"file://localhost/abs/c.db", "such as /abs/c.db)"},
        {"file:u.db?mode=rwc#x", "such as ./u.db)"},
    };
    for (size_t i = 0; i < sizeof uris / sizeof uris[0]; i++) {
        th_result r = th_drsim_run("run", scn, "--db", uris[i][0], "--quiet", NULL);
        th_expect_err(&r, uris[i][1]);
        cr_assert_eq(r.status, 2, "--db %s", uris[i][0]);
        th_result_free(&r);
    }
    const char *db = at(d, "c.db");
    th_result r = th_drsim_run("run", scn, "--db", db, "--junit", "", "--quiet", NULL);
    th_expect_err(&r, "--junit needs a file name");
    cr_assert_eq(r.status, 2);
    th_result_free(&r);
    cr_assert(access(db, F_OK) != 0, "nothing was run");
    char uri[1100];
    snprintf(uri, sizeof uri, "file:%s", at(d, "bl.db"));
    r = th_drsim_run("check", scn, "--db", db, "--baseline", uri, NULL);
    th_expect_err(&r, "not an SQLite URI");
    cr_assert_eq(r.status, 2);
    th_result_free(&r);
    cr_assert(access(db, F_OK) != 0, "nothing was run");
    one_run(scn, db);
    r = th_drsim_run("merge", db, "-o", "", NULL);
    th_expect_err(&r, "empty name (give a file's path)");
    cr_assert_eq(r.status, 2);
    th_result_free(&r);
}

/* A file another program owns: SQLite, user_version 1 or 2, its own tables. */
static void foreign(const char *path, int user_version, int app_id)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "sqlite3 '%s' 'CREATE TABLE notes(x); INSERT INTO notes VALUES (1); "
             "PRAGMA user_version = %d; PRAGMA application_id = %d;'",
             path, user_version, app_id);
    cr_assert_eq(system(cmd), 0);
}

Test(aliases, another_programs_database_is_refused_before_anything_changes)
{
    const char *d = th_tmpdir();
    const char *scn = th_scenario(d, "s.yaml", "aliases", 20, NULL);
    const char *shard = at(d, "shard.db");
    one_run(scn, shard);
    struct {
        int version, app;
        const char *why;
    } cases[] = {
        {1, 0, "not drsim's tables"},
        {2, 0, "not drsim's tables"},
        {2, 0x12345678, "belongs to another application"},
        {0, 0x12345678, "belongs to another application"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "app%zu.db", i);
        const char *app = at(d, name);
        foreign(app, cases[i].version, cases[i].app);
        size_t nbefore, nafter;
        char *before = file_bytes(app, &nbefore);
        th_result r = th_drsim_run("run", scn, "--db", app, "--quiet", NULL);
        th_expect_err(&r, cases[i].why);
        cr_assert_eq(r.status, 3, "case %zu", i);
        th_result_free(&r);
        /* A real shard, so that the merge reaches its output. */
        r = th_drsim_run("merge", shard, "-o", app, NULL);
        th_expect_err(&r, cases[i].why);
        cr_assert_eq(r.status, 3, "case %zu: merge", i);
        th_result_free(&r);
        r = th_drsim_run("runs", "--db", app, NULL);
        th_expect_err(&r, cases[i].why);
        th_result_free(&r);
        char *after = file_bytes(app, &nafter);
        cr_assert(nbefore == nafter && memcmp(before, after, nbefore) == 0,
                  "case %zu: the file changed", i);
        char wal[64];
        snprintf(wal, sizeof wal, "app%zu.db-wal", i);
        cr_assert(access(at(d, wal), F_OK) != 0, "case %zu: switched to WAL", i);
        free(before);
        free(after);
    }
}

Test(aliases, drsim_marks_its_databases_and_an_older_one_when_it_writes)
{
    const char *d = th_tmpdir();
    const char *scn = th_scenario(d, "s.yaml", "aliases", 20, NULL);
    one_run(scn, at(d, "new.db"));
    char want[32];
    snprintf(want, sizeof want, "%d", STORE_APPLICATION_ID);
    char *id = sf_query(at(d, "new.db"), "PRAGMA application_id");
    cr_assert_str_eq(id, want);
    free(id);
    /* A version-2 database of an older drsim: no mark, drsim's tables. */
    one_run(scn, at(d, "old.db"));
    cr_assert_eq(system("true"), 0);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'PRAGMA application_id = 0'", at(d, "old.db"));
    cr_assert_eq(system(cmd), 0);
    th_result r = th_drsim_run("runs", "--db", at(d, "old.db"), NULL);
    th_expect(&r, 0);
    th_result_free(&r);
    id = sf_query(at(d, "old.db"), "PRAGMA application_id");
    cr_assert_str_eq(id, "0", "reading changes nothing");
    free(id);
    one_run(scn, at(d, "old.db"));
    id = sf_query(at(d, "old.db"), "PRAGMA application_id");
    cr_assert_str_eq(id, want, "the first write marks it");
    free(id);
    cr_assert_eq(sf_count(at(d, "old.db"), "SELECT count(*) FROM run"), 2);
}
