/*
 * cli.c — the command line's general contract: --help, --version, and
 * a one-line error with a hint (exit 2) for anything unknown.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "sim/core/version.h"
#include "tests/support/helpers.h"

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

Test(cli, help_lists_usage_and_exits_0)
{
    th_result r = th_drsim_run("--help", NULL);
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.out, "usage: drsim COMMAND") != NULL, "stdout: %s", r.out);
    cr_assert_str_empty(r.err);
    th_result_free(&r);
}

Test(cli, version_prints_the_version)
{
    th_result r = th_drsim_run("--version", NULL);
    cr_assert_eq(r.status, 0);
    cr_assert_str_eq(r.out, "drsim " DRSIM_VERSION "\n");
    th_result_free(&r);
}

Test(cli, unknown_command_is_one_line_with_a_hint)
{
    th_result r = th_drsim_run("frobnicate", NULL);
    cr_assert_eq(r.status, 2);
    cr_assert_str_eq(r.err, "drsim: unknown command 'frobnicate' (try 'drsim --help')\n");
    cr_assert_str_empty(r.out);
    th_result_free(&r);
}

Test(cli, unknown_option_is_one_line_with_a_hint)
{
    th_result r = th_drsim_run("--frobnicate", NULL);
    cr_assert_eq(r.status, 2);
    cr_assert_eq(count_lines(r.err), 1);
    cr_assert(strstr(r.err, "unknown option '--frobnicate'") != NULL);
    cr_assert(strstr(r.err, "drsim --help") != NULL);
    th_result_free(&r);
}

Test(cli, no_arguments_is_usage_on_stderr_exit_2)
{
    th_result r = th_drsim_run(NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "usage: drsim") != NULL);
    th_result_free(&r);
}
