/*
 * helpers.h — what several test files need: reading files, running the drsim
 * binary and capturing what it prints.
 *
 * Every returned string is malloc'd and owned by the caller (free()).
 */
#ifndef DRSIM_TEST_HELPERS_H
#define DRSIM_TEST_HELPERS_H

#include <stddef.h>
#include <sys/types.h>

/* The whole file, NUL-terminated; NULL when it cannot be read. *len (when not
 * NULL) receives the byte count. */
char *th_read_file(const char *path, size_t *len);

/* Writes text to path (creating or truncating); 0 on success. */
int th_write_file(const char *path, const char *text);


/* Path of the drsim binary under test ($DRSIM_BIN, else build/release/drsim). */
const char *th_drsim(void);

/* The result of running a program. */
typedef struct th_result {
    int status;  /* exit status, or 128 + signal number */
    char *out;   /* everything written to stdout */
    char *err;   /* everything written to stderr */
} th_result;

/* Runs argv (argv[0] is a path; NULL-terminated) with stdin from /dev/null and
 * optional extra environment entries ("NAME=value", NULL-terminated; may be
 * NULL). Aborts the test on failure to start. */
th_result th_run(const char *const argv[], const char *const extra_env[]);

/* How to start a child for th_run_ex. */
typedef struct th_child {
    long fsize_limit;  /* > 0: RLIMIT_FSIZE in bytes (SIGXFSZ as drsim meets it: drsim
                          itself turns it into a write error) */
    int closed_stdout; /* stdout is a pipe whose reader is gone (EPIPE) */
    int unprivileged;  /* when running as root, run the child as nobody (65534) so
                          file modes bind it */
    const char *stdout_path; /* not NULL: stdout goes to this file (opened for
                                writing, e.g. /dev/full), not to th_result.out */
} th_child;

/* As th_run, the child started as `child` says (NULL: as th_run). */
th_result th_run_ex(const char *const argv[], const char *const extra_env[],
                    const th_child *child);

/* Runs drsim with the given arguments (NULL-terminated after the first). */
th_result th_drsim_run(const char *arg, ...);

/* Runs drsim with args (a NULL-terminated array, without the program),
 * started as `child` says (NULL: as th_run). */
th_result th_drsim_argv(const char *const *args, const th_child *child);

/* Starts drsim with args (as th_drsim_argv) without waiting for it, its
 * output going to /dev/null; returns its pid. */
pid_t th_drsim_spawn(const char *const *args);

/* Asserts the exit status (printing both outputs when it differs), and that
 * stderr holds `text`. */
void th_expect(const th_result *r, int status);
void th_expect_err(const th_result *r, const char *text);

void th_result_free(th_result *r);

/* A fresh temporary directory (mkdtemp) in a static buffer per call slot
 * (up to 8 live at once). */
const char *th_tmpdir(void);

/* Expectations whose outcome does not depend on the models' numbers. */
#define TH_PASSING \
    "  asr: { failed_over.mean: \"<= 1\" }\n  wait: { data_loss_writes.min: \">= 0\" }\n"
#define TH_FAILING \
    "  asr: { failed_over.mean: \"> 1\" }\n  wait: { data_loss_writes.min: \">= 0\" }\n"

/* Writes a small valid scenario to dir/file: one region loss, strategies
 * wait, geo-restore and asr, a sweep of two values (6 variants), `trials`
 * trials, the given `expect:` rules (NULL: TH_PASSING). Returns its path (a
 * static buffer per call slot, up to 8 live at once). */
const char *th_scenario(const char *dir, const char *file, const char *name, int trials,
                        const char *expect);

/* Sends this process's stdout and stderr to files until th_capture_end,
 * which restores them and returns what was written (malloc'd; either
 * pointer may be NULL to drop it). For commands called in-process. */
void th_capture_begin(void);
void th_capture_end(char **out, char **err);

#endif
