/*
 * main.c — the drsim command line: parse the command, dispatch, map the result
 * code to an exit status.
 *
 * Every command returns an err_code; err_exit_status turns it into the exit
 * status (README.md "Command line") in one place. Errors are printed as one line on stderr
 * starting with "drsim: ".
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "sim/cli/cmd.h"
#include "sim/cli/cmd_validate.h"
#include "sim/core/err.h"
#include "sim/core/escape.h"
#include "sim/core/version.h"

typedef struct command {
    const char *name;
    const char *synopsis;
    err_code (*fn)(int argc, char **argv);
} command;

static const command commands[] = {
    {"run", "run scenarios into the results database, judge expectations", cmd_run},
    {"validate", "check scenario files, or print one resolved (--print)", cmd_validate},
    {"schema", "the JSON Schema of scenario files, for editors", cmd_schema},
    {"import", "a scenario skeleton from an ARM/Bicep template, Resource Graph result or Terraform state",
     cmd_import},
    {"runs", "list the runs in the results database", cmd_runs},
    {"show", "one run: variants, percentiles, expectations", cmd_show},
    {"compare", "variants side by side, with differences", cmd_compare},
    {"check", "run, then judge expectations and regressions against a baseline", cmd_check},
    {"report", "a report to share: HTML with charts, Markdown, JSON or CSV", cmd_report},
    {"drill", "rehearse an outage at the keyboard, then a debrief", cmd_drill},
    {"timeline", "replay one traced trial's events as a timeline", cmd_timeline},
    {"merge", "join shard databases into one", cmd_merge},
    {"solve", "the largest or smallest value of a parameter meeting every expectation",
     cmd_solve},
    {NULL, NULL, NULL}
};

static void usage(FILE *out)
{
    fputs("usage: drsim COMMAND [ARGS...]\n"
          "       drsim --help | --version\n"
          "\n"
          "drsim replays regional cloud outages against replication and failover\n"
          "choices, many random trials each, and measures what they cost in data\n"
          "(RPO) and in time (RTO).\n"
          "\n"
          "commands:\n",
          out);
    for (const command *c = commands; c->name != NULL; c++)
        fprintf(out, "  %-10s %s\n", c->name, c->synopsis);
    fputs("\n"
          "exit status: 0 ok, 1 an expectation or regression failed, 2 bad usage or\n"
          "input, 3 internal or storage error, 130 interrupted (SIGINT, SIGTERM or\n"
          "SIGHUP).\n"
          "Run 'drsim COMMAND --help' for a command's options.\n",
          out);
}

/* A command's output that could not be written (a full disk, a closed
 * pipe's reader gone without SIGPIPE) is an error, not a success: rc, or
 * ERR_IO with a message when rc was ERR_OK or ERR_FAILED. */
static err_code flushed(err_code rc)
{
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout))
        return rc;
    if (rc == ERR_OK || rc == ERR_FAILED) {
        fprintf(stderr, "drsim: cannot write the output%s%s\n", errno ? ": " : "",
                errno ? strerror(errno) : "");
        return ERR_IO;
    }
    return rc;
}

int main(int argc, char **argv)
{
    /* A write that cannot be made is an error the command reports, not a
     * death by signal that leaves a run 'running' and says nothing: with
     * these ignored, a closed pipe on stdout fails the write with EPIPE, and
     * a file past the file-size limit (ulimit -f) with EFBIG; the command
     * then exits 3 with a message (and a run being written is marked
     * failed). */
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        usage(stderr);
        return err_exit_status(ERR_USAGE);
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        usage(stdout);
        return err_exit_status(flushed(ERR_OK));
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("drsim %s\n", DRSIM_VERSION);
        return err_exit_status(flushed(ERR_OK));
    }
    for (const command *c = commands; c->name != NULL; c++)
        if (strcmp(c->name, name) == 0)
            return err_exit_status(flushed(c->fn(argc - 1, argv + 1)));
    if (name[0] == '-')
        fprintf(stderr, "drsim: unknown option '%s' (try 'drsim --help')\n", esc_tmp(name));
    else
        fprintf(stderr, "drsim: unknown command '%s' (try 'drsim --help')\n", esc_tmp(name));
    return err_exit_status(ERR_USAGE);
}
