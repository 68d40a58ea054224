/*
 * cmd.h — the commands of the drsim command line, one file each
 * (sim/cmd_NAME.c). Each takes its own argv (argv[0] is the command's name),
 * prints its output on stdout and its errors on stderr as one line each
 * ("drsim: ..."), and returns an err_code that main maps to the exit status.
 */
#ifndef DRSIM_CMD_H
#define DRSIM_CMD_H

#include "sim/core/err.h"

err_code cmd_runs(int argc, char **argv);
err_code cmd_show(int argc, char **argv);
err_code cmd_compare(int argc, char **argv);
err_code cmd_timeline(int argc, char **argv);
err_code cmd_merge(int argc, char **argv);
err_code cmd_run(int argc, char **argv);
err_code cmd_check(int argc, char **argv);
err_code cmd_report(int argc, char **argv);
err_code cmd_schema(int argc, char **argv);
err_code cmd_solve(int argc, char **argv);
err_code cmd_drill(int argc, char **argv);
err_code cmd_import(int argc, char **argv);

#endif
