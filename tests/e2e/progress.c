/*
 * progress.c — the progress line of `drsim run`: on stderr when it is a
 * terminal (trials done of total, trials/s, ETA); nothing when it is not, or
 * with --quiet.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/support/argv.h"
#include "tests/support/helpers.h"

/* Runs drsim with stderr on a pseudo-terminal; returns what the terminal saw. */
static char *run_on_tty(const char *quiet)
{
    const char *dir = th_tmpdir();
    char db[256];
    snprintf(db, sizeof db, "%s/p.db", dir);
    int master;
    pid_t pid = forkpty(&master, NULL, NULL, NULL);
    cr_assert(pid >= 0, "forkpty failed");
    if (pid == 0) {
        /* stdout to /dev/null, stderr stays on the terminal. */
        if (freopen("/dev/null", "w", stdout) == NULL)
            _exit(127);
        char **argv = th_argv((const char *const[]){th_drsim(), "run", "scenarios/example.yaml",
                                                    "--db", db, "--trials", "3000", quiet,
                                                    NULL});
        if (argv != NULL)
            execv(argv[0], argv);
        _exit(127);
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (len + 4096 > cap)
            buf = realloc(buf, cap *= 2);
        ssize_t n = read(master, buf + len, cap - len - 1);
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    buf[len] = '\0';
    int status;
    waitpid(pid, &status, 0);
    close(master);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) <= 1, "drsim failed on a terminal: %s", buf);
    return buf;
}

Test(progress, shown_on_a_terminal)
{
    char *seen = run_on_tty(NULL);
    cr_assert(strstr(seen, "trials/s") != NULL, "no progress line on a terminal: %s", seen);
    cr_assert(strstr(seen, "ETA") != NULL);
    cr_assert(strstr(seen, " trials (") != NULL, "progress shows done/total trials: %s", seen);
    free(seen);
}

Test(progress, silent_with_quiet_or_without_a_terminal)
{
    char *seen = run_on_tty("--quiet");
    cr_assert(strstr(seen, "trials/s") == NULL, "progress despite --quiet: %s", seen);
    free(seen);
    const char *dir = th_tmpdir();
    char db[256];
    snprintf(db, sizeof db, "%s/q.db", dir);
    th_result r =
        th_drsim_run("run", "scenarios/example.yaml", "--db", db, "--trials", "300", NULL);
    cr_assert(strstr(r.err, "trials/s") == NULL, "progress on a pipe: %s", r.err);
    th_result_free(&r);
}
