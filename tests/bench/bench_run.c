/*
 * bench_run.c — whole-product figures: the flagship scenario's trials per
 * second on one and two threads, growth with the number of entities, and the
 * results store against a bare loop of prepared inserts.
 *
 * Each figure is measured in this process (the store benchmark) or in a
 * child process started here (the runs, so their peak memory can be read
 * from the kernel), and ratios compare against a baseline measured in the
 * same run: this machine is shared and noisy.
 *
 *   flagship   scenario (DRSIM_BENCH_FLAGSHIP, else the library's flagship),
 *              10,000 trials, every variant, results stored, --jobs 1 and 2,
 *              best of three times the repetitions asked (a --jobs 2 run
 *              needs both cores free at once for a second, which on a shared
 *              machine is rarer than one); and, measured alongside, what two
 *              CPU-bound threads get against one on this machine at that
 *              time (2 when it is idle): the most any --jobs 2 run could have
 *              got. Then the trials alone: run_trials in this process with a
 *              sink that only counts, --jobs 1 and 2, so the runner's own
 *              scaling shows apart from what loading, publishing, judging and
 *              closing add (one thread's work whatever --jobs says).
 *              And, taking turns with the --jobs 1 runs, the same run by the
 *              drsim of BENCH_PREV_REV (DRSIM_BENCH_PREV, built by make bench
 *              from git: the write process before exact sizes and stationary
 *              links): flagship_vs_prev = its time / ours (target >= 0.8).
 *              Last, --trials auto (pilots until every expectation is
 *              decided, with the intervals' cost): flagship_auto_wall_jobs2
 *              (target < 10 s on 2 cores); and the flagship stratified over
 *              its outage (sampling.strata) at --confidence 0.99 against the
 *              plain one, taking turns: flagship_strata_vs_plain (target
 *              <= 1.2).
 *   solve      `drsim solve` on the flagship: the asr variant's decision
 *              delay over 0..2h to 1 % of the range, 10,000 trials per
 *              probe, asr only, --jobs 2: solve_flagship_s (target < 10 s
 *              on 2 cores).
 *   growth     a generated stress scenario at 1x, 4x and 16x the entities
 *              (VMs, disks, accounts; thousands of writes per second per
 *              account; a 30-day horizon): time per trial, growth_16x =
 *              time(16x) / time(1x), peak memory at 16x.
 *   store      trial rows per second through the store (staged, then
 *              published in one transaction) against a bare loop of prepared
 *              inserts into the same table in one transaction.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "models/outcome.h"
#include "models/scenario/loader.h"
#include "reports/store/store.h"
#include "sim/run/exec.h"
#include "models/world/world.h"
#include "sim/run/runner.h"
#include "sim/run/solve.h"
#include "tests/bench/bench.h"

#define FLAGSHIP_DEFAULT "scenarios/flagship.yaml"
#define FLAGSHIP_FALLBACK "scenarios/example.yaml"

static char tmp_root[64];

static const char *tmpdir(void)
{
    if (tmp_root[0] == '\0') {
        snprintf(tmp_root, sizeof tmp_root, "/tmp/drsim-bench-XXXXXX");
        if (mkdtemp(tmp_root) == NULL)
            bench_die("cannot make a temporary directory");
    }
    return tmp_root;
}

typedef struct child_run {
    double seconds;
    double peak_rss_mib;
    int status;
} child_run;

/* Runs `drsim run FILE --trials N --jobs J` through exec_run in a child
 * process, timing it and reading its peak resident memory. */
static child_run run_in_child_at(const char *scenario, uint64_t trials, unsigned jobs,
                                 const char *db, double confidence)
{
    child_run out = {0, 0, -1};
    unlink(db);
    fflush(NULL); /* the child must not repeat what this process buffered */
    /* The child's peak memory counts the pages it shares with this process:
     * give back what earlier benchmarks freed (the engine's million-event
     * heaps leave glibc's heap large) so only the run's own memory shows. */
    malloc_trim(0);
    double t0 = bench_now();
    pid_t pid = fork();
    if (pid < 0)
        bench_die("fork failed");
    if (pid == 0) {
        /* The figures are the output; the run's own warnings are not. */
        if (freopen("/dev/null", "w", stderr) == NULL)
            _exit(1);
        const char *files[] = {scenario};
        char arg0[] = "drsim", arg1[] = "run", arg2[512];
        snprintf(arg2, sizeof arg2, "%s", scenario);
        char *argv[] = {arg0, arg1, arg2, NULL};
        exec_request rq = {.command = "run", .scenarios = files, .nscenarios = 1, .db = db,
                           .has_trials = true, .trials = trials, .jobs = jobs, .quiet = true,
                           .confidence = confidence, .argc = 3, .argv = argv};
        err_code rc = exec_run(&rq);
        _exit(rc == ERR_OK || rc == ERR_FAILED ? 0 : 1);
    }
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0)
        if (errno != EINTR)
            bench_die("wait4 failed");
    out.seconds = bench_now() - t0;
    out.peak_rss_mib = (double)ru.ru_maxrss / 1024.0; /* kilobytes on Linux */
    out.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (out.status != 0) {
        fprintf(stderr, "drsim-bench: running %s failed (status %d; run it with drsim run to see "
                        "why)\n", scenario, out.status);
        exit(3);
    }
    return out;
}

/* `drsim solve FILE --param strategies.asr.decide --range 0..2h --variant asr
 * --trials N --jobs J` through solve_run in a child process (its output
 * dropped), timed. */
static double solve_in_child(const char *scenario, uint64_t trials, unsigned jobs)
{
    fflush(NULL);
    double t0 = bench_now();
    pid_t pid = fork();
    if (pid < 0)
        bench_die("fork failed");
    if (pid == 0) {
        if (freopen("/dev/null", "w", stdout) == NULL || freopen("/dev/null", "w", stderr) == NULL)
            _exit(1);
        const char *files[] = {scenario};
        const char *variants[] = {"asr"};
        char arg0[] = "drsim", arg1[] = "solve";
        char *argv[] = {arg0, arg1, NULL};
        solve_request rq = {.param = "strategies.asr.decide", .range = "0..2h"};
        rq.run = (exec_request){.command = "solve", .scenarios = files, .nscenarios = 1,
                                .has_trials = true, .trials = trials, .jobs = jobs,
                                .variants = variants, .nvariants = 1, .shard_index = 1,
                                .shard_count = 1, .max_events = WORLD_DEFAULT_MAX_EVENTS,
                                .max_pending = WORLD_DEFAULT_MAX_PENDING, .quiet = true,
                                .argc = 2, .argv = argv};
        err_code rc = solve_run(&rq);
        _exit(rc == ERR_OK || rc == ERR_FAILED ? 0 : 1);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            bench_die("waitpid failed");
    double seconds = bench_now() - t0;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "drsim-bench: solving %s failed (run drsim solve to see why)\n",
                scenario);
        exit(3);
    }
    return seconds;
}

static child_run run_in_child(const char *scenario, uint64_t trials, unsigned jobs,
                              const char *db)
{
    return run_in_child_at(scenario, trials, jobs, db, 0);
}

/* A copy of the scenario at `path` stratified over its outages (the key
 * appended at the top level), written to `out`. */
static void write_stratified(const char *path, const char *out)
{
    FILE *in = fopen(path, "r"), *f = fopen(out, "w");
    if (in == NULL || f == NULL)
        bench_die("cannot write the stratified flagship");
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, f);
    fputs("\nsampling:\n  strata: outages\n", f);
    fclose(in);
    if (fclose(f) != 0)
        bench_die("cannot write the stratified flagship");
}

/* The same run by another drsim binary (the previous version), in a child
 * process: its time, or a negative status when it cannot run the scenario
 * (a format it does not know): then there is no ratio, not a failure. */
static double run_prev_in_child(const char *prev, const char *scenario, uint64_t trials,
                                const char *db)
{
    char ntrials[32];
    snprintf(ntrials, sizeof ntrials, "%llu", (unsigned long long)trials);
    unlink(db);
    fflush(NULL);
    double t0 = bench_now();
    pid_t pid = fork();
    if (pid < 0)
        bench_die("fork failed");
    if (pid == 0) {
        if (freopen("/dev/null", "w", stderr) == NULL || freopen("/dev/null", "w", stdout) == NULL)
            _exit(1);
        execl(prev, "drsim", "run", scenario, "--trials", ntrials, "--jobs", "1", "--db", db,
              "--quiet", (char *)NULL);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            bench_die("waitpid failed");
    double dt = bench_now() - t0;
    /* drsim exits 1 when expectations fail: still a complete run. */
    if (!WIFEXITED(status) || WEXITSTATUS(status) > 1)
        return -1;
    return dt;
}

static const char *flagship_path(void)
{
    const char *env = getenv("DRSIM_BENCH_FLAGSHIP");
    if (env && *env)
        return env;
    struct stat st;
    return stat(FLAGSHIP_DEFAULT, &st) == 0 ? FLAGSHIP_DEFAULT : FLAGSHIP_FALLBACK;
}

/* A CPU-bound loop with no memory traffic: a chain of 64-bit LCG steps. */
static void *spin(void *arg)
{
    uint64_t *x = arg;
    uint64_t v = *x;
    for (long i = 0; i < 100000000; i++)
        v = v * 6364136223846793005u + 1442695040888963407u;
    *x = v;
    return NULL;
}

/* How much two threads of the same CPU-bound loop get against one, now: 2
 * on an idle two-core machine, less when other processes hold a core. */
static double cores_speedup(void)
{
    uint64_t x[2] = {1, 2};
    double t0 = bench_now();
    spin(&x[0]);
    double one = bench_now() - t0;
    pthread_t th;
    t0 = bench_now();
    if (pthread_create(&th, NULL, spin, &x[1]) != 0)
        bench_die("cannot start a thread");
    spin(&x[0]);
    pthread_join(th, NULL);
    double two = bench_now() - t0;
    bench_sink((double)(x[0] ^ x[1]));
    return 2 * one / two;
}

static err_code count_outcome(void *ctx, uint32_t variant, const oc_trial *t,
                              const oc_timeline *tl, err_msg *e)
{
    (void)variant;
    (void)t;
    (void)tl;
    (void)e;
    (*(uint64_t *)ctx)++;
    return ERR_OK;
}

static double trials_seconds(const scn_scenario *s, uint64_t trials, unsigned jobs)
{
    run_options o = {.seed = s->seed, .trials = trials, .jobs = jobs, .shard_index = 1,
                     .shard_count = 1, .limits = {5000000, 1000000}};
    uint64_t n = 0;
    err_msg e;
    double t0 = bench_now();
    if (run_trials(s, &o, count_outcome, &n, &e) != ERR_OK)
        bench_die(e.text);
    double dt = bench_now() - t0;
    if (n != trials * s->nvariants)
        bench_die("outcomes missing");
    return dt;
}

static void bench_flagship_trials(const bench_options *opt, const char *path, uint64_t trials)
{
    scn_scenario *s;
    scn_diags d;
    scn_diags_init(&d);
    if (scn_load(path, &s, &d) != ERR_OK) {
        scn_diags_print(&d, stderr);
        bench_die("cannot load the flagship scenario");
    }
    scn_diags_free(&d);
    double best1 = 1e30, best2 = 1e30;
    for (int i = 0; i < 3 * opt->reps; i++) {
        double a = trials_seconds(s, trials, 1), b = trials_seconds(s, trials, 2);
        best1 = a < best1 ? a : best1;
        best2 = b < best2 ? b : best2;
    }
    bench_print("flagship", "_trials_speedup", best1 / best2,
                "x (the trials alone, outcomes counted, not stored)");
    scn_free(s);
}

static void bench_flagship(const bench_options *opt)
{
    const char *scenario = flagship_path();
    uint64_t trials = opt->quick ? 1000 : 10000;
    char db[128];
    snprintf(db, sizeof db, "%s/flagship.db", tmpdir());
    printf("# flagship: %s, %llu trials, every variant, results stored\n", scenario,
           (unsigned long long)trials);
    const char *prev = getenv("DRSIM_BENCH_PREV");
    struct stat st;
    if (prev != NULL && (*prev == '\0' || stat(prev, &st) != 0))
        prev = NULL;
    double best1 = 1e30, best2 = 1e30, cores = 0, best_prev = 1e30;
    /* The previous drsim runs today's flagship when it can read it; when the
     * format has moved on since (new keys), it runs the flagship of its own
     * revision instead: each version on the question it shipped with. */
    char prev_scenario[4096];
    const char *prev_what = "today's flagship";
    snprintf(prev_scenario, sizeof prev_scenario, "%s", scenario);
    for (int i = 0; i < 3 * opt->reps; i++) {
        double c = cores_speedup();
        child_run a = run_in_child(scenario, trials, 1, db);
        child_run b = run_in_child(scenario, trials, 2, db);
        best1 = a.seconds < best1 ? a.seconds : best1;
        best2 = b.seconds < best2 ? b.seconds : best2;
        if (prev != NULL) {
            double p = run_prev_in_child(prev, prev_scenario, trials, db);
            /* prev is TREE/build/release/drsim: its flagship is TREE/scenarios/. */
            const char *cut = strstr(prev, "/build/release/drsim");
            if (p < 0 && i == 0 && cut != NULL) {
                snprintf(prev_scenario, sizeof prev_scenario, "%.*s/scenarios/flagship.yaml",
                         (int)(cut - prev), prev);
                prev_what = "its own revision's flagship";
                p = run_prev_in_child(prev, prev_scenario, trials, db);
            }
            if (p < 0) {
                printf("# flagship: %s cannot run %s: no comparison\n", prev, prev_scenario);
                prev = NULL;
            } else if (p < best_prev) {
                best_prev = p;
            }
        }
        cores = c > cores ? c : cores;
    }
    bench_print("flagship", "_wall_jobs2", best2, "s (target < 10 at 10,000 trials)");
    bench_print("flagship", "_trials_per_s_jobs1", (double)trials / best1, "trials/s");
    bench_print("flagship", "_trials_per_s_jobs2", (double)trials / best2, "trials/s");
    bench_print("flagship", "_speedup", best1 / best2, "x (target >= 1.8)");
    if (prev != NULL) {
        char what[160];
        snprintf(what, sizeof what, "trials/s (the drsim before exact writes on %s, taking turns)",
                 prev_what);
        bench_print("flagship", "_prev_trials_per_s_jobs1", (double)trials / best_prev, what);
        bench_print("flagship", "_vs_prev", best_prev / best1, "x (target >= 0.8)");
    }
    bench_print(
        "flagship", "_cores_speedup", cores,
        "x (two CPU-bound threads against one, measured alongside: 2 when the machine is idle)");
    /* trials: auto — the pilots (1,000, 2,000, ... every variant, judged
     * with intervals) and the run they choose, --jobs 2, best of three. */
    double best_auto = 1e30;
    for (int i = 0; i < 3; i++) {
        child_run au = run_in_child(scenario, 0, 2, db); /* 0 with has_trials: auto */
        best_auto = au.seconds < best_auto ? au.seconds : best_auto;
    }
    bench_print("flagship", "_auto_wall_jobs2", best_auto,
                "s (trials: auto, until every expectation is decided; target < 10)");
    /* drsim solve: the asr variant's decision delay, 0..2h to 1 %, the
     * flagship's trials per probe, --jobs 2, best of the repetitions. */
    double best_solve = 1e30;
    for (int i = 0; i < opt->reps; i++) {
        double t = solve_in_child(scenario, trials, 2);
        best_solve = t < best_solve ? t : best_solve;
    }
    bench_print("solve_flagship", "_s", best_solve,
                "s (drsim solve strategies.asr.decide over 0..2h to 1 %, asr only, --jobs 2; "
                "target < 10 at 10,000 trials)");
    /* Strata and intervals: the flagship stratified over its outage, judged
     * at --confidence 0.99, against the plain flagship at the default
     * level; 2,000 trials, --jobs 1, taking turns, best of three. */
    char stratified[600];
    snprintf(stratified, sizeof stratified, "%s/flagship-strata.yaml", tmpdir());
    write_stratified(scenario, stratified);
    double best_plain = 1e30, best_strata = 1e30;
    for (int i = 0; i < 3; i++) {
        child_run pl = run_in_child(scenario, 2000, 1, db);
        child_run sr = run_in_child_at(stratified, 2000, 1, db, 0.99);
        best_plain = pl.seconds < best_plain ? pl.seconds : best_plain;
        best_strata = sr.seconds < best_strata ? sr.seconds : best_strata;
    }
    unlink(stratified);
    bench_print("flagship", "_strata_vs_plain", best_strata / best_plain,
                "x (stratified, --confidence 0.99, against plain; 2,000 trials; target <= 1.2)");
    unlink(db);
    bench_flagship_trials(opt, scenario, trials);
}

/* ---- solve ------------------------------------------------------------------------- */

/* drsim solve on the flagship: the asr variant's decision delay, 0..2h to
 * 1 %, the flagship's trials per probe (10,000), --jobs 2, best of the
 * repetitions. */
static void bench_solve(const bench_options *opt)
{
    const char *scenario = flagship_path();
    uint64_t trials = opt->quick ? 1000 : 10000;
    printf("# solve: %s, strategies.asr.decide over 0..2h, asr only, %llu trials per probe\n",
           scenario, (unsigned long long)trials);
    double best = 1e30;
    for (int i = 0; i < opt->reps; i++) {
        double t = solve_in_child(scenario, trials, 2);
        best = t < best ? t : best;
    }
    bench_print("solve_flagship", "_s", best,
                "s (drsim solve strategies.asr.decide over 0..2h to 1 %, asr only, --jobs 2; "
                "target < 10 at 10,000 trials)");
}

/* ---- growth ------------------------------------------------------------------------ */

/* Writes a stress scenario with `k` copies of a unit: two accounts (GRS by
 * bandwidth and RA-GZRS by lag, thousands of writes per second each), three
 * VM groups (1 SQL on a premium disk, 2 app and 3 web VMs on VHDs), one
 * application; a region outage and a zone outage; wait, geo-restore and asr
 * (its plan of up to 96 VMs in three groups). */
static void write_stress(const char *path, int k)
{
    FILE *f = fopen(path, "w");
    if (f == NULL)
        bench_die("cannot write the stress scenario");
    fprintf(f, "drsim: 1\nname: stress-%dx\nseed: 7\ntrials: 100\nhorizon: 30d\n", k);
    fprintf(f, "storage:\n");
    for (int u = 0; u < k; u++)
        fprintf(f,
                "  - { name: vhd%d, region: westeurope, redundancy: GRS,\n"
                "      writes: { rate: 2000/s, size: exponential(mean=8KiB) },\n"
                "      geo_replication: { bandwidth: 60MB/s, latency: 50ms } }\n"
                "  - { name: data%d, region: westeurope, redundancy: RA-GZRS,\n"
                "      writes: { rate: 3000/s, size: 4KiB },\n"
                "      geo_replication: { lag: lognormal(p50=30s, p99=10m) } }\n",
                u, u);
    fprintf(f, "vms:\n");
    for (int u = 0; u < k; u++)
        fprintf(
            f,
            "  - { name: sql%d, count: 1, region: westeurope, zone: spread,\n"
            "      disks: [ { size: 1TiB, kind: premium, churn: 4MB/s, io_size: 16KiB } ] }\n"
            "  - { name: app%d, count: 2, region: westeurope,\n"
            "      disks: [ { size: 256GiB, kind: unmanaged, account: vhd%d, churn: 1MB/s } ] }\n"
            "  - { name: web%d, count: 3, region: westeurope,\n"
            "      disks: [ { size: 128GiB, kind: unmanaged, account: vhd%d, churn: 500KB/s } ] "
            "}\n",
            u, u, u, u, u);
    fprintf(f, "apps:\n");
    for (int u = 0; u < k; u++)
        fprintf(f, "  - { name: shop%d, tiers: [sql%d, app%d, web%d], data: [data%d],\n"
                   "      entry: { traffic_manager: { interval: 30s } } }\n",
                u, u, u, u, u);
    fprintf(f, "strategies:\n  - { name: wait, kind: wait }\n"
               "  - { name: geo-restore, kind: geo-restore, failover: { after: 1h } }\n"
               "  - name: asr\n    kind: asr\n    target: germanywestcentral\n    plan:\n");
    const char *tiers[] = {"sql", "app", "web"};
    for (int t = 0; t < 3; t++) {
        fprintf(f, "      - group: %s\n        vms: [", tiers[t]);
        for (int u = 0; u < k; u++)
            fprintf(f, "%s%s%d", u ? ", " : "", tiers[t], u);
        fprintf(f, "]\n        then: { script: 5m }\n");
    }
    fprintf(f, "outages:\n"
               "  - { region: westeurope, scope: region, at: uniform(0, 20d),\n"
               "      duration: lognormal(p50=8h, p99=3d), destructive: 0.05,\n"
               "      provider_failover: { after: 1d } }\n"
               "  - { region: westeurope, scope: zone 2, probability: 0.5, at: uniform(0, 25d),\n"
               "      duration: uniform(1h, 2d), destructive: 0.1 }\n");
    if (fclose(f) != 0)
        bench_die("cannot write the stress scenario");
}

static void bench_growth(const bench_options *opt)
{
    const int sizes[] = {1, 4, 16};
    uint64_t trials = opt->quick ? 20 : 100;
    double per_trial[3] = {0};
    double rss[3] = {0};
    char path[128], db[128];
    snprintf(db, sizeof db, "%s/growth.db", tmpdir());
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/stress-%dx.yaml", tmpdir(), sizes[i]);
        write_stress(path, sizes[i]);
        double best = 1e30, best_rss = 0;
        for (int r = 0; r < opt->reps; r++) {
            child_run c = run_in_child(path, trials, 1, db);
            if (c.seconds < best) {
                best = c.seconds;
                best_rss = c.peak_rss_mib;
            }
        }
        /* Three variants per trial. */
        per_trial[i] = best / (double)(trials * 3);
        rss[i] = best_rss;
        char name[32];
        snprintf(name, sizeof name, "growth_%dx", sizes[i]);
        bench_print(name, "_ms_per_trial", per_trial[i] * 1e3, "ms per trial and variant");
        unlink(path);
    }
    bench_print("growth_16x", "", per_trial[2] / per_trial[0],
                "x (target <= 20: no worse than linear)");
    bench_print("peak_rss_16x", "", rss[2], "MiB (target <= 256)");
    /* Memory does not grow with trials: the same run at 10x the trials. */
    snprintf(path, sizeof path, "%s/stress-4x.yaml", tmpdir());
    write_stress(path, 4);
    child_run few = run_in_child(path, trials, 2, db);
    child_run many = run_in_child(path, trials * 10, 2, db);
    bench_print("rss_growth_10x_trials", "", many.peak_rss_mib / few.peak_rss_mib,
                "x (10x the trials; flat is 1)");
    unlink(path);
    unlink(db);
}

/* ---- store ------------------------------------------------------------------------- */

static oc_trial sample_trial(uint64_t k)
{
    oc_trial t;
    oc_trial_init(&t, k);
    for (int m = 0; m < OC_NMETRICS; m++)
        if ((k + (uint64_t)m) % 7 != 0)
            oc_set(&t, (oc_metric)m, (double)((k * 2654435761u + (uint64_t)m) % 100000) / 7.0);
    t.consistency = k % 3 ? "crash" : NULL;
    return t;
}

static double store_rate(const char *db, uint64_t rows)
{
    store *st;
    err_msg e;
    unlink(db);
    if (store_open(db, STORE_WRITE, &st, &e) != ERR_OK)
        bench_die(e.text);
    store_new_run r = {.scenario_name = "bench", .sha256 = "0", .source = "", .seed = 1,
                       .trials = rows, .trial_end = rows, .shard_index = 1, .shard_count = 1,
                       .argv = "[]"};
    int64_t id;
    double t0 = bench_now();
    if (store_run_begin(st, &r, &id, &e) != ERR_OK ||
        store_run_variant(st, 0, "v", "wait", "{}", &e) != ERR_OK)
        bench_die(e.text);
    for (uint64_t k = 0; k < rows; k++) {
        oc_trial t = sample_trial(k);
        if (store_run_trial(st, 0, &t, &e) != ERR_OK)
            bench_die(e.text);
    }
    if (store_run_publish(st, &e) != ERR_OK || store_run_finish(st, &e) != ERR_OK)
        bench_die(e.text);
    double dt = bench_now() - t0;
    store_close(st);
    return (double)rows / dt;
}

/* The same rows into the same table of a database made by the store, with
 * one prepared INSERT in one transaction and nothing else. */
static double bare_rate(const char *db, uint64_t rows)
{
    store *st;
    err_msg e;
    unlink(db);
    if (store_open(db, STORE_WRITE, &st, &e) != ERR_OK)
        bench_die(e.text);
    store_new_run r = {.scenario_name = "bench", .sha256 = "0", .source = "", .seed = 1,
                       .trials = 0, .trial_end = 0, .shard_index = 1, .shard_count = 1,
                       .argv = "[]"};
    int64_t id;
    if (store_run_begin(st, &r, &id, &e) != ERR_OK ||
        store_run_variant(st, 0, "v", "wait", "{}", &e) != ERR_OK ||
        store_run_publish(st, &e) != ERR_OK || store_run_finish(st, &e) != ERR_OK)
        bench_die(e.text);
    store_close(st);

    sqlite3 *h;
    if (sqlite3_open(db, &h) != SQLITE_OK)
        bench_die("cannot open the bare database");
    sqlite3_exec(h, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", NULL, NULL, NULL);
    char sql[2048];
    int n = snprintf(sql, sizeof sql, "INSERT INTO trial (run_id, variant_id, trial");
    for (int m = 0; m < OC_NMETRICS; m++)
        n += snprintf(sql + n, sizeof sql - (size_t)n, ", %s", oc_metrics[m].column);
    n += snprintf(sql + n, sizeof sql - (size_t)n, ", consistency) VALUES (?, ?, ?");
    for (int m = 0; m <= OC_NMETRICS; m++)
        n += snprintf(sql + n, sizeof sql - (size_t)n, ", ?");
    snprintf(sql + n, sizeof sql - (size_t)n, ")");
    sqlite3_stmt *ins;
    if (sqlite3_prepare_v2(h, sql, -1, &ins, NULL) != SQLITE_OK)
        bench_die(sqlite3_errmsg(h));
    sqlite3_int64 variant_id = 0;
    sqlite3_stmt *q;
    sqlite3_prepare_v2(h, "SELECT id FROM variant LIMIT 1", -1, &q, NULL);
    if (sqlite3_step(q) == SQLITE_ROW)
        variant_id = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    double t0 = bench_now();
    sqlite3_exec(h, "BEGIN", NULL, NULL, NULL);
    for (uint64_t k = 0; k < rows; k++) {
        oc_trial t = sample_trial(k);
        sqlite3_bind_int64(ins, 1, id);
        sqlite3_bind_int64(ins, 2, variant_id);
        sqlite3_bind_int64(ins, 3, (sqlite3_int64)k);
        for (int m = 0; m < OC_NMETRICS; m++) {
            if (t.present[m])
                sqlite3_bind_double(ins, 4 + m, t.value[m]);
            else
                sqlite3_bind_null(ins, 4 + m);
        }
        if (t.consistency)
            sqlite3_bind_text(ins, 4 + OC_NMETRICS, t.consistency, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(ins, 4 + OC_NMETRICS);
        if (sqlite3_step(ins) != SQLITE_DONE)
            bench_die(sqlite3_errmsg(h));
        sqlite3_reset(ins);
    }
    sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
    double dt = bench_now() - t0;
    sqlite3_finalize(ins);
    sqlite3_close(h);
    return (double)rows / dt;
}

static void bench_store(const bench_options *opt)
{
    uint64_t rows = opt->quick ? 50000 : 500000;
    char db[128];
    snprintf(db, sizeof db, "%s/store.db", tmpdir());
    if (store_global_init() != ERR_OK)
        bench_die("cannot initialise SQLite");
    double bare = 0, via = 0;
    for (int i = 0; i < opt->reps; i++) {
        double b = bare_rate(db, rows);
        double s = store_rate(db, rows);
        bare = b > bare ? b : bare;
        via = s > via ? s : via;
    }
    bench_print("store", "_bare_rows_per_s", bare, "rows/s");
    bench_print("store", "_rows_per_s", via, "rows/s");
    bench_print("store", "_ratio", via / bare, "x (target >= 0.7)");
    unlink(db);
}

void bench_product(const bench_options *opt, const char *which)
{
    if (strcmp(which, "flagship") == 0)
        bench_flagship(opt);
    else if (strcmp(which, "solve") == 0)
        bench_solve(opt);
    else if (strcmp(which, "growth") == 0)
        bench_growth(opt);
    else if (strcmp(which, "store") == 0)
        bench_store(opt);
    if (tmp_root[0] != '\0') {
        rmdir(tmp_root);
        tmp_root[0] = '\0';
    }
}
