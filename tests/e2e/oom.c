/*
 * oom.c — out of memory end to end: `drsim run` is called in process
 * (cmd_run, what main calls, its result mapped by err_exit_status) on a small
 * scenario with the allocation hook making the Nth allocation and every later
 * one fail, for N = 1, 2, 3, ... until a run succeeds without the hook
 * firing. Loading, running and storing are all swept (libyaml's own
 * allocations are the one part the hook cannot reach). Every attempt must
 * end in exit status 0 (the hook fired where a failure is recovered from) or
 * 3 with an "out of memory" line on stderr — never a crash, never another
 * status — and leave the database intact with no half-written run: every
 * run is either finished and whole, or marked failed with no results at all.
 * Under SAN=1 LeakSanitizer checks that no attempt leaked.
 *
 * `drsim solve` is swept the same way on a sample of N (every allocation
 * of its first probe, then a stride through the rest): its five probes make
 * several runs' worth of allocations, too many to try each.
 *
 * The sweep is complete, every N; it is cut in four interleaved parts
 * (N = k, k + 4, k + 8, ...) that Criterion runs side by side, each on a
 * database of its own. The scenario is small (two strategies, two trials, a
 * traced trial, an expectation) so that one run makes about 2,500
 * allocations.
 */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "reports/store/store.h"
#include "sim/cli/cmd.h"
#include "sim/core/err.h"
#include "sim/core/mem.h"
#include "tests/support/argv.h"
#include "tests/support/helpers.h"
#include "tests/support/store_fixture.h"

#define PARTS 4

static const char scenario[] =
    "drsim: 1\n"
    "name: oom\n"
    "seed: 7\n"
    "trials: 2\n"
    "horizon: 2d\n"
    "regions:\n"
    "  - { name: westeurope, pair: northeurope }\n"
    "storage:\n"
    "  - { name: data, region: westeurope, redundancy: GRS, writes: { rate: 5/s, size: 16KiB } }\n"
    "sql:\n"
    "  - { name: orders, region: westeurope, writes: { rate: 2/s }, failover: { policy: microsoft } }\n"
    "vms:\n"
    "  - { name: web, region: westeurope }\n"
    "apps:\n"
    "  - { name: shop, tiers: [web], data: [data, orders] }\n"
    "strategies:\n"
    "  - { name: wait, kind: wait }\n"
    "  - { name: asr, kind: asr, target: germanywestcentral }\n"
    "outages:\n"
    "  - { region: westeurope, at: 1h, duration: 4h, destructive: 0.5 }\n"
    "expect:\n"
    "  asr: { failed_over.mean: \"<= 1\" }\n";
#define VARIANTS 2
#define TRIALS 2

static void init(void)
{
    store_global_init();
}

TestSuite(oom, .init = init);

/* The database holds no half-written run: done runs are whole (trials and
 * variants of every selected variant), other runs have no rows at all. */
static void expect_no_half_run(const char *db, int trials_per_run, unsigned long n)
{
    struct stat sb;
    if (stat(db, &sb) != 0)
        return; /* not created: nothing written */
    cr_assert(sf_intact(db), "N=%lu: integrity_check fails", n);
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM run r WHERE status = 'done' AND "
             "((SELECT count(*) FROM trial t WHERE t.run_id = r.id) <> %d OR "
             " (SELECT count(*) FROM variant v WHERE v.run_id = r.id) <> %d)",
             trials_per_run, VARIANTS);
    cr_assert_eq(sf_count(db, sql), 0, "N=%lu: a finished run is not whole", n);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM run r WHERE status <> 'done' AND "
                              "(EXISTS (SELECT 1 FROM trial t WHERE t.run_id = r.id) OR "
                              " EXISTS (SELECT 1 FROM variant v WHERE v.run_id = r.id) OR "
                              " EXISTS (SELECT 1 FROM event e WHERE e.run_id = r.id) OR "
                              " EXISTS (SELECT 1 FROM expectation x WHERE x.run_id = r.id))"),
                 0, "N=%lu: a run that did not finish has results", n);
}

/* One `drsim run` in process with allocation n and every later one failing
 * (0: none). Returns the exit status; *fired says whether the hook fired,
 * *err what went to stderr, *allocations (when not NULL) how many were
 * attempted. */
static int run_once(char **argv, int argc, unsigned long n, bool *fired, char **err,
                    unsigned long *allocations)
{
    th_capture_begin();
    mem_fail_after(n);
    err_code rc = cmd_run(argc, argv);
    *fired = mem_failed() != 0;
    if (allocations != NULL)
        *allocations = mem_allocations();
    mem_fail_reset();
    th_capture_end(NULL, err);
    return err_exit_status(rc);
}

/* Part `part` (1..PARTS) of the sweep. */
static void sweep(unsigned long part)
{
    const char *dir = th_tmpdir();
    char scn[600], db[600];
    snprintf(scn, sizeof scn, "%s/oom.yaml", dir);
    snprintf(db, sizeof db, "%s/r.db", dir);
    cr_assert_eq(th_write_file(scn, scenario), 0);
    char **argv =
        th_argv((const char *const[]){"run", scn, "--db", db, "--trace", "1", "--jobs", "1",
                                      "--quiet", NULL});
    cr_assert_not_null(argv);
    int argc = th_argc(argv);

    /* How many allocations one whole run makes (the database exists, as it
     * will for every later attempt). */
    bool fired = false;
    char *err = NULL;
    unsigned long total = 0;
    cr_assert_eq(run_once(argv, argc, 0, &fired, &err, NULL), 0, "%s", err);
    free(err);
    cr_assert_eq(run_once(argv, argc, ULONG_MAX, &fired, &err, &total), 0, "%s", err);
    free(err);

    unsigned long n, failures = 0, recovered = 0;
    for (n = part;; n += PARTS) {
        int status = run_once(argv, argc, n, &fired, &err, NULL);
        if (!fired) {
            cr_assert_eq(status, 0, "N=%lu: no allocation failed, yet exit %d\n%s", n, status,
                         err);
            free(err);
            break;
        }
        if (status == 0) {
            recovered++;
        } else {
            cr_assert_eq(status, 3, "N=%lu: exit %d, expected 3\n%s", n, status, err);
            cr_assert(strncmp(err, "drsim", 5) == 0 && strstr(err, "out of memory") != NULL,
                      "N=%lu: no clear message:\n%s", n, err);
            failures++;
        }
        free(err);
        expect_no_half_run(db, VARIANTS * TRIALS, n);
    }
    cr_assert_geq(n + PARTS, total, "the sweep stopped at N=%lu of %lu allocations", n, total);
    cr_assert_gt(failures, total / PARTS / 2, "the sweep proves little");
    /* Every run that began and failed is marked so: store_run_fail writes
     * the mark with the memory reserve (mem.h) though every allocation after
     * N fails. */
    int running = sf_count(db, "SELECT count(*) FROM run WHERE status = 'running'");
    cr_log_info("oom part %lu/%d: one run makes %lu allocations; N = %lu, %lu, ..., %lu: %lu "
                "failed with exit 3, %lu recovered; runs done %d, failed %d, left running %d",
                part, PARTS, total, part, part + PARTS, n, failures, recovered,
                sf_count(db, "SELECT count(*) FROM run WHERE status = 'done'"),
                sf_count(db, "SELECT count(*) FROM run WHERE status = 'failed'"), running);
    cr_assert_eq(running, 0, "a failed run was not marked failed");
    th_argv_free(argv);
}

Test(oom, every_allocation_of_load_run_and_store_fails_cleanly_1) { sweep(1); }
Test(oom, every_allocation_of_load_run_and_store_fails_cleanly_2) { sweep(2); }
Test(oom, every_allocation_of_load_run_and_store_fails_cleanly_3) { sweep(3); }
Test(oom, every_allocation_of_load_run_and_store_fails_cleanly_4) { sweep(4); }

/* One `drsim solve` in process, as run_once. */
static int solve_once(char **argv, int argc, unsigned long n, bool *fired, char **out,
                      char **err, unsigned long *allocations)
{
    th_capture_begin();
    mem_fail_after(n);
    err_code rc = cmd_solve(argc, argv);
    *fired = mem_failed() != 0;
    if (allocations != NULL)
        *allocations = mem_allocations();
    mem_fail_reset();
    th_capture_end(out, err);
    return err_exit_status(rc);
}

Test(oom, solve_fails_cleanly_wherever_an_allocation_fails)
{
    const char *dir = th_tmpdir();
    char scn[600], db[600];
    snprintf(scn, sizeof scn, "%s/oom.yaml", dir);
    snprintf(db, sizeof db, "%s/s.db", dir);
    cr_assert_eq(th_write_file(scn, scenario), 0);
    char **argv = th_argv((const char *const[]){"solve", scn, "--param", "strategies.asr.decide",
                                                "--range", "0..1h", "--jobs", "1", "--db", db,
                                                NULL});
    cr_assert_not_null(argv);
    int argc = th_argc(argv);
    bool fired = false;
    char *out = NULL, *err = NULL, *want = NULL;
    unsigned long total = 0;
    cr_assert_eq(solve_once(argv, argc, 0, &fired, &want, &err, NULL), 0, "%s", err);
    free(err);
    cr_assert_eq(solve_once(argv, argc, ULONG_MAX, &fired, &out, &err, &total), 0, "%s", err);
    free(out);
    free(err);
    unsigned long failures = 0, tried = 0;
    for (unsigned long n = 1; n <= total + 1; n += n < 3000 ? 19 : total / 80 + 1) {
        int status = solve_once(argv, argc, n, &fired, &out, &err, NULL);
        tried++;
        if (!fired) {
            cr_assert_eq(status, 0, "N=%lu: no allocation failed, yet exit %d\n%s", n, status,
                         err);
        } else if (status != 0) {
            cr_assert_eq(status, 3, "N=%lu: exit %d, expected 3\n%s", n, status, err);
            cr_assert(strstr(err, "out of memory") != NULL, "N=%lu: no clear message:\n%s", n,
                      err);
            failures++;
        } else {
            /* Recovered: the same answer as without the hook. */
            cr_assert(strstr(out, "over the whole range") != NULL, "N=%lu:\n%s", n, out);
        }
        free(out);
        free(err);
        expect_no_half_run(db, VARIANTS * TRIALS, n);
    }
    cr_log_info("oom solve: %lu allocations; %lu tried, %lu failed with exit 3", total, tried,
                failures);
    cr_assert_gt(failures, tried / 2, "the sweep proves little");
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM run WHERE status = 'running'"), 0,
                 "a probe that failed was not marked failed");
    free(want);
    th_argv_free(argv);
}

Test(oom, the_reserve_gives_the_way_out_memory_the_hook_would_refuse)
{
    mem_reserve(1000);
    mem_fail_after(1);
    cr_assert_null(mem_malloc(10), "the hook is on");
    mem_reserve_release();
    void *a = mem_malloc(600), *b = mem_calloc(10, 30);
    cr_assert(a != NULL && b != NULL, "within the released 1000 bytes");
    cr_assert_null(mem_malloc(200), "beyond them");
    mem_free(a);
    mem_free(b);
    mem_reserve_release(); /* released once only: 100 bytes are left */
    cr_assert_null(mem_malloc(101));
    mem_fail_reset();
    mem_reserve_free();
    mem_reserve(64);
    mem_reserve_free(); /* dropped without granting anything */
    mem_fail_after(1);
    mem_reserve_release();
    cr_assert_null(mem_malloc(1));
    mem_fail_reset();
}
