/*
 * cli.h — what every command shares: option parsing with the one-line error
 * and hint of DESIGN.md, number and shard parsing, the database path, and
 * whether to use colour or progress.
 *
 * Options are GNU-style: "--name value" or "--name=value", an optional
 * one-letter alias ("-o FILE"), "--" ends options; anything else is a
 * positional argument, in order. "--help" / "-h" prints the command's usage
 * on stdout. Every error is one line on stderr,
 *     drsim COMMAND: unknown option '--frob' (try 'drsim COMMAND --help')
 * and ERR_USAGE (exit 2).
 *
 * Ownership: parsed values point into argv; the positional array and lists
 * are allocated (cli_args_free).
 */
#ifndef DRSIM_CLI_H
#define DRSIM_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"

typedef enum cli_kind {
    CLI_FLAG = 0, /* no value: sets *flag */
    CLI_STRING,   /* one value: the last one given wins */
    CLI_LIST      /* a value, repeatable: appended to *list */
} cli_kind;

typedef struct cli_list {
    const char **items;
    size_t len, cap;
} cli_list;

typedef struct cli_opt {
    const char *name;  /* without dashes: "db" */
    char alias;        /* one-letter alias or 0 */
    cli_kind kind;
    void *target;      /* bool *, const char **, or cli_list * */
} cli_opt;

typedef struct cli_spec {
    const char *command;  /* "run" */
    const char *usage;    /* printed for --help (after "usage: drsim ") */
    const cli_opt *opts;
    size_t nopts;
    size_t min_pos, max_pos; /* positional arguments allowed */
    const char *pos_name;    /* "SCENARIO.yaml" for messages */
} cli_spec;

typedef struct cli_args {
    const char **pos;
    size_t npos;
    bool help;  /* --help was given and printed: the command returns ERR_OK */
} cli_args;

/* Parses argv[1..argc-1] (argv[0] is the command's name). */
err_code cli_parse(const cli_spec *spec, int argc, char **argv, cli_args *out);
void cli_args_free(const cli_spec *spec, cli_args *a);

/* Prints "drsim: message" (or "drsim COMMAND: message") as one line. */
void cli_error(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints the error held in e as "drsim: TEXT" and returns its code. */
err_code cli_fail(const err_msg *e);

/* Parses an unsigned integer in [min, max] given to option `opt`; prints the
 * error and returns ERR_USAGE when it is not one. */
err_code cli_u64(const char *command, const char *opt, const char *text, uint64_t min,
                 uint64_t max, uint64_t *out);

/* Parses "K/N" (1 <= K <= N). */
err_code cli_shard(const char *command, const char *text, uint32_t *k, uint32_t *n);

/* Parses a tolerance: "5%" or a fraction "0.05" (<= 1). */
err_code cli_tolerance(const char *command, const char *text, double *out);

/* The results database: the option's value, else $DRSIM_DB, else ./drsim.db. */
const char *cli_db_path(const char *opt);

/* Colour on stdout: a terminal, and NO_COLOR unset or empty. */
bool cli_color(void);

/* Progress on stderr: a terminal, and not quiet. */
bool cli_progress(bool quiet);

/* The command line as a JSON array (allocated; NULL when out of memory). */
char *cli_argv_json(int argc, char **argv);

/* The number of online processors (>= 1). */
unsigned cli_cores(void);

#endif
