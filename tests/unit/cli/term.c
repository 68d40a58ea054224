/*
 * term.c — the drill's text on a terminal (sim/cli/term.h): escaped before
 * it is measured, wrapped at blanks to the width, coloured only for alerts
 * and refusals; the caret under a column of the team's line; the columns
 * libedit gives a line being edited.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/cli/term.h"
#include "sim/core/mem.h"

/* What term_write writes for text at width, colour or not. */
static char *written(const char *text, size_t width, bool color)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    cr_assert_not_null(f);
    cr_assert(term_write(f, text, width, color));
    fclose(f);
    return buf;
}

Test(term, lines_wrap_at_blanks_within_the_width_continued_indented)
{
    char *s = written("[Tue 02:43 +20m] STATUS PAGE (westeurope): Investigating\n", 30, false);
    cr_assert_str_eq(s, "[Tue 02:43 +20m] STATUS PAGE\n"
                        "  (westeurope): Investigating\n");
    free(s);
    /* A word longer than the line is cut where it must be. */
    s = written("0123456789012345678901234567890123456789\n", 20, false);
    cr_assert_str_eq(s, "01234567890123456789\n  012345678901234567\n  89\n");
    free(s);
}

Test(term, scenario_text_is_escaped_before_it_is_measured)
{
    char *s = written("notice: \x1b[31mRED\x1b[0m \x9b \xc2\x9b" "2J\rback\n", 200, true);
    cr_assert_str_eq(s, "notice: \\e[31mRED\\e[0m \\x9b \\u009b2J\\rback\n");
    free(s);
    /* Each escape counts as the columns it is shown in: "\e[31m" is 6. */
    s = written("ab \x1b[31m\n", 8, false);
    cr_assert_str_eq(s, "ab\n  \\e[31m\n");
    free(s);
}

Test(term, colour_only_for_alerts_and_refusals_and_only_when_asked)
{
    const char *text = "[Tue 02:48 +25m] ALERT Site Recovery\nREFUSED: not now\nplain\n";
    char *s = written(text, 200, true);
    cr_assert(strstr(s, "\x1b[1;31m[Tue 02:48 +25m] ALERT Site Recovery\n\x1b[0m") != NULL, "%s",
              s);
    cr_assert(strstr(s, "\x1b[33mREFUSED: not now\n\x1b[0m") != NULL, "%s", s);
    cr_assert(strstr(s, "plain\n") != NULL && strstr(s, "\x1b[0mplain\n") != NULL);
    free(s);
    s = written(text, 200, false);
    cr_assert(strchr(s, 0x1b) == NULL, "%s", s);
    free(s);
}

Test(term, the_caret_stands_under_the_column_shown)
{
    strbuf b = {0};
    term_caret(&b, "storage account failover medi", 26, "'medi' is not an account", 80);
    cr_assert_str_eq(sb_text(&b), "  storage account failover medi\n"
                                  "                           ^ 'medi' is not an account\n");
    sb_free(&b);
    /* A tab is shown as \t, two columns: the caret moves with it. */
    term_caret(&b, "wait\t5x", 7, "bad", 80);
    cr_assert_str_eq(sb_text(&b), "  wait\t5x\n         ^ bad\n");
    sb_free(&b);
    /* Too wide for the terminal: the column in words, no caret to misplace. */
    term_caret(&b, "storage account failover medi", 26, "'medi' is not an account", 30);
    cr_assert_str_eq(sb_text(&b), "  column 26: 'medi' is not an account\n");
    sb_free(&b);
}

Test(term, columns_are_those_libedit_draws)
{
    cr_assert_eq(term_columns("status", 6), 6);
    cr_assert_eq(term_columns("caf\xc3\xa9", 5), 4);
    cr_assert_eq(term_columns("a\x01" "b", 3), 4); /* ^A */
    cr_assert_eq(term_columns("abc", 0), 0);
}
