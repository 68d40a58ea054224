/*
 * cases.h — test cases as data: the record files of tests/golden/units/ and
 * tests/golden/disttext/, read for the table-driven tests of units and
 * distributions.
 *
 * A file holds records separated by blank lines, jq style; a line starting
 * with '#' between records is a comment. A record is three or four lines:
 *     PROGRAM            what to do with the input ("duration", "format size")
 *     INPUT
 *     EXPECTED           what it must give
 * or
 *     PROGRAM
 *     INPUT
 *     %%FAIL
 *     MESSAGE            the exact error it must give
 * An input or an expected text with spaces at its ends, or empty, is written
 * in double quotes, in which \" and \\ stand for a quote and a backslash; a
 * message is taken as written.
 *
 * Ownership: a case file owns its records' strings (tc_free).
 */
#ifndef DRSIM_TESTS_CASES_H
#define DRSIM_TESTS_CASES_H

#include <stdbool.h>
#include <stddef.h>

typedef struct tc_case {
    unsigned line;      /* of the record's first line */
    char *program;
    char *input;
    char *expected;     /* the canonical text, or the message when fail */
    bool fail;
} tc_case;

typedef struct tc_file {
    char *path;
    tc_case *cases;
    size_t n;
} tc_file;

/* Reads a record file. Returns 0, or -1 with why[0..n) saying what is wrong
 * (where a record is malformed, or that the file cannot be read). */
int tc_read(const char *path, tc_file *out, char *why, size_t n);
void tc_free(tc_file *f);

/* The paths of a folder's files ending in ".test", sorted (NULL-terminated;
 * free with tc_paths_free). */
char **tc_paths(const char *dir);
void tc_paths_free(char **paths);

#endif
