/*
 * escape.c — text from files and databases printed safely: every control
 * character escaped, UTF-8 kept, bad bytes shown as bytes.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/core/escape.h"

static void expect(const char *in, const char *out)
{
    char buf[256];
    size_t need = esc_text(in, buf, sizeof buf);
    cr_assert_str_eq(buf, out, "escaping \"%s\"", in);
    cr_assert_eq(need, strlen(out));
    cr_assert_eq(esc_is_safe(in), strcmp(in, out) == 0, "\"%s\"", in);
}

Test(escape, plain_text_and_utf8_pass_unchanged)
{
    expect("West Europe — région", "West Europe — région");
    expect("a\\b", "a\\b");
    expect("", "");
}

Test(escape, control_characters_are_shown_escaped)
{
    expect("title\x1b]0;pwned\x07", "title\\e]0;pwned\\x07");
    expect("clear\x1b[2J", "clear\\e[2J");
    expect("a\rb\bc\td\ne", "a\\rb\\x08c\\td\\ne");
    expect("del\x7f", "del\\x7f");
    expect("c1 \xc2\x9b" "31m", "c1 \\u009b31m");
}

Test(escape, bytes_that_are_not_utf8_are_shown_as_bytes)
{
    expect("bad\xff\xfe", "bad\\xff\\xfe");
    expect("cut \xe2\x82", "cut \\xe2\\x82");
    expect("surrogate \xed\xa0\x80", "surrogate \\xed\\xa0\\x80");
}

Test(escape, multiline_keeps_lines_and_tabs_only)
{
    char buf[128];
    esc_multiline("line 1\n\tline 2\x1b[H", buf, sizeof buf);
    cr_assert_str_eq(buf, "line 1\n\tline 2\\e[H");
}

Test(escape, cut_text_counts_the_whole_as_snprintf)
{
    char buf[8];
    size_t need = esc_text("\x1b\x1b\x1b\x1b", buf, sizeof buf);
    cr_assert_eq(need, 8);
    cr_assert_eq(strlen(buf), 7);
}

Test(escape, long_unsafe_text_is_escaped_whole_on_a_stream)
{
    char in[4000];
    size_t n = 0;
    for (int i = 0; i < 900; i++)
        n += (size_t)snprintf(in + n, sizeof in - n, "é\x1b");
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    cr_assert_not_null(f);
    cr_assert_neq(esc_fputs(in, f), EOF);
    fclose(f);
    cr_assert_eq(len, 900 * strlen("é\\e"));
    cr_assert(strstr(out, "\x1b") == NULL);
    free(out);
}
