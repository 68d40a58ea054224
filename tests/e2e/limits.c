/*
 * limits.c — runaway scenarios stop at documented, configurable limits
 * with a message instead of exhausting memory or time: an event storm (the
 * engine's limits, the world's message, `run --max-events/--max-pending`),
 * an absurd trial count (the scenario's `trials:` and `--trials` alike), and
 * absurd entity counts (VMs, disks, entries of all the sweep's worlds) —
 * and files a scenario refers to, read only as regular files of at most
 * 1 MiB.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "models/azure/catalogue.h"
#include "models/scenario/disttext.h"
#include "models/scenario/loader.h"
#include "models/world/world.h"
#include "reports/store/store.h"
#include "sim/core/arena.h"
#include "sim/core/units.h"
#include "sim/kernel/engine.h"
#include "tests/support/fixture.h"
#include "tests/support/helpers.h"
#include "tests/support/store_fixture.h"

static void init(void)
{
    store_global_init();
}

TestSuite(limits, .init = init);

/* ---- Event storms ------------------------------------------------------------- */

/* Each event schedules two more: the pending set doubles without end. */
static void split(sim_engine *e, void *ctx)
{
    err_code *rc = ctx;
    for (int i = 0; i < 2 && *rc == ERR_OK; i++)
        *rc = sim_after(e, 1, split, ctx, NULL);
    if (*rc != ERR_OK)
        sim_stop(e);
}

/* An event that schedules itself again at the same instant: time never moves. */
static void again(sim_engine *e, void *ctx)
{
    (void)ctx;
    sim_after(e, 0, again, NULL, NULL);
}

Test(limits, an_event_storm_stops_at_the_engines_limits)
{
    sim_engine *e = sim_create();
    sim_set_limits(e, 0, 1000);
    err_code rc = ERR_OK;
    cr_assert_eq(sim_after(e, 0, split, &rc, NULL), ERR_OK);
    cr_assert_eq(sim_run(e), ERR_OK); /* split stopped it */
    cr_assert_eq(rc, ERR_LIMIT, "the pending limit was not reached");
    cr_assert_leq(sim_pending(e), 1000);

    sim_reset(e);
    sim_set_limits(e, 10000, 0);
    cr_assert_eq(sim_after(e, 0, again, NULL, NULL), ERR_OK);
    cr_assert_eq(sim_run(e), ERR_LIMIT, "a storm at one instant must stop");
    cr_assert_eq(sim_executed(e), 10000);
    cr_assert_eq(sim_now(e), 0);
    sim_destroy(e);
}


Test(limits, a_world_says_which_limit_its_trial_reached)
{
    fx f;
    fx_small(&f, SCN_GEO_RESTORE, "geo-restore");
    err_msg e;
    oc_trial t;

    world_limits few_events = {2, 0};
    world *w = world_create(&f.w, &f.st, &few_events, &e);
    cr_assert_not_null(w);
    cr_assert_eq(world_run_trial(w, 1, 3, &t, NULL, &e), ERR_LIMIT);
    cr_assert_str_eq(e.text, "trial 3 stopped at the safety limit of 2 events per trial: the "
                             "scenario makes too many events");
    /* The world stays usable: the next trial is refused the same way. */
    cr_assert_eq(world_run_trial(w, 1, 4, &t, NULL, &e), ERR_LIMIT);
    world_destroy(w);

    world_limits few_pending = {0, 1};
    w = world_create(&f.w, &f.st, &few_pending, &e);
    cr_assert_not_null(w);
    cr_assert_eq(world_run_trial(w, 1, 0, &t, NULL, &e), ERR_LIMIT);
    cr_assert(strstr(e.text, "safety limit of 1 events pending at once") != NULL, "%s", e.text);
    world_destroy(w);

    /* The defaults leave an ordinary trial (a few dozen events) far below them. */
    world_limits defaults = {WORLD_DEFAULT_MAX_EVENTS, WORLD_DEFAULT_MAX_PENDING};
    w = world_create(&f.w, &f.st, &defaults, &e);
    cr_assert_not_null(w);
    for (uint64_t k = 0; k < 20; k++)
        cr_assert_eq(world_run_trial(w, 1, k, &t, NULL, &e), ERR_OK, "%s", e.text);
    world_destroy(w);
}

Test(limits, run_stops_at_max_events_with_a_message_and_keeps_nothing)
{
    const char *dir = th_tmpdir();
    const char *scn = th_scenario(dir, "s.yaml", "storm", 10, NULL);
    char db[600];
    snprintf(db, sizeof db, "%s/r.db", dir);

    th_result r = th_drsim_run("run", scn, "--db", db, "--max-events", "5", "--quiet", NULL);
    th_expect(&r, 2);
    cr_assert(strstr(r.err, "drsim: variant wait[monitor=5m]: trial 0 stopped at the safety "
                            "limit of 5 events per trial") != NULL,
              "%s", r.err);
    cr_assert(strstr(r.err, "--max-events 5") != NULL, "%s", r.err);
    th_result_free(&r);
    char *v = sf_query(db, "SELECT status FROM run");
    cr_assert_str_eq(v, "failed");
    free(v);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM run WHERE error LIKE '%safety limit%'"), 1);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM trial"), 0);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM variant"), 0);
    cr_assert(sf_intact(db));

    r = th_drsim_run("check", scn, "--db", db, "--max-pending", "1", "--quiet", NULL);
    th_expect(&r, 2);
    cr_assert(strstr(r.err, "events pending at once") != NULL, "%s", r.err);
    cr_assert(strstr(r.err, "--max-pending 1") != NULL, "%s", r.err);
    th_result_free(&r);

    /* Generous limits change nothing. */
    r = th_drsim_run("run", scn, "--db", db, "--max-events", "100000", "--max-pending", "1000",
                     "--quiet", NULL);
    th_expect(&r, 0);
    th_result_free(&r);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM trial"), 60);

    const char *bad[] = {"0", "-1", "many", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = th_drsim_run("run", scn, "--db", db, "--max-events", bad[i], NULL);
        th_expect(&r, 2);
        cr_assert(strstr(r.err, "--max-events: expected a whole number") != NULL, "%s", r.err);
        th_result_free(&r);
    }
}

/* ---- Trials ------------------------------------------------------------------------ */

Test(limits, trials_are_capped_on_the_command_line_as_in_the_scenario)
{
    const char *dir = th_tmpdir();
    const char *scn = th_scenario(dir, "s.yaml", "many", 10, NULL);
    char db[600];
    snprintf(db, sizeof db, "%s/r.db", dir);
    th_result r = th_drsim_run("run", scn, "--db", db, "--trials", "10000001", NULL);
    th_expect(&r, 2);
    cr_assert_str_eq(r.err, "drsim run: --trials: expected a whole number from 1 to 10000000, "
                            "got '10000001'\n");
    th_result_free(&r);
    r = th_drsim_run("check", scn, "--db", db, "--trials", "18446744073709551616", NULL);
    th_expect(&r, 2);
    th_result_free(&r);
    struct stat sb;
    cr_assert(stat(db, &sb) != 0, "the database was created for a refused command line");

    const char *big = th_scenario(dir, "big.yaml", "big", 10000001, NULL);
    r = th_drsim_run("run", big, "--db", db, NULL);
    th_expect(&r, 2);
    cr_assert(strstr(r.err, "trials") != NULL && strstr(r.err, "10000000") != NULL, "%s",
              r.err);
    th_result_free(&r);
    cr_assert(stat(db, &sb) != 0);
}

/* ---- Entities ---------------------------------------------------------------------- */

/* A scenario with `groups` VM groups of `count` VMs with `disks` data disks
 * each, and a sweep of `combos` values (1 = none). */
static char *entity_scenario(int groups, int count, int disks, int combos)
{
    size_t cap = 1 << 22, len = 0;
    char *s = malloc(cap);
#define OUT(...) (len += (size_t)snprintf(s + len, cap - len, __VA_ARGS__))
    OUT("drsim: 1\nname: entities\ntrials: 2\nregions:\n  - name: westeurope\n"
        "    pair: northeurope\nvms:\n");
    for (int g = 0; g < groups; g++) {
        OUT("  - name: g%d\n    count: %d\n    region: westeurope\n    disks: [", g, count);
        for (int d = 0; d < disks; d++)
            OUT("%s{ size: 1GiB, kind: standard, churn: 1KB/s }", d ? ", " : "");
        OUT("]\n");
    }
    OUT("strategies:\n  - name: wait\n    kind: wait\n");
    OUT("outages:\n  - region: westeurope\n    at: 1h\n    duration: 2h\n");
    if (combos > 1) {
        OUT("sweep:\n  outages.0.duration: [");
        for (int i = 0; i < combos && i < 100; i++)
            OUT("%s%dh", i ? ", " : "", i + 1);
        OUT("]\n");
        if (combos > 100) {
            OUT("  detection.monitor: [");
            for (int i = 0; i < combos / 100; i++)
                OUT("%s%dm", i ? ", " : "", i + 1);
            OUT("]\n");
        }
    }
#undef OUT
    cr_assert_lt(len, cap);
    return s;
}

/* Loads text; returns the first diagnostic's message (static) or "" when it
 * loads. */
static const char *load(const char *text)
{
    static char first[1024];
    scn_scenario *s = NULL;
    scn_diags d;
    scn_diags_init(&d);
    err_code rc = scn_load_buffer("e.yaml", text, strlen(text), &s, &d);
    first[0] = '\0';
    for (size_t i = 0; i < d.len; i++)
        if (!d.items[i].warning) {
            snprintf(first, sizeof first, "%u: %s", d.items[i].line, d.items[i].message);
            break;
        }
    cr_assert_eq(rc == ERR_OK, first[0] == '\0', "%s", first);
    scn_free(s);
    scn_diags_free(&d);
    return first;
}

Test(limits, vms_disks_and_the_sweeps_worlds_are_bounded)
{
    char *t = entity_scenario(6, 1000, 0, 1);
    cr_assert_str_eq(load(t), "8: vms: 6000 VMs in all (the groups' counts added up); at most "
                              "5000");
    free(t);
    t = entity_scenario(5, 1000, 3, 1); /* 5000 VMs, 20000 disks: the limits themselves */
    cr_assert_str_eq(load(t), "");
    free(t);
    t = entity_scenario(2, 1000, 10, 1);
    cr_assert_str_eq(load(t), "8: vms: 22000 disks in all (each group's count times its "
                              "disks, the OS disk included); at most 20000");
    free(t);
    /* 1000 combinations of a world just over 1000 entries (the catalogue's
     * regions, groups with their OS disks, an outage, a strategy): refused
     * before they are built; 1000 entries or one group fewer is the limit
     * itself. The group count follows the catalogue's size. */
    size_t base = cat_nregions + 2;
    int over = (int)((1000 - base) / 2) + 1;
    size_t entries = base + 2 * (size_t)over;
    char want[128], make[64];
    snprintf(want, sizeof want, "sweep: 1000 combinations of a world of %zu entries", entries);
    snprintf(make, sizeof make, "make %zu000; at most 1000000", entries);
    t = entity_scenario(over, 1, 0, 1000);
    const char *msg = load(t);
    cr_assert(strstr(msg, want) != NULL && strstr(msg, make) != NULL, "%s", msg);
    free(t);
    t = entity_scenario(over - 1, 1, 0, 1000);
    cr_assert_str_eq(load(t), "");
    free(t);
}

/* ---- Files a scenario refers to ---------------------------------------------------- */

/* empirical(file=NAME) relative to dir: the error text, or "" when it loads. */
static const char *empirical(const char *dir, const char *name)
{
    static char msg[ERR_MSG_MAX];
    char text[1200];
    snprintf(text, sizeof text, "empirical(file=%s)", name);
    arena a;
    arena_init(&a);
    dist d;
    err_msg e;
    err_clear(&e);
    err_code rc = dtext_parse(UNITS_DURATION, text, dir, &a, &d, &e);
    snprintf(msg, sizeof msg, "%s", rc == ERR_OK ? "" : e.text);
    cr_assert(rc == ERR_OK || rc == ERR_INPUT, "%s: %d", name, rc);
    arena_free(&a);
    return msg;
}

Test(limits, files_a_scenario_refers_to_are_read_only_as_small_regular_files)
{
    const char *dir = th_tmpdir();
    char path[600];
    /* Exactly the bound loads; one byte more does not. */
    snprintf(path, sizeof path, "%s/bound.txt", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("45s\n", f);
    for (size_t n = 4; n < DTEXT_EMPIRICAL_FILE_MAX; n++)
        fputc(n + 1 == DTEXT_EMPIRICAL_FILE_MAX ? '\n' : n == 4 ? '#' : 'x', f);
    cr_assert_eq(fclose(f), 0);
    cr_assert_str_eq(empirical(dir, "bound.txt"), "");
    f = fopen(path, "a");
    fputc('\n', f);
    fclose(f);
    cr_assert(strstr(empirical(dir, "bound.txt"), "is larger than 1 MiB") != NULL);

    /* A directory, a FIFO (no writer: it must not block), devices, and a
     * link to one. */
    snprintf(path, sizeof path, "%s/fifo", dir);
    cr_assert_eq(mkfifo(path, 0644), 0);
    char link_zero[600];
    snprintf(link_zero, sizeof link_zero, "%s/zero", dir);
    cr_assert_eq(symlink("/dev/zero", link_zero), 0);
    const char *refused[] = {".", "fifo"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        cr_assert(strstr(empirical(dir, refused[i]), "is not a regular file") != NULL, "%s: %s",
                  refused[i], empirical(dir, refused[i]));
    /* Devices are outside the scenario's folder anyway. */
    cr_assert(strstr(empirical(dir, "/dev/zero"), "give a path relative") != NULL);
    cr_assert(strstr(empirical(dir, "/dev/urandom"), "give a path relative") != NULL);
    cr_assert(strstr(empirical(dir, "zero"), "lies outside the scenario's folder") != NULL);
    cr_assert(strstr(empirical(dir, "missing.txt"), "No such file") != NULL);

    /* Through a scenario file and the command line. */
    char scn[600];
    snprintf(scn, sizeof scn, "%s/s.yaml", dir);
    th_write_file(scn, "drsim: 1\nname: refers\nregions:\n  - {name: westeurope, pair: "
                       "northeurope}\nvms:\n  - {name: web, region: westeurope}\n"
                       "strategies:\n  - {name: wait, kind: wait}\noutages:\n"
                       "  - {region: westeurope, at: 1h, duration: empirical(file=fifo)}\n");
    th_result r = th_drsim_run("validate", scn, NULL);
    cr_assert_eq(r.status, 2, "%s", r.err);
    cr_assert(strstr(r.err, "s.yaml:10:") != NULL && strstr(r.err, "is not a regular file"),
              "%s", r.err);
    th_result_free(&r);
}

/* A scenario's value files are confined to its folder's tree: no absolute
 * path, no ".." out of it, no symlink out of it; and a file that is not
 * values is not repeated into the error beyond a few bytes. */
Test(limits, empirical_files_stay_inside_the_scenarios_folder)
{
    const char *top = th_tmpdir();
    char dir[700], path[800];
    snprintf(dir, sizeof dir, "%s/scn", top);
    cr_assert_eq(mkdir(dir, 0755), 0);
    snprintf(path, sizeof path, "%s/sub", dir);
    cr_assert_eq(mkdir(path, 0755), 0);
    snprintf(path, sizeof path, "%s/creds", top);
    cr_assert_eq(th_write_file(path, "root:x:0:0:root:/root:/bin/bash\n"), 0);
    snprintf(path, sizeof path, "%s/vals.txt", dir);
    cr_assert_eq(th_write_file(path, "1m\n2m\n"), 0);
    snprintf(path, sizeof path, "%s/out", dir);
    cr_assert_eq(symlink("../creds", path), 0);
    snprintf(path, sizeof path, "%s/in", dir);
    cr_assert_eq(symlink("vals.txt", path), 0);
    snprintf(path, sizeof path, "%s/secret.txt", dir);
    cr_assert_eq(th_write_file(path, "password=hunter2-and-more-secret-text\n"), 0);

    cr_assert_str_eq(empirical(dir, "vals.txt"), "");
    cr_assert_str_eq(empirical(dir, "sub/../vals.txt"), "", "a way that stays inside");
    cr_assert_str_eq(empirical(dir, "in"), "", "a symlink that stays inside");
    snprintf(path, sizeof path, "%s/up", dir);
    cr_assert_eq(symlink("..", path), 0);
    /* Whether a file out there exists is not told: a missing one outside is
     * refused as outside, like an existing one, through ".." or a symlink. */
    const char *out[] = {"../creds", "sub/../../creds", "out", "../no-such-file",
                         "up/creds", "up/no-such-file", "up/no-such-dir/no-such-file"};
    for (size_t i = 0; i < sizeof out / sizeof out[0]; i++) {
        const char *m = empirical(dir, out[i]);
        cr_assert(strstr(m, "lies outside the scenario's folder") != NULL, "%s: %s", out[i], m);
        cr_assert(strstr(m, "root") == NULL, "%s: %s", out[i], m);
    }
    const char *m = empirical(dir, "/etc/passwd");
    cr_assert(strstr(m, "give a path relative") != NULL && strstr(m, "root") == NULL, "%s", m);
    m = empirical(dir, "secret.txt");
    cr_assert(strstr(m, "line 1: not a duration (it begins \"password=hunter2...\")") != NULL,
              "%s", m);
    cr_assert(strstr(m, "secret-text") == NULL, "%s", m);
}
