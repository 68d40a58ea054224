/*
 * helpers.h — what several test files need: reading files, finding the shared
 * reference data, running the drsim binary and capturing what it prints.
 *
 * Every returned string is malloc'd and owned by the caller (free()).
 */
#ifndef DRSIM_TEST_HELPERS_H
#define DRSIM_TEST_HELPERS_H

#include <stddef.h>

/* The whole file, NUL-terminated; NULL when it cannot be read. *len (when not
 * NULL) receives the byte count. */
char *th_read_file(const char *path, size_t *len);

/* Writes text to path (creating or truncating); 0 on success. */
int th_write_file(const char *path, const char *text);

/* Path of a file under the shared reference directory ($DRSIM_SHARED, else
 * ../shared), in a static buffer. */
const char *th_shared(const char *relative);

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
th_result th_run(char *const argv[], char *const extra_env[]);

/* Runs drsim with the given arguments (NULL-terminated after the first). */
th_result th_drsim_run(const char *arg, ...);

void th_result_free(th_result *r);

/* A fresh temporary directory (mkdtemp) in a static buffer per call slot
 * (up to 8 live at once). */
const char *th_tmpdir(void);

#endif
