/*
 * console.h — what every command shares besides its options: the one-line
 * error of the command-line contract, the results database's path, and
 * whether to use colour or progress on this terminal.
 *
 * Errors are one line on stderr,
 *     drsim COMMAND: what is wrong (what was expected)
 * and the caller returns the matching err_code (err.h maps it to the exit
 * status in one place). Messages are printed terminal-safe (sim/core/
 * escape.h): what they quote from a file or a database cannot drive the
 * terminal.
 */
#ifndef DRSIM_CONSOLE_H
#define DRSIM_CONSOLE_H

#include <stdbool.h>

#include "sim/core/err.h"

/* Prints "drsim: message" (or "drsim COMMAND: message") as one line. */
void con_error(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints the error held in e as "drsim: TEXT" and returns its code. */
err_code con_fail(const err_msg *e);

/* The results database: the option's value, else $DRSIM_DB, else ./drsim.db. */
const char *con_db_path(const char *opt);

/* Colour on stdout: a terminal, and NO_COLOR unset or empty. */
bool con_color(void);

/* Progress on stderr: a terminal, and not quiet. */
bool con_progress(bool quiet);

/* The command line as a JSON array (allocated; NULL when out of memory). */
char *con_argv_json(int argc, char **argv);

/* The number of online processors (>= 1). */
unsigned con_cores(void);

#endif
