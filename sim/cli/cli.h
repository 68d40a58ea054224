/*
 * cli.h — what every command shares: option parsing with its one-line error
 * and hint, and number, shard and tolerance parsing. (Error lines, the
 * database path, colour and progress: sim/run/console.h.)
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

#include "sim/core/err.h"
#include "sim/run/console.h"

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

/* Parses an unsigned integer in [min, max] given to option `opt`; prints the
 * error and returns ERR_USAGE when it is not one. */
err_code cli_u64(const char *command, const char *opt, const char *text, uint64_t min,
                 uint64_t max, uint64_t *out);

/* Parses "K/N" (1 <= K <= N). */
err_code cli_shard(const char *command, const char *text, uint32_t *k, uint32_t *n);

/* Parses a tolerance: "5%" or a fraction "0.05" (<= 1). */
err_code cli_tolerance(const char *command, const char *text, double *out);

/* The same for option `opt` ("--precision"). */
err_code cli_fraction(const char *command, const char *opt, const char *text, double *out);

/* Parses --confidence: "95%", or a fraction "0.95"; more than 50 % and less
 * than 100 %. */
err_code cli_confidence(const char *command, const char *text, double *out);

/* Parses --inconclusive: "pass" or "fail". */
err_code cli_inconclusive(const char *command, const char *text, bool *pass);

#endif
