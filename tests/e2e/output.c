/*
 * output.c — what drsim writes besides the database, when it cannot be
 * written: the JUnit report (run/check --junit), a merge's output database
 * (merge -o) and the commands' standard output, each to a full device
 * (/dev/full) and to a place that cannot be written. Every case exits 3 with
 * a message naming the file, and a run already stored stays stored. An
 * output that names an input — the results database, a scenario file, a
 * merge's own input, under another name too — is refused (exit 2) before
 * anything is written.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reports/store/store.h"
#include "tests/support/helpers.h"
#include "tests/support/store_fixture.h"

static void init(void)
{
    store_global_init();
}

TestSuite(output, .init = init);

Test(output, a_junit_report_that_cannot_be_written_is_exit_3_naming_it)
{
    const char *dir = th_tmpdir();
    const char *scn = th_scenario(dir, "s.yaml", "junit", 4, NULL);
    char db[600], sub[600], inside[700];
    snprintf(db, sizeof db, "%s/r.db", dir);
    snprintf(sub, sizeof sub, "%s/reports", dir);
    snprintf(inside, sizeof inside, "%s/missing/junit.xml", dir);

    /* A full device: the run is stored, the report fails. */
    th_result r = th_drsim_run("run", scn, "--db", db, "--junit", "/dev/full", "--quiet", NULL);
    th_expect(&r, 3);
    th_expect_err(&r, "drsim: /dev/full: cannot write the JUnit report: No space left on device");
    th_result_free(&r);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM run WHERE status = 'done'"), 1);

    /* A directory that does not exist, and a directory as the file: refused
     * before anything runs. */
    r = th_drsim_run("check", scn, "--db", db, "--junit", inside, "--quiet", NULL);
    th_expect(&r, 3);
    char msg[800];
    snprintf(msg, sizeof msg, "drsim: %s: cannot write the JUnit report: No such file", inside);
    th_expect_err(&r, msg);
    th_result_free(&r);
    cr_assert_eq(mkdir(sub, 0755), 0);
    r = th_drsim_run("run", scn, "--db", db, "--junit", sub, "--quiet", NULL);
    th_expect(&r, 3);
    snprintf(msg, sizeof msg, "drsim: %s: cannot write the JUnit report: it is a directory", sub);
    th_expect_err(&r, msg);
    th_result_free(&r);
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM run"), 1, "a run began all the same");

    /* A directory drsim may not write to. */
    cr_assert_eq(chmod(dir, 0755), 0);
    cr_assert_eq(chmod(scn, 0644), 0);
    cr_assert_eq(chmod(sub, 0555), 0);
    char ro[700], other[600];
    snprintf(ro, sizeof ro, "%s/junit.xml", sub);
    snprintf(other, sizeof other, "/tmp/drsim-output-%d.db", (int)getpid());
    const char *args[] = {"run", scn, "--db", other, "--junit", ro, "--quiet", NULL};
    th_child nobody = {.unprivileged = 1};
    r = th_drsim_argv(args, &nobody);
    th_expect(&r, 3);
    snprintf(msg, sizeof msg, "drsim: %s: cannot write the JUnit report: Permission denied", ro);
    th_expect_err(&r, msg);
    th_result_free(&r);
    unlink(other);
}

Test(output, a_merge_output_that_cannot_be_written_is_exit_3_naming_it)
{
    const char *dir = th_tmpdir();
    char a[600], b[600], missing[700], ro[700];
    snprintf(a, sizeof a, "%s/a.db", dir);
    snprintf(b, sizeof b, "%s/b.db", dir);
    snprintf(missing, sizeof missing, "%s/nowhere/m.db", dir);
    sf_run one = {.trials = 6};
    sf_write_run(a, &one);
    sf_run two = {.scenario = "two", .trials = 6};
    sf_write_run(b, &two);

    const char *outs[] = {"/dev/full", missing};
    for (size_t i = 0; i < 2; i++) {
        th_result r = th_drsim_run("merge", a, b, "-o", outs[i], NULL);
        th_expect(&r, 3);
        char prefix[800];
        snprintf(prefix, sizeof prefix, "drsim: %s: ", outs[i]);
        th_expect_err(&r, prefix);
        th_result_free(&r);
    }
    /* A read-only directory, for an unprivileged user. */
    char sub[600];
    snprintf(sub, sizeof sub, "%s/ro", dir);
    cr_assert_eq(mkdir(sub, 0555), 0);
    cr_assert_eq(chmod(dir, 0755), 0);
    cr_assert_eq(chmod(a, 0644), 0);
    snprintf(ro, sizeof ro, "%s/m.db", sub);
    const char *args[] = {"merge", a, "-o", ro, NULL};
    th_child nobody = {.unprivileged = 1};
    th_result r = th_drsim_argv(args, &nobody);
    th_expect(&r, 3);
    char msg[1600];
    snprintf(msg, sizeof msg, "drsim: %s: cannot write runs into the results database: its "
                              "directory %s is not writable",
             ro, sub);
    th_expect_err(&r, msg);
    th_result_free(&r);
    struct stat sb;
    cr_assert(stat(ro, &sb) != 0);
}

Test(output, an_output_naming_an_input_is_refused_before_anything_is_written)
{
    const char *dir = th_tmpdir();
    const char *scn = th_scenario(dir, "s.yaml", "same", 3, NULL);
    char db[600], alias[600], hard[600];
    snprintf(db, sizeof db, "%s/r.db", dir);
    snprintf(alias, sizeof alias, "%s/./r.db", dir);
    snprintf(hard, sizeof hard, "%s/hard.db", dir);
    th_result r = th_drsim_run("run", scn, "--db", db, "--quiet", NULL);
    th_expect(&r, 0);
    th_result_free(&r);
    cr_assert_eq(link(db, hard), 0);
    char *before = sf_dump_rows(db, 1);
    size_t len0;
    char *bytes0 = th_read_file(db, &len0);

    const char *names[] = {db, alias, hard};
    for (size_t i = 0; i < 3; i++) {
        r = th_drsim_run("run", scn, "--db", db, "--junit", names[i], "--quiet", NULL);
        th_expect(&r, 2);
        th_expect_err(&r, "is the results database");
        th_result_free(&r);
        r = th_drsim_run("merge", db, "-o", names[i], NULL);
        th_expect(&r, 2);
        th_expect_err(&r, "is also an input");
        th_result_free(&r);
    }
    r = th_drsim_run("check", scn, "--db", db, "--junit", scn, "--quiet", NULL);
    th_expect(&r, 2);
    th_expect_err(&r, "is a scenario file");
    th_result_free(&r);
    char *text = th_read_file(scn, NULL);
    cr_assert(strncmp(text, "drsim: 1\n", 9) == 0, "the scenario file was overwritten");
    free(text);

    size_t len1;
    char *bytes1 = th_read_file(db, &len1);
    cr_assert(len0 == len1 && memcmp(bytes0, bytes1, len0) == 0, "the database changed");
    char *after = sf_dump_rows(db, 1);
    cr_assert_str_eq(after, before);
    free(before);
    free(after);
    free(bytes0);
    free(bytes1);
}

Test(output, standard_output_on_a_full_device_is_exit_3)
{
    const char *dir = th_tmpdir();
    const char *scn = th_scenario(dir, "s.yaml", "stdout", 3, NULL);
    char db[600];
    snprintf(db, sizeof db, "%s/r.db", dir);
    th_result r = th_drsim_run("run", scn, "--db", db, "--trace", "1", "--quiet", NULL);
    th_expect(&r, 0);
    th_result_free(&r);
    const char *const cmds[][8] = {
        {"run", scn, "--db", db, NULL},
        {"run", scn, "--db", db, "--json", NULL},
        {"runs", "--db", db, NULL},
        {"runs", "--db", db, "--json", NULL},
        {"show", "1", "--db", db, NULL},
        {"show", "1", "--db", db, "--json", NULL},
        {"compare", "1", "--db", db, NULL},
        {"timeline", "1", "--db", db, NULL},
        {"validate", "--print", scn, NULL},
        {"solve", scn, "--param", "strategies.asr.decide", "--range", "0..1h", NULL},
        {"--help", NULL},
    };
    th_child full = {.stdout_path = "/dev/full"};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        r = th_drsim_argv(cmds[i], &full);
        cr_assert_eq(r.status, 3, "drsim %s > /dev/full: exit %d\n%s", cmds[i][0], r.status,
                     r.err);
        th_expect_err(&r, "cannot write");
        th_result_free(&r);
    }
    cr_assert_eq(sf_count(db, "SELECT count(*) FROM run WHERE status = 'done'"), 3,
                 "the runs whose summary could not be printed are stored all the same");
}
