/*
 * store_procs.c — the store under other processes: several writers at
 * once, and a writer killed (SIGKILL) at an arbitrary moment. The database
 * must pass integrity_check, hold every finished run whole, and hold no
 * result of any other run.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "reports/store/store.h"
#include "tests/support/helpers.h"
#include "tests/support/store_fixture.h"

static void init(void)
{
    store_global_init();
}

TestSuite(store_procs, .init = init);

/* Writes `runs` runs of `trials` trials (2 variants, 5 traced), in a child. */
static void child_writer(const char *db, int runs, uint64_t trials)
{
    for (int i = 0; i < runs; i++) {
        err_msg e;
        store *st = NULL;
        if (store_open(db, STORE_WRITE, &st, &e) != ERR_OK)
            _exit(10);
        store_new_run nr = {.scenario_name = "procs", .sha256 = "procs", .source = "procs",
                            .source_len = 5, .trials = trials, .trial_end = trials,
                            .trace = 5};
        int64_t id = 0;
        if (store_run_begin(st, &nr, &id, &e) != ERR_OK)
            _exit(11);
        for (uint32_t v = 0; v < 2; v++)
            if (store_run_variant(st, v, v ? "asr" : "wait", "s", "{}", &e) != ERR_OK)
                _exit(12);
        for (uint32_t v = 0; v < 2; v++)
            for (uint64_t k = 0; k < trials; k++) {
                oc_trial t;
                sf_trial(v, k, &t);
                if (store_run_trial(st, v, &t, &e) != ERR_OK)
                    _exit(13);
                if (k < 5 && store_run_event(st, v, k, 0, 1, "kind", "subject", "detail",
                                             &e) != ERR_OK)
                    _exit(14);
            }
        if (store_run_publish(st, &e) != ERR_OK || store_run_finish(st, &e) != ERR_OK) {
            fprintf(stderr, "%s\n", e.text);
            _exit(15);
        }
        store_close(st);
    }
    _exit(0);
}

static void check_whole(const char *db, int trials)
{
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM pragma_integrity_check "
                           "WHERE integrity_check <> 'ok'"), 0);
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM run r WHERE status = 'done' AND "
             "((SELECT count(*) FROM trial t WHERE t.run_id = r.id) <> %d OR "
             " (SELECT count(*) FROM event e WHERE e.run_id = r.id) <> 10 OR "
             " (SELECT count(*) FROM variant v WHERE v.run_id = r.id) <> 2)",
             2 * trials);
    cr_assert_eq(sf_count(db, sql), 0, "a finished run is not whole");
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM run r WHERE status <> 'done' AND "
                           "(EXISTS (SELECT 1 FROM trial t WHERE t.run_id = r.id) OR "
                           " EXISTS (SELECT 1 FROM event e WHERE e.run_id = r.id) OR "
                           " EXISTS (SELECT 1 FROM variant v WHERE v.run_id = r.id))"),
                 0, "an unfinished run has results");
}

Test(store_procs, four_writers_at_once_all_runs_are_there)
{
    char db[512];
    snprintf(db, sizeof db, "%s/shared.db", th_tmpdir());
    /* Create it first so the writers race on runs, not on the schema. */
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(db, STORE_WRITE, &st, &e), ERR_OK);
    store_close(st);
    pid_t pids[4];
    for (int i = 0; i < 4; i++) {
        pids[i] = fork();
        cr_assert_geq(pids[i], 0);
        if (pids[i] == 0)
            child_writer(db, 5, 300);
    }
    for (int i = 0; i < 4; i++) {
        int status = 0;
        waitpid(pids[i], &status, 0);
        cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer %d: status %d", i,
                  status);
    }
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM run WHERE status = 'done'"), 20);
    check_whole(db, 300);
}

Test(store_procs, a_writer_killed_at_any_moment_leaves_no_half_run)
{
    char db[512];
    snprintf(db, sizeof db, "%s/killed.db", th_tmpdir());
    srand((unsigned)time(NULL));
    /* Create it first, so its tables can be counted while a writer runs. */
    store *st0 = NULL;
    err_msg e0;
    cr_assert_eq(store_open(db, STORE_WRITE, &st0, &e0), ERR_OK, "%s", e0.text);
    store_close(st0);
    /* At least six rounds, and as many more (up to 40) as it takes for two
     * kills to land while a run was being written: a kill between two runs
     * (while the store opens or closes) proves less. */
    int cut = 0, round;
    for (round = 0; round < 40 && (round < 6 || cut < 2); round++) {
        int before = sf_count(db, "SELECT count(*) FROM run");
        pid_t pid = fork();
        cr_assert_geq(pid, 0);
        if (pid == 0)
            child_writer(db, 1000, 2000);
        /* Let it write for a while: some runs finish, one is cut short. On a
         * loaded machine the writer may take long to start, or spend the
         * moment between two runs: wait until it has begun one (up to 20 s),
         * let it work, then kill it while a run of its is under way. */
        struct timespec tick = {0, 5000000L};
        for (int waited = 0; waited < 4000 && sf_count(db, "SELECT count(*) FROM run") <= before;
             waited++)
            nanosleep(&tick, NULL);
        struct timespec pause = {0, 150000000L + (long)(rand() % 250) * 1000000L};
        nanosleep(&pause, NULL);
        /* The first writer finishes a run before it is killed (up to 2
         * minutes: under Valgrind a run takes seconds), so the test always
         * has whole runs to check beside the cut ones. */
        for (int waited = 0; round == 0 && waited < 24000 &&
                             sf_count(db, "SELECT count(*) FROM run WHERE status = 'done'") == 0;
             waited++)
            nanosleep(&tick, NULL);
        for (int waited = 0; waited < 4000 &&
                             sf_count(db, "SELECT count(*) FROM run WHERE status = 'running'") == 0;
             waited++)
            nanosleep(&tick, NULL);
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        check_whole(db, 2000);
        /* Runs cut short so far: a later writer marks earlier ones failed. */
        cut = sf_count(db, "SELECT count(*) FROM run WHERE status = 'running' OR "
                               "(status = 'failed' AND error LIKE 'abandoned%')");
    }
    cr_assert_geq(cut, 2, "in %d rounds, no kill landed while a run was written", round);
    cr_assert_gt(sf_count(db, "SELECT count(*) FROM run WHERE status = 'done'"), 0,
                 "no run finished: the test proves less than it should");
    /* The dead writers' runs are abandoned; a new writer marks them failed. */
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(db, STORE_WRITE, &st, &e), ERR_OK, "%s", e.text);
    store_close(st);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM run WHERE status = 'running'"), 0);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM run WHERE status = 'failed' AND "
                              "error LIKE 'abandoned%'"),
                 cut, "every run cut short is marked failed as abandoned");
    check_whole(db, 2000);
}

/* A reader that opens a database while another process holds its first
 * write lock (a writer creating it) waits for that lock, as a writer would,
 * and then says what it found — not "schema version 0" halfway through. */
Test(store_procs, a_reader_waits_for_a_writer_creating_the_database)
{
    const char *d = th_tmpdir();
    char db[600], cmd[2400];
    snprintf(db, sizeof db, "%s/new.db", d);
    cr_assert_eq(th_write_file(db, ""), 0);
    snprintf(cmd, sizeof cmd,
             "printf 'BEGIN IMMEDIATE;\\n.shell sleep 1\\nROLLBACK;\\n' | sqlite3 '%s' & "
             "sleep 0.3; start=$(date +%%s%%N); '%s' runs --db '%s'; rc=$?; "
             "end=$(date +%%s%%N); wait; echo \"rc=$rc waited_ms=$(( (end - start) / 1000000 ))\"",
             db, th_drsim(), db);
    const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
    th_result r = th_run(argv, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.err, "not a drsim results database yet: it holds no tables") != NULL, "%s",
              r.err);
    cr_assert(strstr(r.out, "rc=3") != NULL, "%s", r.out);
    const char *w = strstr(r.out, "waited_ms=");
    cr_assert_not_null(w);
    cr_assert_geq(atoi(w + 10), 500, "the reader did not wait for the writer's lock: %s", r.out);
    th_result_free(&r);
}
