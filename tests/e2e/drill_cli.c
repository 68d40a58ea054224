/*
 * drill_cli.c — `drsim drill` as people and pipelines use it.
 *
 * On a pseudo-terminal (posix_openpt: what ssh and tmux give a program), a
 * team plays scenarios/drill-region-loss.yaml's trial 3 — West Europe on
 * fire — from the page to the debrief: status, help, Tab completion, an
 * action, an unreadable line, Ctrl-C answered no, Ctrl-D. In tmux, on a
 * 60-column pane, what a person sees is checked line by line (tests/e2e/
 * drill_tmux.sh). From a script: the exit status is the verdict, a bad line
 * is FILE:LINE:COL, and --replay prints what the team did.
 */
/* posix_openpt, grantpt, unlockpt, ptsname, putenv: XSI. */
#define _XOPEN_SOURCE 700

#include <criterion/criterion.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "reports/store/store.h"
#include "tests/support/helpers.h"

#define SCENARIO "scenarios/drill-region-loss.yaml"

static const char *path_in(const char *name)
{
    static char buf[4][600];
    static int k;
    char *p = buf[k++ % 4];
    snprintf(p, sizeof buf[0], "%s/%s", th_tmpdir(), name);
    return p;
}

Test(drill_cli, a_script_plays_the_outage_and_its_replay_shows_what_was_done)
{
    const char *script = path_in("good.drill"), *db = path_in("script.db");
    unlink(db);
    cr_assert_eq(th_write_file(script, "# the on-call's plan\n"
                                       "at 20m: recovery-plan failover --recovery-point latest\n"
                                       "at 30m: storage account failover media\n"
                                       "at 30m: recovery-plan commit\n"),
                 0);
    th_result r = th_drsim_run("drill", SCENARIO, "--trial", "3", "--script", script, "--db", db,
                               "--debrief-trials", "100", NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "It is Tue 02:23. Your pager goes off.") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "REFUSED: the failover has not completed yet") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "Debrief: drill 1 of drill-region-loss, trial 3") != NULL, "%s",
              r.out);
    cr_assert(strstr(r.out, "pass  rto.p95 <= 4h") != NULL, "%s", r.out);
    th_result_free(&r);
    r = th_drsim_run("drill", "--replay", "1", "--db", db, NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "played by a script") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "you: recovery-plan failover --recovery-point latest -> failover of "
                            "the recovery plan to germanywestcentral started") != NULL,
              "%s", r.out);
    cr_assert(strstr(r.out, "outage_start westeurope") != NULL, "%s", r.out);
    th_result_free(&r);
    /* `drsim runs` lists it, with the team's RTO. */
    r = th_drsim_run("runs", "--db", db, NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "drill  started (UTC)") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "drill-region-loss      3  end") != NULL, "%s", r.out);
    th_result_free(&r);
    /* For scripts: the drills alone as JSON, and their ids. */
    r = th_drsim_run("runs", "--db", db, "--drills", "--json", NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "\"id\": 1,") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "\"scenario\": \"drill-region-loss\",") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "\"trial\": 3,") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "\"ended\": \"end\",") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "\"team_rto_s\": ") != NULL, "%s", r.out);
    th_result_free(&r);
    r = th_drsim_run("runs", "--db", db, "--drills", "--ids", NULL);
    th_expect(&r, 0);
    cr_assert_str_eq(r.out, "1\n");
    th_result_free(&r);
    r = th_drsim_run("runs", "--db", db, "--drills", "--variants", "1", NULL);
    th_expect(&r, 2);
    th_result_free(&r);
    /* And `drsim report --drill` makes its page. */
    const char *html = path_in("debrief.html");
    r = th_drsim_run("report", "--drill", "1", "--db", db, "-o", html, NULL);
    th_expect(&r, 0);
    th_result_free(&r);
    char *page = th_read_file(html, NULL);
    cr_assert(page != NULL && strstr(page, "drsim drill debrief") != NULL);
    free(page);
}

Test(drill_cli, a_team_that_misses_its_targets_exits_1)
{
    const char *script = path_in("idle.drill"), *db = path_in("idle.db");
    unlink(db);
    cr_assert_eq(th_write_file(script, "wait 6h\n"), 0);
    th_result r = th_drsim_run("drill", SCENARIO, "--trial", "3", "--script", script, "--db", db,
                               "--debrief-trials", "50", NULL);
    th_expect(&r, 1);
    cr_assert(strstr(r.out, "FAIL  rto.p95 <= 4h") != NULL, "%s", r.out);
    th_result_free(&r);
}

Test(drill_cli, a_bad_script_line_names_its_file_line_and_column)
{
    const char *script = path_in("bad.drill"), *db = path_in("bad.db");
    cr_assert_eq(th_write_file(script, "at 10m: recovery-plan failover\n"
                                       "at 20m: storage account failover medi\n"),
                 0);
    th_result r = th_drsim_run("drill", SCENARIO, "--trial", "3", "--script", script, "--db", db,
                               NULL);
    th_expect(&r, 2);
    char want[800];
    snprintf(want, sizeof want,
             "drsim: %s:2:34: 'medi' is not a storage account of the scenario\n", script);
    cr_assert_str_eq(r.err, want);
    th_result_free(&r);
    store *st = NULL;
    err_msg e;
    cr_assert_eq(store_open(db, STORE_WRITE, &st, &e), ERR_OK, "%s", e.text);
    store_close(st);
    r = th_drsim_run("drill", "--replay", "9", "--db", db, NULL);
    th_expect(&r, 2);
    cr_assert(strstr(r.err, "no drill 9 in") != NULL, "%s", r.err);
    th_result_free(&r);
    /* --replay prints; the options of a drill being played are refused. */
    r = th_drsim_run("drill", "--replay", "9", "--jobs", "2", "--db", db, NULL);
    th_expect(&r, 2);
    cr_assert(strstr(r.err, "--replay prints a stored drill") != NULL, "%s", r.err);
    th_result_free(&r);
}

/* ---- on a pseudo-terminal ---------------------------------------------------------- */

typedef struct pty {
    int fd;
    pid_t pid;
    char *seen; /* everything the terminal received */
    size_t len, cap;
} pty;

static pty pty_start(const char *const *argv, const char *const *env)
{
    pty p = {.fd = posix_openpt(O_RDWR | O_NOCTTY)};
    cr_assert(p.fd >= 0);
    cr_assert_eq(grantpt(p.fd), 0);
    cr_assert_eq(unlockpt(p.fd), 0);
    const char *slave = ptsname(p.fd);
    cr_assert_not_null(slave);
    p.pid = fork();
    cr_assert(p.pid >= 0);
    if (p.pid == 0) {
        setsid();
        int s = open(slave, O_RDWR);
        if (s < 0)
            _exit(127);
        struct winsize ws = {.ws_row = 40, .ws_col = 100};
        ioctl(s, TIOCSWINSZ, &ws);
        dup2(s, 0);
        dup2(s, 1);
        dup2(s, 2);
        close(p.fd);
        for (size_t i = 0; env[i]; i++)
            putenv((char *)(uintptr_t)env[i]);
        execv(argv[0], (char *const *)(uintptr_t)argv);
        _exit(127);
    }
    return p;
}

/* Reads until `want` has appeared after offset `from` (or 60 s pass: a
 * loaded machine is slow, and the step fails only when it never comes). */
static bool pty_wait(pty *p, size_t from, const char *want)
{
    time_t end = time(NULL) + 60;
    while (time(NULL) < end) {
        if (p->seen && p->len > from && strstr(p->seen + from, want))
            return true;
        struct pollfd pf = {p->fd, POLLIN, 0};
        if (poll(&pf, 1, 200) <= 0)
            continue;
        char buf[4096];
        ssize_t n = read(p->fd, buf, sizeof buf);
        if (n <= 0)
            break;
        if (p->len + (size_t)n + 1 > p->cap) {
            p->cap = 2 * (p->len + (size_t)n + 1);
            p->seen = realloc(p->seen, p->cap);
            cr_assert_not_null(p->seen);
        }
        memcpy(p->seen + p->len, buf, (size_t)n);
        p->len += (size_t)n;
        p->seen[p->len] = '\0';
    }
    return p->seen && p->len > from && strstr(p->seen + from, want);
}

static void pty_type(pty *p, const char *keys)
{
    cr_assert_eq(write(p->fd, keys, strlen(keys)), (ssize_t)strlen(keys));
}

/* Types `keys` and waits for `want` in what comes back. */
static void step(pty *p, const char *keys, const char *want)
{
    size_t from = p->len;
    pty_type(p, keys);
    cr_assert(pty_wait(p, from, want), "after %s: no '%s' in:\n%s", keys, want,
              p->seen ? p->seen + from : "");
}

/* As step, then waits for the prompt after `want`: keys typed before it
 * reach a terminal in cooked mode (libedit edits only while a prompt is
 * up), where a Ctrl-D is the kernel's end of file, not a key. */
static void step_to_prompt(pty *p, const char *keys, const char *want)
{
    step(p, keys, want);
    const char *last = p->seen;
    for (const char *q = p->seen; (q = strstr(q, want)) != NULL; q++)
        last = q;
    size_t at = (size_t)(last - p->seen);
    cr_assert(pty_wait(p, at, "> "), "no prompt after '%s':\n%s", want, p->seen + at);
}

/* `drsim drill` of the scenario's trial 3 on a pty, NO_COLOR, its drill
 * stored in a database of its own (`dbname` in the test's directory), with
 * the options in `more` (NULL-terminated); returns at its first prompt. */
static pty drill_on_pty(const char *dbname, const char *const *more)
{
    char db[600];
    snprintf(db, sizeof db, "DRSIM_DB=%s", path_in(dbname));
    unlink(db + strlen("DRSIM_DB="));
    const char *argv[16] = {th_drsim(), "drill", SCENARIO, "--trial", "3", "--debrief-trials",
                            "50"};
    size_t n = 7;
    for (size_t i = 0; more[i] != NULL && n + 1 < sizeof argv / sizeof argv[0]; i++)
        argv[n++] = more[i];
    argv[n] = NULL;
    const char *env[] = {"NO_COLOR=1", "TERM=xterm", db, NULL};
    pty p = pty_start(argv, env);
    cr_assert(pty_wait(&p, 0, "Tue 02:23 +0s> "), "no prompt:\n%s", p.seen ? p.seen : "");
    return p;
}

Test(drill_cli, at_a_terminal_from_the_page_to_the_debrief, .timeout = 600)
{
    pty p = drill_on_pty("pty.db", (const char *const[]){NULL});
    cr_assert(strstr(p.seen, "Your pager goes off.") != NULL);
    step(&p, "status\r", "Site Recovery to germanywestcentral");
    step(&p, "help recovery-plan failover\r", "reliability-site-recovery.md");
    /* Tab completes the action's words: "recovery-plan fa<Tab>" becomes
     * "failover" (the terminal is sent the rest, "ilover"). */
    step(&p, "recovery-plan fa\t", "ilover");
    step(&p, "\r", "failover of the recovery plan to germanywestcentral started");
    step(&p, "wait until next alert\r", "STATUS PAGE (westeurope): Investigating");
    step(&p, "storage account failover medi\r", "^ 'medi' is not a storage account");
    step(&p, "\x03", "Leave the drill?");
    step(&p, "n\r", "Going on.");
    step_to_prompt(&p, "storage account failover media\r", "unplanned failover of media");
    /* Ctrl-D at the new prompt, as a person presses it, once drsim waits
     * for a key again: one typed while it is busy reaches a terminal in
     * cooked mode, where it is no character (a person presses it again). */
    nanosleep(&(struct timespec){0, 500000000}, NULL);
    size_t from = p.len;
    pty_type(&p, "\x04");
    cr_assert(pty_wait(&p, from, "Debrief: drill 1 of drill-region-loss, trial 3"), "%s",
              p.seen + from);
    cr_assert(pty_wait(&p, from, "Stored as drill 1"), "%s", p.seen + from);
    int status = 0;
    cr_assert_eq(waitpid(p.pid, &status, 0), p.pid);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %d", status);
    /* NO_COLOR: no escape sequence but line editing's moves of the cursor
     * (CSI, digits, a letter among A-D, G, H, J, K): no colour (m), no
     * title (OSC), nothing else. */
    for (const char *q = strchr(p.seen, 0x1b); q != NULL; q = strchr(q + 1, 0x1b)) {
        size_t k = 1;
        cr_assert(q[k] == '[', "an escape sequence not CSI at %zu", (size_t)(q - p.seen));
        for (k++; q[k] >= '0' && q[k] <= '9'; k++)
            continue;
        cr_assert(q[k] != '\0' && strchr("ABCDGHJK", q[k]) != NULL,
                  "an escape sequence that is not a cursor move: \\e%.*s", (int)k + 1, q + 1);
    }
    close(p.fd);
    free(p.seen);
}

/* Waits for the drill to exit; its exit status. */
static int pty_exit(pty *p)
{
    int status = 0;
    cr_assert_eq(waitpid(p->pid, &status, 0), p->pid);
    cr_assert(WIFEXITED(status), "status %d", status);
    close(p->fd);
    free(p->seen);
    return WEXITSTATUS(status);
}

Test(drill_cli, at_a_terminal_a_second_ctrl_c_while_asking_leaves, .timeout = 600)
{
    pty p = drill_on_pty("leave.db", (const char *const[]){NULL});
    step(&p, "\x03", "Leave the drill?");
    step(&p, "\x03", "The drill ends (you left)");
    cr_assert(pty_wait(&p, 0, "Stored as drill 1"), "%s", p.seen);
    /* Left at the page: the shop is not back, the runbook's targets missed. */
    cr_assert_eq(pty_exit(&p), 1);
}

/* --pace: the clock moves while the team types, and what was typed stays:
 * "sta" typed before a tick is still there after it, under the new clock,
 * and "tus" completes it into `status`. */
Test(drill_cli, at_a_terminal_a_paced_clock_keeps_what_is_being_typed, .timeout = 600)
{
    pty p = drill_on_pty("paced.db", (const char *const[]){"--pace", "600", NULL});
    step(&p, "sta", "sta");
    size_t from = p.len;
    cr_assert(pty_wait(&p, from, "m> sta"), "the typed text was lost:\n%s", p.seen + from);
    cr_assert(strstr(p.seen + from, "+0s> sta") == NULL, "the clock did not move:\n%s",
              p.seen + from);
    step_to_prompt(&p, "tus\r", "Site Recovery to germanywestcentral");
    step(&p, "\x04", "Debrief: drill 1 of drill-region-loss, trial 3");
    cr_assert(pty_wait(&p, 0, "Stored as drill 1"), "%s", p.seen);
    pty_exit(&p);
}

Test(drill_cli, in_tmux_a_person_sees_it_on_a_narrow_pane, .timeout = 600)
{
    const char *argv[] = {"/bin/sh", "tests/e2e/drill_tmux.sh", th_drsim(), th_tmpdir(), NULL};
    th_result r = th_run(argv, NULL);
    if (r.status == 77)
        cr_skip_test("%s", r.out);
    cr_assert_eq(r.status, 0, "stdout:\n%s\nstderr:\n%s", r.out, r.err);
    th_result_free(&r);
}
