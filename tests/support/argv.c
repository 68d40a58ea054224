/*
 * argv.c — argument vectors from constants (see argv.h).
 */
#include "tests/support/argv.h"

#include <stdlib.h>
#include <string.h>

char **th_argv(const char *const *args)
{
    size_t n = 0;
    while (args[n] != NULL)
        n++;
    char **v = calloc(n + 1, sizeof *v);
    if (v == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if ((v[i] = strdup(args[i])) == NULL) {
            th_argv_free(v);
            return NULL;
        }
    return v;
}

void th_argv_free(char **argv)
{
    if (argv == NULL)
        return;
    for (size_t i = 0; argv[i] != NULL; i++)
        free(argv[i]);
    free(argv);
}

int th_argc(char *const *argv)
{
    int n = 0;
    while (argv[n] != NULL)
        n++;
    return n;
}
