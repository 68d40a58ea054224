/*
 * argv.h — argument vectors for execv and for the commands' entry points,
 * built from string constants.
 *
 * execv and cmd_*() take `char **`, which string constants cannot fill
 * without dropping const; tests build their argv here instead, as mutable
 * copies. Usable without Criterion (the fuzz targets use it too).
 */
#ifndef DRSIM_TESTS_ARGV_H
#define DRSIM_TESTS_ARGV_H

/* A NULL-terminated array of copies of args (itself NULL-terminated), or
 * NULL when out of memory. Release it with th_argv_free (accepts NULL). */
char **th_argv(const char *const *args);
void th_argv_free(char **argv);

/* Its length (entries before the NULL). */
int th_argc(char *const *argv);

#endif
