/*
 * storage_faults.c — the results database on a bad day. Each fault is
 * injected and must give a clear message naming the file, exit status 3, and
 * leave what the database held before exactly as it was (the earlier run's
 * rows read back identically, integrity_check ok):
 *   - full: the database at its page limit (PRAGMA max_page_count), and the
 *     process's file size limit (RLIMIT_FSIZE: writes fail as on a full
 *     disk);
 *   - read-only: the file's mode, and a directory where SQLite cannot create
 *     its -wal and -shm files (reading such a database still works);
 *   - locked past the busy timeout by another process, before a run and
 *     while it publishes ($DRSIM_BUSY_TIMEOUT_MS keeps the test quick);
 *   - corrupt: bytes overwritten in every page of a valid database in turn;
 *   - not a database: a text file, an SQLite file of someone else's, a
 *     device, a FIFO — none of them changed;
 *   - hostile: a database carrying its own trigger, which drsim never runs,
 *     and connections with SQLite's defensive settings on.
 * Permission tests run drsim as nobody when the suite runs as root (root
 * ignores file modes).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "reports/store/store.h"
#include "reports/store/storeInt.h"
#include "tests/support/helpers.h"
#include "tests/support/store_fixture.h"

static void init(void)
{
    store_global_init();
}

TestSuite(storage_faults, .init = init);

/* The error names the file: "drsim: PATH: ...". */
static void expect_names(const th_result *r, const char *path)
{
    char prefix[700];
    snprintf(prefix, sizeof prefix, "drsim: %s: ", path);
    cr_assert(strstr(r->err, prefix) != NULL, "no line starting '%s' in:\n%s", prefix, r->err);
}

/* A database holding one finished run of the small scenario (6 variants x 10
 * trials, 2 traced); returns the scenario's path. */
static const char *make_db(const char *dir, const char *db)
{
    const char *scn = th_scenario(dir, "s.yaml", "faults", 10, NULL);
    th_result r = th_drsim_run("run", scn, "--db", db, "--trace", "2", "--quiet", NULL);
    th_expect(&r, 0);
    th_result_free(&r);
    return scn;
}

/* Run 1 is as it was (its rows as text) and the database is intact; no run
 * other than the done ones has results. */
static void expect_unharmed(const char *db, const char *rows_before)
{
    cr_assert(sf_intact(db), "integrity_check fails on %s", db);
    char *rows = sf_dump_rows(db, 1);
    cr_assert_str_eq(rows, rows_before, "run 1 changed");
    free(rows);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM run WHERE status = 'done'"), 1);
    cr_assert_eq(sf_count(db, "SELECT (SELECT count(*) FROM trial WHERE run_id <> 1) + "
                              "(SELECT count(*) FROM variant WHERE run_id <> 1) + "
                              "(SELECT count(*) FROM event WHERE run_id <> 1) + "
                              "(SELECT count(*) FROM expectation WHERE run_id <> 1)"),
                 0, "a run that did not finish has results");
}

/* Removes PATH-wal and PATH-shm. */
static void remove_sidecars(const char *path)
{
    char side[700];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

static void copy_file(const char *from, const char *to)
{
    size_t len;
    char *bytes = th_read_file(from, &len);
    cr_assert_not_null(bytes);
    FILE *f = fopen(to, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(bytes, 1, len, f), len);
    cr_assert_eq(fclose(f), 0);
    free(bytes);
}

/* ---- Full ------------------------------------------------------------------------ */

Test(storage_faults, a_database_at_its_page_limit_fails_the_new_run_and_keeps_the_old)
{
    const char *dir = th_tmpdir();
    char db[600];
    snprintf(db, sizeof db, "%s/full.db", dir);
    sf_run first = {.trials = 50, .trace = 3};
    cr_assert_eq(sf_write_run(db, &first), 1);
    char *before = sf_dump_rows(db, 1);

    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(db, STORE_WRITE, &st, &e), ERR_OK, "%s", e.text);
    /* Not one page more than the file has now (the limit is the
     * connection's, as a full disk would be the process's). */
    cr_assert_eq(sqlite3_exec(st->db, "PRAGMA max_page_count = 1", NULL, NULL, NULL), SQLITE_OK);
    store_new_run nr = {.scenario_name = "second", .sha256 = "second", .source = "second",
                        .source_len = 6, .trials = 400, .trial_end = 400};
    int64_t id = 0;
    err_code rc = store_run_begin(st, &nr, &id, &e);
    for (uint32_t v = 0; rc == ERR_OK && v < 2; v++)
        rc = store_run_variant(st, v, v ? "asr" : "wait", "s", "{}", &e);
    for (uint64_t k = 0; rc == ERR_OK && k < 400; k++) {
        oc_trial t;
        sf_trial(1, k, &t);
        rc = store_run_trial(st, k % 2 ? 1 : 0, &t, &e);
    }
    if (rc == ERR_OK)
        rc = store_run_publish(st, &e);
    if (rc == ERR_OK)
        rc = store_run_finish(st, &e);
    cr_assert_eq(rc, ERR_STORE, "the run was written into a full database: %s", e.text);
    cr_assert_eq(err_exit_status(rc), 3);
    char prefix[700];
    snprintf(prefix, sizeof prefix, "%s: ", db);
    cr_assert(strncmp(e.text, prefix, strlen(prefix)) == 0, "%s", e.text);
    cr_assert(strstr(e.text, "database or disk is full") != NULL, "%s", e.text);
    store_run_fail(st, e.text, NULL);
    store_close(st);
    expect_unharmed(db, before);
    free(before);
}

Test(storage_faults, a_full_disk_fails_the_run_with_exit_3_and_keeps_the_old)
{
    const char *dir = th_tmpdir();
    char db[600], work[600];
    snprintf(db, sizeof db, "%s/r.db", dir);
    snprintf(work, sizeof work, "%s/w.db", dir);
    const char *scn = make_db(dir, db);
    char *before = sf_dump_rows(db, 1);
    struct stat sb;
    cr_assert_eq(stat(db, &sb), 0);
    /* The process may not write past `limit` bytes into any file: the -shm
     * file (32 KiB) and the WAL run into it one after the other. */
    int failed = 0, marked = 0;
    for (long limit = 8192; limit <= 2 * (long)sb.st_size; limit += 8192) {
        copy_file(db, work);
        const char *argv[] = {th_drsim(), "run", scn, "--db", work, "--trials", "200",
                        "--trace", "5", "--quiet", NULL};
        th_child child = {.fsize_limit = limit};
        th_result r = th_run_ex(argv, NULL, &child);
        cr_assert(r.status == 0 || r.status == 3, "limit %ld: exit %d\n%s", limit, r.status,
                  r.err);
        if (r.status == 3) {
            failed++;
            expect_names(&r, work);
        }
        th_result_free(&r);
        char *rows = sf_dump_rows(work, 1);
        cr_assert_str_eq(rows, before, "limit %ld: run 1 changed", limit);
        free(rows);
        cr_assert(sf_intact(work), "limit %ld", limit);
        cr_assert_eq(sf_count(work, "SELECT count(*) FROM trial t JOIN run r ON r.id = t.run_id "
                                    "WHERE r.status <> 'done'"),
                     0);
        /* A run that began is marked failed, never left "running". */
        cr_assert_eq(sf_count(work, "SELECT count(*) FROM run WHERE status = 'running'"), 0,
                     "limit %ld: a run is left running", limit);
        marked += sf_count(work, "SELECT count(*) FROM run WHERE status = 'failed'") > 0;
        remove_sidecars(work);
    }
    cr_assert_gt(failed, 0, "no limit made the run fail: the test proves nothing");
    cr_assert_gt(marked, 0, "no failed run was ever marked: the check above proves nothing");
    free(before);
}

/* ---- Read-only ---------------------------------------------------------------------- */

Test(storage_faults, a_read_only_file_or_directory_refuses_runs_and_still_reads)
{
    const char *dir = th_tmpdir();
    char db[600];
    snprintf(db, sizeof db, "%s/r.db", dir);
    const char *scn = make_db(dir, db);
    char *before = sf_dump_rows(db, 1);
    char *show_before = NULL;
    {
        th_result r = th_drsim_run("show", "1", "--db", db, NULL);
        th_expect(&r, 0);
        show_before = r.out;
        r.out = NULL;
        th_result_free(&r);
    }
    /* nobody may read the files and go through the directory. */
    const th_child nobody = {.unprivileged = 1};
    cr_assert_eq(chmod(scn, 0644), 0);
    cr_assert_eq(chmod(dir, 0755), 0);

    cr_assert_eq(chmod(db, 0444), 0);
    const char *run[] = {"run", scn, "--db", db, "--quiet", NULL};
    th_result r = th_drsim_argv(run, &nobody);
    th_expect(&r, 3);
    expect_names(&r, db);
    cr_assert(strstr(r.err, "cannot write runs into the results database") != NULL &&
                  strstr(r.err, "read-only") != NULL,
              "%s", r.err);
    th_result_free(&r);
    /* Reading needs no write access, not even to the directory (the -shm). */
    const char *show[] = {"show", "1", "--db", db, NULL};
    r = th_drsim_argv(show, &nobody);
    th_expect(&r, 0);
    cr_assert_str_eq(r.out, show_before);
    th_result_free(&r);

    cr_assert_eq(chmod(db, 0666), 0);
    cr_assert_eq(chmod(dir, 0555), 0);
    r = th_drsim_argv(run, &nobody);
    th_expect(&r, 3);
    expect_names(&r, db);
    cr_assert(strstr(r.err, "is not writable") != NULL && strstr(r.err, "-wal") != NULL, "%s",
              r.err);
    th_result_free(&r);
    r = th_drsim_argv(show, &nobody);
    th_expect(&r, 0);
    cr_assert_str_eq(r.out, show_before);
    th_result_free(&r);
    const char *runs[] = {"runs", "--db", db, NULL};
    r = th_drsim_argv(runs, &nobody);
    th_expect(&r, 0);
    th_result_free(&r);

    cr_assert_eq(chmod(dir, 0755), 0);
    expect_unharmed(db, before);
    free(before);
    free(show_before);
}

/* ---- Locked ----------------------------------------------------------------------------- */

/* A child process that takes the database's write lock (once a run of it is
 * 'running' when wait_running), says so on *ready, and holds it until
 * *release is closed. */
static pid_t locker(const char *db, bool wait_running, int *ready, int *release)
{
    int fds[2], rel[2];
    cr_assert_eq(pipe(fds), 0);
    cr_assert_eq(pipe(rel), 0);
    fflush(NULL);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid > 0) {
        close(fds[1]);
        close(rel[0]);
        *ready = fds[0];
        *release = rel[1];
        return pid;
    }
    close(fds[0]);
    close(rel[1]);
    sqlite3 *h = NULL;
    if (sqlite3_open(db, &h) != SQLITE_OK)
        _exit(10);
    sqlite3_busy_timeout(h, 10000);
    for (int i = 0; wait_running && i < 5000; i++) {
        sqlite3_stmt *s = NULL;
        int n = 0;
        if (sqlite3_prepare_v2(h, "SELECT count(*) FROM run WHERE status = 'running'", -1, &s,
                               NULL) == SQLITE_OK &&
            sqlite3_step(s) == SQLITE_ROW)
            n = sqlite3_column_int(s, 0);
        sqlite3_finalize(s);
        if (n > 0)
            break;
        struct timespec ts = {0, 2 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    if (sqlite3_exec(h, "BEGIN EXCLUSIVE", NULL, NULL, NULL) != SQLITE_OK)
        _exit(11);
    if (write(fds[1], "L", 1) != 1)
        _exit(12);
    char c;
    while (read(rel[0], &c, 1) > 0) {
    }
    sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(h);
    _exit(0);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void wait_child(pid_t pid)
{
    int status = 0;
    waitpid(pid, &status, 0);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "locker: status %d", status);
}

Test(storage_faults, a_database_locked_past_the_busy_timeout_fails_the_run)
{
    const char *dir = th_tmpdir();
    char db[600];
    snprintf(db, sizeof db, "%s/r.db", dir);
    const char *scn = make_db(dir, db);
    char *before = sf_dump_rows(db, 1);
    const char *env[] = {"DRSIM_BUSY_TIMEOUT_MS=200", NULL};

    /* Locked before the run begins: nothing is written. */
    int ready, release;
    pid_t pid = locker(db, false, &ready, &release);
    char c;
    cr_assert_eq(read(ready, &c, 1), 1, "the locker did not lock");
    close(ready);
    const char *argv[] = {th_drsim(), "run", scn, "--db", db, "--quiet", NULL};
    double t0 = now_s();
    th_result r = th_run(argv, env);
    double took = now_s() - t0;
    th_expect(&r, 3);
    expect_names(&r, db);
    cr_assert(strstr(r.err, "database is locked (another process held it for more than 200 ms") !=
                  NULL,
              "%s", r.err);
    cr_assert_lt(took, 3.5, "the busy timeout was not 200 ms: %.1f s", took);
    th_result_free(&r);
    close(release);
    wait_child(pid);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM run"), 1, "a run row was written");
    expect_unharmed(db, before);

    /* Locked while the run's trials are under way: its results cannot be
     * published, it fails with exit 3 and leaves no results; its row, which
     * could not be marked failed either, is abandoned once drsim is gone. */
    pid = locker(db, true, &ready, &release);
    const char *big[] = {th_drsim(), "run", scn, "--db", db, "--trials", "20000",
                   "--quiet", NULL};
    r = th_run(big, env);
    cr_assert_eq(read(ready, &c, 1), 1, "the locker did not lock");
    close(ready);
    th_expect(&r, 3);
    expect_names(&r, db);
    cr_assert(strstr(r.err, "database is locked") != NULL, "%s", r.err);
    th_result_free(&r);
    close(release);
    wait_child(pid);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM run WHERE id = 2 AND status <> 'done'"), 1);
    expect_unharmed(db, before);
    r = th_drsim_run("runs", "--db", db, NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "abandoned") != NULL || strstr(r.out, "failed") != NULL, "%s",
              r.out);
    th_result_free(&r);
    free(before);
}

/* ---- Corrupt ------------------------------------------------------------------------------ */

Test(storage_faults, corrupt_pages_give_exit_3_naming_the_file_never_a_crash)
{
    const char *dir = th_tmpdir();
    char db[600], work[600];
    snprintf(db, sizeof db, "%s/r.db", dir);
    snprintf(work, sizeof work, "%s/corrupt.db", dir);
    const char *scn = make_db(dir, db);
    size_t len;
    char *pristine = th_read_file(db, &len);
    int page = sf_count(db, "PRAGMA page_size");
    cr_assert_gt(page, 0);
    size_t pages = len / (size_t)page;
    cr_assert_gt(pages, 8, "too small a database to corrupt page by page");
    int refused_read = 0, refused_run = 0;
    for (size_t p = 1; p < pages; p++) { /* page 1 holds the header: not a database */
        char *bytes = malloc(len);
        memcpy(bytes, pristine, len);
        /* 64 bytes of garbage in the middle of the page. */
        for (size_t i = 0; i < 64; i++)
            bytes[p * (size_t)page + (size_t)page / 2 + i] = (char)(0xA5 ^ (i * 37));
        FILE *f = fopen(work, "wb");
        cr_assert_not_null(f);
        cr_assert_eq(fwrite(bytes, 1, len, f), len);
        fclose(f);
        free(bytes);
        const char *const reads[][8] = {
            {"show", "1", "--db", work, NULL},
            {"timeline", "1", "--db", work, NULL},
            {"compare", "1", "--db", work, "--json", NULL},
            {"runs", "--db", work, NULL},
        };
        for (size_t k = 0; k < sizeof reads / sizeof reads[0]; k++) {
            const char *argv[10];
            int n = 0;
            argv[n++] = th_drsim();
            for (const char *const *a = reads[k]; *a; a++)
                argv[n++] = *a;
            argv[n] = NULL;
            th_result r = th_run(argv, NULL);
            cr_assert(r.status == 0 || r.status == 2 || r.status == 3,
                      "page %zu, %s: exit %d\n%s", p, reads[k][0], r.status, r.err);
            if (r.status == 3) {
                refused_read++;
                expect_names(&r, work);
            }
            th_result_free(&r);
        }
        th_result r = th_drsim_run("run", scn, "--db", work, "--trials", "3", "--quiet", NULL);
        cr_assert(r.status == 0 || r.status == 3, "page %zu, run: exit %d\n%s", p, r.status,
                  r.err);
        if (r.status == 3) {
            refused_run++;
            expect_names(&r, work);
        }
        th_result_free(&r);
        remove_sidecars(work);
    }
    cr_assert_gt(refused_read, 0, "no corruption was noticed by a reader");
    cr_assert_gt(refused_run, 0, "no corruption was noticed by a run");
    free(pristine);
}

/* ---- Not a database --------------------------------------------------------------------- */

Test(storage_faults, what_is_not_a_results_database_is_refused_and_left_alone)
{
    const char *dir = th_tmpdir();
    const char *scn = th_scenario(dir, "s.yaml", "notadb", 3, NULL);
    char txt[600], other[600], fifo[600];
    snprintf(txt, sizeof txt, "%s/notes.txt", dir);
    snprintf(other, sizeof other, "%s/other.db", dir);
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    th_write_file(txt, "these are not the tables you are looking for\n"
                       "0123456789012345678901234567890123456789012345678901234567890123\n");
    sqlite3 *h = NULL;
    cr_assert_eq(sqlite3_open(other, &h), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(h, "CREATE TABLE t(x); INSERT INTO t VALUES (42);", NULL, NULL,
                              NULL),
                 SQLITE_OK);
    sqlite3_close(h);
    cr_assert_eq(mkfifo(fifo, 0644), 0);
    const char *files[] = {txt, other, fifo, "/dev/zero", "/dev/full"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        size_t len0 = 0, len1 = 0;
        char *bytes0 = i < 2 ? th_read_file(files[i], &len0) : NULL;
        th_result r = th_drsim_run("run", scn, "--db", files[i], "--quiet", NULL);
        th_expect(&r, 3);
        expect_names(&r, files[i]);
        th_result_free(&r);
        r = th_drsim_run("show", "1", "--db", files[i], NULL);
        th_expect(&r, 3);
        expect_names(&r, files[i]);
        th_result_free(&r);
        if (bytes0 != NULL) {
            char *bytes1 = th_read_file(files[i], &len1);
            cr_assert(len0 == len1 && memcmp(bytes0, bytes1, len0) == 0, "%s changed",
                      files[i]);
            free(bytes1);
        }
        free(bytes0);
    }
    cr_assert_eq(sf_count(other, "SELECT x FROM t"), 42);
}

/* ---- Hostile ---------------------------------------------------------------------------- */

Test(storage_faults, a_databases_own_trigger_never_runs_and_defences_are_on)
{
    const char *dir = th_tmpdir();
    char db[600];
    snprintf(db, sizeof db, "%s/r.db", dir);
    const char *scn = make_db(dir, db);
    char *before = sf_dump_rows(db, 1);
    sqlite3 *h = NULL;
    cr_assert_eq(sqlite3_open(db, &h), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(h,
                              "CREATE TRIGGER wipe AFTER INSERT ON run BEGIN "
                              "  DELETE FROM trial; UPDATE run SET status = 'failed'; END;",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    sqlite3_close(h);
    th_result r = th_drsim_run("run", scn, "--db", db, "--quiet", NULL);
    th_expect(&r, 0);
    th_result_free(&r);
    char *rows = sf_dump_rows(db, 1);
    cr_assert_str_eq(rows, before, "the database's trigger ran");
    free(rows);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM run WHERE status = 'done'"), 2);
    free(before);

    store *st = NULL;
    err_msg e;
    for (int mode = 0; mode < 2; mode++) {
        cr_assert_eq(store_open(db, mode ? STORE_WRITE : STORE_READ, &st, &e), ERR_OK, "%s",
                     e.text);
        static const int on[] = {SQLITE_DBCONFIG_DEFENSIVE};
        static const int off[] = {SQLITE_DBCONFIG_TRUSTED_SCHEMA, SQLITE_DBCONFIG_ENABLE_TRIGGER,
                                  SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION,
                                  SQLITE_DBCONFIG_DQS_DDL, SQLITE_DBCONFIG_DQS_DML};
        int v = -1;
        for (size_t i = 0; i < sizeof on / sizeof on[0]; i++) {
            sqlite3_db_config(st->db, on[i], -1, &v);
            cr_assert_eq(v, 1, "setting %d is off", on[i]);
        }
        for (size_t i = 0; i < sizeof off / sizeof off[0]; i++) {
            sqlite3_db_config(st->db, off[i], -1, &v);
            cr_assert_eq(v, 0, "setting %d is on", off[i]);
        }
        /* The schema cannot be written through SQL. */
        cr_assert_neq(sqlite3_exec(st->db, "PRAGMA writable_schema = ON; "
                                           "UPDATE sqlite_schema SET sql = 'x'",
                                   NULL, NULL, NULL),
                      SQLITE_OK);
        store_close(st);
    }
}
