/*
 * err.c — result codes: exit statuses, messages, err_set's value, and
 * NEVER stopping at a broken invariant.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <string.h>

#include "sim/core/err.h"

Test(err, every_code_has_its_exit_status)
{
    cr_assert_eq(err_exit_status(ERR_OK), 0);
    cr_assert_eq(err_exit_status(ERR_FAILED), 1);
    cr_assert_eq(err_exit_status(ERR_USAGE), 2);
    cr_assert_eq(err_exit_status(ERR_INPUT), 2);
    cr_assert_eq(err_exit_status(ERR_LIMIT), 2);
    cr_assert_eq(err_exit_status(ERR_NOMEM), 3);
    cr_assert_eq(err_exit_status(ERR_STORE), 3);
    cr_assert_eq(err_exit_status(ERR_IO), 3);
    cr_assert_eq(err_exit_status(ERR_INTERNAL), 3);
    cr_assert_eq(err_exit_status(ERR_INTERRUPTED), 130);
}

Test(err, err_set_yields_its_code_and_keeps_the_message)
{
    err_msg e;
    err_clear(&e);
    err_code rc = err_set(&e, ERR_INPUT, "bad %s at %d", "value", 7);
    cr_assert_eq(rc, ERR_INPUT);
    cr_assert_eq(e.code, ERR_INPUT);
    cr_assert_str_eq(e.text, "bad value at 7");
    cr_assert_eq(err_set(NULL, ERR_IO, "nowhere"), ERR_IO, "a NULL handle only returns");
    err_clear(&e);
    cr_assert_eq(e.code, ERR_OK);
    cr_assert_str_eq(e.text, "");
}

Test(err, never_lets_a_holding_invariant_pass)
{
    int n = 3, i = 2;
    cr_assert(!NEVER(i >= n));
}

Test(err, never_stops_at_a_broken_invariant, .signal = SIGABRT)
{
    int n = 3, i = 5;
    if (NEVER(i >= n))
        cr_log_error("NEVER let a broken invariant through");
}
