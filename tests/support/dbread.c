/*
 * dbread.c — a database read by every reading command (see dbread.h).
 */
#include "tests/support/dbread.h"

#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#include "sim/cli/cmd.h"
#include "sim/core/err.h"
#include "tests/support/argv.h"

static void remove_files(const char *db)
{
    static const char *const sides[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
        char p[1024];
        snprintf(p, sizeof p, "%s%s", db, sides[i]);
        unlink(p);
    }
}

typedef err_code (*command_fn)(int argc, char **argv);

static const struct {
    command_fn fn;
    bool json;
    const char *argv[8];
} commands[] = {
    {cmd_runs, false, {"runs", "--db", NULL}},
    {cmd_runs, true, {"runs", "--json", "--db", NULL}},
    {cmd_show, false, {"show", "1", "--db", NULL}},
    {cmd_show, true, {"show", "latest", "--json", "--db", NULL}},
    {cmd_compare, false, {"compare", "1", "--db", NULL}},
    {cmd_compare, true, {"compare", "1:wait", "2", "--json", "--db", NULL}},
    {cmd_timeline, false, {"timeline", "1", "--db", NULL}},
    {cmd_timeline, true, {"timeline", "latest", "--trial", "1", "--json", "--db", NULL}},
    {cmd_report, false, {"report", "latest", "--format", "html", "--db", NULL}},
    {cmd_report, false, {"report", "1", "2", "--format", "md", "--db", NULL}},
    {cmd_report, true, {"report", "latest", "--format", "json", "--db", NULL}},
    {cmd_report, true, {"report", "1:wait", "--format", "csv", "--db", NULL}},
};

int dbread_all(const char *db, const uint8_t *data, size_t size, int json, char *why,
                size_t n)
{
    remove_files(db);
    FILE *f = fopen(db, "wb");
    if (f == NULL || fwrite(data, 1, size, f) != size) {
        if (f != NULL)
            fclose(f);
        snprintf(why, n, "cannot write %s", db);
        return -1;
    }
    if (fclose(f) != 0) {
        snprintf(why, n, "cannot write %s", db);
        return -1;
    }
    int bad = 0;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0] && !bad; i++) {
        if (json >= 0 && commands[i].json != (json != 0))
            continue;
        const char *args[10];
        int argc = 0;
        for (; commands[i].argv[argc] != NULL; argc++)
            args[argc] = commands[i].argv[argc];
        args[argc++] = db;
        args[argc] = NULL;
        char **argv = th_argv(args);
        if (argv == NULL) {
            snprintf(why, n, "out of memory");
            bad = 1;
            break;
        }
        err_code rc = commands[i].fn(argc, argv);
        int status = err_exit_status(rc);
        /* Reading fails no expectation and is not interrupted here; a bug
         * (ERR_INTERNAL) is worth a crasher. */
        if ((status != 0 && status != 2 && status != 3) || rc == ERR_INTERNAL) {
            snprintf(why, n, "drsim %s gave %s (exit %d)", argv[0], err_name(rc), status);
            bad = 1;
        }
        th_argv_free(argv);
    }
    fflush(stdout);
    remove_files(db);
    return bad ? -1 : 0;
}
