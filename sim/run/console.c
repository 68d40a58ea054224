/*
 * console.c — what a command prints besides its results, and what it asks
 * of its terminal and machine (see console.h).
 */
#include "sim/run/console.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sim/core/escape.h"
#include "sim/core/jsonw.h"

void con_error(const char *command, const char *fmt, ...)
{
    char msg[ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* A message may quote a file, a name or a database's text: no control
     * character of theirs reaches the terminal. */
    if (command != NULL)
        fprintf(stderr, "drsim %s: %s\n", command, esc_tmp(msg));
    else
        fprintf(stderr, "drsim: %s\n", esc_tmp(msg));
}

err_code con_fail(const err_msg *e)
{
    fprintf(stderr, "drsim: %s\n", esc_tmp(e->text));
    return e->code == ERR_OK ? ERR_INTERNAL : e->code;
}

const char *con_db_path(const char *opt)
{
    if (opt != NULL)
        return opt;
    const char *env = getenv("DRSIM_DB");
    return env && *env ? env : "drsim.db";
}

bool con_color(void)
{
    const char *no = getenv("NO_COLOR");
    return (no == NULL || *no == '\0') && isatty(STDOUT_FILENO);
}

bool con_progress(bool quiet)
{
    return !quiet && isatty(STDERR_FILENO);
}

char *con_argv_json(int argc, char **argv)
{
    jw w;
    jw_init(&w, 0);
    jw_arr_begin(&w);
    jw_str(&w, "drsim");
    for (int i = 0; i < argc; i++)
        jw_str(&w, argv[i]);
    jw_arr_end(&w);
    return jw_take(&w);
}

unsigned con_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n >= 1 ? (unsigned)n : 1;
}
