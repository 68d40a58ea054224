/*
 * helpers.c — file, process and path helpers for the tests.
 */
#define _GNU_SOURCE
#include "tests/support/helpers.h"

#include "tests/support/argv.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

char *th_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (n + 1 >= cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        if (got == 0)
            break;
        n += got;
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

int th_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return -1;
    size_t n = strlen(text);
    int rc = fwrite(text, 1, n, f) == n ? 0 : -1;
    if (fclose(f) != 0)
        rc = -1;
    return rc;
}

const char *th_drsim(void)
{
    const char *bin = getenv("DRSIM_BIN");
    return bin && *bin ? bin : "build/release/drsim";
}

/* Drains two pipes concurrently so a chatty child cannot block on a full pipe. */
static void drain(int out_fd, int err_fd, char **out, char **err)
{
    size_t cap[2] = {4096, 4096}, len[2] = {0, 0};
    char *buf[2] = {malloc(4096), malloc(4096)};
    struct pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
    int open_fds = 2;
    while (open_fds > 0) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            if (len[i] + 4096 >= cap[i]) {
                cap[i] *= 2;
                buf[i] = realloc(buf[i], cap[i]);
            }
            ssize_t got = read(fds[i].fd, buf[i] + len[i], cap[i] - len[i] - 1);
            if (got <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                open_fds--;
            } else {
                len[i] += (size_t)got;
            }
        }
    }
    buf[0][len[0]] = '\0';
    buf[1][len[1]] = '\0';
    *out = buf[0];
    *err = buf[1];
}

/* A copy of program `bin` that user nobody may run: the checkout may sit
 * where only root may enter (a clone under /root, or in a 0700 directory of
 * mkdtemp). One copy per process, in a 0755 directory under /tmp. */
static const char *runnable_by_nobody(const char *bin)
{
    static char copied_from[4096], path[64];
    if (strcmp(copied_from, bin) == 0)
        return path;
    char dir[48] = "/tmp/drsim-nobody-XXXXXX";
    cr_assert(mkdtemp(dir) != NULL && chmod(dir, 0755) == 0, "cannot make %s", dir);
    snprintf(path, sizeof path, "%s/drsim", dir);
    size_t len = 0;
    char *bytes = th_read_file(bin, &len);
    cr_assert(bytes != NULL, "cannot read %s", bin);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    cr_assert(fd >= 0 && write(fd, bytes, len) == (ssize_t)len && close(fd) == 0,
              "cannot copy %s to %s", bin, path);
    free(bytes);
    snprintf(copied_from, sizeof copied_from, "%s", bin);
    return path;
}

th_result th_run(const char *const argv[], const char *const extra_env[])
{
    return th_run_ex(argv, extra_env, NULL);
}

th_result th_run_ex(const char *const argv_in[], const char *const extra_in[],
                    const th_child *child)
{
    /* execve takes char *const[]: mutable copies, released after the fork. */
    char **argv = th_argv(argv_in);
    char **extra_env = extra_in ? th_argv(extra_in) : NULL;
    cr_assert(argv != NULL && (extra_in == NULL || extra_env != NULL), "out of memory");
    int out_pipe[2], err_pipe[2];
    cr_assert(pipe(out_pipe) == 0 && pipe(err_pipe) == 0, "pipe failed");

    size_t nenv = 0, nextra = 0;
    while (environ[nenv])
        nenv++;
    while (extra_env && extra_env[nextra])
        nextra++;
    char **env = calloc(nenv + nextra + 2, sizeof *env);
    size_t k = 0;
    for (size_t i = 0; i < nextra; i++)
        env[k++] = extra_env[i];
    /* Under make test VALGRIND=1 each process logs to PID-AS.log: a child
     * that drops to nobody keeps its PID, and the log its root copy opened
     * at the fork is not nobody's to write. */
    static char as_nobody[] = "DRSIM_VALGRIND_AS=nobody";
    int tag = child != NULL && child->unprivileged && getenv("DRSIM_VALGRIND_AS") != NULL;
    if (tag)
        env[k++] = as_nobody;
    for (size_t i = 0; i < nenv; i++) {
        int overridden = 0;
        for (size_t j = 0; j < nextra; j++) {
            const char *eq = strchr(extra_env[j], '=');
            size_t n = eq ? (size_t)(eq - extra_env[j]) + 1 : strlen(extra_env[j]);
            if (strncmp(environ[i], extra_env[j], n) == 0)
                overridden = 1;
        }
        if (tag && strncmp(environ[i], "DRSIM_VALGRIND_AS=", 18) == 0)
            overridden = 1;
        if (!overridden)
            env[k++] = environ[i];
    }

    const char *program = argv[0];
    if (child != NULL && child->unprivileged && geteuid() == 0)
        program = runnable_by_nobody(argv[0]);
    fflush(NULL);
    pid_t pid = fork();
    cr_assert(pid >= 0, "fork failed");
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        dup2(in, 0);
        dup2(out_pipe[1], 1);
        dup2(err_pipe[1], 2);
        if (child != NULL && child->stdout_path != NULL) {
            int fd = open(child->stdout_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd < 0 || dup2(fd, 1) < 0)
                _exit(126);
            close(fd);
        }
        if (child != NULL && child->closed_stdout) {
            int p[2];
            if (pipe(p) != 0 || close(p[0]) != 0 || dup2(p[1], 1) < 0)
                _exit(126);
            close(p[1]);
        }
        /* drsim meets the signals with their default actions, as from a
         * shell: whatever it does about them, it does itself. */
        signal(SIGPIPE, SIG_DFL);
        signal(SIGXFSZ, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        close(out_pipe[0]);
        close(err_pipe[0]);
        if (child != NULL && child->fsize_limit > 0) {
            struct rlimit rl = {(rlim_t)child->fsize_limit, (rlim_t)child->fsize_limit};
            if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
                _exit(126);
        }
        if (child != NULL && child->unprivileged && geteuid() == 0 &&
            (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0))
            _exit(126);
        execve(program, argv, env);
        _exit(127);
    }
    free(env);
    th_argv_free(extra_env);
    close(out_pipe[1]);
    close(err_pipe[1]);

    th_result r = {0};
    drain(out_pipe[0], err_pipe[0], &r.out, &r.err);
    int wstatus;
    while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
    }
    r.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
    cr_assert(r.status != 126 && r.status != 127, "cannot start %s", argv[0]);
    th_argv_free(argv);
    return r;
}

th_result th_drsim_run(const char *arg, ...)
{
    const char *argv[64];
    int n = 0;
    argv[n++] = th_drsim();
    va_list ap;
    va_start(ap, arg);
    for (const char *a = arg; a != NULL && n < 63; a = va_arg(ap, const char *))
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    return th_run(argv, NULL);
}

/* argv[] for drsim and args (up to 63 in all). */
static void drsim_argv(const char *const *args, const char *argv[64])
{
    int n = 0;
    argv[n++] = th_drsim();
    for (; *args && n < 63; args++)
        argv[n++] = *args;
    argv[n] = NULL;
}

th_result th_drsim_argv(const char *const *args, const th_child *child)
{
    const char *argv[64];
    drsim_argv(args, argv);
    return th_run_ex(argv, NULL, child);
}

pid_t th_drsim_spawn(const char *const *args)
{
    const char *argv[64];
    drsim_argv(args, argv);
    fflush(NULL);
    pid_t pid = fork();
    cr_assert(pid >= 0, "fork failed");
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        char **mutable_argv = th_argv(argv);
        if (mutable_argv != NULL)
            execv(mutable_argv[0], mutable_argv);
        _exit(127);
    }
    return pid;
}

void th_expect(const th_result *r, int status)
{
    cr_assert_eq(r->status, status, "exit %d, expected %d\nstdout:\n%s\nstderr:\n%s", r->status,
                 status, r->out, r->err);
}

void th_expect_err(const th_result *r, const char *text)
{
    cr_assert(strstr(r->err, text) != NULL, "'%s' not in:\n%s", text, r->err);
}

void th_result_free(th_result *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

/* The directory part of path, in a static buffer. */
static const char *dirname_of(const char *path)
{
    static char dir[512];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash != NULL)
        *slash = '\0';
    return dir;
}

const char *th_tmpdir(void)
{
    static char dirs[8][64];
    static int next;
    char *d = dirs[next++ % 8];
    snprintf(d, sizeof dirs[0], "/tmp/drsim-test-XXXXXX");
    cr_assert(mkdtemp(d) != NULL, "mkdtemp failed");
    return d;
}

/* ---- A small scenario --------------------------------------------------------- */

/* One region loss, three strategies, two sweep values: 6 variants. */
static const char scenario_text[] =
    "drsim: 1\n"
    "name: %s\n"
    "description: A small shop loses its region.\n"
    "seed: 7\n"
    "trials: %d\n"
    "horizon: 7d\n"
    "regions:\n"
    "  - name: westeurope\n"
    "    pair: northeurope\n"
    "storage:\n"
    "  - name: vhds\n"
    "    region: westeurope\n"
    "    redundancy: GRS\n"
    "    writes: { rate: 20/s, size: exponential(mean=16KiB) }\n"
    "    geo_replication: { lag: lognormal(p50=45s, p99=12m) }\n"
    "vms:\n"
    "  - name: web\n"
    "    count: 2\n"
    "    region: westeurope\n"
    "    disks: [ { size: 128GiB, kind: unmanaged, account: vhds, churn: 500KB/s } ]\n"
    "    boot: uniform(1m, 3m)\n"
    "apps:\n"
    "  - name: shop\n"
    "    tiers: [web]\n"
    "    data: [vhds]\n"
    "detection: { monitor: 5m }\n"
    "strategies:\n"
    "  - name: wait\n"
    "    kind: wait\n"
    "  - name: geo-restore\n"
    "    kind: geo-restore\n"
    "    failover: { after: 1h }\n"
    "    provision: uniform(20m, 40m)\n"
    "  - name: asr\n"
    "    kind: asr\n"
    "    target: germanywestcentral\n"
    "    decide: 30m\n"
    "outages:\n"
    "  - region: westeurope\n"
    "    scope: region\n"
    "    at: uniform(0, 2d)\n"
    "    duration: lognormal(p50=10h, p99=3d)\n"
    "    destructive: 0.1\n"
    "sweep:\n"
    "  detection.monitor: [5m, 15m]\n"
    "expect:\n"
    "%s";

const char *th_scenario(const char *dir, const char *file, const char *name, int trials,
                        const char *expect)
{
    static char paths[8][600];
    static int next;
    char *path = paths[next++ % 8];
    snprintf(path, sizeof paths[0], "%s/%s", dir, file);
    char text[8192];
    snprintf(text, sizeof text, scenario_text, name, trials, expect ? expect : TH_PASSING);
    cr_assert_eq(th_write_file(path, text), 0);
    return path;
}

/* ---- Capturing this process's output ------------------------------------------- */

static int saved_fd[2] = {-1, -1};
static char capture_path[2][128];

void th_capture_begin(void)
{
    fflush(stdout);
    fflush(stderr);
    for (int i = 0; i < 2; i++) {
        snprintf(capture_path[i], sizeof capture_path[i], "%s/%s", th_tmpdir(),
                 i ? "stderr" : "stdout");
        int fd = open(capture_path[i], O_WRONLY | O_CREAT | O_TRUNC, 0600);
        cr_assert(fd >= 0);
        saved_fd[i] = dup(i + 1);
        dup2(fd, i + 1);
        close(fd);
    }
}

void th_capture_end(char **out, char **err)
{
    fflush(stdout);
    fflush(stderr);
    for (int i = 0; i < 2; i++) {
        cr_assert(saved_fd[i] >= 0, "th_capture_end without th_capture_begin");
        dup2(saved_fd[i], i + 1);
        close(saved_fd[i]);
        saved_fd[i] = -1;
        char *text = th_read_file(capture_path[i], NULL);
        cr_assert_not_null(text);
        unlink(capture_path[i]);
        rmdir(dirname_of(capture_path[i]));
        if (i == 0 && out != NULL)
            *out = text;
        else if (i == 1 && err != NULL)
            *err = text;
        else
            free(text);
    }
}
